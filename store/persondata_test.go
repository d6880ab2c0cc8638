package store

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
)

// personColumnName is the rule that picks out, by name, a column that
// refers to or describes a person: a person's id by another name, an
// author, officer, owner, member, trainer…, someone who did something
// (*_by), and the details that describe a person wherever they are.
var personColumnName = regexp.MustCompile(`(?i)(^|_)(person|persons|people|author|authors|officer|officers|owner|owners|member|members|attendee|attendees|subject|requester|requested|contact|contacts|pseudonym|trainer|trainers|trainee|trainees|respondent|participant|participants|carer|carers|client|patient|user_id)(_|$)|_by$|^by_|(^|_)(phone|email|address|postcode|dob|birth|born|ethnicity|ethnic|gender|sex|sexuality|religion|disability|nhs_number|ni_number)(_|$)`)

// metaColumns are every record's own columns: they say nothing of a person.
var metaColumns = map[string]bool{"id": true, "created_at": true, "updated_at": true, "version": true}

// registryGaps compares the live schema of db with the registry and says,
// one line each, what is missing from the registry or wrong in it.
func registryGaps(ctx context.Context, q queryer, reg []PersonData) ([]string, error) {
	var gaps []string
	tables, err := checkStrings(ctx, q, `SELECT name FROM sqlite_master WHERE type = 'table'
		AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%'
		AND name NOT IN (SELECT name || '_data' FROM sqlite_master WHERE sql LIKE 'CREATE VIRTUAL TABLE%')
		AND name NOT IN (SELECT name || '_idx' FROM sqlite_master WHERE sql LIKE 'CREATE VIRTUAL TABLE%')
		AND name NOT IN (SELECT name || '_docsize' FROM sqlite_master WHERE sql LIKE 'CREATE VIRTUAL TABLE%')
		AND name NOT IN (SELECT name || '_config' FROM sqlite_master WHERE sql LIKE 'CREATE VIRTUAL TABLE%')
		AND name NOT IN (SELECT name || '_content' FROM sqlite_master WHERE sql LIKE 'CREATE VIRTUAL TABLE%')
		ORDER BY name`)
	if err != nil {
		return nil, err
	}
	covered := map[string]bool{} // "table.column" named by an entry
	entryTables := map[string]bool{}
	for _, d := range reg {
		entryTables[d.Table] = true
		for _, c := range d.Columns {
			covered[d.Table+"."+c] = true
		}
	}
	columnsOf := map[string][]string{}
	for _, t := range tables {
		cols, err := checkStrings(ctx, q, "SELECT name FROM pragma_table_info("+sqlQuote(t)+")")
		if err != nil {
			return nil, err
		}
		columnsOf[t] = cols
		fks := map[string]string{} // column → the table it refers to
		rows, err := q.QueryContext(ctx, `SELECT "table", "from" FROM pragma_foreign_key_list(?)`, t)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var to, from string
			if err := rows.Scan(&to, &from); err != nil {
				rows.Close()
				return nil, err
			}
			fks[from] = to
		}
		rows.Close()
		for _, c := range cols {
			name := t + "." + c
			if covered[name] || notPersonColumns[name] != "" || metaColumns[c] {
				continue
			}
			var why string
			switch {
			case t == "people":
				why = "a column of people: it describes a person"
			case fks[c] == "people":
				why = "a foreign key to people"
			case personColumnName.MatchString(c):
				why = "its name says it refers to or describes a person"
			default:
				continue
			}
			fix := "add an entry for table " + t + " saying how its rows are found, what it is, why it is held, where it came from, who it is shared with, how long it is kept and what erasure does"
			if entryTables[t] {
				fix = "add " + c + " to the Columns of the entry for " + t
			}
			gaps = append(gaps, fmt.Sprintf("%s (%s) is not in the person-data registry (store/persondata.go): %s; or, if it is not about a person, list it in notPersonColumns with why", name, why, fix))
		}
	}
	// What the registry says must be true of the schema.
	keys := map[string]PersonData{}
	for _, d := range reg {
		keys[d.Key] = d
	}
	for _, d := range reg {
		cols, ok := columnsOf[d.Table]
		if !ok {
			gaps = append(gaps, fmt.Sprintf("registry entry %q names table %s, which does not exist", d.Key, d.Table))
			continue
		}
		for _, c := range d.Columns {
			if !slices.Contains(cols, c) {
				gaps = append(gaps, fmt.Sprintf("registry entry %q names column %s.%s, which does not exist", d.Key, d.Table, c))
			}
		}
		for what, v := range map[string]string{"Noun": d.Noun, "Label": d.Label, "What": d.What, "Why": d.Why,
			"Source": d.Source, "Shared": d.Shared, "Kept": d.Kept, "Erase.Reason": d.Erase.Reason} {
			if strings.TrimSpace(v) == "" {
				gaps = append(gaps, fmt.Sprintf("registry entry %q says nothing for %s", d.Key, what))
			}
		}
		if d.Person == "" && d.Where == "" {
			gaps = append(gaps, fmt.Sprintf("registry entry %q does not say how its rows are found (Person or Where)", d.Key))
		}
		if len(d.Fields) == 0 {
			gaps = append(gaps, fmt.Sprintf("registry entry %q shows the person nothing (Fields)", d.Key))
		}
		for _, e := range []*EraseRule{&d.Erase, d.Anonymise} {
			if e != nil && e.How == EraseKeep && e.Keep != "" && e.Rest == "" {
				gaps = append(gaps, fmt.Sprintf("registry entry %q keeps some rows but does not say why the others go (Rest)", d.Key))
			}
			if e == nil || e.How != EraseWithParent {
				continue
			}
			parent, ok := keys[e.Parent]
			if !ok {
				gaps = append(gaps, fmt.Sprintf("registry entry %q goes with %q, which is not an entry", d.Key, e.Parent))
				continue
			}
			if slices.IndexFunc(reg, func(x PersonData) bool { return x.Key == d.Key }) > slices.IndexFunc(reg, func(x PersonData) bool { return x.Key == parent.Key }) {
				gaps = append(gaps, fmt.Sprintf("registry entry %q must come before %q, the record it goes with", d.Key, parent.Key))
			}
			cascade, err := count(ctx, q, `SELECT count(*) FROM pragma_foreign_key_list(?) WHERE "table" = ? AND on_delete = 'CASCADE'`, d.Table, parent.Table)
			if err != nil {
				return nil, err
			}
			if cascade == 0 {
				gaps = append(gaps, fmt.Sprintf("registry entry %q goes with %s, but %s has no foreign key to %s ON DELETE CASCADE", d.Key, parent.Table, d.Table, parent.Table))
			}
		}
	}
	if len(reg) == 0 || reg[len(reg)-1].Table != "people" {
		gaps = append(gaps, "the registry's last entry must be people: a person's records go before they do")
	}
	sort.Strings(gaps)
	return gaps, nil
}

