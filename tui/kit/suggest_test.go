package kit

import (
	"context"
	"strings"
	"testing"

	"charm.land/huh/v2"

	"github.com/involve/involve/store"
)

// suggestForm is a form of three text fields: a time with a suggestion
// worked out from usual (as a new meeting's start follows its forum), a
// firm holding a stored value, and a note. It saves into saved.
type suggestForm struct {
	usual, start, firm, note string
	saved                    []string
	f                        *FormScreen
	d                        *drive
}

func newSuggestForm(t *testing.T, firm string) *suggestForm {
	t.Helper()
	c := testCommon()
	v := &suggestForm{usual: "13:00", firm: firm}
	v.f = NewForm(c, FormSpec{
		Title: "Test",
		Build: func() *huh.Form {
			return huh.NewForm(huh.NewGroup(
				Suggest(c, huh.NewInput().Key("start").Title("Starts").Value(&v.start), &v.start, func() string { return v.usual }),
				huh.NewInput().Key("firm").Title("Firm").Value(&v.firm),
				huh.NewInput().Key("note").Title("Note").Value(&v.note),
			))
		},
		Snapshot: func() string { return v.start + "|" + v.firm + "|" + v.note },
		Save: func(context.Context, *store.Store) error {
			v.saved = []string{v.start, v.firm, v.note}
			return nil
		},
		Done: func() string { return "Saved." },
	})
	v.d = &drive{t: t, s: v.f}
	v.d.run(v.f.Init(), 0)
	return v
}

func (v *suggestForm) field() huh.Field { return v.f.Form().GetFocusedField() }

// The mechanism every form's defaults use: a suggestion is replaced by
// the first character typed, cleared by backspace, taken by tab or enter,
// and kept to be edited after an arrow key or ctrl+e. A stored value is
// edited as usual (typing adds to it).
func TestSuggestionIsReplacedNotTypedOnto(t *testing.T) {
	k := DefaultKeyMap().Form

	// Typing replaces it: "1pm" is "1pm", not "13:001pm".
	v := newSuggestForm(t, "")
	if v.start != "13:00" || v.field().GetKey() != "start" {
		t.Fatalf("the form opens on %q holding %q, want start holding the suggestion 13:00", v.field().GetKey(), v.start)
	}
	if v.f.Dirty() {
		t.Error("a form holding only its suggestions counts as changed")
	}
	v.d.typeText("14:30")
	if v.start != "14:30" {
		t.Errorf("typing 14:30 over the suggestion 13:00 gives %q", v.start)
	}
	if !v.f.Dirty() {
		t.Error("a suggestion typed over does not count as a change")
	}

	// Backspace clears it all.
	v = newSuggestForm(t, "")
	v.d.press(k.ClearSuggestion.Keys())
	if v.start != "" {
		t.Errorf("backspace on the suggestion leaves %q", v.start)
	}
	v.d.typeText("9")
	if v.start != "9" {
		t.Errorf("typing after clearing gives %q", v.start)
	}

	// Tab takes it as it is, and the next field is edited as usual.
	v = newSuggestForm(t, "Amber Cars")
	v.d.send(keyPress(t, "tab"))
	if v.start != "13:00" || v.field().GetKey() != "firm" {
		t.Fatalf("after tab: %q focused, start %q", v.field().GetKey(), v.start)
	}
	v.d.typeText("!")
	if v.firm != "Amber Cars!" {
		t.Errorf("typing in a stored value gives %q, want it added to", v.firm)
	}

	// An arrow key (or ctrl+e) keeps it to edit: backspace then takes off
	// one character, not all.
	for _, edit := range []string{"left", "ctrl+e"} {
		v = newSuggestForm(t, "")
		v.d.send(keyPress(t, edit))
		v.d.send(keyPress(t, "end"))
		v.d.press(k.ClearSuggestion.Keys())
		v.d.typeText("5")
		if v.start != "13:05" {
			t.Errorf("%s, end, backspace, 5 on 13:00 gives %q, want 13:05", edit, v.start)
		}
	}

	// Enter through the form saves the suggestion as it is.
	v = newSuggestForm(t, "Amber Cars")
	for range 3 {
		v.d.send(keyPress(t, "enter"))
	}
	if strings.Join(v.saved, "|") != "13:00|Amber Cars|" {
		t.Errorf("saved %q, want the suggestion and the stored firm as they were", v.saved)
	}
}

// A suggestion worked out from other values follows them until it is
// touched, then stays as typed.
func TestSuggestionFollowsWhatItIsWorkedOutFrom(t *testing.T) {
	v := newSuggestForm(t, "")
	v.usual = "18:00"
	v.d.send(struct{}{}) // any message: the form looks again
	if v.start != "18:00" {
		t.Fatalf("the suggestion did not follow: %q", v.start)
	}
	v.d.typeText("19:00")
	v.usual = "10:00"
	v.d.send(struct{}{})
	if v.start != "19:00" {
		t.Errorf("a time typed in was replaced by a new suggestion: %q", v.start)
	}
}

