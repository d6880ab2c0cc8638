package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/involve/involve/store"
	"github.com/involve/involve/termsafe"
)

// JSON output. Every verb that lists or reports takes --json; the shapes
// are in the README ("JSON output"). Money is in integer pence (keys ending
// _pence), hours in hundredths (_hundredths), dates as London dates
// (2026-03-24), clock times as London times (13:00), and instants as UTC
// RFC 3339 (keys ending _at). A key is never removed or renamed; new keys
// may be added.

// jsonFlag gives cmd the --json flag every listing verb has.
func jsonFlag(cmd *cobra.Command, p *bool) {
	cmd.Flags().BoolVar(p, "json", false, "print JSON (the shapes are in the README)")
}

// jsonFormat is --format for a verb that has both --format and --json:
// --json is --format json, and asking for another format as well is a
// mistake.
func jsonFormat(cmd *cobra.Command, format string, asJSON bool) (string, error) {
	format = strings.ToLower(strings.TrimSpace(format))
	if !asJSON {
		return format, nil
	}
	if cmd.Flags().Changed("format") && format != "json" {
		return "", fmt.Errorf("--json and --format %s ask for two formats: give one", format)
	}
	return "json", nil
}

// printJSON prints v as indented JSON, through the terminal filter (a
// string holding a control character is written with \u escapes, so the
// filter changes nothing a JSON reader would see).
func (a *app) printJSON(v any) error {
	var b strings.Builder
	if err := writeJSON(&b, v); err != nil {
		return err
	}
	a.print(b.String())
	return nil
}

// checkJSON is what "involve check --json" prints.
type checkJSON struct {
	Database      string           `json:"database"`
	SchemaVersion int              `json:"schema_version"`
	WantSchema    int              `json:"program_schema_version"`
	OK            bool             `json:"ok"`
	Encrypted     bool             `json:"encrypted"`
	Integrity     []string         `json:"integrity"`
	ForeignKeys   []foreignKeyJSON `json:"foreign_key_problems"`
	Records       map[string]int   `json:"records"`
	Problems      []string         `json:"problems"`
	Notes         []string         `json:"notes"`
}

type foreignKeyJSON struct {
	Table  string `json:"table"`
	RowID  int64  `json:"rowid"`
	Parent string `json:"parent"`
}

// checkJSON prints the check as JSON; like the table, it fails when
// anything is wrong (after printing it).
func (a *app) checkJSON(r store.CheckReport) error {
	out := checkJSON{Database: r.Path, SchemaVersion: r.SchemaVersion, WantSchema: r.WantSchema, OK: r.OK(), Encrypted: r.Encrypted,
		Integrity: append([]string{}, r.Integrity...), ForeignKeys: []foreignKeyJSON{}, Records: map[string]int{},
		Problems: append([]string{}, r.Problems...), Notes: append([]string{}, r.Notes...)}
	for _, p := range r.ForeignKeys {
		out.ForeignKeys = append(out.ForeignKeys, foreignKeyJSON{Table: p.Table, RowID: p.RowID, Parent: p.Parent})
	}
	for _, t := range r.Tables {
		out.Records[t.Table] = t.Rows
	}
	if err := a.printJSON(out); err != nil {
		return err
	}
	if !r.OK() {
		return fmt.Errorf("%s found in %s", storyPlural(len(r.Problems), "problem", "problems"), r.Path)
	}
	return nil
}

// rateJSON is one rate in "involve rates list --json": the rate as the
// export writes it, and whether it is the one in force today.
type rateJSON struct {
	store.Rate
	InForceToday bool `json:"in_force_today"`
}

func ratesJSON(rates []store.Rate, today string) []rateJSON {
	out := make([]rateJSON, 0, len(rates))
	for _, r := range rates {
		cur, _ := store.RateFor(rates, r.Kind, today)
		out = append(out, rateJSON{Rate: r, InForceToday: cur.ID == r.ID})
	}
	return out
}

// thresholdJSON is one threshold in "involve thresholds list --json". The
// built-in hours cap, when no hours threshold is set, is listed too, with
// "default": true and no id.
type thresholdJSON struct {
	ID            string `json:"id,omitempty"`
	Kind          string `json:"kind"`
	EffectiveFrom string `json:"effective_from,omitempty"`
	Pence         *int64 `json:"amount_pence,omitempty"`
	Hours         *int64 `json:"hours_hundredths,omitempty"`
	Note          string `json:"note"`
	InForceToday  bool   `json:"in_force_today"`
	Default       bool   `json:"default"`
}

func thresholdsJSON(ts []store.Threshold, today string) []thresholdJSON {
	out := make([]thresholdJSON, 0, len(ts)+1)
	add := func(t store.Threshold, inForce bool) {
		j := thresholdJSON{ID: t.ID, Kind: string(t.Kind), EffectiveFrom: t.EffectiveFrom, Note: t.Note,
			InForceToday: inForce, Default: t.Default}
		v := t.Amount
		if t.Kind.Hours() {
			j.Hours = &v
		} else {
			j.Pence = &v
		}
		out = append(out, j)
	}
	for _, t := range ts {
		cur, _ := store.ThresholdFor(ts, t.Kind, today)
		add(t, cur.ID == t.ID)
	}
	for _, k := range store.ThresholdKinds {
		if cur, ok := store.ThresholdFor(ts, k, today); ok && cur.Default {
			add(cur, true)
		}
	}
	return out
}

