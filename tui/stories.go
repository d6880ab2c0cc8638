package tui

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/involve/involve/store"
	"github.com/involve/involve/termsafe"
	"github.com/involve/involve/tui/kit"
)

// The Stories section: the anthology's library, the coordinator's
// management view. Every story is listed, whatever its consent; a story
// whose consent is withdrawn, expired or embargoed stays visible here,
// clearly marked, and nowhere else.

// storySort is the library's order.
type storySort int

const (
	sortTitle storySort = iota
	sortNewest
	sortLongest
	numStorySorts
)

var storySortNames = [numStorySorts]string{"title", "newest", "longest"}

// The values the status and consent filters cycle through ("" is all).
var (
	storyStatuses = append([]store.StoryStatus{""}, store.StoryStatuses...)
	// The consent filter: a state, or where given consent stands today.
	consentChoices = []consentChoice{
		{"all", "", ""},
		{"not asked", store.ConsentNotAsked, ""},
		{"given, in force", "", store.StandingInForce},
		{"expired", "", store.StandingExpired},
		{"embargoed", "", store.StandingEmbargoed},
		{"withdrawn", store.ConsentWithdrawn, ""},
	}
)

// consentChoice is one value of the consent filter.
type consentChoice struct {
	label    string
	state    store.ConsentState
	standing store.ConsentStanding
}

// consentFilterLabel names the consent filter as it is set.
func consentFilterLabel(f store.StoryFilter) string {
	for _, c := range consentChoices {
		if c.state == f.Consent && c.standing == f.ConsentStanding {
			return c.label
		}
	}
	return consentLabel(f.Consent)
}

// StoriesScreen is the library: every story with its byline, status,
// consent and length, filtered by theme, status and consent, sorted, and
// found by `/` over the list or by full-text search.
type StoriesScreen struct {
	c       *kit.Common
	list    *kit.List
	filter  store.StoryFilter
	sort    storySort
	themes  []string
	stories map[string]store.StorySummary
	count   int
	gen     int
	w, h    int
	// pendingNew is a new story's file that could not be added: n opens
	// it again, with what was written in it.
	pendingNew string
	// selectNewest puts the cursor on the newest story when the library
	// next loads (one was just added).
	selectNewest bool
}

type storiesLoadedMsg struct {
	to      *StoriesScreen
	gen     int
	stories []store.StorySummary
	themes  []string
	rows    []kit.Row
	err     error
}

// NewStories is the Stories section's first screen.
func NewStories(c *kit.Common) *StoriesScreen {
	s := &StoriesScreen{c: c, stories: map[string]store.StorySummary{}}
	s.list = kit.NewList(c,
		kit.Column{Title: "Title"},
		kit.Column{Title: "By", Width: 16},
		kit.Column{Title: "Status", Width: 9},
		kit.Column{Title: "Consent", Width: 12},
		kit.Column{Title: "Read", Width: 6, Right: true},
	)
	s.list.Empty = "No stories yet. Import markdown files with `involve stories import PATH`."
	return s
}

// Init loads the library.
func (s *StoriesScreen) Init() tea.Cmd { return s.Refresh() }

// Refresh reloads the library with the filters and order in force; a
// reply to an earlier request is dropped.
func (s *StoriesScreen) Refresh() tea.Cmd {
	s.gen++
	gen, f, order, today := s.gen, s.filter, s.sort, store.LocalDate(s.c.Now())
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), kit.DefaultTimeout)
		defer cancel()
		msg := storiesLoadedMsg{to: s, gen: gen}
		if msg.stories, msg.err = s.c.Store.Stories(ctx, f); msg.err != nil {
			return msg
		}
		// The themes to choose from are every story's, not only those
		// the filter lets through.
		if msg.themes, msg.err = s.c.Store.StoryThemes(ctx); msg.err != nil {
			return msg
		}
		sortStories(msg.stories, order)
		msg.rows = storyRows(msg.stories, today)
		return msg
	}
}

func sortStories(stories []store.StorySummary, order storySort) {
	slices.SortStableFunc(stories, func(a, b store.StorySummary) int {
		switch order {
		case sortNewest:
			if c := b.CreatedAt.Compare(a.CreatedAt); c != 0 {
				return c
			}
		case sortLongest:
			if a.Words != b.Words {
				return b.Words - a.Words
			}
		}
		return strings.Compare(kit.Fold(a.Title), kit.Fold(b.Title))
	})
}

