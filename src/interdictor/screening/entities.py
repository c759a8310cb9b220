"""The screenable entities of a store as one Arrow table: what the index is built from and scores against.

One SQL aggregation over the store's current statements gives, per entity of the newest version of
each list, its names, countries, birth dates and identifiers. Building FtM objects for every entity
(`Store.iter_entities`) costs close to a millisecond each; the aggregation costs microseconds, which
is what makes a million-entity index buildable in a minute.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pyarrow as pa
from followthemoney import model

from interdictor.screening.party import COUNTRY_PROPS, IDENTIFIER_PROPS, NAME_PROPS, Party, split_names
from interdictor.store import Store

__all__ = ["ENTITY_SCHEMA", "entity_party", "entity_table", "entity_table_from_parties", "matchable_schemata"]

ENTITY_SCHEMA = pa.schema(
    [
        ("list_name", pa.string()),
        ("entity_id", pa.string()),
        ("schema", pa.string()),
        ("names", pa.list_(pa.string())),
        ("countries", pa.list_(pa.string())),
        ("birth_dates", pa.list_(pa.string())),
        ("identifiers", pa.list_(pa.string())),
    ]
)


def matchable_schemata() -> list[str]:
    """FtM schemata that name a party (Person, Company, Vessel...), not a relation or an address."""
    return sorted(name for name, schema in model.schemata.items() if schema.matchable)


def _in(values: Iterable[str]) -> str:
    return "(" + ", ".join("'" + v.replace("'", "''") + "'" for v in values) + ")"


def entity_table(store: Store) -> pa.Table:
    """Every matchable entity of the newest version of each list, ordered by list and id."""
    id_case = " ".join(f"WHEN '{prop}' THEN '{kind}'" for prop, kind in IDENTIFIER_PROPS.items())
    props = [*NAME_PROPS, *COUNTRY_PROPS, "birthDate", *IDENTIFIER_PROPS]
    sql = f"""
        SELECT list_name, entity_id, any_value(schema) AS schema,
               coalesce(list(value ORDER BY prop <> 'name', value) FILTER (WHERE prop IN {_in(NAME_PROPS)}),
                        []) AS names,
               coalesce(list(DISTINCT lower(value)) FILTER (WHERE prop IN {_in(COUNTRY_PROPS)}), [])
                   AS countries,
               coalesce(list(DISTINCT value) FILTER (WHERE prop = 'birthDate'), []) AS birth_dates,
               coalesce(list(DISTINCT (CASE prop {id_case} END) || ':' || value)
                        FILTER (WHERE prop IN {_in(IDENTIFIER_PROPS)}), []) AS identifiers
        FROM current_statements
        WHERE prop IN {_in(props)} AND schema IN {_in(matchable_schemata())}
        GROUP BY list_name, entity_id
        ORDER BY list_name, entity_id
    """
    table = store.con.execute(sql).to_arrow_table()
    return table.cast(ENTITY_SCHEMA)


def entity_table_from_parties(parties: Iterable[tuple[str, Party]]) -> pa.Table:
    """An entity table from (list name, party) pairs: for tests, fixtures and synthetic benchmarks."""
    cols: dict[str, list[Any]] = {name: [] for name in ENTITY_SCHEMA.names}
    for list_name, party in parties:
        cols["list_name"].append(list_name)
        cols["entity_id"].append(party.id or f"{list_name}-{len(cols['entity_id'])}")
        cols["schema"].append(party.schema)
        cols["names"].append(list(party.names))
        cols["countries"].append([c.lower() for c in party.countries])
        cols["birth_dates"].append(list(party.birth_dates))
        cols["identifiers"].append(list(party.identifiers))
    return pa.table(cols, schema=ENTITY_SCHEMA)


def entity_party(row: dict[str, Any]) -> Party:
    """The scorer's party for one row of the entity table (aliases split as the index splits them)."""
    return Party(
        names=split_names(row["names"] or ()),
        schema=row["schema"],
        countries=row["countries"] or (),
        birth_dates=row["birth_dates"] or (),
        identifiers=row["identifiers"] or (),
        id=row["entity_id"],
    )
