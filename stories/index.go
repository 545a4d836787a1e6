package stories

import (
	"cmp"
	"math"
	"slices"
	"time"
)

type candidate struct {
	s     *story
	score float64
}

// candidates finds open stories sharing the strongest of terms and names,
// within the window of t, and returns the most promising, best first. skip
// is left out. The work is bounded: a few terms, each with a capped list of
// the most recent stories that used it, read from dense arrays.
func (c *Clusterer) candidates(terms, names vec, t time.Time, skip *story) []candidate {
	var buf [probeTerms + probeNames]ent
	probe := strongest(buf[:0], terms, probeTerms)
	// Names reach stories in other languages, whose words differ.
	for _, n := range strongest(nil, names, probeNames) {
		if !slices.ContainsFunc(probe, func(e ent) bool { return e.id == n.id }) {
			probe = append(probe, n)
		}
	}
	c.epoch++
	c.cands = c.cands[:0]
	skipSlot := int64(-1)
	if skip != nil {
		skipSlot = int64(skip.slot)
	}
	at, window := minutes(t), int64(c.opt.Window/time.Minute)
	budget := scanBudget
	for _, p := range probe {
		list := c.postings[p.id]
		// Probe terms come heaviest first: rare terms, with short
		// lists, are read whole; common ones only as far as the budget.
		n := min(len(list), postingCap, budget)
		budget -= n
		for i := len(list) - 1; i >= len(list)-n; i-- {
			slot := list[i]
			if c.slotMark[slot] == c.epoch {
				c.slotScore[slot] += p.w
				continue
			}
			c.slotMark[slot] = c.epoch
			first := c.slotFirst[slot]
			if c.slotGone[slot] || int64(slot) == skipSlot ||
				(first == undated) != (at == undated) || first != undated && (at-first > window || first-at > window) {
				c.slotScore[slot] = math.Inf(-1)
				continue
			}
			c.slotScore[slot] = p.w
			c.cands = append(c.cands, candidate{s: c.slotStory[slot]})
		}
	}
	for i := range c.cands {
		c.cands[i].score = c.slotScore[c.cands[i].s.slot]
	}
	byScore := func(a, b candidate) int {
		if x := cmp.Compare(b.score, a.score); x != 0 {
			return x
		}
		return cmp.Compare(a.s.seq, b.s.seq)
	}
	if len(c.cands) > maxCandidates {
		selectTop(c.cands, maxCandidates, byScore)
		c.cands = c.cands[:maxCandidates]
	}
	slices.SortFunc(c.cands, byScore)
	// The index holds each story's first time as it was when the story
	// was indexed; check the current one.
	kept := c.cands[:0]
	for _, cand := range c.cands {
		if c.inWindow(cand.s, t) {
			kept = append(kept, cand)
		}
	}
	c.cands = kept
	return c.cands
}

// undated is the index's minute for the zero time.
const undated = math.MinInt64

func minutes(t time.Time) int64 {
	if t.IsZero() {
		return undated
	}
	return t.Unix() / 60
}

// slot gives s a place in the dense arrays the index reads.
func (c *Clusterer) slot(s *story) {
	if n := len(c.freeSlots); n > 0 {
		s.slot = c.freeSlots[n-1]
		c.freeSlots = c.freeSlots[:n-1]
	} else {
		s.slot = uint32(len(c.slotStory))
		c.slotStory = append(c.slotStory, nil)
		c.slotMark = append(c.slotMark, 0)
		c.slotScore = append(c.slotScore, 0)
		c.slotFirst = append(c.slotFirst, 0)
		c.slotGone = append(c.slotGone, false)
	}
	c.slotStory[s.slot] = s
	c.slotMark[s.slot] = 0
	c.slotGone[s.slot] = false
	c.slotFirst[s.slot] = minutes(s.first)
}

// retire takes s out of lookups; sweep frees its slot.
func (c *Clusterer) retire(s *story) {
	s.gone = true
	c.slotGone[s.slot] = true
}

