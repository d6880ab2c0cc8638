package store

import (
	"context"
	"fmt"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/involve/involve/internal/fixture"
	"github.com/involve/involve/termsafe"
)

// specExampleFile is an example as a story file: front matter, then the
// example's markdown as the body.
func specExampleFile(e fixture.SpecExample) string {
	return fmt.Sprintf("---\ntitle: %q\nslug: example-%03d\nthemes: [commonmark, %q]\n---\n%s",
		fmt.Sprintf("Example %d: %s", e.Example, e.Section), e.Example, e.Section, e.Markdown)
}

// TestCommonMarkExamplesImportAndRoundTrip imports all 655 examples of the
// CommonMark specification as stories, then exports them and imports the
// export into an empty database: every body comes back byte for byte.
func TestCommonMarkExamplesImportAndRoundTrip(t *testing.T) {
	examples := fixture.SpecExamples(t)
	ctx := context.Background()
	dir := t.TempDir()
	for _, e := range examples {
		writeStoryFile(t, dir, fmt.Sprintf("example-%03d.md", e.Example), specExampleFile(e))
	}
	s := recOpen(t)
	n, err := s.ImportStories(ctx, dir)
	if err != nil || n != len(examples) {
		t.Fatalf("ImportStories = %d, %v", n, err)
	}
	for _, e := range examples {
		st, err := s.Story(ctx, fmt.Sprintf("example-%03d", e.Example))
		if err != nil {
			t.Fatalf("example %d: %v", e.Example, err)
		}
		// The input layer drops controls (example 26 holds a NUL).
		if want := termsafe.Clean(e.Markdown); st.Body != want {
			t.Errorf("example %d: body %q, want %q", e.Example, st.Body, want)
		}
	}
	if _, err := s.db.Exec("INSERT INTO stories_fts (stories_fts, rank) VALUES ('integrity-check', 1)"); err != nil {
		t.Errorf("the full-text index does not match the stories: %v", err)
	}
	out := filepath.Join(t.TempDir(), "export")
	if m, err := s.ExportStories(ctx, out); err != nil || m != n {
		t.Fatalf("ExportStories = %d, %v", m, err)
	}
	s2 := recOpenPath(t, filepath.Join(t.TempDir(), "empty.db"))
	if m, err := s2.ImportStories(ctx, out); err != nil || m != n {
		t.Fatalf("re-import = %d, %v", m, err)
	}
	for _, e := range examples {
		slug := fmt.Sprintf("example-%03d", e.Example)
		a, _ := s.Story(ctx, slug)
		b, err := s2.Story(ctx, slug)
		if err != nil {
			t.Fatalf("%s after the round trip: %v", slug, err)
		}
		if a.Body != b.Body {
			t.Errorf("%s: body changed in the round trip:\n%q\n%q", slug, a.Body, b.Body)
		}
		a.Meta, b.Meta = Meta{}, Meta{}
		if !reflect.DeepEqual(a, b) {
			t.Errorf("%s: changed in the round trip:\n%+v\n%+v", slug, a, b)
		}
	}
}
