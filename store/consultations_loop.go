package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/involve/involve/civil"
)

// The feedback loop. A consultation moves one step at a time:
//
//	open → closed to responses → awaiting decision → fed back → closed
//
// Forward, each step has a rule:
//
//  1. open → closed to responses: on or after the deadline (to close it
//     early, bring the deadline forward first);
//  2. closed to responses → awaiting decision: once the initial feedback
//     (thanks, and what happens next) has been given;
//  3. awaiting decision → fed back: every point has its response (each
//     with its reason), and full feedback has been given on or after the
//     last decision;
//  4. fed back → closed: no response's impact check is still to come.
//
// Back, one step at any time, except that a consultation whose deadline has
// passed is not reopened (move the deadline on first).
//
// While the loop runs (open, closed to responses, awaiting decision),
// points and responses may be changed; points are added only while it is
// open. Once fed back, points and responses stand as they were fed back:
// move it back to awaiting decision to change them. A feedback event the
// status rests on (the initial feedback once awaiting a decision, the full
// feedback once fed back) is not deleted or changed away.

// CheckMove says whether the consultation may move to status to on the day
// today: nil, or why not in plain English.
func (d ConsultationDetail) CheckMove(to LoopStatus, today civil.Date) error {
	from := d.Status
	if to.index() < 0 {
		return fmt.Errorf("unknown status %q", to)
	}
	if to == from {
		return fmt.Errorf("it is %s already", strings.ToLower(from.Label()))
	}
	if prev, ok := from.Prev(); ok && to == prev {
		if to == LoopOpen && d.Deadline.Before(today) {
			return fmt.Errorf("its deadline (%s) has passed: move the deadline on before reopening it", d.Deadline)
		}
		return nil
	}
	if next, ok := from.Next(); !ok || to != next {
		return fmt.Errorf("it moves one step at a time: from %s to %s", strings.ToLower(from.Label()), stepsFrom(from))
	}
	return d.entryRule(to, today)
}

// stepsFrom names the statuses a consultation may move to from s.
func stepsFrom(s LoopStatus) string {
	var out []string
	if p, ok := s.Prev(); ok {
		out = append(out, strings.ToLower(p.Label()))
	}
	if n, ok := s.Next(); ok {
		out = append(out, strings.ToLower(n.Label()))
	}
	return strings.Join(out, " or ")
}

// entryRule is the rule for moving forward into status to.
func (d ConsultationDetail) entryRule(to LoopStatus, today civil.Date) error {
	switch to {
	case LoopClosedToResponses:
		if today.Before(d.Deadline) {
			return fmt.Errorf("it is open for responses until %s: to close it early, bring the deadline forward first", d.Deadline)
		}
	case LoopAwaitingDecision:
		if !d.hasFeedback(FeedbackInitial, civil.Date{}) {
			return errors.New("first tell people what happens next: record the initial feedback (thanks, and what happens next)")
		}
	case LoopFedBack:
		if n := d.Awaiting(); n > 0 {
			return fmt.Errorf("%s no response yet: record what was done, and why, for each", plural(n, "point has", "points have"))
		}
		last := d.lastDecision()
		if !d.hasFeedback(FeedbackFull, last) {
			if last.IsZero() {
				return errors.New("the full feedback has not been given: record it first")
			}
			return fmt.Errorf("the full feedback has not been given since the last decision, on %s: record it first", longDate(last))
		}
	case LoopClosed:
		for _, p := range d.Points {
			if r := p.Response; r != nil && r.ImpactCheck.After(today) {
				return fmt.Errorf("the impact of %q is to be checked on %s: close the loop once it has been", clip(p.Text, 40), r.ImpactCheck)
			}
		}
	}
	return nil
}

// statusHolds says whether what the status rests on still holds: the
// rules for the statuses it passed through that do not depend on the day.
func (d ConsultationDetail) statusHolds() error {
	i := d.Status.index()
	if i >= LoopAwaitingDecision.index() && !d.hasFeedback(FeedbackInitial, civil.Date{}) {
		return fmt.Errorf("%q is %s, which rests on its initial feedback: move it back to closed to responses first",
			d.Title, strings.ToLower(d.Status.Label()))
	}
	if i >= LoopFedBack.index() && !d.hasFeedback(FeedbackFull, d.lastDecision()) {
		return fmt.Errorf("%q is %s, which rests on its full feedback: move it back to awaiting decision first",
			d.Title, strings.ToLower(d.Status.Label()))
	}
	return nil
}

func (s *Store) checkStatusHolds(ctx context.Context, tx *sql.Tx, id string) error {
	d, err := s.consultationDetail(ctx, tx, id)
	if err != nil {
		return err
	}
	return d.statusHolds()
}

// hasFeedback says whether feedback of kind was given on or after the day.
func (d ConsultationDetail) hasFeedback(kind FeedbackKind, onOrAfter civil.Date) bool {
	for _, e := range d.Feedback {
		if e.Kind == kind && !e.On.Before(onOrAfter) {
			return true
		}
	}
	return false
}

