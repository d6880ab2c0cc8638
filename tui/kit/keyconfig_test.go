package kit

import (
	"reflect"
	"strings"
	"testing"
)

// Every binding of the key map has an action name, and no two the same.
func TestEveryBindingHasAnActionName(t *testing.T) {
	km := DefaultKeyMap()
	want := 0
	v := reflect.ValueOf(km).Elem()
	for i := range v.NumField() {
		g := v.Field(i)
		for j := range g.NumField() {
			if g.Field(j).Type() == bindingType {
				want++
			}
		}
	}
	actions := km.Actions()
	if len(actions) != want || want < 100 {
		t.Fatalf("%d actions for %d bindings", len(actions), want)
	}
	seen := map[string]bool{}
	for _, a := range actions {
		if seen[a.Name] {
			t.Errorf("%s twice", a.Name)
		}
		seen[a.Name] = true
		if len(a.Binding.Keys()) == 0 || a.Binding.Help().Desc == "" {
			t.Errorf("%s has no key or no description", a.Name)
		}
		for _, k := range a.Binding.Keys() {
			if err := CheckKey(k); err != nil {
				t.Errorf("%s: the standard key %q is refused: %v", a.Name, k, err)
			}
		}
	}
	for _, name := range []string{"global.quit", "register.attended", "list.page_down", "register.did_not_attend", "global.force_quit", "stories.reading_mode", "form.next"} {
		if !seen[name] {
			t.Errorf("no action %s", name)
		}
	}
	if b, ok := km.Action("register.attended"); !ok || b != &km.Register.Attended {
		t.Error("Action does not point into the key map")
	}
}

func TestApplyRemapsByActionName(t *testing.T) {
	km := DefaultKeyMap()
	errs := km.Apply([]Remap{
		{Action: "global.quit", Keys: []string{"ctrl+q"}, Line: 3},
		{Action: "register.attended", Keys: []string{"A", "ctrl+a"}, Line: 4},
		// A swap: each alone would clash, together they do not.
		{Action: "register.confirmed", Keys: []string{"p"}, Line: 5},
		{Action: "register.apologies", Keys: []string{"c"}, Line: 6},
		// enter is shared with list.accept_filter in the standard map.
		{Action: "list.open", Keys: []string{"enter", "ctrl+o"}, Line: 7},
	})
	if len(errs) != 0 {
		t.Fatalf("errors: %v", errs)
	}
	if !reflect.DeepEqual(km.Global.Quit.Keys(), []string{"ctrl+q"}) || km.Global.Quit.Help().Key != "ctrl+q" || km.Global.Quit.Help().Desc != "quit" {
		t.Errorf("quit: %v %+v", km.Global.Quit.Keys(), km.Global.Quit.Help())
	}
	if km.Register.Attended.Help().Key != "A/ctrl+a" {
		t.Errorf("attended's help shows %q", km.Register.Attended.Help().Key)
	}
	if DefaultKeyMap().Global.Quit.Keys()[0] != "q" {
		t.Error("remapping changed the standard map")
	}
}

func TestApplyRefusesBadRemaps(t *testing.T) {
	for _, tc := range []struct {
		name  string
		r     []Remap
		lines []int
		want  []string
	}{
		{"unknown action", []Remap{{"global.quitt", []string{"x"}, 2}}, []int{2}, []string{`"global.quitt" is not an action (did you mean global.quit?)`}},
		{"right action, wrong group", []Remap{{"list.attended", []string{"x"}, 2}}, []int{2}, []string{"did you mean register.attended?"}},
		{"remapped twice", []Remap{{"global.quit", []string{"f5"}, 2}, {"global.quit", []string{"f6"}, 5}}, []int{5}, []string{"remapped twice (first on line 2)"}},
		{"no key", []Remap{{"global.quit", nil, 2}}, []int{2}, []string{"give at least one key"}},
		{"unknown key", []Remap{{"global.quit", []string{"ctlr+q"}, 2}}, []int{2}, []string{`"ctlr" is not a modifier`}},
		{"escape", []Remap{{"global.back", []string{"escape"}, 2}}, []int{2}, []string{`the key is called "esc"`}},
		{"two keys of one group", []Remap{{"register.attended", []string{"c"}, 4}}, []int{4}, []string{`register.attended: "c" is already the key of register.confirmed (confirmed)`}},
		{"global and a screen's", []Remap{{"global.help", []string{"h"}, 3}}, []int{3}, []string{`global.help: "h" is already the key of grid.left (left), day.taxi_home (taxi home booked), stories.history (version history) and influence.history (involvement history)`}},
		{"a list's key", []Remap{{"money.approve", []string{"j"}, 3}}, []int{3}, []string{`money.approve: "j" is already the key of list.down`}},
		{"both remapped: the later line", []Remap{{"detail.agenda", []string{"Z"}, 3}, {"detail.minutes", []string{"Z"}, 8}}, []int{8}, []string{`detail.minutes: "Z" is already the key of detail.agenda`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			errs := DefaultKeyMap().Apply(tc.r)
			if len(errs) != len(tc.want) {
				t.Fatalf("got %d errors, want %d: %v", len(errs), len(tc.want), errs)
			}
			for i, e := range errs {
				if e.Line != tc.lines[i] || !strings.Contains(e.Msg, tc.want[i]) {
					t.Errorf("error %d: line %d %q, want line %d …%s…", i, e.Line, e.Msg, tc.lines[i], tc.want[i])
				}
			}
		})
	}
}

