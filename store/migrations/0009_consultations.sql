-- involve schema: consultations and the "you said, we did" loop.
-- A consultation asks forums a question; the points they raise ("you
-- said") each get a response ("we did"), and the loop is closed by telling
-- them (feedback events). Dates are London dates YYYY-MM-DD ('' for none).
--
-- Comments stay outside the CREATE statements, and the CHECKs are kept
-- short: SQLite parses the whole schema each time the file is opened, and
-- the first frame waits for it.
--
-- consultations: who is asking (the organisation; the senior officer, a
-- person; who decides, free text: a board, a post, a person), the question
-- word for word, options, papers (markdown), what cannot change, the
-- dates, the channels used (one flag each), and the participation level
-- promised and achieved as rungs of the ladder it was recorded on (which
-- rungs belong to which ladder is checked by the program).

CREATE TABLE consultations (
    id           TEXT PRIMARY KEY,
    title        TEXT NOT NULL CHECK (length(trim(title)) > 0),
    organisation TEXT NOT NULL DEFAULT '',
    officer_id   TEXT REFERENCES people (id) ON DELETE SET NULL,
    decider      TEXT NOT NULL DEFAULT '',
    question     TEXT NOT NULL DEFAULT '',
    options      TEXT NOT NULL DEFAULT '',
    papers       TEXT NOT NULL DEFAULT '',
    fixed        TEXT NOT NULL DEFAULT '',
    opens        TEXT NOT NULL CHECK (opens GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    deadline     TEXT NOT NULL CHECK (deadline GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    ch_forum       INTEGER NOT NULL DEFAULT 0 CHECK (ch_forum IN (0, 1)),
    ch_survey      INTEGER NOT NULL DEFAULT 0 CHECK (ch_survey IN (0, 1)),
    ch_focus_group INTEGER NOT NULL DEFAULT 0 CHECK (ch_focus_group IN (0, 1)),
    ch_one_to_one  INTEGER NOT NULL DEFAULT 0 CHECK (ch_one_to_one IN (0, 1)),
    ladder       TEXT NOT NULL DEFAULT 'tlap' CHECK (ladder IN ('tlap', 'arnstein')),
    promised     TEXT NOT NULL DEFAULT '' CHECK (promised NOT GLOB '*[^a-z_]*'),
    achieved     TEXT NOT NULL DEFAULT '' CHECK (achieved NOT GLOB '*[^a-z_]*'),
    status       TEXT NOT NULL DEFAULT 'open' CHECK (status IN
                 ('open', 'closed_to_responses', 'awaiting_decision', 'fed_back', 'closed')),
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    version      INTEGER NOT NULL DEFAULT 1,
    CHECK (deadline >= opens)
) STRICT;
CREATE INDEX consultations_status ON consultations (status, deadline);

-- The forums a consultation asks.
CREATE TABLE consultation_forums (
    id              TEXT PRIMARY KEY,
    consultation_id TEXT NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
    forum_id        TEXT NOT NULL REFERENCES forums (id) ON DELETE CASCADE,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1,
    UNIQUE (consultation_id, forum_id)
) STRICT;
CREATE INDEX consultation_forums_forum ON consultation_forums (forum_id);

-- "You said": a point raised, anonymous unless its speaker agreed to be
-- quoted. A quote needs its speaker (a person) and the date and way
-- their consent was given.
CREATE TABLE consultation_points (
    id                TEXT PRIMARY KEY,
    consultation_id   TEXT NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
    meeting_id        TEXT REFERENCES meetings (id) ON DELETE SET NULL,
    raised_on         TEXT NOT NULL CHECK (raised_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    text              TEXT NOT NULL CHECK (length(trim(text)) > 0),
    raised_by         INTEGER NOT NULL DEFAULT 1 CHECK (raised_by BETWEEN 1 AND 100000),
    quote             TEXT NOT NULL DEFAULT '',
    speaker_id        TEXT REFERENCES people (id) ON DELETE SET NULL,
    quote_consent     TEXT NOT NULL DEFAULT '' CHECK (quote_consent = '' OR quote_consent GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    quote_consent_how TEXT NOT NULL DEFAULT '' CHECK (quote_consent_how IN ('', 'written', 'verbal')),
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    version           INTEGER NOT NULL DEFAULT 1,
    CHECK (quote = '' OR (speaker_id IS NOT NULL AND quote_consent != '' AND quote_consent_how != ''))
) STRICT;
CREATE INDEX consultation_points_consultation ON consultation_points (consultation_id, raised_on);
CREATE INDEX consultation_points_meeting ON consultation_points (meeting_id) WHERE meeting_id IS NOT NULL;

-- A quote is its speaker's words: erasing the person erases the quote
-- (before the person's row goes, so the CHECK above holds throughout).
CREATE TRIGGER consultation_quotes_erase BEFORE DELETE ON people BEGIN
    UPDATE consultation_points SET quote = '', speaker_id = NULL, quote_consent = '', quote_consent_how = '',
        updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), version = version + 1
    WHERE speaker_id = old.id;
END;

-- "We did": the response to a point, with the reason for it, who decided
-- and when, the stage of the service it changed, and when to check that
-- the change happened.
CREATE TABLE consultation_responses (
    id           TEXT PRIMARY KEY,
    point_id     TEXT NOT NULL UNIQUE REFERENCES consultation_points (id) ON DELETE CASCADE,
    outcome      TEXT NOT NULL CHECK (outcome IN ('done', 'partly', 'not_done')),
    reason       TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    decided_by   TEXT NOT NULL CHECK (length(trim(decided_by)) > 0),
    decided_on   TEXT NOT NULL CHECK (decided_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    stage        TEXT NOT NULL DEFAULT '' CHECK (stage IN
                 ('', 'planning', 'development', 'delivery', 'commissioning', 'recruitment', 'evaluation')),
    impact_check TEXT NOT NULL DEFAULT '' CHECK (impact_check = '' OR impact_check GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    version      INTEGER NOT NULL DEFAULT 1,
    CHECK (outcome = 'not_done' OR stage != '')
) STRICT;

-- Telling people what happened: initial (thanks and what happens next),
-- interim, full.
CREATE TABLE consultation_feedback (
    id              TEXT PRIMARY KEY,
    consultation_id TEXT NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
    kind            TEXT NOT NULL CHECK (kind IN ('initial', 'interim', 'full')),
    given_on        TEXT NOT NULL CHECK (given_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    channel         TEXT NOT NULL CHECK (channel IN
                    ('meeting', 'letter', 'email', 'newsletter', 'noticeboard', 'one_to_one', 'website', 'other')),
    note            TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX consultation_feedback_consultation ON consultation_feedback (consultation_id, given_on);

-- The "Matters arising" section involve keeps in a meeting's agenda: the
-- digest of the text it last wrote there, to tell whether the coordinator
-- has since edited it (then it is left as they wrote it), and that it was
-- put there once (a section the coordinator removed is not put back).
CREATE TABLE agenda_sections (
    id         TEXT PRIMARY KEY,
    meeting_id TEXT NOT NULL UNIQUE REFERENCES meetings (id) ON DELETE CASCADE,
    digest     TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1
) STRICT;
