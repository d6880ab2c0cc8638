package tui

import (
	"testing"
	"time"

	"github.com/involve/involve/civil"
	"github.com/involve/involve/tui/consult"
	"github.com/involve/involve/tui/kit"
)

// BenchmarkBoardScreen opens the "you said, we did" board of the forum
// with the most points in the 10,000-person demo (500 consultations):
// load, lay out, draw. Budget: 50 ms.
//
//	go test ./tui -run '^$' -bench BoardScreen -benchtime 100x
func BenchmarkBoardScreen(b *testing.B) {
	h := startApp(b, largeDemo(b), 120, 40)
	b.Cleanup(func() { h.s.Close() })
	var forum string
	var most int
	forums, err := h.s.Forums(bg())
	if err != nil {
		b.Fatal(err)
	}
	for _, f := range forums {
		board, err := h.s.Board(bg(), f.ID, civil.Date{}, civil.Date{})
		if err != nil {
			b.Fatal(err)
		}
		if n := board.Points(); n > most {
			forum, most = f.ID, n
		}
	}
	h.press(h.keys().Global.Influence)
	times := make([]time.Duration, 0, b.N)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		t0 := time.Now()
		h.send(kit.PushMsg{Screen: consult.NewReadingBoard(h.m.Common(), forum)})
		_ = h.m.View()
		times = append(times, time.Since(t0))
		b.StopTimer()
		activeAs[*consult.Board](h)
		h.press(h.keys().Global.Back)
		b.StartTimer()
	}
	b.StopTimer()
	b.ReportMetric(float64(most), "points")
	reportPercentiles(b, times)
}
