package store

import (
	"fmt"
	"strings"
	"time"

	"github.com/involve/involve/termsafe"
)

// Category is what an expense claim is for.
type Category string

// The expense categories.
const (
	CatFare        Category = "fare"        // bus or train fare
	CatTaxi        Category = "taxi"        // taxi
	CatMileage     Category = "mileage"     // miles driven × the mileage rate
	CatParking     Category = "parking"     // parking
	CatCare        Category = "care"        // childcare or carer cover: hours × the care rate
	CatSubsistence Category = "subsistence" // food and drink
	CatOther       Category = "other"
)

// Categories lists the expense categories in the order forms offer them.
var Categories = []Category{CatFare, CatTaxi, CatMileage, CatParking, CatCare, CatSubsistence, CatOther}

// Label is the category in plain English.
func (c Category) Label() string {
	switch c {
	case CatFare:
		return "Bus or train fare"
	case CatTaxi:
		return "Taxi"
	case CatMileage:
		return "Mileage"
	case CatParking:
		return "Parking"
	case CatCare:
		return "Childcare or carer cover"
	case CatSubsistence:
		return "Subsistence"
	case CatOther:
		return "Other"
	}
	return string(c)
}

// Rated reports whether the amount of a claim in this category is a
// quantity times a dated rate (mileage, care), and which.
func (c Category) Rated() (RateKind, bool) {
	switch c {
	case CatMileage:
		return RateMileage, true
	case CatCare:
		return RateCare, true
	}
	return "", false
}

// ParseCategory accepts a category's code or label in any case.
func ParseCategory(s string) (Category, error) {
	k := strings.ToLower(strings.TrimSpace(s))
	for _, c := range Categories {
		if k == string(c) || k == strings.ToLower(c.Label()) {
			return c, nil
		}
	}
	switch k {
	case "bus", "train", "travel":
		return CatFare, nil
	case "childcare", "carer", "carer cover":
		return CatCare, nil
	case "food":
		return CatSubsistence, nil
	}
	return "", fmt.Errorf("unknown expense category %q (use one of: fare, taxi, mileage, parking, care, subsistence, other)", s)
}

// Status is where a claim or a payment stands: claimed → approved → paid,
// or rejected with a reason.
type Status string

// The statuses of claims and payments.
const (
	StatusClaimed  Status = "claimed"
	StatusApproved Status = "approved"
	StatusPaid     Status = "paid"
	StatusRejected Status = "rejected"
)

// Statuses lists the statuses in their order.
var Statuses = []Status{StatusClaimed, StatusApproved, StatusPaid, StatusRejected}

// Label is the status in plain English.
func (s Status) Label() string {
	switch s {
	case StatusClaimed:
		return "Claimed"
	case StatusApproved:
		return "Approved"
	case StatusPaid:
		return "Paid"
	case StatusRejected:
		return "Rejected"
	}
	return string(s)
}

// ParseStatus accepts a status's code or label in any case.
func ParseStatus(s string) (Status, error) {
	k := strings.ToLower(strings.TrimSpace(s))
	for _, st := range Statuses {
		if k == string(st) {
			return st, nil
		}
	}
	return "", fmt.Errorf("unknown status %q (use one of: claimed, approved, paid, rejected)", s)
}

// CanMove reports whether a claim or payment may go from one status to
// another:
//
//	claimed  → approved, rejected
//	approved → paid, rejected, claimed (approval withdrawn)
//	rejected → claimed (reopened)
//	paid     → nothing: paid is final
//
// PayClaim and PayPayment also pay a claimed record, approving it and
// paying it in one step (the coordinator approves by paying).
func CanMove(from, to Status) bool {
	switch from {
	case StatusClaimed:
		return to == StatusApproved || to == StatusRejected
	case StatusApproved:
		return to == StatusPaid || to == StatusRejected || to == StatusClaimed
	case StatusRejected:
		return to == StatusClaimed
	}
	return false
}

// PaidHow is how a claim or payment was paid.
type PaidHow string

// The ways of paying.
const (
	PaidCash    PaidHow = "cash"    // cash at the meeting, from the petty cash float
	PaidVoucher PaidHow = "voucher" // a voucher: counts as a payment like money
	PaidBank    PaidHow = "bank"    // bank transfer
	PaidPayroll PaidHow = "payroll" // through payroll
)

// PaidHows lists the ways of paying in the order forms offer them.
var PaidHows = []PaidHow{PaidCash, PaidVoucher, PaidBank, PaidPayroll}

