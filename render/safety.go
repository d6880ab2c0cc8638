package render

import (
	"fmt"
	"unicode/utf8"
)

// OnlySGR returns an error describing the first byte of s that could reach
// a terminal as anything but text or an SGR sequence: every ESC must start
// ESC [ digits ; : m, and no other C0 control (but \n and \t), DEL, C1
// control or bidi override may appear.
func OnlySGR(s string) error {
	if !utf8.ValidString(s) {
		return fmt.Errorf("not UTF-8")
	}
	for i := 0; i < len(s); {
		c := s[i]
		if c == 0x1b {
			j := i + 1
			if j >= len(s) || s[j] != '[' {
				return fmt.Errorf("escape that is not CSI at byte %d: %q", i, s[i:min(len(s), i+12)])
			}
			j++
			for j < len(s) && (s[j] >= '0' && s[j] <= '9' || s[j] == ';' || s[j] == ':') {
				j++
			}
			if j >= len(s) || s[j] != 'm' {
				return fmt.Errorf("CSI that is not SGR at byte %d: %q", i, s[i:min(len(s), j+1)])
			}
			i = j + 1
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == '\n' || r == '\t':
		case r < 0x20 || r == 0x7f:
			return fmt.Errorf("control %U at byte %d", r, i)
		case r >= 0x80 && r <= 0x9f:
			return fmt.Errorf("C1 control %U at byte %d", r, i)
		case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
			return fmt.Errorf("bidi control %U at byte %d", r, i)
		}
		i += size
	}
	return nil
}
