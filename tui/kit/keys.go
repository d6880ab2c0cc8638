package kit

import "charm.land/bubbles/v2/key"

// GlobalKeys work on every screen (unless a text field has the focus, when
// only Quit, Privacy and the tab keys held with ctrl reach the app).
type GlobalKeys struct {
	Dashboard, Forums, People, Meetings key.Binding
	Money, Stories, Influence           key.Binding
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
	// Choose takes the row under the cursor in a picker (a person to add,
	// a meeting a claim is for).
	Choose key.Binding
}

// RecordKeys create, edit and delete the record under the cursor.
type RecordKeys struct {
	New, Edit, Delete key.Binding
}

// RegisterKeys mark people on a meeting's register.
type RegisterKeys struct {
	Attended, Confirmed, Apologies, Invited, DidNotAttend, Clear, Toggle key.Binding
	AddPerson                                                            key.Binding
	// AddKnown adds someone already in People to the register.
	AddKnown key.Binding
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
	// Calendar writes a meeting's calendar file (.ics).
	Calendar key.Binding
	// Equality opens a person's equality monitoring form.
	Equality key.Binding
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
	// Firm limits the run sheet to one firm's runs, or shows them all again.
	Firm key.Binding
}

// GridKeys move over a grid of days and times (a person's week, the slot
// finder's week) and mark cells.
type GridKeys struct {
	Left, Right, Up, Down                         key.Binding
	ExtendLeft, ExtendRight, ExtendUp, ExtendDown key.Binding
	Yes, Maybe, No, Clear                         key.Binding
	PrevWeek, NextWeek, Zoom                      key.Binding
}

// TeamKeys are for the coordinator of a team that shares the database
// (involve serve).
type TeamKeys struct {
	// Audit opens the audit trail (from the dashboard).
	Audit key.Binding
}

// ConfirmKeys answer a question.
type ConfirmKeys struct {
	Yes, No key.Binding
}

// FormKeys move through a form's fields. Next moves on from a field of one
// line or a choice (and saves on the last field); in a box of several lines
// (notes, an agenda) NewLine starts a new line and TextNext moves on.
type FormKeys struct {
	Next, Prev, TextNext, NewLine, Editor key.Binding
	// Toggle ticks a choice in a list where several may be ticked; Up and
	// Down move in a list of choices.
	Toggle, Up, Down key.Binding
	// A text field that holds a suggestion (a default, such as today's
	// date): typing replaces it, these clear it or keep it to be edited.
	ClearSuggestion, EditSuggestion key.Binding
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
	// Form moves through forms.
	Form FormKeys
	// Rights acts on people's rights over their data: what is held about
	// them, forgetting them, requests and the retention review.
	Rights RightsKeys
	// Reach moves about the reach tables.
	Reach ReachKeys
	// Consult acts on consultations: points, responses, feedback, the
	// loop, the board.
	Consult ConsultKeys
	// Team is the coordinator's keys for the team: the audit trail.
	Team TeamKeys
	// Influence acts on senior officers' contacts and training sessions.
	Influence InfluenceKeys
	// Report opens the annual involvement report and moves it a year.
	Report ReportKeys
}

// ReportKeys open the annual involvement report (from the dashboard) and
// show the year before or after.
type ReportKeys struct {
	Open, PrevYear, NextYear key.Binding
}

// RightsKeys act on people's rights over their data.
type RightsKeys struct {
	// Export shows everything held about a person; Save writes it to a file.
	Export, Save key.Binding
	// Mode switches an erasure between erasing and anonymising; Reason
	// says why it is done.
	Mode, Reason key.Binding
	// Requests opens the requests about people's data; Review the people
	// due for a retention review; Consent those whose consent to be
	// contacted has expired.
	Requests, Review, Consent key.Binding
	// Keep keeps someone due for review (with a reason); Anonymise
	// anonymises them.
	Keep, Anonymise key.Binding
	// Closed shows closed requests as well as open ones.
	Closed key.Binding
}

