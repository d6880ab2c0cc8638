package rights

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"github.com/involve/involve/civil"
	"github.com/involve/involve/store"
	"github.com/involve/involve/tui/kit"
)

// OpenPerson opens a person's page; package tui sets it (this package
// cannot import tui).
var OpenPerson = func(c *kit.Common, id string) tea.Cmd { return nil }

// SoonDays is how near its due date an open request is shown as due soon.
const SoonDays = 14

// NewRequestsScreen lists the requests people made about their data, the
// open ones with when each is due as the ICO counts it (overdue in red,
// due within a fortnight in amber); c shows the closed ones too.
func NewRequestsScreen(c *kit.Common) *kit.ListScreen {
	list := kit.NewList(c,
		kit.Column{Title: "No.", Width: 4, Right: true},
		kit.Column{Title: "From", Width: 20, Min: 8},
		kit.Column{Title: "Asks", Width: 11},
		kit.Column{Title: "Received", Width: 11},
		kit.Column{Title: "Due", Width: 11},
		kit.Column{Title: "Where it stands"},
	)
	newKey, closedKey := kit.KeyName(c.Keys.Record.New), kit.KeyName(c.Keys.Rights.Closed)
	openEmpty := "No open requests. Press " + newKey + " to record one (" + closedKey + " shows closed ones)."
	list.Empty = openEmpty
	all := false
	s := kit.NewListScreen(c, "Requests about data", list, func(ctx context.Context, st *store.Store) ([]kit.Row, error) {
		rs, err := st.Requests(ctx, all)
		if err != nil {
			return nil, err
		}
		today := civil.In(c.Now(), store.London)
		rows := make([]kit.Row, len(rs))
		for i, r := range rs {
			rows[i] = requestRow(r, today)
		}
		return rows, nil
	})
	s.Open = func(id string) tea.Cmd { return editRequest(c, id) }
	s.Edit = s.Open
	s.Create = func(string) tea.Cmd { return newRequest(c) }
	s.Remove = func(id string) tea.Cmd { return deleteRequest(c, id) }
	s.Extra = []kit.ListAction{
		{Key: c.Keys.Rights.Closed, AnyRow: true, Do: func(string) tea.Cmd {
			all = !all
			if all {
				list.Empty = "No requests yet. Press " + newKey + " to record one."
			} else {
				list.Empty = openEmpty
			}
			return s.Refresh()
		}},
		{Key: c.Keys.Rights.Export, Do: func(id string) tea.Cmd {
			return kit.LoadThen(c, id, (*store.Store).Request, func(r store.AccessRequest) tea.Cmd {
				if r.PersonID == "" {
					return kit.Status("They have been erased: nothing is held about them.")
				}
				return kit.Push(NewExportScreen(c, r.PersonID))
			})
		}},
	}
	return s
}

// requestRow is a request as a list row, toned by how near it is due.
func requestRow(r store.AccessRequest, today civil.Date) kit.Row {
	clock := r.Clock(today)
	who, asks := r.Who(), "see data"
	if r.Kind == store.RequestErasure {
		asks = "forget them"
	}
	received, due := kit.CivilDate(r.Received), kit.CivilDate(clock.Due)
	row := kit.NewRow(r.ID, []string{strconv.Itoa(r.Number), who, asks, received, due, standing(r, clock)},
		[]string{strconv.Itoa(r.Number), store.Initials(who), asks, received, due, standing(r, clock)})
	switch {
	case clock.State == store.ClockClosed:
		row.Tone = kit.ToneFaint
	case clock.Overdue():
		row.Tone = kit.ToneBad
	case clock.State != store.ClockRunning || clock.DaysLeft <= SoonDays:
		row.Tone = kit.ToneWarn
	}
	return row
}

