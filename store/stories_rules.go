package store

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/involve/involve/termsafe"
)

// The rules about stories: who may see them, how their authors are named,
// and what a valid story is. Nothing here touches the database.

// How consent was given.
const (
	ConsentWritten = "written"
	ConsentVerbal  = "verbal"
)

// SettingSupportMessage is the setting holding the message that ends every
// story; DefaultSupportMessage is used while it is empty.
const (
	SettingSupportMessage = "stories_support_message"
	DefaultSupportMessage = "If this story has raised anything for you, talk to your worker, or call Samaritans free on 116 123."
)

// Limits on a story's parts.
const (
	MaxStoryBytes   = 1 << 20 // the markdown body
	maxTitleRunes   = 200
	maxSummaryRunes = 2000
	maxTagRunes     = 60
	maxTags         = 30
	maxSlugLen      = 80
	// WordsPerMinute is the reading speed reading times assume.
	WordsPerMinute = 200
)

// ConsentStanding is where a story's given consent stands on a day, for filtering
// the library.
type ConsentStanding string

// The standings of given consent.
const (
	StandingInForce   ConsentStanding = "in_force"
	StandingExpired   ConsentStanding = "expired"
	StandingEmbargoed ConsentStanding = "embargoed"
)

// Namings, ConsentStates, Uses and StoryStatuses list the choices in the
// order forms offer them.
var (
	Namings       = []Naming{NamingFull, NamingFirst, NamingFirstArea, NamingPseudonym, NamingAnonymous}
	ConsentStates = []ConsentState{ConsentNotAsked, ConsentGiven, ConsentWithdrawn}
	Uses          = []Use{UseForums, UsePrint, UseTraining, UseOnline}
	StoryStatuses = []StoryStatus{StoryDraft, StoryApproved, StoryPublished}
)

// Label is the naming in plain English.
func (n Naming) Label() string {
	switch n {
	case NamingFull:
		return "Full name"
	case NamingFirst:
		return "First name"
	case NamingFirstArea:
		return "First name and area"
	case NamingPseudonym:
		return "Pseudonym"
	case NamingAnonymous:
		return "Anonymous"
	}
	return string(n)
}

// Label is the consent state in plain English.
func (c ConsentState) Label() string {
	switch c {
	case ConsentNotAsked:
		return "Not asked"
	case ConsentGiven:
		return "Given"
	case ConsentWithdrawn:
		return "Withdrawn"
	}
	return string(c)
}

// Label is the use in plain English.
func (u Use) Label() string {
	switch u {
	case UseForums:
		return "Read at forums"
	case UsePrint:
		return "Printed anthology"
	case UseTraining:
		return "Training workers"
	case UseOnline:
		return "Online"
	}
	return string(u)
}

// Label is the status in plain English.
func (s StoryStatus) Label() string {
	switch s {
	case StoryDraft:
		return "Draft"
	case StoryApproved:
		return "Approved"
	case StoryPublished:
		return "Published"
	}
	return string(s)
}

// usePhrase ends "the author has not agreed to its use …".
func usePhrase(u Use) string {
	switch u {
	case UseForums:
		return "at forums"
	case UsePrint:
		return "in the printed anthology"
	case UseTraining:
		return "in training workers"
	case UseOnline:
		return "online"
	}
	return "for " + string(u)
}

// shown is the one rule deciding whether a story may be shown for a use on
// a date (see Story.Shown).
func shown(consent ConsentState, consentDate string, uses []Use, status StoryStatus, expires, embargo string,
	use Use, today string) (bool, string) {
	switch consent {
	case ConsentGiven:
	case ConsentWithdrawn:
		if consentDate != "" {
			return false, "consent was withdrawn on " + consentDate
		}
		return false, "consent was withdrawn"
	default:
		return false, "the author has not been asked for consent"
	}
	if consentDate > today {
		return false, "consent is dated " + consentDate + ", which has not come yet"
	}
	if !slices.Contains(uses, use) {
		return false, "the author has not agreed to its use " + usePhrase(use)
	}
	if status != StoryApproved && status != StoryPublished {
		return false, "it is a draft: it is not approved yet"
	}
	if expires != "" && expires < today {
		return false, "consent expired on " + expires
	}
	if embargo != "" && embargo > today {
		return false, "it is embargoed until " + embargo
	}
	return true, ""
}

// Shown says whether the story may be shown for a use on a date (London
// date "YYYY-MM-DD"), with the same rule as Story.Shown.
func (ss StorySummary) Shown(use Use, today string) (ok bool, why string) {
	return shown(ss.Consent, ss.ConsentDate, ss.Uses, ss.Status, ss.Expires, ss.Embargo, use, today)
}

