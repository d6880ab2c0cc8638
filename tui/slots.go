package tui

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/involve/involve/store"
	"github.com/involve/involve/tui/kit"
)

// slotSearch is the slot finder's form, as typed.
type slotSearch struct {
	From, To, Duration, Hours string
}

// query turns the form into a query, or says what is wrong with it.
func (v slotSearch) query(forumID string, now time.Time) (store.SlotQuery, error) {
	q := store.SlotQuery{ForumID: forumID, From: v.From, To: v.To, NotBefore: now}
	d, err := store.ParseDuration(v.Duration)
	if err != nil {
		return q, &store.FieldError{Field: "Length", Message: err.Error()}
	}
	q.Duration = d
	if q.EarliestStart, q.LatestEnd, err = store.ParseHourRange(v.Hours); err != nil {
		return q, &store.FieldError{Field: "Hours", Message: err.Error()}
	}
	return q, q.Validate()
}

// findTime asks when and how long, then shows the best times for the
// forum's members to meet.
func findTime(c *kit.Common, forum store.Forum) tea.Cmd {
	return findTimeWith(c, forum, nil, nil)
}

// findTimeWith opens the slot finder's form, filled in from v when given;
// done, when given, is told the new query instead of opening a new screen.
func findTimeWith(c *kit.Common, forum store.Forum, prev *slotSearch, done func(store.SlotQuery, slotSearch) tea.Cmd) tea.Cmd {
	// The first time, the next four weeks, two hours, 10:00 to 16:00 are
	// suggested (typing replaces them); after that, what was asked before
	// is edited.
	var v slotSearch
	suggest := map[string]func() string{}
	if prev != nil {
		v = *prev
	} else {
		today := c.Now().In(store.London)
		for k, d := range map[string]string{
			"from":     today.AddDate(0, 0, 1).Format(store.DateLayout),
			"duration": "2h",
			"hours":    "10:00-16:00",
		} {
			suggest[k] = func() string { return d }
		}
		// Four weeks from the first day, and from the one typed.
		suggest["to"] = func() string {
			from, err := store.ParseDate(v.From)
			if err != nil {
				from = today.AddDate(0, 0, 1)
			}
			return from.AddDate(0, 0, 27).Format(store.DateLayout)
		}
	}
	var q store.SlotQuery
	check := func(field string) func(string) error {
		return func(string) error {
			_, err := v.query(forum.ID, c.Now())
			if fe, ok := err.(*store.FieldError); ok && fe.Field == field {
				return fmt.Errorf("%s", fe.Message)
			}
			return nil
		}
	}
	date := func(s string) error { _, err := store.ParseDate(s); return err }
	to := func(s string) error {
		if err := date(s); err != nil {
			return err
		}
		return check("To")(s)
	}
	dur := func(s string) error {
		if _, err := store.ParseDuration(s); err != nil {
			return err
		}
		return check("Duration")(s)
	}
	hours := func(s string) error {
		if _, _, err := store.ParseHourRange(s); err != nil {
			return err
		}
		return check("Duration")(s)
	}
	return kit.Push(kit.NewForm(c, kit.FormSpec{
		Title: "Find a time — " + forum.Name,
		Build: func() *huh.Form {
			return huh.NewForm(huh.NewGroup(
				kit.Suggest(c, huh.NewInput().Key("from").Title("From").Description("The first day to look at.").Value(&v.From).Validate(date),
					&v.From, suggest["from"]),
				kit.Suggest(c, huh.NewInput().Key("to").Title("To").Description("The last day to look at (up to a year on).").Value(&v.To).Validate(to),
					&v.To, suggest["to"]),
				kit.Suggest(c, huh.NewInput().Key("duration").Title("How long").Placeholder("e.g. 2h, 90m or 1h30").Value(&v.Duration).Validate(dur),
					&v.Duration, suggest["duration"]),
				kit.Suggest(c, huh.NewInput().Key("hours").Title("Acceptable hours").Description("Earliest start to latest end, London time.").
					Placeholder("e.g. 10:00-16:00").Value(&v.Hours).Validate(hours), &v.Hours, suggest["hours"]),
			))
		},
		Snapshot: func() string { return fmt.Sprint(v) },
		Live:     map[string]func(string) error{"from": date, "to": to, "duration": dur, "hours": hours},
		Save: func(context.Context, *store.Store) error {
			var err error
			q, err = v.query(forum.ID, c.Now())
			return err
		},
		Done: func() string { return "" },
		Then: func() tea.Cmd {
			if done != nil {
				return done(q, v)
			}
			return kit.Push(NewSlotsScreen(c, forum, q, v))
		},
	}))
}

