package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/involve/involve/civil"
	"github.com/involve/involve/disclosure"
)

// Reach: who the forums reach. People involved in a period are those who
// attended at least one meeting in it (of one forum, or of any); reach
// tables count them by their equality monitoring answers, beside a
// reference population's shares, through disclosure control. No raw count
// leaves this file: the tables hold disclosure.Counts only.

// SettingDisclosureThreshold is the database setting that picks a stricter
// threshold than NHS Digital's 7 for every count of people shown.
const SettingDisclosureThreshold = "disclosure_threshold"

// DisclosureRule is the rule every count of people is shown by: NHS
// Digital's, or a stricter threshold set in the database.
func (s *Store) DisclosureRule(ctx context.Context) (disclosure.Rule, error) {
	if err := s.allow(ctx, "DisclosureRule"); err != nil {
		return disclosure.Rule{}, err
	}
	v, err := s.inner().Setting(ctx, SettingDisclosureThreshold)
	if err != nil || v == "" {
		return disclosure.NHS(), err
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return disclosure.NHS(), fmt.Errorf("the setting %s is %q, not a number: counts are shown by NHS Digital's rule until it is set again", SettingDisclosureThreshold, v)
	}
	r, err := disclosure.WithThreshold(n)
	if err != nil {
		return disclosure.NHS(), err
	}
	return r, nil
}

// SetDisclosureThreshold makes counts of 1 to n people hidden everywhere
// (n at least 7); 0 goes back to NHS Digital's rule.
func (s *Store) SetDisclosureThreshold(ctx context.Context, n int) error {
	if err := s.allow(ctx, "SetDisclosureThreshold"); err != nil {
		return err
	}
	if n == 0 {
		return s.tx(ctx, func(tx *sql.Tx) error {
			_, err := tx.ExecContext(ctx, "DELETE FROM settings WHERE key = ?", SettingDisclosureThreshold)
			return err
		})
	}
	if _, err := disclosure.WithThreshold(n); err != nil {
		return err
	}
	return s.inner().SetSetting(ctx, SettingDisclosureThreshold, strconv.Itoa(n))
}

// normalName is a name or code as it is matched: any case, any spacing,
// "_" as a space, any kind of apostrophe.
func normalName(s string) string { return forumKey(strings.ReplaceAll(s, "_", " ")) }

// ReachCategory is one row of a reach table: an answer, or what answers
// are reported as (an age band; disability under the Equality Act).
type ReachCategory struct {
	Code  string `json:"code"`
	Label string `json:"label"`
	Group string `json:"group,omitempty"`
}

// QuestionTitle names a question in a few words ("Ethnic group").
func QuestionTitle(q Question) string {
	switch q {
	case QuestionEthnicGroup:
		return "Ethnic group"
	case QuestionSex:
		return "Sex"
	case QuestionGenderIdentity:
		return "Gender identity"
	case QuestionSexualOrientation:
		return "Sexual orientation"
	case QuestionReligion:
		return "Religion"
	case QuestionCondition:
		return "Long-term condition"
	case QuestionAge:
		return "Age"
	case QuestionLanguage:
		return "Main language"
	}
	return string(q)
}

// ParseQuestion accepts a question's code or title in any case
// ("ethnic_group", "Ethnic group", "religion").
func ParseQuestion(s string) (Question, error) {
	k := normalName(s)
	for _, q := range Questions {
		if k == normalName(string(q)) || k == normalName(QuestionTitle(q)) {
			return q, nil
		}
	}
	var names []string
	for _, q := range Questions {
		names = append(names, string(q))
	}
	return "", fmt.Errorf("there is no question %q (the questions: %s)", s, joinAnd(names))
}

// The disability categories, as the census reports the two-part question.
const (
	disabledGroup    = "Disabled under the Equality Act"
	notDisabledGroup = "Not disabled under the Equality Act"
)

