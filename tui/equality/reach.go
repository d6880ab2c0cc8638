package equality

import (
	"context"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/involve/involve/civil"
	"github.com/involve/involve/store"
	"github.com/involve/involve/tui/kit"
)

// ReachScreen shows who the forums reach: for one forum or every forum,
// over a period, the people involved (who attended at least once) by
// their answer to one question at a time, beside a reference
// population's shares, every count through disclosure control. Nothing on
// it is about one person, so it shows under the privacy screen too.
type ReachScreen struct {
	c        *kit.Common
	forumID  string // "" for every forum
	forums   []store.ForumRef
	refs     []store.Reference
	refID    string // "" for none
	from, to civil.Date
	question int
	reach    store.Reach
	loaded   bool
	list     *kit.List
	gen      int
	w, h     int
}

// reachSetMsg changes what the screen shows, after a form closes: the
// period, or the reference population just added.
type reachSetMsg struct {
	to       *ReachScreen
	from, at civil.Date
	refID    string
}

type reachLoadedMsg struct {
	to     *ReachScreen
	gen    int
	forums []store.ForumRef
	refs   []store.Reference
	reach  store.Reach
	err    error
}

// NewReach shows the reach of the forum with id forumID ("" for every
// forum) over the last twelve months, beside the first reference
// population, if there is one.
func NewReach(c *kit.Common, forumID string) *ReachScreen {
	today := civil.In(c.Now(), store.London)
	s := &ReachScreen{c: c, forumID: forumID, from: today.AddYears(-1).AddDays(1), to: today, refID: "-"}
	s.list = kit.NewList(c,
		kit.Column{Title: "Answer"},
		kit.Column{Title: "People", Width: 6, Right: true},
		kit.Column{Title: "Share", Width: 5, Right: true},
		kit.Column{Title: "Reference", Width: 9, Right: true, Min: 6},
		kit.Column{Title: "Difference", Width: 10, Right: true, Min: 5},
	)
	s.list.Empty = "Nobody attended a meeting in this period."
	return s
}

// Init loads the tables.
func (s *ReachScreen) Init() tea.Cmd { return s.Refresh() }

// Refresh reloads the forums, the reference populations and the tables.
func (s *ReachScreen) Refresh() tea.Cmd {
	s.gen++
	gen, forumID, refID, from, to := s.gen, s.forumID, s.refID, s.from, s.to
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), kit.DefaultTimeout)
		defer cancel()
		st := s.c.Store
		msg := reachLoadedMsg{to: s, gen: gen}
		if msg.forums, msg.err = st.ReachForums(ctx, from, to); msg.err != nil {
			return msg
		}
		if msg.refs, msg.err = st.References(ctx); msg.err != nil {
			return msg
		}
		if refID == "-" { // first time: the first reference population
			refID = ""
			if len(msg.refs) > 0 {
				refID = msg.refs[0].ID
			}
		}
		if !hasRef(msg.refs, refID) {
			refID = ""
		}
		msg.reach, msg.err = st.Reach(ctx, store.ReachQuery{From: from, To: to, ForumID: forumID, ReferenceID: refID})
		return msg
	}
}

func hasRef(refs []store.Reference, id string) bool {
	for _, r := range refs {
		if r.ID == id {
			return true
		}
	}
	return false
}

// Title names the screen.
func (s *ReachScreen) Title() string { return "Reach" }

// SetSize lays the screen out.
func (s *ReachScreen) SetSize(w, h int) {
	s.w, s.h = w, h
	s.layout()
}

// head is the lines above the table: the forum and period, the reference,
// the question.
func (s *ReachScreen) head() []string {
	st := s.c.Styles
	forum := "All forums"
	if s.loaded {
		forum = s.reach.Forum
	}
	people := ""
	if s.loaded {
		people = " · " + s.reach.People.String() + " people involved"
	}
	ref := "no reference population (" + kit.KeyName(s.c.Keys.Record.New) + " adds one)"
	if s.loaded && s.reach.Reference != nil {
		ref = "against " + s.reach.Reference.Name + ", " + kit.CivilDate(s.reach.Reference.AsOf)
	}
	q := store.Questions[s.question]
	return []string{
		st.Title.Render("  "+forum) + st.Subtle.Render(" — reach"),
		ansi.Truncate("  "+kit.CivilDate(s.from)+" to "+kit.CivilDate(s.to)+people, s.w, "…"),
		ansi.Truncate("  "+ref, s.w, "…"),
		ansi.Truncate(fmt.Sprintf("  %s %s", st.Bold.Render(store.QuestionTitle(q)),
			st.Faint.Render(fmt.Sprintf("(%d of %d; [ and ] for the others)", s.question+1, len(store.Questions)))), s.w, "…"),
	}
}

