package store

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The acceptable hours a SlotQuery uses when it names none, and the step
// between candidate start times.
const (
	DefaultEarliestStart = 10 * 60 // 10:00
	DefaultLatestEnd     = 16 * 60 // 16:00
	DefaultStep          = 15 * time.Minute
	// MaxSlotDays is the longest date range a query may cover.
	MaxSlotDays = 366
)

// SlotQuery asks for the best times for a group to meet.
type SlotQuery struct {
	// ForumID names the group: the forum's members. PersonIDs names a group
	// of people instead (SuggestSlots uses whichever is set; RankSlots is
	// given the people).
	ForumID   string
	PersonIDs []string
	// From and To are London dates (YYYY-MM-DD or DD/MM/YYYY), inclusive.
	From, To string
	// Duration is how long the meeting lasts.
	Duration time.Duration
	// EarliestStart and LatestEnd are the acceptable hours, in minutes after
	// London midnight (LatestEnd at most 1440). Both 0 means 10:00–16:00.
	EarliestStart, LatestEnd int
	// Step is the time between candidate starts: 15 minutes when 0.
	Step time.Duration
	// Weekdays limits the days looked at (1 = Monday … 7 = Sunday); every
	// day when empty.
	Weekdays []int
	// Limit is how many of the best slots to return; 0 returns them all.
	Limit int
	// NotBefore drops slots that start before it (zero: none dropped).
	NotBefore time.Time
}

// withDefaults fills in the acceptable hours and step when unset.
func (q SlotQuery) withDefaults() SlotQuery {
	if q.EarliestStart == 0 && q.LatestEnd == 0 {
		q.EarliestStart, q.LatestEnd = DefaultEarliestStart, DefaultLatestEnd
	}
	if q.Step == 0 {
		q.Step = DefaultStep
	}
	return q
}

// Validate refuses an impossible query with a plain message: dates that
// are not dates, To before From, a range over 366 days, a meeting with no
// length or too long for the acceptable hours, hours the wrong way round.
func (q SlotQuery) Validate() error {
	_, _, _, err := q.resolve()
	return err
}

// resolve checks the query and returns it with defaults, its first day
// (London midnight) and how many days it covers.
func (q SlotQuery) resolve() (SlotQuery, time.Time, int, error) {
	q = q.withDefaults()
	if strings.TrimSpace(q.From) == "" {
		return q, time.Time{}, 0, fieldErr("From", "enter the first day to look at, like 2026-03-02")
	}
	from, err := ParseDate(q.From)
	if err != nil {
		return q, time.Time{}, 0, fieldErr("From", "%s", err)
	}
	if strings.TrimSpace(q.To) == "" {
		return q, time.Time{}, 0, fieldErr("To", "enter the last day to look at, like 2026-03-30")
	}
	to, err := ParseDate(q.To)
	if err != nil {
		return q, time.Time{}, 0, fieldErr("To", "%s", err)
	}
	if to.Before(from) {
		return q, time.Time{}, 0, fieldErr("To", "the last day (%s) is before the first (%s)",
			to.Format(DateLayout), from.Format(DateLayout))
	}
	days := calendarDays(from, to) + 1
	if days > MaxSlotDays {
		return q, time.Time{}, 0, fieldErr("To", "that is %d days; look at %d days at most at a time", days, MaxSlotDays)
	}
	switch {
	case q.EarliestStart < 0 || q.EarliestStart >= 1440:
		return q, time.Time{}, 0, fieldErr("Hours", "the earliest start must be between 00:00 and 23:59")
	case q.LatestEnd <= 0 || q.LatestEnd > 1440:
		return q, time.Time{}, 0, fieldErr("Hours", "the latest end must be between 00:01 and 24:00")
	case q.LatestEnd <= q.EarliestStart:
		return q, time.Time{}, 0, fieldErr("Hours", "the earliest start (%s) must be before the latest end (%s)",
			ClockText(q.EarliestStart), ClockText(q.LatestEnd))
	}
	switch {
	case q.Duration <= 0:
		return q, time.Time{}, 0, fieldErr("Duration", "a meeting needs a length, like 2h")
	case q.Duration%time.Minute != 0:
		return q, time.Time{}, 0, fieldErr("Duration", "give the length in whole minutes, like 1h30")
	case int(q.Duration/time.Minute) > q.LatestEnd-q.EarliestStart:
		return q, time.Time{}, 0, fieldErr("Duration", "a %s meeting does not fit between %s and %s",
			DurationText(q.Duration), ClockText(q.EarliestStart), ClockText(q.LatestEnd))
	}
	if q.Step < 5*time.Minute || q.Step > 24*time.Hour || q.Step%time.Minute != 0 {
		return q, time.Time{}, 0, fieldErr("Step", "the step between start times must be whole minutes, from 5 minutes to 24 hours")
	}
	for _, d := range q.Weekdays {
		if d < 1 || d > 7 {
			return q, time.Time{}, 0, fieldErr("Days", "day %d is not a day of the week (1 is Monday, 7 is Sunday)", d)
		}
	}
	if q.Limit < 0 {
		return q, time.Time{}, 0, fieldErr("Limit", "the number of times to list cannot be negative")
	}
	return q, from, days, nil
}

