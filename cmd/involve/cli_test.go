package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"runtime/debug"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/spf13/cobra"

	"github.com/involve/involve/render"
	"github.com/involve/involve/store"
)

// demoOnce is one demo database for the tests that only read it; tests
// that change a database copy it first (demoCopy).
var demoOnce = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "involve-cli-demo-")
	if err != nil {
		return "", err
	}
	db := filepath.Join(dir, "demo.db")
	var out bytes.Buffer
	root := newRoot(&out, &out)
	root.SetArgs([]string{"demo", db})
	if err := root.Execute(); err != nil {
		return "", errors.New(out.String())
	}
	return db, nil
})

// demoCopy is a private copy of the demo database.
func demoCopy(t *testing.T) string {
	t.Helper()
	src, err := demoOnce()
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(t.TempDir(), "demo.db")
	if err := os.WriteFile(db, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return db
}

// hasControls reports whether s holds an escape, BEL, another C0 control
// other than newline and tab, DEL or a C1 control.
func hasControls(s string) bool {
	for _, r := range s {
		if (r < 0x20 && r != '\n' && r != '\t') || r == 0x7f || (r >= 0x80 && r <= 0x9f) {
			return true
		}
	}
	return false
}

func TestVersionFlagAndVerbAgree(t *testing.T) {
	flag, _, err := cli(t, "--version")
	if err != nil {
		t.Fatal(err)
	}
	verb, _, err := cli(t, "version")
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`^involve \S+.* \(database schema \d+\)\n$`).MatchString(flag) {
		t.Errorf("--version printed %q", flag)
	}
	if flag != verb {
		t.Errorf("--version printed %q, version %q", flag, verb)
	}
	out, _, err := cli(t, "version", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var v map[string]any
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatalf("version --json: %v\n%s", err, out)
	}
	for _, k := range []string{"version", "go", "platform", "schema_version"} {
		if _, ok := v[k]; !ok {
			t.Errorf("version --json has no %q: %s", k, out)
		}
	}
	if v["schema_version"] != float64(store.SchemaVersion()) {
		t.Errorf("schema_version %v", v["schema_version"])
	}
}

// Without -ldflags (go install, go build) the version comes from what Go
// recorded in the binary.
func TestReadBuild(t *testing.T) {
	stamped := func(version string, settings ...string) *debug.BuildInfo {
		info := &debug.BuildInfo{Main: debug.Module{Path: "github.com/involve/involve", Version: version}}
		for i := 0; i+1 < len(settings); i += 2 {
			info.Settings = append(info.Settings, debug.BuildSetting{Key: settings[i], Value: settings[i+1]})
		}
		return info
	}
	cases := []struct {
		name    string
		ldflags string
		info    *debug.BuildInfo
		want    string
	}{
		{"make build", "v1.4.0-3-gabcdef1", stamped("(devel)"), "v1.4.0-3-gabcdef1"},
		{"go install at a tag", "dev", stamped("v1.4.0"), "v1.4.0"},
		{"go install at a commit", "dev", stamped("v0.0.0-20261205120000-abcdef123456"), "v0.0.0-20261205120000-abcdef123456"},
		{"go build in a checkout", "dev", stamped("(devel)", "vcs.revision", "0123456789abcdef0123", "vcs.modified", "true"), "dev (0123456789ab, modified)"},
		{"go build, clean", "dev", stamped("", "vcs.revision", "0123456789abcdef0123", "vcs.modified", "false"), "dev (0123456789ab)"},
		{"nothing known", "dev", nil, "dev"},
		{"no ldflags at all", "", stamped("(devel)"), "dev"},
	}
	for _, c := range cases {
		if got := readBuild(c.ldflags, c.info).String(); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}

func TestCompletionScripts(t *testing.T) {
	for shell, want := range map[string]string{"bash": "__start_involve", "zsh": "#compdef involve",
		"fish": "complete -c involve", "powershell": "Register-ArgumentCompleter"} {
		out, _, err := cli(t, "completion", shell)
		if err != nil || !strings.Contains(out, want) {
			t.Errorf("completion %s: %v, no %q in %d bytes", shell, err, want, len(out))
		}
	}
	// QA of main: a shell it does not know printed the help and
	// succeeded.
	out, _, err := cli(t, "completion", "tcsh")
	if err == nil || err.Error() != `completion: "tcsh" is not a shell involve completes for: name bash, fish, powershell or zsh` || out != "" {
		t.Errorf("completion tcsh: %v, printed %q", err, out)
	}
}

// complete asks for completions as the shell scripts do, and returns the
// values offered (without their descriptions).
func complete(t *testing.T, args ...string) []string {
	t.Helper()
	out, _, err := cli(t, append([]string{cobra.ShellCompRequestCmd}, args...)...)
	if err != nil {
		t.Fatalf("%q: %v", args, err)
	}
	if hasControls(strings.ReplaceAll(out, "\t", " ")) {
		t.Errorf("%q offered control characters: %q", args, out)
	}
	var values []string
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		if strings.HasPrefix(line, ":") { // the directive
			continue
		}
		v, _, _ := strings.Cut(line, "\t")
		values = append(values, v)
	}
	return values
}

