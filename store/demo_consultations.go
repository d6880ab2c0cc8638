package store

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/involve/involve/assets"
	"github.com/involve/involve/civil"
)

// The demo consultations: a handful in every state of the feedback loop,
// asked of the demo forums, with points raised at their held meetings,
// responses, feedback and (for one point) a quote its speaker agreed to.
// A large demo (DemoLarge people or more) gets one consultation for every
// twenty people, up to 500, for the benchmarks. The next agendas of the
// forums asked get their Matters arising.

// maxDemoConsultations is the most consultations a demo gets.
const maxDemoConsultations = 500

// demoConsultationsFor is how many consultations a demo of so many people gets.
func demoConsultationsFor(people int) int {
	if people < DemoLarge {
		return 6
	}
	return min(maxDemoConsultations, people/20)
}

// demoAsker is who asks a demo consultation, and who decides.
var demoAskers = []struct{ org, decider string }{
	{"Drug and Alcohol Commissioning Team", "Joint Commissioning Board"},
	{"Community Recovery Service", "Service Management Team"},
	{"Mental Health Trust", "Trust Quality Committee"},
	{"Public Health", "Health and Wellbeing Board"},
	{"Carers' Support Service", "Carers' Partnership Board"},
}

// demoReasons are the reasons behind demo responses, by outcome.
var demoReasons = map[Outcome][]string{
	OutcomeDone: {
		"members showed it would help people stay in treatment",
		"it cost little and the service agreed at once",
		"the forum's evidence persuaded the board",
	},
	OutcomePartly: {
		"the budget covers part of it this year; the rest is planned for next year",
		"staff training takes time, so it starts at two sites first",
	},
	OutcomeNotDone: {
		"the contract does not allow it before the re-tender, when it will be asked for",
		"the building's lease does not allow it: the service is looking for another site",
	},
}

