package store

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/involve/involve/civil"
)

// The demo's influence: senior officers' logged contacts with the forums
// (and their commitments), and training sessions co-delivered by members,
// with their payments and the stories used. (Officers who are members of a
// forum and attended its meetings are contacts already, through the
// register.)

// demoOfficers are the fictional senior officers who are not in People.
var demoOfficers = []struct{ name, title, org string }{
	{"Dr Helen Marsh", "Director of Public Health", "Northfield City Council"},
	{"Mark Ellison", "Head of Commissioning, Substance Misuse", "Integrated Care Board"},
	{"Supt Joanne Reeves", "Superintendent, Neighbourhood Policing", "County Police"},
	{"Priya Shah", "Service Manager", "Northfield Recovery Service"},
	{"Colin Dube", "Clinical Director, Mental Health", "Northfield NHS Trust"},
	{"Anne-Marie Kowalski", "Chair", "Drug and Alcohol Partnership Board"},
}

var demoContactTopics = []string{
	"Waiting times for detox beds",
	"Needle exchange opening hours at weekends",
	"Naloxone kits in hostels and custody",
	"Carers' assessments taking too long",
	"The dual diagnosis pathway between mental health and drug services",
	"Funding for the recovery café",
	"Prescribing changes and how they were explained",
	"Transport to the new treatment hub",
	"Women-only groups and childcare",
	"What happens when someone leaves prison on a Friday",
}

var demoCommitments = []string{
	"Write to the forum with the new detox waiting times",
	"Come back to the forum in three months with progress",
	"Ask the hub's manager to meet carers about opening hours",
	"Share the draft pathway with the forum before it is agreed",
	"Find out why carers' assessments are delayed and report back",
	"Put the forum's points to the partnership board",
	"Arrange a visit to the needle exchange for forum members",
}

var demoProgrammes = []struct {
	name, provider string
	prof           Profession
	modules        []string
}{
	{"BSc Nursing (Mental Health)", "Northfield University", ProfNursing, []string{"Year 2: substance use and mental health", "Year 3: recovery-focused practice"}},
	{"MA Social Work", "Northfield University", ProfSocialWork, []string{"Readiness for practice", "Working with families affected by substance use"}},
	{"GP Specialty Training", "Northern Deanery", ProfGP, []string{"Addictions teaching day"}},
	{"Custody Officers' Course", "County Police", ProfPolice, []string{"Drugs, alcohol and vulnerability in custody"}},
	{"Pharmacy Foundation Training", "Regional Pharmacy Training", ProfPharmacy, []string{"Supervised consumption and harm reduction"}},
	{"Probation Practitioner Programme", "Probation Service", ProfProbation, []string{"Substance misuse and desistance"}},
}

var demoSessionTitles = map[TrainingKind][]string{
	TrainingPlanning:   {"Planning the substance use module", "Curriculum review with people with lived experience"},
	TrainingTeaching:   {"Recovery stories in practice", "What helped me, and what did not", "Stigma and the words we use", "A carer's view of treatment", "Naloxone: a life saved"},
	TrainingAssessment: {"Assessing communication skills (OSCE)", "Marking presentations on recovery"},
	TrainingAdmissions: {"Interview panel", "Selection day group exercise"},
	TrainingEvaluation: {"Module evaluation panel", "Reviewing learners' feedback"},
}

var demoLearnerComments = []string{
	"Hearing it first-hand changed how I will talk to patients.",
	"The most useful session of the module.",
	"Brave and honest. I would like more of this.",
	"I understood for the first time what families go through.",
	"Made me think about the words I use in notes.",
}

var demoTrainerFeedback = []string{
	"Nervous beforehand, but the briefing helped and the students listened.",
	"Good to be asked back. The room was too hot.",
	"I would like more time for questions next time.",
	"Felt respected. The debrief was useful.",
	"Hard to tell my story to police officers, but glad I did.",
}

// demoInfluenceSizes is how many logged contacts per forum and training
// sessions a demo gets.
func demoInfluenceSizes(people, forums int) (contactsPerForum float64, sessions int) {
	if people >= DemoLarge {
		return 2, max(24, forums*3/4)
	}
	return 1.2, 8
}

