package tui

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/involve/involve/store"
	"github.com/involve/involve/tui/kit"
)

// TransportScreen is a meeting's run sheet: the shared runs with their
// riders and estimated pickup times, one row per journey (there and home),
// and where each booking stands. Keys mark journeys booked, confirmed or
// cancelled and, on the day or after, whether the person travelled.
type TransportScreen struct {
	c     *kit.Common
	id    string
	sheet store.RunSheet
	// firm, when set, limits the sheet to the runs of one firm (or
	// community transport service): shown is that firm's sheet, as
	// store.RunSheet.ForFirm makes it, and firmErr why it has no runs.
	firm    string
	shown   store.RunSheet
	firmErr string
	planErr string // why no plan could be made (settings), in plain English
	entries map[string]trEntry
	list    *kit.List
	loaded  bool
	gen     int
	w, h    int
}

// trEntry is one journey on the screen.
type trEntry struct {
	personID            string
	leg                 store.Leg
	name, preferred     string
	address, postcode   string
	wheelchair, escort  bool
	mobilityAid         bool
	run                 *store.Run // nil for a booking of someone not on the sheet
	pickup              time.Time  // the estimate (there) or the meeting's end (home)
	booking             store.Booking
	booked              bool // a booking record exists
	reason              string
	needsCancellingNote bool
}

type transportLoadedMsg struct {
	to    *TransportScreen
	gen   int
	sheet store.RunSheet
	shown store.RunSheet // the firm's sheet, or the whole sheet
	// firmErr is why the firm has no runs (an store.ErrNoRuns), or what is
	// wrong with its name.
	firmErr error
	err     error
}

// firmChosenMsg limits the run sheet to one firm's runs ("" for all).
type firmChosenMsg struct {
	to   *TransportScreen
	firm string
}

// NewTransportScreen opens the run sheet of the meeting with this id.
func NewTransportScreen(c *kit.Common, meetingID string) *TransportScreen {
	s := &TransportScreen{c: c, id: meetingID}
	s.list = kit.NewList(c,
		kit.Column{Title: "Run", Width: 9},
		kit.Column{Title: "Leg", Width: 5},
		kit.Column{Title: "Est.", Width: 5},
		kit.Column{Title: "Name"},
		kit.Column{Title: "Address"},
		kit.Column{Title: "Needs", Width: 5},
		kit.Column{Title: "Booking"},
		kit.Column{Title: "Went", Width: 4},
	)
	s.list.Empty = noRiders
	return s
}

// Init loads the run sheet.
func (s *TransportScreen) Init() tea.Cmd { return s.Refresh() }

// Refresh plans the runs again and reloads the bookings (and, when one
// firm is shown, makes its sheet).
func (s *TransportScreen) Refresh() tea.Cmd {
	s.gen++
	gen, id, firm := s.gen, s.id, s.firm
	return kit.Load(s.c, func(ctx context.Context, st *store.Store) (transportLoadedMsg, error) {
		msg := transportLoadedMsg{to: s, gen: gen}
		var err error
		msg.sheet, err = st.RunSheet(ctx, id)
		msg.shown = msg.sheet
		if err == nil && firm != "" {
			msg.shown, msg.firmErr = msg.sheet.ForFirm(firm)
		}
		return msg, err
	}, func(msg transportLoadedMsg, err error) tea.Msg {
		msg.to, msg.gen, msg.err = s, gen, err
		return msg
	})
}

// Title names the screen.
func (s *TransportScreen) Title() string { return "Transport" }

// SetSize lays the screen out.
func (s *TransportScreen) SetSize(w, h int) {
	s.w, s.h = w, h
	s.list.SetSize(w, s.listHeight())
}

func (s *TransportScreen) listHeight() int {
	used := 4 // blank line, the rule and two lines about the journey under the cursor
	if s.loaded {
		used += kit.LineCount(s.headerView())
	}
	return max(3, s.h-used)
}

// Capturing is true while the find field has the focus.
func (s *TransportScreen) Capturing() bool { return s.list.Finding() }

