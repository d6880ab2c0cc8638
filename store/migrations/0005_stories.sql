-- involve schema, version 5: the anthology (stories, versions, consent, full-text search).
-- Stories are markdown written by local people and shown only where their
-- authors have agreed. Dates are London dates YYYY-MM-DD or ''.

CREATE TABLE stories (
    id            TEXT PRIMARY KEY,
    -- rid is the story's row in the full-text index. It is an ordinary
    -- column, not the rowid, so VACUUM can never renumber it.
    rid           INTEGER NOT NULL UNIQUE CHECK (rid > 0),
    slug          TEXT NOT NULL UNIQUE CHECK (length(slug) BETWEEN 1 AND 80
                  AND slug NOT GLOB '*[^a-z0-9-]*' AND slug NOT GLOB '-*' AND slug NOT GLOB '*-'),
    title         TEXT NOT NULL CHECK (length(trim(title)) > 0),
    summary       TEXT NOT NULL DEFAULT '',
    -- Themes and content notes are JSON arrays of strings.
    themes        TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(themes) AND json_type(themes) = 'array'),
    content_notes TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(content_notes) AND json_type(content_notes) = 'array'),
    words         INTEGER NOT NULL DEFAULT 0 CHECK (words >= 0),
    status        TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'approved', 'published')),
    -- A linked author's name comes from people; author_name holds the name
    -- only of an author who is not in people, so erasing a person erases it.
    author_id     TEXT REFERENCES people (id) ON DELETE SET NULL,
    author_name   TEXT NOT NULL DEFAULT '',
    author_area   TEXT NOT NULL DEFAULT '',
    pseudonym     TEXT NOT NULL DEFAULT '',
    naming        TEXT NOT NULL DEFAULT 'anonymous' CHECK (naming IN
                  ('full_name', 'first_name', 'first_name_area', 'pseudonym', 'anonymous')),
    consent       TEXT NOT NULL DEFAULT 'not_asked' CHECK (consent IN ('not_asked', 'given', 'withdrawn')),
    consent_date  TEXT NOT NULL DEFAULT '' CHECK (consent_date = '' OR consent_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    consent_how   TEXT NOT NULL DEFAULT '' CHECK (consent_how IN ('', 'written', 'verbal')),
    -- The uses agreed, one flag each.
    use_forums    INTEGER NOT NULL DEFAULT 0 CHECK (use_forums IN (0, 1)),
    use_print     INTEGER NOT NULL DEFAULT 0 CHECK (use_print IN (0, 1)),
    use_training  INTEGER NOT NULL DEFAULT 0 CHECK (use_training IN (0, 1)),
    use_online    INTEGER NOT NULL DEFAULT 0 CHECK (use_online IN (0, 1)),
    expires       TEXT NOT NULL DEFAULT '' CHECK (expires = '' OR expires GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    embargo       TEXT NOT NULL DEFAULT '' CHECK (embargo = '' OR embargo GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    text_approved TEXT NOT NULL DEFAULT '' CHECK (text_approved = '' OR text_approved GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX stories_title ON stories (title COLLATE NOCASE);
CREATE INDEX stories_author ON stories (author_id) WHERE author_id IS NOT NULL;

-- A story's markdown, kept apart so that listing and filtering the
-- library never reads the texts. id is the story's id; the row comes and
-- goes with the story, and its timestamps and version follow the story's.
CREATE TABLE story_bodies (
    id         TEXT PRIMARY KEY REFERENCES stories (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1,
    body       TEXT NOT NULL DEFAULT ''
) STRICT;

-- Every edit keeps the text and metadata it replaced: the story's version
-- number and when that version was saved, its title, body, and the rest
-- as a JSON object.
CREATE TABLE story_versions (
    id            TEXT PRIMARY KEY,
    story_id      TEXT NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
    story_version INTEGER NOT NULL CHECK (story_version > 0),
    saved_at      TEXT NOT NULL,
    title         TEXT NOT NULL,
    words         INTEGER NOT NULL CHECK (words >= 0),
    metadata      TEXT NOT NULL CHECK (json_valid(metadata) AND json_type(metadata) = 'object'),
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1,
    body          TEXT NOT NULL,
    UNIQUE (story_id, story_version)
) STRICT;

-- Where the reader left each story (one coordinator per database).
CREATE TABLE story_positions (
    id         TEXT PRIMARY KEY,
    story_id   TEXT NOT NULL UNIQUE REFERENCES stories (id) ON DELETE CASCADE,
    line       INTEGER NOT NULL CHECK (line >= 0),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1
) STRICT;

-- Rendered pages, so a story is rendered once per version, width and
-- style. digest identifies exactly what was rendered (header, body,
-- support message, renderer); a row whose digest no longer matches is
-- stale. Only a cache: deleting rows loses nothing.
CREATE TABLE story_renders (
    id            TEXT PRIMARY KEY,
    story_id      TEXT NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
    story_version INTEGER NOT NULL,
    width         INTEGER NOT NULL CHECK (width BETWEEN 1 AND 10000),
    style         TEXT NOT NULL CHECK (style IN ('dark', 'light', 'notty', 'plain')),
    digest        TEXT NOT NULL,
    rendered      TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1,
    UNIQUE (story_id, story_version, width, style)
) STRICT;

-- Full-text search over title, summary, themes and body, reading its text
-- from the view stories_text (external content, rowid = stories.rid).
-- secure-delete makes a deleted or edited story's words really leave the
-- index. The triggers keep it in step, in the same transaction as the
-- change: a story's row is written first, then its body.
CREATE VIEW stories_text (rid, title, summary, themes, body) AS
    SELECT s.rid, s.title, s.summary, s.themes, b.body FROM stories s JOIN story_bodies b ON b.id = s.id;

CREATE VIRTUAL TABLE stories_fts USING fts5(
    title, summary, themes, body,
    content = 'stories_text', content_rowid = 'rid',
    tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO stories_fts (stories_fts, rank) VALUES ('secure-delete', 1);

CREATE TRIGGER stories_fts_insert AFTER INSERT ON story_bodies BEGIN
    INSERT INTO stories_fts (rowid, title, summary, themes, body)
    SELECT s.rid, s.title, s.summary, s.themes, new.body FROM stories s WHERE s.id = new.id;
END;

CREATE TRIGGER stories_fts_body AFTER UPDATE OF body ON story_bodies WHEN old.body IS NOT new.body BEGIN
    INSERT INTO stories_fts (stories_fts, rowid, title, summary, themes, body)
    SELECT 'delete', s.rid, s.title, s.summary, s.themes, old.body FROM stories s WHERE s.id = old.id;
    INSERT INTO stories_fts (rowid, title, summary, themes, body)
    SELECT s.rid, s.title, s.summary, s.themes, new.body FROM stories s WHERE s.id = new.id;
END;

CREATE TRIGGER stories_fts_update AFTER UPDATE OF rid, title, summary, themes ON stories BEGIN
    INSERT INTO stories_fts (stories_fts, rowid, title, summary, themes, body)
    SELECT 'delete', old.rid, old.title, old.summary, old.themes, b.body FROM story_bodies b WHERE b.id = old.id;
    INSERT INTO stories_fts (rowid, title, summary, themes, body)
    SELECT new.rid, new.title, new.summary, new.themes, b.body FROM story_bodies b WHERE b.id = new.id;
END;

-- Before, so the body (deleted with the story) is still there to unindex.
CREATE TRIGGER stories_fts_delete BEFORE DELETE ON stories BEGIN
    INSERT INTO stories_fts (stories_fts, rowid, title, summary, themes, body)
    SELECT 'delete', old.rid, old.title, old.summary, old.themes, b.body FROM story_bodies b WHERE b.id = old.id;
END;