// insertDemoInfluence writes the demo's contacts and training. It draws on
// a random stream of its own, so the rest of the demo is the same with or
// without it. It comes after the money (the hourly rates) and the stories.
func (s *Store) insertDemoInfluence(ctx context.Context, tx *sql.Tx, d *demoDB, seed int64) error {
	rng := rand.New(rand.NewPCG(uint64(seed), 0x696e666c75656e))
	chance := func(p float64) bool { return rng.Float64() < p }
	pick := func(list []string) string { return list[rng.IntN(len(list))] }
	now := d.now
	today := civil.In(now, London)
	nowL := now.In(London)
	april := civil.New(nowL.Year(), time.April, 6)
	if april.After(today) {
		april = april.AddYears(-1)
	}
	rateOn := func(day civil.Date) Pence { // the demo's hourly rates (see insertDemoMoney)
		if day.Before(april) {
			return 1400
		}
		return 1500
	}

	var officers, lived []int
	for i, p := range d.people {
		switch p.role {
		case RoleSeniorOfficer:
			officers = append(officers, i)
		case RoleServiceUser, RoleCarer, RoleBoth:
			lived = append(lived, i)
		}
	}

	insContact, err := tx.PrepareContext(ctx, "INSERT INTO contacts ("+contactCols+") VALUES (?,?,?,1,?,?,?,?,?,?,?,NULL)")
	if err != nil {
		return err
	}
	defer insContact.Close()
	insLink, err := tx.PrepareContext(ctx, "INSERT INTO contact_forums (id, contact_id, forum_id, created_at, updated_at, version) VALUES (?,?,?,?,?,1)")
	if err != nil {
		return err
	}
	defer insLink.Close()
	insAction, err := tx.PrepareContext(ctx, "INSERT INTO actions ("+actionCols+") VALUES (?,?,?,1,NULL,?,?,?,?,?)")
	if err != nil {
		return err
	}
	defer insAction.Close()

	// Logged contacts: some forums have had several lately, some none for
	// months (so the dashboard has forums to warn about).
	perForum, sessions := demoInfluenceSizes(len(d.people), len(d.forums))
	for fi := range d.forums {
		f := &d.forums[fi]
		n := int(perForum)
		if chance(perForum - float64(n)) {
			n++
		}
		if chance(0.3) {
			n = 0 // a forum no officer has been to lately
		}
		for range n {
			day := today.AddDays(-3 - rng.IntN(200))
			kind := []ContactKind{ContactVisit, ContactVisit, ContactVisit, ContactOneToOne, ContactBoard, ContactWritten}[rng.IntN(6)]
			o := demoOfficers[rng.IntN(len(demoOfficers))]
			officerID, name, title, org, owner := any(nil), o.name, o.title, o.org, o.name
			if len(officers) > 0 && chance(0.35) {
				// A senior officer in People, always with the same post.
				k := rng.IntN(len(officers))
				pi, post := officers[k], demoOfficers[(k+3)%len(demoOfficers)]
				officerID, name, owner, title, org = d.people[pi].id, "", d.people[pi].display(), post.title, post.org
			}
			created := ts(day.AddDays(1).Time(London).Add(10 * time.Hour))
			id := newID()
			if _, err := insContact.ExecContext(ctx, id, created, created, string(kind), day.String(), officerID, name, org, title,
				pick(demoContactTopics)); err != nil {
				return fmt.Errorf("demo contact: %w", err)
			}
			if _, err := insLink.ExecContext(ctx, newID(), id, f.id, created, created); err != nil {
				return fmt.Errorf("demo contact's forum: %w", err)
			}
			for k := range rng.IntN(3) {
				due := day.AddDays(14 + rng.IntN(60))
				done := due.Before(today) && chance(0.7)
				if k == 0 && !done && due.Before(today.AddDays(-30)) {
					done = true // old promises mostly kept
				}
				if _, err := insAction.ExecContext(ctx, newID(), created, created, id, pick(demoCommitments), owner,
					due.String(), boolInt(done)); err != nil {
					return fmt.Errorf("demo commitment: %w", err)
				}
			}
		}
	}
	// One commitment falls due within the fortnight, so the dashboard shows one.
	if _, err := tx.ExecContext(ctx, `UPDATE actions SET due = ?, done = 0 WHERE id = (SELECT a.id FROM actions a
		JOIN contacts c ON c.id = a.contact_id ORDER BY c.contact_date DESC, a.id LIMIT 1)`, today.AddDays(5).String()); err != nil {
		return err
	}

	// Training sessions over the last ten months (twenty for a large demo),
	// one or two still to come.
	insSession, err := tx.PrepareContext(ctx, "INSERT INTO training_sessions ("+trainingCols+") VALUES (?,?,?,1,?,?,?,?,?,?,?,?,?,?,?,?)")
	if err != nil {
		return err
	}
	defer insSession.Close()
	insTrainer, err := tx.PrepareContext(ctx, "INSERT INTO training_trainers ("+trainerCols+") VALUES (?,?,?,1,?,?,?,?,?,?,?)")
	if err != nil {
		return err
	}
	defer insTrainer.Close()
	insPay, err := tx.PrepareContext(ctx, "INSERT INTO payments ("+paymentCols+") VALUES (?,?,?,1,?,NULL,?,?,'hourly',?,?,?,?,?,?,?,'',?,?,NULL,?)")
	if err != nil {
		return err
	}
	defer insPay.Close()
	insStory, err := tx.PrepareContext(ctx, "INSERT INTO training_stories (id, session_id, story_id, created_at, updated_at, version) VALUES (?,?,?,?,?,1)")
	if err != nil {
		return err
	}
	defer insStory.Close()

	// The stories that may be used in training (the same rule as ever).
	rows, err := tx.QueryContext(ctx, storySelect(false)+" WHERE s.use_training = 1 ORDER BY s.title, s.id LIMIT 20")
	if err != nil {
		return err
	}
	stories, err := scanStories(rows)
	if err != nil {
		return err
	}

	span := 300
	if len(d.people) >= DemoLarge {
		span = 600
	}
	kinds := []TrainingKind{TrainingTeaching, TrainingTeaching, TrainingTeaching, TrainingPlanning, TrainingAssessment, TrainingAdmissions, TrainingEvaluation}
	for i := range sessions {
		prog := demoProgrammes[i%len(demoProgrammes)]
		if i >= len(demoProgrammes) && chance(0.4) {
			prog = demoProgrammes[0] // the nursing programme does most
		}
		kind := kinds[rng.IntN(len(kinds))]
		day := today.AddDays(-span + rng.IntN(span))
		if i < 2 {
			day = today.AddDays(7 + 14*i) // coming up
		}
		for day.Weekend() {
			day = day.AddDays(1)
		}
		past := day.Before(today)
		learners := 12 + rng.IntN(60)
		if kind == TrainingAdmissions || kind == TrainingPlanning || kind == TrainingEvaluation {
			learners = 4 + rng.IntN(12)
		}
		var score, responses any
		comments := ""
		replies := 0
		if past && kind != TrainingPlanning && chance(0.85) {
			replies = max(1, learners*(50+rng.IntN(45))/100)
			score, responses = int64(370+5*rng.IntN(25)), replies
			if chance(0.6) {
				comments = pick(demoLearnerComments)
			}
		}
		if responses == nil {
			responses = 0
		}
		created := ts(earlier(day.AddDays(-21).Time(London).Add(11*time.Hour), now))
		id := newID()
		title := pick(demoSessionTitles[kind])
		if _, err := insSession.ExecContext(ctx, id, created, created, title, prog.name, prog.modules[rng.IntN(len(prog.modules))],
			prog.provider, string(prog.prof), day.String(), []string{"Room 2.14", "Lecture theatre B", "Seminar room 3"}[rng.IntN(3)],
			learners, string(kind), score, responses, comments); err != nil {
			return fmt.Errorf("demo training session: %w", err)
		}
		// One to three co-trainers with lived experience.
		used := map[int]bool{}
		for range 1 + rng.IntN(3) {
			if len(lived) == 0 {
				break
			}
			pi := lived[rng.IntN(len(lived))]
			if used[pi] {
				continue
			}
			used[pi] = true
			p := &d.people[pi]
			prep, delivery := Hundredths(100+25*rng.IntN(5)), Hundredths(150+25*rng.IntN(7))
			briefed := chance(0.9) || !past
			debriefed := past && chance(0.8)
			feedback := ""
			if past && chance(0.4) {
				feedback = pick(demoTrainerFeedback)
			}
			if _, err := insTrainer.ExecContext(ctx, newID(), created, created, id, p.id, boolInt(briefed), boolInt(debriefed),
				prep, delivery, feedback); err != nil {
				return fmt.Errorf("demo co-trainer: %w", err)
			}
			if !past {
				continue
			}
			// Their hours, paid as an involvement payment.
			hours := prep + delivery
			rate := rateOn(day)
			amount := MulRate(rate, hours)
			choice, status, how, paidOn := ChoiceAccept, StatusPaid, "bank", day.AddDays(7).String()
			if chance(0.08) {
				choice = ChoiceDecline
			}
			if age := today.DaysSince(day); age <= 14 || choice == ChoiceDecline {
				status, how, paidOn = StatusClaimed, "", ""
				if age > 7 && choice != ChoiceDecline {
					status = StatusApproved
				}
			}
			if _, err := insPay.ExecContext(ctx, newID(), created, created, p.id, trainingActivity(title), day.String(),
				hours, rate, amount, string(choice), 0, fmt.Sprintf("%s h preparation, %s h delivery", prep, delivery),
				string(status), how, paidOn, id); err != nil {
				return fmt.Errorf("demo co-trainer's payment: %w", err)
			}
		}
		// A story, for some teaching sessions, if one may be used on the day.
		if kind == TrainingTeaching && len(stories) > 0 && chance(0.5) {
			st := stories[rng.IntN(len(stories))]
			if ok, _ := st.Shown(UseTraining, today.String()); ok && strings.TrimSpace(st.Title) != "" {
				if ok, _ := st.Shown(UseTraining, day.String()); ok || past {
					if _, err := insStory.ExecContext(ctx, newID(), id, st.ID, created, created); err != nil {
						return fmt.Errorf("demo story used: %w", err)
					}
				}
			}
		}
	}
	return nil
}