// insertDemoConsultations writes the demo's consultations. It draws on a
// random stream of its own, so the rest of the demo is the same with or
// without it.
func (s *Store) insertDemoConsultations(ctx context.Context, tx *sql.Tx, d *demoDB, seed int64) error {
	if len(d.forums) == 0 {
		return nil
	}
	rng := rand.New(rand.NewPCG(uint64(seed), 0x636f6e73756c74))
	today := civil.In(d.now, London)
	topics := assets.Topics()

	var officers []int
	for i, p := range d.people {
		if p.role == RoleSeniorOfficer {
			officers = append(officers, i)
		}
	}
	// The held meetings of each forum, by start.
	held := make([][]int, len(d.forums))
	for i, m := range d.meetings {
		if m.status == MeetingHeld {
			held[m.forum] = append(held[m.forum], i)
		}
	}

	prep := func(table, cols string, n int) (*sql.Stmt, error) {
		q := "INSERT INTO " + table + " (" + cols + ") VALUES (?"
		for range n - 1 {
			q += ",?"
		}
		return tx.PrepareContext(ctx, q+")")
	}
	insC, err := prep("consultations", `id, created_at, updated_at, version, title, organisation, officer_id, decider, question,
		options, papers, fixed, opens, deadline, ch_forum, ch_survey, ch_focus_group, ch_one_to_one, ladder, promised, achieved, status`, 22)
	if err != nil {
		return err
	}
	defer insC.Close()
	insF, err := prep("consultation_forums", "id, consultation_id, forum_id, created_at, updated_at", 5)
	if err != nil {
		return err
	}
	defer insF.Close()
	insP, err := prep("consultation_points", `id, created_at, updated_at, version, consultation_id, meeting_id, raised_on, text,
		raised_by, quote, speaker_id, quote_consent, quote_consent_how`, 13)
	if err != nil {
		return err
	}
	defer insP.Close()
	insR, err := prep("consultation_responses", "id, created_at, updated_at, version, point_id, outcome, reason, decided_by, decided_on, stage, impact_check", 11)
	if err != nil {
		return err
	}
	defer insR.Close()
	insE, err := prep("consultation_feedback", feedbackCols, 9)
	if err != nil {
		return err
	}
	defer insE.Close()

	// stamp is a moment on a demo day, never after now.
	stamp := func(day civil.Date) string {
		t := time.Date(day.Year, day.Month, day.Day, 10, 0, 0, 0, London)
		if t.After(d.now) {
			t = d.now
		}
		return ts(t)
	}

	// The small demo's six, one in each state (two awaiting a decision,
	// one of them with its feedback overdue); a large demo's are drawn
	// from these shapes at random.
	type shape struct {
		status   LoopStatus
		deadline int // days from today
		answered int // how many points have a response (-1: all)
		impact   int // days from today of the impact check (0: none)
	}
	shapes := []shape{
		{LoopOpen, 20, 0, 0},
		{LoopClosedToResponses, -5, 1, 0},
		{LoopAwaitingDecision, -25, 1, 0},
		{LoopAwaitingDecision, -60, 1, 0}, // feedback overdue
		{LoopFedBack, -90, -1, 30},
		{LoopClosed, -200, -1, -20},
	}
	n := demoConsultationsFor(len(d.people))
	var touched []string
	for ci := range n {
		sh := shapes[ci%len(shapes)]
		if ci >= len(shapes) {
			sh = shapes[rng.IntN(len(shapes))]
			switch sh.status {
			case LoopOpen:
				sh.deadline = 5 + rng.IntN(40)
			case LoopClosedToResponses:
				sh.deadline = -1 - rng.IntN(20)
			case LoopAwaitingDecision:
				sh.deadline = -10 - rng.IntN(120)
			case LoopFedBack:
				sh.deadline = -60 - rng.IntN(120)
			default:
				sh.deadline = -150 - rng.IntN(200)
			}
		}
		t := topics[ci%len(topics)]
		asker := demoAskers[ci%len(demoAskers)]
		deadline := today.AddDays(sh.deadline)
		opens := deadline.AddDays(-42)
		id := newID()
		// One forum, or two; the first is one that has held meetings
		// between the opening and the deadline where it can.
		fi := rng.IntN(len(d.forums))
		forums := []int{fi}
		if len(d.forums) > 1 && rng.Float64() < 0.4 {
			if other := rng.IntN(len(d.forums)); other != fi {
				forums = append(forums, other)
			}
		}
		officer := any(nil)
		if len(officers) > 0 {
			officer = d.people[officers[rng.IntN(len(officers))]].id
		}
		ladder, promised, achieved := LadderTLAP, Rung("consultation"), Rung("")
		switch rng.IntN(3) {
		case 0:
			promised = "co_design"
		case 1:
			promised = "engagement"
		}
		if !sh.status.Live() {
			achieved = promised
			if rng.Float64() < 0.3 {
				achieved = "consultation"
			}
		}
		question := fmt.Sprintf("What should we change about %s, and what matters most to you and the people you care for?", t.Title)
		papers := fmt.Sprintf("## Background\n\n%s\n\n## What we are asking\n\nTell us what works, what does not, and what you would change.\n", t.Update)
		created := stamp(opens)
		if _, err := insC.ExecContext(ctx, id, created, created, 1, capitalise(t.Title), asker.org, officer, asker.decider, question,
			"1. Keep things as they are\n2. Change them as proposed\n3. Something else: tell us", papers,
			"The overall budget for the year is set.", opens, deadline, 1, boolInt(rng.Float64() < 0.5), boolInt(rng.Float64() < 0.3),
			boolInt(rng.Float64() < 0.2), ladder, promised, achieved, sh.status); err != nil {
			return fmt.Errorf("demo consultation: %w", err)
		}
		for _, f := range forums {
			if _, err := insF.ExecContext(ctx, newID(), id, d.forums[f].id, created, created); err != nil {
				return fmt.Errorf("demo consultation forum: %w", err)
			}
			touched = append(touched, d.forums[f].id)
		}
		// Points: the topic's, raised at the forum's last held meeting
		// before the deadline (the open one's, before today).
		var meeting int = -1
		for _, mi := range slices.Backward(held[fi]) {
			day := civil.In(d.meetings[mi].start, London)
			if !day.After(deadline) && !day.After(today) {
				meeting = mi
				break
			}
		}
		var lastDecision civil.Date
		for pi, text := range t.Points {
			pid := newID()
			raisedOn := deadline.AddDays(-7)
			var meetingID any
			if meeting >= 0 {
				meetingID = d.meetings[meeting].id
				raisedOn = civil.In(d.meetings[meeting].start, London)
			}
			if raisedOn.After(today) {
				raisedOn = today
			}
			quote, speaker, consent, how := "", any(nil), "", ""
			if ci == 0 && pi == 0 && meeting >= 0 {
				// The one quote, from a member who agreed to it.
				for j, m := range d.forums[fi].members {
					if r := d.people[m].role; (r == RoleServiceUser || r == RoleBoth) && d.meetings[meeting].register[j] == Attended {
						quote, speaker, consent, how = "If it was open when I finish work I would actually go.", d.people[m].id, raisedOn.String(), ConsentVerbal
						break
					}
				}
			}
			if _, err := insP.ExecContext(ctx, pid, stamp(raisedOn), stamp(raisedOn), 1, id, meetingID, raisedOn,
				capitalise(text), 1+rng.IntN(6), quote, speaker, consent, how); err != nil {
				return fmt.Errorf("demo point: %w", err)
			}
			if sh.answered >= 0 && pi >= sh.answered {
				continue
			}
			outcome := []Outcome{OutcomeDone, OutcomeDone, OutcomePartly, OutcomeNotDone}[rng.IntN(4)]
			reason := demoReasons[outcome][rng.IntN(len(demoReasons[outcome]))]
			stage := []Stage{StagePlanning, StageDevelopment, StageDelivery, StageCommissioning, StageRecruitment, StageEvaluation}[rng.IntN(6)]
			if outcome == OutcomeNotDone && rng.Float64() < 0.5 {
				stage = StageNone
			}
			decided := deadline.AddDays(7 + rng.IntN(14))
			if decided.After(today) {
				decided = today
			}
			lastDecision = later2(lastDecision, decided)
			impact := ""
			if sh.impact != 0 && outcome != OutcomeNotDone {
				impact = today.AddDays(sh.impact).String()
				if d, _ := civil.Parse(impact); d.Before(decided) {
					impact = decided.String()
				}
			}
			if _, err := insR.ExecContext(ctx, newID(), stamp(decided), stamp(decided), 1, pid, outcome, reason, asker.decider,
				decided, stage, impact); err != nil {
				return fmt.Errorf("demo response: %w", err)
			}
		}
		// Feedback: initial once closed; full once fed back.
		if sh.status.index() >= LoopAwaitingDecision.index() {
			on := deadline.AddDays(3)
			if on.After(today) {
				on = today
			}
			if _, err := insE.ExecContext(ctx, newID(), stamp(on), stamp(on), 1, id, FeedbackInitial, on, FeedbackAtMeeting,
				"Thanked everyone; said the board decides next month and we will report back."); err != nil {
				return fmt.Errorf("demo feedback: %w", err)
			}
		}
		if sh.status.index() >= LoopFedBack.index() {
			on := later2(lastDecision, deadline.AddDays(28))
			if on.After(today) {
				on = today
			}
			for _, e := range []struct {
				ch   FeedbackChannel
				note string
			}{{FeedbackAtMeeting, "Went through each point and what was done."}, {FeedbackNoticeboard, "You said, we did poster."}} {
				if _, err := insE.ExecContext(ctx, newID(), stamp(on), stamp(on), 1, id, FeedbackFull, on, e.ch, e.note); err != nil {
					return fmt.Errorf("demo feedback: %w", err)
				}
			}
		}
	}
	if _, err := s.refreshAgendas(ctx, tx, touched); err != nil {
		return err
	}
	// The demo is written new: its meetings are at their first version,
	// agendas and all.
	_, err = tx.ExecContext(ctx, "UPDATE meetings SET version = 1 WHERE id IN (SELECT meeting_id FROM agenda_sections)")
	return err
}

func later2(a, b civil.Date) civil.Date {
	if a.After(b) {
		return a
	}
	return b
}