func defaultRightsKeys() RightsKeys {
	return RightsKeys{
		Export:    Bind("X", "what we hold about them", "X"),
		Save:      Bind("w", "write to a file", "w"),
		Mode:      Bind("m", "erase/anonymise", "m"),
		Reason:    Bind("r", "why", "r"),
		Requests:  Bind("R", "data requests", "R"),
		Review:    Bind("V", "retention review", "V"),
		Consent:   Bind("C", "consent expired", "C"),
		Keep:      Bind("K", "keep, saying why", "K"),
		Anonymise: Bind("a", "anonymise", "a"),
		Closed:    Bind("c", "closed ones too", "c"),
	}
}

// Bind makes a binding: what help shows for it (help, desc) and the keys
// it answers to.
func Bind(help string, desc string, keys ...string) key.Binding {
	return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, desc))
}

// DefaultKeyMap is the standard set of keys.
func DefaultKeyMap() *KeyMap {
	return &KeyMap{
		Global: GlobalKeys{
			Dashboard: Bind("1", "dashboard", "1"),
			Forums:    Bind("2", "forums", "2"),
			People:    Bind("3", "people", "3"),
			Meetings:  Bind("4", "meetings", "4"),
			Money:     Bind("5", "money", "5"),
			Stories:   Bind("6", "stories", "6"),
			Influence: Bind("7", "influence", "7"),
			NextTab:   Bind("tab", "next section", "tab"),
			PrevTab:   Bind("shift+tab", "previous section", "shift+tab"),
			Privacy:   Bind("ctrl+p", "privacy screen on/off", "ctrl+p"),
			Help:      Bind("?", "help", "?"),
			Back:      Bind("esc", "back", "esc"),
			Quit:      Bind("q", "quit", "q"),
			ForceQuit: Bind("ctrl+c", "quit", "ctrl+c"),
		},
		List: ListKeys{
			Up:           Bind("↑/k", "up", "up", "k"),
			Down:         Bind("↓/j", "down", "down", "j"),
			PageUp:       Bind("pgup", "page up", "pgup", "ctrl+b"),
			PageDown:     Bind("pgdn", "page down", "pgdown", "ctrl+f"),
			Top:          Bind("g/home", "first", "g", "home"),
			Bottom:       Bind("G/end", "last", "G", "end"),
			Filter:       Bind("/", "find", "/"),
			ClearFilter:  Bind("esc", "clear find", "esc"),
			AcceptFilter: Bind("enter", "keep find", "enter"),
			Open:         Bind("enter", "open", "enter"),
			Choose:       Bind("enter", "choose", "enter"),
		},
		Record: RecordKeys{
			New:    Bind("n", "new", "n"),
			Edit:   Bind("e", "edit", "e"),
			Delete: Bind("D", "delete", "D"),
		},
		Register: RegisterKeys{
			Attended:     Bind("a", "attended", "a"),
			Confirmed:    Bind("c", "confirmed", "c"),
			Apologies:    Bind("p", "apologies", "p"),
			Invited:      Bind("i", "invited", "i"),
			DidNotAttend: Bind("x", "did not attend", "x"),
			Clear:        Bind("backspace", "take off register", "backspace", "delete"),
			Toggle:       Bind("space", "attended on/off", "space"),
			AddPerson:    Bind("n", "add someone new", "n"),
			AddKnown:     Bind("+", "add someone known", "+"),
		},
		Detail: DetailKeys{
			Register:     Bind("r", "register", "r"),
			AddMember:    Bind("a", "add member", "a"),
			RemoveMember: Bind("x", "remove member", "x"),
			NewMeeting:   Bind("m", "new meeting", "m"),
			Agenda:       Bind("A", "edit agenda", "A"),
			Minutes:      Bind("M", "edit minutes", "M"),
			AddAction:    Bind("a", "add action", "a"),
			ToggleDone:   Bind("space", "action done/not done", "space"),
			SwitchPane:   Bind("]", "switch pane", "]"),
			ScrollUp:     Bind("ctrl+u", "half a page up", "ctrl+u"),
			ScrollDown:   Bind("ctrl+d", "half a page down", "ctrl+d"),
			Access:       Bind("v", "access & availability", "v"),
			FindTime:     Bind("s", "find a time", "s"),
			Transport:    Bind("t", "transport", "t"),
			Expenses:     Bind("$", "expenses", "$"),
			MeetingDay:   Bind("d", "meeting day", "d"),
			Equality:     Bind("E", "equality monitoring", "E"),
			Calendar:     Bind("c", "calendar file (.ics)", "c"),
		},
		Day: DayKeys{
			Claim:    Bind("$", "record a claim", "$"),
			PayCash:  Bind("P", "pay cash from the float", "P"),
			TaxiHome: Bind("h", "taxi home booked", "h"),
		},
		Money:     defaultMoneyKeys(),
		Stories:   defaultStoryKeys(),
		Reach:     defaultReachKeys(),
		Consult:   defaultConsultKeys(),
		Influence: defaultInfluenceKeys(),
		Report: ReportKeys{
			Open:     Bind("y", "annual report", "y"),
			PrevYear: Bind("<", "year before", "<", ","),
			NextYear: Bind(">", "year after", ">", "."),
		},
		Rights: defaultRightsKeys(),
		Transport: TransportKeys{
			Booked:       Bind("b", "booked…", "b"),
			Confirmed:    Bind("c", "confirmed", "c"),
			Cancelled:    Bind("x", "cancelled", "x"),
			ToBook:       Bind("u", "back to to book", "u"),
			TravelledYes: Bind("y", "travelled", "y"),
			TravelledNo:  Bind("n", "did not travel", "n"),
			Rebuild:      Bind("R", "rebuild the plan", "R"),
			Settings:     Bind("s", "transport settings", "s"),
			Firm:         Bind("F", "one firm's runs / all", "F"),
		},
		Grid: GridKeys{
			Left:        Bind("←/h", "left", "left", "h"),
			Right:       Bind("→/l", "right", "right", "l"),
			Up:          Bind("↑/k", "up", "up", "k"),
			Down:        Bind("↓/j", "down", "down", "j"),
			ExtendLeft:  Bind("shift+←/H", "select left", "shift+left", "H"),
			ExtendRight: Bind("shift+→/L", "select right", "shift+right", "L"),
			ExtendUp:    Bind("shift+↑/K", "select up", "shift+up", "K"),
			ExtendDown:  Bind("shift+↓/J", "select down", "shift+down", "J"),
			Yes:         Bind("y", "yes", "y"),
			Maybe:       Bind("m", "if need be", "m"),
			No:          Bind("n", "no", "n"),
			Clear:       Bind("space", "clear", "space"),
			PrevWeek:    Bind("<", "previous week", "<", ","),
			NextWeek:    Bind(">", "next week", ">", "."),
			Zoom:        Bind("z", "30/60-minute rows", "z"),
		},
		Team: TeamKeys{
			Audit: Bind("T", "audit trail", "T"),
		},
		Confirm: ConfirmKeys{
			Yes: Bind("y", "yes", "y", "Y"),
			No:  Bind("n/esc", "no", "n", "N", "esc"),
		},
		Form: FormKeys{
			Next:     Bind("enter", "next field (on the last, save)", "enter", "tab"),
			Prev:     Bind("shift+tab", "previous field", "shift+tab"),
			TextNext: Bind("tab", "next field from a box of several lines", "tab"),
			NewLine:  Bind("enter", "new line in a box of several lines", "enter", "alt+enter", "ctrl+j"),
			Editor:   Bind("ctrl+e", "open your editor from a box of several lines", "ctrl+e"),
			Toggle:   Bind("x", "tick or untick a choice", "space", "x"),
			Up:       Bind("↑", "up a list of choices", "up", "k"),
			Down:     Bind("↓", "down a list of choices", "down", "j"),
			// A suggestion.
			ClearSuggestion: Bind("backspace", "clear it", "backspace", "delete"),
			EditSuggestion:  Bind("→", "edit it", "right", "left", "home", "end", "ctrl+e"),
		},
	}
}

