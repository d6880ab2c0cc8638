package tui

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/involve/involve/store"
	"github.com/involve/involve/tui/equality"
	"github.com/involve/involve/tui/kit"
)

// Golden screens: what each screen looks like at 80×24 and 120×40, escape
// codes stripped, compared with testdata/golden/*.txt. After a deliberate
// change to the look of a screen:
//
//	go test ./tui -run TestGolden -update
var update = flag.Bool("update", false, "rewrite the golden screens in testdata/golden")

// goldenScreens says how to reach each screen from a fresh app.
var goldenScreens = []struct {
	name string
	go_  func(t *testing.T, h *harness)
}{
	{"dashboard", func(t *testing.T, h *harness) {}},
	{"forums", func(t *testing.T, h *harness) { h.press(h.keys().Global.Forums) }},
	{"people", func(t *testing.T, h *harness) { h.press(h.keys().Global.People) }},
	{"meetings", func(t *testing.T, h *harness) { h.press(h.keys().Global.Meetings) }},
	{"forum", func(t *testing.T, h *harness) {
		h.press(h.keys().Global.Forums)
		h.press(h.keys().List.Open)
		activeAs[*ForumScreen](h)
	}},
	{"meeting", func(t *testing.T, h *harness) {
		openHeldMeeting(t, h)
	}},
	{"meeting-actions", func(t *testing.T, h *harness) {
		openHeldMeeting(t, h)
		h.press(h.keys().Detail.SwitchPane)
		h.press(h.keys().Detail.SwitchPane)
	}},
	{"register", func(t *testing.T, h *harness) {
		openHeldMeeting(t, h)
		h.press(h.keys().Detail.Register)
		activeAs[*RegisterScreen](h)
	}},
	{"people-find", func(t *testing.T, h *harness) {
		h.press(h.keys().Global.People)
		h.press(h.keys().List.Filter)
		h.typeText("an")
	}},
	{"help", func(t *testing.T, h *harness) {
		openHeldMeeting(t, h)
		h.press(h.keys().Detail.Register)
		h.press(h.keys().Global.Help)
	}},
	{"privacy", func(t *testing.T, h *harness) {
		h.press(h.keys().Global.Privacy)
		h.press(h.keys().Global.People)
	}},
	{"stories", func(t *testing.T, h *harness) {
		seedStories(t, h.s)
		h.press(h.keys().Global.Stories)
	}},
	{"story-reader", func(t *testing.T, h *harness) {
		seedStories(t, h.s)
		h.press(h.keys().Global.Stories)
		selectStory(t, activeAs[*StoriesScreen](h), stHill)
		h.press(h.keys().List.Open)
		h.press(h.keys().Stories.GoOn)
		activeAs[*ReaderScreen](h)
	}},
	{"story-reading-mode", func(t *testing.T, h *harness) {
		seedStories(t, h.s)
		h.press(h.keys().Global.Stories)
		h.press(h.keys().Stories.ReadingMode)
		findCard(t, activeAs[*ReadingMode](h), stHill)
		h.press(h.keys().List.Open)
		h.press(h.keys().Stories.GoOn)
		activeAs[*ReaderScreen](h)
	}},
	{"equality-form", func(t *testing.T, h *harness) {
		eqOpenPerson(t, h, eqPerson(t, h, true))
		h.press(h.keys().Detail.Equality)
		activeAs[*kit.FormScreen](h)
	}},
	{"equality-ethnic", func(t *testing.T, h *harness) {
		eqOpenPerson(t, h, eqPerson(t, h, true))
		h.press(h.keys().Detail.Equality)
		eqFocus(t, h, activeAs[*kit.FormScreen](h), "ethnic")
	}},
	{"reach", func(t *testing.T, h *harness) {
		h.press(h.keys().Global.Forums)
		h.press(h.keys().Reach.Open)
		activeAs[*equality.ReachScreen](h)
	}},
	{"reach-forum", func(t *testing.T, h *harness) {
		h.press(h.keys().Global.Forums)
		h.press(h.keys().List.Open)
		h.press(h.keys().Reach.Open)
		h.press(h.keys().Reach.NextQuestion)
		activeAs[*equality.ReachScreen](h)
	}},
}

// openHeldMeeting opens the latest meeting that was held (it has an agenda,
// minutes and a register with people marked).
func openHeldMeeting(t *testing.T, h *harness) {
	t.Helper()
	h.press(h.keys().Global.Meetings)
	ls := activeAs[*kit.ListScreen](h)
	findRow(t, ls.List(), func(r kit.Row) bool { return r.Cells[4] == store.MeetingHeld.Label() })
	h.press(h.keys().List.Open)
	activeAs[*MeetingScreen](h)
}

func TestGolden(t *testing.T) {
	// NO_COLOR changes the markdown style; the golden screens are drawn
	// with colour (then stripped).
	t.Setenv("NO_COLOR", "")
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		for _, sc := range goldenScreens {
			name := fmt.Sprintf("%s-%dx%d", sc.name, size[0], size[1])
			t.Run(name, func(t *testing.T) {
				h := newHarness(t, withSize(size[0], size[1]))
				sc.go_(t, h)
				got := goldenText(t, h)
				checkGolden(t, name, got)
			})
		}
	}
}

// goldenText is the screen, stripped of escape codes and trailing spaces,
// after checking that it is exactly the terminal's size.
func goldenText(t *testing.T, h *harness) string {
	t.Helper()
	raw := strings.Split(h.m.View().Content, "\n")
	if len(raw) != h.height {
		t.Errorf("the view has %d lines, want %d", len(raw), h.height)
	}
	out := make([]string, len(raw))
	for i, l := range raw {
		if w := ansi.StringWidth(l); w > h.width {
			t.Errorf("line %d is %d cells wide, more than %d: %q", i+1, w, h.width, ansi.Strip(l))
		}
		out[i] = strings.TrimRight(ansi.Strip(l), " ")
	}
	return strings.Join(out, "\n") + "\n"
}

func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name+".txt")
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./tui -run TestGolden -update to make it)", err)
	}
	if string(want) != got {
		t.Errorf("%s differs from %s (-update rewrites it after a deliberate change):\n%s", name, path, lineDiff(string(want), got))
	}
}

// lineDiff shows the lines that differ, numbered.
func lineDiff(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	for i := range max(len(wl), len(gl)) {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			fmt.Fprintf(&b, "%3d want │%s\n%3d got  │%s\n", i+1, w, i+1, g)
		}
	}
	b.WriteString("\ngot:\n" + got)
	return b.String()
}
