package kit

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// WrapLines breaks at spaces within the width, indents every line, and
// when told how many lines it may take, ends the last in "…" rather than
// dropping what is left without a sign. Width is the terminal's: a wide
// letter takes two cells.
func TestWrapLines(t *testing.T) {
	text := "Nobody here yet. Press n to add someone, or import a CSV with `involve import people`."
	lines := WrapLines(text, 40, "  ", 0)
	if got := strings.Join(lines, " "); strings.Join(strings.Fields(got), " ") != text {
		t.Errorf("the words changed: %q", got)
	}
	for _, l := range lines {
		if !strings.HasPrefix(l, "  ") || ansi.StringWidth(l) > 40 {
			t.Errorf("line %q: not indented, or wider than 40", l)
		}
	}
	cut := WrapLines(text, 40, "  ", 2)
	if len(cut) != 2 || !strings.HasSuffix(cut[1], "…") || ansi.StringWidth(cut[1]) > 40 {
		t.Errorf("two lines at most: %q", cut)
	}
	wide := WrapLines("王秀英 王秀英 王秀英 王秀英 王秀英", 12, "", 0)
	for _, l := range wide {
		if ansi.StringWidth(l) > 12 {
			t.Errorf("%q is %d cells wide, more than 12", l, ansi.StringWidth(l))
		}
	}
}
