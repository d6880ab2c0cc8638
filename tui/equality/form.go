// Package equality is the interface to equality monitoring: a person's
// equality monitoring form (the one place their answers are shown) and the
// reach screen (who the forums reach, every count through disclosure
// control).
package equality

import (
	"context"
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"github.com/involve/involve/civil"
	"github.com/involve/involve/store"
	"github.com/involve/involve/tui/kit"
)

// privacyToDo is what waits for the privacy screen to be turned off.
const privacyToDo = "open someone's equality monitoring answers"

// Open loads a person's equality monitoring answers and opens their form.
// It is refused while the privacy screen is on: the answers are shown
// nowhere else, and never to the room.
func Open(c *kit.Common, personID string) tea.Cmd {
	if c.Privacy {
		return c.PrivacyRefusal(privacyToDo)
	}
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), kit.DefaultTimeout)
		defer cancel()
		p, err := c.Store.Person(ctx, personID)
		if err != nil {
			return kit.StatusMsg{Text: kit.ErrText(err), Err: true}
		}
		a, err := c.Store.EqualityAnswers(ctx, personID)
		if err != nil {
			return kit.StatusMsg{Text: kit.ErrText(err), Err: true}
		}
		if c.Privacy { // turned on while the answers were loading
			return kit.StatusMsg{Text: c.PrivacyRefusalText(privacyToDo)}
		}
		return kit.PushMsg{Screen: NewForm(c, p, a)}
	}
}

// answersForm is the form's values: the answers as loaded, edited in place,
// with the dates and the year of birth as typed.
type answersForm struct {
	A         store.EqualityAnswers
	Agree     bool
	Recorded  string
	Consented string
	YearSaid  string // "", "year" or store.PreferNotToSay
	Year      string
	today     civil.Date
	outcome   string // what saving did: "saved", "erased" or "nothing"
}

func newAnswersForm(a store.EqualityAnswers, today civil.Date) *answersForm {
	v := &answersForm{A: a, Agree: a.ID != "", today: today,
		Recorded: today.String(), Consented: today.String()}
	if !a.RecordedOn.IsZero() {
		v.Recorded = a.RecordedOn.String()
	}
	if !a.ConsentOn.IsZero() {
		v.Consented = a.ConsentOn.String()
	}
	switch a.BirthYear {
	case "", store.PreferNotToSay:
		v.YearSaid = a.BirthYear
	default:
		v.YearSaid, v.Year = "year", a.BirthYear
	}
	return v
}

// answers are the values as a record to save.
func (v *answersForm) answers() (store.EqualityAnswers, error) {
	e := v.A
	var err error
	if e.RecordedOn, err = civil.Parse(v.Recorded); err != nil {
		return e, &store.FieldError{Field: "Answers given on", Message: err.Error()}
	}
	if e.ConsentOn, err = civil.Parse(v.Consented); err != nil {
		return e, &store.FieldError{Field: "Agreed on", Message: err.Error()}
	}
	switch v.YearSaid {
	case "year":
		e.BirthYear = strings.TrimSpace(v.Year)
		if e.BirthYear == "" {
			return e, &store.FieldError{Field: "Year of birth", Message: "type the year, or choose not answered"}
		}
	default:
		e.BirthYear = v.YearSaid
	}
	return e, nil
}

// save keeps the answers, or erases them when the person no longer agrees
// to our holding them.
func (v *answersForm) save(ctx context.Context, st *store.Store) error {
	if !v.Agree {
		v.outcome = "nothing"
		if v.A.ID == "" {
			return nil
		}
		if err := st.DeleteEqualityAnswers(ctx, v.A.ID, v.A.Version); err != nil {
			return err
		}
		v.outcome = "erased"
		v.A = store.EqualityAnswers{PersonID: v.A.PersonID}
		return nil
	}
	e, err := v.answers()
	if err != nil {
		return err
	}
	if err := st.SaveEqualityAnswers(ctx, &e); err != nil {
		return err
	}
	v.A, v.outcome = e, "saved"
	return nil
}

// checkDate is the live check of the two dates: a real day, not to come.
func (v *answersForm) checkDate(s string) error {
	d, err := civil.Parse(s)
	if err != nil {
		return err
	}
	if d.After(v.today) {
		return fmt.Errorf("%s is still to come (today is %s)", d, v.today)
	}
	return nil
}

func (v *answersForm) checkYear(s string) error {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	return store.ValidateBirthYear(s, v.today)
}

// options are a question's answers for a select: not answered first, then
// the answers (under their headings), then prefer not to say.
func options(choices []store.EqualityChoice) []huh.Option[string] {
	out := []huh.Option[string]{huh.NewOption("Not answered", "")}
	for _, c := range choices {
		label := c.Label
		if c.Group != "" {
			label = c.Group + ": " + label
		}
		out = append(out, huh.NewOption(label, c.Code))
	}
	return append(out, huh.NewOption(store.PreferNotToSayLabel, store.PreferNotToSay))
}

// takesWriteIn reports whether code is an "any other" answer.
func takesWriteIn(choices []store.EqualityChoice, code string) bool {
	for _, c := range choices {
		if c.Code == code {
			return c.WriteIn
		}
	}
	return false
}

