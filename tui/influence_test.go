package tui

// The Influence section (tui/influence) as the coordinator reaches it: key
// 7, a forum's page (o) and a person's page (h), and what it changes on the
// dashboard. These tests let a Cmd run as long as testtime allows (the
// harness's own limit is short), so a busy machine does not drop one.

import (
	"fmt"
	"strings"
	"testing"

	"github.com/involve/involve/civil"
	"github.com/involve/involve/internal/testtime"
	"github.com/involve/involve/store"
	"github.com/involve/involve/tui/influence"
	"github.com/involve/involve/tui/kit"
)

// The Influence section's panes, by name.
const (
	paneContacts = "Officers' contacts"
	paneTraining = "Training"
)

// influencePane opens the Influence section on the pane named.
func influencePane(t *testing.T, h *harness, name string) *influence.Section {
	t.Helper()
	h.press(h.keys().Global.Influence)
	sec := activeAs[*influence.Section](h)
	for range 5 {
		if sec.PaneName() == name {
			return sec
		}
		h.press(h.keys().Detail.SwitchPane)
	}
	t.Fatalf("the Influence section has no pane %q:\n%s", name, h.screen())
	return nil
}

// newInfluenceHarness is newHarness with Cmds given testtime's limit.
func newInfluenceHarness(t *testing.T, opts ...harnessOpt) *harness {
	t.Helper()
	h := newHarness(t, opts...)
	h.timeout = testtime.Limit(t, testtime.Wait)
	return h
}

// influenceGolden are the section's screens, reached from a fresh app.
var influenceGolden = []struct {
	name string
	go_  func(t *testing.T, h *harness)
}{
	{"influence-contacts", func(t *testing.T, h *harness) { influencePane(t, h, paneContacts) }},
	{"influence-training", func(t *testing.T, h *harness) { influencePane(t, h, paneTraining) }},
	{"influence-contact", func(t *testing.T, h *harness) { openLoggedContact(t, h) }},
	{"influence-session", func(t *testing.T, h *harness) { openPastSession(t, h) }},
	{"influence-session-feedback", func(t *testing.T, h *harness) {
		openPastSession(t, h)
		h.press(h.keys().Detail.SwitchPane)
		h.press(h.keys().Detail.SwitchPane)
	}},
	{"influence-forum-contacts", func(t *testing.T, h *harness) {
		h.press(h.keys().Global.Forums)
		h.press(h.keys().List.Open)
		activeAs[*ForumScreen](h)
		h.press(h.keys().Influence.OfficerContacts)
		activeAs[*kit.ListScreen](h)
	}},
	{"influence-history", func(t *testing.T, h *harness) {
		openPerson(t, h, mostInvolved(t, h))
		h.press(h.keys().Influence.History)
		activeAs[*influence.HistoryScreen](h)
	}},
	{"influence-privacy", func(t *testing.T, h *harness) {
		h.press(h.keys().Global.Privacy)
		openPastSession(t, h)
	}},
}

func TestGoldenInfluence(t *testing.T) {
	t.Setenv("NO_COLOR", "")
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		for _, sc := range influenceGolden {
			name := fmt.Sprintf("%s-%dx%d", sc.name, size[0], size[1])
			t.Run(name, func(t *testing.T) {
				h := newInfluenceHarness(t, withSize(size[0], size[1]))
				sc.go_(t, h)
				got := goldenText(t, h)
				// QA of main: the session's Feedback pane drew a
				// co-trainer's line wider than the screen, and the root
				// cut it to a stray "…".
				checkFits(t, h)
				checkGolden(t, name, got)
			})
		}
	}
}

// openLoggedContact opens the latest logged contact (one with commitments).
func openLoggedContact(t *testing.T, h *harness) *influence.ContactScreen {
	t.Helper()
	influencePane(t, h, paneContacts)
	cs, err := h.s.Contacts(bg(), store.ContactFilter{Logged: true})
	if err != nil || len(cs) == 0 {
		t.Fatalf("no logged contact in the demo: %v", err)
	}
	var id string
	for _, c := range cs {
		if c.Open > 0 {
			id = c.ID
			break
		}
	}
	if id == "" {
		id = cs[0].ID
	}
	selectInSection(t, h, id)
	h.press(h.keys().List.Open)
	return activeAs[*influence.ContactScreen](h)
}

// selectInSection puts the cursor of the Influence pane shown on a row.
func selectInSection(t *testing.T, h *harness, id string) {
	t.Helper()
	last := ""
	for {
		cur := h.selectedRowID()
		if cur == id {
			return
		}
		if cur == last {
			break // the end of the list
		}
		last = cur
		h.press(h.keys().List.Down)
	}
	t.Fatalf("row %s not found in the pane:\n%s", id, h.screen())
}

