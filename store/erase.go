package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"database/sql/driver"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"modernc.org/sqlite"
)

func init() {
	// london_date(instant) is the London date (YYYY-MM-DD) of an instant
	// stored as RFC 3339 text; NULL for NULL, "" for anything else. The registry's
	// queries use it to say which day a meeting was.
	sqlite.MustRegisterDeterministicScalarFunction(londonDateSQL, 1,
		func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
			if args[0] == nil {
				return nil, nil // no instant (a record with no meeting): NULL, as SQL does
			}
			s, _ := args[0].(string)
			t, err := time.Parse(time.RFC3339, s)
			if err != nil {
				return "", nil
			}
			return LocalDate(t), nil
		})
}

// ErasureReason says why someone was erased or anonymised.
type ErasureReason string

// The reasons for an erasure.
const (
	ReasonRequest   ErasureReason = "request"   // they asked to be forgotten
	ReasonRetention ErasureReason = "retention" // no involvement for the retention period
	ReasonOther     ErasureReason = "other"
)

// Label is the reason in plain English.
func (r ErasureReason) Label() string {
	switch r {
	case ReasonRequest:
		return "they asked"
	case ReasonRetention:
		return "retention review"
	}
	return "other"
}

// ParseErasureReason accepts a reason's code ("request", "retention", "other").
func ParseErasureReason(s string) (ErasureReason, error) {
	switch r := ErasureReason(strings.ToLower(strings.TrimSpace(s))); r {
	case ReasonRequest, ReasonRetention, ReasonOther:
		return r, nil
	case "":
		return ReasonRequest, nil
	}
	return "", fmt.Errorf("unknown reason %q (use request, retention or other)", s)
}

// EraseOptions say how to forget someone.
type EraseOptions struct {
	Mode   ErasureMode   // ModeErase (the default) or ModeAnonymise
	Reason ErasureReason // ReasonRequest (the default), ReasonRetention or ReasonOther
	By     string        // who is doing it: the coordinator's login, for the log
	// Version is the person's version as loaded: if they changed since,
	// the erasure is refused (ErrConflict). 0 does not check.
	Version int64
}

func (o *EraseOptions) normalise() error {
	switch o.Mode {
	case "":
		o.Mode = ModeErase
	case ModeErase, ModeAnonymise:
	default:
		return fmt.Errorf("unknown way of forgetting %q (erase or anonymise)", o.Mode)
	}
	if o.Reason == "" {
		o.Reason = ReasonRequest
	}
	if _, err := ParseErasureReason(string(o.Reason)); err != nil {
		return err
	}
	o.By = strings.TrimSpace(o.By)
	return nil
}

// ErasurePlan says, before anything happens, what forgetting a person
// does: for each kind of record of theirs, how many go, how many are kept
// anonymised, and why.
type ErasurePlan struct {
	PersonID  string
	Name      string // their name and preferred name (for the question asked; never logged)
	Preferred string
	Mode      ErasureMode
	Steps     []ErasureStep
	// Ambiguous, when not "", is the name they prefer, which others are
	// known by too: free text (minutes, actions) is searched for their
	// full name only, and should be checked by hand for this one.
	Ambiguous string
}

// ErasureStep is one kind of record in an ErasurePlan.
type ErasureStep struct {
	Key     string
	Noun    string // "expense claim|expense claims"
	Removed int    // rows that go
	Kept    int    // rows kept, with nothing left that says whose they were
	// Rest says why the rows not kept go, when some are kept (Reason
	// says why those are kept); "" when Reason says it all.
	Rest string
	// WithParent: these rows go (or stay) with the records they belong
	// to, and are counted in that record's step.
	WithParent bool
	Reason     string
}

// Removed is how many records go in all.
func (p ErasurePlan) Removed() int {
	n := 0
	for _, s := range p.Steps {
		if !s.WithParent {
			n += s.Removed
		}
	}
	return n
}

