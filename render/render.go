// Package render sets markdown out for the terminal: the one renderer the
// program has, used by the terminal interface (agendas, minutes, stories)
// and by the command line (involve stories show).
//
// It renders with glamour, and treats every document as untrusted:
//
//   - before rendering, the text is tamed: cut to MaxBytes, HTML character
//     references to control characters neutralised, and nesting of quotes
//     and lists flattened to a depth that fits the width (at most
//     MaxDepth), so that a pathological document (ten thousand nested
//     quotes) renders in bounded time;
//   - after parsing, blocks and inline markup nested deeper than that are
//     unwrapped;
//   - after rendering, the output passes termsafe.Filter, so only SGR
//     colour and style sequences reach the terminal, and redundant SGR
//     sequences are dropped (glamour writes one for every space).
//
// Renderers are cached per width and style, and renders per document key,
// width and style. A Markdown is safe to use from several goroutines; never
// call it from a Bubble Tea View.
package render

import (
	"bytes"
	"fmt"
	"strings"
	"sync"

	"charm.land/glamour/v2/ansi"
	"charm.land/glamour/v2/styles"
	xansi "github.com/charmbracelet/x/ansi"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	gparser "github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	gtext "github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/involve/involve/termsafe"
	"github.com/involve/involve/third_party/gfm"
)

// The styles a document can be rendered in.
const (
	Dark  = "dark"  // colours for a dark background
	Light = "light" // colours for a light background
	NoTTY = "notty" // no colours: glamour's layout with markdown's marks (# heading, *emphasis*)
	Plain = "plain" // no styling at all: just the text, wrapped, lists and quotes indented
)

// Styles lists the styles, in the order a user is offered them.
var Styles = []string{Dark, Light, NoTTY, Plain}

// Version identifies what renders look like; persistent caches of renders
// include it in their keys so that a new renderer never serves old output.
const Version = "involve-render/3 glamour/v2.0.1 lipgloss/v2.1.1 goldmark/v1.8.7"

// MinWidth is the narrowest width anything is rendered at.
const MinWidth = 20

// maxWidth is the widest.
const maxWidth = 1000

// ValidStyle reports whether style is one of Styles.
func ValidStyle(style string) bool {
	for _, s := range Styles {
		if s == style {
			return true
		}
	}
	return false
}

// StyleName picks the style for the background: glamour v2 does not detect
// it itself. NO_COLOR gets the style without colours.
func StyleName(isDark, noColor bool) string {
	switch {
	case noColor:
		return NoTTY
	case isDark:
		return Dark
	}
	return Light
}

// Markdown renders markdown at most once per (document key, width, style):
// renders are cached, and so are renderers.
type Markdown struct {
	mu        sync.Mutex
	renderers map[string]*termRenderer
	cache     map[string]string
}

// maxCached is how many renders a Markdown keeps before it starts afresh.
const maxCached = 256

// NewMarkdown makes an empty renderer cache.
func NewMarkdown() *Markdown {
	return &Markdown{renderers: map[string]*termRenderer{}, cache: map[string]string{}}
}

// Render renders text at width in style. key identifies the document and its
// version ("meeting/ID/3/agenda"); an empty key skips the cache. The output
// has passed the terminal-safety filter and has no leading or trailing
// blank lines.
func (md *Markdown) Render(key, text string, width int, style string) (string, error) {
	width = min(max(MinWidth, width), maxWidth)
	if style == "" {
		style = Dark
	}
	ck := fmt.Sprintf("%s\x00%d\x00%s", key, width, style)
	if key != "" {
		md.mu.Lock()
		out, ok := md.cache[ck]
		md.mu.Unlock()
		if ok {
			return out, nil
		}
	}
	r, err := md.renderer(width, style)
	if err != nil {
		return "", err
	}
	out := r.render(text)
	if key != "" {
		md.mu.Lock()
		if len(md.cache) >= maxCached {
			clear(md.cache)
		}
		md.cache[ck] = out
		md.mu.Unlock()
	}
	return out, nil
}

func (md *Markdown) renderer(width int, style string) (*termRenderer, error) {
	rk := fmt.Sprintf("%d\x00%s", width, style)
	md.mu.Lock()
	defer md.mu.Unlock()
	if r, ok := md.renderers[rk]; ok {
		return r, nil
	}
	r, err := newTermRenderer(width, style)
	if err != nil {
		return nil, err
	}
	md.renderers[rk] = r
	return r, nil
}

