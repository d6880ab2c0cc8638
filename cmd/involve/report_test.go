package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReportAnnualVerb(t *testing.T) {
	db, err := demoOnce()
	if err != nil {
		t.Fatal(err)
	}
	out, err := outCLI(t, "--db", db, "report", "annual", "--from", "2020-01-01", "--to", "31/12/2040")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"# Annual involvement report\n", "*1 January 2020 to 31 December 2040*", "## Forums and meetings",
		"## Attendance", "```text", "## Support to take part", "| **All expenses** |", "## Stories", "Counts of people:"} {
		if !strings.Contains(out, want) {
			t.Errorf("the report has no %q", want)
		}
	}
	if hasControls(out) {
		t.Error("the printed report holds control characters")
	}

	path := filepath.Join(t.TempDir(), "annual.md")
	said, err := outCLI(t, "--db", db, "report", "annual", "--year", "2026/27", "-o", path)
	if err != nil {
		t.Fatal(err)
	}
	if want := "wrote the annual involvement report 2026-27 to " + path + "\n"; said != want {
		t.Errorf("said %q, want %q", said, want)
	}
	fi, err := os.Stat(path)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("the file: %v, %v", fi, err)
	}
	data, _ := os.ReadFile(path)
	if !strings.HasPrefix(string(data), "# Annual involvement report 2026-27\n\n*1 April 2026 to 31 March 2027*") {
		t.Errorf("the file begins %.80q", data)
	}

	page := filepath.Join(t.TempDir(), "annual.html")
	if _, err := outCLI(t, "--db", db, "report", "annual", "--year", "2026-27", "--format", "html", "-o", page); err != nil {
		t.Fatal(err)
	}
	data, _ = os.ReadFile(page)
	if !strings.HasPrefix(string(data), "<!DOCTYPE html>") || strings.Count(string(data), "<svg") != 3 {
		t.Errorf("the HTML report: %.100q, %d charts", data, strings.Count(string(data), "<svg"))
	}

	pdf := filepath.Join(t.TempDir(), "annual.pdf")
	if _, err := outCLI(t, "--db", db, "report", "annual", "--year", "2026-27", "--format", "pdf", "-o", pdf); err != nil {
		t.Fatal(err)
	}
	data, _ = os.ReadFile(pdf)
	if fi, err := os.Stat(pdf); err != nil || fi.Mode().Perm() != 0o600 || !strings.HasPrefix(string(data), "%PDF-") {
		t.Errorf("the PDF report: %v %v %.10q", fi, err, data)
	}

	for _, c := range []struct {
		args []string
		want string
	}{
		{nil, "say which year: --year 2026-27"},
		{[]string{"--year", "2026-28"}, "--year: \"2026-28\" is not a financial year"},
		{[]string{"--year", "2026-27", "--from", "2026-01-01"}, "either --year or --from and --to"},
		{[]string{"--from", "2026-02-01", "--to", "2026-01-01"}, "ends (2026-01-01) before it starts (2026-02-01)"},
		{[]string{"--from", "2026-02-30", "--to", "2026-03-01"}, "--from:"},
		{[]string{"--year", "2026-27", "--format", "docx"}, "--format must be md, html or pdf"},
		{[]string{"--year", "2026-27", "--format", "pdf"}, "a PDF is written to a file: add -o FILE.pdf"},
		{[]string{"--year", "2026-27", "-o", db}, "database"},
	} {
		_, err := outCLI(t, append([]string{"--db", db, "report", "annual"}, c.args...)...)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: %v, want %q", c.args, err, c.want)
		}
	}
}
