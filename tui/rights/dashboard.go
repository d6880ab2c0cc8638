package rights

import (
	"context"
	"fmt"

	tea "charm.land/bubbletea/v2"

	"github.com/involve/involve/civil"
	"github.com/involve/involve/store"
	"github.com/involve/involve/tui/kit"
)

// The ids of the dashboard panel's rows that are not requests.
const (
	rowReview  = "review"
	rowConsent = "consent"
)

// DashboardPanels is what the dashboard shows of people's rights over
// their data: each request due within a fortnight, overdue or waiting; the
// people due for a retention review; the people whose consent to be
// contacted has expired. Enter opens the request (in the list of
// requests), the retention review or the expired consents.
func DashboardPanels(c *kit.Common) kit.Panels {
	return kit.Panels{
		// The count of people due for review reads every person: the
		// dashboard is drawn first.
		Later: true,
		Panels: []kit.Panel{{
			Title:   "People's rights over their data",
			Columns: []kit.Column{{Title: "What"}, {Title: "When", Width: 34, Min: 10}},
			Empty:   "No requests due, no one due for review, no consent to be contacted expired.",
			Open: func(id string) tea.Cmd {
				switch id {
				case rowReview:
					return kit.Push(NewReviewScreen(c))
				case rowConsent:
					return kit.Push(NewConsentScreen(c))
				}
				return tea.Sequence(kit.Push(NewRequestsScreen(c)), kit.SelectRow(id))
			},
		}},
		Load: func(ctx context.Context, st *store.Store) ([][]kit.Row, error) {
			rows, err := dashboardRows(ctx, st, civil.In(c.Now(), store.London))
			return [][]kit.Row{rows}, err
		},
	}
}

// dashboardRows are the rows of the rights panel on today: only counts of
// the people to review and of consents expired, so that the first frame
// does not wait for the lists.
func dashboardRows(ctx context.Context, s *store.Store, today civil.Date) ([]kit.Row, error) {
	due, err := s.RightsDue(ctx, SoonDays)
	if err != nil {
		return nil, err
	}
	var rows []kit.Row
	for _, r := range due.Requests {
		clock := r.Clock(today)
		what := fmt.Sprintf("Request %d from ", r.Number)
		row := kit.NewRow(r.ID, []string{what + r.Who(), clock.Text()}, []string{what + store.Initials(r.Who()), clock.Text()})
		row.Tone = kit.ToneWarn
		if clock.Overdue() {
			row.Tone = kit.ToneBad
		}
		rows = append(rows, row)
	}
	if n := due.Review; n > 0 {
		years, err := s.RetentionYears(ctx)
		if err != nil {
			return nil, err
		}
		text := fmt.Sprintf("Review %s: not involved for %d years", peopleCount(n), years)
		rows = append(rows, kit.NewRow(rowReview, []string{text, "keep, anonymise or erase"}, nil))
	}
	if n := due.Expired; n > 0 {
		text := peopleCount(n) + "'s consent to be contacted has expired"
		if n > 1 {
			text = peopleCount(n) + ": consent to be contacted expired"
		}
		row := kit.NewRow(rowConsent, []string{text, "ask again before contacting"}, nil)
		row.Tone = kit.ToneWarn
		rows = append(rows, row)
	}
	return rows, nil
}

func peopleCount(n int) string {
	if n == 1 {
		return "1 person"
	}
	return fmt.Sprintf("%d people", n)
}
