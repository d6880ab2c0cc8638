package store

// The evidence pack for a training programme: what the records show about
// service user and carer involvement in it, laid out under the four things
// the Health and Care Professions Council (HCPC) looks for under its
// standard of education and training 3.7 ("Service users and carers must
// be involved in the programme"):
//
//  1. a clear definition of who service users and carers are, relevant to
//     the professions delivered;
//  2. policies and processes in place to ensure service users and carers
//     contribute to programmes;
//  3. that service users and carers are supported to undertake their
//     role(s);
//  4. processes in place to plan, monitor and evaluate involvement.
//
// (HCPC, "Insight from our assessments: service user and carer
// involvement".)
//
// The pack leaves the partnership: it goes to the education provider and
// on to HCPC's visitors. It evidences involvement, not identities, so the
// people who co-delivered are counted (by role, by session) and never
// named, not even by initials: in a small local group, initials beside a
// programme and a date point to one person in treatment. Their own
// feedback and the learners' are quoted without names. The stories used
// are counted, not titled.

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/involve/involve/civil"
	"github.com/involve/involve/termsafe"
)

// SET37 is the standard's wording, and SET37Asks what HCPC looks for under
// it: the pack's four headings.
const SET37 = "Service users and carers must be involved in the programme."

// SET37Asks are the four things HCPC looks for under SET 3.7, in its words.
var SET37Asks = [4]string{
	"a clear definition of who service users and carers are, relevant to the professions delivered",
	"policies and processes are in place to ensure service users and carers contribute to programmes",
	"that service users and carers are supported to undertake their role(s)",
	"processes in place to plan, monitor and evaluate involvement",
}

// Evidence is what the records show about involvement in one programme
// over a period.
type Evidence struct {
	Programme   string // as the sessions name it
	From, To    civil.Date
	Made        civil.Date // the day the pack was made
	Sessions    []EvidenceSession
	Providers   []string
	Professions []Profession

	// 1. Who was involved: distinct people, by role, and places (a person
	// co-delivering two sessions is two places).
	People int
	ByRole []RoleCount
	Places int

	// 2. Policies and processes: the hourly rates in force over the
	// period, and the stories used (all with consent covering training
	// when added; NowWithdrawn may no longer be used).
	Rates        []Rate
	Stories      int
	NowWithdrawn int

	// 3. Support: briefings and debriefs (of Places), hours paid, and the
	// involvement payments for the sessions (not rejected).
	Briefed, Debriefed   int
	PrepHours, Delivery  Hundredths
	Payments             int
	Paid                 Pence // what the payments came to
	Declined, Donated    int
	Unpaid               int // places with hours and no payment recorded
	CoTrainerFeedback    []string
	CoTrainerFeedbackSes []string // the session each comment is about (same order)

	// 4. Planning, monitoring and evaluation.
	ByKind        []KindCount
	Learners      int
	Responses     int
	Score         Hundredths // the learners' average out of 5, weighted by replies; 0 for none
	ScoredSession int
	Comments      []string
	CommentSes    []string
}

// EvidenceSession is one session of the programme in the pack.
type EvidenceSession struct {
	ID         string
	Date       civil.Date
	Title      string
	Module     string
	Provider   string
	Profession Profession
	Kind       TrainingKind
	Learners   int
	CoTrainers int
	Briefed    int
	Debriefed  int
	Score      Hundredths
	Responses  int
}

// RoleCount is how many people of a role.
type RoleCount struct {
	Role Role
	N    int
}

// KindCount is how many sessions of a kind of involvement.
type KindCount struct {
	Kind TrainingKind
	N    int
}

