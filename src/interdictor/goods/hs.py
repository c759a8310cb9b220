"""The Harmonized System nomenclature, used to check a declared HS code and route it to item families.

HS codes route, they never decide: one subheading (8504.40, static converters) holds controlled
and uncontrolled goods alike, and a controlled item can be declared under many headings. A declared
code is looked up in HS 2022 (when the nomenclature file is available), compared with the usual
headings of the family the description names, and reported as inconsistent when it matches none of
them: a description/HS mismatch is a shipping red flag in its own right.

The nomenclature is read from the shared data folder (`$INTERDICTOR_SHARED_DATA/hs`, else
`../shared/data/hs` next to the working directory or the source tree); it is not bundled.
"""

from __future__ import annotations

import csv
import os
import re
from functools import lru_cache
from pathlib import Path

__all__ = ["HsNomenclature", "hs_nomenclature", "normalise_hs"]

_NON_DIGIT = re.compile(r"[\s.\-]")


def normalise_hs(code: str) -> str | None:
    """'8504.40' / '8504 40 90' / '850440' -> '85044090' style digits; None if it is not an HS code."""
    digits = _NON_DIGIT.sub("", code.strip())
    if not digits.isdigit() or not 2 <= len(digits) <= 10 or len(digits) % 2:
        return None
    return digits


class HsNomenclature:
    """HS codes (2, 4 and 6 digits) with their descriptions."""

    def __init__(self, descriptions: dict[str, str], source: str) -> None:
        self.descriptions = descriptions
        self.source = source

    @classmethod
    def from_csv(cls, path: Path) -> HsNomenclature:
        descriptions: dict[str, str] = {}
        with path.open(encoding="utf-8-sig", newline="") as handle:
            for row in csv.DictReader(handle):
                code = (row.get("hscode") or "").strip()
                if code.isdigit():
                    descriptions[code] = (row.get("description") or "").strip()
        return cls(descriptions, str(path))

    def lookup(self, digits: str) -> tuple[bool, str | None]:
        """(known at 2, 4 or 6 digits, description of the most specific known level).

        National digits beyond the sixth (CN, HTS) are not part of HS and are not checked.
        """
        known = digits[:6] in self.descriptions
        for length in (6, 4, 2):
            if len(digits) >= length and digits[:length] in self.descriptions:
                return known, self.descriptions[digits[:length]]
        return False, None


def _candidates() -> list[Path]:
    paths = []
    env = os.environ.get("INTERDICTOR_SHARED_DATA")
    if env:
        paths.append(Path(env) / "hs" / "harmonized-system.csv")
    paths.append(Path.cwd().parent / "shared" / "data" / "hs" / "harmonized-system.csv")
    paths.append(Path(__file__).resolve().parents[4] / "shared" / "data" / "hs" / "harmonized-system.csv")
    return paths


@lru_cache(maxsize=1)
def hs_nomenclature() -> HsNomenclature | None:
    """The HS 2022 nomenclature when the shared data folder is present, else None (codes go unchecked)."""
    for path in _candidates():
        if path.is_file():
            return HsNomenclature.from_csv(path)
    return None
