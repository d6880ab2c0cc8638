-- involve schema, version 10: influence. Senior officers' contact with the
-- forums, and people with lived experience training health and care workers.
-- Dates are London dates YYYY-MM-DD.

-- Contacts logged by the coordinator: a visit to a forum, a one-to-one, a
-- board seat, a written reply. (A senior officer's attendance at a forum
-- meeting is a contact too: that one is not stored here but read from the
-- register, through the view officer_attendance below, so it can never
-- drift from it.) The officer is a person in People (officer_id), or, for
-- someone who is not, named in officer_name; erasing the person leaves the
-- contact, unnamed. consultation_id links the topics to a consultation.
CREATE TABLE contacts (
    id              TEXT PRIMARY KEY,
    kind            TEXT NOT NULL CHECK (kind IN ('visit', 'one_to_one', 'board', 'written')),
    contact_date    TEXT NOT NULL CHECK (contact_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    officer_id      TEXT REFERENCES people (id) ON DELETE SET NULL,
    officer_name    TEXT NOT NULL DEFAULT '',
    organisation    TEXT NOT NULL DEFAULT '',
    officer_title   TEXT NOT NULL DEFAULT '',
    topics          TEXT NOT NULL DEFAULT '',
    consultation_id TEXT REFERENCES consultations (id) ON DELETE SET NULL,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1,
    CHECK (officer_id IS NULL OR officer_name = '')
) STRICT;
CREATE INDEX contacts_date ON contacts (contact_date);
CREATE INDEX contacts_officer ON contacts (officer_id) WHERE officer_id IS NOT NULL;

-- The forums a logged contact was with (none, one or several).
CREATE TABLE contact_forums (
    id         TEXT PRIMARY KEY,
    contact_id TEXT NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    forum_id   TEXT NOT NULL REFERENCES forums (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1,
    UNIQUE (contact_id, forum_id)
) STRICT;
CREATE INDEX contact_forums_forum ON contact_forums (forum_id);

-- Every attendance of a senior officer at a forum meeting (not a cancelled
-- one) is a contact. Read from the register and People as they are now.
-- CROSS JOIN keeps SQLite to this order: from the few senior officers to
-- their attendance, never through every meeting's register.
CREATE INDEX people_role ON people (role);
DROP INDEX attendance_person;
CREATE INDEX attendance_person ON attendance (person_id, status, meeting_id);
CREATE VIEW officer_attendance (id, officer_id, meeting_id, forum_id, starts_at) AS
    SELECT a.id, a.person_id, g.id, g.forum_id, g.starts_at
    FROM people p
    CROSS JOIN attendance a ON a.person_id = p.id AND a.status = 'attended'
    CROSS JOIN meetings g ON g.id = a.meeting_id AND g.status != 'cancelled'
    WHERE p.role = 'senior_officer';

-- Actions belong to a meeting (agreed there) or to a logged contact (a
-- senior officer's commitment): exactly one of the two. The table is made
-- again, as SQLite cannot drop NOT NULL from a column.
CREATE TABLE actions_v7 (
    id          TEXT PRIMARY KEY,
    meeting_id  TEXT REFERENCES meetings (id) ON DELETE CASCADE,
    contact_id  TEXT REFERENCES contacts (id) ON DELETE CASCADE,
    description TEXT NOT NULL CHECK (length(trim(description)) > 0),
    owner       TEXT NOT NULL DEFAULT '',
    due         TEXT NOT NULL DEFAULT '',
    done        INTEGER NOT NULL DEFAULT 0 CHECK (done IN (0, 1)),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1,
    CHECK ((meeting_id IS NULL) != (contact_id IS NULL))
) STRICT;
INSERT INTO actions_v7 (id, meeting_id, contact_id, description, owner, due, done, created_at, updated_at, version)
    SELECT id, meeting_id, NULL, description, owner, due, done, created_at, updated_at, version FROM actions;
DROP TABLE actions;
ALTER TABLE actions_v7 RENAME TO actions;
CREATE INDEX actions_due ON actions (done, due);
CREATE INDEX actions_meeting ON actions (meeting_id);
CREATE INDEX actions_contact ON actions (contact_id) WHERE contact_id IS NOT NULL;

-- A training session for health and care workers that people with lived
-- experience helped plan, teach, assess, select or evaluate. The learners'
-- feedback is their average score out of 5, in hundredths (NULL: none
-- collected), over feedback_responses replies.
CREATE TABLE training_sessions (
    id                 TEXT PRIMARY KEY,
    title              TEXT NOT NULL CHECK (length(trim(title)) > 0),
    programme          TEXT NOT NULL DEFAULT '',
    module             TEXT NOT NULL DEFAULT '',
    provider           TEXT NOT NULL DEFAULT '',
    profession         TEXT NOT NULL DEFAULT 'other' CHECK (profession IN
                       ('nursing', 'social_work', 'gp', 'medicine', 'police', 'pharmacy', 'probation', 'paramedic', 'other')),
    session_date       TEXT NOT NULL CHECK (session_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    venue              TEXT NOT NULL DEFAULT '',
    learners           INTEGER NOT NULL DEFAULT 0 CHECK (learners BETWEEN 0 AND 10000),
    involvement        TEXT NOT NULL CHECK (involvement IN ('planning', 'teaching', 'assessment', 'admissions', 'evaluation')),
    feedback_score     INTEGER CHECK (feedback_score IS NULL OR feedback_score BETWEEN 100 AND 500),
    feedback_responses INTEGER NOT NULL DEFAULT 0 CHECK (feedback_responses BETWEEN 0 AND 10000),
    feedback_comments  TEXT NOT NULL DEFAULT '',
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL,
    version            INTEGER NOT NULL DEFAULT 1,
    CHECK ((feedback_score IS NULL) = (feedback_responses = 0))
) STRICT;
CREATE INDEX training_sessions_date ON training_sessions (session_date);
CREATE INDEX training_sessions_programme ON training_sessions (programme COLLATE NOCASE, session_date);

-- The people with lived experience co-delivering a session: whether they
-- were briefed before and debriefed after, their preparation and delivery
-- hours (hundredths, paid through the involvement payments below) and
-- their own feedback on the session.
CREATE TABLE training_trainers (
    id             TEXT PRIMARY KEY,
    session_id     TEXT NOT NULL REFERENCES training_sessions (id) ON DELETE CASCADE,
    person_id      TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    briefed        INTEGER NOT NULL DEFAULT 0 CHECK (briefed IN (0, 1)),
    debriefed      INTEGER NOT NULL DEFAULT 0 CHECK (debriefed IN (0, 1)),
    prep_hours     INTEGER NOT NULL DEFAULT 0 CHECK (prep_hours BETWEEN 0 AND 1000000),
    delivery_hours INTEGER NOT NULL DEFAULT 0 CHECK (delivery_hours BETWEEN 0 AND 1000000),
    feedback       TEXT NOT NULL DEFAULT '',
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    version        INTEGER NOT NULL DEFAULT 1,
    UNIQUE (session_id, person_id)
) STRICT;
CREATE INDEX training_trainers_person ON training_trainers (person_id);

-- The anthology's stories a session used (only those whose consent covers
-- training, checked when one is added).
CREATE TABLE training_stories (
    id         TEXT PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES training_sessions (id) ON DELETE CASCADE,
    story_id   TEXT NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1,
    UNIQUE (session_id, story_id)
) STRICT;
CREATE INDEX training_stories_story ON training_stories (story_id);

-- A co-trainer's hours are paid as an involvement payment like any other,
-- for the training session instead of a meeting.
ALTER TABLE payments ADD COLUMN training_id TEXT REFERENCES training_sessions (id) ON DELETE SET NULL;
CREATE INDEX payments_training ON payments (training_id) WHERE training_id IS NOT NULL;

-- When a session goes, its payments stay (they are records of money) and
-- say which session they were for.
CREATE TRIGGER training_keep_money BEFORE DELETE ON training_sessions
BEGIN
    UPDATE payments SET activity = 'Training: ' || old.title || ' on ' || old.session_date || ' (since deleted)',
        version = version + 1
        WHERE training_id = old.id;
END;