// TestRegistryCoversSchema is the registry test: every column of the live
// schema that refers to or describes a person is in the person-data
// registry, and everything the registry says of the schema is true. A
// migration that adds such a column fails here, naming it.
func TestRegistryCoversSchema(t *testing.T) {
	s := recOpen(t)
	gaps, err := registryGaps(recCtx, s.db, Registry())
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range gaps {
		t.Error(g)
	}
}

// TestRegistryTestCatchesNewColumns proves the registry test would fail,
// and say exactly what is missing, when a migration adds tables that refer
// to people.
func TestRegistryTestCatchesNewColumns(t *testing.T) {
	s := recOpen(t)
	for _, stmt := range []string{
		`CREATE TABLE peer_calls (id TEXT PRIMARY KEY, meeting_id TEXT, raised_by TEXT REFERENCES people (id), point TEXT) STRICT`,
		`CREATE TABLE officer_contacts (id TEXT PRIMARY KEY, officer_id TEXT, contact_date TEXT, summary TEXT) STRICT`,
		`CREATE TABLE survey_answers (id TEXT PRIMARY KEY, person_id TEXT REFERENCES people (id), ethnicity TEXT) STRICT`,
		`ALTER TABLE people ADD COLUMN pronouns TEXT NOT NULL DEFAULT ''`,
		`ALTER TABLE access_needs ADD COLUMN carer_phone TEXT NOT NULL DEFAULT ''`,
	} {
		if _, err := s.db.Exec(stmt); err != nil {
			t.Fatal(err)
		}
	}
	gaps, err := registryGaps(recCtx, s.db, Registry())
	if err != nil {
		t.Fatal(err)
	}
	var named []string
	for _, g := range gaps {
		named = append(named, strings.SplitN(g, " ", 2)[0])
	}
	want := []string{"access_needs.carer_phone", "officer_contacts.contact_date", "officer_contacts.officer_id",
		"peer_calls.raised_by", "people.pronouns", "survey_answers.ethnicity", "survey_answers.person_id"}
	if !slices.Equal(named, want) {
		t.Errorf("the registry test named %q\nwant %q\n%s", named, want, strings.Join(gaps, "\n"))
	}

	// And once an entry says what they are, it passes.
	reg := append([]PersonData{}, Registry()[:len(Registry())-1]...)
	reg = append(reg, PersonData{Key: "survey", Noun: "x|xs", Table: "survey_answers", Columns: []string{"person_id", "ethnicity"},
		Person: "t.person_id", Label: "l", What: "w", Why: "y", Source: "s", Shared: "sh", Kept: "k",
		Fields: []Field{{Label: "Ethnicity", Expr: "t.ethnicity"}}, Erase: EraseRule{How: EraseDelete, Reason: "r"}})
	people := Registry()[len(Registry())-1]
	people.Columns = append(slices.Clone(people.Columns), "pronouns")
	reg = append(reg, people)
	gaps, err = registryGaps(recCtx, s.db, reg)
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range gaps {
		if strings.HasPrefix(g, "survey_answers.") || strings.HasPrefix(g, "people.") {
			t.Errorf("still missing after the entry was added: %s", g)
		}
	}
}

func sqlQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }
