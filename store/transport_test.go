package store

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"
)

// trRider makes a rider for PlanRuns.
func trRider(name, postcode string, opts ...string) Rider {
	r := Rider{PersonID: "id-" + name, Name: name + " Testperson", FirstName: name, Mode: TransportTaxi,
		Address: "1 " + name + " Street", Postcode: postcode}
	for _, o := range opts {
		switch o {
		case "wheelchair":
			r.Wheelchair = true
		case "escort":
			r.Escort = true
		case "community":
			r.Mode = TransportCommunity
		default:
			r.Address = o
		}
	}
	return r
}

// trRuns shows a plan compactly: "1 taxi M14 [Ann Bob]; 2 …", accessible runs marked ♿.
func trRuns(runs []Run) string {
	var parts []string
	for _, r := range runs {
		var names []string
		for _, s := range r.Stops {
			names = append(names, s.FirstName)
		}
		acc := ""
		if r.Accessible {
			acc = " ♿"
		}
		parts = append(parts, fmt.Sprintf("%d %s %s%s %d/%d [%s]", r.Number, r.Mode, r.District, acc, r.SeatsUsed, r.Seats, strings.Join(names, " ")))
	}
	return strings.Join(parts, "; ")
}

func trPlan(t *testing.T, riders []Rider, cfg TransportConfig) string {
	t.Helper()
	runs, err := PlanRuns(riders, recLondon(2026, 3, 24, 13, 0), cfg)
	if err != nil {
		t.Fatalf("PlanRuns: %v", err)
	}
	return trRuns(runs)
}

func TestPlanRunsGrouping(t *testing.T) {
	def := DefaultTransportConfig()
	cases := []struct {
		name   string
		cfg    func(*TransportConfig)
		riders []Rider
		want   string
	}{
		{
			name: "districts, in natural order, sorted by postcode then address",
			riders: []Rider{
				trRider("Cy", "M14 7AA"), trRider("Al", "m14 5tq"), trRider("Di", "M2 3BB"),
				trRider("Bo", "M14 5TQ", "0 Apple Court"), trRider("Ed", "M20 1XY"),
			},
			want: "1 taxi M2 1/4 [Di]; 2 taxi M14 3/4 [Bo Al Cy]; 3 taxi M20 1/4 [Ed]",
		},
		{
			name: "capacity 4: the fifth rider of a district starts a new run",
			riders: []Rider{
				trRider("A", "M14 1AA"), trRider("B", "M14 2AA"), trRider("C", "M14 3AA"),
				trRider("D", "M14 4AA"), trRider("E", "M14 5AA"),
			},
			want: "1 taxi M14 4/4 [A B C D]; 2 taxi M14 1/4 [E]",
		},
		{
			name: "wheelchair users take 2 seats and ride only in accessible runs",
			riders: []Rider{
				trRider("A", "M14 1AA"), trRider("W1", "M14 2AA", "wheelchair"), trRider("B", "M14 3AA"),
				trRider("W2", "M14 4AA", "wheelchair"), trRider("W3", "M14 5AA", "wheelchair"),
			},
			want: "1 taxi M14 2/4 [A B]; 2 taxi M14 ♿ 4/4 [W1 W2]; 3 taxi M14 ♿ 2/4 [W3]",
		},
		{
			name: "without accessible-only, wheelchair users share with others and still count 2",
			cfg:  func(c *TransportConfig) { c.AccessibleOnly = false },
			riders: []Rider{
				trRider("A", "M14 1AA"), trRider("W1", "M14 2AA", "wheelchair"), trRider("B", "M14 3AA"),
				trRider("W2", "M14 4AA", "wheelchair"),
			},
			want: "1 taxi M14 4/4 [A W1 B]; 2 taxi M14 2/4 [W2]",
		},
		{
			name: "escorts take a seat; first fit fills gaps",
			riders: []Rider{
				trRider("A", "M14 1AA", "escort"), trRider("B", "M14 2AA"), trRider("C", "M14 3AA", "escort"),
				trRider("D", "M14 4AA"),
			},
			want: "1 taxi M14 4/4 [A B D]; 2 taxi M14 2/4 [C]",
		},
		{
			name:   "escorts need no seat of their own when so set",
			cfg:    func(c *TransportConfig) { c.EscortTakesSeat = false },
			riders: []Rider{trRider("A", "M14 1AA", "escort"), trRider("B", "M14 2AA", "escort"), trRider("C", "M14 3AA", "escort")},
			want:   "1 taxi M14 3/4 [A B C]",
		},
		{
			name: "a wheelchair user with an escort takes 3 seats",
			riders: []Rider{
				trRider("W", "M14 1AA", "wheelchair", "escort"), trRider("X", "M14 2AA", "wheelchair"),
			},
			want: "1 taxi M14 ♿ 3/4 [W]; 2 taxi M14 ♿ 2/4 [X]",
		},
		{
			name: "taxi and community transport never share a run",
			riders: []Rider{
				trRider("A", "M14 1AA"), trRider("B", "M14 2AA", "community"), trRider("C", "M14 3AA"),
			},
			want: "1 taxi M14 2/4 [A C]; 2 community M14 1/4 [B]",
		},
		{
			name: "riders with no postcode ride alone, last",
			riders: []Rider{
				trRider("N1", ""), trRider("A", "M14 1AA"), trRider("N2", "not known"),
			},
			want: "1 taxi M14 1/4 [A]; 2 taxi  1/4 [N1]; 3 taxi  1/4 [N2]",
		},
		{
			name:   "only a district recorded still groups",
			riders: []Rider{trRider("A", "M14"), trRider("B", "M14 1AA")},
			want:   "1 taxi M14 2/4 [A B]",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cfg := def
			if tc.cfg != nil {
				tc.cfg(&cfg)
			}
			if got := trPlan(t, tc.riders, cfg); got != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
		})
	}
}

