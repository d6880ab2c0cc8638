package kit

import (
	"reflect"
	"runtime"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

// drive feeds a screen messages the way Bubble Tea would, running the Cmds
// that come back (not the cursor's blink, which only waits), and returns
// the messages that were meant for the root model (Push, Pop, Status...).
type drive struct {
	t    *testing.T
	s    Screen
	root []tea.Msg
}

func (d *drive) send(msg tea.Msg) {
	d.t.Helper()
	_, cmd := d.s.Update(msg)
	d.run(cmd, 0)
}

var cmdsType = reflect.TypeFor[[]tea.Cmd]()

func (d *drive) run(cmd tea.Cmd, depth int) {
	d.t.Helper()
	if cmd == nil || depth > 32 {
		return
	}
	if f := runtime.FuncForPC(reflect.ValueOf(cmd).Pointer()); f != nil && strings.Contains(f.Name(), "bubbles/v2/cursor.") {
		return
	}
	msg := cmd()
	switch m := msg.(type) {
	case nil:
		return
	case tea.BatchMsg:
		for _, c := range m {
			d.run(c, depth+1)
		}
		return
	case PushMsg, PopMsg, StatusMsg:
		d.root = append(d.root, m)
		return
	}
	if v := reflect.ValueOf(msg); v.Kind() == reflect.Slice && v.Type().ConvertibleTo(cmdsType) {
		for _, c := range v.Convert(cmdsType).Interface().([]tea.Cmd) {
			d.run(c, depth+1)
		}
		return
	}
	_, next := d.s.Update(msg)
	d.run(next, depth+1)
}

// typeText types text a character at a time.
func (d *drive) typeText(s string) {
	d.t.Helper()
	for _, r := range s {
		if r == ' ' {
			d.send(tea.KeyPressMsg{Code: tea.KeySpace, Text: " "})
			continue
		}
		d.send(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

// press presses the first key of a binding's.
func (d *drive) press(keys []string) {
	d.t.Helper()
	d.send(keyPress(d.t, keys[0]))
}

// testKeys are the key presses a terminal sends for the keys the tests
// press, as bindings name them.
var testKeys = map[string]tea.KeyPressMsg{
	"enter": {Code: tea.KeyEnter}, "tab": {Code: tea.KeyTab}, "backspace": {Code: tea.KeyBackspace},
	"left": {Code: tea.KeyLeft}, "end": {Code: tea.KeyEnd}, "ctrl+e": {Code: 'e', Mod: tea.ModCtrl},
	"shift+tab": {Code: tea.KeyTab, Mod: tea.ModShift}, "esc": {Code: tea.KeyEscape},
}

// keyPress is the key press for a key as bindings name it.
func keyPress(t *testing.T, k string) tea.KeyPressMsg {
	t.Helper()
	msg, ok := testKeys[k]
	if !ok || msg.String() != k {
		t.Fatalf("no key press for %q", k)
	}
	return msg
}
