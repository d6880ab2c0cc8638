package store

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/involve/involve/civil"
	"github.com/involve/involve/disclosure"
)

// eqFixture is a forum with people and meetings, at recNow (16 June 2026).
type eqFixture struct {
	t      *testing.T
	ctx    context.Context
	s      *Store
	forum  Forum
	people []Person
}

func newEqFixture(t *testing.T) *eqFixture {
	t.Helper()
	fx := &eqFixture{t: t, ctx: context.Background(), s: recOpen(t)}
	fx.forum = Forum{Name: "Carers' Voice"}
	if err := fx.s.SaveForum(fx.ctx, &fx.forum); err != nil {
		t.Fatal(err)
	}
	return fx
}

// person adds someone to the forum.
func (fx *eqFixture) person(name string) Person {
	fx.t.Helper()
	p := Person{Name: name}
	if err := fx.s.SavePerson(fx.ctx, &p, []string{fx.forum.ID}); err != nil {
		fx.t.Fatal(err)
	}
	fx.people = append(fx.people, p)
	return p
}

// meeting plans a meeting of forum on day at 13:00 with status st.
func (fx *eqFixture) meeting(forumID string, day string, st MeetingStatus) Meeting {
	fx.t.Helper()
	d := civil.MustParse(day)
	start := time.Date(d.Year, d.Month, d.Day, 13, 0, 0, 0, London)
	m := Meeting{ForumID: forumID, Start: start, End: start.Add(2 * time.Hour), Status: st}
	if err := fx.s.SaveMeeting(fx.ctx, &m); err != nil {
		fx.t.Fatal(err)
	}
	return m
}

func (fx *eqFixture) attend(m Meeting, p Person, a Attendance) {
	fx.t.Helper()
	if err := fx.s.SetAttendance(fx.ctx, m.ID, p.ID, a); err != nil {
		fx.t.Fatal(err)
	}
}

func (fx *eqFixture) answers(p Person, set func(*EqualityAnswers)) EqualityAnswers {
	fx.t.Helper()
	e := EqualityAnswers{PersonID: p.ID, RecordedOn: civil.MustParse("2026-05-01"), ConsentOn: civil.MustParse("2026-05-01")}
	set(&e)
	if err := fx.s.SaveEqualityAnswers(fx.ctx, &e); err != nil {
		fx.t.Fatal(err)
	}
	return e
}

