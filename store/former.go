package store

import (
	"context"
	"database/sql"
	"time"
)

// FormerMember is how a record of money paid to someone since erased names
// them: the record is kept (money already paid, a closed cash book), but
// with no name and no link to the person.
const FormerMember = "a former member"

// FormerMeeting is a meeting deleted while claims, payments or petty cash
// were recorded for it: what those records need to say what they were for.
// Its ID is the deleted meeting's; ForumID and ForumName are its forum's
// when it was deleted (the forum may have gone too).
type FormerMeeting struct {
	Meta
	ForumID   string    `json:"forum_id"`
	ForumName string    `json:"forum_name"`
	Start     time.Time `json:"starts_at"`
	End       time.Time `json:"ends_at"`
	Venue     string    `json:"venue"`
}

const formerMeetingCols = "id, created_at, updated_at, version, forum_id, forum_name, starts_at, ends_at, venue"

func scanFormerMeeting(sc interface{ Scan(...any) error }, m *FormerMeeting) error {
	ms := metaScan{m: &m.Meta}
	var start, end string
	if err := sc.Scan(append(ms.dest(), &m.ForumID, &m.ForumName, &start, &end, &m.Venue)...); err != nil {
		return err
	}
	ms.finish()
	m.Start, m.End = parseTS(start), parseTS(end)
	return nil
}

// formerForums finds the forums, deleted or not, whose meetings were
// deleted with money recorded for them under a name: the ids (several
// when forums of that name came and went) and the name as it was written.
func (s *Store) formerForums(ctx context.Context, name string) (ids []string, spelled string, err error) {
	rows, err := s.db.QueryContext(ctx, `SELECT forum_id, forum_name, max(created_at) FROM former_meetings
		GROUP BY forum_id, forum_name ORDER BY 3 DESC`)
	if err != nil {
		return nil, "", err
	}
	defer rows.Close()
	want := forumKey(name)
	seen := map[string]bool{}
	for rows.Next() {
		var id, n, when string
		if err := rows.Scan(&id, &n, &when); err != nil {
			return nil, "", err
		}
		if forumKey(n) == want && !seen[id] {
			seen[id] = true
			ids = append(ids, id)
			if spelled == "" {
				spelled = n
			}
		}
	}
	return ids, spelled, rows.Err()
}

// formerExportSection is the export's list of former meetings.
func formerExportSection() exportSection {
	return exportSection{"former_meetings", "SELECT " + formerMeetingCols + " FROM former_meetings ORDER BY starts_at, id",
		func(r *sql.Rows) (any, error) {
			var m FormerMeeting
			err := scanFormerMeeting(r, &m)
			return m, err
		}}
}
