package tui

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"github.com/involve/involve/store"
	"github.com/involve/involve/tui/kit"
)

// The forms and actions of the Money screens. Every store call runs in a
// Cmd; lists reload when a form closes (the app refreshes the screen
// underneath) or, for one-key actions, right after the change.

// noMeeting is the meeting picker's row for involvement at no meeting.
const noMeeting = "none"

// defaultMeeting is the meeting a new claim or payment is most likely for:
// the latest, on or before today, that the person came to; else the
// latest of their meetings on or before today; else none.
func defaultMeeting(ms []store.PersonMeeting, today string) string {
	for _, m := range ms {
		if m.Status == store.Attended && store.LocalDate(m.Start) <= today {
			return m.ID
		}
	}
	for _, m := range ms {
		if store.LocalDate(m.Start) <= today {
			return m.ID
		}
	}
	return noMeeting
}

// pickMeeting asks which meeting a claim or payment is for, with the kit
// Picker: the person's meetings from four months back to a month ahead
// (their forums' and any they are on the register of), and "No meeting"
// for other involvement. The cursor starts on current (an edit's meeting),
// or on defaultMeeting's: one enter takes it. next gets the meeting's id,
// "" for none. Someone with no meetings goes straight on, with none.
func pickMeeting(c *kit.Common, title func() string, personID, current string, next func(meetingID string) tea.Cmd) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), kit.DefaultTimeout)
		defer cancel()
		now := c.Now()
		ms, err := c.Store.PersonMeetings(ctx, personID, now.AddDate(0, -4, 0), now.AddDate(0, 1, 0))
		if err != nil {
			return kit.StatusMsg{Text: kit.ErrText(err), Err: true}
		}
		if current != "" && !slices.ContainsFunc(ms, func(m store.PersonMeeting) bool { return m.ID == current }) {
			// An edit's meeting, from longer ago: still offered.
			if m, err := c.Store.Meeting(ctx, current); err == nil {
				ms = append([]store.PersonMeeting{{Meeting: m}}, ms...)
			}
		}
		if len(ms) == 0 {
			return kit.CmdMsg{Cmd: next("")}
		}
		at := current
		if at == "" {
			at = defaultMeeting(ms, store.LocalDate(now))
		}
		rows := []kit.Row{kit.NewRow(noMeeting, []string{"", "No meeting: other involvement", ""}, nil)}
		for _, m := range ms {
			status := "—"
			if m.Status != "" {
				status = m.Status.Label()
			}
			rows = append(rows, kit.NewRow(m.ID, []string{kit.LongDate(m.Start), m.ForumName, status}, nil))
		}
		cols := []kit.Column{{Title: "Date", Width: 15}, {Title: "Forum"}, {Title: "On the register", Width: 15}}
		return kit.PushMsg{Screen: kit.NewPicker(c, "", cols, func(context.Context, *store.Store) ([]kit.Row, error) { return rows, nil },
			func(row kit.Row) tea.Cmd {
				id := row.ID
				if id == noMeeting {
					id = ""
				}
				return tea.Sequence(kit.Pop(""), next(id))
			}).At(at).TitleFunc(title)}
	}
}

// repickMeeting asks again which meeting an existing claim or payment is
// for, opening on the one it is for now ("No meeting" when none).
func repickMeeting(c *kit.Common, title func() string, personID, meetingID string, next func(meetingID string) tea.Cmd) tea.Cmd {
	if meetingID == "" {
		meetingID = noMeeting
	}
	return pickMeeting(c, title, personID, meetingID, next)
}

// pickPerson opens a picker of people (everyone, or a meeting's register),
// then runs next with the chosen person's id and the name to show.
func pickPerson(c *kit.Common, title, meetingID string, next func(id, name string) tea.Cmd) tea.Cmd {
	return kit.Push(kit.NewPicker(c, title, kit.PersonColumns(), func(ctx context.Context, st *store.Store) ([]kit.Row, error) {
		if meetingID == "" {
			people, err := st.People(ctx)
			if err != nil {
				return nil, err
			}
			return kit.MemberRows(people, nil), nil
		}
		reg, err := st.Register(ctx, meetingID)
		if err != nil {
			return nil, err
		}
		// Those who came first: they are the ones claiming.
		sort.SliceStable(reg, func(i, j int) bool {
			return reg[i].Status == store.Attended && reg[j].Status != store.Attended
		})
		return registerRows(reg), nil
	}, func(row kit.Row) tea.Cmd {
		return tea.Sequence(kit.Pop(""), next(row.ID, row.Cells[0]))
	}))
}

// claimValues are a claim's fields as typed.
type claimValues struct {
	MeetingID   string
	Activity    string
	Date        string
	Category    store.Category
	Amount      string // money, or miles or hours for mileage and care
	Receipt     bool
	ReceiptRef  string
	Description string
	PayNow      bool
}

// claimForm holds what the claim form needs to show amounts as they are typed.
type claimForm struct {
	v           claimValues
	rates       []store.Rate
	meetingDate string      // the London date of the meeting it is for, if any
	float       bool        // at a meeting with a float set: cash may be paid now
	keys        *kit.KeyMap // to name keys in hints
}

func (f *claimForm) date() string {
	if f.v.MeetingID != "" {
		return f.meetingDate
	}
	d, _ := store.NormalDate(f.v.Date)
	return d
}

func (f *claimForm) unit() (string, store.RateKind, bool) {
	k, rated := f.v.Category.Rated()
	if k == store.RateCare {
		return "hours", k, rated
	}
	return "miles", k, rated
}

// checkAmount validates the amount field: money, or miles or hours.
func (f *claimForm) checkAmount(s string) error {
	unit, _, rated := f.unit()
	switch {
	case !rated:
		_, err := store.ParseMoney(s)
		return err
	case unit == "hours":
		_, err := store.ParseHours(s)
		return err
	}
	_, err := store.ParseMiles(s)
	return err
}

