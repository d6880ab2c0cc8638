package main

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/involve/involve/store"
	"github.com/involve/involve/termsafe"
)

func (a *app) transportCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "transport",
		Short: "Plan taxis and community transport to meetings: run sheets and settings",
		Long: `Transport plans the journeys of people whose access needs say taxi or
community transport: shared runs grouped by postcode district, with estimated
pickup times worked back from the meeting's start.`,
		Args: cobra.NoArgs,
	}
	cmd.AddCommand(a.transportSheetCmd(), a.transportMeetingsCmd(), a.transportSettingsCmd())
	return cmd
}

func (a *app) transportSheetCmd() *cobra.Command {
	var format, output, firm string
	var asJSON, bom bool
	cmd := &cobra.Command{
		Use:   "sheet MEETING [--firm NAME] [--format md|csv|json] [--json] [--bom] [-o FILE]",
		Short: "Print a meeting's run sheet for the taxi firm",
		Long: `Sheet prints the run sheet of a meeting for the taxi firm or community
transport service: for each shared run, each pickup's first name, address and
postcode, estimated pickup time, and whether they use a wheelchair or bring an
escort. Nothing else about anyone is printed: no surnames, roles, forums,
health or attendance.

MEETING is the meeting's id, or enough of the start of it to pick one meeting
(see "involve transport meetings").

Pickup times are estimates: see "involve transport settings" for how they are
worked out. --format md (the default) prints a table per run; --format csv
prints one row per pickup, with a header row, for a spreadsheet; --format
json (or --json) the same as the CSV, a run at a time. ` + bomHelp + `
With -o the file is created mode 0600. Notes for the coordinator (people with no address,
people given a fare instead) go to standard error, not into the sheet.

--firm NAME prints the sheet for one firm (or community transport service):
only the runs, and in them only the pickups, of people with a journey booked
or confirmed with it, and which of their journeys (there, home) it is to
drive, with its own reference. The name is matched ignoring case, spacing and
the kind of apostrophe. A firm with no runs is told on standard error, with
why, and nothing is printed or written.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var err error
			if format, err = jsonFormat(cmd, format, asJSON); err != nil {
				return err
			}
			if format != "md" && format != "csv" && format != "json" {
				return fmt.Errorf("--format must be md, csv or json, not %q", format)
			}
			s, _, err := a.open(true)
			if err != nil {
				return err
			}
			defer s.Close()
			ctx := cmd.Context()
			m, err := s.MeetingByPrefix(ctx, args[0])
			if err != nil {
				return err
			}
			if m.Status == store.MeetingCancelled {
				return fmt.Errorf("the meeting on %s was cancelled: there is no run sheet (cancel any taxis booked for it)", sheetDate(m))
			}
			sheet, err := s.RunSheet(ctx, m.ID)
			if err != nil {
				return err
			}
			if cmd.Flags().Changed("firm") {
				if sheet, err = sheet.ForFirm(firm); err != nil {
					return err
				}
			}
			a.transportNotes(sheet)
			write := func(w io.Writer) error {
				switch format {
				case "csv":
					if err := writeBOM(w, bom); err != nil {
						return err
					}
					return writeSheetCSV(w, sheet)
				case "json":
					enc := json.NewEncoder(w)
					enc.SetIndent("", "  ")
					enc.SetEscapeHTML(false)
					return enc.Encode(runSheetJSON(sheet))
				}
				_, err := io.WriteString(w, termsafe.Filter(sheetMarkdown(sheet)))
				return err
			}
			if output == "" || output == "-" {
				return write(a.stdout)
			}
			if err := a.writeOutput(output, write); err != nil {
				return err
			}
			fmt.Fprintln(a.stderr, termsafe.Filter("wrote the run sheet to "+output))
			return nil
		},
	}
	cmd.Flags().StringVar(&firm, "firm", "", "only the runs and journeys booked with this firm")
	cmd.Flags().StringVar(&format, "format", "md", "md (a table per run), csv (one row per pickup) or json")
	jsonFlag(cmd, &asJSON)
	bomFlag(cmd, &bom)
	cmd.Flags().StringVarP(&output, "output", "o", "", "write to FILE (mode 0600) instead of standard output")
	return cmd
}

// transportNotes tells the coordinator, on standard error, what the sheet
// leaves out or cannot help with.
func (a *app) transportNotes(sheet store.RunSheet) {
	note := func(format string, args ...any) {
		fmt.Fprintln(a.stderr, termsafe.Filter("note: "+fmt.Sprintf(format, args...)))
	}
	if strings.TrimSpace(sheet.Meeting.Venue) == "" {
		note("the meeting has no venue recorded: add it, or tell the firm where to go")
	}
	for _, p := range sheet.Problems {
		note("%s", p)
	}
	if n := len(sheet.Fares); n > 0 {
		note("%d %s a bus or train fare instead, so %s not on this sheet", n, trPlural(n, "person gets", "people get"), trPlural(n, "is", "are"))
	}
	for _, o := range sheet.Others {
		if o.NeedsCancelling() {
			note("%s's journey %s is %s with %s but they %s: cancel it with the firm",
				store.FirstName(o.Name, o.PreferredName), strings.ToLower(o.Leg.Label()), strings.ToLower(o.Status.Label()), o.Firm, o.Reason)
		}
	}
}

func trPlural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// sheetDate is a meeting's date as a firm reads it: Tuesday 24 March 2026.
func sheetDate(m store.Meeting) string {
	return m.Start.In(store.London).Format("Monday 2 January 2006")
}

func sheetVenue(m store.Meeting) string {
	if v := strings.TrimSpace(m.Venue); v != "" {
		return v
	}
	return "the venue (not recorded)"
}

// sheetVehicle says what kind of vehicle a run needs.
func sheetVehicle(r store.Run) string {
	v := r.Mode.Label()
	if r.Accessible {
		v += " (wheelchair accessible)"
	}
	return v
}

// yesNo reads a flag's yes or no (y, n, true and false too).
func yesNo(flag, v string) (bool, error) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "yes", "y", "true":
		return true, nil
	case "no", "n", "false":
		return false, nil
	}
	return false, fmt.Errorf("%s must be yes or no, not %q", flag, v)
}

func trYesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// sheetMarkdown is the run sheet as markdown: a header saying where and
// when to arrive, then a table per run. It holds first names, pickup
// addresses, postcodes, estimated times and wheelchair/escort: nothing else.
//
// A firm's sheet (see store.RunSheet.ForFirm) is headed with the firm's
// name, says only what its journeys need (the arrival time when it drives
// someone there, the collection when it drives someone home), and adds
// which journeys each pickup is and the firm's own reference.
func sheetMarkdown(sheet store.RunSheet) string {
	m := sheet.Meeting
	var b strings.Builder
	there, home := sheetLegs(sheet)
	title := "Run sheet"
	if sheet.Firm != "" {
		title += " for " + sheetMD(sheet.Firm)
	}
	if there || sheet.Firm == "" {
		fmt.Fprintf(&b, "# %s: to %s, arriving by %s on %s\n\n", title, sheetMD(sheetVenue(m)), store.LocalClock(sheet.Arrive), sheetDate(m))
	} else {
		fmt.Fprintf(&b, "# %s: from %s at %s on %s\n\n", title, sheetMD(sheetVenue(m)), store.LocalClock(m.End), sheetDate(m))
	}
	if len(sheet.Runs) == 0 {
		b.WriteString("Nobody needs a taxi or community transport to this meeting.\n")
		return b.String()
	}
	var intro []string
	if there || sheet.Firm == "" {
		intro = append(intro, fmt.Sprintf("Pickup times are **estimates**, worked back from the arrival time at %d minutes a stop.",
			sheet.Config.MinutesPerPickup))
	}
	if home || sheet.Firm == "" {
		intro = append(intro, fmt.Sprintf("Journeys home: collect from %s at %s, in the reverse order.", sheetMD(sheetVenue(m)), store.LocalClock(m.End)))
	}
	b.WriteString(strings.Join(intro, " ") + "\n")
	for _, r := range sheet.Runs {
		district := r.District
		if district == "" {
			district = "postcode not known"
		}
		fmt.Fprintf(&b, "\n## Run %d: %s, %s, %d of %d seats\n\n", r.Number, sheetVehicle(r), district, r.SeatsUsed, r.Seats)
		if sheet.Firm == "" {
			b.WriteString("| Stop | Name | Pickup address | Postcode | Pickup (estimate) | Wheelchair | Escort |\n")
			b.WriteString("|-----:|------|----------------|----------|-------------------|------------|--------|\n")
		} else {
			b.WriteString("| Stop | Name | Pickup address | Postcode | Pickup (estimate) | Wheelchair | Escort | Journeys | Your reference |\n")
			b.WriteString("|-----:|------|----------------|----------|-------------------|------------|--------|----------|----------------|\n")
		}
		for _, st := range r.Stops {
			pickup := store.LocalClock(st.Pickup)
			j := sheetJourneys(sheet, st.PersonID)
			if sheet.Firm != "" && !j.there {
				pickup = "—"
			}
			fmt.Fprintf(&b, "| %d | %s | %s | %s | %s | %s | %s |", st.Order, sheetMD(st.FirstName), sheetMD(st.Address),
				sheetMD(st.Postcode), pickup, trYesNo(st.Wheelchair), trYesNo(st.Escort))
			if sheet.Firm != "" {
				fmt.Fprintf(&b, " %s | %s |", j.label(), sheetMD(j.reference))
			}
			b.WriteString("\n")
		}
	}
	return b.String()
}

// journeys are the journeys of one pickup on a firm's sheet.
type journeys struct {
	there, home bool
	reference   string // the firm's reference(s) for them
}

func (j journeys) label() string {
	switch {
	case j.there && j.home:
		return "there and home"
	case j.home:
		return "home"
	}
	return "there"
}

// sheetJourneys says which journeys of a person a firm's sheet is for,
// and the firm's reference for them ("there: A, home: B" when they
// differ).
func sheetJourneys(sheet store.RunSheet, personID string) journeys {
	var j journeys
	var refs [2]string
	for _, leg := range sheet.BookedLegs(personID) {
		b, _ := sheet.Booking(personID, leg)
		if leg == store.LegThere {
			j.there, refs[0] = true, b.Reference
		} else {
			j.home, refs[1] = true, b.Reference
		}
	}
	switch {
	case refs[0] == refs[1] || refs[1] == "":
		j.reference = refs[0]
	case refs[0] == "":
		j.reference = refs[1]
	default:
		j.reference = "there: " + refs[0] + ", home: " + refs[1]
	}
	return j
}

// sheetLegs says whether a firm's sheet has any journey there, and any
// home (the whole sheet has both).
func sheetLegs(sheet store.RunSheet) (there, home bool) {
	if sheet.Firm == "" {
		return true, true
	}
	for _, r := range sheet.Runs {
		for _, st := range r.Stops {
			j := sheetJourneys(sheet, st.PersonID)
			there, home = there || j.there, home || j.home
		}
	}
	return there, home
}

// sheetMD makes a value safe in a markdown table cell, on one line.
func sheetMD(s string) string {
	s = termsafe.Line(s)
	if s == "" {
		return "—"
	}
	return strings.ReplaceAll(s, "|", `\|`)
}

// sheetCSVHeader names the columns of the CSV run sheet.
var sheetCSVHeader = []string{"run", "vehicle", "stop", "first_name", "pickup_address", "pickup_postcode", "pickup_date",
	"pickup_time_estimate", "wheelchair", "escort", "destination", "arrive_by", "collect_home_at"}

// sheetFirmCSVHeader names the columns a firm's CSV run sheet adds.
var sheetFirmCSVHeader = []string{"journeys", "your_reference"}

// writeSheetCSV writes the run sheet as RFC 4180 CSV (CRLF line ends, a
// header row), one row per pickup. A firm's sheet adds which journeys each
// pickup is and the firm's reference, and leaves empty the pickup time of
// a journey home only, the arrival time when it drives no one there and
// the collection time when it drives no one home.
func writeSheetCSV(w io.Writer, sheet store.RunSheet) error {
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	header := sheetCSVHeader
	if sheet.Firm != "" {
		header = append(slices.Clip(header), sheetFirmCSVHeader...)
	}
	if err := cw.Write(header); err != nil {
		return err
	}
	m := sheet.Meeting
	for _, r := range sheet.Runs {
		for _, st := range r.Stops {
			pickup, arrive, collect := store.LocalClock(st.Pickup), store.LocalClock(sheet.Arrive), store.LocalClock(m.End)
			j := sheetJourneys(sheet, st.PersonID)
			if sheet.Firm != "" {
				if !j.there {
					pickup, arrive = "", ""
				}
				if !j.home {
					collect = ""
				}
			}
			row := []string{strconv.Itoa(r.Number), sheetVehicle(r), strconv.Itoa(st.Order), sheetCell(st.FirstName),
				sheetCell(st.Address), sheetCell(st.Postcode), store.LocalDate(st.Pickup), pickup,
				trYesNo(st.Wheelchair), trYesNo(st.Escort), sheetCell(sheetVenue(m)), arrive, collect}
			if sheet.Firm != "" {
				row = append(row, j.label(), sheetCell(j.reference))
			}
			if err := cw.Write(row); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// sheetCell makes a value safe for a spreadsheet: one line with no control
// characters, and a leading quote on text a spreadsheet would take for a
// formula (=, +, -, @).
func sheetCell(s string) string {
	s = termsafe.Line(s)
	if s != "" && strings.ContainsRune("=+-@", rune(s[0])) {
		return "'" + s
	}
	return s
}

func (a *app) transportMeetingsCmd() *cobra.Command {
	var limit int
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "meetings [--limit N] [--json]",
		Short: "List the coming meetings with their ids, to pick one for a run sheet",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if limit < 1 {
				return errors.New("--limit must be at least 1")
			}
			s, _, err := a.open(true)
			if err != nil {
				return err
			}
			defer s.Close()
			ms, err := s.UpcomingMeetings(cmd.Context(), limit)
			if err != nil {
				return err
			}
			if asJSON {
				return a.printJSON(meetingsJSON(ms))
			}
			if len(ms) == 0 {
				a.out("No meetings are planned.\n")
				return nil
			}
			for _, m := range ms {
				a.out("%s  %s %s  %s\n", m.ID, store.LocalDate(m.Start), store.LocalClock(m.Start), termsafe.Line(m.ForumName))
			}
			return nil
		},
	}
	cmd.Flags().IntVar(&limit, "limit", 20, "how many meetings to list")
	jsonFlag(cmd, &asJSON)
	return cmd
}

func (a *app) transportSettingsCmd() *cobra.Command {
	var seats, wheelchairSeats, pickupMinutes, arriveBefore int
	var accessible, escort string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "settings [flags]",
		Short: "Show or change how runs are planned: seats, wheelchairs, escorts, timings",
		Long: `Settings shows how runs are planned; with flags it changes them (all of the
changes, or none when they do not make sense: a vehicle needs at least one
seat, and a wheelchair user cannot need more seats than a vehicle has).

They are kept in the database's settings under these keys:
  ` + store.SettingTransportSeats + `           passenger seats in a vehicle (default 4)
  ` + store.SettingTransportWheelchairSeats + `            seats a wheelchair user takes (default 2)
  ` + store.SettingTransportAccessibleOnly + `  yes: wheelchair users ride in accessible
                                        vehicles, only with each other (default yes)
  ` + store.SettingTransportEscortSeat + `           yes: an escort takes a seat (default yes)
  ` + store.SettingTransportPickupMinutes + `          minutes reckoned for each stop (default 10)
  ` + store.SettingTransportArriveBefore + `       minutes before the start to arrive (default 15)

Pickup times are estimates: the run arrives the set minutes before the start,
its last pickup is the minutes per stop before that, and each earlier pickup as
many minutes before the next.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			s, _, err := a.open(true)
			if err != nil {
				return err
			}
			defer s.Close()
			ctx := cmd.Context()
			cur, err := s.TransportSettings(ctx)
			if err != nil {
				return err
			}
			f := cmd.Flags()
			changed := false
			for name, v := range map[string]struct{ from, to *int }{"seats": {&seats, &cur.Seats},
				"wheelchair-seats": {&wheelchairSeats, &cur.WheelchairSeats},
				"pickup-minutes":   {&pickupMinutes, &cur.MinutesPerPickup}, "arrive-before": {&arriveBefore, &cur.ArriveBefore}} {
				if f.Changed(name) {
					changed = true
					*v.to = *v.from
				}
			}
			for name, v := range map[string]struct {
				from *string
				to   *bool
			}{"accessible-only": {&accessible, &cur.AccessibleOnly}, "escort-seat": {&escort, &cur.EscortTakesSeat}} {
				if f.Changed(name) {
					changed = true
					on, err := yesNo("--"+name, *v.from)
					if err != nil {
						return err
					}
					*v.to = on
				}
			}
			if changed {
				if err := s.SaveTransportSettings(ctx, cur); err != nil {
					return err
				}
			}
			if asJSON {
				return a.printJSON(settingsJSON(cur))
			}
			a.out("seats per vehicle          %d\n", cur.Seats)
			a.out("wheelchair user takes      %d %s\n", cur.WheelchairSeats, trPlural(cur.WheelchairSeats, "seat", "seats"))
			a.out("wheelchair users ride      %s\n", map[bool]string{true: "in accessible vehicles, only with each other", false: "with anyone"}[cur.AccessibleOnly])
			a.out("escort takes a seat        %s\n", trYesNo(cur.EscortTakesSeat))
			a.out("minutes per pickup         %d\n", cur.MinutesPerPickup)
			a.out("arrive before the start    %d minutes\n", cur.ArriveBefore)
			return nil
		},
	}
	f := cmd.Flags()
	f.IntVar(&seats, "seats", 4, "passenger seats in a vehicle")
	f.IntVar(&wheelchairSeats, "wheelchair-seats", 2, "seats a wheelchair user takes, themselves included")
	f.StringVar(&accessible, "accessible-only", "yes", "yes: wheelchair users ride only in accessible vehicles, with each other")
	f.StringVar(&escort, "escort-seat", "yes", "yes: an escort takes a seat of their own")
	f.IntVar(&pickupMinutes, "pickup-minutes", 10, "minutes reckoned for each pickup")
	f.IntVar(&arriveBefore, "arrive-before", 15, "minutes before the start a run should arrive")
	jsonFlag(cmd, &asJSON)
	return cmd
}
