package render

import (
	"crypto/sha256"
	"flag"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"
)

var updateDigest = flag.Bool("update-digest", false, "rewrite testdata/render-digest.txt after a deliberate change to what renders look like")

// randomDocument is markdown made of random pieces: headings, quotes,
// lists, tabs, code, tables, definition lists, long words and links.
func randomDocument(seed uint64) string {
	pieces := []string{"# ", "## ", "> ", "- ", "1. ", "  ", "\t", "\n", "\n\n", "```\n", "~~~", "| a | b |\n|---|---|\n| c | d |\n",
		"word ", "anotherword ", "*em* ", "**strong** ", "`code` ", "~~del~~ ", "https://example.org/a/very/long/path/that/does/not/break ",
		"www.example.com ", "verylongunbreakablewordthatgoesonandonandon ", "Term\n: definition\n", "- [ ] task\n", "<b>x</b>", "&amp; ",
		"self-esteem ", "well-being ", "世界 ", "é ", ":", "---\n", "[link](http://x.y) ", "![img](a.png) ", "    indented code\n"}
	rng := rand.New(rand.NewPCG(seed, 42))
	var d strings.Builder
	for range 5 + rng.IntN(40) {
		d.WriteString(pieces[rng.IntN(len(pieces))])
	}
	return d.String()
}

// TestRendersUnchanged renders 600 random documents at three widths in two
// styles and compares a digest of everything with the one kept in
// testdata: an optimisation of the renderer (or of the copy of glamour)
// must not change what a reader sees. After a deliberate change, rewrite
// it with: go test ./render -run TestRendersUnchanged -update-digest
func TestRendersUnchanged(t *testing.T) {
	if testing.Short() {
		t.Skip("renders 3,600 documents")
	}
	md := NewMarkdown()
	h := sha256.New()
	for seed := range uint64(600) {
		doc := randomDocument(seed)
		for _, style := range []string{Dark, NoTTY} {
			for _, w := range []int{20, 33, 80} {
				out, err := md.Render("", doc, w, style)
				fmt.Fprintf(h, "=== %d %s %d %v\n%s\n", seed, style, w, err, out)
			}
		}
	}
	got := fmt.Sprintf("%x\n", h.Sum(nil))
	const how = "go test ./render -run TestRendersUnchanged -update-digest"
	want, ok := keptFile(t, filepath.Join("testdata", "render-digest.txt"), got, *updateDigest, how)
	if ok && got != want {
		t.Fatalf("renders changed: digest %s, want %s (after a deliberate change: %s)", strings.TrimSpace(got), strings.TrimSpace(want), how)
	}
}
