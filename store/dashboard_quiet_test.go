package store

import (
	"context"
	"testing"
	"time"
)

// The dashboard's quiet forums are the forums the Forums list shows as not
// having met for QuietAfter, with the same members and last meeting: it
// reads only those.
func TestDashboardQuietMatchesForums(t *testing.T) {
	ctx := context.Background()
	s := openDemo(t, DemoPeople, 3)
	// The demo's forums all met lately: a clock three months on makes
	// some quiet, and a new forum has never met.
	if err := s.SaveForum(ctx, &Forum{Name: "Never met"}); err != nil {
		t.Fatal(err)
	}
	for _, later := range []time.Duration{0, 45 * 24 * time.Hour, 75 * 24 * time.Hour} {
		s.SetClock(func() time.Time { return demoTestNow.Add(later) })
		now := s.now()
		forums, err := s.Forums(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var want []ForumSummary
		for _, f := range forums {
			if f.LastMet.IsZero() || now.Sub(f.LastMet) >= QuietAfter {
				f.NextMeet = time.Time{} // not read for the dashboard
				want = append(want, f)
			}
		}
		if later > QuietAfter && len(want) < 2 {
			t.Fatalf("%v on, only %d forums are quiet: the test tests little", later, len(want))
		}
		d, err := s.Dashboard(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(d.Quiet) != len(want) {
			t.Fatalf("%v on: %d quiet forums, want %d", later, len(d.Quiet), len(want))
		}
		for i := range want {
			if d.Quiet[i] != want[i] {
				t.Errorf("%v on: quiet[%d] = %+v, want %+v", later, i, d.Quiet[i], want[i])
			}
		}
	}
}
