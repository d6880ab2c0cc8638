package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/involve/involve/store"
)

func (a *app) meetingsCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "meetings",
		Short: "Plan meetings: find a time most members can make",
		Args:  cobra.NoArgs,
	}
	cmd.AddCommand(a.meetingsSuggestCmd())
	return cmd
}

// suggestJSON is what `meetings suggest --json` prints.
type suggestJSON struct {
	Forum           string     `json:"forum"`
	ForumID         string     `json:"forum_id"`
	From            string     `json:"from"`
	To              string     `json:"to"`
	DurationMinutes int        `json:"duration_minutes"`
	EarliestStart   string     `json:"earliest_start"`
	LatestEnd       string     `json:"latest_end"`
	Members         int        `json:"members"`
	Slots           []slotJSON `json:"slots"`
	Reasons         bool       `json:"reasons_included"`
	Note            string     `json:"note,omitempty"`
}

type slotJSON struct {
	Rank          int          `json:"rank"`
	Date          string       `json:"date"`
	Start         string       `json:"start"`
	End           string       `json:"end"`
	StartsAt      time.Time    `json:"starts_at"`
	EndsAt        time.Time    `json:"ends_at"`
	Yes           int          `json:"yes"`
	Maybe         int          `json:"if_need_be"`
	No            int          `json:"no"`
	Unknown       int          `json:"unknown"`
	Users         int          `json:"service_users_can_come"`
	Carers        int          `json:"carers_can_come"`
	UsersCovered  bool         `json:"service_users_covered"`
	CarersCovered bool         `json:"carers_covered"`
	Score         int64        `json:"score"`
	Cannot        []cannotJSON `json:"cannot_come"`
}

type cannotJSON struct {
	PersonID string `json:"person_id"`
	Name     string `json:"name"`
	Reason   string `json:"reason,omitempty"`
}

