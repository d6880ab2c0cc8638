package tui

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"github.com/involve/involve/store"
	"github.com/involve/involve/tui/kit"
)

// The forms and actions of the Money screens. Every store call runs in a
// Cmd; lists reload when a form closes (the app refreshes the screen
// underneath) or, for one-key actions, right after the change.

// meetingChoice is a meeting a claim or payment can be for.
type meetingChoice struct {
	id, label, date string
}

// personMeetings lists the meetings of a person's forums from four months
// back to a month ahead, not cancelled, the latest first.
func personMeetings(ctx context.Context, st *store.Store, personID string, now time.Time) ([]meetingChoice, error) {
	forums, err := st.PersonForums(ctx, personID)
	if err != nil {
		return nil, err
	}
	var out []meetingChoice
	var starts []time.Time
	from, to := now.AddDate(0, -4, 0), now.AddDate(0, 1, 0)
	for _, f := range forums {
		ms, err := st.ForumMeetings(ctx, f.ID)
		if err != nil {
			return nil, err
		}
		for _, m := range ms {
			if m.Status == store.MeetingCancelled || m.Start.Before(from) || m.Start.After(to) {
				continue
			}
			out = append(out, meetingChoice{id: m.ID, label: f.Name + ", " + kit.LongDate(m.Start), date: store.LocalDate(m.Start)})
			starts = append(starts, m.Start)
		}
	}
	idx := make([]int, len(out))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return starts[idx[a]].After(starts[idx[b]]) })
	sorted := make([]meetingChoice, len(out))
	for i, j := range idx {
		sorted[i] = out[j]
	}
	return sorted, nil
}

// latestPast picks the latest meeting on or before today, else "".
func latestPast(ms []meetingChoice, today string) string {
	for _, m := range ms {
		if m.date <= today {
			return m.id
		}
	}
	return ""
}

func meetingOptions(ms []meetingChoice) []huh.Option[string] {
	opts := []huh.Option[string]{huh.NewOption("No meeting: other involvement", "")}
	for _, m := range ms {
		opts = append(opts, huh.NewOption(m.label, m.id))
	}
	return opts
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
	v        claimValues
	rates    []store.Rate
	meetings map[string]string // meeting id → date
	float    bool              // at a meeting with a float set: cash may be paid now
	keys     *kit.KeyMap       // to name keys in hints
}

func (f *claimForm) date() string {
	if d, ok := f.meetings[f.v.MeetingID]; ok && f.v.MeetingID != "" {
		return d
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

// amountPlaceholder shows how to type the amount: money, miles or hours.
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
		return fmt.Sprintf("No %s rate is set for %s: set one in Rates (%s, then %s to Rates) first.", strings.ToLower(shortRateKind(kind)), shortDateString(d), kit.KeyName(f.keys.Global.Money), kit.KeyName(f.keys.Detail.SwitchPane))
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
// when meetingID is given), then fill in the claim.
func newClaim(c *kit.Common, meetingID string, _ func() tea.Cmd) tea.Cmd {
	return pickPerson(c, "Expense claim for whom?", meetingID, func(id, name string) tea.Cmd {
		return claimFormCmd(c, store.Claim{PersonID: id, MeetingID: meetingID}, c.Mask(name), meetingID != "")
	})
}

// editClaim changes a claim that is still claimed.
func editClaim(c *kit.Common, cl store.Claim) tea.Cmd {
	switch cl.Status {
	case store.StatusClaimed:
	case store.StatusPaid:
		return kit.Status("This claim was paid on " + cl.PaidOn + ": paid is final and it cannot be changed.")
	default:
		return kit.Status("Only a claim not yet approved can be changed: press " + kit.KeyName(c.Keys.Money.Reopen) + " to reopen it first.")
	}
	return claimFormCmd(c, cl, c.Name(cl.PersonName, cl.PreferredName), false)
}

// claimFormCmd loads the rates and the person's meetings, then opens the
// claim form. atMeeting fixes the meeting and offers to pay cash now.
func claimFormCmd(c *kit.Common, cl store.Claim, name string, atMeeting bool) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), kit.DefaultTimeout)
		defer cancel()
		st := c.Store
		rates, err := st.Rates(ctx)
		if err != nil {
			return kit.StatusMsg{Text: kit.ErrText(err), Err: true}
		}
		now := c.Now()
		today := store.LocalDate(now)
		f := &claimForm{rates: rates, meetings: map[string]string{}, keys: c.Keys}
		var opts []huh.Option[string]
		var ms []meetingChoice
		if atMeeting {
			m, err := st.Meeting(ctx, cl.MeetingID)
			if err != nil {
				return kit.StatusMsg{Text: kit.ErrText(err), Err: true}
			}
			f.meetings[m.ID] = store.LocalDate(m.Start)
			opts = []huh.Option[string]{huh.NewOption(m.ForumName+", "+kit.LongDate(m.Start), m.ID)}
			// Cash is paid from the meeting's float: with none set, the
			// form does not offer to pay now (as P refuses to).
			pc, err := st.PettyCash(ctx, m.ID)
			if err != nil {
				return kit.StatusMsg{Text: kit.ErrText(err), Err: true}
			}
			f.float = pc.Set()
		} else {
			if ms, err = personMeetings(ctx, st, cl.PersonID, now); err != nil {
				return kit.StatusMsg{Text: kit.ErrText(err), Err: true}
			}
			if cl.MeetingID != "" {
				if m, err := st.Meeting(ctx, cl.MeetingID); err == nil {
					ms = append([]meetingChoice{{id: m.ID, label: m.ForumName + ", " + kit.LongDate(m.Start), date: store.LocalDate(m.Start)}}, ms...)
				}
			}
			ms = dedupeMeetings(ms)
			for _, m := range ms {
				f.meetings[m.id] = m.date
			}
			opts = meetingOptions(ms)
		}
		f.v = claimValues{MeetingID: cl.MeetingID, Activity: cl.Activity, Date: cl.Date, Category: cl.Category,
			Receipt: cl.Receipt, ReceiptRef: cl.ReceiptRef, Description: cl.Description}
		if cl.ID == "" {
			f.v.Category = store.CatFare
			if !atMeeting {
				f.v.MeetingID = latestPast(ms, today)
			}
			if f.v.Date == "" {
				f.v.Date = today
			}
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
			Build: func() *huh.Form { return claimFields(f, opts, atMeeting) },
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
				return fmt.Sprintf("%s %s %s for %s.", verb, cl.Amount, strings.ToLower(cl.Category.Label()), name)
			},
		})}
	}
}

