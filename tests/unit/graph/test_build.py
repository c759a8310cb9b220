"""The graph built from a store: nodes, edges with evidence, designations, bad input."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pytest

from interdictor.exc import NotFound, ReferenceDataError
from interdictor.graph import build_graph, load_config
from interdictor.graph.load import load_graph
from interdictor.graph.tables import latest_run
from interdictor.store import Store

from .conftest import make_store


def test_build_writes_typed_nodes_and_edges(case_db: Path) -> None:
    con = duckdb.connect(str(case_db), read_only=True)
    net = load_graph(con)
    types = {t for t in net.types}
    assert {"party", "identifier", "address", "order", "payment", "shipment", "goods", "vessel"} <= types
    edge_types = set(net.etype)
    assert {
        "buyer",
        "seller",
        "payer",
        "consignee",
        "directs",
        "owns",
        "for_order",
        "carried_by",
    } <= edge_types
    # Every edge carries its evidence: a source and, for records, the record id and position.
    role = net.etype.index("consignee")
    assert net.esource[role] == "assessed_records"
    assert net.eref[role] == "SHP-1"
    assert net.epos[role] == "parties[1]"


def test_sanctions_list_designates_and_registry_does_not(case_db: Path) -> None:
    net = load_graph(duckdb.connect(str(case_db), read_only=True))
    designated = {net.ids[i] for i, d in enumerate(net.designated) if d}
    # The registry's end user is the listed one by name; the front by its registration number.
    assert "party:co-eu" in designated
    assert "party:co-f1" in designated
    assert "party:co-maker" not in designated
    f1 = net.index["party:co-f1"]
    assert str(net.designated_date[f1]) == "2021-03-01"


def test_self_loop_is_skipped_with_a_warning(tmp_path: Path) -> None:
    db = make_store(tmp_path, records=False)
    with Store(db) as store:
        build = build_graph(store)
    assert any("self-loop" in w and "o6" in w for w in build.warnings)
    assert build.party_identity.startswith("exact keys")


def test_rebuild_replaces_the_previous_graph(tmp_path: Path, case_db: Path) -> None:
    db = tmp_path / "copy.duckdb"
    shutil.copy(case_db, db)
    with Store(db) as store:
        first = latest_run(store.con)
        second = build_graph(store)
        assert second.run_id == (first or 0) + 1
        runs = store.con.execute("SELECT DISTINCT run_id FROM graph_nodes").fetchall()
    assert runs == [(second.run_id,)]


def test_no_graph_is_a_clear_error(tmp_path: Path) -> None:
    db = make_store(tmp_path, records=False)
    with Store(db) as store, pytest.raises(NotFound, match="graph build"):
        load_graph(store.con)


def test_resolution_clusters_make_one_party(tmp_path: Path) -> None:
    """A resolve run's cluster joins records that exact keys would keep apart."""
    db = make_store(tmp_path)
    with Store(db) as store:
        from interdictor.resolve.tables import ensure_tables

        ensure_tables(store.con)
        store.con.execute(
            "INSERT INTO resolve_clusters VALUES"
            " ('co-shell', 'ent-1', 1, false), ('co-parent', 'ent-1', 1, false)"
        )
        build = build_graph(store)
        net = load_graph(store.con)
    assert build.party_identity == "resolve run 1"
    node = net.index["party:co-parent"]
    assert {"co-shell", "co-parent"} <= set(net.members[node])


def test_config_rejects_unknown_keys_and_flags(tmp_path: Path) -> None:
    from importlib import resources

    text = resources.files("interdictor.graph").joinpath("network.yaml").read_text()
    bad = tmp_path / "bad.yaml"
    bad.write_text(text.replace("max_sharing: 25", "max_sharing: 25\n  colour: red"))
    with pytest.raises(ReferenceDataError) as exc:
        load_config(bad)
    assert "identity.colour" in json.dumps([p.field for p in exc.value.args[1]])
    bad.write_text(text.replace("flag: NET-05", "flag: NET-99"))
    with pytest.raises(ReferenceDataError, match="unknown flag"):
        load_config(bad)


def test_packaged_config_names_catalogue_flags() -> None:
    from interdictor.flags import default_catalogue
    from interdictor.graph import default_config

    known = {f.id for f in default_catalogue()}
    config = default_config()
    assert {m.flag for m in config.flags.values()} <= known
    assert {"NET-01", "NET-02", "NET-03", "NET-05", "NET-06", "NET-07", "NET-08", "NET-13"} <= {
        m.flag for m in config.flags.values()
    }


