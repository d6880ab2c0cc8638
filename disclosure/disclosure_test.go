package disclosure

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

func column(t *testing.T, r Rule, counts ...int) *Table {
	t.Helper()
	g := Grid{Cols: []string{"People"}, ColTotals: true}
	for i, n := range counts {
		g.Rows = append(g.Rows, string(rune('A'+i)))
		g.Cells = append(g.Cells, []int{n})
	}
	tab, err := r.Protect(g)
	if err != nil {
		t.Fatal(err)
	}
	return tab
}

func TestTheRule(t *testing.T) {
	for _, c := range []struct {
		n    int
		want string
	}{
		{0, "0"}, {1, "*"}, {5, "*"}, {7, "*"}, {8, "10"}, {9, "10"}, {10, "10"}, {12, "10"},
		{13, "15"}, {17, "15"}, {18, "20"}, {22, "20"}, {23, "25"}, {1002, "1000"}, {1003, "1005"},
	} {
		if got := NHS().count(c.n).String(); got != c.want {
			t.Errorf("%d is shown as %q, want %q", c.n, got, c.want)
		}
	}
	strict, err := WithThreshold(10)
	if err != nil {
		t.Fatal(err)
	}
	for n, want := range map[int]string{8: "*", 10: "*", 11: "10", 12: "10", 13: "15"} {
		if got := strict.count(n).String(); got != want {
			t.Errorf("threshold 10: %d is shown as %q, want %q", n, got, want)
		}
	}
	if _, err := WithThreshold(5); err == nil || !strings.Contains(err.Error(), "6 to 7") {
		t.Errorf("a threshold of 5 should be refused, saying what it would show: %v", err)
	}
	if (Rule{}).Threshold() != 7 {
		t.Error("the zero Rule should be NHS Digital's")
	}
}

// TestTheWorkedBackExample is the example in the package documentation:
// 13, 13 and 1, with their total 27, would be published 15, 15, * and 25,
// and the * could be worked out to be 1. The audit hides another figure.
func TestTheWorkedBackExample(t *testing.T) {
	tab := column(t, NHS(), 13, 13, 1)
	var shown []string
	for i := range 3 {
		shown = append(shown, tab.Cell(i, 0).String())
	}
	shown = append(shown, tab.Total().String())
	if reflect.DeepEqual(shown, []string{"15", "15", "*", "25"}) {
		t.Fatalf("published as the rule alone would: %v, which gives the * away", shown)
	}
	if got := strings.Join(shown, " "); got != "[c] 15 * 25" {
		t.Errorf("published %q, want the smaller neighbour hidden: [c] 15 * 25", got)
	}
	if !strings.Contains(tab.Footnote(), "[c] = not shown either") {
		t.Errorf("the footnote should say what [c] means: %s", tab.Footnote())
	}
	checkSafe(t, Grid{Rows: []string{"A", "B", "C"}, Cols: []string{"People"}, Cells: [][]int{{13}, {13}, {1}}, ColTotals: true}, NHS())
}

func TestNeedsNoSecondSuppressionWhenTheTotalsLeaveRoom(t *testing.T) {
	tab := column(t, NHS(), 23, 12, 3)
	got := []string{tab.Cell(0, 0).String(), tab.Cell(1, 0).String(), tab.Cell(2, 0).String(), tab.Total().String()}
	if want := []string{"25", "10", "*", "40"}; !reflect.DeepEqual(got, want) {
		t.Errorf("published %v, want %v", got, want)
	}
	if strings.Contains(tab.Footnote(), "[c]") {
		t.Error("the footnote talks of [c] when none is shown")
	}
}

func TestSmallTablesAreWithheld(t *testing.T) {
	tab := column(t, NHS(), 3, 2, 0)
	if !tab.Withheld() {
		t.Fatal("a breakdown of 5 people should be withheld")
	}
	if got := tab.Total().String(); got != "*" {
		t.Errorf("its total is shown as %q, want *", got)
	}
	for i := range 3 {
		if got := tab.Cell(i, 0).String(); got != None {
			t.Errorf("row %d of a withheld table shows %q", i, got)
		}
	}
	lines := tab.Layout()
	if len(lines) != 1 || lines[0].Kind != LineTotal || lines[0].Cells[0].String() != "*" {
		t.Errorf("a withheld table's layout should be its total line only: %+v", lines)
	}
	if !strings.Contains(tab.Footnote(), "breakdown is not shown") {
		t.Errorf("the footnote should say why: %s", tab.Footnote())
	}
	if tab := column(t, NHS(), 0, 0); tab.Withheld() || tab.Total().String() != "0" {
		t.Errorf("a table of nobody is shown as it is (zeros)")
	}
}