func dedupeMeetings(ms []meetingChoice) []meetingChoice {
	seen := map[string]bool{}
	var out []meetingChoice
	for _, m := range ms {
		if !seen[m.id] {
			seen[m.id] = true
			out = append(out, m)
		}
	}
	return out
}

func claimFields(f *claimForm, opts []huh.Option[string], atMeeting bool) *huh.Form {
	v := &f.v
	category := huh.NewSelect[store.Category]().Key("category").Title("Category").
		Options(kit.OptionsFor(store.Categories, store.Category.Label)...).Value(&v.Category)
	first := huh.NewGroup(
		huh.NewSelect[string]().Key("meeting").Title("For").Options(opts...).Value(&v.MeetingID).Height(min(len(opts)+2, 8)),
		category,
	)
	if atMeeting && len(opts) == 1 {
		first = huh.NewGroup(category).Description("For " + opts[0].Key)
	}
	other := huh.NewGroup(
		huh.NewInput().Key("activity").Title("What was the involvement?").Placeholder("Interview panel at the council").
			Value(&v.Activity).Validate(kit.NotBlank("what the involvement was")),
		huh.NewInput().Key("date").Title("Date").Placeholder("YYYY-MM-DD").Value(&v.Date).Validate(requiredDate),
	).WithHideFunc(func() bool { return v.MeetingID != "" })
	details := []huh.Field{
		huh.NewInput().Key("amount").TitleFunc(f.amountTitle, &v.Category).
			DescriptionFunc(f.amountText, v).PlaceholderFunc(f.amountPlaceholder, &v.Category).
			Value(&v.Amount).Validate(f.checkAmount),
		huh.NewConfirm().Key("receipt").Title("Receipt?").Value(&v.Receipt),
		huh.NewInput().Key("ref").Title("Receipt reference").Description("Optional.").Value(&v.ReceiptRef),
		huh.NewInput().Key("description").Title("Note").Description("Optional: what it was for (the 42 there and back, say).").Value(&v.Description),
	}
	if atMeeting && f.float {
		details = append(details, huh.NewConfirm().Key("paynow").Title("Pay it now in cash, from the float?").Value(&v.PayNow))
	}
	return huh.NewForm(first, other, huh.NewGroup(details...))
}

