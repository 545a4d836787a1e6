package topics

import (
	"cmp"
	"fmt"
	"math"
	"math/bits"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"briefbot/brief"
)

// Matcher matches articles against compiled topics. It is immutable after
// Compile and safe for concurrent use.
type Matcher struct {
	ix     *index
	topics []ctopic
	pool   sync.Pool
}

type ctopic struct {
	topic        brief.Topic
	groups       []cgroup
	groupIndex   map[string]int
	sides        [2]uint64 // bit masks of groups
	breakers     uint64    // groups whose hits break pairs next to them
	relations    uint64    // near_pair groups with a positive weight: words of a relation
	pair         bool
	pairWeight   float64
	near         int32
	loc          [numLocs]float64
	threshold    float64
	query        *qnode
	falseFriends [][]int32          // per FalseFriends entry: the patterns it disqualifies
	acronyms     map[string][]int32 // acronym term -> its patterns in this topic
	weighted     bool               // some group has a positive weight; else the query's hits score
	// For hopeless: the most a pair, and each group with a positive
	// weight (scoring), can add.
	bestPair float64
	scoring  uint64
}

type cgroup struct {
	name     string
	weight   float64
	needs    uint64
	nearPair bool
	countsAs int // the group whose hits this group's join, or -1
	loc      [numLocs]float64
	byWeight [numLocs]uint8 // the locations, heaviest first
	best     float64        // the most its hits can add (for hopeless)
}

// Compile validates definitions and compiles them into one Matcher.
func Compile(defs []Definition) (*Matcher, error) {
	if err := Validate(defs); err != nil {
		return nil, fmt.Errorf("compile topics: %w", err)
	}
	m := &Matcher{ix: newIndex()}
	for ti, d := range defs {
		ct, err := m.compileTopic(int32(ti), d)
		if err != nil {
			return nil, fmt.Errorf("compile topic %s: %w", d.ID, err)
		}
		m.topics = append(m.topics, ct)
	}
	for i := range m.ix.patterns {
		p := &m.ix.patterns[i]
		switch p.role {
		case roleGroup:
			gi := int(p.arg)
			if c := m.topics[p.topic].groups[gi].countsAs; c >= 0 {
				gi = c
			}
			p.bitIdx = uint8(gi)
		case roleQuery:
			p.bitIdx = queryLeafBitIdx(len(m.topics[p.topic].groups), int(p.arg))
		default:
			p.bitIdx = noBitIdx
		}
	}
	for ti := range m.ix.terms {
		for ui := range m.ix.terms[ti].uses {
			u := &m.ix.terms[ti].uses[ui]
			u.bit = 1 << m.ix.patterns[u.pat].bitIdx
		}
	}
	m.ix.table = newWordTable(m.ix.vocab)
	m.ix.edgeTable = newEdgeTable(m.ix.edges)
	m.ix.buildFilter()
	m.pool.New = func() any { return new(scratch) }
	return m, nil
}

func (m *Matcher) compileTopic(ti int32, d Definition) (ctopic, error) {
	ct := ctopic{
		topic:      brief.Topic{ID: d.ID, Title: d.Title, Description: d.Description},
		groupIndex: map[string]int{},
		pairWeight: cmp.Or(d.PairWeight, defaultPairWeight),
		near:       int32(cmp.Or(d.Near, defaultNear)),
		loc:        defaultLocWeights,
		threshold:  d.Threshold,
	}
	if ct.threshold == 0 && slices.ContainsFunc(d.Groups, func(g Group) bool { return g.Weight > 0 || g.CountsAs != "" }) {
		ct.threshold = defaultThreshold
	}
	for k, v := range d.FieldWeights {
		ct.loc[slices.Index(locNames[:], k)] = v
	}
	ct.weighted = slices.ContainsFunc(d.Groups, func(g Group) bool { return g.Weight > 0 || g.CountsAs != "" })
	cs := map[string]bool{}
	for _, t := range d.CaseSensitive {
		cs[t] = true
	}
	fz := map[string]bool{}
	for _, t := range d.Fuzzy {
		fz[t] = true
	}
	termPatterns := map[string][]int32{}
	add := func(p pattern) error {
		p.topic = ti
		termPatterns[p.term] = append(termPatterns[p.term], int32(len(m.ix.patterns)))
		return m.ix.add(p, cs[p.term], fz[p.term])
	}
	for gi, g := range d.Groups {
		ct.groupIndex[g.Name] = gi
		cg := cgroup{name: g.Name, weight: g.Weight, nearPair: g.NearPair, countsAs: -1, loc: ct.loc}
		for k, v := range g.FieldWeights {
			cg.loc[slices.Index(locNames[:], k)] = v
		}
		ct.groups = append(ct.groups, cg)
		for _, t := range g.Terms {
			if err := add(pattern{role: roleGroup, arg: int32(gi), term: t}); err != nil {
				return ct, err
			}
		}
	}
	for gi, g := range d.Groups {
		for _, n := range g.Needs {
			ct.groups[gi].needs |= 1 << ct.groupIndex[n]
		}
		if g.CountsAs != "" {
			ct.groups[gi].countsAs = ct.groupIndex[g.CountsAs]
		}
		if g.BreaksPairs {
			ct.breakers |= 1 << gi
		}
		if g.NearPair && g.Weight > 0 {
			ct.relations |= 1 << gi
		}
	}
	if len(d.Sides) == 2 {
		ct.pair = true
		for s := range 2 {
			for _, n := range d.Sides[s] {
				ct.sides[s] |= 1 << ct.groupIndex[n]
			}
		}
	}
	if d.Query != "" {
		q, err := ParseQuery(d.Query)
		if err != nil {
			return ct, err
		}
		ct.query = q.root
		var qerr error
		leaves := 0
		q.root.walk(func(n *qnode) {
			switch n.kind {
			case qTerm:
				n.leaf = leaves
				n.bit = 1 << queryLeafBitIdx(len(d.Groups), n.leaf)
				leaves++
				if err := add(pattern{role: roleQuery, arg: int32(n.leaf), term: n.text}); err != nil && qerr == nil {
					qerr = err
				}
			case qGroup:
				n.leaf = ct.groupIndex[n.text]
				gi := n.leaf
				if c := ct.groups[gi].countsAs; c >= 0 {
					gi = c // its hits set the bit of the group it counts as
				}
				n.bit = 1 << gi
			}
		})
		if qerr != nil {
			return ct, qerr
		}
	}
	for _, t := range d.Exclude {
		if err := m.ix.add(pattern{topic: ti, role: roleExclude, term: t}, cs[t], false); err != nil {
			return ct, err
		}
	}
	for t, pids := range termPatterns {
		if isAcronym(t) && cs[t] {
			if ct.acronyms == nil {
				ct.acronyms = map[string][]int32{}
			}
			ct.acronyms[t] = pids
			for _, pid := range pids {
				m.ix.patterns[pid].acronym = true
			}
		}
	}
	// Repeated hits add at most twice the best (decaySum).
	if ct.pair {
		ct.bestPair = 2 * ct.pairWeight * maxOf(ct.loc[:])
	}
	for gi := range ct.groups {
		g := &ct.groups[gi]
		for l := range numLocs {
			g.byWeight[l] = l
		}
		slices.SortStableFunc(g.byWeight[:], func(a, b uint8) int { return cmp.Compare(g.loc[b], g.loc[a]) })
		if g.weight > 0 {
			g.best = 2 * g.weight * maxOf(g.loc[:])
			ct.scoring |= 1 << gi
		}
	}
	keys := make([]string, 0, len(d.FalseFriends))
	for k := range d.FalseFriends {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		entry := int32(len(ct.falseFriends))
		ct.falseFriends = append(ct.falseFriends, termPatterns[k])
		for _, c := range d.FalseFriends[k] {
			if err := m.ix.add(pattern{topic: ti, role: roleFalseFriend, arg: entry, term: c}, cs[c], false); err != nil {
				return ct, err
			}
		}
	}
	return ct, nil
}

