// Package tui is involve's terminal interface: the root model, holding one
// stack of screens per section, and the sections' screens. What every
// screen shares (Common, the widgets, keys and theme) is in tui/kit. It
// touches the store only inside tea.Cmds.
package tui

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/involve/involve/store"
	"github.com/involve/involve/tui/consult"
	"github.com/involve/involve/tui/influence"
	"github.com/involve/involve/tui/kit"
	"github.com/involve/involve/tui/rights"
)

// MinWidth and MinHeight are the smallest terminal the app draws in.
const (
	MinWidth  = 60
	MinHeight = 16
)

// chrome is how many lines the header and footer take.
const chrome = 3

type section int

const (
	secDashboard section = iota
	secForums
	secPeople
	secMeetings
	secMoney
	secStories
	secInfluence
	numSections
)

var sectionNames = [numSections]string{"Dashboard", "Forums", "People", "Meetings", "Money", "Stories", "Influence"}

// sectionKeys are the keys that go to each section, in the sections'
// order: the header, the welcome and the keys themselves are made from
// these and sectionNames, so none of them can leave a section out.
func sectionKeys(k *kit.KeyMap) [numSections]key.Binding {
	g := k.Global
	return [numSections]key.Binding{g.Dashboard, g.Forums, g.People, g.Meetings, g.Money, g.Stories, g.Influence}
}

// Options configure the app.
type Options struct {
	Demo    bool // the database is a demo: say so in the header
	Welcome bool // first run: show the welcome
	Now     func() time.Time
	// Keys is the key map (remapped by the settings file); nil is the
	// standard one.
	Keys *kit.KeyMap
	// Theme is "light" or "dark" to draw for that background whatever the
	// terminal's; "auto" or empty asks the terminal.
	Theme string
	// Accessible is plain output for screen readers (see kit.Common).
	Accessible bool
	// SupportMessage ends every story, when set.
	SupportMessage string
	// Notice is shown on the status line at the start, as an error: what
	// was wrong with the settings file.
	Notice string
	// Backup, when set, makes the backup offered on quitting once a day.
	Backup BackupFunc
	// Loaded, when set, is called once, from Update, when the loads
	// Preload started have all come back and been shown to their screens
	// (the View that follows draws the first frame with data).
	Loaded func()
	// Live reloads the screen on top whenever a change is saved through
	// the store (another session of involve serve, or this one): Close
	// the model when it is done with.
	Live bool
	// Remote is a session over SSH: nothing is run on the server for it
	// (no editor).
	Remote bool
	// User is who is at the keyboard, for the erasure log ("" is the
	// store's actor: the member of the team signed in).
	User string
}

// Model is the root of the interface: one stack of screens per section,
// the header with the sections, and the status line.
type Model struct {
	c      *kit.Common
	stacks [numSections][]kit.Screen
	// open are the sections the store's role may use, in order; names
	// are what the header calls them.
	open     []section
	names    [numSections]string
	sec      section
	changes  <-chan store.Change
	stop     func()
	help     help.Model
	showHelp bool
	// quitAsked is set from the moment "Quit involve?" is asked until it
	// is answered.
	quitAsked bool
	// backup makes the backup offered on quitting; backupOffered is set
	// once it has been offered (or found not due) in this run.
	backup        BackupFunc
	backupOffered bool
	exitNote      string
	helpTop       int // the first line of help shown, when it is taller than the screen
	// fixedTheme is a theme the settings chose: the terminal's background
	// is not asked for.
	fixedTheme bool
	status     string
	statusEr   bool
	width      int
	height     int
	sized      bool
	// preloaded loads the first section, started by Preload; Init hands it
	// to the program instead of starting the section's own load. pending
	// counts those loads not yet back, and loaded is Options.Loaded.
	preloaded []tea.Cmd
	pending   int
	loaded    func()
}

// preloadedMsg is the message of a load Preload started.
type preloadedMsg struct{ msg tea.Msg }

