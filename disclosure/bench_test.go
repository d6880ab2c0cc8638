package disclosure

import (
	"math/rand/v2"
	"testing"
)

// BenchmarkProtect protects a reach table (ethnic group: 19 categories in 5
// groups under "answered", with prefer not to say and no answer) and a
// 12-month by 8-row table with row and column totals.
func BenchmarkProtect(b *testing.B) {
	rnd := rand.New(rand.NewPCG(1, 1))
	reach := Grid{Cols: []string{"People"}, ColTotals: true,
		Groups: []Group{{"Answered", 0, 19}, {"White", 0, 5}, {"Mixed", 5, 9}, {"Asian", 9, 14}, {"Black", 14, 17}, {"Other", 17, 19}}}
	for i := range 21 {
		reach.Rows = append(reach.Rows, string(rune('a'+i)))
		reach.Cells = append(reach.Cells, []int{rnd.IntN(12)})
	}
	months := Grid{RowTotals: true, ColTotals: true}
	for j := range 12 {
		months.Cols = append(months.Cols, string(rune('A'+j)))
	}
	for i := range 8 {
		months.Rows = append(months.Rows, string(rune('a'+i)))
		row := make([]int, 12)
		for j := range row {
			row[j] = rnd.IntN(25)
		}
		months.Cells = append(months.Cells, row)
	}
	for _, c := range []struct {
		name string
		g    Grid
	}{{"reach", reach}, {"months", months}} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := NHS().Protect(c.g); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
