package consult

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"github.com/involve/involve/civil"
	"github.com/involve/involve/store"
	"github.com/involve/involve/tui/kit"
)

// The forms: a consultation, a point (in full, or the quick one from a
// meeting), a response and a feedback event. Each is loaded in a Cmd (the
// choices it offers come from the store) and saved in one.

// dateField checks a date typed in a form; optional ones may stay empty.
func dateField(required bool) func(string) error {
	return func(s string) error {
		if strings.TrimSpace(s) == "" {
			if required {
				return fmt.Errorf("enter a date, like 2026-03-14")
			}
			return nil
		}
		_, err := civil.Parse(s)
		return err
	}
}

func parseDate(field, s string) (civil.Date, error) {
	d, err := civil.ParseOptional(s)
	if err != nil {
		return d, &store.FieldError{Field: field, Message: err.Error()}
	}
	return d, nil
}

// countField checks how many people raised a point.
func countField(s string) error {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n < 1 {
		return fmt.Errorf("how many people raised it: a whole number from 1")
	}
	return nil
}

// consultationForm is a consultation's values as typed.
type consultationForm struct {
	store.Consultation
	Opens, Deadline string
}

// editConsultation opens the form for a new (empty ID) or existing
// consultation, once the senior officers, forums and settings are loaded.
func editConsultation(c *kit.Common, con store.Consultation) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), kit.DefaultTimeout)
		defer cancel()
		st := c.Store
		forums, err := st.Forums(ctx)
		if err != nil {
			return kit.StatusMsg{Text: kit.ErrText(err), Err: true}
		}
		officers, err := st.SeniorOfficers(ctx)
		if err != nil {
			return kit.StatusMsg{Text: kit.ErrText(err), Err: true}
		}
		set, err := st.ConsultationSettings(ctx)
		if err != nil {
			return kit.StatusMsg{Text: kit.ErrText(err), Err: true}
		}
		v := consultationForm{Consultation: con}
		if v.ID == "" {
			v.Ladder = set.Ladder
			t := today(c)
			v.Opens, v.Deadline = t.String(), t.AddDays(42).String()
			v.Channels = []store.Channel{store.ChannelForum}
		} else {
			v.Opens, v.Deadline = con.Opens.String(), con.Deadline.String()
		}
		forumOpts := make([]huh.Option[string], len(forums))
		for i, f := range forums {
			forumOpts[i] = huh.NewOption(f.Name, f.ID)
		}
		officerOpts := []huh.Option[string]{huh.NewOption("None", "")}
		for _, o := range officers {
			officerOpts = append(officerOpts, huh.NewOption(o.DisplayName(), o.ID))
		}
		rungs := append([]store.Rung{""}, v.Ladder.Rungs()...)
		rungLabel := func(r store.Rung) string { return v.Ladder.RungLabel(r) }
		title := "New consultation"
		if con.ID != "" {
			title = "Edit " + con.Title
		}
		return kit.PushMsg{Screen: kit.NewForm(c, kit.FormSpec{
			Title: title,
			Build: func() *huh.Form {
				asking := []huh.Field{
					huh.NewInput().Key("title").Title("Title").Value(&v.Title).Validate(kit.NotBlank("a title")),
					huh.NewInput().Key("organisation").Title("Organisation asking").Placeholder("e.g. Drug and Alcohol Commissioning Team").Value(&v.Organisation),
					huh.NewSelect[string]().Key("officer").Title("Senior officer").
						Description("From People: someone whose role is senior officer.").
						Options(officerOpts...).Value(&v.OfficerID).Height(min(len(officerOpts)+2, 8)),
					huh.NewInput().Key("decider").Title("Who decides").Placeholder("e.g. Joint Commissioning Board").Value(&v.Decider),
				}
				when := []huh.Field{
					huh.NewInput().Key("opens").Title("Opens").Placeholder("YYYY-MM-DD").Value(&v.Opens).Validate(dateField(true)),
					huh.NewInput().Key("deadline").Title("Deadline for responses").Placeholder("YYYY-MM-DD").Value(&v.Deadline).Validate(dateField(true)),
					huh.NewMultiSelect[store.Channel]().Key("channels").Title("Channels").Description(c.TickHint()).
						Options(kit.OptionsFor(store.Channels, store.Channel.Label)...).Value(&v.Channels),
				}
				if len(forumOpts) > 0 {
					when = append(when, huh.NewMultiSelect[string]().Key("forums").Title("Forums asked").
						Description(c.TickHint()).Options(forumOpts...).Value(&v.ForumIDs).
						Height(min(len(forumOpts)+2, 10)))
				}
				level := []huh.Field{
					huh.NewSelect[store.Rung]().Key("promised").Title("Participation promised").Description("On the " + v.Ladder.Label() + ".").
						Options(kit.OptionsFor(rungs, rungLabel)...).Value(&v.Promised).Height(min(len(rungs)+2, 11)),
					huh.NewSelect[store.Rung]().Key("achieved").Title("Participation achieved").
						Options(kit.OptionsFor(rungs, rungLabel)...).Value(&v.Achieved).Height(min(len(rungs)+2, 11)),
				}
				text := []huh.Field{
					huh.NewText().Key("question").Title("The question, word for word").Lines(3).Value(&v.Question),
					huh.NewText().Key("options").Title("Options").Lines(3).Value(&v.Options),
					huh.NewText().Key("fixed").Title("What cannot change").Lines(2).Value(&v.Fixed),
					huh.NewText().Key("papers").Title("Papers").Description(editorHint(c)).Lines(5).Value(&v.Papers),
				}
				return huh.NewForm(huh.NewGroup(asking...).Title("Who asks"), huh.NewGroup(when...).Title("When and where"),
					huh.NewGroup(level...).Title("Participation"), huh.NewGroup(text...).Title("The question"))
			},
			Snapshot: func() string { return fmt.Sprint(v) },
			Live: map[string]func(string) error{
				"title": kit.NotBlank("a title"), "opens": dateField(true), "deadline": dateField(true),
			},
			Save: func(ctx context.Context, st *store.Store) error {
				var err error
				if v.Consultation.Opens, err = parseDate("Opens", v.Opens); err != nil {
					return err
				}
				if v.Consultation.Deadline, err = parseDate("Deadline", v.Deadline); err != nil {
					return err
				}
				return st.SaveConsultation(ctx, &v.Consultation)
			},
			Done: func() string { return "Saved " + v.Title + "." },
			Then: func() tea.Cmd { return kit.SelectRow(v.ID) },
		})}
	}
}

