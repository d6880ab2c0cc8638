package store

// The figures of the annual involvement report (package report sets them
// out, and puts every count of people through disclosure control). What is
// counted, for a period of London dates from–to, both included:
//
//   - a meeting is in the period when it starts in it; meetings held are
//     those marked held, cancelled those marked cancelled;
//   - attendance is the register's "attended" at meetings in the period
//     that were not cancelled; people are counted once however often they
//     came, by the role they have now;
//   - a new member is someone who joined a forum (their membership was
//     made) in the period;
//   - a senior officer's contact with a forum is their attendance at its
//     meeting (derived from the register, never copied) or a contact
//     logged with the forum; a forum last met one at the latest of those,
//     written replies apart, up to the end of the period;
//   - training is the sessions held in the period, their learners, and
//     the people who co-delivered them;
//   - transport journeys are the bookings, booked or confirmed, for
//     meetings in the period not cancelled, except those marked did not
//     travel;
//   - expenses are ExpensesReport's for the period, to the penny;
//   - involvement payments count by the ledger's rule (see ledger.go): a
//     payment's money in the period holding the day it was paid, or while
//     unpaid the day of the involvement; hours on the day of the
//     involvement; rejected payments not at all;
//   - consultations open in the period are those opened by its end whose
//     deadline is not before its start; points are those raised in it,
//     responses those decided in it (by the stage they changed and what
//     was done), feedback that given in it;
//   - reach is Reach's for the period, beside the newest reference
//     population: already through disclosure control;
//   - stories added are those created in the period; those that may be
//     read at forums are judged on the period's last day by the rule
//     reading mode uses; stories read at forums are those reading mode
//     showed in the period (NoteStoryRead), once a story a day.
//
// Nothing here names a person: the figures are counts and sums. The counts
// of people are raw (except reach's): package report publishes them
// through disclosure control.

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/involve/involve/civil"
)

// Annual holds the raw figures for a period. Counts of people in it are
// raw: they must go through disclosure control before anyone sees them.
type Annual struct {
	From, To civil.Date
	// Forums is every forum, by name, with its figures for the period.
	Forums []AnnualForum
	// Months is each calendar month the period touches.
	Months []AnnualMonth
	// Roles is each role with its people and attendances.
	Roles []AnnualRole
	// People is how many different people attended at least once, and
	// Attendances how many times people attended in all.
	People, Attendances int
	// NewMembers is how many different people joined a forum.
	NewMembers int
	// Journeys is the transport journeys, and JourneyPeople how many
	// different people they carried.
	Journeys, JourneyPeople int
	// Expenses is the expenses report for the period, and ExpensePeople
	// how many different people claimed (rejected claims apart).
	Expenses      ExpensesReport
	ExpensePeople int
	// Payments is the involvement payments counted by the ledger's rule.
	Payments PaymentTotals
	// Stories added in the period, and how many may be read at forums on
	// its last day; how many different stories were read at forums (shown
	// in reading mode), and on how many story-days in all.
	StoriesAdded, StoriesReadable int
	StoriesRead, StoryReadings    int
	// Consultations is what the forums were asked and what came of it.
	Consultations AnnualConsultations
	// Training is the training of health and care workers co-delivered.
	Training AnnualTraining
	// Reach is who the forums reached in the period, by their equality
	// monitoring answers, beside the newest reference population (through
	// disclosure control already: Reach holds no raw count).
	Reach Reach
}

// AnnualConsultations is the year's consultations: "you said, we did".
type AnnualConsultations struct {
	// Open is how many consultations were open for responses at some
	// time in the period (opened by its end, deadline not before its start).
	Open int
	// Points is the points raised in the period, and RaisedBy how many
	// people raised them (each point's count, added up: a count of people).
	Points, RaisedBy int
	// Responses is the responses decided in the period: Decided[stage][outcome]
	// counts them by the stage they changed (Stages) and what was done
	// (Outcomes).
	Responses int
	Decided   [][]int
	// Waiting is the points raised in the period still without a response.
	Waiting int
	// Feedback counts the feedback given in the period, by kind (FeedbackKinds).
	Feedback []int
}

