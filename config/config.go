// Package config reads involve's settings file, config.toml in the user's
// config folder ($XDG_CONFIG_HOME/involve/config.toml): the colour theme,
// accessible mode, the message that ends every story, the age recipients
// backups are encrypted for, and keys remapped by action name.
//
// A file with anything wrong in it is not used at all: Load reports every
// problem, each as FILE:LINE: what, and gives the standard settings, so that
// the program still starts and a half-read file never half-applies. The
// package knows nothing of the interface: the key map (package tui/kit)
// checks the remaps it is given, with the lines they came from.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/adrg/xdg"
	"github.com/pelletier/go-toml/v2"
	"github.com/pelletier/go-toml/v2/unstable"

	"github.com/involve/involve/internal/nearest"
	"github.com/involve/involve/termsafe"
)

// The themes: auto asks the terminal for its background colour.
const (
	ThemeAuto  = "auto"
	ThemeLight = "light"
	ThemeDark  = "dark"
)

// Config is the settings the file gives, or the standard ones.
type Config struct {
	// Path is the file the settings came from (it may not exist).
	Path string
	// Exists is whether the file was there.
	Exists bool
	// Theme is ThemeAuto, ThemeLight or ThemeDark.
	Theme string
	// Accessible is plain output for screen readers: forms asked a line
	// at a time, no box drawing, no colour-only signals.
	Accessible bool
	// SupportMessage ends every story, when set (otherwise the database's
	// setting, else the standard message).
	SupportMessage string
	// Keys are the remapped keys, in the order the file gives them.
	Keys []KeyRemap

	recipients []string
}

// KeyRemap gives an action ("global.quit") other keys; Line is where.
type KeyRemap struct {
	Action string
	Keys   []string
	Line   int
}

// BackupRecipients are the age recipients (age1…, or SSH public keys)
// that backups are encrypted for when none is named on the command line.
// A configuration with problems gives none: check Load's error first, and
// refuse to fall back to an unencrypted backup because of a typo.
func (c *Config) BackupRecipients() []string { return slices.Clone(c.recipients) }

// Default is the standard settings.
func Default() *Config { return &Config{Path: Path(), Theme: ThemeAuto} }

// Path is where the settings file is: $XDG_CONFIG_HOME/involve/config.toml
// (~/.config/involve/config.toml on Linux; the system's equivalent
// elsewhere).
func Path() string { return filepath.Join(xdg.ConfigHome, "involve", "config.toml") }

// Problem is one thing wrong in the file.
type Problem struct {
	Line int
	Msg  string
}

// Problems is everything wrong with a settings file; its Error is one
// "FILE:LINE: what" a line.
type Problems struct {
	Path string
	List []Problem
}

// Add records a problem on a line.
func (p *Problems) Add(line int, format string, args ...any) {
	p.List = append(p.List, Problem{Line: line, Msg: fmt.Sprintf(format, args...)})
}

func (p *Problems) Error() string {
	lines := make([]string, len(p.List))
	for i, pr := range p.List {
		if pr.Line > 0 {
			lines[i] = fmt.Sprintf("%s:%d: %s", p.Path, pr.Line, pr.Msg)
		} else {
			lines[i] = fmt.Sprintf("%s: %s", p.Path, pr.Msg)
		}
	}
	return strings.Join(lines, "\n")
}

// KeyCheck checks the remapped keys (the key map knows its actions and
// which keys may be shared), saying what is wrong on which line.
type KeyCheck func([]KeyRemap) []Problem

// Load reads the settings file at path, checking remapped keys with check
// when given. A file that is not there gives the standard settings and no
// error. A file with problems gives the standard settings and a *Problems
// naming each of them.
func Load(path string, check ...KeyCheck) (*Config, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		c := Default()
		c.Path = path
		return c, nil
	}
	if err != nil {
		c := Default()
		c.Path = path
		p := &Problems{Path: path}
		p.Add(0, "cannot read it: %v", errors.Unwrap(err))
		return c, p
	}
	return Parse(path, data, check...)
}

// Parse reads settings from data, as Load does; path names the file in
// messages.
func Parse(path string, data []byte, check ...KeyCheck) (*Config, error) {
	c := Default()
	c.Path, c.Exists = path, true
	probs := &Problems{Path: path}
	if !utf8.Valid(data) {
		probs.Add(firstInvalidLine(data), "the file is not UTF-8 text")
		return fallback(path), probs
	}
	// The decoder finds what the parser alone does not (a key given twice,
	// a table defined twice), with the line.
	var doc map[string]any
	if err := toml.Unmarshal(data, &doc); err != nil {
		var de *toml.DecodeError
		if errors.As(err, &de) {
			line, _ := de.Position()
			probs.Add(line, "%s", strings.TrimPrefix(de.Error(), "toml: "))
		} else {
			probs.Add(0, "%s", strings.TrimPrefix(err.Error(), "toml: "))
		}
		return fallback(path), probs
	}
	walk(data, func(path []string, v *unstable.Node, line int) {
		c.set(probs, path, v, line)
	})
	for _, ch := range check {
		if ch != nil && len(c.Keys) > 0 {
			probs.List = append(probs.List, ch(c.Keys)...)
		}
	}
	slices.SortStableFunc(probs.List, func(a, b Problem) int { return a.Line - b.Line })
	if len(probs.List) > 0 {
		return fallback(path), probs
	}
	return c, nil
}

