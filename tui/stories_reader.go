package tui

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/involve/involve/render"
	"github.com/involve/involve/store"
	"github.com/involve/involve/termsafe"
	"github.com/involve/involve/tui/kit"
)

// readerMode is where a story is being read.
type readerMode int

const (
	// readManage is the library, the coordinator's view: any story, with
	// its consent marked when it may not be shown.
	readManage readerMode = iota
	// readMeeting is reading mode: full screen, only stories that may be
	// read at forums today.
	readMeeting
	// readVersion is an earlier text of a story, from its history.
	readVersion
)

const (
	// readerMaxWidth is the widest the library's reader wraps text.
	readerMaxWidth = 100
	// meetingWidth is the widest reading mode wraps text: a comfortable
	// line, centred on the screen.
	meetingWidth = 72
	// positionDebounce is how long the reader waits after the last scroll
	// before it remembers where the reader is.
	positionDebounce = time.Second
	// recheckEvery is how often reading mode checks the story may still
	// be shown (its consent might be withdrawn meanwhile).
	recheckEvery = 15 * time.Second
)

// ReaderScreen shows one story, rendered from markdown in a Cmd (cached per
// story version, width and style), with the support message at its end. A
// story with content notes shows them first, with the choice to go on or
// back. The View only slices lines rendered beforehand.
//
// In reading mode the room sees the screen, so the text is shown only as
// the store's one rule allows at that moment: each render fetches the text
// with StoryFor, which checks consent in the same call, and its reply
// carries the verdict. Whatever shows the text again (going on past the
// content notes, a new size or background, coming back to the top) holds
// it back until such a render's reply says it may still be read; a refusal
// closes the story, saying why and showing none of it. The periodic check
// closes it too.
type ReaderScreen struct {
	c       *kit.Common
	mode    readerMode
	sum     store.StorySummary // what the list knew: title, byline, notes, words
	gate    bool               // the content notes are shown, waiting for enter
	story   store.Story
	support string
	words   int
	loaded  bool
	banner  string // why the story may not be shown, in the management view
	tone    kit.Tone

	// held is set in reading mode while the text waits for a render that
	// checked consent: View shows none of it meanwhile.
	held bool
	// opening is set in reading mode when enter was pressed at the content
	// notes: the story shows once a render says it may still be read.
	opening bool
	// closed is set once reading mode has closed the story: later replies
	// must not close the screen under it too.
	closed bool
	// noted is set once reading mode has noted the story as read at a
	// forum (for the annual report).
	noted bool

	lines  []string // the rendered story and support message, fitted to width
	linesW int      // the screen width lines were laid out for
	offset int
	// anchor is the place the reader is at, as letters and digits before
	// it: kept across re-wraps until the reader scrolls, so that resizing
	// back and forth comes back to the same line (-1: take it from offset).
	anchor  int
	restore store.ReadingPlace // where to go when the first render arrives (Line -1: nowhere)
	saved   int                // the line last remembered in the store

	gen, rgen int // load and render generations
	tick      int // the scroll debounce's latest tick
	check     int // reading mode's latest recheck chain
	w, h      int
}

type (
	readerLoadedMsg struct {
		to      *ReaderScreen
		gen     int
		first   bool
		story   store.Story
		pos     store.ReadingPlace
		support string
		words   int
		err     error
	}
	readerRenderedMsg struct {
		to    *ReaderScreen
		gen   int
		width int
		lines []string
		// story is the story as reading mode's render fetched it (with
		// its consent checked), and words its count of words; empty in
		// the library's reader, which renders the story it loaded.
		story store.Story
		words int
		err   error // a *store.NotShownError when it may no longer be read
	}
	readerTickMsg struct {
		to  *ReaderScreen
		seq int
	}
	readerCheckMsg struct {
		to  *ReaderScreen
		seq int
	}
)

// NewReader opens a story from a list: mode says whether it is the
// library's reader or reading mode's.
func NewReader(c *kit.Common, sum store.StorySummary, mode readerMode) *ReaderScreen {
	return &ReaderScreen{c: c, sum: sum, mode: mode, gate: len(sum.ContentNotes) > 0, restore: store.ReadingPlace{Line: -1, Chars: -1}, anchor: -1}
}

// NewVersionReader shows an earlier text of a story.
func NewVersionReader(c *kit.Common, sum store.StorySummary, v store.StoryVersion) *ReaderScreen {
	s := &ReaderScreen{c: c, sum: sum, mode: readVersion, restore: store.ReadingPlace{Line: -1, Chars: -1}, anchor: -1, words: v.Words}
	s.story = store.Story{Meta: store.Meta{ID: sum.ID, Version: v.Version, UpdatedAt: v.SavedAt}, Title: v.Title, Body: v.Body}
	return s
}