// Completion offers the forums, stories and meetings in the database, read
// without changing it; and nothing, without making one, when there is none.
func TestCompletionFromDatabase(t *testing.T) {
	db := demoCopy(t)
	s, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	forums, _ := s.Forums(context.Background())
	ms, _ := s.UpcomingMeetings(context.Background(), 1)
	stories, _ := s.Stories(context.Background(), store.StoryFilter{})
	s.Close()
	if len(forums) == 0 || len(ms) == 0 || len(stories) == 0 {
		t.Fatal("the demo has no forums, meetings or stories")
	}
	// A name that was stored before names were cleaned: completion prints
	// it, so it must come out harmless.
	raw, err := sql.Open("sqlite", store.DSN(db))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec("UPDATE forums SET name = ? WHERE id = ?", "Zed\x1b]0;owned\x07 Forum\tTab", forums[0].ID); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	before, _ := filepath.Glob(db + "*")

	got := complete(t, "--db", db, "meetings", "suggest", "--forum", "")
	if len(got) != len(forums) || !strings.Contains(strings.Join(got, "|"), forums[1].Name) {
		t.Errorf("--forum offered %q", got)
	}
	if !reflect.DeepEqual(complete(t, "--db", db, "meetings", "suggest", "--forum", "ZED"), []string{"Zed]0;owned Forum Tab"}) {
		t.Errorf("--forum ZED offered %q", complete(t, "--db", db, "meetings", "suggest", "--forum", "ZED"))
	}
	if got := complete(t, "--db", db, "expenses", "report", "--forum", strings.ToLower(forums[1].Name[:3])); len(got) == 0 {
		t.Error("expenses report --forum offered nothing")
	}
	if got := complete(t, "--db", db, "transport", "sheet", ""); len(got) == 0 || got[0] != ms[0].ID {
		t.Errorf("transport sheet offered %q, want %s first", got, ms[0].ID)
	}
	all := complete(t, "--db", db, "stories", "erase", "")
	shown := complete(t, "--db", db, "stories", "show", "")
	if len(all) != len(stories) || len(shown) == 0 || len(shown) >= len(all) {
		t.Errorf("erase offered %d stories, show %d (of %d)", len(all), len(shown), len(stories))
	}
	if got := complete(t, "--db", db, "stories", "show", shown[0], ""); len(got) != 0 {
		t.Errorf("a second argument offered %q", got)
	}
	if got := complete(t, "--db", db, "stories", "show", "--style", ""); !reflect.DeepEqual(got, render.Styles) {
		t.Errorf("--style offered %q", got)
	}
	if got := complete(t, "--db", db, "expenses", "report", "--format", ""); !reflect.DeepEqual(got, []string{"md", "csv", "json"}) {
		t.Errorf("--format offered %q", got)
	}
	if after, _ := filepath.Glob(db + "*"); !reflect.DeepEqual(before, after) {
		t.Errorf("completion left files: before %v, after %v", before, after)
	}

	t.Setenv("INVOLVE_DB", db)
	if got := complete(t, "stories", "withdraw", ""); len(got) != len(stories) {
		t.Errorf("with INVOLVE_DB: %q", got)
	}
	missing := filepath.Join(t.TempDir(), "none", "involve.db")
	if got := complete(t, "--db", missing, "stories", "show", ""); len(got) != 0 {
		t.Errorf("no database, and yet %q", got)
	}
	if _, err := os.Stat(filepath.Dir(missing)); !os.IsNotExist(err) {
		t.Errorf("completion made %s", filepath.Dir(missing))
	}
}

