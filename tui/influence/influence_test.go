package influence

import (
	"context"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/involve/involve/civil"
	"github.com/involve/involve/store"
	"github.com/involve/involve/tui/kit"
)

// now is the clock of these tests: Tuesday 16 June 2026.
var now = time.Date(2026, 6, 16, 10, 0, 0, 0, time.UTC)

// world is a store with a forum, a senior officer who attended its May
// meeting, a logged visit with a commitment, a training session with a
// co-trainer (3 hours) and an hourly rate of £15.
type world struct {
	c            *kit.Common
	forum        store.Forum
	officer, sue store.Person
	meeting      store.Meeting
	contact      store.Contact
	session      store.TrainingSession
	trainer      store.Trainer
	opened       []string // what the links were asked to open
	links        Links
}

func newWorld(t *testing.T) *world {
	t.Helper()
	ctx := context.Background()
	s, err := store.Open(filepath.Join(t.TempDir(), "involve.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	s.SetClock(func() time.Time { return now })
	w := &world{c: &kit.Common{Store: s, Styles: kit.NewStyles(true), Keys: kit.DefaultKeyMap(), Width: 100, Height: 27,
		Now: func() time.Time { return now }}}
	w.links = Links{Meeting: func(id string) kit.Screen {
		w.opened = append(w.opened, "meeting "+id)
		return kit.NewConfirm(w.c, "stand-in for the meeting", "", nil)
	}}
	w.forum = store.Forum{Name: "Tuesday Forum"}
	must(t, s.SaveForum(ctx, &w.forum))
	w.officer = store.Person{Name: "Amir Patel", PreferredName: "Dr Patel", Role: store.RoleSeniorOfficer}
	w.sue = store.Person{Name: "Susan Clarke", Role: store.RoleServiceUser}
	must(t, s.SavePerson(ctx, &w.officer, []string{w.forum.ID}))
	must(t, s.SavePerson(ctx, &w.sue, []string{w.forum.ID}))
	w.meeting = store.Meeting{ForumID: w.forum.ID, Status: store.MeetingHeld,
		Start: time.Date(2026, 5, 12, 13, 0, 0, 0, store.London), End: time.Date(2026, 5, 12, 15, 0, 0, 0, store.London)}
	must(t, s.SaveMeeting(ctx, &w.meeting))
	must(t, s.SetAttendance(ctx, w.meeting.ID, w.officer.ID, store.Attended))
	w.contact = store.Contact{Kind: store.ContactVisit, Date: civil.MustParse("2026-06-02"), OfficerName: "Dr Helen Marsh",
		Organisation: "City Council", ForumIDs: []string{w.forum.ID}, Topics: "Needle exchange hours"}
	must(t, s.SaveContact(ctx, &w.contact))
	must(t, s.SaveAction(ctx, &store.Action{ContactID: w.contact.ID, Description: "Write to the forum", Owner: "Dr Marsh", Due: "2026-06-30"}))
	must(t, s.SetRate(ctx, &store.Rate{Kind: store.RateHourly, Amount: 1500, EffectiveFrom: "2026-04-06"}))
	w.session = store.TrainingSession{Title: "Recovery stories", Programme: "BSc Nursing", Date: civil.MustParse("2026-06-10"),
		Kind: store.TrainingTeaching, Learners: 30}
	must(t, s.SaveTrainingSession(ctx, &w.session))
	w.trainer = store.Trainer{SessionID: w.session.ID, PersonID: w.sue.ID, Briefed: true, PrepHours: 100, DeliveryHours: 200}
	must(t, s.SaveTrainer(ctx, &w.trainer))
	return w
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// deliver runs cmd and gives what it returns to s, batches included.
func deliver(t *testing.T, s kit.Screen, cmd tea.Cmd) []tea.Msg {
	t.Helper()
	if cmd == nil {
		return nil
	}
	msg := cmd()
	if batch, ok := msg.(tea.BatchMsg); ok {
		var out []tea.Msg
		for _, c := range batch {
			out = append(out, deliver(t, s, c)...)
		}
		return out
	}
	// tea.Sequence's message is unexported: a slice of Cmds.
	if v := reflect.ValueOf(msg); v.Kind() == reflect.Slice && v.Type().ConvertibleTo(cmdSlice) {
		var out []tea.Msg
		for _, c := range v.Convert(cmdSlice).Interface().([]tea.Cmd) {
			out = append(out, deliver(t, s, c)...)
		}
		return out
	}
	_, next := s.Update(msg)
	return append([]tea.Msg{msg}, deliver(t, s, next)...)
}

// plain is what a screen shows, without escape codes.
func plain(s kit.Screen) string { return ansi.Strip(s.View()) }

var cmdSlice = reflect.TypeFor[[]tea.Cmd]()

func load(t *testing.T, s kit.Screen) {
	t.Helper()
	s.SetSize(100, 27)
	deliver(t, s, s.Init())
}

// The section lists both kinds of contact; a contact at a meeting opens the
// meeting and cannot be edited or deleted here.
func TestSectionContactsAndTraining(t *testing.T) {
	w := newWorld(t)
	sec := NewSection(w.c, w.links)
	load(t, sec)
	view := plain(sec)
	for _, want := range []string{"Officers' contacts (2)", "Training (1)", "Dr Helen Marsh", "City Council", "Dr Patel", "Meeting"} {
		if !strings.Contains(view, want) {
			t.Errorf("the contacts pane does not show %q:\n%s", want, view)
		}
	}
	rows := sec.panes[0].List().Rows()
	if len(rows) != 2 || rows[0].ID != w.contact.ID || !strings.HasPrefix(rows[1].ID, meetingRow+w.meeting.ID+"/") {
		t.Fatalf("rows: %+v", rows)
	}
	ls := sec.panes[0].(*kit.ListScreen)
	if msg := ls.Open(rows[1].ID)(); msg == nil {
		t.Fatal("opening a contact at a meeting did nothing")
	} else if _, ok := msg.(kit.PushMsg); !ok || len(w.opened) != 1 || w.opened[0] != "meeting "+w.meeting.ID {
		t.Errorf("opening a contact at a meeting: %#v, opened %v", msg, w.opened)
	}
	for _, act := range []func(string) tea.Cmd{ls.Edit, ls.Remove} {
		msg, ok := act(rows[1].ID)().(kit.StatusMsg)
		if !ok || !strings.Contains(msg.Text, "change it on the meeting's register") {
			t.Errorf("editing or deleting a contact at a meeting: %#v", msg)
		}
	}
	if push, ok := ls.Open(rows[0].ID)().(kit.PushMsg); !ok {
		t.Errorf("opening a logged contact: %#v", push)
	} else if _, ok := push.Screen.(*ContactScreen); !ok {
		t.Errorf("opening a logged contact opened %T", push.Screen)
	}
	// The other pane.
	sec.Update(tea.KeyPressMsg{Code: ']', Text: "]"})
	if sec.Pane() != 1 || !strings.Contains(plain(sec), "Recovery stories") {
		t.Errorf("the training pane:\n%s", plain(sec))
	}
}

// A reply to an older request, or meant for another screen, is dropped.
func TestScreensDropStaleReplies(t *testing.T) {
	w := newWorld(t)
	for _, s := range []interface {
		kit.Screen
		Refresh() tea.Cmd
	}{NewContactScreen(w.c, w.links, w.contact.ID), NewTrainingScreen(w.c, w.links, w.session.ID), NewHistory(w.c, w.links, w.sue.ID)} {
		s.SetSize(100, 27)
		old := s.Refresh()
		fresh := s.Refresh()
		s.Update(old())
		if !strings.Contains(plain(s), "Loading…") {
			t.Errorf("%T took a stale reply:\n%s", s, plain(s))
		}
		s.Update(fresh())
		if strings.Contains(plain(s), "Loading…") {
			t.Errorf("%T did not take the fresh reply:\n%s", s, plain(s))
		}
	}
}

// The contact's page: its topics, and its commitments in the other pane,
// marked done with space.
func TestContactScreenCommitments(t *testing.T) {
	w := newWorld(t)
	s := NewContactScreen(w.c, w.links, w.contact.ID)
	load(t, s)
	if v := plain(s); !strings.Contains(v, "Needle exchange hours") || !strings.Contains(v, "Commitments (1 open)") ||
		!strings.Contains(v, "City Council") {
		t.Fatalf("the contact:\n%s", v)
	}
	s.Update(tea.KeyPressMsg{Code: ']', Text: "]"})
	if !strings.Contains(plain(s), "Write to the forum") {
		t.Fatalf("the commitments pane:\n%s", plain(s))
	}
	_, cmd := s.Update(tea.KeyPressMsg{Code: tea.KeySpace, Text: " "})
	if msg, ok := cmd().(kit.ChangedMsg); !ok || msg.Status != "Marked the commitment done." {
		t.Fatalf("space: %#v", msg)
	}
	acts, err := w.c.Store.ContactActions(context.Background(), w.contact.ID)
	if err != nil || len(acts) != 1 || !acts[0].Done {
		t.Errorf("after space: %+v, %v", acts, err)
	}
	// With the privacy screen on, the officer's name is initials.
	w.c.Privacy = true
	deliver(t, s, s.Refresh())
	if v := plain(s); strings.Contains(v, "Helen Marsh") || !strings.Contains(v, "D.H.M.") {
		t.Errorf("the privacy screen shows the officer's name:\n%s", v)
	}
}

// Paying a co-trainer: recorded through the payments API when no threshold
// is crossed; asked about when one is; said to be paid for afterwards.
func TestPayTrainer(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	msg := payTrainer(w.c, w.trainer.ID, "Susan")()
	next, ok := msg.(kit.CmdMsg)
	if !ok {
		t.Fatalf("paying within the thresholds: %#v", msg)
	}
	done, ok := next.Cmd().(kit.ChangedMsg)
	if !ok || done.Status != "Recorded a payment of £45.00 for Susan's 3 hours; approve and pay it in Money." {
		t.Fatalf("recorded: %#v", done)
	}
	if st, ok := payTrainer(w.c, w.trainer.ID, "Susan")().(kit.StatusMsg); !ok || !strings.Contains(st.Text, "paid for already: £45.00, claimed") {
		t.Errorf("paying twice: %#v", st)
	}
	// More hours, and a weekly limit of £50: it asks first.
	tr, err := w.c.Store.Trainer(ctx, w.trainer.ID)
	must(t, err)
	tr.DeliveryHours = 300
	must(t, w.c.Store.SaveTrainer(ctx, &tr))
	must(t, w.c.Store.SetThreshold(ctx, &store.Threshold{Kind: store.ThresholdWeekly, Amount: 5000, EffectiveFrom: "2026-04-06"}))
	push, ok := payTrainer(w.c, w.trainer.ID, "Susan")().(kit.PushMsg)
	if !ok {
		t.Fatalf("over a threshold: %#v", push)
	}
	q, ok := push.Screen.(*kit.Confirm)
	if !ok || !strings.Contains(plain(q), "This payment would cross a threshold") {
		t.Fatalf("the question: %T", push.Screen)
	}
	// Nothing changes until yes.
	pays, _ := w.c.Store.Payments(ctx, store.PaymentFilter{TrainingID: w.session.ID})
	if len(pays) != 1 || pays[0].Hours != 300 {
		t.Fatalf("before the answer: %+v", pays)
	}
	_, cmd := q.Update(tea.KeyPressMsg{Code: 'y', Text: "y"})
	deliver(t, q, cmd)
	pays, _ = w.c.Store.Payments(ctx, store.PaymentFilter{TrainingID: w.session.ID})
	if len(pays) != 1 || pays[0].Hours != 400 || pays[0].Amount != 6000 {
		t.Errorf("after yes, the payment follows the hours: %+v", pays)
	}
	// The session's page says where it stands.
	s := NewTrainingScreen(w.c, w.links, w.session.ID)
	load(t, s)
	if v := plain(s); !strings.Contains(v, "£60.00 claimed") || !strings.Contains(v, "Susan Clarke") {
		t.Errorf("the session:\n%s", v)
	}
}

func TestSummary(t *testing.T) {
	for _, c := range []struct {
		inv  store.Involvement
		want string
	}{
		{store.Involvement{}, "0 meetings attended · 0 training sessions co-delivered"},
		{store.Involvement{Meetings: 1, LastMeeting: civil.MustParse("2026-03-03"), Training: 2, Contacts: 1},
			"1 meeting attended (the last on 3 Mar 2026) · 2 training sessions co-delivered · 1 contact logged as a senior officer"},
	} {
		if got := Summary(c.inv); got != c.want {
			t.Errorf("Summary = %q, want %q", got, c.want)
		}
	}
}

// A co-trainer's feedback, however long, is wrapped within the width, the
// lines after the first indented under it; its paragraphs are kept.
func TestSaidByFitsItsWidth(t *testing.T) {
	text := strings.Repeat("I would like more time for questions next time. ", 4) + "\nAnd a break."
	got := strings.Split(saidBy(lipgloss.NewStyle(), "Saima A.:", text, 40), "\n")
	if !strings.HasPrefix(got[0], "  Saima A.: I would") || len(got) < 4 {
		t.Fatalf("saidBy:\n%s", strings.Join(got, "\n"))
	}
	for i, l := range got {
		if w := ansi.StringWidth(l); w > 40 {
			t.Errorf("line %d is %d wide, more than 40: %q", i+1, w, l)
		}
		if i > 0 && !strings.HasPrefix(l, "    ") {
			t.Errorf("line %d is not indented: %q", i+1, l)
		}
	}
	if last := got[len(got)-1]; strings.TrimSpace(last) != "And a break." {
		t.Errorf("the second paragraph is not on a line of its own: %q", last)
	}
}
