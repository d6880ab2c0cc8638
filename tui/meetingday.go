package tui

import (
	"context"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/involve/involve/store"
	"github.com/involve/involve/tui/kit"
)

// The meeting-day screen is the register with what happens in the room:
// mark someone arrived, record their claim, pay them cash from the float,
// book their taxi home, with running totals and the float's balance. It is
// a RegisterScreen in day mode, so signing in works exactly as on the
// register. Everything it does is local: no network is needed.

// NewMeetingDay opens the meeting-day screen for a meeting.
func NewMeetingDay(c *kit.Common, meetingID string) *RegisterScreen {
	s := NewRegister(c, meetingID)
	s.day = true
	s.list = kit.NewList(c, kit.PersonColumns(
		kit.Column{Title: "Status", Width: 14},
		kit.Column{Title: "Claimed", Width: 9, Right: true},
		kit.Column{Title: "Owed", Width: 9, Right: true},
		kit.Column{Title: "Taxi home", Width: 10},
	)...)
	s.list.Empty = "Nobody is on this register. Press " + kit.KeyName(c.Keys.Register.AddPerson) + " to add someone."
	return s
}

// dayInfo is the money and transport of a meeting, by person.
type dayInfo struct {
	money   store.MeetingMoney
	claimed map[string]store.Pence // claims not rejected
	owed    map[string]store.Pence // claimed or approved, not yet paid
	claims  map[string][]store.Claim
	home    map[string]store.Booking // the journey home
	// lastFirm is the firm booked last for the meeting, offered when a
	// taxi home is booked.
	lastFirm string
	riders   map[string]bool // on the run sheet: they need a taxi (or community transport) home
}

func loadDay(ctx context.Context, st *store.Store, meetingID string) (dayInfo, error) {
	d := dayInfo{claimed: map[string]store.Pence{}, owed: map[string]store.Pence{}, claims: map[string][]store.Claim{},
		home: map[string]store.Booking{}, riders: map[string]bool{}}
	var err error
	if d.money, err = st.MeetingMoney(ctx, meetingID); err != nil {
		return d, err
	}
	for _, cl := range d.money.Claims {
		if cl.Status == store.StatusRejected {
			continue
		}
		d.claimed[cl.PersonID] += cl.Amount
		if cl.Status == store.StatusClaimed || cl.Status == store.StatusApproved {
			d.owed[cl.PersonID] += cl.Amount
			d.claims[cl.PersonID] = append(d.claims[cl.PersonID], cl)
		}
	}
	// The run sheet says who needs a taxi home (their needs say taxi or
	// community transport) as well as what is booked. When no runs can be
	// planned (the transport settings allow none), the bookings still show.
	sheet, err := st.RunSheet(ctx, meetingID)
	switch {
	case err != nil && sheet.Meeting.ID == "":
		return d, err
	case err != nil:
		if sheet.Bookings, err = st.Bookings(ctx, meetingID); err != nil {
			return d, err
		}
	}
	for _, r := range sheet.Runs {
		for _, stop := range r.Stops {
			d.riders[stop.PersonID] = true
		}
	}
	for _, b := range sheet.Bookings {
		if b.Leg == store.LegHome {
			d.home[b.PersonID] = b
		}
	}
	d.lastFirm = lastFirm(sheet.Bookings)
	return d, nil
}

// taxiHome is what the Taxi home column says: where the booking stands,
// "To book" for someone who needs a taxi with none booked yet, and "—" for
// someone who makes their own way.
func (d dayInfo) taxiHome(personID string) string {
	if b, ok := d.home[personID]; ok {
		return b.Status.Label()
	}
	if d.riders[personID] {
		return store.BookingToBook.Label()
	}
	return "—"
}

// cells are the day columns for one person.
func (d dayInfo) cells(personID string) []string {
	money := func(p store.Pence) string {
		if p == 0 {
			return "—"
		}
		return p.String()
	}
	return []string{money(d.claimed[personID]), money(d.owed[personID]), d.taxiHome(personID)}
}

// totals is the running totals line: claims, cash paid and the float,
// said shorter when the full words do not fit the width.
func (d dayInfo) totals(st *kit.Styles, keys *kit.KeyMap, width int) string {
	float := kit.KeyName(keys.Money.Float)
	var claimed, owed store.Pence
	for _, p := range d.claimed {
		claimed += p
	}
	for _, p := range d.owed {
		owed += p
	}
	pc := d.money.Cash
	cash := "no float set (" + float + ")"
	if pc.Set() {
		cash = fmt.Sprintf("float %s, paid out %s, balance %s", pc.Float, pc.PaidOut, pc.Balance())
		if pc.Reconciled {
			cash += " (reconciled)"
		}
	}
	line := fmt.Sprintf("  Claims %s, still owed %s · Cash: %s", claimed, owed, cash)
	short := pc.Set() && pc.Balance() < owed
	if ansi.StringWidth(line) > width || (short && ansi.StringWidth(line)+31 > width) {
		cash = "no float (" + float + ")"
		if pc.Set() {
			cash = fmt.Sprintf("float %s, out %s, left %s", pc.Float, pc.PaidOut, pc.Balance())
			if pc.Reconciled {
				cash += ", reconciled"
			}
		}
		line = fmt.Sprintf("  Claims %s, owed %s · Cash: %s", claimed, owed, cash)
	}
	if short {
		return st.Warn.Render(ansi.Truncate(line+" — not enough to pay everyone", width, "…"))
	}
	return st.Subtle.Render(ansi.Truncate(line, width, "…"))
}

