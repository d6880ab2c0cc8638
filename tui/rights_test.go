package tui

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/involve/involve/civil"
	"github.com/involve/involve/store"
	"github.com/involve/involve/tui/consult"
	"github.com/involve/involve/tui/kit"
	"github.com/involve/involve/tui/rights"
)

// finishForm moves through a form with tab until it saves (or fails the
// test if it does not).
func finishForm(t *testing.T, h *harness) {
	t.Helper()
	f := activeAs[*kit.FormScreen](h)
	for i := 0; h.active() == kit.Screen(f); i++ {
		if i > 30 {
			t.Fatalf("the form does not finish:\n%s", h.screen())
		}
		h.pressKey("tab")
	}
}

// D on a person's page shows the choice first: erase or anonymise, and
// why, what goes and what stays; no changes nothing; yes forgets them, logs
// who did it and why, and closes their page.
func TestEraseScreenShowsTheChoiceFirst(t *testing.T) {
	h := newHarness(t)
	h.m.Common().User = "kim"
	openRichestPerson(t, h)
	p := activeAs[*PersonScreen](h).person
	h.press(h.keys().Record.Delete)
	e := activeAs[*rights.EraseScreen](h)
	h.wantScreen("(•) Erase", "( ) Anonymise", "they asked to be forgotten", "Goes for good", "register lines",
		"Kept, with no name or link to them", "y erase now")
	h.press(h.keys().Rights.Mode)
	h.wantScreen("(•) Anonymise", "a story they agreed to share stays", "y anonymise now")
	h.press(h.keys().Rights.Mode)
	h.press(h.keys().Rights.Reason)
	h.wantScreen("retention review: no involvement for years")
	h.press(h.keys().Confirm.No)
	activeAs[*PersonScreen](h)
	h.wantScreen("Nothing was changed.")
	if _, err := h.s.Person(bg(), p.ID); err != nil {
		t.Fatalf("no, and the person went: %v", err)
	}

	h.press(h.keys().Record.Delete)
	if h.active() == kit.Screen(e) {
		t.Fatal("the same screen came back, not a new one")
	}
	activeAs[*rights.EraseScreen](h)
	h.press(h.keys().Confirm.Yes)
	activeAs[*kit.ListScreen](h)
	h.wantScreen("Erased "+p.DisplayName()+":", "kept with no name")
	if _, err := h.s.Person(bg(), p.ID); err != store.ErrNotFound {
		t.Fatalf("after yes the person is there: %v", err)
	}
	log, _ := h.s.Erasures(bg())
	if len(log) != 2 || log[0].By != "kim" || log[0].Reason != store.ReasonRequest || log[0].Mode != store.ModeErase {
		t.Errorf("the log: %+v", log)
	}
}

// While the privacy screen is on, no one is erased and nothing held about
// anyone is shown.
func TestRightsRespectThePrivacyScreen(t *testing.T) {
	h := newHarness(t)
	openRichestPerson(t, h)
	h.press(h.keys().Global.Privacy)
	h.press(h.keys().Record.Delete)
	activeAs[*PersonScreen](h)
	h.wantScreen("turn it off (ctrl+p) to erase someone")
	h.press(h.keys().Rights.Export)
	activeAs[*PersonScreen](h)
	h.press(h.keys().Global.Privacy)
	h.press(h.keys().Rights.Export)
	x := activeAs[*rights.ExportScreen](h)
	h.wantScreen("What we hold about you:")
	h.press(h.keys().Global.Privacy)
	if h.active() != kit.Screen(x) {
		t.Fatalf("the export closed: %T", h.active())
	}
	h.wantScreen("hidden while the privacy screen is on")
	h.notScreen("What we hold about you:")
}

// X shows everything held about a person; w writes it to a private file.
func TestExportScreenWritesAPrivateFile(t *testing.T) {
	h := newHarness(t)
	openRichestPerson(t, h)
	p := activeAs[*PersonScreen](h).person
	h.press(h.keys().Rights.Export)
	activeAs[*rights.ExportScreen](h)
	h.wantScreen("What we hold about you: "+p.Name, "Your details", "Why we hold it")
	h.press(h.keys().List.Bottom)
	h.wantScreen("How to complain", "ico.org.uk")
	h.press(h.keys().Rights.Save)
	activeAs[*kit.FormScreen](h)
	file := filepath.Join(t.TempDir(), "out", "sar.md")
	h.typeText(file)
	finishForm(t, h)
	h.wantScreen("Wrote what we hold about")
	info, err := os.Stat(file)
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("the file: %v %v", info, err)
	}
	data, _ := os.ReadFile(file)
	if !strings.Contains(string(data), "# What we hold about you: "+p.Name) {
		t.Errorf("the file holds:\n%.300s", data)
	}
}

