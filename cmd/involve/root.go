package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/adrg/xdg"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/involve/involve/config"
	"github.com/involve/involve/store"
	"github.com/involve/involve/termsafe"
	"github.com/involve/involve/tui"
)

// app holds what every verb shares: where the database is, and where output goes.
type app struct {
	db     string
	stdout io.Writer
	stderr io.Writer

	configFile     string    // --config
	accessibleFlag bool      // --accessible
	settings       *settings // the settings file, once read
	warned         bool      // its problems were written to standard error
}

// defaultDB is the database in the user's data directory:
// $XDG_DATA_HOME/involve/involve.db on Linux and its equivalents elsewhere.
func defaultDB() string {
	return filepath.Join(xdg.DataHome, "involve", "involve.db")
}

// dbPath is --db, else INVOLVE_DB, else the default.
func (a *app) dbPath() string {
	if a.db != "" {
		return a.db
	}
	if env := os.Getenv("INVOLVE_DB"); env != "" {
		return env
	}
	return defaultDB()
}

// open opens an existing database; it refuses to create one by accident,
// except for the app itself.
func (a *app) open(mustExist bool) (*store.Store, bool, error) {
	path := a.dbPath()
	info, err := os.Stat(path)
	fresh := errors.Is(err, os.ErrNotExist) || (err == nil && info.Size() == 0)
	if mustExist && fresh {
		return nil, false, fmt.Errorf("there is no database at %s (use --db PATH or INVOLVE_DB, or run involve once to create it)", path)
	}
	if err == nil && info.IsDir() {
		return nil, false, fmt.Errorf("%s is a folder, not a database file", path)
	}
	s, err := store.Open(path)
	return s, fresh, err
}

func (a *app) out(format string, args ...any) {
	a.print(fmt.Sprintf(format, args...))
}

// print writes s to standard output through the terminal filter, without
// the copies formatting would make (a rendered story is large).
func (a *app) print(s string) {
	io.WriteString(a.stdout, termsafe.Filter(s))
}

func newRoot(stdout, stderr io.Writer) *cobra.Command {
	a := &app{stdout: stdout, stderr: stderr}
	root := &cobra.Command{
		Use:   "involve",
		Short: "Coordinate service user and carer involvement: forums, people, meetings and registers",
		Long: `involve keeps a partnership's involvement forums, their members, meetings,
registers and actions in one private SQLite file, and opens a terminal
interface on it when run with no verb.

The database is ` + defaultDB() + ` unless --db or INVOLVE_DB says otherwise.`,
		Args:          cobra.NoArgs,
		SilenceUsage:  true,
		SilenceErrors: true,
		RunE:          func(cmd *cobra.Command, _ []string) error { return a.runTUI(cmd) },
		// A settings file named with --config must be there: a slip in
		// its name would quietly give the standard settings (and a
		// backup meant to be encrypted for its keys, none).
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error { return a.checkConfigFile(cmd) },
	}
	root.PersistentFlags().StringVar(&a.db, "db", "", "the database file (default: $INVOLVE_DB, else "+defaultDB()+")")
	root.PersistentFlags().StringVar(&a.configFile, "config", "", "the settings file (default: "+config.Path()+")")
	root.Flags().BoolVar(&a.accessibleFlag, "accessible", false, "plain output for screen readers: forms asked a line at a time, no box drawing (also ACCESSIBLE=1, or accessible = true in the settings file)")
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.AddCommand(a.versionCmd(), a.checkCmd(), a.demoCmd(), a.exportCmd(), a.importCmd())
	root.AddCommand(a.transportCmd())
	root.AddCommand(a.expensesCmd(), a.ratesCmd(), a.thresholdsCmd())
	root.AddCommand(a.reportCmd())
	root.AddCommand(a.meetingsCmd(), a.calendarCmd())
	root.AddCommand(a.storiesCmd())
	root.AddCommand(a.reachCmd())
	root.AddCommand(a.backupCmd(), a.restoreCmd())
	root.AddCommand(a.serveCmd(), a.usersCmd(), a.auditCmd())
	root.AddCommand(a.personCmd())
	root.AddCommand(a.manCmd())
	root.AddCommand(a.configCmd())
	root.AddCommand(a.consultationsCmd(), a.yousaidCmd())
	root.AddCommand(a.contactsCmd(), a.trainingCmd())
	root.SetFlagErrorFunc(flagError)
	a.registerCompletions(root)
	plainArgErrors(root)
	return root
}

// secretFlags are the flags whose value is never printed back, with what
// is said instead when one is given a value: --passphrase=… is most likely
// the passphrase.
var secretFlags = map[string]string{
	"passphrase": "--passphrase takes no value: involve asks for the passphrase on the terminal, where it is not shown (never put it on the command line)",
}

