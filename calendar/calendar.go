// Package calendar writes meetings as an iCalendar file (RFC 5545) that
// Outlook, Google Calendar, Apple Calendar, Thunderbird and calcurse read.
//
// The calendar is built with github.com/emersion/go-ical, which checks the
// components (exactly one UID and DTSTAMP in an event, a VTIMEZONE with its
// STANDARD and DAYLIGHT parts), escapes text and ends every line with CRLF,
// but never folds a long line; Fold does that, at 75 octets and never
// inside a UTF-8 sequence, and every line written goes through it.
//
// An event holds the forum's name (SUMMARY) and the venue (LOCATION) only:
// no agenda, minutes or register, which may name people. Its UID is the
// meeting's id, so a calendar imported again updates the same events; its
// SEQUENCE rises with every change to the meeting (the record's version −
// 1), DTSTAMP and LAST-MODIFIED are when the meeting last changed, and a
// cancelled meeting is STATUS:CANCELLED. Times are London wall-clock times
// with TZID=Europe/London, and the calendar carries the VTIMEZONE that
// defines it (Outlook needs it; calcurse ignores it and uses the system's
// zone database, which agrees).
package calendar

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	ical "github.com/emersion/go-ical"

	"github.com/involve/involve/store"
	"github.com/involve/involve/termsafe"
)

// ProductID names the program that wrote the calendar (PRODID).
const ProductID = "-//involve//involve calendar 1.0//EN"

// TZID is the time zone every event's times are given in.
const TZID = "Europe/London"

// MaxLine is the longest a line may be, in octets, without its CRLF.
const MaxLine = 75

// UIDSuffix follows the meeting's id in an event's UID, making it unique
// beyond this database's ids.
const UIDSuffix = "@involve"

// Write writes the meetings as one calendar called name (X-WR-CALNAME,
// which calendar programs show as the calendar's title).
func Write(w io.Writer, name string, meetings []store.CalendarMeeting) error {
	cal := ical.NewCalendar()
	cal.Props.SetText(ical.PropProductID, ProductID)
	cal.Props.SetText(ical.PropVersion, "2.0")
	cal.Props.SetText(ical.PropCalendarScale, "GREGORIAN")
	cal.Props.SetText("X-WR-CALNAME", clean(name))
	cal.Props.SetText("X-WR-TIMEZONE", TZID)
	cal.Children = append(cal.Children, londonTimezone())
	for _, m := range meetings {
		cal.Children = append(cal.Children, event(m).Component)
	}
	var buf bytes.Buffer
	if err := ical.NewEncoder(&buf).Encode(cal); err != nil {
		return err
	}
	return writeFolded(w, buf.Bytes())
}

// event is one meeting as a VEVENT.
func event(m store.CalendarMeeting) *ical.Event {
	e := ical.NewEvent()
	e.Props.SetText(ical.PropUID, m.ID+UIDSuffix)
	e.Props.SetDateTime(ical.PropDateTimeStamp, m.UpdatedAt.UTC())
	e.Props.SetDateTime(ical.PropCreated, m.CreatedAt.UTC())
	e.Props.SetDateTime(ical.PropLastModified, m.UpdatedAt.UTC())
	e.Props.SetDateTime(ical.PropDateTimeStart, m.Start.In(store.London))
	e.Props.SetDateTime(ical.PropDateTimeEnd, m.End.In(store.London))
	seq := ical.NewProp(ical.PropSequence)
	seq.Value = strconv.FormatInt(max(0, m.Version-1), 10)
	e.Props.Set(seq)
	e.Props.SetText(ical.PropSummary, clean(m.Forum))
	if v := clean(m.Venue); v != "" {
		e.Props.SetText(ical.PropLocation, v)
	}
	status := "CONFIRMED"
	if m.Status == store.MeetingCancelled {
		status = "CANCELLED"
	}
	e.Props.SetText(ical.PropStatus, status)
	e.Props.SetText(ical.PropTransparency, "OPAQUE")
	return e
}

