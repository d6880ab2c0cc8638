package calendar

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	ical "github.com/emersion/go-ical"

	"github.com/involve/involve/store"
)

func unfold(s string) string { return strings.ReplaceAll(s, "\r\n ", "") }

// checkFolded checks what Fold promises of its result.
func checkFolded(t *testing.T, in, out string) {
	t.Helper()
	if unfold(out) != in {
		t.Fatalf("unfolding gives back something else:\n in %q\nout %q", in, out)
	}
	for i, line := range strings.Split(out, "\r\n") {
		if len(line) > MaxLine {
			t.Errorf("line %d is %d octets: %q", i, len(line), line)
		}
		if i > 0 && !strings.HasPrefix(line, " ") {
			t.Errorf("continuation line %d does not start with a space: %q", i, line)
		}
		if utf8.ValidString(in) && !utf8.ValidString(line) {
			t.Errorf("line %d splits a UTF-8 sequence: %q", i, line)
		}
		if strings.ContainsAny(line, "\r\n") {
			t.Errorf("line %d holds a stray CR or LF: %q", i, line)
		}
	}
}

func TestFold(t *testing.T) {
	for _, in := range []string{
		"",
		"SUMMARY:Tuesday Forum",
		strings.Repeat("x", 75),
		strings.Repeat("x", 76),
		strings.Repeat("x", 149),
		strings.Repeat("x", 150),
		strings.Repeat("y", 1000),
		"LOCATION:" + strings.Repeat("é", 100),                    // 2 octets each
		"LOCATION:" + strings.Repeat("€", 100),                    // 3
		"LOCATION:" + strings.Repeat("😀", 100),                    // 4
		"LOCATION:a" + strings.Repeat("中文", 60),                   // 3, starting at an odd offset
		"LOCATION:ab" + strings.Repeat("👩‍👩‍👧", 20),               // a sequence joined by ZWJ
		"X:" + strings.Repeat("a😀", 50) + strings.Repeat("é", 40), // mixed
	} {
		out := Fold(in)
		checkFolded(t, in, out)
		if len(in) <= MaxLine && out != in {
			t.Errorf("a short line is folded: %q", out)
		}
	}
	// Each continuation uses its 74 octets to the full when it can.
	got := strings.Split(Fold(strings.Repeat("x", 75+74+10)), "\r\n")
	if len(got) != 3 || len(got[0]) != 75 || len(got[1]) != 75 || len(got[2]) != 11 {
		t.Errorf("ASCII folds at 75 octets: %q", got)
	}
	// A 4-octet character that would straddle octet 75 goes to the next line whole.
	got = strings.Split(Fold(strings.Repeat("x", 73)+"😀tail"), "\r\n")
	if len(got) != 2 || got[0] != strings.Repeat("x", 73) || got[1] != " 😀tail" {
		t.Errorf("fold before a character that does not fit: %q", got)
	}
}

func FuzzFold(f *testing.F) {
	f.Add("SUMMARY:" + strings.Repeat("é😀x", 40))
	f.Add(strings.Repeat("\xff", 200))
	f.Fuzz(func(t *testing.T, in string) {
		if strings.ContainsAny(in, "\r\n") {
			return // Fold takes one line
		}
		checkFolded(t, in, Fold(in))
	})
}

var (
	created = time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	edited  = time.Date(2026, 2, 1, 16, 30, 0, 0, time.UTC)
)

