package store

import (
	"context"
	"path/filepath"
	"testing"
)

func TestTidySnippet(t *testing.T) {
	for in, want := range map[string]string{
		"**Bold** and *em*,\n\n> quoted   text":               "Bold and em, quoted text",
		"see [the \x02forum\x03 page](https://x.org/a) today": "see the \x02forum\x03 page today",
		"a [link](https://cut.off/at/the/end…":                "a link",
		"## Heading | table | `code`":                         "Heading table code",
		"brackets [alone] stay as words":                      "brackets alone stay as words",
	} {
		if got := tidySnippet(in); got != want {
			t.Errorf("tidySnippet(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzSearchQuery: nothing anyone types into the search is an FTS5 syntax
// error, whatever quotes, minuses, ORs and brackets it holds.
func FuzzSearchQuery(f *testing.F) {
	for _, seed := range []string{`brother OR tea`, `a -b`, `"a b" -"c d"`, `-"`, `"-`, `OR -OR`, `NOT ( a`, `a* ^b`, `"" -"" OR ""`} {
		f.Add(seed)
	}
	s, err := Open(filepath.Join(f.TempDir(), "involve.db"))
	if err != nil {
		f.Fatal(err)
	}
	defer s.Close()
	st := Story{Title: "Tea and a brother", Body: "one cup of tea", Status: StoryApproved}
	if err := s.SaveStory(context.Background(), &st); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, typed string) {
		if _, err := s.SearchStories(context.Background(), typed, StoryFilter{}, 5); err != nil {
			t.Fatalf("%q (FTS5 %q): %v", typed, FTSQuery(typed), err)
		}
	})
}
