package main

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/involve/involve/render"
	"github.com/involve/involve/store"
	"github.com/involve/involve/termsafe"
)

// The anthology on the command line: import, export, list, show, withdraw.

func (a *app) storiesCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "stories",
		Short: "The anthology: import, export, list and show recovery stories",
		Long: `Stories of addiction and recovery, kept with their authors' consent.

A story is shown (by "stories show", in reading mode, in "stories list"
without --all) only while its consent is given and covers reading at forums,
it is approved or published, its consent has not expired and no embargo
holds. Withdrawing consent ("stories withdraw") takes effect at once,
everywhere.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.AddCommand(a.storiesImportCmd(), a.storiesExportCmd(), a.storiesListCmd(), a.storiesShowCmd(), a.storiesWithdrawCmd(), a.storiesEraseCmd())
	return cmd
}

func (a *app) storiesImportCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "import PATH...",
		Short: "Import stories from markdown files or folders of them (all or nothing)",
		Long: `Import stories from markdown files, or folders searched for *.md. Each file
starts with YAML front matter between two lines of ---:

  ---
  title: A long road               (required)
  slug: a-long-road                (made from the title if left out)
  summary: …
  themes: [recovery, family]
  content_notes: [overdose, bereavement]
  status: draft | approved | published
  naming: full_name | first_name | first_name_area | pseudonym | anonymous
  author: Sam Taylor               author_area: Northfield   pseudonym: …
  author_person: ID or NAME        (links the story to a person in the database;
                                   the name they prefer will do if only one does)
  consent: not_asked | given | withdrawn
  consent_date: 2026-01-05         consent_how: written | verbal
  uses: [forums, print, training, online]
  expires: 2028-01-05              embargo: 2026-02-01   text_approved: 2026-01-20
  id: UUID                         (kept, as an export writes it)
  ---
  The story, in markdown.

A file with no front matter is imported as a draft whose author has not been
asked for consent, titled from its first heading (or its file name).

Any mistake — bad front matter, an unknown key or value, a slug used twice
or already in the database, the same story (title and text) as one in the
database or in another file, text that is not UTF-8 — stops the whole
import with FILE:LINE: what is wrong; nothing is imported unless
everything can be.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, _, err := a.open(false)
			if err != nil {
				return err
			}
			defer s.Close()
			r, err := s.ImportStoriesReport(cmd.Context(), args...)
			if err != nil {
				return err
			}
			a.out("imported %s\n", storyPlural(r.Imported, "story", "stories"))
			if r.Unlinked > 0 {
				a.out("%s linked to a person who is not in this database: imported with the author's name, not linked\n",
					storyPlural(r.Unlinked, "story was", "stories were"))
			}
			return nil
		},
	}
}

func (a *app) storiesExportCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "export DIR",
		Short: "Write every story to DIR as SLUG.md with its metadata in front matter",
		Long: `Export writes every story, whatever its consent, to DIR (created mode 0700)
as SLUG.md files of mode 0600: YAML front matter with all of its metadata,
then the story's markdown exactly as stored. "involve stories import DIR" on
an empty database gives the same stories back. A story linked to a person
names them by id (author_person) and by name (author): it is linked again
where that person is, and elsewhere keeps the name. Earlier versions of a
story are not exported.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, _, err := a.open(true)
			if err != nil {
				return err
			}
			defer s.Close()
			n, err := s.ExportStories(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			a.out("exported %s to %s\n", storyPlural(n, "story", "stories"), args[0])
			return nil
		},
	}
}

// storyJSON is a story as "stories list --json" writes it.
type storyJSON struct {
	ID             string   `json:"id"`
	Slug           string   `json:"slug"`
	Title          string   `json:"title"`
	Summary        string   `json:"summary"`
	Byline         string   `json:"byline"`
	Themes         []string `json:"themes"`
	ContentNotes   []string `json:"content_notes"`
	Status         string   `json:"status"`
	Consent        string   `json:"consent"`
	ConsentDate    string   `json:"consent_date"`
	Uses           []string `json:"uses"`
	Expires        string   `json:"expires"`
	Embargo        string   `json:"embargo"`
	Words          int      `json:"words"`
	ReadingMinutes int      `json:"reading_minutes"`
	Version        int64    `json:"version"`
	Shown          bool     `json:"shown"`
	NotShownWhy    string   `json:"not_shown_because,omitempty"`
}

func (a *app) storiesListCmd() *cobra.Command {
	var asJSON, all bool
	var use string
	cmd := &cobra.Command{
		Use:   "list [--all] [--json]",
		Short: "List the stories that may be read at forums today (--all: every story)",
		Long: `List shows, by title, the stories that may be shown for a use today (reading
at forums unless --use says another: print, training, online): consent given
and covering the use, approved or published, not expired, not embargoed.

