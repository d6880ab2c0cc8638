package tui

import (
	"context"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"github.com/involve/involve/store"
	"github.com/involve/involve/tui/kit"
)

// MeetingMoneyScreen is a meeting's expenses: its claims and its petty
// cash (the float, cash paid out, the balance, the count and the
// reconciliation). Opened with $ from the meeting.
type MeetingMoneyScreen struct {
	c       *kit.Common
	id      string
	meeting store.Meeting
	mm      store.MeetingMoney
	claims  map[string]store.Claim
	list    *kit.List
	loaded  bool
	gen     int
	w, h    int
}

type meetingMoneyMsg struct {
	to      *MeetingMoneyScreen
	gen     int
	meeting store.Meeting
	mm      store.MeetingMoney
	rows    []kit.Row
	err     error
}

// NewMeetingMoneyScreen opens the expenses of the meeting with this id.
func NewMeetingMoneyScreen(c *kit.Common, meetingID string) *MeetingMoneyScreen {
	s := &MeetingMoneyScreen{c: c, id: meetingID}
	s.list = kit.NewList(c, kit.Column{Title: "Name"}, kit.Column{Title: "Category", Width: 11},
		kit.Column{Title: "Amount", Width: 9, Right: true}, kit.Column{Title: "Status", Width: 13})
	s.list.Empty = "No claims for this meeting. Press " + kit.KeyName(c.Keys.Record.New) + " to record one."
	return s
}

// Init loads the meeting's money.
func (s *MeetingMoneyScreen) Init() tea.Cmd { return s.Refresh() }

// Refresh reloads the claims and the petty cash.
func (s *MeetingMoneyScreen) Refresh() tea.Cmd {
	s.gen++
	gen, id := s.gen, s.id
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), kit.DefaultTimeout)
		defer cancel()
		msg := meetingMoneyMsg{to: s, gen: gen}
		if msg.meeting, msg.err = s.c.Store.Meeting(ctx, id); msg.err != nil {
			return msg
		}
		if msg.mm, msg.err = s.c.Store.MeetingMoney(ctx, id); msg.err != nil {
			return msg
		}
		for _, c := range msg.mm.Claims {
			r := claimRow(c)
			r.Cells = []string{r.Cells[1], r.Cells[2], r.Cells[4], r.Cells[5]}
			r.Masked = []string{r.Masked[1], r.Masked[2], r.Masked[4], r.Masked[5]}
			msg.rows = append(msg.rows, r)
		}
		return msg
	}
}

// Title names the screen.
func (s *MeetingMoneyScreen) Title() string { return "Expenses" }

// SetSize lays the screen out.
func (s *MeetingMoneyScreen) SetSize(w, h int) {
	s.w, s.h = w, h
	s.list.SetSize(w, s.listHeight())
}

func (s *MeetingMoneyScreen) listHeight() int {
	used := 3 // the title, a blank line, the detail line
	if s.loaded {
		used += kit.LineCount(s.cashView())
	}
	return max(3, s.h-used)
}

// Capturing is true while the find field has the focus.
func (s *MeetingMoneyScreen) Capturing() bool { return s.list.Finding() }

// Help lists the screen's keys.
func (s *MeetingMoneyScreen) Help() [][]key.Binding {
	k, r := s.c.Keys.Money, s.c.Keys.Record
	return [][]key.Binding{
		{r.New, r.Edit, k.Approve, k.Reject, k.Pay, k.Reopen, r.Delete, k.Ledger, s.c.Keys.Global.Back},
		{k.Float, k.Count, k.Reconcile, k.Unreconcile},
		s.list.Help(),
	}
}

// Update handles the keys and replies.
func (s *MeetingMoneyScreen) Update(msg tea.Msg) (kit.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case meetingMoneyMsg:
		if msg.to != s || msg.gen != s.gen {
			return s, nil
		}
		if msg.err != nil {
			return s, kit.Failed(msg.err)
		}
		s.meeting, s.mm, s.loaded = msg.meeting, msg.mm, true
		s.claims = make(map[string]store.Claim, len(msg.mm.Claims))
		for _, c := range msg.mm.Claims {
			s.claims[c.ID] = c
		}
		s.list.SetRows(msg.rows)
		s.list.SetSize(s.w, s.listHeight())
		return s, nil
	case tea.KeyPressMsg:
		return s, s.key(msg)
	}
	return s, nil
}

