package store

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

func person(id string, role Role, weekly ...WeeklySlot) PersonAvailability {
	return PersonAvailability{Member: Member{ID: id, Name: id, Role: role}, Weekly: weekly}
}

// slotAt finds the slot starting at a London date and time.
func slotAt(t *testing.T, slots []Slot, date string, clock string) Slot {
	t.Helper()
	want, err := LocalTime(date, clock)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range slots {
		if s.Start.Equal(want) {
			return s
		}
	}
	t.Fatalf("no slot at %s %s", date, clock)
	return Slot{}
}

func hasSlotAt(slots []Slot, date string, h, m int) int {
	n := 0
	for _, s := range slots {
		l := s.Start.In(London)
		if l.Format(DateLayout) == date && l.Hour() == h && l.Minute() == m {
			n++
		}
	}
	return n
}

func TestRankSlotsAnswers(t *testing.T) {
	// Tuesday 10 March 2026.
	people := []PersonAvailability{
		person("yes-all-day", RoleServiceUser, ws(2, 0, 1440, AnswerYes)),
		person("maybe-morning", RoleCarer, ws(2, 540, 720, AnswerMaybe), ws(2, 720, 1020, AnswerYes)),
		person("no-after-noon", RoleBoth, ws(2, 540, 720, AnswerYes), ws(2, 720, 1020, AnswerNo)),
		person("gap", RoleWorker, ws(2, 600, 660, AnswerYes), ws(2, 690, 800, AnswerYes)),
		person("never-asked", RoleCarer),
	}
	people[2].Reason = "school run"
	q := SlotQuery{From: "2026-03-10", To: "2026-03-10", Duration: time.Hour, EarliestStart: 600, LatestEnd: 840, Step: 30 * time.Minute}
	slots := RankSlots(people, q)
	if len(slots) != 7 { // 10:00, 10:30 … 13:00
		t.Fatalf("%d slots, want 7", len(slots))
	}
	for _, s := range slots {
		if s.Yes+s.Maybe+s.No+s.Unknown != len(people) {
			t.Errorf("%s: counts %d+%d+%d+%d do not add up to %d", s.Start, s.Yes, s.Maybe, s.No, s.Unknown, len(people))
		}
		if s.End.Sub(s.Start) != time.Hour {
			t.Errorf("%s: lasts %v", s.Start, s.End.Sub(s.Start))
		}
	}
	ten := slotAt(t, slots, "2026-03-10", "10:00")
	if ten.Yes != 3 || ten.Maybe != 1 || ten.No != 0 || ten.Unknown != 1 {
		t.Errorf("10:00: %d yes %d maybe %d no %d unknown", ten.Yes, ten.Maybe, ten.No, ten.Unknown)
	}
	// 10:30–11:30 runs into the gap 11:00–11:30: not known for "gap".
	if s := slotAt(t, slots, "2026-03-10", "10:30"); s.Yes != 2 || s.Unknown != 2 {
		t.Errorf("10:30: %d yes %d unknown; the gap should make one not known", s.Yes, s.Unknown)
	}
	// 11:30–12:30 straddles noon: the worst answer of each counts.
	s := slotAt(t, slots, "2026-03-10", "11:30")
	if s.Yes != 2 || s.Maybe != 1 || s.No != 1 {
		t.Errorf("11:30: %d yes %d maybe %d no", s.Yes, s.Maybe, s.No)
	}
	if len(s.Cannot) != 1 || s.Cannot[0].ID != "no-after-noon" || s.Cannot[0].Reason != "school run" || s.Cannot[0].Exception {
		t.Errorf("11:30 cannot: %+v", s.Cannot)
	}
	if !s.UsersCovered || !s.CarersCovered || s.Users != 1 || s.Carers != 1 {
		t.Errorf("11:30 coverage: users %d carers %d", s.Users, s.Carers)
	}
	// The best is the morning, when "no-after-noon" can come.
	if got := slots[0].Start.In(London).Format("15:04"); got != "10:00" {
		t.Errorf("best slot %s, want 10:00", got)
	}
	for i := 1; i < len(slots); i++ {
		if slots[i].Score > slots[i-1].Score {
			t.Errorf("slot %d scores more than slot %d", i, i-1)
		}
	}
}

