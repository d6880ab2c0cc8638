// Package report sets out the annual involvement report: the year's
// forums and meetings, who came, new members, consultations, senior
// officers' contact, training, the support given to take part, stories and
// reach. Build turns the store's figures into a Doc, putting every count
// of people through disclosure control on the way, so that a Doc holds
// nothing that names or singles out a person; the Doc is then written as
// markdown (with bar charts in text, for the terminal), as one
// self-contained HTML file that prints well, or as PDF, the last two with
// charts drawn by gonum/plot.
package report

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/involve/involve/civil"
	"github.com/involve/involve/disclosure"
	"github.com/involve/involve/store"
)

// Doc is a report ready to be written: headings, paragraphs, tables and
// charts, every figure already as it may be published.
type Doc struct {
	Title    string
	Subtitle string // the period, in words
	Sections []Section
	Notes    []string // under the whole report: how the figures are counted and protected
}

// Section is one heading and what comes under it, in order.
type Section struct {
	Heading string
	Blocks  []Block
}

// Block is one paragraph, table or chart.
type Block struct {
	Para  string
	Table *Table
	Chart *Chart
	Small string // small print (a table's footnote)
}

// Table is a table of text, already formatted.
type Table struct {
	Head  []string
	Right []bool // columns aligned right (figures)
	Rows  [][]string
	Total []string // the total line, or nil
}

// Chart is a bar chart: one bar (or, with two series, a pair of bars) per
// label.
type Chart struct {
	Title  string
	Unit   string   // what the bars measure: "attendances", "£"
	Series []string // the series' names (one, or two to compare)
	Bars   []Bar
	Note   string // under the chart
}

// Bar is one label's values, one per series, with the text shown for each
// ("120", "*", "£1,234.00"). A hidden value (Shown false) is drawn as no
// bar and labelled with its text.
type Bar struct {
	Label  string
	Values []float64
	Text   []string
	Shown  []bool
}

// Options are the report's period and the rule its counts of people are
// published by.
type Options struct {
	From, To civil.Date
	// Year, when set, names the financial year the period is ("2026-27").
	Year string
	// Rule is the disclosure rule (the zero Rule is NHS Digital's); Load
	// takes the database's.
	Rule disclosure.Rule
}

// Load gathers the figures and builds the report, its counts of people
// published by the database's disclosure rule.
func Load(ctx context.Context, s *store.Store, o Options) (Doc, error) {
	rule, err := s.DisclosureRule(ctx)
	if err != nil {
		return Doc{}, err
	}
	o.Rule = rule
	a, err := s.AnnualReport(ctx, o.From, o.To)
	if err != nil {
		return Doc{}, err
	}
	return Build(a, o)
}

// dateWords is a date as "1 April 2026".
func dateWords(d civil.Date) string { return d.Time(time.UTC).Format("2 January 2006") }

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// builder sets the report out, publishing every count of people through
// the disclosure rule: the only way a count reaches the document is as a
// disclosure.Count from Rule.Protect.
type builder struct {
	a    store.Annual
	rule disclosure.Rule
	err  error
}

// protect publishes a grid of raw counts of people.
func (b *builder) protect(g disclosure.Grid) *disclosure.Table {
	t, err := b.rule.Protect(g)
	if err != nil && b.err == nil {
		b.err = err
	}
	if t == nil {
		t, _ = b.rule.Protect(disclosure.Grid{Rows: []string{"-"}, Cols: []string{"-"}, Cells: [][]int{{0}}})
	}
	return t
}

// one publishes a single count of people: as a table of one, whose total
// the rule shows on its own ("*" for 1 to 7).
func (b *builder) one(label string, n int) disclosure.Count {
	return b.protect(disclosure.Grid{Rows: []string{label}, Cols: []string{"People"}, Cells: [][]int{{n}}, ColTotals: true}).Total()
}

// small is the table's footnote when it hides more than the rule alone
// (a [c], or the whole breakdown), else "".
func (b *builder) small(t *disclosure.Table) string {
	if f := t.Footnote(); f != b.rule.Footnote() {
		return f
	}
	return ""
}

