package store

import (
	"context"
	"errors"
	"time"
)

// The anthology: stories of addiction and recovery, written by local people
// and shown only where their authors have agreed.
//
// This file holds the types and the API the interface builds on. The
// bodies marked "not built yet" are filled in by the stories work (issue 4);
// until then they return errStoriesNotBuilt.

var errStoriesNotBuilt = errors.New("the anthology is not built yet")

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
}

// StoryFilter narrows the library.
type StoryFilter struct {
	Theme   string
	Status  StoryStatus
	Consent ConsentState
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
// why, in plain English ("consent was withdrawn on 2026-03-01").
func (st Story) Shown(use Use, today string) (ok bool, why string) {
	return false, errStoriesNotBuilt.Error()
}

// Stories lists the library. Not built yet.
func (s *Store) Stories(ctx context.Context, f StoryFilter) ([]StorySummary, error) {
	return nil, errStoriesNotBuilt
}

// Story loads one story by id or slug. Not built yet.
func (s *Store) Story(ctx context.Context, idOrSlug string) (Story, error) {
	return Story{}, errStoriesNotBuilt
}

// SaveStory inserts or updates (optimistically) a story, keeping the
// previous text as a version. Not built yet.
func (s *Store) SaveStory(ctx context.Context, st *Story) error { return errStoriesNotBuilt }

// WithdrawConsent withdraws a story's consent at once, everywhere. Not built yet.
func (s *Store) WithdrawConsent(ctx context.Context, id string, on string) error {
	return errStoriesNotBuilt
}

// SearchStories runs a full-text search (FTS5, bm25 ranking, snippets). Not built yet.
func (s *Store) SearchStories(ctx context.Context, query string, f StoryFilter, limit int) ([]SearchHit, error) {
	return nil, errStoriesNotBuilt
}

// StoryVersions lists a story's earlier texts, newest first. Not built yet.
func (s *Store) StoryVersions(ctx context.Context, id string) ([]StoryVersion, error) {
	return nil, errStoriesNotBuilt
}

// RestoreStoryVersion makes an earlier text current (keeping the current one
// as a version too). Not built yet.
func (s *Store) RestoreStoryVersion(ctx context.Context, id string, version int64) error {
	return errStoriesNotBuilt
}

// ReadingPosition is where the reader left a story (a line offset). Not built yet.
func (s *Store) ReadingPosition(ctx context.Context, storyID string) (int, error) {
	return 0, errStoriesNotBuilt
}

// SetReadingPosition remembers where the reader left a story. Not built yet.
func (s *Store) SetReadingPosition(ctx context.Context, storyID string, line int) error {
	return errStoriesNotBuilt
}

// SupportMessage is the short message that ends every story (a setting,
// with a default: talk to your worker, or call Samaritans free on 116 123).
func (s *Store) SupportMessage(ctx context.Context) (string, error) {
	return "", errStoriesNotBuilt
}
