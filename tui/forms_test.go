package tui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/involve/involve/store"
	"github.com/involve/involve/tui/kit"
)

// Regression tests for issue 9: forms' defaults (4), pickers (5), and the
// new meeting's usual time, the welcome's sections, find and cutting text
// by width (12).

// Issue 9, 4: the firm booked last was offered by putting it in the field,
// so typing another firm gave "Amber CarsRing and Ride". It is a suggestion
// now: typing replaces it.
func TestTaxiFirmSuggestionIsReplacedByTyping(t *testing.T) {
	h := newHarness(t)
	ts, m, people := trOpen(t, h)
	k := h.keys().Transport
	trSelect(t, ts, people[0].ID, store.LegThere)
	h.press(k.Booked)
	h.typeText("Amber Cars")
	h.pressKey("enter")
	h.pressKey("enter")
	if b, _ := trBooking(t, h, m.ID, people[0].ID, store.LegThere); b.Firm != "Amber Cars" {
		t.Fatalf("the first booking's firm: %q", b.Firm)
	}

	ts = activeAs[*TransportScreen](h)
	trSelect(t, ts, people[1].ID, store.LegThere)
	h.press(k.Booked)
	f := activeAs[*kit.FormScreen](h)
	if sg, ok := f.Form().GetFocusedField().(*kit.Suggested); !ok || !sg.Pending() || sg.GetValue() != "Amber Cars" {
		t.Errorf("the firm field is %T holding %v, want the firm booked last as a suggestion", f.Form().GetFocusedField(), f.Form().GetFocusedField().GetValue())
	}
	h.typeText("Ring and Ride")
	h.pressKey("enter")
	h.pressKey("enter")
	if b, _ := trBooking(t, h, m.ID, people[1].ID, store.LegThere); b.Firm != "Ring and Ride" {
		t.Fatalf("typing Ring and Ride over the suggestion saved the firm %q", b.Firm)
	}

	// Taken as it is with enter.
	trSelect(t, activeAs[*TransportScreen](h), people[0].ID, store.LegHome)
	h.press(k.Booked)
	h.pressKey("enter")
	h.pressKey("enter")
	if b, _ := trBooking(t, h, m.ID, people[0].ID, store.LegHome); b.Firm != "Ring and Ride" {
		t.Errorf("enter on the suggestion saved the firm %q, want the one booked last", b.Firm)
	}
}

// usualTimes gives the first two forums (in the order the meeting form
// lists them) usual times of their own.
func usualTimes(t *testing.T, h *harness) []store.Forum {
	t.Helper()
	all, err := h.s.Forums(bg())
	if err != nil {
		t.Fatal(err)
	}
	var fs []store.Forum
	for i, pattern := range []string{"monthly, first Tuesday, 18:00–20:00", "every Thursday, 10:30 to 12:30"} {
		f, err := h.s.Forum(bg(), all[i].ID)
		if err != nil {
			t.Fatal(err)
		}
		f.Pattern = pattern
		if err := h.s.SaveForum(bg(), &f); err != nil {
			t.Fatal(err)
		}
		fs = append(fs, f)
	}
	return fs
}

