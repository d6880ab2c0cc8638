package store

import (
	"bufio"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"filippo.io/age"
)

// SubjectAccess is everything held about one person, in plain English,
// worked out from the person-data registry: what each kind of record is,
// why it is held, where it came from, who it was shared with and how long
// it is kept, with the records themselves. Other people's names in free
// text are redacted (Redacted). It answers a subject access request.
type SubjectAccess struct {
	Name      string    `json:"name"`
	Preferred string    `json:"preferred_name"`
	Prepared  time.Time `json:"prepared_at"`
	// Retention is the years without involvement after which someone's
	// details are reviewed.
	Retention int             `json:"retention_years"`
	Sections  []AccessSection `json:"sections"`
	// NothingHeld lists the kinds of record held about some people but
	// not about this person.
	NothingHeld []string `json:"nothing_held"`
	Rights      []string `json:"your_rights"`
	Complain    string   `json:"how_to_complain"`
}

// Redacted is what an export writes in place of another person's name.
const Redacted = "[someone else]"

// AccessSection is one kind of record held about the person.
type AccessSection struct {
	Key     string     `json:"key"`
	Label   string     `json:"label"`
	What    string     `json:"what"`
	Why     string     `json:"why_we_hold_it"`
	Source  string     `json:"where_it_came_from"`
	Shared  string     `json:"who_it_is_shared_with"`
	Kept    string     `json:"how_long_we_keep_it"`
	Fields  []string   `json:"fields"`
	Records [][]string `json:"records"`
}

// yourRights are the rights a person has over their data (UK GDPR), and
// how to complain, in the words the export uses.
var yourRights = []string{
	"You can ask for a copy of everything we hold about you (this is it), free of charge.",
	"You can ask us to correct anything that is wrong or incomplete.",
	"You can ask us to erase your data. We will, except for what we must keep, such as money already paid to you, which we keep with no name or link to you.",
	"You can ask us to stop using your data, or to use it only in some ways, while something is put right.",
	"You can object to how we use your data, and withdraw your consent (to be contacted, or for a story) at any time.",
	"You can ask for the data you gave us in a form a computer can read (this export is also available as JSON).",
}

const howToComplain = "If you are unhappy with how we have handled your data, please tell the coordinator first. " +
	"You can also complain to the Information Commissioner's Office (ICO), the UK's independent regulator for data protection: " +
	"ico.org.uk/make-a-complaint, telephone 0303 123 1113, or write to the Information Commissioner's Office, " +
	"Wycliffe House, Water Lane, Wilmslow, Cheshire SK9 5AF."

// SubjectAccess gathers everything held about the person with this id
// (one consistent read), from the registry.
func (s *Store) SubjectAccess(ctx context.Context, id string) (SubjectAccess, error) {
	if err := s.allow(ctx, "SubjectAccess"); err != nil {
		return SubjectAccess{}, err
	}
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return SubjectAccess{}, err
	}
	defer tx.Rollback()
	sub, _, err := loadSubject(ctx, tx, id)
	if err != nil {
		return SubjectAccess{}, err
	}
	years, err := retentionYears(ctx, tx)
	if err != nil {
		return SubjectAccess{}, err
	}
	sa := SubjectAccess{Name: sub.name, Prepared: s.now().Truncate(time.Second), Retention: years,
		Rights: yourRights, Complain: howToComplain}
	if sub.preferred != "" {
		sa.Preferred = sub.preferred
	} else {
		sa.Preferred = sub.ambiguous
	}
	red := &redactor{q: tx, ctx: ctx, sub: sub}
	args := sub.args(s.stamp())
	for _, d := range exportOrder() {
		sec := AccessSection{Key: d.Key, Label: d.Label, What: d.What, Why: d.Why, Source: d.Source, Shared: d.Shared,
			Kept: strings.ReplaceAll(d.Kept, "{years}", strconv.Itoa(years))}
		for _, f := range d.Fields {
			sec.Fields = append(sec.Fields, f.Label)
		}
		if d.Mentions != nil {
			sec.Fields = append(sec.Fields, "What was written")
			if err := mentionRecords(ctx, tx, d, sub, args, red, &sec); err != nil {
				return sa, fmt.Errorf("reading %s: %w", d.Key, err)
			}
		} else if err := fieldRecords(ctx, tx, d, args, red, &sec); err != nil {
			return sa, fmt.Errorf("reading %s: %w", d.Key, err)
		}
		if len(sec.Records) == 0 {
			sa.NothingHeld = append(sa.NothingHeld, d.Label)
			continue
		}
		sa.Sections = append(sa.Sections, sec)
	}
	return sa, nil
}

