package store

import (
	"context"
	"database/sql"
	"strings"

	"github.com/involve/involve/civil"
)

// NoteStoryRead records that the story was read at a forum today: shown in
// reading mode, which is for reading aloud to the room. A story counts
// once a day however often it is opened. Nothing about anyone is kept:
// not in the audit trail either (story_readings is unaudited), and nobody
// else's screen is told.
func (s *Store) NoteStoryRead(ctx context.Context, storyID string) error {
	if err := s.allow(ctx, "NoteStoryRead"); err != nil {
		return err
	}
	now := s.stamp()
	err := s.txQuiet(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO story_readings (id, story_id, read_on, created_at, updated_at, version)
			VALUES (?, ?, ?, ?, ?, 1) ON CONFLICT (story_id, read_on) DO NOTHING`, newID(), storyID, s.today(), now, now)
		return err
	})
	if err != nil && strings.Contains(err.Error(), "FOREIGN KEY") {
		return ErrNotFound // erased meanwhile
	}
	return err
}

// StoryReadings counts the readings at forums from–to (London dates, both
// included): the days a story was read (a story read on three days counts
// three), and the different stories read.
func (s *Store) StoryReadings(ctx context.Context, from, to civil.Date) (readings, stories int, err error) {
	if err := s.allow(ctx, "StoryReadings"); err != nil {
		return 0, 0, err
	}
	err = s.db.QueryRowContext(ctx, `SELECT count(*), count(DISTINCT story_id) FROM story_readings
		WHERE read_on BETWEEN ? AND ?`, from.String(), to.String()).Scan(&readings, &stories)
	return readings, stories, err
}
