package store

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"filippo.io/age"
)

// BenchmarkBackup times a backup of the 10,000-person demo database, plain
// and age-encrypted, each checked (integrity_check) before it is put in
// place, against the sqlite3 program's .backup of the same file in the same
// run (when sqlite3 is on PATH), with and without an integrity check of its
// copy. The ratios are logged at the end (goal: at most 1.5× .backup plain,
// 2× encrypted).
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

	per := map[string]time.Duration{}
	run := func(name string, fn func() error) {
		b.Run(name, func(b *testing.B) {
			for range b.N {
				if err := fn(); err != nil {
					b.Fatal(err)
				}
			}
			per[name] = b.Elapsed() / time.Duration(b.N)
		})
	}
	run("plain", func() error {
		_, err := s.Backup(ctx, BackupOptions{Path: filepath.Join(dir, "plain.db")})
		return err
	})
	run("age", func() error {
		_, err := s.Backup(ctx, BackupOptions{Path: filepath.Join(dir, "enc.db.age"), Recipients: []age.Recipient{id.Recipient()}})
		return err
	})
	// What the copy costs without its check: VACUUM INTO a new file.
	run("vacuum-into-only", func() error {
		out := filepath.Join(dir, "vacuum.db")
		os.Remove(out)
		_, err := s.db.ExecContext(ctx, "VACUUM INTO ?", out)
		return err
	})

	sqlite3, err := exec.LookPath("sqlite3")
	if err != nil {
		b.Log("sqlite3 is not on PATH: no comparison with .backup")
		return
	}
	copyPath := filepath.Join(dir, "sqlite3.db")
	run("sqlite3-backup", func() error {
		return exec.Command(sqlite3, src, ".backup "+copyPath).Run()
	})
	run("sqlite3-backup-and-check", func() error {
		if err := exec.Command(sqlite3, src, ".backup "+copyPath).Run(); err != nil {
			return err
		}
		out, err := exec.Command(sqlite3, copyPath, "PRAGMA integrity_check").Output()
		if err == nil && string(out) != "ok\n" {
			b.Fatalf("sqlite3 integrity_check: %s", out)
		}
		return err
	})
	base, checked := per["sqlite3-backup"], per["sqlite3-backup-and-check"]
	if base > 0 && checked > 0 {
		for _, name := range []string{"plain", "age", "vacuum-into-only"} {
			b.Logf("%-17s %8.1f ms = %.2f× sqlite3 .backup (%.1f ms), %.2f× .backup + integrity_check (%.1f ms)",
				name, ms(per[name]), float64(per[name])/float64(base), ms(base), float64(per[name])/float64(checked), ms(checked))
		}
	}
}

// backupBenchPeople is the size of the benchmark database (DESIGN.md's budgets).
const backupBenchPeople = 10000

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
