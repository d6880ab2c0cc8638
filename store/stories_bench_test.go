package store

import (
	"context"
	"database/sql"
	"math/rand/v2"
	"path/filepath"
	"testing"
	"time"

	"github.com/involve/involve/assets"
)

// benchStories opens a store holding n generated stories (150 to 600
// words each, a mix of consent, as the large demo has).
func benchStories(b *testing.B, n int) *Store {
	b.Helper()
	s, err := Open(filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	s.SetClock(func() time.Time { return recNow })
	g := demoStoryGen{rng: rand.New(rand.NewPCG(1, 2)), today: LocalDate(recNow), areas: assets.Areas(),
		topics: assets.Topics(), firsts: assets.FirstNames()}
	ctx := context.Background()
	err = s.tx(ctx, func(tx *sql.Tx) error {
		for i := range n {
			st := g.story(i)
			if err := s.insertStory(ctx, tx, &st, nil); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return s
}

// BenchmarkSearch1000 is one full-text search over 1,000 stories, as the
// library runs it while someone types: prefix on the last word, only
// stories readable at forums, ranked, with snippets. Budget: 10 ms.
func BenchmarkSearch1000(b *testing.B) {
	s := benchStories(b, 1000)
	ctx := context.Background()
	queries := []string{"recovery", "tuesday gro", "sister", "kitchen light", "worker never", "allot", "hope", "the"}
	f := StoryFilter{ReadableFor: UseForums}
	hits := 0
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		h, err := s.SearchStories(ctx, queries[i%len(queries)], f, DefaultSearchLimit)
		if err != nil {
			b.Fatal(err)
		}
		hits += len(h)
	}
	if hits == 0 {
		b.Fatal("no hits")
	}
}

// BenchmarkSearch1000All is the same over every story (the management view).
func BenchmarkSearch1000All(b *testing.B) {
	s := benchStories(b, 1000)
	ctx := context.Background()
	queries := []string{"recovery", "tuesday gro", "sister", "kitchen light", "worker never", "allot", "hope", "the"}
	for i := 0; b.Loop(); i++ {
		if _, err := s.SearchStories(ctx, queries[i%len(queries)], StoryFilter{}, DefaultSearchLimit); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkStories1000 lists the library of 1,000 stories.
func BenchmarkStories1000(b *testing.B) {
	s := benchStories(b, 1000)
	ctx := context.Background()
	for b.Loop() {
		if _, err := s.Stories(ctx, StoryFilter{}); err != nil {
			b.Fatal(err)
		}
	}
}
