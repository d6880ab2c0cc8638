package tui

// Reading mode never shows what consent no longer allows (issue 9, defect
// 1): every way a story's text reaches the screen in reading mode checks
// consent again in the store at that moment.

import (
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
