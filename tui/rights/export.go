package rights

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"unicode"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"filippo.io/age"

	"github.com/involve/involve/store"
	"github.com/involve/involve/tui/kit"
)

// ExportScreen shows everything held about a person, as their subject
// access export says it (what, why, where from, who it was shared with,
// how long it is kept, the records, their rights), and writes it to a
// private file. Nothing of it shows while the privacy screen is on.
type ExportScreen struct {
	c      *kit.Common
	id     string
	sa     store.SubjectAccess
	doc    string   // the export as markdown
	lines  []string // rendered for the width
	loaded bool
	gen    int
	top    int
	w, h   int
}

type exportLoadedMsg struct {
	to  *ExportScreen
	sa  store.SubjectAccess
	doc string
	err error
}

type exportRenderedMsg struct {
	to    *ExportScreen
	gen   int
	lines []string
	err   error
}

// NewExportScreen shows everything held about the person with this id.
func NewExportScreen(c *kit.Common, id string) *ExportScreen { return &ExportScreen{c: c, id: id} }

// Init gathers the export.
func (s *ExportScreen) Init() tea.Cmd {
	id := s.id
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), kit.DefaultTimeout)
		defer cancel()
		sa, err := s.c.Store.SubjectAccess(ctx, id)
		if err != nil {
			return exportLoadedMsg{to: s, err: err}
		}
		var b bytes.Buffer
		err = sa.WriteMarkdown(&b)
		return exportLoadedMsg{to: s, sa: sa, doc: b.String(), err: err}
	}
}

// Refresh gathers it again: a change saved meanwhile (in another session
// of involve serve too) shows.
func (s *ExportScreen) Refresh() tea.Cmd { return s.Init() }

// render sets the export out for the width, in a Cmd. It is not cached:
// it is personal data, and goes when the screen does.
func (s *ExportScreen) render() tea.Cmd {
	if !s.loaded {
		return nil
	}
	s.gen++
	gen, doc, w := s.gen, s.doc, max(20, s.w-2)
	style := s.c.Styles.MarkdownStyle()
	md := s.c.Markdown
	return func() tea.Msg {
		out, err := md.Render("", doc, w, style)
		return exportRenderedMsg{to: s, gen: gen, lines: strings.Split(out, "\n"), err: err}
	}
}

// Title names the screen.
func (s *ExportScreen) Title() string {
	if !s.loaded || s.c.Privacy {
		return "What we hold"
	}
	return "What we hold about " + s.c.Name(s.sa.Name, s.sa.Preferred)
}

// SetSize records the size; the export is set out again for a new width.
func (s *ExportScreen) SetSize(w, h int) { s.w, s.h = w, h }

// Help lists the keys.
func (s *ExportScreen) Help() [][]key.Binding {
	l, r := s.c.Keys.List, s.c.Keys.Rights
	return [][]key.Binding{{r.Save, s.c.Keys.Global.Back}, {l.Up, l.Down, l.PageUp, l.PageDown, l.Top, l.Bottom}}
}

// Update handles the keys.
func (s *ExportScreen) Update(msg tea.Msg) (kit.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case exportLoadedMsg:
		if msg.to != s {
			return s, nil
		}
		if msg.err != nil {
			return s, tea.Batch(kit.Pop(""), kit.Failed(msg.err))
		}
		s.sa, s.doc, s.loaded = msg.sa, msg.doc, true
		return s, s.render()
	case exportRenderedMsg:
		if msg.to != s || msg.gen != s.gen {
			return s, nil
		}
		if msg.err != nil {
			return s, kit.Failed(msg.err)
		}
		s.lines = msg.lines
		s.top = max(0, min(s.top, len(s.lines)-s.h))
	case tea.WindowSizeMsg, tea.BackgroundColorMsg:
		return s, s.render()
	case tea.KeyPressMsg:
		k := s.c.Keys
		page := max(1, s.h-2)
		switch {
		case key.Matches(msg, k.Rights.Save) && s.loaded:
			if s.c.Privacy {
				return s, s.c.PrivacyRefusal("write the export")
			}
			return s, s.saveForm()
		case key.Matches(msg, k.Global.Back):
			return s, kit.Pop("")
		default:
			if top, ok := kit.MoveCursor(k.List, msg, s.top, page, len(s.lines)); ok {
				s.top = max(0, min(top, len(s.lines)-s.h))
			}
		}
	}
	return s, nil
}

// View draws the export, or says it is hidden.
func (s *ExportScreen) View() string {
	st := s.c.Styles
	switch {
	case s.c.Privacy:
		return st.Subtle.Render("  What is held about them is hidden while the privacy screen is on (" + kit.KeyName(s.c.Keys.Global.Privacy) + ").")
	case !s.loaded || s.lines == nil:
		return st.Subtle.Render("  Gathering everything held about them…")
	}
	end := min(len(s.lines), s.top+s.h)
	return strings.Join(s.lines[s.top:end], "\n")
}

// exportForm is where the export is written, and how.
type exportForm struct {
	Path    string
	JSON    bool
	Encrypt bool
}

// saveForm asks where to write the export; it is written private (0600),
// encrypted for the backup keys when asked.
func (s *ExportScreen) saveForm() tea.Cmd {
	if s.c.Remote {
		return kit.Failed(kit.ErrRemoteFile)
	}
	home, _ := os.UserHomeDir()
	today := s.c.Now().In(store.London).Format("2006-01-02")
	suggested := filepath.Join(home, "what-we-hold-"+fileWord(s.sa.Name)+"-"+today+".md")
	v := &exportForm{}
	keys := store.DefaultRecipientsFile()
	_, err := os.Stat(keys)
	haveKeys := err == nil
	id := s.id
	name := s.c.Name(s.sa.Name, s.sa.Preferred)
	return kit.Push(kit.NewForm(s.c, kit.FormSpec{
		Title: "Write what we hold about " + name,
		Build: func() *huh.Form {
			fields := []huh.Field{
				kit.Suggest(s.c, huh.NewInput().Key("path").Title("File").Value(&v.Path).Validate(kit.NotBlank("the file to write")),
					&v.Path, func() string { return suggested }),
				huh.NewConfirm().Key("json").Title("Format").Affirmative("JSON").Negative("Markdown").Value(&v.JSON),
			}
			if haveKeys {
				fields = append(fields, huh.NewConfirm().Key("encrypt").
					Title("Encrypt it with age for the backup keys?").Description(keys).Value(&v.Encrypt))
			}
			return huh.NewForm(huh.NewGroup(fields...))
		},
		Snapshot: func() string { return fmt.Sprint(*v) },
		Save: func(ctx context.Context, st *store.Store) error {
			path := v.Path
			if v.JSON && strings.HasSuffix(path, ".md") {
				path = strings.TrimSuffix(path, ".md") + ".json"
			}
			var rs []age.Recipient
			if v.Encrypt {
				got, _, err := store.DefaultRecipients()
				if err != nil {
					return err
				}
				rs = got
				if !strings.HasSuffix(path, ".age") {
					path += ".age"
				}
			}
			v.Path = path
			return st.WriteSubjectAccessFile(ctx, id, path, v.JSON, rs)
		},
		Done: func() string {
			how := "private to you (mode 0600)"
			if v.Encrypt {
				how = "encrypted for the backup keys"
			}
			return "Wrote what we hold about " + name + " to " + v.Path + ", " + how + "."
		},
	}))
}

// fileWord makes a name fit for a file name: letters and digits, words
// joined by hyphens, in lower case.
func fileWord(s string) string {
	f := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	if len(f) == 0 {
		return "person"
	}
	return strings.Join(f, "-")
}
