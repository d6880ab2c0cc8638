package rights

import (
	"context"
	"fmt"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"github.com/involve/involve/civil"
	"github.com/involve/involve/store"
	"github.com/involve/involve/tui/kit"
)

// NewReviewScreen lists the people with no involvement for the retention
// period, the longest gone first. For each: keep them, saying why and until
// when (k); anonymise (a) or erase them (D), after the choice is shown.
func NewReviewScreen(c *kit.Common) *kit.ListScreen {
	list := kit.NewList(c, kit.PersonColumns(
		kit.Column{Title: "Last involved", Width: 13},
		kit.Column{Title: "Kept before", Min: 8},
	)...)
	list.Empty = "No one is due for review: everyone has taken part within the retention period."
	s := kit.NewListScreen(c, "Retention review", list, func(ctx context.Context, st *store.Store) ([]kit.Row, error) {
		due, err := st.RetentionDue(ctx)
		if err != nil {
			return nil, err
		}
		rows := make([]kit.Row, len(due))
		for i, d := range due {
			shown := store.DisplayName(d.Name, d.PreferredName)
			kept := ""
			if !d.LastKept.IsZero() {
				kept = kit.CivilDate(d.LastKept) + ": " + d.KeptWhy
			}
			last := kit.CivilDate(d.LastInvolved)
			rows[i] = kit.NewRow(d.PersonID, []string{shown, d.Role.Label(), last, kept},
				[]string{store.Initials(shown), d.Role.Label(), last, kept})
		}
		return rows, nil
	})
	s.Open = func(id string) tea.Cmd { return OpenPerson(c, id) }
	s.Remove = func(id string) tea.Cmd {
		return kit.Push(NewEraseScreen(c, id, store.ModeErase, store.ReasonRetention))
	}
	s.Extra = []kit.ListAction{
		{Key: c.Keys.Rights.Keep, Do: func(id string) tea.Cmd { return keepForm(c, id) }},
		{Key: c.Keys.Rights.Anonymise, Do: func(id string) tea.Cmd {
			return kit.Push(NewEraseScreen(c, id, store.ModeAnonymise, store.ReasonRetention))
		}},
	}
	return s
}

// keepForm keeps someone due for review: why, and when to look again.
func keepForm(c *kit.Common, id string) tea.Cmd {
	if c.Privacy {
		return c.PrivacyRefusal("review someone")
	}
	return kit.LoadThen(c, id, (*store.Store).Person, func(p store.Person) tea.Cmd {
		today := civil.In(c.Now(), store.London)
		reason, next := "", ""
		name := p.DisplayName()
		return kit.Push(kit.NewForm(c, kit.FormSpec{
			Title: "Keep " + name,
			Build: func() *huh.Form {
				return huh.NewForm(huh.NewGroup(
					huh.NewInput().Key("reason").Title("Why are their details still needed?").Value(&reason).
						Validate(kit.NotBlank("why their details are still needed")),
					kit.Suggest(c, huh.NewInput().Key("next").Title("Review them again on").Placeholder("YYYY-MM-DD").Value(&next).
						Validate(func(s string) error { _, err := civil.Parse(s); return err }),
						&next, func() string { return today.AddYears(1).String() }),
				))
			},
			Snapshot: func() string { return reason + "\x00" + next },
			Save: func(ctx context.Context, st *store.Store) error {
				d, err := civil.Parse(next)
				if err != nil {
					return err
				}
				return st.KeepOnReview(ctx, &store.RetentionReview{PersonID: id, Reason: reason, NextReview: d, By: c.User})
			},
			Done: func() string { return fmt.Sprintf("Kept %s until the next review on %s.", name, next) },
		}))
	})
}
