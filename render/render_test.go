package render

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	xansi "github.com/charmbracelet/x/ansi"
	gtext "github.com/yuin/goldmark/text"

	"github.com/involve/involve/internal/fixture"
	"github.com/involve/involve/internal/testtime"
	"github.com/involve/involve/termsafe"
)

var update = flag.Bool("update", false, "rewrite the golden renders in testdata/")

func mustRender(t testing.TB, md *Markdown, text string, width int, style string) string {
	t.Helper()
	out, err := md.Render("", text, width, style)
	if err != nil {
		t.Fatalf("Render(%s, %d): %v", style, width, err)
	}
	if err := OnlySGR(out); err != nil {
		t.Fatalf("Render(%s, %d) leaks: %v\n%q", style, width, err, out)
	}
	return out
}

func TestHostileTextOnlySGR(t *testing.T) {
	md := NewMarkdown()
	docs := []string{
		"Clear the screen: \x1b[2J and \x1b]0;title\x07 and \x1b]8;;http://evil\x1b\\link\x1b]8;;\x1b\\",
		"Entities: &#27;[2J &#x1b;[31mred &#X1B;]0;owned&#7; &#155;31m &#x9b;2J &#x9d;0;t&#x9c; &#0; &#x202e;evil &#8238;",
		"C1 as text: \u009b2J \u009d0;x\u009c and bidi \u202e and \u2066",
		"<script>alert(1)</script><div>raw &#27;[2J html</div>\n\n<p style=\"x\">para</p>",
		"Inline <span>raw &#27;]8;;http://x&#27;\\ html</span> here",
		"`code &#27;[2J`\n\n```\n\x1b[31mcode block\x1b[0m &#27;[2J\n```\n",
		"| a | b |\n|---|---|\n| &#27;[2J | \x1b[5m |\n",
		"[link &#27;[2J](http://example.com/&#27;) ![img](javascript:alert(1))\n\n<http://auto.link/\x1b[2J>",
		"Term\n: definition &#27;[2J\n",
		"- [ ] task &#27;[2J\n- [x] done\n",
		"# Heading &#27;[2J\n\nSetext &#x1b;\n===\n",
		"&NewLine;&Tab;&nbsp;&amp;&#65;&#x41;",
	}
	for _, style := range Styles {
		for _, w := range []int{20, 80, 200} {
			for _, d := range docs {
				mustRender(t, md, d, w, style)
			}
		}
	}
	// Text around the hostile bits survives.
	out := xansi.Strip(mustRender(t, md, docs[1], 80, Dark))
	for _, w := range []string{"Entities:", "red", "owned", "evil"} {
		if !strings.Contains(out, w) {
			t.Errorf("%q vanished:\n%s", w, out)
		}
	}
}

// pathological are the documents that must render in bounded time.
func pathological() map[string]string {
	var quotes, lists, orderedLists strings.Builder
	for i := 0; i < 10_000; i++ {
		quotes.WriteString(strings.Repeat(">", i%400+1) + " deep quote\n")
		lists.WriteString(strings.Repeat("  ", i%2000) + "- deep item\n")
		orderedLists.WriteString(strings.Repeat("   ", i%500) + "1. deep item\n")
	}
	return map[string]string{
		"10000 nested quotes on one line": strings.Repeat(">", 10_000) + " deep\n",
		"10000 nested quotes, spaced":     strings.Repeat("> ", 10_000) + "deep\n",
		"10000 lines of nested quotes":    quotes.String(),
		"10000 nested list items":         lists.String(),
		"10000 nested ordered items":      orderedLists.String(),
		"10000 list markers on one line":  strings.Repeat("- ", 10_000) + "x\n",
		"10000 mixed markers":             strings.Repeat("> 1. * ", 3_400) + "x\n",
		"10000 nested emphasis":           strings.Repeat("*a ", 10_000) + strings.Repeat(" b*", 10_000) + "\n",
		"10000 nested strong":             strings.Repeat("**", 10_000) + "x" + strings.Repeat("**", 10_000) + "\n",
		"10000 nested links":              strings.Repeat("[", 10_000) + "a" + strings.Repeat("](b)", 10_000) + "\n",
		"10000 brackets":                  strings.Repeat("[", 10_000) + "a" + strings.Repeat("]", 10_000) + "\n",
		"10000 backticks":                 strings.Repeat("`", 10_000) + "a\n",
		"10000 unclosed links":            strings.Repeat("[a](<b", 3_000) + "\n",
		"10000 entities":                  strings.Repeat("&#27;", 10_000) + "\n",
		"deep tabs":                       strings.Repeat("\t", 10_000) + "- x\n",
		"too long":                        strings.Repeat("word ", MaxBytes/4) + "\n",
	}
}

