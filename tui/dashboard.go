package tui

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/involve/involve/store"
	"github.com/involve/involve/tui/annual"
	"github.com/involve/involve/tui/audit"
	"github.com/involve/involve/tui/influence"
	"github.com/involve/involve/tui/kit"
)

// Dashboard is the first screen: the next meetings, the actions due, the
// forums that have not met for a while and those that have not met a
// senior officer for longer than the target, and the panels other sections
// add (consultations). Up and down move through all of them; enter opens what
// is under the cursor.
type Dashboard struct {
	c      *kit.Common
	lists  []*kit.List
	titles []string
	opens  []func(id string) tea.Cmd
	// hide says which lists are left out while they have no rows.
	hide   []bool
	extra  []kit.Panels
	focus  int
	loaded bool
	// later says which lists belong to panels that load after the rest
	// (kit.Panels.Later); laterSeen that they have loaded once: until then
	// they are not drawn (their empty texts would not be true yet).
	later     []bool
	laterSeen bool
	gen       int
	w, h      int
	// meetingOf maps an action's id to its meeting's id, or (a senior
	// officer's commitment) to "" and contactOf to its contact's id.
	meetingOf, contactOf map[string]string
}

type dashboardMsg struct {
	to                   *Dashboard
	gen                  int
	rows                 [][]kit.Row // by list; nil for those loaded later
	meetingOf, contactOf map[string]string
	officerTitle         string
	err                  error
}

// dashboardLaterMsg carries the rows of the panels loaded after the
// rest, by list (nil for the others).
type dashboardLaterMsg struct {
	to   *Dashboard
	gen  int
	rows [][]kit.Row
	err  error
}

// builtIn is how many lists the dashboard has of its own.
const builtIn = 4

// NewDashboard makes the dashboard, with the panels of other sections
// after its own lists.
func NewDashboard(c *kit.Common, extra ...kit.Panels) *Dashboard {
	d := &Dashboard{c: c, extra: extra}
	later := false
	add := func(title string, l *kit.List, open func(string) tea.Cmd, hide bool) {
		d.lists, d.titles, d.opens, d.hide = append(d.lists, l), append(d.titles, title), append(d.opens, open), append(d.hide, hide)
		d.later = append(d.later, later)
	}
	next := kit.NewList(c, kit.Column{Title: "Date", Width: 15}, kit.Column{Title: "Time", Width: 11}, kit.Column{Title: "Forum"}, kit.Column{Title: "Venue"}, kit.Column{Title: "Expected", Width: 8, Right: true})
	next.Empty = "No meetings planned. Press " + kit.KeyName(c.Keys.Global.Meetings) + ", then " + kit.KeyName(c.Keys.Record.New) + ", to plan one."
	add("Next meetings", next, func(id string) tea.Cmd { return kit.Push(NewMeetingScreen(c, id)) }, false)
	due := kit.NewList(c, kit.Column{Title: "Due", Width: 24}, kit.Column{Title: "Action"}, kit.Column{Title: "Who", Width: 14}, kit.Column{Title: "From", Width: 18})
	due.Empty = "Nothing due in the next fortnight."
	add("Actions due or overdue", due, func(id string) tea.Cmd {
		if cid := d.contactOf[id]; cid != "" {
			return kit.Push(influence.NewContactScreen(c, influenceLinks(c), cid))
		}
		return kit.Push(NewMeetingScreen(c, d.meetingOf[id]))
	}, false)
	quiet := kit.NewList(c, kit.Column{Title: "Forum"}, kit.Column{Title: "Members", Width: 7, Right: true}, kit.Column{Title: "Last met", Width: 12})
	quiet.Empty = "Every forum has met in the last two months."
	add("Forums that have not met for two months or more", quiet, func(id string) tea.Cmd { return kit.Push(NewForumScreen(c, id)) }, false)
	officers := kit.NewList(c, kit.Column{Title: "Forum"}, kit.Column{Title: "Last met a senior officer", Width: 25}, kit.Column{Title: "Since", Width: 22})
	officers.Empty = "Every forum has met a senior officer within the target."
	add("Forums past the target for meeting a senior officer", officers, func(id string) tea.Cmd { return kit.Push(NewForumScreen(c, id)) }, false)
	for _, g := range extra {
		later = g.Later
		for _, p := range g.Panels {
			l := kit.NewList(c, p.Columns...)
			l.Empty = p.Empty
			add(p.Title, l, p.Open, p.Empty == "")
		}
	}
	return d
}

