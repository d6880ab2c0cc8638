package main

import (
	"context"
	"database/sql"
	"io"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/involve/involve/store"
)

// The "you said, we did" export on the 10,000-person demo (500
// consultations), in-process: open the database, find the forum, gather its
// board, write it. Budget: 50 ms.
//
//	go test ./cmd/involve -run '^$' -bench Yousaid -benchtime 100x

var yousaidDemo struct {
	once        sync.Once
	path, forum string
	err         error
}

// yousaidDB writes the large demo once per process and names the forum
// with the most points raised at its meetings.
func yousaidDB(b *testing.B) (string, string) {
	b.Helper()
	yousaidDemo.once.Do(func() {
		yousaidDemo.path = filepath.Join(binDir, "yousaid-large.db")
		now := time.Date(2026, 3, 10, 9, 30, 0, 0, time.UTC)
		if yousaidDemo.err = store.WriteDemoAt(context.Background(), yousaidDemo.path, 10_000, 1, now); yousaidDemo.err != nil {
			return
		}
		db, err := sql.Open("sqlite", store.DSN(yousaidDemo.path))
		if err != nil {
			yousaidDemo.err = err
			return
		}
		defer db.Close()
		yousaidDemo.err = db.QueryRow(`SELECT f.name FROM consultation_points p JOIN meetings g ON g.id = p.meeting_id
			JOIN forums f ON f.id = g.forum_id GROUP BY f.id ORDER BY count(*) DESC LIMIT 1`).Scan(&yousaidDemo.forum)
	})
	if yousaidDemo.err != nil {
		b.Fatal(yousaidDemo.err)
	}
	return yousaidDemo.path, yousaidDemo.forum
}

func benchYousaid(b *testing.B, format string) {
	db, forum := yousaidDB(b)
	for b.Loop() {
		root := newRoot(io.Discard, io.Discard)
		root.SetArgs([]string{"--db", db, "yousaid", forum, "--format", format})
		if err := root.Execute(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkYousaidMarkdown is `involve yousaid FORUM --format md`.
func BenchmarkYousaidMarkdown(b *testing.B) { benchYousaid(b, "md") }

// BenchmarkYousaidHTML is `involve yousaid FORUM --format html`.
func BenchmarkYousaidHTML(b *testing.B) { benchYousaid(b, "html") }