// approveClaim approves at once and reloads.
func approveClaim(c *kit.Common, cl store.Claim, refresh func() tea.Cmd) tea.Cmd {
	name := c.Name(cl.PersonName, cl.PreferredName)
	return tea.Sequence(kit.Do(c, func(ctx context.Context, st *store.Store) error { return st.ApproveClaim(ctx, &cl) },
		kit.StatusMsg{Text: fmt.Sprintf("Approved %s for %s.", cl.Amount, name)}), refresh())
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

func payFields(v *payValues, note string) *huh.Form {
	return huh.NewForm(huh.NewGroup(
		huh.NewSelect[store.PaidHow]().Key("how").Title("Paid how").Options(kit.OptionsFor(store.PaidHows, store.PaidHow.Label)...).Value(&v.How),
		huh.NewInput().Key("on").Title("Paid on").Placeholder("YYYY-MM-DD").Value(&v.On).Validate(requiredDate),
	).Description(note))
}

// payClaim asks how and when, then pays (approving a claimed claim too).
func payClaim(c *kit.Common, cl store.Claim, how store.PaidHow) tea.Cmd {
	if cl.Status == store.StatusPaid {
		return kit.Status("That claim is already paid.")
	}
	name := c.Name(cl.PersonName, cl.PreferredName)
	v := payValues{How: how, On: store.LocalDate(c.Now())}
	return kit.Push(kit.NewForm(c, kit.FormSpec{
		Title: fmt.Sprintf("Pay %s's claim of %s", name, cl.Amount),
		Build: func() *huh.Form {
			return payFields(&v, "Paid is final. Cash for a meeting comes out of its float.")
		},
		Snapshot: func() string { return fmt.Sprint(v) },
		Live:     map[string]func(string) error{"on": requiredDate},
		Save:     func(ctx context.Context, st *store.Store) error { return st.PayClaim(ctx, &cl, v.How, v.On) },
		Done: func() string {
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
	}))
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
	v        paymentValues
	rates    []store.Rate
	meetings map[string]string
}

func (f *paymentForm) date() string {
	if d, ok := f.meetings[f.v.MeetingID]; ok && f.v.MeetingID != "" {
		return d
	}
	d, _ := store.NormalDate(f.v.Date)
	return d
}

func (f *paymentForm) checkHours(s string) error {
	if strings.TrimSpace(s) == "" && f.v.Basis != store.BasisHourly {
		return nil
	}
	_, err := store.ParseHours(s)
	return err
}

func optionalMoney(s string) error {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	return store.ValidateMoney(s)
}

// hoursText works out the amount as the hours are typed.
func (f *paymentForm) hoursText() string {
	d := f.date()
	kind := f.v.Basis.RateKind()
	r, ok := store.RateFor(f.rates, kind, d)
	switch {
	case d == "":
		return "Hours of involvement, in quarters (1.5)."
	case f.v.Basis == store.BasisFixed && strings.TrimSpace(f.v.Fee) != "":
		return "Hours of involvement, for the hours cap."
	case !ok:
		return fmt.Sprintf("No %s rate is set for %s: set one in Rates first.", strings.ToLower(shortRateKind(kind)), shortDateString(d))
	case f.v.Basis == store.BasisHourly:
		q, err := store.ParseHours(f.v.Hours)
		if err != nil || strings.TrimSpace(f.v.Hours) == "" {
			return fmt.Sprintf("At %s (the rate on %s).", rateAmount(kind, r.Amount), shortDateString(d))
		}
		return fmt.Sprintf("= %s: %s hours at %s.", store.MulRate(r.Amount, q), q, rateAmount(kind, r.Amount))
	case f.v.Basis == store.BasisMeeting:
		return fmt.Sprintf("%s for the meeting. Hours count towards the cap; blank for the meeting's length.", r.Amount)
	}
	return fmt.Sprintf("The fixed fee on %s is %s. Hours count towards the cap.", shortDateString(d), r.Amount)
}

func (f *paymentForm) payment(base store.Payment) (store.Payment, error) {
	p := base
	p.MeetingID, p.Basis, p.Choice, p.Note = f.v.MeetingID, f.v.Basis, f.v.Choice, f.v.Note
	p.Activity, p.Date = "", ""
	if p.MeetingID == "" {
		p.Activity, p.Date = f.v.Activity, f.v.Date
	}
	p.Hours, p.Amount, p.Reduced = 0, 0, 0
	if strings.TrimSpace(f.v.Hours) != "" {
		h, err := store.ParseHours(f.v.Hours)
		if err != nil {
			return p, &store.FieldError{Field: "Hours", Message: err.Error()}
		}
		p.Hours = h
	}
	if p.Basis == store.BasisFixed && strings.TrimSpace(f.v.Fee) != "" {
		a, err := store.ParseMoney(f.v.Fee)
		if err != nil {
			return p, &store.FieldError{Field: "Fee", Message: err.Error()}
		}
		p.Amount = a
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

// newPayment records an involvement payment: pick the person, fill in the
// payment; before it is recorded, the thresholds are checked and, if it
// would cross one, the user is asked to confirm.
func newPayment(c *kit.Common, meetingID string, refresh func() tea.Cmd) tea.Cmd {
	return pickPerson(c, "Involvement payment for whom?", meetingID, func(id, name string) tea.Cmd {
		return paymentFormCmd(c, store.Payment{PersonID: id, MeetingID: meetingID}, c.Mask(name), refresh)
	})
}

func editPayment(c *kit.Common, p store.Payment, refresh func() tea.Cmd) tea.Cmd {
	switch p.Status {
	case store.StatusClaimed:
	case store.StatusPaid:
		return kit.Status("This payment was paid on " + p.PaidOn + ": paid is final and it cannot be changed.")
	default:
		return kit.Status("Only a payment not yet approved can be changed: press " + kit.KeyName(c.Keys.Money.Reopen) + " to reopen it first.")
	}
	return paymentFormCmd(c, p, c.Name(p.PersonName, p.PreferredName), refresh)
}

func paymentFormCmd(c *kit.Common, p store.Payment, name string, refresh func() tea.Cmd) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), kit.DefaultTimeout)
		defer cancel()
		st := c.Store
		rates, err := st.Rates(ctx)
		if err != nil {
			return kit.StatusMsg{Text: kit.ErrText(err), Err: true}
		}
		now := c.Now()
		ms, err := personMeetings(ctx, st, p.PersonID, now)
		if err != nil {
			return kit.StatusMsg{Text: kit.ErrText(err), Err: true}
		}
		if p.MeetingID != "" {
			if m, err := st.Meeting(ctx, p.MeetingID); err == nil {
				ms = append([]meetingChoice{{id: m.ID, label: m.ForumName + ", " + kit.LongDate(m.Start), date: store.LocalDate(m.Start)}}, ms...)
			}
		}
		ms = dedupeMeetings(ms)
		f := &paymentForm{rates: rates, meetings: map[string]string{}}
		for _, m := range ms {
			f.meetings[m.id] = m.date
		}
		f.v = paymentValues{MeetingID: p.MeetingID, Activity: p.Activity, Date: p.Date, Basis: p.Basis, Choice: p.Choice, Note: p.Note}
		if p.ID == "" {
			f.v.Basis, f.v.Choice = store.BasisMeeting, store.ChoiceAccept
			if f.v.MeetingID == "" {
				f.v.MeetingID = latestPast(ms, store.LocalDate(now))
			}
			f.v.Date = store.LocalDate(now)
		} else {
			if p.Hours > 0 {
				f.v.Hours = p.Hours.String()
			}
			if p.Basis == store.BasisFixed && p.Rate == 0 {
				f.v.Fee = p.Amount.Decimal()
			}
			if p.Choice == store.ChoiceReduce {
				f.v.Reduced = p.Reduced.Decimal()
			}
		}
		opts := meetingOptions(ms)
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
			Build:    func() *huh.Form { return paymentFields(f, opts) },
			Snapshot: func() string { return fmt.Sprint(f.v) },
			Live:     map[string]func(string) error{"hours": f.checkHours, "fee": optionalMoney, "reduced": store.ValidateMoney, "date": requiredDate},
			Save: func(ctx context.Context, st *store.Store) error {
				x, err := f.payment(p)
				if err != nil {
					return err
				}
				if err := st.PreparePayment(ctx, &x); err != nil {
					return err
				}
				w, err := st.CheckPayment(ctx, x.PersonID, x.Date, x.Received(), x.Hours, x.ID)
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
							kit.StatusMsg{Text: fmt.Sprintf("Recorded %s for %s, over a threshold.", x.Amount, name)}), refresh())
					}).OrElse(func() tea.Cmd {
					// Back to the form, to lower the hours or the fee.
					return kit.Push(kit.NewForm(c, spec))
				}))
			},
		}
		return kit.PushMsg{Screen: kit.NewForm(c, spec)}
	}
}