// New builds the root model over an open store.
func New(s *store.Store, opt Options) *Model {
	if opt.Now == nil {
		opt.Now = time.Now
	}
	keys := opt.Keys
	if keys == nil {
		keys = kit.DefaultKeyMap()
	}
	if opt.Remote {
		// Over SSH nothing runs on the server for a session, and nothing
		// is written there: no key opens an editor or writes a file (a
		// meeting's calendar, what we hold about someone), which would
		// land on the server rather than the member's computer.
		k := *keys
		k.Form.Editor = key.NewBinding()
		k.Detail.Calendar = key.NewBinding()
		k.Rights.Save = key.NewBinding()
		keys = &k
	}
	if opt.User == "" {
		// Who erases someone or keeps them on review: the member of the
		// team signed in.
		opt.User = s.Actor().Name
	}
	dark := opt.Theme != "light"
	c := &kit.Common{Store: s, Styles: kit.NewStylesFor(dark, opt.Accessible), Keys: keys, Demo: opt.Demo, Now: opt.Now,
		Markdown: kit.NewMarkdown(), Exec: tea.ExecProcess, Accessible: opt.Accessible, SupportMessage: opt.SupportMessage, User: opt.User}
	if opt.Remote {
		c.Remote, c.Exec = true, kit.NoExec
	}
	m := &Model{c: c, help: help.New(), names: sectionNames, fixedTheme: opt.Theme == "light" || opt.Theme == "dark", backup: opt.Backup, loaded: opt.Loaded}
	if opt.Notice != "" {
		m.setStatus(opt.Notice, true)
	}
	m.help.Styles = c.Styles.Help
	// Each role sees only the sections it may use (the store refuses the
	// rest whatever is shown).
	switch s.Actor().Role {
	case store.TeamCoordinator:
		m.open = []section{secDashboard, secForums, secPeople, secMeetings, secMoney, secStories, secInfluence}
		m.stacks[secDashboard] = []kit.Screen{NewDashboard(c, consult.DashboardPanels(c), rights.DashboardPanels(c))}
		m.stacks[secForums] = []kit.Screen{NewForums(c)}
		m.stacks[secPeople] = []kit.Screen{NewPeople(c)}
		m.stacks[secMeetings] = []kit.Screen{NewMeetings(c)}
		m.stacks[secMoney] = []kit.Screen{NewMoney(c)}
		m.stacks[secStories] = []kit.Screen{NewStories(c)}
		m.stacks[secInfluence] = []kit.Screen{influence.NewSection(c, influenceLinks(c), consult.NewList(c))}
		if opt.Welcome {
			m.stacks[secDashboard] = append(m.stacks[secDashboard], NewWelcome(c))
		}
	case store.TeamFinance:
		m.open = []section{secMoney}
		m.stacks[secMoney] = []kit.Screen{NewMoney(c)}
	case store.TeamDoor:
		// Today's meetings, in the Meetings section's place: each opens
		// its register.
		m.open = []section{secMeetings}
		m.names[secMeetings] = "Today"
		m.stacks[secMeetings] = []kit.Screen{NewToday(c)}
	default: // a reader: reading mode, and nothing else
		m.open = []section{secStories}
		m.stacks[secStories] = []kit.Screen{NewReadingMode(c)}
	}
	m.sec = m.open[0]
	if opt.Live {
		m.changes, m.stop = s.Changes()
	}
	return m
}

// Close ends what the model keeps going (its subscription to changes).
func (m *Model) Close() {
	if m.stop != nil {
		m.stop()
	}
}

// storeChangedMsg says a change was saved through the store.
type storeChangedMsg struct{}

// liveGap is the least time between two reloads for changes: a burst of
// changes (people signing in at the door) reloads a screen a few times a
// second, not once a change.
const liveGap = 250 * time.Millisecond

// nextChange waits for the next change saved through the store; after is
// how long to wait first.
func (m *Model) nextChange(after time.Duration) tea.Cmd {
	ch := m.changes
	if ch == nil {
		return nil
	}
	return func() tea.Msg {
		if after > 0 {
			time.Sleep(after)
		}
		if _, ok := <-ch; !ok {
			return nil // closed: the session is over
		}
		return storeChangedMsg{}
	}
}

// isOpen reports whether the role may use sec.
func (m *Model) isOpen(sec section) bool {
	for _, s := range m.open {
		if s == sec {
			return true
		}
	}
	return false
}

