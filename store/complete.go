package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"strings"
)

// readOnlyOptions open a database for reading only: SQLite is asked for a
// read-only file, and query_only refuses any change even so.
const readOnlyOptions = "?mode=ro&_pragma=busy_timeout(1000)&_pragma=query_only(1)"

// OpenReadOnly opens an existing involve database for reading only, as
// shell completion does: it never creates a file or folder, never brings
// the schema up to date and never writes. A missing or empty file, or one
// that is not an involve database this program can read, is an error.
func OpenReadOnly(path string) (*Store, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("cannot open %s: %s", path, FileProblem(err))
	}
	if info.IsDir() || info.Size() == 0 {
		return nil, fmt.Errorf("%s is not an involve database", path)
	}
	// In WAL mode even a read-only connection makes the -wal and -shm
	// files when they are not there, and leaves them behind. They are
	// there while involve has the database open, and then it is read
	// through them; when they are not, nothing is writing the file, and
	// it is read as it stands (immutable: no files, no locks).
	opts := readOnlyOptions
	if _, err := os.Stat(path + "-wal"); errors.Is(err, os.ErrNotExist) {
		opts += "&immutable=1"
	}
	db, err := sql.Open("sqlite", "file:"+(&url.URL{Path: path}).EscapedPath()+opts)
	if err != nil {
		return nil, fmt.Errorf("cannot open %s: %w", path, err)
	}
	db.SetMaxOpenConns(1)
	s := newStore(db, path)
	v, err := s.userVersion(context.Background())
	switch {
	case err != nil:
		err = fmt.Errorf("%s is not an involve database (or is damaged): %s", path, sqliteProblem(err))
	case v == 0:
		err = fmt.Errorf("%s is not an involve database", path)
	case v > SchemaVersion():
		err = fmt.Errorf("%s was written by a newer involve (schema %d; this program knows %d): upgrade involve", path, v, SchemaVersion())
	}
	if err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// Suggestion is a value the command line may offer to complete what is
// being typed, with a few words about it (none for a forum).
type Suggestion struct {
	Value string
	About string
}

// suggestionLimit is the most suggestions offered at once: a shell shows a
// few screens of them at most, and they are asked for at every tab.
const suggestionLimit = 200

// likePrefix is a LIKE pattern for values starting with prefix, any case
// (for ASCII), with LIKE's wildcards in prefix taken literally (ESCAPE '\').
func likePrefix(prefix string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return r.Replace(prefix) + "%"
}

// ForumSuggestions lists the names of the forums starting with prefix (any
// case), by name.
func (s *Store) ForumSuggestions(ctx context.Context, prefix string) ([]Suggestion, error) {
	if err := s.allow(ctx, "ForumSuggestions"); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT name, '' FROM forums WHERE name LIKE ? ESCAPE '\'
		ORDER BY name COLLATE NOCASE LIMIT ?`, likePrefix(prefix), suggestionLimit)
	return scanSuggestions(rows, err)
}

// StorySuggestions lists the slugs starting with prefix, with each story's
// title, by slug. With readable set, only the stories that may be read at
// forums today (those "stories show" shows).
func (s *Store) StorySuggestions(ctx context.Context, prefix string, readable bool) ([]Suggestion, error) {
	if err := s.allow(ctx, "StorySuggestions"); err != nil {
		return nil, err
	}
	if !readable {
		if err := s.need("StorySuggestions", CapStories); err != nil {
			return nil, err
		}
	}
	f := StoryFilter{}
	if readable {
		f.ReadableFor = UseForums
	}
	where, args := storyWhere(f, s.today(), `s.slug LIKE ? ESCAPE '\'`)
	args = append([]any{likePrefix(prefix)}, args...)
	rows, err := s.db.QueryContext(ctx, "SELECT s.slug, s.title FROM stories s"+where+" ORDER BY s.slug LIMIT ?",
		append(args, suggestionLimit)...)
	return scanSuggestions(rows, err)
}

// MeetingSuggestions lists the ids of meetings starting with prefix, with
// each meeting's London date, time and forum: the coming planned meetings
// first, soonest first, then the others, latest first.
func (s *Store) MeetingSuggestions(ctx context.Context, prefix string) ([]Suggestion, error) {
	if err := s.allow(ctx, "MeetingSuggestions"); err != nil {
		return nil, err
	}
	now := ts(s.now())
	rows, err := s.db.QueryContext(ctx, `SELECT g.id, g.starts_at, f.name FROM meetings g JOIN forums f ON f.id = g.forum_id
		WHERE g.id LIKE ?1 ESCAPE '\'
		ORDER BY (g.status = 'planned' AND g.ends_at >= ?2) DESC,
		         CASE WHEN g.status = 'planned' AND g.ends_at >= ?2 THEN g.starts_at END,
		         g.starts_at DESC
		LIMIT ?3`, likePrefix(prefix), now, suggestionLimit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Suggestion
	for rows.Next() {
		var id, start, forum string
		if err := rows.Scan(&id, &start, &forum); err != nil {
			return nil, err
		}
		out = append(out, Suggestion{Value: id, About: parseTS(start).In(London).Format("Mon 2 Jan 2006 15:04") + " " + forum})
	}
	return out, rows.Err()
}

func scanSuggestions(rows *sql.Rows, err error) ([]Suggestion, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Suggestion
	for rows.Next() {
		var sg Suggestion
		if err := rows.Scan(&sg.Value, &sg.About); err != nil {
			return nil, err
		}
		out = append(out, sg)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, nil
}
