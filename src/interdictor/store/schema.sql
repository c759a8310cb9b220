-- The embedded store: every list publication ever loaded, without repeating what did not change.
--
-- list_versions     one row per loaded publication of a list
-- statements        one row per distinct fact (entity, property, value) of a list, with the
--                   original text, and when it was first and last seen
-- snapshots         the set of statements an entity had: a content-addressed snapshot, shared
--                   by every version in which the entity did not change
-- entity_versions   which entities a version held, and which snapshot each had
--
-- "Was this entity listed on that day?" and "what changed between two publications?" are
-- joins over entity_versions; nothing is ever deleted by a load.

CREATE SEQUENCE IF NOT EXISTS list_version_seq START 1;

CREATE TABLE IF NOT EXISTS store_meta (
    key VARCHAR NOT NULL,
    value VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS list_versions (
    version_id INTEGER NOT NULL,
    list_name VARCHAR NOT NULL,
    format VARCHAR NOT NULL,
    published DATE,
    published_source VARCHAR,
    as_of TIMESTAMP NOT NULL,           -- published date when known, else load time
    source_path VARCHAR NOT NULL,
    sha256 VARCHAR NOT NULL,
    loaded_at TIMESTAMP NOT NULL,
    entity_count INTEGER NOT NULL,
    statement_count INTEGER NOT NULL,
    software_version VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS statements (
    stmt_id UHUGEINT NOT NULL,          -- md5 of list, entity, property and value
    list_name VARCHAR NOT NULL,
    entity_id VARCHAR NOT NULL,
    schema VARCHAR NOT NULL,
    prop VARCHAR NOT NULL,
    prop_type VARCHAR NOT NULL,
    value VARCHAR NOT NULL,
    original_value VARCHAR,
    lang VARCHAR,
    first_seen TIMESTAMP,
    first_version INTEGER,
    last_seen TIMESTAMP,
    last_version INTEGER
);

CREATE TABLE IF NOT EXISTS snapshots (
    snapshot UHUGEINT NOT NULL,         -- XOR of the statement ids and of the entity id and schema
    stmt_id UHUGEINT NOT NULL
);

CREATE TABLE IF NOT EXISTS entity_versions (
    version_id INTEGER NOT NULL,
    entity_id VARCHAR NOT NULL,
    schema VARCHAR NOT NULL,
    caption VARCHAR NOT NULL,
    snapshot UHUGEINT NOT NULL
);

-- The newest version of each list, by publication date and then load order.
CREATE OR REPLACE VIEW latest_versions AS
SELECT * FROM list_versions
QUALIFY row_number() OVER (PARTITION BY list_name ORDER BY as_of DESC, version_id DESC) = 1;

-- Statements of the entities in the newest version of each list: what screening reads.
CREATE OR REPLACE VIEW current_statements AS
SELECT s.*, ev.version_id
FROM entity_versions ev
JOIN latest_versions lv ON lv.version_id = ev.version_id
JOIN snapshots sn ON sn.snapshot = ev.snapshot
JOIN statements s ON s.stmt_id = sn.stmt_id;
