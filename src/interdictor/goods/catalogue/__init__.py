"""The control-list catalogue: one YAML file per item family, a JSON Schema, and the loader.

The files here are the human-edited source of truth (see docs/goods.md for the format); the loader
validates them and compiles them for the classifier on first use.
"""

from interdictor.goods.catalogue.loader import (
    CATALOGUE_DIR,
    CatalogueError,
    default_catalogue,
    family_files,
    load_catalogue,
    schema,
)

__all__ = ["CATALOGUE_DIR", "CatalogueError", "default_catalogue", "family_files", "load_catalogue", "schema"]