// Fullscreen is true in reading mode: no tabs, no header, no footer.
func (s *ReaderScreen) Fullscreen() bool { return s.mode == readMeeting }

// Init loads the story, where it was left and the support message.
func (s *ReaderScreen) Init() tea.Cmd {
	cmd := s.load()
	if s.mode == readMeeting {
		return tea.Batch(cmd, s.nextCheck())
	}
	return cmd
}

// Refresh reloads the story when the reader comes back to the top: it may
// have been edited, restored or withdrawn meanwhile. In reading mode the
// text is held back until consent has been checked again.
func (s *ReaderScreen) Refresh() tea.Cmd {
	if s.mode == readMeeting {
		return tea.Batch(s.Init(), s.recheck())
	}
	return s.Init()
}

// recheck holds reading mode's text back and renders it again, checking
// consent as it fetches it: the text shows again only if the reply says it
// may still be read. Outside reading mode it only renders.
func (s *ReaderScreen) recheck() tea.Cmd {
	if s.mode == readMeeting {
		s.held = true
	}
	return s.render()
}

func (s *ReaderScreen) load() tea.Cmd {
	s.gen++
	gen, first, mode, id, known := s.gen, !s.loaded, s.mode, s.sum.ID, s.story
	st, configured := s.c.Store, s.c.SupportMessage
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), kit.DefaultTimeout)
		defer cancel()
		msg := readerLoadedMsg{to: s, gen: gen, first: first, story: known}
		if mode != readVersion {
			if mode == readMeeting {
				// Reading mode goes through the store's one rule: a story
				// that may not be read at forums today does not load.
				msg.story, msg.err = st.StoryFor(ctx, id, store.UseForums)
			} else {
				msg.story, msg.err = st.Story(ctx, id)
			}
			if msg.err != nil {
				return msg
			}
			msg.words = store.WordCount(msg.story.Body)
			if first {
				// A position that cannot be read is no reason not to read.
				if pos, err := st.ReadingPosition(ctx, id); err == nil {
					msg.pos = pos
				}
			}
		}
		msg.support = store.DefaultSupportMessage
		if configured != "" {
			msg.support = configured // the settings file's
		} else if text, err := st.SupportMessage(ctx); err == nil && strings.TrimSpace(text) != "" {
			msg.support = text
		}
		return msg
	}
}

// nextCheck starts a new chain of reading mode's rechecks, ending any
// earlier one.
func (s *ReaderScreen) nextCheck() tea.Cmd {
	s.check++
	seq := s.check
	return tea.Tick(recheckEvery, func(time.Time) tea.Msg { return readerCheckMsg{to: s, seq: seq} })
}

// layout is the width the story is wrapped to and the margin put before it.
func (s *ReaderScreen) layout() (width, margin int) {
	if s.mode == readMeeting {
		width = max(20, min(meetingWidth, s.w-8))
		return width, max(0, (s.w-width)/2)
	}
	return max(20, min(readerMaxWidth, s.w)), 0
}

// render renders the story for the screen's width and the background's
// style in a Cmd. Outside reading mode the lines shown stay until the new
// ones arrive. In reading mode the Cmd fetches the story with the store's
// one rule (StoryFor: the check and the text in one call, so nothing can
// change between them) and renders that text, or says why it may not.
func (s *ReaderScreen) render() tea.Cmd {
	if !s.loaded || s.w == 0 {
		return nil
	}
	s.rgen++
	gen, w := s.rgen, s.w
	width, margin := s.layout()
	sty := s.c.Styles
	style := sty.MarkdownStyle()
	story, support, md, mode, st := s.story, s.support, s.c.Markdown, s.mode, s.c.Store
	return func() tea.Msg {
		msg := readerRenderedMsg{to: s, gen: gen}
		if mode == readMeeting {
			ctx, cancel := context.WithTimeout(context.Background(), kit.DefaultTimeout)
			defer cancel()
			if story, msg.err = st.StoryFor(ctx, story.ID, store.UseForums); msg.err != nil {
				return msg
			}
			msg.story, msg.words = story, store.WordCount(story.Body)
		}
		key := "story/" + story.ID + "/" + strconv.FormatInt(story.Version, 10)
		out, err := md.Render(key, story.Body, width, style)
		if err != nil {
			msg.err = err
			return msg
		}
		msg.width, msg.lines = w, storyLines(out, support, width, margin, sty)
		return msg
	}
}

