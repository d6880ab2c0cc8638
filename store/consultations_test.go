package store

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/involve/involve/civil"
)

// The consultation tests run at recNow (Tuesday 16 June 2026, London), on
// a clock they can move.

var consToday = civil.MustParse("2026-06-16")

// consFixture is a forum with a held meeting last week and a planned one
// next week, a senior officer and a member, on a clock tests can move.
type consFixture struct {
	s                *Store
	now              time.Time
	forum, other     Forum
	held, next       Meeting
	otherHeld        Meeting
	officer, member  Person
	worker           Person
	consultation     Consultation
	coordinatorWrote string
}

func newConsFixture(t *testing.T) *consFixture {
	t.Helper()
	fx := &consFixture{s: recOpen(t), now: recNow}
	fx.s.SetClock(func() time.Time { return fx.now })
	fx.forum = recForum(t, fx.s, "Hope Forum")
	fx.other = recForum(t, fx.s, "Carers' Voice")
	fx.held = recMeeting(t, fx.s, fx.forum.ID, recLondon(2026, 6, 9, 13, 0))
	fx.held.Status = MeetingHeld
	if err := fx.s.SaveMeeting(recCtx, &fx.held); err != nil {
		t.Fatal(err)
	}
	fx.otherHeld = recMeeting(t, fx.s, fx.other.ID, recLondon(2026, 6, 10, 13, 0))
	fx.next = recMeeting(t, fx.s, fx.forum.ID, recLondon(2026, 6, 23, 13, 0))
	fx.coordinatorWrote = "# Hope Forum\n\n## Welcome\n\nTea from 12:45.\n\n## Any other business\n\n## Date of next meeting\n"
	fx.next.Agenda = fx.coordinatorWrote
	if err := fx.s.SaveMeeting(recCtx, &fx.next); err != nil {
		t.Fatal(err)
	}
	fx.officer = Person{Name: "Olu Adeyemi", Role: RoleSeniorOfficer}
	fx.member = Person{Name: "Maggie Okafor", PreferredName: "Maggie"}
	fx.worker = Person{Name: "Wendy Worker", Role: RoleWorker}
	for _, p := range []*Person{&fx.officer, &fx.member, &fx.worker} {
		if err := fx.s.SavePerson(recCtx, p, []string{fx.forum.ID}); err != nil {
			t.Fatal(err)
		}
	}
	fx.consultation = Consultation{Title: "Recovery hub opening hours", Organisation: "Commissioning Team",
		OfficerID: fx.officer.ID, Decider: "Joint Commissioning Board", Question: "When should the hub open?",
		Opens: civil.MustParse("2026-06-01"), Deadline: civil.MustParse("2026-06-30"),
		Channels: []Channel{ChannelForum, ChannelSurvey}, Promised: "co_design", ForumIDs: []string{fx.forum.ID}}
	if err := fx.s.SaveConsultation(recCtx, &fx.consultation); err != nil {
		t.Fatal(err)
	}
	return fx
}

// setDay moves the clock to 10:00 London on day.
func (fx *consFixture) setDay(day string) {
	d := civil.MustParse(day)
	fx.now = time.Date(d.Year, d.Month, d.Day, 10, 0, 0, 0, London)
}