func TestRankSlotsOrder(t *testing.T) {
	// Two users and one carer. Monday 10:00: both users yes, the carer no.
	// Tuesday 10:00: one user and the carer yes, the other user if need be.
	// Wednesday 10:00: one user and the carer yes, the other user no.
	// Thursday 10:00: one user yes, others not known: users only.
	// Friday 10:00: the carer yes, others not known: carers only.
	u1 := person("u1", RoleServiceUser, ws(1, 600, 720, AnswerYes), ws(2, 600, 720, AnswerYes), ws(3, 600, 720, AnswerYes), ws(4, 600, 720, AnswerYes))
	u2 := person("u2", RoleServiceUser, ws(1, 600, 720, AnswerYes), ws(2, 600, 720, AnswerMaybe), ws(3, 600, 720, AnswerNo))
	c1 := person("c1", RoleCarer, ws(1, 600, 720, AnswerNo), ws(2, 600, 720, AnswerYes), ws(3, 600, 720, AnswerYes), ws(5, 600, 720, AnswerYes))
	q := SlotQuery{From: "2026-03-09", To: "2026-03-13", Duration: 2 * time.Hour, EarliestStart: 600, LatestEnd: 720}
	slots := RankSlots([]PersonAvailability{u1, u2, c1}, q)
	var order []string
	for _, s := range slots {
		order = append(order, s.Start.In(London).Format("Mon"))
	}
	// More yes first (Mon, Tue and Wed have 2), then more if need be (Tue
	// has 1); Mon and Wed have the same counts, but Wed covers users and
	// carers and Mon only users. Thu and Fri (1 yes each) are equal: in
	// time order.
	want := "Tue Wed Mon Thu Fri"
	if got := strings.Join(order, " "); got != want {
		t.Errorf("order %s, want %s", got, want)
	}
	if !slots[1].Both() || slots[2].Both() {
		t.Error("Wednesday should cover users and carers, Monday not")
	}
	q.Limit = 2
	if got := RankSlots([]PersonAvailability{u1, u2, c1}, q); len(got) != 2 || !got[0].Start.Equal(slots[0].Start) {
		t.Errorf("limit 2 gave %d slots", len(got))
	}
	q.Limit, q.Weekdays = 0, []int{4, 5}
	if got := RankSlots([]PersonAvailability{u1, u2, c1}, q); len(got) != 2 {
		t.Errorf("Thursdays and Fridays only: %d slots", len(got))
	}
}

func TestRankSlotsExceptions(t *testing.T) {
	// Every weekday 10:00–16:00 yes; away 3–17 March; on Wednesday 4 March
	// ... still away (exceptions override the pattern); one Sunday when they
	// can come although their pattern says no.
	var week []WeeklySlot
	for d := 1; d <= 5; d++ {
		week = append(week, ws(d, 600, 960, AnswerYes))
	}
	week = append(week, ws(7, 0, 1440, AnswerNo))
	p := person("away", RoleServiceUser, week...)
	p.Reason = "works Sundays"
	p.Exceptions = []Exception{
		{PersonID: "away", From: "2026-03-03", To: "2026-03-17", Answer: AnswerNo, Note: "Away 3–17 March"},
		{PersonID: "away", From: "2026-03-22", To: "2026-03-22", Answer: AnswerYes},
		{PersonID: "away", From: "2026-03-10", To: "2026-03-10", Answer: AnswerMaybe}, // inside the away: the worst wins
	}
	other := person("other", RoleCarer, ws(1, 0, 1440, AnswerYes), ws(2, 0, 1440, AnswerYes), ws(7, 0, 1440, AnswerYes))
	q := SlotQuery{From: "2026-03-02", To: "2026-03-29", Duration: 2 * time.Hour, EarliestStart: 600, LatestEnd: 720}
	slots := RankSlots([]PersonAvailability{p, other}, q)
	byDate := map[string]Slot{}
	for _, s := range slots {
		byDate[s.Date()] = s
	}
	check := func(date string, yes, no int, reason string) {
		t.Helper()
		s, ok := byDate[date]
		if !ok {
			t.Fatalf("no slot on %s", date)
		}
		if s.Yes != yes || s.No != no {
			t.Errorf("%s: %d yes %d no, want %d yes %d no", date, s.Yes, s.No, yes, no)
		}
		var reasons []string
		for _, c := range s.Cannot {
			reasons = append(reasons, c.Reason)
		}
		if got := strings.Join(reasons, ","); got != reason {
			t.Errorf("%s: reasons %q, want %q", date, got, reason)
		}
	}
	check("2026-03-02", 2, 0, "")                // Monday before
	check("2026-03-03", 1, 1, "Away 3–17 March") // first day away
	check("2026-03-10", 1, 1, "Away 3–17 March") // maybe inside away: no wins
	check("2026-03-17", 1, 1, "Away 3–17 March") // last day away
	check("2026-03-16", 1, 1, "Away 3–17 March")
	check("2026-03-18", 1, 0, "") // Wednesday after: yes from the pattern, the other not known
	check("2026-03-15", 1, 1, "Away 3–17 March")
	check("2026-03-29", 1, 1, "works Sundays") // Sunday: the pattern's no, with the reason
	check("2026-03-22", 2, 0, "")              // the Sunday exception says yes
	if s := byDate["2026-03-29"]; s.Cannot[0].Exception {
		t.Error("the Sunday no comes from the pattern, not an exception")
	}
	if s := byDate["2026-03-03"]; !s.Cannot[0].Exception {
		t.Error("the away no comes from an exception")
	}
}

