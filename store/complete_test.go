package store

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// OpenReadOnly never makes a file or folder, and refuses what is not an
// involve database it can read.
func TestOpenReadOnlyRefusesWithoutCreating(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "sub", "none.db")
	if _, err := OpenReadOnly(missing); err == nil {
		t.Fatal("a missing file opened")
	}
	if _, err := os.Stat(filepath.Dir(missing)); !os.IsNotExist(err) {
		t.Fatalf("OpenReadOnly made the folder: %v", err)
	}
	empty := filepath.Join(dir, "empty.db")
	if err := os.WriteFile(empty, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := OpenReadOnly(empty); err == nil || !strings.Contains(err.Error(), "not an involve database") {
		t.Errorf("an empty file: %v", err)
	}
	if fi, _ := os.Stat(empty); fi.Size() != 0 {
		t.Error("OpenReadOnly wrote to an empty file")
	}
	text := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(text, []byte("not a database at all, but long enough to look at\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := OpenReadOnly(text); err == nil || !strings.Contains(err.Error(), "not an involve database") {
		t.Errorf("a text file: %v", err)
	}
	newer := filepath.Join(dir, "newer.db")
	recOpenPath(t, newer).Close()
	raw := recRawDB(t, newer)
	if _, err := raw.Exec("PRAGMA user_version = 9999"); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	if _, err := OpenReadOnly(newer); err == nil || !strings.Contains(err.Error(), "newer involve") {
		t.Errorf("a newer schema: %v", err)
	}
}

// What OpenReadOnly opens cannot be changed through it, and it leaves no
// files of its own beside the database.
func TestOpenReadOnlyDoesNotWrite(t *testing.T) {
	path := filepath.Join(t.TempDir(), "involve.db")
	s := recOpenPath(t, path)
	if err := s.SaveForum(context.Background(), &Forum{Name: "Carers' Voice"}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	before, _ := filepath.Glob(path + "*")
	data, _ := os.ReadFile(path)

	ro, err := OpenReadOnly(path)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := ro.ForumSuggestions(context.Background(), ""); err != nil || len(got) != 1 {
		t.Fatalf("ForumSuggestions = %v, %v", got, err)
	}
	if err := ro.SaveForum(context.Background(), &Forum{Name: "Another"}); err == nil {
		t.Error("a forum was saved through a read-only store")
	}
	ro.Close()
	after, _ := filepath.Glob(path + "*")
	if !reflect.DeepEqual(before, after) {
		t.Errorf("files before %v, after %v", before, after)
	}
	if now, _ := os.ReadFile(path); string(now) != string(data) {
		t.Error("the database file changed")
	}
}

// Suggestions start with what was typed (any case, wildcards taken
// literally), in the order a shell should offer them.
func TestSuggestions(t *testing.T) {
	s := recOpen(t)
	ctx := context.Background()
	var forums []Forum
	for _, n := range []string{"Carers' Voice", "carers_north", "Recovery Forum", "Carers 100%"} {
		f := Forum{Name: n}
		if err := s.SaveForum(ctx, &f); err != nil {
			t.Fatal(err)
		}
		forums = append(forums, f)
	}
	values := func(sg []Suggestion, err error) []string {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		var v []string
		for _, x := range sg {
			v = append(v, x.Value)
		}
		return v
	}
	if got := values(s.ForumSuggestions(ctx, "car")); !reflect.DeepEqual(got, []string{"Carers 100%", "Carers' Voice", "carers_north"}) {
		t.Errorf("forums for car: %q", got)
	}
	if got := values(s.ForumSuggestions(ctx, "carers_")); !reflect.DeepEqual(got, []string{"carers_north"}) {
		t.Errorf("forums for carers_ (underscore is not a wildcard): %q", got)
	}
	if got := values(s.ForumSuggestions(ctx, "Carers 100%")); !reflect.DeepEqual(got, []string{"Carers 100%"}) {
		t.Errorf("forums for a percent sign: %q", got)
	}

	ready := readyStory("A long road")
	saveStory(t, s, ready)
	draft := readyStory("Another day")
	draft.Status = StoryDraft
	saveStory(t, s, draft)
	if got := values(s.StorySuggestions(ctx, "a", false)); !reflect.DeepEqual(got, []string{"a-long-road", "another-day"}) {
		t.Errorf("every story: %q", got)
	}
	all, _ := s.StorySuggestions(ctx, "", true)
	if len(all) != 1 || all[0].Value != "a-long-road" || all[0].About != "A long road" {
		t.Errorf("stories that may be read: %+v", all)
	}

	at := func(day, hour int, status MeetingStatus) Meeting {
		start := time.Date(2026, 6, day, hour, 0, 0, 0, London)
		m := Meeting{ForumID: forums[0].ID, Start: start, End: start.Add(2 * time.Hour), Status: status}
		if err := s.SaveMeeting(ctx, &m); err != nil {
			t.Fatal(err)
		}
		return m
	}
	past := at(2, 13, MeetingHeld)
	later := at(30, 13, MeetingPlanned)
	soon := at(18, 13, MeetingPlanned)
	older := at(1, 10, MeetingHeld)
	ms, err := s.MeetingSuggestions(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{soon.ID, later.ID, past.ID, older.ID}
	if got := values(ms, nil); !reflect.DeepEqual(got, want) {
		t.Errorf("meetings: %q, want %q", got, want)
	}
	if ms[0].About != "Thu 18 Jun 2026 13:00 Carers' Voice" {
		t.Errorf("a meeting is described as %q", ms[0].About)
	}
	if got := values(s.MeetingSuggestions(ctx, strings.ToUpper(soon.ID[:36]))); !reflect.DeepEqual(got, []string{soon.ID}) {
		t.Errorf("a whole id in capitals: %q", got)
	}
}

// While involve has the database open (its -wal file holds changes not yet
// in the database file), a read-only store reads them too.
func TestOpenReadOnlyWhileOpen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "involve.db")
	w := recOpenPath(t, path)
	if err := w.SaveForum(context.Background(), &Forum{Name: "Only in the WAL"}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path + "-wal"); err != nil {
		t.Fatalf("no -wal file while open: %v", err)
	}
	ro, err := OpenReadOnly(path)
	if err != nil {
		t.Fatal(err)
	}
	got, err := ro.ForumSuggestions(context.Background(), "only")
	ro.Close()
	if err != nil || len(got) != 1 {
		t.Fatalf("ForumSuggestions = %v, %v", got, err)
	}
	if err := w.SaveForum(context.Background(), &Forum{Name: "Written after"}); err != nil {
		t.Fatalf("the writer after a read-only store: %v", err)
	}
}
