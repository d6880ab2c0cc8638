package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/involve/involve/assets"
)

// Demo database sizes.
const (
	// DemoPeople is the default number of people in a demo database: a small
	// partnership of about seven forums.
	DemoPeople = 60
	// DemoLarge is the number of people from which WriteDemo builds the large
	// benchmark shape (10,000 people give 200 forums, 5,000 meetings and about
	// 50,000 attendance records).
	DemoLarge = 1000
	// DemoMaxPeople is the most people WriteDemo will make.
	DemoMaxPeople = 200_000
)

// demoClock is the time a demo database is built around: meetings are held
// over the months before it and planned for the two months after it. It is
// the wall clock; tests call writeDemo with a fixed clock instead.
var demoClock = time.Now

// WriteDemo creates a new database at path filled with fictional forums,
// people, meetings, registers, agendas, minutes and actions, and marks it
// as a demo (setting "demo" = "yes"). It refuses to touch a file that
// already exists and is not empty.
//
// The same people and seed give the same names, roles, forums, dates and
// texts (record IDs are fresh UUIDs each time). Dates are relative to the
// moment it runs (demoClock): past meetings are held or cancelled, the next
// two months' are planned.
//
// Scale: up to DemoLarge people, about people/7 forums (at most the eight in
// assets/demo/forums.txt) of 8 to 25 members, meeting monthly over the last
// 8 months and the next 2. From DemoLarge people on, the benchmark shape:
// people/50 forums of 5 to 15 members, each meeting monthly over the last 22
// months and the next 2 (25 meetings each), so 10,000 people give 200
// forums, 5,000 meetings and about 50,000 attendance records. Everything is
// written in one transaction.
func WriteDemo(ctx context.Context, path string, people int, seed int64) error {
	return writeDemo(ctx, path, people, seed, demoClock)
}

// WriteDemoAt is WriteDemo built around a fixed moment instead of now, so
// that tests and golden screens see the same dates on every run.
func WriteDemoAt(ctx context.Context, path string, people int, seed int64, now time.Time) error {
	return writeDemo(ctx, path, people, seed, func() time.Time { return now })
}

func writeDemo(ctx context.Context, path string, people int, seed int64, clock func() time.Time) (err error) {
	if people < 1 || people > DemoMaxPeople {
		return fmt.Errorf("a demo database has between 1 and %d people, not %d", DemoMaxPeople, people)
	}
	existed, err := checkDemoTarget(path)
	if err != nil {
		return err
	}
	s, err := Open(path)
	if err != nil {
		return err
	}
	defer func() {
		cerr := s.Close()
		if err == nil {
			err = cerr
		}
		if err != nil {
			// Leave nothing half-made behind.
			os.Remove(path + "-wal")
			os.Remove(path + "-shm")
			if existed {
				os.Truncate(path, 0)
			} else {
				os.Remove(path)
			}
		}
	}()
	s.SetClock(clock)
	d, err := planDemo(s.now(), people, seed)
	if err != nil {
		return err
	}
	if err := s.tx(unrecorded(ctx), func(tx *sql.Tx) error { return s.insertDemo(ctx, tx, d, seed) }); err != nil {
		return fmt.Errorf("cannot write the demo database: %w", err)
	}
	// Give the query planner statistics for the freshly loaded tables:
	// sqlite_stat1 is enough for the queries involve makes, and the
	// samples ANALYZE also keeps in sqlite_stat4 are read and sorted by
	// every connection that opens the file (~2 ms at every start).
	if _, err := s.db.ExecContext(ctx, "PRAGMA optimize=0x10002"); err != nil {
		return err
	}
	var stat4 int
	if err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat4'").Scan(&stat4); err != nil || stat4 == 0 {
		return err
	}
	_, err = s.db.ExecContext(ctx, "DELETE FROM sqlite_stat4")
	return err
}

