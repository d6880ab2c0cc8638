-- involve schema, version 2: what each person needs to take part.
-- Standing availability (a weekly pattern and dated exceptions), transport
-- and support needs. Recorded by the coordinator on the person's behalf.

-- One row per person: their transport and support needs, and the private
-- reason behind their availability (shown only on their own screen).
CREATE TABLE access_needs (
    id                   TEXT PRIMARY KEY,
    person_id            TEXT NOT NULL UNIQUE REFERENCES people (id) ON DELETE CASCADE,
    availability_reason  TEXT NOT NULL DEFAULT '',
    transport            TEXT NOT NULL DEFAULT 'own' CHECK (transport IN
                         ('own', 'fare', 'taxi', 'lift', 'community')),
    wheelchair           INTEGER NOT NULL DEFAULT 0 CHECK (wheelchair IN (0, 1)),
    mobility_aid         INTEGER NOT NULL DEFAULT 0 CHECK (mobility_aid IN (0, 1)),
    escort               INTEGER NOT NULL DEFAULT 0 CHECK (escort IN (0, 1)),
    pickup_address       TEXT NOT NULL DEFAULT '',
    pickup_postcode      TEXT NOT NULL DEFAULT '',
    interpreter_language TEXT NOT NULL DEFAULT '',
    bsl                  INTEGER NOT NULL DEFAULT 0 CHECK (bsl IN (0, 1)),
    large_print          INTEGER NOT NULL DEFAULT 0 CHECK (large_print IN (0, 1)),
    hearing_loop         INTEGER NOT NULL DEFAULT 0 CHECK (hearing_loop IN (0, 1)),
    step_free            INTEGER NOT NULL DEFAULT 0 CHECK (step_free IN (0, 1)),
    childcare            INTEGER NOT NULL DEFAULT 0 CHECK (childcare IN (0, 1)),
    dietary              TEXT NOT NULL DEFAULT '',
    support_other        TEXT NOT NULL DEFAULT '',
    created_at           TEXT NOT NULL,
    updated_at           TEXT NOT NULL,
    version              INTEGER NOT NULL DEFAULT 1
) STRICT;

-- The weekly pattern: on this weekday (1 = Monday … 7 = Sunday), between
-- these London times (minutes after midnight), the person can come (yes),
-- could if need be (maybe), or cannot (no). Times not covered are unknown.
CREATE TABLE availability (
    id         TEXT PRIMARY KEY,
    person_id  TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    weekday    INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),
    start_min  INTEGER NOT NULL CHECK (start_min BETWEEN 0 AND 1439),
    end_min    INTEGER NOT NULL CHECK (end_min BETWEEN 1 AND 1440),
    answer     TEXT NOT NULL CHECK (answer IN ('yes', 'maybe', 'no')),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1,
    CHECK (end_min > start_min)
) STRICT;
CREATE INDEX availability_person ON availability (person_id, weekday);

-- Dated exceptions to the pattern ("away 3–17 March"): London dates,
-- inclusive, with what holds on those days (usually no).
CREATE TABLE availability_exceptions (
    id         TEXT PRIMARY KEY,
    person_id  TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    from_date  TEXT NOT NULL,
    to_date    TEXT NOT NULL,
    answer     TEXT NOT NULL DEFAULT 'no' CHECK (answer IN ('yes', 'maybe', 'no')),
    note       TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1,
    CHECK (to_date >= from_date)
) STRICT;
CREATE INDEX availability_exceptions_person ON availability_exceptions (person_id, from_date);
