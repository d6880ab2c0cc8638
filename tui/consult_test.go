package tui

import (
	"strings"
	"testing"
	"time"

	"github.com/involve/involve/civil"
	"github.com/involve/involve/store"
	"github.com/involve/involve/tui/consult"
	"github.com/involve/involve/tui/influence"
	"github.com/involve/involve/tui/kit"
)

// The Consultations section, driven through the root model on the small
// demo (fixedNow: Tuesday 10 March 2026), which has a consultation in every
// state of the loop.

// demoConsultation is the demo's first consultation in a status.
func demoConsultation(t *testing.T, h *harness, status store.LoopStatus) store.ConsultationDetail {
	t.Helper()
	list, err := h.s.Consultations(bg(), store.ConsultationFilter{Status: status})
	if err != nil || len(list) == 0 {
		t.Fatalf("no demo consultation is %s (%v)", status, err)
	}
	d, err := h.s.Consultation(bg(), list[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// consultationsList opens the Influence section, whose first pane is the
// consultations.
func consultationsList(t testing.TB, h *harness) *consult.ListScreen {
	t.Helper()
	h.press(h.keys().Global.Influence)
	ls, ok := activeAs[*influence.Section](h).Shown().(*consult.ListScreen)
	if !ok {
		t.Fatalf("the Influence section does not open on its consultations:\n%s", h.screen())
	}
	return ls
}

// openConsultation opens a consultation's page from the section's list.
func openConsultation(t *testing.T, h *harness, id string) *consult.Page {
	t.Helper()
	ls := consultationsList(t, h)
	if !ls.List().Select(id) {
		t.Fatalf("consultation %s is not in the list:\n%s", id, h.screen())
	}
	h.press(h.keys().List.Open)
	return activeAs[*consult.Page](h)
}

// heldMeetingOf is the latest held meeting of a forum.
func heldMeetingOf(t *testing.T, h *harness, forumID string) store.MeetingSummary {
	t.Helper()
	ms, err := h.s.ForumMeetings(bg(), forumID)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		if m.Status == store.MeetingHeld {
			return m
		}
	}
	t.Fatalf("forum %s has held no meeting", forumID)
	return store.MeetingSummary{}
}

func TestConsultationsSection(t *testing.T) {
	h := newHarness(t)
	h.wantScreen("7") // the tab
	ls := consultationsList(t, h)
	all, _ := h.s.Consultations(bg(), store.ConsultationFilter{})
	if ls.List().Len() != len(all) || len(all) == 0 {
		t.Fatalf("the list has %d rows, the store %d consultations", ls.List().Len(), len(all))
	}
	h.wantScreen("Consultations", all[0].Title[:10], "Awaiting decision", "overdue")
	// The section key and the board's key are in the help.
	h.press(h.keys().Global.Help)
	h.wantScreen("7", "influence", "you said, we did board")
	h.press(h.keys().Global.Help)
	// tab goes round through it.
	h.press(h.keys().Global.NextTab)
	activeAs[*Dashboard](h)
}

func TestConsultationPageRespondAndLoop(t *testing.T) {
	h := newHarness(t)
	d := demoConsultation(t, h, store.LoopOpen)
	p := openConsultation(t, h, d.ID)
	h.wantScreen(d.Title, "Open · next: closed to responses (s)", d.Organisation, "You said, we did", d.Points[0].Text)

	// The loop does not move before the deadline, and says why.
	h.press(h.keys().Consult.Forward)
	if !strings.Contains(h.m.status, "open for responses until "+d.Deadline.String()) || !h.m.statusEr {
		t.Fatalf("moving on before the deadline: %q", h.m.status)
	}

	// w records what was done for the point under the cursor.
	pt := d.Points[0]
	findRow(t, p.Points(), func(r kit.Row) bool { return r.ID == pt.ID })
	h.press(h.keys().Consult.Respond)
	f := activeAs[*kit.FormScreen](h)
	h.pressKey("down") // Partly done
	h.pressKey("enter")
	h.typeText("two evenings now and Saturdays from May")
	h.pressKey("tab")
	h.pressKey("tab") // who decided: the consultation's decider
	h.pressKey("tab") // decided on: today
	h.pressKey("enter")
	h.pressKey("enter") // no impact check: saves
	if _, still := h.active().(*kit.FormScreen); still {
		t.Fatalf("the response form is still open:\n%s", h.screen())
	}
	_ = f
	got, err := h.s.Point(bg(), pt.ID)
	if err != nil || got.Response == nil {
		t.Fatalf("no response saved: %v", err)
	}
	r := got.Response
	if r.Outcome != store.OutcomePartly || r.Reason != "two evenings now and Saturdays from May" || r.DecidedBy != d.Decider ||
		r.DecidedOn != civil.In(fixedNow, store.London) || r.Stage != store.StageDelivery {
		t.Fatalf("response %+v", r)
	}
	h.wantScreen("Partly done", "because two evenings now and Saturdays from May")

	// ] shows the question and papers, then the feedback.
	h.press(h.keys().Detail.SwitchPane)
	h.wantScreen("The question", "What should we change")
	h.press(h.keys().Detail.SwitchPane)
	h.wantScreen("No feedback recorded yet")
	// f records feedback given.
	h.press(h.keys().Consult.Feedback)
	activeAs[*kit.FormScreen](h)
	h.pressKey("enter") // initial
	h.pressKey("tab")   // today
	h.pressKey("down")  // a letter
	h.pressKey("enter")
	h.typeText("Thanked everyone")
	h.pressKey("tab")
	activeAs[*consult.Page](h)
	if dd, _ := h.s.Consultation(bg(), d.ID); len(dd.Feedback) != 1 || dd.Feedback[0].Channel != store.FeedbackLetter {
		t.Fatalf("feedback %+v", dd.Feedback)
	}
	h.wantScreen("Initial", "Letter", "Thanked everyone")
}

// A consultation whose deadline has passed moves on with s, and back with S.
func TestConsultationMoveOn(t *testing.T) {
	h := newHarness(t)
	d := demoConsultation(t, h, store.LoopClosedToResponses)
	openConsultation(t, h, d.ID)
	h.press(h.keys().Consult.Forward)
	if !strings.Contains(h.m.status, "initial feedback") {
		t.Fatalf("moving on with no initial feedback: %q", h.m.status)
	}
	h.press(h.keys().Consult.Backward)
	if !strings.Contains(h.m.status, "deadline") {
		t.Fatalf("reopening after the deadline: %q", h.m.status)
	}
	e := store.FeedbackEvent{ConsultationID: d.ID, Kind: store.FeedbackInitial, On: civil.In(fixedNow, store.London), Channel: store.FeedbackAtMeeting}
	if err := h.s.SaveFeedback(bg(), &e); err != nil {
		t.Fatal(err)
	}
	h.send(kit.ChangedMsg{})
	h.press(h.keys().Consult.Forward)
	if got, _ := h.s.Consultation(bg(), d.ID); got.Status != store.LoopAwaitingDecision {
		t.Fatalf("status %s after s; status line %q", got.Status, h.m.status)
	}
	h.wantScreen("Awaiting decision")
}

// From a meeting's page and from its register, y adds a point in a few keys.
func TestAddPointFromMeeting(t *testing.T) {
	h := newHarness(t)
	d := demoConsultation(t, h, store.LoopOpen)
	m := heldMeetingOf(t, h, d.ForumIDs[0])
	c := h.m.Common()

	h.press(h.keys().Global.Meetings)
	h.send(kit.PushMsg{Screen: NewMeetingScreen(c, m.ID)})
	activeAs[*MeetingScreen](h)
	h.press(h.keys().Consult.AddPoint)
	activeAs[*kit.FormScreen](h)
	h.wantScreen("You said — "+d.Title, "Raised at "+m.ForumName)
	h.typeText("A crèche on Saturdays")
	h.pressKey("tab")
	h.pressKey("backspace")
	h.typeText("3")
	h.pressKey("enter")
	activeAs[*MeetingScreen](h)
	if !strings.Contains(h.m.status, "Added the point to "+d.Title) {
		t.Fatalf("status %q", h.m.status)
	}
	after, _ := h.s.Consultation(bg(), d.ID)
	last := after.Points[len(after.Points)-1]
	if len(after.Points) != len(d.Points)+1 || last.Text != "A crèche on Saturdays" || last.RaisedBy != 3 || last.MeetingID != m.ID ||
		last.Quote != "" || last.SpeakerID != "" {
		t.Fatalf("points %+v", after.Points)
	}

	// The register: the same key.
	h.press(h.keys().Detail.Register)
	activeAs[*RegisterScreen](h)
	h.press(h.keys().Consult.AddPoint)
	activeAs[*kit.FormScreen](h)
	h.typeText("Tea")
	h.pressKey("tab")
	h.pressKey("enter")
	activeAs[*RegisterScreen](h)
	if again, _ := h.s.Consultation(bg(), d.ID); len(again.Points) != len(d.Points)+2 {
		t.Fatalf("%d points after the register's", len(again.Points))
	}
}

// A meeting of a forum no open consultation asks says so; a meeting still
// to come takes no point.
func TestAddPointFromMeetingNothingOpen(t *testing.T) {
	h := newHarness(t)
	d := demoConsultation(t, h, store.LoopOpen)
	forums, _ := h.s.Forums(bg())
	c := h.m.Common()
	for _, f := range forums {
		if f.ID == d.ForumIDs[0] || (len(d.ForumIDs) > 1 && f.ID == d.ForumIDs[1]) {
			continue
		}
		m := heldMeetingOf(t, h, f.ID)
		h.send(kit.PushMsg{Screen: NewMeetingScreen(c, m.ID)})
		h.press(h.keys().Consult.AddPoint)
		activeAs[*MeetingScreen](h)
		if !strings.Contains(h.m.status, "No consultation asking "+f.Name+" is open for points: open one in Influence (7, then n).") {
			t.Fatalf("status %q", h.m.status)
		}
		break
	}
	up, _ := h.s.UpcomingMeetings(bg(), 20)
	for _, m := range up {
		if m.Start.After(fixedNow.Add(48 * time.Hour)) {
			h.send(kit.PushMsg{Screen: NewMeetingScreen(c, m.ID)})
			h.press(h.keys().Consult.AddPoint)
			activeAs[*MeetingScreen](h)
			if !strings.Contains(h.m.status, "a point is added once it has been raised") {
				t.Fatalf("a future meeting: %q", h.m.status)
			}
			return
		}
	}
	t.Fatal("no meeting planned two days ahead")
}

// The board and its reading mode name nobody; the room's keys cannot leave
// reading mode by accident.
func TestBoardAndReadingMode(t *testing.T) {
	h := newHarness(t)
	d := demoConsultation(t, h, store.LoopOpen)
	var quoted store.Point
	for _, p := range d.Points {
		if p.Quote != "" {
			quoted = p
		}
	}
	if quoted.ID == "" {
		t.Fatal("the demo's open consultation has no quote")
	}
	openConsultation(t, h, d.ID)
	h.press(h.keys().Consult.Board)
	if len(d.ForumIDs) > 1 {
		h.send(keyMsg(t, "enter")) // the picker: the first forum is where the quote was raised
	}
	b := activeAs[*consult.Board](h)
	h.wantScreen("You said", "We did", quoted.Text, quoted.Quote, "Awaiting a decision")
	h.notScreen(quoted.SpeakerName, d.OfficerName, d.Decider)
	if b.Fullscreen() {
		t.Fatal("the board is full screen outside reading mode")
	}
	h.press(h.keys().Consult.ReadingMode)
	r := activeAs[*consult.Board](h)
	if !r.Fullscreen() {
		t.Fatal("reading mode is not full screen")
	}
	h.wantScreen("You said, we did · ", quoted.Text)
	h.notScreen(quoted.SpeakerName, "Dashboard")
	h.press(h.keys().Global.People)
	h.press(h.keys().Global.Quit)
	if h.quit || h.active() != r {
		t.Fatal("a section key or q left reading mode")
	}
	h.press(h.keys().Global.Back)
	if h.active() != b {
		t.Fatalf("esc did not go back to the board: %T", h.active())
	}
}

// The dashboard lists feedback overdue and decisions awaited, opens them,
// and masks who decides under the privacy screen.
func TestDashboardConsultations(t *testing.T) {
	h := newHarness(t, withSize(120, 40))
	dash, err := h.s.ConsultationDashboard(bg(), 10)
	if err != nil || len(dash.Overdue) == 0 || len(dash.Awaiting) == 0 {
		t.Fatalf("the demo dashboard: %+v %v", dash, err)
	}
	decider := dash.Awaiting[0].Decider[:12] // the column cuts it short
	h.wantScreen("Consultations: feedback overdue", dash.Overdue[0].Title, "Consultations: decisions awaited", decider)
	h.press(h.keys().Global.Privacy)
	h.notScreen(decider)
	h.wantScreen(store.Initials(dash.Awaiting[0].Decider))
	h.press(h.keys().Global.Privacy)
	// Down to the overdue list, and open it.
	dsh := activeAs[*Dashboard](h)
	for range 40 {
		if strings.Contains(h.screen(), "›Consultations: feedback overdue") {
			break
		}
		h.press(h.keys().List.Down)
	}
	_ = dsh
	h.wantScreen("›Consultations: feedback overdue")
	h.press(h.keys().List.Open)
	p := activeAs[*consult.Page](h)
	if p.Detail().ID != dash.Overdue[0].ID {
		t.Fatalf("opened %s, want %s", p.Detail().Title, dash.Overdue[0].Title)
	}
	h.wantScreen("(overdue)")
}

// The privacy screen turns the senior officer's and the quoted speaker's
// names into initials on the page, and refuses the point form.
func TestConsultationPagePrivacy(t *testing.T) {
	h := newHarness(t, withSize(120, 40))
	d := demoConsultation(t, h, store.LoopOpen)
	p := openConsultation(t, h, d.ID)
	var quoted store.Point
	for _, pt := range d.Points {
		if pt.Quote != "" {
			quoted = pt
		}
	}
	findRow(t, p.Points(), func(r kit.Row) bool { return r.ID == quoted.ID })
	h.send(kit.ChangedMsg{})
	h.wantScreen(d.OfficerName, quoted.SpeakerName)
	h.press(h.keys().Global.Privacy)
	h.notScreen(d.OfficerName, quoted.SpeakerName)
	h.wantScreen(store.Initials(d.OfficerName), store.Initials(quoted.SpeakerName))
	h.press(h.keys().List.Open)
	activeAs[*consult.Page](h)
	if !strings.Contains(h.m.status, "privacy screen is on") {
		t.Fatalf("the point form opened under the privacy screen: %q", h.m.status)
	}
}

// TestPickersSayWhatIsMissing: a board asked for before any forum exists
// says to add a forum, not "There is nobody to choose from."
func TestPickersSayWhatIsMissing(t *testing.T) {
	h := newHarness(t, withNewDatabase(t))
	h.press(h.keys().Global.Influence)
	h.press(h.keys().Consult.Board)
	activeAs[*kit.Picker](h)
	h.wantScreen("No forums yet. Press 2, then n, to add one.")
	h.notScreen("nobody")
}
