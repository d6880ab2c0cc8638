package main

import (
	"context"
	"database/sql"
	"encoding/csv"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/involve/involve/store"
)

type trCLIFixture struct {
	db      string
	meeting store.Meeting
	other   store.Meeting
}

// newTrCLIFixture makes a database with a forum whose name, roles, notes
// and support needs must never reach a run sheet: two taxi riders with
// unusual surnames (one with "methadone" in their notes), one given a fare,
// and one whose name a spreadsheet would take for a formula.
func newTrCLIFixture(t *testing.T) trCLIFixture {
	t.Helper()
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "involve.db")
	s, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s.SetClock(func() time.Time { return time.Date(2026, 3, 14, 10, 0, 0, 0, time.UTC) })
	f := store.Forum{Name: "Opiate Recovery Forum", Venue: "Friends Meeting House, 6 Mount Street"}
	if err := s.SaveForum(ctx, &f); err != nil {
		t.Fatal(err)
	}
	raw, err := sql.Open("sqlite", store.DSN(db))
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	for _, p := range []struct {
		person                                store.Person
		transport, address, postcode, support string
		wheelchair, escort                    bool
	}{
		{store.Person{Name: "Annie Quennell-Fotheringay", Role: store.RoleServiceUser, Notes: "On a methadone script; key worker at the clinic."},
			"taxi", "12 Oak Road", "m14 5tq", "anxious in crowds", false, false},
		{store.Person{Name: "Robert Zbigniewski-Pemberton", PreferredName: "Bob Z", Role: store.RoleCarer, Notes: "Cares for his son (heroin)."},
			"taxi", "3 Elm Street|Flat 2", "M14 6AB", "hepatitis clinic Tuesdays", true, true},
		{store.Person{Name: "=HYPERLINK(\"http://x\") Smith", Role: store.RoleBoth}, "community", "@home 1 Rose Row", "M20 2QQ", "", false, false},
		{store.Person{Name: "Fiona Farebrother", Role: store.RoleServiceUser}, "fare", "", "", "", false, false},
	} {
		person := p.person
		if err := s.SavePerson(ctx, &person, []string{f.ID}); err != nil {
			t.Fatal(err)
		}
		now := time.Now().UTC().Format(time.RFC3339)
		if _, err := raw.ExecContext(ctx, `INSERT INTO access_needs (id, person_id, availability_reason, transport,
			wheelchair, escort, pickup_address, pickup_postcode, dietary, support_other, created_at, updated_at)
			VALUES (?, ?, 'methadone pick-up mornings', ?, ?, ?, ?, ?, 'halal', ?, ?, ?)`,
			person.ID+"-needs", person.ID, p.transport, p.wheelchair, p.escort, p.address, p.postcode, p.support, now, now); err != nil {
			t.Fatal(err)
		}
	}
	start := time.Date(2026, 3, 24, 13, 0, 0, 0, store.London)
	fx := trCLIFixture{db: db}
	fx.meeting = store.Meeting{ForumID: f.ID, Start: start, End: start.Add(2 * time.Hour), Venue: f.Venue}
	if err := s.SaveMeeting(ctx, &fx.meeting); err != nil {
		t.Fatal(err)
	}
	fx.other = store.Meeting{ForumID: f.ID, Start: start.AddDate(0, 1, 0), End: start.AddDate(0, 1, 0).Add(2 * time.Hour), Venue: f.Venue}
	if err := s.SaveMeeting(ctx, &fx.other); err != nil {
		t.Fatal(err)
	}
	return fx
}

// trForbidden are words that must never reach a taxi firm: surnames, roles,
// the forum, health, attendance, support needs, and the person on a fare.
var trForbidden = []string{"quennell", "fotheringay", "zbigniewski", "pemberton", "smith", "farebrother", "fiona",
	"methadone", "heroin", "hepatitis", "clinic", "anxious", "halal", "script",
	"opiate", "recovery", "forum", "service user", "service_user", "carer", "cares",
	"invited", "confirmed", "attend", "apologies"}

// trWant fails the test for each of wants the sheet out lacks.
func trWant(t *testing.T, what, out string, wants ...string) {
	t.Helper()
	for _, want := range wants {
		if !strings.Contains(out, want) {
			t.Errorf("the %s lacks %q:\n%s", what, want, out)
		}
	}
}

func trCheckClean(t *testing.T, what, out string) {
	t.Helper()
	low := strings.ToLower(out)
	for _, w := range trForbidden {
		if strings.Contains(low, w) {
			t.Errorf("the %s run sheet contains %q:\n%s", what, w, out)
		}
	}
}

