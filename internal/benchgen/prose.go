// Package benchgen makes the inputs of the `briefbot bench` commands:
// news articles of varied, realistic prose and a loopback server of RSS
// feeds carrying them.
//
// The prose is composed sentence by sentence from vocabularies of people,
// countries, cities, organisations, numbers and subject matter, so that no
// two articles share their text unless one is meant to be a copy of the
// other: repeated text would hide the cost of matching and clustering. A
// share of the articles (TopicShare) is about the default watched topics
// (the Iran nuclear deal, the SCO, Iran-Russia relations) and a share
// (WireShare) are wire copies: the same story, word for word, carried by
// several feeds under their own links.
//
// Everything is a pure function of the seed and the article's position,
// so a feed served twice is the same document and a benchmark can be
// rerun on the same input.
package benchgen

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
)

// Shares of generated articles.
const (
	TopicShare = 0.15 // about one of the default topics
	WireShare  = 0.05 // a wire copy also carried by other feeds
	// wireFeeds is how many feeds carry each wire story, on average.
	wireFeeds = 3
)

// Default topics the generator writes about, by topic ID.
var Topics = []string{"jcpoa", "sco", "iran-russia"}

// Article is one generated news item.
type Article struct {
	GUID      string
	Link      string
	Title     string
	Text      string // 1-2 KB of prose, paragraphs separated by blank lines
	Published time.Time
	// Topic is the default topic the article was written about, "" for
	// none (the matcher decides what it really matches).
	Topic string
	// Wire is the wire story the article copies, -1 for none.
	Wire int
}

// Generator writes articles for a set of feeds.
type Generator struct {
	Seed uint64
	// Feeds is the number of feeds; wire stories are spread across them.
	Feeds int
	// Items is the number of items per feed (default 20).
	Items int
	// Base is the time of the newest item; items are spread over the two
	// days before it.
	Base time.Time
	// Host is the site articles link to (default "news.invalid").
	Host string
}

func (g *Generator) items() int {
	if g.Items <= 0 {
		return 20
	}
	return g.Items
}

func (g *Generator) host() string {
	if g.Host == "" {
		return "news.invalid"
	}
	return g.Host
}

// wireStories is how many distinct wire stories the feeds share.
func (g *Generator) wireStories() int {
	return max(1, int(float64(g.Feeds*g.items())*WireShare/wireFeeds))
}

func rng(seed uint64, a, b int) *rand.Rand {
	return rand.New(rand.NewPCG(seed^0x62726965666267, uint64(a)<<32|uint64(uint32(b))))
}

// Item returns item k (0 newest) of feed f.
func (g *Generator) Item(f, k int) Article {
	r := rng(g.Seed, f, k)
	span := 48 * time.Hour / time.Duration(g.items())
	pub := g.Base.Add(-time.Duration(k)*span - time.Duration(r.Int64N(int64(span)))).Truncate(time.Second)
	a := Article{
		GUID:      fmt.Sprintf("https://%s/f%d/%d", g.host(), f, k),
		Link:      fmt.Sprintf("https://%s/f%d/story-%d.html", g.host(), f, k),
		Published: pub,
		Wire:      -1,
	}
	roll := r.Float64()
	switch {
	case roll < WireShare:
		a.Wire = r.IntN(g.wireStories())
		w := Compose(g.Seed^0x77697265, a.Wire)
		a.Title, a.Text, a.Topic = w.Title, w.Text, w.Topic
	default:
		c := Compose(g.Seed, f*g.items()+k)
		a.Title, a.Text, a.Topic = c.Title, c.Text, c.Topic
	}
	return a
}