// Label is the way of paying in plain English.
func (p PaidHow) Label() string {
	switch p {
	case PaidCash:
		return "Cash at the meeting"
	case PaidVoucher:
		return "Voucher"
	case PaidBank:
		return "Bank transfer"
	case PaidPayroll:
		return "Payroll"
	case "":
		return "—"
	}
	return string(p)
}

// ParsePaidHow accepts a way of paying's code or label in any case.
func ParsePaidHow(s string) (PaidHow, error) {
	k := strings.ToLower(strings.TrimSpace(s))
	for _, p := range PaidHows {
		if k == string(p) || k == strings.ToLower(p.Label()) {
			return p, nil
		}
	}
	if k == "bank transfer" || k == "transfer" {
		return PaidBank, nil
	}
	return "", fmt.Errorf("unknown way of paying %q (use one of: cash, voucher, bank, payroll)", s)
}

// Claim is one expense claimed by a person, for a meeting or for other
// involvement (MeetingID "" and Activity saying what it was).
type Claim struct {
	Meta
	PersonID  string   `json:"person_id"`
	MeetingID string   `json:"meeting_id"` // "" for other involvement
	Activity  string   `json:"activity"`   // what the involvement was, when not a meeting
	Date      string   `json:"date"`       // London date of the expense, YYYY-MM-DD
	Category  Category `json:"category"`
	// Quantity is miles (mileage) or hours (care) in hundredths; 0 otherwise.
	Quantity Hundredths `json:"quantity_hundredths"`
	// Rate is the dated rate the amount was worked out at (mileage, care).
	Rate         Pence   `json:"rate_pence"`
	Amount       Pence   `json:"amount_pence"`
	Description  string  `json:"description"`
	Receipt      bool    `json:"receipt"`
	ReceiptRef   string  `json:"receipt_ref"`
	Status       Status  `json:"status"`
	RejectReason string  `json:"reject_reason"`
	PaidHow      PaidHow `json:"paid_how"`
	PaidOn       string  `json:"paid_on"`
	// FormerMeetingID is the meeting it was for, since deleted (see
	// FormerMeeting); MeetingID is then "".
	FormerMeetingID string `json:"former_meeting_id"`

	// Filled in by the queries that list claims, for display. PersonID ""
	// is someone since erased: PersonName is then FormerMember. ForumName
	// and MeetingStart are those of the meeting, or of the former meeting.
	PersonName    string    `json:"-"`
	PreferredName string    `json:"-"`
	ForumName     string    `json:"-"`
	MeetingStart  time.Time `json:"-"`
}

// What says what the claim was for: the meeting, or the activity.
func (c Claim) What() string { return occasion(c.MeetingID, c.ForumName, c.MeetingStart, c.Activity) }

// occasion is what a claim or payment was for: the forum and date of its
// meeting, or the activity, or a dash.
func occasion(meetingID, forum string, start time.Time, activity string) string {
	if meetingID != "" && forum != "" {
		return forum + ", " + start.In(London).Format("2 Jan 2006")
	}
	if activity != "" {
		return activity
	}
	return "—"
}

func (c *Claim) clean() {
	c.Activity = termsafe.Line(c.Activity)
	c.Date = termsafe.Line(c.Date)
	c.Description = termsafe.Line(c.Description)
	c.ReceiptRef = termsafe.Line(c.ReceiptRef)
	c.RejectReason = termsafe.Line(c.RejectReason)
	c.PaidOn = termsafe.Line(c.PaidOn)
}

// Basis is how an involvement payment is worked out.
type Basis string

// The bases of involvement payments.
const (
	BasisHourly  Basis = "hourly"  // hours × the hourly rate
	BasisMeeting Basis = "meeting" // the rate per meeting
	BasisFixed   Basis = "fixed"   // a fixed fee
)

// Bases lists the bases in the order forms offer them.
var Bases = []Basis{BasisHourly, BasisMeeting, BasisFixed}

// Label is the basis in plain English.
func (b Basis) Label() string {
	switch b {
	case BasisHourly:
		return "Per hour"
	case BasisMeeting:
		return "Per meeting"
	case BasisFixed:
		return "Fixed fee"
	}
	return string(b)
}

// RateKind is the rate a basis is paid at.
func (b Basis) RateKind() RateKind {
	switch b {
	case BasisHourly:
		return RateHourly
	case BasisMeeting:
		return RateMeeting
	}
	return RateFixed
}

