package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// The person-data registry: every table and column that refers to or
// describes a person, in one list. Erasure (EraseOptions, Store.Erase),
// the counts shown before it (Store.ErasurePlan, PersonImpact), the
// subject-access export (Store.SubjectAccess) and the retention review
// (Store.RetentionDue) are all worked out from it, so what one of them
// knows they all know. TestRegistryCoversSchema fails when a migration adds
// a column that refers to a person and no entry here says what it is.
//
// Adding an entry for a new table is a few lines: the table, its columns
// about the person, how its rows are found (Person: the column holding the
// person's id), what it is, why it is held, where it came from, whom it is
// shared with and how long it is kept, the fields the person is shown, and
// what erasing them does (delete, or keep a figure anonymised, with why).
// Entries run in order when a person is erased: a table before the tables
// it refers to, and people last.

// PersonData is one kind of record that refers to or describes a person.
type PersonData struct {
	// Key names the entry in the JSON export and in tests ("attendance").
	Key string
	// Noun names one row and several, for the counts shown before an
	// erasure: "expense claim|expense claims".
	Noun string
	// Table is the table its rows are in; Columns are those of its
	// columns that refer to or describe the person (the registry test
	// checks every such column is named by some entry).
	Table   string
	Columns []string
	// From is where the rows are found: Table as t, joined to what the
	// fields need ("attendance t JOIN meetings m ON m.id = t.meeting_id").
	// "" is Table t alone.
	From string
	// Person is the SQL giving the id of the person a row is about
	// ("t.person_id"); Where, when not "", finds the rows instead of
	// Person = $id. The parameters are $id (the person's id), $name (their
	// full name) and $preferred (the name they prefer, "" when someone
	// else is known by it too, so it cannot say who is meant).
	Person string
	Where  string
	Order  string

	// Label heads the entry's part of the export ("Meetings you were
	// invited to or came to"); What, Why, Source, Shared and Kept say in
	// plain English what the data is, why the partnership holds it, where
	// it came from, who it is shared with and how long it is kept.
	// "{years}" in Kept is the retention period (RetentionYears).
	Label, What, Why, Source, Shared, Kept string
	// Fields are what the export shows of each row.
	Fields []Field
	// Mentions, when set, are the columns of free text in which the
	// person is named (minutes, agendas): the rows found are those whose
	// text names them, as a word; the export shows the lines that do,
	// and erasure replaces their name there with FormerMember.
	Mentions []string
	// Rewritten, when not nil, is told of each row whose Mentions erasure
	// rewrote (the columns before and after, in order), for what must
	// follow the text (a Matters arising section's digest).
	Rewritten func(ctx context.Context, tx *sql.Tx, id string, before, after []string) error

	// Erase is what erasing the person does to these rows; Anonymise,
	// when not nil, what anonymising them does instead (Erase otherwise).
	Erase     EraseRule
	Anonymise *EraseRule

	// Staff marks an entry about the partnership's own team (the staff
	// and volunteers who sign in to involve serve), not about the people
	// in People: it is here so that the registry lists everything held
	// about anyone, but no one in People is found in it (Where "0"), so
	// the subject-access export and erasure pass it by. A member of the
	// team leaves it with involve users remove.
	Staff bool

	// Involvement, when not "", is the SQL for the London date
	// (YYYY-MM-DD) of the involvement a row shows (NULL for none): the
	// latest over every entry is when the person last took part, which
	// the retention review goes by. The rows are found by Person (= the
	// person's id, through an index), even where Where finds more for the
	// export and erasure.
	Involvement string
	// ManyPerPerson says a person has many of its rows (a register line
	// for every meeting): the retention review looks their involvement
	// up person by person, for the few people left, rather than gathering
	// every recent row, as it does for the other entries.
	ManyPerPerson bool
}

// Field is one thing the export shows of a record: its label and the SQL
// giving its value (as text, or a number of pence for Money).
type Field struct {
	Label string
	Expr  string
	// Money: the value is pence, shown as £.
	Money bool
	// Redact: free text that may name other people; their names are
	// redacted in the export.
	Redact bool
}

// EraseHow is what erasure does to the rows of an entry.
type EraseHow int

// What erasure can do to an entry's rows.
const (
	// EraseDelete deletes them.
	EraseDelete EraseHow = iota
	// EraseKeep keeps the rows that match Keep (every row when Keep is
	// ""), changed by Set so that they no longer say who they were about,
	// and deletes the others.
	EraseKeep
	// EraseWithParent leaves the rows to go with the record they belong
	// to (Parent's rows), by a foreign key ON DELETE CASCADE.
	EraseWithParent
	// EraseMentions replaces the person's name, wherever it is written
	// in the Mentions columns, with FormerMember.
	EraseMentions
)

// EraseRule says what erasing a person does to one entry's rows, and why.
type EraseRule struct {
	How    EraseHow
	Keep   string // EraseKeep: which rows are kept ("t.status = 'paid'"); "" for all
	Set    string // EraseKeep: what changes in a kept row ("person_id = NULL, note = ''")
	Rest   string // EraseKeep with Keep: why the rows not kept go
	Before string // a statement run first, with the same parameters
	Parent string // EraseWithParent: the Key of the entry whose rows these go with
	// Inline (EraseMentions): the text is shown inside a sentence
	// ("Decided by …"), so FormerMember is never capitalised in it.
	Inline bool
	// Reason says why in plain English ("money already paid is a record
	// the partnership must keep").
	Reason string
}

// ErasureMode is whether a person is erased or anonymised.
type ErasureMode string

// The two ways of forgetting someone. Both remove the person, their
// details and every record that says who they were; they differ only where
// an entry says (Anonymise): anonymising keeps, with no name or link,
// what the partnership may go on using, such as a story its author agreed
// to be read or printed.
const (
	ModeErase     ErasureMode = "erase"
	ModeAnonymise ErasureMode = "anonymise"
)

// Label is the mode in plain English.
func (m ErasureMode) Label() string {
	if m == ModeAnonymise {
		return "Anonymise"
	}
	return "Erase"
}

// erasure is what the entry does in mode m.
func (d PersonData) erasure(m ErasureMode) EraseRule {
	if m == ModeAnonymise && d.Anonymise != nil {
		return *d.Anonymise
	}
	return d.Erase
}

// from is the FROM clause of the entry's rows.
func (d PersonData) from() string {
	if d.From != "" {
		return d.From
	}
	return d.Table + " t"
}

// where is the condition that finds the person's rows.
func (d PersonData) where() string {
	if d.Where != "" {
		return "(" + d.Where + ")"
	}
	return d.Person + " = $id"
}

// rowsOf is the SQL selecting the ids of the person's rows (and, with
// cond, only those that also match it).
func (d PersonData) rowsOf(cond string) string {
	q := "SELECT t.id FROM " + d.from() + " WHERE " + d.where()
	if cond != "" {
		q += " AND (" + cond + ")"
	}
	return q
}

