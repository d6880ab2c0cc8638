package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"
)

// Settings keys the program itself uses.
const (
	// SettingDemo is "yes" in a database made by WriteDemo.
	SettingDemo = "demo"
)

// SetSetting stores a setting of the database (not of the user's machine),
// replacing any earlier value.
func (s *Store) SetSetting(ctx context.Context, key, value string) error {
	if err := s.allow(ctx, "SetSetting"); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error { return s.setSetting(ctx, tx, key, value) })
}

func (s *Store) setSetting(ctx context.Context, q queryer, key, value string) error {
	if strings.TrimSpace(key) == "" {
		return errors.New("a setting needs a name")
	}
	_, err := q.ExecContext(ctx, `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
		key, value, s.stamp())
	return err
}

// Setting reads a setting of the database; it is "" when it was never set.
func (s *Store) Setting(ctx context.Context, key string) (string, error) {
	if err := s.allow(ctx, "Setting"); err != nil {
		return "", err
	}
	var v string
	err := s.db.QueryRowContext(ctx, "SELECT value FROM settings WHERE key = ?", key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return v, err
}