// calendarDays counts the calendar days from a to b (both London midnights).
func calendarDays(a, b time.Time) int {
	ay, am, ad := a.Date()
	by, bm, bd := b.Date()
	da := time.Date(ay, am, ad, 0, 0, 0, 0, time.UTC)
	db := time.Date(by, bm, bd, 0, 0, 0, 0, time.UTC)
	return int(db.Sub(da) / (24 * time.Hour))
}

// PersonAvailability is what the slot finder knows about one person: who
// they are, their weekly pattern, their exceptions and the private reason
// behind their availability.
type PersonAvailability struct {
	Member
	Reason     string
	Weekly     []WeeklySlot
	Exceptions []Exception
}

// IsUser says whether a role counts as a service user when finding a time.
func IsUser(r Role) bool { return r == RoleServiceUser || r == RoleBoth }

// IsCarer says whether a role counts as a carer when finding a time.
func IsCarer(r Role) bool { return r == RoleCarer || r == RoleBoth }

// Slot is one candidate meeting time and who can come.
type Slot struct {
	Start, End time.Time
	// How many people answered yes, if need be (maybe), no, or were never asked.
	Yes, Maybe, No, Unknown int
	// Users and Carers count the service users and carers who can come (yes
	// or if need be); they are covered when at least one can.
	Users, Carers               int
	UsersCovered, CarersCovered bool
	// Score orders the slots: more yes, then more if need be, then fewer no,
	// then more of users and carers covered. Higher is better.
	Score int64
	// Cannot lists who answered no and why. The reasons are private: show
	// them to the coordinator only.
	Cannot []SlotPerson
}

// Date is the slot's London date, YYYY-MM-DD.
func (s Slot) Date() string { return LocalDate(s.Start) }

// Both says whether service users and carers can both come.
func (s Slot) Both() bool { return s.UsersCovered && s.CarersCovered }

// SlotPerson is someone who cannot come to a slot, and why.
type SlotPerson struct {
	Member
	// Reason is the exception's note when an exception says no that day,
	// else the person's availability reason; "" when none was given.
	Reason string
	// Exception is true when a dated exception, not the weekly pattern, says no.
	Exception bool
}

// candidate is a slot found while ranking, before it is filled in.
type candidate struct {
	score                                  int64
	day, off                               int32
	yes, maybe, no, unknown, users, carers int32
}

