package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"filippo.io/age"
	"modernc.org/sqlite"
)

// sqliteMagic starts every SQLite database file.
const sqliteMagic = "SQLite format 3\x00"

// Restore is a backup made ready to replace a database: decrypted, checked
// and brought up to this program's schema in a private file beside the
// database, and not yet put in place. Commit puts it in place; Discard
// throws it away. Until Commit, the database is untouched.
type Restore struct {
	Source    string // the backup file
	Target    string // the database it is to replace
	Encrypted bool   // whether the backup was age-encrypted
	// BackupSchema is the schema version the backup was made with; the
	// restored database has SchemaVersion().
	BackupSchema int
	// Report is the check of the restored database, with its record counts.
	Report CheckReport
	// Reerased is how many people Commit erased again from the restored
	// database, because the erasure log of the database it replaced says
	// they were erased after the backup was made. LogRead says whether
	// there was a database to read an erasure log from (there is none
	// when the database was missing, or too damaged to open).
	Reerased int
	LogRead  bool

	tmp     string           // the restored database, beside Target
	walCopy string           // a copy of the -wal of a Target SQLite cannot open
	now     func() time.Time // names the copy of the replaced database
}

// afterRestore runs on the restored database just before it replaces the
// old one, while the old one is locked: replaced reads the old database (it
// is nil when there is none, or it is too damaged to open). An error stops
// the restore with the old database untouched.
//
// It applies the erasure log (reapplyErasures): people erased from the
// database being replaced since the backup was made are erased from the
// restored copy too, before it is put in place. It returns how many.
var afterRestore = reapplyErasures

// PrepareRestore makes the backup at source ready to replace the database
// at target: it decrypts it (with ids, when it is age-encrypted) into a
// private temporary file beside target, checks it with PRAGMA
// integrity_check, refuses a backup made by a newer involve, and brings an
// older one up to this program's schema. Nothing of the database at target
// changes; call Commit to put the backup in place, or Discard.
func PrepareRestore(ctx context.Context, source, target string, ids []age.Identity) (r *Restore, err error) {
	for _, p := range []string{target, target + "-wal", target + "-shm"} {
		if SameFile(source, p) {
			return nil, fmt.Errorf("%s is the database itself: restore from a backup of it", source)
		}
	}
	if info, err := os.Stat(source + "-wal"); err == nil && info.Size() > 0 {
		return nil, fmt.Errorf("%s has a -wal file beside it: it is a database in use, not a backup (make a backup of it with involve backup --db %s)", source, source)
	}
	r = &Restore{Source: source, Target: target, now: time.Now}
	defer func() {
		if err != nil {
			r.Discard()
			r = nil
		}
	}()
	// Refuse early while the database is open elsewhere (Commit checks again).
	hold, conn, walCopy, err := lockDatabase(ctx, target)
	if errors.Is(err, errInUse) {
		return r, inUse(target)
	}
	if conn != nil {
		conn.Close()
		hold.Close()
		os.Remove(walCopy) // the -wal was folded in
	} else {
		r.walCopy = walCopy // SQLite may have deleted the -wal of a file it cannot read
	}
	in, encrypted, err := openBackup(source, ids)
	if err != nil {
		return r, err
	}
	defer in.Close()
	r.Encrypted = encrypted

	dir := filepath.Dir(target)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return r, fmt.Errorf("cannot make the folder for %s: %s", target, FileProblem(err))
	}
	f, err := privateTemp(dir, ".involve-restore-*.db")
	if err != nil {
		return r, fmt.Errorf("cannot write beside %s: %s", target, FileProblem(err))
	}
	r.tmp = f.Name()
	_, err = io.Copy(f, in)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			return r, fmt.Errorf("cannot write beside %s, so nothing was restored: %s", target, FileProblem(err))
		}
		return r, fmt.Errorf("%v, so nothing was restored", err)
	}

	refuse := func(format string, args ...any) error {
		return fmt.Errorf("%s "+format+", so nothing was restored", append([]any{source}, args...)...)
	}
	head := make([]byte, len(sqliteMagic))
	if hf, err := os.Open(r.tmp); err == nil {
		io.ReadFull(hf, head)
		hf.Close()
	}
	if string(head) != sqliteMagic {
		return r, refuse("is not an involve backup (it is not an SQLite database)")
	}
	v, err := checkRestored(ctx, r.tmp)
	r.BackupSchema = v
	switch {
	case err != nil:
		return r, refuse("is damaged: %v", err)
	case v > SchemaVersion():
		return r, fmt.Errorf("this backup was made by a newer involve (schema %d; this one knows up to %d): update involve first; nothing was restored", v, SchemaVersion())
	case v == 0:
		return r, refuse("holds no involve database (its schema version is 0)")
	}
	s, err := Open(r.tmp) // brings an older schema up to date
	if err != nil {
		return r, fmt.Errorf("cannot bring the backup up to date, so nothing was restored: %w", err)
	}
	s.path = source
	r.Report, err = s.inner().Check(ctx)
	if cerr := s.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return r, fmt.Errorf("cannot check the restored database, so nothing was restored: %w", err)
	}
	return r, nil
}

