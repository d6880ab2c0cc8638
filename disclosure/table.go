package disclosure

import (
	"errors"
	"fmt"
	"strings"
)

// Grid is a table of raw counts of people, going in to Protect. Cells[i][j]
// is how many people row i and column j have in common.
type Grid struct {
	Rows  []string
	Cols  []string
	Cells [][]int
	// Groups are rows counted together, with a subtotal in each column:
	// ethnic groups over their categories, say. Two groups either nest or
	// have no row in common.
	Groups []Group
	// RowTotals shows each row's (and each group's) total across the
	// columns; ColTotals each column's total down the rows. With either,
	// the grand total is shown.
	RowTotals bool
	ColTotals bool
	// SharedTotal says the grand total is shown elsewhere too: the same
	// people in another table (several questions about the same people),
	// or a headline count. It is then never hidden to protect this table
	// (a total hidden here and shown there would give away what hiding it
	// protected); if nothing else can be hidden instead, the table is
	// withheld.
	SharedTotal bool
}

// Group is the rows From to To-1, counted together under Name.
type Group struct {
	Name     string
	From, To int
}

// Table is a Grid as it may be published: Counts only. Make one with
// Rule.Protect.
type Table struct {
	rule     Rule
	rows     []string
	cols     []string
	groups   []Group
	rowTot   bool
	colTot   bool
	cells    [][]Count
	rowTotal []Count
	colTotal []Count
	grpCol   [][]Count // [group][column]
	grpRow   []Count   // [group], across the columns
	total    Count
	withheld bool
	marks    map[string]bool // the markers used: Small, Protected
}

// Protect is the one constructor of published counts. It applies the rule
// to every cell and total of g, then audits the table and hides further
// figures until no hidden one can be worked back (see the package
// documentation). It refuses a grid that is not a table (ragged rows,
// negative counts, groups that overlap without nesting).
func (r Rule) Protect(g Grid) (*Table, error) { return r.protect(g, true) }

// protect is Protect, or with audit false the rule alone (for the tests
// that show why the audit is needed).
func (r Rule) protect(g Grid, audit bool) (*Table, error) {
	if err := g.check(); err != nil {
		return nil, err
	}
	p := newProtector(r, g)
	t := &Table{
		rule: r, rows: append([]string(nil), g.Rows...), cols: append([]string(nil), g.Cols...),
		groups: append([]Group(nil), g.Groups...), rowTot: g.RowTotals, colTot: g.ColTotals,
		marks: map[string]bool{},
	}
	withheld := false
	if audit {
		withheld = !p.protect()
	} else {
		p.applyRule()
	}
	pub := func(q int) Count {
		if withheld {
			return Count{}
		}
		c := p.qs[q].pub
		if c.Hidden() {
			t.marks[c.String()] = true
		}
		return c
	}
	t.withheld = withheld
	t.cells = make([][]Count, len(g.Rows))
	for i := range g.Rows {
		t.cells[i] = make([]Count, len(g.Cols))
		for j := range g.Cols {
			t.cells[i][j] = pub(p.cellQ[i][j])
		}
	}
	if g.RowTotals {
		t.rowTotal = make([]Count, len(g.Rows))
		for i := range g.Rows {
			t.rowTotal[i] = pub(p.rowQ[i])
		}
	}
	if g.ColTotals {
		t.colTotal = make([]Count, len(g.Cols))
		for j := range g.Cols {
			t.colTotal[j] = pub(p.colQ[j])
		}
	}
	t.grpCol = make([][]Count, len(g.Groups))
	t.grpRow = make([]Count, len(g.Groups))
	for k := range g.Groups {
		t.grpCol[k] = make([]Count, len(g.Cols))
		for j := range g.Cols {
			t.grpCol[k][j] = pub(p.grpColQ[k][j])
		}
		if g.RowTotals {
			t.grpRow[k] = pub(p.grpRowQ[k])
		}
	}
	// The total is shown when the grid asks for totals, and even when the
	// table is withheld: a single count on its own gives nothing away that
	// the rule does not allow. Without totals it is not shown at all: the
	// audit did not count on it being known.
	switch {
	case withheld:
		t.total = r.count(p.qs[p.totQ].raw) // as the rule has it, even if the audit had hidden it
	case g.RowTotals || g.ColTotals:
		t.total = p.qs[p.totQ].pub
	}
	if withheld && t.total.Hidden() {
		t.marks[Small] = true
	}
	return t, nil
}