// amountPlaceholder shows how to type the amount (money, miles or hours),
// as the field's example and in its description.
func (f *claimForm) amountPlaceholder() string {
	unit, _, rated := f.unit()
	switch {
	case !rated:
		return "£3.40, 3.4 or 340p"
	case unit == "hours":
		return "2 or 1.75 (in quarters of an hour)"
	}
	return "12 or 12.5"
}

func (f *claimForm) amountTitle() string {
	unit, _, rated := f.unit()
	if !rated {
		return "Amount"
	}
	return strings.ToUpper(unit[:1]) + unit[1:]
}

// amountText says what the amount will be, worked out as it is typed.
func (f *claimForm) amountText() string {
	unit, kind, rated := f.unit()
	if !rated {
		if p, err := store.ParseMoney(f.v.Amount); err == nil && strings.TrimSpace(f.v.Amount) != "" {
			return "= " + p.String() + "   (£3.40, 3.4 or 340p)"
		}
		return "Like £3.40, 3.4 or 340p."
	}
	d := f.date()
	if d == "" {
		return "Give the date first: the rate depends on it."
	}
	r, ok := store.RateFor(f.rates, kind, d)
	if !ok {
		return fmt.Sprintf("No %s rate is set for %s: set one in Rates (%s, then %s to Rates) first.", kind.Phrase(), shortDateString(d), kit.KeyName(f.keys.Global.Money), kit.KeyName(f.keys.Detail.SwitchPane))
	}
	q, err := store.ParseQuantity(f.v.Amount, unit)
	if err == nil {
		err = f.checkAmount(f.v.Amount)
	}
	if err != nil || strings.TrimSpace(f.v.Amount) == "" {
		return fmt.Sprintf("At %s (the rate on %s). How many %s: %s.", rateAmount(kind, r.Amount), shortDateString(d), unit, f.amountPlaceholder())
	}
	return fmt.Sprintf("= %s: %s %s at %s (the rate on %s).", store.MulRate(r.Amount, q), q, unit, rateAmount(kind, r.Amount), shortDateString(d))
}

func (f *claimForm) claim(base store.Claim) (store.Claim, error) {
	c := base
	c.MeetingID, c.Category = f.v.MeetingID, f.v.Category
	c.Activity, c.Date = "", ""
	if c.MeetingID == "" {
		c.Activity, c.Date = f.v.Activity, f.v.Date
	}
	c.Receipt, c.ReceiptRef, c.Description = f.v.Receipt, f.v.ReceiptRef, f.v.Description
	unit, _, rated := f.unit()
	c.Quantity, c.Amount = 0, 0
	if err := f.checkAmount(f.v.Amount); err != nil {
		return c, &store.FieldError{Field: f.amountTitle(), Message: err.Error()}
	}
	if rated {
		q, _ := store.ParseQuantity(f.v.Amount, unit)
		c.Quantity = q
	} else {
		c.Amount, _ = store.ParseMoney(f.v.Amount)
	}
	return c, nil
}

func requiredDate(s string) error {
	if strings.TrimSpace(s) == "" {
		return errors.New("enter a date, like 2026-03-14")
	}
	return store.ValidateDate(s)
}

// newClaim records a claim: pick the person (from the meeting's register
// when meetingID is given), then, outside a meeting, the meeting it is
// for, then fill in the claim.
func newClaim(c *kit.Common, meetingID string, _ func() tea.Cmd) tea.Cmd {
	return pickPerson(c, "Expense claim for whom?", meetingID, func(id, name string) tea.Cmd {
		if meetingID != "" {
			return claimFormCmd(c, store.Claim{PersonID: id, MeetingID: meetingID}, c.Mask(name), true)
		}
		return pickMeeting(c, func() string { return "Expense claim for " + c.Mask(name) + ": which meeting?" }, id, "", func(m string) tea.Cmd {
			return claimFormCmd(c, store.Claim{PersonID: id, MeetingID: m}, c.Mask(name), false)
		})
	})
}

// editClaim changes a claim that is still claimed. On a meeting's expenses
// (atMeeting) its meeting stays; in the Money section the meeting is asked
// again, the cursor on the one it is for.
func editClaim(c *kit.Common, cl store.Claim, atMeeting bool) tea.Cmd {
	switch cl.Status {
	case store.StatusClaimed:
	case store.StatusPaid:
		return kit.Status("This claim was paid on " + cl.PaidOn + ": paid is final and it cannot be changed.")
	default:
		return kit.Status("Only a claim not yet approved can be changed: press " + kit.KeyName(c.Keys.Money.Reopen) + " to reopen it first.")
	}
	name := c.Name(cl.PersonName, cl.PreferredName)
	if atMeeting {
		return claimFormCmd(c, cl, name, false)
	}
	return repickMeeting(c, func() string { return "Change " + c.Name(cl.PersonName, cl.PreferredName) + "'s claim: which meeting?" }, cl.PersonID, cl.MeetingID, func(m string) tea.Cmd {
		cl.MeetingID = m
		return claimFormCmd(c, cl, name, false)
	})
}

// meetingLabel names a meeting a claim or payment is for.
func meetingLabel(m store.Meeting) string { return m.ForumName + ", " + kit.LongDate(m.Start) }

