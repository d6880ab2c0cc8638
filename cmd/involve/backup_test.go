package main

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"filippo.io/age"
	"github.com/adrg/xdg"

	"github.com/involve/involve/store"
)

// fakeAsk stands in for the terminal: whether there is one, and the
// answers typed, in order.
type fakeAsk struct {
	terminal bool
	secrets  []string
	lines    []string
	prompts  []string
}

func (f *fakeAsk) Terminal() bool { return f.terminal }

func (f *fakeAsk) Secret(prompt string) (string, error) { return f.next(prompt, &f.secrets) }
func (f *fakeAsk) Line(prompt string) (string, error)   { return f.next(prompt, &f.lines) }

func (f *fakeAsk) next(prompt string, answers *[]string) (string, error) {
	f.prompts = append(f.prompts, prompt)
	if len(*answers) == 0 {
		return "", errors.New("no more input")
	}
	s := (*answers)[0]
	*answers = (*answers)[1:]
	return s, nil
}

// useAsk puts f in place of the terminal for one test.
func useAsk(t *testing.T, f *fakeAsk) {
	t.Helper()
	saved := ask
	ask = f
	t.Cleanup(func() { ask = saved })
}

// backupHome points the XDG folders (backups, recipients file) into the
// test's own folder, and makes a small demo database there.
func backupHome(t *testing.T) (home, db string) {
	t.Helper()
	home = t.TempDir()
	t.Setenv("XDG_STATE_HOME", filepath.Join(home, "state"))
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, "config"))
	xdg.Reload()
	t.Cleanup(xdg.Reload)
	useAsk(t, &fakeAsk{}) // no terminal unless a test says so
	db = filepath.Join(home, "involve.db")
	if err := store.WriteDemoAt(context.Background(), db, 20, 1, time.Date(2026, 3, 14, 10, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	return home, db
}

// keyPair writes an age identity file and returns it with its public key.
func keyPair(t *testing.T, dir, name string) (file, public string) {
	t.Helper()
	id, err := age.GenerateX25519Identity()
	if err != nil {
		t.Fatal(err)
	}
	file = filepath.Join(dir, name)
	if err := os.WriteFile(file, []byte("# public key: "+id.Recipient().String()+"\n"+id.String()+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return file, id.Recipient().String()
}

// marker sets and reads a setting of the database at db, to tell versions apart.
func marker(t *testing.T, db, set string) string {
	t.Helper()
	s, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	if set != "" {
		if err := s.SetSetting(ctx, "marker", set); err != nil {
			t.Fatal(err)
		}
	}
	v, err := s.Setting(ctx, "marker")
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// backup into the default folder, encrypted for two holders, checked, and
// restored with either key; restore asks first, and refuses without a
// terminal unless --yes.
func TestBackupCheckRestoreVerbs(t *testing.T) {
	home, db := backupHome(t)
	marker(t, db, "at backup time")

	out, err := outCLI(t, "--db", db, "backup")
	if err != nil {
		t.Fatal(err)
	}
	plain, _ := filepath.Glob(filepath.Join(home, "state", "involve", "backups", "involve-*.db"))
	if len(plain) != 1 || !strings.Contains(out, "not encrypted; checked: integrity ok") {
		t.Fatalf("plain backup: %v\n%s", plain, out)
	}
	if info, err := os.Stat(plain[0]); err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("backup mode: %v %v", info.Mode(), err)
	}

	coordKey, coord := keyPair(t, home, "coordinator.key")
	dpoKey, dpo := keyPair(t, home, "dpo.key")
	enc := filepath.Join(home, "offsite", "involve.db.age")
	out, err = outCLI(t, "--db", db, "backup", enc, "--recipient", coord, "--recipient", dpo)
	if err != nil || !strings.Contains(out, "encrypted for 2 keys") {
		t.Fatalf("encrypted backup: %v\n%s", err, out)
	}

	out, err = outCLI(t, "check", enc, "--identity", coordKey)
	if err != nil || !strings.Contains(out, "age-encrypted, read into memory only") || !strings.Contains(out, "integrity ok") {
		t.Errorf("check of the encrypted backup: %v\n%s", err, out)
	}
	out, err = outCLI(t, "check", enc, "--identity", dpoKey, "--json")
	var rep struct {
		Path      string         `json:"database"`
		Encrypted bool           `json:"encrypted"`
		OK        bool           `json:"ok"`
		Records   map[string]int `json:"records"`
	}
	if err != nil || json.Unmarshal([]byte(out), &rep) != nil || !rep.OK || !rep.Encrypted || rep.Path != enc || len(rep.Records) == 0 {
		t.Errorf("check --json: %v %+v\n%s", err, rep, out)
	}
	if _, err := outCLI(t, "check", enc); err == nil || !strings.Contains(err.Error(), "--identity") {
		t.Errorf("check without the key: %v", err)
	}
	if out, err := outCLI(t, "--db", db, "check", "--json"); err != nil || !strings.Contains(out, `"ok": true`) || strings.Contains(out, "null") {
		t.Errorf("check --json of the database: %v\n%s", err, out)
	}

	marker(t, db, "changed since")
	// No terminal, no --yes: refused, nothing changed.
	if _, err := outCLI(t, "--db", db, "restore", enc, "--identity", coordKey); err == nil || !strings.Contains(err.Error(), "add --yes") {
		t.Errorf("restore with no terminal: %v", err)
	}
	// On a terminal, "n" keeps the database.
	useAsk(t, &fakeAsk{terminal: true, lines: []string{"n"}})
	if out, err := outCLI(t, "--db", db, "restore", enc, "--identity", coordKey); err != nil || !strings.Contains(out, "nothing was changed") {
		t.Errorf("restore answered no: %v\n%s", err, out)
	}
	if v := marker(t, db, ""); v != "changed since" {
		t.Fatalf("a refused restore changed the database (%q)", v)
	}
	// "y" restores.
	f := &fakeAsk{terminal: true, lines: []string{"y"}}
	useAsk(t, f)
	out, err = outCLI(t, "--db", db, "restore", enc, "--identity", dpoKey)
	if err != nil || !strings.Contains(out, "restored "+db) || !strings.Contains(out, "holds    20 people") {
		t.Fatalf("restore: %v\n%s", err, out)
	}
	if len(f.prompts) != 1 || !strings.Contains(f.prompts[0], "[y/N]") {
		t.Errorf("prompts: %q", f.prompts)
	}
	if v := marker(t, db, ""); v != "at backup time" {
		t.Errorf("after restore the marker is %q", v)
	}
	asides, _ := filepath.Glob(db + ".before-restore-*")
	if len(asides) != 1 || marker(t, asides[0], "") != "changed since" {
		t.Errorf("the replaced database kept aside: %v", asides)
	}
	// --yes needs no terminal.
	useAsk(t, &fakeAsk{})
	if _, err := outCLI(t, "--db", db, "restore", plain[0], "--yes"); err != nil {
		t.Errorf("restore --yes: %v", err)
	}
}

// --passphrase asks twice on the terminal, and only there; restore asks
// for it once.
func TestBackupPassphrase(t *testing.T) {
	home, db := backupHome(t)
	saved := scryptWorkFactor
	scryptWorkFactor = 10
	t.Cleanup(func() { scryptWorkFactor = saved })
	file := filepath.Join(home, "p.db.age")

	if _, err := outCLI(t, "--db", db, "backup", file, "--passphrase"); err == nil || !strings.Contains(err.Error(), "standard input is not a terminal") {
		t.Errorf("--passphrase with no terminal: %v", err)
	}
	for _, tc := range []struct {
		typed []string
		want  string
	}{
		{[]string{"short"}, "too easy to guess"},
		{[]string{"correct horse battery", "correct horse batter"}, "the two passphrases differ"},
	} {
		useAsk(t, &fakeAsk{terminal: true, secrets: tc.typed})
		if _, err := outCLI(t, "--db", db, "backup", file, "--passphrase"); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("typed %q: %v", tc.typed, err)
		}
		if _, err := os.Stat(file); err == nil {
			t.Fatalf("typed %q: a backup was written", tc.typed)
		}
	}
	f := &fakeAsk{terminal: true, secrets: []string{"correct horse battery", "correct horse battery"}}
	useAsk(t, f)
	if out, err := outCLI(t, "--db", db, "backup", file, "--passphrase"); err != nil || !strings.Contains(out, "encrypted with a passphrase") {
		t.Fatalf("backup with a passphrase: %v\n%s", err, out)
	}
	if len(f.prompts) != 2 {
		t.Errorf("prompts: %q", f.prompts)
	}
	if _, err := outCLI(t, "--db", db, "backup", file, "--passphrase", "--recipient", "age1x"); err == nil || !strings.Contains(err.Error(), "cannot be used with --recipient") {
		t.Errorf("--passphrase with --recipient: %v", err)
	}

	useAsk(t, &fakeAsk{})
	if _, err := outCLI(t, "check", file); err == nil || !strings.Contains(err.Error(), "protected by a passphrase") {
		t.Errorf("check with no terminal: %v", err)
	}
	useAsk(t, &fakeAsk{terminal: true, secrets: []string{"wrong horse battery"}})
	if _, err := outCLI(t, "check", file); err == nil || !strings.Contains(err.Error(), "passphrase does not open") {
		t.Errorf("check with a wrong passphrase: %v", err)
	}
	// QA of main: given a key (--identity), check said the backup was
	// "encrypted for other keys". It needs its passphrase, asked for on a
	// terminal as with no key.
	key, _ := keyPair(t, home, "k1.key")
	useAsk(t, &fakeAsk{})
	if _, err := outCLI(t, "check", file, "--identity", key); err == nil ||
		!strings.Contains(err.Error(), "protected by a passphrase, not encrypted for a key, so --identity cannot open it") {
		t.Errorf("check with a key and no terminal: %v", err)
	}
	f = &fakeAsk{terminal: true, secrets: []string{"correct horse battery"}}
	useAsk(t, f)
	if out, err := outCLI(t, "check", file, "--identity", key); err != nil || !strings.Contains(out, "integrity ok") ||
		len(f.prompts) != 1 || !strings.Contains(f.prompts[0], "--identity cannot open it") {
		t.Errorf("check with a key on a terminal: %v, asked %q\n%s", err, f.prompts, out)
	}
	// With the database open elsewhere, restore refuses before it asks.
	open, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	f = &fakeAsk{terminal: true, secrets: []string{"correct horse battery"}, lines: []string{"yes"}}
	useAsk(t, f)
	if _, err := outCLI(t, "--db", db, "restore", file); err == nil || !strings.Contains(err.Error(), "is open in involve") || len(f.prompts) > 0 {
		t.Errorf("restore with the database open: %v, asked %q", err, f.prompts)
	}
	open.Close()

	marker(t, db, "later")
	useAsk(t, &fakeAsk{terminal: true, secrets: []string{"correct horse battery"}, lines: []string{"yes"}})
	if out, err := outCLI(t, "--db", db, "restore", file); err != nil || !strings.Contains(out, "restored") {
		t.Fatalf("restore with the passphrase: %v\n%s", err, out)
	}
	if v := marker(t, db, ""); v != "" {
		t.Errorf("marker after restore = %q", v)
	}
}

// The recipients file in the config folder is used when no recipient is
// given; a mistake in it names the file and line.
func TestBackupDefaultRecipientsFile(t *testing.T) {
	home, db := backupHome(t)
	keyFile, public := keyPair(t, home, "k")
	rf := store.DefaultRecipientsFile()
	os.MkdirAll(filepath.Dir(rf), 0o700)
	os.WriteFile(rf, []byte("# coordinator\n"+public+"\n"), 0o600)
	out, err := outCLI(t, "--db", db, "backup")
	if err != nil || !strings.Contains(out, "encrypted for 1 key (from "+rf+")") {
		t.Fatalf("backup with the default recipients: %v\n%s", err, out)
	}
	made, _ := filepath.Glob(filepath.Join(home, "state", "involve", "backups", "involve-*.db.age"))
	if len(made) != 1 {
		t.Fatalf("backups: %v", made)
	}
	if _, err := outCLI(t, "check", made[0], "--identity", keyFile); err != nil {
		t.Error(err)
	}
	os.WriteFile(rf, []byte("# coordinator\n"+public+"\nnonsense\n"), 0o600)
	if _, err := outCLI(t, "--db", db, "backup"); err == nil || !strings.Contains(err.Error(), rf+":3: not a recipient") {
		t.Errorf("a bad recipients file: %v", err)
	}
}

// Mistakes are refused before anything is written.
func TestBackupRefusals(t *testing.T) {
	home, db := backupHome(t)
	os.WriteFile(filepath.Join(home, "notes.txt"), []byte("hi\n"), 0o600)
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"backup", db}, "is the database itself"},
		{[]string{"backup", db + "-wal"}, "is the database itself"},
		{[]string{"backup", filepath.Join(home, "x.db.age")}, "ends .age but no recipient"},
		{[]string{"backup", "--keep", "0"}, "--keep must be at least 1"},
		{[]string{"backup", "--recipient", "bob"}, "--recipient: not a recipient"},
		{[]string{"backup", "--recipients-file", filepath.Join(home, "none.txt")}, "cannot read the recipients file"},
		{[]string{"restore", db}, "is the database itself"},
		{[]string{"check", "--identity", "k"}, "name the backup FILE"},
		{[]string{"backup", filepath.Join(home, "notes.txt")}, "already exists: a backup never replaces a file"},
	}
	for _, tc := range cases {
		_, err := outCLI(t, append([]string{"--db", db}, tc.args...)...)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: %v\nwant %s", tc.args, err, tc.want)
		}
	}
	made, _ := filepath.Glob(filepath.Join(home, "*"))
	for _, m := range made {
		if n := filepath.Base(m); n != "involve.db" && n != "notes.txt" && !strings.HasPrefix(n, "involve.db-") {
			t.Errorf("a refused command left %s", n)
		}
	}
	if _, err := os.Stat(filepath.Join(home, "state")); err == nil {
		t.Error("a refused command made the backup folder")
	}
	if b, _ := os.ReadFile(filepath.Join(home, "notes.txt")); string(b) != "hi\n" {
		t.Errorf("a backup wrote over a file: it holds %q", b)
	}
	// --keep is remembered.
	if _, err := outCLI(t, "--db", db, "backup", "--keep", "5"); err != nil {
		t.Fatal(err)
	}
	s, _ := store.Open(db)
	defer s.Close()
	if n, _ := s.BackupKeep(context.Background()); n != 5 {
		t.Errorf("keep = %d", n)
	}
}

