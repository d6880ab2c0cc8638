// Package assets holds the files built into the involve binary. The demo
// lists here (names, venues, forums, agenda topics) are fictional and feed
// the demo database; every accessor returns a fresh copy, so callers may
// change what they get.
package assets

import (
	"embed"
	"fmt"
	"slices"
	"strings"
	"sync"
)

//go:embed demo/*.txt
var demoFS embed.FS

//go:embed demo/stories/*.md
var storiesFS embed.FS

// DemoStories are the demo's fictional stories (demo/stories/*.md, with
// YAML front matter, dated as if today were DemoStoriesToday), by file name.
func DemoStories() map[string][]byte {
	out := map[string][]byte{}
	entries, _ := storiesFS.ReadDir("demo/stories")
	for _, e := range entries {
		b, err := storiesFS.ReadFile("demo/stories/" + e.Name())
		if err == nil {
			out[e.Name()] = b
		}
	}
	return out
}

// DemoStoriesToday is the date the demo stories' dates are written from:
// the demo moves them by however far its today is from this one.
const DemoStoriesToday = "2026-06-01"

// Forum is one line of demo/forums.txt: a fictional forum to seed the demo.
type Forum struct {
	Name    string
	Purpose string
	Venue   string
	Pattern string // "<First|Second|Third|Fourth|Last> <weekday>, HH:MM", London time
	Social  bool
	Members string // who it is mostly for: "users", "carers", "mixed" or "panel"
}

// Topic is one line of demo/topics.txt: something a forum is consulted on.
type Topic struct {
	Title  string
	Update string   // what the commissioners report
	Points []string // what members said
}

// NameGroup is the first names and surnames of one community, so that a
// demo name usually pairs within it ("Łukasz Nowak" rather than "Łukasz
// Okafor").
type NameGroup struct {
	Group      string // "english", "irish", "pakistani", ...
	FirstNames []string
	Surnames   []string
}

// Feedback is one "you said, we did" pair.
type Feedback struct {
	YouSaid string
	WeDid   string
}

type demoData struct {
	firstNames, surnames, venues, areas, actions []string
	forums                                       []Forum
	topics                                       []Topic
	feedback                                     []Feedback
	groups                                       []NameGroup
}

var demo = sync.OnceValue(func() demoData {
	d, err := parseDemo()
	if err != nil {
		panic(err) // the files are built in: a bad line is a programming error, caught by the tests
	}
	return d
})

func parseDemo() (demoData, error) {
	var d demoData
	var err error
	for _, f := range []struct {
		name string
		dst  *[]string
	}{
		{"first_names.txt", &d.firstNames},
		{"surnames.txt", &d.surnames},
		{"venues.txt", &d.venues},
		{"areas.txt", &d.areas},
		{"actions.txt", &d.actions},
	} {
		if *f.dst, err = lines(f.name); err != nil {
			return d, err
		}
	}
	if d.groups, err = nameGroups(); err != nil {
		return d, err
	}
	err = fields("forums.txt", 6, func(p []string) error {
		social := strings.ToLower(p[4])
		if social != "yes" && social != "no" {
			return fmt.Errorf("social must be yes or no, not %q", p[4])
		}
		switch p[5] {
		case "users", "carers", "mixed", "panel":
		default:
			return fmt.Errorf("members must be users, carers, mixed or panel, not %q", p[5])
		}
		d.forums = append(d.forums, Forum{Name: p[0], Purpose: p[1], Venue: p[2], Pattern: p[3], Social: social == "yes", Members: p[5]})
		return nil
	})
	if err != nil {
		return d, err
	}
	err = fields("topics.txt", 3, func(p []string) error {
		t := Topic{Title: p[0], Update: p[1]}
		for pt := range strings.SplitSeq(p[2], ";") {
			if pt = strings.TrimSpace(pt); pt != "" {
				t.Points = append(t.Points, pt)
			}
		}
		d.topics = append(d.topics, t)
		return nil
	})
	if err != nil {
		return d, err
	}
	err = fields("yousaid.txt", 2, func(p []string) error {
		d.feedback = append(d.feedback, Feedback{YouSaid: p[0], WeDid: p[1]})
		return nil
	})
	return d, err
}

// section is a group heading in a list: "[polish]".
func section(l string) (string, bool) {
	if strings.HasPrefix(l, "[") && strings.HasSuffix(l, "]") {
		return strings.TrimSpace(l[1 : len(l)-1]), true
	}
	return "", false
}

