package stories_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"briefbot/stories"
)

// prose generates news-like articles from many invented events, so tests
// and benchmarks run on varied text of realistic length instead of one
// repeated paragraph. Each event has its own actors, place, action and
// figures; its articles rephrase it with different headline patterns and
// leads, as outlets do.
type prose struct {
	r     *rand.Rand
	names []string
	words []string // invented common nouns, so events differ in more than names
	start time.Time
	n     int
	step  time.Duration // time between two events
}

func newProse(seed uint64) *prose {
	p := &prose{r: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), start: time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC), step: 90 * time.Second}
	syl := strings.Fields("ka ri mo tel an su vo lin da mir bek zor ha qa ne lu tor vin sa el ost ram gu pa di fen ul ker ab jo")
	seen := map[string]bool{}
	for len(p.names)+len(p.words) < 12000 {
		var b strings.Builder
		for range 2 + p.r.IntN(3) {
			b.WriteString(syl[p.r.IntN(len(syl))])
		}
		n := b.String()
		if seen[n] {
			continue
		}
		seen[n] = true
		if len(p.names) < 6000 {
			p.names = append(p.names, strings.ToUpper(n[:1])+n[1:])
		} else {
			p.words = append(p.words, n)
		}
	}
	return p
}

var (
	actions = [][2]string{
		{"signs", "signed"}, {"rejects", "rejected"}, {"approves", "approved"}, {"suspends", "suspended"},
		{"announces", "announced"}, {"expands", "expanded"}, {"cancels", "cancelled"}, {"extends", "extended"},
		{"blocks", "blocked"}, {"launches", "launched"}, {"ratifies", "ratified"}, {"revives", "revived"},
		{"freezes", "froze"}, {"restores", "restored"}, {"ends", "ended"}, {"delays", "delayed"},
	}
	objects = strings.Fields(`treaty pipeline accord tariff embargo ceasefire loan corridor summit mission programme
		sanctions agreement deal investigation reform budget election inquiry exercise partnership grid port railway
		refinery satellite vaccine subsidy charter quota licence strike talks`)
	modifiers = strings.Fields(`energy security trade border naval nuclear grain water shipping banking arms transit
		fishing mining data health aviation customs`)
	adjectives = strings.Fields(`long-awaited controversial sweeping limited provisional disputed landmark surprise
		fragile expanded revised emergency joint bilateral regional`)
	fillers = []string{
		"Officials said the decision followed weeks of talks.",
		"The move drew criticism from opposition lawmakers.",
		"Analysts expect markets to react when trading opens.",
		"Diplomats described the atmosphere as tense but constructive.",
		"A spokesperson declined to give further details.",
		"Neighbouring governments are watching the outcome closely.",
		"Critics say the plan leaves key questions unanswered.",
		"The announcement came after an overnight meeting in the capital.",
	}
)

// event is one invented happening.
type event struct {
	actorA, actorB, place, leader string
	action                        [2]string
	object, modifier, adjective   string
	figure                        int
	when                          time.Time
}

func (p *prose) event() event {
	p.n++
	pick := func() string { return p.names[p.r.IntN(len(p.names))] }
	return event{
		actorA: pick(), actorB: pick(), place: pick(), leader: pick() + " " + pick(),
		action: actions[p.r.IntN(len(actions))], object: p.pickWord(objects),
		modifier: p.pickWord(modifiers), adjective: adjectives[p.r.IntN(len(adjectives))],
		figure: 2 + p.r.IntN(900),
		when:   p.start.Add(time.Duration(p.n) * p.step),
	}
}

// pickWord takes a common news word or, as often, an invented one.
func (p *prose) pickWord(common []string) string {
	if p.r.IntN(2) == 0 {
		return common[p.r.IntN(len(common))]
	}
	return p.words[p.r.IntN(len(p.words))]
}

// article writes one outlet's report of e.
func (p *prose) article(id string, e event) stories.Article {
	headlines := []string{
		"%[1]s %[3]s %[5]s %[4]s with %[2]s",
		"%[1]s and %[2]s %[6]s %[5]s %[4]s after talks in %[7]s",
		"%[2]s welcomes as %[1]s %[3]s %[4]s worth %[8]d million",
		"%[7]s talks: %[1]s %[3]s %[4]s, %[2]s says",
		"%[1]s %[3]s %[9]s %[5]s %[4]s",
	}
	h := headlines[p.r.IntN(len(headlines))]
	title := fmt.Sprintf(h, e.actorA, e.actorB, e.action[0], e.object, e.modifier, e.action[1], e.place, e.figure, e.adjective)
	var text strings.Builder
	fmt.Fprintf(&text, "%s %s the %s %s %s with %s on %s, %s said in %s. ", e.actorA, e.action[1], e.adjective, e.modifier, e.object,
		e.actorB, e.when.Weekday(), e.leader, e.place)
	fmt.Fprintf(&text, "The %s is worth about %d million and covers %d projects. ", e.object, e.figure, 1+e.figure%40)
	for range 1 + p.r.IntN(3) {
		text.WriteString(fillers[p.r.IntN(len(fillers))])
		text.WriteByte(' ')
	}
	return stories.Article{ID: id, Title: title, Text: strings.TrimSpace(text.String()),
		Published: e.when.Add(time.Duration(p.r.IntN(600)) * time.Minute)}
}

// background returns a vocabulary counted over n generated articles, the
// history a running service would have.
func background(n int) *stories.Vocabulary {
	p := newProse(7)
	v := stories.NewVocabulary()
	for i := range n {
		v.Add(p.article(fmt.Sprintf("bg-%d", i), p.event()))
	}
	return v
}
