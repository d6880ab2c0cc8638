package tui

import (
	"strings"
	"testing"

	"github.com/involve/involve/store"
	"github.com/involve/involve/tui/annual"
)

// scrollTo pages down until want is on the screen.
func scrollTo(t *testing.T, h *harness, want string) {
	t.Helper()
	for range 100 {
		if strings.Contains(h.screen(), want) {
			return
		}
		h.press(h.keys().List.PageDown)
	}
	t.Fatalf("%q never came into view:\n%s", want, h.screen())
}

// The dashboard's y opens the annual report of the financial year holding
// today, rendered (with its charts as bars of text); < and > show the year
// before and after, and esc goes back.
func TestAnnualReportScreen(t *testing.T) {
	h := newHarness(t, withSize(100, 30))
	h.press(h.keys().Report.Open)
	s := activeAs[*annual.Screen](h)
	if s.Title() != "Annual report 2025-26" {
		t.Errorf("opened %q, want the year holding 10 March 2026", s.Title())
	}
	h.wantScreen("Annual involvement report 2025-26", "1 April 2025 to 31 March 2026", "Forums and meetings")
	scrollTo(t, h, "Attendance by month")
	scrollTo(t, h, "█")
	scrollTo(t, h, "Money by category")
	h.wantScreen("£")

	h.press(h.keys().Report.PrevYear)
	h.wantScreen("Annual involvement report 2024-25", "1 April 2024 to 31 March 2025")
	if s.Title() != "Annual report 2024-25" {
		t.Errorf("after <: %q", s.Title())
	}
	h.press(h.keys().Report.NextYear)
	h.press(h.keys().Report.NextYear)
	h.wantScreen("Annual involvement report 2026-27")

	// The help lists the screen's keys.
	h.press(h.keys().Global.Help)
	h.wantScreen("year before", "year after")
	h.press(h.keys().Global.Help)

	h.press(h.keys().Global.Back)
	activeAs[*Dashboard](h)
}

// Nothing the report shows changes with the privacy screen: it names
// nobody, so it stays readable with the room looking.
func TestAnnualReportUnderPrivacy(t *testing.T) {
	h := newHarness(t)
	h.press(h.keys().Report.Open)
	body := func() string { return strings.Join(h.lines()[2:len(h.lines())-2], "\n") } // below the header, above the status and footer
	before := body()
	h.press(h.keys().Global.Privacy)
	h.wantScreen("PRIVACY")
	if after := body(); after != before {
		t.Errorf("the report changed under the privacy screen:\n%s\n---\n%s", before, after)
	}
	people, err := h.s.People(bg())
	if err != nil {
		t.Fatal(err)
	}
	screen := h.screen()
	for _, p := range people {
		if len(p.Name) > 4 && strings.Contains(screen, p.Name) {
			t.Errorf("the report names %s", p.Name)
		}
	}
}

// A story shown in reading mode is noted as read at a forum, once a day,
// and the annual report counts it; one only opened in the library is not.
func TestReadingModeNotesStoriesRead(t *testing.T) {
	h := newHarness(t)
	seedStories(t, h.s)
	year := func() (int, int) {
		from, to, _ := store.FinancialYear("2025-26")
		r, n, err := h.s.StoryReadings(bg(), from, to)
		if err != nil {
			t.Fatal(err)
		}
		return r, n
	}
	before, _ := year()
	h.press(h.keys().Global.Stories)
	selectStory(t, activeAs[*StoriesScreen](h), stHill)
	h.press(h.keys().List.Open) // the library's reader: not a reading at a forum
	h.press(h.keys().Stories.GoOn)
	activeAs[*ReaderScreen](h)
	if r, _ := year(); r != before {
		t.Fatalf("opening a story in the library noted a reading")
	}
	h.press(h.keys().Global.Back)
	h.press(h.keys().Stories.ReadingMode)
	findCard(t, activeAs[*ReadingMode](h), stHill)
	h.press(h.keys().List.Open)
	if r, _ := year(); r != before {
		t.Fatalf("content notes alone noted a reading")
	}
	h.press(h.keys().Stories.GoOn)
	activeAs[*ReaderScreen](h)
	if r, _ := year(); r != before+1 {
		t.Fatalf("readings %d, want %d after the story showed in reading mode", r, before+1)
	}
	// Again the same day: still one.
	h.press(h.keys().Global.Back)
	h.press(h.keys().List.Open)
	h.press(h.keys().Stories.GoOn)
	activeAs[*ReaderScreen](h)
	if r, _ := year(); r != before+1 {
		t.Fatalf("readings %d, want %d: a story counts once a day", r, before+1)
	}
}
