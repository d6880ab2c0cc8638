package main

import (
	"fmt"
	"html/template"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/involve/involve/civil"
	"github.com/involve/involve/store"
	"github.com/involve/involve/termsafe"
)

func (a *app) yousaidCmd() *cobra.Command {
	var from, to, format, output string
	cmd := &cobra.Command{
		Use:   "yousaid FORUM [--from DATE] [--to DATE] [--format md|html] [-o FILE]",
		Short: `Print a forum's "you said, we did" board, for a noticeboard poster`,
		Long: `Yousaid prints the "you said, we did" board of a forum: the points raised at
its meetings, grouped by consultation, each with what was done about it and
why ("awaiting a decision" while there is no response yet). It names nobody:
not who raised a point, not who decided. A quote is printed only with its
speaker's consent, and without their name.

FORUM is the forum's name, in any case. --from and --to keep the points raised
on those days (both included). --format md (the default) prints markdown;
--format html one self-contained, printable HTML page (no images, fonts or
scripts from anywhere else) for the noticeboard. With -o FILE the file is
created mode 0600.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			format = strings.ToLower(strings.TrimSpace(format))
			if format != "md" && format != "html" {
				return fmt.Errorf("--format must be md or html, not %q", format)
			}
			var fromD, toD civil.Date
			var err error
			if fromD, err = civil.ParseOptional(from); err != nil {
				return fmt.Errorf("--from: %w", err)
			}
			if toD, err = civil.ParseOptional(to); err != nil {
				return fmt.Errorf("--to: %w", err)
			}
			if !fromD.IsZero() && !toD.IsZero() && toD.Before(fromD) {
				return fmt.Errorf("--to (%s) is before --from (%s)", toD, fromD)
			}
			s, _, err := a.open(true)
			if err != nil {
				return err
			}
			defer s.Close()
			ctx := cmd.Context()
			f, err := s.ForumByName(ctx, args[0])
			if err != nil {
				return err
			}
			board, err := s.Board(ctx, f.ID, fromD, toD)
			if err != nil {
				return err
			}
			write := func(w io.Writer) error {
				if format == "html" {
					return boardHTML(w, board)
				}
				_, err := io.WriteString(w, boardMarkdown(board))
				return err
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
			fmt.Fprintln(a.stderr, termsafe.Filter(fmt.Sprintf("wrote the board of %s (%s) to %s", f.Name,
				storyPlural(board.Points(), "point", "points"), output)))
			return nil
		},
	}
	cmd.Flags().StringVar(&from, "from", "", "only points raised on or after this date")
	cmd.Flags().StringVar(&to, "to", "", "only points raised on or before this date")
	cmd.Flags().StringVar(&format, "format", "md", "md or html")
	cmd.Flags().StringVarP(&output, "output", "o", "", "write to FILE (mode 0600) instead of standard output")
	return cmd
}

// boardSpan says which days a board covers.
func boardSpan(b store.Board) string {
	switch {
	case !b.From.IsZero() && !b.To.IsZero():
		return "Points raised from " + posterDate(b.From) + " to " + posterDate(b.To)
	case !b.From.IsZero():
		return "Points raised since " + posterDate(b.From)
	case !b.To.IsZero():
		return "Points raised up to " + posterDate(b.To)
	}
	return "Points raised at our meetings"
}

func posterDate(d civil.Date) string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%d %s %d", d.Day, d.Month, d.Year)
}

// boardStatus says where a consultation on the board stands, for the room.
func boardStatus(c store.BoardConsultation) string {
	switch c.Status {
	case store.LoopOpen:
		return "Open for your views until " + posterDate(c.Deadline)
	case store.LoopClosedToResponses, store.LoopAwaitingDecision:
		return "Closed on " + posterDate(c.Deadline) + "; awaiting a decision"
	}
	return "Closed on " + posterDate(c.Deadline)
}

// weDid is a response as the room reads it.
func weDid(r *store.BoardResponse) string {
	if r == nil {
		return "Awaiting a decision. We will tell you what was decided, and why."
	}
	return r.Outcome.Label() + ", because " + strings.TrimSuffix(termsafe.Line(r.Reason), ".") + "."
}

// boardMarkdown is the board as markdown.
func boardMarkdown(b store.Board) string {
	var w strings.Builder
	md := func(s string) string {
		return strings.NewReplacer("*", `\*`, "_", `\_`, "<", `\<`, "[", `\[`, "`", "\\`").Replace(termsafe.Line(s))
	}
	fmt.Fprintf(&w, "# You said, we did: %s\n\n%s.\n\n", md(b.Forum), boardSpan(b))
	if len(b.Consultations) == 0 {
		w.WriteString("No points were raised at its meetings in that time.\n")
	}
	for _, c := range b.Consultations {
		fmt.Fprintf(&w, "## %s\n\n", md(c.Title))
		var about []string
		if c.Organisation != "" {
			about = append(about, "Asked by "+md(c.Organisation))
		}
		about = append(about, boardStatus(c))
		w.WriteString(strings.Join(about, " · ") + ".\n\n")
		for _, p := range c.Points {
			said := md(p.Text)
			if p.RaisedBy > 1 {
				said += fmt.Sprintf(" (%d people)", p.RaisedBy)
			}
			fmt.Fprintf(&w, "- **You said:** %s\n", said)
			if p.Quote != "" {
				fmt.Fprintf(&w, "  > “%s”\n", md(p.Quote))
			}
			fmt.Fprintf(&w, "  **We did:** %s\n", md(weDid(p.Done)))
		}
		w.WriteString("\n")
	}
	return w.String()
}

// boardHTML writes the board as one self-contained, printable HTML page.
// html/template escapes every piece of text.
func boardHTML(w io.Writer, b store.Board) error {
	type point struct {
		Said, Quote, Did string
		Waiting          bool
	}
	type consultation struct {
		Title, About string
		Points       []point
	}
	data := struct {
		Forum, Span   string
		Consultations []consultation
	}{Forum: termsafe.Line(b.Forum), Span: boardSpan(b)}
	for _, c := range b.Consultations {
		about := boardStatus(c)
		if c.Organisation != "" {
			about = "Asked by " + termsafe.Line(c.Organisation) + " · " + about
		}
		hc := consultation{Title: termsafe.Line(c.Title), About: about}
		for _, p := range c.Points {
			said := termsafe.Line(p.Text)
			if p.RaisedBy > 1 {
				said += fmt.Sprintf(" (%d people)", p.RaisedBy)
			}
			hc.Points = append(hc.Points, point{Said: said, Quote: termsafe.Line(p.Quote), Did: weDid(p.Done), Waiting: p.Done == nil})
		}
		data.Consultations = append(data.Consultations, hc)
	}
	return boardPage.Execute(w, data)
}

var boardPage = template.Must(template.New("board").Parse(`<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>You said, we did: {{.Forum}}</title>
<style>
  @page { size: A4; margin: 15mm; }
  body { font-family: Arial, Helvetica, sans-serif; font-size: 16pt; line-height: 1.4; color: #111; margin: 2em auto; max-width: 60em; padding: 0 1em; }
  h1 { font-size: 30pt; margin: 0 0 0.2em; }
  .span { color: #444; margin: 0 0 1.5em; }
  h2 { font-size: 22pt; border-bottom: 3px solid #111; margin: 1.2em 0 0.2em; page-break-after: avoid; }
  .about { color: #444; font-size: 13pt; margin: 0 0 0.8em; }
  .point { display: grid; grid-template-columns: 1fr 1fr; gap: 0.8em; margin: 0 0 0.8em; page-break-inside: avoid; }
  .said, .did { border: 2px solid #111; border-radius: 8px; padding: 0.5em 0.7em; }
  .did { background: #eef6ee; }
  .did.waiting { background: #f4f4f4; }
  .label { display: block; font-weight: bold; font-size: 12pt; text-transform: uppercase; letter-spacing: 0.05em; }
  blockquote { margin: 0.4em 0 0; font-style: italic; }
  @media print { body { margin: 0; max-width: none; } .did { background: none; } }
</style>
</head>
<body>
<h1>You said, we did</h1>
<p class="span">{{.Forum}}. {{.Span}}.</p>
{{- if not .Consultations}}
<p>No points were raised at its meetings in that time.</p>
{{- end}}
{{- range .Consultations}}
<section>
<h2>{{.Title}}</h2>
<p class="about">{{.About}}.</p>
{{- range .Points}}
<div class="point">
  <div class="said"><span class="label">You said</span>{{.Said}}{{if .Quote}}<blockquote>“{{.Quote}}”</blockquote>{{end}}</div>
  <div class="did{{if .Waiting}} waiting{{end}}"><span class="label">We did</span>{{.Did}}</div>
</div>
{{- end}}
</section>
{{- end}}
</body>
</html>
`))
