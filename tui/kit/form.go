package kit

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"charm.land/lipgloss/v2"

	"github.com/involve/involve/store"
)

// FormSpec describes a form: how to build it (its fields bound to values the
// caller owns), how to check fields as they are typed, and how to save.
type FormSpec struct {
	Title string
	// Build makes the huh form. It is called again after a failed save, and
	// the values bound to its fields survive.
	Build func() *huh.Form
	// Snapshot summarises the bound values, to tell whether anything changed.
	Snapshot func() string
	// Live validates a field by its key while it is being typed in.
	Live map[string]func(string) error
	// Save stores the values. It runs in a Cmd.
	Save func(context.Context, *store.Store) error
	// Done says, after a successful save, what was saved (the values are
	// the saved ones by then).
	Done func() string
	// Then, when set, runs after a successful save (the form has closed).
	Then func() tea.Cmd
}

// FormScreen shows a huh form, checks fields as they are typed, and saves
// in a Cmd. Esc leaves it, asking first when something was changed.
type FormScreen struct {
	c       *Common
	spec    FormSpec
	form    *huh.Form
	initial string
	live    string          // what is wrong with the focused field right now
	touched map[string]bool // Fields typed in: only those are checked live
	saveErr string
	saving  bool
}

type formSavedMsg struct {
	form *FormScreen
	err  error
}

// NewForm makes a form screen from a spec.
func NewForm(c *Common, spec FormSpec) *FormScreen {
	f := &FormScreen{c: c, spec: spec, touched: map[string]bool{}}
	// Built first: a field holding a suggestion puts it in its value, and
	// a suggestion taken as it is is not a change to ask about on leaving.
	f.form = f.build()
	f.initial = spec.Snapshot()
	return f
}

func (f *FormScreen) build() *huh.Form {
	km := huh.NewDefaultKeyMap()
	km.Quit = key.NewBinding(key.WithDisabled()) // esc and ctrl+c are the app's
	// In a box of several lines (minutes, notes), enter starts a new line
	// and tab moves on, as in any editor. Everywhere, tab past the last
	// field saves, as enter does.
	km.Text.NewLine = key.NewBinding(key.WithKeys("enter", "alt+enter", "ctrl+j"), key.WithHelp("enter", "new line"))
	km.Text.Next = key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "next"))
	km.Text.Submit = key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "save"))
	for _, b := range []*key.Binding{&km.Input.Submit, &km.Select.Submit, &km.MultiSelect.Submit, &km.Confirm.Submit, &km.Note.Submit} {
		b.SetKeys("enter", "tab")
		b.SetHelp("enter", "save")
	}
	// A choice in a form is a short list moved through with the arrows.
	// huh's own filter (/) would be a second kind of find, where enter
	// chooses instead of keeping the find: choosing from a long list (a
	// person, a meeting) is the Picker's.
	km.Select.Filter = key.NewBinding()
	km.MultiSelect.Filter = key.NewBinding()
	if f.c.Remote {
		// Over SSH the editor would run on the server: no key opens it.
		km.Text.Editor = key.NewBinding()
	}
	form := f.spec.Build().
		WithTheme(f.c.Styles.FormTheme()).
		WithKeyMap(km).
		WithShowHelp(false). // its keys are in the app's footer
		WithWidth(formWidth(f.c.Width)).
		WithHeight(max(5, f.c.Height-4))
	return form
}

// SetSize fits the form to the screen.
func (f *FormScreen) SetSize(w, h int) {
	f.form = f.form.WithWidth(formWidth(w)).WithHeight(max(5, h-4))
}

// formWidth is the width a form is laid out in: at most 90, and one less
// than the screen, as huh's wrapping lets a line run one cell over when it
// ends in a full stop or comma.
func formWidth(screen int) int { return max(10, min(screen-1, 90)) }

// Title names the form (forms are named after the person they are about,
// so not while the privacy screen is on).
func (f *FormScreen) Title() string {
	if f.c.Privacy {
		return HiddenFormTitle
	}
	return f.spec.Title
}

// HiddenFormTitle stands for a form's title while the privacy screen is on.
const HiddenFormTitle = "Form (hidden)"

// Form is the huh form the screen shows.
func (f *FormScreen) Form() *huh.Form { return f.form }

// Init starts the form.
func (f *FormScreen) Init() tea.Cmd { return f.form.Init() }

// Capturing is always true: every key belongs to the form's fields.
func (f *FormScreen) Capturing() bool { return true }

// Dirty reports whether anything was changed and not saved.
func (f *FormScreen) Dirty() bool { return !f.saving && f.spec.Snapshot() != f.initial }

// CaptureHelp lists the focused field's keys (huh's own, as they are set
// for that field: "enter next" or, on the last field, "enter save").
func (f *FormScreen) CaptureHelp() []key.Binding {
	// The key that moves on (tab, in a box of several lines) first: on a
	// narrow screen the end of the footer is cut.
	binds := pressable(f.form.KeyBinds())
	slices.SortStableFunc(binds, func(a, b key.Binding) int {
		return boolOrder(movesOn(a), movesOn(b))
	})
	return binds
}

// movesOn reports whether a binding is tab: what moves to the next field,
// or saves on the last.
func movesOn(b key.Binding) bool { return slices.Contains(b.Keys(), "tab") }