// MoneyKeys act on claims, payments, rates and petty cash.
type MoneyKeys struct {
	Filter, Approve, Reject, Pay, Reopen, Choice, Ledger key.Binding
	NewThreshold                                         key.Binding
	Float, Count, Reconcile, Unreconcile                 key.Binding
}

func defaultMoneyKeys() MoneyKeys {
	return MoneyKeys{
		Filter:       Bind("s", "filter by status", "s"),
		Approve:      Bind("a", "approve", "a"),
		Reject:       Bind("x", "reject", "x"),
		Pay:          Bind("p", "pay", "p"),
		Reopen:       Bind("o", "reopen", "o"),
		Choice:       Bind("c", "accept/reduce/decline/donate", "c"),
		Ledger:       Bind("L", "person's ledger", "L"),
		NewThreshold: Bind("t", "new threshold", "t"),
		Float:        Bind("f", "set the float", "f"),
		Count:        Bind("C", "count the cash", "C"),
		Reconcile:    Bind("R", "reconcile", "R"),
		Unreconcile:  Bind("u", "undo reconcile", "u"),
	}
}

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
		Search:      Bind("s/ctrl+f", "search the text", "s", "ctrl+f"),
		Theme:       Bind("t", "theme filter", "t"),
		Consent:     Bind("c", "consent filter", "c"),
		Status:      Bind("p", "status filter", "p"),
		Sort:        Bind("o", "sort", "o"),
		Withdraw:    Bind("w", "withdraw consent", "w"),
		EditText:    Bind("E", "edit the text (in your editor)", "E"),
		History:     Bind("h", "version history", "h"),
		Restore:     Bind("r", "restore this version", "r"),
		ReadingMode: Bind("R", "reading mode", "R"),
		GoOn:        Bind("enter", "go on to the story", "enter"),
		Up:          Bind("↑/k", "up", "up", "k"),
		Down:        Bind("↓/j", "down", "down", "j"),
		PageUp:      Bind("pgup/b", "page up", "pgup", "b"),
		PageDown:    Bind("space/pgdn", "page down", "space", "pgdown"),
		Top:         Bind("g/home", "start", "g", "home"),
		Bottom:      Bind("G/end", "end", "G", "end"),
	}
}

