package topics

// Who acts on whom. Two sides of a relation topic related by a predicate
// of their own stand as agent and counterpart around a relation word:
// "Iranians supplying drones to Russia", "Putin hails ties with Iran".
// Such a pair states the relation whoever else the story names: the EU
// that sanctions them for it is not a third party among whom the two
// merely appear, so evidence against that marks lists and blocs (groups
// that break pairs) weighs nothing then. A relation word before both
// sides in a sentence that opens with a third party is that party's
// predicate, and the sides are its objects: "Israel may sell Ukraine
// jammers against Iranian drones used by Russia" is no dealing between
// Iran and Russia, unless a relation word stands between them too.
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
			return last != i && ta.field == tb.field && ta.sent == tb.sent && tb.pos-ta.pos <= 3 &&
				!m.compoundTail(sc, tb)
		}
		if !m.colisted(sc, cand[last], cand[j]) {
			return false
		}
		last = j
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
