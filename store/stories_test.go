package store

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// storyNow is recNow's London date.
const storyToday = "2026-06-16"

func readyStory(title string) Story {
	return Story{Title: title, Body: "It was a long road.\n\nBut I am **here** now.\n", Status: StoryApproved,
		Naming: NamingAnonymous, Consent: ConsentGiven, ConsentDate: "2026-01-05", ConsentHow: ConsentWritten,
		Uses: []Use{UseForums, UsePrint}, Themes: []string{"Recovery", "family"}, ContentNotes: []string{"overdose"}}
}

// ftsIntegrity checks the full-text index against the stories it indexes.
func ftsIntegrity(t *testing.T, s *Store) {
	t.Helper()
	if _, err := s.db.Exec("INSERT INTO stories_fts (stories_fts, rank) VALUES ('integrity-check', 1)"); err != nil {
		t.Errorf("the full-text index does not match the stories: %v", err)
	}
}

func saveStory(t *testing.T, s *Store, st Story) Story {
	t.Helper()
	if err := s.SaveStory(context.Background(), &st); err != nil {
		t.Fatalf("SaveStory(%q): %v", st.Title, err)
	}
	return st
}

func TestShownRules(t *testing.T) {
	base := readyStory("x")
	cases := []struct {
		name string
		edit func(*Story)
		use  Use
		ok   bool
		why  string
	}{
		{"ready", func(*Story) {}, UseForums, true, ""},
		{"published", func(s *Story) { s.Status = StoryPublished }, UseForums, true, ""},
		{"not asked", func(s *Story) { s.Consent = ConsentNotAsked }, UseForums, false, "not been asked"},
		{"withdrawn", func(s *Story) { s.Consent, s.ConsentDate = ConsentWithdrawn, "2026-03-01" }, UseForums, false, "consent was withdrawn on 2026-03-01"},
		{"use not agreed", func(*Story) {}, UseOnline, false, "not agreed to its use online"},
		{"training not agreed", func(*Story) {}, UseTraining, false, "in training workers"},
		{"draft", func(s *Story) { s.Status = StoryDraft }, UseForums, false, "draft"},
		{"expired yesterday", func(s *Story) { s.Expires = "2026-06-15" }, UseForums, false, "consent expired on 2026-06-15"},
		{"expires today", func(s *Story) { s.Expires = storyToday }, UseForums, true, ""},
		{"embargoed until tomorrow", func(s *Story) { s.Embargo = "2026-06-17" }, UseForums, false, "embargoed until 2026-06-17"},
		{"embargo ends today", func(s *Story) { s.Embargo = storyToday }, UseForums, true, ""},
		{"consent given today", func(s *Story) { s.ConsentDate = storyToday }, UseForums, true, ""},
		{"consent dated tomorrow", func(s *Story) { s.ConsentDate = "2026-06-17" }, UseForums, false, "consent is dated 2026-06-17, which has not come yet"},
	}
	for _, c := range cases {
		st := base
		c.edit(&st)
		ok, why := st.Shown(c.use, storyToday)
		if ok != c.ok || !strings.Contains(why, c.why) {
			t.Errorf("%s: Shown = %v, %q; want %v, %q", c.name, ok, why, c.ok, c.why)
		}
		sum := st.summary(3)
		if ok2, why2 := sum.Shown(c.use, storyToday); ok2 != ok || why2 != why {
			t.Errorf("%s: summary Shown = %v, %q; story says %v, %q", c.name, ok2, why2, ok, why)
		}
	}
}

func TestByline(t *testing.T) {
	st := Story{AuthorName: "Samira Khan Taylor", AuthorArea: "Northfield", Pseudonym: "Blue"}
	for n, want := range map[Naming]string{
		NamingFull: "Samira Khan Taylor", NamingFirst: "Samira", NamingFirstArea: "Samira, Northfield",
		NamingPseudonym: "Blue", NamingAnonymous: "Anonymous", "": "Anonymous",
	} {
		st.Naming = n
		if got := st.Byline(); got != want {
			t.Errorf("Byline(%s) = %q, want %q", n, got, want)
		}
	}
	if got := (Story{Naming: NamingFull}).Byline(); got != "Anonymous" {
		t.Errorf("no name: %q", got)
	}
}

