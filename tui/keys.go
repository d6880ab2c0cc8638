package tui

import "charm.land/bubbles/v2/key"

// GlobalKeys work on every screen (unless a text field has the focus, when
// only Quit, Privacy and the tab keys held with ctrl reach the app).
type GlobalKeys struct {
	Dashboard, Forums, People, Meetings key.Binding
	Money, Stories                      key.Binding
	NextTab, PrevTab                    key.Binding
	Privacy                             key.Binding
	Help                                key.Binding
	Back                                key.Binding
	Quit, ForceQuit                     key.Binding
}

// ListKeys move around any list and filter it.
type ListKeys struct {
	Up, Down, PageUp, PageDown, Top, Bottom key.Binding
	Filter, ClearFilter, AcceptFilter       key.Binding
	Open                                    key.Binding
}

// RecordKeys create, edit and delete the record under the cursor.
type RecordKeys struct {
	New, Edit, Delete key.Binding
}

// RegisterKeys mark people on a meeting's register.
type RegisterKeys struct {
	Attended, Confirmed, Apologies, Invited, DidNotAttend, Clear, Toggle key.Binding
	AddPerson                                                            key.Binding
}

// DetailKeys act on a forum, person or meeting being viewed.
type DetailKeys struct {
	Register, AddMember, RemoveMember, NewMeeting, Agenda, Minutes, AddAction, ToggleDone key.Binding
	SwitchPane, ScrollUp, ScrollDown                                                      key.Binding
	// Access opens a person's access needs and availability; FindTime
	// finds a time for a forum to meet.
	Access, FindTime key.Binding
	// Transport opens a meeting's run sheet.
	Transport key.Binding
	// Expenses opens a meeting's claims and petty cash.
	Expenses key.Binding
	// MeetingDay opens the one screen for the meeting in progress.
	MeetingDay key.Binding
}

// DayKeys are the quick actions of the meeting-day screen, for the person
// under the cursor.
type DayKeys struct {
	Claim, PayCash, TaxiHome key.Binding
}

// TransportKeys mark the journeys on a meeting's run sheet.
type TransportKeys struct {
	Booked, Confirmed, Cancelled, ToBook key.Binding
	TravelledYes, TravelledNo            key.Binding
	Rebuild, Settings                    key.Binding
}

// GridKeys move over a grid of days and times (a person's week, the slot
// finder's week) and mark cells.
type GridKeys struct {
	Left, Right, Up, Down                         key.Binding
	ExtendLeft, ExtendRight, ExtendUp, ExtendDown key.Binding
	Yes, Maybe, No, Clear                         key.Binding
	PrevWeek, NextWeek, Zoom                      key.Binding
}

// ConfirmKeys answer a question.
type ConfirmKeys struct {
	Yes, No key.Binding
}

// KeyMap holds every binding, named by action so that a user could remap
// them and tests can press keys by name.
type KeyMap struct {
	Global   GlobalKeys
	List     ListKeys
	Record   RecordKeys
	Register RegisterKeys
	Detail   DetailKeys
	Confirm  ConfirmKeys
	Grid     GridKeys
	// Transport is the run sheet's keys.
	Transport TransportKeys
	// Money acts on claims, payments, rates and petty cash.
	Money MoneyKeys
	// Day is the meeting-day screen's quick actions.
	Day DayKeys
	// Stories acts on the anthology: the library, search and the reader.
	Stories StoryKeys
}

func bind(help string, desc string, keys ...string) key.Binding {
	return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, desc))
}

