package store

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/involve/involve/civil"
)

func TestFinancialYear(t *testing.T) {
	for _, c := range []struct {
		in       string
		from, to string
	}{
		{"2026-27", "2026-04-01", "2027-03-31"},
		{" 2026/27 ", "2026-04-01", "2027-03-31"},
		{"2026-2027", "2026-04-01", "2027-03-31"},
		{"1999-00", "1999-04-01", "2000-03-31"},
		{"2027-28", "2027-04-01", "2028-03-31"}, // 2028 is a leap year: still 31 March
	} {
		from, to, err := FinancialYear(c.in)
		if err != nil || from.String() != c.from || to.String() != c.to {
			t.Errorf("FinancialYear(%q) = %s, %s, %v; want %s to %s", c.in, from, to, err, c.from, c.to)
		}
		if got := YearLabel(from); got != YearLabel(to) {
			t.Errorf("YearLabel: %s gives %s, %s gives %s", from, got, to, YearLabel(to))
		}
	}
	for _, bad := range []string{"", "2026", "2026-28", "2026-26", "26-27", "twenty", "2026_27", "2026-27x"} {
		if _, _, err := FinancialYear(bad); err == nil {
			t.Errorf("FinancialYear(%q) was accepted", bad)
		}
	}
	if got := YearLabel(civil.MustParse("2027-03-31")); got != "2026-27" {
		t.Errorf("YearLabel(31 March 2027) = %s", got)
	}
	if got := YearLabel(civil.MustParse("2027-04-01")); got != "2027-28" {
		t.Errorf("YearLabel(1 April 2027) = %s", got)
	}
}

// annualFixture is a small partnership with something of every kind just
// inside and just outside the financial year 2026-27.
type annualFixture struct {
	s                    *Store
	tue, car             Forum
	inside, first, early Meeting // the year's first meeting is at 00:30 London on 1 April
	cancelled, after     Meeting
	sam, cat, bo, off    Person
}