// SlotsScreen shows the best times for a forum to meet: a week grid of
// days and start times with the best slots starred, the ranked list below,
// and who cannot come to the slot under the cursor. Enter plans a meeting.
type SlotsScreen struct {
	c       *kit.Common
	forum   store.Forum
	q       store.SlotQuery
	search  slotSearch
	slots   []store.Slot // ranked, best first
	rank    map[int64]int
	members int
	loaded  bool
	list    *kit.List
	focus   int // 0 the grid, 1 the list
	first   time.Time
	week    int // weeks after the first shown
	row     int // a row of the grid: a group of start times
	col     int // 0 Monday … 6 Sunday
	gen     int
	w, h    int
}

type slotsLoadedMsg struct {
	to      *SlotsScreen
	gen     int
	slots   []store.Slot
	members int
	err     error
}

// bestShown is how many of the best slots the grid stars.
const bestShown = 5

// NewSlotsScreen shows the slots of q for forum.
func NewSlotsScreen(c *kit.Common, forum store.Forum, q store.SlotQuery, search slotSearch) *SlotsScreen {
	s := &SlotsScreen{c: c, forum: forum, q: q, search: search}
	s.list = kit.NewList(c, kit.Column{Title: "#", Width: 3, Right: true}, kit.Column{Title: "Date", Width: 15}, kit.Column{Title: "Time", Width: 11},
		kit.Column{Title: "Yes", Width: 3, Right: true}, kit.Column{Title: "Maybe", Width: 5, Right: true},
		kit.Column{Title: "No", Width: 3, Right: true}, kit.Column{Title: "?", Width: 3, Right: true}, kit.Column{Title: "Covers"})
	s.list.Empty = "No times fit. Press " + kit.KeyName(c.Keys.Record.Edit) + " to look at other days or hours."
	s.setQuery(q, search)
	return s
}

func (s *SlotsScreen) setQuery(q store.SlotQuery, search slotSearch) {
	s.q, s.search = q, search
	from, err := store.ParseDate(q.From)
	if err != nil {
		from = s.c.Now().In(store.London)
	}
	// The grid's weeks start on Mondays.
	s.first = from.AddDate(0, 0, -(store.ISOWeekday(from) - 1))
	s.week, s.row, s.col = 0, 0, store.ISOWeekday(from)-1
}

// Init finds the slots.
func (s *SlotsScreen) Init() tea.Cmd { return s.Refresh() }

// Refresh finds the slots again (availability may have changed).
func (s *SlotsScreen) Refresh() tea.Cmd {
	s.gen++
	gen, q, forumID := s.gen, s.q, s.forum.ID
	q.Limit = 0
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), kit.DefaultTimeout)
		defer cancel()
		msg := slotsLoadedMsg{to: s, gen: gen}
		members, err := s.c.Store.ForumMembers(ctx, forumID)
		if err != nil {
			msg.err = err
			return msg
		}
		msg.members = len(members)
		msg.slots, msg.err = s.c.Store.SuggestSlots(ctx, q)
		return msg
	}
}

// Title names the screen.
func (s *SlotsScreen) Title() string { return "Find a time" }

