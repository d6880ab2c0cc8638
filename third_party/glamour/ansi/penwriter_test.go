package ansi

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"

	"charm.land/lipgloss/v2"
	uv "github.com/charmbracelet/ultraviolet"
	"github.com/charmbracelet/x/ansi"
)

// pieces are what glamour writes: text, SGR styles, hyperlinks, newlines.
var pieces = []string{
	"word", " ", "\n", "\n\n", "é", "漢字", "\x1b[38;5;252m", "\x1b[1m", "\x1b[m", "\x1b[0m",
	"\x1b[3;4;38;2;10;20;30m", "\x1b]8;;https://example.org\x07", "\x1b]8;;\x07", "\x1b[", "\x1b", "\x07",
	"\t", "\x9b", "1;2", "m",
}

func randomText(rng *rand.Rand) string {
	var b strings.Builder
	for range rng.IntN(40) {
		b.WriteString(pieces[rng.IntN(len(pieces))])
	}
	return b.String()
}

// writeInChunks writes s to w in random pieces, as the writers above it do.
func writeInChunks(rng *rand.Rand, w io.WriteCloser, s string) {
	for len(s) > 0 {
		n := 1 + rng.IntN(len(s))
		_, _ = io.WriteString(w, s[:n])
		s = s[n:]
	}
	_ = w.Close()
}

// TestPenWriterIsWrapWriter checks that penWriter writes exactly what
// lipgloss.WrapWriter writes, however the text is split into writes.
func TestPenWriterIsWrapWriter(t *testing.T) {
	for seed := range uint64(5000) {
		rng := rand.New(rand.NewPCG(seed, 1))
		s := randomText(rng)
		var want, got bytes.Buffer
		writeInChunks(rand.New(rand.NewPCG(seed, 2)), lipgloss.NewWrapWriter(&want), s)
		writeInChunks(rand.New(rand.NewPCG(seed, 3)), newPenWriter(&got), s)
		if want.String() != got.String() {
			t.Fatalf("seed %d: %q\nlipgloss %q\npen      %q", seed, s, want.String(), got.String())
		}
		if lw, pw := lipgloss.Wrap(s, 10, " "), string(wrap(s, 10, " ")); lw != pw {
			t.Fatalf("seed %d: wrap %q\nlipgloss %q\npen      %q", seed, s, lw, pw)
		}
	}
}

// TestMarginWriterMatchesUpstream checks padding and indentation, written
// in chunks, against the byte-at-a-time writers glamour shipped with.
func TestMarginWriterMatchesUpstream(t *testing.T) {
	for seed := range uint64(2000) {
		rng := rand.New(rand.NewPCG(seed, 4))
		s := randomText(rng)
		pad, indent := rng.IntN(30), rng.IntN(4)
		var want, got bytes.Buffer
		padding := func(w io.Writer) func(io.Writer) {
			return func(io.Writer) { _, _ = io.WriteString(w, "\x1b[38;5;252m \x1b[m") }
		}
		up := upstreamIndentWriter(upstreamPaddingWriter(&want, pad, padding(&want)), indent, padding(&want))
		_, _ = io.WriteString(up, s)
		_ = up.Close()
		ours := NewIndentWriter(NewPaddingWriter(&got, pad, padding(&got)), indent, padding(&got))
		writeInChunks(rand.New(rand.NewPCG(seed, 5)), ours, s)
		if want.String() != got.String() {
			t.Fatalf("seed %d (pad %d, indent %d): %q\nupstream %q\nours     %q", seed, pad, indent, s, want.String(), got.String())
		}
		var styled bytes.Buffer
		space := func(w io.Writer) { _, _ = io.WriteString(w, "\x1b[38;5;252m \x1b[m") }
		ours = NewIndentWriter(newStyledPaddingWriter(&styled, pad, space), indent, padding(&styled))
		writeInChunks(rand.New(rand.NewPCG(seed, 6)), ours, s)
		// The styled padding is one run of spaces in the style, not one
		// styled space after another: the same on screen, cell for cell.
		if a, b := cells(want.String()), cells(styled.String()); a != b {
			t.Fatalf("seed %d (pad %d, indent %d, styled): %q\nupstream %q\nours     %q", seed, pad, indent, s, a, b)
		}
	}
}

// cells is what a terminal shows for s: each character with its style and
// link, and the controls.
func cells(s string) string {
	var b strings.Builder
	var style uv.Style
	var link uv.Link
	p := ansi.NewParser()
	p.SetHandler(ansi.Handler{
		Print:   func(r rune) { fmt.Fprintf(&b, "%c[%s|%s]", r, style.String(), link.URL) },
		Execute: func(c byte) { fmt.Fprintf(&b, "<%02x>", c) },
		HandleCsi: func(cmd ansi.Cmd, params ansi.Params) {
			if cmd == 'm' {
				uv.ReadStyle(params, &style)
			}
		},
		HandleOsc: func(cmd int, data []byte) {
			if cmd == 8 {
				uv.ReadLink(data, &link)
			}
		},
	})
	p.Parse([]byte(s))
	return b.String()
}

