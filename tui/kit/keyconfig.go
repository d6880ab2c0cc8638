package kit

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"

	"github.com/involve/involve/internal/nearest"
)

// Action is one binding of the key map, named by what it does: the group
// (the KeyMap's field, lower case) and the binding's field in snake case,
// "global.quit", "register.attended", "list.page_down". These names are how
// a configuration file remaps keys, and how tests press keys.
type Action struct {
	Name    string
	Group   string
	Binding *key.Binding
}

var bindingType = reflect.TypeFor[key.Binding]()

// Actions lists every binding of the key map by its action name, in the
// order the KeyMap declares them. The bindings point into km.
func (km *KeyMap) Actions() []Action {
	var out []Action
	v := reflect.ValueOf(km).Elem()
	for i := range v.NumField() {
		gf := v.Type().Field(i)
		if gf.Type.Kind() != reflect.Struct {
			continue
		}
		group := snake(gf.Name)
		gv := v.Field(i)
		for j := range gv.NumField() {
			bf := gv.Type().Field(j)
			if bf.Type != bindingType {
				continue
			}
			out = append(out, Action{
				Name:    group + "." + snake(bf.Name),
				Group:   group,
				Binding: gv.Field(j).Addr().Interface().(*key.Binding),
			})
		}
	}
	return out
}

// Action finds a binding by its action name.
func (km *KeyMap) Action(name string) (*key.Binding, bool) {
	for _, a := range km.Actions() {
		if a.Name == name {
			return a.Binding, true
		}
	}
	return nil, false
}

// Groups lists the key map's groups in order.
func (km *KeyMap) Groups() []string {
	var out []string
	for _, a := range km.Actions() {
		if !slices.Contains(out, a.Group) {
			out = append(out, a.Group)
		}
	}
	return out
}

