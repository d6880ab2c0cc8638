package store

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

func writeStoryFile(t testing.TB, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

const fullFront = `---
title: A long road
slug: a-long-road
summary: |-
  Fictional. Sam's journey
  from using to recovery.
themes: [recovery, family]
content_notes: [overdose, bereavement]
status: approved
author: Sam Taylor
author_area: Northfield
naming: first_name_area
consent: given
consent_date: 2026-01-05
consent_how: written
uses: [forums, print]
expires: 2028-01-05
embargo: 2026-02-01
text_approved: 2026-01-20
---
# A long road

It was *long*.
`

func TestImportStoriesReadsFrontMatter(t *testing.T) {
	s := recOpen(t)
	ctx := context.Background()
	dir := t.TempDir()
	writeStoryFile(t, dir, "a.md", fullFront)
	writeStoryFile(t, dir, "sub/b.MD", "---\ntitle: Second\n---\nBody two.\n")
	writeStoryFile(t, dir, "sub/notes.txt", "not a story")
	writeStoryFile(t, dir, ".hidden/c.md", "---\ntitle: Hidden\n---\n")
	writeStoryFile(t, dir, "plain-file.md", "No front matter here.\n\nJust text.\n")
	writeStoryFile(t, dir, "headed.md", "Intro\n\n## The real title\n\nText.\n")
	n, err := s.ImportStories(ctx, dir)
	if err != nil || n != 4 {
		t.Fatalf("ImportStories = %d, %v", n, err)
	}
	st, err := s.Story(ctx, "a-long-road")
	if err != nil {
		t.Fatal(err)
	}
	want := Story{Meta: st.Meta, Slug: "a-long-road", Title: "A long road", Summary: "Fictional. Sam's journey\nfrom using to recovery.",
		Body: "# A long road\n\nIt was *long*.\n", Themes: []string{"recovery", "family"}, ContentNotes: []string{"overdose", "bereavement"},
		Status: StoryApproved, AuthorName: "Sam Taylor", AuthorArea: "Northfield", Naming: NamingFirstArea, Consent: ConsentGiven,
		ConsentDate: "2026-01-05", ConsentHow: "written", Uses: []Use{UseForums, UsePrint}, Expires: "2028-01-05",
		Embargo: "2026-02-01", TextApproved: "2026-01-20"}
	if !reflect.DeepEqual(st, want) {
		t.Errorf("imported\n%+v\nwant\n%+v", st, want)
	}
	if st.Byline() != "Sam, Northfield" {
		t.Errorf("byline %q", st.Byline())
	}
	for slug, title := range map[string]string{"second": "Second", "plain-file": "Plain file", "the-real-title": "The real title"} {
		got, err := s.Story(ctx, slug)
		if err != nil || got.Title != title || got.Status != StoryDraft || got.Consent != ConsentNotAsked {
			t.Errorf("%s: %+v, %v", slug, got, err)
		}
	}
}

func TestImportStoriesErrors(t *testing.T) {
	s := recOpen(t)
	ctx := context.Background()
	saveStory(t, s, readyStory("Taken"))
	cases := []struct {
		name, content, want string
	}{
		{"bad-yaml.md", "---\ntitle: x\nthemes: [a, b\n---\n", "bad-yaml.md:3: did not find expected ',' or ']'"},
		{"bad-yaml2.md", "---\ntitle: x\nthemes: a\n  b: c\n---\n", "bad-yaml2.md:4: mapping values are not allowed"},
		{"bad-yaml3.md", "---\ntitle: x\nb: 2\n- x\n---\n", "bad-yaml3.md:4: did not find expected key"},
		{"bad-yaml4.md", "---\n- x\n---\n", "bad-yaml4.md:2: a list is not a set of keys"},
		{"unknown-key.md", "---\ntitle: x\n\ncolour: blue\n---\n", `unknown-key.md:4: unknown key "colour"`},
		{"consent.md", "---\ntitle: x\nslug: x\nconsent: yes\n---\n", `consent.md:4: consent: unknown consent "yes"`},
		{"status.md", "---\ntitle: x\nstatus: done\n---\n", `status.md:3: status: unknown status "done"`},
		{"uses.md", "---\ntitle: x\nuses: forums\n---\n", `uses.md:3: "forums" is not a list`},
		{"use.md", "---\ntitle: x\nuses: [forums, radio]\n---\n", `use.md:3: uses: unknown use "radio"`},
		{"title-list.md", "---\ntitle: [a, b]\n---\n", `title-list.md:2: a list is not a single value`},
		{"date.md", "---\ntitle: x\nexpires: 31/02/2026\n---\n", "date.md:3: expires:"},
		{"no-title.md", "---\nslug: x\n---\n", "no-title.md:1: the front matter needs a title"},
		{"unclosed.md", "---\ntitle: x\n", "unclosed.md:1: the front matter is not closed"},
		{"taken.md", "---\ntitle: x\nslug: taken\n---\n", `taken.md:3: slug: there is already a story with the slug "taken"`},
		{"utf8.md", "---\ntitle: x\n---\nline 4\nbad \xff byte\n", "utf8.md:5: the file is not UTF-8"},
		{"id.md", "---\nid: not-a-uuid\ntitle: x\n---\n", `id.md:2: id "not-a-uuid" is not a UUID`},
		{"person.md", "---\ntitle: x\nauthor_person: Nobody Here\n---\n", `person.md:3: author_person: there is no person`},
		{"slug.md", "---\ntitle: x\nslug: Bad Slug!\n---\n", `slug.md:3: slug: "bad slug!" is not a slug`},
	}
	for _, c := range cases {
		dir := t.TempDir()
		p := writeStoryFile(t, dir, c.name, c.content)
		n, err := s.ImportStories(ctx, p)
		if err == nil || n != 0 || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %d, %v; want an error with %q", c.name, n, err, c.want)
		}
	}
	// Duplicates within one import, and all or nothing.
	dir := t.TempDir()
	writeStoryFile(t, dir, "1.md", "---\ntitle: One\nslug: same\n---\n")
	writeStoryFile(t, dir, "2.md", "---\ntitle: Two\n\nslug: same\n---\n")
	writeStoryFile(t, dir, "3.md", "---\ntitle: Three\n---\n")
	n, err := s.ImportStories(ctx, dir)
	if err == nil || n != 0 || !strings.Contains(err.Error(), "2.md:4: slug \"same\" is used twice in this import (first at ") {
		t.Errorf("duplicate slugs: %d, %v", n, err)
	}
	if list, _ := s.Stories(ctx, StoryFilter{}); len(list) != 1 {
		t.Errorf("a failed import left %d stories", len(list))
	}
	// Several mistakes are reported at once.
	dir = t.TempDir()
	writeStoryFile(t, dir, "a.md", "---\ntitle: x\nconsent: maybe\n---\n")
	writeStoryFile(t, dir, "b.md", "---\ntitle: y\nnaming: nick\n---\n")
	_, err = s.ImportStories(ctx, dir)
	if err == nil || !strings.Contains(err.Error(), "a.md:3:") || !strings.Contains(err.Error(), "b.md:3:") {
		t.Errorf("several mistakes: %v", err)
	}
	if _, err := s.ImportStories(ctx, filepath.Join(dir, "missing")); err == nil || !strings.Contains(err.Error(), "no such file") {
		t.Errorf("missing path: %v", err)
	}
	if _, err := s.ImportStories(ctx, t.TempDir()); err == nil || !strings.Contains(err.Error(), "no markdown files") {
		t.Errorf("empty folder: %v", err)
	}
}

