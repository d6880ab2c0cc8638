package store

import "testing"

func TestTidySnippet(t *testing.T) {
	for in, want := range map[string]string{
		"**Bold** and *em*,\n\n> quoted   text":               "Bold and em, quoted text",
		"see [the \x02forum\x03 page](https://x.org/a) today": "see the \x02forum\x03 page today",
		"a [link](https://cut.off/at/the/end…":                "a link",
		"## Heading | table | `code`":                         "Heading table code",
		"brackets [alone] stay as words":                      "brackets alone stay as words",
	} {
		if got := tidySnippet(in); got != want {
			t.Errorf("tidySnippet(%q) = %q, want %q", in, got, want)
		}
	}
}