// SetSize lays the screen out.
func (s *SlotsScreen) SetSize(w, h int) {
	// A row of the grid holds more or fewer start times at another
	// height: keep the cursor on the same time of day.
	first := s.row * s.group()
	s.w, s.h = w, h
	s.row = first / s.group()
	s.list.SetSize(w, s.listHeight())
	s.clamp()
}

// Capturing is true while the list's find field has the focus.
func (s *SlotsScreen) Capturing() bool { return s.focus == 1 && s.list.Finding() }

// Help lists the keys.
func (s *SlotsScreen) Help() [][]key.Binding {
	g, d := s.c.Keys.Grid, s.c.Keys.Detail
	main := []key.Binding{kit.Relabel(s.c.Keys.List.Open, "plan a meeting then"), d.SwitchPane, g.PrevWeek, g.NextWeek, s.c.Keys.Record.Edit, s.c.Keys.Global.Back}
	if s.focus == 1 {
		return [][]key.Binding{main, s.list.Help()}
	}
	return [][]key.Binding{main, {g.Up, g.Down, g.Left, g.Right}}
}

// The layout: the heading (3 lines), the grid (its header and rows), a
// blank, two lines about the slot under the cursor, then the list.
const slotsFixed = 3 + 1 + 1 + 2

// minList is the fewest lines the ranked list gets (its titles included).
const minList = 5

// listHeight is what the grid leaves for the list.
func (s *SlotsScreen) listHeight() int {
	return max(minList, s.h-slotsFixed-s.gridRows())
}

// offs is how many start times each day has.
func (s *SlotsScreen) offs() int {
	step := int(s.step() / time.Minute)
	dur := int(s.q.Duration / time.Minute)
	return max(1, (s.latest()-dur-s.earliest())/step+1)
}

func (s *SlotsScreen) step() time.Duration {
	if s.q.Step == 0 {
		return store.DefaultStep
	}
	return s.q.Step
}

func (s *SlotsScreen) earliest() int {
	if s.q.EarliestStart == 0 && s.q.LatestEnd == 0 {
		return store.DefaultEarliestStart
	}
	return s.q.EarliestStart
}

func (s *SlotsScreen) latest() int {
	if s.q.EarliestStart == 0 && s.q.LatestEnd == 0 {
		return store.DefaultLatestEnd
	}
	return s.q.LatestEnd
}

// group is how many start times one grid row holds: 1, 2, 4, 8… so that
// every row fits.
func (s *SlotsScreen) group() int {
	room := max(1, s.h-slotsFixed-minList)
	g := 1
	for (s.offs()+g-1)/g > room {
		g *= 2
	}
	return g
}

func (s *SlotsScreen) gridRows() int { g := s.group(); return (s.offs() + g - 1) / g }

func (s *SlotsScreen) weeks() int {
	to, err := store.ParseDate(s.q.To)
	if err != nil {
		return 1
	}
	return int(to.Sub(s.first).Hours()/24)/7 + 1
}

func (s *SlotsScreen) clamp() {
	s.week = max(0, min(s.week, s.weeks()-1))
	s.row = max(0, min(s.row, s.gridRows()-1))
	s.col = max(0, min(s.col, 6))
}

// day is the London date of a grid column in the week shown.
func (s *SlotsScreen) day(col int) time.Time {
	return time.Date(s.first.Year(), s.first.Month(), s.first.Day()+7*s.week+col, 0, 0, 0, 0, store.London)
}

// cellSlot is the best slot starting in a grid cell, or -1.
func (s *SlotsScreen) cellSlot(row, col int) int {
	d := s.day(col)
	g := s.group()
	step := int(s.step() / time.Minute)
	best := -1
	for k := row * g; k < min(s.offs(), (row+1)*g); k++ {
		m := s.earliest() + k*step
		t := time.Date(d.Year(), d.Month(), d.Day(), m/60, m%60, 0, 0, store.London)
		if i, ok := s.rank[t.Unix()]; ok && (best < 0 || i < best) {
			// Only a start that really is this wall-clock time.
			if l := t.In(store.London); l.Hour() == m/60 && l.Minute() == m%60 {
				best = i
			}
		}
	}
	return best
}

