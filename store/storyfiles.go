package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/google/uuid"
	"go.yaml.in/yaml/v3"
)

// Stories as markdown files: YAML front matter between two lines of ---,
// then the story's markdown, exactly as it is stored.
//
//	---
//	title: A long road
//	slug: a-long-road
//	themes: [recovery, family]
//	content_notes: [overdose]
//	status: approved
//	naming: first_name_area
//	author: Sam Taylor
//	author_area: Northfield
//	consent: given
//	consent_date: "2026-01-05"
//	consent_how: written
//	uses: [forums, print]
//	---
//	The story…

// storyFront is a story's front matter. Every key is optional but the
// title (a file with no front matter at all takes its title from its first
// heading, or its file name). author_person links the story to a person,
// by id, by name, or by the name they prefer when only one person does;
// the linked person's name then names the author.
type storyFront struct {
	ID           string   `yaml:"id,omitempty"`
	Title        string   `yaml:"title"`
	Slug         string   `yaml:"slug,omitempty"`
	Summary      string   `yaml:"summary,omitempty"`
	Themes       []string `yaml:"themes,omitempty"`
	ContentNotes []string `yaml:"content_notes,omitempty"`
	Status       string   `yaml:"status,omitempty"`
	Author       string   `yaml:"author,omitempty"`
	AuthorArea   string   `yaml:"author_area,omitempty"`
	Pseudonym    string   `yaml:"pseudonym,omitempty"`
	Naming       string   `yaml:"naming,omitempty"`
	Consent      string   `yaml:"consent,omitempty"`
	ConsentDate  string   `yaml:"consent_date,omitempty"`
	ConsentHow   string   `yaml:"consent_how,omitempty"`
	Uses         []string `yaml:"uses,omitempty"`
	Expires      string   `yaml:"expires,omitempty"`
	Embargo      string   `yaml:"embargo,omitempty"`
	TextApproved string   `yaml:"text_approved,omitempty"`
	AuthorPerson string   `yaml:"author_person,omitempty"`
}

// frontKeys lists the front matter keys, for error messages.
const frontKeys = "id, title, slug, summary, themes, content_notes, status, author, author_area, pseudonym, naming, " +
	"consent, consent_date, consent_how, uses, expires, embargo, text_approved, author_person"

// fieldKeys maps a FieldError's field to its front matter key.
var fieldKeys = map[string]string{
	"Id": "id", "Title": "title", "Slug": "slug", "Summary": "summary", "Themes": "themes",
	"Content notes": "content_notes", "Status": "status", "Author": "author", "Area": "author_area",
	"Pseudonym": "pseudonym", "Naming": "naming", "Consent": "consent", "Consent date": "consent_date",
	"Consent how": "consent_how", "Uses": "uses", "Expires": "expires", "Embargo": "embargo",
	"Text approved": "text_approved",
}

// storyFile is one parsed story file.
type storyFile struct {
	path         string
	story        Story
	authorPerson string
	keyLine      map[string]int // front matter key → line in the file
	bodyLine     int            // the line the body starts on
}

// line is the line of a front matter key, or of the front matter's start.
func (f *storyFile) line(key string) int {
	if key == "author" {
		if n, ok := f.keyLine["author_person"]; ok && f.authorPerson != "" {
			return n
		}
	}
	if n, ok := f.keyLine[key]; ok {
		return n
	}
	if key == "body" {
		return f.bodyLine
	}
	return 1
}

// errAt is an import error: FILE:LINE: what is wrong.
func errAt(path string, line int, format string, args ...any) error {
	return fmt.Errorf("%s:%d: %s", path, line, fmt.Sprintf(format, args...))
}

// fieldErrAt places a validation error on the line of its key.
func (f *storyFile) fieldErrAt(err error) error {
	var fe *FieldError
	if errors.As(err, &fe) {
		key := fieldKeys[fe.Field]
		if fe.Field == "Story" {
			key = "body"
		}
		return errAt(f.path, f.line(key), "%s: %s", strings.ToLower(fe.Field), fe.Message)
	}
	return fmt.Errorf("%s: %w", f.path, err)
}

var (
	yamlLineRE    = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)
	yamlUnknownRE = regexp.MustCompile(`field (\S+) not found in type \S+`)
	yamlTypeRE    = regexp.MustCompile("cannot unmarshal !!(\\w+) (?:`(.*)` )?into (\\S+)")
)

