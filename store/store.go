// Package store owns involve's data and the rules about it: the SQLite
// schema and its migrations, validation, and every query. It never imports
// the terminal interface.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"
	_ "modernc.org/sqlite" // the pure-Go SQLite driver
)

// dsnOptions are the connection settings every connection uses. busy_timeout
// comes first so that it is in force before journal_mode needs a lock.
const dsnOptions = "?_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_pragma=foreign_keys(1)&_pragma=secure_delete(1)&_txlock=immediate"

//go:embed migrations/*.sql
var migrationFS embed.FS

// Store is an open involve database.
type Store struct {
	db   *sql.DB
	path string
	now  func() time.Time

	// actor is who uses the store, and in what role: Open's store is the
	// machine's owner, a coordinator; As makes a view for someone else.
	actor Actor
	// isView is set on a view made by As: closing it leaves the database
	// open.
	isView bool
	// bypass is set on the store inner gives a method to call another
	// with: the outer call was checked.
	bypass bool
	// feed tells every view's subscribers of each committed change.
	feed *feed
	// audit, when set, makes the audit triggers before the first change
	// (shared by every view of the store); only then is the actor written
	// down for them. Nil for a store nobody changes records through.
	audit *auditState
}

// DSN returns the connection string for the database file at path.
func DSN(path string) string {
	return "file:" + (&url.URL{Path: path}).EscapedPath() + dsnOptions
}

// Open opens (creating if need be) the database at path and brings its
// schema up to date. A new file is created mode 0600 in a directory of mode
// 0700.
func Open(path string) (*Store, error) {
	if path == "" {
		return nil, errors.New("no database path given")
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("cannot create the folder for the database: %w", err)
	}
	if err := createPrivate(path); err != nil {
		return nil, err
	}
	db, err := sql.Open("sqlite", DSN(path))
	if err != nil {
		return nil, fmt.Errorf("cannot open %s: %w", path, err)
	}
	db.SetMaxOpenConns(1) // one writer; SQLite serialises writes anyway
	s := newStore(db, path)
	if err := s.migrate(context.Background()); err != nil {
		db.Close()
		return nil, err
	}
	// The audit triggers are worked out and made before the first change,
	// not here: reading, as the first screen does, needs none of them, and
	// working them out is a query of every table's columns.
	s.audit = &auditState{}
	return s, nil
}

// newStore is the store over db, used by the machine's owner, a
// coordinator.
func newStore(db *sql.DB, path string) *Store {
	return &Store{db: db, path: path, now: func() time.Time { return time.Now().UTC() },
		actor: Actor{Name: ownerName(), Role: TeamCoordinator}, feed: newFeed()}
}

// createPrivate makes sure the database file exists with mode 0600 before
// SQLite opens it, so it never exists with looser permissions.
func createPrivate(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("cannot open the database %s: %w", path, err)
	}
	return f.Close()
}

// Path is the database file's location.
func (s *Store) Path() string { return s.path }

// Close closes the database. Closing a view (As) leaves it open for the
// others.
func (s *Store) Close() error {
	if s.isView {
		return nil
	}
	return s.db.Close()
}

// SetClock replaces the store's clock (tests use a fixed time).
func (s *Store) SetClock(now func() time.Time) { s.now = func() time.Time { return now().UTC() } }

func (s *Store) stamp() string { return s.now().Format(time.RFC3339) }

func newID() string {
	id, err := uuid.NewV7()
	if err != nil {
		return uuid.NewString()
	}
	return id.String()
}

// tx runs fn in one transaction: all of it happens, or none of it. Every
// change the program makes goes through here: the audit trail records it
// as the actor's (the triggers read audit_actor, set here for the length
// of the transaction), and once it is committed the store's other views
// are told of it (Changes).
func (s *Store) tx(ctx context.Context, fn func(*sql.Tx) error) error {
	return s.write(ctx, true, fn)
}

// txQuiet is tx for a change nobody else need hear of: where a story was
// left in reading mode.
func (s *Store) txQuiet(ctx context.Context, fn func(*sql.Tx) error) error {
	return s.write(ctx, false, fn)
}