// Byline is how the author is named where the story is shown: their full
// name, first name, first name and area, pseudonym, or "Anonymous".
func (st Story) Byline() string {
	return byline(st.Naming, st.AuthorName, st.AuthorArea, st.Pseudonym)
}

func byline(n Naming, name, area, pseudonym string) string {
	name, area, pseudonym = termsafe.Line(name), termsafe.Line(area), termsafe.Line(pseudonym)
	first := ""
	if f := strings.Fields(name); len(f) > 0 {
		first = f[0]
	}
	switch n {
	case NamingFull:
		if name != "" {
			return name
		}
	case NamingFirst:
		if first != "" {
			return first
		}
	case NamingFirstArea:
		switch {
		case first != "" && area != "":
			return first + ", " + area
		case first != "":
			return first
		}
	case NamingPseudonym:
		if pseudonym != "" {
			return pseudonym
		}
	}
	return "Anonymous"
}

// WordCount counts the words of a markdown text: runs of non-space
// characters holding at least one letter or digit (so list bullets and
// heading marks are not words).
func WordCount(text string) int {
	n := 0
	for w := range strings.FieldsSeq(text) {
		if strings.IndexFunc(w, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0 {
			n++
		}
	}
	return n
}

// ReadingMinutes is how long a text of so many words takes to read aloud
// or alone, at WordsPerMinute, rounded up; 0 only for no words.
func ReadingMinutes(words int) int {
	if words <= 0 {
		return 0
	}
	return (words + WordsPerMinute - 1) / WordsPerMinute
}

// Slugify makes a slug from a title: lower case letters, digits and single
// hyphens, accents dropped ("Zoë's Story" → "zoes-story"); "story" when
// nothing is left.
func Slugify(title string) string {
	var b strings.Builder
	dash := false
	for _, r := range norm.NFKD.String(strings.ToLower(title)) {
		switch {
		case unicode.Is(unicode.Mn, r), r == '\'', r == '’':
			continue
		case r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		default:
			dash = true
		}
		if b.Len() >= 60 {
			break
		}
	}
	s := b.String()
	if len(s) >= 60 {
		if i := strings.LastIndexByte(s, '-'); i > 0 {
			s = s[:i] // do not end in half a word
		}
	}
	s = strings.Trim(s, "-")
	if s == "" {
		return "story"
	}
	return s
}

// validSlug reports whether s is a slug: 1–80 of a–z, 0–9 and hyphens,
// not starting or ending with a hyphen.
func validSlug(s string) bool {
	if s == "" || len(s) > maxSlugLen || s[0] == '-' || s[len(s)-1] == '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// clean runs every text field through the input sanitizer and tidies the
// lists: trimmed, empty items dropped, repeats (in any case) dropped.
func (st *Story) clean() {
	st.Slug = strings.ToLower(termsafe.Line(st.Slug))
	st.Title = termsafe.Line(st.Title)
	st.Summary = strings.TrimSpace(termsafe.Clean(st.Summary))
	st.Body = termsafe.Clean(st.Body)
	st.Themes = cleanTags(st.Themes)
	st.ContentNotes = cleanTags(st.ContentNotes)
	st.AuthorID = strings.TrimSpace(st.AuthorID)
	st.AuthorName = termsafe.Line(st.AuthorName)
	st.AuthorArea = termsafe.Line(st.AuthorArea)
	st.Pseudonym = termsafe.Line(st.Pseudonym)
	st.ConsentHow = strings.ToLower(termsafe.Line(st.ConsentHow))
	st.ConsentDate = termsafe.Line(st.ConsentDate)
	st.Expires = termsafe.Line(st.Expires)
	st.Embargo = termsafe.Line(st.Embargo)
	st.TextApproved = termsafe.Line(st.TextApproved)
	if st.Naming == "" {
		st.Naming = NamingAnonymous
	}
	if st.Consent == "" {
		st.Consent = ConsentNotAsked
	}
	if st.Status == "" {
		st.Status = StoryDraft
	}
	var uses []Use
	for _, u := range Uses { // the canonical order, each once
		for _, v := range st.Uses {
			if Use(strings.ToLower(strings.TrimSpace(string(v)))) == u {
				uses = append(uses, u)
				break
			}
		}
	}
	for _, v := range st.Uses { // keep unknown ones for Validate to refuse
		if !slices.Contains(Uses, Use(strings.ToLower(strings.TrimSpace(string(v))))) {
			uses = append(uses, v)
		}
	}
	st.Uses = uses
}

func cleanTags(in []string) []string {
	out := []string{}
	seen := map[string]bool{}
	for _, t := range in {
		t = termsafe.Line(t)
		k := strings.ToLower(t)
		if t == "" || seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, t)
	}
	return out
}

// Validate checks a story before it is saved, normalising its dates to
// YYYY-MM-DD. Run clean first (SaveStory does).
func (st *Story) Validate() error {
	if err := ValidateName(st.Title); err != nil {
		if strings.TrimSpace(st.Title) == "" {
			return fieldErr("Title", "a story needs a title")
		}
		return fieldErr("Title", "that title is too long (%d characters at most)", maxTitleRunes)
	}
	if st.Slug != "" && !validSlug(st.Slug) {
		return fieldErr("Slug", "%q is not a slug: use lower-case letters, digits and hyphens (like a-long-road), at most %d", st.Slug, maxSlugLen)
	}
	if utf8.RuneCountInString(st.Summary) > maxSummaryRunes {
		return fieldErr("Summary", "the summary is too long (%d characters at most)", maxSummaryRunes)
	}
	if len(st.Body) > MaxStoryBytes {
		return fieldErr("Story", "the story is too long (%d KB at most)", MaxStoryBytes>>10)
	}
	for _, list := range []struct {
		field string
		tags  []string
	}{{"Themes", st.Themes}, {"Content notes", st.ContentNotes}} {
		if len(list.tags) > maxTags {
			return fieldErr(list.field, "at most %d, please", maxTags)
		}
		for _, t := range list.tags {
			if utf8.RuneCountInString(t) > maxTagRunes {
				return fieldErr(list.field, "%q is too long (%d characters at most)", t, maxTagRunes)
			}
		}
	}
	if !slices.Contains(StoryStatuses, st.Status) {
		return fieldErr("Status", "unknown status %q (use draft, approved or published)", st.Status)
	}
	if !slices.Contains(Namings, st.Naming) {
		return fieldErr("Naming", "unknown naming %q (use full_name, first_name, first_name_area, pseudonym or anonymous)", st.Naming)
	}
	if !slices.Contains(ConsentStates, st.Consent) {
		return fieldErr("Consent", "unknown consent %q (use not_asked, given or withdrawn)", st.Consent)
	}
	switch st.ConsentHow {
	case "", ConsentWritten, ConsentVerbal:
	default:
		return fieldErr("Consent how", "unknown way of consent %q (use written or verbal)", st.ConsentHow)
	}
	for _, u := range st.Uses {
		if !slices.Contains(Uses, u) {
			return fieldErr("Uses", "unknown use %q (use forums, print, training or online)", u)
		}
	}
	for _, d := range []struct {
		field string
		v     *string
	}{{"Consent date", &st.ConsentDate}, {"Expires", &st.Expires}, {"Embargo", &st.Embargo}, {"Text approved", &st.TextApproved}} {
		n, err := NormalDate(*d.v)
		if err != nil {
			return fieldErr(d.field, "%s", err)
		}
		*d.v = n
	}
	switch st.Naming {
	case NamingFull, NamingFirst:
		if st.AuthorName == "" && st.AuthorID == "" {
			return fieldErr("Author", "say who the author is, or choose to name them another way")
		}
	case NamingFirstArea:
		if st.AuthorName == "" && st.AuthorID == "" {
			return fieldErr("Author", "say who the author is, or choose to name them another way")
		}
		if st.AuthorArea == "" {
			return fieldErr("Area", "say which area the author is from, or choose to name them another way")
		}
	case NamingPseudonym:
		if st.Pseudonym == "" {
			return fieldErr("Pseudonym", "say which pseudonym the author chose, or choose to name them another way")
		}
	}
	switch st.Consent {
	case ConsentGiven:
		if st.ConsentDate == "" {
			return fieldErr("Consent date", "say when consent was given")
		}
		if st.Expires != "" && st.Expires < st.ConsentDate {
			return fieldErr("Expires", "consent cannot expire (%s) before it was given (%s)", st.Expires, st.ConsentDate)
		}
	case ConsentWithdrawn:
		if st.ConsentDate == "" {
			return fieldErr("Consent date", "say when consent was withdrawn")
		}
	}
	if st.Expires != "" && st.Embargo != "" && st.Expires < st.Embargo {
		return fieldErr("Expires", "consent expires (%s) before the embargo ends (%s): the story could never be shown", st.Expires, st.Embargo)
	}
	return nil
}

// NotShownError says why a story may not be shown.
type NotShownError struct {
	Title string
	Use   Use
	Why   string
	// Consent is the story's consent when it was refused: a reader can
	// say "its consent was withdrawn" without showing anything else of it.
	Consent ConsentState
}

func (e *NotShownError) Error() string {
	return fmt.Sprintf("“%s” may not be shown: %s", e.Title, e.Why)
}