// Issue 9, 12: a new meeting was offered 13:00–15:00 whatever the forum's
// usual time. It is offered the forum's, and follows the forum chosen.
// And (4) typing a time over it replaces it: "10am", not "10:3010am".
func TestNewMeetingOffersTheForumsUsualTime(t *testing.T) {
	h := newHarness(t)
	fs := usualTimes(t, h)
	h.press(h.keys().Global.Meetings)
	h.press(h.keys().Record.New)
	f := activeAs[*kit.FormScreen](h)
	h.wantScreen("18:00", "20:00")
	h.notScreen("13:00", "15:00")
	h.pressKey("down") // the second forum
	h.wantScreen("10:30", "12:30")
	h.notScreen("18:00", "20:00")
	h.pressKey("enter")
	h.typeText("2026-04-09")
	h.pressKey("enter")
	if k := f.Form().GetFocusedField().GetKey(); k != "start" {
		t.Fatalf("focus on %q, want the start", k)
	}
	h.typeText("10am")
	h.pressKey("enter")
	h.pressKey("enter") // the usual end, 12:30
	h.pressKey("enter") // the usual venue
	h.pressKey("enter") // planned
	h.wantScreen("Saved the meeting.")
	ms, err := h.s.ForumMeetings(bg(), fs[1].ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		if store.LocalDate(m.Start) == "2026-04-09" {
			if got := kit.TimeRange(m.Start, m.End); got != "10:00–12:30" {
				t.Errorf("the meeting is at %s, want 10:00–12:30", got)
			}
			// The Meetings list's cursor is on the meeting just added.
			ls := activeAs[*kit.ListScreen](h)
			if row, ok := ls.List().Selected(); !ok || row.ID != m.ID {
				t.Errorf("the cursor is on %v, not the meeting just added", row.Cells)
			}
			return
		}
	}
	t.Fatalf("no meeting of %s on 9 April", fs[1].Name)
}

// The same form from a forum's page (m) is for that forum, at its time;
// editing a meeting keeps its own times.
func TestNewMeetingFromAForumAtItsTime(t *testing.T) {
	h := newHarness(t)
	fs := usualTimes(t, h)
	h.send(kit.PushMsg{Screen: NewForumScreen(h.m.Common(), fs[1].ID)})
	activeAs[*ForumScreen](h)
	h.press(h.keys().Detail.NewMeeting)
	activeAs[*kit.FormScreen](h)
	h.wantScreen("New meeting", fs[1].Name, "10:30", "12:30")
}

// Issue 9, 4: the cash counted back was offered by putting the balance in
// the field: typing the count gave "42.8042.30". The balance is a
// suggestion now.
func TestCashCountedReplacesTheBalance(t *testing.T) {
	h := newHarness(t)
	up, err := h.s.UpcomingMeetings(bg(), 1)
	if err != nil || len(up) == 0 {
		t.Fatalf("no upcoming meeting: %v", err)
	}
	h.send(kit.PushMsg{Screen: NewMeetingMoneyScreen(h.m.Common(), up[0].ID)})
	s := activeAs[*MeetingMoneyScreen](h)
	h.press(h.keys().Money.Float)
	h.typeText("50")
	h.pressKey("enter")
	h.wantScreen("The float is £50.00.")
	h.press(h.keys().Money.Count)
	h.wantScreen("Cash counted back", "50.00")
	h.typeText("42.30")
	h.pressKey("enter")
	h.wantScreen("Counted £42.30: £7.70 short.")
	if pc := s.mm.Cash; !pc.Counted || pc.CountedCash != 4230 {
		t.Fatalf("counted %v %v", pc.Counted, pc.CountedCash)
	}
	// QA of main: counted already, the count was the field's value, so
	// that counting again gave "42.3043". The count before is a
	// suggestion: typing the new count replaces it, enter keeps it.
	h.press(h.keys().Money.Count)
	h.wantScreen("42.30")
	f := activeAs[*kit.FormScreen](h)
	if sg, ok := f.Form().GetFocusedField().(*kit.Suggested); !ok || !sg.Pending() {
		t.Fatalf("the count before is %T, want a suggestion", f.Form().GetFocusedField())
	}
	h.typeText("43")
	h.pressKey("enter")
	if pc := s.mm.Cash; pc.CountedCash != 4300 {
		t.Errorf("counting 43 over the count before, 42.30, saved %v", pc.CountedCash)
	}
	h.press(h.keys().Money.Count)
	h.pressKey("enter")
	if pc := s.mm.Cash; pc.CountedCash != 4300 {
		t.Errorf("enter on the count before saved %v, want it kept", pc.CountedCash)
	}
	// And the float set before.
	h.press(h.keys().Money.Float)
	h.typeText("60")
	h.pressKey("enter")
	h.wantScreen("The float is £60.00.")
}

