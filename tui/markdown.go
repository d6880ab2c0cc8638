package tui

import (
	"fmt"
	"strings"
	"sync"

	"charm.land/glamour/v2"
	"charm.land/glamour/v2/styles"

	"github.com/involve/involve/termsafe"
)

// Markdown renders markdown for the terminal with glamour, at most once per
// (document key, width, style): renders are cached, and so are renderers.
// It is safe to use from several Cmds at once. Never call it from View.
type Markdown struct {
	mu        sync.Mutex
	renderers map[string]*glamour.TermRenderer
	cache     map[string]string
}

// NewMarkdown makes an empty renderer cache.
func NewMarkdown() *Markdown {
	return &Markdown{renderers: map[string]*glamour.TermRenderer{}, cache: map[string]string{}}
}

// StyleName picks glamour's style for the background: glamour v2 does not
// detect it itself. NO_COLOR gets the style without colours.
func StyleName(isDark, noColor bool) string {
	switch {
	case noColor:
		return styles.NoTTYStyle
	case isDark:
		return styles.DarkStyle
	}
	return styles.LightStyle
}

// Render renders text at width in style. key identifies the document and its
// version ("meeting/ID/3/agenda"); an empty key skips the cache. The output
// has passed the terminal-safety filter.
func (md *Markdown) Render(key, text string, width int, style string) (string, error) {
	width = max(20, width)
	ck := fmt.Sprintf("%s\x00%d\x00%s", key, width, style)
	md.mu.Lock()
	defer md.mu.Unlock()
	if key != "" {
		if out, ok := md.cache[ck]; ok {
			return out, nil
		}
	}
	rk := fmt.Sprintf("%d\x00%s", width, style)
	r, ok := md.renderers[rk]
	if !ok {
		var err error
		r, err = glamour.NewTermRenderer(glamour.WithStandardStyle(style), glamour.WithWordWrap(width))
		if err != nil {
			return "", err
		}
		md.renderers[rk] = r
	}
	out, err := r.Render(text)
	if err != nil {
		return "", err
	}
	out = termsafe.Filter(strings.Trim(out, "\n"))
	if key != "" {
		md.cache[ck] = out
	}
	return out, nil
}
