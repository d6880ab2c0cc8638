package tui

// Reading mode never shows what consent no longer allows (issue 9, defects
// 1 and 11): every way a story's text reaches the screen in reading mode
// checks consent again in the store at that moment, and ctrl+c there asks
// before quitting, over a question that shows nothing of the story.

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/involve/involve/store"
	"github.com/involve/involve/tui/kit"
)

// withdrawnMsg is what reading mode says when it closes a story whose
// consent was withdrawn.
const withdrawnMsg = "This story can no longer be read: its consent was withdrawn."

// openReadingMode opens reading mode over the seeded stories.
func openReadingMode(t *testing.T) (*harness, *ReadingMode, map[string]store.Story) {
	t.Helper()
	h, _, stories := openStories(t)
	h.press(h.keys().Stories.ReadingMode)
	rm := activeAs[*ReadingMode](h)
	h.wantScreen(stHill, stLongWay)
	return h, rm, stories
}

// readInReadingMode opens a story from reading mode's list (going on past
// its content notes) and waits for its text.
func readInReadingMode(t *testing.T, h *harness, rm *ReadingMode, title string) *ReaderScreen {
	t.Helper()
	findCard(t, rm, title)
	h.press(h.keys().List.Open)
	r := activeAs[*ReaderScreen](h)
	if r.gate {
		h.press(h.keys().Stories.GoOn)
	}
	h.wantScreen("Paragraph 1.")
	return r
}

// withdraw withdraws a story's consent in the store, as another terminal
// would (`involve stories withdraw`).
func withdraw(t *testing.T, h *harness, st store.Story) {
	t.Helper()
	if err := h.s.WithdrawConsent(bg(), st.ID, "2026-03-10"); err != nil {
		t.Fatal(err)
	}
}

// updateOnly gives the root model one message without running the Cmd it
// returns: what the screen shows before any reply comes back.
func updateOnly(h *harness, msg tea.Msg) tea.Cmd {
	_, cmd := h.m.Update(msg)
	return cmd
}

// wantClosed checks that reading mode's list is back on top, saying why
// the story was closed, with none of its text.
func wantClosed(t *testing.T, h *harness, rm *ReadingMode, title string) {
	t.Helper()
	if h.active() != kit.Screen(rm) {
		t.Fatalf("the story was not closed: the active screen is %T:\n%s", h.active(), h.screen())
	}
	h.wantScreen(withdrawnMsg)
	h.notScreen("Paragraph", "The first hill")
	for _, st := range rm.stories {
		if st.Title == title {
			t.Fatalf("reading mode still offers %q", title)
		}
	}
}

// The scenario: the content-notes card is open, consent is
// withdrawn elsewhere, enter is pressed: the story closes, unshown.
func TestReadingModeCardRechecksConsentOnEnter(t *testing.T) {
	h, rm, stories := openReadingMode(t)
	findCard(t, rm, stHill)
	h.press(h.keys().List.Open)
	r := activeAs[*ReaderScreen](h)
	h.wantScreen("This story mentions: overdose, bereavement")
	if len(r.lines) == 0 {
		t.Fatal("the story was not set out behind its card (the test would prove nothing)")
	}
	withdraw(t, h, stories[stHill])
	cmd := updateOnly(h, keyMsg(t, h.keys().Stories.GoOn.Keys()[0]))
	h.notScreen("Paragraph")
	h.run(cmd)
	wantClosed(t, h, rm, stHill)

	// Still allowed: enter goes on to the story once the check says so.
	findCard(t, rm, stLongWay)
	h.press(h.keys().List.Open)
	h.wantScreen("Paragraph 1.")
}

// A story open in reading mode, withdrawn, then the window resized: the
// re-wrapped text is not shown, not even the old lines while the check runs.
func TestReadingModeResizeRechecksConsent(t *testing.T) {
	h, rm, stories := openReadingMode(t)
	readInReadingMode(t, h, rm, stLongWay)
	withdraw(t, h, stories[stLongWay])
	h.width, h.height = 80, 24
	cmd := updateOnly(h, tea.WindowSizeMsg{Width: 80, Height: 24})
	h.notScreen("Paragraph")
	h.run(cmd)
	wantClosed(t, h, rm, stLongWay)
}

