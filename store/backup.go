package store

import (
	"bufio"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"database/sql/driver"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"filippo.io/age"
	"github.com/adrg/xdg"
)

// The database settings backups use.
const (
	// SettingBackupKeep is how many backups the default folder keeps for
	// one database (a whole number; DefaultBackupKeep when unset).
	SettingBackupKeep = "backup_keep"
	// SettingBackupLast is when the last backup that was checked and put
	// in place finished (RFC 3339, UTC). Backup writes it.
	SettingBackupLast = "backup_last"
	// SettingBackupOffer is "no" when the program should not offer a
	// backup on quitting; anything else (or unset) means it should.
	SettingBackupOffer = "backup_offer_on_quit"
	// SettingBackupDeclined is the London day a backup offered on quitting
	// was last declined: it is not offered again that day.
	SettingBackupDeclined = "backup_declined_on"

	// DefaultBackupKeep is how many backups are kept when nobody said.
	DefaultBackupKeep = 14
)

// DefaultBackupDir is where backups go when no file is named:
// $XDG_STATE_HOME/involve/backups (~/.local/state/involve/backups on Linux).
func DefaultBackupDir() string {
	return filepath.Join(xdg.StateHome, "involve", "backups")
}

// DefaultRecipientsFile is the age recipients file backups are encrypted
// for when it exists and no recipient is given:
// $XDG_CONFIG_HOME/involve/backup-recipients.txt.
func DefaultRecipientsFile() string {
	return filepath.Join(xdg.ConfigHome, "involve", "backup-recipients.txt")
}

// BackupOptions says where a backup goes and whom it is encrypted for.
type BackupOptions struct {
	// Path is the file to write. When empty the backup goes into Dir,
	// named after the database and the time, and the oldest backups of the
	// same database in Dir beyond the keep setting are removed.
	Path string
	// Dir is the folder for a backup with no Path (DefaultBackupDir when
	// empty). It is created mode 0700.
	Dir string
	// Recipients, when any, encrypt the backup with age: X25519 keys
	// (age1…), SSH keys, or one passphrase (age.ScryptRecipient) alone.
	// No plaintext copy of the database is written anywhere.
	Recipients []age.Recipient
}

// BackupResult says what Backup wrote.
type BackupResult struct {
	Path          string   // the backup file
	Bytes         int64    // its size
	Encrypted     bool     // whether it is age-encrypted
	SchemaVersion int      // the schema version of the database in it
	Removed       []string // older backups removed to keep the number set
	// Warning is set when the backup is sound and in place but something
	// after it was not done (the time not recorded, an old one not removed).
	Warning string
}

// backupPattern matches the names Backup gives files in the backup folder:
// NAME-2026-03-14T101500Z.db, with -2, -3… when two fall in one second, and
// .age when encrypted. The time is UTC, so the names sort in time order.
const backupTimeLayout = "2006-01-02T150405Z"

func backupPattern(base string) *regexp.Regexp {
	return regexp.MustCompile(`^` + regexp.QuoteMeta(base) + `-(\d{4}-\d{2}-\d{2}T\d{6}Z)(?:-(\d+))?\.db(?:\.age)?$`)
}

// backupBase is the name backups of the database at path start with: its
// file name without ".db".
func backupBase(dbPath string) string {
	base := filepath.Base(dbPath)
	if b, ok := strings.CutSuffix(base, ".db"); ok && b != "" {
		return b
	}
	return base
}

