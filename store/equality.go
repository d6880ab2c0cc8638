package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/involve/involve/civil"
	"github.com/involve/involve/termsafe"
)

// Equality monitoring: optional, self-described answers to the GSS
// harmonised questions as Census 2021 (England) asked them, each with
// "Prefer not to say", kept with the date they were given and the date the
// person agreed to our holding them. They are special-category data: kept
// in a table of their own (equality_answers), shown only on the person's
// equality monitoring form, never on a list or in `involve export`, and
// counted only through disclosure control (package disclosure, Reach).
// Erasing the person erases them.
//
// The questions, word for word, and where they come from:
//
//   - Ethnic group: the GSS ethnicity harmonised standard for England, as
//     Census 2021 asked it: "What is your ethnic group? Choose one option
//     that best describes your ethnic group or background", 19 answers
//     under 5 headings, with a write-in for each "Any other".
//     https://analysisfunction.civilservice.gov.uk/policy-store/ethnicity-harmonised-standard/
//   - Sex: Census 2021, "What is your sex?" Female, Male.
//     https://www.ons.gov.uk/aboutus/transparencyandgovernance/freedomofinformationfoi/sexandgendercensusquestions
//   - Gender identity: Census 2021, "Is the gender you identify with the
//     same as your sex registered at birth?" Yes; No, with the term they
//     use. https://census.gov.uk/help/how-to-answer-questions/paper-questions-help/is-the-gender-you-identify-with-the-same-as-your-sex-registered-at-birth
//   - Sexual orientation: the GSS sexual orientation harmonised standard,
//     as Census 2021 asked it: "Which of the following best describes your
//     sexual orientation?" Straight or Heterosexual; Gay or Lesbian;
//     Bisexual; Other sexual orientation (write in).
//     https://www.ons.gov.uk/census/census2021dictionary/variablesbytopic/sexualorientationandgenderidentityvariablescensus2021/sexualorientation
//   - Religion: the GSS religion harmonised standard for England, as
//     Census 2021 asked it: "What is your religion?" No religion;
//     Christian (including Church of England, Catholic, Protestant and all
//     other Christian denominations); Buddhist; Hindu; Jewish; Muslim;
//     Sikh; Any other religion (write in).
//     https://analysisfunction.civilservice.gov.uk/policy-store/religion/
//   - Long-term condition and day-to-day limitation, the GSS two-part
//     question as Census 2021 asked it: "Do you have any physical or mental
//     health conditions or illnesses lasting or expected to last 12 months
//     or more?" Yes, No; then, of those who said yes, "Do any of your
//     conditions or illnesses reduce your ability to carry out day-to-day
//     activities?" Yes, a lot; Yes, a little; Not at all. Reported as the
//     census reports disability under the Equality Act 2010.
//     https://www.ons.gov.uk/census/census2021dictionary/variablesbytopic/healthdisabilityandunpaidcarevariablescensus2021/disability
//     https://gss.civilservice.gov.uk/policy-store/long-lasting-health-conditions-and-illness/
//   - Year of birth: the census asks the date of birth; only the year is
//     kept here (less to hold), and it is reported only in age bands.
//   - First language: Census 2021, "What is your main language?" English;
//     Other, write in (including British Sign Language).
//     https://www.ons.gov.uk/census/census2021dictionary/variablesbytopic/ethnicgroupnationalidentitylanguageandreligionvariablescensus2021/mainlanguage

// Question names one equality monitoring question, as reach tables and
// reference populations know it.
type Question string

// The questions, in the order forms and reports give them.
const (
	QuestionEthnicGroup       Question = "ethnic_group"
	QuestionSex               Question = "sex"
	QuestionGenderIdentity    Question = "gender_identity"
	QuestionSexualOrientation Question = "sexual_orientation"
	QuestionReligion          Question = "religion"
	QuestionCondition         Question = "long_term_condition"
	QuestionAge               Question = "age"
	QuestionLanguage          Question = "main_language"
)