// Help lists the screen's keys.
func (s *TransportScreen) Help() [][]key.Binding {
	k := s.c.Keys.Transport
	return [][]key.Binding{
		{k.Booked, k.Confirmed, k.Cancelled, k.ToBook, k.TravelledYes, k.TravelledNo, k.Firm, k.Rebuild, k.Settings, s.c.Keys.Global.Back},
		s.list.Help(),
	}
}

// Update handles the run sheet's keys.
func (s *TransportScreen) Update(msg tea.Msg) (kit.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case transportLoadedMsg:
		if msg.to != s || msg.gen != s.gen {
			return s, nil
		}
		if msg.err != nil && msg.sheet.Meeting.ID == "" {
			return s, kit.Failed(msg.err)
		}
		s.planErr, s.firmErr = "", ""
		s.list.Empty = noRiders
		if msg.err != nil {
			s.planErr = planErrorText(msg.err)
			s.list.Empty = "No runs until the settings allow them (see above)."
		}
		var cmd tea.Cmd
		switch {
		case msg.firmErr != nil && !errors.Is(msg.firmErr, store.ErrNoRuns):
			s.firm, msg.shown = "", msg.sheet
			cmd = kit.Failed(msg.firmErr)
		case msg.firmErr != nil:
			s.firmErr = kit.ErrText(msg.firmErr)
			s.list.Empty = sentence(s.firmErr) + " Press " + s.c.Keys.Transport.Firm.Help().Key + " to show every firm's runs."
		}
		s.sheet, s.shown, s.loaded = msg.sheet, msg.shown, true
		s.setRows()
		s.list.SetSize(s.w, s.listHeight())
		return s, cmd
	case firmChosenMsg:
		if msg.to != s {
			return s, nil
		}
		s.firm = msg.firm
		return s, s.Refresh()
	case tea.KeyPressMsg:
		if handled, cmd := s.list.Update(msg); handled {
			return s, cmd
		}
		return s, s.key(msg)
	}
	return s, nil
}

// noRiders is what the list of runs says when nobody needs one.
const noRiders = "Nobody invited to this meeting needs a taxi or community transport."

func planErrorText(err error) string {
	var fe *store.FieldError
	if errors.As(err, &fe) {
		return "No runs can be planned. " + fe.Field + ": " + fe.Message + "."
	}
	return "No runs can be planned: " + kit.ErrText(err)
}

// setRows builds a row for each journey: those on runs, there then home,
// then bookings of people no longer on the sheet. When one firm is shown,
// only the journeys booked with it.
func (s *TransportScreen) setRows() {
	sh := &s.shown
	s.entries = map[string]trEntry{}
	var rows []kit.Row
	add := func(e trEntry) {
		id := e.personID + "/" + string(e.leg)
		s.entries[id] = e
		rows = append(rows, s.row(id, e))
	}
	for _, leg := range store.Legs {
		for i := range sh.Runs {
			run := &sh.Runs[i]
			for _, st := range run.Stops {
				e := trEntry{personID: st.PersonID, leg: leg, name: st.Name, preferred: st.PreferredName,
					address: st.Address, postcode: st.Postcode, wheelchair: st.Wheelchair, escort: st.Escort,
					mobilityAid: st.MobilityAid, run: run, pickup: st.Pickup}
				if leg == store.LegHome {
					e.pickup = sh.Meeting.End
				}
				e.booking, e.booked = sh.Booking(st.PersonID, leg)
				if s.firm != "" && !e.booked {
					continue // a journey of theirs that another firm makes
				}
				add(e)
			}
		}
	}
	for _, o := range sh.Others {
		add(trEntry{personID: o.PersonID, leg: o.Leg, name: o.Name, preferred: o.PreferredName, pickup: o.Pickup,
			booking: o.Booking, booked: true, reason: o.Reason, needsCancellingNote: o.NeedsCancelling()})
	}
	s.list.SetRows(rows)
}