func (a *app) meetingsSuggestCmd() *cobra.Command {
	var forum, from, to, duration, hours, days, step string
	var limit int
	var asJSON, reasons bool
	cmd := &cobra.Command{
		Use:   "suggest --forum NAME [--from DATE] [--to DATE] [--duration 2h] [--hours 10:00-16:00] [--limit 10] [--json] [--reasons]",
		Short: "List the best times for a forum to meet, ranked by who can come",
		Long: `Suggest looks at the standing availability of every member of a forum (their
weekly pattern of yes / if need be / no, and their dated exceptions) and lists
the candidate meeting times between --from and --to, best first: most people
who can come, then most who could if need be, then fewest who cannot; among
equals, times when both service users and carers can come.

Dates are London dates (2026-03-14 or 14/03/2026), both included; the default
is the next four weeks from tomorrow. Times are London times, whatever the
clocks are doing: a 13:00 slot is 13:00 in March and in November. --hours are
the acceptable hours (earliest start to latest end); start times are tried
every 15 minutes (--step). --days limits the days of the week (mon-fri).

With --reasons, each time also lists who cannot come and their private reason:
reasons are for the coordinator's eyes only. --json prints one JSON object; it
names who cannot come at each time (by id and name), with reasons only when
--reasons is given too.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if strings.TrimSpace(forum) == "" {
				return fmt.Errorf("say which forum: --forum NAME")
			}
			now := time.Now()
			tomorrow := now.In(store.London).AddDate(0, 0, 1)
			if from == "" {
				from = tomorrow.Format(store.DateLayout)
			}
			if to == "" {
				f, err := store.ParseDate(from)
				if err != nil {
					return fmt.Errorf("--from: %w", err)
				}
				to = f.AddDate(0, 0, 27).Format(store.DateLayout)
			}
			dur, err := store.ParseDuration(duration)
			if err != nil {
				return fmt.Errorf("--duration: %w", err)
			}
			earliest, latest, err := store.ParseHourRange(hours)
			if err != nil {
				return fmt.Errorf("--hours: %w", err)
			}
			stepD, err := store.ParseDuration(step)
			if err != nil {
				if strings.TrimSpace(step) != "" && strings.Contains(err.Error(), "needs a length") {
					return fmt.Errorf("--step: the time between start times must be more than nothing, like 15m")
				}
				return fmt.Errorf("--step: %w", err)
			}
			var weekdays []int
			if strings.TrimSpace(days) != "" {
				if weekdays, err = store.ParseWeekdays(days); err != nil {
					return fmt.Errorf("--days: %w", err)
				}
			}
			if limit < 0 {
				return fmt.Errorf("--limit cannot be negative (0 lists every time)")
			}
			s, _, err := a.open(true)
			if err != nil {
				return err
			}
			defer s.Close()
			ctx := cmd.Context()
			f, err := s.ForumByName(ctx, forum)
			if err != nil {
				return err
			}
			q := store.SlotQuery{ForumID: f.ID, From: from, To: to, Duration: dur,
				EarliestStart: earliest, LatestEnd: latest, Step: stepD, Weekdays: weekdays, Limit: limit, NotBefore: now}
			if err := q.Validate(); err != nil {
				return suggestError(err)
			}
			members, err := s.ForumMembers(ctx, f.ID)
			if err != nil {
				return err
			}
			slots, err := s.SuggestSlots(ctx, q)
			if err != nil {
				return suggestError(err)
			}
			fromD, _ := store.NormalDate(from)
			toD, _ := store.NormalDate(to)
			if asJSON {
				return a.suggestJSON(f, fromD, toD, q, len(members), slots, reasons)
			}
			a.suggestTable(f, fromD, toD, q, members, slots, reasons)
			return nil
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&forum, "forum", "", "the forum's name (any case)")
	fl.StringVar(&from, "from", "", "the first day to look at (default: tomorrow)")
	fl.StringVar(&to, "to", "", "the last day to look at (default: four weeks from --from)")
	fl.StringVar(&duration, "duration", "2h", "how long the meeting lasts: 2h, 90m, 1h30")
	fl.StringVar(&hours, "hours", "10:00-16:00", "acceptable hours: earliest start to latest end, London time")
	fl.StringVar(&step, "step", "15m", "time between the start times tried")
	fl.StringVar(&days, "days", "", "only these days of the week, like mon-fri or tue,thu")
	fl.IntVar(&limit, "limit", 10, "how many times to list (0 for all)")
	fl.BoolVar(&asJSON, "json", false, "print JSON")
	fl.BoolVar(&reasons, "reasons", false, "also print who cannot come and why (private: for the coordinator only)")
	return cmd
}

func suggestCount(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// suggestError words a refused query for the command line.
func suggestError(err error) error {
	if fe, ok := err.(*store.FieldError); ok {
		flag := map[string]string{"From": "--from", "To": "--to", "Duration": "--duration", "Hours": "--hours", "Days": "--days", "Limit": "--limit", "Step": "--step"}[fe.Field]
		if flag != "" {
			return fmt.Errorf("%s: %s", flag, fe.Message)
		}
	}
	return err
}

func suggestCover(sl store.Slot) string {
	switch {
	case sl.Both():
		return "users + carers"
	case sl.UsersCovered:
		return "users only"
	case sl.CarersCovered:
		return "carers only"
	}
	return "neither"
}

func (a *app) suggestTable(f store.Forum, from, to string, q store.SlotQuery, members []store.Member, slots []store.Slot, reasons bool) {
	users, carers := 0, 0
	for _, m := range members {
		if store.IsUser(m.Role) {
			users++
		}
		if store.IsCarer(m.Role) {
			carers++
		}
	}
	fd, _ := store.ParseDate(from)
	td, _ := store.ParseDate(to)
	a.out("Times for %s to meet: %s, between %s and %s, %s to %s\n", f.Name, store.DurationText(q.Duration),
		store.ClockText(q.EarliestStart), store.ClockText(q.LatestEnd), fd.Format("Mon 2 Jan 2006"), td.Format("Mon 2 Jan 2006"))
	a.out("%s: %s, %s (someone who is both counts as each)\n\n", suggestCount(len(members), "member", "members"),
		suggestCount(users, "service user", "service users"), suggestCount(carers, "carer", "carers"))
	if len(members) == 0 {
		a.out("The forum has no members yet, so there is nobody to ask.\n")
		return
	}
	if len(slots) == 0 {
		a.out("No times fit: every start time is in the past or outside the days asked for.\n")
		return
	}
	a.out("%3s  %-15s  %-11s  %4s  %10s  %3s  %9s  %s\n", "#", "Date", "Time", "Yes", "If need be", "No", "Not known", "Who is covered")
	for i, sl := range slots {
		a.out("%3d  %-15s  %-11s  %4d  %10d  %3d  %9d  %s\n", i+1, sl.Start.In(store.London).Format("Mon 2 Jan 2006"),
			store.LocalClock(sl.Start)+"–"+store.LocalClock(sl.End), sl.Yes, sl.Maybe, sl.No, sl.Unknown, suggestCover(sl))
		if reasons && len(sl.Cannot) > 0 {
			var who []string
			for _, p := range sl.Cannot {
				w := p.DisplayName()
				if p.Reason != "" {
					w += " (" + p.Reason + ")"
				}
				who = append(who, w)
			}
			a.out("     cannot come: %s\n", strings.Join(who, "; "))
		}
	}
	if !reasons {
		a.out("\n--reasons also lists who cannot come and why (private: for the coordinator only).\n")
	}
}

func (a *app) suggestJSON(f store.Forum, from, to string, q store.SlotQuery, members int, slots []store.Slot, reasons bool) error {
	out := suggestJSON{Forum: f.Name, ForumID: f.ID, From: from, To: to,
		DurationMinutes: int(q.Duration / time.Minute), EarliestStart: store.ClockText(q.EarliestStart),
		LatestEnd: store.ClockText(q.LatestEnd), Members: members, Slots: []slotJSON{}, Reasons: reasons}
	if !reasons {
		out.Note = "reasons left out: add --reasons to include them (private: for the coordinator only)"
	}
	for i, sl := range slots {
		j := slotJSON{Rank: i + 1, Date: sl.Date(), Start: store.LocalClock(sl.Start), End: store.LocalClock(sl.End),
			StartsAt: sl.Start.UTC(), EndsAt: sl.End.UTC(), Yes: sl.Yes, Maybe: sl.Maybe, No: sl.No, Unknown: sl.Unknown,
			Users: sl.Users, Carers: sl.Carers, UsersCovered: sl.UsersCovered, CarersCovered: sl.CarersCovered,
			Score: sl.Score, Cannot: []cannotJSON{}}
		for _, p := range sl.Cannot {
			c := cannotJSON{PersonID: p.ID, Name: p.DisplayName()}
			if reasons {
				c.Reason = p.Reason
			}
			j.Cannot = append(j.Cannot, c)
		}
		out.Slots = append(out.Slots, j)
	}
	return a.printJSON(out)
}
