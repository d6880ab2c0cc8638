package influence

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"charm.land/lipgloss/v2"

	"github.com/involve/involve/civil"
	"github.com/involve/involve/store"
	"github.com/involve/involve/tui/kit"
)

// NewTraining lists the training sessions, the latest first.
func NewTraining(c *kit.Common, l Links) *kit.ListScreen {
	list := kit.NewList(c,
		kit.Column{Title: "Date", Width: 11},
		kit.Column{Title: "Session"},
		kit.Column{Title: "Programme"},
		kit.Column{Title: "Involvement", Width: 11, Min: 10},
		kit.Column{Title: "Trainers", Width: 8, Right: true},
		kit.Column{Title: "Score", Width: 5, Right: true},
	)
	list.Empty = "No training sessions yet. Press " + kit.KeyName(c.Keys.Record.New) + " to add one."
	s := kit.NewListScreen(c, "Training", list, func(ctx context.Context, st *store.Store) ([]kit.Row, error) {
		sessions, err := st.TrainingSessions(ctx, store.TrainingFilter{})
		if err != nil {
			return nil, err
		}
		now := today(c)
		rows := make([]kit.Row, len(sessions))
		for i, t := range sessions {
			fb := "—"
			if t.Score > 0 {
				fb = t.Score.String()
			}
			kind := t.Kind.Label()
			if t.Kind == store.TrainingPlanning {
				kind = "Planning"
			}
			rows[i] = kit.NewRow(t.ID, []string{day(t.Date), t.Title, dash(t.Programme), kind, strconv.Itoa(t.Trainers), fb}, nil)
			rows[i].AlsoFind(t.Module + " " + t.Provider + " " + t.Profession.Label())
			if t.Date.After(now) {
				rows[i].Tone = kit.ToneGood
			}
		}
		return rows, nil
	})
	s.Open = func(id string) tea.Cmd { return kit.Push(NewTrainingScreen(c, l, id)) }
	s.Create = func(string) tea.Cmd {
		return editSession(c, store.TrainingSession{Date: today(c), Kind: store.TrainingTeaching, Profession: store.ProfNursing})
	}
	s.Edit = func(id string) tea.Cmd {
		return kit.LoadThen(c, id, (*store.Store).TrainingSession, func(t store.TrainingSession) tea.Cmd { return editSession(c, t) })
	}
	s.Remove = func(id string) tea.Cmd { return deleteSession(c, id) }
	return s
}

// sessionValues are a session's fields as the form edits them.
type sessionValues struct {
	Title, Programme, Module, Provider string
	Profession                         store.Profession
	Date, Venue, Learners              string
	Kind                               store.TrainingKind
	Score, Responses, Comments         string
}

