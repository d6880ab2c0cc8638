package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/involve/involve/civil"
)

// "Matters arising": the open consultations, the points awaiting a
// decision and the decisions still to feed back go into the agenda of each
// forum's next planned meeting, in a section between two marker lines (HTML
// comments, which the formatted agenda does not show). involve writes the
// section once and keeps it up to date whenever a consultation, point,
// response or status changes, but only as long as the text between the
// markers is what it last wrote there: a section the coordinator edited is
// left as they wrote it, and one they removed is not put back (except when
// they ask for it with UpdateMattersArising). What the coordinator wrote
// outside the markers is never touched.

// The marker lines around the section. Anything after "<!-- involve:
// matters arising" on the first line is ignored when finding it again.
const (
	agendaMarkStart = "<!-- involve: matters arising from consultations (kept up to date by involve until you edit it) -->"
	agendaMarkEnd   = "<!-- /involve: matters arising -->"
	agendaMarkFind  = "<!-- involve: matters arising"
)

// AgendaOutcome is what happened to a meeting's agenda.
type AgendaOutcome string

// What can happen to the section of an agenda.
const (
	AgendaInserted  AgendaOutcome = "inserted"  // the section was added
	AgendaUpdated   AgendaOutcome = "updated"   // the section was rewritten
	AgendaUnchanged AgendaOutcome = "unchanged" // it said the right thing already
	AgendaRemoved   AgendaOutcome = "removed"   // nothing is outstanding: involve's section went
	AgendaEdited    AgendaOutcome = "edited"    // the coordinator edited it: left as it is
	AgendaDeleted   AgendaOutcome = "deleted"   // the coordinator removed it: not put back
	AgendaNothing   AgendaOutcome = "nothing"   // nothing to say and no section
	AgendaNoMeeting AgendaOutcome = "no_meeting"
)

// AgendaUpdate says what happened to one forum's next agenda.
type AgendaUpdate struct {
	ForumID, ForumName string
	MeetingID          string // "" when the forum has no meeting planned
	Start              time.Time
	Outcome            AgendaOutcome
}

// String says it in plain English.
func (u AgendaUpdate) String() string {
	when := ""
	if !u.Start.IsZero() {
		when = " on " + u.Start.In(London).Format("Mon 2 Jan 2006")
	}
	switch u.Outcome {
	case AgendaInserted:
		return fmt.Sprintf("added Matters arising to the agenda of %s%s", u.ForumName, when)
	case AgendaUpdated:
		return fmt.Sprintf("updated Matters arising in the agenda of %s%s", u.ForumName, when)
	case AgendaUnchanged:
		return fmt.Sprintf("the agenda of %s%s is up to date", u.ForumName, when)
	case AgendaRemoved:
		return fmt.Sprintf("nothing is outstanding for %s: Matters arising came out of its agenda%s", u.ForumName, when)
	case AgendaEdited:
		return fmt.Sprintf("you edited Matters arising in the agenda of %s%s, so it was left as you wrote it (delete the section, with its two marker lines, to have it written afresh)", u.ForumName, when)
	case AgendaDeleted:
		return fmt.Sprintf("you removed Matters arising from the agenda of %s%s, so it was not put back", u.ForumName, when)
	case AgendaNothing:
		return fmt.Sprintf("nothing is outstanding for %s", u.ForumName)
	case AgendaNoMeeting:
		return fmt.Sprintf("%s has no meeting planned: plan one, and its agenda gets Matters arising", u.ForumName)
	}
	return string(u.Outcome)
}