func TestTransportSheetMarkdown(t *testing.T) {
	fx := newTrCLIFixture(t)
	out, stderr, err := cli(t, "--db", fx.db, "transport", "sheet", fx.meeting.ID[:30])
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	trCheckClean(t, "markdown", out)
	trWant(t, "sheet", out,
		"# Run sheet: to Friends Meeting House, 6 Mount Street, arriving by 12:45 on Tuesday 24 March 2026\n",
		"**estimates**", "collect from Friends Meeting House, 6 Mount Street at 15:00",
		"## Run 1: Taxi, M14, 1 of 4 seats",
		"| 1 | Annie | 12 Oak Road | M14 5TQ | 12:35 | no | no |",
		"## Run 2: Taxi (wheelchair accessible), M14, 3 of 4 seats",
		`| 1 | Bob | 3 Elm Street\|Flat 2 | M14 6AB | 12:35 | yes | yes |`,
		"## Run 3: Community transport, M20, 1 of 4 seats",
		"| 1 | =HYPERLINK(\"http://x\") | @home 1 Rose Row | M20 2QQ | 12:35 | no | no |",
	)
	if !strings.Contains(stderr, "note: 1 person gets a bus or train fare instead") {
		t.Errorf("stderr %q", stderr)
	}
	if strings.Contains(strings.ToLower(stderr), "farebrother") {
		t.Errorf("stderr names the fare: %q", stderr)
	}
}

func TestTransportSheetCSV(t *testing.T) {
	fx := newTrCLIFixture(t)
	out, stderr, err := cli(t, "--db", fx.db, "transport", "sheet", strings.ToUpper(fx.meeting.ID), "--format", "csv")
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	trCheckClean(t, "CSV", out)
	if !strings.Contains(out, "\r\n") {
		t.Error("RFC 4180 CSV ends its lines with CRLF")
	}
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatalf("the CSV does not parse: %v\n%s", err, out)
	}
	if !reflect.DeepEqual(recs[0], sheetCSVHeader) {
		t.Errorf("header %q", recs[0])
	}
	want := [][]string{
		{"1", "Taxi", "1", "Annie", "12 Oak Road", "M14 5TQ", "2026-03-24", "12:35", "no", "no", "Friends Meeting House, 6 Mount Street", "12:45", "15:00"},
		{"2", "Taxi (wheelchair accessible)", "1", "Bob", "3 Elm Street|Flat 2", "M14 6AB", "2026-03-24", "12:35", "yes", "yes", "Friends Meeting House, 6 Mount Street", "12:45", "15:00"},
		{"3", "Community transport", "1", "'=HYPERLINK(\"http://x\")", "'@home 1 Rose Row", "M20 2QQ", "2026-03-24", "12:35", "no", "no", "Friends Meeting House, 6 Mount Street", "12:45", "15:00"},
	}
	if !reflect.DeepEqual(recs[1:], want) {
		t.Errorf("rows\n%q\nwant\n%q", recs[1:], want)
	}
	for _, r := range recs {
		for _, c := range r {
			if c != "" && strings.ContainsRune("=+-@", rune(c[0])) {
				t.Errorf("a cell a spreadsheet would run as a formula: %q", c)
			}
		}
	}

	// -o writes a private file.
	file := filepath.Join(t.TempDir(), "sheet.csv")
	if _, stderr, err := cli(t, "--db", fx.db, "transport", "sheet", fx.meeting.ID, "--format", "csv", "-o", file); err != nil {
		t.Fatalf("%v %s", err, stderr)
	}
	fi, err := os.Stat(file)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("%v %v", fi, err)
	}
	if got, _ := os.ReadFile(file); string(got) != out {
		t.Error("the file differs from standard output")
	}
}

func TestTransportSheetErrors(t *testing.T) {
	fx := newTrCLIFixture(t)
	common := 0
	for common < len(fx.meeting.ID) && fx.meeting.ID[common] == fx.other.ID[common] {
		common++
	}
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"transport", "sheet", "ffff-not-an-id"}, `no meeting has an id starting "ffff-not-an-id"`},
		{[]string{"transport", "sheet", fx.meeting.ID[:common]}, "is the start of more than one meeting's id"},
		{[]string{"transport", "sheet", ""}, "give the meeting's id"},
		{[]string{"transport", "sheet", fx.meeting.ID, "--format", "pdf"}, "--format must be md, csv or json"},
		{[]string{"transport", "sheet"}, "wrong number of arguments (got 0); usage: involve transport sheet MEETING"},
		{[]string{"transport", "settings", "--seats", "0"}, "at least one passenger seat"},
		{[]string{"transport", "settings", "--seats", "3", "--wheelchair-seats", "4"}, "would need 4 seats but a vehicle has only 3"},
		{[]string{"transport", "settings", "--escort-seat", "perhaps"}, "--escort-seat must be yes or no"},
	}
	for _, tc := range cases {
		out, _, err := cli(t, append([]string{"--db", fx.db}, tc.args...)...)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: got %v, want an error saying %q", tc.args, err, tc.want)
		}
		if out != "" {
			t.Errorf("%q printed %q", tc.args, out)
		}
	}
	// Nothing was written by the refused settings.
	out, _, err := cli(t, "--db", fx.db, "transport", "settings")
	if err != nil || !strings.Contains(out, "seats per vehicle          4\n") || !strings.Contains(out, "escort takes a seat        yes") {
		t.Errorf("settings after refusals: %v\n%s", err, out)
	}
	// A cancelled meeting has no run sheet.
	s, err := store.Open(fx.db)
	if err != nil {
		t.Fatal(err)
	}
	m := fx.meeting
	m.Status = store.MeetingCancelled
	if err := s.SaveMeeting(context.Background(), &m); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if _, _, err := cli(t, "--db", fx.db, "transport", "sheet", fx.meeting.ID); err == nil || !strings.Contains(err.Error(), "was cancelled") {
		t.Errorf("cancelled meeting: %v", err)
	}
}