// deleteConsultation asks, saying what goes with it, then deletes.
func deleteConsultation(c *kit.Common, id string) tea.Cmd {
	return deleteConsultationThen(c, id, func(status string) tea.Msg { return kit.PopMsg{Status: status} })
}

func deleteConsultationThen(c *kit.Common, id string, done func(string) tea.Msg) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), kit.DefaultTimeout)
		defer cancel()
		d, err := c.Store.Consultation(ctx, id)
		if err != nil {
			return kit.StatusMsg{Text: kit.ErrText(err), Err: true}
		}
		points, responses, feedback, err := c.Store.ConsultationImpact(ctx, id)
		if err != nil {
			return kit.StatusMsg{Text: kit.ErrText(err), Err: true}
		}
		var parts []string
		for _, p := range []struct {
			n         int
			one, many string
		}{{points, "point raised", "points raised"}, {responses, "response", "responses"}, {feedback, "feedback event", "feedback events"}} {
			if p.n > 0 {
				parts = append(parts, kit.Plural(p.n, p.one, p.many))
			}
		}
		detail := "This cannot be undone."
		if len(parts) > 0 {
			detail = "This also removes " + strings.Join(parts, ", ") + ". " + detail
		}
		return kit.PushMsg{Screen: kit.NewConfirm(c, "Delete the consultation "+d.Title+"?", detail, func() tea.Cmd {
			return kit.Do(c, func(ctx context.Context, st *store.Store) error { return st.DeleteConsultation(ctx, d.ID, d.Version) },
				done("Deleted "+d.Title+"."))
		})}
	}
}

// pointForm is a point's values as typed.
type pointForm struct {
	store.Point
	RaisedBy, RaisedOn, Consent string
}

