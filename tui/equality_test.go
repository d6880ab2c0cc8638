package tui

import (
	"strings"
	"testing"

	"github.com/involve/involve/civil"
	"github.com/involve/involve/store"
	"github.com/involve/involve/tui/equality"
	"github.com/involve/involve/tui/kit"
)

// eqPerson is a demo person with no equality monitoring answers (or, with
// held, with some), and their row opened on the People section.
func eqPerson(t *testing.T, h *harness, held bool) store.Member {
	t.Helper()
	people, err := h.s.People(bg())
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range people {
		_, has, err := h.s.EqualityRecorded(bg(), p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if has == held {
			return p
		}
	}
	t.Fatalf("the demo has nobody with held=%v", held)
	return store.Member{}
}

func eqOpenPerson(t *testing.T, h *harness, p store.Member) *PersonScreen {
	t.Helper()
	h.press(h.keys().Global.People)
	ls := activeAs[*kit.ListScreen](h)
	findRow(t, ls.List(), func(r kit.Row) bool { return r.ID == p.ID })
	h.press(h.keys().List.Open)
	return activeAs[*PersonScreen](h)
}

// eqFocus presses tab until the form's field key has the focus.
func eqFocus(t *testing.T, h *harness, f *kit.FormScreen, key string) {
	t.Helper()
	for i := 0; f.Form().GetFocusedField().GetKey() != key; i++ {
		if i > 40 {
			t.Fatalf("the form never reaches %q:\n%s", key, h.screen())
		}
		h.pressKey("tab")
	}
}

// eqChoose moves a focused select to the option with value code.
func eqChoose(t *testing.T, h *harness, f *kit.FormScreen, code string) {
	t.Helper()
	for i := 0; f.Form().GetFocusedField().GetValue() != code; i++ {
		if i > 30 {
			t.Fatalf("the select %q has no %q:\n%s", f.Form().GetFocusedField().GetKey(), code, h.screen())
		}
		h.pressKey("down")
	}
}

// eqFinish tabs past the last field, which saves.
func eqFinish(t *testing.T, h *harness, f *kit.FormScreen) {
	t.Helper()
	for i := 0; h.active() == kit.Screen(f); i++ {
		if i > 40 {
			t.Fatalf("the form does not finish:\n%s", h.screen())
		}
		h.pressKey("tab")
	}
}

func TestEqualityFormRecordsAndErases(t *testing.T) {
	h := newHarness(t)
	who := eqPerson(t, h, false)
	eqOpenPerson(t, h, who)
	h.wantScreen("Equality monitoring", "None held")

	h.press(h.keys().Detail.Equality)
	f := activeAs[*kit.FormScreen](h)
	h.wantScreen("Equality monitoring — ", "Do they agree to our holding their answers?")
	// Without their agreement, the questions are skipped and nothing kept.
	eqFinish(t, h, f)
	activeAs[*PersonScreen](h)
	h.wantScreen("Nothing kept", "None held")
	if _, held, _ := h.s.EqualityRecorded(bg(), who.ID); held {
		t.Fatal("answers were kept without agreement")
	}

	h.press(h.keys().Detail.Equality)
	f = activeAs[*kit.FormScreen](h)
	h.pressKey("y") // they agree
	eqFocus(t, h, f, "ethnic")
	h.wantScreen(store.AskEthnicGroup, store.HintEthnicGroup, "Not answered")
	eqChoose(t, h, f, "asian_other")
	h.pressKey("enter")
	if f.Form().GetFocusedField().GetKey() != "ethnic_other" {
		t.Fatalf("an 'any other' answer should ask for their words next, not %q", f.Form().GetFocusedField().GetKey())
	}
	h.typeText("Sri Lankan Tamil")
	eqFocus(t, h, f, "sex")
	eqChoose(t, h, f, store.PreferNotToSay)
	eqFocus(t, h, f, "condition")
	eqChoose(t, h, f, "yes")
	h.pressKey("enter")
	if f.Form().GetFocusedField().GetKey() != "limitation" {
		t.Fatalf("yes to a condition should ask how much it limits them next, not %q", f.Form().GetFocusedField().GetKey())
	}
	eqChoose(t, h, f, "a_little")
	eqFocus(t, h, f, "year_said")
	eqChoose(t, h, f, "year")
	h.pressKey("enter")
	h.typeText("2031")
	h.wantScreen("⚠", "is not a year of birth")
	for range 4 {
		h.pressKey("backspace")
	}
	h.typeText("1979")
	h.notScreen("⚠")
	eqFinish(t, h, f)
	activeAs[*PersonScreen](h)
	h.wantScreen("Saved", "Held, given "+kit.CivilDate(civil.In(fixedNow, store.London)))
	got, err := h.s.EqualityAnswers(bg(), who.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.EthnicGroup != "asian_other" || got.EthnicOther != "Sri Lankan Tamil" || got.Sex != store.PreferNotToSay ||
		got.Condition != "yes" || got.Limitation != "a_little" || got.BirthYear != "1979" || got.Religion != "" {
		t.Fatalf("saved %+v", got)
	}
	// The person's page never shows the answers themselves.
	h.notScreen("Sri Lankan", "Any other Asian", "1979", "a little")

	// They withdraw their agreement: the answers are erased.
	h.press(h.keys().Detail.Equality)
	f = activeAs[*kit.FormScreen](h)
	h.wantScreen("Do they agree")
	h.pressKey("n")
	eqFinish(t, h, f)
	activeAs[*PersonScreen](h)
	h.wantScreen("Erased", "None held")
	if _, held, _ := h.s.EqualityRecorded(bg(), who.ID); held {
		t.Fatal("the answers outlived the withdrawal of agreement")
	}
}

func TestEqualityFormUnderPrivacy(t *testing.T) {
	h := newHarness(t)
	who := eqPerson(t, h, true)
	eqOpenPerson(t, h, who)
	h.wantScreen("Held, given")
	h.press(h.keys().Global.Privacy)
	h.notScreen("Equality monitoring", "Held, given")
	h.press(h.keys().Detail.Equality)
	activeAs[*PersonScreen](h)
	h.wantScreen("The privacy screen is on: turn it off (ctrl+p) to open someone's")

	// Opened, then the privacy screen turned on: the form is covered.
	h.press(h.keys().Global.Privacy)
	h.press(h.keys().Detail.Equality)
	f := activeAs[*kit.FormScreen](h)
	eqFocus(t, h, f, "ethnic")
	h.wantScreen(store.AskEthnicGroup)
	h.press(h.keys().Global.Privacy)
	h.notScreen(store.AskEthnicGroup, "Equality monitoring —")
	h.wantScreen(kit.HiddenFormTitle)
	h.press(h.keys().Global.Privacy)
	h.wantScreen(store.AskEthnicGroup)
}

// TestEqualityAnswersShowOnlyOnTheirForm: a person's answers, with write-ins
// nobody else has, show on no screen of the app but their form: not the
// lists, not their page, not their forum's or meetings', not the money or
// stories, under the privacy screen or not.
func TestEqualityAnswersShowOnlyOnTheirForm(t *testing.T) {
	h := newHarness(t, withSize(120, 40))
	who := eqPerson(t, h, true)
	a, err := h.s.EqualityAnswers(bg(), who.ID)
	if err != nil {
		t.Fatal(err)
	}
	a.EthnicGroup, a.EthnicOther = "other_any", "Zyxwethnic"
	a.GenderSame, a.GenderTerm = "no", "Zyxwgender"
	a.SexualOrientation, a.OrientationOther = "other", "Zyxworient"
	a.Religion, a.ReligionOther = "other", "Zyxwfaith"
	a.Language, a.LanguageOther = "other", "Zyxwtongue"
	a.BirthYear = "1907"
	if err := h.s.SaveEqualityAnswers(bg(), &a); err != nil {
		t.Fatal(err)
	}
	secrets := []string{"Zyxw", "1907"}
	look := func(where string) {
		t.Helper()
		scr := h.screen()
		for _, s := range secrets {
			if strings.Contains(scr, s) {
				t.Fatalf("%s shows %q:\n%s", where, s, scr)
			}
		}
	}
	forums, _ := h.s.PersonForums(bg(), who.ID)
	for _, privacy := range []bool{false, true} {
		if privacy {
			h.press(h.keys().Global.Privacy)
		}
		for i, sec := range []func(){
			func() { h.press(h.keys().Global.Dashboard) },
			func() { h.press(h.keys().Global.Forums) },
			func() { h.press(h.keys().Global.People) },
			func() { h.press(h.keys().Global.Meetings) },
			func() { h.press(h.keys().Global.Money) },
			func() { h.press(h.keys().Global.Stories) },
		} {
			sec()
			look("section " + sectionNames[i])
			if ls, ok := h.active().(*kit.ListScreen); ok {
				// Nothing is found by the answers either.
				h.press(h.keys().List.Filter)
				h.typeText("Zyxw")
				if n := ls.List().Len(); n != 0 {
					t.Fatalf("finding Zyxw in %s finds %d rows", sectionNames[i], n)
				}
				h.press(h.keys().Global.Back)
			}
		}
		eqOpenPerson(t, h, who)
		look("the person's page")
		h.press(h.keys().Detail.Access)
		look("their access & availability")
		for range 3 {
			h.press(h.keys().Detail.SwitchPane)
			look("a pane of their access & availability")
		}
		h.press(h.keys().Global.Back)
		h.press(h.keys().Global.Back)
		if len(forums) > 0 {
			h.press(h.keys().Global.Forums)
			ls := activeAs[*kit.ListScreen](h)
			findRow(t, ls.List(), func(r kit.Row) bool { return r.ID == forums[0].ID })
			h.press(h.keys().List.Open)
			look("their forum")
			h.press(h.keys().Detail.SwitchPane)
			look("their forum's meetings")
			h.press(h.keys().Global.Back)
		}
		openHeldMeeting(t, h)
		look("a meeting")
		h.press(h.keys().Detail.Register)
		look("a register")
		h.press(h.keys().Global.Back)
		h.press(h.keys().Global.Back)
	}
	h.press(h.keys().Global.Privacy)

	// Their form, and only their form, shows them.
	eqOpenPerson(t, h, who)
	h.press(h.keys().Detail.Equality)
	f := activeAs[*kit.FormScreen](h)
	eqFocus(t, h, f, "ethnic_other")
	h.wantScreen("Zyxwethnic")
}

// reachCounts are the People column of the reach screen's rows.
func reachCounts(s *equality.ReachScreen) []string {
	l := s.List()
	var out []string
	for i := range l.Len() {
		out = append(out, l.Shown(i).Cells[1])
	}
	return out
}

func TestReachScreen(t *testing.T) {
	h := newHarness(t, withSize(100, 40))
	h.press(h.keys().Global.Forums)
	h.press(h.keys().Reach.Open)
	s := activeAs[*equality.ReachScreen](h)
	h.wantScreen("All forums — reach", "11 Mar 2025 to 10 Mar 2026", "people involved",
		"against "+store.DemoReferenceName, "Ethnic group (1 of 8", "Gave an answer", "All people involved",
		"NHS Digital's rule")
	k := h.keys().Reach
	// Every count shown, on every question, is 0, a multiple of 5 or hidden.
	for range store.Questions {
		for _, c := range reachCounts(s) {
			if c == "*" || c == "[c]" || c == "0" || strings.HasSuffix(c, "0") || strings.HasSuffix(c, "5") {
				continue
			}
			t.Fatalf("the reach screen shows a count %q that is not protected:\n%s", c, h.screen())
		}
		h.press(k.NextQuestion)
	}
	h.wantScreen("Ethnic group (1 of 8")
	h.press(k.PrevQuestion)
	h.wantScreen("Main language (8 of 8")
	h.press(k.NextQuestion)

	// f: the next forum that met; F back to every forum.
	forums, err := h.s.ReachForums(bg(), civil.MustParse("2025-03-11"), civil.MustParse("2026-03-10"))
	if err != nil || len(forums) == 0 {
		t.Fatalf("forums that met: %v %v", forums, err)
	}
	h.press(k.NextForum)
	h.wantScreen(forums[0].Name + " — reach")
	h.press(k.PrevForum)
	h.wantScreen("All forums — reach")

	// r: the next reference population, then none.
	h.press(k.Reference)
	h.wantScreen("no reference population")
	h.notScreen("Reference  Difference\n  Gave an answer  ")
	h.press(k.Reference)
	h.wantScreen("against " + store.DemoReferenceName)

	// p: another period.
	h.press(k.Period)
	f := activeAs[*kit.FormScreen](h)
	eqFocus(t, h, f, "from")
	for range 10 {
		h.pressKey("backspace")
	}
	h.typeText("2026-01-01")
	eqFinish(t, h, f)
	activeAs[*equality.ReachScreen](h)
	h.wantScreen("1 Jan 2026 to 10 Mar 2026", "Reach from 1 Jan 2026")

	// e: type in the reference population's shares of this question.
	h.press(k.NextQuestion) // Sex
	h.press(h.keys().Record.Edit)
	f = activeAs[*kit.FormScreen](h)
	h.wantScreen(store.DemoReferenceName+" — Sex", "Female", "50.5")
	eqFocus(t, h, f, "female")
	for range 4 {
		h.pressKey("backspace")
	}
	h.typeText("abc")
	h.wantScreen("⚠", "is not a percentage")
	for range 3 {
		h.pressKey("backspace")
	}
	h.typeText("50")
	eqFinish(t, h, f)
	activeAs[*equality.ReachScreen](h)
	h.wantScreen("50.0%", "Saved "+store.DemoReferenceName+"'s shares of sex")

	// n adds a reference population and shows it; D deletes it.
	h.press(h.keys().Record.New)
	f = activeAs[*kit.FormScreen](h)
	h.typeText("Treatment population")
	eqFinish(t, h, f)
	activeAs[*equality.ReachScreen](h)
	h.wantScreen("against Treatment population", "Added Treatment population")
	h.press(h.keys().Record.Delete)
	activeAs[*kit.Confirm](h)
	h.press(h.keys().Confirm.Yes)
	activeAs[*equality.ReachScreen](h)
	h.wantScreen("Deleted Treatment population", "no reference population")
	if refs, _ := h.s.References(bg()); len(refs) != 1 {
		t.Errorf("%d reference populations after deleting one of two", len(refs))
	}

	// Under the privacy screen the tables still show: nobody is in them.
	h.press(h.keys().Global.Privacy)
	h.wantScreen("Gave an answer", "All people involved")
	h.press(h.keys().Global.Privacy)

	// From a forum's page, R shows that forum's reach.
	h.press(h.keys().Global.Back)
	ls := activeAs[*kit.ListScreen](h)
	findRow(t, ls.List(), func(r kit.Row) bool { return r.ID == forums[0].ID })
	h.press(h.keys().List.Open)
	activeAs[*ForumScreen](h)
	h.press(h.keys().Reach.Open)
	activeAs[*equality.ReachScreen](h)
	h.wantScreen(forums[0].Name + " — reach")
}
