package report

import (
	"bufio"
	"io"
	"math"
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// BarWidth is how many cells the longest text bar takes.
const BarWidth = 30

// WriteMarkdown writes the report as markdown: tables as pipe tables, and
// charts as bars of block characters in a fenced block, which read as bars
// in a terminal (through glamour or as plain text) and anywhere else.
func (d Doc) WriteMarkdown(w io.Writer) error { return d.writeMarkdown(w, BarWidth) }

// Markdown is the report as WriteMarkdown writes it, with the longest bar
// barWidth cells long (to fit a narrow terminal); 0 draws no bars, only
// the figures (for a screen reader, which would read each block aloud).
func (d Doc) Markdown(barWidth int) string {
	var b strings.Builder
	d.writeMarkdown(&b, barWidth)
	return b.String()
}

func (d Doc) writeMarkdown(w io.Writer, barWidth int) error {
	b := bufio.NewWriter(w)
	b.WriteString("# " + mdEscape(d.Title) + "\n\n")
	b.WriteString("*" + mdEscape(d.Subtitle) + "*\n")
	for _, s := range d.Sections {
		b.WriteString("\n## " + mdEscape(s.Heading) + "\n")
		for _, bl := range s.Blocks {
			b.WriteString("\n")
			switch {
			case bl.Para != "":
				b.WriteString(mdEscape(bl.Para) + "\n")
			case bl.Table != nil:
				writeMarkdownTable(b, bl.Table)
			case bl.Chart != nil:
				b.WriteString("**" + mdEscape(bl.Chart.Title) + "**\n\n```text\n")
				b.WriteString(TextBars(bl.Chart, barWidth))
				b.WriteString("```\n")
				if bl.Chart.Note != "" {
					b.WriteString("\n" + mdEscape(bl.Chart.Note) + "\n")
				}
			}
			if bl.Small != "" {
				b.WriteString("\n" + mdEscape(bl.Small) + "\n")
			}
		}
	}
	if len(d.Notes) > 0 {
		b.WriteString("\n---\n")
		for _, n := range d.Notes {
			b.WriteString("\n" + mdEscape(n) + "\n")
		}
	}
	return b.Flush()
}

func writeMarkdownTable(b *bufio.Writer, t *Table) {
	row := func(cells []string, bold bool) {
		b.WriteString("|")
		for _, c := range cells {
			c = mdEscape(c)
			if bold && c != "" {
				c = "**" + c + "**"
			}
			b.WriteString(" " + c + " |")
		}
		b.WriteString("\n")
	}
	row(t.Head, false)
	b.WriteString("|")
	for i := range t.Head {
		if i < len(t.Right) && t.Right[i] {
			b.WriteString("--:|")
		} else {
			b.WriteString("---|")
		}
	}
	b.WriteString("\n")
	for _, r := range t.Rows {
		row(r, false)
	}
	if t.Total != nil {
		row(t.Total, true)
	}
}

// mdEscape keeps text from being read as markdown: what the report prints
// is figures and names, never markup.
func mdEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, "|", `\|`, "*", `\*`, "_", `\_`, "`", "\\`", "<", "&lt;", "[", `\[`, "]", `\]`, "#", `\#`).Replace(s)
}

// TextBars draws a chart as lines of text: the label, a bar of block
// characters (eighths for the last cell) at most width cells long, and
// the figure. With two series each label has a bar for each, the second
// drawn in a lighter shade. A hidden figure has no bar. Width 0 gives the
// labels and figures alone, the series named on each line.
func TextBars(c *Chart, width int) string {
	labelW := 0
	for _, b := range c.Bars {
		labelW = max(labelW, ansi.StringWidth(b.Label))
	}
	top := 0.0
	for _, b := range c.Bars {
		for i, v := range b.Values {
			if b.Shown[i] {
				top = max(top, v)
			}
		}
	}
	var out strings.Builder
	if width <= 0 {
		for _, b := range c.Bars {
			for i := range b.Values {
				label := b.Label
				if len(c.Series) > 1 {
					label += ", " + c.Series[i]
				}
				out.WriteString(label + ": " + b.Text[i] + "\n")
			}
		}
		return out.String()
	}
	if len(c.Series) > 1 {
		out.WriteString(strings.Repeat(" ", labelW+1) + "█ " + c.Series[0] + "   ░ " + c.Series[1] + "\n")
	}
	for _, b := range c.Bars {
		for i, v := range b.Values {
			label := b.Label
			if i > 0 {
				label = ""
			}
			out.WriteString(label + strings.Repeat(" ", labelW-ansi.StringWidth(label)) + " ")
			bar := ""
			if b.Shown[i] && top > 0 {
				bar = barOf(v/top*float64(width), i > 0)
			}
			out.WriteString(bar + " " + b.Text[i] + "\n")
		}
	}
	return out.String()
}

// barOf is a bar n cells long, in eighths; light draws it in a lighter shade.
func barOf(n float64, light bool) string {
	if light {
		return strings.Repeat("░", int(math.Round(n)))
	}
	eighths := int(math.Round(n * 8))
	s := strings.Repeat("█", eighths/8)
	if r := eighths % 8; r > 0 {
		s += string([]rune("▏▎▍▌▋▊▉")[r-1])
	}
	return s
}