// fieldRecords reads an entry's rows, one record a row, its fields as text.
func fieldRecords(ctx context.Context, q queryer, d PersonData, args []any, red *redactor, sec *AccessSection) error {
	exprs := make([]string, len(d.Fields))
	for i, f := range d.Fields {
		exprs[i] = f.Expr
	}
	query := "SELECT " + strings.Join(exprs, ", ") + " FROM " + d.from() + " WHERE " + d.where()
	if d.Order != "" {
		query += " ORDER BY " + d.Order
	}
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	vals := make([]sql.NullString, len(d.Fields))
	dest := make([]any, len(vals))
	for i := range vals {
		dest[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		rec := make([]string, len(vals))
		for i, v := range vals {
			rec[i] = v.String
			switch {
			case d.Fields[i].Money:
				if n, err := strconv.ParseInt(v.String, 10, 64); err == nil {
					rec[i] = Pence(n).String()
				}
			case d.Fields[i].Redact && v.String != "":
				if rec[i], err = red.redact(v.String); err != nil {
					return err
				}
			}
		}
		sec.Records = append(sec.Records, rec)
	}
	return rows.Err()
}

// mentionRecords reads the lines of free text that name the person: one
// record a line, with the entry's fields first.
func mentionRecords(ctx context.Context, q queryer, d PersonData, sub subject, args []any, red *redactor, sec *AccessSection) error {
	found, err := findMentions(ctx, q, d, sub, args)
	if err != nil || len(found) == 0 {
		return err
	}
	exprs := make([]string, len(d.Fields))
	for i, f := range d.Fields {
		exprs[i] = f.Expr
	}
	stmt, err := q.QueryContext(ctx, "SELECT t.id, "+strings.Join(exprs, ", ")+" FROM "+d.from()+" WHERE "+d.where()+
		" ORDER BY "+d.Order, args...)
	if err != nil {
		return err
	}
	defer stmt.Close()
	byID := map[string][]string{}
	var order []string
	for stmt.Next() {
		vals := make([]string, len(d.Fields)+1)
		dest := make([]any, len(vals))
		for i := range vals {
			dest[i] = &vals[i]
		}
		if err := stmt.Scan(dest...); err != nil {
			return err
		}
		byID[vals[0]] = vals[1:]
		order = append(order, vals[0])
	}
	if err := stmt.Err(); err != nil {
		return err
	}
	text := map[string][]string{}
	for _, r := range found {
		text[r.id] = r.text
	}
	for _, id := range order {
		for _, t := range text[id] {
			for _, line := range strings.Split(t, "\n") {
				if !sub.namedIn(line) {
					continue
				}
				line, err := red.redact(strings.TrimLeft(strings.TrimSpace(line), "#-*+> "))
				if err != nil {
					return err
				}
				sec.Records = append(sec.Records, append(append([]string{}, byID[id]...), line))
			}
		}
	}
	return nil
}

// redactor replaces other people's names in free text with Redacted: any
// run of one to three capitalised words that is someone else's name, the
// name they prefer, or (three letters or more) their first name. The
// person's own names stay. The names are read once, when first needed.
type redactor struct {
	q     queryer
	ctx   context.Context
	sub   subject
	names map[string]bool
}

func (r *redactor) load() error {
	r.names = map[string]bool{}
	own := map[string]bool{}
	for _, n := range []string{r.sub.name, r.sub.preferred, r.sub.ambiguous, firstWord(r.sub.name)} {
		if n != "" {
			own[strings.ToLower(n)] = true
		}
	}
	rows, err := r.q.QueryContext(r.ctx, "SELECT name, preferred_name FROM people WHERE id != ?", r.sub.id)
	if err != nil {
		return err
	}
	defer rows.Close()
	add := func(n string) {
		n = strings.ToLower(strings.Join(strings.Fields(n), " "))
		if n != "" && !own[n] {
			r.names[n] = true
		}
	}
	for rows.Next() {
		var name, pref string
		if err := rows.Scan(&name, &pref); err != nil {
			return err
		}
		add(name)
		add(pref)
		if f := firstWord(name); utf8.RuneCountInString(f) >= 3 {
			add(f)
		}
	}
	return rows.Err()
}

func firstWord(s string) string {
	if f := strings.Fields(s); len(f) > 0 {
		return f[0]
	}
	return ""
}

type wordSpan struct{ start, end int }

// words finds the words of s: letters and digits, with apostrophes and
// hyphens inside (O'Connor, Mary-Jane).
func words(s string) []wordSpan {
	var out []wordSpan
	start := -1
	for i, r := range s {
		in := unicode.IsLetter(r) || unicode.IsDigit(r) ||
			(start >= 0 && (r == '\'' || r == '’' || r == '-') && i+utf8.RuneLen(r) < len(s) && isWordRune(firstRune(s[i+utf8.RuneLen(r):])))
		switch {
		case in && start < 0:
			start = i
		case !in && start >= 0:
			out = append(out, wordSpan{start, i})
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, wordSpan{start, len(s)})
	}
	return out
}

func firstRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}

