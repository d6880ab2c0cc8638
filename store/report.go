package store

import (
	"bufio"
	"context"
	"database/sql"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
)

// ReportRow totals a group of claims (a person, a category or a status) by
// status. Total is what is or was owed: claimed + approved + paid; rejected
// claims are shown apart and are not in it.
type ReportRow struct {
	Key      string `json:"key"` // the person's id, or the category or status code
	Label    string `json:"label"`
	Claims   int    `json:"claims"`
	Claimed  Pence  `json:"claimed_pence"`
	Approved Pence  `json:"approved_pence"`
	Paid     Pence  `json:"paid_pence"`
	Rejected Pence  `json:"rejected_pence"`
	Total    Pence  `json:"total_pence"`
}

func (r *ReportRow) add(c Claim) {
	r.Claims++
	switch c.Status {
	case StatusClaimed:
		r.Claimed += c.Amount
	case StatusApproved:
		r.Approved += c.Amount
	case StatusPaid:
		r.Paid += c.Amount
	case StatusRejected:
		r.Rejected += c.Amount
	}
	r.Total = r.Claimed + r.Approved + r.Paid
}

// ReportLine is one claim in the report, as in the export.
type ReportLine struct {
	ClaimID   string   `json:"claim_id"`
	Date      string   `json:"date"`
	PersonID  string   `json:"person_id"`
	Person    string   `json:"person"`
	For       string   `json:"for"` // the meeting (forum and date) or the activity
	MeetingID string   `json:"meeting_id"`
	Category  Category `json:"category"`
	Status    Status   `json:"status"`
	Amount    Pence    `json:"amount_pence"`
	Receipt   bool     `json:"receipt"`
	PaidHow   PaidHow  `json:"paid_how"`
	PaidOn    string   `json:"paid_on"`
}

// ExpensesReport is the expense claims made between two dates (of the
// expense, inclusive), optionally for one forum's meetings, totalled per
// person, per category and per status. Every total is the sum of the
// lines, to the penny; the lines are the claims as in the export.
type ExpensesReport struct {
	From  string `json:"from"`
	To    string `json:"to"`
	Forum string `json:"forum"` // "" for every forum and other involvement
	// ForumDeleted: Forum names a forum since deleted, whose claims are kept.
	ForumDeleted bool         `json:"forum_deleted"`
	ByPerson     []ReportRow  `json:"by_person"`
	ByCategory   []ReportRow  `json:"by_category"`
	ByStatus     []ReportRow  `json:"by_status"`
	All          ReportRow    `json:"all"`
	Lines        []ReportLine `json:"lines"`
}