// Build sets out the figures as a report.
func Build(a store.Annual, o Options) (Doc, error) {
	b := &builder{a: a, rule: o.Rule}
	d := Doc{Title: "Annual involvement report"}
	if o.Year != "" {
		d.Title += " " + o.Year
	}
	d.Subtitle = dateWords(a.From) + " to " + dateWords(a.To)
	d.Sections = append(d.Sections,
		b.forumsSection(),
		b.attendanceSection(),
		b.consultationsSection(),
		b.officersSection(),
		b.trainingSection(),
		b.supportSection(),
		b.storiesSection(),
		b.reachSection(),
	)
	d.Notes = []string{
		"Counts of people: " + b.rule.Footnote(),
		"Nothing in this report names a person. People are counted once however often they came, by the role they have now; " +
			"a meeting counts in the period when it starts in it (London time).",
	}
	return d, b.err
}

func (b *builder) forumsSection() Section {
	a := b.a
	sec := Section{Heading: "Forums and meetings"}
	held, cancelled, met := 0, 0, 0
	g := disclosure.Grid{Cols: []string{"People", "Attendances", "Joined"}}
	for _, f := range a.Forums {
		held += f.Held
		cancelled += f.Cancelled
		if f.Held > 0 {
			met++
		}
		g.Rows = append(g.Rows, f.Name)
		g.Cells = append(g.Cells, []int{f.People, f.Attendances, f.NewMembers})
	}
	p := fmt.Sprintf("%s of %d met %s in the year", plural(met, "forum", "forums"), len(a.Forums), plural(held, "time", "times"))
	switch {
	case len(a.Forums) == 0:
		p = "No forums are recorded"
	case met == 0:
		p = fmt.Sprintf("None of the %s met in the year", plural(len(a.Forums), "forum", "forums"))
	}
	if cancelled > 0 {
		p += fmt.Sprintf("; %s cancelled", plural(cancelled, "meeting was", "meetings were"))
	}
	sec.Blocks = append(sec.Blocks, Block{Para: p + "."})
	if len(a.Forums) == 0 {
		return sec
	}
	c := b.protect(g)
	t := &Table{Head: []string{"Forum", "Held", "Cancelled", "People", "Attendances", "Joined"},
		Right: []bool{false, true, true, true, true, true}}
	for i, f := range a.Forums {
		t.Rows = append(t.Rows, []string{f.Name, fmt.Sprint(f.Held), fmt.Sprint(f.Cancelled),
			c.Cell(i, 0).String(), c.Cell(i, 1).String(), c.Cell(i, 2).String()})
	}
	t.Total = []string{"All forums", fmt.Sprint(held), fmt.Sprint(cancelled), "", "", ""}
	sec.Blocks = append(sec.Blocks, Block{Table: t, Small: strings.TrimSpace(
		"Held and Cancelled count meetings; People counts the different people who came to the forum's meetings, " +
			"Attendances how often they came, and Joined the people who became members in the year. " +
			"A person who came to several forums is counted in each; the next section counts everyone once. " + b.small(c))})
	return sec
}