// clean is a one-line text value: no control characters, no newlines.
func clean(s string) string { return strings.TrimSpace(termsafe.Line(s)) }

// londonTimezone is the VTIMEZONE for Europe/London as UK law has had it
// since 1996: British Summer Time from 01:00 GMT on the last Sunday of
// March to 01:00 GMT (02:00 BST) on the last Sunday of October.
func londonTimezone() *ical.Component {
	tz := ical.NewComponent(ical.CompTimezone)
	tz.Props.SetText(ical.PropTimezoneID, TZID)
	part := func(name, from, to, abbr, start, rule string) *ical.Component {
		c := ical.NewComponent(name)
		for _, p := range [][2]string{
			{ical.PropTimezoneOffsetFrom, from}, {ical.PropTimezoneOffsetTo, to},
			{ical.PropTimezoneName, abbr}, {ical.PropDateTimeStart, start}, {ical.PropRecurrenceRule, rule},
		} {
			prop := ical.NewProp(p[0])
			prop.Value = p[1]
			c.Props.Set(prop)
		}
		return c
	}
	tz.Children = append(tz.Children,
		part(ical.CompTimezoneDaylight, "+0000", "+0100", "BST", "19810329T010000", "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU"),
		part(ical.CompTimezoneStandard, "+0100", "+0000", "GMT", "19961027T020000", "FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU"),
	)
	return tz
}

// writeFolded writes the encoder's CRLF-ended lines, each folded.
func writeFolded(w io.Writer, data []byte) error {
	bw := bufio.NewWriter(w)
	for len(data) > 0 {
		i := bytes.Index(data, []byte("\r\n"))
		if i < 0 {
			i = len(data)
		}
		bw.WriteString(Fold(string(data[:i])))
		bw.WriteString("\r\n")
		data = data[min(len(data), i+2):]
	}
	return bw.Flush()
}

// Fold folds one content line (RFC 5545 §3.1): no line longer than
// MaxLine octets, each continuation starting with a space, and no UTF-8
// sequence split between two lines. The result has CRLF between its
// lines and none at the end.
func Fold(line string) string {
	if len(line) <= MaxLine {
		return line
	}
	var b strings.Builder
	b.Grow(len(line) + len(line)/MaxLine*3 + 3)
	limit := MaxLine // the first line has all 75 octets; the others 74 after their space
	for len(line) > limit {
		cut := limit
		// Step back to the start of a character: never between the
		// bytes of one.
		for cut > 0 && !utf8.RuneStart(line[cut]) {
			cut--
		}
		if cut == 0 {
			cut = limit // not UTF-8 here: cut where the octets run out
		}
		b.WriteString(line[:cut])
		b.WriteString("\r\n ")
		line = line[cut:]
		limit = MaxLine - 1
	}
	b.WriteString(line)
	return b.String()
}

// Filename is a file name for one meeting's calendar: the forum's name and
// the date, in letters, digits and hyphens only ("tuesday-forum-2026-04-14.ics").
func Filename(m store.CalendarMeeting) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(m.Forum) {
		if r < utf8.RuneSelf && (r >= 'a' && r <= 'z' || r >= '0' && r <= '9') {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	name := strings.TrimSuffix(b.String(), "-")
	if name == "" {
		name = "meeting"
	}
	return name + "-" + m.Start.In(store.London).Format(time.DateOnly) + ".ics"
}

// WriteFile writes the calendar to path, mode 0600, through a temporary
// file renamed into place, so a failure leaves nothing half-written and a
// file already there is replaced whole (a meeting exported again after a
// change).
func WriteFile(path, name string, meetings []store.CalendarMeeting) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".involve-calendar-*")
	if err != nil {
		return fmt.Errorf("cannot write %s: %s", path, store.FileProblem(err))
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return err
	}
	if err := Write(tmp, name, meetings); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("cannot write %s: %s", path, store.FileProblem(err))
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("cannot write %s: %s", path, store.FileProblem(err))
	}
	return nil
}