// checkDemoTarget refuses a path that holds data; it says whether an empty
// file was already there.
func checkDemoTarget(path string) (existed bool, err error) {
	if path == "" {
		return false, errors.New("no database path given")
	}
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return false, err
	case fi.IsDir():
		return false, fmt.Errorf("%s is a folder, not a database file", path)
	case fi.Size() > 0:
		return false, fmt.Errorf("%s already exists and is not empty: a demo database is only written to a new file", path)
	default:
		existed = true
	}
	if fi, err := os.Stat(path + "-wal"); err == nil && fi.Size() > 0 {
		return false, fmt.Errorf("%s-wal exists beside it: a demo database is only written to a new file", path)
	}
	return existed, nil
}

// The demo, planned in memory before it is written.

type demoPerson struct {
	id, name, preferred, phone, email, consentDate, notes string
	role                                                  Role
	contactBy                                             ContactBy
	consent                                               bool
	created                                               time.Time
	turnout                                               float64 // how likely they are to come
}

func (p *demoPerson) display() string { return DisplayName(p.name, p.preferred) }

type demoForum struct {
	id                            string
	name, purpose, venue, pattern string
	social                        bool
	created                       time.Time
	members                       []int // indexes into demo.people
	memberSince                   []time.Time
	chair                         int // a member who chairs, -1 for the coordinator
	nth, hour, minute             int
	weekday                       time.Weekday
}

type demoMeeting struct {
	id                string
	forum             int
	start, end        time.Time
	venue             string
	status            MeetingStatus
	agenda, minutes   string
	created, updated  time.Time
	register          []Attendance // parallel to the forum's members
	firstAct, numActs int          // its actions in demo.actions
}

type demoAction struct {
	id                 string
	meeting            int
	description, owner string
	due                string
	done               bool
	created, updated   time.Time
}

type demoDB struct {
	now      time.Time
	people   []demoPerson
	forums   []demoForum
	meetings []demoMeeting
	actions  []demoAction
}

// demoGen holds what planning needs as it goes.
type demoGen struct {
	rng      *rand.Rand
	now      time.Time
	today    string
	d        *demoDB
	topics   []assets.Topic
	feedback []assets.Feedback
	ideas    []string
	venues   []string
}

func planDemo(now time.Time, people int, seed int64) (*demoDB, error) {
	now = now.UTC().Truncate(time.Second)
	g := &demoGen{
		rng:      rand.New(rand.NewPCG(uint64(seed), 0x696e766f6c7665)),
		now:      now,
		today:    LocalDate(now),
		d:        &demoDB{now: now},
		topics:   assets.Topics(),
		feedback: assets.YouSaidWeDid(),
		ideas:    assets.ActionIdeas(),
		venues:   assets.Venues(),
	}
	large := people >= DemoLarge
	back, ahead := 8, 2
	minSize, maxSize := 8, 25
	templates := assets.Forums()
	nForums := min(len(templates), max(1, people/7))
	if large {
		back = 22
		minSize, maxSize = 5, 15
		nForums = people / 50
	}
	// The first meeting month starts here; people and forums come before it.
	nowL := now.In(London)
	firstMonth := time.Date(nowL.Year(), nowL.Month()-time.Month(back), 1, 0, 0, 0, 0, London)

	g.planPeople(people, firstMonth)
	if err := g.planForums(nForums, templates, firstMonth, minSize, maxSize); err != nil {
		return nil, err
	}
	for fi := range g.d.forums {
		g.planMeetings(fi, nowL, back, ahead)
	}
	return g.d, nil
}

// chance is true with probability p.
func (g *demoGen) chance(p float64) bool { return g.rng.Float64() < p }

func (g *demoGen) pickString(list []string) string { return list[g.rng.IntN(len(list))] }

// at is a London time of day on the calendar day of t.
func at(t time.Time, hour, minute int) time.Time {
	t = t.In(London)
	return time.Date(t.Year(), t.Month(), t.Day(), hour, minute, 0, 0, London)
}

func earlier(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// nameScript sorts a name by the script it is written in.
func nameScript(s string) string {
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Han, r):
			return "han"
		case unicode.Is(unicode.Arabic, r):
			return "arabic"
		case unicode.Is(unicode.Bengali, r):
			return "bengali"
		case unicode.Is(unicode.Cyrillic, r):
			return "cyrillic"
		case unicode.IsLetter(r):
			return "latin"
		}
	}
	return "latin"
}