// shown says whether list i is drawn: a list with rows always is; an empty
// one unless it is hidden when empty, or there is not room for every list
// (a title, a line and a blank line each) and empty ones give way.
func (d *Dashboard) shown(i int) bool {
	if d.later[i] && !d.laterSeen {
		return false
	}
	if d.lists[i].Len() > 0 {
		return true
	}
	if d.hide[i] {
		return false
	}
	n := 0
	for j, l := range d.lists {
		if d.later[j] && !d.laterSeen {
			continue
		}
		if l.Len() > 0 || !d.hide[j] {
			n++
		}
	}
	return n*d.least() <= d.h
}

// chrome is the lines a list draws besides its rows: its column titles,
// and in accessible mode the line saying where the cursor is.
func (d *Dashboard) chrome() int {
	if d.c.Styles.Accessible {
		return 2
	}
	return 1
}

// least is the fewest lines a list drawn takes: its title, its chrome, a
// row and a blank line after it.
func (d *Dashboard) least() int { return 1 + d.chrome() + 1 + 1 }

// Init loads the dashboard.
func (d *Dashboard) Init() tea.Cmd { return d.Refresh() }

// Refresh reloads the dashboard.
func (d *Dashboard) Refresh() tea.Cmd {
	d.gen++
	gen := d.gen
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), kit.DefaultTimeout)
		defer cancel()
		db, err := d.c.Store.Dashboard(ctx)
		if err != nil {
			return dashboardMsg{to: d, gen: gen, err: err}
		}
		msg := dashboardMsg{to: d, gen: gen, meetingOf: map[string]string{}, contactOf: map[string]string{}, rows: make([][]kit.Row, len(d.lists))}
		for _, m := range db.Upcoming {
			msg.rows[0] = append(msg.rows[0], kit.NewRow(m.ID, []string{kit.LongDate(m.Start), kit.TimeRange(m.Start, m.End), m.ForumName, m.Venue,
				fmt.Sprintf("%d", m.Expected())}, nil))
		}
		for _, a := range db.Due {
			due, tone := kit.DueText(a.Due, db.Today)
			from, masked := a.ForumName, a.ForumName
			if a.ContactID != "" {
				// A senior officer's commitment: where it was made.
				from = a.ContactKind.Label() + ", " + a.OfficerName
				masked = a.ContactKind.Label() + ", " + initialsOrEmpty(a.OfficerName)
			}
			r := kit.NewRow(a.ID, []string{due, a.Description, a.Owner, from}, []string{due, a.Description, initialsOrEmpty(a.Owner), masked})
			r.Tone = tone
			msg.rows[1] = append(msg.rows[1], r)
			msg.meetingOf[a.ID], msg.contactOf[a.ID] = a.MeetingID, a.ContactID
		}
		for _, f := range db.Quiet {
			msg.rows[2] = append(msg.rows[2], kit.NewRow(f.ID, []string{f.Name, fmt.Sprintf("%d", f.Members), kit.ShortDate(f.LastMet, "never")}, nil))
		}
		for _, f := range db.OfficerGaps {
			last := "never"
			if !f.Last.IsZero() {
				last = f.Last.Time(store.London).Format("2 Jan 2006")
			}
			r := kit.NewRow(f.ForumID, []string{f.ForumName, last, f.Since()}, nil)
			r.Tone = kit.ToneWarn
			msg.rows[3] = append(msg.rows[3], r)
		}
		msg.officerTitle = fmt.Sprintf("Forums not met by a senior officer for over %s", kit.Plural(db.OfficerTarget, "month", "months"))
		if err := d.loadPanels(ctx, false, msg.rows); err != nil {
			return dashboardMsg{to: d, gen: gen, err: err}
		}
		return msg
	}
}