// ParseBasis accepts a basis's code or label in any case.
func ParseBasis(s string) (Basis, error) {
	k := strings.ToLower(strings.TrimSpace(s))
	for _, b := range Bases {
		if k == string(b) || k == strings.ToLower(b.Label()) {
			return b, nil
		}
	}
	return "", fmt.Errorf("unknown payment basis %q (use one of: hourly, meeting, fixed)", s)
}

// Choice is what the person chose to do with an involvement payment.
type Choice string

// The choices a person has about a payment.
const (
	ChoiceAccept  Choice = "accept"  // take it in full
	ChoiceReduce  Choice = "reduce"  // take less (Reduced)
	ChoiceDecline Choice = "decline" // take nothing: nothing is paid
	ChoiceDonate  Choice = "donate"  // give it away (paid to a cause, not to them)
)

// Choices lists the choices in the order forms offer them.
var Choices = []Choice{ChoiceAccept, ChoiceReduce, ChoiceDecline, ChoiceDonate}

// Label is the choice in plain English.
func (c Choice) Label() string {
	switch c {
	case ChoiceAccept:
		return "Accepted"
	case ChoiceReduce:
		return "Reduced"
	case ChoiceDecline:
		return "Declined"
	case ChoiceDonate:
		return "Donated"
	}
	return string(c)
}

// ParseChoice accepts a choice's code or label in any case.
func ParseChoice(s string) (Choice, error) {
	k := strings.ToLower(strings.TrimSpace(s))
	for _, c := range Choices {
		if k == string(c) || k == strings.ToLower(c.Label()) {
			return c, nil
		}
	}
	return "", fmt.Errorf("unknown choice %q (use one of: accept, reduce, decline, donate)", s)
}

// Payment is an involvement payment: a person paid for their time, at a
// rate, kept apart from expenses.
type Payment struct {
	Meta
	PersonID  string `json:"person_id"`
	MeetingID string `json:"meeting_id"` // "" for other involvement
	// TrainingID is the training session the payment is for (co-delivering
	// it), or "".
	TrainingID string `json:"training_id"`
	Activity   string `json:"activity"`
	Date       string `json:"date"` // London date of the involvement
	Basis      Basis  `json:"basis"`
	// Hours of involvement, in hundredths (quarters of an hour). Needed for
	// hourly payments; recorded for the others so the hours cap can count them.
	Hours   Hundredths `json:"hours_hundredths"`
	Rate    Pence      `json:"rate_pence"`
	Amount  Pence      `json:"amount_pence"`  // what the rate gives
	Choice  Choice     `json:"choice"`        // the person's choice
	Reduced Pence      `json:"reduced_pence"` // what they take, when they reduce it
	Note    string     `json:"note"`

	Status       Status  `json:"status"`
	RejectReason string  `json:"reject_reason"`
	PaidHow      PaidHow `json:"paid_how"`
	PaidOn       string  `json:"paid_on"`
	// FormerMeetingID is the meeting it was for, since deleted.
	FormerMeetingID string `json:"former_meeting_id"`

	// As for Claim: PersonID "" is a former member.
	PersonName    string    `json:"-"`
	PreferredName string    `json:"-"`
	ForumName     string    `json:"-"`
	MeetingStart  time.Time `json:"-"`
}

// Received is what the person receives: the amount, the reduced amount,
// or nothing when they decline or donate it.
func (p Payment) Received() Pence {
	switch p.Choice {
	case ChoiceReduce:
		return p.Reduced
	case ChoiceDecline, ChoiceDonate:
		return 0
	}
	return p.Amount
}

// PaidOut is what leaves the partnership's hands: what the person receives,
// or the whole amount when they donate it.
func (p Payment) PaidOut() Pence {
	if p.Choice == ChoiceDonate {
		return p.Amount
	}
	return p.Received()
}

// What says what the payment was for: the meeting, or the activity.
func (p Payment) What() string { return occasion(p.MeetingID, p.ForumName, p.MeetingStart, p.Activity) }

func (p *Payment) clean() {
	p.Activity = termsafe.Line(p.Activity)
	p.Date = termsafe.Line(p.Date)
	p.Note = termsafe.Line(p.Note)
	p.RejectReason = termsafe.Line(p.RejectReason)
	p.PaidOn = termsafe.Line(p.PaidOn)
}
