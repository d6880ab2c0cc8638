package tui

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/involve/involve/store"
	"github.com/involve/involve/tui/kit"
)

// The week grid shows these London hours.
const (
	gridFrom = 8 * 60  // 08:00
	gridTo   = 21 * 60 // 21:00
)

// The access screen's panes.
const (
	accessWeek = iota
	accessExceptions
	accessNeeds
	accessPanes
)

// AccessScreen shows what one person needs to take part: their standing
// weekly availability as a grid to mark, their dated exceptions, and their
// transport and support needs. The private reason behind their times shows
// here only, and not while the privacy screen is on.
type AccessScreen struct {
	c       *kit.Common
	id      string
	person  store.Person
	needs   store.AccessNeeds
	week    *store.WeekGrid
	pattern store.Pattern // the week as last loaded or saved, for the conflict check
	excs    []store.Exception
	excList *kit.List
	loaded  bool
	pane    int

	// The grid: rows of block minutes from gridFrom, columns Monday to
	// Sunday. (arow, acol) anchors a selection; arow < 0 when there is none.
	block      int
	zoomed     bool // the user chose the block size
	row, col   int
	arow, acol int
	top        int // first row shown

	saving, pending bool   // a save is running; another is wanted after it
	saveErr         string // why the last save failed
	saved           bool   // something was saved since the screen opened

	gen  int
	w, h int
}

type accessLoadedMsg struct {
	to      *AccessScreen
	gen     int
	person  store.Person
	needs   store.AccessNeeds
	pattern store.Pattern
	excs    []store.Exception
	err     error
}

type accessSavedMsg struct {
	to      *AccessScreen
	pattern store.Pattern // as stored now
	err     error
}

// NewAccessScreen shows the access needs and availability of the person
// with this id.
func NewAccessScreen(c *kit.Common, id string) *AccessScreen {
	s := &AccessScreen{c: c, id: id, week: store.NewWeekGrid(nil), arow: -1, block: 60}
	s.excList = kit.NewList(c, kit.Column{Title: "From", Width: 12}, kit.Column{Title: "To", Width: 12},
		kit.Column{Title: "Answer", Width: 11}, kit.Column{Title: "Note"})
	s.excList.Empty = "No exceptions. Press " + kit.KeyName(c.Keys.Record.New) + " to add one (\"away 3–17 March\")."
	return s
}

// Init loads the person.
func (s *AccessScreen) Init() tea.Cmd { return s.Refresh() }

// Refresh reloads the person, their needs, pattern and exceptions.
func (s *AccessScreen) Refresh() tea.Cmd {
	s.gen++
	gen, id := s.gen, s.id
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), kit.DefaultTimeout)
		defer cancel()
		st := s.c.Store
		msg := accessLoadedMsg{to: s, gen: gen}
		if msg.person, msg.err = st.Person(ctx, id); msg.err != nil {
			return msg
		}
		if msg.needs, msg.err = st.AccessNeeds(ctx, id); msg.err != nil {
			return msg
		}
		if msg.pattern, msg.err = st.Availability(ctx, id); msg.err != nil {
			return msg
		}
		msg.excs, msg.err = st.Exceptions(ctx, id)
		return msg
	}
}

// Title names the screen.
func (s *AccessScreen) Title() string { return "Access & availability" }

// SetSize lays the screen out.
func (s *AccessScreen) SetSize(w, h int) {
	s.w, s.h = w, h
	if !s.zoomed {
		s.setBlock(60)
		if s.gridRoom() >= (gridTo-gridFrom)/30 {
			s.setBlock(30)
		}
	}
	s.excList.SetSize(w, max(3, h-3))
	s.scroll()
}

// gridRoom is how many grid rows fit: the heading takes three lines, the
// days one, and the legend, the save state and the reason one each.
func (s *AccessScreen) gridRoom() int { return max(3, s.h-7) }

func (s *AccessScreen) rows() int { return (gridTo - gridFrom) / s.block }

