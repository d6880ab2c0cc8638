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
	w      io.Writer
	p      *ansi.Parser
	style  uv.Style
	link   uv.Link
	params [maxSGRParams]ansi.Param
}

// maxSGRParams is the most parameters readSGR reads itself; a longer
// sequence goes through the parser.
const maxSGRParams = 16

// readSGR reads the SGR sequence at the start of p (ESC [ digits and
// semicolons m) into the parameters the parser would have handed its
// handler, and says how long it is. Anything else — an empty parameter,
// a colon, another final byte, a number of more than five digits, more
// than maxSGRParams parameters — is not read here: ok is false.
func readSGR[T string | []byte](p T, buf *[maxSGRParams]ansi.Param) (n int, params ansi.Params, ok bool) {
	if len(p) < 3 || p[0] != 0x1b || p[1] != '[' {
		return 0, nil, false
	}
	if p[2] == 'm' {
		if buf == nil {
			return 3, nil, true
		}
		return 3, buf[:0], true
	}
	count, i := 0, 2
	for {
		v, digits := 0, 0
		for i < len(p) && p[i] >= '0' && p[i] <= '9' && digits < 6 {
			v = v*10 + int(p[i]-'0')
			i++
			digits++
		}
		if digits == 0 || digits > 5 || count == maxSGRParams || i >= len(p) {
			return 0, nil, false
		}
		if buf != nil {
			buf[count] = ansi.Param(v)
		}
		count++
		switch p[i] {
		case ';':
			i++
		case 'm':
			if buf == nil {
				return i + 1, nil, true
			}
			return i + 1, buf[:count], true
		default:
			return 0, nil, false
		}
	}
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
	for i := 0; i < len(p); i++ {
		b := p[i]
		if w.p.State() == parser.GroundState {
			// Plain text and newlines leave the parser where it is, and
			// an SGR sequence (most of what glamour writes) is read here:
			// only the rest needs to go through the parser.
			if b == 0x1b {
				if n, params, ok := readSGR(p[i:], &w.params); ok {
					uv.ReadStyle(params, &w.style)
					i += n - 1
					continue
				}
			}
			if (b < 0x20 && b != '\n') || b > 0x7e {
				w.p.Advance(b)
			}
		} else {
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
	_ = w.Close() // as lipgloss.Wrap (since v2.1): a style or link left open is closed
	return buf.Bytes()
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

// plainWidth is the width of s if it holds nothing but printable ASCII and
// SGR sequences, as ansi.StringWidth would measure it; ok is false for
// anything else (the caller measures it the long way).
func plainWidth(s string) (width int, ok bool) {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= 0x20 && c < 0x7f:
			width++
		case c == 0x1b:
			n, _, sgr := readSGR(s[i:], nil)
			if !sgr {
				return 0, false
			}
			i += n - 1
		default:
			return 0, false
		}
	}
	return width, true
}

// lineWidth is ansi.StringWidth, quicker for the plain lines most text is.
func lineWidth(s string) int {
	if w, ok := plainWidth(s); ok {
		return w
	}
	return ansi.StringWidth(s)
}