// editPoint opens the full form for a new (empty ID) or existing point of
// a consultation: what was said, how many said it, where and when, and a
// quote with its speaker's consent. The meetings offered are those of the
// forums asked; the speakers, their members.
func editPoint(c *kit.Common, p store.Point) tea.Cmd {
	if c.Privacy {
		return c.PrivacyRefusal("add or change a point (it may name who said it)")
	}
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), kit.DefaultTimeout)
		defer cancel()
		st := c.Store
		d, err := st.Consultation(ctx, p.ConsultationID)
		if err != nil {
			return kit.StatusMsg{Text: kit.ErrText(err), Err: true}
		}
		meetingOpts := []huh.Option[string]{huh.NewOption("Not at a meeting (a survey, a one-to-one…)", "")}
		speakerOpts := []huh.Option[string]{huh.NewOption("Nobody: no quote", "")}
		seen := map[string]bool{"": true}
		for _, fid := range d.ForumIDs {
			ms, err := st.ForumMeetings(ctx, fid)
			if err != nil {
				return kit.StatusMsg{Text: kit.ErrText(err), Err: true}
			}
			for _, m := range ms {
				if m.Status == store.MeetingCancelled || civil.In(m.Start, store.London).After(today(c)) {
					continue // a point is raised at a meeting that has happened
				}
				meetingOpts = append(meetingOpts, huh.NewOption(m.ForumName+", "+kit.LongDate(m.Start), m.ID))
			}
			members, err := st.ForumMembers(ctx, fid)
			if err != nil {
				return kit.StatusMsg{Text: kit.ErrText(err), Err: true}
			}
			for _, mb := range members {
				if !seen[mb.ID] {
					seen[mb.ID] = true
					speakerOpts = append(speakerOpts, huh.NewOption(mb.DisplayName(), mb.ID))
				}
			}
		}
		if !seen[p.SpeakerID] {
			speakerOpts = append(speakerOpts, huh.NewOption(p.SpeakerName, p.SpeakerID))
		}
		v := pointForm{Point: p, RaisedBy: strconv.Itoa(max(1, p.RaisedBy)), RaisedOn: p.RaisedOn.String(), Consent: p.QuoteConsent.String()}
		if v.RaisedOn == "" {
			v.RaisedOn = today(c).String()
		}
		if v.QuoteConsentHow == "" {
			v.QuoteConsentHow = store.ConsentVerbal
		}
		title := "New point — " + d.Title
		if p.ID != "" {
			title = "Edit point — " + d.Title
		}
		hows := []string{store.ConsentVerbal, store.ConsentWritten}
		return kit.PushMsg{Screen: kit.NewForm(c, kit.FormSpec{
			Title: title,
			Build: func() *huh.Form {
				said := huh.NewGroup(
					huh.NewText().Key("text").Title("You said").Description("What was said, in a sentence or two. Anonymous.").Lines(3).
						Value(&v.Text).Validate(kit.NotBlank("what was said")),
					huh.NewInput().Key("raisedby").Title("How many people raised it").Value(&v.RaisedBy).Validate(countField),
					huh.NewSelect[string]().Key("meeting").Title("Raised at").Options(meetingOpts...).Value(&v.MeetingID).
						Height(min(len(meetingOpts)+2, 8)),
				)
				when := huh.NewGroup(
					huh.NewInput().Key("raisedon").Title("Raised on").Placeholder("YYYY-MM-DD").Value(&v.RaisedOn).Validate(dateField(true)),
				).WithHideFunc(func() bool { return v.MeetingID != "" })
				quote := huh.NewGroup(
					huh.NewText().Key("quote").Title("Quote (optional)").
						Description("Someone's own words, kept only if they agreed to be quoted. Leave empty to keep the point anonymous.").
						Lines(2).Value(&v.Quote),
				)
				consent := huh.NewGroup(
					huh.NewSelect[string]().Key("speaker").Title("Who said it").Options(speakerOpts...).Value(&v.SpeakerID).
						Height(min(len(speakerOpts)+2, 8)),
					huh.NewInput().Key("consent").Title("They agreed to be quoted on").Placeholder("YYYY-MM-DD").Value(&v.Consent).
						Validate(dateField(true)),
					huh.NewSelect[string]().Key("how").Title("How they agreed").Options(huh.NewOptions(hows...)...).Value(&v.QuoteConsentHow),
				).WithHideFunc(func() bool { return strings.TrimSpace(v.Quote) == "" })
				return huh.NewForm(said, when, quote, consent)
			},
			Snapshot: func() string { return fmt.Sprint(v) },
			Live:     map[string]func(string) error{"text": kit.NotBlank("what was said"), "raisedby": countField, "raisedon": dateField(true)},
			Save: func(ctx context.Context, st *store.Store) error {
				q := v.Point
				q.RaisedBy, _ = strconv.Atoi(strings.TrimSpace(v.RaisedBy))
				var err error
				if q.MeetingID != "" {
					q.RaisedOn = civil.Date{} // the meeting's day
				} else if q.RaisedOn, err = parseDate("Raised on", v.RaisedOn); err != nil {
					return err
				}
				if q.QuoteConsent, err = parseDate("Consent to quote", v.Consent); err != nil && strings.TrimSpace(v.Quote) != "" {
					return err
				}
				if err := st.SavePoint(ctx, &q); err != nil {
					return err
				}
				v.Point = q
				return nil
			},
			Done: func() string { return "Saved the point." },
			Then: func() tea.Cmd { return kit.SelectRow(v.ID) },
		})}
	}
}

