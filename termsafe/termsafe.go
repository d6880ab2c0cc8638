// Package termsafe keeps text that came from people and files from reaching
// a terminal as control sequences.
//
// Clean is the input layer: everything typed into a form or read from an
// import passes through it before it is stored. Filter is the output layer:
// rendered text (markdown, CLI output) passes through it before it is
// printed, and only SGR colour and style sequences survive.
package termsafe

import (
	"strings"
	"unicode/utf8"
)

// UnsafeRune reports whether r must never be stored or printed: C0 controls
// other than newline and tab, DEL, C1 controls, and the bidirectional
// overrides and isolates that can make text read differently from what it is.
func UnsafeRune(r rune) bool {
	switch {
	case r == '\n' || r == '\t':
		return false
	case r < 0x20 || r == 0x7f:
		return true
	case r >= 0x80 && r <= 0x9f:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true
	case r == utf8.RuneError:
		return true
	}
	return false
}

// Clean returns s as valid UTF-8 with CRLF and lone CR turned into LF and
// every unsafe rune removed. An escape sequence loses its ESC byte, so
// "\x1b[2J" is stored as the harmless text "[2J".
func Clean(s string) string {
	if isClean(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if r == '\r' {
			if i < len(s) && s[i] == '\n' {
				continue // CRLF: the LF that follows is kept
			}
			b.WriteByte('\n')
			continue
		}
		if UnsafeRune(r) {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Line is Clean for single-line fields (names, venues): newlines and tabs
// become single spaces and the result is trimmed.
func Line(s string) string {
	s = Clean(s)
	if strings.ContainsAny(s, "\n\t") {
		s = strings.Join(strings.Fields(s), " ")
	}
	return strings.TrimSpace(s)
}

func isClean(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x80 {
			return false // take the slow path for anything beyond ASCII
		}
		if (c < 0x20 && c != '\n' && c != '\t') || c == 0x7f {
			return false
		}
	}
	return true
}

// Filter returns s with every escape sequence removed except SGR (colour and
// style: ESC [ digits and semicolons m), and every unsafe rune removed.
// It is the last step before text is written to a terminal.
func Filter(s string) string {
	if isClean(s) {
		return s
	}
	// Text that is already safe (rendered markdown that has been through
	// here once) comes back as it is: b is only started at the first
	// thing to drop.
	var b strings.Builder
	kept := 0 // s[kept:i] is safe and not yet written: it is copied in one go
	drop := func(i int) {
		if b.Cap() == 0 {
			b.Grow(len(s))
		}
		b.WriteString(s[kept:i])
	}
	for i := 0; i < len(s); {
		c := s[i]
		if (c >= 0x20 && c < 0x7f) || c == '\n' || c == '\t' {
			i++
			continue
		}
		switch r, size := utf8.DecodeRuneInString(s[i:]); {
		case c == 0x1b:
			n, keep := escapeLen(s[i:])
			if !keep {
				drop(i)
				kept = i + n
			}
			i += n
		case r == 0x9b || r == 0x9d || r == 0x90 || r == 0x98 || r == 0x9e || r == 0x9f:
			// C1 forms of CSI, OSC, DCS, SOS, PM and APC: skip the whole sequence.
			drop(i)
			i += size + c1BodyLen(s[i+size:], r)
			kept = i
		case UnsafeRune(r): // other controls (CR among them), and invalid UTF-8
			drop(i)
			i += size
			kept = i
		default:
			i += size
		}
	}
	if kept == 0 && b.Cap() == 0 {
		return s
	}
	b.WriteString(s[kept:])
	return b.String()
}

// escapeLen measures the escape sequence at the start of s (s[0] is ESC) and
// reports whether it is an SGR sequence worth keeping.
func escapeLen(s string) (n int, keep bool) {
	if len(s) < 2 {
		return len(s), false
	}
	switch s[1] {
	case '[': // CSI: parameters 0x30–0x3f, intermediates 0x20–0x2f, final 0x40–0x7e
		i := 2
		sgr := true
		for i < len(s) && s[i] >= 0x30 && s[i] <= 0x3f {
			if !(s[i] >= '0' && s[i] <= '9') && s[i] != ';' && s[i] != ':' {
				sgr = false
			}
			i++
		}
		for i < len(s) && s[i] >= 0x20 && s[i] <= 0x2f {
			sgr = false
			i++
		}
		if i < len(s) && s[i] >= 0x40 && s[i] <= 0x7e {
			return i + 1, sgr && s[i] == 'm'
		}
		return i, false // unterminated or broken: drop what we saw
	case ']', 'P', 'X', '^', '_': // OSC, DCS, SOS, PM, APC: up to BEL or ST
		for i := 2; i < len(s); i++ {
			if s[i] == 0x07 {
				return i + 1, false
			}
			if s[i] == 0x1b && i+1 < len(s) && s[i+1] == '\\' {
				return i + 2, false
			}
		}
		return len(s), false
	default:
		// Two-byte escapes (ESC c, ESC 7, ESC ( B …): drop ESC, its
		// intermediates and its final byte.
		i := 1
		for i < len(s) && s[i] >= 0x20 && s[i] <= 0x2f {
			i++
		}
		if i < len(s) {
			i++
		}
		return i, false
	}
}

// c1BodyLen measures the body of a C1-introduced sequence so it can be skipped.
func c1BodyLen(s string, intro rune) int {
	if intro == 0x9b { // CSI
		i := 0
		for i < len(s) && s[i] >= 0x20 && s[i] <= 0x3f {
			i++
		}
		if i < len(s) && s[i] >= 0x40 && s[i] <= 0x7e {
			i++
		}
		return i
	}
	for i := 0; i < len(s); i++ {
		if s[i] == 0x07 {
			return i + 1
		}
		if s[i] == 0x1b && i+1 < len(s) && s[i+1] == '\\' {
			return i + 2
		}
		if strings.HasPrefix(s[i:], "\u009c") {
			return i + 2
		}
	}
	return len(s)
}