func fallback(path string) *Config {
	c := Default()
	c.Path, c.Exists = path, true
	return c
}

func firstInvalidLine(data []byte) int {
	line := 1
	for len(data) > 0 {
		r, size := utf8.DecodeRune(data)
		if r == utf8.RuneError && size <= 1 {
			return line
		}
		if r == '\n' {
			line++
		}
		data = data[size:]
	}
	return line
}

// walk calls fn for every value in the document with its full key path and
// the line its key is on (arrays and inline tables of settings included).
func walk(data []byte, fn func(path []string, v *unstable.Node, line int)) {
	p := &unstable.Parser{}
	p.Reset(data)
	var table []string
	for p.NextExpression() {
		e := p.Expression()
		switch e.Kind {
		case unstable.Table, unstable.ArrayTable:
			table = keyParts(e.Key())
			if e.Kind == unstable.ArrayTable {
				it := e.Key()
				it.Next()
				fn(table, e, p.Shape(it.Node().Raw).Start.Line)
				table = []string{"\x00"} // nothing under it is a setting
			}
		case unstable.KeyValue:
			if len(table) == 1 && table[0] == "\x00" {
				continue // under a [[table]], already reported
			}
			keyValue(p, table, e, fn)
		}
	}
}

func keyValue(p *unstable.Parser, table []string, e *unstable.Node, fn func([]string, *unstable.Node, int)) {
	it := e.Key()
	it.Next()
	line := p.Shape(it.Node().Raw).Start.Line
	path := append(slices.Clone(table), keyParts(e.Key())...)
	v := e.Value()
	if v.Kind == unstable.InlineTable {
		kids := v.Children()
		for kids.Next() {
			if kv := kids.Node(); kv.Kind == unstable.KeyValue {
				keyValue(p, path, kv, fn)
			}
		}
		return
	}
	fn(path, v, line)
}

func keyParts(it unstable.Iterator) []string {
	var parts []string
	for it.Next() {
		parts = append(parts, string(it.Node().Data))
	}
	return parts
}

// settings are the settings a file may give, for "unknown setting" and its
// suggestion.
var settings = []string{"theme", "accessible", "stories.support_message", "backup.recipients", "keys"}

// maxSupportMessage is how long the support message may be: a few lines
// under a story.
const maxSupportMessage = 1000

func (c *Config) set(probs *Problems, path []string, v *unstable.Node, line int) {
	name := strings.Join(path, ".")
	if v.Kind == unstable.ArrayTable {
		probs.Add(line, "[[%s]]: there is no list of tables in the settings (the settings are %s)", name, settingList())
		return
	}
	switch {
	case name == "theme":
		s, ok := str(v)
		if !ok || !slices.Contains([]string{ThemeAuto, ThemeLight, ThemeDark}, s) {
			probs.Add(line, "theme must be \"auto\", \"light\" or \"dark\" (got %s)", shown(v))
			return
		}
		c.Theme = s
	case name == "accessible":
		if v.Kind != unstable.Bool {
			probs.Add(line, "accessible must be true or false (got %s)", shown(v))
			return
		}
		c.Accessible = string(v.Data) == "true"
	case name == "stories.support_message":
		s, ok := str(v)
		if !ok {
			probs.Add(line, "stories.support_message must be text in quotes (got %s)", shown(v))
			return
		}
		s = strings.TrimSpace(termsafe.Clean(s))
		if utf8.RuneCountInString(s) > maxSupportMessage {
			probs.Add(line, "stories.support_message is too long: at most %d characters, a few lines under a story", maxSupportMessage)
			return
		}
		c.SupportMessage = s
	case name == "backup.recipients":
		list, ok := strs(v)
		if !ok {
			probs.Add(line, "backup.recipients must be a list of age recipients in quotes, like [\"age1…\"] (got %s)", shown(v))
			return
		}
		for _, r := range list {
			if err := checkRecipient(r); err != nil {
				probs.Add(line, "backup.recipients: %v", err)
				return
			}
			if !slices.Contains(c.recipients, r) {
				c.recipients = append(c.recipients, r)
			}
		}
	case len(path) > 1 && path[0] == "keys":
		action := strings.Join(path[1:], ".")
		keys, ok := strs(v)
		if !ok {
			if s, one := str(v); one {
				keys, ok = []string{s}, true
			}
		}
		if !ok {
			probs.Add(line, "keys: %q must be a key in quotes or a list of them, like [\"q\"] (got %s)", action, shown(v))
			return
		}
		c.Keys = append(c.Keys, KeyRemap{Action: action, Keys: keys, Line: line})
	case name == "keys" || name == "stories" || name == "backup":
		probs.Add(line, "%s is a table of settings: write [%s] on a line of its own, the settings under it", name, name)
	default:
		msg := fmt.Sprintf("unknown setting %q", name)
		if near := nearestSetting(name); near != "" {
			msg += fmt.Sprintf(" (did you mean %s?)", near)
		} else {
			msg += fmt.Sprintf(" (the settings are %s)", settingList())
		}
		probs.Add(line, "%s", msg)
	}
}

