package storetest

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"briefbot/brief"
)

// Prose generates a stream of news articles for benchmarks: events one
// after another, each reported by one or more outlets under their own
// headlines and words, with the varied vocabulary of real wire copy
// (actors, places, numbers, dates), never the same text twice. The same
// seed gives the same stream.
type Prose struct {
	rnd  *rand.Rand
	seed uint64
	now  time.Time
	step time.Duration
	seq  int
}

// NewProse starts a stream at start, events step apart.
func NewProse(seed uint64, start time.Time, step time.Duration) *Prose {
	return &Prose{rnd: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), seed: seed, now: start, step: step}
}

var (
	actors = []string{"Iran", "Russia", "China", "India", "Turkey", "Saudi Arabia", "Pakistan", "Kazakhstan",
		"Uzbekistan", "Azerbaijan", "Armenia", "Georgia", "Belarus", "Egypt", "Qatar", "Iraq", "Syria", "Israel",
		"Ukraine", "Poland", "Germany", "France", "Japan", "Brazil", "Kyrgyzstan", "Tajikistan", "Mongolia",
		"the United Arab Emirates", "Oman", "Afghanistan", "Indonesia", "Vietnam", "South Africa", "Nigeria"}
	leaders = []string{"Vladimir Putin", "Masoud Pezeshkian", "Abbas Araghchi", "Sergei Lavrov", "Xi Jinping",
		"Narendra Modi", "Recep Tayyip Erdogan", "Shehbaz Sharif", "Kassym-Jomart Tokayev", "Ilham Aliyev",
		"Shavkat Mirziyoyev", "Alexander Lukashenko", "Wang Yi", "Hakan Fidan", "Mohammed bin Salman",
		"Sadyr Japarov", "Emomali Rahmon", "Ali Larijani", "Mikhail Mishustin", "Alexei Overchuk"}
	places = []string{"Moscow", "Tehran", "Beijing", "New Delhi", "Ankara", "Riyadh", "Islamabad", "Astana",
		"Tashkent", "Baku", "Yerevan", "Tbilisi", "Minsk", "Cairo", "Doha", "Baghdad", "Bishkek", "Dushanbe",
		"Kazan", "Sochi", "Vienna", "Geneva", "Abu Dhabi", "Muscat", "Samarkand", "Astrakhan", "Bandar Abbas",
		"Rasht", "Astara", "Chabahar", "Ulaanbaatar", "Ashgabat", "St Petersburg", "Vladivostok"}
	happenings = []struct{ noun, verb, past string }{
		{"railway agreement", "sign", "signed"}, {"gas supply deal", "agree", "agreed"},
		{"naval exercise", "hold", "held"}, {"currency swap line", "open", "opened"},
		{"nuclear talks", "resume", "resumed"}, {"trade corridor", "launch", "launched"},
		{"visa waiver", "announce", "announced"}, {"drone factory", "inaugurate", "inaugurated"},
		{"security pact", "ratify", "ratified"}, {"payment system link", "connect", "connected"},
		{"grain shipment", "deliver", "delivered"}, {"border crossing", "reopen", "reopened"},
		{"oil export quota", "raise", "raised"}, {"sanctions package", "condemn", "condemned"},
		{"air defence contract", "finalise", "finalised"}, {"satellite launch", "conduct", "conducted"},
		{"prisoner exchange", "complete", "completed"}, {"port lease", "extend", "extended"},
		{"power line project", "approve", "approved"}, {"summit declaration", "adopt", "adopted"},
	}
	subjects = []string{"officials", "ministers", "delegations", "negotiators", "envoys", "lawmakers",
		"energy executives", "central bankers", "defence chiefs", "customs authorities"}
	qualifiers = []string{"on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday", "at the weekend",
		"late on Sunday", "early on Saturday", "after two days of talks", "after months of delay"}
	// Fillers: {L} a leader, {N} the happening, {P} a place, {A} an actor,
	// {D} a number.
	fillers = []string{
		"{L} said the {N} would be worth about {D} million dollars over {D} years.",
		"Analysts in {P} cautioned that similar plans had stalled before because of financing disputes.",
		"The talks in {P} followed a visit by a delegation of {D} officials earlier this month.",
		"Trade between the two countries rose {D} percent last year, according to customs data published in {P}.",
		"{L} told reporters the {N} was not aimed at any third country.",
		"Western governments have criticised the {N}, saying it could weaken existing sanctions.",
		"A joint commission will meet again in {P} in {D} weeks to review progress.",
		"The agreement still needs approval by parliament in {A}.",
		"State media showed {L} shaking hands with counterparts before a closed session.",
		"Previous rounds of talks ended without a statement, and diplomats described this one as more productive.",
		"The project had been announced {D} years ago but work stopped amid disagreements over costs.",
		"Shipping companies said the route would cut delivery times by {D} days.",
		"Opposition politicians in {A} called the {N} a costly mistake.",
		"Markets in {P} barely moved on the news, traders said.",
	}
	headlines = []string{
		"%[1]s and %[2]s %[3]s %[7]s %[4]s",
		"%[1]s, %[2]s %[3]s %[4]s in %[5]s",
		"%[5]s talks: %[1]s and %[2]s %[3]s %[7]s deal",
		"%[2]s says it will %[3]s %[7]s %[4]s with %[1]s",
		"%[1]s-%[2]s %[7]s %[4]s: what was agreed in %[5]s",
		"%[6]s hails %[7]s %[4]s between %[1]s and %[2]s",
	}
	// syllables make each event's own name (a project, a company, a
	// field), as real events have names no other event shares.
	syllables = []string{"ve", "tra", "no", "kar", "sk", "om", "ir", "zal", "des", "pol", "mer", "qa", "lin",
		"sha", "dor", "bek", "ani", "rus", "tel", "gor", "vo", "chi", "mun", "ez", "ka", "lor", "fen", "is", "tu", "bra"}
	outlets = []string{"Caspian Wire", "Eurasia Daily", "Gulf Monitor", "Steppe Times", "Silk Road Post",
		"Continental Review", "Morning Ledger", "Frontier Herald", "Meridian News", "Harbour Gazette",
		"Capital Observer", "Northern Dispatch"}
)

