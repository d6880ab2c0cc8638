package tui

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/involve/involve/store"
	"github.com/involve/involve/tui/annual"
	"github.com/involve/involve/tui/equality"
	"github.com/involve/involve/tui/kit"
	"github.com/involve/involve/tui/rights"
)

// Golden screens: what each screen looks like at 80×24 and 120×40, escape
// codes stripped, compared with testdata/golden/*.txt. After a deliberate
// change to the look of a screen:
//
//	go test ./tui -run TestGolden -update
var update = flag.Bool("update", false, "rewrite the golden screens in testdata/golden")

// goldenScreens says how to reach each screen from a fresh app.
type goldenScreen struct {
	name string
	go_  func(t *testing.T, h *harness)
}

var goldenScreens = []goldenScreen{
	{"dashboard", func(t *testing.T, h *harness) {}},
	// People's rights over their data (tui/rights).
	{"erase-person", func(t *testing.T, h *harness) {
		openRichestPerson(t, h)
		h.press(h.keys().Record.Delete)
		activeAs[*rights.EraseScreen](h)
	}},
	{"anonymise-person", func(t *testing.T, h *harness) {
		openRichestPerson(t, h)
		h.press(h.keys().Record.Delete)
		h.press(h.keys().Rights.Mode)
		h.press(h.keys().Rights.Reason)
		activeAs[*rights.EraseScreen](h)
	}},
	{"what-we-hold", func(t *testing.T, h *harness) {
		openRichestPerson(t, h)
		h.press(h.keys().Rights.Export)
		activeAs[*rights.ExportScreen](h)
	}},
	{"requests", func(t *testing.T, h *harness) {
		h.press(h.keys().Global.People)
		h.press(h.keys().Rights.Requests)
		h.press(h.keys().Rights.Closed)
	}},
	{"retention-review", func(t *testing.T, h *harness) {
		h.press(h.keys().Global.People)
		h.press(h.keys().Rights.Review)
	}},
	{"consent-expired", func(t *testing.T, h *harness) {
		h.press(h.keys().Global.People)
		h.press(h.keys().Rights.Consent)
	}},
	{"forums", func(t *testing.T, h *harness) { h.press(h.keys().Global.Forums) }},
	{"people", func(t *testing.T, h *harness) { h.press(h.keys().Global.People) }},
	{"meetings", func(t *testing.T, h *harness) { h.press(h.keys().Global.Meetings) }},
	{"forum", func(t *testing.T, h *harness) {
		h.press(h.keys().Global.Forums)
		h.press(h.keys().List.Open)
		activeAs[*ForumScreen](h)
	}},
	{"meeting", func(t *testing.T, h *harness) {
		openHeldMeeting(t, h)
	}},
	{"meeting-actions", func(t *testing.T, h *harness) {
		openHeldMeeting(t, h)
		h.press(h.keys().Detail.SwitchPane)
		h.press(h.keys().Detail.SwitchPane)
	}},
	{"register", func(t *testing.T, h *harness) {
		openHeldMeeting(t, h)
		h.press(h.keys().Detail.Register)
		activeAs[*RegisterScreen](h)
	}},
	{"people-find", func(t *testing.T, h *harness) {
		h.press(h.keys().Global.People)
		h.press(h.keys().List.Filter)
		h.typeText("an")
	}},
	{"help", func(t *testing.T, h *harness) {
		openHeldMeeting(t, h)
		h.press(h.keys().Detail.Register)
		h.press(h.keys().Global.Help)
	}},
	{"privacy", func(t *testing.T, h *harness) {
		h.press(h.keys().Global.Privacy)
		h.press(h.keys().Global.People)
	}},
	{"stories", func(t *testing.T, h *harness) {
		seedStories(t, h.s)
		h.press(h.keys().Global.Stories)
	}},
	{"story-reader", func(t *testing.T, h *harness) {
		seedStories(t, h.s)
		h.press(h.keys().Global.Stories)
		selectStory(t, activeAs[*StoriesScreen](h), stHill)
		h.press(h.keys().List.Open)
		h.press(h.keys().Stories.GoOn)
		activeAs[*ReaderScreen](h)
	}},
	{"story-reading-mode", func(t *testing.T, h *harness) {
		seedStories(t, h.s)
		h.press(h.keys().Global.Stories)
		h.press(h.keys().Stories.ReadingMode)
		findCard(t, activeAs[*ReadingMode](h), stHill)
		h.press(h.keys().List.Open)
		h.press(h.keys().Stories.GoOn)
		activeAs[*ReaderScreen](h)
	}},
	{"money-claims", func(t *testing.T, h *harness) { moneyPane(t, h, paneClaims) }},
	{"money-payments", func(t *testing.T, h *harness) { moneyPane(t, h, panePayments) }},
	{"money-ledger", func(t *testing.T, h *harness) { moneyPane(t, h, paneLedger) }},
	{"money-rates", func(t *testing.T, h *harness) { moneyPane(t, h, paneRates) }},
	{"person-ledger", func(t *testing.T, h *harness) {
		moneyPane(t, h, paneLedger)
		h.press(h.keys().List.Open)
		activeAs[*PersonLedgerScreen](h)
	}},
	{"meeting-expenses", func(t *testing.T, h *harness) {
		openHeldMeeting(t, h)
		h.press(h.keys().Detail.Expenses)
		activeAs[*MeetingMoneyScreen](h)
	}},
	{"meeting-day", func(t *testing.T, h *harness) {
		openHeldMeeting(t, h)
		h.press(h.keys().Detail.MeetingDay)
		activeAs[*RegisterScreen](h)
	}},
	{"meeting-day-privacy", func(t *testing.T, h *harness) {
		openHeldMeeting(t, h)
		h.press(h.keys().Detail.MeetingDay)
		activeAs[*RegisterScreen](h)
		h.press(h.keys().Global.Privacy)
	}},
	{"transport", func(t *testing.T, h *harness) { trOpen(t, h) }},
	{"transport-firm", func(t *testing.T, h *harness) {
		ts, m, people := trOpen(t, h)
		trBookFirms(t, h, m.ID, people)
		h.run(ts.Refresh())
		trPickFirm(t, h, "City Cars")
	}},
	{"money-claims-privacy", func(t *testing.T, h *harness) {
		moneyPane(t, h, paneClaims)
		h.press(h.keys().Global.Privacy)
	}},
	{"money-ledger-privacy", func(t *testing.T, h *harness) {
		moneyPane(t, h, paneLedger)
		h.press(h.keys().Global.Privacy)
	}},
	{"slots", func(t *testing.T, h *harness) {
		slOpenForum(t, h)
		slFind(t, h)
	}},
	{"slots-list", func(t *testing.T, h *harness) {
		slOpenForum(t, h)
		slFind(t, h)
		h.press(h.keys().Detail.SwitchPane)
	}},
	{"annual-report", func(t *testing.T, h *harness) {
		h.press(h.keys().Report.Open)
		activeAs[*annual.Screen](h)
	}},
	{"annual-report-money", func(t *testing.T, h *harness) {
		h.press(h.keys().Report.Open)
		scrollTo(t, h, "Money by category")
	}},
	{"access-week", func(t *testing.T, h *harness) { acOpen(t, h) }},
	{"access-exceptions", func(t *testing.T, h *harness) { accessPane(t, h, accessExceptions) }},
	{"access-needs", func(t *testing.T, h *harness) { accessPane(t, h, accessNeeds) }},
	{"audit", func(t *testing.T, h *harness) {
		// Settings are the records whose ids are the same on every run.
		cora, err := h.s.As(context.Background(), store.Actor{Name: "Cora", Role: store.TeamCoordinator})
		if err != nil {
			t.Fatal(err)
		}
		for _, err := range []error{cora.SetBackupKeep(context.Background(), 9), cora.SetBackupOffer(context.Background(), false)} {
			if err != nil {
				t.Fatal(err)
			}
		}
		h.press(h.keys().Team.Audit)
		activeAs[*kit.ListScreen](h)
	}},
	{"equality-form", func(t *testing.T, h *harness) {
		eqOpenPerson(t, h, eqPerson(t, h, true))
		h.press(h.keys().Detail.Equality)
		activeAs[*kit.FormScreen](h)
	}},
	{"equality-ethnic", func(t *testing.T, h *harness) {
		eqOpenPerson(t, h, eqPerson(t, h, true))
		h.press(h.keys().Detail.Equality)
		eqFocus(t, h, activeAs[*kit.FormScreen](h), "ethnic")
	}},
	{"reach", func(t *testing.T, h *harness) {
		h.press(h.keys().Global.Forums)
		h.press(h.keys().Reach.Open)
		activeAs[*equality.ReachScreen](h)
	}},
	{"reach-forum", func(t *testing.T, h *harness) {
		h.press(h.keys().Global.Forums)
		h.press(h.keys().List.Open)
		h.press(h.keys().Reach.Open)
		h.press(h.keys().Reach.NextQuestion)
		activeAs[*equality.ReachScreen](h)
	}},
}

