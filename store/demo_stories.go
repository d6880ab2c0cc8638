package store

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/involve/involve/assets"
)

// The demo anthology: the handful of short fictional stories in
// assets/demo/stories (consent given, withdrawn, expired, embargoed, and
// agreed for training only), with their dates moved to the demo's today;
// two of them linked to demo people. A large demo (DemoLarge people or
// more) also gets generated stories, one for every ten people up to 1,000,
// for the search benchmark.

// maxDemoStories is the most generated stories a demo gets.
const maxDemoStories = 1000

// demoStoriesFor is how many stories are generated for a demo of so many people.
func demoStoriesFor(people int) int {
	if people < DemoLarge {
		return 0
	}
	return min(maxDemoStories, people/10)
}

// insertDemoStories writes the demo's stories. It draws on a random stream
// of its own, so the rest of the demo is the same with or without it.
func (s *Store) insertDemoStories(ctx context.Context, tx *sql.Tx, d *demoDB, seed int64) error {
	rng := rand.New(rand.NewPCG(uint64(seed), 0x73746f72696573))
	shift := demoShift(LocalDate(d.now))
	stories := map[string]Story{}
	for name, data := range assets.DemoStories() {
		f, err := parseStoryFile("assets/demo/stories/"+name, data)
		if err != nil {
			return fmt.Errorf("demo story: %w", err)
		}
		stories[f.story.Slug] = f.story
	}
	slugs := make([]string, 0, len(stories))
	for slug := range stories {
		slugs = append(slugs, slug)
	}
	slices.Sort(slugs)
	// Two stories are linked to demo people, who are then named by the
	// person's name as it is in the database.
	var authors []int
	for i, p := range d.people {
		if p.role == RoleServiceUser || p.role == RoleBoth {
			authors = append(authors, i)
		}
		if len(authors) == 2 {
			break
		}
	}
	link := map[string]int{}
	for i, slug := range []string{"climbing-mountains", "forty-days"} {
		if i < len(authors) {
			link[slug] = authors[i]
		}
	}
	for _, slug := range slugs {
		st := stories[slug]
		for _, date := range []*string{&st.ConsentDate, &st.Expires, &st.Embargo, &st.TextApproved} {
			*date = shiftDate(*date, shift)
		}
		if pi, ok := link[slug]; ok {
			st.AuthorID, st.AuthorName = d.people[pi].id, ""
		}
		if err := s.insertStory(ctx, tx, &st, nil); err != nil {
			return fmt.Errorf("demo story %s: %w", slug, err)
		}
	}
	if err := s.insertDemoReadings(ctx, tx, d, rng); err != nil {
		return err
	}
	n := demoStoriesFor(len(d.people))
	if n == 0 {
		return nil
	}
	g := demoStoryGen{rng: rng, today: LocalDate(d.now), areas: assets.Areas(), topics: assets.Topics(), firsts: assets.FirstNames()}
	for i := range n {
		st := g.story(i)
		if err := s.insertStory(ctx, tx, &st, nil); err != nil {
			return fmt.Errorf("generated demo story %d: %w", i+1, err)
		}
	}
	return nil
}

// demoShift is how many days the demo stories' dates move: from
// assets.DemoStoriesToday to today.
func demoShift(today string) int {
	from, err1 := time.Parse(DateLayout, assets.DemoStoriesToday)
	to, err2 := time.Parse(DateLayout, today)
	if err1 != nil || err2 != nil {
		return 0
	}
	return int(to.Sub(from).Hours() / 24)
}

// shiftDate moves a date by days; "" stays "".
func shiftDate(date string, days int) string {
	if date == "" || days == 0 {
		return date
	}
	t, err := time.Parse(DateLayout, date)
	if err != nil {
		return date
	}
	return t.AddDate(0, 0, days).Format(DateLayout)
}

// demoStoryGen makes up fictional stories from a handful of fragments.
type demoStoryGen struct {
	rng    *rand.Rand
	today  string
	areas  []string
	topics []assets.Topic
	firsts []string
}

var (
	demoStoryTitles = []string{"The long way round", "Tuesdays", "A cup of tea", "Back to work", "The allotment",
		"Letters home", "Starting again", "What my nan said", "The night bus", "Counting days", "Open doors",
		"The first meeting", "Learning to drive", "My sister's wedding", "Keys", "Ordinary things"}
	demoStoryThemes = []string{"recovery", "family", "carers", "housing", "work", "prison", "alcohol", "hope",
		"mental health", "services", "friendship", "parenting"}
	demoStoryNotes  = []string{"overdose", "bereavement", "self-harm", "prison", "violence", "suicide", "alcohol"}
	demoStoryOpens  = []string{"I never thought I would write this down.", "It started with a bus ride.", "Nobody tells you how quiet it gets.", "My worker asked me to write this, so here it is.", "For years I did not open the post."}
	demoStoryMiddle = []string{
		"The group met on %s in a room above the library, and the tea was always stewed.",
		"My %s kept ringing, even when I stopped answering.",
		"I went to the forum about %s because someone said there would be sandwiches.",
		"There was a worker in %s who never once made me feel small.",
		"Some mornings the only thing I managed was to get dressed, and that had to be enough.",
		"We talked about %s until the caretaker turned the lights off.",
		"Recovery is not a straight line; mine went round %s twice.",
		"I learned that asking for help is a thing you practise, like anything else.",
	}
	demoStoryCloses = []string{"I am still here. That is the point.", "If you are reading this at the start of it: keep going.", "It is not finished, but it is mine.", "Tomorrow is Tuesday. I will be there."}
	demoStoryWho    = []string{"mum", "sister", "brother", "dad", "nan", "best friend", "son", "daughter"}
)