// Every verb the completions name exists (a renamed verb would otherwise
// quietly lose its completion).
func TestCompletionsNameRealVerbs(t *testing.T) {
	a := &app{}
	root := newRoot(&bytes.Buffer{}, &bytes.Buffer{})
	paths := map[string]*cobra.Command{}
	var walk func(*cobra.Command)
	walk = func(c *cobra.Command) {
		paths[c.CommandPath()] = c
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
	for path := range a.argCompletions() {
		c, ok := paths[path]
		if !ok {
			t.Errorf("completions name %q, which is not a verb", path)
			continue
		}
		if c.ValidArgsFunction == nil {
			t.Errorf("%q has no completion", path)
		}
	}
	for _, path := range []string{"involve meetings suggest", "involve expenses report"} {
		if _, ok := paths[path].GetFlagCompletionFunc("forum"); !ok {
			t.Errorf("%s --forum has no completion", path)
		}
	}
}

func TestManPage(t *testing.T) {
	out, _, err := cli(t, "man")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{".TH INVOLVE 1", ".SH DESCRIPTION", ".SH COMMANDS", `\fBstories\fP`, `\fBshow\fP`, ".SH FILES"} {
		if !strings.Contains(out, want) {
			t.Errorf("the man page has no %q", want)
		}
	}
	if hasControls(out) {
		t.Error("the man page has control characters")
	}
	// QA of main: the header's centre field (the manual's name) was the
	// whole description, which ran over the rest of the header.
	head, _, _ := strings.Cut(out, "\n")
	if want := regexp.MustCompile(`^\.TH INVOLVE 1 "\d{4}-\d\d-\d\d" "involve [^"]+" "User Commands"$`); !want.MatchString(head) {
		t.Errorf("the man page's header is %q", head)
	}
	if strings.Count(out, ".TH ") != 1 || !strings.Contains(out, "\n.SH NAME\ninvolve - Coordinate") {
		t.Errorf("the man page does not start with its header and name:\n%.300s", out)
	}
}

func TestDidYouMean(t *testing.T) {
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"strories"}, `unknown command "strories" for "involve"; did you mean "stories"? (see involve --help)`},
		{[]string{"stories", "shwo"}, `unknown command "shwo" for "involve stories"; did you mean "show"? (see involve stories --help)`},
		{[]string{"transport", "sheat", "x"}, `did you mean "sheet"?`},
		{[]string{"chek"}, `did you mean "check"?`},
		{[]string{"frob"}, `unknown command "frob" for "involve" (see involve --help)`},
	}
	for _, c := range cases {
		_, stderr, err := cli(t, c.args...)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: %v, want %s", c.args, err, c.want)
			continue
		}
		if !strings.Contains(stderr, "involve: "+err.Error()) {
			t.Errorf("%q printed %q", c.args, stderr)
		}
	}
}

// Every error is printed through the terminal filter, whatever fang would
// pass on: a path, a name or a file's contents in an error cannot set the
// terminal's title, write to its clipboard or clear it.
func TestErrorsPrintedThroughTermsafe(t *testing.T) {
	hostile := "\x1b]0;owned\x07\x1b]52;c;ZXZpbA==\x07\x1b[2J\u009b31m\u202e"
	var b bytes.Buffer
	printError(&b, errors.New("there is no database at /tmp/"+hostile+".db"))
	if hasControls(b.String()) || strings.ContainsRune(b.String(), '\u202e') {
		t.Errorf("printError wrote %q", b.String())
	}
	if !strings.HasPrefix(b.String(), "involve: there is no database at /tmp/") {
		t.Errorf("printError wrote %q", b.String())
	}

	dir := t.TempDir()
	_, stderr, err := cli(t, "--db", filepath.Join(dir, hostile+".db"), "check")
	if err == nil || !strings.Contains(stderr, "involve: there is no database at") {
		t.Fatalf("check: %v, %q", err, stderr)
	}
	if hasControls(stderr) {
		t.Errorf("check printed %q", stderr)
	}
	_, stderr, _ = cli(t, "import", "people", filepath.Join(dir, hostile+".csv"))
	if hasControls(stderr) || !strings.Contains(stderr, "cannot read") {
		t.Errorf("import printed %q", stderr)
	}
}