// Backup writes a consistent copy of the database, even while the program
// has it open in another process, and checks it before it reports success.
//
// The copy is made with VACUUM INTO rather than SQLite's online backup API.
// The backup API copies pages as they are, free pages included: a page
// freed by an erasure made without secure_delete (by an older involve, or
// another program) would carry the erased data into every backup. VACUUM
// INTO rebuilds the database from its live rows, so only what is still in
// the database reaches the backup, and the copy is compact. It reads one
// snapshot (a read transaction), so a change another process is making is
// either wholly in the backup or not at all, and it never blocks writers.
//
// A plain backup is written by VACUUM INTO to a temporary file (created
// 0600 beside the target), checked (PRAGMA integrity_check's checks, on two
// connections at once where there are two cores, and the schema version)
// while it is synced, and renamed into place. An encrypted backup never
// exists as plaintext on disk: VACUUM INTO writes into an in-memory
// database (SQLite's memdb), which is checked there while it is streamed
// page by page into age and on to the temporary file; that file is read
// back, and renamed into place only once the check has passed. Either way
// a failure leaves no file behind, and an earlier file of the same name
// stays as it was.
func (s *Store) Backup(ctx context.Context, opt BackupOptions) (BackupResult, error) {
	if err := s.allow(ctx, "Backup"); err != nil {
		return BackupResult{}, err
	}
	var res BackupResult
	if err := checkRecipients(opt.Recipients); err != nil {
		return res, err
	}
	res.Encrypted = len(opt.Recipients) > 0
	target, rotate := opt.Path, false
	dir := filepath.Dir(target)
	if target == "" {
		rotate = true
		dir = opt.Dir
		if dir == "" {
			dir = DefaultBackupDir()
		}
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return res, fmt.Errorf("cannot make the backup folder %s: %s", dir, FileProblem(err))
	}
	if rotate {
		// The backup folder is involve's own: private, even if it was
		// made otherwise.
		if err := os.Chmod(dir, 0o700); err != nil {
			return res, fmt.Errorf("cannot make the backup folder %s private: %s", dir, FileProblem(err))
		}
		name, err := s.newBackupName(dir, res.Encrypted)
		if err != nil {
			return res, err
		}
		target = filepath.Join(dir, name)
	}
	if err := s.notTheDatabase(target); err != nil {
		return res, err
	}
	res.Path = target

	var err error
	if res.Encrypted {
		res.Bytes, res.SchemaVersion, err = s.backupEncrypted(ctx, target, opt.Recipients)
	} else {
		res.Bytes, res.SchemaVersion, err = s.backupPlain(ctx, target)
	}
	if err != nil {
		return res, err
	}

	var warnings []string
	if err := s.noteBackup(ctx); err != nil {
		warnings = append(warnings, "the time of this backup could not be recorded in the database: "+sqliteProblem(err))
	}
	if rotate {
		keep, err := s.inner().BackupKeep(ctx)
		if err != nil {
			keep = DefaultBackupKeep
		}
		removed, err := rotateBackups(dir, backupBase(s.path), keep)
		res.Removed = removed
		if err != nil {
			warnings = append(warnings, err.Error())
		}
	}
	res.Warning = strings.Join(warnings, "; ")
	return res, nil
}

// noteBackup records the time of a backup. Another program may be in the
// middle of a long change: the backup is done, so wait a second at most.
func (s *Store) noteBackup(ctx context.Context) error {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "PRAGMA busy_timeout = 1000"); err != nil {
		return err
	}
	defer conn.ExecContext(context.Background(), "PRAGMA busy_timeout = 5000") // as in dsnOptions
	return s.setSetting(ctx, conn, SettingBackupLast, s.stamp())
}

// notTheDatabase refuses a backup target that is the database itself or
// one of SQLite's files beside it.
func (s *Store) notTheDatabase(target string) error {
	for _, p := range []string{s.path, s.path + "-wal", s.path + "-shm"} {
		if SameFile(target, p) {
			return fmt.Errorf("%s is the database itself: write the backup to another file", target)
		}
	}
	return nil
}

// SameFile reports whether two paths name the same existing file. It only
// looks (stat); it never opens either, which would drop SQLite's locks on
// a database this process has open.
func SameFile(a, b string) bool {
	fa, err := os.Stat(a)
	if err != nil {
		return false
	}
	fb, err := os.Stat(b)
	return err == nil && os.SameFile(fa, fb)
}

// newBackupName is a name for a new backup in dir that no file has yet.
func (s *Store) newBackupName(dir string, encrypted bool) (string, error) {
	ext := ".db"
	if encrypted {
		ext = ".db.age"
	}
	stem := backupBase(s.path) + "-" + s.now().UTC().Format(backupTimeLayout)
	for n := 1; n < 1000; n++ {
		// Either kind taken stops the name: both count in one sequence.
		name := stem + suffix(n)
		if !exists(filepath.Join(dir, name+".db")) && !exists(filepath.Join(dir, name+".db.age")) {
			return name + ext, nil
		}
	}
	return "", fmt.Errorf("cannot find a free name for the backup in %s", dir)
}