func (b *builder) attendanceSection() Section {
	a := b.a
	sec := Section{Heading: "Attendance"}
	// The total of people is the reach tables' total too: the same people.
	g := disclosure.Grid{Cols: []string{"People", "Attendances"}, ColTotals: true, SharedTotal: true}
	for _, r := range a.Roles {
		g.Rows = append(g.Rows, r.Role.Label())
		g.Cells = append(g.Cells, []int{r.People, r.Attendances})
	}
	c := b.protect(g)
	people, atts := c.ColTotal(0), c.ColTotal(1)
	// The average from the figures as published, never the raw ones.
	shownAtts, ok := atts.Shown()
	average := disclosure.Mean(shownAtts, people).String()
	if !ok {
		average = disclosure.Small
	}
	p := fmt.Sprintf("%s people came to at least one meeting, %s times in all: on average each came to %s meetings.",
		people, atts, average)
	if a.People == 0 {
		p = "Nobody came to a meeting in the year."
	}
	sec.Blocks = append(sec.Blocks, Block{Para: fmt.Sprintf("%s %s people joined a forum in the year.", p, b.one("joined", a.NewMembers))})
	t := &Table{Head: []string{"Role", "People who came", "Attendances"}, Right: []bool{false, true, true}}
	for i, r := range a.Roles {
		t.Rows = append(t.Rows, []string{r.Role.Label(), c.Cell(i, 0).String(), c.Cell(i, 1).String()})
	}
	t.Total = []string{"Everyone", people.String(), atts.String()}
	sec.Blocks = append(sec.Blocks, Block{Table: t, Small: b.small(c)})

	mg := disclosure.Grid{Cols: []string{"Attendances"}, ColTotals: true}
	for _, m := range a.Months {
		mg.Rows = append(mg.Rows, m.Label())
		mg.Cells = append(mg.Cells, []int{m.Attendances})
	}
	mc := b.protect(mg)
	ch := &Chart{Title: "Attendance by month", Unit: "attendances", Series: []string{"Attendances"}, Note: b.small(mc)}
	for i, m := range a.Months {
		v := mc.Cell(i, 0)
		n, ok := v.Shown()
		ch.Bars = append(ch.Bars, Bar{Label: m.Start.Time(time.UTC).Format("Jan 06"), Values: []float64{float64(n)},
			Text: []string{v.String()}, Shown: []bool{ok}})
	}
	sec.Blocks = append(sec.Blocks, Block{Chart: ch})
	return sec
}

func (b *builder) consultationsSection() Section {
	c := b.a.Consultations
	sec := Section{Heading: "Consultations: you said, we did"}
	if c.Open == 0 && c.Points == 0 && c.Responses == 0 {
		sec.Blocks = append(sec.Blocks, Block{Para: "No consultation was open in the year, and no point was raised or answered."})
		return sec
	}
	p := fmt.Sprintf("%s open for responses in the year. Forums raised %s (%s people raising them); %s decided in the year",
		plural(c.Open, "consultation was", "consultations were"), plural(c.Points, "point", "points"),
		b.one("raised by", c.RaisedBy), plural(c.Responses, "response was", "responses were"))
	if c.Waiting > 0 {
		p += fmt.Sprintf(", and %s raised in the year still %s a response", plural(c.Waiting, "point", "points"),
			map[bool]string{true: "awaits", false: "await"}[c.Waiting == 1])
	}
	var fb []string
	for i, k := range store.FeedbackKinds {
		if c.Feedback[i] > 0 {
			fb = append(fb, fmt.Sprintf("%s %d", strings.ToLower(strings.SplitN(k.Label(), " (", 2)[0]), c.Feedback[i]))
		}
	}
	p += "."
	if len(fb) > 0 {
		p += " Feedback given to the forums: " + strings.Join(fb, ", ") + "."
	}
	sec.Blocks = append(sec.Blocks, Block{Para: p})
	if c.Responses == 0 {
		return sec
	}
	t := &Table{Head: []string{"What it changed"}, Right: []bool{false}}
	for _, o := range store.Outcomes {
		t.Head = append(t.Head, o.Label())
		t.Right = append(t.Right, true)
	}
	t.Head, t.Right = append(t.Head, "All"), append(t.Right, true)
	totals := make([]int, len(store.Outcomes)+1)
	for si, st := range store.Stages {
		row, all := []string{st.Label()}, 0
		if st == store.StageNone {
			row[0] = "Nothing (not done)"
		}
		for oi := range store.Outcomes {
			n := c.Decided[si][oi]
			row = append(row, fmt.Sprint(n))
			all += n
			totals[oi] += n
		}
		totals[len(totals)-1] += all
		if all > 0 {
			t.Rows = append(t.Rows, append(row, fmt.Sprint(all)))
		}
	}
	t.Total = []string{"All responses"}
	for _, n := range totals {
		t.Total = append(t.Total, fmt.Sprint(n))
	}
	sec.Blocks = append(sec.Blocks, Block{Table: t, Small: "We did: the responses decided in the year, by the stage of a service's life " +
		"they changed (planning, development, delivery, commissioning, recruitment, evaluation) and what was done. These count " +
		"points, not people."})
	return sec
}