func TestTransportSettingsCLI(t *testing.T) {
	fx := newTrCLIFixture(t)
	out, _, err := cli(t, "--db", fx.db, "transport", "settings", "--seats", "6", "--accessible-only", "no", "--pickup-minutes", "5")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"seats per vehicle          6", "wheelchair users ride      with anyone", "minutes per pickup         5"} {
		if !strings.Contains(out, want) {
			t.Errorf("settings lack %q:\n%s", want, out)
		}
	}
	// Bob's wheelchair no longer keeps him apart: Annie and Bob share a run.
	out, _, err = cli(t, "--db", fx.db, "transport", "sheet", fx.meeting.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "## Run 1: Taxi, M14, 4 of 6 seats") || !strings.Contains(out, "| 1 | Annie | 12 Oak Road | M14 5TQ | 12:35 | no | no |") ||
		!strings.Contains(out, "| 2 | Bob |") {
		t.Errorf("sheet with the new settings:\n%s", out)
	}
	// The coming meetings are listed with their ids (the fixture's are past).
	s, err := store.Open(fx.db)
	if err != nil {
		t.Fatal(err)
	}
	next := fx.meeting
	next.ID, next.Version = "", 0
	next.Start = time.Now().Add(7 * 24 * time.Hour).Truncate(time.Hour)
	next.End = next.Start.Add(2 * time.Hour)
	if err := s.SaveMeeting(context.Background(), &next); err != nil {
		t.Fatal(err)
	}
	s.Close()
	out, _, err = cli(t, "--db", fx.db, "transport", "meetings")
	if err != nil {
		t.Fatal(err)
	}
	if want := next.ID + "  " + store.LocalDate(next.Start) + " " + store.LocalClock(next.Start) + "  Opiate Recovery Forum\n"; out != want {
		t.Errorf("meetings:\n%s\nwant\n%s", out, want)
	}
}

