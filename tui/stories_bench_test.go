package tui

// Benchmarks for the reader, against the budget in issue 4: a scroll
// keystroke (Update+View) ≤ 1 ms on a 10,000-word story.
//
//	go test ./tui -run '^$' -bench 'Reader' -benchmem

import (
	"fmt"
	"testing"

	"github.com/involve/involve/internal/fixture"
	"github.com/involve/involve/render"
	"github.com/involve/involve/store"
	"github.com/involve/involve/tui/kit"
)

// BenchmarkReaderScroll is one scroll keystroke in the reader of a
// 10,000-word story: the root model's Update and View, through to the
// frame. The story is opened the way a user opens it and rendered first.
func BenchmarkReaderScroll(b *testing.B) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		b.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(b *testing.B) {
			h := newHarness(b, withSize(size[0], size[1]))
			st := store.Story{Slug: "long", Title: "A long story", Body: fixture.LongStory(10_000), Status: store.StoryApproved,
				Naming: store.NamingAnonymous, Consent: store.ConsentGiven, ConsentDate: "2026-01-01", Uses: []store.Use{store.UseForums}}
			if err := h.s.SaveStory(bg(), &st); err != nil {
				b.Skipf("saving the story: %v", err)
			}
			h.press(h.keys().Global.Stories)
			lib := activeAs[*StoriesScreen](h)
			findRow(b, lib.list, func(r kit.Row) bool { return r.ID == st.ID })
			h.press(h.keys().List.Open)
			r := activeAs[*ReaderScreen](h)
			if len(r.lines) < 500 {
				b.Fatalf("the story rendered to %d lines", len(r.lines))
			}
			down, top := keyMsg(b, "j"), keyMsg(b, "g")
			last := len(r.lines) - r.bodyHeight()
			b.ReportAllocs()
			for b.Loop() {
				msg := down
				if r.offset >= last {
					msg = top
				}
				h.m.Update(msg)
				_ = h.m.View()
			}
			b.ReportMetric(float64(len(r.lines)), "lines")
		})
	}
}

// BenchmarkReaderRender is the first render of a 10,000-word story at 80
// columns (glamour and the layout of its lines), with nothing cached: what
// the reader waits for the first time, in a Cmd, off the keystroke path.
func BenchmarkReaderRender(b *testing.B) {
	body := fixture.LongStory(10_000)
	st := kit.NewStyles(true)
	style := render.StyleName(true, false)
	for b.Loop() {
		md := render.NewMarkdown()
		out, err := md.Render("story/x/1", body, 80, style)
		if err != nil {
			b.Fatal(err)
		}
		_ = storyLines(out, store.DefaultSupportMessage, 80, 0, st)
	}
}