// step is the open section n places on from the one shown (n may be -1).
func (m *Model) step(n int) section {
	for i, s := range m.open {
		if s == m.sec {
			return m.open[(i+n+len(m.open))%len(m.open)]
		}
	}
	return m.open[0]
}

// Common exposes the shared state (for tests).
func (m *Model) Common() *kit.Common { return m.c }

// Init asks the terminal for its background and loads the section shown
// first (or waits for Preload's load of it). The other sections load when
// they are first visited, so the first frame waits for nothing it does not
// show.
func (m *Model) Init() tea.Cmd {
	cmds := []tea.Cmd{m.nextChange(0)}
	if !m.fixedTheme {
		cmds = append(cmds, tea.RequestBackgroundColor)
	}
	if m.preloaded != nil {
		cmds = append(cmds, m.preloaded...)
		m.preloaded = nil
	} else {
		for _, s := range m.stacks[m.sec] {
			cmds = append(cmds, s.Init())
		}
	}
	return tea.Batch(cmds...)
}

// Preload starts loading the section shown first at once, before the
// program runs, so that the database is read while Bubble Tea readies the
// terminal (on another core, where there is one) and the first frame can
// show the data. Init then waits for that load instead of starting it.
// The loads are the screens' own Init Cmds, run early (kit.Early): the
// store is still touched only inside Cmds, never in Update or View. Call
// it once, before the program runs; without it, Init starts the loads.
func (m *Model) Preload() {
	m.preloaded, m.pending = nil, 0
	for _, s := range m.stacks[m.sec] {
		if cmd := kit.Early(s.Init()); cmd != nil {
			m.preloaded = append(m.preloaded, func() tea.Msg { return preloadedMsg{cmd()} })
			m.pending++
		}
	}
	// The renderer measures the first frame's non-ASCII characters (›, …,
	// •) with a table of every rune's width that it builds on first use
	// (about 1 ms); build it now, beside the load.
	go ansi.StringWidthWc("…")
}

func (m *Model) active() kit.Screen {
	st := m.stacks[m.sec]
	return st[len(st)-1]
}

func (m *Model) each(fn func(kit.Screen)) {
	for _, st := range m.stacks {
		for _, s := range st {
			fn(s)
		}
	}
}

// Update routes messages: sizes and background to every screen, keys
// through the global bindings to the active screen, and everything else to
// the active screen only.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case preloadedMsg:
		_, cmd := m.Update(msg.msg)
		if m.pending--; m.pending == 0 && m.loaded != nil {
			m.loaded()
		}
		return m, cmd
	case tea.WindowSizeMsg:
		m.width, m.height, m.sized = msg.Width, msg.Height, true
		m.c.Width, m.c.Height = msg.Width, max(1, msg.Height-chrome)
		m.help.SetWidth(msg.Width)
		var cmds []tea.Cmd
		m.each(func(s kit.Screen) {
			m.size(s)
			_, cmd := s.Update(msg)
			cmds = append(cmds, cmd)
		})
		return m, tea.Batch(cmds...)
	case tea.BackgroundColorMsg:
		if m.fixedTheme {
			return m, nil
		}
		m.c.Styles = kit.NewStylesFor(msg.IsDark(), m.c.Accessible)
		m.help.Styles = m.c.Styles.Help
		var cmds []tea.Cmd
		m.each(func(s kit.Screen) {
			_, cmd := s.Update(msg)
			cmds = append(cmds, cmd)
		})
		return m, tea.Batch(cmds...)
	case kit.PushMsg:
		if kit.ScreenKey(msg.Screen) == kit.ScreenKey(m.active()) {
			// The same screen again: a key pressed twice before the first
			// press's screen had opened (its data was still loading).
			// Opening it twice would leave a stale copy underneath.
			return m, nil
		}
		if q, ok := msg.Screen.(*kit.Confirm); ok && fullscreen(m.active()) {
			// Asked in reading mode, which the room sees: the question
			// covers the whole screen, with none of the app's chrome.
			q.OverFullscreen()
		}
		m.size(msg.Screen)
		m.stacks[m.sec] = append(m.stacks[m.sec], msg.Screen)
		m.setStatus("", false)
		return m, msg.Screen.Init()
	case kit.PopMsg:
		if q, ok := m.active().(*kit.Confirm); ok && q.AsksToQuit() {
			m.quitAsked = false // answered no
		}
		return m, m.pop(msg.Status)
	case kit.StatusMsg:
		text := msg.Text
		if m.c.Privacy && msg.Private != "" {
			text = msg.Private
		}
		m.setStatus(text, msg.Err)
		return m, nil
	case kit.CmdMsg:
		return m, msg.Cmd
	case backupDueMsg:
		if !msg.due {
			return m, m.saveAndQuit()
		}
		return m, m.offerBackup()
	case backupDoneMsg:
		return m, m.backupDone(msg)
	case storyTextEditedMsg:
		return m, saveEditedText(m.c, msg)
	case kit.ChangedMsg:
		m.setStatus(msg.Status, false)
		return m, refresh(m.active())
	case storeChangedMsg:
		// Saved elsewhere (or here): what is on screen is read again, as
		// coming back to it would.
		return m, tea.Batch(refresh(m.active()), m.nextChange(liveGap))
	case tea.KeyPressMsg:
		return m.key(msg)
	}
	s, cmd := m.active().Update(msg)
	m.replaceActive(s)
	return m, cmd
}