// meetingJSON is one meeting in "involve transport meetings --json".
type meetingJSON struct {
	ID       string    `json:"id"`
	ForumID  string    `json:"forum_id"`
	Forum    string    `json:"forum"`
	Date     string    `json:"date"`
	Start    string    `json:"start"`
	End      string    `json:"end"`
	StartsAt time.Time `json:"starts_at"`
	EndsAt   time.Time `json:"ends_at"`
	Venue    string    `json:"venue"`
	Status   string    `json:"status"`
}

func meetingsJSON(ms []store.MeetingSummary) []meetingJSON {
	out := make([]meetingJSON, 0, len(ms))
	for _, m := range ms {
		out = append(out, meetingJSON{ID: m.ID, ForumID: m.ForumID, Forum: termsafe.Line(m.ForumName),
			Date: store.LocalDate(m.Start), Start: store.LocalClock(m.Start), End: store.LocalClock(m.End),
			StartsAt: m.Start.UTC(), EndsAt: m.End.UTC(), Venue: termsafe.Line(m.Venue), Status: string(m.Status)})
	}
	return out
}

// transportSettingsJSON is what "involve transport settings --json" prints.
type transportSettingsJSON struct {
	Seats            int  `json:"seats"`
	WheelchairSeats  int  `json:"wheelchair_seats"`
	AccessibleOnly   bool `json:"accessible_only"`
	EscortTakesSeat  bool `json:"escort_takes_seat"`
	MinutesPerPickup int  `json:"pickup_minutes"`
	ArriveBefore     int  `json:"arrive_before_minutes"`
}

func settingsJSON(c store.TransportConfig) transportSettingsJSON {
	return transportSettingsJSON{Seats: c.Seats, WheelchairSeats: c.WheelchairSeats, AccessibleOnly: c.AccessibleOnly,
		EscortTakesSeat: c.EscortTakesSeat, MinutesPerPickup: c.MinutesPerPickup, ArriveBefore: c.ArriveBefore}
}

// sheetJSON is "involve transport sheet --format json": the CSV's columns,
// a run at a time. It holds what the CSV holds and nothing more.
type sheetJSON struct {
	MeetingID        string         `json:"meeting_id"`
	Date             string         `json:"date"`
	Destination      string         `json:"destination"`
	ArriveBy         string         `json:"arrive_by"`
	CollectHomeAt    string         `json:"collect_home_at"`
	MinutesPerPickup int            `json:"pickup_minutes"`
	Runs             []sheetRunJSON `json:"runs"`
}

type sheetRunJSON struct {
	Run        int             `json:"run"`
	Vehicle    string          `json:"vehicle"`
	Accessible bool            `json:"wheelchair_accessible"`
	District   string          `json:"district"`
	Seats      int             `json:"seats"`
	SeatsUsed  int             `json:"seats_used"`
	Stops      []sheetStopJSON `json:"stops"`
}

type sheetStopJSON struct {
	Stop           int       `json:"stop"`
	FirstName      string    `json:"first_name"`
	PickupAddress  string    `json:"pickup_address"`
	PickupPostcode string    `json:"pickup_postcode"`
	PickupDate     string    `json:"pickup_date"`
	PickupTime     string    `json:"pickup_time_estimate"`
	PickupAt       time.Time `json:"pickup_at"`
	Wheelchair     bool      `json:"wheelchair"`
	Escort         bool      `json:"escort"`
}

func runSheetJSON(sheet store.RunSheet) sheetJSON {
	m := sheet.Meeting
	out := sheetJSON{MeetingID: m.ID, Date: store.LocalDate(m.Start), Destination: termsafe.Line(sheetVenue(m)),
		ArriveBy: store.LocalClock(sheet.Arrive), CollectHomeAt: store.LocalClock(m.End),
		MinutesPerPickup: sheet.Config.MinutesPerPickup, Runs: []sheetRunJSON{}}
	for _, r := range sheet.Runs {
		run := sheetRunJSON{Run: r.Number, Vehicle: r.Mode.Label(), Accessible: r.Accessible, District: r.District,
			Seats: r.Seats, SeatsUsed: r.SeatsUsed, Stops: []sheetStopJSON{}}
		for _, st := range r.Stops {
			run.Stops = append(run.Stops, sheetStopJSON{Stop: st.Order, FirstName: termsafe.Line(st.FirstName),
				PickupAddress: termsafe.Line(st.Address), PickupPostcode: termsafe.Line(st.Postcode),
				PickupDate: store.LocalDate(st.Pickup), PickupTime: store.LocalClock(st.Pickup), PickupAt: st.Pickup.UTC(),
				Wheelchair: st.Wheelchair, Escort: st.Escort})
		}
		out.Runs = append(out.Runs, run)
	}
	return out
}