// Every listing verb prints JSON with --json, in the shapes the README
// gives, money in pence.
func TestJSONShapes(t *testing.T) {
	db := demoCopy(t)
	parse := func(args []string, v any) {
		t.Helper()
		out, _, err := cli(t, append([]string{"--db", db}, args...)...)
		if err != nil {
			t.Fatalf("%q: %v", args, err)
		}
		dec := json.NewDecoder(strings.NewReader(out))
		dec.DisallowUnknownFields()
		if err := dec.Decode(v); err != nil {
			t.Fatalf("%q: %v\n%s", args, err, out)
		}
	}

	var rates []struct {
		ID            string    `json:"id"`
		CreatedAt     time.Time `json:"created_at"`
		UpdatedAt     time.Time `json:"updated_at"`
		Version       int64     `json:"version"`
		Kind          string    `json:"kind"`
		Name          string    `json:"name"`
		AmountPence   int64     `json:"amount_pence"`
		EffectiveFrom string    `json:"effective_from"`
		InForceToday  bool      `json:"in_force_today"`
	}
	parse([]string{"rates", "list", "--json"}, &rates)
	mileage := false
	for _, r := range rates {
		if r.Kind == "mileage" && r.AmountPence == 45 && r.EffectiveFrom == "2011-04-06" {
			mileage = true
		}
	}
	if !mileage {
		t.Errorf("rates list --json has no 45p mileage rate: %+v", rates)
	}

	var ts []struct {
		ID              string `json:"id"`
		Kind            string `json:"kind"`
		EffectiveFrom   string `json:"effective_from"`
		AmountPence     *int64 `json:"amount_pence"`
		HoursHundredths *int64 `json:"hours_hundredths"`
		Note            string `json:"note"`
		InForceToday    bool   `json:"in_force_today"`
		Default         bool   `json:"default"`
	}
	parse([]string{"thresholds", "list", "--json"}, &ts)
	if len(ts) == 0 {
		t.Fatal("thresholds list --json is empty")
	}
	for _, x := range ts {
		if (x.AmountPence == nil) == (x.HoursHundredths == nil) || (x.Kind == "monthly_hours") != (x.HoursHundredths != nil) {
			t.Errorf("a threshold has amount_pence %v and hours_hundredths %v: %+v", x.AmountPence, x.HoursHundredths, x)
		}
	}

	var meetings []struct {
		ID       string    `json:"id"`
		ForumID  string    `json:"forum_id"`
		Forum    string    `json:"forum"`
		Date     string    `json:"date"`
		Start    string    `json:"start"`
		End      string    `json:"end"`
		StartsAt time.Time `json:"starts_at"`
		EndsAt   time.Time `json:"ends_at"`
		Venue    string    `json:"venue"`
		Status   string    `json:"status"`
	}
	parse([]string{"transport", "meetings", "--json", "--limit", "3"}, &meetings)
	if len(meetings) != 3 || meetings[0].Status != "planned" || meetings[0].Date != store.LocalDate(meetings[0].StartsAt) ||
		meetings[0].Start != store.LocalClock(meetings[0].StartsAt) {
		t.Errorf("transport meetings --json: %+v", meetings)
	}

	var settings struct {
		Seats           int  `json:"seats"`
		WheelchairSeats int  `json:"wheelchair_seats"`
		AccessibleOnly  bool `json:"accessible_only"`
		EscortSeat      bool `json:"escort_takes_seat"`
		PickupMinutes   int  `json:"pickup_minutes"`
		ArriveBefore    int  `json:"arrive_before_minutes"`
	}
	parse([]string{"transport", "settings", "--json"}, &settings)
	if settings.Seats != 4 || settings.PickupMinutes != 10 {
		t.Errorf("transport settings --json: %+v", settings)
	}

	type stop struct {
		Stop           int       `json:"stop"`
		FirstName      string    `json:"first_name"`
		PickupAddress  string    `json:"pickup_address"`
		PickupPostcode string    `json:"pickup_postcode"`
		PickupDate     string    `json:"pickup_date"`
		PickupTime     string    `json:"pickup_time_estimate"`
		PickupAt       time.Time `json:"pickup_at"`
		Wheelchair     bool      `json:"wheelchair"`
		Escort         bool      `json:"escort"`
	}
	var sheet struct {
		MeetingID     string `json:"meeting_id"`
		Date          string `json:"date"`
		Destination   string `json:"destination"`
		ArriveBy      string `json:"arrive_by"`
		CollectHomeAt string `json:"collect_home_at"`
		PickupMinutes int    `json:"pickup_minutes"`
		Runs          []struct {
			Run        int    `json:"run"`
			Vehicle    string `json:"vehicle"`
			Accessible bool   `json:"wheelchair_accessible"`
			District   string `json:"district"`
			Seats      int    `json:"seats"`
			SeatsUsed  int    `json:"seats_used"`
			Stops      []stop `json:"stops"`
		} `json:"runs"`
	}
	parse([]string{"transport", "sheet", meetings[0].ID, "--json"}, &sheet)
	if sheet.MeetingID != meetings[0].ID || sheet.Runs == nil {
		t.Errorf("transport sheet --json: %+v", sheet)
	}

	var check struct {
		Database      string           `json:"database"`
		SchemaVersion int              `json:"schema_version"`
		ProgramSchema int              `json:"program_schema_version"`
		OK            bool             `json:"ok"`
		Integrity     []string         `json:"integrity"`
		ForeignKeys   []map[string]any `json:"foreign_key_problems"`
		Records       map[string]int   `json:"records"`
		Problems      []string         `json:"problems"`
		Notes         []string         `json:"notes"`
		Encrypted     bool             `json:"encrypted"`
	}
	parse([]string{"check", "--json"}, &check)
	if !check.OK || check.SchemaVersion != store.SchemaVersion() || check.Records["people"] != 60 ||
		!reflect.DeepEqual(check.Integrity, []string{"ok"}) || check.Problems == nil || check.ForeignKeys == nil || check.Notes == nil || check.Encrypted {
		t.Errorf("check --json: %+v", check)
	}

	// --json is --format json where a verb has --format; both at once, a
	// different one, is refused.
	byFormat, _, err := cli(t, "--db", db, "expenses", "report", "--from", "2000-01-01", "--to", "2100-01-01", "--format", "json")
	if err != nil {
		t.Fatal(err)
	}
	byFlag, _, _ := cli(t, "--db", db, "expenses", "report", "--from", "2000-01-01", "--to", "2100-01-01", "--json")
	if byFlag != byFormat || !json.Valid([]byte(byFlag)) {
		t.Errorf("expenses report --json differs from --format json")
	}
	_, _, err = cli(t, "--db", db, "expenses", "report", "--from", "2000-01-01", "--to", "2100-01-01", "--json", "--format", "csv")
	if err == nil || !strings.Contains(err.Error(), "--json and --format csv ask for two formats") {
		t.Errorf("--json --format csv: %v", err)
	}
}

