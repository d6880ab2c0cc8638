package tui

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"

	"github.com/involve/involve/store"
	"github.com/involve/involve/termsafe"
	"github.com/involve/involve/tui/kit"
)

// Editing a story's text happens in the user's own editor: the text is
// written to a private file, the editor takes over the terminal, and what
// comes back is saved as a new version (the old text stays in the
// history). Nothing is lost on the way: when the text cannot be saved, the
// file is kept and the status line says where.

// editorCommand is the editor to run on path: $VISUAL, else $EDITOR (either
// may carry arguments: "code -w"), else the first of nano and vi (notepad
// on Windows) that is installed.
func editorCommand(path string) (*exec.Cmd, error) {
	for _, env := range []string{"VISUAL", "EDITOR"} {
		if f := strings.Fields(os.Getenv(env)); len(f) > 0 {
			return exec.Command(f[0], append(f[1:], path)...), nil
		}
	}
	fallbacks := []string{"nano", "vi"}
	if runtime.GOOS == "windows" {
		fallbacks = []string{"notepad"}
	}
	for _, name := range fallbacks {
		if p, err := exec.LookPath(name); err == nil {
			return exec.Command(p, path), nil
		}
	}
	return nil, errors.New("there is no editor to write the story in: set EDITOR (for example EDITOR=nano) and try again")
}

// storyTextEditedMsg says the editor has closed.
type storyTextEditedMsg struct {
	story store.Story // as it was when the editor opened
	dir   string      // the private folder holding the file
	path  string
	err   error // the editor's own failure
	quick bool  // the editor came back at once
}

// quickEditor is how soon an editor that came back unchanged most likely
// opened a window of its own and did not wait for it to close. (A
// variable: tests set it.)
var quickEditor = time.Second

// waitHint is said when the editor came back at once with nothing changed.
const waitHint = " The editor closed straight away: if it opens a window of its own, make it wait (for example EDITOR=\"code -w\")."

// editStoryText loads the story, writes its text to a private file and
// opens the editor on it.
func editStoryText(c *kit.Common, id string) tea.Cmd {
	return kit.LoadThen(c, id, (*store.Store).Story, func(st store.Story) tea.Cmd {
		dir, err := os.MkdirTemp("", "involve-story-")
		if err != nil {
			return kit.Failed(fmt.Errorf("cannot make a file to edit the story in: %w", err))
		}
		name := st.Slug
		if name == "" {
			name = "story"
		}
		path := filepath.Join(dir, name+".md")
		if err := os.WriteFile(path, []byte(st.Body), 0o600); err != nil {
			os.RemoveAll(dir)
			return kit.Failed(fmt.Errorf("cannot make a file to edit the story in: %w", err))
		}
		cmd, err := editorCommand(path)
		if err != nil {
			os.RemoveAll(dir)
			return kit.Failed(err)
		}
		start := time.Now()
		return c.Exec(cmd, func(err error) tea.Msg {
			return storyTextEditedMsg{story: st, dir: dir, path: path, err: err, quick: time.Since(start) < quickEditor}
		})
	})
}

// saveEditedText reads what the editor left and saves it as the story's
// new text. The file goes once the text is saved, or when it holds the
// story as it was (unless the editor came back at once, and may still
// have it open in a window of its own).
func saveEditedText(c *kit.Common, msg storyTextEditedMsg) tea.Cmd {
	st, title := msg.story, termsafe.Line(msg.story.Title)
	kept := func(why string) tea.Cmd {
		return kit.Failed(fmt.Errorf("%s. Your text is kept in %s", why, msg.path))
	}
	data, err := os.ReadFile(msg.path)
	if err != nil {
		return kit.Failed(fmt.Errorf("cannot read the edited story, so “%s” was not changed: %w", title, err))
	}
	// A byte-order mark is no part of the text (the import drops it too).
	body := strings.TrimPrefix(string(data), "\ufeff")
	// Editors add a last newline, or write CRLF: that is no change.
	unchanged := utf8.ValidString(body) &&
		strings.TrimRight(termsafe.Clean(body), " \t\n") == strings.TrimRight(st.Body, " \t\n")
	if msg.err != nil {
		if unchanged {
			os.RemoveAll(msg.dir)
			return kit.Failed(fmt.Errorf("the editor stopped with an error (%v); “%s” was not changed", msg.err, title))
		}
		return kept(fmt.Sprintf("The editor stopped with an error (%v), so “%s” was not changed", msg.err, title))
	}
	if unchanged {
		if msg.quick {
			return kit.Status("No change to the text of “" + title + "”." + waitHint + " The file it has open is " + msg.path + ".")
		}
		os.RemoveAll(msg.dir)
		return kit.Status("No change to the text of “" + title + "”.")
	}
	if !utf8.ValidString(body) {
		return kept(fmt.Sprintf("The edited file is not UTF-8 text, so “%s” was not changed", title))
	}
	if len(body) > store.MaxStoryBytes {
		return kept(fmt.Sprintf("The edited story is longer than %d KB, so “%s” was not changed", store.MaxStoryBytes>>10, title))
	}
	if strings.TrimSpace(body) == "" {
		return kept(fmt.Sprintf("The edited story is empty, so “%s” was not changed (to take a story out of use, withdraw its consent with %s)", title, kit.KeyName(c.Keys.Stories.Withdraw)))
	}
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), kit.DefaultTimeout)
		defer cancel()
		edited := st
		edited.Body = body
		if err := c.Store.SaveStory(ctx, &edited); err != nil {
			if errors.Is(err, store.ErrConflict) {
				return kit.StatusMsg{Text: fmt.Sprintf("“%s” was changed elsewhere while you edited it, so your text was not saved over it. Your text is kept in %s", title, msg.path), Err: true}
			}
			return kit.StatusMsg{Text: fmt.Sprintf("“%s” was not changed: %s. Your text is kept in %s", title, kit.ErrText(err), msg.path), Err: true}
		}
		os.RemoveAll(msg.dir)
		text := fmt.Sprintf("Saved the new text of “%s” (version %d).", title, edited.Version)
		if st.TextApproved != "" {
			text += " The author approved the earlier text (" + st.TextApproved + "): ask them about this change."
		}
		return kit.ChangedMsg{Status: text}
	}
}

