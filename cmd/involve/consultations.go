package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/involve/involve/civil"
	"github.com/involve/involve/store"
	"github.com/involve/involve/termsafe"
)

func (a *app) consultationsCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "consultations",
		Short: "Consultations and their feedback loop: list, show, export, settings",
		Args:  cobra.NoArgs,
	}
	cmd.AddCommand(a.consultationsListCmd(), a.consultationsShowCmd(), a.consultationsExportCmd(), a.consultationsSettingsCmd())
	return cmd
}

// consultationJSON is a consultation as "consultations list --json" writes it.
type consultationJSON struct {
	ID           string   `json:"id"`
	Title        string   `json:"title"`
	Organisation string   `json:"organisation"`
	Decider      string   `json:"decider"`
	Status       string   `json:"status"`
	Opens        string   `json:"opens"`
	Deadline     string   `json:"deadline"`
	Forums       []string `json:"forums"`
	Points       int      `json:"points"`
	Awaiting     int      `json:"points_awaiting_response"`
	FeedbackDue  string   `json:"feedback_due"`
	Overdue      bool     `json:"feedback_overdue"`
	Version      int64    `json:"version"`
}

func (a *app) consultationsListCmd() *cobra.Command {
	var asJSON bool
	var status, forum string
	cmd := &cobra.Command{
		Use:   "list [--status STATUS] [--forum NAME] [--json]",
		Short: "List the consultations: those still in the loop first, soonest deadline first",
		Long: `List shows every consultation with its id, status, deadline, the forums asked,
how many points were raised and how many await a response, and when full
feedback is due (the deadline plus the weeks "consultations settings" allows;
"overdue" once it has passed and the loop is not yet fed back).

--status keeps one status (open, closed_to_responses, awaiting_decision,
fed_back, closed); --forum keeps those asking one forum (named as in the
program, in any case). --json writes the same as a JSON array.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			var f store.ConsultationFilter
			if strings.TrimSpace(status) != "" {
				st, err := store.ParseLoopStatus(status)
				if err != nil {
					return fmt.Errorf("--status: %w", err)
				}
				f.Status = st
			}
			s, _, err := a.open(true)
			if err != nil {
				return err
			}
			defer s.Close()
			ctx := cmd.Context()
			if strings.TrimSpace(forum) != "" {
				fo, err := s.ForumByName(ctx, forum)
				if err != nil {
					return err
				}
				f.ForumID = fo.ID
			}
			list, err := s.Consultations(ctx, f)
			if err != nil {
				return err
			}
			if asJSON {
				out := make([]consultationJSON, 0, len(list))
				for _, c := range list {
					forums := c.Forums
					if forums == nil {
						forums = []string{}
					}
					out = append(out, consultationJSON{ID: c.ID, Title: c.Title, Organisation: c.Organisation, Decider: c.Decider,
						Status: string(c.Status), Opens: c.Opens.String(), Deadline: c.Deadline.String(), Forums: forums,
						Points: c.Points, Awaiting: c.Awaiting, FeedbackDue: c.FeedbackDue.String(), Overdue: c.Overdue, Version: c.Version})
				}
				return a.printJSON(out)
			}
			if len(list) == 0 {
				if f != (store.ConsultationFilter{}) {
					a.out("No consultation is like that.\n")
				} else {
					a.out("There are no consultations yet: add one in the program (7, then n).\n")
				}
				return nil
			}
			var b strings.Builder
			tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tTITLE\tSTATUS\tDEADLINE\tFORUMS\tPOINTS\tAWAITING\tFEEDBACK DUE")
			for _, c := range list {
				due := c.FeedbackDue.String()
				switch {
				case c.Overdue:
					due += " (overdue)"
				case !c.Status.Live():
					due = "given"
				}
				fmt.Fprintln(tw, strings.Join([]string{c.ID, storyClip(c.Title, 40), c.Status.Label(), c.Deadline.String(),
					storyClip(strings.Join(c.Forums, ", "), 30), strconv.Itoa(c.Points), strconv.Itoa(c.Awaiting), due}, "\t"))
			}
			tw.Flush()
			a.print(b.String())
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "write JSON")
	cmd.Flags().StringVar(&status, "status", "", "only this status: open, closed_to_responses, awaiting_decision, fed_back or closed")
	cmd.Flags().StringVar(&forum, "forum", "", "only those asking this forum")
	return cmd
}

func (a *app) consultationsShowCmd() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "show ID [--json]",
		Short: "Show a consultation: the question, every point with its response, the feedback given",
		Long: `Show prints one consultation: who asks and decides, the question word for word,
the options, what cannot change, the papers, its place in the feedback loop
(and what its next step needs), every point raised ("you said") with its
response ("we did") and the reason for it, and the feedback given.

ID is the consultation's id, or enough of the start of it to pick one
("involve consultations list" shows them). The quotes people agreed to, and
who said them, are shown: this is the coordinator's view. --json writes the
consultation as one JSON object.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, _, err := a.open(true)
			if err != nil {
				return err
			}
			defer s.Close()
			ctx := cmd.Context()
			d, err := s.ConsultationByPrefix(ctx, args[0])
			if err != nil {
				return err
			}
			if asJSON {
				return a.printJSON(consultationOut(d))
			}
			set, err := s.ConsultationSettings(ctx)
			if err != nil {
				return err
			}
			a.print(consultationMarkdown(d, civil.In(time.Now(), store.London), set.FeedbackWeeks))
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "write JSON")
	return cmd
}