// yamlErrors turns the YAML decoder's complaints into FILE:LINE errors,
// counting lines from the start of the file.
func yamlErrors(path string, offset int, err error) error {
	var msgs []string
	var te *yaml.TypeError
	if errors.As(err, &te) {
		msgs = te.Errors
	} else {
		msgs = []string{err.Error()}
	}
	var out []error
	for _, m := range msgs {
		line := offset + 1
		if sm := yamlLineRE.FindStringSubmatch(m); sm != nil {
			n, _ := strconv.Atoi(sm[1])
			if strings.HasPrefix(sm[2], "did not find expected") {
				n++ // the parser (not the scanner) counts lines from 0
			}
			line, m = offset+n, sm[2]
		}
		m = strings.TrimPrefix(m, "yaml: ")
		if sm := yamlUnknownRE.FindStringSubmatch(m); sm != nil {
			m = fmt.Sprintf("unknown key %q in the front matter (the keys are: %s)", sm[1], frontKeys)
		} else if sm := yamlTypeRE.FindStringSubmatch(m); sm != nil {
			want := "a single value"
			switch {
			case strings.HasPrefix(sm[3], "[]"):
				want = "a list, like [one, two]"
			case strings.HasSuffix(sm[3], "storyFront"):
				want = "a set of keys (like title: A long road)"
			}
			what := map[string]string{"seq": "a list", "map": "a set of keys"}[sm[1]]
			if what == "" {
				what = strconv.Quote(sm[2])
			}
			m = fmt.Sprintf("%s is not %s", what, want)
		}
		out = append(out, errAt(path, line, "%s", m))
	}
	return errors.Join(out...)
}

// parseStoryFile reads one story file: its front matter, checked against
// the known keys and the rules for stories, and its body.
func parseStoryFile(path string, data []byte) (*storyFile, error) {
	if !utf8.Valid(data) {
		i := 0
		for i < len(data) {
			r, size := utf8.DecodeRune(data[i:])
			if r == utf8.RuneError && size <= 1 {
				break
			}
			i += size
		}
		return nil, errAt(path, 1+bytes.Count(data[:i], []byte("\n")), "the file is not UTF-8 text (save it as UTF-8)")
	}
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	f := &storyFile{path: path, keyLine: map[string]int{}, bodyLine: 1}
	var front storyFront
	body := data
	hasFront := false
	if first, rest, ok := cutLine(data); ok && isFence(first, false) {
		hasFront = true
		var fm []byte
		closed := false
		n := 1
		for len(rest) > 0 {
			l, r, _ := cutLine(rest)
			n++
			if isFence(l, true) {
				closed = true
				body = r
				f.bodyLine = n + 1
				break
			}
			fm = append(fm, l...)
			fm = append(fm, '\n')
			rest = r
		}
		if !closed {
			return nil, errAt(path, 1, "the front matter is not closed: end it with a line of ---")
		}
		dec := yaml.NewDecoder(bytes.NewReader(fm))
		dec.KnownFields(true)
		if err := dec.Decode(&front); err != nil && !errors.Is(err, io.EOF) {
			return nil, yamlErrors(path, 1, err)
		}
		var node yaml.Node
		if err := yaml.Unmarshal(fm, &node); err == nil && len(node.Content) > 0 && node.Content[0].Kind == yaml.MappingNode {
			m := node.Content[0]
			for i := 0; i+1 < len(m.Content); i += 2 {
				f.keyLine[m.Content[i].Value] = m.Content[i].Line + 1
			}
		}
		if strings.TrimSpace(front.Title) == "" {
			return nil, errAt(path, f.line("title"), "the front matter needs a title")
		}
	}
	st := Story{Meta: Meta{ID: strings.TrimSpace(front.ID)}, Title: front.Title, Slug: front.Slug, Summary: front.Summary,
		Body: string(body), Themes: front.Themes, ContentNotes: front.ContentNotes, Status: StoryStatus(front.Status),
		AuthorName: front.Author, AuthorArea: front.AuthorArea, Pseudonym: front.Pseudonym, Naming: Naming(front.Naming),
		Consent: ConsentState(front.Consent), ConsentDate: front.ConsentDate, ConsentHow: front.ConsentHow,
		Expires: front.Expires, Embargo: front.Embargo, TextApproved: front.TextApproved}
	if st.ID != "" {
		if _, err := uuid.Parse(st.ID); err != nil {
			return nil, errAt(path, f.line("id"), "id %q is not a UUID", st.ID)
		}
		st.ID = strings.ToLower(st.ID)
	}
	for _, u := range front.Uses {
		st.Uses = append(st.Uses, Use(u))
	}
	if !hasFront {
		st.Title = titleOf(string(body), path)
	}
	f.authorPerson = strings.TrimSpace(front.AuthorPerson)
	if f.authorPerson != "" {
		st.AuthorID = "pending" // resolved against people when imported
	}
	// The values are checked here, before anything is written, so that
	// every file's mistakes can be reported at once.
	st.clean()
	if err := st.Validate(); err != nil {
		return nil, f.fieldErrAt(err)
	}
	st.AuthorID = ""
	f.story = st
	return f, nil
}