func TestRankSlotsSpringForward(t *testing.T) {
	// The clocks go forward at 01:00 GMT on Sunday 29 March 2026.
	var week []WeeklySlot
	for d := 1; d <= 7; d++ {
		week = append(week, ws(d, 0, 1440, AnswerYes))
	}
	people := []PersonAvailability{person("a", RoleServiceUser, week...)}
	q := SlotQuery{From: "2026-03-23", To: "2026-03-30", Duration: 30 * time.Minute, EarliestStart: 0, LatestEnd: 1440, Step: 30 * time.Minute}
	slots := RankSlots(people, q)

	// 01:00 and 01:30 do not exist on the 29th; every other day has them.
	for _, hm := range [][2]int{{1, 0}, {1, 30}} {
		if n := hasSlotAt(slots, "2026-03-29", hm[0], hm[1]); n != 0 {
			t.Errorf("%02d:%02d on 29 March offered %d times; it does not exist", hm[0], hm[1], n)
		}
		if n := hasSlotAt(slots, "2026-03-28", hm[0], hm[1]); n != 1 {
			t.Errorf("%02d:%02d on 28 March offered %d times", hm[0], hm[1], n)
		}
	}
	// 00:30–01:00 ends as the clocks jump (its end reads 02:00): skipped.
	// 02:00 onwards is there.
	if n := hasSlotAt(slots, "2026-03-29", 2, 0); n != 1 {
		t.Errorf("02:00 on 29 March offered %d times", n)
	}
	// 13:00 stays 13:00 London time: 13:00 UTC before, 12:00 UTC after.
	before := slotAt(t, slots, "2026-03-28", "13:00")
	after := slotAt(t, slots, "2026-03-30", "13:00")
	if h := before.Start.UTC().Hour(); h != 13 {
		t.Errorf("13:00 on 28 March is %02d:00 UTC, want 13", h)
	}
	if h := after.Start.UTC().Hour(); h != 12 {
		t.Errorf("13:00 on 30 March is %02d:00 UTC, want 12", h)
	}
	for _, s := range slots {
		if s.End.Sub(s.Start) != 30*time.Minute {
			t.Errorf("%s lasts %v", s.Start.In(London), s.End.Sub(s.Start))
		}
		if s.Yes != 1 {
			t.Errorf("%s: %d yes", s.Start.In(London), s.Yes)
		}
	}
	// 8 days of 48 half hours, less the two that do not exist and the one
	// that straddles the jump.
	if len(slots) != 8*48-3 {
		t.Errorf("%d slots, want %d", len(slots), 8*48-3)
	}

	// A 2-hour meeting at 00:30 would run across the change: not offered.
	q2 := SlotQuery{From: "2026-03-29", To: "2026-03-29", Duration: 2 * time.Hour, EarliestStart: 0, LatestEnd: 360, Step: 30 * time.Minute}
	for _, s := range RankSlots(people, q2) {
		if l := s.Start.In(London); l.Hour() < 2 {
			t.Errorf("slot at %s runs across the change", l.Format("15:04"))
		}
	}
}