// editSession opens the form for a new (empty ID) or existing session.
func editSession(c *kit.Common, t store.TrainingSession) tea.Cmd {
	v := sessionValues{Title: t.Title, Programme: t.Programme, Module: t.Module, Provider: t.Provider, Profession: t.Profession,
		Date: t.Date.String(), Venue: t.Venue, Kind: t.Kind, Comments: t.Comments}
	if t.Learners > 0 {
		v.Learners = strconv.Itoa(t.Learners)
	}
	if t.Score > 0 {
		v.Score, v.Responses = t.Score.String(), strconv.Itoa(t.Responses)
	}
	title := "New training session"
	if t.ID != "" {
		title = "Edit " + t.Title
	}
	return kit.Push(kit.NewForm(c, kit.FormSpec{
		Title: title,
		Build: func() *huh.Form {
			return huh.NewForm(
				huh.NewGroup(
					huh.NewInput().Key("title").Title("Session").Value(&v.Title).Validate(kit.NotBlank("what the session is")),
					huh.NewInput().Key("programme").Title("Programme").Placeholder("e.g. BSc Nursing (Mental Health)").Value(&v.Programme),
					huh.NewInput().Key("module").Title("Module").Value(&v.Module),
					huh.NewInput().Key("provider").Title("Provider").Placeholder("the university, trust or force").Value(&v.Provider),
					huh.NewSelect[store.Profession]().Key("profession").Title("Learners are").
						Options(kit.OptionsFor(store.Professions, store.Profession.Label)...).Value(&v.Profession).Height(6),
				),
				huh.NewGroup(
					huh.NewInput().Key("date").Title("Date").Placeholder("YYYY-MM-DD").Value(&v.Date).Validate(requiredDate),
					huh.NewInput().Key("venue").Title("Venue").Value(&v.Venue),
					huh.NewInput().Key("learners").Title("Learners").Placeholder("how many").Value(&v.Learners).Validate(wholeNumber),
					huh.NewSelect[store.TrainingKind]().Key("kind").Title("How people with lived experience took part").
						Options(kit.OptionsFor(store.TrainingKinds, store.TrainingKind.Label)...).Value(&v.Kind),
				),
				huh.NewGroup(
					huh.NewInput().Key("score").Title("Learners' average score").Description("Out of 5, like 4.3; blank if no feedback yet.").
						Value(&v.Score).Validate(store.ValidateScore),
					huh.NewInput().Key("responses").Title("Replies").Description("How many learners gave feedback.").
						Value(&v.Responses).Validate(wholeNumber),
					huh.NewText().Key("comments").Title("What learners said").Lines(3).Value(&v.Comments),
				),
			)
		},
		Snapshot: func() string { return fmt.Sprint(v) },
		Live:     map[string]func(string) error{"date": requiredDate, "learners": wholeNumber, "score": store.ValidateScore, "responses": wholeNumber},
		Save: func(ctx context.Context, st *store.Store) error {
			d, err := civil.Parse(v.Date)
			if err != nil {
				return &store.FieldError{Field: "Date", Message: err.Error()}
			}
			learners, _ := strconv.Atoi(strings.TrimSpace(v.Learners))
			responses, _ := strconv.Atoi(strings.TrimSpace(v.Responses))
			score, err := store.ParseScore(v.Score)
			if err != nil {
				return &store.FieldError{Field: "Average score", Message: err.Error()}
			}
			t.Title, t.Programme, t.Module, t.Provider, t.Profession, t.Date, t.Venue, t.Learners, t.Kind =
				v.Title, v.Programme, v.Module, v.Provider, v.Profession, d, v.Venue, learners, v.Kind
			t.Score, t.Responses, t.Comments = score, responses, v.Comments
			return st.SaveTrainingSession(ctx, &t)
		},
		Done: func() string { return "Saved " + t.Title + "." },
		Then: func() tea.Cmd { return kit.SelectRow(t.ID) },
	}))
}

// wholeNumber accepts "" or a whole number from 0.
func wholeNumber(s string) error {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	if n, err := strconv.Atoi(strings.TrimSpace(s)); err != nil || n < 0 {
		return fmt.Errorf("%q is not a number: write it like 24", strings.TrimSpace(s))
	}
	return nil
}

// deleteSession asks, saying what goes with it and that its payments stay,
// then deletes.
func deleteSession(c *kit.Common, id string) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), kit.DefaultTimeout)
		defer cancel()
		t, err := c.Store.TrainingSession(ctx, id)
		if err != nil {
			return kit.StatusMsg{Text: kit.ErrText(err), Err: true}
		}
		trainers, stories, payments, err := c.Store.TrainingImpact(ctx, id)
		if err != nil {
			return kit.StatusMsg{Text: kit.ErrText(err), Err: true}
		}
		var parts []string
		if trainers > 0 {
			parts = append(parts, kit.Plural(trainers, "co-trainer's record", "co-trainers' records"))
		}
		if stories > 0 {
			parts = append(parts, kit.Plural(stories, "story used (the story stays)", "stories used (the stories stay)"))
		}
		detail := ""
		if len(parts) > 0 {
			detail = "This also removes " + strings.Join(parts, " and ") + ". "
		}
		if payments > 0 {
			detail += kit.Plural(payments, "involvement payment for it stays", "involvement payments for it stay") + " in Money. "
		}
		detail += "This cannot be undone."
		return kit.PushMsg{Screen: kit.NewConfirm(c, "Delete the session "+t.Title+"?", detail, func() tea.Cmd {
			return kit.Do(c, func(ctx context.Context, st *store.Store) error {
				return st.DeleteTrainingSession(ctx, t.ID, t.Version)
			},
				kit.ChangedMsg{Status: "Deleted " + t.Title + "."})
		})}
	}
}

