package kit

import (
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/involve/involve/termsafe"
)

// In accessible mode a form is not drawn on the screen: the app hands the
// terminal over (tea.Exec, as it does to an editor) and the form asks its
// questions a line at a time, with huh's accessible fields, so that a
// screen reader reads each question, what it holds now, and the choices.
// Each question is asked in turn as the form would move through it, so
// that questions an answer hides (a reduced amount, when the payment is
// not reduced) are not asked.

// askForm is the tea.ExecCommand that asks a form's questions.
type askForm struct {
	c       *Common
	spec    FormSpec
	before  string // said first: why the questions are asked again
	in      io.Reader
	out     io.Writer
	aborted bool
}

func (a *askForm) SetStdin(r io.Reader)  { a.in = r }
func (a *askForm) SetStdout(w io.Writer) { a.out = w }
func (a *askForm) SetStderr(io.Writer)   {}

// clearScreen clears the terminal and puts the cursor at its top.
const clearScreen = "\x1b[H\x1b[2J"

// maxQuestions bounds the questions of one form, against a form that
// never finishes.
const maxQuestions = 200

// Run asks the questions. A form left with end-of-input (ctrl+d) is
// aborted: nothing is saved.
func (a *askForm) Run() (err error) {
	w := &safeWriter{w: a.out}
	in := &lineReader{r: a.in}
	defer func() {
		if r := recover(); r != nil {
			a.aborted = true
			err = fmt.Errorf("the form stopped: %v", r)
		}
		// The answers (someone's phone number) are not left on the
		// terminal for the room to see when the program has quit.
		io.WriteString(a.out, clearScreen)
	}()
	fmt.Fprintf(w, "\n%s\n", a.spec.Title)
	if a.before != "" {
		fmt.Fprintln(w, a.before)
	}
	fmt.Fprintln(w, "Type each answer and press enter. Enter on its own keeps the answer it has now. To leave without saving, press ctrl+d.")
	for step := 0; ; step++ {
		if step > maxQuestions {
			return errors.New("the form did not come to an end")
		}
		form := a.build()
		field, done := nthQuestion(form, step)
		if done {
			return nil
		}
		if field == nil {
			return errors.New("the form cannot go on: an earlier answer is not accepted")
		}
		fmt.Fprintln(w)
		q := describe(field)
		for _, l := range q.notes {
			fmt.Fprintln(w, l)
		}
		if q.now != "" {
			fmt.Fprintln(w, "Now: "+q.now)
		}
		in.keep = q.keep
		if err := field.RunAccessible(w, in); err != nil {
			return err
		}
		if in.eof {
			a.aborted = true
			fmt.Fprintln(w, "Left the form: nothing was saved.")
			return nil
		}
	}
}

// build makes the form afresh, with the values its fields are bound to:
// a field left by moving on takes the value it shows, so moving through a
// fresh form changes nothing, while moving through one whose field was
// just answered would put back the old value.
func (a *askForm) build() *huh.Form {
	return a.spec.Build().WithTheme(plainFormTheme()).WithKeyMap(FormKeyMap(a.c.Keys.Form)).WithWidth(500)
}

// nthQuestion is the field the form comes to after moving on n times from
// its first, or done when it comes to the end before; nil if it cannot
// move on (an answer it does not accept).
func nthQuestion(form *huh.Form, n int) (huh.Field, bool) {
	form.Init()
	settle(form)
	for range n {
		if !advance(form) {
			return nil, false
		}
		if form.State != huh.StateNormal {
			return nil, true
		}
	}
	return form.GetFocusedField(), false
}

// advance moves the form on one field, to the next group after a group's
// last field (skipping the groups its answers hide).
func advance(form *huh.Form) bool {
	prev := form.GetFocusedField()
	form.NextField()
	settle(form)
	if form.State != huh.StateNormal || form.GetFocusedField() != prev {
		return true
	}
	form.NextGroup()
	settle(form)
	return form.State != huh.StateNormal || form.GetFocusedField() != prev
}

type settleMsg struct{}

// settle lets the form's fields work out their titles, descriptions and
// options from the values bound to them (huh does it in Cmds, which a form
// outside a program must run itself).
func settle(form *huh.Form) {
	_, cmd := form.Update(settleMsg{})
	runFormCmd(form, cmd, 0)
}

var (
	huhPkg       = reflect.TypeFor[huh.Form]().PkgPath()
	cmdSliceType = reflect.TypeFor[[]tea.Cmd]()
)

func runFormCmd(form *huh.Form, cmd tea.Cmd, depth int) {
	if cmd == nil || depth > 4 {
		return
	}
	msg := callWithin(cmd, time.Second)
	if msg == nil {
		return
	}
	if batch, ok := msg.(tea.BatchMsg); ok {
		for _, c := range batch {
			runFormCmd(form, c, depth)
		}
		return
	}
	v := reflect.ValueOf(msg)
	if v.Kind() == reflect.Slice && v.Type().ConvertibleTo(cmdSliceType) {
		for _, c := range v.Convert(cmdSliceType).Interface().([]tea.Cmd) {
			runFormCmd(form, c, depth)
		}
		return
	}
	if v.Type().PkgPath() == huhPkg {
		_, next := form.Update(msg)
		runFormCmd(form, next, depth+1)
	}
}

