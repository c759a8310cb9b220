"""Light name normalisation shared by the rules and the history index.

Case, punctuation and legal-form words are dropped, which is enough to tell "the same company written
twice" from "another company" inside one deal; fuzzy and cross-script identity is the screening and
entity-resolution stages' job, not the rules'.
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["norm_name"]

_FORMS = re.compile(
    r"\b(co|company|ltd|limited|llc|inc|gmbh|ag|fze|fzco|pjsc|plc|sa|bv|corp|corporation|the)\b"
)


@lru_cache(maxsize=200_000)
def norm_name(name: str) -> str:
    """Case folded, punctuation and legal forms dropped, spaces collapsed."""
    return " ".join(_FORMS.sub(" ", re.sub(r"[^\w]+", " ", name.casefold())).split())
