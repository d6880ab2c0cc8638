package store

// Transport to meetings: the vehicle settings, the run sheet (who is picked
// up, in which shared run, at about what time) and the bookings made with
// taxi firms and community transport.

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/involve/involve/termsafe"
)

// The settings keys of the transport settings, with their defaults. They are
// stored in the settings table as decimal numbers or yes/no; a key that was
// never set takes its default.
const (
	// SettingTransportSeats is how many passenger seats a vehicle has (4).
	SettingTransportSeats = "transport_seats_per_vehicle"
	// SettingTransportWheelchairSeats is how many of those seats a
	// wheelchair user takes, themselves included (2).
	SettingTransportWheelchairSeats = "transport_wheelchair_seats"
	// SettingTransportAccessibleOnly is "yes" when wheelchair users need a
	// wheelchair-accessible vehicle, so that they share runs only with other
	// wheelchair users (yes).
	SettingTransportAccessibleOnly = "transport_wheelchair_accessible_only"
	// SettingTransportEscortSeat is "yes" when an escort takes a seat of
	// their own (yes).
	SettingTransportEscortSeat = "transport_escort_takes_seat"
	// SettingTransportPickupMinutes is how many minutes each stop is
	// reckoned to take, including the drive to the next one (10).
	SettingTransportPickupMinutes = "transport_minutes_per_pickup"
	// SettingTransportArriveBefore is how many minutes before the meeting
	// starts a run should arrive (15).
	SettingTransportArriveBefore = "transport_arrive_minutes_before"
)

// Limits on the transport settings.
const (
	// MaxVehicleSeats is the most passenger seats a vehicle may have (a
	// minibus).
	MaxVehicleSeats = 16
	// MaxPickupMinutes bounds the minutes reckoned for one stop.
	MaxPickupMinutes = 120
	// MaxArriveBefore bounds how early a run may be planned to arrive.
	MaxArriveBefore = 240
)

// TransportConfig is how runs are planned: the size of a vehicle, how
// wheelchair users and escorts count, and how pickup times are estimated.
type TransportConfig struct {
	Seats            int  // passenger seats in a vehicle
	WheelchairSeats  int  // seats a wheelchair user takes, themselves included
	AccessibleOnly   bool // wheelchair users ride only in accessible runs, with other wheelchair users
	EscortTakesSeat  bool // an escort needs a seat of their own
	MinutesPerPickup int  // minutes reckoned for each stop (and the drive to the next)
	ArriveBefore     int  // minutes before the start a run should arrive
}

// DefaultTransportConfig is the configuration used for every setting that
// was never changed.
func DefaultTransportConfig() TransportConfig {
	return TransportConfig{Seats: 4, WheelchairSeats: 2, AccessibleOnly: true, EscortTakesSeat: true,
		MinutesPerPickup: 10, ArriveBefore: 15}
}

// Validate checks that runs can be planned with this configuration: a
// vehicle with no seats, or a wheelchair user needing more seats than a
// vehicle has, is refused.
func (c TransportConfig) Validate() error {
	if c.Seats < 1 {
		return fieldErr("Seats per vehicle", "a vehicle needs at least one passenger seat (it is set to %d), or no run can take anyone", c.Seats)
	}
	if c.Seats > MaxVehicleSeats {
		return fieldErr("Seats per vehicle", "%d seats is more than a minibus has; use at most %d", c.Seats, MaxVehicleSeats)
	}
	if c.WheelchairSeats < 1 {
		return fieldErr("Wheelchair seats", "a wheelchair user takes at least one seat (it is set to %d)", c.WheelchairSeats)
	}
	if c.WheelchairSeats > c.Seats {
		return fieldErr("Wheelchair seats", "a wheelchair user would need %d seats but a vehicle has only %d, so no run could take them", c.WheelchairSeats, c.Seats)
	}
	if c.WheelchairSeats+1 > c.Seats {
		// Checked here, not when a sheet is planned: one rider who fits
		// no vehicle would stop every run from being planned.
		return fieldErr("Seats per vehicle", "a wheelchair user with an escort would need %d seats but a vehicle has only %d: give the vehicles more seats or the wheelchair fewer", c.WheelchairSeats+1, c.Seats)
	}
	if c.MinutesPerPickup < 1 || c.MinutesPerPickup > MaxPickupMinutes {
		return fieldErr("Minutes per pickup", "give between 1 and %d minutes for each stop (it is set to %d)", MaxPickupMinutes, c.MinutesPerPickup)
	}
	if c.ArriveBefore < 0 || c.ArriveBefore > MaxArriveBefore {
		return fieldErr("Arrive before the start", "give between 0 and %d minutes (it is set to %d)", MaxArriveBefore, c.ArriveBefore)
	}
	return nil
}

// SeatsFor is how many seats a rider takes: their own (or a wheelchair
// user's), and their escort's when escorts take a seat.
func (c TransportConfig) SeatsFor(r Rider) int {
	n := 1
	if r.Wheelchair {
		n = c.WheelchairSeats
	}
	if r.Escort && c.EscortTakesSeat {
		n++
	}
	return n
}

