package consult

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/involve/involve/store"
	"github.com/involve/involve/tui/kit"
)

// The panes of a consultation's page.
const (
	panePoints = iota
	paneQuestion
	paneFeedback
	numPanes
)

// Page is one consultation: who asks and decides, its dates, forums and
// participation level, its place in the loop and the key that moves it on;
// and in panes, the points raised with the response to each, the question
// and papers, and the feedback given.
type Page struct {
	c        *kit.Common
	id       string
	d        store.ConsultationDetail
	next     store.LoopStatus
	why      string // why it cannot move on yet, "" when it can
	canMove  bool   // it has a next step
	weeks    int    // the setting: feedback is due so many weeks after the deadline
	loaded   bool
	pane     int
	points   *kit.List
	feedback *kit.List
	doc      []string // the question pane, rendered
	scroll   int
	gen      int
	rgen     int
	w, h     int
}

type (
	pageLoadedMsg struct {
		to    *Page
		gen   int
		d     store.ConsultationDetail
		next  store.LoopStatus
		why   string
		ok    bool
		weeks int
		err   error
	}
	pageRenderedMsg struct {
		to  *Page
		gen int
		doc string
		err error
	}
)

// NewPage shows the consultation with this id.
func NewPage(c *kit.Common, id string) *Page {
	p := &Page{c: c, id: id}
	p.points = kit.NewList(c, kit.Column{Title: "You said"}, kit.Column{Title: "People", Width: 6, Right: true},
		kit.Column{Title: "We did", Width: 12, Min: 7}, kit.Column{Title: "Raised", Width: 11})
	p.points.Empty = "No points yet. Press " + kit.KeyName(p.c.Keys.Consult.AddPoint) + " to add one (or " + kit.KeyName(p.c.Keys.Consult.AddPoint) + " on a meeting's page or register)."
	p.feedback = kit.NewList(c, kit.Column{Title: "Given on", Width: 11}, kit.Column{Title: "Which", Width: 8},
		kit.Column{Title: "How", Width: 19, Min: 8}, kit.Column{Title: "Note"})
	p.feedback.Empty = "No feedback recorded yet. Press " + kit.KeyName(p.c.Keys.Consult.Feedback) + " when you have given some."
	return p
}

// Init loads the consultation.
func (p *Page) Init() tea.Cmd { return p.Refresh() }

// Detail is the consultation as last loaded.
func (p *Page) Detail() store.ConsultationDetail { return p.d }

// Points is the list of its points.
func (p *Page) Points() *kit.List { return p.points }

// Pane is the pane shown: 0 the points, 1 the question, 2 the feedback.
func (p *Page) Pane() int { return p.pane }

// Refresh reloads it, and works out its next step on the screens' today.
func (p *Page) Refresh() tea.Cmd {
	p.gen++
	gen, id, day := p.gen, p.id, today(p.c)
	return kit.Load(p.c, func(ctx context.Context, st *store.Store) (pageLoadedMsg, error) {
		d, err := st.Consultation(ctx, id)
		msg := pageLoadedMsg{to: p, gen: gen, d: d}
		if err == nil {
			var set store.ConsultSettings
			if set, err = st.ConsultationSettings(ctx); err != nil {
				return msg, err
			}
			msg.weeks = set.FeedbackWeeks
			var why error
			msg.next, why, msg.ok = d.NextStep(day)
			if why != nil {
				msg.why = why.Error()
			}
		}
		return msg, err
	}, func(m pageLoadedMsg, err error) tea.Msg {
		m.to, m.gen, m.err = p, gen, err
		return m
	})
}

// render renders the question and papers in a Cmd (cached per version,
// width and style).
func (p *Page) render() tea.Cmd {
	if !p.loaded {
		return nil
	}
	p.rgen++
	gen, d, w := p.rgen, p.d, max(20, p.w-4)
	style := p.c.Styles.MarkdownStyle()
	md := p.c.Markdown
	return func() tea.Msg {
		var b strings.Builder
		for _, sec := range []struct{ head, text string }{
			{"The question", quote(d.Question)}, {"Options", d.Options}, {"What cannot change", d.Fixed}, {"Papers", d.Papers},
		} {
			if strings.TrimSpace(sec.text) != "" {
				fmt.Fprintf(&b, "## %s\n\n%s\n\n", sec.head, strings.TrimSpace(sec.text))
			}
		}
		if b.Len() == 0 {
			return pageRenderedMsg{to: p, gen: gen}
		}
		out, err := md.Render(fmt.Sprintf("consultation/%s/%d", d.ID, d.Version), b.String(), w, style)
		return pageRenderedMsg{to: p, gen: gen, doc: out, err: err}
	}
}