func TestPlanRunsDeterministic(t *testing.T) {
	riders := trManyRiders(60)
	want := trPlan(t, riders, DefaultTransportConfig())
	rng := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 20; i++ {
		shuffled := append([]Rider(nil), riders...)
		rng.Shuffle(len(shuffled), func(a, b int) { shuffled[a], shuffled[b] = shuffled[b], shuffled[a] })
		if got := trPlan(t, shuffled, DefaultTransportConfig()); got != want {
			t.Fatalf("the plan depends on the order of the riders:\n%s\n%s", got, want)
		}
	}
	// Every rider is on exactly one run, and no run is over capacity.
	runs, _ := PlanRuns(riders, recLondon(2026, 3, 24, 13, 0), DefaultTransportConfig())
	seen := map[string]int{}
	for _, r := range runs {
		used := 0
		for _, s := range r.Stops {
			seen[s.PersonID]++
			used += s.Seats
			if r.District != "" && s.District != r.District {
				t.Errorf("run %d (%s) picks up %s in %s", r.Number, r.District, s.FirstName, s.District)
			}
			if r.Accessible != s.Wheelchair {
				t.Errorf("run %d: accessible %v but %s wheelchair %v", r.Number, r.Accessible, s.FirstName, s.Wheelchair)
			}
		}
		if used != r.SeatsUsed || used > r.Seats {
			t.Errorf("run %d uses %d seats (says %d) of %d", r.Number, used, r.SeatsUsed, r.Seats)
		}
	}
	for _, r := range riders {
		if seen[r.PersonID] != 1 {
			t.Errorf("%s is on %d runs", r.FirstName, seen[r.PersonID])
		}
	}
}

func trManyRiders(n int) []Rider {
	rng := rand.New(rand.NewPCG(7, 11))
	districts := []string{"M1", "M4", "M8", "M11", "M13", "M14", "M15", "M16", "M19", "M20", "M21", "M40", "SK4", "OL1"}
	out := make([]Rider, n)
	for i := range out {
		pc := fmt.Sprintf("%s %d%c%c", districts[rng.IntN(len(districts))], rng.IntN(10), 'A'+rng.IntN(26), 'A'+rng.IntN(26))
		r := trRider(fmt.Sprintf("R%03d", i), pc)
		r.Wheelchair = rng.IntN(8) == 0
		r.Escort = rng.IntN(6) == 0
		if rng.IntN(5) == 0 {
			r.Mode = TransportCommunity
		}
		out[i] = r
	}
	return out
}

