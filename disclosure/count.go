package disclosure

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
)

// Markers for figures that are not shown.
const (
	// Small marks a count of 1 to the threshold (7 by default).
	Small = "*"
	// Protected marks a count hidden so that a small one cannot be worked
	// out from the totals (secondary suppression). "[c]" is the Government
	// Statistical Service's symbol for a figure held back as confidential.
	Protected = "[c]"
	// None marks a figure there is nothing to show for: a withheld table's
	// cell, a percentage of nobody.
	None = "—"
)

type kind uint8

const (
	kindNone      kind = iota // the zero value: nothing to show
	kindZero                  // exactly 0
	kindSmall                 // 1 to the threshold: "*"
	kindProtected             // hidden to protect a small count: "[c]"
	kindRounded               // shown, rounded to the nearest 5
)

// Count is a count of people as it may be published. It holds only what is
// published (a figure rounded to the nearest 5, 0, or that it is hidden),
// never the raw count; the only way to make one that holds a figure is
// Rule.Protect. Two raw counts published alike give equal Counts.
type Count struct {
	k kind
	v int // the published figure, when k is kindRounded
}

// String is the count as it is shown: "0", "15", "*", "[c]" or "—".
func (c Count) String() string {
	switch c.k {
	case kindZero:
		return "0"
	case kindSmall:
		return Small
	case kindProtected:
		return Protected
	case kindRounded:
		return strconv.Itoa(c.v)
	}
	return None
}

// Shown is the published figure, for drawing a chart: 0, or the count
// rounded to the nearest 5. ok is false when the count is hidden or there
// is none.
func (c Count) Shown() (n int, ok bool) {
	switch c.k {
	case kindZero:
		return 0, true
	case kindRounded:
		return c.v, true
	}
	return 0, false
}

// Hidden reports whether the count is shown as "*" or "[c]".
func (c Count) Hidden() bool { return c.k == kindSmall || c.k == kindProtected }

// MarshalJSON writes a shown count as a number, a hidden one as its marker
// ("*" or "[c]"), and none as null.
func (c Count) MarshalJSON() ([]byte, error) {
	switch c.k {
	case kindZero, kindRounded:
		return []byte(strconv.Itoa(c.v)), nil
	case kindSmall, kindProtected:
		return json.Marshal(c.String())
	}
	return []byte("null"), nil
}

type unit uint8

const (
	unitPercent unit = iota + 1
	unitPoints
	unitMean
	unitChange
)

// Figure is a percentage, an average or a difference worked out from
// published Counts only. It is hidden ("*") whenever a Count it comes from
// is hidden, and "—" when it is not defined (a percentage of nobody).
type Figure struct {
	k    kind // kindNone, kindSmall (hidden) or kindRounded (shown)
	v    float64
	unit unit
}

func hiddenFigure(u unit) Figure { return Figure{k: kindSmall, unit: u} }

func shownFigure(v float64, u unit) Figure { return Figure{k: kindRounded, v: v, unit: u} }

// Percent is part as a percentage of whole, from their published figures:
// hidden when either is hidden (no percentage from 1 to 7 people), "—"
// when whole is 0 or either is none. It is shown to the whole percent.
func Percent(part, whole Count) Figure {
	if part.Hidden() || whole.Hidden() {
		return hiddenFigure(unitPercent)
	}
	p, ok1 := part.Shown()
	w, ok2 := whole.Shown()
	if !ok1 || !ok2 || w == 0 {
		return Figure{unit: unitPercent}
	}
	return shownFigure(100*float64(p)/float64(w), unitPercent)
}

// Points is the difference, in percentage points, between a share (a
// Percent) and a reference percentage typed in from elsewhere (such as a
// census share): hidden when the share is.
func Points(share Figure, reference float64) Figure {
	switch share.k {
	case kindSmall:
		return hiddenFigure(unitPoints)
	case kindRounded:
		return shownFigure(share.v-reference, unitPoints)
	}
	return Figure{unit: unitPoints}
}

// Mean is total divided among people, by their published figure: hidden
// when people is (no average of 1 to 7 people), "—" when it is 0. total
// must not itself be a count of people (that is a Count: use Percent). It
// is shown to one decimal place.
func Mean(total int, people Count) Figure {
	if people.Hidden() {
		return hiddenFigure(unitMean)
	}
	n, ok := people.Shown()
	if !ok || n == 0 {
		return Figure{unit: unitMean}
	}
	return shownFigure(float64(total)/float64(n), unitMean)
}

// Change is now minus before, from their published figures: hidden when
// either is hidden.
func Change(now, before Count) Figure {
	if now.Hidden() || before.Hidden() {
		return hiddenFigure(unitChange)
	}
	a, ok1 := now.Shown()
	b, ok2 := before.Shown()
	if !ok1 || !ok2 {
		return Figure{unit: unitChange}
	}
	return shownFigure(float64(a-b), unitChange)
}

// Hidden reports whether the figure is hidden ("*").
func (f Figure) Hidden() bool { return f.k == kindSmall }

// Value is the figure worked out from the published counts, for a chart;
// ok is false when it is hidden or not defined.
func (f Figure) Value() (v float64, ok bool) { return f.v, f.k == kindRounded }

// String is the figure as shown: "40%", "+3" (percentage points), "2.5",
// "+5", "*" or "—".
func (f Figure) String() string {
	switch f.k {
	case kindSmall:
		return Small
	case kindRounded:
	default:
		return None
	}
	switch f.unit {
	case unitPercent:
		return fmt.Sprintf("%.0f%%", roundHalfAway(f.v))
	case unitPoints, unitChange:
		r := roundHalfAway(f.v)
		if r == 0 {
			return "0"
		}
		return fmt.Sprintf("%+.0f", r)
	case unitMean:
		return strconv.FormatFloat(math.Round(f.v*10)/10, 'f', 1, 64)
	}
	return None
}

// roundHalfAway rounds to the nearest whole number, halves away from zero,
// and never gives -0.
func roundHalfAway(v float64) float64 {
	r := math.Round(v)
	if r == 0 {
		return 0
	}
	return r
}

// MarshalJSON writes a shown figure as a number (a percentage or points
// to one decimal place, an average to one decimal place), a hidden one as
// "*", and an undefined one as null.
func (f Figure) MarshalJSON() ([]byte, error) {
	switch f.k {
	case kindSmall:
		return json.Marshal(Small)
	case kindRounded:
		return []byte(strconv.FormatFloat(math.Round(f.v*10)/10, 'f', -1, 64)), nil
	}
	return []byte("null"), nil
}
