package tui

import (
	"bytes"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/involve/involve/store"
	"github.com/involve/involve/tui/kit"
)

// asker stands in for the terminal an accessible form asks its questions
// on: it answers from a script, a line each, and keeps what the form said.
// When the script runs out the form reads end-of-input (ctrl+d).
type asker struct {
	mu   sync.Mutex
	w, h int // the window, sent again when the terminal comes back
	in   bytes.Buffer
	out  strings.Builder
	runs int
}

// say adds answers to the script.
func (a *asker) say(lines ...string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	for _, l := range lines {
		a.in.WriteString(l + "\n")
	}
}

func (a *asker) Read(p []byte) (int, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.in.Len() == 0 {
		return 0, io.EOF
	}
	return a.in.Read(p)
}

func (a *asker) Write(p []byte) (int, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.out.Write(p)
}

// said is everything the forms have said so far.
func (a *asker) said() string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.out.String()
}

// run is kit.Common's Run: the form is asked there and then, in the Cmd.
// Then, as Bubble Tea does when it takes the terminal back, the window's
// size comes before what fn makes of it.
func (a *asker) run(cmd tea.ExecCommand, fn tea.ExecCallback) tea.Cmd {
	var err error
	return tea.Sequence(func() tea.Msg {
		a.mu.Lock()
		a.runs++
		a.mu.Unlock()
		cmd.SetStdin(a)
		cmd.SetStdout(a)
		cmd.SetStderr(a)
		err = cmd.Run()
		return tea.WindowSizeMsg{Width: a.w, Height: a.h}
	}, func() tea.Msg { return fn(err) })
}

// accessibleHarness is the app in accessible mode, its forms asked of a.
func accessibleHarness(t *testing.T, opts ...harnessOpt) (*harness, *asker) {
	t.Helper()
	opts = append([]harnessOpt{withOptions(func(o *Options) { o.Accessible = true })}, opts...)
	h := newHarness(t, opts...)
	h.timeout = 20 * time.Second // a form is asked in full inside one Cmd
	a := &asker{w: h.width, h: h.height}
	h.m.Common().Run = a.run
	return h, a
}

// isLineDrawing reports box-drawing and block characters, which a screen
// reader reads out one by one.
func isLineDrawing(r rune) bool { return r >= 0x2500 && r <= 0x259F }

// screenVisit says how to reach a screen from a fresh app.
type screenVisit struct {
	name string
	go_  func(t *testing.T, h *harness)
}

// accessibleScreens are the screens to check in accessible mode: the
// golden ones and the rest a user reaches.
func accessibleScreens() []screenVisit {
	var out []screenVisit
	for _, g := range goldenScreens {
		if strings.HasPrefix(g.name, "slots") || strings.HasPrefix(g.name, "equality-") || g.name == "consultation-point-from-meeting" {
			// Reached through a form, or forms themselves, which
			// accessible mode asks a line at a time: moreScreens has its
			// own way there.
			continue
		}
		out = append(out, screenVisit(g))
	}
	return append(out, moreScreens...)
}

// moreScreens are the screens without a golden screen.
var moreScreens = []screenVisit{
	{"person", func(t *testing.T, h *harness) {
		h.press(h.keys().Global.People)
		h.press(h.keys().List.Open)
		activeAs[*PersonScreen](h)
	}},
	{"question", func(t *testing.T, h *harness) {
		h.press(h.keys().Global.Forums)
		h.press(h.keys().Record.Delete)
		activeAs[*kit.Confirm](h)
	}},
	{"form", func(t *testing.T, h *harness) {
		h.m.Common().Run = func(tea.ExecCommand, tea.ExecCallback) tea.Cmd { return nil } // still asking
		h.press(h.keys().Global.Forums)
		h.press(h.keys().Record.New)
		activeAs[*kit.FormScreen](h)
	}},
	{"money-claims", func(t *testing.T, h *harness) { openMoney(t, h) }},
	{"money-payments", func(t *testing.T, h *harness) {
		openMoney(t, h)
		h.press(h.keys().Detail.SwitchPane)
	}},
	{"money-ledger", func(t *testing.T, h *harness) {
		openMoney(t, h)
		h.press(h.keys().Detail.SwitchPane)
		h.press(h.keys().Detail.SwitchPane)
	}},
	{"money-rates", func(t *testing.T, h *harness) {
		openMoney(t, h)
		for range 3 {
			h.press(h.keys().Detail.SwitchPane)
		}
	}},
	{"person-ledger", func(t *testing.T, h *harness) {
		openMoney(t, h)
		h.press(h.keys().Money.Ledger)
	}},
	{"expenses", func(t *testing.T, h *harness) {
		openHeldMeeting(t, h)
		h.press(h.keys().Detail.Expenses)
		activeAs[*MeetingMoneyScreen](h)
	}},
	{"meeting-day", func(t *testing.T, h *harness) {
		openHeldMeeting(t, h)
		h.press(h.keys().Detail.MeetingDay)
		activeAs[*RegisterScreen](h)
	}},
	{"transport", func(t *testing.T, h *harness) { trOpen(t, h) }},
	{"access-week", func(t *testing.T, h *harness) {
		acOpen(t, h)
		// A block selected: not shown by colour alone.
		h.press(h.keys().Grid.ExtendRight)
	}},
	{"access-exceptions", func(t *testing.T, h *harness) {
		acOpen(t, h)
		h.press(h.keys().Detail.SwitchPane)
	}},
	{"access-needs", func(t *testing.T, h *harness) {
		acOpen(t, h)
		h.press(h.keys().Detail.SwitchPane)
		h.press(h.keys().Detail.SwitchPane)
	}},
	{"slots", func(t *testing.T, h *harness) {
		slOpenForum(t, h)
		a := &asker{w: h.width, h: h.height}
		a.say("", "", "", "", "", "", "", "", "")
		h.m.Common().Run = a.run
		h.press(h.keys().Detail.FindTime)
		activeAs[*SlotsScreen](h)
	}},
	{"story-notes-card", func(t *testing.T, h *harness) {
		seedStories(t, h.s)
		h.press(h.keys().Global.Stories)
		selectStory(t, activeAs[*StoriesScreen](h), stHill)
		h.press(h.keys().List.Open)
		if r := activeAs[*ReaderScreen](h); !r.gate {
			t.Fatal("no content-notes card")
		}
	}},
	{"story-search", func(t *testing.T, h *harness) {
		seedStories(t, h.s)
		h.press(h.keys().Global.Stories)
		h.press(h.keys().Stories.Search)
		h.typeText("hill")
		activeAs[*StorySearch](h)
	}},
}