// ReachKeys open the reach tables and move about them: another question,
// another forum, another period, another reference population.
type ReachKeys struct {
	Open                       key.Binding
	NextQuestion, PrevQuestion key.Binding
	NextForum, PrevForum       key.Binding
	Period, Reference          key.Binding
}

func defaultReachKeys() ReachKeys {
	return ReachKeys{
		Open:         Bind("R", "reach", "R"),
		NextQuestion: Bind("]", "next question", "]"),
		PrevQuestion: Bind("[", "previous question", "["),
		NextForum:    Bind("f", "next forum", "f"),
		PrevForum:    Bind("F", "previous forum", "F"),
		Period:       Bind("p", "period", "p"),
		Reference:    Bind("r", "next reference population", "r"),
	}
}

// ConsultKeys act on consultations and the "you said, we did" loop. AddPoint
// also works on a meeting's page and register, to add a point raised there.
type ConsultKeys struct {
	AddPoint, Respond, Feedback key.Binding
	Forward, Backward           key.Binding
	Board, ReadingMode, Agendas key.Binding
}

func defaultConsultKeys() ConsultKeys {
	return ConsultKeys{
		AddPoint:    Bind("y", "add a point (you said)", "y"),
		Respond:     Bind("w", "respond (we did)", "w"),
		Feedback:    Bind("f", "record feedback given", "f"),
		Forward:     Bind("s", "move the loop on", "s"),
		Backward:    Bind("S", "move the loop back", "S"),
		Board:       Bind("b", "you said, we did board", "b"),
		ReadingMode: Bind("R", "reading mode", "R"),
		Agendas:     Bind("A", "update the next agendas", "A"),
	}
}

// InfluenceKeys act on senior officers' contacts and training sessions,
// and open them from a forum's or a person's page.
type InfluenceKeys struct {
	// On a contact's page.
	AddCommitment key.Binding
	// On a training session's page.
	AddTrainer, AddStory, Pay key.Binding
	// On a forum's page: its senior officers' contacts; on a person's
	// page: their involvement history.
	OfficerContacts, History key.Binding
}

func defaultInfluenceKeys() InfluenceKeys {
	return InfluenceKeys{
		AddCommitment:   Bind("a", "add commitment", "a"),
		AddTrainer:      Bind("a", "add co-trainer", "a"),
		AddStory:        Bind("a", "add story used", "a"),
		Pay:             Bind("P", "pay their hours", "P"),
		OfficerContacts: Bind("o", "senior officers' contacts", "o"),
		History:         Bind("h", "involvement history", "h"),
	}
}