// Questions lists every question in order.
var Questions = []Question{QuestionEthnicGroup, QuestionSex, QuestionGenderIdentity, QuestionSexualOrientation,
	QuestionReligion, QuestionCondition, QuestionAge, QuestionLanguage}

// PreferNotToSay is the answer every question offers.
const PreferNotToSay = "prefer_not"

// PreferNotToSayLabel is how it is written.
const PreferNotToSayLabel = "Prefer not to say"

// EqualityChoice is one answer a question offers.
type EqualityChoice struct {
	Code  string
	Label string
	// Group is the heading it is listed under ("Asian or Asian British"),
	// or "".
	Group string
	// WriteIn is true for an "any other" answer the person may describe in
	// their own words.
	WriteIn bool
}

// The answers to the ethnic group question, under their headings.
var EthnicGroups = []EqualityChoice{
	{"white_british", "English, Welsh, Scottish, Northern Irish or British", "White", false},
	{"white_irish", "Irish", "White", false},
	{"white_gypsy_traveller", "Gypsy or Irish Traveller", "White", false},
	{"white_roma", "Roma", "White", false},
	{"white_other", "Any other White background", "White", true},
	{"mixed_white_black_caribbean", "White and Black Caribbean", "Mixed or Multiple ethnic groups", false},
	{"mixed_white_black_african", "White and Black African", "Mixed or Multiple ethnic groups", false},
	{"mixed_white_asian", "White and Asian", "Mixed or Multiple ethnic groups", false},
	{"mixed_other", "Any other Mixed or Multiple ethnic background", "Mixed or Multiple ethnic groups", true},
	{"asian_indian", "Indian", "Asian or Asian British", false},
	{"asian_pakistani", "Pakistani", "Asian or Asian British", false},
	{"asian_bangladeshi", "Bangladeshi", "Asian or Asian British", false},
	{"asian_chinese", "Chinese", "Asian or Asian British", false},
	{"asian_other", "Any other Asian background", "Asian or Asian British", true},
	{"black_caribbean", "Caribbean", "Black, Black British, Caribbean or African", false},
	{"black_african", "African", "Black, Black British, Caribbean or African", false},
	{"black_other", "Any other Black, Black British or Caribbean background", "Black, Black British, Caribbean or African", true},
	{"other_arab", "Arab", "Other ethnic group", false},
	{"other_any", "Any other ethnic group", "Other ethnic group", true},
}

// The answers to the other questions.
var (
	Sexes = []EqualityChoice{{Code: "female", Label: "Female"}, {Code: "male", Label: "Male"}}
	// GenderAnswers answer "Is the gender you identify with the same as
	// your sex registered at birth?"
	GenderAnswers = []EqualityChoice{{Code: "yes", Label: "Yes"}, {Code: "no", Label: "No", WriteIn: true}}
	Orientations  = []EqualityChoice{
		{Code: "straight", Label: "Straight or Heterosexual"},
		{Code: "gay_lesbian", Label: "Gay or Lesbian"},
		{Code: "bisexual", Label: "Bisexual"},
		{Code: "other", Label: "Other sexual orientation", WriteIn: true},
	}
	Religions = []EqualityChoice{
		{Code: "none", Label: "No religion"},
		{Code: "christian", Label: "Christian (including Church of England, Catholic, Protestant and all other Christian denominations)"},
		{Code: "buddhist", Label: "Buddhist"},
		{Code: "hindu", Label: "Hindu"},
		{Code: "jewish", Label: "Jewish"},
		{Code: "muslim", Label: "Muslim"},
		{Code: "sikh", Label: "Sikh"},
		{Code: "other", Label: "Any other religion", WriteIn: true},
	}
	// ConditionAnswers answer the first part of the two-part question.
	ConditionAnswers = []EqualityChoice{{Code: "yes", Label: "Yes"}, {Code: "no", Label: "No"}}
	// LimitationAnswers answer the second part, asked of those who said yes.
	LimitationAnswers = []EqualityChoice{{Code: "a_lot", Label: "Yes, a lot"}, {Code: "a_little", Label: "Yes, a little"}, {Code: "not_at_all", Label: "Not at all"}}
	Languages         = []EqualityChoice{{Code: "english", Label: "English"}, {Code: "other", Label: "Other (including British Sign Language)", WriteIn: true}}
)

