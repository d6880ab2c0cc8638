//go:build unix

package report

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"syscall"
	"testing"
	"time"
)

// chromium finds a Chromium or Chrome to take screenshots with, or skips
// the test (.ci/run installs chromium).
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if path, err := exec.LookPath(name); err == nil {
			return path
		}
	}
	t.Skip("Chromium is not installed (apt-get install chromium)")
	return ""
}

// screenshot opens the HTML file in headless Chromium and returns what it
// shows in a window w×h.
func screenshot(t *testing.T, browser, html string, w, h int) image.Image {
	t.Helper()
	dir := t.TempDir()
	shot := filepath.Join(dir, "shot.png")
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
		"--user-data-dir="+filepath.Join(dir, "profile"), "--screenshot="+shot, "--window-size="+itoa(w)+","+itoa(h),
		"file://"+html)
	// Its own process group, killed whole if it hangs.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 10 * time.Second
	out, err := cmd.CombinedOutput()
	defer syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	if err != nil {
		t.Fatalf("chromium: %v\n%s", err, out)
	}
	data, err := os.ReadFile(shot)
	if err != nil {
		t.Fatalf("no screenshot: %v\n%s", err, out)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	return img
}

func itoa(n int) string { return strconv.Itoa(n) }

// teal reports whether a pixel is the charts' first colour (#1b6f8a).
func teal(r, g, b uint32) bool {
	near := func(v uint32, want int) bool { d := int(v>>8) - want; return d > -24 && d < 24 }
	return near(r, 0x1b) && near(g, 0x6f) && near(b, 0x8a)
}

// TestHTMLInChromium opens the demo's report in headless Chromium, and
// checks that its charts are drawn: the screenshot differs from that of
// the same page with the charts' drawings taken out, in blocks of the
// charts' colour, in bands as tall as the charts.
func TestHTMLInChromium(t *testing.T) {
	browser := chromium(t)
	s, o := demoYear(t)
	d, err := Load(context.Background(), s, o)
	if err != nil {
		t.Fatal(err)
	}
	var page bytes.Buffer
	if err := d.WriteHTML(&page); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	withCharts := filepath.Join(dir, "report.html")
	if err := os.WriteFile(withCharts, page.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	// The same page, each chart's drawing replaced by an empty box of
	// its size: only the charts can differ.
	empty := regexp.MustCompile(`(?s)(<svg[^>]*>).*?</svg>`).ReplaceAll(page.Bytes(), []byte("$1</svg>"))
	without := filepath.Join(dir, "without.html")
	if err := os.WriteFile(without, empty, 0o600); err != nil {
		t.Fatal(err)
	}
	const w, h = 1000, 6000
	a := screenshot(t, browser, withCharts, w, h)
	b := screenshot(t, browser, without, w, h)
	if a.Bounds() != b.Bounds() {
		t.Fatalf("screenshots of %v and %v", a.Bounds(), b.Bounds())
	}
	// Rows where the two differ, and the charts' colour on them.
	var bands [][2]int // first and last row of each run of differing rows
	tealPixels := 0
	for y := a.Bounds().Min.Y; y < a.Bounds().Max.Y; y++ {
		differs := false
		for x := a.Bounds().Min.X; x < a.Bounds().Max.X; x++ {
			r1, g1, b1, _ := a.At(x, y).RGBA()
			r2, g2, b2, _ := b.At(x, y).RGBA()
			if r1 != r2 || g1 != g2 || b1 != b2 {
				differs = true
				if teal(r1, g1, b1) {
					tealPixels++
				}
			}
		}
		switch n := len(bands); {
		case differs && n > 0 && bands[n-1][1] >= y-80:
			bands[n-1][1] = y
		case differs:
			bands = append(bands, [2]int{y, y})
		}
	}
	var tall [][2]int
	for _, band := range bands {
		if band[1]-band[0] >= 150 {
			tall = append(tall, band)
		}
	}
	if len(tall) < 3 {
		t.Errorf("want the three charts drawn (bands of at least 150 rows that differ), got bands %v", bands)
	}
	if tealPixels < 5000 {
		t.Errorf("only %d pixels of the bars' colour where the charts are", tealPixels)
	}
	// Text outside the charts is the same on both: the page laid out once.
	if bands != nil && bands[0][0] < 200 {
		t.Errorf("the page differs above the first chart, at row %d", bands[0][0])
	}
}