// TransportSettings reads the transport settings; any never set take their
// defaults. A stored value that is not a number (or yes/no) is an error
// naming the setting.
func (s *Store) TransportSettings(ctx context.Context) (TransportConfig, error) {
	if err := s.allow(ctx, "TransportSettings"); err != nil {
		return TransportConfig{}, err
	}
	return transportSettings(ctx, s.db)
}

func transportSettings(ctx context.Context, q queryer) (TransportConfig, error) {
	c := DefaultTransportConfig()
	rows, err := q.QueryContext(ctx, "SELECT key, value FROM settings WHERE key LIKE 'transport!_%' ESCAPE '!'")
	if err != nil {
		return c, err
	}
	defer rows.Close()
	ints := map[string]*int{
		SettingTransportSeats: &c.Seats, SettingTransportWheelchairSeats: &c.WheelchairSeats,
		SettingTransportPickupMinutes: &c.MinutesPerPickup, SettingTransportArriveBefore: &c.ArriveBefore,
	}
	bools := map[string]*bool{SettingTransportAccessibleOnly: &c.AccessibleOnly, SettingTransportEscortSeat: &c.EscortTakesSeat}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return c, err
		}
		v = strings.TrimSpace(v)
		if p, ok := ints[k]; ok {
			n, err := strconv.Atoi(v)
			if err != nil {
				return c, fmt.Errorf("the setting %s is %q, which is not a whole number", k, v)
			}
			*p = n
		}
		if p, ok := bools[k]; ok {
			switch strings.ToLower(v) {
			case "yes", "true", "1":
				*p = true
			case "no", "false", "0":
				*p = false
			default:
				return c, fmt.Errorf("the setting %s is %q; it should be yes or no", k, v)
			}
		}
	}
	return c, rows.Err()
}

// SaveTransportSettings checks and stores the transport settings, all of
// them or (when they do not make sense) none.
func (s *Store) SaveTransportSettings(ctx context.Context, c TransportConfig) error {
	if err := s.allow(ctx, "SaveTransportSettings"); err != nil {
		return err
	}
	if err := c.Validate(); err != nil {
		return err
	}
	yesNo := func(b bool) string {
		if b {
			return "yes"
		}
		return "no"
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		for _, kv := range [][2]string{
			{SettingTransportSeats, strconv.Itoa(c.Seats)},
			{SettingTransportWheelchairSeats, strconv.Itoa(c.WheelchairSeats)},
			{SettingTransportAccessibleOnly, yesNo(c.AccessibleOnly)},
			{SettingTransportEscortSeat, yesNo(c.EscortTakesSeat)},
			{SettingTransportPickupMinutes, strconv.Itoa(c.MinutesPerPickup)},
			{SettingTransportArriveBefore, strconv.Itoa(c.ArriveBefore)},
		} {
			if err := s.setSetting(ctx, tx, kv[0], kv[1]); err != nil {
				return err
			}
		}
		return nil
	})
}

// Rider is someone to be picked up for a meeting.
type Rider struct {
	PersonID      string
	Name          string // full name: for the coordinator's screen only
	PreferredName string
	FirstName     string    // the first word of the name they are known by: all a taxi firm is told
	Mode          Transport // TransportTaxi or TransportCommunity (TransportFare on RunSheet.Fares)
	Address       string    // pickup address, on one line
	Postcode      string    // pickup postcode, as "M14 5TQ"; "" when not recorded
	District      string    // postcode district ("M14"); worked out from Postcode when ""
	Wheelchair    bool
	MobilityAid   bool
	Escort        bool
	Attendance    Attendance
}

// Stop is one pickup on a run.
type Stop struct {
	Rider
	Order  int       // 1 for the first pickup
	Seats  int       // seats this rider (and escort) take
	Pickup time.Time // estimated pickup time: an estimate, never a promise
}

// Run is one shared vehicle: the riders it picks up, in order, and when.
type Run struct {
	Number     int       // 1, 2, … in the order of the sheet
	Mode       Transport // TransportTaxi or TransportCommunity
	District   string    // the postcode district of every stop; "" for a rider with no postcode
	Accessible bool      // a wheelchair-accessible vehicle is needed
	Seats      int       // seats in the vehicle
	SeatsUsed  int
	Stops      []Stop
	Arrive     time.Time // estimated arrival at the venue
}

