package kit

import "github.com/involve/involve/render"

// Markdown renders markdown for the terminal: it is render.Markdown, the
// program's one renderer (glamour, tamed for untrusted text, its output
// through the terminal-safety filter), caching renderers per width and
// style and renders per (document key, width, style). It is safe to use
// from several Cmds at once. Never call it from View.
type Markdown = render.Markdown

// NewMarkdown makes an empty renderer cache.
func NewMarkdown() *Markdown { return render.NewMarkdown() }

// StyleName picks the style for the background: glamour v2 does not detect
// it itself. NO_COLOR gets the style without colours.
func StyleName(isDark, noColor bool) string { return render.StyleName(isDark, noColor) }