func (fx *consFixture) detail(t *testing.T) ConsultationDetail {
	t.Helper()
	d, err := fx.s.Consultation(recCtx, fx.consultation.ID)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func (fx *consFixture) point(t *testing.T, text string) Point {
	t.Helper()
	p := Point{ConsultationID: fx.consultation.ID, MeetingID: fx.held.ID, Text: text, RaisedBy: 2}
	if err := fx.s.SavePoint(recCtx, &p); err != nil {
		t.Fatalf("SavePoint(%q): %v", text, err)
	}
	return p
}

func (fx *consFixture) respond(t *testing.T, p Point, decided string) Response {
	t.Helper()
	r := Response{PointID: p.ID, Outcome: OutcomeDone, Reason: "members showed it would help", DecidedBy: "the board",
		DecidedOn: civil.MustParse(decided), Stage: StageDelivery}
	if err := fx.s.SaveResponse(recCtx, &r); err != nil {
		t.Fatalf("SaveResponse: %v", err)
	}
	return r
}

func (fx *consFixture) feedback(t *testing.T, kind FeedbackKind, on string) FeedbackEvent {
	t.Helper()
	e := FeedbackEvent{ConsultationID: fx.consultation.ID, Kind: kind, On: civil.MustParse(on), Channel: FeedbackAtMeeting}
	if err := fx.s.SaveFeedback(recCtx, &e); err != nil {
		t.Fatalf("SaveFeedback(%s): %v", kind, err)
	}
	return e
}

// move moves the consultation, failing unless the result is as wanted
// (want "" is success; otherwise words the refusal must contain).
func (fx *consFixture) move(t *testing.T, to LoopStatus, want string) {
	t.Helper()
	d := fx.detail(t)
	err := fx.s.MoveConsultation(recCtx, d.ID, d.Version, to)
	switch {
	case want == "" && err != nil:
		t.Fatalf("move %s → %s: %v", d.Status, to, err)
	case want != "" && err == nil:
		t.Fatalf("move %s → %s was allowed; want refused (%s)", d.Status, to, want)
	case want != "" && !strings.Contains(err.Error(), want):
		t.Fatalf("move %s → %s: %v; want it to say %q", d.Status, to, err, want)
	}
}

func TestConsultationRoundTrip(t *testing.T) {
	fx := newConsFixture(t)
	c := fx.consultation
	if c.Status != LoopOpen || c.Ladder != LadderTLAP || c.Version != 1 || c.OfficerName != "Olu Adeyemi" {
		t.Fatalf("saved %+v", c)
	}
	d := fx.detail(t)
	if d.Title != c.Title || d.Question != c.Question || !d.HasChannel(ChannelSurvey) || d.HasChannel(ChannelOneToOne) ||
		d.Opens != c.Opens || d.Deadline != c.Deadline || d.Promised != "co_design" || len(d.Forums) != 1 || d.Forums[0] != "Hope Forum" {
		t.Fatalf("loaded %+v", d.Consultation)
	}
	// An edit changes the forums and the level achieved; the status is
	// not the form's to change.
	d.ForumIDs = []string{fx.forum.ID, fx.other.ID}
	d.Achieved = "consultation"
	d.Status = LoopClosed
	if err := fx.s.SaveConsultation(recCtx, &d.Consultation); err != nil {
		t.Fatal(err)
	}
	d2 := fx.detail(t)
	if d2.Status != LoopOpen || d2.Version != 2 || len(d2.ForumIDs) != 2 || d2.Achieved != "consultation" {
		t.Fatalf("after the edit: %+v", d2.Consultation)
	}
	// A stale copy is refused.
	stale := c
	stale.Title = "Stale"
	if err := fx.s.SaveConsultation(recCtx, &stale); !errors.Is(err, ErrConflict) {
		t.Fatalf("stale save: %v, want ErrConflict", err)
	}
	// The list shows it, with its forums.
	list, err := fx.s.Consultations(recCtx, ConsultationFilter{ForumID: fx.other.ID})
	if err != nil || len(list) != 1 || strings.Join(list[0].Forums, ";") != "Carers' Voice;Hope Forum" {
		t.Fatalf("list: %+v, %v", list, err)
	}
	// Deleting it says what goes with it, and takes it all.
	p := fx.point(t, "Open on Saturdays")
	fx.respond(t, p, "2026-06-16")
	if np, nr, nf, err := fx.s.ConsultationImpact(recCtx, c.ID); err != nil || np != 1 || nr != 1 || nf != 0 {
		t.Fatalf("impact %d %d %d %v", np, nr, nf, err)
	}
	d3 := fx.detail(t)
	if err := fx.s.DeleteConsultation(recCtx, d3.ID, d3.Version); err != nil {
		t.Fatal(err)
	}
	recWantRows(t, fx.s, map[string]int{"consultations": 0, "consultation_points": 0, "consultation_responses": 0, "consultation_forums": 0})
}

func TestConsultationValidation(t *testing.T) {
	fx := newConsFixture(t)
	base := Consultation{Title: "A question", Opens: consToday, Deadline: consToday.AddDays(14)}
	for _, c := range []struct {
		name         string
		edit         func(*Consultation)
		field, words string
	}{
		{"no title", func(c *Consultation) { c.Title = "  " }, "Title", "needs a title"},
		{"no deadline", func(c *Consultation) { c.Deadline = civil.Date{} }, "Deadline", "when responses are due"},
		{"deadline first", func(c *Consultation) { c.Deadline = consToday.AddDays(-1) }, "Deadline", "before the consultation opens"},
		{"rung of another ladder", func(c *Consultation) { c.Promised = "citizen_control" }, "Promised", "not a rung of the TLAP ladder"},
		{"unknown channel", func(c *Consultation) { c.Channels = []Channel{"pigeon"} }, "Channels", "unknown channel"},
		{"officer who is not one", func(c *Consultation) { c.OfficerID = fx.worker.ID }, "Senior officer", "Wendy Worker is not a senior officer"},
		{"forum twice", func(c *Consultation) { c.ForumIDs = []string{fx.forum.ID, fx.forum.ID} }, "Forums", "twice"},
	} {
		t.Run(c.name, func(t *testing.T) {
			v := base
			c.edit(&v)
			wantFieldErr(t, fx.s.SaveConsultation(recCtx, &v), c.field, c.words)
			if v.ID != "" {
				t.Error("a refused consultation was given an id")
			}
		})
	}
	// Arnstein's rungs are taken on Arnstein's ladder, and the setting
	// picks the ladder of a new consultation.
	if err := fx.s.SetConsultationSettings(recCtx, ConsultSettings{Ladder: LadderArnstein, FeedbackWeeks: 4}); err != nil {
		t.Fatal(err)
	}
	v := base
	v.Promised = "citizen_control"
	if err := fx.s.SaveConsultation(recCtx, &v); err != nil || v.Ladder != LadderArnstein {
		t.Fatalf("on Arnstein's ladder: %v (%s)", err, v.Ladder)
	}
	if set, _ := fx.s.ConsultationSettings(recCtx); set.Ladder != LadderArnstein || set.FeedbackWeeks != 4 {
		t.Fatalf("settings %+v", set)
	}
	if err := fx.s.SetConsultationSettings(recCtx, ConsultSettings{Ladder: "escalator", FeedbackWeeks: 4}); err == nil {
		t.Fatal("an unknown ladder was set")
	}
	// A senior officer erased from People leaves the consultation without one.
	if err := fx.s.DeletePerson(recCtx, fx.officer.ID, fx.officer.Version); err != nil {
		t.Fatal(err)
	}
	if d := fx.detail(t); d.OfficerID != "" || d.OfficerName != "" {
		t.Fatalf("officer after erasure: %q %q", d.OfficerID, d.OfficerName)
	}
}

// The loop's rules, step by step, on a moving clock.
func TestConsultationLoopRules(t *testing.T) {
	fx := newConsFixture(t)
	p1 := fx.point(t, "Open in the evenings")
	p2 := fx.point(t, "Open on Saturday mornings")

	// Not before the deadline (30 June), nor by skipping a step.
	fx.move(t, LoopClosedToResponses, "open for responses until 2026-06-30")
	fx.move(t, LoopAwaitingDecision, "one step at a time")
	fx.move(t, LoopOpen, "open already")
	fx.setDay("2026-06-30")
	fx.move(t, LoopClosedToResponses, "")

	// Closed: no new points; reopening is allowed while the deadline has
	// not passed, and refused once it has.
	if err := fx.s.SavePoint(recCtx, &Point{ConsultationID: fx.consultation.ID, MeetingID: fx.held.ID, Text: "Late", RaisedBy: 1}); err == nil ||
		!strings.Contains(err.Error(), "only while it is open") {
		t.Fatalf("a point added after closing: %v", err)
	}
	fx.move(t, LoopOpen, "")
	fx.move(t, LoopClosedToResponses, "")
	fx.setDay("2026-07-01")
	fx.move(t, LoopOpen, "deadline (2026-06-30) has passed")

	// Awaiting a decision only once people were told what happens next.
	fx.move(t, LoopAwaitingDecision, "initial feedback")
	initial := fx.feedback(t, FeedbackInitial, "2026-07-01")
	fx.move(t, LoopAwaitingDecision, "")
	// The initial feedback it rests on stays.
	if err := fx.s.DeleteFeedback(recCtx, initial.ID, initial.Version); err == nil || !strings.Contains(err.Error(), "rests on its initial feedback") {
		t.Fatalf("deleting the initial feedback: %v", err)
	}

	// Fed back only when every point has its response and full feedback
	// followed the last decision.
	fx.setDay("2026-07-20")
	fx.move(t, LoopFedBack, "2 points have no response")
	fx.respond(t, p1, "2026-07-14")
	fx.move(t, LoopFedBack, "1 point has no response")
	fx.respond(t, p2, "2026-07-16")
	fx.move(t, LoopFedBack, "cannot be fed back: the full feedback has not been given since the last decision, on 16 July 2026: record it first")
	early := fx.feedback(t, FeedbackFull, "2026-07-15")
	fx.move(t, LoopFedBack, "cannot be fed back: the full feedback has not been given since the last decision, on 16 July 2026: record it first")
	full := fx.feedback(t, FeedbackFull, "2026-07-18")
	fx.move(t, LoopFedBack, "")

	// Fed back: responses and points stand as they were fed back, and so
	// does the full feedback.
	pp, _ := fx.s.Point(recCtx, p1.ID)
	r := *pp.Response
	r.Reason = "changed our minds"
	if err := fx.s.SaveResponse(recCtx, &r); err == nil || !strings.Contains(err.Error(), "move it back to awaiting decision") {
		t.Fatalf("a response changed once fed back: %v", err)
	}
	if err := fx.s.DeleteFeedback(recCtx, full.ID, full.Version); err == nil || !strings.Contains(err.Error(), "rests on its full feedback") {
		t.Fatalf("deleting the full feedback: %v", err)
	}
	// (The earlier full feedback is not what it rests on.)
	if err := fx.s.DeleteFeedback(recCtx, early.ID, early.Version); err != nil {
		t.Fatalf("deleting the earlier full feedback: %v", err)
	}

	// Closed once no impact check is still to come.
	pp, _ = fx.s.Point(recCtx, p2.ID)
	fx.move(t, LoopAwaitingDecision, "")
	r2 := *pp.Response
	r2.ImpactCheck = civil.MustParse("2026-09-01")
	if err := fx.s.SaveResponse(recCtx, &r2); err != nil {
		t.Fatal(err)
	}
	fx.move(t, LoopFedBack, "")
	fx.move(t, LoopClosed, "to be checked on 2026-09-01")
	fx.setDay("2026-09-01")
	fx.move(t, LoopClosed, "")
	fx.move(t, LoopClosed, "closed already")

	// A move from a stale copy is refused.
	d := fx.detail(t)
	if err := fx.s.MoveConsultation(recCtx, d.ID, d.Version-1, LoopFedBack); !errors.Is(err, ErrConflict) {
		t.Fatalf("stale move: %v", err)
	}
}

func TestNextStep(t *testing.T) {
	fx := newConsFixture(t)
	d := fx.detail(t)
	next, why, ok := d.NextStep(consToday)
	if !ok || next != LoopClosedToResponses || why == nil || !strings.Contains(why.Error(), "2026-06-30") {
		t.Fatalf("next %s %v %v", next, why, ok)
	}
	if _, why, _ := d.NextStep(civil.MustParse("2026-06-30")); why != nil {
		t.Fatalf("on the deadline: %v", why)
	}
	d.Status = LoopClosed
	if _, _, ok := d.NextStep(consToday); ok {
		t.Fatal("a closed consultation has a next step")
	}
}

func TestPointRules(t *testing.T) {
	fx := newConsFixture(t)
	// Raised at the meeting: dated on its day.
	p := fx.point(t, "Open in the evenings")
	if p.RaisedOn != civil.MustParse("2026-06-09") || p.Quote != "" || p.SpeakerID != "" {
		t.Fatalf("point %+v", p)
	}
	// Anonymous by default: a speaker with no quote is not kept.
	q := Point{ConsultationID: fx.consultation.ID, MeetingID: fx.held.ID, Text: "Quiet room", RaisedBy: 1, SpeakerID: fx.member.ID}
	if err := fx.s.SavePoint(recCtx, &q); err != nil || q.SpeakerID != "" {
		t.Fatalf("speaker kept without a quote: %+v %v", q, err)
	}
	// A quote needs its speaker, the date they agreed and how.
	q.Quote = "I would come after work."
	wantFieldErr(t, fx.s.SavePoint(recCtx, &q), "Speaker", "needs its speaker")
	q.SpeakerID = fx.member.ID
	wantFieldErr(t, fx.s.SavePoint(recCtx, &q), "Consent to quote", "agreed to be quoted")
	q.QuoteConsent = consToday.AddDays(1)
	q.QuoteConsentHow = ConsentVerbal
	wantFieldErr(t, fx.s.SavePoint(recCtx, &q), "Consent to quote", "has not been given yet")
	q.QuoteConsent = consToday
	if err := fx.s.SavePoint(recCtx, &q); err != nil {
		t.Fatal(err)
	}
	if got, _ := fx.s.Point(recCtx, q.ID); got.SpeakerName != "Maggie" || got.Quote == "" || got.Version != 2 {
		t.Fatalf("quoted point %+v", got)
	}
	// A meeting of a forum the consultation does not ask is refused.
	x := Point{ConsultationID: fx.consultation.ID, MeetingID: fx.otherHeld.ID, Text: "Elsewhere", RaisedBy: 1}
	wantFieldErr(t, fx.s.SavePoint(recCtx, &x), "Meeting", "Carers' Voice, which")
	// Not at a meeting still to come.
	x = Point{ConsultationID: fx.consultation.ID, MeetingID: fx.next.ID, Text: "Early", RaisedBy: 1}
	wantFieldErr(t, fx.s.SavePoint(recCtx, &x), "Meeting", "has not happened yet")
	// Counts are whole people.
	x = Point{ConsultationID: fx.consultation.ID, RaisedOn: consToday, Text: "From the survey", RaisedBy: 0}
	wantFieldErr(t, fx.s.SavePoint(recCtx, &x), "Raised by", "whole number")
	// Erasing the speaker erases their words; the point stays, anonymous.
	m, _ := fx.s.Person(recCtx, fx.member.ID)
	if err := fx.s.DeletePerson(recCtx, m.ID, m.Version); err != nil {
		t.Fatal(err)
	}
	got, err := fx.s.Point(recCtx, q.ID)
	if err != nil || got.Quote != "" || got.SpeakerID != "" || !got.QuoteConsent.IsZero() || got.Text != "Quiet room" {
		t.Fatalf("after erasing the speaker: %+v %v", got, err)
	}
	// Taking the forum off the consultation is refused while points
	// raised at its meetings stand.
	d := fx.detail(t)
	d.ForumIDs = []string{fx.other.ID}
	wantFieldErr(t, fx.s.SaveConsultation(recCtx, &d.Consultation), "Forums", "raised at the meetings of a forum you took off")
}

func TestResponseRules(t *testing.T) {
	fx := newConsFixture(t)
	p := fx.point(t, "Open in the evenings")
	base := Response{PointID: p.ID, Outcome: OutcomePartly, Reason: "the budget covers two evenings", DecidedBy: "the board",
		DecidedOn: consToday, Stage: StageDelivery}
	for _, c := range []struct {
		name         string
		edit         func(*Response)
		field, words string
	}{
		{"no reason", func(r *Response) { r.Reason = " " }, "Because", "needs its reason"},
		{"the placeholder", func(r *Response) { r.Reason = "because …" }, "Because", "needs its reason"},
		{"nobody decided", func(r *Response) { r.DecidedBy = "" }, "Decided by", "who decided"},
		{"decided tomorrow", func(r *Response) { r.DecidedOn = consToday.AddDays(1) }, "Decided on", "has not come yet"},
		{"no stage", func(r *Response) { r.Stage = StageNone }, "Stage", "which stage it changed"},
		{"check before decision", func(r *Response) { r.ImpactCheck = consToday.AddDays(-1) }, "Check impact on", "before the decision"},
		{"no outcome", func(r *Response) { r.Outcome = "" }, "Outcome", "done, partly done or not done"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := base
			c.edit(&r)
			wantFieldErr(t, fx.s.SaveResponse(recCtx, &r), c.field, c.words)
		})
	}
	// Not done needs no stage.
	r := base
	r.Outcome, r.Stage = OutcomeNotDone, StageNone
	if err := fx.s.SaveResponse(recCtx, &r); err != nil {
		t.Fatal(err)
	}
	// One response a point: a second is refused, the first edited.
	again := base
	if err := fx.s.SaveResponse(recCtx, &again); err == nil || !strings.Contains(err.Error(), "has a response already") {
		t.Fatalf("second response: %v", err)
	}
	r.Outcome, r.Stage = OutcomeDone, StageCommissioning
	if err := fx.s.SaveResponse(recCtx, &r); err != nil || r.Version != 2 {
		t.Fatalf("edit: %v (version %d)", err, r.Version)
	}
	got, _ := fx.s.Point(recCtx, p.ID)
	if got.Response == nil || got.Response.Outcome != OutcomeDone || got.Response.Stage != StageCommissioning {
		t.Fatalf("response %+v", got.Response)
	}
	if err := fx.s.DeleteResponse(recCtx, r.ID, r.Version); err != nil {
		t.Fatal(err)
	}
	if got, _ := fx.s.Point(recCtx, p.ID); got.Response != nil {
		t.Fatal("the response is still there")
	}
}

