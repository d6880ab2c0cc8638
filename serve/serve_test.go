package serve

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"io"

	"net"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	gossh "golang.org/x/crypto/ssh"

	"github.com/involve/involve/store"
	"github.com/involve/involve/tui/kit"
)

// testKey is a new key pair: the signer a client signs in with, and the
// public key as an authorized_keys line.
func testKey(t testing.TB) (gossh.Signer, string) {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	signer, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return signer, strings.TrimSpace(string(gossh.MarshalAuthorizedKey(signer.PublicKey())))
}

type fixture struct {
	dir    string
	st     *store.Store
	srv    *Server
	addr   string
	logBuf *syncBuffer
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func newFixture(t testing.TB, cfg Config) *fixture {
	t.Helper()
	dir := t.TempDir()
	st, err := store.Open(filepath.Join(dir, "involve.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	fx := &fixture{dir: dir, st: st, logBuf: &syncBuffer{}}
	cfg.Store = st
	cfg.HostKey = filepath.Join(dir, "keys", "host")
	cfg.Log = Discard()
	cfg.Log.SetOutput(fx.logBuf)
	srv, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(l)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		srv.Shutdown(ctx)
	})
	fx.srv, fx.addr = srv, l.Addr().String()
	return fx
}

func (fx *fixture) addUser(t testing.TB, name string, role store.TeamRole) gossh.Signer {
	t.Helper()
	signer, line := testKey(t)
	if _, err := fx.st.AddUser(context.Background(), name, role, line); err != nil {
		t.Fatal(err)
	}
	return signer
}

func (fx *fixture) dial(auth ...gossh.AuthMethod) (*gossh.Client, error) {
	return gossh.Dial("tcp", fx.addr, &gossh.ClientConfig{
		User:            "anyone",
		Auth:            auth,
		HostKeyCallback: gossh.InsecureIgnoreHostKey(),
		Timeout:         time.Minute,
	})
}

// screenOf opens a session with a terminal and reads what is drawn until
// it shows want (or a minute passes).
func screenOf(t testing.TB, c *gossh.Client, want string) string {
	t.Helper()
	sess, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	defer sess.Close()
	if err := sess.RequestPty("xterm-256color", 30, 100, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	out, err := sess.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	got := make(chan string, 1)
	go func() {
		var b bytes.Buffer
		buf := make([]byte, 4096)
		for {
			n, err := out.Read(buf)
			b.Write(buf[:n])
			if strings.Contains(b.String(), want) || err != nil {
				got <- b.String()
				return
			}
		}
	}()
	select {
	case s := <-got:
		return s
	case <-time.After(time.Minute):
		t.Fatalf("the session never showed %q", want)
		return ""
	}
}

// A member of the team signs in with their key and gets the interface in
// their role; an unknown key, a password or no key at all never gets in.
func TestSignInWithKnownKeysOnly(t *testing.T) {
	fx := newFixture(t, Config{})
	dee := fx.addUser(t, "Dee", store.TeamDoor)
	c, err := fx.dial(gossh.PublicKeys(dee))
	if err != nil {
		t.Fatalf("Dee cannot sign in: %v", err)
	}
	defer c.Close()
	if s := screenOf(t, c, "Today's meetings"); !strings.Contains(s, "Today") {
		t.Errorf("Dee's screen: %q", s)
	}

	stranger, _ := testKey(t)
	if c, err := fx.dial(gossh.PublicKeys(stranger)); err == nil {
		c.Close()
		t.Error("an unknown key signed in")
	}
	if c, err := fx.dial(gossh.Password("secret")); err == nil {
		c.Close()
		t.Error("a password signed in")
	}
	if c, err := fx.dial(); err == nil {
		c.Close()
		t.Error("a client with no key signed in")
	}
	if !strings.Contains(fx.logBuf.String(), "refused an unknown key") {
		t.Errorf("the log does not say a key was refused:\n%s", fx.logBuf.String())
	}
}

// Failed sign-ins are limited by address: past the limit, even a known key
// is refused until the address has waited.
func TestFailedSignInsAreLimited(t *testing.T) {
	fx := newFixture(t, Config{FailBurst: 3, FailEvery: time.Hour})
	cora := fx.addUser(t, "Cora", store.TeamCoordinator)
	stranger, _ := testKey(t)
	for range 3 {
		if c, err := fx.dial(gossh.PublicKeys(stranger)); err == nil {
			c.Close()
			t.Fatal("an unknown key signed in")
		}
	}
	if c, err := fx.dial(gossh.PublicKeys(cora)); err == nil {
		c.Close()
		t.Error("a known key signed in from an address that failed too often")
	}
	if !strings.Contains(fx.logBuf.String(), "too many failed sign-ins") {
		t.Errorf("the log does not say the address is refused:\n%s", fx.logBuf.String())
	}
	f := newFailures(1000, 2) // refills at once
	f.fail("a")
	f.fail("a")
	time.Sleep(10 * time.Millisecond)
	if f.blocked("a") {
		t.Error("an address that waited is still refused")
	}
}

// The host key is made private on the first start and kept; one others
// may read is refused.
func TestHostKey(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "state", "host")
	_, fp, made, err := HostKey(path)
	if err != nil || !made || !strings.HasPrefix(fp, "SHA256:") {
		t.Fatalf("HostKey = %q, %v, %v", fp, made, err)
	}
	for p, want := range map[string]os.FileMode{path: 0o600, filepath.Dir(path): 0o700} {
		info, err := os.Stat(p)
		if err != nil || info.Mode().Perm() != want {
			t.Errorf("%s: mode %v, want %o (%v)", p, info.Mode().Perm(), want, err)
		}
	}
	_, again, made, err := HostKey(path)
	if err != nil || made || again != fp {
		t.Errorf("the second start: %q (made %v), %v; want %q", again, made, err, fp)
	}
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, _, err := HostKey(path); err == nil || !strings.Contains(err.Error(), "chmod 600") {
		t.Errorf("a key others may read: %v", err)
	}
}

// A session cannot start a program on the server (an editor), and ctrl+z
// does not suspend it.
func TestSessionFilter(t *testing.T) {
	msg := sessionFilter(nil, tea.ExecProcess(nil, nil)())
	if st, ok := msg.(kit.StatusMsg); !ok || !st.Err || !strings.Contains(st.Text, "cannot be opened over SSH") {
		t.Errorf("an exec over SSH became %#v", msg)
	}
	inProgram := tea.Exec(nopExec{}, nil)()
	if got := sessionFilter(nil, inProgram); reflect.TypeOf(got) != reflect.TypeOf(inProgram) {
		t.Errorf("something run in the program itself (an accessible form) became %#v", got)
	}
	if _, ok := sessionFilter(nil, tea.SuspendMsg{}).(tea.ResumeMsg); !ok {
		t.Error("ctrl+z suspends a session")
	}
	key := tea.KeyPressMsg{Code: 'a', Text: "a"}
	if got := sessionFilter(nil, key); got != key {
		t.Errorf("a key became %#v", got)
	}
}

// nopExec is an ExecCommand that runs in the program, as an accessible
// form's questions do.
type nopExec struct{}

func (nopExec) Run() error          { return nil }
func (nopExec) SetStdin(io.Reader)  {}
func (nopExec) SetStdout(io.Writer) {}
func (nopExec) SetStderr(io.Writer) {}

func newLoopback() (net.Listener, error) { return net.Listen("tcp", "127.0.0.1:0") }
