package store

import (
	"context"
	"path/filepath"
	"testing"
)

// BenchmarkDashboard10k gathers the dashboard (next meetings, actions and
// commitments due, quiet forums, forums past the senior officers' target)
// on the 10,000-person demo.
//
//	go test ./store -run '^$' -bench Dashboard10k -benchtime 50x
func BenchmarkDashboard10k(b *testing.B) {
	ctx := context.Background()
	path := filepath.Join(b.TempDir(), "demo.db")
	if err := writeDemo(ctx, path, 10_000, 1, demoTestClock); err != nil {
		b.Fatal(err)
	}
	s, err := Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	s.SetClock(demoTestClock)
	for b.Loop() {
		if _, err := s.Dashboard(ctx); err != nil {
			b.Fatal(err)
		}
	}
}
