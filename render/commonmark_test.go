package render_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode"

	xansi "github.com/charmbracelet/x/ansi"
	"golang.org/x/net/html"

	"github.com/involve/involve/internal/fixture"
	"github.com/involve/involve/internal/testtime"
	"github.com/involve/involve/render"
	"github.com/involve/involve/store"
)

// expectedWords are the words of three letters or more in an example's
// reference HTML that the terminal rendering must show too. Left out, as
// the terminal rendering leaves them out on purpose:
//   - the contents of raw <script>, <style> and <textarea> elements and of
//     HTML comments, processing instructions and declarations, which
//     glamour's HTML stripper (bluemonday's strict policy, reimplemented in
//     third_party/glamour/ansi/context.go) drops — raw HTML
//     is untrusted and is never passed to the terminal;
//   - attribute values (link targets, image sources and titles): the
//     reference HTML holds them only inside tags.
//
// Link reference definitions and other markup the specification itself
// drops are not in the reference HTML, so they are not expected either.
func expectedWords(refHTML string) []string {
	z := html.NewTokenizer(strings.NewReader(refHTML))
	var words []string
	skip := 0
	for {
		switch z.Next() {
		case html.ErrorToken:
			return words
		case html.StartTagToken:
			name, _ := z.TagName()
			switch string(name) {
			case "script", "style", "textarea":
				skip++
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			switch string(name) {
			case "script", "style", "textarea":
				skip = max(0, skip-1)
			}
		case html.TextToken:
			if skip > 0 {
				continue
			}
			for _, w := range strings.FieldsFunc(string(z.Text()), func(r rune) bool { return !unicode.IsLetter(r) }) {
				if len([]rune(w)) >= 3 {
					words = append(words, w)
				}
			}
		}
	}
}

// TestCommonMarkExamplesRender imports all 655 examples of the CommonMark
// specification as stories and renders each, read back from the database,
// in the dark and light styles: no panic, no escape sequence but SGR (the
// strict OnlySGR scanner), no warning printed by glamour, bounded time,
// and no text silently vanishing (see expectedWords).
func TestCommonMarkExamplesRender(t *testing.T) {
	examples := fixture.SpecExamples(t)
	ctx := context.Background()
	dir := t.TempDir()
	for _, e := range examples {
		body := fmt.Sprintf("---\ntitle: %q\nslug: example-%03d\n---\n%s", fmt.Sprintf("Example %d", e.Example), e.Example, e.Markdown)
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%03d.md", e.Example)), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	s, err := store.Open(filepath.Join(t.TempDir(), "involve.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if n, err := s.ImportStories(ctx, dir); err != nil || n != len(examples) {
		t.Fatalf("ImportStories = %d, %v", n, err)
	}

	// Glamour prints a warning to standard output for markdown it does
	// not know: catch anything written there while rendering.
	stdout := os.Stdout
	rd, wr, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	os.Stdout = wr
	printed := make(chan string)
	go func() {
		var b bytes.Buffer
		io.Copy(&b, rd)
		printed <- b.String()
	}()
	defer func() { os.Stdout = stdout }()

	md := render.NewMarkdown()
	vanished := 0
	for _, e := range examples {
		st, err := s.Story(ctx, fmt.Sprintf("example-%03d", e.Example))
		if err != nil {
			t.Fatalf("example %d: %v", e.Example, err)
		}
		for _, style := range []string{render.Dark, render.Light} {
			for _, width := range []int{render.MinWidth, 80, 120} {
				var out string
				d, cpu := testtime.CPU(func() { out, err = md.Render("", st.Body, width, style) })
				if err != nil {
					t.Fatalf("example %d, %s, width %d: %v", e.Example, style, width, err)
				}
				if limit := testtime.WorkLimit(t, time.Second, cpu); d > limit {
					t.Errorf("example %d, %s, width %d: took %v (want < %v)", e.Example, style, width, d, limit)
				}
				if err := render.OnlySGR(out); err != nil {
					t.Errorf("example %d, %s, width %d: %v\n%q", e.Example, style, width, err, out)
				}
				if width != 120 {
					continue
				}
				plain := xansi.Strip(out)
				for _, w := range expectedWords(e.HTML) {
					if !strings.Contains(plain, w) {
						vanished++
						t.Errorf("example %d (%s), %s: %q vanished\nmarkdown %q\nrendered:\n%s", e.Example, e.Section, style, w, e.Markdown, plain)
					}
				}
			}
		}
	}
	wr.Close()
	os.Stdout = stdout
	if out := <-printed; out != "" {
		t.Errorf("rendering printed to standard output:\n%s", out)
	}
	if vanished > 0 {
		t.Logf("%d words vanished", vanished)
	}
}