func TestPathologicalBoundedTime(t *testing.T) {
	if testing.Short() {
		t.Skip("slow: renders documents of ten thousand levels")
	}
	md := NewMarkdown()
	for name, doc := range pathological() {
		for _, w := range []int{20, 80} {
			var out string
			d, cpu := testtime.CPU(func() { out = mustRender(t, md, doc, w, Dark) })
			t.Logf("%-32s width %3d: %v", name, w, d.Round(time.Millisecond))
			if limit := testtime.WorkLimit(t, 2*time.Second, cpu); d > limit {
				t.Errorf("%s at width %d took %v (want < %v)", name, w, d, limit)
			}
			if !strings.Contains(xansi.Strip(out), "deep") && strings.Contains(doc, "deep") {
				t.Errorf("%s at width %d: the text vanished", name, w)
			}
		}
	}
}

func TestPrepareFlattens(t *testing.T) {
	got := string(prepare(strings.Repeat("> ", 30)+"x\n"+strings.Repeat(" ", 100)+"- y\nplain > text - here\n", 5))
	want := strings.Repeat("> ", 5) + "x\n" + strings.Repeat(" ", 14) + "- y\nplain > text - here\n"
	if got := string(prepare(strings.Repeat("1. ", 30)+"x\n", 3)); got != "1. 1. 1. x\n" {
		t.Errorf("ordered: %q", got)
	}
	if got != want {
		t.Errorf("prepare:\n got %q\nwant %q", got, want)
	}
	if got := string(prepare("a &#27; b &#x1B; c &#65; d &#x202E; e &#12345678; f &#9;\n", 5)); got !=
		"a &#xFFFD; b &#xFFFD; c &#65; d &#xFFFD; e &#12345678; f &#9;\n" {
		t.Errorf("entities: %q", got)
	}
	long := strings.Repeat("abcdefghi\n", MaxBytes/10+5)
	if got := prepare(long, 20); len(got) > MaxBytes+len(tooLong) || !strings.HasSuffix(string(got), tooLong) {
		t.Errorf("a long document is %d bytes", len(got))
	}
	short := "1. a\n   1. b\n> > c\n- [x] d\n* * *\n"
	if got := string(prepare(short, 20)); got != short {
		t.Errorf("an ordinary document changed: %q", got)
	}
}

func TestDeepNestingIsCapped(t *testing.T) {
	md := NewMarkdown()
	deepLine := func(out string) string {
		for _, l := range strings.Split(xansi.Strip(out), "\n") {
			if strings.Contains(l, "deep") {
				return l
			}
		}
		return ""
	}
	for _, w := range []int{20, 80} {
		l := deepLine(mustRender(t, md, strings.Repeat("> ", 200)+"deep\n", w, NoTTY))
		if n := strings.Count(l, "|"); n != DepthFor(w) {
			t.Errorf("width %d: %d quote marks, want %d: %q", w, n, DepthFor(w), l)
		}
		out := mustRender(t, md, strings.Repeat("- ", 200)+"deep\n", w, NoTTY)
		if n := strings.Count(out, "•"); n != DepthFor(w) {
			t.Errorf("width %d: %d bullets, want %d:\n%s", w, n, DepthFor(w), out)
		}
	}
}