// Keys a form or a question takes do not clash with the section keys,
// which do not reach them; they do with ctrl+c and the privacy screen.
func TestFormKeysClashOnlyWithWhatReachesForms(t *testing.T) {
	if errs := DefaultKeyMap().Apply([]Remap{{"form.editor", []string{"?"}, 1}}); len(errs) != 0 {
		t.Errorf("form.editor on ? (help, which a form does not hear): %v", errs)
	}
	if errs := DefaultKeyMap().Apply([]Remap{{"form.editor", []string{"ctrl+p"}, 1}}); len(errs) != 1 {
		t.Errorf("form.editor on ctrl+p (the privacy screen, which forms hear): %v", errs)
	}
}

func TestCheckKey(t *testing.T) {
	for _, ok := range []string{"q", "G", "?", "+", "ctrl++", "$", "ctrl+p", "shift+tab", "alt+enter", "ctrl+alt+x", "f5", "f12", "space", "pgdown", "esc", "é", "shift+left"} {
		if err := CheckKey(ok); err != nil {
			t.Errorf("%q refused: %v", ok, err)
		}
	}
	for bad, want := range map[string]string{
		"":            "empty",
		"escape":      `called "esc"`,
		"Enter":       `lower case ("enter")`,
		"pagedown":    `called "pgdown"`,
		"alt+ctrl+x":  `write it "ctrl+alt+x"`,
		"Ctrl+x":      "lower case",
		"control+x":   "write ctrl+",
		"hyperspace":  "not a key",
		"shift+a":     `written as itself: "A"`,
		"shift+G":     "written as itself",
		" ":           `called "space"`,
		"\x1b":        "not a key",
		"ctrl+ctrl+x": "twice",
	} {
		err := CheckKey(bad)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: %v, want …%s…", bad, err, want)
		}
	}
}

func TestLabelsAndNames(t *testing.T) {
	for keys, want := range map[string]string{
		"up k":          "↑/k",
		"y Y":           "y",
		"n N esc":       "n/esc",
		"pgdown ctrl+f": "pgdn/ctrl+f",
		"shift+left H":  "shift+←/H",
		"a b c":         "a/b",
		"ctrl++":        "ctrl++",
		"f3 /":          "f3 /",
	} {
		if got := KeysLabel(strings.Fields(keys)); got != want {
			t.Errorf("KeysLabel(%s) = %q, want %q", keys, got, want)
		}
	}
	km := DefaultKeyMap()
	if KeyName(km.Global.Privacy) != "ctrl+p" || KeyNames(km.Stories.Theme, km.Stories.Status, km.Stories.Consent) != "t, p or c" {
		t.Error(KeyName(km.Global.Privacy), KeyNames(km.Stories.Theme, km.Stories.Status, km.Stories.Consent))
	}
	km.Apply([]Remap{{"global.privacy", []string{"f9"}, 1}})
	if KeyName(km.Global.Privacy) != "f9" {
		t.Errorf("after a remap KeyName says %q", KeyName(km.Global.Privacy))
	}
	u := Untyped(km.List.Up)
	if !reflect.DeepEqual(u.Keys(), []string{"up"}) || u.Help().Key != "↑" {
		t.Errorf("Untyped(up): %v %q", u.Keys(), u.Help().Key)
	}
	if Untyped(km.Register.Toggle).Enabled() {
		t.Error("space types a space: Untyped(toggle) should answer to nothing")
	}
	r := Relabel(km.List.Open, "edit action")
	if r.Help().Desc != "edit action" || km.List.Open.Help().Desc != "open" || !reflect.DeepEqual(r.Keys(), km.List.Open.Keys()) {
		t.Error("Relabel changed the map's binding, or lost its keys")
	}
	e := Either("move", Untyped(km.List.Up), Untyped(km.List.Down))
	if e.Help().Key != "↑/↓" || !reflect.DeepEqual(e.Keys(), []string{"up", "down"}) {
		t.Errorf("Either: %v %q", e.Keys(), e.Help().Key)
	}
}

func TestKeyTables(t *testing.T) {
	km := DefaultKeyMap()
	md := km.GroupTable("register")
	for _, want := range []string{"| key | does | action |", "| `a` | attended | `register.attended` |", "| `backspace` / `delete` | take off register | `register.clear` |"} {
		if !strings.Contains(md, want) {
			t.Errorf("register table lacks %q:\n%s", want, md)
		}
	}
	plain := km.KeyTable(false)
	if !strings.Contains(plain, "global.quit") || strings.Count(plain, "\n") != len(km.Actions()) {
		t.Errorf("plain table:\n%s", plain)
	}
}
