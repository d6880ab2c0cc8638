package main

// involve contacts and involve training: senior officers' contact with the
// forums, and training health and care workers.

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/involve/involve/civil"
	"github.com/involve/involve/store"
	"github.com/involve/involve/termsafe"
)

func (a *app) contactsCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "contacts",
		Short: "Senior officers' contact with the forums: list them, see when each forum last met one",
		Long: `A senior officer's attendance at a forum meeting (marked attended on its
register) is a contact, automatically. Other contacts (a visit, a one-to-one,
a board seat, a written reply) are logged in the app, with the officer's
commitments. A forum "last met a senior officer" on the latest of those that
was not a written reply.`,
		Args: cobra.NoArgs,
	}
	cmd.AddCommand(a.contactsListCmd(), a.contactsForumsCmd(), a.contactsTargetCmd())
	return cmd
}

// contactJSON is a contact as "contacts list --json" writes it.
type contactJSON struct {
	ID             string           `json:"id"`
	Kind           string           `json:"kind"`
	Date           civil.Date       `json:"date"`
	OfficerID      string           `json:"officer_id"`
	Officer        string           `json:"officer"`
	Organisation   string           `json:"organisation"`
	Title          string           `json:"title"`
	ForumIDs       []string         `json:"forum_ids"`
	Forums         []string         `json:"forums"`
	Topics         string           `json:"topics"`
	ConsultationID string           `json:"consultation_id"`
	MeetingID      string           `json:"meeting_id,omitempty"`
	Commitments    []commitmentJSON `json:"commitments"`
}

type commitmentJSON struct {
	ID          string `json:"id"`
	Description string `json:"description"`
	Owner       string `json:"owner"`
	Due         string `json:"due"`
	Done        bool   `json:"done"`
}

