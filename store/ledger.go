package store

// The benefit-aware ledger.
//
// Many people who are paid for their involvement receive benefits, and
// payments above a weekly or monthly amount (or more than so many hours a
// month) can affect them. The ledger totals, per person, what they receive
// in each week (Monday to Sunday, London) and each calendar month, and the
// hours of involvement in each month, and checks them against the
// thresholds in force (see SetThreshold). What counts, decided here and
// shown on screen:
//
//   - Involvement payments count; vouchers count like money. Expense claims
//     never count (they repay costs): the ledger lists them, marked so.
//   - What counts is what the person receives: the full amount, or the
//     reduced amount. A declined payment counts nothing; nor does a donated
//     one, which is paid to a cause, not to them. (A benefits adviser may
//     take a different view of a payment given away; the ledger shows
//     donations so the coordinator can see them.)
//   - One rule says when a payment counts, and every path uses it (see
//     MoneyDate): recording a payment and paying it (CheckPayment,
//     CheckPayPayment), a person's ledger (Ledger) and everyone's standing
//     (Standings). Money counts in the week and month it is paid, that
//     is, received; while it is not yet paid (claimed or approved) it
//     counts on the day of the involvement, the day it is due to be paid,
//     as money due; once paid it moves to the day it was paid. Thresholds
//     are checked against paid + due. Rejected payments do not count.
//   - Hours count on the day of the involvement (the meeting), for every
//     payment not rejected, whatever the person chose and whenever it is
//     paid: the time given is the same.
//   - A week or month is judged against the threshold in force on its last
//     day. No payments threshold is made up: with none set the ledger says
//     so. The hours cap is 30 hours a month unless one is set.

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"
)

// MoneyDate is the day a payment's money counts on, in the ledger and
// against the thresholds: the day it was paid (received), or while it is
// not yet paid, the day of the involvement (Date), when it is due. Its
// hours always count on Date. This is the one rule: recording a payment,
// paying it, a person's ledger and everyone's standing all count by it
// (Standings through the payments.ledger_date column, this rule in SQL).
func (p Payment) MoneyDate() string {
	if p.Status == StatusPaid && p.PaidOn != "" {
		return p.PaidOn
	}
	return p.Date
}

// WeekOf is the Monday and Sunday of the week (London) holding date.
func WeekOf(date string) (start, end string, err error) {
	d, err := time.ParseInLocation(DateLayout, date, London)
	if err != nil {
		return "", "", fmt.Errorf("%q is not a date like 2026-03-14", date)
	}
	mon := d.AddDate(0, 0, -((int(d.Weekday()) + 6) % 7))
	return mon.Format(DateLayout), mon.AddDate(0, 0, 6).Format(DateLayout), nil
}

// MonthOf is the first and last day of the month holding date.
func MonthOf(date string) (start, end string, err error) {
	d, err := time.ParseInLocation(DateLayout, date, London)
	if err != nil {
		return "", "", fmt.Errorf("%q is not a date like 2026-03-14", date)
	}
	first := time.Date(d.Year(), d.Month(), 1, 12, 0, 0, 0, London)
	return first.Format(DateLayout), first.AddDate(0, 1, -1).Format(DateLayout), nil
}

// LedgerPeriod is one week or month of a person's ledger.
type LedgerPeriod struct {
	Start, End string // London dates, inclusive
	Label      string // "w/c 2 Mar 2026" or "March 2026"
	Paid       Pence  // received and paid in the period
	Due        Pence  // not yet paid, for involvement in the period
	Donated    Pence  // given away: shown, not counted
	Hours      Hundredths
	// Limit is the payments threshold in force on the last day (LimitSet
	// false: none set); HoursCap the hours cap (months only).
	Limit    Threshold
	LimitSet bool
	HoursCap Threshold
}

// Total is what counts against the payments threshold: paid and due.
func (p LedgerPeriod) Total() Pence { return p.Paid + p.Due }

// OverLimit reports whether the payments threshold is crossed.
func (p LedgerPeriod) OverLimit() bool { return p.LimitSet && int64(p.Total()) > p.Limit.Amount }

// OverHours reports whether the hours cap is crossed (months only).
func (p LedgerPeriod) OverHours() bool {
	return p.HoursCap.Kind != "" && int64(p.Hours) > p.HoursCap.Amount
}

// LedgerLine is one payment or expense claim in a person's ledger.
type LedgerLine struct {
	Date     string // the date it counts on
	Payment  bool   // an involvement payment; false: an expense claim
	ID       string
	What     string
	Status   Status
	Choice   Choice // payments only
	PaidHow  PaidHow
	Amount   Pence      // the full amount
	Counted  Pence      // what counts against the payments thresholds
	Hours    Hundredths // hours counted against the cap
	Why      string     // why it counts as it does, in plain English
	Category Category   // claims only
}

