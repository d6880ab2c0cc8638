package main

import (
	"context"
	"io"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"

	"github.com/involve/involve/store"
)

// benchLongStory is a story of n words with headings, quotes, lists and emphasis.
func benchLongStory(n int) string {
	vocab := strings.Fields("the a and recovery I was it my to of in that for on with day mum sister meeting worker " +
		"group hope long road back home again never always sometimes morning night friends kitchen forum mountain")
	rng := rand.New(rand.NewPCG(1, 2))
	var b strings.Builder
	for words := 0; words < n; {
		switch rng.IntN(12) {
		case 0:
			b.WriteString("## Part\n\n")
		case 1:
			b.WriteString("> ")
		case 2:
			b.WriteString("- ")
		}
		for i := 0; i < 60 && words < n; i++ {
			w := vocab[rng.IntN(len(vocab))]
			if rng.IntN(30) == 0 {
				w = "*" + w + "*"
			}
			b.WriteString(w + " ")
			words++
		}
		b.WriteString("\n\n")
	}
	return b.String()
}

// benchShowDB is a database holding one readable story of 10,000 words.
func benchShowDB(b *testing.B) (string, *store.Store) {
	b.Helper()
	db := filepath.Join(b.TempDir(), "involve.db")
	s, err := store.Open(db)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	st := store.Story{Slug: "long", Title: "A very long road", Body: benchLongStory(10_000), Status: store.StoryApproved,
		Consent: store.ConsentGiven, ConsentDate: "2026-01-05", Uses: []store.Use{store.UseForums},
		ContentNotes: []string{"overdose"}}
	if err := s.SaveStory(context.Background(), &st); err != nil {
		b.Fatal(err)
	}
	return db, s
}

func benchShow(b *testing.B, db string) {
	root := newRoot(io.Discard, io.Discard)
	root.SetArgs([]string{"--db", db, "stories", "show", "long", "--style", "dark", "--width", "80"})
	if err := root.Execute(); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkStoriesShow10kFirst is `involve stories show` of a 10,000-word
// story in-process, rendered afresh each time (the cached render is dropped
// first): open the database, check consent, render, keep the render, print.
func BenchmarkStoriesShow10kFirst(b *testing.B) {
	db, s := benchShowDB(b)
	st, _ := s.Story(context.Background(), "long")
	for b.Loop() {
		b.StopTimer()
		// Saving the same story again changes nothing; dropping its
		// renders is what a new version does.
		if err := s.SaveRenderedStory(context.Background(), st.ID, st.Version+1000, 80, "dark", "x", "x"); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		benchShow(b, db)
	}
}

// BenchmarkStoriesShow10kCached is the same once the render is kept.
func BenchmarkStoriesShow10kCached(b *testing.B) {
	db, _ := benchShowDB(b)
	benchShow(b, db)
	for b.Loop() {
		benchShow(b, db)
	}
}