func (a *app) contactsListCmd() *cobra.Command {
	var forum, from, to string
	var asJSON, logged bool
	cmd := &cobra.Command{
		Use:   "list [--forum NAME] [--from DATE] [--to DATE] [--logged] [--json]",
		Short: "List senior officers' contacts, the latest first",
		Long: `List shows every senior officer's contact, the latest first: their attendances
at forum meetings ("Forum meeting") and the contacts logged in the app, with
how many of the officer's commitments are still open.

--forum NAME keeps the contacts with that forum, and first says when it last
met a senior officer. --from and --to (London dates, both included) keep a
period. --logged leaves out the attendances at meetings. --json writes a JSON
array, each logged contact with its commitments.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			f := store.ContactFilter{Logged: logged}
			var err error
			if f.From, err = civil.ParseOptional(from); err != nil {
				return fmt.Errorf("--from: %w", err)
			}
			if f.To, err = civil.ParseOptional(to); err != nil {
				return fmt.Errorf("--to: %w", err)
			}
			s, _, err := a.open(true)
			if err != nil {
				return err
			}
			defer s.Close()
			ctx := cmd.Context()
			var last *store.ForumContact
			if strings.TrimSpace(forum) != "" {
				fo, err := s.ForumByName(ctx, forum)
				if err != nil {
					return err
				}
				f.ForumID = fo.ID
				fc, err := s.ForumOfficerContact(ctx, fo.ID)
				if err != nil {
					return err
				}
				last = &fc
			}
			contacts, err := s.Contacts(ctx, f)
			if err != nil {
				return err
			}
			if asJSON {
				out := make([]contactJSON, 0, len(contacts))
				for _, c := range contacts {
					j := contactJSON{ID: c.ID, Kind: string(c.Kind), Date: c.Date, OfficerID: c.OfficerID, Officer: c.OfficerName,
						Organisation: c.Organisation, Title: c.Title, ForumIDs: c.ForumIDs, Forums: c.Forums, Topics: c.Topics,
						ConsultationID: c.ConsultationID, MeetingID: c.MeetingID, Commitments: []commitmentJSON{}}
					if j.ForumIDs == nil {
						j.ForumIDs, j.Forums = []string{}, []string{}
					}
					if !c.Derived() {
						acts, err := s.ContactActions(ctx, c.ID)
						if err != nil {
							return err
						}
						for _, x := range acts {
							j.Commitments = append(j.Commitments, commitmentJSON{ID: x.ID, Description: x.Description,
								Owner: x.Owner, Due: x.Due, Done: x.Done})
						}
					}
					out = append(out, j)
				}
				return a.printJSON(out)
			}
			var b strings.Builder
			if last != nil {
				b.WriteString(lastMetSentence(*last) + "\n\n")
			}
			if len(contacts) == 0 {
				b.WriteString("No senior officer's contact is recorded")
				if last != nil {
					b.WriteString(" with " + last.ForumName)
				}
				b.WriteString(".\n")
				a.print(b.String())
				return nil
			}
			tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "DATE\tKIND\tOFFICER\tORGANISATION\tFORUMS\tOPEN\tTOPICS")
			for _, c := range contacts {
				open := "—"
				if !c.Derived() {
					open = strconv.Itoa(c.Open)
				}
				fmt.Fprintln(tw, strings.Join([]string{c.Date.String(), c.Kind.Label(), storyClip(orDash(c.OfficerName), 28),
					storyClip(orDash(c.Organisation), 28), storyClip(orDash(strings.Join(c.Forums, ", ")), 30), open,
					storyClip(orDash(c.Topics), 40)}, "\t"))
			}
			tw.Flush()
			a.print(b.String())
			return nil
		},
	}
	cmd.Flags().StringVar(&forum, "forum", "", "only contacts with this forum")
	cmd.Flags().StringVar(&from, "from", "", "from this London date (2026-03-14)")
	cmd.Flags().StringVar(&to, "to", "", "to this London date, included")
	cmd.Flags().BoolVar(&logged, "logged", false, "only contacts logged in the app (not attendances at meetings)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "write JSON")
	return cmd
}

// lastMetSentence says when a forum last met a senior officer.
func lastMetSentence(f store.ForumContact) string {
	if f.Last.IsZero() {
		return fmt.Sprintf("%s has not met a senior officer (the target is every %s).", f.ForumName, monthsWord(f.Target))
	}
	s := fmt.Sprintf("%s last met a senior officer on %s (%s; the target is every %s)", f.ForumName,
		f.Last.Time(store.London).Format("2 January 2006"), f.Since(), monthsWord(f.Target))
	if f.Over {
		s += ": overdue"
	}
	return s + "."
}

func monthsWord(n int) string {
	if n == 1 {
		return "month"
	}
	return fmt.Sprintf("%d months", n)
}

// forumContactJSON is one forum as "contacts forums --json" writes it.
type forumContactJSON struct {
	ForumID     string     `json:"forum_id"`
	Forum       string     `json:"forum"`
	LastMet     civil.Date `json:"last_met_senior_officer"`
	MonthsSince *int       `json:"months_since"`
	Target      int        `json:"target_months"`
	Overdue     bool       `json:"overdue"`
}

func (a *app) contactsForumsCmd() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "forums [--json]",
		Short: "When each forum last met a senior officer, and whether that is past the target",
		Long: `Forums lists every forum with the day it last met a senior officer (a forum
meeting one attended, or a logged contact other than a written reply), how
many whole months ago that was, and whether it is past the target
("contacts target" shows or sets it; 3 months unless set). A forum that has
never met one is overdue.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			s, _, err := a.open(true)
			if err != nil {
				return err
			}
			defer s.Close()
			fcs, err := s.OfficerContacts(cmd.Context())
			if err != nil {
				return err
			}
			if asJSON {
				out := make([]forumContactJSON, 0, len(fcs))
				for _, f := range fcs {
					j := forumContactJSON{ForumID: f.ForumID, Forum: f.ForumName, LastMet: f.Last, Target: f.Target, Overdue: f.Over}
					if !f.Last.IsZero() {
						m := f.Months
						j.MonthsSince = &m
					}
					out = append(out, j)
				}
				return a.printJSON(out)
			}
			if len(fcs) == 0 {
				a.out("There are no forums yet.\n")
				return nil
			}
			var b strings.Builder
			tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "FORUM\tLAST MET A SENIOR OFFICER\tSINCE\tOVERDUE")
			for _, f := range fcs {
				last, over := "never", "no"
				if !f.Last.IsZero() {
					last = f.Last.String()
				}
				if f.Over {
					over = "YES"
				}
				fmt.Fprintln(tw, strings.Join([]string{storyClip(f.ForumName, 40), last, f.Since(), over}, "\t"))
			}
			tw.Flush()
			fmt.Fprintf(&b, "\nThe target is a senior officer's contact every %s.\n", monthsWord(fcs[0].Target))
			a.print(b.String())
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "write JSON")
	return cmd
}

