package termsafe

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// hostile and good inputs shared by the table tests and the fuzz seeds.
var seeds = []string{
	"",
	"plain ascii",
	"Mal\x1b]52;c;ZXZpbA==\x07lory",
	"\x1b[2J",
	"\x1b]0;title\x07",
	"Trusted\rEvil",
	"line one\r\nline two\r\n",
	"a\r\r\nb",
	"bad\xff\xfebytes\xc3",
	"\xc2\x9b2J", // raw UTF-8 encoding of U+009B
	"\x9b2J",     // lone 8-bit CSI byte (invalid UTF-8)
	"\u009b2J",
	"\u009d0;x\u009c",
	"\u0090q\u009c",
	"\u009f_apc\u009c",
	"\u0085nel",
	"a\u202Eb\u202Ac\u202Bd\u202Ce\u202Df",
	"a\u2066b\u2067c\u2068d\u2069e",
	"del\x7fete",
	"nul\x00byte",
	"bell\x07",
	"José Zoë",
	"عائشہ",
	"李明",
	"👩🏽\u200d🦱",
	"tab\there\nnew line",
	"\x1b[1;31mred\x1b[0m",
	"\x1b[?25l",
	"\x1b[H",
	"\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\",
	"\x1b]8;;https://evil.example\x07click\x1b]8;;\x07",
	"\x1bPq#0;2;0;0;0\x1b\\dcs",
	"\x1b_apc payload\x1b\\apc",
	"\x1b^pm\x1b\\",
	"\x1bXsos\x1b\\",
	"\x1bc",
	"\x1b(B",
	"\x1b",
	"\x1b[",
	"\x1b[31",
	"\x1b[31\x1b[0m",
	"\x1b[38:2::255:0:0mx\x1b[m",
	"\x1b[1 q",
	"\x1b\x1b[2J",
	"\x1b(\x1b[31m",
	"&#27;[2J",
	"\ufffd",
}