// The settings file's [backup] recipients encrypt a backup when none is
// named; a settings file with problems is not passed over for a backup in
// the clear, but refused.
func TestBackupRecipientsFromTheSettingsFile(t *testing.T) {
	home, db := backupHome(t)
	keyFile, public := keyPair(t, home, "k")
	conf := filepath.Join(home, "involve.toml")
	os.WriteFile(conf, []byte("[backup]\nrecipients = [\""+public+"\"]\n"), 0o600)
	out, err := outCLI(t, "--config", conf, "--db", db, "backup")
	if err != nil || !strings.Contains(out, "encrypted for 1 key (from "+conf+")") {
		t.Fatalf("backup with the settings file's keys: %v\n%s", err, out)
	}
	made, _ := filepath.Glob(filepath.Join(home, "state", "involve", "backups", "involve-*.db.age"))
	if len(made) != 1 {
		t.Fatalf("backups: %v", made)
	}
	if _, err := outCLI(t, "check", made[0], "--identity", keyFile); err != nil {
		t.Error(err)
	}
	os.WriteFile(conf, []byte("[backup]\nrecipients = [\""+public+"\"]\nthem = 1\n"), 0o600)
	if _, err := outCLI(t, "--config", conf, "--db", db, "backup"); err == nil || !strings.Contains(err.Error(), "the settings file has problems") {
		t.Errorf("a settings file with problems: %v", err)
	}
	if plain, _ := filepath.Glob(filepath.Join(home, "state", "involve", "backups", "involve-*.db")); len(plain) != 0 {
		t.Errorf("a backup was written in the clear: %v", plain)
	}
}

