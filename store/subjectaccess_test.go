package store

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

var updateSAR = flag.Bool("update", false, "rewrite the golden subject access export in testdata/")

// richestDemoPerson is the demo person with the most kinds of record held
// about them (ties go by name): the one whose export shows the most.
func richestDemoPerson(t testing.TB, s *Store) Person {
	t.Helper()
	ctx := context.Background()
	people, err := s.People(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var best Person
	most := -1
	for _, m := range people {
		sa, err := s.SubjectAccess(ctx, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		if n := len(sa.Sections); n > most {
			p, _ := s.Person(ctx, m.ID)
			best, most = p, n
		}
	}
	return best
}

// The subject access export of the demo's richest person, golden: every
// kind of record in plain English, other people's names redacted, the
// rights and how to complain. go test ./store -run TestSubjectAccessGolden -update
// rewrites it after a deliberate change.
func TestSubjectAccessGolden(t *testing.T) {
	s := openDemo(t, DemoPeople, 1)
	ctx := context.Background()
	p := richestDemoPerson(t, s)
	sa, err := s.SubjectAccess(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := sa.WriteMarkdown(&b); err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "subject-access-demo.md")
	if *updateSAR {
		os.MkdirAll("testdata", 0o755)
		if err := os.WriteFile(golden, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update to write it)", err)
	}
	if got := b.String(); got != string(want) {
		t.Errorf("the export of %s differs from %s (rerun with -update if that is meant):\n%s", p.Name, golden, firstDiff(string(want), got))
	}
	for _, w := range []string{"## Your details", "## Meetings you were invited to or came to", "## Your rights",
		"ico.org.uk/make-a-complaint", "Who it was shared with"} {
		if !strings.Contains(b.String(), w) {
			t.Errorf("the export does not say %q", w)
		}
	}
	var back SubjectAccess
	var j bytes.Buffer
	if err := sa.WriteJSON(&j); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(j.Bytes(), &back); err != nil || len(back.Sections) != len(sa.Sections) {
		t.Errorf("JSON: %v", err)
	}
}

func firstDiff(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(wl) || i < len(gl); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return "line " + strconv.Itoa(i+1) + ":\nwant " + w + "\n got " + g
		}
	}
	return ""
}

// The export of the person with every kind of record: each section, the
// transport firm they were shared with, money as pounds, their own story,
// and other people's names redacted where the text names them.
func TestSubjectAccessOfEveryKind(t *testing.T) {
	z := fullPerson(t)
	s, ctx := z.fx.s, z.fx.ctx
	held, _ := s.Meeting(ctx, z.fx.held.ID)
	held.Minutes += "\nZephy and Robert Brown ran the raffle; Ann Archer won. Hope Centre was warm.\n"
	if err := s.SaveMeeting(ctx, &held); err != nil {
		t.Fatal(err)
	}
	sa, err := s.SubjectAccess(ctx, z.id)
	if err != nil {
		t.Fatal(err)
	}
	keys := map[string]AccessSection{}
	for _, sec := range sa.Sections {
		keys[sec.Key] = sec
	}
	for _, d := range Registry() {
		if _, ok := keys[d.Key]; !ok && !d.Staff {
			t.Errorf("no section for %s", d.Key)
		}
	}
	var b bytes.Buffer
	sa.WriteMarkdown(&b)
	md := b.String()
	for _, w := range []string{
		"Amber Cars: your first name, pickup address and postcode, and vehicle needs",
		"| £2.50 |", "Obsidianquay harbour lights", "41 Gorsemoor Crescent", "Notemarker-alpha",
		"Zephy and \\[someone else\\] ran the raffle; \\[someone else\\] won. Hope Centre was warm.",
		"Zephyrine Quillfeather chaired and welcomed everyone.",
		// Equality monitoring answers in words, with her own.
		"**Ethnic group:** Any other White background: Eqmarker-sigma",
		"**Religion:** Any other religion: Faithmarker-upsilon",
		"Quotemarker-phi, Fridays are hard", "Cotrainmarker-psi", "Linkedtitle-chi", "Titlemarker-tau",
		"co-delivering training: Recovery in practice, 2026-03-12",
		"Zephy was brilliant.", "Zephy thanked the forum",
	} {
		if !strings.Contains(md, w) {
			t.Errorf("the export does not say %q", w)
		}
	}
	if strings.Contains(md, "Robert Brown") || strings.Contains(md, "Ann Archer") {
		t.Error("another person's name is in the export")
	}
}

func TestRedactor(t *testing.T) {
	s := recOpen(t)
	ctx := context.Background()
	var me Person
	for _, p := range []Person{{Name: "Mary O'Connor", PreferredName: "Mo"}, {Name: "Sam Jones"}, {Name: "Will Smith"}, {Name: "Ann Lee"}} {
		p := p
		if err := s.SavePerson(ctx, &p, nil); err != nil {
			t.Fatal(err)
		}
		if p.Name == "Ann Lee" {
			me = p
		}
	}
	sub, _, _ := loadSubject(ctx, s.db, me.ID)
	r := &redactor{q: s.db, ctx: ctx, sub: sub}
	for in, want := range map[string]string{
		"Mary O'Connor and Mo came":  "[someone else] and [someone else] came",
		"Sam said we will ask Will":  "[someone else] said we will ask [someone else]",
		"Ann Lee chaired; Sam Jones": "Ann Lee chaired; [someone else]",
		"the sam jones files":        "the sam jones files",
		"Hope and Samuel":            "Hope and Samuel",
	} {
		got, err := r.redact(in)
		if err != nil || got != want {
			t.Errorf("redact(%q) = %q, want %q", in, got, want)
		}
	}
}
