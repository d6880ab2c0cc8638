package store

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// ioTestStore opens a fresh database in a temporary folder with a fixed clock
// and two forums, "Tuesday Forum" and "Carers Group".
func ioTestStore(tb testing.TB) (*Store, map[string]string) {
	tb.Helper()
	s, err := Open(filepath.Join(tb.TempDir(), "involve.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	s.SetClock(func() time.Time { return time.Date(2026, 3, 14, 10, 0, 0, 0, time.UTC) })
	forums := map[string]string{}
	for _, name := range []string{"Tuesday Forum", "Carers Group"} {
		f := Forum{Name: name}
		if err := s.SaveForum(context.Background(), &f); err != nil {
			tb.Fatal(err)
		}
		forums[name] = f.ID
	}
	return s, forums
}

func ioCount(tb testing.TB, s *Store, table string) int {
	tb.Helper()
	n, err := count(context.Background(), s.db, "SELECT count(*) FROM "+table)
	if err != nil {
		tb.Fatal(err)
	}
	return n
}

func ioPeopleByName(t *testing.T, s *Store) map[string]Person {
	t.Helper()
	ctx := context.Background()
	list, err := s.People(ctx)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]Person{}
	for _, m := range list {
		p, err := s.Person(ctx, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		out[p.Name] = p
	}
	return out
}

func TestImportPeopleCSVGood(t *testing.T) {
	s, forums := ioTestStore(t)
	ctx := context.Background()
	in := "\ufeff Name ,Preferred_Name,ROLE,phone,Email,forums\r\n" +
		"José Ñúñez,Pepe,carer,07700 900123,jose@example.org,tuesday forum\r\n" +
		"عائشہ خان,,service user,,,Tuesday Forum; CARERS GROUP\r\n" +
		"李明,,both,+44 20 7946 0000,,\r\n" +
		"Zoë 🌻,Zoë,Senior officer,,zoe@example.org,carers group;;\r\n" +
		`"Smith, Jo","Jo ""JJ"" Smith",worker,,,` + "\r\n" +
		`"Ann` + "\r\n" + `Marie",,,,,"Carers Group;` + "\n" + `Tuesday Forum"` + "\r\n" +
		",,,,,\r\n" // a row of empty cells is skipped
	n, err := s.ImportPeopleCSV(ctx, strings.NewReader(in), "people.csv")
	if err != nil {
		t.Fatal(err)
	}
	if n != 6 {
		t.Fatalf("imported %d, want 6", n)
	}
	if got := ioCount(t, s, "people"); got != 6 {
		t.Fatalf("%d people stored, want 6", got)
	}
	people := ioPeopleByName(t, s)
	want := []struct {
		name, preferred string
		role            Role
		phone, email    string
		forums          []string
	}{
		{"José Ñúñez", "Pepe", RoleCarer, "07700 900123", "jose@example.org", []string{"Tuesday Forum"}},
		{"عائشہ خان", "", RoleServiceUser, "", "", []string{"Carers Group", "Tuesday Forum"}},
		{"李明", "", RoleBoth, "+44 20 7946 0000", "", nil},
		{"Zoë 🌻", "Zoë", RoleSeniorOfficer, "", "zoe@example.org", []string{"Carers Group"}},
		{"Smith, Jo", `Jo "JJ" Smith`, RoleWorker, "", "", nil},
		{"Ann Marie", "", RoleServiceUser, "", "", []string{"Carers Group", "Tuesday Forum"}},
	}
	for _, w := range want {
		p, ok := people[w.name]
		if !ok {
			t.Errorf("%q was not imported intact; have %q", w.name, ioKeys(people))
			continue
		}
		if p.PreferredName != w.preferred || p.Role != w.role || p.Phone != w.phone || p.Email != w.email {
			t.Errorf("%q stored as %+v", w.name, p)
		}
		if p.Version != 1 || p.CreatedAt.IsZero() {
			t.Errorf("%q has meta %+v", w.name, p.Meta)
		}
		fs, err := s.PersonForums(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, f := range fs {
			names = append(names, f.Name)
			if forums[f.Name] != f.ID {
				t.Errorf("forum %q has the wrong id", f.Name)
			}
		}
		if strings.Join(names, "|") != strings.Join(w.forums, "|") {
			t.Errorf("%q is in forums %q, want %q", w.name, names, w.forums)
		}
	}
	if got := ioCount(t, s, "memberships"); got != 6 {
		t.Errorf("%d memberships, want 6", got)
	}
}

func ioKeys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestImportPeopleCSVOnlyName(t *testing.T) {
	s, _ := ioTestStore(t)
	n, err := s.ImportPeopleCSV(context.Background(), strings.NewReader("name\nAnn\n\nBob"), "x.csv")
	if err != nil || n != 2 {
		t.Fatalf("got %d, %v; want 2, nil", n, err)
	}
}

func TestImportPeopleCSVHostileName(t *testing.T) {
	s, _ := ioTestStore(t)
	in := "name,preferred_name\n" +
		"\"Mal\x1b]52;c;ZXZpbA==\x07lory\",\"\u202eyrolaM\u009b2J\tX\"\n"
	n, err := s.ImportPeopleCSV(context.Background(), strings.NewReader(in), "hostile.csv")
	if err != nil || n != 1 {
		t.Fatalf("got %d, %v", n, err)
	}
	people := ioPeopleByName(t, s)
	p, ok := people["Mal]52;c;ZXZpbA==lory"]
	if !ok {
		t.Fatalf("stored names: %q", ioKeys(people))
	}
	if p.PreferredName != "yrolaM2J X" {
		t.Errorf("preferred name stored as %q", p.PreferredName)
	}
	for _, v := range []string{p.Name, p.PreferredName} {
		if r, bad := badStoredRune(v); bad {
			t.Errorf("%q stored with %U", v, r)
		}
	}
}

func TestImportPeopleCSVHostileEmailRefused(t *testing.T) {
	// After the ESC is dropped, "[0m" is left on the end: not an email.
	s, _ := ioTestStore(t)
	_, err := s.ImportPeopleCSV(context.Background(), strings.NewReader("name,email\nAnn,ann@example.org\x1b[0m\n"), "e.csv")
	if err == nil || !strings.HasPrefix(err.Error(), "e.csv:2: email: ") || strings.ContainsRune(err.Error(), 0x1b) {
		t.Fatalf("got %v", err)
	}
}

// manyNames is n rows of different names.
func manyNames(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "Ann %d\n", i+1)
	}
	return b.String()
}

func TestImportPeopleCSVBad(t *testing.T) {
	const roles = "use one of: service_user, carer, both, worker, senior_officer, other"
	const cols = "name, preferred_name, role, phone, email, forums"
	cases := []struct {
		name, in, want string
	}{
		{"empty", "", "bad.csv: the file is empty; it needs a header row (name, preferred_name, role, phone, email, forums) and a row for each person"},
		{"bom only", "\ufeff", "bad.csv: the file is empty; it needs a header row (name, preferred_name, role, phone, email, forums) and a row for each person"},
		{"header only", "name,role\r\n", "bad.csv: the file has a header row but no people to import"},
		{"header and blank rows", "name,role\n,\n , \n", "bad.csv: the file has a header row but no people to import"},
		{"unknown column", "name,age\nAnn,3\n", `bad.csv:1: unknown column "age" in the header row; the columns are: ` + cols},
		{"unknown columns", "Name,Age,Shoe size,role\nAnn,3,4,carer\n", `bad.csv:1: unknown columns "Age" and "Shoe size" in the header row; the columns are: ` + cols},
		{"no name column", "role,phone\ncarer,\n", "bad.csv:1: the header row has no name column; it is required (the columns are: " + cols + ")"},
		{"duplicate column", "name,Name\nAnn,Ann\n", `bad.csv:1: the header row has the column "name" twice`},
		{"empty column name", "name,,role\nAnn,,carer\n", "bad.csv:1: column 2 of the header row has no name; every column needs one of: " + cols},
		{"missing name", "name,role\nAnn,carer\n,carer\n", "bad.csv:3: no name is given; every person needs a name"},
		{"name only controls", "name,role\nAnn,carer\n\x1b\x07,carer\n", "bad.csv:3: no name is given; every person needs a name"},
		{"unknown role", "name,role\nAnn,carer\nBob,wizard\n", `bad.csv:3: role: unknown role "wizard" (` + roles + ")"},
		{"unknown forum", "name,forums\nAnn,tuesday forum\nBob,Tuesday Forum;Thursday Forum\n",
			`bad.csv:3: forums: there is no forum called "Thursday Forum" (add the forum first, or check the spelling; separate forums with ";")`},
		{"bad email", "name,email\nAnn,ann@example.org\nBob,bob@\n",
			`bad.csv:3: email: "bob@" does not look like an email address (it should be like name@example.org)`},
		{"bad phone", "name,phone\nAnn,07700 900123\nBob,0770 CALL ME\n",
			`bad.csv:3: phone: "0770 CALL ME" is not a phone number: use digits (spaces, hyphens and brackets are fine) and an optional + at the start`},
		{"short phone", "name,phone\nAnn,123\n", `bad.csv:2: phone: "123" has 3 digits; a phone number has between 7 and 15`},
		{"long name", "name\n" + strings.Repeat("é", 201) + "\n", "bad.csv:2: name: that name is too long (200 characters at most)"},
		{"bare quote", "name\nAnn\nBo\"b\n",
			`bad.csv:3: a value that does not start with a double quote (") contains one; put the whole value in double quotes and write each " inside it as ""`},
		{"text after closing quote", "name,role\nAnn,carer\n\"Bob\" Smith,carer\n",
			`bad.csv:3: a quoted value is not closed properly: a value that starts with a double quote (") must end with one, and each " inside it must be written as ""`},
		{"unclosed quote", "name,role\nAnn,carer\n\"Bob,carer\nCat,carer\n",
			`bad.csv:3: a quoted value is not closed properly: a value that starts with a double quote (") must end with one, and each " inside it must be written as "" (the problem shows on line 4)`},
		{"too many fields", "name,role\nAnn,carer\nBob,carer,extra\n",
			"bad.csv:3: this row has 3 fields but the header row has 2 (a value containing a comma must be in double quotes)"},
		{"too few fields after multi-line record", "name,role\n\"Ann\nMarie\",carer\n\n\nBob\n",
			"bad.csv:6: this row has 1 field but the header row has 2 (a value containing a comma must be in double quotes)"},
		{"invalid utf-8", "name,role\nAnn,carer\nB\xffb,carer\n", `bad.csv:3: the name column is not valid UTF-8 text (save the file as "CSV UTF-8")`},
		{"invalid utf-8 header", "name,r\xf4le\nAnn,carer\n", `bad.csv:1: the header row is not valid UTF-8 text (save the file as "CSV UTF-8")`},
		{"latin-1 file", "name\nJos\xe9\n", `bad.csv:2: the name column is not valid UTF-8 text (save the file as "CSV UTF-8")`},
		{"bad row after many good ones", "name\n" + manyNames(500) + "Bob,x\n",
			"bad.csv:502: this row has 2 fields but the header row has 1 (a value containing a comma must be in double quotes)"},
		{"the same person, accents written apart", "name\nTha\u0309o Wong\nTh\u1ea3o Wong\n",
			"bad.csv:3: Th\u1ea3o Wong is on line 2 already, with the same phone and email: take the row out (was the file imported before?)"},
		{"the same person again", "name,phone\nAlready  here,\nDee,0113 496 0000\nDEE,(0113) 496-0000\n",
			"2 mistakes; nothing was imported:\n" +
				"bad.csv:2: Already here is in People already, with the same phone and email: take the row out (was the file imported before?)\n" +
				"bad.csv:4: DEE is on line 3 already, with the same phone and email: take the row out (was the file imported before?)"},
		{"every mistake at once", "name,role,email\nAnn,carer,\nBob,wizard,\n,carer,\nCat,carer,cat@\n",
			"3 mistakes; nothing was imported:\n" +
				`bad.csv:3: role: unknown role "wizard" (` + roles + ")\n" +
				"bad.csv:4: no name is given; every person needs a name\n" +
				`bad.csv:5: email: "cat@" does not look like an email address (it should be like name@example.org)`},
	}
	// Issue 9, defect 12: every mistake of a row, not only its first.
	cases = append(cases, struct{ name, in, want string }{"every mistake of a row",
		"name,role,phone,email,forums\nBob,wizard,call me,bob@,Nowhere;Tuesday Forum;Elsewhere\n",
		"5 mistakes; nothing was imported:\n" +
			`bad.csv:2: role: unknown role "wizard" (` + roles + ")\n" +
			`bad.csv:2: phone: "call me" is not a phone number: use digits (spaces, hyphens and brackets are fine) and an optional + at the start` + "\n" +
			`bad.csv:2: email: "bob@" does not look like an email address (it should be like name@example.org)` + "\n" +
			`bad.csv:2: forums: there is no forum called "Nowhere" (add the forum first, or check the spelling; separate forums with ";")` + "\n" +
			`bad.csv:2: forums: there is no forum called "Elsewhere" (add the forum first, or check the spelling; separate forums with ";")`},
		struct{ name, in, want string }{"no name and a bad role, and a repeat with a bad email",
			"name,role,email\n,wizard,\nAlready Here,,here@\n\xff,carer,\xfe\n",
			"5 mistakes; nothing was imported:\n" +
				"bad.csv:2: no name is given; every person needs a name\n" +
				`bad.csv:2: role: unknown role "wizard" (` + roles + ")\n" +
				`bad.csv:3: email: "here@" does not look like an email address (it should be like name@example.org)` + "\n" +
				`bad.csv:4: the name column is not valid UTF-8 text (save the file as "CSV UTF-8")` + "\n" +
				`bad.csv:4: the email column is not valid UTF-8 text (save the file as "CSV UTF-8")`},
	)
	// Two mistakes a row, 11 rows: the first 20 are listed.
	many, manyWant := "name,phone,email\n", "the first 20 mistakes (there may be more: fix these and run it again); nothing was imported:"
	for i := 1; i <= 11; i++ {
		many += fmt.Sprintf("X%d,1,x@\n", i)
		if i <= 10 {
			manyWant += fmt.Sprintf("\nbad.csv:%d: phone: \"1\" has 1 digits; a phone number has between 7 and 15", i+1) +
				fmt.Sprintf("\nbad.csv:%d: email: \"x@\" does not look like an email address (it should be like name@example.org)", i+1)
		}
	}
	cases = append(cases, struct{ name, in, want string }{"more than 20 mistakes", many, manyWant})
	s, _ := ioTestStore(t)
	ctx := context.Background()
	if _, err := s.ImportPeopleCSV(ctx, strings.NewReader("name\nAlready Here\n"), "seed.csv"); err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			people, members := ioCount(t, s, "people"), ioCount(t, s, "memberships")
			n, err := s.ImportPeopleCSV(ctx, strings.NewReader(c.in), "bad.csv")
			if err == nil {
				t.Fatalf("imported %d, want error %q", n, c.want)
			}
			if err.Error() != c.want {
				t.Errorf("error\n got %s\nwant %s", err, c.want)
			}
			if n != 0 {
				t.Errorf("n = %d on error", n)
			}
			if p, m := ioCount(t, s, "people"), ioCount(t, s, "memberships"); p != people || m != members {
				t.Errorf("database changed: people %d→%d, memberships %d→%d", people, p, members, m)
			}
		})
	}
}

