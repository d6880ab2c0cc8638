package tui

import (
	"context"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/involve/involve/store"
	"github.com/involve/involve/tui/kit"
)

// PersonLedgerScreen is one person's benefit-aware ledger over the last
// three months: weekly and monthly totals of involvement payments against
// the thresholds, and every payment and expense with why it counts (or not).
type PersonLedgerScreen struct {
	c      *kit.Common
	id     string
	ledger store.Ledger
	loaded bool
	pane   int // 0 weeks, 1 months, 2 lines
	lists  [3]*kit.List
	gen    int
	w, h   int
}

type ledgerLoadedMsg struct {
	to     *PersonLedgerScreen
	gen    int
	ledger store.Ledger
	rows   [3][]kit.Row
	err    error
}

// NewPersonLedger opens the ledger of the person with this id.
func NewPersonLedger(c *kit.Common, personID string) *PersonLedgerScreen {
	s := &PersonLedgerScreen{c: c, id: personID}
	s.lists[0] = kit.NewList(c, kit.Column{Title: "Week", Width: 16}, kit.Column{Title: "Paid", Width: 9, Right: true},
		kit.Column{Title: "Due", Width: 9, Right: true}, kit.Column{Title: "Limit", Width: 9, Right: true},
		kit.Column{Title: "Hours", Width: 6, Right: true}, kit.Column{Title: "Stands"})
	s.lists[1] = kit.NewList(c, kit.Column{Title: "Month", Width: 14}, kit.Column{Title: "Paid", Width: 9, Right: true},
		kit.Column{Title: "Due", Width: 9, Right: true}, kit.Column{Title: "Limit", Width: 9, Right: true},
		kit.Column{Title: "Hours", Width: 9, Right: true}, kit.Column{Title: "Stands"})
	s.lists[2] = kit.NewList(c, kit.Column{Title: "Date", Width: 11}, kit.Column{Title: "What"}, kit.Column{Title: "Amount", Width: 9, Right: true},
		kit.Column{Title: "Counts", Width: 9, Right: true}, kit.Column{Title: "Why"})
	s.lists[2].Empty = "No payments or expenses in these months."
	return s
}

// Init loads the ledger.
func (s *PersonLedgerScreen) Init() tea.Cmd { return s.Refresh() }

// Refresh reloads the last three months.
func (s *PersonLedgerScreen) Refresh() tea.Cmd {
	s.gen++
	gen, id := s.gen, s.id
	now := s.c.Now().In(store.London)
	to := store.LocalDate(now)
	from := now.AddDate(0, -2, -now.Day()+1).Format(store.DateLayout)
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), kit.DefaultTimeout)
		defer cancel()
		msg := ledgerLoadedMsg{to: s, gen: gen}
		if msg.ledger, msg.err = s.c.Store.Ledger(ctx, id, from, to); msg.err != nil {
			return msg
		}
		msg.rows = ledgerRows(msg.ledger, to)
		return msg
	}
}

func periodStands(p store.LedgerPeriod, hours bool) (string, kit.Tone) {
	var over []string
	if p.OverLimit() {
		over = append(over, "over the limit")
	}
	if hours && p.OverHours() {
		over = append(over, "over the hours cap")
	}
	if len(over) > 0 {
		return strings.Join(over, ", "), kit.ToneBad
	}
	if !p.LimitSet {
		return "no threshold set", kit.ToneNormal
	}
	return "within", kit.ToneNormal
}

func ledgerRows(l store.Ledger, today string) [3][]kit.Row {
	var out [3][]kit.Row
	for i := len(l.Weeks) - 1; i >= 0; i-- {
		w := l.Weeks[i]
		stands, tone := periodStands(w, false)
		if w.Start > today {
			continue
		}
		r := kit.NewRow(w.Start, []string{w.Label, w.Paid.String(), w.Due.String(), shortLimit(w), w.Hours.String(), stands}, nil)
		r.Tone = tone
		out[0] = append(out[0], r)
	}
	for i := len(l.Months) - 1; i >= 0; i-- {
		m := l.Months[i]
		stands, tone := periodStands(m, true)
		r := kit.NewRow(m.Start, []string{m.Label, m.Paid.String(), m.Due.String(), shortLimit(m),
			m.Hours.String() + "/" + store.Hundredths(m.HoursCap.Amount).String(), stands}, nil)
		r.Tone = tone
		out[1] = append(out[1], r)
	}
	for _, line := range l.Lines {
		counts := line.Counted.String()
		if line.Counted == 0 {
			counts = "—"
		}
		r := kit.NewRow(line.ID, []string{shortDateString(line.Date), line.What, line.Amount.String(), counts, line.Why}, nil)
		if line.Counted == 0 {
			r.Tone = kit.ToneFaint
		}
		out[2] = append(out[2], r)
	}
	return out
}

