package store

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func auditRows(t *testing.T, s *Store) []AuditEntry {
	t.Helper()
	rows, err := s.Audit(recCtx, AuditFilter{Limit: 100000})
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// Who did what and when: each change is in the trail with the actor's
// name and role, the store method, the record's kind and id, and never a
// value.
func TestAuditRecordsWhoDidWhat(t *testing.T) {
	fx := newRoleFixture(t)
	if err := fx.door.SetAttendance(recCtx, fx.today.ID, fx.ann.ID, Attended); err != nil {
		t.Fatal(err)
	}
	claims, err := fx.fin.Claims(recCtx, ClaimFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if err := fx.fin.PayClaim(recCtx, &claims[0], PaidCash, "2026-06-16"); err != nil {
		t.Fatal(err)
	}
	rows := auditRows(t, fx.s)
	find := func(who, op, kind, action string) *AuditEntry {
		for i, r := range rows {
			if r.Who == who && r.Op == op && r.Kind == kind && r.Action == action {
				return &rows[i]
			}
		}
		return nil
	}
	att := find("Dee", "SetAttendance", "attendance", "update") // invited when the meeting was planned
	if att == nil {
		t.Fatalf("the door volunteer's sign-in is not in the trail: %+v", rows[:min(5, len(rows))])
	}
	if att.Role != TeamDoor || att.PersonID != fx.ann.ID || !att.At.Equal(recNow) || att.RecordID == "" {
		t.Errorf("sign-in row: %+v", att)
	}
	if pay := find("Fin", "PayClaim", "claims", "update"); pay == nil || pay.RecordID != fx.claim.ID || pay.Role != TeamFinance || pay.PersonID != fx.ann.ID {
		t.Errorf("finance's payment row: %+v", pay)
	}
	owner := fx.s.Actor().Name
	if p := find(owner, "SavePerson", "people", "insert"); p == nil || p.RecordID != fx.ann.ID || p.Role != TeamCoordinator {
		t.Errorf("the owner's new person: %+v", p)
	}
	// The latest first.
	if rows[0].Op != "PayClaim" {
		t.Errorf("the latest row is %+v", rows[0])
	}
	for _, r := range rows {
		if r.Who == "" || r.Op == "" {
			t.Errorf("a change was recorded without who made it, or how: %+v", r)
		}
		for _, v := range []string{"Ann", "07700", "private", "Carers", "Climbing"} {
			if strings.Contains(r.Who+r.Op+r.Kind+r.RecordID+r.PersonID, v) {
				t.Errorf("the trail holds a value (%q): %+v", v, r)
			}
		}
	}
	if got, err := fx.s.Audit(recCtx, AuditFilter{Who: "dee", Limit: 10}); err != nil || len(got) != 1 {
		t.Errorf("Audit(Who: dee) = %+v, %v", got, err)
	}
	if got, err := fx.s.Audit(recCtx, AuditFilter{Limit: 2}); err != nil || len(got) != 2 {
		t.Errorf("Audit(Limit: 2) = %d rows, %v", len(got), err)
	} else if next, err := fx.s.Audit(recCtx, AuditFilter{Limit: 2, Before: got[1].Seq}); err != nil || len(next) != 2 || next[0].Seq >= got[1].Seq {
		t.Errorf("the next page: %+v, %v", next, err)
	}
	for _, v := range []*Store{fx.fin, fx.door, fx.rd} {
		_, err := v.Audit(recCtx, AuditFilter{})
		wantRefused(t, string(v.actor.Role)+" reads the trail", err, "The audit trail is for the coordinator role")
	}
}

// Every table but the few left out is audited, and a table a later
// version adds is audited when the database is next opened: the triggers
// are made before the first change through the store, which reading does
// not wait for.
func TestAuditCoversEveryTable(t *testing.T) {
	path := filepath.Join(t.TempDir(), "involve.db")
	s := recOpenPath(t, path)
	recPerson(t, s, "Ann")
	tables, err := auditTables(recCtx, s.db)
	if err != nil {
		t.Fatal(err)
	}
	have, err := auditTriggers(recCtx, s.db, "temp")
	if err != nil {
		t.Fatal(err)
	}
	// They are the connection's own, not in the database's schema, which
	// every start reads.
	if inFile, err := auditTriggers(recCtx, s.db, "main"); err != nil || len(inFile) > 0 {
		t.Errorf("audit triggers in the database's schema: %d (%v)", len(inFile), err)
	}
	names := map[string]bool{}
	for _, tb := range tables {
		names[tb.name] = true
		for _, a := range []string{"insert", "update", "delete"} {
			if _, ok := have[auditTriggerPrefix+tb.name+"_"+a]; !ok {
				t.Errorf("%s has no %s trigger", tb.name, a)
			}
		}
	}
	for _, want := range []string{"people", "attendance", "claims", "stories", "users", "user_keys", "settings"} {
		if !names[want] {
			t.Errorf("%s is not audited", want)
		}
	}
	for _, not := range []string{"audit", "audit_actor", "story_renders", "story_positions", "stories_fts", "stories_fts_data"} {
		if names[not] {
			t.Errorf("%s is audited", not)
		}
	}
	if _, err := s.db.Exec(`CREATE TABLE later (id TEXT PRIMARY KEY, person_id TEXT REFERENCES people (id)) STRICT`); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s = recOpenPath(t, path)
	p := recPerson(t, s, "Bea")
	if _, err := s.db.Exec(`INSERT INTO later (id, person_id) VALUES ('x1', ?)`, p.ID); err != nil {
		t.Fatal(err)
	}
	rows := auditRows(t, s)
	if rows[0].Kind != "later" || rows[0].RecordID != "x1" || rows[0].PersonID != p.ID || rows[0].Action != "insert" {
		t.Errorf("a new table's row: %+v", rows[0])
	}
}

// Erasing someone keeps the trail of what was done, the erasure too, but
// nothing in it says whom it was about: their id is one opaque value.
func TestAuditKeptThroughErasure(t *testing.T) {
	fx := newRoleFixture(t)
	if err := fx.door.SetAttendance(recCtx, fx.today.ID, fx.ann.ID, Attended); err != nil {
		t.Fatal(err)
	}
	p, err := fx.s.Person(recCtx, fx.ann.ID)
	if err != nil {
		t.Fatal(err)
	}
	before := len(auditRows(t, fx.s))
	if err := fx.s.DeletePerson(recCtx, p.ID, p.Version); err != nil {
		t.Fatal(err)
	}
	rows := auditRows(t, fx.s)
	if len(rows) <= before {
		t.Fatalf("the erasure is not in the trail: %d rows, %d before", len(rows), before)
	}
	var opaque string
	for _, r := range rows {
		if r.RecordID == fx.ann.ID || r.PersonID == fx.ann.ID {
			t.Errorf("the erased person's id is still in the trail: %+v", r)
		}
		if strings.HasPrefix(r.PersonID, "erased-") {
			if opaque != "" && r.PersonID != opaque {
				t.Errorf("two opaque ids for one person: %s and %s", opaque, r.PersonID)
			}
			opaque = r.PersonID
		}
	}
	if opaque == "" {
		t.Fatal("no row stands for the erased person")
	}
	var erased bool
	for _, r := range rows {
		if r.Kind == "people" && r.Action == "delete" && r.RecordID == opaque && r.Op == "DeletePerson" {
			erased = true
		}
	}
	if !erased {
		t.Error("the erasure itself is not in the trail")
	}
	var n int
	if err := fx.s.db.QueryRow("SELECT count(*) FROM people WHERE id = ?", opaque).Scan(&n); err != nil || n != 0 {
		t.Errorf("the opaque id names a record: %d, %v", n, err)
	}
}

// Writing the demo leaves no trail: nobody did those things.
func TestDemoLeavesNoTrail(t *testing.T) {
	path := filepath.Join(t.TempDir(), "demo.db")
	if err := WriteDemo(context.Background(), path, 30, 1); err != nil {
		t.Fatal(err)
	}
	s := recOpenPath(t, path)
	if n := recRows(t, s, "audit"); n != 0 {
		t.Errorf("the demo wrote %d rows of audit trail", n)
	}
	if p := recPerson(t, s, "Cal"); p.ID == "" {
		t.Fatal("no person")
	}
	if n := recRows(t, s, "audit"); n == 0 {
		t.Error("a change after the demo was written is not recorded")
	}
}

// A change committed by one view is told to every subscriber, its own
// too; a subscriber that has not looked yet holds one change.
func TestChangesAreToldToOtherViews(t *testing.T) {
	fx := newRoleFixture(t)
	doorCh, stopDoor := fx.door.Changes()
	defer stopDoor()
	coordCh, stopCoord := fx.coord.Changes()
	if err := fx.door.SetAttendance(recCtx, fx.today.ID, fx.ann.ID, Attended); err != nil {
		t.Fatal(err)
	}
	select {
	case c := <-coordCh:
		if c.Op != "SetAttendance" || c.By.Name != "Dee" || c.By.Role != TeamDoor {
			t.Errorf("the change told: %+v", c)
		}
	case <-time.After(time.Minute):
		t.Fatal("the coordinator was not told of the door's change")
	}
	select {
	case <-doorCh:
	case <-time.After(time.Minute):
		t.Fatal("the door was not told of its own change")
	}
	// Two changes before the coordinator looks: one is waiting.
	for range 2 {
		if err := fx.door.SetAttendance(recCtx, fx.today.ID, fx.ann.ID, Confirmed); err != nil {
			t.Fatal(err)
		}
	}
	<-coordCh
	select {
	case c := <-coordCh:
		t.Errorf("a second change waits: %+v", c)
	default:
	}
	// A refused change tells nobody; nor does keeping one's place.
	_ = fx.door.SetAttendance(recCtx, fx.tomorrow.ID, fx.ann.ID, Attended)
	_ = fx.rd.SetReadingPosition(recCtx, fx.story.ID, ReadingPlace{Line: 2})
	select {
	case c := <-coordCh:
		t.Errorf("told of %+v", c)
	default:
	}
	stopCoord()
	stopCoord() // twice is harmless
	if _, open := <-coordCh; open {
		t.Error("the channel is open after stop")
	}
}

// Every change goes through tx, which records who made it and tells the
// other views: nothing in the store writes to the database beside it
// (the few exceptions are pragmas, VACUUM INTO for backups, and
// transactions that only read).
func TestStoreWritesGoThroughTx(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(data), "\n") {
			switch {
			case strings.Contains(line, "s.db.ExecContext(") && !strings.Contains(line, "PRAGMA") && !strings.Contains(line, "VACUUM") && !strings.Contains(line, "DELETE FROM sqlite_stat4"):
				t.Errorf("%s:%d writes outside tx: %s", f, i+1, strings.TrimSpace(line))
			case strings.Contains(line, "s.db.BeginTx(") && !strings.Contains(line, "ReadOnly: true") && !strings.Contains(f, "store.go"):
				t.Errorf("%s:%d begins a transaction of its own: use tx: %s", f, i+1, strings.TrimSpace(line))
			}
		}
	}
}