// grouped reads a list divided into [group] sections.
func grouped(name string) (order []string, items map[string][]string, err error) {
	ls, err := rawLines(name)
	if err != nil {
		return nil, nil, err
	}
	items = map[string][]string{}
	group := ""
	for _, l := range ls {
		if g, ok := section(l); ok {
			if _, dup := items[g]; dup || g == "" {
				return nil, nil, fmt.Errorf("assets: demo/%s: group [%s] is empty or repeated", name, g)
			}
			group = g
			order = append(order, g)
			items[g] = nil
			continue
		}
		if group == "" {
			return nil, nil, fmt.Errorf("assets: demo/%s: %q comes before any [group]", name, l)
		}
		items[group] = append(items[group], l)
	}
	return order, items, nil
}

func nameGroups() ([]NameGroup, error) {
	order, firsts, err := grouped("first_names.txt")
	if err != nil {
		return nil, err
	}
	sorder, lasts, err := grouped("surnames.txt")
	if err != nil {
		return nil, err
	}
	if strings.Join(order, ",") != strings.Join(sorder, ",") {
		return nil, fmt.Errorf("assets: first_names.txt and surnames.txt have different groups: %v and %v", order, sorder)
	}
	var out []NameGroup
	for _, g := range order {
		if len(firsts[g]) == 0 || len(lasts[g]) == 0 {
			return nil, fmt.Errorf("assets: name group [%s] needs first names and surnames", g)
		}
		out = append(out, NameGroup{Group: g, FirstNames: firsts[g], Surnames: lasts[g]})
	}
	return out, nil
}

// lines reads a demo list: one item a line, blank lines, lines starting
// with # and [group] headings left out.
func lines(name string) ([]string, error) {
	ls, err := rawLines(name)
	if err != nil {
		return nil, err
	}
	out := ls[:0]
	for _, l := range ls {
		if _, ok := section(l); !ok {
			out = append(out, l)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("assets: demo/%s is empty", name)
	}
	return out, nil
}

// rawLines reads a demo file's lines, leaving out blank ones and comments.
func rawLines(name string) ([]string, error) {
	b, err := demoFS.ReadFile("demo/" + name)
	if err != nil {
		return nil, err
	}
	var out []string
	for l := range strings.Lines(string(b)) {
		l = strings.TrimSpace(l)
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		out = append(out, l)
	}
	return out, nil
}

// fields reads a demo table: n fields a line, separated by |.
func fields(name string, n int, fn func([]string) error) error {
	ls, err := lines(name)
	if err != nil {
		return err
	}
	for i, l := range ls {
		p := strings.Split(l, "|")
		if len(p) != n {
			return fmt.Errorf("assets: demo/%s item %d: want %d fields separated by |, got %d", name, i+1, n, len(p))
		}
		for j := range p {
			p[j] = strings.TrimSpace(p[j])
			if p[j] == "" {
				return fmt.Errorf("assets: demo/%s item %d: field %d is empty", name, i+1, j+1)
			}
		}
		if err := fn(p); err != nil {
			return fmt.Errorf("assets: demo/%s item %d: %w", name, i+1, err)
		}
	}
	return nil
}

// FirstNames lists fictional first names from many communities (all groups).
func FirstNames() []string { return slices.Clone(demo().firstNames) }

// Surnames lists fictional surnames from many communities.
func Surnames() []string { return slices.Clone(demo().surnames) }

// Venues lists fictional community venues.
func Venues() []string { return slices.Clone(demo().venues) }

// Areas lists fictional neighbourhoods, used to name local forums.
func Areas() []string { return slices.Clone(demo().areas) }

// ActionIdeas lists things a forum might agree to do.
func ActionIdeas() []string { return slices.Clone(demo().actions) }

// Forums lists the demo forums.
func Forums() []Forum { return slices.Clone(demo().forums) }

// Topics lists consultation topics for agendas and minutes.
func Topics() []Topic {
	ts := slices.Clone(demo().topics)
	for i := range ts {
		ts[i].Points = slices.Clone(ts[i].Points)
	}
	return ts
}

// NameGroups lists the first names and surnames by community, in file order.
func NameGroups() []NameGroup {
	gs := slices.Clone(demo().groups)
	for i := range gs {
		gs[i].FirstNames = slices.Clone(gs[i].FirstNames)
		gs[i].Surnames = slices.Clone(gs[i].Surnames)
	}
	return gs
}

// YouSaidWeDid lists "you said, we did" feedback for minutes.
func YouSaidWeDid() []Feedback { return slices.Clone(demo().feedback) }