// styleRuns maps every visible rune of s to the SGR sequences in force
// when it is printed (since the last reset), for comparing two outputs.
func styleRuns(s string) []string {
	var out []string
	var cur []string
	for i := 0; i < len(s); {
		if s[i] == 0x1b {
			j := strings.IndexByte(s[i:], 'm')
			p := s[i+2 : i+j]
			if p == "" || p == "0" {
				cur = cur[:0]
			} else {
				cur = append(cur, p)
			}
			i += j + 1
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r != '\n' {
			out = append(out, string(r)+"|"+strings.Join(cur, ","))
		}
		i += size
	}
	return out
}

func TestCompactSGRKeepsEveryStyle(t *testing.T) {
	md := NewMarkdown()
	doc := "# Title\n\nSome *em*, **strong**, `code` and ~~gone~~ text that wraps over the line at this width.\n\n" +
		"> A quote with *emphasis*\n\n- one\n- two\n  1. three\n\n```go\nfunc main() {}\n```\n\n| a | b |\n|---|---|\n| c | d |\n"
	for _, style := range []string{Dark, Light} {
		r, _ := md.renderer(60, style)
		raw, ok := r.glamour(prepare(doc, 15), 15, 0)
		if !ok {
			t.Fatal("render failed")
		}
		raw = termsafe.Filter(raw)
		compact := CompactSGR(raw)
		a, b := styleRuns(raw), styleRuns(compact)
		if strings.Join(a, "\n") != strings.Join(b, "\n") {
			t.Errorf("%s: styles differ after compaction", style)
		}
		if len(compact) >= len(raw) {
			t.Errorf("%s: compaction saved nothing: %d → %d bytes", style, len(raw), len(compact))
		}
		for _, line := range strings.Split(compact, "\n") {
			if strings.Contains(line, "\x1b[") && !strings.HasSuffix(styleRuns(line + "\x1b[9m.")[len(styleRuns(line))], "|9") {
				t.Errorf("%s: a styled line does not end reset: %q", style, line)
			}
		}
	}
	if got := CompactSGR("\x1b[1mA\x1b[m\x1b[1mB\x1b[m\n\x1b[1;3mC\x1b[mD"); got != "\x1b[1mAB\x1b[m\n\x1b[1;3mC\x1b[mD" {
		t.Errorf("CompactSGR = %q", got)
	}
}

func TestPlainHasNoStyling(t *testing.T) {
	md := NewMarkdown()
	out := mustRender(t, md, "# Title\n\nSome *em* and **strong** and `code`.\n\n- item\n", 40, Plain)
	if strings.Contains(out, "\x1b") || strings.Contains(out, "#") || strings.Contains(out, "*") || strings.Contains(out, "`") {
		t.Errorf("plain output has styling or marks:\n%s", out)
	}
	for _, w := range []string{"Title", "Some em and strong and code.", "• item"} {
		if !strings.Contains(out, w) {
			t.Errorf("plain output lacks %q:\n%s", w, out)
		}
	}
	for _, line := range strings.Split(out, "\n") {
		if xansi.StringWidth(line) > 40 {
			t.Errorf("line wider than 40: %q", line)
		}
	}
	notty := mustRender(t, md, "Some *em*.", 40, NoTTY)
	if strings.Contains(notty, "\x1b") || !strings.Contains(notty, "*em*") {
		t.Errorf("notty: %q", notty)
	}
}

func TestStyles(t *testing.T) {
	if StyleName(true, false) != Dark || StyleName(false, false) != Light || StyleName(true, true) != NoTTY {
		t.Error("StyleName")
	}
	for _, s := range Styles {
		if !ValidStyle(s) {
			t.Errorf("%s is not valid", s)
		}
	}
	if ValidStyle("pink") {
		t.Error("pink is valid")
	}
	if _, err := NewMarkdown().Render("", "x", 80, "pink"); err == nil {
		t.Error("an unknown style renders")
	}
	dark := mustRender(t, NewMarkdown(), "# Hi", 40, Dark)
	light := mustRender(t, NewMarkdown(), "# Hi", 40, Light)
	if dark == light || !strings.Contains(dark, "\x1b[") {
		t.Error("dark and light render the same")
	}
}

func TestRenderCachesAndIsConcurrent(t *testing.T) {
	md := NewMarkdown()
	var wg sync.WaitGroup
	outs := make([]string, 16)
	for i := range outs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out, err := md.Render(fmt.Sprint("doc/", i%4), fmt.Sprintf("# Doc %d\n\nText *%d*.\n", i%4, i%4), 40+i%2*20, Dark)
			if err != nil {
				t.Error(err)
			}
			outs[i] = out
		}()
	}
	wg.Wait()
	for i := range outs {
		if !strings.Contains(xansi.Strip(outs[i]), fmt.Sprintf("Doc %d", i%4)) {
			t.Errorf("render %d: %q", i, outs[i])
		}
	}
	a, _ := md.Render("k", "first", 40, Dark)
	b, _ := md.Render("k", "second", 40, Dark)
	if a != b {
		t.Error("a cached render was not reused for the same key")
	}
}