// quickPoint is the few-keys form for a point raised at a meeting: what
// was said and how many said it; the rest (anonymous, raised at this
// meeting, today) is filled in.
func quickPoint(c *kit.Common, con store.ConsultationSummary, meetingID, where string) tea.Cmd {
	v := struct{ Text, Count string }{Count: "1"}
	return kit.Push(kit.NewForm(c, kit.FormSpec{
		Title: "You said — " + con.Title,
		Build: func() *huh.Form {
			return huh.NewForm(huh.NewGroup(
				huh.NewText().Key("text").Title("You said").Description(fmt.Sprintf("Raised at %s. Anonymous. %s starts a new line; %s moves on.", where, kit.KeyName(c.Keys.Form.NewLine), kit.KeyName(c.Keys.Form.TextNext))).
					Lines(3).Value(&v.Text).Validate(kit.NotBlank("what was said")),
				huh.NewInput().Key("count").Title("How many people raised it").Value(&v.Count).Validate(countField),
			))
		},
		Snapshot: func() string { return v.Text + "\x00" + v.Count },
		Live:     map[string]func(string) error{"text": kit.NotBlank("what was said"), "count": countField},
		Save: func(ctx context.Context, st *store.Store) error {
			n, _ := strconv.Atoi(strings.TrimSpace(v.Count))
			p := store.Point{ConsultationID: con.ID, MeetingID: meetingID, Text: v.Text, RaisedBy: n}
			return st.SavePoint(ctx, &p)
		},
		Done: func() string { return "Added the point to " + con.Title + "; it goes into the forum's next agenda." },
	}))
}

// responseForm is a response's values as typed.
type responseForm struct {
	store.Response
	DecidedOn, Check string
}

// editResponse opens the form for the response to a point ("we did"): a
// new one when the point has none, else the one it has.
func editResponse(c *kit.Common, p store.Point, decider string) tea.Cmd {
	r := store.Response{PointID: p.ID, Outcome: store.OutcomeDone, DecidedBy: decider, Stage: store.StageDelivery}
	if p.Response != nil {
		r = *p.Response
	}
	v := responseForm{Response: r, DecidedOn: r.DecidedOn.String(), Check: r.ImpactCheck.String()}
	if v.DecidedOn == "" {
		v.DecidedOn = today(c).String()
	}
	title := "We did — " + clip(p.Text, 50)
	return kit.Push(kit.NewForm(c, kit.FormSpec{
		Title: title,
		Build: func() *huh.Form {
			return huh.NewForm(huh.NewGroup(
				huh.NewSelect[store.Outcome]().Key("outcome").Title("We did").Options(kit.OptionsFor(store.Outcomes, store.Outcome.Label)...).
					Value(&v.Outcome),
				huh.NewText().Key("reason").Title("Because").Description("Required: why it was, or was not, done. Said as it will be read: \"because …\".").
					Lines(3).Value(&v.Reason).Validate(kit.NotBlank("the reason")),
				huh.NewInput().Key("decidedby").Title("Who decided").Value(&v.DecidedBy).Validate(kit.NotBlank("who decided")),
				huh.NewInput().Key("decidedon").Title("Decided on").Placeholder("YYYY-MM-DD").Value(&v.DecidedOn).Validate(dateField(true)),
				huh.NewSelect[store.Stage]().Key("stage").Title("The stage it changed").
					Description("For the annual report. None only when it was not done.").
					Options(kit.OptionsFor(store.Stages, store.Stage.Label)...).Value(&v.Stage).Height(len(store.Stages)+2),
				huh.NewInput().Key("check").Title("Check the impact on").Description("Optional: when to see that the change happened.").
					Placeholder("YYYY-MM-DD").Value(&v.Check).Validate(dateField(false)),
			))
		},
		Snapshot: func() string { return fmt.Sprint(v) },
		Live: map[string]func(string) error{"reason": kit.NotBlank("the reason"), "decidedby": kit.NotBlank("who decided"),
			"decidedon": dateField(true), "check": dateField(false)},
		Save: func(ctx context.Context, st *store.Store) error {
			q := v.Response
			var err error
			if q.DecidedOn, err = parseDate("Decided on", v.DecidedOn); err != nil {
				return err
			}
			if q.ImpactCheck, err = parseDate("Check impact on", v.Check); err != nil {
				return err
			}
			if err := st.SaveResponse(ctx, &q); err != nil {
				return err
			}
			v.Response = q
			return nil
		},
		Done: func() string { return "Saved what was done: " + strings.ToLower(v.Outcome.Label()) + "." },
	}))
}

