package render

import (
	"bufio"
	"bytes"
	"html"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	ghtml "github.com/yuin/goldmark/renderer/html"
	gtext "github.com/yuin/goldmark/text"

	"github.com/involve/involve/termsafe"
)

// Taming: what keeps untrusted markdown from costing unbounded time or
// reaching the terminal as control sequences.

// MaxBytes is the most markdown rendered; the rest of a longer document is
// left out, with a note saying so.
const MaxBytes = 1 << 20

// MaxDepth is the deepest that quotes and lists nest when rendered, at the
// widest; narrower widths allow less (see DepthFor). Glamour's time grows
// quickly with depth, and past the width it has nothing left to wrap in.
const MaxDepth = 20

// maxInlineDepth is the deepest emphasis, links and strikethrough nest.
const maxInlineDepth = 8

// tooLong ends a document cut at MaxBytes.
const tooLong = "\n\n*(The rest of this text is too long to show here.)*\n"

// DepthFor is how deep quotes and lists nest at a width: a level for every
// four columns, between 2 and MaxDepth.
func DepthFor(width int) int { return min(MaxDepth, max(2, width/4)) }

// prepare readies untrusted markdown for the parser: cut to MaxBytes at a
// line end, numeric character references to characters that must never
// reach a terminal replaced by U+FFFD, and every line's run of quote and
// list markers (and its indentation) cut to what depth allows.
func prepare(text string, depth int) []byte {
	if len(text) > MaxBytes {
		cut := strings.LastIndexByte(text[:MaxBytes], '\n')
		if cut < MaxBytes/2 {
			cut = MaxBytes
			for cut > 0 && !utf8.RuneStart(text[cut]) {
				cut--
			}
		}
		text = text[:cut] + tooLong
	}
	out := make([]byte, 0, len(text)+16)
	maxIndent := 2*depth + 4
	for len(text) > 0 {
		line, rest, found := strings.Cut(text, "\n")
		out = appendTamedLine(out, line, depth, maxIndent)
		if found {
			out = append(out, '\n')
		}
		text = rest
	}
	return out
}

// appendTamedLine appends a line with its container prefix (blanks, > and
// list markers) cut to depth markers and maxIndent columns of blanks, and
// its unsafe character references neutralised.
func appendTamedLine(out []byte, line string, depth, maxIndent int) []byte {
	end, markers, cols := prefixLen(line)
	if markers > depth || cols > maxIndent {
		out = appendPrefix(out, line[:end], depth, maxIndent)
		line = line[end:]
	}
	if !strings.Contains(line, "&#") {
		return append(out, line...)
	}
	for {
		i := strings.Index(line, "&#")
		if i < 0 {
			return append(out, line...)
		}
		out = append(out, line[:i]...)
		n, r := charRef(line[i:])
		if n == 0 {
			out = append(out, "&#"...)
			line = line[i+2:]
			continue
		}
		if unsafeCode(r) {
			out = append(out, "&#xFFFD;"...)
		} else {
			out = append(out, line[i:i+n]...)
		}
		line = line[i+n:]
	}
}

// prefixLen measures a line's container prefix: its length in bytes, how
// many quote and list markers it holds, and how many columns of blanks.
func prefixLen(line string) (end, markers, cols int) {
	i := 0
	for i < len(line) {
		switch c := line[i]; {
		case c == ' ':
			cols++
			i++
		case c == '\t':
			cols += 4
			i++
		case c == '>':
			markers++
			i++
		case c == '-' || c == '+' || c == '*':
			if i+1 < len(line) && line[i+1] != ' ' && line[i+1] != '\t' {
				return i, markers, cols
			}
			markers++
			i++
		case c >= '0' && c <= '9':
			j := i
			for j < len(line) && j-i < 9 && line[j] >= '0' && line[j] <= '9' {
				j++
			}
			if j >= len(line) || (line[j] != '.' && line[j] != ')') || (j+1 < len(line) && line[j+1] != ' ' && line[j+1] != '\t') {
				return i, markers, cols
			}
			markers++
			i = j + 1
		default:
			return i, markers, cols
		}
	}
	return i, markers, cols
}