// dayKey handles the meeting-day quick actions for the person under the cursor.
func (s *RegisterScreen) dayKey(msg tea.KeyPressMsg, personID string) (tea.Cmd, bool) {
	d := s.c.Keys.Day
	i := s.index(personID)
	if i < 0 {
		return nil, false
	}
	e := s.entries[i]
	name := s.c.Name(e.Name, e.PreferredName)
	switch {
	case key.Matches(msg, d.Claim):
		if s.meeting.Status == store.MeetingCancelled {
			return kit.Status("This meeting was cancelled: no claim can be made for it."), true
		}
		return claimFormCmd(s.c, store.Claim{PersonID: personID, MeetingID: s.id}, name, true), true
	case key.Matches(msg, d.PayCash):
		return s.payCash(personID, name), true
	case key.Matches(msg, d.TaxiHome):
		b, exists := s.dayInfo.home[personID]
		if !exists {
			b = store.Booking{MeetingID: s.id, PersonID: personID, Leg: store.LegHome}
		}
		return bookJourney(s.c, b, exists, name, "Book "+name+"'s taxi home",
			"Collect from "+s.meeting.Venue+" at "+store.LocalClock(s.meeting.End)+".", s.dayInfo.lastFirm), true
	case key.Matches(msg, s.c.Keys.Money.Float):
		pc := s.dayInfo.money.Cash
		if pc.MeetingID == "" {
			pc.MeetingID = s.id
		}
		return setFloat(s.c, pc), true
	}
	return nil, false
}

// payCash pays everything the person is owed for this meeting in cash from
// the float, after asking.
func (s *RegisterScreen) payCash(personID, name string) tea.Cmd {
	claims := s.dayInfo.claims[personID]
	owed := s.dayInfo.owed[personID]
	if len(claims) == 0 {
		return kit.Status(name + " has no claim to pay for this meeting. Press " + s.c.Keys.Day.Claim.Help().Key + " to record one.")
	}
	pc := s.dayInfo.money.Cash
	if !pc.Set() {
		return kit.Status("Set the float first (" + s.c.Keys.Money.Float.Help().Key + "): cash is paid from it.")
	}
	if pc.Reconciled {
		return kit.Status("The petty cash for this meeting was reconciled on " + pc.ReconciledOn + ": reopen it (on the meeting's expenses) before paying out more cash.")
	}
	// While the privacy screen is on, nothing says what this person is
	// owed or paid: not the question, not the float's balance after it
	// (the difference would tell), not the message after.
	e := s.entries[s.index(personID)]
	initials := initialsOf(e.Name, e.PreferredName)
	if pc.Balance() < owed {
		return func() tea.Msg {
			return kit.StatusMsg{Err: true, Text: fmt.Sprintf("Only %s is left in the float; %s is owed %s.", pc.Balance(), name, owed),
				Private: "There is not enough left in the float to pay " + initials + " what they are owed."}
		}
	}
	var what, whatHidden []string
	for _, cl := range claims {
		what = append(what, cl.Amount.String()+" "+strings.ToLower(cl.Category.Label()))
		whatHidden = append(whatHidden, strings.ToLower(cl.Category.Label()))
	}
	today := store.LocalDate(s.c.Now())
	return kit.Push(kit.NewConfirm(s.c, fmt.Sprintf("Pay %s %s in cash?", name, owed),
		fmt.Sprintf("For %s. The float goes down from %s to %s.", strings.Join(what, ", "), pc.Balance(), pc.Balance()-owed),
		func() tea.Cmd {
			return tea.Sequence(kit.Do(s.c, func(ctx context.Context, st *store.Store) error {
				for i := range claims {
					if err := st.PayClaim(ctx, &claims[i], store.PaidCash, today); err != nil {
						return err
					}
				}
				return nil
			}, kit.StatusMsg{Text: fmt.Sprintf("Paid %s %s in cash.", name, owed),
				Private: "Paid " + initials + " in cash."}), s.Refresh())
		}).Private("Pay "+initials+" what they are owed in cash?",
		"For "+strings.Join(whatHidden, ", ")+", from the float. "+amountsHidden(s.c)))
}
