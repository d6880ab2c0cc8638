package store

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"filippo.io/age"
)

// BenchmarkBackup times a backup of the 10,000-person demo database, plain
// and age-encrypted, each checked (integrity_check) before it is put in
// place, against the sqlite3 program's .backup of the same file (when
// sqlite3 is on PATH), with and without an integrity check of its copy, and
// against VACUUM INTO alone (the copy without its check). The variants take
// turns within each iteration, so that a busy machine slows them alike; the
// figures are reported as the median ms of each and as ratios of the
// medians to sqlite3's (goal: at most 1.5× .backup plain, 2× encrypted).
//
//	go test ./store -run '^$' -bench BenchmarkBackup -benchtime 10x
func BenchmarkBackup(b *testing.B) {
	ctx := context.Background()
	dir := b.TempDir()
	src := filepath.Join(dir, "demo.db")
	if err := WriteDemoAt(ctx, src, backupBenchPeople, 1, time.Date(2026, 3, 14, 10, 0, 0, 0, time.UTC)); err != nil {
		b.Fatal(err)
	}
	s, err := Open(src)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	id, err := age.GenerateX25519Identity()
	if err != nil {
		b.Fatal(err)
	}
	if info, err := os.Stat(src); err == nil {
		b.Logf("database: %d people, %.1f MB", backupBenchPeople, float64(info.Size())/1e6)
	}

	type variant struct {
		name  string
		run   func() error
		times []time.Duration
	}
	variants := []*variant{
		{name: "plain", run: func() error {
			_, err := s.Backup(ctx, BackupOptions{Path: filepath.Join(dir, "plain.db")})
			return err
		}},
		{name: "age", run: func() error {
			_, err := s.Backup(ctx, BackupOptions{Path: filepath.Join(dir, "enc.db.age"), Recipients: []age.Recipient{id.Recipient()}})
			return err
		}},
		{name: "vacuum-into", run: func() error {
			out := filepath.Join(dir, "vacuum.db")
			os.Remove(out)
			_, err := s.db.ExecContext(ctx, "VACUUM INTO ?", out)
			return err
		}},
	}
	if sqlite3, err := exec.LookPath("sqlite3"); err == nil {
		copyPath := filepath.Join(dir, "sqlite3.db")
		backup := func() error { return exec.Command(sqlite3, src, ".backup "+copyPath).Run() }
		variants = append(variants,
			&variant{name: "sqlite3", run: backup},
			&variant{name: "sqlite3+check", run: func() error {
				if err := backup(); err != nil {
					return err
				}
				out, err := exec.Command(sqlite3, copyPath, "PRAGMA integrity_check").Output()
				if err == nil && string(out) != "ok\n" {
					err = fmt.Errorf("sqlite3 integrity_check: %s", out)
				}
				return err
			}})
	} else {
		b.Log("sqlite3 is not on PATH: no comparison with .backup")
	}

	// One sub-benchmark, so that the database above is made once.
	b.Run("turns", func(b *testing.B) {
		for _, v := range variants {
			v.times = v.times[:0]
		}
		for i := range b.N {
			for j := range variants {
				v := variants[(i+j)%len(variants)]
				start := time.Now()
				if err := v.run(); err != nil {
					b.Fatalf("%s: %v", v.name, err)
				}
				v.times = append(v.times, time.Since(start))
			}
		}
		per := map[string]float64{}
		for _, v := range variants {
			slices.Sort(v.times)
			per[v.name] = ms(v.times[len(v.times)/2])
			b.ReportMetric(per[v.name], v.name+"-ms-median")
		}
		b.ReportMetric(0, "ns/op") // the sum of all the variants means nothing
		if base, checked := per["sqlite3"], per["sqlite3+check"]; base > 0 {
			for _, name := range []string{"plain", "age"} {
				b.ReportMetric(per[name]/base, name+"/sqlite3")
				b.ReportMetric(per[name]/checked, name+"/sqlite3+check")
			}
		}
	})
}

// backupBenchPeople is the size of the benchmark database (DESIGN.md's budgets).
const backupBenchPeople = 10000

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
