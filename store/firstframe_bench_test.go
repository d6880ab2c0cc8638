package store

import (
	"context"
	"path/filepath"
	"testing"
)

// openLarge10k opens a 10,000-person demo written for the benchmark, its
// clock fixed.
func openLarge10k(b *testing.B) *Store {
	b.Helper()
	path := filepath.Join(b.TempDir(), "large.db")
	if err := writeDemo(context.Background(), path, 10000, 1, demoTestClock); err != nil {
		b.Fatal(err)
	}
	s, err := Open(path)
	if err != nil {
		b.Fatal(err)
	}
	s.SetClock(demoTestClock)
	b.Cleanup(func() { s.Close() })
	return s
}

// BenchmarkRightsDue10k: the dashboard's count of people's rights due
// (requests, retention reviews, consents expired) on the 10,000-person
// demo.
//
//	go test ./store -run '^$' -bench 'RightsDue10k|OfficerContacts10k' -benchtime 50x
func BenchmarkRightsDue10k(b *testing.B) {
	s := openLarge10k(b)
	ctx := context.Background()
	for b.Loop() {
		if _, err := s.RightsDue(ctx, 14); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkOfficerContacts10k: when each forum last met a senior officer,
// on the 10,000-person demo.
func BenchmarkOfficerContacts10k(b *testing.B) {
	s := openLarge10k(b)
	ctx := context.Background()
	for b.Loop() {
		if _, err := s.OfficerContacts(ctx); err != nil {
			b.Fatal(err)
		}
	}
}
