package tui

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/involve/involve/store"
	"github.com/involve/involve/tui/kit"
	"github.com/involve/involve/tui/rights"
)

// Model tests: drive the root model with key presses (by binding), run the
// Cmds, and check the screen and the store.

func TestInitAsksForBackgroundAndDrawsDashboard(t *testing.T) {
	h := newHarness(t)
	if h.requests["backgroundColorMsg"] != 1 {
		t.Errorf("Init should ask the terminal for its background once; requests: %v", h.requests)
	}
	if _, ok := h.active().(*Dashboard); !ok {
		t.Fatalf("the first screen is %T, want the dashboard", h.active())
	}
	lines := h.lines()
	if len(lines) != h.height {
		t.Errorf("the view has %d lines, want %d (the terminal's height)", len(lines), h.height)
	}
	h.wantScreen("involve", "1 Dashboard", "2 Forums", "3 People", "4 Meetings", "DEMO", "? help")
}

// Preload starts the dashboard's load before the program runs; Init hands
// the program that load (not a second one), the dashboard shows what it
// read, and Options.Loaded is called once, when it has come back.
func TestPreloadLoadsTheDashboardOnce(t *testing.T) {
	loaded := 0
	h := newHarness(t, func(c *harnessConfig) {
		c.noInit = true
		c.opt.Loaded = func() { loaded++ }
	})
	d := activeAs[*Dashboard](h)
	h.m.Preload()
	if d.gen != 1 {
		t.Fatalf("Preload started %d loads of the dashboard, want 1", d.gen)
	}
	h.run(h.m.Init())
	if d.gen != 1 {
		t.Errorf("Init started another load of the dashboard (%d in all)", d.gen)
	}
	if h.requests["backgroundColorMsg"] != 1 {
		t.Errorf("Init did not ask the terminal for its background; requests: %v", h.requests)
	}
	if loaded != 1 {
		t.Errorf("Loaded was called %d times, want once", loaded)
	}
	h.send(tea.WindowSizeMsg{Width: h.width, Height: h.height})
	db, err := h.s.Dashboard(bg())
	if err != nil {
		t.Fatal(err)
	}
	if !d.loaded || len(db.Upcoming) == 0 {
		t.Fatalf("the dashboard has not loaded (or the demo has no meetings to come)")
	}
	h.wantScreen("Next meetings", kit.LongDate(db.Upcoming[0].Start))
	h.notScreen("Loading")
	// A second Init (the program runs Init once; a test might not) loads
	// as usual.
	h.run(h.m.Init())
	if d.gen != 2 || loaded != 1 {
		t.Errorf("a second Init: %d loads, Loaded called %d times; want 2 and 1", d.gen, loaded)
	}
}

func TestDashboardShowsNextMeetings(t *testing.T) {
	h := newHarness(t)
	db, err := h.s.Dashboard(bg())
	if err != nil {
		t.Fatal(err)
	}
	if len(db.Upcoming) == 0 {
		t.Fatal("the demo database has no upcoming meetings")
	}
	h.wantScreen("Next meetings", "Actions due or overdue")
	// The next meeting, under the cursor, and each one after it that fits.
	next := db.Upcoming[0]
	h.wantScreen(kit.LongDate(next.Start), kit.TimeRange(next.Start, next.End))
	for _, m := range db.Upcoming {
		if !m.End.After(fixedNow) {
			t.Errorf("upcoming meeting %s ended before now", kit.LongDate(m.Start))
		}
	}
	d := activeAs[*Dashboard](h)
	row, ok := d.lists[0].Selected()
	if !ok || row.ID != next.ID {
		t.Errorf("the cursor is on %v, want the next meeting %s", row.Cells, next.ID)
	}
	// enter opens it.
	h.press(h.keys().List.Open)
	ms := activeAs[*MeetingScreen](h)
	if ms.id != next.ID {
		t.Errorf("enter opened meeting %s, want %s", ms.id, next.ID)
	}
	h.wantScreen("Register", next.ForumName)
	h.press(h.keys().Global.Back)
	activeAs[*Dashboard](h)
}

func TestDashboardOverdueActionsUseTheFixedClock(t *testing.T) {
	h := newHarness(t)
	db, err := h.s.Dashboard(bg())
	if err != nil {
		t.Fatal(err)
	}
	if db.Today != store.LocalDate(fixedNow) {
		t.Fatalf("the store's today is %s, want %s", db.Today, store.LocalDate(fixedNow))
	}
	if len(db.Due) == 0 {
		t.Fatal("the demo database has no actions due")
	}
	a := db.Due[0]
	text, tone := kit.DueText(a.Due, db.Today)
	if a.Due < db.Today && (tone != kit.ToneBad || !strings.HasSuffix(text, "(overdue)")) {
		t.Errorf("an action due %s, before today %s, reads %q", a.Due, db.Today, text)
	}
	h.wantScreen(text)
}

func TestTabsSwitchSections(t *testing.T) {
	h := newHarness(t)
	g := h.keys().Global
	crumb := func() string { return strings.TrimSpace(h.lines()[1]) }
	steps := []struct {
		b    key.Binding
		want string
		sec  section
	}{
		{g.Forums, "Forums", secForums},
		{g.People, "People", secPeople},
		{g.Meetings, "Meetings", secMeetings},
		{g.Dashboard, "Dashboard", secDashboard},
		{g.NextTab, "Forums", secForums},
		{g.NextTab, "People", secPeople},
		{g.PrevTab, "Forums", secForums},
		{g.PrevTab, "Dashboard", secDashboard},
		{g.PrevTab, "Influence", secInfluence},
		{g.PrevTab, "Stories", secStories},
		{g.PrevTab, "Money", secMoney},
		{g.PrevTab, "Meetings", secMeetings},
	}
	for _, st := range steps {
		h.press(st.b)
		if h.m.sec != st.sec || crumb() != st.want {
			t.Fatalf("after %s: section %d, breadcrumb %q; want %d, %q", st.b.Help().Key, h.m.sec, crumb(), st.sec, st.want)
		}
		if strings.Contains(h.screen(), "Loading…") {
			t.Fatalf("after %s the section is still loading:\n%s", st.b.Help().Key, h.screen())
		}
	}
	// Each section keeps its own stack: open a forum, visit People, come back.
	h.press(g.Forums)
	h.press(h.keys().List.Open)
	forum := activeAs[*ForumScreen](h)
	h.press(g.People)
	activeAs[*kit.ListScreen](h)
	h.press(g.Forums)
	if h.active() != kit.Screen(forum) {
		t.Fatalf("coming back to Forums shows %T, want the forum that was open", h.active())
	}
}

