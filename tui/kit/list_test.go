package kit

import "testing"

// Find ignores accents, including letters whose accent is part of the
// letter (Ł, ø), and apostrophes and hyphens of every kind.
func TestFoldDropsAccentsWholeLettersToo(t *testing.T) {
	for in, want := range map[string]string{
		"Łukasz Kozłowska": "lukasz kozlowska", "Zoë Ciarán Dąbrowski": "zoe ciaran dabrowski",
		"Søren Ærø": "soren aero", "Carers’ Voice": "carers voice", "O'Connor": "oconnor", "Ann-Marie": "annmarie", "Straße": "strasse",
	} {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}

// Issue 9, 12: "oconnor" found nobody called O'Connor. However the name is
// typed (with or without its apostrophe, straight or curly, or with a space
// for it), and however it was stored, find finds it; the same for a hyphen.
func TestFindIgnoresApostrophesAndHyphens(t *testing.T) {
	rows := map[string]Row{
		"O'Connor":  NewRow("1", []string{"Siobhan O'Connor", "Carer"}, nil),
		"O’Connor":  NewRow("2", []string{"Siobhan O’Connor", "Carer"}, nil),
		"Ann-Marie": NewRow("3", []string{"Ann-Marie Byrne", "Service user"}, nil),
	}
	for name, queries := range map[string][]string{
		"O'Connor":  {"oconnor", "o connor", "o'connor", "O’Connor", "siobhan oconn"},
		"O’Connor":  {"oconnor", "o connor", "o'connor", "oʼconnor"},
		"Ann-Marie": {"annmarie", "ann marie", "ann-marie", "Ann‐Marie", "marie byrne"},
	} {
		for _, q := range queries {
			if !rows[name].Matches(q) {
				t.Errorf("%q does not find %s", q, name)
			}
		}
	}
	if rows["O'Connor"].Matches("oconnell") {
		t.Error(`"oconnell" finds O'Connor`)
	}
	// An apostrophe typed is meant: "o'b" finds O'Brien, not Roberts.
	if !NewRow("4", []string{"Niamh O’Brien"}, nil).Matches("o'b") || NewRow("5", []string{"Lee Roberts"}, nil).Matches("o'b") {
		t.Error(`"o'b" does not find O’Brien alone`)
	}
}
