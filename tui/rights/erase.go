// Package rights is the part of the interface for people's rights over
// their data: the choice shown before someone is forgotten (erased or
// anonymised), everything held about a person (a subject access export),
// the requests people make about their data, the retention review, and
// the people whose consent to be contacted has expired. Everything it
// shows comes from the store's person-data registry.
package rights

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/involve/involve/store"
	"github.com/involve/involve/tui/kit"
)

// EraseScreen is the choice shown before a person is forgotten: erase or
// anonymise them, and why; what goes, what is kept with no name or link,
// and why each. Nothing happens until it is answered yes.
type EraseScreen struct {
	c      *kit.Common
	id     string
	person store.Person
	plans  map[store.ErasureMode]store.ErasurePlan
	mode   store.ErasureMode
	reason store.ErasureReason
	// Done runs after the person is erased, with what to say; by default
	// it closes this screen. From the person's own page it closes that
	// too.
	Done    func(status string) tea.Cmd
	loaded  bool
	working bool
	top     int // the first line shown, when it does not all fit
	w, h    int
}

type planLoadedMsg struct {
	to     *EraseScreen
	person store.Person
	plans  map[store.ErasureMode]store.ErasurePlan
	err    error
}

type erasedMsg struct {
	to  *EraseScreen
	res store.ErasureResult
	err error
}

// NewEraseScreen asks whether to forget the person with this id, for
// reason (ReasonRequest when "").
func NewEraseScreen(c *kit.Common, id string, mode store.ErasureMode, reason store.ErasureReason) *EraseScreen {
	if mode == "" {
		mode = store.ModeErase
	}
	if reason == "" {
		reason = store.ReasonRequest
	}
	s := &EraseScreen{c: c, id: id, mode: mode, reason: reason}
	s.Done = func(status string) tea.Cmd { return kit.Pop(status) }
	return s
}

// Init works out both plans, so that switching between them is instant.
func (s *EraseScreen) Init() tea.Cmd {
	id := s.id
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), kit.DefaultTimeout)
		defer cancel()
		msg := planLoadedMsg{to: s, plans: map[store.ErasureMode]store.ErasurePlan{}}
		if msg.person, msg.err = s.c.Store.Person(ctx, id); msg.err != nil {
			return msg
		}
		for _, m := range []store.ErasureMode{store.ModeErase, store.ModeAnonymise} {
			p, err := s.c.Store.ErasurePlan(ctx, id, m)
			if err != nil {
				msg.err = err
				return msg
			}
			msg.plans[m] = p
		}
		return msg
	}
}

// Title names the screen.
func (s *EraseScreen) Title() string {
	if !s.loaded {
		return "Forget someone"
	}
	return "Forget " + s.c.Name(s.person.Name, s.person.PreferredName)
}

// SetSize records the size.
func (s *EraseScreen) SetSize(w, h int) { s.w, s.h = w, h }

// Capturing is true: keys answer the question (q does not quit).
func (s *EraseScreen) Capturing() bool { return true }

// CaptureHelp lists the keys, for the footer.
func (s *EraseScreen) CaptureHelp() []key.Binding {
	k := s.c.Keys
	yes := k.Confirm.Yes
	yes.SetHelp(yes.Help().Key, strings.ToLower(s.mode.Label())+" now")
	no := k.Confirm.No
	no.SetHelp(no.Help().Key, "keep them")
	return []key.Binding{yes, no, k.Rights.Mode, k.Rights.Reason, k.List.Down, k.List.Up}
}

// Help lists the keys.
func (s *EraseScreen) Help() [][]key.Binding { return [][]key.Binding{s.CaptureHelp()} }

// Update handles the choice.
func (s *EraseScreen) Update(msg tea.Msg) (kit.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case planLoadedMsg:
		if msg.to != s {
			return s, nil
		}
		if msg.err != nil {
			return s, tea.Batch(kit.Pop(""), kit.Failed(msg.err))
		}
		s.person, s.plans, s.loaded = msg.person, msg.plans, true
	case erasedMsg:
		if msg.to != s {
			return s, nil
		}
		s.working = false
		if errors.Is(msg.err, store.ErrConflict) {
			return s, kit.Status("Their details were changed meanwhile: look again before forgetting them; nothing was changed.")
		}
		if msg.err != nil {
			return s, kit.Failed(msg.err)
		}
		name := s.c.Name(s.person.Name, s.person.PreferredName)
		done := map[store.ErasureMode]string{store.ModeErase: "Erased ", store.ModeAnonymise: "Anonymised "}[s.mode]
		status := fmt.Sprintf("%s%s: %d records removed, %d kept with no name. Erasure %s is in the log.",
			done, name, msg.res.Plan.Removed(), msg.res.Plan.Kept(), shortID(msg.res.ID))
		if !msg.res.WALCleared {
			status += " It leaves the -wal file when involve is closed elsewhere."
		}
		return s, s.Done(status)
	case tea.KeyPressMsg:
		if !s.loaded || s.working {
			return s, nil
		}
		k := s.c.Keys
		switch {
		case key.Matches(msg, k.Confirm.Yes):
			return s, s.erase()
		case key.Matches(msg, k.Confirm.No):
			return s, kit.Pop("Nothing was changed.")
		case key.Matches(msg, k.Rights.Mode):
			if s.mode == store.ModeErase {
				s.mode = store.ModeAnonymise
			} else {
				s.mode = store.ModeErase
			}
			s.top = 0
		case key.Matches(msg, k.Rights.Reason):
			s.reason = map[store.ErasureReason]store.ErasureReason{store.ReasonRequest: store.ReasonRetention,
				store.ReasonRetention: store.ReasonOther, store.ReasonOther: store.ReasonRequest}[s.reason]
		case key.Matches(msg, k.List.Down), key.Matches(msg, k.List.PageDown):
			head, body := s.lines()
			s.top = min(s.top+1, max(0, len(body)-max(1, s.h-len(head))))
		case key.Matches(msg, k.List.Up), key.Matches(msg, k.List.PageUp):
			s.top = max(0, s.top-1)
		}
	}
	return s, nil
}

