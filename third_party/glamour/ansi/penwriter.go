package ansi

import (
	"bytes"
	"io"
	"strings"

	uv "github.com/charmbracelet/ultraviolet"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/ansi/parser"
)

// penWriter does what lipgloss.WrapWriter does — it keeps track of the pen
// (the SGR style and the hyperlink) in what passes through it, and around
// every newline resets the pen and sets it again on the next line — but it
// passes text on in runs between newlines rather than a byte at a time.
// The output is the same, byte for byte; rendering a long story takes a
// fraction of the time and memory.
type penWriter struct {
	w     io.Writer
	p     *ansi.Parser
	style uv.Style
	link  uv.Link
}

func newPenWriter(w io.Writer) *penWriter {
	pw := &penWriter{w: w}
	pw.p = ansi.GetParser()
	pw.p.SetHandler(ansi.Handler{
		HandleCsi: func(cmd ansi.Cmd, params ansi.Params) {
			if cmd == 'm' {
				uv.ReadStyle(params, &pw.style)
			}
		},
		HandleOsc: func(cmd int, data []byte) {
			if cmd == 8 {
				uv.ReadLink(data, &pw.link)
			}
		},
	})
	return pw
}

// Style is the current pen style.
func (w *penWriter) Style() uv.Style { return w.style }

// Link is the current hyperlink.
func (w *penWriter) Link() uv.Link { return w.link }

var newline = []byte{'\n'}

// Write implements io.Writer.
func (w *penWriter) Write(p []byte) (int, error) {
	if w.p == nil {
		return len(p), nil // closed: as lipgloss.WrapWriter, a no-op
	}
	start := 0
	for i, b := range p {
		// Plain text and newlines leave the parser where it is (in the
		// ground state), so only the rest needs to go through it.
		if w.p.State() != parser.GroundState || (b < 0x20 && b != '\n') || b > 0x7e {
			w.p.Advance(b)
		}
		if b != '\n' {
			continue
		}
		if start < i {
			_, _ = w.w.Write(p[start:i])
		}
		start = i + 1
		if !w.style.IsZero() {
			_, _ = io.WriteString(w.w, ansi.ResetStyle)
		}
		if !w.link.IsZero() {
			_, _ = io.WriteString(w.w, ansi.ResetHyperlink())
		}
		_, _ = w.w.Write(newline)
		if !w.link.IsZero() {
			_, _ = io.WriteString(w.w, ansi.SetHyperlink(w.link.URL, w.link.Params))
		}
		if !w.style.IsZero() {
			_, _ = io.WriteString(w.w, w.style.String())
		}
	}
	if start < len(p) {
		_, _ = w.w.Write(p[start:])
	}
	return len(p), nil
}

// Close resets the pen if need be and releases the parser.
func (w *penWriter) Close() error {
	if !w.style.IsZero() {
		_, _ = io.WriteString(w.w, ansi.ResetStyle)
	}
	if !w.link.IsZero() {
		_, _ = io.WriteString(w.w, ansi.ResetHyperlink())
	}
	if w.p != nil {
		ansi.PutParser(w.p)
		w.p = nil
	}
	return nil
}

// wrap is lipgloss.Wrap through a penWriter, giving bytes: what it wraps
// is written on to a MarginWriter, which takes bytes.
func wrap(s string, width int, breakpoints string) []byte {
	var buf bytes.Buffer
	s = ansi.Wrap(s, width, breakpoints)
	buf.Grow(len(s) + len(s)/8)
	w := newPenWriter(&buf)
	_, _ = io.WriteString(w, s)
	out := buf.Bytes() // as lipgloss.Wrap: what Close writes is not kept
	_ = w.Close()
	return out
}

// repeatFunc returns a function that writes, each time it is called, what
// render wrote the first time: padding and indentation are the same styled
// space over and over, so it is worked out once.
func repeatFunc(w io.Writer, render func(io.Writer)) func(io.Writer) {
	var once string
	done := false
	return func(io.Writer) {
		if !done {
			var b strings.Builder
			render(&b)
			once, done = b.String(), true
		}
		_, _ = io.WriteString(w, once)
	}
}
