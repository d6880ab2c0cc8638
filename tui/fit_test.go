package tui

import (
	"fmt"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/involve/involve/store"
	"github.com/involve/involve/tui/kit"
	"github.com/involve/involve/tui/rights"
)

// fitScreens are the forms, questions and pickers a user reaches, beyond
// the golden screens, each drawn within its room at 80×24 and 120×40 (see
// checkFits): nothing cut off at the edge or the bottom.
var fitScreens = []goldenScreen{
	{"new-person", func(t *testing.T, h *harness) {
		h.press(h.keys().Global.People)
		h.press(h.keys().Record.New)
		activeAs[*kit.FormScreen](h)
	}},
	{"new-forum", func(t *testing.T, h *harness) {
		h.press(h.keys().Global.Forums)
		h.press(h.keys().Record.New)
		activeAs[*kit.FormScreen](h)
	}},
	{"new-meeting", func(t *testing.T, h *harness) {
		h.press(h.keys().Global.Meetings)
		h.press(h.keys().Record.New)
		activeAs[*kit.FormScreen](h)
	}},
	{"delete-person", func(t *testing.T, h *harness) {
		h.press(h.keys().Global.People)
		h.press(h.keys().Record.Delete)
		activeAs[*rights.EraseScreen](h)
	}},
	{"delete-forum", func(t *testing.T, h *harness) {
		h.press(h.keys().Global.Forums)
		h.press(h.keys().Record.Delete)
		activeAs[*kit.Confirm](h)
	}},
	{"register-add-known", func(t *testing.T, h *harness) {
		openHeldMeeting(t, h)
		h.press(h.keys().Detail.Register)
		h.typeText("+")
		activeAs[*kit.Picker](h)
	}},
	{"register-add-new", func(t *testing.T, h *harness) {
		openHeldMeeting(t, h)
		h.press(h.keys().Detail.Register)
		h.press(h.keys().Register.AddPerson)
		activeAs[*kit.FormScreen](h)
	}},
	{"claim-picker", func(t *testing.T, h *harness) {
		moneyPane(t, h, paneClaims)
		h.press(h.keys().Record.New)
		activeAs[*kit.Picker](h)
	}},
	{"claim-form", func(t *testing.T, h *harness) {
		openHeldMeeting(t, h)
		h.press(h.keys().Detail.MeetingDay)
		h.press(h.keys().Day.Claim)
		activeAs[*kit.FormScreen](h)
		h.pressKey("enter")
	}},
	{"payment-form", func(t *testing.T, h *harness) {
		moneyPane(t, h, panePayments)
		p := aMember(t, h)
		h.run(paymentFormCmd(h.m.Common(), store.Payment{PersonID: p.ID}, p.DisplayName(), func() tea.Cmd { return nil }))
		activeAs[*kit.FormScreen](h)
	}},
	{"pay-claim", func(t *testing.T, h *harness) {
		moneyPane(t, h, paneClaims)
		h.press(h.keys().Money.Pay)
		activeAs[*kit.FormScreen](h)
	}},
	{"reject-claim", func(t *testing.T, h *harness) {
		moneyPane(t, h, paneClaims)
		h.press(h.keys().Money.Reject)
		activeAs[*kit.FormScreen](h)
	}},
	{"delete-claim", func(t *testing.T, h *harness) {
		moneyPane(t, h, paneClaims)
		h.press(h.keys().Record.Delete)
	}},
	{"new-rate", func(t *testing.T, h *harness) {
		moneyPane(t, h, paneRates)
		h.press(h.keys().Record.New)
		activeAs[*kit.FormScreen](h)
	}},
	{"new-threshold", func(t *testing.T, h *harness) {
		moneyPane(t, h, paneRates)
		h.press(h.keys().Money.NewThreshold)
		activeAs[*kit.FormScreen](h)
	}},
	{"float", func(t *testing.T, h *harness) {
		openHeldMeeting(t, h)
		h.press(h.keys().Detail.Expenses)
		h.press(h.keys().Money.Float)
		activeAs[*kit.FormScreen](h)
	}},
	{"pay-cash", func(t *testing.T, h *harness) {
		h.send(kit.PushMsg{Screen: NewMeetingDay(h.m.Common(), dayWithClaim(t, h))})
		h.press(h.keys().Day.PayCash)
		activeAs[*kit.Confirm](h)
	}},
	{"taxi-home", func(t *testing.T, h *harness) {
		openHeldMeeting(t, h)
		h.press(h.keys().Detail.MeetingDay)
		h.press(h.keys().Day.TaxiHome)
		activeAs[*kit.FormScreen](h)
	}},
	{"book-journey", func(t *testing.T, h *harness) {
		trOpen(t, h)
		h.press(h.keys().Transport.Booked)
		activeAs[*kit.FormScreen](h)
	}},
	{"transport-settings", func(t *testing.T, h *harness) {
		trOpen(t, h)
		h.press(h.keys().Transport.Settings)
		activeAs[*kit.FormScreen](h)
	}},
	{"find-a-time", func(t *testing.T, h *harness) {
		slOpenForum(t, h)
		h.press(h.keys().Detail.FindTime)
		activeAs[*kit.FormScreen](h)
	}},
	{"plan-at-slot", func(t *testing.T, h *harness) {
		slOpenForum(t, h)
		slFind(t, h)
		h.press(h.keys().List.Open)
		activeAs[*kit.Confirm](h)
	}},
	{"access-needs-form", func(t *testing.T, h *harness) {
		accessPane(t, h, accessNeeds)
		h.press(h.keys().Record.Edit)
		activeAs[*kit.FormScreen](h)
	}},
	{"new-exception", func(t *testing.T, h *harness) {
		accessPane(t, h, accessExceptions)
		h.press(h.keys().Record.New)
		activeAs[*kit.FormScreen](h)
	}},
	{"agenda", func(t *testing.T, h *harness) {
		openHeldMeeting(t, h)
		h.press(h.keys().Detail.Agenda)
		activeAs[*kit.FormScreen](h)
	}},
	{"person", func(t *testing.T, h *harness) {
		h.press(h.keys().Global.People)
		h.press(h.keys().List.Open)
		activeAs[*PersonScreen](h)
	}},
	{"person-privacy", func(t *testing.T, h *harness) {
		h.press(h.keys().Global.People)
		h.press(h.keys().List.Open)
		activeAs[*PersonScreen](h)
		h.press(h.keys().Global.Privacy)
	}},
	{"person-ledger-privacy", func(t *testing.T, h *harness) {
		moneyPane(t, h, paneLedger)
		h.press(h.keys().List.Open)
		h.press(h.keys().Global.Privacy)
	}},
	{"forum-meetings", func(t *testing.T, h *harness) {
		h.press(h.keys().Global.Forums)
		h.press(h.keys().List.Open)
		h.press(h.keys().Detail.SwitchPane)
	}},
	{"stories-search", func(t *testing.T, h *harness) {
		seedStories(t, h.s)
		h.press(h.keys().Global.Stories)
		h.press(h.keys().Stories.Search)
		h.typeText("hill")
	}},
	{"story-history", func(t *testing.T, h *harness) {
		seedStories(t, h.s)
		h.press(h.keys().Global.Stories)
		selectStory(t, activeAs[*StoriesScreen](h), stHill)
		h.press(h.keys().Stories.History)
	}},
	{"reading-mode", func(t *testing.T, h *harness) {
		seedStories(t, h.s)
		h.press(h.keys().Global.Stories)
		h.press(h.keys().Stories.ReadingMode)
	}},
	{"welcome", func(t *testing.T, h *harness) {
		h.send(kit.PushMsg{Screen: NewWelcome(h.m.Common())})
	}},
}