func quote(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	return "> " + strings.ReplaceAll(s, "\n", "\n> ")
}

// Title is the consultation's title.
func (p *Page) Title() string {
	if !p.loaded {
		return "Consultation"
	}
	return p.d.Title
}

// SetSize lays the page out.
func (p *Page) SetSize(w, h int) {
	p.w, p.h = w, h
	p.layout()
}

func (p *Page) layout() {
	body := p.bodyHeight()
	// The point in full goes right under the list: the list is no taller
	// than its rows (and a line for the find field).
	p.points.SetSize(p.w, max(3, min(body-p.detailHeight(), p.points.Len()+2)))
	p.feedback.SetSize(p.w, body)
}

// bodyHeight is what the panes have: the screen less the header and tabs.
func (p *Page) bodyHeight() int {
	used := 2
	if p.loaded {
		used += kit.LineCount(p.headerView())
	}
	return max(4, p.h-used)
}

// detailHeight is the lines under the points list for the point under the
// cursor.
func (p *Page) detailHeight() int {
	if p.points.Len() == 0 {
		return 0
	}
	// What the list leaves, from 4 to 8 lines; the list keeps 3.
	body := p.bodyHeight()
	return max(0, min(body-3, max(4, min(8, body-p.points.Len()-1))))
}

func (p *Page) headerView() string {
	d := p.d
	status := d.Status.Label()
	if p.canMove {
		k := p.c.Keys.Consult.Forward.Help().Key
		status += fmt.Sprintf(" · next: %s (%s)", strings.ToLower(p.next.Label()), k)
		if p.why != "" {
			status += " — " + p.why
		}
	}
	asked := d.Organisation
	if d.OfficerName != "" {
		if asked != "" {
			asked += "; "
		}
		asked += "senior officer " + p.c.Mask(d.OfficerName)
	}
	if d.Decider != "" {
		if asked != "" {
			asked += "; "
		}
		asked += "decided by " + p.c.Mask(d.Decider)
	}
	due := store.FeedbackDue(d.Deadline, p.weeks)
	when := fmt.Sprintf("opens %s, deadline %s", Day(d.Opens), Day(d.Deadline))
	if d.Status.Live() {
		when += "; full feedback due " + Day(due)
		if today(p.c).After(due) {
			when += " (overdue)"
		}
	}
	var chans []string
	for _, ch := range d.Channels {
		chans = append(chans, ch.Label())
	}
	forums := strings.Join(d.Forums, ", ")
	if len(chans) > 0 {
		forums += " · " + strings.Join(chans, ", ")
	}
	level := fmt.Sprintf("promised %s, achieved %s (%s)", d.Ladder.RungLabel(d.Promised), d.Ladder.RungLabel(d.Achieved), d.Ladder.Label())
	// One line each, so the points have the room: the whole of each is
	// in the form (e) and in "involve consultations show".
	one := func(s string) string { return ansi.Truncate(s, max(10, p.w-14), "…") }
	return kit.Fields(p.c, p.w,
		kit.Field{Label: "Status", Value: one(status)},
		kit.Field{Label: "Asked by", Value: one(asked)},
		kit.Field{Label: "When", Value: one(when)},
		kit.Field{Label: "Forums", Value: one(forums)},
		kit.Field{Label: "Level", Value: one(level)},
	)
}

// Capturing is true while a list's find field has the focus.
func (p *Page) Capturing() bool { return p.list() != nil && p.list().Finding() }

// CaptureHelp lists the find field's keys.
func (p *Page) CaptureHelp() []key.Binding { return p.list().FindHelp() }

func (p *Page) list() *kit.List {
	switch p.pane {
	case panePoints:
		return p.points
	case paneFeedback:
		return p.feedback
	}
	return nil
}