// claimFormCmd loads the rates and the claim's meeting (chosen already),
// then opens the claim form. cash offers to pay it in cash now, from the
// meeting's float (on the meeting-day screen and a meeting's expenses).
func claimFormCmd(c *kit.Common, cl store.Claim, name string, cash bool) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), kit.DefaultTimeout)
		defer cancel()
		st := c.Store
		rates, err := st.Rates(ctx)
		if err != nil {
			return kit.StatusMsg{Text: kit.ErrText(err), Err: true}
		}
		f := &claimForm{rates: rates, keys: c.Keys}
		what := "For other involvement, at no meeting."
		if cl.MeetingID != "" {
			m, err := st.Meeting(ctx, cl.MeetingID)
			if err != nil {
				return kit.StatusMsg{Text: kit.ErrText(err), Err: true}
			}
			f.meetingDate, what = store.LocalDate(m.Start), "For "+meetingLabel(m)
			if cash {
				// Cash is paid from the meeting's float: with none set, the
				// form does not offer to pay now (as P refuses to).
				pc, err := st.PettyCash(ctx, m.ID)
				if err != nil {
					return kit.StatusMsg{Text: kit.ErrText(err), Err: true}
				}
				f.float = pc.Set()
			}
		}
		f.v = claimValues{MeetingID: cl.MeetingID, Activity: cl.Activity, Date: cl.Date, Category: cl.Category,
			Receipt: cl.Receipt, ReceiptRef: cl.ReceiptRef, Description: cl.Description}
		var today func() string // a new claim's date: today, suggested
		if cl.ID == "" {
			f.v.Category = store.CatFare
			today = func() string { return store.LocalDate(c.Now()) }
		} else if _, rated := cl.Category.Rated(); rated {
			f.v.Amount = cl.Quantity.String()
		} else {
			f.v.Amount = cl.Amount.Decimal()
		}
		title := "Expense claim for " + name
		if cl.ID != "" {
			title = "Change " + name + "'s claim"
		}
		return kit.PushMsg{Screen: kit.NewForm(c, kit.FormSpec{
			Title: title,
			Build: func() *huh.Form { return claimFields(c, f, what, today) },
			Snapshot: func() string {
				return fmt.Sprint(f.v)
			},
			Live: map[string]func(string) error{"amount": f.checkAmount, "date": requiredDate},
			Save: func(ctx context.Context, st *store.Store) error {
				x, err := f.claim(cl)
				if err != nil {
					return err
				}
				if x.ID == "" && f.v.PayNow {
					x.Status, x.PaidHow = store.StatusPaid, store.PaidCash
				}
				if err := st.SaveClaim(ctx, &x); err != nil {
					return err
				}
				cl = x
				return nil
			},
			Done: func() string {
				verb := "Recorded"
				if cl.Status == store.StatusPaid {
					verb = "Recorded and paid in cash:"
				}
				if c.Privacy {
					return fmt.Sprintf("%s a %s claim.", verb, strings.ToLower(cl.Category.Label()))
				}
				return fmt.Sprintf("%s %s %s for %s.", verb, cl.Amount, strings.ToLower(cl.Category.Label()), name)
			},
		})}
	}
}

// claimFields is the claim form: what it is for (the meeting, chosen
// before) heads it; other involvement asks what and when.
func claimFields(c *kit.Common, f *claimForm, what string, today func() string) *huh.Form {
	v := &f.v
	first := huh.NewGroup(
		huh.NewSelect[store.Category]().Key("category").Title("Category").
			Options(kit.OptionsFor(store.Categories, store.Category.Label)...).Value(&v.Category),
	).Description(what)
	other := huh.NewGroup(
		huh.NewInput().Key("activity").Title("What was the involvement?").Placeholder("e.g. Interview panel at the council").
			Value(&v.Activity).Validate(kit.NotBlank("what the involvement was")),
		kit.Suggest(c, huh.NewInput().Key("date").Title("Date").Placeholder("YYYY-MM-DD").Value(&v.Date).Validate(requiredDate), &v.Date, today),
	).WithHideFunc(func() bool { return v.MeetingID != "" })
	details := []huh.Field{
		huh.NewInput().Key("amount").TitleFunc(f.amountTitle, &v.Category).
			DescriptionFunc(f.amountText, v).PlaceholderFunc(func() string { return "e.g. " + f.amountPlaceholder() }, &v.Category).
			Value(&v.Amount).Validate(f.checkAmount),
		huh.NewConfirm().Key("receipt").Title("Receipt?").Value(&v.Receipt),
		huh.NewInput().Key("ref").Title("Receipt reference").Description("Optional.").Value(&v.ReceiptRef),
		huh.NewInput().Key("description").Title("Note").Description("Optional: what it was for (the 42 there and back, say).").Value(&v.Description),
	}
	if f.float {
		details = append(details, huh.NewConfirm().Key("paynow").Title("Pay it now in cash, from the float?").Value(&v.PayNow))
	}
	return huh.NewForm(first, other, huh.NewGroup(details...))
}

// approveClaim approves at once and reloads.
func approveClaim(c *kit.Common, cl store.Claim, refresh func() tea.Cmd) tea.Cmd {
	name := c.Name(cl.PersonName, cl.PreferredName)
	return tea.Sequence(kit.Do(c, func(ctx context.Context, st *store.Store) error { return st.ApproveClaim(ctx, &cl) },
		kit.StatusMsg{Text: fmt.Sprintf("Approved %s for %s.", cl.Amount, name),
			Private: "Approved " + initialsOf(cl.PersonName, cl.PreferredName) + "'s claim."}), refresh())
}

// reopenClaim takes an approved or rejected claim back to claimed.
func reopenClaim(c *kit.Common, cl store.Claim, refresh func() tea.Cmd) tea.Cmd {
	return tea.Sequence(kit.Do(c, func(ctx context.Context, st *store.Store) error { return st.ReopenClaim(ctx, &cl) },
		kit.StatusMsg{Text: "Reopened the claim: it is claimed again."}), refresh())
}

// reasonForm asks why something is rejected, then saves.
func reasonForm(c *kit.Common, title string, save func(context.Context, *store.Store, string) error, done string) tea.Cmd {
	reason := ""
	return kit.Push(kit.NewForm(c, kit.FormSpec{
		Title: title,
		Build: func() *huh.Form {
			return huh.NewForm(huh.NewGroup(
				huh.NewInput().Key("reason").Title("Why?").Description("Kept with the record; hidden while the privacy screen is on.").
					Value(&reason).Validate(kit.NotBlank("a reason")),
			))
		},
		Snapshot: func() string { return reason },
		Live:     map[string]func(string) error{"reason": kit.NotBlank("a reason")},
		Save:     func(ctx context.Context, st *store.Store) error { return save(ctx, st, reason) },
		Done:     func() string { return done },
	}))
}