func TestForumScreenMembersAndMeetings(t *testing.T) {
	h := newHarness(t)
	h.press(h.keys().Global.Forums)
	forums, err := h.s.Forums(bg())
	if err != nil {
		t.Fatal(err)
	}
	want := forums[1]
	h.press(h.keys().List.Down)
	h.press(h.keys().List.Open)
	fs := activeAs[*ForumScreen](h)
	if fs.id != want.ID {
		t.Fatalf("opened forum %s, want %s (%s)", fs.id, want.ID, want.Name)
	}
	members, err := h.s.ForumMembers(bg(), want.ID)
	if err != nil {
		t.Fatal(err)
	}
	meetings, err := h.s.ForumMeetings(bg(), want.ID)
	if err != nil {
		t.Fatal(err)
	}
	h.wantScreen(want.Name, "Purpose", fmt.Sprintf("Members (%d)", len(members)), fmt.Sprintf("Meetings (%d)", len(meetings)))
	h.wantScreen(members[0].DisplayName())
	if fs.pane != 0 {
		t.Fatalf("the forum opens on pane %d, want members", fs.pane)
	}
	// ] switches to the meetings.
	h.press(h.keys().Detail.SwitchPane)
	if fs.pane != 1 {
		t.Fatalf("] left the pane at %d", fs.pane)
	}
	h.wantScreen(kit.LongDate(meetings[0].Start))
	h.notScreen(members[0].DisplayName())
	// enter on a meeting opens it; r opens its register.
	h.press(h.keys().List.Open)
	ms := activeAs[*MeetingScreen](h)
	if ms.id != meetings[0].ID {
		t.Fatalf("opened meeting %s, want %s", ms.id, meetings[0].ID)
	}
	h.press(h.keys().Global.Back)
	h.press(h.keys().Detail.Register)
	activeAs[*RegisterScreen](h)
	h.press(h.keys().Global.Back)
	// Back on members, enter opens a person.
	h.press(h.keys().Detail.SwitchPane)
	h.press(h.keys().List.Open)
	ps := activeAs[*PersonScreen](h)
	if ps.id != members[0].ID {
		t.Fatalf("opened person %s, want the first member %s", ps.id, members[0].ID)
	}
	h.wantScreen(members[0].DisplayName(), want.Name)
	h.press(h.keys().Global.Back)
	h.press(h.keys().Global.Back)
	activeAs[*kit.ListScreen](h)
}

// accented makes sure the database has someone whose name has an accent
// that folds to query, adding one if need be, and returns their name.
func accented(t *testing.T, h *harness, query, name string) string {
	t.Helper()
	people, err := h.s.People(bg())
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range people {
		if strings.Contains(kit.Fold(p.DisplayName()), query) && kit.Fold(p.DisplayName()) != strings.ToLower(p.DisplayName()) {
			return p.DisplayName()
		}
	}
	p := store.Person{Name: name, Role: store.RoleCarer}
	if err := h.s.SavePerson(bg(), &p, nil); err != nil {
		t.Fatal(err)
	}
	return name
}

func TestPeopleFilterNarrowsAndFoldsAccents(t *testing.T) {
	h := newHarness(t)
	jose := accented(t, h, "jose", "José Ñúñez")
	h.press(h.keys().Global.People)
	ls := activeAs[*kit.ListScreen](h)
	total := ls.List().Len()
	if total < 10 {
		t.Fatalf("the People list has %d rows", total)
	}
	h.press(h.keys().List.Filter)
	if !ls.Capturing() {
		t.Fatal("/ did not focus the find field")
	}
	// While finding, the tab keys type rather than switch sections.
	h.typeText("jose")
	if h.m.sec != secPeople {
		t.Fatal("typing in the find field switched section")
	}
	n := ls.List().Len()
	if n == 0 || n >= total {
		t.Fatalf("finding \"jose\" left %d of %d rows", n, total)
	}
	for i := range n {
		r := ls.List().Shown(i)
		if !r.Matches("jose") {
			t.Errorf("row %v does not match \"jose\"", r.Cells)
		}
	}
	h.wantScreen(jose, fmt.Sprintf("%d of %d", n, total))
	// Upper case and accents in the query fold too.
	h.press(h.keys().List.ClearFilter)
	h.press(h.keys().List.Filter)
	h.typeText("JOSÉ")
	if ls.List().Len() != n {
		t.Errorf("\"JOSÉ\" finds %d rows, \"jose\" %d", ls.List().Len(), n)
	}
	// A word that matches nobody says so.
	h.typeText("zzzq")
	h.wantScreen("Nobody and nothing matches", "0 of")
	// enter keeps the filter and gives the keys back to the list; esc
	// clears it.
	for range 4 {
		h.pressKey("backspace")
	}
	h.press(h.keys().List.AcceptFilter)
	if ls.Capturing() || !ls.List().Filtered() || ls.List().Len() != n {
		t.Fatalf("after enter: capturing %v, filtered %v, %d rows", ls.Capturing(), ls.List().Filtered(), ls.List().Len())
	}
	h.press(h.keys().List.ClearFilter)
	if ls.List().Filtered() || ls.List().Len() != total {
		t.Fatalf("esc left %d of %d rows", ls.List().Len(), total)
	}
}

