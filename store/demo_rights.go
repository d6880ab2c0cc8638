package store

import (
	"context"
	"database/sql"
	"encoding/hex"
	"math/rand/v2"
	"time"

	"github.com/involve/involve/civil"
)

// insertDemoRights adds what people's rights over their data look like in
// a partnership that has been going a while: some people not involved for
// years (due for a retention review, their consent to be contacted long
// expired), a few members whose consent is due for review, two requests to
// see their data (one open, one answered in time), a decision on review to
// keep someone, and a line in the erasure log. It changes no one's
// involvement, so the rest of the demo is as it was.
func (s *Store) insertDemoRights(ctx context.Context, tx *sql.Tx, d *demoDB, seed int64) error {
	rng := rand.New(rand.NewPCG(uint64(seed), 0x726967687473))
	today := civil.In(d.now, London)
	member := map[int]bool{}
	for _, f := range d.forums {
		for _, pi := range f.members {
			member[pi] = true
		}
	}
	// Co-trainers and people quoted in consultations took part lately.
	busy := map[string]bool{}
	ids, err := checkStrings(ctx, tx, `SELECT person_id FROM training_trainers
		UNION SELECT speaker_id FROM consultation_points WHERE speaker_id IS NOT NULL`)
	if err != nil {
		return err
	}
	for _, id := range ids {
		busy[id] = true
	}
	var gone, members []int
	for i, p := range d.people {
		staff := p.role == RoleWorker || p.role == RoleSeniorOfficer
		switch {
		case staff:
		case !member[i] && busy[p.id]:
		case !member[i]:
			gone = append(gone, i)
		case p.consent:
			members = append(members, i)
		}
	}
	rng.Shuffle(len(gone), func(i, j int) { gone[i], gone[j] = gone[j], gone[i] })
	rng.Shuffle(len(members), func(i, j int) { members[i], members[j] = members[j], members[i] })

	// People first recorded three to five years ago who have not taken
	// part since: the retention review lists them.
	nGone := min(len(gone), max(2, len(d.people)/60))
	for _, i := range gone[:nGone] {
		p := &d.people[i]
		created := d.now.AddDate(-3, -1-rng.IntN(24), -rng.IntN(28))
		given, review := "", ""
		if p.consent {
			given = LocalDate(created)
			review = ConsentReviewFor(given)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE people SET created_at = ?1, updated_at = ?1, consent_date = ?2,
			consent_review = ?3 WHERE id = ?4`, ts(created), given, review, p.id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM claims WHERE person_id = ?1 AND status != 'paid'`, p.id); err != nil {
			return err
		}
	}
	// One of them was kept on review last year, and is due again.
	if nGone > 0 {
		p := d.people[gone[0]]
		on := today.AddYears(-1).AddDays(-rng.IntN(30))
		c := ts(on.Time(London))
		if _, err := tx.ExecContext(ctx, `INSERT INTO retention_reviews (id, person_id, reviewed_on, reason, next_review,
			reviewed_by, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?)`, newID(), p.id, on, "Still gets the carers' newsletter by post and asked to stay on it",
			on.AddYears(1), "coordinator", c, c); err != nil {
			return err
		}
	}
	// A few members whose consent to be contacted came up for review
	// and was not renewed.
	for _, i := range members[:min(len(members), max(2, len(d.people)/40))] {
		review := today.AddDays(-5 - rng.IntN(80))
		if _, err := tx.ExecContext(ctx, `UPDATE people SET consent_review = ? WHERE id = ? AND consent_date < ?`,
			review, d.people[i].id, review); err != nil {
			return err
		}
	}
	// Requests: one answered in time last autumn, one open and due soon.
	reqs := []struct {
		ago     int
		outcome RequestOutcome
		notes   string
	}{
		{150, OutcomeAnswered, "Asked at the forum; copy sent by post."},
		{24, OutcomeOpen, "Asked by email for everything we hold, including minutes."},
	}
	for n, r := range reqs {
		if len(members) <= nGone+n {
			break
		}
		who := d.people[members[len(members)-1-n]]
		received := today.AddDays(-r.ago)
		req := AccessRequest{Number: n + 1, PersonID: who.id, Kind: RequestAccess, Received: received, Notes: r.notes,
			IDChecked: received}
		if r.outcome != OutcomeOpen {
			req.Closed, req.Outcome = received.AddDays(20), r.outcome
		}
		c := ts(received.Time(London).Add(10 * time.Hour))
		if _, err := tx.ExecContext(ctx, `INSERT INTO access_requests (id, number, person_id, kind, received, id_checked,
			closed, outcome, notes, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)`,
			newID(), req.Number, req.PersonID, req.Kind, req.Received, req.IDChecked, req.Closed, req.Outcome, req.Notes, c, c); err != nil {
			return err
		}
	}
	// Someone erased at their request two months ago: the log holds no
	// one's data (a salted hash of an id no longer in the database).
	salt := make([]byte, 16)
	for i := range salt {
		salt[i] = byte(rng.IntN(256))
	}
	at := ts(d.now.AddDate(0, -2, 0))
	_, err = tx.ExecContext(ctx, `INSERT INTO erasures (id, salt, subject, how, reason, erased_at, erased_by, removed,
		kept, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)`, newID(), hex.EncodeToString(salt),
		subjectHash(salt, newID()), string(ModeErase), string(ReasonRequest), at, "coordinator", 41, 3, at, at)
	return err
}