--all is the coordinator's view: every story, whatever its consent, with a
last column saying whether it may be shown and, if not, why (consent
withdrawn, expired, embargoed, not approved, not asked, not agreed for the
use). --json writes the same as a JSON array ("shown" and
"not_shown_because" say the same).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			u := store.Use(strings.ToLower(strings.TrimSpace(use)))
			if !storyUse(u) {
				return fmt.Errorf("--use %q: use forums, print, training or online", use)
			}
			s, _, err := a.open(true)
			if err != nil {
				return err
			}
			defer s.Close()
			f := store.StoryFilter{ReadableFor: u}
			if all {
				f = store.StoryFilter{}
			}
			list, err := s.Stories(cmd.Context(), f)
			if err != nil {
				return err
			}
			today := store.LocalDate(time.Now())
			if asJSON {
				out := make([]storyJSON, 0, len(list))
				for _, st := range list {
					ok, why := st.Shown(u, today)
					j := storyJSON{ID: st.ID, Slug: st.Slug, Title: st.Title, Summary: st.Summary, Byline: st.Byline,
						Themes: st.Themes, ContentNotes: st.ContentNotes, Status: string(st.Status), Consent: string(st.Consent),
						ConsentDate: st.ConsentDate, Uses: []string{}, Expires: st.Expires, Embargo: st.Embargo, Words: st.Words,
						ReadingMinutes: store.ReadingMinutes(st.Words), Version: st.Version, Shown: ok, NotShownWhy: why}
					for _, x := range st.Uses {
						j.Uses = append(j.Uses, string(x))
					}
					out = append(out, j)
				}
				return a.printJSON(out)
			}
			if len(list) == 0 {
				if all {
					a.out("There are no stories yet: import some with involve stories import PATH.\n")
				} else {
					a.out("No story may be shown for %s today (involve stories list --all shows every story and why).\n",
						strings.ToLower(u.Label()))
				}
				return nil
			}
			var b strings.Builder
			tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
			head := "SLUG\tTITLE\tBY\tWORDS\tSTATUS\tCONSENT"
			if all {
				head += "\tMAY BE SHOWN (" + strings.ToUpper(u.Label()) + ")"
			}
			fmt.Fprintln(tw, head)
			for _, st := range list {
				line := strings.Join([]string{st.Slug, storyClip(st.Title, 40), storyClip(st.Byline, 24), storyDigits(st.Words),
					string(st.Status), string(st.Consent)}, "\t")
				if all {
					if ok, why := st.Shown(u, today); ok {
						line += "\tyes"
					} else {
						line += "\tNO: " + why
					}
				}
				fmt.Fprintln(tw, line)
			}
			tw.Flush()
			a.print(b.String())
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "write JSON")
	cmd.Flags().BoolVar(&all, "all", false, "list every story, whatever its consent, saying which may be shown and why not")
	cmd.Flags().StringVar(&use, "use", string(store.UseForums), "the use to check consent for: forums, print, training or online")
	return cmd
}