func (a *app) contactsTargetCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "target [MONTHS]",
		Short: "Show, or set, how many months a forum may go without meeting a senior officer",
		Long: `Target with no argument says how many months a forum may go without meeting a
senior officer before the dashboard warns (3 unless set). With MONTHS (1 to
36) it sets it.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var months int
			if len(args) == 1 {
				n, err := strconv.Atoi(strings.TrimSpace(args[0]))
				if err != nil {
					return fmt.Errorf("%q is not a number of months: give a whole number from 1 to 36", args[0])
				}
				months = n
			}
			s, _, err := a.open(true)
			if err != nil {
				return err
			}
			defer s.Close()
			if len(args) == 1 {
				if err := s.SetOfficerContactTarget(cmd.Context(), months); err != nil {
					return err
				}
				a.out("The dashboard now warns about a forum that has not met a senior officer for more than %s.\n", monthsWord(months))
				return nil
			}
			n, err := s.OfficerContactTarget(cmd.Context())
			if err != nil {
				return err
			}
			a.out("The dashboard warns about a forum that has not met a senior officer for more than %s.\n", monthsWord(n))
			return nil
		},
	}
}

func (a *app) trainingCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "training",
		Short: "Training health and care workers: list the sessions, make a programme's evidence pack",
		Args:  cobra.NoArgs,
	}
	cmd.AddCommand(a.trainingListCmd(), a.trainingEvidenceCmd())
	return cmd
}

// trainingJSON is a session as "training list --json" writes it. The
// co-trainers are counted, not named.
type trainingJSON struct {
	ID          string     `json:"id"`
	Date        civil.Date `json:"date"`
	Title       string     `json:"title"`
	Programme   string     `json:"programme"`
	Module      string     `json:"module"`
	Provider    string     `json:"provider"`
	Profession  string     `json:"profession"`
	Venue       string     `json:"venue"`
	Involvement string     `json:"involvement"`
	Learners    int        `json:"learners"`
	CoTrainers  int        `json:"co_trainers"`
	Stories     int        `json:"stories_used"`
	Score       *string    `json:"feedback_score"`
	Responses   int        `json:"feedback_responses"`
	Comments    string     `json:"feedback_comments"`
}

func (a *app) trainingListCmd() *cobra.Command {
	var programme, from, to string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "list [--programme NAME] [--from DATE] [--to DATE] [--json]",
		Short: "List the training sessions, the latest first",
		Long: `List shows the training sessions people with lived experience took part in,
the latest first: date, title, programme, who was trained, how people took
part, learners, co-trainers (counted, not named) and the learners' average
feedback out of 5. --programme NAME keeps one programme (its whole name, in
any case); --from and --to (London dates, both included) a period. --json
writes a JSON array.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			f := store.TrainingFilter{Programme: programme}
			var err error
			if f.From, err = civil.ParseOptional(from); err != nil {
				return fmt.Errorf("--from: %w", err)
			}
			if f.To, err = civil.ParseOptional(to); err != nil {
				return fmt.Errorf("--to: %w", err)
			}
			s, _, err := a.open(true)
			if err != nil {
				return err
			}
			defer s.Close()
			list, err := s.TrainingSessions(cmd.Context(), f)
			if err != nil {
				return err
			}
			if asJSON {
				out := make([]trainingJSON, 0, len(list))
				for _, t := range list {
					j := trainingJSON{ID: t.ID, Date: t.Date, Title: t.Title, Programme: t.Programme, Module: t.Module,
						Provider: t.Provider, Profession: string(t.Profession), Venue: t.Venue, Involvement: string(t.Kind),
						Learners: t.Learners, CoTrainers: t.Trainers, Stories: t.Stories, Responses: t.Responses, Comments: t.Comments}
					if t.Score > 0 {
						v := t.Score.String()
						j.Score = &v
					}
					out = append(out, j)
				}
				return a.printJSON(out)
			}
			if len(list) == 0 {
				if programme != "" || from != "" || to != "" {
					a.out("No training sessions are recorded for that programme or period.\n")
				} else {
					a.out("No training sessions are recorded yet.\n")
				}
				return nil
			}
			var b strings.Builder
			tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "DATE\tTITLE\tPROGRAMME\tLEARNERS ARE\tINVOLVEMENT\tLEARNERS\tCO-TRAINERS\tFEEDBACK")
			for _, t := range list {
				fb := "—"
				if t.Score > 0 {
					fb = t.Score.String() + "/5"
				}
				fmt.Fprintln(tw, strings.Join([]string{t.Date.String(), storyClip(t.Title, 36), storyClip(orDash(t.Programme), 32),
					t.Profession.Label(), t.Kind.Label(), strconv.Itoa(t.Learners), strconv.Itoa(t.Trainers), fb}, "\t"))
			}
			tw.Flush()
			a.print(b.String())
			return nil
		},
	}
	cmd.Flags().StringVar(&programme, "programme", "", "only this programme")
	cmd.Flags().StringVar(&from, "from", "", "from this London date (2026-03-14)")
	cmd.Flags().StringVar(&to, "to", "", "to this London date, included")
	cmd.Flags().BoolVar(&asJSON, "json", false, "write JSON")
	return cmd
}

