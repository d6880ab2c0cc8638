package tui

import (
	"context"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/involve/involve/store"
	"github.com/involve/involve/tui/kit"
)

// The panes of the Money section.
const (
	paneClaims = iota
	panePayments
	paneLedger
	paneRates
	numMoneyPanes
)

// MoneyScreen is the Money section: expense claims, involvement payments,
// where each person stands against the payment thresholds, and the dated
// rates and thresholds. ] switches between them.
type MoneyScreen struct {
	c      *kit.Common
	pane   int
	lists  [numMoneyPanes]*kit.List
	heads  [numMoneyPanes]string
	filter [2]store.Status // claims', payments' status filter ("" for all)
	data   moneyData
	gen    [numMoneyPanes]int
	w, h   int
}

// moneyData is what the panes show, by row id.
type moneyData struct {
	claims     map[string]store.Claim
	payments   map[string]store.Payment
	standings  map[string]store.Standing
	rates      map[string]store.Rate
	thresholds map[string]store.Threshold
}

type moneyLoadedMsg struct {
	to   *MoneyScreen
	pane int
	gen  int
	rows []kit.Row
	head string
	data moneyData
	err  error
}

// NewMoney is the Money section's first screen.
func NewMoney(c *kit.Common) *MoneyScreen {
	s := &MoneyScreen{c: c}
	n := kit.KeyName(c.Keys.Record.New)
	s.lists[paneClaims] = kit.NewList(c,
		kit.Column{Title: "Date", Width: 11}, kit.Column{Title: "Name"}, kit.Column{Title: "Category", Width: 11},
		kit.Column{Title: "For"}, kit.Column{Title: "Amount", Width: 9, Right: true}, kit.Column{Title: "Status", Width: 13})
	s.lists[paneClaims].Empty = "No expense claims. Press " + n + " to record one."
	s.lists[panePayments] = kit.NewList(c,
		kit.Column{Title: "Date", Width: 11}, kit.Column{Title: "Name"}, kit.Column{Title: "For"},
		kit.Column{Title: "Amount", Width: 9, Right: true}, kit.Column{Title: "Choice", Width: 8}, kit.Column{Title: "Status", Width: 13})
	s.lists[panePayments].Empty = "No involvement payments. Press " + n + " to record one."
	s.lists[paneLedger] = kit.NewList(c,
		kit.Column{Title: "Name"}, kit.Column{Title: "Week", Width: 9, Right: true}, kit.Column{Title: "Month", Width: 10, Right: true},
		kit.Column{Title: "Hours", Width: 9, Right: true}, kit.Column{Title: "Stands", Width: 18})
	s.lists[paneLedger].Empty = "Nobody has an involvement payment this week or month."
	s.lists[paneRates] = kit.NewList(c,
		kit.Column{Title: "Rate or threshold", Width: 22}, kit.Column{Title: "From", Width: 11},
		kit.Column{Title: "Amount", Width: 16, Right: true}, kit.Column{Title: "Now", Width: 3}, kit.Column{Title: "Name or note"})
	s.lists[paneRates].Empty = "No rates. Press " + n + " to set one."
	return s
}

// Init loads the pane shown.
func (s *MoneyScreen) Init() tea.Cmd { return s.Refresh() }

// Refresh reloads the pane shown.
func (s *MoneyScreen) Refresh() tea.Cmd { return s.load(s.pane) }

// Title names the section.
func (s *MoneyScreen) Title() string { return "Money" }

// SetSize lays the panes out.
func (s *MoneyScreen) SetSize(w, h int) {
	s.w, s.h = w, h
	s.layout()
}

// layout sizes each pane's list: the room left by the tabs, its summary
// (one line, or up to three when it says a lot at this width), a blank line
// and two detail lines.
func (s *MoneyScreen) layout() {
	for i, l := range s.lists {
		l.SetSize(s.w, max(3, s.h-4-len(s.headLines(i))))
	}
}

// headLines is a pane's summary, wrapped to the width.
func (s *MoneyScreen) headLines(pane int) []string {
	head := s.heads[pane]
	if pane == paneClaims || pane == panePayments {
		head += "  (" + s.c.Keys.Money.Filter.Help().Key + " filters)"
	}
	return kit.WrapLines(head, s.w, "  ", 3)
}