// A re-render (a new background, so a new style) checks again too.
func TestReadingModeReRenderRechecksConsent(t *testing.T) {
	h, rm, stories := openReadingMode(t)
	readInReadingMode(t, h, rm, stHill)
	withdraw(t, h, stories[stHill])
	cmd := updateOnly(h, tea.BackgroundColorMsg{})
	h.notScreen("Paragraph")
	h.run(cmd)
	wantClosed(t, h, rm, stHill)
}

// Whatever asked for it, a render's reply that says the story may not be
// read closes it, even when a newer render is still on its way: a refusal
// is never stale. And a story closes once only.
func TestReadingModeRefusedRenderClosesOnce(t *testing.T) {
	h, rm, stories := openReadingMode(t)
	r := readInReadingMode(t, h, rm, stLongWay)
	withdraw(t, h, stories[stLongWay])
	older, newer := r.render(), r.render()
	msg := older()
	if rendered, ok := msg.(readerRenderedMsg); !ok || rendered.lines != nil {
		t.Fatalf("a render of a withdrawn story in reading mode gave %T with %d lines", msg, len(rendered.lines))
	}
	again := newer()
	h.send(msg)
	wantClosed(t, h, rm, stLongWay)
	h.send(again) // reaches reading mode's list, which must stay
	if h.active() != kit.Screen(rm) {
		t.Fatalf("a second refusal closed %T too", h.active())
	}
}

// The periodic check closes an open story whose consent was withdrawn, and
// a story waiting behind its content notes.
func TestReadingModePeriodicCheckClosesTheStory(t *testing.T) {
	h, rm, stories := openReadingMode(t)
	r := readInReadingMode(t, h, rm, stLongWay)
	withdraw(t, h, stories[stLongWay])
	h.send(readerCheckMsg{to: r, seq: r.check})
	wantClosed(t, h, rm, stLongWay)

	findCard(t, rm, stHill)
	h.press(h.keys().List.Open)
	r = activeAs[*ReaderScreen](h)
	h.wantScreen("This story mentions")
	withdraw(t, h, stories[stHill])
	h.send(readerCheckMsg{to: r, seq: r.check})
	wantClosed(t, h, rm, stHill)
}

// Help covers the story; closing it shows the story again only once
// consent has been checked.
func TestReadingModeHelpClosedRechecksConsent(t *testing.T) {
	h, rm, stories := openReadingMode(t)
	readInReadingMode(t, h, rm, stLongWay)
	h.press(h.keys().Global.Help)
	h.notScreen("Paragraph")
	withdraw(t, h, stories[stLongWay])
	cmd := updateOnly(h, keyMsg(t, h.keys().Global.Help.Keys()[0]))
	h.notScreen("Paragraph")
	h.run(cmd)
	wantClosed(t, h, rm, stLongWay)
}