func newAnnualFixture(t *testing.T) annualFixture {
	t.Helper()
	ctx := context.Background()
	s := recOpen(t)
	var fx annualFixture
	fx.s = s
	at := func(t time.Time) { s.SetClock(func() time.Time { return t }) }
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	// Before the year: the forums, and Sam and the officer as members.
	at(time.Date(2026, 2, 1, 9, 0, 0, 0, time.UTC))
	fx.tue = Forum{Name: "Tuesday Forum", Venue: "Hub"}
	fx.car = Forum{Name: "Carers' Voice", Venue: "Library"}
	must(s.SaveForum(ctx, &fx.tue))
	must(s.SaveForum(ctx, &fx.car))
	fx.sam = Person{Name: "Sam Service", Role: RoleServiceUser}
	fx.off = Person{Name: "Olu Officer", Role: RoleSeniorOfficer}
	must(s.SavePerson(ctx, &fx.sam, []string{fx.tue.ID}))
	must(s.SavePerson(ctx, &fx.off, []string{fx.tue.ID}))
	// In the year: Cat joins both forums, Bo joins one.
	at(time.Date(2026, 4, 10, 9, 0, 0, 0, time.UTC))
	fx.cat = Person{Name: "Cat Carer", Role: RoleCarer}
	fx.bo = Person{Name: "Bo Both", Role: RoleBoth}
	must(s.SavePerson(ctx, &fx.cat, []string{fx.tue.ID, fx.car.ID}))
	must(s.SavePerson(ctx, &fx.bo, []string{fx.car.ID}))

	london := func(y int, m time.Month, d, h, min int) time.Time { return time.Date(y, m, d, h, min, 0, 0, London) }
	meet := func(m *Meeting, f Forum, start time.Time, status MeetingStatus) {
		*m = Meeting{ForumID: f.ID, Start: start, End: start.Add(time.Hour), Status: status}
		must(s.SaveMeeting(ctx, m))
	}
	meet(&fx.early, fx.tue, london(2026, 3, 31, 23, 30), MeetingHeld) // 22:30 UTC on 31 March: before the year
	meet(&fx.first, fx.tue, london(2026, 4, 1, 0, 30), MeetingHeld)   // 23:30 UTC on 31 March, but 1 April in London
	meet(&fx.inside, fx.car, london(2026, 6, 9, 13, 0), MeetingHeld)
	meet(&fx.cancelled, fx.tue, london(2026, 6, 16, 13, 0), MeetingCancelled)
	meet(&fx.after, fx.tue, london(2027, 4, 1, 0, 30), MeetingHeld) // 23:30 UTC on 31 March 2027: after the year
	for _, a := range []struct {
		m *Meeting
		p *Person
	}{
		{&fx.early, &fx.sam}, {&fx.early, &fx.off},
		{&fx.first, &fx.sam}, {&fx.first, &fx.cat}, {&fx.first, &fx.off},
		{&fx.inside, &fx.cat}, {&fx.inside, &fx.bo},
		{&fx.cancelled, &fx.sam}, // signed in at a meeting later cancelled: not counted
		{&fx.after, &fx.sam}, {&fx.after, &fx.off},
	} {
		must(s.SetAttendance(ctx, a.m.ID, a.p.ID, Attended))
	}
	at(time.Date(2027, 5, 1, 9, 0, 0, 0, time.UTC)) // after the meetings, so travel can be recorded
	for _, b := range []Booking{
		{MeetingID: fx.first.ID, PersonID: fx.sam.ID, Leg: LegThere, Status: BookingBooked, Firm: "A2B"},
		{MeetingID: fx.first.ID, PersonID: fx.sam.ID, Leg: LegHome, Status: BookingConfirmed, Firm: "A2B"},
		{MeetingID: fx.inside.ID, PersonID: fx.bo.ID, Leg: LegThere, Status: BookingConfirmed, Firm: "A2B"},
		{MeetingID: fx.inside.ID, PersonID: fx.bo.ID, Leg: LegHome, Status: BookingConfirmed, Firm: "A2B", Travelled: TravelledNo},
		{MeetingID: fx.inside.ID, PersonID: fx.cat.ID, Leg: LegThere, Status: BookingCancelled, Firm: "A2B"},
		{MeetingID: fx.early.ID, PersonID: fx.sam.ID, Leg: LegThere, Status: BookingBooked, Firm: "A2B"},
	} {
		must(s.SaveBooking(ctx, &b))
	}
	// Senior officers' logged contacts with Carers' Voice.
	for _, c := range []Contact{
		{Kind: ContactVisit, Date: civil.MustParse("2026-09-15"), OfficerID: fx.off.ID, ForumIDs: []string{fx.car.ID}},
		{Kind: ContactWritten, Date: civil.MustParse("2026-10-01"), OfficerID: fx.off.ID, ForumIDs: []string{fx.car.ID}},
		{Kind: ContactVisit, Date: civil.MustParse("2027-04-02"), OfficerID: fx.off.ID, ForumIDs: []string{fx.car.ID}},
	} {
		must(s.SaveContact(ctx, &c))
	}
	// Training: two sessions in the year (Sam at both, Cat at one), one after.
	for i, x := range []struct {
		date     string
		prof     Profession
		learners int
		score    Hundredths
		replies  int
		trainers []*Person
	}{
		{"2026-05-05", ProfNursing, 30, 450, 20, []*Person{&fx.sam, &fx.cat}},
		{"2026-11-05", ProfPolice, 15, 420, 10, []*Person{&fx.sam}},
		{"2027-04-20", ProfPolice, 99, 0, 0, []*Person{&fx.bo}},
	} {
		sess := TrainingSession{Title: fmt.Sprintf("Session %d", i+1), Profession: x.prof, Date: civil.MustParse(x.date),
			Learners: x.learners, Kind: TrainingTeaching, Score: x.score, Responses: x.replies}
		must(s.SaveTrainingSession(ctx, &sess))
		for _, p := range x.trainers {
			must(s.SaveTrainer(ctx, &Trainer{SessionID: sess.ID, PersonID: p.ID, PrepHours: 150, DeliveryHours: 200}))
		}
	}
	return fx
}

