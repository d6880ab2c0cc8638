package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/involve/involve/civil"
	"github.com/involve/involve/termsafe"
)

// Limits on a consultation's parts.
const (
	maxConsultTitleRunes = 200
	maxConsultTextBytes  = 256 << 10 // the question, options, papers, what cannot change
	maxPointRunes        = 2000
	maxRaisedBy          = 100000
)

// civilToday is the store's London date.
func (s *Store) civilToday() civil.Date { return civil.In(s.now(), London) }

// ---- consultations ----

const consultationCols = `c.id, c.created_at, c.updated_at, c.version, c.title, c.organisation, coalesce(c.officer_id, ''),
	coalesce(nullif(o.preferred_name, ''), o.name, ''), c.decider, c.question, c.options, c.papers, c.fixed, c.opens, c.deadline,
	c.ch_forum, c.ch_survey, c.ch_focus_group, c.ch_one_to_one, c.ladder, c.promised, c.achieved, c.status`

const consultationFrom = ` FROM consultations c LEFT JOIN people o ON o.id = c.officer_id`

func scanConsultation(sc interface{ Scan(...any) error }, c *Consultation) error {
	ms := metaScan{m: &c.Meta}
	var ch [4]int
	err := sc.Scan(append(ms.dest(), &c.Title, &c.Organisation, &c.OfficerID, &c.OfficerName, &c.Decider, &c.Question,
		&c.Options, &c.Papers, &c.Fixed, &c.Opens, &c.Deadline, &ch[0], &ch[1], &ch[2], &ch[3], &c.Ladder,
		&c.Promised, &c.Achieved, &c.Status)...)
	if err != nil {
		return err
	}
	ms.finish()
	c.Channels = nil
	for i, on := range ch {
		if on == 1 {
			c.Channels = append(c.Channels, Channels[i])
		}
	}
	return nil
}

func (c *Consultation) clean() {
	c.Title = termsafe.Line(c.Title)
	c.Organisation = termsafe.Line(c.Organisation)
	c.Decider = termsafe.Line(c.Decider)
	c.Question = termsafe.Clean(c.Question)
	c.Options = termsafe.Clean(c.Options)
	c.Papers = termsafe.Clean(c.Papers)
	c.Fixed = termsafe.Clean(c.Fixed)
	c.OfficerID = strings.TrimSpace(c.OfficerID)
}

// Validate checks a consultation before it is saved (what can be checked
// without the database: that the officer is a senior officer and the
// forums exist is checked on saving).
func (c *Consultation) Validate() error {
	if strings.TrimSpace(c.Title) == "" {
		return fieldErr("Title", "a consultation needs a title")
	}
	if utf8.RuneCountInString(c.Title) > maxConsultTitleRunes {
		return fieldErr("Title", "that title is too long (%d characters at most)", maxConsultTitleRunes)
	}
	for _, f := range []struct{ name, text string }{{"Question", c.Question}, {"Options", c.Options},
		{"Papers", c.Papers}, {"What cannot change", c.Fixed}} {
		if len(f.text) > maxConsultTextBytes {
			return fieldErr(f.name, "that is too long (%d KiB at most)", maxConsultTextBytes>>10)
		}
	}
	if !c.Opens.Valid() {
		return fieldErr("Opens", "say when the consultation opens")
	}
	if !c.Deadline.Valid() {
		return fieldErr("Deadline", "say when responses are due")
	}
	if c.Deadline.Before(c.Opens) {
		return fieldErr("Deadline", "the deadline (%s) is before the consultation opens (%s)", c.Deadline, c.Opens)
	}
	seen := map[Channel]bool{}
	for _, ch := range c.Channels {
		if !slices.Contains(Channels, ch) {
			return fieldErr("Channels", "unknown channel %q (use: %s)", ch, codes(Channels))
		}
		if seen[ch] {
			return fieldErr("Channels", "%s is listed twice", ch.Label())
		}
		seen[ch] = true
	}
	if c.Ladder == "" {
		c.Ladder = LadderTLAP
	}
	if !slices.Contains(Ladders, c.Ladder) {
		return fieldErr("Ladder", "unknown ladder %q (use tlap or arnstein)", c.Ladder)
	}
	for _, r := range []struct {
		name string
		rung Rung
	}{{"Promised", c.Promised}, {"Achieved", c.Achieved}} {
		if r.rung != "" && c.Ladder.Step(r.rung) == 0 {
			return fieldErr(r.name, "%q is not a rung of the %s (use: %s)", r.rung, c.Ladder.Label(), codes(c.Ladder.Rungs()))
		}
	}
	if c.Status == "" {
		c.Status = LoopOpen
	}
	if c.Status.index() < 0 {
		return fieldErr("Status", "unknown status %q", c.Status)
	}
	seenForum := map[string]bool{}
	for _, id := range c.ForumIDs {
		if seenForum[id] {
			return fieldErr("Forums", "a forum is listed twice")
		}
		seenForum[id] = true
	}
	return nil
}

// Consultation loads one consultation with its forums, points, responses
// and feedback.
func (s *Store) Consultation(ctx context.Context, id string) (ConsultationDetail, error) {
	if err := s.allow(ctx, "Consultation"); err != nil {
		return ConsultationDetail{}, err
	}
	return s.consultationDetail(ctx, s.db, id)
}