func suffix(n int) string {
	if n == 1 {
		return ""
	}
	return "-" + strconv.Itoa(n)
}

func exists(path string) bool {
	_, err := os.Lstat(path)
	return err == nil
}

// backupPlain is the plain backup: VACUUM INTO a private temporary file,
// checked, synced and renamed into place.
func (s *Store) backupPlain(ctx context.Context, target string) (int64, int, error) {
	tmp, err := privateTemp(filepath.Dir(target), ".involve-backup-*.db")
	if err != nil {
		return 0, 0, fmt.Errorf("cannot write the backup %s: %s", target, FileProblem(err))
	}
	name := tmp.Name()
	tmp.Close()
	defer os.Remove(name) // after the rename there is nothing left to remove
	// VACUUM INTO accepts an empty file: it keeps the 0600 it was made with
	// (SQLite would make a new one 0644 less the umask). It writes the copy
	// without waiting for the disk (vacuumIntoUnsynced); the copy is synced
	// while it is checked, and before it is put in place.
	if err := s.vacuumIntoUnsynced(ctx, name); err != nil {
		return 0, 0, fmt.Errorf("cannot copy the database to %s: %s", target, sqliteProblem(err))
	}
	synced := make(chan error, 1)
	go func() { synced <- syncFile(name) }()
	version, err := checkFile(ctx, name)
	serr := <-synced
	if err != nil {
		return 0, 0, fmt.Errorf("the backup did not check out, so it was not kept: %w", err)
	}
	if serr != nil {
		return 0, 0, fmt.Errorf("cannot write the backup %s: %s", target, FileProblem(serr))
	}
	info, err := os.Stat(name)
	if err != nil {
		return 0, 0, err
	}
	if err := renameInto(name, target); err != nil {
		return 0, 0, err
	}
	return info.Size(), version, nil
}

// vacuumIntoUnsynced is VACUUM INTO path with the store's connection set
// not to wait for the disk (PRAGMA synchronous = OFF, which VACUUM INTO
// applies to the copy it writes) for that statement only, a fifth of its
// time on the 10,000-person demo; the caller syncs the copy. The setting
// is put back at once; a connection on which it could not be is closed, so
// that the database itself is never written to without waiting for the
// disk.
func (s *Store) vacuumIntoUnsynced(ctx context.Context, path string) error {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	var was int
	if err := conn.QueryRowContext(ctx, "PRAGMA synchronous").Scan(&was); err != nil {
		return err
	}
	if _, err := conn.ExecContext(ctx, "PRAGMA synchronous = OFF"); err != nil {
		return err
	}
	_, err = conn.ExecContext(ctx, "VACUUM INTO ?", path)
	if _, rerr := conn.ExecContext(context.Background(), "PRAGMA synchronous = "+strconv.Itoa(was)); rerr != nil {
		conn.Raw(func(any) error { return driver.ErrBadConn }) // not given out again
		if err == nil {
			err = rerr
		}
	}
	return err
}

// checkFile checks the copy at path (checkCopy) on checkConns read-only
// connections at once, each reading the file through a memory map (the
// copy is this process's own temporary file: nothing else changes it while
// it is mapped), which spares a system call and a copy for every page read.
func checkFile(ctx context.Context, path string) (int, error) {
	size := int64(256 << 20)
	if info, err := os.Stat(path); err == nil {
		size = info.Size()
	}
	dsn := "file:" + (&url.URL{Path: path}).EscapedPath() + "?mode=ro&_pragma=mmap_size(" + strconv.FormatInt(size, 10) + ")"
	dbs := make([]*sql.DB, checkConns())
	for i := range dbs {
		db, err := sql.Open("sqlite", dsn)
		if err != nil {
			return 0, err
		}
		defer db.Close()
		db.SetMaxOpenConns(1)
		dbs[i] = db
	}
	return checkCopy(ctx, dbs...)
}

// checkConns is how many connections a backup's check runs on: two where
// the program may use two cores, else one. A third gains nothing: the
// check of the largest table (the register, on the 10,000-person demo)
// is about half of the whole. With both cores free, two took 150 ms where
// one took 215 (BenchmarkBackup's copy); with another program busy on one
// of them, two took 270 to one's 215: the walk of the whole file is done
// twice.
func checkConns() int { return min(2, runtime.GOMAXPROCS(0)) }