// AnnualForum is one forum's figures for the period.
type AnnualForum struct {
	ID, Name        string
	Held, Cancelled int
	People          int // different people who attended
	Attendances     int
	NewMembers      int
	// OfficerVisits is how often a senior officer attended its meetings
	// in the period, and OfficerPeople how many different officers.
	OfficerVisits, OfficerPeople int
	// Contacts is the senior officers' logged contacts with it in the
	// period in person (a visit, a one-to-one, a board seat), and
	// Written their written replies.
	Contacts, Written int
	// LastMet is when it last met a senior officer up to the end of the
	// period: a meeting one attended, or a logged contact other than a
	// written reply (zero: never).
	LastMet civil.Date
}

// AnnualMonth is one calendar month (London) of the period.
type AnnualMonth struct {
	Start       civil.Date // the first of the month
	Held        int
	Attendances int
}

// Label is the month as "Apr 2026".
func (m AnnualMonth) Label() string { return m.Start.Time(time.UTC).Format("Jan 2006") }

// AnnualRole is one role's attendance.
type AnnualRole struct {
	Role        Role
	People      int
	Attendances int
}

// PaymentTotals are involvement payments totalled by the ledger's rule.
type PaymentTotals struct {
	Paid     Pence // received, and paid in the period
	Due      Pence // received, not yet paid, for involvement in the period
	Donated  Pence // given to a cause: shown, not received
	Declined Pence // turned down: nothing paid
	Hours    Hundredths
	People   int // different people with a payment that counts (not rejected)
}

// Received is what people received or are due: paid and due.
func (t PaymentTotals) Received() Pence { return t.Paid + t.Due }

// PaidOut is what leaves the partnership's hands: received, and donated.
func (t PaymentTotals) PaidOut() Pence { return t.Paid + t.Due + t.Donated }

// FinancialYear is the UK financial year a label names: "2026-27" (or
// "2026/27", "2026-2027") is 1 April 2026 to 31 March 2027.
func FinancialYear(label string) (from, to civil.Date, err error) {
	m := yearPattern.FindStringSubmatch(strings.TrimSpace(label))
	if m == nil {
		return from, to, fmt.Errorf("%q is not a financial year: write it like 2026-27", label)
	}
	a, _ := strconv.Atoi(m[1])
	b, _ := strconv.Atoi(m[2])
	next := a + 1
	if (len(m[2]) == 2 && b != next%100) || (len(m[2]) == 4 && b != next) {
		return from, to, fmt.Errorf("%q is not a financial year: the second year must follow the first (%d-%02d)", label, a, next%100)
	}
	return civil.New(a, time.April, 1), civil.New(next, time.March, 31), nil
}

var yearPattern = regexp.MustCompile(`^([0-9]{4})[-/]([0-9]{2}|[0-9]{4})$`)

// YearLabel names the financial year holding d: "2026-27".
func YearLabel(d civil.Date) string {
	y := d.Year
	if d.Month < time.April {
		y--
	}
	return fmt.Sprintf("%d-%02d", y, (y+1)%100)
}