def test_public_namespace_matches_all() -> None:
    import interdictor.graph as graph

    public = {name for name in dir(graph) if not name.startswith("_")}
    modules = {
        "analysis", "build", "builder", "config", "context", "detect_patterns", "detect_proximity",
        "detect_trade", "export", "keys", "load", "model", "parties", "proximity", "report",
        "sources_evidence", "sources_lists", "sources_records", "tables", "annotations", "duckdb", "Any",
    }  # fmt: skip
    assert public - modules == set(graph.__all__)


_EVIDENCE_DDL = """
CREATE TABLE evidence_documents (doc_id VARCHAR PRIMARY KEY, kind VARCHAR NOT NULL,
  source VARCHAR NOT NULL, path VARCHAR NOT NULL, sha256 VARCHAR NOT NULL, title VARCHAR, doc_date DATE,
  ingested_at TIMESTAMP NOT NULL, facts INTEGER NOT NULL);
CREATE TABLE evidence_statements (doc_id VARCHAR NOT NULL, entity_id VARCHAR NOT NULL,
  schema VARCHAR NOT NULL, prop VARCHAR NOT NULL, value VARCHAR NOT NULL, original VARCHAR,
  position VARCHAR NOT NULL);
CREATE TABLE evidence_mentions (doc_id VARCHAR NOT NULL, kind VARCHAR NOT NULL, value VARCHAR NOT NULL,
  normalised VARCHAR NOT NULL, position VARCHAR NOT NULL, context VARCHAR, entity_id VARCHAR);
"""


