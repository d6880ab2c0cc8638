package kit

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"golang.org/x/text/unicode/norm"
)

// Column describes one column of a List.
type Column struct {
	Title string
	Width int // fixed width in cells; 0 shares what is left with other 0 columns
	Right bool
	// Min, when set, is how far a fixed column may narrow on a small
	// screen so that the shared columns (names) stay readable.
	Min int
}

// Row is one line of a List. Build rows with NewRow, inside a Cmd when there
// are many: it prepares the text that filtering searches.
type Row struct {
	ID     string
	Cells  []string
	Masked []string // shown instead of Cells while the privacy screen is on
	Tone   Tone     // colours the whole row
	// PrivateTone says the tone tells something private (someone is over a
	// payment threshold): while the privacy screen is on, the row is plain.
	PrivateTone bool
	search      string
}

// Tone colours a row to draw the eye.
type Tone int

// The row tones.
const (
	ToneNormal Tone = iota
	ToneGood
	ToneWarn
	ToneBad
	ToneFaint
)

// AlsoFind makes the filter find the row by text it does not show (a full
// name where the preferred one shows, a story's themes).
func (r *Row) AlsoFind(text string) { r.search += " " + searchText(text) }

// Matches reports whether the filter finds the row with query.
func (r Row) Matches(query string) bool {
	return matches(r.search, strings.Fields(foldQuery(strings.TrimSpace(query))))
}

// NewRow builds a row; masked may be nil when the row shows nothing private.
func NewRow(id string, cells, masked []string) Row {
	return Row{ID: id, Cells: cells, Masked: masked, search: searchText(strings.Join(cells, " "))}
}

// Fold lowers a string and strips accents so that "jose" finds "José", and
// drops apostrophes and hyphens so that "oconnor" and "o connor" find
// O'Connor, and "annmarie" finds Ann-Marie.
func Fold(s string) string { return fold(s, true) }

// foldQuery folds what is typed into a find as Fold does, but keeps an
// apostrophe or hyphen typed (as a straight one): "o'b" finds O'Brien, not
// Roberts. A row's search text holds its text both ways (searchText).
func foldQuery(s string) string { return fold(s, false) }

// searchText is what find searches in a row's text: folded with its
// apostrophes and hyphens dropped, and, when it has any, kept too.
func searchText(s string) string {
	f := Fold(s)
	if k := foldQuery(s); k != f {
		return f + " " + k
	}
	return f
}