// PlanRuns groups riders into shared runs and estimates their pickup times,
// working back from the meeting's start. It is deterministic:
//
//   - riders are sorted by postcode district, then postcode, then address;
//   - a run only ever holds riders of one district and one way of travelling
//     (taxi or community transport); a rider with no postcode rides alone;
//   - when cfg.AccessibleOnly, wheelchair users ride in accessible runs that
//     hold only wheelchair users (and their escorts);
//   - each rider goes into the first run of their group with enough seats
//     left (counting a wheelchair user as cfg.WheelchairSeats and an escort
//     as one more when cfg.EscortTakesSeat), or starts a new run;
//   - within a run, pickups follow the sort order (distance is unknown
//     without maps); the run arrives cfg.ArriveBefore minutes before start,
//     the last pickup is cfg.MinutesPerPickup minutes before that and each
//     earlier one as many minutes before the next.
//
// Times are instants, so the estimates stay right across the clock change.
// A configuration with no capacity, or a rider who needs more seats than a
// vehicle has, is an error naming them.
func PlanRuns(riders []Rider, start time.Time, cfg TransportConfig) ([]Run, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if start.IsZero() {
		return nil, fieldErr("Meeting", "the meeting has no start time to plan pickups from")
	}
	type planned struct {
		Rider
		seats int
		key   runPostcodeKey
	}
	rs := make([]planned, 0, len(riders))
	var tooBig []string
	for _, r := range riders {
		if r.Mode == "" {
			r.Mode = TransportTaxi
		}
		if r.Mode != TransportTaxi && r.Mode != TransportCommunity {
			return nil, fieldErr("Transport", "%s travels by %s, which needs no run", riderName(r), strings.ToLower(r.Mode.Label()))
		}
		if r.District == "" {
			r.District = PostcodeDistrict(r.Postcode)
		}
		p := planned{Rider: r, seats: cfg.SeatsFor(r), key: newRunPostcodeKey(r)}
		if p.seats > cfg.Seats {
			tooBig = append(tooBig, fmt.Sprintf("%s needs %d seats", riderName(r), p.seats))
		}
		rs = append(rs, p)
	}
	if len(tooBig) > 0 {
		return nil, fieldErr("Seats per vehicle", "%s but a vehicle has %d, so no run can take them: change the transport settings",
			riderList(tooBig), cfg.Seats)
	}
	slices.SortStableFunc(rs, func(a, b planned) int { return a.key.compare(b.key) })

	type group struct {
		mode       Transport
		district   string
		accessible bool
	}
	var runs []*Run
	open := map[group][]*Run{}
	for _, r := range rs {
		g := group{mode: r.Mode, district: r.District, accessible: cfg.AccessibleOnly && r.Wheelchair}
		var run *Run
		if g.district != "" {
			for _, candidate := range open[g] {
				if candidate.Seats-candidate.SeatsUsed >= r.seats {
					run = candidate
					break
				}
			}
		}
		if run == nil {
			run = &Run{Mode: g.mode, District: g.district, Accessible: g.accessible, Seats: cfg.Seats}
			runs = append(runs, run)
			if g.district != "" {
				open[g] = append(open[g], run)
			}
		}
		run.SeatsUsed += r.seats
		run.Stops = append(run.Stops, Stop{Rider: r.Rider, Seats: r.seats})
	}

	arrive := start.Add(-time.Duration(cfg.ArriveBefore) * time.Minute)
	step := time.Duration(cfg.MinutesPerPickup) * time.Minute
	out := make([]Run, len(runs))
	for i, run := range runs {
		run.Number = i + 1
		run.Arrive = arrive
		n := len(run.Stops)
		for j := range run.Stops {
			run.Stops[j].Order = j + 1
			run.Stops[j].Pickup = arrive.Add(-time.Duration(n-j) * step)
		}
		out[i] = *run
	}
	return out, nil
}

func riderName(r Rider) string {
	if r.FirstName != "" {
		return r.FirstName
	}
	if n := FirstName(r.Name, r.PreferredName); n != "" {
		return n
	}
	return "someone"
}