func (s *EraseScreen) erase() tea.Cmd {
	s.working = true
	id, opt := s.id, store.EraseOptions{Mode: s.mode, Reason: s.reason, By: s.c.User, Version: s.person.Version}
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), kit.DefaultTimeout)
		defer cancel()
		res, err := s.c.Store.Erase(ctx, id, opt)
		return erasedMsg{to: s, res: res, err: err}
	}
}

// shortID is the end of an erasure's id: enough to find it in the log.
func shortID(id string) string {
	if len(id) > 8 {
		return "…" + id[len(id)-8:]
	}
	return id
}

// View draws the choice, what goes and what stays.
func (s *EraseScreen) View() string {
	if !s.loaded {
		return s.c.Styles.Subtle.Render("  Working out what would go…")
	}
	head, body := s.lines()
	room := max(1, s.h-len(head))
	body = body[min(s.top, max(0, len(body)-room)):]
	if len(body) > room {
		body = append(body[:room-1], s.c.Styles.Faint.Render(fmt.Sprintf("  ↓ %d more lines", len(body)-room+1)))
	}
	return strings.Join(append(head, body...), "\n")
}

// lines are the screen's lines: the choice (head), which stays at the top,
// and what goes and stays (body), which scrolls.
func (s *EraseScreen) lines() (head, body []string) {
	st := s.c.Styles
	plan := s.plans[s.mode]
	width := max(20, s.w-4)
	var lines []string
	add := func(text string, style lipgloss.Style, indent string) {
		for _, l := range strings.Split(ansi.Wordwrap(text, width-ansi.StringWidth(indent), ""), "\n") {
			lines = append(lines, indent+style.Render(l))
		}
	}
	radio := func(m store.ErasureMode) string {
		if s.mode == m {
			return st.Title.Render("(•) " + m.Label())
		}
		return st.Subtle.Render("( ) " + m.Label())
	}
	why := map[store.ErasureReason]string{store.ReasonRequest: "they asked to be forgotten",
		store.ReasonRetention: "retention review: no involvement for years", store.ReasonOther: "another reason"}[s.reason]
	k := s.c.Keys.Rights
	lines = append(lines, "  "+radio(store.ModeErase)+"   "+radio(store.ModeAnonymise)+st.Faint.Render("   ("+kit.KeyName(k.Mode)+")"),
		"  "+st.Label.Render("Why")+"  "+why+st.Faint.Render("   ("+kit.KeyName(k.Reason)+")"), "")
	if s.mode == store.ModeAnonymise {
		add("Anonymising is erasing, but a story they agreed to share stays, as anonymous.", st.Subtle, "  ")
		lines = append(lines, "")
	}
	if goes := plan.Goes(); len(goes) > 0 {
		lines = append(lines, "  "+st.Bold.Render("Goes for good"))
		for _, g := range goes {
			add("• "+g, st.App, "    ")
		}
	}
	if stays := plan.Stays(); len(stays) > 0 {
		lines = append(lines, "", "  "+st.Bold.Render("Kept, with no name or link to them"))
		for _, k := range stays {
			add("• "+k, st.App, "    ")
		}
	}
	if plan.Ambiguous != "" {
		lines = append(lines, "")
		add(fmt.Sprintf("Someone else is known as %q too: minutes and actions are searched for their full name only. Check them by hand for %q.",
			s.c.Mask(plan.Ambiguous), s.c.Mask(plan.Ambiguous)), st.Warn, "  ")
	}
	lines = append(lines, "")
	add("Afterwards nothing of theirs is left in the database file. The erasure log keeps the date, who did it and why, and nothing about them. This cannot be undone.", st.Subtle, "  ")
	if s.working {
		lines = append(lines, "", "  "+st.Subtle.Render("Forgetting them…"))
	}
	return lines[:3], lines[3:]
}