// footnote says why some figures are not shown.
func (s *ReachScreen) footnote() string {
	if !s.loaded || len(s.reach.Tables) == 0 {
		return ""
	}
	return s.c.Styles.Subtle.Render(kit.Wrap(s.reach.Tables[s.question].Table.ShortFootnote(), s.w-2))
}

func (s *ReachScreen) layout() {
	s.list.SetSize(s.w, max(3, s.h-len(s.head())-kit.LineCount(s.footnote())))
}

// rows are the current question's lines.
func (s *ReachScreen) rows() []kit.Row {
	if !s.loaded || len(s.reach.Tables) == 0 {
		return nil
	}
	t := s.reach.Tables[s.question]
	rows := make([]kit.Row, 0, len(t.Lines))
	for i, l := range t.Lines {
		share, diff := "", ""
		if l.Kind == store.ReachCategoryLine || l.Kind == store.ReachGroupLine {
			share = l.Share.String()
			if l.HasReference {
				diff = l.Difference.String()
			}
		}
		r := kit.NewRow(fmt.Sprint(i), []string{strings.Repeat("  ", l.Depth) + l.Label, l.People.String(), share, l.ReferenceText(), diff}, nil)
		if l.Kind != store.ReachCategoryLine {
			r.Tone = kit.ToneFaint
		}
		rows = append(rows, r)
	}
	return rows
}

// List is the table shown (for tests).
func (s *ReachScreen) List() *kit.List { return s.list }

// Capturing is true while the find field has the focus.
func (s *ReachScreen) Capturing() bool { return s.list.Finding() }

// CaptureHelp lists the find field's keys.
func (s *ReachScreen) CaptureHelp() []key.Binding { return s.list.FindHelp() }

// Help lists the screen's keys.
func (s *ReachScreen) Help() [][]key.Binding {
	k, r := s.c.Keys.Reach, s.c.Keys.Record
	return [][]key.Binding{
		{k.NextQuestion, k.PrevQuestion, k.NextForum, k.PrevForum, k.Period, k.Reference, s.c.Keys.Global.Back},
		{r.New, r.Edit, r.Delete},
		s.list.Help(),
	}
}

// Update handles the screen's keys and replies.
func (s *ReachScreen) Update(msg tea.Msg) (kit.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case reachSetMsg:
		if msg.to != s {
			return s, nil
		}
		if !msg.from.IsZero() {
			s.from, s.to = msg.from, msg.at
		}
		if msg.refID != "" {
			s.refID = msg.refID
		}
		return s, s.Refresh()
	case reachLoadedMsg:
		if msg.to != s || msg.gen != s.gen {
			return s, nil
		}
		if msg.err != nil {
			return s, kit.Failed(msg.err)
		}
		s.forums, s.refs, s.reach, s.loaded = msg.forums, msg.refs, msg.reach, true
		s.refID = ""
		if msg.reach.Reference != nil {
			s.refID = msg.reach.Reference.ID
		}
		s.list.SetRows(s.rows())
		s.layout()
		return s, nil
	case tea.KeyPressMsg:
		if handled, cmd := s.list.Update(msg); handled {
			return s, cmd
		}
		k, r := s.c.Keys.Reach, s.c.Keys.Record
		switch {
		case key.Matches(msg, k.NextQuestion):
			s.showQuestion(s.question + 1)
		case key.Matches(msg, k.PrevQuestion):
			s.showQuestion(s.question - 1 + len(store.Questions))
		case key.Matches(msg, k.NextForum):
			return s, s.stepForum(1)
		case key.Matches(msg, k.PrevForum):
			return s, s.stepForum(-1)
		case key.Matches(msg, k.Reference):
			return s, s.stepReference()
		case key.Matches(msg, k.Period):
			return s, s.editPeriod()
		case key.Matches(msg, r.New):
			return s, s.newReference()
		case key.Matches(msg, r.Edit):
			return s, s.editShares()
		case key.Matches(msg, r.Delete):
			return s, s.deleteReference()
		case key.Matches(msg, s.c.Keys.Global.Back):
			return s, kit.Pop("")
		}
		return s, nil
	}
	_, cmd := s.list.Update(msg)
	return s, cmd
}

