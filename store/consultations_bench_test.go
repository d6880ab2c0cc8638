package store

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/involve/involve/civil"
)

// The consultation benchmarks run on the 10,000-person demo (500
// consultations), written once per test process:
//
//	go test ./store -run '^$' -bench 'Board|ConsultationDashboard' -benchtime 200x
//
// Budget: the board ≤ 50 ms.

var largeConsult struct {
	once  sync.Once
	path  string
	forum string
	err   error
}

// TestMain removes the large demo the benchmarks wrote.
func TestMain(m *testing.M) {
	code := m.Run()
	if largeConsult.path != "" {
		os.RemoveAll(filepath.Dir(largeConsult.path))
	}
	os.Exit(code)
}

// benchLargeConsultations opens the 10,000-person demo (written once per
// process) and picks the forum with the most points raised at its
// meetings.
func benchLargeConsultations(b *testing.B) (*Store, string) {
	b.Helper()
	largeConsult.once.Do(func() {
		dir, err := os.MkdirTemp("", "involve-store-bench-")
		if err != nil {
			largeConsult.err = err
			return
		}
		largeConsult.path = filepath.Join(dir, "large.db")
		if largeConsult.err = writeDemo(context.Background(), largeConsult.path, 10_000, 1, demoTestClock); largeConsult.err != nil {
			return
		}
		s, err := Open(largeConsult.path)
		if err != nil {
			largeConsult.err = err
			return
		}
		defer s.Close()
		largeConsult.err = s.db.QueryRow(`SELECT g.forum_id FROM consultation_points p JOIN meetings g ON g.id = p.meeting_id
			GROUP BY g.forum_id ORDER BY count(*) DESC LIMIT 1`).Scan(&largeConsult.forum)
	})
	if largeConsult.err != nil {
		b.Fatal(largeConsult.err)
	}
	s, err := Open(largeConsult.path)
	if err != nil {
		b.Fatal(err)
	}
	s.SetClock(demoTestClock)
	b.Cleanup(func() { s.Close() })
	return s, largeConsult.forum
}

// BenchmarkBoard gathers the "you said, we did" board of the forum with
// the most points in the 10,000-person demo.
func BenchmarkBoard(b *testing.B) {
	s, forum := benchLargeConsultations(b)
	ctx := context.Background()
	n := 0
	for b.Loop() {
		board, err := s.Board(ctx, forum, civil.Date{}, civil.Date{})
		if err != nil {
			b.Fatal(err)
		}
		n = board.Points()
	}
	if n == 0 {
		b.Fatal("an empty board")
	}
	b.ReportMetric(float64(n), "points")
}

// BenchmarkConsultationDashboard gathers what the dashboard shows of the
// 500 consultations.
func BenchmarkConsultationDashboard(b *testing.B) {
	s, _ := benchLargeConsultations(b)
	ctx := context.Background()
	var d ConsultDashboard
	for b.Loop() {
		var err error
		if d, err = s.ConsultationDashboard(ctx, 10); err != nil {
			b.Fatal(err)
		}
	}
	if len(d.Overdue) == 0 || len(d.Awaiting) == 0 {
		b.Fatalf("nothing to show: %d overdue, %d awaited", len(d.Overdue), len(d.Awaiting))
	}
}
