package tui

import (
	"fmt"
	"strings"
	"testing"

	"github.com/involve/involve/store"
	"github.com/involve/involve/tui/kit"
)

// acOpen opens the access screen of the demo's first person who has a
// private availability reason, through People → person → v.
func acOpen(t *testing.T, h *harness) (*AccessScreen, store.Member, store.AccessNeeds) {
	t.Helper()
	people, err := h.s.People(bg())
	if err != nil {
		t.Fatal(err)
	}
	var who store.Member
	var needs store.AccessNeeds
	for _, p := range people {
		n, err := h.s.AccessNeeds(bg(), p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if n.AvailabilityReason != "" && n.PickupAddress != "" {
			who, needs = p, n
			break
		}
	}
	if who.ID == "" {
		t.Fatal("the demo has nobody with a reason and a pickup address")
	}
	h.press(h.keys().Global.People)
	ls := activeAs[*kit.ListScreen](h)
	findRow(t, ls.List(), func(r kit.Row) bool { return r.ID == who.ID })
	h.press(h.keys().List.Open)
	activeAs[*PersonScreen](h)
	h.press(h.keys().Detail.Access)
	return activeAs[*AccessScreen](h), who, needs
}

func TestAccessScreenMarksTheWeekAndSaves(t *testing.T) {
	h := newHarness(t)
	s, who, needs := acOpen(t, h)
	g := h.keys().Grid
	h.wantScreen(who.DisplayName()+" — access & availability", "Mon", "Sun", "08:00", "20:00",
		"✓ yes", "~ if need be", "✗ no", "· not known", needs.Transport.Label(), "Why (private): "+needs.AvailabilityReason)
	if s.block != 60 {
		t.Errorf("at 100×30 the rows are %d minutes, want 60", s.block)
	}

	at := func(wd, min int) store.Answer {
		t.Helper()
		p, err := h.s.Availability(bg(), who.ID)
		if err != nil {
			t.Fatal(err)
		}
		return p.At(wd, min)
	}

	// Down twice, right once: Tuesday 10:00. y marks it yes and saves.
	h.press(g.Down)
	h.press(g.Down)
	h.press(g.Right)
	h.press(g.Yes)
	if s.saving || s.pending || s.saveErr != "" {
		t.Fatalf("after y: saving %v pending %v error %q", s.saving, s.pending, s.saveErr)
	}
	if at(2, 600) != store.AnswerYes || at(2, 659) != store.AnswerYes {
		t.Fatalf("Tuesday 10:00–11:00 is %q, want yes", at(2, 600))
	}
	h.wantScreen("✓ Saved", "[✓ ]")

	// Shift+down twice and shift+right: Tuesday and Wednesday 10:00–13:00;
	// n marks all six cells no.
	h.press(g.ExtendDown)
	h.press(g.ExtendDown)
	h.press(g.ExtendRight)
	h.press(g.No)
	for _, wd := range []int{2, 3} {
		for _, m := range []int{600, 700, 779} {
			if a := at(wd, m); a != store.AnswerNo {
				t.Errorf("day %d minute %d is %q after marking the selection no", wd, m, a)
			}
		}
	}
	// esc lets go of a selection before it leaves the screen.
	h.press(g.ExtendDown)
	h.press(h.keys().Global.Back)
	if s.arow >= 0 {
		t.Fatal("esc did not let go of the selection")
	}
	activeAs[*AccessScreen](h)
	h.press(g.Up)
	// m on the cursor alone (moving ends the selection): Wednesday 13:00.
	h.press(g.Down)
	h.press(g.Maybe)
	if at(3, 780) != store.AnswerMaybe || at(3, 720) != store.AnswerNo {
		t.Errorf("Wednesday 13:00 %q, 12:00 %q", at(3, 780), at(3, 720))
	}
	// Space clears it.
	h.press(g.Clear)
	if at(3, 800) != store.AnswerUnknown {
		t.Errorf("after space Wednesday 13:00 is %q", at(3, 800))
	}
	// The pattern stored is valid and matches the grid.
	p, _ := h.s.Availability(bg(), who.ID)
	if err := store.ValidateSlots(p.Slots); err != nil {
		t.Fatal(err)
	}

	// Zoom gives half-hour rows.
	h.press(g.Zoom)
	if s.block != 30 {
		t.Errorf("after z the rows are %d minutes", s.block)
	}
	h.wantScreen("08:30")

	// The privacy screen hides the reason.
	h.press(h.keys().Global.Privacy)
	h.notScreen(needs.AvailabilityReason, who.DisplayName())
	h.wantScreen(store.Initials(who.DisplayName()))
	h.press(h.keys().Global.Privacy)

	// Marks made while a save runs are saved after it: the last marks win.
	s.saving = true
	h.press(g.Yes)
	if !s.pending {
		t.Fatal("a mark during a save did not wait for it")
	}
	h.send(accessSavedMsg{to: s})
	if s.saving || s.pending {
		t.Fatalf("after the first save finished: saving %v pending %v", s.saving, s.pending)
	}

	// esc goes back to the person.
	h.press(h.keys().Global.Back)
	activeAs[*PersonScreen](h)
}

func TestAccessScreenNeedsAndExceptions(t *testing.T) {
	h := newHarness(t)
	s, who, needs := acOpen(t, h)
	d, r := h.keys().Detail, h.keys().Record

	// Needs: the pane shows the address and reason; privacy hides them.
	h.press(d.SwitchPane)
	h.press(d.SwitchPane)
	if s.pane != accessNeeds {
		t.Fatalf("pane %d", s.pane)
	}
	h.wantScreen("Getting there", needs.Transport.Label(), needs.PickupAddress, needs.PickupPostcode, needs.AvailabilityReason)
	h.press(h.keys().Global.Privacy)
	h.notScreen(needs.PickupAddress, needs.AvailabilityReason)
	h.wantScreen("hidden while the privacy screen is on")
	h.press(r.Edit)
	h.wantScreen("turn it off")
	h.press(h.keys().Global.Privacy)

	// Edit: the postcode is checked as it is typed, and saved normalised.
	h.press(r.Edit)
	f := activeAs[*kit.FormScreen](h)
	h.wantScreen("Access needs", "How they get to meetings")
	for f.Form().GetFocusedField().GetKey() != "postcode" {
		h.pressKey("tab")
	}
	for range len(needs.PickupPostcode) + 2 {
		h.pressKey("backspace")
	}
	h.typeText("zz")
	h.wantScreen("⚠", "is not a UK postcode")
	h.pressKey("backspace")
	h.pressKey("backspace")
	h.typeText("m14 5tq")
	h.notScreen("⚠")
	for f.Form().GetFocusedField().GetKey() != "dietary" {
		h.pressKey("tab")
	}
	h.typeText(" (no onions)")
	for i := 0; h.active() == kit.Screen(f); i++ {
		if i > 10 {
			t.Fatalf("the form does not finish:\n%s", h.screen())
		}
		h.pressKey("tab") // past the last field, tab saves
	}
	activeAs[*AccessScreen](h)
	got, err := h.s.AccessNeeds(bg(), who.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.PickupPostcode != "M14 5TQ" || !strings.HasSuffix(got.Dietary, "(no onions)") || got.Version != needs.Version+1 {
		t.Errorf("saved %+v", got)
	}
	h.wantScreen("M14 5TQ", "(no onions)")

	// Exceptions: add "away 1–5 April" with a note.
	before, _ := h.s.Exceptions(bg(), who.ID)
	h.press(d.SwitchPane)
	if s.pane != accessWeek {
		t.Fatalf("pane %d", s.pane)
	}
	h.press(d.SwitchPane)
	h.wantScreen(fmt.Sprintf("Exceptions (%d)", len(before)))
	h.press(r.New)
	activeAs[*kit.FormScreen](h)
	h.typeText("2026-04-05")
	h.pressKey("enter")
	h.typeText("01/04/2026")
	h.wantScreen("⚠", "the last day is before the first")
	for range 10 {
		h.pressKey("backspace")
	}
	h.typeText("2026-04-09")
	h.pressKey("enter")
	h.pressKey("enter") // No, the first answer
	h.typeText("Away at a wedding")
	h.pressKey("enter")
	activeAs[*AccessScreen](h)
	after, _ := h.s.Exceptions(bg(), who.ID)
	if len(after) != len(before)+1 {
		t.Fatalf("%d exceptions, want %d", len(after), len(before)+1)
	}
	var added store.Exception
	for _, e := range after {
		if e.Note == "Away at a wedding" {
			added = e
		}
	}
	if added.From != "2026-04-05" || added.To != "2026-04-09" || added.Answer != store.AnswerNo {
		t.Fatalf("added %+v", added)
	}
	h.wantScreen("5 Apr 2026", "9 Apr 2026", "Away at a wedding", fmt.Sprintf("Exceptions (%d)", len(after)))
	h.press(h.keys().Global.Privacy)
	h.notScreen("Away at a wedding")
	h.press(h.keys().Global.Privacy)

	// D asks, then deletes it.
	findRow(t, s.excList, func(r kit.Row) bool { return r.ID == added.ID })
	h.press(r.Delete)
	activeAs[*kit.Confirm](h)
	h.wantScreen("Delete this exception?", "5 Apr 2026 to 9 Apr 2026: No")
	h.press(h.keys().Confirm.Yes)
	activeAs[*AccessScreen](h)
	if left, _ := h.s.Exceptions(bg(), who.ID); len(left) != len(before) {
		t.Fatalf("%d exceptions after deleting, want %d", len(left), len(before))
	}
	h.notScreen("Away at a wedding")
	h.wantScreen("Deleted the exception")

	// The help lists the pane's keys.
	h.press(h.keys().Global.Help)
	h.wantScreen("Keys for Access & availability", "new", "delete")
	h.press(h.keys().Global.Help)
}

func TestAccessScreenFits80x24(t *testing.T) {
	h := newHarness(t, withSize(80, 24))
	s, _, _ := acOpen(t, h)
	h.wantScreen("08:00", "20:00", "✓ yes")
	for i, l := range h.lines() {
		if w := len([]rune(l)); w > 80 {
			t.Errorf("line %d is %d wide: %q", i, w, l)
		}
	}
	if s.block != 60 {
		t.Errorf("rows of %d minutes at 80×24", s.block)
	}
	// Half-hour rows scroll to keep the cursor in view.
	h.press(h.keys().Grid.Zoom)
	for range 25 {
		h.press(h.keys().Grid.Down)
	}
	h.wantScreen("20:30")
	h.notScreen(" 08:00 ")
}

// With the privacy screen on, someone's week cannot be changed (as their
// needs and exceptions cannot), and what is written about their needs is
// hidden.
func TestAccessScreenUnderPrivacy(t *testing.T) {
	h := newHarness(t)
	_, who, _ := acOpen(t, h)
	before, err := h.s.Availability(bg(), who.ID)
	if err != nil {
		t.Fatal(err)
	}
	h.press(h.keys().Global.Privacy)
	h.press(h.keys().Grid.No)
	h.wantScreen("turn it off (ctrl+p) to change someone's week")
	after, _ := h.s.Availability(bg(), who.ID)
	if fmt.Sprint(after) != fmt.Sprint(before) {
		t.Fatal("the week changed under the privacy screen")
	}
	n, err := h.s.AccessNeeds(bg(), who.ID)
	if err != nil {
		t.Fatal(err)
	}
	n.Dietary, n.SupportOther = "No gluten: coeliac", "Needs a quiet room"
	if err := h.s.SaveAccessNeeds(bg(), &n); err != nil {
		t.Fatal(err)
	}
	s := activeAs[*AccessScreen](h)
	h.run(s.Refresh())
	for s.pane != accessNeeds {
		h.press(h.keys().Detail.SwitchPane)
	}
	h.notScreen("coeliac", "quiet room")
	h.press(h.keys().Global.Privacy)
	h.wantScreen("coeliac", "quiet room")
}
