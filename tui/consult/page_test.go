package consult

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/involve/involve/civil"
	"github.com/involve/involve/store"
	"github.com/involve/involve/tui/kit"
)

// testCommon is a Common over a fresh database holding one consultation,
// on a fixed clock.
func testCommon(t *testing.T) (*kit.Common, store.Consultation) {
	t.Helper()
	now := time.Date(2026, 6, 16, 10, 0, 0, 0, time.UTC)
	s, err := store.Open(filepath.Join(t.TempDir(), "involve.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	s.SetClock(func() time.Time { return now })
	ctx := context.Background()
	f := store.Forum{Name: "Hope Forum"}
	if err := s.SaveForum(ctx, &f); err != nil {
		t.Fatal(err)
	}
	con := store.Consultation{Title: "Opening hours", Opens: civil.MustParse("2026-06-01"), Deadline: civil.MustParse("2026-06-30"),
		ForumIDs: []string{f.ID}}
	if err := s.SaveConsultation(ctx, &con); err != nil {
		t.Fatal(err)
	}
	c := &kit.Common{Store: s, Styles: kit.NewStyles(true), Keys: kit.DefaultKeyMap(), Width: 100, Height: 27,
		Markdown: kit.NewMarkdown(), Now: func() time.Time { return now }}
	return c, con
}

// A page takes only the reply to its latest request.
func TestPageDropsStaleReplies(t *testing.T) {
	c, con := testCommon(t)
	p := NewPage(c, con.ID)
	p.SetSize(c.Width, c.Height)
	old := p.Refresh()() // a reply to an older request
	fresh := p.Refresh()
	con.Title = "Renamed meanwhile"
	if err := c.Store.SaveConsultation(context.Background(), &con); err != nil {
		t.Fatal(err)
	}
	p.Update(fresh())
	if p.Detail().Title != "Renamed meanwhile" {
		t.Fatalf("the fresh reply was not taken: %q", p.Detail().Title)
	}
	p.Update(old)
	if p.Detail().Title != "Renamed meanwhile" || strings.Contains(p.View(), "Opening hours") {
		t.Fatalf("a stale reply replaced the page:\n%s", p.View())
	}
	// Another page's reply is not this one's.
	other := NewPage(c, con.ID)
	p.Update(other.Refresh()())
	if p.Detail().Version != con.Version {
		t.Fatal("another page's reply was taken")
	}
}

// The board's reading mode draws nothing but the board; its lines are
// laid out when it loads or is resized, not in View.
func TestBoardLayout(t *testing.T) {
	c, con := testCommon(t)
	b := NewReadingBoard(c, con.ForumIDs[0])
	b.SetSize(100, 30)
	if !strings.Contains(b.View(), "Loading") {
		t.Fatalf("before loading:\n%s", b.View())
	}
	b.Update(b.Refresh()())
	if len(b.lines) == 0 || !strings.Contains(b.View(), "No points have been raised at this forum's meetings yet") {
		t.Fatalf("an empty board:\n%s", b.View())
	}
	n := len(b.lines)
	b.SetSize(40, 30)
	if len(b.lines) <= n {
		t.Fatalf("a narrower board has %d lines, the wider %d", len(b.lines), n)
	}
}