// storyRows turns stories into library rows. The byline is already shaped
// by the author's consent; the privacy screen hides it all the same. The
// themes, summary and content notes are searched by `/` but not shown.
func storyRows(stories []store.StorySummary, today string) []kit.Row {
	rows := make([]kit.Row, len(stories))
	for i, st := range stories {
		mark, tone := consentMark(st, today)
		length := readingTime(st.Words)
		title := termsafe.Line(st.Title)
		byline := termsafe.Line(st.Byline)
		cells := []string{title, byline, statusLabel(st.Status), mark, length}
		masked := []string{title, "—", statusLabel(st.Status), mark, length}
		r := kit.NewRow(st.ID, cells, masked)
		r.AlsoFind(strings.Join(st.Themes, " ") + " " + strings.Join(st.ContentNotes, " ") + " " + st.Slug)
		r.Tone = tone
		rows[i] = r
	}
	return rows
}

// consentMark says where a story's consent stands, for the library: given,
// not asked, or — marked so the eye catches them — withdrawn, expired or
// embargoed.
func consentMark(st store.StorySummary, today string) (string, kit.Tone) {
	switch {
	case st.Consent == store.ConsentWithdrawn:
		return "✗ withdrawn", kit.ToneBad
	case st.Consent == store.ConsentGiven && st.ConsentDate > today:
		return "! not yet", kit.ToneWarn // consent dated in the future
	case st.Expires != "" && st.Expires < today:
		return "✗ expired", kit.ToneBad
	case st.Embargo != "" && today < st.Embargo:
		return "! embargoed", kit.ToneWarn
	case st.Consent == store.ConsentNotAsked || st.Consent == "":
		return "not asked", kit.ToneFaint
	}
	return "given", kit.ToneNormal
}

func statusLabel(s store.StoryStatus) string {
	if s == "" {
		return "—"
	}
	return strings.ToLower(s.Label())
}

// consentLabel is the consent filter's value: a state, or all.
func consentLabel(c store.ConsentState) string {
	if c == "" {
		return "all"
	}
	return strings.ToLower(c.Label())
}

// readingTime is how long a story takes to read, in whole minutes.
func readingTime(words int) string {
	return strconv.Itoa(max(1, store.ReadingMinutes(words))) + " min"
}

// Title names the section.
func (s *StoriesScreen) Title() string { return "Stories" }

// previewLines is how many lines the selected story's preview takes.
const previewLines = 3

// SetSize lays the library out: a line of filters, the list, a preview.
func (s *StoriesScreen) SetSize(w, h int) {
	s.w, s.h = w, h
	s.list.SetSize(w, max(3, h-1-previewLines))
}

// Capturing is true while the `/` filter has the focus.
func (s *StoriesScreen) Capturing() bool { return s.list.Finding() }

// CaptureHelp lists the find field's keys.
func (s *StoriesScreen) CaptureHelp() []key.Binding { return s.list.FindHelp() }

// Help lists the library's keys.
func (s *StoriesScreen) Help() [][]key.Binding {
	k := s.c.Keys.Stories
	return [][]key.Binding{
		{s.c.Keys.List.Open, k.Search, k.ReadingMode, k.Theme, k.Status, k.Consent, k.Sort, s.c.Keys.Record.New, s.c.Keys.Record.Edit, k.EditText, k.Withdraw, k.History, s.c.Keys.Record.Delete},
		s.list.Help(),
	}
}

