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
	asking  bool // accessible mode: the questions are being asked
	// backFrom is the field form.prev (shift+tab) was pressed in: huh
	// leaves it without the focus when it refuses to go back to the page
	// before because the field is not right (a required field left
	// empty), and then nothing typed reaches it.
	backFrom  huh.Field
	refocused bool
}

// formAskedMsg says the questions of an accessible form were answered.
type formAskedMsg struct {
	form    *FormScreen
	err     error
	aborted bool
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
	form := f.spec.Build().
		WithTheme(f.c.Styles.FormTheme()).
		WithKeyMap(FormKeyMap(f.c.Keys.Form)).
		WithShowHelp(false).   // its keys are in the app's footer
		WithShowErrors(false). // drawn by View, wrapped under their first word
		WithWidth(formWidth(f.c.Width)).
		WithHeight(max(5, f.c.Height-4))
	return form
}

// FormKeyMap is huh's key map with the keys of the app's: in a box of
// several lines (minutes, notes), form.new_line (enter) starts a new line
// and form.text_next (tab) moves on, as in any editor; everywhere else
// form.next (enter or tab) moves on, and past the last field saves.
func FormKeyMap(k FormKeys) *huh.KeyMap {
	km := huh.NewDefaultKeyMap()
	km.Quit = key.NewBinding(key.WithDisabled()) // esc and ctrl+c are the app's
	set := func(b *key.Binding, from key.Binding, desc string) {
		b.SetKeys(from.Keys()...)
		b.SetHelp(from.Help().Key, desc)
	}
	set(&km.Text.NewLine, k.NewLine, "new line")
	set(&km.Text.Next, k.TextNext, "next")
	set(&km.Text.Submit, k.TextNext, "save")
	set(&km.Text.Editor, k.Editor, "open editor")
	for _, b := range []*key.Binding{&km.Input.Next, &km.Select.Next, &km.MultiSelect.Next, &km.Confirm.Next, &km.Note.Next} {
		set(b, k.Next, b.Help().Desc)
	}
	for _, b := range []*key.Binding{&km.Input.Submit, &km.Select.Submit, &km.MultiSelect.Submit, &km.Confirm.Submit, &km.Note.Submit} {
		set(b, k.Next, "save")
	}
	for _, b := range []*key.Binding{&km.Input.Prev, &km.Text.Prev, &km.Select.Prev, &km.MultiSelect.Prev, &km.Confirm.Prev, &km.Note.Prev} {
		set(b, k.Prev, b.Help().Desc)
	}
	set(&km.Select.Up, k.Up, "up")
	set(&km.Select.Down, k.Down, "down")
	set(&km.MultiSelect.Up, k.Up, "up")
	set(&km.MultiSelect.Down, k.Down, "down")
	set(&km.MultiSelect.Toggle, k.Toggle, "tick")
	// A choice in a form is a short list moved through with the arrows.
	// huh's own filter (/) would be a second kind of find, where enter
	// chooses instead of keeping the find: choosing from a long list (a
	// person, a meeting) is the Picker's.
	km.Select.Filter = key.NewBinding()
	km.MultiSelect.Filter = key.NewBinding()
	return km
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

// Init starts the form; in accessible mode, asks its questions a line at a
// time (not while the privacy screen is on: the answers would show).
func (f *FormScreen) Init() tea.Cmd {
	if f.c.Accessible {
		if f.c.Privacy {
			return nil
		}
		return f.ask()
	}
	return f.form.Init()
}

// ask hands the terminal to the form's questions.
func (f *FormScreen) ask() tea.Cmd {
	f.asking = true
	a := &askForm{c: f.c, spec: f.spec, before: f.saveErr}
	return f.c.RunCmd(a, func(err error) tea.Msg { return formAskedMsg{form: f, err: err, aborted: a.aborted} })
}

// Capturing is always true: every key belongs to the form's fields.
func (f *FormScreen) Capturing() bool { return true }

// Dirty reports whether anything was changed and not saved.
func (f *FormScreen) Dirty() bool { return !f.saving && f.spec.Snapshot() != f.initial }

// CaptureHelp lists the focused field's keys (huh's own, as they are set
// for that field: "enter next" or, on the last field, "enter save").
func (f *FormScreen) CaptureHelp() []key.Binding {
	if f.c.Accessible {
		return f.accessibleKeys()
	}
	// The key that moves on (tab, in a box of several lines) first: on a
	// narrow screen the end of the footer is cut.
	binds := pressable(f.form.KeyBinds())
	k := f.c.Keys.Form
	movesOn := func(b key.Binding) bool {
		return slices.Equal(b.Keys(), k.TextNext.Keys()) || slices.Equal(b.Keys(), k.Next.Keys())
	}
	slices.SortStableFunc(binds, func(a, b key.Binding) int {
		return boolOrder(movesOn(a), movesOn(b))
	})
	return binds
}

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
	if f.c.Accessible {
		return [][]key.Binding{f.accessibleKeys()}
	}
	return [][]key.Binding{pressable(f.form.KeyBinds()), {f.c.Keys.Global.Back}}
}

// pressable drops the bindings no key presses (the editor's over SSH,
// where form.editor has none: see kit.Common.Remote).
func pressable(binds []key.Binding) []key.Binding {
	return slices.DeleteFunc(binds, func(b key.Binding) bool { return len(b.Keys()) == 0 })
}