func TestAnnualReport(t *testing.T) {
	ctx := context.Background()
	fx := newAnnualFixture(t)
	from, to, _ := FinancialYear("2026-27")
	a, err := fx.s.AnnualReport(ctx, from, to)
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Forums) != 2 || a.Forums[0].Name != "Carers' Voice" || a.Forums[1].Name != "Tuesday Forum" {
		t.Fatalf("forums by name: %+v", a.Forums)
	}
	car, tue := a.Forums[0], a.Forums[1]
	if car.Held != 1 || car.Cancelled != 0 || car.People != 2 || car.Attendances != 2 || car.NewMembers != 2 {
		t.Errorf("Carers' Voice: %+v", car)
	}
	if tue.Held != 1 || tue.Cancelled != 1 || tue.People != 3 || tue.Attendances != 3 || tue.NewMembers != 1 {
		t.Errorf("Tuesday Forum (the meeting at 00:30 on 1 April is in, the one at 23:30 on 31 March is not): %+v", tue)
	}
	if tue.OfficerVisits != 1 || tue.OfficerPeople != 1 || tue.LastMet.String() != "2026-04-01" {
		t.Errorf("Tuesday Forum's officer: %+v (want one visit, last met on 1 April)", tue)
	}
	// Carers' Voice met the officer only through logged contacts: a visit
	// in the year, a written reply (which is not meeting), and a visit
	// after the year (not counted, nor its date).
	if car.OfficerVisits != 0 || car.Contacts != 1 || car.Written != 1 || car.LastMet.String() != "2026-09-15" {
		t.Errorf("Carers' Voice's contacts: %+v", car)
	}
	tr := a.Training
	if tr.Sessions != 2 || tr.Learners != 45 || tr.CoTrainers != 2 || tr.Places != 3 || tr.Hours != 1050 {
		t.Errorf("training: %+v", tr)
	}
	if tr.Replies != 30 || tr.Score != 440 { // (20 × 4.5 + 10 × 4.2) / 30 = 4.4
		t.Errorf("training feedback: %d replies, score %d", tr.Replies, tr.Score)
	}
	nurses := slices.Index(Professions, ProfNursing)
	if tr.ByProfession[nurses] != [2]int{1, 30} || tr.ByKind[slices.Index(TrainingKinds, TrainingTeaching)] != 2 {
		t.Errorf("training by profession %v, by kind %v", tr.ByProfession, tr.ByKind)
	}
	if a.People != 4 || a.Attendances != 5 || a.NewMembers != 2 {
		t.Errorf("people %d, attendances %d, new members %d; want 4, 5, 2", a.People, a.Attendances, a.NewMembers)
	}
	want := map[Role][2]int{RoleServiceUser: {1, 1}, RoleCarer: {1, 2}, RoleBoth: {1, 1}, RoleSeniorOfficer: {1, 1}}
	if len(a.Roles) != len(Roles) {
		t.Errorf("every role has a line: %+v", a.Roles)
	}
	for _, r := range a.Roles {
		if w := want[r.Role]; r.People != w[0] || r.Attendances != w[1] {
			t.Errorf("%s: %d people, %d attendances; want %v", r.Role, r.People, r.Attendances, w)
		}
	}
	if len(a.Months) != 12 || a.Months[0].Start.String() != "2026-04-01" || a.Months[11].Start.String() != "2027-03-01" {
		t.Fatalf("months: %+v", a.Months)
	}
	if m := a.Months[0]; m.Held != 1 || m.Attendances != 3 || m.Label() != "Apr 2026" {
		t.Errorf("April: %+v", m)
	}
	if m := a.Months[2]; m.Held != 1 || m.Attendances != 2 {
		t.Errorf("June (the cancelled meeting's attendance left out): %+v", m)
	}
	if a.Journeys != 3 || a.JourneyPeople != 2 {
		t.Errorf("journeys %d for %d people; want 3 for 2 (cancelled, did not travel and last year's left out)", a.Journeys, a.JourneyPeople)
	}

	// A period of one day: only the year's first meeting.
	day := civil.MustParse("2026-04-01")
	a, err = fx.s.AnnualReport(ctx, day, day)
	if err != nil {
		t.Fatal(err)
	}
	if a.Attendances != 3 || len(a.Months) != 1 {
		t.Errorf("1 April alone: %d attendances, %d months", a.Attendances, len(a.Months))
	}
	if _, err := fx.s.AnnualReport(ctx, to, from); err == nil {
		t.Error("a period that ends before it starts must be refused")
	}
}

