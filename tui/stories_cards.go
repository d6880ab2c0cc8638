package tui

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/involve/involve/tui/kit"
)

// cardList is a list of several-line entries — search hits with their
// snippets, the stories offered in reading mode — with a cursor and
// scrolling. The cards' lines are styled and fitted to the width before
// they are given to it, so View only slices them.
type cardList struct {
	c      *kit.Common
	cards  [][]string
	cursor int
	offset int
	height int
	gap    int // blank lines between cards
}

// SetCards replaces the cards, keeping the cursor where it was if it can.
func (l *cardList) SetCards(cards [][]string) {
	l.cards = cards
	l.clamp()
}

// SetHeight sets how many lines the list draws in (in accessible mode, the
// last says which story the cursor is on).
func (l *cardList) SetHeight(h int) {
	if l.c.Styles.Accessible {
		h--
	}
	l.height = max(1, h)
	l.clamp()
}

// Len is how many cards there are.
func (l *cardList) Len() int { return len(l.cards) }

// Cursor is the index of the selected card.
func (l *cardList) Cursor() int { return l.cursor }

// SetCursor puts the cursor on card i.
func (l *cardList) SetCursor(i int) {
	l.cursor = i
	l.clamp()
}

// Reset puts the cursor back on the first card.
func (l *cardList) Reset() { l.cursor, l.offset = 0, 0 }

func (l *cardList) size(i int) int { return len(l.cards[i]) + l.gap }

func (l *cardList) clamp() {
	l.cursor = max(0, min(l.cursor, len(l.cards)-1))
	if l.offset > l.cursor {
		l.offset = l.cursor
	}
	l.offset = max(0, l.offset)
	// Move the top down until the selected card fits.
	for l.offset < l.cursor {
		used := 0
		for i := l.offset; i <= l.cursor; i++ {
			used += l.size(i)
		}
		if used-l.gap <= l.height {
			break
		}
		l.offset++
	}
}

// Move handles ↑/↓, page up/down and first/last; it reports whether the
// key was one of those.
func (l *cardList) Move(msg tea.KeyPressMsg) bool {
	page := 1
	if len(l.cards) > 0 {
		page = max(1, l.height/max(1, l.size(0)))
	}
	cursor, ok := kit.MoveCursor(l.c.Keys.List, msg, l.cursor, page, len(l.cards))
	if !ok {
		return false
	}
	l.cursor = cursor
	l.clamp()
	return true
}

// View draws the cards that fit, the selected one with a bar beside it.
// indent is put before every line.
func (l *cardList) View(indent string) string {
	st := l.c.Styles
	bar := st.Cursor.Render("┃") + " "
	if st.Accessible {
		bar = st.Cursor.Render(st.CursorMark()) + " "
	}
	out := make([]string, 0, l.height+8)
	for i := l.offset; i < len(l.cards) && len(out) < l.height; i++ {
		if i > l.offset {
			for range l.gap {
				out = append(out, "")
			}
		}
		mark := "  "
		if i == l.cursor {
			mark = bar
		}
		for _, line := range l.cards[i] {
			out = append(out, indent+mark+line)
		}
	}
	if len(out) > l.height {
		out = out[:l.height]
	}
	if l.c.Styles.Accessible && len(l.cards) > 0 {
		for len(out) < l.height {
			out = append(out, "")
		}
		out = append(out, fmt.Sprintf("Story %d of %d.", l.cursor+1, len(l.cards)))
	}
	return strings.Join(out, "\n")
}
