package tui

import (
	"context"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/involve/involve/store"
	"github.com/involve/involve/termsafe"
	"github.com/involve/involve/tui/kit"
)

// searchLimit is how many hits a search shows.
const searchLimit = 50

// StorySearch is full-text search over the stories' text: results,
// ranked, with snippets in which the matched words stand out, update as
// the query is typed. Each query is a Cmd with a generation number; the
// results of an older query are dropped.
type StorySearch struct {
	c       *kit.Common
	input   textinput.Model
	filter  store.StoryFilter
	hits    []store.SearchHit
	cards   cardList
	query   string // the query the hits answer
	pending bool   // a query is being run
	err     string
	gen     int
	w, h    int
}

type storySearchMsg struct {
	to    *StorySearch
	gen   int
	query string
	hits  []store.SearchHit
	err   error
}

// NewStorySearch opens search over the stories the library's filter lets
// through.
func NewStorySearch(c *kit.Common, f store.StoryFilter) *StorySearch {
	in := textinput.New()
	in.Prompt = "Search: "
	in.Placeholder = "words from the stories"
	in.SetStyles(textinput.DefaultStyles(c.Styles.IsDark))
	s := &StorySearch{c: c, input: in, filter: f}
	s.cards = cardList{c: c, gap: 1}
	return s
}

// Init focuses the field.
func (s *StorySearch) Init() tea.Cmd { return s.input.Focus() }

// Title names the screen.
func (s *StorySearch) Title() string { return "Search" }

// SetSize lays the field and the results out.
func (s *StorySearch) SetSize(w, h int) {
	s.w, s.h = w, h
	s.input.SetWidth(max(10, w-len(s.input.Prompt)-4))
	s.cards.SetHeight(h - 3)
	s.layout()
}

// Capturing is always true: what is typed goes to the field.
func (s *StorySearch) Capturing() bool { return true }

// CaptureHelp lists the keys that work while typing (the footer adds esc
// and ctrl+c itself).
func (s *StorySearch) CaptureHelp() []key.Binding {
	l := s.c.Keys.List
	return []key.Binding{l.Open, kit.Either("move", kit.Untyped(l.Up), kit.Untyped(l.Down))}
}

// moves are the list's moving keys that type nothing: they move over the
// results while the words are typed.
func (s *StorySearch) moves() []key.Binding {
	l := s.c.Keys.List
	return []key.Binding{kit.Untyped(l.Up), kit.Untyped(l.Down), kit.Untyped(l.PageUp), kit.Untyped(l.PageDown)}
}

// Help lists the search's keys.
func (s *StorySearch) Help() [][]key.Binding {
	l := s.c.Keys.List
	return [][]key.Binding{append(s.CaptureHelp(), s.c.Keys.Global.Back), {kit.Either("page", kit.Untyped(l.PageUp), kit.Untyped(l.PageDown))}}
}

// search runs the query in a Cmd.
func (s *StorySearch) search() tea.Cmd {
	s.gen++
	q := strings.TrimSpace(s.input.Value())
	if q == "" {
		s.hits, s.query, s.pending, s.err = nil, "", false, ""
		s.layout()
		return nil
	}
	s.pending = true
	gen, f := s.gen, s.filter
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), kit.DefaultTimeout)
		defer cancel()
		hits, err := s.c.Store.SearchStories(ctx, q, f, searchLimit)
		return storySearchMsg{to: s, gen: gen, query: q, hits: hits, err: err}
	}
}

// Update types into the field, moves over the results and opens one.
func (s *StorySearch) Update(msg tea.Msg) (kit.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case storySearchMsg:
		if msg.to != s || msg.gen != s.gen {
			return s, nil // an older query's results
		}
		s.pending = false
		s.query = msg.query
		s.err = ""
		s.hits = msg.hits
		if msg.err != nil {
			s.hits = nil
			s.err = kit.ErrText(msg.err)
		}
		s.cards.Reset()
		s.layout()
		return s, nil
	case kit.PrivacyMsg:
		s.layout()
		return s, nil
	case tea.BackgroundColorMsg:
		s.input.SetStyles(textinput.DefaultStyles(s.c.Styles.IsDark))
		s.layout()
		return s, nil
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, s.c.Keys.Global.Back):
			return s, kit.Pop("")
		case key.Matches(msg, s.c.Keys.List.Open):
			if s.cards.Len() == 0 {
				return s, nil
			}
			return s, kit.Push(NewReader(s.c, s.hits[s.cards.Cursor()].StorySummary, readManage))
		case key.Matches(msg, s.moves()...):
			s.cards.Move(msg)
			return s, nil
		}
		before := s.input.Value()
		var cmd tea.Cmd
		s.input, cmd = s.input.Update(msg)
		if s.input.Value() == before {
			return s, cmd
		}
		return s, tea.Batch(cmd, s.search())
	case tea.PasteMsg:
		var cmd tea.Cmd
		s.input, cmd = s.input.Update(msg)
		return s, tea.Batch(cmd, s.search())
	}
	var cmd tea.Cmd
	s.input, cmd = s.input.Update(msg)
	return s, cmd
}

