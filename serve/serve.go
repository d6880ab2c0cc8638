// Package serve is involve served over SSH (involve serve): one database,
// several members of the team at once, each signed in with their SSH key
// and using the interface in their role. It is built on charm.land/wish
// as soft-serve is: public-key sign-in only, and one Bubble Tea program
// per session, with its own renderer drawing for that client's terminal
// (its size, colours and background).
package serve

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"reflect"
	"sync"
	"sync/atomic"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/log/v2"
	"charm.land/ssh"
	"charm.land/wish/v2"
	"charm.land/wish/v2/activeterm"
	"charm.land/wish/v2/bubbletea"
	"charm.land/wish/v2/recover"
	gossh "golang.org/x/crypto/ssh"
	"golang.org/x/time/rate"

	"github.com/involve/involve/store"
	"github.com/involve/involve/tui"
	"github.com/involve/involve/tui/kit"
)

// DefaultListen is where the server listens unless told: this computer
// only.
const DefaultListen = "127.0.0.1:2222"

// DefaultIdleTimeout ends a session nobody has typed in for this long.
const DefaultIdleTimeout = 30 * time.Minute

// Config is what a server needs.
type Config struct {
	// Listen is the address to listen on (DefaultListen when empty).
	Listen string
	// Store is the database, as its owner (a coordinator) opened it. Each
	// session sees it in the role of the member of the team signed in.
	Store *store.Store
	// HostKey is the host key's file: made, mode 0600, when it is not
	// there.
	HostKey string
	// Demo says the database is a demo (the header says so).
	Demo bool
	// SupportMessage ends every story, when set (the settings file's:
	// what the partnership says, not one member's preference).
	SupportMessage string
	// IdleTimeout ends a session with no input for this long
	// (DefaultIdleTimeout when 0).
	IdleTimeout time.Duration
	// Log is where the server says what it does (never a record's
	// values); log.Default() when nil.
	Log *log.Logger
	// Now is the interface's clock (time.Now when nil).
	Now func() time.Time
	// FailBurst failed sign-ins from one address are allowed at once,
	// then one every FailEvery (10 and 6 seconds when 0): beyond that, the
	// address is refused, its known keys too, until it has waited.
	FailBurst int
	FailEvery time.Duration
}

// Server is involve served over SSH.
type Server struct {
	cfg         Config
	srv         *ssh.Server
	fingerprint string
	fails       *failures
	sessions    atomic.Int64
	// wrap, when set, wraps each session's model (the benchmark times
	// its Update and View).
	wrap func(tea.Model) tea.Model
}

type ctxKey int

const (
	userKey ctxKey = iota
	modelKey
)

// New makes a server over cfg.Store, with the host key at cfg.HostKey
// (made when it is not there).
func New(cfg Config) (*Server, error) {
	if cfg.Store == nil {
		return nil, errors.New("serve: no database")
	}
	if cfg.Listen == "" {
		cfg.Listen = DefaultListen
	}
	if cfg.IdleTimeout == 0 {
		cfg.IdleTimeout = DefaultIdleTimeout
	}
	if cfg.Log == nil {
		cfg.Log = log.Default()
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.FailBurst <= 0 {
		cfg.FailBurst = 10
	}
	if cfg.FailEvery <= 0 {
		cfg.FailEvery = 6 * time.Second
	}
	pemBytes, fp, _, err := HostKey(cfg.HostKey)
	if err != nil {
		return nil, err
	}
	s := &Server{cfg: cfg, fingerprint: fp, fails: newFailures(rate.Every(cfg.FailEvery), cfg.FailBurst)}
	s.srv, err = wish.NewServer(
		wish.WithAddress(cfg.Listen),
		wish.WithHostKeyPEM(pemBytes),
		// Public keys only: no password, no keyboard-interactive, and no
		// sign-in without a key (none is offered without a handler).
		wish.WithPublicKeyAuth(s.auth),
		wish.WithIdleTimeout(cfg.IdleTimeout),
		// A real terminal for each session, so that each program reads
		// its own client's terminal (its colours and background).
		ssh.AllocatePty(),
		wish.WithMiddleware(
			// The last runs first: the log, then each session guarded
			// against a panic taking the server down.
			recover.MiddlewareWithLogger(cfg.Log,
				bubbletea.MiddlewareWithProgramHandler(s.program),
				s.closeModel,
				s.knownOnly,
				activeterm.Middleware(),
			),
			s.logSessions,
		),
	)
	if err != nil {
		return nil, err
	}
	return s, nil
}

// Fingerprint is the host key's SHA256 fingerprint, as ssh shows it the
// first time it connects.
func (s *Server) Fingerprint() string { return s.fingerprint }

// Addr is the address the server listens on.
func (s *Server) Addr() string { return s.cfg.Listen }

// ListenAndServe listens on the configured address and serves until
// Shutdown.
func (s *Server) ListenAndServe() error {
	err := s.srv.ListenAndServe()
	if errors.Is(err, ssh.ErrServerClosed) {
		return nil
	}
	return err
}

// Serve serves on l until Shutdown.
func (s *Server) Serve(l net.Listener) error {
	err := s.srv.Serve(l)
	if errors.Is(err, ssh.ErrServerClosed) {
		return nil
	}
	return err
}

// Shutdown stops taking connections and waits (until ctx is done) for
// the sessions open to end; then closes them.
func (s *Server) Shutdown(ctx context.Context) error {
	err := s.srv.Shutdown(ctx)
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		return s.srv.Close()
	}
	return err
}