func TestImportPeopleCSVFilenameSanitised(t *testing.T) {
	s, _ := ioTestStore(t)
	_, err := s.ImportPeopleCSV(context.Background(), strings.NewReader(""), "evil\x1b[2J.csv")
	if err == nil || strings.ContainsRune(err.Error(), 0x1b) || !strings.HasPrefix(err.Error(), "evil[2J.csv: ") {
		t.Fatalf("got %v", err)
	}
}

func TestImportPeopleCSVCancelled(t *testing.T) {
	s, _ := ioTestStore(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := s.ImportPeopleCSV(ctx, strings.NewReader("name\nAnn\n"), "c.csv"); err == nil {
		t.Fatal("a cancelled import succeeded")
	}
	if n := ioCount(t, s, "people"); n != 0 {
		t.Fatalf("%d people after a cancelled import", n)
	}
}

// badStoredRune reports a rune that must never be stored in a single-line field.
func badStoredRune(s string) (rune, bool) {
	if !utf8.ValidString(s) {
		return utf8.RuneError, true
	}
	for _, r := range s {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f) ||
			(r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) || r == utf8.RuneError {
			return r, true
		}
	}
	return 0, false
}

func FuzzImportPeopleCSV(f *testing.F) {
	seeds := []string{
		"name,preferred_name,role,phone,email,forums\nJosé Ñúñez,Pepe,carer,07700 900123,jose@example.org,tuesday forum\n",
		"\ufeffname,forums\r\n\"Smith, Jo\",\"Tuesday Forum;Carers Group\"\r\n李明,\r\n",
		"name\n\"Ann\nMarie\"\nZoë 🌻\nعائشہ خان\n",
		"name\n\"Mal\x1b]52;c;ZXZpbA==\x07lory\"\n",
		"name,role\nAnn,wizard\n",
		"name,email\nAnn,ann@\n",
		"name,phone\nAnn,12\n",
		"name,forums\nAnn,Nowhere\n",
		"name\nBo\"b\n",
		"name,role\n\"Ann,carer\n",
		"name,role\nAnn\n",
		"name\nB\xffb\n",
		"age\n3\n",
		"name\n",
		"",
		"name\n\u202eAnn\u2066\n",
		"name\n\x00\n",
		"name,preferred_name\r\n\r\n\"\"\"\",\"\r\"\r\n",
	}
	for _, seed := range seeds {
		f.Add([]byte(seed))
	}
	// One database for the whole run: every successful import is removed
	// again after it has been checked, so it stays small and fast.
	s, _ := ioTestStore(f)
	ctx := context.Background()
	f.Fuzz(func(t *testing.T, data []byte) {
		before := ioCount(t, s, "people")
		n, err := s.ImportPeopleCSV(ctx, strings.NewReader(string(data)), "fuzz.csv")
		after := ioCount(t, s, "people")
		if err != nil {
			if n != 0 {
				t.Fatalf("n = %d with error %v", n, err)
			}
			if after != before {
				t.Fatalf("failed import changed the people count %d→%d: %v", before, after, err)
			}
			if !strings.HasPrefix(err.Error(), "fuzz.csv:") {
				t.Fatalf("error does not name the file: %v", err)
			}
			if _, bad := badStoredRune(err.Error()); bad {
				t.Fatalf("error message carries a control character: %q", err.Error())
			}
			return
		}
		if n <= 0 || after != before+n {
			t.Fatalf("import returned %d but the people count went %d→%d", n, before, after)
		}
		rows, err := s.db.QueryContext(ctx, "SELECT name, preferred_name, role, phone, email FROM people")
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var name, pref, role, phone, email string
			if err := rows.Scan(&name, &pref, &role, &phone, &email); err != nil {
				t.Fatal(err)
			}
			if name == "" {
				t.Fatal("a person was stored without a name")
			}
			for _, v := range []string{name, pref, phone, email} {
				if r, bad := badStoredRune(v); bad {
					t.Fatalf("stored %q contains %U", v, r)
				}
			}
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		rows.Close()
		if _, err := s.db.ExecContext(ctx, "DELETE FROM people"); err != nil {
			t.Fatal(err)
		}
	})
}