// emptyGoldenScreens are on a new database: what each section says when
// there is nothing yet.
var emptyGoldenScreens = []goldenScreen{
	{"empty-dashboard", func(t *testing.T, h *harness) {}},
	{"empty-forums", func(t *testing.T, h *harness) { h.press(h.keys().Global.Forums) }},
	{"empty-people", func(t *testing.T, h *harness) { h.press(h.keys().Global.People) }},
	{"empty-meetings", func(t *testing.T, h *harness) { h.press(h.keys().Global.Meetings) }},
	{"empty-money-claims", func(t *testing.T, h *harness) { moneyPane(t, h, paneClaims) }},
	{"empty-money-payments", func(t *testing.T, h *harness) { moneyPane(t, h, panePayments) }},
	{"empty-money-ledger", func(t *testing.T, h *harness) { moneyPane(t, h, paneLedger) }},
	{"empty-money-rates", func(t *testing.T, h *harness) { moneyPane(t, h, paneRates) }},
	{"empty-stories", func(t *testing.T, h *harness) { h.press(h.keys().Global.Stories) }},
	{"empty-annual-report", func(t *testing.T, h *harness) { h.press(h.keys().Report.Open) }},
}

// moneyPane opens the Money section on one of its panes.
func moneyPane(t *testing.T, h *harness, pane int) {
	t.Helper()
	s := openMoney(t, h)
	for s.pane != pane {
		h.press(h.keys().Detail.SwitchPane)
	}
}