// selectedRowID is the id of the row under the Influence pane's cursor.
func (h *harness) selectedRowID() string {
	row, _ := activeAs[*influence.Section](h).Selected()
	return row.ID
}

// openPastSession opens the latest session already held that has
// co-trainers.
func openPastSession(t *testing.T, h *harness) *influence.TrainingScreen {
	t.Helper()
	list, err := h.s.TrainingSessions(bg(), store.TrainingFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var id string
	for _, s := range list {
		if !s.Date.After(civil.In(fixedNow, store.London)) && s.Trainers > 0 {
			id = s.ID
			break
		}
	}
	if id == "" {
		t.Fatal("no session held with co-trainers in the demo")
	}
	influencePane(t, h, paneTraining)
	selectInSection(t, h, id)
	h.press(h.keys().List.Open)
	return activeAs[*influence.TrainingScreen](h)
}

// mostInvolved is a person who co-delivered training and attended meetings.
func mostInvolved(t *testing.T, h *harness) string {
	t.Helper()
	sessions, err := h.s.TrainingSessions(bg(), store.TrainingFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range sessions {
		trainers, err := h.s.Trainers(bg(), s.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, tr := range trainers {
			if inv, _ := h.s.PersonInvolvement(bg(), tr.PersonID); inv.Meetings > 0 {
				return tr.PersonID
			}
		}
	}
	t.Fatal("nobody in the demo both attended and co-delivered")
	return ""
}

func openPerson(t *testing.T, h *harness, id string) *PersonScreen {
	t.Helper()
	h.press(h.keys().Global.People)
	ls := activeAs[*kit.ListScreen](h)
	if !ls.List().Select(id) {
		t.Fatalf("%s is not in the People list", id)
	}
	h.press(h.keys().List.Open)
	return activeAs[*PersonScreen](h)
}

// A senior officer marked attended on a meeting's register is a contact:
// the forum's page says it last met one on that day, and the dashboard no
// longer lists the forum.
func TestRegisterAttendanceIsAnOfficerContact(t *testing.T) {
	h := newInfluenceHarness(t, withSize(120, 40))
	// A forum past the target, its latest meeting held, and a new senior
	// officer on its register.
	fcs, err := h.s.OfficerContacts(bg())
	if err != nil {
		t.Fatal(err)
	}
	var forum store.ForumContact
	for _, f := range fcs {
		if f.Over {
			forum = f
			break
		}
	}
	if forum.ForumID == "" {
		t.Fatal("no forum past the target in the demo")
	}
	ms, err := h.s.ForumMeetings(bg(), forum.ForumID)
	if err != nil {
		t.Fatal(err)
	}
	var held store.MeetingSummary
	for _, m := range ms {
		if m.Status == store.MeetingHeld {
			held = m
			break
		}
	}
	officer := store.Person{Name: "Rosalind Okoro", Role: store.RoleSeniorOfficer}
	if err := h.s.SavePerson(bg(), &officer, nil); err != nil {
		t.Fatal(err)
	}
	if err := h.s.SetAttendance(bg(), held.ID, officer.ID, store.Invited); err != nil {
		t.Fatal(err)
	}
	h.press(h.keys().Global.Dashboard)
	h.wantScreen(forum.ForumName)

	h.press(h.keys().Global.Forums)
	ls := activeAs[*kit.ListScreen](h)
	ls.List().Select(forum.ForumID)
	h.press(h.keys().List.Open)
	fs := activeAs[*ForumScreen](h)
	h.wantScreen("past the 3-month target")
	h.press(h.keys().Detail.SwitchPane)
	fs.meetings.Select(held.ID)
	h.press(h.keys().Detail.Register)
	rs := activeAs[*RegisterScreen](h)
	if !rs.list.Select(officer.ID) {
		t.Fatalf("the officer is not on the register:\n%s", h.screen())
	}
	h.press(h.keys().Register.Attended)
	h.press(h.keys().Global.Back)
	activeAs[*ForumScreen](h)
	day := held.Start.In(store.London).Format("2 Jan 2006")
	h.wantScreen("last met on " + day)
	h.notScreen("past the 3-month target")

	h.press(h.keys().Influence.OfficerContacts)
	h.wantScreen("Senior officers — "+forum.ForumName, "Rosalind Okoro", "Meeting")
	h.press(h.keys().Global.Dashboard)
	d := activeAs[*Dashboard](h)
	for _, r := range d.lists[3].Rows() {
		if r.ID == forum.ForumID {
			t.Errorf("the dashboard still lists %s as past the target", forum.ForumName)
		}
	}
}

// A contact logged in the section, with a commitment due within the
// fortnight, shows among the dashboard's actions, and opens on the
// contact's page.
func TestLoggedContactCommitmentOnDashboard(t *testing.T) {
	h := newInfluenceHarness(t, withSize(120, 40))
	influencePane(t, h, paneContacts)
	h.press(h.keys().Record.New)
	activeAs[*kit.FormScreen](h)
	h.wantScreen("Log a senior officer's contact")
	h.pressKey("enter") // kind: visit
	h.pressKey("enter") // date: today
	h.pressKey("end")   // officer: someone not in People (the last option)
	h.pressKey("enter")
	h.typeText("Dr Helen Marsh")
	h.pressKey("enter")
	h.typeText("Director of Public Health")
	h.pressKey("enter")
	h.typeText("City Council")
	h.pressKey("enter")
	h.pressKey("space") // the first forum
	h.pressKey("enter")
	h.typeText("Naloxone in hostels")
	h.pressKey("tab") // save
	h.wantScreen("Saved the contact of 10 Mar 2026.")
	cs, err := h.s.Contacts(bg(), store.ContactFilter{Logged: true, From: civil.MustParse("2026-03-10")})
	if err != nil || len(cs) != 1 || cs[0].OfficerName != "Dr Helen Marsh" || cs[0].Organisation != "City Council" ||
		len(cs[0].ForumIDs) != 1 || cs[0].Topics != "Naloxone in hostels" {
		t.Fatalf("the contact saved: %+v, %v", cs, err)
	}
	if got := h.selectedRowID(); got != cs[0].ID {
		t.Errorf("the cursor is on %q, not the contact just logged", got)
	}
	h.press(h.keys().List.Open)
	activeAs[*influence.ContactScreen](h)
	h.wantScreen("Dr Helen Marsh", "Director of Public Health", "Naloxone in hostels")
	h.press(h.keys().Influence.AddCommitment)
	h.wantScreen("New commitment")
	h.typeText("Write to the forum about naloxone")
	h.pressKey("enter")
	h.pressKey("enter")      // who: the officer, as offered
	h.typeText("2025-09-01") // overdue: first on the dashboard
	h.pressKey("enter")
	h.pressKey("enter") // not done: save
	h.wantScreen("Saved the commitment.", "Commitments (1 open)", "Write to the forum about naloxone")

	h.press(h.keys().Global.Dashboard)
	d := activeAs[*Dashboard](h)
	found := false
	for i, r := range d.lists[1].Rows() {
		if r.Cells[1] == "Write to the forum about naloxone" {
			found = true
			if r.Cells[2] != "Dr Helen Marsh" || r.Cells[3] != "Visit, Dr Helen Marsh" {
				t.Errorf("the commitment on the dashboard: %v", r.Cells)
			}
			d.focus = 1
			d.lists[1].SetCursor(i)
		}
	}
	if !found {
		t.Fatalf("the commitment is not on the dashboard:\n%s", h.screen())
	}
	h.press(h.keys().List.Open)
	activeAs[*influence.ContactScreen](h)
	h.wantScreen("Visit, 10 Mar 2026")
}

// A co-trainer added with hours is paid: the payment is recorded through
// the payments API and shows in their ledger.
func TestCoTrainerHoursArePaid(t *testing.T) {
	h := newInfluenceHarness(t, withSize(120, 40))
	openPastSession(t, h)
	// Someone with lived experience not yet on it.
	people, err := h.s.People(bg())
	if err != nil {
		t.Fatal(err)
	}
	sess := h.active().(*influence.TrainingScreen)
	sessions, _ := h.s.TrainingSessions(bg(), store.TrainingFilter{})
	var session store.TrainingSession
	for _, s := range sessions {
		if s.Title == sess.Title() {
			session = s
		}
	}
	on, _ := h.s.Trainers(bg(), session.ID)
	taken := map[string]bool{}
	for _, tr := range on {
		taken[tr.PersonID] = true
	}
	var who store.Member
	for _, p := range people {
		if !taken[p.ID] && p.Role == store.RoleCarer && !strings.Contains(p.DisplayName(), ".") {
			who = p
			break
		}
	}
	h.press(h.keys().Influence.AddTrainer)
	h.wantScreen("Who co-delivered")
	h.typeText(who.DisplayName())
	h.press(h.keys().List.AcceptFilter) // keeps the find…
	h.press(h.keys().List.Choose)       // …and chooses
	h.wantScreen("Co-trainer: " + who.DisplayName())
	h.pressKey("enter") // briefed: yes
	h.pressKey("enter") // debriefed
	h.typeText("1.5")
	h.pressKey("enter")
	h.typeText("3")
	h.pressKey("enter")
	h.typeText("Felt listened to")
	h.pressKey("tab")
	h.pressKey("enter") // pay now: yes
	if _, ok := h.active().(*kit.Confirm); ok {
		h.wantScreen("This payment would cross a threshold")
		h.press(h.keys().Confirm.Yes)
	}
	activeAs[*influence.TrainingScreen](h)
	h.wantScreen("a payment of", who.DisplayName()+"'s 4.5 hours")
	pays, err := h.s.Payments(bg(), store.PaymentFilter{TrainingID: session.ID, PersonID: who.ID})
	if err != nil || len(pays) != 1 || pays[0].Hours != 450 || pays[0].Basis != store.BasisHourly {
		t.Fatalf("the payment: %+v, %v", pays, err)
	}
	l, err := h.s.Ledger(bg(), who.ID, session.Date.String(), session.Date.String())
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, line := range l.Lines {
		found = found || (line.ID == pays[0].ID && line.Counted == pays[0].Amount)
	}
	if !found {
		t.Errorf("the payment is not in the ledger: %+v", l.Lines)
	}
	// P again: paid for already.
	h.wantScreen(pays[0].Amount.String() + " claimed")
}

// A person's page sums up their involvement and h opens the history, from
// which a meeting opens.
func TestPersonInvolvementHistory(t *testing.T) {
	h := newInfluenceHarness(t)
	id := mostInvolved(t, h)
	openPerson(t, h, id)
	inv, err := h.s.PersonInvolvement(bg(), id)
	if err != nil {
		t.Fatal(err)
	}
	h.wantScreen(fmt.Sprintf("%d meetings attended", inv.Meetings), "training session")
	h.press(h.keys().Influence.History)
	activeAs[*influence.HistoryScreen](h)
	h.wantScreen("— involvement", "Training", "Meeting")
	// The first meeting in the list opens.
	for range 50 {
		if strings.Contains(h.screen(), "›") && strings.Contains(selectedLine(h), "Meeting") {
			break
		}
		h.press(h.keys().List.Down)
	}
	h.press(h.keys().List.Open)
	activeAs[*MeetingScreen](h)
}

// selectedLine is the screen's line with the cursor.
func selectedLine(h *harness) string {
	for _, l := range h.lines() {
		if strings.HasPrefix(l, "›") {
			return l
		}
	}
	return ""
}

// The privacy screen turns officers' and co-trainers' names into initials.
func TestInfluencePrivacy(t *testing.T) {
	h := newInfluenceHarness(t, withSize(120, 40))
	influencePane(t, h, paneContacts)
	cs, err := h.s.Contacts(bg(), store.ContactFilter{})
	if err != nil || len(cs) == 0 {
		t.Fatal(err)
	}
	name := cs[0].OfficerName
	h.wantScreen(name)
	h.press(h.keys().Global.Privacy)
	h.notScreen(name)
	h.wantScreen(store.Initials(name))
	openPastSession(t, h)
	h.wantScreen("PRIVACY")
	for _, l := range h.lines()[10:] {
		if strings.Contains(l, "  Carer") || strings.Contains(l, "  Service user") {
			first := strings.Fields(strings.TrimLeft(l, "› "))[0]
			if !strings.HasSuffix(first, ".") {
				t.Errorf("a co-trainer shows by name with the privacy screen on: %q", l)
			}
		}
	}
}

// TestDeleteSessionSaysWhatStays: deleting a training session asks first,
// and says in good English what goes with it and what stays.
func TestDeleteSessionSaysWhatStays(t *testing.T) {
	h := newInfluenceHarness(t, withSize(120, 40))
	sessions, err := h.s.TrainingSessions(bg(), store.TrainingFilter{})
	if err != nil {
		t.Fatal(err)
	}
	counts := map[int]string{}
	for _, s := range sessions {
		_, _, pays, err := h.s.TrainingImpact(bg(), s.ID)
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := counts[pays]; !ok {
			counts[pays] = s.ID
		}
	}
	for n, want := range map[int]string{1: "1 involvement payment for it stays in Money."} {
		id, ok := counts[n]
		if !ok {
			continue
		}
		influencePane(t, h, paneTraining)
		selectInSection(t, h, id)
		h.press(h.keys().Record.Delete)
		activeAs[*kit.Confirm](h)
		// The dialog wraps its text: read it as one line.
		text := strings.Join(strings.Fields(strings.ReplaceAll(h.screen(), "│", " ")), " ")
		if !strings.Contains(text, "Delete the session") || !strings.Contains(text, want) {
			t.Errorf("the confirmation does not say %q:\n%s", want, h.screen())
		}
		h.press(h.keys().Confirm.No)
		delete(counts, n)
	}
	if _, ok := counts[1]; ok {
		t.Error("no session with one payment was tried")
	}
}