// Registry lists every kind of record that refers to or describes a
// person. See the comment at the top of this file.
func Registry() []PersonData { return registry }

const (
	// meetingLabel describes a meeting in a field: its forum and London date.
	meetingLabel = "coalesce(f.name, '') || ' meeting, ' || " + londonDateSQL + "(m.starts_at)"
	// keptMoney is how long records of money are kept.
	keptMoney         = "Records of money paid are kept for six years after the end of the financial year, as the partnership's accounts must be; if you are erased they stay with no name or link to you."
	keptWhileInvolved = "While you take part. Someone with no involvement for {years} years is reviewed, and their details kept (with a reason), anonymised or erased."
)

// londonDateSQL is the SQL function turning a stored instant into its
// London date; it is written out by localDateSQL below.
const londonDateSQL = "london_date"

var registry = []PersonData{
	{
		Key: "memberships", Noun: "forum membership|forum memberships", Table: "memberships", Columns: []string{"person_id"},
		From:   "memberships t JOIN forums f ON f.id = t.forum_id",
		Person: "t.person_id", Order: "f.name COLLATE NOCASE",
		Label:       "Forums you belong to",
		What:        "Which of the partnership's forums you are a member of, and since when.",
		Why:         "To invite you to the forum's meetings and plan them at times members can make.",
		Source:      "You, when you joined; recorded by the coordinator.",
		Shared:      "No one outside the partnership.",
		Kept:        keptWhileInvolved,
		Fields:      []Field{{Label: "Forum", Expr: "f.name"}, {Label: "Member since", Expr: "substr(t.created_at, 1, 10)"}},
		Erase:       EraseRule{How: EraseDelete, Reason: "who belongs to a forum is needed only while they take part"},
		Involvement: "substr(t.created_at, 1, 10)",
	},
	{
		Key: "attendance", Noun: "register line|register lines", Table: "attendance", Columns: []string{"person_id"},
		From:   "attendance t JOIN meetings m ON m.id = t.meeting_id LEFT JOIN forums f ON f.id = m.forum_id",
		Person: "t.person_id", Order: "m.starts_at",
		Label:  "Meetings you were invited to or came to",
		What:   "Each meeting's register: whether you were invited, confirmed, sent apologies, came, or did not come.",
		Why:    "To plan meetings, transport and expenses, and to report how many people take part.",
		Source: "The coordinator, at the meeting or when you replied.",
		Shared: "No one outside the partnership; reports give numbers only.",
		Kept:   keptWhileInvolved + " If you are erased, a meeting you came to still counts one more person, with no name or link to you (and, if you came as a senior officer, still counts as the forum meeting one).",
		Fields: []Field{{Label: "Meeting", Expr: meetingLabel}, {Label: "Register", Expr: attendanceLabelSQL("t.status")}},
		// A senior officer erased moves from the meeting's officers to its
		// former_officers: Before adds them to the one, and deleting the
		// register line takes them off the other (the trigger
		// attendance_officers_delete, migration 0015).
		Erase: EraseRule{How: EraseDelete,
			Before: `UPDATE meetings SET former_attended = former_attended + 1,
					former_officers = former_officers + (SELECT role = 'senior_officer' FROM people WHERE id = $id),
					updated_at = $now, version = version + 1
				WHERE id IN (SELECT meeting_id FROM attendance WHERE person_id = $id AND status = 'attended')`,
			Reason: "the register line goes; a meeting they came to still counts them among those who came (and as a senior officer, if they were one), with no name"},
		Involvement:   "CASE WHEN t.status IN ('attended', 'confirmed', 'apologies') THEN substr(m.starts_at, 1, 10) END",
		ManyPerPerson: true,
	},
	{
		Key: "actions", Noun: "action naming them|actions naming them", Table: "actions", Columns: []string{"owner"},
		From: "actions t LEFT JOIN meetings m ON m.id = t.meeting_id LEFT JOIN forums f ON f.id = m.forum_id" +
			" LEFT JOIN contacts c ON c.id = t.contact_id",
		Where:  "t.owner != '' AND t.owner COLLATE NOCASE IN ($name, $preferred)",
		Order:  "coalesce(m.starts_at, c.contact_date), t.due",
		Label:  "Actions you agreed to do",
		What:   "Actions agreed at meetings, and commitments made at a senior officer's contact with the forums, with you named as the one to do them.",
		Why:    "To follow up what each meeting agreed, and what senior officers committed to.",
		Source: "The meeting's minutes, or the record of the contact, written by the coordinator.",
		Shared: "The forum's members, in the minutes or the record of the contact.",
		Kept:   "With the meeting's minutes or the contact, for as long as the forum keeps its records.",
		Fields: []Field{{Label: "Agreed at", Expr: "CASE WHEN m.id IS NOT NULL THEN " + meetingLabel +
			" ELSE 'a contact with a senior officer, ' || c.contact_date END"},
			{Label: "Action", Expr: "t.description", Redact: true},
			{Label: "Due", Expr: "t.due"}, {Label: "Done", Expr: "CASE t.done WHEN 1 THEN 'yes' ELSE 'no' END"}},
		Erase: EraseRule{How: EraseKeep, Set: "owner = $former",
			Reason: "the action is part of the meeting's (or the contact's) record; only the name of who was to do it goes"},
	},
	{
		Key: "mentions", Noun: "meeting whose agenda or minutes name them|meetings whose agendas or minutes name them", Table: "meetings", Columns: []string{"agenda", "minutes"},
		From:     "meetings t LEFT JOIN forums f ON f.id = t.forum_id",
		Where:    "instr(t.minutes, $name) > 0 OR instr(t.agenda, $name) > 0 OR ($preferred != '' AND (instr(t.minutes, $preferred) > 0 OR instr(t.agenda, $preferred) > 0))",
		Order:    "t.starts_at",
		Mentions: []string{"agenda", "minutes"},
		Label:    "Where meeting agendas and minutes name you",
		What:     "Lines of a meeting's agenda or minutes that mention you by name (for example, who chaired).",
		Why:      "Minutes are the forum's record of what was discussed and agreed.",
		Source:   "The coordinator, who writes the agendas and minutes.",
		Shared:   "The forum's members, and those the forum sends its minutes to.",
		Kept:     "For as long as the forum keeps its records.",
		Fields:   []Field{{Label: "Meeting", Expr: "coalesce(f.name, '') || ' meeting, ' || " + londonDateSQL + "(t.starts_at)"}},
		Erase: EraseRule{How: EraseMentions,
			Reason: "the minutes stay as the forum's record, with their name replaced by “" + FormerMember + "”"},
		Rewritten: keepMattersArising,
	},
	{
		Key: "access_needs", Noun: "record of access needs|records of access needs", Table: "access_needs",
		Columns: []string{"person_id", "availability_reason", "transport", "wheelchair", "mobility_aid", "escort",
			"pickup_address", "pickup_postcode", "interpreter_language", "bsl", "large_print", "hearing_loop",
			"step_free", "childcare", "dietary", "support_other"},
		Person: "t.person_id",
		Label:  "What you need to take part",
		What:   "How you get to meetings, your pickup address, and support you need (interpreter, BSL, large print, hearing loop, step-free access, childcare, dietary and other needs), and why your times are limited.",
		Why:    "To make meetings and transport work for you.",
		Source: "You, recorded by the coordinator.",
		Shared: "Transport firms get your first name and pickup address for the journeys booked (see Transport booked for you); venues may be told of access needs, without your name.",
		Kept:   keptWhileInvolved,
		Fields: []Field{
			{Label: "Travels by", Expr: transportLabelSQL("t.transport")},
			{Label: "Wheelchair user", Expr: yesNoSQL("t.wheelchair")},
			{Label: "Mobility aid", Expr: yesNoSQL("t.mobility_aid")},
			{Label: "Needs an escort", Expr: yesNoSQL("t.escort")},
			{Label: "Pickup address", Expr: "t.pickup_address"},
			{Label: "Pickup postcode", Expr: "t.pickup_postcode"},
			{Label: "Interpreter", Expr: "t.interpreter_language"},
			{Label: "BSL", Expr: yesNoSQL("t.bsl")},
			{Label: "Large print", Expr: yesNoSQL("t.large_print")},
			{Label: "Hearing loop", Expr: yesNoSQL("t.hearing_loop")},
			{Label: "Step-free access", Expr: yesNoSQL("t.step_free")},
			{Label: "Childcare", Expr: yesNoSQL("t.childcare")},
			{Label: "Dietary needs", Expr: "t.dietary"},
			{Label: "Other support", Expr: "t.support_other", Redact: true},
			{Label: "Why your times are limited", Expr: "t.availability_reason", Redact: true},
		},
		Erase: EraseRule{How: EraseDelete, Reason: "needed only while they take part"},
	},
	{
		Key: "availability", Noun: "weekly availability mark|weekly availability marks", Table: "availability", Columns: []string{"person_id", "weekday", "start_min", "end_min", "answer"},
		Person: "t.person_id", Order: "t.weekday, t.start_min",
		Label:  "Your usual week",
		What:   "When in a usual week you can come to meetings, could if need be, or cannot.",
		Why:    "To find meeting times most members can make.",
		Source: "You, recorded by the coordinator.",
		Shared: "No one outside the partnership.",
		Kept:   keptWhileInvolved,
		Fields: []Field{{Label: "Day", Expr: weekdaySQL("t.weekday")},
			{Label: "From", Expr: clockSQL("t.start_min")}, {Label: "To", Expr: clockSQL("t.end_min")},
			{Label: "Can come", Expr: answerSQL("t.answer")}},
		Erase: EraseRule{How: EraseDelete, Reason: "needed only while they take part"},
	},
	{
		Key: "availability_exceptions", Noun: "dated exception|dated exceptions", Table: "availability_exceptions",
		Columns: []string{"person_id", "from_date", "to_date", "answer", "note"},
		Person:  "t.person_id", Order: "t.from_date",
		Label:  "Dates you are away or free",
		What:   "Dated changes to your usual week (“away 3–17 March”), with a private note.",
		Why:    "To find meeting times most members can make.",
		Source: "You, recorded by the coordinator.",
		Shared: "No one outside the partnership.",
		Kept:   keptWhileInvolved,
		Fields: []Field{{Label: "From", Expr: "t.from_date"}, {Label: "To", Expr: "t.to_date"},
			{Label: "Can come", Expr: answerSQL("t.answer")}, {Label: "Note", Expr: "t.note", Redact: true}},
		Erase: EraseRule{How: EraseDelete, Reason: "needed only while they take part"},
	},
	{
		Key: "equality", Noun: "set of equality monitoring answers|sets of equality monitoring answers", Table: "equality_answers",
		Columns: []string{"person_id", "recorded_on", "consent_on", "ethnic_group", "ethnic_other", "sex", "gender_same", "gender_term",
			"sexual_orientation", "orientation_other", "religion", "religion_other", "condition", "limitation", "birth_year",
			"main_language", "language_other"},
		Person: "t.person_id",
		Label:  "Your equality monitoring answers",
		What:   "Your answers to the equality monitoring questions, as the census asks them (ethnic group, sex, gender identity, sexual orientation, religion, a long-term health condition, year of birth, main language), each optional, with the day you answered and the day you agreed to our holding them.",
		Why:    "To see whether the forums reach everyone they should. They are special-category data, held only because you agreed.",
		Source: "You.",
		Shared: "No one. They are shown only on your own equality monitoring form; reports count many people's answers together, hiding small numbers, and never show yours on their own.",
		Kept:   "Until you withdraw your agreement (they are erased then), or your details are erased.",
		Fields: []Field{
			{Label: "You agreed to our holding them on", Expr: "t.consent_on"},
			{Label: "You answered on", Expr: "t.recorded_on"},
			{Label: "Ethnic group", Expr: equalitySQL("t.ethnic_group", EthnicGroups, "t.ethnic_other")},
			{Label: "Sex", Expr: equalitySQL("t.sex", Sexes, "")},
			{Label: "Gender the same as sex registered at birth", Expr: equalitySQL("t.gender_same", GenderAnswers, "t.gender_term")},
			{Label: "Sexual orientation", Expr: equalitySQL("t.sexual_orientation", Orientations, "t.orientation_other")},
			{Label: "Religion", Expr: equalitySQL("t.religion", Religions, "t.religion_other")},
			{Label: "A long-term physical or mental health condition", Expr: equalitySQL("t.condition", ConditionAnswers, "")},
			{Label: "It reduces day-to-day activities", Expr: "CASE WHEN t.condition = 'yes' THEN " + equalitySQL("t.limitation", LimitationAnswers, "") + " ELSE '' END"},
			{Label: "Year of birth", Expr: equalitySQL("t.birth_year", nil, "")},
			{Label: "Main language", Expr: equalitySQL("t.main_language", Languages, "t.language_other")},
		},
		Erase: EraseRule{How: EraseDelete, Reason: "special-category data, held only with their agreement: it goes"},
	},
	{
		Key: "transport_bookings", Noun: "transport booking|transport bookings", Table: "transport_bookings",
		Columns: []string{"person_id", "leg", "status", "firm", "reference", "pickup_at", "run", "travelled", "notes"},
		From:    "transport_bookings t JOIN meetings m ON m.id = t.meeting_id LEFT JOIN forums f ON f.id = m.forum_id",
		Person:  "t.person_id", Order: "m.starts_at, t.leg",
		Label:  "Transport booked for you",
		What:   "Journeys to and from meetings booked for you: the firm, its reference, the pickup time and whether you travelled.",
		Why:    "To get you to meetings and home again.",
		Source: "The coordinator, when booking; your pickup address is from what you need to take part.",
		Shared: "The taxi firm or community transport booked for each journey was given your first name, your pickup address and postcode, and whether you need a wheelchair-accessible vehicle or travel with an escort; nothing else.",
		Kept:   keptWhileInvolved,
		Fields: []Field{{Label: "Meeting", Expr: meetingLabel},
			{Label: "Journey", Expr: "CASE t.leg WHEN 'there' THEN 'there' ELSE 'home' END"},
			{Label: "Status", Expr: "replace(t.status, '_', ' ')"},
			{Label: "Shared with", Expr: "CASE WHEN t.firm != '' THEN t.firm || ': your first name, pickup address and postcode, and vehicle needs' ELSE '' END"},
			{Label: "Reference", Expr: "t.reference"},
			{Label: "Travelled", Expr: "t.travelled"},
			{Label: "Notes", Expr: "t.notes", Redact: true}},
		Erase: EraseRule{How: EraseDelete, Reason: "bookings are not records of money; the money, if any, is a claim"},
	},
	{
		Key: "claims", Noun: "expense claim|expense claims", Table: "claims", Columns: []string{"person_id", "description", "receipt_ref"},
		From:   "claims t LEFT JOIN meetings m ON m.id = t.meeting_id LEFT JOIN forums f ON f.id = m.forum_id",
		Person: "t.person_id", Order: "t.claim_date, t.created_at",
		Label:  "Expenses you claimed",
		What:   "Your claims for travel, care and other costs of taking part, and how and when they were paid (cash paid at a meeting is a line of its petty cash book).",
		Why:    "To pay your expenses, and to keep the partnership's accounts.",
		Source: "You, with your receipts; recorded by the coordinator.",
		Shared: "The partnership's finance team and auditors.",
		Kept:   keptMoney,
		Fields: []Field{{Label: "Date", Expr: "t.claim_date"}, {Label: "For", Expr: "coalesce(" + meetingLabel + ", nullif(t.activity, ''), '')", Redact: true},
			{Label: "Kind", Expr: "t.category"}, {Label: "Amount", Expr: "t.amount_pence", Money: true},
			{Label: "Status", Expr: "t.status"}, {Label: "Paid", Expr: "trim(t.paid_how || ' ' || t.paid_on)"},
			{Label: "Description", Expr: "t.description", Redact: true}},
		Erase: EraseRule{How: EraseKeep, Keep: "t.status = 'paid'", Set: "person_id = NULL, description = '', receipt_ref = ''",
			Rest:   "not paid, so not yet a record of money: nothing to keep",
			Reason: "money already paid is a record the partnership must keep, and a closed cash book must never change: kept as a former member's, with no name, no link and no description"},
		Involvement: "t.claim_date",
	},
	{
		Key: "payments", Noun: "involvement payment|involvement payments", Table: "payments", Columns: []string{"person_id", "note"},
		From: "payments t LEFT JOIN meetings m ON m.id = t.meeting_id LEFT JOIN forums f ON f.id = m.forum_id" +
			" LEFT JOIN training_sessions ts ON ts.id = t.training_id",
		Person: "t.person_id", Order: "t.payment_date, t.created_at",
		Label:  "Involvement payments",
		What:   "Payments for your time, what you chose (accept, reduce, decline or donate), and how and when they were paid.",
		Why:    "To pay you, to help you keep within benefit rules, and to keep the partnership's accounts.",
		Source: "The coordinator, from the rates the partnership pays.",
		Shared: "The partnership's finance team and auditors.",
		Kept:   keptMoney,
		Fields: []Field{{Label: "Date", Expr: "t.payment_date"}, {Label: "For", Expr: "coalesce(" + meetingLabel +
			", 'co-delivering training: ' || ts.title || ', ' || ts.session_date, nullif(t.activity, ''), '')", Redact: true},
			{Label: "Amount", Expr: "t.amount_pence", Money: true}, {Label: "Your choice", Expr: "t.choice"},
			{Label: "Status", Expr: "t.status"}, {Label: "Paid", Expr: "trim(t.paid_how || ' ' || t.paid_on)"},
			{Label: "Note", Expr: "t.note", Redact: true}},
		Erase: EraseRule{How: EraseKeep, Keep: "t.status = 'paid'", Set: "person_id = NULL, note = ''",
			Rest:   "not paid, so not yet a record of money: nothing to keep",
			Reason: "money already paid is a record the partnership must keep, and a closed cash book must never change: kept as a former member's, with no name, no link and no note"},
		Involvement: "t.payment_date",
	},
	// A story's renders, versions, reading place and body go with it; in
	// anonymising, a story kept loses them first (they hold its byline).
	{
		Key: "story_renders", Noun: "cached copy of a story|cached copies of stories", Table: "story_renders", Columns: []string{"rendered"},
		From:   "story_renders t JOIN stories s ON s.id = t.story_id",
		Person: "s.author_id",
		Label:  "Copies of your stories laid out for the screen",
		What:   "A cache of your stories as laid out for the screen, with your name as the story names you.",
		Why:    "To show stories quickly.", Source: "Made by involve from your stories.",
		Shared: "No one.", Kept: "Only as long as the story; rebuilt when needed.",
		Fields:    []Field{{Label: "Story", Expr: "s.title"}, {Label: "Width", Expr: "t.width"}},
		Erase:     EraseRule{How: EraseWithParent, Parent: "stories", Reason: "a copy of the story, which goes"},
		Anonymise: &EraseRule{How: EraseDelete, Reason: "the copies carry the byline; a kept story is laid out again"},
	},
	{
		Key: "story_versions", Noun: "earlier version of a story|earlier versions of stories", Table: "story_versions", Columns: []string{"title", "metadata", "body"},
		From:   "story_versions t JOIN stories s ON s.id = t.story_id",
		Person: "s.author_id", Order: "s.title, t.story_version",
		Label:  "Earlier versions of your stories",
		What:   "The text and details of your stories as they were before each edit.",
		Why:    "So that an edit can be undone, and what you approved can be shown.",
		Source: "You; edits by the coordinator with you.",
		Shared: "No one.", Kept: "As long as the story.",
		Fields:    []Field{{Label: "Story", Expr: "s.title"}, {Label: "Version", Expr: "t.story_version"}, {Label: "Saved", Expr: "substr(t.saved_at, 1, 10)"}},
		Erase:     EraseRule{How: EraseWithParent, Parent: "stories", Reason: "part of the story, which goes"},
		Anonymise: &EraseRule{How: EraseDelete, Reason: "earlier versions hold the author's details; only the story as it is stays"},
	},
	{
		Key: "story_positions", Noun: "reading place|reading places", Table: "story_positions", Columns: []string{"story_id"},
		From:   "story_positions t JOIN stories s ON s.id = t.story_id",
		Person: "s.author_id",
		Label:  "Where the coordinator stopped reading your stories",
		What:   "The place in each of your stories where it was last left off.",
		Why:    "To open a story where it was left.", Source: "involve.", Shared: "No one.", Kept: "As long as the story.",
		Fields: []Field{{Label: "Story", Expr: "s.title"}, {Label: "Line", Expr: "t.line"}},
		Erase:  EraseRule{How: EraseWithParent, Parent: "stories", Reason: "part of the story, which goes"},
	},
	{
		Key: "story_bodies", Noun: "story text|story texts", Table: "story_bodies", Columns: []string{"body"},
		From:   "story_bodies t JOIN stories s ON s.id = t.id",
		Person: "s.author_id",
		Label:  "The text of your stories",
		What:   "Each story's text (and its entry in the search index).",
		Why:    "The anthology: stories are read and printed as you agreed.",
		Source: "You.", Shared: "As you agreed for each story (see Stories you wrote).", Kept: "As long as the story.",
		Fields: []Field{{Label: "Story", Expr: "s.title"}, {Label: "Text", Expr: "t.body"}},
		Erase:  EraseRule{How: EraseWithParent, Parent: "stories", Reason: "the text goes or stays with its story (and leaves the search index with it)"},
	},
	{
		Key: "stories", Noun: "story they wrote|stories they wrote", Table: "stories", Columns: []string{"author_id", "author_name", "author_area", "pseudonym"},
		Person: "t.author_id", Order: "t.title",
		Label:  "Stories you wrote",
		What:   "Your stories for the anthology, how you are named in them, and your consent: when and how it was given, what you agreed they may be used for, and until when.",
		Why:    "The anthology of stories of recovery, used only as you agreed.",
		Source: "You.",
		Shared: "Only as you agreed: read at forums, printed, used in training or online.",
		Kept:   "Until you withdraw consent or ask for the story to be removed, or the consent expires.",
		Fields: []Field{{Label: "Title", Expr: "t.title"},
			{Label: "Named as", Expr: caseSQL("t.naming", "full_name", "your full name", "first_name", "your first name",
				"first_name_area", "your first name and area", "pseudonym", "a pseudonym", "anonymous", "anonymous")},
			{Label: "Consent", Expr: "trim(t.consent || ' ' || t.consent_date)"},
			{Label: "Agreed uses", Expr: storyUsesSQL},
			{Label: "Consent expires", Expr: "t.expires"},
			{Label: "Status", Expr: "t.status"}},
		Erase: EraseRule{How: EraseDelete,
			Reason: "their words are theirs: each story goes, with its versions and copies, and leaves the search index"},
		Anonymise: &EraseRule{How: EraseKeep, Keep: "t.consent = 'given'",
			Rest:   "stories they never agreed to share go, with their versions and copies",
			Set:    "author_id = NULL, author_name = '', author_area = '', pseudonym = '', naming = 'anonymous', updated_at = $now, version = version + 1",
			Reason: "a story its author agreed to share stays, as anonymous, with no link to them; the others go"},
		Involvement: "substr(t.updated_at, 1, 10)",
	},
	// Consultations: a senior officer who asked one, a decider named in
	// free text, a speaker quoted with consent (points are otherwise
	// anonymous: their text names no one), a decision and feedback whose
	// free text names someone.
	{
		Key: "consultations", Noun: "consultation they asked as senior officer|consultations they asked as senior officer",
		Table: "consultations", Columns: []string{"officer_id"},
		Person: "t.officer_id", Order: "t.opens, t.title",
		Label:  "Consultations you asked as senior officer",
		What:   "Consultations of the forums in which you were the senior officer asking: the question's title, the organisation, the dates and where it stands.",
		Why:    "To follow each consultation through to feedback, and to show that senior officers ask the forums.",
		Source: "The coordinator, from the consultation's papers.",
		Shared: "The forums asked see the consultation and the organisation asking; the “you said, we did” board names no one.",
		Kept:   "With the consultation, as the forums' record. If you are erased, it stays, with no link to you.",
		Fields: []Field{{Label: "Consultation", Expr: "t.title"}, {Label: "Organisation", Expr: "t.organisation"},
			{Label: "Opened", Expr: "t.opens"}, {Label: "Deadline", Expr: "t.deadline"},
			{Label: "Stands", Expr: labelSQL("t.status", LoopStatuses, LoopStatus.Label)}},
		Erase: EraseRule{How: EraseKeep, Set: "officer_id = NULL, updated_at = $now, version = version + 1",
			Reason: "the consultation is the forums' record: it stays, no longer linked to them as the senior officer who asked"},
		Involvement: "t.opens",
	},
	{
		Key: "consultation_deciders", Noun: "consultation naming them as who decides|consultations naming them as who decides",
		Table: "consultations", Columns: []string{"decider"},
		Where:    "instr(t.decider, $name) > 0 OR ($preferred != '' AND instr(t.decider, $preferred) > 0)",
		Order:    "t.opens, t.title",
		Mentions: []string{"decider"},
		Label:    "Consultations that name you as who decides",
		What:     "Consultations whose record of who makes the decision names you.",
		Why:      "To tell the forums who decides what they are consulted on.",
		Source:   "The coordinator, from the consultation's papers.",
		Shared:   "The forums asked, in the consultation and their agendas' Matters arising.",
		Kept:     "With the consultation, as the forums' record.",
		Fields:   []Field{{Label: "Consultation", Expr: "t.title"}},
		Erase: EraseRule{How: EraseMentions, Inline: true,
			Reason: "the consultation stays, with their name as who decides replaced by “" + FormerMember + "”"},
	},
	{
		Key: "quotes", Noun: "quote of theirs in a consultation|quotes of theirs in consultations", Table: "consultation_points",
		Columns: []string{"speaker_id", "quote", "quote_consent", "quote_consent_how"},
		From:    "consultation_points t JOIN consultations c ON c.id = t.consultation_id",
		Person:  "t.speaker_id", Order: "t.raised_on, t.created_at",
		Label:  "Your words quoted in consultations",
		What:   "Points raised in a consultation for which you agreed to be quoted: the point, your words, and when and how you agreed.",
		Why:    "So that what you said can be shown in your own words, as you agreed; points raised are otherwise anonymous.",
		Source: "You, at a meeting or to the coordinator, who recorded it.",
		Shared: "The forums and the organisation asking, with the point's response and on the “you said, we did” board, never with your name.",
		Kept:   "With the consultation. If you are erased, your words and your consent go; the point stays, anonymous as every point is.",
		Fields: []Field{{Label: "Consultation", Expr: "c.title"}, {Label: "Raised on", Expr: "t.raised_on"},
			{Label: "The point", Expr: "t.text", Redact: true}, {Label: "Your words", Expr: "t.quote", Redact: true},
			{Label: "You agreed to be quoted", Expr: "CASE WHEN t.quote_consent != '' THEN t.quote_consent || ' (' || t.quote_consent_how || ')' ELSE '' END"}},
		Erase: EraseRule{How: EraseKeep,
			Set:    "quote = '', speaker_id = NULL, quote_consent = '', quote_consent_how = '', updated_at = $now, version = version + 1",
			Reason: "the point raised stays, anonymous as every point is; their words and their consent to be quoted go"},
		Involvement: "t.raised_on",
	},
	{
		Key: "consultation_decisions", Noun: "decision naming them as who decided|decisions naming them as who decided",
		Table: "consultation_responses", Columns: []string{"decided_by"},
		From:     "consultation_responses t JOIN consultation_points pt ON pt.id = t.point_id JOIN consultations c ON c.id = pt.consultation_id",
		Where:    "instr(t.decided_by, $name) > 0 OR ($preferred != '' AND instr(t.decided_by, $preferred) > 0)",
		Order:    "t.decided_on, t.created_at",
		Mentions: []string{"decided_by"},
		Label:    "Decisions on consultations that name you as who decided",
		What:     "Responses to points raised in consultations (“we did”) whose record of who decided names you.",
		Why:      "To tell the forums what was done about what they said, and who decided.",
		Source:   "The coordinator, from the organisation that asked.",
		Shared:   "The forums asked, with the response; the “you said, we did” board names no one.",
		Kept:     "With the consultation, as the forums' record.",
		Fields:   []Field{{Label: "Consultation", Expr: "c.title"}, {Label: "Decided on", Expr: "t.decided_on"}},
		Erase: EraseRule{How: EraseMentions, Inline: true,
			Reason: "the decision stays, with their name as who decided replaced by “" + FormerMember + "”"},
	},
	{
		Key: "consultation_feedback", Noun: "note of feedback naming them|notes of feedback naming them",
		Table: "consultation_feedback", Columns: []string{"note"},
		From:     "consultation_feedback t JOIN consultations c ON c.id = t.consultation_id",
		Where:    "instr(t.note, $name) > 0 OR ($preferred != '' AND instr(t.note, $preferred) > 0)",
		Order:    "t.given_on, t.created_at",
		Mentions: []string{"note"},
		Label:    "Notes of consultation feedback that name you",
		What:     "The coordinator's notes of feedback given to the forums on a consultation, where they mention you.",
		Why:      "To show that the forums were told what happened.",
		Source:   "The coordinator.",
		Shared:   "No one outside the partnership.",
		Kept:     "With the consultation, as the forums' record.",
		Fields:   []Field{{Label: "Consultation", Expr: "c.title"}, {Label: "Given on", Expr: "t.given_on"}},
		Erase: EraseRule{How: EraseMentions,
			Reason: "the note stays, with their name replaced by “" + FormerMember + "”"},
	},
	// Senior officers' contacts: logged with the officer in People
	// (officer_id) or named (officer_name); their commitments are actions
	// (see actions). A senior officer's attendance at a meeting is read
	// from the register (the view officer_attendance holds nothing of its
	// own): attendance says what erasure does to it.
	{
		Key: "contacts", Noun: "logged contact with them as senior officer|logged contacts with them as senior officer",
		Table: "contacts", Columns: []string{"officer_id", "officer_name", "officer_title", "organisation", "contact_date", "topics"},
		Person: "t.officer_id",
		Where:  "t.officer_id = $id OR (t.officer_id IS NULL AND t.officer_name != '' AND t.officer_name COLLATE NOCASE IN ($name, $preferred))",
		Order:  "t.contact_date, t.created_at",
		Label:  "Your contacts with the forums as a senior officer",
		What:   "Visits, one-to-ones, board seats and written replies logged with you as the senior officer: the date, your job title and organisation, the forums and the topics.",
		Why:    "Guidance on involvement says senior officers must have regular contact with service users and carers: the partnership keeps a record that they do.",
		Source: "The coordinator, after each contact.",
		Shared: "The forums' members. Reports say when each forum last met a senior officer, not who.",
		Kept:   "As the forums' record of contact with senior officers. If you are erased, each contact stays, with your organisation but not your name, title or a link to you.",
		Fields: []Field{{Label: "Date", Expr: "t.contact_date"},
			{Label: "Kind", Expr: labelSQL("t.kind", ContactKinds, ContactKind.Label)},
			{Label: "Your title", Expr: "t.officer_title"}, {Label: "Organisation", Expr: "t.organisation"},
			{Label: "Forums", Expr: "(SELECT group_concat(f.name, ', ') FROM contact_forums cf JOIN forums f ON f.id = cf.forum_id WHERE cf.contact_id = t.id)"},
			{Label: "Topics", Expr: "t.topics", Redact: true}},
		Erase: EraseRule{How: EraseKeep,
			Set:    "officer_id = NULL, officer_name = '', officer_title = '', updated_at = $now, version = version + 1",
			Reason: "the contact is the forums' record of meeting senior officers: it stays, with the organisation, but not their name, title or a link to them"},
		Involvement: "t.contact_date",
	},
	{
		Key: "contact_topics", Noun: "logged contact whose topics name them|logged contacts whose topics name them",
		Table: "contacts", Columns: []string{"topics"},
		Where:    "instr(t.topics, $name) > 0 OR ($preferred != '' AND instr(t.topics, $preferred) > 0)",
		Order:    "t.contact_date, t.created_at",
		Mentions: []string{"topics"},
		Label:    "Senior officers' contacts whose topics name you",
		What:     "The topics of a senior officer's contact with the forums, where they mention you.",
		Why:      "To keep the forums' record of what senior officers heard and committed to.",
		Source:   "The coordinator, after each contact.",
		Shared:   "The forums' members.",
		Kept:     "As the forums' record of contact with senior officers.",
		Fields:   []Field{{Label: "Date", Expr: "t.contact_date"}, {Label: "Organisation", Expr: "t.organisation"}},
		Erase: EraseRule{How: EraseMentions,
			Reason: "the contact stays, with their name in its topics replaced by “" + FormerMember + "”"},
	},
	// Training: a co-trainer's record goes with them (the session stays;
	// their payment is among payments); learners' comments may name them.
	{
		Key: "training_trainers", Noun: "record of co-delivering training|records of co-delivering training",
		Table: "training_trainers", Columns: []string{"person_id", "briefed", "debriefed", "prep_hours", "delivery_hours", "feedback"},
		From:   "training_trainers t JOIN training_sessions s ON s.id = t.session_id",
		Person: "t.person_id", Order: "s.session_date, s.title",
		Label:  "Training you co-delivered",
		What:   "Sessions training health and care workers that you helped deliver: whether you were briefed before and debriefed after, your preparation and delivery hours, and your own feedback on the session.",
		Why:    "To support you and pay you for your time, and to show the training's regulators that people with lived experience take part.",
		Source: "You and the coordinator; the session's details from the training provider.",
		Shared: "The training provider and its regulator (such as the HCPC) are told how many co-trainers took part and their hours, never who. Your payment is among your involvement payments.",
		Kept:   keptWhileInvolved + " If you are erased, the session stays and your record of co-delivering it goes.",
		Fields: []Field{{Label: "Session", Expr: "s.title || ', ' || s.session_date"},
			{Label: "Briefed", Expr: yesNoSQL("t.briefed")}, {Label: "Debriefed", Expr: yesNoSQL("t.debriefed")},
			{Label: "Preparation hours", Expr: hundredthsSQL("t.prep_hours")}, {Label: "Delivery hours", Expr: hundredthsSQL("t.delivery_hours")},
			{Label: "Your feedback", Expr: "t.feedback", Redact: true}},
		Erase: EraseRule{How: EraseDelete,
			Reason: "their record of co-delivering goes; the session stays, and a payment for their hours already paid is kept as money is"},
		Involvement: "s.session_date",
	},
	{
		Key: "training_feedback", Noun: "training session whose feedback names them|training sessions whose feedback names them",
		Table: "training_sessions", Columns: []string{"feedback_comments"},
		Where:    "instr(t.feedback_comments, $name) > 0 OR ($preferred != '' AND instr(t.feedback_comments, $preferred) > 0)",
		Order:    "t.session_date, t.title",
		Mentions: []string{"feedback_comments"},
		Label:    "Learners' feedback on training that names you",
		What:     "What learners said about a training session, where it mentions you.",
		Why:      "To improve the training, and to show its regulators what learners said.",
		Source:   "The learners, through the training provider.",
		Shared:   "The training provider and its regulator, in the evidence pack, which names no co-trainer.",
		Kept:     "With the session.",
		Fields:   []Field{{Label: "Session", Expr: "t.title || ', ' || t.session_date"}},
		Erase: EraseRule{How: EraseMentions,
			Reason: "the feedback stays, with their name replaced by “" + FormerMember + "”"},
	},
	{
		Key: "access_requests", Noun: "request about their data|requests about their data", Table: "access_requests", Columns: []string{"person_id", "notes"},
		Person: "t.person_id", Order: "t.received",
		Label:  "Your requests about your data",
		What:   "Requests you made to see your data or to be forgotten, and how they were answered.",
		Why:    "To answer them within the time the law allows, and to show that we did.",
		Source: "You.",
		Shared: "No one outside the partnership, unless the Information Commissioner asks.",
		Kept:   "Two years after the request was answered; if you are erased, kept with no name or link, to show it was answered in time.",
		Fields: []Field{{Label: "Request", Expr: "'number ' || t.number || ', ' || CASE t.kind WHEN 'access' THEN 'to see your data' ELSE 'to be forgotten' END"},
			{Label: "Received", Expr: "t.received"}, {Label: "Answered", Expr: "trim(t.outcome || ' ' || t.closed)"},
			{Label: "Notes", Expr: "t.notes", Redact: true}},
		Erase: EraseRule{How: EraseKeep, Set: "person_id = NULL, notes = '', updated_at = $now, version = version + 1",
			Reason: "the partnership must be able to show each request was answered in time: its dates stay, with no name, link or notes"},
		Involvement: "t.received",
	},
	{
		Key: "retention_reviews", Noun: "retention review|retention reviews", Table: "retention_reviews", Columns: []string{"person_id", "reason"},
		Person: "t.person_id", Order: "t.reviewed_on",
		Label:  "Reviews of whether we still need your details",
		What:   "When your details were last reviewed after a long time without involvement, why they were kept, and when they are next reviewed.",
		Why:    "To keep your details no longer than needed.",
		Source: "The coordinator.", Shared: "No one.", Kept: "As long as your details.",
		Fields: []Field{{Label: "Reviewed", Expr: "t.reviewed_on"}, {Label: "Kept because", Expr: "t.reason", Redact: true},
			{Label: "Next review", Expr: "t.next_review"}},
		Erase: EraseRule{How: EraseDelete, Reason: "about them, and needed only while their details are kept"},
	},
	{
		// The audit trail (involve serve's team): a row for each change to
		// a record, with the id of the person it was about. Erasure keeps
		// the rows and makes their id one opaque value (forgetInAudit,
		// which eraseTx runs after every other entry, so that the
		// erasure's own deletions are covered too).
		Key: "audit", Noun: "change to their records in the audit trail|changes to their records in the audit trail",
		Table: "audit", Columns: []string{"person_id", "record_id", "who"},
		From:   "(SELECT seq AS id, * FROM audit) t",
		Where:  "t.person_id = $id OR t.record_id = $id",
		Order:  "t.seq",
		Label:  "Changes made to your records",
		What:   "When a record about you was added, changed or deleted, which kind of record it was, and the member of staff who did it (by the name they sign in with) and their role. Never what the record said.",
		Why:    "To show who changed what and when: the partnership must be able to check that your data is looked after and used only by those who may.",
		Source: "Written by involve as the team works.",
		Shared: "No one outside the partnership; the coordinator reads it.",
		Kept:   "As long as the database. If you are erased it stays, with your id in it replaced by a value that says nothing of who you were.",
		Fields: []Field{{Label: "When", Expr: "substr(t.at, 1, 10)"}, {Label: "Record", Expr: "replace(t.kind, '_', ' ')"},
			{Label: "Change", Expr: "CASE t.action WHEN 'insert' THEN 'added' WHEN 'update' THEN 'changed' ELSE 'deleted' END"},
			{Label: "By (role)", Expr: "t.role"}},
		Erase: EraseRule{How: EraseKeep,
			Reason: "the trail of who on the team changed what and when stays, with their id in it replaced by a value that says nothing of who they were"},
	},
	{
		// The team: members of staff who sign in to involve serve (Staff).
		Key: "team_users", Noun: "member of the team|members of the team", Table: "users", Columns: []string{"name"},
		Staff: true, Where: "0",
		Label:  "Members of the team (staff)",
		What:   "The names and roles of the partnership's staff and volunteers who sign in to involve over SSH. These are staff records, not records about the people the partnership works with.",
		Why:    "So that only the team signs in, each to what their role needs.",
		Source: "The coordinator.", Shared: "No one.",
		Kept:   "While they are in the team; removed with involve users remove.",
		Fields: []Field{{Label: "Name", Expr: "t.name"}, {Label: "Role", Expr: "t.role"}},
		Erase: EraseRule{How: EraseDelete,
			Reason: "staff, not someone in People: a member of the team is removed with involve users remove"},
	},
	{
		Key: "team_keys", Noun: "team member's key|team members' keys", Table: "user_keys", Columns: []string{"user_id", "comment"},
		Staff: true, Where: "0",
		Label:  "Team members' sign-in keys (staff)",
		What:   "The SSH public keys staff and volunteers of the team sign in with, and the comment given with each (often the member's name or computer). Staff records, not records about the people the partnership works with.",
		Why:    "To know who is signing in.",
		Source: "The member of the team, through the coordinator.", Shared: "No one.",
		Kept:   "While the key is in use; removed with involve users key remove, or with the member.",
		Fields: []Field{{Label: "Key", Expr: "t.fingerprint"}, {Label: "Comment", Expr: "t.comment"}},
		Erase: EraseRule{How: EraseDelete,
			Reason: "staff, not someone in People: a member's keys go with them (involve users remove)"},
	},
	{
		Key: "people", Noun: "record of their details|records of their details", Table: "people",
		Columns: []string{"name", "preferred_name", "role", "phone", "email", "contact_by", "consent", "consent_date", "consent_review", "notes"},
		Person:  "t.id",
		Label:   "Your details",
		What:    "Your name and the name you prefer, your part in the partnership (service user, carer…), your phone and email, how you prefer to be contacted and whether you agreed to be, and the coordinator's notes about you.",
		Why:     "To involve you: to invite you, keep in touch as you prefer, and support you to take part.",
		Source:  "You, recorded by the coordinator.",
		Shared:  "No one outside the partnership. Your first name is given to transport firms for journeys booked for you (see Transport booked for you).",
		Kept:    keptWhileInvolved,
		Fields: []Field{{Label: "Name", Expr: "t.name"}, {Label: "Preferred name", Expr: "t.preferred_name"},
			{Label: "Role", Expr: roleLabelSQL("t.role")}, {Label: "Phone", Expr: "t.phone"}, {Label: "Email", Expr: "t.email"},
			{Label: "Prefers contact by", Expr: "replace(t.contact_by, '_', ' ')"},
			{Label: "Agreed to be contacted", Expr: "CASE WHEN t.consent = 1 THEN 'yes, on ' || t.consent_date ELSE 'no' END"},
			{Label: "Consent to be reviewed by", Expr: "t.consent_review"},
			{Label: "Notes about you", Expr: "t.notes", Redact: true},
			{Label: "First recorded", Expr: "substr(t.created_at, 1, 10)"}},
		Erase: EraseRule{How: EraseDelete, Reason: "their details go for good"},
		// The index people_involved (migration 0014_first_frame) is on this expression.
		Involvement: "max(substr(t.created_at, 1, 10), t.consent_date)",
	},
}

