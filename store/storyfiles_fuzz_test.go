package store

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzFrontMatter feeds story files to the parser: it never panics, every
// story it accepts is valid, and writing that story out and reading it
// back gives the same story.
func FuzzFrontMatter(f *testing.F) {
	f.Add([]byte(fullFront))
	f.Add([]byte("---\ntitle: x\n---\nbody\n"))
	f.Add([]byte("---\ntitle: [a\n---\n"))
	f.Add([]byte("---\r\ntitle: crlf\r\nuses: [forums]\r\n---\r\nbody\r\n"))
	f.Add([]byte("\ufeff---\ntitle: bom\n...\nbody"))
	f.Add([]byte("no front matter\n# but a heading\n"))
	f.Add([]byte("---\ntitle: &a x\nslug: *a\nthemes: !!binary aGVsbG8=\n---\n"))
	f.Add([]byte("---\ntitle: x\nconsent: given\nconsent_date: 2026-01-01\nnaming: pseudonym\npseudonym: \"\\e[2J\"\n---\n"))
	f.Add([]byte("---\n" + strings.Repeat("- ", 100) + "\n---\n"))
	f.Add([]byte("---\nid: 0190f3a4-1b2c-7d3e-8f40-123456789abc\ntitle: \"\\u202e\"\n---\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		sf, err := parseStoryFile("fuzz.md", data)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "fuzz.md:") {
				t.Errorf("error without FILE:LINE: %v", err)
			}
			return
		}
		st := sf.story
		if err := (&st).Validate(); err != nil {
			t.Fatalf("accepted an invalid story: %v", err)
		}
		if !utf8.ValidString(st.Body) || !utf8.ValidString(st.Title) {
			t.Fatal("accepted text that is not UTF-8")
		}
		out, err := StoryMarkdown(&st)
		if err != nil {
			t.Fatalf("StoryMarkdown: %v", err)
		}
		again, err := parseStoryFile("again.md", out)
		if err != nil {
			t.Fatalf("a written story does not read back: %v\n%s", err, out)
		}
		if !reflect.DeepEqual(again.story, st) {
			t.Fatalf("round trip changed the story:\n%+v\n%+v\n%s", st, again.story, out)
		}
	})
}
