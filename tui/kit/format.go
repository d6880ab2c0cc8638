package kit

import (
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/involve/involve/store"
)

// Truncate cuts text (which may hold colour codes) to width cells, by
// display width (wide letters take two), ending in "…" when it cuts.
func Truncate(s string, width int) string {
	if width <= 0 {
		return ""
	}
	return ansi.Truncate(s, width, "…")
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

// ShortDate shows a date as "12 Mar 2026" in London time, or none when zero.
func ShortDate(t time.Time, none string) string {
	if t.IsZero() {
		return none
	}
	return t.In(store.London).Format("2 Jan 2006")
}

// LongDate shows a date as "Tue 12 Mar 2026".
func LongDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(store.London).Format("Mon 2 Jan 2006")
}

// TimeRange shows "13:00–15:00" in London time.
func TimeRange(a, b time.Time) string {
	return store.LocalClock(a) + "–" + store.LocalClock(b)
}

// DueDate shows an action's due date ("9 Mar 2026"), or "no date".
func DueDate(due string) string {
	if due == "" {
		return "no date"
	}
	d, err := time.ParseInLocation(store.DateLayout, due, store.London)
	if err != nil {
		return due
	}
	return d.Format("2 Jan 2006")
}

// DueText says when an action is due relative to today.
func DueText(due, today string) (string, Tone) {
	label := DueDate(due)
	d, err := time.ParseInLocation(store.DateLayout, due, store.London)
	if err != nil {
		return label, ToneNormal
	}
	t, _ := time.ParseInLocation(store.DateLayout, today, store.London)
	days := int(d.Sub(t).Hours() / 24)
	switch {
	case days < 0:
		return label + " (overdue)", ToneBad
	case days == 0:
		return label + " (today)", ToneWarn
	}
	return label, ToneNormal
}
