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
	"May":      CapAnyone,
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
	"FindPerson":      CapPeople,
	// A person's involvement history (meetings, training they
	// co-delivered, contacts as a senior officer, consultations).
	"PersonInvolvement": CapPeople,
	// Forgetting someone: what it would do, doing it, and the erasure log
	// (which holds no personal data, but is the people's details' own).
	"ErasurePlan": CapPeople,
	"Erase":       CapPeople,
	"Erasures":    CapPeople,
	// Consent to be contacted: who may be contacted, whose consent
	// expired (their contact details are people's details).
	"ContactList":    CapPeople,
	"ConsentExpired": CapPeople,

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
	// Calendar files hold a meeting's forum and venue only: what the list
	// of meetings shows. A door volunteer may have today's.
	"CalendarMeetings":    CapMeetings,
	"CalendarMeetingByID": CapMeetings,

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
	// Involvement payments' totals over a period, as the ledger counts
	// them (the annual report's, and finance's own).
	"PaymentTotals": CapMoney,

	// Stories: reading (what may be shown), and managing the library.
	// Stories, SearchStories and StorySuggestions need CapStories as well
	// when asked for more than what may be read.
	"Stories":            CapStoriesRead,
	"StoryThemes":        CapStoriesRead,
	"StoryFor":           CapStoriesRead,
	"ReadingPosition":    CapStoriesRead,
	"SetReadingPosition": CapStoriesRead,
	"SupportMessage":     CapStoriesRead,
	"RenderedStory":      CapStoriesRead,
	"SaveRenderedStory":  CapStoriesRead,
	// Reading mode notes the day a story was read to a forum (nothing
	// about who read or listened): a reader's reading is counted too.
	"NoteStoryRead":       CapStoriesRead,
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
	"StoryReadings":       CapStories,

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

	// Consultations: the loop, points raised (a quote names its speaker),
	// responses, feedback, the board, and the consultations' settings.
	"Consultations":           CapConsultations,
	"Consultation":            CapConsultations,
	"ConsultationByPrefix":    CapConsultations,
	"SaveConsultation":        CapConsultations,
	"ConsultationImpact":      CapConsultations,
	"DeleteConsultation":      CapConsultations,
	"MoveConsultation":        CapConsultations,
	"SeniorOfficers":          CapConsultations,
	"Point":                   CapConsultations,
	"SavePoint":               CapConsultations,
	"DeletePoint":             CapConsultations,
	"SaveResponse":            CapConsultations,
	"DeleteResponse":          CapConsultations,
	"SaveFeedback":            CapConsultations,
	"DeleteFeedback":          CapConsultations,
	"PersonConsultations":     CapConsultations,
	"UpdateMattersArising":    CapConsultations,
	"Board":                   CapConsultations,
	"ConsultationSettings":    CapConsultations,
	"SetConsultationSettings": CapConsultations,
	"ConsultationDashboard":   CapConsultations,
	"OpenConsultationsFor":    CapConsultations,

	// Equality monitoring: a person's answers, and reach (counts of them
	// through disclosure control) beside reference populations.
	"EqualityAnswers":        CapEquality,
	"EqualityRecorded":       CapEquality,
	"SaveEqualityAnswers":    CapEquality,
	"DeleteEqualityAnswers":  CapEquality,
	"Reach":                  CapEquality,
	"ReachForums":            CapEquality,
	"DisclosureRule":         CapEquality,
	"SetDisclosureThreshold": CapEquality,
	"References":             CapEquality,
	"Reference":              CapEquality,
	"ReferenceNamed":         CapEquality,
	"SaveReference":          CapEquality,
	"DeleteReference":        CapEquality,

	// Senior officers' contacts with the forums: logged contacts and
	// attendance at meetings, the officers' commitments (actions of a
	// contact), and each forum's gap against the target.
	"Contacts":                CapInfluence,
	"Contact":                 CapInfluence,
	"SaveContact":             CapInfluence,
	"ContactImpact":           CapInfluence,
	"DeleteContact":           CapInfluence,
	"ContactActions":          CapInfluence,
	"OfficerContacts":         CapInfluence,
	"ForumOfficerContact":     CapInfluence,
	"OfficerContactTarget":    CapInfluence,
	"SetOfficerContactTarget": CapInfluence,

	// Training health and care workers: sessions, co-trainers (people
	// with lived experience: their briefing, hours and own feedback), the
	// stories used and the evidence pack. A co-trainer's payment is made
	// ready from their record here (TrainingPayment reads it), then saved
	// and paid through Money like any payment.
	"TrainingSessions":      CapTraining,
	"TrainingSession":       CapTraining,
	"SaveTrainingSession":   CapTraining,
	"TrainingImpact":        CapTraining,
	"DeleteTrainingSession": CapTraining,
	"Programmes":            CapTraining,
	"Trainers":              CapTraining,
	"Trainer":               CapTraining,
	"SaveTrainer":           CapTraining,
	"RemoveTrainer":         CapTraining,
	"TrainingPayment":       CapTraining,
	"TrainingStories":       CapTraining,
	"AddTrainingStory":      CapTraining,
	"RemoveTrainingStory":   CapTraining,
	"TrainingEvidence":      CapTraining,

	// The annual report: every section's counts together.
	"AnnualReport": CapReport,

	// People's rights: requests about their data and their due dates,
	// the subject-access export, the retention review, and the
	// dashboard's count of what is due.
	"Requests":               CapRights,
	"Request":                CapRights,
	"SaveRequest":            CapRights,
	"DeleteRequest":          CapRights,
	"RequestsDueWithin":      CapRights,
	"SubjectAccess":          CapRights,
	"WriteSubjectAccessFile": CapRights,
	"RetentionYears":         CapRights,
	"SetRetentionYears":      CapRights,
	"RetentionDue":           CapRights,
	"KeepOnReview":           CapRights,
	"RightsDue":              CapRights,

	// The database itself.
	"Backup":         CapAdmin,
	"BackupKeep":     CapAdmin,
	"SetBackupKeep":  CapAdmin,
	"LastBackup":     CapAdmin,
	"BackupOffer":    CapAdmin,
	"SetBackupOffer": CapAdmin,
	"BackupDue":      CapAdmin,
	"DeclineBackup":  CapAdmin,
	"Check":          CapAdmin,
	"ExportJSON":     CapAdmin,
	"SetSetting":     CapAdmin,
	"Setting":        CapAdmin,
}
