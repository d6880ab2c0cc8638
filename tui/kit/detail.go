package kit

import (
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// Field is one "Label  value" line of a detail view.
type Field struct{ Label, Value string }

// Fields draws label/value lines, wrapping long values, within width.
func Fields(c *Common, width int, fs ...Field) string {
	st := c.Styles
	lw := 0
	for _, f := range fs {
		lw = max(lw, ansi.StringWidth(f.Label))
	}
	var lines []string
	for _, f := range fs {
		v := f.Value
		if v == "" {
			v = st.Faint.Render("—")
		}
		label := st.Label.Render(f.Label + strings.Repeat(" ", lw-ansi.StringWidth(f.Label)))
		body := lipgloss.NewStyle().Width(max(10, width-lw-4)).Render(v)
		lines = append(lines, lipgloss.JoinHorizontal(lipgloss.Top, "  ", label, "  ", body))
	}
	return strings.Join(lines, "\n")
}

// PaneTabs draws the names of a screen's panes with the focused one marked.
func PaneTabs(c *Common, names []string, focus int) string {
	st := c.Styles
	var out []string
	for i, n := range names {
		if i == focus {
			out = append(out, st.Current(st.ActiveTab, n))
		} else {
			out = append(out, st.Tab.Render(n))
		}
	}
	return " " + strings.Join(out, st.Separator()) + st.Faint.Render("   "+KeyName(c.Keys.Detail.SwitchPane)+" switches")
}

// LineCount counts the lines of s.
func LineCount(s string) int {
	if s == "" {
		return 0
	}
	return strings.Count(s, "\n") + 1
}

// WrapLines breaks plain text into lines of at most width cells, each
// starting with indent, at spaces (a word longer than a line is broken).
// At most maxLines lines are kept (any number when maxLines < 1); the last
// kept line ends in "…" when text is left over.
func WrapLines(s string, width int, indent string, maxLines int) []string {
	room := max(1, width-ansi.StringWidth(indent))
	lines := strings.Split(ansi.Wrap(strings.Join(strings.Fields(s), " "), room, ""), "\n")
	if maxLines > 0 && len(lines) > maxLines {
		// What is left over is wider than a line: cut, it ends in "…".
		rest := strings.Join(lines[maxLines-1:], " ")
		lines = append(lines[:maxLines-1], Truncate(rest, room))
	}
	for i, l := range lines {
		lines[i] = indent + strings.TrimRight(l, " ")
	}
	return lines
}
