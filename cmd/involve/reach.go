package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/involve/involve/civil"
	"github.com/involve/involve/store"
)

// reachNow is the clock the reach verbs use for "today" (tests replace it).
var reachNow = time.Now

// reachCmd is `involve reach`: who the forums reach, through disclosure
// control, and the reference populations to compare with.
func (a *app) reachCmd() *cobra.Command {
	var forum, from, to, reference, question, format, output string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "reach [--forum NAME] [--from DATE] [--to DATE] [--reference NAME|none] [--question Q] [--json|--format md] [-o FILE]",
		Short: "Who the forums reach: people involved by their equality monitoring answers, beside a reference population",
		Long: `Reach counts the people involved in a period (who attended at least one
meeting from --from to --to, both included; by default the last twelve months)
by their equality monitoring answers, a table a question, beside the shares of
a reference population (the first by name unless --reference names another, or
"none") and the difference in percentage points. Without --forum: every forum
together, then each forum that met in the period; with it, that forum only.
--question keeps one question (ethnic_group, sex, gender_identity,
sexual_orientation, religion, long_term_condition, age, main_language).

Every count goes through disclosure control: 1 to 7 people are shown as *,
other counts rounded to the nearest 5 (NHS Digital's rule; "involve reach
threshold" sets a stricter one), and a further count is hidden as [c] wherever
a * could be worked out from the totals. Shares are of those who gave an
answer, worked out from the rounded counts, and none from 7 people or fewer.
No one's answers are shown.

--format md (the default) prints markdown tables; --json (or --format json)
one JSON object, with shown counts as numbers and hidden ones as "*" or "[c]".`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if asJSON {
				format = "json"
			}
			format = strings.ToLower(strings.TrimSpace(format))
			if format != "md" && format != "json" {
				return fmt.Errorf("--format must be md or json, not %q", format)
			}
			today := civil.In(reachNow(), store.London)
			q := store.ReachQuery{From: today.AddYears(-1).AddDays(1), To: today}
			var err error
			if strings.TrimSpace(from) != "" {
				if q.From, err = civil.Parse(from); err != nil {
					return fmt.Errorf("--from: %w", err)
				}
			}
			if strings.TrimSpace(to) != "" {
				if q.To, err = civil.Parse(to); err != nil {
					return fmt.Errorf("--to: %w", err)
				}
			}
			if q.To.Before(q.From) {
				return fmt.Errorf("the period ends (%s) before it starts (%s)", q.To, q.From)
			}
			var only store.Question
			if strings.TrimSpace(question) != "" {
				if only, err = store.ParseQuestion(question); err != nil {
					return fmt.Errorf("--question: %w", err)
				}
			}
			s, _, err := a.open(true)
			if err != nil {
				return err
			}
			defer s.Close()
			ctx := cmd.Context()
			switch ref := strings.TrimSpace(reference); {
			case strings.EqualFold(ref, "none"):
			case ref != "":
				r, err := s.ReferenceNamed(ctx, ref)
				if err != nil {
					return fmt.Errorf("--reference: %w", err)
				}
				q.ReferenceID = r.ID
			default:
				refs, err := s.References(ctx)
				if err != nil {
					return err
				}
				if len(refs) > 0 {
					q.ReferenceID = refs[0].ID
				}
			}
			var scopes []string // forum ids; "" for every forum
			if strings.TrimSpace(forum) != "" {
				f, err := s.ForumByName(ctx, forum)
				if err != nil {
					return fmt.Errorf("--forum: %w", err)
				}
				scopes = []string{f.ID}
			} else {
				forums, err := s.ReachForums(ctx, q.From, q.To)
				if err != nil {
					return err
				}
				scopes = []string{""}
				for _, f := range forums {
					scopes = append(scopes, f.ID)
				}
			}
			var reaches []store.Reach
			for _, id := range scopes {
				q.ForumID = id
				r, err := s.Reach(ctx, q)
				if err != nil {
					return err
				}
				if only != "" {
					for _, t := range r.Tables {
						if t.Question == only {
							r.Tables = []store.ReachTable{t}
							break
						}
					}
				}
				reaches = append(reaches, r)
			}
			write := func(w io.Writer) error {
				if format == "json" {
					enc := json.NewEncoder(w)
					enc.SetIndent("", "  ")
					return enc.Encode(struct {
						Reach []store.Reach `json:"reach"`
					}{reaches})
				}
				return writeReachMarkdown(w, reaches)
			}
			return a.emit(output, "the reach tables", write)
		},
	}
	cmd.Flags().StringVar(&forum, "forum", "", "only this forum (default: every forum, then each forum)")
	cmd.Flags().StringVar(&from, "from", "", "the first day of the period (default: a year before --to)")
	cmd.Flags().StringVar(&to, "to", "", "the last day of the period (default: today)")
	cmd.Flags().StringVar(&reference, "reference", "", `the reference population to compare with, or "none" (default: the first by name)`)
	cmd.Flags().StringVar(&question, "question", "", "only this question")
	cmd.Flags().StringVar(&format, "format", "md", "md or json")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON (the same as --format json)")
	cmd.Flags().StringVarP(&output, "output", "o", "", "write to FILE (mode 0600) instead of standard output")
	cmd.AddCommand(a.reachReferenceCmd(), a.reachThresholdCmd())
	return cmd
}

