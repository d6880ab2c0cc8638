package tui

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/involve/involve/store"
	"github.com/involve/involve/tui/kit"
)

// slOpenForum opens the demo forum with the most members.
func slOpenForum(t *testing.T, h *harness) (*ForumScreen, store.ForumSummary) {
	t.Helper()
	forums, err := h.s.Forums(bg())
	if err != nil {
		t.Fatal(err)
	}
	best := forums[0]
	for _, f := range forums {
		if f.Members > best.Members {
			best = f
		}
	}
	h.press(h.keys().Global.Forums)
	ls := activeAs[*kit.ListScreen](h)
	findRow(t, ls.List(), func(r kit.Row) bool { return r.ID == best.ID })
	h.press(h.keys().List.Open)
	return activeAs[*ForumScreen](h), best
}

// slFind opens the slot finder and accepts the form as it comes.
func slFind(t *testing.T, h *harness) *SlotsScreen {
	t.Helper()
	h.press(h.keys().Detail.FindTime)
	f := activeAs[*kit.FormScreen](h)
	for i := 0; h.active() == kit.Screen(f); i++ {
		if i > 6 {
			t.Fatalf("the form does not finish:\n%s", h.screen())
		}
		h.pressKey("enter")
	}
	return activeAs[*SlotsScreen](h)
}