func (a *app) storiesShowCmd() *cobra.Command {
	var width int
	var style string
	cmd := &cobra.Command{
		Use:   "show ID|SLUG [--width N] [--style dark|light|notty|plain]",
		Short: "Render a story to standard output, as a markdown pager would",
		Long: `Show renders a story: its title and byline, its content notes first, then the
story, then the support message that ends every story.

On a terminal the style suits its background (dark or light) and the width is
the terminal's, at most 120 columns; GLAMOUR_STYLE, as glow reads it, can
choose the style (dark, light, notty, plain or auto), and NO_COLOR (or
TERM=dumb) leaves colours out. Written anywhere else, it has no colours
(notty) and is 80 columns wide. --style and --width override all of that;
plain is just the text, wrapped.

A story that readers may not see is refused, with the reason and a non-zero
exit: consent not covering reading at forums, withdrawn, expired or
embargoed, or the story not approved. Renders are kept in the database, so a
story is rendered once per version, width and style.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if width < render.MinWidth || width > 1000 {
				return fmt.Errorf("--width must be between %d and 1000 (got %d)", render.MinWidth, width)
			}
			if style != "" && !render.ValidStyle(style) {
				return fmt.Errorf("--style %q: use %s", style, strings.Join(render.Styles, ", "))
			}
			s, _, err := a.open(true)
			if err != nil {
				return err
			}
			defer s.Close()
			ctx := cmd.Context()
			st, err := s.StoryFor(ctx, args[0], store.UseForums)
			if errors.Is(err, store.ErrNotFound) {
				return noStory(args[0])
			}
			if err != nil {
				return err
			}
			// Chosen once the story is there to show: it may ask the terminal.
			term := showTermOf(a.stdout)
			width = chooseShowWidth(width, cmd.Flags().Changed("width"), term)
			style = chooseShowStyle(style, term)
			support, err := a.supportMessage(ctx, s)
			if err != nil {
				return err
			}
			words := st.Words()
			page := render.Page{Title: st.Title, Byline: st.Byline(), ContentNotes: st.ContentNotes, Body: st.Body,
				Support: support, About: fmt.Sprintf("%s · about %s", storyPlural(words, "word", "words"),
					storyPlural(store.ReadingMinutes(words), "minute", "minutes"))}
			digest := page.Digest(width, style)
			out, ok, err := s.RenderedStory(ctx, st.ID, st.Version, width, style, digest)
			if err != nil {
				return err
			}
			if !ok {
				// One render allocates a few megabytes of short-lived
				// memory, and the command ends soon after: let the heap
				// grow rather than collect it (for a 10,000-word story,
				// not at all). It is not set back: setting the old
				// percentage again starts a collection there and then.
				debug.SetGCPercent(800)
				out, err = render.NewMarkdown().Page("", page, width, style)
				if err != nil {
					return err
				}
				// The story is shown first, then kept: whoever reads it
				// (or the pager it goes to) need not wait for the write.
				// Only a cache: a database that cannot take it still
				// shows the story.
				a.print(out)
				_ = s.SaveRenderedStory(ctx, st.ID, st.Version, width, style, digest, out)
				return nil
			}
			a.print(out)
			return nil
		},
	}
	cmd.Flags().IntVar(&width, "width", showDefaultWidth, "the width to wrap at, in columns (default: the terminal's, at most 120; 80 elsewhere)")
	cmd.Flags().StringVar(&style, "style", "", "dark, light, notty or plain (default: to suit the terminal, or GLAMOUR_STYLE; notty elsewhere)")
	return cmd
}

func (a *app) storiesWithdrawCmd() *cobra.Command {
	var on string
	cmd := &cobra.Command{
		Use:   "withdraw ID|SLUG [--on DATE]",
		Short: "Withdraw a story's consent: it is shown nowhere from now on",
		Long: `Withdraw records that the author has withdrawn consent (on DATE, today by
default). It takes effect at once, everywhere: the story leaves reading
mode, "stories list" and "stories show", and searches for a use. The
coordinator still sees it, marked, in the management view.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.withStory(cmd.Context(), args[0], func(ctx context.Context, s *store.Store, st store.Story) error {
				if err := s.WithdrawConsent(ctx, st.ID, on); err != nil {
					return err
				}
				st, err := s.Story(ctx, st.ID)
				if err != nil {
					return err
				}
				a.out("consent for “%s” is withdrawn (%s): it is shown nowhere from now on\n", termsafe.Line(st.Title), st.ConsentDate)
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&on, "on", "", "the date consent was withdrawn (default today)")
	return cmd
}

func (a *app) storiesEraseCmd() *cobra.Command {
	var yes bool
	cmd := &cobra.Command{
		Use:   "erase ID|SLUG --yes",
		Short: "Erase a story for good, with every earlier version of it",
		Long: `Erase removes a story from the database, with its earlier versions, reading
places and kept renders, for an author who asks to be forgotten. It cannot
be undone (backups and exports are not touched), so it needs --yes. To stop
a story being shown but keep it, withdraw its consent instead.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.withStory(cmd.Context(), args[0], func(ctx context.Context, s *store.Store, st store.Story) error {
				title := termsafe.Line(st.Title)
				if !yes {
					return fmt.Errorf("erasing “%s” cannot be undone: add --yes to erase it (or withdraw its consent to keep it unshown)", title)
				}
				if err := s.DeleteStory(ctx, st.ID, st.Version); err != nil {
					return err
				}
				a.out("erased “%s” and its earlier versions\n", title)
				return nil
			})
		},
	}
	cmd.Flags().BoolVar(&yes, "yes", false, "yes, erase it: this cannot be undone")
	return cmd
}

// withStory opens the database, loads the story with an id or slug (saying
// so plainly when there is none), and runs fn on it.
func (a *app) withStory(ctx context.Context, idOrSlug string, fn func(context.Context, *store.Store, store.Story) error) error {
	s, _, err := a.open(true)
	if err != nil {
		return err
	}
	defer s.Close()
	st, err := s.Story(ctx, idOrSlug)
	if errors.Is(err, store.ErrNotFound) {
		return noStory(idOrSlug)
	}
	if err != nil {
		return err
	}
	return fn(ctx, s, st)
}

// noStory says there is no story by that id or slug.
func noStory(idOrSlug string) error {
	return fmt.Errorf("there is no story with the id or slug %q", idOrSlug)
}

func storyUse(u store.Use) bool {
	for _, v := range store.Uses {
		if v == u {
			return true
		}
	}
	return false
}

// storyPlural is "1 story" or "3 stories", with thousands grouped.
func storyPlural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return storyDigits(n) + " " + many
}

// storyDigits writes 12345 as 12,345.
func storyDigits(n int) string {
	s := strconv.Itoa(n)
	if n < 0 {
		return "-" + storyDigits(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// storyClip shortens text to at most n runes, with an ellipsis.
func storyClip(s string, n int) string {
	s = termsafe.Line(s)
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
