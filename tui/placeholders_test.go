package tui

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"
)

// A form field's placeholder is drawn in grey where the value goes, and a
// value in grey looks like a default: a fixed fee's hours showed "2.5",
// and enter saved no hours at all. A placeholder that looks like a value
// (a number, an amount, a name) says it is an example ("e.g. 2.5"); one
// that says what to type ("YYYY-MM-DD", "how many") need not. A real
// default is a suggestion (kit.Suggest), which enter takes.
func TestPlaceholdersAreClearlyExamples(t *testing.T) {
	placeholder := regexp.MustCompile(`Placeholder(?:\(| *= *)"((?:[^"\\]|\\.)*)"`)
	looksLikeValue := func(p string) bool {
		if strings.HasPrefix(p, "e.g. ") || strings.Contains(p, "YYYY") {
			return false
		}
		first := []rune(p + " ")[0]
		return strings.ContainsAny(p, "0123456789£") || unicode.IsUpper(first)
	}
	found := 0
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for i, line := range strings.Split(string(data), "\n") {
			for _, m := range placeholder.FindAllStringSubmatch(line, -1) {
				found++
				if looksLikeValue(m[1]) {
					t.Errorf("%s:%d: the placeholder %q looks like a value: say \"e.g. %s\" (or make a real default a suggestion, kit.Suggest)", path, i+1, m[1], m[1])
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if found < 20 {
		t.Fatalf("found only %d placeholders: the pattern no longer matches how they are written", found)
	}
}