// current is the slot the cursor (grid) or selection (list) is on, or -1.
func (s *SlotsScreen) current() int {
	if s.focus == 1 {
		row, ok := s.list.Selected()
		if !ok {
			return -1
		}
		i, _ := strconv.Atoi(row.ID)
		return i
	}
	return s.cellSlot(s.row, s.col)
}

// showSlot moves the grid to a slot.
func (s *SlotsScreen) showSlot(i int) {
	if i < 0 || i >= len(s.slots) {
		return
	}
	l := s.slots[i].Start.In(store.London)
	day := time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, store.London)
	days := int(day.Sub(s.first).Hours()/24 + 0.5)
	s.week, s.col = days/7, days%7
	k := (l.Hour()*60 + l.Minute() - s.earliest()) / int(s.step()/time.Minute)
	s.row = k / s.group()
	s.clamp()
}

// Update handles the keys and the search's reply.
func (s *SlotsScreen) Update(msg tea.Msg) (kit.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case slotsLoadedMsg:
		if msg.to != s || msg.gen != s.gen {
			return s, nil
		}
		if msg.err != nil {
			return s, kit.Failed(msg.err)
		}
		s.slots, s.members, s.loaded = msg.slots, msg.members, true
		s.rank = make(map[int64]int, len(s.slots))
		rows := make([]kit.Row, len(s.slots))
		for i, sl := range s.slots {
			s.rank[sl.Start.Unix()] = i
			rows[i] = kit.NewRow(strconv.Itoa(i), []string{strconv.Itoa(i + 1), sl.Start.In(store.London).Format("Mon 2 Jan 2006"),
				kit.TimeRange(sl.Start, sl.End), strconv.Itoa(sl.Yes), strconv.Itoa(sl.Maybe), strconv.Itoa(sl.No),
				strconv.Itoa(sl.Unknown), slotCover(sl)}, nil)
			if i < bestShown {
				rows[i].Tone = kit.ToneGood
			}
		}
		s.list.SetRows(rows)
		if len(s.slots) > 0 {
			s.showSlot(0)
		}
		return s, nil
	case tea.KeyPressMsg:
		return s, s.key(msg)
	}
	return s, nil
}

func (s *SlotsScreen) key(msg tea.KeyPressMsg) tea.Cmd {
	g, d := s.c.Keys.Grid, s.c.Keys.Detail
	if s.focus == 1 {
		if handled, cmd := s.list.Update(msg); handled {
			if row, ok := s.list.Selected(); ok {
				i, _ := strconv.Atoi(row.ID)
				s.showSlot(i)
			}
			return cmd
		}
	}
	switch {
	case key.Matches(msg, s.c.Keys.Global.Back):
		return kit.Pop("")
	case key.Matches(msg, d.SwitchPane):
		s.focus = 1 - s.focus
		if s.focus == 1 {
			if i := s.cellSlot(s.row, s.col); i >= 0 {
				s.list.Select(strconv.Itoa(i))
			}
		}
		return nil
	case key.Matches(msg, s.c.Keys.Record.Edit):
		search := s.search
		return findTimeWith(s.c, s.forum, &search, func(q store.SlotQuery, v slotSearch) tea.Cmd {
			s.setQuery(q, v)
			s.loaded = false
			return s.Refresh()
		})
	case key.Matches(msg, s.c.Keys.List.Open):
		return s.plan(s.current())
	case key.Matches(msg, g.PrevWeek):
		s.week--
	case key.Matches(msg, g.NextWeek):
		s.week++
	case s.focus == 1:
		return nil
	case key.Matches(msg, g.Up):
		s.row--
	case key.Matches(msg, g.Down):
		s.row++
	case key.Matches(msg, g.Left):
		if s.col == 0 && s.week > 0 {
			s.week, s.col = s.week-1, 7
		}
		s.col--
	case key.Matches(msg, g.Right):
		if s.col == 6 && s.week < s.weeks()-1 {
			s.week, s.col = s.week+1, -1
		}
		s.col++
	}
	s.clamp()
	return nil
}

