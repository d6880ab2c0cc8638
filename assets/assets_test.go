package assets

import (
	"io/fs"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestDemoListsParse(t *testing.T) {
	if _, err := parseDemo(); err != nil {
		t.Fatal(err)
	}
	checks := []struct {
		name string
		got  []string
		min  int
	}{
		{"first names", FirstNames(), 140},
		{"surnames", Surnames(), 140},
		{"venues", Venues(), 12},
		{"areas", Areas(), 25},
		{"action ideas", ActionIdeas(), 10},
	}
	for _, c := range checks {
		if len(c.got) < c.min {
			t.Errorf("%s: %d items, want at least %d", c.name, len(c.got), c.min)
		}
		seen := map[string]bool{}
		for _, s := range c.got {
			if seen[s] {
				t.Errorf("%s: %q twice", c.name, s)
			}
			seen[s] = true
			if !utf8.ValidString(s) || strings.ContainsFunc(s, unicode.IsControl) {
				t.Errorf("%s: %q is not clean text", c.name, s)
			}
		}
	}
	if n := len(Forums()); n < 6 {
		t.Errorf("%d forums, want at least 6", n)
	}
	for _, tp := range Topics() {
		if len(tp.Points) == 0 {
			t.Errorf("topic %q has no points", tp.Title)
		}
	}
	if len(YouSaidWeDid()) == 0 {
		t.Error("no you-said-we-did feedback")
	}
}

func TestDemoNamesAreDiverse(t *testing.T) {
	nonLatin := 0
	accented := 0
	for _, n := range append(FirstNames(), Surnames()...) {
		for _, r := range n {
			if r > 0x24f && unicode.IsLetter(r) {
				nonLatin++
				break
			}
			if r > 0x7f {
				accented++
				break
			}
		}
	}
	if nonLatin < 5 || accented < 10 {
		t.Errorf("want names in other scripts and with accents; got %d non-Latin, %d accented", nonLatin, accented)
	}
}

func TestDemoFilesSmall(t *testing.T) {
	total := 0
	err := fs.WalkDir(demoFS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := demoFS.ReadFile(p)
		total += len(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if total > 100<<10 {
		t.Errorf("demo assets are %d bytes; keep them under 100 KB", total)
	}
}

func TestCopiesAreIndependent(t *testing.T) {
	a := FirstNames()
	a[0] = "changed"
	if FirstNames()[0] == "changed" {
		t.Error("FirstNames shares its backing array")
	}
}

func TestNameGroups(t *testing.T) {
	gs := NameGroups()
	if len(gs) < 8 {
		t.Fatalf("%d name groups, want at least 8", len(gs))
	}
	firsts, lasts := 0, 0
	for _, g := range gs {
		firsts += len(g.FirstNames)
		lasts += len(g.Surnames)
		for _, list := range [][]string{g.FirstNames, g.Surnames} {
			for _, n := range list {
				if strings.HasPrefix(n, "[") {
					t.Errorf("group %s holds a heading %q", g.Group, n)
				}
			}
		}
	}
	if firsts != len(FirstNames()) || lasts != len(Surnames()) {
		t.Errorf("groups hold %d first names and %d surnames; the flat lists %d and %d",
			firsts, lasts, len(FirstNames()), len(Surnames()))
	}
}
