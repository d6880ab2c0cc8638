package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"time"
)

// MeetingSummary is a meeting as lists show it.
type MeetingSummary struct {
	Meeting
	Invited   int // invited, not yet replied
	Confirmed int
	Apologies int
	Attended  int
}

// Expected is how many people are expected (see Attendance.Expected):
// those invited who have not replied, those who confirmed, and those
// already signed in. A meeting's page counts its register the same way
// (ExpectedCount).
func (m MeetingSummary) Expected() int {
	return ExpectedCount(map[Attendance]int{Invited: m.Invited, Confirmed: m.Confirmed, Attended: m.Attended})
}

const meetingCols = "id, created_at, updated_at, version, forum_id, starts_at, ends_at, venue, status, agenda, minutes"

func scanMeeting(dest []any, m *Meeting) (func(), []any) {
	ms := metaScan{m: &m.Meta}
	var start, end string
	d := append(ms.dest(), &m.ForumID, &start, &end, &m.Venue, &m.Status, &m.Agenda, &m.Minutes)
	return func() {
		ms.finish()
		m.Start, m.End = parseTS(start), parseTS(end)
	}, append(d, dest...)
}

const meetingSummarySelect = `SELECT ` + "g.id, g.created_at, g.updated_at, g.version, g.forum_id, g.starts_at, g.ends_at, g.venue, g.status, '', ''" + `,
	f.name,
	count(a.id) FILTER (WHERE a.status = 'invited'),
	count(a.id) FILTER (WHERE a.status = 'confirmed'),
	count(a.id) FILTER (WHERE a.status = 'apologies'),
	count(a.id) FILTER (WHERE a.status = 'attended') + g.former_attended
	FROM meetings g JOIN forums f ON f.id = g.forum_id
	LEFT JOIN attendance a ON a.meeting_id = g.id`

