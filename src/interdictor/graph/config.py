"""The graph's parameters and network-flag definitions, read from network.yaml (the schema is the models).

Loaded lazily and cached; `load_config(path)` reads another file (a test, an analyst's tuning) and
refuses unknown keys and flag ids that are not in the red-flag catalogue, naming where they are.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from interdictor.exc import Problem, ReferenceDataError

__all__ = ["BuildingSpec", "DesignationSpec", "FlagMethod", "NetworkConfig", "default_config", "load_config"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class DesignationSpec(_Strict):
    topics: list[str]
    programme_props: list[str]
    sanction_date_props: list[str]


class IdentitySpec(_Strict):
    link_kinds: list[Literal["email", "phone", "iban", "account", "registration", "address", "website"]]
    #: Kinds that link two parties only together with another shared kind (they count in NET-01's
    #: kinds, never as a link alone).
    corroborating_kinds: list[
        Literal["email", "phone", "iban", "account", "registration", "address", "website"]
    ] = Field(default_factory=list)
    max_sharing: int = Field(ge=2)
    #: Hosts whose pages belong to many unrelated firms (social networks, marketplaces): a website there
    #: is the firm's page (host and path), never the host alone, which would link every firm on it.
    portal_hosts: list[str] = Field(default_factory=list)
    same_name_similarity: float = Field(ge=0, le=1)
    #: A word carried by at least this many of the organisation names on the lists (the screening
    #: engine's token table) is common ("trading", "international"), not a brand.
    brand_common_count: int = Field(default=20, ge=1)
    building: BuildingSpec


class BuildingSpec(_Strict):
    """What makes two address lines one building (NET-08 "same building, floor or mailing address")."""

    #: A comma-separated part of an address starting with (or made of) one of these is a unit inside a
    #: building (floor, suite, room...) and is left out of the building's key.
    unit_words: list[str]
    #: What is left must name a building (one of these words) or carry a house number: a street, a free
    #: zone or a district alone is not a building.
    building_words: list[str]


class FlagMethod(_Strict):
    flag: str = Field(pattern=r"^[A-Z]+-\d\d$")
    severity: Literal["H", "M", "L"]
    message: str
    params: dict[str, Any] = Field(default_factory=dict)


class AnalysisSpec(_Strict):
    betweenness_cutoff: int = Field(ge=2)
    top_brokers: int = Field(ge=1)
    leiden_resolution: float = Field(gt=0)
    max_exact_component: int = Field(ge=1000)


class NetworkConfig(_Strict):
    version: int = Field(ge=1)
    designation: DesignationSpec
    identity: IdentitySpec
    flags: dict[str, FlagMethod]
    analysis: AnalysisSpec

    def method(self, name: str) -> FlagMethod:
        return self.flags[name]


def load_config(path: Path | None = None) -> NetworkConfig:
    """Read and check a network configuration; the packaged one when `path` is None."""
    name = str(path) if path else "interdictor/graph/network.yaml"
    if path is None:
        text = resources.files("interdictor.graph").joinpath("network.yaml").read_text(encoding="utf-8")
    else:
        text = path.read_text(encoding="utf-8")
    try:
        raw = yaml.safe_load(text)
        config = NetworkConfig.model_validate(raw)
    except yaml.YAMLError as exc:
        raise ReferenceDataError(f"{name}: not YAML", [Problem(name, str(exc))]) from exc
    except ValidationError as exc:
        problems = [Problem(name, e["msg"], field=".".join(str(p) for p in e["loc"])) for e in exc.errors()]
        raise ReferenceDataError(f"{name}: {len(problems)} problem(s)", problems) from exc
    from interdictor.flags import default_catalogue

    known = {spec.id for spec in default_catalogue()}
    unknown = [
        Problem(name, f"flag {m.flag!r} is not in the red-flag catalogue", field=f"flags.{key}.flag")
        for key, m in config.flags.items()
        if m.flag not in known
    ]
    if unknown:
        raise ReferenceDataError(f"{name}: {len(unknown)} unknown flag id(s)", unknown)
    return config


@lru_cache(maxsize=1)
def default_config() -> NetworkConfig:
    return load_config()