func fold(s string, drop bool) string {
	plain := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 0x80 || drop && (c == '\'' || c == '-') {
			plain = false
			break
		}
	}
	if plain {
		return strings.ToLower(s)
	}
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		if j := joiner(r); j != 0 {
			if !drop {
				b.WriteRune(j)
			}
			continue
		}
		if plain, ok := unaccented[unicode.ToLower(r)]; ok {
			b.WriteString(plain)
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// joiner is, for a rune that joins the parts of a name (O'Connor,
// Ann-Marie), the straight apostrophe or hyphen it stands for, and 0 for
// any other rune.
func joiner(r rune) rune {
	switch r {
	case '\'', '’', '‘', 'ʼ':
		return '\''
	case '-', '‐', '‑':
		return '-'
	}
	return 0
}

// unaccented holds the letters that carry their accent in the letter itself
// (no combining mark to drop), as a person typing without it would write
// them: Łukasz is found by "lukasz", Søren by "soren". And curly double
// quotes are found by straight ones.
var unaccented = map[rune]string{
	'ł': "l", 'ø': "o", 'đ': "d", 'ð': "d", 'ħ': "h", 'ı': "i", 'ŀ': "l", 'ŧ': "t",
	'ß': "ss", 'æ': "ae", 'œ': "oe", 'þ': "th",
	'“': `"`, '”': `"`,
}

// List is the one list widget: a table of rows with a cursor, scrolling and
// type-to-filter. Every list in the app is one of these.
type List struct {
	c       *Common
	cols    []Column
	widths  []int
	rows    []Row
	view    []int // indexes into rows that match the filter
	cursor  int   // index into view
	offset  int
	width   int
	height  int
	input   textinput.Model
	finding bool   // the filter field has the focus
	applied string // the folded filter in force
	Empty   string // shown when there are no rows at all
	Loaded  bool   // false until the first SetRows: "Loading…" is shown
}

// NewList makes an empty list with these columns.
func NewList(c *Common, cols ...Column) *List {
	in := textinput.New()
	in.Prompt = "/ "
	in.Placeholder = "type to find"
	in.SetStyles(textinput.DefaultStyles(c.Styles.IsDark))
	return &List{c: c, cols: cols, input: in, Empty: "Nothing here yet."}
}

// SetRows replaces the rows, keeping the cursor on the same record when it
// is still there, and reapplies the filter.
func (l *List) SetRows(rows []Row) {
	keep := ""
	if r, ok := l.Selected(); ok {
		keep = r.ID
	}
	l.rows = rows
	l.Loaded = true
	l.refilter(true)
	if keep != "" {
		l.Select(keep)
	}
}

// Rows is every row, filtered or not.
func (l *List) Rows() []Row { return l.rows }

// UpdateRow replaces the row with the same ID, in place.
func (l *List) UpdateRow(r Row) {
	for i := range l.rows {
		if l.rows[i].ID == r.ID {
			l.rows[i] = r
			return
		}
	}
}

// Select moves the cursor to the row with this ID, if it is shown.
func (l *List) Select(id string) bool {
	for i, ri := range l.view {
		if l.rows[ri].ID == id {
			l.cursor = i
			l.clamp()
			return true
		}
	}
	return false
}

// Selected is the row under the cursor.
func (l *List) Selected() (Row, bool) {
	if l.cursor < 0 || l.cursor >= len(l.view) {
		return Row{}, false
	}
	return l.rows[l.view[l.cursor]], true
}

// Shown is the i-th row the filter lets through.
func (l *List) Shown(i int) Row { return l.rows[l.view[i]] }

// Cursor is where the cursor is among the rows the filter lets through.
func (l *List) Cursor() int { return l.cursor }

// SetCursor puts the cursor on the i-th row the filter lets through (or as
// near as there is).
func (l *List) SetCursor(i int) {
	l.cursor = i
	l.clamp()
}

// Len is how many rows the filter lets through.
func (l *List) Len() int { return len(l.view) }

// Finding reports whether the filter field has the focus.
func (l *List) Finding() bool { return l.finding }

// Filtered reports whether a filter is in force.
func (l *List) Filtered() bool { return l.applied != "" }

// ClearFilter removes the filter and closes the filter field.
func (l *List) ClearFilter() {
	l.input.SetValue("")
	l.input.Blur()
	l.finding = false
	l.applied = ""
	l.refilter(true)
}

// SetSize sets the area the list draws in (header and filter line included).
func (l *List) SetSize(w, h int) {
	l.width, l.height = w, h
	// The field draws prompt + width + a cursor cell; leave room after it
	// for the " N of M" count, which was otherwise cut off.
	l.input.SetWidth(max(10, w-4-len(" 99999 of 99999")))
	fixed, flex := 0, 0
	l.widths = make([]int, len(l.cols))
	for i, c := range l.cols {
		if c.Width == 0 {
			flex++
		}
		fixed += c.Width
		l.widths[i] = c.Width
	}
	avail := w - 2 - 2*(len(l.cols)-1) - fixed
	// On a narrow screen the columns that may give way (Min) do, before a
	// shared column (a name) gets too narrow to read.
	for avail < minShared*flex {
		widest, room := -1, 0
		for i, c := range l.cols {
			if c.Width == 0 || c.Min == 0 {
				continue
			}
			if r := l.widths[i] - c.Min; r > room {
				widest, room = i, r
			}
		}
		if widest < 0 {
			break
		}
		l.widths[widest]--
		avail++
	}
	for i, c := range l.cols {
		if c.Width == 0 && flex > 0 {
			l.widths[i] = max(6, avail/flex)
		}
	}
	l.clamp()
}

// minShared is how narrow a shared column (Width 0) gets before the fixed
// text columns beside it give way.
const minShared = 16

// BodyHeight is how many lines the rows have (less the column titles and
// the filter line).
func (l *List) BodyHeight() int {
	h := l.height - 1 // column titles
	if l.finding || l.applied != "" {
		h-- // filter line
	}
	if l.c.Styles.Accessible {
		h-- // "Row 3 of 12"
	}
	return max(1, h)
}

func (l *List) refilter(full bool) {
	q := l.applied
	terms := strings.Fields(q)
	var from []int
	if !full && l.view != nil {
		from = l.view
	}
	out := make([]int, 0, len(l.rows))
	if from == nil {
		for i := range l.rows {
			if matches(l.rows[i].search, terms) {
				out = append(out, i)
			}
		}
	} else {
		for _, i := range from {
			if matches(l.rows[i].search, terms) {
				out = append(out, i)
			}
		}
	}
	l.view = out
	l.clamp()
}

func matches(s string, terms []string) bool {
	for _, t := range terms {
		if !strings.Contains(s, t) {
			return false
		}
	}
	return true
}

func (l *List) setFilter(v string) {
	q := foldQuery(strings.TrimSpace(v))
	if q == l.applied {
		return
	}
	// A filter that only adds to the last one can search what that one
	// found instead of every row.
	narrower := l.applied != "" && strings.HasPrefix(q, l.applied) && !strings.Contains(q[len(l.applied):], " ")
	l.applied = q
	l.refilter(!narrower)
	if !narrower {
		l.cursor = 0
	}
	l.clamp()
}

func (l *List) clamp() {
	if l.cursor >= len(l.view) {
		l.cursor = len(l.view) - 1
	}
	if l.cursor < 0 {
		l.cursor = 0
	}
	h := l.BodyHeight()
	if l.cursor < l.offset {
		l.offset = l.cursor
	}
	if l.cursor >= l.offset+h {
		l.offset = l.cursor - h + 1
	}
	if l.offset > max(0, len(l.view)-h) {
		l.offset = max(0, len(l.view)-h)
	}
	if l.offset < 0 {
		l.offset = 0
	}
}

// Update handles list keys. handled says whether the key was the list's, so
// a screen can act on the keys it was not.
func (l *List) Update(msg tea.Msg) (handled bool, cmd tea.Cmd) {
	k := l.c.Keys.List
	if l.finding {
		switch msg := msg.(type) {
		case tea.KeyPressMsg:
			switch {
			case key.Matches(msg, k.ClearFilter):
				l.ClearFilter()
				return true, nil
			case key.Matches(msg, k.AcceptFilter):
				l.finding = false
				l.input.Blur()
				if l.applied == "" {
					l.input.SetValue("")
				}
				return true, nil
			case key.Matches(msg, Untyped(k.Up), Untyped(k.Down), Untyped(k.PageUp), Untyped(k.PageDown)):
				// The keys of these that type nothing still move.
				l.move(msg)
				return true, nil
			}
			l.input, cmd = l.input.Update(msg)
			l.setFilter(l.input.Value())
			return true, cmd
		case tea.PasteMsg:
			l.input, cmd = l.input.Update(msg)
			l.setFilter(l.input.Value())
			return true, cmd
		}
		return false, nil
	}
	msg2, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return false, nil
	}
	switch {
	case key.Matches(msg2, k.Filter):
		l.finding = true
		return true, l.input.Focus()
	case key.Matches(msg2, k.ClearFilter) && l.applied != "":
		l.ClearFilter()
		return true, nil
	}
	return l.move(msg2), nil
}

