package store

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// cashBook is what a closed cash book shows, names aside.
type cashBook struct {
	Float, PaidOut, Balance, Counted, Difference Pence
	Reconciled                                   bool
	ReconciledOn, Note                           string
	Lines                                        int
	Amounts                                      string
}

func bookOf(tb testing.TB, s *Store, meetingID string) cashBook {
	tb.Helper()
	pc, err := s.PettyCash(context.Background(), meetingID)
	if err != nil {
		tb.Fatalf("PettyCash(%s): %v", meetingID, err)
	}
	var amounts []string
	for _, l := range pc.Lines {
		amounts = append(amounts, l.What+" "+l.Amount.String()+" "+l.PaidOn)
	}
	return cashBook{pc.Float, pc.PaidOut, pc.Balance(), pc.CountedCash, pc.Difference(), pc.Reconciled,
		pc.ReconciledOn, pc.Note, len(pc.Lines), strings.Join(amounts, "; ")}
}

// reconciledMeeting: at the held meeting (3 March) Ann was paid £5.70 in
// cash for a fare and a £20 involvement payment in cash, Bob £3.00; the
// float was £50, £15.00 was counted back (£6.30 short) and reconciled with
// a note. Ann also has a claim not yet paid, and a paid bank claim for
// other involvement that mentions her address.
func reconciledMeeting(tb testing.TB) *moneyFixture {
	tb.Helper()
	fx := newMoneyFixture(tb)
	fx.setRate(tb, RateMeeting, 2000, "2026-01-01")
	pc, err := fx.s.PettyCash(fx.ctx, fx.held.ID)
	if err != nil {
		tb.Fatal(err)
	}
	if err := fx.s.SetFloat(fx.ctx, &pc, 5000); err != nil {
		tb.Fatal(err)
	}
	fx.claim(tb, Claim{PersonID: fx.ann, MeetingID: fx.held.ID, Category: CatFare, Amount: 570,
		Description: "Bus from 12 Acacia Avenue", Status: StatusPaid, PaidHow: PaidCash, PaidOn: "2026-03-03"})
	fx.claim(tb, Claim{PersonID: fx.bob, MeetingID: fx.held.ID, Category: CatFare, Amount: 300,
		Status: StatusPaid, PaidHow: PaidCash, PaidOn: "2026-03-03"})
	pay := Payment{PersonID: fx.ann, MeetingID: fx.held.ID, Basis: BasisMeeting, Note: "Ann asked for cash",
		Status: StatusPaid, PaidHow: PaidCash, PaidOn: "2026-03-03"}
	if err := fx.s.RecordPayment(fx.ctx, &pay); err != nil {
		tb.Fatal(err)
	}
	if pc, err = fx.s.PettyCash(fx.ctx, fx.held.ID); err != nil {
		tb.Fatal(err)
	}
	if err := fx.s.CountCash(fx.ctx, &pc, 1500); err != nil {
		tb.Fatal(err)
	}
	if err := fx.s.ReconcileCash(fx.ctx, &pc, "£6.30 short: change given and not written down"); err != nil {
		tb.Fatal(err)
	}
	fx.claim(tb, Claim{PersonID: fx.ann, Activity: "Training day", Date: "2026-03-05", Category: CatTaxi, Amount: 1250,
		Description: "Taxi home to 12 Acacia Avenue", Receipt: true, ReceiptRef: "ACACIA-1",
		Status: StatusPaid, PaidHow: PaidBank, PaidOn: "2026-03-06"})
	return fx
}

func report(tb testing.TB, s *Store, forum string) ExpensesReport {
	tb.Helper()
	r, err := s.ExpensesReport(context.Background(), "2026-01-01", "2026-12-31", forum)
	if err != nil {
		tb.Fatalf("ExpensesReport(%q): %v", forum, err)
	}
	return r
}

