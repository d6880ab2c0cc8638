// Command bare is the least a Bubble Tea program does to draw its first
// frame: a model whose View is one line, shown at once, with nothing to
// load. BenchmarkFirstFrameProcess times it beside involve's dashboard, in
// the same pseudo-terminal, as the yardstick of issue 10's budget (involve's
// first frame with data within 1.3× of this one's). It renders at the same
// rate as involve (tea.WithFPS(120)), so that the comparison is of what
// involve does before its first frame, not of the renderer's tick.
package main

import (
	"fmt"
	"os"

	tea "charm.land/bubbletea/v2"
)

type model struct{}

func (model) Init() tea.Cmd { return nil }

func (m model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if _, ok := msg.(tea.KeyPressMsg); ok {
		return m, tea.Quit
	}
	return m, nil
}

func (model) View() tea.View {
	v := tea.NewView("bare: the first frame")
	v.AltScreen = true
	return v
}

func main() {
	if _, err := tea.NewProgram(model{}, tea.WithFPS(120)).Run(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