// emailFold turns a Latin-script name into the letters of an email address;
// it is "" for a name in another script.
func emailFold(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
		case strings.ContainsRune("áàâäãåąả", r):
			b.WriteByte('a')
		case strings.ContainsRune("éèêëęễ", r):
			b.WriteByte('e')
		case strings.ContainsRune("íìîïı", r):
			b.WriteByte('i')
		case strings.ContainsRune("óòôöõøő", r):
			b.WriteByte('o')
		case strings.ContainsRune("úùûüů", r):
			b.WriteByte('u')
		case strings.ContainsRune("çćč", r):
			b.WriteByte('c')
		case strings.ContainsRune("śšș", r):
			b.WriteByte('s')
		case strings.ContainsRune("żźž", r):
			b.WriteByte('z')
		case strings.ContainsRune("ńñ", r):
			b.WriteByte('n')
		case r == 'ł':
			b.WriteByte('l')
		case r == 'ß':
			b.WriteString("ss")
		case r == 'ă' || r == 'ā':
			b.WriteByte('a')
		}
	}
	return b.String()
}

var demoNotes = []string{
	"Prefers afternoon meetings.",
	"Needs a taxi to meetings; the coordinator books it.",
	"Large-print agendas, please.",
	"Brings a child under five: needs a crèche place.",
	"Happy to co-chair.",
	"Needs an Urdu interpreter.",
	"Interested in helping to train staff.",
	"Step-free access needed.",
	"Paper copies by post; no email.",
}

func (g *demoGen) planPeople(n int, firstMonth time.Time) {
	rng := g.rng
	// Roles in fixed proportions, then shuffled.
	roles := make([]Role, 0, n)
	quota := func(r Role, k int) {
		for range k {
			if len(roles) < n {
				roles = append(roles, r)
			}
		}
	}
	officers, workers := n*3/100, n*8/100
	if n >= 20 {
		officers, workers = max(1, officers), max(2, workers)
	}
	quota(RoleSeniorOfficer, officers)
	quota(RoleWorker, workers)
	quota(RoleOther, n/100)
	quota(RoleBoth, n*6/100)
	quota(RoleCarer, n*27/100)
	quota(RoleServiceUser, n-len(roles))
	rng.Shuffle(len(roles), func(i, j int) { roles[i], roles[j] = roles[j], roles[i] })

	// Most names pair within a community and a script; some cross over.
	type firstName struct {
		name, script string
		group        int
	}
	groups := assets.NameGroups()
	var firsts []firstName
	var anyLatin []string
	surnames := make([]map[string][]string, len(groups)) // by group, then script
	for gi, grp := range groups {
		for _, f := range grp.FirstNames {
			firsts = append(firsts, firstName{f, nameScript(f), gi})
		}
		surnames[gi] = map[string][]string{}
		for _, l := range grp.Surnames {
			sc := nameScript(l)
			surnames[gi][sc] = append(surnames[gi][sc], l)
			if sc == "latin" {
				anyLatin = append(anyLatin, l)
			}
		}
	}
	names := make(map[string]bool, n)
	emails := make(map[string]int, n)
	g.d.people = make([]demoPerson, n)
	for i := range g.d.people {
		p := &g.d.people[i]
		p.id = newID()
		p.role = roles[i]
		var first firstName
		var last string
		for try := 0; try < 12; try++ {
			first = firsts[rng.IntN(len(firsts))]
			pool := surnames[first.group][first.script]
			if len(pool) == 0 {
				pool = surnames[first.group]["latin"]
			}
			if len(pool) == 0 || (first.script == "latin" && g.chance(0.12)) {
				pool = anyLatin
			}
			last = g.pickString(pool)
			if first.script == "han" && nameScript(last) == "han" {
				p.name = last + first.name // family name first, no space
			} else {
				p.name = first.name + " " + last
			}
			if !names[p.name] {
				break
			}
		}
		names[p.name] = true
		if first.script == "latin" && g.chance(0.15) {
			p.preferred = first.name + " " + string([]rune(last)[0]) + "."
		}
		// Joined at some point in the eighteen months before the first meeting.
		day := firstMonth.AddDate(0, 0, -1-rng.IntN(540))
		p.created = at(day, 9+rng.IntN(8), rng.IntN(60)).UTC()

		staff := p.role == RoleWorker || p.role == RoleSeniorOfficer
		if local := emailFold(first.name); local != "" {
			if l := emailFold(last); l != "" {
				local += "." + l
				if staff || g.chance(0.35) {
					emails[local]++
					if k := emails[local]; k > 1 {
						local += fmt.Sprint(k)
					}
					p.email = local + "@example.org"
				}
			}
		}
		if staff || g.chance(0.85) {
			p.phone = fmt.Sprintf("07700 900%03d", rng.IntN(1000))
		}
		switch {
		case staff && p.email != "":
			p.contactBy = ContactEmail
		case p.phone != "" && p.email != "":
			p.contactBy = []ContactBy{ContactPhone, ContactText, ContactEmail, ContactText}[rng.IntN(4)]
		case p.phone != "":
			p.contactBy = []ContactBy{ContactPhone, ContactText, ContactText, ContactNone}[rng.IntN(4)]
		case p.email != "":
			p.contactBy = ContactEmail
		default:
			p.contactBy = []ContactBy{ContactPost, ContactInPerson, ContactNone}[rng.IntN(3)]
		}
		if staff || g.chance(0.88) {
			p.consent = true
			p.consentDate = LocalDate(p.created)
		}
		if staff {
			p.turnout = 0.9
		} else {
			p.turnout = 0.45 + 0.5*rng.Float64()
			if g.chance(0.06) {
				p.notes = g.pickString(demoNotes)
			}
		}
	}
}

