package kit

import (
	"context"

	tea "charm.land/bubbletea/v2"

	"github.com/involve/involve/store"
)

// Panel is a list the dashboard shows after its own, for a section in a
// package of its own: its title, its columns, and what enter opens.
type Panel struct {
	Title   string
	Columns []Column
	// Empty is shown when the panel has no rows; when it is "", a panel
	// with no rows is not shown at all.
	Empty string
	Open  func(id string) tea.Cmd
}

// Panels are panels loaded together: Load runs in the dashboard's Cmd and
// returns the rows of each panel, in order.
type Panels struct {
	Panels []Panel
	Load   func(context.Context, *store.Store) ([][]Row, error)
	// Later panels load after the dashboard has been drawn with the rest,
	// so that its first frame does not wait for them (a count over every
	// person); until then they are not shown.
	Later bool
}
