-- involve schema, version 1: forums, people, memberships, meetings, attendance, actions.
-- Every record has a UUID, created_at/updated_at (RFC 3339, UTC) and a version
-- counter for optimistic concurrency.

CREATE TABLE settings (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE forums (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL CHECK (length(trim(name)) > 0),
    purpose    TEXT NOT NULL DEFAULT '',
    venue      TEXT NOT NULL DEFAULT '',
    pattern    TEXT NOT NULL DEFAULT '',
    social     INTEGER NOT NULL DEFAULT 0 CHECK (social IN (0, 1)),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE UNIQUE INDEX forums_name ON forums (name COLLATE NOCASE);

CREATE TABLE people (
    id             TEXT PRIMARY KEY,
    name           TEXT NOT NULL CHECK (length(trim(name)) > 0),
    preferred_name TEXT NOT NULL DEFAULT '',
    role           TEXT NOT NULL DEFAULT 'service_user' CHECK (role IN
                   ('service_user', 'carer', 'both', 'worker', 'senior_officer', 'other')),
    phone          TEXT NOT NULL DEFAULT '',
    email          TEXT NOT NULL DEFAULT '',
    contact_by     TEXT NOT NULL DEFAULT '' CHECK (contact_by IN
                   ('', 'phone', 'text', 'email', 'post', 'in_person')),
    consent        INTEGER NOT NULL DEFAULT 0 CHECK (consent IN (0, 1)),
    consent_date   TEXT NOT NULL DEFAULT '',
    notes          TEXT NOT NULL DEFAULT '',
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    version        INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX people_name ON people (name COLLATE NOCASE);

CREATE TABLE memberships (
    id         TEXT PRIMARY KEY,
    forum_id   TEXT NOT NULL REFERENCES forums (id) ON DELETE CASCADE,
    person_id  TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1,
    UNIQUE (forum_id, person_id)
) STRICT;
CREATE INDEX memberships_person ON memberships (person_id);

CREATE TABLE meetings (
    id         TEXT PRIMARY KEY,
    forum_id   TEXT NOT NULL REFERENCES forums (id) ON DELETE CASCADE,
    starts_at  TEXT NOT NULL,
    ends_at    TEXT NOT NULL,
    venue      TEXT NOT NULL DEFAULT '',
    status     TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'held', 'cancelled')),
    agenda     TEXT NOT NULL DEFAULT '',
    minutes    TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1,
    CHECK (ends_at > starts_at)
) STRICT;
CREATE INDEX meetings_forum ON meetings (forum_id, status, starts_at);
CREATE INDEX meetings_start ON meetings (starts_at);
CREATE INDEX meetings_status_end ON meetings (status, ends_at, starts_at);

CREATE TABLE attendance (
    id         TEXT PRIMARY KEY,
    meeting_id TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    person_id  TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    status     TEXT NOT NULL CHECK (status IN
               ('invited', 'confirmed', 'apologies', 'attended', 'did_not_attend')),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1,
    UNIQUE (meeting_id, person_id)
) STRICT;
CREATE INDEX attendance_person ON attendance (person_id);

CREATE TABLE actions (
    id          TEXT PRIMARY KEY,
    meeting_id  TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    description TEXT NOT NULL CHECK (length(trim(description)) > 0),
    owner       TEXT NOT NULL DEFAULT '',
    due         TEXT NOT NULL DEFAULT '',
    done        INTEGER NOT NULL DEFAULT 0 CHECK (done IN (0, 1)),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX actions_due ON actions (done, due);
CREATE INDEX actions_meeting ON actions (meeting_id);
