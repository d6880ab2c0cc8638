package tui

import (
	"context"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/involve/involve/store"
	"github.com/involve/involve/tui/consult"
	"github.com/involve/involve/tui/kit"
)

// MeetingScreen shows one meeting: when and where, who is coming, the
// agenda and minutes rendered from markdown, and the actions agreed.
type MeetingScreen struct {
	c        *kit.Common
	id       string
	meeting  store.Meeting
	counts   map[store.Attendance]int
	loaded   bool
	pane     int // 0 agenda, 1 minutes, 2 actions
	rendered [2][]string
	scroll   [2]int
	actList  *kit.ActionList
	gen      int
	rgen     int
	w, h     int
}

type meetingLoadedMsg struct {
	to      *MeetingScreen
	gen     int
	meeting store.Meeting
	counts  map[store.Attendance]int
	actions []store.Action
	err     error
}

type meetingRenderedMsg struct {
	to   *MeetingScreen
	gen  int
	docs [2]string
	err  error
}

// NewMeetingScreen shows the meeting with this id.
func NewMeetingScreen(c *kit.Common, id string) *MeetingScreen {
	s := &MeetingScreen{c: c, id: id}
	s.actList = kit.NewActionList(c, "action", "No actions. Press "+kit.KeyName(c.Keys.Detail.AddAction)+" to add one.")
	return s
}

// Init loads the meeting.
func (s *MeetingScreen) Init() tea.Cmd { return s.Refresh() }

// Refresh reloads the meeting, its register counts and actions.
func (s *MeetingScreen) Refresh() tea.Cmd {
	s.gen++
	gen, id := s.gen, s.id
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), kit.DefaultTimeout)
		defer cancel()
		msg := meetingLoadedMsg{to: s, gen: gen}
		st := s.c.Store
		if msg.meeting, msg.err = st.Meeting(ctx, id); msg.err != nil {
			return msg
		}
		reg, err := st.Register(ctx, id)
		if err != nil {
			msg.err = err
			return msg
		}
		msg.counts = store.RegisterCounts(reg)
		msg.actions, msg.err = st.MeetingActions(ctx, id)
		return msg
	}
}

// render renders agenda and minutes in a Cmd (cached per version, width, style).
func (s *MeetingScreen) render() tea.Cmd {
	if !s.loaded {
		return nil
	}
	s.rgen++
	gen, m, w := s.rgen, s.meeting, max(20, s.w-4)
	style := s.c.Styles.MarkdownStyle()
	md := s.c.Markdown
	return func() tea.Msg {
		msg := meetingRenderedMsg{to: s, gen: gen}
		for i, text := range []string{m.Agenda, m.Minutes} {
			if strings.TrimSpace(text) == "" {
				continue
			}
			key := fmt.Sprintf("meeting/%s/%d/%d", m.ID, m.Version, i)
			out, err := md.Render(key, text, w, style)
			if err != nil {
				msg.err = err
				return msg
			}
			msg.docs[i] = out
		}
		return msg
	}
}

// Title names the meeting.
func (s *MeetingScreen) Title() string {
	if !s.loaded {
		return "Meeting"
	}
	return s.meeting.ForumName + ", " + kit.ShortDate(s.meeting.Start, "")
}

// SetSize lays the screen out; the documents are re-rendered to the width.
func (s *MeetingScreen) SetSize(w, h int) {
	s.w, s.h = w, h
	s.actList.SetSize(w, s.bodyHeight())
}

func (s *MeetingScreen) headerView() string {
	m := s.meeting
	c := s.counts
	people := fmt.Sprintf("%d invited · %d confirmed · %d apologies · %d attended · %d did not attend",
		c[store.Invited], c[store.Confirmed], c[store.Apologies], c[store.Attended], c[store.DidNotAttend])
	return kit.Fields(s.c, s.w,
		kit.Field{Label: "When", Value: kit.LongDate(m.Start) + ", " + kit.TimeRange(m.Start, m.End)},
		kit.Field{Label: "Where", Value: m.Venue},
		kit.Field{Label: "Status", Value: m.Status.Label()},
		kit.Field{Label: "Register", Value: people},
	)
}

func (s *MeetingScreen) bodyHeight() int {
	used := 2
	if s.loaded {
		used += kit.LineCount(s.headerView())
	}
	return max(3, s.h-used)
}

// Capturing is true while the actions filter has the focus.
func (s *MeetingScreen) Capturing() bool { return s.pane == 2 && s.actList.Finding() }

// CaptureHelp lists the find field's keys.
func (s *MeetingScreen) CaptureHelp() []key.Binding { return s.actList.FindHelp() }

// Help lists the meeting's keys.
func (s *MeetingScreen) Help() [][]key.Binding {
	d, r, l := s.c.Keys.Detail, s.c.Keys.Record, s.c.Keys.List
	main := []key.Binding{d.Register, d.MeetingDay, d.Transport, d.Expenses, d.SwitchPane, r.Edit, d.Agenda, d.Minutes, s.c.Keys.Consult.AddPoint, d.Calendar}
	if s.pane == 2 {
		main = append(append(main, d.AddAction), s.actList.ActionHelp()...)
	} else {
		main = append(main, r.Delete)
	}
	main = append(main, s.c.Keys.Global.Back)
	return [][]key.Binding{main, {l.Up, l.Down, d.ScrollUp, d.ScrollDown, l.PageUp, l.PageDown, l.Top, l.Bottom}}
}

