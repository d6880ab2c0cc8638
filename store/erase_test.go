package store

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/involve/involve/civil"
)

// someone is a person with a record of every kind the registry lists,
// each holding a word found nowhere else, so that a test can look for it
// in the raw bytes of the database file.
type someone struct {
	fx      *moneyFixture
	id      string
	story   string // a story they wrote, consent given
	draft   string // a story they wrote, consent not asked
	markers []string
}

// fullPerson adds Zephyrine Quillfeather ("Zephy") to a money fixture
// with records of every kind: details and notes, a forum, the register of
// the held meeting (reconciled, she was paid cash), an action, mentions
// in the minutes and agenda, access needs, a usual week and an exception,
// transport, claims and payments paid and not, two stories (one edited,
// laid out and read), a subject-access request and a retention review;
// equality monitoring answers with her own words; as a senior officer, a
// consultation she asked (naming her as who decides), a point quoting
// her, a decision and a note of feedback naming her, a contact logged with
// her and one logged under her name before she was in People (with her
// commitment, and topics naming her); a training session she co-delivered
// (her feedback, her paid hours) whose learners' comments name her.
func fullPerson(tb testing.TB) *someone {
	tb.Helper()
	fx := reconciledMeeting(tb)
	s, ctx := fx.s, fx.ctx
	must := func(err error) {
		tb.Helper()
		if err != nil {
			tb.Fatal(err)
		}
	}
	p := Person{Name: "Zephyrine Quillfeather", PreferredName: "Zephy", Role: RoleSeniorOfficer, Phone: "07700 900461",
		Email: "zq.marker@example.org", ContactBy: ContactText, Consent: true, ConsentDate: "2025-06-01",
		Notes: "Notemarker-alpha: prefers the afternoon"}
	must(s.SavePerson(ctx, &p, []string{fx.tuesday}))
	z := &someone{fx: fx, id: p.ID}
	z.markers = []string{"Zephyrine", "Quillfeather", "Zephy", "900461", "zq.marker", "Notemarker-alpha", p.ID}

	must(s.SetAttendance(ctx, fx.held.ID, p.ID, Attended))
	must(s.SetAttendance(ctx, fx.next.ID, p.ID, Confirmed))
	held, err := s.Meeting(ctx, fx.held.ID)
	must(err)
	held.Minutes = "Zephyrine Quillfeather chaired and welcomed everyone.\n\n- Zephy said the bus was late.\n- Bob agreed.\n"
	held.Agenda = "## Welcome\n\nChair: Zephy\n"
	must(s.SaveMeeting(ctx, &held))
	act := Action{MeetingID: fx.held.ID, Description: "Ask about the 43 bus", Owner: "Zephy"}
	must(s.SaveAction(ctx, &act))

	must(s.SaveAccessNeeds(ctx, &AccessNeeds{PersonID: p.ID, AvailabilityReason: "Reasonmarker-beta", Transport: TransportTaxi,
		PickupAddress: "41 Gorsemoor Crescent", PickupPostcode: "ZZ9 4QQ", Dietary: "Dietmarker-xi",
		SupportOther: "Supportmarker-omicron", Wheelchair: true}))
	must(s.SetAvailability(ctx, p.ID, []WeeklySlot{{Weekday: 2, StartMin: 780, EndMin: 900, Answer: AnswerYes}}))
	must(s.AddException(ctx, &Exception{PersonID: p.ID, From: "2026-04-01", To: "2026-04-10", Answer: AnswerNo, Note: "Exceptmarker-gamma"}))
	must(s.SaveBooking(ctx, &Booking{MeetingID: fx.next.ID, PersonID: p.ID, Leg: LegThere, Status: BookingBooked,
		Firm: "Amber Cars", Reference: "REF-EPSILON", Notes: "Bookmarker-delta"}))
	z.markers = append(z.markers, "Reasonmarker-beta", "Gorsemoor", "ZZ9 4QQ", "Dietmarker-xi", "Supportmarker-omicron",
		"Exceptmarker-gamma", "REF-EPSILON", "Bookmarker-delta")

	fx.claim(tb, Claim{PersonID: p.ID, MeetingID: fx.held.ID, Category: CatFare, Amount: 250,
		Description: "Paidclaim-eta", Receipt: true, ReceiptRef: "RCPT-THETA", Status: StatusPaid, PaidHow: PaidBank, PaidOn: "2026-03-04"})
	fx.claim(tb, Claim{PersonID: p.ID, MeetingID: fx.held.ID, Category: CatParking, Amount: 400, Description: "Claimmarker-zeta"})
	paid := Payment{PersonID: p.ID, MeetingID: fx.held.ID, Basis: BasisMeeting, Note: "Paidnote-kappa",
		Status: StatusPaid, PaidHow: PaidBank, PaidOn: "2026-03-04"}
	must(s.RecordPayment(ctx, &paid))
	unpaid := Payment{PersonID: p.ID, Activity: "Steering group", Date: "2026-03-10", Basis: BasisMeeting, Note: "Paynote-iota"}
	must(s.RecordPayment(ctx, &unpaid))
	z.markers = append(z.markers, "Paidclaim-eta", "RCPT-THETA", "Claimmarker-zeta", "Paidnote-kappa", "Paynote-iota")

	st := readyStory("The Lanternfish Years")
	st.AuthorID, st.Naming, st.Pseudonym, st.AuthorArea = p.ID, NamingPseudonym, "Penmarker-mu", "Areamarker-nu"
	st.Body = "Vellichorold words from the first draft.\n"
	must(s.SaveStory(ctx, &st))
	st.Body = strings.Repeat("Obsidianquay harbour lights and lanternfish. ", 40) + "\n"
	must(s.SaveStory(ctx, &st))
	must(s.SaveRenderedStory(ctx, st.ID, st.Version, 80, "dark", "digest", "Rendermarker-lambda by Penmarker-mu"))
	must(s.SetReadingPosition(ctx, st.ID, ReadingPlace{Line: 12, Chars: 300}))
	z.story = st.ID
	draft := Story{Title: "Quietmoth draft", Body: "Quietmoth text never agreed.\n", Status: StoryDraft, AuthorID: p.ID,
		Naming: NamingFull}
	must(s.SaveStory(ctx, &draft))
	z.draft = draft.ID
	z.markers = append(z.markers, "Lanternfish", "Vellichorold", "Obsidianquay", "Rendermarker-lambda", "Penmarker-mu",
		"Areamarker-nu", "Quietmoth")

	_, err = s.db.Exec(`INSERT INTO access_requests (id, number, person_id, received, notes, created_at, updated_at)
		VALUES (?, 1, ?, '2026-03-01', 'Sarmarker-pi', '2026-03-01T10:00:00Z', '2026-03-01T10:00:00Z')`, newID(), p.ID)
	must(err)
	_, err = s.db.Exec(`INSERT INTO retention_reviews (id, person_id, reviewed_on, reason, next_review, created_at, updated_at)
		VALUES (?, ?, '2026-01-01', 'Keepmarker-rho', '2027-01-01', '2026-01-01T10:00:00Z', '2026-01-01T10:00:00Z')`, newID(), p.ID)
	must(err)
	z.markers = append(z.markers, "Sarmarker-pi", "Keepmarker-rho")

	must(s.SaveEqualityAnswers(ctx, &EqualityAnswers{PersonID: p.ID, RecordedOn: civil.MustParse("2026-03-01"),
		ConsentOn: civil.MustParse("2026-03-01"), EthnicGroup: "white_other", EthnicOther: "Eqmarker-sigma",
		GenderSame: "no", GenderTerm: "Gendermarker-omega", Religion: "other", ReligionOther: "Faithmarker-upsilon"}))
	z.markers = append(z.markers, "Eqmarker-sigma", "Gendermarker-omega", "Faithmarker-upsilon")

	c := Consultation{Title: "Hub opening hours", Organisation: "Commissioning Team", OfficerID: p.ID,
		Decider: "Zephyrine Quillfeather, with the board", Opens: civil.MustParse("2026-03-01"), Deadline: civil.MustParse("2026-03-31"),
		Channels: []Channel{ChannelForum}, ForumIDs: []string{fx.tuesday}}
	must(s.SaveConsultation(ctx, &c))
	quoted := Point{ConsultationID: c.ID, MeetingID: fx.held.ID, RaisedOn: civil.MustParse("2026-03-03"), Text: "Open later on Fridays",
		RaisedBy: 3, Quote: "Quotemarker-phi, Fridays are hard", SpeakerID: p.ID, QuoteConsent: civil.MustParse("2026-03-03"), QuoteConsentHow: "verbal"}
	must(s.SavePoint(ctx, &quoted))
	must(s.SaveResponse(ctx, &Response{PointID: quoted.ID, Outcome: OutcomeDone, Reason: "members showed the need",
		DecidedBy: "Zephy", DecidedOn: civil.MustParse("2026-03-12"), Stage: StageDelivery}))
	must(s.SaveFeedback(ctx, &FeedbackEvent{ConsultationID: c.ID, Kind: FeedbackInitial, On: civil.MustParse("2026-03-13"),
		Channel: FeedbackAtMeeting, Note: "Zephy thanked the forum"}))
	z.markers = append(z.markers, "Quotemarker-phi")

	linked := Contact{Kind: ContactVisit, Date: civil.MustParse("2026-03-05"), OfficerID: p.ID, Organisation: "City Council",
		Title: "Linkedtitle-chi", ForumIDs: []string{fx.carers}, Topics: "Zephy's plan for a recovery hub"}
	must(s.SaveContact(ctx, &linked))
	named := Contact{Kind: ContactOneToOne, Date: civil.MustParse("2026-02-20"), OfficerName: "Zephyrine Quillfeather",
		Organisation: "City Council", Title: "Titlemarker-tau", ForumIDs: []string{fx.tuesday}}
	must(s.SaveContact(ctx, &named))
	must(s.SaveAction(ctx, &Action{ContactID: named.ID, Description: "Send the hub plan", Owner: "Zephyrine Quillfeather", Due: "2026-04-01"}))
	z.markers = append(z.markers, "Linkedtitle-chi", "Titlemarker-tau")

	must(s.SetRate(ctx, &Rate{Kind: RateHourly, Name: "Involvement", Amount: 1500, EffectiveFrom: "2026-01-01"}))
	session := TrainingSession{Title: "Recovery in practice", Provider: "Northfield University", Profession: ProfNursing,
		Date: civil.MustParse("2026-03-12"), Learners: 30, Kind: TrainingTeaching, Score: 450, Responses: 20,
		Comments: "Zephy was brilliant."}
	must(s.SaveTrainingSession(ctx, &session))
	must(s.SaveTrainer(ctx, &Trainer{SessionID: session.ID, PersonID: p.ID, Briefed: true, PrepHours: 100, DeliveryHours: 200,
		Feedback: "Cotrainmarker-psi"}))
	must(s.RecordPayment(ctx, &Payment{PersonID: p.ID, TrainingID: session.ID, Basis: BasisHourly, Hours: 300,
		Note: "Trainpaynote-omicron", Status: StatusPaid, PaidHow: PaidBank, PaidOn: "2026-03-13"}))
	z.markers = append(z.markers, "Cotrainmarker-psi", "Trainpaynote-omicron")
	return z
}