// Capturing is true while a find field has the focus.
func (s *MoneyScreen) Capturing() bool { return s.lists[s.pane].Finding() }

func (s *MoneyScreen) load(pane int) tea.Cmd {
	s.gen[pane]++
	gen := s.gen[pane]
	filter := s.filter[min(pane, 1)]
	c := s.c
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), kit.DefaultTimeout)
		defer cancel()
		msg := moneyLoadedMsg{to: s, pane: pane, gen: gen}
		today := store.LocalDate(c.Now())
		switch pane {
		case paneClaims:
			msg.rows, msg.head, msg.data.claims, msg.err = loadClaimRows(ctx, c.Store, store.ClaimFilter{Status: filter})
			if msg.err == nil {
				msg.head = filterText(filter) + msg.head
			}
		case panePayments:
			msg.rows, msg.head, msg.data.payments, msg.err = loadPaymentRows(ctx, c.Store, store.PaymentFilter{Status: filter})
			if msg.err == nil {
				msg.head = filterText(filter) + msg.head
			}
		case paneLedger:
			msg.rows, msg.head, msg.data.standings, msg.err = loadStandingRows(ctx, c.Store, today)
		case paneRates:
			msg.rows, msg.head, msg.data.rates, msg.data.thresholds, msg.err = loadRateRows(ctx, c.Store, today, kit.KeyName(c.Keys.Record.New))
		}
		return msg
	}
}

func filterText(f store.Status) string {
	if f == "" {
		return "All · "
	}
	return "Only " + strings.ToLower(f.Label()) + " · "
}

// Help lists the keys of the pane shown.
func (s *MoneyScreen) Help() [][]key.Binding {
	k, r, d := s.c.Keys.Money, s.c.Keys.Record, s.c.Keys.Detail
	var main []key.Binding
	switch s.pane {
	case paneClaims:
		main = []key.Binding{r.New, r.Edit, k.Approve, k.Reject, k.Pay, k.Reopen, r.Delete, k.Filter, k.Ledger}
	case panePayments:
		main = []key.Binding{r.New, r.Edit, k.Choice, k.Approve, k.Reject, k.Pay, k.Reopen, r.Delete, k.Filter, k.Ledger}
	case paneLedger:
		main = []key.Binding{kit.Relabel(s.c.Keys.List.Open, "open ledger")}
	case paneRates:
		main = []key.Binding{kit.Relabel(r.New, "new rate"), k.NewThreshold, r.Delete}
	}
	main = append(main, d.SwitchPane)
	return [][]key.Binding{main, s.lists[s.pane].Help()}
}

// Update handles the panes' keys and replies.
func (s *MoneyScreen) Update(msg tea.Msg) (kit.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case moneyLoadedMsg:
		if msg.to != s || msg.gen != s.gen[msg.pane] {
			return s, nil
		}
		if msg.err != nil {
			return s, kit.Failed(msg.err)
		}
		s.heads[msg.pane] = msg.head
		switch msg.pane {
		case paneClaims:
			s.data.claims = msg.data.claims
		case panePayments:
			s.data.payments = msg.data.payments
		case paneLedger:
			s.data.standings = msg.data.standings
		case paneRates:
			s.data.rates, s.data.thresholds = msg.data.rates, msg.data.thresholds
		}
		s.lists[msg.pane].SetRows(msg.rows)
		s.layout()
		return s, nil
	case tea.KeyPressMsg:
		return s, s.key(msg)
	}
	return s, nil
}