// In accessible mode no screen draws a box or a line: a screen reader
// reads each ─ as "box drawings light horizontal". Lists say where the
// cursor is in words, and what colour marks is marked in text too.
func TestAccessibleScreensDrawNoLines(t *testing.T) {
	t.Setenv("NO_COLOR", "")
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		for _, sc := range accessibleScreens() {
			t.Run(fmt.Sprintf("%s-%dx%d", sc.name, size[0], size[1]), func(t *testing.T) {
				h, _ := accessibleHarness(t, withSize(size[0], size[1]))
				sc.go_(t, h)
				scr := h.screen()
				for i, l := range strings.Split(scr, "\n") {
					if strings.ContainsFunc(l, isLineDrawing) {
						t.Errorf("line %d draws a line or box: %q\n%s", i+1, l, scr)
						break
					}
				}
				if strings.Contains(scr, "›") {
					t.Errorf("the screen marks something with ›, which a screen reader reads as a quotation mark:\n%s", scr)
				}
			})
		}
	}
}

// And the same screens do draw lines when not accessible, so the test above
// tests something.
func TestScreensDrawLinesWhenNotAccessible(t *testing.T) {
	h := newHarness(t)
	h.press(h.keys().Global.Forums)
	h.press(h.keys().Record.Delete)
	if !strings.ContainsFunc(h.screen(), isLineDrawing) {
		t.Fatalf("the question has no box:\n%s", h.screen())
	}
}

func TestAccessibleListsSayWhereTheCursorIs(t *testing.T) {
	h, _ := accessibleHarness(t)
	h.press(h.keys().Global.People)
	ls := activeAs[*kit.ListScreen](h)
	n := ls.List().Len()
	h.wantScreen(fmt.Sprintf("Row 1 of %d.", n), "> ")
	h.press(h.keys().List.Down)
	h.press(h.keys().List.Down)
	h.wantScreen(fmt.Sprintf("Row 3 of %d.", n))
	h.press(h.keys().List.Filter)
	h.typeText("zzzz")
	h.wantScreen(fmt.Sprintf("No rows found (%d in all).", n))
	// The section shown is in brackets, not only in colour.
	h.wantScreen("[3 People]")
}

func TestAccessibleErrorsSaySo(t *testing.T) {
	h, _ := accessibleHarness(t)
	h.send(kit.StatusMsg{Text: "Not saved: the name is needed.", Err: true})
	h.wantScreen("Error: Not saved: the name is needed.")
	h.send(kit.StatusMsg{Text: "Saved."})
	h.notScreen("Error:")
}