// The panes of a session's page.
const (
	paneTrainers = iota
	paneStories
	paneFeedback
)

// TrainingScreen shows one session: what, when and for whom, then its
// co-trainers, the stories used and the feedback (] switches).
type TrainingScreen struct {
	c        *kit.Common
	l        Links
	id       string
	session  store.TrainingSession
	trainers []store.Trainer
	stories  []store.StorySummary
	lists    [2]*kit.List
	loaded   bool
	pane     int
	gen      int
	w, h     int
}

type trainingLoadedMsg struct {
	to       *TrainingScreen
	gen      int
	session  store.TrainingSession
	trainers []store.Trainer
	stories  []store.StorySummary
	err      error
}

// NewTrainingScreen shows the session with this id.
func NewTrainingScreen(c *kit.Common, l Links, id string) *TrainingScreen {
	s := &TrainingScreen{c: c, l: l, id: id}
	s.lists[paneTrainers] = kit.NewList(c, kit.PersonColumns(
		kit.Column{Title: "Briefed", Width: 7},
		kit.Column{Title: "Debriefed", Width: 9},
		kit.Column{Title: "Hours", Width: 5, Right: true},
		kit.Column{Title: "Payment", Width: 20, Min: 8},
	)...)
	s.lists[paneTrainers].Empty = "Nobody co-delivering yet. Press " + kit.KeyName(c.Keys.Influence.AddTrainer) + " to add someone."
	s.lists[paneStories] = kit.NewList(c, kit.Column{Title: "Story"}, kit.Column{Title: "By", Width: 22}, kit.Column{Title: "May be used", Width: 30})
	s.lists[paneStories].Empty = "No stories used. Press " + kit.KeyName(c.Keys.Influence.AddStory) + " to add one whose consent covers training."
	return s
}

// Init loads the session.
func (s *TrainingScreen) Init() tea.Cmd { return s.Refresh() }

// Refresh reloads the session, its co-trainers and stories.
func (s *TrainingScreen) Refresh() tea.Cmd {
	s.gen++
	gen, id := s.gen, s.id
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), kit.DefaultTimeout)
		defer cancel()
		st := s.c.Store
		msg := trainingLoadedMsg{to: s, gen: gen}
		if msg.session, msg.err = st.TrainingSession(ctx, id); msg.err != nil {
			return msg
		}
		if msg.trainers, msg.err = st.Trainers(ctx, id); msg.err != nil {
			return msg
		}
		msg.stories, msg.err = st.TrainingStories(ctx, id)
		return msg
	}
}

// Title is the session's title.
func (s *TrainingScreen) Title() string {
	if !s.loaded {
		return "Training session"
	}
	return s.session.Title
}

// SetSize lays the screen out.
func (s *TrainingScreen) SetSize(w, h int) {
	s.w, s.h = w, h
	for _, l := range s.lists {
		l.SetSize(w, s.bodyHeight())
	}
}

func (s *TrainingScreen) headerView() string {
	t := s.session
	prog := t.Programme
	if t.Module != "" {
		prog = strings.TrimPrefix(prog+" — "+t.Module, " — ")
	}
	return kit.Fields(s.c, s.w,
		kit.Field{Label: "Date", Value: longDay(t.Date)},
		kit.Field{Label: "Programme", Value: prog},
		kit.Field{Label: "Provider", Value: strings.TrimPrefix(strings.TrimSuffix(t.Provider+", "+t.Venue, ", "), ", ")},
		kit.Field{Label: "Learners", Value: fmt.Sprintf("%s, %d", t.Profession.Label(), t.Learners)},
		kit.Field{Label: "Involvement", Value: t.Kind.Label()},
	)
}

func (s *TrainingScreen) bodyHeight() int {
	used := 2
	if s.loaded {
		used += kit.LineCount(s.headerView())
	}
	return max(3, s.h-used)
}

func (s *TrainingScreen) list() *kit.List {
	if s.pane == paneFeedback {
		return nil
	}
	return s.lists[s.pane]
}

// Pane is the pane shown: 0 co-trainers, 1 stories, 2 feedback.
func (s *TrainingScreen) Pane() int { return s.pane }

// Capturing is true while a list's find field has the focus.
func (s *TrainingScreen) Capturing() bool { return s.list() != nil && s.list().Finding() }

