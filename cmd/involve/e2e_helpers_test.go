package main

// Helpers for the end-to-end tests: the real binary, built once, run either
// as a command (CLI tests) or in a private tmux server (TUI tests), with the
// screen polled rather than slept on.

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"

	"github.com/involve/involve/internal/testtime"
	"github.com/involve/involve/tui/kit"
)

// How long the tests wait, for a child process, a build or a screen, is
// said in one place, internal/testtime: generous, scaled by
// INVOLVE_TEST_TIMEOUT_SCALE, and never past go test's -timeout.

// escGap keeps a lone Escape from being read together with the next key as
// alt+key when the program is quick to read it. It is not relied on: after
// esc a test waits for Escape's effect before it presses anything else
// (see term.keys), since a starved program reads whatever has arrived.
const escGap = 150 * time.Millisecond

// binDir holds the programs the tests build (see buildOnce).
var binDir string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "involve-e2e-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binDir = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// involveBin builds the real binary from this package, as `make build`
// does, once per test run.
func involveBin(t *testing.T) string { return buildOnce(t, "involve", ".") }

// builds are the programs the tests have built, by output name.
var builds struct {
	sync.Mutex
	done map[string]error
}

// buildOnce builds pkg as `make build` does (no cgo, trimmed paths, no
// symbol table) into binDir/name, once per test run. The build has a limit
// of its own (testtime.Build); it never counts against a child's limit, as
// callers build before they start their clock.
func buildOnce(tb testing.TB, name, pkg string) string {
	tb.Helper()
	path := filepath.Join(binDir, name)
	builds.Lock()
	defer builds.Unlock()
	err, built := builds.done[name]
	if !built {
		// Not the test's context: a build that one test began is kept for
		// the others even when that test has ended.
		ctx, cancel := context.WithTimeout(context.Background(), testtime.Limit(tb, testtime.Build))
		defer cancel()
		cmd := exec.CommandContext(ctx, "go", "build", "-trimpath", "-ldflags", "-s -w", "-o", path, pkg)
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		ownGroup(cmd)
		if out, berr := cmd.CombinedOutput(); berr != nil {
			if ctx.Err() != nil {
				berr = fmt.Errorf("not built within %v (set %s to wait longer): %v", testtime.Limit(tb, testtime.Build), testtime.EnvScale, berr)
			}
			err = fmt.Errorf("go build %s: %v\n%s", pkg, berr, out)
		}
		if builds.done == nil {
			builds.done = map[string]error{}
		}
		builds.done[name] = err
	}
	if err != nil {
		tb.Fatal(err)
	}
	return path
}

// sandbox is a private home for one test: HOME and the XDG directories point
// inside it, so nothing touches the real user's data.
type sandbox struct {
	dir string
	env []string // KEY=VALUE, the whole environment of the child
	// bin gives the program to run, building it if need be (involveBin
	// when nil), and childLimit is how long one run may take
	// (testtime.Child when 0): the tests of these helpers change them.
	bin        func(*testing.T) string
	childLimit time.Duration
}

func newSandbox(t testing.TB) *sandbox {
	t.Helper()
	dir := t.TempDir()
	home := filepath.Join(dir, "home")
	for _, d := range []string{home, filepath.Join(home, "data"), filepath.Join(home, "config"), filepath.Join(home, "state"), filepath.Join(home, "cache")} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			t.Fatal(err)
		}
	}
	env := []string{
		"HOME=" + home,
		"XDG_DATA_HOME=" + filepath.Join(home, "data"),
		"XDG_CONFIG_HOME=" + filepath.Join(home, "config"),
		"XDG_STATE_HOME=" + filepath.Join(home, "state"),
		"XDG_CACHE_HOME=" + filepath.Join(home, "cache"),
		"TERM=xterm-256color",
		"LANG=C.UTF-8",
		// Far from London: the app shows London time whatever the machine says.
		"TZ=Pacific/Auckland",
	}
	if p := os.Getenv("PATH"); p != "" {
		env = append(env, "PATH="+p)
	}
	return &sandbox{dir: dir, env: env}
}

// path is a file inside the sandbox.
func (s *sandbox) path(name string) string { return filepath.Join(s.dir, name) }

// cliResult is what a run of the binary gave.
type cliResult struct {
	stdout, stderr string
	code           int
}