// Help lists the page's keys, as they work on the pane shown.
func (p *Page) Help() [][]key.Binding {
	k, r, d, l := p.c.Keys.Consult, p.c.Keys.Record, p.c.Keys.Detail, p.c.Keys.List
	main := []key.Binding{k.AddPoint}
	del := kit.Relabel(p.c.Keys.Record.Delete, "delete consultation")
	switch p.pane {
	case panePoints:
		main = append(main, k.Respond, kit.Relabel(p.c.Keys.List.Open, "edit point"))
		del = kit.Relabel(p.c.Keys.Record.Delete, "delete point")
	case paneFeedback:
		main = append(main, kit.Relabel(p.c.Keys.List.Open, "edit feedback"))
		del = kit.Relabel(p.c.Keys.Record.Delete, "delete feedback")
	}
	main = append(main, k.Feedback, k.Forward, k.Backward, d.SwitchPane, r.Edit, k.Agendas, k.Board, del, p.c.Keys.Global.Back)
	return [][]key.Binding{main, {l.Up, l.Down, d.ScrollUp, d.ScrollDown, l.PageUp, l.PageDown, l.Top, l.Bottom, l.Filter}}
}

// Update handles the page's keys and replies.
func (p *Page) Update(msg tea.Msg) (kit.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case pageLoadedMsg:
		if msg.to != p || msg.gen != p.gen {
			return p, nil
		}
		if msg.err != nil {
			return p, kit.Failed(msg.err)
		}
		p.d, p.next, p.why, p.canMove, p.weeks, p.loaded = msg.d, msg.next, msg.why, msg.ok, msg.weeks, true
		p.points.SetRows(p.pointRows())
		p.feedback.SetRows(feedbackRows(p.d.Feedback))
		p.layout() // the detail's height follows the number of points
		return p, p.render()
	case pageRenderedMsg:
		if msg.to != p || msg.gen != p.rgen {
			return p, nil
		}
		if msg.err != nil {
			return p, kit.Failed(msg.err)
		}
		p.doc = nil
		if msg.doc != "" {
			p.doc = strings.Split(msg.doc, "\n")
		}
		return p, nil
	case kit.PrivacyMsg:
		if p.loaded {
			p.layout()
		}
		return p, nil
	case tea.WindowSizeMsg, tea.BackgroundColorMsg:
		return p, p.render()
	case tea.KeyPressMsg:
		return p, p.key(msg)
	}
	return p, nil
}

func (p *Page) pointRows() []kit.Row {
	rows := make([]kit.Row, len(p.d.Points))
	for i, pt := range p.d.Points {
		did := "awaiting"
		tone := kit.ToneWarn
		if r := pt.Response; r != nil {
			did, tone = r.Outcome.Label(), kit.ToneNormal
		}
		row := kit.NewRow(pt.ID, []string{pt.Text, strconv.Itoa(pt.RaisedBy), did, Day(pt.RaisedOn)}, nil)
		row.Tone = tone
		rows[i] = row
	}
	return rows
}

func feedbackRows(es []store.FeedbackEvent) []kit.Row {
	rows := make([]kit.Row, len(es))
	for i, e := range es {
		note := e.Note
		if note != "" {
			note = "·" // a note may name someone: hidden with the privacy screen
		}
		rows[i] = kit.NewRow(e.ID, []string{Day(e.On), e.Kind.Short(), e.Channel.Label(), e.Note}, []string{Day(e.On), e.Kind.Short(), e.Channel.Label(), note})
	}
	return rows
}