// appendPrefix appends a container prefix keeping its first depth markers
// and at most maxIndent columns of blanks; the markers after those, and
// the blanks among them, are dropped.
func appendPrefix(out []byte, prefix string, depth, maxIndent int) []byte {
	markers, cols := 0, 0
	for i := 0; i < len(prefix) && markers < depth; {
		switch c := prefix[i]; {
		case c == ' ' || c == '\t':
			w := 1
			if c == '\t' {
				w = 4
			}
			if cols+w <= maxIndent {
				out = append(out, c)
				cols += w
			}
			i++
		case c >= '0' && c <= '9':
			j := i
			for prefix[j] >= '0' && prefix[j] <= '9' {
				j++
			}
			out = append(out, prefix[i:j+1]...)
			markers++
			i = j + 1
		default: // > - + *
			out = append(out, c)
			markers++
			i++
		}
	}
	if len(out) > 0 && out[len(out)-1] != ' ' && out[len(out)-1] != '\n' {
		out = append(out, ' ') // the text after a marker needs its blank
	}
	return out
}

// charRef reads a numeric character reference (&#65; or &#x41;) at the
// start of s: its length and code point, or 0 when there is none.
func charRef(s string) (int, rune) {
	i := 2
	base := 10
	if i < len(s) && (s[i] == 'x' || s[i] == 'X') {
		base = 16
		i++
	}
	start := i
	digits := 7 // as CommonMark reads them: &#1234567; or &#x123456;
	if base == 16 {
		digits = 6
	}
	for i < len(s) && i-start < digits && isDigit(s[i], base) {
		i++
	}
	if i == start || i >= len(s) || s[i] != ';' {
		return 0, 0
	}
	v, err := strconv.ParseInt(s[start:i], base, 32)
	if err != nil {
		return 0, 0
	}
	return i + 1, rune(v)
}

func isDigit(c byte, base int) bool {
	if c >= '0' && c <= '9' {
		return true
	}
	return base == 16 && (c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')
}

// unsafeCode reports whether a character reference names a character that
// must never reach a terminal (decoded, it would be a live control): what
// termsafe keeps out, and what is no character at all. U+FFFD, a real
// character when written as a reference, is allowed.
func unsafeCode(r rune) bool {
	switch {
	case r >= 0xd800 && r <= 0xdfff, r > utf8.MaxRune:
		return true
	case r == utf8.RuneError:
		return false
	}
	return termsafe.UnsafeRune(r)
}

// maxCost bounds glamour's work on one document. Glamour sets nested
// blocks out again at every level, padding every line; measured, text
// nested d deep costs about its length times (1 + d²) (a 22 KB paragraph
// takes 8 ms at depth 0, 200 ms at depth 5 and 2 s at depth 20). The
// budget is about half a second of work on a laptop.
const maxCost = 2 << 20

// tame unwraps quotes and lists nested deeper than depth — or shallower,
// if a lot of text is nested deep (see maxCost) — and inline markup nested
// deeper than maxInlineDepth, so that glamour's work stays bounded
// whatever the document.
func tame(doc ast.Node, depth int) {
	hist := make([]int, depth+1) // bytes of text at each depth, the deepest counted at depth
	measure(doc, 0, hist)
	for depth > 0 && cost(hist, depth) > maxCost {
		depth--
	}
	tameBlocks(doc, 0, depth)
}

// measure adds up the bytes of text at each depth of quotes and lists.
func measure(n ast.Node, level int, hist []int) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		l := level
		if k := c.Kind(); k == ast.KindBlockquote || k == ast.KindList {
			l++
		}
		if c.Type() == ast.TypeBlock {
			lines := c.Lines()
			for i := 0; i < lines.Len(); i++ {
				seg := lines.At(i)
				hist[min(l, len(hist)-1)] += seg.Stop - seg.Start + 1
			}
			if c.HasChildren() {
				measure(c, l, hist)
			}
		}
	}
}

// cost is glamour's work for text nested no deeper than depth.
func cost(hist []int, depth int) int {
	c := 0
	for l, n := range hist {
		d := min(l, depth)
		c += n * (1 + d*d)
	}
	return c
}

func tameBlocks(n ast.Node, level, depth int) {
	for c := n.FirstChild(); c != nil; {
		next := c.NextSibling()
		switch c.Kind() {
		case ast.KindBlockquote, ast.KindList:
			if level+1 > depth {
				next = unwrapBlock(n, c)
				c = next
				continue
			}
			tameBlocks(c, level+1, depth)
		case ast.KindParagraph, ast.KindHeading, ast.KindTextBlock, east.KindTableCell, east.KindDefinitionTerm:
			tameInline(c, 0)
		default:
			tameBlocks(c, level, depth)
		}
		c = next
	}
}