// R on People lists the requests with their due dates; n records one for
// a person, received today, due as the ICO counts it; D deletes one
// recorded by mistake.
func TestRequestsScreen(t *testing.T) {
	h := newHarness(t)
	h.press(h.keys().Global.People)
	h.press(h.keys().Rights.Requests)
	ls := activeAs[*kit.ListScreen](h)
	if ls.List().Len() != 1 {
		t.Fatalf("%d open requests, want 1:\n%s", ls.List().Len(), h.screen())
	}
	h.press(h.keys().Rights.Closed)
	if ls.List().Len() != 2 {
		t.Fatalf("with closed ones: %d", ls.List().Len())
	}
	h.press(h.keys().Record.New)
	activeAs[*kit.Picker](h)
	h.pressKey("enter") // keep the find
	h.pressKey("enter") // choose
	activeAs[*kit.FormScreen](h)
	finishForm(t, h)
	h.wantScreen("Request 3 from ")
	r, err := h.s.Request(bg(), "3")
	if err != nil {
		t.Fatal(err)
	}
	today := civil.In(fixedNow, store.London)
	if r.Received != today || r.Clock(today).State != store.ClockRunning {
		t.Errorf("the new request: %+v", r)
	}
	row, ok := ls.List().Selected()
	if !ok || row.ID != r.ID {
		t.Fatalf("the cursor is not on the new request: %v", row.Cells)
	}
	// Dates as every other screen shows them.
	if row.Cells[3] != "10 Mar 2026" || row.Cells[4] != "10 Apr 2026" {
		t.Errorf("received %q, due %q; want 10 Mar 2026 and 10 Apr 2026", row.Cells[3], row.Cells[4])
	}
	h.press(h.keys().Record.Delete)
	activeAs[*kit.Confirm](h)
	h.wantScreen("Delete request 3?")
	h.press(h.keys().Confirm.Yes)
	h.wantScreen("Deleted request 3.")
	if _, err := h.s.Request(bg(), "3"); err == nil {
		t.Error("the request is still there")
	}
}

// V on People lists the people due for review; k keeps one, saying why,
// until the next review; a anonymises one, for the retention review.
func TestRetentionReviewScreen(t *testing.T) {
	h := newHarness(t)
	h.press(h.keys().Global.People)
	h.press(h.keys().Rights.Review)
	ls := activeAs[*kit.ListScreen](h)
	n := ls.List().Len()
	if n < 2 {
		t.Fatalf("%d due for review", n)
	}
	first, _ := ls.List().Selected()
	if !regexp.MustCompile(`^\d{1,2} [A-Z][a-z]{2} \d{4}$`).MatchString(first.Cells[2]) {
		t.Errorf("last involved %q, want a date like 4 Feb 2022", first.Cells[2])
	}
	h.press(h.keys().Rights.Keep)
	activeAs[*kit.FormScreen](h)
	h.typeText("Still on the newsletter list")
	finishForm(t, h)
	h.wantScreen("Kept ", "until the next review on")
	if ls.List().Len() != n-1 {
		t.Fatalf("kept, but still listed: %d rows", ls.List().Len())
	}
	second, _ := ls.List().Selected()
	if second.ID == first.ID {
		t.Fatal("the kept person is under the cursor")
	}
	h.press(h.keys().Rights.Anonymise)
	activeAs[*rights.EraseScreen](h)
	h.wantScreen("(•) Anonymise", "retention review")
	h.press(h.keys().Confirm.Yes)
	activeAs[*kit.ListScreen](h)
	h.wantScreen("Anonymised ")
	log, _ := h.s.Erasures(bg())
	if log[0].Reason != store.ReasonRetention || log[0].Mode != store.ModeAnonymise {
		t.Errorf("the log: %+v", log[0])
	}
}

// The dashboard's rights list: a request due opens the requests with it
// under the cursor; the review and the expired consents open their lists.
func TestDashboardRights(t *testing.T) {
	h := newHarness(t)
	d := activeAs[*Dashboard](h)
	h.wantScreen("People's rights over their data", "Request 2 from")
	at := slices.Index(d.titles, "People's rights over their data")
	if at < builtIn {
		t.Fatalf("the rights panel is at %d of %q", at, d.titles)
	}
	rows := d.lists[at]
	if rows.Len() != 3 {
		t.Fatalf("%d rows", rows.Len())
	}
	d.focus = at
	rows.SetCursor(2)
	h.wantScreen("Review 2 people", "consent to be contacted expired")
	rows.SetCursor(0)
	req, _ := rows.Selected()
	h.press(h.keys().List.Open)
	ls := activeAs[*kit.ListScreen](h)
	if sel, _ := ls.List().Selected(); sel.ID != req.ID {
		t.Errorf("the requests open on %v", sel.Cells)
	}
	h.press(h.keys().Global.Back)
	rows.SetCursor(2)
	h.press(h.keys().List.Open)
	activeAs[*kit.ListScreen](h)
	h.wantScreen("Consent expired")
	h.press(h.keys().List.Open)
	pp := activeAs[*PersonScreen](h)
	if pp.person.ContactConsent(store.LocalDate(fixedNow)) != store.ContactExpired {
		t.Errorf("%s's consent has not expired", pp.person.Name)
	}
	h.wantScreen("Expired: due for review on")
}

// The dashboard is drawn before people's rights have been counted (a
// count over every person the first frame does not wait for), with its own
// lists and the consultations; the rights panel shows no empty text that
// is not yet true while it loads; then it comes.
func TestDashboardDrawsBeforeTheRightsPanel(t *testing.T) {
	h := newHarness(t)
	c := h.m.Common()
	d := NewDashboard(c, consult.DashboardPanels(c), rights.DashboardPanels(c))
	d.SetSize(120, 36)
	_, cmd := d.Update(d.Init()())
	if v := d.View(); !strings.Contains(v, "Next meetings") || !strings.Contains(v, "Consultations: decisions awaited") || strings.Contains(v, "People's rights over their data") {
		t.Fatalf("before the rights panel loads the dashboard shows:\n%s", v)
	}
	if cmd == nil {
		t.Fatal("the dashboard came without a load of the rights panel")
	}
	d.Update(cmd())
	if v := d.View(); !strings.Contains(v, "People's rights over their data") || !strings.Contains(v, "Request 2 from") || !strings.Contains(v, "Consultations: decisions awaited") {
		t.Fatalf("once the rights panel loads the dashboard shows:\n%s", v)
	}
}
