package store

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"testing"

	"github.com/involve/involve/termsafe"
)

// specExample is one example of the CommonMark specification, as
// ../shared/testdata/commonmark-spec-examples.json holds it.
type specExample struct {
	Example  int    `json:"example"`
	Section  string `json:"section"`
	Markdown string `json:"markdown"`
	HTML     string `json:"html"`
}

// loadspecExamples reads the CommonMark examples from shared/testdata
// beside the repository, skipping the test when they are not there.
func loadspecExamples(tb testing.TB) []specExample {
	tb.Helper()
	_, file, _, _ := runtime.Caller(0)
	path := filepath.Join(filepath.Dir(file), "..", "..", "shared", "testdata", "commonmark-spec-examples.json")
	data, err := os.ReadFile(path)
	if err != nil {
		tb.Skipf("the CommonMark examples are not at %s (they live in shared/testdata beside the repository): %v", path, err)
	}
	var ex []specExample
	if err := json.Unmarshal(data, &ex); err != nil {
		tb.Fatalf("%s: %v", path, err)
	}
	if len(ex) != 655 {
		tb.Fatalf("%s holds %d examples, want 655", path, len(ex))
	}
	return ex
}

// specExampleFile is an example as a story file: front matter, then the
// example's markdown as the body.
func specExampleFile(e specExample) string {
	return fmt.Sprintf("---\ntitle: %q\nslug: example-%03d\nthemes: [commonmark, %q]\n---\n%s",
		fmt.Sprintf("Example %d: %s", e.Example, e.Section), e.Example, e.Section, e.Markdown)
}

// TestCommonMarkExamplesImportAndRoundTrip imports all 655 examples of the
// CommonMark specification as stories, then exports them and imports the
// export into an empty database: every body comes back byte for byte.
func TestCommonMarkExamplesImportAndRoundTrip(t *testing.T) {
	examples := loadspecExamples(t)
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
