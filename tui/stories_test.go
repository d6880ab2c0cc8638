package tui

// Model tests for the Stories section: the library, full-text search, the
// content-note gate, the reader and its remembered position, reading mode
// and the consent life-cycle as the interface shows it.

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/involve/involve/render"
	"github.com/involve/involve/store"
	"github.com/involve/involve/tui/kit"
)

// storyParagraph is a paragraph of a test story; n makes each different.
func storyParagraph(n int) string {
	return fmt.Sprintf("Paragraph %d. The path up the mountain was steep that winter, and some mornings the fog came down so thick "+
		"I could not see my own hands. My worker said to take it one step at a time, and so I did, one step and then another, "+
		"until the steps were days and the days were months and I looked back down the valley and saw how far I had come.", n)
}

// storyBody is a story of paragraphs paragraphs, with a heading.
func storyBody(paragraphs int) string {
	var b strings.Builder
	b.WriteString("# The first hill\n\n")
	for i := 1; i <= paragraphs; i++ {
		b.WriteString(storyParagraph(i) + "\n\n")
	}
	b.WriteString("And that is where I am now.\n")
	return b.String()
}

// The test stories, by title.
const (
	stHill      = "Climbing the first hill"
	stLongWay   = "The long way back"
	stFog       = "Out of the fog"
	stTomorrow  = "Tomorrow, maybe"
	stNotAsked  = "Still deciding"
	stPrintOnly = "Only on paper"
)

// seedStories adds six stories covering the consent life-cycle: readable at
// forums (one with content notes), expired, embargoed, not asked, and given
// for print only.
func seedStories(t testing.TB, s *store.Store) map[string]store.Story {
	t.Helper()
	given := func(title, slug, author string, words int) store.Story {
		return store.Story{
			Slug: slug, Title: title, Summary: "A story of " + strings.ToLower(title) + ".",
			Body: storyBody(words), Themes: []string{"recovery"}, Status: store.StoryApproved,
			AuthorName: author, AuthorArea: "Hull", Naming: store.NamingFirstArea,
			Consent: store.ConsentGiven, ConsentDate: "2026-01-05", ConsentHow: "written",
			Uses: []store.Use{store.UseForums, store.UsePrint}, TextApproved: "2026-01-06",
		}
	}
	list := []store.Story{
		given(stHill, "first-hill", "Sam Carter", 30),
		given(stLongWay, "long-way", "Jo Bloggs", 4),
		given(stFog, "fog", "Ali Khan", 3),
		given(stTomorrow, "tomorrow", "Pat Lee", 3),
		given(stNotAsked, "deciding", "Chris Moe", 3),
		given(stPrintOnly, "paper", "Max Rowe", 3),
	}
	list[0].ContentNotes = []string{"overdose", "bereavement"}
	list[0].Themes = []string{"recovery", "family"}
	list[1].Themes = []string{"housing"}
	list[2].Expires = "2026-02-01"
	list[3].Embargo = "2026-06-01"
	list[4].Consent, list[4].ConsentDate, list[4].ConsentHow, list[4].Uses = store.ConsentNotAsked, "", "", nil
	list[5].Uses = []store.Use{store.UsePrint}
	out := map[string]store.Story{}
	for i := range list {
		if err := s.SaveStory(bg(), &list[i]); err != nil {
			if strings.Contains(err.Error(), "not built yet") {
				t.Skip("the anthology's store is not built yet")
			}
			t.Fatalf("saving %q: %v", list[i].Title, err)
		}
		out[list[i].Title] = list[i]
	}
	return out
}

// openStories seeds the stories in an empty database (the demo's own
// stories would change what the tests count) and shows the library.
func openStories(t *testing.T, opts ...harnessOpt) (*harness, *StoriesScreen, map[string]store.Story) {
	t.Helper()
	opts = append([]harnessOpt{withDatabase(filepath.Join(t.TempDir(), "involve.db"))}, opts...)
	h := newHarness(t, opts...)
	stories := seedStories(t, h.s)
	h.press(h.keys().Global.Stories)
	lib := activeAs[*StoriesScreen](h)
	return h, lib, stories
}

