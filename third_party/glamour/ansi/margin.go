package ansi

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"

	"github.com/charmbracelet/x/ansi"
)

// MarginWriter is a Writer that applies indentation and padding around
// whatever you write to it.
type MarginWriter struct {
	w  io.Writer
	iw *IndentWriter
}

// NewMarginWriter returns a new MarginWriter.
func NewMarginWriter(ctx RenderContext, w io.Writer, rules StyleBlock) *MarginWriter {
	bs := ctx.blockStack

	var indentation uint
	var margin uint
	if rules.Indent != nil {
		indentation = *rules.Indent
	}
	if rules.Margin != nil {
		margin = *rules.Margin
	}

	pw := newStyledPaddingWriter(w, int(bs.Width(ctx)), func(w io.Writer) {
		_, _ = renderText(w, rules.StylePrimitive, " ")
	})

	ic := " "
	if rules.IndentToken != nil {
		ic = *rules.IndentToken
	}
	iw := NewIndentWriter(pw, int(indentation+margin), repeatFunc(w, func(w io.Writer) {
		_, _ = renderText(w, bs.Parent().Style.StylePrimitive, ic)
	}))

	return &MarginWriter{
		w:  newPenWriter(w),
		iw: iw,
	}
}

// Write writes to the margin writer and implements [io.Writer].
func (w *MarginWriter) Write(b []byte) (int, error) {
	n, err := w.iw.Write(b)
	if err != nil {
		return 0, fmt.Errorf("glamour: error writing bytes: %w", err)
	}
	return n, nil
}

// Close closes the [MarginWriter].
func (w *MarginWriter) Close() error {
	var werr error
	if c, ok := w.w.(io.WriteCloser); ok {
		werr = c.Close()
	}

	return errors.Join(werr, w.iw.Close())
}

// PaddingFunc is a function that applies padding around whatever you write to it.
type PaddingFunc = func(w io.Writer)

// PaddingWriter is a writer that applies padding around whatever you write to
// it.
type PaddingWriter struct {
	Padding int
	PadFunc PaddingFunc
	w       *penWriter
	cache   bytes.Buffer

	// involve: padding written straight to out, as upstream's PadFunc
	// wrote it a styled space at a time, but as one styled run of spaces
	// (see newStyledPaddingWriter).
	out  io.Writer
	unit func() styledSpace
}

// styledSpace is a space with the sequences that style it before and
// after: n spaces in that style are before + n spaces + after. If what
// the style made of a space holds no space (it cannot), it is repeated.
type styledSpace struct {
	before, after string
	whole         string
	ok            bool
}

func (u styledSpace) times(n int) string {
	if !u.ok {
		return strings.Repeat(u.whole, n)
	}
	return u.before + strings.Repeat(" ", n) + u.after
}

// newStyledPaddingWriter is NewPaddingWriter with a PadFunc that writes the
// same styled space to w every time it is called, as glamour's is.
func newStyledPaddingWriter(w io.Writer, padding int, space func(io.Writer)) *PaddingWriter {
	pw := NewPaddingWriter(w, padding, nil)
	pw.out = w
	pw.unit = sync.OnceValue(func() styledSpace {
		var b strings.Builder
		space(&b)
		before, after, ok := strings.Cut(b.String(), " ")
		return styledSpace{before: before, after: after, whole: b.String(), ok: ok}
	})
	return pw
}

// NewPaddingWriter returns a new PaddingWriter.
func NewPaddingWriter(w io.Writer, padding int, padFunc PaddingFunc) *PaddingWriter {
	return &PaddingWriter{
		Padding: padding,
		PadFunc: padFunc,
		w:       newPenWriter(w),
	}
}

// Write writes to the padding writer: each line is padded to the padding
// width before its newline.
func (w *PaddingWriter) Write(p []byte) (int, error) {
	n := len(p)
	for len(p) > 0 {
		i := bytes.IndexByte(p, '\n')
		if i < 0 {
			w.cache.Write(p)
			if _, err := w.w.Write(p); err != nil {
				return 0, fmt.Errorf("glamour: error writing bytes: %w", err)
			}
			break
		}
		w.cache.Write(p[:i])
		if _, err := w.w.Write(p[:i]); err != nil {
			return 0, fmt.Errorf("glamour: error writing bytes: %w", err)
		}
		if err := w.pad(); err != nil {
			return 0, err
		}
		if _, err := w.w.Write(newline); err != nil {
			return 0, fmt.Errorf("glamour: error writing bytes: %w", err)
		}
		p = p[i+1:]
	}
	return n, nil
}