// ReachCategories lists the rows a question's reach table has, in order
// (before "Prefer not to say" and "No answer").
func ReachCategories(q Question) []ReachCategory {
	from := func(cs []EqualityChoice, short map[string]string) []ReachCategory {
		out := make([]ReachCategory, len(cs))
		for i, c := range cs {
			label := c.Label
			if s, ok := short[c.Code]; ok {
				label = s
			}
			out[i] = ReachCategory{Code: c.Code, Label: label, Group: c.Group}
		}
		return out
	}
	switch q {
	case QuestionEthnicGroup:
		return from(EthnicGroups, nil)
	case QuestionSex:
		return from(Sexes, nil)
	case QuestionGenderIdentity:
		return []ReachCategory{{Code: "yes", Label: "Same as sex registered at birth"}, {Code: "no", Label: "Different from sex registered at birth"}}
	case QuestionSexualOrientation:
		return from(Orientations, nil)
	case QuestionReligion:
		return from(Religions, map[string]string{"christian": "Christian", "other": "Any other religion"})
	case QuestionCondition:
		return []ReachCategory{
			{Code: "limited_a_lot", Label: "Day-to-day activities limited a lot", Group: disabledGroup},
			{Code: "limited_a_little", Label: "Day-to-day activities limited a little", Group: disabledGroup},
			{Code: "not_limited", Label: "Long-term condition, not limited", Group: notDisabledGroup},
			{Code: "no_condition", Label: "No long-term condition", Group: notDisabledGroup},
		}
	case QuestionAge:
		return []ReachCategory{
			{Code: "under_18", Label: "Under 18"}, {Code: "18_24", Label: "18 to 24"}, {Code: "25_34", Label: "25 to 34"},
			{Code: "35_44", Label: "35 to 44"}, {Code: "45_54", Label: "45 to 54"}, {Code: "55_64", Label: "55 to 64"},
			{Code: "65_over", Label: "65 and over"},
		}
	case QuestionLanguage:
		return from(Languages, map[string]string{"other": "Another language (including British Sign Language)"})
	}
	return nil
}

// ParseReachCategory accepts a category of q by its code or label, in any
// case.
func ParseReachCategory(q Question, s string) (string, error) {
	k := normalName(s)
	cats := ReachCategories(q)
	for _, c := range cats {
		if k == normalName(c.Code) || k == normalName(c.Label) {
			return c.Code, nil
		}
	}
	return "", fmt.Errorf("%s has no answer %q", QuestionTitle(q), s)
}

// ageBand is the band someone born in year is in, in the year the period
// ends (the age they reach that year).
func ageBand(birthYear string, endYear int) string {
	if birthYear == "" || birthYear == PreferNotToSay {
		return birthYear
	}
	y, err := strconv.Atoi(birthYear)
	if err != nil {
		return ""
	}
	switch age := endYear - y; {
	case age < 18:
		return "under_18"
	case age <= 24:
		return "18_24"
	case age <= 34:
		return "25_34"
	case age <= 44:
		return "35_44"
	case age <= 54:
		return "45_54"
	case age <= 64:
		return "55_64"
	}
	return "65_over"
}

// disability is how the two-part question is reported.
func disability(condition, limitation string) string {
	switch condition {
	case "no":
		return "no_condition"
	case PreferNotToSay:
		return PreferNotToSay
	case "yes":
		switch limitation {
		case "a_lot":
			return "limited_a_lot"
		case "a_little":
			return "limited_a_little"
		case "not_at_all":
			return "not_limited"
		case PreferNotToSay:
			return PreferNotToSay
		}
	}
	return ""
}

// ReachQuery says whose reach to count: people who attended at least one
// meeting (of ForumID's forum, or of any forum when it is "") from From to
// To (London dates, both included), beside the reference population
// ReferenceID ("" for none).
type ReachQuery struct {
	From, To    civil.Date
	ForumID     string
	ReferenceID string
}

// Reach is the reach tables of one forum, or of every forum, in a period.
type Reach struct {
	From      civil.Date     `json:"from"`
	To        civil.Date     `json:"to"`
	ForumID   string         `json:"forum_id,omitempty"`
	Forum     string         `json:"forum"` // "All forums" for every forum
	Reference *ReferenceInfo `json:"reference"`
	// People is how many people were involved (attended at least once).
	People    disclosure.Count `json:"people_involved"`
	Threshold int              `json:"threshold"`
	Tables    []ReachTable     `json:"tables"`
	Footnote  string           `json:"footnote"`
}

// ReferenceInfo names the reference population a reach is compared with.
type ReferenceInfo struct {
	ID     string     `json:"id"`
	Name   string     `json:"name"`
	AsOf   civil.Date `json:"as_of"`
	Source string     `json:"source"`
}

// ReachTable is one question's reach table.
type ReachTable struct {
	Question Question          `json:"question"`
	Title    string            `json:"title"`
	Table    *disclosure.Table `json:"-"`
	Lines    []ReachLine       `json:"lines"`
	Withheld bool              `json:"withheld"`
	// Footnote says why some figures are not shown.
	Footnote string `json:"footnote"`
}

// The kinds of reach line.
const (
	ReachCategoryLine = "category" // an answer
	ReachGroupLine    = "group"    // a heading over answers, with their subtotal
	ReachAnsweredLine = "answered" // everyone who gave an answer
	ReachOtherLine    = "other"    // prefer not to say, no answer
	ReachTotalLine    = "total"    // everyone involved
)

