package main

import (
	"context"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/involve/involve/render"
	"github.com/involve/involve/store"
	"github.com/involve/involve/termsafe"
)

// Shell completion (involve completion bash|zsh|fish|powershell writes the
// script). Besides verbs and flags, it completes what is in the database:
// forum names, story slugs and meeting ids. It opens the database for
// reading only, never creates one, and offers nothing when there is none.

// completeFunc is a cobra completion function.
type completeFunc = func(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective)

// argCompletions says how the first argument of a verb is completed, by
// the verb's path (TestCompletionsNameRealVerbs checks that each exists).
func (a *app) argCompletions() map[string]completeFunc {
	anyStory := a.completeFrom(func(ctx context.Context, s *store.Store, typed string) ([]store.Suggestion, error) {
		return s.StorySuggestions(ctx, typed, false)
	})
	return map[string]completeFunc{
		// show shows only what may be read at forums today.
		"involve stories show": a.completeFrom(func(ctx context.Context, s *store.Store, typed string) ([]store.Suggestion, error) {
			return s.StorySuggestions(ctx, typed, true)
		}),
		"involve stories withdraw": anyStory,
		"involve stories erase":    anyStory,
		"involve transport sheet": a.completeFrom(func(ctx context.Context, s *store.Store, typed string) ([]store.Suggestion, error) {
			return s.MeetingSuggestions(ctx, typed)
		}),
	}
}

// flagCompletions says how a flag's value is completed, by the flag's name,
// on every verb that has the flag.
func (a *app) flagCompletions() map[string]completeFunc {
	return map[string]completeFunc{
		"forum": a.completeFrom(func(ctx context.Context, s *store.Store, typed string) ([]store.Suggestion, error) {
			return s.ForumSuggestions(ctx, typed)
		}),
		"style": cobra.FixedCompletions(render.Styles, cobra.ShellCompDirectiveNoFileComp),
		"use": cobra.FixedCompletions([]cobra.Completion{string(store.UseForums), string(store.UsePrint),
			string(store.UseTraining), string(store.UseOnline)}, cobra.ShellCompDirectiveNoFileComp),
		"db": func(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
			return []cobra.Completion{"db"}, cobra.ShellCompDirectiveFilterFileExt
		},
	}
}

// registerCompletions gives every verb in root's tree its completions: the
// first argument of the verbs argCompletions names, and every flag
// flagCompletions names, wherever it is. --format completes to the formats
// its help names.
func (a *app) registerCompletions(root *cobra.Command) {
	args := a.argCompletions()
	flags := a.flagCompletions()
	var walk func(*cobra.Command)
	walk = func(c *cobra.Command) {
		if fn, ok := args[c.CommandPath()]; ok && c.ValidArgsFunction == nil {
			c.ValidArgsFunction = func(cmd *cobra.Command, done []string, typed string) ([]cobra.Completion, cobra.ShellCompDirective) {
				if len(done) > 0 {
					return nil, cobra.ShellCompDirectiveNoFileComp
				}
				return fn(cmd, done, typed)
			}
		}
		// (Flags and PersistentFlags, not LocalFlags: that would copy the
		// parents' persistent flags into every verb's, and the man page
		// would list --db under every verb.)
		declared := func(name string) *pflag.Flag {
			if f := c.Flags().Lookup(name); f != nil {
				return f
			}
			return c.PersistentFlags().Lookup(name)
		}
		for name, fn := range flags {
			if declared(name) == nil {
				continue // not this verb's (a persistent flag is registered once, where it is declared)
			}
			if _, exists := c.GetFlagCompletionFunc(name); !exists {
				_ = c.RegisterFlagCompletionFunc(name, fn)
			}
		}
		if f := declared("format"); f != nil {
			if _, exists := c.GetFlagCompletionFunc("format"); !exists {
				_ = c.RegisterFlagCompletionFunc("format", cobra.FixedCompletions(formatsIn(f.Usage), cobra.ShellCompDirectiveNoFileComp))
			}
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
}

// formatsIn picks the format names out of a --format flag's help: "md, csv
// or json" → md, csv, json.
func formatsIn(usage string) []cobra.Completion {
	var out []cobra.Completion
	for _, w := range strings.FieldsFunc(usage, func(r rune) bool { return r == ',' || r == ' ' || r == '(' || r == ')' }) {
		switch w {
		case "md", "csv", "json":
			out = append(out, w)
		}
	}
	return out
}

// completeFrom makes a completion function of a store query: the database
// is opened for reading only, and every suggestion is made safe for the
// terminal (the shell prints it) and put on one line with no tab (a tab
// would end the value and start its description).
func (a *app) completeFrom(query func(context.Context, *store.Store, string) ([]store.Suggestion, error)) completeFunc {
	return func(cmd *cobra.Command, _ []string, typed string) ([]cobra.Completion, cobra.ShellCompDirective) {
		const none = cobra.ShellCompDirectiveNoFileComp
		s, err := store.OpenReadOnly(a.dbPath())
		if err != nil {
			return nil, none
		}
		defer s.Close()
		ctx := cmd.Context()
		if ctx == nil {
			ctx = context.Background()
		}
		found, err := query(ctx, s, typed)
		if err != nil {
			return nil, none
		}
		out := make([]cobra.Completion, 0, len(found))
		for _, sg := range found {
			v := termsafe.Line(sg.Value)
			if v == "" {
				continue
			}
			out = append(out, cobra.CompletionWithDesc(v, termsafe.Line(sg.About)))
		}
		return out, none | cobra.ShellCompDirectiveKeepOrder
	}
}
