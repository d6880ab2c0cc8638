package report

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/involve/involve/store"
)

// benchPayments is how many involvement payments the benchmark database
// holds: the demo's own, and as many more as it takes.
const benchPayments = 120_000

// largeDemo is the 10,000-person demo (200 forums, 5,000 meetings, about
// 50,000 attendance records) built around demoNow, with its payments made
// up to 120,000: weekly involvement over the two years before demoNow,
// paid, due, reduced, declined, donated and rejected, some by voucher. It
// is built once per test process.
var largeDemo = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "involve-report-bench-")
	if err != nil {
		return "", err
	}
	tempDirs = append(tempDirs, dir)
	path := filepath.Join(dir, "large.db")
	ctx := context.Background()
	if err := store.WriteDemoAt(ctx, path, 10_000, 1, demoNow); err != nil {
		return "", err
	}
	db, err := sql.Open("sqlite", store.DSN(path))
	if err != nil {
		return "", err
	}
	defer db.Close()
	var have int
	if err := db.QueryRow("SELECT count(*) FROM payments").Scan(&have); err != nil {
		return "", err
	}
	var people []string
	rows, err := db.Query("SELECT id FROM people WHERE role IN ('service_user', 'carer', 'both') ORDER BY id")
	if err != nil {
		return "", err
	}
	for rows.Next() {
		var id string
		rows.Scan(&id)
		people = append(people, id)
	}
	rows.Close()
	tx, err := db.Begin()
	if err != nil {
		return "", err
	}
	defer tx.Rollback()
	ins, err := tx.Prepare(`INSERT INTO payments (id, created_at, updated_at, version, person_id, activity, payment_date, basis,
		hours, rate_pence, amount_pence, choice, reduced_pence, status, reject_reason, paid_how, paid_on)
		VALUES (?, ?, ?, 1, ?, 'Planning group', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return "", err
	}
	defer ins.Close()
	rng := rand.New(rand.NewPCG(7, 120))
	stamp := demoNow.UTC().Format(time.RFC3339)
	start := demoNow.AddDate(-2, 0, 0)
	for i := range benchPayments - have {
		day := start.AddDate(0, 0, rng.IntN(730))
		date := day.In(store.London).Format(time.DateOnly)
		basis, hours, rate := "hourly", 100*(1+rng.IntN(4)), 1500
		amount := hours / 100 * rate
		if rng.IntN(3) == 0 {
			basis, hours, rate, amount = "meeting", 200, 2000, 2000
		}
		choice, reduced := "accept", 0
		switch r := rng.IntN(20); {
		case r == 0:
			choice = "decline"
		case r == 1:
			choice = "donate"
		case r == 2:
			choice, reduced = "reduce", amount/2
		}
		status, reason, how, on := "paid", "", "bank", day.AddDate(0, 0, rng.IntN(20)).In(store.London).Format(time.DateOnly)
		switch r := rng.IntN(10); {
		case day.AddDate(0, 0, 20).After(demoNow) || r == 0:
			status, how, on = "claimed", "", ""
		case r == 1:
			status, how, on = "approved", "", ""
		case r == 2:
			status, reason, how, on = "rejected", "duplicate", "", ""
		case r == 3:
			how = "voucher"
		}
		if choice == "decline" && status == "paid" {
			status, how, on = "approved", "", ""
		}
		if _, err := ins.Exec(uuid.Must(uuid.NewV7()).String(), stamp, stamp, people[i%len(people)], date, basis, hours, rate, amount,
			choice, reduced, status, reason, how, on); err != nil {
			return "", fmt.Errorf("payment %d: %w", i, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return "", err
	}
	if err := db.QueryRow("SELECT count(*) FROM payments").Scan(&largePayments); err != nil {
		return "", err
	}
	// As the demo does: statistics for the planner on what is there now.
	_, err = db.Exec("PRAGMA optimize=0x10002")
	return path, err
})

// largePayments is how many payments the large demo holds.
var largePayments int

// openLarge opens the large demo for a benchmark.
func openLarge(b *testing.B) (*store.Store, Options) {
	b.Helper()
	path, err := largeDemo()
	if err != nil {
		b.Fatal(err)
	}
	s, err := store.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	s.SetClock(func() time.Time { return demoNow })
	b.Cleanup(func() { s.Close() })
	from, to, _ := store.FinancialYear("2025-26")
	return s, Options{From: from, To: to, Year: "2025-26"}
}

// BenchmarkAnnualReport10k is the annual report of the 10,000-person demo
// with 120,000 involvement payments, in process: the figures gathered and
// the report set out, as markdown (the terminal's and the default), as
// HTML with its SVG charts, and as PDF with its PNG charts. The budget is
// 500 ms for each. cpu-ms/op is the processor time the process used per
// report (all its threads, the garbage collector's too): on a machine
// busy with other work, ns/op includes the waiting and cpu-ms/op does not.
//
//	go test ./report -run '^$' -bench AnnualReport10k -benchtime 10x
func BenchmarkAnnualReport10k(b *testing.B) {
	s, o := openLarge(b)
	ctx := context.Background()
	b.Logf("payments in the database: %d", largePayments)
	for _, format := range []string{"md", "html", "pdf"} {
		b.Run(format, func(b *testing.B) {
			var out bytes.Buffer
			cpu0, cpuOK := processCPU()
			for b.Loop() {
				out.Reset()
				d, err := Load(ctx, s, o)
				if err != nil {
					b.Fatal(err)
				}
				switch format {
				case "md":
					err = d.WriteMarkdown(&out)
				case "html":
					err = d.WriteHTML(&out)
				case "pdf":
					err = d.WritePDF(&out, demoNow)
				}
				if err != nil {
					b.Fatal(err)
				}
			}
			if cpu1, ok := processCPU(); ok && cpuOK {
				b.ReportMetric(float64(cpu1-cpu0)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
			}
			b.ReportMetric(float64(out.Len()), "bytes/report")
		})
	}
}

// BenchmarkAnnualFigures10k is the store's part alone: gathering the year's
// figures from the large demo.
func BenchmarkAnnualFigures10k(b *testing.B) {
	s, o := openLarge(b)
	ctx := context.Background()
	cpu0, cpuOK := processCPU()
	for b.Loop() {
		if _, err := s.AnnualReport(ctx, o.From, o.To); err != nil {
			b.Fatal(err)
		}
	}
	if cpu1, ok := processCPU(); ok && cpuOK {
		b.ReportMetric(float64(cpu1-cpu0)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
	}
}