func (s *MoneyScreen) key(msg tea.KeyPressMsg) tea.Cmd {
	l := s.lists[s.pane]
	if handled, cmd := l.Update(msg); handled {
		return cmd
	}
	k, r := s.c.Keys.Money, s.c.Keys.Record
	if key.Matches(msg, s.c.Keys.Detail.SwitchPane) {
		s.pane = (s.pane + 1) % numMoneyPanes
		return s.load(s.pane)
	}
	row, ok := l.Selected()
	switch s.pane {
	case paneClaims:
		c, found := s.data.claims[row.ID]
		ok = ok && found
		switch {
		case key.Matches(msg, r.New):
			return newClaim(s.c, "", s.Refresh)
		case key.Matches(msg, k.Filter):
			s.filter[0] = nextStatus(s.filter[0])
			return s.load(paneClaims)
		case !ok:
			return nil
		case key.Matches(msg, r.Edit):
			return editClaim(s.c, c, false)
		case key.Matches(msg, k.Approve):
			return approveClaim(s.c, c, s.Refresh)
		case key.Matches(msg, k.Reject):
			return rejectClaim(s.c, c)
		case key.Matches(msg, k.Pay):
			return payClaim(s.c, c, store.PaidBank)
		case key.Matches(msg, k.Reopen):
			return reopenClaim(s.c, c, s.Refresh)
		case key.Matches(msg, r.Delete):
			return deleteClaim(s.c, c, s.Refresh)
		case key.Matches(msg, k.Ledger):
			return kit.Push(NewPersonLedger(s.c, c.PersonID))
		}
	case panePayments:
		p, found := s.data.payments[row.ID]
		ok = ok && found
		switch {
		case key.Matches(msg, r.New):
			return newPayment(s.c, "", s.Refresh)
		case key.Matches(msg, k.Filter):
			s.filter[1] = nextStatus(s.filter[1])
			return s.load(panePayments)
		case !ok:
			return nil
		case key.Matches(msg, r.Edit):
			return editPayment(s.c, p, s.Refresh)
		case key.Matches(msg, k.Choice):
			return choosePayment(s.c, p)
		case key.Matches(msg, k.Approve):
			return approvePayment(s.c, p, s.Refresh)
		case key.Matches(msg, k.Reject):
			return rejectPayment(s.c, p)
		case key.Matches(msg, k.Pay):
			return payPayment(s.c, p, store.PaidBank, s.Refresh)
		case key.Matches(msg, k.Reopen):
			return reopenPayment(s.c, p, s.Refresh)
		case key.Matches(msg, r.Delete):
			return deletePayment(s.c, p, s.Refresh)
		case key.Matches(msg, k.Ledger):
			return kit.Push(NewPersonLedger(s.c, p.PersonID))
		}
	case paneLedger:
		if key.Matches(msg, s.c.Keys.List.Open) && ok {
			return kit.Push(NewPersonLedger(s.c, row.ID))
		}
	case paneRates:
		switch {
		case key.Matches(msg, r.New):
			return editRate(s.c, store.Rate{Kind: store.RateHourly})
		case key.Matches(msg, k.NewThreshold):
			return editThreshold(s.c, store.Threshold{Kind: store.ThresholdWeekly})
		case key.Matches(msg, r.Delete) && ok:
			return s.deleteRateRow(row.ID)
		}
	}
	return nil
}

func nextStatus(f store.Status) store.Status {
	if f == "" {
		return store.Statuses[0]
	}
	for i, st := range store.Statuses {
		if st == f && i+1 < len(store.Statuses) {
			return store.Statuses[i+1]
		}
	}
	return ""
}

func (s *MoneyScreen) deleteRateRow(id string) tea.Cmd {
	if r, ok := s.data.rates[id]; ok {
		what := fmt.Sprintf("%s, %s from %s", r.Kind.Label(), rateAmount(r.Kind, r.Amount), r.EffectiveFrom)
		return kit.Push(kit.NewConfirm(s.c, "Delete this rate?", what+". Claims and payments already worked out at it keep their amounts.",
			func() tea.Cmd {
				return tea.Sequence(kit.Do(s.c, func(ctx context.Context, st *store.Store) error { return st.DeleteRate(ctx, r.ID, r.Version) },
					kit.StatusMsg{Text: "Deleted the rate."}), s.Refresh())
			}))
	}
	if t, ok := s.data.thresholds[id]; ok {
		what := fmt.Sprintf("%s, %s from %s", t.Kind.Label(), t.ValueText(), t.EffectiveFrom)
		return kit.Push(kit.NewConfirm(s.c, "Delete this threshold?", what+".",
			func() tea.Cmd {
				return tea.Sequence(kit.Do(s.c, func(ctx context.Context, st *store.Store) error {
					return st.DeleteThreshold(ctx, t.ID, t.Version)
				}, kit.StatusMsg{Text: "Deleted the threshold."}), s.Refresh())
			}))
	}
	return kit.Status("That line is not stored: it cannot be deleted.")
}

