package store

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"time"
)

// The demo's access needs and standing availability: every address,
// street and note is made up.

// demoWeek is one kind of standing availability, with the private reason
// people of that kind give. Rows for weekday 0 hold Monday to Friday,
// except on a day the kind has rows of its own.
type demoWeek struct {
	reason string
	rows   []WeeklySlot // weekday 0 means Monday to Friday
}

// hm writes a time of day as minutes: hm(9, 30) is 570.
func hm(h, m int) int { return h*60 + m }

var demoWeeks = []demoWeek{
	{"", []WeeklySlot{{Weekday: 0, StartMin: hm(10, 0), EndMin: hm(16, 0), Answer: AnswerYes}}},
	{"script pick-up mornings", []WeeklySlot{
		{Weekday: 0, StartMin: hm(8, 0), EndMin: hm(12, 0), Answer: AnswerNo},
		{Weekday: 0, StartMin: hm(12, 0), EndMin: hm(17, 0), Answer: AnswerYes}}},
	{"school run", []WeeklySlot{
		{Weekday: 0, StartMin: hm(8, 0), EndMin: hm(9, 30), Answer: AnswerNo},
		{Weekday: 0, StartMin: hm(9, 30), EndMin: hm(14, 30), Answer: AnswerYes},
		{Weekday: 0, StartMin: hm(14, 30), EndMin: hm(16, 0), Answer: AnswerNo}}},
	{"works weekdays", []WeeklySlot{
		{Weekday: 0, StartMin: hm(9, 0), EndMin: hm(17, 0), Answer: AnswerNo},
		{Weekday: 0, StartMin: hm(17, 30), EndMin: hm(20, 30), Answer: AnswerYes},
		{Weekday: 6, StartMin: hm(10, 0), EndMin: hm(16, 0), Answer: AnswerMaybe}}},
	{"appointments most mornings", []WeeklySlot{
		{Weekday: 0, StartMin: hm(10, 0), EndMin: hm(13, 0), Answer: AnswerMaybe},
		{Weekday: 0, StartMin: hm(13, 0), EndMin: hm(17, 0), Answer: AnswerYes}}},
	{"cares for mum; a sitter comes on Tuesdays and Thursdays", []WeeklySlot{
		{Weekday: 0, StartMin: hm(10, 0), EndMin: hm(15, 0), Answer: AnswerMaybe},
		{Weekday: 2, StartMin: hm(10, 0), EndMin: hm(15, 0), Answer: AnswerYes},
		{Weekday: 4, StartMin: hm(10, 0), EndMin: hm(15, 0), Answer: AnswerYes}}},
	{"clinic on Wednesday mornings", []WeeklySlot{
		{Weekday: 0, StartMin: hm(10, 0), EndMin: hm(16, 0), Answer: AnswerYes},
		{Weekday: 3, StartMin: hm(9, 0), EndMin: hm(13, 0), Answer: AnswerNo},
		{Weekday: 3, StartMin: hm(13, 0), EndMin: hm(16, 0), Answer: AnswerYes}}},
	{"works shifts", []WeeklySlot{
		{Weekday: 0, StartMin: hm(18, 0), EndMin: hm(21, 0), Answer: AnswerYes},
		{Weekday: 0, StartMin: hm(9, 0), EndMin: hm(14, 0), Answer: AnswerMaybe},
		{Weekday: 6, StartMin: hm(10, 0), EndMin: hm(14, 0), Answer: AnswerYes},
		{Weekday: 7, StartMin: hm(8, 0), EndMin: hm(21, 0), Answer: AnswerNo}}},
}

// Which kinds of week service users, carers and staff tend to have.
var (
	demoUserWeeks   = []int{0, 1, 1, 4, 4, 6, 6, 7, 0, 2}
	demoCarerWeeks  = []int{0, 2, 2, 3, 5, 5, 5, 3, 0, 7}
	demoWorkerWeeks = []int{0, 0, 0, 6}
)

var demoStreets = []string{
	"Larkspur Way", "Quillon Street", "Tansy Row", "Marrowby Road", "Fennick Close", "Wrenhaven Avenue",
	"Stonechat Walk", "Mirefield Terrace", "Cobbleford Lane", "Hollinwick Drive", "Pellowmoor Road",
	"Thistlegate Street", "Brindlecombe Court", "Amberlith Grove",
}

var demoDistricts = []string{"M8", "M9", "M11", "M12", "M13", "M14", "M15", "M16", "M18", "M19", "M20", "M21", "M22", "M40"}

const demoInwardLetters = "ABDEFGHJLNPQRSTUWXYZ"

var demoDiets = []string{"Vegetarian", "Halal", "Vegan", "Gluten-free", "Diabetic: needs to eat at regular times", "Kosher", "No nuts"}

var demoOther = []string{
	"Prefers a seat near the door.",
	"Needs a short break every hour.",
	"A quiet room at the break helps.",
	"Finds printed agendas easier than reading from a screen.",
}

