package store

// methodCapability is the one table of what each exported method of Store
// needs. Every exported method starts with s.allow(ctx, "Name"), which
// looks its name up here; team_test.go fails when a method is missing
// from the table, when the table names a method that is not there, and
// when a method does not start with that check. A role's capabilities are
// in roleGrants (team.go).
var methodCapability = map[string]Capability{
	// The store itself.
	"Path":     CapAnyone,
	"Close":    CapAnyone,
	"SetClock": CapAnyone,
	"Actor":    CapAnyone,
	"Changes":  CapAnyone,
	"As":       CapTeam,

	// People.
	"People":          CapPeopleNames,
	"Person":          CapPeople,
	"PersonForums":    CapPeople,
	"SavePerson":      CapPeople,
	"PersonImpact":    CapPeople,
	"DeletePerson":    CapPeople,
	"ImportPeopleCSV": CapPeople,

	// Access needs and availability.
	"AccessNeeds":         CapAccess,
	"SaveAccessNeeds":     CapAccess,
	"Availability":        CapAccess,
	"SetAvailability":     CapAccess,
	"ReplaceAvailability": CapAccess,
	"AddException":        CapAccess,
	"UpdateException":     CapAccess,
	"DeleteException":     CapAccess,
	"Exceptions":          CapAccess,
	"SuggestSlots":        CapAccess,

	// Forums, meetings' planning, agendas, minutes and actions.
	"Forums":           CapMeetings,
	"ForumByName":      CapMeetings,
	"ForumSuggestions": CapMeetings,
	"Forum":            CapForums,
	"SaveForum":        CapForums,
	"ForumImpact":      CapForums,
	"DeleteForum":      CapForums,
	"ForumMembers":     CapForums,
	"SetMember":        CapForums,
	"MeetingActions":   CapForums,
	"DueActions":       CapForums,
	"SaveAction":       CapForums,
	"DeleteAction":     CapForums,
	"Dashboard":        CapForums,
	"SaveMeeting":      CapForums,
	"NewMeetingTimes":  CapForums,
	"MeetingImpact":    CapForums,
	"DeleteMeeting":    CapForums,

	// Meetings as lists show them (no agendas or minutes).
	"Meetings":           CapMeetings,
	"ForumMeetings":      CapMeetings,
	"PersonMeetings":     CapMeetings,
	"UpcomingMeetings":   CapMeetings,
	"Meeting":            CapMeetings,
	"MeetingSuggestions": CapMeetings,
	"MeetingByPrefix":    CapMeetings,

	// Registers.
	"TodaysMeetings": CapRegister,
	"Register":       CapRegister,
	"SetAttendance":  CapRegister,
	"AddToRegister":  CapRegister,

	// Transport.
	"TransportSettings":     CapTransport,
	"SaveTransportSettings": CapTransport,
	"Bookings":              CapTransport,
	"SaveBooking":           CapTransport,
	"SetBookingStatus":      CapTransport,
	"SetTravelled":          CapTransport,
	"RunSheet":              CapTransport,
	"RebuildPlan":           CapTransport,

	// Money.
	"Claims":           CapMoney,
	"Claim":            CapMoney,
	"RecordClaim":      CapMoney,
	"SaveClaim":        CapMoney,
	"ApproveClaim":     CapMoney,
	"RejectClaim":      CapMoney,
	"ReopenClaim":      CapMoney,
	"PayClaim":         CapMoney,
	"DeleteClaim":      CapMoney,
	"Payments":         CapMoney,
	"Payment":          CapMoney,
	"RecordPayment":    CapMoney,
	"SavePayment":      CapMoney,
	"SetPaymentChoice": CapMoney,
	"PreparePayment":   CapMoney,
	"ApprovePayment":   CapMoney,
	"RejectPayment":    CapMoney,
	"ReopenPayment":    CapMoney,
	"PayPayment":       CapMoney,
	"DeletePayment":    CapMoney,
	"Ledger":           CapMoney,
	"CheckPayment":     CapMoney,
	"CheckPayPayment":  CapMoney,
	"Standings":        CapMoney,
	"PettyCash":        CapMoney,
	"SetFloat":         CapMoney,
	"CountCash":        CapMoney,
	"ReconcileCash":    CapMoney,
	"ReopenCash":       CapMoney,
	"MeetingMoney":     CapMoney,
	"Rates":            CapMoney,
	"RateOn":           CapMoney,
	"SetRate":          CapMoney,
	"DeleteRate":       CapMoney,
	"Thresholds":       CapMoney,
	"ThresholdOn":      CapMoney,
	"SetThreshold":     CapMoney,
	"DeleteThreshold":  CapMoney,
	"ExpensesReport":   CapMoney,

	// Stories: reading (what may be shown), and managing the library.
	// Stories, SearchStories and StorySuggestions need CapStories as well
	// when asked for more than what may be read.
	"Stories":             CapStoriesRead,
	"StoryThemes":         CapStoriesRead,
	"StoryFor":            CapStoriesRead,
	"ReadingPosition":     CapStoriesRead,
	"SetReadingPosition":  CapStoriesRead,
	"SupportMessage":      CapStoriesRead,
	"RenderedStory":       CapStoriesRead,
	"SaveRenderedStory":   CapStoriesRead,
	"SearchStories":       CapStoriesRead,
	"StorySuggestions":    CapStoriesRead,
	"Story":               CapStories,
	"SaveStory":           CapStories,
	"WithdrawConsent":     CapStories,
	"DeleteStory":         CapStories,
	"StoryVersions":       CapStories,
	"RestoreStoryVersion": CapStories,
	"ImportStories":       CapStories,
	"ImportStoriesReport": CapStories,
	"ExportStories":       CapStories,

	// The team: who may sign in to involve serve, and with which keys.
	"Users":         CapTeam,
	"AddUser":       CapTeam,
	"AddUserKey":    CapTeam,
	"RemoveUserKey": CapTeam,
	"SetUserRole":   CapTeam,
	"RemoveUser":    CapTeam,
	"UserByKey":     CapTeam,

	// The audit trail.
	"Audit": CapAudit,

	// The database itself.
	"Backup":         CapAdmin,
	"BackupKeep":     CapAdmin,
	"SetBackupKeep":  CapAdmin,
	"LastBackup":     CapAdmin,
	"BackupOffer":    CapAdmin,
	"SetBackupOffer": CapAdmin,
	"BackupDue":      CapAdmin,
	"Check":          CapAdmin,
	"ExportJSON":     CapAdmin,
	"SetSetting":     CapAdmin,
	"Setting":        CapAdmin,
}