// sample is a winter meeting (GMT), a summer one (BST), a cancelled one,
// and one whose venue is long, in several scripts, with the characters
// iCalendar escapes.
func sample() []store.CalendarMeeting {
	london := func(y int, m time.Month, d, h int) time.Time { return time.Date(y, m, d, h, 0, 0, 0, store.London) }
	return []store.CalendarMeeting{
		{ID: "01900000-0000-7000-8000-000000000001", Forum: "Tuesday Forum", Venue: "The Hub, 1 High Street; Room 2",
			Start: london(2026, 1, 13, 13), End: london(2026, 1, 13, 15), Status: store.MeetingHeld, Version: 3, CreatedAt: created, UpdatedAt: edited},
		{ID: "01900000-0000-7000-8000-000000000002", Forum: "Tuesday Forum", Venue: "The Hub",
			Start: london(2026, 7, 14, 13), End: london(2026, 7, 14, 15), Status: store.MeetingPlanned, Version: 1, CreatedAt: created, UpdatedAt: created},
		{ID: "01900000-0000-7000-8000-000000000003", Forum: "Carers' Voice", Venue: "Library",
			Start: london(2026, 3, 29, 10), End: london(2026, 3, 29, 12), Status: store.MeetingCancelled, Version: 2, CreatedAt: created, UpdatedAt: edited},
		{ID: "01900000-0000-7000-8000-000000000004", Forum: "Forum Café — Zoë's group",
			Venue: "Centre communautaire de l'Étoile, 中文 room, Ystafell Gymraeg ŵ ŷ, 😀 floor 2, back door by the car park",
			Start: london(2026, 10, 25, 10), End: london(2026, 10, 25, 12), Status: store.MeetingPlanned, Version: 1, CreatedAt: created, UpdatedAt: created},
	}
}

func write(t *testing.T, name string, ms []store.CalendarMeeting) string {
	t.Helper()
	var b bytes.Buffer
	if err := Write(&b, name, ms); err != nil {
		t.Fatalf("Write: %v", err)
	}
	return b.String()
}

func TestWriteLines(t *testing.T) {
	out := write(t, "Tuesday Forum", sample())
	if !strings.HasSuffix(out, "END:VCALENDAR\r\n") || !strings.HasPrefix(out, "BEGIN:VCALENDAR\r\n") {
		t.Fatalf("not one calendar:\n%s", out)
	}
	if strings.Count(out, "\n") != strings.Count(out, "\r\n") || strings.Count(out, "\r") != strings.Count(out, "\r\n") {
		t.Error("a line ends with a bare LF or CR")
	}
	folded := false
	for i, line := range strings.Split(strings.TrimSuffix(out, "\r\n"), "\r\n") {
		if len(line) > MaxLine {
			t.Errorf("line %d is %d octets: %q", i+1, len(line), line)
		}
		if !utf8.ValidString(line) {
			t.Errorf("line %d is not UTF-8 (a character split in folding?): %q", i+1, line)
		}
		folded = folded || strings.HasPrefix(line, " ")
	}
	if !folded {
		t.Error("the long venue should have been folded")
	}
	text := unfold(out)
	for _, want := range []string{
		"PRODID:" + ProductID, "VERSION:2.0",
		"BEGIN:VTIMEZONE\r\nTZID:Europe/London\r\n",
		"BEGIN:DAYLIGHT", "TZOFFSETTO:+0100", "BEGIN:STANDARD", "TZOFFSETTO:+0000",
		"UID:01900000-0000-7000-8000-000000000001@involve",
		"DTSTART;TZID=Europe/London:20260113T130000",
		"DTEND;TZID=Europe/London:20260113T150000",
		"DTSTART;TZID=Europe/London:20260714T130000", // 13:00 in summer too
		"DTSTAMP:20260201T163000Z",
		"SEQUENCE:2", "SEQUENCE:0", "SEQUENCE:1",
		"STATUS:CANCELLED", "STATUS:CONFIRMED",
		`LOCATION:The Hub\, 1 High Street\; Room 2`,
		"SUMMARY:Carers' Voice",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("missing %q in\n%s", want, text)
		}
	}
	// Every event has a UID, a DTSTAMP and a SEQUENCE, and every TZID it
	// names has its VTIMEZONE.
	events := strings.Split(text, "BEGIN:VEVENT\r\n")[1:]
	if len(events) != 4 {
		t.Fatalf("want 4 events, got %d", len(events))
	}
	for i, e := range events {
		for _, p := range []string{"\r\nUID:", "\r\nDTSTAMP:", "\r\nSEQUENCE:", "\r\nDTSTART;TZID=Europe/London:", "\r\nDTEND;TZID=Europe/London:"} {
			if !strings.Contains("\r\n"+e, p) {
				t.Errorf("event %d has no %s", i+1, strings.TrimSpace(p))
			}
		}
	}
	for _, tz := range tzids(text) {
		if !strings.Contains(text, "BEGIN:VTIMEZONE\r\nTZID:"+tz+"\r\n") {
			t.Errorf("TZID=%s has no VTIMEZONE", tz)
		}
	}
}

