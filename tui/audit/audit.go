// Package audit is the audit trail's screen: who changed what, and when,
// the latest first. Only a coordinator may read it (the store refuses
// anyone else).
package audit

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/involve/involve/store"
	"github.com/involve/involve/tui/kit"
)

// Limit is how many of the latest changes the screen shows.
const Limit = 1000

// New is the audit trail: the latest changes, with when (London time), who
// and in what role, what they did (the store action), the kind of record,
// whether it was added, changed or deleted, and the record's id. It holds
// no names of the people the records are about, nor any values.
func New(c *kit.Common) *kit.ListScreen {
	list := kit.NewList(c,
		kit.Column{Title: "When", Width: 12},
		kit.Column{Title: "Who", Width: 10, Min: 8},
		kit.Column{Title: "Role", Width: 11},
		kit.Column{Title: "What"},
		kit.Column{Title: "Record", Width: 16, Min: 10},
		kit.Column{Title: "", Width: 7},
		kit.Column{Title: "Id", Width: 12, Min: 8},
	)
	list.Empty = "Nothing has been changed yet."
	return kit.NewListScreen(c, "Audit trail", list, func(ctx context.Context, st *store.Store) ([]kit.Row, error) {
		entries, err := st.Audit(ctx, store.AuditFilter{Limit: Limit})
		if err != nil {
			return nil, err
		}
		return Rows(entries, c.Now()), nil
	})
}

// Rows are the trail's rows: a record's UUID is cut to its last eight
// characters (the part that tells ids made in the same second apart);
// another id (a setting's name) shows whole.
func Rows(entries []store.AuditEntry, now time.Time) []kit.Row {
	year := now.In(store.London).Year()
	rows := make([]kit.Row, len(entries))
	for i, e := range entries {
		id := e.RecordID
		if len(id) == 36 && strings.Count(id, "-") == 4 {
			id = id[len(id)-8:]
		}
		rows[i] = kit.NewRow(fmt.Sprint(e.Seq), []string{
			when(e.At, year), orUnknown(e.Who), orUnknown(string(e.Role)),
			orUnknown(e.Op), e.Kind, actionLabel(e.Action), id,
		}, nil)
		if e.Action == store.AuditDelete {
			rows[i].Tone = kit.ToneFaint
		}
	}
	return rows
}

// when is the time of a change in London: "10 Mar 09:30" this year, "10
// Mar 2025" before.
func when(t time.Time, year int) string {
	t = t.In(store.London)
	if t.Year() != year {
		return t.Format("2 Jan 2006")
	}
	return t.Format("2 Jan 15:04")
}

func actionLabel(a string) string {
	switch a {
	case store.AuditInsert:
		return "added"
	case store.AuditUpdate:
		return "changed"
	case store.AuditDelete:
		return "deleted"
	}
	return a
}

func orUnknown(s string) string {
	if s == "" {
		return "?"
	}
	return s
}