// trBookCLI books journeys in the fixture's database: name (as stored),
// leg, firm and reference.
func trBookCLI(t *testing.T, fx trCLIFixture, bookings ...[4]string) {
	t.Helper()
	ctx := context.Background()
	s, err := store.Open(fx.db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	people, err := s.People(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]string{}
	for _, p := range people {
		ids[p.Name] = p.ID
	}
	for _, b := range bookings {
		if ids[b[0]] == "" {
			t.Fatalf("no one called %q", b[0])
		}
		if err := s.SetBookingStatus(ctx, fx.meeting.ID, ids[b[0]], store.Leg(b[1]), store.BookingBooked, b[2], b[3]); err != nil {
			t.Fatal(err)
		}
	}
}

// --firm: a firm gets only its own runs, pickups and journeys (a run split
// between firms shows on each firm's sheet with its own), in markdown and
// CSV; a firm with none is told why, and nothing is printed or written.
func TestTransportSheetForFirm(t *testing.T) {
	fx := newTrCLIFixture(t)
	trBookCLI(t, fx,
		[4]string{"Annie Quennell-Fotheringay", "there", "City Cars", "CC-1"},
		[4]string{"Annie Quennell-Fotheringay", "home", "Amber Cars", ""},
		[4]string{"Robert Zbigniewski-Pemberton", "there", "City Cars", "CC-2"},
		[4]string{"Robert Zbigniewski-Pemberton", "home", "city cars", "CC-2"},
		[4]string{`=HYPERLINK("http://x") Smith`, "there", "Ring and Ride", "@R1"},
	)

	out, stderr, err := cli(t, "--db", fx.db, "transport", "sheet", fx.meeting.ID, "--firm", " CITY  Cars")
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	trCheckClean(t, "City Cars' markdown", out)
	trWant(t, "City Cars' sheet", out,
		"# Run sheet for City Cars: to Friends Meeting House, 6 Mount Street, arriving by 12:45 on Tuesday 24 March 2026\n",
		"Pickup times are **estimates**", "Journeys home: collect from Friends Meeting House, 6 Mount Street at 15:00",
		"## Run 1: Taxi, M14, 1 of 4 seats",
		"| Stop | Name | Pickup address | Postcode | Pickup (estimate) | Wheelchair | Escort | Journeys | Your reference |",
		"| 1 | Annie | 12 Oak Road | M14 5TQ | 12:35 | no | no | there | CC-1 |",
		"## Run 2: Taxi (wheelchair accessible), M14, 3 of 4 seats",
		`| 1 | Bob | 3 Elm Street\|Flat 2 | M14 6AB | 12:35 | yes | yes | there and home | CC-2 |`,
	)
	for _, not := range []string{"Run 3", "HYPERLINK", "Rose Row", "Amber", "Ring and Ride"} {
		if strings.Contains(out, not) {
			t.Errorf("City Cars' sheet has %q:\n%s", not, out)
		}
	}
	if strings.Contains(stderr, "fare") {
		t.Errorf("a firm's sheet notes the fares: %q", stderr)
	}

	// Amber Cars drives Annie home only: no pickup time, no arrival.
	out, _, err = cli(t, "--db", fx.db, "transport", "sheet", fx.meeting.ID, "--firm", "amber cars")
	if err != nil {
		t.Fatal(err)
	}
	trWant(t, "Amber Cars' sheet", out,
		"# Run sheet for Amber Cars: from Friends Meeting House, 6 Mount Street at 15:00 on Tuesday 24 March 2026\n",
		"Journeys home: collect from Friends Meeting House, 6 Mount Street at 15:00, in the reverse order.\n",
		"## Run 1: Taxi, M14, 1 of 4 seats",
		"| 1 | Annie | 12 Oak Road | M14 5TQ | — | no | no | home | — |",
	)
	if strings.Contains(out, "Pickup times") || strings.Contains(out, "Bob") || strings.Contains(out, "arriving") {
		t.Errorf("Amber Cars' sheet:\n%s", out)
	}

	// CSV: the firm's columns, and only the times its journeys need.
	out, _, err = cli(t, "--db", fx.db, "transport", "sheet", fx.meeting.ID, "--firm", "Amber Cars", "--format", "csv")
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatalf("the CSV does not parse: %v\n%s", err, out)
	}
	want := [][]string{
		append(slices.Clone(sheetCSVHeader), "journeys", "your_reference"),
		{"1", "Taxi", "1", "Annie", "12 Oak Road", "M14 5TQ", "2026-03-24", "", "no", "no", "Friends Meeting House, 6 Mount Street", "", "15:00", "home", ""},
	}
	if !reflect.DeepEqual(recs, want) {
		t.Errorf("Amber Cars' CSV\n%q\nwant\n%q", recs, want)
	}
	out, _, err = cli(t, "--db", fx.db, "transport", "sheet", fx.meeting.ID, "--firm", "ring and ride", "--format", "csv")
	if err != nil {
		t.Fatal(err)
	}
	recs, _ = csv.NewReader(strings.NewReader(out)).ReadAll()
	if len(recs) != 2 || !reflect.DeepEqual(recs[1][len(recs[1])-2:], []string{"there", "'@R1"}) || recs[1][3] != `'=HYPERLINK("http://x")` ||
		recs[1][12] != "" || recs[1][11] != "12:45" {
		t.Errorf("Ring and Ride's CSV:\n%q", recs)
	}

	// No runs: said on standard error (by main), nothing on standard
	// output, no file.
	file := filepath.Join(t.TempDir(), "speedy.csv")
	for _, args := range [][]string{{"--firm", "Speedy Cabs"}, {"--firm", "Speedy Cabs", "--format", "csv", "-o", file}} {
		out, _, err := cli(t, append([]string{"--db", fx.db, "transport", "sheet", fx.meeting.ID}, args...)...)
		want := `no journey to the meeting on Tue 24 Mar 2026 is booked with "Speedy Cabs"; the journeys are booked with Amber Cars, City Cars and Ring and Ride`
		if err == nil || err.Error() != want || out != "" {
			t.Errorf("%q: %q, %v\nwant %s", args, out, err, want)
		}
	}
	if _, err := os.Stat(file); !os.IsNotExist(err) {
		t.Errorf("a sheet with no runs was written: %v", err)
	}
	if _, _, err := cli(t, "--db", fx.db, "transport", "sheet", fx.meeting.ID, "--firm", ""); err == nil || !strings.Contains(err.Error(), "give the name of the firm") {
		t.Errorf("--firm with no name: %v", err)
	}
}
