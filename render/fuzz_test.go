package render

import (
	"strings"
	"testing"
	"time"

	"github.com/involve/involve/internal/testtime"
)

// FuzzRender renders any text, in every style, at a narrow and a usual
// width: no panic, nothing but SGR sequences in the output, and bounded
// time.
func FuzzRender(f *testing.F) {
	for _, d := range []string{
		"# Title\n\nSome *em* and **strong** and `code`.\n",
		"&#27;[2J &#x1b;]0;x&#7; \x1b[31m \u009b2J \u202e",
		"<script>x</script><!-- c --><div>&#27;</div>",
		"> > > > quote\n\n- - - list\n\n1. 2. 3. ordered\n",
		"| a | b |\n|--|--|\n| c | d |\n",
		"```\ncode\n```\n\n    indented\n",
		"[a](<b) [c][d] ![e](f)\n\n[d]: http://x",
		"<https://foo.bar.`baz>` www.x.org",
		strings.Repeat("> ", 300) + "deep\n",
		strings.Repeat("*a ", 300) + strings.Repeat(" b*", 300),
		"Term\n: def\n\n- [ ] task\n",
	} {
		f.Add(d, uint8(80))
	}
	md := NewMarkdown()
	f.Fuzz(func(t *testing.T, text string, w uint8) {
		for _, style := range Styles {
			for _, width := range []int{int(w), 80} {
				var out string
				var err error
				d, cpu := testtime.CPU(func() { out, err = md.Render("", text, width, style) })
				if err != nil {
					t.Fatal(err)
				}
				if limit := testtime.WorkLimit(t, 5*time.Second, cpu); d > limit {
					t.Fatalf("%s at %d took %v (want < %v)", style, width, d, limit)
				}
				if err := OnlySGR(out); err != nil {
					t.Fatalf("%s at %d: %v\n%q", style, width, err, out)
				}
			}
		}
		p := Page{Title: text, Byline: text, ContentNotes: []string{text}, Body: text, Support: text}
		out, err := md.Page("", p, int(w), Dark)
		if err != nil {
			t.Fatal(err)
		}
		if err := OnlySGR(out); err != nil {
			t.Fatalf("page: %v\n%q", err, out)
		}
	})
}