// newRequest picks the person, then asks for the request.
func newRequest(c *kit.Common) tea.Cmd {
	return kit.Push(kit.NewPicker(c, "Whose request is it?", kit.PersonColumns(), func(ctx context.Context, st *store.Store) ([]kit.Row, error) {
		people, err := st.People(ctx)
		if err != nil {
			return nil, err
		}
		return kit.MemberRows(people, nil), nil
	}, func(row kit.Row) tea.Cmd {
		r := store.AccessRequest{PersonID: row.ID, PersonName: row.Cells[0], Kind: store.RequestAccess}
		return tea.Sequence(kit.Pop(""), requestForm(c, r))
	}))
}

func editRequest(c *kit.Common, id string) tea.Cmd {
	return kit.LoadThen(c, id, (*store.Store).Request, func(r store.AccessRequest) tea.Cmd { return requestForm(c, r) })
}

// requestValues are a request's fields as typed.
type requestValues struct {
	Kind                                                        store.RequestKind
	Received, IDAsked, IDChecked, ClarifyAsked, ClarifyReceived string
	Extended                                                    bool
	ExtensionReason                                             string
	Outcome                                                     store.RequestOutcome
	Closed, Notes                                               string
}

// requestForm records a new request, or what happened on one.
func requestForm(c *kit.Common, r store.AccessRequest) tea.Cmd {
	v := &requestValues{Kind: r.Kind, Received: r.Received.String(), IDAsked: r.IDAsked.String(), IDChecked: r.IDChecked.String(),
		ClarifyAsked: r.ClarifyAsked.String(), ClarifyReceived: r.ClarifyReceived.String(), Extended: r.Extended,
		ExtensionReason: r.ExtensionReason, Outcome: r.Outcome, Closed: r.Closed.String(), Notes: r.Notes}
	who := c.Mask(r.Who())
	title := "New request from " + who
	if r.ID != "" {
		title = fmt.Sprintf("Request %d from %s", r.Number, who)
	}
	date := func(key, title, desc string, to *string) huh.Field {
		return huh.NewInput().Key(key).Title(title).Description(desc).Placeholder("YYYY-MM-DD").Value(to).
			Validate(func(s string) error { _, err := civil.ParseOptional(s); return err })
	}
	kinds := kit.OptionsFor(store.RequestKinds, store.RequestKind.Label)
	outcomes := kit.OptionsFor(store.RequestOutcomes, store.RequestOutcome.Label)
	return kit.Push(kit.NewForm(c, kit.FormSpec{
		Title: title,
		Build: func() *huh.Form {
			var today func() string
			if r.ID == "" {
				today = func() string { return civil.In(c.Now(), store.London).String() }
			}
			received := kit.Suggest(c, date("received", "Received on", "the time limit runs from this day", &v.Received).(*huh.Input), &v.Received, today)
			fields := []huh.Field{
				huh.NewSelect[store.RequestKind]().Key("kind").Title("They ask").Options(kinds...).Value(&v.Kind),
				received,
				date("id_asked", "Proof of identity asked for on", "if you had to ask: the clock waits for it", &v.IDAsked),
				date("id_checked", "Identity checked on", "", &v.IDChecked),
			}
			if r.ID != "" {
				fields = append(fields,
					date("clarify_asked", "Clarification asked for on", "the clock stops until it comes", &v.ClarifyAsked),
					date("clarify_received", "Clarification received on", "", &v.ClarifyReceived),
					huh.NewConfirm().Key("extended").Title("Extended by two months?").Description("only for a complex request, or many").Value(&v.Extended),
					huh.NewInput().Key("extension_reason").Title("Why it needs longer").Value(&v.ExtensionReason),
					huh.NewSelect[store.RequestOutcome]().Key("outcome").Title("Outcome").Options(outcomes...).Value(&v.Outcome),
					date("closed", "Closed on", "the day it was answered, withdrawn or refused", &v.Closed),
				)
			}
			fields = append(fields, huh.NewText().Key("notes").Title("Notes").Description("how it came, and anything to remember").Value(&v.Notes))
			return huh.NewForm(huh.NewGroup(fields...))
		},
		Snapshot: func() string { return fmt.Sprint(*v) },
		Save: func(ctx context.Context, st *store.Store) error {
			q := r
			q.Kind, q.Extended, q.ExtensionReason, q.Outcome, q.Notes = v.Kind, v.Extended, v.ExtensionReason, v.Outcome, v.Notes
			for _, d := range []struct {
				label string
				from  string
				to    *civil.Date
			}{{"Received", v.Received, &q.Received}, {"ID asked", v.IDAsked, &q.IDAsked}, {"ID checked", v.IDChecked, &q.IDChecked},
				{"Clarification asked", v.ClarifyAsked, &q.ClarifyAsked}, {"Clarification received", v.ClarifyReceived, &q.ClarifyReceived},
				{"Closed", v.Closed, &q.Closed}} {
				got, err := civil.ParseOptional(d.from)
				if err != nil {
					return fmt.Errorf("%s: %w", d.label, err)
				}
				*d.to = got
			}
			if q.Outcome != store.OutcomeOpen && q.Closed.IsZero() {
				q.Closed = civil.In(c.Now(), store.London)
			}
			if err := st.SaveRequest(ctx, &q); err != nil {
				return err
			}
			r = q
			return nil
		},
		Done: func() string {
			return fmt.Sprintf("Request %d from %s: %s.", r.Number, who, r.Clock(civil.In(c.Now(), store.London)).Text())
		},
		Then: func() tea.Cmd { return kit.SelectRow(r.ID) },
	}))
}