// Update handles the library's keys and replies.
func (s *StoriesScreen) Update(msg tea.Msg) (kit.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case storiesLoadedMsg:
		if msg.to != s || msg.gen != s.gen {
			return s, nil
		}
		if msg.err != nil {
			s.list.Empty = "The stories could not be loaded: " + kit.ErrText(msg.err)
			s.list.SetRows(nil)
			return s, kit.Failed(msg.err)
		}
		k := s.c.Keys.Stories
		s.list.Empty = "No stories yet. Press " + kit.KeyName(s.c.Keys.Record.New) + " to write one, or import markdown files with `involve stories import PATH`."
		if s.filter != (store.StoryFilter{}) {
			s.list.Empty = "No story matches these filters. Press " + kit.KeyNames(k.Theme, k.Status, k.Consent) + " to change them."
		}
		s.stories = make(map[string]store.StorySummary, len(msg.stories))
		for _, st := range msg.stories {
			s.stories[st.ID] = st
		}
		s.themes, s.count = msg.themes, len(msg.stories)
		s.list.SetRows(msg.rows)
		if s.selectNewest {
			s.selectNewest = false
			var newest store.StorySummary
			for _, st := range msg.stories {
				// Ids are UUIDv7: in the same instant, the later is greater.
				if st.CreatedAt.After(newest.CreatedAt) || st.CreatedAt.Equal(newest.CreatedAt) && st.ID > newest.ID {
					newest = st
				}
			}
			s.list.Select(newest.ID)
		}
		return s, nil
	case tea.KeyPressMsg:
		return s, s.key(msg)
	case storyNewEditedMsg:
		return s, addNewStory(s.c, msg)
	case storyAddedMsg:
		s.selectNewest = true
		return s, tea.Batch(kit.Status("Added the new story."), s.Refresh())
	case newStoryKeptMsg:
		s.pendingNew = msg.path
		return s, func() tea.Msg {
			return kit.StatusMsg{Text: termsafe.Line("Not added (" + kit.KeyName(s.c.Keys.Record.New) + " goes back to it): " + msg.why), Err: true}
		}
	}
	if _, cmd := s.list.Update(msg); cmd != nil {
		return s, cmd
	}
	return s, nil
}

func (s *StoriesScreen) key(msg tea.KeyPressMsg) tea.Cmd {
	k := s.c.Keys.Stories
	// ctrl+f is the list's page down too: search comes first here.
	if !s.list.Finding() && key.Matches(msg, k.Search) {
		return kit.Push(NewStorySearch(s.c, s.filter))
	}
	if handled, cmd := s.list.Update(msg); handled {
		return cmd
	}
	switch {
	case key.Matches(msg, k.ReadingMode):
		return kit.Push(NewReadingMode(s.c))
	case key.Matches(msg, k.Theme):
		s.filter.Theme = nextOf(append([]string{""}, s.themes...), s.filter.Theme, strings.EqualFold)
		return s.Refresh()
	case key.Matches(msg, k.Status):
		s.filter.Status = nextOf(storyStatuses, s.filter.Status, func(a, b store.StoryStatus) bool { return a == b })
		return s.Refresh()
	case key.Matches(msg, k.Consent):
		cur := consentChoice{state: s.filter.Consent, standing: s.filter.ConsentStanding}
		next := nextOf(consentChoices, cur, func(a, b consentChoice) bool { return a.state == b.state && a.standing == b.standing })
		s.filter.Consent, s.filter.ConsentStanding = next.state, next.standing
		return s.Refresh()
	case key.Matches(msg, k.Sort):
		s.sort = (s.sort + 1) % numStorySorts
		return s.Refresh()
	case key.Matches(msg, s.c.Keys.Record.New):
		kept := s.pendingNew
		s.pendingNew = ""
		return newStory(s.c, kept)
	case key.Matches(msg, s.c.Keys.Global.Back):
		return nil
	}
	row, ok := s.list.Selected()
	if !ok {
		return nil
	}
	st := s.stories[row.ID]
	switch {
	case key.Matches(msg, s.c.Keys.List.Open):
		return kit.Push(NewReader(s.c, st, readManage))
	case key.Matches(msg, s.c.Keys.Record.Edit):
		return editStory(s.c, st.ID)
	case key.Matches(msg, k.EditText):
		return editStoryText(s.c, st.ID)
	case key.Matches(msg, k.Withdraw):
		return withdrawStory(s.c, st, s.Refresh)
	case key.Matches(msg, k.History):
		return kit.Push(NewStoryHistory(s.c, st))
	case key.Matches(msg, s.c.Keys.Record.Delete):
		return eraseStory(s.c, st, s.Refresh)
	}
	return nil
}

// eraseStory asks, saying what goes and what withdrawing would do instead,
// then erases the story (an author's request to be forgotten), with every
// earlier version, reading place and render of it.
func eraseStory(c *kit.Common, st store.StorySummary, then func() tea.Cmd) tea.Cmd {
	title := termsafe.Line(st.Title)
	return kit.Push(kit.NewConfirm(c, "Erase “"+title+"” for good?",
		"Its text, every earlier version, its reading places and renders are erased from this database; this cannot be undone (copies in backups and exports are not touched). "+
			"To stop it being shown but keep it, withdraw consent instead ("+kit.KeyName(c.Keys.Stories.Withdraw)+").",
		func() tea.Cmd {
			return tea.Sequence(
				kit.Do(c, func(ctx context.Context, s *store.Store) error { return s.DeleteStory(ctx, st.ID, st.Version) },
					kit.StatusMsg{Text: "Erased “" + title + "”."}),
				then())
		}))
}

