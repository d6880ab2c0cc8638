package store

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/involve/involve/termsafe"
)

// csvPeopleColumns are the columns ImportPeopleCSV understands, in the order
// messages list them.
var csvPeopleColumns = []string{"name", "preferred_name", "role", "phone", "email", "forums"}

// csvImportError is one thing wrong with an import file, written as
// FILE:LINE: what is wrong (or FILE: what is wrong when no line is to blame).
type csvImportError struct {
	File string
	Line int // 0 when the whole file is at fault
	Msg  string
}

func (e *csvImportError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return e.File + ": " + e.Msg
}

// csvPersonRow is a validated row waiting to be inserted.
type csvPersonRow struct {
	line     int
	person   Person
	forumIDs []string
}

// ImportPeopleCSV reads people from a CSV file (RFC 4180, a header row, UTF-8
// with or without a byte-order mark) and adds them all in one transaction:
// either every row is imported or none is. The columns are name (required),
// preferred_name, role, phone, email and forums (forum names separated by
// ";", each of which must already exist). filename is used in messages,
// which read "FILE:LINE: what is wrong". It returns how many people were
// added.
func (s *Store) ImportPeopleCSV(ctx context.Context, r io.Reader, filename string) (int, error) {
	if err := s.allow(ctx, "ImportPeopleCSV"); err != nil {
		return 0, err
	}
	file := termsafe.Line(filename)
	if file == "" {
		file = "(input)"
	}
	fail := func(line int, format string, args ...any) error {
		return &csvImportError{File: file, Line: line, Msg: fmt.Sprintf(format, args...)}
	}

	forums, err := s.csvForumIndex(ctx)
	if err != nil {
		return 0, fmt.Errorf("%s: cannot read the list of forums: %w", file, err)
	}

	br := bufio.NewReader(r)
	if bom, _ := br.Peek(3); bytes.Equal(bom, []byte("\xef\xbb\xbf")) {
		br.Discard(3)
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1 // counted here, to say it in plain English

	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return 0, fail(0, "the file is empty; it needs a header row (name, preferred_name, role, phone, email, forums) and a row for each person")
	}
	if err != nil {
		return 0, csvReadError(file, err)
	}
	headerLine, _ := cr.FieldPos(0)
	col, err := csvHeaderColumns(header)
	if err != nil {
		return 0, fail(headerLine, "%s", err)
	}

	known, err := s.csvKnownPeople(ctx)
	if err != nil {
		return 0, fmt.Errorf("%s: cannot read the people already here: %w", file, err)
	}
	today := LocalDate(s.now())
	var rows []csvPersonRow
	// Every row is checked, and every mistake in each row, so that one run
	// lists the mistakes to fix (up to maxImportErrors of them), not one
	// at a time.
	var mistakes []error
	for len(mistakes) < maxImportErrors {
		if err := ctx.Err(); err != nil {
			return 0, err
		}
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			mistakes = append(mistakes, csvReadError(file, err))
			break // the file cannot be read on from here
		}
		line, _ := cr.FieldPos(0)
		if len(rec) != len(header) {
			mistakes = append(mistakes, fail(line, "this row has %s but the header row has %d (a value containing a comma must be in double quotes)",
				csvPlural(len(rec), "field", "fields"), len(header)))
			continue
		}
		blank, bad := true, false
		for i, v := range rec {
			if !utf8.ValidString(v) {
				mistakes = append(mistakes, fail(line, "the %s column is not valid UTF-8 text (save the file as \"CSV UTF-8\")", col.name(i)))
				bad = true
			} else if strings.TrimSpace(v) != "" {
				blank = false
			}
		}
		if bad || blank {
			continue // spreadsheets often leave rows of empty cells at the end
		}
		row, msgs := csvPersonFromRecord(rec, col, forums, today)
		// The same person twice (this file imported again, or a row
		// repeated): same name, phone and email.
		if row.person.Name != "" {
			k := csvPersonKey(row.person.Name, row.person.Phone, row.person.Email)
			if where, dup := known[k]; dup {
				msgs = append(msgs, fmt.Sprintf("%s is %s already, with the same phone and email: take the row out (was the file imported before?)",
					strings.Join(strings.Fields(row.person.Name), " "), where))
			} else {
				known[k] = fmt.Sprintf("on line %d", line)
			}
		}
		for _, msg := range msgs {
			mistakes = append(mistakes, fail(line, "%s", msg))
		}
		if len(msgs) == 0 {
			row.line = line
			rows = append(rows, row)
		}
	}
	mistakes = mistakes[:min(len(mistakes), maxImportErrors)]
	switch {
	case len(mistakes) == 1:
		return 0, mistakes[0]
	case len(mistakes) >= maxImportErrors:
		return 0, fmt.Errorf("the first %d mistakes (there may be more: fix these and run it again); nothing was imported:\n%w", len(mistakes), errors.Join(mistakes...))
	case len(mistakes) > 1:
		return 0, fmt.Errorf("%s; nothing was imported:\n%w", csvPlural(len(mistakes), "mistake", "mistakes"), errors.Join(mistakes...))
	case len(rows) == 0:
		return 0, fail(0, "the file has a header row but no people to import")
	}

	err = s.tx(ctx, func(tx *sql.Tx) error {
		for i := range rows {
			row := &rows[i]
			var ids []string
			if len(row.forumIDs) > 0 {
				ids = row.forumIDs
			}
			if err := s.savePerson(ctx, tx, &row.person, ids); err != nil {
				if strings.Contains(err.Error(), "FOREIGN KEY") {
					return fail(row.line, "one of this person's forums was deleted while the file was being imported; nothing was imported")
				}
				return fail(row.line, "cannot save this person: %v", err)
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return len(rows), nil
}

// csvKnownPeople are the people already in the database, by csvPersonKey.
func (s *Store) csvKnownPeople(ctx context.Context) (map[string]string, error) {
	known := map[string]string{}
	rows, err := s.db.QueryContext(ctx, "SELECT name, phone, email FROM people")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var name, phone, email string
		if err := rows.Scan(&name, &phone, &email); err != nil {
			return nil, err
		}
		known[csvPersonKey(name, phone, email)] = "in People"
	}
	return known, rows.Err()
}

// csvPersonKey is what makes two rows the same person: the name (case and
// spacing aside), the phone number's digits and the email address.
func csvPersonKey(name, phone, email string) string {
	digits := strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, phone)
	// NFC: a Mac may save "Thảo" with its accents as separate marks.
	name = norm.NFC.String(name)
	return strings.ToLower(strings.Join(strings.Fields(name), " ")) + "\x00" + digits + "\x00" + strings.ToLower(strings.TrimSpace(email))
}

// csvColumns says where each known column is in a record; absent columns
// are not in the map.
type csvColumns map[string]int

// name is the column at index i, as this package spells it.
func (c csvColumns) name(i int) string {
	for k, j := range c {
		if j == i {
			return k
		}
	}
	return fmt.Sprintf("column %d", i+1)
}

func (c csvColumns) get(rec []string, name string) string {
	i, ok := c[name]
	if !ok {
		return ""
	}
	return rec[i]
}

// csvHeaderColumns reads the header row: names are matched ignoring case and
// surrounding spaces, and "preferred name" or "preferred-name" mean
// preferred_name.
func csvHeaderColumns(header []string) (csvColumns, error) {
	known := map[string]bool{}
	for _, c := range csvPeopleColumns {
		known[c] = true
	}
	col := csvColumns{}
	var unknown []string
	for i, h := range header {
		if !utf8.ValidString(h) {
			return nil, fmt.Errorf("the header row is not valid UTF-8 text (save the file as \"CSV UTF-8\")")
		}
		k := strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		k = strings.NewReplacer(" ", "_", "-", "_").Replace(k)
		switch {
		case k == "":
			return nil, fmt.Errorf("column %d of the header row has no name; every column needs one of: %s",
				i+1, strings.Join(csvPeopleColumns, ", "))
		case !known[k]:
			unknown = append(unknown, fmt.Sprintf("%q", termsafe.Line(h)))
		default:
			if _, dup := col[k]; dup {
				return nil, fmt.Errorf("the header row has the column %q twice", k)
			}
			col[k] = i
		}
	}
	if len(unknown) > 0 {
		return nil, fmt.Errorf("unknown %s %s in the header row; the columns are: %s",
			csvPluralWord(len(unknown), "column", "columns"), joinAnd(unknown), strings.Join(csvPeopleColumns, ", "))
	}
	if _, ok := col["name"]; !ok {
		return nil, fmt.Errorf("the header row has no name column; it is required (the columns are: %s)",
			strings.Join(csvPeopleColumns, ", "))
	}
	return col, nil
}

// csvForums maps forum names, folded to lower case, to their IDs. When two
// names fold to the same key (SQLite's NOCASE only folds ASCII), the key maps
// to "" and a cell naming it must use the exact spelling.
type csvForums struct {
	exact  map[string]string
	folded map[string]string
}

func (s *Store) csvForumIndex(ctx context.Context) (csvForums, error) {
	idx := csvForums{exact: map[string]string{}, folded: map[string]string{}}
	rows, err := s.db.QueryContext(ctx, "SELECT id, name FROM forums")
	if err != nil {
		return idx, err
	}
	defer rows.Close()
	for rows.Next() {
		var id, name string
		if err := rows.Scan(&id, &name); err != nil {
			return idx, err
		}
		idx.exact[name] = id
		k := forumKey(name)
		if _, seen := idx.folded[k]; seen {
			idx.folded[k] = ""
		} else {
			idx.folded[k] = id
		}
	}
	return idx, rows.Err()
}

func (f csvForums) lookup(name string) (string, bool) {
	if id, ok := f.exact[name]; ok {
		return id, true
	}
	id := f.folded[forumKey(name)]
	return id, id != ""
}

// csvPersonFromRecord turns one record into a person, cleaned and checked by
// the same rules SavePerson applies, or says in plain English everything
// that is wrong with it, one message a mistake.
func csvPersonFromRecord(rec []string, col csvColumns, forums csvForums, today string) (csvPersonRow, []string) {
	p := Person{
		Name:          col.get(rec, "name"),
		PreferredName: col.get(rec, "preferred_name"),
		Role:          Role(col.get(rec, "role")),
		Phone:         col.get(rec, "phone"),
		Email:         col.get(rec, "email"),
	}
	p.clean()
	var msgs []string
	if p.Name == "" {
		msgs = append(msgs, "no name is given; every person needs a name")
	}
	if role, err := ParseRole(termsafe.Line(string(p.Role))); err != nil {
		msgs = append(msgs, "role: "+err.Error())
	} else {
		p.Role = role
	}
	for _, err := range p.problems(today) {
		var fe *FieldError
		switch {
		case !errors.As(err, &fe):
			msgs = append(msgs, err.Error())
		case fe.Field == "Role", fe.Field == "Name" && p.Name == "":
			// said above, in the words of a CSV file
		default:
			msgs = append(msgs, strings.ToLower(fe.Field)+": "+fe.Message)
		}
	}
	if len([]rune(p.PreferredName)) > 200 {
		msgs = append(msgs, "preferred_name: that name is too long (200 characters at most)")
	}
	var ids []string
	seen := map[string]bool{}
	for _, part := range strings.Split(col.get(rec, "forums"), ";") {
		name := termsafe.Line(part)
		if name == "" {
			continue
		}
		id, ok := forums.lookup(name)
		if !ok {
			msgs = append(msgs, fmt.Sprintf("forums: there is no forum called %q (add the forum first, or check the spelling; separate forums with \";\")", name))
			continue
		}
		if !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	return csvPersonRow{person: p, forumIDs: ids}, msgs
}

// csvReadError explains a CSV syntax error, naming the line where the broken
// record starts.
func csvReadError(file string, err error) error {
	var pe *csv.ParseError
	if !errors.As(err, &pe) {
		return fmt.Errorf("%s: cannot read the file: %w", file, err)
	}
	line := pe.StartLine
	if line == 0 {
		line = pe.Line
	}
	var msg string
	switch {
	case errors.Is(pe.Err, csv.ErrBareQuote):
		msg = `a value that does not start with a double quote (") contains one; put the whole value in double quotes and write each " inside it as ""`
	case errors.Is(pe.Err, csv.ErrQuote):
		msg = `a quoted value is not closed properly: a value that starts with a double quote (") must end with one, and each " inside it must be written as ""`
	case errors.Is(pe.Err, csv.ErrFieldCount):
		msg = "this row has the wrong number of values"
	default:
		msg = "the file is not valid CSV: " + pe.Err.Error()
	}
	if pe.Line > line {
		msg += fmt.Sprintf(" (the problem shows on line %d)", pe.Line)
	}
	return &csvImportError{File: file, Line: line, Msg: msg}
}

func csvPlural(n int, one, many string) string {
	return fmt.Sprintf("%d %s", n, csvPluralWord(n, one, many))
}

func csvPluralWord(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