func (p *Page) key(msg tea.KeyPressMsg) tea.Cmd {
	k, r, d := p.c.Keys.Consult, p.c.Keys.Record, p.c.Keys.Detail
	if l := p.list(); l != nil {
		if handled, cmd := l.Update(msg); handled {
			return cmd
		}
	}
	switch {
	case key.Matches(msg, d.SwitchPane):
		p.pane = (p.pane + 1) % numPanes
		return nil
	case key.Matches(msg, p.c.Keys.Global.Back):
		return kit.Pop("")
	}
	if !p.loaded {
		return nil
	}
	switch {
	case key.Matches(msg, r.Edit):
		return editConsultation(p.c, p.d.Consultation)
	case key.Matches(msg, k.AddPoint):
		if p.d.Status != store.LoopOpen {
			return kit.Failed(fmt.Errorf("%s is %s: points are added only while it is open (%s moves it back)", p.d.Title,
				strings.ToLower(p.d.Status.Label()), kit.KeyName(k.Backward)))
		}
		return editPoint(p.c, store.Point{ConsultationID: p.id, RaisedBy: 1})
	case key.Matches(msg, k.Feedback):
		return editFeedback(p.c, store.FeedbackEvent{ConsultationID: p.id})
	case key.Matches(msg, k.Forward):
		if !p.canMove {
			return kit.Status(p.d.Title + " is closed: the loop is complete.")
		}
		return p.move(p.next)
	case key.Matches(msg, k.Backward):
		prev, ok := p.d.Status.Prev()
		if !ok {
			return kit.Status(p.d.Title + " is open: there is no step before it.")
		}
		return p.move(prev)
	case key.Matches(msg, k.Agendas):
		return p.updateAgendas()
	case key.Matches(msg, k.Board):
		return pickBoard(p.c, p.d.ForumIDs)
	}
	switch p.pane {
	case panePoints:
		pt, ok := p.selectedPoint()
		switch {
		case key.Matches(msg, p.c.Keys.List.Open) && ok:
			return editPoint(p.c, pt)
		case key.Matches(msg, k.Respond) && ok:
			return editResponse(p.c, pt, p.d.Decider)
		case key.Matches(msg, k.Respond):
			return kit.Status("Choose a point first: there is nothing to respond to.")
		case key.Matches(msg, r.Delete) && ok:
			return kit.Push(kit.NewConfirm(p.c, "Delete this point?", clip(pt.Text, 200)+" (and the response to it, if there is one)", func() tea.Cmd {
				return tea.Sequence(kit.Do(p.c, func(ctx context.Context, st *store.Store) error { return st.DeletePoint(ctx, pt.ID, pt.Version) },
					kit.StatusMsg{Text: "Deleted the point."}), p.Refresh())
			}))
		}
		return nil
	case paneFeedback:
		e, ok := p.selectedFeedback()
		switch {
		case key.Matches(msg, p.c.Keys.List.Open) && ok:
			return editFeedback(p.c, e)
		case key.Matches(msg, r.Delete) && ok:
			return kit.Push(kit.NewConfirm(p.c, "Delete this feedback?", e.Kind.Short()+" feedback given on "+Day(e.On), func() tea.Cmd {
				return tea.Sequence(kit.Do(p.c, func(ctx context.Context, st *store.Store) error { return st.DeleteFeedback(ctx, e.ID, e.Version) },
					kit.StatusMsg{Text: "Deleted the feedback."}), p.Refresh())
			}))
		}
		return nil
	}
	if key.Matches(msg, r.Delete) {
		return deleteConsultationThen(p.c, p.id, func(status string) tea.Msg { return kit.PopMsg{Status: status} })
	}
	// Scroll the question and papers.
	l := p.c.Keys.List
	page := max(1, p.bodyHeight()-1)
	switch {
	case key.Matches(msg, l.Up):
		p.scroll--
	case key.Matches(msg, l.Down):
		p.scroll++
	case key.Matches(msg, d.ScrollUp):
		p.scroll -= max(1, page/2)
	case key.Matches(msg, d.ScrollDown):
		p.scroll += max(1, page/2)
	case key.Matches(msg, l.PageUp):
		p.scroll -= page
	case key.Matches(msg, l.PageDown):
		p.scroll += page
	case key.Matches(msg, l.Top):
		p.scroll = 0
	case key.Matches(msg, l.Bottom):
		p.scroll = len(p.doc)
	}
	p.scroll = max(0, min(p.scroll, len(p.doc)-page))
	return nil
}

// move moves the loop, then reloads; a move the rules refuse says why.
func (p *Page) move(to store.LoopStatus) tea.Cmd {
	id, version, title := p.d.ID, p.d.Version, p.d.Title
	return tea.Sequence(kit.Do(p.c, func(ctx context.Context, st *store.Store) error { return st.MoveConsultation(ctx, id, version, to) },
		kit.StatusMsg{Text: title + " is now " + strings.ToLower(to.Label()) + "."}), p.Refresh())
}

// updateAgendas brings the next agendas up to date and says what happened.
func (p *Page) updateAgendas() tea.Cmd {
	id := p.id
	return kit.Load(p.c, func(ctx context.Context, st *store.Store) ([]store.AgendaUpdate, error) {
		return st.UpdateMattersArising(ctx, id)
	}, func(ups []store.AgendaUpdate, err error) tea.Msg {
		if err != nil {
			return kit.StatusMsg{Text: kit.ErrText(err), Err: true}
		}
		parts := make([]string, len(ups))
		for i, u := range ups {
			parts[i] = u.String()
		}
		text := strings.Join(parts, "; ")
		if text != "" {
			text = strings.ToUpper(text[:1]) + text[1:] + "."
		}
		return kit.StatusMsg{Text: text}
	})
}