// nextOf is the value after cur in values, going round.
func nextOf[T any](values []T, cur T, eq func(a, b T) bool) T {
	for i, v := range values {
		if eq(v, cur) {
			return values[(i+1)%len(values)]
		}
	}
	return values[0]
}

// withdrawStory asks, explaining what withdrawing does, then withdraws the
// story's consent as of today and runs then.
func withdrawStory(c *kit.Common, st store.StorySummary, then func() tea.Cmd) tea.Cmd {
	title := termsafe.Line(st.Title)
	if st.Consent == store.ConsentWithdrawn {
		return kit.Status("Consent for “" + title + "” is already withdrawn.")
	}
	today := store.LocalDate(c.Now())
	return kit.Push(kit.NewConfirm(c, "Withdraw consent for “"+title+"”?",
		"This takes effect everywhere at once: the story leaves reading mode and every list of stories that may be read, printed, used in training or put online, and `involve stories show` refuses it. "+
			"It stays here in the library, marked withdrawn. To use it again, its author's new consent must be recorded ("+kit.KeyName(c.Keys.Record.Edit)+").",
		func() tea.Cmd {
			return tea.Sequence(
				kit.Do(c, func(ctx context.Context, s *store.Store) error { return s.WithdrawConsent(ctx, st.ID, today) },
					kit.StatusMsg{Text: "Consent withdrawn for “" + title + "”, everywhere, as of today."}),
				then())
		}))
}

// View draws the filters, the list and the selected story's preview.
func (s *StoriesScreen) View() string {
	st := s.c.Styles
	f := s.filter
	theme := "all"
	if f.Theme != "" {
		theme = termsafe.Line(f.Theme)
	}
	status := "all"
	if f.Status != "" {
		status = statusLabel(f.Status)
	}
	left := fmt.Sprintf(" Theme %s · Status %s · Consent %s · Sorted by %s",
		st.Bold.Render(theme), st.Bold.Render(status), st.Bold.Render(consentFilterLabel(f)), st.Bold.Render(storySortNames[s.sort]))
	right := fmt.Sprintf("%d stories ", s.count)
	if s.count == 1 {
		right = "1 story "
	}
	bar := left
	if gap := s.w - ansi.StringWidth(left) - len(right); gap >= 1 {
		bar += strings.Repeat(" ", gap) + st.Subtle.Render(right)
	}
	return bar + "\n" + s.list.View() + "\n" + s.preview()
}

// preview shows the selected story's summary, themes, content notes and
// consent: nothing about its author.
func (s *StoriesScreen) preview() string {
	st := s.c.Styles
	rule := st.HRule(s.w)
	row, ok := s.list.Selected()
	if !ok {
		return rule
	}
	sum := s.stories[row.ID]
	w := max(10, s.w-2)
	summary := termsafe.Line(sum.Summary)
	if summary == "" {
		summary = "No summary."
	}
	var facts []string
	if len(sum.Themes) > 0 {
		facts = append(facts, "Themes: "+termsafe.Line(strings.Join(sum.Themes, ", ")))
	}
	if len(sum.ContentNotes) > 0 {
		facts = append(facts, "Content notes: "+termsafe.Line(strings.Join(sum.ContentNotes, ", ")))
	}
	facts = append(facts, fmt.Sprintf("%s words", groupThousands(sum.Words)))
	uses := "no uses agreed"
	if len(sum.Uses) > 0 {
		us := make([]string, len(sum.Uses))
		for i, u := range sum.Uses {
			us[i] = strings.ToLower(u.Label())
		}
		uses = "Agreed: " + strings.Join(us, ", ")
	}
	if sum.Consent != store.ConsentGiven {
		uses = "Consent " + consentLabel(sum.Consent)
	}
	if sum.Expires != "" {
		uses += " · consent expires " + sum.Expires
	}
	if sum.Embargo != "" {
		uses += " · embargoed until " + sum.Embargo
	}
	return rule + "\n" +
		" " + ansi.Truncate(summary, w, "…") + "\n" +
		st.Subtle.Render(" "+ansi.Truncate(strings.Join(facts, " · ")+" · "+uses, w, "…"))
}

// groupThousands writes 12345 as "12,345".
func groupThousands(n int) string {
	s := strconv.Itoa(n)
	if n < 0 {
		return s
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