// riderList joins phrases as "a, b and c".
func riderList(parts []string) string {
	switch len(parts) {
	case 0:
		return ""
	case 1:
		return parts[0]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}

// FirstName is the first word of the name a person is known by: all that a
// taxi firm is told.
func FirstName(name, preferred string) string {
	f := strings.Fields(DisplayName(name, preferred))
	if len(f) == 0 {
		return ""
	}
	return f[0]
}

// runPostcode writes a postcode the standard way ("m145tq" → "M14 5TQ");
// anything that is not a postcode is only tidied.
func runPostcode(postcode string) string {
	if pc, err := NormalPostcode(postcode); err == nil {
		return pc
	}
	return termsafe.Line(strings.ToUpper(postcode))
}

// runPostcodeKey orders riders: districts in natural order (M2 before M14),
// then postcode, address, name and id; riders with no postcode come last.
type runPostcodeKey struct {
	none     bool
	area     string
	number   int
	rest     string
	postcode string
	address  string
	name     string
	id       string
}

func newRunPostcodeKey(r Rider) runPostcodeKey {
	k := runPostcodeKey{none: r.District == "", postcode: strings.ToUpper(r.Postcode),
		address: strings.ToLower(r.Address), name: strings.ToLower(riderName(r)), id: r.PersonID}
	d := r.District
	i := 0
	for i < len(d) && unicode.IsLetter(rune(d[i])) {
		i++
	}
	k.area = d[:i]
	j := i
	for j < len(d) && d[j] >= '0' && d[j] <= '9' {
		j++
	}
	k.number, _ = strconv.Atoi(d[i:j])
	k.rest = d[j:]
	return k
}

func (a runPostcodeKey) compare(b runPostcodeKey) int {
	if a.none != b.none {
		if a.none {
			return 1
		}
		return -1
	}
	if c := strings.Compare(a.area, b.area); c != 0 {
		return c
	}
	if c := cmp.Compare(a.number, b.number); c != 0 {
		return c
	}
	for _, c := range [...][2]string{{a.rest, b.rest}, {a.postcode, b.postcode}, {a.address, b.address}, {a.name, b.name}} {
		if c := strings.Compare(c[0], c[1]); c != 0 {
			return c
		}
	}
	return strings.Compare(a.id, b.id)
}

// Leg is one journey of a person to a meeting: there, or home.
type Leg string

// The legs of a journey.
const (
	LegThere Leg = "there"
	LegHome  Leg = "home"
)

// Legs lists the legs in order.
var Legs = []Leg{LegThere, LegHome}

// Label is the leg in plain English.
func (l Leg) Label() string {
	switch l {
	case LegThere:
		return "There"
	case LegHome:
		return "Home"
	}
	return string(l)
}

// BookingStatus is where the booking of one journey stands.
type BookingStatus string

// The booking statuses.
const (
	BookingToBook    BookingStatus = "to_book"
	BookingBooked    BookingStatus = "booked"
	BookingConfirmed BookingStatus = "confirmed"
	BookingCancelled BookingStatus = "cancelled"
)

// BookingStatuses lists the statuses in order.
var BookingStatuses = []BookingStatus{BookingToBook, BookingBooked, BookingConfirmed, BookingCancelled}

// Label is the status in plain English.
func (b BookingStatus) Label() string {
	switch b {
	case BookingToBook:
		return "To book"
	case BookingBooked:
		return "Booked"
	case BookingConfirmed:
		return "Confirmed"
	case BookingCancelled:
		return "Cancelled"
	}
	return string(b)
}

// Travelled says, after the meeting, whether the person made the journey.
type Travelled string

// The answers to "did they travel?".
const (
	TravelledUnknown Travelled = "unknown"
	TravelledYes     Travelled = "yes"
	TravelledNo      Travelled = "no"
)

// Label is the answer in plain English.
func (t Travelled) Label() string {
	switch t {
	case TravelledUnknown, "":
		return "Not known"
	case TravelledYes:
		return "Travelled"
	case TravelledNo:
		return "Did not travel"
	}
	return string(t)
}

// Booking is the booking of one journey (leg) of one person to one meeting.
type Booking struct {
	Meta
	MeetingID string        `json:"meeting_id"`
	PersonID  string        `json:"person_id"`
	Leg       Leg           `json:"leg"`
	Status    BookingStatus `json:"status"`
	Firm      string        `json:"firm"`
	Reference string        `json:"reference"`
	// Pickup is the estimated pickup time from the run sheet when the
	// journey was planned or booked; zero when it was not.
	Pickup    time.Time `json:"estimated_pickup_at,omitzero"`
	Run       int       `json:"run"` // the run number on the sheet; 0 when not planned
	Travelled Travelled `json:"travelled"`
	Notes     string    `json:"notes"`
}

func (b *Booking) clean() {
	b.Firm = termsafe.Line(b.Firm)
	b.Reference = termsafe.Line(b.Reference)
	b.Notes = strings.TrimSpace(termsafe.Clean(b.Notes))
	if b.Status == "" {
		b.Status = BookingToBook
	}
	if b.Travelled == "" {
		b.Travelled = TravelledUnknown
	}
}

// Validate checks a booking before it is saved.
func (b *Booking) Validate() error {
	if b.MeetingID == "" {
		return fieldErr("Meeting", "choose the meeting the journey is to")
	}
	if b.PersonID == "" {
		return fieldErr("Person", "choose who travels")
	}
	if b.Leg != LegThere && b.Leg != LegHome {
		return fieldErr("Leg", "say which journey it is: there or home (not %q)", b.Leg)
	}
	if !slices.Contains(BookingStatuses, b.Status) {
		return fieldErr("Status", "unknown booking status %q (use to_book, booked, confirmed or cancelled)", b.Status)
	}
	switch b.Travelled {
	case TravelledUnknown, TravelledYes, TravelledNo:
	default:
		return fieldErr("Travelled", "unknown answer %q (use unknown, yes or no)", b.Travelled)
	}
	if (b.Status == BookingBooked || b.Status == BookingConfirmed) && b.Firm == "" {
		return fieldErr("Firm", "say which firm (or community transport service) the journey is booked with")
	}
	if len([]rune(b.Firm)) > 100 {
		return fieldErr("Firm", "that is too long (100 characters at most)")
	}
	if len([]rune(b.Reference)) > 100 {
		return fieldErr("Reference", "that is too long (100 characters at most)")
	}
	if len([]rune(b.Notes)) > 2000 {
		return fieldErr("Notes", "that is too long (2,000 characters at most)")
	}
	if b.Run < 0 {
		return fieldErr("Run", "a run number cannot be negative")
	}
	if b.Travelled == TravelledYes {
		switch b.Status {
		case BookingToBook:
			return fieldErr("Travelled", "this journey was never booked: mark it booked first")
		case BookingCancelled:
			return fieldErr("Travelled", "this journey was cancelled, so they cannot have travelled on it")
		}
	}
	return nil
}

const bookingCols = "id, created_at, updated_at, version, meeting_id, person_id, leg, status, firm, reference, pickup_at, run, travelled, notes"

func bookingDest(b *Booking, extra ...any) (func(), []any) {
	ms := metaScan{m: &b.Meta}
	var pickup string
	d := append(ms.dest(), &b.MeetingID, &b.PersonID, &b.Leg, &b.Status, &b.Firm, &b.Reference, &pickup, &b.Run, &b.Travelled, &b.Notes)
	return func() { ms.finish(); b.Pickup = parseTS(pickup) }, append(d, extra...)
}

func bookingTS(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return ts(t)
}

// Bookings lists a meeting's transport bookings: the journeys there first,
// by run and pickup time.
func (s *Store) Bookings(ctx context.Context, meetingID string) ([]Booking, error) {
	if err := s.allow(ctx, "Bookings"); err != nil {
		return nil, err
	}
	return bookings(ctx, s.db, meetingID)
}

func bookings(ctx context.Context, q queryer, meetingID string) ([]Booking, error) {
	rows, err := q.QueryContext(ctx, "SELECT "+bookingCols+` FROM transport_bookings WHERE meeting_id = ?
		ORDER BY leg = 'home', run = 0, run, pickup_at, person_id`, meetingID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Booking
	for rows.Next() {
		var b Booking
		finish, dest := bookingDest(&b)
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		finish()
		out = append(out, b)
	}
	return out, rows.Err()
}

func findBooking(ctx context.Context, q queryer, meetingID, personID string, leg Leg) (Booking, error) {
	var b Booking
	finish, dest := bookingDest(&b)
	err := q.QueryRowContext(ctx, "SELECT "+bookingCols+" FROM transport_bookings WHERE meeting_id = ? AND person_id = ? AND leg = ?",
		meetingID, personID, leg).Scan(dest...)
	if errors.Is(err, sql.ErrNoRows) {
		return b, ErrNotFound
	}
	if err != nil {
		return b, err
	}
	finish()
	return b, nil
}

// SaveBooking inserts a new booking (empty ID) or updates one that has not
// changed since it was loaded (ErrConflict otherwise). A booking's meeting,
// person and leg cannot change. Nothing can be booked for a cancelled
// meeting: its bookings can only be marked cancelled.
func (s *Store) SaveBooking(ctx context.Context, b *Booking) error {
	if err := s.allow(ctx, "SaveBooking"); err != nil {
		return err
	}
	c := *b
	if err := s.tx(ctx, func(tx *sql.Tx) error { return s.saveBooking(ctx, tx, &c) }); err != nil {
		return err
	}
	*b = c // only once it is saved
	return nil
}

func (s *Store) saveBooking(ctx context.Context, tx *sql.Tx, b *Booking) error {
	b.clean()
	if err := b.Validate(); err != nil {
		return err
	}
	var status MeetingStatus
	var start string
	err := tx.QueryRowContext(ctx, "SELECT status, starts_at FROM meetings WHERE id = ?", b.MeetingID).Scan(&status, &start)
	if errors.Is(err, sql.ErrNoRows) {
		return fieldErr("Meeting", "that meeting no longer exists")
	}
	if err != nil {
		return err
	}
	when := parseTS(start).In(London).Format("Mon 2 Jan 2006")
	var one int
	err = tx.QueryRowContext(ctx, "SELECT 1 FROM people WHERE id = ?", b.PersonID).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return fieldErr("Person", "that person is no longer in the database")
	}
	if err != nil {
		return err
	}
	old := Booking{Travelled: TravelledUnknown}
	if b.ID != "" {
		finish, dest := bookingDest(&old)
		err := tx.QueryRowContext(ctx, "SELECT "+bookingCols+" FROM transport_bookings WHERE id = ?", b.ID).Scan(dest...)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		finish()
		if old.MeetingID != b.MeetingID || old.PersonID != b.PersonID || old.Leg != b.Leg {
			return fieldErr("Booking", "a booking cannot move to another meeting, person or journey: cancel it and book the new one")
		}
	}
	if status == MeetingCancelled {
		if b.ID == "" || b.Status != BookingCancelled {
			return fmt.Errorf("the meeting on %s was cancelled: no transport can be booked for it (its bookings can only be marked cancelled)", when)
		}
	}
	if b.Travelled != old.Travelled && b.Travelled != TravelledUnknown && LocalDate(s.now()) < LocalDate(parseTS(start)) {
		return fieldErr("Travelled", "the meeting on %s has not happened yet: whether someone travelled is recorded on the day or after", when)
	}
	q := *b
	if q.ID == "" {
		s.newMeta(&q.Meta)
		_, err := tx.ExecContext(ctx, "INSERT INTO transport_bookings ("+bookingCols+") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
			q.ID, ts(q.CreatedAt), ts(q.UpdatedAt), q.Version, q.MeetingID, q.PersonID, q.Leg, q.Status, q.Firm,
			q.Reference, bookingTS(q.Pickup), q.Run, q.Travelled, q.Notes)
		if isUnique(err) {
			return fieldErr("Booking", "there is already a booking for this person's journey %s for this meeting", strings.ToLower(q.Leg.Label()))
		}
		if err != nil {
			return err
		}
	} else {
		was := q.Version
		s.bump(&q.Meta)
		res, err := tx.ExecContext(ctx, `UPDATE transport_bookings SET status=?, firm=?, reference=?, pickup_at=?, run=?,
			travelled=?, notes=?, updated_at=?, version=? WHERE id=? AND version=?`,
			q.Status, q.Firm, q.Reference, bookingTS(q.Pickup), q.Run, q.Travelled, q.Notes, ts(q.UpdatedAt), q.Version, q.ID, was)
		if err != nil {
			return err
		}
		if err := checkUpdated(ctx, tx, res, "transport_bookings", q.ID); err != nil {
			return err
		}
	}
	*b = q
	return nil
}

// SetBookingStatus marks one journey of a person to a meeting (creating its
// booking when there is none yet): "mark the taxi home booked with City
// Cars, ref 4411". An empty firm or reference keeps the one recorded; a
// journey booked or confirmed needs a firm. When a journey is first
// booked, its run and estimated pickup time from the current run sheet are
// kept with it (the time the firm was told).
func (s *Store) SetBookingStatus(ctx context.Context, meetingID, personID string, leg Leg, status BookingStatus, firm, reference string) error {
	if err := s.allow(ctx, "SetBookingStatus"); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		b, err := findBooking(ctx, tx, meetingID, personID, leg)
		switch {
		case errors.Is(err, ErrNotFound):
			b = Booking{MeetingID: meetingID, PersonID: personID, Leg: leg, Status: BookingToBook}
		case err != nil:
			return err
		}
		if f := termsafe.Line(firm); f != "" {
			b.Firm = f
		}
		if r := termsafe.Line(reference); r != "" {
			b.Reference = r
		}
		if (status == BookingBooked || status == BookingConfirmed) && b.Status == BookingToBook && b.Pickup.IsZero() {
			s.fillFromPlan(ctx, tx, &b)
		}
		b.Status = status
		return s.saveBooking(ctx, tx, &b)
	})
}