func (p *Page) selectedPoint() (store.Point, bool) {
	row, ok := p.points.Selected()
	if !ok {
		return store.Point{}, false
	}
	for _, pt := range p.d.Points {
		if pt.ID == row.ID {
			return pt, true
		}
	}
	return store.Point{}, false
}

func (p *Page) selectedFeedback() (store.FeedbackEvent, bool) {
	row, ok := p.feedback.Selected()
	if !ok {
		return store.FeedbackEvent{}, false
	}
	for _, e := range p.d.Feedback {
		if e.ID == row.ID {
			return e, true
		}
	}
	return store.FeedbackEvent{}, false
}

// pointDetail is the point under the cursor in full: what was said, the
// quote, and what was done and why.
func (p *Page) pointDetail() string {
	pt, ok := p.selectedPoint()
	if !ok {
		return ""
	}
	st := p.c.Styles
	w := max(20, p.w-4)
	var lines []string
	said := "You said: " + strings.Join(strings.Fields(pt.Text), " ")
	if pt.MeetingForum != "" {
		said += " (" + pt.MeetingForum + ", " + Day(pt.RaisedOn) + ")"
	}
	lines = append(lines, said)
	if pt.Quote != "" {
		who := p.c.Mask(pt.SpeakerName)
		if who == "" {
			who = "—"
		}
		lines = append(lines, fmt.Sprintf("Quote: “%s” — %s (agreed %s, %s)", strings.Join(strings.Fields(pt.Quote), " "), who,
			pt.QuoteConsentHow, Day(pt.QuoteConsent)))
	}
	if r := pt.Response; r != nil {
		did := fmt.Sprintf("We did: %s, because %s — %s, %s", r.Outcome.Label(), strings.Join(strings.Fields(r.Reason), " "),
			p.c.Mask(r.DecidedBy), Day(r.DecidedOn))
		if r.Stage != store.StageNone {
			did += "; stage: " + strings.ToLower(r.Stage.Label())
		}
		if !r.ImpactCheck.IsZero() {
			did += "; check impact " + Day(r.ImpactCheck)
		}
		lines = append(lines, did)
	} else {
		lines = append(lines, "We did: awaiting a decision. Press "+p.c.Keys.Consult.Respond.Help().Key+" to record it.")
	}
	text := lipgloss.NewStyle().Width(w).Render(strings.Join(lines, "\n"))
	out := strings.Split(text, "\n")
	if h := p.detailHeight(); len(out) > h {
		out = out[:h]
		out[h-1] = st.Faint.Render("…")
	}
	for i := range out {
		out[i] = "  " + out[i]
	}
	return strings.Join(out, "\n")
}

// View draws the page.
func (p *Page) View() string {
	st := p.c.Styles
	if !p.loaded {
		return st.Subtle.Render("  Loading…")
	}
	tabs := kit.PaneTabs(p.c, []string{
		fmt.Sprintf("You said, we did (%d; %d waiting)", len(p.d.Points), p.d.Awaiting()),
		"The question",
		fmt.Sprintf("Feedback (%d)", len(p.d.Feedback)),
	}, p.pane)
	var body string
	switch p.pane {
	case panePoints:
		body = strings.TrimRight(p.points.View(), "\n ")
		if detail := p.pointDetail(); detail != "" {
			body += "\n\n" + detail
		}
	case paneFeedback:
		body = p.feedback.View()
	default:
		if len(p.doc) == 0 {
			body = st.Subtle.Render("  No question or papers yet. Press " + p.c.Keys.Record.Edit.Help().Key + " to add them.")
			break
		}
		h := p.bodyHeight()
		from := min(p.scroll, len(p.doc))
		to := min(len(p.doc), from+h-1)
		body = strings.Join(p.doc[from:to], "\n")
		pct := 100
		if len(p.doc) > h-1 {
			pct = (to * 100) / len(p.doc)
		}
		body += "\n" + st.Faint.Render(fmt.Sprintf("  %d%% · ↑/↓ pgup/pgdn to scroll", pct))
	}
	return p.headerView() + "\n\n" + tabs + "\n" + body
}