// leftInFiles checkpoints the database and returns which of the markers
// are still anywhere in the bytes of the database file or its -wal.
func leftInFiles(tb testing.TB, s *Store, markers []string) []string {
	tb.Helper()
	if _, err := s.db.Exec("PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		tb.Fatal(err)
	}
	var left []string
	for _, m := range markers {
		for _, p := range []string{s.Path(), s.Path() + "-wal"} {
			data, err := os.ReadFile(p)
			if err != nil {
				continue
			}
			if strings.Contains(strings.ToLower(string(data)), strings.ToLower(m)) {
				left = append(left, m+" in "+filepath.Base(p))
			}
		}
	}
	return left
}

// The erasure grep test: after erasing someone with a record of every
// kind, none of their words is anywhere in the database file or its -wal:
// not their name, phone, email, address, notes, nor any story text; and
// what must be kept is kept, with no name.
func TestEraseLeavesNothingInTheFile(t *testing.T) {
	z := fullPerson(t)
	s, ctx := z.fx.s, z.fx.ctx
	if left := leftInFiles(t, s, z.markers); len(left) != len(z.markers)+0 && len(left) == 0 {
		t.Fatal("the markers were never written")
	}
	book := bookOf(t, s, z.fx.held.ID)
	attendedBefore := attendedAt(t, s, z.fx.held.ID)
	metOfficer, err := s.ForumOfficerContact(ctx, z.fx.tuesday)
	if err != nil || metOfficer.Last != civil.MustParse("2026-03-03") {
		t.Fatalf("before: the forum last met a senior officer on %s (%v), want the held meeting", metOfficer.Last, err)
	}

	// The audit trail holds her id (a marker) in every change to her
	// records: the rows stay, and the id goes.
	audited := demoCount(t, s, "SELECT count(*) FROM audit WHERE person_id = ?", z.id)
	if audited == 0 {
		t.Fatal("the audit trail has no row about her")
	}

	res, err := s.Erase(ctx, z.id, EraseOptions{By: "coordinator"})
	if err != nil {
		t.Fatal(err)
	}
	if n := demoCount(t, s, "SELECT count(*) FROM audit WHERE person_id LIKE 'erased-%'"); n < audited {
		t.Errorf("%d rows of the audit trail kept with an opaque id, want at least the %d there were", n, audited)
	}
	if !res.WALCleared {
		t.Error("the -wal was not emptied")
	}
	for _, left := range leftInFiles(t, s, z.markers) {
		t.Errorf("%s after erasure", left)
	}

	// What is kept: the closed cash book exactly; the paid claim and
	// payment as a former member's; the meeting's attendance figure.
	if got := bookOf(t, s, z.fx.held.ID); got != book {
		t.Errorf("the closed cash book changed:\n%+v\n%+v", book, got)
	}
	if n := demoCount(t, s, "SELECT count(*) FROM claims WHERE person_id IS NULL AND amount_pence = 250 AND description = ''"); n != 1 {
		t.Errorf("%d paid claims kept anonymised, want 1", n)
	}
	if n := demoCount(t, s, "SELECT count(*) FROM payments WHERE person_id IS NULL AND paid_on = '2026-03-04' AND note = ''"); n != 1 {
		t.Errorf("%d paid payments kept anonymised, want 1", n)
	}
	if got := attendedAt(t, s, z.fx.held.ID); got != attendedBefore {
		t.Errorf("the held meeting counts %d attended, was %d", got, attendedBefore)
	}
	// She came to the held meeting as a senior officer: the forum still
	// met one that day.
	if got, err := s.ForumOfficerContact(ctx, z.fx.tuesday); err != nil || got.Last != metOfficer.Last {
		t.Errorf("after: the forum last met a senior officer on %s (%v), want %s", got.Last, err, metOfficer.Last)
	}
	m, _ := s.Meeting(ctx, z.fx.held.ID)
	if !strings.Contains(m.Minutes, "A former member chaired") || !strings.Contains(m.Minutes, "- A former member said") ||
		!strings.Contains(m.Agenda, "Chair: a former member") || !strings.Contains(m.Minutes, "Bob agreed") {
		t.Errorf("minutes and agenda after erasure:\n%s\n%s", m.Minutes, m.Agenda)
	}
	acts, _ := s.MeetingActions(ctx, z.fx.held.ID)
	if len(acts) != 1 || acts[0].Owner != FormerMember {
		t.Errorf("the action: %+v", acts)
	}
	if n := demoCount(t, s, "SELECT count(*) FROM access_requests WHERE person_id IS NULL AND notes = ''"); n != 1 {
		t.Errorf("%d requests kept anonymised, want 1", n)
	}
	if n := demoCount(t, s, "SELECT count(*) FROM stories"); n != 0 {
		t.Errorf("%d stories left", n)
	}
	// Consultations, contacts and training stay, naming no one; the
	// co-trainer's paid hours stay as money; her equality answers go.
	if n := demoCount(t, s, `SELECT count(*) FROM consultations WHERE officer_id IS NULL
		AND decider = 'a former member, with the board'`); n != 1 {
		t.Errorf("%d consultations kept unnamed, want 1", n)
	}
	if n := demoCount(t, s, `SELECT count(*) FROM consultation_points WHERE speaker_id IS NULL AND quote = ''
		AND text = 'Open later on Fridays' AND raised_by = 3`); n != 1 {
		t.Errorf("%d points kept anonymous, want 1", n)
	}
	if n := demoCount(t, s, "SELECT count(*) FROM consultation_responses WHERE decided_by = 'a former member'"); n != 1 {
		t.Errorf("%d decisions kept, want 1", n)
	}
	if n := demoCount(t, s, "SELECT count(*) FROM consultation_feedback WHERE note = 'A former member thanked the forum'"); n != 1 {
		t.Errorf("%d notes of feedback kept, want 1", n)
	}
	if n := demoCount(t, s, `SELECT count(*) FROM contacts WHERE officer_id IS NULL AND officer_name = '' AND officer_title = ''
		AND organisation = 'City Council'`); n != 2 {
		t.Errorf("%d contacts kept unnamed, want 2", n)
	}
	if n := demoCount(t, s, "SELECT count(*) FROM contacts WHERE topics = 'A former member''s plan for a recovery hub'"); n != 1 {
		t.Errorf("%d contacts' topics kept, want 1", n)
	}
	if n := demoCount(t, s, "SELECT count(*) FROM actions WHERE contact_id IS NOT NULL AND owner = ?", FormerMember); n != 1 {
		t.Errorf("%d commitments kept, want 1", n)
	}
	if n := demoCount(t, s, "SELECT count(*) FROM training_sessions WHERE feedback_comments = 'A former member was brilliant.'"); n != 1 {
		t.Errorf("%d training sessions kept, want 1", n)
	}
	if n := demoCount(t, s, "SELECT count(*) FROM training_trainers"); n != 0 {
		t.Errorf("%d co-trainer records left", n)
	}
	if n := demoCount(t, s, "SELECT count(*) FROM payments WHERE person_id IS NULL AND training_id IS NOT NULL AND note = '' AND amount_pence = 4500"); n != 1 {
		t.Errorf("%d paid training payments kept anonymised, want 1", n)
	}
	if n := demoCount(t, s, "SELECT count(*) FROM equality_answers"); n != 0 {
		t.Errorf("%d sets of equality answers left", n)
	}
	ftsIntegrity(t, s)
	var fk int
	s.db.QueryRow("SELECT count(*) FROM pragma_foreign_key_check").Scan(&fk)
	if fk != 0 {
		t.Errorf("%d foreign key problems", fk)
	}

	// The log: one line, with no personal data, whose subject is the
	// person's id hashed with its salt.
	log, err := s.Erasures(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(log) != 1 || log[0].ID != res.ID || log[0].Mode != ModeErase || log[0].Reason != ReasonRequest ||
		log[0].By != "coordinator" || log[0].Removed == 0 || log[0].Kept == 0 {
		t.Fatalf("erasure log: %+v", log)
	}
	if log[0].subject != subjectHash(log[0].salt, z.id) {
		t.Error("the log's subject is not the salted hash of the id")
	}
	if _, err := s.Person(ctx, z.id); err != ErrNotFound {
		t.Errorf("the person is still there: %v", err)
	}
}

func attendedAt(tb testing.TB, s *Store, meetingID string) int {
	tb.Helper()
	ms, err := s.Meetings(context.Background())
	if err != nil {
		tb.Fatal(err)
	}
	for _, m := range ms {
		if m.ID == meetingID {
			return m.Attended
		}
	}
	tb.Fatalf("no meeting %s", meetingID)
	return 0
}

// Anonymising keeps a story its author agreed to share, anonymous and
// unlinked, with no earlier versions or laid-out copies (they carry the
// byline); the rest goes as in erasure.
func TestAnonymiseKeepsConsentedStory(t *testing.T) {
	z := fullPerson(t)
	s, ctx := z.fx.s, z.fx.ctx
	plan, err := s.ErasurePlan(ctx, z.id, ModeAnonymise)
	if err != nil {
		t.Fatal(err)
	}
	if st := plan.step("stories"); st.Kept != 1 || st.Removed != 1 {
		t.Errorf("stories in the plan: %+v", st)
	}
	if _, err := s.Erase(ctx, z.id, EraseOptions{Mode: ModeAnonymise, Reason: ReasonRetention}); err != nil {
		t.Fatal(err)
	}
	st, err := s.Story(ctx, z.story)
	if err != nil {
		t.Fatal(err)
	}
	if st.AuthorID != "" || st.Pseudonym != "" || st.AuthorArea != "" || st.Byline() != "Anonymous" || !strings.Contains(st.Body, "Obsidianquay") {
		t.Errorf("kept story: %q %q %q %q", st.AuthorID, st.Pseudonym, st.AuthorArea, st.Byline())
	}
	if _, err := s.Story(ctx, z.draft); err != ErrNotFound {
		t.Errorf("the story never agreed to is still there: %v", err)
	}
	var kept []string
	for _, m := range z.markers {
		if m != "Lanternfish" && m != "Obsidianquay" {
			kept = append(kept, m)
		}
	}
	for _, left := range leftInFiles(t, s, kept) {
		t.Errorf("%s after anonymising", left)
	}
	ftsIntegrity(t, s)
	log, _ := s.Erasures(ctx)
	if len(log) != 1 || log[0].Mode != ModeAnonymise || log[0].Reason != ReasonRetention {
		t.Errorf("log: %+v", log)
	}
}

// The plan says what goes and what stays, and why, before anything
// happens; the impact counts come from it, stories included.
func TestErasurePlanAndImpact(t *testing.T) {
	z := fullPerson(t)
	s, ctx := z.fx.s, z.fx.ctx
	plan, err := s.ErasurePlan(ctx, z.id, ModeErase)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][2]int{ // removed, kept
		"memberships": {1, 0}, "attendance": {2, 0}, "actions": {0, 2}, "mentions": {0, 1},
		"access_needs": {1, 0}, "availability": {1, 0}, "availability_exceptions": {1, 0}, "equality": {1, 0},
		"transport_bookings": {1, 0}, "claims": {1, 1}, "payments": {1, 2}, "stories": {2, 0},
		"consultations": {0, 1}, "consultation_deciders": {0, 1}, "quotes": {0, 1}, "consultation_decisions": {0, 1},
		"consultation_feedback": {0, 1}, "contacts": {0, 2}, "contact_topics": {0, 1},
		"training_trainers": {1, 0}, "training_feedback": {0, 1},
		"story_versions": {1, 0}, "story_renders": {1, 0}, "story_positions": {1, 0}, "story_bodies": {2, 0},
		"access_requests": {0, 1}, "retention_reviews": {1, 0}, "people": {1, 0},
		// Every change to a record of theirs, kept with an opaque id.
		"audit": {0, demoCount(t, s, "SELECT count(*) FROM audit WHERE person_id = ?1 OR record_id = ?1", z.id)},
	}
	if want["audit"][1] == 0 {
		t.Error("the audit trail has no row about her")
	}
	for _, st := range plan.Steps {
		if w, ok := want[st.Key]; !ok || w != [2]int{st.Removed, st.Kept} {
			t.Errorf("%s: removed %d kept %d, want %v", st.Key, st.Removed, st.Kept, want[st.Key])
		}
	}
	goes := strings.Join(plan.Goes(), "\n")
	stays := strings.Join(plan.Stays(), "\n")
	for _, w := range []string{"2 register lines", "2 stories they wrote", "1 expense claim: "} {
		if !strings.Contains(goes, w) {
			t.Errorf("what goes does not say %q:\n%s", w, goes)
		}
	}
	for _, w := range []string{"1 expense claim: money already paid", "1 meeting whose agenda or minutes name them"} {
		if !strings.Contains(stays, w) {
			t.Errorf("what stays does not say %q:\n%s", w, stays)
		}
	}
	imp, err := s.PersonImpact(ctx, z.id)
	if err != nil {
		t.Fatal(err)
	}
	if imp.Stories != 2 || imp.Attendance != 2 || imp.KeptClaims != 1 || imp.KeptPayments != 2 || imp.ClosedCash != 0 ||
		imp.Equality != 1 || imp.CoTraining != 1 {
		t.Errorf("impact: %+v", imp)
	}
	for _, w := range []string{"2 stories they wrote", "their equality monitoring answers", "1 record of a training session co-delivered"} {
		if !strings.Contains(imp.String(), w) {
			t.Errorf("impact says %q, not %q", imp.String(), w)
		}
	}
	if !strings.Contains(imp.String(), "2 stories they wrote") {
		t.Errorf("impact says %q", imp.String())
	}
}