// fillFromPlan gives a booking its run and estimated pickup from the run
// sheet, when the person is on it. It is best effort: a sheet that cannot
// be planned leaves the booking as it was.
func (s *Store) fillFromPlan(ctx context.Context, q queryer, b *Booking) {
	sheet, err := s.runSheet(ctx, q, b.MeetingID)
	if err != nil {
		return
	}
	for _, r := range sheet.Runs {
		for _, st := range r.Stops {
			if st.PersonID == b.PersonID {
				b.Run = r.Number
				b.Pickup = st.Pickup
				if b.Leg == LegHome {
					b.Pickup = sheet.Meeting.End
				}
				return
			}
		}
	}
}

// SetTravelled records, on the day or after, whether a person made one
// booked journey (TravelledUnknown takes the answer back).
func (s *Store) SetTravelled(ctx context.Context, meetingID, personID string, leg Leg, travelled Travelled) error {
	if err := s.allow(ctx, "SetTravelled"); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		b, err := findBooking(ctx, tx, meetingID, personID, leg)
		if errors.Is(err, ErrNotFound) {
			return fmt.Errorf("there is no booking for this journey %s: mark it booked first", strings.ToLower(leg.Label()))
		}
		if err != nil {
			return err
		}
		b.Travelled = travelled
		return s.saveBooking(ctx, tx, &b)
	})
}