func TestRankSlotsFallBack(t *testing.T) {
	// The clocks go back at 02:00 BST on Sunday 25 October 2026: 01:00–02:00
	// happens twice.
	mondayYes := ws(1, 780, 900, AnswerYes) // Mondays 13:00–15:00
	sunday := ws(7, 0, 1440, AnswerMaybe)
	people := []PersonAvailability{person("a", RoleCarer, mondayYes, sunday)}
	q := SlotQuery{From: "2026-10-19", To: "2026-10-26", Duration: time.Hour, EarliestStart: 0, LatestEnd: 1440, Step: 30 * time.Minute}
	slots := RankSlots(people, q)

	for _, hm := range [][2]int{{1, 0}, {1, 30}} {
		if n := hasSlotAt(slots, "2026-10-25", hm[0], hm[1]); n != 1 {
			t.Errorf("%02d:%02d on 25 October offered %d times, want once", hm[0], hm[1], n)
		}
	}
	// Each slot's real length is its length, on the day too.
	for _, s := range slots {
		if s.End.Sub(s.Start) != time.Hour {
			t.Errorf("%s lasts %v", s.Start.In(London), s.End.Sub(s.Start))
		}
		l, e := s.Start.In(London), s.End.In(London)
		if (e.Hour()*60+e.Minute()-l.Hour()*60-l.Minute()+1440)%1440 != 60 {
			t.Errorf("%s–%s is not an hour on the clock", l.Format("15:04 MST"), e.Format("15:04 MST"))
		}
	}
	// Monday 13:00 London: 12:00 UTC on the 19th (summer time), 13:00 UTC on
	// the 26th (winter time); a yes both times.
	a := slotAt(t, slots, "2026-10-19", "13:00")
	b := slotAt(t, slots, "2026-10-26", "13:00")
	if a.Start.UTC().Hour() != 12 || b.Start.UTC().Hour() != 13 {
		t.Errorf("13:00 London is %s and %s UTC", a.Start.UTC().Format("15:04"), b.Start.UTC().Format("15:04"))
	}
	if a.Yes != 1 || b.Yes != 1 {
		t.Errorf("Monday 13:00: %d and %d yes, want 1 and 1", a.Yes, b.Yes)
	}
	if s := slotAt(t, slots, "2026-10-25", "13:00"); s.Maybe != 1 {
		t.Errorf("Sunday: %d maybe", s.Maybe)
	}
	// The best two are the Mondays at 13:00 and 13:30 … 14:00; in time order.
	if l := slots[0].Start.In(London); l.Format("2006-01-02 15:04") != "2026-10-19 13:00" {
		t.Errorf("best slot %s", l.Format("2006-01-02 15:04"))
	}
}

