package store

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/involve/involve/civil"
)

// trainingWorld has two people with lived experience, an hourly rate of £15
// from 6 April 2026 and a session on 10 June 2026 (recNow is 16 June).
type trainingWorld struct {
	s        *Store
	ctx      context.Context
	sue, tom Person
	session  TrainingSession
}

func newTrainingWorld(t *testing.T) *trainingWorld {
	t.Helper()
	w := &trainingWorld{s: recOpen(t), ctx: context.Background()}
	w.sue = Person{Name: "Susan Clarke", PreferredName: "Sue", Role: RoleServiceUser}
	w.tom = Person{Name: "Tom Hughes", Role: RoleCarer}
	for _, p := range []*Person{&w.sue, &w.tom} {
		if err := w.s.SavePerson(w.ctx, p, nil); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.s.SetRate(w.ctx, &Rate{Kind: RateHourly, Name: "Involvement", Amount: 1500, EffectiveFrom: "2026-04-06"}); err != nil {
		t.Fatal(err)
	}
	w.session = TrainingSession{Title: "Recovery stories in practice", Programme: "BSc Nursing (Mental Health)",
		Module: "Year 2: substance use", Provider: "Northfield University", Profession: ProfNursing,
		Date: civil.MustParse("2026-06-10"), Venue: "Room 2.14", Learners: 40, Kind: TrainingTeaching}
	if err := w.s.SaveTrainingSession(w.ctx, &w.session); err != nil {
		t.Fatal(err)
	}
	return w
}

func (w *trainingWorld) addTrainer(t *testing.T, p Person, prep, delivery Hundredths) Trainer {
	t.Helper()
	tr := Trainer{SessionID: w.session.ID, PersonID: p.ID, Briefed: true, PrepHours: prep, DeliveryHours: delivery}
	if err := w.s.SaveTrainer(w.ctx, &tr); err != nil {
		t.Fatal(err)
	}
	return tr
}

func TestTrainingSessionSaveAndList(t *testing.T) {
	w := newTrainingWorld(t)
	s, ctx := w.s, w.ctx
	got, err := s.TrainingSession(ctx, w.session.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Title != "Recovery stories in practice" || got.Date != civil.MustParse("2026-06-10") || got.Kind != TrainingTeaching ||
		got.Profession != ProfNursing || got.Learners != 40 || got.Score != 0 || got.Version != 1 {
		t.Errorf("loaded: %+v", got)
	}
	// Feedback: an average of 4.3 from 31 learners.
	got.Score, got.Responses, got.Comments = 430, 31, "Powerful.\x07 Changed how I see people who use services."
	if err := s.SaveTrainingSession(ctx, &got); err != nil {
		t.Fatal(err)
	}
	if got.Version != 2 || got.Score != 430 || got.Comments != "Powerful. Changed how I see people who use services." {
		t.Errorf("after the feedback: %+v", got)
	}
	stale := w.session
	stale.Title = "Overwritten"
	if err := s.SaveTrainingSession(ctx, &stale); !errors.Is(err, ErrConflict) {
		t.Errorf("a stale edit: %v", err)
	}

	other := TrainingSession{Title: "Interview panel", Programme: "  bsc   nursing (mental health) ", Profession: "Nurses",
		Date: civil.MustParse("2026-02-03"), Kind: "Admissions"}
	police := TrainingSession{Title: "Naloxone and the police", Programme: "Custody officers", Profession: ProfPolice,
		Date: civil.MustParse("2026-05-01"), Kind: TrainingTeaching}
	for _, x := range []*TrainingSession{&other, &police} {
		if err := s.SaveTrainingSession(ctx, x); err != nil {
			t.Fatal(err)
		}
	}
	if other.Programme != "bsc nursing (mental health)" || other.Kind != TrainingAdmissions || other.Profession != ProfNursing {
		t.Errorf("normalised: %+v", other)
	}
	w.addTrainer(t, w.sue, 100, 200)
	list, err := s.TrainingSessions(ctx, TrainingFilter{Programme: "BSc Nursing (Mental Health)"})
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0].ID != w.session.ID || list[1].ID != other.ID || list[0].Trainers != 1 || list[1].Trainers != 0 {
		t.Errorf("the programme's sessions (latest first): %+v", list)
	}
	list, _ = s.TrainingSessions(ctx, TrainingFilter{From: civil.MustParse("2026-05-01"), To: civil.MustParse("2026-06-09")})
	if len(list) != 1 || list[0].ID != police.ID {
		t.Errorf("from 1 May to 9 June: %+v", list)
	}
	list, _ = s.TrainingSessions(ctx, TrainingFilter{PersonID: w.sue.ID})
	if len(list) != 1 || list[0].ID != w.session.ID {
		t.Errorf("Sue's sessions: %+v", list)
	}
	progs, err := s.Programmes(ctx)
	if err != nil || len(progs) != 2 || progs[0] != "BSc Nursing (Mental Health)" && progs[0] != "bsc nursing (mental health)" || progs[1] != "Custody officers" {
		t.Errorf("Programmes = %q, %v", progs, err)
	}
}

func TestTrainingSessionValidation(t *testing.T) {
	w := newTrainingWorld(t)
	ok := func() TrainingSession {
		return TrainingSession{Title: "Session", Date: civil.MustParse("2026-07-01"), Kind: TrainingTeaching, Learners: 20}
	}
	for _, c := range []struct {
		name, field string
		change      func(*TrainingSession)
	}{
		{"no title", "Title", func(t *TrainingSession) { t.Title = " " }},
		{"no kind", "Involvement", func(t *TrainingSession) { t.Kind = "" }},
		{"bad kind", "Involvement", func(t *TrainingSession) { t.Kind = "catering" }},
		{"bad profession", "Profession", func(t *TrainingSession) { t.Profession = "astronauts" }},
		{"no date", "Date", func(t *TrainingSession) { t.Date = civil.Date{} }},
		{"not a day", "Date", func(t *TrainingSession) { t.Date = civil.Date{Year: 2026, Month: 4, Day: 31} }},
		{"negative learners", "Learners", func(t *TrainingSession) { t.Learners = -1 }},
		{"too many learners", "Learners", func(t *TrainingSession) { t.Learners = MaxLearners + 1 }},
		{"score too high", "Average score", func(t *TrainingSession) { t.Score, t.Responses = 510, 3 }},
		{"score with no replies", "Replies", func(t *TrainingSession) { t.Score = 400 }},
		{"replies with no score", "Average score", func(t *TrainingSession) { t.Responses = 4 }},
		{"more replies than learners", "Replies", func(t *TrainingSession) { t.Score, t.Responses = 400, 21 }},
		{"long title", "Title", func(t *TrainingSession) { t.Title = strings.Repeat("x", maxTrainingLine+1) }},
	} {
		v := ok()
		c.change(&v)
		err := w.s.SaveTrainingSession(w.ctx, &v)
		var fe *FieldError
		if !errors.As(err, &fe) || fe.Field != c.field {
			t.Errorf("%s: %v, want a problem with %s", c.name, err, c.field)
		}
	}
	for in, want := range map[string]Hundredths{"": 0, "4.3": 430, "5": 500, "1": 100, "3.75/5": 375} {
		if got, err := ParseScore(in); err != nil || got != want {
			t.Errorf("ParseScore(%q) = %d, %v", in, got, err)
		}
	}
	for _, bad := range []string{"0.5", "6", "four", "-3"} {
		if _, err := ParseScore(bad); err == nil {
			t.Errorf("ParseScore(%q) accepted", bad)
		}
	}
}

// A co-trainer's hours are paid through the involvement payments: the
// payment is in the person's ledger, counted against the thresholds like
// any other.
func TestTrainerPaymentThroughLedger(t *testing.T) {
	w := newTrainingWorld(t)
	s, ctx := w.s, w.ctx
	tr := w.addTrainer(t, w.sue, 150, 300) // 1.5 h preparation, 3 h delivery
	if tr.Name != "Susan Clarke" || tr.DisplayName() != "Sue" || tr.Hours() != 450 || tr.PaymentID != "" || tr.PaidFor() {
		t.Fatalf("the co-trainer: %+v", tr)
	}
	if err := s.SaveTrainer(ctx, &Trainer{SessionID: w.session.ID, PersonID: w.sue.ID}); err == nil ||
		!strings.Contains(err.Error(), "Sue already co-delivers this session") {
		t.Errorf("added twice: %v", err)
	}
	// A weekly limit of £60: this payment of £67.50 crosses it.
	if err := s.SetThreshold(ctx, &Threshold{Kind: ThresholdWeekly, Amount: 6000, EffectiveFrom: "2026-04-06"}); err != nil {
		t.Fatal(err)
	}
	p, err := s.TrainingPayment(ctx, tr.ID)
	if err != nil {
		t.Fatal(err)
	}
	if p.ID != "" || p.PersonID != w.sue.ID || p.TrainingID != w.session.ID || p.MeetingID != "" || p.Basis != BasisHourly ||
		p.Hours != 450 || p.Rate != 1500 || p.Amount != 6750 || p.Date != "2026-06-10" ||
		p.Activity != "Training: Recovery stories in practice" || p.Note != "1.5 h preparation, 3 h delivery" {
		t.Errorf("the payment prepared: %+v", p)
	}
	warn, err := s.CheckPayment(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	if !warn.Crosses() || warn.Crossed[0].Kind != ThresholdWeekly || warn.Crossed[0].After != 6750 {
		t.Errorf("the warning: %+v", warn)
	}
	if err := s.SavePayment(ctx, &p); err != nil {
		t.Fatal(err)
	}
	if p.ID == "" || p.Status != StatusClaimed || p.TrainingID != w.session.ID {
		t.Fatalf("recorded: %+v", p)
	}
	// In the ledger, as a payment that counts.
	l, err := s.Ledger(ctx, w.sue.ID, "2026-06-10", "2026-06-10")
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Lines) != 1 || !l.Lines[0].Payment || l.Lines[0].Counted != 6750 || l.Lines[0].Hours != 450 ||
		l.Lines[0].What != "Per hour: Training: Recovery stories in practice" {
		t.Errorf("ledger lines: %+v", l.Lines)
	}
	if len(l.Weeks) != 1 || !l.Weeks[0].OverLimit() {
		t.Errorf("the week is not over its limit: %+v", l.Weeks)
	}
	if pays, _ := s.Payments(ctx, PaymentFilter{TrainingID: w.session.ID}); len(pays) != 1 || pays[0].ID != p.ID {
		t.Errorf("the session's payments: %+v", pays)
	}
	tr, _ = s.Trainer(ctx, tr.ID)
	if tr.PaymentID != p.ID || tr.PaymentStatus != StatusClaimed || tr.PaymentAmount != 6750 || !tr.PaidFor() {
		t.Errorf("the co-trainer after paying: %+v", tr)
	}
	// Paid for: not twice.
	if _, err := s.TrainingPayment(ctx, tr.ID); !errors.Is(err, ErrPaidFor) {
		t.Errorf("a second payment for the same hours: %v", err)
	}
	// More hours while the payment is still claimed: the same payment, changed.
	tr.DeliveryHours = 350
	if err := s.SaveTrainer(ctx, &tr); err != nil {
		t.Fatal(err)
	}
	if tr.PaidFor() {
		t.Error("a payment for 4.5 hours covers 5")
	}
	again, err := s.TrainingPayment(ctx, tr.ID)
	if err != nil {
		t.Fatal(err)
	}
	if again.ID != p.ID || again.Hours != 500 || again.Amount != 7500 {
		t.Errorf("the payment for the new hours: %+v", again)
	}
	if err := s.SavePayment(ctx, &again); err != nil {
		t.Fatal(err)
	}
	if n := demoCount(t, s, "SELECT count(*) FROM payments"); n != 1 {
		t.Errorf("%d payments, want the one changed", n)
	}
	// Once approved, a change of hours is not made behind the coordinator's back.
	if err := s.ApprovePayment(ctx, &again); err != nil {
		t.Fatal(err)
	}
	tr, _ = s.Trainer(ctx, tr.ID)
	tr.PrepHours = 200
	if err := s.SaveTrainer(ctx, &tr); err != nil {
		t.Fatal(err)
	}
	if _, err := s.TrainingPayment(ctx, tr.ID); err == nil || !strings.Contains(err.Error(), "approved") || !strings.Contains(err.Error(), "reopen it in Money") {
		t.Errorf("hours changed after approval: %v", err)
	}
	// No hours, nothing to pay.
	tom := w.addTrainer(t, w.tom, 0, 0)
	if _, err := s.TrainingPayment(ctx, tom.ID); err == nil || !strings.Contains(err.Error(), "no hours to pay") {
		t.Errorf("paying no hours: %v", err)
	}
	// Bad hours are refused.
	tom.PrepHours = 110
	var fe *FieldError
	if err := s.SaveTrainer(ctx, &tom); !errors.As(err, &fe) || fe.Field != "Preparation hours" {
		t.Errorf("1.1 hours: %v", err)
	}

	// The session deleted: its co-trainers' records go, the payment stays
	// and says what it was for.
	trainers, stories, payments, err := s.TrainingImpact(ctx, w.session.ID)
	if err != nil || trainers != 2 || stories != 0 || payments != 1 {
		t.Errorf("TrainingImpact = %d, %d, %d, %v", trainers, stories, payments, err)
	}
	sess, _ := s.TrainingSession(ctx, w.session.ID)
	if err := s.DeleteTrainingSession(ctx, sess.ID, sess.Version); err != nil {
		t.Fatal(err)
	}
	kept, err := s.Payment(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if kept.TrainingID != "" || kept.Activity != "Training: Recovery stories in practice on 2026-06-10 (since deleted)" || kept.Amount != 7500 {
		t.Errorf("the payment after its session was deleted: %+v", kept)
	}
	if n := demoCount(t, s, "SELECT count(*) FROM training_trainers"); n != 0 {
		t.Errorf("%d co-trainers' records left", n)
	}
}

// A payment is for a meeting or a session, not both; a session gone is
// said plainly.
func TestTrainingPaymentChecks(t *testing.T) {
	w := newTrainingWorld(t)
	p := Payment{PersonID: w.sue.ID, TrainingID: "no-such-session", Basis: BasisHourly, Hours: 100}
	var fe *FieldError
	if err := w.s.RecordPayment(w.ctx, &p); !errors.As(err, &fe) || fe.Field != "Training" {
		t.Errorf("a payment for a session gone: %v", err)
	}
	f := Forum{Name: "Tuesday Forum"}
	if err := w.s.SaveForum(w.ctx, &f); err != nil {
		t.Fatal(err)
	}
	m := Meeting{ForumID: f.ID, Start: time.Date(2026, 6, 2, 13, 0, 0, 0, London), End: time.Date(2026, 6, 2, 15, 0, 0, 0, London)}
	if err := w.s.SaveMeeting(w.ctx, &m); err != nil {
		t.Fatal(err)
	}
	p = Payment{PersonID: w.sue.ID, TrainingID: w.session.ID, MeetingID: m.ID, Basis: BasisHourly, Hours: 100}
	if err := w.s.RecordPayment(w.ctx, &p); !errors.As(err, &fe) || fe.Field != "Meeting" {
		t.Errorf("a payment for a meeting and a session: %v", err)
	}
}

// Only stories whose consent covers training may be used, by the same rule
// as reading mode.
func TestTrainingStoriesNeedConsentForTraining(t *testing.T) {
	w := newTrainingWorld(t)
	s, ctx := w.s, w.ctx
	withTraining := readyStory("The long way back")
	withTraining.Uses = []Use{UseForums, UseTraining}
	forumsOnly := readyStory("Climbing Mountains")
	expiring := readyStory("Kitchen Light")
	expiring.Uses, expiring.Expires = []Use{UseTraining}, "2026-06-30"
	for _, st := range []*Story{&withTraining, &forumsOnly, &expiring} {
		if err := s.SaveStory(ctx, st); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.AddTrainingStory(ctx, w.session.ID, withTraining.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.AddTrainingStory(ctx, w.session.ID, withTraining.Slug); err != nil {
		t.Errorf("added again, by slug: %v", err)
	}
	var ns *NotShownError
	if err := s.AddTrainingStory(ctx, w.session.ID, forumsOnly.ID); !errors.As(err, &ns) || !strings.Contains(ns.Why, "in training workers") {
		t.Errorf("a story agreed only for forums: %v", err)
	}
	// Its consent runs out before a session still to come.
	later := TrainingSession{Title: "Autumn term", Date: civil.MustParse("2026-09-15"), Kind: TrainingTeaching}
	if err := s.SaveTrainingSession(ctx, &later); err != nil {
		t.Fatal(err)
	}
	if err := s.AddTrainingStory(ctx, later.ID, expiring.ID); !errors.As(err, &ns) || !strings.Contains(ns.Why, "by the day of the session") {
		t.Errorf("a story whose consent ends before the session: %v", err)
	}
	if err := s.AddTrainingStory(ctx, w.session.ID, expiring.ID); err != nil {
		t.Errorf("the same story for a session already held: %v", err)
	}
	list, err := s.TrainingStories(ctx, w.session.ID)
	if err != nil || len(list) != 2 || list[0].Title != "Kitchen Light" || list[1].Title != "The long way back" {
		t.Fatalf("the session's stories: %+v, %v", list, err)
	}
	// Consent withdrawn afterwards: the record stays, and says it may no
	// longer be used.
	if err := s.WithdrawConsent(ctx, withTraining.ID, "2026-06-15"); err != nil {
		t.Fatal(err)
	}
	list, _ = s.TrainingStories(ctx, w.session.ID)
	if ok, why := list[1].Shown(UseTraining, "2026-06-16"); ok || !strings.Contains(why, "withdrawn") {
		t.Errorf("a withdrawn story: %v %q", ok, why)
	}
	if err := s.RemoveTrainingStory(ctx, w.session.ID, withTraining.ID); err != nil {
		t.Fatal(err)
	}
	if list, _ := s.TrainingStories(ctx, w.session.ID); len(list) != 1 {
		t.Errorf("after removing one: %+v", list)
	}
}

func TestParseProfessionAndKind(t *testing.T) {
	for in, want := range map[string]Profession{"nursing": ProfNursing, "Nurses": ProfNursing, "GP trainees": ProfGP,
		"social work students": ProfSocialWork, "social-work": ProfSocialWork, "police": ProfPolice, "": ProfOther} {
		if got, err := ParseProfession(in); err != nil || got != want {
			t.Errorf("ParseProfession(%q) = %q, %v", in, got, err)
		}
	}
	for in, want := range map[string]TrainingKind{"teaching": TrainingTeaching, "Planning and curriculum": TrainingPlanning,
		"curriculum": TrainingPlanning, "interviews": TrainingAdmissions, "Evaluation": TrainingEvaluation} {
		if got, err := ParseTrainingKind(in); err != nil || got != want {
			t.Errorf("ParseTrainingKind(%q) = %q, %v", in, got, err)
		}
	}
	if _, err := ParseTrainingKind(""); err == nil {
		t.Error("an empty kind accepted")
	}
}

// Erasing a co-trainer erases their records of co-delivery; the person's
// delete confirmation says so.
func TestErasingACoTrainer(t *testing.T) {
	w := newTrainingWorld(t)
	w.addTrainer(t, w.tom, 100, 100)
	imp, err := w.s.PersonImpact(w.ctx, w.tom.ID)
	if err != nil || imp.CoTraining != 1 || !strings.Contains(imp.String(), "1 record of a training session co-delivered") {
		t.Errorf("PersonImpact = %+v (%q), %v", imp, imp.String(), err)
	}
	p, _ := w.s.Person(w.ctx, w.tom.ID)
	if err := w.s.DeletePerson(w.ctx, p.ID, p.Version); err != nil {
		t.Fatal(err)
	}
	if n := demoCount(t, w.s, "SELECT count(*) FROM training_trainers"); n != 0 {
		t.Errorf("%d records left of an erased co-trainer", n)
	}
}

// The export lists sessions, co-trainers and the stories used; a
// co-trainer's payment says which session it was for.
func TestExportTraining(t *testing.T) {
	w := newTrainingWorld(t)
	s, ctx := w.s, w.ctx
	tr := w.addTrainer(t, w.sue, 100, 200)
	p, err := s.TrainingPayment(ctx, tr.ID)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SavePayment(ctx, &p); err != nil {
		t.Fatal(err)
	}
	st := readyStory("The long way back")
	st.Uses = []Use{UseTraining}
	if err := s.SaveStory(ctx, &st); err != nil {
		t.Fatal(err)
	}
	if err := s.AddTrainingStory(ctx, w.session.ID, st.ID); err != nil {
		t.Fatal(err)
	}
	s.SetClock(func() time.Time { return time.Date(2026, 3, 14, 10, 0, 0, 0, time.UTC) })
	doc, _ := decodeExport(t, s)
	ss := exportList(t, doc, "training_sessions")
	if len(ss) != 1 || ss[0]["id"] != w.session.ID || ss[0]["date"] != "2026-06-10" || ss[0]["involvement"] != "teaching" ||
		ss[0]["profession"] != "nursing" || ss[0]["programme"] != "BSc Nursing (Mental Health)" {
		t.Errorf("sessions exported as %v", ss)
	}
	trs := exportList(t, doc, "training_trainers")
	if len(trs) != 1 || trs[0]["person_id"] != w.sue.ID || trs[0]["session_id"] != w.session.ID || trs[0]["briefed"] != true ||
		trs[0]["delivery_hours_hundredths"] != json.Number("200") {
		t.Errorf("co-trainers exported as %v", trs)
	}
	if _, named := trs[0]["name"]; named {
		t.Errorf("a co-trainer's record repeats their name: %v", trs[0])
	}
	links := exportList(t, doc, "training_stories")
	if len(links) != 1 || links[0]["story_id"] != st.ID || links[0]["session_id"] != w.session.ID {
		t.Errorf("stories used exported as %v", links)
	}
	pays := exportList(t, doc, "payments")
	if len(pays) != 1 || pays[0]["training_id"] != w.session.ID || pays[0]["meeting_id"] != "" {
		t.Errorf("the payment exported as %v", pays)
	}
}
