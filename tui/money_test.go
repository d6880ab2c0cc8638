package tui

import (
	"strings"
	"testing"

	"github.com/involve/involve/store"
	"github.com/involve/involve/tui/kit"
)

// Model tests for the Money section and a meeting's expenses.

func openMoney(t *testing.T, h *harness) *MoneyScreen {
	t.Helper()
	h.press(h.keys().Global.Money)
	return activeAs[*MoneyScreen](h)
}

// aMember is a service user who belongs to a forum that met recently.
func aMember(t *testing.T, h *harness) store.Member {
	t.Helper()
	people, err := h.s.People(bg())
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	for _, p := range people {
		seen[strings.ToLower(p.DisplayName())]++
	}
	for _, p := range people {
		if p.Role != store.RoleServiceUser || seen[strings.ToLower(p.DisplayName())] > 1 {
			continue
		}
		fs, err := h.s.PersonForums(bg(), p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(fs) > 0 {
			return p
		}
	}
	t.Fatal("no service user in a forum in the demo")
	return store.Member{}
}

func TestMoneySectionListsClaimsAndFilters(t *testing.T) {
	h := newHarness(t)
	s := openMoney(t, h)
	h.wantScreen("5 Money", "Claims", "Payments", "Ledger", "Rates & thresholds")
	all, err := h.s.Claims(bg(), store.ClaimFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) == 0 {
		t.Fatal("the demo has no claims")
	}
	if got := s.lists[paneClaims].Len(); got != len(all) {
		t.Fatalf("%d claim rows, want %d", got, len(all))
	}
	h.wantScreen(kit.Plural(len(all), "claim", "claims"), all[0].Amount.String())
	// s cycles the status filter: claimed, approved, paid, rejected, all.
	h.press(h.keys().Money.Filter)
	h.wantScreen("Only claimed")
	for _, r := range s.lists[paneClaims].Rows() {
		if c := s.data.claims[r.ID]; c.Status != store.StatusClaimed {
			t.Fatalf("a %s claim shows under Only claimed", c.Status)
		}
	}
	for range store.Statuses {
		h.press(h.keys().Money.Filter)
	}
	if got := s.lists[paneClaims].Len(); got != len(all) {
		t.Fatalf("after cycling the filter: %d rows, want %d", got, len(all))
	}
	// / finds by name.
	name := store.DisplayName(all[0].PersonName, all[0].PreferredName)
	h.press(h.keys().List.Filter)
	h.typeText(strings.Fields(name)[0])
	if s.lists[paneClaims].Len() == 0 || s.lists[paneClaims].Len() >= len(all) && len(all) > 3 {
		t.Errorf("finding %q leaves %d of %d rows", name, s.lists[paneClaims].Len(), len(all))
	}
}

func TestMoneyNewMileageClaimWorksOutTheAmount(t *testing.T) {
	h := newHarness(t)
	openMoney(t, h)
	p := aMember(t, h)
	h.press(h.keys().Record.New)
	h.wantScreen("Expense claim for whom?")
	h.typeText(p.DisplayName())
	h.press(h.keys().List.AcceptFilter)
	h.press(h.keys().List.Choose)
	activeAs[*kit.Picker](h)
	h.wantScreen("Expense claim for "+p.DisplayName()+": which meeting?", "No meeting: other involvement")
	h.press(h.keys().List.Choose) // the latest meeting
	f := activeAs[*kit.FormScreen](h)
	h.wantScreen("Expense claim for "+p.DisplayName(), "For ", "Category")
	for f.Form().GetFocusedField().GetKey() == "category" && !strings.Contains(h.screen(), "> Mileage") {
		h.pressKey("down")
	}
	h.pressKey("enter")
	if k := f.Form().GetFocusedField().GetKey(); k != "amount" {
		t.Fatalf("after the category the focus is on %q", k)
	}
	h.wantScreen("Miles", "45p a mile")
	h.typeText("12.55")
	h.wantScreen("⚠", "one decimal place")
	h.pressKey("backspace")
	h.notScreen("⚠")
	h.wantScreen("= £5.63: 12.5 miles at 45p a mile")
	for range 4 {
		h.pressKey("enter")
	}
	activeAs[*MoneyScreen](h)
	h.wantScreen("Recorded £5.63 mileage for " + p.DisplayName())
	cs, err := h.s.Claims(bg(), store.ClaimFilter{PersonID: p.ID, Status: store.StatusClaimed})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, c := range cs {
		if c.Category == store.CatMileage && c.Amount == 563 && c.Quantity == 1250 && c.MeetingID != "" {
			found = true
		}
	}
	if !found {
		t.Fatalf("no 12.5-mile claim for %s in %+v", p.DisplayName(), cs)
	}
}

func TestMoneyClaimAmountLiveValidation(t *testing.T) {
	h := newHarness(t)
	openMoney(t, h)
	p := aMember(t, h)
	h.press(h.keys().Record.New)
	h.typeText(p.DisplayName())
	h.press(h.keys().List.AcceptFilter)
	h.press(h.keys().List.Choose)
	h.press(h.keys().List.Top) // no meeting: other involvement
	h.press(h.keys().List.Choose)
	f := activeAs[*kit.FormScreen](h)
	h.wantScreen("For other involvement")
	h.pressKey("enter") // fare
	h.typeText("Interview panel")
	h.pressKey("enter")
	h.pressKey("enter") // today
	if k := f.Form().GetFocusedField().GetKey(); k != "amount" {
		t.Fatalf("focus on %q, want the amount", k)
	}
	h.typeText("3.4.5")
	h.wantScreen("⚠", "more than one decimal point")
	for range 5 {
		h.pressKey("backspace")
	}
	h.typeText("-2")
	h.wantScreen("⚠", "cannot be negative")
	h.pressKey("backspace")
	h.pressKey("backspace")
	h.typeText("340p")
	h.notScreen("⚠")
	h.wantScreen("= £3.40")
	for range 4 {
		h.pressKey("enter")
	}
	h.wantScreen("Recorded £3.40 bus or train fare")
	cs, _ := h.s.Claims(bg(), store.ClaimFilter{PersonID: p.ID})
	if len(cs) == 0 || cs[0].Activity != "Interview panel" || cs[0].MeetingID != "" || cs[0].Date != "2026-03-10" {
		t.Fatalf("claims %+v", cs)
	}
}

func TestMoneyApproveRejectReopenPay(t *testing.T) {
	h := newHarness(t)
	s := openMoney(t, h)
	k := h.keys().Money
	row := findRow(t, s.lists[paneClaims], func(r kit.Row) bool { return s.data.claims[r.ID].Status == store.StatusClaimed })
	id := row.ID
	get := func() store.Claim {
		c, err := h.s.Claim(bg(), id)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	h.press(k.Approve)
	if c := get(); c.Status != store.StatusApproved {
		t.Fatalf("after a: %s", c.Status)
	}
	h.wantScreen("Approved " + get().Amount.String())
	s.lists[paneClaims].Select(id)
	h.press(k.Reject)
	h.wantScreen("Reject", "Why?")
	h.pressKey("enter")
	h.wantScreen("a reason is needed")
	h.typeText("Duplicate of another claim")
	h.pressKey("enter")
	if c := get(); c.Status != store.StatusRejected || c.RejectReason != "Duplicate of another claim" {
		t.Fatalf("after rejecting: %+v", c)
	}
	s.lists[paneClaims].Select(id)
	h.wantScreen("Rejected: Duplicate of another claim")
	// The privacy screen hides the reason.
	h.press(h.keys().Global.Privacy)
	h.notScreen("Duplicate of another claim")
	h.press(h.keys().Global.Privacy)
	// Paying a rejected claim is refused, with the way out.
	h.press(k.Pay)
	h.pressKey("enter")
	h.pressKey("enter")
	h.wantScreen("reopen it before it can be paid")
	h.press(h.keys().Global.Back)
	activeAs[*MoneyScreen](h)
	s.lists[paneClaims].Select(id)
	h.press(k.Reopen)
	if c := get(); c.Status != store.StatusClaimed {
		t.Fatalf("after reopening: %s", c.Status)
	}
	s.lists[paneClaims].Select(id)
	h.press(k.Pay)
	h.wantScreen("Paid how", "Bank transfer")
	h.pressKey("enter")
	h.pressKey("enter")
	if c := get(); c.Status != store.StatusPaid || c.PaidHow != store.PaidBank || c.PaidOn != "2026-03-10" {
		t.Fatalf("after paying: %+v", c)
	}
	h.wantScreen("Paid " + get().Amount.String())
	// A paid claim cannot be deleted.
	s.lists[paneClaims].Select(id)
	h.press(h.keys().Record.Delete)
	h.wantScreen("record of money paid out")
}

func TestMoneyPaymentWarnsBeforeCrossingAThreshold(t *testing.T) {
	h := newHarness(t)
	// A weekly limit of £10: a £20 meeting payment crosses it.
	th := store.Threshold{Kind: store.ThresholdWeekly, Amount: 1000, EffectiveFrom: "2026-01-01"}
	if err := h.s.SetThreshold(bg(), &th); err != nil {
		t.Fatal(err)
	}
	s := openMoney(t, h)
	h.press(h.keys().Detail.SwitchPane)
	if s.pane != panePayments {
		t.Fatalf("pane %d after ]", s.pane)
	}
	p := aMember(t, h)
	before, _ := h.s.Payments(bg(), store.PaymentFilter{PersonID: p.ID})
	record := func(answer string) {
		t.Helper()
		h.press(h.keys().Record.New)
		h.typeText(p.DisplayName())
		h.press(h.keys().List.AcceptFilter)
		h.press(h.keys().List.Choose)
		h.press(h.keys().List.Choose) // the latest meeting
		activeAs[*kit.FormScreen](h)
		h.pressKey("enter") // per meeting
		h.wantScreen("£20.00 for the meeting")
		for range 3 {
			h.pressKey("enter")
		}
		activeAs[*kit.Confirm](h)
		h.wantScreen("would cross a threshold", "over the £10.00 limit", "Record it anyway?")
		h.pressKey(answer)
	}
	record("n")
	after, _ := h.s.Payments(bg(), store.PaymentFilter{PersonID: p.ID})
	if len(after) != len(before) {
		t.Fatal("a payment was recorded though the warning was answered no")
	}
	// No goes back to the form as it was filled in, to change it.
	f := activeAs[*kit.FormScreen](h)
	h.wantScreen("Involvement payment for")
	h.pressKey("enter")
	h.wantScreen("£20.00 for the meeting")
	h.press(h.keys().Global.Back)
	if _, asking := h.active().(*kit.Confirm); asking {
		h.press(h.keys().Confirm.Yes)
	}
	if h.active() == kit.Screen(f) {
		t.Fatal("esc did not leave the form")
	}
	record("y")
	after, _ = h.s.Payments(bg(), store.PaymentFilter{PersonID: p.ID})
	if len(after) != len(before)+1 || after[0].Amount != 2000 || after[0].Hours == 0 {
		t.Fatalf("payments after yes: %+v", after)
	}
	h.wantScreen("over a threshold", "£20.00")
}

func TestMoneyLedgerAndRatesPanes(t *testing.T) {
	h := newHarness(t)
	s := openMoney(t, h)
	h.press(h.keys().Detail.SwitchPane)
	h.press(h.keys().Detail.SwitchPane)
	if s.pane != paneLedger {
		t.Fatalf("pane %d", s.pane)
	}
	h.wantScreen("Limits now: week £50.00", "month £150.00", "30 hours (default)")
	if s.lists[paneLedger].Len() > 0 {
		h.press(h.keys().List.Open)
		l := activeAs[*PersonLedgerScreen](h)
		h.wantScreen(": ledger", "Weeks", "Months", "Lines", "Payments count when received")
		h.press(h.keys().Detail.SwitchPane)
		h.press(h.keys().Detail.SwitchPane)
		if l.pane != 2 || l.lists[2].Len() == 0 {
			t.Fatalf("ledger lines: pane %d, %d rows", l.pane, l.lists[2].Len())
		}
		h.press(h.keys().Global.Back)
	}
	h.press(h.keys().Detail.SwitchPane)
	if s.pane != paneRates {
		t.Fatalf("pane %d", s.pane)
	}
	h.wantScreen("Mileage", "45p a mile", "HMRC approved mileage rate", "Payments in a week")
	// A new hourly rate from 6 April.
	h.press(h.keys().Record.New)
	h.wantScreen("Set a rate")
	for !strings.Contains(h.screen(), "> Involvement, per hour") {
		h.pressKey("down")
	}
	h.pressKey("enter")
	h.typeText("16.50")
	h.pressKey("enter")
	for range 10 {
		h.pressKey("backspace")
	}
	h.typeText("2026-04-06")
	h.pressKey("enter")
	h.pressKey("enter")
	h.wantScreen("Involvement, per hour: £16.50 an hour from 6 Apr 2026.")
	if r, ok, _ := h.s.RateOn(bg(), store.RateHourly, "2026-04-06"); !ok || r.Amount != 1650 {
		t.Fatalf("hourly rate from 6 April: %+v %v", r, ok)
	}
	if r, _, _ := h.s.RateOn(bg(), store.RateHourly, "2026-04-05"); r.Amount == 1650 {
		t.Fatal("the new rate applies before 6 April")
	}
	// A threshold: the hours cap.
	h.press(h.keys().Money.NewThreshold)
	for !strings.Contains(h.screen(), "> Involvement hours in a month") {
		h.pressKey("down")
	}
	h.pressKey("enter")
	h.wantScreen("Hours")
	h.typeText("16")
	for range 3 {
		h.pressKey("enter")
	}
	h.wantScreen("Involvement hours in a month: 16 hours from 10 Mar 2026.")
	h.notScreen("(default)")
}

func TestMeetingExpensesPettyCash(t *testing.T) {
	h := newHarness(t)
	// The latest held meeting.
	ms, err := h.s.Meetings(bg())
	if err != nil {
		t.Fatal(err)
	}
	var m store.MeetingSummary
	for _, x := range ms {
		if x.Status == store.MeetingHeld {
			m = x
			break
		}
	}
	h.press(h.keys().Global.Meetings)
	ls := activeAs[*kit.ListScreen](h)
	findRow(t, ls.List(), func(r kit.Row) bool { return r.ID == m.ID })
	h.press(h.keys().List.Open)
	activeAs[*MeetingScreen](h)
	h.wantScreen("$ expenses")
	h.press(h.keys().Detail.Expenses)
	s := activeAs[*MeetingMoneyScreen](h)
	h.wantScreen("Float", "Cash paid out", "Balance", "Counted", "Reconciled", "Claims")
	out := s.mm.Cash.PaidOut
	if s.mm.Cash.Reconciled {
		h.press(h.keys().Money.Unreconcile)
	}
	// Set a float of £80.
	h.press(h.keys().Money.Float)
	for range 10 {
		h.pressKey("backspace")
	}
	h.typeText("£80")
	h.pressKey("enter")
	h.wantScreen("The float is £80.00.")
	if s.mm.Cash.Float != 8000 || s.mm.Cash.Balance() != 8000-out {
		t.Fatalf("float %v, balance %v", s.mm.Cash.Float, s.mm.Cash.Balance())
	}
	// Record a claim there and pay it in cash from the float.
	h.press(h.keys().Record.New)
	h.wantScreen("Expense claim for whom?")
	h.press(h.keys().List.AcceptFilter) // nothing to find
	h.press(h.keys().List.Choose)       // the first person on the register
	f := activeAs[*kit.FormScreen](h)
	h.wantScreen("For "+m.ForumName, "Category")
	h.pressKey("enter") // fare
	h.typeText("4.20")
	for f.Form().GetFocusedField().GetKey() != "paynow" {
		h.pressKey("enter")
	}
	h.wantScreen("Pay it now in cash")
	h.pressKey("left") // Yes
	h.pressKey("enter")
	h.wantScreen("Recorded and paid in cash: £4.20")
	if s.mm.Cash.PaidOut != out+420 {
		t.Fatalf("cash out %v, want %v", s.mm.Cash.PaidOut, out+420)
	}
	// Count 20p short, then reconcile with a note.
	h.press(h.keys().Money.Count)
	for range 10 {
		h.pressKey("backspace")
	}
	short := s.mm.Cash.Balance() - 20
	h.typeText(short.Decimal())
	h.pressKey("enter")
	h.wantScreen("£0.20 short")
	h.press(h.keys().Money.Reconcile)
	h.wantScreen("Reconcile: the cash is £0.20 short")
	h.typeText("Change given for the tea fund")
	h.pressKey("enter")
	if !s.mm.Cash.Reconciled || s.mm.Cash.Note != "Change given for the tea fund" {
		t.Fatalf("not reconciled: %+v", s.mm.Cash)
	}
	h.wantScreen("Change given for the tea fund")
	h.press(h.keys().Global.Privacy)
	h.notScreen("Change given for the tea fund")
}

func TestMoneyPrivacyShowsInitials(t *testing.T) {
	h := newHarness(t)
	s := openMoney(t, h)
	row, ok := s.lists[paneClaims].Selected()
	if !ok {
		t.Fatal("no claims")
	}
	c := s.data.claims[row.ID]
	name := store.DisplayName(c.PersonName, c.PreferredName)
	h.wantScreen(name)
	h.press(h.keys().Global.Privacy)
	h.wantScreen(store.Initials(name))
	if strings.Contains(h.screen(), name) && store.Initials(name) != name {
		t.Fatalf("%q still shows with the privacy screen on", name)
	}
}

func TestMoneyHelpListsItsKeys(t *testing.T) {
	h := newHarness(t)
	openMoney(t, h)
	h.press(h.keys().Global.Help)
	k := h.keys().Money
	for _, b := range []struct{ key, desc string }{
		{k.Approve.Help().Key, k.Approve.Help().Desc}, {k.Reject.Help().Key, k.Reject.Help().Desc},
		{k.Pay.Help().Key, k.Pay.Help().Desc}, {k.Filter.Help().Key, k.Filter.Help().Desc},
		{"5", "money"},
	} {
		h.wantScreen(b.key, b.desc)
	}
}

// newFixedFee opens the payment form for someone at their latest meeting
// and chooses a fixed fee: the fee's field has the focus.
func newFixedFee(t *testing.T, h *harness, p store.Member) *kit.FormScreen {
	t.Helper()
	s := openMoney(t, h)
	for s.pane != panePayments {
		h.press(h.keys().Detail.SwitchPane)
	}
	h.press(h.keys().Record.New)
	h.typeText(p.DisplayName())
	h.press(h.keys().List.AcceptFilter)
	h.press(h.keys().List.Choose)
	h.press(h.keys().List.Choose) // the latest meeting
	f := activeAs[*kit.FormScreen](h)
	h.pressKey("down") // per meeting → fixed fee
	h.pressKey("enter")
	if k := f.Form().GetFocusedField().GetKey(); k != "fee" {
		t.Fatalf("after choosing a fixed fee the focus is on %q", k)
	}
	return f
}

// QA of main: a fixed fee's hours showed "2.5" in grey, which enter saved
// as no hours at all (so the monthly hours cap undercounted), and its fee
// showed a hard-coded "£50" whatever the rate. The fee suggests the
// fixed-fee rate in force on the day (enter takes it; it is recorded at
// the rate); the hours are asked for, 0 if there were none.
func TestFixedFeeSuggestsTheRateAndAsksTheHours(t *testing.T) {
	h := newHarness(t)
	p := aMember(t, h)
	rates, err := h.s.Rates(bg())
	if err != nil {
		t.Fatal(err)
	}
	rate, ok := store.RateFor(rates, store.RateFixed, store.LocalDate(fixedNow))
	if !ok {
		t.Fatal("the demo has no fixed-fee rate")
	}
	f := newFixedFee(t, h, p)
	if sg, ok := f.Form().GetFocusedField().(*kit.Suggested); !ok || !sg.Pending() || sg.GetValue() != rate.Amount.Decimal() {
		t.Fatalf("the fee is %T holding %v, want the fixed-fee rate %s as a suggestion", f.Form().GetFocusedField(), f.Form().GetFocusedField().GetValue(), rate.Amount.Decimal())
	}
	h.wantScreen("The fixed-fee rate on", "is "+rate.Amount.String())
	h.pressKey("enter") // the rate, as it is
	if k := f.Form().GetFocusedField().GetKey(); k != "hours" {
		t.Fatalf("focus on %q, want the hours", k)
	}
	h.wantScreen("e.g. 2.5", "count towards the monthly hours cap")
	if v := f.Form().GetFocusedField().GetValue(); v != "" {
		t.Fatalf("the hours hold %q before anything is typed", v)
	}
	h.pressKey("enter")
	if k := f.Form().GetFocusedField().GetKey(); k != "hours" {
		t.Fatal("enter on no hours moved on: a fixed fee would count no hours towards the cap")
	}
	h.wantScreen("give the hours of involvement")
	h.typeText("2.5")
	save := func() {
		t.Helper()
		for range 3 {
			h.pressKey("enter")
		}
		if _, asking := h.active().(*kit.Confirm); asking { // over a threshold
			h.press(h.keys().Confirm.Yes)
		}
	}
	save()
	h.wantScreen("Recorded " + rate.Amount.String())
	fixed := func() []store.Payment {
		t.Helper()
		ps, err := h.s.Payments(bg(), store.PaymentFilter{PersonID: p.ID})
		if err != nil {
			t.Fatal(err)
		}
		var out []store.Payment
		for _, x := range ps {
			if x.Basis == store.BasisFixed {
				out = append(out, x)
			}
		}
		return out
	}
	if got := fixed(); len(got) != 1 || got[0].Hours != 250 || got[0].Amount != rate.Amount || got[0].Rate != rate.Amount {
		t.Fatalf("recorded %+v; want one fixed fee of 2.5 hours at the rate %s", got, rate.Amount)
	}

	// Typing a fee replaces the suggestion; 0 hours is an answer.
	newFixedFee(t, h, p)
	h.typeText("75")
	h.pressKey("enter")
	h.typeText("0")
	save()
	h.wantScreen("Recorded £75.00")
	if got := fixed(); len(got) != 2 {
		t.Fatalf("%d fixed fees recorded, want 2", len(got))
	}
}

// QA of main: with no rates set, the Rates pane said "no rate for
// childcare/carer cover, involvement, hourly, involvement, meeting,
// involvement, fixed fee". It says it in plain English, naming the key.
func TestRatesLineSaysWhatIsMissingPlainly(t *testing.T) {
	h := newHarness(t, withNewDatabase(t))
	moneyPane(t, h, paneRates)
	s := activeAs[*MoneyScreen](h)
	want := "No rates set yet for care cover, hourly, per-meeting or fixed-fee involvement payments: " +
		kit.KeyName(h.keys().Record.New) + " sets one."
	if head := s.heads[paneRates]; !strings.HasPrefix(head, want) {
		t.Errorf("the rates line is %q, want it to start %q", head, want)
	}
	for kinds, want := range map[string]string{
		"mileage":                   "mileage",
		"hourly":                    "hourly involvement payments",
		"mileage,care":              "mileage or care cover",
		"care,fixed":                "care cover or fixed-fee involvement payments",
		"hourly,meeting":            "hourly or per-meeting involvement payments",
		"care,hourly,meeting,fixed": "care cover, hourly, per-meeting or fixed-fee involvement payments",
	} {
		var ks []store.RateKind
		for _, k := range strings.Split(kinds, ",") {
			ks = append(ks, store.RateKind(k))
		}
		if got := rateKindsText(ks); got != want {
			t.Errorf("rateKindsText(%s) = %q, want %q", kinds, got, want)
		}
	}
}
