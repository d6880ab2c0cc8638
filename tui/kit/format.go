package kit

import (
	"fmt"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/involve/involve/civil"
	"github.com/involve/involve/store"
)

// Truncate cuts text (colour codes and all) to width terminal cells, ending
// it with "…" when anything was cut. Width is what the terminal shows: a
// wide character (Chinese, Japanese, Korean, most emoji) takes two cells,
// a combining accent none. Every text cut to fit the screen is cut here.
func Truncate(s string, width int) string {
	if width <= 0 {
		return ""
	}
	return ansi.Truncate(s, width, "…")
}

// ShortDate shows a date as "12 Mar 2026" in London time, or none when zero.
func ShortDate(t time.Time, none string) string {
	if t.IsZero() {
		return none
	}
	return t.In(store.London).Format("2 Jan 2006")
}

// CivilDate shows a calendar date as "12 Mar 2026", or "" when zero.
func CivilDate(d civil.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.Time(time.UTC).Format("2 Jan 2006")
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

// Plural is a count with its noun: "1 meeting", "3 meetings".
func Plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
