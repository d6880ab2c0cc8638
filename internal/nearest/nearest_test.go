package nearest

import "testing"

func TestWord(t *testing.T) {
	choices := []string{"global.quit", "global.help", "theme"}
	for word, want := range map[string]string{"global.quitt": "global.quit", "them": "theme", "colour": "", "": ""} {
		if got := Word(word, choices); got != want {
			t.Errorf("Word(%q) = %q, want %q", word, got, want)
		}
	}
	if Distance("kitten", "sitting") != 3 {
		t.Error("kitten → sitting is 3 edits")
	}
}