func settingList() string {
	return "theme, accessible, stories.support_message, backup.recipients and the [keys] table"
}

// nearestSetting is the setting name closest to name, if one is close.
func nearestSetting(name string) string {
	for _, s := range settings {
		// The right name in the wrong table: "support_message" at the top.
		if _, last, ok := strings.Cut(s, "."); ok && (name == last || strings.HasSuffix(name, "."+last)) {
			return s
		}
	}
	return nearest.Word(name, settings)
}

func str(v *unstable.Node) (string, bool) {
	if v.Kind != unstable.String {
		return "", false
	}
	return string(v.Data), true
}

func strs(v *unstable.Node) ([]string, bool) {
	if v.Kind != unstable.Array {
		return nil, false
	}
	var out []string
	kids := v.Children()
	for kids.Next() {
		n := kids.Node()
		if n.Kind == unstable.Comment {
			continue
		}
		s, ok := str(n)
		if !ok {
			return nil, false
		}
		out = append(out, s)
	}
	return out, true
}

// shown is a value as a message quotes it.
func shown(v *unstable.Node) string {
	switch v.Kind {
	case unstable.String:
		return fmt.Sprintf("%q", termsafe.Line(string(v.Data)))
	case unstable.Array:
		return "a list"
	case unstable.InlineTable:
		return "a table"
	case unstable.Bool, unstable.Integer, unstable.Float:
		return termsafe.Line(string(v.Data))
	}
	return "a " + strings.ToLower(v.Kind.String())
}

// checkRecipient tells a public key from what is plainly not one. The
// backup itself parses it with age, which says more.
func checkRecipient(r string) error {
	switch {
	case strings.HasPrefix(r, "AGE-SECRET-KEY-"):
		return errors.New("that is a secret key (AGE-SECRET-KEY-…): give its public key, age1…, and keep the secret one off this file")
	case strings.HasPrefix(r, "age1"):
		if strings.ContainsFunc(r[4:], func(c rune) bool { return !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9') }) || len(r) < 20 {
			return fmt.Errorf("%q is not an age recipient (age1 and then lower-case letters and digits)", termsafe.Line(r))
		}
	case strings.HasPrefix(r, "ssh-ed25519 "), strings.HasPrefix(r, "ssh-rsa "):
	default:
		return fmt.Errorf("%q is not an age recipient (age1…) or an SSH public key (ssh-ed25519 …, ssh-rsa …)", termsafe.Line(r))
	}
	return nil
}

// quote writes s as a TOML basic string.
func quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\t':
			b.WriteString(`\t`)
		case '\r':
			b.WriteString(`\r`)
		default:
			if r < 0x20 || r == 0x7f {
				fmt.Fprintf(&b, `\u%04X`, r)
				continue
			}
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// Marshal writes settings as a file would give them: every setting, the
// standard ones included, with a line saying what each is.
func (c *Config) Marshal() string {
	var b bytes.Buffer
	q := quote
	fmt.Fprintf(&b, "# auto (ask the terminal), light or dark\ntheme = %s\n", q(c.Theme))
	fmt.Fprintf(&b, "# plain output for screen readers (also --accessible, or ACCESSIBLE=1)\naccessible = %t\n", c.Accessible)
	b.WriteString("\n[stories]\n# ends every story; when empty, the database's message, else the standard one\n")
	fmt.Fprintf(&b, "support_message = %s\n", q(c.SupportMessage))
	b.WriteString("\n[backup]\n# age recipients (age1…, or SSH public keys) backups are encrypted for\nrecipients = [")
	for i, r := range c.recipients {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(q(r))
	}
	b.WriteString("]\n\n[keys]\n# keys remapped by action name; `involve config show --keys` lists every action\n")
	for _, k := range c.Keys {
		quoted := make([]string, len(k.Keys))
		for i, key := range k.Keys {
			quoted[i] = q(key)
		}
		fmt.Fprintf(&b, "%s = [%s]\n", q(k.Action), strings.Join(quoted, ", "))
	}
	return b.String()
}
