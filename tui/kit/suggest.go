package kit

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
)

// Suggested is a text field that starts with a suggestion: a default worked
// out for the user (today's date, the forum's usual time, the firm booked
// last), not a value the record holds. Until it is touched it behaves as
// selected text does, and is drawn so: the first character typed (or a
// paste) replaces it, backspace clears it, tab or enter takes it as it is,
// and an arrow key (or ctrl+e) keeps it to be edited. A suggestion worked
// out from other fields (a forum's usual time) follows them until then.
//
// Every form field with a default is one of these (made with Suggest), so
// that a default is never typed onto: "13:00" and "1pm" never make
// "13:001pm". A record's own stored value is edited as any text is.
type Suggested struct {
	*huh.Input
	c       *Common
	value   *string
	suggest func() string
	pending bool          // untouched: still the suggestion
	moves   []key.Binding // the form's keys to the next or previous field
}

// Suggest makes in, bound to value, a field holding a suggestion. When
// value is empty it is set to suggestion(); when it already holds something
// else (a stored value, or what was typed before a failed save), in is
// edited as usual. A nil suggestion leaves in as it is: call Suggest with
// nil when the record has a value of its own.
func Suggest(c *Common, in *huh.Input, value *string, suggestion func() string) huh.Field {
	if suggestion == nil {
		return in
	}
	s := &Suggested{Input: in, c: c, value: value, suggest: suggestion}
	if v := suggestion(); *value == "" || *value == v {
		s.pending = true
		s.set(v)
	}
	return s
}

// Pending reports whether the field still holds its suggestion, untouched.
func (s *Suggested) Pending() bool { return s.pending }

// set puts v in the field and the value it is bound to.
func (s *Suggested) set(v string) {
	*s.value = v
	s.Input.Value(s.value) // the text input takes the value again
}

// printable reports whether a key types a character (not a control key).
func printable(msg tea.KeyPressMsg) bool {
	return msg.Text != "" && msg.Mod&(tea.ModCtrl|tea.ModAlt|tea.ModMeta|tea.ModSuper|tea.ModHyper) == 0
}

// Update replaces, clears, takes or keeps the suggestion on the first key,
// then is the text field's.
func (s *Suggested) Update(msg tea.Msg) (huh.Model, tea.Cmd) {
	if s.pending {
		switch msg := msg.(type) {
		case tea.KeyPressMsg:
			switch k := s.c.Keys.Form; {
			case key.Matches(msg, s.moves...):
				// Taken as it is (and still a suggestion if they come back).
			case key.Matches(msg, k.ClearSuggestion):
				s.pending = false
				s.set("")
				return s, nil
			case key.Matches(msg, k.EditSuggestion):
				s.pending = false // kept, to be edited: the arrow moves in it
			case printable(msg):
				s.pending = false
				s.set("") // and the key types the first character
			default:
				s.pending = false // any other key edits it as it is
			}
		case tea.PasteMsg:
			s.pending = false
			s.set("")
		default:
			if v := s.suggest(); v != *s.value {
				s.set(v) // what it is worked out from changed
			}
		}
	}
	_, cmd := s.Input.Update(msg)
	return s, cmd
}

// WithKeyMap notes the keys that move between fields (they take the
// suggestion) and gives the field its keys.
func (s *Suggested) WithKeyMap(k *huh.KeyMap) huh.Field {
	s.moves = []key.Binding{k.Input.Next, k.Input.Prev, k.Input.Submit}
	s.Input.WithKeyMap(k)
	return s
}

// WithTheme draws the field as the form does, but its untouched suggestion
// as selected text, while it has the focus.
func (s *Suggested) WithTheme(t huh.Theme) huh.Field {
	s.Input.WithTheme(huh.ThemeFunc(func(isDark bool) *huh.Styles {
		st := t.Theme(isDark)
		if !s.pending || *s.value == "" {
			return st
		}
		marked := *st
		marked.Focused.TextInput.Text = s.c.Styles.Selected
		return &marked
	}))
	return s
}

// KeyBinds are the text field's keys, and, while it holds its suggestion,
// the keys that clear it or keep it to edit.
func (s *Suggested) KeyBinds() []key.Binding {
	binds := s.Input.KeyBinds()
	if s.pending && *s.value != "" {
		binds = append(binds, s.c.Keys.Form.ClearSuggestion, s.c.Keys.Form.EditSuggestion)
	}
	return binds
}
