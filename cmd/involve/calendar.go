package main

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/involve/involve/calendar"
	"github.com/involve/involve/termsafe"
)

// calendarCmd is `involve calendar`: the meetings as an iCalendar file.
func (a *app) calendarCmd() *cobra.Command {
	var forum, output string
	cmd := &cobra.Command{
		Use:   "calendar [--forum NAME] [-o FILE.ics]",
		Short: "Write the forums' meetings as a calendar file (.ics) for Outlook, Google or Apple Calendar",
		Long: `Calendar writes every meeting, or with --forum one forum's, as an iCalendar
file (RFC 5545) to import into Outlook, Google Calendar, Apple Calendar,
Thunderbird or calcurse. Each meeting is one event with the forum's name and
the venue, and nothing else: no agenda, minutes or register, which may name
people. Times are London times (TZID=Europe/London, with its VTIMEZONE).
Importing the file again updates the same events rather than adding copies:
each keeps the meeting's id as its UID, and its SEQUENCE rises with every
change to the meeting; a cancelled meeting is marked cancelled.

With -o the file is created mode 0600; without it the calendar is printed.
A meeting's page in the interface writes one meeting's calendar too.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			s, _, err := a.open(true)
			if err != nil {
				return err
			}
			defer s.Close()
			name, meetings, err := s.CalendarMeetings(cmd.Context(), forum)
			if err != nil {
				return err
			}
			if name == "" {
				name = "Involvement forums"
			}
			if output == "" || output == "-" {
				var buf bytes.Buffer
				if err := calendar.Write(&buf, name, meetings); err != nil {
					return err
				}
				_, err := io.WriteString(a.stdout, filterLines(buf.String(), "\r\n"))
				return err
			}
			if err := a.writeOutput(output, func(w io.Writer) error { return calendar.Write(w, name, meetings) }); err != nil {
				return err
			}
			a.out("wrote %s to %s\n", plural(len(meetings), "meeting", "meetings"), output)
			return nil
		},
	}
	cmd.Flags().StringVar(&forum, "forum", "", "only this forum's meetings")
	cmd.Flags().StringVarP(&output, "output", "o", "", "write to FILE.ics (mode 0600) instead of standard output")
	return cmd
}

// filterLines passes each line of s, ended by eol, through the terminal
// filter, and keeps the line endings (a calendar's CRLF, which the filter
// alone would drop).
func filterLines(s, eol string) string {
	lines := strings.Split(s, eol)
	for i, l := range lines {
		lines[i] = termsafe.Filter(l)
	}
	return strings.Join(lines, eol)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