func (s *Store) meetingSummaries(ctx context.Context, where string, args ...any) ([]MeetingSummary, error) {
	rows, err := s.db.QueryContext(ctx, meetingSummarySelect+" "+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []MeetingSummary
	for rows.Next() {
		var m MeetingSummary
		finish, dest := scanMeeting([]any{&m.ForumName, &m.Invited, &m.Confirmed, &m.Apologies, &m.Attended}, &m.Meeting)
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		finish()
		out = append(out, m)
	}
	return out, rows.Err()
}

// Meetings lists every meeting, the latest first.
func (s *Store) Meetings(ctx context.Context) ([]MeetingSummary, error) {
	if err := s.allow(ctx, "Meetings"); err != nil {
		return nil, err
	}
	return s.meetingSummaries(ctx, "GROUP BY g.id ORDER BY g.starts_at DESC")
}

// ForumMeetings lists a forum's meetings, the latest first.
func (s *Store) ForumMeetings(ctx context.Context, forumID string) ([]MeetingSummary, error) {
	if err := s.allow(ctx, "ForumMeetings"); err != nil {
		return nil, err
	}
	return s.meetingSummaries(ctx, "WHERE g.forum_id = ? GROUP BY g.id ORDER BY g.starts_at DESC", forumID)
}

// PersonMeeting is a meeting seen from one person: one of their forums'
// meetings, or one they are on the register of, with their place on it.
type PersonMeeting struct {
	Meeting
	Status Attendance // "" when they are not on its register
}

// PersonMeetings lists the meetings, not cancelled, that start from from
// to to: those of the person's forums and any other they are on the
// register of (someone added to a meeting's register who is not a member
// of its forum). The latest first.
func (s *Store) PersonMeetings(ctx context.Context, personID string, from, to time.Time) ([]PersonMeeting, error) {
	if err := s.allow(ctx, "PersonMeetings"); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT g.id, g.created_at, g.updated_at, g.version, g.forum_id, g.starts_at, g.ends_at, g.venue, g.status, '', '',
			f.name, coalesce(a.status, '')
		FROM meetings g JOIN forums f ON f.id = g.forum_id
		LEFT JOIN attendance a ON a.meeting_id = g.id AND a.person_id = ?1
		WHERE g.status != ?2 AND g.starts_at >= ?3 AND g.starts_at <= ?4
			AND (a.id IS NOT NULL OR g.forum_id IN (SELECT forum_id FROM memberships WHERE person_id = ?1))
		ORDER BY g.starts_at DESC, g.id`, personID, MeetingCancelled, ts(from), ts(to))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []PersonMeeting
	for rows.Next() {
		var m PersonMeeting
		finish, dest := scanMeeting([]any{&m.ForumName, &m.Status}, &m.Meeting)
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		finish()
		out = append(out, m)
	}
	return out, rows.Err()
}

// UpcomingMeetings lists the next planned meetings from now on.
func (s *Store) UpcomingMeetings(ctx context.Context, limit int) ([]MeetingSummary, error) {
	if err := s.allow(ctx, "UpcomingMeetings"); err != nil {
		return nil, err
	}
	// Pick the meetings first, then count their registers: counting every
	// meeting's register before the LIMIT would read them all.
	// (rowid, not id: the index covers the subquery, so no meeting row is
	// read until the eight are chosen.)
	return s.meetingSummaries(ctx, `WHERE g.rowid IN (SELECT rowid FROM meetings
		WHERE status = 'planned' AND ends_at >= ? ORDER BY starts_at LIMIT ?)
		GROUP BY g.id ORDER BY g.starts_at`, ts(s.now()), limit)
}

// Meeting loads one meeting with its agenda and minutes.
func (s *Store) Meeting(ctx context.Context, id string) (Meeting, error) {
	if err := s.allow(ctx, "Meeting", s.todays(id)); err != nil {
		return Meeting{}, err
	}
	var m Meeting
	finish, dest := scanMeeting([]any{&m.ForumName}, &m)
	err := s.db.QueryRowContext(ctx, "SELECT "+prefixed("g", meetingCols)+", f.name FROM meetings g JOIN forums f ON f.id = g.forum_id WHERE g.id = ?", id).Scan(dest...)
	if errors.Is(err, sql.ErrNoRows) {
		return m, ErrNotFound
	}
	if err != nil {
		return m, err
	}
	finish()
	if !s.may(CapForums) {
		// The agenda and minutes are for those who run the forums: a
		// meeting's date and place is all a claim or a register needs.
		m.Agenda, m.Minutes = "", ""
	}
	return m, nil
}

// TodaysMeetings lists the meetings of today (London), not cancelled, the
// earliest first: those whose registers are kept at the door today.
func (s *Store) TodaysMeetings(ctx context.Context) ([]MeetingSummary, error) {
	if err := s.allow(ctx, "TodaysMeetings", onlyToday); err != nil {
		return nil, err
	}
	day, err := ParseDate(s.today())
	if err != nil {
		return nil, err
	}
	return s.meetingSummaries(ctx, `WHERE g.starts_at >= ? AND g.starts_at < ? AND g.status != ?
		GROUP BY g.id ORDER BY g.starts_at, f.name`, ts(day), ts(day.AddDate(0, 0, 1)), MeetingCancelled)
}

// SaveMeeting inserts a new meeting (empty ID), inviting every member of its
// forum, or updates one that has not changed since it was loaded.
func (s *Store) SaveMeeting(ctx context.Context, m *Meeting) error {
	if err := s.allow(ctx, "SaveMeeting"); err != nil {
		return err
	}
	m.clean()
	if m.Status == "" {
		m.Status = MeetingPlanned
	}
	if err := m.Validate(); err != nil {
		return err
	}
	g := *m
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var name string
		if err := tx.QueryRowContext(ctx, "SELECT name FROM forums WHERE id = ?", g.ForumID).Scan(&name); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return fieldErr("Forum", "that forum no longer exists")
			}
			return err
		}
		g.ForumName = name
		var twin int
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM meetings WHERE forum_id = ? AND starts_at = ? AND id != ? AND status != ?",
			g.ForumID, ts(g.Start), g.ID, MeetingCancelled).Scan(&twin); err != nil {
			return err
		}
		if twin > 0 {
			return fieldErr("Date", "%s already meets at that time (%s): open that meeting instead", name,
				g.Start.In(London).Format("Mon 2 Jan 2006, 15:04"))
		}
		if g.ID == "" {
			s.newMeta(&g.Meta)
			if _, err := tx.ExecContext(ctx, `INSERT INTO meetings (`+meetingCols+`) VALUES (?,?,?,?,?,?,?,?,?,?,?)`,
				g.ID, ts(g.CreatedAt), ts(g.UpdatedAt), g.Version, g.ForumID, ts(g.Start), ts(g.End),
				g.Venue, g.Status, g.Agenda, g.Minutes); err != nil {
				return err
			}
			return s.inviteMembers(ctx, tx, g.ID, g.ForumID)
		}
		old := g.Version
		s.bump(&g.Meta)
		res, err := tx.ExecContext(ctx, `UPDATE meetings SET forum_id=?, starts_at=?, ends_at=?, venue=?, status=?,
			agenda=?, minutes=?, updated_at=?, version=? WHERE id=? AND version=?`,
			g.ForumID, ts(g.Start), ts(g.End), g.Venue, g.Status, g.Agenda, g.Minutes, ts(g.UpdatedAt), g.Version, g.ID, old)
		if err != nil {
			return err
		}
		return checkUpdated(ctx, tx, res, "meetings", g.ID)
	})
	if err != nil {
		return err
	}
	*m = g
	return nil
}

// inviteMembers puts every member of the forum on a new meeting's register
// as invited, each attendance record with its own UUID.
func (s *Store) inviteMembers(ctx context.Context, tx *sql.Tx, meetingID, forumID string) error {
	rows, err := tx.QueryContext(ctx, "SELECT person_id FROM memberships WHERE forum_id = ?", forumID)
	if err != nil {
		return err
	}
	var people []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return err
		}
		people = append(people, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	ins, err := tx.PrepareContext(ctx, `INSERT INTO attendance (id, meeting_id, person_id, status, created_at, updated_at)
		VALUES (?, ?, ?, 'invited', ?, ?)`)
	if err != nil {
		return err
	}
	defer ins.Close()
	now := s.stamp()
	for _, p := range people {
		if _, err := ins.ExecContext(ctx, newID(), meetingID, p, now, now); err != nil {
			return err
		}
	}
	return nil
}

// clockInPattern finds a time of day in a forum's pattern: with minutes
// (13:00, 1.30pm) or with am/pm (1pm). A bare number ("2nd Tuesday",
// "every 2 weeks") is not a time. Compiled when first needed, not at
// every start of the program.
var clockInPattern = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)\b\d{1,2}(?:[:.]\d{2}(?:\s*[ap]m)?|\s*[ap]m)\b`)
})

