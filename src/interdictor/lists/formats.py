"""Imports the built-in readers so that they register themselves; add a new format here."""

from interdictor.lists import bis_dpl, csl, ftm_json, ofac, un_sc

__all__ = ["bis_dpl", "csl", "ftm_json", "ofac", "un_sc"]
