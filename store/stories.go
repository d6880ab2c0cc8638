package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/involve/involve/termsafe"
)

// The anthology: stories of addiction and recovery, written by local people
// and shown only where their authors have agreed.
//
// This file holds the types and the API the interface builds on; the rules
// (consent, bylines, validation) are in stories_rules.go, full-text search
// in stories_search.go and the markdown files in storyfiles.go.

// Naming is how a story's author is named where the story is shown.
type Naming string

// The ways an author may be named.
const (
	NamingFull      Naming = "full_name"
	NamingFirst     Naming = "first_name"
	NamingFirstArea Naming = "first_name_area"
	NamingPseudonym Naming = "pseudonym"
	NamingAnonymous Naming = "anonymous"
)

// ConsentState is where an author's consent stands.
type ConsentState string

// The consent states.
const (
	ConsentNotAsked  ConsentState = "not_asked"
	ConsentGiven     ConsentState = "given"
	ConsentWithdrawn ConsentState = "withdrawn"
)

// Use is something a story may be used for, with its author's agreement.
type Use string

// The uses an author may agree to.
const (
	UseForums   Use = "forums"   // read aloud at forums
	UsePrint    Use = "print"    // the printed anthology
	UseTraining Use = "training" // training health and care workers
	UseOnline   Use = "online"
)

// StoryStatus is how far a story is from publication.
type StoryStatus string

// The publication statuses.
const (
	StoryDraft     StoryStatus = "draft"
	StoryApproved  StoryStatus = "approved"
	StoryPublished StoryStatus = "published"
)

// Story is one story with its author's consent. Dates are London dates
// "YYYY-MM-DD" or "".
//
// When AuthorID links the story to a person, AuthorName is that person's
// name as it is now (it is not stored with the story, so erasing the
// person erases it). ConsentDate is the date of the consent as it stands:
// when it was given, or when it was withdrawn.
type Story struct {
	Meta
	Slug         string      `json:"slug"`
	Title        string      `json:"title"`
	Summary      string      `json:"summary"`
	Body         string      `json:"body"` // markdown, untrusted
	Themes       []string    `json:"themes"`
	ContentNotes []string    `json:"content_notes"` // e.g. overdose, bereavement, self-harm, prison
	Status       StoryStatus `json:"status"`

	AuthorID     string       `json:"author_id"` // a person, or ""
	AuthorName   string       `json:"author_name"`
	AuthorArea   string       `json:"author_area"`
	Pseudonym    string       `json:"pseudonym"`
	Naming       Naming       `json:"naming"`
	Consent      ConsentState `json:"consent"`
	ConsentDate  string       `json:"consent_date"`
	ConsentHow   string       `json:"consent_how"` // written, verbal
	Uses         []Use        `json:"uses"`
	Expires      string       `json:"expires"`
	Embargo      string       `json:"embargo"`       // not to be shown before this date
	TextApproved string       `json:"text_approved"` // the author approved the final text
}

// StorySummary is a story as the library lists it (no body).
type StorySummary struct {
	Meta
	Slug, Title, Summary string
	Themes, ContentNotes []string
	Status               StoryStatus
	Consent              ConsentState
	Uses                 []Use
	Expires, Embargo     string
	Byline               string // how the author is named
	Words                int
	ConsentDate          string // when consent was given, or withdrawn
}

// StoryFilter narrows the library.
type StoryFilter struct {
	Theme   string
	Status  StoryStatus
	Consent ConsentState
	// ConsentStanding, when set, keeps only the stories whose consent stands so
	// today: in force (given, dated, not expired, not embargoed), expired
	// or embargoed.
	ConsentStanding ConsentStanding
	// ReadableFor, when set, keeps only stories that may be shown for
	// that use today (consent given and covering it, approved or
	// published, not expired, not embargoed).
	ReadableFor Use
}

// SearchHit is a full-text match: the story and a snippet in which the
// matched words are wrapped in HitStart and HitEnd.
type SearchHit struct {
	StorySummary
	Snippet string
	Rank    float64 // bm25(): lower is better
}

// The markers around matched words in a snippet; the interface styles them.
const (
	HitStart = "\x02"
	HitEnd   = "\x03"
)

