package tui

import (
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/involve/involve/tui/kit"
)

// field is one "Label  value" line of a detail view.
type field struct{ label, value string }

// fields draws label/value lines, wrapping long values, within width.
func fields(c *kit.Common, width int, fs ...field) string {
	st := c.Styles
	lw := 0
	for _, f := range fs {
		lw = max(lw, ansi.StringWidth(f.label))
	}
	var lines []string
	for _, f := range fs {
		v := f.value
		if v == "" {
			v = st.Faint.Render("—")
		}
		label := st.Label.Render(f.label + strings.Repeat(" ", lw-ansi.StringWidth(f.label)))
		body := lipgloss.NewStyle().Width(max(10, width-lw-4)).Render(v)
		lines = append(lines, lipgloss.JoinHorizontal(lipgloss.Top, "  ", label, "  ", body))
	}
	return strings.Join(lines, "\n")
}

// paneTabs draws the names of a screen's panes with the focused one marked.
func paneTabs(c *kit.Common, names []string, focus int) string {
	st := c.Styles
	var out []string
	for i, n := range names {
		if i == focus {
			out = append(out, st.ActiveTab.Render(n))
		} else {
			out = append(out, st.Tab.Render(n))
		}
	}
	return " " + strings.Join(out, st.Faint.Render("│")) + st.Faint.Render("   ] switches")
}

// lineCount counts the lines of s.
func lineCount(s string) int {
	if s == "" {
		return 0
	}
	return strings.Count(s, "\n") + 1
}