// TestAnnualMoneyAgrees: the report's expenses are the expenses report's,
// and its involvement payments agree to the penny with the ledger: the sum
// over everyone of their ledger's months in the period, paid, due and
// donated, and the hours.
func TestAnnualMoneyAgrees(t *testing.T) {
	ctx := context.Background()
	s := openDemo(t, DemoPeople, 1)
	// Payments that test the rule at the period's edges: paid in the
	// period for involvement before it, involvement in it paid after it,
	// reduced, declined, donated, rejected, in vouchers.
	people, err := s.People(ctx)
	if err != nil {
		t.Fatal(err)
	}
	from, to := civil.MustParse("2025-12-01"), civil.MustParse("2026-02-28")
	rec := func(i int, date string, amount Pence, choice Choice, status Status, paidOn string, how PaidHow) {
		t.Helper()
		p := Payment{PersonID: people[i].ID, Activity: "Planning day", Date: date, Basis: BasisFixed, Amount: amount,
			Hours: 150, Choice: choice, Status: status, PaidOn: paidOn, PaidHow: how}
		if status == StatusRejected {
			p.Status = StatusClaimed
		}
		if choice == ChoiceReduce {
			p.Reduced = amount / 2
		}
		if err := s.RecordPayment(ctx, &p); err != nil {
			t.Fatal(err)
		}
		if status == StatusRejected {
			if err := s.RejectPayment(ctx, &p, "duplicate"); err != nil {
				t.Fatal(err)
			}
		}
	}
	rec(0, "2025-11-30", 2500, ChoiceAccept, StatusPaid, "2025-12-02", PaidBank)    // money in, hours out
	rec(1, "2026-02-28", 3000, ChoiceAccept, StatusPaid, "2026-03-01", PaidBank)    // hours in, money out
	rec(2, "2026-02-10", 4000, ChoiceReduce, StatusApproved, "", "")                // due, reduced
	rec(3, "2026-02-11", 1500, ChoiceDecline, StatusApproved, "", "")               // declined
	rec(4, "2026-02-12", 2000, ChoiceDonate, StatusPaid, "2026-02-12", PaidBank)    // donated
	rec(5, "2026-02-13", 9900, ChoiceAccept, StatusRejected, "", "")                // rejected
	rec(6, "2026-01-01", 1000, ChoiceAccept, StatusPaid, "2026-01-02", PaidVoucher) // vouchers count
	rec(0, "2025-12-01", 700, ChoiceAccept, StatusClaimed, "", "")                  // the period's first day
	rec(1, "2025-11-30", 800, ChoiceAccept, StatusClaimed, "", "")                  // the day before: out

	a, err := s.AnnualReport(ctx, from, to)
	if err != nil {
		t.Fatal(err)
	}
	exp, err := s.ExpensesReport(ctx, from.String(), to.String(), "")
	if err != nil {
		t.Fatal(err)
	}
	if a.Expenses.All != exp.All || len(a.Expenses.ByCategory) != len(exp.ByCategory) {
		t.Errorf("expenses %+v, the expenses report says %+v", a.Expenses.All, exp.All)
	}
	if exp.All.Total == 0 {
		t.Error("the demo should have expenses in the period")
	}

	var paid, due, donated Pence
	var hours Hundredths
	for _, p := range people {
		l, err := s.Ledger(ctx, p.ID, from.String(), to.String())
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range l.Months {
			if m.Start >= from.String() && m.End <= to.String() {
				paid, due, donated, hours = paid+m.Paid, due+m.Due, donated+m.Donated, hours+m.Hours
			}
		}
	}
	got := a.Payments
	if got.Paid != paid || got.Due != due || got.Donated != donated || got.Hours != hours {
		t.Errorf("payments: paid %s due %s donated %s hours %s; the ledger says paid %s due %s donated %s hours %s",
			got.Paid, got.Due, got.Donated, got.Hours, paid, due, donated, hours)
	}
	if got.Paid == 0 || got.Due == 0 || got.Donated < 2000 || got.Declined < 1500 {
		t.Errorf("the rule's cases should all show: %+v", got)
	}
	// Everyone paid: those with a ledger line that counts in the period.
	paidPeople := 0
	for _, p := range people {
		l, err := s.Ledger(ctx, p.ID, from.String(), to.String())
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range l.Lines {
			if line.Payment && line.Status != StatusRejected && line.Date >= from.String() && line.Date <= to.String() {
				paidPeople++
				break
			}
		}
	}
	if got.People < paidPeople {
		t.Errorf("%d people paid, but %d have a payment counting in the period in their ledger", got.People, paidPeople)
	}
	// The same as everyone's standing, month by month.
	var standing Pence
	for m := from; !m.After(to); m = m.AddMonths(1) {
		st, err := s.Standings(ctx, m.String())
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range st {
			standing += x.Month.Paid + x.Month.Due
		}
	}
	if standing != got.Received() {
		t.Errorf("everyone's standings add to %s, the report says %s", standing, got.Received())
	}
}

