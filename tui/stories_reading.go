package tui

import (
	"context"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/involve/involve/store"
	"github.com/involve/involve/termsafe"
	"github.com/involve/involve/tui/kit"
)

// ReadingMode is for reading a story aloud at a meeting, with the laptop
// visible to the room: full screen, no tabs, only the stories whose
// authors agreed to their being read at forums, that are approved and
// neither expired nor embargoed today. A story whose consent is withdrawn,
// expired or embargoed is never offered here.
type ReadingMode struct {
	c       *kit.Common
	stories []store.StorySummary
	cards   cardList
	loaded  bool
	gen     int
	check   int // the latest chain of periodic reloads
	w, h    int
}

type (
	readingLoadedMsg struct {
		to      *ReadingMode
		gen     int
		stories []store.StorySummary
		err     error
	}
	readingCheckMsg struct {
		to  *ReadingMode
		seq int
	}
)

// NewReadingMode opens reading mode.
func NewReadingMode(c *kit.Common) *ReadingMode {
	return &ReadingMode{c: c, cards: cardList{c: c, gap: 1}}
}

// Fullscreen is always true: reading mode draws without the app's chrome.
func (s *ReadingMode) Fullscreen() bool { return true }

// Init loads the stories that may be read.
func (s *ReadingMode) Init() tea.Cmd { return s.Refresh() }

// Refresh reloads them, and again every little while as long as the list
// is on screen: consent may be withdrawn meanwhile, from another copy of
// the app or the command line, and the room must not see the story offered.
func (s *ReadingMode) Refresh() tea.Cmd {
	s.check++
	seq := s.check
	next := tea.Tick(recheckEvery, func(time.Time) tea.Msg { return readingCheckMsg{to: s, seq: seq} })
	return tea.Batch(s.load(), next)
}

func (s *ReadingMode) load() tea.Cmd {
	s.gen++
	gen := s.gen
	return kit.Load(s.c, func(ctx context.Context, st *store.Store) ([]store.StorySummary, error) {
		out, err := st.Stories(ctx, store.StoryFilter{ReadableFor: store.UseForums})
		sortStories(out, sortTitle)
		return out, err
	}, func(v []store.StorySummary, err error) tea.Msg {
		return readingLoadedMsg{to: s, gen: gen, stories: v, err: err}
	})
}

// Title names the screen.
func (s *ReadingMode) Title() string { return "Reading mode" }

// SetSize lays the list out.
func (s *ReadingMode) SetSize(w, h int) {
	s.w, s.h = w, h
	s.cards.SetHeight(h - 4)
	s.layout()
}

// Help lists reading mode's keys.
func (s *ReadingMode) Help() [][]key.Binding {
	l := s.c.Keys.List
	return [][]key.Binding{
		{l.Open, l.Down, l.Up, kit.Relabel(s.c.Keys.Global.Back, "leave reading mode")},
		{l.PageDown, l.PageUp, l.Top, l.Bottom},
	}
}

// Update moves over the stories and opens one.
func (s *ReadingMode) Update(msg tea.Msg) (kit.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case readingLoadedMsg:
		if msg.to != s || msg.gen != s.gen {
			return s, nil
		}
		if msg.err != nil {
			return s, kit.Failed(msg.err)
		}
		// The cursor stays on the story it was on, wherever a reload puts
		// it (a story withdrawn above it must not move it onto another).
		var was string
		if s.cards.Len() > 0 && s.cards.Cursor() < len(s.stories) {
			was = s.stories[s.cards.Cursor()].ID
		}
		s.stories, s.loaded = msg.stories, true
		s.layout()
		for i, st := range s.stories {
			if st.ID == was {
				s.cards.SetCursor(i)
			}
		}
		return s, nil
	case readingCheckMsg:
		if msg.to != s || msg.seq != s.check {
			return s, nil
		}
		return s, s.Refresh()
	case kit.PrivacyMsg, tea.BackgroundColorMsg:
		s.layout()
		return s, nil
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, s.c.Keys.Global.Back):
			return s, kit.Pop("")
		case key.Matches(msg, s.c.Keys.List.Open):
			if s.cards.Len() == 0 {
				return s, nil
			}
			return s, kit.Push(NewReader(s.c, s.stories[s.cards.Cursor()], readMeeting))
		}
		s.cards.Move(msg)
	}
	return s, nil
}

// column is the width of reading mode's text and the margin before it.
func (s *ReadingMode) column() (width, margin int) {
	width = max(20, min(meetingWidth, s.w-8))
	return width, max(0, (s.w-width)/2)
}

// layout makes a card of each story: its title, then who tells it, how
// long it takes to read and what it mentions.
func (s *ReadingMode) layout() {
	st := s.c.Styles
	w, _ := s.column()
	w -= 2 // the cursor's bar
	cards := make([][]string, len(s.stories))
	for i, sum := range s.stories {
		by := termsafe.Line(sum.Byline)
		if s.c.Privacy || by == "" {
			by = "—"
		}
		about := by + " · " + readingTime(sum.Words)
		if len(sum.ContentNotes) > 0 {
			about += " · mentions " + termsafe.Line(strings.Join(sum.ContentNotes, ", "))
		}
		cards[i] = []string{
			st.Title.Render(ansi.Truncate(termsafe.Line(sum.Title), w, "…")),
			st.Subtle.Render(ansi.Truncate(about, w, "…")),
		}
	}
	s.cards.SetCards(cards)
}

// View draws the stories in a column in the middle of the screen.
func (s *ReadingMode) View() string {
	st := s.c.Styles
	width, margin := s.column()
	pad := strings.Repeat(" ", margin)
	head := pad + st.Bold.Render("Reading mode") + st.Faint.Render(ansi.Truncate(" · stories that may be read at forums today", max(0, width-12), "…"))
	var body string
	switch {
	case !s.loaded:
		body = pad + st.Subtle.Render("Loading…")
	case len(s.stories) == 0:
		body = pad + st.Subtle.Render(kit.Wrap("No story may be read at forums today. A story is offered here when its author's consent covers reading at forums, it is approved, and it is neither expired nor embargoed.", width))
		body = strings.ReplaceAll(body, "\n", "\n"+pad)
	default:
		body = s.cards.View(pad)
	}
	return "\n" + head + "\n\n" + body
}