// Until it is touched, the suggestion is drawn as selected text, and the
// footer says how to clear it or keep it.
func TestSuggestionLooksSelected(t *testing.T) {
	v := newSuggestForm(t, "")
	marked := v.f.c.Styles.Selected.Inline(true).Render("13:00")
	if !strings.Contains(v.f.View(), marked) {
		t.Errorf("the suggestion is not drawn selected:\n%q", v.f.View())
	}
	help := helpText(v.f.CaptureHelp())
	for _, want := range []string{"backspace clear it", "→ edit it"} {
		if !strings.Contains(help, want) {
			t.Errorf("the footer %q does not say %q", help, want)
		}
	}
	v.d.typeText("1")
	if strings.Contains(v.f.View(), v.f.c.Styles.Selected.Inline(true).Render("1")) {
		t.Error("what was typed is drawn selected")
	}
	if strings.Contains(helpText(v.f.CaptureHelp()), "clear it") {
		t.Error("the footer still offers to clear a suggestion typed over")
	}
}

// threePageForm is a form of three pages: a date; a fee suggested from the
// date (as a fixed fee follows the rate in force on the day); a required
// number of hours and a note.
type threePageForm struct {
	date, fee, hours string
	saved            bool
	f                *FormScreen
	d                *drive
}

func newThreePageForm(t *testing.T) *threePageForm {
	t.Helper()
	c := testCommon()
	v := &threePageForm{}
	rate := func() string {
		if v.date >= "2026-04-06" {
			return "55.00"
		}
		return "50.00"
	}
	v.f = NewForm(c, FormSpec{
		Title: "Test",
		Build: func() *huh.Form {
			return huh.NewForm(
				huh.NewGroup(huh.NewInput().Key("date").Title("Date").Value(&v.date)),
				huh.NewGroup(Suggest(c, huh.NewInput().Key("fee").Title("Fee").Value(&v.fee), &v.fee, rate)),
				huh.NewGroup(
					huh.NewInput().Key("hours").Title("Hours").Value(&v.hours).Validate(NotBlank("the hours")),
					huh.NewInput().Key("note").Title("Note"),
				))
		},
		Snapshot: func() string { return v.date + "|" + v.fee + "|" + v.hours },
		Save:     func(context.Context, *store.Store) error { v.saved = true; return nil },
		Done:     func() string { return "Saved." },
	})
	v.d = &drive{t: t, s: v.f}
	v.d.run(v.f.Init(), 0)
	return v
}

// A suggestion on a later page of a form follows what was typed on an
// earlier one by the time that page opens (it heard nothing while the
// first was filled in): a fixed fee follows the payment's date.
func TestSuggestionOnALaterPageFollowsTheFirst(t *testing.T) {
	v := newThreePageForm(t)
	v.d.typeText("2026-04-10")
	v.d.send(keyPress(t, "enter"))
	if k := v.field().GetKey(); k != "fee" {
		t.Fatalf("focus on %q, want the fee", k)
	}
	if v.fee != "55.00" || !strings.Contains(v.f.View(), "55.00") {
		t.Errorf("the fee suggested for 10 April is %q, want the rate from 6 April, 55.00:\n%s", v.fee, v.f.View())
	}
}

func (v *threePageForm) field() huh.Field { return v.f.Form().GetFocusedField() }

// Shift+tab from a required field left empty, first on its page: huh
// refuses to go back, and left the field without the focus, so that
// nothing typed reached it. It keeps the focus and says what is needed.
func TestRefusedGoingBackKeepsTheFocus(t *testing.T) {
	v := newThreePageForm(t)
	v.d.send(keyPress(t, "enter"))
	v.d.send(keyPress(t, "enter"))
	if k := v.field().GetKey(); k != "hours" {
		t.Fatalf("focus on %q, want the hours", k)
	}
	v.d.send(keyPress(t, "shift+tab"))
	if k := v.field().GetKey(); k != "hours" {
		t.Fatalf("went back to %q with the hours empty", k)
	}
	if !strings.Contains(v.f.View(), "the hours is needed") {
		t.Errorf("the form does not say the hours are needed:\n%s", v.f.View())
	}
	v.d.typeText("3")
	if v.hours != "3" {
		t.Fatalf("typing 3 in the hours after the refusal gives %q", v.hours)
	}
	v.d.send(keyPress(t, "shift+tab"))
	if k := v.field().GetKey(); k != "fee" {
		t.Errorf("with the hours given, shift+tab goes to %q, want the fee", k)
	}
}