// flagError says in plain words what is wrong with a flag, and how the
// command is used: "--width: "abc" is not a whole number".
func flagError(cmd *cobra.Command, err error) error {
	var bad *pflag.InvalidValueError
	if errors.As(err, &bad) {
		if says, ok := secretFlags[bad.GetFlag().Name]; ok {
			// What was given may be the secret itself: never print it.
			return fmt.Errorf("%s (usage: %s)", says, cmd.UseLine())
		}
		what := "is not valid"
		switch bad.GetFlag().Value.Type() {
		case "int", "int64", "uint", "uint64":
			what = "is not a whole number"
		case "bool":
			what = "is not true or false"
		}
		return fmt.Errorf("--%s: %q %s (usage: %s)", bad.GetFlag().Name, bad.GetValue(), what, cmd.UseLine())
	}
	return fmt.Errorf("%w (usage: %s)", err, cmd.UseLine())
}

// plainArgErrors makes every command's complaint about its arguments say
// how the command is used, instead of cobra's "accepts 1 arg(s), received 0".
func plainArgErrors(cmd *cobra.Command) {
	if check := cmd.Args; check != nil {
		cmd.Args = func(c *cobra.Command, args []string) error {
			if err := check(c, args); err != nil {
				if c.HasSubCommands() {
					if len(args) > 0 {
						return fmt.Errorf("%w%s (see %s --help)", err, didYouMean(c, args[0]), c.CommandPath())
					}
					return fmt.Errorf("%w (see %s --help)", err, c.CommandPath())
				}
				if len(args) > 0 && strings.HasPrefix(err.Error(), "unknown command") {
					return fmt.Errorf("%q takes no arguments (got %q)", strings.TrimPrefix(c.CommandPath(), c.Root().Name()+" "), args[0])
				}
				return fmt.Errorf("wrong number of arguments (got %d); usage: %s", len(args), c.UseLine())
			}
			return nil
		}
	}
	for _, sub := range cmd.Commands() {
		plainArgErrors(sub)
	}
}

func (a *app) runTUI(cmd *cobra.Command) error {
	ctx := cmd.Context()
	st := a.config()
	// Said when the program has left the screen, so that it is the last
	// thing on the terminal (the program says it on its status line).
	defer a.warnConfig(st.err)
	if ctx == nil {
		ctx = context.Background()
	}
	accessible := a.accessible(cmd, st.cfg)
	// The database is opened and the first screen's data read while Bubble
	// Tea readies the terminal (a few milliseconds of its own): the program
	// starts on an empty frame (opening) that becomes the interface when
	// the database is open.
	open := make(chan opened, 1)
	go func() {
		var o opened
		defer func() { open <- o }()
		s, fresh, err := a.open(false)
		if err != nil {
			o.err = err
			return
		}
		demo, err := s.Setting(ctx, "demo")
		if err != nil {
			s.Close()
			o.err = err
			return
		}
		opt := tui.Options{Demo: demo == "yes", Welcome: fresh, Keys: st.keys, Theme: st.cfg.Theme,
			Accessible: accessible, SupportMessage: st.cfg.SupportMessage, Notice: configNotice(st.err), User: operator()}
		if !opt.Demo {
			// A backup is offered on quitting once a day (not of a demo).
			opt.Backup = a.quitBackup
		}
		// Until the first frame has its data, the garbage collector waits
		// for a larger heap (startupGC).
		opt.Loaded = startupGC()
		o.s, o.m = s, tui.New(s, opt)
		o.m.Preload()
	}()
	start := &opening{open: open}
	_, err := tea.NewProgram(start, tea.WithFPS(120)).Run()
	o := start.wait()
	if o.s != nil {
		defer o.s.Close()
	}
	if o.err != nil {
		return o.err
	}
	if note := o.m.ExitNote(); note != "" {
		fmt.Fprintln(a.stderr, termsafe.Filter(note))
	}
	return err
}

func (a *app) versionCmd() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "version [--json]",
		Short: "Print the version of involve and of its database schema",
		Args:  cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			return a.printVersion(asJSON)
		},
	}
	jsonFlag(cmd, &asJSON)
	return cmd
}

func (a *app) demoCmd() *cobra.Command {
	var people int
	var seed int64
	cmd := &cobra.Command{
		Use:   "demo [--people N] FILE",
		Short: "Write a demo database of fictional forums, people and meetings",
		Long: `Demo writes a new database of fictional data to FILE. The default is a
realistic small partnership; --people 10000 gives the large benchmark database
(200 forums, 5,000 meetings, about 50,000 attendance records).`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if people < 1 {
				return fmt.Errorf("--people must be at least 1 (got %d)", people)
			}
			if err := store.WriteDemo(cmd.Context(), args[0], people, seed); err != nil {
				return err
			}
			a.out("wrote a demo database of %d fictional people to %s\n", people, args[0])
			return nil
		},
	}
	cmd.Flags().IntVar(&people, "people", 60, "how many people (10000 for the benchmark database)")
	cmd.Flags().Int64Var(&seed, "seed", 1, "random seed: the same seed gives the same people")
	return cmd
}