// StoryVersion is an earlier text of a story, kept on every edit.
type StoryVersion struct {
	Version int64
	SavedAt time.Time
	Title   string
	Body    string
	Words   int
}

// Shown says whether a story may be shown for a use on a date, and if not,
// why, in plain English ("consent was withdrawn on 2026-03-01"). It may be
// shown when consent is given (on a date that has come) and covers the
// use, the story is approved or published, consent has not expired
// (expires < today) and no embargo holds (embargo > today).
func (st Story) Shown(use Use, today string) (ok bool, why string) {
	return shown(st.Consent, st.ConsentDate, st.Uses, st.Status, st.Expires, st.Embargo, use, today)
}

// Words counts the words of the story's text.
func (st Story) Words() int { return WordCount(st.Body) }

// summary is the story as the library lists it.
func (st Story) summary(words int) StorySummary {
	return StorySummary{Meta: st.Meta, Slug: st.Slug, Title: st.Title, Summary: st.Summary,
		Themes: st.Themes, ContentNotes: st.ContentNotes, Status: st.Status, Consent: st.Consent,
		Uses: st.Uses, Expires: st.Expires, Embargo: st.Embargo, Byline: st.Byline(), Words: words,
		ConsentDate: st.ConsentDate}
}

// storyCols are the columns storyScan reads, from stories s joined to the
// linked author p. bodyCol is replaced by the body, or by an empty string for summaries.
const storyCols = `s.id, s.created_at, s.updated_at, s.version, s.slug, s.title, s.summary, bodyCol, s.themes,
	s.content_notes, s.status, coalesce(s.author_id, ''), coalesce(p.name, s.author_name), s.author_area, s.pseudonym,
	s.naming, s.consent, s.consent_date, s.consent_how, s.use_forums, s.use_print, s.use_training, s.use_online,
	s.expires, s.embargo, s.text_approved, s.words`

// storySelect selects storyCols from stories s, their authors p and, with
// the body, their bodies b.
func storySelect(withBody bool) string {
	if withBody {
		return "SELECT " + strings.Replace(storyCols, "bodyCol", "coalesce(b.body, '')", 1) +
			" FROM stories s LEFT JOIN people p ON p.id = s.author_id LEFT JOIN story_bodies b ON b.id = s.id"
	}
	return "SELECT " + strings.Replace(storyCols, "bodyCol", "''", 1) + " FROM stories s LEFT JOIN people p ON p.id = s.author_id"
}

// storyScan reads one row of storyCols.
type storyScan struct {
	st                      Story
	words                   int
	created, updated        string
	themes, notes           string
	forums, print, training int
	online                  int
}

func (r *storyScan) dest() []any {
	st := &r.st
	return []any{&st.ID, &r.created, &r.updated, &st.Version, &st.Slug, &st.Title, &st.Summary, &st.Body, &r.themes,
		&r.notes, &st.Status, &st.AuthorID, &st.AuthorName, &st.AuthorArea, &st.Pseudonym,
		&st.Naming, &st.Consent, &st.ConsentDate, &st.ConsentHow, &r.forums, &r.print, &r.training, &r.online,
		&st.Expires, &st.Embargo, &st.TextApproved, &r.words}
}

func (r *storyScan) finish() error {
	st := &r.st
	st.CreatedAt, st.UpdatedAt = parseTS(r.created), parseTS(r.updated)
	st.Themes, st.ContentNotes = []string{}, []string{}
	if err := json.Unmarshal([]byte(r.themes), &st.Themes); err != nil {
		return fmt.Errorf("story %s: themes: %w", st.ID, err)
	}
	if err := json.Unmarshal([]byte(r.notes), &st.ContentNotes); err != nil {
		return fmt.Errorf("story %s: content notes: %w", st.ID, err)
	}
	st.Uses = nil
	for i, on := range []int{r.forums, r.print, r.training, r.online} {
		if on == 1 {
			st.Uses = append(st.Uses, Uses[i])
		}
	}
	return nil
}

