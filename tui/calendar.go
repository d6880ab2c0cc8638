package tui

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	tea "charm.land/bubbletea/v2"

	"github.com/involve/involve/calendar"
	"github.com/involve/involve/store"
	"github.com/involve/involve/termsafe"
	"github.com/involve/involve/tui/kit"
)

// writeMeetingCalendar writes the meeting's calendar file (.ics: the
// forum's name, the venue and the times, nothing about anyone) to the
// export folder, mode 0600, and says where.
func writeMeetingCalendar(c *kit.Common, id string) tea.Cmd {
	dir := c.ExportDir
	if c.Remote {
		return kit.Failed(kit.ErrRemoteFile)
	}
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), kit.DefaultTimeout)
		defer cancel()
		m, err := c.Store.CalendarMeetingByID(ctx, id)
		if err != nil {
			return kit.StatusMsg{Text: kit.ErrText(err), Err: true}
		}
		if dir == "" {
			if dir, err = os.Getwd(); err != nil {
				return kit.StatusMsg{Text: kit.ErrText(fmt.Errorf("cannot tell which folder to write the calendar file to: %w", err)), Err: true}
			}
		}
		path := filepath.Join(dir, calendar.Filename(m))
		if err := calendar.WriteFile(path, m.Forum, []store.CalendarMeeting{m}); err != nil {
			return kit.StatusMsg{Text: kit.ErrText(err), Err: true}
		}
		return kit.StatusMsg{Text: "Wrote the meeting's calendar file to " + termsafe.Line(path) + ": open it to add the meeting to a calendar."}
	}
}