// DefaultKeyMap is the standard set of keys.
func DefaultKeyMap() *KeyMap {
	return &KeyMap{
		Global: GlobalKeys{
			Dashboard: bind("1", "dashboard", "1"),
			Forums:    bind("2", "forums", "2"),
			People:    bind("3", "people", "3"),
			Meetings:  bind("4", "meetings", "4"),
			Money:     bind("5", "money", "5"),
			Stories:   bind("6", "stories", "6"),
			NextTab:   bind("tab", "next section", "tab"),
			PrevTab:   bind("shift+tab", "previous section", "shift+tab"),
			Privacy:   bind("ctrl+p", "privacy screen on/off", "ctrl+p"),
			Help:      bind("?", "help", "?"),
			Back:      bind("esc", "back", "esc"),
			Quit:      bind("q", "quit", "q"),
			ForceQuit: bind("ctrl+c", "quit", "ctrl+c"),
		},
		List: ListKeys{
			Up:           bind("↑/k", "up", "up", "k"),
			Down:         bind("↓/j", "down", "down", "j"),
			PageUp:       bind("pgup", "page up", "pgup", "ctrl+b"),
			PageDown:     bind("pgdn", "page down", "pgdown", "ctrl+f"),
			Top:          bind("g/home", "first", "g", "home"),
			Bottom:       bind("G/end", "last", "G", "end"),
			Filter:       bind("/", "find", "/"),
			ClearFilter:  bind("esc", "clear find", "esc"),
			AcceptFilter: bind("enter", "keep find", "enter"),
			Open:         bind("enter", "open", "enter"),
		},
		Record: RecordKeys{
			New:    bind("n", "new", "n"),
			Edit:   bind("e", "edit", "e"),
			Delete: bind("D", "delete", "D"),
		},
		Register: RegisterKeys{
			Attended:     bind("a", "attended", "a"),
			Confirmed:    bind("c", "confirmed", "c"),
			Apologies:    bind("p", "apologies", "p"),
			Invited:      bind("i", "invited", "i"),
			DidNotAttend: bind("x", "did not attend", "x"),
			Clear:        bind("backspace", "take off register", "backspace", "delete"),
			Toggle:       bind("space", "attended on/off", "space"),
			AddPerson:    bind("n", "add someone new", "n"),
		},
		Detail: DetailKeys{
			Register:     bind("r", "register", "r"),
			AddMember:    bind("a", "add member", "a"),
			RemoveMember: bind("x", "remove member", "x"),
			NewMeeting:   bind("m", "new meeting", "m"),
			Agenda:       bind("A", "edit agenda", "A"),
			Minutes:      bind("M", "edit minutes", "M"),
			AddAction:    bind("a", "add action", "a"),
			ToggleDone:   bind("space", "action done/not done", "space"),
			SwitchPane:   bind("]", "switch pane", "]"),
			ScrollUp:     bind("ctrl+u", "half a page up", "ctrl+u"),
			ScrollDown:   bind("ctrl+d", "half a page down", "ctrl+d"),
			Access:       bind("v", "access & availability", "v"),
			FindTime:     bind("s", "find a time", "s"),
			Transport:    bind("t", "transport", "t"),
			Expenses:     bind("$", "expenses", "$"),
			MeetingDay:   bind("d", "meeting day", "d"),
		},
		Day: DayKeys{
			Claim:    bind("$", "record a claim", "$"),
			PayCash:  bind("P", "pay cash from the float", "P"),
			TaxiHome: bind("h", "taxi home booked", "h"),
		},
		Money:   defaultMoneyKeys(),
		Stories: defaultStoryKeys(),
		Transport: TransportKeys{
			Booked:       bind("b", "booked…", "b"),
			Confirmed:    bind("c", "confirmed", "c"),
			Cancelled:    bind("x", "cancelled", "x"),
			ToBook:       bind("u", "back to to book", "u"),
			TravelledYes: bind("y", "travelled", "y"),
			TravelledNo:  bind("n", "did not travel", "n"),
			Rebuild:      bind("R", "rebuild the plan", "R"),
			Settings:     bind("s", "transport settings", "s"),
		},
		Grid: GridKeys{
			Left:        bind("←/h", "left", "left", "h"),
			Right:       bind("→/l", "right", "right", "l"),
			Up:          bind("↑/k", "up", "up", "k"),
			Down:        bind("↓/j", "down", "down", "j"),
			ExtendLeft:  bind("shift+←/H", "select left", "shift+left", "H"),
			ExtendRight: bind("shift+→/L", "select right", "shift+right", "L"),
			ExtendUp:    bind("shift+↑/K", "select up", "shift+up", "K"),
			ExtendDown:  bind("shift+↓/J", "select down", "shift+down", "J"),
			Yes:         bind("y", "yes", "y"),
			Maybe:       bind("m", "if need be", "m"),
			No:          bind("n", "no", "n"),
			Clear:       bind("space", "clear", "space"),
			PrevWeek:    bind("<", "previous week", "<", ","),
			NextWeek:    bind(">", "next week", ">", "."),
			Zoom:        bind("z", "30/60-minute rows", "z"),
		},
		Confirm: ConfirmKeys{
			Yes: bind("y", "yes", "y", "Y"),
			No:  bind("n/esc", "no", "n", "N", "esc"),
		},
	}
}