// index adds s to the list of term id.
func (c *Clusterer) index(id uint32, s *story) {
	c.slotFirst[s.slot] = minutes(s.first)
	c.postings[id] = appendPosting(c.postings[id], s.slot)
}

// strongest appends the n heaviest entries of v to dst, heaviest first.
func strongest(dst, v vec, n int) vec {
	start := len(dst)
	dst = append(dst, v...)
	part := dst[start:]
	slices.SortFunc(part, func(a, b ent) int {
		if x := cmp.Compare(b.w, a.w); x != 0 {
			return x
		}
		return cmp.Compare(a.id, b.id)
	})
	if len(part) > n {
		dst = dst[:start+n]
	}
	return dst
}

// inWindow reports whether an article published at t may join s: both
// undated, or within Window of the story's first article.
func (c *Clusterer) inWindow(s *story, t time.Time) bool {
	if t.IsZero() || s.first.IsZero() {
		return t.IsZero() && s.first.IsZero()
	}
	d := t.Sub(s.first)
	return d <= c.opt.Window && d >= -c.opt.Window
}

// appendPosting adds s to a term's list and drops the oldest entries when
// the list grows well past postingCap, so lookups stay bounded.
func appendPosting(list []uint32, s uint32) []uint32 {
	if len(list) >= 2*postingCap {
		n := copy(list, list[len(list)-postingCap:])
		list = list[:n]
	}
	return append(list, s)
}

// sweep closes stories whose latest article is older than Retain before the
// newest article seen, and drops them from the index.
func (c *Clusterer) sweep() {
	cutoff := c.latest.Add(-c.opt.Retain)
	for _, s := range c.open {
		if !s.last.IsZero() && s.last.Before(cutoff) {
			c.retire(s)
		}
	}
	for id, list := range c.postings {
		kept := list[:0]
		for _, slot := range list {
			if !c.slotGone[slot] {
				kept = append(kept, slot)
			}
		}
		if len(kept) == 0 {
			kept = nil
		}
		c.postings[id] = kept
	}
	// No list names a retired story now: free the slots.
	for slot, s := range c.slotStory {
		if s != nil && c.slotGone[slot] {
			c.slotStory[slot] = nil
			c.freeSlots = append(c.freeSlots, uint32(slot))
		}
	}
	c.compactOpen()
	// A merged story's ID resolves while the story it went into is open.
	kept := c.merged[:0]
	for _, s := range c.merged {
		into := s.into
		for into.into != nil {
			into = into.into
		}
		if into.gone {
			delete(c.byID, s.id)
			continue
		}
		kept = append(kept, s)
	}
	clear(c.merged[len(kept):])
	c.merged = kept
}

// compactOpen forgets stories that are gone. A merged story keeps its
// entry in byID so Resolve still follows it; a closed one leaves, with its
// members' entries.
func (c *Clusterer) compactOpen() {
	kept := c.open[:0]
	for _, s := range c.open {
		switch {
		case !s.gone:
			kept = append(kept, s)
		case s.into == nil:
			delete(c.byID, s.id)
			for _, m := range s.members {
				if c.home[m.article] == s {
					delete(c.home, m.article)
				}
			}
		}
	}
	clear(c.open[len(kept):])
	c.open = kept
}

// selectTop moves the k first elements of xs in cmpf order to its front,
// in no particular order (quickselect).
func selectTop[T any](xs []T, k int, cmpf func(a, b T) int) {
	lo, hi := 0, len(xs)-1
	for lo < hi {
		p := xs[(lo+hi)/2]
		i, j := lo, hi
		for i <= j {
			for cmpf(xs[i], p) < 0 {
				i++
			}
			for cmpf(xs[j], p) > 0 {
				j--
			}
			if i <= j {
				xs[i], xs[j] = xs[j], xs[i]
				i++
				j--
			}
		}
		switch {
		case k-1 <= j:
			hi = j
		case k-1 >= i:
			lo = i
		default:
			return
		}
	}
}