// accessPane opens a person's access and availability on one of its panes.
func accessPane(t *testing.T, h *harness, pane int) {
	t.Helper()
	s, _, _ := acOpen(t, h)
	for s.pane != pane {
		h.press(h.keys().Detail.SwitchPane)
	}
}

// openHeldMeeting opens the latest meeting that was held (it has an agenda,
// minutes and a register with people marked).
func openHeldMeeting(t *testing.T, h *harness) {
	t.Helper()
	h.press(h.keys().Global.Meetings)
	ls := activeAs[*kit.ListScreen](h)
	findRow(t, ls.List(), func(r kit.Row) bool { return r.Cells[4] == store.MeetingHeld.Label() })
	h.press(h.keys().List.Open)
	activeAs[*MeetingScreen](h)
}

func TestGolden(t *testing.T) {
	// NO_COLOR changes the markdown style; the golden screens are drawn
	// with colour (then stripped).
	t.Setenv("NO_COLOR", "")
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		for i, sc := range append(goldenScreens, emptyGoldenScreens...) {
			empty := i >= len(goldenScreens)
			name := fmt.Sprintf("%s-%dx%d", sc.name, size[0], size[1])
			t.Run(name, func(t *testing.T) {
				opts := []harnessOpt{withSize(size[0], size[1])}
				if empty {
					opts = append(opts, withNewDatabase(t))
				}
				h := newHarness(t, opts...)
				sc.go_(t, h)
				got := goldenText(t, h)
				checkFits(t, h)
				checkGolden(t, name, got)
			})
		}
	}
}

// goldenText is the screen, stripped of escape codes and trailing spaces,
// after checking that it is exactly the terminal's size.
func goldenText(t *testing.T, h *harness) string {
	t.Helper()
	raw := strings.Split(h.m.View().Content, "\n")
	if len(raw) != h.height {
		t.Errorf("the view has %d lines, want %d", len(raw), h.height)
	}
	out := make([]string, len(raw))
	for i, l := range raw {
		if w := ansi.StringWidth(l); w > h.width {
			t.Errorf("line %d is %d cells wide, more than %d: %q", i+1, w, h.width, ansi.Strip(l))
		}
		out[i] = strings.TrimRight(ansi.Strip(l), " ")
	}
	return strings.Join(out, "\n") + "\n"
}

// checkFits fails if the screen on top draws more than the room it is
// given: a line wider than the terminal, or more lines than fit between
// the header and the footer. The root model cuts such a screen to size as
// a last resort, and what it cuts is lost without a sign (or with only a
// "…" at the edge): every screen must wrap or shorten its own text.
func checkFits(t *testing.T, h *harness) {
	t.Helper()
	c := h.m.Common()
	s := h.active()
	w, ht := c.Width, c.Height
	if _, ok := s.(kit.Fullscreen); ok && fullscreen(s) {
		ht = h.height - 1
	}
	if h.m.showHelp {
		return // the help view is the root's, checked by the golden width test
	}
	lines := strings.Split(s.View(), "\n")
	if len(lines) > ht {
		t.Errorf("%s draws %d lines in a room of %d: the last are cut off:\n%s", s.Title(), len(lines), ht, ansi.Strip(strings.Join(lines[ht:], "\n")))
	}
	for i, l := range lines {
		if lw := ansi.StringWidth(l); lw > w {
			t.Errorf("%s: line %d is %d cells wide in a room of %d, and is cut: %q", s.Title(), i+1, lw, w, ansi.Strip(l))
		}
	}
}

