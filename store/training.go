package store

// Training health and care workers.
//
// People with lived experience help train nurses, social workers, GPs,
// police and others: they plan curricula, teach, assess, sit on admissions
// panels and evaluate. A training session records what it was, for whom,
// who co-delivered it (briefed before and debriefed after), their
// preparation and delivery hours, the stories used, the learners' feedback
// and the co-trainers' own.
//
// Co-trainers' hours are paid as involvement payments, through the one
// payments API (TrainingPayment prepares the payment, SavePayment records
// it), linked to the session instead of a meeting: the ledger and its
// thresholds apply to them as to any other payment.
//
// A story is used only when its author's consent covers training, by the
// same rule that decides whether reading mode may show it (Story.Shown,
// with the training use).

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/involve/involve/civil"
	"github.com/involve/involve/termsafe"
)

// Profession is who a session trained.
type Profession string

// The professions trained.
const (
	ProfNursing    Profession = "nursing"
	ProfSocialWork Profession = "social_work"
	ProfGP         Profession = "gp"
	ProfMedicine   Profession = "medicine"
	ProfPolice     Profession = "police"
	ProfPharmacy   Profession = "pharmacy"
	ProfProbation  Profession = "probation"
	ProfParamedic  Profession = "paramedic"
	ProfOther      Profession = "other"
)

// Professions lists the professions in the order forms offer them.
var Professions = []Profession{ProfNursing, ProfSocialWork, ProfGP, ProfMedicine, ProfPolice, ProfPharmacy,
	ProfProbation, ProfParamedic, ProfOther}

// Label is who the profession's learners are, in plain English.
func (p Profession) Label() string {
	switch p {
	case ProfNursing:
		return "Nurses"
	case ProfSocialWork:
		return "Social work students"
	case ProfGP:
		return "GP trainees"
	case ProfMedicine:
		return "Medical students"
	case ProfPolice:
		return "Police"
	case ProfPharmacy:
		return "Pharmacy"
	case ProfProbation:
		return "Probation"
	case ProfParamedic:
		return "Paramedics"
	case ProfOther:
		return "Other"
	}
	return string(p)
}

// ParseProfession accepts a profession's code or label in any case.
func ParseProfession(s string) (Profession, error) {
	k := strings.NewReplacer(" ", "_", "-", "_").Replace(strings.ToLower(strings.TrimSpace(s)))
	if k == "" {
		return ProfOther, nil
	}
	for _, p := range Professions {
		if k == string(p) || k == strings.ReplaceAll(strings.ToLower(p.Label()), " ", "_") {
			return p, nil
		}
	}
	switch k {
	case "nurse", "nurses", "nursing_students":
		return ProfNursing, nil
	case "social_work", "social_workers", "social_work_student":
		return ProfSocialWork, nil
	case "gps", "gp_trainee", "gp_registrars":
		return ProfGP, nil
	case "doctors", "medical", "medicine_students":
		return ProfMedicine, nil
	case "pharmacists":
		return ProfPharmacy, nil
	}
	return "", fmt.Errorf("unknown profession %q (use one of: %s)", s, codes(Professions))
}

// TrainingKind is how people with lived experience took part in a session.
type TrainingKind string

// The kinds of involvement in training.
const (
	TrainingPlanning   TrainingKind = "planning"   // planning the session or the curriculum
	TrainingTeaching   TrainingKind = "teaching"   // teaching it
	TrainingAssessment TrainingKind = "assessment" // assessing learners
	TrainingAdmissions TrainingKind = "admissions" // selecting learners
	TrainingEvaluation TrainingKind = "evaluation" // evaluating the programme
)

// TrainingKinds lists the kinds of involvement in the order forms offer them.
var TrainingKinds = []TrainingKind{TrainingPlanning, TrainingTeaching, TrainingAssessment, TrainingAdmissions, TrainingEvaluation}

// Label is the kind of involvement in plain English.
func (k TrainingKind) Label() string {
	switch k {
	case TrainingPlanning:
		return "Planning and curriculum"
	case TrainingTeaching:
		return "Teaching"
	case TrainingAssessment:
		return "Assessment"
	case TrainingAdmissions:
		return "Admissions"
	case TrainingEvaluation:
		return "Evaluation"
	}
	return string(k)
}

