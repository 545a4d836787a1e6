package topics

import (
	"slices"
)

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
			if ct.relations != 0 && m.jointSubjects(sc, ct, cand, xi) {
				continue // "China, Russia and Iran hold joint drills"
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
// same field, counting each clause of the title as one: such hits always
// pair.
func (m *Matcher) sameSentence(sc *scratch, a, b rawHit) bool {
	ta, tb := &sc.toks[a.t0], &sc.toks[b.t0]
	return ta.field == tb.field && ta.clause == tb.clause && (ta.field == fieldTitle || ta.sent == tb.sent)
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
// the same sentence, to be the next item of a list: nothing but a comma
// or a joining word between them ("A, B and C"). "EU fines Iranian
// firms" is no list.
func (m *Matcher) listNeighbours(sc *scratch, a, b rawHit) bool {
	ta, tb := &sc.toks[a.t1], &sc.toks[b.t0]
	return ta.field == tb.field && ta.sent == tb.sent && tb.pos-ta.pos <= 2 && m.colisted(sc, a, b)
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
// sentence (the whole title is one, but for its clauses) or within n
// words of each other.
func (m *Matcher) pairs(sc *scratch, a, b rawHit, n int32) bool {
	ta, tb := &sc.toks[a.t0], &sc.toks[b.t0]
	// Text words are all in clause 0: only the title's differ.
	return ta.field == tb.field && ta.clause == tb.clause && (ta.field == fieldTitle || ta.sent == tb.sent || m.gap(sc, a, b) <= n)
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