def test_evidence_tables_give_relations_and_mentions(tmp_path: Path) -> None:
    """Registry statements and document mentions (the evidence contract) join the graph with provenance."""
    db = make_store(tmp_path, records=False)
    with Store(db) as store:
        con = store.con
        con.execute(_EVIDENCE_DDL)
        con.execute(
            "INSERT INTO evidence_documents VALUES"
            " ('doc-reg', 'registry', 'reg.csv', 'reg.csv', 'x', NULL, NULL, now(), 5),"
            " ('doc-mail', 'email', 'mail', 'a.eml', 'y', 'RFQ', '2022-01-02', now(), 2)"
        )
        rows = [
            ("doc-reg", "ev-1", "Company", "name", "Blue Lotus Trading FZE", None, "row 2 field name"),
            ("doc-reg", "ev-1", "Company", "country", "ae", None, "row 2 field country"),
            ("doc-reg", "ev-1", "Company", "phone", "+971 4 555 0101", None, "row 2 field phone"),
            ("doc-reg", "ev-o", "Ownership", "owner", "pe-agent", None, "row 3 field owner"),
            ("doc-reg", "ev-o", "Ownership", "asset", "ev-1", None, "row 3 field asset"),
            ("doc-reg", "ev-o", "Ownership", "percentage", "100", None, "row 3 field percentage"),
        ]
        con.executemany("INSERT INTO evidence_statements VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
        con.execute(
            "INSERT INTO evidence_mentions VALUES"
            " ('doc-mail', 'phone', '+971 4 555 0101', '97145550101', 'line 4', NULL, NULL),"
            " ('doc-mail', 'known_party', 'Gulf Star', 'gulf star', 'line 1', NULL, 'co-f2')"
        )
        build = build_graph(store)
        net = load_graph(con)
    assert build.sources["evidence_statements"] == 6
    owns = [e for e, t in enumerate(net.etype) if t == "owns" and net.ids[net.dst[e]] == "party:ev-1"]
    assert owns and net.esource[owns[0]] == "evidence:doc-reg" and str(net.epos[owns[0]]).startswith("row 3")
    phone = net.index["id:phone:97145550101"]
    holders = {net.ids[net.other(e, phone)] for e in net.incident[phone]}
    # The registry company, the fronts of the lists and the e-mail that mentions the phone.
    assert {"party:ev-1", "party:co-f1", "doc:doc-mail"} <= holders
    named = [e for e, t in enumerate(net.etype) if t == "names" and net.ids[net.src[e]] == "doc:doc-mail"]
    assert named and net.ids[net.dst[named[0]]] == "party:co-f2"


def test_listed_wallet_links_its_holder_to_a_payee(tmp_path: Path) -> None:
    """A payment to a wallet the sanctions list attributes to a designated unit pays that unit (FIN-17)."""
    from interdictor.assess.history import RecordHistory
    from interdictor.lists import read_list
    from interdictor.model import parse_record

    from .conftest import _e, write_jsonl

    wallet = "0xe5c06817cfb385682a48635a6ee9f088458a49ae"
    listed = [
        _e("gsl-unit", "Organization", name="Bureau 99 Cyber Unit", country="kp", topics="sanction"),
        _e("gsl-unit-s", "Sanction", entity="gsl-unit", authority="Test Authority", startDate="2019-01-01"),
        _e("gsl-w", "CryptoWallet", publicKey=wallet, holder="gsl-unit", topics="sanction"),
    ]
    payment = {
        "id": "PAY-W",
        "kind": "payment",
        "date": "2022-03-01",
        "parties": [
            {"ref": "p1", "role": "payer", "name": "Young & Green Sensors Inc.", "country": "US"},
            {
                "ref": "p2",
                "role": "beneficiary",
                "name": "Kenji Sato",
                "country": "JP",
                "account": {"number": wallet.upper().replace("0X", "0x"), "type": "personal"},
            },
        ],
        "amount": 8600.0,
        "currency": "USD",
        "instrument": "virtual_asset",
    }
    db = tmp_path / "store.duckdb"
    with Store(db) as store:
        store.load(read_list(write_jsonl(tmp_path / "s.ftm.json", listed), format="ftm-json"))
        RecordHistory(store.con).save([parse_record(payment)])
        build_graph(store)
        net = load_graph(store.con)
    unit = net.index["party:gsl-unit"]
    payee = next(i for i, m in enumerate(net.members) if "PAY-W/p2" in m)
    held = {net.other(e, unit) for e in net.incident[unit]}
    paid = {net.other(e, payee) for e in net.incident[payee]}
    assert held & paid, "the wallet identifier joins the designated holder and the payee"


def test_a_mail_from_a_known_party_declares_its_address(tmp_path: Path) -> None:
    from interdictor.ingest import ingest_paths

    db = make_store(tmp_path, records=False)
    mail = tmp_path / "inquiry.eml"
    mail.write_text(
        'From: "Crescent Horizon General Trading LLC" <crescent.h@example.com>\n'
        'To: "Rhein Antriebstechnik GmbH" <sales@example.de>, Ops <ops@example.de>\n'
        "Subject: inquiry\n\nPlease quote 2 frequency converters.\n"
    )
    with Store(db) as store:
        ingest_paths(store, [mail])
        build_graph(store)
        edges = store.con.execute(
            "SELECT src, dst, position FROM graph_edges WHERE type = 'has_email' AND source LIKE 'evidence:%'"
        ).fetchall()
    # The sender is tied to its address; the To header has two addresses, so neither is paired.
    assert edges == [("party:co-f2", "id:email:crescent.h@example.com", "header From")]


@pytest.mark.parametrize(("listed", "ambiguous"), [(1, True), (2, False)])
def test_a_common_designated_name_is_a_possible_match_only(
    tmp_path: Path, listed: int, ambiguous: bool
) -> None:
    """Two registered companies carry a designated name: with one list entry of it, the name alone cannot
    say which is listed; with two entries (two designations of that name), each can be one."""
    from interdictor.lists import read_list

    from .conftest import _e, write_jsonl

    registry = [
        _e("hom-1", "Company", name="Hengtong Trading Co., Ltd.", country="cn", registrationNumber="CN-1"),
        _e("hom-2", "Company", name="Hengtong Trading Co., Ltd.", country="cn", registrationNumber="CN-2"),
    ]
    sanctions = []
    for i in range(listed):
        sanctions += [
            _e(f"sl-{i}", "Company", name="Hengtong Trading Co., Ltd.", country="cn", topics="sanction"),
            _e(f"sl-{i}-s", "Sanction", entity=f"sl-{i}", authority="Test", startDate="2020-01-01"),
        ]
    db = tmp_path / "store.duckdb"
    with Store(db) as store:
        store.load(read_list(write_jsonl(tmp_path / "registry.ftm.json", registry), format="ftm-json"))
        store.load(read_list(write_jsonl(tmp_path / "sanctions.ftm.json", sanctions), format="ftm-json"))
        from interdictor.resolve.tables import ensure_tables

        # Resolution kept every record apart (different registration numbers, nothing else in common).
        ensure_tables(store.con)
        ids = ["hom-1", "hom-2", *(f"sl-{i}" for i in range(listed))]
        store.con.executemany(
            "INSERT INTO resolve_clusters VALUES (?, ?, 1, false)", [(i, f"ent-{i}") for i in ids]
        )
        build_graph(store)
        net = load_graph(store.con)
    homonyms = {i for i in range(len(net.ids)) if "hom-" in net.ids[i]}
    assert len(homonyms) == 2
    # A possible match is for review: not designated, and its name edge links no one.
    assert all(("ambiguous_name_match" in net.attrs(i)) == ambiguous for i in homonyms)
    assert all(net.designated[i] is not ambiguous for i in homonyms)
    assert ("possible_match" in net.etype) == ambiguous


def _listed_and_registry(tmp_path: Path, registry_props: dict[str, str], cluster: bool) -> tuple[dict, dict]:
    """One designated entry (a registration number, an address, listed 2020) and one registered namesake."""
    from interdictor.graph.context import Context
    from interdictor.lists import read_list
    from interdictor.resolve.tables import ensure_tables

    from .conftest import _e, write_jsonl

    name = "Baofeng Economic and Trade Co., Ltd."
    registry = [_e("reg-1", "Company", name=name, country="cn", **registry_props)]
    sanctions = [
        _e(
            "sl-1",
            "Company",
            name=name,
            country="cn",
            registrationNumber="914468249659676821",
            address="Changjiang Road 356, 200000 Shanghai",
            topics="sanction",
        ),
        _e("sl-1-s", "Sanction", entity="sl-1", authority="Test", startDate="2020-01-01"),
    ]
    db = tmp_path / "store.duckdb"
    with Store(db) as store:
        store.load(read_list(write_jsonl(tmp_path / "registry.ftm.json", registry), format="ftm-json"))
        store.load(read_list(write_jsonl(tmp_path / "sanctions.ftm.json", sanctions), format="ftm-json"))
        ensure_tables(store.con)
        rows = [("reg-1", "ent-1" if cluster else "ent-2"), ("sl-1", "ent-1")]
        store.con.executemany("INSERT INTO resolve_clusters VALUES (?, ?, 1, false)", rows)
        build = build_graph(store)
        net = load_graph(store.con)
    ctx = Context(net, load_config())
    nodes = {net.ids[i]: i for i in range(len(net.ids)) if net.types[i] == "party"}
    return {k: ctx.ambiguous(i) for k, i in nodes.items()}, {"warnings": build.warnings, "nodes": nodes}


@pytest.mark.parametrize(
    ("props", "possible"),
    [
        ({"registrationNumber": "911123697774652699"}, True),  # another registration number
        ({"address": "Renmin Road 1, 100000 Beijing"}, True),  # another address
        ({"incorporationDate": "2021-05-01"}, True),  # incorporated after the listing
        ({"registrationNumber": "914468249659676821"}, False),  # the number the list gives: corroborated
        ({"incorporationDate": "2001-05-01"}, False),  # nothing contradicts the name
    ],
)
def test_a_name_match_contradicted_by_registry_facts_is_a_possible_match(
    tmp_path: Path, props: dict[str, str], possible: bool
) -> None:
    """An analyst reviews, rather than confirms, a name match whose qualifiers contradict the entry."""
    tiers, _ = _listed_and_registry(tmp_path, props, cluster=False)
    assert tiers["party:reg-1"] is possible
    assert tiers["party:sl-1"] is False


def test_a_cluster_joining_a_namesake_of_another_registration_is_split(tmp_path: Path) -> None:
    """Resolution joined a list entry and a registered namesake on the name: the registration numbers
    differ, so the namesake is a node of its own (and a possible match), and no walk goes through it."""
    tiers, info = _listed_and_registry(tmp_path, {"registrationNumber": "911123697774652699"}, cluster=True)
    assert set(info["nodes"]) == {"party:reg-1", "party:sl-1"}
    assert tiers["party:reg-1"] is True
    assert any("kept apart" in w for w in info["warnings"])