func (s *MeetingMoneyScreen) key(msg tea.KeyPressMsg) tea.Cmd {
	if handled, cmd := s.list.Update(msg); handled {
		return cmd
	}
	if key.Matches(msg, s.c.Keys.Global.Back) {
		return kit.Pop("")
	}
	if !s.loaded {
		return nil
	}
	k, r := s.c.Keys.Money, s.c.Keys.Record
	pc := s.mm.Cash
	switch {
	case key.Matches(msg, r.New):
		if s.meeting.Status == store.MeetingCancelled {
			return kit.Status("This meeting was cancelled: no claim can be made for it.")
		}
		return newClaim(s.c, s.id, s.Refresh)
	case key.Matches(msg, k.Float):
		return setFloat(s.c, pc)
	case key.Matches(msg, k.Count):
		return countCash(s.c, pc)
	case key.Matches(msg, k.Reconcile):
		if !pc.Counted {
			return kit.Status("Count the cash first (" + k.Count.Help().Key + ").")
		}
		if pc.Difference() == 0 {
			return tea.Sequence(kit.Do(s.c, func(ctx context.Context, st *store.Store) error { return st.ReconcileCash(ctx, &pc, "") },
				kit.StatusMsg{Text: "Reconciled: the cash matches."}), s.Refresh())
		}
		return reasonForm(s.c, "Reconcile: the cash is "+differenceText(pc),
			func(ctx context.Context, st *store.Store, note string) error { return st.ReconcileCash(ctx, &pc, note) },
			"Reconciled, with a note.")
	case key.Matches(msg, k.Unreconcile):
		return tea.Sequence(kit.Do(s.c, func(ctx context.Context, st *store.Store) error { return st.ReopenCash(ctx, &pc) },
			kit.StatusMsg{Text: "The petty cash is open again."}), s.Refresh())
	}
	row, ok := s.list.Selected()
	c, found := s.claims[row.ID]
	if !ok || !found {
		return nil
	}
	switch {
	case key.Matches(msg, r.Edit):
		return editClaim(s.c, c, true)
	case key.Matches(msg, k.Approve):
		return approveClaim(s.c, c, s.Refresh)
	case key.Matches(msg, k.Reject):
		return rejectClaim(s.c, c)
	case key.Matches(msg, k.Pay):
		return payClaim(s.c, c, store.PaidCash)
	case key.Matches(msg, k.Reopen):
		return reopenClaim(s.c, c, s.Refresh)
	case key.Matches(msg, r.Delete):
		return deleteClaim(s.c, c, s.Refresh)
	case key.Matches(msg, k.Ledger):
		return kit.Push(NewPersonLedger(s.c, c.PersonID))
	}
	return nil
}

// setFloat asks for the float taken to a meeting and saves it. A float set
// already is suggested: enter keeps it, typing another amount replaces it.
func setFloat(c *kit.Common, pc store.PettyCash) tea.Cmd {
	var float func() string
	if pc.Float > 0 {
		float = func() string { return pc.Float.Decimal() }
	}
	return cashForm(c, "Float taken to the meeting", "Float", float,
		func(ctx context.Context, st *store.Store, p store.Pence) error { return st.SetFloat(ctx, &pc, p) },
		func() string { return "The float is " + pc.Float.String() + "." })
}

// countCash asks for the cash counted back and saves it. The amount
// counted before, if it was, else the balance (what should be left), is
// suggested: typing the amount counted now replaces it ("42.00" and "43"
// never make "42.0043").
func countCash(c *kit.Common, pc store.PettyCash) tea.Cmd {
	var suggest func() string
	if pc.Counted {
		suggest = func() string { return pc.CountedCash.Decimal() }
	} else if b := pc.Balance(); b >= 0 {
		suggest = func() string { return b.Decimal() }
	}
	return cashForm(c, "Cash counted back", "Counted", suggest,
		func(ctx context.Context, st *store.Store, p store.Pence) error { return st.CountCash(ctx, &pc, p) },
		func() string { return "Counted " + pc.CountedCash.String() + ": " + differenceText(pc) + "." })
}