func (s *AccessScreen) setBlock(b int) {
	if b == s.block {
		return
	}
	start := gridFrom + s.row*s.block
	s.block = b
	s.row = min(s.rows()-1, (start-gridFrom)/b)
	s.arow = -1
	s.scroll()
}

// scroll keeps the cursor's row on screen.
func (s *AccessScreen) scroll() {
	room := s.gridRoom()
	s.row = max(0, min(s.row, s.rows()-1))
	if s.row < s.top {
		s.top = s.row
	}
	if s.row >= s.top+room {
		s.top = s.row - room + 1
	}
	s.top = max(0, min(s.top, s.rows()-room))
}

// Capturing is true while the exceptions' find field has the focus.
func (s *AccessScreen) Capturing() bool { return s.pane == accessExceptions && s.excList.Finding() }

// Dirty is true while the grid holds marks not yet saved.
func (s *AccessScreen) Dirty() bool { return s.saving || s.pending || s.saveErr != "" }

// Help lists the keys of the pane in view.
func (s *AccessScreen) Help() [][]key.Binding {
	d, r, g := s.c.Keys.Detail, s.c.Keys.Record, s.c.Keys.Grid
	switch s.pane {
	case accessWeek:
		return [][]key.Binding{
			{g.Yes, g.Maybe, g.No, g.Clear, d.SwitchPane, r.Edit, s.c.Keys.Global.Back},
			{g.Up, g.Down, g.Left, g.Right},
			{g.ExtendUp, g.ExtendDown, g.ExtendLeft, g.ExtendRight, g.Zoom},
		}
	case accessExceptions:
		return [][]key.Binding{{r.New, r.Edit, r.Delete, d.SwitchPane, s.c.Keys.Global.Back}, s.excList.Help()}
	}
	return [][]key.Binding{{r.Edit, d.SwitchPane, s.c.Keys.Global.Back}}
}

// Update handles the screen's keys and replies.
func (s *AccessScreen) Update(msg tea.Msg) (kit.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case accessLoadedMsg:
		if msg.to != s || msg.gen != s.gen {
			return s, nil
		}
		if msg.err != nil {
			return s, kit.Failed(msg.err)
		}
		s.person, s.needs, s.excs, s.loaded = msg.person, msg.needs, msg.excs, true
		if !s.saving && !s.pending && s.saveErr == "" {
			// Marks not yet saved stay as they are.
			s.week = store.NewWeekGrid(msg.pattern.Slots)
			s.pattern = msg.pattern
		}
		s.excList.SetRows(s.exceptionRows())
		return s, nil
	case accessSavedMsg:
		if msg.to != s {
			return s, nil
		}
		s.saving = false
		if msg.err != nil {
			s.saveErr = kit.ErrText(msg.err)
			s.pending = false
			if errors.Is(msg.err, store.ErrConflict) {
				// Someone else saved this week meanwhile: show theirs.
				s.saveErr = ""
				return s, tea.Batch(kit.Failed(errors.New("availability not saved: someone else changed this week meanwhile; it is shown again as they left it — make your marks again")), s.Refresh())
			}
			return s, kit.Failed(fmt.Errorf("availability not saved: %w", msg.err))
		}
		s.pattern = msg.pattern
		s.saveErr, s.saved = "", true
		if s.pending {
			s.pending = false
			return s, s.save()
		}
		return s, nil
	case kit.PrivacyMsg:
		s.excList.SetRows(s.exceptionRows())
		return s, nil
	case tea.KeyPressMsg:
		return s, s.key(msg)
	}
	return s, nil
}

