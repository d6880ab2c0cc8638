package tui

import (
	"context"
	"fmt"
	"slices"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"github.com/involve/involve/store"
	"github.com/involve/involve/termsafe"
	"github.com/involve/involve/tui/kit"
)

// storyForm is a story's metadata as the form edits it: lists as
// comma-separated text.
type storyForm struct {
	store.Story
	Themes, Notes string
}

// editStory loads a story and opens the form for its metadata (the text
// itself comes from import). Under the privacy screen it refuses: the
// form shows who the author is.
func editStory(c *kit.Common, id string) tea.Cmd {
	if c.Privacy {
		return c.PrivacyRefusal("edit a story's details, which name its author")
	}
	return kit.LoadThen(c, id, (*store.Store).Story, func(st store.Story) tea.Cmd { return editStoryForm(c, st) })
}

// splitList turns "a, b,, c" into [a b c].
func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func editStoryForm(c *kit.Common, st store.Story) tea.Cmd {
	v := &storyForm{Story: st, Themes: strings.Join(st.Themes, ", "), Notes: strings.Join(st.ContentNotes, ", ")}
	v.Uses = slices.Clone(st.Uses)
	if v.Naming == "" {
		v.Naming = store.NamingAnonymous
	}
	if v.Consent == "" {
		v.Consent = store.ConsentNotAsked
	}
	if v.Status == "" {
		v.Status = store.StoryDraft
	}
	today := store.LocalDate(c.Now())
	live := map[string]func(string) error{
		"title":         kit.NotBlank("the title"),
		"consent_date":  v.checkConsentDate,
		"expires":       v.checkExpires,
		"embargo":       store.ValidateDate,
		"text_approved": store.ValidateDate,
	}
	return kit.Push(kit.NewForm(c, kit.FormSpec{
		Title: "Edit “" + termsafe.Line(st.Title) + "”",
		Build: func() *huh.Form { return storyFormFields(c, v, today) },
		Snapshot: func() string {
			return fmt.Sprint(v.Title, v.Summary, v.Themes, v.Notes, v.Status, v.Naming, v.AuthorName, v.AuthorArea, v.Pseudonym,
				v.Consent, v.ConsentDate, v.ConsentHow, v.Uses, v.Expires, v.Embargo, v.TextApproved)
		},
		Live: live,
		Save: func(ctx context.Context, s *store.Store) error {
			g := v.Story
			g.Themes, g.ContentNotes = splitList(v.Themes), splitList(v.Notes)
			if err := s.SaveStory(ctx, &g); err != nil {
				return err
			}
			v.Story = g
			return nil
		},
		Done: func() string { return "Saved “" + termsafe.Line(v.Title) + "”." },
	}))
}

// checkConsentDate needs a date once consent is given or withdrawn.
func (v *storyForm) checkConsentDate(s string) error {
	if v.Consent != store.ConsentNotAsked && strings.TrimSpace(s) == "" {
		return fmt.Errorf("say when consent was %s", strings.ToLower(v.Consent.Label()))
	}
	return store.ValidateDate(s)
}

// checkExpires needs a real date after the consent was given.
func (v *storyForm) checkExpires(s string) error {
	if err := store.ValidateDate(s); err != nil {
		return err
	}
	if s != "" && v.ConsentDate != "" && store.ValidateDate(v.ConsentDate) == nil && s < v.ConsentDate {
		return fmt.Errorf("consent cannot expire before it was given (%s)", v.ConsentDate)
	}
	return nil
}

func storyFormFields(c *kit.Common, v *storyForm, today string) *huh.Form {
	statuses := kit.OptionsFor(store.StoryStatuses, store.StoryStatus.Label)
	consents := kit.OptionsFor(store.ConsentStates, store.ConsentState.Label)
	hows := []huh.Option[string]{huh.NewOption("not recorded", ""), huh.NewOption("written", "written"), huh.NewOption("verbal", "verbal")}
	dateHint := "YYYY-MM-DD. Today is " + today + "."
	return huh.NewForm(
		huh.NewGroup(
			huh.NewInput().Key("title").Title("Title").Value(&v.Title).Validate(kit.NotBlank("the title")),
			huh.NewText().Key("summary").Title("Summary").Lines(3).Value(&v.Summary),
			huh.NewInput().Key("themes").Title("Themes").Description("Separated by commas: recovery, family, housing").Value(&v.Themes),
			huh.NewInput().Key("notes").Title("Content notes").Description("What readers should know first, separated by commas: overdose, bereavement").Value(&v.Notes),
			huh.NewSelect[store.StoryStatus]().Key("status").Title("Status").Options(statuses...).Value(&v.Status),
		).Title("The story"),
		huh.NewGroup(
			huh.NewSelect[store.Naming]().Key("naming").Title("How the author is named").Options(kit.OptionsFor(store.Namings, store.Naming.Label)...).Value(&v.Naming),
			huh.NewInput().Key("author").Title("Author's name").Value(&v.AuthorName),
			huh.NewInput().Key("area").Title("Area").Description("For “first name and area”.").Value(&v.AuthorArea),
			huh.NewInput().Key("pseudonym").Title("Pseudonym").Value(&v.Pseudonym),
		).Title("The author"),
		huh.NewGroup(
			huh.NewSelect[store.ConsentState]().Key("consent").Title("Consent").Options(consents...).Value(&v.Consent),
			huh.NewInput().Key("consent_date").Title("Date of consent (or of its withdrawal)").Placeholder("YYYY-MM-DD").Description(dateHint).
				Value(&v.ConsentDate).Validate(v.checkConsentDate),
			huh.NewSelect[string]().Key("how").Title("Given").Options(hows...).Value(&v.ConsentHow),
			huh.NewMultiSelect[store.Use]().Key("uses").Title("Uses agreed").Description(c.TickHint()).
				Options(kit.OptionsFor(store.Uses, store.Use.Label)...).Value(&v.Uses).Height(len(store.Uses)+2),
		).Title("Consent"),
		huh.NewGroup(
			huh.NewInput().Key("expires").Title("Consent expires on").Placeholder("YYYY-MM-DD").Description("Leave empty if it does not expire.").
				Value(&v.Expires).Validate(v.checkExpires),
			huh.NewInput().Key("embargo").Title("Not to be shown before").Placeholder("YYYY-MM-DD").Description("An embargo. Leave empty for none.").
				Value(&v.Embargo).Validate(store.ValidateDate),
			huh.NewInput().Key("text_approved").Title("Author approved the final text on").Placeholder("YYYY-MM-DD").
				Value(&v.TextApproved).Validate(store.ValidateDate),
		).Title("Dates"),
	)
}
