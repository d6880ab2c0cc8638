package store

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/involve/involve/civil"
)

// The demo's equality monitoring answers and reference population: every
// answer and every share is made up. Most people answered, some preferred
// not to say, some left a question blank, and some were never asked.

// weighted is an answer and how often the demo gives it (in thousandths).
type weighted struct {
	code string
	w    int
}

func pickWeighted(rng *rand.Rand, ws []weighted) string {
	total := 0
	for _, w := range ws {
		total += w.w
	}
	n := rng.IntN(total)
	for _, w := range ws {
		if n < w.w {
			return w.code
		}
		n -= w.w
	}
	return ws[len(ws)-1].code
}

var (
	demoEthnic = []weighted{
		{"white_british", 560}, {"white_irish", 15}, {"white_gypsy_traveller", 5}, {"white_roma", 5}, {"white_other", 60},
		{"mixed_white_black_caribbean", 18}, {"mixed_white_black_african", 8}, {"mixed_white_asian", 10}, {"mixed_other", 10},
		{"asian_indian", 25}, {"asian_pakistani", 85}, {"asian_bangladeshi", 15}, {"asian_chinese", 25}, {"asian_other", 20},
		{"black_caribbean", 18}, {"black_african", 60}, {"black_other", 15}, {"other_arab", 20}, {"other_any", 26},
	}
	demoEthnicOther = map[string][]string{
		"white_other": {"Polish", "Romanian", "Italian", "Lithuanian"},
		"mixed_other": {"White and Arab", "Black African and Asian"},
		"asian_other": {"Filipino", "Sri Lankan", "Nepali"},
		"black_other": {"Black British", "Black Caribbean and African"},
		"other_any":   {"Kurdish", "Iranian", "Latin American"},
	}
	demoSex         = []weighted{{"female", 45}, {"male", 55}}
	demoGender      = []weighted{{"yes", 96}, {"no", 4}}
	demoGenderTerms = []string{"Non-binary", "Trans woman", "Trans man"}
	demoOrientation = []weighted{{"straight", 85}, {"gay_lesbian", 6}, {"bisexual", 6}, {"other", 3}}
	demoOrientOther = []string{"Pansexual", "Asexual", "Queer"}
	demoReligion    = []weighted{{"none", 450}, {"christian", 320}, {"muslim", 140}, {"hindu", 15}, {"sikh", 10},
		{"jewish", 10}, {"buddhist", 10}, {"other", 15}}
	demoReligionOther = []string{"Pagan", "Spiritual", "Rastafarian"}
	demoCondition     = []weighted{{"yes", 55}, {"no", 45}}
	demoLimitation    = []weighted{{"a_lot", 35}, {"a_little", 40}, {"not_at_all", 20}, {PreferNotToSay, 5}}
	demoAges          = []weighted{{"20", 8}, {"29", 20}, {"39", 28}, {"49", 24}, {"59", 14}, {"68", 6}}
	demoLanguage      = []weighted{{"english", 88}, {"other", 12}}
	demoLanguages     = []string{"Urdu", "Polish", "Arabic", "Somali", "British Sign Language", "Punjabi", "Bengali", "Kurdish"}
)

// demoReference is the demo's reference population: shares loosely like a
// northern English city's, made up, in tenths of a percent.
var demoReference = map[Question][]weighted{
	QuestionEthnicGroup: {
		{"white_british", 503}, {"white_irish", 15}, {"white_gypsy_traveller", 2}, {"white_roma", 4}, {"white_other", 63},
		{"mixed_white_black_caribbean", 18}, {"mixed_white_black_african", 10}, {"mixed_white_asian", 10}, {"mixed_other", 14},
		{"asian_indian", 28}, {"asian_pakistani", 92}, {"asian_bangladeshi", 15}, {"asian_chinese", 27}, {"asian_other", 24},
		{"black_caribbean", 18}, {"black_african", 85}, {"black_other", 21}, {"other_arab", 20}, {"other_any", 31},
	},
	QuestionSex:               {{"female", 505}, {"male", 495}},
	QuestionGenderIdentity:    {{"yes", 990}, {"no", 10}},
	QuestionSexualOrientation: {{"straight", 920}, {"gay_lesbian", 40}, {"bisexual", 30}, {"other", 10}},
	QuestionReligion: {{"none", 370}, {"christian", 400}, {"buddhist", 5}, {"hindu", 10}, {"jewish", 10}, {"muslim", 180},
		{"sikh", 5}, {"other", 20}},
	QuestionCondition: {{"limited_a_lot", 90}, {"limited_a_little", 100}, {"not_limited", 70}, {"no_condition", 740}},
	QuestionAge:       {{"18_24", 140}, {"25_34", 230}, {"35_44", 170}, {"45_54", 150}, {"55_64", 130}, {"65_over", 180}},
	QuestionLanguage:  {{"english", 880}, {"other", 120}},
}

