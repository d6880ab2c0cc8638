package audit

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/involve/involve/store"
	"github.com/involve/involve/tui/kit"
)

var now = time.Date(2026, time.March, 10, 9, 30, 0, 0, time.UTC)

func TestAuditScreen(t *testing.T) {
	ctx := context.Background()
	s, err := store.Open(filepath.Join(t.TempDir(), "involve.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s.SetClock(func() time.Time { return now })
	cora, err := s.As(ctx, store.Actor{Name: "Cora", Role: store.TeamCoordinator})
	if err != nil {
		t.Fatal(err)
	}
	if err := cora.SetBackupKeep(ctx, 9); err != nil {
		t.Fatal(err)
	}
	p := store.Person{Name: "Ann Example", Notes: "private"}
	if err := cora.SavePerson(ctx, &p, nil); err != nil {
		t.Fatal(err)
	}
	c := &kit.Common{Store: s, Styles: kit.NewStyles(true), Keys: kit.DefaultKeyMap(), Now: func() time.Time { return now }, Width: 100, Height: 20}
	scr := New(c)
	scr.SetSize(100, 20)
	msg := scr.Init()()
	scr.Update(msg)
	view := ansi.Strip(scr.View())
	for _, want := range []string{"When", "Who", "10 Mar 09:30", "Cora", "coordinator", "SavePerson", "people", "added", "SetBackupKeep", "settings", "backup_keep"} {
		if !strings.Contains(view, want) {
			t.Errorf("the audit trail does not show %q:\n%s", want, view)
		}
	}
	for _, never := range []string{"Ann", "private"} {
		if strings.Contains(view, never) {
			t.Errorf("the audit trail shows %q:\n%s", never, view)
		}
	}
	if strings.Index(view, "SavePerson") > strings.Index(view, "SetBackupKeep") {
		t.Errorf("the latest change is not first:\n%s", view)
	}

	// Anyone but a coordinator is refused, and told who may read it.
	door, err := s.As(ctx, store.Actor{Name: "Dee", Role: store.TeamDoor})
	if err != nil {
		t.Fatal(err)
	}
	dc := *c
	dc.Store = door
	ds := New(&dc)
	_, cmd := ds.Update(ds.Init()())
	if cmd == nil {
		t.Fatal("a refused load says nothing")
	}
	st, ok := cmd().(kit.StatusMsg)
	if !ok || !st.Err || !strings.Contains(st.Text, "The audit trail is for the coordinator role") {
		t.Errorf("the door volunteer is told %+v", st)
	}
}

func TestRows(t *testing.T) {
	rows := Rows([]store.AuditEntry{{Seq: 7, At: now.AddDate(-1, 0, 0), Op: "", Kind: "claims", RecordID: "01a248f5-ac82-72a7-9a6e-aeacabcdef12", Action: "delete"}}, now)
	if len(rows) != 1 || rows[0].ID != "7" || rows[0].Cells[1] != "?" || rows[0].Cells[5] != "deleted" || rows[0].Cells[6] != "abcdef12" || rows[0].Tone != kit.ToneFaint || rows[0].Cells[0] != "10 Mar 2025" {
		t.Errorf("rows: %+v", rows)
	}
}