func (s *AccessScreen) key(msg tea.KeyPressMsg) tea.Cmd {
	d, r, g := s.c.Keys.Detail, s.c.Keys.Record, s.c.Keys.Grid
	if s.pane == accessExceptions {
		if handled, cmd := s.excList.Update(msg); handled {
			return cmd
		}
	}
	switch {
	case key.Matches(msg, s.c.Keys.Global.Back) && s.pane == accessWeek && s.arow >= 0:
		s.arow = -1 // esc first lets go of a block selected on the grid
		return nil
	case key.Matches(msg, s.c.Keys.Global.Back):
		return kit.Pop("")
	case key.Matches(msg, d.SwitchPane):
		s.pane = (s.pane + 1) % accessPanes
		return nil
	case !s.loaded:
		return nil
	}
	switch s.pane {
	case accessWeek:
		switch {
		case key.Matches(msg, g.Up):
			s.move(-1, 0, false)
		case key.Matches(msg, g.Down):
			s.move(1, 0, false)
		case key.Matches(msg, g.Left):
			s.move(0, -1, false)
		case key.Matches(msg, g.Right):
			s.move(0, 1, false)
		case key.Matches(msg, g.ExtendUp):
			s.move(-1, 0, true)
		case key.Matches(msg, g.ExtendDown):
			s.move(1, 0, true)
		case key.Matches(msg, g.ExtendLeft):
			s.move(0, -1, true)
		case key.Matches(msg, g.ExtendRight):
			s.move(0, 1, true)
		case key.Matches(msg, g.Yes):
			return s.mark(store.AnswerYes)
		case key.Matches(msg, g.Maybe):
			return s.mark(store.AnswerMaybe)
		case key.Matches(msg, g.No):
			return s.mark(store.AnswerNo)
		case key.Matches(msg, g.Clear):
			return s.mark(store.AnswerUnknown)
		case key.Matches(msg, g.Zoom):
			s.zoomed = true
			if s.block == 60 {
				s.setBlock(30)
			} else {
				s.setBlock(60)
			}
		case key.Matches(msg, r.Edit):
			return s.editNeeds()
		}
	case accessExceptions:
		e, ok := s.selectedException()
		switch {
		case key.Matches(msg, r.New):
			return s.editException(store.Exception{PersonID: s.id, Answer: store.AnswerNo})
		case key.Matches(msg, r.Edit) && ok:
			return s.editException(e)
		case key.Matches(msg, r.Delete) && ok:
			what := exceptionText(e)
			return kit.Push(kit.NewConfirm(s.c, "Delete this exception?", what+". Their weekly pattern applies on those days again.",
				func() tea.Cmd {
					return tea.Sequence(kit.Do(s.c, func(ctx context.Context, st *store.Store) error {
						return st.DeleteException(ctx, e.ID, e.Version)
					}, kit.StatusMsg{Text: "Deleted the exception (" + what + ")."}), s.Refresh())
				}))
		}
	case accessNeeds:
		if key.Matches(msg, r.Edit) {
			return s.editNeeds()
		}
	}
	return nil
}

// move moves the grid's cursor, extending the selection when extend is set.
func (s *AccessScreen) move(dr, dc int, extend bool) {
	if extend && s.arow < 0 {
		s.arow, s.acol = s.row, s.col
	}
	if !extend {
		s.arow = -1
	}
	s.row = max(0, min(s.rows()-1, s.row+dr))
	s.col = max(0, min(6, s.col+dc))
	s.scroll()
}

// selection is the rows and columns marking acts on: the selection, or
// the cell under the cursor.
func (s *AccessScreen) selection() (r0, r1, c0, c1 int) {
	if s.arow < 0 {
		return s.row, s.row, s.col, s.col
	}
	return min(s.row, s.arow), max(s.row, s.arow), min(s.col, s.acol), max(s.col, s.acol)
}

// mark gives the selected cells an answer and saves the week.
func (s *AccessScreen) mark(a store.Answer) tea.Cmd {
	if s.c.Privacy {
		return s.c.PrivacyRefusal("change someone's week")
	}
	r0, r1, c0, c1 := s.selection()
	for c := c0; c <= c1; c++ {
		s.week.Set(c+1, gridFrom+r0*s.block, gridFrom+(r1+1)*s.block, a)
	}
	return s.save()
}