// Issue 9, defect 2: erasing someone paid in cash at a reconciled meeting
// changed its closed cash book ("£5.70 short"). Money already paid is kept,
// anonymised; the cash book, the expenses report and the payments total
// exactly as before.
func TestErasureKeepsClosedCashBookAndTotals(t *testing.T) {
	fx := reconciledMeeting(t)
	s := fx.s
	book := bookOf(t, s, fx.held.ID)
	if book.Difference != -630 || book.PaidOut != 2870 || book.Lines != 3 || !book.Reconciled {
		t.Fatalf("cash book before: %+v", book)
	}
	before := report(t, s, "")
	paidOut := func() (n Pence) {
		ps, err := s.Payments(fx.ctx, PaymentFilter{})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range ps {
			if p.Status == StatusPaid {
				n += p.PaidOut()
			}
		}
		return n
	}
	paymentsBefore := paidOut()
	bobBefore, err := s.Standings(fx.ctx, "2026-03-03")
	if err != nil {
		t.Fatal(err)
	}

	ann, _ := s.Person(fx.ctx, fx.ann)
	if err := s.DeletePerson(fx.ctx, ann.ID, ann.Version); err != nil {
		t.Fatal(err)
	}

	if after := bookOf(t, s, fx.held.ID); after != book {
		t.Errorf("the closed cash book changed when Ann was erased:\nbefore %+v\nafter  %+v", book, after)
	}
	pc, _ := s.PettyCash(fx.ctx, fx.held.ID)
	formers := 0
	for _, l := range pc.Lines {
		if l.PersonID == "" {
			formers++
			if l.PersonName != FormerMember || l.PreferredName != "" {
				t.Errorf("a former member's cash line is named %q/%q", l.PersonName, l.PreferredName)
			}
		}
	}
	if formers != 2 {
		t.Errorf("%d cash lines are a former member's, want 2 (Ann's fare and payment)", formers)
	}
	after := report(t, s, "")
	if after.All != before.All {
		t.Errorf("the expenses report's totals changed:\nbefore %+v\nafter  %+v", before.All, after.All)
	}
	if len(after.Lines) != len(before.Lines) {
		t.Errorf("report lines %d → %d", len(before.Lines), len(after.Lines))
	}
	var former *ReportRow
	for i, row := range after.ByPerson {
		if row.Key == "" {
			former = &after.ByPerson[i]
		}
	}
	if former == nil || former.Label != FormerMember || former.Paid != 570+1250 {
		t.Errorf("report by person: %+v, want a former member's row with £18.20 paid", after.ByPerson)
	}
	if got := paidOut(); got != paymentsBefore {
		t.Errorf("payments paid out %v → %v", paymentsBefore, got)
	}
	// Bob's standing is as it was; nobody stands for the erased person.
	bobAfter, err := s.Standings(fx.ctx, "2026-03-03")
	if err != nil {
		t.Fatal(err)
	}
	if len(bobAfter) != len(bobBefore)-1 {
		t.Errorf("standings %d → %d, want the erased person gone", len(bobBefore), len(bobAfter))
	}
	// Nothing of Ann is left: no name in the report, no link, none of
	// the free text written about her (her address, her receipt's
	// reference, the note on her payment).
	var md, js bytes.Buffer
	if err := after.WriteMarkdown(&md); err != nil {
		t.Fatal(err)
	}
	if err := after.WriteJSON(&js); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(md.String(), "| a former member | 2 | £0.00 | £0.00 | £18.20 | £0.00 | £18.20 |") {
		t.Errorf("the report has no row for a former member:\n%s", md.String())
	}
	for _, secret := range []string{"Ann", "Archer", fx.ann, "Acacia", "ACACIA", "asked for cash"} {
		if strings.Contains(md.String()+js.String(), secret) {
			t.Errorf("the report still holds %q", secret)
		}
		if n, _ := count(fx.ctx, s.db, "SELECT count(*) FROM claims WHERE instr(coalesce(person_id, '') || description || receipt_ref, ?) > 0",
			secret); n != 0 {
			t.Errorf("claims still hold %q", secret)
		}
		if n, _ := count(fx.ctx, s.db, "SELECT count(*) FROM payments WHERE instr(coalesce(person_id, '') || note, ?) > 0", secret); n != 0 {
			t.Errorf("payments still hold %q", secret)
		}
	}
	// A former member has no ledger, and says why.
	if _, err := s.Ledger(fx.ctx, "", "2026-03-01", "2026-03-31"); err == nil || !strings.Contains(err.Error(), "former member") {
		t.Errorf("ledger of a former member: %v", err)
	}
	if r, err := s.Check(fx.ctx); err != nil || !r.OK() {
		t.Errorf("check after erasure: %v %v", r.Problems, err)
	}
}

