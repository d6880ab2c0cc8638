package kit

import (
	"context"
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/involve/involve/store"
)

func helpText(binds []key.Binding) string {
	var out []string
	for _, b := range binds {
		if b.Enabled() {
			out = append(out, b.Help().Key+" "+b.Help().Desc)
		}
	}
	return strings.Join(out, " • ")
}

func newTestPicker(t *testing.T) (*Picker, *drive, *string) {
	c := testCommon()
	chosen := new(string)
	rows := []Row{
		NewRow("ann", []string{"Ann Abbott", "Carer"}, nil),
		NewRow("bob", []string{"Bob Brown", "Service user"}, nil),
		NewRow("bea", []string{"Bea O'Brien", "Service user"}, nil),
	}
	p := NewPicker(c, "Whom?", PersonColumns(), func(context.Context, *store.Store) ([]Row, error) { return rows, nil },
		func(r Row) tea.Cmd { *chosen = r.ID; return nil })
	p.SetSize(c.Width, c.Height)
	d := &drive{t: t, s: p}
	d.run(p.Init(), 0)
	return p, d, chosen
}

// Issue 9, 5: a picker chose on the first enter though its footer said
// "enter keep find". Now it is a list like any other: enter keeps the find,
// and the next enter chooses; the footer says which.
func TestPickerEnterKeepsTheFindThenChooses(t *testing.T) {
	p, d, chosen := newTestPicker(t)
	if !p.Capturing() || !strings.Contains(helpText(p.CaptureHelp()), "enter keep find") {
		t.Fatalf("the picker opens with the find open, its footer %q", helpText(p.CaptureHelp()))
	}
	d.typeText("obrien")
	d.send(keyPress(t, "enter"))
	if *chosen != "" {
		t.Fatalf("the first enter, in the find field, chose %q", *chosen)
	}
	if p.Capturing() || p.List().Len() != 1 {
		t.Fatalf("after enter the find is not kept: finding %v, %d rows", p.Capturing(), p.List().Len())
	}
	if got := helpText(p.Help()[0]); !strings.HasPrefix(got, "enter choose") {
		t.Errorf("on the list the footer says %q, want enter choose first", got)
	}
	d.send(keyPress(t, "enter"))
	if *chosen != "bea" {
		t.Errorf("the second enter chose %q, want bea", *chosen)
	}
}

// A picker opened At a row has its cursor there and the find closed: one
// enter takes it.
func TestPickerAtARowTakesItOnEnter(t *testing.T) {
	c := testCommon()
	var chosen string
	p := NewPicker(c, "Which meeting?", []Column{{Title: "Meeting"}}, func(context.Context, *store.Store) ([]Row, error) {
		return []Row{NewRow("none", []string{"No meeting"}, nil), NewRow("m2", []string{"March"}, nil), NewRow("m1", []string{"February"}, nil)}, nil
	}, func(r Row) tea.Cmd { chosen = r.ID; return nil }).At("m1")
	p.SetSize(c.Width, c.Height)
	d := &drive{t: t, s: p}
	d.run(p.Init(), 0)
	if p.Capturing() {
		t.Fatal("a picker opened at a row has its find field open")
	}
	d.send(keyPress(t, "enter"))
	if chosen != "m1" {
		t.Errorf("enter chose %q, want m1 (where it opened)", chosen)
	}
}