// A database from before kept its audit triggers in its schema: they are
// dropped there before the first change, which the connection's own
// triggers record; and a connection that has lost its triggers (a new one
// from the pool) is given them again before its change.
func TestAuditTriggersOfOldDatabasesGo(t *testing.T) {
	path := filepath.Join(t.TempDir(), "involve.db")
	s := recOpenPath(t, path)
	if _, err := s.db.Exec(`CREATE TRIGGER "audit_trigger_people_insert" AFTER INSERT ON people BEGIN SELECT 1; END`); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s = recOpenPath(t, path)
	p := recPerson(t, s, "Bea")
	if inFile, err := auditTriggers(recCtx, s.db, "main"); err != nil || len(inFile) > 0 {
		t.Fatalf("the old trigger is still in the schema: %v (%v)", inFile, err)
	}
	if rows := auditRows(t, s); len(rows) == 0 || rows[0].Kind != "people" || rows[0].RecordID != p.ID {
		t.Fatalf("the change is not in the trail: %+v", rows)
	}
	if _, err := s.db.Exec(`DROP TRIGGER temp."audit_trigger_people_update"`); err != nil {
		t.Fatal(err)
	}
	p.Notes = "changed"
	if err := s.SavePerson(recCtx, &p, nil); err != nil {
		t.Fatal(err)
	}
	if rows := auditRows(t, s); rows[0].Action != "update" || rows[0].RecordID != p.ID {
		t.Fatalf("the change after the trigger was lost is not in the trail: %+v", rows[0])
	}
}