// QA of main: a field's error too long for a line wrapped its second line
// to column 0, under the form. It hangs under the first word.
func TestFormErrorsWrapUnderTheirFirstWord(t *testing.T) {
	h := newHarness(t, withSize(80, 24))
	up, err := h.s.UpcomingMeetings(bg(), 1)
	if err != nil || len(up) == 0 {
		t.Fatalf("no upcoming meeting: %v", err)
	}
	h.send(kit.PushMsg{Screen: NewMeetingMoneyScreen(h.m.Common(), up[0].ID)})
	activeAs[*MeetingMoneyScreen](h)
	h.press(h.keys().Money.Float)
	h.typeText("42.0042.0043.0044") // as typed onto a float
	check := func(mark string) {
		t.Helper()
		ls := h.lines()
		for i, l := range ls {
			if strings.HasPrefix(l, mark+` "42.0042.0043.0044"`) {
				if i+1 >= len(ls) || !strings.HasPrefix(ls[i+1], "  ") || strings.TrimSpace(ls[i+1]) == "" {
					t.Fatalf("the second line of the error is not indented under the first:\n%s", h.screen())
				}
				if !strings.Contains(ls[i]+" "+strings.TrimSpace(ls[i+1]), "340p") {
					t.Fatalf("the error is cut:\n%s", h.screen())
				}
				return
			}
		}
		t.Fatalf("no error starting %q on the screen:\n%s", mark, h.screen())
	}
	check("⚠") // as it is typed
	h.pressKey("enter")
	check("*") // refused
}

// Issue 9, 4: every default date (today) is a suggestion too: a payment's
// "paid on" takes the date typed.
func TestPaidOnTodayIsReplacedByTheDateTyped(t *testing.T) {
	h := newHarness(t)
	s := openMoney(t, h)
	row := findRow(t, s.lists[paneClaims], func(r kit.Row) bool { return s.data.claims[r.ID].Status == store.StatusClaimed })
	h.press(h.keys().Money.Pay)
	h.wantScreen("Paid on", "2026-03-10")
	h.pressKey("enter") // bank transfer
	h.typeText("2026-03-09")
	h.pressKey("enter")
	c, err := h.s.Claim(bg(), row.ID)
	if err != nil {
		t.Fatal(err)
	}
	if c.Status != store.StatusPaid || c.PaidOn != "2026-03-09" {
		t.Fatalf("paid %s on %q, want paid on 2026-03-09", c.Status, c.PaidOn)
	}
}

// Issue 9, 5: a person picker chose on the first enter though its footer
// said "enter keep find". Every picker is a list now: enter keeps the find,
// enter again chooses.
func TestAddMemberPickerKeepsTheFindOnEnter(t *testing.T) {
	h := newHarness(t)
	h.press(h.keys().Global.Forums)
	h.press(h.keys().List.Open)
	fs := activeAs[*ForumScreen](h)
	h.press(h.keys().Detail.AddMember)
	p := activeAs[*kit.Picker](h)
	h.wantScreen("enter keep find")
	who := p.List().Rows()[0]
	h.typeText(who.Cells[0])
	h.press(h.keys().List.AcceptFilter)
	if h.active() != kit.Screen(p) {
		t.Fatalf("enter in the find field chose someone:\n%s", h.screen())
	}
	h.wantScreen("enter choose")
	h.notScreen("enter keep find")
	h.press(h.keys().List.Choose)
	activeAs[*ForumScreen](h)
	h.wantScreen("Added " + who.Cells[0])
	if !slicesContainsRow(fs.members.Rows(), who.ID) {
		t.Errorf("%s is not among the members", who.Cells[0])
	}
}

func slicesContainsRow(rows []kit.Row, id string) bool {
	for _, r := range rows {
		if r.ID == id {
			return true
		}
	}
	return false
}

