package store

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/involve/involve/civil"
)

func TestRequestClock(t *testing.T) {
	d := civil.MustParse
	today := d("2026-04-20")
	for _, c := range []struct {
		name  string
		r     AccessRequest
		state ClockState
		due   string
		left  int
	}{
		{"plain", AccessRequest{Received: d("2026-03-31")}, ClockRunning, "2026-04-30", 10},
		{"31 January", AccessRequest{Received: d("2028-01-31")}, ClockRunning, "2028-02-29", 680},
		{"waiting for ID", AccessRequest{Received: d("2026-04-01"), IDAsked: d("2026-04-02")}, ClockWaitingForID, "", 0},
		{"ID checked starts the clock", AccessRequest{Received: d("2026-03-01"), IDAsked: d("2026-03-02"), IDChecked: d("2026-03-10")},
			ClockRunning, "2026-04-10", -10},
		{"ID checked on receipt", AccessRequest{Received: d("2026-03-24"), IDChecked: d("2026-03-24")}, ClockRunning, "2026-04-24", 4},
		{"clock stopped", AccessRequest{Received: d("2026-04-01"), ClarifyAsked: d("2026-04-10")}, ClockStopped, "2026-05-11", 21},
		{"clarified", AccessRequest{Received: d("2026-03-10"), ClarifyAsked: d("2026-03-12"), ClarifyReceived: d("2026-03-19")},
			ClockRunning, "2026-04-17", -3},
		{"extended", AccessRequest{Received: d("2026-03-10"), Extended: true, ExtensionReason: "complex"}, ClockRunning, "2026-06-10", 51},
		{"closed", AccessRequest{Received: d("2026-03-10"), Closed: d("2026-03-20"), Outcome: OutcomeAnswered}, ClockClosed, "2026-04-10", -10},
	} {
		got := c.r.Clock(today)
		if got.State != c.state || got.Due.String() != c.due || (c.due != "" && got.DaysLeft != c.left) {
			t.Errorf("%s: %s due %s (%d days left), want %s due %s (%d)", c.name, got.State, got.Due, got.DaysLeft, c.state, c.due, c.left)
		}
	}
	over := AccessRequest{Received: d("2026-03-01")}.Clock(today)
	if !over.Overdue() || !strings.Contains(over.Text(), "overdue: was due 1 Apr 2026 (19 days ago)") {
		t.Errorf("overdue: %v %q", over.Overdue(), over.Text())
	}
}

func TestSaveRequest(t *testing.T) {
	fx := newMoneyFixture(t) // the clock says 14 March 2026
	s, ctx := fx.s, fx.ctx
	d := civil.MustParse
	r := AccessRequest{PersonID: fx.bob, Received: d("2026-03-02"), Notes: "by letter"}
	if err := s.SaveRequest(ctx, &r); err != nil {
		t.Fatal(err)
	}
	if r.Number != 1 || r.Kind != RequestAccess || r.Version != 1 {
		t.Errorf("saved: %+v", r)
	}
	second := AccessRequest{PersonID: fx.ann, Kind: RequestErasure, Received: d("2026-03-13")}
	if err := s.SaveRequest(ctx, &second); err != nil || second.Number != 2 {
		t.Fatalf("second: %v %d", err, second.Number)
	}
	got, err := s.Request(ctx, "1")
	if err != nil || got.ID != r.ID || got.Who() != "Bob" {
		t.Fatalf("Request(1): %+v %v", got, err)
	}
	stale := got
	got.ClarifyAsked = d("2026-03-05")
	if err := s.SaveRequest(ctx, &got); err != nil {
		t.Fatal(err)
	}
	stale.Notes = "changed elsewhere"
	if err := s.SaveRequest(ctx, &stale); !errors.Is(err, ErrConflict) {
		t.Errorf("stale save: %v", err)
	}
	for _, bad := range []struct {
		edit func(*AccessRequest)
		want string
	}{
		{func(r *AccessRequest) { r.Received = d("2026-03-20") }, "has not come yet"},
		{func(r *AccessRequest) { r.IDChecked = d("2026-03-01") }, "before the request was received"},
		{func(r *AccessRequest) { r.ClarifyAsked = civil.Date{}; r.ClarifyReceived = d("2026-03-06") }, "asked for first"},
		{func(r *AccessRequest) { r.Extended = true }, "say why the request needs longer"},
		{func(r *AccessRequest) { r.Outcome = OutcomeAnswered }, "say the day it was answered"},
		{func(r *AccessRequest) { r.Closed = d("2026-03-10") }, "say how it was closed"},
	} {
		c := got
		bad.edit(&c)
		if err := s.SaveRequest(ctx, &c); err == nil || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("want %q, got %v", bad.want, err)
		}
	}
	if err := s.SaveRequest(ctx, &AccessRequest{Received: d("2026-03-02")}); err == nil || !strings.Contains(err.Error(), "whose request") {
		t.Errorf("no person: %v", err)
	}

	// The dashboard's reminder: due within a week, overdue or waiting.
	s.SetClock(func() time.Time { return time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC) })
	due, err := s.RequestsDueWithin(ctx, 7)
	if err != nil {
		t.Fatal(err)
	}
	if len(due) != 1 || due[0].Number != 1 {
		t.Errorf("due within a week on 1 April: %+v", due)
	}
	// Erasing Bob keeps his request, anonymised.
	if err := s.DeletePerson(ctx, fx.bob, 1); err != nil {
		t.Fatal(err)
	}
	all, _ := s.Requests(ctx, true)
	if len(all) != 2 || all[0].Who() != FormerMember || all[0].Notes != "" {
		t.Errorf("after erasure: %+v", all)
	}
}
