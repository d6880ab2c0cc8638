package store

import (
	"errors"
	"strings"
	"testing"

	"github.com/involve/involve/civil"
)

// The evidence pack for a programme: the four headings of SET 3.7, the
// co-trainers counted and never named, the sessions of that programme in
// the period only.
func TestTrainingEvidence(t *testing.T) {
	w := newTrainingWorld(t) // session on 10 June 2026, BSc Nursing (Mental Health), 40 learners
	s, ctx := w.s, w.ctx
	w.session.Score, w.session.Responses, w.session.Comments = 440, 30, "Hearing | it first-hand *mattered*."
	if err := s.SaveTrainingSession(ctx, &w.session); err != nil {
		t.Fatal(err)
	}
	panel := TrainingSession{Title: "Interview panel", Programme: "bsc nursing (mental health)", Profession: ProfNursing,
		Date: civil.MustParse("2026-02-03"), Kind: TrainingAdmissions, Learners: 12, Score: 400, Responses: 10}
	lastYear := TrainingSession{Title: "Old session", Programme: "BSc Nursing (Mental Health)",
		Date: civil.MustParse("2025-06-01"), Kind: TrainingTeaching, Learners: 99}
	police := TrainingSession{Title: "Custody", Programme: "Custody officers", Profession: ProfPolice,
		Date: civil.MustParse("2026-05-01"), Kind: TrainingTeaching, Learners: 15}
	for _, x := range []*TrainingSession{&panel, &lastYear, &police} {
		if err := s.SaveTrainingSession(ctx, x); err != nil {
			t.Fatal(err)
		}
	}
	sue := w.addTrainer(t, w.sue, 150, 300)
	sue.Debriefed, sue.Feedback = true, "I felt listened to. Tom was great too."
	if err := s.SaveTrainer(ctx, &sue); err != nil {
		t.Fatal(err)
	}
	tom := w.addTrainer(t, w.tom, 0, 300)
	both := Person{Name: "Ayesha Begum", Role: RoleBoth}
	if err := s.SavePerson(ctx, &both, nil); err != nil {
		t.Fatal(err)
	}
	onPanel := Trainer{SessionID: panel.ID, PersonID: w.sue.ID, DeliveryHours: 200}
	onPanel2 := Trainer{SessionID: panel.ID, PersonID: both.ID, Briefed: true, DeliveryHours: 200}
	for _, x := range []*Trainer{&onPanel, &onPanel2} {
		if err := s.SaveTrainer(ctx, x); err != nil {
			t.Fatal(err)
		}
	}
	// Sue's hours paid; Tom declined his.
	for i, tr := range []Trainer{sue, tom} {
		p, err := s.TrainingPayment(ctx, tr.ID)
		if err != nil {
			t.Fatal(err)
		}
		if i == 1 {
			p.Choice = ChoiceDecline
		}
		if err := s.SavePayment(ctx, &p); err != nil {
			t.Fatal(err)
		}
	}
	st := readyStory("The long way back")
	st.Uses = []Use{UseTraining}
	if err := s.SaveStory(ctx, &st); err != nil {
		t.Fatal(err)
	}
	if err := s.AddTrainingStory(ctx, w.session.ID, st.ID); err != nil {
		t.Fatal(err)
	}

	e, err := s.TrainingEvidence(ctx, "  BSC nursing  (mental health)", civil.MustParse("2025-09-01"), civil.MustParse("2026-07-31"))
	if err != nil {
		t.Fatal(err)
	}
	if len(e.Sessions) != 2 || e.Sessions[0].Title != "Interview panel" || e.Sessions[1].ID != w.session.ID {
		t.Fatalf("sessions (oldest first, this programme and period only): %+v", e.Sessions)
	}
	if e.People != 3 || e.Places != 4 || len(e.ByRole) != 3 || e.ByRole[0] != (RoleCount{RoleServiceUser, 1}) ||
		e.ByRole[1] != (RoleCount{RoleCarer, 1}) || e.ByRole[2] != (RoleCount{RoleBoth, 1}) {
		t.Errorf("who: %d people, %d places, %+v", e.People, e.Places, e.ByRole)
	}
	if e.Briefed != 3 || e.Debriefed != 1 || e.PrepHours != 150 || e.Delivery != 1000 || e.Payments != 2 ||
		e.Paid != 6750 || e.Declined != 1 || e.Unpaid != 2 {
		t.Errorf("support: briefed %d, debriefed %d, prep %s, delivery %s, %d payments of %s, %d declined, %d unpaid",
			e.Briefed, e.Debriefed, e.PrepHours, e.Delivery, e.Payments, e.Paid, e.Declined, e.Unpaid)
	}
	// (4.4 × 30 + 4.0 × 10) / 40 = 4.3
	if e.Learners != 52 || e.Responses != 40 || e.Score != 430 || len(e.ByKind) != 2 || e.ByKind[0] != (KindCount{TrainingTeaching, 1}) {
		t.Errorf("evaluation: %d learners, %d replies, %s average, %+v", e.Learners, e.Responses, e.Score, e.ByKind)
	}
	if e.Stories != 1 || e.NowWithdrawn != 0 || len(e.Rates) != 1 || e.Rates[0].Amount != 1500 {
		t.Errorf("policies: %d stories (%d withdrawn), rates %+v", e.Stories, e.NowWithdrawn, e.Rates)
	}
	md := e.Markdown()
	if testing.Verbose() {
		t.Log(md)
	}
	for _, want := range []string{
		"# Service user and carer involvement: BSc Nursing (Mental Health)",
		"> **SET 3.7** Service users and carers must be involved in the programme.",
		"## 1. Who service users and carers are", "## 2. Policies and processes",
		"## 3. Support for service users and carers", "## 4. Planning, monitoring and evaluation",
		"3 people co-delivered 2 sessions of this programme (4 places in all)",
		"- service users: 1", "- carers: 1", "- both service users and carers: 1",
		"- Briefed before the session: 3 of 4 places", "- Debriefed after the session: 1 of 4 places",
		"2 payments, coming to £67.50 (1 declined and 0 donated", "1 story was used, all with consent for training",
		"an average of 4.3 out of 5 from 40 replies", "Hearing \\| it first-hand \\*mattered\\*.",
		"| 2026-02-03 | Interview panel | — | Admissions | 12 | 2 | 1 | 0 | 4/5 (10) |",
		"I felt listened to.",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("the pack does not say %q:\n%s", want, md)
		}
	}
	// Nobody named: not the co-trainers, not by initials, not the story.
	for _, name := range []string{"Susan", "Sue", "Clarke", "Hughes", "Ayesha", "Begum", "S.C.", "T.H.", "The long way back"} {
		if strings.Contains(md, name) {
			t.Errorf("the pack names %q:\n%s", name, md)
		}
	}

	// Unknown programme: say which there are.
	_, err = s.TrainingEvidence(ctx, "Midwifery", civil.MustParse("2025-09-01"), civil.MustParse("2026-07-31"))
	var fe *FieldError
	if !errors.As(err, &fe) || !strings.Contains(err.Error(), `"Midwifery"`) || !strings.Contains(err.Error(), "Custody officers") {
		t.Errorf("an unknown programme: %v", err)
	}
	if _, err := s.TrainingEvidence(ctx, "Custody officers", civil.MustParse("2026-07-31"), civil.MustParse("2025-09-01")); err == nil {
		t.Error("a period that ends before it starts accepted")
	}
	// The rate in force, once one is.
	if err := s.SetRate(ctx, &Rate{Kind: RateHourly, Amount: 1400, EffectiveFrom: "2025-04-06"}); err != nil {
		t.Fatal(err)
	}
	e, err = s.TrainingEvidence(ctx, "Custody officers", civil.MustParse("2025-09-01"), civil.MustParse("2026-07-31"))
	if err != nil {
		t.Fatal(err)
	}
	if len(e.Rates) != 2 || e.Rates[0].Amount != 1400 || e.Rates[1].Amount != 1500 ||
		!strings.Contains(e.Markdown(), "£14.00 an hour from 6 April 2025; £15.00 an hour from 6 April 2026") {
		t.Errorf("rates: %+v\n%s", e.Rates, e.Markdown())
	}
}