// lastDecision is the date of the latest response.
func (d ConsultationDetail) lastDecision() civil.Date {
	var last civil.Date
	for _, p := range d.Points {
		if p.Response != nil && p.Response.DecidedOn.After(last) {
			last = p.Response.DecidedOn
		}
	}
	return last
}

// NextStep is the status the consultation moves on to, and nil or why it
// cannot yet, on the day today. ok is false once it is closed.
func (d ConsultationDetail) NextStep(today civil.Date) (next LoopStatus, why error, ok bool) {
	next, ok = d.Status.Next()
	if !ok {
		return "", nil, false
	}
	return next, d.CheckMove(next, today), true
}

// MoveConsultation moves a consultation, at the version it was loaded at,
// to status to, if the rules allow it today; the next agendas of its
// forums follow.
func (s *Store) MoveConsultation(ctx context.Context, id string, version int64, to LoopStatus) error {
	if err := s.allow(ctx, "MoveConsultation"); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		d, err := s.consultationDetail(ctx, tx, id)
		if err != nil {
			return err
		}
		if d.Version != version {
			return ErrConflict
		}
		if err := d.CheckMove(to, s.civilToday()); err != nil {
			return fmt.Errorf("%q cannot be %s: %w", d.Title, strings.ToLower(to.Label()), err)
		}
		d.Status = to
		s.bump(&d.Meta)
		res, err := tx.ExecContext(ctx, "UPDATE consultations SET status = ?, updated_at = ?, version = ? WHERE id = ? AND version = ?",
			to, ts(d.UpdatedAt), d.Version, id, version)
		if err != nil {
			return err
		}
		if err := checkUpdated(ctx, tx, res, "consultations", id); err != nil {
			return err
		}
		_, err = s.refreshAgendas(ctx, tx, d.ForumIDs)
		return err
	})
}

// ---- settings ----

// The settings of consultations.
const (
	// SettingConsultationLadder picks the ladder of participation new
	// consultations are recorded on: tlap (the default) or arnstein.
	SettingConsultationLadder = "consultation_ladder"
	// SettingFeedbackWeeks is how many weeks after its deadline a
	// consultation's full feedback is due before the dashboard lists it
	// as overdue.
	SettingFeedbackWeeks = "consultation_feedback_weeks"
	// DefaultFeedbackWeeks is SettingFeedbackWeeks when it is not set.
	DefaultFeedbackWeeks = 6
	maxFeedbackWeeks     = 104
)

// ConsultSettings are the settings of consultations.
type ConsultSettings struct {
	Ladder        Ladder `json:"ladder"`
	FeedbackWeeks int    `json:"feedback_weeks"`
}

// ConsultationSettings reads the settings, with their defaults.
func (s *Store) ConsultationSettings(ctx context.Context) (ConsultSettings, error) {
	if err := s.allow(ctx, "ConsultationSettings"); err != nil {
		return ConsultSettings{}, err
	}
	set := ConsultSettings{Ladder: LadderTLAP, FeedbackWeeks: DefaultFeedbackWeeks}
	v, err := s.inner().Setting(ctx, SettingConsultationLadder)
	if err != nil {
		return set, err
	}
	if l, err := ParseLadder(v); err == nil {
		set.Ladder = l
	}
	set.FeedbackWeeks, err = s.feedbackWeeks(ctx)
	return set, err
}

func (s *Store) feedbackWeeks(ctx context.Context) (int, error) {
	v, err := s.inner().Setting(ctx, SettingFeedbackWeeks)
	if err != nil {
		return DefaultFeedbackWeeks, err
	}
	if n, err := strconv.Atoi(strings.TrimSpace(v)); err == nil && n >= 0 && n <= maxFeedbackWeeks {
		return n, nil
	}
	return DefaultFeedbackWeeks, nil
}

// SetConsultationSettings changes the settings, both or neither.
func (s *Store) SetConsultationSettings(ctx context.Context, set ConsultSettings) error {
	if err := s.allow(ctx, "SetConsultationSettings"); err != nil {
		return err
	}
	if _, err := ParseLadder(string(set.Ladder)); err != nil {
		return err
	}
	if set.FeedbackWeeks < 0 || set.FeedbackWeeks > maxFeedbackWeeks {
		return fmt.Errorf("feedback is due between 0 and %d weeks after the deadline, not %d", maxFeedbackWeeks, set.FeedbackWeeks)
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		if err := s.setSetting(ctx, tx, SettingConsultationLadder, string(set.Ladder)); err != nil {
			return err
		}
		return s.setSetting(ctx, tx, SettingFeedbackWeeks, strconv.Itoa(set.FeedbackWeeks))
	})
}

// ---- the dashboard ----

// ConsultDashboard is what the dashboard shows of consultations. Its
// summaries carry what the dashboard shows: the awaited ones how many
// points await a response (their Points and Forums are not loaded).
type ConsultDashboard struct {
	// Overdue are the consultations not yet fed back whose full feedback
	// was due (FeedbackWeeks after the deadline) before today, the longest
	// overdue first.
	Overdue []ConsultationSummary
	// Awaiting are the consultations closed to responses or awaiting a
	// decision with points that have no response yet, the oldest deadline
	// first.
	Awaiting      []ConsultationSummary
	FeedbackWeeks int
	Today         civil.Date
}