// RankSlots lists the candidate slots of q for these people, best first
// (see Slot.Score), at most q.Limit of them. It is pure and fast: every
// person's answer for every start time of every weekday is worked out once,
// then each date only looks it up, with that day's exceptions on top.
//
// A person's answer for a slot is the worst answer over the slot's minutes
// in their weekly pattern (no, then not known, then if need be, then yes),
// where minutes their pattern says nothing about are not known. A dated
// exception on that day replaces the pattern for the whole day.
//
// Times are London times: a 13:00 slot starts at 13:00 local time in
// March and November alike. On the day the clocks go forward, start times
// in the missing hour do not exist and are skipped; on the day they go
// back, a time in the doubled hour is offered once. A slot whose wall-clock
// length differs from its real length, because the clocks change during
// it, is skipped. An impossible query gives nil: check it with Validate.
func RankSlots(people []PersonAvailability, q SlotQuery) []Slot {
	q, first, days, err := q.resolve()
	if err != nil {
		return nil
	}
	dur := int(q.Duration / time.Minute)
	step := int(q.Step / time.Minute)
	offs := (q.LatestEnd-dur-q.EarliestStart)/step + 1
	P := len(people)

	// table[((weekday-1)*offs+off)*P + p] is person p's answer code for the
	// slot starting at EarliestStart+off*step on that weekday.
	table := make([]uint8, 7*offs*P)
	role := make([]int32, P) // 1: a service user, 2: a carer, 3: both
	hasExc := make([]bool, P)
	var rows []WeeklySlot
	for p := range people {
		if IsUser(people[p].Role) {
			role[p] |= 1
		}
		if IsCarer(people[p].Role) {
			role[p] |= 2
		}
		rows = append(rows[:0], people[p].Weekly...)
		slices.SortFunc(rows, func(a, b WeeklySlot) int {
			if a.Weekday != b.Weekday {
				return a.Weekday - b.Weekday
			}
			return a.StartMin - b.StartMin
		})
		i := 0
		for wd := 1; wd <= 7; wd++ {
			for i < len(rows) && rows[i].Weekday < wd {
				i++
			}
			j := i
			for j < len(rows) && rows[j].Weekday == wd {
				j++
			}
			day := rows[i:j]
			base := (wd - 1) * offs
			for off := range offs {
				s := q.EarliestStart + off*step
				table[(base+off)*P+p] = worstOver(day, s, s+dur)
			}
			i = j
		}
	}

	// Exceptions, by day of the query: who has one and what it says.
	type override struct {
		p    int32
		code uint8
	}
	var overrides [][]override
	lastDay := first.AddDate(0, 0, days-1).Format(DateLayout)
	firstDay := first.Format(DateLayout)
	for p := range people {
		for _, e := range people[p].Exceptions {
			if e.To < firstDay || e.From > lastDay || !e.Answer.valid() {
				continue
			}
			a, errA := time.ParseInLocation(DateLayout, max(e.From, firstDay), London)
			b, errB := time.ParseInLocation(DateLayout, min(e.To, lastDay), London)
			if errA != nil || errB != nil {
				continue
			}
			if overrides == nil {
				overrides = make([][]override, days)
			}
			hasExc[p] = true
			for d := calendarDays(first, a); d <= calendarDays(first, b); d++ {
				overrides[d] = append(overrides[d], override{int32(p), e.Answer.code()})
			}
		}
	}

	var wantDay [8]bool
	for _, d := range q.Weekdays {
		wantDay[d] = true
	}
	worst := make([]uint8, P) // the day's exception for each person, 0 for none
	var dayOv []override      // the day's exceptions, one per person
	cands := make([]candidate, 0, days*offs)
	y, m, d0 := first.Date()
	for day := range days {
		date := time.Date(y, m, d0+day, 0, 0, 0, 0, London)
		wd := (int(date.Weekday())+6)%7 + 1
		if len(q.Weekdays) > 0 && !wantDay[wd] {
			continue
		}
		next := time.Date(y, m, d0+day+1, 0, 0, 0, 0, London)
		if !q.NotBefore.IsZero() && !next.After(q.NotBefore) {
			continue // the whole day is too early
		}
		// A start time's instant is worked out only on a day the clocks
		// change, or when "not before" falls during the day.
		check := next.Sub(date) != 24*time.Hour || date.Before(q.NotBefore)
		dayOv = dayOv[:0]
		if overrides != nil {
			for _, o := range overrides[day] {
				if worst[o.p] == 0 {
					dayOv = append(dayOv, o)
				}
				worst[o.p] = max(worst[o.p], o.code)
			}
			for i := range dayOv {
				dayOv[i].code = worst[dayOv[i].p]
				worst[dayOv[i].p] = 0
			}
		}
		for off := range offs {
			s := q.EarliestStart + off*step
			if check {
				start, _, ok := slotTimes(y, m, d0+day, s, dur)
				if !ok || start.Before(q.NotBefore) {
					continue
				}
			}
			var n [5]int32
			var users, carers int32
			codes := table[((wd-1)*offs+off)*P : ((wd-1)*offs+off+1)*P]
			for p, code := range codes {
				n[code]++
				// can is 1 for yes and if need be, 0 for not known and no.
				can := 1 - int32(code-1)>>1
				r := role[p] * can
				users += r & 1
				carers += r >> 1
			}
			// The day's exceptions replace those people's answers.
			for _, o := range dayOv {
				was := codes[o.p]
				n[was]--
				n[o.code]++
				r := role[o.p]
				if was <= codeMaybe {
					users -= r & 1
					carers -= r >> 1
				}
				if o.code <= codeMaybe {
					users += r & 1
					carers += r >> 1
				}
			}
			c := candidate{day: int32(day), off: int32(off),
				yes: n[codeYes], maybe: n[codeMaybe], no: n[codeNo], unknown: n[codeUnknown],
				users: users, carers: carers}
			c.score = slotScore(P, c)
			cands = append(cands, c)
		}
	}

	// Best first; equal scores in time order.
	slices.SortFunc(cands, func(a, b candidate) int {
		switch {
		case a.score != b.score:
			return cmp.Compare(b.score, a.score)
		case a.day != b.day:
			return cmp.Compare(a.day, b.day)
		}
		return cmp.Compare(a.off, b.off)
	})
	if q.Limit > 0 && len(cands) > q.Limit {
		cands = cands[:q.Limit]
	}

	// Fill in the chosen slots: their times and who cannot come, with one
	// array behind every list of who cannot.
	total := 0
	for _, c := range cands {
		total += int(c.no)
	}
	cannot := make([]SlotPerson, 0, total)
	out := make([]Slot, len(cands))
	for i, c := range cands {
		s := q.EarliestStart + int(c.off)*step
		start, end, _ := slotTimes(y, m, d0+int(c.day), s, dur)
		out[i] = Slot{Start: start, End: end,
			Yes: int(c.yes), Maybe: int(c.maybe), No: int(c.no), Unknown: int(c.unknown),
			Users: int(c.users), Carers: int(c.carers), UsersCovered: c.users > 0, CarersCovered: c.carers > 0,
			Score: c.score}
		if c.no == 0 {
			continue
		}
		wd := ISOWeekday(start)
		date := ""
		codes := table[((wd-1)*offs+int(c.off))*P : ((wd-1)*offs+int(c.off)+1)*P]
		from := len(cannot)
		for p, code := range codes {
			exc, note := uint8(0), ""
			if hasExc[p] {
				if date == "" {
					date = start.In(London).Format(DateLayout)
				}
				if exc, note = exceptionOn(people[p].Exceptions, date); exc != 0 {
					code = exc
				}
			}
			if code != codeNo {
				continue
			}
			sp := SlotPerson{Member: people[p].Member, Reason: people[p].Reason, Exception: exc != 0}
			if exc != 0 && note != "" {
				sp.Reason = note
			}
			cannot = append(cannot, sp)
		}
		out[i].Cannot = cannot[from:len(cannot):len(cannot)]
	}
	return out
}