func (g *demoStoryGen) pick(list []string) string { return list[g.rng.IntN(len(list))] }

func (g *demoStoryGen) sentence() string {
	m := g.pick(demoStoryMiddle)
	if !strings.Contains(m, "%s") {
		return m
	}
	var fill string
	switch g.rng.IntN(4) {
	case 0:
		fill = g.pick([]string{"Tuesdays", "Thursday evenings", "the first Monday of the month"})
	case 1:
		fill = g.pick(demoStoryWho)
	case 2:
		fill = strings.ToLower(g.topics[g.rng.IntN(len(g.topics))].Title)
	default:
		fill = g.pick(g.areas)
	}
	return fmt.Sprintf(m, fill)
}

// story makes the i-th generated story: 150 to 600 words, a mix of
// consent, status and uses.
func (g *demoStoryGen) story(i int) Story {
	var b strings.Builder
	b.WriteString(g.pick(demoStoryOpens) + "\n\n")
	words := 150 + g.rng.IntN(450)
	for WordCount(b.String()) < words {
		if g.rng.IntN(8) == 0 {
			b.WriteString("## " + g.pick(demoStoryTitles) + "\n\n")
		}
		if g.rng.IntN(10) == 0 {
			b.WriteString("> ")
		}
		for range 2 + g.rng.IntN(4) {
			b.WriteString(g.sentence() + " ")
		}
		b.WriteString("\n\n")
	}
	b.WriteString(g.pick(demoStoryCloses) + "\n")
	first := g.pick(g.firsts)
	st := Story{
		Title:   fmt.Sprintf("%s (%d)", g.pick(demoStoryTitles), i+1),
		Summary: "Fictional, generated for the demo.",
		Body:    b.String(),
		Themes:  []string{g.pick(demoStoryThemes), g.pick(demoStoryThemes)},
		Status:  StoryApproved, Naming: NamingFirstArea, AuthorName: first, AuthorArea: g.pick(g.areas),
		Consent: ConsentGiven, ConsentHow: ConsentWritten, Uses: []Use{UseForums, UsePrint},
		ConsentDate: shiftDate(g.today, -30-g.rng.IntN(700)),
	}
	if g.rng.IntN(3) == 0 {
		st.ContentNotes = []string{g.pick(demoStoryNotes)}
	}
	switch r := g.rng.IntN(20); {
	case r < 2:
		st.Consent, st.ConsentDate = ConsentWithdrawn, shiftDate(g.today, -g.rng.IntN(60))
	case r < 3:
		st.Expires = shiftDate(g.today, -1-g.rng.IntN(90))
		if st.Expires < st.ConsentDate { // consent ran for a year before it expired
			st.ConsentDate = shiftDate(st.Expires, -365)
		}
	case r < 4:
		st.Embargo = shiftDate(g.today, 1+g.rng.IntN(120))
	case r < 6:
		st.Consent, st.ConsentDate, st.ConsentHow = ConsentNotAsked, "", ""
		st.Status = StoryDraft
	case r < 8:
		st.Status = StoryDraft
	case r < 10:
		st.Status = StoryPublished
		st.Uses = append(st.Uses, UseTraining, UseOnline)
	}
	if st.Status != StoryDraft {
		st.TextApproved = shiftDate(st.ConsentDate, 7)
	}
	if g.rng.IntN(4) == 0 {
		st.Naming, st.AuthorName, st.AuthorArea = NamingAnonymous, "", ""
	}
	return st
}

// insertDemoReadings notes stories read at forums: at about one held
// meeting in six, one of the stories whose consent covers reading at
// forums.
func (s *Store) insertDemoReadings(ctx context.Context, tx *sql.Tx, d *demoDB, rng *rand.Rand) error {
	rows, err := tx.QueryContext(ctx, `SELECT id FROM stories WHERE use_forums = 1 AND consent = 'given' AND status != 'draft' ORDER BY slug`)
	if err != nil {
		return err
	}
	var readable []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return err
		}
		readable = append(readable, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(readable) == 0 {
		return err
	}
	ins, err := tx.PrepareContext(ctx, `INSERT INTO story_readings (id, story_id, read_on, created_at, updated_at, version)
		VALUES (?, ?, ?, ?, ?, 1) ON CONFLICT (story_id, read_on) DO NOTHING`)
	if err != nil {
		return err
	}
	defer ins.Close()
	for _, m := range d.meetings {
		if m.status != MeetingHeld || rng.IntN(6) != 0 {
			continue
		}
		at := ts(m.start)
		if _, err := ins.ExecContext(ctx, newID(), readable[rng.IntN(len(readable))], LocalDate(m.start), at, at); err != nil {
			return fmt.Errorf("demo reading: %w", err)
		}
	}
	return nil
}
