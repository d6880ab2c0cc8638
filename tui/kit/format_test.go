package kit

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// Issue 9, 12: text was cut by counting runes, so a line of Chinese or
// emoji (two cells each) ran off the screen. Truncate counts cells.
func TestTruncateCountsCellsNotRunes(t *testing.T) {
	for _, tc := range []struct {
		in    string
		width int
		want  string
	}{
		{"Siobhan", 10, "Siobhan"},
		{"Siobhan O'Connor", 10, "Siobhan O…"},
		{"王秀英 paid £5.70", 17, "王秀英 paid £5.70"},
		{"王秀英 paid £5.70", 16, "王秀英 paid £5.…"},
		{"王秀英王秀英王秀英", 9, "王秀英王…"},
		{"王秀英王秀英王秀英", 8, "王秀英…"}, // no half a character
		{"🎉🎉🎉🎉 party", 6, "🎉🎉…"},
		{"Zoë", 3, "Zoë"}, // a combining accent takes no cell
		{"anything", 0, ""},
		{"anything", 1, "…"},
	} {
		got := Truncate(tc.in, tc.width)
		if got != tc.want {
			t.Errorf("Truncate(%q, %d) = %q, want %q", tc.in, tc.width, got, tc.want)
		}
		if w := ansi.StringWidth(got); w > tc.width {
			t.Errorf("Truncate(%q, %d) is %d cells wide", tc.in, tc.width, w)
		}
	}
	// Colour codes take no room and are kept.
	red := "\x1b[31m王秀英王秀英\x1b[0m"
	if got := Truncate(red, 7); ansi.StringWidth(got) > 7 || !strings.HasPrefix(got, "\x1b[31m") || !strings.HasSuffix(ansi.Strip(got), "…") {
		t.Errorf("Truncate of coloured text = %q", got)
	}
}

// A list's cells are cut by width too: a row of wide names stays inside
// its columns.
func TestListCellsOfWideCharactersFit(t *testing.T) {
	c := &Common{Styles: NewStyles(true), Keys: DefaultKeyMap()}
	l := NewList(c, Column{Title: "Name"}, Column{Title: "Note", Width: 8})
	l.SetSize(40, 5)
	l.SetRows([]Row{NewRow("1", []string{"王秀英王秀英王秀英王秀英王秀英王秀英王秀英", "🎉🎉🎉🎉🎉🎉"}, nil)})
	for _, line := range strings.Split(l.View(), "\n") {
		if w := ansi.StringWidth(line); w > 40 {
			t.Errorf("a line is %d cells wide, wider than the list's 40: %q", w, ansi.Strip(line))
		}
	}
	if !strings.Contains(ansi.Strip(l.View()), "…") {
		t.Errorf("the cut cells show no …:\n%s", ansi.Strip(l.View()))
	}
}