func scanStories(rows *sql.Rows) ([]StorySummary, error) {
	defer rows.Close()
	var out []StorySummary
	for rows.Next() {
		var r storyScan
		if err := rows.Scan(r.dest()...); err != nil {
			return nil, err
		}
		if err := r.finish(); err != nil {
			return nil, err
		}
		out = append(out, r.st.summary(r.words))
	}
	return out, rows.Err()
}

// today is the London date now, by the store's clock.
func (s *Store) today() string { return LocalDate(s.now()) }

// storyWhere turns a filter into SQL conditions on stories s ("" or
// " WHERE …") and their arguments.
func storyWhere(f StoryFilter, today string, more ...string) (string, []any) {
	conds := append([]string(nil), more...)
	var args []any
	if t := strings.TrimSpace(f.Theme); t != "" {
		conds = append(conds, "EXISTS (SELECT 1 FROM json_each(s.themes) j WHERE lower(j.value) = lower(?))")
		args = append(args, t)
	}
	if f.Status != "" {
		conds = append(conds, "s.status = ?")
		args = append(args, string(f.Status))
	}
	if f.Consent != "" {
		conds = append(conds, "s.consent = ?")
		args = append(args, string(f.Consent))
	}
	switch f.ConsentStanding {
	case StandingInForce:
		conds = append(conds, "s.consent = 'given' AND s.consent_date <= ? AND (s.expires = '' OR s.expires >= ?) AND (s.embargo = '' OR s.embargo <= ?)")
		args = append(args, today, today, today)
	case StandingExpired:
		conds = append(conds, "s.consent = 'given' AND s.expires != '' AND s.expires < ?")
		args = append(args, today)
	case StandingEmbargoed:
		conds = append(conds, "s.consent = 'given' AND s.embargo > ?")
		args = append(args, today)
	}
	if f.ReadableFor != "" {
		col := useColumn(f.ReadableFor)
		conds = append(conds, "s.consent = 'given' AND s.status IN ('approved', 'published') AND "+col+" = 1"+
			" AND s.consent_date <= ? AND (s.expires = '' OR s.expires >= ?) AND (s.embargo = '' OR s.embargo <= ?)")
		args = append(args, today, today, today)
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

// useColumn is the column flagging a use; an unknown use matches nothing.
func useColumn(u Use) string {
	switch u {
	case UseForums:
		return "s.use_forums"
	case UsePrint:
		return "s.use_print"
	case UseTraining:
		return "s.use_training"
	case UseOnline:
		return "s.use_online"
	}
	return "0"
}

// Stories lists the library by title. With f.ReadableFor set it lists only
// what may be shown for that use today; otherwise everything, whatever its
// consent (the coordinator's management view: mark what may not be shown
// with StorySummary.Shown).
func (s *Store) Stories(ctx context.Context, f StoryFilter) ([]StorySummary, error) {
	if err := s.allow(ctx, "Stories"); err != nil {
		return nil, err
	}
	if f.ReadableFor == "" {
		// Every story, whatever its consent, is the library's management.
		if err := s.need("Stories", CapStories); err != nil {
			return nil, err
		}
	}
	where, args := storyWhere(f, s.today())
	rows, err := s.db.QueryContext(ctx, storySelect(false)+where+" ORDER BY s.title COLLATE NOCASE, s.id", args...)
	if err != nil {
		return nil, err
	}
	return scanStories(rows)
}

// StoryThemes lists every theme in use, once each (in any case), by name.
func (s *Store) StoryThemes(ctx context.Context) ([]string, error) {
	if err := s.allow(ctx, "StoryThemes"); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT DISTINCT j.value FROM stories s, json_each(s.themes) j
		ORDER BY lower(j.value), j.value`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	seen := map[string]bool{}
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			return nil, err
		}
		if k := strings.ToLower(t); !seen[k] {
			seen[k] = true
			out = append(out, t)
		}
	}
	return out, rows.Err()
}

// Story loads one story by id or slug, whatever its consent: check Shown
// before showing it to anyone but the coordinator, or use StoryFor.
func (s *Store) Story(ctx context.Context, idOrSlug string) (Story, error) {
	if err := s.allow(ctx, "Story"); err != nil {
		return Story{}, err
	}
	return s.loadStory(ctx, s.db, idOrSlug)
}

func (s *Store) loadStory(ctx context.Context, q queryer, idOrSlug string) (Story, error) {
	key := strings.TrimSpace(idOrSlug)
	if key == "" {
		return Story{}, ErrNotFound
	}
	var r storyScan
	err := q.QueryRowContext(ctx, storySelect(true)+" WHERE s.id = ?1 OR s.slug = lower(?1) ORDER BY s.id = ?1 DESC LIMIT 1", key).
		Scan(r.dest()...)
	if errors.Is(err, sql.ErrNoRows) {
		return Story{}, ErrNotFound
	}
	if err != nil {
		return Story{}, err
	}
	if err := r.finish(); err != nil {
		return Story{}, err
	}
	return r.st, nil
}

// StoryFor loads a story by id or slug for showing it for a use today: a
// story that may not be shown comes back as a *NotShownError saying why
// (and no story). Every reader path goes through this rule, so withdrawing
// consent takes effect at once.
func (s *Store) StoryFor(ctx context.Context, idOrSlug string, use Use) (Story, error) {
	if err := s.allow(ctx, "StoryFor"); err != nil {
		return Story{}, err
	}
	st, err := s.inner().Story(ctx, idOrSlug)
	if err != nil {
		return Story{}, err
	}
	if ok, why := st.Shown(use, s.today()); !ok {
		return Story{}, &NotShownError{Title: termsafe.Line(st.Title), Use: use, Why: why, Consent: st.Consent}
	}
	return st, nil
}

// SaveStory inserts (empty ID) or updates a story that has not changed
// since it was loaded (else ErrConflict), keeping the previous text and
// metadata as a version. An empty slug is made from the title. A save that
// changes nothing keeps the version as it is. On success st holds what was
// stored.
func (s *Store) SaveStory(ctx context.Context, st *Story) error {
	if err := s.allow(ctx, "SaveStory"); err != nil {
		return err
	}
	q := *st
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if q.ID == "" {
			return s.insertStory(ctx, tx, &q, nil)
		}
		return s.saveStoryUpdate(ctx, tx, &q)
	})
	if err != nil {
		return err
	}
	*st = q
	return nil
}

// prepareStory cleans and validates a story, fills in a linked author's
// name and picks its slug. taken holds slugs claimed but not yet stored
// (by an import); it may be nil.
func (s *Store) prepareStory(ctx context.Context, tx *sql.Tx, st *Story, taken map[string]bool) error {
	st.clean()
	if err := st.Validate(); err != nil {
		return err
	}
	if st.AuthorID != "" {
		var name string
		err := tx.QueryRowContext(ctx, "SELECT name FROM people WHERE id = ?", st.AuthorID).Scan(&name)
		if errors.Is(err, sql.ErrNoRows) {
			return fieldErr("Author", "the person this story is linked to is not in the database")
		}
		if err != nil {
			return err
		}
		st.AuthorName = name
	}
	return s.pickSlug(ctx, tx, st, taken)
}

// pickSlug checks a given slug is free in the database, or makes one from
// the title that is free there and not in taken (the slugs an import
// claims), adding it to taken.
func (s *Store) pickSlug(ctx context.Context, tx *sql.Tx, st *Story, taken map[string]bool) error {
	free := func(slug string) (bool, error) {
		var id string
		err := tx.QueryRowContext(ctx, "SELECT id FROM stories WHERE slug = ?", slug).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return true, nil
		}
		return err == nil && id == st.ID && st.ID != "", err
	}
	if st.Slug != "" {
		ok, err := free(st.Slug)
		if err != nil {
			return err
		}
		if !ok {
			return fieldErr("Slug", "there is already a story with the slug %q", st.Slug)
		}
		return nil
	}
	base := Slugify(st.Title)
	for i := 1; ; i++ {
		slug := base
		if i > 1 {
			slug = fmt.Sprintf("%s-%d", base, i)
		}
		if taken[slug] {
			continue
		}
		ok, err := free(slug)
		if err != nil {
			return err
		}
		if ok {
			st.Slug = slug
			if taken != nil {
				taken[slug] = true
			}
			return nil
		}
	}
}

// storedAuthorName is the author name kept in stories: none for a linked
// author, whose name lives in people.
func storedAuthorName(st *Story) string {
	if st.AuthorID != "" {
		return ""
	}
	return st.AuthorName
}

func usesFlags(uses []Use) [4]int {
	var f [4]int
	for i, u := range Uses {
		for _, v := range uses {
			if v == u {
				f[i] = 1
			}
		}
	}
	return f
}

func jsonList(list []string) string {
	if list == nil {
		list = []string{}
	}
	b, _ := json.Marshal(list)
	return string(b)
}

// insertStory inserts a new story (keeping a preset ID, as an import
// does), in its own row of the full-text index.
func (s *Store) insertStory(ctx context.Context, tx *sql.Tx, st *Story, taken map[string]bool) error {
	if err := s.prepareStory(ctx, tx, st, taken); err != nil {
		return err
	}
	s.newMeta(&st.Meta)
	u := usesFlags(st.Uses)
	_, err := tx.ExecContext(ctx, `INSERT INTO stories (id, rid, slug, title, summary, themes, content_notes, words,
		status, author_id, author_name, author_area, pseudonym, naming, consent, consent_date, consent_how,
		use_forums, use_print, use_training, use_online, expires, embargo, text_approved, created_at, updated_at, version)
		VALUES (?, (SELECT coalesce(max(rid), 0) + 1 FROM stories), ?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
		st.ID, st.Slug, st.Title, st.Summary, jsonList(st.Themes), jsonList(st.ContentNotes), WordCount(st.Body),
		string(st.Status), nullable(st.AuthorID), storedAuthorName(st), st.AuthorArea, st.Pseudonym, string(st.Naming),
		string(st.Consent), st.ConsentDate, st.ConsentHow, u[0], u[1], u[2], u[3], st.Expires, st.Embargo, st.TextApproved,
		ts(st.CreatedAt), ts(st.UpdatedAt), st.Version)
	if isUnique(err) && strings.Contains(err.Error(), "stories.id") {
		return fieldErr("Id", "a story with the id %s is already in the database", st.ID)
	}
	if isUnique(err) {
		return fieldErr("Slug", "there is already a story with the slug %q", st.Slug)
	}
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO story_bodies (id, created_at, updated_at, version, body) VALUES (?,?,?,?,?)`,
		st.ID, ts(st.CreatedAt), ts(st.UpdatedAt), st.Version, st.Body)
	return err
}

func (s *Store) saveStoryUpdate(ctx context.Context, tx *sql.Tx, st *Story) error {
	old, err := s.loadStory(ctx, tx, st.ID)
	if err != nil {
		if errors.Is(err, ErrNotFound) && st.ID != "" {
			var n int
			if e := tx.QueryRowContext(ctx, "SELECT count(*) FROM stories WHERE id = ?", st.ID).Scan(&n); e == nil && n == 0 {
				return ErrNotFound
			}
		}
		return err
	}
	if old.Version != st.Version {
		return ErrConflict
	}
	if err := s.prepareStory(ctx, tx, st, nil); err != nil {
		return err
	}
	return s.updateStory(ctx, tx, old, st)
}

// storyVersionMeta is what a kept version records besides its title and body.
type storyVersionMeta struct {
	Slug         string       `json:"slug"`
	Summary      string       `json:"summary"`
	Themes       []string     `json:"themes"`
	ContentNotes []string     `json:"content_notes"`
	Status       StoryStatus  `json:"status"`
	AuthorID     string       `json:"author_id"`
	AuthorName   string       `json:"author_name"`
	AuthorArea   string       `json:"author_area"`
	Pseudonym    string       `json:"pseudonym"`
	Naming       Naming       `json:"naming"`
	Consent      ConsentState `json:"consent"`
	ConsentDate  string       `json:"consent_date"`
	ConsentHow   string       `json:"consent_how"`
	Uses         []Use        `json:"uses"`
	Expires      string       `json:"expires"`
	Embargo      string       `json:"embargo"`
	TextApproved string       `json:"text_approved"`
}

func versionMeta(st *Story) storyVersionMeta {
	return storyVersionMeta{Slug: st.Slug, Summary: st.Summary, Themes: st.Themes, ContentNotes: st.ContentNotes,
		Status: st.Status, AuthorID: st.AuthorID, AuthorName: storedAuthorName(st), AuthorArea: st.AuthorArea,
		Pseudonym: st.Pseudonym, Naming: st.Naming, Consent: st.Consent, ConsentDate: st.ConsentDate,
		ConsentHow: st.ConsentHow, Uses: st.Uses, Expires: st.Expires, Embargo: st.Embargo, TextApproved: st.TextApproved}
}

// sameStory reports whether two stories say the same (ignoring Meta).
func sameStory(a, b *Story) bool {
	ma, _ := json.Marshal(versionMeta(a))
	mb, _ := json.Marshal(versionMeta(b))
	return a.Title == b.Title && a.Body == b.Body && string(ma) == string(mb)
}

// updateStory replaces old with st (both of the same story), keeping old
// as a version and dropping old renderings. st's Meta is brought up to date.
func (s *Store) updateStory(ctx context.Context, tx *sql.Tx, old Story, st *Story) error {
	if sameStory(&old, st) {
		*st = old
		return nil
	}
	meta, err := json.Marshal(versionMeta(&old))
	if err != nil {
		return err
	}
	now := s.stamp()
	if _, err := tx.ExecContext(ctx, `INSERT INTO story_versions (id, story_id, story_version, saved_at, title, body,
		words, metadata, created_at, updated_at, version) VALUES (?,?,?,?,?,?,?,?,?,?,1)`,
		newID(), old.ID, old.Version, ts(old.UpdatedAt), old.Title, old.Body, WordCount(old.Body), string(meta), now, now); err != nil {
		return fmt.Errorf("cannot keep the earlier version: %w", err)
	}
	st.Meta = old.Meta
	s.bump(&st.Meta)
	u := usesFlags(st.Uses)
	res, err := tx.ExecContext(ctx, `UPDATE stories SET slug=?, title=?, summary=?, themes=?, content_notes=?,
		words=?, status=?, author_id=?, author_name=?, author_area=?, pseudonym=?, naming=?, consent=?, consent_date=?,
		consent_how=?, use_forums=?, use_print=?, use_training=?, use_online=?, expires=?, embargo=?, text_approved=?,
		updated_at=?, version=? WHERE id=? AND version=?`,
		st.Slug, st.Title, st.Summary, jsonList(st.Themes), jsonList(st.ContentNotes), WordCount(st.Body),
		string(st.Status), nullable(st.AuthorID), storedAuthorName(st), st.AuthorArea, st.Pseudonym, string(st.Naming),
		string(st.Consent), st.ConsentDate, st.ConsentHow, u[0], u[1], u[2], u[3], st.Expires, st.Embargo,
		st.TextApproved, ts(st.UpdatedAt), st.Version, st.ID, old.Version)
	if isUnique(err) {
		return fieldErr("Slug", "there is already a story with the slug %q", st.Slug)
	}
	if err != nil {
		return err
	}
	if err := checkUpdated(ctx, tx, res, "stories", st.ID); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE story_bodies SET body = ?, updated_at = ?, version = ? WHERE id = ?`,
		st.Body, ts(st.UpdatedAt), st.Version, st.ID); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, "DELETE FROM story_renders WHERE story_id = ?", st.ID)
	return err
}

