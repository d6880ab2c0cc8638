// Package disclosure is the one way a count of people reaches a screen, a
// report or an export. It imports nothing of the project.
//
// # The API
//
// Raw counts go in once, as a Grid, through the one constructor:
//
//	rule := disclosure.NHS()                   // or disclosure.WithThreshold(10)
//	t, err := rule.Protect(disclosure.Grid{
//		Rows:      []string{"Service users", "Carers"},
//		Cols:      []string{"People"},
//		Cells:     [][]int{{23}, {4}},
//		ColTotals: true,
//	})
//	t.Cell(0, 0).String() // "25"
//	t.Cell(1, 0).String() // "*"
//	t.Total().String()    // "25"
//	disclosure.Percent(t.Cell(0, 0), t.Total()).String() // "100%"
//	t.Footnote()          // why some figures are not shown
//
// What comes out is a Table of Counts. A Count is opaque: it holds only
// what may be published (the rounded figure, or that it is hidden), never
// the raw count, so nothing built from it can reveal more than the table
// does. Its only ways out are its own formatting (String, MarshalJSON) and
// Shown, which gives the published figure for drawing a chart. Percentages,
// averages and differences (Percent, Points, Mean, Change) are Figures
// computed from published Counts only, and are hidden whenever a Count
// they come from is. Table.Layout lists the table's lines (groups with
// their subtotals, rows, the total line) for a renderer; Table.Markdown
// renders it.
//
// # The rule
//
// By default the rule is NHS Digital's for Hospital Episode Statistics
// (https://digital.nhs.uk/data-and-information/data-tools-and-services/data-services/hospital-episode-statistics/change-to-disclosure-control-methodology-for-hes-and-ecds-from-september-2018):
//
//   - 0 is shown as 0;
//   - a count of 1 to 7 people is shown as "*";
//   - any other count is rounded to the nearest 5 (8 → 10, 12 → 10,
//     13 → 15);
//   - totals are counted from the raw figures and then go through the same
//     rule, so the figures shown need not add up;
//   - no percentage or average is worked out from 1 to 7 people: it is
//     computed from the published (rounded) figures, and hidden when one
//     of them is.
//
// WithThreshold picks a stricter threshold (hide 1 to 10, say); nothing
// may be less strict than 7.
//
// # Why that is not enough, and what is added
//
// Rounding the totals on their own leaves a way to work a hidden count
// back. Three cells 13, 13 and 1 with their total 27 are published as
// 15, 15, * and 25. Whoever reads it can reason: each 15 is at least 13,
// the * at least 1, so the total is at least 27; a total shown as 25 is at
// most 27; so the total is 27, each 15 is 13, and the * is 1.
//
// So Protect audits every table it publishes, as that reader would. Each
// published figure puts a count in a range: 0 is exactly 0; * is 1 to 7;
// a figure R shown rounded is R−2 to R+2 (and more than 7); [c] is more
// than 7. Totals and subtotals are sums of cells. For every hidden figure
// (a * or a [c], a cell or a total) the audit asks whether, with every
// published figure as published, it could be anything other than its true
// value. When it could not, the figure is exposed, and Protect hides a
// further figure as [c] ("secondary suppression") — the one whose range
// frees it: a cell in the same row, column or group first, the smallest
// first; then a subtotal; then a row or column total; the grand total
// last, since every percentage is worked out from it — and audits again,
// until every hidden figure could be at least two values. Hiding a figure
// only widens what the reader can deduce, so a figure once found safe
// stays safe. A grid whose grand total is shown elsewhere too (several
// tables about the same people) says so (Grid.SharedTotal), and its total
// is never hidden. If nothing that could still be hidden frees an exposed
// figure, the table is withheld: only its total is shown. A table whose
// total is itself 1 to 7 people is withheld too: a breakdown of so few
// people says too much about each of them.
//
// The audit is exact, not an estimate. The sums a Grid can have — each
// row, each column, each group of rows (groups nest or are apart) within
// each column and across all of them, and the grand total — form two nested
// families over the cells, one per side of a network: source → groups →
// rows → cells → groups within each column → columns → sink, and back from
// sink to source for the grand total, one edge per figure, with the
// figure's range as the edge's lower and upper bound. Tables with the
// published figures are then the feasible circulations of that network,
// and because such network matrices are totally unimodular, a feasible
// circulation with whole numbers exists whenever any does. Two max-flow
// runs per hidden figure (its range below the true value, then above it)
// settle whether it could be anything else.
//
// The reader is assumed to know the rule, the published table, and which
// hidden figures are * (1 to 7) and which are [c] (more than 7).
//
// # What it does not cover
//
// The audit covers one table. Two tables about the same people (two
// overlapping periods, a forum and all forums) can be set side by side by
// someone who has both; rounding to 5 blurs their differences but does not
// rule every inference out, so publish as few overlapping tables as the
// job needs. A figure shown rounded may occasionally be pinned to its exact
// value by the totals around it; that reveals a count of more than 7, not
// a hidden small one. Zeros are shown: a table can say that nobody in it
// is in some group.
package disclosure