func TestStoryReadings(t *testing.T) {
	ctx := context.Background()
	s := recOpen(t)
	a, b := Story{Title: "The long way back", Body: "It was a long way."}, Story{Title: "Forty days", Body: "Forty of them."}
	for _, st := range []*Story{&a, &b} {
		if err := s.SaveStory(ctx, st); err != nil {
			t.Fatal(err)
		}
	}
	day := func(d string) {
		at, _ := time.ParseInLocation(DateLayout, d, London)
		s.SetClock(func() time.Time { return at.Add(14 * time.Hour) })
	}
	for _, r := range []struct{ day, id string }{
		{"2026-03-31", a.ID},                       // before the year
		{"2026-04-01", a.ID}, {"2026-04-01", a.ID}, // twice on one day: once
		{"2026-05-12", a.ID}, {"2026-05-12", b.ID},
	} {
		day(r.day)
		if err := s.NoteStoryRead(ctx, r.id); err != nil {
			t.Fatal(err)
		}
	}
	from, to, _ := FinancialYear("2026-27")
	readings, stories, err := s.StoryReadings(ctx, from, to)
	if err != nil || readings != 3 || stories != 2 {
		t.Errorf("StoryReadings = %d readings of %d stories, %v; want 3 of 2", readings, stories, err)
	}
	ann, err := s.AnnualReport(ctx, from, to)
	if err != nil || ann.StoryReadings != 3 || ann.StoriesRead != 2 || ann.StoriesAdded != 2 {
		t.Errorf("the report's stories: %+v %v", ann, err)
	}
	if err := s.NoteStoryRead(ctx, "no-such-story"); err == nil {
		t.Error("a reading of a story that is not there must be refused")
	}
	// Erasing a story erases its readings.
	if err := s.DeleteStory(ctx, b.ID, b.Version); err != nil {
		t.Fatal(err)
	}
	if readings, stories, _ := s.StoryReadings(ctx, from, to); readings != 2 || stories != 1 {
		t.Errorf("after erasing a story: %d readings of %d stories", readings, stories)
	}
}