// accessibleKeys are the keys of an accessible form between its questions.
func (f *FormScreen) accessibleKeys() []key.Binding {
	return []key.Binding{Relabel(f.c.Keys.List.Open, "answer the questions"), Relabel(f.c.Keys.Global.Back, "leave the form")}
}

// Update passes keys to the form and saves it when it is complete.
func (f *FormScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case formAskedMsg:
		if msg.form != f {
			return f, nil
		}
		f.asking = false
		switch {
		case msg.err != nil:
			f.saveErr = "Not saved: " + ErrText(msg.err)
			return f, nil
		case msg.aborted:
			return f, Pop("Not saved.")
		}
		return f, f.save(nil)
	case PrivacyMsg:
		if f.c.Accessible && !f.c.Privacy && !f.asking && !f.saving {
			return f, f.ask()
		}
		return f, nil
	case formSavedMsg:
		if msg.form != f {
			return f, nil
		}
		f.saving = false
		if msg.err != nil {
			f.saveErr = saveErrorText(msg.err)
			f.form = f.build()
			if f.c.Accessible {
				return f, f.ask() // the questions again, the answers kept
			}
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
		if f.c.Accessible {
			switch {
			case key.Matches(msg, f.c.Keys.Global.Back):
				return f, Pop("Not saved.")
			case key.Matches(msg, f.c.Keys.List.Open) && !f.asking:
				return f, f.ask()
			}
			return f, nil
		}
		if key.Matches(msg, f.c.Keys.Global.Back) {
			if f.Dirty() {
				return f, Push(NewConfirm(f.c, "Leave this form?", "What you typed has not been saved and will be lost.",
					func() tea.Cmd { return Pop("Not saved.") }).OrElse(func() tea.Cmd { return nil }))
			}
			return f, Pop("")
		}
	}
	if f.c.Accessible {
		// The form is not on the screen, and must not hear anything: a
		// huh field given any message sets what it is bound to from what
		// it shows, and this one shows the values from before the
		// questions were answered.
		return f, nil
	}
	var refocus tea.Cmd
	k, typed := msg.(tea.KeyPressMsg)
	if typed {
		if field := f.form.GetFocusedField(); field != nil {
			f.touched[field.GetKey()] = true
			if field == f.backFrom {
				refocus = field.Focus() // whatever was drawn, the key is for it
			}
			f.backFrom, f.refocused = nil, false
			if key.Matches(k, f.c.Keys.Form.Prev) {
				f.backFrom = field
			}
		}
	}
	m, cmd := f.form.Update(msg)
	if form, ok := m.(*huh.Form); ok {
		f.form = form
	}
	if f.backFrom != nil && !typed {
		switch field := f.form.GetFocusedField(); {
		case field != f.backFrom:
			f.backFrom = nil // it went back
		case field.Error() != nil && !f.refocused:
			// Refused: the field has the focus again, and says what is
			// wrong.
			f.refocused = true
			refocus = field.Focus()
		}
	}
	cmd = tea.Batch(refocus, cmd)
	f.checkLive()
	if f.form.State == huh.StateCompleted && !f.saving {
		return f, f.save(cmd)
	}
	return f, cmd
}

// save stores the form's values in a Cmd (after cmd, the form's own).
func (f *FormScreen) save(cmd tea.Cmd) tea.Cmd {
	f.saving = true
	f.saveErr = ""
	save := f.spec.Save
	return tea.Batch(cmd, func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), DefaultTimeout)
		defer cancel()
		return formSavedMsg{form: f, err: save(ctx, f.c.Store)}
	})
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
			Wrap(fmt.Sprintf("The privacy screen is on, so this form is hidden; what you typed is kept. "+
				"%s shows it again; %s leaves it.", KeyName(f.c.Keys.Global.Privacy), KeyName(f.c.Keys.Global.Back)), f.c.Width))
	}
	var parts []string
	parts = append(parts, st.Title.Render(f.spec.Title))
	if f.saveErr != "" {
		parts = append(parts, st.StatusError.Render(Wrap(f.saveErr, f.c.Width)))
	}
	switch {
	case f.saving:
		parts = append(parts, st.Subtle.Render("Saving…"))
	case f.c.Accessible:
		parts = append(parts, Wrap(fmt.Sprintf("This form asks its questions a line at a time, below the screen. Press %s to answer them, %s to leave the form.",
			KeyName(f.c.Keys.List.Open), KeyName(f.c.Keys.Global.Back)), f.c.Width))
	default:
		parts = append(parts, f.form.View())
	}
	errs := f.form.Errors()
	if !f.saving && !f.c.Accessible {
		for _, err := range errs {
			parts = append(parts, st.Bad.Render(hanging("* ", err.Error(), f.c.Width)))
		}
	}
	if f.live != "" && len(errs) == 0 {
		// (When the field's own error shows, the same words are not said
		// twice.)
		parts = append(parts, st.Warn.Render(hanging("⚠ ", f.live, f.c.Width)))
	}
	return lipgloss.JoinVertical(lipgloss.Left, parts...)
}

// hanging is mark and then s wrapped to width, the lines after the first
// indented under its first word:
//
//	⚠ "42.0042.0043" has more than one decimal point: write it like £3.40,
//	  3.4 or 340p
func hanging(mark, s string, width int) string {
	lines := WrapLines(s, width, strings.Repeat(" ", lipgloss.Width(mark)), 0)
	lines[0] = mark + strings.TrimLeft(lines[0], " ")
	return strings.Join(lines, "\n")
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
