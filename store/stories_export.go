package store

import (
	"database/sql"
	"encoding/json"
	"time"
)

// The anthology in ExportJSON: stories (with the author's name only when
// it is not a linked person's), their earlier versions and reading
// positions. Rendered pages are a cache and are not exported.

// ExportStory is a story as ExportJSON writes it.
type ExportStory struct {
	Story
	Words int `json:"words"`
}

// ExportStoryVersion is an earlier version of a story, as exported.
type ExportStoryVersion struct {
	ID           string          `json:"id"`
	StoryID      string          `json:"story_id"`
	StoryVersion int64           `json:"story_version"`
	SavedAt      time.Time       `json:"saved_at"`
	Title        string          `json:"title"`
	Body         string          `json:"body"`
	Words        int             `json:"words"`
	Metadata     json.RawMessage `json:"metadata"`
	CreatedAt    time.Time       `json:"created_at"`
	UpdatedAt    time.Time       `json:"updated_at"`
	Version      int64           `json:"version"`
}

// ExportStoryPosition is where the reader left a story, as exported.
type ExportStoryPosition struct {
	ID        string    `json:"id"`
	StoryID   string    `json:"story_id"`
	Line      int       `json:"line"`
	Chars     *int      `json:"chars"` // the letters and digits before the line; null when not known
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	Version   int64     `json:"version"`
}

// ExportStoryReading is a day a story was read at a forum (in reading mode).
type ExportStoryReading struct {
	ID        string    `json:"id"`
	StoryID   string    `json:"story_id"`
	ReadOn    string    `json:"read_on"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	Version   int64     `json:"version"`
}

func storyExportSections() []exportSection {
	return []exportSection{
		{"stories", storySelect(true) + " ORDER BY s.created_at, s.id", func(r *sql.Rows) (any, error) {
			var sc storyScan
			if err := r.Scan(sc.dest()...); err != nil {
				return nil, err
			}
			if err := sc.finish(); err != nil {
				return nil, err
			}
			if sc.st.Uses == nil {
				sc.st.Uses = []Use{}
			}
			return ExportStory{Story: sc.st, Words: sc.words}, nil
		}},
		{"story_versions", `SELECT id, story_id, story_version, saved_at, title, body, words, metadata, created_at,
			updated_at, version FROM story_versions ORDER BY story_id, story_version`, func(r *sql.Rows) (any, error) {
			var v ExportStoryVersion
			var saved, created, updated, meta string
			if err := r.Scan(&v.ID, &v.StoryID, &v.StoryVersion, &saved, &v.Title, &v.Body, &v.Words, &meta,
				&created, &updated, &v.Version); err != nil {
				return nil, err
			}
			v.SavedAt, v.CreatedAt, v.UpdatedAt = parseTS(saved), parseTS(created), parseTS(updated)
			v.Metadata = json.RawMessage(meta)
			return v, nil
		}},
		{"story_positions", "SELECT id, story_id, line, chars, created_at, updated_at, version FROM story_positions ORDER BY story_id",
			func(r *sql.Rows) (any, error) {
				var p ExportStoryPosition
				var created, updated string
				var chars sql.NullInt64
				if err := r.Scan(&p.ID, &p.StoryID, &p.Line, &chars, &created, &updated, &p.Version); err != nil {
					return nil, err
				}
				if chars.Valid {
					c := int(chars.Int64)
					p.Chars = &c
				}
				p.CreatedAt, p.UpdatedAt = parseTS(created), parseTS(updated)
				return p, nil
			}},
		{"story_readings", "SELECT id, story_id, read_on, created_at, updated_at, version FROM story_readings ORDER BY read_on, story_id",
			func(r *sql.Rows) (any, error) {
				var x ExportStoryReading
				var created, updated string
				if err := r.Scan(&x.ID, &x.StoryID, &x.ReadOn, &created, &updated, &x.Version); err != nil {
					return nil, err
				}
				x.CreatedAt, x.UpdatedAt = parseTS(created), parseTS(updated)
				return x, nil
			}},
	}
}