// loadPanels loads the other sections' panels, those loaded later or the
// rest, into rows (by list).
func (d *Dashboard) loadPanels(ctx context.Context, later bool, rows [][]kit.Row) error {
	n := builtIn
	for _, g := range d.extra {
		if g.Later == later {
			got, err := g.Load(ctx, d.c.Store)
			if err != nil {
				return err
			}
			for i := range g.Panels {
				if i < len(got) {
					rows[n+i] = got[i]
				}
			}
		}
		n += len(g.Panels)
	}
	return nil
}

// loadLater loads the panels that wait for the dashboard to be drawn
// (people's rights).
func (d *Dashboard) loadLater(gen int) tea.Cmd {
	if !slices.Contains(d.later, true) {
		return nil
	}
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), kit.DefaultTimeout)
		defer cancel()
		msg := dashboardLaterMsg{to: d, gen: gen, rows: make([][]kit.Row, len(d.lists))}
		if err := d.loadPanels(ctx, true, msg.rows); err != nil {
			return dashboardLaterMsg{to: d, gen: gen, err: err}
		}
		return msg
	}
}

// Title names the dashboard.
func (d *Dashboard) Title() string { return "Dashboard" }

// SetSize shares the height between the lists.
func (d *Dashboard) SetSize(w, h int) {
	d.w, d.h = w, h
	d.layout()
}

// gap is the blank lines between lists: one, unless the lists drawn do
// not fit with them (a title, a line and a blank line each); then none.
func (d *Dashboard) gap() int {
	n := 0
	for i := range d.lists {
		if d.shown(i) {
			n++
		}
	}
	if n*d.least() > d.h {
		return 0
	}
	return 1
}

func (d *Dashboard) layout() {
	n := 0
	for i := range d.lists {
		if d.shown(i) {
			n++
		}
	}
	gap := d.gap()
	avail := d.h - n*(1+gap) // a title each, and a blank line each unless there is no room
	want := make([]int, len(d.lists))
	total := 0
	least := d.chrome() + 1 // the chrome and a row
	for i, l := range d.lists {
		if !d.shown(i) {
			continue
		}
		want[i] = max(least, min(len(l.Rows()), 8)+d.chrome())
		total += want[i]
	}
	for total > avail && total > least*n {
		// take a line from the tallest until it fits
		big := 0
		for i := range want {
			if want[i] > want[big] {
				big = i
			}
		}
		if want[big] <= least {
			break
		}
		want[big]--
		total--
	}
	for i, l := range d.lists {
		l.SetSize(d.w, max(least, want[i]))
	}
}

// Help lists the dashboard's keys.
func (d *Dashboard) Help() [][]key.Binding {
	l := d.c.Keys.List
	return [][]key.Binding{{l.Up, l.Down, l.Open, d.c.Keys.Report.Open, l.Top, l.Bottom}, {d.c.Keys.Team.Audit}}
}