func rejectClaim(c *kit.Common, cl store.Claim) tea.Cmd {
	switch cl.Status {
	case store.StatusPaid:
		return kit.Status("This claim was paid on " + cl.PaidOn + ": paid is final and it cannot be rejected.")
	case store.StatusRejected:
		return kit.Status("This claim is rejected already.")
	}
	name := c.Name(cl.PersonName, cl.PreferredName)
	return reasonForm(c, fmt.Sprintf("Reject %s's claim of %s", name, cl.Amount),
		func(ctx context.Context, st *store.Store, reason string) error {
			return st.RejectClaim(ctx, &cl, reason)
		},
		"Rejected the claim.")
}

// payValues are how and when something is paid.
type payValues struct {
	How store.PaidHow
	On  string
}

// payFields asks how and when something was paid: today, suggested.
func payFields(c *kit.Common, v *payValues, note string) *huh.Form {
	today := func() string { return store.LocalDate(c.Now()) }
	return huh.NewForm(huh.NewGroup(
		huh.NewSelect[store.PaidHow]().Key("how").Title("Paid how").Options(kit.OptionsFor(store.PaidHows, store.PaidHow.Label)...).Value(&v.How),
		kit.Suggest(c, huh.NewInput().Key("on").Title("Paid on").Placeholder("YYYY-MM-DD").Value(&v.On).Validate(requiredDate), &v.On, today),
	).Description(note))
}

// payClaim asks how and when, then pays (approving a claimed claim too).
func payClaim(c *kit.Common, cl store.Claim, how store.PaidHow) tea.Cmd {
	if cl.Status == store.StatusPaid {
		return kit.Status("That claim is already paid.")
	}
	name := c.Name(cl.PersonName, cl.PreferredName)
	v := payValues{How: how}
	return kit.Push(kit.NewForm(c, kit.FormSpec{
		Title: fmt.Sprintf("Pay %s's claim of %s", name, cl.Amount),
		Build: func() *huh.Form {
			return payFields(c, &v, "Paid is final. Cash for a meeting comes out of its float.")
		},
		Snapshot: func() string { return fmt.Sprint(v) },
		Live:     map[string]func(string) error{"on": requiredDate},
		Save:     func(ctx context.Context, st *store.Store) error { return st.PayClaim(ctx, &cl, v.How, v.On) },
		Done: func() string {
			if c.Privacy {
				return fmt.Sprintf("Paid the claim: %s.", strings.ToLower(cl.PaidHow.Label()))
			}
			return fmt.Sprintf("Paid %s to %s: %s.", cl.Amount, name, strings.ToLower(cl.PaidHow.Label()))
		},
	}))
}

func deleteClaim(c *kit.Common, cl store.Claim, refresh func() tea.Cmd) tea.Cmd {
	if cl.Status == store.StatusPaid {
		return kit.Status("A paid claim is a record of money paid out and is kept.")
	}
	name := c.Name(cl.PersonName, cl.PreferredName)
	return kit.Push(kit.NewConfirm(c, "Delete this claim?", fmt.Sprintf("%s's claim of %s for %s, %s.", name, cl.Amount,
		strings.ToLower(cl.Category.Label()), cl.What()), func() tea.Cmd {
		return tea.Sequence(kit.Do(c, func(ctx context.Context, st *store.Store) error { return st.DeleteClaim(ctx, cl.ID, cl.Version) },
			kit.StatusMsg{Text: "Deleted the claim."}), refresh())
	}).Private("Delete this claim?", fmt.Sprintf("%s's claim for %s, %s.", initialsOf(cl.PersonName, cl.PreferredName),
		strings.ToLower(cl.Category.Label()), cl.What())))
}

// paymentValues are an involvement payment's fields as typed.
type paymentValues struct {
	MeetingID string
	Activity  string
	Date      string
	Basis     store.Basis
	Fee       string
	Hours     string
	Choice    store.Choice
	Reduced   string
	Note      string
}

type paymentForm struct {
	v            paymentValues
	rates        []store.Rate
	meetingDate  string           // the London date of the meeting it is for, if any
	meetingHours store.Hundredths // and its length, to the quarter hour
}

func (f *paymentForm) date() string {
	if f.v.MeetingID != "" {
		return f.meetingDate
	}
	d, _ := store.NormalDate(f.v.Date)
	return d
}

// hoursWorkedOut reports whether the hours, left blank, are worked out:
// a payment per meeting for a meeting counts the meeting's length.
func (f *paymentForm) hoursWorkedOut() bool {
	return f.v.Basis == store.BasisMeeting && f.v.MeetingID != "" && f.meetingHours > 0
}

// hoursSuggestion is the meeting's length, for a payment per meeting for
// a meeting; otherwise there is none, and the hours are asked plainly.
func (f *paymentForm) hoursSuggestion() string {
	if f.hoursWorkedOut() {
		return f.meetingHours.String()
	}
	return ""
}

// checkHours checks the hours: every payment's hours count towards the
// monthly hours cap, so they are needed (0 when there were none) unless
// they are worked out from the meeting.
func (f *paymentForm) checkHours(s string) error {
	if strings.TrimSpace(s) == "" {
		switch {
		case f.hoursWorkedOut():
			return nil
		case f.v.Basis == store.BasisHourly:
			return errors.New("give the hours of involvement")
		}
		return errors.New("give the hours of involvement, for the hours cap (0 if there were none)")
	}
	_, err := store.ParseHours(s)
	return err
}

// fixedRate is the fixed-fee rate in force on the payment's date.
func (f *paymentForm) fixedRate() (store.Rate, bool) {
	d := f.date()
	if d == "" {
		return store.Rate{}, false
	}
	return store.RateFor(f.rates, store.RateFixed, d)
}