// deleteRequest removes a request recorded by mistake, asking first.
func deleteRequest(c *kit.Common, id string) tea.Cmd {
	return kit.LoadThen(c, id, (*store.Store).Request, func(r store.AccessRequest) tea.Cmd {
		return kit.Push(kit.NewConfirm(c, fmt.Sprintf("Delete request %d?", r.Number),
			"Only a request recorded by mistake should be deleted: one answered, withdrawn or refused is closed instead (e), and kept.",
			func() tea.Cmd {
				return kit.Do(c, func(ctx context.Context, st *store.Store) error {
					err := st.DeleteRequest(ctx, r.ID, r.Version)
					if errors.Is(err, store.ErrConflict) {
						return errors.New("the request was changed meanwhile: look again; nothing was deleted")
					}
					return err
				}, kit.ChangedMsg{Status: fmt.Sprintf("Deleted request %d.", r.Number)})
			}))
	})
}

// NewConsentScreen lists the people whose consent to be contacted is past
// its review date: ask them again before contacting them.
func NewConsentScreen(c *kit.Common) *kit.ListScreen {
	list := kit.NewList(c, kit.PersonColumns()...)
	list.Empty = "Everyone's consent to be contacted is in force."
	s := kit.NewListScreen(c, "Consent expired", list, func(ctx context.Context, st *store.Store) ([]kit.Row, error) {
		people, err := st.ConsentExpired(ctx)
		if err != nil {
			return nil, err
		}
		return kit.MemberRows(people, nil), nil
	})
	s.Open = func(id string) tea.Cmd { return OpenPerson(c, id) }
	return s
}

// standing is where a request stands, briefly: "in 6 days", "overdue by 3
// days", "waiting for ID", "answered 31 Oct 2025 (in time)".
func standing(r store.AccessRequest, c store.Clock) string {
	days := func(n int) string {
		if n == 1 {
			return "1 day"
		}
		return strconv.Itoa(n) + " days"
	}
	switch c.State {
	case store.ClockWaitingForID:
		return "waiting for ID"
	case store.ClockStopped:
		return "clock stopped " + days(c.Paused) + " (clarification)"
	case store.ClockClosed:
		when := "in time"
		if !c.Due.IsZero() && r.Closed.After(c.Due) {
			when = days(r.Closed.DaysSince(c.Due)) + " late"
		}
		return strings.ToLower(r.Outcome.Label()) + " " + kit.CivilDate(r.Closed) + " (" + when + ")"
	}
	switch {
	case c.DaysLeft < 0:
		return "overdue by " + days(-c.DaysLeft)
	case c.DaysLeft == 0:
		return "due today"
	}
	return "in " + days(c.DaysLeft)
}
