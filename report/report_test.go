package report

import (
	"bytes"
	"context"
	"flag"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/involve/involve/store"
)

var update = flag.Bool("update", false, "rewrite the golden report in testdata")

// demoNow is the moment the test demo is built around: its meetings are
// held over the eight months before it, in the financial year 2025-26.
var demoNow = time.Date(2026, 3, 20, 10, 30, 0, 0, time.UTC)

// tempDirs are the folders the test databases were made in, removed at
// the end.
var tempDirs []string

var demoPath = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "involve-report-")
	if err != nil {
		return "", err
	}
	tempDirs = append(tempDirs, dir)
	path := filepath.Join(dir, "demo.db")
	return path, store.WriteDemoAt(context.Background(), path, store.DemoPeople, 1, demoNow)
})

func TestMain(m *testing.M) {
	code := m.Run()
	for _, dir := range tempDirs {
		os.RemoveAll(dir)
	}
	os.Exit(code)
}

// openDemo opens the test demo with its fixed clock.
func openDemo(t testing.TB) *store.Store {
	t.Helper()
	path, err := demoPath()
	if err != nil {
		t.Fatal(err)
	}
	s, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	s.SetClock(func() time.Time { return demoNow })
	t.Cleanup(func() { s.Close() })
	return s
}

func demoYear(t testing.TB) (*store.Store, Options) {
	s := openDemo(t)
	from, to, err := store.FinancialYear("2025-26")
	if err != nil {
		t.Fatal(err)
	}
	return s, Options{From: from, To: to, Year: "2025-26"}
}

func markdown(t testing.TB, d Doc) string {
	t.Helper()
	var b bytes.Buffer
	if err := d.WriteMarkdown(&b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test ./report -run %s -update makes it)", err, t.Name())
	}
	if string(want) != got {
		wl, gl := strings.Split(string(want), "\n"), strings.Split(got, "\n")
		for i := range max(len(wl), len(gl)) {
			var w, g string
			if i < len(wl) {
				w = wl[i]
			}
			if i < len(gl) {
				g = gl[i]
			}
			if w != g {
				t.Fatalf("%s differs from the report at line %d (-update rewrites it after a deliberate change):\nwant %q\ngot  %q", path, i+1, w, g)
			}
		}
	}
}

// The annual report of the demo, as markdown, is the one in testdata.
func TestGoldenMarkdown(t *testing.T) {
	s, o := demoYear(t)
	d, err := Load(context.Background(), s, o)
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "annual-demo-2025-26.md", markdown(t, d))
}

