package tui

// The test harness: a demo database in t.TempDir() built around a fixed
// clock, the root model over it, and helpers that press keys by binding,
// run the Cmds that come back synchronously and read the screen with the
// escape codes stripped.

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/involve/involve/store"
	"github.com/involve/involve/tui/kit"
)

// fixedNow is "now" for every test: the demo database is built around it,
// the store stamps records with it and the screens use it for "today".
// A Tuesday morning in March, well clear of the clock changes.
var fixedNow = time.Date(2026, time.March, 10, 9, 30, 0, 0, time.UTC)

// demoSeed makes the demo database's names, forums, dates and texts the same
// on every run.
const demoSeed = 42

// writeDemo writes a demo database at path with people people, around
// fixedNow.
func writeDemo(tb testing.TB, path string, people int) {
	tb.Helper()
	if err := store.WriteDemoAt(context.Background(), path, people, demoSeed, fixedNow); err != nil {
		tb.Fatalf("writing the demo database: %v", err)
	}
}

// smallDemo is one small demo database per test process, copied for each
// test so that every test starts from the same data.
var smallDemo struct {
	once sync.Once
	data []byte
	err  error
}

// copyOfSmallDemo puts a fresh copy of the small demo database in dir.
func copyOfSmallDemo(tb testing.TB, dir string) string {
	tb.Helper()
	smallDemo.once.Do(func() {
		tmp, err := os.MkdirTemp("", "involve-tui-test-")
		if err != nil {
			smallDemo.err = err
			return
		}
		defer os.RemoveAll(tmp)
		p := filepath.Join(tmp, "demo.db")
		writeDemo(tb, p, store.DemoPeople)
		if fi, err := os.Stat(p + "-wal"); err == nil && fi.Size() > 0 {
			smallDemo.err = fmt.Errorf("%s-wal is not empty after WriteDemo: copying the main file alone would lose data", p)
			return
		}
		smallDemo.data, smallDemo.err = os.ReadFile(p)
	})
	if smallDemo.err != nil {
		tb.Fatalf("small demo database: %v", smallDemo.err)
	}
	p := filepath.Join(dir, "involve.db")
	if err := os.WriteFile(p, smallDemo.data, 0o600); err != nil {
		tb.Fatal(err)
	}
	return p
}

// openStore opens the database at path with the store's clock fixed.
func openStore(tb testing.TB, path string) *store.Store {
	tb.Helper()
	s, err := store.Open(path)
	if err != nil {
		tb.Fatalf("opening %s: %v", path, err)
	}
	s.SetClock(func() time.Time { return fixedNow })
	return s
}

// harness drives the root model the way Bubble Tea would, but synchronously.
type harness struct {
	tb     testing.TB
	m      *Model
	s      *store.Store
	width  int
	height int
	// timeout is how long one Cmd may run before it is taken for a timer or
	// a blocked read and dropped.
	timeout time.Duration
	// quit is set when a Cmd returned tea.Quit.
	quit bool
	// requests counts the terminal requests the app made (background
	// colour, window size...), by message type; they are dropped.
	requests map[string]int
	// dropped names the Cmds dropped for taking too long.
	dropped []string
	msgs    int // messages fed to Update since the harness was made
}

type harnessOpt func(*harnessConfig)

type harnessConfig struct {
	width, height int
	opt           Options
	path          string
	noInit        bool
	// actor, when set, is who uses the app (a view of the store in their
	// role); else the owner, a coordinator.
	actor store.Actor
}

// withActor runs the app as a member of the team, in their role.
func withActor(a store.Actor) harnessOpt { return func(c *harnessConfig) { c.actor = a } }

// withRemote runs the app as a session of involve serve does (Remote).
func withRemote() harnessOpt { return func(c *harnessConfig) { c.opt.Remote = true } }

func withSize(w, h int) harnessOpt {
	return func(c *harnessConfig) { c.width, c.height = w, h }
}

// withDatabase uses an existing database file instead of a copy of the
// small demo.
func withDatabase(path string) harnessOpt { return func(c *harnessConfig) { c.path = path } }

// withNewDatabase starts on a new, empty database (not a demo: no DEMO
// badge).
func withNewDatabase(tb testing.TB) harnessOpt {
	return func(c *harnessConfig) {
		c.path = filepath.Join(tb.TempDir(), "involve.db")
		c.opt.Demo = false
	}
}

// newHarness opens a copy of the small demo database, builds the app with
// the fixed clock, runs Init and sends the window size (100×30 unless told).
func newHarness(tb testing.TB, opts ...harnessOpt) *harness {
	tb.Helper()
	cfg := harnessConfig{width: 100, height: 30, opt: Options{Demo: true}}
	for _, o := range opts {
		o(&cfg)
	}
	if cfg.path == "" {
		cfg.path = copyOfSmallDemo(tb, tb.TempDir())
	}
	s := openStore(tb, cfg.path)
	tb.Cleanup(func() { s.Close() })
	if cfg.actor.Name != "" {
		v, err := s.As(context.Background(), cfg.actor)
		if err != nil {
			tb.Fatal(err)
		}
		s = v
	}
	if cfg.opt.Now == nil {
		cfg.opt.Now = func() time.Time { return fixedNow }
	}
	h := &harness{tb: tb, s: s, m: New(s, cfg.opt), timeout: 2 * time.Second, requests: map[string]int{}}
	h.width, h.height = cfg.width, cfg.height
	if !cfg.noInit {
		h.run(h.m.Init())
		h.send(tea.WindowSizeMsg{Width: cfg.width, Height: cfg.height})
	}
	return h
}

