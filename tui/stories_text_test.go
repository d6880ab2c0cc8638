package tui

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/involve/involve/store"
)

// fakeEditor makes EDITOR a script that runs sh code on the file ($1), and
// has the harness run the editor at once instead of handing it the terminal.
func fakeEditor(t *testing.T, h *harness, code string) {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("the stand-in editor is a shell script")
	}
	script := filepath.Join(t.TempDir(), "editor")
	if err := os.WriteFile(script, []byte("#!/bin/sh\n"+code+"\n"), 0o700); err != nil {
		t.Fatal(err)
	}
	t.Setenv("VISUAL", "")
	t.Setenv("EDITOR", script)
	t.Setenv("TMPDIR", t.TempDir()) // the files the app writes for the editor go here
	h.m.Common().Exec = func(cmd *exec.Cmd, done tea.ExecCallback) tea.Cmd {
		return func() tea.Msg { return done(cmd.Run()) }
	}
}

// editedFile is the path the status line says the text is kept in.
func editedFile(t *testing.T, h *harness) string {
	t.Helper()
	_, after, ok := strings.Cut(h.m.status, "kept in ")
	if !ok {
		t.Fatalf("the status does not say where the text is kept: %q", h.m.status)
	}
	return after
}

func TestEditStoryTextSavesANewVersion(t *testing.T) {
	h, lib, stories := openStories(t)
	st := stories[stHill]
	fakeEditor(t, h, `printf 'A line added at the end.\n' >> "$1"`)
	selectStory(t, lib, stHill)
	h.press(h.keys().Stories.EditText)
	h.wantScreen("Saved the new text of “" + stHill + "”")
	got, err := h.s.Story(bg(), st.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Body != st.Body+"A line added at the end.\n" || got.Version != st.Version+1 {
		t.Fatalf("after editing: version %d, body %q", got.Version, got.Body)
	}
	vs, err := h.s.StoryVersions(bg(), st.ID)
	if err != nil || len(vs) == 0 || vs[0].Body != st.Body {
		t.Fatalf("the earlier text is not in the history: %v %+v", err, vs)
	}
	// The temporary file went with the save.
	if matches, _ := filepath.Glob(filepath.Join(os.TempDir(), "involve-story-*")); len(matches) > 0 {
		t.Errorf("the edited file was left behind: %v", matches)
	}
}

func TestEditStoryTextFromTheReader(t *testing.T) {
	h, lib, stories := openStories(t)
	fakeEditor(t, h, `printf '\nWritten in the reader.\n' >> "$1"`)
	r := openStory(t, h, lib, stHill)
	h.press(h.keys().Stories.EditText)
	h.wantScreen("Saved the new text")
	if activeAs[*ReaderScreen](h) != r {
		t.Fatal("the reader was left")
	}
	h.press(h.keys().Stories.Bottom)
	h.wantScreen("Written in the reader.")
	if got, _ := h.s.Story(bg(), stories[stHill].ID); !strings.Contains(got.Body, "Written in the reader.") {
		t.Fatalf("body %q", got.Body)
	}
}

func TestEditStoryTextUnchangedSavesNothing(t *testing.T) {
	h, lib, stories := openStories(t)
	// An editor that only adds a last newline, or writes CRLF, changes nothing.
	fakeEditor(t, h, `printf '\n' >> "$1"; sed 's/$/\r/' "$1" > "$1.tmp" && mv "$1.tmp" "$1"`)
	selectStory(t, lib, stHill)
	h.press(h.keys().Stories.EditText)
	h.wantScreen("No change to the text")
	if !strings.Contains(h.m.status, "make it wait") || !strings.Contains(h.m.status, "The file it has open is ") {
		t.Errorf("an editor that came back at once got no hint: %q", h.m.status)
	}
	if got, _ := h.s.Story(bg(), stories[stHill].ID); got.Version != stories[stHill].Version {
		t.Fatalf("version %d, want %d", got.Version, stories[stHill].Version)
	}
}

func TestEditStoryTextKeepsTheFileWhenItCannotSave(t *testing.T) {
	for name, tc := range map[string]struct {
		code, want string
		meanwhile  bool
	}{
		"not UTF-8":         {code: `printf '\377\376 broken\n' >> "$1"`, want: "is not UTF-8 text"},
		"empty":             {code: `: > "$1"`, want: "is empty"},
		"editor failed":     {code: `printf 'half a thought' >> "$1"; exit 3`, want: "The editor stopped with an error"},
		"changed meanwhile": {code: `printf 'My version.\n' >> "$1"`, want: "was changed elsewhere", meanwhile: true},
	} {
		t.Run(name, func(t *testing.T) {
			h, lib, stories := openStories(t)
			st := stories[stHill]
			fakeEditor(t, h, tc.code)
			if tc.meanwhile {
				// Another copy of the app saves the story while the editor is open.
				run := h.m.Common().Exec
				h.m.Common().Exec = func(cmd *exec.Cmd, done tea.ExecCallback) tea.Cmd {
					other := st
					other.Summary = "Changed elsewhere."
					if err := h.s.SaveStory(bg(), &other); err != nil {
						t.Fatal(err)
					}
					return run(cmd, done)
				}
			}
			selectStory(t, lib, stHill)
			h.press(h.keys().Stories.EditText)
			h.wantScreen(tc.want)
			path := editedFile(t, h)
			if _, err := os.Stat(path); err != nil {
				t.Fatalf("the text was not kept: %v", err)
			}
			os.RemoveAll(filepath.Dir(path))
			got, _ := h.s.Story(bg(), st.ID)
			if got.Body != st.Body {
				t.Fatalf("the story's text changed: %q", got.Body)
			}
		})
	}
}

func TestEditorCommand(t *testing.T) {
	t.Setenv("VISUAL", "")
	t.Setenv("EDITOR", "code -w")
	cmd, err := editorCommand("/tmp/x.md")
	if err != nil || strings.Join(cmd.Args, " ") != "code -w /tmp/x.md" {
		t.Fatalf("EDITOR with arguments: %v %v", cmd, err)
	}
	t.Setenv("VISUAL", "myvisual")
	if cmd, _ := editorCommand("/tmp/x.md"); cmd.Args[0] != "myvisual" {
		t.Fatalf("VISUAL does not come first: %v", cmd.Args)
	}
	t.Setenv("VISUAL", "")
	t.Setenv("EDITOR", "")
	t.Setenv("PATH", t.TempDir())
	if _, err := editorCommand("/tmp/x.md"); err == nil || !strings.Contains(err.Error(), "set EDITOR") {
		t.Fatalf("no editor at all: %v", err)
	}
}

func TestNewStoryInTheEditor(t *testing.T) {
	h, lib, _ := openStories(t)
	before := lib.count
	// The stand-in editor fills in the template: a title, and the story.
	fakeEditor(t, h, `sed -i.bak 's/^title:$/title: Written in the app/' "$1" && printf 'I wrote this one on the laptop, at the forum.\n' >> "$1"`)
	h.press(h.keys().Record.New)
	h.wantScreen("Added the new story.", "Written in the app")
	if lib.count != before+1 {
		t.Fatalf("%d stories listed, want %d", lib.count, before+1)
	}
	if row, ok := lib.list.Selected(); !ok || !strings.Contains(strings.Join(row.Cells, " "), "Written in the app") {
		t.Fatalf("the cursor is not on the new story: %+v", row)
	}
	st, err := h.s.Story(bg(), "written-in-the-app")
	if err != nil || st.Status != store.StoryDraft || st.Consent != store.ConsentNotAsked || !strings.Contains(st.Body, "at the forum") {
		t.Fatalf("the new story: %+v (%v)", st, err)
	}
}

func TestNewStoryLeftEmptyAddsNothing(t *testing.T) {
	h, lib, _ := openStories(t)
	before := lib.count
	fakeEditor(t, h, `true`)
	notQuick(t)
	h.press(h.keys().Record.New)
	h.wantScreen("Nothing was written, so no story was added.")
	if lib.count != before {
		t.Fatalf("%d stories, want %d", lib.count, before)
	}
	// An editor that comes back at once may have the template open in a
	// window of its own: the file stays, and n goes back to it.
	quickEditor = time.Hour
	h.press(h.keys().Record.New)
	h.wantScreen("Not added (n goes back to it): nothing was written.")
	_, path, _ := strings.Cut(h.m.status, "The file it has open is ")
	path = strings.TrimSuffix(path, ".)")
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("the template the editor has open was removed: %v", err)
	}
	os.RemoveAll(filepath.Dir(path))
}