// ExpensesReport gathers the claims dated from–to (London dates,
// inclusive). forumName, when not "", keeps only claims for that forum's
// meetings (claims for other involvement belong to no forum).
func (s *Store) ExpensesReport(ctx context.Context, from, to, forumName string) (ExpensesReport, error) {
	if err := s.allow(ctx, "ExpensesReport"); err != nil {
		return ExpensesReport{}, err
	}
	r := ExpensesReport{ByPerson: []ReportRow{}, ByCategory: []ReportRow{}, ByStatus: []ReportRow{}, Lines: []ReportLine{}}
	var err error
	if r.From, err = NormalDate(from); err != nil || r.From == "" {
		return r, fmt.Errorf("--from: %s", dateProblem(from, err))
	}
	if r.To, err = NormalDate(to); err != nil || r.To == "" {
		return r, fmt.Errorf("--to: %s", dateProblem(to, err))
	}
	if r.To < r.From {
		return r, fmt.Errorf("the report ends (%s) before it starts (%s)", r.To, r.From)
	}
	f := ClaimFilter{From: r.From, To: r.To}
	if name := strings.TrimSpace(forumName); name != "" {
		if f.ForumIDs, r.Forum, r.ForumDeleted, err = s.reportForums(ctx, name); err != nil {
			return r, err
		}
	}
	claims, err := s.inner().Claims(ctx, f)
	if err != nil {
		return r, err
	}
	people := map[string]*ReportRow{}
	cats := map[Category]*ReportRow{}
	stats := map[Status]*ReportRow{}
	for _, st := range Statuses {
		stats[st] = &ReportRow{Key: string(st), Label: st.Label()}
	}
	r.All = ReportRow{Key: "all", Label: "All claims"}
	// Lines in date order, oldest first.
	sort.SliceStable(claims, func(i, j int) bool { return claims[i].Date < claims[j].Date })
	for _, c := range claims {
		// Everyone since erased is one row, "a former member", key "".
		p := people[c.PersonID]
		if p == nil {
			p = &ReportRow{Key: c.PersonID, Label: c.PersonName}
			people[c.PersonID] = p
		}
		p.add(c)
		k := cats[c.Category]
		if k == nil {
			k = &ReportRow{Key: string(c.Category), Label: c.Category.Label()}
			cats[c.Category] = k
		}
		k.add(c)
		if st := stats[c.Status]; st != nil {
			st.add(c)
		}
		r.All.add(c)
		r.Lines = append(r.Lines, ReportLine{ClaimID: c.ID, Date: c.Date, PersonID: c.PersonID, Person: c.PersonName,
			For: c.What(), MeetingID: c.MeetingID, Category: c.Category, Status: c.Status, Amount: c.Amount,
			Receipt: c.Receipt, PaidHow: c.PaidHow, PaidOn: c.PaidOn})
	}
	for _, p := range people {
		r.ByPerson = append(r.ByPerson, *p)
	}
	sort.Slice(r.ByPerson, func(i, j int) bool {
		a, b := strings.ToLower(r.ByPerson[i].Label), strings.ToLower(r.ByPerson[j].Label)
		if a != b {
			return a < b
		}
		return r.ByPerson[i].Key < r.ByPerson[j].Key
	})
	for _, c := range Categories {
		if k := cats[c]; k != nil {
			r.ByCategory = append(r.ByCategory, *k)
		}
	}
	for _, st := range Statuses {
		r.ByStatus = append(r.ByStatus, *stats[st])
	}
	return r, nil
}

// reportForums are the forums a report --forum NAME means: the forum of
// that name, or when there is none, the deleted forums of that name whose
// meetings had money recorded for them (their claims are kept, and still
// reported under the name they had).
func (s *Store) reportForums(ctx context.Context, name string) (ids []string, spelled string, deleted bool, err error) {
	id, err := s.forumIDByName(ctx, name)
	if err != nil {
		return nil, "", false, err
	}
	if id != "" {
		f, err := s.inner().Forum(ctx, id)
		return []string{id}, f.Name, false, err
	}
	ids, spelled, err = s.formerForums(ctx, name)
	if err != nil {
		return nil, "", false, err
	}
	if len(ids) == 0 {
		return nil, "", false, fmt.Errorf("there is no forum called %q (nor was one of that name deleted with claims for its meetings)", name)
	}
	return ids, spelled, true, nil
}

func dateProblem(s string, err error) string {
	if err != nil {
		return err.Error()
	}
	return "give a date like 2026-03-14"
}

// Title names the report: "Expenses 2026-03-01 to 2026-03-31, Tuesday Forum".
func (r ExpensesReport) Title() string {
	t := "Expenses " + r.From + " to " + r.To
	if r.Forum != "" {
		t += ", " + r.Forum
		if r.ForumDeleted {
			t += " (deleted)"
		}
	}
	return t
}

// WriteJSON writes the report as JSON, amounts as integer pence.
func (r ExpensesReport) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// WriteMarkdown writes the report as markdown tables, amounts as £3.40.
func (r ExpensesReport) WriteMarkdown(w io.Writer) error {
	b := bufio.NewWriter(w)
	fmt.Fprintf(b, "# %s\n\n", mdEscape(r.Title()))
	a := r.All
	fmt.Fprintf(b, "%s. Total %s: claimed %s, approved %s, paid %s. Rejected claims (%s) are not in the total.\n",
		plural(a.Claims, "claim", "claims"), a.Total, a.Claimed, a.Approved, a.Paid, a.Rejected)
	table := func(title, first string, rows []ReportRow) {
		fmt.Fprintf(b, "\n## %s\n\n", title)
		fmt.Fprintf(b, "| %s | Claims | Claimed | Approved | Paid | Rejected | Total |\n", first)
		b.WriteString("|---|--:|--:|--:|--:|--:|--:|\n")
		line := func(label string, row ReportRow) {
			fmt.Fprintf(b, "| %s | %d | %s | %s | %s | %s | %s |\n", label, row.Claims, row.Claimed, row.Approved,
				row.Paid, row.Rejected, row.Total)
		}
		for _, row := range rows {
			line(mdEscape(row.Label), row)
		}
		line("**All**", a)
	}
	table("By person", "Person", r.ByPerson)
	table("By category", "Category", r.ByCategory)
	fmt.Fprintf(b, "\n## By status\n\n| Status | Claims | Amount |\n|---|--:|--:|\n")
	rejected := 0
	for _, row := range r.ByStatus {
		fmt.Fprintf(b, "| %s | %d | %s |\n", row.Label, row.Claims, row.Claimed+row.Approved+row.Paid+row.Rejected)
		if row.Key == string(StatusRejected) {
			rejected = row.Claims
		}
	}
	// The same total as the headline's: rejected claims are not in it.
	fmt.Fprintf(b, "| **Total, rejected claims apart** | %d | %s |\n", a.Claims-rejected, a.Total)
	return b.Flush()
}