// parsePattern reads "Second Tuesday, 13:00".
func parsePattern(s string) (nth int, wd time.Weekday, hour, minute int, err error) {
	day, clock, ok := strings.Cut(s, ",")
	ord, wdName, ok2 := strings.Cut(strings.TrimSpace(day), " ")
	if !ok || !ok2 {
		return 0, 0, 0, 0, fmt.Errorf("demo forum pattern %q: want like \"Second Tuesday, 13:00\"", s)
	}
	nth = map[string]int{"first": 1, "second": 2, "third": 3, "fourth": 4, "last": -1}[strings.ToLower(ord)]
	wd = -1
	for d := time.Sunday; d <= time.Saturday; d++ {
		if strings.EqualFold(d.String(), strings.TrimSpace(wdName)) {
			wd = d
		}
	}
	if nth == 0 || wd < 0 {
		return 0, 0, 0, 0, fmt.Errorf("demo forum pattern %q: unknown week or day", s)
	}
	hour, minute, err = ParseClock(clock)
	return nth, wd, hour, minute, err
}

func patternString(nth int, wd time.Weekday, hour, minute int) string {
	ord := map[int]string{1: "First", 2: "Second", 3: "Third", 4: "Fourth", -1: "Last"}[nth]
	return fmt.Sprintf("%s %s, %02d:%02d", ord, wd, hour, minute)
}

// nthWeekday is the day of the month of the nth (or, for -1, last) weekday.
func nthWeekday(year int, month time.Month, nth int, wd time.Weekday) int {
	if nth < 0 {
		last := time.Date(year, month+1, 0, 12, 0, 0, 0, London)
		return last.Day() - (int(last.Weekday())-int(wd)+7)%7
	}
	first := time.Date(year, month, 1, 12, 0, 0, 0, London)
	return 1 + (int(wd)-int(first.Weekday())+7)%7 + 7*(nth-1)
}

