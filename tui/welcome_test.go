package tui

import (
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// Issue 9, 12: the welcome listed sections 1–4 only. It lists every
// section, with its key, from the sections themselves.
func TestWelcomeListsEverySection(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		h := newHarness(t, withSize(size[0], size[1]), func(c *harnessConfig) { c.opt.Welcome = true })
		activeAs[*Welcome](h)
		keys := sectionKeys(h.keys())
		for i, name := range sectionNames {
			h.wantScreen(keys[i].Help().Key + " " + name)
		}
		h.wantScreen("Welcome to involve", "Press enter to start.")
		for _, l := range h.lines() {
			if w := ansi.StringWidth(l); w > size[0] {
				t.Errorf("%dx%d: a line is %d wide: %q", size[0], size[1], w, l)
			}
		}
		h.press(h.keys().List.Open)
		activeAs[*Dashboard](h)
	}
}
