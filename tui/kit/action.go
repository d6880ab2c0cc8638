package kit

import (
	"context"
	"fmt"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"github.com/involve/involve/store"
)

// EditAction opens the form for a new (empty ID) or existing action: one
// agreed at a meeting (MeetingID), or a senior officer's commitment at a
// contact (ContactID).
func EditAction(c *Common, a store.Action) tea.Cmd {
	v := a
	noun := "action"
	if a.ContactID != "" {
		noun = "commitment"
	}
	title := "New " + noun
	if a.ID != "" {
		title = "Edit " + noun
	}
	return Push(NewForm(c, FormSpec{
		Title: title,
		Build: func() *huh.Form {
			return huh.NewForm(huh.NewGroup(
				huh.NewInput().Key("what").Title("What needs doing").Value(&v.Description).Validate(NotBlank("what needs doing")),
				huh.NewInput().Key("who").Title("Who").Value(&v.Owner),
				huh.NewInput().Key("due").Title("Due by").Placeholder("YYYY-MM-DD").Value(&v.Due).Validate(store.ValidateDate),
				huh.NewConfirm().Key("done").Title("Done?").Value(&v.Done),
			))
		},
		Snapshot: func() string { return fmt.Sprint(v) },
		Live:     map[string]func(string) error{"due": store.ValidateDate},
		Save:     func(ctx context.Context, s *store.Store) error { return s.SaveAction(ctx, &v) },
		Done:     func() string { return "Saved the " + noun + "." },
	}))
}