// View draws the tabs, the pane's summary, its list and the detail lines.
func (s *MoneyScreen) View() string {
	st := s.c.Styles
	tabs := kit.PaneTabs(s.c, []string{"Claims", "Payments", "Ledger", "Rates & thresholds"}, s.pane)
	head := st.Subtle.Render(strings.Join(s.headLines(s.pane), "\n"))
	return tabs + "\n" + head + "\n" + s.lists[s.pane].View() + "\n" + s.detail()
}

// detail says more about the record under the cursor, in two lines.
func (s *MoneyScreen) detail() string {
	st := s.c.Styles
	row, ok := s.lists[s.pane].Selected()
	var lines []string
	switch {
	case !ok:
	case s.pane == paneClaims:
		lines = claimDetail(s.c, s.data.claims[row.ID])
	case s.pane == panePayments:
		lines = paymentDetail(s.c, s.data.payments[row.ID])
	case s.pane == paneLedger && s.c.Privacy:
		lines = []string{amountsHidden(s.c)}
	case s.pane == paneLedger:
		if x, ok := s.data.standings[row.ID]; ok {
			lines = standingDetail(x)
		}
	}
	for len(lines) < 2 {
		lines = append(lines, "")
	}
	for i, l := range lines[:2] {
		lines[i] = st.Subtle.Render(kit.Truncate("  "+l, s.w))
	}
	return "\n" + strings.Join(lines[:2], "\n")
}

// Row builders, run inside Cmds.

func shortCategory(c store.Category) string {
	switch c {
	case store.CatFare:
		return "Fare"
	case store.CatCare:
		return "Care cover"
	}
	return c.Label()
}

func statusText(s store.Status, how store.PaidHow) string {
	if s == store.StatusPaid && how != "" {
		return "Paid, " + map[store.PaidHow]string{store.PaidCash: "cash", store.PaidVoucher: "voucher",
			store.PaidBank: "bank", store.PaidPayroll: "payroll"}[how]
	}
	return s.Label()
}

func statusRowTone(s store.Status) kit.Tone {
	switch s {
	case store.StatusApproved:
		return kit.ToneWarn
	case store.StatusPaid:
		return kit.ToneGood
	case store.StatusRejected:
		return kit.ToneFaint
	}
	return kit.ToneNormal
}

// hiddenAmount stands for what someone is paid or owed while the privacy
// screen is on.
const hiddenAmount = "·"

// amountsHidden says why no amounts show.
func amountsHidden(c *kit.Common) string {
	return "Amounts are hidden while the privacy screen is on (" + c.Keys.Global.Privacy.Help().Key + " shows them)."
}

func claimRow(c store.Claim) kit.Row {
	shown := store.DisplayName(c.PersonName, c.PreferredName)
	date := shortDateString(c.Date)
	cells := []string{date, shown, shortCategory(c.Category), forWhat(c.ForumName, c.Activity), c.Amount.String(), statusText(c.Status, c.PaidHow)}
	masked := append([]string{date, store.Initials(shown)}, cells[2:]...)
	masked[4] = hiddenAmount
	r := kit.NewRow(c.ID, cells, masked)
	if shown != c.PersonName {
		r.AlsoFind(c.PersonName)
	}
	r.Tone = statusRowTone(c.Status)
	return r
}

func loadClaimRows(ctx context.Context, st *store.Store, f store.ClaimFilter) ([]kit.Row, string, map[string]store.Claim, error) {
	claims, err := st.Claims(ctx, f)
	if err != nil {
		return nil, "", nil, err
	}
	rows := make([]kit.Row, len(claims))
	data := make(map[string]store.Claim, len(claims))
	var owed store.Pence
	for i, c := range claims {
		rows[i] = claimRow(c)
		data[c.ID] = c
		if c.Status == store.StatusClaimed || c.Status == store.StatusApproved {
			owed += c.Amount
		}
	}
	return rows, fmt.Sprintf("%s · %s still to pay", kit.Plural(len(claims), "claim", "claims"), owed), data, nil
}