// noteRead notes that reading mode showed the story (once a day counts),
// for the annual report's stories read at forums.
func noteRead(c *kit.Common, id string) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), kit.DefaultTimeout)
		defer cancel()
		if err := c.Store.NoteStoryRead(ctx, id); err != nil && !errors.Is(err, store.ErrNotFound) {
			return kit.StatusMsg{Text: "Could not note the story as read at a forum: " + kit.ErrText(err), Err: true}
		}
		return nil
	}
}

// storyLines fits the rendered story to width, puts the margin before
// each line and ends it with the support message.
func storyLines(rendered, support string, width, margin int, st *kit.Styles) []string {
	pad := strings.Repeat(" ", margin)
	lines := strings.Split(rendered, "\n")
	out := make([]string, 0, len(lines)+8)
	for _, l := range lines {
		if ansi.StringWidth(l) > width {
			l = ansi.Truncate(l, width, "…")
		}
		out = append(out, pad+l)
	}
	msg := lipgloss.NewStyle().Width(max(10, width-4)).Render(render.KeepNumbersTogether(termsafe.Clean(support)))
	out = append(out, "", pad+"  "+st.HRule(max(4, min(24, width-4))))
	for _, l := range strings.Split(msg, "\n") {
		out = append(out, pad+"  "+st.Subtle.Italic(true).Render(l))
	}
	return append(out, "")
}

// Title names the story.
func (s *ReaderScreen) Title() string {
	title := termsafe.Line(s.sum.Title)
	if s.loaded {
		title = termsafe.Line(s.story.Title)
	}
	if s.mode == readVersion {
		return fmt.Sprintf("Version %d", s.story.Version)
	}
	if s.gate {
		return "Content notes"
	}
	return title
}

// SetSize lays the reader out; a new width re-renders (in Update, where
// the WindowSizeMsg arrives).
func (s *ReaderScreen) SetSize(w, h int) {
	// The place is the anchor, not the line number: a taller window shows
	// more above it (near the end), a shorter one goes back to it.
	if s.lines != nil && s.anchor < 0 {
		s.anchor = charsBefore(s.lines, s.offset)
	}
	s.w, s.h = w, h
	if s.lines != nil && s.anchor >= 0 {
		s.offset = lineOfChar(s.lines, s.anchor)
	}
	s.clamp()
}

// bodyHeight is how many lines of the story show at once.
func (s *ReaderScreen) bodyHeight() int {
	if s.mode == readMeeting {
		return max(1, s.h-3)
	}
	return max(1, s.h-4)
}

func (s *ReaderScreen) clamp() {
	s.offset = max(0, min(s.offset, len(s.lines)-s.bodyHeight()))
}

// Help lists the reader's keys.
func (s *ReaderScreen) Help() [][]key.Binding {
	k := s.c.Keys.Stories
	back := s.c.Keys.Global.Back
	if s.gate {
		return [][]key.Binding{{k.GoOn, back}}
	}
	scroll := []key.Binding{k.Down, k.Up, k.PageDown, k.PageUp, k.Top, k.Bottom}
	first := []key.Binding{k.PageDown, k.PageUp, k.Down, k.Up, k.Top, k.Bottom, back}
	if s.mode == readVersion {
		first = append([]key.Binding{k.Restore}, first...)
	}
	if s.mode == readManage {
		first = append(first, k.EditText)
	}
	if s.mode == readMeeting {
		first = []key.Binding{k.PageDown, k.PageUp, kit.Relabel(back, "close the story")}
	}
	return [][]key.Binding{first, scroll}
}

// SaveCmd remembers where the reader is, for when the app quits.
func (s *ReaderScreen) SaveCmd() tea.Cmd { return s.savePos() }

// savePos remembers the position in the store, if it moved.
func (s *ReaderScreen) savePos() tea.Cmd {
	if s.mode == readVersion || !s.loaded || s.lines == nil || s.offset == s.saved {
		return nil
	}
	chars := s.anchor
	if chars < 0 {
		chars = charsBefore(s.lines, s.offset)
	}
	pos, id, st := store.ReadingPlace{Line: s.offset, Chars: chars}, s.story.ID, s.c.Store
	s.saved = pos.Line
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), kit.DefaultTimeout)
		defer cancel()
		if err := st.SetReadingPosition(ctx, id, pos); err != nil {
			return kit.StatusMsg{Text: "The reading position was not remembered: " + kit.ErrText(err), Err: true}
		}
		return nil
	}
}