func TestSlotQueryValidate(t *testing.T) {
	ok := SlotQuery{From: "2026-03-02", To: "2026-03-30", Duration: 2 * time.Hour}
	if err := ok.Validate(); err != nil {
		t.Fatalf("a good query: %v", err)
	}
	cases := []struct {
		edit func(*SlotQuery)
		want string
	}{
		{func(q *SlotQuery) { q.To = "2026-03-01" }, "the last day (2026-03-01) is before the first (2026-03-02)"},
		{func(q *SlotQuery) { q.From = "" }, "enter the first day"},
		{func(q *SlotQuery) { q.To = "soon" }, "is not a date"},
		{func(q *SlotQuery) { q.Duration = 0 }, "a meeting needs a length"},
		{func(q *SlotQuery) { q.Duration = -time.Hour }, "a meeting needs a length"},
		{func(q *SlotQuery) { q.Duration = 7 * time.Hour }, "a 7h meeting does not fit between 10:00 and 16:00"},
		{func(q *SlotQuery) { q.Duration = 90*time.Minute + time.Second }, "whole minutes"},
		{func(q *SlotQuery) { q.To = "2027-03-03" }, "367 days"},
		{func(q *SlotQuery) { q.EarliestStart, q.LatestEnd = 960, 600 }, "must be before the latest end"},
		{func(q *SlotQuery) { q.EarliestStart, q.LatestEnd = 600, 1500 }, "between 00:01 and 24:00"},
		{func(q *SlotQuery) { q.Step = time.Minute }, "from 5 minutes"},
		{func(q *SlotQuery) { q.Weekdays = []int{0} }, "not a day of the week"},
		{func(q *SlotQuery) { q.Limit = -1 }, "cannot be negative"},
	}
	for _, c := range cases {
		q := ok
		c.edit(&q)
		err := q.Validate()
		var fe *FieldError
		if !errors.As(err, &fe) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("want %q, got %v", c.want, err)
		}
		if got := RankSlots([]PersonAvailability{person("a", RoleCarer)}, q); got != nil {
			t.Errorf("%q: RankSlots gave %d slots for an impossible query", c.want, len(got))
		}
	}
	// A whole year (366 days in a leap year) is allowed.
	year := SlotQuery{From: "2028-01-01", To: "2028-12-31", Duration: time.Hour}
	if err := year.Validate(); err != nil {
		t.Errorf("366 days: %v", err)
	}
}