func TestPeopleFilterFindsFullNameNotShown(t *testing.T) {
	h := newHarness(t)
	p := store.Person{Name: "Bartholomew Quilliam-Zed", PreferredName: "Barty", Role: store.RoleServiceUser}
	if err := h.s.SavePerson(bg(), &p, nil); err != nil {
		t.Fatal(err)
	}
	h.press(h.keys().Global.People)
	ls := activeAs[*kit.ListScreen](h)
	h.press(h.keys().List.Filter)
	h.typeText("quilliam")
	if ls.List().Len() != 1 {
		t.Fatalf("finding by full name gives %d rows, want 1", ls.List().Len())
	}
	h.wantScreen("Barty")
	h.notScreen("Quilliam")
}

// personWithContacts finds someone with both a phone number and an email.
func personWithContacts(t *testing.T, h *harness) store.Person {
	t.Helper()
	people, err := h.s.People(bg())
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range people {
		p, err := h.s.Person(bg(), m.ID)
		if err != nil {
			t.Fatal(err)
		}
		if p.Phone != "" && p.Email != "" && p.Notes != "" && strings.Contains(p.DisplayName(), " ") {
			return p
		}
	}
	p := store.Person{Name: "Priya Example", Role: store.RoleCarer, Phone: "07700 900123", Email: "priya@example.org", Notes: "Needs a lift."}
	if err := h.s.SavePerson(bg(), &p, nil); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestPrivacyHidesContactsAndShowsInitials(t *testing.T) {
	h := newHarness(t)
	p := personWithContacts(t, h)
	name := p.DisplayName()
	h.press(h.keys().Global.People)
	ls := activeAs[*kit.ListScreen](h)
	if !ls.List().Select(p.ID) {
		t.Fatalf("%s is not in the People list", name)
	}
	h.press(h.keys().List.Open)
	activeAs[*PersonScreen](h)
	h.wantScreen(name, p.Phone, p.Email, p.Notes)

	h.press(h.keys().Global.Privacy)
	if !h.m.Common().Privacy {
		t.Fatal("ctrl+p did not turn the privacy screen on")
	}
	h.wantScreen("PRIVACY", store.Initials(name), "hidden while the privacy screen is on")
	h.notScreen(p.Phone, p.Email, p.Notes, name)

	// Lists show initials.
	h.press(h.keys().Global.Back)
	h.notScreen(name)
	first := ls.List().Shown(0)
	h.wantScreen(store.Initials(first.Cells[0]))
	for i := range min(ls.List().Len(), 10) {
		r := ls.List().Shown(i)
		if strings.Contains(r.Cells[0], " ") && strings.Contains(h.screen(), r.Cells[0]) {
			t.Errorf("the list shows %q with the privacy screen on", r.Cells[0])
		}
	}
	// Editing someone's details is refused while the room can see.
	h.press(h.keys().Record.Edit)
	if _, ok := h.active().(*kit.FormScreen); ok {
		t.Fatal("e opened the person form with the privacy screen on")
	}
	h.wantScreen("privacy screen is on")

	h.press(h.keys().Global.Privacy)
	h.notScreen("PRIVACY")
	h.wantScreen(first.Cells[0])
}

func TestMeetingScreen(t *testing.T) {
	h := newHarness(t)
	h.press(h.keys().Global.Meetings)
	ls := activeAs[*kit.ListScreen](h)
	held := findRow(t, ls.List(), func(r kit.Row) bool { return r.Cells[4] == store.MeetingHeld.Label() })
	h.press(h.keys().List.Open)
	ms := activeAs[*MeetingScreen](h)
	if ms.id != held.ID {
		t.Fatalf("opened %s, want %s", ms.id, held.ID)
	}
	m, err := h.s.Meeting(bg(), held.ID)
	if err != nil {
		t.Fatal(err)
	}
	reg, err := h.s.Register(bg(), held.ID)
	if err != nil {
		t.Fatal(err)
	}
	c := store.RegisterCounts(reg)
	h.wantScreen("When", kit.LongDate(m.Start), "Where", m.Venue, fmt.Sprintf("%d attended", c[store.Attended]), "Agenda", "Minutes")
	if m.Agenda != "" {
		if len(ms.rendered[0]) == 0 {
			t.Fatal("the agenda was not rendered")
		}
		h.notScreen("No agenda yet")
	}
	h.press(h.keys().Detail.SwitchPane)
	h.press(h.keys().Detail.SwitchPane)
	if ms.pane != 2 {
		t.Fatalf("pane %d after two ], want actions", ms.pane)
	}
	acts, err := h.s.MeetingActions(bg(), held.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(acts) > 0 {
		h.wantScreen(ansiCut(acts[0].Description, 20))
	}
}

// ansiCut is the first n runes of s, for text a column may cut short.
func ansiCut(s string, n int) string {
	r := []rune(s)
	return string(r[:min(n, len(r))])
}

// openRegister goes to Meetings, opens the latest meeting and its register.
func openRegister(t *testing.T, h *harness) (*RegisterScreen, string) {
	t.Helper()
	h.press(h.keys().Global.Meetings)
	ls := activeAs[*kit.ListScreen](h)
	row, ok := ls.List().Selected()
	if !ok {
		t.Fatal("no meeting under the cursor")
	}
	h.press(h.keys().List.Open)
	activeAs[*MeetingScreen](h)
	h.press(h.keys().Detail.Register)
	return activeAs[*RegisterScreen](h), row.ID
}

func countsLine(c map[store.Attendance]int) string {
	var parts []string
	for _, a := range store.AttendanceStatuses {
		parts = append(parts, fmt.Sprintf("%s %d", a.Label(), c[a]))
	}
	return strings.Join(parts, " · ")
}

func TestRegisterMarkAttended(t *testing.T) {
	h := newHarness(t)
	rs, meetingID := openRegister(t, h)
	before, err := h.s.Register(bg(), meetingID)
	if err != nil {
		t.Fatal(err)
	}
	c := store.RegisterCounts(before)
	h.wantScreen(countsLine(c))

	// Mark the first person who is not yet attended.
	var who store.RegisterEntry
	for _, e := range before {
		if e.Status != store.Attended {
			who = e
			break
		}
	}
	if !rs.list.Select(who.ID) {
		t.Fatalf("%s is not on the register list", who.DisplayName())
	}
	h.press(h.keys().Register.Attended)
	c[who.Status]--
	c[store.Attended]++
	h.wantScreen(countsLine(c), who.DisplayName()+": attended.")

	after, err := h.s.Register(bg(), meetingID)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range after {
		if e.ID == who.ID && e.Status != store.Attended {
			t.Fatalf("the store has %s as %q, want attended", who.DisplayName(), e.Status)
		}
	}
	if got := store.RegisterCounts(after); fmt.Sprint(got) != fmt.Sprint(c) {
		t.Errorf("the store counts %v, the screen %v", got, c)
	}

	// space after a mark by key takes attended off to confirmed; after
	// space marked them, space gives back what they were: a slip of the
	// space bar does not turn an apology into a confirmation.
	h.press(h.keys().Register.Toggle)
	h.wantScreen(who.DisplayName() + ": confirmed.")
	h.press(h.keys().Register.Apologies)
	h.press(h.keys().Register.Toggle)
	h.wantScreen(who.DisplayName() + ": attended.")
	h.press(h.keys().Register.Toggle)
	h.wantScreen(who.DisplayName() + ": apologies.")
	// It is remembered after leaving the register and coming back.
	h.press(h.keys().Register.Toggle)
	h.wantScreen(who.DisplayName() + ": attended.")
	h.press(h.keys().Global.Back)
	h.press(h.keys().Detail.Register)
	rs = activeAs[*RegisterScreen](h)
	if !rs.list.Select(who.ID) {
		t.Fatalf("%s is not on the register list", who.DisplayName())
	}
	h.press(h.keys().Register.Toggle)
	h.wantScreen(who.DisplayName() + ": apologies.")
	h.press(h.keys().Register.Clear)
	h.press(h.keys().Register.Toggle)
	h.press(h.keys().Register.Toggle)
	h.wantScreen(who.DisplayName() + " is off the register.")
	h.press(h.keys().Register.Apologies)
	h.press(h.keys().Register.Clear)
	h.wantScreen(who.DisplayName() + " is off the register.")
	after, err = h.s.Register(bg(), meetingID)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range after {
		if e.ID == who.ID && e.Status != "" {
			t.Fatalf("the store still has %s as %q", who.DisplayName(), e.Status)
		}
	}
}

func TestRegisterFindThenMark(t *testing.T) {
	h := newHarness(t)
	rs, meetingID := openRegister(t, h)
	e := rs.entries[len(rs.entries)-1]
	h.press(h.keys().List.Filter)
	h.typeText(strings.Fields(e.DisplayName())[0])
	h.press(h.keys().List.AcceptFilter)
	row, ok := rs.list.Selected()
	if !ok {
		t.Fatal("nothing found")
	}
	h.press(h.keys().Register.Attended)
	if rs.list.Filtered() {
		t.Error("the search stays after a mark; it should clear, ready for the next person")
	}
	reg, err := h.s.Register(bg(), meetingID)
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range reg {
		if x.ID == row.ID && x.Status != store.Attended {
			t.Fatalf("%s is %q in the store", x.DisplayName(), x.Status)
		}
	}
}

func TestRegisterAddSomeoneNew(t *testing.T) {
	h := newHarness(t)
	rs, meetingID := openRegister(t, h)
	n := len(rs.entries)
	// Not while the privacy screen is on: the name would be typed in view.
	h.press(h.keys().Global.Privacy)
	h.press(h.keys().Register.AddPerson)
	activeAs[*RegisterScreen](h)
	h.wantScreen("turn it off (ctrl+p) to add someone new")
	h.press(h.keys().Global.Privacy)
	h.press(h.keys().Register.AddPerson)
	f := activeAs[*kit.FormScreen](h)
	h.wantScreen("Someone new at")
	h.typeText("Zebedee Quinn")
	h.pressKey("enter") // to preferred name
	h.typeText("Zeb")
	h.pressKey("enter") // to role
	h.pressKey("enter") // to status (attended)
	h.pressKey("enter") // submit
	if h.active() == kit.Screen(f) {
		t.Fatalf("the form is still open:\n%s", h.screen())
	}
	activeAs[*RegisterScreen](h)
	h.wantScreen("Added Zeb to the register.", "Zeb")
	if len(rs.entries) != n+1 {
		t.Fatalf("the register has %d entries, want %d", len(rs.entries), n+1)
	}
	reg, err := h.s.Register(bg(), meetingID)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, e := range reg {
		if e.Name == "Zebedee Quinn" {
			found = true
			if e.Status != store.Attended || e.PreferredName != "Zeb" {
				t.Errorf("the store has %+v", e)
			}
		}
	}
	if !found {
		t.Fatal("Zebedee Quinn is not on the register in the store")
	}
	rs.list.Select(rs.entries[0].ID)
	for _, r := range rs.list.Rows() {
		if r.Cells[0] == "Zeb" && r.Cells[len(r.Cells)-1] != store.Attended.Label() {
			t.Errorf("Zeb's row says %v", r.Cells)
		}
	}
}

func TestCreateForumViaForm(t *testing.T) {
	h := newHarness(t)
	h.press(h.keys().Global.Forums)
	ls := activeAs[*kit.ListScreen](h)
	n := ls.List().Len()
	h.press(h.keys().Record.New)
	activeAs[*kit.FormScreen](h)
	h.wantScreen("New forum", "Name", "Purpose")
	h.typeText("Harbour Voices")
	h.pressKey("enter")
	h.typeText("Peer support by the sea.")
	h.pressKey("enter") // in a box of several lines, a new line
	h.typeText("Meets in the lifeboat station.")
	h.pressKey("tab")
	h.typeText("The Lifeboat Rooms")
	h.pressKey("enter")
	h.typeText("monthly, last Friday")
	h.pressKey("enter")
	h.pressKey("enter") // social: the default answer
	activeAs[*kit.ListScreen](h)
	h.wantScreen("Saved Harbour Voices.", "Harbour Voices")
	if ls.List().Len() != n+1 {
		t.Fatalf("the list has %d forums, want %d", ls.List().Len(), n+1)
	}
	f, err := h.s.ForumByName(bg(), "Harbour Voices")
	if err != nil {
		t.Fatal(err)
	}
	if f.Venue != "The Lifeboat Rooms" || f.Purpose != "Peer support by the sea.\nMeets in the lifeboat station." || f.Pattern != "monthly, last Friday" {
		t.Errorf("stored %+v", f)
	}
}

func TestFormRefusesBlankName(t *testing.T) {
	h := newHarness(t)
	h.press(h.keys().Global.Forums)
	h.press(h.keys().Record.New)
	f := activeAs[*kit.FormScreen](h)
	h.pressKey("enter")
	if h.active() != kit.Screen(f) || f.Form().GetFocusedField().GetKey() != "name" {
		t.Fatal("enter on an empty name moved on")
	}
	h.wantScreen(store.ValidateName("").Error())
}

// newPersonForm opens the New person form from People.
func newPersonForm(t *testing.T, h *harness) *kit.FormScreen {
	t.Helper()
	h.press(h.keys().Global.People)
	h.press(h.keys().Record.New)
	return activeAs[*kit.FormScreen](h)
}

func TestLiveValidationWhileTyping(t *testing.T) {
	h := newHarness(t)
	f := newPersonForm(t, h)
	h.typeText("Sam Test")
	for f.Form().GetFocusedField().GetKey() != "email" {
		h.pressKey("tab")
	}
	h.typeText("sam@")
	bad := store.ValidateEmail("sam@").Error()
	h.wantScreen("⚠", bad)
	h.typeText("example.org")
	h.notScreen("⚠", "does not look like an email")
	h.pressKey("backspace")
	h.pressKey("backspace")
	h.pressKey("backspace")
	h.pressKey("backspace")
	h.wantScreen("⚠", store.ValidateEmail("sam@example").Error())
}

func TestEscOnDirtyFormAsks(t *testing.T) {
	h := newHarness(t)
	f := newPersonForm(t, h)
	// A clean form closes at once.
	h.press(h.keys().Global.Back)
	if h.active() == kit.Screen(f) {
		t.Fatal("esc did not close a form with no changes")
	}
	h.notScreen("Leave this form?")

	f = newPersonForm(t, h)
	h.typeText("Half Typed")
	h.press(h.keys().Global.Back)
	activeAs[*kit.Confirm](h)
	h.wantScreen("Leave this form?", "will be lost")
	// No: back to the form, the text still there.
	h.press(h.keys().Confirm.No)
	if h.active() != kit.Screen(f) {
		t.Fatalf("n did not go back to the form: %T", h.active())
	}
	h.wantScreen("Half Typed")
	// Yes: the form closes unsaved.
	h.press(h.keys().Global.Back)
	h.press(h.keys().Confirm.Yes)
	activeAs[*kit.ListScreen](h)
	h.wantScreen("Not saved.")
	people, err := h.s.People(bg())
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range people {
		if p.Name == "Half Typed" {
			t.Fatal("a form left with esc saved its person")
		}
	}
}

func TestDeleteConfirmSaysWhatElseGoes(t *testing.T) {
	h := newHarness(t)
	h.press(h.keys().Global.Forums)
	ls := activeAs[*kit.ListScreen](h)
	row, _ := ls.List().Selected()
	imp, err := h.s.ForumImpact(bg(), row.ID)
	if err != nil {
		t.Fatal(err)
	}
	h.press(h.keys().Record.Delete)
	activeAs[*kit.Confirm](h)
	h.wantScreen("Delete the forum "+row.Cells[0]+"?", "also removes", fmt.Sprintf("%d meetings", imp.Meetings))
	h.press(h.keys().Confirm.No)
	activeAs[*kit.ListScreen](h)
	h.wantScreen("Nothing was changed.")
	if _, err := h.s.Forum(bg(), row.ID); err != nil {
		t.Fatalf("the forum went after no: %v", err)
	}

	// A person: the choice shown first says what goes and what is kept,
	// and why; yes erases them.
	h.press(h.keys().Global.People)
	pl := activeAs[*kit.ListScreen](h)
	prow, _ := pl.List().Selected()
	h.press(h.keys().Record.Delete)
	activeAs[*rights.EraseScreen](h)
	h.wantScreen("Forget "+prow.Cells[0], "(•) Erase", "Goes for good", "record of their details")
	h.press(h.keys().Confirm.Yes)
	activeAs[*kit.ListScreen](h)
	h.wantScreen("Erased " + prow.Cells[0] + ":")
	if _, err := h.s.Person(bg(), prow.ID); err != store.ErrNotFound {
		t.Fatalf("after yes, loading the person gives %v", err)
	}
	for _, r := range pl.List().Rows() {
		if r.ID == prow.ID {
			t.Fatal("the erased person is still in the list")
		}
	}
}

func TestHelpListsTheRealBindings(t *testing.T) {
	h := newHarness(t)
	h.press(h.keys().Global.Help)
	h.wantScreen("Keys for Dashboard")
	g := h.keys().Global
	for _, b := range []key.Binding{g.Dashboard, g.Forums, g.People, g.Meetings, g.NextTab, g.PrevTab, g.Privacy, g.Quit} {
		h.wantScreen(b.Help().Key + " ")
		h.wantScreen(b.Help().Desc)
	}
	for _, grp := range h.active().Help() {
		for _, b := range grp {
			h.wantScreen(b.Help().Desc)
		}
	}
	h.press(g.Help)
	h.notScreen("Keys for")

	// The register's help has every register key.
	openRegister(t, h)
	h.press(g.Help)
	r := h.keys().Register
	for _, b := range []key.Binding{r.Attended, r.Toggle, r.Confirmed, r.Apologies, r.Invited, r.DidNotAttend, r.Clear, r.AddPerson} {
		h.wantScreen(b.Help().Key, b.Help().Desc)
	}
	h.press(g.Back)
	h.notScreen("Keys for")

	// Remapped keys show in the help, and they are what works.
	h.keys().Register.Attended = kit.Bind("t", "here today", "t")
	h.press(g.Help)
	h.wantScreen("here today")
	if regexp.MustCompile(`(^|\s)a\s+attended(\s|$)`).MatchString(h.screen()) {
		t.Fatalf("the help still lists a for attended:\n%s", h.screen())
	}
	h.press(g.Help)
	rs := activeAs[*RegisterScreen](h)
	row, _ := rs.list.Selected()
	h.pressKey("a")
	if rs.entries[rs.index(row.ID)].Status == store.Attended {
		t.Fatal("the old key still marks attended after remapping")
	}
	h.press(h.keys().Register.Attended)
	if rs.entries[rs.index(row.ID)].Status != store.Attended {
		t.Fatal("the remapped key does not mark attended")
	}
}

func TestHelpFitsNarrowTerminal(t *testing.T) {
	h := newHarness(t, withSize(60, 24))
	openRegister(t, h)
	h.press(h.keys().Global.Help)
	for _, l := range h.lines() {
		if w := len([]rune(l)); w > 60 {
			t.Errorf("a line is %d wide: %q", w, l)
		}
	}
	h.wantScreen("take off register")
}

func TestTerminalTooSmall(t *testing.T) {
	h := newHarness(t)
	for _, sz := range [][2]int{{MinWidth - 1, 24}, {80, MinHeight - 1}, {20, 5}} {
		h.resize(sz[0], sz[1])
		h.wantScreen("Terminal too small", fmt.Sprintf("%d×%d", MinWidth, MinHeight), fmt.Sprintf("%d×%d", sz[0], sz[1]))
		if n := len(h.lines()); n != sz[1] {
			t.Errorf("at %dx%d the view has %d lines", sz[0], sz[1], n)
		}
	}
	h.resize(MinWidth, MinHeight)
	h.notScreen("Terminal too small")
	h.wantScreen("Next meetings")
	for _, l := range h.lines() {
		if w := len([]rune(l)); w > MinWidth {
			t.Errorf("at the minimum size a line is %d wide: %q", w, l)
		}
	}
}

func TestQuit(t *testing.T) {
	h := newHarness(t)
	h.press(h.keys().Global.Quit)
	if !h.quit {
		t.Fatal("q did not quit")
	}

	// With unsaved changes, q types into the form and ctrl+c asks first.
	h = newHarness(t)
	f := newPersonForm(t, h)
	h.typeText("Quentin")
	h.press(h.keys().Global.Quit)
	if h.quit {
		t.Fatal("q in a form quit")
	}
	if v, _ := f.Form().GetFocusedField().GetValue().(string); v != "Quentinq" {
		t.Fatalf("q in a text field should type q; the field holds %q", v)
	}
	h.press(h.keys().Global.ForceQuit)
	if h.quit {
		t.Fatal("ctrl+c with unsaved changes quit without asking")
	}
	h.wantScreen("Quit involve?")
	h.press(h.keys().Confirm.No)
	if h.active() != kit.Screen(f) || h.quit {
		t.Fatal("n did not go back to the form")
	}
	h.press(h.keys().Global.ForceQuit)
	h.press(h.keys().Confirm.Yes)
	if !h.quit {
		t.Fatal("yes did not quit")
	}
	// ctrl+c twice also quits.
	h2 := newHarness(t)
	newPersonForm(t, h2)
	h2.typeText("x")
	h2.press(h2.keys().Global.ForceQuit)
	h2.press(h2.keys().Global.ForceQuit)
	if !h2.quit {
		t.Fatal("ctrl+c twice did not quit")
	}
}

// At a question over a form with changes, q and the section keys are not
// answers: they neither quit nor leave; ctrl+c asks whether to quit.
func TestQuestionOverDirtyFormIsNotAnsweredByQ(t *testing.T) {
	h := newHarness(t)
	f := newPersonForm(t, h)
	h.typeText("Half Typed")
	h.press(h.keys().Global.Back)
	activeAs[*kit.Confirm](h)
	h.press(h.keys().Global.Quit)
	if h.quit {
		t.Fatal("q at \"Leave this form?\" quit the program and lost the form")
	}
	h.press(h.keys().Global.Dashboard)
	h.wantScreen("Leave this form?")
	// ctrl+c asks the quit question on top; a second ctrl+c means it.
	h.press(h.keys().Global.ForceQuit)
	if h.quit {
		t.Fatal("ctrl+c at a question over a dirty form quit without asking")
	}
	h.wantScreen("Quit involve?")
	h.press(h.keys().Confirm.No)
	h.wantScreen("Leave this form?")
	h.press(h.keys().Confirm.No)
	if h.active() != kit.Screen(f) {
		t.Fatalf("n did not go back to the form: %T", h.active())
	}
	h.wantScreen("Half Typed")
}

// A form shows details as they are: with the privacy screen on it is
// covered, keeps what was typed, takes no typing, and comes back after.
func TestPrivacyCoversAnOpenForm(t *testing.T) {
	h := newHarness(t)
	f := newPersonForm(t, h)
	h.typeText("Visible Name")
	h.press(h.keys().Global.Privacy)
	h.notScreen("Visible Name")
	h.wantScreen(kit.HiddenFormTitle, "form is hidden")
	if f.Title() != kit.HiddenFormTitle {
		t.Errorf("the breadcrumb names the form %q under the privacy screen", f.Title())
	}
	h.typeText("zz")
	h.press(h.keys().Global.Privacy)
	h.wantScreen("Visible Name")
	if v, _ := f.Form().GetFocusedField().GetValue().(string); v != "Visible Name" {
		t.Fatalf("typing under the privacy screen went into the hidden field: %q", v)
	}
	// esc still leaves it, asking first.
	h.press(h.keys().Global.Privacy)
	h.press(h.keys().Global.Back)
	h.wantScreen("Leave this form?")
}

// The dashboard drops a reply to an older request (lists do too: see
// kit's TestListScreenDropsStaleReplies).
func TestStaleRepliesAreDropped(t *testing.T) {
	h := newHarness(t)
	h.press(h.keys().Global.Dashboard)
	d := activeAs[*Dashboard](h)
	before := h.screen()
	h.send(dashboardMsg{to: d, gen: d.gen - 1})
	if h.screen() != before {
		t.Fatal("a stale dashboard reply changed the screen")
	}
}

func TestKeyMsgMatchesBindings(t *testing.T) {
	// The harness's key presses must read back as the keys bindings name.
	km := kit.DefaultKeyMap()
	for _, b := range []key.Binding{km.Global.Privacy, km.Global.PrevTab, km.List.Bottom, km.List.PageDown, km.Register.Toggle, km.Register.Clear, km.Global.Help, km.Global.Back} {
		for _, k := range b.Keys() {
			msg := keyMsg(t, k)
			if !key.Matches(msg, b) {
				t.Errorf("%q does not match its own binding", k)
			}
		}
	}
	if keyMsg(t, "ctrl+p") != (tea.KeyPressMsg{Code: 'p', Mod: tea.ModCtrl}) {
		t.Error("ctrl+p is not made as a terminal sends it")
	}
}

func TestRemoveMemberLeavesTheList(t *testing.T) {
	h := newHarness(t)
	h.press(h.keys().Global.Forums)
	h.press(h.keys().List.Open)
	fs := activeAs[*ForumScreen](h)
	n := fs.members.Len()
	row, _ := fs.members.Selected()
	h.press(h.keys().Detail.RemoveMember)
	h.wantScreen("Take " + row.Cells[0] + " off")
	h.press(h.keys().Confirm.Yes)
	if h.active() != kit.Screen(fs) {
		t.Fatalf("after yes the screen is %T", h.active())
	}
	h.wantScreen("Took " + row.Cells[0] + " off")
	members, err := h.s.ForumMembers(bg(), fs.id)
	if err != nil {
		t.Fatal(err)
	}
	if len(members) != n-1 {
		t.Fatalf("the store has %d members, want %d", len(members), n-1)
	}
	if fs.members.Len() != n-1 {
		t.Fatalf("the screen lists %d members after taking one off, want %d", fs.members.Len(), n-1)
	}
}

func TestDeleteActionLeavesTheList(t *testing.T) {
	h := newHarness(t)
	h.press(h.keys().Global.Meetings)
	ls := activeAs[*kit.ListScreen](h)
	var id string
	for _, r := range ls.List().Rows() {
		acts, err := h.s.MeetingActions(bg(), r.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(acts) > 0 {
			id = r.ID
			break
		}
	}
	if id == "" {
		t.Fatal("no meeting has actions")
	}
	ls.List().Select(id)
	h.press(h.keys().List.Open)
	ms := activeAs[*MeetingScreen](h)
	h.press(h.keys().Detail.SwitchPane)
	h.press(h.keys().Detail.SwitchPane)
	n := ms.actList.Len()
	h.press(h.keys().Record.Delete)
	h.wantScreen("Delete this action?")
	h.press(h.keys().Confirm.Yes)
	acts, err := h.s.MeetingActions(bg(), id)
	if err != nil {
		t.Fatal(err)
	}
	if len(acts) != n-1 {
		t.Fatalf("the store has %d actions, want %d", len(acts), n-1)
	}
	if ms.actList.Len() != n-1 {
		t.Fatalf("the screen has %d actions after deleting one, want %d", ms.actList.Len(), n-1)
	}
}

// The add-member picker offers only those who are not members yet.
func TestAddMemberOffersOnlyNonMembers(t *testing.T) {
	h := newHarness(t)
	h.press(h.keys().Global.Forums)
	h.press(h.keys().List.Open)
	fs := activeAs[*ForumScreen](h)
	members := map[string]bool{}
	for _, r := range fs.members.Rows() {
		members[r.ID] = true
	}
	h.press(h.keys().Detail.AddMember)
	p := activeAs[*kit.Picker](h)
	people, err := h.s.People(bg())
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(p.List().Rows()), len(people)-len(members); got != want {
		t.Errorf("the picker offers %d people, want the %d who are not members", got, want)
	}
	for _, r := range p.List().Rows() {
		if members[r.ID] {
			t.Errorf("the picker offers %s, a member already", r.Cells[0])
		}
	}
}

func TestEndSentence(t *testing.T) {
	for in, want := range map[string]string{
		"Saved Ayesha A..": "Saved Ayesha A.", "Saved Sam.": "Saved Sam.", "Loading...": "Loading...", "": "",
	} {
		if got := endSentence(in); got != want {
			t.Errorf("endSentence(%q) = %q, want %q", in, got, want)
		}
	}
}

// Help taller than the screen scrolls: every key can be read at 80×24.
func TestHelpScrollsWhenItDoesNotFit(t *testing.T) {
	h := newHarness(t, withSize(80, 24))
	openHeldMeeting(t, h)
	h.press(h.keys().Detail.Register)
	h.press(h.keys().Global.Help)
	h.wantScreen("Keys for Register", "↑/↓ and pgup/pgdn scroll")
	h.notScreen("previous section")
	h.press(h.keys().List.Bottom)
	h.wantScreen("previous section", "Press ? or esc to close")
	h.press(h.keys().List.Top)
	h.wantScreen("attended on/off")
	if strings.Count(h.screen(), "esc        back") > 1 {
		t.Error("esc back is listed twice")
	}
	h.press(h.keys().Global.Back)
	h.notScreen("Keys for Register")
}

// After adding someone, the cursor is on them in the list (not back at
// the top), ready to open them.
func TestNewPersonIsSelectedAfterSaving(t *testing.T) {
	h := newHarness(t)
	f := newPersonForm(t, h)
	h.typeText("Mm Middle Of The List")
	for i := 0; h.active() == kit.Screen(f); i++ {
		if i > 30 {
			t.Fatalf("the form does not finish:\n%s", h.screen())
		}
		h.pressKey("tab")
	}
	ls := activeAs[*kit.ListScreen](h)
	row, ok := ls.List().Selected()
	if !ok || row.Cells[0] != "Mm Middle Of The List" {
		t.Fatalf("the cursor is on %v, not the person just added", row.Cells)
	}
}

// g and G on the dashboard go to its first and last rows.
func TestDashboardTopAndBottom(t *testing.T) {
	h := newHarness(t)
	d := activeAs[*Dashboard](h)
	h.press(h.keys().List.Bottom)
	last := -1
	for i := len(d.lists) - 1; i >= 0 && last < 0; i-- {
		if d.lists[i].Len() > 0 {
			last = i
		}
	}
	if d.focus != last || d.lists[last].Cursor() != d.lists[last].Len()-1 {
		t.Fatalf("G: focus %d cursor %d, want list %d row %d", d.focus, d.lists[d.focus].Cursor(), last, d.lists[last].Len()-1)
	}
	h.press(h.keys().List.Top)
	if d.lists[d.focus].Cursor() != 0 || (d.focus > 0 && d.lists[0].Len() > 0) {
		t.Fatalf("g: focus %d cursor %d", d.focus, d.lists[d.focus].Cursor())
	}
}

// A message too long for one line is shown on two (over the screen's last
// line), not cut off; the screen keeps its height.
func TestLongStatusShowsInFull(t *testing.T) {
	h := newHarness(t, withSize(80, 24))
	msg := "Not added (n goes back to it): new-story.md:9: status: unknown status \"maybe\" (use draft, approved or published)"
	h.send(kit.StatusMsg{Text: msg, Err: true})
	screen := h.screen()
	if !strings.Contains(screen, "(use draft, approved or published)") {
		t.Fatalf("the end of the message is cut off:\n%s", screen)
	}
	if n := strings.Count(strings.TrimRight(screen, "\n"), "\n") + 1; n != 24 {
		t.Errorf("the screen has %d lines, want 24", n)
	}
	// A message a little too long to sit beside the hint is not cut
	// either, and a file's path breaks at its slashes.
	h.send(kit.StatusMsg{Text: "The privacy screen is on: turn it off (ctrl+p) to add someone new."})
	h.wantScreen("to add someone new.")
	path := "/tmp/involve-story-1812720051/new-story.md"
	h.send(kit.StatusMsg{Text: "Not added (n goes back to it): new-story.md:13: consent date: say when consent was given (the file is " + path + ")", Err: true})
	if !strings.Contains(strings.ReplaceAll(h.screen(), "\n", ""), "new-story.md)") {
		t.Fatalf("the end of the path is cut off:\n%s", h.screen())
	}
	// It goes at the next key, uncovering the screen's last line.
	h.press(h.keys().List.Down)
	h.notScreen("(use draft, approved or published)")
	h.send(kit.StatusMsg{Text: "Short."})
	h.wantScreen("Short.")
}

// A key pressed twice before its screen has opened (the data it needs was
// still loading) opens it once: no stale copy of a form underneath.
func TestDoublePressOpensOnce(t *testing.T) {
	h := newHarness(t)
	h.press(h.keys().Global.People)
	h.press(h.keys().List.Open)
	depth := len(h.m.stacks[h.m.sec])
	e := keyMsg(t, h.keys().Record.Edit.Keys()[0])
	_, first := h.m.Update(e)
	_, second := h.m.Update(e)
	h.run(first)
	h.run(second)
	if got := len(h.m.stacks[h.m.sec]); got != depth+1 {
		t.Fatalf("e e opened %d screens, want 1", got-depth)
	}
	activeAs[*kit.FormScreen](h)
}

// ctrl+c twice in quick succession quits, even when the second comes before
// the "Quit involve?" question is on screen.
func TestCtrlCTwiceQuickly(t *testing.T) {
	h := newHarness(t)
	newPersonForm(t, h)
	h.typeText("x")
	c := keyMsg(t, h.keys().Global.ForceQuit.Keys()[0])
	_, first := h.m.Update(c)
	_, second := h.m.Update(c)
	h.run(first)
	h.run(second)
	if !h.quit {
		t.Fatal("ctrl+c ctrl+c did not quit")
	}
	// Answering no clears it: a later single ctrl+c asks again.
	h = newHarness(t)
	newPersonForm(t, h)
	h.typeText("x")
	h.press(h.keys().Global.ForceQuit)
	h.press(h.keys().Confirm.No)
	h.press(h.keys().Global.ForceQuit)
	if h.quit {
		t.Fatal("after no, one ctrl+c quit without asking")
	}
	h.wantScreen("Quit involve?")
}

// When the dashboard's lists do not all fit (a short terminal, or the
// accessible mode's line under each list), the focused one stays in view:
// G shows the last list, people's rights, not a screen cut off above it.
func TestDashboardKeepsTheFocusedListInView(t *testing.T) {
	for _, tc := range []struct {
		name       string
		accessible bool
		w, h       int
	}{{"short", false, 80, 16}, {"accessible", true, 80, 24}, {"accessible-tall", true, 120, 40}} {
		t.Run(tc.name, func(t *testing.T) {
			var h *harness
			if tc.accessible {
				h, _ = accessibleHarness(t, withSize(tc.w, tc.h))
			} else {
				h = newHarness(t, withSize(tc.w, tc.h))
			}
			d := activeAs[*Dashboard](h)
			if !d.laterSeen {
				t.Fatal("the people's rights panel has not loaded")
			}
			h.press(h.keys().List.Bottom)
			last := d.lists[d.focus]
			row, _ := last.Selected()
			h.wantScreen(d.titles[d.focus], row.Cells[0])
			checkFits(t, h)
			h.press(h.keys().List.Top)
			h.wantScreen(d.titles[0])
			checkFits(t, h)
		})
	}
}

// A list with one row says "1 row." to a screen reader, not "1 rows.".
func TestAccessibleOneRow(t *testing.T) {
	h, _ := accessibleHarness(t, withSize(120, 40))
	activeAs[*Dashboard](h)
	h.notScreen("1 rows.")
}
