package kit

import (
	"context"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/involve/involve/store"
)

// ActionList is the one list of actions: a meeting's, or a senior
// officer's commitments at a contact. It shows each as done or not, what,
// who and when due (overdue in red, done faint), and answers enter (edit),
// space (done/not done) and D (delete, asking first) for the action under
// the cursor. A change is reported with ChangedMsg, so the screen on top
// reloads.
type ActionList struct {
	*List
	c       *Common
	noun    string // "action", "commitment"
	actions []store.Action
}

// NewActionList makes an empty list of actions called noun, saying empty
// when there are none.
func NewActionList(c *Common, noun, empty string) *ActionList {
	l := NewList(c, Column{Title: "", Width: 3}, Column{Title: capitalise(noun)}, Column{Title: "Who", Width: 16}, Column{Title: "Due", Width: 22})
	l.Empty = empty
	return &ActionList{List: l, c: c, noun: noun}
}

func capitalise(s string) string {
	if s == "" {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}

// SetActions shows these actions.
func (l *ActionList) SetActions(actions []store.Action) {
	l.actions = actions
	today := store.LocalDate(l.c.Now())
	rows := make([]Row, len(actions))
	for i, a := range actions {
		mark := "[ ]"
		due, tone := DueText(a.Due, today)
		if a.Done {
			// Done is done: not overdue, whenever it was due.
			mark, tone, due = "[x]", ToneFaint, DueDate(a.Due)
		}
		owner := ""
		if a.Owner != "" {
			owner = store.Initials(a.Owner)
		}
		rows[i] = NewRow(a.ID, []string{mark, a.Description, a.Owner, due}, []string{mark, a.Description, owner, due})
		rows[i].Tone = tone
	}
	l.SetRows(rows)
}

// Open is how many are not done.
func (l *ActionList) Open() int {
	n := 0
	for _, a := range l.actions {
		if !a.Done {
			n++
		}
	}
	return n
}

// SelectedAction is the action under the cursor.
func (l *ActionList) SelectedAction() (store.Action, bool) {
	row, ok := l.Selected()
	if !ok {
		return store.Action{}, false
	}
	for _, a := range l.actions {
		if a.ID == row.ID {
			return a, true
		}
	}
	return store.Action{}, false
}

// ActionHelp lists the keys Act answers.
func (l *ActionList) ActionHelp() []key.Binding {
	k := l.c.Keys
	return []key.Binding{Relabel(k.List.Open, "edit "+l.noun), k.Detail.ToggleDone, Relabel(k.Record.Delete, "delete "+l.noun)}
}

// Act edits, marks or deletes the action under the cursor for enter, space
// or D; handled is false for any other key.
func (l *ActionList) Act(msg tea.KeyPressMsg) (handled bool, cmd tea.Cmd) {
	c := l.c
	a, ok := l.SelectedAction()
	switch {
	case !ok:
		return false, nil
	case key.Matches(msg, c.Keys.List.Open):
		return true, EditAction(c, a)
	case key.Matches(msg, c.Keys.Detail.ToggleDone):
		a.Done = !a.Done
		word := "not done"
		if a.Done {
			word = "done"
		}
		return true, Do(c, func(ctx context.Context, st *store.Store) error { return st.SaveAction(ctx, &a) },
			ChangedMsg{Status: "Marked the " + l.noun + " " + word + "."})
	case key.Matches(msg, c.Keys.Record.Delete):
		return true, Push(NewConfirm(c, "Delete this "+l.noun+"?", a.Description, func() tea.Cmd {
			return Do(c, func(ctx context.Context, st *store.Store) error { return st.DeleteAction(ctx, a.ID, a.Version) },
				ChangedMsg{Status: "Deleted the " + l.noun + "."})
		}))
	}
	return false, nil
}
