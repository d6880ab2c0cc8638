package store

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// demoTestNow is just before the clocks go forward (29 March 2026), so the
// demo's past meetings straddle the October change and its planned ones
// fall in summer time.
var demoTestNow = time.Date(2026, 3, 20, 10, 30, 0, 0, time.UTC)

func demoTestClock() time.Time { return demoTestNow }

// openDemo writes a demo database and opens it with the same fixed clock.
func openDemo(t testing.TB, people int, seed int64) *Store {
	t.Helper()
	path := filepath.Join(t.TempDir(), "demo.db")
	if err := writeDemo(context.Background(), path, people, seed, demoTestClock); err != nil {
		t.Fatal(err)
	}
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	s.SetClock(demoTestClock)
	t.Cleanup(func() { s.Close() })
	return s
}

func demoCount(t *testing.T, s *Store, query string, args ...any) int {
	t.Helper()
	n, err := count(context.Background(), s.db, query, args...)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

func TestDemoDefault(t *testing.T) {
	ctx := context.Background()
	s := openDemo(t, DemoPeople, 1)

	if n := demoCount(t, s, "SELECT count(*) FROM people"); n != DemoPeople {
		t.Errorf("%d people, want %d", n, DemoPeople)
	}
	if n := demoCount(t, s, "SELECT count(*) FROM forums"); n < 6 || n > 8 {
		t.Errorf("%d forums, want 6 to 8", n)
	}
	forums, err := s.Forums(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range forums {
		if f.Members < 8 || f.Members > 25 {
			t.Errorf("%s has %d members, want 8 to 25", f.Name, f.Members)
		}
		if f.NextMeet.IsZero() || f.LastMet.IsZero() {
			t.Errorf("%s: last met %v, next meets %v; want both", f.Name, f.LastMet, f.NextMeet)
		}
	}
	for _, role := range []Role{RoleServiceUser, RoleCarer, RoleWorker, RoleSeniorOfficer} {
		if demoCount(t, s, "SELECT count(*) FROM people WHERE role = ?", role) == 0 {
			t.Errorf("nobody has role %s", role)
		}
	}
	if n := demoCount(t, s, "SELECT count(*) FROM people WHERE consent = 1 AND consent_date != ''"); n < DemoPeople*3/4 {
		t.Errorf("only %d of %d people consented to contact", n, DemoPeople)
	}
	for _, st := range MeetingStatuses {
		if demoCount(t, s, "SELECT count(*) FROM meetings WHERE status = ?", st) == 0 {
			t.Errorf("no %s meetings", st)
		}
	}
	if n := demoCount(t, s, "SELECT count(*) FROM meetings WHERE status = 'planned' AND ends_at < ?", ts(demoTestNow)); n != 0 {
		t.Errorf("%d planned meetings are in the past", n)
	}
	if n := demoCount(t, s, "SELECT count(*) FROM meetings WHERE status != 'planned' AND starts_at > ?", ts(demoTestNow)); n != 0 {
		t.Errorf("%d future meetings are held or cancelled", n)
	}
	for _, a := range AttendanceStatuses {
		if demoCount(t, s, "SELECT count(*) FROM attendance WHERE status = ?", a) == 0 {
			t.Errorf("nobody is %s", a)
		}
	}
	if n := demoCount(t, s, `SELECT count(*) FROM attendance a JOIN meetings m ON m.id = a.meeting_id
		WHERE m.status = 'planned' AND a.status NOT IN ('invited', 'confirmed')`); n != 0 {
		t.Errorf("%d registers of planned meetings say more than invited or confirmed", n)
	}
	if n := demoCount(t, s, `SELECT count(*) FROM attendance a JOIN meetings m ON m.id = a.meeting_id
		WHERE m.status = 'held' AND a.status NOT IN ('attended', 'apologies', 'did_not_attend')`); n != 0 {
		t.Errorf("%d registers of held meetings are not filled in", n)
	}
	if demoCount(t, s, "SELECT count(*) FROM actions WHERE done = 1") == 0 {
		t.Error("no action is done")
	}
	if demoCount(t, s, "SELECT count(*) FROM actions WHERE done = 0 AND due < ?", LocalDate(demoTestNow)) == 0 {
		t.Error("no action is overdue")
	}
	if n := demoCount(t, s, "SELECT count(*) FROM meetings WHERE minutes LIKE '%## You said, we did%'"); n == 0 {
		t.Error("no meeting has minutes with \"you said, we did\"")
	}
	if n := demoCount(t, s, "SELECT count(*) FROM meetings WHERE status = 'planned' AND agenda LIKE '## Welcome and introductions%' OR agenda LIKE '%\n## Welcome and introductions%'"); n == 0 {
		t.Error("no planned meeting has an agenda")
	}
	for _, tbl := range []string{"people", "forums", "memberships", "meetings", "attendance", "actions"} {
		if n := demoCount(t, s, "SELECT count(*) FROM "+tbl+" WHERE version != 1 OR created_at > updated_at OR updated_at > ? OR length(id) != 36",
			ts(demoTestNow)); n != 0 {
			t.Errorf("%s: %d rows with a bad id, version or timestamps", tbl, n)
		}
	}

	// Meetings start at the forum's London time, summer or winter.
	meetings, err := s.Meetings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	summer, winter := 0, 0
	for _, m := range meetings {
		clock := LocalClock(m.Start)
		if !slices.Contains([]string{"10:00", "10:30", "11:00", "13:00", "13:30", "14:00", "17:00", "18:00", "18:30"}, clock) {
			t.Errorf("meeting at %s London time (%s)", clock, m.Start)
		}
		if m.End.Sub(m.Start) != 2*time.Hour {
			t.Errorf("meeting of %s lasts %v", m.ForumName, m.End.Sub(m.Start))
		}
		if _, off := m.Start.In(London).Zone(); off == 3600 {
			summer++
		} else {
			winter++
		}
	}
	if summer == 0 || winter == 0 {
		t.Errorf("%d summer-time and %d winter-time meetings; want both", summer, winter)
	}

	// Every person passes the same checks as one typed into a form.
	people, err := s.People(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range people {
		p, err := s.Person(ctx, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		if err := p.Validate(); err != nil {
			t.Errorf("%s: %v", p.Name, err)
		}
		if p.Phone != "" && !strings.HasPrefix(p.Phone, "07700 900") {
			t.Errorf("%s: phone %q is not in the drama range", p.Name, p.Phone)
		}
		if p.Email != "" && !strings.HasSuffix(p.Email, "@example.org") {
			t.Errorf("%s: email %q is not @example.org", p.Name, p.Email)
		}
	}

	d, err := s.Dashboard(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Upcoming) == 0 {
		t.Error("the dashboard shows no upcoming meetings")
	}
	if len(d.Due) == 0 {
		t.Error("the dashboard shows no actions due")
	}
	if v, err := s.Setting(ctx, SettingDemo); err != nil || v != "yes" {
		t.Errorf("demo setting = %q, %v; want yes", v, err)
	}
	if fi, err := os.Stat(s.Path()); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("database file mode: %v %v", fi.Mode(), err)
	}
}

func TestDemoSameSeedSameNames(t *testing.T) {
	names := func(seed int64) []string {
		s := openDemo(t, DemoPeople, seed)
		people, err := s.People(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, p := range people {
			out = append(out, p.Name+"|"+p.PreferredName+"|"+string(p.Role))
		}
		forums, err := s.Forums(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range forums {
			out = append(out, f.Name+"|"+f.Pattern)
		}
		return out
	}
	a, b, c := names(42), names(42), names(43)
	if !slices.Equal(a, b) {
		t.Errorf("the same seed gave different people:\n%v\n%v", a, b)
	}
	if slices.Equal(a, c) {
		t.Error("different seeds gave the same people")
	}
}

func TestDemoLarge(t *testing.T) {
	if testing.Short() {
		t.Skip("the 10,000-person demo takes a few seconds")
	}
	start := time.Now()
	s := openDemo(t, 10_000, 1)
	t.Logf("10,000-person demo written in %v", time.Since(start))
	want := map[string]int{"people": 10_000, "forums": 200, "meetings": 5_000}
	for tbl, n := range want {
		if got := demoCount(t, s, "SELECT count(*) FROM "+tbl); got != n {
			t.Errorf("%d %s, want %d", got, tbl, n)
		}
	}
	if n := demoCount(t, s, "SELECT count(*) FROM attendance"); n < 45_000 || n > 55_000 {
		t.Errorf("%d attendance rows, want 45,000 to 55,000", n)
	}
	if n := demoCount(t, s, "SELECT count(*) FROM actions"); n == 0 {
		t.Error("no actions")
	}
	if n := demoCount(t, s, "SELECT count(*) FROM contacts"); n < 200 {
		t.Errorf("%d logged contacts, want 200 or more", n)
	}
	if n := demoCount(t, s, "SELECT count(*) FROM training_sessions"); n < 100 {
		t.Errorf("%d training sessions, want 100 or more", n)
	}
	t.Logf("memberships %d, attendance %d, actions %d",
		demoCount(t, s, "SELECT count(*) FROM memberships"),
		demoCount(t, s, "SELECT count(*) FROM attendance"),
		demoCount(t, s, "SELECT count(*) FROM actions"))
	if v, _ := s.Setting(context.Background(), SettingDemo); v != "yes" {
		t.Errorf("demo setting = %q", v)
	}
}

func TestDemoRefusesNonEmptyFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "precious.db")
	if err := os.WriteFile(path, []byte("not a demo"), 0o600); err != nil {
		t.Fatal(err)
	}
	err := WriteDemo(context.Background(), path, DemoPeople, 1)
	if err == nil || !strings.Contains(err.Error(), "not empty") {
		t.Fatalf("err = %v, want a refusal", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "not a demo" {
		t.Errorf("the file was changed: %q", b)
	}
	if err := WriteDemo(context.Background(), dir, DemoPeople, 1); err == nil {
		t.Error("a folder was accepted as the demo database")
	}

	// An empty file (made by mktemp, say) is fine.
	empty := filepath.Join(dir, "empty.db")
	if err := os.WriteFile(empty, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := writeDemo(context.Background(), empty, 20, 1, demoTestClock); err != nil {
		t.Fatal(err)
	}
	// And once written, it is not written again.
	if err := WriteDemo(context.Background(), empty, 20, 1); err == nil {
		t.Error("a demo database was overwritten")
	}
}

func TestDemoRejectsBadSize(t *testing.T) {
	path := filepath.Join(t.TempDir(), "demo.db")
	for _, n := range []int{0, -1, DemoMaxPeople + 1} {
		if err := WriteDemo(context.Background(), path, n, 1); err == nil {
			t.Errorf("%d people accepted", n)
		}
	}
	if _, err := os.Stat(path); err == nil {
		t.Error("a refused demo left a file behind")
	}
}

func TestDemoSmallSizes(t *testing.T) {
	for _, n := range []int{1, 5, 20, 400, 1000} {
		s := openDemo(t, n, int64(n))
		if got := demoCount(t, s, "SELECT count(*) FROM people"); got != n {
			t.Errorf("%d people, want %d", got, n)
		}
		if demoCount(t, s, "SELECT count(*) FROM forums") == 0 {
			t.Errorf("%d people: no forums", n)
		}
	}
}

func TestDemoPattern(t *testing.T) {
	nth, wd, h, m, err := parsePattern("Last Monday, 13:00")
	if err != nil || nth != -1 || wd != time.Monday || h != 13 || m != 0 {
		t.Fatalf("got %d %v %d %d %v", nth, wd, h, m, err)
	}
	if got := patternString(nth, wd, h, m); got != "Last Monday, 13:00" {
		t.Errorf("patternString = %q", got)
	}
	// March 2026 starts on a Sunday.
	for _, c := range []struct {
		nth  int
		wd   time.Weekday
		want int
	}{{1, time.Sunday, 1}, {1, time.Tuesday, 3}, {2, time.Tuesday, 10}, {-1, time.Monday, 30}, {-1, time.Tuesday, 31}} {
		if got := nthWeekday(2026, time.March, c.nth, c.wd); got != c.want {
			t.Errorf("nthWeekday(%d, %v) = %d, want %d", c.nth, c.wd, got, c.want)
		}
	}
	for _, bad := range []string{"", "Tuesdays", "Fifth Tuesday, 13:00", "Second Tuesday, noonish"} {
		if _, _, _, _, err := parsePattern(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func BenchmarkWriteDemo10k(b *testing.B) {
	dir := b.TempDir()
	i := 0
	for b.Loop() {
		i++
		path := filepath.Join(dir, fmt.Sprintf("bench%d.db", i))
		if err := writeDemo(context.Background(), path, 10_000, 1, demoTestClock); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		os.Remove(path)
		b.StartTimer()
	}
}