func paymentFields(f *paymentForm, opts []huh.Option[string]) *huh.Form {
	v := &f.v
	first := huh.NewGroup(
		huh.NewSelect[string]().Key("meeting").Title("For").Options(opts...).Value(&v.MeetingID).Height(min(len(opts)+2, 8)),
		huh.NewSelect[store.Basis]().Key("basis").Title("Paid").Options(kit.OptionsFor(store.Bases, store.Basis.Label)...).Value(&v.Basis),
	)
	other := huh.NewGroup(
		huh.NewInput().Key("activity").Title("What was the involvement?").Value(&v.Activity).Validate(kit.NotBlank("what the involvement was")),
		huh.NewInput().Key("date").Title("Date").Placeholder("YYYY-MM-DD").Value(&v.Date).Validate(requiredDate),
	).WithHideFunc(func() bool { return v.MeetingID != "" })
	fee := huh.NewGroup(
		huh.NewInput().Key("fee").Title("Fee").Description("Blank for the fixed-fee rate.").Placeholder("£50").
			Value(&v.Fee).Validate(optionalMoney),
	).WithHideFunc(func() bool { return v.Basis != store.BasisFixed })
	main := huh.NewGroup(
		huh.NewInput().Key("hours").Title("Hours").DescriptionFunc(f.hoursText, v).Placeholder("2.5").
			Value(&v.Hours).Validate(f.checkHours),
		huh.NewSelect[store.Choice]().Key("choice").Title("They").
			Options(huh.NewOption("Accept it", store.ChoiceAccept), huh.NewOption("Take less (reduce it)", store.ChoiceReduce),
				huh.NewOption("Decline it", store.ChoiceDecline), huh.NewOption("Donate it", store.ChoiceDonate)).Value(&v.Choice),
		huh.NewInput().Key("note").Title("Note").Description("Optional.").Value(&v.Note),
	)
	reduced := huh.NewGroup(
		huh.NewInput().Key("reduced").Title("Reduced to").Placeholder("£10").Value(&v.Reduced).Validate(store.ValidateMoney),
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
		kit.StatusMsg{Text: fmt.Sprintf("Approved %s for %s.", p.Amount, name)}), refresh())
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
	v := payValues{How: how, On: store.LocalDate(c.Now())}
	var warn store.Warnings
	return kit.Push(kit.NewForm(c, kit.FormSpec{
		Title:    fmt.Sprintf("Pay %s's payment of %s", name, p.PaidOut()),
		Build:    func() *huh.Form { return payFields(&v, "Paid is final. Vouchers count as payments in the ledger.") },
		Snapshot: func() string { return fmt.Sprint(v) },
		Live:     map[string]func(string) error{"on": requiredDate},
		Save: func(ctx context.Context, st *store.Store) error {
			on, err := store.NormalDate(v.On)
			if err != nil {
				return &store.FieldError{Field: "Paid on", Message: err.Error()}
			}
			if warn, err = st.CheckPayment(ctx, p.PersonID, on, p.Received(), 0, p.ID); err != nil {
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
			return fmt.Sprintf("Paid %s to %s: %s.", p.PaidOut(), name, strings.ToLower(p.PaidHow.Label()))
		},
		Then: func() tea.Cmd {
			if !warn.Crosses() {
				return nil
			}
			return kit.Push(kit.NewConfirm(c, "Paying this would cross a threshold", warn.String()+"\n\nPay it anyway?", func() tea.Cmd {
				return tea.Sequence(kit.Do(c, func(ctx context.Context, st *store.Store) error { return st.PayPayment(ctx, &p, v.How, v.On) },
					kit.StatusMsg{Text: fmt.Sprintf("Paid %s to %s, over a threshold.", p.PaidOut(), name)}), refresh())
			}))
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
	}))
}

// editRate sets a rate from a date.
func editRate(c *kit.Common, r store.Rate) tea.Cmd {
	amount := ""
	if r.Amount > 0 {
		amount = r.Amount.Decimal()
	}
	return kit.Push(kit.NewForm(c, kit.FormSpec{
		Title: "Set a rate",
		Build: func() *huh.Form {
			return huh.NewForm(huh.NewGroup(
				huh.NewSelect[store.RateKind]().Key("kind").Title("Rate").Options(kit.OptionsFor(store.RateKinds, store.RateKind.Label)...).Value(&r.Kind),
				huh.NewInput().Key("amount").Title("Amount").Placeholder("£15.00, or 45p a mile").Value(&amount).Validate(store.ValidateMoney),
				huh.NewInput().Key("from").Title("In force from").Placeholder("YYYY-MM-DD").Value(&r.EffectiveFrom).Validate(requiredDate),
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

// editThreshold sets a threshold from a date.
func editThreshold(c *kit.Common, t store.Threshold) tea.Cmd {
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
				huh.NewInput().Key("from").Title("In force from").Placeholder("YYYY-MM-DD").Value(&t.EffectiveFrom).Validate(requiredDate),
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