// Erasing someone removes what was not yet paid to them; only what was paid
// is kept. The confirmation says which is which.
func TestErasureImpactSaysWhatIsKept(t *testing.T) {
	fx := reconciledMeeting(t)
	s := fx.s
	fx.claim(t, Claim{PersonID: fx.ann, MeetingID: fx.held.ID, Category: CatParking, Amount: 400})
	rej := fx.claim(t, Claim{PersonID: fx.ann, MeetingID: fx.held.ID, Category: CatSubsistence, Amount: 500})
	if err := s.RejectClaim(fx.ctx, &rej, "Lunch was provided"); err != nil {
		t.Fatal(err)
	}
	before := report(t, s, "")
	imp, err := s.PersonImpact(fx.ctx, fx.ann)
	if err != nil {
		t.Fatal(err)
	}
	if imp.Claims != 2 || imp.Payments != 0 || imp.KeptClaims != 2 || imp.KeptPayments != 1 || imp.ClosedCash != 1 || !imp.Anonymised {
		t.Errorf("impact = %+v", imp)
	}
	if got, want := imp.String(), "also removes 1 membership, 2 attendance records and 2 expense claims not yet paid"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
	if got, want := imp.Kept(), "Money already paid is kept, as a former member's, with no name and no link to them: "+
		"2 paid expense claims and 1 paid involvement payment (1 closed cash book stays exactly as reconciled)."; got != want {
		t.Errorf("Kept() = %q\nwant       %q", got, want)
	}
	ann, _ := s.Person(fx.ctx, fx.ann)
	if err := s.DeletePerson(fx.ctx, ann.ID, ann.Version); err != nil {
		t.Fatal(err)
	}
	after := report(t, s, "")
	if after.All.Paid != before.All.Paid || after.All.Claimed != before.All.Claimed-400 || after.All.Rejected != before.All.Rejected-500 {
		t.Errorf("report: before %+v, after %+v; want the paid total kept and Ann's unpaid claims gone", before.All, after.All)
	}
	if n := ioCount(t, s, "claims"); n != 3 {
		t.Errorf("%d claims left, want 3 (Ann's two paid, kept; Bob's)", n)
	}
	// Only a paid record may have no person: deleting a person whose
	// unpaid claims are still there is refused, whatever path tries it.
	bob, _ := s.Person(fx.ctx, fx.bob)
	fx.claim(t, Claim{PersonID: bob.ID, MeetingID: fx.held.ID, Category: CatParking, Amount: 100})
	if _, err := s.db.ExecContext(fx.ctx, "DELETE FROM people WHERE id = ?", bob.ID); err == nil {
		t.Error("a person with an unpaid claim was deleted, leaving it with no one")
	}
}