func paymentRow(p store.Payment) kit.Row {
	shown := store.DisplayName(p.PersonName, p.PreferredName)
	date := shortDateString(p.Date)
	amount := p.Amount.String()
	if p.Choice == store.ChoiceReduce {
		amount = p.Reduced.String()
	}
	cells := []string{date, shown, forWhat(p.ForumName, p.Activity), amount, p.Choice.Label(), statusText(p.Status, p.PaidHow)}
	masked := append([]string{date, store.Initials(shown)}, cells[2:]...)
	masked[3] = hiddenAmount
	r := kit.NewRow(p.ID, cells, masked)
	if shown != p.PersonName {
		r.AlsoFind(p.PersonName)
	}
	r.Tone = statusRowTone(p.Status)
	if p.Choice == store.ChoiceDecline {
		r.Tone = kit.ToneFaint
	}
	return r
}

func loadPaymentRows(ctx context.Context, st *store.Store, f store.PaymentFilter) ([]kit.Row, string, map[string]store.Payment, error) {
	ps, err := st.Payments(ctx, f)
	if err != nil {
		return nil, "", nil, err
	}
	rows := make([]kit.Row, len(ps))
	data := make(map[string]store.Payment, len(ps))
	var due store.Pence
	for i, p := range ps {
		rows[i] = paymentRow(p)
		data[p.ID] = p
		if p.Status == store.StatusClaimed || p.Status == store.StatusApproved {
			due += p.PaidOut()
		}
	}
	return rows, fmt.Sprintf("%s · %s still to pay", kit.Plural(len(ps), "payment", "payments"), due), data, nil
}

func limitText(p store.LedgerPeriod) string {
	if !p.LimitSet {
		return "no threshold set"
	}
	return store.Pence(p.Limit.Amount).String()
}

func hoursCapText(t store.Threshold) string {
	s := store.Hundredths(t.Amount).String() + " hours"
	if t.Default {
		s += " (default)"
	}
	return s
}

// standsText says where someone stands: over what, near what, or within.
func standsText(x store.Standing) (string, kit.Tone) {
	var over []string
	if x.Week.OverLimit() {
		over = append(over, "week")
	}
	if x.Month.OverLimit() {
		over = append(over, "month")
	}
	if x.Month.OverHours() {
		over = append(over, "hours")
	}
	if len(over) > 0 {
		return "over: " + strings.Join(over, ", "), kit.ToneBad
	}
	near := func(total, limit int64, set bool) bool { return set && limit > 0 && total*10 >= limit*8 }
	if near(int64(x.Week.Total()), x.Week.Limit.Amount, x.Week.LimitSet) ||
		near(int64(x.Month.Total()), x.Month.Limit.Amount, x.Month.LimitSet) ||
		near(int64(x.Month.Hours), x.Month.HoursCap.Amount, true) {
		return "near a limit", kit.ToneWarn
	}
	return "within limits", kit.ToneNormal
}

func loadStandingRows(ctx context.Context, st *store.Store, today string) ([]kit.Row, string, map[string]store.Standing, error) {
	all, err := st.Standings(ctx, today)
	if err != nil {
		return nil, "", nil, err
	}
	rows := make([]kit.Row, len(all))
	data := make(map[string]store.Standing, len(all))
	for i, x := range all {
		shown := store.DisplayName(x.Name, x.PreferredName)
		stands, tone := standsText(x)
		cells := []string{shown, x.Week.Total().String(), x.Month.Total().String(),
			x.Month.Hours.String() + "/" + store.Hundredths(x.Month.HoursCap.Amount).String(), stands}
		// Where someone stands is all about what they are paid: only
		// their initials show while the privacy screen is on.
		masked := []string{store.Initials(shown), hiddenAmount, hiddenAmount, hiddenAmount, hiddenAmount}
		rows[i] = kit.NewRow(x.PersonID, cells, masked)
		if shown != x.Name {
			rows[i].AlsoFind(x.Name)
		}
		rows[i].Tone, rows[i].PrivateTone = tone, true
		data[x.PersonID] = x
	}
	// The limits in force, from a blank standing for today.
	week, month := store.LedgerPeriod{}, store.LedgerPeriod{}
	ts, err := st.Thresholds(ctx)
	if err != nil {
		return nil, "", nil, err
	}
	_, we, _ := store.WeekOf(today)
	_, me, _ := store.MonthOf(today)
	week.Limit, week.LimitSet = store.ThresholdFor(ts, store.ThresholdWeekly, we)
	month.Limit, month.LimitSet = store.ThresholdFor(ts, store.ThresholdMonthly, me)
	cap, _ := store.ThresholdFor(ts, store.ThresholdHours, me)
	head := fmt.Sprintf("Limits now: week %s · month %s · hours %s", limitText(week), limitText(month), hoursCapText(cap))
	return rows, head, data, nil
}