// ParseTrainingKind accepts a kind's code or label in any case.
func ParseTrainingKind(s string) (TrainingKind, error) {
	k := strings.ToLower(strings.TrimSpace(s))
	for _, t := range TrainingKinds {
		if k == string(t) || k == strings.ToLower(t.Label()) {
			return t, nil
		}
	}
	switch k {
	case "curriculum", "planning/curriculum", "design":
		return TrainingPlanning, nil
	case "teach", "delivery", "co-delivery":
		return TrainingTeaching, nil
	case "assessing", "marking":
		return TrainingAssessment, nil
	case "admission", "selection", "interviews", "recruitment":
		return TrainingAdmissions, nil
	case "evaluating", "review":
		return TrainingEvaluation, nil
	}
	return "", fmt.Errorf("unknown kind of involvement %q (use one of: %s)", s, codes(TrainingKinds))
}

// TrainingSession is one session of training for health and care workers
// that people with lived experience took part in.
type TrainingSession struct {
	Meta
	Title      string       `json:"title"`
	Programme  string       `json:"programme"` // as the provider names it: "BSc Nursing (Mental Health)"
	Module     string       `json:"module"`
	Provider   string       `json:"provider"` // the university, trust or force
	Profession Profession   `json:"profession"`
	Date       civil.Date   `json:"date"`
	Venue      string       `json:"venue"`
	Learners   int          `json:"learners"`
	Kind       TrainingKind `json:"involvement"`
	// The learners' feedback: their average score out of 5 (in hundredths:
	// 430 is 4.3; 0 when none was collected) over Responses replies, and
	// what they said.
	Score     Hundredths `json:"feedback_score_hundredths"`
	Responses int        `json:"feedback_responses"`
	Comments  string     `json:"feedback_comments"`

	// Loaded for lists: how many co-trainers and stories it had.
	Trainers int `json:"-"`
	Stories  int `json:"-"`
}

func (t *TrainingSession) clean() {
	t.Title = termsafe.Line(t.Title)
	t.Programme = termsafe.Line(t.Programme)
	t.Module = termsafe.Line(t.Module)
	t.Provider = termsafe.Line(t.Provider)
	t.Venue = termsafe.Line(t.Venue)
	t.Comments = termsafe.Clean(t.Comments)
}

// Limits on a session's text.
const (
	maxTrainingLine = 200
	maxTrainingText = 4000
	// MaxLearners is the most learners a session may have.
	MaxLearners = 10000
)

// ParseScore reads an average feedback score out of 5 ("4.3", "4.25",
// "5"); "" is none.
func ParseScore(s string) (Hundredths, error) {
	if strings.TrimSpace(s) == "" {
		return 0, nil
	}
	q, err := ParseQuantity(strings.TrimSuffix(strings.TrimSpace(s), "/5"), "points")
	if err != nil {
		return 0, err
	}
	if q < 100 || q > 500 {
		return 0, fmt.Errorf("%q: an average score is from 1 to 5", strings.TrimSpace(s))
	}
	return q, nil
}

// ValidateScore accepts "" or an average score ParseScore reads.
func ValidateScore(s string) error {
	_, err := ParseScore(s)
	return err
}

// TrainingFilter selects training sessions; empty fields select everything.
type TrainingFilter struct {
	// Programme is matched whole, ignoring case and spacing.
	Programme string
	From, To  civil.Date // both included
	// PersonID keeps the sessions this person co-delivered.
	PersonID string
}

const trainingCols = "id, created_at, updated_at, version, title, programme, module, provider, profession, session_date, venue, learners, involvement, feedback_score, feedback_responses, feedback_comments"

func scanTraining(sc interface{ Scan(...any) error }, t *TrainingSession, extra ...any) error {
	ms := metaScan{m: &t.Meta}
	var score sql.NullInt64
	if err := sc.Scan(append(append(ms.dest(), &t.Title, &t.Programme, &t.Module, &t.Provider, &t.Profession, &t.Date,
		&t.Venue, &t.Learners, &t.Kind, &score, &t.Responses, &t.Comments), extra...)...); err != nil {
		return err
	}
	ms.finish()
	t.Score = Hundredths(score.Int64)
	return nil
}