// AnnualReport gathers the figures for the period from–to (London dates,
// both included).
func (s *Store) AnnualReport(ctx context.Context, from, to civil.Date) (Annual, error) {
	if err := s.allow(ctx, "AnnualReport"); err != nil {
		return Annual{}, err
	}
	a := Annual{From: from, To: to}
	if !from.Valid() || !to.Valid() {
		return a, fmt.Errorf("a report needs a first and a last day")
	}
	if to.Before(from) {
		return a, fmt.Errorf("the report ends (%s) before it starts (%s)", to, from)
	}
	lo, hi := ts(from.Time(London)), ts(to.AddDays(1).Time(London))
	for m := civil.New(from.Year, from.Month, 1); !m.After(to); m = m.AddMonths(1) {
		a.Months = append(a.Months, AnnualMonth{Start: m})
	}
	forums, err := s.inner().Forums(ctx)
	if err != nil {
		return a, err
	}
	byID := map[string]*AnnualForum{}
	a.Forums = make([]AnnualForum, len(forums))
	for i, f := range forums {
		a.Forums[i] = AnnualForum{ID: f.ID, Name: f.Name}
	}
	sort.SliceStable(a.Forums, func(i, j int) bool {
		return strings.ToLower(a.Forums[i].Name) < strings.ToLower(a.Forums[j].Name)
	})
	for i := range a.Forums {
		byID[a.Forums[i].ID] = &a.Forums[i]
	}
	// each runs a query and hands each row's columns to fn.
	each := func(q string, args []any, dest func() []any, fn func()) error {
		rows, err := s.db.QueryContext(ctx, q, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			if err := rows.Scan(dest()...); err != nil {
				return err
			}
			fn()
		}
		return rows.Err()
	}
	var id, when, status string
	var n1, n2 int
	var newest civil.Date

	// Meetings: per forum and per month.
	type meetingAt struct {
		forum *AnnualForum
		month int
	}
	meetings := map[int64]meetingAt{}
	var rowid int64
	if err := each(`SELECT rowid, forum_id, starts_at, status FROM meetings WHERE starts_at >= ? AND starts_at < ?`, []any{lo, hi},
		func() []any { return []any{&rowid, &id, &when, &status} },
		func() {
			f, month := byID[id], monthIndex(a.Months, parseTS(when))
			switch MeetingStatus(status) {
			case MeetingHeld:
				f.Held++
				if month >= 0 {
					a.Months[month].Held++
				}
			case MeetingCancelled:
				f.Cancelled++
				return // nobody attends a cancelled meeting
			}
			meetings[rowid] = meetingAt{f, month}
		}); err != nil {
		return a, err
	}

	// Attendance: one pass over the period's "attended", counted here by
	// forum, month and role (a role read once per person).
	roleOf := map[string]Role{}
	var role string
	if err := each(`SELECT id, role FROM people`, nil, func() []any { return []any{&id, &role} },
		func() { roleOf[id] = Role(role) }); err != nil {
		return a, err
	}
	type pair struct {
		forum  *AnnualForum
		person string
	}
	seenIn := map[pair]bool{}
	people := map[string]bool{}
	roles := map[Role]*AnnualRole{}
	for _, r := range Roles {
		roles[r] = &AnnualRole{Role: r}
	}
	if err := each(`SELECT g.rowid, a.person_id FROM meetings g JOIN attendance a ON a.meeting_id = g.id
		WHERE a.status = 'attended' AND g.status != 'cancelled' AND g.starts_at >= ? AND g.starts_at < ?`, []any{lo, hi},
		func() []any { return []any{&rowid, &id} },
		func() {
			m := meetings[rowid]
			m.forum.Attendances++
			if m.month >= 0 {
				a.Months[m.month].Attendances++
			}
			if k := (pair{m.forum, id}); !seenIn[k] {
				seenIn[k] = true
				m.forum.People++
			}
			r := roles[roleOf[id]]
			if r == nil { // a role this version does not know
				r = &AnnualRole{Role: roleOf[id]}
				roles[roleOf[id]] = r
			}
			r.Attendances++
			if !people[id] {
				people[id] = true
				r.People++
			}
		}); err != nil {
		return a, err
	}
	for _, r := range Roles {
		a.Roles = append(a.Roles, *roles[r])
		a.People += roles[r].People
		a.Attendances += roles[r].Attendances
	}

	// Senior officers at forum meetings: in the period, and the last time
	// up to its end. (Read from the officers, who are few: CROSS JOIN
	// keeps SQLite from starting at the meetings.)
	if err := each(`SELECT g.forum_id, count(*) FILTER (WHERE g.starts_at >= ?1), count(DISTINCT a.person_id) FILTER (WHERE g.starts_at >= ?1), max(g.starts_at)
		FROM people p CROSS JOIN attendance a ON a.person_id = p.id CROSS JOIN meetings g ON g.id = a.meeting_id
		WHERE p.role = 'senior_officer' AND a.status = 'attended' AND g.status != 'cancelled' AND g.starts_at < ?2
		GROUP BY g.forum_id`, []any{lo, hi},
		func() []any { return []any{&id, &n1, &n2, &when} },
		func() {
			f := byID[id]
			f.OfficerVisits, f.OfficerPeople, f.LastMet = n1, n2, civil.In(parseTS(when), London)
		}); err != nil {
		return a, err
	}
	if err := s.annualContacts(ctx, byID, from, to); err != nil {
		return a, err
	}

	// New members.
	if err := each(`SELECT forum_id, count(*) FROM memberships WHERE created_at >= ? AND created_at < ? GROUP BY forum_id`, []any{lo, hi},
		func() []any { return []any{&id, &n1} },
		func() { byID[id].NewMembers = n1 }); err != nil {
		return a, err
	}
	if err := s.db.QueryRowContext(ctx, `SELECT count(DISTINCT person_id) FROM memberships WHERE created_at >= ? AND created_at < ?`,
		lo, hi).Scan(&a.NewMembers); err != nil {
		return a, err
	}

	// Transport.
	if err := s.db.QueryRowContext(ctx, `SELECT count(*), count(DISTINCT b.person_id)
		FROM transport_bookings b JOIN meetings g ON g.id = b.meeting_id
		WHERE b.status IN ('booked', 'confirmed') AND b.travelled != 'no' AND g.status != 'cancelled'
			AND g.starts_at >= ? AND g.starts_at < ?`, lo, hi).Scan(&a.Journeys, &a.JourneyPeople); err != nil {
		return a, err
	}

	// Money: the expenses report itself, and the payments by the ledger's rule.
	if a.Expenses, err = s.inner().ExpensesReport(ctx, from.String(), to.String(), ""); err != nil {
		return a, err
	}
	claimants := map[string]bool{}
	for _, l := range a.Expenses.Lines {
		if l.Status != StatusRejected && l.PersonID != "" {
			claimants[l.PersonID] = true
		}
	}
	a.ExpensePeople = len(claimants)
	if a.Payments, err = s.inner().PaymentTotals(ctx, from, to); err != nil {
		return a, err
	}

	// Stories.
	stories, err := s.inner().Stories(ctx, StoryFilter{})
	if err != nil {
		return a, err
	}
	for _, st := range stories {
		if !st.CreatedAt.Before(from.Time(London)) && st.CreatedAt.Before(to.AddDays(1).Time(London)) {
			a.StoriesAdded++
		}
		if ok, _ := st.Shown(UseForums, to.String()); ok {
			a.StoriesReadable++
		}
	}
	if a.StoryReadings, a.StoriesRead, err = s.inner().StoryReadings(ctx, from, to); err != nil {
		return a, err
	}
	if a.Consultations, err = s.annualConsultations(ctx, from, to); err != nil {
		return a, err
	}
	if a.Training, err = s.annualTraining(ctx, from, to); err != nil {
		return a, err
	}
	// Reach beside the newest reference population, if there is one.
	q := ReachQuery{From: from, To: to}
	refs, err := s.inner().References(ctx)
	if err != nil {
		return a, err
	}
	for _, r := range refs {
		if q.ReferenceID == "" || r.AsOf.After(newest) {
			q.ReferenceID, newest = r.ID, r.AsOf
		}
	}
	if a.Reach, err = s.inner().Reach(ctx, q); err != nil {
		return a, err
	}
	return a, nil
}

