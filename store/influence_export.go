package store

import (
	"database/sql"
	"time"

	"github.com/involve/involve/civil"
)

// ExportContact is a logged senior officer's contact as exported: the
// columns as stored (officer_name only for an officer not in People).
type ExportContact struct {
	Meta
	Kind           ContactKind `json:"kind"`
	Date           civil.Date  `json:"date"`
	OfficerID      string      `json:"officer_id"`
	OfficerName    string      `json:"officer_name"`
	Organisation   string      `json:"organisation"`
	Title          string      `json:"title"`
	Topics         string      `json:"topics"`
	ConsultationID string      `json:"consultation_id"`
}

// ExportLink is a row joining two records (a contact and a forum, a
// training session and a story), as exported.
type ExportLink struct {
	ID        string    `json:"id"`
	FromID    string    `json:"-"`
	ToID      string    `json:"-"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	Version   int64     `json:"version"`
}

// ExportContactForum is one forum a logged contact was with.
type ExportContactForum struct {
	ExportLink
	ContactID string `json:"contact_id"`
	ForumID   string `json:"forum_id"`
}

// influenceExportSections are the export's lists of senior officers'
// contacts and training sessions: contacts, contact_forums,
// training_sessions, training_trainers and training_stories. (Contacts at
// meetings are not listed: they are the attendance records of senior
// officers. A co-trainer's payments are in payments, with their
// training_id.)
func influenceExportSections() []exportSection {
	return []exportSection{
		{"contacts", "SELECT " + contactCols + " FROM contacts ORDER BY contact_date, created_at, id", func(r *sql.Rows) (any, error) {
			var c ExportContact
			ms := metaScan{m: &c.Meta}
			var officer, consultation sql.NullString
			if err := r.Scan(append(ms.dest(), &c.Kind, &c.Date, &officer, &c.OfficerName, &c.Organisation, &c.Title,
				&c.Topics, &consultation)...); err != nil {
				return nil, err
			}
			ms.finish()
			c.OfficerID, c.ConsultationID = officer.String, consultation.String
			return c, nil
		}},
		{"contact_forums", "SELECT id, contact_id, forum_id, created_at, updated_at, version FROM contact_forums ORDER BY contact_id, forum_id",
			func(r *sql.Rows) (any, error) {
				var l ExportContactForum
				err := scanLink(r, &l.ExportLink, &l.ContactID, &l.ForumID)
				return l, err
			}},
		{"training_sessions", "SELECT " + trainingCols + " FROM training_sessions ORDER BY session_date, created_at, id", func(r *sql.Rows) (any, error) {
			var t TrainingSession
			err := scanTraining(r, &t)
			return t, err
		}},
		{"training_trainers", "SELECT " + trainerCols + " FROM training_trainers ORDER BY session_id, created_at, id", func(r *sql.Rows) (any, error) {
			var t Trainer
			ms := metaScan{m: &t.Meta}
			var briefed, debriefed int
			if err := r.Scan(append(ms.dest(), &t.SessionID, &t.PersonID, &briefed, &debriefed, &t.PrepHours, &t.DeliveryHours,
				&t.Feedback)...); err != nil {
				return nil, err
			}
			ms.finish()
			t.Briefed, t.Debriefed = briefed == 1, debriefed == 1
			return t, nil
		}},
		{"training_stories", "SELECT id, session_id, story_id, created_at, updated_at, version FROM training_stories ORDER BY session_id, story_id",
			func(r *sql.Rows) (any, error) {
				var l ExportTrainingStory
				err := scanLink(r, &l.ExportLink, &l.SessionID, &l.StoryID)
				return l, err
			}},
	}
}

// ExportTrainingStory is one story a training session used.
type ExportTrainingStory struct {
	ExportLink
	SessionID string `json:"session_id"`
	StoryID   string `json:"story_id"`
}

func scanLink(r *sql.Rows, l *ExportLink, from, to *string) error {
	var created, updated string
	if err := r.Scan(&l.ID, from, to, &created, &updated, &l.Version); err != nil {
		return err
	}
	l.CreatedAt, l.UpdatedAt = parseTS(created), parseTS(updated)
	return nil
}
