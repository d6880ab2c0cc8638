package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/involve/involve/config"
	"github.com/involve/involve/store"
	"github.com/involve/involve/termsafe"
	"github.com/involve/involve/tui/kit"
)

// settings are the settings file's, read once: the configuration, the key
// map it remaps, and what was wrong with it (then both are the standard
// ones).
type settings struct {
	cfg  *config.Config
	keys *kit.KeyMap
	err  error
}

// configPath is --config, else the settings file in the config folder.
func (a *app) configPath() string {
	if a.configFile != "" {
		return a.configFile
	}
	return config.Path()
}

// checkConfigFile refuses a --config naming a file that is not there (a
// settings file missing from its usual place is no matter: the standard
// settings are used). config path, which says where the file would be,
// does not mind.
func (a *app) checkConfigFile(cmd *cobra.Command) error {
	if a.configFile == "" || cmd.Annotations["config"] == "need not exist" {
		return nil
	}
	info, err := os.Stat(a.configFile)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("config file %s does not exist (--config names it)", a.configFile)
	case err == nil && info.IsDir():
		return fmt.Errorf("config file %s is a folder, not a settings file (--config names it)", a.configFile)
	}
	return nil // a file that cannot be read is reported as a problem with it
}

// config reads the settings file (once) and remaps the keys it names. A
// file with any problem gives the standard settings and the standard keys,
// and an error naming every problem as FILE:LINE: what.
func (a *app) config() settings {
	if a.settings != nil {
		return *a.settings
	}
	keys := kit.DefaultKeyMap()
	cfg, err := config.Load(a.configPath(), checkKeys(keys))
	if err != nil {
		keys = kit.DefaultKeyMap() // the remaps may be half applied
	}
	a.settings = &settings{cfg: cfg, keys: keys, err: err}
	return *a.settings
}

// checkKeys remaps keys in km, saying what is wrong with the remaps.
func checkKeys(km *kit.KeyMap) config.KeyCheck {
	return func(rs []config.KeyRemap) []config.Problem {
		remaps := make([]kit.Remap, len(rs))
		for i, k := range rs {
			remaps[i] = kit.Remap{Action: k.Action, Keys: k.Keys, Line: k.Line}
		}
		var probs []config.Problem
		for _, e := range km.Apply(remaps) {
			probs = append(probs, config.Problem{Line: e.Line, Msg: e.Msg})
		}
		return probs
	}
}

// warnConfig writes what is wrong with the settings file to standard
// error, through the terminal filter (the file is quoted), once.
func (a *app) warnConfig(err error) {
	if err == nil || a.warned {
		return
	}
	a.warned = true
	for _, line := range strings.Split(err.Error(), "\n") {
		fmt.Fprintln(a.stderr, termsafe.Line(line))
	}
	fmt.Fprintln(a.stderr, "involve: the settings file was not used: the standard settings are in use (involve config show)")
}

// configNotice is what the program says at the start about a settings file
// with problems.
func configNotice(err error) string {
	if err == nil {
		return ""
	}
	lines := strings.Split(err.Error(), "\n")
	more := ""
	if len(lines) > 1 {
		more = fmt.Sprintf(" (and %d more: involve config show)", len(lines)-1)
	}
	return termsafe.Line(lines[0]) + more + ". The standard settings are in use."
}

// accessible is --accessible when given, else ACCESSIBLE in the
// environment (as huh reads it: set and not 0 or false), else the file's.
func (a *app) accessible(cmd *cobra.Command, cfg *config.Config) bool {
	if f := cmd.Flags().Lookup("accessible"); f != nil && f.Changed {
		return a.accessibleFlag
	}
	if v, ok := os.LookupEnv("ACCESSIBLE"); ok && v != "" {
		switch strings.ToLower(strings.TrimSpace(v)) {
		case "0", "false", "no", "off":
			return false
		}
		return true
	}
	return cfg.Accessible
}

// supportMessage ends every story: the settings file's, else the
// database's setting, else the standard one.
func (a *app) supportMessage(ctx context.Context, s *store.Store) (string, error) {
	st := a.config()
	a.warnConfig(st.err)
	if st.cfg.SupportMessage != "" {
		return st.cfg.SupportMessage, nil
	}
	return s.SupportMessage(ctx)
}

func (a *app) configCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "config",
		Short: "Show the settings file and the settings in use",
		Long: `involve reads its settings from ` + config.Path() + `
(or the file --config names): the colour theme, accessible mode, the message
that ends every story, the age recipients backups are encrypted for, and keys
remapped by action name. A file with any problem is not used: each problem is
reported as FILE:LINE: what, and the standard settings are used instead.`,
		Args: cobra.NoArgs,
	}
	path := &cobra.Command{
		Use:         "path",
		Short:       "Print where the settings file is (it need not exist)",
		Args:        cobra.NoArgs,
		Annotations: map[string]string{"config": "need not exist"},
		RunE: func(*cobra.Command, []string) error {
			a.out("%s\n", a.configPath())
			return nil
		},
	}
	var keys, markdown bool
	show := &cobra.Command{
		Use:   "show [--keys [--markdown]]",
		Short: "Print the settings in use, or every key by its action name",
		Long: `show prints the settings in use as a settings file would give them, the
standard ones included. With --keys it lists every action the keys can be
remapped by, its keys and what it does; --markdown prints that as tables.
It exits non-zero when the settings file has problems, after naming them.`,
		Args: cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			if markdown && !keys {
				return errors.New("--markdown goes with --keys")
			}
			st := a.config()
			if st.err != nil {
				for _, line := range strings.Split(st.err.Error(), "\n") {
					fmt.Fprintln(a.stderr, termsafe.Line(line))
				}
			}
			switch {
			case keys && markdown:
				a.out("%s", markdownKeys(st.keys))
			case keys:
				a.out("%s", st.keys.KeyTable(false))
			default:
				where := "# " + st.cfg.Path
				if !st.cfg.Exists {
					where += " (not there: these are the standard settings)"
				} else if st.err != nil {
					where += " (not used: these are the standard settings)"
				}
				a.out("%s\n%s", where, st.cfg.Marshal())
			}
			if st.err != nil {
				n := strings.Count(st.err.Error(), "\n") + 1
				word := "problem"
				if n > 1 {
					word = "problems"
				}
				return fmt.Errorf("%s has %d %s: the standard settings are in use", st.cfg.Path, n, word)
			}
			return nil
		},
	}
	show.Flags().BoolVar(&keys, "keys", false, "list every key by its action name")
	show.Flags().BoolVar(&markdown, "markdown", false, "with --keys: markdown tables, one per group")
	cmd.AddCommand(path, show)
	return cmd
}

// markdownKeys is the key map as markdown: a heading and a table for each
// group of actions (README's key tables are these).
func markdownKeys(km *kit.KeyMap) string {
	var b strings.Builder
	for i, g := range km.Groups() {
		if i > 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "**%s**\n\n%s", g, km.GroupTable(g))
	}
	return b.String()
}