// A form in accessible mode asks its questions a line at a time: each with
// what it holds now; enter alone keeps it; a wrong answer is asked again.
func TestAccessibleFormAsksLineByLine(t *testing.T) {
	h, a := accessibleHarness(t)
	h.press(h.keys().Global.Forums)
	ls := activeAs[*kit.ListScreen](h)
	n := ls.List().Len()
	a.say(
		"",               // name: empty, refused
		"Harbour Voices", // name
		"Peer support by the sea.",
		"The Lifeboat Rooms",
		"monthly, last Friday",
		"y", // social
	)
	h.press(h.keys().Record.New)
	activeAs[*kit.ListScreen](h)
	h.wantScreen("Saved Harbour Voices.")
	if ls.List().Len() != n+1 {
		t.Fatalf("the list has %d forums, want %d", ls.List().Len(), n+1)
	}
	f, err := h.s.ForumByName(bg(), "Harbour Voices")
	if err != nil {
		t.Fatal(err)
	}
	if f.Venue != "The Lifeboat Rooms" || f.Purpose != "Peer support by the sea." || !f.Social {
		t.Errorf("stored %+v", f)
	}
	said := a.said()
	for _, want := range []string{"New forum", "Type each answer and press enter", "Now: empty", "Name", "is needed", "Purpose"} {
		if !strings.Contains(said, want) {
			t.Errorf("the form did not say %q:\n%s", want, said)
		}
	}
	// The answers are cleared from the terminal afterwards, and that is
	// the only escape code written.
	const clear = "\x1b[H\x1b[2J"
	if !strings.HasSuffix(said, clear) {
		t.Errorf("the terminal is not cleared after the questions:\n%q", said)
	}
	if rest := strings.TrimSuffix(said, clear); strings.ContainsFunc(rest, isLineDrawing) || strings.Contains(rest, "\x1b") {
		t.Errorf("the questions hold lines or escape codes:\n%q", rest)
	}

	// Editing: enter alone keeps each answer, and says what it is.
	ls.List().Select(f.ID)
	h.press(h.keys().Record.Edit)
	before := len(a.said())
	a.say("", "", "", "Weekly, Tuesdays", "", "")
	h.press(h.keys().Record.Edit)
	h.wantScreen("Saved Harbour Voices.")
	said = a.said()[before:]
	for _, want := range []string{"Now: Harbour Voices", "Now: The Lifeboat Rooms"} {
		if !strings.Contains(said, want) {
			t.Errorf("the edit did not say %q:\n%s", want, said)
		}
	}
	f2, err := h.s.ForumByName(bg(), "Harbour Voices")
	if err != nil {
		t.Fatal(err)
	}
	if f2.Venue != "The Lifeboat Rooms" || f2.Pattern != "Weekly, Tuesdays" || f2.Purpose != f.Purpose {
		t.Errorf("after the edit, stored %+v", f2)
	}
}

// End-of-input (ctrl+d) leaves the form and saves nothing.
func TestAccessibleFormLeftWithCtrlD(t *testing.T) {
	h, a := accessibleHarness(t)
	h.press(h.keys().Global.Forums)
	a.say("Half a forum") // then the script runs out
	h.press(h.keys().Record.New)
	activeAs[*kit.ListScreen](h)
	h.wantScreen("Not saved.")
	if _, err := h.s.ForumByName(bg(), "Half a forum"); err == nil {
		t.Fatal("a form left with ctrl+d was saved")
	}
	if !strings.Contains(a.said(), "nothing was saved") {
		t.Errorf("the form did not say it was left:\n%s", a.said())
	}
}

// Questions that an answer hides are not asked: a payment's "Reduced to"
// only when they take less.
func TestAccessibleFormSkipsWhatAnAnswerHides(t *testing.T) {
	h, a := accessibleHarness(t)
	openMoney(t, h)
	h.press(h.keys().Detail.SwitchPane) // payments
	ms := activeAs[*MoneyScreen](h)
	var p store.Payment
	for _, x := range ms.data.payments {
		if x.Status == store.StatusClaimed {
			p = x
			break
		}
	}
	if p.ID == "" {
		t.Skip("the demo has no payment still claimed")
	}
	ms.lists[ms.pane].Select(p.ID)
	a.say("2") // "Take less (reduce it)"; then the amount
	a.say("£1")
	h.press(h.keys().Money.Choice)
	said := a.said()
	if !strings.Contains(said, "Reduced to") {
		t.Fatalf("reduce did not ask how much:\n%s", said)
	}
	got, err := h.s.Payment(bg(), p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Choice != store.ChoiceReduce || got.Reduced != 100 {
		t.Errorf("stored choice %q reduced %v", got.Choice, got.Reduced)
	}

	before := len(a.said())
	a.say("1") // accept: nothing more to ask
	h.press(h.keys().Money.Choice)
	if said := a.said()[before:]; strings.Contains(said, "Reduced to") || !strings.Contains(said, "Now: Take less") {
		t.Errorf("accept asked how much, or did not say the choice now:\n%s", said)
	}
	if got, _ := h.s.Payment(bg(), p.ID); got.Choice != store.ChoiceAccept {
		t.Errorf("stored choice %q", got.Choice)
	}
}

// Reading mode's stories and a search's results say which one the cursor
// is on, too.
func TestAccessibleCardsSayWhereTheCursorIs(t *testing.T) {
	h, _ := accessibleHarness(t, withDatabase(filepath.Join(t.TempDir(), "involve.db")))
	seedStories(t, h.s)
	h.press(h.keys().Global.Stories)
	h.press(h.keys().Stories.ReadingMode)
	rm := activeAs[*ReadingMode](h)
	h.wantScreen(fmt.Sprintf("Story 1 of %d.", rm.cards.Len()))
	h.press(h.keys().List.Down)
	h.wantScreen(fmt.Sprintf("Story 2 of %d.", rm.cards.Len()))
	h.press(h.keys().Global.Back)
	h.press(h.keys().Stories.Search)
	h.typeText("a")
	h.wantScreen("Story 1 of ")
}