// resize sends a new window size.
func (h *harness) resize(w, hgt int) {
	h.width, h.height = w, hgt
	h.send(tea.WindowSizeMsg{Width: w, Height: hgt})
}

// send feeds one message to Update and runs what comes back.
func (h *harness) send(msg tea.Msg) {
	h.tb.Helper()
	h.deliver(msg, 0)
}

// maxDepth bounds how long a chain of message → Cmd → message may grow.
const maxDepth = 64

func (h *harness) deliver(msg tea.Msg, depth int) {
	h.tb.Helper()
	h.msgs++
	if h.msgs > 100_000 {
		h.tb.Fatalf("more than 100,000 messages: the app is looping")
	}
	_, cmd := h.m.Update(msg)
	h.runDepth(cmd, depth+1)
}

// run executes a Cmd (and everything that follows from it) synchronously.
func (h *harness) run(cmd tea.Cmd) {
	h.tb.Helper()
	h.runDepth(cmd, 0)
}

var cmdSliceType = reflect.TypeFor[[]tea.Cmd]()

func (h *harness) runDepth(cmd tea.Cmd, depth int) {
	h.tb.Helper()
	if cmd == nil {
		return
	}
	if depth > maxDepth {
		h.tb.Logf("dropped a Cmd %d messages deep: %s", depth, cmdName(cmd))
		return
	}
	msg, ok := h.exec(cmd)
	if !ok || msg == nil {
		return
	}
	switch msg := msg.(type) {
	case tea.BatchMsg:
		for _, c := range msg {
			h.runDepth(c, depth)
		}
		return
	case tea.QuitMsg:
		h.quit = true
		return
	}
	v := reflect.ValueOf(msg)
	t := v.Type()
	// tea.Sequence's sequenceMsg is unexported: a slice of Cmds.
	if t.Kind() == reflect.Slice && t.ConvertibleTo(cmdSliceType) {
		for _, c := range v.Convert(cmdSliceType).Interface().([]tea.Cmd) {
			h.runDepth(c, depth)
		}
		return
	}
	// Other unexported tea messages are requests to the terminal (its
	// background colour, its size, the clipboard...): no terminal here.
	if t.PkgPath() == teaPkg && !isExported(t.Name()) {
		h.requests[t.Name()]++
		return
	}
	h.deliver(msg, depth)
}

var teaPkg = reflect.TypeFor[tea.QuitMsg]().PkgPath()

func isExported(name string) bool {
	r, _ := utf8.DecodeRuneInString(name)
	return unicode.IsUpper(r)
}

// cmdName is the name of the function behind a Cmd.
func cmdName(cmd tea.Cmd) string {
	if f := runtime.FuncForPC(reflect.ValueOf(cmd).Pointer()); f != nil {
		return f.Name()
	}
	return "?"
}

// timerCmds are Cmds that only wait and then tick: a cursor's blink, a
// spinner, tea.Tick and tea.Every. They are dropped without being run, so
// that a test never waits for them (nor loops on them).
var timerCmds = []string{
	"charm.land/bubbles/v2/cursor.",
	"charm.land/bubbles/v2/spinner.",
	"charm.land/bubbles/v2/timer.",
	"charm.land/bubbles/v2/stopwatch.",
	"charm.land/bubbletea/v2.Tick",
	"charm.land/bubbletea/v2.Every",
}

// exec calls a Cmd, giving up on it after h.timeout.
func (h *harness) exec(cmd tea.Cmd) (tea.Msg, bool) {
	name := cmdName(cmd)
	for _, p := range timerCmds {
		if strings.HasPrefix(name, p) {
			return nil, false
		}
	}
	type result struct {
		msg   tea.Msg
		panic any
	}
	done := make(chan result, 1)
	go func() {
		defer func() {
			if r := recover(); r != nil {
				done <- result{panic: r}
			}
		}()
		done <- result{msg: cmd()}
	}()
	select {
	case r := <-done:
		if r.panic != nil {
			h.tb.Fatalf("Cmd %s panicked: %v", name, r.panic)
		}
		return r.msg, true
	case <-time.After(h.timeout):
		h.dropped = append(h.dropped, name)
		h.tb.Logf("dropped Cmd %s: still running after %v", name, h.timeout)
		return nil, false
	}
}

