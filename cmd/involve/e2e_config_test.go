package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/involve/involve/tui/kit"
)

// writeSettings puts a settings file where involve looks for it: the
// sandbox's XDG config folder.
func (s *sandbox) writeSettings(t *testing.T, text string) string {
	t.Helper()
	dir := filepath.Join(s.dir, "home", "config", "involve")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "config.toml")
	if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// Keys remapped in the settings file are the keys the program answers to,
// and the ones it names.
func TestE2EConfigRemapsKeys(t *testing.T) {
	needTmux(t)
	t.Parallel()
	sb := newSandbox(t)
	db := sb.path("demo.db")
	sb.mustRun(t, "demo", db)
	sb.writeSettings(t, "[keys]\n\"global.people\" = [\"alt+p\"]\n\"global.quit\" = \"Q\"\n\"global.help\" = [\"f1\"]\n")
	km := kit.DefaultKeyMap()
	if errs := km.Apply([]kit.Remap{{Action: "global.people", Keys: []string{"alt+p"}}, {Action: "global.quit", Keys: []string{"Q"}},
		{Action: "global.help", Keys: []string{"f1"}}}); len(errs) > 0 {
		t.Fatal(errs)
	}
	g := km.Global

	tm := sb.startApp(t, 100, 30, db)
	tm.waitText("f1 help  Q quit")
	tm.keys("3") // the standard key for People: nothing now
	tm.press(g.People)
	tm.waitScreen("People")
	tm.press(g.Help)
	tm.waitText("Keys for People", "alt+p", "people")
	tm.esc()
	tm.waitGone("Keys for People")
	tm.keys("q") // the standard quit: nothing now
	tm.waitScreen("People")
	if d, _ := tm.dead(); d {
		t.Fatal("q quit, though it was remapped")
	}
	tm.press(g.Quit)
	if st := tm.waitExit(); st != "0" {
		t.Fatalf("exit status %s", st)
	}
}

// A settings file with a mistake: the program starts on the standard
// settings and says FILE:LINE: what, on its status line and on standard
// error (left on the terminal when it quits).
func TestE2EBrokenConfigStartsOnDefaults(t *testing.T) {
	needTmux(t)
	t.Parallel()
	sb := newSandbox(t)
	db := sb.path("demo.db")
	sb.mustRun(t, "demo", db)
	p := sb.writeSettings(t, "theme = \"dark\"\n[keys]\n\"global.quit\" = [\"Q\"\n")

	tm := sb.startApp(t, 100, 30, db)
	tm.waitText("config.toml:3:", "The standard settings are in use.")
	tm.press(keymap.Global.People) // the standard keys work
	tm.waitScreen("People")
	tm.press(keymap.Global.Quit)
	if st := tm.waitExit(); st != "0" {
		t.Fatalf("exit status %s", st)
	}
	// The screen and what scrolled off it.
	scr := tm.mustTmux("capture-pane", "-p", "-S", "-100", "-t", tm.target)
	if !strings.Contains(scr, p+":3:") || !strings.Contains(scr, "the settings file was not used") {
		t.Fatalf("standard error did not name the problem:\n%s", scr)
	}
}

// In accessible mode a form asks its questions a line at a time on the
// terminal, and nothing on the screens is drawn with lines.
func TestE2EAccessibleForm(t *testing.T) {
	needTmux(t)
	t.Parallel()
	sb := newSandbox(t)
	db := sb.path("demo.db")
	sb.mustRun(t, "demo", db)

	tm := sb.startTerm(t, 80, 24, "--db", db, "--accessible")
	tm.waitText("[1 Dashboard]", "Row 1 of")
	tm.press(keymap.Global.Forums)
	tm.waitText("[2 Forums]")
	tm.press(keymap.Record.New)
	tm.waitText("Type each answer and press enter", "Name")
	tm.typeText("Harbour Voices")
	tm.keys("Enter")
	tm.waitText("Purpose")
	tm.keys("Enter")
	tm.waitText("Usual venue")
	tm.typeText("The Lifeboat Rooms")
	tm.keys("Enter")
	tm.waitText("Usual pattern")
	tm.keys("Enter")
	tm.waitText("Has a social element? [y/N]")
	tm.typeText("y")
	tm.keys("Enter")
	scr := tm.waitText("Saved Harbour Voices.", "[2 Forums]")
	if strings.ContainsFunc(scr, func(r rune) bool { return r >= 0x2500 && r <= 0x259F }) {
		t.Errorf("the screen draws lines in accessible mode:\n%s", scr)
	}
	tm.press(keymap.Global.Quit)
	tm.waitExit()
	found := false
	for _, f := range sb.exportDoc(t, db).Forums {
		found = found || f.Name == "Harbour Voices"
	}
	if !found {
		t.Fatal("the forum answered for is not in the database")
	}
}