// boolOrder sorts true before false.
func boolOrder(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return -1
	}
	return 1
}

// Help lists the form's keys.
func (f *FormScreen) Help() [][]key.Binding {
	return [][]key.Binding{pressable(f.form.KeyBinds()), {f.c.Keys.Global.Back}}
}

// pressable drops the bindings no key presses (the editor's, over SSH).
func pressable(binds []key.Binding) []key.Binding {
	return slices.DeleteFunc(binds, func(b key.Binding) bool { return len(b.Keys()) == 0 })
}

// Update passes keys to the form and saves it when it is complete.
func (f *FormScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case formSavedMsg:
		if msg.form != f {
			return f, nil
		}
		f.saving = false
		if msg.err != nil {
			f.saveErr = saveErrorText(msg.err)
			f.form = f.build()
			return f, f.form.Init()
		}
		cmds := []tea.Cmd{Pop(f.spec.Done())}
		if f.spec.Then != nil {
			cmds = append(cmds, f.spec.Then())
		}
		return f, tea.Sequence(cmds...)
	case tea.KeyPressMsg:
		if f.saving {
			return f, nil
		}
		if f.c.Privacy && !key.Matches(msg, f.c.Keys.Global.Back) {
			return f, nil // what is typed would go into a field nobody can see
		}
		if key.Matches(msg, f.c.Keys.Global.Back) {
			if f.Dirty() {
				return f, Push(NewConfirm(f.c, "Leave this form?", "What you typed has not been saved and will be lost.",
					func() tea.Cmd { return Pop("Not saved.") }).OrElse(func() tea.Cmd { return nil }))
			}
			return f, Pop("")
		}
	}
	if _, typed := msg.(tea.KeyPressMsg); typed {
		if field := f.form.GetFocusedField(); field != nil {
			f.touched[field.GetKey()] = true
		}
	}
	m, cmd := f.form.Update(msg)
	if form, ok := m.(*huh.Form); ok {
		f.form = form
	}
	f.checkLive()
	if f.form.State == huh.StateCompleted && !f.saving {
		f.saving = true
		f.saveErr = ""
		save := f.spec.Save
		return f, tea.Batch(cmd, func() tea.Msg {
			ctx, cancel := context.WithTimeout(context.Background(), DefaultTimeout)
			defer cancel()
			return formSavedMsg{form: f, err: save(ctx, f.c.Store)}
		})
	}
	return f, cmd
}

// checkLive validates the focused field as it is typed.
func (f *FormScreen) checkLive() {
	f.live = ""
	field := f.form.GetFocusedField()
	if field == nil {
		return
	}
	check, ok := f.spec.Live[field.GetKey()]
	if !ok || !f.touched[field.GetKey()] {
		return
	}
	if v, ok := field.GetValue().(string); ok {
		if err := check(v); err != nil {
			f.live = err.Error()
		}
	}
}

func saveErrorText(err error) string {
	var fe *store.FieldError
	if errors.As(err, &fe) {
		return fmt.Sprintf("Not saved. %s: %s", fe.Field, fe.Message)
	}
	if errors.Is(err, store.ErrConflict) {
		return "Not saved: " + store.ErrConflict.Error()
	}
	return "Not saved: " + ErrText(err)
}

// View draws the form with the live check and any save error.
func (f *FormScreen) View() string {
	st := f.c.Styles
	if f.c.Privacy {
		// A form shows someone's details as they are, whatever the
		// privacy screen hides elsewhere: cover it, keeping what was typed.
		return lipgloss.JoinVertical(lipgloss.Left, st.Title.Render(HiddenFormTitle), "",
			Wrap("The privacy screen is on, so this form is hidden; what you typed is kept. "+
				"ctrl+p shows it again; esc leaves it.", f.c.Width))
	}
	var parts []string
	parts = append(parts, st.Title.Render(f.spec.Title))
	if f.saveErr != "" {
		parts = append(parts, st.StatusError.Render(Wrap(f.saveErr, f.c.Width)))
	}
	if f.saving {
		parts = append(parts, st.Subtle.Render("Saving…"))
	} else {
		parts = append(parts, f.form.View())
	}
	if field := f.form.GetFocusedField(); f.live != "" && (field == nil || field.Error() == nil) {
		// (When huh shows the field's own error, the same words are not
		// said twice.)
		parts = append(parts, st.Warn.Render("⚠ "+Wrap(f.live, f.c.Width-2)))
	}
	return lipgloss.JoinVertical(lipgloss.Left, parts...)
}

// Wrap breaks plain text to a width.
func Wrap(s string, width int) string {
	return lipgloss.NewStyle().Width(max(10, width)).Render(s)
}

// OptionsFor builds select options from labelled values.
func OptionsFor[T comparable](values []T, label func(T) string) []huh.Option[T] {
	out := make([]huh.Option[T], len(values))
	for i, v := range values {
		out[i] = huh.NewOption(label(v), v)
	}
	return out
}

// NotBlank is a validator for required text fields.
func NotBlank(what string) func(string) error {
	return func(s string) error {
		if strings.TrimSpace(s) == "" {
			return fmt.Errorf("%s is needed", what)
		}
		return nil
	}
}