func tzids(text string) []string {
	var out []string
	for _, part := range strings.Split(text, "TZID=")[1:] {
		out = append(out, part[:strings.IndexAny(part, ":;")])
	}
	return out
}

func TestWriteParsesBack(t *testing.T) {
	ms := sample()
	out := write(t, "Every forum", ms)
	cal, err := ical.NewDecoder(strings.NewReader(out)).Decode()
	if err != nil {
		t.Fatalf("decode: %v", err)
	}
	if name, _ := cal.Props.Text("X-WR-CALNAME"); name != "Every forum" {
		t.Errorf("calendar name %q", name)
	}
	events := cal.Events()
	if len(events) != len(ms) {
		t.Fatalf("%d events, want %d", len(events), len(ms))
	}
	for i, e := range events {
		m := ms[i]
		if uid, _ := e.Props.Text(ical.PropUID); uid != m.ID+UIDSuffix {
			t.Errorf("event %d: UID %q", i, uid)
		}
		start, err := e.DateTimeStart(nil)
		if err != nil || !start.Equal(m.Start) || start.Location().String() != TZID {
			t.Errorf("event %d: start %v (%v), want %v", i, start, err, m.Start)
		}
		end, err := e.DateTimeEnd(nil)
		if err != nil || !end.Equal(m.End) {
			t.Errorf("event %d: end %v (%v), want %v", i, end, err, m.End)
		}
		if stamp, err := e.Props.DateTime(ical.PropDateTimeStamp, nil); err != nil || !stamp.Equal(m.UpdatedAt) {
			t.Errorf("event %d: DTSTAMP %v (%v)", i, stamp, err)
		}
		if loc, _ := e.Props.Text(ical.PropLocation); loc != m.Venue {
			t.Errorf("event %d: LOCATION %q, want %q", i, loc, m.Venue)
		}
		if sum, _ := e.Props.Text(ical.PropSummary); sum != m.Forum {
			t.Errorf("event %d: SUMMARY %q, want %q", i, sum, m.Forum)
		}
		if seq := e.Props.Get(ical.PropSequence); seq == nil || seq.Value != itoa64(m.Version-1) {
			t.Errorf("event %d: SEQUENCE %v", i, seq)
		}
	}
}

func itoa64(n int64) string { return strconv.FormatInt(n, 10) }