// selectStory moves the library's cursor to the story with this title.
func selectStory(t *testing.T, lib *StoriesScreen, title string) {
	t.Helper()
	findRow(t, lib.list, func(r kit.Row) bool { return r.Cells[0] == title })
}

// openStory opens a story from the library, going on past its content
// notes, and returns the reader.
func openStory(t *testing.T, h *harness, lib *StoriesScreen, title string) *ReaderScreen {
	t.Helper()
	selectStory(t, lib, title)
	h.press(h.keys().List.Open)
	r := activeAs[*ReaderScreen](h)
	if r.gate {
		h.press(h.keys().Stories.GoOn)
	}
	if len(r.lines) == 0 {
		t.Fatalf("the story was not rendered:\n%s", h.screen())
	}
	return r
}

func TestStoriesLibraryListsEveryStoryWithItsConsent(t *testing.T) {
	h, lib, _ := openStories(t)
	h.wantScreen("6 Stories", stHill, stLongWay, stFog, stTomorrow, stNotAsked, stPrintOnly)
	row := func(title string) string {
		for _, l := range h.lines() {
			if strings.Contains(l, title) {
				return l
			}
		}
		t.Fatalf("no line shows %q:\n%s", title, h.screen())
		return ""
	}
	for title, want := range map[string]string{
		stHill: "given", stFog: "✗ expired", stTomorrow: "! embargoed", stNotAsked: "not asked",
	} {
		if l := row(title); !strings.Contains(l, want) {
			t.Errorf("the line of %q does not say %q: %s", title, want, l)
		}
	}
	if l := row(stHill); !strings.Contains(l, "Sam") {
		t.Errorf("the line of %q has no byline: %s", stHill, l)
	}
	for _, r := range lib.list.Rows() {
		if r.Cells[0] == stFog && r.Tone != kit.ToneBad {
			t.Errorf("an expired story's row is not marked bad (tone %d)", r.Tone)
		}
	}
	// The preview shows the content notes of the story under the cursor.
	selectStory(t, lib, stHill)
	h.wantScreen("Content notes: overdose, bereavement")

	// `/` filters as you type, themes included.
	h.press(h.keys().List.Filter)
	h.typeText("housing")
	if lib.list.Len() != 1 {
		t.Fatalf("filtering on a theme leaves %d stories, want 1:\n%s", lib.list.Len(), h.screen())
	}
	h.wantScreen(stLongWay)
	h.notScreen(stHill)
	h.press(h.keys().List.ClearFilter)

	// The privacy screen hides the bylines; the titles stay.
	h.press(h.keys().Global.Privacy)
	h.wantScreen(stHill)
	h.notScreen("Sam", "Hull")
}

func TestStoriesFiltersAndSort(t *testing.T) {
	h, lib, _ := openStories(t)
	k := h.keys().Stories
	all := lib.list.Len()
	// Consent: all → not asked.
	h.press(k.Consent)
	h.wantScreen("Consent not asked")
	if lib.list.Len() != 1 {
		t.Fatalf("consent 'not asked' shows %d stories, want 1:\n%s", lib.list.Len(), h.screen())
	}
	// Then where given consent stands today: in force, expired, embargoed.
	h.press(k.Consent)
	h.wantScreen("Consent given, in force")
	h.notScreen(stFog, stTomorrow)
	h.press(k.Consent)
	h.wantScreen("Consent expired", stFog)
	if lib.list.Len() != 1 {
		t.Fatalf("consent 'expired' shows %d stories, want 1", lib.list.Len())
	}
	h.press(k.Consent)
	h.wantScreen("Consent embargoed", stTomorrow)
	if lib.list.Len() != 1 {
		t.Fatalf("consent 'embargoed' shows %d stories, want 1", lib.list.Len())
	}
	for range len(consentChoices) - 4 {
		h.press(k.Consent)
	}
	if lib.list.Len() != all {
		t.Fatalf("back to all consents: %d stories, want %d", lib.list.Len(), all)
	}
	// Theme: the first theme in order is "family".
	h.press(k.Theme)
	h.wantScreen("Theme family")
	if lib.list.Len() != 1 {
		t.Fatalf("theme 'family' shows %d stories, want 1:\n%s", lib.list.Len(), h.screen())
	}
	for range len(lib.themes) {
		h.press(k.Theme)
	}
	h.wantScreen("Theme all")
	// Sort: the longest first.
	h.press(k.Sort)
	h.press(k.Sort)
	h.wantScreen("Sorted by longest")
	if r, _ := lib.list.Selected(); r.Cells[0] != stHill {
		lib.list.SetCursor(0)
		if r, _ := lib.list.Selected(); r.Cells[0] != stHill {
			t.Fatalf("sorted by length, the first story is %q, want %q", r.Cells[0], stHill)
		}
	}
}