func (s *TransportScreen) row(id string, e trEntry) kit.Row {
	runCell := "—"
	if e.run != nil {
		runCell = strconv.Itoa(e.run.Number) + " " + trModeShort(e.run)
	}
	est := ""
	if !e.pickup.IsZero() {
		est = store.LocalClock(e.pickup)
	}
	if e.booked && e.booking.Status != store.BookingToBook && !e.booking.Pickup.IsZero() {
		est = store.LocalClock(e.booking.Pickup) // the time the firm was told
	}
	name := store.DisplayName(e.name, e.preferred)
	addr := strings.TrimSpace(strings.TrimSuffix(e.address+", "+e.postcode, ", "))
	addr = strings.TrimPrefix(addr, ", ")
	if e.run == nil {
		addr = e.reason
	}
	went := ""
	if e.booked {
		switch e.booking.Travelled {
		case store.TravelledYes:
			went = "yes"
		case store.TravelledNo:
			went = "no"
		}
	}
	cells := []string{runCell, strings.ToLower(e.leg.Label()), est, name, addr, trNeeds(e), trBookingText(e), went}
	masked := append([]string(nil), cells...)
	masked[3] = store.Initials(name)
	if e.run != nil {
		masked[4] = "(hidden)"
	}
	r := kit.NewRow(id, cells, masked)
	switch {
	case e.needsCancellingNote:
		r.Tone = kit.ToneWarn
	case !e.booked || e.booking.Status == store.BookingToBook:
		r.Tone = kit.ToneNormal
	case e.booking.Status == store.BookingConfirmed:
		r.Tone = kit.ToneGood
	case e.booking.Status == store.BookingCancelled:
		r.Tone = kit.ToneFaint
	}
	return r
}

func trModeShort(r *store.Run) string {
	m := "taxi"
	if r.Mode == store.TransportCommunity {
		m = "comm."
	}
	if r.Accessible {
		m += " ♿"
	}
	return m
}

// trNeeds is the needs column: W wheelchair, E escort, M mobility aid.
func trNeeds(e trEntry) string {
	var b []string
	if e.wheelchair {
		b = append(b, "W")
	}
	if e.escort {
		b = append(b, "E")
	}
	if e.mobilityAid {
		b = append(b, "M")
	}
	return strings.Join(b, " ")
}

func trBookingText(e trEntry) string {
	if !e.booked {
		return store.BookingToBook.Label()
	}
	b := e.booking
	text := b.Status.Label()
	if b.Firm != "" && b.Status != store.BookingToBook {
		text += " · " + b.Firm
	}
	return text
}

func (s *TransportScreen) selected() (trEntry, bool) {
	row, ok := s.list.Selected()
	if !ok {
		return trEntry{}, false
	}
	e, ok := s.entries[row.ID]
	return e, ok
}

func (s *TransportScreen) key(msg tea.KeyPressMsg) tea.Cmd {
	k := s.c.Keys.Transport
	if key.Matches(msg, s.c.Keys.Global.Back) {
		return kit.Pop("")
	}
	if !s.loaded {
		return nil
	}
	switch {
	case key.Matches(msg, k.Rebuild):
		return s.rebuild()
	case key.Matches(msg, k.Settings):
		return s.editSettings()
	case key.Matches(msg, k.Firm):
		return s.chooseFirm()
	}
	e, ok := s.selected()
	if !ok {
		return nil
	}
	who := s.c.Name(e.name, e.preferred) + "'s journey " + strings.ToLower(e.leg.Label())
	meetingID := s.id
	set := func(status store.BookingStatus) tea.Cmd {
		return tea.Sequence(kit.Do(s.c, func(ctx context.Context, st *store.Store) error {
			return st.SetBookingStatus(ctx, meetingID, e.personID, e.leg, status, "", "")
		}, kit.StatusMsg{Text: who + ": " + strings.ToLower(status.Label()) + "."}), s.Refresh())
	}
	travelled := func(t store.Travelled) tea.Cmd {
		if e.booked && e.booking.Travelled == t {
			t = store.TravelledUnknown // pressed again: take the answer back
		}
		text := who + ": " + strings.ToLower(t.Label()) + "."
		return tea.Sequence(kit.Do(s.c, func(ctx context.Context, st *store.Store) error {
			return st.SetTravelled(ctx, meetingID, e.personID, e.leg, t)
		}, kit.StatusMsg{Text: text}), s.Refresh())
	}
	switch {
	case key.Matches(msg, k.Booked):
		return s.markBooked(e)
	case key.Matches(msg, k.Confirmed):
		if !e.booked || e.booking.Firm == "" {
			return kit.Status("Mark " + who + " booked first (" + k.Booked.Help().Key + "), with the firm.")
		}
		return set(store.BookingConfirmed)
	case key.Matches(msg, k.Cancelled):
		if !e.booked {
			return kit.Status(who + " was never booked: nothing to cancel.")
		}
		return set(store.BookingCancelled)
	case key.Matches(msg, k.ToBook):
		return set(store.BookingToBook)
	case key.Matches(msg, k.TravelledYes):
		return travelled(store.TravelledYes)
	case key.Matches(msg, k.TravelledNo):
		return travelled(store.TravelledNo)
	}
	return nil
}

