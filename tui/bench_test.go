package tui

// Benchmarks against the performance budgets in DESIGN.md, on the large
// demo database (10,000 people, 200 forums, 5,000 meetings, about 50,000
// attendance records), generated once per test process:
//
//	go test ./tui -run '^$' -bench . -benchmem -benchtime 200x
//
// Budgets: first frame ≤ 100 ms; a keystroke (Update+View) ≤ 2 ms median;
// peak memory ≤ 80 MiB.

import (
	"bufio"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/involve/involve/tui/kit"
)

// largePeople is the size of the benchmark database.
const largePeople = 10_000

var large struct {
	once sync.Once
	dir  string
	path string
	err  error
}

// largeDemo is the path of the large demo database, written on first use.
func largeDemo(tb testing.TB) string {
	tb.Helper()
	large.once.Do(func() {
		large.dir, large.err = os.MkdirTemp("", "involve-bench-")
		if large.err != nil {
			return
		}
		large.path = filepath.Join(large.dir, "large.db")
		start := time.Now()
		writeDemo(tb, large.path, largePeople)
		tb.Logf("wrote the %d-person demo database in %v", largePeople, time.Since(start).Round(time.Millisecond))
	})
	if large.err != nil {
		tb.Fatal(large.err)
	}
	return large.path
}

func TestMain(m *testing.M) {
	code := m.Run()
	if large.dir != "" {
		os.RemoveAll(large.dir)
	}
	os.Exit(code)
}

// startApp opens the database, builds the app, runs Init's Cmds and sends
// the window size: everything up to the first frame. The caller closes the
// store.
func startApp(tb testing.TB, path string, w, h int) *harness {
	tb.Helper()
	s := openStore(tb, path)
	hs := &harness{tb: tb, s: s, timeout: 30 * time.Second, requests: map[string]int{}, width: w, height: h}
	hs.m = New(s, Options{Demo: true, Now: func() time.Time { return fixedNow }})
	hs.run(hs.m.Init())
	hs.send(tea.WindowSizeMsg{Width: w, Height: h})
	return hs
}

// BenchmarkFirstFrame is the time from opening the database to the first
// frame with data in it.
func BenchmarkFirstFrame(b *testing.B) {
	path := largeDemo(b)
	b.ReportAllocs()
	times := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for range b.N {
		t0 := time.Now()
		h := startApp(b, path, 120, 40)
		frame := h.m.View().Content
		times = append(times, time.Since(t0))
		b.StopTimer()
		if strings.Contains(frame, "Loading…") || !strings.Contains(frame, "Next meetings") {
			b.Fatalf("the first frame has no data:\n%s", h.screen())
		}
		h.s.Close()
		b.StartTimer()
	}
	reportPercentiles(b, times)
}

// peopleApp is the app showing the People list with every row loaded.
func peopleApp(b *testing.B) *harness {
	b.Helper()
	h := startApp(b, largeDemo(b), 120, 40)
	b.Cleanup(func() { h.s.Close() })
	h.press(h.keys().Global.People)
	ls := activeAs[*kit.ListScreen](h)
	if n := ls.List().Len(); n < largePeople {
		b.Fatalf("the People list has %d rows, want %d", n, largePeople)
	}
	return h
}

// BenchmarkMoveKeystroke is one arrow key in the People list of 10,000:
// Update and View.
func BenchmarkMoveKeystroke(b *testing.B) {
	h := peopleApp(b)
	ls := activeAs[*kit.ListScreen](h)
	down, up := keyMsg(b, h.keys().List.Down.Keys()[0]), keyMsg(b, h.keys().List.Up.Keys()[0])
	dir := down
	times := make([]time.Duration, 0, b.N)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		switch ls.List().Cursor() {
		case 0:
			dir = down
		case ls.List().Len() - 1:
			dir = up
		}
		t0 := time.Now()
		h.m.Update(dir)
		_ = h.m.View()
		times = append(times, time.Since(t0))
	}
	b.StopTimer()
	if ls.List().Cursor() == 0 {
		b.Fatal("the cursor never moved")
	}
	reportPercentiles(b, times)
}

// BenchmarkFilterKeystroke is one keystroke in the People filter over
// 10,000 people, alternately adding a letter (the list narrows) and
// removing it (every row is searched again): Update and View.
func BenchmarkFilterKeystroke(b *testing.B) {
	h := peopleApp(b)
	ls := activeAs[*kit.ListScreen](h)
	h.press(h.keys().List.Filter)
	h.typeText("a")
	all := ls.List().Len()
	add := tea.KeyPressMsg{Code: 'n', Text: "n"}
	del := keyMsg(b, "backspace")
	times := make([]time.Duration, 0, b.N)
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		msg := add
		if i%2 == 1 {
			msg = del
		}
		t0 := time.Now()
		h.m.Update(msg)
		_ = h.m.View()
		times = append(times, time.Since(t0))
	}
	b.StopTimer()
	if !ls.Capturing() || ls.List().Len() == 0 || ls.List().Len() > all {
		b.Fatalf("the filter is not working: %d of %d rows", ls.List().Len(), all)
	}
	reportPercentiles(b, times)
}

