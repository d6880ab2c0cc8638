package tui

import (
	"fmt"
	"image/color"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/involve/involve/store"
	"github.com/involve/involve/tui/kit"
)

// withOptions changes the app's options.
func withOptions(fn func(*Options)) harnessOpt {
	return func(c *harnessConfig) { fn(&c.opt) }
}

// remapEverything gives every action of the key map a key of its own that
// no action has in the standard map (alt+a, ctrl+alt+a, shift+f1…), as a
// settings file could.
func remapEverything(t *testing.T) *kit.KeyMap {
	t.Helper()
	var pool []string
	for _, mod := range []string{"alt+", "ctrl+alt+"} {
		for c := 'a'; c <= 'z'; c++ {
			pool = append(pool, mod+string(c))
		}
		for c := '0'; c <= '9'; c++ {
			pool = append(pool, mod+string(c))
		}
	}
	for _, mod := range []string{"", "alt+", "ctrl+", "shift+", "ctrl+alt+", "ctrl+shift+", "alt+shift+"} {
		for i := 1; i <= 20; i++ {
			pool = append(pool, fmt.Sprintf("%sf%d", mod, i))
		}
	}
	km := kit.DefaultKeyMap()
	std := map[string]bool{}
	for _, a := range km.Actions() {
		for _, k := range a.Binding.Keys() {
			std[k] = true
		}
	}
	actions := km.Actions()
	if len(actions) > len(pool) {
		t.Fatalf("%d actions, and only %d keys to give them", len(actions), len(pool))
	}
	remaps := make([]kit.Remap, len(actions))
	for i, a := range actions {
		if std[pool[i]] {
			t.Fatalf("%s is a standard key", pool[i])
		}
		remaps[i] = kit.Remap{Action: a.Name, Keys: []string{pool[i]}, Line: i + 1}
	}
	if errs := km.Apply(remaps); len(errs) > 0 {
		t.Fatalf("remapping every action: %v", errs)
	}
	return km
}

// With every key remapped, the flows work by action name (as lazygit's
// tests press keys), the standard keys do nothing, and help, footers and
// messages name the keys the map gives.
func TestEveryKeyRemapped(t *testing.T) {
	km := remapEverything(t)
	h := newHarness(t, withOptions(func(o *Options) { o.Keys = km }))
	g := h.keys().Global
	if g.Quit.Keys()[0] == "q" {
		t.Fatal("the harness does not use the remapped keys")
	}

	// The standard keys do nothing now.
	for _, k := range []string{"q", "2", "3", "?", "ctrl+p", "tab"} {
		h.pressKey(k)
		if h.quit || h.m.sec != secDashboard || h.m.showHelp || h.m.c.Privacy {
			t.Fatalf("the standard key %s still works: quit %v, section %d, help %v, privacy %v", k, h.quit, h.m.sec, h.m.showHelp, h.m.c.Privacy)
		}
	}
	// The footer names the remapped help and quit keys.
	h.wantScreen(g.Help.Help().Key+" help", g.Quit.Help().Key+" quit")
	h.notScreen("? help")

	// Find someone on a register and mark them attended.
	rs, meetingID := openRegister(t, h)
	e := rs.entries[len(rs.entries)-1]
	h.press(h.keys().List.Filter)
	h.typeText(strings.Fields(e.DisplayName())[0])
	h.press(h.keys().List.AcceptFilter)
	row, ok := rs.list.Selected()
	if !ok {
		t.Fatalf("nothing found:\n%s", h.screen())
	}
	h.pressKey("a") // the standard key for attended
	h.press(h.keys().Register.Attended)
	reg, err := h.s.Register(bg(), meetingID)
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range reg {
		if x.ID == row.ID && x.Status != store.Attended {
			t.Fatalf("%s is %q in the store", x.DisplayName(), x.Status)
		}
	}

	// The register's help lists the remapped keys.
	h.press(g.Help)
	h.wantScreen("Keys for")
	r := h.keys().Register
	for _, b := range []interface {
		Keys() []string
	}{r.Attended, r.Toggle, r.Confirmed, r.Apologies, r.Invited, r.DidNotAttend, r.Clear, r.AddPerson, r.AddKnown, g.Privacy, g.Quit} {
		h.wantScreen(kit.KeysLabel(b.Keys()))
	}
	if strings.Contains(h.screen(), "?  ") || strings.Contains(h.screen(), "Press ? or esc") {
		t.Errorf("the help names a standard key:\n%s", h.screen())
	}
	h.wantScreen("Press " + kit.KeyName(g.Help) + " or " + kit.KeyName(g.Back) + " to close this help.")
	h.press(g.Back)
	h.notScreen("Keys for")

	// Messages name the remapped key.
	h.press(g.Privacy)
	h.wantScreen(kit.KeyName(g.Privacy) + " turns it off")
	h.press(r.AddPerson)
	h.wantScreen("turn it off (" + kit.KeyName(g.Privacy) + ") to add someone new")
	h.press(g.Privacy)

	// A form, moved through with the remapped form keys.
	h.press(g.Forums)
	h.press(h.keys().Record.New)
	activeAs[*kit.FormScreen](h)
	f := h.keys().Form
	h.typeText("Harbour Voices")
	h.press(f.Next)
	h.typeText("Peer support.")
	h.press(f.NewLine)
	h.typeText("By the sea.")
	h.press(f.TextNext)
	h.typeText("The Lifeboat Rooms")
	h.press(f.Next)
	h.press(f.Next)
	h.press(f.Next) // social: the default; past the last field saves
	h.wantScreen("Saved Harbour Voices.")
	forum, err := h.s.ForumByName(bg(), "Harbour Voices")
	if err != nil {
		t.Fatal(err)
	}
	if forum.Purpose != "Peer support.\nBy the sea." || forum.Venue != "The Lifeboat Rooms" {
		t.Errorf("stored %+v", forum)
	}

	// A question, answered with the remapped keys.
	ls := activeAs[*kit.ListScreen](h)
	ls.List().Select(forum.ID)
	h.press(h.keys().Record.Delete)
	h.pressKey("y")
	if _, err := h.s.ForumByName(bg(), "Harbour Voices"); err != nil {
		t.Fatal("the standard y answered the question")
	}
	h.press(h.keys().Confirm.Yes)
	if _, err := h.s.ForumByName(bg(), "Harbour Voices"); err == nil {
		t.Fatalf("the remapped yes did not delete the forum:\n%s", h.screen())
	}

	h.press(g.Quit)
	if !h.quit {
		t.Fatal("the remapped quit did not quit")
	}
}

// A theme the settings file chose is drawn whatever the terminal's
// background: the app does not ask, and does not change on an answer.
func TestFixedTheme(t *testing.T) {
	h := newHarness(t, withOptions(func(o *Options) { o.Theme = "light" }))
	if h.m.c.Styles.IsDark {
		t.Fatal("the light theme draws for a dark background")
	}
	if n := h.requests["backgroundColorMsg"]; n != 0 {
		t.Errorf("the app asked the terminal for its background %d times", n)
	}
	h.send(tea.BackgroundColorMsg{Color: color.Black})
	if h.m.c.Styles.IsDark {
		t.Fatal("a dark background changed the light theme")
	}
	auto := newHarness(t)
	auto.send(tea.BackgroundColorMsg{Color: color.White})
	if auto.m.c.Styles.IsDark {
		t.Fatal("auto did not follow a light background")
	}
}
