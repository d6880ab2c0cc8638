package main

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/involve/involve/civil"
	"github.com/involve/involve/report"
	"github.com/involve/involve/store"
)

// reportNow dates a PDF report (tests replace it).
var reportNow = time.Now

// reportCmd is `involve report`: the annual involvement report.
func (a *app) reportCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "report",
		Short: "Write the annual involvement report",
		Args:  cobra.NoArgs,
	}
	cmd.AddCommand(a.reportAnnualCmd())
	return cmd
}

func (a *app) reportAnnualCmd() *cobra.Command {
	var year, from, to, format, output string
	cmd := &cobra.Command{
		Use:   "annual --year 2026-27 | --from DATE --to DATE [--format md|html|pdf] [-o FILE]",
		Short: "The year's account of involvement: forums, attendance, support, stories and more",
		Long: `Annual writes the annual involvement report for a financial year (--year 2026-27
is 1 April 2026 to 31 March 2027), or for any period (--from DATE --to DATE,
both included): forums and meetings held; attendance (people by role, and how
often they came), with a chart by month; new members; consultations, points
raised and what was done about them; senior officers' contact with each
forum; training delivered; the support given to take part (transport
journeys, expenses and involvement payments, with a chart of money by
category); stories added and those that may be read at forums; and reach.

Nothing in it names a person. Every count of people goes through disclosure
control: 1 to 7 people show as *, other counts are rounded to the nearest 5
(NHS Digital's rule, or the stricter threshold "involve reach" may set), a
figure that would let a hidden one be worked out shows as [c], and a footnote
says so. The money totals are those of
"involve expenses report" and of the ledger for the same days, to the penny.

--format md (the default) prints markdown, with the charts as bars of text;
html writes one self-contained HTML file (styles and charts inside it, nothing
fetched from elsewhere) that prints well on A4; pdf writes an A4 PDF (it needs
-o FILE.pdf), made without a browser. With -o the file is created mode 0600.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			o, err := reportPeriod(year, from, to)
			if err != nil {
				return err
			}
			switch format {
			case "md", "html":
			case "pdf":
				if output == "" || output == "-" {
					return errors.New("a PDF is written to a file: add -o FILE.pdf")
				}
			default:
				return fmt.Errorf("--format must be md, html or pdf, not %q", format)
			}
			s, _, err := a.open(true)
			if err != nil {
				return err
			}
			defer s.Close()
			d, err := report.Load(cmd.Context(), s, o)
			if err != nil {
				return err
			}
			write := func(w io.Writer) error {
				switch format {
				case "html":
					return d.WriteHTML(w)
				case "pdf":
					return d.WritePDF(w, reportNow())
				}
				return d.WriteMarkdown(w)
			}
			return a.emit(output, "the "+strings.ToLower(d.Title[:1])+d.Title[1:], write)
		},
	}
	cmd.Flags().StringVar(&year, "year", "", "the financial year, April to March: 2026-27")
	cmd.Flags().StringVar(&from, "from", "", "the first day, for a period other than a financial year")
	cmd.Flags().StringVar(&to, "to", "", "the last day, for a period other than a financial year")
	cmd.Flags().StringVar(&format, "format", "md", "md, html or pdf")
	cmd.Flags().StringVarP(&output, "output", "o", "", "write to FILE (mode 0600) instead of standard output")
	return cmd
}

// reportPeriod reads --year, or --from and --to.
func reportPeriod(year, from, to string) (report.Options, error) {
	var o report.Options
	var err error
	year, from, to = strings.TrimSpace(year), strings.TrimSpace(from), strings.TrimSpace(to)
	switch {
	case year != "" && (from != "" || to != ""):
		return o, errors.New("give either --year or --from and --to, not both")
	case year != "":
		if o.From, o.To, err = store.FinancialYear(year); err != nil {
			return o, fmt.Errorf("--year: %w", err)
		}
		o.Year = store.YearLabel(o.From)
	case from != "" && to != "":
		if o.From, err = civil.Parse(from); err != nil {
			return o, fmt.Errorf("--from: %w", err)
		}
		if o.To, err = civil.Parse(to); err != nil {
			return o, fmt.Errorf("--to: %w", err)
		}
		if o.To.Before(o.From) {
			return o, fmt.Errorf("the report ends (%s) before it starts (%s)", o.To, o.From)
		}
	default:
		return o, errors.New("say which year: --year 2026-27 (April to March), or --from DATE --to DATE")
	}
	return o, nil
}