func TestPlanRunsNoCapacity(t *testing.T) {
	start := recLondon(2026, 3, 24, 13, 0)
	riders := []Rider{trRider("Ann", "M14 1AA")}
	for _, tc := range []struct {
		name  string
		cfg   func(*TransportConfig)
		rider []Rider
		field string
		want  string
	}{
		{"no seats", func(c *TransportConfig) { c.Seats = 0 }, riders, "Seats per vehicle", "at least one passenger seat"},
		{"wheelchair needs more than a vehicle has", func(c *TransportConfig) { c.Seats, c.WheelchairSeats = 2, 3 }, riders,
			"Wheelchair seats", "would need 3 seats but a vehicle has only 2"},
		{"no minutes per pickup", func(c *TransportConfig) { c.MinutesPerPickup = 0 }, riders, "Minutes per pickup", "between 1 and"},
		{"no room for a wheelchair user's escort", func(c *TransportConfig) { c.Seats = 2 },
			[]Rider{trRider("Ann", "M14 1AA"), trRider("Wyn", "M14 2AA", "wheelchair", "escort")},
			"Seats per vehicle", "a wheelchair user with an escort would need 3 seats but a vehicle has only 2"},
		{"an escorted rider in a one-seat car", func(c *TransportConfig) { c.Seats, c.WheelchairSeats = 1, 1 },
			[]Rider{trRider("Bea", "M14 1AA", "escort")}, "Seats per vehicle", "would need 2 seats but a vehicle has only 1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := DefaultTransportConfig()
			tc.cfg(&cfg)
			runs, err := PlanRuns(tc.rider, start, cfg)
			var fe *FieldError
			if !errors.As(err, &fe) || fe.Field != tc.field || !strings.Contains(fe.Message, tc.want) {
				t.Fatalf("got %v (runs %v), want a %s error saying %q", err, trRuns(runs), tc.field, tc.want)
			}
			if runs != nil {
				t.Errorf("runs planned despite the error: %s", trRuns(runs))
			}
		})
	}
	if _, err := PlanRuns(riders, time.Time{}, DefaultTransportConfig()); err == nil {
		t.Error("a plan with no start time was made")
	}
	if _, err := PlanRuns([]Rider{{FirstName: "Fay", Mode: TransportFare}}, start, DefaultTransportConfig()); err == nil {
		t.Error("a run was planned for someone given a fare")
	}
}

func trClocks(runs []Run) []string {
	var out []string
	for _, r := range runs {
		for _, s := range r.Stops {
			out = append(out, LocalClock(s.Pickup))
		}
	}
	return out
}

func TestPlanRunsPickupTimes(t *testing.T) {
	five := []Rider{trRider("A", "M14 1AA"), trRider("B", "M14 2AA"), trRider("C", "M14 3AA"), trRider("D", "M14 4AA"), trRider("E", "M14 5AA")}
	cfg := DefaultTransportConfig()
	cfg.Seats = 5
	for _, tc := range []struct {
		name  string
		start time.Time
		want  []string
	}{
		{"an ordinary day", recLondon(2026, 3, 24, 13, 0), []string{"11:55", "12:05", "12:15", "12:25", "12:35"}},
		// 13:00 stays 13:00 in London on both clock-change days.
		{"clocks go forward, afternoon", recLondon(2026, 3, 29, 13, 0), []string{"11:55", "12:05", "12:15", "12:25", "12:35"}},
		{"clocks go back, afternoon", recLondon(2026, 10, 25, 13, 0), []string{"11:55", "12:05", "12:15", "12:25", "12:35"}},
		// A run across the change itself: the pickups stay ten real minutes
		// apart, so the clock jumps between them. 03:00 BST is 02:00 UTC.
		{"across 01:00 GMT → 02:00 BST", recLondon(2026, 3, 29, 3, 0), []string{"00:55", "02:05", "02:15", "02:25", "02:35"}},
		// 02:00 GMT on 25 October is an hour after 01:00 BST... the first
		// pickup is still summer time.
		{"across 02:00 BST → 01:00 GMT", time.Date(2026, 10, 25, 2, 0, 0, 0, time.UTC), []string{"01:55", "01:05", "01:15", "01:25", "01:35"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			runs, err := PlanRuns(five, tc.start, cfg)
			if err != nil {
				t.Fatal(err)
			}
			if len(runs) != 1 {
				t.Fatalf("want one run, got %s", trRuns(runs))
			}
			if got := trClocks(runs); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("pickups %v, want %v", got, tc.want)
			}
			if got, want := runs[0].Arrive, tc.start.Add(-15*time.Minute); !got.Equal(want) {
				t.Errorf("arrive %v, want %v", got, want)
			}
			stops := runs[0].Stops
			for i := 1; i < len(stops); i++ {
				if d := stops[i].Pickup.Sub(stops[i-1].Pickup); d != 10*time.Minute {
					t.Errorf("stops %d and %d are %v apart", i, i+1, d)
				}
			}
			if d := runs[0].Arrive.Sub(stops[len(stops)-1].Pickup); d != 10*time.Minute {
				t.Errorf("last pickup is %v before arrival", d)
			}
		})
	}
}

// trFixture is a forum with a meeting on Tuesday 24 March 2026, 13:00–15:00,
// and people whose access needs are inserted with SQL.
type trFixture struct {
	s       *Store
	forum   Forum
	meeting Meeting
	people  map[string]Person
	now     time.Time
}

