-- involve schema, version 13: a team. involve serve lets more than one person
-- use the one database over SSH, each with a role, and keeps a trail of
-- who changed what.
--
-- users are the members of the team who may sign in (not the people the
-- partnership works with): a name, unique in any case, and a role.
-- user_keys are their SSH public keys, one row a key, found by the key's
-- SHA256 fingerprint when someone signs in; deleting a user deletes their
-- keys.

CREATE TABLE users (
    id         TEXT PRIMARY KEY,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1,
    name       TEXT NOT NULL COLLATE NOCASE UNIQUE CHECK (length(trim(name)) > 0),
    role       TEXT NOT NULL CHECK (role IN ('coordinator', 'finance', 'door', 'reader'))
) STRICT;

CREATE TABLE user_keys (
    id          TEXT PRIMARY KEY,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1,
    user_id     TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- the key as an authorized_keys line without its comment
    public_key  TEXT NOT NULL,
    fingerprint TEXT NOT NULL UNIQUE CHECK (fingerprint LIKE 'SHA256:%'),
    comment     TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE INDEX user_keys_user ON user_keys (user_id);

-- The audit trail: who changed what, and when. One row for each row of a
-- table that was added, changed or deleted: the table (kind), the record's
-- id, and the person it is about, if any; never the values. Triggers write
-- it, made by the program when it opens the database (store/audit.go), one
-- set for each table but a few (the trail itself, the rendering cache,
-- reading places), so that a table added later is audited too and no way
-- of writing can leave a change out. It is a log: rows are only added (and
-- the person's id made opaque when they are erased), so its rows have a
-- sequence number rather than an id and version.
CREATE TABLE audit (
    seq       INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    who       TEXT NOT NULL,
    role      TEXT NOT NULL,
    op        TEXT NOT NULL,
    kind      TEXT NOT NULL,
    record_id TEXT NOT NULL,
    person_id TEXT,
    action    TEXT NOT NULL CHECK (action IN ('insert', 'update', 'delete'))
) STRICT;

CREATE INDEX audit_person ON audit (person_id) WHERE person_id IS NOT NULL;
CREATE INDEX audit_record ON audit (record_id);

-- Who is writing now: set at the start of each transaction and cleared at
-- its end (one writer at a time), read by the triggers. record is 0 while
-- the demo is written.
CREATE TABLE audit_actor (
    id     INTEGER PRIMARY KEY CHECK (id = 1),
    at     TEXT,
    who    TEXT,
    role   TEXT,
    op     TEXT,
    record INTEGER NOT NULL DEFAULT 1 CHECK (record IN (0, 1))
) STRICT;

INSERT INTO audit_actor (id) VALUES (1);