// Topics returns the compiled topics in definition order.
func (m *Matcher) Topics() []brief.Topic {
	out := make([]brief.Topic, len(m.topics))
	for i, t := range m.topics {
		out[i] = t.topic
	}
	return out
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
	semis            []int32  // where the title's clauses end (see titleClauses)
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
	sc.titleClauses(title)
	sc.syms = sc.syms[:0]
	sc.toks, sc.keys, sc.syms = tokenizeFiltered(sc.toks, sc.keys, title, fieldTitle, m.ix, sc.syms)
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

// hopeless reports, from which groups and query terms hit (bits as in
// pattern.bitIdx), that the topic cannot match: a side of a pair is
// missing, the query lacks a term it needs, or even the best placement of
// every group that hit stays below the threshold. Most topics
// with hits end here, which keeps Match fast with many topics.
func (ct *ctopic) hopeless(present uint64) bool {
	if ct.pair && (present&ct.sides[0] == 0 || present&ct.sides[1] == 0) {
		return true
	}
	if ct.query != nil && !ct.query.mayHold(present) {
		return true // a match needs the query to hold
	}
	if ct.query != nil && !ct.weighted {
		return present == 0 // the query decides, and needs a hit
	}
	bound := 0.0
	if ct.pair {
		bound += ct.bestPair
	}
	for b := present & ct.scoring; b != 0; b &= b - 1 {
		bound += ct.groups[bits.TrailingZeros64(b)].best
	}
	return bound < ct.threshold
}

func maxOf(xs []float64) float64 {
	m := 0.0
	for _, x := range xs {
		m = max(m, x)
	}
	return m
}

type result struct {
	score float64
	ok    bool
	cand  []rawHit // the topic's candidate hits; sc.contrib marks those that count
	nhits int      // how many count
	pair  bool
	qok   bool
	cands int // hits of groups and query terms that survived the filters
}

// score applies a topic's rules to its hits.
func (m *Matcher) score(sc *scratch, ct *ctopic, hs []rawHit, e *Explanation) result {
	patterns := m.ix.patterns
	var r result
	cand := m.candidates(sc, ct, hs)
	r.cands = len(cand)
	part := func(name string, v float64) {
		if e != nil {
			e.Parts = append(e.Parts, Part{Name: name, Value: round3(v)})
		}
	}
	groupPart := func(name string, v float64) {
		if e != nil { // only Explain pays for the name
			e.Parts = append(e.Parts, Part{Name: "group " + name, Value: round3(v)})
		}
	}
	r.cand = cand
	sc.contrib = slices.Grow(sc.contrib[:0], len(cand))[:len(cand)]
	clear(sc.contrib)
	mark := func(i int) {
		if !sc.contrib[i] {
			sc.contrib[i] = true
			r.nhits++
		}
	}
	// One pass counts the hits of each group by location (a group with
	// counts_as in the group it counts as).
	locs := slices.Grow(sc.groupLocs[:0], len(ct.groups))[:len(ct.groups)]
	clear(locs)
	sc.groupLocs = locs
	for i, h := range cand {
		p := &patterns[h.pat]
		if p.role != roleGroup {
			continue
		}
		gi := int(p.arg)
		if c := ct.groups[gi].countsAs; c >= 0 {
			gi = c
			if m.appositive(sc, cand, i, gi) {
				// "Shanghai Cooperation Organisation (SCO)": the acronym
				// right after the name is the same mention.
				mark(i)
				continue
			}
		}
		g := &ct.groups[gi]
		if g.weight == 0 || g.nearPair {
			continue
		}
		locs[gi][sc.toks[h.t0].loc]++
		if g.weight > 0 {
			mark(i)
		}
	}
	for gi := range ct.groups {
		g := &ct.groups[gi]
		if v := g.weight * g.decaySum(&locs[gi]); v != 0 {
			r.score += v
			groupPart(g.name, v)
		}
	}
	if ct.pair {
		m.pairUp(sc, ct, cand)
		if ct.relations != 0 && len(sc.pairs) > 0 {
			m.dropColisted(sc, ct, cand)
		}
		for _, i := range sc.pairIdx {
			mark(int(i))
		}
		r.pair = len(sc.pairs) > 0
		sorted := false
		for gi, g := range ct.groups {
			if g.weight == 0 || !g.nearPair || len(sc.pairHits) == 0 {
				continue
			}
			if !sorted {
				// Pair hits by word index, to find those near a hit quickly.
				sc.pairSorted = append(sc.pairSorted[:0], sc.pairHits...)
				slices.SortFunc(sc.pairSorted, func(a, b rawHit) int { return cmp.Compare(a.t0, b.t0) })
				sorted = true
			}
			locs[gi] = [numLocs]int32{}
			// cand is in text order, so the first pair hit starting at a
			// hit or after it only moves on.
			next := 0
			for i, h := range cand {
				p := &patterns[h.pat]
				if p.role != roleGroup || p.arg != int32(gi) && ct.groups[p.arg].countsAs != gi {
					continue
				}
				for next < len(sc.pairSorted) && sc.pairSorted[next].t0 < h.t0 {
					next++
				}
				if m.nearAny(sc, h, sc.pairSorted, next, ct.near) {
					locs[gi][sc.toks[h.t0].loc]++
					if g.weight > 0 {
						mark(i)
					}
				}
			}
		}
		if ct.relations != 0 && m.leadStatesRelation(sc, ct, cand, locs) {
			m.promoteLead(ct, sc.pairs, locs)
		}
		if v := ct.pairWeight * decaySum(sc.pairs); v != 0 {
			r.score += v
			part("pair", v)
		} else {
			part("no pair", 0)
		}
		for gi, g := range ct.groups {
			if g.weight == 0 || !g.nearPair || len(sc.pairHits) == 0 {
				continue
			}
			if v := g.weight * g.decaySum(&locs[gi]); v != 0 {
				r.score += v
				groupPart(g.name, v)
			}
		}
	}
	r.qok = true
	if ct.query != nil {
		sc.spans = sc.spans[:0]
		ok := m.eval(sc, ct.query, cand, 255)
		spans := sc.spans
		r.qok = ok
		if ok {
			for _, h := range spans {
				// Spans are copies of candidates; find each one's index.
				i := searchT0(cand, h.t0)
				for ; i < len(cand) && cand[i].t0 == h.t0; i++ {
					if cand[i] == h {
						mark(i)
						break
					}
				}
			}
			if !ct.weighted {
				sc.locs = sc.locs[:0]
				for _, h := range spans {
					sc.locs = append(sc.locs, ct.loc[sc.toks[h.t0].loc])
				}
				v := decaySum(sc.locs)
				r.score += v
				part("query", v)
			}
		} else {
			part("query false", 0)
		}
	}
	r.ok = r.qok && (!ct.pair || r.pair) && r.score >= ct.threshold && r.nhits > 0
	return r
}

// pairUp pairs hits of the two sides into sc.pairs (location weights) and
// sc.pairHits. Each hit takes part in one pair at most, so that a second
// "Iran" next to the same "nuclear deal" is not a second pair; a hit on
// both sides pairs with itself first. cand is in text order, so partners
// are looked for only in the window of words that can pair.
func (m *Matcher) pairUp(sc *scratch, ct *ctopic, cand []rawHit) {
	patterns := m.ix.patterns
	sc.pairs, sc.pairHits, sc.pairIdx = sc.pairs[:0], sc.pairHits[:0], sc.pairIdx[:0]
	// free[i] holds the sides candidate i may still pair as (bit 0 for
	// side 0, bit 1 for side 1): none once it is used.
	free := slices.Grow(sc.free[:0], len(cand))[:len(cand)]
	for i, h := range cand {
		free[i] = 0
		if p := &patterns[h.pat]; p.role == roleGroup {
			free[i] = uint8(ct.sides[0]>>uint32(p.arg)&1 | ct.sides[1]>>uint32(p.arg)&1<<1)
		}
	}
	sc.free = free
	sc.venue = slices.Grow(sc.venue[:0], len(cand))[:len(cand)]
	clear(sc.venue)
	if ct.breakers != 0 {
		// A side's hit right next to a group that breaks pairs is an item
		// of a list ("Russian, Iranian and Venezuelan oil"): it pairs with
		// nothing.
		for xi, x := range cand {
			p := &patterns[x.pat]
			if p.role != roleGroup || ct.breakers&(1<<uint32(p.arg)) == 0 {
				continue
			}
			for j := xi - 1; j >= 0 && m.listNeighbours(sc, cand[j], x); j-- {
				free[j] = 0
			}
			for j := xi + 1; j < len(cand) && m.listNeighbours(sc, x, cand[j]); j++ {
				free[j] = 0
			}
		}
	}
	// cand[bs:be] is the last sentence (the title is one) that a
	// partner was looked for in: all its hits pair with one another.
	bs, be := 0, 0
	sc.side1Built = false
	for ai, a := range cand {
		if free[ai]&1 == 0 {
			continue
		}
		partner := ai // a hit on both sides pairs with itself first
		if free[ai]&2 == 0 {
			if ai >= be {
				bs, be = ai, ai+1
				for bs > 0 && m.sameSentence(sc, a, cand[bs-1]) {
					bs--
				}
				for be < len(cand) && m.sameSentence(sc, a, cand[be]) {
					be++
				}
			}
			partner = m.partner(sc, ct, cand, ai, bs, be)
			if partner < 0 {
				continue
			}
		}
		for _, i := range [2]int{ai, partner} {
			if sc.side1Built && free[i]&2 != 0 {
				sc.side1.remove(i)
			}
			free[i] = 0
		}
		sc.pairs = append(sc.pairs, min(ct.loc[sc.toks[a.t0].loc], ct.loc[sc.toks[cand[partner].t0].loc]))
		sc.pairHits = append(sc.pairHits, a, cand[partner])
		sc.pairIdx = append(sc.pairIdx, int32(ai), int32(partner))
	}
}

// longSentence is how many hits of a topic a sentence holds before the
// partners in it are found through a skipList rather than one by one.
const longSentence = 32

// partner returns the candidate that side-0 hit cand[ai] pairs with, or -1:
// of those free to pair as side 1 and close enough (pairs), the one with
// the best location weight, the first found where several tie, looking
// forward from ai and then back. cand[bs:be] is the sentence of cand[ai].
func (m *Matcher) partner(sc *scratch, ct *ctopic, cand []rawHit, ai, bs, be int) int {
	a := cand[ai]
	la := ct.loc[sc.toks[a.t0].loc]
	best, partner := -1.0, -1
	// Within the sentence every hit pairs, and only the free ones count;
	// in a long one, the skip list goes from one to the next. Past it,
	// hits pair while they are within ct.near words, and the search stops
	// at the first that is not, as it always did. No partner weighs more
	// than a's own location: the search stops at one that weighs that.
	free := sc.free
	long := be-bs > longSentence
	if long && !sc.side1Built {
		sc.side1.reset(free)
		sc.side1Built = true
	}
	if !long {
		sc.work += be - bs // at most, looking one by one
	}
	// A venue pairs only with what comes before it (see isVenue).
	ahead := len(cand)
	if ct.relations != 0 && m.isVenue(sc, ai, a) {
		ahead = ai + 1
	}
	for bi := ai + 1; bi < ahead; bi++ {
		if long {
			bi = sc.side1.next(bi)
		} else {
			for bi < be && free[bi]&2 == 0 {
				bi++
			}
		}
		if bi >= be {
			break
		}
		sc.work++
		if v := min(la, ct.loc[sc.toks[cand[bi].t0].loc]); v > best {
			best, partner = v, bi
			if best >= la {
				return partner
			}
		}
	}
	for bi := be; bi < ahead && m.pairs(sc, a, cand[bi], ct.near); bi++ {
		sc.work++
		if free[bi]&2 == 0 {
			continue
		}
		if v := min(la, ct.loc[sc.toks[cand[bi].t0].loc]); v > best {
			best, partner = v, bi
			if best >= la {
				return partner
			}
		}
	}
	for bi := ai - 1; ; bi-- {
		if long {
			bi = sc.side1.prev(bi)
		} else {
			for bi >= bs && free[bi]&2 == 0 {
				bi--
			}
		}
		if bi < bs {
			break
		}
		sc.work++
		if ct.relations != 0 && m.isVenue(sc, bi, cand[bi]) {
			continue
		}
		if v := min(la, ct.loc[sc.toks[cand[bi].t0].loc]); v > best {
			best, partner = v, bi
			if best >= la {
				return partner
			}
		}
	}
	for bi := bs - 1; bi >= 0 && m.pairs(sc, a, cand[bi], ct.near); bi-- {
		sc.work++
		if free[bi]&2 == 0 || ct.relations != 0 && m.isVenue(sc, bi, cand[bi]) {
			continue
		}
		if v := min(la, ct.loc[sc.toks[cand[bi].t0].loc]); v > best {
			best, partner = v, bi
			if best >= la {
				return partner
			}
		}
	}
	return partner
}

// sameSentence reports whether two hits are in the same sentence of the
// same field, counting the whole title as one: such hits always pair.
func (m *Matcher) sameSentence(sc *scratch, a, b rawHit) bool {
	ta, tb := &sc.toks[a.t0], &sc.toks[b.t0]
	return ta.field == tb.field && (ta.field == fieldTitle && sc.sameClause(ta, tb) || ta.field != fieldTitle && ta.sent == tb.sent)
}

// skipList holds a set of indices 0..n-1 from which indices are only
// removed, and finds the nearest member at or after (next) or at or before
// (prev) an index in near-constant time (a disjoint-set forest with path
// halving: a removed index points past itself).
type skipList struct {
	up   []int32 // up[i]: i if i is a member, else an index further on; up[n] = n
	down []int32 // down[i+1]: i+1 if i is a member, else one further back; down[0] = 0
}

// reset makes the set the candidates free to pair as side 1.
func (s *skipList) reset(free []uint8) {
	n := len(free)
	s.up = slices.Grow(s.up[:0], n+1)[:n+1]
	s.down = slices.Grow(s.down[:0], n+1)[:n+1]
	s.up[n], s.down[0] = int32(n), 0
	for i, f := range free {
		if f&2 != 0 {
			s.up[i], s.down[i+1] = int32(i), int32(i+1)
		} else {
			s.up[i], s.down[i+1] = int32(i+1), int32(i)
		}
	}
}

func (s *skipList) remove(i int) {
	s.up[i], s.down[i+1] = int32(i+1), int32(i)
}

// next returns the first member at i or after it, or n.
func (s *skipList) next(i int) int {
	up := s.up
	for up[i] != int32(i) {
		up[i] = up[up[i]]
		i = int(up[i])
	}
	return i
}

// prev returns the last member at i or before it, or -1.
func (s *skipList) prev(i int) int {
	down := s.down
	j := i + 1
	for down[j] != int32(j) {
		down[j] = down[down[j]]
		j = int(down[j])
	}
	return j - 1
}

// listNeighbours reports whether hit b follows hit a closely enough, in
// the same sentence, to be the next item of a list: at most one word
// between them ("A, B and C").
func (m *Matcher) listNeighbours(sc *scratch, a, b rawHit) bool {
	ta, tb := &sc.toks[a.t1], &sc.toks[b.t0]
	return ta.field == tb.field && ta.sent == tb.sent && tb.pos-ta.pos <= 2
}

// candidates returns the hits of a topic's groups and query terms that
// count: false friends, exclusions, needs and overlaps applied. hs is in
// text order, and so is the result.
func (m *Matcher) candidates(sc *scratch, ct *ctopic, hs []rawHit) []rawHit {
	patterns := m.ix.patterns
	// False friends disqualify their term's patterns in the whole article;
	// exclusions mask the words they cover. Most articles have neither, so
	// one pass gathers everything and a second filters only if needed.
	sc.disq, sc.excl, sc.ffSeen = sc.disq[:0], sc.excl[:0], sc.ffSeen[:0]
	var present uint64 // groups with a hit, for needs
	cand := sc.cand[:0]
	for i, h := range hs {
		p := &patterns[h.pat]
		switch p.role {
		case roleFalseFriend:
			// Once per entry, however often its phrases occur.
			if !slices.Contains(sc.ffSeen, p.arg) {
				sc.ffSeen = append(sc.ffSeen, p.arg)
				sc.disq = append(sc.disq, ct.falseFriends[p.arg]...)
			}
		case roleExclude:
			sc.excl = append(sc.excl, h)
		case roleGroup, roleQuery:
			// An acronym the article spells out as something else
			// ("Supply Chain Operations (SCO)") is not ours anywhere in it.
			if p.acronym && !slices.Contains(sc.disq, h.pat) && m.definedElsewhere(sc, hs[:i], h) {
				sc.disq = append(sc.disq, ct.acronyms[p.term]...)
			}
			if p.role == roleGroup {
				present |= 1 << uint32(p.arg)
			}
			cand = append(cand, h)
		}
	}
	if len(sc.disq) > 0 || len(sc.excl) > 0 {
		sc.work += len(sc.disq) * len(cand) // at most, for slices.Contains
		present = 0
		n, excl := 0, 0
		for _, h := range cand {
			p := &patterns[h.pat]
			if slices.Contains(sc.disq, h.pat) {
				continue
			}
			if len(sc.excl) > 0 && (p.role == roleQuery || ct.groups[p.arg].weight >= 0) && m.overlapsAny(sc, h, sc.excl, &excl) {
				continue // evidence against the topic is not masked
			}
			if p.role == roleGroup {
				present |= 1 << uint32(p.arg)
			}
			cand[n] = h
			n++
		}
		cand = cand[:n]
	}
	// A group with needs counts only in articles where a needed group hits.
	// Within a group, overlapping hits are one occurrence ("Shanghai
	// Cooperation Organisation" and "Shanghai Cooperation"; "Iran*" and
	// "Irán"): keep the longest. Hits arrive by start word, shorter first.
	for i := range ct.groups {
		sc.lastKept[i] = -1
	}
	kept := sc.kept[:0]
	for _, h := range cand {
		p := &patterns[h.pat]
		if p.role == roleGroup {
			g := &ct.groups[p.arg]
			if g.needs != 0 && g.needs&present == 0 {
				continue
			}
			if li := sc.lastKept[p.arg]; li >= 0 && h.t0 <= kept[li].t1 {
				// Keep the longer hit; of two alike, the term defined first.
				if k := kept[li]; h.t0 == k.t0 && (h.t1 > k.t1 || h.t1 == k.t1 && h.pat < k.pat) {
					kept[li] = h
				}
				continue
			}
			sc.lastKept[p.arg] = int32(len(kept))
		} else if n := len(kept); n > 0 && kept[n-1] == h {
			continue
		}
		kept = append(kept, h)
	}
	sc.cand, sc.kept = cand, kept
	// Across groups, a longer hit covering a shorter one says what the
	// words are: "Shanghai Cooperation" is a bloc, not a "cooperation"
	// between two states; "nuclear talks" is more than "nuclear".
	multi := false
	for _, h := range kept {
		if h.t1 > h.t0 {
			multi = true
			break
		}
	}
	if !multi {
		return kept // no hit can cover another
	}
	out := sc.out[:0]
	maxSpan := int32(m.ix.maxWords)
	// A group hit can cover only hits that end where it ends or before;
	// reach, the furthest end of the group hits so far, spares most hits
	// the search.
	reach := int32(-1)
	for i, h := range kept {
		if patterns[h.pat].role != roleGroup {
			out = append(out, h)
			continue
		}
		sameStart := i+1 < len(kept) && kept[i+1].t0 == h.t0
		covered := (reach >= h.t1 || sameStart) && m.covered(kept, i, maxSpan)
		reach = max(reach, h.t1)
		if !covered {
			out = append(out, h)
		}
	}
	sc.out = out
	return out
}

// overlapsAny reports whether hit h shares a word with one of hs, which
// is in text order, from hs[*from] on. No hit spans more than maxWords
// words, so only those starting less than that before h can reach it;
// *from moves past the others, for hits after h.
func (m *Matcher) overlapsAny(sc *scratch, h rawHit, hs []rawHit, from *int) bool {
	i := *from
	for i < len(hs) && hs[i].t0 <= h.t0-int32(m.ix.maxWords) {
		i++
	}
	*from = i
	for ; i < len(hs) && hs[i].t0 <= h.t1; i++ {
		sc.work++
		if h.t0 <= hs[i].t1 {
			return true
		}
	}
	return false
}

// maxSpelledOut bounds, in bytes, the words that spell out an acronym
// and the gaps between them (see definedElsewhere). News spells names
// out in words of at most a few dozen bytes, one space apart.
const maxSpelledOut = 64

// definedElsewhere reports whether the acronym hit h follows, in
// parentheses, words whose initials spell it and which are no hit of the
// topic: "Supply Chain Operations (SCO)" defines SCO as something else,
// "Shanghai Cooperation Organisation (SCO)" does not. hits holds the
// topic's hits before h, in text order.
func (m *Matcher) definedElsewhere(sc *scratch, hits []rawHit, h rawHit) bool {
	tok := &sc.toks[h.t0]
	src := sc.title
	if tok.field == fieldText {
		src = sc.text
	}
	before := strings.TrimRight(src[:tok.start], " \t")
	if !strings.HasSuffix(before, "(") {
		return false
	}
	before = strings.TrimRight(before[:len(before)-1], " \t")
	acronym := []rune(src[tok.start:tok.end])
	end, start := len(before), 0
	for i := len(acronym) - 1; i >= 0; i-- {
		// Words that spell out a name, and the space between them, are
		// short. Looking no further than maxSpelledOut bytes for either
		// keeps text without spaces ("(SCO)(SCO)...") from being read
		// again for every acronym in it.
		lo := max(0, end-maxSpelledOut)
		sc.work += end - lo
		start = strings.LastIndexAny(before[lo:end], " \t\n-") + 1 + lo
		word := before[start:end]
		first, _ := utf8.DecodeRuneInString(word)
		if word == "" || start == lo && lo > 0 || unicode.ToUpper(first) != unicode.ToUpper(acronym[i]) {
			return false
		}
		lo = max(0, start-maxSpelledOut)
		sc.work += start - lo
		end = lo + len(strings.TrimRight(before[lo:start], " \t\n-"))
		if end == lo && lo > 0 {
			return false
		}
	}
	// The words spell the acronym out; are they a name the topic knows?
	// Hits in text order start in the words from the last one back.
	for i := len(hits) - 1; i >= 0; i-- {
		x := hits[i]
		xt := &sc.toks[x.t0]
		if xt.field != tok.field || int(xt.start) < start {
			break
		}
		sc.work++
		if int(xt.start) < len(before) && m.ix.patterns[x.pat].role == roleGroup && !m.ix.patterns[x.pat].acronym {
			return false
		}
	}
	return true
}

// covered reports whether a longer group hit covers group hit hs[i]. hs is
// ordered by start word, and no hit is longer than maxSpan words.
func (m *Matcher) covered(hs []rawHit, i int, maxSpan int32) bool {
	h := hs[i]
	for j := i - 1; j >= 0 && hs[j].t0 >= h.t0-maxSpan; j-- {
		if g := hs[j]; g.t1 >= h.t1 && g.t1-g.t0 > h.t1-h.t0 && m.ix.patterns[g.pat].role == roleGroup {
			return true
		}
	}
	for j := i + 1; j < len(hs) && hs[j].t0 == h.t0; j++ {
		if g := hs[j]; g.t1 > h.t1 && m.ix.patterns[g.pat].role == roleGroup {
			return true
		}
	}
	return false
}

// appositive reports whether hit cand[i] (of a group that counts as group
// gi) directly follows or precedes a hit of group gi itself, at most two
// words away in the same sentence.
func (m *Matcher) appositive(sc *scratch, cand []rawHit, i, gi int) bool {
	h := cand[i]
	is := func(x rawHit) bool {
		p := &m.ix.patterns[x.pat]
		return p.role == roleGroup && p.arg == int32(gi) && sc.toks[x.t0].sent == sc.toks[h.t0].sent &&
			sc.toks[x.t0].field == sc.toks[h.t0].field && m.gap(sc, h, x) <= 2
	}
	for j := i - 1; j >= 0 && cand[j].t0 >= h.t0-int32(m.ix.maxWords)-2; j-- {
		if is(cand[j]) {
			return true
		}
	}
	for j := i + 1; j < len(cand) && cand[j].t0 <= h.t1+2; j++ {
		if is(cand[j]) {
			return true
		}
	}
	return false
}

// nearAny reports whether hit h pairs with any of hs, which is ordered by
// word index; hs[next] is the first that starts at h's first word or
// after it. Only the two hits around that place need a look: a hit that
// does not pair with h is in another sentence or field, and so are all
// those beyond it.
func (m *Matcher) nearAny(sc *scratch, h rawHit, hs []rawHit, next int, n int32) bool {
	if next < len(hs) && m.pairs(sc, h, hs[next], n) {
		return true
	}
	return next > 0 && next <= len(hs) && m.pairs(sc, h, hs[next-1], n)
}

// searchT0 returns the index of the first hit of hs (ordered by t0) whose
// t0 is at least t.
func searchT0(hs []rawHit, t int32) int {
	lo, hi := 0, len(hs)
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		if hs[mid].t0 < t {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo
}

// pairs reports whether two hits are close enough to pair: in the same
// sentence (the whole title is one) or within n words of each other.
func (m *Matcher) pairs(sc *scratch, a, b rawHit, n int32) bool {
	ta, tb := &sc.toks[a.t0], &sc.toks[b.t0]
	if ta.field == fieldTitle && tb.field == fieldTitle {
		return sc.sameClause(ta, tb)
	}
	return ta.field == tb.field && (ta.sent == tb.sent || m.gap(sc, a, b) <= n)
}

// near reports whether two hits are in the same field with at most n words
// from the end of one to the start of the other.
func (m *Matcher) near(sc *scratch, a, b rawHit, n int32) bool {
	if sc.toks[a.t0].field != sc.toks[b.t0].field {
		return false
	}
	return m.gap(sc, a, b) <= n
}

// gap is the distance in words from the end of one hit to the start of
// the other (1 for neighbours, 0 or less for overlapping hits).
func (m *Matcher) gap(sc *scratch, a, b rawHit) int32 {
	return max(sc.toks[b.t0].pos-sc.toks[a.t1].pos, sc.toks[a.t0].pos-sc.toks[b.t1].pos)
}

// decaySum is decaySum of the location weights of a group's hits, given
// how many hit at each location: it adds the same weights in the same
// order, without sorting them.
func (g *cgroup) decaySum(n *[numLocs]int32) float64 {
	sum, f, best := 0.0, 1.0, -1.0
	for _, l := range g.byWeight {
		w := g.loc[l]
		for c := n[l]; c > 0 && f > 1e-6; c-- {
			if best < 0 {
				best = w
			}
			sum += w * f
			f /= 2
		}
	}
	if best < 0 {
		return 0
	}
	return min(sum, 2*best)
}

// decaySum adds location weights, best first, each worth half the one
// before, and caps the total at twice the best: repeated mentions add
// evidence, but less and less.
func decaySum(ls []float64) float64 {
	if len(ls) == 0 {
		return 0
	}
	slices.Sort(ls)
	sum, f := 0.0, 1.0
	for i := len(ls) - 1; i >= 0 && f > 1e-6; i-- {
		sum += ls[i] * f
		f /= 2
	}
	return min(sum, 2*ls[len(ls)-1])
}

// eval evaluates a query node over the candidate hits. field restricts
// hits to one field (255: any). It reports whether the node holds and
// appends the hits that make it hold to sc.spans, which it leaves as it
// found it when the node does not hold.
func (m *Matcher) eval(sc *scratch, n *qnode, cand []rawHit, field uint8) bool {
	start := len(sc.spans)
	switch n.kind {
	case qTerm, qGroup:
		for _, h := range cand {
			p := &m.ix.patterns[h.pat]
			if field != 255 && sc.toks[h.t0].field != field {
				continue
			}
			if n.kind == qTerm && p.role == roleQuery && p.arg == int32(n.leaf) ||
				n.kind == qGroup && p.role == roleGroup && p.arg == int32(n.leaf) {
				sc.spans = append(sc.spans, h)
			}
		}
		return len(sc.spans) > start
	case qField:
		if field != 255 && field != n.field {
			return false
		}
		return m.eval(sc, n.kids[0], cand, n.field)
	case qNot:
		ok := m.eval(sc, n.kids[0], cand, field)
		sc.spans = sc.spans[:start]
		return !ok
	case qAnd:
		for _, k := range n.kids {
			if !m.eval(sc, k, cand, field) {
				sc.spans = sc.spans[:start]
				return false
			}
		}
		return true
	case qOr:
		any := false
		for _, k := range n.kids {
			any = m.eval(sc, k, cand, field) || any
		}
		return any
	case qNear:
		m.eval(sc, n.kids[0], cand, field)
		mid := len(sc.spans)
		m.eval(sc, n.kids[1], cand, field)
		end := len(sc.spans)
		if tries := (mid - start) * (end - mid); tries <= nearAllPairs {
			sc.work += tries
			m.nearPairsAll(sc, start, mid, end, int32(n.n))
		} else {
			m.nearPairsWindowed(sc, start, mid, end, int32(n.n))
		}
		sc.spans = append(sc.spans[:start], sc.spans[end:]...)
		return len(sc.spans) > start
	}
	return false
}

// nearAllPairs is how many pairs of hits a NEAR may simply try all of:
// an article repeating its terms thousands of times must not try
// millions.
const nearAllPairs = 256

// nearPairsAll appends to sc.spans, for every hit a of sc.spans[start:mid]
// and then every hit b of sc.spans[mid:end] within n words of it, a and b.
func (m *Matcher) nearPairsAll(sc *scratch, start, mid, end int, n int32) {
	for i := start; i < mid; i++ {
		for j := mid; j < end; j++ {
			if a, b := sc.spans[i], sc.spans[j]; m.near(sc, a, b, n) {
				sc.spans = append(sc.spans, a, b)
			}
		}
	}
}

// nearPairsWindowed appends what nearPairsAll does, in the same order,
// looking for each a only at the hits b whose words can be within n of
// its own.
func (m *Matcher) nearPairsWindowed(sc *scratch, start, mid, end int, n int32) {
	// The b's by word, then by their order in spans.
	order := sc.nearOrder[:0]
	for j := mid; j < end; j++ {
		order = append(order, int32(j))
	}
	slices.SortFunc(order, func(x, y int32) int {
		return cmp.Or(cmp.Compare(sc.spans[x].t0, sc.spans[y].t0), cmp.Compare(x, y))
	})
	// A b that ends within n words before a starts at most
	// n+maxWords-1 words before it.
	reach := n + int32(m.ix.maxWords) - 1
	found := sc.nearFound
	for i := start; i < mid; i++ {
		a := sc.spans[i]
		ta := &sc.toks[a.t0]
		k, _ := slices.BinarySearchFunc(order, ta, func(j int32, ta *token) int {
			tb := &sc.toks[sc.spans[j].t0]
			return cmp.Or(cmp.Compare(tb.field, ta.field), cmp.Compare(tb.pos, ta.pos-reach))
		})
		last := sc.toks[a.t1].pos + n
		found = found[:0]
		for ; k < len(order); k++ {
			j := order[k]
			tb := &sc.toks[sc.spans[j].t0]
			if tb.field != ta.field || tb.pos > last {
				break
			}
			sc.work++
			if m.near(sc, a, sc.spans[j], n) {
				found = append(found, j)
			}
		}
		slices.Sort(found)
		for _, j := range found {
			sc.spans = append(sc.spans, a, sc.spans[j])
		}
	}
	sc.nearOrder, sc.nearFound = order, found
}

// briefHits turns the hits that count into brief.Hits. Candidates are in
// word order, which is field-then-offset order (title words come first).
func (m *Matcher) briefHits(sc *scratch, r result) []brief.Hit {
	if r.nhits == 0 {
		return nil
	}
	out := make([]brief.Hit, 0, r.nhits)
	for i, h := range r.cand {
		if !sc.contrib[i] {
			continue
		}
		a, b := &sc.toks[h.t0], &sc.toks[h.t1]
		src := sc.title
		if a.field == fieldText {
			src = sc.text
		}
		p := &m.ix.patterns[h.pat]
		hit := brief.Hit{Term: p.term, Found: src[a.start:b.end], Field: fieldNames[a.field], Offset: int(a.start)}
		// A fuzzy name found under another spelling says so, so that a
		// briefing can show "Riasi (≈ Raisi)".
		hit.Fuzzy = p.fuzzy && Normalize(hit.Found) != Normalize(p.term)
		// The same term at the same place can come from two patterns (a
		// term in a group and in the query); show it once.
		if dupHit(out, hit) {
			continue
		}
		// Field by field into out, which has room: copying the struct
		// runs a bulk write barrier while the garbage collector marks,
		// several times dearer than the barriers of the three strings.
		out = out[:len(out)+1]
		o := &out[len(out)-1]
		o.Term, o.Found, o.Field, o.Offset, o.Fuzzy = hit.Term, hit.Found, hit.Field, hit.Offset, hit.Fuzzy
	}
	return out
}

// Focus returns how strongly a sentence carries a topic, for choosing
// summary sentences: 0 when it holds none of the topic's terms, up to 1
// when its terms alone would reach the topic's threshold. For a pair topic
// a sentence holding only one side scores at most 0.5, so sentences with
// both sides rank highest. Focus returns nil for an unknown topic ID.
func (m *Matcher) Focus(topicID string) func(sentence string) float64 {
	ti := slices.IndexFunc(m.topics, func(t ctopic) bool { return t.topic.ID == topicID })
	if ti < 0 {
		return nil
	}
	ct := m.topics[ti]
	// A sentence stands alone: every location weighs as a headline, and
	// evidence against the topic is the article's business, not the
	// sentence's.
	ct.loc = [numLocs]float64{1, 1, 1, 1}
	groups := slices.Clone(ct.groups)
	for i := range groups {
		groups[i].weight = max(groups[i].weight, 0)
	}
	ct.groups = groups
	threshold := ct.threshold
	if threshold <= 0 {
		threshold = 1
	}
	return func(sentence string) float64 {
		sc := m.pool.Get().(*scratch)
		defer m.pool.Put(sc)
		m.scan(sc, sentence, "")
		f := 0.0
		m.eachTopic(sc, func(i int, hs []rawHit) {
			if i != ti {
				return
			}
			r := m.score(sc, &ct, hs, nil)
			if r.cands == 0 {
				return
			}
			if ct.query != nil && !ct.weighted {
				f = 0.5
				if r.qok {
					f = 1
				}
				return
			}
			f = min(1, r.score/threshold)
			if ct.pair && !r.pair {
				f = min(f, 0.5)
			}
		})
		return f
	}
}

// dupHit reports whether hit is among the last hits of out, which is in
// offset order.
func dupHit(out []brief.Hit, hit brief.Hit) bool {
	for i := len(out) - 1; i >= 0 && out[i].Offset == hit.Offset && out[i].Field == hit.Field; i-- {
		if out[i].Term == hit.Term && out[i].Found == hit.Found {
			return true
		}
	}
	return false
}

// isAcronym reports whether a term is an acronym: one word of two to six
// capital letters ("SCO", "ШОС").
func isAcronym(t string) bool {
	n := 0
	for _, r := range t {
		if !unicode.IsUpper(r) {
			return false
		}
		n++
	}
	return n >= 2 && n <= 6
}
