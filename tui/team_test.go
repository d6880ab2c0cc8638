package tui

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"charm.land/bubbles/v2/key"

	"github.com/involve/involve/civil"
	"github.com/involve/involve/store"
	"github.com/involve/involve/tui/kit"
	"github.com/involve/involve/tui/rights"
)

// teamDB is a copy of the small demo with a meeting of the first forum
// today (10 March 2026, 18:30 London) with Ann Example on its register.
func teamDB(t *testing.T) (path string, today store.Meeting) {
	t.Helper()
	path = copyOfSmallDemo(t, t.TempDir())
	s := openStore(t, path)
	defer s.Close()
	forums, err := s.Forums(bg())
	if err != nil || len(forums) == 0 {
		t.Fatal(err)
	}
	start := time.Date(2026, 3, 10, 18, 30, 0, 0, store.London)
	today = store.Meeting{ForumID: forums[0].ID, Start: start, End: start.Add(2 * time.Hour), Venue: "Town Hall", Minutes: "Private minutes."}
	if err := s.SaveMeeting(bg(), &today); err != nil {
		t.Fatal(err)
	}
	p := store.Person{Name: "Ann Example", Phone: "07700 900123"}
	if err := s.AddToRegister(bg(), today.ID, &p, store.Confirmed); err != nil {
		t.Fatal(err)
	}
	return path, today
}

// The header of each role shows only its sections; the keys of the others
// do nothing.
func TestEachRoleSeesItsSections(t *testing.T) {
	path, _ := teamDB(t)
	for _, c := range []struct {
		role   store.TeamRole
		tabs   string
		hidden []string
		top    string
	}{
		{store.TeamCoordinator, "1 Dashboard", nil, "Dashboard"},
		{store.TeamFinance, "5 Money", []string{"Dashboard", "People", "Stories", "Influence"}, "Money"},
		{store.TeamDoor, "4 Today", []string{"Dashboard", "People", "Money", "Meetings", "Influence"}, "Today's meetings"},
		{store.TeamReader, "", []string{"Dashboard", "People", "Money", "Influence"}, "Reading mode"},
	} {
		t.Run(string(c.role), func(t *testing.T) {
			h := newHarness(t, withDatabase(path), withActor(store.Actor{Name: "Sam", Role: c.role}))
			if h.active().Title() != c.top {
				t.Errorf("%s starts on %q", c.role, h.active().Title())
			}
			head := h.lines()[0]
			if !strings.Contains(head, c.tabs) {
				t.Errorf("%s's header: %q", c.role, head)
			}
			for _, x := range c.hidden {
				if strings.Contains(head, x) {
					t.Errorf("%s's header shows %s: %q", c.role, x, head)
				}
			}
			if c.role == store.TeamCoordinator {
				return
			}
			was := h.active()
			// The dashboard (with its annual report and audit trail),
			// People (with its rights screens) and Influence are the
			// coordinator's.
			for _, b := range []string{"1", "2", "3", "7", "tab", "shift+tab", "y", "T", "R", "V", "X"} {
				h.pressKey(b)
				if h.active() != was {
					t.Fatalf("%s pressed %s and left for %q", c.role, b, h.active().Title())
				}
			}
			h.notScreen("is for the")
		})
	}
}

