package report

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"time"

	"codeberg.org/go-fonts/liberation/liberationsansbold"
	"codeberg.org/go-fonts/liberation/liberationsansregular"
	"codeberg.org/go-pdf/fpdf"
)

// PDF layout, in millimetres and points.
const (
	pdfMargin   = 16.0
	pdfWidth    = 210.0 - 2*pdfMargin // A4's width between the margins
	pdfBody     = 10.0                // body text, points
	pdfSmall    = 8.0
	pdfTable    = 8.5
	pdfLine     = 5.0 // a line of body text
	pdfCellPad  = 1.2
	pdfChartDPI = 150
)

// WritePDF writes the report as a PDF (A4), with no browser: fpdf sets
// the text in Liberation Sans (embedded, so every character of a forum's
// name shows), the tables with their header repeated on each page they
// run over, and the charts as PNG drawn by gonum/plot. created dates the
// file (its CreationDate).
func (d Doc) WritePDF(w io.Writer, created time.Time) error {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetCreationDate(created)
	pdf.SetModificationDate(created)
	pdf.SetTitle(d.Title, true)
	pdf.SetSubject(d.Subtitle, true)
	pdf.SetCreator("involve", true)
	pdf.AddUTF8FontFromBytes("sans", "", liberationsansregular.TTF)
	pdf.AddUTF8FontFromBytes("sans", "B", liberationsansbold.TTF)
	pdf.SetMargins(pdfMargin, pdfMargin, pdfMargin)
	pdf.SetAutoPageBreak(true, pdfMargin+4)
	pdf.AliasNbPages("{nb}")
	pdf.SetFooterFunc(func() {
		pdf.SetY(-pdfMargin)
		pdf.SetFont("sans", "", pdfSmall)
		pdf.SetTextColor(0x5c, 0x67, 0x70)
		pdf.CellFormat(pdfWidth/2, 4, d.Title, "", 0, "L", false, 0, "")
		pdf.CellFormat(pdfWidth/2, 4, fmt.Sprintf("Page %d of {nb}", pdf.PageNo()), "", 0, "R", false, 0, "")
	})
	pdf.AddPage()

	ink := func() { pdf.SetTextColor(0x1d, 0x23, 0x27) }
	pdf.SetFont("sans", "B", 20)
	ink()
	pdf.MultiCell(pdfWidth, 9, d.Title, "", "L", false)
	pdf.SetFont("sans", "", 12)
	pdf.SetTextColor(0x5c, 0x67, 0x70)
	pdf.MultiCell(pdfWidth, 6, d.Subtitle, "", "L", false)
	pdf.SetDrawColor(0x1b, 0x6f, 0x8a)
	pdf.SetLineWidth(0.8)
	y := pdf.GetY() + 2
	pdf.Line(pdfMargin, y, pdfMargin+pdfWidth, y)
	pdf.SetY(y + 3)

	charts := 0
	for _, s := range d.Sections {
		// A heading is not left alone at the foot of a page.
		if pdf.GetY() > 297-pdfMargin-40 {
			pdf.AddPage()
		}
		pdf.Ln(3)
		pdf.SetFont("sans", "B", 14)
		pdf.SetTextColor(0x1b, 0x6f, 0x8a)
		pdf.MultiCell(pdfWidth, 7, s.Heading, "", "L", false)
		pdf.Ln(1)
		for _, b := range s.Blocks {
			switch {
			case b.Para != "":
				pdf.SetFont("sans", "", pdfBody)
				ink()
				pdf.MultiCell(pdfWidth, pdfLine, b.Para, "", "L", false)
				pdf.Ln(2)
			case b.Table != nil:
				pdfTableOut(pdf, b.Table)
				pdf.Ln(2)
			case b.Chart != nil:
				img, err := b.Chart.PNG(pdfChartDPI)
				if err != nil {
					return err
				}
				cw, ch := b.Chart.size()
				h := pdfWidth * float64(ch) / float64(cw)
				if pdf.GetY()+h > 297-pdfMargin-4 {
					pdf.AddPage()
				}
				charts++
				name := fmt.Sprintf("chart%d", charts)
				opt := fpdf.ImageOptions{ImageType: "PNG"}
				pdf.RegisterImageOptionsReader(name, opt, bytes.NewReader(img))
				pdf.ImageOptions(name, pdfMargin, pdf.GetY(), pdfWidth, h, true, opt, 0, "")
				if b.Chart.Note != "" {
					smallPrint(pdf, b.Chart.Note)
				}
				pdf.Ln(2)
			}
			if b.Small != "" {
				smallPrint(pdf, b.Small)
				pdf.Ln(1)
			}
		}
	}
	pdf.Ln(4)
	pdf.SetDrawColor(0xc9, 0xd1, 0xd6)
	pdf.SetLineWidth(0.2)
	pdf.Line(pdfMargin, pdf.GetY(), pdfMargin+pdfWidth, pdf.GetY())
	pdf.Ln(2)
	for _, n := range d.Notes {
		smallPrint(pdf, n)
		pdf.Ln(1)
	}
	if err := pdf.Error(); err != nil {
		return fmt.Errorf("cannot make the PDF: %w", err)
	}
	return pdf.Output(w)
}

func smallPrint(pdf *fpdf.Fpdf, text string) {
	pdf.SetFont("sans", "", pdfSmall)
	pdf.SetTextColor(0x5c, 0x67, 0x70)
	pdf.MultiCell(pdfWidth, 3.8, text, "", "L", false)
}