// ReachLine is one line of a reach table, as it is shown.
type ReachLine struct {
	Kind  string `json:"kind"`
	Code  string `json:"code,omitempty"`
	Label string `json:"label"`
	Depth int    `json:"depth"`
	// People is how many; Share their part of everyone who gave an answer
	// (answers and headings only); Reference the reference population's
	// share in tenths of a percent (HasReference); Difference the share
	// less the reference, in percentage points.
	People       disclosure.Count  `json:"people"`
	Share        disclosure.Figure `json:"share"`
	Reference    int               `json:"-"`
	HasReference bool              `json:"-"`
	Difference   disclosure.Figure `json:"difference"`
}

// ReferenceText is the reference share as shown ("12.3%", or "" when there
// is none).
func (l ReachLine) ReferenceText() string {
	if !l.HasReference {
		return ""
	}
	return FormatTenths(l.Reference)
}

// MarshalJSON adds the reference share, as a percentage or null.
func (l ReachLine) MarshalJSON() ([]byte, error) {
	type plain ReachLine
	var ref any
	if l.HasReference {
		ref = float64(l.Reference) / 10
	}
	return json.Marshal(struct {
		plain
		Reference any `json:"reference"`
	}{plain(l), ref})
}

// Labels of the lines around the answers.
const (
	ReachAnsweredLabel = "Gave an answer"
	ReachNoAnswerLabel = "No answer"
	ReachTotalLabel    = "All people involved"
)

// reachPerson is one involved person's answers, as the tables need them.
type reachPerson struct {
	ethnic, sex, gender, orientation, religion, condition, limitation, birthYear, language string
}

func (p reachPerson) answer(q Question, endYear int) string {
	switch q {
	case QuestionEthnicGroup:
		return p.ethnic
	case QuestionSex:
		return p.sex
	case QuestionGenderIdentity:
		return p.gender
	case QuestionSexualOrientation:
		return p.orientation
	case QuestionReligion:
		return p.religion
	case QuestionCondition:
		return disability(p.condition, p.limitation)
	case QuestionAge:
		return ageBand(p.birthYear, endYear)
	case QuestionLanguage:
		return p.language
	}
	return ""
}