func (s *ReachScreen) showQuestion(i int) {
	s.question = i % len(store.Questions)
	s.list.SetRows(s.rows())
	s.list.SetCursor(0)
	s.layout()
}

// stepForum moves to the next (or previous) forum that met in the period,
// every forum coming before the first.
func (s *ReachScreen) stepForum(step int) tea.Cmd {
	ids := []string{""}
	for _, f := range s.forums {
		ids = append(ids, f.ID)
	}
	at := 0
	for i, id := range ids {
		if id == s.forumID {
			at = i
		}
	}
	s.forumID = ids[(at+step+len(ids))%len(ids)]
	return s.Refresh()
}

// stepReference moves to the next reference population, then none.
func (s *ReachScreen) stepReference() tea.Cmd {
	if len(s.refs) == 0 {
		return kit.Status("There is no reference population yet: " + kit.KeyName(s.c.Keys.Record.New) + " adds one.")
	}
	ids := []string{""}
	for _, r := range s.refs {
		ids = append(ids, r.ID)
	}
	at := 0
	for i, id := range ids {
		if id == s.refID {
			at = i
		}
	}
	s.refID = ids[(at+1)%len(ids)]
	return s.Refresh()
}

// periodForm is the period as typed.
type periodForm struct{ From, To string }

func (s *ReachScreen) editPeriod() tea.Cmd {
	v := periodForm{From: s.from.String(), To: s.to.String()}
	var from, to civil.Date
	check := func(x string) error { _, err := civil.Parse(x); return err }
	return kit.Push(kit.NewForm(s.c, kit.FormSpec{
		Title: "Reach: the period",
		Build: func() *huh.Form {
			return huh.NewForm(huh.NewGroup(
				huh.NewInput().Key("from").Title("First day").Placeholder("YYYY-MM-DD").Value(&v.From).Validate(check),
				huh.NewInput().Key("to").Title("Last day").Placeholder("YYYY-MM-DD").Value(&v.To).Validate(check),
			).Description("People who attended at least one meeting from the first day to the last are counted."))
		},
		Snapshot: func() string { return v.From + "\x00" + v.To },
		Live:     map[string]func(string) error{"from": check, "to": check},
		Save: func(context.Context, *store.Store) error {
			var err error
			if from, err = civil.Parse(v.From); err != nil {
				return &store.FieldError{Field: "First day", Message: err.Error()}
			}
			if to, err = civil.Parse(v.To); err != nil {
				return &store.FieldError{Field: "Last day", Message: err.Error()}
			}
			if to.Before(from) {
				return &store.FieldError{Field: "Last day", Message: "the period ends before it starts"}
			}
			return nil
		},
		Done: func() string { return "Reach from " + kit.CivilDate(from) + " to " + kit.CivilDate(to) + "." },
		Then: func() tea.Cmd { return func() tea.Msg { return reachSetMsg{to: s, from: from, at: to} } },
	}))
}

// referenceForm is a reference population's name, date and source as
// typed.
type referenceForm struct{ Name, AsOf, Source string }

// newReference asks for a reference population's name, date and source;
// its shares are typed in with e, a question at a time.
func (s *ReachScreen) newReference() tea.Cmd {
	v := referenceForm{AsOf: civil.In(s.c.Now(), store.London).String()}
	ref := store.Reference{}
	check := func(x string) error { _, err := civil.Parse(x); return err }
	return kit.Push(kit.NewForm(s.c, kit.FormSpec{
		Title: "New reference population",
		Build: func() *huh.Form {
			return huh.NewForm(huh.NewGroup(
				huh.NewInput().Key("name").Title("Name").Placeholder("e.g. Manchester, Census 2021").Value(&v.Name).Validate(kit.NotBlank("a name")),
				huh.NewInput().Key("as_of").Title("Date of the figures").Placeholder("YYYY-MM-DD").Value(&v.AsOf).Validate(check),
				huh.NewInput().Key("source").Title("Where they come from").Placeholder("e.g. ONS, Census 2021, table TS021").Value(&v.Source),
			).Description("Then type in its shares, a question at a time, with " + kit.KeyName(s.c.Keys.Record.Edit) + "."))
		},
		Snapshot: func() string { return v.Name + "\x00" + v.AsOf + "\x00" + v.Source },
		Live:     map[string]func(string) error{"name": kit.NotBlank("a name"), "as_of": check},
		Save: func(ctx context.Context, st *store.Store) error {
			asOf, err := civil.Parse(v.AsOf)
			if err != nil {
				return &store.FieldError{Field: "Date of the figures", Message: err.Error()}
			}
			ref = store.Reference{Name: v.Name, AsOf: asOf, Source: v.Source}
			return st.SaveReference(ctx, &ref)
		},
		Done: func() string { return "Added " + ref.Name + ": e types in its shares." },
		Then: func() tea.Cmd { return func() tea.Msg { return reachSetMsg{to: s, refID: ref.ID} } },
	}))
}