func TestImportGeneratedSlugsAvoidClaimedOnes(t *testing.T) {
	s := recOpen(t)
	ctx := context.Background()
	dir := t.TempDir()
	writeStoryFile(t, dir, "1.md", "---\ntitle: Hope\n---\nOne story of hope.\n")
	writeStoryFile(t, dir, "2.md", "---\ntitle: Other\nslug: hope\n---\n")
	writeStoryFile(t, dir, "3.md", "---\ntitle: Hope\n---\nAnother story of hope.\n")
	if n, err := s.ImportStories(ctx, dir); err != nil || n != 3 {
		t.Fatalf("%d, %v", n, err)
	}
	list, _ := s.Stories(ctx, StoryFilter{})
	var slugs []string
	for _, l := range list {
		slugs = append(slugs, l.Title+"="+l.Slug)
	}
	slices.Sort(slugs)
	if strings.Join(slugs, ",") != "Hope=hope-2,Hope=hope-3,Other=hope" {
		t.Errorf("slugs %v", slugs)
	}
}

// The same story imported again (same title and text, no id) is a mistake,
// against the database and within one import: nobody's story twice.
func TestImportRefusesTheSameStoryTwice(t *testing.T) {
	s := recOpen(t)
	ctx := context.Background()
	dir := t.TempDir()
	writeStoryFile(t, dir, "a.md", "---\ntitle: Good\n---\nThe text.\n")
	if _, err := s.ImportStories(ctx, dir); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ImportStories(ctx, dir); err == nil || !strings.Contains(err.Error(), "a.md:2: this story is in the database already, with the same title and text (good)") {
		t.Errorf("imported again: %v", err)
	}
	dir2 := t.TempDir()
	writeStoryFile(t, dir2, "x.md", "---\ntitle: New\n---\nText.\n")
	writeStoryFile(t, dir2, "y.md", "---\ntitle: New\n---\nText.\n")
	if _, err := s.ImportStories(ctx, dir2); err == nil || !strings.Contains(err.Error(), "y.md:2: this is the same story as") {
		t.Errorf("two copies in one import: %v", err)
	}
	if list, _ := s.Stories(ctx, StoryFilter{}); len(list) != 1 {
		t.Errorf("%d stories, want 1", len(list))
	}
}