func TestClean(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"plain ascii", "plain ascii"},
		{"Mal\x1b]52;c;ZXZpbA==\x07lory", "Mal]52;c;ZXZpbA==lory"},
		{"\x1b[2J", "[2J"},
		{"\x1b]0;title\x07", "]0;title"},
		{"Trusted\rEvil", "Trusted\nEvil"},
		{"line one\r\nline two\r\n", "line one\nline two\n"},
		{"a\r\r\nb", "a\n\nb"},
		{"bad\xff\xfebytes\xc3", "badbytes"},
		{"\x9b2J", "2J"},
		{"\u009b2J", "2J"},
		{"\u009d0;x\u009c", "0;x"},
		{"\u0085nel", "nel"},
		{"\u0080\u009f", ""},
		{"a\u202Ab\u202Bc\u202Cd\u202De\u202Ef", "abcdef"},
		{"a\u2066b\u2067c\u2068d\u2069e", "abcde"},
		{"del\x7fete", "delete"},
		{"nul\x00byte", "nulbyte"},
		{"bell\x07\x08\x0b\x0c", "bell"},
		{"José", "José"},
		{"Zoë", "Zoë"},
		{"Jose\u0301", "Jose\u0301"}, // combining accent
		{"عائشہ", "عائشہ"},
		{"李明", "李明"},
		{"👩🏽\u200d🦱", "👩🏽\u200d🦱"},
		{"tab\there\nnew line", "tab\there\nnew line"},
		{"  spaces kept  ", "  spaces kept  "},
		{"\x1b[1;31mred\x1b[0m", "[1;31mred[0m"},
	}
	for _, tt := range tests {
		if got := Clean(tt.in); got != tt.want {
			t.Errorf("Clean(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestLine(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"José", "José"},
		{"Zoë", "Zoë"},
		{"عائشہ", "عائشہ"},
		{"李明", "李明"},
		{"👩🏽\u200d🦱", "👩🏽\u200d🦱"},
		{"  Zoë  ", "Zoë"},
		{"Trusted\rEvil", "Trusted Evil"},
		{"a\tb", "a b"},
		{"a\nb", "a b"},
		{"a\r\nb", "a b"},
		{"\n\t a \t\n\n b \n", "a b"},
		{"Mal\x1b]52;c;ZXZpbA==\x07lory", "Mal]52;c;ZXZpbA==lory"},
		{"\x1b[2J", "[2J"},
		{"x\u202Ey\u2066z", "xyz"},
		{"\u009b2J", "2J"},
		{"nul\x00\x7f", "nul"},
		{"bad\xffname", "badname"},
		{"\n\t\r", ""},
	}
	for _, tt := range tests {
		if got := Line(tt.in); got != tt.want {
			t.Errorf("Line(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestFilter(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"plain ascii", "plain ascii"},
		{"\x1b[1;31mred\x1b[0m", "\x1b[1;31mred\x1b[0m"},
		{"\x1b[mreset", "\x1b[mreset"},
		{"\x1b[38:2::255:0:0mx\x1b[m", "\x1b[38:2::255:0:0mx\x1b[m"},
		{"Mal\x1b]52;c;ZXZpbA==\x07lory", "Mallory"},
		{"\x1b[2J", ""},
		{"\x1b]0;title\x07", ""},
		{"\x1b]0;title\x1b\\after", "after"},
		{"\x1b[?25l", ""},
		{"\x1b[H", ""},
		{"a\x1b[10;20Hb", "ab"},
		{"\x1b[1 q", ""},  // CSI with intermediate
		{"\x1b[<31m", ""}, // private parameter, not SGR
		{"\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\", "click"},
		{"\x1b]8;;https://evil.example\x07click\x1b]8;;\x07", "click"},
		{"\x1bPq#0;2;0;0;0\x1b\\dcs", "dcs"},
		{"\x1b_apc payload\x1b\\apc", "apc"},
		{"\x1b^pm\x1b\\", ""},
		{"\x1bXsos\x1b\\", ""},
		{"\x1b]unterminated", ""},
		{"\x1bcreset", "reset"},
		{"\x1b(Bx", "x"},
		{"\x1b7x\x1b8", "x"},
		{"\x1b", ""},
		{"\x1b[", ""},
		{"\x1b[31", ""},
		{"\x1b[31\x1b[0m", "\x1b[0m"},
		{"\x1b\x1b[2J", "[2J"},
		{"Trusted\rEvil", "TrustedEvil"},
		{"line one\r\nline two\r\n", "line one\nline two\n"},
		{"bad\xff\xfebytes\xc3", "badbytes"},
		{"\x9b2J", "2J"},
		{"\u009b2J", ""},
		{"\u009b2Jafter", "after"},
		{"\u009d0;x\u009c", ""},
		{"\u009d0;x\x07after", "after"},
		{"\u0090q\u009cdcs", "dcs"},
		{"\u009f_apc\u009c", ""},
		{"\u0085nel", "nel"},
		{"a\u202Ab\u202Bc\u202Cd\u202De\u202Ef", "abcdef"},
		{"a\u2066b\u2067c\u2068d\u2069e", "abcde"},
		{"del\x7fete", "delete"},
		{"nul\x00byte", "nulbyte"},
		{"bell\x07", "bell"},
		{"José Zoë", "José Zoë"},
		{"عائشہ", "عائشہ"},
		{"李明", "李明"},
		{"👩🏽\u200d🦱", "👩🏽\u200d🦱"},
		{"tab\there\nnew line", "tab\there\nnew line"},
		{"\x1b[1mJosé\x1b[0m 李明", "\x1b[1mJosé\x1b[0m 李明"},
	}
	for _, tt := range tests {
		if got := Filter(tt.in); got != tt.want {
			t.Errorf("Filter(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// checkClean reports why s is not a possible output of Clean, or "".
func checkClean(s string) string {
	if !utf8.ValidString(s) {
		return "invalid UTF-8"
	}
	for _, r := range s {
		switch {
		case r == '\n' || r == '\t':
		case r < 0x20:
			return "C0 control"
		case r == 0x7f:
			return "DEL"
		case r >= 0x80 && r <= 0x9f:
			return "C1 control"
		case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
			return "bidi control"
		}
	}
	return ""
}

// checkFilter reports why s is not a possible output of Filter, or "".
// ESC may appear only as the start of a complete SGR sequence
// "\x1b[" [0-9;:]* "m"; other controls are as for Clean, and CR is gone.
func checkFilter(s string) string {
	if !utf8.ValidString(s) {
		return "invalid UTF-8"
	}
	for i := 0; i < len(s); {
		if s[i] == 0x1b {
			j := i + 1
			if j >= len(s) || s[j] != '[' {
				return "ESC not followed by ["
			}
			j++
			for j < len(s) && (s[j] >= '0' && s[j] <= '9' || s[j] == ';' || s[j] == ':') {
				j++
			}
			if j >= len(s) || s[j] != 'm' {
				return "ESC [ not a complete SGR sequence"
			}
			i = j + 1
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == '\r' {
			return "CR"
		}
		if why := checkClean(string(r)); why != "" {
			return why
		}
		i += size
	}
	return ""
}

func addSeeds(f *testing.F) {
	for _, s := range seeds {
		f.Add(s)
	}
}

func FuzzClean(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, s string) {
		c := Clean(s)
		if why := checkClean(c); why != "" {
			t.Fatalf("Clean(%q) = %q: %s", s, c, why)
		}
		if strings.ContainsRune(c, 0x1b) {
			t.Fatalf("Clean(%q) = %q contains ESC", s, c)
		}
		if c2 := Clean(c); c2 != c {
			t.Fatalf("Clean not idempotent: Clean(%q) = %q, Clean of that = %q", s, c, c2)
		}
		if f := Filter(c); f != c {
			t.Fatalf("Filter(Clean(%q)) = %q, want %q unchanged", s, f, c)
		}

		l := Line(s)
		if why := checkClean(l); why != "" {
			t.Fatalf("Line(%q) = %q: %s", s, l, why)
		}
		if strings.ContainsAny(l, "\n\t") {
			t.Fatalf("Line(%q) = %q contains newline or tab", s, l)
		}
		if strings.TrimSpace(l) != l {
			t.Fatalf("Line(%q) = %q is not trimmed", s, l)
		}
		if l2 := Line(l); l2 != l {
			t.Fatalf("Line not idempotent: Line(%q) = %q, Line of that = %q", s, l, l2)
		}
	})
}

func FuzzFilter(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, s string) {
		out := Filter(s)
		if why := checkFilter(out); why != "" {
			t.Fatalf("Filter(%q) = %q: %s", s, out, why)
		}
		if out2 := Filter(out); out2 != out {
			t.Fatalf("Filter not idempotent: Filter(%q) = %q, Filter of that = %q", s, out, out2)
		}
	})
}