// termRenderer is glamour's renderer for one width and style, set up as
// glamour.NewTermRenderer sets it up, but driven here so that the parsed
// document can be tamed before it is rendered. It holds two goldmark
// pipelines so that a long document can be set out in two halves at once.
type termRenderer struct {
	mu    sync.Mutex // a glamour renderer sets out one document at a time
	md    [2]goldmark.Markdown
	width int
	plain bool

	sepOnce sync.Once
	sep     string // what separates two paragraphs' last and first lines, to join halves with
}

// plainStyle is notty without markdown's marks: no "# " before headings,
// no * or ** around emphasis, no backticks around code.
var plainStyle = func() ansi.StyleConfig {
	c := styles.NoTTYStyleConfig
	for _, h := range []*ansi.StyleBlock{&c.H1, &c.H2, &c.H3, &c.H4, &c.H5, &c.H6} {
		h.Prefix = ""
	}
	for _, p := range []*ansi.StylePrimitive{&c.Emph, &c.Strong, &c.Strikethrough, &c.Code.StylePrimitive} {
		p.BlockPrefix, p.BlockSuffix = "", ""
	}
	return c
}()

func newTermRenderer(width int, style string) (*termRenderer, error) {
	var cfg ansi.StyleConfig
	switch style {
	case Plain:
		cfg = plainStyle
	case Dark, Light, NoTTY:
		cfg = *styles.DefaultStyles[style]
	default:
		return nil, fmt.Errorf("unknown style %q (use %s)", style, strings.Join(Styles, ", "))
	}
	r := &termRenderer{width: width, plain: style == Plain}
	for i := range r.md {
		md := goldmark.New(
			goldmark.WithExtensions(gfm.GFM, gfm.DefinitionList),
			goldmark.WithParserOptions(gparser.WithAutoHeadingID()),
		)
		ar := ansi.NewRenderer(ansi.Options{WordWrap: width, Styles: cfg})
		md.SetRenderer(renderer.NewRenderer(renderer.WithNodeRenderers(util.Prioritized(ar, 1000))))
		r.md[i] = md
	}
	return r, nil
}

// render tames, parses, tames again, renders and filters one document. A
// document glamour cannot render (it panics) is shown as plain wrapped text.
func (r *termRenderer) render(text string) string {
	depth := DepthFor(r.width)
	src := prepare(text, depth)
	out, ok := r.glamour(src, depth, splitBytes) // filtered already
	if !ok {
		out = termsafe.Filter(fallback(string(src), r.width))
	}
	if r.plain {
		out = xansi.Strip(out)
	} else {
		out = CompactSGR(out)
	}
	return strings.Trim(out, "\n")
}

// splitBytes is the size from which a document is set out in two halves
// at once (on two cores, a 10,000-word story takes half as long).
const splitBytes = 16 << 10

func (r *termRenderer) glamour(src []byte, depth, split int) (out string, ok bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	defer func() {
		if recover() != nil {
			out, ok = "", false
		}
	}()
	doc := r.md[0].Parser().Parse(gtext.NewReader(src))
	tame(doc, depth)
	src = fixText(doc, src)
	var second ast.Node
	if split > 0 && len(src) >= split {
		second = splitDocument(doc, src)
	}
	// glamour writes about eight bytes for every byte of markdown (colours
	// for every word): making room at once saves growing the buffers.
	if second == nil {
		var buf bytes.Buffer
		buf.Grow(8 * len(src))
		if err := r.md[0].Renderer().Render(&buf, src, doc); err != nil {
			return "", false
		}
		return termsafe.Filter(buf.String()), true
	}
	sep, ok := r.separator()
	if !ok {
		return "", false
	}
	// Each half is filtered where it was rendered, on its own core: a
	// filtered half holds only whole SGR sequences, so the halves join
	// safely.
	var bufs [2]bytes.Buffer
	var halves [2]string
	var errs [2]error
	var panicked [2]bool
	var wg sync.WaitGroup
	for i, d := range []ast.Node{doc, second} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() {
				if recover() != nil {
					panicked[i] = true
				}
			}()
			bufs[i].Grow(4 * len(src))
			if errs[i] = r.md[i].Renderer().Render(&bufs[i], src, d); errs[i] != nil {
				return
			}
			half := bufs[i].Bytes()
			if i == 0 {
				half = bytes.TrimRight(half, "\n")
			} else {
				half = bytes.TrimLeft(half, "\n")
			}
			halves[i] = termsafe.Filter(string(half))
		}()
	}
	wg.Wait()
	if errs[0] != nil || errs[1] != nil || panicked[0] || panicked[1] {
		return "", false
	}
	return halves[0] + termsafe.Filter(sep) + halves[1], true
}

