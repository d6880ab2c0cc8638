package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"
)

// CalendarMeeting is a meeting as a calendar file shows it: its forum's
// name, where and when, and whether it is cancelled. Nothing about anyone
// on its register, nor its agenda or minutes (they may name people).
type CalendarMeeting struct {
	ID        string
	Forum     string
	Venue     string // the meeting's venue, or when it has none its forum's usual venue
	Start     time.Time
	End       time.Time
	Status    MeetingStatus
	Version   int64 // the calendar's SEQUENCE is Version−1: it rises with every change
	CreatedAt time.Time
	UpdatedAt time.Time
}

const calendarSelect = `SELECT g.id, f.name, coalesce(nullif(trim(g.venue), ''), f.venue), g.starts_at, g.ends_at, g.status,
		g.version, g.created_at, g.updated_at
	FROM meetings g JOIN forums f ON f.id = g.forum_id`

func scanCalendarMeeting(row interface{ Scan(...any) error }, m *CalendarMeeting) error {
	var start, end, created, updated string
	if err := row.Scan(&m.ID, &m.Forum, &m.Venue, &start, &end, &m.Status, &m.Version, &created, &updated); err != nil {
		return err
	}
	m.Start, m.End, m.CreatedAt, m.UpdatedAt = parseTS(start), parseTS(end), parseTS(created), parseTS(updated)
	return nil
}

// CalendarMeetings lists the meetings for a calendar, oldest first: every
// forum's, or when forumName is not "" that forum's (found as ForumByName
// finds it). It returns the forum's name as it is spelled ("" for every
// forum).
func (s *Store) CalendarMeetings(ctx context.Context, forumName string) (string, []CalendarMeeting, error) {
	if err := s.allow(ctx, "CalendarMeetings"); err != nil {
		return "", nil, err
	}
	where, args, spelled := "", []any{}, ""
	if strings.TrimSpace(forumName) != "" {
		f, err := s.inner().ForumByName(ctx, forumName)
		if err != nil {
			return "", nil, err
		}
		where, args, spelled = " WHERE g.forum_id = ?", append(args, f.ID), f.Name
	}
	rows, err := s.db.QueryContext(ctx, calendarSelect+where+" ORDER BY g.starts_at, g.id", args...)
	if err != nil {
		return "", nil, err
	}
	defer rows.Close()
	var out []CalendarMeeting
	for rows.Next() {
		var m CalendarMeeting
		if err := scanCalendarMeeting(rows, &m); err != nil {
			return "", nil, err
		}
		out = append(out, m)
	}
	return spelled, out, rows.Err()
}

// CalendarMeetingByID is one meeting for a calendar file.
func (s *Store) CalendarMeetingByID(ctx context.Context, id string) (CalendarMeeting, error) {
	if err := s.allow(ctx, "CalendarMeetingByID", s.todays(id)); err != nil {
		return CalendarMeeting{}, err
	}
	var m CalendarMeeting
	err := scanCalendarMeeting(s.db.QueryRowContext(ctx, calendarSelect+" WHERE g.id = ?", id), &m)
	if errors.Is(err, sql.ErrNoRows) {
		return m, ErrNotFound
	}
	return m, err
}
