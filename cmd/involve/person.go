package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/user"
	"strings"
	"time"

	"filippo.io/age"
	"github.com/spf13/cobra"

	"github.com/involve/involve/civil"
	"github.com/involve/involve/store"
)

// personCmd is `involve person`: a person's rights over their data.
func (a *app) personCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "person",
		Short: "A person's rights over their data: erase, export, requests and reviews",
		Long: `Everything held about a person is listed in one place (the person-data
registry), and each of their rights is one verb:

  involve person export PERSON       everything held about them, in plain English
  involve person erase PERSON        forget them (asks first; --yes on a script)
  involve person erasures            the erasure log, which holds no personal data
  involve person requests            requests to see their data or be forgotten, and when due
  involve person review              people not involved for years: keep, anonymise or erase
  involve person keep PERSON         keep someone due for review, with why, until the next
  involve person contacts            who may be contacted: consent given, not due for review

PERSON is their full name, the name they prefer (if no one else prefers it)
or their id.`,
	}
	cmd.AddCommand(a.personExportCmd(), a.personEraseCmd(), a.personErasuresCmd(), a.personRequestsCmd())
	cmd.AddCommand(a.personReviewCmd(), a.personKeepCmd(), a.personContactsCmd())
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
				return a.printJSON(log)
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

func (a *app) personExportCmd() *cobra.Command {
	var format, output string
	var recipients, recipientFiles []string
	var passphrase bool
	cmd := &cobra.Command{
		Use:   "export PERSON [--format md|json] [-o FILE] [--recipient KEY]... [--passphrase]",
		Short: "Everything held about a person, in plain English, for a subject access request",
		Long: `Export writes everything held about a person, worked out from the
person-data registry: for each kind of record, what it is, why it is held,
where it came from, who it was shared with (taxi firms, for instance, got
their first name and pickup address for the journeys booked), and how long
it is kept; then the records themselves; then their rights and how to
complain to the ICO. Other people's names are redacted.

--format md (the default) is a document to send them; json is the same for
a computer. With -o FILE the file is created mode 0600. With --recipient
(an age public key, repeatable), --recipients-file or --passphrase, it is
encrypted with age (only with -o) and no unencrypted copy is written.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if format != "md" && format != "json" {
				return fmt.Errorf("--format must be md or json, not %q", format)
			}
			encrypt := passphrase || len(recipients) > 0 || len(recipientFiles) > 0
			if encrypt && (output == "" || output == "-") {
				return errors.New("an encrypted export goes to a file: add -o FILE")
			}
			if passphrase && (len(recipients) > 0 || len(recipientFiles) > 0) {
				return errors.New("--passphrase cannot be used with --recipient or --recipients-file")
			}
			rs, err := parseRecipients(recipients, recipientFiles)
			if err != nil {
				return err
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
			sa, err := s.SubjectAccess(ctx, p.ID)
			if err != nil {
				return err
			}
			write := func(w io.Writer) error {
				if format == "json" {
					return sa.WriteJSON(w)
				}
				return sa.WriteMarkdown(w)
			}
			if output == "" || output == "-" {
				var buf bytes.Buffer
				if err := write(&buf); err != nil {
					return err
				}
				a.print(buf.String())
				return nil
			}
			if passphrase {
				r, err := newPassphrase()
				if err != nil {
					return err
				}
				rs = []age.Recipient{r}
			}
			err = a.writeOutput(output, func(w io.Writer) error {
				if len(rs) == 0 {
					return write(w)
				}
				enc, err := age.Encrypt(w, rs...)
				if err != nil {
					return err
				}
				if err := write(enc); err != nil {
					return err
				}
				return enc.Close()
			})
			if err != nil {
				return err
			}
			how := ""
			if len(rs) > 0 {
				how = ", encrypted with age"
			}
			a.out("wrote everything held about %s to %s (%d kinds of record%s)\n", p.DisplayName(), output, len(sa.Sections), how)
			return nil
		},
	}
	cmd.Flags().StringVar(&format, "format", "md", "md or json")
	cmd.Flags().StringVarP(&output, "output", "o", "", "write to FILE (mode 0600) instead of standard output")
	cmd.Flags().StringArrayVar(&recipients, "recipient", nil, "encrypt for this age public key (age1…) or SSH public key, or the key in this file; repeatable")
	cmd.Flags().StringArrayVar(&recipientFiles, "recipients-file", nil, "encrypt for the keys in this file, one a line")
	cmd.Flags().BoolVar(&passphrase, "passphrase", false, "encrypt with a passphrase, asked for on the terminal")
	return cmd
}

// parseRecipients reads --recipient keys and --recipients-file files (for
// backups and exports alike). A --recipient may name a public key file
// (someone's id_ed25519.pub), as users add --key may.
func parseRecipients(keys, files []string) ([]age.Recipient, error) {
	var rs []age.Recipient
	for _, r := range keys {
		rec, err := store.ParseRecipient(r)
		if err != nil {
			if fi, serr := os.Stat(r); serr == nil && fi.Mode().IsRegular() {
				got, ferr := store.ReadRecipientsFile(r)
				if ferr != nil {
					return nil, fmt.Errorf("--recipient: %v", ferr)
				}
				rs = append(rs, got...)
				continue
			}
			return nil, fmt.Errorf("--recipient: %v", err)
		}
		rs = append(rs, rec)
	}
	for _, f := range files {
		got, err := store.ReadRecipientsFile(f)
		if err != nil {
			return nil, err
		}
		rs = append(rs, got...)
	}
	return rs, nil
}

func (a *app) personRequestsCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "requests",
		Short: "Requests from people to see their data or to be forgotten, and when each is due",
		Long: `A person may ask to see everything held about them (a subject access
request) or to be forgotten. Each must be answered within a month, as the ICO
counts it: from the day it is received (or the day proof of identity asked
for arrives) to the same date next month, or that month's last day when it
has none, moved on to the next working day after a weekend or bank holiday.
While a clarification asked for is awaited, the clock stops. An extension
for a complex request makes it three months, with the reason recorded.`,
	}
	cmd.AddCommand(a.requestsListCmd(), a.requestsAddCmd(), a.requestsUpdateCmd(), a.requestsCloseCmd())
	return cmd
}

func (a *app) requestsListCmd() *cobra.Command {
	var all, asJSON bool
	cmd := &cobra.Command{
		Use:   "list [--all] [--json]",
		Short: "List open requests with when each is due (--all: closed ones too)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			s, _, err := a.open(true)
			if err != nil {
				return err
			}
			defer s.Close()
			rs, err := s.Requests(cmd.Context(), all)
			if err != nil {
				return err
			}
			today := civil.In(time.Now(), store.London)
			if asJSON {
				type row struct {
					store.AccessRequest
					Person string           `json:"person"`
					State  store.ClockState `json:"clock"`
					Due    civil.Date       `json:"due"`
				}
				out := []row{}
				for _, r := range rs {
					c := r.Clock(today)
					out = append(out, row{r, r.Who(), c.State, c.Due})
				}
				return a.printJSON(out)
			}
			if len(rs) == 0 {
				a.out("no open requests\n")
				return nil
			}
			a.out("%4s  %-22s  %-17s  %-10s  %s\n", "No.", "From", "Asks", "Received", "Time limit")
			for _, r := range rs {
				c := r.Clock(today)
				text := c.Text()
				if c.State == store.ClockClosed {
					text = r.Outcome.Label() + " " + r.Closed.String() + "; was due " + c.Due.String()
				}
				a.out("%4d  %-22s  %-17s  %-10s  %s\n", r.Number, r.Who(), r.Kind.Label(), r.Received, text)
				if c.Note != "" {
					a.out("      note: %s\n", c.Note)
				}
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&all, "all", false, "closed requests too")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

// requestDates are the flags that set a request's dates.
type requestDates struct {
	received, idAsked, idChecked, clarifyAsked, clarifyReceived string
}

func (d *requestDates) flags(cmd *cobra.Command) {
	cmd.Flags().StringVar(&d.idAsked, "id-asked", "", "the day proof of identity was asked for (the clock waits for it)")
	cmd.Flags().StringVar(&d.idChecked, "id-checked", "", "the day their identity was checked")
	cmd.Flags().StringVar(&d.clarifyAsked, "clarify-asked", "", "the day a clarification was asked for (the clock stops)")
	cmd.Flags().StringVar(&d.clarifyReceived, "clarify-received", "", "the day the clarification came (the clock goes on)")
}

// apply sets the dates whose flags were given; "" clears one.
func (d *requestDates) apply(cmd *cobra.Command, r *store.AccessRequest) error {
	for _, f := range []struct {
		name string
		val  string
		to   *civil.Date
	}{{"received", d.received, &r.Received}, {"id-asked", d.idAsked, &r.IDAsked}, {"id-checked", d.idChecked, &r.IDChecked},
		{"clarify-asked", d.clarifyAsked, &r.ClarifyAsked}, {"clarify-received", d.clarifyReceived, &r.ClarifyReceived}} {
		if !cmd.Flags().Changed(f.name) {
			continue
		}
		v, err := civil.ParseOptional(f.val)
		if err != nil {
			return fmt.Errorf("--%s: %v", f.name, err)
		}
		*f.to = v
	}
	return nil
}

func (a *app) requestsAddCmd() *cobra.Command {
	var kind, notes string
	var d requestDates
	cmd := &cobra.Command{
		Use:   "add PERSON --received DATE [--kind access|erasure] [--id-asked DATE] [--id-checked DATE] [--notes TEXT]",
		Short: "Record a request, and say when it is due",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if !cmd.Flags().Changed("received") {
				return errors.New("say when the request was received: --received DATE (like 2026-03-14)")
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
			r := store.AccessRequest{PersonID: p.ID, Kind: store.RequestKind(kind), Notes: notes}
			if err := d.apply(cmd, &r); err != nil {
				return err
			}
			if err := s.SaveRequest(ctx, &r); err != nil {
				return err
			}
			r.PersonName, r.PersonPrefers = p.Name, p.PreferredName
			a.out("recorded request %d from %s (%s): %s\n", r.Number, r.Who(), strings.ToLower(r.Kind.Label()),
				r.Clock(civil.In(time.Now(), store.London)).Text())
			return nil
		},
	}
	cmd.Flags().StringVar(&d.received, "received", "", "the day the request was received (required)")
	cmd.Flags().StringVar(&kind, "kind", "access", "access (to see their data) or erasure (to be forgotten)")
	cmd.Flags().StringVar(&notes, "notes", "", "how it came, and anything to remember")
	cmd.Flags().StringVar(&d.idAsked, "id-asked", "", "the day proof of identity was asked for (the clock waits for it)")
	cmd.Flags().StringVar(&d.idChecked, "id-checked", "", "the day their identity was checked")
	return cmd
}

func (a *app) requestsUpdateCmd() *cobra.Command {
	var extend, notes string
	var noExtension bool
	var d requestDates
	cmd := &cobra.Command{
		Use:   "update NUMBER [--id-checked DATE] [--clarify-asked DATE] [--clarify-received DATE] [--extend REASON] [--notes TEXT]",
		Short: "Record what happened on a request: ID checked, clarification asked or received, an extension",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, _, err := a.open(true)
			if err != nil {
				return err
			}
			defer s.Close()
			ctx := cmd.Context()
			r, err := s.Request(ctx, args[0])
			if err != nil {
				return err
			}
			if err := d.apply(cmd, &r); err != nil {
				return err
			}
			if cmd.Flags().Changed("extend") {
				r.Extended, r.ExtensionReason = true, extend
			}
			if noExtension {
				r.Extended, r.ExtensionReason = false, ""
			}
			if cmd.Flags().Changed("notes") {
				r.Notes = notes
			}
			if err := s.SaveRequest(ctx, &r); err != nil {
				return err
			}
			a.out("request %d from %s: %s\n", r.Number, r.Who(), r.Clock(civil.In(time.Now(), store.London)).Text())
			return nil
		},
	}
	d.flags(cmd)
	cmd.Flags().StringVar(&d.received, "received", "", "correct the day it was received")
	cmd.Flags().StringVar(&extend, "extend", "", "extend by two months, saying why (a complex or numerous request)")
	cmd.Flags().BoolVar(&noExtension, "no-extension", false, "take an extension back")
	cmd.Flags().StringVar(&notes, "notes", "", "replace the notes")
	return cmd
}

func (a *app) requestsCloseCmd() *cobra.Command {
	var on, outcome string
	cmd := &cobra.Command{
		Use:   "close NUMBER [--outcome answered|withdrawn|refused] [--on DATE]",
		Short: "Close a request: answered (the default), withdrawn or refused, today or --on DATE",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o := store.RequestOutcome(outcome)
			if o != store.OutcomeAnswered && o != store.OutcomeWithdrawn && o != store.OutcomeRefused {
				return fmt.Errorf("--outcome must be answered, withdrawn or refused, not %q", outcome)
			}
			s, _, err := a.open(true)
			if err != nil {
				return err
			}
			defer s.Close()
			ctx := cmd.Context()
			r, err := s.Request(ctx, args[0])
			if err != nil {
				return err
			}
			day := civil.In(time.Now(), store.London)
			if on != "" {
				if day, err = civil.Parse(on); err != nil {
					return fmt.Errorf("--on: %v", err)
				}
			}
			r.Closed, r.Outcome = day, o
			if err := s.SaveRequest(ctx, &r); err != nil {
				return err
			}
			c := r.Clock(day)
			when := "in time"
			if day.After(c.Due) && !c.Due.IsZero() {
				when = fmt.Sprintf("%s late", storyPlural(day.DaysSince(c.Due), "day", "days"))
			}
			a.out("request %d from %s: %s on %s (due %s: %s)\n", r.Number, r.Who(), o, day, c.Due, when)
			return nil
		},
	}
	cmd.Flags().StringVar(&on, "on", "", "the day it was closed (default today)")
	cmd.Flags().StringVar(&outcome, "outcome", "answered", "answered, withdrawn or refused")
	return cmd
}

func (a *app) personContactsCmd() *cobra.Command {
	var forum string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "contacts [--forum NAME] [--json]",
		Short: "Who may be contacted, and how: only people whose consent is given and not due for review",
		Long: `Contacts lists the people who may be contacted (everyone, or a forum's
members), by the name they prefer, with how they prefer to be contacted and
their phone and email. Someone who has not consented, or whose consent is past
its review date, is left off: ask them again first (the person's page and the
dashboard say whose consent has expired). It holds personal data: print it
only where no one else can see it.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			s, _, err := a.open(true)
			if err != nil {
				return err
			}
			defer s.Close()
			ctx := cmd.Context()
			id := ""
			if forum != "" {
				f, err := s.ForumByName(ctx, forum)
				if err != nil {
					return err
				}
				id = f.ID
			}
			cl, err := s.ContactList(ctx, id)
			if err != nil {
				return err
			}
			if asJSON {
				if cl.Contacts == nil {
					cl.Contacts = []store.Contactable{}
				}
				return a.printJSON(cl)
			}
			for _, c := range cl.Contacts {
				a.out("%-24s  %-13s  %-16s  %s\n", store.DisplayName(c.Name, c.PreferredName), c.ContactBy.Label(), c.Phone, c.Email)
			}
			a.out("%s may be contacted", storyPlural(len(cl.Contacts), "person", "people"))
			var off []string
			if cl.Expired > 0 {
				off = append(off, fmt.Sprintf("%d whose consent is due for review", cl.Expired))
			}
			if cl.NoConsent > 0 {
				off = append(off, fmt.Sprintf("%d who have not consented", cl.NoConsent))
			}
			if len(off) > 0 {
				a.out("; left off: %s", strings.Join(off, " and "))
			}
			a.out("\n")
			return nil
		},
	}
	cmd.Flags().StringVar(&forum, "forum", "", "only this forum's members")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