var demoAwayNotes = []string{"Away visiting family", "On holiday", "Away on a course", "Staying with her sister"}
var demoDayNotes = []string{"Appointment", "Hospital appointment", "Job interview", "Grandchild's school play"}

// insertDemoAccess gives the demo people standing availability, a few
// dated exceptions and their access needs. It draws on a random stream of
// its own, so the rest of the demo is the same with or without it.
func (s *Store) insertDemoAccess(ctx context.Context, tx *sql.Tx, d *demoDB, seed int64) error {
	rng := rand.New(rand.NewPCG(uint64(seed), 0x6163636573732121))
	chance := func(p float64) bool { return rng.Float64() < p }
	pick := func(list []string) string { return list[rng.IntN(len(list))] }

	insNeeds, err := tx.PrepareContext(ctx, "INSERT INTO access_needs ("+accessCols+") VALUES (?"+repeatArgs(19)+")")
	if err != nil {
		return fmt.Errorf("access_needs: %w", err)
	}
	defer insNeeds.Close()
	insExc, err := tx.PrepareContext(ctx, "INSERT INTO availability_exceptions ("+exceptionCols+") VALUES (?"+repeatArgs(8)+")")
	if err != nil {
		return fmt.Errorf("availability_exceptions: %w", err)
	}
	defer insExc.Close()

	today := d.now.In(London)
	date := func(days int) string {
		return time.Date(today.Year(), today.Month(), today.Day()+days, 12, 0, 0, 0, London).Format(DateLayout)
	}
	// Only forum members are asked when they can come: in the large demo
	// most people belong to no forum.
	member := make([]bool, len(d.people))
	for _, f := range d.forums {
		for _, m := range f.members {
			member[m] = true
		}
	}
	weeks := newDemoBatch(ctx, tx, "availability", metaCols+", person_id, weekday, start_min, end_min, answer", 9)
	for i := range d.people {
		p := &d.people[i]
		if !member[i] {
			continue
		}
		staff := p.role == RoleWorker || p.role == RoleSeniorOfficer
		stamp := ts(later(p.created, d.now.AddDate(0, 0, -30-rng.IntN(200))))

		// Standing availability.
		reason := ""
		if (staff && chance(0.5)) || (!staff && chance(0.8)) {
			kinds := demoUserWeeks
			switch {
			case staff:
				kinds = demoWorkerWeeks
			case p.role == RoleCarer:
				kinds = demoCarerWeeks
			case p.role == RoleBoth && chance(0.5):
				kinds = demoCarerWeeks
			}
			week := demoWeeks[kinds[rng.IntN(len(kinds))]]
			reason = week.reason
			never := 0
			if chance(0.2) {
				never = 1 + rng.IntN(5) // a weekday they never can
			}
			for wd := 1; wd <= 7; wd++ {
				if wd == never {
					weeks.add(newID(), stamp, stamp, 1, p.id, wd, hm(8, 0), hm(21, 0), string(AnswerNo))
					continue
				}
				own := false // rows for this very day replace the Monday-to-Friday ones
				for _, r := range week.rows {
					own = own || r.Weekday == wd
				}
				for _, r := range week.rows {
					if r.Weekday == wd || (r.Weekday == 0 && wd <= 5 && !own) {
						weeks.add(newID(), stamp, stamp, 1, p.id, wd, r.StartMin, r.EndMin, string(r.Answer))
					}
				}
			}
			// A few dated exceptions.
			if chance(0.12) {
				from := 3 + rng.IntN(40)
				if _, err := insExc.ExecContext(ctx, newID(), stamp, stamp, 1, p.id, date(from), date(from+3+rng.IntN(12)),
					string(AnswerNo), pick(demoAwayNotes)); err != nil {
					return fmt.Errorf("exception of %s: %w", p.name, err)
				}
			}
			if chance(0.08) {
				day := date(1 + rng.IntN(50))
				if _, err := insExc.ExecContext(ctx, newID(), stamp, stamp, 1, p.id, day, day, string(AnswerNo), pick(demoDayNotes)); err != nil {
					return fmt.Errorf("exception of %s: %w", p.name, err)
				}
			}
			if chance(0.04) {
				day := date(1 + rng.IntN(50))
				if _, err := insExc.ExecContext(ctx, newID(), stamp, stamp, 1, p.id, day, day, string(AnswerYes), "Has a sitter that day"); err != nil {
					return fmt.Errorf("exception of %s: %w", p.name, err)
				}
			}
		}
		if staff {
			continue // staff make their own way and need nothing recorded
		}

		// Transport and support.
		a := AccessNeeds{AvailabilityReason: reason, Transport: TransportOwn}
		switch r := rng.Float64(); {
		case r < 0.25:
			a.Transport = TransportFare
		case r < 0.37:
			a.Transport = TransportTaxi
		case r < 0.45:
			a.Transport = TransportLift
		case r < 0.55:
			a.Transport = TransportCommunity
		}
		pickup := a.Transport == TransportTaxi || a.Transport == TransportCommunity
		if pickup {
			a.Wheelchair = chance(0.25)
			a.MobilityAid = !a.Wheelchair && chance(0.2)
			a.Escort = (a.Wheelchair && chance(0.35)) || chance(0.05)
		} else {
			a.MobilityAid = chance(0.04)
		}
		if a.NeedsPickup() {
			a.PickupAddress = fmt.Sprintf("%d %s", 1+rng.IntN(140), pick(demoStreets))
			a.PickupPostcode = fmt.Sprintf("%s %d%c%c", pick(demoDistricts), 1+rng.IntN(9),
				demoInwardLetters[rng.IntN(len(demoInwardLetters))], demoInwardLetters[rng.IntN(len(demoInwardLetters))])
		}
		switch nameScript(p.name) {
		case "han":
			if chance(0.4) {
				a.InterpreterLanguage = "Mandarin"
			}
		case "arabic":
			if chance(0.4) {
				a.InterpreterLanguage = pick([]string{"Urdu", "Arabic"})
			}
		case "bengali":
			if chance(0.4) {
				a.InterpreterLanguage = "Bengali"
			}
		case "cyrillic":
			if chance(0.4) {
				a.InterpreterLanguage = "Ukrainian"
			}
		default:
			if chance(0.02) {
				a.InterpreterLanguage = "Polish"
			}
		}
		a.BSL = chance(0.02)
		a.LargePrint = chance(0.05)
		a.HearingLoop = chance(0.04)
		a.StepFree = a.Wheelchair || a.MobilityAid || chance(0.03)
		a.Childcare = (p.role == RoleCarer && chance(0.12)) || chance(0.05)
		if chance(0.15) {
			a.Dietary = pick(demoDiets)
		}
		if chance(0.03) {
			a.SupportOther = pick(demoOther)
		}
		if a == (AccessNeeds{Transport: TransportOwn}) {
			continue // nothing to record
		}
		if _, err := insNeeds.ExecContext(ctx, newID(), stamp, stamp, 1, p.id, a.AvailabilityReason, string(a.Transport),
			boolInt(a.Wheelchair), boolInt(a.MobilityAid), boolInt(a.Escort), a.PickupAddress, a.PickupPostcode,
			a.InterpreterLanguage, boolInt(a.BSL), boolInt(a.LargePrint), boolInt(a.HearingLoop), boolInt(a.StepFree),
			boolInt(a.Childcare), a.Dietary, a.SupportOther); err != nil {
			return fmt.Errorf("access needs of %s: %w", p.name, err)
		}
	}
	return weeks.flush()
}