func TestImportLinksAuthorPerson(t *testing.T) {
	s := recOpen(t)
	ctx := context.Background()
	p := Person{Name: "Jo Bloggs", Role: RoleCarer}
	if err := s.SavePerson(ctx, &p, nil); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	writeStoryFile(t, dir, "by-name.md", "---\ntitle: By name\nauthor_person: jo bloggs\nnaming: full_name\n---\n")
	writeStoryFile(t, dir, "by-id.md", "---\ntitle: By id\nauthor_person: "+p.ID+"\nnaming: first_name\n---\n")
	if _, err := s.ImportStories(ctx, dir); err != nil {
		t.Fatal(err)
	}
	for slug, byline := range map[string]string{"by-name": "Jo Bloggs", "by-id": "Jo"} {
		st, _ := s.Story(ctx, slug)
		if st.AuthorID != p.ID || st.Byline() != byline {
			t.Errorf("%s: author %q byline %q", slug, st.AuthorID, st.Byline())
		}
	}
	twin := Person{Name: "JO BLOGGS"}
	s.SavePerson(ctx, &twin, nil)
	dir = t.TempDir()
	writeStoryFile(t, dir, "x.md", "---\ntitle: X\nauthor_person: Jo Bloggs\n---\n")
	if _, err := s.ImportStories(ctx, dir); err == nil || !strings.Contains(err.Error(), "x.md:3: author_person: more than one person") {
		t.Errorf("ambiguous person: %v", err)
	}
}

// Issue 9, defect 12: author_person may be the name a person prefers, when
// only one person prefers it; when several do, the import says who they
// are and how to choose. A full name still wins over a preferred one.
func TestImportAuthorPersonByPreferredName(t *testing.T) {
	s := recOpen(t)
	ctx := context.Background()
	save := func(name, preferred string) Person {
		t.Helper()
		p := Person{Name: name, PreferredName: preferred}
		if err := s.SavePerson(ctx, &p, nil); err != nil {
			t.Fatal(err)
		}
		return p
	}
	mo := save("Maureen Okafor", "Mo")
	dir := t.TempDir()
	writeStoryFile(t, dir, "mo.md", "---\ntitle: By Mo\nauthor_person: mo\n---\n")
	if _, err := s.ImportStories(ctx, dir); err != nil {
		t.Fatal(err)
	}
	if st, _ := s.Story(ctx, "by-mo"); st.AuthorID != mo.ID {
		t.Errorf("linked to %q, want Mo (%s)", st.AuthorID, mo.ID)
	}

	save("Jo Smith", "Jo")
	save("Joanne Brown", "Jo")
	dir = t.TempDir()
	writeStoryFile(t, dir, "jo.md", "---\ntitle: By Jo\nauthor_person: Jo\n---\n")
	_, err := s.ImportStories(ctx, dir)
	want := `jo.md:3: author_person: "Jo" could be Jo Smith or Joanne Brown; use the full name or id`
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("ambiguous preferred name: %v\nwant %s", err, want)
	}
	// Someone whose full name is "Jo" is the one meant.
	jo := save("Jo", "")
	if _, err := s.ImportStories(ctx, dir); err != nil {
		t.Fatal(err)
	}
	if st, _ := s.Story(ctx, "by-jo"); st.AuthorID != jo.ID {
		t.Errorf("linked to %q, want the person called Jo (%s)", st.AuthorID, jo.ID)
	}
}

