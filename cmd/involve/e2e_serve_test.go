package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/involve/involve/internal/testtime"
	"github.com/involve/involve/store"
)

// needSSH skips the test when the OpenSSH client is not installed.
func needSSH(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("ssh")
	if err != nil {
		t.Skip("the OpenSSH client (ssh) is not installed; the involve serve end-to-end test needs it")
	}
	return p
}

// server is involve serve running as a child process.
type server struct {
	addr, port, fingerprint string
	mu                      sync.Mutex
	log                     strings.Builder // what it wrote to standard error
}

func (s *server) logText() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.log.String()
}

// startServer runs involve serve on db, on a port of the loopback
// interface the system chooses, and waits until it listens. It is stopped
// (with ctrl+c's signal, then killed) when the test ends.
func (sb *sandbox) startServer(t *testing.T, db string) *server {
	t.Helper()
	bin := involveBin(t)
	ctx, cancel := testtime.Context(t, testtime.Child*3)
	cmd := exec.CommandContext(ctx, bin, "--db", db, "serve", "--listen", "127.0.0.1:0", "--host-key", sb.path("host_key"))
	cmd.Dir, cmd.Env = sb.dir, sb.env
	ownGroup(cmd)
	cmd.WaitDelay = 10 * time.Second
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	srv := &server{}
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			srv.mu.Lock()
			srv.log.WriteString(sc.Text() + "\n")
			srv.mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGTERM)
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(20 * time.Second):
			killGroup(cmd.Process.Pid)
			<-done
		}
		cancel()
	})
	listening := regexp.MustCompile(`listening on (127\.0\.0\.1:(\d+))`)
	fp := regexp.MustCompile(`Host key fingerprint: (SHA256:\S+)`)
	ready := make(chan error, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			line := sc.Text()
			if m := listening.FindStringSubmatch(line); m != nil {
				srv.addr, srv.port = m[1], m[2]
			}
			if m := fp.FindStringSubmatch(line); m != nil {
				srv.fingerprint = m[1]
			}
			if strings.HasPrefix(line, "Press ctrl+c to stop") {
				ready <- nil
				for sc.Scan() {
				}
				return
			}
		}
		ready <- fmt.Errorf("involve serve stopped before it listened: %v", sc.Err())
	}()
	select {
	case err := <-ready:
		if err != nil || srv.port == "" || srv.fingerprint == "" {
			t.Fatalf("involve serve: %v (port %q, fingerprint %q)\n%s", err, srv.port, srv.fingerprint, srv.logText())
		}
	case <-time.After(testtime.Limit(t, testtime.Wait)):
		t.Fatalf("involve serve did not listen within %s\n%s", testtime.Limit(t, testtime.Wait), srv.logText())
	}
	return srv
}

// sshArgs are the OpenSSH client's arguments to sign in to srv with key:
// no configuration, agent or known hosts of the user's, never a question.
func (sb *sandbox) sshArgs(srv *server, key string) []string {
	return []string{"-F", "/dev/null", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=" + sb.path("known_hosts"),
		"-o", "IdentitiesOnly=yes", "-o", "IdentityAgent=none", "-o", "BatchMode=yes", "-o", "LogLevel=ERROR",
		"-o", "ConnectTimeout=60", "-i", key, "-p", srv.port, "-tt", "team@127.0.0.1"}
}