// snake turns a Go field name into an action name: PageUp → page_up.
func snake(s string) string {
	var b strings.Builder
	for i, r := range s {
		if unicode.IsUpper(r) {
			if i > 0 {
				b.WriteByte('_')
			}
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Remap gives an action other keys; Line is where a configuration file
// said so (0 when it did not come from a file).
type Remap struct {
	Action string
	Keys   []string
	Line   int
}

// RemapError is what is wrong with a remap, and on which line.
type RemapError struct {
	Line int
	Msg  string
}

func (e RemapError) Error() string { return e.Msg }

// Apply remaps the key map's bindings. Every remap is checked: the action
// must exist, each key must be one a terminal can send and be written as
// Bubble Tea names it, and no key may end up doing two things at once (the
// same key for two actions of one group, or for a global action and a
// screen's). Keys the standard map already shares between two actions
// (enter opens a row, and keeps a find while finding) may stay shared.
// On any error the map may be half changed: start again from
// DefaultKeyMap.
func (km *KeyMap) Apply(remaps []Remap) []RemapError {
	var errs []RemapError
	actions := km.Actions()
	byName := map[string]Action{}
	for _, a := range actions {
		byName[a.Name] = a
	}
	seen := map[string]int{}     // action → line of its remap
	remapped := map[string]int{} // action → line, for those applied
	for _, r := range remaps {
		a, ok := byName[r.Action]
		if !ok {
			errs = append(errs, RemapError{r.Line, unknownAction(r.Action, actions)})
			continue
		}
		if line, twice := seen[r.Action]; twice {
			errs = append(errs, RemapError{r.Line, fmt.Sprintf("%s is remapped twice (first on line %d)", r.Action, line)})
			continue
		}
		seen[r.Action] = r.Line
		if len(r.Keys) == 0 {
			errs = append(errs, RemapError{r.Line, fmt.Sprintf("%s: give at least one key", r.Action)})
			continue
		}
		bad := false
		var keys []string
		for _, k := range r.Keys {
			if err := CheckKey(k); err != nil {
				errs = append(errs, RemapError{r.Line, fmt.Sprintf("%s: %v", r.Action, err)})
				bad = true
				continue
			}
			if slices.Contains(keys, k) {
				errs = append(errs, RemapError{r.Line, fmt.Sprintf("%s: %q is given twice", r.Action, k)})
				bad = true
				continue
			}
			keys = append(keys, k)
		}
		if bad {
			continue
		}
		a.Binding.SetKeys(keys...)
		a.Binding.SetHelp(KeysLabel(keys), a.Binding.Help().Desc)
		remapped[r.Action] = r.Line
	}
	return append(errs, conflicts(actions, remapped)...)
}

// conflicts finds keys that would do two things at once after a remap.
func conflicts(actions []Action, remapped map[string]int) []RemapError {
	if len(remapped) == 0 {
		return nil
	}
	shared := defaultShared()
	type clash struct {
		line   int
		action string
		key    string
		others []string
	}
	var clashes []*clash
	find := func(line int, action, k string) *clash {
		for _, c := range clashes {
			if c.action == action && c.key == k {
				return c
			}
		}
		c := &clash{line: line, action: action, key: k}
		clashes = append(clashes, c)
		return c
	}
	for i, a := range actions {
		for _, b := range actions[i+1:] {
			la, ra := remapped[a.Name]
			lb, rb := remapped[b.Name]
			if !ra && !rb || !sameScope(a, b) || shared[a.Name+" "+b.Name] {
				continue
			}
			k, ok := commonKey(a.Binding.Keys(), b.Binding.Keys())
			if !ok {
				continue
			}
			// Blame the remap: the later line when both were remapped.
			line, mine, other := la, a, b
			if !ra || (rb && lb > la) {
				line, mine, other = lb, b, a
			}
			c := find(line, mine.Name, k)
			c.others = append(c.others, fmt.Sprintf("%s (%s)", other.Name, other.Binding.Help().Desc))
		}
	}
	errs := make([]RemapError, len(clashes))
	for i, c := range clashes {
		errs[i] = RemapError{c.line, fmt.Sprintf("%s: %q is already the key of %s: give one of them another key",
			c.action, c.key, andList(c.others))}
	}
	slices.SortStableFunc(errs, func(x, y RemapError) int { return x.Line - y.Line })
	return errs
}

// andList joins "a", "a and b", "a, b and c".
func andList(items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}

// sameScope reports whether two actions can be pressed on the same screen
// at the same time, so that one key cannot serve both: two of one group;
// or a global, list or record action (on almost every screen) and another.
// Forms and questions take every key but the privacy screen's and ctrl+c.
func sameScope(a, b Action) bool {
	if a.Group == b.Group {
		return true
	}
	capturing := func(g string) bool { return g == "form" || g == "confirm" }
	if capturing(a.Group) || capturing(b.Group) {
		other := a
		if capturing(a.Group) {
			other = b
		}
		return other.Name == "global.force_quit" || other.Name == "global.privacy"
	}
	broad := func(g string) bool { return g == "global" || g == "list" || g == "record" }
	return broad(a.Group) || broad(b.Group)
}

// defaultShared is the pairs of actions the standard map gives a key in
// common ("a b", in the order Actions lists them).
func defaultShared() map[string]bool {
	actions := DefaultKeyMap().Actions()
	out := map[string]bool{}
	for i, a := range actions {
		for _, b := range actions[i+1:] {
			if _, ok := commonKey(a.Binding.Keys(), b.Binding.Keys()); ok {
				out[a.Name+" "+b.Name] = true
			}
		}
	}
	return out
}

func commonKey(a, b []string) (string, bool) {
	for _, k := range a {
		if slices.Contains(b, k) {
			return k, true
		}
	}
	return "", false
}

// unknownAction says an action name is not one, suggesting the nearest.
func unknownAction(name string, actions []Action) string {
	msg := fmt.Sprintf("%q is not an action", name)
	names := make([]string, len(actions))
	for i, a := range actions {
		names[i] = a.Name
	}
	best := nearest.Word(name, names)
	if _, last, ok := strings.Cut(name, "."); ok && best == "" {
		// The right action in the wrong group: "list.attended".
		for _, n := range names {
			if strings.HasSuffix(n, "."+last) {
				best = n
				break
			}
		}
	}
	if best != "" {
		msg += fmt.Sprintf(" (did you mean %s?)", best)
	}
	return msg + "; `involve config show --keys` lists them"
}

// modifiers are the modifier keys in the order Bubble Tea writes them.
var modifiers = []string{"ctrl", "alt", "shift", "meta", "hyper", "super"}

// namedKeys are the keys with a name, as Bubble Tea writes them.
var namedKeys = func() map[string]bool {
	m := map[string]bool{}
	for _, k := range []string{"enter", "tab", "backspace", "esc", "space", "up", "down", "left", "right",
		"begin", "find", "insert", "delete", "select", "pgup", "pgdown", "home", "end"} {
		m[k] = true
	}
	for i := 1; i <= 24; i++ {
		m[fmt.Sprintf("f%d", i)] = true
	}
	return m
}()

// keyAliases are names people write for keys Bubble Tea names otherwise.
var keyAliases = map[string]string{
	"escape": "esc", "return": "enter", "ret": "enter", "cr": "enter",
	"pagedown": "pgdown", "page_down": "pgdown", "page-down": "pgdown", "pgdn": "pgdown", "pagedn": "pgdown",
	"pageup": "pgup", "page_up": "pgup", "page-up": "pgup",
	"del": "delete", "bs": "backspace", "ins": "insert", "spacebar": "space", " ": "space",
	"↑": "up", "↓": "down", "←": "left", "→": "right", "arrowup": "up", "arrowdown": "down",
	"arrowleft": "left", "arrowright": "right",
	"control": "ctrl", "ctl": "ctrl", "option": "alt", "opt": "alt", "cmd": "super", "command": "super",
}

// CheckKey reports what is wrong with a key as a configuration file writes
// it: "q", "G", "ctrl+p", "shift+tab", "alt+enter", "f5", "space", "?". It
// must be what Bubble Tea calls the key, or the key would never match.
func CheckKey(k string) error {
	if k == "" {
		return fmt.Errorf("an empty key")
	}
	if !utf8.ValidString(k) || strings.ContainsFunc(k, unicode.IsControl) {
		return fmt.Errorf("%q is not a key", k)
	}
	var mods []string
	rest := k
	for {
		mod, after, ok := strings.Cut(rest, "+")
		if !ok || after == "" || mod == "" {
			break
		}
		lm := strings.ToLower(mod)
		if alias, ok := keyAliases[lm]; ok {
			return fmt.Errorf("%q: write %s+, not %s+", k, alias, mod)
		}
		if !slices.Contains(modifiers, lm) {
			return fmt.Errorf("%q: %q is not a modifier (use %s)", k, mod, strings.Join(modifiers, ", "))
		}
		if lm != mod {
			return fmt.Errorf("%q: write modifiers in lower case (%s+)", k, lm)
		}
		if slices.Contains(mods, mod) {
			return fmt.Errorf("%q: %s+ is written twice", k, mod)
		}
		mods = append(mods, mod)
		rest = after
	}
	order := slices.Clone(mods)
	slices.SortFunc(order, func(a, b string) int { return slices.Index(modifiers, a) - slices.Index(modifiers, b) })
	if !slices.Equal(order, mods) {
		want := strings.Join(order, "+") + "+" + rest
		return fmt.Errorf("%q: write it %q (modifiers in the order %s)", k, want, strings.Join(modifiers, ", "))
	}
	if namedKeys[rest] {
		return nil
	}
	if lower := strings.ToLower(rest); namedKeys[lower] {
		return fmt.Errorf("%q: write the key's name in lower case (%q)", k, lower)
	}
	if alias, ok := keyAliases[strings.ToLower(rest)]; ok {
		return fmt.Errorf("%q: the key is called %q", k, alias)
	}
	r, size := utf8.DecodeRuneInString(rest)
	if size != len(rest) {
		return fmt.Errorf("%q is not a key: use one character, or one of %s", k, namedKeyList())
	}
	if !unicode.IsPrint(r) || unicode.IsSpace(r) {
		return fmt.Errorf("%q is not a key: write a space as \"space\"", k)
	}
	if slices.Contains(mods, "shift") && len(mods) == 1 {
		shifted := string(unicode.ToUpper(r))
		if shifted == rest {
			return fmt.Errorf("%q: a shifted character is written as itself (\"G\", \"?\"), not with shift+", k)
		}
		return fmt.Errorf("%q: a shifted character is written as itself: %q", k, shifted)
	}
	return nil
}

func namedKeyList() string {
	return "enter, esc, tab, space, backspace, delete, insert, up, down, left, right, home, end, pgup, pgdown, f1–f24"
}

// KeyLabel is how a key is shown in help and messages: ↑ for up, pgdn for
// pgdown, the rest as Bubble Tea names them.
func KeyLabel(k string) string {
	mods := ""
	if i := strings.LastIndex(k, "+"); i > 0 && i < len(k)-1 {
		mods, k = k[:i+1], k[i+1:]
	}
	switch k {
	case "up":
		k = "↑"
	case "down":
		k = "↓"
	case "left":
		k = "←"
	case "right":
		k = "→"
	case "pgdown":
		k = "pgdn"
	}
	return mods + k
}

// KeysLabel is how help shows a binding's keys: the first two, less an
// upper-case letter beside its lower case (y for y and Y), joined by "/".
func KeysLabel(keys []string) string {
	var shown []string
	for _, k := range keys {
		if r, size := utf8.DecodeRuneInString(k); size == len(k) && unicode.IsUpper(r) && slices.Contains(keys, string(unicode.ToLower(r))) {
			continue
		}
		shown = append(shown, KeyLabel(k))
	}
	if len(shown) > 2 {
		shown = shown[:2]
	}
	if slices.ContainsFunc(shown, func(k string) bool { return strings.Contains(k, "/") }) {
		return strings.Join(shown, " ") // "f3 /", not "f3//"
	}
	return strings.Join(shown, "/")
}

// KeyName is a binding's first key, as a message names it: "press ctrl+p
// to turn it off" follows a remap when written with KeyName.
func KeyName(b key.Binding) string {
	ks := b.Keys()
	if len(ks) == 0 {
		return "(no key)"
	}
	return KeyLabel(ks[0])
}

// KeyNames names the first key of each binding, "t, p or c".
func KeyNames(bs ...key.Binding) string {
	names := make([]string, len(bs))
	for i, b := range bs {
		names[i] = KeyName(b)
	}
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// Relabel is a binding with the same keys that help describes otherwise
// ("enter edit action" for the list's open).
func Relabel(b key.Binding, desc string) key.Binding {
	b.SetHelp(b.Help().Key, desc)
	return b
}

// Untyped is a binding less the keys that type a character: what still
// works while a text field has the focus (↑ of ↑/k).
func Untyped(b key.Binding) key.Binding {
	return keysWhere(b, func(k string) bool { return !typesText(k) })
}

// Without is a binding less the keys of other: no's keys (n, esc) without
// back's (esc), where back answers a question otherwise.
func Without(b, other key.Binding) key.Binding {
	return keysWhere(b, func(k string) bool { return !slices.Contains(other.Keys(), k) })
}

// keysWhere is a binding with only the keys that keep says, and help
// naming them; with none, it is disabled.
func keysWhere(b key.Binding, keep func(string) bool) key.Binding {
	var keys []string
	for _, k := range b.Keys() {
		if keep(k) {
			keys = append(keys, k)
		}
	}
	if len(keys) == 0 {
		b.SetEnabled(false)
		return b
	}
	b.SetKeys(keys...)
	b.SetHelp(KeysLabel(keys), b.Help().Desc)
	return b
}

// typesText reports whether a key types a character into a text field.
func typesText(k string) bool {
	if k == "space" {
		return true
	}
	_, size := utf8.DecodeRuneInString(k)
	return size == len(k)
}

// Either is one binding answering to the keys of all of bs, for help that
// names them together ("↑/↓ move").
func Either(desc string, bs ...key.Binding) key.Binding {
	var keys, labels []string
	for _, b := range bs {
		if !b.Enabled() {
			continue
		}
		keys = append(keys, b.Keys()...)
		labels = append(labels, b.Help().Key)
	}
	return key.NewBinding(key.WithKeys(keys...), key.WithHelp(strings.Join(labels, "/"), desc))
}

// KeyTable is the key map as a table, one row per action: its name, its
// keys, and what it does. markdown gives a markdown table per group, for
// README; otherwise plain columns.
func (km *KeyMap) KeyTable(markdown bool) string {
	var b strings.Builder
	if !markdown {
		w, kw := 0, 0
		for _, a := range km.Actions() {
			w = max(w, len(a.Name))
			kw = max(kw, utf8.RuneCountInString(strings.Join(a.Binding.Keys(), " ")))
		}
		for _, a := range km.Actions() {
			keys := strings.Join(a.Binding.Keys(), " ")
			fmt.Fprintf(&b, "%-*s  %s%s  %s\n", w, a.Name, keys, strings.Repeat(" ", kw-utf8.RuneCountInString(keys)), a.Binding.Help().Desc)
		}
		return b.String()
	}
	for i, g := range km.Groups() {
		if i > 0 {
			b.WriteString("\n")
		}
		b.WriteString(km.GroupTable(g))
	}
	return b.String()
}

// GroupTable is one group of the key map as a markdown table: the keys,
// what they do, and the action name that remaps them.
func (km *KeyMap) GroupTable(group string) string {
	var b strings.Builder
	b.WriteString("| key | does | action |\n|-----|------|--------|\n")
	for _, a := range km.Actions() {
		if a.Group != group {
			continue
		}
		var keys []string
		for _, k := range a.Binding.Keys() {
			keys = append(keys, "`"+strings.ReplaceAll(KeyLabel(k), "|", `\|`)+"`")
		}
		fmt.Fprintf(&b, "| %s | %s | `%s` |\n", strings.Join(keys, " / "), a.Binding.Help().Desc, a.Name)
	}
	return b.String()
}