// plan asks, then creates the meeting at slot i (inviting every member)
// and opens it.
func (s *SlotsScreen) plan(i int) tea.Cmd {
	if i < 0 || i >= len(s.slots) {
		return kit.Status("There is no time here to plan a meeting at: move to a cell with numbers.")
	}
	sl := s.slots[i]
	when := kit.LongDate(sl.Start) + ", " + kit.TimeRange(sl.Start, sl.End)
	detail := fmt.Sprintf("%d can come, %d if need be, %d cannot, %d not known. All %s of %s will be invited.",
		sl.Yes, sl.Maybe, sl.No, sl.Unknown, countOf(s.members, "member", "members"), s.forum.Name)
	if s.forum.Venue != "" {
		detail += " Venue: " + s.forum.Venue + "."
	}
	forum := s.forum
	c := s.c
	return kit.Push(kit.NewConfirm(c, "Plan a meeting on "+when+"?", detail, func() tea.Cmd {
		return func() tea.Msg {
			ctx, cancel := context.WithTimeout(context.Background(), kit.DefaultTimeout)
			defer cancel()
			m := store.Meeting{ForumID: forum.ID, Start: sl.Start, End: sl.End, Venue: forum.Venue, Status: store.MeetingPlanned}
			if err := c.Store.SaveMeeting(ctx, &m); err != nil {
				return kit.StatusMsg{Text: "Not planned: " + kit.ErrText(err), Err: true}
			}
			return kit.CmdMsg{Cmd: tea.Sequence(kit.Push(NewMeetingScreen(c, m.ID)),
				kit.Status("Planned the meeting of "+forum.Name+" on "+when+" and invited the members."))}
		}
	}))
}

