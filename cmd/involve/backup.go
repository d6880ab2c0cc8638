package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"

	"filippo.io/age"
	xterm "github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"

	"github.com/involve/involve/store"
	"github.com/involve/involve/termsafe"
)

// prompter asks the person at the terminal: a passphrase (not echoed) or
// a yes or no. Tests replace ask with a fake.
type prompter interface {
	// Terminal reports whether there is a terminal to ask on.
	Terminal() bool
	// Secret asks for something typed without being shown.
	Secret(prompt string) (string, error)
	// Line asks for a line of text.
	Line(prompt string) (string, error)
}

// ask is the terminal the verbs ask on: standard input, prompts on
// standard error.
var ask prompter = termPrompter{in: os.Stdin, out: os.Stderr}

type termPrompter struct {
	in  *os.File
	out io.Writer
}

func (p termPrompter) Terminal() bool { return xterm.IsTerminal(p.in.Fd()) }

func (p termPrompter) Secret(prompt string) (string, error) {
	fmt.Fprint(p.out, prompt)
	b, err := xterm.ReadPassword(p.in.Fd())
	fmt.Fprintln(p.out)
	return string(b), err
}

func (p termPrompter) Line(prompt string) (string, error) {
	fmt.Fprint(p.out, prompt)
	line, err := bufio.NewReader(p.in).ReadString('\n')
	if errors.Is(err, io.EOF) && line != "" {
		err = nil
	}
	return strings.TrimSpace(line), err
}

// minPassphrase is the shortest passphrase a backup may be protected with,
// in characters.
const minPassphrase = 12

// scryptWorkFactor, when not 0, replaces age's work factor for passphrases
// (2^18: about a second and 256 MiB). Tests lower it.
var scryptWorkFactor = 0

// newPassphrase asks twice for the passphrase a backup is to be encrypted
// with, and makes an age recipient of it.
func newPassphrase() (age.Recipient, error) {
	if !ask.Terminal() {
		return nil, errors.New("--passphrase asks for the passphrase on the terminal, and standard input is not a terminal: encrypt for a key with --recipient instead; nothing was written")
	}
	first, err := ask.Secret("Passphrase for the backup: ")
	if err != nil {
		return nil, fmt.Errorf("cannot read the passphrase: %w", err)
	}
	if n := utf8.RuneCountInString(first); n < minPassphrase {
		return nil, fmt.Errorf("a passphrase of %d characters is too easy to guess: use at least %d (three or four random words are good); nothing was written", n, minPassphrase)
	}
	again, err := ask.Secret("The same passphrase again: ")
	if err != nil {
		return nil, fmt.Errorf("cannot read the passphrase: %w", err)
	}
	if again != first {
		return nil, errors.New("the two passphrases differ; nothing was written")
	}
	r, err := age.NewScryptRecipient(first)
	if err == nil && scryptWorkFactor > 0 {
		r.SetWorkFactor(scryptWorkFactor)
	}
	return r, err
}

// backupIdentities reads the --identity files; for a backup protected by a
// passphrase, which no key opens, it asks for the passphrase instead.
func backupIdentities(file string, identityFiles []string) ([]age.Identity, error) {
	format, err := store.InspectBackup(file)
	if err != nil {
		return nil, err
	}
	if format == store.BackupPassphrase {
		return askBackupPassphrase(file, len(identityFiles) > 0)
	}
	var ids []age.Identity
	for _, f := range identityFiles {
		got, err := store.ReadIdentityFile(f)
		if err != nil {
			return nil, err
		}
		ids = append(ids, got...)
	}
	if format == store.BackupKeys && len(ids) == 0 {
		return nil, fmt.Errorf("%s is encrypted: give the key that opens it with --identity FILE (an age identity file)", file)
	}
	return ids, nil
}