// Ledger is a person's payments and expenses over whole weeks and months,
// with the totals of each.
type Ledger struct {
	PersonID      string
	Name          string
	PreferredName string
	From, To      string // widened to whole weeks and months
	Lines         []LedgerLine
	Weeks         []LedgerPeriod
	Months        []LedgerPeriod
}

// Ledger gathers a person's ledger for the weeks and months that overlap
// from–to (London dates), lines and totals. See the package notes above
// for what counts.
func (s *Store) Ledger(ctx context.Context, personID, from, to string) (Ledger, error) {
	if err := s.allow(ctx, "Ledger"); err != nil {
		return Ledger{}, err
	}
	l := Ledger{PersonID: personID}
	if personID == "" {
		return l, errors.New("this was paid to a former member, whose details were erased: there is no ledger for them")
	}
	p, err := s.inner().Person(ctx, personID)
	if err != nil {
		return l, err
	}
	l.Name, l.PreferredName = p.Name, p.PreferredName
	var err1, err2 error
	from, err1 = NormalDate(from)
	to, err2 = NormalDate(to)
	if err := errors.Join(err1, err2); err != nil {
		return l, err
	}
	if from == "" || to == "" {
		return l, errors.New("a ledger needs a from and a to date")
	}
	if to < from {
		from, to = to, from
	}
	thresholds, err := s.inner().Thresholds(ctx)
	if err != nil {
		return l, err
	}
	// Every week and every month that overlaps from–to, whole; the ledger
	// reads whatever counts in any of them.
	for d := from; ; d = addDays(d, 7) {
		if d > to {
			d = to
		}
		start, end, _ := WeekOf(d)
		if n := len(l.Weeks); n == 0 || l.Weeks[n-1].Start != start {
			l.Weeks = append(l.Weeks, newPeriod(start, end, weekLabel(start), thresholds, ThresholdWeekly))
		}
		if d == to {
			break
		}
	}
	for d := from; d <= to; {
		start, end, _ := MonthOf(d)
		p := newPeriod(start, end, monthLabel(start), thresholds, ThresholdMonthly)
		p.HoursCap, _ = ThresholdFor(thresholds, ThresholdHours, end)
		l.Months = append(l.Months, p)
		d = addDays(end, 1)
	}
	l.From = min(l.Weeks[0].Start, l.Months[0].Start)
	l.To = max(l.Weeks[len(l.Weeks)-1].End, l.Months[len(l.Months)-1].End)

	pays, err := s.ledgerPayments(ctx, personID, l.From, l.To)
	if err != nil {
		return l, err
	}
	for _, y := range pays {
		line := ledgerLine(y)
		if y.Status != StatusRejected {
			for _, set := range [][]LedgerPeriod{l.Weeks, l.Months} {
				if i := periodOf(set, line.Date); i >= 0 {
					addMoney(&set[i], y)
				}
				if i := periodOf(set, y.Date); i >= 0 {
					set[i].Hours += y.Hours
				}
			}
		}
		if line.Date >= l.From && line.Date <= l.To {
			l.Lines = append(l.Lines, line)
		}
	}
	claims, err := s.inner().Claims(ctx, ClaimFilter{PersonID: personID, From: l.From, To: l.To})
	if err != nil {
		return l, err
	}
	for _, c := range claims {
		l.Lines = append(l.Lines, LedgerLine{Date: c.Date, ID: c.ID, What: c.Category.Label() + ": " + c.What(),
			Status: c.Status, PaidHow: c.PaidHow, Amount: c.Amount, Category: c.Category,
			Why: "expenses never count"})
	}
	sort.SliceStable(l.Lines, func(i, j int) bool { return l.Lines[i].Date > l.Lines[j].Date })
	return l, nil
}

func ledgerLine(y Payment) LedgerLine {
	line := LedgerLine{Date: y.MoneyDate(), Payment: true, ID: y.ID, What: y.Basis.Label() + ": " + y.What(),
		Status: y.Status, Choice: y.Choice, PaidHow: y.PaidHow, Amount: y.Amount}
	switch {
	case y.Status == StatusRejected:
		line.Why = "rejected: does not count"
	case y.Choice == ChoiceDecline:
		line.Why, line.Hours = "declined: counts nothing, hours still count", y.Hours
	case y.Choice == ChoiceDonate:
		line.Why, line.Hours = "donated: not received, hours still count", y.Hours
	default:
		line.Counted, line.Hours = y.Received(), y.Hours
		switch {
		case y.Status == StatusPaid && y.PaidHow == PaidVoucher:
			line.Why = "paid in vouchers: counts as a payment"
		case y.Status == StatusPaid:
			line.Why = "paid: counts"
		default:
			line.Why = "due: counts on the day of the involvement"
		}
		if y.Choice == ChoiceReduce {
			line.Why += " (reduced)"
		}
	}
	return line
}