func TestFeedbackRules(t *testing.T) {
	fx := newConsFixture(t)
	e := FeedbackEvent{ConsultationID: fx.consultation.ID, Kind: FeedbackInterim, On: consToday.AddDays(1), Channel: FeedbackLetter}
	wantFieldErr(t, fx.s.SaveFeedback(recCtx, &e), "Given on", "has not come yet")
	e.On = civil.MustParse("2026-05-31")
	wantFieldErr(t, fx.s.SaveFeedback(recCtx, &e), "Given on", "before the consultation opened")
	e.On, e.Channel = consToday, "pigeon"
	wantFieldErr(t, fx.s.SaveFeedback(recCtx, &e), "Channel", "how it was given")
	e.Channel = FeedbackLetter
	if err := fx.s.SaveFeedback(recCtx, &e); err != nil {
		t.Fatal(err)
	}
	if d := fx.detail(t); len(d.Feedback) != 1 || d.Feedback[0].Kind != FeedbackInterim {
		t.Fatalf("feedback %+v", d.Feedback)
	}
}

// The dashboard lists feedback overdue (the setting's weeks after the
// deadline) and decisions awaited.
func TestConsultationDashboard(t *testing.T) {
	fx := newConsFixture(t)
	p := fx.point(t, "Open in the evenings")
	fx.setDay("2026-06-30")
	fx.move(t, LoopClosedToResponses, "")

	dash := func() ConsultDashboard {
		t.Helper()
		d, err := fx.s.ConsultationDashboard(recCtx, 10)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	if d := dash(); len(d.Overdue) != 0 || len(d.Awaiting) != 1 || d.Awaiting[0].Awaiting != 1 || d.FeedbackWeeks != 6 {
		t.Fatalf("on the deadline: %+v", d)
	}
	// Six weeks after the deadline (30 June) is 11 August: due, not overdue.
	fx.setDay("2026-08-11")
	if d := dash(); len(d.Overdue) != 0 {
		t.Fatalf("overdue on the day it is due: %+v", d.Overdue)
	}
	fx.setDay("2026-08-12")
	d := dash()
	if len(d.Overdue) != 1 || d.Overdue[0].FeedbackDue != civil.MustParse("2026-08-11") || !d.Overdue[0].Overdue {
		t.Fatalf("a day late: %+v", d.Overdue)
	}
	// The setting moves it.
	if err := fx.s.SetConsultationSettings(recCtx, ConsultSettings{Ladder: LadderTLAP, FeedbackWeeks: 8}); err != nil {
		t.Fatal(err)
	}
	if d := dash(); len(d.Overdue) != 0 {
		t.Fatalf("overdue with eight weeks allowed: %+v", d.Overdue)
	}
	// Answered and fed back, it leaves both lists.
	fx.feedback(t, FeedbackInitial, "2026-07-01")
	fx.move(t, LoopAwaitingDecision, "")
	fx.respond(t, p, "2026-08-01")
	if d := dash(); len(d.Awaiting) != 0 {
		t.Fatalf("awaited with every point answered: %+v", d.Awaiting)
	}
	fx.feedback(t, FeedbackFull, "2026-08-05")
	fx.move(t, LoopFedBack, "")
	fx.setDay("2026-12-01")
	if d := dash(); len(d.Overdue)+len(d.Awaiting) != 0 {
		t.Fatalf("fed back, still listed: %+v", d)
	}
	// The quick add from a meeting offers only the open consultations of
	// that meeting's forum.
	open, err := fx.s.OpenConsultationsFor(recCtx, fx.held.ID)
	if err != nil || len(open) != 0 {
		t.Fatalf("open for the meeting: %+v %v", open, err)
	}
}

func TestOpenConsultationsForMeeting(t *testing.T) {
	fx := newConsFixture(t)
	for _, c := range []struct {
		meeting string
		want    int
	}{{fx.held.ID, 1}, {fx.otherHeld.ID, 0}} {
		got, err := fx.s.OpenConsultationsFor(recCtx, c.meeting)
		if err != nil || len(got) != c.want {
			t.Errorf("meeting %s: %d, %v; want %d", c.meeting, len(got), err, c.want)
		}
	}
	if _, err := fx.s.OpenConsultationsFor(recCtx, "nope"); !errors.Is(err, ErrNotFound) {
		t.Errorf("no such meeting: %v", err)
	}
}

func (fx *consFixture) agenda(t *testing.T) string {
	t.Helper()
	m, err := fx.s.Meeting(recCtx, fx.next.ID)
	if err != nil {
		t.Fatal(err)
	}
	return m.Agenda
}

// Matters arising goes into the next agenda once, is kept up to date, and
// never overwrites what the coordinator wrote.
func TestMattersArising(t *testing.T) {
	fx := newConsFixture(t)
	// The consultation, open, is on the agenda from the start.
	a := fx.agenda(t)
	if strings.Count(a, agendaMarkFind) != 1 || !strings.Contains(a, "Open for your views until 30 June 2026") ||
		!strings.Contains(a, "> When should the hub open?") || strings.Contains(a, "You said") {
		t.Fatalf("once asked:\n%s", a)
	}
	p := fx.point(t, "Open in the evenings")
	a = fx.agenda(t)
	if strings.Count(a, agendaMarkFind) != 1 || !strings.Contains(a, "You said, awaiting a decision:\n\n- Open in the evenings (raised by 2 people)") {
		t.Fatalf("after a point:\n%s", a)
	}
	// Before the closing items, with what the coordinator wrote around it.
	if i, j := strings.Index(a, "Tea from 12:45."), strings.Index(a, "## Any other business"); i < 0 || j < 0 ||
		!(i < strings.Index(a, agendaMarkFind) && strings.Index(a, agendaMarkEnd) < j) {
		t.Fatalf("in the wrong place:\n%s", a)
	}
	if strings.Replace(a, a[strings.Index(a, agendaMarkFind):strings.Index(a, agendaMarkEnd)+len(agendaMarkEnd)+2], "", 1) != fx.coordinatorWrote {
		t.Fatalf("the coordinator's text changed:\n%s", a)
	}
	// Another point: updated, not duplicated.
	fx.point(t, "Open on Saturday mornings")
	a = fx.agenda(t)
	if strings.Count(a, agendaMarkFind) != 1 || strings.Count(a, "## Matters arising") != 1 || !strings.Contains(a, "Saturday mornings") {
		t.Fatalf("after a second point:\n%s", a)
	}
	// A response moves the point to "to feed back".
	fx.respond(t, p, "2026-06-16")
	if a = fx.agenda(t); !strings.Contains(a, "we did: **done**, because members showed it would help") {
		t.Fatalf("after a response:\n%s", a)
	}

	// The coordinator edits inside the section: it is left as they wrote it.
	m, _ := fx.s.Meeting(recCtx, fx.next.ID)
	m.Agenda = strings.Replace(m.Agenda, "Open on Saturday mornings", "Open on Saturday mornings (Ann to bring figures)", 1)
	if err := fx.s.SaveMeeting(recCtx, &m); err != nil {
		t.Fatal(err)
	}
	edited := m.Agenda
	fx.point(t, "A quiet room")
	if a = fx.agenda(t); a != edited {
		t.Fatalf("an edited section was overwritten:\n%s", a)
	}
	ups, err := fx.s.UpdateMattersArising(recCtx, fx.consultation.ID)
	if err != nil || len(ups) != 1 || ups[0].Outcome != AgendaEdited || !strings.Contains(ups[0].String(), "left as you wrote it") {
		t.Fatalf("asked to update an edited section: %+v %v", ups, err)
	}

	// They delete it, markers and all: it is not put back by itself...
	m, _ = fx.s.Meeting(recCtx, fx.next.ID)
	m.Agenda = fx.coordinatorWrote + "\nBring a friend.\n"
	if err := fx.s.SaveMeeting(recCtx, &m); err != nil {
		t.Fatal(err)
	}
	fx.point(t, "Tea and biscuits")
	if a = fx.agenda(t); a != m.Agenda {
		t.Fatalf("a removed section came back:\n%s", a)
	}
	// ...but is when they ask for it.
	ups, err = fx.s.UpdateMattersArising(recCtx, fx.consultation.ID)
	if err != nil || len(ups) != 1 || ups[0].Outcome != AgendaInserted {
		t.Fatalf("asked to put it back: %+v %v", ups, err)
	}
	if a = fx.agenda(t); strings.Count(a, agendaMarkFind) != 1 || !strings.Contains(a, "Tea and biscuits") || !strings.Contains(a, "Bring a friend.") {
		t.Fatalf("put back:\n%s", a)
	}
	ups, _ = fx.s.UpdateMattersArising(recCtx, fx.consultation.ID)
	if ups[0].Outcome != AgendaUnchanged {
		t.Fatalf("asked again: %+v", ups)
	}

	// Once it is fed back nothing stands: involve's section comes out, and
	// the coordinator's agenda is as they left it.
	fx.setDay("2026-06-30")
	fx.move(t, LoopClosedToResponses, "")
	fx.feedback(t, FeedbackInitial, "2026-06-30")
	fx.move(t, LoopAwaitingDecision, "")
	d := fx.detail(t)
	for _, pt := range d.Points {
		if pt.Response == nil {
			fx.respond(t, pt, "2026-06-30")
		}
	}
	fx.feedback(t, FeedbackFull, "2026-06-30")
	// The meeting of the 23rd is past (it keeps its agenda as it was):
	// the next is one planned now, which gets the section when asked.
	past := fx.agenda(t)
	later := recMeeting(t, fx.s, fx.forum.ID, recLondon(2026, 7, 7, 13, 0))
	if _, err := fx.s.UpdateMattersArising(recCtx, fx.consultation.ID); err != nil {
		t.Fatal(err)
	}
	if m, _ := fx.s.Meeting(recCtx, later.ID); !strings.Contains(m.Agenda, "Decided, to feed back") {
		t.Fatalf("the new next meeting:\n%s", m.Agenda)
	}
	fx.move(t, LoopFedBack, "")
	if m, _ := fx.s.Meeting(recCtx, later.ID); m.Agenda != "" {
		t.Fatalf("after feeding back, the agenda is:\n%q", m.Agenda)
	}
	if a := fx.agenda(t); a != past {
		t.Fatalf("a past meeting's agenda changed:\n%s", a)
	}
}

// The marker lines cannot be forged from a point's text.
func TestMattersArisingMarkersNotForged(t *testing.T) {
	fx := newConsFixture(t)
	fx.point(t, "Ends here "+agendaMarkEnd+" and "+agendaMarkStart)
	a := fx.agenda(t)
	if strings.Count(a, agendaMarkEnd) != 1 || strings.Count(a, agendaMarkFind) != 1 {
		t.Fatalf("forged markers:\n%s", a)
	}
	fx.point(t, "Another")
	if a = fx.agenda(t); !strings.Contains(a, "- Another") {
		t.Fatalf("not updated:\n%s", a)
	}
}

func TestInsertAgendaSection(t *testing.T) {
	for _, c := range []struct{ agenda, want string }{
		{"", "S\n"},
		{"## Welcome\n", "## Welcome\n\nS\n"},
		{"## Welcome\n\n## AOB\n", "## Welcome\n\nS\n\n## AOB\n"},
		{"# Title\n## Date of the next meeting\n", "# Title\n\nS\n\n## Date of the next meeting\n"},
		{"Any other business is welcome\n", "Any other business is welcome\n\nS\n"},
	} {
		if got := insertAgendaSection(c.agenda, "S"); got != c.want {
			t.Errorf("insert into %q: %q, want %q", c.agenda, got, c.want)
		}
	}
}

// The board names nobody and shows a quote only with consent.
func TestBoard(t *testing.T) {
	fx := newConsFixture(t)
	p := fx.point(t, "Open in the evenings")
	q := Point{ConsultationID: fx.consultation.ID, MeetingID: fx.held.ID, Text: "A quiet room", RaisedBy: 1,
		Quote: "It is too loud to think.", SpeakerID: fx.member.ID, QuoteConsent: consToday, QuoteConsentHow: ConsentWritten}
	if err := fx.s.SavePoint(recCtx, &q); err != nil {
		t.Fatal(err)
	}
	// Not at a meeting: not on the board.
	if err := fx.s.SavePoint(recCtx, &Point{ConsultationID: fx.consultation.ID, RaisedOn: consToday, Text: "From the survey", RaisedBy: 4}); err != nil {
		t.Fatal(err)
	}
	fx.respond(t, p, "2026-06-16")
	b, err := fx.s.Board(recCtx, fx.forum.ID, civil.Date{}, civil.Date{})
	if err != nil {
		t.Fatal(err)
	}
	if b.Forum != "Hope Forum" || b.Points() != 2 || len(b.Consultations) != 1 {
		t.Fatalf("board %+v", b)
	}
	pts := b.Consultations[0].Points
	if pts[0].Text != "Open in the evenings" || pts[0].Done == nil || pts[0].Done.Reason != "members showed it would help" ||
		pts[1].Quote != "It is too loud to think." || pts[1].Done != nil {
		t.Fatalf("points %+v", pts)
	}
	// A date range that leaves the meeting out.
	b, _ = fx.s.Board(recCtx, fx.forum.ID, civil.MustParse("2026-06-10"), civil.Date{})
	if b.Points() != 0 {
		t.Fatalf("from the 10th: %d points", b.Points())
	}
	// Another forum's board is empty.
	if b, _ = fx.s.Board(recCtx, fx.other.ID, civil.Date{}, civil.Date{}); b.Points() != 0 {
		t.Fatalf("the other forum: %+v", b)
	}
}

func TestLoopStatusLabels(t *testing.T) {
	for _, s := range LoopStatuses {
		got, err := ParseLoopStatus(s.Label())
		if err != nil || got != s {
			t.Errorf("%s: %s %v", s, got, err)
		}
	}
	if _, err := ParseLoopStatus("finished"); err == nil {
		t.Error("an unknown status was taken")
	}
	if LadderTLAP.Step("co_production") != 7 || LadderArnstein.Step("citizen_control") != 8 || LadderTLAP.RungLabel("co_design") != "Co-design" {
		t.Error("ladder rungs")
	}
}

func TestPersonConsultations(t *testing.T) {
	fx := newConsFixture(t)
	q := Point{ConsultationID: fx.consultation.ID, MeetingID: fx.held.ID, Text: "A quiet room", RaisedBy: 1,
		Quote: "It is too loud.", SpeakerID: fx.member.ID, QuoteConsent: consToday, QuoteConsentHow: ConsentWritten}
	if err := fx.s.SavePoint(recCtx, &q); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		who     Person
		officer bool
		quoted  int
	}{{fx.officer, true, 0}, {fx.member, false, 1}} {
		got, err := fx.s.PersonConsultations(recCtx, c.who.ID)
		if err != nil || len(got) != 1 || got[0].ID != fx.consultation.ID || got[0].Officer != c.officer || got[0].Quoted != c.quoted {
			t.Errorf("%s: %+v %v", c.who.Name, got, err)
		}
	}
	if got, _ := fx.s.PersonConsultations(recCtx, fx.worker.ID); len(got) != 0 {
		t.Errorf("the worker: %+v", got)
	}
}
