package main

import (
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/adrg/xdg"

	"github.com/involve/involve/tui/kit"
)

func writeConfig(t *testing.T, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestConfigPathAndShow(t *testing.T) {
	p := filepath.Join(t.TempDir(), "none.toml")
	out, err := outCLI(t, "--config", p, "config", "path")
	if err != nil || out != p+"\n" {
		t.Fatalf("config path: %q, %v", out, err)
	}
	// QA of main: a --config naming no file quietly gave the standard
	// settings. It is refused; the usual place holding no file is no
	// matter.
	for _, verb := range [][]string{{"config", "show"}, {"version"}} {
		if _, err := outCLI(t, append([]string{"--config", p}, verb...)...); err == nil || err.Error() != "config file "+p+" does not exist (--config names it)" {
			t.Errorf("%s with --config naming no file: %v", verb, err)
		}
	}
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	xdg.Reload()
	t.Cleanup(xdg.Reload)
	out, err = outCLI(t, "config", "show")
	if err != nil || !strings.Contains(out, "(not there: these are the standard settings)") || !strings.Contains(out, `theme = "auto"`) {
		t.Fatalf("config show of no file in the usual place: %v\n%s", err, out)
	}

	good := writeConfig(t, "theme = \"dark\"\naccessible = true\n[keys]\n\"global.quit\" = [\"Q\"]\n")
	out, err = outCLI(t, "--config", good, "config", "show")
	if err != nil || !strings.Contains(out, `theme = "dark"`) || !strings.Contains(out, "accessible = true") || !strings.Contains(out, `"global.quit" = ["Q"]`) {
		t.Fatalf("config show: %v\n%s", err, out)
	}
	out, err = outCLI(t, "--config", good, "config", "show", "--keys")
	if err != nil || !regexp.MustCompile(`(?m)^global\.quit +Q +quit$`).MatchString(out) || !regexp.MustCompile(`(?m)^register\.attended +a +attended$`).MatchString(out) {
		t.Fatalf("config show --keys: %v\n%s", err, out)
	}
	if _, err := outCLI(t, "config", "show", "--markdown"); err == nil {
		t.Error("--markdown without --keys: no error")
	}
}

// A settings file with problems: each is named FILE:LINE: what, on
// standard error, and the standard settings are the ones in use.
func TestConfigShowNamesEveryProblem(t *testing.T) {
	bad := writeConfig(t, "theme = \"blue\"\n\n[keys]\n\"global.quitt\" = [\"x\"]\n\"register.attended\" = [\"c\"]\n\"global.help\" = \"escape\"\n")
	out, stderr, err := cli(t, "--config", bad, "config", "show")
	if err == nil || !strings.Contains(err.Error(), bad+" has 4 problems: the standard settings are in use") {
		t.Fatalf("err %v", err)
	}
	for _, want := range []string{
		bad + `:1: theme must be "auto", "light" or "dark" (got "blue")`,
		bad + `:4: "global.quitt" is not an action (did you mean global.quit?)`,
		bad + `:5: register.attended: "c" is already the key of register.confirmed`,
		bad + `:6: global.help: "escape": the key is called "esc"`,
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if !strings.Contains(out, "(not used: these are the standard settings)") || !strings.Contains(out, `theme = "auto"`) {
		t.Errorf("show printed:\n%s", out)
	}
	// A syntax error, with its line.
	broken := writeConfig(t, "theme = \"dark\"\naccessible = tru\n")
	_, stderr, err = cli(t, "--config", broken, "config", "show")
	if err == nil || !strings.HasPrefix(stderr, broken+":2: ") {
		t.Fatalf("a syntax error: %v\n%s", err, stderr)
	}
}

// stories show ends with the settings file's support message.
func TestStoriesShowUsesTheConfiguredSupportMessage(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "s.db")
	story := filepath.Join(dir, "hill.md")
	if err := os.WriteFile(story, []byte("---\ntitle: The hill\nstatus: approved\nconsent: given\nconsent_date: 2020-01-01\nuses: [forums]\n---\nWe climbed.\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := outCLI(t, "--db", db, "stories", "import", story); err != nil {
		t.Skipf("cannot import a story here: %v", err)
	}
	cfg := writeConfig(t, "[stories]\nsupport_message = \"Talk to Sam at the drop-in.\"\n")
	out, err := outCLI(t, "--db", db, "--config", cfg, "stories", "show", "the-hill", "--style", "plain")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "Talk to Sam at the drop-in.") {
		t.Fatalf("the configured support message is not shown:\n%s", out)
	}
}

var updateREADME = flag.Bool("update-readme", false, "rewrite README's key tables from the key map")

// README's key tables are the key map's: between <!-- keys:GROUP --> and
// <!-- /keys --> each holds `involve config show --keys --markdown`'s table
// for the group. After a change to the keys:
//
//	go test ./cmd/involve -run TestREADMEKeyTables -update-readme
func TestREADMEKeyTables(t *testing.T) {
	path := filepath.Join("..", "..", "README.md")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	km := kit.DefaultKeyMap()
	block := regexp.MustCompile(`(?s)<!-- keys:([a-z]+) -->\n(.*?)<!-- /keys -->`)
	seen := map[string]bool{}
	got := block.ReplaceAllStringFunc(string(data), func(m string) string {
		g := block.FindStringSubmatch(m)[1]
		seen[g] = true
		want := km.GroupTable(g)
		if !*updateREADME && block.FindStringSubmatch(m)[2] != want {
			t.Errorf("README's %s keys differ from the key map (go test ./cmd/involve -run TestREADMEKeyTables -update-readme rewrites them):\nREADME:\n%s\nkey map:\n%s",
				g, block.FindStringSubmatch(m)[2], want)
		}
		return "<!-- keys:" + g + " -->\n" + want + "<!-- /keys -->"
	})
	for _, g := range km.Groups() {
		if !seen[g] {
			t.Errorf("README has no table of the %s keys (<!-- keys:%s --> … <!-- /keys -->)", g, g)
		}
	}
	if *updateREADME && got != string(data) {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// And the markdown show prints is the same tables.
	out, err := outCLI(t, "config", "show", "--keys", "--markdown")
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range km.Groups() {
		if !strings.Contains(out, "**"+g+"**\n\n"+km.GroupTable(g)) {
			t.Errorf("config show --keys --markdown lacks the %s table", g)
		}
	}
}

// README's example settings file is one the program takes as it is.
func TestREADMEExampleSettings(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("(?s)## Configuration\n.*?```toml\n(.*?)```").FindSubmatch(data)
	if m == nil {
		t.Fatal("README's Configuration has no ```toml example")
	}
	p := writeConfig(t, string(m[1]))
	out, stderr, err := cli(t, "--config", p, "config", "show")
	if err != nil || stderr != "" {
		t.Fatalf("README's example is refused: %v\n%s", err, stderr)
	}
	for _, want := range []string{`theme = "dark"`, `"global.quit" = ["Q"]`, `"list.filter" = ["/", "ctrl+s"]`} {
		if !strings.Contains(out, want) {
			t.Errorf("show lacks %s:\n%s", want, out)
		}
	}
}