// run runs the binary with args, in the sandbox directory, and waits for
// it, for at most testtime.Child (the build comes first and is not
// counted). When the limit passes or the test ends, the program and
// anything it started are killed, and the test fails.
func (s *sandbox) run(t *testing.T, args ...string) cliResult {
	t.Helper()
	res, err := s.runLimited(t, args...)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// runLimited is run, returning its failure instead of failing the test.
func (s *sandbox) runLimited(t *testing.T, args ...string) (cliResult, error) {
	t.Helper()
	bin := involveBin
	if s.bin != nil {
		bin = s.bin
	}
	limit := s.childLimit
	if limit == 0 {
		limit = testtime.Child
	}
	path := bin(t) // before the clock starts: a build is not the child's time
	ctx, cancel := testtime.Context(t, limit)
	defer cancel()
	cmd := exec.CommandContext(ctx, path, args...)
	cmd.Dir = s.dir
	cmd.Env = s.env
	cmd.Stdin = nil
	ownGroup(cmd)
	cmd.WaitDelay = 10 * time.Second // for output pipes held open by a grandchild
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	start := time.Now()
	err := cmd.Run()
	res := cliResult{stdout: out.String(), stderr: errb.String()}
	if ctx.Err() != nil {
		return res, fmt.Errorf("involve %s: killed after %v (set %s to wait longer)\nstdout:\n%s\nstderr:\n%s",
			strings.Join(args, " "), time.Since(start).Round(time.Second), testtime.EnvScale, res.stdout, res.stderr)
	}
	var ee *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &ee):
		res.code = ee.ExitCode()
	default:
		return res, fmt.Errorf("involve %s: %v", strings.Join(args, " "), err)
	}
	return res, nil
}