// checkRestored opens the copy of a backup as it came, without changing it,
// and returns its schema version once PRAGMA integrity_check says it is ok.
func checkRestored(ctx context.Context, path string) (int, error) {
	db, err := sql.Open("sqlite", "file:"+(&url.URL{Path: path}).EscapedPath()+"?_pragma=busy_timeout(5000)")
	if err != nil {
		return 0, err
	}
	defer db.Close()
	var v int
	if err := db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
		return 0, errors.New(sqliteProblem(err))
	}
	lines, err := checkStrings(ctx, db, "PRAGMA integrity_check")
	if err != nil {
		return v, errors.New(sqliteProblem(err))
	}
	if len(lines) != 1 || lines[0] != "ok" {
		if len(lines) > 3 {
			lines = append(lines[:3], fmt.Sprintf("and %d more", len(lines)-3))
		}
		return v, fmt.Errorf("the integrity check says %s", strings.Join(lines, "; "))
	}
	return v, nil
}

// Discard removes the prepared copy; the database stays as it was.
func (r *Restore) Discard() {
	if r == nil {
		return
	}
	if r.walCopy != "" {
		os.Remove(r.walCopy)
		r.walCopy = ""
	}
	if r.tmp == "" {
		return
	}
	for _, p := range []string{r.tmp, r.tmp + "-wal", r.tmp + "-shm", r.tmp + "-journal"} {
		os.Remove(p)
	}
	r.tmp = ""
}

// Commit puts the restored database in place of the old one. The old one,
// with its -wal folded in, is kept beside it as
// NAME.before-restore-YYYYMMDD-HHMMSS (mode 0600), whose path is returned
// ("" when there was no database). The new file replaces the old one in one
// rename, so the database is always either the old one or the new one; any
// failure before that leaves the old one as it was. Commit refuses while
// another connection (the program open in another window) has the database
// open.
func (r *Restore) Commit(ctx context.Context) (aside string, err error) {
	if r == nil || r.tmp == "" {
		return "", errors.New("nothing is ready to restore")
	}
	defer r.Discard()
	hold, conn, walCopy, lockErr := lockDatabase(ctx, r.Target)
	if r.walCopy == "" {
		r.walCopy = walCopy
	} else if walCopy != "" {
		os.Remove(walCopy)
	}
	if errors.Is(lockErr, errInUse) {
		return "", inUse(r.Target)
	}
	locked := lockErr == nil && conn != nil
	release := func() {
		if conn != nil {
			conn.Close()
			hold.Close()
			conn = nil
		}
	}
	defer release()
	if locked {
		// Fold the -wal into the database, so that the copy kept aside is
		// whole and no stale -wal is left to meet the new file.
		if _, err := conn.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
			// Too damaged for that: it is copied aside as it is, with
			// the -wal as it was.
			release()
			locked = false
		}
	}

	s, err := Open(r.tmp)
	if err != nil {
		return "", fmt.Errorf("cannot open the restored database, so nothing was restored: %w", err)
	}
	var replaced queryer
	if locked {
		replaced = conn
	}
	r.LogRead = replaced != nil
	r.Reerased, err = afterRestore(ctx, s, replaced)
	if cerr := s.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return "", fmt.Errorf("%v; nothing was restored", err)
	}
	if err := syncFile(r.tmp); err != nil {
		return "", fmt.Errorf("cannot write beside %s, so nothing was restored: %s", r.Target, FileProblem(err))
	}

	if info, err := os.Stat(r.Target); err == nil && info.Size() > 0 {
		var copied bool
		aside, copied, err = r.keepAside(ctx, conn, release)
		if err != nil {
			return "", err
		}
		locked = locked && copied
	}
	release() // the last connection: SQLite removes the (empty) -wal
	if info, err := os.Stat(r.Target + "-wal"); err == nil && info.Size() > 0 {
		// Someone opened the database between the copy and now.
		if aside != "" {
			os.Remove(aside)
		}
		return "", inUse(r.Target)
	}
	if !locked {
		// A damaged database was copied aside byte for byte, with its
		// -wal: neither of SQLite's files beside it may meet the new file.
		os.Remove(r.Target + "-wal")
		os.Remove(r.Target + "-shm")
	}
	if err := renameInto(r.tmp, r.Target); err != nil {
		if aside != "" {
			os.Remove(aside)
		}
		return "", fmt.Errorf("%v; the database was not changed", err)
	}
	r.tmp = ""
	return aside, nil
}

