package kit

import "testing"

// Find ignores accents, including letters whose accent is part of the
// letter (Ł, ø), and the kind of apostrophe.
func TestFoldDropsAccentsWholeLettersToo(t *testing.T) {
	for in, want := range map[string]string{
		"Łukasz Kozłowska": "lukasz kozlowska", "Zoë Ciarán Dąbrowski": "zoe ciaran dabrowski",
		"Søren Ærø": "soren aero", "Carers’ Voice": "carers' voice", "Straße": "strasse",
	} {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}
