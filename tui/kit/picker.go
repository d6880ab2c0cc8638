package kit

import (
	"context"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/involve/involve/store"
)

// Picker lets the user choose one row from a list, with type-to-find.
type Picker struct {
	ListScreen
}

// NewPicker makes a picker titled title over rows from load, in columns
// cols; pick runs on enter.
func NewPicker(c *Common, title string, cols []Column, load func(context.Context, *store.Store) ([]Row, error), pick func(Row) tea.Cmd) *Picker {
	p := &Picker{ListScreen{c: c, title: title, load: load}}
	p.list = NewList(c, cols...)
	p.list.Empty = "There is nobody to choose from."
	p.Open = func(id string) tea.Cmd {
		for _, r := range p.list.Rows() {
			if r.ID == id {
				return pick(r)
			}
		}
		return nil
	}
	p.list.finding = true
	p.list.input.Focus()
	return p
}

// Update is the list's, except that enter picks the row under the cursor
// even while the find field has the focus: type a few letters, press enter.
func (p *Picker) Update(msg tea.Msg) (Screen, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok && key.Matches(k, p.c.Keys.List.Open) {
		if row, ok := p.list.Selected(); ok {
			return p, p.Open(row.ID)
		}
		return p, nil
	}
	_, cmd := p.ListScreen.Update(msg)
	return p, cmd
}
