package disclosure

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
)

// The property tests check Protect against an attacker written
// independently of it: a brute-force search over whole-number tables
// (no network flows), which knows the rule, every published figure, and
// which hidden figures are * and which [c].

// figure is one published figure as the attacker sees it: the cells it
// sums and the range of values its publication allows.
type figure struct {
	name   string
	atoms  []int
	lo, hi int
	hidden bool
	truth  int
}

const unbounded = 1 << 30

// attackerRange is what a published count tells the attacker.
func attackerRange(c Count, threshold int) (lo, hi int, published bool) {
	switch s := c.String(); s {
	case None:
		return 0, 0, false
	case Small:
		return 1, threshold, true
	case Protected:
		return threshold + 1, unbounded, true
	default:
		r, err := strconv.Atoi(s)
		if err != nil {
			panic("unexpected published count " + s)
		}
		if r == 0 {
			return 0, 0, true
		}
		return max(threshold+1, r-Base/2), r + Base/2, true
	}
}

// published lists every figure the table shows, from its accessors, with
// the cells each sums worked out from the grid's shape.
func published(g Grid, tab *Table) []figure {
	nc := len(g.Cols)
	th := tab.Rule().Threshold()
	var out []figure
	add := func(name string, c Count, cells [][2]int) {
		lo, hi, ok := attackerRange(c, th)
		if !ok {
			return
		}
		f := figure{name: name, lo: lo, hi: hi, hidden: c.Hidden()}
		for _, rc := range cells {
			f.atoms = append(f.atoms, rc[0]*nc+rc[1])
			f.truth += g.Cells[rc[0]][rc[1]]
		}
		out = append(out, f)
	}
	span := func(r0, r1, c0, c1 int) [][2]int {
		var out [][2]int
		for i := r0; i < r1; i++ {
			for j := c0; j < c1; j++ {
				out = append(out, [2]int{i, j})
			}
		}
		return out
	}
	for i := range g.Rows {
		for j := range g.Cols {
			add(fmt.Sprintf("cell %d,%d", i, j), tab.Cell(i, j), span(i, i+1, j, j+1))
		}
		add(fmt.Sprintf("row %d", i), tab.RowTotal(i), span(i, i+1, 0, nc))
	}
	for j := range g.Cols {
		add(fmt.Sprintf("column %d", j), tab.ColTotal(j), span(0, len(g.Rows), j, j+1))
	}
	for k, gr := range g.Groups {
		for j := range g.Cols {
			add(fmt.Sprintf("group %s column %d", gr.Name, j), tab.GroupTotal(k, j), span(gr.From, gr.To, j, j+1))
		}
		add(fmt.Sprintf("group %s", gr.Name), tab.GroupRowTotal(k), span(gr.From, gr.To, 0, nc))
	}
	add("total", tab.Total(), span(0, len(g.Rows), 0, nc))
	return out
}

// attacker searches for a table of whole numbers that publishes as figs
// do, with figure target in [lo, hi]. cap bounds the cells the search
// tries (hidden [c] cells could be anything above the threshold).
func attacker(ncells int, figs []figure, target figure, lo, hi, cap int) bool {
	dom := make([][2]int, ncells)
	for a := range dom {
		dom[a] = [2]int{0, cap}
	}
	type con struct {
		atoms  []int
		lo, hi int
	}
	var cons []con
	for _, f := range figs {
		if len(f.atoms) == 1 {
			a := f.atoms[0]
			dom[a] = [2]int{max(dom[a][0], f.lo), min(dom[a][1], f.hi)}
			continue
		}
		cons = append(cons, con{f.atoms, f.lo, f.hi})
	}
	if len(target.atoms) == 1 {
		a := target.atoms[0]
		dom[a] = [2]int{max(dom[a][0], lo), min(dom[a][1], hi)}
	} else {
		cons = append(cons, con{target.atoms, lo, hi})
	}
	for _, d := range dom {
		if d[0] > d[1] {
			return false
		}
	}
	// remMin[c][k], remMax[c][k]: the least and most the cells of
	// constraint c from cell k on can add.
	remMin := make([][]int, len(cons))
	remMax := make([][]int, len(cons))
	of := make([][]int, ncells)
	for c, cn := range cons {
		remMin[c] = make([]int, ncells+1)
		remMax[c] = make([]int, ncells+1)
		in := make([]bool, ncells)
		for _, a := range cn.atoms {
			in[a] = true
			of[a] = append(of[a], c)
		}
		for k := ncells - 1; k >= 0; k-- {
			remMin[c][k], remMax[c][k] = remMin[c][k+1], remMax[c][k+1]
			if in[k] {
				remMin[c][k] += dom[k][0]
				remMax[c][k] += dom[k][1]
			}
		}
	}
	partial := make([]int, len(cons))
	var rec func(k int) bool
	rec = func(k int) bool {
		for c, cn := range cons {
			if partial[c]+remMin[c][k] > cn.hi || partial[c]+remMax[c][k] < cn.lo {
				return false
			}
		}
		if k == ncells {
			return true
		}
		for v := dom[k][0]; v <= dom[k][1]; v++ {
			for _, c := range of[k] {
				partial[c] += v
			}
			ok := rec(k + 1)
			for _, c := range of[k] {
				partial[c] -= v
			}
			if ok {
				return true
			}
		}
		return false
	}
	return rec(0)
}