// layout turns the hits into cards: a line with the title, byline and
// consent, then the snippet with the matched words highlighted.
func (s *StorySearch) layout() {
	st := s.c.Styles
	today := store.LocalDate(s.c.Now())
	w := max(10, s.w-4)
	hl := st.Bold.Underline(true).Foreground(st.Accent)
	if st.NoColor {
		hl = st.Bold.Underline(true)
	}
	cards := make([][]string, len(s.hits))
	for i, h := range s.hits {
		mark, tone := consentMark(h.StorySummary, today)
		byline := termsafe.Line(h.Byline)
		if s.c.Privacy {
			byline = "—"
		}
		head := st.Bold.Render(termsafe.Line(h.Title)) + st.Subtle.Render(" · "+byline+" · "+readingTime(h.Words)+" · ")
		switch tone {
		case kit.ToneBad:
			head += st.Bad.Render(mark)
		case kit.ToneWarn:
			head += st.Warn.Render(mark)
		default:
			head += st.Subtle.Render(mark)
		}
		card := []string{ansi.Truncate(head, w, "…")}
		snippet := lipgloss.NewStyle().Width(w).Render(highlightSnippet(h.Snippet, hl))
		lines := strings.Split(snippet, "\n")
		if len(lines) > 2 {
			lines = lines[:2]
			lines[1] = ansi.Truncate(lines[1], w-1, "") + "…"
		}
		card = append(card, lines...)
		cards[i] = card
	}
	s.cards.SetCards(cards)
}

// highlightSnippet turns a snippet's HitStart/HitEnd markers into the
// highlight style, on one line. The marker bytes never reach the screen,
// paired or not, nor does anything else that is not plain text.
func highlightSnippet(snippet string, hl lipgloss.Style) string {
	var b strings.Builder
	in := false
	flush := func(part string) {
		part = termsafe.Clean(part) // drops any stray control byte
		if part == "" {
			return
		}
		if in {
			b.WriteString(hl.Render(part))
		} else {
			b.WriteString(part)
		}
	}
	rest := strings.Join(strings.Fields(snippet), " ")
	for rest != "" {
		i := strings.IndexAny(rest, store.HitStart+store.HitEnd)
		if i < 0 {
			flush(rest)
			break
		}
		flush(rest[:i])
		in = rest[i:i+1] == store.HitStart
		rest = rest[i+1:]
	}
	return b.String()
}

// quoteSearch puts what was searched for in quotes, unless it is one
// "phrase" already.
func quoteSearch(q string) string {
	q = strings.TrimSpace(q)
	if len(q) > 1 && strings.HasPrefix(q, `"`) && strings.HasSuffix(q, `"`) && strings.Count(q, `"`) == 2 {
		return "“" + q[1:len(q)-1] + "”"
	}
	return "“" + q + "”"
}

// View draws the field, a line saying what was found, and the results.
func (s *StorySearch) View() string {
	st := s.c.Styles
	var status string
	open := kit.KeyName(s.c.Keys.List.Open)
	switch {
	case s.err != "":
		status = st.StatusError.Render(" " + ansi.Truncate(s.err, s.w-2, "…"))
	case s.query == "" && !s.pending:
		status = st.Subtle.Render(ansi.Truncate(` Type words from a story: the best matches come first. "a phrase", tea OR coffee, -word to leave out.`, s.w, "…"))
	case len(s.hits) == 0 && s.pending:
		status = st.Subtle.Render(" Searching…")
	case len(s.hits) == 0 && strings.TrimSpace(s.query) != "" && store.FTSQuery(s.query) == "":
		status = st.Subtle.Render(" Nothing to look for: give a word to find (a minus only leaves words out).")
	case len(s.hits) == 0:
		status = st.Subtle.Render(fmt.Sprintf(" No story matches %s.", quoteSearch(termsafe.Line(s.query))))
	case len(s.hits) == 1:
		status = st.Subtle.Render(fmt.Sprintf(" 1 story matches, best first. %s opens it.", open))
	case len(s.hits) == searchLimit:
		status = st.Subtle.Render(fmt.Sprintf(" The best %d matches, best first. %s opens one.", searchLimit, open))
	default:
		status = st.Subtle.Render(fmt.Sprintf(" %d stories match, best first. %s opens one.", len(s.hits), open))
	}
	return " " + s.input.View() + "\n" + status + "\n\n" + s.cards.View("")
}