// pdfTableOut sets a table out: columns as wide as their widest text
// (the first, the names, taking what is left and wrapping), the header
// repeated at the top of each page the table runs onto, the total in bold.
func pdfTableOut(pdf *fpdf.Fpdf, t *Table) {
	// The cells' padding is pdfCellPad, laid out here: fpdf's own cell
	// margin would be taken off the width a second time.
	defer pdf.SetCellMargin(pdf.GetCellMargin())
	pdf.SetCellMargin(0)
	pdf.SetFont("sans", "", pdfTable)
	n := len(t.Head)
	widths := make([]float64, n)
	measure := func(row []string, bold bool) {
		style := ""
		if bold {
			style = "B"
		}
		pdf.SetFont("sans", style, pdfTable)
		for i, c := range row {
			if i < n {
				widths[i] = max(widths[i], pdf.GetStringWidth(c)+2*pdfCellPad+0.5)
			}
		}
	}
	for _, r := range t.Rows {
		measure(r, false)
	}
	if t.Total != nil {
		measure(t.Total, true)
	}
	// Headers may wrap, but never inside a word.
	pdf.SetFont("sans", "B", pdfTable)
	for i, h := range t.Head {
		if i > 0 {
			widths[i] = max(widths[i], min(pdf.GetStringWidth(h), pdf.GetStringWidth(h)/2+6)+2*pdfCellPad)
		}
		for _, word := range strings.Fields(h) {
			widths[i] = max(widths[i], pdf.GetStringWidth(word)+2*pdfCellPad+0.5)
		}
	}
	rest := pdfWidth
	for _, w := range widths[1:] {
		rest -= w
	}
	if rest < 40 {
		// Too wide: share the page out in proportion, the names keeping 40mm.
		scale := (pdfWidth - 40) / (pdfWidth - rest)
		for i := 1; i < n; i++ {
			widths[i] *= scale
		}
		rest = 40
	}
	widths[0] = rest
	lineH := 4.2
	row := func(cells []string, style string, fill bool, border string) {
		pdf.SetFont("sans", style, pdfTable)
		lines := 1
		for i, c := range cells {
			if i < n {
				lines = max(lines, len(pdf.SplitText(c, widths[i]-2*pdfCellPad)))
			}
		}
		h := float64(lines)*lineH + 1.6
		_, pageH := pdf.GetPageSize()
		_, _, _, bottom := pdf.GetMargins()
		if pdf.GetY()+h > pageH-bottom-4 {
			pdf.AddPage()
			if style != "head" {
				header(pdf, t, widths)
			}
		}
		x, y := pdf.GetX(), pdf.GetY()
		if fill {
			pdf.SetFillColor(0xf1, 0xf5, 0xf7)
			pdf.Rect(x, y, pdfWidth, h, "F")
		}
		for i := range n {
			c := ""
			if i < len(cells) {
				c = cells[i]
			}
			align := "L"
			if i < len(t.Right) && t.Right[i] {
				align = "R"
			}
			pdf.SetXY(x+pdfCellPad, y+0.8)
			pdf.MultiCell(widths[i]-2*pdfCellPad, lineH, c, "", align, false)
			x += widths[i]
		}
		pdf.SetDrawColor(0xc9, 0xd1, 0xd6)
		pdf.SetLineWidth(0.2)
		if border == "total" {
			pdf.SetDrawColor(0x1d, 0x23, 0x27)
			pdf.SetLineWidth(0.4)
			pdf.Line(pdfMargin, y, pdfMargin+pdfWidth, y)
		} else {
			pdf.Line(pdfMargin, y+h, pdfMargin+pdfWidth, y+h)
		}
		pdf.SetXY(pdfMargin, y+h)
	}
	// A header is not left alone at the foot of a page.
	if _, pageH := pdf.GetPageSize(); pdf.GetY()+20 > pageH-pdfMargin-4 {
		pdf.AddPage()
	}
	header(pdf, t, widths)
	pdf.SetTextColor(0x1d, 0x23, 0x27)
	for i, r := range t.Rows {
		row(r, "", i%2 == 1, "")
	}
	if t.Total != nil {
		row(t.Total, "B", false, "total")
	}
}

// header draws a table's header line.
func header(pdf *fpdf.Fpdf, t *Table, widths []float64) {
	pdf.SetFont("sans", "B", pdfTable)
	pdf.SetTextColor(0x1d, 0x23, 0x27)
	lineH := 4.2
	lines := 1
	for i, h := range t.Head {
		lines = max(lines, len(pdf.SplitText(h, widths[i]-2*pdfCellPad)))
	}
	h := float64(lines)*lineH + 1.6
	x, y := pdfMargin, pdf.GetY()
	for i, c := range t.Head {
		align := "L"
		if i < len(t.Right) && t.Right[i] {
			align = "R"
		}
		pdf.SetXY(x+pdfCellPad, y+0.8)
		pdf.MultiCell(widths[i]-2*pdfCellPad, lineH, strings.TrimSpace(c), "", align, false)
		x += widths[i]
	}
	pdf.SetDrawColor(0x1d, 0x23, 0x27)
	pdf.SetLineWidth(0.4)
	pdf.Line(pdfMargin, y+h, pdfMargin+pdfWidth, y+h)
	pdf.SetXY(pdfMargin, y+h)
}
