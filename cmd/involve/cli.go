package main

import (
	"context"
	"fmt"
	"io"
	"regexp"
	"strings"

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
			a.print(page.Build(roff.NewDocument()))
			return nil
		},
	}
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

// orList is `"a"`, `"a" or "b"`, `"a", "b" or "c"`.
func orList(words []string) string {
	q := make([]string, len(words))
	for i, w := range words {
		q[i] = fmt.Sprintf("%q", w)
	}
	if len(q) == 1 {
		return q[0]
	}
	return strings.Join(q[:len(q)-1], ", ") + " or " + q[len(q)-1]
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
// takes: " [--width N]", " [-o FILE]", " [--json]".
var optionalFlags = regexp.MustCompile(` ?\[--?[^\]\[]*\]`)

// synopses leaves optional flags out of every verb's usage line: the help
// lists the flags, each with what it does, beneath it, and at 80 columns
// a usage line with every flag in it pushes the list of verbs off the
// side. What a verb needs (its arguments, --from DATE) stays; cobra adds
// [flags].
func synopses(c *cobra.Command) {
	c.Use = strings.TrimSpace(optionalFlags.ReplaceAllString(c.Use, ""))
	for _, sub := range c.Commands() {
		synopses(sub)
	}
}