// CSV starts with a byte-order mark when asked (the default on Windows),
// so that Excel reads accented names; and without one otherwise.
func TestCSVByteOrderMark(t *testing.T) {
	if !bomDefault("windows") || bomDefault("linux") || bomDefault("darwin") {
		t.Error("the byte-order mark is the default on Windows only")
	}
	fx := newTrCLIFixture(t)
	money := moneyDB(t)
	dir := t.TempDir()
	for _, verb := range [][]string{
		{"--db", fx.db, "transport", "sheet", fx.meeting.ID, "--format", "csv"},
		{"--db", money, "expenses", "report", "--from", "2026-03-01", "--to", "2026-03-31", "--format", "csv"},
	} {
		plain, _, err := cli(t, verb...)
		if err != nil {
			t.Fatal(err)
		}
		marked, _, _ := cli(t, append(verb, "--bom")...)
		off, _, _ := cli(t, append(verb, "--bom=false")...)
		if bomDefault("linux") == false && strings.HasPrefix(plain, utf8BOM) {
			t.Errorf("%q starts with a byte-order mark by default", verb)
		}
		if marked != utf8BOM+plain || off != plain {
			t.Errorf("%q --bom: %q…", verb, marked[:min(len(marked), 20)])
		}
		file := filepath.Join(dir, "out.csv")
		if _, _, err := cli(t, append(verb, "--bom", "-o", file)...); err != nil {
			t.Fatal(err)
		}
		// (On standard output the report has passed the terminal filter,
		// which keeps no carriage returns.)
		if got, _ := os.ReadFile(file); strings.ReplaceAll(string(got), "\r", "") != utf8BOM+strings.ReplaceAll(plain, "\r", "") {
			t.Errorf("%q --bom -o: %q…", verb, got[:min(len(got), 20)])
		}
	}
	// Formula-looking cells are still neutralised.
	out, _, _ := cli(t, "--db", money, "expenses", "report", "--from", "2026-03-01", "--to", "2026-03-31", "--format", "csv", "--bom")
	if !strings.Contains(out, "José Núñez") || !strings.Contains(out, `'=HYPERLINK`) {
		t.Errorf("the CSV:\n%s", out)
	}
}