func newTrFixture(t *testing.T) *trFixture {
	t.Helper()
	s, err := Open(t.TempDir() + "/transport.db")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	fx := &trFixture{s: s, people: map[string]Person{}, now: time.Date(2026, 3, 14, 10, 0, 0, 0, time.UTC)}
	s.SetClock(func() time.Time { return fx.now })
	fx.forum = recForum(t, s, "Recovery Voices")
	// name, preferred, transport, address, postcode, wheelchair, escort
	for _, p := range []struct {
		name, preferred, transport, address, postcode string
		wheelchair, escort                            bool
	}{
		{"Annie Quennell-Fotheringay", "", "taxi", "12 Oak Road\nFallowfield", "m14 5tq", false, false},
		{"Robert Pemberton", "Bob", "taxi", "3 Elm Street", "M14 6AB", false, true},
		{"Cerys Wynne", "", "taxi", "9 Ash Lane", "M14 5TZ", true, false},
		{"Dev Anand Shah", "", "community", "40 Birch Ave", "M20 2QQ", false, false},
		{"Fiona Mackay", "", "fare", "", "", false, false},
		{"Owen Price", "", "own", "1 Pine Close", "M14 1AA", false, false},
		{"Lily Lift", "", "lift", "", "", false, false},
		{"Gwen Gone", "", "taxi", "5 Yew Walk", "M14 2BB", false, false},
		{"Nora Needs", "", "", "", "", false, false}, // no access needs at all
	} {
		person := Person{Name: p.name, PreferredName: p.preferred}
		if err := s.SavePerson(recCtx, &person, []string{fx.forum.ID}); err != nil {
			t.Fatal(err)
		}
		fx.people[p.name] = person
		if p.transport != "" {
			fx.needs(t, person.ID, p.transport, p.address, p.postcode, p.wheelchair, p.escort)
		}
	}
	fx.meeting = recMeeting(t, s, fx.forum.ID, recLondon(2026, 3, 24, 13, 0))
	fx.meeting.Venue = "Friends Meeting House"
	if err := s.SaveMeeting(recCtx, &fx.meeting); err != nil {
		t.Fatal(err)
	}
	fx.attend(t, "Gwen Gone", Apologies)
	fx.attend(t, "Robert Pemberton", Confirmed)
	// Someone with a taxi who is not on this register.
	outsider := recPerson(t, s, "Olive Outsider")
	fx.needs(t, outsider.ID, "taxi", "8 Far Road", "M14 9ZZ", false, false)
	return fx
}

func (fx *trFixture) needs(t *testing.T, personID, transport, address, postcode string, wheelchair, escort bool) {
	t.Helper()
	now := ts(fx.now)
	if _, err := fx.s.db.ExecContext(recCtx, `INSERT INTO access_needs (id, person_id, transport, wheelchair, escort,
		pickup_address, pickup_postcode, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?)
		ON CONFLICT (person_id) DO UPDATE SET transport = excluded.transport`,
		newID(), personID, transport, boolInt(wheelchair), boolInt(escort), address, postcode, now, now); err != nil {
		t.Fatalf("access needs: %v", err)
	}
}

func (fx *trFixture) attend(t *testing.T, name string, a Attendance) {
	t.Helper()
	if err := fx.s.SetAttendance(recCtx, fx.meeting.ID, fx.people[name].ID, a); err != nil {
		t.Fatal(err)
	}
}

func (fx *trFixture) id(name string) string { return fx.people[name].ID }