// chooseFirm limits the sheet to the runs of a firm picked from those its
// journeys are booked with, or, when one firm is shown, shows them all
// again.
func (s *TransportScreen) chooseFirm() tea.Cmd {
	if s.firm != "" {
		return tea.Batch(kit.Status("Every firm's runs."), func() tea.Msg { return firmChosenMsg{to: s} })
	}
	firms := s.sheet.Firms()
	if len(firms) == 0 {
		return kit.Status("No journey on this run sheet is booked with a firm yet: " + s.c.Keys.Transport.Booked.Help().Key + " books one.")
	}
	rows := make([]kit.Row, len(firms))
	for i, f := range firms {
		rows[i] = kit.NewRow(f.Name, []string{f.Name, trPlural(f.Runs, "run", "runs"), trPlural(f.Journeys, "journey", "journeys")}, nil)
	}
	return kit.Push(kit.NewPicker(s.c, "Show the runs of which firm?",
		[]kit.Column{{Title: "Firm"}, {Title: "Runs", Width: 8, Right: true}, {Title: "Booked", Width: 12, Right: true}},
		func(context.Context, *store.Store) ([]kit.Row, error) { return rows, nil },
		func(r kit.Row) tea.Cmd {
			firm := r.ID
			return tea.Sequence(kit.Pop("Only the runs of "+firm+": "+s.c.Keys.Transport.Firm.Help().Key+" shows every firm's."),
				func() tea.Msg { return firmChosenMsg{to: s, firm: firm} })
		}))
}

// sentence starts text with a capital letter and ends it with a full stop.
func sentence(text string) string {
	if text == "" {
		return text
	}
	r := []rune(text)
	text = strings.ToUpper(string(r[0])) + string(r[1:])
	if !strings.HasSuffix(text, ".") {
		text += "."
	}
	return text
}

// markBooked asks for the firm and its reference, then saves: an existing
// booking with its version (so an edit made meanwhile is not overwritten),
// a new one through SetBookingStatus.
func (s *TransportScreen) markBooked(e trEntry) tea.Cmd {
	b := e.booking
	if !e.booked {
		b = store.Booking{MeetingID: s.id, PersonID: e.personID, Leg: e.leg}
	}
	if b.Run == 0 && e.run != nil {
		b.Run, b.Pickup = e.run.Number, e.pickup
	}
	b.Status = store.BookingBooked
	who := s.c.Name(e.name, e.preferred)
	title := "Book " + who + "'s journey " + strings.ToLower(e.leg.Label())
	desc := "Pickup about " + store.LocalClock(e.pickup) + " (an estimate)"
	if e.leg == store.LegHome {
		desc = "Collect from the venue at " + store.LocalClock(e.pickup)
	}
	return bookJourney(s.c, b, e.booked, who, title, desc, lastFirm(s.sheet.Bookings))
}

