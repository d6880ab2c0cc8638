package store

import (
	"database/sql"
	"time"

	"github.com/involve/involve/civil"
)

// The consultations' records in `involve export --json`: one list per
// table, each record as stored (names of people are not copied in; they
// are in "people").

// ExportConsultation is a consultation as exported (its forums are in
// consultation_forums).
type ExportConsultation struct {
	Meta
	Title        string     `json:"title"`
	Organisation string     `json:"organisation"`
	OfficerID    string     `json:"officer_id"`
	Decider      string     `json:"decider"`
	Question     string     `json:"question"`
	Options      string     `json:"options"`
	Papers       string     `json:"papers"`
	Fixed        string     `json:"cannot_change"`
	Opens        civil.Date `json:"opens"`
	Deadline     civil.Date `json:"deadline"`
	Channels     []Channel  `json:"channels"`
	Ladder       Ladder     `json:"ladder"`
	Promised     Rung       `json:"promised"`
	Achieved     Rung       `json:"achieved"`
	Status       LoopStatus `json:"status"`
}

// ExportConsultationForum is one forum a consultation asks.
type ExportConsultationForum struct {
	ID             string    `json:"id"`
	ConsultationID string    `json:"consultation_id"`
	ForumID        string    `json:"forum_id"`
	CreatedAt      time.Time `json:"created_at"`
	UpdatedAt      time.Time `json:"updated_at"`
	Version        int64     `json:"version"`
}

// ExportPoint is a point as stored (its response is in
// consultation_responses).
type ExportPoint struct {
	Meta
	ConsultationID  string     `json:"consultation_id"`
	MeetingID       string     `json:"meeting_id"`
	RaisedOn        civil.Date `json:"raised_on"`
	Text            string     `json:"text"`
	RaisedBy        int        `json:"raised_by"`
	Quote           string     `json:"quote"`
	SpeakerID       string     `json:"speaker_id"`
	QuoteConsent    civil.Date `json:"quote_consent"`
	QuoteConsentHow string     `json:"quote_consent_how"`
}

// ExportAgendaSection records the Matters arising section involve keeps
// in a meeting's agenda.
type ExportAgendaSection struct {
	ID        string    `json:"id"`
	MeetingID string    `json:"meeting_id"`
	Digest    string    `json:"digest"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	Version   int64     `json:"version"`
}

func consultationExportSections() []exportSection {
	return []exportSection{
		{"consultations", "SELECT " + consultationCols + consultationFrom + " ORDER BY c.created_at, c.id", func(r *sql.Rows) (any, error) {
			var c Consultation
			if err := scanConsultation(r, &c); err != nil {
				return nil, err
			}
			if c.Channels == nil {
				c.Channels = []Channel{}
			}
			return ExportConsultation{Meta: c.Meta, Title: c.Title, Organisation: c.Organisation, OfficerID: c.OfficerID,
				Decider: c.Decider, Question: c.Question, Options: c.Options, Papers: c.Papers, Fixed: c.Fixed, Opens: c.Opens,
				Deadline: c.Deadline, Channels: c.Channels, Ladder: c.Ladder, Promised: c.Promised, Achieved: c.Achieved,
				Status: c.Status}, nil
		}},
		{"consultation_forums", `SELECT id, consultation_id, forum_id, created_at, updated_at, version FROM consultation_forums
			ORDER BY consultation_id, created_at, id`, func(r *sql.Rows) (any, error) {
			var f ExportConsultationForum
			var created, updated string
			err := r.Scan(&f.ID, &f.ConsultationID, &f.ForumID, &created, &updated, &f.Version)
			f.CreatedAt, f.UpdatedAt = parseTS(created), parseTS(updated)
			return f, err
		}},
		{"consultation_points", `SELECT id, created_at, updated_at, version, consultation_id, coalesce(meeting_id, ''), raised_on,
			text, raised_by, quote, coalesce(speaker_id, ''), quote_consent, quote_consent_how FROM consultation_points
			ORDER BY consultation_id, raised_on, created_at, id`, func(r *sql.Rows) (any, error) {
			var p ExportPoint
			ms := metaScan{m: &p.Meta}
			err := r.Scan(append(ms.dest(), &p.ConsultationID, &p.MeetingID, &p.RaisedOn, &p.Text, &p.RaisedBy, &p.Quote,
				&p.SpeakerID, &p.QuoteConsent, &p.QuoteConsentHow)...)
			ms.finish()
			return p, err
		}},
		{"consultation_responses", `SELECT id, created_at, updated_at, version, point_id, outcome, reason, decided_by, decided_on,
			stage, impact_check FROM consultation_responses ORDER BY created_at, id`, func(r *sql.Rows) (any, error) {
			var x Response
			ms := metaScan{m: &x.Meta}
			err := r.Scan(append(ms.dest(), &x.PointID, &x.Outcome, &x.Reason, &x.DecidedBy, &x.DecidedOn, &x.Stage, &x.ImpactCheck)...)
			ms.finish()
			return x, err
		}},
		{"consultation_feedback", "SELECT " + feedbackCols + " FROM consultation_feedback ORDER BY consultation_id, given_on, created_at, id",
			func(r *sql.Rows) (any, error) {
				var e FeedbackEvent
				ms := metaScan{m: &e.Meta}
				err := r.Scan(append(ms.dest(), &e.ConsultationID, &e.Kind, &e.On, &e.Channel, &e.Note)...)
				ms.finish()
				return e, err
			}},
		{"agenda_sections", "SELECT id, meeting_id, digest, created_at, updated_at, version FROM agenda_sections ORDER BY created_at, id",
			func(r *sql.Rows) (any, error) {
				var a ExportAgendaSection
				var created, updated string
				err := r.Scan(&a.ID, &a.MeetingID, &a.Digest, &created, &updated, &a.Version)
				a.CreatedAt, a.UpdatedAt = parseTS(created), parseTS(updated)
				return a, err
			}},
	}
}
