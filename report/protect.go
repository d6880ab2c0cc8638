package report

// Disclosure control for the report's counts of people.
//
// Every count that describes people (who came, new members, journeys,
// officers' visits, people paid) goes through protect, as a table, before
// it reaches the document; the document holds only the published text
// (and, for charts, the published figure), never the raw count.
//
// STAND-IN: issue 11's disclosure package (branch equality) is the one
// constructor every screen and export must use. It is not on this branch's
// base yet; until it is, this file applies the same rule (NHS Digital's:
// 1 to 7 shown as *, other counts rounded to the nearest 5, totals rounded
// on their own, no average from 1 to 7 people) with a simple secondary
// suppression (a column with a total and only one hidden cell hides its
// next smallest cell as [c]). When the package lands, the functions here
// become thin calls of disclosure.Rule.Protect, and nothing else in the
// report changes.

import (
	"fmt"
	"sort"
)

const (
	threshold = 7
	base      = 5
	small     = "*"
	protected = "[c]"
)

// grid is a table of raw counts of people going in to protect.
type grid struct {
	rows, cols []string
	cells      [][]int
	colTotals  bool // the table has a total line (each column summed)
}

// count is a count of people as it may be published.
type count struct {
	text  string // "0", "15", "*", "[c]"
	shown int    // the published figure (0 when hidden)
	ok    bool   // shown, not hidden
}

func (c count) String() string { return c.text }

// counts is a grid as it may be published.
type counts struct {
	cells    [][]count
	totals   []count // one a column, when the grid has a total line
	withheld bool    // too few people in all to break down
}

func publish(n int) count {
	switch {
	case n <= 0:
		return count{text: "0", ok: true}
	case n <= threshold:
		return count{text: small}
	}
	r := (n + base/2) / base * base
	return count{text: fmt.Sprint(r), shown: r, ok: true}
}

// protect publishes a grid by the rule.
func protect(g grid) counts {
	out := counts{cells: make([][]count, len(g.cells))}
	for i, row := range g.cells {
		out.cells[i] = make([]count, len(row))
		for j, n := range row {
			out.cells[i][j] = publish(n)
		}
	}
	if !g.colTotals {
		return out
	}
	for j := range g.cols {
		total := 0
		var hidden []int
		for i := range g.cells {
			total += g.cells[i][j]
			if !out.cells[i][j].ok {
				hidden = append(hidden, i)
			}
		}
		out.totals = append(out.totals, publish(total))
		if total > 0 && total <= threshold {
			out.withheld = true
		}
		if len(hidden) == 1 {
			// The total less the cells shown would pin the one hidden
			// cell down: hide the next smallest too.
			var others []int
			for i := range g.cells {
				if i != hidden[0] && g.cells[i][j] > 0 {
					others = append(others, i)
				}
			}
			sort.SliceStable(others, func(a, b int) bool { return g.cells[others[a]][j] < g.cells[others[b]][j] })
			if len(others) > 0 {
				out.cells[others[0]][j] = count{text: protected}
			}
		}
	}
	if out.withheld {
		for i := range out.cells {
			for j := range out.cells[i] {
				out.cells[i][j] = count{text: "—"}
			}
		}
	}
	return out
}

// one publishes a single count on its own.
func one(n int) count { return publish(n) }

// mean is total divided among people, from their published figure: hidden
// when people is, "—" when it is 0. It is shown to one decimal place.
func mean(total, people count) string {
	if !people.ok || !total.ok {
		return small
	}
	if people.shown == 0 {
		return "—"
	}
	return fmt.Sprintf("%.1f", float64(total.shown)/float64(people.shown))
}

// footnote says why some figures are not shown.
func footnote() string {
	return fmt.Sprintf("%s = 1 to %d people, not shown so that nobody can be recognised; %s = not shown so that a hidden count "+
		"cannot be worked out from the others; — = too few people in all to break down. Other counts of people are rounded "+
		"to the nearest %d (NHS Digital's rule), and totals are rounded on their own, so they need not add up.",
		small, threshold, protected, base)
}