func fullscreen(s kit.Screen) bool {
	f, ok := s.(kit.Fullscreen)
	return ok && f.Fullscreen()
}

// size tells a screen the size of the area it draws in.
func (m *Model) size(s kit.Screen) {
	if fullscreen(s) {
		s.SetSize(m.width, max(1, m.height-1))
		return
	}
	s.SetSize(m.c.Width, m.c.Height)
}

func (m *Model) setStatus(text string, isErr bool) {
	if isErr && m.c.Accessible && text != "" && !strings.HasPrefix(text, "Error: ") {
		text = "Error: " + text // not by colour alone
	}
	m.status, m.statusEr = endSentence(text), isErr
}

// endSentence drops the full stop a message put after a name that ends in
// one already ("Saved Ayesha A.", not "Saved Ayesha A..").
func endSentence(s string) string {
	if strings.HasSuffix(s, "..") && !strings.HasSuffix(s, "...") {
		return s[:len(s)-1]
	}
	return s
}

func (m *Model) replaceActive(s kit.Screen) {
	st := m.stacks[m.sec]
	st[len(st)-1] = s
}

func (m *Model) pop(status string) tea.Cmd {
	st := m.stacks[m.sec]
	if status != "" || len(st) > 1 {
		m.setStatus(status, false)
	}
	if len(st) <= 1 {
		if status != "" {
			// Something was done from the bottom screen (a record deleted
			// from a list): show what is there now.
			return refresh(m.active())
		}
		return nil
	}
	top := st[len(st)-1]
	m.stacks[m.sec] = st[:len(st)-1]
	if _, ok := top.(*kit.Confirm); ok && !fullscreen(m.active()) {
		// A question changes nothing by itself. Reloading now would race
		// the change a yes sets off; that change reloads when it is done.
		// Reading mode is the exception: it reloads (checking again what
		// may be shown), as its checks did not reach it under the question.
		return nil
	}
	return refresh(m.active())
}

func refresh(s kit.Screen) tea.Cmd {
	if r, ok := s.(kit.Refresher); ok {
		return r.Refresh()
	}
	return nil
}