// CaptureHelp lists the find field's keys.
func (s *TrainingScreen) CaptureHelp() []key.Binding { return s.list().FindHelp() }

// Help lists the session's keys.
func (s *TrainingScreen) Help() [][]key.Binding {
	d, r, k, l := s.c.Keys.Detail, s.c.Keys.Record, s.c.Keys.Influence, s.c.Keys.List
	var main []key.Binding
	switch s.pane {
	case paneTrainers:
		main = []key.Binding{k.AddTrainer, kit.Relabel(l.Open, "edit co-trainer"), k.Pay, kit.Relabel(r.Delete, "take off the session")}
	case paneStories:
		main = []key.Binding{k.AddStory, kit.Relabel(r.Delete, "take off the session")}
	}
	main = append(main, d.SwitchPane, r.Edit, s.c.Keys.Global.Back)
	return [][]key.Binding{main, {l.Up, l.Down, l.PageUp, l.PageDown, l.Top, l.Bottom}}
}

// Update handles the session's keys.
func (s *TrainingScreen) Update(msg tea.Msg) (kit.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case trainingLoadedMsg:
		if msg.to != s || msg.gen != s.gen {
			return s, nil
		}
		if msg.err != nil {
			return s, kit.Failed(msg.err)
		}
		s.session, s.trainers, s.stories, s.loaded = msg.session, msg.trainers, msg.stories, true
		s.lists[paneTrainers].SetRows(s.trainerRows())
		s.lists[paneStories].SetRows(s.storyRows())
		s.SetSize(s.w, s.h)
	case tea.KeyPressMsg:
		return s, s.key(msg)
	}
	return s, nil
}

