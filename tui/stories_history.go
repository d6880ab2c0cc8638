package tui

import (
	"context"
	"fmt"
	"strconv"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/involve/involve/store"
	"github.com/involve/involve/termsafe"
	"github.com/involve/involve/tui/kit"
)

// StoryHistory lists a story's earlier texts, newest first: enter reads
// one, r makes it the current text again (the current one is kept too).
type StoryHistory struct {
	c        *kit.Common
	sum      store.StorySummary
	list     *kit.List
	versions map[string]store.StoryVersion
	gen      int
}

type storyVersionsMsg struct {
	to       *StoryHistory
	gen      int
	versions []store.StoryVersion
	err      error
}

// NewStoryHistory shows the history of a story.
func NewStoryHistory(c *kit.Common, sum store.StorySummary) *StoryHistory {
	s := &StoryHistory{c: c, sum: sum}
	s.list = kit.NewList(c,
		kit.Column{Title: "Version", Width: 7, Right: true},
		kit.Column{Title: "Saved", Width: 17},
		kit.Column{Title: "Title"},
		kit.Column{Title: "Words", Width: 7, Right: true},
	)
	s.list.Empty = "No earlier texts: the story has not been changed since it was added."
	return s
}

// Init loads the versions.
func (s *StoryHistory) Init() tea.Cmd { return s.Refresh() }

// Refresh reloads them (after a restore there is one more).
func (s *StoryHistory) Refresh() tea.Cmd {
	s.gen++
	gen, id := s.gen, s.sum.ID
	return kit.Load(s.c, func(ctx context.Context, st *store.Store) ([]store.StoryVersion, error) {
		return st.StoryVersions(ctx, id)
	}, func(v []store.StoryVersion, err error) tea.Msg {
		return storyVersionsMsg{to: s, gen: gen, versions: v, err: err}
	})
}

// Title names the screen.
func (s *StoryHistory) Title() string { return "History of " + termsafe.Line(s.sum.Title) }

// SetSize sizes the list.
func (s *StoryHistory) SetSize(w, h int) { s.list.SetSize(w, max(3, h-1)) }

// Capturing is true while the filter has the focus.
func (s *StoryHistory) Capturing() bool { return s.list.Finding() }

// CaptureHelp lists the find field's keys.
func (s *StoryHistory) CaptureHelp() []key.Binding { return s.list.FindHelp() }

// Help lists the history's keys.
func (s *StoryHistory) Help() [][]key.Binding {
	return [][]key.Binding{
		{kit.Relabel(s.c.Keys.List.Open, "read this version"), s.c.Keys.Stories.Restore, s.c.Keys.Global.Back},
		s.list.Help(),
	}
}

// Update handles the list and its actions.
func (s *StoryHistory) Update(msg tea.Msg) (kit.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case storyVersionsMsg:
		if msg.to != s || msg.gen != s.gen {
			return s, nil
		}
		if msg.err != nil {
			return s, kit.Failed(msg.err)
		}
		s.versions = make(map[string]store.StoryVersion, len(msg.versions))
		rows := make([]kit.Row, len(msg.versions))
		for i, v := range msg.versions {
			id := strconv.FormatInt(v.Version, 10)
			s.versions[id] = v
			rows[i] = kit.NewRow(id, []string{id, v.SavedAt.In(store.London).Format("2 Jan 2006 15:04"), termsafe.Line(v.Title), groupThousands(v.Words)}, nil)
		}
		s.list.SetRows(rows)
		return s, nil
	case tea.KeyPressMsg:
		if handled, cmd := s.list.Update(msg); handled {
			return s, cmd
		}
		if key.Matches(msg, s.c.Keys.Global.Back) {
			return s, kit.Pop("")
		}
		row, ok := s.list.Selected()
		if !ok {
			return s, nil
		}
		v := s.versions[row.ID]
		switch {
		case key.Matches(msg, s.c.Keys.List.Open):
			return s, kit.Push(NewVersionReader(s.c, s.sum, v))
		case key.Matches(msg, s.c.Keys.Stories.Restore):
			return s, restoreVersion(s.c, s.sum, v.Version, s.Refresh)
		}
	}
	return s, nil
}

// restoreVersion asks, then makes an earlier text current. With after nil
// (from the version's own reader) it closes the screen on top when done;
// otherwise it runs after (the history reloads: a Confirm reloads nothing).
func restoreVersion(c *kit.Common, sum store.StorySummary, version int64, after func() tea.Cmd) tea.Cmd {
	title := termsafe.Line(sum.Title)
	return kit.Push(kit.NewConfirm(c, fmt.Sprintf("Restore version %d of “%s”?", version, title),
		"Its text and title become the current ones. The current text is kept in the history too, so this can be undone from here.",
		func() tea.Cmd {
			restore := func(ctx context.Context, s *store.Store) error { return s.RestoreStoryVersion(ctx, sum.ID, version) }
			done := fmt.Sprintf("Restored version %d of “%s”.", version, title)
			if after == nil {
				return kit.Do(c, restore, kit.PopMsg{Status: done})
			}
			return tea.Sequence(kit.Do(c, restore, kit.StatusMsg{Text: done}), after())
		}))
}

// View draws the list.
func (s *StoryHistory) View() string {
	return s.c.Styles.Subtle.Render(" Earlier texts of “"+termsafe.Line(s.sum.Title)+"”, newest first") + "\n" + s.list.View()
}