func TestParseDurationAndHours(t *testing.T) {
	for in, want := range map[string]time.Duration{
		"2h": 2 * time.Hour, "90m": 90 * time.Minute, "1h30": 90 * time.Minute, "1h30m": 90 * time.Minute,
		"1:30": 90 * time.Minute, "1.5h": 90 * time.Minute, "2 hours": 2 * time.Hour, "45 minutes": 45 * time.Minute,
		"1 hour 15 mins": 75 * time.Minute,
	} {
		if got, err := ParseDuration(in); err != nil || got != want {
			t.Errorf("ParseDuration(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "2", "soon", "0h", "-1h", "30s", "1:75", "25h", "1h30s"} {
		if got, err := ParseDuration(bad); err == nil {
			t.Errorf("ParseDuration(%q) = %v, want an error", bad, got)
		}
	}
	for _, d := range []time.Duration{2 * time.Hour, 90 * time.Minute, 45 * time.Minute} {
		if got, err := ParseDuration(DurationText(d)); err != nil || got != d {
			t.Errorf("DurationText(%v) = %q does not read back: %v %v", d, DurationText(d), got, err)
		}
	}
	for in, want := range map[string][2]int{
		"10:00-16:00": {600, 960}, "10-16": {600, 960}, "10am–4pm": {600, 960}, "9:30 to 13:00": {570, 780},
		"18:00-24:00": {1080, 1440}, "18:00-00:00": {1080, 1440},
	} {
		a, b, err := ParseHourRange(in)
		if err != nil || a != want[0] || b != want[1] {
			t.Errorf("ParseHourRange(%q) = %d, %d, %v; want %v", in, a, b, err, want)
		}
	}
	for _, bad := range []string{"", "10:00", "16:00-10:00", "ten-four", "10:00-25:00"} {
		if _, _, err := ParseHourRange(bad); err == nil {
			t.Errorf("ParseHourRange(%q) accepted", bad)
		}
	}
}

func TestSuggestSlots(t *testing.T) {
	s := recOpen(t)
	f := recForum(t, s, "Carers' Voice")
	u := recPerson(t, s, "Una User", f.ID)
	c := recPerson(t, s, "Cara Carer", f.ID)
	c.Role = RoleCarer
	if err := s.SavePerson(recCtx, &c, nil); err != nil {
		t.Fatal(err)
	}
	out := recPerson(t, s, "Not A Member")
	for _, p := range []Person{u, c, out} {
		if err := s.SetAvailability(recCtx, p.ID, []WeeklySlot{ws(2, 600, 960, AnswerYes), ws(4, 600, 960, AnswerNo)}); err != nil {
			t.Fatal(err)
		}
	}
	needs := AccessNeeds{PersonID: c.ID, AvailabilityReason: "cares for mum on Thursdays"}
	if err := s.SaveAccessNeeds(recCtx, &needs); err != nil {
		t.Fatal(err)
	}
	if err := s.AddException(recCtx, &Exception{PersonID: u.ID, From: "2026-06-23", Note: "hospital"}); err != nil {
		t.Fatal(err)
	}
	// An exception outside the range is not loaded (and changes nothing).
	if err := s.AddException(recCtx, &Exception{PersonID: u.ID, From: "2027-01-01", Answer: AnswerYes}); err != nil {
		t.Fatal(err)
	}
	q := SlotQuery{ForumID: f.ID, From: "2026-06-22", To: "2026-06-26", Duration: 2 * time.Hour, Limit: 100}
	slots, err := s.SuggestSlots(recCtx, q)
	if err != nil {
		t.Fatal(err)
	}
	if len(slots) != 5*17 {
		t.Fatalf("%d slots, want %d", len(slots), 5*17)
	}
	for _, sl := range slots {
		if n := sl.Yes + sl.Maybe + sl.No + sl.Unknown; n != 2 {
			t.Fatalf("%d people counted; the non-member must not be", n)
		}
	}
	thu := slotAt(t, slots, "2026-06-25", "10:00")
	if thu.No != 2 || len(thu.Cannot) != 2 {
		t.Fatalf("Thursday: %+v", thu)
	}
	reasons := map[string]string{}
	for _, p := range thu.Cannot {
		reasons[p.Name] = p.Reason
	}
	if reasons["Cara Carer"] != "cares for mum on Thursdays" || reasons["Una User"] != "" {
		t.Errorf("Thursday reasons %v", reasons)
	}
	tue := slotAt(t, slots, "2026-06-23", "10:00")
	if tue.Yes != 1 || tue.No != 1 || tue.Cannot[0].Reason != "hospital" || !tue.CarersCovered || tue.UsersCovered {
		t.Errorf("Tuesday: %+v", tue)
	}

	// By people instead of a forum.
	q2 := q
	q2.ForumID, q2.PersonIDs = "", []string{out.ID, u.ID}
	slots, err = s.SuggestSlots(recCtx, q2)
	if err != nil {
		t.Fatal(err)
	}
	if sl := slotAt(t, slots, "2026-06-23", "10:00"); sl.Yes != 1 || sl.No != 1 {
		t.Errorf("chosen people, Tuesday: %+v", sl)
	}

	// Impossible queries.
	q3 := q
	q3.To = "2026-06-01"
	if _, err := s.SuggestSlots(recCtx, q3); err == nil || !strings.Contains(err.Error(), "before the first") {
		t.Errorf("to before from: %v", err)
	}
	q4 := q
	q4.ForumID = ""
	if _, err := s.SuggestSlots(recCtx, q4); err == nil || !strings.Contains(err.Error(), "choose a forum") {
		t.Errorf("nobody: %v", err)
	}
	q5 := q
	q5.ForumID = "no-such-forum"
	if _, err := s.SuggestSlots(recCtx, q5); !errors.Is(err, ErrNotFound) {
		t.Errorf("no forum: %v", err)
	}
	// Not before: today's earlier slots are dropped.
	q6 := q
	q6.NotBefore = recLondon(2026, 6, 22, 12, 10)
	slots, _ = s.SuggestSlots(recCtx, q6)
	for _, sl := range slots {
		if sl.Start.Before(q6.NotBefore) {
			t.Errorf("slot %s is before %s", sl.Start, q6.NotBefore)
		}
	}
	if len(slots) != 4*17+8 { // 12:15 … 14:00 on the Monday
		t.Errorf("%d slots from Monday 12:10 on, want %d", len(slots), 4*17+8)
	}
}

// benchPeople makes n people with realistic patterns (two to six rows a
// week) and a few exceptions over March 2026.
func benchPeople(n int) []PersonAvailability {
	rng := rand.New(rand.NewPCG(1, 2))
	roles := []Role{RoleServiceUser, RoleCarer, RoleBoth, RoleWorker}
	answers := []Answer{AnswerYes, AnswerYes, AnswerMaybe, AnswerNo}
	out := make([]PersonAvailability, n)
	for i := range out {
		p := &out[i]
		p.Member = Member{ID: fmt.Sprintf("p%04d", i), Name: fmt.Sprintf("Person %d", i), Role: roles[rng.IntN(len(roles))]}
		p.Reason = "school run"
		for d := 1; d <= 7; d++ {
			if rng.IntN(3) == 0 {
				continue
			}
			start := 480 + 30*rng.IntN(8)
			for start < 1260 && rng.IntN(4) != 0 {
				end := min(1260, start+60*(1+rng.IntN(4)))
				p.Weekly = append(p.Weekly, ws(d, start, end, answers[rng.IntN(len(answers))]))
				start = end + 30*rng.IntN(2)
			}
		}
		if rng.IntN(5) == 0 {
			day := 2 + rng.IntN(25)
			p.Exceptions = append(p.Exceptions, Exception{PersonID: p.ID,
				From: fmt.Sprintf("2026-03-%02d", day), To: fmt.Sprintf("2026-03-%02d", min(31, day+rng.IntN(7))), Answer: AnswerNo, Note: "away"})
		}
	}
	return out
}

// BenchmarkRankSlots200x4weeks: a 200-member forum, four weeks (across the
// spring clock change), 2-hour meetings between 09:00 and 21:00 at 15-minute
// steps, every slot ranked and filled in with who cannot come.
func BenchmarkRankSlots200x4weeks(b *testing.B) {
	people := benchPeople(200)
	q := SlotQuery{From: "2026-03-09", To: "2026-04-05", Duration: 2 * time.Hour,
		EarliestStart: 9 * 60, LatestEnd: 21 * 60, Step: 15 * time.Minute}
	var n int
	b.ReportAllocs()
	for b.Loop() {
		n = len(RankSlots(people, q))
	}
	if n != 28*41 {
		b.Fatalf("%d slots, want %d", n, 28*41)
	}
}

// BenchmarkRankSlots200x4weeksTop10 is the same, keeping the best ten (as
// the command line does by default).
func BenchmarkRankSlots200x4weeksTop10(b *testing.B) {
	people := benchPeople(200)
	q := SlotQuery{From: "2026-03-09", To: "2026-04-05", Duration: 2 * time.Hour,
		EarliestStart: 9 * 60, LatestEnd: 21 * 60, Step: 15 * time.Minute, Limit: 10}
	b.ReportAllocs()
	for b.Loop() {
		RankSlots(people, q)
	}
}

// BenchmarkSuggestSlots200x4weeks adds loading the forum from the database.
func BenchmarkSuggestSlots200x4weeks(b *testing.B) {
	s, err := Open(b.TempDir() + "/bench.db")
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	f := Forum{Name: "Big forum"}
	if err := s.SaveForum(recCtx, &f); err != nil {
		b.Fatal(err)
	}
	for _, bp := range benchPeople(200) {
		p := Person{Name: bp.Name, Role: bp.Role}
		if err := s.SavePerson(recCtx, &p, []string{f.ID}); err != nil {
			b.Fatal(err)
		}
		if err := s.SetAvailability(recCtx, p.ID, bp.Weekly); err != nil {
			b.Fatal(err)
		}
		for _, e := range bp.Exceptions {
			e.PersonID = p.ID
			if err := s.AddException(recCtx, &e); err != nil {
				b.Fatal(err)
			}
		}
	}
	q := SlotQuery{ForumID: f.ID, From: "2026-03-09", To: "2026-04-05", Duration: 2 * time.Hour,
		EarliestStart: 9 * 60, LatestEnd: 21 * 60}
	b.ResetTimer()
	for b.Loop() {
		if _, err := s.SuggestSlots(recCtx, q); err != nil {
			b.Fatal(err)
		}
	}
}

// TestRankSlotsMatchesNaive checks the fast core against the rule worked
// out minute by minute, for random people over weeks that include both
// clock changes.
func TestRankSlotsMatchesNaive(t *testing.T) {
	people := benchPeople(40)
	rng := rand.New(rand.NewPCG(7, 8))
	for i := range people {
		// Exceptions of every answer, some overlapping.
		for range rng.IntN(3) {
			day := 20 + rng.IntN(20)
			a := []Answer{AnswerYes, AnswerMaybe, AnswerNo}[rng.IntN(3)]
			from := time.Date(2026, 3, day, 12, 0, 0, 0, London)
			people[i].Exceptions = append(people[i].Exceptions, Exception{PersonID: people[i].ID, Answer: a, Note: string(a),
				From: from.Format(DateLayout), To: from.AddDate(0, 0, rng.IntN(4)).Format(DateLayout)})
		}
	}
	for _, q := range []SlotQuery{
		{From: "2026-03-23", To: "2026-04-05", Duration: 2 * time.Hour, EarliestStart: 8 * 60, LatestEnd: 21 * 60, Step: 15 * time.Minute},
		{From: "2026-10-19", To: "2026-11-01", Duration: 75 * time.Minute, EarliestStart: 0, LatestEnd: 1440, Step: 25 * time.Minute},
		{From: "2026-03-28", To: "2026-03-30", Duration: 30 * time.Minute, EarliestStart: 0, LatestEnd: 240, Step: 5 * time.Minute, Weekdays: []int{6, 7}},
	} {
		slots := RankSlots(people, q)
		if len(slots) == 0 {
			t.Fatalf("%+v: no slots", q)
		}
		grids := make([]*WeekGrid, len(people))
		for i, p := range people {
			grids[i] = NewWeekGrid(p.Weekly)
		}
		for n, sl := range slots {
			l := sl.Start.In(London)
			date, wd := l.Format(DateLayout), ISOWeekday(sl.Start)
			from := l.Hour()*60 + l.Minute()
			var yes, maybe, no, unknown int
			var cannot []string
			for i, p := range people {
				a, _ := grids[i].Get(wd, from, from+int(q.Duration/time.Minute))
				// Exceptions that day replace the pattern; the worst of them holds.
				worst := uint8(0)
				for _, e := range p.Exceptions {
					if e.Covers(date) {
						worst = max(worst, e.Answer.code())
					}
				}
				if worst != 0 {
					a = answerOf(worst)
				}
				switch a {
				case AnswerYes:
					yes++
				case AnswerMaybe:
					maybe++
				case AnswerNo:
					no++
					cannot = append(cannot, p.ID)
				default:
					unknown++
				}
			}
			if sl.Yes != yes || sl.Maybe != maybe || sl.No != no || sl.Unknown != unknown {
				t.Fatalf("%s: %d/%d/%d/%d, minute by minute %d/%d/%d/%d", l.Format(time.DateTime),
					sl.Yes, sl.Maybe, sl.No, sl.Unknown, yes, maybe, no, unknown)
			}
			var got []string
			for _, c := range sl.Cannot {
				got = append(got, c.ID)
			}
			if strings.Join(got, ",") != strings.Join(cannot, ",") {
				t.Fatalf("%s: cannot %v, want %v", l.Format(time.DateTime), got, cannot)
			}
			if n > 0 && slots[n-1].Score < sl.Score {
				t.Fatalf("slot %d outranks slot %d", n, n-1)
			}
			if len(q.Weekdays) > 0 && wd != 6 && wd != 7 {
				t.Fatalf("a slot on weekday %d", wd)
			}
		}
	}
}

func FuzzParseDuration(f *testing.F) {
	for _, s := range []string{"2h", "1h30", "1:30", "90 minutes", "1.5h", "", "0", "-1h", "h", "1h30s"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDuration(s)
		if err != nil {
			return
		}
		if d <= 0 || d > 24*time.Hour || d%time.Minute != 0 {
			t.Fatalf("%q gave %v", s, d)
		}
		if again, err := ParseDuration(DurationText(d)); err != nil || again != d {
			t.Fatalf("%q → %v → %q → %v, %v", s, d, DurationText(d), again, err)
		}
	})
}

func FuzzParseHourRange(f *testing.F) {
	for _, s := range []string{"10:00-16:00", "10-16", "9am to 5pm", "18:00–24:00", "", "-", "25-26"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, b, err := ParseHourRange(s)
		if err != nil {
			return
		}
		if a < 0 || b > 1440 || a >= b {
			t.Fatalf("%q gave %d–%d", s, a, b)
		}
	})
}