// paymentText says where a co-trainer's payment for the session stands.
func paymentText(t store.Trainer) (string, kit.Tone) {
	switch {
	case t.PaymentID == "" && t.Hours() == 0:
		return "no hours", kit.ToneFaint
	case t.PaymentID == "":
		return "not paid", kit.ToneWarn
	case t.PaymentChoice == store.ChoiceDecline:
		return "declined", kit.ToneFaint
	case !t.PaidFor():
		return "hours changed: P", kit.ToneWarn
	case t.PaymentStatus == store.StatusPaid:
		return t.PaymentAmount.String() + " paid", kit.ToneGood
	}
	return t.PaymentAmount.String() + " " + strings.ToLower(t.PaymentStatus.Label()), kit.ToneNormal
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func (s *TrainingScreen) trainerRows() []kit.Row {
	rows := make([]kit.Row, len(s.trainers))
	for i, t := range s.trainers {
		pay, tone := paymentText(t)
		name := t.DisplayName()
		tail := []string{yesNo(t.Briefed), yesNo(t.Debriefed), t.Hours().String(), pay}
		rows[i] = kit.NewRow(t.ID, append([]string{name, t.Role.Label()}, tail...), append([]string{store.Initials(name), t.Role.Label()}, tail...))
		rows[i].Tone = tone
		if tone == kit.ToneGood {
			rows[i].Tone = kit.ToneNormal
		}
	}
	return rows
}

func (s *TrainingScreen) storyRows() []kit.Row {
	now := today(s.c).String()
	rows := make([]kit.Row, len(s.stories))
	for i, st := range s.stories {
		ok, why := st.Shown(store.UseTraining, now)
		may := "yes"
		if !ok {
			may = "no: " + why
		}
		rows[i] = kit.NewRow(st.ID, []string{st.Title, st.Byline, may}, []string{st.Title, initials(st.Byline), may})
		if !ok {
			rows[i].Tone = kit.ToneBad
		}
	}
	return rows
}

func (s *TrainingScreen) key(msg tea.KeyPressMsg) tea.Cmd {
	d, r, k := s.c.Keys.Detail, s.c.Keys.Record, s.c.Keys.Influence
	if l := s.list(); l != nil {
		if handled, cmd := l.Update(msg); handled {
			return cmd
		}
	}
	switch {
	case key.Matches(msg, d.SwitchPane):
		s.pane = (s.pane + 1) % 3
		return nil
	case key.Matches(msg, s.c.Keys.Global.Back):
		return kit.Pop("")
	}
	if !s.loaded {
		return nil
	}
	if key.Matches(msg, r.Edit) {
		return editSession(s.c, s.session)
	}
	switch s.pane {
	case paneTrainers:
		t, ok := s.selectedTrainer()
		switch {
		case key.Matches(msg, k.AddTrainer):
			return s.pickTrainer()
		case key.Matches(msg, s.c.Keys.List.Open) && ok:
			return editTrainer(s.c, t, s.c.Mask(t.DisplayName()))
		case key.Matches(msg, k.Pay) && ok:
			return payTrainer(s.c, t.ID, s.c.Mask(t.DisplayName()))
		case key.Matches(msg, r.Delete) && ok:
			name := s.c.Mask(t.DisplayName())
			detail := "Their record for this session goes."
			if t.PaymentID != "" {
				detail += " Their payment for it stays in Money."
			}
			return kit.Push(kit.NewConfirm(s.c, "Take "+name+" off this session?", detail, func() tea.Cmd {
				return kit.Do(s.c, func(ctx context.Context, st *store.Store) error { return st.RemoveTrainer(ctx, t.ID, t.Version) },
					kit.ChangedMsg{Status: "Took " + name + " off the session."})
			}))
		}
	case paneStories:
		row, ok := s.lists[paneStories].Selected()
		switch {
		case key.Matches(msg, k.AddStory):
			return s.pickStory()
		case key.Matches(msg, r.Delete) && ok:
			title, sid := row.Cells[0], s.id
			return kit.Push(kit.NewConfirm(s.c, "Take “"+title+"” off this session?", "The story stays in the anthology.", func() tea.Cmd {
				return kit.Do(s.c, func(ctx context.Context, st *store.Store) error { return st.RemoveTrainingStory(ctx, sid, row.ID) },
					kit.ChangedMsg{Status: "Took “" + title + "” off the session."})
			}))
		}
	}
	return nil
}

func (s *TrainingScreen) selectedTrainer() (store.Trainer, bool) {
	row, ok := s.lists[paneTrainers].Selected()
	if !ok {
		return store.Trainer{}, false
	}
	for _, t := range s.trainers {
		if t.ID == row.ID {
			return t, true
		}
	}
	return store.Trainer{}, false
}

// pickTrainer offers the people with lived experience (service users,
// carers, both, others) not already co-delivering, then their form.
func (s *TrainingScreen) pickTrainer() tea.Cmd {
	already := map[string]bool{}
	for _, t := range s.trainers {
		already[t.PersonID] = true
	}
	sessionID := s.id
	return kit.Push(kit.NewPicker(s.c, "Who co-delivered "+s.session.Title+"?", kit.PersonColumns(),
		func(ctx context.Context, st *store.Store) ([]kit.Row, error) {
			people, err := st.People(ctx)
			if err != nil {
				return nil, err
			}
			people = slices.DeleteFunc(people, func(p store.Member) bool {
				return already[p.ID] || p.Role == store.RoleWorker || p.Role == store.RoleSeniorOfficer
			})
			return kit.MemberRows(people, nil), nil
		}, func(row kit.Row) tea.Cmd {
			name := row.Cells[0]
			if s.c.Privacy {
				name = row.Masked[0]
			}
			return tea.Sequence(kit.Pop(""), editTrainer(s.c, store.Trainer{SessionID: sessionID, PersonID: row.ID, Briefed: true}, name))
		}))
}

// pickStory offers the stories that may be used in training today (the
// same rule as reading mode, for the training use), not already used.
func (s *TrainingScreen) pickStory() tea.Cmd {
	already := map[string]bool{}
	for _, st := range s.stories {
		already[st.ID] = true
	}
	sessionID := s.id
	return kit.Push(kit.NewPicker(s.c, "A story for "+s.session.Title, []kit.Column{{Title: "Story"}, {Title: "By", Width: 24}, {Title: "Words", Width: 6, Right: true}},
		func(ctx context.Context, st *store.Store) ([]kit.Row, error) {
			list, err := st.Stories(ctx, store.StoryFilter{ReadableFor: store.UseTraining})
			if err != nil {
				return nil, err
			}
			var rows []kit.Row
			for _, x := range list {
				if !already[x.ID] {
					r := kit.NewRow(x.ID, []string{x.Title, x.Byline, strconv.Itoa(x.Words)}, []string{x.Title, initials(x.Byline), strconv.Itoa(x.Words)})
					r.AlsoFind(strings.Join(x.Themes, " "))
					rows = append(rows, r)
				}
			}
			return rows, nil
		}, func(row kit.Row) tea.Cmd {
			title := row.Cells[0]
			return kit.Do(s.c, func(ctx context.Context, st *store.Store) error { return st.AddTrainingStory(ctx, sessionID, row.ID) },
				kit.PopMsg{Status: "Added “" + title + "” to the session's stories."})
		}).Empty("No other story may be used in training today: a story is offered once its author's consent covers training and it is approved or published (Stories, " + kit.KeyName(s.c.Keys.Global.Stories) + ")."))
}

// trainerValues are a co-trainer's fields as the form edits them.
type trainerValues struct {
	Briefed, Debriefed bool
	Prep, Delivery     string
	Feedback           string
	Pay                bool
}

// editTrainer opens the form for a co-trainer new to a session (empty ID)
// or already on it; name is how they are shown. Saved with hours and "pay"
// left on, it goes on to record their payment.
func editTrainer(c *kit.Common, t store.Trainer, name string) tea.Cmd {
	if c.Privacy && t.ID == "" {
		return c.PrivacyRefusal("add someone to a session")
	}
	v := trainerValues{Briefed: t.Briefed, Debriefed: t.Debriefed, Feedback: t.Feedback, Pay: !t.PaidFor()}
	if t.PrepHours > 0 {
		v.Prep = t.PrepHours.String()
	}
	if t.DeliveryHours > 0 {
		v.Delivery = t.DeliveryHours.String()
	}
	title := "Co-trainer: " + name
	return kit.Push(kit.NewForm(c, kit.FormSpec{
		Title: title,
		Build: func() *huh.Form {
			fields := []huh.Field{
				huh.NewConfirm().Key("briefed").Title("Briefed before the session?").Value(&v.Briefed),
				huh.NewConfirm().Key("debriefed").Title("Debriefed after it?").Value(&v.Debriefed),
				huh.NewInput().Key("prep").Title("Preparation hours").Placeholder("e.g. 1.5").Value(&v.Prep).Validate(optionalHours),
				huh.NewInput().Key("delivery").Title("Delivery hours").Placeholder("e.g. 3").Value(&v.Delivery).Validate(optionalHours),
				huh.NewText().Key("feedback").Title("Their own feedback on the session").Lines(3).Value(&v.Feedback),
			}
			if !t.PaidFor() {
				fields = append(fields, huh.NewConfirm().Key("pay").Title("Record their involvement payment for these hours now?").
					Description("At the hourly rate on the day of the session; the ledger's limits are checked first.").Value(&v.Pay))
			}
			return huh.NewForm(huh.NewGroup(fields...))
		},
		Snapshot: func() string { return fmt.Sprint(v) },
		Live:     map[string]func(string) error{"prep": optionalHours, "delivery": optionalHours},
		Save: func(ctx context.Context, st *store.Store) error {
			var err error
			if t.PrepHours, err = hours(v.Prep); err != nil {
				return &store.FieldError{Field: "Preparation hours", Message: err.Error()}
			}
			if t.DeliveryHours, err = hours(v.Delivery); err != nil {
				return &store.FieldError{Field: "Delivery hours", Message: err.Error()}
			}
			t.Briefed, t.Debriefed, t.Feedback = v.Briefed, v.Debriefed, v.Feedback
			return st.SaveTrainer(ctx, &t)
		},
		Done: func() string { return "Saved " + name + "'s part in the session." },
		Then: func() tea.Cmd {
			if !v.Pay || t.Hours() == 0 || t.PaidFor() {
				return nil
			}
			return payTrainer(c, t.ID, name)
		},
	}))
}

func hours(s string) (store.Hundredths, error) {
	if strings.TrimSpace(s) == "" {
		return 0, nil
	}
	return store.ParseHours(s)
}

func optionalHours(s string) error {
	_, err := hours(s)
	return err
}

// payTrainer records (or brings up to date) a co-trainer's involvement
// payment for their hours through the payments API, asking first when it
// would cross a threshold of the ledger.
func payTrainer(c *kit.Common, trainerID, name string) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), kit.DefaultTimeout)
		defer cancel()
		st := c.Store
		p, err := st.TrainingPayment(ctx, trainerID)
		if errors.Is(err, store.ErrPaidFor) {
			return kit.StatusMsg{Text: fmt.Sprintf("%s's hours are paid for already: %s, %s (Money has it).", name, p.Amount, strings.ToLower(p.Status.Label()))}
		}
		if err != nil {
			return kit.StatusMsg{Text: "Not paid: " + kit.ErrText(err), Err: true}
		}
		w, err := st.CheckPayment(ctx, p)
		if err != nil {
			return kit.StatusMsg{Text: kit.ErrText(err), Err: true}
		}
		verb := "Recorded"
		if p.ID != "" {
			verb = "Changed"
		}
		save := func(over string) tea.Cmd {
			return kit.Do(c, func(ctx context.Context, st *store.Store) error { return st.SavePayment(ctx, &p) },
				kit.ChangedMsg{Status: fmt.Sprintf("%s a payment of %s for %s's %s hours%s; approve and pay it in Money.", verb, p.Amount, name, p.Hours, over)})
		}
		if w.Crosses() {
			return kit.PushMsg{Screen: kit.NewConfirm(c, "This payment would cross a threshold",
				w.String()+"\n\nRecord it anyway? Talk it through with "+name+" first: it may affect their benefits.",
				func() tea.Cmd { return save(", over a threshold") })}
		}
		return kit.CmdMsg{Cmd: save("")}
	}
}