// save stores the whole week in a Cmd. One save runs at a time; marks made
// meanwhile are saved when it is done, so the last marks always win.
func (s *AccessScreen) save() tea.Cmd {
	if s.saving {
		s.pending = true
		return nil
	}
	s.saving = true
	loaded, slots := s.pattern, s.week.Slots()
	loaded.PersonID = s.id
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), kit.DefaultTimeout)
		defer cancel()
		p, err := s.c.Store.ReplaceAvailability(ctx, loaded, slots)
		return accessSavedMsg{to: s, pattern: p, err: err}
	}
}

func (s *AccessScreen) selectedException() (store.Exception, bool) {
	row, ok := s.excList.Selected()
	if !ok {
		return store.Exception{}, false
	}
	for _, e := range s.excs {
		if e.ID == row.ID {
			return e, true
		}
	}
	return store.Exception{}, false
}

func dayText(date string) string {
	d, err := store.ParseDate(date)
	if err != nil {
		return date
	}
	return d.Format("2 Jan 2006")
}

// exceptionText describes an exception: "3 Mar 2026 to 17 Mar 2026: No".
func exceptionText(e store.Exception) string {
	when := dayText(e.From)
	if e.To != e.From {
		when += " to " + dayText(e.To)
	}
	return when + ": " + e.Answer.Label()
}

func (s *AccessScreen) exceptionRows() []kit.Row {
	rows := make([]kit.Row, len(s.excs))
	for i, e := range s.excs {
		cells := []string{dayText(e.From), dayText(e.To), e.Answer.Symbol() + " " + e.Answer.Label(), e.Note}
		masked := []string{cells[0], cells[1], cells[2], "(hidden)"}
		if e.Note == "" {
			masked[3] = ""
		}
		rows[i] = kit.NewRow(e.ID, cells, masked)
		switch e.Answer {
		case store.AnswerNo:
			rows[i].Tone = kit.ToneBad
		case store.AnswerMaybe:
			rows[i].Tone = kit.ToneWarn
		}
	}
	return rows
}

// exceptionForm holds an exception as typed.
type exceptionForm struct {
	From, To, Note string
	Answer         store.Answer
}

func (s *AccessScreen) editException(e store.Exception) tea.Cmd {
	if s.c.Privacy {
		return s.c.PrivacyRefusal("add or change exceptions")
	}
	v := exceptionForm{From: e.From, To: e.To, Note: e.Note, Answer: e.Answer}
	if v.To == v.From {
		v.To = ""
	}
	title := "New exception"
	if e.ID != "" {
		title = "Edit exception"
	}
	title += " — " + s.c.Name(s.person.Name, s.person.PreferredName)
	from := func(str string) error { _, err := store.ParseDate(str); return err }
	to := func(str string) error {
		if strings.TrimSpace(str) == "" {
			return nil
		}
		t, err := store.ParseDate(str)
		if err != nil {
			return err
		}
		if f, err := store.ParseDate(v.From); err == nil && t.Before(f) {
			return fmt.Errorf("the last day is before the first (%s)", f.Format("2 Jan 2006"))
		}
		return nil
	}
	return kit.Push(kit.NewForm(s.c, kit.FormSpec{
		Title: title,
		Build: func() *huh.Form {
			return huh.NewForm(huh.NewGroup(
				huh.NewInput().Key("from").Title("First day").Placeholder("YYYY-MM-DD or DD/MM/YYYY").Value(&v.From).Validate(from),
				huh.NewInput().Key("to").Title("Last day").Description("Leave empty for one day.").Placeholder("YYYY-MM-DD").Value(&v.To).Validate(to),
				huh.NewSelect[store.Answer]().Key("answer").Title("Can they come on those days?").
					Options(kit.OptionsFor([]store.Answer{store.AnswerNo, store.AnswerMaybe, store.AnswerYes}, store.Answer.Label)...).Value(&v.Answer),
				huh.NewInput().Key("note").Title("Note").Description("Private, like \"away visiting family\": shown only to you.").Value(&v.Note),
			))
		},
		Snapshot: func() string { return fmt.Sprint(v) },
		Live:     map[string]func(string) error{"from": from, "to": to},
		Save: func(ctx context.Context, st *store.Store) error {
			g := e
			g.From, g.To, g.Answer, g.Note = v.From, v.To, v.Answer, v.Note
			if g.ID == "" {
				return st.AddException(ctx, &g)
			}
			return st.UpdateException(ctx, &g)
		},
		Done: func() string { return "Saved the exception." },
	}))
}

