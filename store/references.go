package store

import (
	"context"
	"database/sql"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/involve/involve/civil"
	"github.com/involve/involve/termsafe"
)

// Reference is a reference population the coordinator types in, to set
// reach beside: the city's census shares, the treatment population. Its
// shares are percentages of each answer to each question, in tenths of a
// percent. It is about no one.
type Reference struct {
	Meta
	Name   string           `json:"name"`
	AsOf   civil.Date       `json:"as_of"`
	Source string           `json:"source"`
	Shares []ReferenceShare `json:"shares"`
}

// ReferenceShare is a reference population's share of one answer.
type ReferenceShare struct {
	Question Question `json:"question"`
	Category string   `json:"category"`
	Tenths   int      `json:"percent_tenths"`
}

// Share is the reference share of a question's category, in tenths of a
// percent.
func (r Reference) Share(q Question, category string) (int, bool) {
	for _, s := range r.Shares {
		if s.Question == q && s.Category == category {
			return s.Tenths, true
		}
	}
	return 0, false
}

// SetShare sets (or, with ok false, removes) a share.
func (r *Reference) SetShare(q Question, category string, tenths int, ok bool) {
	for i, s := range r.Shares {
		if s.Question == q && s.Category == category {
			if ok {
				r.Shares[i].Tenths = tenths
			} else {
				r.Shares = append(r.Shares[:i], r.Shares[i+1:]...)
			}
			return
		}
	}
	if ok {
		r.Shares = append(r.Shares, ReferenceShare{q, category, tenths})
	}
}

// FormatTenths writes tenths of a percent as a percentage: 123 is "12.3%".
func FormatTenths(t int) string {
	return strconv.FormatFloat(float64(t)/10, 'f', 1, 64) + "%"
}

// ParsePercent reads a percentage ("12.3", "12.3%", "7") as tenths of a
// percent, rounding to the nearest tenth; "" is none (ok false).
func ParsePercent(s string) (tenths int, ok bool, err error) {
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "%"))
	if s == "" {
		return 0, false, nil
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, false, fmt.Errorf("%q is not a percentage: write it like 12.3", s)
	}
	if v < 0 || v > 100 {
		return 0, false, fmt.Errorf("%s%% is not a share of a population (0 to 100)", s)
	}
	return int(math.Round(v * 10)), true, nil
}

// ValidatePercent accepts "" or a percentage from 0 to 100.
func ValidatePercent(s string) error {
	_, _, err := ParsePercent(s)
	return err
}

func (r *Reference) clean() {
	r.Name = termsafe.Line(r.Name)
	r.Source = termsafe.Line(r.Source)
	sort.SliceStable(r.Shares, func(i, j int) bool { return questionIndex(r.Shares[i].Question) < questionIndex(r.Shares[j].Question) })
}

func questionIndex(q Question) int {
	for i, x := range Questions {
		if x == q {
			return i
		}
	}
	return len(Questions)
}

// Validate checks a reference population before it is saved: a name, a
// date, known answers, and shares of each question adding up to no more
// than 100% (100.5% allowing for rounding).
func (r *Reference) Validate() error {
	if strings.TrimSpace(r.Name) == "" {
		return fieldErr("Name", "give the reference population a name, such as \"Manchester, Census 2021\"")
	}
	if n := len([]rune(r.Name)); n > 80 {
		return fieldErr("Name", "that is too long (80 characters at most)")
	}
	if len([]rune(r.Source)) > 200 {
		return fieldErr("Source", "that is too long (200 characters at most)")
	}
	if r.AsOf.IsZero() {
		return fieldErr("Date", "say what date the figures are for")
	}
	sums := map[Question]int{}
	seen := map[string]bool{}
	for _, s := range r.Shares {
		if questionIndex(s.Question) == len(Questions) {
			return fieldErr("Shares", "there is no question %q", s.Question)
		}
		if _, err := ParseReachCategory(s.Question, s.Category); err != nil {
			return fieldErr(QuestionTitle(s.Question), "%s", err)
		}
		if s.Tenths < 0 || s.Tenths > 1000 {
			return fieldErr(QuestionTitle(s.Question), "%s is not a share of a population (0 to 100%%)", FormatTenths(s.Tenths))
		}
		k := string(s.Question) + "/" + s.Category
		if seen[k] {
			return fieldErr(QuestionTitle(s.Question), "the share of %q is given twice", s.Category)
		}
		seen[k] = true
		sums[s.Question] += s.Tenths
	}
	for _, q := range Questions {
		if sums[q] > 1005 {
			return fieldErr(QuestionTitle(q), "the shares add up to %s: more than 100%%", FormatTenths(sums[q]))
		}
	}
	return nil
}

