package kit

import (
	"image/color"
	"os"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/huh/v2"
	"charm.land/lipgloss/v2"

	"github.com/involve/involve/render"
)

// Styles are built once per background (light or dark) and shared by every
// screen.
type Styles struct {
	IsDark  bool
	NoColor bool
	// Accessible styles draw no boxes or lines (a screen reader reads out
	// every ─) and mark what colour marks with text too.
	Accessible bool

	App, Title, Subtle, Faint, Bold lipgloss.Style
	Tab, ActiveTab                  lipgloss.Style
	Badge, DemoBadge, PrivacyBadge  lipgloss.Style
	Header, Rule                    lipgloss.Style
	Selected, Cursor                lipgloss.Style
	ColumnTitle                     lipgloss.Style
	Label, Value                    lipgloss.Style
	Good, Warn, Bad                 lipgloss.Style
	Status, StatusError             lipgloss.Style
	Box                             lipgloss.Style
	FilterPrompt                    lipgloss.Style
	Help                            help.Styles

	// Accent is the colour titles and the cursor are drawn in, for a
	// style made on the spot (a search's highlighted words).
	Accent color.Color
}

// NewStyles builds the styles for a dark or light background. With NO_COLOR
// set, emphasis comes from bold, underline and reverse video alone.
func NewStyles(isDark bool) *Styles { return NewStylesFor(isDark, false) }

// NewStylesFor builds the styles for a background, accessible or not.
func NewStylesFor(isDark, accessible bool) *Styles {
	noColor := os.Getenv("NO_COLOR") != ""
	ld := lipgloss.LightDark(isDark)
	accent := ld(lipgloss.Color("#5A3FC0"), lipgloss.Color("#B4A5FF"))
	subtle := ld(lipgloss.Color("#6B6B6B"), lipgloss.Color("#9A9A9A"))
	faint := ld(lipgloss.Color("#A0A0A0"), lipgloss.Color("#5C5C5C"))
	selBg := ld(lipgloss.Color("#E4DEFF"), lipgloss.Color("#3B3363"))
	good := ld(lipgloss.Color("#1E7B34"), lipgloss.Color("#6FD08C"))
	warn := ld(lipgloss.Color("#9A5B00"), lipgloss.Color("#F2C46D"))
	bad := ld(lipgloss.Color("#B3261E"), lipgloss.Color("#FF8A80"))
	ns := lipgloss.NewStyle

	s := &Styles{IsDark: isDark, NoColor: noColor, Accent: accent}
	s.App = ns()
	s.Title = ns().Bold(true).Foreground(accent)
	s.Subtle = ns().Foreground(subtle)
	s.Faint = ns().Foreground(faint)
	s.Bold = ns().Bold(true)
	s.Tab = ns().Foreground(subtle).Padding(0, 1)
	s.ActiveTab = ns().Bold(true).Foreground(accent).Underline(true).Padding(0, 1)
	s.Badge = ns().Bold(true).Padding(0, 1)
	s.DemoBadge = s.Badge.Foreground(lipgloss.Color("#000000")).Background(warn)
	s.PrivacyBadge = s.Badge.Foreground(lipgloss.Color("#FFFFFF")).Background(bad)
	s.Header = ns().Bold(true)
	s.Rule = ns().Foreground(faint)
	s.Selected = ns().Background(selBg).Bold(true)
	s.Cursor = ns().Foreground(accent).Bold(true)
	s.ColumnTitle = ns().Foreground(subtle).Bold(true)
	s.Label = ns().Foreground(subtle)
	s.Value = ns()
	s.Good = ns().Foreground(good)
	s.Warn = ns().Foreground(warn).Bold(true)
	s.Bad = ns().Foreground(bad).Bold(true)
	s.Status = ns().Foreground(subtle)
	s.StatusError = ns().Foreground(bad).Bold(true)
	s.Box = ns().Border(lipgloss.RoundedBorder()).BorderForeground(accent).Padding(1, 2)
	s.FilterPrompt = ns().Foreground(accent).Bold(true)
	s.Help = help.DefaultStyles(isDark)
	if noColor {
		s.Selected = ns().Reverse(true)
		s.ActiveTab = ns().Bold(true).Underline(true).Padding(0, 1)
		s.DemoBadge = s.Badge.Reverse(true)
		s.PrivacyBadge = s.Badge.Reverse(true)
		s.Warn = ns().Bold(true)
		s.Bad = ns().Bold(true).Underline(true)
	}
	if accessible {
		s.Accessible = true
		s.Box = ns().Padding(1, 2)
	}
	return s
}

// HRule is a line across width w; in accessible mode, nothing (an empty
// line keeps the layout).
func (s *Styles) HRule(w int) string {
	if s.Accessible {
		return ""
	}
	return s.Rule.Render(strings.Repeat("─", max(0, w)))
}

// Separator goes between the names of panes or tabs: a thin bar, or in
// accessible mode two spaces.
func (s *Styles) Separator() string {
	if s.Accessible {
		return "  "
	}
	return s.Faint.Render("│")
}

// Current marks the name of the current pane or section: its style, and in
// accessible mode brackets too, as colour alone does not say it.
func (s *Styles) Current(style lipgloss.Style, name string) string {
	if s.Accessible {
		name = "[" + name + "]"
	}
	return style.Render(name)
}

// CursorMark begins the line under the cursor: › , or > in accessible
// mode (a screen reader says "greater than", not a quotation mark).
func (s *Styles) CursorMark() string {
	if s.Accessible {
		return ">"
	}
	return "›"
}

// MarkdownStyle is the markdown renderer's style for these styles: the
// background's, without colour under NO_COLOR, and plain (no rules,
// borders or marks) in accessible mode.
func (s *Styles) MarkdownStyle() string {
	if s.Accessible {
		return render.Plain
	}
	return render.StyleName(s.IsDark, s.NoColor)
}

// FormTheme is the huh theme matching these styles.
func (s *Styles) FormTheme() huh.Theme {
	return huh.ThemeFunc(func(isDark bool) *huh.Styles {
		if s.NoColor {
			return huh.ThemeBase(isDark)
		}
		return huh.ThemeCharm(isDark)
	})
}
