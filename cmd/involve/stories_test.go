package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	xansi "github.com/charmbracelet/x/ansi"

	"github.com/involve/involve/render"
)

// stFolder writes a folder of stories: one readable at forums, one whose
// consent is withdrawn, one embargoed, one expired, one a draft, one
// agreed for print only.
func stFolder(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	today := time.Now().In(time.UTC)
	past := today.AddDate(-1, 0, 0).Format("2006-01-02")
	future := today.AddDate(1, 0, 0).Format("2006-01-02")
	yesterday := today.AddDate(0, 0, -2).Format("2006-01-02")
	files := map[string]string{
		"ready.md": "---\ntitle: Ready to read\nslug: ready\ncontent_notes: [overdose]\nstatus: approved\nnaming: first_name_area\n" +
			"author: Sam Teller\nauthor_area: Northfield\nconsent: given\nconsent_date: " + past + "\nuses: [forums, print]\n---\n" +
			"## The climb\n\nIt was a *long* road, and I am still on it.\n\n<script>evil()</script> &#27;[2J\x1b]0;owned\x07\n",
		"withdrawn.md": "---\ntitle: Withdrawn one\nslug: withdrawn\nstatus: approved\nconsent: withdrawn\nconsent_date: " + yesterday +
			"\nuses: [forums]\n---\nSecret words.\n",
		"embargoed.md": "---\ntitle: Embargoed one\nslug: embargoed\nstatus: approved\nconsent: given\nconsent_date: " + past +
			"\nuses: [forums]\nembargo: " + future + "\n---\nNot yet.\n",
		"expired.md": "---\ntitle: Expired one\nslug: expired\nstatus: published\nconsent: given\nconsent_date: " + past +
			"\nuses: [forums]\nexpires: " + yesterday + "\n---\nToo late.\n",
		"draft.md": "---\ntitle: Draft one\nslug: draft\nconsent: given\nconsent_date: " + past + "\nuses: [forums]\n---\nDraft.\n",
		"sub/print.md": "---\ntitle: Print only\nslug: print-only\nstatus: approved\nconsent: given\nconsent_date: " + past +
			"\nuses: [print]\n---\nOn paper.\n",
	}
	for name, content := range files {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o700)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestStoriesCLI(t *testing.T) {
	db := filepath.Join(t.TempDir(), "involve.db")
	dir := stFolder(t)
	out, err := outCLI(t, "--db", db, "stories", "import", dir)
	if err != nil || !strings.Contains(out, "imported 6 stories") {
		t.Fatalf("import: %q, %v", out, err)
	}

	// list: only what may be read at forums; --all marks the rest.
	out, err = outCLI(t, "--db", db, "stories", "list")
	if err != nil || !strings.Contains(out, "ready") || strings.Contains(out, "withdrawn") || strings.Count(out, "\n") != 2 {
		t.Errorf("list:\n%s%v", out, err)
	}
	out, err = outCLI(t, "--db", db, "stories", "list", "--all")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"ready ", "yes", "withdrawn ", "NO: consent was withdrawn on", "NO: it is embargoed until",
		"NO: consent expired on", "NO: it is a draft", "NO: the author has not agreed to its use at forums"} {
		if !strings.Contains(out, want) {
			t.Errorf("list --all lacks %q:\n%s", want, out)
		}
	}
	out, err = outCLI(t, "--db", db, "stories", "list", "--use", "print")
	if err != nil || !strings.Contains(out, "print-only") || !strings.Contains(out, "ready") || strings.Count(out, "\n") != 3 {
		t.Errorf("list --use print:\n%s%v", out, err)
	}
	out, err = outCLI(t, "--db", db, "stories", "list", "--all", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var list []storyJSON
	if err := json.Unmarshal([]byte(out), &list); err != nil || len(list) != 6 {
		t.Fatalf("list --json: %v\n%s", err, out)
	}
	for _, st := range list {
		if (st.Slug == "ready") != st.Shown || (!st.Shown && st.NotShownWhy == "") {
			t.Errorf("%s: shown %v %q", st.Slug, st.Shown, st.NotShownWhy)
		}
		if st.Slug == "ready" && (st.Byline != "Sam, Northfield" || st.Words == 0 || st.ReadingMinutes != 1) {
			t.Errorf("ready: %+v", st)
		}
	}
	if out, _ := outCLI(t, "--db", db, "stories", "list", "--json"); !strings.HasPrefix(out, "[") || strings.Count(out, `"slug"`) != 1 {
		t.Errorf("list --json: %s", out)
	}

	// show: a pager-like page, nothing but SGR, the support message last.
	out, err = outCLI(t, "--db", db, "stories", "show", "ready", "--style", "dark", "--width", "60")
	if err != nil {
		t.Fatal(err)
	}
	if err := render.OnlySGR(out); err != nil {
		t.Errorf("show leaks: %v", err)
	}
	plain := xansi.Strip(out)
	order := []string{"Ready to read", "by Sam, Northfield", "Content notes: overdose", "The climb", "long road", "Samaritans"}
	last := -1
	for _, w := range order {
		i := strings.Index(plain, w)
		if i < last {
			t.Errorf("%q missing or out of order in:\n%s", w, plain)
		}
		last = i
	}
	for _, l := range strings.Split(plain, "\n") {
		if xansi.StringWidth(l) > 60 {
			t.Errorf("line wider than 60: %q", l)
		}
	}
	if strings.Contains(plain, "evil") || strings.Contains(plain, "owned\a") {
		t.Errorf("raw HTML or OSC shown:\n%s", plain)
	}
	again, _ := outCLI(t, "--db", db, "stories", "show", "ready", "--style", "dark", "--width", "60")
	if again != out {
		t.Error("the cached page differs from the first")
	}
	// Not a terminal: notty by default; plain has no escapes at all.
	for _, style := range []string{"", "plain", "light"} {
		args := []string{"--db", db, "stories", "show", "ready"}
		if style != "" {
			args = append(args, "--style", style)
		}
		out, err := outCLI(t, args...)
		if err != nil || (style != "light" && strings.Contains(out, "\x1b")) || !strings.Contains(out, "Samaritans") {
			t.Errorf("show --style %q: %v\n%q", style, err, out)
		}
	}

	// Refused, with the reason.
	for slug, why := range map[string]string{
		"withdrawn": "consent was withdrawn on", "embargoed": "embargoed until", "expired": "consent expired on",
		"draft": "draft", "print-only": "not agreed to its use at forums",
	} {
		out, err := outCLI(t, "--db", db, "stories", "show", slug)
		if err == nil || !strings.Contains(err.Error(), "may not be shown: ") || !strings.Contains(err.Error(), why) || out != "" {
			t.Errorf("show %s: %q, %v; want refusal with %q", slug, out, err, why)
		}
	}
	if _, err := outCLI(t, "--db", db, "stories", "show", "nope"); err == nil || !strings.Contains(err.Error(), "no story") {
		t.Errorf("show a missing story: %v", err)
	}
	for _, args := range [][]string{{"--width", "5"}, {"--style", "pink"}} {
		if _, err := outCLI(t, append([]string{"--db", db, "stories", "show", "ready"}, args...)...); err == nil {
			t.Errorf("show %v: no error", args)
		}
	}

	// Withdrawing takes effect at once: show refuses, list leaves it out.
	out, err = outCLI(t, "--db", db, "stories", "withdraw", "ready")
	if err != nil || !strings.Contains(out, "withdrawn") {
		t.Fatalf("withdraw: %q %v", out, err)
	}
	if _, err := outCLI(t, "--db", db, "stories", "show", "ready", "--style", "dark", "--width", "60"); err == nil ||
		!strings.Contains(err.Error(), "consent was withdrawn") {
		t.Errorf("show after withdrawal: %v", err)
	}
	if out, _ := outCLI(t, "--db", db, "stories", "list"); !strings.Contains(out, "No story may be shown") {
		t.Errorf("list after withdrawal:\n%s", out)
	}

	// export, then import into an empty database.
	exp := filepath.Join(t.TempDir(), "out")
	out, err = outCLI(t, "--db", db, "stories", "export", exp)
	if err != nil || !strings.Contains(out, "exported 6 stories") {
		t.Fatalf("export: %q %v", out, err)
	}
	db2 := filepath.Join(t.TempDir(), "again.db")
	if out, err := outCLI(t, "--db", db2, "stories", "import", exp); err != nil || !strings.Contains(out, "imported 6 stories") {
		t.Fatalf("re-import: %q %v", out, err)
	}
	a, _ := outCLI(t, "--db", db, "stories", "list", "--all", "--json")
	b, _ := outCLI(t, "--db", db2, "stories", "list", "--all", "--json")
	if stripVersions(a) != stripVersions(b) {
		t.Errorf("the re-imported library differs:\n%s\n%s", a, b)
	}

	// Erasing needs --yes, then the story is gone from every list.
	if _, err := outCLI(t, "--db", db2, "stories", "erase", "ready"); err == nil || !strings.Contains(err.Error(), "add --yes") {
		t.Errorf("erase without --yes: %v", err)
	}
	if out, err := outCLI(t, "--db", db2, "stories", "erase", "ready", "--yes"); err != nil || !strings.Contains(out, "erased") {
		t.Fatalf("erase: %q %v", out, err)
	}
	if out, _ := outCLI(t, "--db", db2, "stories", "list", "--all"); strings.Contains(out, "ready") {
		t.Errorf("an erased story is still listed:\n%s", out)
	}
}

// stripVersions drops the version numbers of a list --json (a re-import
// starts every story at version 1).
func stripVersions(s string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if !strings.Contains(l, `"version":`) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

func TestStoriesImportErrorsCLI(t *testing.T) {
	db := filepath.Join(t.TempDir(), "involve.db")
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "bad.md"), []byte("---\ntitle: x\nconsent: sure\n---\n"), 0o600)
	os.WriteFile(filepath.Join(dir, "good.md"), []byte("---\ntitle: y\n---\n"), 0o600)
	_, err := outCLI(t, "--db", db, "stories", "import", dir)
	want := fmt.Sprintf("%s:3: consent: unknown consent %q", filepath.Join(dir, "bad.md"), "sure")
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("import: %v, want %s", err, want)
	}
	if out, _ := outCLI(t, "--db", db, "stories", "list", "--all"); !strings.Contains(out, "no stories yet") {
		t.Errorf("a failed import imported something:\n%s", out)
	}
}

// TestStoriesShowBinary runs the real binary: a refused story exits
// non-zero with the reason on standard error and nothing on standard
// output; a shown one prints the page.
func TestStoriesShowBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	sb := newSandbox(t)
	db := sb.path("involve.db")
	sb.mustRun(t, "--db", db, "stories", "import", stFolder(t))
	r := sb.run(t, "--db", db, "stories", "show", "withdrawn")
	if r.code == 0 || r.stdout != "" || !strings.Contains(r.stderr, "involve: “Withdrawn one” may not be shown: consent was withdrawn on") {
		t.Errorf("show withdrawn: exit %d\nstdout %q\nstderr %q", r.code, r.stdout, r.stderr)
	}
	r = sb.mustRun(t, "--db", db, "stories", "show", "ready", "--width", "70")
	if !strings.Contains(r.stdout, "Samaritans") || strings.Contains(r.stdout, "\x1b") {
		t.Errorf("show ready (not a terminal: notty):\n%s", r.stdout)
	}
}