// monthIndex is the month of months holding t (London), or -1.
func monthIndex(months []AnnualMonth, t time.Time) int {
	d := civil.In(t, London)
	for i, m := range months {
		if m.Start.Year == d.Year && m.Start.Month == d.Month {
			return i
		}
	}
	return -1
}

// PaymentTotals totals the involvement payments that count in the period
// from–to by the ledger's rule: money in the period holding the day it was
// paid (or while unpaid, the day of the involvement), hours on the day of
// the involvement, rejected payments not at all. The totals agree to the
// penny with the ledger's months (Ledger, Standings) over the same days,
// and read the same indexes Standings does.
func (s *Store) PaymentTotals(ctx context.Context, from, to civil.Date) (PaymentTotals, error) {
	if err := s.allow(ctx, "PaymentTotals"); err != nil {
		return PaymentTotals{}, err
	}
	var t PaymentTotals
	lo, hi := from.String(), to.String()
	var paid, due, donated, declined, hours int64
	if err := s.db.QueryRowContext(ctx, `SELECT
			coalesce(sum(CASE WHEN status = 'paid' THEN `+receivedSQL+` END), 0),
			coalesce(sum(CASE WHEN status != 'paid' THEN `+receivedSQL+` END), 0),
			coalesce(sum(`+donatedSQL+`), 0),
			coalesce(sum(CASE choice WHEN 'decline' THEN amount_pence ELSE 0 END), 0)
		FROM payments INDEXED BY payments_ledger
		WHERE ledger_date BETWEEN ? AND ? AND status != 'rejected'`, lo, hi).Scan(&paid, &due, &donated, &declined); err != nil {
		return t, err
	}
	if err := s.db.QueryRowContext(ctx, `SELECT coalesce(sum(hours), 0) FROM payments INDEXED BY payments_date
		WHERE payment_date BETWEEN ? AND ? AND status != 'rejected'`, lo, hi).Scan(&hours); err != nil {
		return t, err
	}
	// Everyone whose money or hours count in the period.
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM (
			SELECT person_id FROM payments INDEXED BY payments_ledger
				WHERE ledger_date BETWEEN ?1 AND ?2 AND status != 'rejected' AND person_id IS NOT NULL
			UNION
			SELECT person_id FROM payments INDEXED BY payments_date
				WHERE payment_date BETWEEN ?1 AND ?2 AND status != 'rejected' AND person_id IS NOT NULL)`, lo, hi).Scan(&t.People); err != nil {
		return t, err
	}
	t.Paid, t.Due, t.Donated, t.Declined, t.Hours = Pence(paid), Pence(due), Pence(donated), Pence(declined), Hundredths(hours)
	return t, nil
}

// annualConsultations counts the consultations, points, responses and
// feedback of the period.
func (s *Store) annualConsultations(ctx context.Context, from, to civil.Date) (AnnualConsultations, error) {
	c := AnnualConsultations{Feedback: make([]int, len(FeedbackKinds)), Decided: make([][]int, len(Stages))}
	for i := range c.Decided {
		c.Decided[i] = make([]int, len(Outcomes))
	}
	lo, hi := from.String(), to.String()
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM consultations WHERE opens <= ? AND deadline >= ?`, hi, lo).Scan(&c.Open); err != nil {
		return c, err
	}
	if err := s.db.QueryRowContext(ctx, `SELECT count(*), coalesce(sum(raised_by), 0),
			count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM consultation_responses r WHERE r.point_id = p.id))
		FROM consultation_points p WHERE raised_on BETWEEN ? AND ?`, lo, hi).Scan(&c.Points, &c.RaisedBy, &c.Waiting); err != nil {
		return c, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT stage, outcome, count(*) FROM consultation_responses
		WHERE decided_on BETWEEN ? AND ? GROUP BY stage, outcome`, lo, hi)
	if err != nil {
		return c, err
	}
	for rows.Next() {
		var stage, outcome string
		var n int
		if err := rows.Scan(&stage, &outcome, &n); err != nil {
			rows.Close()
			return c, err
		}
		si, oi := slices.Index(Stages, Stage(stage)), slices.Index(Outcomes, Outcome(outcome))
		if si >= 0 && oi >= 0 {
			c.Decided[si][oi] += n
		}
		c.Responses += n
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return c, err
	}
	rows, err = s.db.QueryContext(ctx, `SELECT kind, count(*) FROM consultation_feedback WHERE given_on BETWEEN ? AND ? GROUP BY kind`, lo, hi)
	if err != nil {
		return c, err
	}
	defer rows.Close()
	for rows.Next() {
		var kind string
		var n int
		if err := rows.Scan(&kind, &n); err != nil {
			return c, err
		}
		if i := slices.Index(FeedbackKinds, FeedbackKind(kind)); i >= 0 {
			c.Feedback[i] = n
		}
	}
	return c, rows.Err()
}

// AnnualTraining is the year's training of health and care workers
// co-delivered by people with lived experience.
type AnnualTraining struct {
	Sessions int
	// Learners is the learners at the sessions, added up; CoTrainers how
	// many different people co-delivered, and Places their places at
	// sessions (a person at three sessions has three).
	Learners, CoTrainers, Places int
	// Hours is the co-trainers' preparation and delivery, added up.
	Hours Hundredths
	// ByProfession is the sessions and learners by the learners'
	// profession (Professions), and ByKind the sessions by how people
	// took part (TrainingKinds).
	ByProfession [][2]int
	ByKind       []int
	// Score is the learners' average feedback score out of 5 in
	// hundredths, weighted by their replies (Replies of them); 0 with none.
	Score, Replies int
}

// annualTraining counts the training sessions of the period.
func (s *Store) annualTraining(ctx context.Context, from, to civil.Date) (AnnualTraining, error) {
	t := AnnualTraining{ByProfession: make([][2]int, len(Professions)), ByKind: make([]int, len(TrainingKinds))}
	lo, hi := from.String(), to.String()
	rows, err := s.db.QueryContext(ctx, `SELECT profession, involvement, count(*), coalesce(sum(learners), 0),
			coalesce(sum(feedback_score * feedback_responses), 0), coalesce(sum(feedback_responses), 0)
		FROM training_sessions WHERE session_date BETWEEN ? AND ? GROUP BY profession, involvement`, lo, hi)
	if err != nil {
		return t, err
	}
	var scoreSum int
	for rows.Next() {
		var prof, kind string
		var n, learners, score, replies int
		if err := rows.Scan(&prof, &kind, &n, &learners, &score, &replies); err != nil {
			rows.Close()
			return t, err
		}
		t.Sessions += n
		t.Learners += learners
		scoreSum += score
		t.Replies += replies
		if i := slices.Index(Professions, Profession(prof)); i >= 0 {
			t.ByProfession[i][0] += n
			t.ByProfession[i][1] += learners
		}
		if i := slices.Index(TrainingKinds, TrainingKind(kind)); i >= 0 {
			t.ByKind[i] += n
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return t, err
	}
	if t.Replies > 0 {
		t.Score = (scoreSum + t.Replies/2) / t.Replies
	}
	var hours int64
	err = s.db.QueryRowContext(ctx, `SELECT count(DISTINCT r.person_id), count(*), coalesce(sum(r.prep_hours + r.delivery_hours), 0)
		FROM training_trainers r JOIN training_sessions x ON x.id = r.session_id
		WHERE x.session_date BETWEEN ? AND ?`, lo, hi).Scan(&t.CoTrainers, &t.Places, &hours)
	t.Hours = Hundredths(hours)
	return t, err
}

// annualContacts adds the logged contacts to the forums: those in the
// period (met in person, and written replies), and the last time each met
// a senior officer up to the period's end.
func (s *Store) annualContacts(ctx context.Context, byID map[string]*AnnualForum, from, to civil.Date) error {
	rows, err := s.db.QueryContext(ctx, `SELECT cf.forum_id,
			count(*) FILTER (WHERE c.contact_date >= ?1 AND c.kind != 'written'),
			count(*) FILTER (WHERE c.contact_date >= ?1 AND c.kind = 'written'),
			coalesce(max(c.contact_date) FILTER (WHERE c.kind != 'written'), '')
		FROM contact_forums cf JOIN contacts c ON c.id = cf.contact_id
		WHERE c.contact_date <= ?2 GROUP BY cf.forum_id`, from.String(), to.String())
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id, last string
		var met, written int
		if err := rows.Scan(&id, &met, &written, &last); err != nil {
			return err
		}
		f := byID[id]
		if f == nil {
			continue
		}
		f.Contacts, f.Written = met, written
		if d, err := civil.ParseOptional(last); err == nil && d.After(f.LastMet) {
			f.LastMet = d
		}
	}
	return rows.Err()
}