// A preferred name someone else is known by too is not searched for in
// free text (it could be the other person), and the plan says so.
func TestAmbiguousPreferredNameIsNotReplaced(t *testing.T) {
	z := fullPerson(t)
	s, ctx := z.fx.s, z.fx.ctx
	other := Person{Name: "Zephy Other", Role: RoleServiceUser}
	if err := s.SavePerson(ctx, &other, nil); err != nil {
		t.Fatal(err)
	}
	plan, err := s.ErasurePlan(ctx, z.id, ModeErase)
	if err != nil {
		t.Fatal(err)
	}
	// The meeting's action is Zephy's, so it is not found; the contact's
	// commitment is under her full name.
	if plan.Ambiguous != "Zephy" || plan.step("actions").Kept != 1 {
		t.Errorf("plan: ambiguous %q, actions %+v", plan.Ambiguous, plan.step("actions"))
	}
	if _, err := s.Erase(ctx, z.id, EraseOptions{}); err != nil {
		t.Fatal(err)
	}
	m, _ := s.Meeting(ctx, z.fx.held.ID)
	if !strings.Contains(m.Minutes, "A former member chaired") || !strings.Contains(m.Minutes, "Zephy said") {
		t.Errorf("minutes: %s", m.Minutes)
	}
}

// An erasure of someone who changed since they were loaded is refused.
func TestEraseRefusesAStaleVersion(t *testing.T) {
	z := fullPerson(t)
	s, ctx := z.fx.s, z.fx.ctx
	p, _ := s.Person(ctx, z.id)
	if _, err := s.Erase(ctx, z.id, EraseOptions{Version: p.Version + 1}); err != ErrConflict {
		t.Errorf("stale erase: %v", err)
	}
	if _, err := s.Person(ctx, z.id); err != nil {
		t.Errorf("the person went: %v", err)
	}
}