func (a *app) trainingEvidenceCmd() *cobra.Command {
	var programme, from, to, format, output string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "evidence --programme NAME --from DATE --to DATE [--format md|json] [-o FILE]",
		Short: "Write a programme's evidence pack for HCPC standard 3.7 (service user and carer involvement)",
		Long: `Evidence writes, in markdown, what the records show about service user and
carer involvement in one programme from --from to --to (London dates, both
included), under the four things the Health and Care Professions Council looks
for under its standard of education and training 3.7 ("Service users and
carers must be involved in the programme"): who service users and carers are;
policies and processes; support for them; and planning, monitoring and
evaluation, with a table of the sessions.

The people who co-delivered are counted by role and by session, never named,
not even by initials; their feedback and the learners' are quoted without names;
stories used are counted, not titled. --programme is the programme's whole
name, in any case (training list shows them). With -o the file is created mode
0600. --json (or --format json) writes the same figures as one JSON object.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if strings.TrimSpace(programme) == "" {
				return errors.New("say which programme: --programme NAME (involve training list shows them)")
			}
			format, err := jsonFormat(cmd, format, asJSON)
			if err != nil {
				return err
			}
			if format != "md" && format != "markdown" && format != "json" {
				return fmt.Errorf("--format %q: the evidence pack is written as md (markdown) or json", format)
			}
			if strings.TrimSpace(from) == "" || strings.TrimSpace(to) == "" {
				return errors.New("say which period: --from DATE --to DATE (like --from 2025-09-01 --to 2026-07-31)")
			}
			f, err := civil.Parse(from)
			if err != nil {
				return fmt.Errorf("--from: %w", err)
			}
			t, err := civil.Parse(to)
			if err != nil {
				return fmt.Errorf("--to: %w", err)
			}
			s, _, err := a.open(true)
			if err != nil {
				return err
			}
			defer s.Close()
			e, err := s.TrainingEvidence(cmd.Context(), programme, f, t)
			if err != nil {
				var fe *store.FieldError
				if errors.As(err, &fe) {
					return errors.New(fe.Message)
				}
				return err
			}
			write := func(w io.Writer) error {
				_, err := io.WriteString(w, e.Markdown())
				return err
			}
			if format == "json" {
				write = func(w io.Writer) error { return writeJSON(w, evidenceJSONOf(e)) }
			}
			if output == "" || output == "-" {
				var b strings.Builder
				if err := write(&b); err != nil {
					return err
				}
				a.print(b.String())
				return nil
			}
			if err := a.writeOutput(output, write); err != nil {
				return err
			}
			fmt.Fprint(a.stderr, termsafe.Filter(fmt.Sprintf("wrote the evidence pack for %s (%s) to %s\n", e.Programme, plural(len(e.Sessions), "session", "sessions"), output)))
			return nil
		},
	}
	cmd.Flags().StringVar(&programme, "programme", "", "the programme (its whole name)")
	cmd.Flags().StringVar(&from, "from", "", "the first London date of the period")
	cmd.Flags().StringVar(&to, "to", "", "the last London date of the period, included")
	cmd.Flags().StringVar(&format, "format", "md", "md (markdown) or json")
	cmd.Flags().StringVarP(&output, "output", "o", "", "write to FILE (mode 0600) instead of standard output")
	jsonFlag(cmd, &asJSON)
	return cmd
}

// evidenceJSON is what "training evidence --json" prints: the figures of
// the evidence pack, under its four headings, naming nobody.
type evidenceJSON struct {
	Programme   string                `json:"programme"`
	From        civil.Date            `json:"from"`
	To          civil.Date            `json:"to"`
	Made        civil.Date            `json:"made_on"`
	Providers   []string              `json:"providers"`
	Professions []store.Profession    `json:"professions"`
	Sessions    []evidenceSessionJSON `json:"sessions"`
	Who         struct {
		People int         `json:"people"`
		Places int         `json:"places"`
		ByRole []countJSON `json:"by_role"`
	} `json:"who"`
	Policies struct {
		Rates               []store.Rate `json:"rates"`
		Stories             int          `json:"stories_used"`
		StoriesNowWithdrawn int          `json:"stories_now_withdrawn"`
	} `json:"policies"`
	Support struct {
		Briefed            int           `json:"briefed"`
		Debriefed          int           `json:"debriefed"`
		PrepHundredths     int64         `json:"preparation_hundredths"`
		DeliveryHundredths int64         `json:"delivery_hundredths"`
		Payments           int           `json:"payments"`
		PaidPence          int64         `json:"paid_pence"`
		Declined           int           `json:"declined"`
		Donated            int           `json:"donated"`
		Unpaid             int           `json:"places_unpaid"`
		CoTrainerFeedback  []commentJSON `json:"co_trainer_feedback"`
	} `json:"support"`
	Evaluation struct {
		ByKind          []countJSON   `json:"by_kind"`
		Learners        int           `json:"learners"`
		Responses       int           `json:"responses"`
		ScoreHundredths int64         `json:"score_hundredths"`
		ScoredSessions  int           `json:"scored_sessions"`
		Comments        []commentJSON `json:"learners_comments"`
	} `json:"evaluation"`
}

type evidenceSessionJSON struct {
	ID              string             `json:"id"`
	Date            civil.Date         `json:"date"`
	Title           string             `json:"title"`
	Module          string             `json:"module"`
	Provider        string             `json:"provider"`
	Profession      store.Profession   `json:"profession"`
	Kind            store.TrainingKind `json:"kind"`
	Learners        int                `json:"learners"`
	CoTrainers      int                `json:"co_trainers"`
	Briefed         int                `json:"briefed"`
	Debriefed       int                `json:"debriefed"`
	ScoreHundredths int64              `json:"score_hundredths"`
	Responses       int                `json:"responses"`
}

type countJSON struct {
	What  string `json:"what"`
	Count int    `json:"count"`
}

type commentJSON struct {
	Session string `json:"session"`
	Comment string `json:"comment"`
}

func evidenceJSONOf(e store.Evidence) evidenceJSON {
	out := evidenceJSON{Programme: e.Programme, From: e.From, To: e.To, Made: e.Made,
		Providers: append([]string{}, e.Providers...), Professions: append([]store.Profession{}, e.Professions...),
		Sessions: []evidenceSessionJSON{}}
	for _, x := range e.Sessions {
		out.Sessions = append(out.Sessions, evidenceSessionJSON{ID: x.ID, Date: x.Date, Title: x.Title, Module: x.Module,
			Provider: x.Provider, Profession: x.Profession, Kind: x.Kind, Learners: x.Learners, CoTrainers: x.CoTrainers,
			Briefed: x.Briefed, Debriefed: x.Debriefed, ScoreHundredths: int64(x.Score), Responses: x.Responses})
	}
	comments := func(texts, sessions []string) []commentJSON {
		out := []commentJSON{}
		for i, t := range texts {
			c := commentJSON{Comment: t}
			if i < len(sessions) {
				c.Session = sessions[i]
			}
			out = append(out, c)
		}
		return out
	}
	out.Who.People, out.Who.Places, out.Who.ByRole = e.People, e.Places, []countJSON{}
	for _, r := range e.ByRole {
		out.Who.ByRole = append(out.Who.ByRole, countJSON{What: string(r.Role), Count: r.N})
	}
	out.Policies.Rates = append([]store.Rate{}, e.Rates...)
	out.Policies.Stories, out.Policies.StoriesNowWithdrawn = e.Stories, e.NowWithdrawn
	sp := &out.Support
	sp.Briefed, sp.Debriefed = e.Briefed, e.Debriefed
	sp.PrepHundredths, sp.DeliveryHundredths = int64(e.PrepHours), int64(e.Delivery)
	sp.Payments, sp.PaidPence, sp.Declined, sp.Donated, sp.Unpaid = e.Payments, int64(e.Paid), e.Declined, e.Donated, e.Unpaid
	sp.CoTrainerFeedback = comments(e.CoTrainerFeedback, e.CoTrainerFeedbackSes)
	ev := &out.Evaluation
	ev.ByKind = []countJSON{}
	for _, k := range e.ByKind {
		ev.ByKind = append(ev.ByKind, countJSON{What: string(k.Kind), Count: k.N})
	}
	ev.Learners, ev.Responses, ev.ScoreHundredths, ev.ScoredSessions = e.Learners, e.Responses, int64(e.Score), e.ScoredSession
	ev.Comments = comments(e.Comments, e.CommentSes)
	return out
}