// Compose writes article n of the seed's stream: about a default topic
// for TopicShare of n, else about one of the general subjects.
func Compose(seed uint64, n int) Article {
	r := rng(seed, -1, n)
	w := &writer{r: r}
	topic := ""
	if r.Float64() < TopicShare {
		topic = Topics[r.IntN(len(Topics))]
	}
	target := 1024 + r.IntN(1024)
	var b strings.Builder
	var title string
	switch topic {
	case "":
		d := domains[r.IntN(len(domains))]
		title = w.fill(pick(r, d.headlines), d)
		for b.Len() < target-120 {
			w.paragraph(&b, d, nil)
		}
	default:
		tp := topicProse[topic]
		title = w.fill(pick(r, tp.headlines), tp.domain)
		// The lead is about the topic; later paragraphs mix in the
		// general background of its domain.
		w.paragraph(&b, tp.domain, tp.sentences)
		for b.Len() < target-120 {
			if r.IntN(3) == 0 {
				w.paragraph(&b, tp.domain, tp.sentences)
			} else {
				w.paragraph(&b, tp.domain, nil)
			}
		}
	}
	text := strings.TrimSpace(b.String())
	if len(text) > 2048 {
		cut := strings.LastIndex(text[:2048], ". ")
		if cut > 900 {
			text = text[:cut+1]
		}
	}
	return Article{Title: title, Text: text, Topic: topic, Wire: -1}
}

type writer struct{ r *rand.Rand }

// paragraph appends two to four sentences, from own when given (one of
// them), else from the domain and the general pool.
func (w *writer) paragraph(b *strings.Builder, d *domain, own []string) {
	if b.Len() > 0 {
		b.WriteString("\n\n")
	}
	n := 2 + w.r.IntN(3)
	for i := range n {
		var tmpl string
		switch {
		case own != nil && i == 0:
			tmpl = pick(w.r, own)
		case w.r.IntN(2) == 0:
			tmpl = pick(w.r, d.sentences)
		default:
			tmpl = pick(w.r, general)
		}
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(w.fill(tmpl, d))
	}
}

// fill replaces the slots of a template:
//
//	{P} a person      {C} a country   {C2} another country  {T} a city
//	{O} an organisation  {F} a firm   {N} a number          {X} a percentage
//	{M} a month       {W} a weekday   {S} a subject noun of the domain
//	{V} a past-tense verb of the domain  {A} an adjective   {R} a role
func (w *writer) fill(tmpl string, d *domain) string {
	r := w.r
	var b strings.Builder
	for {
		i := strings.IndexByte(tmpl, '{')
		if i < 0 {
			b.WriteString(tmpl)
			break
		}
		j := strings.IndexByte(tmpl[i:], '}')
		if j < 0 {
			b.WriteString(tmpl)
			break
		}
		b.WriteString(tmpl[:i])
		switch tmpl[i+1 : i+j] {
		case "P":
			b.WriteString(pick(r, firstNames) + " " + pick(r, lastNames))
		case "C":
			b.WriteString(pick(r, countries))
		case "C2":
			b.WriteString(pick(r, countries))
		case "T":
			b.WriteString(pick(r, cities))
		case "O":
			b.WriteString(pick(r, orgPrefixes) + " " + pick(r, orgNouns))
		case "F":
			b.WriteString(pick(r, firmWords) + " " + pick(r, firmWords2) + " " + pick(r, firmSuffixes))
		case "N":
			fmt.Fprintf(&b, "%d", []int{2, 3, 4, 5, 7, 9, 12, 15, 18, 24, 30, 40, 45, 60, 75, 120, 150, 300, 450, 800, 1200, 2500}[r.IntN(22)]+r.IntN(9))
		case "X":
			fmt.Fprintf(&b, "%d.%d percent", r.IntN(40), r.IntN(10))
		case "M":
			b.WriteString(pick(r, months))
		case "W":
			b.WriteString(pick(r, weekdays))
		case "S":
			b.WriteString(pick(r, d.nouns))
		case "V":
			b.WriteString(pick(r, d.verbs))
		case "A":
			b.WriteString(pick(r, adjectives))
		case "R":
			b.WriteString(pick(r, roles))
		default:
			b.WriteString(tmpl[i : i+j+1])
		}
		tmpl = tmpl[i+j+1:]
	}
	s := b.String()
	if s != "" && s[0] >= 'a' && s[0] <= 'z' {
		s = strings.ToUpper(s[:1]) + s[1:]
	}
	return s
}

func pick(r *rand.Rand, s []string) string { return s[r.IntN(len(s))] }
