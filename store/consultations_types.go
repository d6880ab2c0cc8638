package store

import (
	"fmt"
	"strings"
	"time"

	"github.com/involve/involve/civil"
)

// Consultations: a question put to forums by a commissioner or service,
// the points the forums raise ("you said"), the response to each ("we
// did"), and the feedback that tells people what came of it. This file
// holds the types and their labels; consultations.go the records,
// consultations_loop.go the loop's rules, consultations_agenda.go the
// "Matters arising" section of the next agendas and consultations_board.go
// the "you said, we did" board.

// LoopStatus is where a consultation is in the feedback loop.
type LoopStatus string

// The loop statuses, in the order a consultation moves through them.
const (
	LoopOpen              LoopStatus = "open"
	LoopClosedToResponses LoopStatus = "closed_to_responses"
	LoopAwaitingDecision  LoopStatus = "awaiting_decision"
	LoopFedBack           LoopStatus = "fed_back"
	LoopClosed            LoopStatus = "closed"
)

// LoopStatuses lists the statuses in order.
var LoopStatuses = []LoopStatus{LoopOpen, LoopClosedToResponses, LoopAwaitingDecision, LoopFedBack, LoopClosed}

// Label is the status in plain English.
func (s LoopStatus) Label() string {
	switch s {
	case LoopOpen:
		return "Open"
	case LoopClosedToResponses:
		return "Closed to responses"
	case LoopAwaitingDecision:
		return "Awaiting decision"
	case LoopFedBack:
		return "Fed back"
	case LoopClosed:
		return "Closed"
	}
	return string(s)
}

func (s LoopStatus) index() int {
	for i, x := range LoopStatuses {
		if x == s {
			return i
		}
	}
	return -1
}

// Next is the status after s, if there is one.
func (s LoopStatus) Next() (LoopStatus, bool) {
	i := s.index()
	if i < 0 || i+1 >= len(LoopStatuses) {
		return "", false
	}
	return LoopStatuses[i+1], true
}

// Prev is the status before s, if there is one.
func (s LoopStatus) Prev() (LoopStatus, bool) {
	i := s.index()
	if i <= 0 {
		return "", false
	}
	return LoopStatuses[i-1], true
}

// Live says whether the loop is still running: not yet fed back.
func (s LoopStatus) Live() bool {
	return s == LoopOpen || s == LoopClosedToResponses || s == LoopAwaitingDecision
}

// ParseLoopStatus accepts a status's code or label in any case.
func ParseLoopStatus(v string) (LoopStatus, error) {
	k := codeOf(v)
	for _, s := range LoopStatuses {
		if k == string(s) || k == codeOf(s.Label()) {
			return s, nil
		}
	}
	return "", fmt.Errorf("unknown status %q (use one of: %s)", v, codes(LoopStatuses))
}

// codeOf writes a label as a code: "Closed to responses" → closed_to_responses.
func codeOf(s string) string {
	return strings.NewReplacer(" ", "_", "-", "_").Replace(strings.ToLower(strings.TrimSpace(s)))
}

func codes[T ~string](list []T) string {
	out := make([]string, len(list))
	for i, x := range list {
		out[i] = string(x)
	}
	return strings.Join(out, ", ")
}

// Channel is a way a consultation gathers views.
type Channel string

// The channels.
const (
	ChannelForum      Channel = "forum"
	ChannelSurvey     Channel = "survey"
	ChannelFocusGroup Channel = "focus_group"
	ChannelOneToOne   Channel = "one_to_one"
)

// Channels lists the channels in the order forms offer them.
var Channels = []Channel{ChannelForum, ChannelSurvey, ChannelFocusGroup, ChannelOneToOne}

// Label is the channel in plain English.
func (c Channel) Label() string {
	switch c {
	case ChannelForum:
		return "Forum discussion"
	case ChannelSurvey:
		return "Survey"
	case ChannelFocusGroup:
		return "Focus group"
	case ChannelOneToOne:
		return "One-to-one"
	}
	return string(c)
}

// Ladder is a ladder of participation: how much say people have.
type Ladder string

// The ladders a setting may pick.
const (
	// LadderTLAP is Think Local Act Personal's ladder of co-production.
	LadderTLAP Ladder = "tlap"
	// LadderArnstein is Sherry Arnstein's ladder of citizen participation
	// (1969), eight rungs.
	LadderArnstein Ladder = "arnstein"
)

// Ladders lists the ladders.
var Ladders = []Ladder{LadderTLAP, LadderArnstein}

// Label names the ladder.
func (l Ladder) Label() string {
	switch l {
	case LadderTLAP:
		return "TLAP ladder of co-production"
	case LadderArnstein:
		return "Arnstein's ladder of participation"
	}
	return string(l)
}

// ParseLadder accepts "tlap" or "arnstein" in any case.
func ParseLadder(v string) (Ladder, error) {
	k := codeOf(v)
	for _, l := range Ladders {
		if k == string(l) {
			return l, nil
		}
	}
	return "", fmt.Errorf("unknown ladder %q (use tlap or arnstein)", v)
}

// Rung is a step of a ladder.
type Rung string

// rungs are each ladder's steps, lowest first, with their names.
var rungs = map[Ladder][]struct {
	code  Rung
	label string
}{
	LadderTLAP: {
		{"coercion", "Coercion"}, {"educating", "Educating"}, {"informing", "Informing"},
		{"consultation", "Consultation"}, {"engagement", "Engagement"}, {"co_design", "Co-design"},
		{"co_production", "Co-production"},
	},
	LadderArnstein: {
		{"manipulation", "Manipulation"}, {"therapy", "Therapy"}, {"informing", "Informing"},
		{"consultation", "Consultation"}, {"placation", "Placation"}, {"partnership", "Partnership"},
		{"delegated_power", "Delegated power"}, {"citizen_control", "Citizen control"},
	},
}

// Rungs lists the ladder's steps, lowest first.
func (l Ladder) Rungs() []Rung {
	out := make([]Rung, len(rungs[l]))
	for i, r := range rungs[l] {
		out[i] = r.code
	}
	return out
}

// RungLabel names a step of the ladder ("" is "Not said").
func (l Ladder) RungLabel(r Rung) string {
	if r == "" {
		return "Not said"
	}
	for _, x := range rungs[l] {
		if x.code == r {
			return x.label
		}
	}
	return string(r)
}

// Step is a rung's place on the ladder, from 1 at the bottom (0 for none
// or a rung not on it).
func (l Ladder) Step(r Rung) int {
	for i, x := range rungs[l] {
		if x.code == r {
			return i + 1
		}
	}
	return 0
}

// Outcome is what was done about a point.
type Outcome string

// The outcomes.
const (
	OutcomeDone    Outcome = "done"
	OutcomePartly  Outcome = "partly"
	OutcomeNotDone Outcome = "not_done"
)

// Outcomes lists the outcomes in the order forms offer them.
var Outcomes = []Outcome{OutcomeDone, OutcomePartly, OutcomeNotDone}

// Label is the outcome in plain English.
func (o Outcome) Label() string {
	switch o {
	case OutcomeDone:
		return "Done"
	case OutcomePartly:
		return "Partly done"
	case OutcomeNotDone:
		return "Not done"
	}
	return string(o)
}

// Stage is the part of a service's life a decision changed, so the annual
// report can count the decisions people influenced.
type Stage string

// The stages.
const (
	StageNone          Stage = ""
	StagePlanning      Stage = "planning"
	StageDevelopment   Stage = "development"
	StageDelivery      Stage = "delivery"
	StageCommissioning Stage = "commissioning"
	StageRecruitment   Stage = "recruitment"
	StageEvaluation    Stage = "evaluation"
)

// Stages lists the stages in the order forms offer them (none first).
var Stages = []Stage{StageNone, StagePlanning, StageDevelopment, StageDelivery, StageCommissioning, StageRecruitment, StageEvaluation}

// Label is the stage in plain English.
func (s Stage) Label() string {
	if s == StageNone {
		return "None"
	}
	return strings.ToUpper(string(s[:1])) + string(s[1:])
}

// FeedbackKind is which feedback an event gave.
type FeedbackKind string

// The kinds of feedback.
const (
	FeedbackInitial FeedbackKind = "initial" // thanks, and what happens next
	FeedbackInterim FeedbackKind = "interim"
	FeedbackFull    FeedbackKind = "full"
)

// FeedbackKinds lists the kinds in order.
var FeedbackKinds = []FeedbackKind{FeedbackInitial, FeedbackInterim, FeedbackFull}

// Label is the kind in plain English.
func (k FeedbackKind) Label() string {
	switch k {
	case FeedbackInitial:
		return "Initial (thanks and what happens next)"
	case FeedbackInterim:
		return "Interim"
	case FeedbackFull:
		return "Full"
	}
	return string(k)
}

// Short is the kind in one word.
func (k FeedbackKind) Short() string {
	switch k {
	case FeedbackInitial:
		return "Initial"
	case FeedbackInterim:
		return "Interim"
	case FeedbackFull:
		return "Full"
	}
	return string(k)
}

// FeedbackChannel is how feedback was given.
type FeedbackChannel string

// The feedback channels.
const (
	FeedbackAtMeeting   FeedbackChannel = "meeting"
	FeedbackLetter      FeedbackChannel = "letter"
	FeedbackEmail       FeedbackChannel = "email"
	FeedbackNewsletter  FeedbackChannel = "newsletter"
	FeedbackNoticeboard FeedbackChannel = "noticeboard"
	FeedbackOneToOne    FeedbackChannel = "one_to_one"
	FeedbackWebsite     FeedbackChannel = "website"
	FeedbackOther       FeedbackChannel = "other"
)

// FeedbackChannels lists the channels in the order forms offer them.
var FeedbackChannels = []FeedbackChannel{FeedbackAtMeeting, FeedbackLetter, FeedbackEmail, FeedbackNewsletter,
	FeedbackNoticeboard, FeedbackOneToOne, FeedbackWebsite, FeedbackOther}