// bookJourney asks for the firm and reference and marks a journey booked.
// The transport screen and the meeting-day screen both use it. A journey
// with no firm yet is offered lastFirm (the firm booked last for the
// meeting), as a suggestion: typing another firm replaces it.
func bookJourney(c *kit.Common, b store.Booking, exists bool, who, title, desc, lastFirm string) tea.Cmd {
	b.Status = store.BookingBooked
	var suggest func() string
	if b.Firm == "" && lastFirm != "" {
		suggest = func() string { return lastFirm }
	}
	return kit.Push(kit.NewForm(c, kit.FormSpec{
		Title: title,
		Build: func() *huh.Form {
			return huh.NewForm(huh.NewGroup(
				kit.Suggest(c, huh.NewInput().Key("firm").Title("Firm").Placeholder("e.g. City Cars, Ring and Ride…").Value(&b.Firm).
					Validate(kit.NotBlank("the firm")), &b.Firm, suggest),
				huh.NewInput().Key("reference").Title("Their reference").Value(&b.Reference),
			).Description(desc))
		},
		Snapshot: func() string { return b.Firm + "\x00" + b.Reference },
		Live:     map[string]func(string) error{"firm": kit.NotBlank("the firm")},
		Save: func(ctx context.Context, st *store.Store) error {
			if exists {
				return st.SaveBooking(ctx, &b)
			}
			return st.SetBookingStatus(ctx, b.MeetingID, b.PersonID, b.Leg, store.BookingBooked, b.Firm, b.Reference)
		},
		Done: func() string {
			return who + "'s journey " + strings.ToLower(b.Leg.Label()) + ": booked with " + b.Firm + "."
		},
	}))
}

// lastFirm is the firm most recently booked for a meeting, offered to save
// typing.
func lastFirm(bookings []store.Booking) string {
	firm := ""
	var at time.Time
	for _, b := range bookings {
		if b.Firm != "" && !b.UpdatedAt.Before(at) {
			firm, at = b.Firm, b.UpdatedAt
		}
	}
	return firm
}

func (s *TransportScreen) rebuild() tea.Cmd {
	id := s.id
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), kit.DefaultTimeout)
		defer cancel()
		res, err := s.c.Store.RebuildPlan(ctx, id)
		if err != nil {
			return kit.StatusMsg{Text: kit.ErrText(err), Err: true}
		}
		text := fmt.Sprintf("Plan rebuilt: %d to book added, %d re-planned, %d removed", res.Created, res.Updated, res.Removed)
		if res.Kept > 0 {
			text += fmt.Sprintf("; %d booked or cancelled kept as they were", res.Kept)
		}
		text += "."
		return kit.CmdMsg{Cmd: tea.Sequence(kit.Status(text), s.Refresh())}
	}
}

