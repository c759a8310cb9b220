"""Country names and codes to ISO codes, without FtM's slow first lookup.

FtM cleans a country through rigour, whose name index transliterates all ~29,000 territory
names in every script to ASCII the first time a name (not a code) is looked up: several
seconds in every process (9 s measured on a busy 2-core machine). That alone breaks the 3 s
budget for loading the UN list, whose countries are English names. Official lists write
countries as ISO codes or Latin-script names, so this module indexes only the names that are
ASCII once accents are dropped (a few milliseconds), with rigour's precedence (strong names,
then weak names, then places) and the same normalisation, so it answers as rigour does.
Text in other scripts falls through to FtM's full lookup; a Latin name it does not know is
no country (rigour could still match it to another script's name transliterated, "Rossiya";
official lists do not write countries that way).
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import cache
from importlib import resources
from importlib.metadata import version
from pathlib import Path

from followthemoney.types import registry
from rigour.territories import lookup_by_identifier

rigour_version = version("rigour")

__all__ = ["country_code"]

_SKIP = str.maketrans("", "", ".()[],;:_-/ʻ'’")
_NOT_ALNUM = re.compile(r"[^0-9a-z]+")


def _key(text: str) -> str | None:
    """rigour's normalisation for Latin text: no accents or punctuation, casefolded; None if not Latin."""
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_text = decomposed.encode("ascii", "ignore").decode("ascii")
    if len(ascii_text) != len(decomposed) and any(
        not unicodedata.combining(ch) for ch in decomposed if not ch.isascii()
    ):
        return None
    return " ".join(_NOT_ALNUM.sub(" ", ascii_text.casefold().translate(_SKIP)).split())


_COMPILED = "country_names.json"


@cache
def _latin_names() -> dict[str, str] | None:
    """The Latin-name table, read from its compiled copy when that was made from this rigour."""
    compiled = resources.files("interdictor.lists").joinpath(_COMPILED)
    try:
        data = json.loads(compiled.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        data = {}
    if data.get("rigour") == rigour_version:
        names: dict[str, str] = data["names"]
        return names
    return build_latin_names()


def build_latin_names() -> dict[str, str] | None:
    """Latin-script territory names to codes; None if rigour's (private) name table moved.

    Building takes about half a second, paid by every process that loads a list, so a copy is
    compiled into `country_names.json` (`python -m interdictor.lists.countries`); a test checks
    that the copy equals a fresh build.
    """
    try:
        from rigour.territories.lookup import _load_territory_names
    except ImportError:  # pragma: no cover - rigour reorganised: use FtM's own lookup, only slower
        return None
    strong: dict[str, str] = {}
    weak: dict[str, str] = {}
    places: dict[str, str] = {}
    for territory, strongs, weaks, place_names in _load_territory_names():
        for names, mapping in ((strongs, strong), (weaks, weak), (place_names, places)):
            for name in names:
                key = _key(name)
                if key:
                    mapping.setdefault(key, territory.code)
    return {**places, **weak, **strong}


def country_code(text: str) -> str | None:
    """The ISO code FtM would give `text` (a code or a name), or None when it is no country."""
    territory = lookup_by_identifier(text)
    if territory is not None:
        return registry.country.clean_text(territory.code)
    key, names = _key(text), _latin_names()
    if key is None or names is None:
        return registry.country.clean_text(text)
    code = names.get(key)
    return registry.country.clean_text(code) if code is not None else None


def write_compiled() -> Path:
    """Regenerate `country_names.json` from the installed rigour."""
    path = Path(__file__).with_name(_COMPILED)
    payload = {"rigour": rigour_version, "names": build_latin_names()}
    path.write_text(
        json.dumps(payload, ensure_ascii=False, sort_keys=True, indent=0) + "\n", encoding="utf-8"
    )
    return path


if __name__ == "__main__":
    print(write_compiled())