// Update scrolls, re-renders on a new size or background, and handles the
// replies.
func (s *ReaderScreen) Update(msg tea.Msg) (kit.Screen, tea.Cmd) {
	if s.closed {
		return s, nil // closing: its replies must not close what is under it
	}
	switch msg := msg.(type) {
	case readerLoadedMsg:
		if msg.to != s || msg.gen != s.gen {
			return s, nil
		}
		return s, s.takeLoaded(msg)
	case readerRenderedMsg:
		if msg.to != s {
			return s, nil
		}
		var notShown *store.NotShownError
		if errors.As(msg.err, &notShown) {
			return s, s.close(notShown) // a refusal is never stale
		}
		if msg.gen != s.rgen {
			return s, nil // rendered for an older size, style or version
		}
		if msg.err != nil {
			return s, kit.Failed(msg.err)
		}
		if s.mode == readMeeting {
			// The text just checked is the one shown, whatever the
			// reader had loaded before.
			s.story, s.words = msg.story, msg.words
			s.held = false
			if s.opening {
				s.opening, s.gate = false, false
			}
		}
		switch {
		case s.lines == nil && s.restore.Line >= 0:
			s.offset = s.restore.Line
			if s.restore.Chars >= 0 {
				s.offset = lineOfChar(msg.lines, s.restore.Chars)
				s.anchor = s.restore.Chars
			}
			s.restore.Line = -1
		case len(s.lines) > 0 && msg.width != s.linesW:
			// Re-wrapped: stay at the same place in the story.
			if s.anchor < 0 {
				s.anchor = charsBefore(s.lines, s.offset)
			}
			s.offset = lineOfChar(msg.lines, s.anchor)
		}
		s.lines, s.linesW = msg.lines, msg.width
		s.clamp()
		if s.mode == readMeeting && !s.gate && !s.noted {
			// Its text is on the screen for the room: read at a forum.
			s.noted = true
			return s, noteRead(s.c, s.story.ID)
		}
		return s, nil
	case readerTickMsg:
		if msg.to != s || msg.seq != s.tick {
			return s, nil
		}
		return s, s.savePos()
	case readerCheckMsg:
		if msg.to != s || msg.seq != s.check {
			return s, nil
		}
		return s, tea.Batch(s.load(), s.nextCheck())
	case tea.WindowSizeMsg, tea.BackgroundColorMsg:
		return s, s.recheck()
	case tea.KeyPressMsg:
		return s, s.key(msg)
	}
	return s, nil
}

// takeLoaded takes in a loaded story. In reading mode a story that may no
// longer be read at forums is closed at once, saying why.
func (s *ReaderScreen) takeLoaded(msg readerLoadedMsg) tea.Cmd {
	today := store.LocalDate(s.c.Now())
	var notShown *store.NotShownError
	if errors.As(msg.err, &notShown) {
		return s.close(notShown)
	}
	if msg.err != nil {
		if !s.loaded {
			s.closed = true
			return tea.Sequence(kit.Pop(""), kit.Failed(msg.err))
		}
		return kit.Failed(msg.err)
	}
	if s.mode == readMeeting {
		// The same rule, by this screen's clock too: never show what may not be.
		if ok, why := msg.story.Shown(store.UseForums, today); !ok {
			return s.close(&store.NotShownError{Title: msg.story.Title, Use: store.UseForums, Why: why, Consent: msg.story.Consent})
		}
	}
	changed := !s.loaded || msg.story.Version != s.story.Version || msg.support != s.support
	s.story, s.support = msg.story, msg.support
	if msg.words > 0 || s.words == 0 {
		s.words = msg.words
	}
	if msg.first {
		s.restore, s.saved = msg.pos, msg.pos.Line
	}
	s.loaded = true
	s.banner, s.tone = storyBanner(s.story, s.mode, today, s.c.Keys)
	if changed {
		return s.render()
	}
	return nil
}

// close closes reading mode's story that may no longer be read: its text
// is dropped, the checks stop, and the room is told plainly why, without
// the story's title.
func (s *ReaderScreen) close(e *store.NotShownError) tea.Cmd {
	s.closed, s.held = true, true
	s.check++ // no more rechecks
	s.lines, s.story.Body = nil, ""
	return kit.Pop(notReadable(e))
}