func TestPageEndsWithSupportMessage(t *testing.T) {
	md := NewMarkdown()
	for _, body := range []string{
		"A story.\n",
		"```\nan unclosed fence\n",
		"<!-- an unclosed comment\n",
		"<div>\nunclosed html\n",
		"[ref]: http://example.com\n",
		"",
	} {
		p := Page{Title: "A *long* road & more [1]", Byline: "Sam, Northfield", About: "3 words · about 1 minute",
			ContentNotes: []string{"overdose", "prison"}, Body: body, Support: "Call Samaritans free on 116 123."}
		for _, style := range Styles {
			out, err := md.Page("story/x/1", p, 80, style)
			if err != nil {
				t.Fatal(err)
			}
			if err := OnlySGR(out); err != nil {
				t.Fatal(err)
			}
			plain := xansi.Strip(out)
			lines := strings.Split(strings.TrimRight(plain, "\n "), "\n")
			if last := strings.TrimSpace(lines[len(lines)-1]); !strings.Contains(last, "116\u00a0123") {
				t.Errorf("%s, body %q: the page ends %q", style, body, last)
			}
			ti := strings.Index(plain, "A *long* road & more [1]")
			ni := strings.Index(plain, "overdose, prison")
			if ti < 0 || ni < ti || !strings.Contains(plain, "Sam, Northfield") {
				t.Errorf("%s: header or notes missing or out of order:\n%s", style, plain)
			}
		}
	}
}

func TestEscapeShowsPunctuation(t *testing.T) {
	md := NewMarkdown()
	title := `Back\slash *stars* _under_ [brackets] <angle> #hash +plus -minus !bang |pipe ~tilde 1. dot &amp; (parens) {braces} "quotes" 'single'`
	out := xansi.Strip(mustRender(t, md, Escape(title), 200, Plain))
	if strings.TrimSpace(out) != title {
		t.Errorf("escaped text shows as\n%q\nwant\n%q", strings.TrimSpace(out), title)
	}
}

func TestPageDigest(t *testing.T) {
	p := Page{Title: "T", Body: "B", Support: "S"}
	d := p.Digest(80, Dark)
	q := p
	q.Support = "S2"
	if d == p.Digest(81, Dark) || d == p.Digest(80, Light) || d == q.Digest(80, Dark) || d != p.Digest(80, Dark) {
		t.Error("digest does not follow what goes into the page")
	}
	r := Page{Title: "T", Body: "B", Support: "S", ContentNotes: []string{""}}
	if r.Digest(80, Dark) == d {
		t.Error("an empty content note does not change the digest")
	}
}

// goldenStories are rendered and compared with testdata/golden: run
// go test ./render -run Golden -update after a deliberate change.
var goldenStories = map[string]Page{
	"climbing": {Title: "Climbing mountains", Byline: "Sam, Northfield", About: "94 words · about 1 minute",
		ContentNotes: []string{"overdose", "bereavement"},
		Body: "## The bottom\n\nI lost my brother in **2019**. I was using every day and I *didn't care*.\n\n" +
			"> \"You are worth more than this,\" my worker said.\n\n## The climb\n\n1. Detox\n2. The forum on Tuesdays\n" +
			"3. Getting my driving licence back\n\n- some days are hard\n- some days are good\n\n---\n\n" +
			"I am not at the top. But I can see it from here, and I am not climbing alone.\n",
		Support: "If this story has raised anything for you, talk to your worker, or call Samaritans free on 116 123."},
	"hostile": {Title: "Hostile <b>text</b> &#27;[2J", Byline: "Anonymous", ContentNotes: []string{"none"},
		Body:    "Raw <script>x</script> &#27;]0;title&#7; and \x1b[31mred\x1b[0m.\n\n" + strings.Repeat("> ", 40) + "deep\n",
		Support: "Support."},
}

// keptFile is what a test compares its output with: the file at path, or
// — when update is set — got, written there. ok is false after an update
// (there is nothing to compare). how says how to write it.
func keptFile(t *testing.T, path, got string, update bool, how string) (want string, ok bool) {
	t.Helper()
	if update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return "", false
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (write it with: %s)", err, how)
	}
	return string(data), true
}

func TestGoldenPages(t *testing.T) {
	md := NewMarkdown()
	for name, p := range goldenStories {
		for _, c := range []struct {
			style string
			width int
		}{{Dark, 80}, {Light, 60}, {NoTTY, 80}, {Plain, 40}} {
			out, err := md.Page("", p, c.width, c.style)
			if err != nil {
				t.Fatal(err)
			}
			if err := OnlySGR(out); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", "golden", fmt.Sprintf("%s-%s-%d.txt", name, c.style, c.width))
			want, ok := keptFile(t, path, out, *update, "go test ./render -run Golden -update")
			if ok && out != want {
				t.Errorf("%s differs from the golden render:\n%s\nwant:\n%s", path, xansi.Strip(out), xansi.Strip(want))
			}
		}
	}
}

