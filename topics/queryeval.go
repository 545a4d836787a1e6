package topics

import (
	"cmp"
	"slices"
)

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
