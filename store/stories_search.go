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
// syntax error. Every word must match; "words in double quotes" match as a
// phrase; OR between two words lets either match; a word or phrase after a
// minus (-funeral) must not match. Each word becomes a quoted FTS5 string
// (double quotes doubled), so nothing typed is taken for FTS5's own syntax;
// words with no letter or digit are left out; and the last word matches as
// a prefix unless the text ends in a space (so results follow the typing).
// It returns "" when nothing is left to search for (a query of only
// excluded words finds nothing: there is nothing to exclude them from).
func FTSQuery(typed string) string {
	// Control characters are not text (and a NUL would end the query
	// string in SQLite): they part words, as spaces do.
	typed = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return ' '
		}
		return r
	}, typed)
	var must, mustNot []string
	or := false
	toks := searchTokens(typed)
	trailingSpace := strings.TrimRightFunc(typed, unicode.IsSpace) != typed
	for i, t := range toks {
		if t.text == "OR" && !t.phrase && !t.not {
			or = len(must) > 0
			continue
		}
		if strings.IndexFunc(t.text, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) < 0 {
			continue
		}
		term := `"` + strings.ReplaceAll(t.text, `"`, `""`) + `"`
		if i == len(toks)-1 && !t.phrase && !t.not && !trailingSpace {
			term += "*"
		}
		if t.not {
			mustNot = append(mustNot, term)
			continue
		}
		if or {
			must = append(must, "OR")
			or = false
		}
		must = append(must, term)
	}
	if len(must) == 0 {
		return ""
	}
	q := strings.Join(must, " ")
	if len(mustNot) > 0 {
		q = "(" + q + ") NOT (" + strings.Join(mustNot, " OR ") + ")"
	}
	return q
}

// searchToken is a word or a "quoted phrase" of a search, maybe excluded.
type searchToken struct {
	text   string
	phrase bool
	not    bool
}

// searchTokens splits what was typed into words and quoted phrases; a
// minus before one excludes it. A quote left open runs to the end.
func searchTokens(typed string) []searchToken {
	var out []searchToken
	s := typed
	for {
		s = strings.TrimLeftFunc(s, unicode.IsSpace)
		if s == "" {
			return out
		}
		var t searchToken
		if len(s) > 1 && s[0] == '-' {
			t.not, s = true, s[1:]
		}
		if s[0] == '"' {
			end := strings.IndexByte(s[1:], '"')
			if end < 0 {
				t.text, s = s[1:], ""
			} else {
				t.text, s = s[1:1+end], s[2+end:]
			}
			t.phrase = true
		} else {
			end := strings.IndexFunc(s, unicode.IsSpace)
			if end < 0 {
				end = len(s)
			}
			t.text, s = s[:end], s[end:]
		}
		out = append(out, t)
	}
}

// SearchStories runs a full-text search of titles, summaries, themes and
// bodies: every word must match (the last as a prefix while typing), the
// best matches (by bm25, title first) come first, at most limit of them
// (DefaultSearchLimit when limit ≤ 0). f narrows the stories searched, as
// for Stories; with f.ReadableFor only stories that may be shown for that
// use today are found. A query with nothing to search for finds nothing.
func (s *Store) SearchStories(ctx context.Context, query string, f StoryFilter, limit int) ([]SearchHit, error) {
	if err := s.allow(ctx, "SearchStories"); err != nil {
		return nil, err
	}
	if f.ReadableFor == "" {
		if err := s.need("SearchStories", CapStories); err != nil {
			return nil, err
		}
	}
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
