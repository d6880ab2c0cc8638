package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/involve/involve/internal/testtime"
)

// cli runs involve in-process with args, as main does (errors are
// printed to stderr, and returned).
func cli(t *testing.T, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errb bytes.Buffer
	root := newRoot(&out, &errb)
	root.SetArgs(args)
	err = execute(context.Background(), root)
	return out.String(), errb.String(), err
}

// outCLI is cli for the tests that look only at standard output.
func outCLI(t *testing.T, args ...string) (string, error) {
	t.Helper()
	out, _, err := cli(t, args...)
	return out, err
}

// Mistakes on the command line are answered in plain words, with how the
// command is used, before anything is opened or written.
func TestCommandLineMistakesInPlainWords(t *testing.T) {
	db := filepath.Join(t.TempDir(), "never.db")
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"stories", "show"}, "wrong number of arguments (got 0); usage: involve stories show ID|SLUG"},
		{[]string{"stories", "show", "a", "b"}, "wrong number of arguments (got 2); usage: involve stories show ID|SLUG"},
		{[]string{"stories", "show", "a", "--width", "abc"}, `--width: "abc" is not a whole number (usage: involve stories show ID|SLUG`},
		{[]string{"stories", "list", "--json=maybe"}, `--json: "maybe" is not true or false (usage: involve stories list`},
		{[]string{"stories", "show", "a", "--nope"}, "unknown flag: --nope (usage: involve stories show"},
		{[]string{"stories", "list", "extra"}, `"stories list" takes no arguments (got "extra")`},
		{[]string{"stories", "frob"}, `unknown command "frob" for "involve stories" (see involve stories --help)`},
		{[]string{"frob"}, `unknown command "frob" for "involve" (see involve --help)`},
	}
	for _, tc := range cases {
		out, _, err := cli(t, append([]string{"--db", db}, tc.args...)...)
		if err == nil || err.Error() == "" {
			t.Errorf("%q: no error", tc.args)
			continue
		}
		if got := err.Error(); !strings.Contains(got, tc.want) {
			t.Errorf("%q:\n got %s\nwant %s", tc.args, got, tc.want)
		}
		if out != "" {
			t.Errorf("%q printed %q", tc.args, out)
		}
	}
	if made, _ := filepath.Glob(db + "*"); len(made) > 0 {
		t.Errorf("a mistaken command made %v", made)
	}
}

// A people import that fails leaves no database behind when it made one
// (a mistyped --db), and a file that cannot be read is named in plain words.
func TestFailedImportLeavesNoNewDatabase(t *testing.T) {
	dir := t.TempDir()
	csv := filepath.Join(dir, "people.csv")
	if err := os.WriteFile(csv, []byte("name,role\nSam,volunteer\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "typo.db")
	_, _, err := cli(t, "--db", db, "import", "people", csv)
	if err == nil || !strings.Contains(err.Error(), "people.csv:2: role") {
		t.Fatalf("import: %v", err)
	}
	if made, _ := filepath.Glob(db + "*"); len(made) > 0 {
		t.Errorf("a failed import into a new database left %v", made)
	}
	_, _, err = cli(t, "--db", db, "import", "people", filepath.Join(dir, "nope.csv"))
	if err == nil || err.Error() != "cannot read "+filepath.Join(dir, "nope.csv")+": there is no such file or folder" {
		t.Errorf("a missing file: %v", err)
	}
}

// -o never writes over the database, SQLite's files beside it, or any
// other database file.
func TestOutputNeverReplacesADatabase(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "involve.db")
	if _, _, err := cli(t, "demo", db); err != nil {
		t.Fatal(err)
	}
	other := filepath.Join(dir, "other.db")
	if _, _, err := cli(t, "demo", other); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(db)
	for _, target := range []string{db, other} {
		_, _, err := cli(t, "--db", db, "export", "--json", "-o", target)
		if err == nil || !strings.Contains(err.Error(), "write the output to another file") {
			t.Errorf("-o %s: %v", filepath.Base(target), err)
		}
	}
	if after, _ := os.ReadFile(db); !bytes.Equal(before, after) {
		t.Error("the database changed")
	}
	if _, _, err := cli(t, "--db", db, "check"); err != nil {
		t.Errorf("check after: %v", err)
	}
}

// startupGC lets the heap grow while the app starts, and puts the
// collector's setting back once the first screen has its data (a moment
// after, so that the first frame is drawn first); with GOGC set, it leaves
// it alone.
func TestStartupGC(t *testing.T) {
	percent := func() int {
		p := debug.SetGCPercent(100)
		debug.SetGCPercent(p)
		return p
	}
	t.Setenv("GOGC", "")
	was := debug.SetGCPercent(100)
	defer debug.SetGCPercent(was)
	loaded := startupGC()
	if p := percent(); p != 400 {
		t.Fatalf("while starting, GOGC is %d, want 400", p)
	}
	loaded()
	loaded()
	if !testtime.Until(t, func() bool { return percent() == 100 }) {
		t.Fatalf("GOGC is still %d once the first screen has its data, want 100 back", percent())
	}
	t.Setenv("GOGC", "50")
	startupGC()()
	if p := percent(); p != 100 {
		t.Errorf("with GOGC set, startupGC changed the setting to %d", p)
	}
}