// Label is the channel in plain English.
func (c FeedbackChannel) Label() string {
	switch c {
	case FeedbackAtMeeting:
		return "At a forum meeting"
	case FeedbackLetter:
		return "Letter"
	case FeedbackEmail:
		return "Email"
	case FeedbackNewsletter:
		return "Newsletter"
	case FeedbackNoticeboard:
		return "Noticeboard poster"
	case FeedbackOneToOne:
		return "One-to-one"
	case FeedbackWebsite:
		return "Website"
	case FeedbackOther:
		return "Other"
	}
	return string(c)
}

// Consultation is a question put to one or more forums.
type Consultation struct {
	Meta
	Title        string `json:"title"`
	Organisation string `json:"organisation"` // who is asking
	// OfficerID is the senior officer asking (a person with the role
	// senior officer), or "". OfficerName is their name as it is now
	// (loaded, not stored here).
	OfficerID   string     `json:"officer_id"`
	OfficerName string     `json:"officer_name,omitempty"`
	Decider     string     `json:"decider"`  // who decides
	Question    string     `json:"question"` // word for word
	Options     string     `json:"options"`
	Papers      string     `json:"papers"` // markdown
	Fixed       string     `json:"cannot_change"`
	Opens       civil.Date `json:"opens"`
	Deadline    civil.Date `json:"deadline"`
	Channels    []Channel  `json:"channels"`
	Ladder      Ladder     `json:"ladder"`
	Promised    Rung       `json:"promised"`
	Achieved    Rung       `json:"achieved"`
	Status      LoopStatus `json:"status"`
	// ForumIDs are the forums asked; Forums their names, in the same order
	// (loaded).
	ForumIDs []string `json:"forum_ids"`
	Forums   []string `json:"forums,omitempty"`
}

// HasChannel says whether the consultation uses a channel.
func (c Consultation) HasChannel(ch Channel) bool {
	for _, x := range c.Channels {
		if x == ch {
			return true
		}
	}
	return false
}

// Point is a point raised ("you said"). It is anonymous: the only person
// named is the speaker of a quote, and only with their consent.
type Point struct {
	Meta
	ConsultationID string `json:"consultation_id"`
	// MeetingID is the meeting where it was raised (its minutes hold the
	// discussion), or "" (a survey, a one-to-one).
	MeetingID string     `json:"meeting_id"`
	RaisedOn  civil.Date `json:"raised_on"`
	Text      string     `json:"text"`
	RaisedBy  int        `json:"raised_by"` // how many people raised it
	// Quote is someone's own words, kept only with their consent:
	// SpeakerID is who said it, QuoteConsent when they agreed and
	// QuoteConsentHow how (written or verbal).
	Quote           string     `json:"quote"`
	SpeakerID       string     `json:"speaker_id"`
	QuoteConsent    civil.Date `json:"quote_consent"`
	QuoteConsentHow string     `json:"quote_consent_how"`

	// Loaded with the point, not stored in it.
	SpeakerName  string    `json:"speaker_name,omitempty"`
	MeetingForum string    `json:"meeting_forum,omitempty"`
	MeetingStart time.Time `json:"meeting_starts_at,omitzero"`
	Response     *Response `json:"response"`
}

// Response is what was done about a point ("we did"), and why.
type Response struct {
	Meta
	PointID     string     `json:"point_id"`
	Outcome     Outcome    `json:"outcome"`
	Reason      string     `json:"reason"` // "because …"
	DecidedBy   string     `json:"decided_by"`
	DecidedOn   civil.Date `json:"decided_on"`
	Stage       Stage      `json:"stage"`        // the stage it changed
	ImpactCheck civil.Date `json:"impact_check"` // when to check the change happened
}

// FeedbackEvent is one time people were told what came of a consultation.
type FeedbackEvent struct {
	Meta
	ConsultationID string          `json:"consultation_id"`
	Kind           FeedbackKind    `json:"kind"`
	On             civil.Date      `json:"given_on"`
	Channel        FeedbackChannel `json:"channel"`
	Note           string          `json:"note"`
}

// ConsultationDetail is a consultation with its points (each with its
// response) and its feedback events.
type ConsultationDetail struct {
	Consultation
	Points   []Point         `json:"points"`
	Feedback []FeedbackEvent `json:"feedback"`
}

// Awaiting counts the points with no response yet.
func (d ConsultationDetail) Awaiting() int {
	n := 0
	for _, p := range d.Points {
		if p.Response == nil {
			n++
		}
	}
	return n
}

// ConsultationSummary is a consultation as lists show it.
type ConsultationSummary struct {
	ID, Title, Organisation, Decider string
	Status                           LoopStatus
	Opens, Deadline                  civil.Date
	Forums                           []string
	Points                           int // points raised
	Awaiting                         int // points with no response yet
	Version                          int64
	// FeedbackDue is when full feedback is due (the deadline plus the
	// weeks the setting allows); Overdue says it has passed with the loop
	// not yet fed back.
	FeedbackDue civil.Date
	Overdue     bool
}
