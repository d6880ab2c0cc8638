package kit

import (
	"context"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/involve/involve/store"
)

// Picker lets the user choose one row from a list: someone to add to a
// forum or a register, whom a claim is for, the meeting it is for. It is a
// list like every other: while the find field is open, enter keeps the
// find (and the arrows still move); on the list, enter chooses the row
// under the cursor. The footer says which of the two enter does. Every
// choice from a list goes through one of these.
type Picker struct {
	ListScreen
	choose  func(Row) tea.Cmd
	titleOf func() string
}

// NewPicker makes a picker titled title over rows from load, in columns
// cols; choose runs with the row chosen. It opens with the find field open:
// type a few letters, enter to keep them, enter to choose.
func NewPicker(c *Common, title string, cols []Column, load func(context.Context, *store.Store) ([]Row, error), choose func(Row) tea.Cmd) *Picker {
	p := &Picker{ListScreen: ListScreen{c: c, title: title, load: load}, choose: choose}
	p.list = NewList(c, cols...)
	p.list.Empty = "There is nobody to choose from."
	p.list.finding = true
	p.list.input.Focus()
	return p
}

// At opens the picker with the cursor on the row with this id (once the
// rows are in) and the find field closed, for when one row is the likely
// choice: enter takes it, / finds another.
func (p *Picker) At(id string) *Picker {
	p.list.finding = false
	p.list.input.Blur()
	p.pick = id
	return p
}

// Empty says what the picker shows when there is nothing to choose: by
// default "There is nobody to choose from.", which suits people only.
func (p *Picker) Empty(text string) *Picker {
	p.list.Empty = text
	return p
}

// TitleFunc names the picker with what f says when it is drawn: a title
// with someone's name in it (made with Common.Mask) follows the privacy
// screen.
func (p *Picker) TitleFunc(f func() string) *Picker {
	p.titleOf = f
	return p
}

// Title names the picker.
func (p *Picker) Title() string {
	if p.titleOf != nil {
		return p.titleOf()
	}
	return p.title
}

// Help lists the picker's keys: choose, then the list's.
func (p *Picker) Help() [][]key.Binding {
	return [][]key.Binding{{p.c.Keys.List.Choose, p.c.Keys.List.Filter}, p.list.Help()}
}

// Update is the list's; enter on the list (not in the find field) chooses.
func (p *Picker) Update(msg tea.Msg) (Screen, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok && !p.list.Finding() && key.Matches(k, p.c.Keys.List.Choose) {
		if row, ok := p.list.Selected(); ok {
			return p, p.choose(row)
		}
		return p, nil
	}
	_, cmd := p.ListScreen.Update(msg)
	return p, cmd
}
