package main

// End to end, the anthology in a real terminal: import a folder of
// stories, search, open a story through its content notes, scroll, quit,
// reopen at the same place; withdraw consent and check the story is gone
// from reading mode and from `involve stories show`.

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"
)

// e2eStoryParagraphs make a story long enough to scroll through.
var e2eStoryParagraphs = []string{
	"The first time I walked into the group I kept my coat on. I sat by the door so I could leave, and I told myself I was only there to get my worker off my back.",
	"Nobody asked me anything. Someone put a cup of tea in front of me and said the biscuits from Ravenscar were rubbish but free.",
	"I had lost my brother the winter before. I carried on as if carrying on was the same as living.",
	"It took me three months to take my coat off, and a year to say his name out loud in that room.",
	"Recovery is not a mountain you climb once. It is a path around the mountain. On foggy days you ring someone.",
}

func writeE2EStories(t *testing.T, dir string) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	var body []string
	for i := range 8 {
		for j, p := range e2eStoryParagraphs {
			body = append(body, "Part "+string(rune('A'+i))+string(rune('1'+j))+". "+p)
		}
	}
	files := map[string]string{
		"first-hill.md": `---
title: Climbing the first hill
slug: first-hill
themes: [recovery, bereavement]
content_notes: [overdose, bereavement]
status: approved
naming: first_name_area
author: Sam Carter
author_area: Northfield
consent: given
consent_date: "2026-01-05"
consent_how: written
uses: [forums, print]
---
# Climbing the first hill

` + strings.Join(body, "\n\n") + "\n",
		"long-way.md": `---
title: The long way back
slug: long-way
themes: [housing]
status: published
naming: pseudonym
pseudonym: Rowan
consent: given
consent_date: "2026-02-01"
uses: [forums, print]
---
When the council finally gave me the flat I sat on the floor for an hour because I had no chair.
`,
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

// storiesSandbox is a sandbox with a demo database holding the test
// stories too.
func storiesSandbox(t *testing.T) (sb *sandbox, db string) {
	t.Helper()
	sb = newSandbox(t)
	db = sb.path("involve.db")
	sb.mustRun(t, "demo", db)
	dir := sb.path("stories")
	writeE2EStories(t, dir)
	sb.mustRun(t, "stories", "import", dir, "--db", db)
	return sb, db
}

// readerBody is the part of the reader's screen under its rule: the
// story's text.
func readerBody(screen string) string {
	if _, body, ok := strings.Cut(screen, "\n────"); ok {
		return body
	}
	return ""
}

// scroll presses a key that scrolls the reader and waits until the text
// has moved, so that the next key, or a look at the screen, comes after it
// was handled however slowly.
func scroll(tm *term, b key.Binding) {
	tm.t.Helper()
	before := readerBody(tm.screen())
	tm.press(b)
	tm.waitFor("the story to scroll with "+b.Help().Key, func(s string) bool { return readerBody(s) != before })
}

// selectStoryE2E goes to the Stories section and finds a story with the
// list's filter, leaving the cursor on it.
func selectStoryE2E(tm *term, filter, title string) {
	tm.t.Helper()
	tm.press(keymap.Global.Stories)
	tm.waitScreen("Stories")
	tm.press(keymap.List.Filter)
	tm.typeText(filter)
	tm.press(keymap.List.AcceptFilter)
	tm.waitMatch(`(?m)^› ` + regexp.QuoteMeta(title))
}

// firstBodyLine is the first line of the story under the reader's rule.
func firstBodyLine(t *testing.T, screen string) string {
	t.Helper()
	lines := strings.Split(screen, "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, "────") && i+1 < len(lines) {
			for _, b := range lines[i+1:] {
				if strings.TrimSpace(b) != "" {
					return strings.TrimSpace(b)
				}
			}
		}
	}
	t.Fatalf("no story text under a rule on the screen:\n%s", screen)
	return ""
}