// askBackupPassphrase asks on the terminal for the passphrase that opens
// file; keyGiven says --identity was given, which cannot open it.
func askBackupPassphrase(file string, keyGiven bool) ([]age.Identity, error) {
	prompt := "Passphrase for " + termsafe.Filter(file) + ": "
	if keyGiven {
		prompt = termsafe.Filter(file) + " is protected by a passphrase, not encrypted for a key: --identity cannot open it.\n" + prompt
	}
	if !ask.Terminal() {
		if keyGiven {
			return nil, fmt.Errorf("%s is protected by a passphrase, not encrypted for a key, so --identity cannot open it; run this on a terminal to be asked for the passphrase", file)
		}
		return nil, fmt.Errorf("%s is protected by a passphrase, and standard input is not a terminal to ask for it on", file)
	}
	pass, err := ask.Secret(prompt)
	if err != nil {
		return nil, fmt.Errorf("cannot read the passphrase: %w", err)
	}
	id, err := age.NewScryptIdentity(pass)
	if err != nil {
		return nil, err
	}
	return []age.Identity{id}, nil
}

func (a *app) backupCmd() *cobra.Command {
	var recipients, recipientFiles []string
	var passphrase bool
	var keep int
	var offer string
	cmd := &cobra.Command{
		Use:   "backup [FILE] [--recipient KEY]... [--recipients-file FILE]... [--passphrase] [--keep N]",
		Short: "Make a checked copy of the database (encrypted, if you say for whom)",
		Long: `Backup copies the database, even while involve is open in another window,
checks the copy (SQLite's integrity check and the schema version), and only
then puts it in place. The file is private (mode 0600).

Without FILE the backup goes into ` + store.DefaultBackupDir() + `,
named after the database and the time (UTC), and only the newest are kept:
14 unless --keep N says otherwise (--keep is remembered in the database).

With --recipient (an age public key, age1…, or an SSH public key, or a .pub
file holding one; repeat it for each holder) or --recipients-file FILE (one key a line), the backup is
encrypted with age and ends .age; no unencrypted copy is written anywhere.
Without either, the keys in ` + store.DefaultRecipientsFile() + `
are used when that file exists. --passphrase asks on the terminal for a
passphrase instead (then it is the only way to open the backup).
Erased data is not carried into the backup.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			file := ""
			if len(args) == 1 {
				file = args[0]
				if err := a.notTheDatabase(file); err != nil {
					return err
				}
			}
			if cmd.Flags().Changed("offer-on-quit") {
				// Only the setting changes: no backup is made.
				on, err := yesNo("--offer-on-quit", offer)
				if err != nil {
					return err
				}
				f := cmd.Flags()
				if len(args) > 0 || f.Changed("keep") || f.Changed("recipient") || f.Changed("recipients-file") || f.Changed("passphrase") {
					return errors.New("--offer-on-quit changes a setting and makes no backup: give it on its own")
				}
				s, _, err := a.open(true)
				if err != nil {
					return err
				}
				defer s.Close()
				if err := s.SetBackupOffer(cmd.Context(), on); err != nil {
					return err
				}
				if on {
					a.out("involve will offer a backup when you quit, once a day\n")
				} else {
					a.out("involve will not offer a backup when you quit\n")
				}
				return nil
			}
			if cmd.Flags().Changed("keep") && keep < 1 {
				return fmt.Errorf("--keep must be at least 1 (got %d)", keep)
			}
			if passphrase && (len(recipients) > 0 || len(recipientFiles) > 0) {
				return errors.New("--passphrase cannot be used with --recipient or --recipients-file: a backup protected by a passphrase opens with nothing else")
			}
			rs, err := parseRecipients(recipients, recipientFiles)
			if err != nil {
				return err
			}
			from := ""
			if len(rs) == 0 && !passphrase {
				got, path, err := a.defaultRecipients()
				if err != nil {
					return err
				}
				rs, from = got, path
			}
			if file != "" && len(rs) == 0 && !passphrase && strings.HasSuffix(file, ".age") {
				return fmt.Errorf("%s ends .age but no recipient was given to encrypt it for: add --recipient KEY or --passphrase", file)
			}
			if file != "" {
				if _, err := os.Lstat(file); err == nil {
					return fmt.Errorf("%s already exists: a backup never replaces a file (name a new one, or delete that one first)", file)
				}
			}
			s, _, err := a.open(true)
			if err != nil {
				return err
			}
			defer s.Close()
			ctx := cmd.Context()
			if cmd.Flags().Changed("keep") {
				if err := s.SetBackupKeep(ctx, keep); err != nil {
					return err
				}
			}
			if passphrase {
				r, err := newPassphrase()
				if err != nil {
					return err
				}
				rs = []age.Recipient{r}
			}
			return a.backup(ctx, s, file, rs, from)
		},
	}
	cmd.Flags().StringArrayVar(&recipients, "recipient", nil, "encrypt for this age public key (age1…) or SSH public key, or the key in this file (id_ed25519.pub); repeat for each holder")
	cmd.Flags().StringArrayVar(&recipientFiles, "recipients-file", nil, "encrypt for the keys in this file, one a line")
	cmd.Flags().BoolVar(&passphrase, "passphrase", false, "encrypt with a passphrase, asked for on the terminal")
	cmd.Flags().IntVar(&keep, "keep", store.DefaultBackupKeep, "how many backups the backup folder keeps (remembered)")
	cmd.Flags().StringVar(&offer, "offer-on-quit", "", "yes or no: whether the program offers a backup when you quit, once a day (remembered; makes no backup)")
	return cmd
}

// defaultRecipients are the keys a backup is encrypted for when none is
// named: those in the settings file ([backup] recipients), else those in
// the recipients file, if it exists. A settings file with problems is
// refused rather than passed over: a backup meant to be encrypted must not
// quietly be written in the clear. from says where the keys came from.
func (a *app) defaultRecipients() (rs []age.Recipient, from string, err error) {
	st := a.config()
	if st.err != nil {
		return nil, "", fmt.Errorf("the settings file has problems, so its backup keys cannot be trusted; fix it (involve config show) or name the keys with --recipient:\n%v", st.err)
	}
	if keys := st.cfg.BackupRecipients(); len(keys) > 0 {
		for _, k := range keys {
			r, err := store.ParseRecipient(k)
			if err != nil {
				return nil, "", fmt.Errorf("%s: [backup] recipients: %v", a.configPath(), err)
			}
			rs = append(rs, r)
		}
		return rs, a.configPath(), nil
	}
	return store.DefaultRecipients()
}

// quitBackup is the backup the program offers on quitting: to the backup
// folder, encrypted for the default keys. It says in a line what it did.
func (a *app) quitBackup(ctx context.Context, s *store.Store) (string, error) {
	rs, _, err := a.defaultRecipients()
	if err != nil {
		return "", err
	}
	res, err := s.Backup(ctx, store.BackupOptions{Dir: store.DefaultBackupDir(), Recipients: rs})
	if err != nil {
		return "", err
	}
	how := "not encrypted"
	if res.Encrypted {
		how = "encrypted for " + storyPlural(len(rs), "key", "keys")
	}
	return "Backed up to " + res.Path + " (" + how + ").", nil
}

// backup writes a backup of s to file (the backup folder, rotated, when
// file is ""), encrypted for rs when there are any, and says what it did.
// from names the recipients file rs came from, if any.
func (a *app) backup(ctx context.Context, s *store.Store, file string, rs []age.Recipient, from string) error {
	res, err := s.Backup(ctx, store.BackupOptions{Path: file, Dir: store.DefaultBackupDir(), Recipients: rs})
	if err != nil {
		return err
	}
	how := "not encrypted"
	if res.Encrypted {
		how = "encrypted for " + storyPlural(len(rs), "key", "keys")
		if _, ok := rs[0].(*age.ScryptRecipient); ok {
			how = "encrypted with a passphrase"
		}
		if from != "" {
			how += " (from " + from + ")"
		}
	}
	a.out("backed up %s\n       to %s\n          %s, %s; checked: integrity ok, schema %d\n",
		s.Path(), res.Path, byteSize(res.Bytes), how, res.SchemaVersion)
	if res.Encrypted && file != "" && !strings.HasSuffix(file, ".age") {
		a.out("note: the file is age-encrypted although its name does not end .age\n")
	}
	if len(res.Removed) > 0 {
		a.out("removed %s, keeping the newest:\n", storyPlural(len(res.Removed), "older backup", "older backups"))
		for _, r := range res.Removed {
			a.out("  %s\n", r)
		}
	}
	if res.Warning != "" {
		fmt.Fprintln(a.stderr, termsafe.Filter("warning: "+res.Warning))
	}
	return nil
}

func (a *app) restoreCmd() *cobra.Command {
	var identities []string
	var yes bool
	cmd := &cobra.Command{
		Use:   "restore FILE [--identity FILE]... [--yes]",
		Short: "Replace the database with a backup, keeping the old one beside it",
		Long: `Restore replaces the database (--db, or the default) with the backup FILE.
An encrypted backup (.age) is opened with --identity FILE (an age identity
file; repeat for more), or with its passphrase, asked for on the terminal.

The backup is first checked (SQLite's integrity check) and brought up to
this involve's schema in a private file beside the database; a backup made
by a newer involve is refused. Only then is the database replaced, in one
step, and the one it replaces is kept beside it as
NAME.before-restore-YYYYMMDD-HHMMSS. If anything goes wrong the database is
left as it was. Quit involve first: restore refuses while the database is
open. On a terminal it asks before replacing anything, unless --yes.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			file, target := args[0], a.dbPath()
			// Before asking for a passphrase: is there any point?
			if err := store.CheckNotInUse(cmd.Context(), target); err != nil {
				return err
			}
			ids, err := backupIdentities(file, identities)
			if err != nil {
				return err
			}
			ctx := cmd.Context()
			r, err := store.PrepareRestore(ctx, file, target, ids)
			if err != nil {
				return err
			}
			defer r.Discard()
			how := ""
			if r.Encrypted {
				how = ", encrypted"
			}
			schema := fmt.Sprintf("schema %d", r.BackupSchema)
			if r.BackupSchema < store.SchemaVersion() {
				schema += fmt.Sprintf(", brought up to %d", store.SchemaVersion())
			}
			a.out("backup   %s (%s%s; integrity ok)\n", file, schema, how)
			var counts []string
			for _, t := range []string{"people", "forums", "meetings", "stories"} {
				if n := r.Report.Rows(t); n >= 0 {
					counts = append(counts, fmt.Sprintf("%s %s", storyDigits(n), t))
				}
			}
			a.out("holds    %s\n", strings.Join(counts, ", "))
			for _, p := range r.Report.Problems {
				a.out("note:    %s\n", p)
			}
			a.out("replaces %s\n", target)
			if !yes {
				if !ask.Terminal() {
					return fmt.Errorf("restore replaces %s: add --yes to go ahead (there is no terminal to ask on); nothing was changed", target)
				}
				answer, err := ask.Line("Replace the database with this backup? (the current one is kept beside it) [y/N] ")
				if err != nil {
					return fmt.Errorf("no answer (%v); nothing was changed", err)
				}
				if answer := strings.ToLower(answer); answer != "y" && answer != "yes" {
					a.out("nothing was changed\n")
					return nil
				}
			}
			aside, err := r.Commit(ctx)
			if err != nil {
				return err
			}
			a.out("restored %s\n", target)
			switch {
			case !r.LogRead:
				a.out("note: there was no readable database here, so no erasure log to re-apply: erase again anyone erased since this backup was made\n")
			case r.Reerased == 0:
				a.out("re-applied no erasures: no one in the backup was erased after it was made\n")
			default:
				a.out("re-applied %s from the erasure log: erased after this backup was made, erased again\n",
					storyPlural(r.Reerased, "erasure", "erasures"))
			}
			if aside != "" {
				a.out("the database it replaced is kept as %s\n", aside)
			}
			return nil
		},
	}
	cmd.Flags().StringArrayVar(&identities, "identity", nil, "the age identity file that opens an encrypted backup (repeatable)")
	cmd.Flags().BoolVar(&yes, "yes", false, "replace the database without asking")
	return cmd
}

