package store

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"filippo.io/age"
)

// backupClock is the fixed time backup tests run at.
var backupClock = time.Date(2026, 3, 14, 10, 15, 0, 0, time.UTC)

// backupTestStore opens a new database at dir/name with a fixed clock and
// a setting holding marker.
func backupTestStore(t *testing.T, dir, name, marker string) *Store {
	t.Helper()
	s := recOpenPath(t, filepath.Join(dir, name))
	s.SetClock(func() time.Time { return backupClock })
	if err := s.SetSetting(context.Background(), "marker", marker); err != nil {
		t.Fatal(err)
	}
	return s
}

// newIdentity is a fresh age key pair.
func newIdentity(t *testing.T) *age.X25519Identity {
	t.Helper()
	id, err := age.GenerateX25519Identity()
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// fileSum is the SHA-256 of a file, to see it did not change.
func fileSum(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%x", sha256.Sum256(b))
}

// settingIn reads a setting from a backup (through CheckBackup's way in:
// decrypted in memory when need be).
func settingIn(t *testing.T, path string, ids []age.Identity, key string) (string, bool) {
	t.Helper()
	in, _, err := openBackup(path, ids)
	if err != nil {
		t.Fatal(err)
	}
	data, err := io.ReadAll(in)
	in.Close()
	if err != nil {
		t.Fatal(err)
	}
	s, err := openImage(context.Background(), path, data)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var v string
	err = s.db.QueryRow("SELECT value FROM settings WHERE key = ?", key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false
	}
	if err != nil {
		t.Fatal(err)
	}
	return v, true
}

// leftovers lists the files in dir other than the ones named.
func leftovers(t *testing.T, dir string, keep ...string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		name := e.Name()
		found := false
		for _, k := range keep {
			if name == k {
				found = true
			}
		}
		if !found {
			out = append(out, name)
		}
	}
	return out
}

