package disclosure

import (
	"slices"
	"strconv"
	"strings"
)

// inf stands for "no upper bound" in the network.
const inf = int64(1) << 40

// The kinds of figure, in the order secondary suppression prefers to hide
// them.
const (
	clsCell     = iota // a cell
	clsSubtotal        // a group's subtotal in one column
	clsTotal           // a row's, a column's or a group's total
	clsGrand           // the grand total
)

// quantity is one figure of the table: a sum of cells (one cell, a row, a
// column, a group, everything). Figures that sum the same cells are one
// quantity, published once, whatever names it goes by.
type quantity struct {
	atoms     []int // cells, as i*cols+j
	raw       int
	published bool
	cls       int
	pub       Count
}

// edge is one figure's edge in the network: from u to v, carrying q.
type edge struct{ u, v, q int }

// protector applies a rule to one grid and audits the result.
type protector struct {
	rule        Rule
	sharedTotal bool // the grand total is never hidden
	nr          int
	nc          int
	qs          []*quantity
	index       map[string]int
	edges       []edge
	nodes       int

	cellQ   [][]int
	rowQ    []int
	colQ    []int
	grpColQ [][]int
	grpRowQ []int
	totQ    int
}

func newProtector(r Rule, g Grid) *protector {
	p := &protector{rule: r, nr: len(g.Rows), nc: len(g.Cols), index: map[string]int{}, sharedTotal: g.SharedTotal}
	raw := func(atoms []int) int {
		n := 0
		for _, a := range atoms {
			n += g.Cells[a/p.nc][a%p.nc]
		}
		return n
	}
	add := func(atoms []int, published bool, cls int) int {
		slices.Sort(atoms)
		var b strings.Builder
		for _, a := range atoms {
			b.WriteString(strconv.Itoa(a))
			b.WriteByte(',')
		}
		k := b.String()
		if i, ok := p.index[k]; ok {
			q := p.qs[i]
			q.published = q.published || published
			q.cls = min(q.cls, cls)
			return i
		}
		p.index[k] = len(p.qs)
		p.qs = append(p.qs, &quantity{atoms: atoms, raw: raw(atoms), published: published, cls: cls})
		return len(p.qs) - 1
	}
	rows := func(from, to int, cols ...int) []int {
		var out []int
		for i := from; i < to; i++ {
			for _, j := range cols {
				out = append(out, i*p.nc+j)
			}
		}
		return out
	}
	all := make([]int, p.nc)
	for j := range all {
		all[j] = j
	}

	// Nodes: 0 source, 1 sink, then a node per group (row side), per row,
	// per group and column (column side), per column.
	const source, sink = 0, 1
	next := 2
	grpNode := make([]int, len(g.Groups))
	for k := range g.Groups {
		grpNode[k], next = next, next+1
	}
	rowNode := make([]int, p.nr)
	for i := range rowNode {
		rowNode[i], next = next, next+1
	}
	grpColNode := make([][]int, len(g.Groups))
	for k := range g.Groups {
		grpColNode[k] = make([]int, p.nc)
		for j := range grpColNode[k] {
			grpColNode[k][j], next = next, next+1
		}
	}
	colNode := make([]int, p.nc)
	for j := range colNode {
		colNode[j], next = next, next+1
	}
	p.nodes = next

	// The innermost group holding a group, and a row (-1: none).
	parent := make([]int, len(g.Groups))
	for k, a := range g.Groups {
		parent[k] = -1
		for l, b := range g.Groups {
			if l != k && b.From <= a.From && a.To <= b.To && (b.To-b.From > a.To-a.From) {
				if parent[k] < 0 || b.To-b.From < g.Groups[parent[k]].To-g.Groups[parent[k]].From {
					parent[k] = l
				}
			}
		}
	}
	rowGroup := make([]int, p.nr)
	for i := range rowGroup {
		rowGroup[i] = -1
		for k, a := range g.Groups {
			if a.From <= i && i < a.To && (rowGroup[i] < 0 || a.To-a.From < g.Groups[rowGroup[i]].To-g.Groups[rowGroup[i]].From) {
				rowGroup[i] = k
			}
		}
	}
	rowSide := func(k int) int { // the node a group or row hangs from
		if k < 0 {
			return source
		}
		return grpNode[k]
	}
	colSide := func(k, j int) int { // the node a cell or group subtotal flows into
		if k < 0 {
			return colNode[j]
		}
		return grpColNode[k][j]
	}

	p.cellQ = make([][]int, p.nr)
	p.rowQ = make([]int, p.nr)
	for i := range p.nr {
		p.cellQ[i] = make([]int, p.nc)
		for j := range p.nc {
			q := add([]int{i*p.nc + j}, true, clsCell)
			p.cellQ[i][j] = q
			p.edges = append(p.edges, edge{rowNode[i], colSide(rowGroup[i], j), q})
		}
		q := add(rows(i, i+1, all...), g.RowTotals, clsTotal)
		p.rowQ[i] = q
		p.edges = append(p.edges, edge{rowSide(rowGroup[i]), rowNode[i], q})
	}
	p.grpColQ = make([][]int, len(g.Groups))
	p.grpRowQ = make([]int, len(g.Groups))
	for k, a := range g.Groups {
		p.grpColQ[k] = make([]int, p.nc)
		for j := range p.nc {
			q := add(rows(a.From, a.To, j), true, clsSubtotal)
			p.grpColQ[k][j] = q
			p.edges = append(p.edges, edge{grpColNode[k][j], colSide(parent[k], j), q})
		}
		q := add(rows(a.From, a.To, all...), g.RowTotals, clsTotal)
		p.grpRowQ[k] = q
		p.edges = append(p.edges, edge{rowSide(parent[k]), grpNode[k], q})
	}
	p.colQ = make([]int, p.nc)
	for j := range p.nc {
		q := add(rows(0, p.nr, j), g.ColTotals, clsTotal)
		p.colQ[j] = q
		p.edges = append(p.edges, edge{colNode[j], sink, q})
	}
	p.totQ = add(rows(0, p.nr, all...), g.RowTotals || g.ColTotals, clsGrand)
	if len(p.qs[p.totQ].atoms) > 1 {
		// Whatever else it is called (a column's total, a group's), the
		// grand total is hidden last: every percentage is worked out from it.
		p.qs[p.totQ].cls = clsGrand
	}
	p.edges = append(p.edges, edge{sink, source, p.totQ})
	return p
}

