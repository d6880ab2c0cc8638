package store

import (
	"context"
	"testing"
)

func BenchmarkZZPlan(b *testing.B) {
	s := benchStore(b)
	id := benchPayments(b, s, 2000, 12)
	ctx := context.Background()
	for _, q := range []string{
		"EXPLAIN QUERY PLAN SELECT " + prefixed("y", paymentCols) + paymentSelect + ` WHERE (y.person_id = '` + id + `' AND y.ledger_date BETWEEN '2026-02-23' AND '2026-03-31') OR (y.person_id = '` + id + `' AND y.payment_date BETWEEN '2026-02-23' AND '2026-03-31')`,
		"EXPLAIN QUERY PLAN SELECT person_id, sum(amount_pence) FROM payments INDEXED BY payments_ledger WHERE ledger_date BETWEEN '2026-02-23' AND '2026-03-31' AND status != 'rejected' GROUP BY person_id",
		`EXPLAIN QUERY PLAN SELECT y.person_id, count(*) FROM payments y JOIN people pe ON pe.id = y.person_id WHERE y.status != 'rejected' AND (y.ledger_date BETWEEN '2026-02-23' AND '2026-03-31' OR y.payment_date BETWEEN '2026-02-23' AND '2026-03-31') GROUP BY y.person_id`,
	} {
		rows, err := s.db.QueryContext(ctx, q)
		if err != nil {
			b.Fatal(err)
		}
		for rows.Next() {
			var a, bb, c int
			var d string
			rows.Scan(&a, &bb, &c, &d)
			b.Log(d)
		}
		rows.Close()
	}
}

func BenchmarkZZBase(b *testing.B) {
	s := benchStore(b)
	id := benchPayments(b, s, 200, 104)
	ctx := context.Background()
	b.Run("person", func(b *testing.B) {
		for b.Loop() {
			s.Person(ctx, id)
		}
	})
	b.Run("thresholds", func(b *testing.B) {
		for b.Loop() {
			s.Thresholds(ctx)
		}
	})
	b.Run("ledgerPayments", func(b *testing.B) {
		for b.Loop() {
			s.ledgerPayments(ctx, id, "2026-02-23", "2026-03-31")
		}
	})
}