// TestWriteNamesNobody builds the calendar from a database where the
// meeting's agenda, minutes and register name people: none of it is in
// the file.
func TestWriteNamesNobody(t *testing.T) {
	ctx := context.Background()
	s, err := store.Open(filepath.Join(t.TempDir(), "x.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s.SetClock(func() time.Time { return created })
	f := store.Forum{Name: "Tuesday Forum", Venue: "The Hub"}
	if err := s.SaveForum(ctx, &f); err != nil {
		t.Fatal(err)
	}
	p := store.Person{Name: "Philippa Quartermaine", PreferredName: "Pip", Phone: "07700 900123"}
	if err := s.SavePerson(ctx, &p, []string{f.ID}); err != nil {
		t.Fatal(err)
	}
	m := store.Meeting{ForumID: f.ID, Start: created.Add(48 * time.Hour), End: created.Add(50 * time.Hour),
		Agenda: "Pip Quartermaine to report", Minutes: "Philippa said"}
	if err := s.SaveMeeting(ctx, &m); err != nil {
		t.Fatal(err)
	}
	if err := s.SetAttendance(ctx, m.ID, p.ID, store.Attended); err != nil {
		t.Fatal(err)
	}
	name, ms, err := s.CalendarMeetings(ctx, "tuesday forum")
	if err != nil {
		t.Fatal(err)
	}
	out := write(t, name, ms)
	for _, secret := range []string{"Pip", "Philippa", "Quartermaine", "07700", p.ID, "report", "said"} {
		if strings.Contains(out, secret) {
			t.Errorf("the calendar holds %q:\n%s", secret, out)
		}
	}
	if !strings.Contains(out, "SUMMARY:Tuesday Forum") || !strings.Contains(out, "LOCATION:The Hub") {
		t.Errorf("the forum and venue should be there:\n%s", out)
	}
}

func TestFilename(t *testing.T) {
	ms := sample()
	for i, want := range []string{"tuesday-forum-2026-01-13.ics", "tuesday-forum-2026-07-14.ics", "carers-voice-2026-03-29.ics", "forum-caf-zo-s-group-2026-10-25.ics"} {
		if got := Filename(ms[i]); got != want {
			t.Errorf("Filename %d = %q, want %q", i, got, want)
		}
	}
	if got := Filename(store.CalendarMeeting{Forum: "中文", Start: ms[0].Start}); got != "meeting-2026-01-13.ics" {
		t.Errorf("a name with no letters a–z: %q", got)
	}
}

// TestPythonICalendar reads the calendar with Python's icalendar (the
// Debian package python3-icalendar, which .ci/run installs), a parser
// that refuses what RFC 5545 does not allow. Skipped where it is missing.
func TestPythonICalendar(t *testing.T) {
	// The Debian package goes with the system's python3, which another
	// python3 first on PATH (pyenv, a virtualenv) may not see.
	py := ""
	for _, candidate := range []string{"python3", "/usr/bin/python3"} {
		if path, err := exec.LookPath(candidate); err == nil && exec.Command(path, "-c", "import icalendar").Run() == nil {
			py = path
			break
		}
	}
	if py == "" {
		t.Skip("python3 with icalendar is not installed (apt-get install python3-icalendar)")
	}
	path := filepath.Join(t.TempDir(), "forums.ics")
	if err := os.WriteFile(path, []byte(write(t, "Every forum", sample())), 0o600); err != nil {
		t.Fatal(err)
	}
	const script = `
import sys, datetime, icalendar
data = open(sys.argv[1], 'rb').read()
cal = icalendar.Calendar.from_ical(data)
events = [c for c in cal.walk() if c.name == 'VEVENT']
tzs = [c for c in cal.walk() if c.name == 'VTIMEZONE']
assert len(events) == 4, len(events)
assert len(tzs) == 1 and str(tzs[0]['TZID']) == 'Europe/London'
for e in events:
    for p in ('UID', 'DTSTAMP', 'SEQUENCE', 'DTSTART', 'DTEND', 'SUMMARY', 'STATUS'):
        assert p in e, p
    assert e['DTSTART'].params['TZID'] == 'Europe/London'
    assert e['DTSTART'].dt.utcoffset() in (datetime.timedelta(0), datetime.timedelta(hours=1))
    print(e['UID'], e['DTSTART'].dt.isoformat(), e['STATUS'], e['SEQUENCE'], e.get('LOCATION', ''))
`
	out, err := exec.Command(py, "-c", script, path).CombinedOutput()
	if err != nil {
		t.Fatalf("python icalendar refused the calendar: %v\n%s", err, out)
	}
	text := string(out)
	for _, want := range []string{
		"01900000-0000-7000-8000-000000000001@involve 2026-01-13T13:00:00+00:00 CONFIRMED 2 The Hub, 1 High Street; Room 2",
		"01900000-0000-7000-8000-000000000002@involve 2026-07-14T13:00:00+01:00 CONFIRMED 0",
		"01900000-0000-7000-8000-000000000003@involve 2026-03-29T10:00:00+01:00 CANCELLED 1",
		"Centre communautaire de l'Étoile, 中文 room, Ystafell Gymraeg ŵ ŷ, 😀 floor 2, back door by the car park",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("python read\n%s\nwant a line with %q", text, want)
		}
	}
}
