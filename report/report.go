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
	"time"

	"github.com/involve/involve/civil"
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

// Options are the report's period and the clock it is dated by.
type Options struct {
	From, To civil.Date
	// Year, when set, names the financial year the period is ("2026-27").
	Year string
}

// Load gathers the figures and builds the report.
func Load(ctx context.Context, s *store.Store, o Options) (Doc, error) {
	a, err := s.AnnualReport(ctx, o.From, o.To)
	if err != nil {
		return Doc{}, err
	}
	return Build(a, o), nil
}

// dateWords is a date as "1 April 2026".
func dateWords(d civil.Date) string { return d.Time(time.UTC).Format("2 January 2006") }

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// Build sets out the figures as a report.
func Build(a store.Annual, o Options) Doc {
	d := Doc{Title: "Annual involvement report"}
	if o.Year != "" {
		d.Title += " " + o.Year
	}
	d.Subtitle = dateWords(a.From) + " to " + dateWords(a.To)
	d.Sections = append(d.Sections,
		forumsSection(a),
		attendanceSection(a),
		consultationsSection(a),
		officersSection(a),
		trainingSection(a),
		supportSection(a),
		storiesSection(a),
		reachSection(a),
	)
	d.Notes = []string{
		"Counts of people: " + footnote(),
		"Nothing in this report names a person. People are counted once however often they came, by the role they have now; " +
			"a meeting counts in the period when it starts in it (London time).",
	}
	return d
}