// feeSuggestion is the fixed-fee rate in force on the day: typing another
// amount pays that instead.
func (f *paymentForm) feeSuggestion() string {
	if r, ok := f.fixedRate(); ok {
		return r.Amount.Decimal()
	}
	return ""
}

// checkFee checks a fixed fee: any amount, or the rate in force.
func (f *paymentForm) checkFee(s string) error {
	if strings.TrimSpace(s) != "" {
		return store.ValidateMoney(s)
	}
	if _, ok := f.fixedRate(); !ok && f.date() != "" {
		return fmt.Errorf("no fixed-fee rate is set for %s: type the fee", shortDateString(f.date()))
	}
	return nil
}

// feeText says where the suggested fee comes from.
func (f *paymentForm) feeText() string {
	d := f.date()
	r, ok := f.fixedRate()
	switch {
	case d == "":
		return "Give the date first: the fixed-fee rate depends on it."
	case !ok:
		return fmt.Sprintf("No %s rate is set for %s: type the fee.", store.RateFixed.Phrase(), shortDateString(d))
	}
	return fmt.Sprintf("The fixed-fee rate on %s is %s; type another amount to pay that instead.", shortDateString(d), r.Amount)
}

// hoursText works out the amount as the hours are typed, and says that
// the hours count towards the cap.
func (f *paymentForm) hoursText() string {
	const counts = "They count towards the monthly hours cap: 0 if there were none."
	d := f.date()
	kind := f.v.Basis.RateKind()
	r, ok := store.RateFor(f.rates, kind, d)
	switch {
	case d == "" || f.v.Basis == store.BasisFixed:
		return "Hours of involvement, in quarters (1.5). " + counts
	case !ok:
		return fmt.Sprintf("No %s rate is set for %s: set one in Rates first.", kind.Phrase(), shortDateString(d))
	case f.v.Basis == store.BasisHourly:
		q, err := store.ParseHours(f.v.Hours)
		if err != nil || strings.TrimSpace(f.v.Hours) == "" {
			return fmt.Sprintf("At %s (the rate on %s).", rateAmount(kind, r.Amount), shortDateString(d))
		}
		return fmt.Sprintf("= %s: %s hours at %s.", store.MulRate(r.Amount, q), q, rateAmount(kind, r.Amount))
	case f.hoursWorkedOut():
		return fmt.Sprintf("%s for the meeting. The hours count towards the monthly hours cap: the meeting's length is suggested.", r.Amount)
	}
	return fmt.Sprintf("%s for the meeting. %s", r.Amount, counts)
}

func (f *paymentForm) payment(base store.Payment) (store.Payment, error) {
	p := base
	p.MeetingID, p.Basis, p.Choice, p.Note = f.v.MeetingID, f.v.Basis, f.v.Choice, f.v.Note
	p.Activity, p.Date = "", ""
	if p.MeetingID == "" {
		p.Activity, p.Date = f.v.Activity, f.v.Date
	}
	p.Hours, p.Amount, p.Reduced = 0, 0, 0
	if err := f.checkHours(f.v.Hours); err != nil {
		return p, &store.FieldError{Field: "Hours", Message: err.Error()}
	}
	if strings.TrimSpace(f.v.Hours) != "" {
		h, _ := store.ParseHours(f.v.Hours)
		p.Hours = h
	}
	if p.Basis == store.BasisFixed && strings.TrimSpace(f.v.Fee) != "" {
		a, err := store.ParseMoney(f.v.Fee)
		if err != nil {
			return p, &store.FieldError{Field: "Fee", Message: err.Error()}
		}
		if r, ok := f.fixedRate(); !ok || r.Amount != a {
			p.Amount = a // else paid at the rate, and recorded so
		}
	}
	if p.Choice == store.ChoiceReduce {
		r, err := store.ParseMoney(f.v.Reduced)
		if err != nil {
			return p, &store.FieldError{Field: "Reduced to", Message: err.Error()}
		}
		p.Reduced = r
	}
	return p, nil
}

// newPayment records an involvement payment: pick the person, then the
// meeting it is for, fill in the payment; before it is recorded, the
// thresholds are checked and, if it would cross one, the user is asked to
// confirm.
func newPayment(c *kit.Common, meetingID string, refresh func() tea.Cmd) tea.Cmd {
	return pickPerson(c, "Involvement payment for whom?", meetingID, func(id, name string) tea.Cmd {
		if meetingID != "" {
			return paymentFormCmd(c, store.Payment{PersonID: id, MeetingID: meetingID}, c.Mask(name), refresh)
		}
		return pickMeeting(c, func() string { return "Involvement payment for " + c.Mask(name) + ": which meeting?" }, id, "", func(m string) tea.Cmd {
			return paymentFormCmd(c, store.Payment{PersonID: id, MeetingID: m}, c.Mask(name), refresh)
		})
	})
}

// editPayment changes a payment that is still due: the meeting is asked
// again, the cursor on the one it is for, then the payment.
func editPayment(c *kit.Common, p store.Payment, refresh func() tea.Cmd) tea.Cmd {
	switch p.Status {
	case store.StatusClaimed:
	case store.StatusPaid:
		return kit.Status("This payment was paid on " + p.PaidOn + ": paid is final and it cannot be changed.")
	default:
		return kit.Status("Only a payment not yet approved can be changed: press " + kit.KeyName(c.Keys.Money.Reopen) + " to reopen it first.")
	}
	name := c.Name(p.PersonName, p.PreferredName)
	return repickMeeting(c, func() string { return "Change " + c.Name(p.PersonName, p.PreferredName) + "'s payment: which meeting?" }, p.PersonID, p.MeetingID, func(m string) tea.Cmd {
		p.MeetingID = m
		return paymentFormCmd(c, p, name, refresh)
	})
}

