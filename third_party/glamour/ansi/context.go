package ansi

import (
	"strings"

	"golang.org/x/net/html"
)

// RenderContext holds the current rendering options and state.
type RenderContext struct {
	options Options

	blockStack *BlockStack
	table      *TableElement
}

// NewRenderContext returns a new RenderContext.
func NewRenderContext(options Options) RenderContext {
	return RenderContext{
		options:    options,
		blockStack: &BlockStack{},
		table:      &TableElement{},
	}
}

// SanitizeHTML sanitizes HTML content: it keeps the text and drops every
// tag, comment and declaration, and the contents of elements whose text is
// not meant to be read (scripts, styles, frames, objects, titles).
func (ctx RenderContext) SanitizeHTML(s string, trimSpaces bool) string {
	s = stripHTML(s)
	if trimSpaces {
		s = strings.TrimSpace(s)
	}
	return s
}

// skipContent holds the elements whose text stripHTML drops.
var skipContent = map[string]bool{
	"frame": true, "frameset": true, "iframe": true, "noembed": true, "noframes": true,
	"noscript": true, "nostyle": true, "object": true, "title": true,
}

// stripHTML gives the text of an HTML fragment, with its character
// references decoded. It does what upstream glamour did with bluemonday's
// strict policy followed by html.UnescapeString, token for token, without
// linking bluemonday (whose package initialisation cost several
// milliseconds at every start of the program).
func stripHTML(s string) string {
	if strings.TrimSpace(s) == "" {
		return s // as bluemonday: white space comes back as it is
	}
	var (
		b        strings.Builder
		skipping bool   // inside an element whose text is dropped
		open     int    // how many of those are open (as bluemonday counts: a stray end tag counts too)
		current  string // the element most recently started and not yet ended
	)
	z := html.NewTokenizer(strings.NewReader(s))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return b.String()
		case html.StartTagToken:
			name, _ := z.TagName()
			current = string(name)
			if skipContent[current] {
				skipping = true
				open++
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			if string(name) == current {
				current = ""
			}
			if skipContent[string(name)] {
				if open--; open == 0 {
					skipping = false
				}
			}
		case html.TextToken:
			if !skipping && current != "script" && current != "style" {
				b.Write(z.Text())
			}
		}
	}
}