func (a *app) consultationsExportCmd() *cobra.Command {
	var asJSON bool
	var format, output string
	cmd := &cobra.Command{
		Use:   "export [--format md|json] [--json] [-o FILE]",
		Short: "Write every consultation in full, with its points, responses and feedback",
		Long: `Export writes every consultation as "consultations show" prints it, one after
another (--format md, the default), or as one JSON array (--format json, or
--json) for another program. With -o FILE the file is created mode 0600: it
names the people quoted and the senior officers.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			format = strings.ToLower(strings.TrimSpace(format))
			if asJSON {
				format = "json"
			}
			if format != "md" && format != "json" {
				return fmt.Errorf("--format must be md or json, not %q", format)
			}
			s, _, err := a.open(true)
			if err != nil {
				return err
			}
			defer s.Close()
			ctx := cmd.Context()
			all, err := consultationDetails(ctx, s)
			if err != nil {
				return err
			}
			set, err := s.ConsultationSettings(ctx)
			if err != nil {
				return err
			}
			write := func(w io.Writer) error {
				if format == "json" {
					out := make([]consultationDetailJSON, len(all))
					for i, d := range all {
						out[i] = consultationOut(d)
					}
					return writeJSON(w, out)
				}
				today := civil.In(time.Now(), store.London)
				var b strings.Builder
				if len(all) == 0 {
					b.WriteString("There are no consultations yet.\n")
				}
				for i, d := range all {
					if i > 0 {
						b.WriteString("\n---\n\n")
					}
					b.WriteString(consultationMarkdown(d, today, set.FeedbackWeeks))
				}
				_, err := io.WriteString(w, termsafe.Filter(b.String()))
				return err
			}
			if output == "" || output == "-" {
				return write(a.stdout)
			}
			if err := a.writeOutput(output, write); err != nil {
				return err
			}
			fmt.Fprintln(a.stderr, termsafe.Filter(fmt.Sprintf("wrote %s to %s", storyPlural(len(all), "consultation", "consultations"), output)))
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "write JSON (the same as --format json)")
	cmd.Flags().StringVar(&format, "format", "md", "md (readable) or json")
	cmd.Flags().StringVarP(&output, "output", "o", "", "write to FILE (mode 0600) instead of standard output")
	return cmd
}

func (a *app) consultationsSettingsCmd() *cobra.Command {
	var ladder string
	var weeks int
	cmd := &cobra.Command{
		Use:   "settings [--ladder tlap|arnstein] [--feedback-weeks N]",
		Short: "Show or change the ladder of participation and when feedback is due",
		Long: `Settings with no flags prints the settings of consultations; with flags it
changes them. --ladder picks the ladder a new consultation's participation
levels are recorded on: tlap (Think Local Act Personal's ladder of
co-production: coercion, educating, informing, consultation, engagement,
co-design, co-production; the default) or arnstein (Arnstein's ladder of
participation: manipulation, therapy, informing, consultation, placation,
partnership, delegated power, citizen control). A consultation keeps the
ladder it was recorded on. --feedback-weeks is how many weeks after its
deadline full feedback is due before the dashboard lists it as overdue
(6 unless set).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			s, _, err := a.open(true)
			if err != nil {
				return err
			}
			defer s.Close()
			ctx := cmd.Context()
			set, err := s.ConsultationSettings(ctx)
			if err != nil {
				return err
			}
			if cmd.Flags().Changed("ladder") || cmd.Flags().Changed("feedback-weeks") {
				if cmd.Flags().Changed("ladder") {
					if set.Ladder, err = store.ParseLadder(ladder); err != nil {
						return fmt.Errorf("--ladder: %w", err)
					}
				}
				if cmd.Flags().Changed("feedback-weeks") {
					set.FeedbackWeeks = weeks
				}
				if err := s.SetConsultationSettings(ctx, set); err != nil {
					return err
				}
			}
			a.out("ladder          %s (%s)\nfeedback weeks  %d: full feedback is due %s after a consultation's deadline\n",
				set.Ladder, set.Ladder.Label(), set.FeedbackWeeks, storyPlural(set.FeedbackWeeks, "week", "weeks"))
			return nil
		},
	}
	cmd.Flags().StringVar(&ladder, "ladder", "", "tlap or arnstein")
	cmd.Flags().IntVar(&weeks, "feedback-weeks", store.DefaultFeedbackWeeks, "weeks after the deadline full feedback is due")
	return cmd
}