// shownReference is a copy of the reference population shown (no ID when
// there is none), its shares its own to change.
func (s *ReachScreen) shownReference() store.Reference {
	for _, r := range s.refs {
		if r.ID == s.refID {
			r.Shares = append([]store.ReferenceShare(nil), r.Shares...)
			return r
		}
	}
	return store.Reference{}
}

// editShares types in the current reference population's shares of the
// question shown, one box an answer.
func (s *ReachScreen) editShares() tea.Cmd {
	ref := s.shownReference()
	if ref.ID == "" {
		return kit.Status(fmt.Sprintf("There is no reference population shown: %s adds one, %s shows the next.", kit.KeyName(s.c.Keys.Record.New), kit.KeyName(s.c.Keys.Reach.Reference)))
	}
	q := store.Questions[s.question]
	cats := store.ReachCategories(q)
	values := make([]string, len(cats))
	for i, c := range cats {
		if t, ok := ref.Share(q, c.Code); ok {
			values[i] = strings.TrimSuffix(store.FormatTenths(t), "%")
		}
	}
	return kit.Push(kit.NewForm(s.c, kit.FormSpec{
		Title: ref.Name + " — " + store.QuestionTitle(q),
		Build: func() *huh.Form {
			fields := make([]huh.Field, len(cats))
			for i, c := range cats {
				title := c.Label
				if c.Group != "" {
					title = c.Group + ": " + c.Label
				}
				fields[i] = huh.NewInput().Key(c.Code).Title(title).Placeholder("%").Value(&values[i]).Validate(store.ValidatePercent)
			}
			return huh.NewForm(huh.NewGroup(fields...).
				Description("Percentages of those who answered (12.3); leave a box empty for none."))
		},
		Snapshot: func() string { return strings.Join(values, "\x00") },
		Live: func() map[string]func(string) error {
			m := map[string]func(string) error{}
			for _, c := range cats {
				m[c.Code] = store.ValidatePercent
			}
			return m
		}(),
		Save: func(ctx context.Context, st *store.Store) error {
			for i, c := range cats {
				t, ok, err := store.ParsePercent(values[i])
				if err != nil {
					return &store.FieldError{Field: c.Label, Message: err.Error()}
				}
				ref.SetShare(q, c.Code, t, ok)
			}
			return st.SaveReference(ctx, &ref)
		},
		Done: func() string {
			return "Saved " + ref.Name + "'s shares of " + strings.ToLower(store.QuestionTitle(q)) + "."
		},
	}))
}

// deleteReference asks, then deletes the reference population shown.
func (s *ReachScreen) deleteReference() tea.Cmd {
	ref := s.shownReference()
	if ref.ID == "" {
		return kit.Status("There is no reference population shown to delete.")
	}
	return kit.Push(kit.NewConfirm(s.c, "Delete "+ref.Name+"?",
		fmt.Sprintf("Its %d shares go with it. Nobody's answers change.", len(ref.Shares)),
		func() tea.Cmd {
			return kit.Do(s.c, func(ctx context.Context, st *store.Store) error {
				return st.DeleteReference(ctx, ref.ID, ref.Version)
			}, kit.ChangedMsg{Status: "Deleted " + ref.Name + "."})
		}))
}

// View draws the screen.
func (s *ReachScreen) View() string {
	if !s.loaded {
		return s.c.Styles.Subtle.Render("  Loading…")
	}
	parts := append(s.head(), s.list.View())
	if f := s.footnote(); f != "" {
		parts = append(parts, indent(f))
	}
	return strings.Join(parts, "\n")
}

func indent(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = " " + l
	}
	return strings.Join(lines, "\n")
}