func (s *Store) consultationDetail(ctx context.Context, q queryer, id string) (ConsultationDetail, error) {
	var d ConsultationDetail
	err := scanConsultation(q.QueryRowContext(ctx, "SELECT "+consultationCols+consultationFrom+" WHERE c.id = ?", id), &d.Consultation)
	if errors.Is(err, sql.ErrNoRows) {
		return d, ErrNotFound
	}
	if err != nil {
		return d, err
	}
	if err := s.loadConsultationForums(ctx, q, &d.Consultation); err != nil {
		return d, err
	}
	if d.Points, err = s.points(ctx, q, "WHERE p.consultation_id = ? ORDER BY p.raised_on, p.created_at, p.id", id); err != nil {
		return d, err
	}
	d.Feedback, err = s.feedbackEvents(ctx, q, id)
	return d, err
}

func (s *Store) loadConsultationForums(ctx context.Context, q queryer, c *Consultation) error {
	rows, err := q.QueryContext(ctx, `SELECT f.id, f.name FROM consultation_forums cf JOIN forums f ON f.id = cf.forum_id
		WHERE cf.consultation_id = ? ORDER BY f.name COLLATE NOCASE`, c.ID)
	if err != nil {
		return err
	}
	defer rows.Close()
	c.ForumIDs, c.Forums = nil, nil
	for rows.Next() {
		var id, name string
		if err := rows.Scan(&id, &name); err != nil {
			return err
		}
		c.ForumIDs = append(c.ForumIDs, id)
		c.Forums = append(c.Forums, name)
	}
	return rows.Err()
}

// ConsultationByPrefix finds a consultation by its id, or enough of the
// start of it to pick one.
func (s *Store) ConsultationByPrefix(ctx context.Context, prefix string) (ConsultationDetail, error) {
	if err := s.allow(ctx, "ConsultationByPrefix"); err != nil {
		return ConsultationDetail{}, err
	}
	p := strings.ToLower(strings.TrimSpace(prefix))
	if p == "" {
		return ConsultationDetail{}, errors.New("give the consultation's id, or enough of the start of it to pick one consultation")
	}
	rows, err := s.db.QueryContext(ctx, "SELECT id, title FROM consultations WHERE substr(id, 1, length(?1)) = ?1 ORDER BY id LIMIT 6", p)
	if err != nil {
		return ConsultationDetail{}, err
	}
	var ids, names []string
	for rows.Next() {
		var id, title string
		if err := rows.Scan(&id, &title); err != nil {
			rows.Close()
			return ConsultationDetail{}, err
		}
		ids = append(ids, id)
		names = append(names, id+" ("+title+")")
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return ConsultationDetail{}, err
	}
	switch len(ids) {
	case 0:
		return ConsultationDetail{}, fmt.Errorf("no consultation has an id starting %q (involve consultations list shows them)", termsafe.Line(prefix))
	case 1:
		return s.inner().Consultation(ctx, ids[0])
	}
	more := ""
	if len(ids) > 5 {
		names, more = names[:5], " and more"
	}
	return ConsultationDetail{}, fmt.Errorf("%q is the start of more than one consultation's id: %s%s; give more of it",
		termsafe.Line(prefix), strings.Join(names, ", "), more)
}

// ConsultationFilter narrows the list of consultations.
type ConsultationFilter struct {
	Status  LoopStatus // only this status
	Live    bool       // only those not yet fed back
	ForumID string     // only those asking this forum
}

// Consultations lists consultations: those still in the loop first (the
// soonest deadline first), then those fed back or closed (the latest
// first).
func (s *Store) Consultations(ctx context.Context, f ConsultationFilter) ([]ConsultationSummary, error) {
	if err := s.allow(ctx, "Consultations"); err != nil {
		return nil, err
	}
	var where []string
	var args []any
	if f.Status != "" {
		where, args = append(where, "c.status = ?"), append(args, f.Status)
	}
	if f.Live {
		where = append(where, "c.status IN ('open', 'closed_to_responses', 'awaiting_decision')")
	}
	if f.ForumID != "" {
		where, args = append(where, "c.id IN (SELECT consultation_id FROM consultation_forums WHERE forum_id = ?)"), append(args, f.ForumID)
	}
	cond := ""
	if len(where) > 0 {
		cond = " WHERE " + strings.Join(where, " AND ")
	}
	weeks, err := s.feedbackWeeks(ctx)
	if err != nil {
		return nil, err
	}
	return s.consultationSummaries(ctx, weeks, cond+` ORDER BY c.status IN ('fed_back', 'closed'),
		CASE WHEN c.status IN ('fed_back', 'closed') THEN '' ELSE c.deadline END, c.deadline DESC, c.title COLLATE NOCASE, c.id`, args...)
}

const consultationSummarySelect = `SELECT c.id, c.title, c.organisation, c.decider, c.status, c.opens, c.deadline, c.version,
	(SELECT count(*) FROM consultation_points p WHERE p.consultation_id = c.id),
	(SELECT count(*) FROM consultation_points p WHERE p.consultation_id = c.id
		AND NOT EXISTS (SELECT 1 FROM consultation_responses r WHERE r.point_id = p.id)),
	coalesce((SELECT group_concat(f.name, char(31)) FROM consultation_forums cf JOIN forums f ON f.id = cf.forum_id
		WHERE cf.consultation_id = c.id), '')
	FROM consultations c`

