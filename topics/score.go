package topics

import (
	"cmp"
	"math/bits"
	"slices"

	"briefbot/brief"
)

// hopeless reports, from which groups and query terms hit (bits as in
// pattern.bitIdx), that the topic cannot match: a side of a pair is
// missing, the query lacks a term it needs, or even the best placement of
// every group that hit stays below the threshold. Most topics
// with hits end here, which keeps Match fast with many topics.
func (ct *ctopic) hopeless(present uint64) bool {
	if ct.pair && (present&ct.sides[0] == 0 || present&ct.sides[1] == 0) {
		return true
	}
	if ct.query != nil {
		// A match needs the query to hold.
		for _, m := range ct.queryNeeds {
			if present&m == 0 {
				return true
			}
		}
		if !ct.queryExact && !ct.query.mayHold(present) {
			return true
		}
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
	if ct.pair {
		m.pairUp(sc, ct, cand)
		if ct.relations != 0 && len(sc.pairs) > 0 {
			if m.dropColisted(sc, ct, cand) {
				part("pair listed side by side, no relation word", 0)
			}
			if ct.thirdParties != 0 && len(sc.pairs) > 0 && m.dropCoObjects(sc, ct, cand) {
				part("pair the object of third parties' dealings", 0)
			}
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
		if ct.relations != 0 && ct.breakers != 0 && (m.anyBridged(sc, ct, cand) || m.anyJoint(sc, ct, cand)) {
			m.silenceBreakers(ct, locs)
			part("the sides act on each other: third parties weigh nothing", 0)
		}
		switch {
		case ct.ownAffairs != 0 && len(sc.pairs) > 0 && m.titleOnOwnAffairs(sc, ct, cand):
			m.moveLead(ct, sc.pairs, locs, locBody)
			part("title on one side's own affairs: the text's relation is background", 0)
		case ct.relations != 0 && m.leadStatesRelation(sc, ct, cand, locs):
			m.moveLead(ct, sc.pairs, locs, locTitle)
		case ct.relations == 0 && m.weighLeadUnderSubject(sc, ct, cand, locs):
			part("title names the subject, the lead says what of it", 0)
		}
		if v := ct.pairWeight * decaySum(sc.pairs); v != 0 {
			r.score += v
			part("pair", v)
		} else {
			part("no pair", 0)
		}
	}
	// Groups weigh once the pairs have said where the story's point is.
	for gi := range ct.groups {
		g := &ct.groups[gi]
		if v := g.weight * g.decaySum(&locs[gi]); v != 0 {
			r.score += v
			groupPart(g.name, v)
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