// protect applies the rule to every figure, then hides further figures
// until no hidden one can be worked back. It reports false when the table
// must be withheld.
func (p *protector) protect() bool {
	p.applyRule()
	if total := p.qs[p.totQ]; total.raw > 0 && total.raw <= p.rule.Threshold() {
		return false // no breakdown of so few people
	}
	// A worklist of hidden figures to audit; a figure hidden later joins it.
	var work []int
	for i, q := range p.qs {
		if q.published && q.pub.Hidden() {
			work = append(work, i)
		}
	}
	for len(work) > 0 {
		i := work[0]
		work = work[1:]
		if !p.pinned(i) {
			continue
		}
		hid, ok := p.free(i)
		if !ok {
			return false
		}
		work = append(work, hid)
		work = append(work, i) // audit it again with the new figure hidden
	}
	return true
}

// applyRule publishes every figure by the rule alone.
func (p *protector) applyRule() {
	for _, q := range p.qs {
		q.pub = p.rule.count(q.raw)
	}
}

// free hides one more figure as [c] to free the exposed figure i: the first,
// in order of preference, that frees it on its own, or else the first in
// that order (and the audit goes on). It returns the figure hidden, or
// false when nothing is left to hide.
func (p *protector) free(i int) (int, bool) {
	cands := p.candidates(i)
	if len(cands) == 0 {
		return 0, false
	}
	for _, c := range cands {
		p.qs[c].pub = Count{k: kindProtected}
		if !p.pinned(i) {
			return c, true
		}
		p.qs[c].pub = p.rule.count(p.qs[c].raw)
	}
	p.qs[cands[0]].pub = Count{k: kindProtected}
	return cands[0], true
}

// candidates lists the figures that could be hidden to free figure i, in
// order of preference: figures shown (rounded, not 0) that are cells
// sharing a row, column or group with it, then other cells, then
// subtotals, then totals, the grand total last; the smallest first.
func (p *protector) candidates(i int) []int {
	target := p.qs[i]
	related := func(c *quantity) bool {
		for _, a := range c.atoms {
			for _, b := range target.atoms {
				if a == b {
					return true
				}
			}
		}
		for _, s := range p.qs {
			if !s.published || len(s.atoms) < 2 {
				continue
			}
			if containsAny(s.atoms, c.atoms) && containsAny(s.atoms, target.atoms) {
				return true
			}
		}
		return false
	}
	type cand struct {
		q, cls, raw int
		near        bool
	}
	var cs []cand
	for k, q := range p.qs {
		if k == i || !q.published || q.pub.k != kindRounded || (k == p.totQ && p.sharedTotal) {
			continue
		}
		cs = append(cs, cand{k, q.cls, q.raw, related(q)})
	}
	slices.SortStableFunc(cs, func(a, b cand) int {
		if a.cls != b.cls {
			return a.cls - b.cls
		}
		if a.near != b.near {
			if a.near {
				return -1
			}
			return 1
		}
		return a.raw - b.raw
	})
	out := make([]int, len(cs))
	for k, c := range cs {
		out[k] = c.q
	}
	return out
}