// Kept is how many records are kept, anonymised.
func (p ErasurePlan) Kept() int {
	n := 0
	for _, s := range p.Steps {
		if !s.WithParent {
			n += s.Kept
		}
	}
	return n
}

// step finds the plan's step for an entry.
func (p ErasurePlan) step(key string) ErasureStep {
	for _, s := range p.Steps {
		if s.Key == key {
			return s
		}
	}
	return ErasureStep{}
}

// Goes lists in plain English what goes ("12 register lines (…why)").
func (p ErasurePlan) Goes() []string {
	var out []string
	for _, s := range p.Steps {
		if s.WithParent || s.Removed == 0 {
			continue
		}
		why := s.Reason
		if s.Rest != "" {
			why = s.Rest
		}
		out = append(out, nounCount(s.Removed, s.Noun)+": "+why)
	}
	return out
}

// Stays lists in plain English what is kept, anonymised, and why.
func (p ErasurePlan) Stays() []string {
	var out []string
	for _, s := range p.Steps {
		if s.WithParent || s.Kept == 0 {
			continue
		}
		out = append(out, nounCount(s.Kept, s.Noun)+": "+s.Reason)
	}
	return out
}

// nounCount is "3 expense claims" for n and "expense claim|expense claims".
func nounCount(n int, noun string) string {
	one, many, ok := strings.Cut(noun, "|")
	if !ok {
		many = one
	}
	return plural(n, one, many)
}

// subject is the person whose data is being found: the parameters every
// registry query takes.
type subject struct {
	id, name, preferred string
	ambiguous           string
}

func (sub subject) args(now string) []any {
	return []any{sql.Named("id", sub.id), sql.Named("name", sub.name), sql.Named("preferred", sub.preferred),
		sql.Named("now", now), sql.Named("former", FormerMember)}
}

// loadSubject reads what a person's data is found by. Their preferred name
// is searched for in free text only when no one else is known by it (or
// has it as their name or first name); otherwise it is reported as
// ambiguous.
func loadSubject(ctx context.Context, q queryer, id string) (subject, int64, error) {
	sub := subject{id: id}
	var version int64
	err := q.QueryRowContext(ctx, "SELECT name, preferred_name, version FROM people WHERE id = ?", id).
		Scan(&sub.name, &sub.preferred, &version)
	if errors.Is(err, sql.ErrNoRows) {
		return sub, 0, ErrNotFound
	}
	if err != nil {
		return sub, 0, err
	}
	sub.name = strings.TrimSpace(sub.name)
	p := strings.TrimSpace(sub.preferred)
	sub.preferred = ""
	if p != "" && !strings.EqualFold(p, sub.name) {
		var others int
		// Someone else known by it, called it, or with it as their first name.
		if err := q.QueryRowContext(ctx, `SELECT count(*) FROM people WHERE id != ?1
			AND (preferred_name = ?2 COLLATE NOCASE OR name = ?2 COLLATE NOCASE OR name LIKE ?3 ESCAPE '\')`,
			id, p, likeEscape(p)+" %").Scan(&others); err != nil {
			return sub, 0, err
		}
		if others == 0 {
			sub.preferred = p
		} else {
			sub.ambiguous = p
		}
	}
	return sub, version, nil
}

// ErasurePlan works out what forgetting the person with this id in mode
// would do, without doing it.
func (s *Store) ErasurePlan(ctx context.Context, id string, mode ErasureMode) (ErasurePlan, error) {
	if err := s.allow(ctx, "ErasurePlan"); err != nil {
		return ErasurePlan{}, err
	}
	if mode == "" {
		mode = ModeErase
	}
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return ErasurePlan{}, err
	}
	defer tx.Rollback()
	sub, _, err := loadSubject(ctx, tx, id)
	if err != nil {
		return ErasurePlan{}, err
	}
	return planErasure(ctx, tx, sub, mode, s.stamp())
}

