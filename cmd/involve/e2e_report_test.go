package main

import (
	"fmt"
	"regexp"
	"strconv"
	"testing"
)

// The annual report in a real terminal: y on the dashboard opens this
// financial year's, rendered, with its charts as bars of text further down;
// < shows the year before; esc goes back to the dashboard.
func TestE2EAnnualReport(t *testing.T) {
	needTmux(t)
	t.Parallel()
	sb := newSandbox(t)
	db := sb.path("involve.db")
	sb.mustRun(t, "demo", db)
	r, l, g := keymap.Report, keymap.List, keymap.Global

	tm := sb.startApp(t, 80, 24, db)
	tm.press(r.Open)
	scr := tm.waitAll(`Annual involvement report \d{4}-\d{2}`, `Forums and meetings`)
	first, _ := strconv.Atoi(regexp.MustCompile(`Annual involvement report (\d{4})-\d{2}`).FindStringSubmatch(scr)[1])

	// Page down to the chart of attendance by month: bars of text.
	bars := regexp.MustCompile(`(?m)^ +[A-Z][a-z]{2} \d{2} █+`)
	for i := 0; !bars.MatchString(tm.screen()); i++ {
		if i == 20 {
			t.Fatalf("no bars of the attendance chart:\n%s", tm.screen())
		}
		before := tm.screen()
		tm.press(l.PageDown)
		tm.waitFor("the report to scroll", func(s string) bool { return s != before })
	}

	tm.press(r.PrevYear)
	tm.waitText(fmt.Sprintf("Annual involvement report %d-%02d", first-1, first%100), fmt.Sprintf("1 April %d to 31 March %d", first-1, first))
	tm.press(g.Back)
	tm.waitText("Next meetings")
	tm.press(g.Quit)
	if status := tm.waitExit(); status != "0" {
		t.Fatalf("involve exited with status %s", status)
	}
}
