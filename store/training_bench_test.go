package store

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/involve/involve/civil"
)

// BenchmarkTrainingEvidence10k makes the evidence pack for the programme
// with the most sessions (BSc Nursing (Mental Health)) over two years, on
// the 10,000-person demo: gathering it from the database and laying it out
// as markdown. The budget is 50 ms.
//
//	go test ./store -run '^$' -bench TrainingEvidence -benchtime 50x
func BenchmarkTrainingEvidence10k(b *testing.B) {
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
	to := civil.In(demoTestNow, London)
	from := to.AddYears(-2)
	e, err := s.TrainingEvidence(ctx, "BSc Nursing (Mental Health)", from, to)
	if err != nil {
		b.Fatal(err)
	}
	sessions := len(e.Sessions)
	for b.Loop() {
		e, err := s.TrainingEvidence(ctx, "BSc Nursing (Mental Health)", from, to)
		if err != nil {
			b.Fatal(err)
		}
		if len(e.Markdown()) == 0 {
			b.Fatal("an empty pack")
		}
	}
	b.ReportMetric(float64(sessions), "sessions")
}
