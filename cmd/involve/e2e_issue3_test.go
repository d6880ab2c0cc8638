package main

// The end-to-end test of issue 3 ("Getting people there"): availability,
// finding a time, transport, the meeting-day screen and the expenses
// report, on the real binary in a real terminal.

import (
	"encoding/csv"
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"time"

	"charm.land/bubbles/v2/key"
)

// TestE2EIssue3AvailabilityToPaidClaim records availability for three
// people, finds a time, creates the meeting, books transport, records and
// pays a claim on the meeting-day screen, and checks the report, the taxi
// firm's run sheet and the export.
func TestE2EIssue3AvailabilityToPaidClaim(t *testing.T) {
	needTmux(t)
	t.Parallel()
	start := time.Now()
	sb := newSandbox(t)
	db := sb.path("involve.db")
	g, d, gr := keymap.Global, keymap.Detail, keymap.Grid

	tm := sb.startApp(t, 100, 30, db)
	tm.waitText("Press enter to start.")
	tm.esc()
	tm.waitGone("Press enter to start.")

	// A forum, meeting at the Town Hall.
	tm.press(g.Forums)
	tm.waitText("No forums yet.")
	tm.press(keymap.Record.New)
	tm.waitText("New forum")
	tm.fill("Name", "Hope Forum", false)
	tm.fill("Purpose", "", false)
	tm.fill("Usual venue", "Town Hall", false)
	tm.fill("Usual pattern", "", false)
	tm.fill("Has a social element?", "", false)
	tm.waitText("Saved Hope Forum.")

	// Three members: a service user, a carer, and a service user who comes
	// by taxi.
	tm.press(g.People)
	tm.waitText("Nobody here yet.")
	for _, p := range []struct{ name, preferred, role string }{
		{"Margaret Okafor", "Maggie", "Service user"},
		{"Tom Hughes", "", "Carer"},
		{"Priya Raman", "", "Service user"},
	} {
		tm.press(keymap.Record.New)
		tm.waitText("New person")
		tm.fill("Name", p.name, false)
		tm.fill("Preferred name", p.preferred, false)
		tm.choose("Role", p.role)
		for _, f := range []string{"Phone", "Email", "Prefers to be contacted by", "Consents to be contacted?", "Consent given on", "Review consent by"} {
			tm.fill(f, "", false)
		}
		tm.focusField("Forums")
		tm.keys("Space")
		tm.waitMatch(`✓ Hope Forum`)
		tm.keys("Enter")
		tm.fill("Private notes", "", false)
		shown := p.preferred
		if shown == "" {
			shown = p.name
		}
		tm.waitText("Saved " + shown + ".")
		tm.waitMatch(regexp.QuoteMeta(shown) + `\b.* ` + p.role)
	}

	// Priya's access needs: a taxi from her home, and a private reason for
	// her limited times.
	tm.openPerson("Priya Raman")
	tm.press(d.Access)
	tm.waitText("Priya Raman — access & availability", "Mon   Tue   Wed")
	tm.press(keymap.Record.Edit)
	tm.waitText("Access needs — Priya Raman")
	tm.choose("How they get to meetings", "Taxi")
	tm.fill("Mobility", "", false)
	tm.fill("Pickup address", "12 Rose Street, Manchester", false)
	tm.fill("Pickup postcode", "M13 9PL", false)
	for _, f := range []string{"Interpreter", "Support at meetings", "Dietary needs", "Other needs"} {
		tm.fill(f, "", false)
	}
	tm.fill("Why their times are limited", "hospital transport mornings", false)
	tm.waitText("Saved Priya Raman's access needs.", "Why (private): hospital transport mornings")
	tm.waitMatch(`(?m)^  Taxi *$`)

	// Weekly availability: Tuesday 13:00–15:00 is a yes for all three;
	// Thursday 10:00–12:00 is a yes for Maggie, "if need be" then yes for
	// Tom, and a no for Priya.
	const tue, thu = 1, 3
	tm.markRange(tue, "13:00", "15:00", gr.Yes, "✓")
	tm.markRange(thu, "10:00", "12:00", gr.No, "✗")
	tm.waitText("✓ Saved")
	tm.backTo("People")

	tm.openPerson("Maggie")
	tm.press(d.Access)
	tm.waitText("Maggie — access & availability", "Mon   Tue   Wed")
	tm.markRange(tue, "13:00", "15:00", gr.Yes, "✓")
	tm.markRange(thu, "10:00", "12:00", gr.Yes, "✓")
	tm.waitText("✓ Saved")
	tm.backTo("People")

	tm.openPerson("Tom Hughes")
	tm.press(d.Access)
	tm.waitText("Tom Hughes — access & availability", "Mon   Tue   Wed")
	tm.markRange(tue, "13:00", "15:00", gr.Yes, "✓")
	tm.markRange(thu, "10:00", "11:00", gr.Maybe, "~")
	tm.markRange(thu, "11:00", "12:00", gr.Yes, "✓")
	tm.waitText("✓ Saved")
	tm.backTo("People")

	// Find a time for the forum in the first week of March 2031.
	tm.press(g.Forums)
	tm.waitScreen("Forums")
	tm.press(keymap.List.Open)
	tm.waitText("Members (3)")
	tm.press(d.FindTime)
	tm.waitText("Find a time — Hope Forum")
	tm.fill("From", "2031-03-03", true)
	tm.fill("To", "2031-03-09", true)
	tm.fill("How long", "2h", true)
	tm.fill("Acceptable hours", "10:00-16:00", true)
	tm.waitText("3 Mar to 9 Mar 2031 · 3 members", "Week of Mon 3 Mar")
	tm.waitAll(
		`(?m)^› +1 +Tue 4 Mar 2031 +13:00–15:00 +3 +0 +0 +0 +users \+ carers *$`,
		`(?m)^  +2 +Thu 6 Mar 2031 +10:00–12:00 +1 +1 +1 +0 +users \+ carers *$`,
		`#1  Tue 4 Mar 13:00–15:00 · 3 yes · 0 if need be · 0 no · users ✓ carers ✓`,
	)
	// The second best: who cannot come, and (to the coordinator) why.
	tm.press(d.SwitchPane)
	tm.press(keymap.List.Down)
	tm.waitText("#2  Thu 6 Mar 10:00–12:00", "Cannot come: Priya Raman (hospital transport mornings)")
	tm.press(keymap.List.Up)
	tm.waitText("#1  Tue 4 Mar 13:00–15:00", "Everyone can come, or might.")
	tm.press(d.SwitchPane)
	tm.waitMatch(`\[★  3✓0~ \]`)

	// Plan the meeting at the best time: the members are invited.
	tm.press(keymap.List.Open)
	tm.waitText("Plan a meeting on Tue 4 Mar 2031, 13:00–15:00?", "3 can come, 0 if need be, 0 cannot, 0 not known. All 3")
	tm.press(keymap.Confirm.Yes)
	tm.waitText("Planned the meeting of Hope Forum on Tue 4 Mar 2031")
	tm.waitText("Tue 4 Mar 2031, 13:00–15:00", "Town Hall")
	tm.waitMatch(`Register +3 invited`)

	// Transport: Priya's taxi there is on run 1; book it.
	tm.press(d.Transport)
	tm.waitText("1 run, 1 person", "times are estimates")
	tm.waitMatch(`(?m)^› 1 taxi +there +\d\d:\d\d +Priya Raman +12 Rose Street.* To book`)
	tm.press(keymap.Transport.Booked)
	tm.waitText("Book Priya Raman's journey there")
	tm.fill("Firm", "City Cars", false)
	tm.fill("Their reference", "CC-4411", false)
	tm.waitText("Priya Raman's journey there: booked with City Cars.")
	tm.waitMatch(`(?m)^› 1 taxi +there +\d\d:\d\d +Priya Raman .*Booked · City Cars`)
	tm.waitText("booked with City Cars, ref CC-4411")
	tm.esc()
	tm.waitMatch(`Register +3 invited`)

	// The meeting day: a float of £20, Priya arrives and her taxi home is
	// booked, Tom arrives and claims his £4.80 bus fare, paid in cash.
	tm.press(d.MeetingDay)
	tm.waitText("Hope Forum  Tue 4 Mar 2031, 13:00–15:00, Town Hall", "Cash: no float set")
	tm.press(keymap.Money.Float)
	tm.waitText("Float taken to the meeting")
	tm.fill("Float", "20", true)
	tm.waitText("The float is £20.00.", "float £20.00, paid out £0.00, balance £20.00")

	tm.findOnList("priya", "Priya Raman")
	tm.press(keymap.Register.Attended)
	tm.waitText("Priya Raman: attended.")
	tm.waitMatch(`(?m)^› Priya Raman +Service user +Attended `)
	tm.press(keymap.Day.TaxiHome)
	tm.waitText("Book Priya Raman's taxi home", "Collect from Town Hall at 15:00.")
	tm.fill("Firm", "City Cars", false)
	tm.fill("Their reference", "", false)
	tm.waitText("Priya Raman's journey home: booked with City Cars.")
	tm.waitMatch(`(?m)^› Priya Raman +Service user +Attended +— +— +Booked *$`)

	tm.findOnList("tom", "Tom Hughes")
	tm.press(keymap.Register.Attended)
	tm.waitText("Tom Hughes: attended.")
	tm.press(keymap.Day.Claim)
	tm.waitText("Expense claim for Tom Hughes", "For Hope Forum, Tue 4 Mar 2031")
	tm.choose("Category", "Bus or train fare")
	tm.fill("Amount", "£4.80", false)
	tm.fill("Receipt?", "", false)
	tm.fill("Receipt reference", "", false)
	tm.fill("Note", "bus 42 there and back", false)
	tm.fill("Pay it now in cash, from the float?", "", false) // no: paid below
	tm.waitText("Recorded £4.80 bus or train fare for Tom Hughes.", "Claims £4.80, still owed £4.80")
	tm.waitMatch(`(?m)^› Tom Hughes +Carer +Attended +£4\.80 +£4\.80 +— *$`)

	tm.press(keymap.Day.PayCash)
	tm.waitText("Pay Tom Hughes £4.80 in cash?", "For £4.80 bus or train fare.", "£20.00 to £15.20.")
	tm.press(keymap.Confirm.Yes)
	tm.waitText("Paid Tom Hughes £4.80 in cash.", "Claims £4.80, still owed £0.00",
		"float £20.00, paid out £4.80, balance £15.20")
	tm.waitMatch(`(?m)^› Tom Hughes +Carer +Attended +£4\.80 +— +— *$`)
	tm.waitText("Invited 1", "Attended 2")

	// Section 5, Money: the claim, paid in cash.
	tm.press(g.Money)
	tm.waitMatch(`(?m)^› 4 Mar 2031 +Tom Hughes +Fare +Hope Forum +£4\.80 +Paid, cash *$`)
	tm.waitText("1 claim · £0.00 still to pay", "by cash at the meeting")

	tm.press(g.Quit)
	tm.declineBackup()
	if status := tm.waitExit(); status != "0" {
		t.Fatalf("involve exited with status %s", status)
	}
	t.Logf("the TUI part took %s", time.Since(start).Round(time.Millisecond))

	// The export: one meeting at 13:00 London (GMT in early March), Priya
	// and Tom attended, Maggie invited, both of Priya's journeys booked.
	var ex struct {
		People []struct {
			ID, Name string
		} `json:"people"`
		Meetings []struct {
			ID       string `json:"id"`
			StartsAt string `json:"starts_at"`
			EndsAt   string `json:"ends_at"`
		} `json:"meetings"`
		Attendance []struct {
			PersonID string `json:"person_id"`
			Status   string `json:"status"`
		} `json:"attendance"`
		Bookings []struct {
			PersonID string `json:"person_id"`
			Leg      string `json:"leg"`
			Status   string `json:"status"`
			Firm     string `json:"firm"`
		} `json:"transport_bookings"`
		Claims []struct {
			PersonID string `json:"person_id"`
			Date     string `json:"date"`
			Category string `json:"category"`
			Amount   int64  `json:"amount_pence"`
			Status   string `json:"status"`
			PaidHow  string `json:"paid_how"`
		} `json:"claims"`
		PettyCash []struct {
			Float int64 `json:"float_pence"`
		} `json:"petty_cash"`
		AccessNeeds []struct {
			PersonID  string `json:"person_id"`
			Transport string `json:"transport"`
			Postcode  string `json:"pickup_postcode"`
		} `json:"access_needs"`
	}
	if err := json.Unmarshal(sb.export(t, db), &ex); err != nil {
		t.Fatal(err)
	}
	ids := map[string]string{}
	for _, p := range ex.People {
		ids[p.Name] = p.ID
	}
	if len(ex.Meetings) != 1 || ex.Meetings[0].StartsAt != "2031-03-04T13:00:00Z" || ex.Meetings[0].EndsAt != "2031-03-04T15:00:00Z" {
		t.Fatalf("meetings in the export: %+v", ex.Meetings)
	}
	meetingID := ex.Meetings[0].ID
	att := map[string]string{}
	for _, a := range ex.Attendance {
		att[a.PersonID] = a.Status
	}
	if att[ids["Priya Raman"]] != "attended" || att[ids["Tom Hughes"]] != "attended" || att[ids["Margaret Okafor"]] != "invited" {
		t.Errorf("attendance in the export: %+v (people %v)", ex.Attendance, ids)
	}
	booked := map[string]string{}
	for _, b := range ex.Bookings {
		if b.PersonID == ids["Priya Raman"] {
			booked[b.Leg] = b.Status + " " + b.Firm
		}
	}
	if booked["there"] != "booked City Cars" || booked["home"] != "booked City Cars" {
		t.Errorf("Priya's bookings in the export: %+v", ex.Bookings)
	}
	if len(ex.Claims) != 1 || ex.Claims[0].PersonID != ids["Tom Hughes"] || ex.Claims[0].Amount != 480 ||
		ex.Claims[0].Status != "paid" || ex.Claims[0].PaidHow != "cash" || ex.Claims[0].Date != "2031-03-04" || ex.Claims[0].Category != "fare" {
		t.Errorf("claims in the export: %+v", ex.Claims)
	}
	if len(ex.PettyCash) != 1 || ex.PettyCash[0].Float != 2000 {
		t.Errorf("petty cash in the export: %+v", ex.PettyCash)
	}
	if len(ex.AccessNeeds) != 1 || ex.AccessNeeds[0].PersonID != ids["Priya Raman"] || ex.AccessNeeds[0].Transport != "taxi" || ex.AccessNeeds[0].Postcode != "M13 9PL" {
		t.Errorf("access needs in the export: %+v", ex.AccessNeeds)
	}

	// The expenses report as CSV: the claim is paid, and every total is 4.80.
	r := sb.mustRun(t, "expenses", "report", "--from", "2031-03-01", "--to", "2031-03-31", "--format", "csv", "--db", db)
	recs, err := csv.NewReader(strings.NewReader(r.stdout)).ReadAll()
	if err != nil {
		t.Fatalf("the report is not CSV: %v\n%s", err, r.stdout)
	}
	want := []string{"section", "key", "name", "claims", "claimed", "approved", "paid", "rejected", "total"}
	if len(recs) == 0 || strings.Join(recs[0], ",") != strings.Join(want, ",") {
		t.Fatalf("the report's header is %q, want %q", recs[0], want)
	}
	rows := map[string][]string{}
	for _, rec := range recs[1:] {
		rows[rec[0]+"/"+rec[1]] = rec
	}
	for k, w := range map[string]string{
		"person/" + ids["Tom Hughes"]: "person," + ids["Tom Hughes"] + ",Tom Hughes,1,0.00,0.00,4.80,0.00,4.80",
		"category/fare":               "category,fare,Bus or train fare,1,0.00,0.00,4.80,0.00,4.80",
		"status/paid":                 "status,paid,Paid,1,0.00,0.00,4.80,0.00,4.80",
		"status/claimed":              "status,claimed,Claimed,0,0.00,0.00,0.00,0.00,0.00",
		"all/all":                     "all,all,All claims,1,0.00,0.00,4.80,0.00,4.80",
	} {
		if got := strings.Join(rows[k], ","); got != w {
			t.Errorf("report row %s is %q, want %q", k, got, w)
		}
	}
	if len(recs) != 8 {
		t.Errorf("the report has %d rows, want 8 (header, 1 person, 1 category, 4 statuses, all):\n%s", len(recs), r.stdout)
	}
	// Its claim lines (JSON): paid in cash.
	r = sb.mustRun(t, "expenses", "report", "--from", "2031-03-01", "--to", "2031-03-31", "--format", "json", "--db", db)
	var rep struct {
		Lines []struct {
			Person  string `json:"person"`
			Status  string `json:"status"`
			PaidHow string `json:"paid_how"`
			Amount  int64  `json:"amount_pence"`
		} `json:"lines"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatalf("the JSON report: %v\n%s", err, r.stdout)
	}
	if len(rep.Lines) != 1 || rep.Lines[0].Person != "Tom Hughes" || rep.Lines[0].Status != "paid" ||
		rep.Lines[0].PaidHow != "cash" || rep.Lines[0].Amount != 480 {
		t.Errorf("the report's claim lines: %+v", rep.Lines)
	}

	// The run sheet for the taxi firm: Priya's first name, address and
	// postcode, and nothing else about her.
	r = sb.mustRun(t, "transport", "sheet", meetingID, "--db", db)
	for _, w := range []string{"Priya", "12 Rose Street, Manchester", "M13 9PL", "Town Hall"} {
		if !strings.Contains(r.stdout, w) {
			t.Errorf("the run sheet does not have %q:\n%s", w, r.stdout)
		}
	}
	for _, bad := range []string{"Raman", "Hope Forum", "Service user", "hospital", "Maggie", "Okafor", "Tom", "Hughes"} {
		if strings.Contains(r.stdout, bad) {
			t.Errorf("the run sheet has %q:\n%s", bad, r.stdout)
		}
	}
	t.Logf("the whole test took %s", time.Since(start).Round(time.Millisecond))
}

// choose waits for the select field titled title, moves down to option
// and picks it.
func (tm *term) choose(title, option string) {
	tm.t.Helper()
	tm.focusField(title)
	want := regexp.MustCompile(`(?m)^┃ +> ` + regexp.QuoteMeta(option) + ` *$`)
	cursor := regexp.MustCompile(`(?m)^┃ +> (.*?) *$`)
	current := func(s string) string {
		if m := cursor.FindStringSubmatch(s); m != nil {
			return m[1]
		}
		return ""
	}
	for range 20 {
		s := tm.screen()
		if want.MatchString(s) {
			tm.keys("Enter")
			return
		}
		was := current(s)
		tm.keys("Down")
		tm.waitFor("the choice to move from "+was, func(s string) bool { return current(s) != was })
	}
	tm.t.Fatalf("no option %q in %q; the screen:\n%s", option, title, tm.last)
}

// findOnList narrows the list on screen to the one row shown as name,
// typing what, and keeps the filter (the cursor is then on that row).
func (tm *term) findOnList(what, name string) {
	tm.t.Helper()
	tm.press(keymap.List.Filter)
	tm.keys("C-u")
	tm.typeText(what)
	tm.waitAll(`(?m)^› +`+regexp.QuoteMeta(name)+`\b`, `(?m)^/ .*\b1 of \d+ *$`)
	tm.press(keymap.List.AcceptFilter)
}

// openPerson opens the person shown as name from the People list.
func (tm *term) openPerson(name string) {
	tm.t.Helper()
	tm.press(keymap.Global.People)
	tm.waitScreen("People")
	tm.press(keymap.List.Filter)
	tm.keys("C-u")
	tm.typeText(name)
	tm.waitAll(`(?m)^› +`+regexp.QuoteMeta(name)+`\b`, `(?m)^/ .*\b1 of \d+ *$`)
	tm.press(keymap.List.AcceptFilter)
	tm.press(keymap.List.Open)
	tm.waitMatch(`(?m)^ People › ` + regexp.QuoteMeta(name) + ` *$`)
}

// backTo presses Back until the screen titled title shows.
func (tm *term) backTo(title string) {
	tm.t.Helper()
	top := regexp.MustCompile(`(?m)^ ` + regexp.QuoteMeta(title) + ` *$`)
	for range 6 {
		if top.MatchString(tm.screen()) {
			return
		}
		before := strings.SplitN(tm.last, "\n", 3)[1] // the breadcrumb
		tm.esc()
		tm.waitFor("leaving "+before, func(s string) bool {
			lines := strings.SplitN(s, "\n", 3)
			return len(lines) > 1 && lines[1] != before
		})
	}
	tm.t.Fatalf("not back at %s; the screen:\n%s", title, tm.last)
}

// The access screen's week grid: rows start "  HH:MM " (eight columns),
// then seven cells six wide, Monday first; the cursor's cell is " [✓ ] ".
var gridRow = regexp.MustCompile(`^  (\d\d:\d\d) `)

// gridCursor finds the cursor on the week grid: its row's time and its
// column (0 Monday … 6 Sunday).
func gridCursor(screen string) (clock string, col int, ok bool) {
	for _, line := range strings.Split(screen, "\n") {
		m := gridRow.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		r := []rune(line)
		for i := 8; i < len(r); i++ {
			if r[i] == '[' {
				return m[1], (i - 9) / 6, true
			}
		}
	}
	return "", 0, false
}

// gridCell is the mark in the grid's cell at clock, col: ✓ ~ ✗ or ·.
func gridCell(screen, clock string, col int) string {
	for _, line := range strings.Split(screen, "\n") {
		m := gridRow.FindStringSubmatch(line)
		if m == nil || m[1] != clock {
			continue
		}
		r := []rune(line)
		from, to := 8+6*col, 8+6*col+6
		if to > len(r) {
			to = len(r)
		}
		if from >= to {
			return ""
		}
		return strings.Trim(string(r[from:to]), " []*")
	}
	return ""
}

// gridGoto moves the week grid's cursor to the row starting at clock in
// column col, one key at a time, watching it move.
func (tm *term) gridGoto(clock string, col int) {
	tm.t.Helper()
	for range 60 {
		s := tm.waitFor("the grid's cursor", func(s string) bool { _, _, ok := gridCursor(s); return ok })
		at, c, _ := gridCursor(s)
		var b key.Binding
		switch {
		case c < col:
			b = keymap.Grid.Right
		case c > col:
			b = keymap.Grid.Left
		case at < clock:
			b = keymap.Grid.Down
		case at > clock:
			b = keymap.Grid.Up
		default:
			return
		}
		tm.press(b)
		tm.waitFor("the grid's cursor to move", func(s string) bool {
			at2, c2, ok := gridCursor(s)
			return ok && (at2 != at || c2 != c)
		})
	}
	tm.t.Fatalf("the grid's cursor did not reach %s in column %d; the screen:\n%s", clock, col, tm.last)
}

// markRange marks every grid row from clock from up to (not including)
// clock to in column col with the binding, and waits until each cell shows
// sym. It works whatever the grid's row length (30 or 60 minutes).
func (tm *term) markRange(col int, from, to string, b key.Binding, sym string) {
	tm.t.Helper()
	tm.gridGoto(from, col)
	for range 30 {
		at, _, _ := gridCursor(tm.screen())
		if at >= to {
			return
		}
		tm.press(b)
		tm.waitFor("the cell at "+at+" to show "+sym, func(s string) bool { return gridCell(s, at, col) == sym })
		tm.press(keymap.Grid.Down)
		tm.waitFor("the grid's cursor to leave "+at, func(s string) bool {
			at2, _, ok := gridCursor(s)
			return ok && at2 != at
		})
	}
	tm.t.Fatalf("marking %s–%s did not end; the screen:\n%s", from, to, tm.last)
}