func TestEqualityAnswersSaveLoadAndConflict(t *testing.T) {
	fx := newEqFixture(t)
	p := fx.person("Asha Begum")
	e, err := fx.s.EqualityAnswers(fx.ctx, p.ID)
	if err != nil || e.ID != "" || e.PersonID != p.ID {
		t.Fatalf("no answers yet should load as an empty record for the person: %+v, %v", e, err)
	}
	if _, held, _ := fx.s.EqualityRecorded(fx.ctx, p.ID); held {
		t.Error("answers are said to be held before any were given")
	}
	saved := fx.answers(p, func(e *EqualityAnswers) {
		e.EthnicGroup, e.EthnicOther = "asian_other", "  Sri Lankan\x1b[31m "
		e.Sex = "female"
		e.GenderSame, e.GenderTerm = "yes", "should be dropped"
		e.SexualOrientation = PreferNotToSay
		e.Religion = "muslim"
		e.Condition, e.Limitation = "yes", "a_little"
		e.BirthYear = "1980"
		e.Language, e.LanguageOther = "other", "Tamil"
	})
	got, err := fx.s.EqualityAnswers(fx.ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.EthnicOther != "Sri Lankan[31m" && got.EthnicOther != "Sri Lankan" {
		t.Errorf("the write-in was not cleaned: %q", got.EthnicOther)
	}
	if strings.ContainsRune(got.EthnicOther, 0x1b) {
		t.Errorf("an escape sequence was stored: %q", got.EthnicOther)
	}
	if got.GenderTerm != "" {
		t.Errorf("a write-in for an answer that takes none was kept: %q", got.GenderTerm)
	}
	if got.Religion != "muslim" || got.Limitation != "a_little" || got.BirthYear != "1980" || got.LanguageOther != "Tamil" ||
		got.SexualOrientation != PreferNotToSay || got.Version != 1 || got.RecordedOn != civil.MustParse("2026-05-01") {
		t.Errorf("loaded %+v", got)
	}
	if d, held, err := fx.s.EqualityRecorded(fx.ctx, p.ID); err != nil || !held || d != civil.MustParse("2026-05-01") {
		t.Errorf("EqualityRecorded = %v %v %v", d, held, err)
	}

	// Two copies edit the same answers: the second is refused.
	a, b := saved, saved
	a.Sex = "male"
	if err := fx.s.SaveEqualityAnswers(fx.ctx, &a); err != nil {
		t.Fatal(err)
	}
	b.Sex = PreferNotToSay
	if err := fx.s.SaveEqualityAnswers(fx.ctx, &b); !errors.Is(err, ErrConflict) {
		t.Errorf("a stale edit was not refused: %v", err)
	}
	// A second record for the same person is refused too.
	dup := EqualityAnswers{PersonID: p.ID, RecordedOn: saved.RecordedOn, ConsentOn: saved.ConsentOn}
	if err := fx.s.SaveEqualityAnswers(fx.ctx, &dup); !errors.Is(err, ErrConflict) {
		t.Errorf("a second set of answers for the same person: %v", err)
	}
	// Withdrawing consent erases them.
	if err := fx.s.DeleteEqualityAnswers(fx.ctx, a.ID, a.Version); err != nil {
		t.Fatal(err)
	}
	if e, _ := fx.s.EqualityAnswers(fx.ctx, p.ID); e.ID != "" {
		t.Error("the answers are still there after they were deleted")
	}
}

func TestEqualityAnswersValidation(t *testing.T) {
	fx := newEqFixture(t)
	p := fx.person("Bo")
	today := civil.In(recNow, London)
	base := EqualityAnswers{PersonID: p.ID, RecordedOn: today, ConsentOn: today}
	for name, c := range map[string]struct {
		set   func(*EqualityAnswers)
		field string
	}{
		"no consent":          {func(e *EqualityAnswers) { e.ConsentOn = civil.Date{} }, "Consent"},
		"no date":             {func(e *EqualityAnswers) { e.RecordedOn = civil.Date{} }, "Date"},
		"date to come":        {func(e *EqualityAnswers) { e.RecordedOn = today.AddDays(1) }, "Date"},
		"unknown answer":      {func(e *EqualityAnswers) { e.EthnicGroup = "martian" }, "Ethnic group"},
		"unknown sex":         {func(e *EqualityAnswers) { e.Sex = "other" }, "Sex"},
		"year not a year":     {func(e *EqualityAnswers) { e.BirthYear = "71" }, "Year of birth"},
		"year to come":        {func(e *EqualityAnswers) { e.BirthYear = "2031" }, "Year of birth"},
		"long write-in":       {func(e *EqualityAnswers) { e.Religion, e.ReligionOther = "other", strings.Repeat("x", 81) }, "Religion"},
		"limitation no cond.": {func(e *EqualityAnswers) { e.Condition, e.Limitation = "", "a_lot" }, ""},
	} {
		e := base
		c.set(&e)
		err := fx.s.SaveEqualityAnswers(fx.ctx, &e)
		if c.field == "" {
			// A limitation without a condition is dropped, not refused.
			if err != nil {
				t.Errorf("%s: %v", name, err)
			} else if got, _ := fx.s.EqualityAnswers(fx.ctx, p.ID); got.Limitation != "" {
				t.Errorf("%s: kept limitation %q", name, got.Limitation)
			} else if err := fx.s.DeleteEqualityAnswers(fx.ctx, got.ID, got.Version); err != nil {
				t.Fatal(err)
			}
			continue
		}
		var fe *FieldError
		if !errors.As(err, &fe) || fe.Field != c.field {
			t.Errorf("%s: got %v, want a mistake in %s", name, err, c.field)
		}
	}
	nobody := base
	nobody.PersonID = "no-such-person"
	if err := fx.s.SaveEqualityAnswers(fx.ctx, &nobody); !errors.Is(err, ErrNotFound) {
		t.Errorf("answers for nobody: %v", err)
	}
}

// TestErasingAPersonErasesTheirAnswers: the answers go with the person,
// and the question before says so.
func TestErasingAPersonErasesTheirAnswers(t *testing.T) {
	fx := newEqFixture(t)
	p := fx.person("Cal")
	fx.answers(p, func(e *EqualityAnswers) { e.EthnicGroup, e.EthnicOther = "white_other", "Zqxvbnm" })
	imp, err := fx.s.PersonImpact(fx.ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if imp.Equality != 1 || !strings.Contains(imp.String(), "their equality monitoring answers") {
		t.Errorf("the impact does not say the answers go: %+v %q", imp, imp.String())
	}
	p, _ = fx.s.Person(fx.ctx, p.ID)
	if err := fx.s.DeletePerson(fx.ctx, p.ID, p.Version); err != nil {
		t.Fatal(err)
	}
	if n := demoCountStore(t, fx.s, "SELECT count(*) FROM equality_answers"); n != 0 {
		t.Errorf("%d sets of answers outlived their person", n)
	}
}

func demoCountStore(t *testing.T, s *Store, q string) int {
	t.Helper()
	n, err := count(context.Background(), s.db, q)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestExportLeavesEqualityAnswersOut: `involve export` never holds them.
func TestExportLeavesEqualityAnswersOut(t *testing.T) {
	fx := newEqFixture(t)
	p := fx.person("Dee")
	fx.answers(p, func(e *EqualityAnswers) {
		e.Religion, e.ReligionOther = "other", "Qwertyfaith"
		e.EthnicGroup = "black_caribbean"
	})
	var b bytes.Buffer
	if err := fx.s.ExportJSON(fx.ctx, &b); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"Qwertyfaith", "black_caribbean", "equality", "religion"} {
		if strings.Contains(b.String(), s) {
			t.Errorf("the export holds %q", s)
		}
	}
}

func TestReferencePopulations(t *testing.T) {
	fx := newEqFixture(t)
	r := Reference{Name: "Manchester, Census 2021", AsOf: civil.MustParse("2021-03-21"), Source: "ONS TS021"}
	r.SetShare(QuestionEthnicGroup, "asian_pakistani", 85, true)
	r.SetShare(QuestionEthnicGroup, "white_british", 487, true)
	r.SetShare(QuestionSex, "female", 505, true)
	if err := fx.s.SaveReference(fx.ctx, &r); err != nil {
		t.Fatal(err)
	}
	got, err := fx.s.ReferenceNamed(fx.ctx, "manchester,  census 2021")
	if err != nil {
		t.Fatal(err)
	}
	if v, ok := got.Share(QuestionEthnicGroup, "asian_pakistani"); !ok || v != 85 {
		t.Errorf("share = %d %v", v, ok)
	}
	if got.Shares[0].Category != "white_british" {
		t.Errorf("shares are not in the order of the answers: %+v", got.Shares)
	}
	// Edit: shares replaced, version checked.
	got.SetShare(QuestionEthnicGroup, "asian_pakistani", 0, false)
	if err := fx.s.SaveReference(fx.ctx, &got); err != nil {
		t.Fatal(err)
	}
	if again, _ := fx.s.Reference(fx.ctx, got.ID); len(again.Shares) != 2 {
		t.Errorf("after removing a share: %+v", again.Shares)
	}
	if err := fx.s.SaveReference(fx.ctx, &r); !errors.Is(err, ErrConflict) {
		t.Errorf("a stale edit: %v", err)
	}
	twin := Reference{Name: "MANCHESTER, census 2021", AsOf: civil.MustParse("2021-03-21")}
	var fe *FieldError
	if err := fx.s.SaveReference(fx.ctx, &twin); !errors.As(err, &fe) || fe.Field != "Name" {
		t.Errorf("a second reference of the same name: %v", err)
	}
	over := Reference{Name: "Over", AsOf: civil.MustParse("2021-03-21")}
	over.SetShare(QuestionSex, "female", 600, true)
	over.SetShare(QuestionSex, "male", 500, true)
	if err := fx.s.SaveReference(fx.ctx, &over); err == nil || !strings.Contains(err.Error(), "110.0%") {
		t.Errorf("shares adding up to 110%%: %v", err)
	}
	if _, err := fx.s.ReferenceNamed(fx.ctx, "Leeds"); err == nil || !strings.Contains(err.Error(), `"Manchester, Census 2021"`) {
		t.Errorf("an unknown name should list the known ones: %v", err)
	}
	if err := fx.s.DeleteReference(fx.ctx, got.ID, got.Version); err != nil {
		t.Fatal(err)
	}
	if n := demoCountStore(t, fx.s, "SELECT count(*) FROM reference_shares"); n != 0 {
		t.Errorf("%d shares outlived their reference", n)
	}
}

func TestReadReferenceShares(t *testing.T) {
	good := "\ufeffQuestion,Category,Percent\nethnic_group,Pakistani,8.55\nReligion,no religion,37%\n,,\nsex,Female,50.5\n"
	shares, err := ReadReferenceShares(strings.NewReader(good), "ref.csv")
	if err != nil {
		t.Fatal(err)
	}
	want := []ReferenceShare{{QuestionEthnicGroup, "asian_pakistani", 86}, {QuestionReligion, "none", 370}, {QuestionSex, "female", 505}}
	if len(shares) != len(want) {
		t.Fatalf("read %+v", shares)
	}
	for i := range want {
		if shares[i] != want[i] {
			t.Errorf("share %d = %+v, want %+v", i, shares[i], want[i])
		}
	}
	bad := "question,category,percent\ncolour,blue,3\nsex,other,4\nsex,female,lots\nsex,male,120\n"
	_, err = ReadReferenceShares(strings.NewReader(bad), "ref.csv")
	if err == nil {
		t.Fatal("a file of mistakes was read")
	}
	for _, s := range []string{"ref.csv:2: there is no question", "ref.csv:3: Sex has no answer", "ref.csv:4:", "ref.csv:5:"} {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("the mistakes do not say %q:\n%v", s, err)
		}
	}
	if _, err := ReadReferenceShares(strings.NewReader("a,b\n"), "x.csv"); err == nil || !strings.Contains(err.Error(), "x.csv:1:") {
		t.Errorf("a file without the columns: %v", err)
	}
}

// reachLine finds a line of a question's reach table by label.
func reachLine(t *testing.T, r Reach, q Question, label string) ReachLine {
	t.Helper()
	for _, tab := range r.Tables {
		if tab.Question != q {
			continue
		}
		for _, l := range tab.Lines {
			if l.Label == label {
				return l
			}
		}
		var labels []string
		for _, l := range tab.Lines {
			labels = append(labels, l.Label)
		}
		t.Fatalf("%s has no line %q: %q", q, label, labels)
	}
	t.Fatalf("no table for %s", q)
	return ReachLine{}
}

func TestReach(t *testing.T) {
	fx := newEqFixture(t)
	other := Forum{Name: "Recovery Voices"}
	if err := fx.s.SaveForum(fx.ctx, &other); err != nil {
		t.Fatal(err)
	}
	in := fx.meeting(fx.forum.ID, "2026-03-10", MeetingHeld)
	in2 := fx.meeting(fx.forum.ID, "2026-04-14", MeetingHeld)
	before := fx.meeting(fx.forum.ID, "2025-03-11", MeetingHeld)
	cancelled := fx.meeting(fx.forum.ID, "2026-05-12", MeetingCancelled)
	elsewhere := fx.meeting(other.ID, "2026-04-20", MeetingHeld)
	// 23 people came: 12 White British (born 1980), 9 Pakistani, 2 who
	// preferred not to say; 3 more came only before the period, to a
	// cancelled meeting, or sent apologies; 4 came only to the other forum.
	for i := range 30 {
		p := fx.person("Person " + string(rune('A'+i)))
		switch {
		case i < 23:
			m := in
			if i%2 == 1 {
				m = in2
			}
			fx.attend(m, p, Attended)
			if i < 3 {
				fx.attend(in2, p, Attended) // came twice: counted once
			}
		case i == 23:
			fx.attend(before, p, Attended)
		case i == 24:
			fx.attend(cancelled, p, Attended)
		case i == 25:
			fx.attend(in, p, Apologies)
		default:
			fx.attend(elsewhere, p, Attended)
		}
		switch {
		case i < 12 || i >= 26:
			fx.answers(p, func(e *EqualityAnswers) {
				e.EthnicGroup, e.BirthYear, e.Condition, e.Limitation = "white_british", "1980", "yes", "a_lot"
			})
		case i < 21:
			fx.answers(p, func(e *EqualityAnswers) { e.EthnicGroup, e.Condition = "asian_pakistani", "no" })
		case i < 23:
			fx.answers(p, func(e *EqualityAnswers) { e.EthnicGroup = PreferNotToSay })
		}
	}
	ref := Reference{Name: "City", AsOf: civil.MustParse("2021-03-21")}
	ref.SetShare(QuestionEthnicGroup, "white_british", 600, true)
	ref.SetShare(QuestionEthnicGroup, "asian_pakistani", 100, true)
	ref.SetShare(QuestionEthnicGroup, "asian_indian", 30, true)
	if err := fx.s.SaveReference(fx.ctx, &ref); err != nil {
		t.Fatal(err)
	}
	q := ReachQuery{From: civil.MustParse("2026-01-01"), To: civil.MustParse("2026-06-30"), ForumID: fx.forum.ID, ReferenceID: ref.ID}
	r, err := fx.s.Reach(fx.ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	if r.Forum != "Carers' Voice" || r.People.String() != "25" || r.Reference.Name != "City" || r.Threshold != 7 {
		t.Errorf("reach: forum %q, people %s, reference %+v, threshold %d", r.Forum, r.People, r.Reference, r.Threshold)
	}
	if len(r.Tables) != len(Questions) {
		t.Fatalf("%d tables, want one a question", len(r.Tables))
	}
	wb := reachLine(t, r, QuestionEthnicGroup, "English, Welsh, Scottish, Northern Irish or British")
	if wb.People.String() != "10" || wb.Depth != 2 || wb.Kind != ReachCategoryLine {
		t.Errorf("White British: %+v", wb)
	}
	// 10 of the 20 (21 rounded) who answered: 50%, against 60.0%: -10.
	if wb.Share.String() != "50%" || wb.ReferenceText() != "60.0%" || wb.Difference.String() != "-10" {
		t.Errorf("White British share %s, reference %s, difference %s", wb.Share, wb.ReferenceText(), wb.Difference)
	}
	pk := reachLine(t, r, QuestionEthnicGroup, "Pakistani")
	if pk.People.String() != "10" || pk.Share.String() != "50%" || pk.Difference.String() != "+40" {
		t.Errorf("Pakistani: %s %s %s", pk.People, pk.Share, pk.Difference)
	}
	asian := reachLine(t, r, QuestionEthnicGroup, "Asian or Asian British")
	if asian.Kind != ReachGroupLine || asian.ReferenceText() != "" {
		t.Errorf("a heading's reference is the sum of its answers' only when each has one: %+v", asian)
	}
	if prefer := reachLine(t, r, QuestionEthnicGroup, PreferNotToSayLabel); prefer.People.String() != "*" || prefer.Share.String() != disclosure.None {
		t.Errorf("prefer not to say: %s, share %s", prefer.People, prefer.Share)
	}
	if none := reachLine(t, r, QuestionEthnicGroup, ReachNoAnswerLabel); none.People.String() != "0" {
		t.Errorf("no answer: %s", none.People)
	}
	if tot := reachLine(t, r, QuestionEthnicGroup, ReachTotalLabel); tot.People.String() != "25" || tot.Kind != ReachTotalLine {
		t.Errorf("total: %+v", tot)
	}
	// Born 1980: 46 in 2026.
	if age := reachLine(t, r, QuestionAge, "45 to 54"); age.People.String() != "10" {
		t.Errorf("45 to 54: %s", age.People)
	}
	if lot := reachLine(t, r, QuestionCondition, "Day-to-day activities limited a lot"); lot.People.String() != "10" {
		t.Errorf("limited a lot: %s", lot.People)
	}
	if dis := reachLine(t, r, QuestionCondition, "Disabled under the Equality Act"); dis.Kind != ReachGroupLine || dis.People.String() != "10" {
		t.Errorf("disabled: %+v", dis)
	}
	// Every forum: the four from the other forum (White British) too.
	q.ForumID = ""
	all, err := fx.s.Reach(fx.ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	if all.Forum != "All forums" || all.People.String() != "25" {
		t.Errorf("all forums: %s %s", all.Forum, all.People)
	}
	if wb := reachLine(t, all, QuestionEthnicGroup, "English, Welsh, Scottish, Northern Irish or British"); wb.People.String() != "15" {
		t.Errorf("all forums, White British: %s, want 15 (12 + 4 = 16)", wb.People)
	}
	// A stricter threshold applies to every table.
	if err := fx.s.SetDisclosureThreshold(fx.ctx, 5); err == nil {
		t.Error("a threshold below 7 was accepted")
	}
	if err := fx.s.SetDisclosureThreshold(fx.ctx, 10); err != nil {
		t.Fatal(err)
	}
	q.ForumID = fx.forum.ID
	strict, err := fx.s.Reach(fx.ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	if pk := reachLine(t, strict, QuestionEthnicGroup, "Pakistani"); pk.People.String() != "*" || strict.Threshold != 10 {
		t.Errorf("threshold 10: 9 Pakistani people shown as %s", pk.People)
	}
	if !strings.Contains(strict.Footnote, "1 to 10 people") {
		t.Errorf("the footnote does not give the threshold: %s", strict.Footnote)
	}
	if err := fx.s.SetDisclosureThreshold(fx.ctx, 0); err != nil {
		t.Fatal(err)
	}
	if r, _ := fx.s.DisclosureRule(fx.ctx); r.Threshold() != 7 {
		t.Error("0 did not go back to NHS Digital's rule")
	}
	// Mistakes.
	if _, err := fx.s.Reach(fx.ctx, ReachQuery{From: q.To, To: q.From}); err == nil {
		t.Error("a period that ends before it starts")
	}
	forums, err := fx.s.ReachForums(fx.ctx, q.From, q.To)
	if err != nil || len(forums) != 2 || forums[0].Name != "Carers' Voice" {
		t.Errorf("forums that met: %+v %v", forums, err)
	}
}

// TestReachOfFewPeopleIsWithheld: a forum of 5 people shows no breakdown.
func TestReachOfFewPeopleIsWithheld(t *testing.T) {
	fx := newEqFixture(t)
	m := fx.meeting(fx.forum.ID, "2026-03-10", MeetingHeld)
	for i := range 5 {
		p := fx.person("P" + string(rune('a'+i)))
		fx.attend(m, p, Attended)
		fx.answers(p, func(e *EqualityAnswers) { e.Religion = "sikh" })
	}
	r, err := fx.s.Reach(fx.ctx, ReachQuery{From: civil.MustParse("2026-01-01"), To: civil.MustParse("2026-06-30"), ForumID: fx.forum.ID})
	if err != nil {
		t.Fatal(err)
	}
	for _, tab := range r.Tables {
		if !tab.Withheld || len(tab.Lines) != 1 || tab.Lines[0].People.String() != "*" {
			t.Errorf("%s: withheld %v, lines %+v", tab.Title, tab.Withheld, tab.Lines)
		}
	}
}

func TestDemoEquality(t *testing.T) {
	s := openDemo(t, DemoPeople, 1)
	ctx := context.Background()
	answered := demoCountStore(t, s, "SELECT count(*) FROM equality_answers")
	if answered < DemoPeople*3/4 || answered == DemoPeople {
		t.Errorf("%d of %d demo people have answers: want most, not all", answered, DemoPeople)
	}
	if n := demoCountStore(t, s, "SELECT count(*) FROM equality_answers WHERE 'prefer_not' IN (ethnic_group, sex, religion, sexual_orientation)"); n == 0 {
		t.Error("nobody in the demo preferred not to say")
	}
	refs, err := s.References(ctx)
	if err != nil || len(refs) != 1 || refs[0].Name != DemoReferenceName || len(refs[0].Shares) < 40 {
		t.Fatalf("demo reference: %+v %v", refs, err)
	}
	today := civil.In(demoTestNow, London)
	r, err := s.Reach(ctx, ReachQuery{From: today.AddYears(-1), To: today, ReferenceID: refs[0].ID})
	if err != nil {
		t.Fatal(err)
	}
	if n, ok := r.People.Shown(); !ok || n < 20 {
		t.Errorf("the demo's year involved %s people", r.People)
	}
}

// TestOnlyTheseReadEqualityAnswers guards where the answers can go: only
// these files of the program name their table or load them. A new
// reader (a list, an export, a report) must come through here, and
// through disclosure control, or through the person's own subject-access
// export when that is added.
func TestOnlyTheseReadEqualityAnswers(t *testing.T) {
	allowed := map[string]string{
		"store/equality.go":                  "the answers: load, save, erase",
		"store/reach.go":                     "reach: counted through disclosure control",
		"store/persondata.go":                "the person-data registry: erasing a person, the count before it, and their own subject-access export",
		"store/demo_equality.go":             "the demo's answers",
		"tui/equality/form.go":               "the person's equality monitoring form",
		"store/migrations/0008_equality.sql": "the table",
	}
	root := ".."
	var found []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "third_party" || d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) && path != root {
			return filepath.SkipDir
		}
		if d.IsDir() || strings.HasSuffix(path, "_test.go") || !(strings.HasSuffix(path, ".go") || strings.HasSuffix(path, ".sql")) {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if bytes.Contains(b, []byte("equality_answers")) || bytes.Contains(b, []byte(".EqualityAnswers(")) {
			rel, _ := filepath.Rel(root, path)
			found = append(found, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range found {
		if _, ok := allowed[f]; !ok {
			t.Errorf("%s reads equality monitoring answers: they may be shown only on the person's form, counted only through disclosure control", f)
		}
	}
	if len(found) < 4 {
		t.Errorf("found only %v: the search is not looking where it should", found)
	}
}