// consultationSummaries lists the consultations rest selects, with their
// feedback due weeks after their deadlines.
func (s *Store) consultationSummaries(ctx context.Context, weeks int, rest string, args ...any) ([]ConsultationSummary, error) {
	rows, err := s.db.QueryContext(ctx, consultationSummarySelect+rest, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	today := s.civilToday()
	var out []ConsultationSummary
	for rows.Next() {
		var c ConsultationSummary
		var forums string
		if err := rows.Scan(&c.ID, &c.Title, &c.Organisation, &c.Decider, &c.Status, &c.Opens, &c.Deadline, &c.Version,
			&c.Points, &c.Awaiting, &forums); err != nil {
			return nil, err
		}
		if forums != "" {
			c.Forums = strings.Split(forums, "\x1f")
			slices.SortFunc(c.Forums, func(a, b string) int { return strings.Compare(strings.ToLower(a), strings.ToLower(b)) })
		}
		c.FeedbackDue = FeedbackDue(c.Deadline, weeks)
		c.Overdue = c.Status.Live() && today.After(c.FeedbackDue)
		out = append(out, c)
	}
	return out, rows.Err()
}

// FeedbackDue is when full feedback is due: weeks after the deadline.
func FeedbackDue(deadline civil.Date, weeks int) civil.Date { return deadline.AddDays(7 * weeks) }

// SaveConsultation inserts a new consultation (empty ID; it starts open, on
// the ladder the setting picks when none is given) or updates one that has
// not changed since it was loaded. Its status is moved only by
// MoveConsultation. The next agendas of the forums asked (and of any taken
// off it) are brought up to date in the same transaction.
func (s *Store) SaveConsultation(ctx context.Context, c *Consultation) error {
	if err := s.allow(ctx, "SaveConsultation"); err != nil {
		return err
	}
	c.clean()
	d := *c
	if d.ID == "" {
		d.Status = LoopOpen
		if d.Ladder == "" {
			set, err := s.inner().ConsultationSettings(ctx)
			if err != nil {
				return err
			}
			d.Ladder = set.Ladder
		}
	}
	if err := d.Validate(); err != nil {
		return err
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if d.OfficerID != "" {
			var name, preferred string
			var role Role
			err := tx.QueryRowContext(ctx, "SELECT name, preferred_name, role FROM people WHERE id = ?", d.OfficerID).Scan(&name, &preferred, &role)
			if errors.Is(err, sql.ErrNoRows) {
				return fieldErr("Senior officer", "that person is no longer in People")
			}
			if err != nil {
				return err
			}
			if role != RoleSeniorOfficer {
				return fieldErr("Senior officer", "%s is not a senior officer (their role is %s): choose a senior officer, or change their role in People first",
					DisplayName(name, preferred), strings.ToLower(role.Label()))
			}
			d.OfficerName = DisplayName(name, preferred)
		} else {
			d.OfficerName = ""
		}
		ch := make([]int, len(Channels))
		for i, x := range Channels {
			ch[i] = boolInt(d.HasChannel(x))
		}
		var oldForums []string
		if d.ID == "" {
			s.newMeta(&d.Meta)
			if _, err := tx.ExecContext(ctx, `INSERT INTO consultations (id, created_at, updated_at, version, title, organisation,
				officer_id, decider, question, options, papers, fixed, opens, deadline, ch_forum, ch_survey, ch_focus_group,
				ch_one_to_one, ladder, promised, achieved, status) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
				d.ID, ts(d.CreatedAt), ts(d.UpdatedAt), d.Version, d.Title, d.Organisation, nullable(d.OfficerID), d.Decider,
				d.Question, d.Options, d.Papers, d.Fixed, d.Opens, d.Deadline, ch[0], ch[1], ch[2], ch[3], d.Ladder,
				d.Promised, d.Achieved, d.Status); err != nil {
				return err
			}
		} else {
			var status LoopStatus
			if err := tx.QueryRowContext(ctx, "SELECT status FROM consultations WHERE id = ?", d.ID).Scan(&status); err != nil {
				if errors.Is(err, sql.ErrNoRows) {
					return ErrNotFound
				}
				return err
			}
			d.Status = status // moved only by MoveConsultation
			var err error
			if oldForums, err = stringsOf(ctx, tx, "SELECT forum_id FROM consultation_forums WHERE consultation_id = ?", d.ID); err != nil {
				return err
			}
			old := d.Version
			s.bump(&d.Meta)
			res, err := tx.ExecContext(ctx, `UPDATE consultations SET title=?, organisation=?, officer_id=?, decider=?, question=?,
				options=?, papers=?, fixed=?, opens=?, deadline=?, ch_forum=?, ch_survey=?, ch_focus_group=?, ch_one_to_one=?,
				ladder=?, promised=?, achieved=?, updated_at=?, version=? WHERE id=? AND version=?`,
				d.Title, d.Organisation, nullable(d.OfficerID), d.Decider, d.Question, d.Options, d.Papers, d.Fixed, d.Opens,
				d.Deadline, ch[0], ch[1], ch[2], ch[3], d.Ladder, d.Promised, d.Achieved, ts(d.UpdatedAt), d.Version, d.ID, old)
			if err != nil {
				return err
			}
			if err := checkUpdated(ctx, tx, res, "consultations", d.ID); err != nil {
				return err
			}
		}
		if err := s.setConsultationForums(ctx, tx, d.ID, d.ForumIDs, oldForums); err != nil {
			return err
		}
		if err := s.loadConsultationForums(ctx, tx, &d); err != nil {
			return err
		}
		if d.ID != "" && len(oldForums) > 0 {
			// A forum taken off a consultation keeps no point raised at its
			// meetings for it.
			var stray int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM consultation_points p JOIN meetings g ON g.id = p.meeting_id
				WHERE p.consultation_id = ? AND g.forum_id NOT IN (SELECT forum_id FROM consultation_forums WHERE consultation_id = ?)`,
				d.ID, d.ID).Scan(&stray); err != nil {
				return err
			}
			if stray > 0 {
				return fieldErr("Forums", "%s raised at the meetings of a forum you took off it: keep that forum, or delete those points first",
					plural(stray, "point was", "points were"))
			}
		}
		_, err := s.refreshAgendas(ctx, tx, union(oldForums, d.ForumIDs))
		return err
	})
	if err != nil {
		return err
	}
	*c = d
	return nil
}