// notReadable says why reading mode closed a story.
func notReadable(e *store.NotShownError) string {
	if e.Consent == store.ConsentWithdrawn {
		return "This story can no longer be read: its consent was withdrawn."
	}
	return "This story can no longer be read at forums: " + termsafe.Line(e.Why) + "."
}

// storyBanner says, in the management view, why a story may not be shown.
func storyBanner(st store.Story, mode readerMode, today string, keys *kit.KeyMap) (string, kit.Tone) {
	if mode == readVersion {
		return fmt.Sprintf("An earlier text, saved %s. %s makes it the current text again.", kit.ShortDate(st.UpdatedAt, ""), kit.KeyName(keys.Stories.Restore)), kit.ToneWarn
	}
	if mode != readManage {
		return "", kit.ToneNormal
	}
	switch {
	case st.Consent == store.ConsentWithdrawn:
		when := ""
		if st.ConsentDate != "" {
			when = " on " + st.ConsentDate
		}
		return "✗ Consent withdrawn" + when + ". For the coordinator only: not to be read, printed or shared.", kit.ToneBad
	case st.Expires != "" && st.Expires < today:
		return "✗ Consent expired on " + st.Expires + ". For the coordinator only until it is renewed.", kit.ToneBad
	case st.Embargo != "" && today < st.Embargo:
		return "! Embargoed until " + st.Embargo + ": not to be shown before then.", kit.ToneWarn
	case st.Consent == store.ConsentNotAsked || st.Consent == "":
		return "! Consent not asked yet: not to be read, printed or shared.", kit.ToneWarn
	case st.Status == store.StoryDraft:
		return "Draft: not yet approved for use.", kit.ToneFaint
	}
	return "", kit.ToneNormal
}

func (s *ReaderScreen) key(msg tea.KeyPressMsg) tea.Cmd {
	k := s.c.Keys.Stories
	if s.gate {
		switch {
		case key.Matches(msg, k.GoOn) && s.mode == readMeeting:
			// The story shows once consent has been checked again: it
			// may have been withdrawn while the notes were read.
			s.opening = true
			return s.recheck()
		case key.Matches(msg, k.GoOn):
			s.gate = false
		case key.Matches(msg, s.c.Keys.Global.Back):
			return kit.Pop("")
		}
		return nil
	}
	if key.Matches(msg, s.c.Keys.Global.Back) {
		return tea.Sequence(s.savePos(), kit.Pop(""))
	}
	if s.mode == readVersion && key.Matches(msg, k.Restore) {
		return restoreVersion(s.c, s.sum, s.story.Version, nil)
	}
	if s.mode == readManage && key.Matches(msg, k.EditText) {
		return tea.Sequence(s.savePos(), editStoryText(s.c, s.story.ID))
	}
	page := max(1, s.bodyHeight()-1)
	before := s.offset
	switch {
	case key.Matches(msg, k.Down):
		s.offset++
	case key.Matches(msg, k.Up):
		s.offset--
	case key.Matches(msg, k.PageDown):
		s.offset += page
	case key.Matches(msg, k.PageUp):
		s.offset -= page
	case key.Matches(msg, k.Top):
		s.offset = 0
	case key.Matches(msg, k.Bottom):
		s.offset = len(s.lines)
	default:
		return nil
	}
	s.clamp()
	if s.offset == before {
		return nil
	}
	s.anchor = -1 // the reader moved: the place is where they are now
	if s.mode == readVersion {
		return nil
	}
	// Remember the place once the scrolling stops, not on every key.
	s.tick++
	seq := s.tick
	return tea.Tick(positionDebounce, func(time.Time) tea.Msg { return readerTickMsg{to: s, seq: seq} })
}

// progress is how far through the story the bottom of the screen is, and
// about how long the rest takes to read.
func (s *ReaderScreen) progress() string {
	total := len(s.lines)
	if total == 0 {
		return ""
	}
	end := min(total, s.offset+s.bodyHeight())
	pct := end * 100 / total
	if end >= total {
		return "100% · the end"
	}
	left := (s.words*(total-end)/total + store.WordsPerMinute - 1) / store.WordsPerMinute
	return fmt.Sprintf("%d%% · %d min left", pct, max(1, left))
}

// byline is how the author is named (as the author agreed), or a dash
// under the privacy screen.
func (s *ReaderScreen) byline() string {
	b := termsafe.Line(s.sum.Byline)
	if s.loaded && s.mode != readVersion {
		b = s.story.Byline() // it may have been edited since the list loaded
	}
	if s.c.Privacy || b == "" {
		return "—"
	}
	return b
}