// UpdateMattersArising brings the next agenda of every forum the
// consultation asks up to date, and says what happened to each. A section
// the coordinator removed is put back (they asked); one they edited is
// still left as they wrote it.
func (s *Store) UpdateMattersArising(ctx context.Context, consultationID string) ([]AgendaUpdate, error) {
	if err := s.allow(ctx, "UpdateMattersArising"); err != nil {
		return nil, err
	}
	var out []AgendaUpdate
	err := s.tx(ctx, func(tx *sql.Tx) error {
		forums, err := stringsOf(ctx, tx, "SELECT forum_id FROM consultation_forums WHERE consultation_id = ?", consultationID)
		if err != nil {
			return err
		}
		if len(forums) == 0 {
			var n int
			if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM consultations WHERE id = ?", consultationID).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				return ErrNotFound
			}
			return errors.New("it asks no forum: choose its forums first (e)")
		}
		out, err = s.refreshAgendasAsked(ctx, tx, forums, true)
		return err
	})
	return out, err
}

// refreshAgendas brings the next agenda of each forum up to date, in the
// transaction of the change that calls it.
func (s *Store) refreshAgendas(ctx context.Context, tx *sql.Tx, forumIDs []string) ([]AgendaUpdate, error) {
	return s.refreshAgendasAsked(ctx, tx, forumIDs, false)
}

func (s *Store) refreshAgendasAsked(ctx context.Context, tx *sql.Tx, forumIDs []string, putBack bool) ([]AgendaUpdate, error) {
	ids := slices.Clone(forumIDs)
	slices.Sort(ids)
	ids = slices.Compact(ids)
	var out []AgendaUpdate
	for _, f := range ids {
		u, err := s.refreshAgenda(ctx, tx, f, putBack)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	slices.SortFunc(out, func(a, b AgendaUpdate) int {
		return strings.Compare(strings.ToLower(a.ForumName), strings.ToLower(b.ForumName))
	})
	return out, nil
}

func (s *Store) refreshAgenda(ctx context.Context, tx *sql.Tx, forumID string, putBack bool) (AgendaUpdate, error) {
	u := AgendaUpdate{ForumID: forumID, Outcome: AgendaNoMeeting}
	if err := tx.QueryRowContext(ctx, "SELECT name FROM forums WHERE id = ?", forumID).Scan(&u.ForumName); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			u.Outcome = AgendaNothing
			return u, nil // deleted meanwhile, with its meetings
		}
		return u, err
	}
	var agenda, start string
	var version int64
	err := tx.QueryRowContext(ctx, `SELECT id, starts_at, agenda, version FROM meetings
		WHERE forum_id = ? AND status = 'planned' AND starts_at > ? ORDER BY starts_at LIMIT 1`, forumID, ts(s.now())).
		Scan(&u.MeetingID, &start, &agenda, &version)
	if errors.Is(err, sql.ErrNoRows) {
		return u, nil
	}
	if err != nil {
		return u, err
	}
	u.Start = parseTS(start)
	body, err := s.mattersArising(ctx, tx, forumID)
	if err != nil {
		return u, err
	}
	var digest string
	err = tx.QueryRowContext(ctx, "SELECT digest FROM agenda_sections WHERE meeting_id = ?", u.MeetingID).Scan(&digest)
	tracked := err == nil
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return u, err
	}
	section := ""
	if body != "" {
		section = agendaMarkStart + "\n" + body + agendaMarkEnd
	}
	var newAgenda string
	from, to, found := findAgendaSection(agenda)
	switch {
	case found:
		inner := agenda[from:to]
		inner = inner[strings.Index(inner, "\n")+1 : strings.LastIndex(inner, agendaMarkEnd)]
		if !tracked || sectionDigest(inner) != digest {
			u.Outcome = AgendaEdited
			return u, nil
		}
		switch {
		case body == "":
			newAgenda = strings.TrimRight(agenda[:from], "\n")
			if rest := strings.TrimLeft(agenda[to:], "\n"); rest != "" {
				if newAgenda != "" {
					newAgenda += "\n\n"
				}
				newAgenda += rest
			} else if newAgenda != "" {
				newAgenda += "\n"
			}
			u.Outcome = AgendaRemoved
		case inner == body:
			u.Outcome = AgendaUnchanged
			return u, nil
		default:
			newAgenda = agenda[:from] + section + agenda[to:]
			u.Outcome = AgendaUpdated
		}
	case tracked && !putBack:
		u.Outcome = AgendaDeleted
		return u, nil
	case body == "":
		u.Outcome = AgendaNothing
		if tracked {
			_, err := tx.ExecContext(ctx, "DELETE FROM agenda_sections WHERE meeting_id = ?", u.MeetingID)
			return u, err
		}
		return u, nil
	default:
		newAgenda = insertAgendaSection(agenda, section)
		u.Outcome = AgendaInserted
	}
	now := s.stamp()
	res, err := tx.ExecContext(ctx, "UPDATE meetings SET agenda = ?, updated_at = ?, version = version + 1 WHERE id = ? AND version = ?",
		newAgenda, now, u.MeetingID, version)
	if err != nil {
		return u, err
	}
	if err := checkUpdated(ctx, tx, res, "meetings", u.MeetingID); err != nil {
		return u, err
	}
	if u.Outcome == AgendaRemoved {
		_, err = tx.ExecContext(ctx, "DELETE FROM agenda_sections WHERE meeting_id = ?", u.MeetingID)
		return u, err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO agenda_sections (id, meeting_id, digest, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (meeting_id) DO UPDATE SET digest = excluded.digest, updated_at = excluded.updated_at, version = version + 1`,
		newID(), u.MeetingID, sectionDigest(body), now, now)
	return u, err
}

// findAgendaSection finds the section's marker lines: from the start of the
// first to the end of the second (without its newline).
func findAgendaSection(agenda string) (from, to int, ok bool) {
	i := 0
	for i <= len(agenda) {
		j := strings.Index(agenda[i:], agendaMarkFind)
		if j < 0 {
			return 0, 0, false
		}
		from = i + j
		if from == 0 || agenda[from-1] == '\n' {
			break
		}
		i = from + 1
	}
	e := strings.Index(agenda[from:], "\n"+agendaMarkEnd)
	if e < 0 {
		return 0, 0, false
	}
	to = from + e + 1 + len(agendaMarkEnd)
	return from, to, true
}

// closingItem matches the headings Matters arising goes before.
var closingItem = regexp.MustCompile(`(?i)^#{1,6}\s+.*\b(any other business|aob|date of (the )?next meeting)\b`)

// insertAgendaSection puts the section before the agenda's closing items
// (any other business, the date of the next meeting), or at its end.
func insertAgendaSection(agenda, section string) string {
	lines := strings.SplitAfter(agenda, "\n")
	at := len(agenda)
	off := 0
	for _, l := range lines {
		if closingItem.MatchString(strings.TrimSpace(l)) {
			at = off
			break
		}
		off += len(l)
	}
	before := strings.TrimRight(agenda[:at], "\n")
	after := agenda[at:]
	out := before
	if out != "" {
		out += "\n\n"
	}
	out += section + "\n"
	if after != "" {
		out += "\n" + after
	}
	return out
}

func sectionDigest(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:12])
}