// Update moves the cursor through the lists.
func (d *Dashboard) Update(msg tea.Msg) (kit.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case dashboardMsg:
		if msg.to != d || msg.gen != d.gen {
			return d, nil
		}
		if msg.err != nil {
			return d, kit.Failed(msg.err)
		}
		d.meetingOf, d.contactOf = msg.meetingOf, msg.contactOf
		d.titles[3] = msg.officerTitle
		for i, rows := range msg.rows {
			if !d.later[i] {
				d.lists[i].SetRows(rows)
			}
		}
		d.loaded = true
		d.layout()
		if d.focus >= len(d.lists) || d.lists[d.focus].Len() == 0 {
			d.step(1)
		}
		return d, d.loadLater(msg.gen)
	case dashboardLaterMsg:
		if msg.to != d || msg.gen != d.gen {
			return d, nil
		}
		if msg.err != nil {
			return d, kit.Failed(msg.err)
		}
		for i, rows := range msg.rows {
			if d.later[i] {
				d.lists[i].SetRows(rows)
			}
		}
		d.laterSeen = true
		d.layout()
		if d.lists[d.focus].Len() == 0 {
			d.step(1)
		}
	case tea.KeyPressMsg:
		l := d.c.Keys.List
		cur := d.lists[d.focus]
		switch {
		case key.Matches(msg, d.c.Keys.Report.Open):
			return d, kit.Push(annual.New(d.c))
		case key.Matches(msg, l.Down):
			if row, _ := cur.Selected(); cur.Len() == 0 || row.ID == cur.Shown(cur.Len()-1).ID {
				d.step(1)
				return d, nil
			}
			cur.Update(msg)
		case key.Matches(msg, l.Up):
			if cur.Cursor() == 0 {
				d.step(-1)
				if n := d.lists[d.focus].Len(); n > 0 {
					d.lists[d.focus].SetCursor(n - 1)
				}
				return d, nil
			}
			cur.Update(msg)
		case key.Matches(msg, l.Open):
			if row, ok := cur.Selected(); ok {
				return d, d.opens[d.focus](row.ID)
			}
		case key.Matches(msg, d.c.Keys.Team.Audit):
			return d, kit.Push(audit.New(d.c))
		case key.Matches(msg, l.Top):
			was := d.focus
			d.focus = -1
			d.step(1) // the first list with rows, at its top
			if d.focus < 0 {
				d.focus = was
			}
		case key.Matches(msg, l.Bottom):
			for i := len(d.lists) - 1; i >= 0; i-- {
				if n := d.lists[i].Len(); n > 0 {
					d.focus = i
					d.lists[i].SetCursor(n - 1)
					break
				}
			}
		}
	}
	return d, nil
}

// step moves the focus to the next (or previous) list that has rows.
func (d *Dashboard) step(dir int) {
	for i := 1; i <= len(d.lists); i++ {
		n := d.focus + dir*i
		if n < 0 || n >= len(d.lists) {
			return
		}
		if d.lists[n].Len() > 0 {
			d.focus = n
			d.lists[n].SetCursor(0)
			return
		}
	}
}

// View draws the lists, the focused one with its cursor. When they do not
// all fit (a short terminal, or the accessible mode's extra lines), it
// shows the part with the focused list in it.
func (d *Dashboard) View() string {
	st := d.c.Styles
	out := ""
	from, to := 0, 0 // the focused list's lines
	for i, l := range d.lists {
		if !d.shown(i) {
			continue
		}
		if out != "" {
			out += "\n" + strings.Repeat("\n", d.gap())
		}
		if i == d.focus {
			from = strings.Count(out, "\n")
		}
		name := d.titles[i]
		if n, shown := l.Len(), l.BodyHeight(); n > shown {
			// Not all of it fits: say so, and how to see the rest.
			name += fmt.Sprintf(" (%d; ↓ for more)", n)
		}
		title := st.Header.Render(" " + name)
		if i == d.focus {
			title = st.Title.Render(st.CursorMark() + name)
		}
		out += title + "\n"
		if i == d.focus {
			out += l.View()
		} else {
			out += l.ViewWithoutCursor()
		}
		if i == d.focus {
			to = strings.Count(out, "\n") + 1
		}
	}
	lines := strings.Split(out, "\n")
	if d.h <= 0 || len(lines) <= d.h {
		return out
	}
	start := min(from, max(0, to-d.h))
	return strings.Join(lines[start:min(len(lines), start+d.h)], "\n")
}

// initialsOrEmpty masks a free-text name for the privacy screen.
func initialsOrEmpty(name string) string {
	if name == "" {
		return ""
	}
	return store.Initials(name)
}