// slotScore encodes the ranking in one number: more yes, then more if
// need be, then fewer no, then both users and carers covered, then one.
func slotScore(n int, c candidate) int64 {
	b := int64(n) + 1
	covered := int64(0)
	if c.users > 0 {
		covered++
	}
	if c.carers > 0 {
		covered++
	}
	return ((int64(c.yes)*b+int64(c.maybe))*b+(int64(n)-int64(c.no)))*3 + covered
}

// worstOver is the worst answer code over the minutes [s, e) of one day's
// pattern rows (sorted by start); minutes no row covers are not known.
func worstOver(rows []WeeklySlot, s, e int) uint8 {
	cur, worst := s, uint8(0)
	for _, r := range rows {
		if r.EndMin <= s {
			continue
		}
		if r.StartMin >= e {
			break
		}
		if r.StartMin > cur {
			worst = max(worst, codeUnknown) // a gap
		}
		if r.Answer.valid() {
			worst = max(worst, r.Answer.code())
		} else {
			worst = max(worst, codeUnknown)
		}
		cur = max(cur, r.EndMin)
	}
	if cur < e {
		worst = max(worst, codeUnknown)
	}
	return worst
}

// exceptionOn is the worst answer code of the exceptions holding on a date
// (0 when none does) and the note of the one that gave it.
func exceptionOn(list []Exception, date string) (uint8, string) {
	code, note := uint8(0), ""
	for _, e := range list {
		if e.Covers(date) && e.Answer.valid() && e.Answer.code() > code {
			code, note = e.Answer.code(), e.Note
		}
	}
	return code, note
}