// feedbackForm is a feedback event's values as typed.
type feedbackForm struct {
	store.FeedbackEvent
	On string
}

// editFeedback opens the form for a new (empty ID) or existing feedback event.
func editFeedback(c *kit.Common, e store.FeedbackEvent) tea.Cmd {
	v := feedbackForm{FeedbackEvent: e, On: e.On.String()}
	if v.On == "" {
		v.On = today(c).String()
	}
	if v.Kind == "" {
		v.Kind = store.FeedbackInitial
	}
	if v.Channel == "" {
		v.Channel = store.FeedbackAtMeeting
	}
	title := "Feedback given"
	if e.ID != "" {
		title = "Edit feedback given"
	}
	return kit.Push(kit.NewForm(c, kit.FormSpec{
		Title: title,
		Build: func() *huh.Form {
			return huh.NewForm(huh.NewGroup(
				huh.NewSelect[store.FeedbackKind]().Key("kind").Title("Which feedback").
					Options(kit.OptionsFor(store.FeedbackKinds, store.FeedbackKind.Label)...).Value(&v.Kind),
				huh.NewInput().Key("on").Title("Given on").Placeholder("YYYY-MM-DD").Value(&v.On).Validate(dateField(true)),
				huh.NewSelect[store.FeedbackChannel]().Key("channel").Title("How").
					Options(kit.OptionsFor(store.FeedbackChannels, store.FeedbackChannel.Label)...).Value(&v.Channel).
					Height(len(store.FeedbackChannels)+2),
				huh.NewText().Key("note").Title("Note").Description("Optional.").Lines(2).Value(&v.Note),
			))
		},
		Snapshot: func() string { return fmt.Sprint(v) },
		Live:     map[string]func(string) error{"on": dateField(true)},
		Save: func(ctx context.Context, st *store.Store) error {
			q := v.FeedbackEvent
			var err error
			if q.On, err = parseDate("Given on", v.On); err != nil {
				return err
			}
			if err := st.SaveFeedback(ctx, &q); err != nil {
				return err
			}
			v.FeedbackEvent = q
			return nil
		},
		Done: func() string { return "Saved the " + strings.ToLower(v.Kind.Short()) + " feedback." },
	}))
}

// clip shortens s to n runes with an ellipsis, on one line.
func clip(s string, n int) string {
	r := []rune(strings.Join(strings.Fields(s), " "))
	if len(r) <= n {
		return string(r)
	}
	return string(r[:n-1]) + "…"
}

// editorHint describes a markdown box that does not save the form when
// left: "Markdown. ctrl+e opens your editor." (no editor over SSH).
func editorHint(c *kit.Common) string {
	if len(c.Keys.Form.Editor.Keys()) == 0 {
		return "Markdown."
	}
	return "Markdown. " + kit.KeyName(c.Keys.Form.Editor) + " opens your editor."
}