func forumsSection(a store.Annual) Section {
	sec := Section{Heading: "Forums and meetings"}
	held, cancelled, met := 0, 0, 0
	g := grid{cols: []string{"People who came", "Attendances", "New members"}}
	for _, f := range a.Forums {
		held += f.Held
		cancelled += f.Cancelled
		if f.Held > 0 {
			met++
		}
		g.rows = append(g.rows, f.Name)
		g.cells = append(g.cells, []int{f.People, f.Attendances, f.NewMembers})
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
	c := protect(g)
	t := &Table{Head: []string{"Forum", "Held", "Cancelled", "People", "Attendances", "Joined"},
		Right: []bool{false, true, true, true, true, true}}
	for i, f := range a.Forums {
		t.Rows = append(t.Rows, []string{f.Name, fmt.Sprint(f.Held), fmt.Sprint(f.Cancelled),
			c.cells[i][0].String(), c.cells[i][1].String(), c.cells[i][2].String()})
	}
	t.Total = []string{"All forums", fmt.Sprint(held), fmt.Sprint(cancelled), "", "", ""}
	sec.Blocks = append(sec.Blocks, Block{Table: t,
		Small: "Held and Cancelled count meetings; People counts the different people who came to the forum's meetings, " +
			"Attendances how often they came, and Joined the people who became members in the year. " +
			"A person who came to several forums is counted in each; the next section counts everyone once."})
	return sec
}

func attendanceSection(a store.Annual) Section {
	sec := Section{Heading: "Attendance"}
	g := grid{cols: []string{"People", "Attendances"}, colTotals: true}
	for _, r := range a.Roles {
		g.rows = append(g.rows, r.Role.Label())
		g.cells = append(g.cells, []int{r.People, r.Attendances})
	}
	c := protect(g)
	people, atts := c.totals[0], c.totals[1]
	newMembers := one(a.NewMembers)
	p := fmt.Sprintf("%s people came to at least one meeting, %s times in all: on average each came to %s meetings.",
		people, atts, mean(atts, people))
	if a.People == 0 {
		p = "Nobody came to a meeting in the year."
	}
	sec.Blocks = append(sec.Blocks, Block{Para: fmt.Sprintf("%s %s people joined a forum in the year.", p, newMembers)})
	t := &Table{Head: []string{"Role", "People who came", "Attendances"}, Right: []bool{false, true, true}}
	for i, r := range a.Roles {
		t.Rows = append(t.Rows, []string{r.Role.Label(), c.cells[i][0].String(), c.cells[i][1].String()})
	}
	t.Total = []string{"Everyone", people.String(), atts.String()}
	sec.Blocks = append(sec.Blocks, Block{Table: t})

	mg := grid{cols: []string{"Attendances"}, colTotals: true}
	for _, m := range a.Months {
		mg.rows = append(mg.rows, m.Label())
		mg.cells = append(mg.cells, []int{m.Attendances})
	}
	mc := protect(mg)
	ch := &Chart{Title: "Attendance by month", Unit: "attendances", Series: []string{"Attendances"}}
	for i, m := range a.Months {
		v := mc.cells[i][0]
		ch.Bars = append(ch.Bars, Bar{Label: m.Start.Time(time.UTC).Format("Jan 06"), Values: []float64{float64(v.shown)},
			Text: []string{v.String()}, Shown: []bool{v.ok}})
	}
	sec.Blocks = append(sec.Blocks, Block{Chart: ch})
	return sec
}

func consultationsSection(a store.Annual) Section {
	return Section{Heading: "Consultations: you said, we did", Blocks: []Block{{
		Para: "No consultations are recorded in involve yet: points raised at forums and what was done about them will show here once they are.",
	}}}
}

func officersSection(a store.Annual) Section {
	sec := Section{Heading: "Senior officers' contact"}
	g := grid{cols: []string{"Visits"}}
	met := 0
	for _, f := range a.Forums {
		g.rows = append(g.rows, f.Name)
		g.cells = append(g.cells, []int{f.OfficerVisits})
		if f.OfficerVisits > 0 {
			met++
		}
	}
	sec.Blocks = append(sec.Blocks, Block{Para: fmt.Sprintf(
		"A senior officer came to a meeting of %s of %d in the year. Each time a senior officer is signed in at a forum's meeting counts as a visit.",
		plural(met, "forum", "forums"), len(a.Forums))})
	if len(a.Forums) == 0 {
		return sec
	}
	c := protect(g)
	t := &Table{Head: []string{"Forum", "Visits by senior officers", "Last visit", "Months since, at the year's end"},
		Right: []bool{false, true, false, true}}
	for i, f := range a.Forums {
		last, since := "never", "—"
		if !f.LastOfficer.IsZero() {
			day := civil.In(f.LastOfficer, store.London)
			last = dateWords(day)
			since = fmt.Sprint(a.To.MonthsSince(day))
		}
		t.Rows = append(t.Rows, []string{f.Name, c.cells[i][0].String(), last, since})
	}
	sec.Blocks = append(sec.Blocks, Block{Table: t})
	return sec
}

func trainingSection(a store.Annual) Section {
	return Section{Heading: "Training health and care workers", Blocks: []Block{{
		Para: "No training sessions are recorded in involve yet: sessions co-delivered by people with lived experience, their learners and co-trainers will show here once they are.",
	}}}
}

func supportSection(a store.Annual) Section {
	sec := Section{Heading: "Support to take part"}
	g := grid{cols: []string{"People"}}
	g.rows = []string{"transport", "expenses", "payments"}
	g.cells = [][]int{{a.JourneyPeople}, {a.ExpensePeople}, {a.Payments.People}}
	c := protect(g)
	journeys := one(a.Journeys)
	sec.Blocks = append(sec.Blocks, Block{Para: fmt.Sprintf(
		"Transport: %s journeys to and from meetings were booked for %s people. Expenses: %s people claimed %s. Involvement payments: %s people were paid or are due %s for %s hours.",
		journeys, c.cells[0][0], c.cells[1][0], a.Expenses.All.Total, c.cells[2][0], a.Payments.Received(), a.Payments.Hours)})

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

func storiesSection(a store.Annual) Section {
	read := "No story was read at a forum in the year."
	if a.StoriesRead > 0 {
		read = fmt.Sprintf("%s read at forums, on %s in all (a story read in reading mode counts once a day).",
			plural(a.StoriesRead, "story was", "different stories were"), plural(a.StoryReadings, "day", "story-days"))
	}
	return Section{Heading: "Stories", Blocks: []Block{{Para: fmt.Sprintf(
		"%s added to the anthology in the year. %s At the year's end %s could be read at forums (consent given and covering forums, approved or published, not expired or embargoed).",
		plural(a.StoriesAdded, "story was", "stories were"), read, plural(a.StoriesReadable, "story", "stories"))}}}
}

func reachSection(a store.Annual) Section {
	return Section{Heading: "Reach", Blocks: []Block{{
		Para: "Equality monitoring is not recorded in involve yet: who the forums reach, beside the local population, will show here once it is.",
	}}}
}