func planErasure(ctx context.Context, q queryer, sub subject, mode ErasureMode, now string) (ErasurePlan, error) {
	plan := ErasurePlan{PersonID: sub.id, Name: sub.name, Preferred: sub.preferred, Mode: mode, Ambiguous: sub.ambiguous}
	if plan.Preferred == "" {
		plan.Preferred = sub.ambiguous
	}
	args := sub.args(now)
	for _, d := range registry {
		if d.Staff {
			continue
		}
		e := d.erasure(mode)
		st := ErasureStep{Key: d.Key, Noun: d.Noun, Reason: e.Reason, Rest: e.Rest, WithParent: e.How == EraseWithParent}
		var err error
		switch e.How {
		case EraseDelete, EraseWithParent:
			st.Removed, err = count(ctx, q, "SELECT count(*) FROM ("+d.rowsOf("")+")", args...)
		case EraseKeep:
			st.Kept, err = count(ctx, q, "SELECT count(*) FROM ("+d.rowsOf(e.Keep)+")", args...)
			if err == nil && e.Keep != "" {
				st.Removed, err = count(ctx, q, "SELECT count(*) FROM ("+d.rowsOf("NOT ("+e.Keep+")")+")", args...)
			}
		case EraseMentions:
			var found []mentionRow
			found, err = findMentions(ctx, q, d, sub, args)
			st.Kept = len(found)
		}
		if err != nil {
			return plan, fmt.Errorf("counting %s: %w", d.Key, err)
		}
		plan.Steps = append(plan.Steps, st)
	}
	return plan, nil
}

// mentionRow is a record whose free text names the person.
type mentionRow struct {
	id   string
	text []string // the Mentions columns, in order
}