// pad writes the padding that fills the line so far to the padding width.
func (w *PaddingWriter) pad() error {
	linew := lineWidth(w.cache.String())
	w.cache.Reset()
	if w.Padding <= 0 || linew >= w.Padding {
		return nil
	}
	if w.unit != nil {
		_, _ = io.WriteString(w.out, w.unit().times(w.Padding-linew))
		return nil
	}
	if w.PadFunc != nil {
		for n := 0; n < w.Padding-linew; n++ {
			w.PadFunc(w.w)
		}
		return nil
	}
	if _, err := io.WriteString(w.w, strings.Repeat(" ", w.Padding-linew)); err != nil {
		return fmt.Errorf("glamour: error writing padding: %w", err)
	}
	return nil
}

// Close closes the [PaddingWriter].
func (w *PaddingWriter) Close() error {
	return w.w.Close() //nolint:wrapcheck
}

// IndentFunc is a function that applies indentation around whatever you write to
// it.
type IndentFunc = func(w io.Writer)

// IndentWriter is a writer that applies indentation around whatever you write to
// it.
type IndentWriter struct {
	Indent     int
	IndentFunc PaddingFunc
	w          io.Writer
	pw         *penWriter
	skipIndent bool
}

// NewIndentWriter returns a new IndentWriter.
func NewIndentWriter(w io.Writer, indent int, indentFunc IndentFunc) *IndentWriter {
	return &IndentWriter{
		Indent:     indent,
		IndentFunc: indentFunc,
		pw:         newPenWriter(w),
		w:          w,
	}
}

func (w *IndentWriter) resetPen() {
	style := w.pw.Style()
	link := w.pw.Link()
	if !style.IsZero() {
		_, _ = io.WriteString(w.w, ansi.ResetStyle)
	}
	if !link.IsZero() {
		_, _ = io.WriteString(w.w, ansi.ResetHyperlink())
	}
}

func (w *IndentWriter) restorePen() {
	style := w.pw.Style()
	link := w.pw.Link()
	if !style.IsZero() {
		_, _ = io.WriteString(w.w, style.String())
	}
	if !link.IsZero() {
		_, _ = io.WriteString(w.w, ansi.SetHyperlink(link.URL, link.Params))
	}
}

// Write writes to the indentation writer: each line that has something on
// it starts with the indentation.
func (w *IndentWriter) Write(p []byte) (int, error) {
	n := len(p)
	for len(p) > 0 {
		if !w.skipIndent {
			w.resetPen()
			if w.IndentFunc != nil {
				for j := 0; j < w.Indent; j++ {
					w.IndentFunc(w.pw)
				}
			} else {
				_, err := io.WriteString(w.pw, strings.Repeat(" ", w.Indent))
				if err != nil {
					return 0, fmt.Errorf("glamour: error writing indentation: %w", err)
				}
			}
			w.skipIndent = true
			w.restorePen()
		}
		line := p
		if i := bytes.IndexByte(p, '\n'); i >= 0 {
			line = p[:i+1]
			w.skipIndent = false
		}
		if _, err := w.pw.Write(line); err != nil {
			return 0, fmt.Errorf("glamour: error writing bytes: %w", err)
		}
		p = p[len(line):]
	}
	return n, nil
}

// Close closes the [IndentWriter].
func (w *IndentWriter) Close() error {
	// Close the wrap writer (w.pw) before the downstream writer (w.w). w.pw
	// wraps w.w, so its Close flushes a trailing style/link reset back through
	// w.w. Closing w.w first would return its parser to the pool and nil it
	// out, turning that flush into a write on a closed writer.
	werr := w.pw.Close()

	if c, ok := w.w.(io.WriteCloser); ok {
		werr = errors.Join(werr, c.Close())
	}

	return werr
}
