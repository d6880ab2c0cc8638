package main

import (
	"context"
	"fmt"
	"io"
	"regexp"
	"strings"
	"time"

	"charm.land/fang/v2"
	mcobra "github.com/muesli/mango-cobra"
	"github.com/muesli/roff"
	"github.com/spf13/cobra"

	"github.com/involve/involve/store"
	"github.com/involve/involve/termsafe"
)

// The command line's conventions, from fang over cobra: --version, styled
// help, shell completion (completion bash|zsh|fish|powershell), a man page
// (involve man), and every error printed through the terminal filter.

// execute runs the command line as main does, and as the in-process tests
// do: fang's help and --version, cobra's completion command, and errors
// through printError.
func execute(ctx context.Context, root *cobra.Command) error {
	root.SetVersionTemplate(fmt.Sprintf("involve {{.Version}} (database schema %d)\n", store.SchemaVersion()))
	root.CompletionOptions.DisableDefaultCmd = false
	shellCompletion(root)
	runnableGroups(root)
	synopses(root)
	return fang.Execute(ctx, root,
		fang.WithVersion(appVersion()),
		// fang's man page is hidden and written to the process's standard
		// output whatever the command's is: "involve man" is our own.
		fang.WithoutManpage(),
		fang.WithErrorHandler(func(w io.Writer, _ fang.Styles, err error) { printError(w, err) }),
	)
}

// printError writes an error to standard error, through the terminal
// filter: errors can quote what was in a file, a name or a path, and fang
// hands on to a colour terminal whatever it is given.
func printError(w io.Writer, err error) {
	io.WriteString(w, termsafe.Filter("involve: "+err.Error())+"\n")
}

// manCmd is "involve man": the manual page, in roff, for man(1).
func (a *app) manCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "man",
		Short: "Print the manual page, for man(1): involve man | man -l -",
		Long: `Man prints involve's manual page in roff, the format man(1) reads: the verbs,
their flags and what each is for. To read it now:

  involve man | man -l -

To install it for your user (on Linux; man looks in ~/.local/share/man):

  mkdir -p ~/.local/share/man/man1
  involve man > ~/.local/share/man/man1/involve.1`,
		Args:                  cobra.NoArgs,
		DisableFlagsInUseLine: true,
		RunE: func(cmd *cobra.Command, _ []string) error {
			root := cmd.Root()
			page, err := mcobra.NewManPage(1, root)
			if err != nil {
				return err
			}
			page = page.WithLongDescription(manParagraphs(root.Long)).WithSection("Files", "The database is "+defaultDB()+
				" unless --db or the INVOLVE_DB environment variable says otherwise.")
			a.print(page.Build(&manDoc{Document: roff.NewDocument(), source: "involve " + appVersion()}))
			return nil
		},
	}
}

// manDoc writes the man page's header itself: mango puts the verb's whole
// description in the header's centre field (the manual's name), so that
// the first line of the page ran over its other fields.
type manDoc struct {
	*roff.Document
	source string // the page's footer: the program and its version
	head   string
}

// Heading is the page's .TH line: name, section, date, source and the
// manual it belongs to, as man(7) has them.
func (d *manDoc) Heading(section uint, title, _ string, ts time.Time) {
	d.head = fmt.Sprintf(".TH %s %d %q %q %q\n", strings.ToUpper(title), section, ts.Format("2006-01-02"),
		d.source, "User Commands")
}

// String is the page.
func (d *manDoc) String() string {
	return d.head + strings.TrimPrefix(d.Document.String(), "\n")
}

// didYouMean is cobra's suggestions for a mistyped verb of cmd, as a
// sentence to add to the complaint: ` (did you mean "stories"?)`.
func didYouMean(cmd *cobra.Command, typed string) string {
	if cmd.SuggestionsMinimumDistance <= 0 {
		cmd.SuggestionsMinimumDistance = 2 // as cobra's own suggestions: "shwo" for show
	}
	s := cmd.SuggestionsFor(typed)
	if len(s) == 0 {
		return ""
	}
	return fmt.Sprintf("; did you mean %s?", orList(s))
}

// plainOrList is "a", "a or b", "a, b or c".
func plainOrList(words []string) string {
	if len(words) < 2 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " or " + words[len(words)-1]
}

// orList is `"a"`, `"a" or "b"`, `"a", "b" or "c"`.
func orList(words []string) string {
	q := make([]string, len(words))
	for i, w := range words {
		q[i] = fmt.Sprintf("%q", w)
	}
	return plainOrList(q)
}

// manParagraphs joins the lines of each paragraph of help text: the man
// page starts a paragraph at every newline, and sets the text itself.
func manParagraphs(s string) string {
	paras := strings.Split(strings.TrimSpace(s), "\n\n")
	for i, p := range paras {
		paras[i] = strings.Join(strings.Fields(p), " ")
	}
	return strings.Join(paras, "\n")
}

// runnableGroups makes each verb that only groups others (transport,
// rates, …) print its help when run alone. Cobra shows the help of a verb
// it cannot run without looking at its arguments, and exits 0, so that
// "involve transport sheat" was not an error; now the arguments are
// checked, and a mistyped verb is refused with a suggestion.
func runnableGroups(c *cobra.Command) {
	if c.HasSubCommands() && c.Run == nil && c.RunE == nil {
		c.RunE = func(cmd *cobra.Command, _ []string) error { return cmd.Help() }
	}
	for _, sub := range c.Commands() {
		runnableGroups(sub)
	}
}

// optionalFlags matches an optional flag in a verb's usage, with what it
// takes and the "..." of a flag that may be repeated: " [--width N]",
// " [-o FILE]", " [--json]", " [--identity FILE]...".
var optionalFlags = regexp.MustCompile(` ?\[--?[^\]\[]*\](\.\.\.)?`)

// synopses leaves optional flags out of every verb's usage line: the help
// lists the flags, each with what it does, beneath it, and at 80 columns
// a usage line with every flag in it pushes the list of verbs off the
// side. What a verb needs (its arguments, --from DATE) stays; cobra adds
// [flags]. A flag inside another's brackets ("[--keys [--markdown]]")
// goes with it.
func synopses(c *cobra.Command) {
	for use := ""; use != c.Use; {
		use = c.Use
		c.Use = strings.TrimSpace(optionalFlags.ReplaceAllString(c.Use, ""))
	}
	for _, sub := range c.Commands() {
		synopses(sub)
	}
}

// shellCompletion makes cobra's completion verb now (it would otherwise
// be made as it runs), so that a shell it does not know is refused:
// "completion tcsh" printed the help and succeeded.
func shellCompletion(root *cobra.Command) {
	root.InitDefaultCompletionCmd()
	for _, c := range root.Commands() {
		if c.Name() != "completion" {
			continue
		}
		var shells []string
		for _, sh := range c.Commands() {
			shells = append(shells, sh.Name())
		}
		c.Args = func(_ *cobra.Command, args []string) error {
			if len(args) > 0 {
				return fmt.Errorf("completion: %q is not a shell involve completes for: name %s", args[0], plainOrList(shells))
			}
			return nil
		}
	}
}