func TestRunSheetFromDatabase(t *testing.T) {
	fx := newTrFixture(t)
	rs, err := fx.s.RunSheet(recCtx, fx.meeting.ID)
	if err != nil {
		t.Fatal(err)
	}
	// Annie and Bob (with escort) share the M14 taxi; Cerys (wheelchair) has
	// the accessible one; Dev is alone on community transport in M20. Gwen
	// sent apologies, Owen and Lily make their own way, Nora has no needs,
	// Olive is not on the register.
	if got, want := trRuns(rs.Runs), "1 taxi M14 3/4 [Annie Bob]; 2 taxi M14 ♿ 2/4 [Cerys]; 3 community M20 1/4 [Dev]"; got != want {
		t.Errorf("runs\ngot  %s\nwant %s", got, want)
	}
	if len(rs.Fares) != 1 || rs.Fares[0].FirstName != "Fiona" {
		t.Errorf("fares %+v, want Fiona", rs.Fares)
	}
	annie := rs.Runs[0].Stops[0]
	if annie.Address != "12 Oak Road, Fallowfield" || annie.Postcode != "M14 5TQ" || annie.District != "M14" {
		t.Errorf("Annie's pickup %q %q %q", annie.Address, annie.Postcode, annie.District)
	}
	if annie.FirstName != "Annie" || rs.Runs[0].Stops[1].FirstName != "Bob" || !rs.Runs[0].Stops[1].Escort {
		t.Errorf("stops %+v", rs.Runs[0].Stops)
	}
	if got := trClocks(rs.Runs[:1]); !reflect.DeepEqual(got, []string{"12:25", "12:35"}) {
		t.Errorf("pickups %v", got)
	}
	if LocalClock(rs.Arrive) != "12:45" {
		t.Errorf("arrive %s", LocalClock(rs.Arrive))
	}
	if len(rs.Problems) != 0 || len(rs.Others) != 0 || len(rs.Bookings) != 0 {
		t.Errorf("problems %v others %v bookings %v", rs.Problems, rs.Others, rs.Bookings)
	}

	// On the day, someone marked attended stays on the sheet (they need
	// the taxi home); someone who did not attend drops off it.
	fx.attend(t, "Annie Quennell-Fotheringay", Attended)
	fx.attend(t, "Dev Anand Shah", DidNotAttend)
	rs, err = fx.s.RunSheet(recCtx, fx.meeting.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := trRuns(rs.Runs), "1 taxi M14 3/4 [Annie Bob]; 2 taxi M14 ♿ 2/4 [Cerys]"; got != want {
		t.Errorf("after the register: %s", got)
	}

	// A missing address is reported.
	fx.needs(t, fx.id("Owen Price"), "taxi", "", "", false, false)
	if _, err := fx.s.db.ExecContext(recCtx, "UPDATE access_needs SET pickup_address = '', pickup_postcode = '' WHERE person_id = ?", fx.id("Owen Price")); err != nil {
		t.Fatal(err)
	}
	rs, _ = fx.s.RunSheet(recCtx, fx.meeting.ID)
	if !reflect.DeepEqual(rs.Problems, []string{"Owen has no pickup address or postcode"}) {
		t.Errorf("problems %q", rs.Problems)
	}

	// Stored settings are used, and a sheet that cannot be planned says why.
	for k, v := range map[string]string{SettingTransportSeats: "1", SettingTransportWheelchairSeats: "1"} {
		if err := fx.s.SetSetting(recCtx, k, v); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := fx.s.RunSheet(recCtx, fx.meeting.ID); err == nil || !strings.Contains(err.Error(), "would need 2 seats but a vehicle has only 1") {
		t.Errorf("one seat, and Bob has an escort: got %v", err)
	}
	if _, err := fx.s.RunSheet(recCtx, "no-such-meeting"); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown meeting: %v", err)
	}
}

func TestTransportSettings(t *testing.T) {
	fx := newTrFixture(t)
	s := fx.s
	got, err := s.TransportSettings(recCtx)
	if err != nil || got != DefaultTransportConfig() {
		t.Fatalf("defaults: %+v %v", got, err)
	}
	want := TransportConfig{Seats: 8, WheelchairSeats: 3, AccessibleOnly: false, EscortTakesSeat: false, MinutesPerPickup: 7, ArriveBefore: 20}
	if err := s.SaveTransportSettings(recCtx, want); err != nil {
		t.Fatal(err)
	}
	if got, err := s.TransportSettings(recCtx); err != nil || got != want {
		t.Fatalf("read back %+v %v, want %+v", got, err, want)
	}
	if v, _ := s.Setting(recCtx, SettingTransportAccessibleOnly); v != "no" {
		t.Errorf("%s = %q", SettingTransportAccessibleOnly, v)
	}
	// A configuration with no capacity is refused and nothing is written.
	for _, bad := range []TransportConfig{
		{Seats: 0, WheelchairSeats: 1, MinutesPerPickup: 10},
		{Seats: 4, WheelchairSeats: 5, MinutesPerPickup: 10},
		{Seats: 40, WheelchairSeats: 2, MinutesPerPickup: 10},
		{Seats: 4, WheelchairSeats: 2, MinutesPerPickup: 10, ArriveBefore: -5},
	} {
		var fe *FieldError
		if err := s.SaveTransportSettings(recCtx, bad); !errors.As(err, &fe) {
			t.Errorf("%+v: got %v, want a field error", bad, err)
		}
		if got, _ := s.TransportSettings(recCtx); got != want {
			t.Errorf("after refusing %+v the settings are %+v", bad, got)
		}
	}
	if err := s.SetSetting(recCtx, SettingTransportPickupMinutes, "ten"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.TransportSettings(recCtx); err == nil || !strings.Contains(err.Error(), SettingTransportPickupMinutes) {
		t.Errorf("a stored value that is not a number: %v", err)
	}
}

func TestBookings(t *testing.T) {
	fx := newTrFixture(t)
	s, mid := fx.s, fx.meeting.ID
	annie, bob := fx.id("Annie Quennell-Fotheringay"), fx.id("Robert Pemberton")

	// Booked needs a firm; nothing is written without one.
	var fe *FieldError
	if err := s.SetBookingStatus(recCtx, mid, annie, LegThere, BookingBooked, "", ""); !errors.As(err, &fe) || fe.Field != "Firm" {
		t.Fatalf("booked with no firm: %v", err)
	}
	if n := recRows(t, s, "transport_bookings"); n != 0 {
		t.Fatalf("%d bookings written by a refused change", n)
	}
	if err := s.SetBookingStatus(recCtx, mid, annie, LegThere, BookingBooked, " City Cars\x1b[2J ", "REF-1"); err != nil {
		t.Fatal(err)
	}
	bs, err := s.Bookings(recCtx, mid)
	if err != nil || len(bs) != 1 {
		t.Fatalf("bookings %v %v", bs, err)
	}
	b := bs[0]
	if b.Status != BookingBooked || b.Firm != "City Cars[2J" || b.Reference != "REF-1" || b.Travelled != TravelledUnknown || b.Version != 1 {
		t.Errorf("booking %+v", b)
	}
	// The run and the time the firm was told are kept with the booking.
	if b.Run != 1 || LocalClock(b.Pickup) != "12:25" {
		t.Errorf("run %d pickup %v", b.Run, b.Pickup)
	}
	// Confirmed keeps the firm and reference when none are given.
	if err := s.SetBookingStatus(recCtx, mid, annie, LegThere, BookingConfirmed, "", ""); err != nil {
		t.Fatal(err)
	}
	bs, _ = s.Bookings(recCtx, mid)
	if bs[0].Status != BookingConfirmed || bs[0].Firm != "City Cars[2J" || bs[0].Reference != "REF-1" || bs[0].Version != 2 {
		t.Errorf("confirmed %+v", bs[0])
	}
	// The taxi home, booked on the day.
	if err := s.SetBookingStatus(recCtx, mid, bob, LegHome, BookingBooked, "Streamline", ""); err != nil {
		t.Fatal(err)
	}
	rs, err := s.RunSheet(recCtx, mid)
	if err != nil {
		t.Fatal(err)
	}
	home, ok := rs.Booking(bob, LegHome)
	if !ok || home.Status != BookingBooked || !home.Pickup.Equal(fx.meeting.End) {
		t.Errorf("Bob's taxi home %+v %v", home, ok)
	}

	// Optimistic concurrency: an edit of a booking that changed meanwhile
	// is refused.
	stale := bs[0]
	fresh := bs[0]
	fresh.Notes = "ring the bell twice"
	if err := s.SaveBooking(recCtx, &fresh); err != nil {
		t.Fatal(err)
	}
	stale.Reference = "REF-2"
	before := stale
	if err := s.SaveBooking(recCtx, &stale); !errors.Is(err, ErrConflict) {
		t.Errorf("stale save: %v", err)
	}
	if !reflect.DeepEqual(stale, before) {
		t.Errorf("a refused save changed the caller's booking: %+v", stale)
	}
	// A duplicate journey is refused with a message.
	dup := Booking{MeetingID: mid, PersonID: annie, Leg: LegThere}
	if err := s.SaveBooking(recCtx, &dup); !errors.As(err, &fe) || !strings.Contains(fe.Message, "already a booking") {
		t.Errorf("duplicate: %v", err)
	}
	// Identity does not change.
	moved := fresh
	moved.Leg = LegHome
	if err := s.SaveBooking(recCtx, &moved); err == nil {
		t.Error("a booking moved to another leg")
	}
	for _, bad := range []Booking{
		{MeetingID: mid, PersonID: annie, Leg: "sideways"},
		{MeetingID: mid, PersonID: annie, Leg: LegHome, Status: "maybe"},
		{MeetingID: mid, PersonID: "nobody", Leg: LegHome},
		{MeetingID: "nothing", PersonID: annie, Leg: LegHome},
	} {
		if err := s.SaveBooking(recCtx, &bad); err == nil {
			t.Errorf("saved %+v", bad)
		}
	}

	// Travelled: not before the day; not on a journey never booked.
	if err := s.SetTravelled(recCtx, mid, annie, LegThere, TravelledYes); !errors.As(err, &fe) || !strings.Contains(fe.Message, "has not happened yet") {
		t.Errorf("travelled before the meeting: %v", err)
	}
	fx.now = time.Date(2026, 3, 24, 16, 0, 0, 0, time.UTC)
	if err := s.SetTravelled(recCtx, mid, annie, LegThere, TravelledYes); err != nil {
		t.Fatal(err)
	}
	if err := s.SetTravelled(recCtx, mid, fx.id("Cerys Wynne"), LegThere, TravelledYes); err == nil || !strings.Contains(err.Error(), "no booking") {
		t.Errorf("travelled with no booking: %v", err)
	}
	if err := s.SetBookingStatus(recCtx, mid, fx.id("Cerys Wynne"), LegThere, BookingToBook, "", ""); err != nil {
		t.Fatal(err)
	}
	if err := s.SetTravelled(recCtx, mid, fx.id("Cerys Wynne"), LegThere, TravelledYes); !errors.As(err, &fe) || !strings.Contains(fe.Message, "never booked") {
		t.Errorf("travelled on a journey to book: %v", err)
	}
	if err := s.SetTravelled(recCtx, mid, fx.id("Cerys Wynne"), LegThere, TravelledNo); err != nil {
		t.Errorf("did not travel: %v", err)
	}
	if err := s.SetBookingStatus(recCtx, mid, bob, LegHome, BookingCancelled, "", ""); err != nil {
		t.Fatal(err)
	}
	if err := s.SetTravelled(recCtx, mid, bob, LegHome, TravelledYes); !errors.As(err, &fe) || !strings.Contains(fe.Message, "cancelled") {
		t.Errorf("travelled on a cancelled journey: %v", err)
	}
	bs, _ = s.Bookings(recCtx, mid)
	got := map[string]string{}
	for _, b := range bs {
		got[b.PersonID+"/"+string(b.Leg)] = string(b.Status) + "," + string(b.Travelled)
	}
	want := map[string]string{annie + "/there": "confirmed,yes", bob + "/home": "cancelled,unknown", fx.id("Cerys Wynne") + "/there": "to_book,no"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("bookings\n%v\nwant\n%v", got, want)
	}
}

func TestBookingOnCancelledMeeting(t *testing.T) {
	fx := newTrFixture(t)
	s, mid := fx.s, fx.meeting.ID
	annie, bob := fx.id("Annie Quennell-Fotheringay"), fx.id("Robert Pemberton")
	if err := s.SetBookingStatus(recCtx, mid, annie, LegThere, BookingBooked, "City Cars", "A1"); err != nil {
		t.Fatal(err)
	}
	m, _ := s.Meeting(recCtx, mid)
	m.Status = MeetingCancelled
	if err := s.SaveMeeting(recCtx, &m); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		person string
		status BookingStatus
	}{{bob, BookingBooked}, {bob, BookingToBook}, {bob, BookingCancelled}, {annie, BookingConfirmed}} {
		err := s.SetBookingStatus(recCtx, mid, tc.person, LegThere, tc.status, "City Cars", "")
		if err == nil || !strings.Contains(err.Error(), "was cancelled: no transport can be booked") {
			t.Errorf("%s on a cancelled meeting: %v", tc.status, err)
		}
	}
	if _, err := s.RebuildPlan(recCtx, mid); err == nil || !strings.Contains(err.Error(), "cancelled") {
		t.Errorf("plan for a cancelled meeting: %v", err)
	}
	// The taxi already booked can (and should) be cancelled.
	if err := s.SetBookingStatus(recCtx, mid, annie, LegThere, BookingCancelled, "", ""); err != nil {
		t.Errorf("cancelling a booking of a cancelled meeting: %v", err)
	}
	if n := recRows(t, s, "transport_bookings"); n != 1 {
		t.Errorf("%d bookings", n)
	}
}

func TestRebuildPlan(t *testing.T) {
	fx := newTrFixture(t)
	s, mid := fx.s, fx.meeting.ID
	res, err := s.RebuildPlan(recCtx, mid)
	if err != nil {
		t.Fatal(err)
	}
	if res != (PlanResult{Created: 8}) { // 4 riders × there and home
		t.Errorf("first plan %+v", res)
	}
	rs, _ := s.RunSheet(recCtx, mid)
	for _, run := range rs.Runs {
		for _, st := range run.Stops {
			b, ok := rs.Booking(st.PersonID, LegThere)
			h, ok2 := rs.Booking(st.PersonID, LegHome)
			if !ok || !ok2 || b.Run != run.Number || !b.Pickup.Equal(st.Pickup) || !h.Pickup.Equal(fx.meeting.End) || b.Status != BookingToBook {
				t.Errorf("%s: there %+v home %+v", st.FirstName, b, h)
			}
		}
	}
	if res, _ := s.RebuildPlan(recCtx, mid); res != (PlanResult{}) {
		t.Errorf("a second plan changed %+v", res)
	}
	// Annie's taxi is booked; then Annie and Dev send apologies and the
	// arrival time changes.
	annie, dev := fx.id("Annie Quennell-Fotheringay"), fx.id("Dev Anand Shah")
	if err := s.SetBookingStatus(recCtx, mid, annie, LegThere, BookingBooked, "City Cars", ""); err != nil {
		t.Fatal(err)
	}
	fx.attend(t, "Annie Quennell-Fotheringay", Apologies)
	fx.attend(t, "Dev Anand Shah", Apologies)
	if err := s.SetSetting(recCtx, SettingTransportArriveBefore, "30"); err != nil {
		t.Fatal(err)
	}
	res, err = s.RebuildPlan(recCtx, mid)
	if err != nil {
		t.Fatal(err)
	}
	// Cerys (M14 5TZ) now comes before Bob (M14 6AB): run 1 is hers, so
	// all four of their journeys change run, and those there their time
	// (4); Annie's booked journey is kept (1); her journey home and both of
	// Dev's go (3).
	if res != (PlanResult{Updated: 4, Removed: 3, Kept: 1}) {
		t.Errorf("replan %+v", res)
	}
	rs, _ = s.RunSheet(recCtx, mid)
	if len(rs.Others) != 1 || rs.Others[0].PersonID != annie || rs.Others[0].Reason != "sent apologies" || !rs.Others[0].NeedsCancelling() {
		t.Errorf("others %+v", rs.Others)
	}
	if b, _ := rs.Booking(fx.id("Robert Pemberton"), LegThere); LocalClock(b.Pickup) != "12:20" {
		t.Errorf("Bob's new pickup %s", LocalClock(b.Pickup))
	}
	if _, ok := rs.Booking(dev, LegThere); ok {
		t.Error("Dev's journey to book was kept")
	}
}

func TestMeetingByPrefix(t *testing.T) {
	fx := newTrFixture(t)
	s := fx.s
	other := recMeeting(t, s, fx.forum.ID, recLondon(2026, 4, 21, 13, 0))
	id := fx.meeting.ID
	for _, p := range []string{id, strings.ToUpper(id), " " + id[:20] + " "} {
		if m, err := s.MeetingByPrefix(recCtx, p); err != nil || m.ID != id {
			t.Errorf("%q: %v %v", p, m.ID, err)
		}
	}
	common := 0
	for common < len(id) && id[common] == other.ID[common] {
		common++
	}
	if common == 0 {
		t.Skip("the two ids share no prefix")
	}
	if _, err := s.MeetingByPrefix(recCtx, id[:common]); err == nil || !strings.Contains(err.Error(), "more than one meeting") {
		t.Errorf("ambiguous: %v", err)
	}
	for _, p := range []string{"zz", "", "%", "_"} {
		if _, err := s.MeetingByPrefix(recCtx, p); err == nil {
			t.Errorf("%q found a meeting", p)
		}
	}
}

func TestExportTransportBookings(t *testing.T) {
	fx := newTrFixture(t)
	if err := fx.s.SetBookingStatus(recCtx, fx.meeting.ID, fx.id("Robert Pemberton"), LegHome, BookingBooked, "Streamline", "S-9"); err != nil {
		t.Fatal(err)
	}
	if err := fx.s.SetBookingStatus(recCtx, fx.meeting.ID, fx.id("Owen Price"), LegThere, BookingToBook, "", ""); err != nil {
		t.Fatal(err)
	}
	doc, _ := decodeExport(t, fx.s)
	list := exportList(t, doc, "transport_bookings")
	if len(list) != 2 {
		t.Fatalf("exported %d bookings", len(list))
	}
	byLeg := map[any]map[string]any{}
	for _, b := range list {
		byLeg[b["leg"]] = b
	}
	home := byLeg["home"]
	if home["firm"] != "Streamline" || home["reference"] != "S-9" || home["status"] != "booked" || home["travelled"] != "unknown" ||
		home["meeting_id"] != fx.meeting.ID || home["estimated_pickup_at"] != "2026-03-24T15:00:00Z" {
		t.Errorf("home booking %v", home)
	}
	if _, ok := byLeg["there"]["estimated_pickup_at"]; ok {
		t.Errorf("a journey never planned has a pickup time: %v", byLeg["there"])
	}
}

func BenchmarkPlanRuns200(b *testing.B) {
	riders := trManyRiders(200)
	start := recLondon(2026, 3, 24, 13, 0)
	cfg := DefaultTransportConfig()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := PlanRuns(riders, start, cfg); err != nil {
			b.Fatal(err)
		}
	}
}