func TestStoriesSearchHighlightsMatchedWords(t *testing.T) {
	h, _, _ := openStories(t)
	h.press(h.keys().Stories.Search)
	se := activeAs[*StorySearch](h)
	h.typeText("mountain")
	if len(se.hits) == 0 {
		t.Fatalf("no hits for 'mountain':\n%s", h.screen())
	}
	raw := h.m.View().Content
	if strings.ContainsAny(raw, store.HitStart+store.HitEnd) {
		t.Fatalf("the screen shows the snippet's marker bytes: %q", raw)
	}
	h.wantScreen("mountain", "best first")
	// The matched word is drawn bold and underlined.
	found := false
	for _, l := range strings.Split(raw, "\n") {
		if strings.Contains(ansi.Strip(l), "mountain") && strings.Contains(l, "\x1b[1;4") {
			found = true
		}
	}
	if !found {
		t.Errorf("no line shows 'mountain' highlighted:\n%q", raw)
	}
	// An older query's results are dropped.
	stale := storySearchMsg{to: se, gen: se.gen - 1, query: "m", hits: []store.SearchHit{{StorySummary: store.StorySummary{Title: "Stale"}}}}
	h.send(stale)
	h.notScreen("Stale")
	// Clearing the query clears the results; enter on a hit opens it.
	for range len("mountain") {
		h.pressKey("backspace")
	}
	if len(se.hits) != 0 {
		t.Fatalf("an empty query still shows %d hits", len(se.hits))
	}
	h.typeText("valley")
	h.pressKey("enter")
	activeAs[*ReaderScreen](h)
}

func TestHighlightSnippet(t *testing.T) {
	hl := lipgloss.NewStyle().Bold(true)
	got := highlightSnippet("the \x02hill\x03 and\n the \x02sea\x03 \x03stray\x02 \x1b[2J", hl)
	if strings.ContainsAny(got, "\x02\x03") || strings.Contains(got, "\x1b[2J") {
		t.Fatalf("marker or control bytes left: %q", got)
	}
	if plain := ansi.Strip(got); plain != "the hill and the sea stray [2J" {
		t.Fatalf("the snippet reads %q", plain)
	}
	if !strings.Contains(got, hl.Render("hill")) || !strings.Contains(got, hl.Render("sea")) {
		t.Fatalf("the matched words are not highlighted: %q", got)
	}
}

func TestContentNotesComeFirst(t *testing.T) {
	h, lib, _ := openStories(t)
	selectStory(t, lib, stHill)
	h.press(h.keys().List.Open)
	activeAs[*ReaderScreen](h)
	h.wantScreen("This story mentions: overdose, bereavement")
	h.notScreen("Paragraph 1.")
	// esc goes back without reading.
	h.press(h.keys().Global.Back)
	activeAs[*StoriesScreen](h)
	// enter goes on to the story.
	h.press(h.keys().List.Open)
	activeAs[*ReaderScreen](h)
	h.press(h.keys().Stories.GoOn)
	h.notScreen("This story mentions")
	h.wantScreen(stHill, "The first hill", "Paragraph 1.")
	// A story without content notes opens at once.
	h.press(h.keys().Global.Back)
	selectStory(t, lib, stLongWay)
	h.press(h.keys().List.Open)
	if r := activeAs[*ReaderScreen](h); r.gate {
		t.Fatal("a story without content notes shows the gate")
	}
}