// Issue 9, 5: the second enter then took the claim form's default meeting,
// the latest of the person's forums' meetings, which was not the meeting
// they came to (or "No meeting" for someone added to a register with +,
// not a member). The meeting is chosen in a picker now, which opens on the
// meeting they came to.
func TestClaimFromMoneyDefaultsToTheMeetingTheyCameTo(t *testing.T) {
	h := newHarness(t)
	// Someone in no forum, signed in at a past meeting.
	ms, err := h.s.Meetings(bg())
	if err != nil {
		t.Fatal(err)
	}
	var came store.MeetingSummary
	for _, m := range ms {
		if m.Status == store.MeetingHeld && m.Start.Before(fixedNow.AddDate(0, 0, -14)) {
			came = m
			break
		}
	}
	p := store.Person{Name: "Siobhan O'Connor"}
	if err := h.s.AddToRegister(bg(), came.ID, &p, store.Attended); err != nil {
		t.Fatal(err)
	}
	if err := h.s.SavePerson(bg(), &p, nil); err != nil { // no longer a member
		t.Fatal(err)
	}
	openMoney(t, h)
	h.press(h.keys().Record.New)
	h.typeText("oconnor")
	h.press(h.keys().List.AcceptFilter)
	activeAs[*kit.Picker](h)
	h.wantScreen("Expense claim for whom?", "Siobhan O'Connor", "enter choose")
	h.press(h.keys().List.Choose)
	mp := activeAs[*kit.Picker](h)
	h.wantScreen("which meeting?", "No meeting: other involvement", came.ForumName)
	if row, _ := mp.List().Selected(); row.ID != came.ID {
		t.Fatalf("the meeting picker opens on %v, want the meeting she came to (%s)", row.Cells, kit.LongDate(came.Start))
	}
	// Its title names her as the privacy screen says.
	h.press(h.keys().Global.Privacy)
	h.notScreen("Siobhan O'Connor")
	h.wantScreen("Expense claim for " + store.Initials("Siobhan O'Connor"))
	h.press(h.keys().Global.Privacy)
	h.press(h.keys().List.Choose)
	activeAs[*kit.FormScreen](h)
	h.wantScreen("For " + came.ForumName + ", " + kit.LongDate(came.Start))
	h.pressKey("enter") // fare
	h.typeText("3.40")
	for range 4 {
		h.pressKey("enter")
	}
	h.wantScreen("Recorded £3.40")
	cs, err := h.s.Claims(bg(), store.ClaimFilter{PersonID: p.ID})
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != 1 || cs[0].MeetingID != came.ID {
		t.Fatalf("claims %+v, want one for the meeting she came to", cs)
	}

	// Editing it asks the meeting again, on the one it is for.
	s := activeAs[*MoneyScreen](h)
	findRow(t, s.lists[paneClaims], func(r kit.Row) bool { return r.ID == cs[0].ID })
	h.press(h.keys().Record.Edit)
	mp = activeAs[*kit.Picker](h)
	if row, _ := mp.List().Selected(); row.ID != came.ID {
		t.Fatalf("editing opens the meeting picker on %v", row.Cells)
	}
}

// Issue 9, 12: the Money screens cut the detail line by counting runes, so
// a line of Chinese ran off the screen. It is cut by width.
func TestMoneyDetailOfWideCharactersFits(t *testing.T) {
	h := newHarness(t, withSize(80, 24))
	p := aMember(t, h)
	cl := store.Claim{PersonID: p.ID, Activity: "Panel", Date: "2026-03-09", Category: store.CatFare, Amount: 340,
		Description: strings.Repeat("往返公共汽车票价", 8)}
	if err := h.s.SaveClaim(bg(), &cl); err != nil {
		t.Fatal(err)
	}
	s := openMoney(t, h)
	findRow(t, s.lists[paneClaims], func(r kit.Row) bool { return r.ID == cl.ID })
	h.send(struct{}{}) // draw
	h.wantScreen("往返公共汽车票价", "…")
	for _, l := range h.lines() {
		if w := ansi.StringWidth(l); w > 80 {
			t.Errorf("a line is %d wide at 80 columns: %q", w, l)
		}
	}
}
