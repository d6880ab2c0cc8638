package store

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
)

// The fictional firms demo journeys are booked with.
var (
	demoTaxiFirms      = []string{"City Cars", "Streamline Taxis", "Ace Private Hire"}
	demoCommunityFirms = []string{"Ring and Ride", "Community Transport North"}
)

// demoTransportMeetings is how many of the next meetings get bookings.
const demoTransportMeetings = 2

// insertDemoTransport books transport for the next couple of planned
// meetings that have someone to pick up, from their run sheets: for the
// very next one, every journey there is booked (some confirmed) and most
// journeys home; for the one after, one run in three is booked and the
// rest are still to book. It draws on a random stream of its own, so the
// rest of the demo is the same with or without it.
func (s *Store) insertDemoTransport(ctx context.Context, tx *sql.Tx, d *demoDB, seed int64) error {
	rng := rand.New(rand.NewPCG(uint64(seed), 0x7472616e73706f72))
	chance := func(p float64) bool { return rng.Float64() < p }
	var next []int
	for i, m := range d.meetings {
		if m.status == MeetingPlanned && m.start.After(d.now) {
			next = append(next, i)
		}
	}
	slices.SortFunc(next, func(a, b int) int {
		if c := d.meetings[a].start.Compare(d.meetings[b].start); c != 0 {
			return c
		}
		return strings.Compare(d.meetings[a].id, d.meetings[b].id)
	})
	booked := 0
	for _, mi := range next {
		if booked == demoTransportMeetings {
			break
		}
		sheet, err := s.runSheet(ctx, tx, d.meetings[mi].id)
		if err != nil {
			return fmt.Errorf("demo run sheet: %w", err)
		}
		if len(sheet.Runs) == 0 {
			continue
		}
		soon := booked == 0
		for _, run := range sheet.Runs {
			firms := demoTaxiFirms
			if run.Mode == TransportCommunity {
				firms = demoCommunityFirms
			}
			firm := firms[rng.IntN(len(firms))]
			there, home := BookingToBook, BookingToBook
			switch {
			case soon:
				there = BookingBooked
				if chance(0.5) {
					there = BookingConfirmed
				}
				if chance(0.7) {
					home = BookingBooked
				}
			case chance(0.34):
				there = BookingBooked
			}
			for _, leg := range Legs {
				status := there
				if leg == LegHome {
					status = home
				}
				ref := ""
				if status != BookingToBook {
					ref = fmt.Sprintf("%s-%05d", demoFirmCode(firm), rng.IntN(100000))
				}
				for _, st := range run.Stops {
					b := Booking{MeetingID: sheet.Meeting.ID, PersonID: st.PersonID, Leg: leg, Status: status,
						Run: run.Number, Pickup: st.Pickup}
					if leg == LegHome {
						b.Pickup = sheet.Meeting.End
					}
					if status != BookingToBook {
						b.Firm, b.Reference = firm, ref
					}
					if err := s.saveBooking(ctx, tx, &b); err != nil {
						return fmt.Errorf("demo booking: %w", err)
					}
				}
			}
		}
		booked++
	}
	return nil
}

// demoFirmCode is a firm's initials, for its booking references ("CC").
func demoFirmCode(firm string) string {
	var b strings.Builder
	for _, w := range strings.Fields(firm) {
		b.WriteByte(w[0])
	}
	return b.String()
}