// --offer-on-quit turns the offer on quitting off and on, and makes no
// backup.
func TestBackupOfferOnQuitSetting(t *testing.T) {
	home, db := backupHome(t)
	if out, err := outCLI(t, "--db", db, "backup", "--offer-on-quit", "no"); err != nil || !strings.Contains(out, "will not offer") {
		t.Fatalf("--offer-on-quit no: %v\n%s", err, out)
	}
	s, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	due, err := s.BackupDue(context.Background())
	s.Close()
	if err != nil || due {
		t.Errorf("after --offer-on-quit no, a backup is due: %v %v", due, err)
	}
	if made, _ := filepath.Glob(filepath.Join(home, "state", "involve", "backups", "*")); len(made) != 0 {
		t.Errorf("--offer-on-quit made a backup: %v", made)
	}
	if _, err := outCLI(t, "--db", db, "backup", "--offer-on-quit", "maybe"); err == nil || !strings.Contains(err.Error(), "yes or no") {
		t.Errorf("--offer-on-quit maybe: %v", err)
	}
	if _, err := outCLI(t, "--db", db, "backup", "--offer-on-quit", "yes", "--keep", "3"); err == nil || !strings.Contains(err.Error(), "on its own") {
		t.Errorf("--offer-on-quit with --keep: %v", err)
	}
}

// --recipient takes someone's SSH public key file (id_ed25519.pub) as well
// as the key itself, as users add --key does; the private key opens the
// backup. Given the private key file by mistake, it says so.
func TestBackupRecipientIsAPublicKeyFile(t *testing.T) {
	home, db := backupHome(t)
	newKeyPair(t, home, "id_ed25519")
	enc := filepath.Join(home, "x.db.age")
	out, err := outCLI(t, "--db", db, "backup", enc, "--recipient", filepath.Join(home, "id_ed25519.pub"))
	if err != nil || !strings.Contains(out, "encrypted for 1 key") {
		t.Fatalf("backup for a .pub file: %v\n%s", err, out)
	}
	if out, err := outCLI(t, "check", enc, "--identity", filepath.Join(home, "id_ed25519")); err != nil || !strings.Contains(out, "integrity ok") {
		t.Fatalf("check with the private key: %v\n%s", err, out)
	}
	_, err = outCLI(t, "--db", db, "backup", filepath.Join(home, "y.db.age"), "--recipient", filepath.Join(home, "id_ed25519"))
	if err == nil || !strings.Contains(err.Error(), "id_ed25519:1: that is a private key, not a public one") {
		t.Fatalf("backup for a private key file: %v", err)
	}
}