// TrainingEvidence gathers the evidence pack for a programme (matched as
// TrainingFilter does: whole, ignoring case and spacing) from from to to,
// both included. A programme with no sessions in the period is an error
// that names the programmes there are.
func (s *Store) TrainingEvidence(ctx context.Context, programme string, from, to civil.Date) (Evidence, error) {
	if err := s.allow(ctx, "TrainingEvidence"); err != nil {
		return Evidence{}, err
	}
	e := Evidence{From: from, To: to, Made: civil.In(s.now(), London)}
	if strings.TrimSpace(programme) == "" {
		return e, fieldErr("Programme", "say which programme the evidence is for")
	}
	if from.IsZero() || to.IsZero() {
		return e, fieldErr("Period", "say from and to which dates, like 2025-09-01 and 2026-07-31")
	}
	if to.Before(from) {
		return e, fieldErr("Period", "the period ends (%s) before it starts (%s)", to, from)
	}
	f := TrainingFilter{Programme: programme, From: from, To: to}
	sessions, err := s.inner().TrainingSessions(ctx, f)
	if err != nil {
		return e, err
	}
	if len(sessions) == 0 {
		known, err := s.inner().Programmes(ctx)
		if err != nil {
			return e, err
		}
		msg := fmt.Sprintf("there are no training sessions of the programme %q from %s to %s", strings.TrimSpace(programme), from, to)
		if len(known) > 0 {
			msg += " (programmes: " + strings.Join(known, "; ") + ")"
		}
		return e, fieldErr("Programme", "%s", msg)
	}
	// Oldest first, as a record of the year.
	sort.SliceStable(sessions, func(i, j int) bool { return sessions[i].Date.Before(sessions[j].Date) })
	e.Programme = sessions[len(sessions)-1].Programme
	index := map[string]int{}
	providers, professions, kinds := map[string]bool{}, map[Profession]bool{}, map[TrainingKind]int{}
	var scoreSum int64
	for i, t := range sessions {
		index[t.ID] = i
		e.Sessions = append(e.Sessions, EvidenceSession{ID: t.ID, Date: t.Date, Title: t.Title, Module: t.Module,
			Provider: t.Provider, Profession: t.Profession, Kind: t.Kind, Learners: t.Learners, Score: t.Score, Responses: t.Responses})
		if p := strings.TrimSpace(t.Provider); p != "" && !providers[strings.ToLower(p)] {
			providers[strings.ToLower(p)] = true
			e.Providers = append(e.Providers, p)
		}
		if !professions[t.Profession] {
			professions[t.Profession] = true
			e.Professions = append(e.Professions, t.Profession)
		}
		kinds[t.Kind]++
		e.Learners += t.Learners
		if t.Score > 0 {
			e.Responses += t.Responses
			scoreSum += int64(t.Score) * int64(t.Responses)
			e.ScoredSession++
		}
		if c := strings.TrimSpace(t.Comments); c != "" {
			e.Comments = append(e.Comments, c)
			e.CommentSes = append(e.CommentSes, t.Title)
		}
	}
	if e.Responses > 0 {
		e.Score = Hundredths((scoreSum + int64(e.Responses)/2) / int64(e.Responses))
	}
	for _, k := range TrainingKinds {
		if n := kinds[k]; n > 0 {
			e.ByKind = append(e.ByKind, KindCount{k, n})
		}
	}

	where, args := trainingWhere(f)
	// The co-trainers of those sessions: who (by role, never by name),
	// briefed, debriefed, hours and their own feedback.
	rows, err := s.db.QueryContext(ctx, `SELECT r.session_id, r.person_id, p.role, r.briefed, r.debriefed, r.prep_hours,
		r.delivery_hours, r.feedback,
		EXISTS (SELECT 1 FROM payments y WHERE y.training_id = r.session_id AND y.person_id = r.person_id AND y.status != 'rejected')
		FROM training_trainers r JOIN people p ON p.id = r.person_id
		WHERE r.session_id IN (SELECT t.id FROM training_sessions t`+where+`)
		ORDER BY r.created_at, r.id`, args...)
	if err != nil {
		return e, err
	}
	people := map[string]Role{}
	for rows.Next() {
		var sid, pid, feedback string
		var role Role
		var briefed, debriefed, paid int
		var prep, delivery Hundredths
		if err := rows.Scan(&sid, &pid, &role, &briefed, &debriefed, &prep, &delivery, &feedback, &paid); err != nil {
			rows.Close()
			return e, err
		}
		people[pid] = role
		e.Places++
		i := index[sid]
		e.Sessions[i].CoTrainers++
		e.Sessions[i].Briefed += briefed
		e.Sessions[i].Debriefed += debriefed
		e.Briefed += briefed
		e.Debriefed += debriefed
		e.PrepHours += prep
		e.Delivery += delivery
		if prep+delivery > 0 && paid == 0 {
			e.Unpaid++
		}
		if f := strings.TrimSpace(feedback); f != "" {
			e.CoTrainerFeedback = append(e.CoTrainerFeedback, f)
			e.CoTrainerFeedbackSes = append(e.CoTrainerFeedbackSes, e.Sessions[i].Title)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return e, err
	}
	e.People = len(people)
	byRole := map[Role]int{}
	for _, r := range people {
		byRole[r]++
	}
	for _, r := range Roles {
		if n := byRole[r]; n > 0 {
			e.ByRole = append(e.ByRole, RoleCount{r, n})
		}
	}

	// Their payments, as the payments record them.
	if err := s.db.QueryRowContext(ctx, `SELECT count(*), coalesce(sum(CASE choice WHEN 'reduce' THEN reduced_pence
		WHEN 'decline' THEN 0 ELSE amount_pence END), 0),
		count(*) FILTER (WHERE choice = 'decline'), count(*) FILTER (WHERE choice = 'donate')
		FROM payments WHERE status != 'rejected' AND training_id IN (SELECT t.id FROM training_sessions t`+where+`)`, args...).
		Scan(&e.Payments, &e.Paid, &e.Declined, &e.Donated); err != nil {
		return e, err
	}

	// The stories used, and how many may no longer be used for training.
	today := e.Made.String()
	rows, err = s.db.QueryContext(ctx, storySelect(false)+` WHERE s.id IN (SELECT x.story_id FROM training_stories x
		WHERE x.session_id IN (SELECT t.id FROM training_sessions t`+where+`))`, args...)
	if err != nil {
		return e, err
	}
	stories, err := scanStories(rows)
	if err != nil {
		return e, err
	}
	e.Stories = len(stories)
	for _, st := range stories {
		if ok, _ := st.Shown(UseTraining, today); !ok {
			e.NowWithdrawn++
		}
	}

	// The hourly rates in force over the period: the one on its first day
	// and any that began in it.
	rates, err := s.inner().Rates(ctx)
	if err != nil {
		return e, err
	}
	if r, ok := RateFor(rates, RateHourly, from.String()); ok {
		e.Rates = append(e.Rates, r)
	}
	for _, r := range rates {
		if r.Kind == RateHourly && r.EffectiveFrom > from.String() && r.EffectiveFrom <= to.String() {
			e.Rates = append(e.Rates, r)
		}
	}
	sort.SliceStable(e.Rates, func(i, j int) bool { return e.Rates[i].EffectiveFrom < e.Rates[j].EffectiveFrom })
	return e, nil
}

// Markdown lays the evidence out under SET 3.7's four headings. Text that
// came from people (titles, feedback) is kept to one line each and made
// safe for markdown tables and the terminal.
func (e Evidence) Markdown() string {
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	plural := func(n int, one, many string) string {
		if n == 1 {
			return "1 " + one
		}
		return fmt.Sprintf("%d %s", n, many)
	}
	long := func(d civil.Date) string { return d.Time(London).Format("2 January 2006") }

	w("# Service user and carer involvement: %s\n\n", mdText(e.Programme))
	w("Evidence for the HCPC standard of education and training 3.7, from %s to %s", long(e.From), long(e.To))
	if len(e.Providers) > 0 {
		w(", with %s", mdText(strings.Join(e.Providers, ", ")))
	}
	w(". Made on %s from the partnership's records of involvement.\n\n", long(e.Made))
	w("> **SET 3.7** %s\n\n", SET37)
	w("The people with lived experience who co-delivered these sessions are counted, not named: this pack " +
		"evidences their involvement, and in a small local group even initials beside a programme and a date " +
		"would point to one person. Their feedback and the learners' are quoted without names.\n\n")

	w("## 1. Who service users and carers are\n\n")
	w("*What HCPC looks for:* %s.\n\n", SET37Asks[0])
	w("The partnership involves people who use, or have used, drug, alcohol and mental-health services " +
		"(service users), and carers: relatives, partners, friends and children of someone who uses them, " +
		"anyone affected by another person's use. Their lived experience is what they bring to ")
	var profs []string
	for _, p := range e.Professions {
		profs = append(profs, strings.ToLower(p.Label()))
	}
	w("the training of %s.\n\n", strings.Join(profs, ", "))
	w("Over the period, %s co-delivered %s of this programme (%s in all):\n\n",
		plural(e.People, "person", "people"), plural(len(e.Sessions), "session", "sessions"), plural(e.Places, "place", "places"))
	for _, r := range e.ByRole {
		w("- %s: %d\n", roleNoun(r.Role), r.N)
	}
	if len(e.ByRole) == 0 {
		w("- nobody is recorded as co-delivering yet\n")
	}
	w("\n")

	w("## 2. Policies and processes\n\n")
	w("*What HCPC looks for:* %s.\n\n", SET37Asks[1])
	w("What the records show:\n\n")
	if len(e.Rates) > 0 {
		var rs []string
		for _, r := range e.Rates {
			d, _ := civil.Parse(r.EffectiveFrom)
			rs = append(rs, fmt.Sprintf("%s an hour from %s", r.Amount, long(d)))
		}
		w("- **Payment.** Co-trainers are paid for their preparation and delivery time as involvement payments, at the "+
			"partnership's hourly rate (%s), through the same scheme as its forums. Each person "+
			"may accept, reduce, decline or donate a payment, and payments are checked against the weekly and monthly "+
			"limits that matter to people on benefits before they are made.\n", strings.Join(rs, "; "))
	} else {
		w("- **Payment.** Co-trainers are paid for their preparation and delivery time as involvement payments (no hourly " +
			"rate was in force over the period: set one before paying).\n")
	}
	w("- **Briefing and debriefing.** Each co-trainer's place records whether they were briefed before the session and " +
		"debriefed after it (see 3).\n")
	w("- **Consent to the use of stories.** Stories of recovery are used in teaching only when their authors have agreed " +
		"to their use in training workers; the agreement is checked each time a story is added to a session, and an author " +
		"may withdraw it at any time. ")
	switch {
	case e.Stories == 0:
		w("No stories were used in these sessions.\n")
	case e.NowWithdrawn > 0:
		w("%s used; %s may no longer be used in training, and will not be used again.\n",
			plural(e.Stories, "story was", "stories were"), plural(e.NowWithdrawn, "of them", "of them"))
	default:
		w("%s used, all with consent for training.\n", plural(e.Stories, "story was", "stories were"))
	}
	w("\n")

	w("## 3. Support for service users and carers\n\n")
	w("*What HCPC looks for:* %s.\n\n", SET37Asks[2])
	w("- Briefed before the session: %d of %s\n", e.Briefed, plural(e.Places, "place", "places"))
	w("- Debriefed after the session: %d of %s\n", e.Debriefed, plural(e.Places, "place", "places"))
	w("- Hours recognised: %s hours' preparation and %s hours' delivery\n", e.PrepHours, e.Delivery)
	w("- Involvement payments: %s, coming to %s", plural(e.Payments, "payment", "payments"), e.Paid)
	if e.Declined > 0 || e.Donated > 0 {
		w(" (%d declined and %d donated, by the person's own choice)", e.Declined, e.Donated)
	}
	w("\n")
	if e.Unpaid > 0 {
		w("- Places with hours and no payment recorded yet: %d\n", e.Unpaid)
	}
	w("\n")
	if len(e.CoTrainerFeedback) > 0 {
		w("What co-trainers said about the sessions:\n\n")
		for i, f := range e.CoTrainerFeedback {
			w("> %s  \n> — on %s\n\n", mdText(f), mdText(e.CoTrainerFeedbackSes[i]))
		}
	}

	w("## 4. Planning, monitoring and evaluation\n\n")
	w("*What HCPC looks for:* %s.\n\n", SET37Asks[3])
	var ks []string
	for _, k := range e.ByKind {
		ks = append(ks, fmt.Sprintf("%s %d", strings.ToLower(k.Kind.Label()), k.N))
	}
	w("Service users and carers took part in %s: %s. The sessions reached %s.\n\n",
		plural(len(e.Sessions), "session", "sessions"), strings.Join(ks, ", "), plural(e.Learners, "learner", "learners"))
	if e.Responses > 0 {
		w("Learners' feedback: an average of %s out of 5 from %s, over %s.\n\n", e.Score,
			plural(e.Responses, "reply", "replies"), plural(e.ScoredSession, "session", "sessions"))
	} else {
		w("No learners' feedback was recorded.\n\n")
	}
	w("| Date | Session | Module | Involvement | Learners | Co-trainers | Briefed | Debriefed | Feedback |\n")
	w("|---|---|---|---|---:|---:|---:|---:|---|\n")
	for _, t := range e.Sessions {
		fb := "—"
		if t.Score > 0 {
			fb = fmt.Sprintf("%s/5 (%d)", t.Score, t.Responses)
		}
		w("| %s | %s | %s | %s | %d | %d | %d | %d | %s |\n", t.Date, mdCell(t.Title), mdCell(t.Module), t.Kind.Label(),
			t.Learners, t.CoTrainers, t.Briefed, t.Debriefed, fb)
	}
	w("\n")
	if len(e.Comments) > 0 {
		w("What learners said:\n\n")
		for i, c := range e.Comments {
			w("> %s  \n> — on %s\n\n", mdText(c), mdText(e.CommentSes[i]))
		}
	}
	return b.String()
}

// roleNoun names the people of a role in the pack.
func roleNoun(r Role) string {
	switch r {
	case RoleServiceUser:
		return "service users"
	case RoleCarer:
		return "carers"
	case RoleBoth:
		return "both service users and carers"
	case RoleWorker:
		return "workers with lived experience"
	case RoleSeniorOfficer:
		return "senior officers"
	}
	return "others with lived experience"
}

// mdText is text from a person as one line of markdown: safe for the
// terminal, lines joined, and the characters markdown would act on escaped.
func mdText(s string) string {
	s = strings.Join(strings.Fields(termsafe.Line(strings.ReplaceAll(s, "\n", " "))), " ")
	return mdEscaper.Replace(s)
}

// mdCell is mdText for a table cell ("—" when empty).
func mdCell(s string) string {
	if strings.TrimSpace(s) == "" {
		return "—"
	}
	return mdText(s)
}

var mdEscaper = strings.NewReplacer(`\`, `\\`, "|", `\|`, "*", `\*`, "_", `\_`, "`", "\\`", "[", `\[`, "]", `\]`,
	"<", `\<`, ">", `\>`, "#", `\#`)