// backupEncrypted is the encrypted backup: VACUUM INTO an in-memory
// database, checked there while it is streamed through age into a private
// temporary file, which is synced, read back, and renamed into place once
// the check has passed.
func (s *Store) backupEncrypted(ctx context.Context, target string, recipients []age.Recipient) (int64, int, error) {
	// memdb names are shared by every connection of this process: a random one.
	var rnd [8]byte
	rand.Read(rnd[:])
	memURI := "file:/involve-backup-" + hex.EncodeToString(rnd[:]) + "?vfs=memdb"
	// This connection keeps the in-memory database alive between VACUUM
	// INTO (on the store's own connection) and the reading; closing it
	// frees the memory.
	mem, err := sql.Open("sqlite", memURI)
	if err != nil {
		return 0, 0, err
	}
	defer mem.Close()
	mem.SetMaxOpenConns(1)
	if err := mem.PingContext(ctx); err != nil {
		return 0, 0, fmt.Errorf("cannot make room in memory for the backup: %s", sqliteProblem(err))
	}

	conn, err := s.db.Conn(ctx)
	if err != nil {
		return 0, 0, fmt.Errorf("cannot read the database: %w", err)
	}
	// Should SQLite need scratch space while copying, it is to be in
	// memory: a temporary file would hold plaintext.
	var tempStore int
	conn.QueryRowContext(ctx, "PRAGMA temp_store").Scan(&tempStore)
	_, err = conn.ExecContext(ctx, "PRAGMA temp_store = MEMORY")
	if err == nil {
		_, err = conn.ExecContext(ctx, "VACUUM INTO ?", memURI)
	}
	conn.ExecContext(context.Background(), fmt.Sprintf("PRAGMA temp_store = %d", tempStore))
	conn.Close()
	if err != nil {
		return 0, 0, fmt.Errorf("cannot copy the database into memory: %s", sqliteProblem(err))
	}
	// The copy is checked while it is encrypted and written (on another
	// core, where there is one): the temporary file is renamed into place
	// only once the check has passed, and removed if it has not. The check
	// goes through a read-only connection of its own: through one that may
	// write, it took twice as long (450 against 240 ms on the
	// 10,000-person demo), building and clearing b-trees as it went.
	ro, err := sql.Open("sqlite", memURI+"&mode=ro")
	if err != nil {
		return 0, 0, err
	}
	defer ro.Close()
	ro.SetMaxOpenConns(1)
	type checked struct {
		version int
		err     error
	}
	check := make(chan checked, 1)
	go func() {
		v, err := checkCopy(ctx, ro)
		check <- checked{v, err}
	}()
	copyFailed := func(err error) error {
		return fmt.Errorf("the copy did not check out, so no backup was written: %w", err)
	}

	tmp, err := privateTemp(filepath.Dir(target), ".involve-backup-*.age.tmp")
	if err != nil {
		if c := <-check; c.err != nil {
			return 0, 0, copyFailed(c.err)
		}
		return 0, 0, fmt.Errorf("cannot write the backup %s: %s", target, FileProblem(err))
	}
	name := tmp.Name()
	defer os.Remove(name)
	sum := sha256.New()
	counted := &countWriter{w: io.MultiWriter(tmp, sum)}
	buf := bufio.NewWriterSize(counted, 1<<20)
	err = writeEncrypted(ctx, buf, mem, recipients)
	if err == nil {
		err = buf.Flush()
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		// Read back while the check may still run.
		if rerr := sameContent(name, counted.n, sum); rerr != nil {
			err = fmt.Errorf("the backup %s did not read back as written, so it was not kept: %w", target, rerr)
		}
	} else {
		err = fmt.Errorf("cannot write the backup %s: %s", target, FileProblem(err))
	}
	c := <-check
	if c.err != nil {
		return 0, 0, copyFailed(c.err)
	}
	if err != nil {
		return 0, 0, err
	}
	version := c.version
	if err := renameInto(name, target); err != nil {
		return 0, 0, err
	}
	return counted.n, version, nil
}