// needsForm is a person's access needs as the form edits them: the yes/no
// needs as ticks in two lists.
type needsForm struct {
	store.AccessNeeds
	Mobility, Support []string
}

func (s *AccessScreen) editNeeds() tea.Cmd {
	if s.c.Privacy {
		return s.c.PrivacyRefusal("edit someone's needs")
	}
	v := needsForm{AccessNeeds: s.needs}
	ticks := []struct {
		list *[]string
		code string
		on   *bool
	}{
		{&v.Mobility, "wheelchair", &v.Wheelchair}, {&v.Mobility, "aid", &v.MobilityAid}, {&v.Mobility, "escort", &v.Escort},
		{&v.Support, "bsl", &v.BSL}, {&v.Support, "large", &v.LargePrint}, {&v.Support, "loop", &v.HearingLoop},
		{&v.Support, "step", &v.StepFree}, {&v.Support, "child", &v.Childcare},
	}
	for _, t := range ticks {
		if *t.on {
			*t.list = append(*t.list, t.code)
		}
	}
	if v.Transport == "" {
		v.Transport = store.TransportOwn
	}
	name := s.c.Name(s.person.Name, s.person.PreferredName)
	return kit.Push(kit.NewForm(s.c, kit.FormSpec{
		Title: "Access needs — " + name,
		Build: func() *huh.Form {
			return huh.NewForm(
				huh.NewGroup(
					huh.NewSelect[store.Transport]().Key("transport").Title("How they get to meetings").
						Options(kit.OptionsFor(store.Transports, store.Transport.Label)...).Value(&v.Transport),
					huh.NewMultiSelect[string]().Key("mobility").Title("Mobility").Description(s.c.TickHint()).
						Options(huh.NewOption("Wheelchair user", "wheelchair"), huh.NewOption("Uses a mobility aid", "aid"),
							huh.NewOption("Needs an escort", "escort")).Value(&v.Mobility).Height(5),
					huh.NewInput().Key("address").Title("Pickup address").Description("For a taxi, lift or community transport.").Value(&v.PickupAddress),
					huh.NewInput().Key("postcode").Title("Pickup postcode").Placeholder("e.g. M14 5TQ").Value(&v.PickupPostcode).Validate(store.ValidatePostcode),
				).Title("Getting there"),
				huh.NewGroup(
					huh.NewInput().Key("interpreter").Title("Interpreter").Description("The language, or leave empty.").Value(&v.InterpreterLanguage),
					huh.NewMultiSelect[string]().Key("support").Title("Support at meetings").Description(s.c.TickHint()).
						Options(huh.NewOption("BSL interpreter", "bsl"), huh.NewOption("Large print", "large"),
							huh.NewOption("Hearing loop", "loop"), huh.NewOption("Step-free access", "step"),
							huh.NewOption("Childcare", "child")).Value(&v.Support).Height(7),
					huh.NewInput().Key("dietary").Title("Dietary needs").Value(&v.Dietary),
					huh.NewText().Key("other").Title("Other needs").Lines(2).Value(&v.SupportOther),
				).Title("Support"),
				huh.NewGroup(
					huh.NewInput().Key("reason").Title("Why their times are limited").
						Description("Private: shown only on this screen and to you when finding a time.").Value(&v.AvailabilityReason),
				).Title("Availability"),
			)
		},
		Snapshot: func() string { return fmt.Sprint(v) },
		Live:     map[string]func(string) error{"postcode": store.ValidatePostcode},
		Save: func(ctx context.Context, st *store.Store) error {
			for _, t := range ticks {
				*t.on = false
				for _, c := range *t.list {
					*t.on = *t.on || c == t.code
				}
			}
			return st.SaveAccessNeeds(ctx, &v.AccessNeeds)
		},
		Done: func() string { return "Saved " + name + "'s access needs." },
	}))
}