// editSettings opens the transport settings.
func (s *TransportScreen) editSettings() tea.Cmd {
	cfg := s.sheet.Config
	v := struct{ seats, wheel, minutes, arrive string }{
		strconv.Itoa(cfg.Seats), strconv.Itoa(cfg.WheelchairSeats), strconv.Itoa(cfg.MinutesPerPickup), strconv.Itoa(cfg.ArriveBefore)}
	accessible, escort := cfg.AccessibleOnly, cfg.EscortTakesSeat
	num := func(what string) func(string) error {
		return func(t string) error {
			if _, err := strconv.Atoi(strings.TrimSpace(t)); err != nil {
				return fmt.Errorf("%s must be a whole number", what)
			}
			return nil
		}
	}
	return kit.Push(kit.NewForm(s.c, kit.FormSpec{
		Title: "Transport settings",
		Build: func() *huh.Form {
			return huh.NewForm(huh.NewGroup(
				huh.NewInput().Key("seats").Title("Passenger seats in a vehicle").Value(&v.seats).Validate(num("seats")),
				huh.NewInput().Key("wheel").Title("Seats a wheelchair user takes").Value(&v.wheel).Validate(num("seats")),
				huh.NewConfirm().Key("accessible").Title("Wheelchair users need an accessible vehicle?").
					Description("If so they share runs only with other wheelchair users.").Value(&accessible),
				huh.NewConfirm().Key("escort").Title("An escort takes a seat?").Value(&escort),
				huh.NewInput().Key("minutes").Title("Minutes for each pickup").Value(&v.minutes).Validate(num("minutes")),
				huh.NewInput().Key("arrive").Title("Arrive this many minutes before the start").Value(&v.arrive).Validate(num("minutes")),
			).Description("Pickup times are estimates worked back from the arrival time."))
		},
		Snapshot: func() string { return fmt.Sprint(v, accessible, escort) },
		Live: map[string]func(string) error{"seats": num("seats"), "wheel": num("seats"),
			"minutes": num("minutes"), "arrive": num("minutes")},
		Save: func(ctx context.Context, st *store.Store) error {
			atoi := func(t string) int { n, _ := strconv.Atoi(strings.TrimSpace(t)); return n }
			return st.SaveTransportSettings(ctx, store.TransportConfig{Seats: atoi(v.seats), WheelchairSeats: atoi(v.wheel),
				AccessibleOnly: accessible, EscortTakesSeat: escort, MinutesPerPickup: atoi(v.minutes), ArriveBefore: atoi(v.arrive)})
		},
		Done: func() string { return "Saved the transport settings; the runs are planned again." },
	}))
}

func (s *TransportScreen) headerView() string {
	sh := &s.shown
	m := sh.Meeting
	st := s.c.Styles
	cfg := sh.Config
	fs := []kit.Field{
		{Label: "Meeting", Value: kit.LongDate(m.Start) + ", " + kit.TimeRange(m.Start, m.End) + trVenue(m.Venue)},
	}
	if s.firm != "" {
		firm := sh.Firm
		if firm == "" {
			firm = s.firm
		}
		fs = append(fs, kit.Field{Label: "Firm", Value: st.Bold.Render(firm) + ": its runs only (" +
			s.c.Keys.Transport.Firm.Help().Key + " shows every firm's)"})
	}
	if m.Status == store.MeetingCancelled {
		fs = append(fs, kit.Field{Label: "Status", Value: st.Bad.Render("Cancelled: cancel any journeys still booked (" + s.c.Keys.Transport.Cancelled.Help().Key + ").")})
	}
	if s.planErr != "" {
		fs = append(fs, kit.Field{Label: "Plan", Value: st.Bad.Render(s.planErr + " Press " + s.c.Keys.Transport.Settings.Help().Key + " for the settings.")})
	} else {
		plan := fmt.Sprintf("%s, %s · arrive %s · home %s · times are estimates",
			trPlural(len(sh.Runs), "run", "runs"), trPlural(sh.Riders(), "person", "people"),
			store.LocalClock(sh.Arrive), store.LocalClock(m.End))
		fs = append(fs, kit.Field{Label: "Plan", Value: plan})
	}
	escort := 0
	if cfg.EscortTakesSeat {
		escort = 1
	}
	acc := " (accessible runs)"
	if !cfg.AccessibleOnly {
		acc = ""
	}
	fs = append(fs, kit.Field{Label: "Vehicles", Value: fmt.Sprintf("%d seats, wheelchair %d%s, escort %d, %d min a stop",
		cfg.Seats, cfg.WheelchairSeats, acc, escort, cfg.MinutesPerPickup)})
	var notes []string
	if n := len(sh.Fares); n > 0 {
		var names []string
		for _, r := range sh.Fares {
			names = append(names, s.c.Name(r.Name, r.PreferredName))
		}
		notes = append(notes, "bus or train fare (no run): "+strings.Join(names, ", "))
	}
	for _, p := range sh.Problems {
		if s.c.Privacy {
			notes = append(notes, "someone has no pickup address or postcode")
			break
		}
		notes = append(notes, p)
	}
	cancel := 0
	for _, o := range sh.Others {
		if o.NeedsCancelling() {
			cancel++
		}
	}
	if cancel > 0 {
		notes = append(notes, st.Warn.Render(fmt.Sprintf("%s booked for people no longer coming: cancel with the firm",
			trPlural(cancel, "journey", "journeys"))))
	}
	if len(notes) > 0 {
		fs = append(fs, kit.Field{Label: "Notes", Value: strings.Join(notes, " · ")})
	}
	return kit.Fields(s.c, s.w, fs...)
}