// UsualTimes reads the start and end of a forum's usual pattern
// ("monthly, first Tuesday, 13:00–15:00", "Second Tuesday, 1pm to 3pm"):
// the first time of day in it is the start, the next (if any) the end,
// both as 15:04. ok is false when the pattern gives no time.
func UsualTimes(pattern string) (start, end string, ok bool) {
	var clocks []string
	for _, m := range clockInPattern().FindAllString(pattern, -1) {
		if h, mi, err := ParseClock(m); err == nil {
			clocks = append(clocks, fmt.Sprintf("%02d:%02d", h, mi))
		}
	}
	switch {
	case len(clocks) == 0:
		return "", "", false
	case len(clocks) == 1 || clocks[1] <= clocks[0]:
		return clocks[0], "", true
	}
	return clocks[0], clocks[1], true
}

// NewMeetingTimes is the start and end (London, as 15:04) a new meeting
// of a forum is offered: the usual times of its pattern (UsualTimes). When
// the pattern gives only a start, the meeting lasts as long as the
// forum's latest meeting did, or 2 hours; when it gives no time, the
// latest meeting's times are offered; failing both, 13:00–15:00.
func (s *Store) NewMeetingTimes(ctx context.Context, forumID string) (start, end string, err error) {
	if err := s.allow(ctx, "NewMeetingTimes"); err != nil {
		return "", "", err
	}
	f, err := s.inner().Forum(ctx, forumID)
	if err != nil {
		return "", "", err
	}
	var last, lastEnd time.Time
	var a, b string
	err = s.db.QueryRowContext(ctx, `SELECT starts_at, ends_at FROM meetings WHERE forum_id = ? AND status != ?
		ORDER BY starts_at DESC LIMIT 1`, forumID, MeetingCancelled).Scan(&a, &b)
	switch {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return "", "", err
	default:
		last, lastEnd = parseTS(a), parseTS(b)
	}
	length := 2 * time.Hour
	if !last.IsZero() && lastEnd.After(last) {
		length = lastEnd.Sub(last)
	}
	start, end, ok := UsualTimes(f.Pattern)
	switch {
	case ok && end != "":
		return start, end, nil
	case ok:
		h, m, _ := ParseClock(start)
		t := time.Date(2000, 1, 1, h, m, 0, 0, time.UTC).Add(length)
		if t.Day() != 1 { // past midnight: end the day
			return start, "23:59", nil
		}
		return start, t.Format("15:04"), nil
	case !last.IsZero():
		return LocalClock(last), LocalClock(lastEnd), nil
	}
	return "13:00", "15:00", nil
}