// notQuick makes every editor count as one that waited.
func notQuick(t *testing.T) {
	old := quickEditor
	quickEditor = 0
	t.Cleanup(func() { quickEditor = old })
}

func TestEditStoryTextIgnoresAByteOrderMark(t *testing.T) {
	h, lib, stories := openStories(t)
	fakeEditor(t, h, `printf '\357\273\277' > "$1.tmp" && cat "$1" >> "$1.tmp" && mv "$1.tmp" "$1"`)
	notQuick(t)
	selectStory(t, lib, stHill)
	h.press(h.keys().Stories.EditText)
	if !strings.Contains(h.m.status, "No change to the text") {
		t.Fatalf("status %q", h.m.status)
	}
	if got, _ := h.s.Story(bg(), stories[stHill].ID); got.Version != stories[stHill].Version || strings.HasPrefix(got.Body, "\ufeff") {
		t.Fatalf("a byte-order mark made a new version: %d %q", got.Version, got.Body[:10])
	}
}

func TestEditStoryTextEditorFailingWithoutChangesLeavesNoFile(t *testing.T) {
	h, lib, _ := openStories(t)
	fakeEditor(t, h, `exit 1`)
	selectStory(t, lib, stHill)
	h.press(h.keys().Stories.EditText)
	h.wantScreen("the editor stopped with an error")
	if strings.Contains(h.m.status, "kept in") {
		t.Fatalf("a file holding only the old text was kept: %q", h.m.status)
	}
}

func TestNewStoryWithAMistakeIsKeptForTheNextTry(t *testing.T) {
	h, _, _ := openStories(t)
	fakeEditor(t, h, `sed -i.bak -e 's/^title:$/title: Second go/' -e 's/^consent: not_asked/consent: yes/' "$1" && printf 'Text.\n' >> "$1"`)
	h.press(h.keys().Record.New)
	h.wantScreen("Not added (n goes back to it): new-story.md:12: consent")
	if !strings.Contains(h.m.status, "(the file is /") {
		t.Errorf("the status does not say where the file is: %q", h.m.status)
	}
	if _, err := h.s.Story(bg(), "second-go"); err == nil {
		t.Fatal("a story with a bad consent value was added")
	}
	// n opens the same file again, with what was written: fixed, it goes in.
	fakeEditor(t, h, `grep -q '^title: Second go' "$1" && sed -i.bak 's/^consent: yes/consent: not_asked/' "$1"`)
	h.press(h.keys().Record.New)
	h.wantScreen("Added the new story.")
	if _, err := h.s.Story(bg(), "second-go"); err != nil {
		t.Fatalf("the fixed story was not added: %v", err)
	}
}