func trVenue(v string) string {
	if strings.TrimSpace(v) == "" {
		return ""
	}
	return " · " + v
}

// trPlural says "1 run" or "3 runs".
func trPlural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// detailView describes the journey under the cursor in full (addresses and
// notes only when the privacy screen is off).
func (s *TransportScreen) detailView() string {
	st := s.c.Styles
	e, ok := s.selected()
	if !ok {
		return ""
	}
	parts := []string{s.c.Name(e.name, e.preferred) + "'s journey " + strings.ToLower(e.leg.Label())}
	if e.booked && e.booking.Status != store.BookingToBook {
		b := e.booking
		text := strings.ToLower(b.Status.Label())
		if b.Firm != "" {
			text += " with " + b.Firm
		}
		if b.Reference != "" {
			text += ", ref " + b.Reference
		}
		if !b.Pickup.IsZero() && e.leg == store.LegThere {
			text += ", pickup told " + store.LocalClock(b.Pickup)
		}
		parts = append(parts, text)
	} else {
		parts = append(parts, "to book")
	}
	if e.booked && e.booking.Travelled != store.TravelledUnknown {
		parts = append(parts, strings.ToLower(e.booking.Travelled.Label()))
	}
	told := e.booked && e.booking.Status != store.BookingToBook && e.booking.Pickup.Equal(e.pickup)
	switch {
	case e.pickup.IsZero() || told:
	case e.leg == store.LegThere:
		parts = append(parts, "pickup about "+store.LocalClock(e.pickup)+" (estimate)")
	default:
		parts = append(parts, "home from "+store.LocalClock(e.pickup))
	}
	var needs []string
	for _, n := range []struct {
		on   bool
		word string
	}{{e.wheelchair, "wheelchair"}, {e.escort, "escort"}, {e.mobilityAid, "mobility aid"}} {
		if n.on {
			needs = append(needs, n.word)
		}
	}
	if len(needs) > 0 {
		parts = append(parts, strings.Join(needs, ", "))
	}
	if e.run != nil {
		r := e.run
		parts = append(parts, fmt.Sprintf("run %d: %s, %s, stop %d, %d of %d seats", r.Number, strings.ToLower(trModeShort(r)),
			trDistrict(r.District), trStop(r, e.personID), r.SeatsUsed, r.Seats))
	} else {
		parts = append(parts, "not on the run sheet: "+e.reason)
	}
	if !s.c.Privacy && e.run != nil && e.address != "" {
		parts = append(parts, e.address+" "+e.postcode)
	}
	lines := strings.Split(kit.Wrap(strings.Join(parts, " · "), max(10, s.w-2)), "\n")
	if len(lines) > 2 {
		lines = lines[:2]
		lines[1] = ansi.Truncate(strings.TrimRight(lines[1], " "), max(0, s.w-3), "") + "…"
	}
	for i, l := range lines {
		lines[i] = " " + strings.TrimRight(l, " ")
	}
	return st.Subtle.Render(strings.Join(lines, "\n"))
}

func trDistrict(d string) string {
	if d == "" {
		return "no postcode"
	}
	return d
}

func trStop(r *store.Run, personID string) int {
	for _, st := range r.Stops {
		if st.PersonID == personID {
			return st.Order
		}
	}
	return 0
}

// View draws the plan, the journeys and the one under the cursor.
func (s *TransportScreen) View() string {
	st := s.c.Styles
	if !s.loaded {
		return st.Subtle.Render("  Loading…")
	}
	return s.headerView() + "\n\n" + s.list.View() + "\n" + st.HRule(s.w) + "\n" + s.detailView()
}