func (b *builder) officersSection() Section {
	a := b.a
	sec := Section{Heading: "Senior officers' contact"}
	g := disclosure.Grid{Cols: []string{"Visits"}}
	met := 0
	contacts, written := 0, 0
	for _, f := range a.Forums {
		g.Rows = append(g.Rows, f.Name)
		g.Cells = append(g.Cells, []int{f.OfficerVisits})
		if f.OfficerVisits > 0 || f.Contacts > 0 {
			met++
		}
		contacts += f.Contacts
		written += f.Written
	}
	p := fmt.Sprintf("%s of %d met a senior officer in the year: at its meetings (each time an officer is signed in counts as a visit), "+
		"or at a visit, one-to-one or board seat logged with it (%s in all).",
		plural(met, "forum", "forums"), len(a.Forums), plural(contacts, "contact", "contacts"))
	if written > 0 {
		p += fmt.Sprintf(" Senior officers also wrote to the forums %s.", plural(written, "time", "times"))
	}
	sec.Blocks = append(sec.Blocks, Block{Para: p})
	if len(a.Forums) == 0 {
		return sec
	}
	c := b.protect(g)
	t := &Table{Head: []string{"Forum", "Visits to meetings", "Other contacts", "Written replies", "Last met", "Months since, at the year's end"},
		Right: []bool{false, true, true, true, false, true}}
	for i, f := range a.Forums {
		last, since := "never", "—"
		if !f.LastMet.IsZero() {
			last = dateWords(f.LastMet)
			since = fmt.Sprint(a.To.MonthsSince(f.LastMet))
		}
		t.Rows = append(t.Rows, []string{f.Name, c.Cell(i, 0).String(), fmt.Sprint(f.Contacts), fmt.Sprint(f.Written), last, since})
	}
	sec.Blocks = append(sec.Blocks, Block{Table: t, Small: strings.TrimSpace("Visits to meetings are officers signed in on a meeting's " +
		"register (a count of people's attendances); other contacts and written replies are those logged, one for each forum they " +
		"were with. " + b.small(c))})
	return sec
}

func (b *builder) trainingSection() Section {
	tr := b.a.Training
	sec := Section{Heading: "Training health and care workers"}
	if tr.Sessions == 0 {
		sec.Blocks = append(sec.Blocks, Block{Para: "No training session co-delivered by people with lived experience was held in the year."})
		return sec
	}
	p := fmt.Sprintf("People with lived experience helped train health and care workers at %s in the year, for %s learners: "+
		"%s people co-delivered them (%s places at sessions in all), giving %s hours to preparing and delivering them.",
		plural(tr.Sessions, "session", "sessions"), b.one("learners", tr.Learners), b.one("co-trainers", tr.CoTrainers),
		b.one("places", tr.Places), tr.Hours)
	if tr.Replies > 0 {
		p += fmt.Sprintf(" Learners who gave feedback (%s) scored the sessions %s out of 5 on average.",
			b.one("replies", tr.Replies), store.Hundredths(tr.Score))
	}
	sec.Blocks = append(sec.Blocks, Block{Para: p})
	g := disclosure.Grid{Cols: []string{"Learners"}, ColTotals: true}
	var profs []int
	for i, x := range tr.ByProfession {
		if x[0] > 0 {
			profs = append(profs, i)
			g.Rows = append(g.Rows, store.Professions[i].Label())
			g.Cells = append(g.Cells, []int{x[1]})
		}
	}
	c := b.protect(g)
	t := &Table{Head: []string{"Learners", "Sessions", "Learners taught"}, Right: []bool{false, true, true}}
	for r, i := range profs {
		t.Rows = append(t.Rows, []string{store.Professions[i].Label(), fmt.Sprint(tr.ByProfession[i][0]), c.Cell(r, 0).String()})
	}
	t.Total = []string{"All", fmt.Sprint(tr.Sessions), c.ColTotal(0).String()}
	var kinds []string
	for i, n := range tr.ByKind {
		if n > 0 {
			kinds = append(kinds, fmt.Sprintf("%s %d", strings.ToLower(store.TrainingKinds[i].Label()), n))
		}
	}
	sec.Blocks = append(sec.Blocks, Block{Table: t, Small: strings.TrimSpace("Sessions by how people took part: " +
		strings.Join(kinds, ", ") + ". Co-trainers' hours are paid as involvement payments, counted under Support to take part. " + b.small(c))})
	return sec
}