func TestWordsAndReadingTime(t *testing.T) {
	if n := WordCount("# Title\n\n- one *two*\n- 3 — four\n\n---\n"); n != 5 {
		t.Errorf("WordCount = %d, want 5", n)
	}
	for words, want := range map[int]int{0: 0, 1: 1, 200: 1, 201: 2, 10_000: 50} {
		if got := ReadingMinutes(words); got != want {
			t.Errorf("ReadingMinutes(%d) = %d, want %d", words, got, want)
		}
	}
}

func TestSlugify(t *testing.T) {
	for in, want := range map[string]string{
		"A Long Road":               "a-long-road",
		"Zoë's story — part 2!":     "zoes-story-part-2",
		"  --Hello--  ":             "hello",
		"李明":                        "story",
		strings.Repeat("word ", 40): strings.TrimSuffix(strings.Repeat("word-", 12), "-"),
	} {
		if got := Slugify(in); got != want || !validSlug(got) {
			t.Errorf("Slugify(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSaveStoryValidates(t *testing.T) {
	s := recOpen(t)
	ctx := context.Background()
	cases := []struct {
		edit  func(*Story)
		field string
	}{
		{func(st *Story) { st.Title = "  " }, "Title"},
		{func(st *Story) { st.Slug = "Not a slug!" }, "Slug"},
		{func(st *Story) { st.Consent = "yes" }, "Consent"},
		{func(st *Story) { st.Status = "done" }, "Status"},
		{func(st *Story) { st.Naming = "nickname" }, "Naming"},
		{func(st *Story) { st.Uses = []Use{"radio"} }, "Uses"},
		{func(st *Story) { st.ConsentHow = "telepathy" }, "Consent how"},
		{func(st *Story) { st.ConsentDate = "" }, "Consent date"},
		{func(st *Story) { st.Expires = "31/02/2026" }, "Expires"},
		{func(st *Story) { st.Expires, st.Embargo = "2026-01-01", "2026-02-01" }, "Expires"},
		{func(st *Story) { st.Naming = NamingPseudonym }, "Pseudonym"},
		{func(st *Story) { st.Naming = NamingFull }, "Author"},
		{func(st *Story) { st.Naming, st.AuthorName = NamingFirstArea, "Sam" }, "Area"},
		{func(st *Story) { st.Body = strings.Repeat("x", MaxStoryBytes+1) }, "Story"},
		{func(st *Story) { st.AuthorID = "no-such-person" }, "Author"},
	}
	for i, c := range cases {
		st := readyStory("Case")
		c.edit(&st)
		err := s.SaveStory(ctx, &st)
		var fe *FieldError
		if !errors.As(err, &fe) || fe.Field != c.field {
			t.Errorf("case %d: got %v, want a FieldError on %s", i, err, c.field)
		}
		if st.ID != "" {
			t.Errorf("case %d: the caller's story was changed by a failed save", i)
		}
	}
	// Dates are normalised, text cleaned, lists tidied.
	st := readyStory("  Title\x1b[2J  ")
	st.ConsentDate = "5/1/2026"
	st.Themes = []string{" Recovery ", "recovery", "", "Family"}
	st.Uses = []Use{"Print", "forums", "print"}
	st = saveStory(t, s, st)
	if st.Title != "Title[2J" || st.ConsentDate != "2026-01-05" || strings.Join(st.Themes, ",") != "Recovery,Family" ||
		!slices.Equal(st.Uses, []Use{UseForums, UsePrint}) || st.Slug != "title-2j" {
		t.Errorf("saved as %+v", st)
	}
}

func TestStoryLifeCycle(t *testing.T) {
	s := recOpen(t)
	ctx := context.Background()
	a := saveStory(t, s, readyStory("A Long Road"))
	if a.ID == "" || a.Version != 1 || a.Slug != "a-long-road" {
		t.Fatalf("inserted %+v", a.Meta)
	}
	b := saveStory(t, s, readyStory("A long road"))
	if b.Slug != "a-long-road-2" {
		t.Errorf("second slug %q", b.Slug)
	}
	dup := readyStory("Other")
	dup.Slug = "a-long-road"
	var fe *FieldError
	if err := s.SaveStory(ctx, &dup); !errors.As(err, &fe) || fe.Field != "Slug" {
		t.Errorf("duplicate slug: %v", err)
	}

	got, err := s.Story(ctx, "A-LONG-ROAD")
	if err != nil || got.ID != a.ID || got.Body != a.Body || !slices.Equal(got.ContentNotes, []string{"overdose"}) {
		t.Fatalf("Story by slug = %+v, %v", got, err)
	}
	if _, err := s.Story(ctx, "nope"); !errors.Is(err, ErrNotFound) {
		t.Errorf("missing story: %v", err)
	}

	// An edit keeps the previous text; a stale edit is refused.
	stale := got
	got.Body = "A new text.\n"
	got.Title = "A Longer Road"
	if err := s.SaveStory(ctx, &got); err != nil {
		t.Fatal(err)
	}
	if got.Version != 2 {
		t.Errorf("version %d after an edit", got.Version)
	}
	stale.Summary = "mine"
	if err := s.SaveStory(ctx, &stale); !errors.Is(err, ErrConflict) {
		t.Errorf("stale edit: %v", err)
	}
	same := got
	if err := s.SaveStory(ctx, &same); err != nil || same.Version != 2 {
		t.Errorf("a save that changes nothing: version %d, %v", same.Version, err)
	}
	vs, err := s.StoryVersions(ctx, a.ID)
	if err != nil || len(vs) != 1 || vs[0].Version != 1 || vs[0].Title != "A Long Road" || vs[0].Body != a.Body || vs[0].Words != WordCount(a.Body) {
		t.Fatalf("versions %+v, %v", vs, err)
	}

	// Withdrawing is one action, kept as a version too, and cannot be
	// undone by restoring an old text.
	s.SetClock(func() time.Time { return recNow.Add(time.Hour) })
	if err := s.WithdrawConsent(ctx, a.ID, ""); err != nil {
		t.Fatal(err)
	}
	w, _ := s.Story(ctx, a.ID)
	if w.Consent != ConsentWithdrawn || w.ConsentDate != storyToday || w.Version != 3 || w.Body != "A new text.\n" {
		t.Errorf("after withdrawal %+v", w)
	}
	if err := s.RestoreStoryVersion(ctx, a.ID, 1); err != nil {
		t.Fatal(err)
	}
	r, _ := s.Story(ctx, a.ID)
	if r.Body != a.Body || r.Title != "A Long Road" || r.Consent != ConsentWithdrawn || r.Version != 4 {
		t.Errorf("after restore %+v", r)
	}
	vs, _ = s.StoryVersions(ctx, a.ID)
	if len(vs) != 3 || vs[0].Version != 3 || vs[2].Version != 1 {
		t.Errorf("versions after restore: %+v", vs)
	}
	if err := s.RestoreStoryVersion(ctx, a.ID, 99); !errors.Is(err, ErrNotFound) {
		t.Errorf("restoring a missing version: %v", err)
	}
	if err := s.WithdrawConsent(ctx, a.ID, "2026-01-01"); err != nil {
		t.Errorf("withdrawing twice: %v", err)
	}

	// Reading positions.
	if p, err := s.ReadingPosition(ctx, b.ID); p != (ReadingPlace{}) || err != nil {
		t.Errorf("new position %+v, %v", p, err)
	}
	if err := s.SetReadingPosition(ctx, b.ID, ReadingPlace{Line: 42, Chars: 400}); err != nil {
		t.Fatal(err)
	}
	s.SetReadingPosition(ctx, b.ID, ReadingPlace{Line: 43, Chars: 410})
	if p, _ := s.ReadingPosition(ctx, b.ID); p != (ReadingPlace{Line: 43, Chars: 410}) {
		t.Errorf("position %+v", p)
	}
	// A place saved without its letters (as before schema 6) has Chars -1.
	s.SetReadingPosition(ctx, b.ID, ReadingPlace{Line: 7, Chars: -1})
	if p, _ := s.ReadingPosition(ctx, b.ID); p != (ReadingPlace{Line: 7, Chars: -1}) {
		t.Errorf("position without its letters %+v", p)
	}
	if err := s.SetReadingPosition(ctx, "missing", ReadingPlace{Line: 1}); !errors.Is(err, ErrNotFound) {
		t.Errorf("position of a missing story: %v", err)
	}

	// The render cache: by version, width, style and digest.
	if err := s.SaveRenderedStory(ctx, b.ID, b.Version, 80, "dark", "d1", "RENDERED"); err != nil {
		t.Fatal(err)
	}
	if out, ok, err := s.RenderedStory(ctx, b.ID, b.Version, 80, "dark", "d1"); !ok || out != "RENDERED" || err != nil {
		t.Errorf("cached render: %q %v %v", out, ok, err)
	}
	if _, ok, _ := s.RenderedStory(ctx, b.ID, b.Version, 80, "dark", "d2"); ok {
		t.Error("a render with another digest was found")
	}
	for w := 20; w < 40; w++ {
		s.SaveRenderedStory(ctx, b.ID, b.Version, w, "light", "d", "x")
	}
	if n, _ := count(ctx, s.db, "SELECT count(*) FROM story_renders WHERE story_id = ?", b.ID); n != maxRendersPerStory {
		t.Errorf("%d renders kept", n)
	}
	b2 := b
	b2.Body += "More.\n"
	saveStory(t, s, b2)
	if n, _ := count(ctx, s.db, "SELECT count(*) FROM story_renders WHERE story_id = ?", b.ID); n != 0 {
		t.Errorf("%d renders of an old version kept", n)
	}

	// Deleting erases the story with its versions and index entries.
	cur, _ := s.Story(ctx, a.ID)
	if err := s.DeleteStory(ctx, a.ID, cur.Version); err != nil {
		t.Fatal(err)
	}
	for _, table := range []string{"story_versions", "story_positions", "story_renders"} {
		if n, _ := count(ctx, s.db, "SELECT count(*) FROM "+table+" WHERE story_id = ?", a.ID); n != 0 {
			t.Errorf("%s keeps %d rows of a deleted story", table, n)
		}
	}
	if hits, _ := s.SearchStories(ctx, "longer", StoryFilter{}, 0); len(hits) != 0 {
		t.Errorf("a deleted story is still found: %+v", hits)
	}
	ftsIntegrity(t, s)
	if hits, _ := s.SearchStories(ctx, "here", StoryFilter{}, 0); len(hits) != 1 || hits[0].ID != b.ID {
		t.Errorf("the story left is not found: %+v", hits)
	}
}

func TestWithdrawnStoryGoneEverywhere(t *testing.T) {
	s := recOpen(t)
	ctx := context.Background()
	a := saveStory(t, s, readyStory("Mountains"))
	b := saveStory(t, s, readyStory("Rivers"))
	readable := StoryFilter{ReadableFor: UseForums}
	list, _ := s.Stories(ctx, readable)
	hits, _ := s.SearchStories(ctx, "road", readable, 0)
	if len(list) != 2 || len(hits) != 2 {
		t.Fatalf("before: %d listed, %d found", len(list), len(hits))
	}
	if _, err := s.StoryFor(ctx, a.Slug, UseForums); err != nil {
		t.Fatal(err)
	}
	if err := s.WithdrawConsent(ctx, a.ID, "2026-06-01"); err != nil {
		t.Fatal(err)
	}
	list, _ = s.Stories(ctx, readable)
	hits, _ = s.SearchStories(ctx, "road", readable, 0)
	if len(list) != 1 || list[0].ID != b.ID || len(hits) != 1 || hits[0].ID != b.ID {
		t.Errorf("after withdrawal: listed %+v, found %+v", list, hits)
	}
	st, err := s.StoryFor(ctx, a.ID, UseForums)
	var ns *NotShownError
	if !errors.As(err, &ns) || st.Body != "" || !strings.Contains(err.Error(), "consent was withdrawn on 2026-06-01") || ns.Consent != ConsentWithdrawn {
		t.Errorf("StoryFor a withdrawn story: %q, %v", st.Body, err)
	}
	// The management view still lists it, marked by Shown.
	all, _ := s.Stories(ctx, StoryFilter{})
	if len(all) != 2 {
		t.Fatalf("all: %d", len(all))
	}
	for _, sum := range all {
		ok, why := sum.Shown(UseForums, storyToday)
		if (sum.ID == a.ID) == ok || (sum.ID == a.ID && why == "") {
			t.Errorf("%s: shown %v %q", sum.Title, ok, why)
		}
	}
}

// Consent dated in the future is not consent yet: the story is not listed,
// found or shown for a use until that day; and consent cannot expire
// before it was given.
func TestConsentDatedAheadIsNotYetConsent(t *testing.T) {
	s := recOpen(t)
	ctx := context.Background()
	st := readyStory("Ahead")
	st.ConsentDate = "2030-01-01"
	a := saveStory(t, s, st)
	readable := StoryFilter{ReadableFor: UseForums}
	list, _ := s.Stories(ctx, readable)
	hits, _ := s.SearchStories(ctx, "road", readable, 0)
	if len(list) != 0 || len(hits) != 0 {
		t.Errorf("consent dated 2030: listed %+v, found %+v", list, hits)
	}
	if _, err := s.StoryFor(ctx, a.ID, UseForums); err == nil || !strings.Contains(err.Error(), "has not come yet") {
		t.Errorf("StoryFor: %v", err)
	}
	bad := readyStory("Expires first")
	bad.ConsentDate, bad.Expires = "2026-02-03", "2026-01-01"
	if err := s.SaveStory(ctx, &bad); err == nil || !strings.Contains(err.Error(), "cannot expire (2026-01-01) before it was given (2026-02-03)") {
		t.Errorf("expiry before consent: %v", err)
	}
}

func TestStoriesFilterAndReadable(t *testing.T) {
	s := recOpen(t)
	ctx := context.Background()
	mk := func(title string, edit func(*Story)) {
		st := readyStory(title)
		edit(&st)
		saveStory(t, s, st)
	}
	mk("Ready", func(*Story) {})
	mk("Draft", func(st *Story) { st.Status = StoryDraft })
	mk("Expired", func(st *Story) { st.Expires = "2026-06-15" })
	mk("Embargoed", func(st *Story) { st.Embargo = "2026-07-01" })
	mk("Print only", func(st *Story) { st.Uses = []Use{UsePrint}; st.Themes = []string{"Housing"} })
	mk("Not asked", func(st *Story) { st.Consent, st.ConsentDate = ConsentNotAsked, "" })
	titles := func(f StoryFilter) string {
		list, err := s.Stories(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, l := range list {
			out = append(out, l.Title)
		}
		return strings.Join(out, ",")
	}
	if got := titles(StoryFilter{ReadableFor: UseForums}); got != "Ready" {
		t.Errorf("readable at forums: %s", got)
	}
	if got := titles(StoryFilter{ReadableFor: UsePrint}); got != "Print only,Ready" {
		t.Errorf("readable in print: %s", got)
	}
	if got := titles(StoryFilter{ReadableFor: "radio"}); got != "" {
		t.Errorf("readable for an unknown use: %s", got)
	}
	if got := titles(StoryFilter{Theme: "housing"}); got != "Print only" {
		t.Errorf("theme: %s", got)
	}
	if got := titles(StoryFilter{Status: StoryDraft}); got != "Draft" {
		t.Errorf("status: %s", got)
	}
	if got := titles(StoryFilter{Consent: ConsentNotAsked}); got != "Not asked" {
		t.Errorf("consent: %s", got)
	}
	if got := titles(StoryFilter{}); got != "Draft,Embargoed,Expired,Not asked,Print only,Ready" {
		t.Errorf("all: %s", got)
	}
	themes, _ := s.StoryThemes(ctx)
	if strings.Join(themes, ",") != "family,Housing,Recovery" {
		t.Errorf("themes %q", themes)
	}
	// Every rule in SQL agrees with Shown.
	all, _ := s.Stories(ctx, StoryFilter{})
	readable, _ := s.Stories(ctx, StoryFilter{ReadableFor: UseForums})
	for _, sum := range all {
		ok, _ := sum.Shown(UseForums, storyToday)
		in := slices.ContainsFunc(readable, func(r StorySummary) bool { return r.ID == sum.ID })
		if ok != in {
			t.Errorf("%s: Shown %v but listed %v", sum.Title, ok, in)
		}
	}
}

func TestSearchStories(t *testing.T) {
	s := recOpen(t)
	ctx := context.Background()
	a := readyStory("Climbing mountains")
	a.Body = "I climbed out of the hole one step at a time. The mountain was my recovery.\n"
	saveStory(t, s, a)
	b := readyStory("Mum's kitchen")
	b.Body = "My mum kept the kitchen light on. Recovery came slowly, one cup of tea at a time.\n"
	b.Summary = "About a mountain of washing-up"
	saveStory(t, s, b)
	c := readyStory("Résumé of a café")
	c.Body = "Self-harm is part of this story.\n"
	c.Themes = []string{"Harm"}
	saveStory(t, s, c)

	hits, err := s.SearchStories(ctx, "mountain", StoryFilter{}, 0)
	if err != nil || len(hits) != 2 || hits[0].Title != "Climbing mountains" {
		t.Fatalf("mountain: %+v, %v", hits, err)
	}
	if !strings.Contains(hits[0].Snippet, HitStart+"mountain") || !strings.Contains(hits[0].Snippet, HitEnd) {
		t.Errorf("snippet %q", hits[0].Snippet)
	}
	if hits[0].Rank > hits[1].Rank {
		t.Errorf("ranks out of order: %v", hits)
	}
	// Prefix search while typing, every word needed, accents folded.
	for q, want := range map[string]int{"recov": 2, "recov ": 0, "recovery kitch": 1, "cafe": 1, "resume": 1,
		"self-harm": 1, "\"self harm": 1, "kitchen mountain": 1, "zzz": 0,
		// OR, a minus, and a phrase in quotes.
		"tea OR hole": 2, "tea OR zzz ": 1, "mountain -kitchen": 1, "mountain -\"washing up\"": 1,
		"\"kitchen light\"": 1, "\"light kitchen\" ": 0, "-mountain": 0} {
		hits, err := s.SearchStories(ctx, q, StoryFilter{}, 0)
		if err != nil || len(hits) != want {
			t.Errorf("%q: %d hits, %v; want %d", q, len(hits), err, want)
		}
	}
	// Nothing anyone types is an FTS5 syntax error.
	for _, q := range []string{`"`, `""`, `"a`, `a"b`, `*`, `a*`, `-`, `NOT`, `a OR`, `AND b`, `NEAR(a b)`, `(`, `)`,
		`a:b`, `title:x`, `^a`, `{a b}`, `+`, `'`, `\`, `🙂`, "\x00", `a AND (b OR`, `"""`, `" "`, `- -`, `a -`} {
		if _, err := s.SearchStories(ctx, q, StoryFilter{}, 0); err != nil {
			t.Errorf("%q: %v", q, err)
		}
	}
	for typed, want := range map[string]string{
		`say "hello" to`:          `"say" "hello" "to"*`,
		`"kitchen light`:          `"kitchen light"`,
		`brother OR tea`:          `"brother" OR "tea"*`,
		`brother -funeral`:        `("brother") NOT ("funeral")`,
		`-"first day" hope`:       `("hope"*) NOT ("first day")`,
		`OR a OR`:                 `"a"`,
		`-only`:                   ``,
		`it's "a ""b"" c" d OR -`: `"it's" "a " "b" " c" "d"`,
	} {
		if q := FTSQuery(typed); q != want {
			t.Errorf("FTSQuery(%s) = %s, want %s", typed, q, want)
		}
	}
	if hits, _ := s.SearchStories(ctx, "mountain", StoryFilter{}, 1); len(hits) != 1 {
		t.Errorf("limit: %d", len(hits))
	}
}

func TestStoryUsesLinkedPerson(t *testing.T) {
	s := recOpen(t)
	ctx := context.Background()
	p := Person{Name: "Samira Taylor", Role: RoleServiceUser}
	if err := s.SavePerson(ctx, &p, nil); err != nil {
		t.Fatal(err)
	}
	st := readyStory("Mine")
	st.AuthorID, st.Naming, st.AuthorName = p.ID, NamingFirst, "ignored"
	st = saveStory(t, s, st)
	if st.AuthorName != "Samira Taylor" || st.Byline() != "Samira" {
		t.Errorf("linked author: %q %q", st.AuthorName, st.Byline())
	}
	var stored string
	s.db.QueryRow("SELECT author_name FROM stories WHERE id = ?", st.ID).Scan(&stored)
	if stored != "" {
		t.Errorf("a linked author's name is stored with the story: %q", stored)
	}
	// Erasing the person erases the stories they wrote: their words are
	// theirs (anonymising keeps one they agreed to share, as anonymous:
	// TestAnonymiseKeepsConsentedStory).
	if err := s.DeletePerson(ctx, p.ID, p.Version); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Story(ctx, st.ID); err != ErrNotFound {
		t.Errorf("after erasure the story is still there: %v", err)
	}
	ftsIntegrity(t, s)
}

func TestSupportMessage(t *testing.T) {
	s := recOpen(t)
	ctx := context.Background()
	if m, err := s.SupportMessage(ctx); m != DefaultSupportMessage || err != nil {
		t.Errorf("default: %q %v", m, err)
	}
	s.SetSetting(ctx, SettingSupportMessage, "  Call us.\x1b[2J ")
	if m, _ := s.SupportMessage(ctx); m != "Call us.[2J" {
		t.Errorf("set: %q", m)
	}
}

// TestSecureDeleteErasesStory checks that a deleted story's words leave
// the database file, index included.
func TestSecureDeleteErasesStory(t *testing.T) {
	path := filepath.Join(t.TempDir(), "involve.db")
	s := recOpenPath(t, path)
	ctx := context.Background()
	st := readyStory("Secret")
	st.Body = strings.Repeat("Zanzibarquux ", 200) + "\n"
	st = saveStory(t, s, st)
	st.Body = "Changed.\n"
	st = saveStory(t, s, st)
	if err := s.DeleteStory(ctx, st.ID, st.Version); err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.Exec("PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{path, path + "-wal"} {
		data, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		if strings.Contains(strings.ToLower(string(data)), "zanzibarquux") {
			t.Errorf("%s still holds the deleted story's words", filepath.Base(p))
		}
	}
}