func (l *List) move(msg tea.KeyPressMsg) bool {
	cursor, ok := MoveCursor(l.c.Keys.List, msg, l.cursor, max(1, l.BodyHeight()-1), len(l.view))
	if !ok {
		return false
	}
	l.cursor = cursor
	l.clamp()
	return true
}

// MoveCursor is where ↑/↓, page up/down and first/last take a cursor over n
// items, a page being page items; ok is false for any other key. The
// caller keeps the cursor in range.
func MoveCursor(k ListKeys, msg tea.KeyPressMsg, cursor, page, n int) (int, bool) {
	switch {
	case key.Matches(msg, k.Up):
		return cursor - 1, true
	case key.Matches(msg, k.Down):
		return cursor + 1, true
	case key.Matches(msg, k.PageUp):
		return cursor - page, true
	case key.Matches(msg, k.PageDown):
		return cursor + page, true
	case key.Matches(msg, k.Top):
		return 0, true
	case key.Matches(msg, k.Bottom):
		return n - 1, true
	}
	return cursor, false
}

// View draws the list: column titles, the visible rows, and the filter line.
func (l *List) View() string {
	st := l.c.Styles
	var b strings.Builder
	b.Grow((l.width + 16) * (l.height + 1))
	titles := make([]string, len(l.cols))
	for i, c := range l.cols {
		titles[i] = c.Title
	}
	b.WriteString(st.ColumnTitle.Render(l.line(titles)))
	b.WriteByte('\n')
	h := l.BodyHeight()
	// What stands for the rows when there are none, wrapped to the width
	// (it says what to press, so none of it may be cut off).
	var note string
	switch {
	case !l.Loaded:
		note = "Loading…"
	case len(l.rows) == 0:
		note = l.Empty
	case len(l.view) == 0:
		note = "Nobody and nothing matches that. Press " + KeyName(l.c.Keys.List.ClearFilter) + " to clear the search."
	}
	if note != "" {
		for _, line := range WrapLines(note, l.width, "  ", h) {
			b.WriteString(st.Subtle.Render(line))
			b.WriteByte('\n')
			h--
		}
	}
	end := min(len(l.view), l.offset+h)
	for i := l.offset; i < end; i++ {
		r := l.rows[l.view[i]]
		cells := r.Cells
		if l.c.Privacy && r.Masked != nil {
			cells = r.Masked
		}
		text := l.line(cells)
		selected := i == l.cursor
		tone := r.Tone
		if l.c.Privacy && r.PrivateTone {
			tone = ToneNormal
		}
		switch {
		case selected:
			text = st.Selected.Render(st.CursorMark() + text[min(1, len(text)):])
		case tone == ToneWarn:
			text = st.Warn.Render(text)
		case tone == ToneBad:
			text = st.Bad.Render(text)
		case tone == ToneGood:
			text = st.Good.Render(text)
		case tone == ToneFaint:
			text = st.Subtle.Render(text)
		}
		b.WriteString(text)
		b.WriteByte('\n')
	}
	for i := end - l.offset; i < h; i++ {
		b.WriteByte('\n')
	}
	if l.finding || l.applied != "" {
		count := " " + strconv.Itoa(len(l.view)) + " of " + strconv.Itoa(len(l.rows))
		b.WriteString(Truncate(l.input.View()+st.Subtle.Render(count), l.width))
		b.WriteByte('\n')
	}
	if st.Accessible {
		b.WriteString(Truncate(l.Position(), l.width))
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// Position says in words where the cursor is, for a screen reader: "Row 3
// of 12", "Row 1 of 3 found (12 in all)".
func (l *List) Position() string {
	switch {
	case !l.Loaded:
		return "Loading."
	case len(l.rows) == 0:
		return "No rows."
	case len(l.view) == 0:
		return fmt.Sprintf("No rows found (%d in all).", len(l.rows))
	case l.cursor < 0 && len(l.view) == 1:
		return "1 row."
	case l.cursor < 0:
		return fmt.Sprintf("%d rows.", len(l.view))
	case l.applied != "":
		return fmt.Sprintf("Row %d of %d found (%d in all).", l.cursor+1, len(l.view), len(l.rows))
	}
	return fmt.Sprintf("Row %d of %d.", l.cursor+1, len(l.view))
}

// ViewWithoutCursor draws the list as though nothing in it were selected.
func (l *List) ViewWithoutCursor() string {
	saved := l.cursor
	l.cursor = -1
	out := l.View()
	l.cursor = saved
	return out
}

// line lays cells out in the column widths, padded to the list's width.
func (l *List) line(cells []string) string {
	var b strings.Builder
	b.WriteString("  ")
	for i, w := range l.widths {
		if i > 0 {
			b.WriteString("  ")
		}
		cell := ""
		if i < len(cells) {
			cell = cells[i]
		}
		if strings.ContainsAny(cell, "\n\t") {
			cell = strings.Join(strings.Fields(cell), " ")
		}
		cell = Truncate(cell, w)
		cw := ansi.StringWidth(cell)
		pad := strings.Repeat(" ", max(0, w-cw))
		if l.cols[i].Right {
			b.WriteString(pad + cell)
		} else {
			b.WriteString(cell + pad)
		}
	}
	s := b.String()
	if w := ansi.StringWidth(s); w > l.width {
		s = Truncate(s, l.width)
	} else {
		s += strings.Repeat(" ", l.width-w)
	}
	return s
}

// FindHelp lists the keys that work while the find field has the focus.
func (l *List) FindHelp() []key.Binding {
	k := l.c.Keys.List
	return []key.Binding{k.AcceptFilter, k.ClearFilter, Either("move", Untyped(k.Up), Untyped(k.Down))}
}

// Help lists the list's keys.
func (l *List) Help() []key.Binding {
	k := l.c.Keys.List
	return []key.Binding{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom, k.Filter, k.ClearFilter}
}
