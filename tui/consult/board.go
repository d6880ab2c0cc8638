package consult

import (
	"context"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/involve/involve/civil"
	"github.com/involve/involve/store"
	"github.com/involve/involve/tui/kit"
)

// Board is a forum's "you said, we did" board: the points raised at its
// meetings, by consultation, each with what was done and why. It names
// nobody, and shows a quote only with its speaker's consent (and without
// their name), so it may be shown to the room; its reading mode does, full
// screen, large and with nothing else on it.
type Board struct {
	c       *kit.Common
	forumID string
	reading bool
	board   store.Board
	loaded  bool
	lines   []string // the board laid out for the width, made in Update
	top     int
	gen     int
	w, h    int
}

type boardLoadedMsg struct {
	to    *Board
	gen   int
	board store.Board
	err   error
}

// NewBoard shows the board of the forum with this id.
func NewBoard(c *kit.Common, forumID string) *Board { return &Board{c: c, forumID: forumID} }

// NewReadingBoard shows it in reading mode, for the room.
func NewReadingBoard(c *kit.Common, forumID string) *Board {
	return &Board{c: c, forumID: forumID, reading: true}
}

// Fullscreen is true in reading mode.
func (b *Board) Fullscreen() bool { return b.reading }

// Init loads the board.
func (b *Board) Init() tea.Cmd { return b.Refresh() }

// Refresh reloads it.
func (b *Board) Refresh() tea.Cmd {
	b.gen++
	gen, id := b.gen, b.forumID
	return kit.Load(b.c, func(ctx context.Context, st *store.Store) (store.Board, error) {
		return st.Board(ctx, id, civil.Date{}, civil.Date{})
	}, func(v store.Board, err error) tea.Msg { return boardLoadedMsg{to: b, gen: gen, board: v, err: err} })
}

// Title names the board.
func (b *Board) Title() string {
	name := "You said, we did"
	if b.reading {
		name = "Reading mode: you said, we did"
	}
	if b.loaded {
		name += " — " + b.board.Forum
	}
	return name
}

// SetSize lays the board out again for the new size.
func (b *Board) SetSize(w, h int) {
	b.w, b.h = w, h
	b.layout()
}

// Help lists the board's keys.
func (b *Board) Help() [][]key.Binding {
	l := b.c.Keys.List
	if b.reading {
		return [][]key.Binding{{l.Down, l.Up, kit.Relabel(b.c.Keys.Global.Back, "leave reading mode")}, {l.PageDown, l.PageUp, l.Top, l.Bottom}}
	}
	return [][]key.Binding{{b.c.Keys.Consult.ReadingMode, l.Down, l.Up, l.PageDown, l.PageUp, l.Top, l.Bottom, b.c.Keys.Global.Back}}
}

// Update handles the board's keys and replies.
func (b *Board) Update(msg tea.Msg) (kit.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case boardLoadedMsg:
		if msg.to != b || msg.gen != b.gen {
			return b, nil
		}
		if msg.err != nil {
			return b, kit.Failed(msg.err)
		}
		b.board, b.loaded = msg.board, true
		b.layout()
		return b, nil
	case tea.BackgroundColorMsg:
		b.layout()
		return b, nil
	case tea.KeyPressMsg:
		l := b.c.Keys.List
		page := max(1, b.bodyHeight()-1)
		switch {
		case key.Matches(msg, b.c.Keys.Global.Back):
			return b, kit.Pop("")
		case !b.reading && key.Matches(msg, b.c.Keys.Consult.ReadingMode):
			return b, kit.Push(NewReadingBoard(b.c, b.forumID))
		case key.Matches(msg, l.Down):
			b.top++
		case key.Matches(msg, l.Up):
			b.top--
		case key.Matches(msg, l.PageDown, b.c.Keys.Stories.PageDown):
			b.top += page
		case key.Matches(msg, l.PageUp, b.c.Keys.Stories.PageUp):
			b.top -= page
		case key.Matches(msg, l.Top):
			b.top = 0
		case key.Matches(msg, l.Bottom):
			b.top = len(b.lines)
		}
		b.clamp()
	}
	return b, nil
}

func (b *Board) bodyHeight() int {
	if b.reading {
		return max(1, b.h-4) // a blank line, the heading, a blank line; the last line is the position
	}
	return max(1, b.h-1)
}

func (b *Board) clamp() {
	b.top = max(0, min(b.top, len(b.lines)-b.bodyHeight()))
}

// column is the width of the board's text and the margin before it.
func (b *Board) column() (width, margin int) {
	if !b.reading {
		return max(20, b.w-2), 1
	}
	width = max(20, min(72, b.w-8))
	return width, max(0, (b.w-width)/2)
}