// Nothing in the report names a person: no one's name, preferred name,
// surname, phone or email appears in it.
func TestReportNamesNobody(t *testing.T) {
	s, o := demoYear(t)
	d, err := Load(context.Background(), s, o)
	if err != nil {
		t.Fatal(err)
	}
	md := markdown(t, d)
	people, err := s.People(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range people {
		full, err := s.Person(context.Background(), p.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range append(strings.Fields(full.Name), full.PreferredName, full.Phone, full.Email) {
			if len(w) < 4 {
				continue // initials, "Jo": too short to tell a name from a word
			}
			if regexp.MustCompile(`\b` + regexp.QuoteMeta(w) + `\b`).MatchString(md) {
				t.Errorf("the report holds %q, part of %s's details", w, p.ID)
			}
		}
	}
}

// The report's money is the expenses report's and the ledger's, to the
// penny, as printed.
func TestReportMoneyAsPrinted(t *testing.T) {
	s, o := demoYear(t)
	ctx := context.Background()
	d, err := Load(ctx, s, o)
	if err != nil {
		t.Fatal(err)
	}
	md := markdown(t, d)
	exp, err := s.ExpensesReport(ctx, o.From.String(), o.To.String(), "")
	if err != nil {
		t.Fatal(err)
	}
	var expMD bytes.Buffer
	if err := exp.WriteMarkdown(&expMD); err != nil {
		t.Fatal(err)
	}
	total := "| **All expenses** | **" + exp.All.Claimed.String() + "** | **" + exp.All.Approved.String() + "** | **" +
		exp.All.Paid.String() + "** | **" + exp.All.Total.String() + "** |"
	if !strings.Contains(md, total) {
		t.Errorf("the report's expenses total line is not %q", total)
	}
	if !strings.Contains(expMD.String(), "Total "+exp.All.Total.String()+":") {
		t.Errorf("the expenses report's headline does not say %s", exp.All.Total)
	}
	pay, err := s.PaymentTotals(ctx, o.From, o.To)
	if err != nil {
		t.Fatal(err)
	}
	line := "| All payments | " + pay.Paid.String() + " | " + pay.Due.String() + " | " + pay.Received().String() + " |"
	if !strings.Contains(md, line) {
		t.Errorf("the report's payments total line does not begin %q", line)
	}
}

var publishedCount = regexp.MustCompile(`^(0|[1-9][0-9]*[05]|\*|\[c\]|—)$`)

// Every count of people the report shows is 0, a multiple of 5, or hidden,
// for random figures, and no average is worked out from 1 to 7 people.
func TestCountsOfPeopleProtected(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 3))
	for range 300 {
		a := randomAnnual(rng)
		d, err := Build(a, Options{})
		if err != nil {
			t.Fatal(err)
		}
		for _, sec := range d.Sections {
			for _, b := range sec.Blocks {
				if b.Table == nil {
					continue
				}
				for j, h := range b.Table.Head {
					if !describesPeople(h) {
						continue
					}
					for _, r := range append(b.Table.Rows, b.Table.Total) {
						if j < len(r) && r[j] != "" && !publishedCount.MatchString(r[j]) {
							t.Fatalf("%s: %q shows %q", sec.Heading, h, r[j])
						}
					}
				}
			}
		}
		md := strings.NewReplacer(`\*`, "*", `\[`, "[", `\]`, "]").Replace(markdown(t, d))
		// The figures in the attendance sentence are published ones.
		m := regexp.MustCompile(`(\S+) people came to at least one meeting, (\S+) times in all: on average each came to (\S+) meetings. (\S+) people joined`).FindStringSubmatch(md)
		if m == nil {
			if a.People == 0 && strings.Contains(md, "Nobody came to a meeting in the year.") {
				continue
			}
			t.Fatalf("no attendance sentence in\n%s", md)
		}
		for _, f := range []string{m[1], m[2], m[4]} {
			if !publishedCount.MatchString(f) {
				t.Fatalf("attendance sentence shows %q", f)
			}
		}
		if m[1] == "*" && m[3] != "*" {
			t.Fatalf("an average of 1 to 7 people: %s", m[0])
		}
	}
}

func describesPeople(head string) bool {
	for _, w := range []string{"People", "Attendances", "Joined", "Visits", "Learners taught"} {
		if strings.Contains(head, w) {
			return true
		}
	}
	return false
}

func randomAnnual(rng *rand.Rand) store.Annual {
	n := func() int {
		if rng.IntN(3) == 0 {
			return rng.IntN(8)
		}
		return rng.IntN(200)
	}
	a := store.Annual{}
	a.From, a.To, _ = store.FinancialYear("2026-27")
	for i := range rng.IntN(6) {
		a.Forums = append(a.Forums, store.AnnualForum{Name: "Forum " + string(rune('A'+i)), Held: rng.IntN(12), People: n(), Attendances: n(),
			NewMembers: n(), OfficerVisits: n()})
	}
	for _, r := range store.Roles {
		x := store.AnnualRole{Role: r, People: n(), Attendances: n()}
		a.Roles = append(a.Roles, x)
		a.People += x.People
		a.Attendances += x.Attendances
	}
	for m := a.From; !m.After(a.To); m = m.AddMonths(1) {
		a.Months = append(a.Months, store.AnnualMonth{Start: m, Attendances: n()})
	}
	a.NewMembers, a.Journeys, a.JourneyPeople, a.ExpensePeople = n(), n(), n(), n()
	a.Payments.People = n()
	return a
}