// A door volunteer's app: today's meetings; the register of one, where
// they sign people in and add someone new; no contact details, money or
// minutes anywhere.
func TestDoorVolunteerApp(t *testing.T) {
	path, today := teamDB(t)
	h := newHarness(t, withDatabase(path), withActor(store.Actor{Name: "Dee", Role: store.TeamDoor}))
	ls := activeAs[*kit.ListScreen](h)
	findRow(t, ls.List(), func(r kit.Row) bool { return r.ID == today.ID })
	h.wantScreen("18:30", "19 expected")
	h.press(h.keys().List.Open)
	reg := activeAs[*RegisterScreen](h)
	h.wantScreen("Ann Example", "Confirmed")
	findRow(t, reg.list, func(r kit.Row) bool { return r.ID != "" && strings.Contains(r.Cells[0], "Ann") })
	h.press(h.keys().Register.Attended)
	h.notScreen("is for the")
	s := openStore(t, path)
	defer s.Close()
	entries, err := s.Register(bg(), today.ID)
	if err != nil {
		t.Fatal(err)
	}
	signed := false
	for _, e := range entries {
		signed = signed || (e.Name == "Ann Example" && e.Status == store.Attended)
	}
	if !signed {
		t.Errorf("Ann is not signed in: %+v", entries)
	}
	h.notScreen("07700", "Private minutes", "£")
	// Someone new, by name.
	h.press(h.keys().Register.AddPerson)
	h.typeText("Bo New")
	h.wantScreen("Someone new")
	h.notScreen("Phone", "Email", "notes")
	trail, err := s.Audit(bg(), store.AuditFilter{Who: "Dee"})
	if err != nil || len(trail) == 0 || trail[0].Op != "SetAttendance" || trail[0].Role != store.TeamDoor {
		t.Errorf("the trail of Dee's sign-in: %+v, %v", trail, err)
	}
}

// A change saved in one session shows in another's open list: the app
// hears of it from the store and reads the list again.
func TestLiveChangeReloadsTheOpenList(t *testing.T) {
	path, today := teamDB(t)
	coord := newHarness(t, withDatabase(filepath.Clean(path)), withActor(store.Actor{Name: "Cora", Role: store.TeamCoordinator}))
	coord.m.changes, coord.m.stop = coord.s.Changes()
	defer coord.m.Close()
	// The coordinator has the meeting's register open.
	coord.press(coord.keys().Global.Meetings)
	ls := activeAs[*kit.ListScreen](coord)
	findRow(t, ls.List(), func(r kit.Row) bool { return r.ID == today.ID })
	coord.press(coord.keys().List.Open)
	coord.press(coord.keys().Detail.Register)
	activeAs[*RegisterScreen](coord)
	coord.wantScreen("Ann Example", "Confirmed")

	// The door volunteer, on the same store, signs Ann in.
	door, err := coord.s.As(bg(), store.Actor{Name: "Dee", Role: store.TeamDoor})
	if err != nil {
		t.Fatal(err)
	}
	entries, err := door.Register(bg(), today.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.Name == "Ann Example" {
			if err := door.SetAttendance(bg(), today.ID, e.ID, store.Attended); err != nil {
				t.Fatal(err)
			}
		}
	}
	coord.run(coord.m.nextChange(0))
	reg := activeAs[*RegisterScreen](coord)
	found := false
	for _, e := range reg.entries {
		if e.Name == "Ann Example" {
			found = e.Status == store.Attended
		}
	}
	if !found {
		t.Errorf("the coordinator's register did not reload:\n%s", coord.screen())
	}
	coord.m.Close()
	if msg := coord.m.nextChange(0)(); msg != nil {
		t.Errorf("after Close the app still waits for changes: %v", msg)
	}
}