// writeEncrypted streams the pages of the in-memory copy through age.
func writeEncrypted(ctx context.Context, w io.Writer, mem *sql.DB, recipients []age.Recipient) error {
	var pages int
	if err := mem.QueryRowContext(ctx, "PRAGMA page_count").Scan(&pages); err != nil {
		return err
	}
	enc, err := age.Encrypt(w, recipients...)
	if err != nil {
		return fmt.Errorf("cannot encrypt: %w", err)
	}
	rows, err := mem.QueryContext(ctx, "SELECT pgno, data FROM sqlite_dbpage ORDER BY pgno")
	if err != nil {
		return err
	}
	defer rows.Close()
	n := 0
	var page []byte
	for rows.Next() {
		var pgno int
		if err := rows.Scan(&pgno, &page); err != nil {
			return err
		}
		n++
		if pgno != n {
			return fmt.Errorf("page %d of the copy is missing", n)
		}
		if _, err := enc.Write(page); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if n != pages {
		return fmt.Errorf("the copy has %d pages but %d were read", pages, n)
	}
	return enc.Close()
}

// checkCopy checks a freshly made copy: it opens, it has this program's
// schema, and PRAGMA integrity_check finds nothing wrong. The check runs on
// the connections given: on one, it is PRAGMA integrity_check itself; on
// more, its work is shared between them (integrityCheck). It returns the
// schema version.
func checkCopy(ctx context.Context, dbs ...*sql.DB) (int, error) {
	var version int
	if err := dbs[0].QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return 0, fmt.Errorf("it does not open: %s", sqliteProblem(err))
	}
	if version != SchemaVersion() {
		return version, fmt.Errorf("its schema version is %d, not %d", version, SchemaVersion())
	}
	lines, err := integrityCheck(ctx, dbs)
	if err != nil {
		return version, fmt.Errorf("the integrity check could not finish: %s", sqliteProblem(err))
	}
	if len(lines) != 1 || lines[0] != "ok" {
		return version, fmt.Errorf("the integrity check says: %s", strings.Join(lines, "; "))
	}
	return version, nil
}

// integrityCheck is PRAGMA integrity_check of a database, its work shared
// between the connections dbs (each its own, to the same file) so that
// they run at once on as many cores. It returns ["ok"] or the problems.
//
// On one connection it is PRAGMA integrity_check. On more, it is what makes
// up integrity_check, as SQLite's documentation of the pragmas
// (https://sqlite.org/pragma.html#pragma_integrity_check) divides it:
//
//   - PRAGMA quick_check, on the whole file: "like integrity_check except
//     that it does not verify UNIQUE constraints and does not verify that
//     index content matches table content"; so every b-tree's order and
//     records, CHECK and NOT NULL constraints, the freelist, and that no
//     section of the file is used twice or not at all;
//   - PRAGMA integrity_check(T) for every table T: "checking is restricted
//     to that table and its indexes" (a virtual table's own check
//     included). Such a "partial integrity check" cannot see "unused
//     sections of the file or duplication use of the same section of the
//     file by two or more tables", which quick_check above does see; it
//     does verify the table's indexes against its rows and its UNIQUE
//     constraints, which quick_check does not.
//
// Together they check all that integrity_check does, on more cores; the
// b-trees are walked twice (quick_check is about a quarter of the whole
// check's time), which costs less than waiting for one core when the other
// is free (checkConns). The biggest
// tables are given out first (by rows times indexes), so that the last
// one to finish is a small one.
func integrityCheck(ctx context.Context, dbs []*sql.DB) ([]string, error) {
	if len(dbs) == 1 {
		return checkStrings(ctx, dbs[0], "PRAGMA integrity_check")
	}
	jobs, err := integrityJobs(ctx, dbs[0])
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	next := make(chan string, len(jobs))
	for _, j := range jobs {
		next <- j
	}
	close(next)
	var (
		mu       sync.Mutex
		problems []string
		firstErr error
		wg       sync.WaitGroup
	)
	for _, db := range dbs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for q := range next {
				lines, err := checkStrings(ctx, db, q)
				mu.Lock()
				if err != nil && firstErr == nil {
					firstErr = err
				}
				for _, l := range lines {
					if l != "ok" {
						problems = append(problems, l)
					}
				}
				stop := firstErr != nil || len(problems) > 0
				mu.Unlock()
				if stop {
					cancel() // what is wrong is known: the rest need not run
					return
				}
			}
		}()
	}
	wg.Wait()
	if len(problems) > 0 {
		return problems, nil
	}
	if firstErr != nil {
		return nil, firstErr
	}
	return []string{"ok"}, nil
}