// mustRun runs the binary and fails the test unless it exits 0.
func (s *sandbox) mustRun(t *testing.T, args ...string) cliResult {
	t.Helper()
	r := s.run(t, args...)
	if r.code != 0 {
		t.Fatalf("involve %s: exit %d\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), r.code, r.stdout, r.stderr)
	}
	return r
}

// exportDoc is the part of `involve export --json` the tests look at.
type exportDoc struct {
	Forums []struct {
		ID, Name string
	} `json:"forums"`
	People []struct {
		ID            string `json:"id"`
		Name          string `json:"name"`
		PreferredName string `json:"preferred_name"`
		Phone         string `json:"phone"`
		Email         string `json:"email"`
	} `json:"people"`
	Memberships []struct {
		ForumID  string `json:"forum_id"`
		PersonID string `json:"person_id"`
	} `json:"memberships"`
	Meetings []struct {
		ID       string `json:"id"`
		ForumID  string `json:"forum_id"`
		StartsAt string `json:"starts_at"`
		EndsAt   string `json:"ends_at"`
	} `json:"meetings"`
	Attendance []struct {
		MeetingID string `json:"meeting_id"`
		PersonID  string `json:"person_id"`
		Status    string `json:"status"`
	} `json:"attendance"`
}

// export runs `involve export --json --db db` and returns the raw JSON.
func (s *sandbox) export(t *testing.T, db string) []byte {
	t.Helper()
	r := s.mustRun(t, "export", "--json", "--db", db)
	if !json.Valid([]byte(r.stdout)) {
		t.Fatalf("export is not valid JSON:\n%s", r.stdout)
	}
	return []byte(r.stdout)
}

func (s *sandbox) exportDoc(t *testing.T, db string) exportDoc {
	t.Helper()
	var d exportDoc
	if err := json.Unmarshal(s.export(t, db), &d); err != nil {
		t.Fatal(err)
	}
	return d
}

// needTmux skips the test when tmux is not installed.
func needTmux(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("tmux")
	if err != nil {
		t.Skip("tmux is not installed; the end-to-end TUI tests need it")
	}
	return p
}

// term is the binary running in a private tmux server.
type term struct {
	t      *testing.T
	tmux   string
	socket string
	conf   string
	target string
	status string // the file the exit status is written to
	last   string // the last screen captured, for failure messages
	// escPending is set by Escape and cleared by a wait that succeeds.
	escPending bool
}

// startTerm starts the binary with args in a new tmux server of its own,
// in a window of w×h cells, with the sandbox's environment.
func (s *sandbox) startTerm(t *testing.T, w, h int, args ...string) *term {
	t.Helper()
	return s.startProgram(t, w, h, involveBin(t), args...)
}

// startProgram is startTerm for another program than involve (ssh).
func (s *sandbox) startProgram(t *testing.T, w, h int, bin string, args ...string) *term {
	t.Helper()
	tm := &term{t: t, tmux: needTmux(t), target: "e2e"}
	var rnd [6]byte
	rand.Read(rnd[:])
	tm.socket = "involve-e2e-" + hex.EncodeToString(rnd[:])
	// Our own configuration (never the user's): keep the pane when the
	// program exits so its exit status can be read, no status line (so the
	// pane is the whole window), and let OSC 52 reach tmux's buffers so a
	// leaked one would show there.
	tm.conf = filepath.Join(t.TempDir(), "tmux.conf")
	conf := "set -g remain-on-exit on\nset -g status off\nset -sg escape-time 0\nset -g set-clipboard on\nset -g history-limit 100\n"
	if err := os.WriteFile(tm.conf, []byte(conf), 0o600); err != nil {
		t.Fatal(err)
	}
	var socketPath string
	panePID := 0
	t.Cleanup(func() {
		// The program, if it still runs, is killed with its process group
		// (the pane's shell leads it), whatever it does with the hangup
		// that killing the server sends; then the server goes.
		if panePID > 0 {
			if d, _ := tm.dead(); !d {
				if out, err := tm.tmuxRun("display-message", "-p", "-t", tm.target, "#{pane_dead}"); err == nil && strings.TrimSpace(out) == "0" {
					killGroup(panePID)
				}
			}
		}
		tm.tmuxRun("kill-server")
		if socketPath != "" {
			os.Remove(socketPath) // tmux leaves it behind
		}
	})
	// A shell runs the program and writes its exit status to a file: tmux
	// does not always reap a pane's process promptly, and then its
	// #{pane_dead_status} stays empty.
	tm.status = filepath.Join(filepath.Dir(tm.conf), "exit-status")
	argv := append([]string{"new-session", "-d", "-s", tm.target, "-x", fmt.Sprint(w), "-y", fmt.Sprint(h), "--",
		"sh", "-c", `env -i "$@"; echo "$?" > "$0.tmp" && mv "$0.tmp" "$0"`, tm.status}, s.env...)
	argv = append(argv, bin)
	argv = append(argv, args...)
	tm.mustTmux(argv...)
	socketPath = strings.TrimSpace(tm.mustTmux("display-message", "-p", "#{socket_path}"))
	fmt.Sscan(tm.mustTmux("display-message", "-p", "-t", tm.target, "#{pane_pid}"), &panePID)
	if got := strings.TrimSpace(tm.mustTmux("display-message", "-p", "-t", tm.target, "#{pane_width}x#{pane_height}")); got != fmt.Sprintf("%dx%d", w, h) {
		t.Fatalf("tmux pane is %s, want %dx%d", got, w, h)
	}
	return tm
}

// tmuxRun runs a tmux command on the test's own server, for at most
// testtime.Child, and returns what it printed. It does not use the test's
// context: the cleanup that kills the server runs after that has ended.
func (tm *term) tmuxRun(args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), testtime.Limit(tm.t, testtime.Child))
	defer cancel()
	cmd := exec.CommandContext(ctx, tm.tmux, append([]string{"-u", "-L", tm.socket, "-f", tm.conf}, args...)...)
	env := []string{}
	for _, e := range os.Environ() {
		if strings.HasPrefix(e, "TMUX=") || strings.HasPrefix(e, "TMUX_PANE=") {
			continue // never talk to the tmux these tests may be running in
		}
		env = append(env, e)
	}
	cmd.Env = env
	out, err := cmd.CombinedOutput()
	if ctx.Err() != nil {
		err = fmt.Errorf("killed after %v (set %s to wait longer): %v", testtime.Limit(tm.t, testtime.Child), testtime.EnvScale, err)
	}
	return string(out), err
}