func (g *demoGen) planForums(n int, templates []assets.Forum, firstMonth time.Time, minSize, maxSize int) error {
	rng := g.rng
	d := g.d
	var users, carers, workers, officers, anyone []int
	for i, p := range d.people {
		switch p.role {
		case RoleServiceUser:
			users = append(users, i)
		case RoleCarer:
			carers = append(carers, i)
		case RoleBoth:
			users = append(users, i)
			carers = append(carers, i)
		case RoleWorker:
			workers = append(workers, i)
		case RoleSeniorOfficer:
			officers = append(officers, i)
		}
		if p.role != RoleWorker && p.role != RoleSeniorOfficer {
			anyone = append(anyone, i)
		}
	}
	areas := assets.Areas()
	rng.Shuffle(len(areas), func(i, j int) { areas[i], areas[j] = areas[j], areas[i] })
	hours := [][2]int{{10, 0}, {10, 30}, {11, 0}, {13, 0}, {13, 30}, {14, 0}, {18, 0}, {18, 30}}

	d.forums = make([]demoForum, n)
	for fi := range d.forums {
		f := &d.forums[fi]
		t := templates[fi%len(templates)]
		f.id = newID()
		f.purpose, f.social = t.Purpose, t.Social
		f.created = at(firstMonth.AddDate(0, 0, -30-rng.IntN(60)), 11, 0).UTC()
		if fi < len(templates) {
			f.name, f.venue, f.pattern = t.Name, t.Venue, t.Pattern
			var err error
			if f.nth, f.weekday, f.hour, f.minute, err = parsePattern(t.Pattern); err != nil {
				return err
			}
		} else {
			// A local forum of the same kind: "Carers' Voice (Eastfield)".
			k := fi/len(templates) - 1
			f.name = fmt.Sprintf("%s (%s)", t.Name, areas[k%len(areas)])
			if k >= len(areas) {
				f.name = fmt.Sprintf("%s (%s %d)", t.Name, areas[k%len(areas)], k/len(areas)+1)
			}
			f.venue = g.pickString(g.venues)
			f.nth = []int{1, 2, 3, 4, -1}[rng.IntN(5)]
			f.weekday = time.Monday + time.Weekday(rng.IntN(5))
			hm := hours[rng.IntN(len(hours))]
			f.hour, f.minute = hm[0], hm[1]
			f.pattern = patternString(f.nth, f.weekday, f.hour, f.minute)
		}

		in := map[int]bool{}
		add := func(pool []int) bool {
			if len(pool) == 0 {
				return false
			}
			for range 30 {
				if p := pool[rng.IntN(len(pool))]; !in[p] {
					in[p] = true
					f.members = append(f.members, p)
					return true
				}
			}
			return false
		}
		size := minSize + rng.IntN(maxSize-minSize+1)
		nWorkers, nOfficers := 1+rng.IntN(2), 0
		if g.chance(0.25) {
			nOfficers = 1 // senior officers keep regular contact with forums
		}
		userShare := map[string]float64{"users": 0.9, "carers": 0.2, "mixed": 0.5, "panel": 0.5}[t.Members]
		switch t.Members {
		case "carers":
			nWorkers = 1
		case "panel":
			nOfficers = 2 + rng.IntN(2)
		}
		for range nWorkers {
			add(workers)
		}
		for range nOfficers {
			add(officers)
		}
		for len(f.members) < size {
			pool := carers
			if g.chance(userShare) {
				pool = users
			}
			if !add(pool) && !add(anyone) {
				break
			}
		}
		f.chair = -1
		for _, m := range f.members {
			if r := d.people[m].role; r != RoleWorker && r != RoleSeniorOfficer && g.chance(0.5) {
				f.chair = m
				break
			}
		}
		f.memberSince = make([]time.Time, len(f.members))
		for j, m := range f.members {
			f.memberSince[j] = later(f.created, d.people[m].created)
		}
	}
	return nil
}