func (b *builder) supportSection() Section {
	a := b.a
	sec := Section{Heading: "Support to take part"}
	sec.Blocks = append(sec.Blocks, Block{Para: fmt.Sprintf(
		"Transport: %s journeys to and from meetings were booked for %s people. Expenses: %s people claimed %s. Involvement payments: %s people were paid or are due %s for %s hours.",
		b.one("journeys", a.Journeys), b.one("carried", a.JourneyPeople), b.one("claimed", a.ExpensePeople), a.Expenses.All.Total,
		b.one("paid", a.Payments.People), a.Payments.Received(), a.Payments.Hours)})
	e := a.Expenses
	t := &Table{Head: []string{"Expenses", "Claimed", "Approved", "Paid", "Total"}, Right: []bool{false, true, true, true, true}}
	for _, r := range e.ByCategory {
		if r.Total == 0 {
			continue
		}
		t.Rows = append(t.Rows, []string{r.Label, r.Claimed.String(), r.Approved.String(), r.Paid.String(), r.Total.String()})
	}
	t.Total = []string{"All expenses", e.All.Claimed.String(), e.All.Approved.String(), e.All.Paid.String(), e.All.Total.String()}
	sec.Blocks = append(sec.Blocks, Block{Table: t, Small: fmt.Sprintf(
		"Expense claims dated in the year, rejected claims apart (%s rejected): the same figures as involve expenses report --from %s --to %s.",
		e.All.Rejected, a.From, a.To)})

	p := a.Payments
	pt := &Table{Head: []string{"Involvement payments", "Paid", "Due", "Received in all", "Donated", "Declined", "Hours"},
		Right: []bool{false, true, true, true, true, true, true}}
	pt.Rows = append(pt.Rows, []string{"All payments", p.Paid.String(), p.Due.String(), p.Received().String(),
		p.Donated.String(), p.Declined.String(), p.Hours.String()})
	sec.Blocks = append(sec.Blocks, Block{Table: pt, Small: "Counted as the ledger counts them: money in the year it was paid, or while not yet paid " +
		"the day of the involvement; hours on the day of the involvement; rejected payments not at all. Donated payments went to a cause, " +
		"not to the person; declined ones were not paid."})

	ch := &Chart{Title: "Money by category", Unit: "£", Series: []string{"Amount"}}
	add := func(label string, p store.Pence) {
		if p > 0 {
			ch.Bars = append(ch.Bars, Bar{Label: label, Values: []float64{float64(p) / 100}, Text: []string{p.String()}, Shown: []bool{true}})
		}
	}
	for _, r := range e.ByCategory {
		add(r.Label, r.Total)
	}
	add("Involvement payments", p.PaidOut())
	if len(ch.Bars) > 0 {
		ch.Note = "Expenses (claimed, approved and paid) and involvement payments (received and donated)."
		sec.Blocks = append(sec.Blocks, Block{Chart: ch})
	}
	return sec
}