// The questions as they are asked.
const (
	AskEthnicGroup       = "What is your ethnic group?"
	HintEthnicGroup      = "Choose one option that best describes your ethnic group or background."
	AskSex               = "What is your sex?"
	AskGenderIdentity    = "Is the gender you identify with the same as your sex registered at birth?"
	AskSexualOrientation = "Which of the following best describes your sexual orientation?"
	AskReligion          = "What is your religion?"
	AskCondition         = "Do you have any physical or mental health conditions or illnesses lasting or expected to last 12 months or more?"
	AskLimitation        = "Do any of your conditions or illnesses reduce your ability to carry out day-to-day activities?"
	AskBirthYear         = "In what year were you born?"
	AskLanguage          = "What is your main language?"
)

// EqualityAnswers are one person's answers to the equality monitoring
// questions. Each answer is a code from the question's answers,
// PreferNotToSay, or "" (not answered). The write-ins describe an "any
// other" answer in the person's own words.
type EqualityAnswers struct {
	Meta
	PersonID string `json:"person_id"`
	// RecordedOn is the day the answers were given; ConsentOn the day the
	// person agreed to our holding them.
	RecordedOn civil.Date `json:"recorded_on"`
	ConsentOn  civil.Date `json:"consent_on"`

	EthnicGroup       string `json:"ethnic_group"`
	EthnicOther       string `json:"ethnic_group_described"`
	Sex               string `json:"sex"`
	GenderSame        string `json:"gender_same_as_sex_registered_at_birth"`
	GenderTerm        string `json:"gender_identity_described"`
	SexualOrientation string `json:"sexual_orientation"`
	OrientationOther  string `json:"sexual_orientation_described"`
	Religion          string `json:"religion"`
	ReligionOther     string `json:"religion_described"`
	Condition         string `json:"long_term_condition"`
	Limitation        string `json:"day_to_day_limitation"`
	BirthYear         string `json:"year_of_birth"` // "1971", PreferNotToSay or ""
	Language          string `json:"main_language"`
	LanguageOther     string `json:"main_language_described"`
}

// writeIns pairs each answer with its write-in, and the answers it offers.
func (e *EqualityAnswers) writeIns() []struct {
	field   string
	answer  string
	text    *string
	answers []EqualityChoice
} {
	return []struct {
		field   string
		answer  string
		text    *string
		answers []EqualityChoice
	}{
		{"Ethnic group", e.EthnicGroup, &e.EthnicOther, EthnicGroups},
		{"Gender identity", e.GenderSame, &e.GenderTerm, GenderAnswers},
		{"Sexual orientation", e.SexualOrientation, &e.OrientationOther, Orientations},
		{"Religion", e.Religion, &e.ReligionOther, Religions},
		{"Main language", e.Language, &e.LanguageOther, Languages},
	}
}

// clean sanitises the write-ins and drops those that describe no "any
// other" answer, and the limitation of someone with no condition.
func (e *EqualityAnswers) clean() {
	for _, w := range e.writeIns() {
		*w.text = termsafe.Line(*w.text)
		if a, ok := findAnswer(w.answers, w.answer); !ok || !a.WriteIn {
			*w.text = ""
		}
	}
	e.BirthYear = strings.TrimSpace(e.BirthYear)
	if e.Condition != "yes" {
		e.Limitation = ""
	}
}

func findAnswer(answers []EqualityChoice, code string) (EqualityChoice, bool) {
	for _, a := range answers {
		if a.Code == code {
			return a, true
		}
	}
	return EqualityChoice{}, false
}

// AnswerLabel is an answer's code in words ("Prefer not to say", "Not
// answered" for "").
func AnswerLabel(answers []EqualityChoice, code string) string {
	switch code {
	case "":
		return "Not answered"
	case PreferNotToSay:
		return PreferNotToSayLabel
	}
	if a, ok := findAnswer(answers, code); ok {
		return a.Label
	}
	return code
}