// consultDashboardQuery picks at most ?2 of each list, the oldest deadline
// first, and reads them in one statement: the first frame waits for it,
// and compiling a statement costs more than running it. The lists are
// chosen from the index on (status, deadline) before any consultation's row
// is read; those awaiting decisions are looked for one status at a time,
// so that the search for points without a response stops at the limit.
const consultDashboardQuery = `WITH
	overdue(r, k, d) AS (SELECT rowid, 0, deadline FROM consultations
		WHERE status IN ('open', 'closed_to_responses', 'awaiting_decision') AND deadline <= ?1
		ORDER BY deadline, rowid LIMIT ?2),
	awaited(r, k, d) AS (SELECT r, 1, d FROM (` + awaitedPart + ` UNION ALL ` + awaitedPart2 + `)
		ORDER BY d, r LIMIT ?2)
	SELECT x.k, c.id, c.title, c.organisation, c.decider, c.status, c.opens, c.deadline, c.version,
		CASE x.k WHEN 1 THEN (SELECT count(*) FROM consultation_points p WHERE p.consultation_id = c.id
			AND NOT EXISTS (SELECT 1 FROM consultation_responses r WHERE r.point_id = p.id)) ELSE 0 END
	FROM (SELECT * FROM overdue UNION ALL SELECT * FROM awaited) x JOIN consultations c ON c.rowid = x.r
	ORDER BY x.k, x.d, x.r`

// awaitedPart and awaitedPart2 read one status each in the order of the
// index (status, deadline), so that only the rows chosen are read.
const awaitedPart = `SELECT * FROM (SELECT c.rowid AS r, c.deadline AS d FROM consultations c
	WHERE c.status = 'closed_to_responses' AND EXISTS (SELECT 1 FROM consultation_points p WHERE p.consultation_id = c.id
		AND NOT EXISTS (SELECT 1 FROM consultation_responses r WHERE r.point_id = p.id))
	ORDER BY c.deadline, c.rowid LIMIT ?2)`

const awaitedPart2 = `SELECT * FROM (SELECT c.rowid AS r, c.deadline AS d FROM consultations c
	WHERE c.status = 'awaiting_decision' AND EXISTS (SELECT 1 FROM consultation_points p WHERE p.consultation_id = c.id
		AND NOT EXISTS (SELECT 1 FROM consultation_responses r WHERE r.point_id = p.id))
	ORDER BY c.deadline, c.rowid LIMIT ?2)`

// ConsultationDashboard gathers the overdue feedback and the decisions
// awaited, at most limit of each.
func (s *Store) ConsultationDashboard(ctx context.Context, limit int) (ConsultDashboard, error) {
	if err := s.allow(ctx, "ConsultationDashboard"); err != nil {
		return ConsultDashboard{}, err
	}
	d := ConsultDashboard{Today: s.civilToday()}
	var err error
	if d.FeedbackWeeks, err = s.feedbackWeeks(ctx); err != nil {
		return d, err
	}
	latest := d.Today.AddDays(-7*d.FeedbackWeeks - 1) // due before today: deadline + weeks < today
	rows, err := s.db.QueryContext(ctx, consultDashboardQuery, latest, limit)
	if err != nil {
		return d, err
	}
	defer rows.Close()
	for rows.Next() {
		var k int
		var c ConsultationSummary
		if err := rows.Scan(&k, &c.ID, &c.Title, &c.Organisation, &c.Decider, &c.Status, &c.Opens, &c.Deadline, &c.Version,
			&c.Awaiting); err != nil {
			return d, err
		}
		c.FeedbackDue = FeedbackDue(c.Deadline, d.FeedbackWeeks)
		c.Overdue = c.Status.Live() && d.Today.After(c.FeedbackDue)
		if k == 0 {
			d.Overdue = append(d.Overdue, c)
		} else {
			d.Awaiting = append(d.Awaiting, c)
		}
	}
	return d, rows.Err()
}

// OpenConsultationsFor lists the consultations open for responses that
// ask the forum of the meeting with this id: where a point raised at that
// meeting may go.
func (s *Store) OpenConsultationsFor(ctx context.Context, meetingID string) ([]ConsultationSummary, error) {
	if err := s.allow(ctx, "OpenConsultationsFor"); err != nil {
		return nil, err
	}
	var forumID string
	err := s.db.QueryRowContext(ctx, "SELECT forum_id FROM meetings WHERE id = ?", meetingID).Scan(&forumID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	return s.inner().Consultations(ctx, ConsultationFilter{Status: LoopOpen, ForumID: forumID})
}

// clip shortens s to n runes with an ellipsis.
func clip(s string, n int) string {
	r := []rune(strings.Join(strings.Fields(s), " "))
	if len(r) <= n {
		return string(r)
	}
	return string(r[:n-1]) + "…"
}
