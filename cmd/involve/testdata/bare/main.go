// Command bare is the least a Bubble Tea program does to draw its first
// frame: a model whose View is one line, shown at once, with nothing to
// load. BenchmarkFirstFrameProcess times it beside involve's dashboard, in
// the same pseudo-terminal, as the yardstick of issue 10's budget (involve's
// first frame with data within 1.3× of this one's). It renders at the same
// rate as involve (tea.WithFPS(120)), so that the comparison is of what
// involve does before its first frame, not of the renderer's tick.
//
// Given a data source name (as store.DSN makes it), it is the least a
// Bubble Tea program with a database does: it opens the database with the
// driver involve must use (modernc.org/sqlite), as involve does, and its
// one line shows the next meeting's start, read while the terminal is
// readied, as involve reads its dashboard.
package main

import (
	"database/sql"
	"fmt"
	"os"

	tea "charm.land/bubbletea/v2"
	_ "modernc.org/sqlite"
)

type model struct{ line string }

type loaded struct{ line string }

func (model) Init() tea.Cmd { return nil }

func (m model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		return m, tea.Quit
	case loaded:
		m.line = msg.line
	}
	return m, nil
}

func (m model) View() tea.View {
	v := tea.NewView(m.line)
	v.AltScreen = true
	return v
}

func main() {
	m := model{line: "bare: the first frame"}
	var db *sql.DB
	if len(os.Args) == 2 {
		var err error
		if db, err = sql.Open("sqlite", os.Args[1]); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		defer db.Close()
		m.line = ""
	}
	p := tea.NewProgram(m, tea.WithFPS(120))
	if db != nil {
		go func() {
			var next string
			if err := db.QueryRow("SELECT min(starts_at) FROM meetings WHERE status = 'planned'").Scan(&next); err != nil {
				next = err.Error()
			}
			p.Send(loaded{"bare: the first frame with the next meeting " + next})
		}()
	}
	if _, err := p.Run(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