func TestReaderScrollsAndRemembersItsPlace(t *testing.T) {
	h, lib, stories := openStories(t)
	k := h.keys().Stories
	r := openStory(t, h, lib, stHill)
	h.wantScreen("% · ", "min left")
	h.press(k.PageDown)
	h.press(k.PageDown)
	h.press(k.Down)
	pos := r.offset
	if pos == 0 {
		t.Fatal("page down did not scroll")
	}
	first := h.lines()[chrome+1]
	h.press(h.keys().Global.Back)
	if got, err := h.s.ReadingPosition(bg(), stories[stHill].ID); err != nil || got.Line != pos || got.Chars != charsBefore(r.lines, pos) {
		t.Fatalf("after leaving, the position remembered is %+v (%v), want line %d", got, err, pos)
	}
	// Reopened, it is where it was left.
	r = openStory(t, h, lib, stHill)
	if r.offset != pos {
		t.Fatalf("reopened at line %d, want %d", r.offset, pos)
	}
	if got := h.lines()[chrome+1]; got != first {
		t.Fatalf("reopened, the first line is %q, want %q", got, first)
	}
	// g and G go to the start and the end; the end says so.
	h.press(k.Bottom)
	h.wantScreen("100% · the end", "Samaritans")
	h.press(k.Top)
	if r.offset != 0 {
		t.Fatalf("g left the reader at line %d", r.offset)
	}
	// Quitting remembers the place too.
	h.press(k.PageDown)
	pos = r.offset
	h.press(h.keys().Global.Quit)
	if !h.quit {
		t.Fatal("q did not quit")
	}
	if got, _ := h.s.ReadingPosition(bg(), stories[stHill].ID); got.Line != pos {
		t.Fatalf("after quitting, the position remembered is %+v, want line %d", got, pos)
	}
}

func TestReaderRewrapsAndDropsStaleRenders(t *testing.T) {
	h, lib, _ := openStories(t)
	r := openStory(t, h, lib, stHill)
	wide := len(r.lines)
	h.press(h.keys().Stories.PageDown)
	h.press(h.keys().Stories.PageDown)
	at := float64(r.offset) / float64(wide)
	// A render for an older size arrives after a newer one: dropped.
	old := r.render()
	h.resize(80, 24)
	if len(r.lines) <= wide {
		t.Fatalf("narrower, the story has %d lines, want more than %d", len(r.lines), wide)
	}
	narrow := len(r.lines)
	if now := float64(r.offset) / float64(narrow); now < at-0.02 || now > at+0.02 {
		t.Fatalf("re-wrapped, the reader moved from %.2f to %.2f of the story", at, now)
	}
	h.send(old())
	if len(r.lines) != narrow {
		t.Fatalf("a stale render replaced the current one (%d lines, want %d)", len(r.lines), narrow)
	}
	for i, l := range r.lines {
		if w := ansi.StringWidth(l); w > 80 {
			t.Fatalf("line %d is %d cells wide", i, w)
		}
	}
	// The background changes the style; the old lines stay until the new.
	before := r.rgen
	h.send(tea.BackgroundColorMsg{})
	if r.rgen == before {
		t.Fatal("a new background did not re-render")
	}
}