// The team over SSH: the real involve serve, and two real ssh clients in
// tmux, a coordinator and a door volunteer. Each sees what their role
// may; the volunteer's sign-in shows at once on the coordinator's open
// register; the coordinator moves the meeting to tomorrow, and the
// volunteer's register is refused, saying which role other days need;
// an unknown key is refused before any screen.
func TestServeTeamOverSSH(t *testing.T) {
	sshBin := needSSH(t)
	needTmux(t)
	sb := newSandbox(t)
	db := sb.path("team.db")
	sb.mustRun(t, "demo", db)

	// A meeting today, with someone on its register.
	st, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	forum := store.Forum{Name: "Zeta Forum", Venue: "Zeta Hall"}
	if err := st.SaveForum(ctx, &forum); err != nil {
		t.Fatal(err)
	}
	now := time.Now().In(store.London)
	start := time.Date(now.Year(), now.Month(), now.Day(), 12, 0, 0, 0, store.London)
	meeting := store.Meeting{ForumID: forum.ID, Start: start, End: start.Add(2 * time.Hour), Venue: "Zeta Hall", Minutes: "Minutes nobody at the door reads."}
	if err := st.SaveMeeting(ctx, &meeting); err != nil {
		t.Fatal(err)
	}
	zed := store.Person{Name: "Zed Example", Phone: "07700 900777", Notes: "A private note."}
	if err := st.AddToRegister(ctx, meeting.ID, &zed, store.Confirmed); err != nil {
		t.Fatal(err)
	}
	st.Close()

	keys := sb.path("keys")
	if err := os.MkdirAll(keys, 0o700); err != nil {
		t.Fatal(err)
	}
	newKeyPair(t, keys, "cora")
	newKeyPair(t, keys, "dee")
	newKeyPair(t, keys, "eve") // not in the team
	sb.mustRun(t, "--db", db, "users", "add", "Cora", "--role", "coordinator", "--key", filepath.Join(keys, "cora.pub"))
	sb.mustRun(t, "--db", db, "users", "add", "Dee", "--role", "door", "--key", filepath.Join(keys, "dee.pub"))

	srv := sb.startServer(t, db)
	if out := sb.mustRun(t, "serve", "--fingerprint", "--host-key", sb.path("host_key")).stdout; strings.TrimSpace(out) != srv.fingerprint {
		t.Errorf("serve --fingerprint says %q; the server said %q", out, srv.fingerprint)
	}
	if info, err := os.Stat(sb.path("host_key")); err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("the host key: %v, %v", info.Mode(), err)
	}

	// An unknown key is refused before anything is drawn.
	refused := exec.Command(sshBin, append(sb.sshArgs(srv, filepath.Join(keys, "eve")), "true")...)
	refused.Env = sb.env
	out, err := refused.CombinedOutput()
	if err == nil || !strings.Contains(string(out), "Permission denied (publickey)") || strings.Contains(string(out), "involve") {
		t.Errorf("an unknown key: %v\n%s", err, out)
	}

	cora := sb.startProgram(t, 110, 30, sshBin, sb.sshArgs(srv, filepath.Join(keys, "cora"))...)
	dee := sb.startProgram(t, 80, 24, sshBin, sb.sshArgs(srv, filepath.Join(keys, "dee"))...)

	// The coordinator has every section.
	cora.waitText("1 Dashboard", "2 Forums", "5 Money", "6 Stories", "7 Influence")
	// The door volunteer has today's meetings only: no other section, no
	// money, no contact details, no minutes.
	doorScreen := dee.waitText("4 Today", "Today's meetings", "Zeta Forum")
	for _, never := range []string{"Dashboard", "Forums", "People", "Money", "Stories", "Influence"} {
		if strings.Contains(strings.SplitN(doorScreen, "\n", 2)[0], never) {
			t.Errorf("the door volunteer's header shows %s:\n%s", never, doorScreen)
		}
	}
	dee.keys("1", "2", "3", "5", "6", "7")
	dee.waitText("Today's meetings")
	dee.keys("/")
	dee.typeText("Zeta")
	dee.keys("Enter")
	dee.waitMatch(`(?m)^› .*Zeta Forum`)
	dee.keys("Enter")
	dee.waitText("Zeta Forum", "Zed Example", "Confirmed")

	// The coordinator opens the same register.
	cora.press(keymap.Global.Meetings)
	cora.waitScreen("Meetings")
	cora.keys("/")
	cora.typeText("Zeta")
	cora.keys("Enter")
	cora.waitMatch(`(?m)^› .*Zeta Forum`)
	cora.keys("Enter")
	cora.waitText("Zeta Hall", "Agenda │ Minutes")
	cora.press(keymap.Detail.Register)
	cora.waitMatch(`Zed Example +Service user +Confirmed`)

	// The volunteer signs Zed in; the coordinator's register shows it.
	dee.keys("/")
	dee.typeText("Zed")
	dee.keys("Enter")
	dee.waitMatch(`(?m)^› Zed Example`)
	signed := time.Now()
	dee.press(keymap.Register.Attended)
	dee.waitText("Zed Example: attended.")
	cora.waitMatch(`Zed Example +Service user +Attended`)
	t.Logf("the sign-in showed on the coordinator's register %v after the key was sent", time.Since(signed).Round(10*time.Millisecond))

	// The coordinator moves the meeting to tomorrow; the volunteer's open
	// register is refused, naming the role other days need.
	cora.esc()
	cora.waitText("Zeta Hall", "Agenda │ Minutes")
	cora.press(keymap.Record.Edit)
	tomorrow := start.AddDate(0, 0, 1).Format(store.DateLayout)
	cora.focusField("Forum")
	cora.keys("Tab")
	cora.fill("Date", tomorrow, true)
	cora.fill("Starts", "", false)
	cora.fill("Ends", "", false)
	cora.fill("Venue", "", false)
	cora.focusField("Status")
	cora.keys("Tab")
	cora.waitText("Saved the meeting.")
	dee.waitText("Dee is signed in as door, which may use today's meetings only")
	dee.waitText("other days' are for the coordinator role")

	for _, never := range []string{"07700", "A private note", "Minutes nobody", "£"} {
		if strings.Contains(dee.screen(), never) {
			t.Errorf("the door volunteer sees %q", never)
		}
	}

	// The server's log names who came and went, never a record's values.
	cora.keys("C-c")
	dee.keys("C-c")
	deadline := time.Now().Add(testtime.Limit(t, testtime.Wait))
	for !strings.Contains(srv.logText(), "session end user=Dee") && time.Now().Before(deadline) {
		time.Sleep(testtime.Poll)
	}
	log := srv.logText()
	for _, want := range []string{"session start user=Cora role=coordinator", "session start user=Dee role=door", "refused an unknown key", "session end user=Dee"} {
		if !strings.Contains(log, want) {
			t.Errorf("the server's log does not say %q:\n%s", want, log)
		}
	}
	for _, never := range []string{"Zed", "07700", "Zeta"} {
		if strings.Contains(log, never) {
			t.Errorf("the server's log holds %q:\n%s", never, log)
		}
	}

	// The audit trail says who did what.
	trail := sb.mustRun(t, "--db", db, "audit", "--who", "Dee").stdout
	if !strings.Contains(trail, "SetAttendance") || !strings.Contains(trail, "door") {
		t.Errorf("the audit trail of Dee:\n%s", trail)
	}
}