// View draws the session.
func (s *TrainingScreen) View() string {
	st := s.c.Styles
	if !s.loaded {
		return st.Subtle.Render("  Loading…")
	}
	tabs := kit.PaneTabs(s.c, []string{
		fmt.Sprintf("Co-trainers (%d)", len(s.trainers)),
		fmt.Sprintf("Stories (%d)", len(s.stories)),
		"Feedback",
	}, s.pane)
	var body string
	switch s.pane {
	case paneFeedback:
		body = s.feedbackView()
	default:
		body = s.lists[s.pane].View()
	}
	return s.headerView() + "\n\n" + tabs + "\n" + body
}

// saidBy is what someone said, after their name, wrapped to width with the
// lines after the first indented. (Padded to the width after the name, a
// line was wider than the screen, and the root cut it to a stray "…".)
func saidBy(style lipgloss.Style, name, text string, width int) string {
	var out []string
	for _, para := range strings.Split(text, "\n") {
		if len(out) == 0 {
			para = name + " " + para
		}
		if strings.TrimSpace(para) != "" {
			out = append(out, kit.WrapLines(para, width, "    ", 0)...)
		}
	}
	out[0] = "  " + style.Render(name) + strings.TrimPrefix(strings.TrimLeft(out[0], " "), name)
	return strings.Join(out, "\n")
}