// Update handles the meeting's keys.
func (s *MeetingScreen) Update(msg tea.Msg) (kit.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case meetingLoadedMsg:
		if msg.to != s || msg.gen != s.gen {
			return s, nil
		}
		if msg.err != nil {
			return s, kit.Failed(msg.err)
		}
		s.meeting, s.counts, s.loaded = msg.meeting, msg.counts, true
		s.actList.SetActions(msg.actions)
		s.actList.SetSize(s.w, s.bodyHeight())
		return s, s.render()
	case meetingRenderedMsg:
		if msg.to != s || msg.gen != s.rgen {
			return s, nil // rendered for an older size or version
		}
		if msg.err != nil {
			return s, kit.Failed(msg.err)
		}
		for i, d := range msg.docs {
			if d == "" {
				s.rendered[i] = nil
			} else {
				s.rendered[i] = strings.Split(d, "\n")
			}
		}
		return s, nil
	case tea.WindowSizeMsg, tea.BackgroundColorMsg:
		return s, s.render()
	case tea.KeyPressMsg:
		return s, s.key(msg)
	}
	return s, nil
}

func (s *MeetingScreen) key(msg tea.KeyPressMsg) tea.Cmd {
	d, r, l := s.c.Keys.Detail, s.c.Keys.Record, s.c.Keys.List
	if s.pane == 2 {
		if handled, cmd := s.actList.Update(msg); handled {
			return cmd
		}
	}
	switch {
	case key.Matches(msg, d.SwitchPane):
		s.pane = (s.pane + 1) % 3
		return nil
	case key.Matches(msg, s.c.Keys.Global.Back):
		return kit.Pop("")
	}
	if !s.loaded {
		return nil
	}
	switch {
	case key.Matches(msg, d.Expenses):
		return kit.Push(NewMeetingMoneyScreen(s.c, s.id))
	case key.Matches(msg, d.Register):
		return kit.Push(NewRegister(s.c, s.id))
	case key.Matches(msg, d.MeetingDay):
		return kit.Push(NewMeetingDay(s.c, s.id))
	case key.Matches(msg, d.Transport):
		return kit.Push(NewTransportScreen(s.c, s.id))
	case key.Matches(msg, d.Calendar):
		return writeMeetingCalendar(s.c, s.id)
	case key.Matches(msg, s.c.Keys.Consult.AddPoint):
		return consult.AddPointFromMeeting(s.c, s.id)
	case key.Matches(msg, r.Edit):
		return editMeeting(s.c, s.meeting)
	case key.Matches(msg, d.Agenda):
		return editText(s.c, s.meeting, false)
	case key.Matches(msg, d.Minutes):
		return editText(s.c, s.meeting, true)
	}
	if s.pane == 2 {
		if key.Matches(msg, d.AddAction) {
			return kit.EditAction(s.c, store.Action{MeetingID: s.id})
		}
		_, cmd := s.actList.Act(msg)
		return cmd
	}
	if key.Matches(msg, r.Delete) {
		return deleteMeeting(s.c, s.id)
	}
	// Scroll the agenda or minutes.
	lines := len(s.rendered[s.pane])
	page := max(1, s.bodyHeight()-1)
	sc := &s.scroll[s.pane]
	switch {
	case key.Matches(msg, l.Up):
		*sc--
	case key.Matches(msg, l.Down):
		*sc++
	case key.Matches(msg, d.ScrollUp):
		*sc -= max(1, page/2)
	case key.Matches(msg, d.ScrollDown):
		*sc += max(1, page/2)
	case key.Matches(msg, l.PageUp):
		*sc -= page
	case key.Matches(msg, l.PageDown):
		*sc += page
	case key.Matches(msg, l.Top):
		*sc = 0
	case key.Matches(msg, l.Bottom):
		*sc = lines
	}
	*sc = max(0, min(*sc, lines-page))
	return nil
}

// View draws the meeting.
func (s *MeetingScreen) View() string {
	st := s.c.Styles
	if !s.loaded {
		return st.Subtle.Render("  Loading…")
	}
	tabs := kit.PaneTabs(s.c, []string{"Agenda", "Minutes", fmt.Sprintf("Actions (%d open)", s.actList.Open())}, s.pane)
	var body string
	h := s.bodyHeight()
	switch s.pane {
	case 2:
		body = s.actList.View()
	default:
		lines := s.rendered[s.pane]
		if len(lines) == 0 {
			hint := []string{"No agenda yet. Press %s to write it (markdown).", "No minutes yet. Press %s to write them (markdown)."}[s.pane]
			k := []key.Binding{s.c.Keys.Detail.Agenda, s.c.Keys.Detail.Minutes}[s.pane]
			body = st.Subtle.Render("  " + fmt.Sprintf(hint, kit.KeyName(k)))
			break
		}
		from := min(s.scroll[s.pane], len(lines))
		to := min(len(lines), from+h-1)
		body = strings.Join(lines[from:to], "\n")
		pct := 100
		if len(lines) > h-1 {
			pct = (to * 100) / len(lines)
		}
		l := s.c.Keys.List
		body += "\n" + st.Faint.Render(fmt.Sprintf("  %d%% · %s/%s %s/%s to scroll", pct, kit.KeyName(l.Up), kit.KeyName(l.Down), kit.KeyName(l.PageUp), kit.KeyName(l.PageDown)))
	}
	return s.headerView() + "\n\n" + tabs + "\n" + body
}
