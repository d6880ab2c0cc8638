package store

import (
	"context"
	"strings"

	"github.com/involve/involve/civil"
)

// The "you said, we did" board of a forum: the points raised at its
// meetings, each with what was done about it and why. It names nobody:
// not who raised a point, not who decided; a quote shows only with its
// speaker's consent (given on or before the day), and then without their
// name.

// Board is a forum's "you said, we did" board.
type Board struct {
	ForumID, Forum string
	From, To       civil.Date // the points raised on these days, both included (zero: no limit)
	Today          civil.Date
	Consultations  []BoardConsultation
}

// Points counts the points on the board.
func (b Board) Points() int {
	n := 0
	for _, c := range b.Consultations {
		n += len(c.Points)
	}
	return n
}

// BoardConsultation is one consultation on a board, with the forum's
// points.
type BoardConsultation struct {
	ID, Title, Organisation string
	Status                  LoopStatus
	Deadline                civil.Date
	Points                  []BoardPoint
}

// BoardPoint is one "you said" and its "we did".
type BoardPoint struct {
	Text     string
	RaisedBy int
	RaisedOn civil.Date
	Quote    string // only with the speaker's consent; never their name
	// Done is nil while the point awaits a decision.
	Done *BoardResponse
}

// BoardResponse is what was done, and why, without who decided.
type BoardResponse struct {
	Outcome   Outcome
	Reason    string
	Stage     Stage
	DecidedOn civil.Date
}

// Board gathers a forum's board: the points raised at its meetings from
// from to to (a zero date is no limit), grouped by consultation, the
// latest consultation first.
func (s *Store) Board(ctx context.Context, forumID string, from, to civil.Date) (Board, error) {
	if err := s.allow(ctx, "Board"); err != nil {
		return Board{}, err
	}
	f, err := s.inner().Forum(ctx, forumID)
	if err != nil {
		return Board{}, err
	}
	b := Board{ForumID: f.ID, Forum: f.Name, From: from, To: to, Today: s.civilToday()}
	where := []string{"g.forum_id = ?"}
	args := []any{forumID}
	if !from.IsZero() {
		where, args = append(where, "p.raised_on >= ?"), append(args, from)
	}
	if !to.IsZero() {
		where, args = append(where, "p.raised_on <= ?"), append(args, to)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT c.id, c.title, c.organisation, c.status, c.deadline,
		p.text, p.raised_by, p.raised_on, p.quote, p.quote_consent,
		coalesce(r.outcome, ''), coalesce(r.reason, ''), coalesce(r.stage, ''), coalesce(r.decided_on, '')
		FROM consultation_points p
		JOIN meetings g ON g.id = p.meeting_id
		JOIN consultations c ON c.id = p.consultation_id
		LEFT JOIN consultation_responses r ON r.point_id = p.id
		WHERE `+strings.Join(where, " AND ")+`
		ORDER BY c.deadline DESC, c.title COLLATE NOCASE, c.id, p.raised_on, p.created_at, p.id`, args...)
	if err != nil {
		return b, err
	}
	defer rows.Close()
	for rows.Next() {
		var c BoardConsultation
		var p BoardPoint
		var consent civil.Date
		var r BoardResponse
		if err := rows.Scan(&c.ID, &c.Title, &c.Organisation, &c.Status, &c.Deadline, &p.Text, &p.RaisedBy, &p.RaisedOn,
			&p.Quote, &consent, &r.Outcome, &r.Reason, &r.Stage, &r.DecidedOn); err != nil {
			return b, err
		}
		if consent.IsZero() || consent.After(b.Today) {
			p.Quote = ""
		}
		if r.Outcome != "" {
			p.Done = &r
		}
		if n := len(b.Consultations); n == 0 || b.Consultations[n-1].ID != c.ID {
			b.Consultations = append(b.Consultations, c)
		}
		last := &b.Consultations[len(b.Consultations)-1]
		last.Points = append(last.Points, p)
	}
	return b, rows.Err()
}