// checkSafe protects g and checks, with the attacker, that the published
// figures are true of g and that no hidden figure can be worked back to
// one value.
func checkSafe(t *testing.T, g Grid, r Rule) *Table {
	t.Helper()
	tab, err := r.Protect(g)
	if err != nil {
		t.Fatalf("%v\n%s", err, describe(g))
	}
	figs := published(g, tab)
	for _, f := range figs {
		if f.truth < f.lo || f.truth > f.hi {
			t.Fatalf("%s is %d but published as if %d..%d\n%s", f.name, f.truth, f.lo, f.hi, describe(g))
		}
	}
	if tab.Withheld() {
		if len(figs) > 1 {
			t.Fatalf("a withheld table publishes %d figures\n%s", len(figs), describe(g))
		}
		return tab
	}
	maxCell := 0
	for _, row := range g.Cells {
		for _, n := range row {
			maxCell = max(maxCell, n)
		}
	}
	cap := max(maxCell, r.Threshold()) + 12
	ncells := len(g.Rows) * len(g.Cols)
	for _, f := range figs {
		if !f.hidden {
			continue
		}
		below := f.truth-1 >= f.lo && attacker(ncells, figs, f, f.lo, f.truth-1, cap)
		above := !below && f.truth+1 <= f.hi && attacker(ncells, figs, f, f.truth+1, f.hi, cap)
		if !below && !above {
			t.Fatalf("%s (%d, shown as hidden) can be worked back from what is published\n%s\npublished:\n%s",
				f.name, f.truth, describe(g), tab.Markdown(""))
		}
	}
	return tab
}

func describe(g Grid) string {
	var b strings.Builder
	fmt.Fprintf(&b, "grid %q rows %q, row totals %v, column totals %v, groups %v\n", g.Cols, g.Rows, g.RowTotals, g.ColTotals, g.Groups)
	for i, row := range g.Cells {
		fmt.Fprintf(&b, "  %s: %v\n", g.Rows[i], row)
	}
	return b.String()
}

// randomGrid is a small table of counts, mostly small, zero, or just past
// a multiple of 5 (where rounding up pushes sums past their rounded
// totals), with random totals and nested groups of rows.
func randomGrid(rnd *rand.Rand) Grid {
	nc := 1 + rnd.IntN(3)
	nr := 1 + rnd.IntN(6)
	for nr*nc > 10 {
		nr--
	}
	g := Grid{RowTotals: rnd.IntN(2) == 0, ColTotals: rnd.IntN(3) > 0, SharedTotal: rnd.IntN(3) == 0}
	for i := range nr {
		g.Rows = append(g.Rows, "r"+strconv.Itoa(i))
		row := make([]int, nc)
		for j := range row {
			switch x := rnd.IntN(20); {
			case x < 4:
				row[j] = 0
			case x < 10:
				row[j] = 1 + rnd.IntN(7)
			case x < 15:
				row[j] = 13 + 5*rnd.IntN(4) + rnd.IntN(2) // 13, 14, 18, 19...: rounded up
			default:
				row[j] = 8 + rnd.IntN(25)
			}
		}
		g.Cells = append(g.Cells, row)
	}
	for j := range nc {
		g.Cols = append(g.Cols, "c"+strconv.Itoa(j))
	}
	// Up to two groups: a range, and maybe a range nested in it or apart.
	if nr >= 2 && rnd.IntN(2) == 0 {
		from := rnd.IntN(nr - 1)
		to := from + 2 + rnd.IntN(nr-from-1)
		g.Groups = append(g.Groups, Group{"g0", from, to})
		if to-from >= 3 && rnd.IntN(2) == 0 {
			g.Groups = append(g.Groups, Group{"g1", from + 1, to})
		} else if from >= 2 && rnd.IntN(2) == 0 {
			g.Groups = append(g.Groups, Group{"g1", 0, from})
		}
	}
	return g
}