// References lists the reference populations, by name, with their shares.
func (s *Store) References(ctx context.Context) ([]Reference, error) {
	if err := s.allow(ctx, "References"); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, "SELECT "+metaCols+", name, as_of, source FROM reference_populations ORDER BY name COLLATE NOCASE")
	if err != nil {
		return nil, err
	}
	var out []Reference
	for rows.Next() {
		var r Reference
		ms := metaScan{m: &r.Meta}
		if err := rows.Scan(append(ms.dest(), &r.Name, &r.AsOf, &r.Source)...); err != nil {
			rows.Close()
			return nil, err
		}
		ms.finish()
		out = append(out, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		if out[i].Shares, err = s.referenceShares(ctx, out[i].ID); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (s *Store) referenceShares(ctx context.Context, id string) ([]ReferenceShare, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT question, category, percent_tenths FROM reference_shares WHERE reference_id = ?", id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ReferenceShare
	for rows.Next() {
		var sh ReferenceShare
		if err := rows.Scan(&sh.Question, &sh.Category, &sh.Tenths); err != nil {
			return nil, err
		}
		out = append(out, sh)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	// In the order the questions and their answers are listed.
	order := map[string]int{}
	for _, q := range Questions {
		for i, c := range ReachCategories(q) {
			order[string(q)+"/"+c.Code] = questionIndex(q)*100 + i
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		return order[string(out[i].Question)+"/"+out[i].Category] < order[string(out[j].Question)+"/"+out[j].Category]
	})
	return out, nil
}

// Reference loads one reference population.
func (s *Store) Reference(ctx context.Context, id string) (Reference, error) {
	if err := s.allow(ctx, "Reference"); err != nil {
		return Reference{}, err
	}
	var r Reference
	ms := metaScan{m: &r.Meta}
	err := s.db.QueryRowContext(ctx, "SELECT "+metaCols+", name, as_of, source FROM reference_populations WHERE id = ?", id).
		Scan(append(ms.dest(), &r.Name, &r.AsOf, &r.Source)...)
	if errors.Is(err, sql.ErrNoRows) {
		return r, ErrNotFound
	}
	if err != nil {
		return r, err
	}
	ms.finish()
	r.Shares, err = s.referenceShares(ctx, id)
	return r, err
}

// ReferenceNamed finds a reference population by name, ignoring case,
// spacing and the kind of apostrophe.
func (s *Store) ReferenceNamed(ctx context.Context, name string) (Reference, error) {
	if err := s.allow(ctx, "ReferenceNamed"); err != nil {
		return Reference{}, err
	}
	refs, err := s.inner().References(ctx)
	if err != nil {
		return Reference{}, err
	}
	var names []string
	for _, r := range refs {
		if forumKey(r.Name) == forumKey(name) {
			return r, nil
		}
		names = append(names, fmt.Sprintf("%q", r.Name))
	}
	if len(names) == 0 {
		return Reference{}, fmt.Errorf("there is no reference population called %q (there are none yet)", name)
	}
	return Reference{}, fmt.Errorf("there is no reference population called %q (there are %s)", name, joinAnd(names))
}

// SaveReference inserts a reference population (empty ID) or updates one
// that has not changed since it was loaded; its shares become r's, all in
// one transaction.
func (s *Store) SaveReference(ctx context.Context, r *Reference) error {
	if err := s.allow(ctx, "SaveReference"); err != nil {
		return err
	}
	g := *r
	g.Shares = append([]ReferenceShare(nil), r.Shares...)
	g.clean()
	if err := g.Validate(); err != nil {
		return err
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if g.ID == "" {
			s.newMeta(&g.Meta)
			_, err := tx.ExecContext(ctx, "INSERT INTO reference_populations ("+metaCols+", name, as_of, source) VALUES (?,?,?,?,?,?,?)",
				g.ID, ts(g.CreatedAt), ts(g.UpdatedAt), g.Version, g.Name, g.AsOf, g.Source)
			if isUnique(err) {
				return fieldErr("Name", "there is already a reference population called %q", g.Name)
			}
			if err != nil {
				return err
			}
		} else {
			old := g.Version
			s.bump(&g.Meta)
			res, err := tx.ExecContext(ctx, `UPDATE reference_populations SET name=?, as_of=?, source=?, updated_at=?, version=?
				WHERE id=? AND version=?`, g.Name, g.AsOf, g.Source, ts(g.UpdatedAt), g.Version, g.ID, old)
			if isUnique(err) {
				return fieldErr("Name", "there is already a reference population called %q", g.Name)
			}
			if err != nil {
				return err
			}
			if err := checkUpdated(ctx, tx, res, "reference_populations", g.ID); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, "DELETE FROM reference_shares WHERE reference_id = ?", g.ID); err != nil {
				return err
			}
		}
		now := ts(g.UpdatedAt)
		for _, sh := range g.Shares {
			if _, err := tx.ExecContext(ctx, `INSERT INTO reference_shares (id, reference_id, question, category, percent_tenths,
				created_at, updated_at, version) VALUES (?,?,?,?,?,?,?,1)`, newID(), g.ID, string(sh.Question), sh.Category, sh.Tenths, now, now); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	*r = g
	return nil
}

// DeleteReference deletes a reference population and its shares, if it
// has not changed since it was loaded.
func (s *Store) DeleteReference(ctx context.Context, id string, version int64) error {
	if err := s.allow(ctx, "DeleteReference"); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "DELETE FROM reference_populations WHERE id = ? AND version = ?", id, version)
		if err != nil {
			return err
		}
		return checkUpdated(ctx, tx, res, "reference_populations", id)
	})
}

// ReadReferenceShares reads a reference population's shares from CSV: a
// header row naming the columns question, category and percent (in any
// order), then one row a share, such as
//
//	question,category,percent
//	ethnic_group,Pakistani,8.5
//
// Questions and categories are matched by code or by label, in any case.
// Every mistake is listed (up to 20), each as NAME:LINE: what is wrong.
func ReadReferenceShares(r io.Reader, name string) ([]ReferenceShare, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	head, err := cr.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("%s: the file is empty: it needs a header row (question,category,percent)", name)
		}
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	col := map[string]int{}
	for i, h := range head {
		col[strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))] = i
	}
	for _, c := range []string{"question", "category", "percent"} {
		if _, ok := col[c]; !ok {
			return nil, fmt.Errorf("%s:1: there is no %q column (the header row needs question, category and percent)", name, c)
		}
	}
	var out []ReferenceShare
	var problems []string
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			problems = append(problems, fmt.Sprintf("%s:%d: %v", name, line, err))
			break
		}
		get := func(c string) string {
			if i := col[c]; i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		if get("question") == "" && get("category") == "" && get("percent") == "" {
			continue
		}
		q, err := ParseQuestion(get("question"))
		if err != nil {
			problems = append(problems, fmt.Sprintf("%s:%d: %v", name, line, err))
			continue
		}
		cat, err := ParseReachCategory(q, get("category"))
		if err != nil {
			problems = append(problems, fmt.Sprintf("%s:%d: %v", name, line, err))
			continue
		}
		t, ok, err := ParsePercent(get("percent"))
		if err == nil && !ok {
			err = errors.New("the percent is empty")
		}
		if err != nil {
			problems = append(problems, fmt.Sprintf("%s:%d: %v", name, line, err))
			continue
		}
		out = append(out, ReferenceShare{q, cat, t})
	}
	if len(problems) > 0 {
		if len(problems) > 20 {
			problems = append(problems[:20], fmt.Sprintf("… and %d more", len(problems)-20))
		}
		return nil, errors.New(strings.Join(problems, "\n"))
	}
	return out, nil
}