// WithdrawConsent withdraws a story's consent at once, everywhere: from
// then on no list for a use, search for a use, StoryFor or reading mode
// shows it. on is the date it was withdrawn ("" for today). It is one
// action: it needs no version (it always wins over an edit in progress,
// which then meets ErrConflict), keeps the previous state as a version and
// drops cached renderings. Withdrawing again changes nothing.
func (s *Store) WithdrawConsent(ctx context.Context, id string, on string) error {
	if err := s.allow(ctx, "WithdrawConsent"); err != nil {
		return err
	}
	date, err := NormalDate(on)
	if err != nil {
		return fieldErr("Withdrawn on", "%s", err)
	}
	if date == "" {
		date = s.today()
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		old, err := s.loadStory(ctx, tx, id)
		if err != nil {
			return err
		}
		if old.Consent == ConsentWithdrawn {
			return nil
		}
		st := old
		st.Consent, st.ConsentDate = ConsentWithdrawn, date
		return s.updateStory(ctx, tx, old, &st)
	})
}

// DeleteStory erases a story with its versions, reading position and
// renderings, if it has not changed since it was loaded. secure_delete and
// the full-text index's secure-delete overwrite its words in the file.
func (s *Store) DeleteStory(ctx context.Context, id string, version int64) error {
	if err := s.allow(ctx, "DeleteStory"); err != nil {
		return err
	}
	return s.deleteVersioned(ctx, "stories", id, version)
}

