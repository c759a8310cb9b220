"""A synthetic trade world with planted illicit procurement networks and its ground truth (issue 5).

`generate_world(companies, seed, out)` writes a registry (FtM JSON), a generated sanctions list, a
stream of transaction records in the documented format, and truth files saying which records
belong to which planted network, which methods and red flags they carry, and which records name the
same real entity. See docs/generator.md.
"""

from interdictor.generate.world import WorldSummary, generate_world

__all__ = ["WorldSummary", "generate_world"]