// paymentFormCmd loads the rates and the payment's meeting (chosen
// already), then opens the payment form.
func paymentFormCmd(c *kit.Common, p store.Payment, name string, refresh func() tea.Cmd) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), kit.DefaultTimeout)
		defer cancel()
		st := c.Store
		rates, err := st.Rates(ctx)
		if err != nil {
			return kit.StatusMsg{Text: kit.ErrText(err), Err: true}
		}
		f := &paymentForm{rates: rates}
		what := "For other involvement, at no meeting."
		if p.MeetingID != "" {
			m, err := st.Meeting(ctx, p.MeetingID)
			if err != nil {
				return kit.StatusMsg{Text: kit.ErrText(err), Err: true}
			}
			f.meetingDate, what = store.LocalDate(m.Start), "For "+meetingLabel(m)
			f.meetingHours = store.MeetingHours(m.Start, m.End)
		}
		f.v = paymentValues{MeetingID: p.MeetingID, Activity: p.Activity, Date: p.Date, Basis: p.Basis, Choice: p.Choice, Note: p.Note}
		var today func() string // a new payment's date: today, suggested
		if p.ID == "" {
			f.v.Basis, f.v.Choice = store.BasisMeeting, store.ChoiceAccept
			today = func() string { return store.LocalDate(c.Now()) }
		} else {
			if p.Hours > 0 || !f.hoursWorkedOut() {
				f.v.Hours = p.Hours.String() // 0 too, as it was given
			}
			if p.Basis == store.BasisFixed && p.Rate == 0 {
				f.v.Fee = p.Amount.Decimal()
			}
			if p.Choice == store.ChoiceReduce {
				f.v.Reduced = p.Reduced.Decimal()
			}
		}
		title := "Involvement payment for " + name
		if p.ID != "" {
			title = "Change " + name + "'s payment"
		}
		// What Save found, for Then: a payment that would cross a threshold
		// is not recorded until the user says so.
		var pending store.Payment
		var warn store.Warnings
		var spec kit.FormSpec
		spec = kit.FormSpec{
			Title:    title,
			Build:    func() *huh.Form { return paymentFields(c, f, what, today) },
			Snapshot: func() string { return fmt.Sprint(f.v) },
			Live:     map[string]func(string) error{"hours": f.checkHours, "fee": f.checkFee, "reduced": store.ValidateMoney, "date": requiredDate},
			Save: func(ctx context.Context, st *store.Store) error {
				x, err := f.payment(p)
				if err != nil {
					return err
				}
				if err := st.PreparePayment(ctx, &x); err != nil {
					return err
				}
				w, err := st.CheckPayment(ctx, x)
				if err != nil {
					return err
				}
				pending, warn = x, w
				if w.Crosses() {
					return nil // asked about in Then
				}
				return st.SavePayment(ctx, &pending)
			},
			Done: func() string {
				if warn.Crosses() {
					return "Not recorded yet: it would cross a threshold."
				}
				if c.Privacy {
					return fmt.Sprintf("Recorded the payment (%s).", strings.ToLower(pending.Choice.Label()))
				}
				return fmt.Sprintf("Recorded %s (%s) for %s.", pending.Amount, strings.ToLower(pending.Choice.Label()), name)
			},
			Then: func() tea.Cmd {
				if !warn.Crosses() {
					return nil
				}
				x := pending
				return kit.Push(kit.NewConfirm(c, "This payment would cross a threshold",
					warn.String()+"\n\nRecord it anyway? Talk it through with "+name+" first: it may affect their benefits. "+
						"No goes back to the form, as you filled it in.",
					func() tea.Cmd {
						return tea.Sequence(kit.Do(c, func(ctx context.Context, st *store.Store) error { return st.SavePayment(ctx, &x) },
							kit.StatusMsg{Text: fmt.Sprintf("Recorded %s for %s, over a threshold.", x.Amount, name),
								Private: "Recorded the payment, over a threshold."}), refresh())
					}).OrElse(func() tea.Cmd {
					// Back to the form, to lower the hours or the fee.
					return kit.Push(kit.NewForm(c, spec))
				}).Private("This payment would cross a threshold", amountsHidden(c)+
					"\n\nRecord it anyway? Talk it through with them first: it may affect their benefits. "+
					"No goes back to the form, as you filled it in."))
			},
		}
		return kit.PushMsg{Screen: kit.NewForm(c, spec)}
	}
}

func paymentFields(c *kit.Common, f *paymentForm, what string, today func() string) *huh.Form {
	v := &f.v
	first := huh.NewGroup(
		huh.NewSelect[store.Basis]().Key("basis").Title("Paid").Options(kit.OptionsFor(store.Bases, store.Basis.Label)...).Value(&v.Basis),
	).Description(what)
	other := huh.NewGroup(
		huh.NewInput().Key("activity").Title("What was the involvement?").Value(&v.Activity).Validate(kit.NotBlank("what the involvement was")),
		kit.Suggest(c, huh.NewInput().Key("date").Title("Date").Placeholder("YYYY-MM-DD").Value(&v.Date).Validate(requiredDate), &v.Date, today),
	).WithHideFunc(func() bool { return v.MeetingID != "" })
	// The fixed-fee rate in force on the day is suggested; with none, the
	// fee is typed. The hours are asked plainly (they count towards the
	// hours cap), except that a payment per meeting suggests the
	// meeting's length. A placeholder is only ever an example.
	fee := huh.NewGroup(
		kit.Suggest(c, huh.NewInput().Key("fee").Title("Fee").DescriptionFunc(f.feeText, v).Placeholder("e.g. 50.00").
			Value(&v.Fee).Validate(f.checkFee), &v.Fee, f.feeSuggestion),
	).WithHideFunc(func() bool { return v.Basis != store.BasisFixed })
	main := huh.NewGroup(
		kit.Suggest(c, huh.NewInput().Key("hours").Title("Hours").DescriptionFunc(f.hoursText, v).Placeholder("e.g. 2.5").
			Value(&v.Hours).Validate(f.checkHours), &v.Hours, f.hoursSuggestion),
		huh.NewSelect[store.Choice]().Key("choice").Title("They").
			Options(huh.NewOption("Accept it", store.ChoiceAccept), huh.NewOption("Take less (reduce it)", store.ChoiceReduce),
				huh.NewOption("Decline it", store.ChoiceDecline), huh.NewOption("Donate it", store.ChoiceDonate)).Value(&v.Choice),
		huh.NewInput().Key("note").Title("Note").Description("Optional.").Value(&v.Note),
	)
	reduced := huh.NewGroup(
		huh.NewInput().Key("reduced").Title("Reduced to").Placeholder("e.g. 10.00").Value(&v.Reduced).Validate(store.ValidateMoney),
	).WithHideFunc(func() bool { return v.Choice != store.ChoiceReduce })
	return huh.NewForm(first, other, fee, main, reduced)
}