func (s *TrainingScreen) feedbackView() string {
	st := s.c.Styles
	t := s.session
	w := s.w - 4
	var b strings.Builder
	b.WriteString(st.Header.Render(" Learners") + "\n")
	if t.Score > 0 {
		fmt.Fprintf(&b, "  An average of %s out of 5 from %s.\n", t.Score, kit.Plural(t.Responses, "reply", "replies"))
	} else {
		b.WriteString(st.Subtle.Render("  No feedback recorded yet: "+kit.KeyName(s.c.Keys.Record.Edit)+" adds it.") + "\n")
	}
	if c := strings.TrimSpace(t.Comments); c != "" {
		b.WriteString("  " + strings.ReplaceAll(kit.Wrap(c, w), "\n", "\n  ") + "\n")
	}
	b.WriteString("\n" + st.Header.Render(" Co-trainers") + "\n")
	said := false
	for _, tr := range s.trainers {
		if f := strings.TrimSpace(tr.Feedback); f != "" {
			said = true
			b.WriteString(saidBy(st.Label, s.c.Mask(tr.DisplayName())+":", f, s.w) + "\n")
		}
	}
	if !said {
		b.WriteString(st.Subtle.Render("  Nothing recorded: a co-trainer's form ("+kit.KeyName(s.c.Keys.List.Open)+" on Co-trainers) takes it.") + "\n")
	}
	return strings.TrimRight(b.String(), "\n")
}
