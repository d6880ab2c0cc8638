package store

import (
	"context"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Full-text search over the anthology: SQLite FTS5 (stories_fts), ranked by
// bm25() with the title weighing most, and snippet() marking matched words
// with HitStart and HitEnd.

// DefaultSearchLimit is how many hits SearchStories returns when asked for
// no particular number.
const DefaultSearchLimit = 50

// FTSQuery turns what someone typed into an FTS5 query that can never be a
// syntax error: each word becomes a quoted phrase (double quotes doubled),
// words with no letter or digit are left out, and the last word matches as
// a prefix unless the text ends in a space (so results follow the typing).
// It returns "" when nothing is left to search for.
func FTSQuery(typed string) string {
	words := strings.Fields(typed)
	var terms []string
	for _, w := range words {
		if strings.IndexFunc(w, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) < 0 {
			continue
		}
		terms = append(terms, `"`+strings.ReplaceAll(w, `"`, `""`)+`"`)
	}
	if len(terms) == 0 {
		return ""
	}
	last := words[len(words)-1]
	trailingSpace := strings.TrimRightFunc(typed, unicode.IsSpace) != typed
	if !trailingSpace && strings.HasPrefix(terms[len(terms)-1], `"`+strings.ReplaceAll(last, `"`, `""`)) {
		terms[len(terms)-1] += "*"
	}
	return strings.Join(terms, " ")
}

// SearchStories runs a full-text search of titles, summaries, themes and
// bodies: every word must match (the last as a prefix while typing), the
// best matches (by bm25, title first) come first, at most limit of them
// (DefaultSearchLimit when limit ≤ 0). f narrows the stories searched, as
// for Stories; with f.ReadableFor only stories that may be shown for that
// use today are found. A query with nothing to search for finds nothing.
func (s *Store) SearchStories(ctx context.Context, query string, f StoryFilter, limit int) ([]SearchHit, error) {
	match := FTSQuery(query)
	if match == "" {
		return nil, nil
	}
	if limit <= 0 {
		limit = DefaultSearchLimit
	}
	// The best hits are found first, and only they get snippets (a
	// snippet reads the story's text).
	where, args := storyWhere(f, s.today(), "stories_fts MATCH ?1")
	args = append([]any{match}, args...)
	args = append(args, limit)
	q := `WITH top AS (SELECT stories_fts.rowid AS rid, bm25(stories_fts, 10.0, 4.0, 4.0, 1.0) AS r
		FROM stories_fts JOIN stories s ON s.rid = stories_fts.rowid` + where + ` ORDER BY r LIMIT ?)
		SELECT ` + strings.Replace(storyCols, "bodyCol", "''", 1) + `,
		snippet(stories_fts, -1, char(2), char(3), '…', 14), top.r
		FROM top JOIN stories_fts ON stories_fts.rowid = top.rid JOIN stories s ON s.rid = top.rid
		LEFT JOIN people p ON p.id = s.author_id
		WHERE stories_fts MATCH ?1 ORDER BY top.r, s.title COLLATE NOCASE`
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []SearchHit
	for rows.Next() {
		var r storyScan
		var h SearchHit
		if err := rows.Scan(append(r.dest(), &h.Snippet, &h.Rank)...); err != nil {
			return nil, err
		}
		if err := r.finish(); err != nil {
			return nil, err
		}
		h.StorySummary = r.st.summary(r.words)
		h.Snippet = tidySnippet(h.Snippet)
		out = append(out, h)
	}
	return out, rows.Err()
}

// tidySnippet makes a snippet of markdown fit one line: whitespace runs
// become one space, the commonest markup characters go, and a link shows
// its text without its address ([text](url) reads "text"); the HitStart
// and HitEnd markers stay.
func tidySnippet(s string) string {
	var b strings.Builder
	space := false
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == ']' && strings.HasPrefix(s[i:], "("):
			// The end of a link's text: its address, up to the closing
			// bracket (or the end of the snippet), is not shown.
			if end := strings.IndexByte(s[i:], ')'); end >= 0 {
				i += end + 1
			} else {
				i = len(s)
			}
		case r == '\x02' || r == '\x03':
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		case unicode.IsSpace(r):
			space = true
		case strings.ContainsRune("*_`#>|[]", r), unicode.IsControl(r):
		default:
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		}
	}
	return b.String()
}
