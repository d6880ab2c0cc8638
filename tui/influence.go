package tui

import (
	"fmt"

	"github.com/involve/involve/store"
	"github.com/involve/involve/tui/influence"
	"github.com/involve/involve/tui/kit"
)

// influenceLinks let the Influence section open this package's screens.
func influenceLinks(c *kit.Common) influence.Links {
	return influence.Links{
		Meeting: func(id string) kit.Screen { return NewMeetingScreen(c, id) },
		Forum:   func(id string) kit.Screen { return NewForumScreen(c, id) },
		Person:  func(id string) kit.Screen { return NewPersonScreen(c, id) },
	}
}

// officerContactText says on a forum's page when it last met a senior
// officer, warning when that is past the target.
func officerContactText(c *kit.Common, f store.ForumContact) string {
	text := "never met one (o lists the contacts)"
	if !f.Last.IsZero() {
		text = "last met on " + f.Last.Time(store.London).Format("2 Jan 2006") + ", " + f.Since()
	}
	if f.Over {
		return c.Styles.Warn.Render(text + fmt.Sprintf("; past the %d-month target", f.Target))
	}
	return text
}