// StoryVersions lists a story's earlier texts, newest first.
func (s *Store) StoryVersions(ctx context.Context, id string) ([]StoryVersion, error) {
	if err := s.allow(ctx, "StoryVersions"); err != nil {
		return nil, err
	}
	var n int
	if err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM stories WHERE id = ?", id).Scan(&n); err != nil {
		return nil, err
	}
	if n == 0 {
		return nil, ErrNotFound
	}
	rows, err := s.db.QueryContext(ctx, `SELECT story_version, saved_at, title, body, words FROM story_versions
		WHERE story_id = ? ORDER BY story_version DESC`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []StoryVersion
	for rows.Next() {
		var v StoryVersion
		var saved string
		if err := rows.Scan(&v.Version, &saved, &v.Title, &v.Body, &v.Words); err != nil {
			return nil, err
		}
		v.SavedAt = parseTS(saved)
		out = append(out, v)
	}
	return out, rows.Err()
}

// RestoreStoryVersion makes an earlier text current (keeping the current one
// as a version too). It restores the text — title, summary, themes, content
// notes and body — and never the consent, uses, status or author: an old
// version must not bring back consent that was withdrawn.
func (s *Store) RestoreStoryVersion(ctx context.Context, id string, version int64) error {
	if err := s.allow(ctx, "RestoreStoryVersion"); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		old, err := s.loadStory(ctx, tx, id)
		if err != nil {
			return err
		}
		var title, body, metaJSON string
		err = tx.QueryRowContext(ctx, `SELECT title, body, metadata FROM story_versions WHERE story_id = ? AND story_version = ?`,
			old.ID, version).Scan(&title, &body, &metaJSON)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("version %d of this story: %w", version, ErrNotFound)
		}
		if err != nil {
			return err
		}
		var meta storyVersionMeta
		if err := json.Unmarshal([]byte(metaJSON), &meta); err != nil {
			return fmt.Errorf("version %d of this story cannot be read: %w", version, err)
		}
		st := old
		st.Title, st.Body, st.Summary = title, body, meta.Summary
		st.Themes, st.ContentNotes = cleanTags(meta.Themes), cleanTags(meta.ContentNotes)
		return s.updateStory(ctx, tx, old, &st)
	})
}

