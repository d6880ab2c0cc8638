package store

import (
	"context"
	"strings"

	"github.com/involve/involve/civil"
)

// NoteStoryRead records that the story was read at a forum today: shown in
// reading mode, which is for reading aloud to the room. A story counts
// once a day however often it is opened. Nothing about anyone is kept.
func (s *Store) NoteStoryRead(ctx context.Context, storyID string) error {
	now := s.stamp()
	_, err := s.db.ExecContext(ctx, `INSERT INTO story_readings (id, story_id, read_on, created_at, updated_at, version)
		VALUES (?, ?, ?, ?, ?, 1) ON CONFLICT (story_id, read_on) DO NOTHING`, newID(), storyID, s.today(), now, now)
	if err != nil && strings.Contains(err.Error(), "FOREIGN KEY") {
		return ErrNotFound // erased meanwhile
	}
	return err
}

// StoryReadings counts the readings at forums from–to (London dates, both
// included): the days a story was read (a story read on three days counts
// three), and the different stories read.
func (s *Store) StoryReadings(ctx context.Context, from, to civil.Date) (readings, stories int, err error) {
	err = s.db.QueryRowContext(ctx, `SELECT count(*), count(DISTINCT story_id) FROM story_readings
		WHERE read_on BETWEEN ? AND ?`, from.String(), to.String()).Scan(&readings, &stories)
	return readings, stories, err
}