// summary is one line of what the person needs to get there, with nothing
// private in it.
func (s *AccessScreen) summary() string {
	n := s.needs
	parts := []string{n.Transport.Label()}
	parts = append(parts, n.Mobility()...)
	parts = append(parts, n.Support()...)
	return strings.Join(parts, " · ")
}

// View draws the screen.
func (s *AccessScreen) View() string {
	st := s.c.Styles
	if !s.loaded {
		return st.Subtle.Render("  Loading…")
	}
	name := s.c.Name(s.person.Name, s.person.PreferredName)
	head := kit.Truncate(st.Title.Render("  "+name)+st.Subtle.Render(" — access & availability"), s.w) + "\n" +
		ansi.Truncate("  "+s.summary(), s.w, "…") + "\n" +
		kit.PaneTabs(s.c, []string{"Week", fmt.Sprintf("Exceptions (%d)", len(s.excs)), "Needs"}, s.pane) + "\n"
	switch s.pane {
	case accessWeek:
		return head + s.weekView()
	case accessExceptions:
		return head + s.excList.View()
	}
	return head + "\n" + s.needsView()
}

func (s *AccessScreen) needsView() string {
	n := s.needs
	hidden := s.c.Styles.Faint.Render("hidden while the privacy screen is on")
	orNone := func(list []string) string { return strings.Join(list, ", ") }
	pickup, reason := strings.TrimSpace(n.PickupAddress+", "+n.PickupPostcode), n.AvailabilityReason
	pickup = strings.Trim(pickup, ", ")
	dietary, other := n.Dietary, n.SupportOther
	if s.c.Privacy {
		// What is written in words about someone's needs may say more
		// about their health than the room should see.
		for _, v := range []*string{&pickup, &reason, &dietary, &other} {
			if *v != "" {
				*v = hidden
			}
		}
	}
	interp := n.InterpreterLanguage
	return kit.Fields(s.c, s.w,
		kit.Field{Label: "Getting there", Value: n.Transport.Label()},
		kit.Field{Label: "Mobility", Value: orNone(n.Mobility())},
		kit.Field{Label: "Pickup address", Value: pickup},
		kit.Field{Label: "Interpreter", Value: interp},
		kit.Field{Label: "Support", Value: orNone(n.Support())},
		kit.Field{Label: "Dietary needs", Value: dietary},
		kit.Field{Label: "Other needs", Value: other},
		kit.Field{Label: "Why their times are limited", Value: reason},
	) + "\n\n" + s.c.Styles.Subtle.Render("  "+kit.KeyName(s.c.Keys.Record.Edit)+" edits. The reason is private: only here and when finding a time.")
}

// extendKeys names the keys that select a block: "shift+arrows" for the
// standard ones.
func extendKeys(g kit.GridKeys) string {
	bs := []key.Binding{g.ExtendLeft, g.ExtendRight, g.ExtendUp, g.ExtendDown}
	arrows := true
	for i, dir := range []string{"left", "right", "up", "down"} {
		if ks := bs[i].Keys(); len(ks) == 0 || ks[0] != "shift+"+dir {
			arrows = false
		}
	}
	if arrows {
		return "shift+arrows"
	}
	names := make([]string, len(bs))
	for i, b := range bs {
		names[i] = kit.KeyName(b)
	}
	return strings.Join(names, "/")
}