// choosePayment records the person's choice about a payment.
func choosePayment(c *kit.Common, p store.Payment) tea.Cmd {
	if p.Status == store.StatusPaid || p.Status == store.StatusRejected {
		return kit.Status("That payment is " + strings.ToLower(p.Status.Label()) + ": the choice can no longer change.")
	}
	name := c.Name(p.PersonName, p.PreferredName)
	choice, reduced := p.Choice, ""
	if p.Choice == store.ChoiceReduce {
		reduced = p.Reduced.Decimal()
	}
	return kit.Push(kit.NewForm(c, kit.FormSpec{
		Title: fmt.Sprintf("%s's choice about %s", name, p.Amount),
		Build: func() *huh.Form {
			return huh.NewForm(huh.NewGroup(
				huh.NewSelect[store.Choice]().Key("choice").Title("They").
					Options(huh.NewOption("Accept it", store.ChoiceAccept), huh.NewOption("Take less (reduce it)", store.ChoiceReduce),
						huh.NewOption("Decline it", store.ChoiceDecline), huh.NewOption("Donate it", store.ChoiceDonate)).Value(&choice),
			).Description("Declined and donated payments do not count as received in the ledger."),
				huh.NewGroup(huh.NewInput().Key("reduced").Title("Reduced to").Value(&reduced).Validate(store.ValidateMoney)).
					WithHideFunc(func() bool { return choice != store.ChoiceReduce }))
		},
		Snapshot: func() string { return fmt.Sprint(choice, reduced) },
		Live:     map[string]func(string) error{"reduced": store.ValidateMoney},
		Save: func(ctx context.Context, st *store.Store) error {
			var r store.Pence
			if choice == store.ChoiceReduce {
				var err error
				if r, err = store.ParseMoney(reduced); err != nil {
					return &store.FieldError{Field: "Reduced to", Message: err.Error()}
				}
			}
			return st.SetPaymentChoice(ctx, &p, choice, r)
		},
		Done: func() string { return name + "'s payment: " + strings.ToLower(p.Choice.Label()) + "." },
	}))
}

func approvePayment(c *kit.Common, p store.Payment, refresh func() tea.Cmd) tea.Cmd {
	name := c.Name(p.PersonName, p.PreferredName)
	return tea.Sequence(kit.Do(c, func(ctx context.Context, st *store.Store) error { return st.ApprovePayment(ctx, &p) },
		kit.StatusMsg{Text: fmt.Sprintf("Approved %s for %s.", p.Amount, name),
			Private: "Approved " + initialsOf(p.PersonName, p.PreferredName) + "'s payment."}), refresh())
}

func reopenPayment(c *kit.Common, p store.Payment, refresh func() tea.Cmd) tea.Cmd {
	return tea.Sequence(kit.Do(c, func(ctx context.Context, st *store.Store) error { return st.ReopenPayment(ctx, &p) },
		kit.StatusMsg{Text: "Reopened the payment: it is due again."}), refresh())
}

func rejectPayment(c *kit.Common, p store.Payment) tea.Cmd {
	switch p.Status {
	case store.StatusPaid:
		return kit.Status("This payment was paid on " + p.PaidOn + ": paid is final and it cannot be rejected.")
	case store.StatusRejected:
		return kit.Status("This payment is rejected already.")
	}
	name := c.Name(p.PersonName, p.PreferredName)
	return reasonForm(c, fmt.Sprintf("Reject %s's payment of %s", name, p.Amount),
		func(ctx context.Context, st *store.Store, reason string) error {
			return st.RejectPayment(ctx, &p, reason)
		},
		"Rejected the payment.")
}

// payPayment asks how and when, checks the thresholds for the day it is
// paid (the ledger counts it then), asks again if it would cross one, and pays.
func payPayment(c *kit.Common, p store.Payment, how store.PaidHow, refresh func() tea.Cmd) tea.Cmd {
	switch {
	case p.Status == store.StatusPaid:
		return kit.Status("That payment is already paid.")
	case p.Choice == store.ChoiceDecline:
		return kit.Status("That payment was declined: there is nothing to pay.")
	}
	name := c.Name(p.PersonName, p.PreferredName)
	v := payValues{How: how}
	var warn store.Warnings
	return kit.Push(kit.NewForm(c, kit.FormSpec{
		Title:    fmt.Sprintf("Pay %s's payment of %s", name, p.PaidOut()),
		Build:    func() *huh.Form { return payFields(c, &v, "Paid is final. Vouchers count as payments in the ledger.") },
		Snapshot: func() string { return fmt.Sprint(v) },
		Live:     map[string]func(string) error{"on": requiredDate},
		Save: func(ctx context.Context, st *store.Store) error {
			var err error
			if warn, err = st.CheckPayPayment(ctx, p, v.On); err != nil {
				return err
			}
			if warn.Crosses() {
				return nil
			}
			return st.PayPayment(ctx, &p, v.How, v.On)
		},
		Done: func() string {
			if warn.Crosses() {
				return "Not paid yet: it would cross a threshold."
			}
			if c.Privacy {
				return fmt.Sprintf("Paid the payment: %s.", strings.ToLower(p.PaidHow.Label()))
			}
			return fmt.Sprintf("Paid %s to %s: %s.", p.PaidOut(), name, strings.ToLower(p.PaidHow.Label()))
		},
		Then: func() tea.Cmd {
			if !warn.Crosses() {
				return nil
			}
			initials := initialsOf(p.PersonName, p.PreferredName)
			return kit.Push(kit.NewConfirm(c, "Paying this would cross a threshold", warn.String()+"\n\nPay it anyway?", func() tea.Cmd {
				return tea.Sequence(kit.Do(c, func(ctx context.Context, st *store.Store) error { return st.PayPayment(ctx, &p, v.How, v.On) },
					kit.StatusMsg{Text: fmt.Sprintf("Paid %s to %s, over a threshold.", p.PaidOut(), name),
						Private: "Paid " + initials + "'s payment, over a threshold."}), refresh())
			}).Private("Paying this would cross a threshold", amountsHidden(c)+"\n\nPay it anyway?"))
		},
	}))
}