func (g *demoGen) planMeetings(fi int, nowL time.Time, back, ahead int) {
	rng := g.rng
	d := g.d
	f := &d.forums[fi]
	first := len(d.meetings)
	lastHeld, nextPlanned := -1, -1
	for k := -back; k <= ahead; k++ {
		month := time.Date(nowL.Year(), nowL.Month()+time.Month(k), 1, 12, 0, 0, 0, London)
		day := nthWeekday(month.Year(), month.Month(), f.nth, f.weekday)
		m := demoMeeting{
			id:     newID(),
			forum:  fi,
			start:  time.Date(month.Year(), month.Month(), day, f.hour, f.minute, 0, 0, London).UTC(),
			end:    time.Date(month.Year(), month.Month(), day, f.hour+2, f.minute, 0, 0, London).UTC(),
			venue:  f.venue,
			status: MeetingPlanned,
		}
		if g.chance(0.1) {
			m.venue = g.pickString(g.venues)
		}
		m.created = earlier(m.start.AddDate(0, 0, -28), g.now)
		m.updated = m.created
		switch {
		case m.end.After(g.now):
			if nextPlanned < 0 {
				nextPlanned = len(d.meetings)
			}
		case g.chance(0.07):
			m.status = MeetingCancelled
			m.updated = earlier(m.start.AddDate(0, 0, -2), g.now)
		default:
			m.status = MeetingHeld
			m.updated = earlier(m.start.AddDate(0, 0, 3), g.now)
			lastHeld = len(d.meetings)
		}
		m.register = make([]Attendance, len(f.members))
		daysAway := m.start.Sub(g.now).Hours() / 24
		for j, pi := range f.members {
			p := &d.people[pi]
			r := rng.Float64()
			switch {
			case m.status == MeetingHeld && r < p.turnout:
				m.register[j] = Attended
			case m.status == MeetingHeld && r < p.turnout+(1-p.turnout)/2:
				m.register[j] = Apologies
			case m.status == MeetingHeld:
				m.register[j] = DidNotAttend
			case m.status == MeetingCancelled && r < 0.4:
				m.register[j] = Confirmed
			case m.status == MeetingPlanned && daysAway < 21 && r < p.turnout*0.8:
				m.register[j] = Confirmed
			case m.status == MeetingPlanned && r < 0.15:
				m.register[j] = Confirmed
			default:
				m.register[j] = Invited
			}
		}
		d.meetings = append(d.meetings, m)
		if m.status == MeetingHeld {
			g.planActions(len(d.meetings) - 1)
		}
	}
	// Something due soon on the dashboard: the last meeting's first action is
	// still open and falls due within the next fortnight.
	if lastHeld >= 0 && d.meetings[lastHeld].numActs > 0 {
		a := &d.actions[d.meetings[lastHeld].firstAct]
		a.done = false
		a.due = LocalDate(g.now.AddDate(0, 0, 1+rng.IntN(12)))
		a.updated = a.created
	}
	recent := g.now.AddDate(0, 0, -92)
	for i := first; i < len(d.meetings); i++ {
		m := &d.meetings[i]
		var next *demoMeeting
		if i+1 < len(d.meetings) {
			next = &d.meetings[i+1]
		}
		topic := g.topics[rng.IntN(len(g.topics))]
		if (m.status != MeetingPlanned && m.start.After(recent)) || i == nextPlanned {
			m.agenda = g.agenda(f, m, topic)
		}
		if m.status == MeetingHeld && m.start.After(recent) {
			var prev *demoMeeting
			if i > first {
				prev = &d.meetings[i-1]
			}
			m.minutes = g.minutes(f, m, prev, next, topic)
		}
	}
}