// upstreamPaddingWriter and upstreamIndentWriter are glamour v2.0.1's
// PaddingWriter and IndentWriter, which went through lipgloss.WrapWriter
// a rune at a time.
type upstreamPadding struct {
	padding int
	pad     func(io.Writer)
	w       *lipgloss.WrapWriter
	cache   bytes.Buffer
}

func upstreamPaddingWriter(w io.Writer, padding int, pad func(io.Writer)) *upstreamPadding {
	return &upstreamPadding{padding: padding, pad: pad, w: lipgloss.NewWrapWriter(w)}
}

func (w *upstreamPadding) Write(p []byte) (int, error) {
	for i := 0; i < len(p); {
		r, size := utf8.DecodeRune(p[i:])
		if r == '\n' {
			line := w.cache.String()
			linew := ansi.StringWidth(line)
			if w.padding > 0 && linew < w.padding {
				for n := 0; n < w.padding-linew; n++ {
					w.pad(w.w)
				}
			}
			w.cache.Reset()
		} else {
			w.cache.Write(p[i : i+size])
		}
		_, _ = w.w.Write(p[i : i+size])
		i += size
	}
	return len(p), nil
}

func (w *upstreamPadding) Close() error { return w.w.Close() }

type upstreamIndent struct {
	indent     int
	indentFunc func(io.Writer)
	w          io.Writer
	pw         *lipgloss.WrapWriter
	skipIndent bool
}

func upstreamIndentWriter(w io.Writer, indent int, f func(io.Writer)) *upstreamIndent {
	return &upstreamIndent{indent: indent, indentFunc: f, pw: lipgloss.NewWrapWriter(w), w: w}
}

func (w *upstreamIndent) Write(p []byte) (int, error) {
	for i := 0; i < len(p); {
		r, size := utf8.DecodeRune(p[i:])
		if !w.skipIndent {
			style, link := w.pw.Style(), w.pw.Link()
			if !style.IsZero() {
				_, _ = io.WriteString(w.w, ansi.ResetStyle)
			}
			if !link.IsZero() {
				_, _ = io.WriteString(w.w, ansi.ResetHyperlink())
			}
			for j := 0; j < w.indent; j++ {
				w.indentFunc(w.pw)
			}
			w.skipIndent = true
			if !style.IsZero() {
				_, _ = io.WriteString(w.w, style.String())
			}
			if !link.IsZero() {
				_, _ = io.WriteString(w.w, ansi.SetHyperlink(link.URL, link.Params))
			}
		}
		if r == '\n' {
			w.skipIndent = false
		}
		_, _ = w.pw.Write(p[i : i+size])
		i += size
	}
	return len(p), nil
}

func (w *upstreamIndent) Close() error {
	err := w.pw.Close()
	if c, ok := w.w.(io.Closer); ok {
		err = errors.Join(err, c.Close())
	}
	return err
}

func TestCellsSeesStyles(t *testing.T) {
	if a, b := cells("\x1b[1ma\x1b[m b"), cells("a b"); a == b || !strings.HasPrefix(a, "a[") {
		t.Fatalf("cells cannot tell bold from plain: %q %q", a, b)
	}
	if a, b := cells("\x1b[38;5;252m \x1b[m\x1b[38;5;252m \x1b[m"), cells("\x1b[38;5;252m  \x1b[m"); a != b {
		t.Fatalf("two styled spaces and a styled run of two differ: %q %q", a, b)
	}
}

// widthPieces add what ansi.Wrap and ansi.StringWidth may measure apart.
var widthPieces = append([]string{"a", "bb", "\t", "\x7f", "\x07", "\r", "世界", "👍🏽", "é", "e\u0301", "-", ",", "  ",
	"\x1b[38;5;252m", "\x1b[;1m", "\x1b[1:2m", "\x1b]8;;u\x07", "\xff", "\u00a0", "\u0085", strings.Repeat("long", 6)}, pieces...)

func randomWidthText(rng *rand.Rand) string {
	var b strings.Builder
	for range rng.IntN(30) {
		b.WriteString(widthPieces[rng.IntN(len(widthPieces))])
	}
	return b.String()
}

// TestLineWidthIsStringWidth checks the quick measure against the real one.
func TestLineWidthIsStringWidth(t *testing.T) {
	for seed := range uint64(50000) {
		s := randomWidthText(rand.New(rand.NewPCG(seed, 9)))
		if got, want := lineWidth(s), ansi.StringWidth(s); got != want {
			t.Fatalf("seed %d: lineWidth(%q) = %d, ansi.StringWidth = %d", seed, s, got, want)
		}
	}
}