// newStoryTemplate is what a new story starts as: the front matter that
// `involve stories import` reads, with what each key takes.
const newStoryTemplate = `---
# A new story. Give it a title, write the story below the second ---,
# then save and close the editor. The details and consent can be changed
# afterwards too (e in the library).
title:
summary:
themes: []          # for example [recovery, family]
content_notes: []   # what readers should know first, for example [overdose, bereavement]
status: draft       # draft, approved or published
naming: anonymous   # full_name, first_name, first_name_area, pseudonym or anonymous
author:
consent: not_asked  # not_asked, given or withdrawn
consent_date:       # YYYY-MM-DD, once consent is given or withdrawn
consent_how:        # written or verbal
uses: []            # what the author agreed to: forums, print, training, online
---

`

// storyNewEditedMsg says the editor has closed on a new story.
type storyNewEditedMsg struct {
	dir, path string
	err       error
	quick     bool // the editor came back at once
}

// storyAddedMsg says a new story was added: the library shows it, under
// the cursor.
type storyAddedMsg struct{}

// newStoryKeptMsg says a new story could not be added, and why: its file
// is kept, and the next n opens it again.
type newStoryKeptMsg struct{ path, why string }

// newStory opens the editor on a new story: the file kept from the last
// try, if one was not added, else the template.
func newStory(c *kit.Common, kept string) tea.Cmd {
	path := kept
	if _, err := os.Stat(path); path == "" || err != nil {
		dir, err := os.MkdirTemp("", "involve-story-")
		if err != nil {
			return kit.Failed(fmt.Errorf("cannot make a file to write the story in: %w", err))
		}
		path = filepath.Join(dir, "new-story.md")
		if err := os.WriteFile(path, []byte(newStoryTemplate), 0o600); err != nil {
			os.RemoveAll(dir)
			return kit.Failed(fmt.Errorf("cannot make a file to write the story in: %w", err))
		}
	}
	dir := filepath.Dir(path)
	cmd, err := editorCommand(path)
	if err != nil {
		if kept == "" {
			os.RemoveAll(dir)
		}
		return kit.Failed(err)
	}
	start := time.Now()
	return c.Exec(cmd, func(err error) tea.Msg {
		return storyNewEditedMsg{dir: dir, path: path, err: err, quick: time.Since(start) < quickEditor}
	})
}

// addNewStory imports what the editor left, as `involve stories import`
// would: all checked, FILE:LINE for what is wrong.
func addNewStory(c *kit.Common, msg storyNewEditedMsg) tea.Cmd {
	keep := func(err error) tea.Msg {
		// The import's errors name the file by its full path, and start
		// with a line of their own: one line, naming the file by its name.
		// The import's errors start with a line of their own and name the
		// file by its full path: one line, naming it by its name, with
		// where it is at the end.
		why := strings.TrimPrefix(err.Error(), "nothing was imported:\n")
		why = strings.Join(strings.Fields(strings.ReplaceAll(why, msg.path, filepath.Base(msg.path))), " ")
		return newStoryKeptMsg{path: msg.path, why: why + " (the file is " + msg.path + ")"}
	}
	return func() tea.Msg {
		if msg.err != nil {
			return keep(fmt.Errorf("the editor stopped with an error (%v)", msg.err))
		}
		data, err := os.ReadFile(msg.path)
		if err != nil {
			return kit.StatusMsg{Text: "The story was not added: " + kit.ErrText(err), Err: true}
		}
		if string(data) == newStoryTemplate {
			if msg.quick {
				return newStoryKeptMsg{path: msg.path, why: "nothing was written." + waitHint + " (The file it has open is " + msg.path + ".)"}
			}
			os.RemoveAll(msg.dir)
			return kit.StatusMsg{Text: "Nothing was written, so no story was added."}
		}
		ctx, cancel := context.WithTimeout(context.Background(), kit.DefaultTimeout)
		defer cancel()
		if _, err := c.Store.ImportStories(ctx, msg.path); err != nil {
			return keep(err)
		}
		os.RemoveAll(msg.dir)
		return storyAddedMsg{}
	}
}