// notPersonColumns are columns the registry test's name rule picks out
// that do not refer to a person in this database, with why.
var notPersonColumns = map[string]string{
	"erasures.subject":              "a salted hash of an erased person's id: it names no one and matches only a copy of the data that still holds them",
	"erasures.erased_by":            "the coordinator who erased someone, not the person erased",
	"retention_reviews.reviewed_by": "the coordinator who reviewed, not the person reviewed",
	"consultation_points.raised_by": "how many people raised a point (a number): points are anonymous; a quote's speaker is entry quotes",
	"actions.contact_id":            "the logged contact a commitment belongs to, not a person: who is to do it is its owner (entry actions)",
	"contact_forums.contact_id":     "which forums a logged contact was with, not a person: the contact's officer is entry contacts",
	"meetings.former_officers":      "how many senior officers since erased came to the meeting (a number): it names no one",
	"meetings.officers":             "how many senior officers came to the meeting (a number, kept from its register by triggers): it names no one",
}

// SQL for the export's plain-English values.

func yesNoSQL(col string) string { return "CASE " + col + " WHEN 1 THEN 'yes' ELSE 'no' END" }

func caseSQL(col string, pairs ...string) string {
	var b strings.Builder
	b.WriteString("CASE " + col)
	for i := 0; i+1 < len(pairs); i += 2 {
		fmt.Fprintf(&b, " WHEN '%s' THEN '%s'", pairs[i], strings.ReplaceAll(pairs[i+1], "'", "''"))
	}
	b.WriteString(" ELSE " + col + " END")
	return b.String()
}