func TestSlotFinderShowsRankedTimesAndPlansAMeeting(t *testing.T) {
	h := newHarness(t)
	_, forum := slOpenForum(t, h)
	h.press(h.keys().Detail.FindTime)
	activeAs[*kit.FormScreen](h)
	// The defaults: from tomorrow, four weeks, two hours, 10:00–16:00.
	h.wantScreen("Find a time — "+forum.Name, "2026-03-11", "2026-04-07", "2h", "10:00-16:00")
	h.press(h.keys().Global.Back)

	s := slFind(t, h)
	if !s.loaded {
		t.Fatal("the slots did not load")
	}
	want, err := h.s.SuggestSlots(bg(), store.SlotQuery{ForumID: forum.ID, From: "2026-03-11", To: "2026-04-07",
		Duration: 2 * time.Hour, EarliestStart: 600, LatestEnd: 960, NotBefore: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	// Every start from 10:00 to 14:00 on 28 days, but those when the
	// forum meets already.
	if len(s.slots) != len(want) || len(want) > 28*17 || len(want) < 28*17-40 || !s.slots[0].Start.Equal(want[0].Start) {
		t.Fatalf("the screen has %d slots, the store %d; best %v vs %v", len(s.slots), len(want), s.slots[0].Start, want[0].Start)
	}
	held, _ := h.s.ForumMeetings(bg(), forum.ID)
	for _, sl := range want {
		for _, m := range held {
			if m.Status != store.MeetingCancelled && sl.Start.Before(m.End) && m.Start.Before(sl.End) {
				t.Fatalf("a slot at %v is offered while the forum meets (%v)", sl.Start, m.Start)
			}
		}
	}
	best := want[0]
	h.wantScreen("Find a time — "+forum.Name, "2h between 10:00 and 16:00", "★",
		best.Start.In(store.London).Format("Mon 2 Jan"), kit.TimeRange(best.Start, best.End),
		strconv.Itoa(best.Yes)+" yes", "users + carers", "Week of")
	h.wantScreen(fmt.Sprintf("[★%3d✓%-3s]", best.Yes, strconv.Itoa(best.Maybe)+"~"))
	// The grid starts on the best slot's week, with the cursor on it.
	if got := s.current(); got != 0 {
		t.Errorf("the cursor is on slot %d, want the best (0)", got)
	}

	// Moving around shows each cell's slot; past the last column is the next week.
	w := s.week
	h.press(h.keys().Grid.NextWeek)
	if s.week != w+1 {
		t.Errorf("week %d after > from week %d", s.week, w)
	}
	h.press(h.keys().Grid.PrevWeek)
	h.press(h.keys().Grid.PrevWeek)
	if s.week != max(0, w-1) {
		t.Errorf("week %d after < < from week %d", s.week, w+1)
	}
	for range 8 {
		h.press(h.keys().Grid.Right)
	}
	if s.week == 0 {
		t.Error("moving right past Sunday stayed in the first week")
	}

	// In the list, a slot where someone cannot come says who and why; the
	// privacy screen hides the why and shows initials.
	h.press(h.keys().Detail.SwitchPane)
	idx, who := -1, store.SlotPerson{}
	for i, sl := range s.slots {
		for _, p := range sl.Cannot {
			if p.Reason != "" {
				idx, who = i, p
				break
			}
		}
		if idx >= 0 {
			break
		}
	}
	if idx < 0 {
		t.Fatal("nobody in the demo forum cannot come for a reason")
	}
	s.list.Select(strconv.Itoa(idx))
	h.press(h.keys().List.Up)
	h.press(h.keys().List.Down)
	if s.current() != idx && idx > 0 {
		t.Fatalf("the list is on slot %d, want %d", s.current(), idx)
	}
	h.wantScreen("Cannot come:", who.DisplayName()+" ("+who.Reason+")")
	h.press(h.keys().Global.Privacy)
	h.notScreen(who.Reason, who.DisplayName())
	h.wantScreen(store.Initials(who.DisplayName()), "(reasons hidden)")
	h.press(h.keys().Global.Privacy)

	// Enter asks, then plans the meeting, invites the members and opens it.
	before, _ := h.s.ForumMeetings(bg(), forum.ID)
	sl := s.slots[idx]
	h.press(h.keys().List.Open)
	activeAs[*kit.Confirm](h)
	h.wantScreen("Plan a meeting on "+kit.LongDate(sl.Start)+", "+kit.TimeRange(sl.Start, sl.End)+"?",
		fmt.Sprintf("%d can come, %d if need be, %d cannot", sl.Yes, sl.Maybe, sl.No), "will be invited")
	h.press(h.keys().Confirm.Yes)
	ms := activeAs[*MeetingScreen](h)
	after, _ := h.s.ForumMeetings(bg(), forum.ID)
	if len(after) != len(before)+1 {
		t.Fatalf("%d meetings, want %d", len(after), len(before)+1)
	}
	m, err := h.s.Meeting(bg(), ms.id)
	if err != nil {
		t.Fatal(err)
	}
	if !m.Start.Equal(sl.Start) || !m.End.Equal(sl.End) || m.Status != store.MeetingPlanned || m.ForumID != forum.ID {
		t.Errorf("planned %+v, want %v–%v", m, sl.Start, sl.End)
	}
	reg, _ := h.s.Register(bg(), m.ID)
	if c := store.RegisterCounts(reg); c[store.Invited] != forum.Members {
		t.Errorf("%d invited, want %d", c[store.Invited], forum.Members)
	}
	h.wantScreen("Planned the meeting")

	// Back: the slot finder, then the forum with the new meeting.
	h.press(h.keys().Global.Back)
	activeAs[*SlotsScreen](h)
	h.press(h.keys().Global.Back)
	fs := activeAs[*ForumScreen](h)
	if n := len(fs.meetings.Rows()); n != len(after) {
		t.Errorf("the forum lists %d meetings, want %d", n, len(after))
	}
}

// QA of main: the last day suggested stayed four weeks from tomorrow when
// another first day was typed (From 2027-01-04, To 2027-01-03). It follows
// the first day until it is touched.
func TestSlotFinderLastDayFollowsTheFirst(t *testing.T) {
	h := newHarness(t)
	slOpenForum(t, h)
	h.press(h.keys().Detail.FindTime)
	f := activeAs[*kit.FormScreen](h)
	h.wantScreen("2026-03-11", "2026-04-07")
	h.typeText("2026-05-04")
	h.wantScreen("2026-05-31")
	h.notScreen("2026-04-07")
	h.pressKey("enter")
	if f.Form().GetFocusedField().GetKey() != "to" {
		t.Fatal("enter did not move on to the last day")
	}
	if sg, ok := f.Form().GetFocusedField().(*kit.Suggested); !ok || !sg.Pending() || sg.GetValue() != "2026-05-31" {
		t.Fatalf("the last day is %v, want the suggestion 2026-05-31", f.Form().GetFocusedField().GetValue())
	}
	// Typed, it stays as typed whatever the first day.
	h.typeText("2026-06-15")
	h.pressKey("shift+tab")
	for range 10 {
		h.pressKey("backspace")
	}
	h.typeText("2026-05-05")
	h.wantScreen("2026-05-05", "2026-06-15")
	h.notScreen("2026-06-01")
}

func TestSlotFinderFormRefusesImpossibleSearches(t *testing.T) {
	h := newHarness(t)
	slOpenForum(t, h)
	h.press(h.keys().Detail.FindTime)
	f := activeAs[*kit.FormScreen](h)
	h.pressKey("enter") // from
	for range 10 {
		h.pressKey("backspace")
	}
	h.typeText("2026-03-01")
	h.wantScreen("⚠", "the last day (2026-03-01) is before the first (2026-03-11)")
	h.pressKey("enter")
	if f.Form().GetFocusedField().GetKey() != "to" {
		t.Fatal("enter moved on from a last day before the first")
	}
	for range 10 {
		h.pressKey("backspace")
	}
	h.typeText("2026-03-20")
	h.pressKey("enter")
	for range 2 {
		h.pressKey("backspace")
	}
	h.typeText("7h")
	h.wantScreen("⚠", "a 7h meeting does not fit between 10:00 and 16:00")
	for range 2 {
		h.pressKey("backspace")
	}
	h.typeText("90m")
	h.pressKey("enter")
	h.pressKey("enter")
	s := activeAs[*SlotsScreen](h)
	if s.q.Duration != 90*time.Minute || s.q.To != "2026-03-20" {
		t.Fatalf("query %+v", s.q)
	}
	h.wantScreen("1h30 between 10:00 and 16:00")
	for _, sl := range s.slots {
		if sl.End.Sub(sl.Start) != 90*time.Minute {
			t.Fatalf("slot of %v", sl.End.Sub(sl.Start))
		}
	}

	// e changes the search in place.
	h.press(h.keys().Record.Edit)
	activeAs[*kit.FormScreen](h)
	h.wantScreen("2026-03-20", "90m")
	h.pressKey("enter")
	h.pressKey("enter")
	h.pressKey("enter")
	for range 11 {
		h.pressKey("backspace")
	}
	h.typeText("13:00-17:00")
	h.pressKey("enter")
	if activeAs[*SlotsScreen](h) != s {
		t.Fatal("changing the search opened another screen")
	}
	h.wantScreen("1h30 between 13:00 and 17:00")
	for _, sl := range s.slots {
		if l := sl.Start.In(store.London); l.Hour() < 13 {
			t.Fatalf("a slot at %s after asking for 13:00–17:00", l.Format("15:04"))
		}
	}
}

func TestSlotFinderFits80x24(t *testing.T) {
	h := newHarness(t, withSize(80, 24))
	slOpenForum(t, h)
	s := slFind(t, h)
	lines := h.lines()
	if len(lines) != 24 {
		t.Fatalf("%d lines", len(lines))
	}
	for i, l := range lines {
		if w := len([]rune(l)); w > 80 {
			t.Errorf("line %d is %d wide: %q", i, w, l)
		}
	}
	scr := h.screen()
	for _, want := range []string{"★", "Yes", "Covers", "~ if need be"} {
		if !strings.Contains(scr, want) {
			t.Errorf("80×24 lacks %q:\n%s", want, scr)
		}
	}
	if g := s.group(); g < 2 {
		t.Errorf("at 80×24 each row holds %d start times; 17 rows do not fit", g)
	}
}

// Resizing the window keeps the grid's cursor on the same time of day
// (a row holds more or fewer start times at another height), so enter
// after a resize plans the time that was picked.
func TestSlotFinderResizeKeepsTheTime(t *testing.T) {
	h := newHarness(t, withSize(80, 24))
	slOpenForum(t, h)
	s := slFind(t, h)
	for range 4 {
		h.press(h.keys().Grid.Down)
	}
	before := s.row * s.group()
	h.resize(140, 40)
	if got := s.row * s.group(); got > before || before-got >= s.group() {
		t.Errorf("at 140×40 the cursor's row starts at start time %d, was %d", got, before)
	}
	h.resize(80, 24)
	if got := s.row * s.group(); got != before {
		t.Errorf("back at 80×24 the cursor's row starts at start time %d, was %d", got, before)
	}
}