func (a *app) exportCmd() *cobra.Command {
	var asJSON bool
	var output string
	cmd := &cobra.Command{
		Use:   "export --json [-o FILE]",
		Short: "Export everything in the database as one JSON object",
		Long: `Export writes every record as one JSON object: schema_version, exported_at,
and a list for each kind of record under its plural name: forums, people,
memberships, meetings, attendance, actions, transport_bookings, claims,
payments, rates, thresholds, petty_cash, access_needs, availability,
availability_exceptions, stories, story_versions, story_positions,
consultations (with agenda_sections, consultation_forums, consultation_points,
consultation_responses and consultation_feedback), contacts, contact_forums,
training_sessions, training_trainers, training_stories, and people's requests
about their data (access_requests), retention_reviews and the erasure log
(erasures). Every record carries its id; money is in integer pence (keys
ending _pence), hours and miles in hundredths (_hundredths). With -o the file
is created mode 0600: it holds personal data.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if !asJSON {
				return errors.New("say which format: --json (the only one for now)")
			}
			s, _, err := a.open(true)
			if err != nil {
				return err
			}
			defer s.Close()
			if output == "" || output == "-" {
				return s.ExportJSON(cmd.Context(), a.stdout)
			}
			return a.writeOutput(output, func(w io.Writer) error { return s.ExportJSON(cmd.Context(), w) })
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "write JSON")
	cmd.Flags().StringVarP(&output, "output", "o", "", "write to FILE instead of standard output")
	return cmd
}

// removeDatabase removes a database file and SQLite's files beside it.
func removeDatabase(path string) {
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		os.Remove(p)
	}
}

// emit writes a verb's output: to standard output through the terminal
// filter, or with -o FILE (output not "" or "-") to a private file, then
// saying "wrote WHAT to FILE".
func (a *app) emit(output, what string, write func(io.Writer) error) error {
	if output == "" || output == "-" {
		var buf bytes.Buffer
		if err := write(&buf); err != nil {
			return err
		}
		_, err := io.WriteString(a.stdout, termsafe.Filter(buf.String()))
		return err
	}
	if err := a.writeOutput(output, write); err != nil {
		return err
	}
	a.out("wrote %s to %s\n", what, output)
	return nil
}

// writeOutput is writePrivate for a verb's -o FILE, which must never be
// the database (or SQLite's files beside it, or any other database): a
// slip of the keyboard would replace everything with a report.
func (a *app) writeOutput(path string, fn func(io.Writer) error) error {
	if err := a.notTheDatabase(path); err != nil {
		return err
	}
	return writePrivate(path, fn)
}

// writePrivate writes a file of personal data: mode 0600, written to a
// temporary file first and renamed, so a failure leaves nothing half-written.
func writePrivate(path string, fn func(io.Writer) error) error {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, ".involve-export-*")
	if err != nil {
		return fmt.Errorf("cannot write %s: %s", path, store.FileProblem(err))
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return err
	}
	if err := fn(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

func (a *app) importCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "import",
		Short: "Import records from files",
	}
	people := &cobra.Command{
		Use:   "people FILE.csv",
		Short: "Import people from a CSV file (all or nothing)",
		Long: `Import people from an RFC 4180 CSV file with a header row. Columns:
  name            required
  preferred_name  what the screen shows
  role            service_user, carer, both, worker, senior_officer or other
  phone, email
  forums          forum names separated by ";" (each must exist)
Any bad row stops the whole import with FILE:LINE and what is wrong; nothing is
imported unless everything can be.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			f, err := os.Open(args[0])
			if err != nil {
				return fmt.Errorf("cannot read %s: %s", args[0], store.FileProblem(err))
			}
			defer f.Close()
			s, fresh, err := a.open(false)
			if err != nil {
				return err
			}
			defer s.Close()
			n, err := s.ImportPeopleCSV(cmd.Context(), f, args[0])
			if err != nil {
				if fresh {
					// The database was made for this import (a new
					// --db, perhaps mistyped): nothing is left of it.
					s.Close()
					removeDatabase(s.Path())
				}
				return err
			}
			word := "people"
			if n == 1 {
				word = "person"
			}
			a.out("imported %d %s from %s\n", n, word, args[0])
			return nil
		},
	}
	cmd.AddCommand(people)
	return cmd
}

// startupGC lets the heap grow to 5 times what is live before the garbage
// collector runs (GOGC=400) while the app starts: the first frame's
// allocations (Bubble Tea's buffers, the dashboard's rows and its drawing)
// come to a little more than the 4 MiB at which Go first collects, and
// that one collection, while the dashboard is read and drawn, cost a fifth
// of the processor time to the first frame and 3 to 5 ms of its wall time
// (BenchmarkFirstFrameProcess). The function it returns is called when the
// first screen has its data; a moment later, once that frame is drawn
// (Bubble Tea draws every 8 ms), the collector's setting is put back as it
// was; put back at once, the collection it then starts delays the frame
// as much as before. Nothing changes when GOGC is set in the environment.
func startupGC() func() {
	if os.Getenv("GOGC") != "" {
		return func() {}
	}
	was := debug.SetGCPercent(400)
	var once sync.Once
	return func() {
		once.Do(func() { time.AfterFunc(100*time.Millisecond, func() { debug.SetGCPercent(was) }) })
	}
}