// Marking a senior officer on a register changes the meeting's count of
// officers, which the database keeps itself: the trail has the register's
// change, not a change to the meeting nobody made.
func TestAuditLeavesOutDerivedCounts(t *testing.T) {
	fx := newRoleFixture(t)
	officer := Person{Name: "Olu Officer", Role: RoleSeniorOfficer}
	if err := fx.s.SavePerson(recCtx, &officer, nil); err != nil {
		t.Fatal(err)
	}
	if err := fx.s.SetAttendance(recCtx, fx.today.ID, officer.ID, Attended); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := fx.s.db.QueryRow(`SELECT officers FROM meetings WHERE id = ?`, fx.today.ID).Scan(&n); err != nil || n != 1 {
		t.Fatalf("the meeting counts %d officers (%v), want 1", n, err)
	}
	rows := auditRows(t, fx.s)
	var att bool
	for _, r := range rows {
		if r.Op != "SetAttendance" {
			continue
		}
		att = att || r.Kind == "attendance"
		if r.Kind == "meetings" {
			t.Errorf("the trail has a change to the meeting under SetAttendance: %+v", r)
		}
	}
	if !att {
		t.Error("the trail has no change to the register")
	}
	// A change to the meeting itself is still in it.
	m, err := fx.s.Meeting(recCtx, fx.today.ID)
	if err != nil {
		t.Fatal(err)
	}
	m.Venue = "Another room"
	if err := fx.s.SaveMeeting(recCtx, &m); err != nil {
		t.Fatal(err)
	}
	if r := auditRows(t, fx.s)[0]; r.Kind != "meetings" || r.Action != "update" || r.RecordID != m.ID {
		t.Errorf("the meeting's change: %+v", r)
	}
}
