-- involve schema, version 8: equality monitoring and reach.
--
-- Equality monitoring answers are special-category data (ethnic origin,
-- religion, sexual orientation, health). They are kept apart from the
-- person's record, in a table of their own, one row per person who agreed
-- to give them; every answer is optional and may be "prefer not to say"
-- ('prefer_not'); '' is a question not answered. They are shown only on the
-- person's equality monitoring form (and in their own subject-access
-- export), never on a list, never in `involve export`, and are counted
-- only through disclosure control (package disclosure). Erasing the person
-- erases them (ON DELETE CASCADE; secure_delete overwrites them).
--
-- The questions and answers are the GSS harmonised standards as asked in
-- Census 2021 (England): see store/equality.go for the wording and sources.
CREATE TABLE equality_answers (
    id                 TEXT PRIMARY KEY,
    person_id          TEXT NOT NULL UNIQUE REFERENCES people (id) ON DELETE CASCADE,
    -- The London date the answers were given, and the date the person
    -- agreed to our holding them (no row without that agreement).
    recorded_on        TEXT NOT NULL CHECK (recorded_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    consent_on         TEXT NOT NULL CHECK (consent_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    ethnic_group       TEXT NOT NULL DEFAULT '' CHECK (ethnic_group IN ('', 'prefer_not',
                       'white_british', 'white_irish', 'white_gypsy_traveller', 'white_roma', 'white_other',
                       'mixed_white_black_caribbean', 'mixed_white_black_african', 'mixed_white_asian', 'mixed_other',
                       'asian_indian', 'asian_pakistani', 'asian_bangladeshi', 'asian_chinese', 'asian_other',
                       'black_caribbean', 'black_african', 'black_other',
                       'other_arab', 'other_any')),
    ethnic_other       TEXT NOT NULL DEFAULT '',
    sex                TEXT NOT NULL DEFAULT '' CHECK (sex IN ('', 'prefer_not', 'female', 'male')),
    gender_same        TEXT NOT NULL DEFAULT '' CHECK (gender_same IN ('', 'prefer_not', 'yes', 'no')),
    gender_term        TEXT NOT NULL DEFAULT '',
    sexual_orientation TEXT NOT NULL DEFAULT '' CHECK (sexual_orientation IN ('', 'prefer_not',
                       'straight', 'gay_lesbian', 'bisexual', 'other')),
    orientation_other  TEXT NOT NULL DEFAULT '',
    religion           TEXT NOT NULL DEFAULT '' CHECK (religion IN ('', 'prefer_not',
                       'none', 'christian', 'buddhist', 'hindu', 'jewish', 'muslim', 'sikh', 'other')),
    religion_other     TEXT NOT NULL DEFAULT '',
    condition          TEXT NOT NULL DEFAULT '' CHECK (condition IN ('', 'prefer_not', 'yes', 'no')),
    limitation         TEXT NOT NULL DEFAULT '' CHECK (limitation IN ('', 'prefer_not', 'a_lot', 'a_little', 'not_at_all')),
    -- A year (reported only in age bands), or 'prefer_not', or ''.
    birth_year         TEXT NOT NULL DEFAULT '' CHECK (birth_year IN ('', 'prefer_not')
                       OR birth_year GLOB '[12][0-9][0-9][0-9]'),
    main_language      TEXT NOT NULL DEFAULT '' CHECK (main_language IN ('', 'prefer_not', 'english', 'other')),
    language_other     TEXT NOT NULL DEFAULT '',
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL,
    version            INTEGER NOT NULL DEFAULT 1,
    -- The two-part question: how much a condition limits them is asked
    -- only of someone who has one.
    CHECK (limitation = '' OR condition = 'yes')
) STRICT;

-- Reference populations the coordinator types in to compare reach with:
-- the city's census shares, the treatment population. Not about anyone.
CREATE TABLE reference_populations (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL CHECK (length(trim(name)) > 0),
    as_of      TEXT NOT NULL CHECK (as_of GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    source     TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE UNIQUE INDEX reference_populations_name ON reference_populations (name COLLATE NOCASE);

-- A reference population's share of one answer to one question, in tenths
-- of a percent (12.3% is 123): whole numbers, as money is in pence.
CREATE TABLE reference_shares (
    id             TEXT PRIMARY KEY,
    reference_id   TEXT NOT NULL REFERENCES reference_populations (id) ON DELETE CASCADE,
    question       TEXT NOT NULL CHECK (question IN ('ethnic_group', 'sex', 'gender_identity',
                   'sexual_orientation', 'religion', 'long_term_condition', 'age', 'main_language')),
    category       TEXT NOT NULL CHECK (length(category) > 0),
    percent_tenths INTEGER NOT NULL CHECK (percent_tenths BETWEEN 0 AND 1000),
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    version        INTEGER NOT NULL DEFAULT 1,
    UNIQUE (reference_id, question, category)
) STRICT;