func TestReadingModeShowsOnlyStoriesThatMayBeRead(t *testing.T) {
	h, lib, _ := openStories(t)
	h.press(h.keys().Stories.ReadingMode)
	rm := activeAs[*ReadingMode](h)
	h.wantScreen("Reading mode", stHill, stLongWay)
	h.notScreen(stFog, stTomorrow, stNotAsked, stPrintOnly, "1 Dashboard", "6 Stories")
	if len(rm.stories) != 2 {
		t.Fatalf("reading mode offers %d stories, want 2", len(rm.stories))
	}
	// The room sees the screen: a stray section key, tab or q does nothing.
	g := h.keys().Global
	for _, b := range []key.Binding{g.People, g.NextTab, g.Quit} {
		h.press(b)
		if h.quit || h.active() != kit.Screen(rm) {
			t.Fatalf("%s in reading mode left it (%T, quit %v)", b.Help().Key, h.active(), h.quit)
		}
	}
	// Open one, through its content notes: full screen, centred.
	h.press(h.keys().List.Open)
	r := activeAs[*ReaderScreen](h)
	h.wantScreen("This story mentions")
	h.press(h.keys().Stories.GoOn)
	h.wantScreen(stHill, "Paragraph 1.")
	h.notScreen("1 Dashboard")
	h.press(g.Forums)
	if h.active() != kit.Screen(r) {
		t.Fatalf("a section key in the reader in reading mode left it: %T", h.active())
	}
	width, margin := r.layout()
	if width > meetingWidth || margin == 0 {
		t.Fatalf("reading mode's column is %d wide with a margin of %d", width, margin)
	}
	h.press(h.keys().Global.Back)

	// Consent withdrawn while a story is open: it closes at the next check.
	findCard(t, rm, stLongWay)
	h.press(h.keys().List.Open)
	r = activeAs[*ReaderScreen](h)
	h.wantScreen("Paragraph 1.")
	if err := h.s.WithdrawConsent(bg(), r.story.ID, "2026-03-10"); err != nil {
		t.Fatal(err)
	}
	h.send(readerCheckMsg{to: r, seq: r.check})
	activeAs[*ReadingMode](h)
	h.wantScreen(withdrawnMsg)
	h.notScreen(stLongWay + "\n")
	if len(rm.stories) != 1 {
		t.Fatalf("after the withdrawal reading mode offers %d stories, want 1", len(rm.stories))
	}
	// esc leaves reading mode.
	h.press(h.keys().Global.Back)
	activeAs[*StoriesScreen](h)
	_ = lib
}

// findCard moves reading mode's cursor to the story with this title.
func findCard(t *testing.T, rm *ReadingMode, title string) {
	t.Helper()
	for i, st := range rm.stories {
		if st.Title == title {
			rm.cards.cursor = i
			rm.cards.clamp()
			return
		}
	}
	t.Fatalf("reading mode does not offer %q", title)
}

func TestWithdrawAsksFirstThenTakesEffect(t *testing.T) {
	h, lib, stories := openStories(t)
	k := h.keys().Stories
	selectStory(t, lib, stLongWay)
	h.press(k.Withdraw)
	activeAs[*kit.Confirm](h)
	h.wantScreen("Withdraw consent", "everywhere at once")
	h.press(h.keys().Confirm.No)
	if st, _ := h.s.Story(bg(), stories[stLongWay].ID); st.Consent != store.ConsentGiven {
		t.Fatalf("after no, consent is %q", st.Consent)
	}
	h.press(k.Withdraw)
	h.press(h.keys().Confirm.Yes)
	activeAs[*StoriesScreen](h)
	st, err := h.s.Story(bg(), stories[stLongWay].ID)
	if err != nil || st.Consent != store.ConsentWithdrawn {
		t.Fatalf("after yes, consent is %q (%v)", st.Consent, err)
	}
	h.wantScreen("Consent withdrawn for", "✗ withdrawn")
	// It stays in the library, marked, and the reader says so.
	r := openStory(t, h, lib, stLongWay)
	h.wantScreen("Consent withdrawn")
	if r.tone != kit.ToneBad {
		t.Fatalf("the withdrawn story's banner tone is %d", r.tone)
	}
	h.press(h.keys().Global.Back)
	// Again: it says so and asks nothing.
	h.press(k.Withdraw)
	activeAs[*StoriesScreen](h)
	h.wantScreen("already withdrawn")
}