// layout lays the board out for the width: what View shows is cut from it.
func (b *Board) layout() {
	if !b.loaded {
		return
	}
	st := b.c.Styles
	width, _ := b.column()
	wrap := func(s string, w int) []string {
		return strings.Split(lipgloss.NewStyle().Width(max(10, w)).Render(s), "\n")
	}
	gap := 1
	if b.reading {
		gap = 2 // more air between points, for reading across a room
	}
	var lines []string
	if len(b.board.Consultations) == 0 {
		lines = wrap("No points have been raised at this forum's meetings yet. A point raised at one of its meetings "+
			"(y on the meeting's page or register) shows here with what was done about it.", width)
	}
	label := 10
	for ci, c := range b.board.Consultations {
		if ci > 0 {
			lines = append(lines, "")
		}
		lines = append(lines, st.Title.Render(ansi.Truncate(" "+c.Title+" ", width, "…")))
		about := boardStatus(c)
		if c.Organisation != "" {
			about = "Asked by " + c.Organisation + " · " + about
		}
		for _, l := range wrap(about, width) {
			lines = append(lines, st.Subtle.Render(l))
		}
		for _, p := range c.Points {
			for range gap {
				lines = append(lines, "")
			}
			said := strings.Join(strings.Fields(p.Text), " ")
			if p.RaisedBy > 1 {
				said += fmt.Sprintf(" (%d people)", p.RaisedBy)
			}
			lines = append(lines, labelled(st.Bold.Render("You said"), wrap(said, width-label), label)...)
			if p.Quote != "" {
				lines = append(lines, labelled("", wrap("“"+strings.Join(strings.Fields(p.Quote), " ")+"”", width-label), label)...)
			}
			did := weDid(p.Done)
			style := st.Good
			if p.Done == nil {
				style = st.Subtle
			}
			var styled []string
			for _, l := range wrap(did, width-label) {
				styled = append(styled, style.Render(l))
			}
			lines = append(lines, labelled(st.Bold.Render("We did"), styled, label)...)
		}
	}
	b.lines = lines
	b.clamp()
}

// labelled puts a label before the first of lines and indents the rest.
func labelled(label string, lines []string, width int) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		if i == 0 {
			out[i] = label + strings.Repeat(" ", max(1, width-lipgloss.Width(label))) + l
		} else {
			out[i] = strings.Repeat(" ", width) + l
		}
	}
	return out
}

// boardStatus says where a consultation stands, for the room.
func boardStatus(c store.BoardConsultation) string {
	switch c.Status {
	case store.LoopOpen:
		return "open for your views until " + Day(c.Deadline)
	case store.LoopClosedToResponses, store.LoopAwaitingDecision:
		return "closed on " + Day(c.Deadline) + ", awaiting a decision"
	}
	return "closed on " + Day(c.Deadline)
}

// weDid is a response as the room reads it.
func weDid(r *store.BoardResponse) string {
	if r == nil {
		return "Awaiting a decision. We will tell you what was decided, and why."
	}
	return r.Outcome.Label() + ", because " + strings.TrimSuffix(strings.Join(strings.Fields(r.Reason), " "), ".") + "."
}

// View draws the part of the board that fits.
func (b *Board) View() string {
	st := b.c.Styles
	width, margin := b.column()
	pad := strings.Repeat(" ", margin)
	if !b.loaded {
		return pad + st.Subtle.Render("Loading…")
	}
	h := b.bodyHeight()
	from := min(b.top, len(b.lines))
	to := min(len(b.lines), from+h)
	shown := b.lines[from:to]
	var out strings.Builder
	if b.reading {
		out.WriteString("\n" + pad + st.Title.Render(ansi.Truncate(" You said, we did · "+b.board.Forum+" ", width, "…")) + "\n\n")
	}
	for i, l := range shown {
		if i > 0 {
			out.WriteString("\n")
		}
		out.WriteString(pad + l)
	}
	if len(b.lines) > h {
		more := fmt.Sprintf("%d%% · ↓ for more", to*100/max(1, len(b.lines)))
		out.WriteString("\n" + pad + st.Faint.Render(more))
	}
	return out.String()
}

// pickBoard opens a forum's board: of the one forum given, or of the forum
// chosen from those given (every forum when none are).
func pickBoard(c *kit.Common, forumIDs []string) tea.Cmd {
	if len(forumIDs) == 1 {
		return kit.Push(NewBoard(c, forumIDs[0]))
	}
	only := map[string]bool{}
	for _, id := range forumIDs {
		only[id] = true
	}
	return kit.Push(kit.NewPicker(c, "Whose board?", []kit.Column{{Title: "Forum"}}, func(ctx context.Context, st *store.Store) ([]kit.Row, error) {
		forums, err := st.Forums(ctx)
		if err != nil {
			return nil, err
		}
		var rows []kit.Row
		for _, f := range forums {
			if len(only) == 0 || only[f.ID] {
				rows = append(rows, kit.NewRow(f.ID, []string{f.Name}, nil))
			}
		}
		return rows, nil
	}, func(r kit.Row) tea.Cmd {
		return tea.Sequence(kit.Pop(""), kit.Push(NewBoard(c, r.ID)))
	}).Empty(fmt.Sprintf("No forums yet. Press %s, then %s, to add one.", kit.KeyName(c.Keys.Global.Forums), kit.KeyName(c.Keys.Record.New))))
}