func inUse(path string) error {
	return fmt.Errorf("%s is open in involve (or another program): quit it, then restore; nothing was changed", path)
}

// CheckNotInUse refuses, with a plain message, when the database at path is
// open in another window or program; a restore would refuse then too.
func CheckNotInUse(ctx context.Context, path string) error {
	hold, conn, walCopy, err := lockDatabase(ctx, path)
	if walCopy != "" {
		os.Remove(walCopy)
	}
	if errors.Is(err, errInUse) {
		return inUse(path)
	}
	if conn != nil {
		conn.Close()
		hold.Close()
	}
	return nil
}

// keepAside copies the database about to be replaced to a new file beside
// it. With the database locked (conn) the copy is made by SQLite, its
// online backup reading through the locked connection; copied says so. A
// database SQLite cannot read is copied byte for byte, with its -wal as it
// was, and the lock is let go first (release): closing a file this process
// has open drops its locks on it anyway.
func (r *Restore) keepAside(ctx context.Context, conn *sql.Conn, release func()) (aside string, copied bool, err error) {
	aside, err = asideName(r.Target, r.now().In(London))
	if err != nil {
		return "", false, err
	}
	fail := func(err error) (string, bool, error) {
		os.Remove(aside)
		os.Remove(aside + "-wal")
		return "", false, fmt.Errorf("cannot keep a copy of %s, so nothing was restored: %v", r.Target, err)
	}
	f, err := os.OpenFile(aside, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fail(errors.New(FileProblem(err)))
	}
	f.Close()
	if conn != nil {
		err = conn.Raw(func(dc any) error {
			b, ok := dc.(interface {
				NewBackup(string) (*sqlite.Backup, error)
			})
			if !ok {
				return errors.New("the SQLite driver cannot make a copy")
			}
			bk, err := b.NewBackup("file:" + (&url.URL{Path: aside}).EscapedPath())
			if err != nil {
				return err
			}
			for {
				more, err := bk.Step(-1)
				if err != nil {
					bk.Finish()
					return err
				}
				if !more {
					return bk.Finish()
				}
			}
		})
		copied = err == nil
	}
	if !copied {
		release()
		if err := copyPrivate(r.Target, aside); err != nil {
			return fail(err)
		}
		wal := r.walCopy
		if wal == "" {
			wal = r.Target + "-wal"
		}
		if info, err := os.Stat(wal); err == nil && info.Size() > 0 {
			if err := copyPrivate(wal, aside+"-wal"); err != nil {
				return fail(err)
			}
		}
	}
	if err := syncFile(aside); err != nil {
		return fail(errors.New(FileProblem(err)))
	}
	return aside, copied, nil
}

// asideName is a free name NAME.before-restore-YYYYMMDD-HHMMSS beside path.
func asideName(path string, at time.Time) (string, error) {
	stem := path + ".before-restore-" + at.Format("20060102-150405")
	for n := 1; n < 1000; n++ {
		name := stem + suffix(n)
		if !exists(name) {
			return name, nil
		}
	}
	return "", fmt.Errorf("cannot find a free name for the copy of %s", path)
}

// copyPrivate copies a file to a new file mode 0600.
func copyPrivate(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return errors.New(FileProblem(err))
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return errors.New(FileProblem(err))
	}
	_, err = io.Copy(out, in)
	if err == nil {
		err = out.Sync()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return errors.New(FileProblem(err))
	}
	return nil
}

// errInUse is lockDatabase's answer when another connection has the
// database open.
var errInUse = errors.New("the database is in use")