// rateAmount shows a rate: "45p a mile", "£15.00 an hour".
func rateAmount(k store.RateKind, p store.Pence) string {
	amount := p.String()
	if p < 100 {
		amount = fmt.Sprintf("%dp", int64(p))
	}
	switch k {
	case store.RateMileage:
		return amount + " a mile"
	case store.RateCare, store.RateHourly:
		return amount + " an hour"
	case store.RateMeeting:
		return amount + " a meeting"
	}
	return amount
}

// rateKindsText names kinds of rate in a sentence, the involvement
// payments together: "mileage, care cover, hourly or fixed-fee involvement
// payments".
func rateKindsText(kinds []store.RateKind) string {
	var words []string
	involvement := 0
	for _, k := range kinds {
		w := k.Phrase()
		if pay, ok := strings.CutSuffix(w, " involvement"); ok {
			w = pay
			involvement++
		}
		words = append(words, w)
	}
	text := words[len(words)-1]
	if len(words) > 1 {
		text = strings.Join(words[:len(words)-1], ", ") + " or " + text
	}
	if involvement > 0 {
		text += " involvement payments"
	}
	return text
}

func shortRateKind(k store.RateKind) string {
	switch k {
	case store.RateMileage:
		return "Mileage"
	case store.RateCare:
		return "Childcare/carer cover"
	case store.RateHourly:
		return "Involvement, hourly"
	case store.RateMeeting:
		return "Involvement, meeting"
	case store.RateFixed:
		return "Involvement, fixed fee"
	}
	return string(k)
}

// loadRateRows loads the rates and thresholds, and says which are missing
// today: newKey names the key that sets one.
func loadRateRows(ctx context.Context, st *store.Store, today, newKey string) ([]kit.Row, string, map[string]store.Rate, map[string]store.Threshold, error) {
	rates, err := st.Rates(ctx)
	if err != nil {
		return nil, "", nil, nil, err
	}
	ts, err := st.Thresholds(ctx)
	if err != nil {
		return nil, "", nil, nil, err
	}
	var rows []kit.Row
	rd := map[string]store.Rate{}
	td := map[string]store.Threshold{}
	for _, r := range rates {
		now := ""
		if cur, _ := store.RateFor(rates, r.Kind, today); cur.ID == r.ID {
			now = "✓"
		}
		row := kit.NewRow(r.ID, []string{shortRateKind(r.Kind), shortDateString(r.EffectiveFrom), rateAmount(r.Kind, r.Amount), now, r.Name}, nil)
		if now == "" {
			row.Tone = kit.ToneFaint
		}
		rows = append(rows, row)
		rd[r.ID] = r
	}
	for _, t := range ts {
		now := ""
		if cur, _ := store.ThresholdFor(ts, t.Kind, today); cur.ID == t.ID {
			now = "✓"
		}
		row := kit.NewRow(t.ID, []string{t.Kind.Label(), shortDateString(t.EffectiveFrom), t.ValueText(), now, t.Note}, nil)
		if now == "" {
			row.Tone = kit.ToneFaint
		}
		rows = append(rows, row)
		td[t.ID] = t
	}
	var missing []store.RateKind
	ever := map[store.RateKind]bool{}
	for _, r := range rates {
		ever[r.Kind] = true
	}
	future := false // a rate of a missing kind is set, from a later date
	for _, k := range store.RateKinds {
		if _, ok := store.RateFor(rates, k, today); !ok {
			missing = append(missing, k)
			future = future || ever[k]
		}
	}
	var unset, state []string
	for _, k := range store.ThresholdKinds {
		t, ok := store.ThresholdFor(ts, k, today)
		switch {
		case !ok:
			unset = append(unset, strings.ToLower(k.Label()))
		case t.Default:
			state = append(state, "the hours cap is "+hoursCapText(t))
		}
	}
	if len(unset) > 0 {
		state = append([]string{"no threshold for " + strings.Join(unset, " or ")}, state...)
	}
	head := ""
	if len(missing) > 0 {
		rate, yet := "No rate", "set yet"
		if len(missing) > 1 {
			rate = "No rates"
		}
		if future {
			yet = "in force today"
		}
		head = fmt.Sprintf("%s %s for %s: %s sets one. ", rate, yet, rateKindsText(missing), newKey)
	}
	head += "Today: "
	if len(state) > 0 {
		head += strings.Join(state, "; ") + "."
	} else {
		head += "every threshold is set."
	}
	return rows, head, rd, td, nil
}