// answerCell draws one cell of the week grid, six wide.
func (s *AccessScreen) answerCell(a store.Answer, mixed bool, cursor, selected bool) string {
	st := s.c.Styles
	sym := a.Symbol()
	mark := " "
	if mixed {
		mark = "*"
	}
	text := sym + mark
	style := st.Faint
	switch a {
	case store.AnswerYes:
		style = st.Good
	case store.AnswerMaybe:
		style = st.Warn
	case store.AnswerNo:
		style = st.Bad
	}
	switch {
	case cursor:
		return " " + st.Selected.Render("["+text+"]") + " "
	case selected && st.Accessible:
		// Not by colour alone.
		return " " + st.Selected.Render("("+text+")") + " "
	case selected:
		return "  " + st.Selected.Render(text) + "  "
	}
	return "  " + style.Render(text) + "  "
}

func (s *AccessScreen) weekView() string {
	st := s.c.Styles
	var b strings.Builder
	b.WriteString("        ")
	for d := 1; d <= 7; d++ {
		day := store.WeekdayName(d)[:3]
		if d-1 == s.col {
			b.WriteString(st.Bold.Render(fmt.Sprintf("  %-4s", day)))
		} else {
			b.WriteString(st.ColumnTitle.Render(fmt.Sprintf("  %-4s", day)))
		}
	}
	b.WriteByte('\n')
	r0, r1, c0, c1 := s.selection()
	room := s.gridRoom()
	for r := s.top; r < min(s.rows(), s.top+room); r++ {
		from := gridFrom + r*s.block
		label := fmt.Sprintf("  %s ", store.ClockText(from))
		if r == s.row {
			b.WriteString(st.Bold.Render(label))
		} else {
			b.WriteString(st.Subtle.Render(label))
		}
		for c := range 7 {
			a, mixed := s.week.Get(c+1, from, from+s.block)
			sel := s.arow >= 0 && r >= r0 && r <= r1 && c >= c0 && c <= c1
			b.WriteString(s.answerCell(a, mixed, r == s.row && c == s.col, sel))
		}
		b.WriteByte('\n')
	}
	legend := st.Good.Render("✓") + " yes  " + st.Warn.Render("~") + " if need be  " + st.Bad.Render("✗") + " no  " +
		st.Faint.Render("·") + " not known  * mixed"
	if s.rows() > room {
		legend += st.Subtle.Render(fmt.Sprintf("  (%s–%s of 08:00–21:00)", store.ClockText(gridFrom+s.top*s.block),
			store.ClockText(gridFrom+min(s.rows(), s.top+room)*s.block)))
	}
	if st.Accessible {
		// What the cursor is on, in words: the grid says it in colour
		// and position.
		from := gridFrom + s.row*s.block
		a, mixed := s.week.Get(s.col+1, from, from+s.block)
		legend = fmt.Sprintf("%s %s–%s: %s", store.WeekdayName(s.col+1), store.ClockText(from), store.ClockText(from+s.block), strings.ToLower(a.Label()))
		if mixed {
			legend += " (mixed)"
		}
		if s.arow >= 0 {
			legend += fmt.Sprintf("; %d by %d cells selected", r1-r0+1, c1-c0+1)
		}
	}
	b.WriteString(kit.Truncate("  "+legend, s.w) + "\n")
	var state string
	switch {
	case s.saveErr != "":
		state = st.StatusError.Render("Not saved: " + s.saveErr)
	case s.saving || s.pending:
		state = st.Subtle.Render("Saving…")
	case s.saved:
		state = st.Good.Render("✓ Saved")
	default:
		g := s.c.Keys.Grid
		state = st.Subtle.Render(fmt.Sprintf("%d-minute rows · %s %s %s mark · %s clears · %s select", s.block,
			kit.KeyName(g.Yes), kit.KeyName(g.Maybe), kit.KeyName(g.No), kit.KeyName(g.Clear), extendKeys(g)))
	}
	b.WriteString(ansi.Truncate("  "+state, s.w, "…"))
	if r := s.needs.AvailabilityReason; r != "" && !s.c.Privacy {
		b.WriteString("\n" + ansi.Truncate(st.Subtle.Render("  Why (private): ")+r, s.w, "…"))
	}
	return lipgloss.NewStyle().MaxWidth(max(1, s.w)).Render(b.String())
}