func (a *app) checkCmd() *cobra.Command {
	var identities []string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "check [FILE] [--identity FILE]... [--json]",
		Short: "Check the database, or a backup: integrity, schema version and record counts",
		Long: `Check runs SQLite's integrity and foreign key checks, reports the schema version
and counts the records. It exits non-zero if anything is wrong.

With FILE it checks a backup instead of the database, encrypted or not. An
encrypted backup is opened with --identity FILE (an age identity file) or its
passphrase (asked for on the terminal), and read into memory only: nothing
decrypted is written to disk. A backup made with an older schema is fine
(restore brings it up to date); one made by a newer involve is not.
--json prints the report as one JSON object.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var r store.CheckReport
			if len(args) == 1 {
				ids, err := backupIdentities(args[0], identities)
				if err != nil {
					return err
				}
				if r, err = store.CheckBackup(cmd.Context(), args[0], ids); err != nil {
					return err
				}
			} else {
				if len(identities) > 0 {
					return errors.New("--identity is for checking an encrypted backup: name the backup FILE")
				}
				s, _, err := a.open(true)
				if err != nil {
					return err
				}
				defer s.Close()
				if r, err = s.Check(cmd.Context()); err != nil {
					return err
				}
			}
			if asJSON {
				return a.checkJSON(r)
			}
			a.printCheck(r, len(args) == 1)
			if !r.OK() {
				for _, p := range r.Problems {
					fmt.Fprintln(a.stderr, termsafe.Filter("problem: "+p))
				}
				return fmt.Errorf("%s found in %s", storyPlural(len(r.Problems), "problem", "problems"), r.Path)
			}
			return nil
		},
	}
	cmd.Flags().StringArrayVar(&identities, "identity", nil, "the age identity file that opens an encrypted backup (repeatable)")
	jsonFlag(cmd, &asJSON)
	return cmd
}

// printCheck prints a check report as check does.
func (a *app) printCheck(r store.CheckReport, backup bool) {
	if backup {
		how := "not encrypted"
		if r.Encrypted {
			how = "age-encrypted, read into memory only"
		}
		a.out("backup    %s (%s)\n", r.Path, how)
	} else {
		a.out("database  %s\n", r.Path)
	}
	a.out("schema    %d (this involve writes %d)\n", r.SchemaVersion, r.WantSchema)
	for _, n := range r.Notes {
		a.out("note:     %s\n", n)
	}
	if len(r.Tables) > 0 {
		a.out("\nrecords\n")
		width := 0
		for _, t := range r.Tables {
			width = max(width, len(t.Table))
		}
		for _, t := range r.Tables {
			a.out("  %-*s %7s\n", width, t.Table, storyDigits(t.Rows))
		}
	}
	a.out("\n")
	if r.OK() {
		a.out("integrity ok\nforeign keys ok: every record points at records that exist\n")
	}
}

// notTheDatabase refuses an output file that is the database (or SQLite's
// files beside it) or another database: a slip of the keyboard would
// replace everything with a report.
func (a *app) notTheDatabase(path string) error {
	db := a.dbPath()
	for _, p := range []string{db, db + "-wal", db + "-shm"} {
		if store.SameFile(path, p) {
			return fmt.Errorf("%s is the database itself: write the output to another file", path)
		}
	}
	if f, err := os.Open(path); err == nil {
		head := make([]byte, 16)
		n, _ := io.ReadFull(f, head)
		f.Close()
		if string(head[:n]) == "SQLite format 3\x00" {
			return fmt.Errorf("%s is a database: write the output to another file (or remove that one first)", path)
		}
	}
	return nil
}

// byteSize is a size for people: "812 KB", "36.9 MB".
func byteSize(n int64) string {
	switch {
	case n < 1000:
		return fmt.Sprintf("%d bytes", n)
	case n < 1000*1000:
		return fmt.Sprintf("%.0f KB", float64(n)/1000)
	case n < 1000*1000*1000:
		return fmt.Sprintf("%.1f MB", float64(n)/1e6)
	}
	return fmt.Sprintf("%.2f GB", float64(n)/1e9)
}