func containsAny(set, of []int) bool {
	for _, a := range of {
		if _, ok := slices.BinarySearch(set, a); ok {
			return true
		}
	}
	return false
}

// bounds is the range of values quantity q could have, as published.
func (p *protector) bounds(q *quantity) (lo, hi int64) {
	if !q.published {
		return 0, inf
	}
	t := int64(p.rule.Threshold())
	switch q.pub.k {
	case kindZero:
		return 0, 0
	case kindSmall:
		return 1, t
	case kindProtected:
		return t + 1, inf
	case kindRounded:
		return max(t+1, int64(q.pub.v-Base/2)), int64(q.pub.v + Base/2)
	}
	return 0, inf
}

// pinned reports whether, given everything published, quantity i could only
// be its true value.
func (p *protector) pinned(i int) bool {
	q := p.qs[i]
	lo, hi := p.bounds(q)
	x := int64(q.raw)
	if lo <= x-1 && p.feasible(i, lo, x-1) {
		return false
	}
	if x+1 <= hi && p.feasible(i, x+1, hi) {
		return false
	}
	return true
}

// feasible reports whether some table of whole numbers publishes as this
// one does with quantity only in [lo, hi]: a feasible circulation with
// lower bounds, found with a max flow from a super source to a super sink.
func (p *protector) feasible(only int, lo, hi int64) bool {
	n := p.nodes + 2
	src, dst := p.nodes, p.nodes+1
	f := newFlow(n)
	bal := make([]int64, p.nodes)
	for _, e := range p.edges {
		l, h := p.bounds(p.qs[e.q])
		if e.q == only {
			l, h = max(l, lo), min(h, hi)
		}
		if l > h {
			return false
		}
		f.add(e.u, e.v, h-l)
		bal[e.v] += l
		bal[e.u] -= l
	}
	var need int64
	for v, b := range bal {
		switch {
		case b > 0:
			f.add(src, v, b)
			need += b
		case b < 0:
			f.add(v, dst, -b)
		}
	}
	return f.max(src, dst) == need
}

// flow is a small max-flow network (Dinic's algorithm).
type flow struct {
	head  []int
	to    []int
	next  []int
	cap   []int64
	level []int
	iter  []int
}

func newFlow(n int) *flow {
	f := &flow{head: make([]int, n), level: make([]int, n), iter: make([]int, n)}
	for i := range f.head {
		f.head[i] = -1
	}
	return f
}

func (f *flow) add(u, v int, c int64) {
	f.to = append(f.to, v, u)
	f.cap = append(f.cap, c, 0)
	f.next = append(f.next, f.head[u], f.head[v])
	f.head[u], f.head[v] = len(f.to)-2, len(f.to)-1
}

func (f *flow) bfs(s, t int) bool {
	for i := range f.level {
		f.level[i] = -1
	}
	f.level[s] = 0
	queue := []int{s}
	for len(queue) > 0 {
		u := queue[0]
		queue = queue[1:]
		for e := f.head[u]; e >= 0; e = f.next[e] {
			if f.cap[e] > 0 && f.level[f.to[e]] < 0 {
				f.level[f.to[e]] = f.level[u] + 1
				queue = append(queue, f.to[e])
			}
		}
	}
	return f.level[t] >= 0
}

func (f *flow) dfs(u, t int, push int64) int64 {
	if u == t {
		return push
	}
	for ; f.iter[u] >= 0; f.iter[u] = f.next[f.iter[u]] {
		e := f.iter[u]
		v := f.to[e]
		if f.cap[e] > 0 && f.level[v] == f.level[u]+1 {
			if d := f.dfs(v, t, min(push, f.cap[e])); d > 0 {
				f.cap[e] -= d
				f.cap[e^1] += d
				return d
			}
		}
	}
	return 0
}

func (f *flow) max(s, t int) int64 {
	var total int64
	for f.bfs(s, t) {
		copy(f.iter, f.head)
		for {
			d := f.dfs(s, t, inf)
			if d == 0 {
				break
			}
			total += d
		}
	}
	return total
}