// findMentions finds the rows of a Mentions entry whose text names the
// person as a word (SQL finds the text that contains the name at all).
func findMentions(ctx context.Context, q queryer, d PersonData, sub subject, args []any) ([]mentionRow, error) {
	cols := make([]string, len(d.Mentions))
	for i, c := range d.Mentions {
		cols[i] = "t." + c
	}
	rows, err := q.QueryContext(ctx, "SELECT t.id, "+strings.Join(cols, ", ")+" FROM "+d.from()+" WHERE "+d.where(), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []mentionRow
	for rows.Next() {
		r := mentionRow{text: make([]string, len(cols))}
		dest := []any{&r.id}
		for i := range r.text {
			dest = append(dest, &r.text[i])
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		for _, t := range r.text {
			if sub.namedIn(t) {
				out = append(out, r)
				break
			}
		}
	}
	return out, rows.Err()
}

// names are the names the person is found by in free text, longest first.
func (sub subject) names() []string {
	out := []string{sub.name}
	if sub.preferred != "" {
		out = append(out, sub.preferred)
	}
	return out
}

// namedIn reports whether text names the person, as a whole word.
func (sub subject) namedIn(text string) bool {
	for _, n := range sub.names() {
		if len(wordAt(text, n)) > 0 {
			return true
		}
	}
	return false
}

// wordAt finds where word occurs in text as a whole word (not inside
// another: "Jo" is not in "Joanne"), case as written.
func wordAt(text, word string) []int {
	if word == "" {
		return nil
	}
	var at []int
	for i := 0; i <= len(text)-len(word); {
		j := strings.Index(text[i:], word)
		if j < 0 {
			break
		}
		pos := i + j
		before, _ := utf8.DecodeLastRuneInString(text[:pos])
		after, _ := utf8.DecodeRuneInString(text[pos+len(word):])
		if !isWordRune(before) && !isWordRune(after) {
			at = append(at, pos)
		}
		i = pos + len(word)
	}
	return at
}

func isWordRune(r rune) bool {
	return r != utf8.RuneError && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

// replaceName writes FormerMember wherever text names the person ("A
// former member" at the start of a sentence, unless inline: text shown
// inside a sentence, "Decided by …").
func (sub subject) replaceName(text string, inline bool) string {
	for _, n := range sub.names() {
		at := wordAt(text, n)
		if len(at) == 0 {
			continue
		}
		var b strings.Builder
		last := 0
		for _, pos := range at {
			b.WriteString(text[last:pos])
			if !inline && sentenceStart(text[:pos]) {
				b.WriteString("A" + FormerMember[1:])
			} else {
				b.WriteString(FormerMember)
			}
			last = pos + len(n)
		}
		b.WriteString(text[last:])
		text = b.String()
	}
	return text
}

// sentenceStart reports whether what comes before a position ends a
// sentence (or a line, or a list item's marker).
func sentenceStart(before string) bool {
	t := strings.TrimRight(before, " \t*_")
	if t == "" || strings.HasSuffix(t, "\n") || strings.HasSuffix(t, "\n-") || t == "-" {
		return true
	}
	r, _ := utf8.DecodeLastRuneInString(t)
	return r == '.' || r == '!' || r == '?' || r == '#'
}

// ErasureResult says what an erasure did.
type ErasureResult struct {
	Plan ErasurePlan
	// ID is the erasure's id in the log: the reference to give the person.
	ID string
	// WALCleared is false when another connection kept SQLite from
	// emptying its -wal file at once: the erased data then stays in that
	// file until the program open elsewhere is closed.
	WALCleared bool
}

// Erase forgets a person: every record of theirs in the registry goes, or
// is kept anonymised where an entry says the partnership must keep a
// figure (see ErasurePlan), in one transaction, and the erasure is written
// to the erasure log. secure_delete is on, FTS5's secure-delete too, and
// the -wal is emptied afterwards, so nothing erased stays in the files.
func (s *Store) Erase(ctx context.Context, id string, opt EraseOptions) (ErasureResult, error) {
	if err := s.allow(ctx, "Erase"); err != nil {
		return ErasureResult{}, err
	}
	if err := opt.normalise(); err != nil {
		return ErasureResult{}, err
	}
	var res ErasureResult
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var err error
		res, err = s.eraseTx(ctx, tx, id, opt, nil)
		return err
	})
	if err != nil {
		return ErasureResult{}, err
	}
	res.WALCleared = s.clearWAL(ctx)
	return res, nil
}

// clearWAL copies the -wal into the database and empties it; it reports
// whether it could (another connection reading the database stops it).
func (s *Store) clearWAL(ctx context.Context) bool {
	var busy, logPages, done int
	if err := s.db.QueryRowContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)").Scan(&busy, &logPages, &done); err != nil {
		return false
	}
	return busy == 0
}

// eraseTx erases a person inside tx. logged, when not nil, is the log
// entry being applied again (to a restored backup): no new entry is made.
func (s *Store) eraseTx(ctx context.Context, tx *sql.Tx, id string, opt EraseOptions, logged *Erasure) (ErasureResult, error) {
	var res ErasureResult
	sub, version, err := loadSubject(ctx, tx, id)
	if err != nil {
		return res, err
	}
	if opt.Version != 0 && version != opt.Version {
		return res, ErrConflict
	}
	now := s.stamp()
	plan, err := planErasure(ctx, tx, sub, opt.Mode, now)
	if err != nil {
		return res, err
	}
	res.Plan = plan
	args := sub.args(now)
	for _, d := range registry {
		if d.Staff {
			continue
		}
		if err := eraseEntry(ctx, tx, d, d.erasure(opt.Mode), sub, args); err != nil {
			return res, fmt.Errorf("erasing %s: %w", d.Key, err)
		}
	}
	// The audit trail keeps what was done, this erasure's deletions too
	// (written by the triggers as the entries ran), but no longer says
	// whom it was about: their id becomes one opaque value (the registry's
	// entry "audit").
	if err := forgetInAudit(ctx, tx, id); err != nil {
		return res, fmt.Errorf("erasing audit: %w", err)
	}
	// Statistics ANALYZE may have kept hold samples of indexed values
	// (names among them): they go too.
	var stat4 int
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat4'").Scan(&stat4); err != nil {
		return res, err
	}
	if stat4 > 0 {
		if _, err := tx.ExecContext(ctx, "DELETE FROM sqlite_stat4"); err != nil {
			return res, err
		}
	}
	if logged != nil {
		res.ID = logged.ID
		_, err := tx.ExecContext(ctx, `UPDATE erasures SET reapplied = reapplied + 1, updated_at = ?, version = version + 1
			WHERE id = ?`, now, logged.ID)
		return res, err
	}
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return res, err
	}
	res.ID = newID()
	_, err = tx.ExecContext(ctx, `INSERT INTO erasures (id, salt, subject, how, reason, erased_at, erased_by,
		removed, kept, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)`,
		res.ID, hex.EncodeToString(salt), subjectHash(salt, id), string(opt.Mode), string(opt.Reason), now, opt.By,
		plan.Removed(), plan.Kept(), now, now)
	return res, err
}