func (b *builder) storiesSection() Section {
	a := b.a
	read := "No story was read at a forum in the year."
	if a.StoriesRead > 0 {
		read = fmt.Sprintf("%s read at forums, on %s in all (a story read in reading mode counts once a day).",
			plural(a.StoriesRead, "story was", "different stories were"), plural(a.StoryReadings, "day", "story-days"))
	}
	return Section{Heading: "Stories", Blocks: []Block{{Para: fmt.Sprintf(
		"%s added to the anthology in the year. %s At the year's end %s could be read at forums (consent given and covering forums, approved or published, not expired or embargoed).",
		plural(a.StoriesAdded, "story was", "stories were"), read, plural(a.StoriesReadable, "story", "stories"))}}}
}

func (b *builder) reachSection() Section {
	r := b.a.Reach
	sec := Section{Heading: "Reach"}
	var eth *store.ReachTable
	for i := range r.Tables {
		if r.Tables[i].Question == store.QuestionEthnicGroup {
			eth = &r.Tables[i]
		}
	}
	if eth == nil {
		sec.Blocks = append(sec.Blocks, Block{Para: "No equality monitoring is recorded."})
		return sec
	}
	p := fmt.Sprintf("Who the forums reached: the %s people who came to at least one meeting in the year, by the ethnic group they gave "+
		"(equality monitoring, as the 2021 Census asked it)", r.People)
	if r.Reference != nil {
		p += fmt.Sprintf(", beside %s (%s)", r.Reference.Name, dateWords(r.Reference.AsOf))
	}
	p += ". Shares are of those who gave an answer; the other questions are in involve reach."
	sec.Blocks = append(sec.Blocks, Block{Para: p})
	t := &Table{Head: []string{"Ethnic group", "People", "Share"}, Right: []bool{false, true, true}}
	if r.Reference != nil {
		t.Head = append(t.Head, "Reference", "Difference")
		t.Right = append(t.Right, true, true)
	}
	ch := &Chart{Title: "Reach against reference", Unit: "% of those who gave an answer", Series: []string{"People involved"}}
	if r.Reference != nil {
		ch.Series = append(ch.Series, "Reference")
	}
	for _, l := range eth.Lines {
		label := strings.Repeat("\u00a0\u00a0", max(0, l.Depth-1)) + l.Label
		row := []string{label, l.People.String(), l.Share.String()}
		if l.Kind != store.ReachCategoryLine && l.Kind != store.ReachGroupLine {
			row[2] = ""
		}
		if r.Reference != nil {
			row = append(row, l.ReferenceText(), "")
			if l.HasReference {
				row[4] = l.Difference.String()
			}
		}
		if l.Kind == store.ReachTotalLine {
			t.Total = row
			continue
		}
		t.Rows = append(t.Rows, row)
		if l.Kind == store.ReachGroupLine {
			v, ok := l.Share.Value()
			bar := Bar{Label: shortGroup(l.Label), Values: []float64{v}, Text: []string{l.Share.String()}, Shown: []bool{ok}}
			if r.Reference != nil {
				bar.Values = append(bar.Values, float64(l.Reference)/10)
				bar.Text = append(bar.Text, l.ReferenceText())
				bar.Shown = append(bar.Shown, l.HasReference)
			}
			ch.Bars = append(ch.Bars, bar)
		}
	}
	sec.Blocks = append(sec.Blocks, Block{Table: t, Small: eth.Footnote})
	if len(ch.Bars) > 0 {
		ch.Note = "The ethnic groups' shares of the people involved who gave an answer"
		if r.Reference != nil {
			ch.Note += ", beside the reference population's"
		}
		ch.Note += "; a share hidden to protect a small count has no bar."
		sec.Blocks = append(sec.Blocks, Block{Chart: ch})
	}
	return sec
}

// shortGroup is an ethnic group's heading short enough for a chart's label:
// "Black, Black British, Caribbean or African" is "Black".
func shortGroup(label string) string {
	for _, sep := range []string{",", " or "} {
		if i := strings.Index(label, sep); i > 0 {
			label = label[:i]
		}
	}
	return label
}