// reportPercentiles adds the median and 95th percentile to the figures.
func reportPercentiles(b *testing.B, times []time.Duration) {
	if len(times) == 0 {
		return
	}
	slices.Sort(times)
	ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
	b.ReportMetric(ms(times[len(times)/2]), "ms-median")
	b.ReportMetric(ms(times[min(len(times)-1, len(times)*95/100)]), "ms-p95")
}

// BenchmarkPeopleMemory loads the People list of 10,000 into a new app per
// op (allocations per op are that load), then reports the heap in use with
// that list on screen, and the peak memory of a separate process that does
// only this: open, first frame, then Forums, Meetings and People loaded.
func BenchmarkPeopleMemory(b *testing.B) {
	path := largeDemo(b)
	s := openStore(b, path)
	defer s.Close()
	var h *harness
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		h = &harness{tb: b, s: s, timeout: 30 * time.Second, requests: map[string]int{}, width: 120, height: 40}
		h.m = New(s, Options{Now: func() time.Time { return fixedNow }})
		h.send(tea.WindowSizeMsg{Width: 120, Height: 40})
		h.press(h.keys().Global.People)
		_ = h.m.View()
	}
	b.StopTimer()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	runtime.KeepAlive(h)
	b.ReportMetric(mib(ms.HeapInuse), "heap-inuse-MiB")

	child := memoryChild(b, path)
	b.ReportMetric(mib(child.HeapInuse), "child-heap-inuse-MiB")
	b.ReportMetric(mib(child.Sys), "child-go-sys-MiB")
	if child.MaxRSS > 0 {
		b.ReportMetric(mib(child.MaxRSS), "child-peak-rss-MiB")
	}
}

func mib(n uint64) float64 { return float64(n) / (1 << 20) }

// childMemory is what the memory child reports.
type childMemory struct {
	HeapInuse, Sys, MaxRSS uint64
}

var childRun struct {
	once sync.Once
	mem  childMemory
	err  error
	out  string
}

const memoryChildEnv = "INVOLVE_TUI_MEMORY_CHILD"

// memoryChild runs TestMemoryChild in a new process over the database at
// path, once per process, and returns its figures.
func memoryChild(tb testing.TB, path string) childMemory {
	tb.Helper()
	childRun.once.Do(func() {
		cmd := exec.Command(os.Args[0], "-test.run=^TestMemoryChild$", "-test.count=1", "-test.v")
		cmd.Env = append(os.Environ(), memoryChildEnv+"="+path)
		out, err := cmd.Output()
		childRun.out = string(out)
		if err != nil {
			childRun.err = err
			return
		}
		sc := bufio.NewScanner(strings.NewReader(string(out)))
		for sc.Scan() {
			if after, ok := strings.CutPrefix(strings.TrimSpace(sc.Text()), "MEMSTATS "); ok {
				childRun.err = json.Unmarshal([]byte(after), &childRun.mem)
			}
		}
		childRun.mem.MaxRSS = maxRSS(cmd.ProcessState)
	})
	if childRun.err != nil {
		tb.Fatalf("memory child: %v\n%s", childRun.err, childRun.out)
	}
	return childRun.mem
}

// TestMemoryChild is the memory benchmark's separate process: it does
// nothing unless started by BenchmarkPeopleMemory.
func TestMemoryChild(t *testing.T) {
	path := os.Getenv(memoryChildEnv)
	if path == "" {
		t.Skip("run by BenchmarkPeopleMemory")
	}
	h := startApp(t, path, 120, 40)
	defer h.s.Close()
	// Every section loaded, ending on People.
	h.press(h.keys().Global.Forums)
	h.press(h.keys().Global.Meetings)
	h.press(h.keys().Global.People)
	if n := activeAs[*kit.ListScreen](h).List().Len(); n < largePeople {
		t.Fatalf("%d people loaded", n)
	}
	_ = h.m.View()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	runtime.KeepAlive(h)
	out, _ := json.Marshal(childMemory{HeapInuse: ms.HeapInuse, Sys: ms.Sys})
	os.Stdout.WriteString("MEMSTATS " + string(out) + "\n")
}