func TestLongStoryRenders(t *testing.T) {
	body := fixture.LongStory(10_000)
	out := mustRender(t, NewMarkdown(), body, 80, Dark)
	if n := strings.Count(xansi.Strip(out), "recovery"); n < strings.Count(body, "recovery") {
		t.Errorf("%d of %d words 'recovery' rendered", n, strings.Count(body, "recovery"))
	}
}

// BenchmarkRenderStory10k is the first render of a 10,000-word story at 80
// columns (a new Markdown each time: nothing cached).
func BenchmarkRenderStory10k(b *testing.B) {
	body := fixture.LongStory(10_000)
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		if _, err := NewMarkdown().Render("story", body, 80, Dark); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRenderStory10kCached is the same story found in the cache.
func BenchmarkRenderStory10kCached(b *testing.B) {
	body := fixture.LongStory(10_000)
	md := NewMarkdown()
	md.Render("story", body, 80, Dark)
	for b.Loop() {
		md.Render("story", body, 80, Dark)
	}
}

// TestSplitRenderIsTheSame checks that a long document set out in two
// halves at once comes out exactly as it does set out whole.
func TestSplitRenderIsTheSame(t *testing.T) {
	docs := []string{fixture.LongStory(3_000), fixture.LongStory(10_000)}
	for seed := uint64(0); seed < 3; seed++ {
		rng := rand.New(rand.NewPCG(seed, 7))
		var b strings.Builder
		for b.Len() < 40_000 {
			switch rng.IntN(9) {
			case 0:
				b.WriteString("# Heading\n\n")
			case 1:
				b.WriteString("> quoted *text* here\n\n")
			case 2:
				b.WriteString("1. one\n2. two\n\n")
			case 3:
				b.WriteString("```\ncode\n```\n\n")
			case 4:
				b.WriteString("| a | b |\n|---|---|\n| c | d |\n\n")
			case 5:
				b.WriteString("---\n\n")
			default:
				b.WriteString(fixture.LongStory(40 + rng.IntN(80)))
			}
		}
		docs = append(docs, b.String())
	}
	splits := 0
	for i, d := range docs {
		r, _ := newTermRenderer(80, Dark)
		doc := r.md[0].Parser().Parse(gtext.NewReader([]byte(d)))
		if splitDocument(doc, []byte(d)) == nil {
			t.Errorf("doc %d found no place to split", i)
		}
	}
	for _, style := range Styles {
		for _, w := range []int{20, 57, 80} {
			r, err := newTermRenderer(w, style)
			if err != nil {
				t.Fatal(err)
			}
			for i, d := range docs {
				depth := DepthFor(w)
				src := prepare(d, depth)
				whole, ok1 := r.glamour(src, depth, 0)
				halves, ok2 := r.glamour(src, depth, 1)
				if !ok1 || !ok2 {
					t.Fatalf("%s %d doc %d: render failed", style, w, i)
				}
				if whole != halves {
					a, b := strings.Split(whole, "\n"), strings.Split(halves, "\n")
					for j := range min(len(a), len(b)) {
						if a[j] != b[j] {
							t.Errorf("%s width %d doc %d: line %d differs:\n%q\n%q", style, w, i, j, a[j], b[j])
							break
						}
					}
					if len(a) != len(b) {
						t.Errorf("%s width %d doc %d: %d lines whole, %d in halves", style, w, i, len(a), len(b))
					}
				} else {
					splits++
				}
			}
		}
	}
	if splits == 0 {
		t.Error("nothing was compared")
	}
}

// TestPhoneNumbersStayOnOneLine wraps the support message at every width
// and checks the number is never split.
func TestPhoneNumbersStayOnOneLine(t *testing.T) {
	if got := KeepNumbersTogether("call 0800 58 58 58 or 116 123, 24 hours a day, 7 days"); got != "call 0800\u00a058\u00a058\u00a058 or 116\u00a0123, 24 hours a day, 7 days" {
		t.Errorf("KeepNumbersTogether: %q", got)
	}
	support := "If this story has raised anything for you, talk to your worker, or call Samaritans free on 116 123."
	md := NewMarkdown()
	for width := MinWidth; width <= 100; width++ {
		page, err := md.Page("", Page{Title: "T", Body: "A story.", Support: support}, width, Plain)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(page, "116\u00a0123") {
			t.Fatalf("width %d: the number was split:\n%s", width, page)
		}
	}
}
