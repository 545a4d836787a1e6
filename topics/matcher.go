package topics

import (
	"math"
	"slices"
	"sync"

	"briefbot/brief"
)

// Matcher matches articles against compiled topics. It is immutable after
// Compile and safe for concurrent use.
type Matcher struct {
	ix     *index
	topics []ctopic
	pool   sync.Pool
}

// rawHit is a pattern found over words t0..t1 (indices into the article's
// words, title first).
type rawHit struct {
	pat    int32 // the pattern; in scratch.hits, the term
	t0, t1 int32
}

// scratch holds one Match call's buffers; Matchers pool them.
type scratch struct {
	toks             []token
	keys             []byte
	syms             []int32
	hits             []rawHit
	cased            []byte
	cand             []rawHit
	kept             []rawHit
	out              []rawHit
	pairHits         []rawHit
	pairSorted       []rawHit
	free             []uint8  // per candidate: the sides it may still pair as
	venue            []uint8  // per candidate: 0 not yet known, 1 no venue, 2 a venue (see isVenue)
	side1            skipList // built for long sentences only
	side1Built       bool
	topicStart, fill []int32
	byTopic          []rawHit
	order            []uint64
	contrib          []bool // per candidate of the topic being scored: it counts
	pairIdx          []int32
	spans            []rawHit
	tally            []topicTally
	groupLocs        [][numLocs]int32 // per group of the topic being scored: its hits by location
	lastKept         [maxGroups]int32
	excl             []rawHit
	disq             []int32
	ffSeen           []int32 // false friend entries found
	nearOrder        []int32
	nearFound        []int32
	locs             []float64
	pairs            []float64
	title            string
	text             string
	// bgScanned is how far the text has been read for words of
	// background, and bgAt where the first one starts, or -1 (see
	// backgroundBefore).
	bgScanned, bgAt int32
	// work counts the steps of the searches around each hit (for
	// partners, overlaps, NEAR, and the words before an acronym) that an
	// article repeating its terms could make long, so that tests can
	// check it grows only in proportion to the article.
	work int
}

// topicTally is what eachTopicIf gathers of a topic's hits.
type topicTally struct {
	hits    int32
	present uint64 // pattern.bit of its hits
}

// scan reads the article once and finds every pattern of every topic.
func (m *Matcher) scan(sc *scratch, title, text string) {
	sc.toks, sc.keys = sc.toks[:0], sc.keys[:0]
	sc.title, sc.text = title, text
	sc.bgScanned, sc.bgAt = 0, -1
	sc.syms = sc.syms[:0]
	sc.toks, sc.keys, sc.syms = tokenizeFiltered(sc.toks, sc.keys, title, fieldTitle, m.ix, sc.syms)
	titleClauses(sc.toks, title)
	sc.toks, sc.keys, sc.syms = tokenizeFiltered(sc.toks, sc.keys, text, fieldText, m.ix, sc.syms)
	sc.hits = sc.hits[:0]
	root, nodes, syms := m.ix.root, m.ix.nodes, sc.syms
	for i := range sc.toks {
		t := &sc.toks[i]
		for k := t.sym0; k < t.sym1; k++ {
			if s := syms[k]; int(s) < len(root) {
				if node := root[s]; node >= 0 {
					if n := &nodes[node]; !n.children && !n.cased {
						// Most words: terms of one word, and none longer.
						sc.addHits(n.terms, int32(i), int32(i))
					} else {
						m.walk(sc, node, int32(i), int32(i))
					}
				}
			}
		}
	}
}

// addHits records hits of terms over words t0..t1. Where sc.hits has room,
// only its length is stored, which spares the write barrier that storing
// the slice would run while the garbage collector marks.
func (sc *scratch) addHits(terms []int32, t0, t1 int32) {
	for _, tid := range terms {
		if k := len(sc.hits); k < cap(sc.hits) {
			sc.hits = sc.hits[:k+1]
			sc.hits[k] = rawHit{pat: tid, t0: t0, t1: t1}
		} else {
			sc.hits = append(sc.hits, rawHit{pat: tid, t0: t0, t1: t1})
		}
	}
}

// walk records the terms ending at node (a path over words t0..t1) and
// extends the path with the next word of the same sentence.
func (m *Matcher) walk(sc *scratch, node, t0, t1 int32) {
	n := &m.ix.nodes[node]
	if !n.cased {
		sc.addHits(n.terms, t0, t1) // every term ending here is a hit
	} else {
		for _, tid := range n.terms {
			if t := &m.ix.terms[tid]; t.cased != nil && !m.casedEqual(sc, t, t0, t1) {
				continue
			}
			sc.hits = append(sc.hits, rawHit{pat: tid, t0: t0, t1: t1})
		}
	}
	if !n.children || int(t1)+1 >= len(sc.toks) {
		return
	}
	a, b := &sc.toks[t1], &sc.toks[t1+1]
	if a.field != b.field || a.sent != b.sent || b.pos != a.pos+1 {
		return
	}
	for k := b.sym0; k < b.sym1; k++ {
		if next, ok := m.ix.edgeTable.lookup(uint64(node)<<32 | uint64(sc.syms[k])); ok {
			m.walk(sc, next, t0, t1+1)
		}
	}
}