// An author may ask for their story to be forgotten: D erases it, after a
// question that says what goes and offers withdrawing instead.
func TestEraseStoryAsksThenErases(t *testing.T) {
	h, lib, stories := openStories(t)
	n := lib.list.Len()
	selectStory(t, lib, stLongWay)
	h.press(h.keys().Record.Delete)
	activeAs[*kit.Confirm](h)
	h.wantScreen("Erase", "cannot be", "withdraw consent instead")
	h.press(h.keys().Confirm.No)
	if _, err := h.s.Story(bg(), stories[stLongWay].ID); err != nil {
		t.Fatalf("after no the story is gone: %v", err)
	}
	h.press(h.keys().Record.Delete)
	h.press(h.keys().Confirm.Yes)
	activeAs[*StoriesScreen](h)
	if _, err := h.s.Story(bg(), stories[stLongWay].ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("after yes: %v", err)
	}
	h.wantScreen("Erased")
	if lib.list.Len() != n-1 {
		t.Errorf("the library lists %d stories, want %d", lib.list.Len(), n-1)
	}
}

func TestStoryHistoryRestoresAVersion(t *testing.T) {
	h, lib, stories := openStories(t)
	st := stories[stLongWay]
	oldBody := st.Body
	st.Body = "A new ending, written later.\n"
	if err := h.s.SaveStory(bg(), &st); err != nil {
		t.Fatal(err)
	}
	h.run(lib.Refresh())
	selectStory(t, lib, stLongWay)
	h.press(h.keys().Stories.History)
	hist := activeAs[*StoryHistory](h)
	if hist.list.Len() == 0 {
		t.Fatalf("no versions listed:\n%s", h.screen())
	}
	h.press(h.keys().List.Open)
	activeAs[*ReaderScreen](h)
	h.wantScreen("Version", "Paragraph 1.")
	h.press(h.keys().Stories.Restore)
	h.wantScreen("Restore version")
	h.press(h.keys().Confirm.Yes)
	activeAs[*StoryHistory](h)
	h.wantScreen("Restored version")
	got, err := h.s.Story(bg(), st.ID)
	if err != nil || got.Body != oldBody {
		t.Fatalf("after restoring, the body is %q (%v)", got.Body, err)
	}
}

func TestStoryEditForm(t *testing.T) {
	h, lib, _ := openStories(t)
	selectStory(t, lib, stHill)
	h.press(h.keys().Record.Edit)
	activeAs[*kit.FormScreen](h)
	h.wantScreen("Edit “"+stHill+"”", "Title", "Themes", "Content notes")
	h.press(h.keys().Global.Back)
	// Under the privacy screen the form, which names the author, is refused.
	h.press(h.keys().Global.Privacy)
	h.press(h.keys().Record.Edit)
	activeAs[*StoriesScreen](h)
	h.wantScreen("privacy screen is on")

	v := &storyForm{Story: store.Story{Consent: store.ConsentGiven, ConsentDate: "2026-01-05"}}
	if v.checkConsentDate("") == nil {
		t.Error("consent given with no date was accepted")
	}
	if v.checkConsentDate("2026-02-30") == nil {
		t.Error("30 February was accepted")
	}
	if v.checkExpires("2025-12-31") == nil {
		t.Error("an expiry before the consent was accepted")
	}
	if err := v.checkExpires("2027-01-05"); err != nil {
		t.Errorf("a good expiry date was refused: %v", err)
	}
}

func TestReadingModeListDropsAStoryWithdrawnMeanwhile(t *testing.T) {
	h, _, stories := openStories(t)
	h.press(h.keys().Stories.ReadingMode)
	rm := activeAs[*ReadingMode](h)
	h.wantScreen(stHill)
	// Withdrawn elsewhere (another copy of the app, the command line).
	if err := h.s.WithdrawConsent(bg(), stories[stHill].ID, ""); err != nil {
		t.Fatal(err)
	}
	h.send(readingCheckMsg{to: rm, seq: rm.check})
	h.notScreen(stHill)
	h.wantScreen(stLongWay)
	// A check from an older chain does nothing.
	before := rm.gen
	h.send(readingCheckMsg{to: rm, seq: rm.check - 1})
	if rm.gen != before {
		t.Fatal("a stale check reloaded the list")
	}
}