// Sessions is how many sessions are open.
func (s *Server) Sessions() int { return int(s.sessions.Load()) }

// auth lets in a key that belongs to a member of the team. Failures are
// counted by address: too many, and the address is refused for a while,
// whatever key it offers.
func (s *Server) auth(ctx ssh.Context, key ssh.PublicKey) bool {
	from := host(ctx.RemoteAddr())
	if s.fails.blocked(from) {
		s.cfg.Log.Warn("refused a sign-in: too many failed ones from this address lately", "from", from)
		return false
	}
	fp := gossh.FingerprintSHA256(key)
	u, err := s.cfg.Store.UserByKey(ctx, fp)
	if err != nil {
		if s.fails.fail(from) {
			s.cfg.Log.Warn("too many failed sign-ins: refusing this address for a while", "from", from)
		}
		if errors.Is(err, store.ErrUnknownKey) {
			s.cfg.Log.Info("refused an unknown key", "from", from, "key", fp)
		} else {
			s.cfg.Log.Error("cannot check a key", "from", from, "err", err)
		}
		return false
	}
	ctx.SetValue(userKey, u)
	return true
}

func host(a net.Addr) string {
	if t, ok := a.(*net.TCPAddr); ok {
		return t.IP.String()
	}
	if h, _, err := net.SplitHostPort(a.String()); err == nil {
		return h
	}
	return a.String()
}

func sessionUser(sess ssh.Session) (store.User, bool) {
	u, ok := sess.Context().Value(userKey).(store.User)
	return u, ok && u.Name != ""
}

// knownOnly ends a session that did not sign in with a team member's key
// before anything is drawn (sign-in refuses any other; this is the second
// lock on the door).
func (s *Server) knownOnly(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		if _, ok := sessionUser(sess); !ok {
			wish.Fatalln(sess, "involve: not signed in with a known key")
			return
		}
		next(sess)
	}
}

// logSessions says when a session starts and ends: who, in what role, from
// where; never what they saw or did.
func (s *Server) logSessions(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		start := time.Now()
		u, _ := sessionUser(sess)
		pty, _, _ := sess.Pty()
		n := s.sessions.Add(1)
		s.cfg.Log.Info("session start", "user", u.Name, "role", u.Role, "from", host(sess.RemoteAddr()), "term", pty.Term, "sessions", n)
		defer func() {
			n := s.sessions.Add(-1)
			s.cfg.Log.Info("session end", "user", u.Name, "role", u.Role, "from", host(sess.RemoteAddr()),
				"after", time.Since(start).Round(time.Second), "sessions", n)
		}()
		next(sess)
	}
}

// closeModel ends what a session's interface keeps going (its
// subscription to changes) once its program has ended.
func (s *Server) closeModel(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		defer func() {
			if m, ok := sess.Context().Value(modelKey).(*tui.Model); ok {
				m.Close()
			}
		}()
		next(sess)
	}
}

// program is one session's Bubble Tea program: the interface over the
// store as the signed-in member of the team, live, in their role.
func (s *Server) program(sess ssh.Session) *tea.Program {
	u, ok := sessionUser(sess)
	if !ok {
		return nil
	}
	view, err := s.cfg.Store.As(sess.Context(), u.Actor())
	if err != nil {
		s.cfg.Log.Error("cannot open a session", "user", u.Name, "err", err)
		wish.Fatalln(sess, "involve: "+err.Error())
		return nil
	}
	m := tui.New(view, tui.Options{Demo: s.cfg.Demo, Now: s.cfg.Now, Live: true, Remote: true, SupportMessage: s.cfg.SupportMessage, User: u.Name})
	sess.Context().SetValue(modelKey, m)
	opts := append(bubbletea.MakeOptions(sess), tea.WithFilter(sessionFilter))
	var model tea.Model = m
	if s.wrap != nil {
		model = s.wrap(m)
	}
	return tea.NewProgram(model, opts...)
}