func (s *Store) write(ctx context.Context, tell bool, fn func(*sql.Tx) error) error {
	op := callerOp()
	record := 1
	if ctx.Value(unrecordedKey{}) != nil {
		record = 0
	}
	audited := s.audit != nil
	if audited {
		if err := s.audit.ready(ctx, s); err != nil {
			return err
		}
	}
	err := s.rawTx(ctx, func(tx *sql.Tx) error {
		if !audited {
			return fn(tx)
		}
		if err := s.audit.install(ctx, tx); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE audit_actor SET at = ?, who = ?, role = ?, op = ?, record = ? WHERE id = 1",
			s.stamp(), s.actor.Name, string(s.actor.Role), op, record); err != nil {
			return fmt.Errorf("cannot start a change to the database: %w", err)
		}
		if err := fn(tx); err != nil {
			return err
		}
		// A write outside a transaction (there should be none) is not
		// put down to whoever wrote last.
		_, err := tx.ExecContext(ctx, "UPDATE audit_actor SET at = NULL, who = NULL, role = NULL, op = NULL, record = 1 WHERE id = 1")
		return err
	})
	if err == nil && tell {
		s.feed.publish(Change{Op: op, By: s.actor})
	}
	return err
}

// rawTx runs fn in one transaction, as the schema's migrations and the
// audit triggers are made: not recorded, and nobody told.
func (s *Store) rawTx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("cannot start a change to the database: %w", err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("cannot save the change: %w", err)
	}
	return nil
}

// migration is one embedded schema change: its file in migrations/ (the
// SQL is read when it is applied, which an up-to-date database never needs).
type migration struct {
	version int
	name    string
}

// migrations lists the embedded migrations, by version, once per process
// (every start asks for the schema version, and the files never change).
var migrations = sync.OnceValues(func() ([]migration, error) {
	entries, err := fs.ReadDir(migrationFS, "migrations")
	if err != nil {
		return nil, err
	}
	var ms []migration
	for _, e := range entries {
		num, _, ok := strings.Cut(e.Name(), "_")
		if !ok {
			continue
		}
		v, err := strconv.Atoi(num)
		if err != nil {
			return nil, fmt.Errorf("migration %s: name must start with a number", e.Name())
		}
		ms = append(ms, migration{version: v, name: e.Name()})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	for i, m := range ms {
		if m.version != i+1 {
			return nil, fmt.Errorf("migration %s: expected version %d", m.name, i+1)
		}
	}
	return ms, nil
})

// SchemaVersion is the schema version this program writes.
func SchemaVersion() int {
	ms, _ := migrations()
	return len(ms)
}

func (s *Store) userVersion(ctx context.Context) (int, error) {
	var v int
	err := s.db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v)
	return v, err
}

// migrate applies, each in its own transaction, every migration newer than
// the file's user_version.
func (s *Store) migrate(ctx context.Context) error {
	return s.migrateTo(ctx, SchemaVersion())
}

// sqliteProblem is what SQLite said, without its result code in brackets
// ("file is not a database", not "file is not a database (26)").
func sqliteProblem(err error) string {
	msg := err.Error()
	if i := strings.LastIndex(msg, " ("); i > 0 && strings.HasSuffix(msg, ")") {
		if _, convErr := strconv.Atoi(msg[i+2 : len(msg)-1]); convErr == nil {
			return msg[:i]
		}
	}
	return msg
}

func (s *Store) migrateTo(ctx context.Context, target int) error {
	ms, err := migrations()
	if err != nil {
		return err
	}
	current, err := s.userVersion(ctx)
	if err != nil {
		return fmt.Errorf("%s is not an involve database (or is damaged): %s", s.path, sqliteProblem(err))
	}
	if current > len(ms) {
		return fmt.Errorf("%s was written by a newer involve (schema %d; this program knows %d): upgrade involve", s.path, current, len(ms))
	}
	if current < target {
		// The audit triggers are made again once the schema is up to
		// date: none of them stands in a migration's way meanwhile.
		if err := s.rawTx(ctx, func(tx *sql.Tx) error { return dropAuditTriggers(ctx, tx) }); err != nil {
			return fmt.Errorf("cannot update the database schema: %w", err)
		}
	}
	for _, m := range ms[current:target] {
		body, err := migrationFS.ReadFile("migrations/" + m.name)
		if err != nil {
			return err
		}
		err = s.rawTx(ctx, func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(ctx, string(body)); err != nil {
				return fmt.Errorf("migration %s: %w", m.name, err)
			}
			_, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", m.version))
			return err
		})
		if err != nil {
			return fmt.Errorf("cannot update the database schema: %w", err)
		}
	}
	return nil
}