// TestReaderKeepsItsPlaceAtAnyWidth scrolls into a story, then reads on
// in a narrower window and reopens it at another width: the letter at the
// top of the screen stays on the top line.
func TestReaderKeepsItsPlaceAtAnyWidth(t *testing.T) {
	h, lib, stories := openStories(t)
	k := h.keys().Stories
	r := openStory(t, h, lib, stHill)
	h.wantScreen("min left")
	for range 3 {
		h.press(k.PageDown)
	}
	mark := charsBefore(r.lines, r.offset)
	if mark == 0 {
		t.Fatal("page down did not scroll")
	}
	onTop := func(what string) {
		t.Helper()
		// The top line holds the letter, or is the blank line just before it.
		if from, to := charsBefore(r.lines, r.offset), charsBefore(r.lines, r.offset+1); mark < from || (mark >= to && mark != from) {
			t.Fatalf("%s: letter %d is not on the top line (it holds %d to %d): %q", what, mark, from, to-1, r.lines[r.offset])
		}
	}
	onTop("before")
	h.resize(70, 30)
	onTop("after narrowing the window")
	h.press(h.keys().Global.Back)
	if got, _ := h.s.ReadingPosition(bg(), stories[stHill].ID); got.Chars != mark {
		t.Fatalf("the place was not remembered: %+v, want %d letters", got, mark)
	}
	h.resize(120, 40)
	r = openStory(t, h, lib, stHill)
	onTop("reopened in a wider window")
}

// Resizing back and forth, even to a window that shows the whole story,
// comes back to the same top line: the place does not creep back a line
// at each resize.
func TestReaderResizedBackAndForthComesBack(t *testing.T) {
	h, lib, _ := openStories(t)
	k := h.keys().Stories
	r := openStory(t, h, lib, stHill)
	for range 3 {
		h.press(k.PageDown)
	}
	h.press(k.Down)
	top := r.offset
	for _, size := range [][2]int{{140, 40}, {50, 15}, {200, 80}, {61, 22}} {
		h.resize(size[0], size[1])
		h.resize(100, 30)
		if r.offset != top {
			t.Fatalf("after %dx%d and back the top line is %d, was %d", size[0], size[1], r.offset, top)
		}
	}
	// At the end of the story, a window tall enough for all of it and back
	// comes back to the end.
	h.press(k.Bottom)
	end := r.offset
	h.resize(200, 200)
	h.resize(100, 30)
	if r.offset != end {
		t.Fatalf("at the end, after a tall window and back the top line is %d, was %d", r.offset, end)
	}
	h.press(k.Top)
	for range 3 {
		h.press(k.PageDown)
	}
	h.press(k.Down)
	top = r.offset
	// Scrolling after a resize starts from where the reader is.
	h.press(k.Down)
	h.resize(70, 30)
	h.resize(100, 30)
	if r.offset != top+1 {
		t.Fatalf("after scrolling one line and resizing, the top line is %d, want %d", r.offset, top+1)
	}
}

// TestPlaceSurvivesHyphensAndLongWords: wrapping splits hyphenated and
// over-long words at a narrow width; the count of letters does not change.
func TestPlaceSurvivesHyphensAndLongWords(t *testing.T) {
	text := strings.Repeat("My self-esteem and well-being came back slowly, https://example.org/a/very/long/address/indeed and more. ", 40)
	md := render.NewMarkdown()
	total := -1
	for _, w := range []int{20, 31, 60, 100} {
		out, err := md.Render("", text, w, render.Plain)
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(out, "\n")
		n := charsBefore(lines, len(lines))
		if total >= 0 && n != total {
			t.Fatalf("width %d: %d letters and digits, at another width %d", w, n, total)
		}
		total = n
	}
}
