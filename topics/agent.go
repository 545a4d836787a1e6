package topics

// Who acts on whom. Two sides of a relation topic related by a predicate
// of their own stand as agent and counterpart around a relation word:
// "Iranians supplying drones to Russia", "Putin hails ties with Iran".
// Such a pair states the relation whoever else the story names: the EU
// that sanctions them for it is not a third party among whom the two
// merely appear, so evidence against that marks lists and blocs (groups
// that break pairs) weighs nothing then. A relation word between two
// third parties, before both sides, is their dealing, and the sides are
// what it is about: "Israel may sell Ukraine jammers against Iranian
// drones used by Russia" is no dealing between Iran and Russia, unless a
// relation word stands between the sides too. An act aimed at a side
// ("Ukraine cuts ties with Iran over drones for Russia") leaves the pair
// as it is.
//
// A list is the subject of what follows it: "China, Russia and Iran hold
// joint naval drills" relates all three, third party or not, while
// "sanctions on China, Russia and Iran" relates none. So the items of a
// list that a relation word follows closely pair, and third parties
// weigh nothing against them.

// bridged reports whether a hit of one of the topic's relation groups
// stands between hits a and b (in either order) in their sentence, or
// their title clause, within the topic's near words of each, and is not
// the tail of a hyphenated compound.
func (m *Matcher) bridged(sc *scratch, ct *ctopic, cand []rawHit, a, b rawHit) bool {
	if b.t0 < a.t0 {
		a, b = b, a
	}
	ta, tb := &sc.toks[a.t0], &sc.toks[b.t0]
	if ta.field != tb.field || ta.clause != tb.clause || ta.sent != tb.sent && ta.field != fieldTitle {
		return false
	}
	// Fewer hits than words: one more than near hits away is too far.
	for i := searchT0(cand, a.t1+1); i < len(cand) && cand[i].t0 < b.t0 && cand[i].t0 <= a.t1+ct.near+1; i++ {
		sc.work++
		h := cand[i]
		if p := &m.ix.patterns[h.pat]; p.role != roleGroup || ct.relations&(1<<uint32(p.bitIdx)) == 0 || h.t1 >= b.t0 {
			continue
		}
		if m.gap(sc, a, h) <= ct.near && m.gap(sc, h, b) <= ct.near && !m.compoundTail(sc, &sc.toks[h.t0]) {
			return true
		}
	}
	return false
}

// anyBridged reports whether one of the pairs of sc is bridged.
func (m *Matcher) anyBridged(sc *scratch, ct *ctopic, cand []rawHit) bool {
	for k := range sc.pairs {
		if m.bridged(sc, ct, cand, sc.pairHits[2*k], sc.pairHits[2*k+1]) {
			return true
		}
	}
	return false
}

// silenceBreakers zeroes the counts of the negative groups that break
// pairs, in locs.
func (m *Matcher) silenceBreakers(ct *ctopic, locs [][numLocs]int32) {
	for gi := range ct.groups {
		if ct.breakers&(1<<uint(gi)) != 0 && ct.groups[gi].weight < 0 {
			locs[gi] = [numLocs]int32{}
		}
	}
}

// maxListItems bounds how many hits a list is read for: lists of states
// are short, and an article repeating names must not make each hit read
// all the others.
const maxListItems = 8

// jointSubjects reports whether cand[i] is an item of a list (items joined
// by commas or "and", see colisted) that a relation word of the topic
// follows within two words, in the same sentence: the list is the subject
// of a relation among its items.
func (m *Matcher) jointSubjects(sc *scratch, ct *ctopic, cand []rawHit, i int) bool {
	last := i
	for j := i + 1; j < len(cand) && j <= i+maxListItems; j++ {
		sc.work++
		if cand[j].t0 <= cand[last].t1 {
			continue // an overlapping hit of another group
		}
		p := &m.ix.patterns[cand[j].pat]
		if p.role == roleGroup && ct.relations&(1<<uint32(p.bitIdx)) != 0 {
			ta, tb := &sc.toks[cand[last].t1], &sc.toks[cand[j].t0]
			return (last != i || m.listedAfter(sc, cand, i)) && ta.field == tb.field && ta.sent == tb.sent &&
				tb.pos-ta.pos <= 3 && !m.compoundTail(sc, tb) && !m.objectList(sc, cand, i)
		}
		if !m.colisted(sc, cand[last], cand[j]) {
			return false
		}
		last = j
	}
	return false
}