func (m *Model) key(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	g := m.c.Keys.Global
	if m.status != "" && len(statusLines(m.status, m.width-1, m.width-lipgloss.Width(m.footerHint())-1)) > 1 {
		// A message on more than one line covers the screen's last
		// lines: it has been read once a key is pressed.
		m.setStatus("", false)
	} else if _, inForm := m.active().(*kit.FormScreen); inForm && m.status != "" {
		// In a form the status line is where the field's keys are.
		m.setStatus("", false)
	}
	switch {
	case key.Matches(msg, g.ForceQuit):
		return m, m.quit()
	case key.Matches(msg, g.Privacy):
		m.c.Privacy = !m.c.Privacy
		if m.c.Privacy {
			m.setStatus("Privacy screen on: names show as initials and contact details are hidden. "+kit.KeyName(g.Privacy)+" turns it off.", false)
		} else {
			m.setStatus("Privacy screen off.", false)
		}
		var cmds []tea.Cmd
		m.each(func(s kit.Screen) {
			_, cmd := s.Update(kit.PrivacyMsg{})
			cmds = append(cmds, cmd)
		})
		return m, tea.Batch(cmds...)
	}
	if m.showHelp {
		l := m.c.Keys.List
		switch {
		case key.Matches(msg, g.Help, g.Back, g.Quit):
			m.showHelp = false
			if fullscreen(m.active()) {
				// Reading mode shows again: what it shows is checked again.
				return m, refresh(m.active())
			}
		case key.Matches(msg, l.Down):
			m.helpTop++
		case key.Matches(msg, l.Up):
			m.helpTop--
		case key.Matches(msg, l.PageDown):
			m.helpTop += max(1, m.c.Height-2)
		case key.Matches(msg, l.PageUp):
			m.helpTop -= max(1, m.c.Height-2)
		case key.Matches(msg, l.Top):
			m.helpTop = 0
		case key.Matches(msg, l.Bottom):
			m.helpTop = 1 << 30
		}
		return m, nil // helpView keeps helpTop in range
	}
	if c, ok := m.active().(kit.Capturer); ok && c.Capturing() {
		s, cmd := m.active().Update(msg)
		m.replaceActive(s)
		return m, cmd
	}
	secKeys := sectionKeys(m.c.Keys)
	if fullscreen(m.active()) && key.Matches(msg, append(secKeys[:], g.Quit, g.NextTab, g.PrevTab)...) {
		// Reading mode is on a screen the room can see: a stray key must
		// not quit or put the People list up. esc leaves it; ctrl+c quits.
		return m, nil
	}
	for sec, b := range secKeys {
		if key.Matches(msg, b) && m.isOpen(section(sec)) {
			return m, m.goTo(section(sec))
		}
	}
	switch {
	case key.Matches(msg, g.Quit):
		return m, m.quit()
	case key.Matches(msg, g.Help):
		m.showHelp, m.helpTop = true, 0
		return m, nil
	case key.Matches(msg, g.NextTab):
		return m, m.goTo(m.step(1))
	case key.Matches(msg, g.PrevTab):
		return m, m.goTo(m.step(-1))
	}
	s, cmd := m.active().Update(msg)
	m.replaceActive(s)
	return m, cmd
}

func (m *Model) goTo(sec section) tea.Cmd {
	if sec == m.sec {
		return nil
	}
	m.sec = sec
	m.setStatus("", false)
	return refresh(m.active())
}

// quit leaves at once, or asks first when a form holds unsaved changes or
// in reading mode (the room sees the screen: a slip of the hand must not
// drop them into a terminal).
func (m *Model) quit() tea.Cmd {
	dirty := false
	m.each(func(s kit.Screen) {
		if d, ok := s.(kit.Dirtier); ok && d.Dirty() {
			dirty = true
		}
	})
	if q, asking := m.active().(*kit.Confirm); (asking && q.AsksToQuit()) || m.quitAsked {
		// ctrl+c twice: the user means it (the second may come before
		// the question is on screen).
		return m.saveAndQuit()
	}
	var q *kit.Confirm
	switch {
	case dirty:
		q = kit.NewConfirm(m.c, "Quit involve?", "A form has changes that have not been saved. They will be lost.",
			m.leave)
	case fullscreen(m.active()) && !m.tooSmall():
		// No goes back to reading as it was, with no message to the
		// room. (In a terminal too small to draw in, the screen shows
		// only that, and says ctrl+c quits: there it does.)
		q = kit.NewConfirm(m.c, "Quit involve?", "This leaves reading mode and closes involve.", m.leave).
			OrElse(func() tea.Cmd { return nil })
	default:
		return m.leave()
	}
	m.quitAsked = true
	return kit.Push(q.ForQuit())
}

// saveAndQuit lets every screen write what it keeps (where a story was
// left), then quits.
func (m *Model) saveAndQuit() tea.Cmd {
	var cmds []tea.Cmd
	m.each(func(s kit.Screen) {
		if sv, ok := s.(kit.Saver); ok {
			if cmd := sv.SaveCmd(); cmd != nil {
				cmds = append(cmds, cmd)
			}
		}
	})
	return tea.Sequence(append(cmds, tea.Quit)...)
}