// An export from another database names a linked author by an id that is
// not here: the story comes in with the author's name, not linked, and the
// import says so. A name that finds nobody is still a mistake.
func TestImportKeepsTheNameOfAnAuthorFromElsewhere(t *testing.T) {
	s := recOpen(t)
	ctx := context.Background()
	p := Person{Name: "Jo Bloggs", Role: RoleCarer}
	if err := s.SavePerson(ctx, &p, nil); err != nil {
		t.Fatal(err)
	}
	st := readyStory("Linked")
	st.AuthorID, st.Naming = p.ID, NamingFull
	saveStory(t, s, st)
	out := filepath.Join(t.TempDir(), "export")
	if _, err := s.ExportStories(ctx, out); err != nil {
		t.Fatal(err)
	}
	s2 := recOpenPath(t, filepath.Join(t.TempDir(), "empty.db"))
	r, err := s2.ImportStoriesReport(ctx, out)
	if err != nil || r.Imported != 1 || r.Unlinked != 1 {
		t.Fatalf("import into an empty database: %+v, %v", r, err)
	}
	got, _ := s2.Story(ctx, "linked")
	if got.AuthorID != "" || got.Byline() != "Jo Bloggs" {
		t.Errorf("author %q, byline %q", got.AuthorID, got.Byline())
	}
	// Into the database the person is in, the link comes back.
	s3 := recOpenPath(t, filepath.Join(t.TempDir(), "again.db"))
	p3 := Person{Name: p.Name, Role: p.Role}
	if err := s3.SavePerson(ctx, &p3, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := s3.db.ExecContext(ctx, "UPDATE people SET id = ? WHERE id = ?", p.ID, p3.ID); err != nil {
		t.Fatal(err)
	}
	if r, err := s3.ImportStoriesReport(ctx, out); err != nil || r.Unlinked != 0 {
		t.Fatalf("import where the person is: %+v, %v", r, err)
	}
	if got, _ := s3.Story(ctx, "linked"); got.AuthorID != p.ID {
		t.Errorf("the link did not come back: %q", got.AuthorID)
	}
}

// TestExportImportRoundTrip exports stories and imports them into an
// empty database: the same stories come back, metadata and all.
func TestExportImportRoundTrip(t *testing.T) {
	s := recOpen(t)
	ctx := context.Background()
	dir := t.TempDir()
	writeStoryFile(t, dir, "a.md", fullFront)
	odd := readyStory("Odd: \"quotes\", 'apostrophes', #hash & yes: no")
	odd.Summary = "  Line one\nline two: with a colon\n- and a dash"
	odd.Body = "---\nlooks like front matter\n---\n\n\ttabbed\n\n\n  trailing spaces   \n\nno newline at the end"
	odd.Themes = []string{"yes", "no", "2026-01-01", "null", "~", "[x]"}
	odd.Pseudonym, odd.Naming = "Null", NamingPseudonym
	odd.Expires = "2027-01-01"
	saveStory(t, s, odd)
	bare := Story{Title: "Bare"}
	saveStory(t, s, bare)
	withdrawn := readyStory("Gone")
	withdrawn.Consent, withdrawn.ConsentDate = ConsentWithdrawn, "2026-03-01"
	saveStory(t, s, withdrawn)
	if _, err := s.ImportStories(ctx, dir); err != nil {
		t.Fatal(err)
	}
	before, _ := s.Stories(ctx, StoryFilter{})

	out := filepath.Join(t.TempDir(), "export")
	n, err := s.ExportStories(ctx, out)
	if err != nil || n != len(before) {
		t.Fatalf("ExportStories = %d, %v", n, err)
	}
	if fi, _ := os.Stat(out); fi.Mode().Perm() != 0o700 {
		t.Errorf("export folder mode %v", fi.Mode().Perm())
	}
	entries, _ := os.ReadDir(out)
	if len(entries) != n {
		t.Errorf("%d files for %d stories", len(entries), n)
	}
	for _, e := range entries {
		fi, _ := e.Info()
		if fi.Mode().Perm() != 0o600 || !strings.HasSuffix(e.Name(), ".md") {
			t.Errorf("%s: mode %v", e.Name(), fi.Mode().Perm())
		}
	}

	s2 := recOpenPath(t, filepath.Join(t.TempDir(), "empty.db"))
	if m, err := s2.ImportStories(ctx, out); err != nil || m != n {
		t.Fatalf("re-import: %d, %v", m, err)
	}
	after, _ := s2.Stories(ctx, StoryFilter{})
	if len(after) != len(before) {
		t.Fatalf("%d stories after, %d before", len(after), len(before))
	}
	for i := range before {
		a, _ := s.Story(ctx, before[i].ID)
		b, err := s2.Story(ctx, before[i].ID)
		if err != nil {
			t.Errorf("%s did not come back: %v", a.Slug, err)
			continue
		}
		a.Meta, b.Meta = Meta{}, Meta{}
		if !reflect.DeepEqual(a, b) {
			t.Errorf("round trip changed %s:\n%+v\n%+v", a.Slug, a, b)
		}
	}
	// Exporting again gives byte-identical files.
	out2 := filepath.Join(t.TempDir(), "again")
	s2.ExportStories(ctx, out2)
	for _, e := range entries {
		x, _ := os.ReadFile(filepath.Join(out, e.Name()))
		y, _ := os.ReadFile(filepath.Join(out2, e.Name()))
		if string(x) != string(y) {
			t.Errorf("%s differs on a second export:\n%s\n---\n%s", e.Name(), x, y)
		}
	}
}