func (g Grid) check() error {
	if len(g.Cols) == 0 {
		return errors.New("a table needs at least one column")
	}
	if len(g.Cells) != len(g.Rows) {
		return fmt.Errorf("the table has %d rows named but %d rows of counts", len(g.Rows), len(g.Cells))
	}
	for i, row := range g.Cells {
		if len(row) != len(g.Cols) {
			return fmt.Errorf("row %d (%s) has %d counts for %d columns", i+1, g.Rows[i], len(row), len(g.Cols))
		}
		for j, n := range row {
			if n < 0 {
				return fmt.Errorf("row %d (%s), column %d (%s): a count of people cannot be %d", i+1, g.Rows[i], j+1, g.Cols[j], n)
			}
		}
	}
	for k, a := range g.Groups {
		if a.From < 0 || a.To > len(g.Rows) || a.From >= a.To {
			return fmt.Errorf("group %d (%s) covers rows %d to %d, which are not rows of the table", k+1, a.Name, a.From+1, a.To)
		}
		for _, b := range g.Groups[:k] {
			apart := a.To <= b.From || b.To <= a.From
			nested := (a.From >= b.From && a.To <= b.To) || (b.From >= a.From && b.To <= a.To)
			if !apart && !nested {
				return fmt.Errorf("groups %s and %s overlap without one holding the other", b.Name, a.Name)
			}
			if a.From == b.From && a.To == b.To {
				return fmt.Errorf("groups %s and %s are the same rows", b.Name, a.Name)
			}
		}
	}
	return nil
}

// Rule is the rule the table was protected by.
func (t *Table) Rule() Rule { return t.rule }

// Rows are the rows' names.
func (t *Table) Rows() []string { return append([]string(nil), t.rows...) }

// Cols are the columns' names.
func (t *Table) Cols() []string { return append([]string(nil), t.cols...) }

// Groups are the groups of rows.
func (t *Table) Groups() []Group { return append([]Group(nil), t.groups...) }

// Withheld reports whether the table is too small, or could not be
// protected, so that only its total is shown.
func (t *Table) Withheld() bool { return t.withheld }

// Cell is the count for row i and column j.
func (t *Table) Cell(i, j int) Count { return t.cells[i][j] }

// RowTotal is row i's total across the columns (none without RowTotals).
func (t *Table) RowTotal(i int) Count {
	if t.rowTotal == nil {
		return Count{}
	}
	return t.rowTotal[i]
}

// ColTotal is column j's total down the rows (none without ColTotals).
func (t *Table) ColTotal(j int) Count {
	if t.colTotal == nil {
		return Count{}
	}
	return t.colTotal[j]
}

// GroupTotal is group k's subtotal in column j.
func (t *Table) GroupTotal(k, j int) Count { return t.grpCol[k][j] }

// GroupRowTotal is group k's total across the columns (none without
// RowTotals).
func (t *Table) GroupRowTotal(k int) Count { return t.grpRow[k] }

// Total is the grand total: shown (under the rule) when the grid has row
// or column totals, and when the table is withheld; none otherwise.
func (t *Table) Total() Count { return t.total }

// Footnote says why some figures are not shown: the rule, and what "[c]"
// means or why the table is withheld when that is so.
func (t *Table) Footnote() string {
	parts := []string{t.rule.Footnote()}
	if t.marks[Protected] {
		parts = append(parts, Protected+" = not shown either, so that a "+Small+" cannot be worked out from the totals.")
	}
	if t.withheld {
		parts = append(parts, fmt.Sprintf("The breakdown is not shown: it would be of %d people or fewer, or it could not be shown without giving a small count away.",
			t.rule.Threshold()))
	}
	return strings.Join(parts, " ")
}

// ShortFootnote is Footnote for a screen: the rule in a sentence, and what
// "[c]" means or why the table is withheld when that is so.
func (t *Table) ShortFootnote() string {
	parts := []string{t.rule.ShortFootnote()}
	if t.marks[Protected] {
		parts = append(parts, Protected+" = not shown either, so that a "+Small+" cannot be worked out.")
	}
	if t.withheld {
		parts = append(parts, fmt.Sprintf("Too few people to break down (%d or fewer, or a small count would show).", t.rule.Threshold()))
	}
	return strings.Join(parts, " ")
}