func (a *app) personReviewCmd() *cobra.Command {
	var asJSON bool
	var years int
	cmd := &cobra.Command{
		Use:   "review [--years N] [--json]",
		Short: "People with no involvement for years, due for review: keep, anonymise or erase them",
		Long: `Review lists the people who have not taken part for the retention period
(3 years unless --years N changes it, which is remembered): nothing in the
registry shows them joining a forum, coming to a meeting, claiming, being paid
or writing since. Decide for each:

  involve person keep PERSON --reason TEXT [--next DATE]   keep, until the next review
  involve person erase PERSON --anonymise --reason retention
  involve person erase PERSON --reason retention`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			s, _, err := a.open(true)
			if err != nil {
				return err
			}
			defer s.Close()
			ctx := cmd.Context()
			if cmd.Flags().Changed("years") {
				if err := s.SetRetentionYears(ctx, years); err != nil {
					return err
				}
			}
			due, err := s.RetentionDue(ctx)
			if err != nil {
				return err
			}
			if asJSON {
				type row struct {
					PersonID     string     `json:"person_id"`
					Name         string     `json:"name"`
					LastInvolved civil.Date `json:"last_involved"`
					LastKept     civil.Date `json:"last_kept"`
					KeptBecause  string     `json:"kept_because"`
				}
				out := []row{}
				for _, d := range due {
					out = append(out, row{d.PersonID, store.DisplayName(d.Name, d.PreferredName), d.LastInvolved, d.LastKept, d.KeptWhy})
				}
				return a.printJSON(out)
			}
			n, _ := s.RetentionYears(ctx)
			if len(due) == 0 {
				a.out("no one is due for review: everyone has taken part in the last %s\n", storyPlural(n, "year", "years"))
				return nil
			}
			a.out("%s not involved for %s or more:\n", storyPlural(len(due), "person", "people"), storyPlural(n, "year", "years"))
			for _, d := range due {
				kept := ""
				if !d.LastKept.IsZero() {
					kept = "  (kept on " + d.LastKept.String() + ": " + d.KeptWhy + ")"
				}
				a.out("  %-24s  %-22s  last involved %s%s\n", store.DisplayName(d.Name, d.PreferredName), d.Role.Label(), d.LastInvolved, kept)
			}
			return nil
		},
	}
	cmd.Flags().IntVar(&years, "years", store.DefaultRetentionYears, "years without involvement before a review (remembered)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

func (a *app) personKeepCmd() *cobra.Command {
	var reason, next, by string
	cmd := &cobra.Command{
		Use:   "keep PERSON --reason TEXT [--next DATE]",
		Short: "Keep someone due for review, saying why, until the next review (a year on by default)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
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
			r := store.RetentionReview{PersonID: p.ID, Reason: reason, By: by}
			if next != "" {
				if r.NextReview, err = civil.Parse(next); err != nil {
					return fmt.Errorf("--next: %v", err)
				}
			}
			if r.By == "" {
				r.By = operator()
			}
			if err := s.KeepOnReview(ctx, &r); err != nil {
				return err
			}
			a.out("kept %s until the next review on %s\n", p.DisplayName(), r.NextReview)
			return nil
		},
	}
	cmd.Flags().StringVar(&reason, "reason", "", "why their details are still needed (required)")
	cmd.Flags().StringVar(&next, "next", "", "the day of the next review (default a year on)")
	cmd.Flags().StringVar(&by, "by", "", "who reviewed (default: your login name)")
	return cmd
}