// tooSmall reports whether the terminal is too small to draw in: the
// screen only says so.
func (m *Model) tooSmall() bool { return m.width < MinWidth || m.height < MinHeight }

// View draws the header, the active screen (or help) and the status line.
func (m *Model) View() tea.View {
	v := tea.NewView(m.render())
	v.AltScreen = true
	v.WindowTitle = "involve"
	return v
}

func (m *Model) render() string {
	if !m.sized {
		return ""
	}
	st := m.c.Styles
	if m.tooSmall() {
		msg := fmt.Sprintf("Terminal too small.\n\ninvolve needs at least %d×%d;\nthis one is %d×%d.\nMake the window bigger, or press %s to quit.",
			MinWidth, MinHeight, m.width, m.height, kit.KeyName(m.c.Keys.Global.ForceQuit))
		return lipgloss.Place(m.width, m.height, lipgloss.Center, lipgloss.Center, st.Bold.Render(msg))
	}
	if !m.showHelp && fullscreen(m.active()) {
		return fitHeight(m.active().View(), m.height-1, m.width) + "\n" + m.fullscreenFooter()
	}
	var body string
	if m.showHelp {
		body = m.helpView()
	} else {
		body = m.active().View()
	}
	footer := m.footer()
	// A footer of two lines (a long message) covers the screen's last line
	// while it shows.
	body = fitHeight(body, max(1, m.c.Height-strings.Count(footer, "\n")), m.width)
	return m.header() + "\n" + body + "\n" + footer
}

func (m *Model) header() string {
	st := m.c.Styles
	tabs := func(pad int, sep string, names bool) string {
		var out []string
		keys := sectionKeys(m.c.Keys)
		for _, i := range m.open {
			label := keys[i].Help().Key + " " + m.names[i]
			if i == m.sec {
				out = append(out, st.Current(st.ActiveTab.Padding(0, pad), label))
			} else {
				if !names {
					label = keys[i].Help().Key
				}
				out = append(out, st.Tab.Padding(0, pad).Render(label))
			}
		}
		return strings.Join(out, sep)
	}
	right := m.badges()
	left := st.Title.Render(" involve ") + " " + tabs(1, "", true)
	if m.width-lipgloss.Width(left)-lipgloss.Width(right) < 1 {
		// Narrow: the tabs closer together before any is cut short, then
		// the sections' names without the program's, then only the
		// section shown keeps its name.
		left = st.Title.Render(" involve ") + "  " + tabs(0, " ", true)
		if m.width-lipgloss.Width(left)-lipgloss.Width(right) < 1 {
			left = " " + tabs(0, " ", true)
		}
		if m.width-lipgloss.Width(left)-lipgloss.Width(right) < 1 {
			left = st.Title.Render(" involve ") + "  " + tabs(0, " ", false)
		}
	}
	line := left
	if gap := m.width - lipgloss.Width(left) - lipgloss.Width(right); gap >= 1 {
		line = left + strings.Repeat(" ", gap) + right
	} else {
		line = ansi.Truncate(left, m.width-lipgloss.Width(right)-1, "…") + " " + right
	}
	var crumbs []string
	for _, s := range m.stacks[m.sec] {
		crumbs = append(crumbs, s.Title())
	}
	sep := " › "
	if st.Accessible {
		sep = " > "
	}
	crumb := st.Subtle.Render(ansi.Truncate(" "+strings.Join(crumbs, sep), m.width, "…"))
	return line + "\n" + crumb
}

func (m *Model) footer() string {
	st := m.c.Styles
	hint := st.Faint.Render(m.footerHint())
	var left string
	room := m.width - lipgloss.Width(hint) - 1
	switch {
	case m.status != "":
		style := st.Status
		if m.statusEr {
			style = st.StatusError
		}
		if lines := statusLines(m.status, m.width-1, room); len(lines) > 1 {
			// Too long for one line: a message is read in full (its
			// other lines over the screen's last), not cut off.
			var b strings.Builder
			for _, l := range lines[:len(lines)-1] {
				b.WriteString(style.Render(" "+l) + "\n")
			}
			last := style.Render(" " + lines[len(lines)-1])
			return b.String() + last + strings.Repeat(" ", max(1, m.width-lipgloss.Width(last)-lipgloss.Width(hint))) + hint
		}
		left = style.Render(" " + m.status)
	default:
		left = m.help.ShortHelpView(m.shortHelp())
		left = " " + left
	}
	if lipgloss.Width(left) > room {
		left = ansi.Truncate(left, room, "…")
	}
	return left + strings.Repeat(" ", max(1, m.width-lipgloss.Width(left)-lipgloss.Width(hint))) + hint
}

