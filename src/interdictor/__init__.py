"""Interdictor: find illicit procurement for nuclear, missile and military programmes.

Data flows one way: lists and evidence are ingested into a store, parties are screened,
goods classified and red flags raised, then findings are reviewed.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