// trainingWhere turns a filter into conditions on training_sessions t.
func trainingWhere(f TrainingFilter) (string, []any) {
	var where []string
	var args []any
	if p := strings.Join(strings.Fields(f.Programme), " "); p != "" {
		where = append(where, "t.programme = ? COLLATE NOCASE")
		args = append(args, p)
	}
	if !f.From.IsZero() {
		where = append(where, "t.session_date >= ?")
		args = append(args, f.From.String())
	}
	if !f.To.IsZero() {
		where = append(where, "t.session_date <= ?")
		args = append(args, f.To.String())
	}
	if f.PersonID != "" {
		where = append(where, "EXISTS (SELECT 1 FROM training_trainers r WHERE r.session_id = t.id AND r.person_id = ?)")
		args = append(args, f.PersonID)
	}
	if len(where) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(where, " AND "), args
}

// TrainingSessions lists the sessions the filter selects, the latest first,
// with how many co-trainers and stories each had.
func (s *Store) TrainingSessions(ctx context.Context, f TrainingFilter) ([]TrainingSession, error) {
	if err := s.allow(ctx, "TrainingSessions"); err != nil {
		return nil, err
	}
	where, args := trainingWhere(f)
	rows, err := s.db.QueryContext(ctx, "SELECT "+prefixed("t", trainingCols)+`,
		(SELECT count(*) FROM training_trainers r WHERE r.session_id = t.id),
		(SELECT count(*) FROM training_stories x WHERE x.session_id = t.id)
		FROM training_sessions t`+where+" ORDER BY t.session_date DESC, t.created_at DESC, t.id", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []TrainingSession
	for rows.Next() {
		var t TrainingSession
		if err := scanTraining(rows, &t, &t.Trainers, &t.Stories); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// Programmes lists the programmes sessions were for, once each (in any
// case), by name.
func (s *Store) Programmes(ctx context.Context) ([]string, error) {
	if err := s.allow(ctx, "Programmes"); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT programme FROM training_sessions WHERE programme != ''
		GROUP BY programme COLLATE NOCASE ORDER BY programme COLLATE NOCASE`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var p string
		if err := rows.Scan(&p); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// TrainingSession loads one session.
func (s *Store) TrainingSession(ctx context.Context, id string) (TrainingSession, error) {
	if err := s.allow(ctx, "TrainingSession"); err != nil {
		return TrainingSession{}, err
	}
	return s.trainingSession(ctx, s.db, id)
}

func (s *Store) trainingSession(ctx context.Context, q queryer, id string) (TrainingSession, error) {
	var t TrainingSession
	err := scanTraining(q.QueryRowContext(ctx, "SELECT "+prefixed("t", trainingCols)+`,
		(SELECT count(*) FROM training_trainers r WHERE r.session_id = t.id),
		(SELECT count(*) FROM training_stories x WHERE x.session_id = t.id)
		FROM training_sessions t WHERE t.id = ?`, id), &t, &t.Trainers, &t.Stories)
	if errors.Is(err, sql.ErrNoRows) {
		return t, ErrNotFound
	}
	return t, err
}

// SaveTrainingSession records a new session (empty ID) or changes one that
// has not changed since it was loaded.
func (s *Store) SaveTrainingSession(ctx context.Context, t *TrainingSession) error {
	if err := s.allow(ctx, "SaveTrainingSession"); err != nil {
		return err
	}
	v := *t
	v.clean()
	if err := v.check(); err != nil {
		return err
	}
	var score any
	if v.Score > 0 {
		score = int64(v.Score)
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if v.ID == "" {
			s.newMeta(&v.Meta)
			if _, err := tx.ExecContext(ctx, "INSERT INTO training_sessions ("+trainingCols+") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
				v.ID, ts(v.CreatedAt), ts(v.UpdatedAt), v.Version, v.Title, v.Programme, v.Module, v.Provider, v.Profession,
				v.Date, v.Venue, v.Learners, v.Kind, score, v.Responses, v.Comments); err != nil {
				return err
			}
		} else {
			old := v.Version
			s.bump(&v.Meta)
			res, err := tx.ExecContext(ctx, `UPDATE training_sessions SET title=?, programme=?, module=?, provider=?,
				profession=?, session_date=?, venue=?, learners=?, involvement=?, feedback_score=?, feedback_responses=?,
				feedback_comments=?, updated_at=?, version=? WHERE id=? AND version=?`,
				v.Title, v.Programme, v.Module, v.Provider, v.Profession, v.Date, v.Venue, v.Learners, v.Kind, score,
				v.Responses, v.Comments, ts(v.UpdatedAt), v.Version, v.ID, old)
			if err != nil {
				return err
			}
			if err := checkUpdated(ctx, tx, res, "training_sessions", v.ID); err != nil {
				return err
			}
		}
		saved, err := s.trainingSession(ctx, tx, v.ID)
		v = saved
		return err
	})
	if err != nil {
		return err
	}
	*t = v
	return nil
}

// check checks a session before it is saved.
func (t *TrainingSession) check() error {
	if strings.TrimSpace(t.Title) == "" {
		return fieldErr("Title", "say what the session was")
	}
	for _, f := range []struct{ name, value string }{{"Title", t.Title}, {"Programme", t.Programme},
		{"Module", t.Module}, {"Provider", t.Provider}, {"Venue", t.Venue}} {
		if len([]rune(f.value)) > maxTrainingLine {
			return fieldErr(f.name, "too long (%d characters at most)", maxTrainingLine)
		}
	}
	t.Programme = strings.Join(strings.Fields(t.Programme), " ")
	p, err := ParseProfession(string(t.Profession))
	if err != nil {
		return fieldErr("Profession", "%s", err)
	}
	t.Profession = p
	if t.Kind == "" {
		return fieldErr("Involvement", "say how people took part: %s", codes(TrainingKinds))
	}
	k, err := ParseTrainingKind(string(t.Kind))
	if err != nil {
		return fieldErr("Involvement", "%s", err)
	}
	t.Kind = k
	switch {
	case t.Date.IsZero():
		return fieldErr("Date", "say when the session is, like 2026-03-14")
	case !t.Date.Valid():
		return fieldErr("Date", "%s is not a day of the calendar", t.Date)
	case t.Learners < 0:
		return fieldErr("Learners", "the number of learners cannot be negative")
	case t.Learners > MaxLearners:
		return fieldErr("Learners", "more than %d learners: check the number", MaxLearners)
	case t.Score != 0 && (t.Score < 100 || t.Score > 500):
		return fieldErr("Average score", "an average score is from 1 to 5")
	case t.Score != 0 && t.Responses < 1:
		return fieldErr("Replies", "say how many learners gave the feedback the average is of")
	case t.Score == 0 && t.Responses != 0:
		return fieldErr("Average score", "give the learners' average score, or no number of replies")
	case t.Responses < 0 || t.Responses > MaxLearners:
		return fieldErr("Replies", "the number of replies is from 0 to %d", MaxLearners)
	case t.Learners > 0 && t.Responses > t.Learners:
		return fieldErr("Replies", "more replies (%d) than learners (%d)", t.Responses, t.Learners)
	case len([]rune(t.Comments)) > maxTrainingText:
		return fieldErr("Comments", "too long (%d characters at most)", maxTrainingText)
	}
	return nil
}

// TrainingImpact counts what deleting a session also removes: its
// co-trainers' records and its links to stories. (Its payments stay.)
func (s *Store) TrainingImpact(ctx context.Context, id string) (trainers, stories, payments int, err error) {
	if err := s.allow(ctx, "TrainingImpact"); err != nil {
		return 0, 0, 0, err
	}
	err = s.db.QueryRowContext(ctx, `SELECT
		(SELECT count(*) FROM training_trainers WHERE session_id = ?1),
		(SELECT count(*) FROM training_stories WHERE session_id = ?1),
		(SELECT count(*) FROM payments WHERE training_id = ?1)`, id).Scan(&trainers, &stories, &payments)
	return
}

// DeleteTrainingSession removes a session with its co-trainers' records and
// story links, if it has not changed since it was loaded. Its payments stay
// (they are records of money) and say which session they were for.
func (s *Store) DeleteTrainingSession(ctx context.Context, id string, version int64) error {
	if err := s.allow(ctx, "DeleteTrainingSession"); err != nil {
		return err
	}
	return s.deleteVersioned(ctx, "training_sessions", id, version)
}

// Trainer is a person with lived experience co-delivering a session.
type Trainer struct {
	Meta
	SessionID string `json:"session_id"`
	PersonID  string `json:"person_id"`
	Briefed   bool   `json:"briefed"`
	Debriefed bool   `json:"debriefed"`
	// Hours of preparation and of delivery, in hundredths (quarters).
	PrepHours     Hundredths `json:"prep_hours_hundredths"`
	DeliveryHours Hundredths `json:"delivery_hours_hundredths"`
	Feedback      string     `json:"feedback"` // their own feedback on the session

	// Loaded: who they are, and their payment for the session (the latest
	// not rejected), if any.
	Name          string     `json:"-"`
	PreferredName string     `json:"-"`
	Role          Role       `json:"-"`
	PaymentID     string     `json:"-"`
	PaymentStatus Status     `json:"-"`
	PaymentChoice Choice     `json:"-"`
	PaymentAmount Pence      `json:"-"`
	PaymentHours  Hundredths `json:"-"`
}

// Hours is their preparation and delivery hours together.
func (t Trainer) Hours() Hundredths { return t.PrepHours + t.DeliveryHours }

// DisplayName is the name they are known by.
func (t Trainer) DisplayName() string { return DisplayName(t.Name, t.PreferredName) }

// PaidFor reports whether their payment for the session covers their hours
// as they stand.
func (t Trainer) PaidFor() bool { return t.PaymentID != "" && t.PaymentHours == t.Hours() }

func (t *Trainer) clean() { t.Feedback = termsafe.Clean(t.Feedback) }

const trainerCols = "id, created_at, updated_at, version, session_id, person_id, briefed, debriefed, prep_hours, delivery_hours, feedback"

// trainerSelect reads trainerCols from training_trainers r with the person
// and their latest payment for the session that was not rejected.
const trainerSelect = "SELECT r.id, r.created_at, r.updated_at, r.version, r.session_id, r.person_id, r.briefed, r.debriefed, " +
	"r.prep_hours, r.delivery_hours, r.feedback, p.name, p.preferred_name, p.role, " +
	"coalesce(y.id, ''), coalesce(y.status, ''), coalesce(y.choice, ''), coalesce(y.amount_pence, 0), coalesce(y.hours, 0) " +
	"FROM training_trainers r JOIN people p ON p.id = r.person_id " +
	"LEFT JOIN payments y ON y.id = (SELECT z.id FROM payments z WHERE z.training_id = r.session_id AND z.person_id = r.person_id " +
	"AND z.status != 'rejected' ORDER BY z.created_at DESC, z.id DESC LIMIT 1)"

func scanTrainer(sc interface{ Scan(...any) error }, t *Trainer) error {
	ms := metaScan{m: &t.Meta}
	var briefed, debriefed int
	if err := sc.Scan(append(ms.dest(), &t.SessionID, &t.PersonID, &briefed, &debriefed, &t.PrepHours, &t.DeliveryHours,
		&t.Feedback, &t.Name, &t.PreferredName, &t.Role, &t.PaymentID, &t.PaymentStatus, &t.PaymentChoice,
		&t.PaymentAmount, &t.PaymentHours)...); err != nil {
		return err
	}
	ms.finish()
	t.Briefed, t.Debriefed = briefed == 1, debriefed == 1
	return nil
}

// Trainers lists a session's co-trainers by name, with their payments.
func (s *Store) Trainers(ctx context.Context, sessionID string) ([]Trainer, error) {
	if err := s.allow(ctx, "Trainers"); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, trainerSelect+` WHERE r.session_id = ?
		ORDER BY coalesce(nullif(p.preferred_name, ''), p.name) COLLATE NOCASE`, sessionID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Trainer
	for rows.Next() {
		var t Trainer
		if err := scanTrainer(rows, &t); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// Trainer loads one co-trainer's record.
func (s *Store) Trainer(ctx context.Context, id string) (Trainer, error) {
	if err := s.allow(ctx, "Trainer"); err != nil {
		return Trainer{}, err
	}
	return s.trainer(ctx, s.db, id)
}

func (s *Store) trainer(ctx context.Context, q queryer, id string) (Trainer, error) {
	var t Trainer
	err := scanTrainer(q.QueryRowContext(ctx, trainerSelect+" WHERE r.id = ?", id), &t)
	if errors.Is(err, sql.ErrNoRows) {
		return t, ErrNotFound
	}
	return t, err
}

// SaveTrainer adds a co-trainer to a session (empty ID) or changes their
// record if it has not changed since it was loaded. Their hours are paid
// apart: TrainingPayment, then SavePayment.
func (s *Store) SaveTrainer(ctx context.Context, t *Trainer) error {
	if err := s.allow(ctx, "SaveTrainer"); err != nil {
		return err
	}
	v := *t
	v.clean()
	switch {
	case v.PrepHours < 0 || v.DeliveryHours < 0:
		return fieldErr("Hours", "hours cannot be negative")
	case v.PrepHours > MaxQuantity || v.DeliveryHours > MaxQuantity:
		return fieldErr("Hours", "more than %s hours: check the number", MaxQuantity)
	case v.PrepHours%25 != 0:
		return fieldErr("Preparation hours", "give hours in quarters, like 1.25, 1.5 or 1.75")
	case v.DeliveryHours%25 != 0:
		return fieldErr("Delivery hours", "give hours in quarters, like 1.25, 1.5 or 1.75")
	case len([]rune(v.Feedback)) > maxTrainingText:
		return fieldErr("Their feedback", "too long (%d characters at most)", maxTrainingText)
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if v.ID == "" {
			if v.SessionID == "" {
				return fieldErr("Session", "choose the training session")
			}
			if n, err := count(ctx, tx, "SELECT count(*) FROM training_sessions WHERE id = ?", v.SessionID); err != nil {
				return err
			} else if n == 0 {
				return fieldErr("Session", "that training session no longer exists")
			}
			if v.PersonID == "" {
				return fieldErr("Person", "choose who co-delivered it")
			}
			var name, preferred string
			err := tx.QueryRowContext(ctx, "SELECT name, preferred_name FROM people WHERE id = ?", v.PersonID).Scan(&name, &preferred)
			if errors.Is(err, sql.ErrNoRows) {
				return fieldErr("Person", "that person is no longer in People")
			}
			if err != nil {
				return err
			}
			if n, err := count(ctx, tx, "SELECT count(*) FROM training_trainers WHERE session_id = ? AND person_id = ?", v.SessionID, v.PersonID); err != nil {
				return err
			} else if n > 0 {
				return fieldErr("Person", "%s already co-delivers this session", DisplayName(name, preferred))
			}
			s.newMeta(&v.Meta)
			if _, err := tx.ExecContext(ctx, "INSERT INTO training_trainers ("+trainerCols+") VALUES (?,?,?,?,?,?,?,?,?,?,?)",
				v.ID, ts(v.CreatedAt), ts(v.UpdatedAt), v.Version, v.SessionID, v.PersonID, boolInt(v.Briefed),
				boolInt(v.Debriefed), v.PrepHours, v.DeliveryHours, v.Feedback); err != nil {
				return err
			}
		} else {
			old := v.Version
			s.bump(&v.Meta)
			res, err := tx.ExecContext(ctx, `UPDATE training_trainers SET briefed=?, debriefed=?, prep_hours=?, delivery_hours=?,
				feedback=?, updated_at=?, version=? WHERE id=? AND version=?`, boolInt(v.Briefed), boolInt(v.Debriefed),
				v.PrepHours, v.DeliveryHours, v.Feedback, ts(v.UpdatedAt), v.Version, v.ID, old)
			if err != nil {
				return err
			}
			if err := checkUpdated(ctx, tx, res, "training_trainers", v.ID); err != nil {
				return err
			}
		}
		saved, err := s.trainer(ctx, tx, v.ID)
		v = saved
		return err
	})
	if err != nil {
		return err
	}
	*t = v
	return nil
}

// RemoveTrainer takes a co-trainer off a session, if their record has not
// changed since it was loaded. A payment for their hours stays.
func (s *Store) RemoveTrainer(ctx context.Context, id string, version int64) error {
	if err := s.allow(ctx, "RemoveTrainer"); err != nil {
		return err
	}
	return s.deleteVersioned(ctx, "training_trainers", id, version)
}

// trainingActivity is what a payment for a session says it was for.
func trainingActivity(title string) string { return "Training: " + title }

// ErrPaidFor says that a co-trainer's payment already covers their hours.
var ErrPaidFor = errors.New("their payment for this session already covers their hours")

// TrainingPayment prepares the involvement payment for a co-trainer's
// preparation and delivery hours, at the hourly rate in force on the day of
// the session, through the payments API, without saving it:
//
//   - with no payment for the session yet, a new one (empty ID);
//   - with one still claimed (not yet approved) for other hours, that one
//     with its hours changed;
//   - with one for the same hours, ErrPaidFor;
//   - with one approved or paid for other hours, an error saying to reopen
//     it in Money first.
//
// Then, as for any payment: CheckPayment (warn if it crosses a threshold,
// passing the payment's ID to leave it out), and SavePayment.
func (s *Store) TrainingPayment(ctx context.Context, trainerID string) (Payment, error) {
	if err := s.allow(ctx, "TrainingPayment"); err != nil {
		return Payment{}, err
	}
	t, err := s.inner().Trainer(ctx, trainerID)
	if err != nil {
		return Payment{}, err
	}
	hours := t.Hours()
	if hours == 0 {
		return Payment{}, fieldErr("Hours", "there are no hours to pay: give %s's preparation and delivery hours first", t.DisplayName())
	}
	note := fmt.Sprintf("%s h preparation, %s h delivery", t.PrepHours, t.DeliveryHours)
	if t.PaymentID != "" {
		p, err := s.inner().Payment(ctx, t.PaymentID)
		if err != nil {
			return Payment{}, err
		}
		switch {
		case p.Hours == hours:
			return p, ErrPaidFor
		case p.Status != StatusClaimed:
			return p, fmt.Errorf("%s's payment for this session is %s for %s hours, and their hours are now %s: reopen it in Money first to change it",
				t.DisplayName(), strings.ToLower(p.Status.Label()), p.Hours, hours)
		}
		p.Basis, p.Hours, p.Note = BasisHourly, hours, note
		if err := s.inner().PreparePayment(ctx, &p); err != nil {
			return p, err
		}
		return p, nil
	}
	p := Payment{PersonID: t.PersonID, TrainingID: t.SessionID, Basis: BasisHourly, Hours: hours, Note: note}
	if err := s.inner().PreparePayment(ctx, &p); err != nil {
		return p, err
	}
	return p, nil
}

// TrainingStories lists the stories a session used, by title, whatever
// their consent now (check Shown before showing one).
func (s *Store) TrainingStories(ctx context.Context, sessionID string) ([]StorySummary, error) {
	if err := s.allow(ctx, "TrainingStories"); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, storySelect(false)+` JOIN training_stories x ON x.story_id = s.id
		WHERE x.session_id = ? ORDER BY s.title COLLATE NOCASE, s.id`, sessionID)
	if err != nil {
		return nil, err
	}
	return scanStories(rows)
}

// AddTrainingStory records that a session uses a story. The story must be
// one that may be shown for training today, and on the day of the session
// when that is still to come: the same rule as reading mode, for the
// training use.
func (s *Store) AddTrainingStory(ctx context.Context, sessionID, storyID string) error {
	if err := s.allow(ctx, "AddTrainingStory"); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		t, err := s.trainingSession(ctx, tx, sessionID)
		if errors.Is(err, ErrNotFound) {
			return fieldErr("Session", "that training session no longer exists")
		}
		if err != nil {
			return err
		}
		st, err := s.loadStory(ctx, tx, storyID)
		if err != nil {
			return err
		}
		today := s.today()
		if ok, why := st.Shown(UseTraining, today); !ok {
			return &NotShownError{Title: st.Title, Use: UseTraining, Why: why, Consent: st.Consent}
		}
		if day := t.Date.String(); day > today {
			if ok, why := st.Shown(UseTraining, day); !ok {
				return &NotShownError{Title: st.Title, Use: UseTraining, Why: why + " (by the day of the session, " + day + ")", Consent: st.Consent}
			}
		}
		now := s.stamp()
		_, err = tx.ExecContext(ctx, `INSERT INTO training_stories (id, session_id, story_id, created_at, updated_at, version)
			VALUES (?, ?, ?, ?, ?, 1) ON CONFLICT (session_id, story_id) DO NOTHING`, newID(), sessionID, st.ID, now, now)
		return err
	})
}

// RemoveTrainingStory records that a session no longer uses a story.
func (s *Store) RemoveTrainingStory(ctx context.Context, sessionID, storyID string) error {
	if err := s.allow(ctx, "RemoveTrainingStory"); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "DELETE FROM training_stories WHERE session_id = ? AND story_id = ?", sessionID, storyID)
		return err
	})
}
