package store

import (
	"context"
	"database/sql"
	"errors"
)

const personCols = "id, created_at, updated_at, version, name, preferred_name, role, phone, email, contact_by, consent, consent_date, notes, consent_review"

func scanPerson(sc interface{ Scan(...any) error }, p *Person) error {
	ms := metaScan{m: &p.Meta}
	var consent int
	if err := sc.Scan(append(ms.dest(), &p.Name, &p.PreferredName, &p.Role, &p.Phone, &p.Email,
		&p.ContactBy, &consent, &p.ConsentDate, &p.Notes, &p.ConsentReview)...); err != nil {
		return err
	}
	ms.finish()
	p.Consent = consent == 1
	return nil
}

// People lists everyone by display name, without contact details.
func (s *Store) People(ctx context.Context) ([]Member, error) {
	if err := s.allow(ctx, "People"); err != nil {
		return nil, err
	}
	return s.members(ctx, `SELECT id, name, preferred_name, role FROM people
		ORDER BY coalesce(nullif(preferred_name, ''), name) COLLATE NOCASE`)
}

// Person loads one person with everything about them.
func (s *Store) Person(ctx context.Context, id string) (Person, error) {
	if err := s.allow(ctx, "Person"); err != nil {
		return Person{}, err
	}
	var p Person
	err := scanPerson(s.db.QueryRowContext(ctx, "SELECT "+personCols+" FROM people WHERE id = ?", id), &p)
	if errors.Is(err, sql.ErrNoRows) {
		return p, ErrNotFound
	}
	return p, err
}

// PersonForums lists the forums a person belongs to.
func (s *Store) PersonForums(ctx context.Context, personID string) ([]Forum, error) {
	if err := s.allow(ctx, "PersonForums"); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+prefixed("f", forumCols)+` FROM forums f
		JOIN memberships m ON m.forum_id = f.id WHERE m.person_id = ? ORDER BY f.name COLLATE NOCASE`, personID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Forum
	for rows.Next() {
		var f Forum
		if err := scanForum(rows, &f); err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// SavePerson inserts a new person (empty ID) or updates one that has not
// changed since it was loaded. forumIDs, when not nil, becomes the set of
// forums they belong to, in the same transaction.
func (s *Store) SavePerson(ctx context.Context, p *Person, forumIDs []string) error {
	if err := s.allow(ctx, "SavePerson"); err != nil {
		return err
	}
	q := *p
	if err := s.tx(ctx, func(tx *sql.Tx) error { return s.savePerson(ctx, tx, &q, forumIDs) }); err != nil {
		return err
	}
	*p = q // only once everything is saved
	return nil
}

func (s *Store) savePerson(ctx context.Context, tx *sql.Tx, p *Person, forumIDs []string) error {
	p.clean()
	if err := p.ValidateOn(LocalDate(s.now())); err != nil {
		return err
	}
	q := *p
	role, _ := ParseRole(string(q.Role))
	q.Role = role
	if q.ID == "" {
		s.newMeta(&q.Meta)
		if _, err := tx.ExecContext(ctx, `INSERT INTO people (`+personCols+`) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
			q.ID, ts(q.CreatedAt), ts(q.UpdatedAt), q.Version, q.Name, q.PreferredName, q.Role, q.Phone,
			q.Email, q.ContactBy, boolInt(q.Consent), q.ConsentDate, q.Notes, q.ConsentReview); err != nil {
			return err
		}
	} else {
		old := q.Version
		s.bump(&q.Meta)
		res, err := tx.ExecContext(ctx, `UPDATE people SET name=?, preferred_name=?, role=?, phone=?, email=?,
			contact_by=?, consent=?, consent_date=?, notes=?, consent_review=?, updated_at=?, version=? WHERE id=? AND version=?`,
			q.Name, q.PreferredName, q.Role, q.Phone, q.Email, q.ContactBy, boolInt(q.Consent), q.ConsentDate,
			q.Notes, q.ConsentReview, ts(q.UpdatedAt), q.Version, q.ID, old)
		if err != nil {
			return err
		}
		if err := checkUpdated(ctx, tx, res, "people", q.ID); err != nil {
			return err
		}
	}
	if forumIDs != nil {
		keep := map[string]bool{}
		for _, id := range forumIDs {
			keep[id] = true
			if err := s.setMember(ctx, tx, id, q.ID, true); err != nil {
				return err
			}
		}
		rows, err := tx.QueryContext(ctx, "SELECT forum_id FROM memberships WHERE person_id = ?", q.ID)
		if err != nil {
			return err
		}
		var drop []string
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			if !keep[id] {
				drop = append(drop, id)
			}
		}
		rows.Close()
		for _, id := range drop {
			if err := s.setMember(ctx, tx, id, q.ID, false); err != nil {
				return err
			}
		}
	}
	*p = q
	return nil
}

// PersonImpact counts what erasing a person also removes, and the money
// already paid to them that is kept, anonymised (see Erase): the figures of
// ErasurePlan, in the shape the other deletions use.
func (s *Store) PersonImpact(ctx context.Context, id string) (Impact, error) {
	if err := s.allow(ctx, "PersonImpact"); err != nil {
		return Impact{}, err
	}
	plan, err := s.inner().ErasurePlan(ctx, id, ModeErase)
	if err != nil {
		return Impact{}, err
	}
	i := Impact{Anonymised: true,
		Members:      plan.step("memberships").Removed,
		Attendance:   plan.step("attendance").Removed,
		Access:       plan.step("access_needs").Removed + plan.step("availability").Removed + plan.step("availability_exceptions").Removed,
		Bookings:     plan.step("transport_bookings").Removed,
		Claims:       plan.step("claims").Removed,
		Payments:     plan.step("payments").Removed,
		Stories:      plan.step("stories").Removed,
		Equality:     plan.step("equality").Removed,
		CoTraining:   plan.step("training_trainers").Removed,
		KeptClaims:   plan.step("claims").Kept,
		KeptPayments: plan.step("payments").Kept,
	}
	err = s.db.QueryRowContext(ctx, `SELECT count(*) FROM petty_cash k WHERE k.reconciled = 1 AND (
			EXISTS (SELECT 1 FROM claims c WHERE c.person_id = ?1 AND c.status = 'paid' AND c.paid_how = 'cash'
				AND (c.meeting_id = k.meeting_id OR c.former_meeting_id = k.former_meeting_id))
			OR EXISTS (SELECT 1 FROM payments y WHERE y.person_id = ?1 AND y.status = 'paid' AND y.paid_how = 'cash'
				AND (y.meeting_id = k.meeting_id OR y.former_meeting_id = k.former_meeting_id)))`, id).Scan(&i.ClosedCash)
	return i, err
}

// DeletePerson erases a person, if they have not changed since they were
// loaded: Erase in ModeErase, written to the erasure log. Everything of
// theirs in the registry goes, but for what the partnership must keep:
// money already paid to them (and so every closed cash book) stays,
// anonymised, shown as FormerMember, with none of the free text written
// about them; a meeting they came to still counts them. secure_delete is
// on, so the erased data is overwritten in the file.
func (s *Store) DeletePerson(ctx context.Context, id string, version int64) error {
	if err := s.allow(ctx, "DeletePerson"); err != nil {
		return err
	}
	_, err := s.inner().Erase(ctx, id, EraseOptions{Mode: ModeErase, Reason: ReasonOther, Version: version})
	return err
}