// LineKind says what a line of a table's layout is.
type LineKind int

// The kinds of line.
const (
	LineGroup LineKind = iota // a group's subtotals
	LineRow                   // a row of cells
	LineTotal                 // the columns' totals
)

// Line is one line of a table as it is laid out: a group's subtotals above
// its rows, the rows, and the total line. Depth is how many groups it is
// inside. Total is the line's total across the columns (none without row
// totals).
type Line struct {
	Kind  LineKind
	Label string
	Depth int
	Row   int // the row (LineRow) or group (LineGroup) index
	Cells []Count
	Total Count
}

// Layout lists the table's lines in order: each group's line comes before
// its rows, and the total line (with ColTotals) last. A withheld table has
// only its total line.
func (t *Table) Layout() []Line {
	var out []Line
	if !t.withheld {
		depth := func(i int) int {
			d := 0
			for _, g := range t.groups {
				if i >= g.From && i < g.To {
					d++
				}
			}
			return d
		}
		for i := range t.rows {
			// Groups starting here, outermost first.
			var starting []int
			for k, g := range t.groups {
				if g.From == i {
					starting = append(starting, k)
				}
			}
			for a := 0; a < len(starting); a++ {
				for b := a + 1; b < len(starting); b++ {
					if t.groups[starting[b]].To > t.groups[starting[a]].To {
						starting[a], starting[b] = starting[b], starting[a]
					}
				}
			}
			for n, k := range starting {
				out = append(out, Line{Kind: LineGroup, Label: t.groups[k].Name, Depth: depth(i) - len(starting) + n,
					Row: k, Cells: append([]Count(nil), t.grpCol[k]...), Total: t.grpRow[k]})
			}
			out = append(out, Line{Kind: LineRow, Label: t.rows[i], Depth: depth(i), Row: i,
				Cells: append([]Count(nil), t.cells[i]...), Total: t.RowTotal(i)})
		}
	}
	if t.colTot || t.rowTot || t.withheld {
		l := Line{Kind: LineTotal, Label: "Total", Row: -1, Cells: make([]Count, len(t.cols))}
		switch {
		case t.withheld && len(t.cols) == 1:
			l.Cells[0] = t.total
		case t.withheld:
		case t.colTot:
			copy(l.Cells, t.colTotal)
		}
		if t.rowTot {
			l.Total = t.total
		}
		out = append(out, l)
	}
	return out
}

// Markdown renders the table as a markdown table with the footnote under
// it. corner names the rows (the first column's heading).
func (t *Table) Markdown(corner string) string {
	var b strings.Builder
	head := append([]string{mdCell(corner)}, mdCells(t.cols)...)
	align := []string{"---"}
	for range t.cols {
		align = append(align, "--:")
	}
	if t.rowTot {
		head = append(head, "Total")
		align = append(align, "--:")
	}
	b.WriteString("| " + strings.Join(head, " | ") + " |\n")
	b.WriteString("| " + strings.Join(align, " | ") + " |\n")
	for _, l := range t.Layout() {
		// Rows inside groups are indented with no-break spaces, which a
		// table cell keeps; outside the bold, which a space may not open.
		label := mdCell(l.Label)
		if l.Kind != LineRow {
			label = "**" + label + "**"
		}
		label = strings.Repeat("\u00a0\u00a0", l.Depth) + label
		cells := []string{label}
		for _, c := range l.Cells {
			cells = append(cells, mdCell(c.String()))
		}
		if t.rowTot {
			cells = append(cells, mdCell(l.Total.String()))
		}
		b.WriteString("| " + strings.Join(cells, " | ") + " |\n")
	}
	b.WriteString("\n" + mdText(t.Footnote()) + "\n")
	return b.String()
}

func mdCells(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = mdCell(s)
	}
	return out
}

// mdCell escapes text for a markdown table cell: the pipe that would end
// the cell, and the characters that would start emphasis or a link.
func mdCell(s string) string {
	return mdText(strings.ReplaceAll(s, "|", `\|`))
}

var mdEscaper = strings.NewReplacer(`\`, `\\`, "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`, "`", "\\`", "<", "&lt;")

func mdText(s string) string {
	s = strings.ReplaceAll(s, `\|`, "\x00")
	s = mdEscaper.Replace(s)
	return strings.ReplaceAll(s, "\x00", `\|`)
}