// integrityJobs is the work of integrityCheck: the whole file's
// quick_check, then each table's integrity_check, the biggest first.
func integrityJobs(ctx context.Context, db *sql.DB) ([]string, error) {
	rows, err := db.QueryContext(ctx, `SELECT t.name, coalesce(t.sql, '') LIKE 'CREATE VIRTUAL%',
		(SELECT count(*) FROM sqlite_schema i WHERE i.type = 'index' AND i.tbl_name = t.name)
		FROM sqlite_schema t WHERE t.type = 'table'`)
	if err != nil {
		return nil, err
	}
	type table struct {
		name    string
		virtual bool
		indexes int
		cost    int64
	}
	var tables []table
	for rows.Next() {
		var t table
		if err := rows.Scan(&t.name, &t.virtual, &t.indexes); err != nil {
			rows.Close()
			return nil, err
		}
		tables = append(tables, t)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i, t := range tables {
		// The highest rowid (from the b-tree's last page, not a count) is
		// near enough the number of rows; a virtual table or one without
		// rowids comes last.
		var last sql.NullInt64
		if !t.virtual && db.QueryRowContext(ctx, "SELECT max(rowid) FROM "+checkQuoteIdent(t.name)).Scan(&last) == nil {
			tables[i].cost = last.Int64 * int64(1+t.indexes)
		}
	}
	sort.SliceStable(tables, func(i, j int) bool { return tables[i].cost > tables[j].cost })
	jobs := []string{"PRAGMA quick_check"}
	for _, t := range tables {
		jobs = append(jobs, "PRAGMA integrity_check("+checkQuoteIdent(t.name)+")")
	}
	return jobs, nil
}

// privateTemp creates a temporary file mode 0600 in dir.
func privateTemp(dir, pattern string) (*os.File, error) {
	f, err := os.CreateTemp(dir, pattern)
	if err != nil {
		return nil, err
	}
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		os.Remove(f.Name())
		return nil, err
	}
	return f, nil
}

// syncFile flushes a closed file to the disk.
func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	err = f.Sync()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// renameInto puts a finished temporary file in place of target and makes
// the rename durable (the folder synced, where the system allows it).
func renameInto(tmp, target string) error {
	if err := os.Rename(tmp, target); err != nil {
		return fmt.Errorf("cannot put %s in place: %s", target, FileProblem(err))
	}
	if d, err := os.Open(filepath.Dir(target)); err == nil {
		d.Sync() // not possible everywhere (Windows); the rename stands either way
		d.Close()
	}
	return nil
}

// countWriter counts what passes through it.
type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// sameContent reads path back and compares it with the size and SHA-256 of
// what was written.
func sameContent(path string, size int64, want hash.Hash) error {
	f, err := os.Open(path)
	if err != nil {
		return errors.New(FileProblem(err))
	}
	defer f.Close()
	got := sha256.New()
	n, err := io.Copy(got, f)
	if err != nil {
		return errors.New(FileProblem(err))
	}
	if n != size || string(got.Sum(nil)) != string(want.Sum(nil)) {
		return fmt.Errorf("%d bytes read back differ from the %d written", n, size)
	}
	return nil
}

// rotateBackups removes the oldest backups of one database in dir (by the
// time in their names) so that keep remain, and temporary files a backup
// that was interrupted left behind more than a day ago. It returns the
// names removed.
func rotateBackups(dir, base string, keep int) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("cannot list the backups in %s to remove old ones: %s", dir, FileProblem(err))
	}
	pat := backupPattern(base)
	type backup struct {
		name, stamp string
		seq         int
	}
	var found []backup
	var removed []string
	var problems []string
	for _, e := range entries {
		if !e.Type().IsRegular() {
			continue
		}
		name := e.Name()
		if strings.HasPrefix(name, ".involve-backup-") {
			if info, err := e.Info(); err == nil && time.Since(info.ModTime()) > 24*time.Hour {
				os.Remove(filepath.Join(dir, name))
			}
			continue
		}
		m := pat.FindStringSubmatch(name)
		if m == nil {
			continue
		}
		seq := 1
		if m[2] != "" {
			seq, _ = strconv.Atoi(m[2])
		}
		found = append(found, backup{name: name, stamp: m[1], seq: seq})
	}
	sort.Slice(found, func(i, j int) bool {
		if found[i].stamp != found[j].stamp {
			return found[i].stamp > found[j].stamp
		}
		return found[i].seq > found[j].seq
	})
	if keep < 1 {
		keep = 1
	}
	for _, b := range found[min(keep, len(found)):] {
		if err := os.Remove(filepath.Join(dir, b.name)); err != nil {
			problems = append(problems, b.name+": "+FileProblem(err))
			continue
		}
		removed = append(removed, b.name)
	}
	if len(problems) > 0 {
		return removed, fmt.Errorf("cannot remove old backups: %s", strings.Join(problems, "; "))
	}
	return removed, nil
}