// listedAfter reports whether cand[i] is listed after an earlier hit,
// the last item of a list ("Iran, Russia and Turkey").
func (m *Matcher) listedAfter(sc *scratch, cand []rawHit, i int) bool {
	for j := i - 1; j >= 0 && j >= i-maxListItems; j-- {
		sc.work++
		if cand[j].t1 < cand[i].t0 {
			return m.colisted(sc, cand[j], cand[i])
		}
	}
	return false
}

// anyJoint reports whether the two hits of one of the pairs of sc are
// joint subjects of a relation word.
func (m *Matcher) anyJoint(sc *scratch, ct *ctopic, cand []rawHit) bool {
	for k := range sc.pairs {
		a, b := sc.pairIdx[2*k], sc.pairIdx[2*k+1]
		if m.jointSubjects(sc, ct, cand, int(min(a, b))) {
			return true
		}
	}
	return false
}

// coObjectReach bounds how many hits before a pair are read for the
// sentence's third party and relation word: headlines and leads name
// them in their first words, and a long sentence repeating names must not
// make each pair read all of it.
const coObjectReach = 16

// dropCoObjects removes from the pairs of sc (see pairUp) those whose
// sides are objects of an act between third parties: in the pair's
// sentence (or title clause), read back at most coObjectReach hits before
// it, a third party (the agent), a relation word and a third party again
// (the counterpart) come before any side ("Israel may sell Ukraine
// jammers against Iranian drones used by Russia"), and no relation word
// stands between the pair's hits. It reports whether it removed any.
func (m *Matcher) dropCoObjects(sc *scratch, ct *ctopic, cand []rawHit) bool {
	n := 0
	for k := range sc.pairs {
		ai, bi := sc.pairIdx[2*k], sc.pairIdx[2*k+1]
		if bi < ai {
			ai, bi = bi, ai
		}
		if !m.coObjects(sc, ct, cand, int(ai), int(bi)) {
			sc.pairs[n] = sc.pairs[k]
			sc.pairHits[2*n], sc.pairHits[2*n+1] = sc.pairHits[2*k], sc.pairHits[2*k+1]
			sc.pairIdx[2*n], sc.pairIdx[2*n+1] = sc.pairIdx[2*k], sc.pairIdx[2*k+1]
			n++
		}
	}
	dropped := n < len(sc.pairs)
	sc.pairs, sc.pairHits, sc.pairIdx = sc.pairs[:n], sc.pairHits[:2*n], sc.pairIdx[:2*n]
	return dropped
}

// coObjects reports whether the pair of cand[ai] and cand[bi] (ai <= bi)
// is the object of an act between third parties (see dropCoObjects).
func (m *Matcher) coObjects(sc *scratch, ct *ctopic, cand []rawHit, ai, bi int) bool {
	a, b := cand[ai], cand[bi]
	if !m.sameSentence(sc, a, b) || m.bridged(sc, ct, cand, a, b) {
		return false
	}
	sides := ct.sides[0] | ct.sides[1]
	// Read back: the counterpart, then the relation word, then the agent.
	const (
		counterpart = iota
		relation
		agent
	)
	want := counterpart
	for i := ai - 1; i >= 0 && i >= ai-coObjectReach && m.sameSentence(sc, cand[i], a); i-- {
		sc.work++
		p := &m.ix.patterns[cand[i].pat]
		if p.role != roleGroup {
			continue
		}
		bit := uint64(1) << uint32(p.bitIdx)
		switch {
		case sides&bit != 0:
			return false // a side named before: the act may be its own
		case ct.thirdParties&bit != 0 && want == counterpart:
			want = relation
		case ct.thirdParties&bit != 0 && want == agent:
			return true
		case ct.relations&bit != 0 && want == relation && !m.compoundTail(sc, &sc.toks[cand[i].t0]):
			want = agent
		}
	}
	return false
}