// ctrl+c in reading mode asks first, full screen, showing nothing of the
// story; no goes back to it (checked again), yes quits; ctrl+c twice quits.
func TestCtrlCInReadingModeAsks(t *testing.T) {
	h, rm, stories := openReadingMode(t)
	g, k := h.keys().Global, h.keys().Stories
	// On the list of stories.
	h.press(g.ForceQuit)
	if h.quit {
		t.Fatal("ctrl+c in reading mode quit without asking")
	}
	activeAs[*kit.Confirm](h)
	h.wantScreen("Quit involve?")
	h.notScreen("1 Dashboard", "Reading mode", stHill, stLongWay)
	h.press(h.keys().Confirm.No)
	if h.active() != kit.Screen(rm) || h.quit {
		t.Fatalf("no did not go back to reading mode: %T", h.active())
	}
	h.wantScreen(stHill)

	// Over a story: the question hides it and its title, and the app's
	// tabs and breadcrumbs.
	r := readInReadingMode(t, h, rm, stHill)
	h.press(k.PageDown)
	h.press(g.ForceQuit)
	if h.quit {
		t.Fatal("ctrl+c over a story in reading mode quit without asking")
	}
	h.wantScreen("Quit involve?")
	h.notScreen("Paragraph", stHill, "overdose", "Sam", "1 Dashboard", "Stories ›")
	for i, l := range h.lines() {
		if i < len(h.lines())-1 && strings.TrimSpace(l) != "" && !strings.ContainsAny(l, "╭╮╰╯│") {
			t.Fatalf("line %d is outside the question's box: %q\n%s", i+1, l, h.screen())
		}
	}
	// No: back to the story, where it was.
	at := r.offset
	h.press(h.keys().Confirm.No)
	if h.active() != kit.Screen(r) || h.quit {
		t.Fatalf("no did not go back to the story: %T", h.active())
	}
	h.wantScreen("Paragraph")
	h.notScreen("Nothing was changed")
	if r.offset != at {
		t.Fatalf("back from the question the story is at line %d, was %d", r.offset, at)
	}
	// Withdrawn while the question is open: no closes the story.
	h.press(g.ForceQuit)
	withdraw(t, h, stories[stHill])
	h.press(h.keys().Confirm.No)
	wantClosed(t, h, rm, stHill)

	// Yes quits, remembering where a story was left.
	r = readInReadingMode(t, h, rm, stLongWay)
	h.press(k.Bottom)
	if r.offset == 0 {
		t.Fatal("the story did not scroll (the test would prove nothing)")
	}
	h.press(g.ForceQuit)
	h.press(h.keys().Confirm.Yes)
	if !h.quit {
		t.Fatal("yes did not quit")
	}
	if got, err := h.s.ReadingPosition(bg(), stories[stLongWay].ID); err != nil || got.Line != r.offset {
		t.Fatalf("after quitting, the place remembered is %+v (%v), want line %d", got, err, r.offset)
	}

	// ctrl+c twice quits.
	h2, _, _ := openReadingMode(t)
	h2.press(g.ForceQuit)
	h2.press(g.ForceQuit)
	if !h2.quit {
		t.Fatal("ctrl+c twice in reading mode did not quit")
	}

	// A terminal too small to draw in says ctrl+c quits, and shows
	// nothing else: there it quits at once.
	h3, _, _ := openReadingMode(t)
	h3.resize(50, 12)
	h3.wantScreen("Terminal too small", "ctrl+c to quit")
	h3.press(g.ForceQuit)
	if !h3.quit {
		t.Fatal("ctrl+c in a terminal too small did not quit")
	}
}

// A reload of reading mode's list keeps the cursor on the story it was on:
// a story above it withdrawn meanwhile must not move the cursor onto
// another story, which enter would then open.
func TestReadingModeReloadKeepsTheCursorOnItsStory(t *testing.T) {
	h, rm, stories := openReadingMode(t)
	// A third story after the long way back, so that the cursor's old
	// place holds another story after the reload.
	last := stories[stLongWay]
	last.ID, last.Slug, last.Title = "", "zebra", "Zebra crossing"
	if err := h.s.SaveStory(bg(), &last); err != nil {
		t.Fatal(err)
	}
	h.run(rm.Refresh())
	findCard(t, rm, stLongWay)
	withdraw(t, h, stories[stHill])
	h.run(rm.Refresh())
	if got := rm.stories[rm.cards.Cursor()].Title; got != stLongWay {
		t.Fatalf("after the reload the cursor is on %q, want %q", got, stLongWay)
	}
}

// The footer over reading mode's help names the keys that close it, not q
// to quit (reading mode takes no q: the room sees the screen), and q closes
// the help rather than quitting.
func TestReadingModeHelpFooterNamesItsKeys(t *testing.T) {
	h, rm, _ := openReadingMode(t)
	g := h.keys().Global
	h.press(g.Help)
	quit := g.Quit.Help().Key + " quit"
	h.notScreen(quit)
	h.wantScreen(g.Help.Help().Key + "/" + g.Back.Help().Key + " close help")
	h.press(g.Quit)
	if h.quit || h.active() != kit.Screen(rm) {
		t.Fatalf("q over reading mode's help: quit %v, screen %T", h.quit, h.active())
	}
	h.notScreen(quit)
}
