package tui

import (
	"strings"
	"testing"

	"github.com/involve/involve/store"
	"github.com/involve/involve/tui/kit"
)

// With the privacy screen on, nothing shows what a named (initialled)
// person is paid or owed: not on the meeting day (its rows, the P
// question, the messages after), not in the Money section's panes and
// detail lines, not on a person's ledger or a meeting's expenses, not in
// the questions and messages of approving or deleting. Totals not tied to
// a person (a meeting's claims, the float) still show.

// noMoneyBeside fails if a line that shows who shows an amount of money.
func noMoneyBeside(t *testing.T, h *harness, who string) {
	t.Helper()
	found := false
	for _, l := range h.lines() {
		if !strings.Contains(l, who) {
			continue
		}
		found = true
		if strings.Contains(l, "£") {
			t.Errorf("with the privacy screen on, a line names %s and an amount: %q\n%s", who, l, h.screen())
		}
	}
	if !found {
		t.Fatalf("no line shows %s:\n%s", who, h.screen())
	}
}

// noMoney fails if the screen shows any amount of money.
func noMoney(t *testing.T, h *harness) {
	t.Helper()
	if strings.Contains(h.screen(), "£") {
		t.Errorf("with the privacy screen on, the screen shows an amount:\n%s", h.screen())
	}
}

func TestPrivacyMeetingDayShowsNoOnesMoney(t *testing.T) {
	h := newHarness(t)
	meetingID := dayWithClaim(t, h)
	h.send(kit.PushMsg{Screen: NewMeetingDay(h.m.Common(), meetingID)})
	day := activeAs[*RegisterScreen](h)
	e := day.entries[0] // dayWithClaim gave them a £4.80 fare
	day.list.Select(e.ID)
	initials := store.Initials(e.DisplayName())
	h.wantScreen("£4.80")

	h.press(h.keys().Global.Privacy)
	noMoneyBeside(t, h, initials)
	h.wantScreen("Claims £") // the meeting's totals stay

	// P asks without the amount, and without the float's balance after
	// (the difference would tell).
	h.press(h.keys().Day.PayCash)
	activeAs[*kit.Confirm](h)
	h.wantScreen("Pay "+initials+" what they are owed in cash?", "Amounts are hidden")
	noMoney(t, h)
	// Off, the question says it all; on again, it hides it again.
	h.press(h.keys().Global.Privacy)
	h.wantScreen("£4.80 in cash?", "The float goes down")
	h.press(h.keys().Global.Privacy)
	noMoney(t, h)
	h.press(h.keys().Confirm.Yes)
	activeAs[*RegisterScreen](h)
	h.wantScreen("Paid " + initials + " in cash.")
	noMoneyBeside(t, h, "Paid "+initials)
	noMoneyBeside(t, h, initials)

	// Not enough in the float: the message says so without the amounts.
	cl := store.Claim{PersonID: e.ID, MeetingID: meetingID, Category: store.CatTaxi, Amount: 999_00}
	if err := h.s.SaveClaim(bg(), &cl); err != nil {
		t.Fatal(err)
	}
	h.run(day.Refresh())
	h.press(h.keys().Day.PayCash)
	h.wantScreen("not enough left in the float to pay " + initials)
	noMoneyBeside(t, h, "float to pay")
}