// setConsultationForums makes the consultation's forums exactly ids.
func (s *Store) setConsultationForums(ctx context.Context, tx *sql.Tx, id string, ids, old []string) error {
	for _, f := range old {
		if !slices.Contains(ids, f) {
			if _, err := tx.ExecContext(ctx, "DELETE FROM consultation_forums WHERE consultation_id = ? AND forum_id = ?", id, f); err != nil {
				return err
			}
		}
	}
	now := s.stamp()
	for _, f := range ids {
		if slices.Contains(old, f) {
			continue
		}
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM forums WHERE id = ?", f).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return fieldErr("Forums", "a forum chosen no longer exists")
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO consultation_forums (id, consultation_id, forum_id, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?)`, newID(), id, f, now, now); err != nil {
			return err
		}
	}
	return nil
}

// ConsultationImpact counts what deleting a consultation also removes.
func (s *Store) ConsultationImpact(ctx context.Context, id string) (points, responses, feedback int, err error) {
	if err := s.allow(ctx, "ConsultationImpact"); err != nil {
		return 0, 0, 0, err
	}
	err = s.db.QueryRowContext(ctx, `SELECT
		(SELECT count(*) FROM consultation_points WHERE consultation_id = ?1),
		(SELECT count(*) FROM consultation_responses r JOIN consultation_points p ON p.id = r.point_id WHERE p.consultation_id = ?1),
		(SELECT count(*) FROM consultation_feedback WHERE consultation_id = ?1)`, id).Scan(&points, &responses, &feedback)
	return
}

// DeleteConsultation removes a consultation with its points, responses and
// feedback, and takes it out of the next agendas.
func (s *Store) DeleteConsultation(ctx context.Context, id string, version int64) error {
	if err := s.allow(ctx, "DeleteConsultation"); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		forums, err := stringsOf(ctx, tx, "SELECT forum_id FROM consultation_forums WHERE consultation_id = ?", id)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, "DELETE FROM consultations WHERE id = ? AND version = ?", id, version)
		if err != nil {
			return err
		}
		if err := checkUpdated(ctx, tx, res, "consultations", id); err != nil {
			return err
		}
		_, err = s.refreshAgendas(ctx, tx, forums)
		return err
	})
}

// SeniorOfficers lists the people whose role is senior officer, by name.
func (s *Store) SeniorOfficers(ctx context.Context) ([]Member, error) {
	if err := s.allow(ctx, "SeniorOfficers"); err != nil {
		return nil, err
	}
	return s.members(ctx, `SELECT id, name, preferred_name, role FROM people WHERE role = 'senior_officer'
		ORDER BY coalesce(nullif(preferred_name, ''), name) COLLATE NOCASE`)
}

// ---- points ("you said") ----

const pointSelect = `SELECT p.id, p.created_at, p.updated_at, p.version, p.consultation_id, coalesce(p.meeting_id, ''),
	p.raised_on, p.text, p.raised_by, p.quote, coalesce(p.speaker_id, ''), p.quote_consent, p.quote_consent_how,
	coalesce(nullif(sp.preferred_name, ''), sp.name, ''), coalesce(f.name, ''), coalesce(g.starts_at, ''),
	coalesce(r.id, ''), coalesce(r.created_at, ''), coalesce(r.updated_at, ''), coalesce(r.version, 0), coalesce(r.outcome, ''),
	coalesce(r.reason, ''), coalesce(r.decided_by, ''), coalesce(r.decided_on, ''), coalesce(r.stage, ''), coalesce(r.impact_check, '')
	FROM consultation_points p
	LEFT JOIN people sp ON sp.id = p.speaker_id
	LEFT JOIN meetings g ON g.id = p.meeting_id
	LEFT JOIN forums f ON f.id = g.forum_id
	LEFT JOIN consultation_responses r ON r.point_id = p.id `

func (s *Store) points(ctx context.Context, q queryer, rest string, args ...any) ([]Point, error) {
	rows, err := q.QueryContext(ctx, pointSelect+rest, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Point
	for rows.Next() {
		var p Point
		var r Response
		var start string
		pm, rm := metaScan{m: &p.Meta}, metaScan{m: &r.Meta}
		dest := append(pm.dest(), &p.ConsultationID, &p.MeetingID, &p.RaisedOn, &p.Text, &p.RaisedBy, &p.Quote, &p.SpeakerID,
			&p.QuoteConsent, &p.QuoteConsentHow, &p.SpeakerName, &p.MeetingForum, &start)
		dest = append(dest, rm.dest()...)
		dest = append(dest, &r.Outcome, &r.Reason, &r.DecidedBy, &r.DecidedOn, &r.Stage, &r.ImpactCheck)
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		pm.finish()
		if start != "" {
			p.MeetingStart = parseTS(start)
		}
		if r.ID != "" {
			rm.finish()
			r.PointID = p.ID
			p.Response = &r
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// Point loads one point with its response.
func (s *Store) Point(ctx context.Context, id string) (Point, error) {
	if err := s.allow(ctx, "Point"); err != nil {
		return Point{}, err
	}
	ps, err := s.points(ctx, s.db, "WHERE p.id = ?", id)
	if err != nil {
		return Point{}, err
	}
	if len(ps) == 0 {
		return Point{}, ErrNotFound
	}
	return ps[0], nil
}

func (p *Point) clean() {
	p.Text = termsafe.Clean(strings.TrimSpace(p.Text))
	p.Quote = termsafe.Clean(strings.TrimSpace(p.Quote))
	p.QuoteConsentHow = strings.ToLower(strings.TrimSpace(p.QuoteConsentHow))
	if p.Quote == "" {
		// Anonymous: nobody is named with a point that quotes nobody.
		p.SpeakerID, p.QuoteConsent, p.QuoteConsentHow = "", civil.Date{}, ""
	}
}

// Validate checks a point before it is saved, on the store's today (a
// consent to be quoted cannot be dated in the future).
func (p *Point) Validate(today civil.Date) error {
	if p.ConsultationID == "" {
		return fieldErr("Consultation", "choose the consultation the point was raised for")
	}
	if strings.TrimSpace(p.Text) == "" {
		return fieldErr("Point", "say what was said")
	}
	if utf8.RuneCountInString(p.Text) > maxPointRunes {
		return fieldErr("Point", "that is too long for one point (%d characters at most): split it into two", maxPointRunes)
	}
	if p.RaisedBy < 1 || p.RaisedBy > maxRaisedBy {
		return fieldErr("Raised by", "how many people raised it: a whole number from 1")
	}
	if p.RaisedOn.IsZero() && p.MeetingID == "" {
		return fieldErr("Raised on", "say when it was raised")
	}
	if !p.RaisedOn.IsZero() && !p.RaisedOn.Valid() {
		return fieldErr("Raised on", "that is not a date")
	}
	if p.Quote != "" {
		if utf8.RuneCountInString(p.Quote) > maxPointRunes {
			return fieldErr("Quote", "that quote is too long (%d characters at most)", maxPointRunes)
		}
		switch {
		case p.SpeakerID == "":
			return fieldErr("Speaker", "a quote needs its speaker, who agreed to be quoted: choose them, or leave the quote empty (points are anonymous)")
		case p.QuoteConsent.IsZero():
			return fieldErr("Consent to quote", "say when the speaker agreed to be quoted, or leave the quote empty")
		case !p.QuoteConsent.Valid():
			return fieldErr("Consent to quote", "that is not a date")
		case p.QuoteConsent.After(today):
			return fieldErr("Consent to quote", "consent dated %s has not been given yet (today is %s)", p.QuoteConsent, today)
		case p.QuoteConsentHow != ConsentWritten && p.QuoteConsentHow != ConsentVerbal:
			return fieldErr("Consent given", "say how the speaker agreed: written or verbal")
		}
	}
	return nil
}

// SavePoint inserts a new point (empty ID) or updates one that has not
// changed since it was loaded. A point is added only while the
// consultation is open, and changed only until it has been fed back; one
// raised at a meeting must be from a meeting of a forum the consultation
// asks, and is dated on the meeting's day unless RaisedOn says otherwise.
func (s *Store) SavePoint(ctx context.Context, p *Point) error {
	if err := s.allow(ctx, "SavePoint"); err != nil {
		return err
	}
	p.clean()
	q := *p
	today := s.civilToday()
	if err := q.Validate(today); err != nil {
		return err
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		c, err := s.consultationHead(ctx, tx, q.ConsultationID)
		if err != nil {
			return err
		}
		if q.ID == "" && c.status != LoopOpen {
			return fmt.Errorf("%q is %s: points are added only while it is open (move it back to open to add one)",
				c.title, strings.ToLower(c.status.Label()))
		}
		if err := c.mustBeLive("change its points"); err != nil {
			return err
		}
		if q.MeetingID != "" {
			var forumID, forumName, start string
			err := tx.QueryRowContext(ctx, `SELECT g.forum_id, f.name, g.starts_at FROM meetings g JOIN forums f ON f.id = g.forum_id
				WHERE g.id = ?`, q.MeetingID).Scan(&forumID, &forumName, &start)
			if errors.Is(err, sql.ErrNoRows) {
				return fieldErr("Meeting", "that meeting no longer exists")
			}
			if err != nil {
				return err
			}
			var asked int
			if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM consultation_forums WHERE consultation_id = ? AND forum_id = ?",
				q.ConsultationID, forumID).Scan(&asked); err != nil {
				return err
			}
			if asked == 0 {
				return fieldErr("Meeting", "that is a meeting of %s, which %q does not ask: add the forum to the consultation first", forumName, c.title)
			}
			day := civil.In(parseTS(start), London)
			if day.After(today) {
				return fieldErr("Meeting", "the meeting of %s on %s has not happened yet: add the point at the meeting, or from its register on the day",
					forumName, longDate(day))
			}
			if q.RaisedOn.IsZero() {
				q.RaisedOn = day
			}
		}
		if q.SpeakerID != "" {
			var n int
			if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM people WHERE id = ?", q.SpeakerID).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				return fieldErr("Speaker", "that person is no longer in People")
			}
		}
		if q.ID == "" {
			s.newMeta(&q.Meta)
			if _, err := tx.ExecContext(ctx, `INSERT INTO consultation_points (id, created_at, updated_at, version, consultation_id,
				meeting_id, raised_on, text, raised_by, quote, speaker_id, quote_consent, quote_consent_how)
				VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)`, q.ID, ts(q.CreatedAt), ts(q.UpdatedAt), q.Version, q.ConsultationID,
				nullable(q.MeetingID), q.RaisedOn, q.Text, q.RaisedBy, q.Quote, nullable(q.SpeakerID), q.QuoteConsent,
				q.QuoteConsentHow); err != nil {
				return err
			}
		} else {
			old := q.Version
			s.bump(&q.Meta)
			res, err := tx.ExecContext(ctx, `UPDATE consultation_points SET meeting_id=?, raised_on=?, text=?, raised_by=?, quote=?,
				speaker_id=?, quote_consent=?, quote_consent_how=?, updated_at=?, version=? WHERE id=? AND version=? AND consultation_id=?`,
				nullable(q.MeetingID), q.RaisedOn, q.Text, q.RaisedBy, q.Quote, nullable(q.SpeakerID), q.QuoteConsent,
				q.QuoteConsentHow, ts(q.UpdatedAt), q.Version, q.ID, old, q.ConsultationID)
			if err != nil {
				return err
			}
			if err := checkUpdated(ctx, tx, res, "consultation_points", q.ID); err != nil {
				return err
			}
		}
		_, err = s.refreshAgendas(ctx, tx, c.forums)
		return err
	})
	if err != nil {
		return err
	}
	*p = q
	return nil
}

// DeletePoint removes a point and its response (only until the
// consultation has been fed back).
func (s *Store) DeletePoint(ctx context.Context, id string, version int64) error {
	if err := s.allow(ctx, "DeletePoint"); err != nil {
		return err
	}
	return s.deleteLive(ctx, "consultation_points", id, version,
		"SELECT consultation_id FROM consultation_points WHERE id = ?", "delete a point")
}

// deleteLive deletes a point or a response, at the version it was loaded
// at, while its consultation is still in the loop, and brings the next
// agendas of its forums up to date. consultationOf finds the
// consultation's id from the record's.
func (s *Store) deleteLive(ctx context.Context, table, id string, version int64, consultationOf, what string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		var cid string
		err := tx.QueryRowContext(ctx, consultationOf, id).Scan(&cid)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		c, err := s.consultationHead(ctx, tx, cid)
		if err != nil {
			return err
		}
		if err := c.mustBeLive(what); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, "DELETE FROM "+table+" WHERE id = ? AND version = ?", id, version)
		if err != nil {
			return err
		}
		if err := checkUpdated(ctx, tx, res, table, id); err != nil {
			return err
		}
		_, err = s.refreshAgendas(ctx, tx, c.forums)
		return err
	})
}

// consultHead is what the rules about a consultation's parts need to know.
type consultHead struct {
	id, title string
	status    LoopStatus
	opens     civil.Date
	forums    []string
}

// mustBeLive refuses a change to a point or response once the
// consultation has been fed back: they stand as they were fed back.
func (h consultHead) mustBeLive(what string) error {
	if h.status.Live() {
		return nil
	}
	return fmt.Errorf("%q has been %s: move it back to awaiting decision to %s", h.title, strings.ToLower(h.status.Label()), what)
}

func (s *Store) consultationHead(ctx context.Context, tx queryer, id string) (consultHead, error) {
	h := consultHead{id: id}
	err := tx.QueryRowContext(ctx, "SELECT title, status, opens FROM consultations WHERE id = ?", id).Scan(&h.title, &h.status, &h.opens)
	if errors.Is(err, sql.ErrNoRows) {
		return h, fieldErr("Consultation", "that consultation no longer exists")
	}
	if err != nil {
		return h, err
	}
	h.forums, err = stringsOf(ctx, tx, "SELECT forum_id FROM consultation_forums WHERE consultation_id = ?", id)
	return h, err
}

// ---- responses ("we did") ----

func (r *Response) clean() {
	r.Reason = termsafe.Clean(strings.TrimSpace(r.Reason))
	r.DecidedBy = termsafe.Line(r.DecidedBy)
}

// Validate checks a response before it is saved, on the store's today (a
// decision cannot be dated in the future).
func (r *Response) Validate(today civil.Date) error {
	if r.PointID == "" {
		return fieldErr("Point", "choose the point this responds to")
	}
	if !slices.Contains(Outcomes, r.Outcome) {
		return fieldErr("Outcome", "say whether it was done, partly done or not done")
	}
	reason := strings.TrimSpace(r.Reason)
	for _, p := range []string{"because …", "because...", "because …", "because"} {
		if strings.EqualFold(reason, p) {
			reason = ""
		}
	}
	if reason == "" {
		return fieldErr("Because", "a response needs its reason: say why it was (or was not) done")
	}
	if utf8.RuneCountInString(r.Reason) > maxPointRunes {
		return fieldErr("Because", "that is too long (%d characters at most)", maxPointRunes)
	}
	if strings.TrimSpace(r.DecidedBy) == "" {
		return fieldErr("Decided by", "say who decided")
	}
	if !r.DecidedOn.Valid() {
		return fieldErr("Decided on", "say when it was decided")
	}
	if r.DecidedOn.After(today) {
		return fieldErr("Decided on", "%s has not come yet (today is %s): record a decision once it is made", r.DecidedOn, today)
	}
	if !slices.Contains(Stages, r.Stage) {
		return fieldErr("Stage", "unknown stage %q (use: %s)", r.Stage, codes(Stages[1:]))
	}
	if r.Stage == StageNone && r.Outcome != OutcomeNotDone {
		return fieldErr("Stage", "say which stage it changed (planning, development, delivery, commissioning, recruitment or evaluation)")
	}
	if !r.ImpactCheck.IsZero() {
		if !r.ImpactCheck.Valid() {
			return fieldErr("Check impact on", "that is not a date")
		}
		if r.ImpactCheck.Before(r.DecidedOn) {
			return fieldErr("Check impact on", "the check (%s) comes before the decision (%s)", r.ImpactCheck, r.DecidedOn)
		}
	}
	return nil
}

// SaveResponse records the response to a point (a new one when ID is
// empty) or updates one that has not changed since it was loaded. A
// response is recorded or changed only until the consultation has been
// fed back.
func (s *Store) SaveResponse(ctx context.Context, r *Response) error {
	if err := s.allow(ctx, "SaveResponse"); err != nil {
		return err
	}
	r.clean()
	q := *r
	if err := q.Validate(s.civilToday()); err != nil {
		return err
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var cid string
		if err := tx.QueryRowContext(ctx, "SELECT consultation_id FROM consultation_points WHERE id = ?", q.PointID).Scan(&cid); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return fieldErr("Point", "that point no longer exists")
			}
			return err
		}
		c, err := s.consultationHead(ctx, tx, cid)
		if err != nil {
			return err
		}
		if err := c.mustBeLive("change a response"); err != nil {
			return err
		}
		if q.ID == "" {
			s.newMeta(&q.Meta)
			_, err := tx.ExecContext(ctx, `INSERT INTO consultation_responses (id, created_at, updated_at, version, point_id, outcome,
				reason, decided_by, decided_on, stage, impact_check) VALUES (?,?,?,?,?,?,?,?,?,?,?)`,
				q.ID, ts(q.CreatedAt), ts(q.UpdatedAt), q.Version, q.PointID, q.Outcome, q.Reason, q.DecidedBy, q.DecidedOn,
				q.Stage, q.ImpactCheck)
			if isUnique(err) {
				return errors.New("that point has a response already (someone recorded it meanwhile): reopen the point to change it")
			}
			if err != nil {
				return err
			}
		} else {
			old := q.Version
			s.bump(&q.Meta)
			res, err := tx.ExecContext(ctx, `UPDATE consultation_responses SET outcome=?, reason=?, decided_by=?, decided_on=?, stage=?,
				impact_check=?, updated_at=?, version=? WHERE id=? AND version=? AND point_id=?`,
				q.Outcome, q.Reason, q.DecidedBy, q.DecidedOn, q.Stage, q.ImpactCheck, ts(q.UpdatedAt), q.Version, q.ID, old, q.PointID)
			if err != nil {
				return err
			}
			if err := checkUpdated(ctx, tx, res, "consultation_responses", q.ID); err != nil {
				return err
			}
		}
		_, err = s.refreshAgendas(ctx, tx, c.forums)
		return err
	})
	if err != nil {
		return err
	}
	*r = q
	return nil
}

// DeleteResponse removes the response to a point (only until the
// consultation has been fed back).
func (s *Store) DeleteResponse(ctx context.Context, id string, version int64) error {
	if err := s.allow(ctx, "DeleteResponse"); err != nil {
		return err
	}
	return s.deleteLive(ctx, "consultation_responses", id, version, `SELECT p.consultation_id FROM consultation_responses r
		JOIN consultation_points p ON p.id = r.point_id WHERE r.id = ?`, "change a response")
}

// ---- feedback events ----

const feedbackCols = "id, created_at, updated_at, version, consultation_id, kind, given_on, channel, note"

func (s *Store) feedbackEvents(ctx context.Context, q queryer, consultationID string) ([]FeedbackEvent, error) {
	rows, err := q.QueryContext(ctx, "SELECT "+feedbackCols+` FROM consultation_feedback WHERE consultation_id = ?
		ORDER BY given_on, created_at, id`, consultationID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []FeedbackEvent
	for rows.Next() {
		var e FeedbackEvent
		ms := metaScan{m: &e.Meta}
		if err := rows.Scan(append(ms.dest(), &e.ConsultationID, &e.Kind, &e.On, &e.Channel, &e.Note)...); err != nil {
			return nil, err
		}
		ms.finish()
		out = append(out, e)
	}
	return out, rows.Err()
}

// Validate checks a feedback event before it is saved, on the store's
// today (feedback is recorded once given, so never in the future).
func (e *FeedbackEvent) Validate(today civil.Date) error {
	if e.ConsultationID == "" {
		return fieldErr("Consultation", "choose the consultation the feedback was about")
	}
	if !slices.Contains(FeedbackKinds, e.Kind) {
		return fieldErr("Kind", "say which feedback it was: initial, interim or full")
	}
	if !slices.Contains(FeedbackChannels, e.Channel) {
		return fieldErr("Channel", "say how it was given (use: %s)", codes(FeedbackChannels))
	}
	if !e.On.Valid() {
		return fieldErr("Given on", "say when the feedback was given")
	}
	if e.On.After(today) {
		return fieldErr("Given on", "%s has not come yet (today is %s): record feedback once it is given", e.On, today)
	}
	return nil
}

// SaveFeedback records a feedback event (a new one when ID is empty) or
// updates one that has not changed since it was loaded. A change that
// would leave the consultation in a status it could not have reached (the
// only full feedback of one fed back made interim) is refused.
func (s *Store) SaveFeedback(ctx context.Context, e *FeedbackEvent) error {
	if err := s.allow(ctx, "SaveFeedback"); err != nil {
		return err
	}
	e.Note = termsafe.Clean(strings.TrimSpace(e.Note))
	q := *e
	if err := q.Validate(s.civilToday()); err != nil {
		return err
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		c, err := s.consultationHead(ctx, tx, q.ConsultationID)
		if err != nil {
			return err
		}
		if q.On.Before(c.opens) {
			return fieldErr("Given on", "%s is before the consultation opened (%s)", q.On, c.opens)
		}
		if q.ID == "" {
			s.newMeta(&q.Meta)
			if _, err := tx.ExecContext(ctx, "INSERT INTO consultation_feedback ("+feedbackCols+") VALUES (?,?,?,?,?,?,?,?,?)",
				q.ID, ts(q.CreatedAt), ts(q.UpdatedAt), q.Version, q.ConsultationID, q.Kind, q.On, q.Channel, q.Note); err != nil {
				return err
			}
		} else {
			old := q.Version
			s.bump(&q.Meta)
			res, err := tx.ExecContext(ctx, `UPDATE consultation_feedback SET kind=?, given_on=?, channel=?, note=?, updated_at=?, version=?
				WHERE id=? AND version=? AND consultation_id=?`, q.Kind, q.On, q.Channel, q.Note, ts(q.UpdatedAt), q.Version, q.ID, old,
				q.ConsultationID)
			if err != nil {
				return err
			}
			if err := checkUpdated(ctx, tx, res, "consultation_feedback", q.ID); err != nil {
				return err
			}
		}
		return s.checkStatusHolds(ctx, tx, q.ConsultationID)
	})
	if err != nil {
		return err
	}
	*e = q
	return nil
}

// DeleteFeedback removes a feedback event, unless the consultation's status
// rests on it (the initial feedback of one awaiting a decision, the full
// feedback of one fed back): move the status back first.
func (s *Store) DeleteFeedback(ctx context.Context, id string, version int64) error {
	if err := s.allow(ctx, "DeleteFeedback"); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		var cid string
		err := tx.QueryRowContext(ctx, "SELECT consultation_id FROM consultation_feedback WHERE id = ?", id).Scan(&cid)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, "DELETE FROM consultation_feedback WHERE id = ? AND version = ?", id, version)
		if err != nil {
			return err
		}
		if err := checkUpdated(ctx, tx, res, "consultation_feedback", id); err != nil {
			return err
		}
		return s.checkStatusHolds(ctx, tx, cid)
	})
}

// ---- helpers ----

// stringsOf runs a query returning one text column.
func stringsOf(ctx context.Context, q queryer, query string, args ...any) ([]string, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// union is the strings in a or b, each once, in order.
func union(a, b []string) []string {
	out := slices.Clone(a)
	for _, x := range b {
		if !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}

// PersonConsultation is a consultation a person took part in, as their
// page would list it: as the senior officer asking it, or as someone quoted
// in it. Points are anonymous otherwise, so these are the only
// consultations a person is known to have raised points in.
type PersonConsultation struct {
	ID, Title string
	Status    LoopStatus
	Deadline  civil.Date
	Officer   bool // they were the senior officer asking
	Quoted    int  // points in which they are quoted, with their consent
}

// PersonConsultations lists the consultations a person asked (as senior
// officer) or is quoted in, the latest deadline first.
func (s *Store) PersonConsultations(ctx context.Context, personID string) ([]PersonConsultation, error) {
	if err := s.allow(ctx, "PersonConsultations"); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT c.id, c.title, c.status, c.deadline, c.officer_id IS ?1,
		(SELECT count(*) FROM consultation_points p WHERE p.consultation_id = c.id AND p.speaker_id = ?1)
		FROM consultations c
		WHERE c.officer_id = ?1 OR c.id IN (SELECT consultation_id FROM consultation_points WHERE speaker_id = ?1)
		ORDER BY c.deadline DESC, c.title COLLATE NOCASE, c.id`, personID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []PersonConsultation
	for rows.Next() {
		var pc PersonConsultation
		if err := rows.Scan(&pc.ID, &pc.Title, &pc.Status, &pc.Deadline, &pc.Officer, &pc.Quoted); err != nil {
			return nil, err
		}
		out = append(out, pc)
	}
	return out, rows.Err()
}