// consultationDetails loads every consultation in full, in list order.
func consultationDetails(ctx context.Context, s *store.Store) ([]store.ConsultationDetail, error) {
	list, err := s.Consultations(ctx, store.ConsultationFilter{})
	if err != nil {
		return nil, err
	}
	out := make([]store.ConsultationDetail, 0, len(list))
	for _, c := range list {
		d, err := s.Consultation(ctx, c.ID)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, nil
}

// consultationDetailJSON is a consultation in full as "show --json" and
// "export --json" write it: empty lists as [], no date as "".
type consultationDetailJSON struct {
	store.Consultation
	Points   []store.Point         `json:"points"`
	Feedback []store.FeedbackEvent `json:"feedback"`
}

func consultationOut(d store.ConsultationDetail) consultationDetailJSON {
	out := consultationDetailJSON{Consultation: d.Consultation, Points: d.Points, Feedback: d.Feedback}
	for _, p := range []*[]string{&out.ForumIDs, &out.Forums} {
		if *p == nil {
			*p = []string{}
		}
	}
	if out.Channels == nil {
		out.Channels = []store.Channel{}
	}
	if out.Points == nil {
		out.Points = []store.Point{}
	}
	if out.Feedback == nil {
		out.Feedback = []store.FeedbackEvent{}
	}
	return out
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// consultationMarkdown is a consultation as "show" prints it.
func consultationMarkdown(d store.ConsultationDetail, today civil.Date, weeks int) string {
	var b strings.Builder
	line := func(s string) string { return termsafe.Line(s) }
	fmt.Fprintf(&b, "# %s\n\n", line(d.Title))
	fmt.Fprintf(&b, "- id: %s\n", d.ID)
	status := d.Status.Label()
	if next, why, ok := d.NextStep(today); ok {
		if why != nil {
			status += fmt.Sprintf(" (next: %s; not yet: %s)", strings.ToLower(next.Label()), why)
		} else {
			status += fmt.Sprintf(" (next: %s, which it may move to now)", strings.ToLower(next.Label()))
		}
	}
	fmt.Fprintf(&b, "- status: %s\n", status)
	asked := orDash(line(d.Organisation))
	if d.OfficerName != "" {
		asked += ", senior officer " + line(d.OfficerName)
	}
	fmt.Fprintf(&b, "- asked by: %s\n- decided by: %s\n", asked, orDash(line(d.Decider)))
	due := store.FeedbackDue(d.Deadline, weeks)
	dueText := due.String()
	if d.Status.Live() && today.After(due) {
		dueText += " (overdue)"
	}
	fmt.Fprintf(&b, "- open: %s to %s; full feedback due %s\n", d.Opens, d.Deadline, dueText)
	fmt.Fprintf(&b, "- forums: %s\n", orDash(line(strings.Join(d.Forums, ", "))))
	var chans []string
	for _, c := range d.Channels {
		chans = append(chans, c.Label())
	}
	fmt.Fprintf(&b, "- channels: %s\n", orDash(strings.Join(chans, ", ")))
	fmt.Fprintf(&b, "- participation (%s): promised %s, achieved %s\n\n", d.Ladder.Label(),
		d.Ladder.RungLabel(d.Promised), d.Ladder.RungLabel(d.Achieved))
	for _, sec := range []struct{ head, text string }{
		{"The question", quoteBlock(d.Question)}, {"Options", d.Options}, {"What cannot change", d.Fixed}, {"Papers", d.Papers},
	} {
		if strings.TrimSpace(sec.text) == "" {
			continue
		}
		fmt.Fprintf(&b, "## %s\n\n%s\n\n", sec.head, strings.TrimSpace(termsafe.Clean(sec.text)))
	}
	fmt.Fprintf(&b, "## You said, we did (%s, %d awaiting a response)\n\n", storyPlural(len(d.Points), "point", "points"), d.Awaiting())
	if len(d.Points) == 0 {
		b.WriteString("No point has been raised yet.\n\n")
	}
	for i, p := range d.Points {
		where := "raised " + p.RaisedOn.String()
		if p.MeetingForum != "" {
			where = "raised at " + line(p.MeetingForum) + " on " + p.RaisedOn.String()
		}
		fmt.Fprintf(&b, "%d. **You said** (%s; %s): %s\n", i+1, where, storyPlural(p.RaisedBy, "person", "people"), line(p.Text))
		if p.Quote != "" {
			fmt.Fprintf(&b, "   > “%s” — %s (agreed to be quoted, %s, %s)\n", line(p.Quote), orDash(line(p.SpeakerName)),
				p.QuoteConsentHow, p.QuoteConsent)
		}
		if r := p.Response; r != nil {
			fmt.Fprintf(&b, "   **We did**: %s, because %s (decided by %s on %s", r.Outcome.Label(), line(r.Reason), line(r.DecidedBy), r.DecidedOn)
			if r.Stage != store.StageNone {
				fmt.Fprintf(&b, "; stage changed: %s", strings.ToLower(r.Stage.Label()))
			}
			if !r.ImpactCheck.IsZero() {
				fmt.Fprintf(&b, "; check the impact on %s", r.ImpactCheck)
			}
			b.WriteString(")\n")
		} else {
			b.WriteString("   **We did**: awaiting a decision\n")
		}
	}
	b.WriteString("\n## Feedback given\n\n")
	if len(d.Feedback) == 0 {
		b.WriteString("None yet.\n")
	}
	for _, e := range d.Feedback {
		fmt.Fprintf(&b, "- %s: %s, %s", e.On, e.Kind.Short(), strings.ToLower(e.Channel.Label()))
		if e.Note != "" {
			fmt.Fprintf(&b, ": %s", line(e.Note))
		}
		b.WriteString("\n")
	}
	return b.String()
}

// quoteBlock makes text a markdown block quote.
func quoteBlock(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	return "> " + strings.ReplaceAll(s, "\n", "\n> ")
}

func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "—"
	}
	return s
}
