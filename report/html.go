package report

import (
	"html/template"
	"io"
)

// htmlBlock is a Block ready for the template: a chart drawn as SVG.
type htmlBlock struct {
	Block
	SVG template.HTML // the chart, drawn by gonum/plot (its text escaped)
}

type htmlSection struct {
	Heading string
	Blocks  []htmlBlock
}

// WriteHTML writes the report as one self-contained HTML file: its styles
// inline, its charts as inline SVG, nothing fetched from anywhere, so it
// can be emailed or opened offline, and printed (A4, with the tables and
// charts kept whole on a page). Every text in it is escaped.
func (d Doc) WriteHTML(w io.Writer) error {
	var secs []htmlSection
	for _, s := range d.Sections {
		hs := htmlSection{Heading: s.Heading}
		for _, b := range s.Blocks {
			hb := htmlBlock{Block: b}
			if b.Chart != nil {
				svg, err := b.Chart.SVG()
				if err != nil {
					return err
				}
				hb.SVG = template.HTML(svg) // generated here; gonum escapes the text it draws
			}
			hs.Blocks = append(hs.Blocks, hb)
		}
		secs = append(secs, hs)
	}
	return htmlPage.Execute(w, struct {
		Doc
		HTMLSections []htmlSection
	}{d, secs})
}

var htmlPage = template.Must(template.New("report").Funcs(template.FuncMap{
	"right": func(t *Table, i int) bool { return i < len(t.Right) && t.Right[i] },
}).Parse(`<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="involve">
<title>{{.Title}}</title>
<style>
:root { --ink: #1d2327; --faint: #5c6770; --rule: #c9d1d6; --band: #f1f5f7; --accent: #1b6f8a; }
* { box-sizing: border-box; }
html { font-family: "Liberation Sans", Arial, Helvetica, sans-serif; color: var(--ink); background: #fff; line-height: 1.45; }
body { margin: 0; }
main { max-width: 52rem; margin: 0 auto; padding: 2rem 1.25rem 3rem; }
header { border-bottom: 3px solid var(--accent); margin-bottom: 1.5rem; }
h1 { font-size: 1.9rem; margin: 0 0 .25rem; }
.period { color: var(--faint); margin: 0 0 1rem; font-size: 1.05rem; }
h2 { font-size: 1.35rem; margin: 2rem 0 .6rem; color: var(--accent); break-after: avoid; page-break-after: avoid; }
p { margin: .6rem 0; }
.small { font-size: .85rem; color: var(--faint); }
table { border-collapse: collapse; width: 100%; margin: .8rem 0; font-size: .92rem; break-inside: avoid; page-break-inside: avoid; }
th, td { padding: .3rem .5rem; border-bottom: 1px solid var(--rule); text-align: left; vertical-align: top; }
th { border-bottom: 2px solid var(--ink); }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tbody tr:nth-child(even) { background: var(--band); }
tfoot td { font-weight: bold; border-top: 2px solid var(--ink); border-bottom: none; }
thead { display: table-header-group; }
figure.chart { margin: 1rem 0; break-inside: avoid; page-break-inside: avoid; }
figure.chart svg { display: block; width: 100%; height: auto; }
figcaption { font-size: .85rem; color: var(--faint); margin-top: .3rem; }
footer { margin-top: 2.5rem; border-top: 1px solid var(--rule); padding-top: .8rem; }
@page { size: A4; margin: 16mm 14mm; }
@media print {
  html { font-size: 10.5pt; }
  main { max-width: none; padding: 0; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  h2 { margin-top: 1.2rem; }
}
</style>
</head>
<body>
<main>
<header>
<h1>{{.Title}}</h1>
<p class="period">{{.Subtitle}}</p>
</header>
{{range .HTMLSections}}<section>
<h2>{{.Heading}}</h2>
{{range .Blocks}}{{if .Para}}<p>{{.Para}}</p>
{{else if .Table}}{{$t := .Table}}<table>
<thead><tr>{{range $i, $h := $t.Head}}<th{{if right $t $i}} class="n"{{end}} scope="col">{{$h}}</th>{{end}}</tr></thead>
<tbody>
{{range $t.Rows}}<tr>{{range $i, $c := .}}<td{{if right $t $i}} class="n"{{end}}>{{$c}}</td>{{end}}</tr>
{{end}}</tbody>
{{if $t.Total}}<tfoot><tr>{{range $i, $c := $t.Total}}<td{{if right $t $i}} class="n"{{end}}>{{$c}}</td>{{end}}</tr></tfoot>
{{end}}</table>
{{else if .Chart}}<figure class="chart" aria-label="{{.Chart.Title}}">
{{.SVG}}
{{if .Chart.Note}}<figcaption>{{.Chart.Note}}</figcaption>{{end}}
</figure>
{{end}}{{if .Small}}<p class="small">{{.Small}}</p>
{{end}}{{end}}</section>
{{end}}<footer>
{{range .Notes}}<p class="small">{{.}}</p>
{{end}}</footer>
</main>
</body>
</html>
`))