// splitDocument moves the second half of a document's blocks into a new
// document and returns it, splitting only between two paragraphs (where
// the join is known: one blank line) near the middle; nil if there is no
// such place.
func splitDocument(doc ast.Node, src []byte) ast.Node {
	mid := len(src) / 2
	var cut ast.Node
	for c := doc.FirstChild(); c != nil; c = c.NextSibling() {
		prev := c.PreviousSibling()
		if prev == nil || prev.Kind() != ast.KindParagraph || c.Kind() != ast.KindParagraph || c.Lines().Len() == 0 {
			continue
		}
		if c.Lines().At(0).Start >= mid {
			cut = c
			break
		}
	}
	if cut == nil {
		return nil
	}
	second := ast.NewDocument()
	for c := cut; c != nil; {
		next := c.NextSibling()
		doc.RemoveChild(doc, c)
		second.AppendChild(second, c)
		c = next
	}
	return second
}

// separator is what glamour writes between two paragraphs in this style
// and width, found by setting out two of them.
func (r *termRenderer) separator() (string, bool) {
	r.sepOnce.Do(func() {
		src := []byte("x\n\ny\n")
		var buf bytes.Buffer
		if err := r.md[0].Convert(src, &buf); err != nil {
			return
		}
		lines := strings.Split(buf.String(), "\n")
		xi, yi := -1, -1
		for i, l := range lines {
			switch plain := xansi.Strip(l); {
			case xi < 0 && strings.TrimSpace(plain) == "x":
				xi = i
			case xi >= 0 && strings.TrimSpace(plain) == "y":
				yi = i
			}
		}
		switch {
		case xi >= 0 && yi == xi+1:
			r.sep = "\n"
		case xi >= 0 && yi > xi:
			r.sep = "\n" + strings.Join(lines[xi+1:yi], "\n") + "\n"
		default:
			r.sep = "\x00" // never used: no separator was found
		}
	})
	return r.sep, r.sep != "\x00"
}

// fallback sets a document out as plain text, wrapped at width.
func fallback(src string, width int) string {
	return "\n" + xansi.Wordwrap(termsafe.Clean(src), max(10, width-4), "") + "\n"
}

// CompactSGR drops SGR sequences that change nothing: glamour styles every
// padding space on its own (ESC[38;5;252m ESC[m for one space), which makes
// a rendered story several times larger than it looks. Each rune keeps the
// same cumulative style it had; every line ends with the style reset, so a
// line shown on its own (as a viewport shows it) is styled the same. s must
// hold no escape sequences but SGR (it has passed termsafe.Filter).
func CompactSGR(s string) string {
	if !strings.Contains(s, "\x1b[") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) / 3)
	var want, have []string
	equal := func() bool {
		if len(want) != len(have) {
			return false
		}
		for i := range want {
			if want[i] != have[i] {
				return false
			}
		}
		return true
	}
	for i := 0; i < len(s); {
		c := s[i]
		if c == 0x1b {
			if i+1 < len(s) && s[i+1] == '[' {
				j := i + 2
				for j < len(s) && (s[j] >= '0' && s[j] <= '9' || s[j] == ';' || s[j] == ':') {
					j++
				}
				if j < len(s) && s[j] == 'm' {
					p := s[i+2 : j]
					if p == "" || p == "0" {
						want = want[:0]
					} else if len(want) < 32 {
						want = append(want, p)
					}
					i = j + 1
					continue
				}
			}
			// Not SGR: it cannot be here, but never break it.
			n := 1
			if i+1 < len(s) {
				n = 2
			}
			b.WriteString(s[i : i+n])
			i += n
			continue
		}
		if c == '\n' {
			if len(have) > 0 {
				b.WriteString("\x1b[m")
				have = have[:0]
			}
			b.WriteByte('\n')
			i++
			continue
		}
		if !equal() {
			prefix := len(have) <= len(want)
			for k := 0; prefix && k < len(have); k++ {
				prefix = have[k] == want[k]
			}
			start := len(have)
			if !prefix {
				b.WriteString("\x1b[m")
				start = 0
			}
			for _, p := range want[start:] {
				b.WriteString("\x1b[" + p + "m")
			}
			have = append(have[:0], want...)
		}
		// Copy the run of plain text up to the next escape or newline.
		j := i + 1
		for j < len(s) && s[j] != 0x1b && s[j] != '\n' {
			j++
		}
		b.WriteString(s[i:j])
		i = j
	}
	if len(have) > 0 {
		b.WriteString("\x1b[m")
	}
	return b.String()
}