func TestWordAt(t *testing.T) {
	for _, c := range []struct {
		text, word string
		n          int
	}{
		{"Jo and Joanne", "Jo", 1}, {"Jo, Jo.", "Jo", 2}, {"Jones", "Jo", 0}, {"(Jo)", "Jo", 1},
		{"Zoë Ann", "Zoë", 1}, {"Zoëy", "Zoë", 0}, {"", "Jo", 0},
	} {
		if got := len(wordAt(c.text, c.word)); got != c.n {
			t.Errorf("wordAt(%q, %q) = %d, want %d", c.text, c.word, got, c.n)
		}
	}
	sub := subject{name: "Ann Lee", preferred: "Annie"}
	if got := sub.replaceName("Ann Lee chaired. Thanks to Annie.\n- Annie spoke", false); got != "A former member chaired. Thanks to a former member.\n- A former member spoke" {
		t.Errorf("replaceName: %q", got)
	}
	if got := sub.replaceName("Ann Lee and the board", true); got != "a former member and the board" {
		t.Errorf("replaceName inline: %q", got)
	}
}

var _ = sql.ErrNoRows
var _ = time.Now

// A backup made before someone was erased brings them back when restored:
// the restore erases them again, from the erasure log of the database it
// replaces, says how many, and keeps the log. Someone erased before the
// backup, and everyone else, are as the backup had them.
func TestRestoreReappliesErasures(t *testing.T) {
	z := fullPerson(t)
	s, ctx := z.fx.s, z.fx.ctx
	dir := t.TempDir()
	early := Person{Name: "Erased Early", Role: RoleServiceUser}
	if err := s.SavePerson(ctx, &early, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Erase(ctx, early.ID, EraseOptions{}); err != nil {
		t.Fatal(err)
	}
	res, err := s.Backup(ctx, BackupOptions{Path: filepath.Join(dir, "before.db")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Erase(ctx, z.id, EraseOptions{Mode: ModeAnonymise, Reason: ReasonRetention, By: "kim"}); err != nil {
		t.Fatal(err)
	}
	path := s.Path()
	s.Close()

	restore := func() int {
		t.Helper()
		r, err := PrepareRestore(ctx, res.Path, path, nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := r.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		return r.Reerased
	}
	if n := restore(); n != 1 {
		t.Errorf("the restore erased %d again, want 1", n)
	}
	s2 := recOpenPath(t, path)
	if _, err := s2.Person(ctx, z.id); err != ErrNotFound {
		t.Errorf("the erased person came back with the backup: %v", err)
	}
	if _, err := s2.Person(ctx, z.fx.bob); err != nil {
		t.Errorf("someone not erased is missing: %v", err)
	}
	// Erased again the same way: anonymised, so the story they agreed to
	// share stays.
	if st, err := s2.Story(ctx, z.story); err != nil || st.AuthorID != "" {
		t.Errorf("the story kept by anonymising: %+v %v", st.AuthorID, err)
	}
	for _, left := range leftInFiles(t, s2, []string{"Zephyrine", "Gorsemoor", "Notemarker-alpha"}) {
		t.Errorf("%s after the restore", left)
	}
	log, err := s2.Erasures(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(log) != 2 || log[0].By != "kim" || log[0].Reapplied != 1 || log[0].Mode != ModeAnonymise {
		t.Errorf("the restored database's log: %+v", log)
	}
	s2.Close()

	// The log came with it: the same backup restored again is erased again.
	if n := restore(); n != 1 {
		t.Errorf("the second restore erased %d again, want 1", n)
	}
}

// Erasing someone a consultation names as who decides takes their name out
// of the next meeting's Matters arising too, and the section stays
// involve's: it is kept up to date afterwards, not left as if the
// coordinator had edited it.
func TestEraseKeepsMattersArisingUpToDate(t *testing.T) {
	fx := newConsFixture(t)
	c := fx.detail(t).Consultation
	c.Decider = "Maggie Okafor and the board"
	if err := fx.s.SaveConsultation(recCtx, &c); err != nil {
		t.Fatal(err)
	}
	if a := fx.agenda(t); !strings.Contains(a, "Decided by Maggie Okafor and the board.") {
		t.Fatalf("before:\n%s", a)
	}
	if _, err := fx.s.Erase(recCtx, fx.member.ID, EraseOptions{}); err != nil {
		t.Fatal(err)
	}
	a := fx.agenda(t)
	if strings.Contains(a, "Maggie") || !strings.Contains(a, "Decided by a former member and the board.") {
		t.Fatalf("after erasure:\n%s", a)
	}
	ups, err := fx.s.UpdateMattersArising(recCtx, c.ID)
	if err != nil || len(ups) != 1 || ups[0].Outcome != AgendaUnchanged {
		t.Fatalf("Matters arising after erasure: %+v %v", ups, err)
	}
	fx.point(t, "Open on Sundays")
	if a := fx.agenda(t); !strings.Contains(a, "Open on Sundays") {
		t.Fatalf("not kept up to date after erasure:\n%s", a)
	}
}

// TestMigrateRightsOverInfluence: the rights migration runs after the one
// that rebuilt actions for contacts: consents given get a review date, an
// action's owner (a meeting's or a contact's) is found through its index,
// and someone from before it can be erased.
func TestMigrateRightsOverInfluence(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "involve.db")
	if err := createPrivate(path); err != nil {
		t.Fatal(err)
	}
	db := recRawDB(t, path)
	old := &Store{db: db, path: path, now: func() time.Time { return recNow }}
	if err := old.migrateTo(ctx, migrationBefore(t, "rights")); err != nil {
		t.Fatal(err)
	}
	stamp := ts(recNow)
	for _, q := range []string{
		`INSERT INTO people (id, name, role, consent, consent_date, created_at, updated_at)
			VALUES ('p1', 'Dana Officer', 'senior_officer', 1, '2024-02-29', '` + stamp + `', '` + stamp + `')`,
		`INSERT INTO forums (id, name, created_at, updated_at) VALUES ('f1', 'Tuesday Forum', '` + stamp + `', '` + stamp + `')`,
		`INSERT INTO meetings (id, forum_id, starts_at, ends_at, status, created_at, updated_at)
			VALUES ('m1', 'f1', '2026-05-12T12:00:00Z', '2026-05-12T14:00:00Z', 'held', '` + stamp + `', '` + stamp + `')`,
		`INSERT INTO attendance (id, meeting_id, person_id, status, created_at, updated_at)
			VALUES ('at1', 'm1', 'p1', 'attended', '` + stamp + `', '` + stamp + `')`,
		`INSERT INTO contacts (id, kind, contact_date, officer_id, created_at, updated_at)
			VALUES ('c1', 'visit', '2026-05-01', 'p1', '` + stamp + `', '` + stamp + `')`,
		`INSERT INTO actions (id, meeting_id, description, owner, created_at, updated_at)
			VALUES ('a1', 'm1', 'Book the room', 'Dana Officer', '` + stamp + `', '` + stamp + `')`,
		`INSERT INTO actions (id, contact_id, description, owner, created_at, updated_at)
			VALUES ('a2', 'c1', 'Send the figures', 'Dana Officer', '` + stamp + `', '` + stamp + `')`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	s := recOpenPath(t, path)
	if p, err := s.Person(ctx, "p1"); err != nil || p.ConsentReview != "2026-02-28" {
		t.Errorf("consent review after migrating: %q, %v", p.ConsentReview, err)
	}
	rows, err := s.db.Query(`EXPLAIN QUERY PLAN
		SELECT id FROM actions WHERE owner != '' AND owner COLLATE NOCASE IN ('Dana Officer', '')`)
	if err != nil {
		t.Fatal(err)
	}
	var plan string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		plan += detail + "; "
	}
	rows.Close()
	if !strings.Contains(plan, "actions_owner") {
		t.Errorf("an action's owner is not found through its index: %s", plan)
	}
	if _, err := s.Erase(ctx, "p1", EraseOptions{}); err != nil {
		t.Fatal(err)
	}
	if n := demoCount(t, s, "SELECT count(*) FROM actions WHERE owner = ?", FormerMember); n != 2 {
		t.Errorf("%d actions kept as a former member's, want 2", n)
	}
	if n := demoCount(t, s, "SELECT count(*) FROM meetings WHERE former_attended = 1 AND former_officers = 1"); n != 1 {
		t.Errorf("the meeting does not count the officer erased")
	}
	if n := demoCount(t, s, "SELECT count(*) FROM contacts WHERE officer_id IS NULL"); n != 1 {
		t.Errorf("the contact went with the officer")
	}
	r, err := s.Check(ctx)
	if err != nil || !r.OK() {
		t.Errorf("check after migrating: %+v, %v", r.Problems, err)
	}
}