func (tm *term) mustTmux(args ...string) string {
	tm.t.Helper()
	out, err := tm.tmuxRun(args...)
	if err != nil {
		tm.t.Fatalf("tmux %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return out
}

// screen is the text on the screen now, without escape sequences.
func (tm *term) screen() string {
	tm.t.Helper()
	s := tm.mustTmux("capture-pane", "-p", "-t", tm.target)
	tm.last = s
	return s
}

// screenEscapes is the screen with its escape sequences (capture-pane -e).
func (tm *term) screenEscapes() string {
	tm.t.Helper()
	return tm.mustTmux("capture-pane", "-p", "-e", "-t", tm.target)
}

// dead reports whether the program has exited, and its exit status (as
// sh gives it: 128+N for signal N).
func (tm *term) dead() (bool, string) {
	tm.t.Helper()
	b, err := os.ReadFile(tm.status)
	if err != nil {
		return false, ""
	}
	return true, strings.TrimSpace(string(b))
}

// waitFor polls the screen until ok says yes, and fails the test (showing
// the screen) when it has not within testtime.Wait, or when the program
// exits.
func (tm *term) waitFor(what string, ok func(screen string) bool) string {
	tm.t.Helper()
	limit := testtime.Limit(tm.t, testtime.Wait)
	deadline := time.Now().Add(limit)
	for {
		s := tm.screen()
		if ok(s) {
			tm.escPending = false
			return s
		}
		if d, status := tm.dead(); d {
			tm.t.Fatalf("waiting for %s: involve exited (status %s); the screen:\n%s", what, status, s)
		}
		if time.Now().After(deadline) {
			tm.t.Fatalf("waiting for %s: not there after %s (set %s to wait longer); the screen:\n%s", what, limit, testtime.EnvScale, s)
		}
		time.Sleep(testtime.Poll)
	}
}

// waitText waits until every one of texts is on the screen.
func (tm *term) waitText(texts ...string) string {
	tm.t.Helper()
	return tm.waitFor(fmt.Sprintf("%q", texts), func(s string) bool {
		for _, x := range texts {
			if !strings.Contains(s, x) {
				return false
			}
		}
		return true
	})
}

// waitGone waits until text is no longer on the screen.
func (tm *term) waitGone(text string) string {
	tm.t.Helper()
	return tm.waitFor(fmt.Sprintf("%q to go", text), func(s string) bool { return !strings.Contains(s, text) })
}

// waitMatch waits until the screen matches the regular expression.
func (tm *term) waitMatch(pattern string) string {
	tm.t.Helper()
	re := regexp.MustCompile(pattern)
	return tm.waitFor("/"+pattern+"/", re.MatchString)
}

// waitExit waits for the program to exit and returns its exit status.
func (tm *term) waitExit() string {
	tm.t.Helper()
	limit := testtime.Limit(tm.t, testtime.Wait)
	deadline := time.Now().Add(limit)
	for {
		if d, status := tm.dead(); d {
			return status
		}
		if time.Now().After(deadline) {
			tm.t.Fatalf("involve did not exit within %s (set %s to wait longer); the screen:\n%s", limit, testtime.EnvScale, tm.screen())
		}
		time.Sleep(testtime.Poll)
	}
}

// keys sends tmux key names (Enter, Space, C-p, …). After an Escape, the
// test must wait for what it does (any wait* that succeeds) before sending
// another key: a program that is slow to read would take the two as one
// alt+key.
func (tm *term) keys(names ...string) {
	tm.t.Helper()
	for _, n := range names {
		tm.checkEscWaited(n)
		tm.mustTmux("send-keys", "-t", tm.target, n)
		if n == "Escape" {
			tm.escPending = true
			time.Sleep(escGap)
		}
	}
}

// checkEscWaited fails the test when a key follows an Escape whose effect
// was not waited for.
func (tm *term) checkEscWaited(next string) {
	tm.t.Helper()
	if tm.escPending {
		tm.t.Fatalf("the test sends %q right after Escape: wait for what Escape does first (a slow program would read alt+key)", next)
	}
}

// typeText types text literally.
func (tm *term) typeText(text string) {
	tm.t.Helper()
	tm.checkEscWaited(text)
	tm.mustTmux("send-keys", "-t", tm.target, "-l", text)
}

// declineBackup answers no to the backup offered on quitting a database
// with no backup made today.
func (tm *term) declineBackup() {
	tm.t.Helper()
	tm.waitText("Back up before you go?")
	tm.press(keymap.Confirm.No)
}

// esc presses Escape on its own.
func (tm *term) esc() { tm.t.Helper(); tm.keys("Escape") }

// press presses the first key of a binding, so a test says "Privacy", not
// "ctrl+p", and survives a remapping.
func (tm *term) press(b key.Binding) {
	tm.t.Helper()
	ks := b.Keys()
	if len(ks) == 0 {
		tm.t.Fatalf("binding %q has no keys", b.Help().Desc)
	}
	tm.keys(tmuxKey(tm.t, ks[0]))
}

// tmuxKey translates a Bubble Tea key name to tmux's send-keys name.
func tmuxKey(t *testing.T, k string) string {
	t.Helper()
	named := map[string]string{
		"enter": "Enter", "esc": "Escape", "tab": "Tab", "shift+tab": "BTab", "space": "Space",
		"up": "Up", "down": "Down", "left": "Left", "right": "Right",
		"pgup": "PPage", "pgdown": "NPage", "home": "Home", "end": "End",
		"backspace": "BSpace", "delete": "DC",
	}
	if n, ok := named[k]; ok {
		return n
	}
	if len(k) >= 2 && k[0] == 'f' && strings.Trim(k[1:], "0123456789") == "" {
		return "F" + k[1:] // f1 → F1
	}
	if rest, ok := strings.CutPrefix(k, "ctrl+"); ok && utf8.RuneCountInString(rest) == 1 {
		return "C-" + rest
	}
	if rest, ok := strings.CutPrefix(k, "alt+"); ok && utf8.RuneCountInString(rest) == 1 {
		return "M-" + rest
	}
	if utf8.RuneCountInString(k) == 1 {
		return k
	}
	t.Fatalf("no tmux name for the key %q", k)
	return ""
}

// keymap is the app's real key map: tests press keys by action.
var keymap = kit.DefaultKeyMap()

// focusField waits until the form field titled title has the focus (huh
// draws a bar beside the focused field). huh moves the focus in a Cmd, so
// typing before it has moved would land in the previous field.
func (tm *term) focusField(title string) {
	tm.t.Helper()
	tm.waitMatch(`(?m)^┃ +` + regexp.QuoteMeta(title) + ` *$`)
}

// fill waits for the field, types text (after clearing what is there when
// clear is set) and moves on with tab.
func (tm *term) fill(title, text string, clear bool) {
	tm.t.Helper()
	tm.focusField(title)
	if clear {
		tm.keys("C-u")
	}
	if text != "" {
		tm.typeText(text)
	}
	tm.keys("Tab") // enter would start a new line in a box of several lines
}

// startApp starts the TUI on db and waits for its first frame.
func (s *sandbox) startApp(t *testing.T, w, h int, db string) *term {
	t.Helper()
	tm := s.startTerm(t, w, h, "--db", db)
	tm.waitText("1 Dashboard")
	return tm
}

// waitAll waits until the screen matches every regular expression.
func (tm *term) waitAll(patterns ...string) string {
	tm.t.Helper()
	res := make([]*regexp.Regexp, len(patterns))
	for i, p := range patterns {
		res[i] = regexp.MustCompile(p)
	}
	return tm.waitFor(fmt.Sprintf("%q", patterns), func(s string) bool {
		for _, re := range res {
			if !re.MatchString(s) {
				return false
			}
		}
		return true
	})
}

// waitScreen waits until the screen titled title (the breadcrumb under the
// tabs) is showing a list with its cursor on a row.
func (tm *term) waitScreen(title string) string {
	tm.t.Helper()
	return tm.waitAll(`(?m)^ `+regexp.QuoteMeta(title)+` *$`, `(?m)^› `)
}

// Building the binary is not counted against a child's limit: a build
// slower than the limit (as on a machine busy with other builds) is
// followed by a run that succeeds.
func TestRunDoesNotCountTheBuild(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t)
	sb.childLimit = 10 * time.Second
	limit := testtime.Limit(t, sb.childLimit)
	sb.bin = func(t *testing.T) string {
		path := involveBin(t)
		time.Sleep(limit + time.Second) // a slow build
		return path
	}
	sb.mustRun(t, "version")
}

// A run that outlasts its limit is killed, with what it started, and says
// so.
func TestRunKillsAChildThatHangs(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("needs a POSIX shell and process groups")
	}
	t.Parallel()
	sb := newSandbox(t)
	sb.childLimit = time.Second
	pidFile := sb.path("grandchild")
	script := sb.path("hang")
	// The script starts a grandchild that would outlive it, and hangs.
	body := "#!/bin/sh\nsleep 600 &\necho $! > '" + pidFile + "'\nwait\n"
	if err := os.WriteFile(script, []byte(body), 0o700); err != nil {
		t.Fatal(err)
	}
	sb.bin = func(*testing.T) string { return script }
	_, err := sb.runLimited(t)
	if err == nil || !strings.Contains(err.Error(), "killed after") || !strings.Contains(err.Error(), testtime.EnvScale) {
		t.Fatalf("a hanging child: %v", err)
	}
	b, err := os.ReadFile(pidFile)
	if err != nil {
		t.Fatal(err)
	}
	var pid int
	if _, err := fmt.Sscan(string(b), &pid); err != nil {
		t.Fatal(err)
	}
	if !testtime.Until(t, func() bool { return !alive(pid) }) {
		t.Errorf("the child's own child (pid %d) is still running", pid)
		if p, err := os.FindProcess(pid); err == nil {
			p.Kill()
		}
	}
}