// badges are the PRIVACY and DEMO marks, as they apply.
func (m *Model) badges() string {
	st := m.c.Styles
	var badges []string
	if m.c.Privacy {
		badges = append(badges, st.PrivacyBadge.Render("PRIVACY"))
	}
	if m.c.Demo {
		badges = append(badges, st.DemoBadge.Render("DEMO"))
	}
	return strings.Join(badges, " ")
}

// footerHint is the right-hand end of the footer.
func (m *Model) footerHint() string {
	g := m.c.Keys.Global
	if c, ok := m.active().(kit.Capturer); ok && c.Capturing() {
		return g.Back.Help().Key + " back  " + g.ForceQuit.Help().Key + " quit" // ? and q are typed into the field
	}
	if m.showHelp {
		// Over the help, ?, esc and q close it.
		return g.Help.Help().Key + "/" + g.Back.Help().Key + " close help"
	}
	if fullscreen(m.active()) {
		return g.Help.Help().Key + " help  " + g.ForceQuit.Help().Key + " quit" // reading mode takes no q
	}
	return g.Help.Help().Key + " help  " + g.Quit.Help().Key + " quit"
}

// statusLines fits a status message to the footer: one line when it fits
// beside the hint (room), else up to three, as wide as the screen, the last
// beside the hint (empty if need be), cut with "…" only if even that is
// not enough. Lines break at spaces, and in a file's path at its slashes.
func statusLines(msg string, width, room int) []string {
	if ansi.StringWidth(msg) <= room-1 {
		return []string{msg}
	}
	lines := strings.Split(ansi.Wrap(msg, width-1, " /"), "\n")
	if len(lines) > maxStatusLines {
		lines = append(lines[:maxStatusLines-1], strings.Join(lines[maxStatusLines-1:], ""))
	}
	last := lines[len(lines)-1]
	if ansi.StringWidth(last) > room-1 {
		if len(lines) < maxStatusLines {
			lines = append(lines, "") // the last line beside the hint
		} else {
			lines[len(lines)-1] = ansi.Truncate(last, room-1, "…")
		}
	}
	return lines
}

// maxStatusLines is the most lines a status message takes.
const maxStatusLines = 3

// fullscreenFooter is a full-screen view's one line of chrome: the status,
// or the screen's first keys, faint, with the privacy and demo badges.
func (m *Model) fullscreenFooter() string {
	st := m.c.Styles
	var left string
	switch {
	case m.status != "" && m.statusEr:
		left = st.StatusError.Render(" " + m.status)
	case m.status != "":
		left = st.Status.Render(" " + m.status)
	default:
		var keys []string
		for _, b := range m.shortHelp() {
			if b.Enabled() {
				keys = append(keys, b.Help().Key+" "+b.Help().Desc)
			}
		}
		left = st.Faint.Render(" " + strings.Join(keys, " · "))
	}
	right := m.badges()
	if room := m.width - lipgloss.Width(right) - 1; lipgloss.Width(left) > room {
		left = ansi.Truncate(left, max(0, room), "…")
	}
	return left + strings.Repeat(" ", max(1, m.width-lipgloss.Width(left)-lipgloss.Width(right))) + right
}

func (m *Model) shortHelp() []key.Binding {
	if c, ok := m.active().(kit.CaptureHelper); ok && c.Capturing() {
		return c.CaptureHelp()
	}
	groups := m.active().Help()
	if len(groups) == 0 {
		return nil
	}
	return groups[0]
}

