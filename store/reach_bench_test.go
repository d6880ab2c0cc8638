package store

import (
	"context"
	"testing"

	"github.com/involve/involve/civil"
)

// BenchmarkReach counts a year's reach in the 10,000-person demo (200
// forums, 5,000 meetings, about 50,000 attendance records, answers for
// most people): every forum together, and one forum, each as eight
// tables through disclosure control.
func BenchmarkReach(b *testing.B) {
	s := openDemo(b, 10_000, 1)
	ctx := context.Background()
	refs, err := s.References(ctx)
	if err != nil || len(refs) == 0 {
		b.Fatalf("references: %v", err)
	}
	today := civil.In(demoTestNow, London)
	q := ReachQuery{From: today.AddYears(-1).AddDays(1), To: today, ReferenceID: refs[0].ID}
	forums, err := s.ReachForums(ctx, q.From, q.To)
	if err != nil || len(forums) == 0 {
		b.Fatalf("forums: %v", err)
	}
	b.Run("all-forums", func(b *testing.B) {
		for b.Loop() {
			if _, err := s.Reach(ctx, q); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("one-forum", func(b *testing.B) {
		one := q
		one.ForumID = forums[0].ID
		for b.Loop() {
			if _, err := s.Reach(ctx, one); err != nil {
				b.Fatal(err)
			}
		}
	})
}
