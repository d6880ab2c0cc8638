package store

import (
	"context"
	"strings"
	"testing"
	"time"
)

func TestDemoStories(t *testing.T) {
	ctx := context.Background()
	s := openDemo(t, DemoPeople, 1)
	all, err := s.Stories(ctx, StoryFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) < 5 || len(all) > 6 {
		t.Fatalf("%d demo stories, want 5 or 6", len(all))
	}
	today := LocalDate(demoTestNow)
	why := map[string]string{}
	for _, st := range all {
		if !strings.Contains(st.Summary, "Fictional") {
			t.Errorf("%s is not marked fictional: %q", st.Slug, st.Summary)
		}
		_, why[st.Slug] = st.Shown(UseForums, today)
	}
	for slug, want := range map[string]string{
		"climbing-mountains": "", "the-kitchen-light": "",
		"forty-days": "consent was withdrawn", "letters-from-inside": "embargoed until",
		"second-chances": "consent expired", "small-steps": "not agreed to its use at forums",
	} {
		if got, ok := why[slug]; !ok || !strings.Contains(got, want) || (want == "" && got != "") {
			t.Errorf("%s: shown at forums? %q, want %q", slug, got, want)
		}
	}
	readable, _ := s.Stories(ctx, StoryFilter{ReadableFor: UseForums})
	if len(readable) != 2 {
		t.Errorf("%d stories readable at forums, want 2", len(readable))
	}
	// Two are linked to demo people and named by them.
	st, _ := s.Story(ctx, "climbing-mountains")
	p, err := s.Person(ctx, st.AuthorID)
	if err != nil || !strings.HasPrefix(st.Byline(), strings.Fields(p.Name)[0]+", ") {
		t.Errorf("climbing-mountains: author %q byline %q (%v)", p.Name, st.Byline(), err)
	}
	if n, _ := count(ctx, s.db, "SELECT count(*) FROM stories WHERE author_id IS NOT NULL"); n != 2 {
		t.Errorf("%d stories linked to people", n)
	}
	if hits, _ := s.SearchStories(ctx, "kitchen light", StoryFilter{ReadableFor: UseForums}, 0); len(hits) != 1 {
		t.Errorf("search: %+v", hits)
	}
}

func TestDemoLargeStories(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a demo of 1,000 people")
	}
	start := time.Now()
	s := openDemo(t, DemoLarge, 1)
	t.Logf("1,000-person demo written in %v", time.Since(start))
	n, _ := count(context.Background(), s.db, "SELECT count(*) FROM stories")
	if want := 6 + demoStoriesFor(DemoLarge); n != want {
		t.Errorf("%d stories, want %d", n, want)
	}
	if demoStoriesFor(10_000) != 1000 || demoStoriesFor(DemoPeople) != 0 {
		t.Error("demoStoriesFor")
	}
	readable, _ := s.Stories(context.Background(), StoryFilter{ReadableFor: UseForums})
	if len(readable) < n/3 || len(readable) == n {
		t.Errorf("%d of %d readable", len(readable), n)
	}
}
