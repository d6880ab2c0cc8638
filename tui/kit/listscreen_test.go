package kit

import (
	"context"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/involve/involve/store"
)

// testCommon is what the widgets need to draw and take keys, without a
// store: their tests load rows from functions that do not touch one.
func testCommon() *Common {
	return &Common{Styles: NewStyles(true), Keys: DefaultKeyMap(), Width: 100, Height: 27}
}

// A list screen takes only the reply to its latest request: a reply to an
// older request, or one meant for another list, is dropped.
func TestListScreenDropsStaleReplies(t *testing.T) {
	c := testCommon()
	people := []Row{
		NewRow("ann", []string{"Ann Abbott", "Carer"}, nil),
		NewRow("bob", []string{"Bob Brown", "Service user"}, nil),
	}
	fake := []Row{NewRow("stale", []string{"Stale Reply Person", "Carer"}, nil)}
	rows := people
	load := func(context.Context, *store.Store) ([]Row, error) { return rows, nil }
	ls := NewListScreen(c, "People", NewList(c, PersonColumns()...), load)
	other := NewListScreen(c, "Forums", NewList(c, Column{Title: "Forum"}), load)
	ls.SetSize(c.Width, c.Height)
	send := func(s *ListScreen, cmd tea.Cmd) { s.Update(cmd()) }
	send(ls, ls.Init())
	send(other, other.Init())
	n := ls.List().Len()

	// A reply to an older request.
	old := ls.Refresh()
	refresh := ls.Refresh() // a newer request goes out
	rows = fake
	send(ls, old)
	if ls.List().Len() != n {
		t.Fatalf("a stale reply replaced the rows: %d, want %d", ls.List().Len(), n)
	}
	if strings.Contains(ls.View(), "Stale Reply Person") {
		t.Fatalf("a stale reply shows:\n%s", ls.View())
	}
	// A reply meant for another list.
	send(ls, other.Refresh())
	if strings.Contains(ls.View(), "Stale Reply Person") {
		t.Fatalf("another list's reply shows:\n%s", ls.View())
	}
	// The current reply is taken.
	rows = people
	send(ls, refresh)
	if ls.List().Len() != n {
		t.Fatalf("the fresh reply gave %d rows, want %d", ls.List().Len(), n)
	}
	rows = fake
	send(ls, ls.Refresh())
	if !strings.Contains(ls.View(), "Stale Reply Person") {
		t.Fatalf("the latest reply does not show:\n%s", ls.View())
	}
}