func (g *demoGen) planActions(mi int) {
	rng := g.rng
	d := g.d
	m := &d.meetings[mi]
	f := &d.forums[m.forum]
	m.firstAct = len(d.actions)
	m.numActs = 1 + rng.IntN(3)
	for range m.numActs {
		a := demoAction{id: newID(), meeting: mi, description: g.pickString(g.ideas), owner: "Coordinator"}
		if len(f.members) > 0 && g.chance(0.7) {
			// Often a worker, sometimes a member: actions are shared.
			pi := f.members[rng.IntN(len(f.members))]
			if d.people[f.members[0]].role == RoleWorker && g.chance(0.6) {
				pi = f.members[0]
			}
			a.owner = d.people[pi].display()
		}
		due := m.start.AddDate(0, 0, 14+rng.IntN(29))
		a.due = LocalDate(due)
		a.created = earlier(m.start.AddDate(0, 0, 1), g.now)
		a.updated = a.created
		// Old actions are nearly all done; a few recent ones are overdue.
		doneChance := 0.1
		switch {
		case due.Before(g.now.AddDate(0, 0, -60)):
			doneChance = 0.97
		case a.due < g.today:
			doneChance = 0.7
		}
		if g.chance(doneChance) {
			a.done = true
			a.updated = later(a.created, earlier(at(due, 16, 0).UTC(), g.now))
		}
		d.actions = append(d.actions, a)
	}
	slices.SortStableFunc(d.actions[m.firstAct:], func(a, b demoAction) int { return strings.Compare(a.due, b.due) })
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

func capitalise(s string) string {
	for i, r := range s {
		return string(unicode.ToUpper(r)) + s[i+utf8.RuneLen(r):]
	}
	return s
}

func meetingWhen(t time.Time) string { return t.In(London).Format("Monday 2 January 2006, 15:04") }

func (g *demoGen) chairName(f *demoForum) string {
	if f.chair < 0 {
		return "The coordinator"
	}
	return g.d.people[f.chair].display()
}

func (g *demoGen) agenda(f *demoForum, m *demoMeeting, t assets.Topic) string {
	var b strings.Builder
	fmt.Fprintf(&b, "**%s** — %s at %s\n\n", f.name, meetingWhen(m.start), m.venue)
	b.WriteString("Taxis are booked for everyone who asked. Bring receipts for travel and childcare: expenses are paid on the day.\n\n")
	b.WriteString("## Welcome and introductions\n\nTea and coffee from 15 minutes before. Ground rules and confidentiality.\n\n")
	b.WriteString("## Minutes and actions from the last meeting\n\n")
	b.WriteString("## Update from commissioners\n\n")
	b.WriteString("## You said, we did\n\n")
	fmt.Fprintf(&b, "## Consultation: %s\n\n", t.Title)
	if f.social {
		b.WriteString("## Social: lunch and a catch-up\n\n")
	}
	b.WriteString("## Any other business\n\n## Date of next meeting\n")
	return b.String()
}

func (g *demoGen) minutes(f *demoForum, m, prev, next *demoMeeting, t assets.Topic) string {
	d := g.d
	counts := map[Attendance]int{}
	for _, a := range m.register {
		counts[a]++
	}
	var b strings.Builder
	fmt.Fprintf(&b, "**%s** — %s at %s\n\n", f.name, meetingWhen(m.start), m.venue)
	b.WriteString("## Welcome and introductions\n\n")
	fmt.Fprintf(&b, "%s chaired and welcomed everyone. %d people came; %d sent apologies.", g.chairName(f), counts[Attended], counts[Apologies])
	if f.social {
		b.WriteString(" Lunch was shared before the meeting.")
	}
	b.WriteString("\n\n## Minutes and actions from the last meeting\n\n")
	if prev == nil || prev.numActs == 0 {
		b.WriteString("The minutes of the last meeting were agreed.\n\n")
	} else {
		done := 0
		for _, a := range d.actions[prev.firstAct : prev.firstAct+prev.numActs] {
			if a.done {
				done++
			}
		}
		switch {
		case done == 1 && prev.numActs == 1:
			b.WriteString("The minutes were agreed. The action from last time is done.\n\n")
		case done == prev.numActs:
			fmt.Fprintf(&b, "The minutes were agreed. All %s from last time are done.\n\n", plural(prev.numActs, "action", "actions"))
		default:
			fmt.Fprintf(&b, "The minutes were agreed. %d of the %s from last time are done; the rest carry forward.\n\n",
				done, plural(prev.numActs, "action", "actions"))
		}
	}
	fmt.Fprintf(&b, "## Update from commissioners\n\n%s\n\n", t.Update)
	fb := g.feedback[g.rng.IntN(len(g.feedback))]
	fmt.Fprintf(&b, "## You said, we did\n\n- **You said:** %s\n- **We did:** %s\n\n", fb.YouSaid, fb.WeDid)
	fmt.Fprintf(&b, "## Consultation: %s\n\nPoints members raised:\n\n", t.Title)
	for _, p := range t.Points {
		fmt.Fprintf(&b, "- %s\n", capitalise(p))
	}
	b.WriteString("\n## Actions\n\n")
	for _, a := range d.actions[m.firstAct : m.firstAct+m.numActs] {
		due, _ := ParseDate(a.due)
		fmt.Fprintf(&b, "- %s — %s, by %s\n", a.description, a.owner, due.Format("2 January"))
	}
	b.WriteString("\n## Date of next meeting\n\n")
	if next != nil {
		fmt.Fprintf(&b, "%s at %s.\n", meetingWhen(next.start), next.venue)
	} else {
		b.WriteString("To be arranged.\n")
	}
	return b.String()
}

// insertDemo writes the planned demo with one prepared statement a table.
func (s *Store) insertDemo(ctx context.Context, tx *sql.Tx, d *demoDB, seed int64) error {
	var stmts []*sql.Stmt
	defer func() {
		for _, st := range stmts {
			st.Close()
		}
	}()
	var prepErr error
	prep := func(table, cols string) *sql.Stmt {
		if prepErr != nil {
			return nil
		}
		n := strings.Count(cols, ",") + 1
		st, err := tx.PrepareContext(ctx, "INSERT INTO "+table+" ("+cols+") VALUES (?"+strings.Repeat(",?", n-1)+")")
		if err != nil {
			prepErr = fmt.Errorf("%s: %w", table, err)
			return nil
		}
		stmts = append(stmts, st)
		return st
	}
	insPerson := prep("people", personCols)
	insForum := prep("forums", forumCols)
	insMember := prep("memberships", "id, forum_id, person_id, created_at, updated_at, version")
	insMeeting := prep("meetings", meetingCols)
	insAttend := prep("attendance", "id, meeting_id, person_id, status, created_at, updated_at, version")
	insAction := prep("actions", actionCols)
	if prepErr != nil {
		return prepErr
	}

	for _, p := range d.people {
		c := ts(p.created)
		review := ""
		if p.consent {
			review = ConsentReviewFor(p.consentDate)
		}
		if _, err := insPerson.ExecContext(ctx, p.id, c, c, 1, p.name, p.preferred, string(p.role), p.phone,
			p.email, string(p.contactBy), boolInt(p.consent), p.consentDate, p.notes, review); err != nil {
			return fmt.Errorf("person %s: %w", p.name, err)
		}
	}
	for _, f := range d.forums {
		c := ts(f.created)
		if _, err := insForum.ExecContext(ctx, f.id, c, c, 1, f.name, f.purpose, f.venue, f.pattern, boolInt(f.social)); err != nil {
			return fmt.Errorf("forum %s: %w", f.name, err)
		}
		for j, pi := range f.members {
			c := ts(f.memberSince[j])
			if _, err := insMember.ExecContext(ctx, newID(), f.id, d.people[pi].id, c, c, 1); err != nil {
				return fmt.Errorf("membership of %s: %w", f.name, err)
			}
		}
	}
	for _, m := range d.meetings {
		f := &d.forums[m.forum]
		c, u := ts(m.created), ts(m.updated)
		if _, err := insMeeting.ExecContext(ctx, m.id, c, u, 1, f.id, ts(m.start), ts(m.end), m.venue,
			string(m.status), m.agenda, m.minutes); err != nil {
			return fmt.Errorf("meeting of %s: %w", f.name, err)
		}
		for j, pi := range f.members {
			if _, err := insAttend.ExecContext(ctx, newID(), m.id, d.people[pi].id, string(m.register[j]), c, u, 1); err != nil {
				return fmt.Errorf("register of %s: %w", f.name, err)
			}
		}
	}
	for _, a := range d.actions {
		if _, err := insAction.ExecContext(ctx, a.id, ts(a.created), ts(a.updated), 1, d.meetings[a.meeting].id, nil,
			a.description, a.owner, a.due, boolInt(a.done)); err != nil {
			return fmt.Errorf("action: %w", err)
		}
	}
	if err := s.insertDemoAccess(ctx, tx, d, seed); err != nil {
		return err
	}
	if err := s.insertDemoTransport(ctx, tx, d, seed); err != nil {
		return err
	}
	if err := s.insertDemoMoney(ctx, tx, d, seed); err != nil {
		return err
	}
	if err := s.insertDemoConsultations(ctx, tx, d, seed); err != nil {
		return err
	}
	if err := s.insertDemoStories(ctx, tx, d, seed); err != nil {
		return err
	}
	if err := s.insertDemoEquality(ctx, tx, d, seed); err != nil {
		return err
	}
	if err := s.insertDemoInfluence(ctx, tx, d, seed); err != nil {
		return err
	}
	if err := s.insertDemoRights(ctx, tx, d, seed); err != nil {
		return err
	}
	if err := s.setSetting(ctx, tx, SettingDemo, "yes"); err != nil {
		return err
	}
	return s.setSetting(ctx, tx, "demo_seed", fmt.Sprint(seed))
}
