package render

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
)

// Page is a story set out for reading, as a markdown pager shows it: a
// header with the title and byline, the content notes first, then the
// story, then the support message that ends every story.
type Page struct {
	Title        string
	Byline       string   // how the author is named ("Sam, Northfield")
	About        string   // "1,234 words · about 7 minutes"
	ContentNotes []string // shown before the story
	Body         string   // markdown, untrusted
	Support      string   // the support message
}

// parts are the page's markdown documents, rendered one by one so that
// nothing in the story (an unclosed code fence, an HTML comment) can
// swallow the header or the support message.
func (p Page) parts() (parts []string, body int) {
	var head strings.Builder
	head.WriteString("# " + Escape(p.Title) + "\n")
	var line []string
	if b := strings.TrimSpace(p.Byline); b != "" {
		line = append(line, "*by "+Escape(b)+"*")
	}
	if a := strings.TrimSpace(p.About); a != "" {
		line = append(line, Escape(a))
	}
	if len(line) > 0 {
		head.WriteString("\n" + strings.Join(line, " · ") + "\n")
	}
	parts = []string{head.String()}
	if len(p.ContentNotes) > 0 {
		parts = append(parts, "> **Content notes:** "+Escape(strings.Join(p.ContentNotes, ", "))+"\n")
	}
	body = len(parts)
	parts = append(parts, p.Body)
	if s := strings.TrimSpace(p.Support); s != "" {
		parts = append(parts, "---\n\n*"+Escape(KeepNumbersTogether(strings.Join(strings.Fields(s), " ")))+"*\n")
	}
	return parts, body
}

// Page renders a story page at width in style, the story's text cached
// under key (as Render caches it) and the rest rendered afresh.
func (md *Markdown) Page(key string, p Page, width int, style string) (string, error) {
	parts, body := p.parts()
	out := make([]string, 0, len(parts))
	for i, part := range parts {
		k := ""
		if i == body {
			k = key
		}
		r, err := md.Render(k, part, width, style)
		if err != nil {
			return "", err
		}
		if strings.TrimSpace(r) == "" && i > 0 {
			continue
		}
		out = append(out, r)
	}
	size := 1
	for _, r := range out {
		size += len(r) + 2
	}
	var page strings.Builder
	page.Grow(size)
	for i, r := range out {
		if i > 0 {
			page.WriteString("\n\n")
		}
		page.WriteString(r)
	}
	page.WriteString("\n")
	return page.String(), nil
}

// Digest identifies everything that goes into a page rendered at a width
// in a style, and the renderer: a persistent cache of pages keys on it.
func (p Page) Digest(width int, style string) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%d\x00%s\x00%d", Version, min(max(MinWidth, width), maxWidth), style, len(p.ContentNotes))
	for _, s := range append([]string{p.Title, p.Byline, p.About, p.Body, p.Support}, p.ContentNotes...) {
		fmt.Fprintf(h, "\x00%d\x00%s", len(s), s)
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// Escape makes text safe to put into markdown as it is: the characters
// that would mean something are backslash-escaped (glamour shows them
// without the backslash); & and ~ are written as character references.
func Escape(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '\\', '`', '*', '_', '[', ']', '<', '>', '#', '+', '-', '!', '|', '.':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '&':
			b.WriteString("&amp;")
		case '~': // glamour would show a backslash before it
			b.WriteString("&#126;")
		case '\n', '\r', '\t':
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// KeepNumbersTogether puts a non-breaking space between groups of digits
// ("116 123", "0800 58 58 58"), so that wrapping never splits a phone
// number across two lines.
func KeepNumbersTogether(s string) string {
	if !strings.Contains(s, " ") {
		return s
	}
	b := []byte(s)
	var out strings.Builder
	out.Grow(len(s) + 8)
	for i, c := range b {
		if c == ' ' && i > 0 && i+1 < len(b) && asciiDigit(b[i-1]) && asciiDigit(b[i+1]) {
			out.WriteString("\u00a0")
			continue
		}
		out.WriteByte(c)
	}
	return out.String()
}

func asciiDigit(c byte) bool { return c >= '0' && c <= '9' }