// ReadingPlace is where the reader left a story: the rendered line at the
// top of the screen, and how many letters and digits of the story come
// before it, which finds the same place again when the story is laid out
// at another width.
type ReadingPlace struct {
	Line  int
	Chars int // -1 when unknown
}

// ReadingPosition is where the reader left a story; the start when it was
// never opened.
func (s *Store) ReadingPosition(ctx context.Context, storyID string) (ReadingPlace, error) {
	if err := s.allow(ctx, "ReadingPosition"); err != nil {
		return ReadingPlace{}, err
	}
	var line int
	var chars sql.NullInt64
	err := s.db.QueryRowContext(ctx, "SELECT line, chars FROM story_positions WHERE story_id = ?", storyID).Scan(&line, &chars)
	if errors.Is(err, sql.ErrNoRows) {
		return ReadingPlace{}, nil
	}
	if err != nil {
		return ReadingPlace{Chars: -1}, err
	}
	p := ReadingPlace{Line: line, Chars: -1}
	if chars.Valid {
		p.Chars = int(chars.Int64)
	}
	return p, nil
}

// SetReadingPosition remembers where the reader left a story (a negative
// line counts as 0; negative chars, as not known).
func (s *Store) SetReadingPosition(ctx context.Context, storyID string, p ReadingPlace) error {
	if err := s.allow(ctx, "SetReadingPosition"); err != nil {
		return err
	}
	now := s.stamp()
	var chars any
	if p.Chars >= 0 {
		chars = p.Chars
	}
	err := s.txQuiet(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO story_positions (id, story_id, line, chars, created_at, updated_at, version)
			VALUES (?, ?, ?, ?, ?, ?, 1) ON CONFLICT (story_id) DO UPDATE SET line = excluded.line, chars = excluded.chars,
			updated_at = excluded.updated_at, version = story_positions.version + 1`, newID(), storyID, max(0, p.Line), chars, now, now)
		return err
	})
	if err != nil && strings.Contains(err.Error(), "FOREIGN KEY constraint failed") {
		return ErrNotFound
	}
	return err
}

// SupportMessage is the short message that ends every story: the setting
// stories_support_message, or DefaultSupportMessage while it is empty.
func (s *Store) SupportMessage(ctx context.Context) (string, error) {
	if err := s.allow(ctx, "SupportMessage"); err != nil {
		return "", err
	}
	v, err := s.inner().Setting(ctx, SettingSupportMessage)
	if err != nil {
		return "", err
	}
	if v = strings.TrimSpace(termsafe.Clean(v)); v == "" {
		return DefaultSupportMessage, nil
	}
	return v, nil
}

// maxRendersPerStory is how many renderings of one story the cache keeps.
const maxRendersPerStory = 8

// RenderedStory returns the cached rendering of a story's version at a
// width and style, if there is one made from the same digest (a hash of
// everything that went into it).
func (s *Store) RenderedStory(ctx context.Context, storyID string, version int64, width int, style, digest string) (string, bool, error) {
	if err := s.allow(ctx, "RenderedStory"); err != nil {
		return "", false, err
	}
	var out string
	err := s.db.QueryRowContext(ctx, `SELECT rendered FROM story_renders WHERE story_id = ? AND story_version = ?
		AND width = ? AND style = ? AND digest = ?`, storyID, version, width, style, digest).Scan(&out)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	return out, err == nil, err
}

// SaveRenderedStory caches a rendering of a story's version, replacing any
// other of the same width and style; renderings of its other versions go,
// and only the latest few of a story are kept.
//
// A rendering is only a cache, so it is written without waiting for the
// disk (synchronous=NORMAL: in WAL mode a crash may lose it, but never
// harms the database); everything else keeps synchronous=FULL.
func (s *Store) SaveRenderedStory(ctx context.Context, storyID string, version int64, width int, style, digest, rendered string) error {
	if err := s.allow(ctx, "SaveRenderedStory"); err != nil {
		return err
	}
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "PRAGMA synchronous = NORMAL"); err != nil {
		return err
	}
	defer conn.ExecContext(context.Background(), "PRAGMA synchronous = FULL")
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := s.saveRendered(ctx, tx, storyID, version, width, style, digest, rendered); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

func (s *Store) saveRendered(ctx context.Context, tx *sql.Tx, storyID string, version int64, width int, style, digest, rendered string) error {
	{
		now := s.stamp()
		_, err := tx.ExecContext(ctx, `INSERT INTO story_renders (id, story_id, story_version, width, style, digest,
			rendered, created_at, updated_at, version) VALUES (?,?,?,?,?,?,?,?,?,1)
			ON CONFLICT (story_id, story_version, width, style) DO UPDATE SET digest = excluded.digest,
			rendered = excluded.rendered, updated_at = excluded.updated_at, version = story_renders.version + 1`,
			newID(), storyID, version, width, style, digest, rendered, now, now)
		if err != nil {
			if strings.Contains(err.Error(), "FOREIGN KEY constraint failed") {
				return ErrNotFound
			}
			return err
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM story_renders WHERE story_id = ?1 AND (story_version <> ?2 OR id NOT IN
			(SELECT id FROM story_renders WHERE story_id = ?1 ORDER BY updated_at DESC, id DESC LIMIT ?3))`,
			storyID, version, maxRendersPerStory)
		return err
	}
}