// DemoReferenceName is the demo's reference population.
const DemoReferenceName = "Demo city (made up)"

// insertDemoEquality gives most demo people equality monitoring answers,
// and the demo its reference population. It draws on a random stream of
// its own, so the rest of the demo is the same with or without it.
func (s *Store) insertDemoEquality(ctx context.Context, tx *sql.Tx, d *demoDB, seed int64) error {
	rng := rand.New(rand.NewPCG(uint64(seed), 0x657175616c697479))
	chance := func(p float64) bool { return rng.Float64() < p }
	pick := func(list []string) string { return list[rng.IntN(len(list))] }
	// answer is what a person said to one question: mostly an answer, now
	// and then "prefer not to say" or nothing.
	answer := func(ws []weighted) string {
		switch x := rng.Float64(); {
		case x < 0.06:
			return PreferNotToSay
		case x < 0.09:
			return ""
		}
		return pickWeighted(rng, ws)
	}
	today := civil.In(d.now, London)
	b := newDemoBatch(ctx, tx, "equality_answers", equalityCols, 21)
	for i := range d.people {
		p := &d.people[i]
		if !chance(0.85) {
			continue // never asked, or did not want to take part
		}
		created := civil.In(p.created, London)
		span := max(0, today.DaysSince(created))
		on := created.AddDays(rng.IntN(span + 1))
		e := EqualityAnswers{PersonID: p.id, RecordedOn: on, ConsentOn: on}
		e.EthnicGroup = answer(demoEthnic)
		if others, ok := demoEthnicOther[e.EthnicGroup]; ok && chance(0.8) {
			e.EthnicOther = pick(others)
		}
		e.Sex = answer(demoSex)
		if e.GenderSame = answer(demoGender); e.GenderSame == "no" && chance(0.8) {
			e.GenderTerm = pick(demoGenderTerms)
		}
		if e.SexualOrientation = answer(demoOrientation); e.SexualOrientation == "other" && chance(0.8) {
			e.OrientationOther = pick(demoOrientOther)
		}
		if e.Religion = answer(demoReligion); e.Religion == "other" && chance(0.8) {
			e.ReligionOther = pick(demoReligionOther)
		}
		if e.Condition = answer(demoCondition); e.Condition == "yes" {
			e.Limitation = pickWeighted(rng, demoLimitation)
		}
		switch age := answer(demoAges); age {
		case "", PreferNotToSay:
			e.BirthYear = age
		default:
			a, _ := strconv.Atoi(age)
			e.BirthYear = strconv.Itoa(today.Year - a - rng.IntN(9) + 4)
		}
		if e.Language = answer(demoLanguage); e.Language == "other" && chance(0.9) {
			e.LanguageOther = pick(demoLanguages)
		}
		if err := e.ValidateOn(today); err != nil {
			return fmt.Errorf("demo equality answers: %w", err)
		}
		at := on.Time(London).Add(11 * time.Hour)
		if at.Before(p.created) {
			at = p.created
		}
		if at.After(d.now) {
			at = d.now
		}
		c := ts(at)
		b.add(newID(), c, c, 1, e.PersonID, e.RecordedOn, e.ConsentOn, e.EthnicGroup, e.EthnicOther, e.Sex,
			e.GenderSame, e.GenderTerm, e.SexualOrientation, e.OrientationOther, e.Religion, e.ReligionOther,
			e.Condition, e.Limitation, e.BirthYear, e.Language, e.LanguageOther)
	}
	if err := b.flush(); err != nil {
		return err
	}
	ref := Reference{Name: DemoReferenceName, AsOf: civil.New(2021, time.March, 21),
		Source: "Made up for the demo, in the shape of Census 2021 tables: not real figures"}
	for _, q := range Questions {
		for _, w := range demoReference[q] {
			ref.Shares = append(ref.Shares, ReferenceShare{Question: q, Category: w.code, Tenths: w.w})
		}
	}
	if err := ref.Validate(); err != nil {
		return fmt.Errorf("demo reference population: %w", err)
	}
	s.newMeta(&ref.Meta)
	if _, err := tx.ExecContext(ctx, "INSERT INTO reference_populations ("+metaCols+", name, as_of, source) VALUES (?,?,?,?,?,?,?)",
		ref.ID, ts(ref.CreatedAt), ts(ref.UpdatedAt), 1, ref.Name, ref.AsOf, ref.Source); err != nil {
		return fmt.Errorf("demo reference population: %w", err)
	}
	for _, sh := range ref.Shares {
		if _, err := tx.ExecContext(ctx, `INSERT INTO reference_shares (id, reference_id, question, category, percent_tenths,
			created_at, updated_at, version) VALUES (?,?,?,?,?,?,?,1)`, newID(), ref.ID, string(sh.Question), sh.Category, sh.Tenths,
			ts(ref.CreatedAt), ts(ref.CreatedAt)); err != nil {
			return fmt.Errorf("demo reference population: %w", err)
		}
	}
	return nil
}
