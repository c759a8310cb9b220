"""Query values as users type them: country names or codes, birth dates, identifiers, names.

Lists store countries as ISO codes ("ir"); users write "Iran", "IR" or "Islamic Republic of Iran".
An unrecognised country must not silently become a mismatch penalty, so callers get None and
decide (the CLI reports it as a problem with its row and column).
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

__all__ = ["check_birth_date", "check_name", "normalise_country"]

_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


@lru_cache(maxsize=4096)
def normalise_country(value: str) -> str | None:
    """ISO code of a country name or code (FtM's country type), None when not recognised."""
    from followthemoney import registry

    text = value.strip()
    if not text:
        return None
    code = registry.country.clean_text(text)
    return str(code) if code else None


def check_birth_date(value: str) -> str | None:
    """A problem with a birth date (YYYY, YYYY-MM or YYYY-MM-DD), or None when it is fine."""
    text = value.strip()
    if not _DATE.match(text):
        return f"birth date {value[:40]!r} is not YYYY, YYYY-MM or YYYY-MM-DD"
    try:
        date.fromisoformat((text + "-01-01")[:10] if len(text) < 10 else text)
    except ValueError:
        return f"birth date {text!r} is not a date"
    return None


def check_name(value: str) -> str | None:
    """A problem with a query name, or None: empty names and names without a letter or digit are
    refused; overlong names are accepted and cut by the scorer (`text.MAX_NAME_CHARS`)."""
    if not value.strip():
        return "the name is empty"
    if not any(ch.isalnum() for ch in value):
        return f"the name {value[:40]!r} has no letter or digit"
    return None
