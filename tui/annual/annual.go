// Package annual is the annual involvement report in the terminal: the
// report package's document for a financial year, rendered with glamour
// (through kit.Markdown, render's one renderer) with its charts as bars of
// text. The figures are loaded and the markdown rendered in Cmds, cached
// per (year, figures, width, style); View only draws the lines.
package annual

import (
	"context"
	"fmt"
	"hash/fnv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/involve/involve/civil"
	"github.com/involve/involve/report"
	"github.com/involve/involve/store"
	"github.com/involve/involve/tui/kit"
)

// Screen shows one financial year's report.
type Screen struct {
	c        *kit.Common
	from, to civil.Date
	year     string
	doc      report.Doc
	loaded   bool
	lines    []string // the rendered report
	scroll   int
	gen      int // numbers loads: a reply to an older one is dropped
	rgen     int // numbers renders
	w, h     int
}

type loadedMsg struct {
	to  *Screen
	gen int
	doc report.Doc
	err error
}

type renderedMsg struct {
	to    *Screen
	gen   int
	lines []string
	err   error
}

// New shows the report of the financial year holding today.
func New(c *kit.Common) *Screen {
	s := &Screen{c: c}
	s.setYear(store.YearLabel(civil.In(c.Now(), store.London)))
	return s
}

func (s *Screen) setYear(label string) {
	s.from, s.to, _ = store.FinancialYear(label)
	s.year = store.YearLabel(s.from)
}

// Init loads the year's figures.
func (s *Screen) Init() tea.Cmd { return s.Refresh() }

// Refresh loads the figures again (coming back to the screen, or another
// year).
func (s *Screen) Refresh() tea.Cmd {
	s.gen++
	gen, o := s.gen, report.Options{From: s.from, To: s.to, Year: s.year}
	return kit.Load(s.c, func(ctx context.Context, st *store.Store) (report.Doc, error) {
		return report.Load(ctx, st, o)
	}, func(d report.Doc, err error) tea.Msg { return loadedMsg{to: s, gen: gen, doc: d, err: err} })
}

// render renders the report at the screen's width in a Cmd. The text bars
// are made to fit the width; renders are cached by the markdown's digest.
func (s *Screen) render() tea.Cmd {
	if !s.loaded || s.w == 0 {
		return nil
	}
	s.rgen++
	gen, doc, w := s.rgen, s.doc, max(20, s.w-2)
	style := s.c.Styles.MarkdownStyle()
	bars := !s.c.Styles.Accessible // a screen reader would read each block aloud
	md := s.c.Markdown
	return func() tea.Msg {
		// Glamour indents a code block by 4 and the labels take ~24.
		barWidth := 0
		if bars {
			barWidth = min(report.BarWidth, max(6, w-24-14-6))
		}
		text := doc.Markdown(barWidth)
		h := fnv.New64a()
		h.Write([]byte(text))
		out, err := md.Render(fmt.Sprintf("annual/%x", h.Sum64()), text, w, style)
		if err != nil {
			return renderedMsg{to: s, gen: gen, err: err}
		}
		lines := strings.Split(out, "\n")
		for i, l := range lines {
			// A table wider than the window is cut with a sign, here,
			// not in View.
			if ansi.StringWidth(l) > s.w {
				lines[i] = ansi.Truncate(l, s.w, "…")
			}
		}
		return renderedMsg{to: s, gen: gen, lines: lines}
	}
}

// Title names the screen in the breadcrumb.
func (s *Screen) Title() string { return "Annual report " + s.year }

// SetSize is told the area the screen draws in.
func (s *Screen) SetSize(w, h int) { s.w, s.h = w, h }

// Help lists the screen's keys.
func (s *Screen) Help() [][]key.Binding {
	l, r := s.c.Keys.List, s.c.Keys.Report
	return [][]key.Binding{{r.PrevYear, r.NextYear, s.c.Keys.Global.Back}, {l.Up, l.Down, l.PageUp, l.PageDown, l.Top, l.Bottom}}
}

// Update handles the loads, renders and keys.
func (s *Screen) Update(msg tea.Msg) (kit.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case loadedMsg:
		if msg.to != s || msg.gen != s.gen {
			return s, nil
		}
		if msg.err != nil {
			return s, kit.Failed(msg.err)
		}
		s.doc, s.loaded = msg.doc, true
		return s, s.render()
	case renderedMsg:
		if msg.to != s || msg.gen != s.rgen {
			return s, nil
		}
		if msg.err != nil {
			return s, kit.Failed(msg.err)
		}
		s.lines = msg.lines
		s.clamp()
		return s, nil
	case tea.WindowSizeMsg, tea.BackgroundColorMsg:
		return s, s.render()
	case tea.KeyPressMsg:
		return s, s.key(msg)
	}
	return s, nil
}

func (s *Screen) bodyHeight() int { return max(1, s.h-2) }

func (s *Screen) clamp() {
	s.scroll = max(0, min(s.scroll, len(s.lines)-s.bodyHeight()))
}

func (s *Screen) key(msg tea.KeyPressMsg) tea.Cmd {
	l, r := s.c.Keys.List, s.c.Keys.Report
	page := max(1, s.bodyHeight()-1)
	switch {
	case key.Matches(msg, s.c.Keys.Global.Back):
		return kit.Pop("")
	case key.Matches(msg, r.PrevYear), key.Matches(msg, r.NextYear):
		step := -1
		if key.Matches(msg, r.NextYear) {
			step = 1
		}
		s.setYear(store.YearLabel(s.from.AddYears(step)))
		s.loaded, s.lines, s.scroll = false, nil, 0
		return s.Refresh()
	case key.Matches(msg, l.Up):
		s.scroll--
	case key.Matches(msg, l.Down):
		s.scroll++
	case key.Matches(msg, l.PageUp):
		s.scroll -= page
	case key.Matches(msg, l.PageDown):
		s.scroll += page
	case key.Matches(msg, l.Top):
		s.scroll = 0
	case key.Matches(msg, l.Bottom):
		s.scroll = len(s.lines)
	}
	s.clamp()
	return nil
}

// View draws the part of the report that fits, and where it is.
func (s *Screen) View() string {
	st := s.c.Styles
	if s.lines == nil {
		return st.Subtle.Render(fmt.Sprintf("  Counting the year %s…", s.year))
	}
	h := s.bodyHeight()
	from := min(s.scroll, len(s.lines))
	to := min(len(s.lines), from+h)
	pct := 100
	if len(s.lines) > h {
		pct = to * 100 / len(s.lines)
	}
	r := s.c.Keys.Report
	hint := fmt.Sprintf("  %d%% · ↑/↓ pgup/pgdn to scroll · %s %s, %s %s", pct, r.PrevYear.Help().Key, r.PrevYear.Help().Desc,
		r.NextYear.Help().Key, r.NextYear.Help().Desc)
	return strings.Join(s.lines[from:to], "\n") + "\n\n" + st.Faint.Render(ansi.Truncate(hint, s.w, "…"))
}