func TestE2EStoriesSearchReadResumeWithdraw(t *testing.T) {
	needTmux(t)
	t.Parallel()
	sb := newSandbox(t)
	if r := sb.run(t, "stories", "--help"); r.code != 0 || !strings.Contains(r.stdout, "involve stories") {
		t.Skip("the stories verbs are not built yet")
	}
	db := sb.path("involve.db")
	sb.mustRun(t, "demo", db)
	dir := sb.path("stories")
	writeE2EStories(t, dir)
	sb.mustRun(t, "stories", "import", dir, "--db", db)
	g, k, l := keymap.Global, keymap.Stories, keymap.List

	tm := sb.startApp(t, 100, 30, db)
	tm.press(g.Stories)
	tm.waitText("Climbing the first hill", "The long way back")

	// Search: the matched word is on screen, highlighted, with no marker bytes.
	tm.press(k.Search)
	tm.waitText("Search:")
	tm.typeText("ravenscar")
	tm.waitText("1 story matches", "Ravenscar")
	if esc := tm.screenEscapes(); strings.ContainsAny(esc, "\x02\x03") {
		t.Fatalf("the snippet's markers reached the terminal:\n%q", esc)
	}
	tm.keys("Enter")

	// The content notes come first.
	tm.waitText("This story mentions: overdose, bereavement.")
	tm.press(k.GoOn)
	tm.waitText("Climbing the first hill · Sam, Northfield", "min left")
	for _, b := range []key.Binding{k.PageDown, k.PageDown, k.PageDown, k.Down, k.Down} {
		scroll(tm, b)
	}
	scr := tm.waitMatch(`(?m)^ [1-9][0-9]?% · \d+ min left`)
	at := firstBodyLine(t, scr)
	if strings.Contains(at, "Climbing the first hill") {
		t.Fatalf("the reader did not scroll:\n%s", scr)
	}

	// Quit at once (before the position would be saved by the pause
	// after scrolling): quitting remembers it.
	tm.press(g.Quit)
	if status := tm.waitExit(); status != "0" {
		t.Fatalf("involve exited with status %s", status)
	}

	// Reopen: the story opens where it was left.
	tm = sb.startApp(t, 100, 30, db)
	selectStoryE2E(tm, "first hill", "Climbing the first hill")
	tm.press(l.Open)
	tm.waitText("This story mentions")
	tm.press(k.GoOn)
	scr = tm.waitText("min left")
	if got := firstBodyLine(t, scr); got != at {
		t.Fatalf("reopened at %q, want %q:\n%s", got, at, scr)
	}
	tm.esc()
	tm.waitMatch(`(?m)^› Climbing the first hill`)

	// Reading mode offers it; withdraw consent (asked first); it is gone.
	tm.press(k.ReadingMode)
	tm.waitText("Reading mode", "Climbing the first hill")
	tm.esc()
	tm.waitMatch(`(?m)^› Climbing the first hill`)
	tm.press(k.Withdraw)
	tm.waitText("Withdraw consent for “Climbing the first hill”?", "everywhere at once")
	tm.press(keymap.Confirm.Yes)
	tm.waitMatch(`Climbing the first hill .*✗ withdrawn`)
	tm.press(k.ReadingMode)
	scr = tm.waitText("Reading mode", "The long way back")
	if strings.Contains(scr, "Climbing the first hill") {
		t.Fatalf("reading mode still offers the withdrawn story:\n%s", scr)
	}
	tm.esc()
	tm.waitMatch(`Climbing the first hill .*✗ withdrawn`)
	tm.press(g.Quit)
	tm.waitExit()

	r := sb.run(t, "stories", "show", "first-hill", "--db", db)
	if r.code == 0 || !regexp.MustCompile(`(?i)withdrawn`).MatchString(r.stderr) {
		t.Fatalf("stories show of a withdrawn story: exit %d\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
	}
}

// TestE2EEditStoryText edits a story's text in "the editor" (a script that
// adds a paragraph): the app hands it the terminal, takes it back, saves
// the text as a new version, and the command line shows the new text.
func TestE2EEditStoryText(t *testing.T) {
	needTmux(t)
	t.Parallel()
	sb, db := storiesSandbox(t)
	editor := sb.path("editor")
	script := "#!/bin/sh\nprintf '\\nAn ending added in the editor.\\n' >> \"$1\"\n"
	if err := os.WriteFile(editor, []byte(script), 0o700); err != nil {
		t.Fatal(err)
	}
	sb.env = append(sb.env, "EDITOR="+editor)
	g, k := keymap.Global, keymap.Stories

	tm := sb.startApp(t, 100, 30, db)
	selectStoryE2E(tm, "long way", "The long way back")
	tm.press(k.EditText)
	tm.waitText("Saved the new text of “The long way back” (version 2).")
	tm.press(k.History)
	tm.waitText("read this version")
	tm.esc()
	tm.waitGone("read this version")
	tm.press(g.Quit)
	if status := tm.waitExit(); status != "0" {
		t.Fatalf("involve exited with status %s", status)
	}
	r := sb.mustRun(t, "stories", "show", "long-way", "--style", "plain", "--db", db)
	if !strings.Contains(r.stdout, "An ending added in the editor.") || !strings.Contains(r.stdout, "no chair") {
		t.Fatalf("stories show after the edit:\n%s", r.stdout)
	}
}

// TestE2EReadingModeWithdrawnAtTheCard is issue 9's first defect as it was
// found: in reading mode a story's content-notes card is open, its consent
// is withdrawn from another terminal (`involve stories withdraw`), enter is
// pressed: the story must not show. Then ctrl+c there asks before quitting,
// over a question that shows nothing of the story.
func TestE2EReadingModeWithdrawnAtTheCard(t *testing.T) {
	needTmux(t)
	t.Parallel()
	sb, db := storiesSandbox(t)
	g, k, l := keymap.Global, keymap.Stories, keymap.List

	tm := sb.startApp(t, 100, 30, db)
	tm.press(g.Stories)
	tm.waitScreen("Stories")
	tm.press(k.ReadingMode)
	tm.waitText("Reading mode", "Climbing the first hill", "The long way back")
	selectCardE2E(tm, "Climbing the first hill")
	tm.press(l.Open)
	tm.waitText("This story mentions: overdose, bereavement.")

	sb.mustRun(t, "stories", "withdraw", "first-hill", "--db", db)
	tm.press(k.GoOn)
	scr := tm.waitText("This story can no longer be read: its consent was withdrawn.")
	if strings.Contains(scr, "Part A1") || strings.Contains(scr, "Climbing the first hill") {
		t.Fatalf("the withdrawn story showed:\n%s", scr)
	}

	// ctrl+c asks; the question covers the story; no goes back to it.
	selectCardE2E(tm, "The long way back")
	tm.press(l.Open)
	tm.waitText("no chair")
	tm.press(g.ForceQuit)
	scr = tm.waitText("Quit involve?")
	for _, leak := range []string{"no chair", "The long way back", "Rowan", "1 Dashboard"} {
		if strings.Contains(scr, leak) {
			t.Fatalf("the quit question shows %q:\n%s", leak, scr)
		}
	}
	if d, _ := tm.dead(); d {
		t.Fatal("ctrl+c in reading mode quit without asking")
	}
	tm.press(keymap.Confirm.No)
	tm.waitText("no chair")
	tm.waitGone("Quit involve?")
	tm.press(g.ForceQuit)
	tm.waitText("Quit involve?")
	tm.press(keymap.Confirm.Yes)
	if status := tm.waitExit(); status != "0" {
		t.Fatalf("involve exited with status %s", status)
	}
}

// selectCardE2E moves reading mode's cursor down to the story with this
// title (the demo's own stories are there too).
func selectCardE2E(tm *term, title string) {
	tm.t.Helper()
	re := regexp.MustCompile(`(?m)┃ ` + regexp.QuoteMeta(title))
	tm.press(keymap.List.Top)
	// Wait for the cursor to be on the first card, so that no key is still
	// on its way when the loop below looks at the screen.
	tm.waitFor("the cursor on the first story", func(s string) bool {
		_, cards, _ := strings.Cut(s, "Reading mode ·")
		for _, line := range strings.Split(cards, "\n")[1:] {
			if strings.TrimSpace(line) != "" {
				return strings.Contains(line, "┃ ")
			}
		}
		return false
	})
	for range 20 {
		scr := tm.screen()
		if re.MatchString(scr) {
			return
		}
		tm.press(keymap.List.Down)
		tm.waitFor("the cursor to move down", func(s string) bool { return s != scr })
	}
	tm.t.Fatalf("reading mode does not offer %q:\n%s", title, tm.last)
}