func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name+".txt")
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./tui -run TestGolden -update to make it)", err)
	}
	if string(want) != got {
		t.Errorf("%s differs from %s (-update rewrites it after a deliberate change):\n%s", name, path, lineDiff(string(want), got))
	}
}

// lineDiff shows the lines that differ, numbered.
func lineDiff(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	for i := range max(len(wl), len(gl)) {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			fmt.Fprintf(&b, "%3d want │%s\n%3d got  │%s\n", i+1, w, i+1, g)
		}
	}
	b.WriteString("\ngot:\n" + got)
	return b.String()
}

// TestGoldenScreensFit reads every golden screen and fails on a line wider
// than its terminal, or on a word cut at the right edge without "…". A
// word counts as cut when it fills the line to the last column and is, in
// the same screen at either size, only ever seen as the start of a longer
// word ("Alb" where the wider screen says "Albion"): whole words that
// happen to end at the edge ("carer", "quit") are not cut.
func TestGoldenScreensFit(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "golden", "*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden screens: %v", err)
	}
	sizeRe := regexp.MustCompile(`^(.*)-(\d+)x(\d+)\.txt$`)
	type screen struct {
		path   string
		width  int
		height int
		lines  []string
	}
	byName := map[string][]screen{}
	for _, f := range files {
		m := sizeRe.FindStringSubmatch(filepath.Base(f))
		if m == nil {
			t.Errorf("%s: the name does not say the size (NAME-WxH.txt)", f)
			continue
		}
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		w, _ := strconv.Atoi(m[2])
		h, _ := strconv.Atoi(m[3])
		byName[m[1]] = append(byName[m[1]], screen{f, w, h, strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")})
	}
	// The words seen whole, and the beginnings of words, in every screen
	// (case aside): a word at the edge is taken for cut only if it is never
	// seen whole anywhere but is seen as the start of a longer word.
	whole, starts := map[string]bool{}, map[string]bool{}
	for _, screens := range byName {
		for _, sc := range screens {
			for _, l := range sc.lines {
				ws := wordRe.FindAllString(l, -1)
				if ansi.StringWidth(l) >= sc.width && lastWord(l) != "" {
					ws = ws[:len(ws)-1] // at the edge: perhaps cut, so no witness
				}
				for _, w := range ws {
					w = strings.ToLower(w)
					whole[w] = true
					for i := range w {
						if i > 0 {
							starts[w[:i]] = true
						}
					}
				}
			}
		}
	}
	for name, screens := range byName {
		for _, sc := range screens {
			if len(sc.lines) != sc.height {
				t.Errorf("%s has %d lines, not %d", sc.path, len(sc.lines), sc.height)
			}
			for i, l := range sc.lines {
				lw := ansi.StringWidth(l)
				if lw > sc.width {
					t.Errorf("%s:%d is %d cells wide, more than %d: %q", sc.path, i+1, lw, sc.width, l)
					continue
				}
				if lw < sc.width {
					continue
				}
				last := strings.ToLower(lastWord(l))
				if last != "" && !whole[last] && starts[last] {
					t.Errorf("%s:%d ends in %q, cut at the edge without \"…\" (%s): %q", sc.path, i+1, last, name, l)
				}
			}
		}
	}
}

// wordRe finds words: letters, with apostrophes and hyphens inside.
var wordRe = regexp.MustCompile(`\pL+(?:['’-]\pL+)*`)

// lastWord is the word a line ends in, or "" if it ends in something else.
func lastWord(l string) string {
	ws := wordRe.FindAllStringIndex(l, -1)
	if len(ws) == 0 || ws[len(ws)-1][1] != len(l) {
		return ""
	}
	return l[ws[len(ws)-1][0]:]
}

// openRichestPerson opens the page of the demo person with the most kinds
// of record held about them (the one a subject access export shows most
// of), through the People list.
func openRichestPerson(t *testing.T, h *harness) {
	t.Helper()
	people, err := h.s.People(bg())
	if err != nil {
		t.Fatal(err)
	}
	best, most := "", -1
	for _, p := range people {
		sa, err := h.s.SubjectAccess(bg(), p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(sa.Sections) > most {
			best, most = p.ID, len(sa.Sections)
		}
	}
	h.press(h.keys().Global.People)
	ls := activeAs[*kit.ListScreen](h)
	if !ls.List().Select(best) {
		t.Fatalf("no row %s", best)
	}
	h.press(h.keys().List.Open)
	activeAs[*PersonScreen](h)
}
