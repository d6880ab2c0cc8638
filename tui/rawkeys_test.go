package tui

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// No key is matched as a raw string outside the key map: keys come from
// kit's KeyMap (key.Matches), so that a remap reaches every screen, and
// messages name keys with kit.KeyName. Only the key map itself (and its
// checks of key names) spells keys out.
func TestNoRawKeysOutsideTheKeyMap(t *testing.T) {
	allowed := map[string]bool{
		filepath.Join("kit", "keys.go"):      true,
		filepath.Join("kit", "keyconfig.go"): true,
	}
	patterns := []*regexp.Regexp{
		regexp.MustCompile(`\b(msg|k|key|m)\.String\(\) *==`), // msg.String() == "enter"
		regexp.MustCompile(`\bcase "([^"]|enter|esc|tab|space|backspace|delete|up|down|left|right|home|end|pgup|pgdown|(ctrl|alt|shift)\+[^"]+|f[0-9]+)"`), // switch msg.String() { case "q":
		regexp.MustCompile(`\bBind\(`),                     // a binding made on the spot
		regexp.MustCompile(`key\.WithKeys\(|\.SetKeys\("`), // keys given by name
		regexp.MustCompile(`"(enter|esc|tab|shift\+tab|space|backspace|pgup|pgdown|ctrl\+[a-z])"`),
		regexp.MustCompile(`"[^"]*\b[Pp]ress [A-Za-z$+?\[\]/] `), // "Press n to add one": name it with kit.KeyName
		// A hint in a form or on a page: "space or x to tick, enter when
		// done", "enter starts a new line", "(h: history)": Common.TickHint,
		// Common.MarkdownHint or kit.KeyName say it with the keys in use.
		regexp.MustCompile(`"[^"]*\b(enter|tab|space|esc)( or [a-z])? (to|when|starts|moves|picks|goes|saves)\b`),
		regexp.MustCompile(`"[^"]*\([a-zA-Z]: [a-z]`),
		// "(n adds one)", "with e.", "S moves it back", "ctrl+e opens".
		regexp.MustCompile(`"[^"]*(\bwith [A-Za-z$?][.,;)"]|[ (][A-Za-z$?] (opens|adds|shows|moves|saves|turns|starts)\b|\b(ctrl|alt|shift)\+[a-z]\b)`),
	}
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") || allowed[path] {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for i, line := range strings.Split(string(data), "\n") {
			code, _, _ := strings.Cut(line, "//")
			for j, re := range patterns {
				// The accessible forms read whole lines from the terminal,
				// with no key map: "press enter", "press ctrl+d" are the
				// terminal's own.
				if j == len(patterns)-1 && path == filepath.Join("kit", "accessible.go") {
					continue
				}
				if re.MatchString(code) {
					t.Errorf("%s:%d: a key by name outside the key map: %s", path, i+1, strings.TrimSpace(line))
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