// Issue 9, defect 3: deleting a forum silently deleted its meetings' petty
// cash, and `expenses report --forum NAME` then failed. The confirmation
// names everything that goes; claims, payments and cash are kept and still
// reported under the old name.
func TestDeleteForumKeepsMoneyReportable(t *testing.T) {
	fx := reconciledMeeting(t)
	s := fx.s
	fx.claim(t, Claim{PersonID: fx.bob, MeetingID: fx.held.ID, Category: CatTaxi, Amount: 1800})
	if err := s.SetBookingStatus(fx.ctx, fx.held.ID, fx.bob, LegHome, BookingBooked, "Amber Cars", "A1"); err != nil {
		t.Fatal(err)
	}
	book := bookOf(t, s, fx.held.ID)
	before := report(t, s, "Tuesday Forum")
	if before.All.Claims != 3 {
		t.Fatalf("report before: %+v", before.All)
	}
	imp, err := s.ForumImpact(fx.ctx, fx.tuesday)
	if err != nil {
		t.Fatal(err)
	}
	if imp.Meetings != 2 || imp.Bookings != 1 || imp.KeptClaims != 3 || imp.KeptPayments != 1 || imp.KeptCash != 1 {
		t.Errorf("impact = %+v", imp)
	}
	if got := imp.String(); !strings.Contains(got, "2 meetings") || !strings.Contains(got, "1 transport booking") {
		t.Errorf("String() = %q does not name the meetings and the transport booking", got)
	}
	if got, want := imp.Kept(), "Records of money are kept, saying which forum and meeting they were for: "+
		"3 expense claims, 1 involvement payment and 1 petty cash book."; got != want {
		t.Errorf("Kept() = %q\nwant       %q", got, want)
	}

	f, _ := s.Forum(fx.ctx, fx.tuesday)
	if err := s.DeleteForum(fx.ctx, f.ID, f.Version); err != nil {
		t.Fatal(err)
	}
	recWantRows(t, s, map[string]int{"transport_bookings": 0, "claims": 4, "payments": 1, "petty_cash": 1})
	if after := bookOf(t, s, fx.held.ID); after != book {
		t.Errorf("the cash book changed when its forum was deleted:\nbefore %+v\nafter  %+v", book, after)
	}
	for _, name := range []string{"Tuesday Forum", "tuesday  FORUM"} {
		after := report(t, s, name)
		if after.All != before.All || len(after.Lines) != len(before.Lines) || after.Forum != "Tuesday Forum" || !after.ForumDeleted {
			t.Errorf("report --forum %q after the forum was deleted: %+v %q, want %+v", name, after.All, after.Forum, before.All)
		}
		if !strings.Contains(after.Title(), "Tuesday Forum (deleted)") {
			t.Errorf("title %q", after.Title())
		}
	}
	if _, err := s.ExpensesReport(fx.ctx, "2026-01-01", "2026-12-31", "Thursday Forum"); err == nil ||
		!strings.Contains(err.Error(), `no forum called "Thursday Forum"`) {
		t.Errorf("a forum that never was: %v", err)
	}
	// The kept cash book is closed for good: it cannot change.
	pc, _ := s.PettyCash(fx.ctx, fx.held.ID)
	if err := s.ReopenCash(fx.ctx, &pc); err == nil || !strings.Contains(err.Error(), "deleted") {
		t.Errorf("reopening a deleted meeting's cash book: %v", err)
	}
	// A claim still to pay for the deleted meeting can be paid and edited.
	var open Claim
	cs, _ := s.Claims(fx.ctx, ClaimFilter{MeetingID: fx.held.ID})
	for _, c := range cs {
		if c.Status == StatusClaimed {
			open = c
		}
	}
	if open.ID == "" || open.FormerMeetingID != fx.held.ID || open.ForumName != "Tuesday Forum" ||
		!strings.Contains(open.What(), "Tuesday Forum meeting on 2026-03-03") {
		t.Fatalf("the unpaid claim after its forum was deleted: %+v (%s)", open, open.What())
	}
	open.Amount = 1900
	if err := s.SaveClaim(fx.ctx, &open); err != nil || open.FormerMeetingID != fx.held.ID {
		t.Errorf("editing it: %+v, %v", open, err)
	}
	if err := s.PayClaim(fx.ctx, &open, PaidBank, ""); err != nil {
		t.Errorf("paying it: %v", err)
	}
	if r, err := s.Check(fx.ctx); err != nil || !r.OK() {
		t.Errorf("check after deleting the forum: %v %v", r.Problems, err)
	}
	// The export carries the former meeting.
	doc, _ := decodeExport(t, s)
	if fm := exportList(t, doc, "former_meetings"); len(fm) != 1 || fm[0]["forum_name"] != "Tuesday Forum" || fm[0]["id"] != fx.held.ID {
		t.Errorf("former meetings exported as %v", fm)
	}
}