func mdEscape(s string) string {
	return strings.NewReplacer("|", `\|`, "*", `\*`, "_", `\_`, "`", "\\`", "<", "&lt;").Replace(s)
}

// ReportCSVHeader is the header row of the report's CSV.
var ReportCSVHeader = []string{"section", "key", "name", "claims", "claimed", "approved", "paid", "rejected", "total"}

// WriteCSV writes the report as one RFC 4180 table with a header row: a
// row per person, per category and per status, then the total, each with
// its section ("person", "category", "status", "all"). Amounts are plain
// decimal pounds ("3.40"), no £ sign, so a spreadsheet reads them as
// numbers. A name that a spreadsheet would take for a formula is written
// with a leading apostrophe.
func (r ExpensesReport) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	if err := cw.Write(ReportCSVHeader); err != nil {
		return err
	}
	row := func(section string, x ReportRow) []string {
		return []string{section, x.Key, csvText(x.Label), strconv.Itoa(x.Claims), x.Claimed.Decimal(), x.Approved.Decimal(),
			x.Paid.Decimal(), x.Rejected.Decimal(), x.Total.Decimal()}
	}
	var rows [][]string
	for _, x := range r.ByPerson {
		rows = append(rows, row("person", x))
	}
	for _, x := range r.ByCategory {
		rows = append(rows, row("category", x))
	}
	for _, x := range r.ByStatus {
		rows = append(rows, row("status", x))
	}
	rows = append(rows, row("all", r.All))
	if err := cw.WriteAll(rows); err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}

// csvText keeps a spreadsheet from running text as a formula.
func csvText(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// exportSection is one list in ExportJSON (the same shape as its own).
type exportSection = struct {
	key   string
	query string
	scan  func(*sql.Rows) (any, error)
}

// moneyExportSections are the export's money lists: claims, payments,
// rates, thresholds and petty_cash, every amount an integer *_pence field,
// and former_meetings (meetings deleted with money recorded for them).
func moneyExportSections() []exportSection {
	return []exportSection{
		{"claims", "SELECT " + claimCols + " FROM claims ORDER BY claim_date, created_at, id", func(r *sql.Rows) (any, error) {
			var c Claim
			finish, dest := claimDest(&c)
			if err := r.Scan(dest...); err != nil {
				return nil, err
			}
			finish()
			return c, nil
		}},
		{"payments", "SELECT " + paymentCols + " FROM payments ORDER BY payment_date, created_at, id", func(r *sql.Rows) (any, error) {
			var p Payment
			finish, dest := paymentDest(&p)
			if err := r.Scan(dest...); err != nil {
				return nil, err
			}
			finish()
			return p, nil
		}},
		{"rates", "SELECT " + rateCols + " FROM rates ORDER BY kind, effective_from, id", func(r *sql.Rows) (any, error) {
			var x Rate
			err := scanRate(r, &x)
			return x, err
		}},
		{"thresholds", "SELECT " + thresholdCols + " FROM thresholds ORDER BY kind, effective_from, id", func(r *sql.Rows) (any, error) {
			var t Threshold
			err := scanThreshold(r, &t)
			return t, err
		}},
		{"petty_cash", "SELECT " + pettyCashCols + " FROM petty_cash ORDER BY created_at, id", func(r *sql.Rows) (any, error) {
			var p PettyCash
			err := scanPettyCash(r, &p)
			return p, err
		}},
		formerExportSection(),
	}
}