func TestPrivacyMoneyPanesShowNoOnesMoney(t *testing.T) {
	h := newHarness(t)
	s := openMoney(t, h)
	h.press(h.keys().Global.Privacy)

	// Claims: the rows and the detail lines under them.
	for _, mileage := range []bool{false, true} {
		l := s.lists[paneClaims]
		row := findRow(t, l, func(r kit.Row) bool {
			return (s.data.claims[r.ID].Category == store.CatMileage) == mileage
		})
		c := s.data.claims[row.ID]
		noMoneyBeside(t, h, store.Initials(store.DisplayName(c.PersonName, c.PreferredName)))
		h.notScreen(c.Amount.String())
		if mileage {
			h.notScreen(" miles × ")
		}
	}
	// Approving says whose claim, not how much.
	l := s.lists[paneClaims]
	row := findRow(t, l, func(r kit.Row) bool { return s.data.claims[r.ID].Status == store.StatusClaimed })
	c := s.data.claims[row.ID]
	initials := store.Initials(store.DisplayName(c.PersonName, c.PreferredName))
	h.press(h.keys().Money.Approve)
	h.wantScreen("Approved " + initials + "'s claim.")
	noMoneyBeside(t, h, "Approved")
	// Deleting asks without the amount.
	row = findRow(t, l, func(r kit.Row) bool { return s.data.claims[r.ID].Status == store.StatusClaimed })
	h.press(h.keys().Record.Delete)
	activeAs[*kit.Confirm](h)
	h.wantScreen("Delete this claim?")
	noMoney(t, h)
	h.press(h.keys().Confirm.No)
	_ = row

	// Payments.
	h.press(h.keys().Detail.SwitchPane)
	pl := s.lists[panePayments]
	if pl.Len() == 0 {
		t.Fatal("no payments in the demo")
	}
	for i := range pl.Len() {
		pl.SetCursor(i)
		p := s.data.payments[pl.Shown(i).ID]
		noMoneyBeside(t, h, store.Initials(store.DisplayName(p.PersonName, p.PreferredName)))
		h.notScreen(" hours × ", "reduced to")
	}
	prow := findRow(t, pl, func(r kit.Row) bool { return s.data.payments[r.ID].Status == store.StatusClaimed })
	p := s.data.payments[prow.ID]
	h.press(h.keys().Money.Approve)
	h.wantScreen("Approved " + store.Initials(store.DisplayName(p.PersonName, p.PreferredName)) + "'s payment.")
	noMoneyBeside(t, h, "Approved")

	// Ledger: who has payments, but not how much, nor where they stand.
	h.press(h.keys().Detail.SwitchPane)
	ll := s.lists[paneLedger]
	if ll.Len() == 0 {
		t.Fatal("nobody on the ledger in the demo")
	}
	x := s.data.standings[ll.Shown(0).ID]
	noMoneyBeside(t, h, store.Initials(store.DisplayName(x.Name, x.PreferredName)))
	h.notScreen("within limits", "near a limit", "over:", "This week:")
	h.wantScreen("are hidden while the privacy screen is on")

	// A person's ledger hides all of it.
	h.press(h.keys().List.Open)
	activeAs[*PersonLedgerScreen](h)
	noMoney(t, h)
	h.wantScreen("are hidden while the privacy screen is on")
	h.press(h.keys().Global.Privacy)
	h.wantScreen("This month", "£")
}

func TestPrivacyMeetingExpensesShowNoOnesMoney(t *testing.T) {
	h := newHarness(t)
	openHeldMeeting(t, h)
	h.press(h.keys().Detail.Expenses)
	s := activeAs[*MeetingMoneyScreen](h)
	if s.list.Len() == 0 {
		t.Fatal("the held meeting has no claims")
	}
	h.press(h.keys().Global.Privacy)
	for i := range s.list.Len() {
		s.list.SetCursor(i)
		c := s.claims[s.list.Shown(i).ID]
		noMoneyBeside(t, h, store.Initials(store.DisplayName(c.PersonName, c.PreferredName)))
		h.notScreen(" miles × ", " hours × ")
	}
	h.wantScreen("Cash paid out") // the meeting's own totals stay
}

// A question that names what someone is paid says, while the privacy
// screen is on, what it was given to say instead: also when the screen is
// turned on with the question open.
func TestConfirmPrivateWording(t *testing.T) {
	h := newHarness(t)
	q := kit.NewConfirm(h.m.Common(), "Pay A. Person £12.00?", "The float goes down to £3.00.", nil).
		Private("Pay A.P. what they are owed?", "Amounts are hidden.")
	h.send(kit.PushMsg{Screen: q})
	h.wantScreen("Pay A. Person £12.00?", "£3.00")
	h.press(h.keys().Global.Privacy)
	h.wantScreen("Pay A.P. what they are owed?", "Amounts are hidden.")
	noMoney(t, h)
}