// A database at schema 6 with money in it comes through the money_kept migration with
// every claim, payment and petty cash record as it was, and from then on
// keeps them when their forum goes.
func TestMigrationKeepsMoney(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "involve.db")
	if err := createPrivate(path); err != nil {
		t.Fatal(err)
	}
	db := recRawDB(t, path)
	old := newStore(db, path)
	if err := old.migrateTo(ctx, 6); err != nil {
		t.Fatal(err)
	}
	const at = "'2026-03-01T10:00:00Z'"
	for _, q := range []string{
		"INSERT INTO forums (id, name, created_at, updated_at) VALUES ('f1', 'Tuesday Forum', " + at + ", " + at + ")",
		"INSERT INTO people (id, name, created_at, updated_at) VALUES ('p1', 'Ann Archer', " + at + ", " + at + ")",
		"INSERT INTO meetings (id, forum_id, starts_at, ends_at, status, created_at, updated_at) VALUES ('m1', 'f1', '2026-03-03T13:00:00Z', '2026-03-03T15:00:00Z', 'held', " + at + ", " + at + ")",
		"INSERT INTO claims (id, person_id, meeting_id, claim_date, category, amount_pence, status, paid_how, paid_on, created_at, updated_at) VALUES ('c1', 'p1', 'm1', '2026-03-03', 'fare', 570, 'paid', 'cash', '2026-03-03', " + at + ", " + at + ")",
		"INSERT INTO claims (id, person_id, activity, claim_date, category, amount_pence, created_at, updated_at) VALUES ('c2', 'p1', 'Training', '2026-03-04', 'taxi', 1200, " + at + ", " + at + ")",
		"INSERT INTO payments (id, person_id, meeting_id, payment_date, basis, hours, amount_pence, status, paid_how, paid_on, created_at, updated_at) VALUES ('y1', 'p1', 'm1', '2026-03-03', 'meeting', 200, 2000, 'paid', 'bank', '2026-03-10', " + at + ", " + at + ")",
		"INSERT INTO petty_cash (id, meeting_id, float_pence, counted, counted_pence, reconciled, reconciled_on, note, created_at, updated_at) VALUES ('k1', 'm1', 5000, 1, 4430, 1, '2026-03-04', '', " + at + ", " + at + ")",
	} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	db.Close()

	s := recOpenPath(t, path)
	if v := recUserVersion(t, s.db); v != SchemaVersion() {
		t.Fatalf("user_version %d", v)
	}
	c, err := s.Claim(ctx, "c1")
	if err != nil || c.PersonID != "p1" || c.MeetingID != "m1" || c.Amount != 570 || c.PaidOn != "2026-03-03" || c.ForumName != "Tuesday Forum" {
		t.Errorf("claim after migrating: %+v, %v", c, err)
	}
	y, err := s.Payment(ctx, "y1")
	if err != nil || y.MoneyDate() != "2026-03-10" || y.Hours != 200 {
		t.Errorf("payment after migrating: %+v, %v", y, err)
	}
	book := bookOf(t, s, "m1")
	if book.Float != 5000 || book.PaidOut != 570 || book.Difference != 0 || !book.Reconciled {
		t.Errorf("cash book after migrating: %+v", book)
	}
	var ledgerDate string
	if err := s.db.QueryRow("SELECT ledger_date FROM payments WHERE id = 'y1'").Scan(&ledgerDate); err != nil || ledgerDate != "2026-03-10" {
		t.Errorf("ledger_date = %q, %v", ledgerDate, err)
	}
	f, _ := s.Forum(ctx, "f1")
	if err := s.DeleteForum(ctx, f.ID, f.Version); err != nil {
		t.Fatal(err)
	}
	if after := bookOf(t, s, "m1"); after != book {
		t.Errorf("cash book after deleting the forum: %+v, want %+v", after, book)
	}
	if r := report(t, s, "Tuesday Forum"); r.All.Claims != 1 || r.All.Paid != 570 {
		t.Errorf("report by the deleted forum's name: %+v", r.All)
	}
	if r, err := s.Check(ctx); err != nil || !r.OK() {
		t.Errorf("check: %v %v", r.Problems, err)
	}
}