// labelSQL is the SQL turning col, holding one of vals, into its label.
func labelSQL[T ~string](col string, vals []T, label func(T) string) string {
	var pairs []string
	for _, v := range vals {
		pairs = append(pairs, string(v), label(v))
	}
	return caseSQL(col, pairs...)
}

func attendanceLabelSQL(col string) string {
	return labelSQL(col, AttendanceStatuses, Attendance.Label)
}

func roleLabelSQL(col string) string { return labelSQL(col, Roles, Role.Label) }

// equalitySQL is an equality monitoring answer in words (AnswerLabel),
// with the person's own words for an "any other" answer (writeIn, the
// column holding them, or "").
func equalitySQL(col string, answers []EqualityChoice, writeIn string) string {
	pairs := []string{"", AnswerLabel(answers, ""), PreferNotToSay, AnswerLabel(answers, PreferNotToSay)}
	for _, a := range answers {
		pairs = append(pairs, a.Code, AnswerLabel(answers, a.Code))
	}
	out := caseSQL(col, pairs...)
	if writeIn != "" {
		out = "(" + out + " || CASE WHEN " + writeIn + " != '' THEN ': ' || " + writeIn + " ELSE '' END)"
	}
	return out
}

// hundredthsSQL writes hours kept in hundredths as hours (1.50).
func hundredthsSQL(col string) string {
	return "printf('%d.%02d', " + col + " / 100, " + col + " % 100)"
}

func transportLabelSQL(col string) string {
	return caseSQL(col, "own", "your own way", "fare", "bus or train (fare paid)", "taxi", "taxi",
		"lift", "a lift", "community", "community transport")
}

func answerSQL(col string) string {
	return caseSQL(col, "yes", "yes", "maybe", "if need be", "no", "no")
}

func weekdaySQL(col string) string {
	return "CASE " + col + " WHEN 1 THEN 'Monday' WHEN 2 THEN 'Tuesday' WHEN 3 THEN 'Wednesday' WHEN 4 THEN 'Thursday'" +
		" WHEN 5 THEN 'Friday' WHEN 6 THEN 'Saturday' ELSE 'Sunday' END"
}

func clockSQL(col string) string {
	return "printf('%02d:%02d', " + col + " / 60, " + col + " % 60)"
}

const storyUsesSQL = "trim(CASE WHEN t.use_forums = 1 THEN 'read at forums; ' ELSE '' END || " +
	"CASE WHEN t.use_print = 1 THEN 'printed; ' ELSE '' END || " +
	"CASE WHEN t.use_training = 1 THEN 'training; ' ELSE '' END || " +
	"CASE WHEN t.use_online = 1 THEN 'online; ' ELSE '' END, '; ')"