// cashForm asks for one amount of cash and saves it, offering suggestion
// when given (see kit.Suggest).
func cashForm(c *kit.Common, title, label string, suggestion func() string, save func(context.Context, *store.Store, store.Pence) error, done func() string) tea.Cmd {
	value := ""
	return kit.Push(kit.NewForm(c, kit.FormSpec{
		Title: title,
		Build: func() *huh.Form {
			return huh.NewForm(huh.NewGroup(
				kit.Suggest(c, huh.NewInput().Key("amount").Title(label).Placeholder("e.g. 50.00").Value(&value).Validate(store.ValidateMoney),
					&value, suggestion),
			))
		},
		Snapshot: func() string { return value },
		Live:     map[string]func(string) error{"amount": store.ValidateMoney},
		Save: func(ctx context.Context, st *store.Store) error {
			p, err := store.ParseMoney(value)
			if err != nil {
				return &store.FieldError{Field: label, Message: err.Error()}
			}
			return save(ctx, st, p)
		},
		Done: done,
	}))
}

func differenceText(pc store.PettyCash) string {
	switch d := pc.Difference(); {
	case d < 0:
		return (-d).String() + " short"
	case d > 0:
		return d.String() + " over"
	}
	return "it matches"
}

// cashView is the petty cash in a few lines.
func (s *MeetingMoneyScreen) cashView() string {
	st := s.c.Styles
	pc := s.mm.Cash
	float := "no float set (" + s.c.Keys.Money.Float.Help().Key + " sets one)"
	if pc.Set() {
		float = pc.Float.String()
	}
	count := "not counted yet"
	if pc.Counted {
		count = pc.CountedCash.String() + ", " + differenceText(pc)
	}
	rec := "no"
	if pc.Reconciled {
		rec = "yes, " + shortDateString(pc.ReconciledOn)
		if pc.Note != "" && !s.c.Privacy {
			rec += ": " + pc.Note
		}
	}
	balance := pc.Balance().String()
	if pc.Balance() < 0 {
		balance = st.Bad.Render(balance)
	}
	owed := fmt.Sprintf("%s owed (claimed %s, approved %s) · paid %s · rejected %s",
		s.mm.Owed, s.mm.Claimed[store.StatusClaimed], s.mm.Claimed[store.StatusApproved],
		s.mm.Claimed[store.StatusPaid], s.mm.Claimed[store.StatusRejected])
	lines := kit.Fields(s.c, s.w,
		kit.Field{Label: "Float", Value: float},
		kit.Field{Label: "Cash paid out", Value: fmt.Sprintf("%s (%s)", pc.PaidOut, kit.Plural(len(pc.Lines), "payment", "payments"))},
		kit.Field{Label: "Balance", Value: balance},
		kit.Field{Label: "Counted", Value: count},
		kit.Field{Label: "Reconciled", Value: rec},
		kit.Field{Label: "Claims", Value: owed},
	)
	return lines
}

// View draws the meeting's money.
func (s *MeetingMoneyScreen) View() string {
	st := s.c.Styles
	if !s.loaded {
		return st.Subtle.Render("  Loading…")
	}
	m := s.meeting
	head := kit.Truncate(st.Title.Render("  "+m.ForumName)+st.Subtle.Render("  "+kit.LongDate(m.Start)+", "+kit.TimeRange(m.Start, m.End)), s.w)
	detail := ""
	if row, ok := s.list.Selected(); ok {
		if lines := claimDetail(s.c, s.claims[row.ID]); len(lines) > 0 {
			detail = strings.TrimSpace(lines[0] + "  " + lines[1])
		}
	}
	return head + "\n" + s.cashView() + "\n\n" + s.list.View() + "\n" + st.Subtle.Render(kit.Truncate("  "+detail, s.w))
}