// cutLine splits off the first line (without its \n or \r\n).
func cutLine(b []byte) (line, rest []byte, found bool) {
	line, rest, found = bytes.Cut(b, []byte("\n"))
	return bytes.TrimSuffix(line, []byte("\r")), rest, found
}

// isFence reports whether a line opens (---) or closes (--- or ...) front matter.
func isFence(line []byte, closing bool) bool {
	l := string(bytes.TrimRight(line, " \t"))
	return l == "---" || (closing && l == "...")
}

// titleOf finds a title for a file without front matter: its first ATX
// heading, else its file name.
func titleOf(body, path string) string {
	for l := range strings.Lines(body) {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, "#") {
			if h := strings.TrimSpace(strings.Trim(strings.TrimLeft(t, "#"), "# ")); h != "" {
				return h
			}
		}
	}
	name := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	name = strings.TrimSpace(strings.NewReplacer("-", " ", "_", " ").Replace(name))
	if name == "" {
		return "Untitled story"
	}
	r, size := utf8.DecodeRuneInString(name)
	return strings.ToUpper(string(r)) + name[size:]
}

// maxStoryFileBytes is the largest story file an import reads.
const maxStoryFileBytes = MaxStoryBytes + 64<<10

// storyPaths expands the paths given to an import: files as they are,
// folders searched (recursively, hidden folders left out) for *.md.
func storyPaths(paths []string) ([]string, error) {
	var out []string
	seen := map[string]bool{}
	add := func(p string) {
		if !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	for _, p := range paths {
		fi, err := os.Stat(p)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil, fmt.Errorf("%s: there is no such file or folder", p)
			}
			return nil, err
		}
		if !fi.IsDir() {
			add(filepath.Clean(p))
			continue
		}
		var found []string
		err = filepath.WalkDir(p, func(q string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				if q != p && strings.HasPrefix(d.Name(), ".") {
					return filepath.SkipDir
				}
				return nil
			}
			if ext := strings.ToLower(filepath.Ext(q)); (ext == ".md" || ext == ".markdown") && d.Type().IsRegular() {
				found = append(found, q)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		if len(found) == 0 {
			return nil, fmt.Errorf("%s: there are no markdown files (*.md) in this folder", p)
		}
		slices.Sort(found)
		for _, q := range found {
			add(q)
		}
	}
	return out, nil
}

// maxImportErrors is how many mistakes an import reports before it stops looking.
const maxImportErrors = 20

// ImportStories imports markdown files, and folders of them (*.md,
// recursively), as stories: all of them, or — at the first mistake — none.
// Each mistake is reported as FILE:LINE: what is wrong (bad front matter,
// unknown keys or values, duplicate slugs within the import or against the
// database, invalid UTF-8). It returns how many stories were imported.
func (s *Store) ImportStories(ctx context.Context, paths ...string) (int, error) {
	if err := s.allow(ctx, "ImportStories"); err != nil {
		return 0, err
	}
	r, err := s.inner().ImportStoriesReport(ctx, paths...)
	return r.Imported, err
}

// StoryImport says what an import did.
type StoryImport struct {
	Imported int
	// Unlinked counts stories whose author_person was a person's id that
	// is not in this database (an export from another one) but which name
	// their author: they are imported with that name, not linked.
	Unlinked int
}

// ImportStoriesReport is ImportStories, saying also which authors could not
// be linked.
func (s *Store) ImportStoriesReport(ctx context.Context, paths ...string) (StoryImport, error) {
	if err := s.allow(ctx, "ImportStoriesReport"); err != nil {
		return StoryImport{}, err
	}
	var report StoryImport
	if len(paths) == 0 {
		return report, errors.New("say which files or folders to import")
	}
	files, err := storyPaths(paths)
	if err != nil {
		return report, err
	}
	var parsed []*storyFile
	var errs []error
	for _, p := range files {
		if len(errs) >= maxImportErrors {
			break
		}
		fi, err := os.Stat(p)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if fi.Size() > maxStoryFileBytes {
			errs = append(errs, errAt(p, 1, "the file is too large for a story (%d KB at most)", maxStoryFileBytes>>10))
			continue
		}
		data, err := os.ReadFile(p)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		f, err := parseStoryFile(p, data)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		parsed = append(parsed, f)
	}
	// Slugs and ids must be unique within the import too.
	slugAt, idAt := map[string]string{}, map[string]string{}
	for _, f := range parsed {
		if sl := f.story.Slug; sl != "" {
			here := fmt.Sprintf("%s:%d", f.path, f.line("slug"))
			if first, dup := slugAt[sl]; dup {
				errs = append(errs, fmt.Errorf("%s: slug %q is used twice in this import (first at %s)", here, sl, first))
			} else {
				slugAt[sl] = here
			}
		}
		if id := f.story.ID; id != "" {
			here := fmt.Sprintf("%s:%d", f.path, f.line("id"))
			if first, dup := idAt[id]; dup {
				errs = append(errs, fmt.Errorf("%s: id %s is used twice in this import (first at %s)", here, id, first))
			} else {
				idAt[id] = here
			}
		}
	}
	if len(errs) > 0 {
		if len(errs) > maxImportErrors {
			errs = errs[:maxImportErrors]
		}
		if len(errs) >= maxImportErrors {
			return report, fmt.Errorf("nothing was imported; the first %d mistakes (there may be more: fix these and run it again):\n%w", len(errs), errors.Join(errs...))
		}
		return report, fmt.Errorf("nothing was imported:\n%w", errors.Join(errs...))
	}
	taken := map[string]bool{}
	for sl := range slugAt {
		taken[sl] = true
	}
	seen := map[[2]string]string{} // title and text → the file that has them
	err = s.tx(ctx, func(tx *sql.Tx) error {
		for _, f := range parsed {
			if err := ctx.Err(); err != nil {
				return err
			}
			st := f.story
			// The same story again (its files imported before, or two
			// copies of a file): the same title and text, not by its id.
			if st.ID == "" {
				same := [2]string{strings.TrimSpace(st.Title), st.Body}
				if other, dup := seen[same]; dup {
					return errAt(f.path, f.line("title"), "this is the same story as %s (same title and text): take one out", other)
				}
				seen[same] = f.path
				var slug string
				err := tx.QueryRowContext(ctx, `SELECT s.slug FROM stories s JOIN story_bodies b ON b.id = s.id
					WHERE s.title = ? AND b.body = ? LIMIT 1`, same[0], same[1]).Scan(&slug)
				if err == nil {
					return errAt(f.path, f.line("title"), "this story is in the database already, with the same title and text (%s): take the file out (was it imported before?)", slug)
				}
				if !errors.Is(err, sql.ErrNoRows) {
					return err
				}
			}
			if f.authorPerson != "" {
				id, err := findPerson(ctx, tx, f.authorPerson, "author_person: ")
				switch {
				case errors.Is(err, errNoSuchPerson) && st.AuthorName != "" && uuid.Validate(f.authorPerson) == nil:
					// An export from another database: the person is
					// not here, but the file names the author.
					report.Unlinked++
				case err != nil:
					return errAt(f.path, f.line("author_person"), "%s", err)
				default:
					st.AuthorID = id
				}
			}
			if err := s.insertStory(ctx, tx, &st, taken); err != nil {
				return f.fieldErrAt(err)
			}
		}
		return nil
	})
	if err != nil {
		return report, fmt.Errorf("nothing was imported:\n%w", err)
	}
	report.Imported = len(parsed)
	return report, nil
}

var errNoSuchPerson = errors.New("there is no person")

// FindPerson finds the one person idOrName names: by id; else by name;
// else by the name they prefer, if only one person prefers it. When it
// could be more than one person it says who; when it is no one, the error
// says so.
func (s *Store) FindPerson(ctx context.Context, idOrName string) (Person, error) {
	if err := s.allow(ctx, "FindPerson"); err != nil {
		return Person{}, err
	}
	id, err := findPerson(ctx, s.db, strings.TrimSpace(idOrName), "")
	if err != nil {
		return Person{}, err
	}
	return s.inner().Person(ctx, id)
}

// findPerson finds the one person author_person names: by id; else by
// name (in any case, spacing aside); else, when no one has that name, by
// the name they prefer, if only one person prefers it. When it could be
// more than one person it says who, so the file can name the one meant.
func findPerson(ctx context.Context, tx queryer, idOrName, what string) (string, error) {
	var id string
	err := tx.QueryRowContext(ctx, "SELECT id FROM people WHERE id = ?", idOrName).Scan(&id)
	if err == nil {
		return id, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return "", err
	}
	want := strings.Join(strings.Fields(idOrName), " ")
	type who struct{ id, name string }
	match := func(col string) ([]who, error) {
		// Spacing aside: names are stored trimmed; inner runs of spaces
		// are rare, so they are compared in Go.
		rows, err := tx.QueryContext(ctx, "SELECT id, name, "+col+" FROM people WHERE "+col+" LIKE ? ESCAPE '\\' ORDER BY name, id",
			likeWords(want))
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		var out []who
		for rows.Next() {
			var w who
			var v string
			if err := rows.Scan(&w.id, &w.name, &v); err != nil {
				return nil, err
			}
			if strings.EqualFold(strings.Join(strings.Fields(v), " "), want) {
				out = append(out, w)
			}
		}
		return out, rows.Err()
	}
	byName, err := match("name")
	if err != nil {
		return "", err
	}
	switch len(byName) {
	case 1:
		return byName[0].id, nil
	case 0:
	default:
		return "", fmt.Errorf("%smore than one person is called %q: give the person's id", what, idOrName)
	}
	byPreferred, err := match("preferred_name")
	if err != nil {
		return "", err
	}
	switch len(byPreferred) {
	case 0:
		return "", fmt.Errorf("%s%w with the id or name %q in the database", what, errNoSuchPerson, idOrName)
	case 1:
		return byPreferred[0].id, nil
	}
	var names []string
	for _, w := range byPreferred {
		names = append(names, w.name)
	}
	return "", fmt.Errorf("%s%q could be %s; use the full name or id", what, idOrName, joinOr(names))
}

// likeWords is a LIKE pattern matching text with the words of s in any
// case, with any spacing between them.
func likeWords(s string) string {
	esc := strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`)
	return strings.Join(strings.Fields(esc.Replace(s)), "%")
}

// joinOr writes a list of choices: "a", "a or b", "a, b or c".
func joinOr(items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " or " + items[len(items)-1]
}

// frontOf is a story's front matter as an export writes it.
func frontOf(st *Story) storyFront {
	f := storyFront{ID: st.ID, Title: st.Title, Slug: st.Slug, Summary: st.Summary, Themes: st.Themes,
		ContentNotes: st.ContentNotes, Status: string(st.Status), Author: st.AuthorName, AuthorArea: st.AuthorArea,
		Pseudonym: st.Pseudonym, Naming: string(st.Naming), Consent: string(st.Consent), ConsentDate: st.ConsentDate,
		ConsentHow: st.ConsentHow, Expires: st.Expires, Embargo: st.Embargo, TextApproved: st.TextApproved,
		AuthorPerson: st.AuthorID}
	for _, u := range st.Uses {
		f.Uses = append(f.Uses, string(u))
	}
	return f
}

// StoryMarkdown is a story as a markdown file: front matter, then the body
// exactly as stored.
func StoryMarkdown(st *Story) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("---\n")
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(frontOf(st)); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	b.WriteString("---\n")
	b.WriteString(st.Body)
	return b.Bytes(), nil
}

// ExportStories writes every story to dir (made mode 0700 if need be) as
// SLUG.md, mode 0600: YAML front matter with all of its metadata, then its
// markdown. Importing the files into an empty database gives back the same
// stories (ids, metadata and bodies byte for byte); a story linked to a
// person names them by id in author_person and by name in author, and is
// linked again where that person is (elsewhere it keeps the name, not
// linked). Earlier versions are not exported. It returns how many
// stories were written.
func (s *Store) ExportStories(ctx context.Context, dir string) (int, error) {
	if err := s.allow(ctx, "ExportStories"); err != nil {
		return 0, err
	}
	if strings.TrimSpace(dir) == "" {
		return 0, errors.New("say which folder to export the stories to")
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return 0, fmt.Errorf("cannot make the folder %s: %s", dir, FileProblem(err))
	}
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return 0, fmt.Errorf("cannot read the database: %w", err)
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, storySelect(true)+" ORDER BY s.slug")
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var r storyScan
		if err := rows.Scan(r.dest()...); err != nil {
			return n, err
		}
		if err := r.finish(); err != nil {
			return n, err
		}
		data, err := StoryMarkdown(&r.st)
		if err != nil {
			return n, fmt.Errorf("story %s: %w", r.st.Slug, err)
		}
		if err := writeFilePrivate(filepath.Join(dir, r.st.Slug+".md"), data); err != nil {
			return n, err
		}
		n++
	}
	return n, rows.Err()
}

// writeFilePrivate writes a file of personal data, mode 0600, through a
// temporary file renamed into place.
func writeFilePrivate(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".involve-story-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
