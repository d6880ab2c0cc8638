package store

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"
	"time"
)

// benchPayments writes, in one transaction, people people each paid weekly
// (a 2-hour involvement at £15 an hour, paid the next day, every fourth one
// by voucher) for weeks weeks ending on 2026-03-08, with an expense claim
// every fortnight. It returns the first person's id.
func benchPayments(b *testing.B, s *Store, people, weeks int) string {
	b.Helper()
	ctx := context.Background()
	first := ""
	err := s.tx(ctx, func(tx *sql.Tx) error {
		now := s.stamp()
		insP, err := tx.PrepareContext(ctx, "INSERT INTO people ("+personCols+") VALUES (?,?,?,1,?,'','service_user','','','',0,'','','')")
		if err != nil {
			return err
		}
		defer insP.Close()
		insY, err := tx.PrepareContext(ctx, "INSERT INTO payments ("+paymentCols+") VALUES (?,?,?,1,?,NULL,'Forum',?,'hourly',200,1500,3000,'accept',0,'','paid','',?,?,NULL,NULL)")
		if err != nil {
			return err
		}
		defer insY.Close()
		insC, err := tx.PrepareContext(ctx, "INSERT INTO claims ("+claimCols+") VALUES (?,?,?,1,?,NULL,'Forum',?,'fare',0,0,340,'',0,'','paid','','cash',?,NULL)")
		if err != nil {
			return err
		}
		defer insC.Close()
		end := time.Date(2026, 3, 2, 12, 0, 0, 0, London)
		for i := range people {
			pid := newID()
			if first == "" {
				first = pid
			}
			if _, err := insP.ExecContext(ctx, pid, now, now, fmt.Sprintf("Person %05d", i)); err != nil {
				return err
			}
			for w := range weeks {
				d := end.AddDate(0, 0, -7*w)
				day, next := d.Format(DateLayout), d.AddDate(0, 0, 1).Format(DateLayout)
				how := "bank"
				if w%4 == 0 {
					how = "voucher"
				}
				if _, err := insY.ExecContext(ctx, newID(), now, now, pid, day, how, next); err != nil {
					return err
				}
				if w%2 == 0 {
					if _, err := insC.ExecContext(ctx, newID(), now, now, pid, day, day); err != nil {
						return err
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := s.db.ExecContext(ctx, "ANALYZE"); err != nil {
		b.Fatal(err)
	}
	return first
}

func benchStore(b *testing.B) *Store {
	b.Helper()
	s, err := Open(filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	s.SetClock(func() time.Time { return time.Date(2026, 3, 10, 10, 0, 0, 0, time.UTC) })
	th := Threshold{Kind: ThresholdWeekly, Amount: 5000, EffectiveFrom: "2020-04-06"}
	if err := s.SetThreshold(context.Background(), &th); err != nil {
		b.Fatal(err)
	}
	th = Threshold{Kind: ThresholdMonthly, Amount: 15000, EffectiveFrom: "2020-04-06"}
	if err := s.SetThreshold(context.Background(), &th); err != nil {
		b.Fatal(err)
	}
	return s
}

// BenchmarkLedger: one person with two years of weekly payments (104, and
// 52 expense claims) among 200 such people.
//
//	ledger-2y    the whole two-year ledger (105 weeks, 25 months, 156 lines)
//	ledger-3m    the last three months, as the person's ledger screen opens
//	check        CheckPayment before recording a payment
func BenchmarkLedger(b *testing.B) {
	s := benchStore(b)
	id := benchPayments(b, s, 200, 104)
	ctx := context.Background()
	b.Run("ledger-2y", func(b *testing.B) {
		for b.Loop() {
			l, err := s.Ledger(ctx, id, "2024-03-11", "2026-03-10")
			if err != nil || len(l.Lines) != 156 {
				b.Fatalf("%d lines, %v", len(l.Lines), err)
			}
		}
	})
	b.Run("ledger-3m", func(b *testing.B) {
		for b.Loop() {
			if _, err := s.Ledger(ctx, id, "2025-12-10", "2026-03-10"); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("check", func(b *testing.B) {
		for b.Loop() {
			w, err := s.CheckPayment(ctx, Payment{PersonID: id, Date: "2026-03-03", Amount: 3000, Hours: 200, Choice: ChoiceAccept})
			if err != nil || !w.Crosses() {
				b.Fatalf("%+v, %v", w, err)
			}
		}
	})
}

// BenchmarkStandings is the all-people ledger summary (the Money section's
// ledger list) over 10,000 people each paid weekly for the last 12 weeks:
// 120,000 payments.
func BenchmarkStandings(b *testing.B) {
	if testing.Short() {
		b.Skip("builds 10,000 people's payments")
	}
	s := benchStore(b)
	benchPayments(b, s, 10_000, 12)
	ctx := context.Background()
	for b.Loop() {
		st, err := s.Standings(ctx, "2026-03-03")
		if err != nil || len(st) != 10_000 {
			b.Fatalf("%d standings, %v", len(st), err)
		}
	}
}