// mattersArising is the section's text for a forum: for each consultation
// still in the loop that asks it, what stands — open for views, points
// awaiting a decision, decisions to feed back. "" when nothing stands.
func (s *Store) mattersArising(ctx context.Context, tx *sql.Tx, forumID string) (string, error) {
	rows, err := tx.QueryContext(ctx, `SELECT c.id, c.title, c.organisation, c.decider, c.question, c.status, c.deadline
		FROM consultations c JOIN consultation_forums cf ON cf.consultation_id = c.id
		WHERE cf.forum_id = ? AND c.status IN ('open', 'closed_to_responses', 'awaiting_decision')
		ORDER BY c.deadline, c.title COLLATE NOCASE, c.id`, forumID)
	if err != nil {
		return "", err
	}
	type item struct {
		id, title, org, decider, question string
		status                            LoopStatus
		deadline                          civil.Date
	}
	var items []item
	for rows.Next() {
		var it item
		if err := rows.Scan(&it.id, &it.title, &it.org, &it.decider, &it.question, &it.status, &it.deadline); err != nil {
			rows.Close()
			return "", err
		}
		items = append(items, it)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(items) == 0 {
		return "", err
	}
	var b strings.Builder
	b.WriteString("## Matters arising: consultations\n\n")
	for _, it := range items {
		fmt.Fprintf(&b, "### %s\n\n", agendaText(it.title))
		var about []string
		switch it.status {
		case LoopOpen:
			about = append(about, "Open for your views until "+longDate(it.deadline)+".")
		case LoopClosedToResponses:
			about = append(about, "Closed to responses on "+longDate(it.deadline)+".")
		case LoopAwaitingDecision:
			about = append(about, "Awaiting a decision.")
		}
		if it.org != "" {
			about = append(about, "Asked by "+agendaText(it.org)+".")
		}
		if it.decider != "" {
			about = append(about, "Decided by "+agendaText(it.decider)+".")
		}
		b.WriteString(strings.Join(about, " ") + "\n\n")
		if it.status == LoopOpen && strings.TrimSpace(it.question) != "" {
			fmt.Fprintf(&b, "> %s\n\n", agendaText(it.question))
		}
		points, err := s.points(ctx, tx, `WHERE p.consultation_id = ? AND (p.meeting_id IS NULL OR g.forum_id = ?)
			ORDER BY p.raised_on, p.created_at, p.id`, it.id, forumID)
		if err != nil {
			return "", err
		}
		var waiting, decided []string
		for _, p := range points {
			said := agendaText(p.Text) + raisedBy(p.RaisedBy)
			if p.Response == nil {
				waiting = append(waiting, "- "+said)
				continue
			}
			r := p.Response
			decided = append(decided, fmt.Sprintf("- You said: %s — we did: **%s**, because %s", said,
				strings.ToLower(r.Outcome.Label()), agendaText(r.Reason)))
		}
		if len(waiting) > 0 {
			b.WriteString("You said, awaiting a decision:\n\n" + strings.Join(waiting, "\n") + "\n\n")
		}
		if len(decided) > 0 {
			b.WriteString("Decided, to feed back:\n\n" + strings.Join(decided, "\n") + "\n\n")
		}
	}
	return b.String(), nil
}

// agendaText is a person's text as one line of the section: the marker
// lines cannot be forged from it.
func agendaText(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	return strings.NewReplacer("<!--", "<!\u200b--", "-->", "--\u200b>").Replace(s)
}

func raisedBy(n int) string {
	if n > 1 {
		return fmt.Sprintf(" (raised by %d people)", n)
	}
	return ""
}

// longDate writes a date as "31 March 2026".
func longDate(d civil.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.Time(time.UTC).Format("2 January 2006")
}

// keepMattersArising follows an erasure that rewrote a meeting's agenda
// (its name replaced in free text, before and after: agenda, minutes): a
// Matters arising section involve wrote there, and had not been edited
// since, is still involve's, so its digest becomes that of the text as it
// now is, and involve goes on keeping it up to date.
func keepMattersArising(ctx context.Context, tx *sql.Tx, meetingID string, before, after []string) error {
	if len(before) == 0 || before[0] == after[0] {
		return nil
	}
	var digest string
	err := tx.QueryRowContext(ctx, "SELECT digest FROM agenda_sections WHERE meeting_id = ?", meetingID).Scan(&digest)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return err
	}
	inner := func(agenda string) (string, bool) {
		from, to, ok := findAgendaSection(agenda)
		if !ok {
			return "", false
		}
		s := agenda[from:to]
		return s[strings.Index(s, "\n")+1 : strings.LastIndex(s, agendaMarkEnd)], true
	}
	was, ok := inner(before[0])
	if !ok || sectionDigest(was) != digest {
		return nil // the coordinator's own now: left to them
	}
	now, ok := inner(after[0])
	if !ok {
		return nil
	}
	_, err = tx.ExecContext(ctx, "UPDATE agenda_sections SET digest = ?, version = version + 1 WHERE meeting_id = ?",
		sectionDigest(now), meetingID)
	return err
}
