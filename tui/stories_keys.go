package tui

import "charm.land/bubbles/v2/key"

// StoryKeys act on the anthology: the library, its search, a story's
// history, and the reader.
type StoryKeys struct {
	// The library.
	Search, Theme, Consent, Status, Sort key.Binding
	Withdraw, History, Restore, EditText key.Binding
	ReadingMode                          key.Binding
	// The content-note gate.
	GoOn key.Binding
	// The reader.
	Up, Down, PageUp, PageDown, Top, Bottom key.Binding
}

func defaultStoryKeys() StoryKeys {
	return StoryKeys{
		Search:      bind("s/ctrl+f", "search the text", "s", "ctrl+f"),
		Theme:       bind("t", "theme filter", "t"),
		Consent:     bind("c", "consent filter", "c"),
		Status:      bind("p", "status filter", "p"),
		Sort:        bind("o", "sort", "o"),
		Withdraw:    bind("w", "withdraw consent", "w"),
		EditText:    bind("E", "edit the text (in your editor)", "E"),
		History:     bind("h", "version history", "h"),
		Restore:     bind("r", "restore this version", "r"),
		ReadingMode: bind("R", "reading mode", "R"),
		GoOn:        bind("enter", "go on to the story", "enter"),
		Up:          bind("↑/k", "up", "up", "k"),
		Down:        bind("↓/j", "down", "down", "j"),
		PageUp:      bind("pgup/b", "page up", "pgup", "b"),
		PageDown:    bind("space/pgdn", "page down", "space", "pgdown"),
		Top:         bind("g/home", "start", "g", "home"),
		Bottom:      bind("G/end", "end", "G", "end"),
	}
}