// casedEqual checks a case-sensitive term against the words as written.
func (m *Matcher) casedEqual(sc *scratch, t *termEntry, t0, t1 int32) bool {
	if int(t1-t0+1) != len(t.cased) {
		return false
	}
	for i := t0; i <= t1; i++ {
		tok := &sc.toks[i]
		src := sc.title
		if tok.field == fieldText {
			src = sc.text
		}
		sc.cased = appendKey(sc.cased[:0], src[tok.start:tok.end], false)
		want := t.cased[i-t0]
		got := string(sc.cased)
		if t.casedPrefix[i-t0] && len(got) > len(want) {
			got = got[:len(want)]
		}
		if got != want {
			return false
		}
	}
	return true
}

// Match returns the topics a is about, in definition order, each with its
// score and the hits that explain it. It reads the title and text once for
// all topics.
func (m *Matcher) Match(a brief.Article) []brief.Match {
	sc := m.pool.Get().(*scratch)
	defer m.pool.Put(sc)
	return m.match(sc, a)
}

func (m *Matcher) match(sc *scratch, a brief.Article) []brief.Match {
	sc.work = 0
	m.scan(sc, a.Title, a.Text)
	var out []brief.Match
	viable := func(ti int, present uint64) bool { return !m.topics[ti].hopeless(present) }
	m.eachTopicIf(sc, viable, func(ti int, hs []rawHit) {
		ct := &m.topics[ti]
		r := m.score(sc, ct, hs, nil)
		if !r.ok {
			return
		}
		out = append(out, brief.Match{ArticleID: a.ID, TopicID: ct.topic.ID, Score: round3(r.score), Hits: m.briefHits(sc, r)})
	})
	return out
}

// eachTopic calls f, in definition order, for every topic with hits.
func (m *Matcher) eachTopic(sc *scratch, f func(ti int, hs []rawHit)) {
	m.eachTopicIf(sc, nil, f)
}

// eachTopicIf is eachTopic for the topics that keep accepts, given the
// group bits of their hits (pattern.bitIdx). sc.hits holds term hits; here
// they fan out to the patterns (topic, role) that use each term.
func (m *Matcher) eachTopicIf(sc *scratch, keep func(ti int, present uint64) bool, f func(ti int, hs []rawHit)) {
	if len(sc.hits) == 0 {
		return
	}
	// A counting sort by topic keeps each topic's hits in text order.
	n := len(m.topics)
	tally := slices.Grow(sc.tally[:0], n)[:n]
	clear(tally)
	sc.tally = tally
	for _, h := range sc.hits {
		for _, u := range m.ix.terms[h.pat].uses {
			t := &tally[u.topic]
			t.hits++
			t.present |= u.bit
		}
	}
	sc.topicStart = slices.Grow(sc.topicStart[:0], n+1)[:n+1]
	sc.topicStart[0] = 0
	for ti, t := range tally {
		if t.hits > 0 && keep != nil && !keep(ti, t.present) {
			t.hits = 0
		}
		sc.topicStart[ti+1] = sc.topicStart[ti] + t.hits
	}
	sc.byTopic = slices.Grow(sc.byTopic[:0], int(sc.topicStart[n]))[:sc.topicStart[n]]
	// fill[t] is where topic t's next hit goes, or -1 for a topic left out.
	sc.fill = append(sc.fill[:0], sc.topicStart[:n]...)
	for ti := range n {
		if sc.topicStart[ti] == sc.topicStart[ti+1] {
			sc.fill[ti] = -1
		}
	}
	byTopic, fill := sc.byTopic, sc.fill
	for _, h := range sc.hits {
		for _, u := range m.ix.terms[h.pat].uses {
			if f := fill[u.topic]; f >= 0 {
				byTopic[f] = rawHit{pat: u.pat, t0: h.t0, t1: h.t1}
				fill[u.topic] = f + 1
			}
		}
	}
	for ti := range n {
		if a, b := sc.topicStart[ti], sc.topicStart[ti+1]; b > a {
			f(ti, sc.byTopic[a:b])
		}
	}
}

func round3(x float64) float64 { return math.Round(x*1000) / 1000 }
