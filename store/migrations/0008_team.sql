-- involve schema, version 8: a team. involve serve lets more than one person
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