// subjectHash is what the erasure log holds of an erased person: the
// SHA-256 of the entry's salt and the person's id, in hex.
func subjectHash(salt []byte, personID string) string {
	h := sha256.New()
	h.Write(salt)
	h.Write([]byte("involve erasure\x00"))
	h.Write([]byte(personID))
	return hex.EncodeToString(h.Sum(nil))
}

// eraseEntry does to one entry's rows what erasure e says.
func eraseEntry(ctx context.Context, tx *sql.Tx, d PersonData, e EraseRule, sub subject, args []any) error {
	if e.Before != "" {
		if _, err := tx.ExecContext(ctx, e.Before, args...); err != nil {
			return err
		}
	}
	switch e.How {
	case EraseDelete:
		_, err := tx.ExecContext(ctx, "DELETE FROM "+d.Table+" WHERE id IN ("+d.rowsOf("")+")", args...)
		return err
	case EraseKeep:
		if e.Keep != "" {
			if _, err := tx.ExecContext(ctx, "DELETE FROM "+d.Table+" WHERE id IN ("+d.rowsOf("NOT ("+e.Keep+")")+")", args...); err != nil {
				return err
			}
		}
		if e.Set == "" {
			return nil
		}
		_, err := tx.ExecContext(ctx, "UPDATE "+d.Table+" SET "+e.Set+" WHERE id IN ("+d.rowsOf(e.Keep)+")", args...)
		return err
	case EraseMentions:
		found, err := findMentions(ctx, tx, d, sub, args)
		if err != nil {
			return err
		}
		set := make([]string, len(d.Mentions))
		for i, c := range d.Mentions {
			set[i] = c + " = ?"
		}
		stmt, err := tx.PrepareContext(ctx, "UPDATE "+d.Table+" SET "+strings.Join(set, ", ")+
			", updated_at = ?, version = version + 1 WHERE id = ?")
		if err != nil {
			return err
		}
		defer stmt.Close()
		now := ""
		for _, a := range args {
			if n, ok := a.(sql.NamedArg); ok && n.Name == "now" {
				now, _ = n.Value.(string)
			}
		}
		for _, r := range found {
			vals := make([]any, 0, len(r.text)+2)
			after := make([]string, len(r.text))
			for i, t := range r.text {
				after[i] = sub.replaceName(t, e.Inline)
				vals = append(vals, after[i])
			}
			if _, err := stmt.ExecContext(ctx, append(vals, now, r.id)...); err != nil {
				return err
			}
			if d.Rewritten != nil {
				if err := d.Rewritten(ctx, tx, r.id, r.text, after); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// Erasure is one line of the erasure log. It holds no personal data: not
// the person's name, nor their id (only Subject, a salted hash of it).
type Erasure struct {
	ID        string        `json:"id"`
	Mode      ErasureMode   `json:"how"`
	Reason    ErasureReason `json:"reason"`
	At        time.Time     `json:"erased_at"`
	By        string        `json:"erased_by"`
	Removed   int           `json:"removed"`
	Kept      int           `json:"kept"`
	Reapplied int           `json:"reapplied"`
	salt      []byte
	subject   string
}

const erasureCols = "id, how, reason, erased_at, erased_by, removed, kept, reapplied, salt, subject"

func scanErasure(sc interface{ Scan(...any) error }, e *Erasure) error {
	var at, salt string
	if err := sc.Scan(&e.ID, &e.Mode, &e.Reason, &at, &e.By, &e.Removed, &e.Kept, &e.Reapplied, &salt, &e.subject); err != nil {
		return err
	}
	e.At = parseTS(at)
	e.salt, _ = hex.DecodeString(salt)
	return nil
}

// Erasures is the erasure log, the latest first.
func (s *Store) Erasures(ctx context.Context) ([]Erasure, error) {
	if err := s.allow(ctx, "Erasures"); err != nil {
		return nil, err
	}
	return readErasures(ctx, s.db, "ORDER BY erased_at DESC, id DESC")
}

func readErasures(ctx context.Context, q queryer, order string) ([]Erasure, error) {
	rows, err := q.QueryContext(ctx, "SELECT "+erasureCols+" FROM erasures "+order)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Erasure
	for rows.Next() {
		var e Erasure
		if err := scanErasure(rows, &e); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// likeEscape escapes LIKE's wildcards (with \ as the escape character).
func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`).Replace(s)
}

// reapplyErasures applies the erasure log of the database a backup is
// replacing (replaced; nil when there is none it can read) to the restored
// copy: its lines are added to the copy's own log, and anyone in the copy
// whose id, hashed with a line's salt, is that line's subject was erased
// after the backup was made, and is erased again, the same way. It returns
// how many people it erased.
//
// Why a salted hash: the log must be able to find the same person in an
// older copy of the data, and must not itself be personal data. A hash of
// the person's id finds them in a copy that still holds them (where their
// data is anyway) and nowhere else: it says nothing of who they were, the
// id it hides is random (a UUID's time of creation included), and with a
// salt of its own no two lines, nor a line and an id seen in some other
// export, can be linked without the data itself. Once no backup holds the
// person, the line identifies no one.
func reapplyErasures(ctx context.Context, restored *Store, replaced queryer) (int, error) {
	if replaced == nil {
		return 0, nil
	}
	var has int
	if err := replaced.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'erasures'").Scan(&has); err != nil {
		return 0, fmt.Errorf("cannot read the erasure log of the database being replaced: %w", err)
	}
	if has == 0 {
		return 0, nil // a database from before the log
	}
	log, err := readErasures(ctx, replaced, "ORDER BY erased_at, id")
	if err != nil {
		return 0, fmt.Errorf("cannot read the erasure log of the database being replaced: %w", err)
	}
	n := 0
	err = restored.tx(ctx, func(tx *sql.Tx) error {
		known := map[string]bool{}
		mine, err := readErasures(ctx, tx, "")
		if err != nil {
			return err
		}
		for _, e := range mine {
			known[e.ID] = true
		}
		for _, e := range log {
			if known[e.ID] {
				continue
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO erasures (id, salt, subject, how, reason, erased_at, erased_by,
				removed, kept, reapplied, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)`,
				e.ID, hex.EncodeToString(e.salt), e.subject, string(e.Mode), string(e.Reason), ts(e.At), e.By,
				e.Removed, e.Kept, e.Reapplied, ts(e.At), ts(e.At)); err != nil {
				return err
			}
		}
		ids, err := checkStrings(ctx, tx, "SELECT id FROM people")
		if err != nil {
			return err
		}
		for _, id := range ids {
			for i := range log {
				if subjectHash(log[i].salt, id) != log[i].subject {
					continue
				}
				if _, err := restored.eraseTx(ctx, tx, id, EraseOptions{Mode: log[i].Mode, Reason: log[i].Reason}, &log[i]); err != nil {
					return fmt.Errorf("cannot erase again someone erased on %s: %w", LocalDate(log[i].At), err)
				}
				n++
				break
			}
		}
		return nil
	})
	return n, err
}