// TestSevenOnesAreWithheld: seven categories of one person each, with a
// subtotal of 7 and more people elsewhere: the subtotal (* ≤ 7) and seven
// cells each at least 1 pin every one of them. Nothing hidden as [c] can
// free them (a small subtotal cannot be [c]), so the table is withheld.
func TestSevenOnesAreWithheld(t *testing.T) {
	g := Grid{Cols: []string{"People"}, ColTotals: true, Groups: []Group{{Name: "Group", From: 0, To: 7}}}
	for i := range 7 {
		g.Rows = append(g.Rows, string(rune('a'+i)))
		g.Cells = append(g.Cells, []int{1})
	}
	g.Rows = append(g.Rows, "Others")
	g.Cells = append(g.Cells, []int{30})
	tab, err := NHS().Protect(g)
	if err != nil {
		t.Fatal(err)
	}
	if !tab.Withheld() {
		t.Fatalf("seven ones under a subtotal of * give each other away; the table should be withheld:\n%s", tab.Markdown(""))
	}
	if tab.Total().String() != "35" {
		t.Errorf("the total is shown as %s, want 35", tab.Total())
	}
}

func TestCountsCarryOnlyWhatIsPublished(t *testing.T) {
	a, b := column(t, NHS(), 23, 30), column(t, NHS(), 24, 30)
	if a.Cell(0, 0) != b.Cell(0, 0) {
		t.Error("23 and 24 are both published as 25, yet their Counts differ: a Count holds more than is published")
	}
	if column(t, NHS(), 2, 30).Cell(0, 0) != column(t, NHS(), 6, 30).Cell(0, 0) {
		t.Error("2 and 6 are both *, yet their Counts differ")
	}
	typ := reflect.TypeFor[Count]()
	for i := range typ.NumField() {
		if typ.Field(i).IsExported() {
			t.Errorf("Count has an exported field %s: it could be built without the rule", typ.Field(i).Name)
		}
	}
	var zero Count
	if zero.String() != None {
		t.Errorf("a Count made without Protect shows %q, want %q", zero.String(), None)
	}
	if _, ok := zero.Shown(); ok {
		t.Error("a Count made without Protect has a figure")
	}
}

func TestFiguresComeFromPublishedCounts(t *testing.T) {
	tab := column(t, NHS(), 12, 3, 30) // 10, *, 30; total 45
	total := tab.Total()
	if got := Percent(tab.Cell(0, 0), total).String(); got != "22%" {
		t.Errorf("10 of 45 is %s, want 22%% (from the rounded counts, not 12/45)", got)
	}
	if got := Percent(tab.Cell(1, 0), total).String(); got != Small {
		t.Errorf("a percentage of a hidden count is %s, want *", got)
	}
	share := Percent(tab.Cell(2, 0), total) // 30/45 = 66.7%
	if got := Points(share, 60.0).String(); got != "+7" {
		t.Errorf("66.7%% against 60%% is %s, want +7", got)
	}
	if got := Points(share, 70.0).String(); got != "-3" {
		t.Errorf("66.7%% against 70%% is %s, want -3", got)
	}
	if got := Points(Percent(tab.Cell(1, 0), total), 10).String(); got != Small {
		t.Errorf("the difference of a hidden share is %s", got)
	}
	if got := Mean(90, total).String(); got != "2.0" {
		t.Errorf("90 meetings among 45 people is %s a person, want 2.0", got)
	}
	if got := Mean(90, tab.Cell(1, 0)).String(); got != Small {
		t.Errorf("an average of a hidden count of people is %s", got)
	}
	if got := Change(tab.Cell(2, 0), tab.Cell(0, 0)).String(); got != "+20" {
		t.Errorf("30 − 10 is %s", got)
	}
	if got := Change(tab.Cell(2, 0), tab.Cell(1, 0)).String(); got != Small {
		t.Errorf("a change from a hidden count is %s", got)
	}
	nobody := column(t, NHS(), 0, 0)
	if got := Percent(nobody.Cell(0, 0), nobody.Total()).String(); got != None {
		t.Errorf("a percentage of nobody is %s, want %s", got, None)
	}
}