// demoBatch inserts rows many at a time: one statement per hundred rows
// costs far less than one per row.
type demoBatch struct {
	ctx   context.Context
	tx    *sql.Tx
	table string
	cols  string
	width int
	args  []any
	full  *sql.Stmt
	err   error
}

const demoBatchRows = 100

func newDemoBatch(ctx context.Context, tx *sql.Tx, table, cols string, width int) *demoBatch {
	return &demoBatch{ctx: ctx, tx: tx, table: table, cols: cols, width: width}
}

func (b *demoBatch) statement(rows int) string {
	one := "(?" + repeatArgs(b.width-1) + ")"
	q := make([]byte, 0, len(b.cols)+rows*(len(one)+1)+40)
	q = append(q, "INSERT INTO "+b.table+" ("+b.cols+") VALUES "...)
	for i := range rows {
		if i > 0 {
			q = append(q, ',')
		}
		q = append(q, one...)
	}
	return string(q)
}

func (b *demoBatch) add(row ...any) {
	if b.err != nil {
		return
	}
	b.args = append(b.args, row...)
	if len(b.args) < demoBatchRows*b.width {
		return
	}
	if b.full == nil {
		if b.full, b.err = b.tx.PrepareContext(b.ctx, b.statement(demoBatchRows)); b.err != nil {
			b.err = fmt.Errorf("%s: %w", b.table, b.err)
			return
		}
	}
	if _, err := b.full.ExecContext(b.ctx, b.args...); err != nil {
		b.err = fmt.Errorf("%s: %w", b.table, err)
	}
	b.args = b.args[:0]
}

// flush writes what is left and closes the statement; it returns the first
// error met.
func (b *demoBatch) flush() error {
	if b.full != nil {
		defer b.full.Close()
	}
	if b.err == nil && len(b.args) > 0 {
		if _, err := b.tx.ExecContext(b.ctx, b.statement(len(b.args)/b.width), b.args...); err != nil {
			b.err = fmt.Errorf("%s: %w", b.table, err)
		}
	}
	return b.err
}

// repeatArgs is ",?" n times.
func repeatArgs(n int) string {
	b := make([]byte, 0, 2*n)
	for range n {
		b = append(b, ",?"...)
	}
	return string(b)
}