// Event is one happening that several outlets report.
type Event struct {
	a, b, place, leader, name string
	h                         int
	when                      time.Time
	n1, n2                    int
}

// Event starts the next happening.
func (p *Prose) Event() Event {
	p.now = p.now.Add(p.step)
	a := p.rnd.IntN(len(actors))
	b := (a + 1 + p.rnd.IntN(len(actors)-1)) % len(actors)
	return Event{a: actors[a], b: actors[b], place: places[p.rnd.IntN(len(places))],
		leader: leaders[p.rnd.IntN(len(leaders))], h: p.rnd.IntN(len(happenings)), when: p.now,
		name: p.name(),
		n1:   10 + p.rnd.IntN(990), n2: 2 + p.rnd.IntN(28)}
}

// Article is one outlet's report of e, published within hours of it.
func (p *Prose) Article(e Event, outlet int) brief.Article {
	p.seq++
	h := happenings[e.h]
	name := outlets[outlet%len(outlets)]
	title := fmt.Sprintf(headlines[p.rnd.IntN(len(headlines))], e.a, e.b, h.verb, h.noun, e.place, e.leader, e.name)
	var body strings.Builder
	fmt.Fprintf(&body, "%s — %s and %s %s the %s %s %s, %s from both sides said.",
		strings.ToUpper(e.place), e.a, e.b, h.past, e.name, h.noun, qualifiers[p.rnd.IntN(len(qualifiers))],
		subjects[p.rnd.IntN(len(subjects))])
	for range 3 + p.rnd.IntN(4) {
		body.WriteString("\n\n")
		f := fillers[p.rnd.IntN(len(fillers))]
		for {
			i := strings.IndexByte(f, '{')
			if i < 0 {
				break
			}
			var v string
			switch f[i+1] {
			case 'L':
				v = e.leader
			case 'N':
				v = e.name + " " + h.noun
			case 'P':
				v = []string{e.place, places[p.rnd.IntN(len(places))]}[p.rnd.IntN(2)]
			case 'A':
				v = []string{e.a, e.b}[p.rnd.IntN(2)]
			default:
				v = fmt.Sprint(2 + p.rnd.IntN(300))
			}
			f = f[:i] + v + f[i+3:]
		}
		body.WriteString(f)
	}
	published := e.when.Add(time.Duration(p.rnd.IntN(6*3600)) * time.Second)
	// Streams of different seeds never share an ID.
	id := fmt.Sprintf("https://%s.example/news/%d-%d", strings.ToLower(strings.ReplaceAll(name, " ", "-")), p.seed, p.seq)
	return brief.Article{ID: id, FeedURL: "https://" + strings.ToLower(strings.ReplaceAll(name, " ", "-")) + ".example/rss",
		Source: name, Title: title, Link: id, Text: body.String(), Published: published, Fetched: published.Add(time.Minute)}
}

// Actors reports the two actors of e, for callers choosing topics.
func (e Event) Actors() (string, string) { return e.a, e.b }

// When is when the happening took place.
func (e Event) When() time.Time { return e.when }

// name is a capitalised made-up name of two or three syllables.
func (p *Prose) name() string {
	var b strings.Builder
	for range 2 + p.rnd.IntN(2) {
		b.WriteString(syllables[p.rnd.IntN(len(syllables))])
	}
	n := b.String()
	return strings.ToUpper(n[:1]) + n[1:]
}