// OtherBooking is a booking for someone who is not on the run sheet (any
// more): they sent apologies, or travel another way now.
type OtherBooking struct {
	Booking
	Name, PreferredName string
	Reason              string // why they are not on the sheet, in plain English
}

// NeedsCancelling is true when a firm still expects to pick them up.
func (o OtherBooking) NeedsCancelling() bool {
	return o.Status == BookingBooked || o.Status == BookingConfirmed
}

// RunSheet is the transport plan for one meeting: the whole of it, or (see
// ForFirm) the part one firm is to drive.
type RunSheet struct {
	Meeting  Meeting
	Firm     string // the firm the sheet is for; "" for the whole sheet
	Config   TransportConfig
	Arrive   time.Time // when runs should reach the venue (an estimate)
	Runs     []Run
	Fares    []Rider        // people given a bus or train fare: no run
	Bookings []Booking      // every booking for the meeting
	Others   []OtherBooking // bookings for people not on the sheet
	// Problems lists, in plain English and by first name, what would stop a
	// firm finding someone (no address, no postcode).
	Problems []string
}

// Booking finds the booking of one person's journey, if there is one.
func (rs *RunSheet) Booking(personID string, leg Leg) (Booking, bool) {
	for _, b := range rs.Bookings {
		if b.PersonID == personID && b.Leg == leg {
			return b, true
		}
	}
	return Booking{}, false
}

// Riders counts the people on runs.
func (rs *RunSheet) Riders() int {
	n := 0
	for _, r := range rs.Runs {
		n += len(r.Stops)
	}
	return n
}