// writeReachMarkdown prints each reach as a heading and a table a question.
func writeReachMarkdown(w io.Writer, reaches []store.Reach) error {
	var b strings.Builder
	for i, r := range reaches {
		if i > 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "# Reach: %s, %s to %s\n\n", mdText(r.Forum), longDate(r.From), longDate(r.To))
		fmt.Fprintf(&b, "People involved (who attended at least one meeting): %s.", mdText(r.People.String()))
		if r.Reference != nil {
			fmt.Fprintf(&b, " Compared with %s, %s", mdText(r.Reference.Name), longDate(r.Reference.AsOf))
			if r.Reference.Source != "" {
				fmt.Fprintf(&b, " (%s)", mdText(r.Reference.Source))
			}
			b.WriteString(".")
		}
		b.WriteString("\n")
		for _, t := range r.Tables {
			fmt.Fprintf(&b, "\n## %s\n\n", mdText(t.Title))
			b.WriteString("| Answer | People | Share of those who answered | Reference | Difference (points) |\n")
			b.WriteString("| --- | --: | --: | --: | --: |\n")
			for _, l := range t.Lines {
				// Indented with no-break spaces outside the bold: "**" followed
				// by a space (no-break or not) opens nothing in markdown.
				label := mdText(l.Label)
				if l.Kind != store.ReachCategoryLine && l.Kind != store.ReachOtherLine {
					label = "**" + label + "**"
				}
				label = strings.Repeat("\u00a0\u00a0", l.Depth) + label
				share, diff := "", ""
				if l.Kind == store.ReachCategoryLine || l.Kind == store.ReachGroupLine {
					share = l.Share.String()
					if l.HasReference {
						diff = l.Difference.String()
					}
				}
				fmt.Fprintf(&b, "| %s | %s | %s | %s | %s |\n", label, mdText(l.People.String()), mdText(share), l.ReferenceText(), mdText(diff))
			}
			b.WriteString("\n" + mdText(t.Table.Footnote()) + "\n")
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

var mdEscaper = strings.NewReplacer(`\`, `\\`, "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`, "`", "\\`", "<", "&lt;", "|", `\|`, "#", `\#`)

// mdText escapes text for markdown: a forum's or reference's name, and the
// markers * and [c], print as they are.
func mdText(s string) string { return mdEscaper.Replace(s) }

func longDate(d civil.Date) string { return d.Time(time.UTC).Format("2 January 2006") }

// reachReferenceCmd is `involve reach reference`: the reference populations.
func (a *app) reachReferenceCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "reference",
		Short: "List, add or delete the reference populations reach is compared with",
		Long: `A reference population is a set of shares to set reach beside: the city's
census shares, the treatment population. Each has a name, the date of its
figures, where they come from, and a percentage for some or all of the answers
to each question (of those who answered).`,
		Args: cobra.NoArgs,
	}
	var asJSON bool
	list := &cobra.Command{
		Use:   "list [--json]",
		Short: "List the reference populations",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			s, _, err := a.open(true)
			if err != nil {
				return err
			}
			defer s.Close()
			refs, err := s.References(cmd.Context())
			if err != nil {
				return err
			}
			if asJSON {
				if refs == nil {
					refs = []store.Reference{}
				}
				b, err := json.MarshalIndent(struct {
					References []store.Reference `json:"references"`
				}{refs}, "", "  ")
				if err != nil {
					return err
				}
				a.print(string(b) + "\n")
				return nil
			}
			if len(refs) == 0 {
				a.out("there are no reference populations yet (involve reach reference add NAME --as-of DATE FILE.csv)\n")
				return nil
			}
			for _, r := range refs {
				a.out("%s  (figures of %s, %d shares)", r.Name, r.AsOf, len(r.Shares))
				if r.Source != "" {
					a.out(": %s", r.Source)
				}
				a.out("\n")
			}
			return nil
		},
	}
	list.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	var asOf, source string
	var replace bool
	add := &cobra.Command{
		Use:   "add NAME --as-of DATE [--source TEXT] [--replace] FILE.csv",
		Short: "Add a reference population from a CSV file of shares",
		Long: `Add reads the shares from a CSV file (UTF-8, with a header row) with the
columns question, category and percent, in any order, such as

  question,category,percent
  ethnic_group,Pakistani,8.5
  ethnic_group,English / Welsh / Scottish / Northern Irish or British,48.7
  religion,No religion,37

Questions and answers are matched by code or by their words, in any case; a
percentage may have a decimal place. The shares of each question must add up
to no more than 100. It is all or nothing: every mistake is listed as
FILE:LINE: what is wrong. --replace replaces a reference of the same name.`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			name, path := args[0], args[1]
			d, err := civil.Parse(asOf)
			if err != nil {
				return fmt.Errorf("--as-of: %w", err)
			}
			f, err := os.Open(path)
			if err != nil {
				return fmt.Errorf("cannot read %s: %s", path, store.FileProblem(err))
			}
			shares, err := store.ReadReferenceShares(f, path)
			f.Close()
			if err != nil {
				return err
			}
			s, _, err := a.open(true)
			if err != nil {
				return err
			}
			defer s.Close()
			r := store.Reference{Name: name, AsOf: d, Source: source, Shares: shares}
			if old, err := s.ReferenceNamed(cmd.Context(), name); err == nil {
				if !replace {
					return fmt.Errorf("there is already a reference population called %q: --replace replaces it", old.Name)
				}
				r.Meta = old.Meta
			}
			if err := s.SaveReference(cmd.Context(), &r); err != nil {
				return err
			}
			a.out("saved %s: %d shares\n", r.Name, len(r.Shares))
			return nil
		},
	}
	add.Flags().StringVar(&asOf, "as-of", "", "the date of the figures (required)")
	add.Flags().StringVar(&source, "source", "", "where the figures come from")
	add.Flags().BoolVar(&replace, "replace", false, "replace a reference population of the same name")
	var yes bool
	del := &cobra.Command{
		Use:   "delete NAME --yes",
		Short: "Delete a reference population",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, _, err := a.open(true)
			if err != nil {
				return err
			}
			defer s.Close()
			r, err := s.ReferenceNamed(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			if !yes {
				return fmt.Errorf("this deletes %s and its %d shares: add --yes to go ahead", r.Name, len(r.Shares))
			}
			if err := s.DeleteReference(cmd.Context(), r.ID, r.Version); err != nil {
				return err
			}
			a.out("deleted %s\n", r.Name)
			return nil
		},
	}
	del.Flags().BoolVar(&yes, "yes", false, "delete without asking")
	cmd.AddCommand(list, add, del)
	return cmd
}

// reachThresholdCmd is `involve reach threshold`: the disclosure threshold.
func (a *app) reachThresholdCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "threshold [N]",
		Short: "Show, or set, how small a count of people is hidden everywhere (7 unless set)",
		Long: `Threshold with no number says which counts of people are hidden as * on every
screen and in every report: 1 to 7 by default (NHS Digital's rule). With a
number N (7 or more) it hides 1 to N from then on; 0 goes back to 7.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, _, err := a.open(true)
			if err != nil {
				return err
			}
			defer s.Close()
			if len(args) == 1 {
				n, err := strconv.Atoi(strings.TrimSpace(args[0]))
				if err != nil {
					return fmt.Errorf("%q is not a whole number", args[0])
				}
				if err := s.SetDisclosureThreshold(cmd.Context(), n); err != nil {
					return err
				}
			}
			r, err := s.DisclosureRule(cmd.Context())
			if err != nil {
				return err
			}
			a.out("counts of 1 to %d people are shown as *; others are rounded to the nearest 5\n", r.Threshold())
			return nil
		},
	}
}
