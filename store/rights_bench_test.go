package store

import (
	"context"
	"io"
	"testing"
)

// largeRightsDemo is the 10,000-person demo and the people in it who take
// part (forum members), richest in records: the ones an export or an
// erasure has most to do for.
func largeRightsDemo(b *testing.B) (*Store, []string) {
	b.Helper()
	s := openLarge10k(b)
	ids, err := checkStrings(context.Background(), s.db, `SELECT person_id FROM attendance
		GROUP BY person_id ORDER BY count(*) DESC, person_id LIMIT 400`)
	if err != nil || len(ids) == 0 {
		b.Fatalf("members: %v", err)
	}
	return s, ids
}

// BenchmarkSubjectAccess: everything held about one person in the
// 10,000-person demo, gathered and written as markdown (budget 100 ms).
func BenchmarkSubjectAccess(b *testing.B) {
	s, ids := largeRightsDemo(b)
	ctx := context.Background()
	i := 0
	for b.Loop() {
		sa, err := s.SubjectAccess(ctx, ids[i%len(ids)])
		if err != nil {
			b.Fatal(err)
		}
		if err := sa.WriteMarkdown(io.Discard); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkErase: erasing one person in the 10,000-person demo, their
// -wal emptied after (budget 100 ms). Each iteration erases someone else.
func BenchmarkErase(b *testing.B) {
	s, ids := largeRightsDemo(b)
	ctx := context.Background()
	i := 0
	for b.Loop() {
		if i == len(ids) {
			b.Fatalf("only %d people to erase: run with -benchtime %dx or fewer", len(ids), len(ids))
		}
		if _, err := s.Erase(ctx, ids[i], EraseOptions{By: "bench"}); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkRetentionDue: who is due for a retention review in the
// 10,000-person demo, for the dashboard (every registry entry that shows
// involvement, looked up person by person through its index).
func BenchmarkRetentionDue(b *testing.B) {
	s, _ := largeRightsDemo(b)
	ctx := context.Background()
	for b.Loop() {
		if _, err := s.RetentionDue(ctx); err != nil {
			b.Fatal(err)
		}
	}
}
