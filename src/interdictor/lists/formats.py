"""Imports the built-in readers so that they register themselves; add a new format here."""

from interdictor.lists import ftm_json  # noqa: F401

__all__: list[str] = []