// helpView is generated from the real bindings of the active screen and the
// global keys, so it cannot drift from what the keys do.
func (m *Model) helpView() string {
	g := m.c.Keys.Global
	groups := append([][]key.Binding{}, m.active().Help()...)
	if fullscreen(m.active()) {
		// Reading mode takes no section keys and no q (see key).
		groups = append(groups, []key.Binding{g.Privacy, g.Help, g.ForceQuit})
	} else {
		if len(m.open) > 1 {
			var secs []key.Binding
			keys := sectionKeys(m.c.Keys)
			for _, s := range m.open {
				secs = append(secs, keys[s])
			}
			groups = append(groups, append(secs, g.NextTab, g.PrevTab))
		}
		groups = append(groups, []key.Binding{g.Privacy, g.Help, g.Back, g.Quit, g.ForceQuit})
	}
	st := m.c.Styles
	title := st.Title.Render("Keys for " + m.active().Title())
	closeHelp := "Press " + kit.KeyName(g.Help) + " or " + kit.KeyName(g.Back) + " to close this help."
	width := m.width
	if st.Accessible {
		width = 1 // a column at a time: a screen reader reads a line across
	}
	lines := strings.Split(helpColumns(st, uniqueBindings(groups), width), "\n")
	room := m.c.Height - 4 // the title and a blank line above, a blank line and the hint below
	if len(lines) <= room {
		return title + "\n\n" + strings.Join(lines, "\n") + "\n\n" + st.Subtle.Render(closeHelp)
	}
	// Taller than the screen: a window on it, moved with the arrow keys.
	m.helpTop = max(0, min(m.helpTop, len(lines)-room))
	shown := lines[m.helpTop : m.helpTop+room]
	l := m.c.Keys.List
	hint := fmt.Sprintf("Lines %d–%d of %d: %s/%s and %s/%s scroll. %s", m.helpTop+1, m.helpTop+room, len(lines),
		kit.KeyName(l.Up), kit.KeyName(l.Down), kit.KeyName(l.PageUp), kit.KeyName(l.PageDown), closeHelp)
	return title + "\n\n" + strings.Join(shown, "\n") + "\n\n" + st.Subtle.Render(ansi.Truncate(hint, m.width, "…"))
}

// uniqueBindings drops a binding that an earlier group already lists (a
// screen's own esc back, and the global one).
func uniqueBindings(groups [][]key.Binding) [][]key.Binding {
	seen := map[string]bool{}
	out := make([][]key.Binding, 0, len(groups))
	for _, g := range groups {
		var kept []key.Binding
		for _, b := range g {
			id := b.Help().Key + "\x00" + b.Help().Desc
			if seen[id] {
				continue
			}
			seen[id] = true
			kept = append(kept, b)
		}
		out = append(out, kept)
	}
	return out
}

// helpColumns lays groups of bindings out as columns, starting a new row of
// columns when the next would not fit, so no key is ever cut off.
func helpColumns(st *kit.Styles, groups [][]key.Binding, width int) string {
	var cols []string
	for _, g := range groups {
		kw := 0
		for _, b := range g {
			if b.Enabled() {
				kw = max(kw, lipgloss.Width(b.Help().Key))
			}
		}
		var lines []string
		for _, b := range g {
			if !b.Enabled() || b.Help().Key == "" {
				continue
			}
			k := b.Help().Key
			lines = append(lines, st.Help.FullKey.Render(k+strings.Repeat(" ", kw-lipgloss.Width(k)))+"  "+st.Help.FullDesc.Render(b.Help().Desc))
		}
		if len(lines) > 0 {
			cols = append(cols, strings.Join(lines, "\n"))
		}
	}
	var rows []string
	var row []string
	used := 0
	for _, c := range cols {
		w := lipgloss.Width(c) + 4
		if used+w > width && len(row) > 0 {
			rows = append(rows, lipgloss.JoinHorizontal(lipgloss.Top, row...))
			row, used = nil, 0
		}
		row = append(row, lipgloss.NewStyle().PaddingRight(4).Render(c))
		used += w
	}
	if len(row) > 0 {
		rows = append(rows, lipgloss.JoinHorizontal(lipgloss.Top, row...))
	}
	return strings.Join(rows, "\n\n")
}

// fitHeight pads or cuts s to exactly h lines no wider than w.
func fitHeight(s string, h, w int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for i, l := range lines {
		if lipgloss.Width(l) > w {
			// A screen draws within its width; should one not, what is
			// cut says so.
			lines[i] = kit.Truncate(l, w)
		}
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n")
}
