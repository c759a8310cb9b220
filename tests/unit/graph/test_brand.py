"""Brand siblings: a group's companies share a brand word, the group's website and often one mailbox.

Next to a designated company they are its group (exposure, as registry subsidiaries are), unless they
share two kinds of identifier with it (NET-01's test) or were set up after the designation (NET-03);
between themselves the brand's website does not count as a shared identifier.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from interdictor.graph import Finding

from .conftest import _e
from .conftest import store_findings as _found

DESIGNATED = _e(
    "co-des",
    "Company",
    name="Beijing Hongda Import & Export Co., Ltd.",
    country="cn",
    email="info@beijinghongda.com.cn",
    incorporationDate="2009-04-01",
)
LISTING = _e("san-1", "Sanction", entity="co-des", authority="Test Authority", startDate="2018-07-01")


def _firm(name: str, **props: Any) -> dict[str, Any]:
    return _e("co-firm", "Company", name=name, country="cn", email="info@beijinghongda.com.cn", **props)


def _member(found: list[Finding], node: str = "party:co-firm") -> set[str]:
    return {f.method for f in found for s in f.subjects if s.node_id == node and f.network_member}


@pytest.mark.parametrize(
    ("firm", "methods"),
    [
        # the group's company writing from the group's mailbox: exposure only
        (_firm("Beijing Hongda New Materials Co., Ltd.", incorporationDate="2011-02-01"), set()),
        # another brand on the designated company's mailbox: in its network
        (
            _firm("Tianjin Ruixiang Trading Co., Ltd.", incorporationDate="2011-02-01"),
            {"designated_proximity"},
        ),
        # a company of the brand set up after the listing: a successor (NET-03)
        (
            _firm("Beijing Hongda New Materials Co., Ltd.", incorporationDate="2019-01-15"),
            {"designated_proximity", "successor_fronts"},
        ),
        # the brand's company sharing the mailbox and the phone: NET-01's two kinds, so a member
        (
            _firm(
                "Beijing Hongda New Materials Co., Ltd.",
                incorporationDate="2011-02-01",
                phone="+86 10 6512 0001",
            ),
            {"designated_proximity", "shared_identifiers"},
        ),
    ],
)
def test_brand_siblings_next_to_a_designated_company(
    tmp_path: Path, firm: dict[str, Any], methods: set[str]
) -> None:
    designated = dict(DESIGNATED)
    if "phone" in firm["properties"]:
        designated = {**designated, "properties": {**designated["properties"], "phone": ["+86 10 6512 0001"]}}
    assert _member(_found(tmp_path, [designated, LISTING, firm], [])) == methods


def test_a_brands_website_between_its_companies_is_not_a_shared_identifier(tmp_path: Path) -> None:
    site = {"website": "www.graniteallied.com.sg", "address": "167 Oak Avenue, Singapore"}
    entities = [
        _e("co-a", "Company", name="Granite Allied Logistics Pte. Ltd.", country="sg", **site),
        _e("co-b", "Company", name="Granite Allied Engineering Pte. Ltd.", country="sg", **site),
    ]
    assert not [f for f in _found(tmp_path, entities, []) if f.method == "shared_identifiers"]
