"""The compiled country-name table equals a fresh build from the installed rigour."""

from __future__ import annotations

import json
from importlib import resources

from interdictor.lists.countries import build_latin_names, country_code, rigour_version


def test_compiled_table_matches_rigour() -> None:
    data = json.loads(resources.files("interdictor.lists").joinpath("country_names.json").read_text())
    assert data["rigour"] == rigour_version, "run: python -m interdictor.lists.countries"
    assert data["names"] == build_latin_names()


def test_country_names_and_codes() -> None:
    assert country_code("Iran") == "ir"
    assert country_code("Democratic People's Republic of Korea") == "kp"
    assert country_code("United Arab Emirates") == "ae"
    assert country_code("DE") == "de"
    assert country_code("Atlantis") is None