// Reach counts the people involved in a period by their equality
// monitoring answers, one table a question, each through disclosure
// control, beside the reference population's shares.
func (s *Store) Reach(ctx context.Context, q ReachQuery) (Reach, error) {
	if err := s.allow(ctx, "Reach"); err != nil {
		return Reach{}, err
	}
	r := Reach{From: q.From, To: q.To, ForumID: q.ForumID, Forum: "All forums"}
	if q.From.IsZero() || q.To.IsZero() {
		return r, errors.New("say the first and last day of the period")
	}
	if q.To.Before(q.From) {
		return r, fmt.Errorf("the period ends (%s) before it starts (%s)", q.To, q.From)
	}
	rule, err := s.inner().DisclosureRule(ctx)
	if err != nil {
		return r, err
	}
	r.Threshold = rule.Threshold()
	var ref Reference
	if q.ReferenceID != "" {
		if ref, err = s.inner().Reference(ctx, q.ReferenceID); err != nil {
			return r, fmt.Errorf("the reference population: %w", err)
		}
		r.Reference = &ReferenceInfo{ID: ref.ID, Name: ref.Name, AsOf: ref.AsOf, Source: ref.Source}
	}
	args := []any{ts(q.From.Time(London)), ts(q.To.AddDays(1).Time(London))}
	forum := ""
	if q.ForumID != "" {
		if err := s.db.QueryRowContext(ctx, "SELECT name FROM forums WHERE id = ?", q.ForumID).Scan(&r.Forum); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return r, fmt.Errorf("the forum: %w", ErrNotFound)
			}
			return r, err
		}
		forum = " AND m.forum_id = ?"
		args = append(args, q.ForumID)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT coalesce(e.ethnic_group, ''), coalesce(e.sex, ''),
		coalesce(e.gender_same, ''), coalesce(e.sexual_orientation, ''), coalesce(e.religion, ''),
		coalesce(e.condition, ''), coalesce(e.limitation, ''), coalesce(e.birth_year, ''),
		coalesce(e.main_language, '')
		FROM (SELECT DISTINCT a.person_id FROM attendance a JOIN meetings m ON m.id = a.meeting_id
			WHERE a.status = 'attended' AND m.status != 'cancelled'
			AND m.starts_at >= ? AND m.starts_at < ?`+forum+`) p
		LEFT JOIN equality_answers e ON e.person_id = p.person_id`, args...)
	if err != nil {
		return r, err
	}
	defer rows.Close()
	var people []reachPerson
	for rows.Next() {
		var p reachPerson
		if err := rows.Scan(&p.ethnic, &p.sex, &p.gender, &p.orientation, &p.religion, &p.condition,
			&p.limitation, &p.birthYear, &p.language); err != nil {
			return r, err
		}
		people = append(people, p)
	}
	if err := rows.Err(); err != nil {
		return r, err
	}
	for _, question := range Questions {
		t, err := reachTable(rule, question, people, q.To.Year, ref)
		if err != nil {
			return r, err
		}
		r.Tables = append(r.Tables, t)
	}
	if len(r.Tables) > 0 {
		r.People = r.Tables[0].Table.Total()
		r.Footnote = r.Tables[0].Table.Rule().Footnote()
	}
	return r, nil
}

// reachTable counts people by their answers to question q and protects the
// counts: categories (under their headings, all under "Gave an answer"),
// then prefer not to say and no answer, and everyone in the total.
func reachTable(rule disclosure.Rule, q Question, people []reachPerson, endYear int, ref Reference) (ReachTable, error) {
	cats := ReachCategories(q)
	row := map[string]int{}
	// Every question's table counts the same people: their total is shown
	// in each (and as the number involved), so it is never hidden in one.
	g := disclosure.Grid{Cols: []string{"People"}, ColTotals: true, SharedTotal: true}
	for i, c := range cats {
		row[c.Code] = i
		g.Rows = append(g.Rows, c.Label)
	}
	prefer, none := len(cats), len(cats)+1
	g.Rows = append(g.Rows, PreferNotToSayLabel, ReachNoAnswerLabel)
	g.Cells = make([][]int, len(g.Rows))
	for i := range g.Cells {
		g.Cells[i] = []int{0}
	}
	for _, p := range people {
		a := p.answer(q, endYear)
		i, ok := row[a]
		switch {
		case ok:
		case a == PreferNotToSay:
			i = prefer
		default:
			i = none
		}
		g.Cells[i][0]++
	}
	g.Groups = append(g.Groups, disclosure.Group{Name: ReachAnsweredLabel, From: 0, To: len(cats)})
	type heading struct {
		name     string
		from, to int
	}
	var headings []heading
	for i, c := range cats {
		if c.Group == "" {
			continue
		}
		if n := len(headings); n > 0 && headings[n-1].name == c.Group && headings[n-1].to == i {
			headings[n-1].to = i + 1
			continue
		}
		headings = append(headings, heading{c.Group, i, i + 1})
	}
	for _, h := range headings {
		g.Groups = append(g.Groups, disclosure.Group{Name: h.name, From: h.from, To: h.to})
	}
	t, err := rule.Protect(g)
	if err != nil {
		return ReachTable{}, err
	}
	out := ReachTable{Question: q, Title: QuestionTitle(q), Table: t, Withheld: t.Withheld(), Footnote: t.Footnote()}
	answered := t.GroupTotal(0, 0)
	for _, l := range t.Layout() {
		line := ReachLine{Label: l.Label, Depth: l.Depth, People: l.Cells[0]}
		var refTenths int
		var refOK bool
		switch {
		case l.Kind == disclosure.LineTotal:
			line.Kind, line.Label = ReachTotalLine, ReachTotalLabel
		case l.Kind == disclosure.LineGroup && l.Row == 0:
			line.Kind = ReachAnsweredLine
		case l.Kind == disclosure.LineGroup:
			line.Kind = ReachGroupLine
			h := headings[l.Row-1]
			refTenths, refOK = 0, true
			for _, c := range cats[h.from:h.to] {
				v, ok := ref.Share(q, c.Code)
				refTenths += v
				refOK = refOK && ok
			}
		case l.Row < len(cats):
			line.Kind, line.Code = ReachCategoryLine, cats[l.Row].Code
			refTenths, refOK = ref.Share(q, cats[l.Row].Code)
		default:
			line.Kind = ReachOtherLine
			line.Code = PreferNotToSay
			if l.Row == none {
				line.Code = ""
			}
		}
		if line.Kind == ReachCategoryLine || line.Kind == ReachGroupLine {
			line.Share = disclosure.Percent(line.People, answered)
			if refOK {
				line.Reference, line.HasReference = refTenths, true
				line.Difference = disclosure.Points(line.Share, float64(refTenths)/10)
			}
		}
		out.Lines = append(out.Lines, line)
	}
	return out, nil
}

// ForumRef names a forum.
type ForumRef struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// ReachForums lists, by name, the forums with a meeting (not cancelled)
// from from to to.
func (s *Store) ReachForums(ctx context.Context, from, to civil.Date) ([]ForumRef, error) {
	if err := s.allow(ctx, "ReachForums"); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT f.id, f.name FROM forums f
		WHERE EXISTS (SELECT 1 FROM meetings m WHERE m.forum_id = f.id AND m.status != 'cancelled'
			AND m.starts_at >= ? AND m.starts_at < ?)
		ORDER BY f.name COLLATE NOCASE`, ts(from.Time(London)), ts(to.AddDays(1).Time(London)))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ForumRef
	for rows.Next() {
		var f ForumRef
		if err := rows.Scan(&f.ID, &f.Name); err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}