// MeetingImpact counts what deleting a meeting also removes, and the
// records of money for it that are kept.
func (s *Store) MeetingImpact(ctx context.Context, id string) (Impact, error) {
	if err := s.allow(ctx, "MeetingImpact"); err != nil {
		return Impact{}, err
	}
	var i Impact
	err := s.db.QueryRowContext(ctx, `SELECT
		(SELECT count(*) FROM attendance WHERE meeting_id = ?1),
		(SELECT count(*) FROM actions WHERE meeting_id = ?1),
		(SELECT count(*) FROM transport_bookings WHERE meeting_id = ?1),
		(SELECT count(*) FROM claims WHERE meeting_id = ?1),
		(SELECT count(*) FROM payments WHERE meeting_id = ?1),
		(SELECT count(*) FROM petty_cash WHERE meeting_id = ?1)`, id).
		Scan(&i.Attendance, &i.Actions, &i.Bookings, &i.KeptClaims, &i.KeptPayments, &i.KeptCash)
	return i, err
}

// DeleteMeeting removes a meeting with its register, actions and transport
// bookings. Its claims, payments and petty cash are kept, for a former
// meeting (see PettyCash).
func (s *Store) DeleteMeeting(ctx context.Context, id string, version int64) error {
	if err := s.allow(ctx, "DeleteMeeting"); err != nil {
		return err
	}
	return s.deleteVersioned(ctx, "meetings", id, version)
}

// RegisterEntry is one line of a meeting's register.
type RegisterEntry struct {
	Member
	Status Attendance // "" when not on the register yet
}

