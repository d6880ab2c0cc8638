package store

import (
	"context"
	"strings"
	"testing"
)

// A forum is found by its name whatever the case, the spacing or the kind
// of apostrophe a word processor typed.
func TestForumByNameForgivesQuotesAndSpaces(t *testing.T) {
	s := recOpen(t)
	ctx := context.Background()
	f := Forum{Name: "Carers' Voice"}
	if err := s.SaveForum(ctx, &f); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"Carers' Voice", "carers’ voice", "  CARERS‘  VOICE "} {
		got, err := s.ForumByName(ctx, name)
		if err != nil || got.ID != f.ID {
			t.Errorf("ForumByName(%q) = %q, %v", name, got.Name, err)
		}
	}
	if _, err := s.ForumByName(ctx, "Carers Voice"); err == nil || !strings.Contains(err.Error(), `there is no forum called "Carers Voice"`) {
		t.Errorf("no apostrophe at all: %v", err)
	}
}