// execMsgType is Bubble Tea's message for handing the terminal to
// something else until it is done; processType is what it holds when that
// is another program (tea.ExecProcess: an editor).
var (
	execMsgType = reflect.TypeOf(tea.ExecProcess(nil, nil)())
	processType = reflect.ValueOf(tea.ExecProcess(nil, nil)()).Field(0).Elem().Type()
)

// sessionFilter keeps a session from starting programs on the server: an
// editor would run here, as the server's owner, and could open a shell.
// (What runs in the program itself, such as an accessible form's
// questions, still may.) It also answers a suspend (ctrl+z), which has no
// meaning over SSH, by going on.
func sessionFilter(_ tea.Model, msg tea.Msg) tea.Msg {
	switch msg.(type) {
	case tea.SuspendMsg:
		return tea.ResumeMsg{}
	}
	if v := reflect.ValueOf(msg); v.IsValid() && v.Type() == execMsgType {
		if c := v.Field(0); !c.IsNil() && c.Elem().Type() == processType {
			return kit.StatusMsg{Text: "Your own editor cannot be opened over SSH: write here, or use involve on the computer that keeps the database.", Err: true}
		}
	}
	return msg
}

// HostKey reads the host key at path, or makes one (ed25519, mode 0600, in
// a folder of mode 0700) when there is none. It returns the key in PEM,
// its fingerprint, and whether it was made now. A key file others may
// read is refused.
func HostKey(path string) (pemBytes []byte, fingerprint string, made bool, err error) {
	if path == "" {
		return nil, "", false, errors.New("no file for the host key")
	}
	pemBytes, err = os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		pemBytes, err = makeHostKey(path)
		made = err == nil
	} else if err == nil {
		var info os.FileInfo
		if info, err = os.Stat(path); err == nil && info.Mode().Perm()&0o077 != 0 {
			err = fmt.Errorf("the host key %s may be read by others (mode %o): make it private with chmod 600 %s", path, info.Mode().Perm(), path)
		}
	}
	if err != nil {
		return nil, "", false, err
	}
	signer, err := gossh.ParsePrivateKey(pemBytes)
	if err != nil {
		return nil, "", false, fmt.Errorf("the host key %s cannot be read: %w", path, err)
	}
	return pemBytes, gossh.FingerprintSHA256(signer.PublicKey()), made, nil
}

var makeKeyMu sync.Mutex

func makeHostKey(path string) ([]byte, error) {
	makeKeyMu.Lock()
	defer makeKeyMu.Unlock()
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("cannot make the folder for the host key: %w", err)
	}
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, err
	}
	block, err := gossh.MarshalPrivateKey(priv, "involve serve host key")
	if err != nil {
		return nil, err
	}
	data := pem.EncodeToMemory(block)
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, fmt.Errorf("cannot write the host key: %w", err)
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		os.Remove(path)
		return nil, fmt.Errorf("cannot write the host key: %w", err)
	}
	if err := f.Close(); err != nil {
		os.Remove(path)
		return nil, fmt.Errorf("cannot write the host key: %w", err)
	}
	return data, nil
}

// failures counts failed sign-ins by address, as a token bucket each: a
// burst is allowed, then one now and then.
type failures struct {
	mu    sync.Mutex
	every rate.Limit
	burst int
	by    map[string]*rate.Limiter
}

func newFailures(every rate.Limit, burst int) *failures {
	return &failures{every: every, burst: burst, by: map[string]*rate.Limiter{}}
}

// blocked reports whether from has used up its failures.
func (f *failures) blocked(from string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	l, ok := f.by[from]
	return ok && l.Tokens() < 1
}

// fail counts a failure from from, and reports whether it used up the last
// one allowed.
func (f *failures) fail(from string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	l, ok := f.by[from]
	if !ok {
		if len(f.by) >= 10000 {
			// Many addresses: forget those that have waited long enough.
			for k, v := range f.by {
				if v.Tokens() >= float64(f.burst) {
					delete(f.by, k)
				}
			}
		}
		l = rate.NewLimiter(f.every, f.burst)
		f.by[from] = l
	}
	l.Allow()
	return l.Tokens() < 1
}

// Discard is a logger that says nothing (for tests and benchmarks).
func Discard() *log.Logger { return log.New(io.Discard) }