func html(t testing.TB, d Doc) string {
	t.Helper()
	var b bytes.Buffer
	if err := d.WriteHTML(&b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// The HTML is one self-contained file: nothing fetched from elsewhere,
// every text escaped, a chart drawn as SVG for each chart, and print
// styles.
func TestHTML(t *testing.T) {
	s, o := demoYear(t)
	d, err := Load(context.Background(), s, o)
	if err != nil {
		t.Fatal(err)
	}
	page := html(t, d)
	if !strings.HasPrefix(page, "<!DOCTYPE html>") || !strings.Contains(page, "<title>Annual involvement report 2025-26</title>") {
		t.Errorf("not a page: %.200s", page)
	}
	if n := strings.Count(page, "<svg"); n != 3 {
		t.Errorf("%d charts drawn, want 3 (attendance by month, money by category, reach against reference)", n)
	}
	for _, external := range []string{"src=", "href=", "url(http", "@import", "<script", "<link"} {
		if strings.Contains(page, external) {
			t.Errorf("the page refers to something outside itself: %q", external)
		}
	}
	for _, print := range []string{"@media print", "@page", "break-inside: avoid"} {
		if !strings.Contains(page, print) {
			t.Errorf("no print style %q", print)
		}
	}
	if !strings.Contains(page, "<td class=\"n\">£503.22</td>") {
		t.Errorf("the expenses total is not in a figures cell")
	}

	// Text from the database is escaped.
	a := randomAnnual(rand.New(rand.NewPCG(1, 1)))
	a.Forums = append(a.Forums, store.AnnualForum{Name: `<script>alert("x")</script> & <b>Co</b>`, Held: 1})
	d, err = Build(a, Options{})
	if err != nil {
		t.Fatal(err)
	}
	page = html(t, d)
	if strings.Contains(page, "<script>") || strings.Contains(page, "<b>Co") || !strings.Contains(page, "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &lt;b&gt;Co&lt;/b&gt;") {
		t.Errorf("a forum's name is not escaped")
	}
}

// The PDF opens: a PDF header and trailer, its pages counted, and where
// poppler-utils is installed, its text read back by pdftotext with the
// figures the markdown has.
func TestPDF(t *testing.T) {
	s, o := demoYear(t)
	d, err := Load(context.Background(), s, o)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := d.WritePDF(&b, demoNow); err != nil {
		t.Fatal(err)
	}
	data := b.Bytes()
	if !bytes.HasPrefix(data, []byte("%PDF-1.")) || !bytes.Contains(data[len(data)-64:], []byte("%%EOF")) {
		t.Fatalf("not a PDF: %.20q … %q", data, data[max(0, len(data)-40):])
	}
	pages := regexp.MustCompile(`/Type /Pages\s*/Kids \[[^\]]*\]\s*/Count (\d+)`).FindSubmatch(data)
	if n, _ := strconv.Atoi(string(pages[1])); pages == nil || n < 2 {
		t.Errorf("page count: %q", pages)
	}
	if n := bytes.Count(data, []byte("/Subtype /Image")); n != 3 {
		t.Errorf("%d images, want the 3 charts", n)
	}
	tool, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext is not installed (apt-get install poppler-utils): the PDF's text is not read back")
	}
	path := filepath.Join(t.TempDir(), "annual.pdf")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(tool, "-layout", path, "-").CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext: %v\n%s", err, out)
	}
	text := string(out)
	exp, err := s.ExpensesReport(context.Background(), o.From.String(), o.To.String(), "")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Annual involvement report 2025-26", "1 April 2025 to 31 March 2026", "Forums and meetings",
		"Attendance", "Support to take part", "Carers' Voice", exp.All.Total.String(), "Page 1 of " + string(pages[1]), "NHS Digital's rule"} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF's text has no %q", want)
		}
	}
}

func TestTextBars(t *testing.T) {
	c := &Chart{Series: []string{"Attendances"}, Bars: []Bar{
		{Label: "Apr 26", Values: []float64{40}, Text: []string{"40"}, Shown: []bool{true}},
		{Label: "May 26", Values: []float64{0}, Text: []string{"*"}, Shown: []bool{false}},
		{Label: "Jun 26", Values: []float64{10}, Text: []string{"10"}, Shown: []bool{true}},
	}}
	want := "Apr 26 ████████ 40\nMay 26  *\nJun 26 ██ 10\n"
	if got := TextBars(c, 8); got != want {
		t.Errorf("TextBars =\n%s\nwant\n%s", got, want)
	}
	if got := TextBars(c, 0); got != "Apr 26: 40\nMay 26: *\nJun 26: 10\n" {
		t.Errorf("TextBars with no bars =\n%s", got)
	}
	c.Bars[2].Values[0] = 15 // 3 cells of 8: eighths for the part cell
	if got := strings.Split(TextBars(c, 8), "\n")[2]; got != "Jun 26 ███ 10" {
		t.Errorf("three cells: %q", got)
	}
	c.Bars[2].Values[0] = 11 // 2.2 cells: two and a quarter block (▎ = 2/8)
	if got := strings.Split(TextBars(c, 8), "\n")[2]; got != "Jun 26 ██▎ 10" {
		t.Errorf("part of a cell: %q", got)
	}
}
