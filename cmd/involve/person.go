package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/user"
	"strings"

	"github.com/spf13/cobra"

	"github.com/involve/involve/store"
)

// personCmd is `involve person`: a person's rights over their data.
func (a *app) personCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "person",
		Short: "A person's rights over their data: erase, export, requests and reviews",
		Long: `Everything held about a person is listed in one place (the person-data
registry), and each of their rights is one verb:

  involve person erase PERSON        forget them (asks first; --yes on a script)
  involve person erasures            the erasure log, which holds no personal data

PERSON is their full name, the name they prefer (if no one else prefers it)
or their id.`,
	}
	cmd.AddCommand(a.personEraseCmd(), a.personErasuresCmd())
	return cmd
}

// operator is who is at the keyboard, for the erasure log: the login name.
func operator() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	return os.Getenv("USER")
}

func (a *app) personEraseCmd() *cobra.Command {
	var yes, anonymise bool
	var reason, by string
	cmd := &cobra.Command{
		Use:   "erase PERSON [--anonymise] [--reason request|retention|other] [--yes]",
		Short: "Forget a person: their details and every record of theirs go, or are kept anonymised",
		Long: `Erase forgets a person. It first says what goes and what is kept, and why;
on a terminal it then asks, unless --yes.

What goes: their details and notes, forum memberships, register lines,
access needs and availability, transport bookings, claims and payments not
yet paid, the stories they wrote (with every version and laid-out copy, and
their words leave the search index), their retention reviews.
What is kept, with no name and no link to them: money already paid (so
every closed cash book stays exactly as reconciled), the number who came to
a meeting, actions and minutes that named them (the name becomes "a former
member"), and the dates of requests they made.

--anonymise keeps, besides, a story they agreed to share, as anonymous.
Afterwards none of their words is left in the database file or its -wal.
The erasure is written to the erasure log (date, by whom, how, and a salted
hash that names no one), so that a restored backup has it applied again.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			r, err := store.ParseErasureReason(reason)
			if err != nil {
				return fmt.Errorf("--reason: %v", err)
			}
			mode := store.ModeErase
			if anonymise {
				mode = store.ModeAnonymise
			}
			if by == "" {
				by = operator()
			}
			s, _, err := a.open(true)
			if err != nil {
				return err
			}
			defer s.Close()
			ctx := cmd.Context()
			p, err := s.FindPerson(ctx, args[0])
			if err != nil {
				return err
			}
			plan, err := s.ErasurePlan(ctx, p.ID, mode)
			if err != nil {
				return err
			}
			verb := map[store.ErasureMode]string{store.ModeErase: "Erasing", store.ModeAnonymise: "Anonymising"}[mode]
			a.out("%s %s (%s)\n", verb, p.DisplayName(), p.Name)
			a.printPlan(plan)
			if !yes {
				if !ask.Terminal() {
					return fmt.Errorf("erasing cannot be undone: add --yes to go ahead (there is no terminal to ask on); nothing was changed")
				}
				answer, err := ask.Line(fmt.Sprintf("%s %s? This cannot be undone. [y/N] ", mode.Label(), p.DisplayName()))
				if err != nil {
					return fmt.Errorf("no answer (%v); nothing was changed", err)
				}
				if answer := strings.ToLower(answer); answer != "y" && answer != "yes" {
					a.out("nothing was changed\n")
					return nil
				}
			}
			res, err := s.Erase(ctx, p.ID, store.EraseOptions{Mode: mode, Reason: r, By: by, Version: p.Version})
			if errors.Is(err, store.ErrConflict) {
				return fmt.Errorf("%s was changed while this ran: run it again to see what it would do now; nothing was changed", p.DisplayName())
			}
			if err != nil {
				return err
			}
			done := map[store.ErasureMode]string{store.ModeErase: "erased", store.ModeAnonymise: "anonymised"}[mode]
			a.out("%s: %s removed, %d kept anonymised; erasure %s in the log\n", done, storyPlural(res.Plan.Removed(), "record", "records"), res.Plan.Kept(), res.ID)
			if !res.WALCleared {
				a.out("note: involve is open elsewhere, so the erased data stays in %s-wal until it is closed\n", s.Path())
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&yes, "yes", false, "erase without asking")
	cmd.Flags().BoolVar(&anonymise, "anonymise", false, "keep, anonymous, what they agreed to share (a story), instead of erasing it")
	cmd.Flags().StringVar(&reason, "reason", "request", "why: request (they asked), retention (review) or other")
	cmd.Flags().StringVar(&by, "by", "", "who is erasing, for the log (default: your login name)")
	return cmd
}

// printPlan says what an erasure does, before it does it.
func (a *app) printPlan(plan store.ErasurePlan) {
	if goes := plan.Goes(); len(goes) > 0 {
		a.out("goes:\n")
		for _, g := range goes {
			a.out("  - %s\n", g)
		}
	}
	if stays := plan.Stays(); len(stays) > 0 {
		a.out("kept, with no name or link to them:\n")
		for _, k := range stays {
			a.out("  - %s\n", k)
		}
	}
	if plan.Ambiguous != "" {
		a.out("note: someone else is known as %q too, so minutes and actions were searched for %q only: check them by hand for %q\n",
			plan.Ambiguous, plan.Name, plan.Ambiguous)
	}
}

func (a *app) personErasuresCmd() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "erasures [--json]",
		Short: "List the erasure log: when, by whom, how and why (no personal data)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			s, _, err := a.open(true)
			if err != nil {
				return err
			}
			defer s.Close()
			log, err := s.Erasures(cmd.Context())
			if err != nil {
				return err
			}
			if asJSON {
				if log == nil {
					log = []store.Erasure{}
				}
				b, err := json.MarshalIndent(log, "", "  ")
				if err != nil {
					return err
				}
				a.print(string(b) + "\n")
				return nil
			}
			if len(log) == 0 {
				a.out("no one has been erased\n")
				return nil
			}
			a.out("%-16s  %-10s  %-16s  %-10s  %7s  %4s  %s\n", "When", "How", "Why", "By", "Removed", "Kept", "Erasure")
			for _, e := range log {
				again := ""
				if e.Reapplied > 0 {
					again = fmt.Sprintf(" (applied again after %s)", storyPlural(e.Reapplied, "restore", "restores"))
				}
				a.out("%-16s  %-10s  %-16s  %-10s  %7d  %4d  %s%s\n", e.At.In(store.London).Format("2006-01-02 15:04"),
					e.Mode, e.Reason.Label(), e.By, e.Removed, e.Kept, e.ID, again)
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}