func TestChooseShowStyle(t *testing.T) {
	env := func(kv ...string) func(string) string {
		return func(k string) string {
			for i := 0; i+1 < len(kv); i += 2 {
				if kv[i] == k {
					return kv[i+1]
				}
			}
			return ""
		}
	}
	dark := func() bool { return true }
	light := func() bool { return false }
	asked := func() bool { t.Error("the terminal was asked about its background"); return true }
	cases := []struct {
		name string
		flag string
		term showTerm
		want string
	}{
		{"a dark terminal", "", showTerm{getenv: env(), terminal: true, dark: dark}, render.Dark},
		{"a light terminal", "", showTerm{getenv: env(), terminal: true, dark: light}, render.Light},
		{"not a terminal", "", showTerm{getenv: env(), dark: asked}, render.NoTTY},
		{"not a terminal, GLAMOUR_STYLE=dark", "", showTerm{getenv: env("GLAMOUR_STYLE", "dark"), dark: asked}, render.NoTTY},
		{"not a terminal, GLAMOUR_STYLE=plain", "", showTerm{getenv: env("GLAMOUR_STYLE", "plain"), dark: asked}, render.Plain},
		{"NO_COLOR", "", showTerm{getenv: env("NO_COLOR", "1"), terminal: true, dark: asked}, render.NoTTY},
		{"NO_COLOR and GLAMOUR_STYLE=light", "", showTerm{getenv: env("NO_COLOR", "1", "GLAMOUR_STYLE", "light"), terminal: true, dark: asked}, render.NoTTY},
		{"NO_COLOR and GLAMOUR_STYLE=plain", "", showTerm{getenv: env("NO_COLOR", "1", "GLAMOUR_STYLE", "plain"), terminal: true, dark: asked}, render.Plain},
		{"TERM=dumb", "", showTerm{getenv: env("TERM", "dumb"), terminal: true, dark: asked}, render.NoTTY},
		{"GLAMOUR_STYLE=light on a dark terminal", "", showTerm{getenv: env("GLAMOUR_STYLE", "light"), terminal: true, dark: asked}, render.Light},
		{"GLAMOUR_STYLE=Dark", "", showTerm{getenv: env("GLAMOUR_STYLE", " Dark "), terminal: true, dark: asked}, render.Dark},
		{"GLAMOUR_STYLE=ascii", "", showTerm{getenv: env("GLAMOUR_STYLE", "ascii"), terminal: true, dark: asked}, render.NoTTY},
		{"GLAMOUR_STYLE=auto", "", showTerm{getenv: env("GLAMOUR_STYLE", "auto"), terminal: true, dark: light}, render.Light},
		{"GLAMOUR_STYLE=dracula (not ours)", "", showTerm{getenv: env("GLAMOUR_STYLE", "dracula"), terminal: true, dark: light}, render.Light},
		{"GLAMOUR_STYLE a file", "", showTerm{getenv: env("GLAMOUR_STYLE", "/home/me/style.json"), terminal: true, dark: dark}, render.Dark},
		{"--style wins over everything", render.Light, showTerm{getenv: env("NO_COLOR", "1", "GLAMOUR_STYLE", "dark"), dark: asked}, render.Light},
		{"--style dark when piped", render.Dark, showTerm{getenv: env(), dark: asked}, render.Dark},
	}
	for _, c := range cases {
		if got := chooseShowStyle(c.flag, c.term); got != c.want {
			t.Errorf("%s: %s, want %s", c.name, got, c.want)
		}
	}
}