func claimDetail(c *kit.Common, cl store.Claim) []string {
	if cl.ID == "" {
		return nil
	}
	first := cl.Category.Label()
	switch {
	case c.Privacy:
		// Miles or hours at the rate would give the amount away.
	case cl.Category == store.CatMileage:
		first += fmt.Sprintf(": %s miles × %s", cl.Quantity, rateAmount(store.RateMileage, cl.Rate))
	case cl.Category == store.CatCare:
		first += fmt.Sprintf(": %s hours × %s", cl.Quantity, rateAmount(store.RateCare, cl.Rate))
	}
	if cl.Receipt {
		first += " · receipt"
		if cl.ReceiptRef != "" {
			first += " " + cl.ReceiptRef
		}
	} else {
		first += " · no receipt"
	}
	var second string
	switch cl.Status {
	case store.StatusPaid:
		second = "Paid on " + shortDateString(cl.PaidOn) + " by " + strings.ToLower(cl.PaidHow.Label())
	case store.StatusRejected:
		second = "Rejected"
		if !c.Privacy {
			second += ": " + cl.RejectReason
		}
	}
	if cl.Description != "" && !c.Privacy {
		if second != "" {
			second += " · "
		}
		second += cl.Description
	}
	return []string{first, second}
}

func paymentDetail(c *kit.Common, p store.Payment) []string {
	if p.ID == "" {
		return nil
	}
	first := p.Basis.Label()
	switch {
	case c.Privacy:
		// The amount, or the hours at the rate, would say what they are paid.
	case p.Basis == store.BasisHourly:
		first += fmt.Sprintf(": %s hours × %s = %s", p.Hours, rateAmount(store.RateHourly, p.Rate), p.Amount)
	default:
		first += fmt.Sprintf(": %s for %s hours", p.Amount, p.Hours)
	}
	switch p.Choice {
	case store.ChoiceReduce:
		if c.Privacy {
			first += " · reduced"
		} else {
			first += " · reduced to " + p.Reduced.String()
		}
	case store.ChoiceDecline:
		first += " · declined: nothing to pay"
	case store.ChoiceDonate:
		first += " · donated: not counted as received"
	}
	var second string
	switch p.Status {
	case store.StatusPaid:
		second = "Paid on " + shortDateString(p.PaidOn) + " by " + strings.ToLower(p.PaidHow.Label())
	case store.StatusRejected:
		second = "Rejected"
		if !c.Privacy {
			second += ": " + p.RejectReason
		}
	}
	if p.Note != "" && !c.Privacy {
		if second != "" {
			second += " · "
		}
		second += p.Note
	}
	return []string{first, second}
}

func standingDetail(x store.Standing) []string {
	month := fmt.Sprintf("This month: %s paid, %s due (limit %s) · %s of %s",
		x.Month.Paid, x.Month.Due, limitText(x.Month), x.Month.Hours, hoursCapText(x.Month.HoursCap))
	if x.Month.Donated > 0 {
		month += " · donated " + x.Month.Donated.String()
	}
	return []string{
		fmt.Sprintf("This week: %s paid, %s due (limit %s) · %s hours", x.Week.Paid, x.Week.Due, limitText(x.Week), x.Week.Hours),
		month,
	}
}

// forWhat is what a list shows a claim or payment was for: the meeting's
// forum (the date is in its own column), or the activity.
func forWhat(forum, activity string) string {
	if forum != "" {
		return forum
	}
	if activity != "" {
		return activity
	}
	return "—"
}

// shortDateString shows a stored date (YYYY-MM-DD) as "3 Mar 2026".
func shortDateString(d string) string {
	t, err := store.ParseDate(d)
	if err != nil {
		return d
	}
	return t.Format("2 Jan 2006")
}