// slotTimes turns a London date and wall-clock minutes into the slot's
// start and end. ok is false when the start does not exist (the hour the
// clocks skip) or the clocks change during the slot.
func slotTimes(y int, m time.Month, d, startMin, dur int) (start, end time.Time, ok bool) {
	start = time.Date(y, m, d, startMin/60, startMin%60, 0, 0, London)
	end = start.Add(time.Duration(dur) * time.Minute)
	want := time.Date(y, m, d, 0, startMin+dur, 0, 0, time.UTC) // the wall clock at the end
	sl, el := start.In(London), end.In(London)
	ok = sl.Hour() == startMin/60 && sl.Minute() == startMin%60 &&
		el.Day() == want.Day() && el.Hour() == want.Hour() && el.Minute() == want.Minute()
	return start, end, ok
}

// SuggestSlots finds the best times for a forum's members (q.ForumID) or
// for a chosen group of people (q.PersonIDs) to meet: it loads who they
// are, their weekly patterns, their exceptions in the range and their
// private reasons, and ranks the slots with RankSlots.
func (s *Store) SuggestSlots(ctx context.Context, q SlotQuery) ([]Slot, error) {
	if err := s.allow(ctx, "SuggestSlots"); err != nil {
		return nil, err
	}
	r, _, _, err := q.resolve()
	if err != nil {
		return nil, err
	}
	people, err := s.slotPeople(ctx, r)
	if err != nil {
		return nil, err
	}
	if q.ForumID == "" {
		return RankSlots(people, q), nil
	}
	// Not a time when the forum meets already (planning it would be
	// refused): ranked in full, those dropped, then the limit.
	limit := q.Limit
	q.Limit = 0
	slots := RankSlots(people, q)
	held, err := s.inner().ForumMeetings(ctx, q.ForumID)
	if err != nil {
		return nil, err
	}
	slots = slices.DeleteFunc(slots, func(sl Slot) bool {
		for _, m := range held {
			if m.Status != MeetingCancelled && sl.Start.Before(m.End) && m.Start.Before(sl.End) {
				return true
			}
		}
		return false
	})
	if limit > 0 && len(slots) > limit {
		slots = slots[:limit]
	}
	return slots, nil
}

// slotPeople loads the people a query is about, with their patterns,
// their exceptions that touch its dates and their reasons, ordered by
// display name.
func (s *Store) slotPeople(ctx context.Context, q SlotQuery) ([]PersonAvailability, error) {
	from, err1 := NormalDate(q.From)
	to, err2 := NormalDate(q.To)
	if err1 != nil || err2 != nil {
		return nil, fieldErr("Dates", "give the first and last day as dates, like 2026-03-02")
	}
	var members []Member
	switch {
	case q.ForumID != "":
		if _, err := s.inner().Forum(ctx, q.ForumID); err != nil {
			return nil, err
		}
		members, err1 = s.inner().ForumMembers(ctx, q.ForumID)
	case len(q.PersonIDs) > 0:
		members, err1 = s.members(ctx, `SELECT id, name, preferred_name, role FROM people
			WHERE id IN (SELECT value FROM json_each(?))
			ORDER BY coalesce(nullif(preferred_name, ''), name) COLLATE NOCASE`, jsonStrings(q.PersonIDs))
	default:
		return nil, fieldErr("Who", "choose a forum or some people to find a time for")
	}
	if err1 != nil {
		return nil, err1
	}
	people := make([]PersonAvailability, len(members))
	index := make(map[string]int, len(members))
	ids := make([]string, len(members))
	for i, m := range members {
		people[i].Member = m
		index[m.ID] = i
		ids[i] = m.ID
	}
	if len(ids) == 0 {
		return people, nil
	}
	list := jsonStrings(ids)
	rows, err := s.db.QueryContext(ctx, `SELECT `+metaCols+`, person_id, weekday, start_min, end_min, answer
		FROM availability WHERE person_id IN (SELECT value FROM json_each(?)) ORDER BY person_id, weekday, start_min`, list)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		w, err := scanWeekly(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		p := &people[index[w.PersonID]]
		p.Weekly = append(p.Weekly, w)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = s.db.QueryContext(ctx, `SELECT `+exceptionCols+` FROM availability_exceptions
		WHERE person_id IN (SELECT value FROM json_each(?)) AND to_date >= ? AND from_date <= ?
		ORDER BY person_id, from_date`, list, from, to)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		e, err := scanException(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		p := &people[index[e.PersonID]]
		p.Exceptions = append(p.Exceptions, e)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = s.db.QueryContext(ctx, `SELECT person_id, availability_reason FROM access_needs
		WHERE person_id IN (SELECT value FROM json_each(?)) AND availability_reason != ''`, list)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id, reason string
		if err := rows.Scan(&id, &reason); err != nil {
			return nil, err
		}
		people[index[id]].Reason = reason
	}
	return people, rows.Err()
}

// jsonStrings writes a list of strings as a JSON array for json_each.
func jsonStrings(ss []string) string {
	var b strings.Builder
	b.WriteByte('[')
	for i, s := range ss {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.Quote(s))
	}
	b.WriteByte(']')
	return b.String()
}