// Register lists everyone on a meeting's register: the forum's members and
// anyone else with an attendance record, by display name.
func (s *Store) Register(ctx context.Context, meetingID string) ([]RegisterEntry, error) {
	if err := s.allow(ctx, "Register", s.todays(meetingID)); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `
		SELECT p.id, p.name, p.preferred_name, p.role, coalesce(a.status, '')
		FROM people p
		LEFT JOIN attendance a ON a.person_id = p.id AND a.meeting_id = ?1
		WHERE a.id IS NOT NULL OR p.id IN (SELECT person_id FROM memberships
			WHERE forum_id = (SELECT forum_id FROM meetings WHERE id = ?1))
		ORDER BY coalesce(nullif(p.preferred_name, ''), p.name) COLLATE NOCASE`, meetingID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []RegisterEntry
	for rows.Next() {
		var e RegisterEntry
		if err := rows.Scan(&e.ID, &e.Name, &e.PreferredName, &e.Role, &e.Status); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// SetAttendance marks a person's status on a meeting's register; "" takes
// them off it.
func (s *Store) SetAttendance(ctx context.Context, meetingID, personID string, status Attendance) error {
	if err := s.allow(ctx, "SetAttendance", s.todays(meetingID)); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error { return s.setAttendance(ctx, tx, meetingID, personID, status) })
}

func (s *Store) setAttendance(ctx context.Context, q queryer, meetingID, personID string, status Attendance) error {
	if status == "" {
		_, err := q.ExecContext(ctx, "DELETE FROM attendance WHERE meeting_id = ? AND person_id = ?", meetingID, personID)
		return err
	}
	ok := false
	for _, a := range AttendanceStatuses {
		ok = ok || a == status
	}
	if !ok {
		return fmt.Errorf("unknown register status %q", status)
	}
	now := s.stamp()
	_, err := q.ExecContext(ctx, `INSERT INTO attendance (id, meeting_id, person_id, status, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (meeting_id, person_id) DO UPDATE SET status = excluded.status,
			updated_at = excluded.updated_at, version = version + 1`,
		newID(), meetingID, personID, status, now, now)
	return err
}

// AddToRegister creates a new person on the spot, makes them a member of the
// meeting's forum and marks them on the register, all at once. p is only
// updated (given its ID and version) when all of it was saved.
func (s *Store) AddToRegister(ctx context.Context, meetingID string, p *Person, status Attendance) error {
	if err := s.allow(ctx, "AddToRegister", s.todays(meetingID)); err != nil {
		return err
	}
	q := *p
	if !s.may(CapPeople) {
		// At the door, someone new is a name: their contact details and
		// notes are taken by someone who may see them.
		if err := q.onlyNamed(); err != nil {
			return err
		}
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var forumID string
		if err := tx.QueryRowContext(ctx, "SELECT forum_id FROM meetings WHERE id = ?", meetingID).Scan(&forumID); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return ErrNotFound
			}
			return err
		}
		if q.ID == "" {
			// Someone new at the door may be someone already known: a
			// second record of them would split their attendance.
			var known int
			if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM people WHERE name = ? COLLATE NOCASE",
				strings.Join(strings.Fields(q.Name), " ")).Scan(&known); err != nil {
				return err
			}
			if known > 0 {
				return fieldErr("Name", "someone called %s is in People already: add them from there with + (or, if this is someone else, write their name so that the two can be told apart)", strings.Join(strings.Fields(q.Name), " "))
			}
		}
		if err := s.savePerson(ctx, tx, &q, nil); err != nil {
			return err
		}
		if err := s.setMember(ctx, tx, forumID, q.ID, true); err != nil {
			return err
		}
		return s.setAttendance(ctx, tx, meetingID, q.ID, status)
	})
	if err != nil {
		return err
	}
	*p = q
	return nil
}

// RegisterCounts tallies a register by status.
func RegisterCounts(entries []RegisterEntry) map[Attendance]int {
	c := make(map[Attendance]int, len(AttendanceStatuses)+1)
	for _, e := range entries {
		c[e.Status]++
	}
	return c
}

// LocalDate is the London calendar date of an instant, as YYYY-MM-DD.
func LocalDate(t time.Time) string { return t.In(London).Format(DateLayout) }

// LocalClock is the London time of day of an instant, as 15:04.
func LocalClock(t time.Time) string { return t.In(London).Format("15:04") }
