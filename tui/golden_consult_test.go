package tui

import (
	"testing"

	"github.com/involve/involve/store"
	"github.com/involve/involve/tui/consult"
	"github.com/involve/involve/tui/kit"
)

// The Consultations section's golden screens, with the others'.
func init() {
	goldenScreens = append(goldenScreens, []goldenScreen{
		{"consultations", func(t *testing.T, h *harness) {
			consultationsList(t, h)
		}},
		{"consultation", func(t *testing.T, h *harness) {
			openConsultation(t, h, demoConsultation(t, h, store.LoopOpen).ID)
		}},
		{"consultation-question", func(t *testing.T, h *harness) {
			openConsultation(t, h, demoConsultation(t, h, store.LoopOpen).ID)
			h.press(h.keys().Detail.SwitchPane)
		}},
		{"consultation-feedback", func(t *testing.T, h *harness) {
			openConsultation(t, h, demoConsultation(t, h, store.LoopFedBack).ID)
			h.press(h.keys().Detail.SwitchPane)
			h.press(h.keys().Detail.SwitchPane)
		}},
		{"consultation-point-from-meeting", func(t *testing.T, h *harness) {
			d := demoConsultation(t, h, store.LoopOpen)
			h.press(h.keys().Global.Meetings)
			h.send(kit.PushMsg{Screen: NewMeetingScreen(h.m.Common(), heldMeetingOf(t, h, d.ForumIDs[0]).ID)})
			h.press(h.keys().Consult.AddPoint)
			activeAs[*kit.FormScreen](h)
		}},
		{"yousaid-board", func(t *testing.T, h *harness) {
			d := demoConsultation(t, h, store.LoopOpen)
			h.press(h.keys().Global.Influence)
			h.send(kit.PushMsg{Screen: consult.NewBoard(h.m.Common(), d.ForumIDs[0])})
			activeAs[*consult.Board](h)
		}},
		{"yousaid-reading-mode", func(t *testing.T, h *harness) {
			d := demoConsultation(t, h, store.LoopOpen)
			h.press(h.keys().Global.Influence)
			h.send(kit.PushMsg{Screen: consult.NewReadingBoard(h.m.Common(), d.ForumIDs[0])})
			activeAs[*consult.Board](h)
		}},
	}...)
}