// Golden screens of a door volunteer's app: today's meetings, and a
// register opened from them.
func TestGoldenDoor(t *testing.T) {
	t.Setenv("NO_COLOR", "")
	path, today := teamDB(t)
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		h := newHarness(t, withDatabase(path), withSize(size[0], size[1]), withActor(store.Actor{Name: "Dee", Role: store.TeamDoor}))
		name := func(s string) string { return s + "-" + strings.Join([]string{itoa(size[0]), itoa(size[1])}, "x") }
		checkFits(t, h)
		checkGolden(t, name("door-today"), goldenText(t, h))
		findRow(t, activeAs[*kit.ListScreen](h).List(), func(r kit.Row) bool { return r.ID == today.ID })
		h.press(h.keys().List.Open)
		activeAs[*RegisterScreen](h)
		checkFits(t, h)
		checkGolden(t, name("door-register"), goldenText(t, h))
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// Finance goes through every pane of the Money section, opens a ledger
// and starts a claim, and is refused nothing on the way.
func TestFinanceWalksTheMoneySection(t *testing.T) {
	path, _ := teamDB(t)
	h := newHarness(t, withDatabase(path), withActor(store.Actor{Name: "Fin", Role: store.TeamFinance}))
	ms := activeAs[*MoneyScreen](h)
	for range 4 {
		h.press(h.keys().Detail.SwitchPane)
		h.notScreen("is for the", "signed in as")
	}
	for ms.pane != paneLedger {
		h.press(h.keys().Detail.SwitchPane)
	}
	h.press(h.keys().List.Open)
	activeAs[*PersonLedgerScreen](h)
	h.notScreen("is for the", "signed in as")
	h.press(h.keys().Global.Back)
	for ms.pane != paneClaims {
		h.press(h.keys().Detail.SwitchPane)
	}
	h.press(h.keys().Record.New)
	h.notScreen("is for the", "signed in as")
	h.press(h.keys().List.Choose)
	h.notScreen("is for the", "signed in as")
}

// Finance records a fixed fee: the form suggests the fixed-fee rate of the
// day, and nothing on the way is refused.
func TestFinanceRecordsAFixedFee(t *testing.T) {
	path, _ := teamDB(t)
	member := aMember(t, newHarness(t, withDatabase(path))) // found as the coordinator
	h := newHarness(t, withDatabase(path), withActor(store.Actor{Name: "Fin", Role: store.TeamFinance}))
	f := newFixedFee(t, h, member)
	h.notScreen("is for the", "signed in as")
	if sg, ok := f.Form().GetFocusedField().(*kit.Suggested); !ok || !sg.Pending() {
		t.Errorf("the fee suggests no rate for finance:\n%s", h.screen())
	}
	h.wantScreen("The fixed-fee rate on")
}

// A reader opens a story in reading mode and reads it: nothing refused.
func TestReaderReadsAStory(t *testing.T) {
	path, _ := teamDB(t)
	s := openStore(t, path)
	seedStories(t, s)
	s.Close()
	h := newHarness(t, withDatabase(path), withActor(store.Actor{Name: "Rae", Role: store.TeamReader}))
	findCard(t, activeAs[*ReadingMode](h), stHill)
	h.press(h.keys().List.Open)
	h.press(h.keys().Stories.GoOn)
	activeAs[*ReaderScreen](h)
	h.notScreen("is for the", "signed in as")
	h.wantScreen("The path up the mountain")
	// A reader's reading at a forum counts in the annual report, and the
	// audit trail says nothing of who read it.
	owner := openStore(t, path)
	defer owner.Close()
	day := civil.In(fixedNow, store.London)
	if n, _, err := owner.StoryReadings(bg(), day, day); err != nil || n != 1 {
		t.Errorf("%d stories read today (%v), want 1", n, err)
	}
	trail, err := owner.Audit(bg(), store.AuditFilter{Who: "Rae"})
	if err != nil || len(trail) != 0 {
		t.Errorf("the trail of the reader: %+v, %v", trail, err)
	}
}

// A change saved in one session reloads the new sections' lists open in
// another: the Influence section's panes, and the requests about data.
func TestLiveChangeReloadsTheNewSections(t *testing.T) {
	path, _ := teamDB(t)
	coord := newHarness(t, withDatabase(path), withActor(store.Actor{Name: "Cora", Role: store.TeamCoordinator}))
	// Each change is heard on a subscription of its own: the wait for the
	// next change that the harness gave up on ends with the one before.
	listen := func() {
		coord.m.Close()
		coord.m.changes, coord.m.stop = coord.s.Changes()
	}
	listen()
	defer coord.m.Close()
	other, err := coord.s.As(bg(), store.Actor{Name: "Kit", Role: store.TeamCoordinator})
	if err != nil {
		t.Fatal(err)
	}
	forums, err := other.Forums(bg())
	if err != nil || len(forums) == 0 {
		t.Fatal(err)
	}

	// Officers' contacts: another coordinator logs one.
	sec := influencePane(t, coord, paneContacts)
	before := len(sec.Shown().List().Rows())
	c := store.Contact{Kind: store.ContactVisit, Date: civil.In(fixedNow, store.London), OfficerName: "Rosalind Okoro",
		Organisation: "City Council", ForumIDs: []string{forums[0].ID}}
	if err := other.SaveContact(bg(), &c); err != nil {
		t.Fatal(err)
	}
	coord.run(coord.m.nextChange(0))
	if got := len(sec.Shown().List().Rows()); got != before+1 {
		t.Errorf("the contacts pane has %d rows after another session logged one, want %d:\n%s", got, before+1, coord.screen())
	}
	coord.wantScreen("Rosalind Okoro")

	// Training: another coordinator adds a session.
	for sec.PaneName() != paneTraining {
		coord.press(coord.keys().Detail.SwitchPane)
	}
	coord.wantScreen("Training (")
	listen()
	ts := store.TrainingSession{Title: "Recovery-focused practice", Programme: "Nursing", Profession: store.ProfNursing,
		Kind: store.TrainingTeaching, Date: civil.In(fixedNow, store.London), Learners: 12}
	if err := other.SaveTrainingSession(bg(), &ts); err != nil {
		t.Fatal(err)
	}
	coord.run(coord.m.nextChange(0))
	coord.wantScreen("Recovery-focused practice")

	// Requests about data, from People.
	coord.press(coord.keys().Global.People)
	coord.press(coord.keys().Rights.Requests)
	ls := activeAs[*kit.ListScreen](coord)
	before = ls.List().Len()
	people, err := other.People(bg())
	if err != nil || len(people) == 0 {
		t.Fatal(err)
	}
	listen()
	r := store.AccessRequest{PersonID: people[0].ID, Kind: store.RequestAccess, Received: civil.In(fixedNow, store.London)}
	if err := other.SaveRequest(bg(), &r); err != nil {
		t.Fatal(err)
	}
	coord.run(coord.m.nextChange(0))
	if got := ls.List().Len(); got != before+1 {
		t.Errorf("the requests list has %d rows after another session recorded one, want %d:\n%s", got, before+1, coord.screen())
	}
}

// Over SSH nothing is written on the server: a meeting's page offers no
// calendar file and what we hold about someone no file either, and their
// keys do nothing.
func TestRemoteSessionWritesNoFile(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	h := newHarness(t, withRemote())
	h.m.Common().ExportDir = dir
	h.press(h.keys().Global.Meetings)
	h.press(h.keys().List.Open)
	activeAs[*MeetingScreen](h)
	h.notScreen("calendar file")
	h.pressKey("c")
	for _, b := range allHelp(h) {
		if strings.Contains(b.Help().Desc, "calendar") {
			t.Errorf("the meeting's keys over SSH include %q", b.Help().Desc)
		}
	}
	h.press(h.keys().Global.People)
	h.press(h.keys().List.Open)
	activeAs[*PersonScreen](h)
	h.press(h.keys().Rights.Export)
	activeAs[*rights.ExportScreen](h)
	h.pressKey("w")
	activeAs[*rights.ExportScreen](h)
	for _, b := range allHelp(h) {
		if strings.Contains(b.Help().Desc, "write to a file") {
			t.Errorf("what we hold over SSH offers %q", b.Help().Desc)
		}
	}
	if files, _ := os.ReadDir(dir); len(files) != 0 {
		t.Errorf("a session over SSH wrote %v", files)
	}
	// Written all the same (a key remapped onto it), it is refused.
	if msg := writeMeetingCalendar(h.m.Common(), "x")(); !strings.Contains(fmt.Sprint(msg), "written on the server") {
		t.Errorf("the calendar over SSH: %v", msg)
	}
}

func allHelp(h *harness) []key.Binding {
	var out []key.Binding
	for _, g := range h.active().Help() {
		out = append(out, g...)
	}
	return out
}