// DurationText writes a meeting's length briefly: "2h", "1h30", "45m".
func DurationText(d time.Duration) string {
	mins := int(d / time.Minute)
	h, m := mins/60, mins%60
	switch {
	case h == 0:
		return fmt.Sprintf("%dm", m)
	case m == 0:
		return fmt.Sprintf("%dh", h)
	}
	return fmt.Sprintf("%dh%02d", h, m)
}

// ParseDuration reads a meeting's length: "2h", "90m", "1h30", "1h30m",
// "1:30", "1.5h", "2 hours", "90 minutes".
func ParseDuration(s string) (time.Duration, error) {
	k := strings.ToLower(strings.Join(strings.Fields(s), ""))
	if k == "" {
		return 0, fmt.Errorf("enter a length, like 2h or 1h30")
	}
	bad := fmt.Errorf("%q is not a length of time: write it like 2h, 90m or 1h30", strings.TrimSpace(s))
	if h, m, ok := strings.Cut(k, ":"); ok {
		hh, err1 := strconv.Atoi(h)
		mm, err2 := strconv.Atoi(m)
		if err1 != nil || err2 != nil || hh < 0 || mm < 0 || mm > 59 || len(m) != 2 {
			return 0, bad
		}
		k = fmt.Sprintf("%dh%dm", hh, mm)
	}
	k = strings.NewReplacer("hours", "h", "hour", "h", "hrs", "h", "hr", "h",
		"minutes", "m", "minute", "m", "mins", "m", "min", "m").Replace(k)
	if i := strings.IndexByte(k, 'h'); i >= 0 && i < len(k)-1 && !strings.HasSuffix(k, "m") {
		k += "m" // 1h30
	}
	d, err := time.ParseDuration(k)
	if err != nil || strings.ContainsAny(k, "s") {
		return 0, bad
	}
	if d <= 0 {
		return 0, fmt.Errorf("a meeting needs a length, like 2h")
	}
	if d%time.Minute != 0 {
		return 0, fmt.Errorf("give the length in whole minutes, like 1h30")
	}
	if d > 24*time.Hour {
		return 0, fmt.Errorf("%s is longer than a day", DurationText(d))
	}
	return d, nil
}

// ParseHourRange reads acceptable hours like "10:00-16:00", "10-16",
// "10am–4pm" or "9:30 to 13:00" into minutes after midnight. The end may
// be 24:00.
func ParseHourRange(s string) (earliest, latest int, err error) {
	k := strings.TrimSpace(s)
	var a, b string
	var ok bool
	for _, sep := range []string{"–", "—", " to ", "-"} {
		if a, b, ok = strings.Cut(k, sep); ok {
			break
		}
	}
	if !ok {
		return 0, 0, fmt.Errorf("%q: give the hours as a range, like 10:00-16:00", k)
	}
	if earliest, err = clockMinutes(a); err != nil {
		return 0, 0, err
	}
	if latest, err = clockMinutes(b); err != nil {
		return 0, 0, err
	}
	if latest == 0 {
		latest = 1440 // "18:00-00:00" ends at midnight
	}
	if latest <= earliest {
		return 0, 0, fmt.Errorf("%q: the hours must end after they start", k)
	}
	return earliest, latest, nil
}

// clockMinutes reads a time of day (13:00, 1pm, or a bare hour like 16)
// as minutes after midnight; 24:00 is 1440.
func clockMinutes(s string) (int, error) {
	k := strings.TrimSpace(s)
	if n, err := strconv.Atoi(k); err == nil && n >= 0 && n <= 24 {
		return n * 60, nil
	}
	if k == "24:00" || k == "2400" {
		return 1440, nil
	}
	h, m, err := ParseClock(k)
	if err != nil {
		return 0, err
	}
	return h*60 + m, nil
}