// ValidateOn checks the answers before they are saved, with today's date
// (London) for the dates and the year of birth.
func (e *EqualityAnswers) ValidateOn(today civil.Date) error {
	if e.PersonID == "" {
		return fieldErr("Person", "say whose answers these are")
	}
	if e.ConsentOn.IsZero() {
		return fieldErr("Consent", "answers are kept only with the person's agreement: say when they gave it")
	}
	if e.RecordedOn.IsZero() {
		return fieldErr("Date", "say when the answers were given")
	}
	for _, d := range []struct {
		field string
		date  civil.Date
	}{{"Consent", e.ConsentOn}, {"Date", e.RecordedOn}} {
		if d.date.After(today) {
			return fieldErr(d.field, "%s is still to come (today is %s)", d.date, today)
		}
	}
	for _, c := range []struct {
		field   string
		code    string
		answers []EqualityChoice
	}{
		{"Ethnic group", e.EthnicGroup, EthnicGroups},
		{"Sex", e.Sex, Sexes},
		{"Gender identity", e.GenderSame, GenderAnswers},
		{"Sexual orientation", e.SexualOrientation, Orientations},
		{"Religion", e.Religion, Religions},
		{"Long-term condition", e.Condition, ConditionAnswers},
		{"Day-to-day activities", e.Limitation, LimitationAnswers},
		{"Main language", e.Language, Languages},
	} {
		if c.code == "" || c.code == PreferNotToSay {
			continue
		}
		if _, ok := findAnswer(c.answers, c.code); !ok {
			return fieldErr(c.field, "%q is not one of the answers", c.code)
		}
	}
	if e.Limitation != "" && e.Condition != "yes" {
		return fieldErr("Day-to-day activities", "asked only of someone with a long-term condition")
	}
	for _, w := range e.writeIns() {
		if n := len([]rune(*w.text)); n > 80 {
			return fieldErr(w.field, "the description is too long (80 characters at most)")
		}
	}
	return ValidateBirthYear(e.BirthYear, today)
}

// ValidateBirthYear accepts "", PreferNotToSay or a year from 1900 to this
// one.
func ValidateBirthYear(s string, today civil.Date) error {
	s = strings.TrimSpace(s)
	if s == "" || s == PreferNotToSay {
		return nil
	}
	y, err := strconv.Atoi(s)
	if err != nil || len(s) != 4 {
		return fieldErr("Year of birth", "%q is not a year: write it like 1971", s)
	}
	if y < 1900 || y > today.Year {
		return fieldErr("Year of birth", "%d is not a year of birth (1900 to %d)", y, today.Year)
	}
	return nil
}

const equalityCols = `id, created_at, updated_at, version, person_id, recorded_on, consent_on,
	ethnic_group, ethnic_other, sex, gender_same, gender_term, sexual_orientation, orientation_other,
	religion, religion_other, condition, limitation, birth_year, main_language, language_other`

func scanEquality(sc interface{ Scan(...any) error }, e *EqualityAnswers) error {
	ms := metaScan{m: &e.Meta}
	if err := sc.Scan(append(ms.dest(), &e.PersonID, &e.RecordedOn, &e.ConsentOn,
		&e.EthnicGroup, &e.EthnicOther, &e.Sex, &e.GenderSame, &e.GenderTerm, &e.SexualOrientation,
		&e.OrientationOther, &e.Religion, &e.ReligionOther, &e.Condition, &e.Limitation, &e.BirthYear,
		&e.Language, &e.LanguageOther)...); err != nil {
		return err
	}
	ms.finish()
	return nil
}

// EqualityAnswers loads a person's equality monitoring answers for their
// form (and their own subject-access export): nothing else may show them.
// When none are held it returns the zero record with PersonID set.
func (s *Store) EqualityAnswers(ctx context.Context, personID string) (EqualityAnswers, error) {
	if err := s.allow(ctx, "EqualityAnswers"); err != nil {
		return EqualityAnswers{}, err
	}
	var e EqualityAnswers
	err := scanEquality(s.db.QueryRowContext(ctx, "SELECT "+equalityCols+" FROM equality_answers WHERE person_id = ?", personID), &e)
	if errors.Is(err, sql.ErrNoRows) {
		return EqualityAnswers{PersonID: personID}, nil
	}
	return e, err
}