func deletePayment(c *kit.Common, p store.Payment, refresh func() tea.Cmd) tea.Cmd {
	if p.Status == store.StatusPaid {
		return kit.Status("A paid payment is a record of money paid out and is kept.")
	}
	name := c.Name(p.PersonName, p.PreferredName)
	return kit.Push(kit.NewConfirm(c, "Delete this payment?", fmt.Sprintf("%s's payment of %s for %s.", name, p.Amount, p.What()), func() tea.Cmd {
		return tea.Sequence(kit.Do(c, func(ctx context.Context, st *store.Store) error { return st.DeletePayment(ctx, p.ID, p.Version) },
			kit.StatusMsg{Text: "Deleted the payment."}), refresh())
	}).Private("Delete this payment?", fmt.Sprintf("%s's payment for %s.", initialsOf(p.PersonName, p.PreferredName), p.What())))
}

// editRate sets a rate from a date (today, suggested).
func editRate(c *kit.Common, r store.Rate) tea.Cmd {
	today := func() string { return store.LocalDate(c.Now()) }
	amount := ""
	if r.Amount > 0 {
		amount = r.Amount.Decimal()
	}
	return kit.Push(kit.NewForm(c, kit.FormSpec{
		Title: "Set a rate",
		Build: func() *huh.Form {
			return huh.NewForm(huh.NewGroup(
				huh.NewSelect[store.RateKind]().Key("kind").Title("Rate").Options(kit.OptionsFor(store.RateKinds, store.RateKind.Label)...).Value(&r.Kind),
				huh.NewInput().Key("amount").Title("Amount").Placeholder("e.g. £15.00, or 45p a mile").Value(&amount).Validate(store.ValidateMoney),
				kit.Suggest(c, huh.NewInput().Key("from").Title("In force from").Placeholder("YYYY-MM-DD").Value(&r.EffectiveFrom).Validate(requiredDate),
					&r.EffectiveFrom, today),
				huh.NewInput().Key("name").Title("Name").Description("Optional.").Value(&r.Name),
			).Description("It applies from that date until the next rate of the same kind. Claims and payments keep the rate they were worked out at."))
		},
		Snapshot: func() string { return fmt.Sprint(r, amount) },
		Live:     map[string]func(string) error{"amount": store.ValidateMoney, "from": requiredDate},
		Save: func(ctx context.Context, st *store.Store) error {
			a, err := store.ParseMoney(amount)
			if err != nil {
				return &store.FieldError{Field: "Amount", Message: err.Error()}
			}
			r.Amount = a
			return st.SetRate(ctx, &r)
		},
		Done: func() string {
			return fmt.Sprintf("%s: %s from %s.", r.Kind.Label(), rateAmount(r.Kind, r.Amount), shortDateString(r.EffectiveFrom))
		},
	}))
}

// editThreshold sets a threshold from a date (today, suggested).
func editThreshold(c *kit.Common, t store.Threshold) tea.Cmd {
	today := func() string { return store.LocalDate(c.Now()) }
	value := ""
	check := func(s string) error { _, err := store.ParseThresholdValue(t.Kind, s); return err }
	return kit.Push(kit.NewForm(c, kit.FormSpec{
		Title: "Set a threshold",
		Build: func() *huh.Form {
			return huh.NewForm(huh.NewGroup(
				huh.NewSelect[store.ThresholdKind]().Key("kind").Title("Threshold").
					Options(kit.OptionsFor(store.ThresholdKinds, store.ThresholdKind.Label)...).Value(&t.Kind),
				huh.NewInput().Key("value").TitleFunc(func() string {
					if t.Kind.Hours() {
						return "Hours"
					}
					return "Amount"
				}, &t.Kind).Value(&value).Validate(check),
				kit.Suggest(c, huh.NewInput().Key("from").Title("In force from").Placeholder("YYYY-MM-DD").Value(&t.EffectiveFrom).Validate(requiredDate),
					&t.EffectiveFrom, today),
				huh.NewInput().Key("note").Title("Note").Description("Where the figure comes from.").Value(&t.Note),
			).Description("Thresholds usually change in April. The ledger warns before a payment would cross one."))
		},
		Snapshot: func() string { return fmt.Sprint(t, value) },
		Live:     map[string]func(string) error{"value": check, "from": requiredDate},
		Save: func(ctx context.Context, st *store.Store) error {
			v, err := store.ParseThresholdValue(t.Kind, value)
			if err != nil {
				return &store.FieldError{Field: "Amount", Message: err.Error()}
			}
			t.Amount = v
			return st.SetThreshold(ctx, &t)
		},
		Done: func() string {
			return fmt.Sprintf("%s: %s from %s.", t.Kind.Label(), t.ValueText(), shortDateString(t.EffectiveFrom))
		},
	}))
}

// initialsOf is how the privacy screen shows a person: their initials.
func initialsOf(name, preferred string) string {
	return store.Initials(store.DisplayName(name, preferred))
}
