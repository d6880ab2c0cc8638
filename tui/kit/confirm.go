package kit

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
)

// Confirm asks a yes/no question before something that cannot be undone.
type Confirm struct {
	c        *Common
	question string
	detail   string
	yes      func() tea.Cmd
	no       func() tea.Cmd // when set, runs after the question closes on no
	// back, when set, is a third answer: the back key (esc) closes the
	// question and runs it, and no is then only no's other keys (n).
	back      func() tea.Cmd
	backLabel string
	quitting  bool // the question is whether to quit: ctrl+c again means yes
	full      bool // asked over a full-screen view: it takes the whole screen
	w, h      int  // the area it is drawn in (Common's size until told)
	// private is the question and its detail as the privacy screen lets
	// them show, when they say what someone is paid (see Private).
	private *[2]string
}

// NewConfirm makes a question. The question closes when answered; yes runs
// after that, only if the answer is yes.
func NewConfirm(c *Common, question, detail string, yes func() tea.Cmd) *Confirm {
	return &Confirm{c: c, question: question, detail: detail, yes: yes}
}

// Capturing is always true: while a question is open, keys answer it (q
// does not quit, digits do not change section); ctrl+c still quits, asking
// first if a form holds changes.
func (q *Confirm) Capturing() bool { return true }

// CaptureHelp lists the answers.
func (q *Confirm) CaptureHelp() []key.Binding { return q.answerKeys() }

// answerKeys are the keys that answer: yes, no and, when the question has
// one, back.
func (q *Confirm) answerKeys() []key.Binding {
	keys := []key.Binding{q.c.Keys.Confirm.Yes, q.noKey()}
	if q.back != nil {
		keys = append(keys, Relabel(q.c.Keys.Global.Back, q.backLabel))
	}
	return keys
}

// noKey is the binding that answers no: less the back key, when back is
// an answer of its own.
func (q *Confirm) noKey() key.Binding {
	if q.back == nil {
		return q.c.Keys.Confirm.No
	}
	return Without(q.c.Keys.Confirm.No, q.c.Keys.Global.Back)
}

// OrBack gives the question a third answer, for the one question where no
// is not the same as leaving it alone (whether to back up before quitting:
// no quits without a backup): the back key (esc) closes the question and
// runs back, and no is only its other keys (n). label says what back does
// ("back to involve"). Every other question keeps esc as no.
func (q *Confirm) OrBack(label string, back func() tea.Cmd) *Confirm {
	q.back, q.backLabel = back, label
	return q
}

// OrElse sets what happens on no (by default nothing: "Nothing was
// changed."), such as going back to the form the question came from.
func (q *Confirm) OrElse(no func() tea.Cmd) *Confirm {
	q.no = no
	return q
}

// Private sets what the question says while the privacy screen is on,
// for a question that names what someone is paid or owed: the same
// question without the amounts. It is shown whenever the privacy screen is
// on, including when it is turned on while the question is open.
func (q *Confirm) Private(question, detail string) *Confirm {
	q.private = &[2]string{question, detail}
	return q
}

// ForQuit marks the question as the one asking whether to quit: ctrl+c
// pressed again while it is open means yes.
func (q *Confirm) ForQuit() *Confirm {
	q.quitting = true
	return q
}

// AsksToQuit reports whether the question is whether to quit.
func (q *Confirm) AsksToQuit() bool { return q.quitting }

// OverFullscreen makes the question a full-screen view itself, for a
// question asked over one (reading mode, which the room sees): it is drawn
// alone, without the app's header, tabs and breadcrumbs, and nothing of
// the screen under it shows.
func (q *Confirm) OverFullscreen() *Confirm {
	q.full = true
	return q
}

// Fullscreen is true for a question asked over a full-screen view.
func (q *Confirm) Fullscreen() bool { return q.full }

// SetSize sets the area the question is drawn in.
func (q *Confirm) SetSize(w, h int) { q.w, q.h = w, h }

// Init does nothing.
func (q *Confirm) Init() tea.Cmd { return nil }

// Title names the question.
func (q *Confirm) Title() string { return "Are you sure?" }

// Help lists the answers.
func (q *Confirm) Help() [][]key.Binding { return [][]key.Binding{q.answerKeys()} }

// Update waits for y or n (or back, when it is an answer).
func (q *Confirm) Update(msg tea.Msg) (Screen, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(k, q.c.Keys.Confirm.Yes):
			return q, tea.Sequence(Pop(""), q.yes())
		case q.back != nil && key.Matches(k, q.c.Keys.Global.Back):
			return q, tea.Sequence(Pop(""), q.back())
		case key.Matches(k, q.noKey()):
			if q.no != nil {
				return q, tea.Sequence(Pop(""), q.no())
			}
			return q, Pop("Nothing was changed.")
		}
	}
	return q, nil
}

// answers says which keys answer: "y  yes     n or esc  no" (or "y  yes
// n  no     esc  back to involve").
func (q *Confirm) answers() string {
	s := q.keysText(q.c.Keys.Confirm.Yes) + "  yes     " + q.keysText(q.noKey()) + "  no"
	if q.back != nil {
		s += "     " + q.keysText(q.c.Keys.Global.Back) + "  " + q.backLabel
	}
	return s
}

// keysText names a binding's keys as the question says them: "n or esc".
func (q *Confirm) keysText(b key.Binding) string {
	return strings.ReplaceAll(b.Help().Key, "/", " or ")
}

// View draws the question in a box.
func (q *Confirm) View() string {
	st := q.c.Styles
	width, height := q.w, q.h
	if width == 0 {
		width, height = q.c.Width, q.c.Height
	}
	w := min(width-4, 64)
	question, detail := q.question, q.detail
	if q.c.Privacy && q.private != nil {
		question, detail = q.private[0], q.private[1]
	}
	body := lipgloss.JoinVertical(lipgloss.Left,
		lipgloss.NewStyle().Width(w-6).Render(st.Bold.Render(question)),
		"",
		lipgloss.NewStyle().Width(w-6).Render(detail),
		"",
		st.Subtle.Render(q.answers()),
	)
	box := st.Box.Width(w).Render(body)
	return lipgloss.Place(width, height, lipgloss.Center, lipgloss.Center, box)
}
