package main

import (
	"os"
	"strings"

	"charm.land/lipgloss/v2"
	xterm "github.com/charmbracelet/x/term"

	"github.com/involve/involve/render"
)

// How "stories show" chooses its style and width, as glow does: --style
// and --width when given; on a terminal, GLAMOUR_STYLE, NO_COLOR, the
// terminal's background and its width; elsewhere no colours, 80 columns.

// showTerm is what "stories show" knows of where it is writing.
type showTerm struct {
	getenv   func(string) string
	terminal bool // standard output is a terminal
	width    int  // the terminal's width in columns, 0 when not known
	// dark asks the terminal whether its background is dark. It is
	// called only when the style depends on it (it can take a moment).
	dark func() bool
}

// showMaxWidth is the widest a story is set on a wide terminal, as glow:
// longer lines are hard to read.
const showMaxWidth = 120

// showDefaultWidth is the width when there is no terminal to measure.
const showDefaultWidth = 80

// glamourStyle is GLAMOUR_STYLE as involve can honour it: one of
// render.Styles, "auto" (or nothing) to choose by the background, and
// glamour's "ascii" as notty (the nearest involve has). Other values,
// glamour's other styles and paths to style files, count as "auto".
func glamourStyle(v string) string {
	v = strings.ToLower(strings.TrimSpace(v))
	if v == "ascii" {
		return render.NoTTY
	}
	if render.ValidStyle(v) {
		return v
	}
	return "auto"
}

// colourless reports whether a style prints no colours.
func colourless(style string) bool { return style == render.NoTTY || style == render.Plain }

// chooseShowStyle is the style a story is shown in: --style when given;
// when not writing to a terminal, notty (or GLAMOUR_STYLE if it names a
// style without colours); with NO_COLOR set, or TERM=dumb, likewise; then
// GLAMOUR_STYLE; then dark or light to suit the terminal's background.
func chooseShowStyle(flag string, t showTerm) string {
	if flag != "" {
		return flag
	}
	env := glamourStyle(t.getenv("GLAMOUR_STYLE"))
	noColour := !t.terminal || t.getenv("NO_COLOR") != "" || t.getenv("TERM") == "dumb"
	switch {
	case noColour && colourless(env):
		return env
	case noColour:
		return render.NoTTY
	case env != "auto":
		return env
	}
	return render.StyleName(t.dark(), false)
}

// chooseShowWidth is the width a story is set at: --width when given, the
// terminal's width (at most showMaxWidth, at least render.MinWidth) on a
// terminal, else showDefaultWidth.
func chooseShowWidth(flag int, flagGiven bool, t showTerm) int {
	switch {
	case flagGiven:
		return flag
	case t.terminal && t.width > 0:
		return max(render.MinWidth, min(t.width, showMaxWidth))
	}
	return showDefaultWidth
}

// showTermOf is what "stories show" knows of out: whether it is a
// terminal, how wide, and how to ask it about its background (as lipgloss
// does, from standard input and out).
func showTermOf(out any) showTerm {
	t := showTerm{getenv: os.Getenv, dark: func() bool { return true }}
	f, ok := out.(*os.File)
	if !ok || !xterm.IsTerminal(f.Fd()) {
		return t
	}
	t.terminal = true
	if w, _, err := xterm.GetSize(f.Fd()); err == nil {
		t.width = w
	}
	t.dark = func() bool { return lipgloss.HasDarkBackground(os.Stdin, f) }
	return t
}