func TestJSON(t *testing.T) {
	tab := column(t, NHS(), 13, 13, 1)
	b, err := json.Marshal(map[string]any{
		"a": tab.Cell(0, 0), "b": tab.Cell(1, 0), "c": tab.Cell(2, 0), "total": tab.Total(),
		"share": Percent(tab.Cell(1, 0), tab.Total()), "hidden": Percent(tab.Cell(2, 0), tab.Total()),
		"none": Count{},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := `{"a":"[c]","b":15,"c":"*","hidden":"*","none":null,"share":60,"total":25}`
	if string(b) != want {
		t.Errorf("JSON\n got %s\nwant %s", b, want)
	}
}

func TestGridsThatAreNotTables(t *testing.T) {
	for name, g := range map[string]Grid{
		"no columns":  {Rows: []string{"a"}, Cells: [][]int{{}}},
		"ragged":      {Rows: []string{"a", "b"}, Cols: []string{"x", "y"}, Cells: [][]int{{1, 2}, {3}}},
		"negative":    {Rows: []string{"a"}, Cols: []string{"x"}, Cells: [][]int{{-1}}},
		"rows":        {Rows: []string{"a", "b"}, Cols: []string{"x"}, Cells: [][]int{{1}}},
		"bad group":   {Rows: []string{"a"}, Cols: []string{"x"}, Cells: [][]int{{1}}, Groups: []Group{{Name: "g", From: 0, To: 2}}},
		"overlapping": {Rows: []string{"a", "b", "c"}, Cols: []string{"x"}, Cells: [][]int{{1}, {2}, {3}}, Groups: []Group{{"g", 0, 2}, {"h", 1, 3}}},
		"same rows":   {Rows: []string{"a", "b"}, Cols: []string{"x"}, Cells: [][]int{{1}, {2}}, Groups: []Group{{"g", 0, 2}, {"h", 0, 2}}},
	} {
		if _, err := NHS().Protect(g); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestLayoutAndMarkdown(t *testing.T) {
	g := Grid{
		Rows:      []string{"Indian", "Pakistani", "Caribbean", "Prefer not to say"},
		Cols:      []string{"People"},
		Cells:     [][]int{{20}, {12}, {31}, {2}},
		Groups:    []Group{{"Answered", 0, 3}, {"Asian or Asian British", 0, 2}, {"Black", 2, 3}},
		ColTotals: true,
	}
	tab, err := NHS().Protect(g)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, l := range tab.Layout() {
		got = append(got, strings.Repeat(" ", l.Depth)+l.Label+" "+l.Cells[0].String())
	}
	want := []string{
		"Answered 65", " Asian or Asian British 30", "  Indian 20", "  Pakistani 10",
		" Black 30", "  Caribbean 30", "Prefer not to say *", "Total 65",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("layout\n got %q\nwant %q", got, want)
	}
	md := tab.Markdown("Ethnic group")
	for _, s := range []string{"| Ethnic group | People |", "| **Answered** | 65 |", "| \u00a0\u00a0\u00a0\u00a0Indian | 20 |", "| \u00a0\u00a0**Asian or Asian British** | 30 |", `| Prefer not to say | \* |`, "| **Total** | 65 |", `\* = 1 to 7 people`} {
		if !strings.Contains(md, s) {
			t.Errorf("markdown lacks %q:\n%s", s, md)
		}
	}
	checkSafe(t, g, NHS())
}

// TestASharedTotalIsNeverHidden: with one other cell the * could be freed
// by hiding the total or the cell; a total shown elsewhere is kept, and
// when only the total would do, the table is withheld.
func TestASharedTotalIsNeverHidden(t *testing.T) {
	g := Grid{Rows: []string{"A", "B", "C"}, Cols: []string{"People"}, Cells: [][]int{{13}, {13}, {1}}, ColTotals: true, SharedTotal: true}
	tab := checkSafe(t, g, NHS())
	if tab.Total().String() != "25" {
		t.Errorf("the shared total is shown as %s", tab.Total())
	}
	// 13 and 1: hiding the 13 frees the * (total 14 → 15, [13,17]; 13 as
	// [c] is 8 or more); the total is not needed.
	g = Grid{Rows: []string{"A", "B"}, Cols: []string{"People"}, Cells: [][]int{{13}, {1}}, ColTotals: true, SharedTotal: true}
	tab = checkSafe(t, g, NHS())
	if tab.Total().String() == Protected {
		t.Error("the shared total was hidden")
	}
}