// RunSheet plans the transport to a meeting. On it: everyone invited,
// confirmed or (on the day) marked attended whose access needs say taxi or
// community transport, grouped into runs by PlanRuns with the stored
// transport settings; people given a bus or train fare are listed apart,
// with no run; people who come their own way or by lift are left out. The
// meeting's bookings come with it. It reads and changes nothing; see
// RebuildPlan to keep the plan with the bookings.
func (s *Store) RunSheet(ctx context.Context, meetingID string) (RunSheet, error) {
	if err := s.allow(ctx, "RunSheet"); err != nil {
		return RunSheet{}, err
	}
	return s.runSheet(ctx, s.db, meetingID)
}

func (s *Store) runSheet(ctx context.Context, q queryer, meetingID string) (RunSheet, error) {
	var rs RunSheet
	var m Meeting
	finish, dest := scanMeeting([]any{&m.ForumName}, &m)
	err := q.QueryRowContext(ctx, "SELECT "+prefixed("g", meetingCols)+", f.name FROM meetings g JOIN forums f ON f.id = g.forum_id WHERE g.id = ?", meetingID).Scan(dest...)
	if errors.Is(err, sql.ErrNoRows) {
		return rs, ErrNotFound
	}
	if err != nil {
		return rs, err
	}
	finish()
	rs.Meeting = m
	if rs.Config, err = transportSettings(ctx, q); err != nil {
		return rs, err
	}
	rows, err := q.QueryContext(ctx, `
		SELECT p.id, p.name, p.preferred_name, a.status, n.transport, n.wheelchair, n.mobility_aid, n.escort,
		       n.pickup_address, n.pickup_postcode
		FROM attendance a
		JOIN people p ON p.id = a.person_id
		JOIN access_needs n ON n.person_id = p.id
		WHERE a.meeting_id = ? AND a.status IN `+expectedStatusesSQL+`
		  AND n.transport IN ('taxi', 'community', 'fare')`, meetingID)
	if err != nil {
		return rs, err
	}
	var riders []Rider
	for rows.Next() {
		var r Rider
		var wheel, aid, escort int
		if err := rows.Scan(&r.PersonID, &r.Name, &r.PreferredName, &r.Attendance, &r.Mode, &wheel, &aid, &escort,
			&r.Address, &r.Postcode); err != nil {
			rows.Close()
			return rs, err
		}
		r.Wheelchair, r.MobilityAid, r.Escort = wheel == 1, aid == 1, escort == 1
		r.FirstName = termsafe.Line(FirstName(r.Name, r.PreferredName))
		r.Address = oneLineAddress(r.Address)
		r.Postcode = runPostcode(r.Postcode)
		r.District = PostcodeDistrict(r.Postcode)
		if r.Mode == TransportFare {
			rs.Fares = append(rs.Fares, r)
			continue
		}
		riders = append(riders, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return rs, err
	}
	slices.SortFunc(rs.Fares, func(a, b Rider) int {
		return cmp.Or(cmp.Compare(strings.ToLower(DisplayName(a.Name, a.PreferredName)), strings.ToLower(DisplayName(b.Name, b.PreferredName))),
			cmp.Compare(a.PersonID, b.PersonID))
	})
	if rs.Runs, err = PlanRuns(riders, m.Start, rs.Config); err != nil {
		return rs, err
	}
	rs.Arrive = m.Start.Add(-time.Duration(rs.Config.ArriveBefore) * time.Minute)
	rs.Problems = runProblems(rs.Runs)
	if rs.Bookings, err = bookings(ctx, q, meetingID); err != nil {
		return rs, err
	}
	onSheet := map[string]bool{}
	for _, r := range riders {
		onSheet[r.PersonID] = true
	}
	var others []Booking
	for _, b := range rs.Bookings {
		if !onSheet[b.PersonID] {
			others = append(others, b)
		}
	}
	for _, b := range others {
		o := OtherBooking{Booking: b}
		var att string
		var mode Transport
		err := q.QueryRowContext(ctx, `SELECT p.name, p.preferred_name, coalesce(a.status, ''), coalesce(n.transport, '')
			FROM people p
			LEFT JOIN attendance a ON a.person_id = p.id AND a.meeting_id = ?
			LEFT JOIN access_needs n ON n.person_id = p.id
			WHERE p.id = ?`, meetingID, b.PersonID).Scan(&o.Name, &o.PreferredName, &att, &mode)
		if err != nil {
			return rs, err
		}
		o.Reason = notOnSheetReason(Attendance(att), mode)
		rs.Others = append(rs.Others, o)
	}
	return rs, nil
}

// runProblems says, by first name, what would stop a firm finding someone
// on the runs.
func runProblems(runs []Run) []string {
	var problems []string
	for _, run := range runs {
		for _, st := range run.Stops {
			switch {
			case st.Address == "" && st.Postcode == "":
				problems = append(problems, st.FirstName+" has no pickup address or postcode")
			case st.Address == "":
				problems = append(problems, st.FirstName+" has no pickup address")
			case st.District == "":
				problems = append(problems, st.FirstName+" has no usable pickup postcode, so rides alone")
			}
		}
	}
	return problems
}

func notOnSheetReason(att Attendance, mode Transport) string {
	switch att {
	case "":
		return "not on the register"
	case Apologies:
		return "sent apologies"
	case DidNotAttend:
		return "did not attend"
	}
	switch mode {
	case "":
		return "no transport needs recorded"
	case TransportFare:
		return "gets a bus or train fare now"
	case TransportOwn:
		return "comes their own way now"
	case TransportLift:
		return "has a lift now"
	}
	return "not on the run sheet"
}

// oneLineAddress puts an address on one line: its lines joined by commas.
func oneLineAddress(s string) string {
	var parts []string
	for _, l := range strings.Split(termsafe.Clean(s), "\n") {
		l = strings.Join(strings.Fields(l), " ")
		l = strings.TrimSuffix(l, ",")
		if l != "" {
			parts = append(parts, l)
		}
	}
	return strings.Join(parts, ", ")
}

// PlanResult says what RebuildPlan changed.
type PlanResult struct {
	Created int // journeys added to book
	Updated int // journeys still to book given a new run or time
	Removed int // journeys to book for people no longer on the sheet
	Kept    int // journeys already booked, confirmed or cancelled, left as they were
}

// RebuildPlan plans the meeting's runs afresh and keeps the plan with the
// bookings, in one transaction: every rider gets a journey there and home
// (to book) if they had none; journeys still to book take the new run and
// estimated pickup time (home: the meeting's end); journeys still to book
// for people no longer on the sheet go. Journeys already booked, confirmed
// or cancelled are left exactly as they are: the firm was told their time.
func (s *Store) RebuildPlan(ctx context.Context, meetingID string) (PlanResult, error) {
	if err := s.allow(ctx, "RebuildPlan"); err != nil {
		return PlanResult{}, err
	}
	var res PlanResult
	err := s.tx(ctx, func(tx *sql.Tx) error {
		res = PlanResult{}
		sheet, err := s.runSheet(ctx, tx, meetingID)
		if err != nil {
			return err
		}
		if sheet.Meeting.Status == MeetingCancelled {
			return fmt.Errorf("the meeting on %s was cancelled: there is no transport to plan", sheet.Meeting.Start.In(London).Format("Mon 2 Jan 2006"))
		}
		for _, run := range sheet.Runs {
			for _, st := range run.Stops {
				for _, leg := range Legs {
					pickup := st.Pickup
					if leg == LegHome {
						pickup = sheet.Meeting.End
					}
					b, ok := sheet.Booking(st.PersonID, leg)
					switch {
					case !ok:
						b = Booking{MeetingID: meetingID, PersonID: st.PersonID, Leg: leg, Status: BookingToBook, Run: run.Number, Pickup: pickup}
						res.Created++
					case b.Status != BookingToBook:
						res.Kept++
						continue
					case b.Run == run.Number && b.Pickup.Equal(pickup):
						continue
					default:
						b.Run, b.Pickup = run.Number, pickup
						res.Updated++
					}
					if err := s.saveBooking(ctx, tx, &b); err != nil {
						return err
					}
				}
			}
		}
		for _, o := range sheet.Others {
			if o.Status != BookingToBook {
				res.Kept++
				continue
			}
			if _, err := tx.ExecContext(ctx, "DELETE FROM transport_bookings WHERE id = ?", o.ID); err != nil {
				return err
			}
			res.Removed++
		}
		return nil
	})
	return res, err
}

// MeetingByPrefix finds a meeting by its id or the start of it (any case),
// as typed on the command line. No match, or more than one, is an error
// that says so.
func (s *Store) MeetingByPrefix(ctx context.Context, prefix string) (Meeting, error) {
	if err := s.allow(ctx, "MeetingByPrefix"); err != nil {
		return Meeting{}, err
	}
	p := strings.ToLower(strings.TrimSpace(prefix))
	if p == "" {
		return Meeting{}, errors.New("give the meeting's id, or enough of the start of it to pick one meeting")
	}
	rows, err := s.db.QueryContext(ctx, "SELECT id, starts_at FROM meetings WHERE substr(id, 1, length(?1)) = ?1 ORDER BY starts_at LIMIT 6", p)
	if err != nil {
		return Meeting{}, err
	}
	var ids, when []string
	for rows.Next() {
		var id, start string
		if err := rows.Scan(&id, &start); err != nil {
			rows.Close()
			return Meeting{}, err
		}
		ids = append(ids, id)
		when = append(when, id+" ("+parseTS(start).In(London).Format("Mon 2 Jan 2006 15:04")+")")
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return Meeting{}, err
	}
	switch len(ids) {
	case 0:
		return Meeting{}, fmt.Errorf("no meeting has an id starting %q", termsafe.Line(prefix))
	case 1:
		return s.inner().Meeting(ctx, ids[0])
	}
	more := ""
	if len(ids) > 5 {
		when, more = when[:5], " and more"
	}
	return Meeting{}, fmt.Errorf("%q is the start of more than one meeting's id: %s%s; give more of it",
		termsafe.Line(prefix), strings.Join(when, ", "), more)
}