// View draws the content notes, or the header, the visible lines and the
// progress. It slices lines rendered beforehand and renders nothing.
func (s *ReaderScreen) View() string {
	if s.gate {
		return s.gateView()
	}
	st := s.c.Styles
	var b strings.Builder
	b.Grow((s.w + 32) * (s.h + 1))
	title := termsafe.Line(s.sum.Title)
	if s.loaded {
		title = termsafe.Line(s.story.Title)
	}
	if s.mode == readMeeting {
		width, margin := s.layout()
		pad := strings.Repeat(" ", margin)
		right := s.progress()
		left := ansi.Truncate(title+" · "+s.byline(), max(1, width-ansi.StringWidth(right)-2), "…")
		gap := max(1, width-ansi.StringWidth(left)-ansi.StringWidth(right))
		b.WriteString("\n" + pad + st.Bold.Render(left) + strings.Repeat(" ", gap) + st.Faint.Render(right) + "\n\n")
	} else {
		head := st.Title.Render(" "+title) + st.Subtle.Render(" · "+s.byline())
		b.WriteString(ansi.Truncate(head, s.w, "…") + "\n")
		info := s.banner
		if info == "" {
			info = fmt.Sprintf("%s words · %s read", groupThousands(s.words), readingTime(s.words))
		}
		info = ansi.Truncate(" "+info, s.w, "…")
		switch s.tone {
		case kit.ToneBad:
			info = st.Bad.Render(info)
		case kit.ToneWarn:
			info = st.Warn.Render(info)
		default:
			info = st.Subtle.Render(info)
		}
		b.WriteString(info + "\n" + st.HRule(s.w) + "\n")
	}
	bh := s.bodyHeight()
	if s.held {
		// Reading mode, waiting for consent to be checked: none of the
		// text until it has been.
		b.WriteString(st.Subtle.Render("  Setting the story out…"))
		return b.String()
	}
	switch {
	case s.lines == nil && s.loaded:
		b.WriteString(st.Subtle.Render("  Setting the story out…"))
		bh--
	case s.lines == nil:
		b.WriteString(st.Subtle.Render("  Loading…"))
		bh--
	}
	from := min(s.offset, len(s.lines))
	to := min(len(s.lines), from+bh)
	for i := from; i < to; i++ {
		if i > from {
			b.WriteByte('\n')
		}
		b.WriteString(s.lines[i])
	}
	if s.mode != readMeeting {
		for i := to - from; i < bh; i++ {
			b.WriteByte('\n')
		}
		b.WriteString("\n" + st.Faint.Render(" "+s.progress()))
	}
	return b.String()
}

// gateView shows the content notes before the story.
func (s *ReaderScreen) gateView() string {
	st := s.c.Styles
	notes := termsafe.Line(strings.Join(s.sum.ContentNotes, ", "))
	w := max(20, min(s.w-4, 64))
	k := s.c.Keys.Stories
	body := lipgloss.JoinVertical(lipgloss.Left,
		st.Bold.Render(termsafe.Line(s.sum.Title)),
		"",
		lipgloss.NewStyle().Width(w-6).Render("This story mentions: "+notes+"."),
		"",
		lipgloss.NewStyle().Width(w-6).Render(st.Subtle.Render("Take a moment if you need one. You can come back to it at any time.")),
		"",
		st.Subtle.Render(k.GoOn.Help().Key+"  go on to the story     "+s.c.Keys.Global.Back.Help().Key+"  go back"),
	)
	box := st.Box.Width(w).Render(body)
	return lipgloss.Place(s.w, s.h, lipgloss.Center, lipgloss.Center, box)
}

// charsBefore counts the letters and digits on lines[:n]. Wrapping moves
// words between lines and splits long and hyphenated words, but never
// changes the letters, and rules, bullets and quote bars have none: the
// count for a place in a story is the same at any width.
func charsBefore(lines []string, n int) int {
	chars := 0
	for _, l := range lines[:min(n, len(lines))] {
		chars += lineChars(l)
	}
	return chars
}

// lineOfChar is the line holding the letter or digit numbered c (from 0):
// the same place in the story as the line it was counted from.
func lineOfChar(lines []string, c int) int {
	if c <= 0 {
		return 0
	}
	seen := 0
	for i, l := range lines {
		seen += lineChars(l)
		if seen > c {
			return i
		}
	}
	return len(lines)
}

func lineChars(line string) int {
	n := 0
	for _, r := range ansi.Strip(line) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			n++
		}
	}
	return n
}