// BackupKeep is how many backups of this database the backup folder keeps.
func (s *Store) BackupKeep(ctx context.Context) (int, error) {
	if err := s.allow(ctx, "BackupKeep"); err != nil {
		return 0, err
	}
	v, err := s.inner().Setting(ctx, SettingBackupKeep)
	if err != nil || v == "" {
		return DefaultBackupKeep, err
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		return DefaultBackupKeep, nil
	}
	return n, nil
}

// SetBackupKeep sets how many backups the backup folder keeps (at least 1).
func (s *Store) SetBackupKeep(ctx context.Context, n int) error {
	if err := s.allow(ctx, "SetBackupKeep"); err != nil {
		return err
	}
	if n < 1 {
		return fmt.Errorf("the number of backups to keep must be at least 1 (got %d)", n)
	}
	return s.inner().SetSetting(ctx, SettingBackupKeep, strconv.Itoa(n))
}

// LastBackup is when the last successful backup of this database finished;
// the zero time when there has been none.
func (s *Store) LastBackup(ctx context.Context) (time.Time, error) {
	if err := s.allow(ctx, "LastBackup"); err != nil {
		return time.Time{}, err
	}
	v, err := s.inner().Setting(ctx, SettingBackupLast)
	if err != nil || v == "" {
		return time.Time{}, err
	}
	t, err := time.Parse(time.RFC3339, v)
	if err != nil {
		return time.Time{}, nil // a setting nobody can read: as if never
	}
	return t, nil
}

// BackupOffer reports whether the program offers a backup on quitting
// (on unless set off).
func (s *Store) BackupOffer(ctx context.Context) (bool, error) {
	if err := s.allow(ctx, "BackupOffer"); err != nil {
		return false, err
	}
	v, err := s.inner().Setting(ctx, SettingBackupOffer)
	return v != "no", err
}

// SetBackupOffer turns the offer of a backup on quitting on or off.
func (s *Store) SetBackupOffer(ctx context.Context, on bool) error {
	if err := s.allow(ctx, "SetBackupOffer"); err != nil {
		return err
	}
	v := "yes"
	if !on {
		v = "no"
	}
	return s.inner().SetSetting(ctx, SettingBackupOffer, v)
}

// DeclineBackup records that the backup offered on quitting was declined
// today: it is not offered again until tomorrow.
func (s *Store) DeclineBackup(ctx context.Context) error {
	if err := s.allow(ctx, "DeclineBackup"); err != nil {
		return err
	}
	return s.inner().SetSetting(ctx, SettingBackupDeclined, LocalDate(s.now()))
}

// BackupDue reports whether to offer a backup on quitting: the offer is on,
// there has been no backup today (London time), and it was not declined
// today.
func (s *Store) BackupDue(ctx context.Context) (bool, error) {
	if err := s.allow(ctx, "BackupDue"); err != nil {
		return false, err
	}
	on, err := s.inner().BackupOffer(ctx)
	if err != nil || !on {
		return false, err
	}
	declined, err := s.inner().Setting(ctx, SettingBackupDeclined)
	if err != nil || declined == LocalDate(s.now()) {
		return false, err
	}
	last, err := s.inner().LastBackup(ctx)
	if err != nil {
		return false, err
	}
	if last.IsZero() {
		return true, nil
	}
	const day = "2006-01-02"
	return last.In(London).Format(day) < s.now().In(London).Format(day), nil
}
