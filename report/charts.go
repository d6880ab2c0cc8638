package report

// Charts for the HTML and PDF reports, drawn by gonum/plot: SVG (its vgsvg
// canvas) for HTML, PNG (its vgimg canvas) for PDF. The terminal and
// markdown draw the same charts as text (TextBars).

import (
	"bytes"
	"fmt"
	"image/color"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// The series' colours: a dark teal and an amber, told apart in grey too.
var seriesColours = []color.Color{
	color.RGBA{R: 0x1b, G: 0x6f, B: 0x8a, A: 0xff},
	color.RGBA{R: 0xe0, G: 0x91, B: 0x3a, A: 0xff},
}

// sans is the face every chart's text is set in.
var sans = font.Font{Typeface: "Liberation", Variant: "Sans"}

// ChartWidth is how wide a chart is drawn.
const ChartWidth = 16 * vg.Centimeter

// horizontal reports whether the chart's bars lie across the page: when
// its labels are long (categories), so they can be read.
func (c *Chart) horizontal() bool {
	for _, b := range c.Bars {
		if len(b.Label) > 8 {
			return true
		}
	}
	return false
}

// size is how big the chart is drawn: a horizontal chart grows with its bars.
func (c *Chart) size() (w, h vg.Length) {
	if c.horizontal() {
		return ChartWidth, vg.Length(1.8+0.75*float64(len(c.Bars)*len(c.Series))) * vg.Centimeter
	}
	return ChartWidth, 7 * vg.Centimeter
}

// plot builds the gonum plot of the chart: one bar chart per series, each
// bar labelled with its figure as published ("*" for a hidden one, which
// has no bar).
func (c *Chart) plot() (*plot.Plot, error) {
	p := plot.New()
	for _, ts := range []*text{{&p.Title.TextStyle, 11}, {&p.X.Label.TextStyle, 9}, {&p.Y.Label.TextStyle, 9},
		{&p.X.Tick.Label, 8}, {&p.Y.Tick.Label, 8}, {&p.Legend.TextStyle, 8}} {
		ts.style.Font = sans
		ts.style.Font.Size = vg.Length(ts.size)
	}
	p.Title.Text = c.Title
	p.Title.Padding = 4
	horiz := c.horizontal()
	bars := c.Bars
	if horiz {
		// Across the page the first bar is drawn at the bottom: turn the
		// list over, so the chart reads from the top as the table does.
		bars = make([]Bar, len(c.Bars))
		for i, b := range c.Bars {
			bars[len(bars)-1-i] = b
		}
	}
	n := len(c.Series)
	width := vg.Points(18)
	if horiz {
		width = vg.Points(14)
	}
	if n > 1 {
		width = width * 2 / vg.Length(n+1)
	}
	labels := make([]string, len(bars))
	for i, b := range bars {
		labels[i] = b.Label
	}
	for s := range n {
		vals := make(plotter.Values, len(bars))
		var xys plotter.XYs
		var texts []string
		for i, b := range bars {
			if b.Shown[s] {
				vals[i] = b.Values[s]
			}
			at := plotter.XY{X: float64(i), Y: vals[i]}
			if horiz {
				at = plotter.XY{X: vals[i], Y: float64(i)}
			}
			xys = append(xys, at)
			texts = append(texts, b.Text[s])
		}
		chart, err := plotter.NewBarChart(vals, width)
		if err != nil {
			return nil, err
		}
		chart.Horizontal = horiz
		chart.LineStyle.Width = 0
		chart.Color = seriesColours[s%len(seriesColours)]
		chart.Offset = width * (vg.Length(s) - vg.Length(n-1)/2)
		if horiz {
			chart.Offset = -chart.Offset // the first series above the second
		}
		p.Add(chart)
		if n > 1 {
			p.Legend.Add(c.Series[s], chart)
		}
		lab, err := plotter.NewLabels(plotter.XYLabels{XYs: xys, Labels: texts})
		if err != nil {
			return nil, err
		}
		for i := range lab.TextStyle {
			lab.TextStyle[i].Font = sans
			lab.TextStyle[i].Font.Size = 7
			if horiz {
				lab.TextStyle[i].YAlign = draw.YCenter
			} else {
				lab.TextStyle[i].XAlign = draw.XCenter
			}
		}
		if horiz {
			lab.Offset = vg.Point{X: 3, Y: chart.Offset}
		} else {
			lab.Offset = vg.Point{X: chart.Offset, Y: 3}
		}
		p.Add(lab)
	}
	top := 0.0
	for _, b := range c.Bars {
		for s, v := range b.Values {
			if b.Shown[s] {
				top = max(top, v)
			}
		}
	}
	if top == 0 {
		top = 1
	}
	unit := c.Unit
	if unit == "£" {
		unit = "pounds (£)"
	}
	if horiz {
		p.NominalY(labels...)
		p.X.Min, p.X.Max = 0, top*1.18 // room for the figures after the bars
		p.X.Label.Text = unit
		p.Y.Tick.Length = 0
	} else {
		p.NominalX(labels...)
		p.Y.Min, p.Y.Max = 0, top*1.15
		p.Y.Label.Text = unit
		p.X.Tick.Length = 0
	}
	if n > 1 {
		// Bottom right: across the page that is past the shortest bars (the
		// groups are in the table's order, the largest usually first);
		// up the page, above the bars, where the room left for the figures is.
		p.Legend.Top = !horiz
	}
	return p, nil
}

type text struct {
	style *draw.TextStyle
	size  float64
}

// SVG draws the chart as an SVG image. Its fonts are not embedded (they
// would add half a megabyte a chart): the text names Liberation Sans, and
// falls back to Arial, which has the same widths, or the reader's sans-serif.
func (c *Chart) SVG() ([]byte, error) {
	p, err := c.plot()
	if err != nil {
		return nil, err
	}
	w, h := c.size()
	canvas := vgsvg.New(w, h)
	p.Draw(draw.New(canvas))
	var b bytes.Buffer
	if _, err := canvas.WriteTo(&b); err != nil {
		return nil, err
	}
	svg := b.String()
	// An SVG inside HTML needs no XML declaration or doctype.
	if i := strings.Index(svg, "<svg"); i > 0 {
		svg = svg[i:]
	}
	svg = strings.ReplaceAll(svg, "font-family:Liberation Sans;", "font-family:'Liberation Sans',Arial,Helvetica,sans-serif;")
	return []byte(svg), nil
}

// PNG draws the chart as a PNG image at dpi dots per inch.
func (c *Chart) PNG(dpi int) ([]byte, error) {
	p, err := c.plot()
	if err != nil {
		return nil, err
	}
	w, h := c.size()
	canvas := vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(dpi), vgimg.UseBackgroundColor(color.White))
	p.Draw(draw.New(canvas))
	var b bytes.Buffer
	if _, err := (vgimg.PngCanvas{Canvas: canvas}).WriteTo(&b); err != nil {
		return nil, fmt.Errorf("drawing the chart %q: %w", c.Title, err)
	}
	return b.Bytes(), nil
}
