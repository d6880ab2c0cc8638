package main

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/involve/involve/store"
)

// moneyNow is the clock the money verbs use for "today" (tests replace it).
var moneyNow = time.Now

// expensesCmd is `involve expenses`: the expenses report.
func (a *app) expensesCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "expenses",
		Short: "Report on expense claims",
		Long: `Expenses reports on the expense claims recorded in the Money section:
fares, taxis, mileage, parking, childcare or carer cover, subsistence and other
costs of taking part.`,
		Args: cobra.NoArgs,
	}
	cmd.AddCommand(a.expensesReportCmd())
	return cmd
}

func (a *app) expensesReportCmd() *cobra.Command {
	var from, to, forum, format, output string
	var asJSON, bom bool
	cmd := &cobra.Command{
		Use:   "report --from DATE --to DATE [--forum NAME] [--format md|csv|json] [--json] [--bom] [-o FILE]",
		Short: "Total the expense claims per person, per category and per status",
		Long: `Report totals the expense claims dated from --from to --to (inclusive; dates
like 2026-03-01 or 01/03/2026) per person, per category and per status
(claimed, approved, paid, rejected). Total is claimed + approved + paid;
rejected claims are shown apart. The totals agree to the penny with the claim
lines in "involve export --json" (amount_pence, by date).

--forum keeps only claims for that forum's meetings (claims for other
involvement belong to no forum). --format md (the default) prints tables with
amounts like £3.40; csv prints one RFC 4180 table with a header row, amounts as
plain decimal pounds (3.40, no £ sign) so a spreadsheet reads them as numbers;
json (or --json) prints the totals and every claim line with amounts in
integer pence. ` + bomHelp + `
With -o the file is created mode 0600: it names people.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			var err error
			if format, err = jsonFormat(cmd, format, asJSON); err != nil {
				return err
			}
			if format != "md" && format != "csv" && format != "json" {
				return fmt.Errorf("--format must be md, csv or json, not %q", format)
			}
			if strings.TrimSpace(from) == "" || strings.TrimSpace(to) == "" {
				return fmt.Errorf("say which dates: --from DATE --to DATE (like --from 2026-03-01 --to 2026-03-31)")
			}
			s, _, err := a.open(true)
			if err != nil {
				return err
			}
			defer s.Close()
			r, err := s.ExpensesReport(cmd.Context(), from, to, forum)
			if err != nil {
				return err
			}
			write := func(w io.Writer) error {
				switch format {
				case "csv":
					if err := writeBOM(w, bom); err != nil {
						return err
					}
					return r.WriteCSV(w)
				case "json":
					return r.WriteJSON(w)
				}
				return r.WriteMarkdown(w)
			}
			return a.emit(output, strings.ToLower(r.Title()[:1])+r.Title()[1:], write)
		},
	}
	cmd.Flags().StringVar(&from, "from", "", "the first date of the report (required)")
	cmd.Flags().StringVar(&to, "to", "", "the last date of the report (required)")
	cmd.Flags().StringVar(&forum, "forum", "", "only claims for this forum's meetings")
	cmd.Flags().StringVar(&format, "format", "md", "md, csv or json")
	jsonFlag(cmd, &asJSON)
	bomFlag(cmd, &bom)
	cmd.Flags().StringVarP(&output, "output", "o", "", "write to FILE (mode 0600) instead of standard output")
	return cmd
}

// ratesCmd is `involve rates`: the dated rate table.
func (a *app) ratesCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "rates",
		Short: "List and set the dated rates for mileage, care and involvement payments",
		Long: `Rates are amounts per unit, each in force from a date until the next rate
of the same kind. The rate for a date is the latest one in force on or before it;
claims and payments keep the rate they were worked out at.

Kinds:
  mileage  per mile driven (built in: 45p from 2011-04-06, the HMRC rate)
  care     childcare or carer cover, per hour
  hourly   involvement payment, per hour
  meeting  involvement payment, per meeting
  fixed    involvement payment, a fixed fee`,
		Args: cobra.NoArgs,
	}
	var ratesAsJSON bool
	list := &cobra.Command{
		Use:   "list [--json]",
		Short: "List every rate, marking the ones in force today",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			s, _, err := a.open(true)
			if err != nil {
				return err
			}
			defer s.Close()
			rates, err := s.Rates(cmd.Context())
			if err != nil {
				return err
			}
			today := store.LocalDate(moneyNow())
			if ratesAsJSON {
				return a.printJSON(ratesJSON(rates, today))
			}
			a.out("%-8s  %-10s  %12s  %-6s  %s\n", "KIND", "FROM", "AMOUNT", "TODAY", "NAME")
			for _, r := range rates {
				cur, _ := store.RateFor(rates, r.Kind, today)
				mark := ""
				if cur.ID == r.ID {
					mark = "yes"
				}
				a.out("%-8s  %-10s  %12s  %-6s  %s\n", r.Kind, r.EffectiveFrom, r.Amount, mark, r.Name)
			}
			for _, k := range store.RateKinds {
				if _, ok := store.RateFor(rates, k, today); !ok {
					a.out("no %s rate is in force today\n", k)
				}
			}
			return nil
		},
	}
	jsonFlag(list, &ratesAsJSON)
	var from, name string
	set := &cobra.Command{
		Use:   "set KIND AMOUNT --from DATE [--name NAME]",
		Short: "Set a rate in force from a date (replacing one of the same kind from that date)",
		Long: `Set records a rate of KIND (mileage, care, hourly, meeting or fixed) of AMOUNT
(like £15.00, 15, or 45p) in force from --from. A rate of the same kind from the
same date is replaced. For example:

  involve rates set hourly £15 --from 2026-04-06 --name "Standard hourly rate"`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			kind, err := store.ParseRateKind(args[0])
			if err != nil {
				return err
			}
			amount, err := store.ParseMoney(args[1])
			if err != nil {
				return fmt.Errorf("amount: %w", err)
			}
			if strings.TrimSpace(from) == "" {
				return fmt.Errorf("say from which date the rate applies: --from DATE")
			}
			s, _, err := a.open(true)
			if err != nil {
				return err
			}
			defer s.Close()
			r := store.Rate{Kind: kind, Amount: amount, EffectiveFrom: from, Name: name}
			if err := s.SetRate(cmd.Context(), &r); err != nil {
				return err
			}
			a.out("%s: %s from %s\n", r.Kind.Label(), r.Amount, r.EffectiveFrom)
			return nil
		},
	}
	set.Flags().StringVar(&from, "from", "", "the date the rate applies from (required)")
	set.Flags().StringVar(&name, "name", "", "a name for the rate")
	cmd.AddCommand(list, set)
	return cmd
}

// thresholdsCmd is `involve thresholds`: the benefit-aware ledger's limits.
func (a *app) thresholdsCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "thresholds",
		Short: "List and set the dated thresholds the payments ledger checks",
		Long: `Thresholds are the limits the benefit-aware ledger checks involvement
payments against, each in force from a date (they usually change in April):

  weekly   payments received in a week (Monday to Sunday), an amount
  monthly  payments received in a calendar month, an amount
  hours    hours of involvement in a calendar month (30 unless set)

No payments threshold is built in: until one is set the ledger says none is.
Expenses never count towards them.`,
		Args: cobra.NoArgs,
	}
	var thresholdsAsJSON bool
	list := &cobra.Command{
		Use:   "list [--json]",
		Short: "List every threshold, and which is in force today",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			s, _, err := a.open(true)
			if err != nil {
				return err
			}
			defer s.Close()
			ts, err := s.Thresholds(cmd.Context())
			if err != nil {
				return err
			}
			today := store.LocalDate(moneyNow())
			if thresholdsAsJSON {
				return a.printJSON(thresholdsJSON(ts, today))
			}
			a.out("%-16s  %-10s  %14s  %-6s  %s\n", "KIND", "FROM", "LIMIT", "TODAY", "NOTE")
			for _, t := range ts {
				cur, _ := store.ThresholdFor(ts, t.Kind, today)
				mark := ""
				if cur.ID == t.ID {
					mark = "yes"
				}
				a.out("%-16s  %-10s  %14s  %-6s  %s\n", t.Kind, t.EffectiveFrom, t.ValueText(), mark, t.Note)
			}
			for _, k := range store.ThresholdKinds {
				cur, ok := store.ThresholdFor(ts, k, today)
				switch {
				case !ok:
					a.out("no threshold is set for %s\n", strings.ToLower(k.Label()))
				case cur.Default:
					a.out("%s: %s (the default; none set)\n", k.Label(), cur.ValueText())
				}
			}
			return nil
		},
	}
	jsonFlag(list, &thresholdsAsJSON)
	var from, note string
	set := &cobra.Command{
		Use:   "set KIND VALUE --from DATE [--note TEXT]",
		Short: "Set a threshold in force from a date",
		Long: `Set records a threshold of KIND (weekly, monthly or hours) in force from
--from, replacing one of the same kind from that date. VALUE is an amount
(like £100 or 100.00) for weekly and monthly, a number of hours for hours.
For example:

  involve thresholds set weekly £183.50 --from 2026-04-06 --note "Permitted earnings, weekly"
  involve thresholds set hours 30 --from 2026-04-06`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			kind, err := store.ParseThresholdKind(args[0])
			if err != nil {
				return err
			}
			v, err := store.ParseThresholdValue(kind, args[1])
			if err != nil {
				return fmt.Errorf("value: %w", err)
			}
			if strings.TrimSpace(from) == "" {
				return fmt.Errorf("say from which date the threshold applies: --from DATE")
			}
			s, _, err := a.open(true)
			if err != nil {
				return err
			}
			defer s.Close()
			t := store.Threshold{Kind: kind, Amount: v, EffectiveFrom: from, Note: note}
			if err := s.SetThreshold(cmd.Context(), &t); err != nil {
				return err
			}
			a.out("%s: %s from %s\n", t.Kind.Label(), t.ValueText(), t.EffectiveFrom)
			return nil
		},
	}
	set.Flags().StringVar(&from, "from", "", "the date the threshold applies from (required)")
	set.Flags().StringVar(&note, "note", "", "a note (where the figure comes from)")
	cmd.AddCommand(list, set)
	return cmd
}