func addMoney(p *LedgerPeriod, y Payment) {
	switch {
	case y.Choice == ChoiceDonate:
		p.Donated += y.Amount
	case y.Status == StatusPaid:
		p.Paid += y.Received()
	default:
		p.Due += y.Received()
	}
}

func newPeriod(start, end, label string, ts []Threshold, kind ThresholdKind) LedgerPeriod {
	p := LedgerPeriod{Start: start, End: end, Label: label}
	p.Limit, p.LimitSet = ThresholdFor(ts, kind, end)
	return p
}

func periodOf(ps []LedgerPeriod, date string) int {
	i := sort.Search(len(ps), func(i int) bool { return ps[i].End >= date })
	if i < len(ps) && ps[i].Start <= date {
		return i
	}
	return -1
}

func addDays(date string, n int) string {
	d, err := time.ParseInLocation(DateLayout, date, London)
	if err != nil {
		return "9999-12-31"
	}
	return time.Date(d.Year(), d.Month(), d.Day()+n, 12, 0, 0, 0, London).Format(DateLayout)
}

func weekLabel(start string) string {
	d, _ := time.ParseInLocation(DateLayout, start, London)
	return "w/c " + d.Format("2 Jan 2006")
}

func monthLabel(start string) string {
	d, _ := time.ParseInLocation(DateLayout, start, London)
	return d.Format("January 2006")
}

