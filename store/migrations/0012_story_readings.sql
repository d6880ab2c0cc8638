-- involve schema: stories read at forums. Reading mode, which is for
-- reading a story aloud to a forum, notes each day it shows a story's text
-- (once a story a day), so that the annual report can say which stories
-- were read. It records no person: not who read, nor who listened.

CREATE TABLE story_readings (
    id         TEXT PRIMARY KEY,
    story_id   TEXT NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
    read_on    TEXT NOT NULL CHECK (read_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1,
    UNIQUE (story_id, read_on)
) STRICT;
CREATE INDEX story_readings_day ON story_readings (read_on, story_id);