func (r *redactor) redact(s string) (string, error) {
	if r.names == nil {
		if err := r.load(); err != nil {
			return "", err
		}
	}
	ws := words(s)
	var b strings.Builder
	last := 0
	for i := 0; i < len(ws); {
		matched := 0
		for n := min(3, len(ws)-i); n >= 1; n-- {
			if !unicode.IsUpper(firstRune(s[ws[i].start:])) {
				break
			}
			joined := true
			for k := i; k < i+n-1; k++ {
				if strings.TrimSpace(s[ws[k].end:ws[k+1].start]) != "" {
					joined = false
				}
			}
			if !joined {
				continue
			}
			cand := strings.ToLower(strings.Join(strings.Fields(s[ws[i].start:ws[i+n-1].end]), " "))
			if r.names[cand] {
				matched = n
				break
			}
		}
		if matched == 0 {
			i++
			continue
		}
		b.WriteString(s[last:ws[i].start])
		b.WriteString(Redacted)
		last = ws[i+matched-1].end
		i += matched
	}
	b.WriteString(s[last:])
	return b.String(), nil
}

// WriteJSON writes the export as one JSON object.
func (sa SubjectAccess) WriteJSON(w io.Writer) error {
	if sa.Sections == nil {
		sa.Sections = []AccessSection{}
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(sa)
}

// WriteMarkdown writes the export as a letter-like document in markdown.
func (sa SubjectAccess) WriteMarkdown(w io.Writer) error {
	bw := bufio.NewWriter(w)
	p := func(format string, args ...any) { fmt.Fprintf(bw, format, args...) }
	name := sa.Name
	if sa.Preferred != "" && sa.Preferred != sa.Name {
		name += " (" + sa.Preferred + ")"
	}
	p("# What we hold about you: %s\n\n", mdText(name))
	p("Prepared on %s.\n\n", sa.Prepared.In(London).Format("2 January 2006"))
	p("This is everything the partnership's involvement records hold about you: for each kind of record, what it is, ")
	p("why we hold it, where it came from, who it was shared with and how long we keep it, then the records themselves. ")
	p("Where a record names someone else, their name is replaced by %s.\n", mdText(Redacted))
	for _, sec := range sa.Sections {
		p("\n## %s\n\n", mdText(sec.Label))
		p("- **What it is:** %s\n", mdText(sec.What))
		p("- **Why we hold it:** %s\n", mdText(sec.Why))
		p("- **Where it came from:** %s\n", mdText(sec.Source))
		p("- **Who it was shared with:** %s\n", mdText(sec.Shared))
		p("- **How long we keep it:** %s\n\n", mdText(sec.Kept))
		writeRecords(bw, sec)
	}
	if len(sa.NothingHeld) > 0 {
		p("\n## What we do not hold about you\n\n")
		p("We keep these kinds of record about some people, but hold none about you: %s.\n", mdText(strings.ToLower(joinAnd(sa.NothingHeld))))
	}
	p("\n## Your rights\n\n")
	for _, r := range sa.Rights {
		p("- %s\n", mdText(r))
	}
	p("\n## How to complain\n\n%s\n", mdText(sa.Complain))
	return bw.Flush()
}

// writeRecords writes a section's records: a table when every value is a
// short line, else each record as a list of its fields.
func writeRecords(w *bufio.Writer, sec AccessSection) {
	used := make([]bool, len(sec.Fields))
	long := len(sec.Records) == 1
	for _, rec := range sec.Records {
		for i, v := range rec {
			if v != "" {
				used[i] = true
			}
			if strings.Contains(v, "\n") || utf8.RuneCountInString(v) > 60 {
				long = true
			}
		}
	}
	if long {
		for n, rec := range sec.Records {
			if n > 0 {
				w.WriteString("\n")
			}
			for i, v := range rec {
				if v == "" {
					continue
				}
				if strings.Contains(v, "\n") {
					fmt.Fprintf(w, "- **%s:**\n\n", mdText(sec.Fields[i]))
					for _, line := range strings.Split(strings.TrimRight(v, "\n"), "\n") {
						fmt.Fprintf(w, "  > %s\n", line)
					}
					w.WriteString("\n")
					continue
				}
				fmt.Fprintf(w, "- **%s:** %s\n", mdText(sec.Fields[i]), mdText(v))
			}
		}
		return
	}
	var head, rule []string
	for i, f := range sec.Fields {
		if used[i] {
			head = append(head, mdCell(f))
			rule = append(rule, "---")
		}
	}
	fmt.Fprintf(w, "| %s |\n| %s |\n", strings.Join(head, " | "), strings.Join(rule, " | "))
	for _, rec := range sec.Records {
		var cells []string
		for i, v := range rec {
			if used[i] {
				cells = append(cells, mdCell(v))
			}
		}
		fmt.Fprintf(w, "| %s |\n", strings.Join(cells, " | "))
	}
}

// retentionYears is the setting retention_years (DefaultRetentionYears
// unless set).
func retentionYears(ctx context.Context, q queryer) (int, error) {
	var v string
	err := q.QueryRowContext(ctx, "SELECT value FROM settings WHERE key = ?", SettingRetentionYears).Scan(&v)
	if err == sql.ErrNoRows {
		return DefaultRetentionYears, nil
	}
	if err != nil {
		return 0, err
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		return DefaultRetentionYears, nil
	}
	return n, nil
}

// The retention setting.
const (
	SettingRetentionYears = "retention_years"
	DefaultRetentionYears = 3
)

// exportOrder is the order the export shows the registry in: the person's
// own details first, then each kind of record in the registry's order,
// with the records that belong to it (a story's text and versions) after
// it.
func exportOrder() []PersonData {
	var out []PersonData
	last := registry[len(registry)-1]
	out = append(out, last)
	for _, d := range registry[:len(registry)-1] {
		if d.Erase.How == EraseWithParent || d.Staff {
			continue
		}
		out = append(out, d)
		for _, c := range registry {
			if c.Erase.How == EraseWithParent && c.Erase.Parent == d.Key {
				out = append(out, c)
			}
		}
	}
	return out
}

// WriteSubjectAccessFile writes the export of the person with this id to
// path (md, or json when asJSON), private (mode 0600, in a folder it makes
// 0700), through a temporary file renamed into place so that nothing
// half-written is left; encrypted with age for recipients when there are
// any, with no unencrypted copy written. It refuses the database itself.
func (s *Store) WriteSubjectAccessFile(ctx context.Context, id, path string, asJSON bool, recipients []age.Recipient) error {
	if err := s.allow(ctx, "WriteSubjectAccessFile"); err != nil {
		return err
	}
	if strings.TrimSpace(path) == "" {
		return fieldErr("File", "say where to write it")
	}
	path = filepath.Clean(path)
	for _, p := range []string{s.path, s.path + "-wal", s.path + "-shm"} {
		if SameFile(path, p) || filepath.Clean(p) == path {
			return fieldErr("File", "%s is the database itself: write the export to another file", path)
		}
	}
	sa, err := s.inner().SubjectAccess(ctx, id)
	if err != nil {
		return err
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("cannot make the folder %s: %s", dir, FileProblem(err))
	}
	f, err := privateTemp(dir, ".involve-export-*")
	if err != nil {
		return fmt.Errorf("cannot write in %s: %s", dir, FileProblem(err))
	}
	defer os.Remove(f.Name())
	var w io.Writer = f
	var enc io.WriteCloser
	if len(recipients) > 0 {
		if enc, err = age.Encrypt(f, recipients...); err != nil {
			f.Close()
			return err
		}
		w = enc
	}
	if asJSON {
		err = sa.WriteJSON(w)
	} else {
		err = sa.WriteMarkdown(w)
	}
	if err == nil && enc != nil {
		err = enc.Close()
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("cannot write %s: %v", path, err)
	}
	return renameInto(f.Name(), path)
}