// TestNoHiddenCountCanBeWorkedBack is the property: for random tables,
// with every combination of row totals, column totals, grand total and
// nested subtotals, under the NHS rule and a stricter one, no hidden figure
// (cell or total, * or [c]) is pinned to one value by what is published.
func TestNoHiddenCountCanBeWorkedBack(t *testing.T) {
	rnd := rand.New(rand.NewPCG(11, 2026))
	n := 4000
	if testing.Short() {
		n = 500
	}
	strict, _ := WithThreshold(10)
	secondary, withheld := 0, 0
	for range n {
		g := randomGrid(rnd)
		r := NHS()
		if rnd.IntN(4) == 0 {
			r = strict
		}
		tab := checkSafe(t, g, r)
		if tab.Withheld() {
			withheld++
		}
		if g.SharedTotal && (g.RowTotals || g.ColTotals) && tab.Total().String() == Protected {
			t.Fatalf("a shared total was hidden\n%s", describe(g))
		}
		if strings.Contains(tab.Footnote(), Protected) {
			secondary++
		}
	}
	t.Logf("%d random tables: %d needed secondary suppression, %d were withheld", n, secondary, withheld)
	if secondary == 0 {
		t.Error("no random table needed secondary suppression: the tables are too easy to test anything")
	}
}

// TestTheRuleAloneIsNotEnough runs the attacker on tables published by the
// rule alone (no audit): some give a hidden count away, so the property
// test above tests something. On every hidden figure of those tables it
// also checks that the audit's network flows and the attacker's search
// agree on whether the figure is pinned: the audit is exact.
func TestTheRuleAloneIsNotEnough(t *testing.T) {
	rnd := rand.New(rand.NewPCG(5, 2026))
	exposed, checked := 0, 0
	for range 1500 {
		g := randomGrid(rnd)
		tab, err := NHS().protect(g, false)
		if err != nil {
			t.Fatal(err)
		}
		figs := published(g, tab)
		p := newProtector(NHS(), g)
		p.applyRule()
		cap := 60
		any := false
		for _, f := range figs {
			if !f.hidden {
				continue
			}
			ncells := len(g.Rows) * len(g.Cols)
			searched := !(f.truth-1 >= f.lo && attacker(ncells, figs, f, f.lo, f.truth-1, cap)) &&
				!(f.truth+1 <= f.hi && attacker(ncells, figs, f, f.truth+1, f.hi, cap))
			key := ""
			for _, a := range f.atoms {
				key += strconv.Itoa(a) + ","
			}
			q, ok := p.index[key]
			if !ok {
				t.Fatalf("%s is not one of the audit's figures", f.name)
			}
			if flowed := p.pinned(q); flowed != searched {
				t.Fatalf("%s (%d): the audit says pinned=%v, the search %v\n%s\n%s", f.name, f.truth, flowed, searched, describe(g), tab.Markdown(""))
			}
			checked++
			any = any || searched
		}
		if any {
			exposed++
		}
	}
	t.Logf("the rule alone gave a hidden count away in %d of 1500 random tables; audit and search agreed on %d hidden figures", exposed, checked)
	if exposed == 0 {
		t.Error("the rule alone exposed no hidden count in 1500 random tables")
	}
}

// TestFiguresAreFunctionsOfWhatIsShown: every percentage and difference
// equals the one worked out by hand from the counts as printed.
func TestFiguresAreFunctionsOfWhatIsShown(t *testing.T) {
	rnd := rand.New(rand.NewPCG(3, 4))
	for range 500 {
		g := randomGrid(rnd)
		g.ColTotals = true
		tab, err := NHS().Protect(g)
		if err != nil {
			t.Fatal(err)
		}
		for i := range g.Rows {
			for j := range g.Cols {
				c, whole := tab.Cell(i, j), tab.ColTotal(j)
				got := Percent(c, whole).String()
				cs, ws := c.String(), whole.String()
				var want string
				switch {
				case cs == Small || cs == Protected || ws == Small || ws == Protected:
					want = Small
				case cs == None || ws == None || ws == "0":
					want = None
				default:
					a, _ := strconv.Atoi(cs)
					b, _ := strconv.Atoi(ws)
					want = fmt.Sprintf("%.0f%%", roundHalfAway(100*float64(a)/float64(b)))
				}
				if got != want {
					t.Fatalf("%s of %s is %s, want %s", cs, ws, got, want)
				}
			}
		}
	}
}
