-- involve schema, version 11: people's rights over their data (issue 12).
--
-- Everything that refers to or describes a person is listed once, in the
-- person-data registry (store/persondata.go); erasure, the subject-access
-- export and the counts shown before an erasure all come from it. This
-- migration adds what those rights need.

-- A meeting's attendance outlives the people erased since: how many of
-- those who attended were erased is kept as a number on the meeting (no
-- row, no id, no link to anyone), so its attendance figures stay true.
ALTER TABLE meetings ADD COLUMN former_attended INTEGER NOT NULL DEFAULT 0 CHECK (former_attended >= 0);

-- An action's owner is a name written in free text: a person's actions are
-- found by it (for their export, and to take their name off on erasure).
CREATE INDEX actions_owner ON actions (owner COLLATE NOCASE) WHERE owner != '';

-- Consent to be contacted is reviewed, as a story's consent is: by this
-- London date (YYYY-MM-DD) it is asked again, and after it the person is
-- not on contact lists until it is renewed. '' when no consent is given.
-- Consents already given are due for review two years after they were
-- given (29 February gives 28 February).
ALTER TABLE people ADD COLUMN consent_review TEXT NOT NULL DEFAULT ''
    CHECK (consent_review = '' OR consent_review GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]');
UPDATE people SET consent_review = CASE WHEN substr(consent_date, 6) = '02-29'
        THEN date(consent_date, '-1 day', '+2 years') ELSE date(consent_date, '+2 years') END
    WHERE consent = 1 AND consent_date != '';

-- The erasure log: one row for each person erased or anonymised, kept for
-- good, holding no personal data. subject is the SHA-256 of salt (random,
-- this row's own) and the erased person's id: nothing in it says who they
-- were, and it cannot be matched to anyone without a copy of the data
-- that still holds them, such as an older backup. That is exactly when it
-- is needed: a restored backup's people are matched against the log, and
-- anyone erased since the backup was made is erased again (store/erase.go).
CREATE TABLE erasures (
    id         TEXT PRIMARY KEY,        -- the erasure's own id: the reference given to the person
    salt       TEXT NOT NULL CHECK (length(salt) = 32),
    subject    TEXT NOT NULL CHECK (length(subject) = 64),
    how        TEXT NOT NULL CHECK (how IN ('erase', 'anonymise')),
    reason     TEXT NOT NULL CHECK (reason IN ('request', 'retention', 'other')),
    erased_at  TEXT NOT NULL,           -- an instant, UTC
    erased_by  TEXT NOT NULL DEFAULT '', -- who did it: the coordinator's login, not the person's
    removed    INTEGER NOT NULL DEFAULT 0 CHECK (removed >= 0),
    kept       INTEGER NOT NULL DEFAULT 0 CHECK (kept >= 0),
    -- how many times it was applied again to a restored backup
    reapplied  INTEGER NOT NULL DEFAULT 0 CHECK (reapplied >= 0),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX erasures_at ON erasures (erased_at);

-- Requests from people about their data: to see it (subject access) or to
-- be forgotten. Dates are London dates YYYY-MM-DD or ''. The time limit
-- runs from received, or from id_checked when proof of identity had to be
-- asked for (id_asked); it stops while a clarification asked for is
-- awaited; an extension (with its reason) makes it three months. The
-- due date is worked out by the ico package, never stored.
CREATE TABLE access_requests (
    id               TEXT PRIMARY KEY,
    number           INTEGER NOT NULL UNIQUE CHECK (number > 0),
    -- NULL: the person has since been erased; the request is kept, with
    -- its dates, to show it was answered in time.
    person_id        TEXT REFERENCES people (id) ON DELETE SET NULL,
    kind             TEXT NOT NULL DEFAULT 'access' CHECK (kind IN ('access', 'erasure')),
    received         TEXT NOT NULL CHECK (received GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    id_asked         TEXT NOT NULL DEFAULT '',
    id_checked       TEXT NOT NULL DEFAULT '',
    clarify_asked    TEXT NOT NULL DEFAULT '',
    clarify_received TEXT NOT NULL DEFAULT '',
    extended         INTEGER NOT NULL DEFAULT 0 CHECK (extended IN (0, 1)),
    extension_reason TEXT NOT NULL DEFAULT '',
    closed           TEXT NOT NULL DEFAULT '',
    outcome          TEXT NOT NULL DEFAULT '' CHECK (outcome IN ('', 'answered', 'withdrawn', 'refused')),
    notes            TEXT NOT NULL DEFAULT '',
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    version          INTEGER NOT NULL DEFAULT 1,
    CHECK ((closed = '') = (outcome = '')),
    CHECK (extended = 0 OR length(trim(extension_reason)) > 0),
    CHECK (clarify_received = '' OR clarify_asked != ''),
    CHECK (id_checked = '' OR id_checked >= received),
    CHECK (clarify_asked = '' OR clarify_asked >= received),
    CHECK (clarify_received = '' OR clarify_received >= clarify_asked)
) STRICT;
CREATE INDEX access_requests_person ON access_requests (person_id) WHERE person_id IS NOT NULL;
CREATE INDEX access_requests_open ON access_requests (closed, received);

-- Retention: someone with no involvement for the retention period (the
-- setting retention_years, 3 unless changed) is listed for review. Keeping
-- them is recorded here, with the reason and the day of the next review;
-- anonymising or erasing them goes to the erasure log instead.
CREATE TABLE retention_reviews (
    id          TEXT PRIMARY KEY,
    person_id   TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    reviewed_on TEXT NOT NULL CHECK (reviewed_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    reason      TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    next_review TEXT NOT NULL CHECK (next_review GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND next_review > reviewed_on),
    reviewed_by TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX retention_reviews_person ON retention_reviews (person_id, next_review);

-- A meeting a senior officer came to is a contact of its forum with a
-- senior officer (read from the register: the view officer_attendance).
-- If that officer is erased, their register line goes, and the meeting
-- keeps that it met one as a number, like former_attended: the forum's
-- "last met a senior officer" stays true.
ALTER TABLE meetings ADD COLUMN former_officers INTEGER NOT NULL DEFAULT 0 CHECK (former_officers >= 0);
CREATE INDEX meetings_former_officers ON meetings (forum_id, starts_at) WHERE former_officers > 0;

-- A person's records are found by their id (their subject-access export,
-- erasure, the retention review): the consultations they asked as senior
-- officer, and the points quoting them.
CREATE INDEX consultations_officer ON consultations (officer_id) WHERE officer_id IS NOT NULL;
CREATE INDEX consultation_points_speaker ON consultation_points (speaker_id) WHERE speaker_id IS NOT NULL;