// dayWithClaim is the held meeting's id, with a float and a claim still
// owed to someone on its register, for the meeting day's P.
func dayWithClaim(t *testing.T, h *harness) string {
	t.Helper()
	ms, err := h.s.Meetings(bg())
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		if m.Status != store.MeetingHeld {
			continue
		}
		reg, err := h.s.Register(bg(), m.ID)
		if err != nil || len(reg) == 0 {
			continue
		}
		pc, err := h.s.PettyCash(bg(), m.ID)
		if err != nil {
			t.Fatal(err)
		}
		if pc.Reconciled {
			continue
		}
		if !pc.Set() {
			pc.MeetingID = m.ID
			if err := h.s.SetFloat(bg(), &pc, 5000); err != nil {
				t.Fatal(err)
			}
		}
		cl := store.Claim{PersonID: reg[0].ID, MeetingID: m.ID, Category: store.CatFare, Amount: 480}
		if err := h.s.SaveClaim(bg(), &cl); err != nil {
			t.Fatal(err)
		}
		return m.ID
	}
	t.Fatal("no held meeting whose petty cash is still open")
	return ""
}

func TestEveryScreenFits(t *testing.T) {
	t.Setenv("NO_COLOR", "")
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		for _, sc := range fitScreens {
			t.Run(fmt.Sprintf("%s-%dx%d", sc.name, size[0], size[1]), func(t *testing.T) {
				h := newHarness(t, withSize(size[0], size[1]))
				sc.go_(t, h)
				goldenText(t, h)
				checkFits(t, h)
			})
		}
	}
}
