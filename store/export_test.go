package store

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"sort"
	"strings"
	"testing"
	"time"
)

var exportKeys = []string{"access_needs", "access_requests", "actions", "agenda_sections", "attendance", "availability", "availability_exceptions", "claims",
	"consultation_feedback", "consultation_forums", "consultation_points", "consultation_responses", "consultations", "contact_forums", "contacts",
	"erasures", "exported_at", "former_meetings", "forums", "meetings", "memberships", "payments", "people", "petty_cash", "rates", "retention_reviews",
	"schema_version", "stories", "story_positions", "story_readings", "story_versions", "thresholds", "training_sessions", "training_stories", "training_trainers", "transport_bookings"}

func decodeExport(t *testing.T, s *Store) (map[string]any, string) {
	t.Helper()
	var buf bytes.Buffer
	if err := s.ExportJSON(context.Background(), &buf); err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	dec := json.NewDecoder(bytes.NewReader(buf.Bytes()))
	dec.UseNumber()
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("export is not JSON: %v\n%s", err, buf.String())
	}
	if dec.More() {
		t.Fatal("export holds more than one JSON value")
	}
	var got []string
	for k := range doc {
		got = append(got, k)
	}
	sort.Strings(got)
	if strings.Join(got, ",") != strings.Join(exportKeys, ",") {
		t.Fatalf("top-level keys %q, want %q", got, exportKeys)
	}
	if v := doc["schema_version"].(json.Number).String(); v != exportJSONInt(SchemaVersion()) {
		t.Errorf("schema_version %s, want %d", v, SchemaVersion())
	}
	if doc["exported_at"] != "2026-03-14T10:00:00Z" {
		t.Errorf("exported_at %v", doc["exported_at"])
	}
	return doc, buf.String()
}

func exportJSONInt(n int) string { b, _ := json.Marshal(n); return string(b) }

func exportList(t *testing.T, doc map[string]any, key string) []map[string]any {
	t.Helper()
	list, ok := doc[key].([]any)
	if !ok {
		t.Fatalf("%s is %T, want an array", key, doc[key])
	}
	var out []map[string]any
	for _, v := range list {
		m, ok := v.(map[string]any)
		if !ok {
			t.Fatalf("%s holds %T", key, v)
		}
		for _, f := range []string{"id", "created_at", "updated_at", "version"} {
			if _, ok := m[f]; !ok {
				t.Errorf("a record in %s has no %s: %v", key, f, m)
			}
		}
		out = append(out, m)
	}
	return out
}

func TestExportJSONEmpty(t *testing.T) {
	s, err := Open(t.TempDir() + "/empty.db")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s.SetClock(func() time.Time { return time.Date(2026, 3, 14, 10, 0, 0, 0, time.UTC) })
	doc, raw := decodeExport(t, s)
	for _, k := range []string{"forums", "people", "memberships", "meetings", "attendance", "actions"} {
		if n := len(exportList(t, doc, k)); n != 0 {
			t.Errorf("%s has %d records in an empty database", k, n)
		}
		if !strings.Contains(raw, `"`+k+`": []`) {
			t.Errorf("%s is not written as []:\n%s", k, raw)
		}
	}
	if strings.Contains(raw, "null") {
		t.Errorf("export contains null:\n%s", raw)
	}
}

func TestExportJSON(t *testing.T) {
	s, forums := ioTestStore(t)
	ctx := context.Background()
	in := "name,preferred_name,role,phone,email,forums\n" +
		"José Ñúñez,Pepe,carer,07700 900123,jose@example.org,Tuesday Forum\n" +
		"Zoë 🌻,,service_user,,,Tuesday Forum;Carers Group\n" +
		"李明,,worker,,,\n"
	if _, err := s.ImportPeopleCSV(ctx, strings.NewReader(in), "people.csv"); err != nil {
		t.Fatal(err)
	}
	m := Meeting{ForumID: forums["Tuesday Forum"],
		Start: time.Date(2026, 4, 7, 13, 0, 0, 0, London), End: time.Date(2026, 4, 7, 15, 0, 0, 0, London),
		Venue: "Hope Centre", Agenda: "Transport <and> expenses & \"timing\""}
	if err := s.SaveMeeting(ctx, &m); err != nil {
		t.Fatal(err)
	}
	a := Action{MeetingID: m.ID, Description: "Book the taxi run", Owner: "Coordinator", Due: "2026-04-01"}
	if err := s.SaveAction(ctx, &a); err != nil {
		t.Fatal(err)
	}

	doc, raw := decodeExport(t, s)
	want := map[string]int{"forums": 2, "people": 3, "memberships": 3, "meetings": 1, "attendance": 2, "actions": 1}
	for k, n := range want {
		if got := len(exportList(t, doc, k)); got != n {
			t.Errorf("%s: %d records, want %d", k, got, n)
		}
	}

	var jose map[string]any
	for _, p := range exportList(t, doc, "people") {
		if p["name"] == "José Ñúñez" {
			jose = p
		}
	}
	if jose == nil {
		t.Fatalf("José is not in the export:\n%s", raw)
	}
	for k, v := range map[string]any{"preferred_name": "Pepe", "role": "carer", "phone": "07700 900123",
		"email": "jose@example.org", "contact_by": "", "consent_to_contact": false, "notes": "",
		"created_at": "2026-03-14T10:00:00Z", "version": json.Number("1")} {
		if jose[k] != v {
			t.Errorf("person %s = %#v, want %#v", k, jose[k], v)
		}
	}

	ms := exportList(t, doc, "meetings")[0]
	if ms["forum_id"] != forums["Tuesday Forum"] || ms["starts_at"] != "2026-04-07T12:00:00Z" ||
		ms["status"] != "planned" || ms["agenda"] != m.Agenda {
		t.Errorf("meeting exported as %v", ms)
	}
	if !strings.Contains(raw, `<and> expenses & \"timing\"`) {
		t.Errorf("text is HTML-escaped in the export:\n%s", raw)
	}
	for _, at := range exportList(t, doc, "attendance") {
		if at["meeting_id"] != m.ID || at["status"] != "invited" || at["person_id"] == "" {
			t.Errorf("attendance exported as %v", at)
		}
	}
	for _, mem := range exportList(t, doc, "memberships") {
		if mem["forum_id"] == "" || mem["person_id"] == "" {
			t.Errorf("membership exported as %v", mem)
		}
	}
	if ac := exportList(t, doc, "actions")[0]; ac["meeting_id"] != m.ID || ac["due"] != "2026-04-01" || ac["done"] != false {
		t.Errorf("action exported as %v", ac)
	}
}

type exportFailWriter struct{ n int }

func (w *exportFailWriter) Write(p []byte) (int, error) {
	if w.n -= len(p); w.n < 0 {
		return 0, errors.New("disk full")
	}
	return len(p), nil
}

func TestExportJSONWriteError(t *testing.T) {
	s, _ := ioTestStore(t)
	if err := s.ExportJSON(context.Background(), &exportFailWriter{n: 10}); err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("got %v, want the write error", err)
	}
	// The store is still usable afterwards: the read transaction was ended.
	if err := s.SaveForum(context.Background(), &Forum{Name: "After"}); err != nil {
		t.Fatal(err)
	}
}