// keyMsg turns a key as bindings name it ("a", "G", "enter", "ctrl+p",
// "shift+tab", "space", "pgdown"...) into the KeyPressMsg a terminal sends.
func keyMsg(tb testing.TB, k string) tea.KeyPressMsg {
	tb.Helper()
	var msg tea.KeyPressMsg
	rest := k
	for {
		mod, after, ok := strings.Cut(rest, "+")
		if !ok || after == "" {
			break
		}
		switch mod {
		case "ctrl":
			msg.Mod |= tea.ModCtrl
		case "alt":
			msg.Mod |= tea.ModAlt
		case "shift":
			msg.Mod |= tea.ModShift
		default:
			tb.Fatalf("key %q: unknown modifier %q", k, mod)
		}
		rest = after
	}
	if code, ok := namedKeys[rest]; ok {
		msg.Code = code
		if code == tea.KeySpace && msg.Mod == 0 {
			msg.Text = " "
		}
	} else if r, size := utf8.DecodeRuneInString(rest); size == len(rest) && r != utf8.RuneError {
		msg.Code = r
		if unicode.IsUpper(r) {
			msg.Code, msg.ShiftedCode = unicode.ToLower(r), r
			msg.Mod |= tea.ModShift
		}
		if msg.Mod&^tea.ModShift == 0 {
			msg.Text = string(r)
		}
	} else {
		tb.Fatalf("key %q: cannot make a key press of it", k)
	}
	if got := msg.String(); got != k {
		tb.Fatalf("key %q: the key press made of it reads %q", k, got)
	}
	return msg
}

var namedKeys = map[string]rune{
	"enter": tea.KeyEnter, "tab": tea.KeyTab, "backspace": tea.KeyBackspace, "esc": tea.KeyEsc,
	"space": tea.KeySpace, "up": tea.KeyUp, "down": tea.KeyDown, "left": tea.KeyLeft, "right": tea.KeyRight,
	"pgup": tea.KeyPgUp, "pgdown": tea.KeyPgDown, "home": tea.KeyHome, "end": tea.KeyEnd,
	"delete": tea.KeyDelete, "insert": tea.KeyInsert,
	"f1": tea.KeyF1, "f2": tea.KeyF2, "f3": tea.KeyF3, "f4": tea.KeyF4, "f5": tea.KeyF5, "f6": tea.KeyF6,
	"f7": tea.KeyF7, "f8": tea.KeyF8, "f9": tea.KeyF9, "f10": tea.KeyF10, "f11": tea.KeyF11, "f12": tea.KeyF12,
}

// keys is the app's key map, to press keys by the name of their action.
func (h *harness) keys() *kit.KeyMap { return h.m.Common().Keys }

// press presses the first key of a binding.
func (h *harness) press(b key.Binding) {
	h.tb.Helper()
	ks := b.Keys()
	if len(ks) == 0 || !b.Enabled() {
		h.tb.Fatalf("binding %q has no key to press", b.Help().Desc)
	}
	h.send(keyMsg(h.tb, ks[0]))
}

// pressKey presses a key by its name (for keys that belong to a form, not
// to the app's key map).
func (h *harness) pressKey(k string) {
	h.tb.Helper()
	h.send(keyMsg(h.tb, k))
}

// typeText types text a character at a time.
func (h *harness) typeText(s string) {
	h.tb.Helper()
	for _, r := range s {
		if r == ' ' {
			h.send(tea.KeyPressMsg{Code: tea.KeySpace, Text: " "})
			continue
		}
		h.send(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

// screen is what the terminal shows, without escape codes.
func (h *harness) screen() string {
	return ansi.Strip(h.m.View().Content)
}

// lines is the screen split into lines with trailing spaces removed.
func (h *harness) lines() []string {
	ls := strings.Split(h.screen(), "\n")
	for i, l := range ls {
		ls[i] = strings.TrimRight(l, " ")
	}
	return ls
}

// wantScreen fails unless the screen shows every one of want.
func (h *harness) wantScreen(want ...string) {
	h.tb.Helper()
	scr := h.screen()
	for _, w := range want {
		if !strings.Contains(scr, w) {
			h.tb.Fatalf("the screen does not show %q:\n%s", w, scr)
		}
	}
}

// notScreen fails if the screen shows any of unwanted.
func (h *harness) notScreen(unwanted ...string) {
	h.tb.Helper()
	scr := h.screen()
	for _, w := range unwanted {
		if strings.Contains(scr, w) {
			h.tb.Fatalf("the screen shows %q and should not:\n%s", w, scr)
		}
	}
}

// active is the screen on top of the current section's stack.
func (h *harness) active() kit.Screen { return h.m.active() }

// activeAs is the active screen as a T, or a failed test.
func activeAs[T kit.Screen](h *harness) T {
	h.tb.Helper()
	s, ok := h.active().(T)
	if !ok {
		var zero T
		h.tb.Fatalf("the active screen is %T, not %T:\n%s", h.active(), zero, h.screen())
	}
	return s
}

// findRow moves the list's cursor to the first shown row that matches,
// failing if there is none.
func findRow(tb testing.TB, l *kit.List, match func(kit.Row) bool) kit.Row {
	tb.Helper()
	for i := range l.Len() {
		if r := l.Shown(i); match(r) {
			l.SetCursor(i)
			return r
		}
	}
	tb.Fatalf("no row matches in a list of %d", l.Len())
	return kit.Row{}
}

// bg is the context tests call the store with.
func bg() context.Context { return context.Background() }
