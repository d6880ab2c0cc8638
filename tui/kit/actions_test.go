package kit

import (
	"testing"
	"time"

	"github.com/involve/involve/store"
)

// A done action is not overdue, whenever it was due; an open one past its
// date is. Who it is for shows as initials behind the privacy screen.
func TestActionListRows(t *testing.T) {
	c := testCommon()
	c.Now = func() time.Time { return time.Date(2026, 3, 10, 9, 30, 0, 0, time.UTC) }
	l := NewActionList(c, "commitment", "none")
	l.SetActions([]store.Action{
		{Meta: store.Meta{ID: "a"}, Description: "Book the room", Due: "2026-01-31", Done: true, Owner: "Dr Helen Marsh"},
		{Meta: store.Meta{ID: "b"}, Description: "Send the survey", Due: "2026-01-31"},
	})
	rows := l.Rows()
	if due := rows[0].Cells[3]; due != "31 Jan 2026" || rows[0].Tone != ToneFaint {
		t.Errorf("a done action is shown due %q", due)
	}
	if due := rows[1].Cells[3]; due != "31 Jan 2026 (overdue)" || rows[1].Tone != ToneBad {
		t.Errorf("an open action past its date is shown due %q", due)
	}
	if rows[0].Masked[2] != "D.H.M." || rows[1].Masked[2] != "" {
		t.Errorf("masked: %q, %q", rows[0].Masked[2], rows[1].Masked[2])
	}
	if l.Open() != 1 {
		t.Errorf("%d open, want 1", l.Open())
	}
	if a, ok := l.SelectedAction(); !ok || a.ID != "a" {
		t.Errorf("selected: %+v %v", a, ok)
	}
	if h := l.ActionHelp(); h[0].Help().Desc != "edit commitment" || h[2].Help().Desc != "delete commitment" {
		t.Errorf("help: %q, %q", h[0].Help().Desc, h[2].Help().Desc)
	}
}