// ledgerPayments loads a person's payments that count (money or hours) in
// from–to.
func (s *Store) ledgerPayments(ctx context.Context, personID, from, to string) ([]Payment, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT "+prefixed("y", paymentCols)+paymentSelect+`
		WHERE (y.person_id = ?1 AND y.ledger_date BETWEEN ?2 AND ?3) OR (y.person_id = ?1 AND y.payment_date BETWEEN ?2 AND ?3)
		ORDER BY y.payment_date, y.created_at`, personID, from, to)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Payment
	for rows.Next() {
		var p Payment
		if err := scanPayment(rows, &p); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// Warning says that a new payment would take a person over a threshold.
type Warning struct {
	Kind   ThresholdKind
	Period string // "w/c 2 Mar 2026", "March 2026"
	Limit  int64  // pence, or hundredths of an hour
	Before int64  // the total before the new payment
	After  int64  // the total with it
}

func (w Warning) amount(n int64) string {
	if w.Kind.Hours() {
		return Hundredths(n).String() + " hours"
	}
	return Pence(n).String()
}

// String says it in plain English.
func (w Warning) String() string {
	what := "payments in the week " + w.Period
	switch w.Kind {
	case ThresholdMonthly:
		what = "payments in " + w.Period
	case ThresholdHours:
		what = "involvement hours in " + w.Period
	}
	already := ""
	if w.Before > w.Limit {
		already = ", already over before this"
	}
	return fmt.Sprintf("This takes %s to %s, over the %s limit (%s before%s).",
		what, w.amount(w.After), w.amount(w.Limit), w.amount(w.Before), already)
}

// Warnings is what CheckPayment found: the thresholds a new payment would
// cross, and the payments thresholds that are not set for its date.
type Warnings struct {
	Crossed []Warning
	Unset   []ThresholdKind
}

// Crosses reports whether the payment would cross any threshold.
func (w Warnings) Crosses() bool { return len(w.Crossed) > 0 }

// String lists the crossings, one a line, then the thresholds not set.
func (w Warnings) String() string {
	var lines []string
	for _, c := range w.Crossed {
		lines = append(lines, c.String())
	}
	for _, k := range w.Unset {
		lines = append(lines, "No threshold is set for "+strings.ToLower(k.Label())+".")
	}
	return strings.Join(lines, "\n")
}

// CheckPayment says which thresholds a payment would take its person over
// once recorded, or paid, as p stands: the weekly and monthly payments
// limits and the monthly hours cap. Its money counts in the week and month
// of p.MoneyDate() (the day it is paid; while not paid, the day of the
// involvement) and its hours in the month of p.Date, as in the ledger, so
// the warning says what the ledger will show. Call it before RecordPayment
// (with the payment PreparePayment worked out) and warn the user; before
// paying, call CheckPayPayment. A payment already recorded (p.ID set) is
// counted once: as p, not as it was.
func (s *Store) CheckPayment(ctx context.Context, p Payment) (Warnings, error) {
	if err := s.allow(ctx, "CheckPayment"); err != nil {
		return Warnings{}, err
	}
	var w Warnings
	if p.Status == StatusPaid && strings.TrimSpace(p.PaidOn) == "" {
		p.PaidOn = LocalDate(s.now())
	}
	money, err := NormalDate(p.MoneyDate())
	if err != nil || money == "" {
		return w, fmt.Errorf("%q is not a date like 2026-03-14", p.MoneyDate())
	}
	day, err := NormalDate(p.Date)
	if err != nil || day == "" {
		return w, fmt.Errorf("%q is not a date like 2026-03-14", p.Date)
	}
	ws, we, _ := WeekOf(money)
	ms, me, _ := MonthOf(money)
	hs, he, _ := MonthOf(day)
	thresholds, err := s.inner().Thresholds(ctx)
	if err != nil {
		return w, err
	}
	pays, err := s.ledgerPayments(ctx, p.PersonID, min(ws, ms, hs), max(we, me, he))
	if err != nil {
		return w, err
	}
	week := newPeriod(ws, we, weekLabel(ws), thresholds, ThresholdWeekly)
	month := newPeriod(ms, me, monthLabel(ms), thresholds, ThresholdMonthly)
	hoursMonth := newPeriod(hs, he, monthLabel(hs), thresholds, ThresholdMonthly)
	hoursMonth.HoursCap, _ = ThresholdFor(thresholds, ThresholdHours, he)
	for _, y := range pays {
		if y.Status == StatusRejected || (p.ID != "" && y.ID == p.ID) {
			continue
		}
		on := y.MoneyDate()
		if on >= ws && on <= we {
			addMoney(&week, y)
		}
		if on >= ms && on <= me {
			addMoney(&month, y)
		}
		if y.Date >= hs && y.Date <= he {
			hoursMonth.Hours += y.Hours
		}
	}
	if p.Status == StatusRejected {
		return w, nil
	}
	amount, hours := p.Received(), p.Hours
	for _, c := range []struct {
		kind ThresholdKind
		p    *LedgerPeriod
	}{{ThresholdWeekly, &week}, {ThresholdMonthly, &month}} {
		if !c.p.LimitSet {
			w.Unset = append(w.Unset, c.kind)
			continue
		}
		before := int64(c.p.Total())
		if after := before + int64(amount); amount > 0 && after > c.p.Limit.Amount {
			w.Crossed = append(w.Crossed, Warning{Kind: c.kind, Period: c.p.Label, Limit: c.p.Limit.Amount, Before: before, After: after})
		}
	}
	if before := int64(hoursMonth.Hours); hours > 0 && before+int64(hours) > hoursMonth.HoursCap.Amount {
		w.Crossed = append(w.Crossed, Warning{Kind: ThresholdHours, Period: hoursMonth.Label, Limit: hoursMonth.HoursCap.Amount,
			Before: before, After: before + int64(hours)})
	}
	return w, nil
}

// CheckPayPayment is CheckPayment for paying p on the day on ("" is
// today): its money then counts in that day's week and month.
func (s *Store) CheckPayPayment(ctx context.Context, p Payment, on string) (Warnings, error) {
	if err := s.allow(ctx, "CheckPayPayment"); err != nil {
		return Warnings{}, err
	}
	d, err := NormalDate(on)
	if err != nil {
		return Warnings{}, fieldErr("Paid on", "%s", err)
	}
	p.Status, p.PaidOn = StatusPaid, d
	return s.inner().CheckPayment(ctx, p)
}

// receivedSQL and donatedSQL are Payment.Received and a donated payment's
// amount in SQL, over a payments row: what the ledger counts, by the rule
// in the package notes (everyone's standing, and the annual report's
// totals, read them).
const (
	receivedSQL = "CASE choice WHEN 'reduce' THEN reduced_pence WHEN 'accept' THEN amount_pence ELSE 0 END"
	donatedSQL  = "CASE choice WHEN 'donate' THEN amount_pence ELSE 0 END"
)

// Standing is where one person stands in the week and month holding a
// date: their totals against the thresholds.
type Standing struct {
	PersonID      string
	Name          string
	PreferredName string
	Week, Month   LedgerPeriod
}

// Over reports whether any threshold is crossed.
func (s Standing) Over() bool {
	return s.Week.OverLimit() || s.Month.OverLimit() || s.Month.OverHours()
}

// Standings lists, for everyone with an involvement payment (not rejected)
// counting in the week or month holding date, where they stand against the
// thresholds: those over a threshold first, then by name. It is one query
// over the payments of that week and month.
func (s *Store) Standings(ctx context.Context, date string) ([]Standing, error) {
	if err := s.allow(ctx, "Standings"); err != nil {
		return nil, err
	}
	d, err := NormalDate(date)
	if err != nil || d == "" {
		return nil, fmt.Errorf("%q is not a date like 2026-03-14", date)
	}
	ws, we, _ := WeekOf(d)
	ms, me, _ := MonthOf(d)
	lo, hi := min(ws, ms), max(we, me)
	thresholds, err := s.inner().Thresholds(ctx)
	if err != nil {
		return nil, err
	}
	week := newPeriod(ws, we, weekLabel(ws), thresholds, ThresholdWeekly)
	month := newPeriod(ms, me, monthLabel(ms), thresholds, ThresholdMonthly)
	month.HoursCap, _ = ThresholdFor(thresholds, ThresholdHours, me)

	// Two passes over covering indexes: money by the day it counts on,
	// hours by the day of the involvement.
	byPerson := map[string]*Standing{}
	get := func(id string) *Standing {
		st := byPerson[id]
		if st == nil {
			st = &Standing{PersonID: id, Week: week, Month: month}
			byPerson[id] = st
		}
		return st
	}
	const recv, don = receivedSQL, donatedSQL
	rows, err := s.db.QueryContext(ctx, `
		SELECT person_id,
			coalesce(sum(CASE WHEN ledger_date <= ?2 AND ledger_date >= ?1 AND status = 'paid' THEN `+recv+` END), 0),
			coalesce(sum(CASE WHEN ledger_date <= ?2 AND ledger_date >= ?1 AND status != 'paid' THEN `+recv+` END), 0),
			coalesce(sum(CASE WHEN ledger_date <= ?2 AND ledger_date >= ?1 THEN `+don+` END), 0),
			coalesce(sum(CASE WHEN ledger_date <= ?4 AND ledger_date >= ?3 AND status = 'paid' THEN `+recv+` END), 0),
			coalesce(sum(CASE WHEN ledger_date <= ?4 AND ledger_date >= ?3 AND status != 'paid' THEN `+recv+` END), 0),
			coalesce(sum(CASE WHEN ledger_date <= ?4 AND ledger_date >= ?3 THEN `+don+` END), 0)
		FROM payments INDEXED BY payments_ledger
		WHERE ledger_date BETWEEN ?5 AND ?6 AND status != 'rejected' AND person_id IS NOT NULL
		GROUP BY person_id`, ws, we, ms, me, lo, hi)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id string
		var v [6]int64
		if err := rows.Scan(&id, &v[0], &v[1], &v[2], &v[3], &v[4], &v[5]); err != nil {
			rows.Close()
			return nil, err
		}
		st := get(id)
		st.Week.Paid, st.Week.Due, st.Week.Donated = Pence(v[0]), Pence(v[1]), Pence(v[2])
		st.Month.Paid, st.Month.Due, st.Month.Donated = Pence(v[3]), Pence(v[4]), Pence(v[5])
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = s.db.QueryContext(ctx, `
		SELECT person_id,
			coalesce(sum(CASE WHEN payment_date <= ?2 AND payment_date >= ?1 THEN hours END), 0),
			coalesce(sum(CASE WHEN payment_date <= ?4 AND payment_date >= ?3 THEN hours END), 0)
		FROM payments INDEXED BY payments_date
		WHERE payment_date BETWEEN ?5 AND ?6 AND status != 'rejected' AND person_id IS NOT NULL
		GROUP BY person_id`, ws, we, ms, me, lo, hi)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id string
		var wh, mh int64
		if err := rows.Scan(&id, &wh, &mh); err != nil {
			rows.Close()
			return nil, err
		}
		st := get(id)
		st.Week.Hours, st.Month.Hours = Hundredths(wh), Hundredths(mh)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(byPerson) == 0 {
		return nil, nil
	}
	people, err := s.inner().People(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]Standing, 0, len(byPerson))
	for _, p := range people {
		if st := byPerson[p.ID]; st != nil {
			st.Name, st.PreferredName = p.Name, p.PreferredName
			out = append(out, *st)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if a, b := out[i].Over(), out[j].Over(); a != b {
			return a
		}
		return strings.ToLower(DisplayName(out[i].Name, out[i].PreferredName)) < strings.ToLower(DisplayName(out[j].Name, out[j].PreferredName))
	})
	return out, nil
}