// NewForm is the equality monitoring form for person p with the answers
// held (a.ID is "" when there are none).
func NewForm(c *kit.Common, p store.Person, a store.EqualityAnswers) *kit.FormScreen {
	v := newAnswersForm(a, civil.In(c.Now(), store.London))
	name := c.Name(p.Name, p.PreferredName)
	return kit.NewForm(c, kit.FormSpec{
		Title: "Equality monitoring — " + name,
		Build: func() *huh.Form { return v.build(c) },
		// %#v: the answers' String hides them, and would hide a change.
		Snapshot: func() string { return fmt.Sprintf("%#v", *v) },
		Live: map[string]func(string) error{
			"recorded": v.checkDate, "consented": v.checkDate, "year": v.checkYear,
		},
		Save: v.save,
		Done: func() string {
			switch v.outcome {
			case "erased":
				return "Erased " + name + "'s equality monitoring answers."
			case "nothing":
				return "Nothing kept: " + name + " did not agree to our holding their answers."
			}
			return "Saved " + name + "'s equality monitoring answers."
		},
	})
}

// build lays the questions out a group a page: the agreement and dates,
// then each question, its write-in on a page of its own shown only for an
// "any other" answer. Without the person's agreement the questions are
// skipped and nothing is kept.
func (v *answersForm) build(c *kit.Common) *huh.Form {
	asked := func() bool { return !v.Agree }
	selectH := max(5, min(14, c.Height-9))
	sel := func(key, title, desc string, choices []store.EqualityChoice, value *string) *huh.Group {
		opts := options(choices)
		return huh.NewGroup(huh.NewSelect[string]().Key(key).Title(title).Description(desc).
			Options(opts...).Value(value).Height(min(len(opts)+2, selectH))).WithHideFunc(asked)
	}
	writeIn := func(key, title string, choices []store.EqualityChoice, answer, value *string) *huh.Group {
		return huh.NewGroup(huh.NewInput().Key(key).Title(title).
			Description("In their own words; may stay empty.").CharLimit(80).Value(value)).
			WithHideFunc(func() bool { return !v.Agree || !takesWriteIn(choices, *answer) })
	}
	a := &v.A
	return huh.NewForm(
		huh.NewGroup(
			huh.NewNote().Title("Equality monitoring").Description(
				"Every question is optional, and each may be answered \"Prefer not to say\". "+
					"The answers are kept apart from their record, shown only on this form, "+
					"and counted only in reach tables where nobody can be recognised."),
			huh.NewConfirm().Key("agree").Title("Do they agree to our holding their answers?").
				Description("No erases any answers held.").Affirmative("Yes").Negative("No").Value(&v.Agree),
			huh.NewInput().Key("consented").Title("Agreed on").Placeholder("YYYY-MM-DD").Value(&v.Consented).Validate(v.checkDate),
			huh.NewInput().Key("recorded").Title("Answers given on").Placeholder("YYYY-MM-DD").Value(&v.Recorded).Validate(v.checkDate),
		).Title("Their agreement"),
		sel("ethnic", store.AskEthnicGroup, store.HintEthnicGroup, store.EthnicGroups, &a.EthnicGroup),
		writeIn("ethnic_other", "Their ethnic group or background", store.EthnicGroups, &a.EthnicGroup, &a.EthnicOther),
		sel("sex", store.AskSex, "", store.Sexes, &a.Sex),
		sel("gender", store.AskGenderIdentity, "", store.GenderAnswers, &a.GenderSame),
		writeIn("gender_term", "The term they use for their gender", store.GenderAnswers, &a.GenderSame, &a.GenderTerm),
		sel("orientation", store.AskSexualOrientation, "", store.Orientations, &a.SexualOrientation),
		writeIn("orientation_other", "Their sexual orientation", store.Orientations, &a.SexualOrientation, &a.OrientationOther),
		sel("religion", store.AskReligion, "", store.Religions, &a.Religion),
		writeIn("religion_other", "Their religion", store.Religions, &a.Religion, &a.ReligionOther),
		sel("condition", store.AskCondition, "", store.ConditionAnswers, &a.Condition),
		huh.NewGroup(huh.NewSelect[string]().Key("limitation").Title(store.AskLimitation).
			Options(options(store.LimitationAnswers)...).Value(&a.Limitation)).
			WithHideFunc(func() bool { return !v.Agree || a.Condition != "yes" }),
		huh.NewGroup(
			huh.NewSelect[string]().Key("year_said").Title(store.AskBirthYear).
				Description("Only the year is kept, and it is counted only in age bands.").
				Options(huh.NewOption("Not answered", ""), huh.NewOption("They gave a year", "year"),
					huh.NewOption(store.PreferNotToSayLabel, store.PreferNotToSay)).Value(&v.YearSaid),
		).WithHideFunc(asked),
		huh.NewGroup(huh.NewInput().Key("year").Title("Year of birth").Placeholder("e.g. 1971").CharLimit(4).
			Value(&v.Year).Validate(v.checkYear)).
			WithHideFunc(func() bool { return !v.Agree || v.YearSaid != "year" }),
		sel("language", store.AskLanguage, "", store.Languages, &a.Language),
		writeIn("language_other", "Their main language", store.Languages, &a.Language, &a.LanguageOther),
	)
}