func countOf(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

func slotCover(sl store.Slot) string {
	switch {
	case sl.Both():
		return "users + carers"
	case sl.UsersCovered:
		return "users only"
	case sl.CarersCovered:
		return "carers only"
	}
	return "neither"
}

// View draws the grid, the slot under the cursor and the ranked list.
func (s *SlotsScreen) View() string {
	st := s.c.Styles
	var b strings.Builder
	b.WriteString(st.Title.Render(kit.Truncate("  Find a time — "+s.forum.Name, s.w)) + "\n")
	from, _ := store.ParseDate(s.q.From)
	to, _ := store.ParseDate(s.q.To)
	sub := fmt.Sprintf("  %s between %s and %s · %s to %s · %s", store.DurationText(s.q.Duration),
		store.ClockText(s.earliest()), store.ClockText(s.latest()), from.Format("2 Jan"), to.Format("2 Jan 2006"),
		countOf(s.members, "member", "members"))
	b.WriteString(st.Subtle.Render(ansi.Truncate(sub, s.w, "…")) + "\n")
	if !s.loaded {
		b.WriteString("\n" + st.Subtle.Render("  Looking for times…"))
		return b.String()
	}
	g := s.c.Keys.Grid
	prev, next := kit.KeyName(g.PrevWeek), kit.KeyName(g.NextWeek)
	weekLine := fmt.Sprintf("  Week of %s (%d of %d), %s %s for others · ★ the best %d · ✓ yes  ~ if need be",
		s.day(0).Format("Mon 2 Jan"), s.week+1, s.weeks(), prev, next, bestShown)
	if ansi.StringWidth(weekLine) > s.w {
		// Said shorter, so that the key to the grid is not cut off.
		weekLine = fmt.Sprintf("  %s (%d/%d) · %s %s weeks · ★ best %d · ✓ yes ~ if need be",
			s.day(0).Format("Mon 2 Jan"), s.week+1, s.weeks(), prev, next, bestShown)
	}
	b.WriteString(st.Subtle.Render(kit.Truncate(weekLine, s.w)) + "\n")

	// The grid.
	b.WriteString("        ")
	for c := range 7 {
		label := fmt.Sprintf("  %-8s", s.day(c).Format("Mon 2"))
		if c == s.col && s.focus == 0 {
			b.WriteString(st.Bold.Render(label))
		} else {
			b.WriteString(st.ColumnTitle.Render(label))
		}
	}
	b.WriteByte('\n')
	step := int(s.step() / time.Minute)
	cur := s.current()
	for r := range s.gridRows() {
		label := fmt.Sprintf("  %s ", store.ClockText(s.earliest()+r*s.group()*step))
		b.WriteString(st.Subtle.Render(label))
		for c := range 7 {
			// A cell is ten wide: a space or bracket either side of eight.
			i := s.cellSlot(r, c)
			text := "    ·   "
			style := st.Faint
			if i >= 0 {
				sl := s.slots[i]
				star := " "
				style = st.Value
				switch {
				case i < bestShown:
					star, style = "★", st.Good.Bold(true)
				case sl.Yes == 0 || sl.No > sl.Yes:
					style = st.Subtle
				}
				text = fmt.Sprintf("%s%3d✓%-3s", star, sl.Yes, strconv.Itoa(sl.Maybe)+"~")
			}
			switch {
			case r == s.row && c == s.col && s.focus == 0:
				b.WriteString(st.Selected.Render("[" + text + "]"))
			case i >= 0 && i == cur && s.focus == 1 && st.Accessible:
				b.WriteString(st.Selected.Render("(" + text + ")"))
			case i >= 0 && i == cur && s.focus == 1:
				b.WriteString(st.Selected.Render(" " + text + " "))
			default:
				b.WriteString(" " + style.Render(text) + " ")
			}
		}
		b.WriteByte('\n')
	}
	b.WriteByte('\n')
	b.WriteString(s.detailView(cur) + "\n")
	b.WriteString(s.list.View())
	return b.String()
}

// detailView is two lines about slot i: the counts, and who cannot come.
func (s *SlotsScreen) detailView(i int) string {
	st := s.c.Styles
	if i < 0 {
		return st.Subtle.Render("  No time starts here.") + "\n"
	}
	sl := s.slots[i]
	yn := func(b bool) string {
		if b {
			return "✓"
		}
		return "✗"
	}
	first := fmt.Sprintf("  #%d  %s %s · %d yes · %d if need be · %d no · users %s carers %s",
		i+1, sl.Start.In(store.London).Format("Mon 2 Jan"), kit.TimeRange(sl.Start, sl.End), sl.Yes, sl.Maybe, sl.No,
		yn(sl.UsersCovered), yn(sl.CarersCovered))
	if extra := fmt.Sprintf(" · %d not known", sl.Unknown); ansi.StringWidth(first+extra) <= s.w {
		first += extra
	}
	var who []string
	for _, p := range sl.Cannot {
		w := s.c.Name(p.Name, p.PreferredName)
		if p.Reason != "" && !s.c.Privacy {
			w += " (" + p.Reason + ")"
		}
		who = append(who, w)
	}
	second := "  Everyone can come, or might."
	if sl.Unknown > 0 {
		second = "  Nobody has said they cannot come; " + kit.Plural(sl.Unknown, "person has", "people have") + " not said when they can."
	}
	if len(who) > 0 {
		second = "  Cannot come: " + strings.Join(who, "; ")
		if s.c.Privacy {
			second += st.Faint.Render("  (reasons hidden)")
		}
	}
	return st.Bold.Render(ansi.Truncate(first, s.w, "…")) + "\n" + ansi.Truncate(second, s.w, "…")
}