// A backup made while another connection has a write transaction open,
// with its uncommitted pages already spilled into the -wal file, holds
// everything committed and nothing of the open transaction.
func TestBackupWhileAnotherConnectionWrites(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s := backupTestStore(t, dir, "live.db", "committed")

	// The other writer: a small page cache so that its changes spill into
	// the WAL before it commits.
	other, err := sql.Open("sqlite", DSN(s.Path())+"&_pragma=cache_size(10)")
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	tx, err := other.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	big := strings.Repeat("uncommitted ", 200)
	for i := range 2000 {
		if _, err := tx.ExecContext(ctx, "INSERT INTO settings (key, value, updated_at) VALUES (?, ?, '2026-01-01T00:00:00Z')", "pending-"+strconv.Itoa(i), big); err != nil {
			t.Fatal(err)
		}
	}
	wal, err := os.Stat(s.Path() + "-wal")
	if err != nil || wal.Size() < 1<<20 {
		t.Fatalf("the open transaction has not spilled into the -wal file (%v, %v): the test proves nothing", wal, err)
	}

	for _, rs := range [][]age.Recipient{nil, {newIdentity(t).Recipient()}} {
		target := filepath.Join(dir, fmt.Sprintf("during-%d.db", len(rs)))
		res, err := s.Backup(ctx, BackupOptions{Path: target, Recipients: rs})
		if err != nil {
			t.Fatalf("backup while another connection writes: %v", err)
		}
		if !strings.Contains(res.Warning, "could not be recorded") {
			t.Errorf("warning = %q, want one that the time could not be recorded", res.Warning)
		}
		if rs != nil {
			continue // the encrypted copy comes from the same snapshot; read back below
		}
		if v, ok := settingIn(t, res.Path, nil, "marker"); !ok || v != "committed" {
			t.Errorf("the committed setting is not in the backup (%q, %v)", v, ok)
		}
		if _, ok := settingIn(t, res.Path, nil, "pending-0"); ok {
			t.Error("the backup holds a change that was never committed")
		}
		rep, err := CheckBackup(ctx, res.Path, nil)
		if err != nil || !rep.OK() {
			t.Errorf("backup check: %v %q", err, rep.Problems)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	res, err := s.Backup(ctx, BackupOptions{Path: filepath.Join(dir, "after.db")})
	if err != nil {
		t.Fatal(err)
	}
	if v, ok := settingIn(t, res.Path, nil, "pending-1999"); !ok || v != big {
		t.Error("a backup after the commit lacks the committed change")
	}
}

// Backups are private: the file 0600 in a folder made 0700, whatever the
// umask, and nothing else left in the folder.
func TestBackupFileModes(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s := backupTestStore(t, dir, "live.db", "x")
	id := newIdentity(t)
	for _, rs := range [][]age.Recipient{nil, {id.Recipient()}} {
		bdir := filepath.Join(dir, fmt.Sprintf("backups-%d", len(rs)), "deeper")
		res, err := s.Backup(ctx, BackupOptions{Dir: bdir, Recipients: rs})
		if err != nil {
			t.Fatal(err)
		}
		if m := recMode(t, res.Path); m != 0o600 {
			t.Errorf("backup %s has mode %v, want 0600", res.Path, m)
		}
		for _, d := range []string{bdir, filepath.Dir(bdir)} {
			if m := recMode(t, d); m != 0o700 {
				t.Errorf("backup folder %s has mode %v, want 0700", d, m)
			}
		}
		want := "live-2026-03-14T101500Z.db"
		if rs != nil {
			want += ".age"
		}
		if filepath.Base(res.Path) != want {
			t.Errorf("backup named %s, want %s", filepath.Base(res.Path), want)
		}
		if extra := leftovers(t, bdir, want); len(extra) > 0 {
			t.Errorf("the backup left %v behind", extra)
		}
		if res.SchemaVersion != SchemaVersion() || res.Bytes <= 0 || res.Encrypted != (rs != nil) {
			t.Errorf("result = %+v", res)
		}
	}
	// A backup folder made by someone else is made private.
	loose := filepath.Join(dir, "loose")
	os.Mkdir(loose, 0o755)
	os.Chmod(loose, 0o755)
	if _, err := s.Backup(ctx, BackupOptions{Dir: loose}); err != nil {
		t.Fatal(err)
	}
	if m := recMode(t, loose); m != 0o700 {
		t.Errorf("an existing backup folder has mode %v, want 0700", m)
	}
	// A named file too.
	named := filepath.Join(dir, "named.db")
	if _, err := s.Backup(ctx, BackupOptions{Path: named}); err != nil {
		t.Fatal(err)
	}
	if m := recMode(t, named); m != 0o600 {
		t.Errorf("named backup has mode %v", m)
	}
}

// The backup folder keeps the newest N backups of each database, counting
// plain and encrypted ones, and leaves other files and other databases'
// backups alone.
func TestBackupRotationKeepsN(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	bdir := filepath.Join(dir, "backups")
	s := backupTestStore(t, dir, "live.db", "x")
	if err := s.SetBackupKeep(ctx, 3); err != nil {
		t.Fatal(err)
	}
	if err := s.SetBackupKeep(ctx, 0); err == nil {
		t.Error("keeping 0 backups was accepted")
	}
	if err := os.MkdirAll(bdir, 0o700); err != nil {
		t.Fatal(err)
	}
	others := []string{"notes.txt", "live-old.db", "other-2026-03-14T100000Z.db", "livelier-2020-01-01T000000Z.db"}
	for _, name := range others {
		if err := os.WriteFile(filepath.Join(bdir, name), []byte("keep me"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	id := newIdentity(t)
	var made []string
	at := backupClock
	for i := range 6 {
		s.SetClock(func() time.Time { return at })
		var rs []age.Recipient
		if i%2 == 1 {
			rs = []age.Recipient{id.Recipient()}
		}
		res, err := s.Backup(ctx, BackupOptions{Dir: bdir, Recipients: rs})
		if err != nil {
			t.Fatal(err)
		}
		made = append(made, filepath.Base(res.Path))
		if i == 2 {
			// Two in the same second get -2; the clock moves on after.
			continue
		}
		at = at.Add(time.Minute)
	}
	if made[3] != "live-2026-03-14T101700Z-2.db.age" {
		t.Errorf("a second backup in the same second is named %s", made[3])
	}
	want := append([]string{}, others...)
	want = append(want, made[3:]...)
	sort.Strings(want)
	got := leftovers(t, bdir)
	sort.Strings(got)
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("the backup folder holds\n %v\nwant\n %v", got, want)
	}
	if keep, _ := s.BackupKeep(ctx); keep != 3 {
		t.Errorf("keep = %d", keep)
	}
}

// An encrypted backup opens with either holder's key and restores to the
// same data; the database it replaces is kept aside, 0600.
func TestEncryptedBackupRestoresWithAnIdentity(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s := backupTestStore(t, dir, "live.db", "from the backup")
	coordinator, dpo := newIdentity(t), newIdentity(t)
	res, err := s.Backup(ctx, BackupOptions{Path: filepath.Join(dir, "b.db.age"), Recipients: []age.Recipient{coordinator.Recipient(), dpo.Recipient()}})
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := os.ReadFile(res.Path)
	if !bytes.HasPrefix(raw, []byte(ageMagic)) || bytes.Contains(raw, []byte("from the backup")) {
		t.Fatal("the backup is not age-encrypted")
	}
	if f, err := InspectBackup(res.Path); err != nil || f != BackupKeys {
		t.Errorf("InspectBackup = %v, %v", f, err)
	}
	if err := s.SetSetting(ctx, "marker", "changed since"); err != nil {
		t.Fatal(err)
	}
	s.Close()

	for i, id := range []age.Identity{coordinator, dpo} {
		target := s.Path()
		r, err := PrepareRestore(ctx, res.Path, target, []age.Identity{id})
		if err != nil {
			t.Fatalf("holder %d: %v", i, err)
		}
		if !r.Encrypted || r.BackupSchema != SchemaVersion() || r.Report.Rows("settings") < 1 {
			t.Errorf("prepared restore = %+v", r)
		}
		before := fileSum(t, target)
		aside, err := r.Commit(ctx)
		if err != nil {
			t.Fatalf("holder %d: commit: %v", i, err)
		}
		if aside == "" || recMode(t, aside) != 0o600 {
			t.Fatalf("the replaced database was not kept aside 0600 (%q)", aside)
		}
		if recMode(t, target) != 0o600 {
			t.Errorf("the restored database has mode %v", recMode(t, target))
		}
		restored := recOpenPath(t, target)
		if v, _ := restored.Setting(ctx, "marker"); v != "from the backup" {
			t.Errorf("restored marker = %q", v)
		}
		restored.Close()
		old := recOpenPath(t, aside)
		if v, _ := old.Setting(ctx, "marker"); i == 0 && v != "changed since" {
			t.Errorf("the copy kept aside has marker %q", v)
		}
		old.Close()
		_ = before
	}
	other := newIdentity(t)
	if _, err := PrepareRestore(ctx, res.Path, filepath.Join(dir, "x.db"), []age.Identity{other}); err == nil || !strings.Contains(err.Error(), "does not open") {
		t.Errorf("a wrong key: %v", err)
	}
	if _, err := PrepareRestore(ctx, res.Path, filepath.Join(dir, "x.db"), nil); err == nil || !strings.Contains(err.Error(), "--identity") {
		t.Errorf("no key: %v", err)
	}
}

// A passphrase backup: age's rule (the only recipient) and a round trip.
func TestPassphraseBackup(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s := backupTestStore(t, dir, "live.db", "secret stuff")
	pass, err := age.NewScryptRecipient("correct horse battery staple")
	if err != nil {
		t.Fatal(err)
	}
	pass.SetWorkFactor(10) // fast, for the test
	if _, err := s.Backup(ctx, BackupOptions{Path: filepath.Join(dir, "both.age"), Recipients: []age.Recipient{pass, newIdentity(t).Recipient()}}); err == nil || !strings.Contains(err.Error(), "passphrase") {
		t.Errorf("a passphrase with a key: %v", err)
	}
	res, err := s.Backup(ctx, BackupOptions{Path: filepath.Join(dir, "p.db.age"), Recipients: []age.Recipient{pass}})
	if err != nil {
		t.Fatal(err)
	}
	if f, err := InspectBackup(res.Path); err != nil || f != BackupPassphrase {
		t.Errorf("InspectBackup = %v, %v", f, err)
	}
	right, _ := age.NewScryptIdentity("correct horse battery staple")
	wrong, _ := age.NewScryptIdentity("wrong horse")
	if v, _ := settingIn(t, res.Path, []age.Identity{right}, "marker"); v != "secret stuff" {
		t.Errorf("marker = %q", v)
	}
	if _, err := CheckBackup(ctx, res.Path, []age.Identity{wrong}); err == nil || !strings.Contains(err.Error(), "passphrase does not open") {
		t.Errorf("wrong passphrase: %v", err)
	}
}

// A backup made by a newer involve is refused with a plain message, and the
// database is not touched.
func TestRestoreRefusesANewerSchema(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s := backupTestStore(t, dir, "live.db", "the old one")
	res, err := s.Backup(ctx, BackupOptions{Path: filepath.Join(dir, "b.db")})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	newer := SchemaVersion() + 3
	db, err := sql.Open("sqlite", "file:"+res.Path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("PRAGMA user_version = " + strconv.Itoa(newer)); err != nil {
		t.Fatal(err)
	}
	db.Close()

	before := fileSum(t, s.Path())
	_, err = PrepareRestore(ctx, res.Path, s.Path(), nil)
	want := fmt.Sprintf("this backup was made by a newer involve (schema %d; this one knows up to %d): update involve first", newer, SchemaVersion())
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("restore of a newer backup: %v\nwant %s", err, want)
	}
	if fileSum(t, s.Path()) != before {
		t.Error("the refused restore changed the database")
	}
	if extra := leftovers(t, dir, "live.db", "b.db"); len(extra) > 0 {
		t.Errorf("the refused restore left %v", extra)
	}
	rep, err := CheckBackup(ctx, res.Path, nil)
	if err != nil || rep.OK() || !strings.Contains(strings.Join(rep.Problems, " "), "newer involve") {
		t.Errorf("check of a newer backup: %v %q", err, rep.Problems)
	}
}

// A backup made with an older schema is brought up to date by the restore.
func TestRestoreBringsAnOlderBackupUpToDate(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "old.db")
	if err := createPrivate(path); err != nil {
		t.Fatal(err)
	}
	db := recRawDB(t, path)
	old := newStore(db, path)
	if err := old.migrateTo(ctx, 2); err != nil {
		t.Fatal(err)
	}
	if err := old.SetSetting(ctx, "marker", "old schema"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	rep, err := CheckBackup(ctx, path, nil)
	if err != nil || !rep.OK() || len(rep.Notes) == 0 {
		t.Errorf("check of an older backup: %v problems %q notes %q", err, rep.Problems, rep.Notes)
	}
	target := filepath.Join(dir, "new", "involve.db")
	r, err := PrepareRestore(ctx, path, target, nil)
	if err != nil {
		t.Fatal(err)
	}
	if r.BackupSchema != 2 {
		t.Errorf("backup schema = %d", r.BackupSchema)
	}
	aside, err := r.Commit(ctx)
	if err != nil || aside != "" {
		t.Fatalf("commit = %q, %v", aside, err)
	}
	s := recOpenPath(t, target)
	if recUserVersion(t, s.db) != SchemaVersion() {
		t.Error("the restored database is not up to date")
	}
	if v, _ := s.Setting(ctx, "marker"); v != "old schema" {
		t.Errorf("marker = %q", v)
	}
	if m := recMode(t, filepath.Dir(target)); m != 0o700 {
		t.Errorf("new folder mode %v", m)
	}
}

// A damaged backup (cut short), plain or encrypted, is refused with a plain
// message, and the database is not touched.
func TestRestoreRefusesADamagedBackup(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s := backupTestStore(t, dir, "live.db", "the old one")
	// Enough data that cutting the end off loses whole tables' pages.
	var csv strings.Builder
	csv.WriteString("name,email\n")
	for i := range 1500 {
		fmt.Fprintf(&csv, "Person %d with a long enough name,p%d@example.org\n", i, i)
	}
	if _, err := s.ImportPeopleCSV(ctx, strings.NewReader(csv.String()), "p.csv"); err != nil {
		t.Fatal(err)
	}
	id := newIdentity(t)
	plain, err := s.Backup(ctx, BackupOptions{Path: filepath.Join(dir, "plain.db")})
	if err != nil {
		t.Fatal(err)
	}
	enc, err := s.Backup(ctx, BackupOptions{Path: filepath.Join(dir, "enc.db.age"), Recipients: []age.Recipient{id.Recipient()}})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	for _, p := range []string{plain.Path, enc.Path} {
		data, _ := os.ReadFile(p)
		if err := os.WriteFile(p, data[:len(data)*2/3], 0o600); err != nil {
			t.Fatal(err)
		}
	}
	before := fileSum(t, s.Path())
	for _, tc := range []struct {
		path string
		want string
	}{
		{plain.Path, "plain.db is damaged"},
		{enc.Path, "enc.db.age is damaged: it is cut short"},
	} {
		_, err := PrepareRestore(ctx, tc.path, s.Path(), []age.Identity{id})
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "nothing was restored") {
			t.Errorf("restore of %s: %v\nwant %q", filepath.Base(tc.path), err, tc.want)
		}
		if fileSum(t, s.Path()) != before {
			t.Errorf("the refused restore of %s changed the database", filepath.Base(tc.path))
		}
		if extra := leftovers(t, dir, "live.db", "plain.db", "enc.db.age"); len(extra) > 0 {
			t.Errorf("the refused restore left %v", extra)
		}
	}
	// Not a database at all.
	junk := filepath.Join(dir, "junk.db")
	os.WriteFile(junk, []byte("hello, this is not a database, not at all, really"), 0o600)
	if _, err := PrepareRestore(ctx, junk, s.Path(), nil); err == nil || !strings.Contains(err.Error(), "not an involve backup") {
		t.Errorf("restore of junk: %v", err)
	}
	if rep, err := CheckBackup(ctx, plain.Path, nil); err == nil && rep.OK() {
		t.Error("check of a damaged backup found nothing")
	}
	if _, err := CheckBackup(ctx, enc.Path, []age.Identity{id}); err == nil || !strings.Contains(err.Error(), "cut short") {
		t.Errorf("check of a damaged encrypted backup: %v", err)
	}
}

// Restore refuses while the database is open elsewhere, at either step,
// and leaves it untouched.
func TestRestoreRefusesAnOpenDatabase(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s := backupTestStore(t, dir, "live.db", "open")
	res, err := s.Backup(ctx, BackupOptions{Path: filepath.Join(dir, "b.db")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := PrepareRestore(ctx, res.Path, s.Path(), nil); err == nil || !strings.Contains(err.Error(), "is open in involve") {
		t.Errorf("prepare with the database open: %v", err)
	}
	s.Close()
	r, err := PrepareRestore(ctx, res.Path, s.Path(), nil)
	if err != nil {
		t.Fatal(err)
	}
	again := recOpenPath(t, s.Path()) // the program started meanwhile
	if err := again.SetSetting(ctx, "marker", "written meanwhile"); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Commit(ctx); err == nil || !strings.Contains(err.Error(), "is open in involve") {
		t.Errorf("commit with the database open: %v", err)
	}
	if v, _ := again.Setting(ctx, "marker"); v != "written meanwhile" {
		t.Errorf("marker = %q", v)
	}
	again.Close()
	if extra := leftovers(t, dir, "live.db", "b.db"); len(extra) > 0 {
		t.Errorf("the refused restore left %v", extra)
	}
}

// A failure in the step after the restore (issue 12's slot) leaves the old
// database as it was, and no copy or temporary file behind.
func TestRestoreFailureAfterPrepareLeavesTheDatabase(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s := backupTestStore(t, dir, "live.db", "kept")
	res, err := s.Backup(ctx, BackupOptions{Path: filepath.Join(dir, "b.db")})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SetSetting(ctx, "marker", "newer than the backup"); err != nil {
		t.Fatal(err)
	}
	s.Close()
	saved := afterRestore
	defer func() { afterRestore = saved }()
	var sawOld string
	afterRestore = func(ctx context.Context, restored *Store, replaced queryer) (int, error) {
		if replaced != nil {
			replaced.QueryRowContext(ctx, "SELECT value FROM settings WHERE key = 'marker'").Scan(&sawOld)
		}
		return 0, errors.New("the erasure log could not be applied")
	}
	before := fileSum(t, s.Path())
	r, err := PrepareRestore(ctx, res.Path, s.Path(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.Commit(ctx); err == nil || !strings.Contains(err.Error(), "nothing was restored") {
		t.Errorf("commit with a failing step: %v", err)
	}
	if sawOld != "newer than the backup" {
		t.Errorf("the step saw the replaced database's marker as %q", sawOld)
	}
	if fileSum(t, s.Path()) != before {
		t.Error("the failed restore changed the database")
	}
	if extra := leftovers(t, dir, "live.db", "b.db"); len(extra) > 0 {
		t.Errorf("the failed restore left %v", extra)
	}
}

// A restore over a file that is not a database keeps that file aside, as
// it was, and puts the backup in place.
func TestRestoreOverADamagedDatabase(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s := backupTestStore(t, dir, "src.db", "good")
	res, err := s.Backup(ctx, BackupOptions{Path: filepath.Join(dir, "b.db")})
	if err != nil {
		t.Fatal(err)
	}
	target := filepath.Join(dir, "broken.db")
	junk := bytes.Repeat([]byte("garbage "), 1000)
	os.WriteFile(target, junk, 0o600)
	os.WriteFile(target+"-wal", []byte("stale wal"), 0o600)
	r, err := PrepareRestore(ctx, res.Path, target, nil)
	if err != nil {
		t.Fatal(err)
	}
	aside, err := r.Commit(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(aside); !bytes.Equal(got, junk) {
		t.Error("the damaged database was not kept aside as it was")
	}
	if got, _ := os.ReadFile(aside + "-wal"); string(got) != "stale wal" {
		t.Error("its -wal was not kept aside")
	}
	if _, err := os.Stat(target + "-wal"); err == nil {
		t.Error("the stale -wal is still beside the restored database")
	}
	restored := recOpenPath(t, target)
	if v, _ := restored.Setting(ctx, "marker"); v != "good" {
		t.Errorf("marker = %q", v)
	}
}

// A restore over a database damaged inside (its header sound) keeps it
// aside byte for byte and puts the backup in place.
func TestRestoreOverADatabaseDamagedInside(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s := openDemo(t, 200, 1)
	res, err := s.Backup(ctx, BackupOptions{Path: filepath.Join(dir, "b.db")})
	if err != nil {
		t.Fatal(err)
	}
	target := filepath.Join(dir, "damaged.db")
	if _, err := s.Backup(ctx, BackupOptions{Path: target}); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(target)
	for i := len(data) / 3; i < len(data)/3+16384; i++ {
		data[i] = byte(0x5A ^ i)
	}
	os.WriteFile(target, data, 0o600)
	r, err := PrepareRestore(ctx, res.Path, target, nil)
	if err != nil {
		t.Fatal(err)
	}
	aside, err := r.Commit(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(aside); len(got) != len(data) {
		t.Errorf("the damaged database kept aside has %d bytes of %d", len(got), len(data))
	}
	rep, err := CheckBackup(ctx, target, nil)
	if err != nil || !rep.OK() || rep.Rows("people") != 200 {
		t.Errorf("the restored database: %v %q", err, rep.Problems)
	}
}

// Check reads an encrypted backup in memory and reports on it as on a
// database.
func TestCheckEncryptedBackup(t *testing.T) {
	ctx := context.Background()
	s := openDemo(t, 30, 1)
	id := newIdentity(t)
	res, err := s.Backup(ctx, BackupOptions{Path: filepath.Join(t.TempDir(), "d.db.age"), Recipients: []age.Recipient{id.Recipient()}})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := CheckBackup(ctx, res.Path, []age.Identity{id})
	if err != nil || !rep.OK() {
		t.Fatalf("check: %v %q", err, rep.Problems)
	}
	live, _ := s.Check(ctx)
	if !rep.Encrypted || rep.Path != res.Path || rep.SchemaVersion != SchemaVersion() || rep.Rows("people") != live.Rows("people") || rep.Rows("people") != 30 {
		t.Errorf("report = %+v", rep)
	}
	if _, err := CheckBackup(ctx, res.Path, nil); err == nil {
		t.Error("an encrypted backup checked without a key")
	}
}

// No plaintext copy of the database reaches the disk during an encrypted
// backup: neither in the backup folder nor in the temporary folder.
func TestEncryptedBackupWritesNoPlaintext(t *testing.T) {
	ctx := context.Background()
	start := time.Now().Add(-time.Second)
	dir := t.TempDir() // the live database: plaintext, of course
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	t.Setenv("SQLITE_TMPDIR", tmp)
	marker := fmt.Sprintf("PLAINTEXT-MARKER-%d", time.Now().UnixNano())
	s := backupTestStore(t, dir, "live.db", marker)
	p := Person{Name: marker + " Person", Notes: strings.Repeat(marker+" notes ", 500)}
	if err := s.SavePerson(ctx, &p, nil); err != nil {
		t.Fatal(err)
	}
	bdir := filepath.Join(t.TempDir(), "backups")
	res, err := s.Backup(ctx, BackupOptions{Dir: bdir, Recipients: []age.Recipient{newIdentity(t).Recipient()}})
	if err != nil {
		t.Fatal(err)
	}
	scan := func(root string, since time.Time) (scanned int) {
		filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			if d.IsDir() && path == dir {
				return filepath.SkipDir
			}
			if !d.Type().IsRegular() {
				return nil
			}
			if info, err := d.Info(); err != nil || info.ModTime().Before(since) {
				return nil
			}
			data, err := os.ReadFile(path)
			if err != nil {
				return nil
			}
			scanned++
			if bytes.Contains(data, []byte(marker)) {
				t.Errorf("%s holds plaintext from the database", path)
			}
			return nil
		})
		return scanned
	}
	if n := scan(bdir, time.Time{}); n != 1 {
		t.Errorf("the backup folder holds %d files, want 1 (%s)", n, res.Path)
	}
	scan(tmp, time.Time{})
	if os.TempDir() != tmp {
		t.Errorf("os.TempDir = %s, want %s", os.TempDir(), tmp)
	}
	scan("/tmp", start) // the system's own, should anything ignore TMPDIR
	if data, _ := os.ReadFile(s.Path()); !bytes.Contains(data, []byte(marker)) {
		if wal, _ := os.ReadFile(s.Path() + "-wal"); !bytes.Contains(wal, []byte(marker)) {
			t.Error("the marker is not even in the database: the test proves nothing")
		}
	}
}

// Data erased from the database is not carried into a backup, even where
// the erasure left it in free pages (an erasure made without secure_delete,
// by an older involve or another program).
func TestBackupDoesNotCarryErasedPages(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s := backupTestStore(t, dir, "live.db", "still here")
	erased := fmt.Sprintf("ERASED-MARKER-%d ", time.Now().UnixNano())

	// Another program, with secure_delete off, writes a long value (which
	// spills into overflow pages), deletes it, and checkpoints.
	loose, err := sql.Open("sqlite", "file:"+(&url.URL{Path: s.Path()}).EscapedPath()+"?_pragma=busy_timeout(5000)&_pragma=secure_delete(0)")
	if err != nil {
		t.Fatal(err)
	}
	defer loose.Close()
	loose.SetMaxOpenConns(1)
	if _, err := loose.Exec("INSERT INTO settings (key, value, updated_at) VALUES ('gone', ?, '2026-01-01T00:00:00Z')", strings.Repeat(erased, 2000)); err != nil {
		t.Fatal(err)
	}
	if _, err := loose.Exec("DELETE FROM settings WHERE key = 'gone'"); err != nil {
		t.Fatal(err)
	}
	if _, err := loose.Exec("PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		t.Fatal(err)
	}
	if live, _ := os.ReadFile(s.Path()); !bytes.Contains(live, []byte(erased)) {
		t.Fatal("the erased value is not in the database's free pages: the test proves nothing")
	}

	id := newIdentity(t)
	for _, rs := range [][]age.Recipient{nil, {id.Recipient()}} {
		res, err := s.Backup(ctx, BackupOptions{Path: filepath.Join(dir, fmt.Sprintf("b%d.db", len(rs))), Recipients: rs})
		if err != nil {
			t.Fatal(err)
		}
		in, _, err := openBackup(res.Path, []age.Identity{id})
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(in)
		in.Close()
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(data, []byte(erased)) {
			t.Errorf("backup %s carries the erased data", filepath.Base(res.Path))
		}
		if !bytes.Contains(data, []byte("still here")) {
			t.Errorf("backup %s lacks what is still in the database", filepath.Base(res.Path))
		}
	}
}

// A backup never goes over the database or SQLite's files beside it.
func TestBackupRefusesTheDatabase(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s := backupTestStore(t, dir, "live.db", "x")
	before := fileSum(t, s.Path())
	for _, p := range []string{s.Path(), s.Path() + "-wal", s.Path() + "-shm"} {
		if _, err := s.Backup(ctx, BackupOptions{Path: p}); err == nil || !strings.Contains(err.Error(), "is the database itself") {
			t.Errorf("backup to %s: %v", filepath.Base(p), err)
		}
	}
	if fileSum(t, s.Path()) != before {
		t.Error("the database changed")
	}
}

// The offer of a backup on quitting: due once a day (London), unless
// turned off; a backup records its time.
func TestBackupDue(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s := backupTestStore(t, dir, "live.db", "x")
	now := time.Date(2026, 7, 1, 22, 30, 0, 0, time.UTC) // 23:30 in London
	s.SetClock(func() time.Time { return now })
	if due, err := s.BackupDue(ctx); err != nil || !due {
		t.Errorf("with no backup ever: due = %v, %v", due, err)
	}
	if _, err := s.Backup(ctx, BackupOptions{Dir: filepath.Join(dir, "b")}); err != nil {
		t.Fatal(err)
	}
	if last, _ := s.LastBackup(ctx); !last.Equal(now) {
		t.Errorf("last backup = %v, want %v", last, now)
	}
	if due, _ := s.BackupDue(ctx); due {
		t.Error("due straight after a backup")
	}
	now = now.Add(45 * time.Minute) // 00:15 the next day in London, still 1 July in UTC
	if due, _ := s.BackupDue(ctx); !due {
		t.Error("not due on the next London day")
	}
	if err := s.SetBackupOffer(ctx, false); err != nil {
		t.Fatal(err)
	}
	if on, _ := s.BackupOffer(ctx); on {
		t.Error("the offer is still on")
	}
	if due, _ := s.BackupDue(ctx); due {
		t.Error("due with the offer turned off")
	}
}

// Recipients and identities files: what age writes is read, mistakes are
// reported by line without quoting secrets.
func TestRecipientsAndIdentityFiles(t *testing.T) {
	dir := t.TempDir()
	a, b := newIdentity(t), newIdentity(t)
	rf := filepath.Join(dir, "recipients.txt")
	os.WriteFile(rf, []byte("# coordinator\n"+a.Recipient().String()+"\n\n# data protection officer\n"+b.Recipient().String()+"\n"), 0o600)
	rs, err := ReadRecipientsFile(rf)
	if err != nil || len(rs) != 2 {
		t.Fatalf("recipients = %v, %v", rs, err)
	}
	os.WriteFile(rf, []byte(a.Recipient().String()+"\n"+"# x\n"+a.String()+"\n"), 0o600)
	if _, err := ReadRecipientsFile(rf); err == nil || !strings.Contains(err.Error(), "recipients.txt:3: that is a secret key") || strings.Contains(err.Error(), a.String()) {
		t.Errorf("a secret key among recipients: %v", err)
	}
	os.WriteFile(rf, []byte("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHsKLqeplhpW+uObz5dvMgjz1OxfM/XXUB+VHtZ6isGN alice@rust\n"), 0o600)
	if rs, err := ReadRecipientsFile(rf); err != nil || len(rs) != 1 {
		t.Errorf("an SSH recipient: %v, %v", rs, err)
	}
	os.WriteFile(rf, []byte("bob\n"), 0o600)
	if _, err := ReadRecipientsFile(rf); err == nil || !strings.Contains(err.Error(), "recipients.txt:1: not a recipient") {
		t.Errorf("junk: %v", err)
	}

	idf := filepath.Join(dir, "key.txt")
	os.WriteFile(idf, []byte("# created: 2026-03-14\n# public key: "+a.Recipient().String()+"\n"+a.String()+"\n"), 0o600)
	ids, err := ReadIdentityFile(idf)
	if err != nil || len(ids) != 1 {
		t.Fatalf("identities = %v, %v", ids, err)
	}
	os.WriteFile(idf, []byte(a.Recipient().String()+"\n"), 0o600)
	if _, err := ReadIdentityFile(idf); err == nil || !strings.Contains(err.Error(), "key.txt:1: that is a public key") {
		t.Errorf("a public key as identity: %v", err)
	}
}