// callWithin calls a Cmd, giving up on one that waits (a cursor's blink).
func callWithin(cmd tea.Cmd, d time.Duration) tea.Msg {
	done := make(chan tea.Msg, 1)
	go func() {
		defer func() { recover() }()
		done <- cmd()
	}()
	select {
	case msg := <-done:
		return msg
	case <-time.After(d):
		return nil
	}
}

// question is what is said before a field asks: its description, what it
// holds now, and what an empty line keeps.
type question struct {
	notes []string
	now   string
	keep  string
}

// describe reads a field's description and value for the questions. huh's
// accessible fields say their title and choices but not these.
func describe(f huh.Field) question {
	var q question
	if d := strings.TrimSpace(evalString(f, "description")); d != "" {
		q.notes = append(q.notes, d)
	}
	switch v := f.GetValue().(type) {
	case string:
		if labels := optionLabels(f, v); labels != nil {
			q.now = strings.Join(labels, ", ")
			break
		}
		switch {
		case v == "":
			q.now = "empty"
			if p := strings.TrimSpace(evalString(f, "placeholder")); p != "" {
				q.now += " (for example: " + p + ")"
			}
		case strings.Contains(v, "\n"):
			q.now = strings.ReplaceAll(v, "\n", " / ")
		default:
			q.now, q.keep = v, v
		}
	case bool:
		// The question says [y/N] itself.
	default:
		if labels := optionLabels(f, v); labels != nil {
			q.now = strings.Join(labels, ", ")
			if len(labels) == 0 {
				q.now = "none ticked"
			}
		}
	}
	return q
}

// evalString reads one of a huh field's texts (title, description).
func evalString(f huh.Field, name string) string {
	v := reflect.ValueOf(f)
	if v.Kind() != reflect.Pointer || v.Elem().Kind() != reflect.Struct {
		return ""
	}
	e := v.Elem().FieldByName(name)
	if !e.IsValid() {
		return ""
	}
	if val := e.FieldByName("val"); val.IsValid() && val.Kind() == reflect.String {
		return val.String()
	}
	return ""
}

// optionLabels are the labels of a choice field's options that hold its
// value (the option chosen, or those ticked); nil for a field without
// options.
func optionLabels(f huh.Field, value any) []string {
	v := reflect.ValueOf(f)
	if v.Kind() != reflect.Pointer || v.Elem().Kind() != reflect.Struct {
		return nil
	}
	opts := v.Elem().FieldByName("options")
	if !opts.IsValid() {
		return nil
	}
	opts = opts.FieldByName("val")
	if !opts.IsValid() || opts.Kind() != reflect.Slice {
		return nil
	}
	want := reflect.ValueOf(value)
	labels := []string{}
	for i := range opts.Len() {
		o := opts.Index(i)
		key, val, sel := o.FieldByName("Key"), o.FieldByName("Value"), o.FieldByName("selected")
		if !key.IsValid() || !val.IsValid() {
			return nil
		}
		switch {
		case want.Kind() == reflect.Slice:
			if sel.IsValid() && sel.Bool() {
				labels = append(labels, key.String())
			}
		case val.Kind() == want.Kind() && val.Comparable() && sameValue(val, want):
			labels = append(labels, key.String())
		}
	}
	return labels
}

func sameValue(a, b reflect.Value) bool {
	switch a.Kind() {
	case reflect.String:
		return a.String() == b.String()
	case reflect.Bool:
		return a.Bool() == b.Bool()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return a.Int() == b.Int()
	}
	return false
}

// plainFormTheme draws a form's questions without borders or colour.
func plainFormTheme() huh.Theme {
	return huh.ThemeFunc(func(isDark bool) *huh.Styles {
		s := huh.ThemeBase(isDark)
		for _, fs := range []*huh.FieldStyles{&s.Focused, &s.Blurred} {
			fs.Base = lipgloss.NewStyle()
			fs.Card = fs.Base
			fs.Title = lipgloss.NewStyle()
			fs.Description = lipgloss.NewStyle()
		}
		return s
	})
}

// lineReader hands huh's prompts one line at a time (each reads through a
// buffer of its own, which would otherwise swallow the next answers), and
// turns an empty line into keep, the answer a field holds now.
type lineReader struct {
	r    io.Reader
	keep string
	eof  bool
	line []byte
}

func (l *lineReader) Read(p []byte) (int, error) {
	if len(l.line) == 0 {
		var b strings.Builder
		one := make([]byte, 1)
		for {
			n, err := l.r.Read(one)
			if n == 1 {
				b.WriteByte(one[0])
				if one[0] == '\n' {
					break
				}
			}
			if err != nil {
				if b.Len() == 0 {
					l.eof = true
					return 0, io.EOF
				}
				b.WriteByte('\n')
				break
			}
		}
		line := b.String()
		if strings.TrimSpace(line) == "" && l.keep != "" {
			line = l.keep + "\n"
		}
		l.line = []byte(line)
	}
	n := copy(p, l.line)
	l.line = l.line[n:]
	return n, nil
}

// safeWriter passes what the form writes through the terminal filter: a
// title or an answer may hold text from a person or a file.
type safeWriter struct{ w io.Writer }

func (s *safeWriter) Write(p []byte) (int, error) {
	if _, err := io.WriteString(s.w, ansi.Strip(termsafe.Filter(string(p)))); err != nil {
		return 0, err
	}
	return len(p), nil
}