// unwrapBlock replaces a quote or list by what it holds (a list's items by
// theirs; tight items' text blocks become paragraphs) and returns the first
// node put in its place, or what followed it.
func unwrapBlock(parent, n ast.Node) ast.Node {
	var moved []ast.Node
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if c.Kind() == ast.KindListItem {
			for g := c.FirstChild(); g != nil; g = g.NextSibling() {
				moved = append(moved, g)
			}
			continue
		}
		moved = append(moved, c)
	}
	next := n.NextSibling()
	first := next
	for i, m := range moved {
		m.Parent().RemoveChild(m.Parent(), m)
		if m.Kind() == ast.KindTextBlock {
			p := ast.NewParagraph()
			p.SetLines(m.Lines())
			for g := m.FirstChild(); g != nil; {
				gn := g.NextSibling()
				m.RemoveChild(m, g)
				p.AppendChild(p, g)
				g = gn
			}
			m = p
		}
		parent.InsertBefore(parent, n, m)
		if i == 0 {
			first = m
		}
	}
	parent.RemoveChild(parent, n)
	return first
}

func tameInline(n ast.Node, level int) {
	for c := n.FirstChild(); c != nil; {
		next := c.NextSibling()
		switch c.Kind() {
		case ast.KindEmphasis, ast.KindLink, ast.KindImage, east.KindStrikethrough:
			if level+1 > maxInlineDepth {
				next = unwrapInline(n, c)
				c = next
				continue
			}
			tameInline(c, level+1)
		default:
			if c.HasChildren() {
				tameInline(c, level)
			}
		}
		c = next
	}
}

// unwrapInline replaces inline markup by its contents and returns the first
// node put in its place, or what followed it.
func unwrapInline(parent, n ast.Node) ast.Node {
	first := n.NextSibling()
	i := 0
	for c := n.FirstChild(); c != nil; {
		cn := c.NextSibling()
		n.RemoveChild(n, c)
		parent.InsertBefore(parent, n, c)
		if i == 0 {
			first = c
		}
		i++
		c = cn
	}
	parent.RemoveChild(parent, n)
	return first
}

// fixText makes glamour show text as CommonMark reads it. Glamour shows a
// text node by HTML-unescaping its raw source, so "&copy" (no semicolon)
// becomes ©, an entity inside a code span is decoded, and a backslash
// before & stays. For each text node holding & or \, fixText appends to
// src the text as goldmark's HTML renderer writes it (escapes and
// references resolved, then HTML-escaped; in code spans, only escaped),
// and points the node there: glamour's unescaping then gives exactly the
// text. It returns the longer source.
//
// It also turns into text an autolink whose address does not parse as a
// URL ("<https://foo.bar.`baz>"): glamour would show nothing at all.
func fixText(doc ast.Node, src []byte) []byte {
	var buf bytes.Buffer
	w := bufio.NewWriter(&buf)
	var badLinks []*ast.AutoLink
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if l, ok := n.(*ast.AutoLink); ok && entering {
			if _, err := url.Parse(string(l.URL(src))); err != nil {
				badLinks = append(badLinks, l)
			}
			return ast.WalkSkipChildren, nil
		}
		t, ok := n.(*ast.Text)
		if !entering || !ok {
			return ast.WalkContinue, nil
		}
		raw := t.Segment.Value(src)
		if !bytes.ContainsAny(raw, "&\\") {
			return ast.WalkContinue, nil
		}
		buf.Reset()
		w.Reset(&buf)
		if t.IsRaw() || (t.Parent() != nil && t.Parent().Kind() == ast.KindCodeSpan) {
			w.WriteString(html.EscapeString(string(raw)))
		} else {
			ghtml.DefaultWriter.Write(w, raw)
		}
		w.Flush()
		start := len(src)
		src = append(src, buf.Bytes()...)
		t.Segment = gtext.NewSegment(start, len(src))
		return ast.WalkContinue, nil
	})
	for _, l := range badLinks {
		start := len(src)
		src = append(src, html.EscapeString(string(l.Label(src)))...)
		t := ast.NewTextSegment(gtext.NewSegment(start, len(src)))
		l.Parent().ReplaceChild(l.Parent(), l, t)
	}
	return src
}