// EqualityRecorded says whether answers are held for a person and the day
// they were given, without loading them (for the person's page).
func (s *Store) EqualityRecorded(ctx context.Context, personID string) (civil.Date, bool, error) {
	if err := s.allow(ctx, "EqualityRecorded"); err != nil {
		return civil.Date{}, false, err
	}
	var d civil.Date
	err := s.db.QueryRowContext(ctx, "SELECT recorded_on FROM equality_answers WHERE person_id = ?", personID).Scan(&d)
	if errors.Is(err, sql.ErrNoRows) {
		return civil.Date{}, false, nil
	}
	return d, err == nil, err
}

// SaveEqualityAnswers inserts a person's answers (empty ID) or updates them
// if they have not changed since they were loaded. On success e holds the
// stored values; on failure it is left as it was.
func (s *Store) SaveEqualityAnswers(ctx context.Context, e *EqualityAnswers) error {
	if err := s.allow(ctx, "SaveEqualityAnswers"); err != nil {
		return err
	}
	g := *e
	g.clean()
	if err := g.ValidateOn(civil.In(s.now(), London)); err != nil {
		return err
	}
	args := []any{g.RecordedOn, g.ConsentOn, g.EthnicGroup, g.EthnicOther, g.Sex, g.GenderSame, g.GenderTerm,
		g.SexualOrientation, g.OrientationOther, g.Religion, g.ReligionOther, g.Condition, g.Limitation,
		g.BirthYear, g.Language, g.LanguageOther}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if g.ID == "" {
			var one int
			err := tx.QueryRowContext(ctx, "SELECT 1 FROM people WHERE id = ?", g.PersonID).Scan(&one)
			if errors.Is(err, sql.ErrNoRows) {
				return ErrNotFound
			}
			if err != nil {
				return err
			}
			s.newMeta(&g.Meta)
			_, err = tx.ExecContext(ctx, `INSERT INTO equality_answers (`+equalityCols+`)
				VALUES (?,?,?,?,?`+repeatArgs(16)+`)`,
				append([]any{g.ID, ts(g.CreatedAt), ts(g.UpdatedAt), g.Version, g.PersonID}, args...)...)
			if isUnique(err) {
				return ErrConflict // recorded by someone else since this was loaded
			}
			return err
		}
		old := g.Version
		s.bump(&g.Meta)
		res, err := tx.ExecContext(ctx, `UPDATE equality_answers SET recorded_on=?, consent_on=?,
			ethnic_group=?, ethnic_other=?, sex=?, gender_same=?, gender_term=?, sexual_orientation=?,
			orientation_other=?, religion=?, religion_other=?, condition=?, limitation=?, birth_year=?,
			main_language=?, language_other=?, updated_at=?, version=?
			WHERE id=? AND person_id=? AND version=?`,
			append(args, ts(g.UpdatedAt), g.Version, g.ID, g.PersonID, old)...)
		if err != nil {
			return err
		}
		return checkUpdated(ctx, tx, res, "equality_answers", g.ID)
	})
	if err != nil {
		return err
	}
	*e = g
	return nil
}

// DeleteEqualityAnswers erases a person's answers (they withdrew their
// agreement), if they have not changed since they were loaded.
func (s *Store) DeleteEqualityAnswers(ctx context.Context, id string, version int64) error {
	if err := s.allow(ctx, "DeleteEqualityAnswers"); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "DELETE FROM equality_answers WHERE id = ? AND version = ?", id, version)
		if err != nil {
			return err
		}
		return checkUpdated(ctx, tx, res, "equality_answers", id)
	})
}

// String is never the answers: a record printed by mistake (a log, an
// error) says only whose it is.
func (e EqualityAnswers) String() string {
	return fmt.Sprintf("equality monitoring answers (%s)", e.ID)
}