func TestChooseShowWidth(t *testing.T) {
	cases := []struct {
		name      string
		flag      int
		flagGiven bool
		term      showTerm
		want      int
	}{
		{"an 80-column terminal", 80, false, showTerm{terminal: true, width: 80}, 80},
		{"a 100-column terminal", 80, false, showTerm{terminal: true, width: 100}, 100},
		{"a very wide terminal", 80, false, showTerm{terminal: true, width: 300}, 120},
		{"a very narrow terminal", 80, false, showTerm{terminal: true, width: 8}, render.MinWidth},
		{"a terminal of unknown width", 80, false, showTerm{terminal: true}, 80},
		{"not a terminal", 80, false, showTerm{width: 200}, 80},
		{"--width on a terminal", 60, true, showTerm{terminal: true, width: 200}, 60},
		{"--width when piped", 200, true, showTerm{}, 200},
	}
	for _, c := range cases {
		if got := chooseShowWidth(c.flag, c.flagGiven, c.term); got != c.want {
			t.Errorf("%s: %d, want %d", c.name, got, c.want)
		}
	}
}

// The usage line keeps what a verb needs, and leaves the optional flags to
// the list of flags beneath it.
func TestSynopses(t *testing.T) {
	cases := map[string]string{
		"show ID|SLUG [--width N] [--style dark|light|notty|plain]":                             "show ID|SLUG",
		"report --from DATE --to DATE [--forum NAME] [--format md|csv|json] [--json] [-o FILE]": "report --from DATE --to DATE",
		"demo [--people N] FILE": "demo FILE",
		"erase ID|SLUG --yes":    "erase ID|SLUG --yes",
		"settings [flags]":       "settings [flags]",
		"import PATH...":         "import PATH...",
		// QA of main: a repeated flag's "..." stayed behind ("backup
		// ...... [FILE]", "restore FILE...").
		"backup [FILE] [--recipient KEY]... [--recipients-file FILE]... [--passphrase] [--keep N]": "backup [FILE]",
		"restore FILE [--identity FILE]... [--yes]":                                                "restore FILE",
		"show [--keys [--markdown]]":                                                               "show",
	}
	for use, want := range cases {
		c := &cobra.Command{Use: use}
		synopses(c)
		if c.Use != want {
			t.Errorf("%q became %q, want %q", use, c.Use, want)
		}
	}
	// Every verb's usage reads as usage: no optional flag left, no "..."
	// but after an argument (PATH...).
	stray := regexp.MustCompile(`\[-|(^|[^A-Za-z])\.\.\.`)
	root := newRoot(io.Discard, io.Discard)
	synopses(root)
	var walk func(*cobra.Command)
	walk = func(c *cobra.Command) {
		if stray.MatchString(c.Use) {
			t.Errorf("%s: the usage reads %q", c.CommandPath(), c.UseLine())
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
	_, _, err := cli(t, "backup", "--keep=x")
	if err == nil || !strings.Contains(err.Error(), "(usage: involve backup [FILE] [flags])") {
		t.Errorf("a flag error gives the usage as %v", err)
	}
	_, _, err = cli(t, "check", "--bogus")
	if err == nil || !strings.Contains(err.Error(), "(usage: involve check [FILE] [flags])") {
		t.Errorf("a flag error gives the usage as %v", err)
	}
}

// QA of main: --passphrase=secret printed the passphrase back in the
// error. The value of a secret flag is never printed.
func TestSecretFlagValuesNotPrinted(t *testing.T) {
	home, db := backupHome(t)
	_, public := keyPair(t, home, "k1.key")
	backup := filepath.Join(home, "k.db.age")
	if _, err := outCLI(t, "--db", db, "backup", backup, "--recipient", public); err != nil {
		t.Fatal(err)
	}
	const secret = "secretsecret"
	for _, args := range [][]string{
		{"backup", "--passphrase=" + secret},
		{"restore", backup, "--identity", "AGE-SECRET-KEY-1" + secret},
		{"check", backup, "--identity=AGE-SECRET-KEY-1" + secret},
		{"backup", "--recipients-file", "AGE-SECRET-KEY-1" + secret},
		{"backup", "--recipient", "AGE-SECRET-KEY-1" + secret},
	} {
		out, stderr, err := cli(t, append([]string{"--db", db}, args...)...)
		if err == nil {
			t.Errorf("%q: no error", args)
			continue
		}
		var printed bytes.Buffer
		printError(&printed, err)
		if all := out + stderr + printed.String(); strings.Contains(strings.ToLower(all), secret) {
			t.Errorf("%q printed the secret: %s", args, all)
		}
	}
	_, _, err := cli(t, "--db", db, "backup", "--passphrase="+secret)
	if err == nil || !strings.Contains(err.Error(), "--passphrase takes no value: involve asks for the passphrase on the terminal") {
		t.Errorf("--passphrase=…: %v", err)
	}
}