// lockDatabase takes SQLite's exclusive lock on the database at path and
// keeps it until the returned connection is closed: no other connection,
// in this process or another, can read or write it meanwhile. In WAL mode
// every open connection holds a shared lock for as long as it is open, so
// the program open in another window is found even when it is idle.
//
// It returns errInUse when another connection has the database open; a nil
// connection and no error when there is no database at path; and another
// error (with a nil connection) when the file is not one SQLite can open,
// walCopy names a private copy of the -wal as it was before SQLite opened
// the file, if there was one; the caller removes it.
//
// While the lock is held, nothing in this process may open and close the
// database file by other means: closing any descriptor of it drops the
// process's POSIX locks.
func lockDatabase(ctx context.Context, path string) (db *sql.DB, conn *sql.Conn, walCopy string, err error) {
	if info, err := os.Stat(path); err != nil || info.Size() == 0 {
		return nil, nil, "", nil
	}
	// Closing a database it could not read, SQLite deletes the -wal beside
	// it: keep a copy first, so that a damaged database is kept aside
	// whole. (SQLite locks no byte of the -wal, so reading it here is safe.)
	if info, err := os.Stat(path + "-wal"); err == nil && info.Size() > 0 {
		f, err := privateTemp(filepath.Dir(path), ".involve-restore-wal-*")
		if err == nil {
			walCopy = f.Name()
			f.Close()
			if copyPrivate(path+"-wal", walCopy) != nil {
				os.Remove(walCopy)
				walCopy = ""
			}
		}
	}
	db, err = sql.Open("sqlite", "file:"+(&url.URL{Path: path}).EscapedPath()+
		"?_pragma=busy_timeout(1000)&_pragma=locking_mode(EXCLUSIVE)")
	if err == nil {
		conn, err = db.Conn(ctx)
		if err == nil {
			if _, err = conn.ExecContext(ctx, "BEGIN EXCLUSIVE"); err == nil {
				_, err = conn.ExecContext(ctx, "COMMIT")
			}
			if err != nil {
				conn.Close()
			}
		}
		if err != nil {
			db.Close()
		}
	}
	if err == nil {
		return db, conn, walCopy, nil
	}
	var se *sqlite.Error
	if errors.As(err, &se) && (se.Code()&0xff == 5 || se.Code()&0xff == 6) { // SQLITE_BUSY, SQLITE_LOCKED
		if walCopy != "" {
			os.Remove(walCopy)
		}
		return nil, nil, "", errInUse
	}
	return nil, nil, walCopy, err
}

// CheckBackup checks a backup file, age-encrypted (opened with ids) or not,
// as Check checks a database: integrity, foreign keys, schema version and
// record counts. An encrypted backup is decrypted into memory only: it is
// read into an in-memory SQLite database (sqlite3_deserialize), never
// written to disk. A backup made with an older schema is not a problem (a
// restore brings it up to date); one made by a newer involve is.
func CheckBackup(ctx context.Context, path string, ids []age.Identity) (CheckReport, error) {
	r := CheckReport{Path: path, WantSchema: SchemaVersion()}
	in, encrypted, err := openBackup(path, ids)
	if err != nil {
		return r, err
	}
	r.Encrypted = encrypted
	data, err := io.ReadAll(in)
	in.Close()
	if err != nil {
		return r, err
	}
	if !bytes.HasPrefix(data, []byte(sqliteMagic)) || len(data) < 100 {
		r.Problems = append(r.Problems, "it is not an SQLite database, so not an involve backup")
		return r, nil
	}
	if !encrypted {
		if info, err := os.Stat(path + "-wal"); err == nil && info.Size() > 0 {
			r.Notes = append(r.Notes, "it has a -wal file beside it, not checked: it is a database in use, not a backup (check it with --db)")
		}
	}
	// A copy of a database in WAL mode says so in its header; in memory it
	// can only be read in rollback mode (bytes 18 and 19 are the modes).
	if data[18] == 2 && data[19] == 2 {
		data[18], data[19] = 1, 1
	}
	s, err := openImage(ctx, path, data)
	data = nil
	if err != nil {
		r.Problems = append(r.Problems, "it does not open: "+err.Error())
		return r, nil
	}
	defer s.Close()
	rep, err := s.check(ctx, true)
	rep.Encrypted = encrypted
	rep.Notes = append(r.Notes, rep.Notes...)
	return rep, err
}

// openImage opens a database image held in memory as a store (for reading:
// nothing it holds is written anywhere). path names it in messages.
func openImage(ctx context.Context, path string, data []byte) (*Store, error) {
	db, err := sql.Open("sqlite", ":memory:")
	if err != nil {
		return nil, err
	}
	// One connection, kept: another would be a new, empty database.
	db.SetMaxOpenConns(1)
	db.SetMaxIdleConns(1)
	db.SetConnMaxLifetime(0)
	db.SetConnMaxIdleTime(0)
	conn, err := db.Conn(ctx)
	if err == nil {
		err = conn.Raw(func(dc any) error {
			d, ok := dc.(interface{ Deserialize([]byte) error })
			if !ok {
				return errors.New("the SQLite driver cannot read a database from memory")
			}
			return d.Deserialize(data)
		})
		conn.Close()
	}
	if err != nil {
		db.Close()
		return nil, errors.New(sqliteProblem(err))
	}
	return newStore(db, path), nil
}