func shortLimit(p store.LedgerPeriod) string {
	if !p.LimitSet {
		return "none"
	}
	return store.Pence(p.Limit.Amount).String()
}

// Title is the person's name as shown, and "ledger".
func (s *PersonLedgerScreen) Title() string {
	if !s.loaded {
		return "Ledger"
	}
	return s.c.Name(s.ledger.Name, s.ledger.PreferredName) + ": ledger"
}

// SetSize lays the screen out.
func (s *PersonLedgerScreen) SetSize(w, h int) {
	s.w, s.h = w, h
	s.layout()
}

// layout gives the lists what the heading leaves.
func (s *PersonLedgerScreen) layout() {
	for _, l := range s.lists {
		l.SetSize(s.w, max(3, s.h-kit.LineCount(s.headView())))
	}
}

// Capturing is true while a find field has the focus.
func (s *PersonLedgerScreen) Capturing() bool { return s.lists[s.pane].Finding() }

// Help lists the ledger's keys.
func (s *PersonLedgerScreen) Help() [][]key.Binding {
	return [][]key.Binding{{s.c.Keys.Detail.SwitchPane, s.c.Keys.Global.Back}, s.lists[s.pane].Help()}
}

// Update handles the ledger's keys.
func (s *PersonLedgerScreen) Update(msg tea.Msg) (kit.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case ledgerLoadedMsg:
		if msg.to != s || msg.gen != s.gen {
			return s, nil
		}
		if msg.err != nil {
			return s, kit.Failed(msg.err)
		}
		s.ledger, s.loaded = msg.ledger, true
		for i, rows := range msg.rows {
			s.lists[i].SetRows(rows)
		}
		s.layout()
	case tea.KeyPressMsg:
		if handled, cmd := s.lists[s.pane].Update(msg); handled {
			return s, cmd
		}
		switch {
		case key.Matches(msg, s.c.Keys.Detail.SwitchPane):
			s.pane = (s.pane + 1) % 3
		case key.Matches(msg, s.c.Keys.Global.Back):
			return s, kit.Pop("")
		}
	}
	return s, nil
}

// View draws the ledger.
func (s *PersonLedgerScreen) View() string {
	st := s.c.Styles
	if !s.loaded {
		return st.Subtle.Render("  Loading…")
	}
	if s.c.Privacy {
		// One person's payments, line by line: none of it may show.
		return st.Title.Render(kit.Truncate("  "+s.c.Name(s.ledger.Name, s.ledger.PreferredName)+": ledger", s.w)) + "\n\n" +
			st.Subtle.Render(strings.Join(kit.WrapLines(amountsHidden(s.c), s.w, "  ", 0), "\n"))
	}
	return s.headView() + "\n" + s.lists[s.pane].View()
}

// headView is the person's name, this month's totals (beside the name when
// they fit, else below it), what counts, and the pane tabs.
func (s *PersonLedgerScreen) headView() string {
	st := s.c.Styles
	if !s.loaded {
		return ""
	}
	l := s.ledger
	var now store.LedgerPeriod
	if n := len(l.Months); n > 0 {
		now = l.Months[n-1]
	}
	name := "  " + s.c.Name(l.Name, l.PreferredName)
	month := fmt.Sprintf("This month: %s paid, %s due · limit %s · %s of %s",
		now.Paid, now.Due, limitText(now), now.Hours, hoursCapText(now.HoursCap))
	head := st.Title.Render(kit.Truncate(name, s.w))
	if ansi.StringWidth(name+"  "+month) <= s.w {
		head += st.Subtle.Render("  " + month)
	} else {
		head += "\n" + st.Subtle.Render(strings.Join(kit.WrapLines(month, s.w, "  ", 2), "\n"))
	}
	note := st.Faint.Render(strings.Join(kit.WrapLines("Payments count when received (vouchers too); expenses never; declined and donated count nothing.", s.w, "  ", 2), "\n"))
	tabs := kit.PaneTabs(s.c, []string{"Weeks", "Months", "Lines"}, s.pane)
	return head + "\n" + note + "\n" + tabs
}
