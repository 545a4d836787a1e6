package stories

import (
	"math"
)

// Merge records that Repair folded story From into story Into.
type Merge struct{ From, Into string }

// Move records that Repair moved one article from one story to another.
type Move struct{ Article, From, To string }

// Repair merges open stories that have grown alike (two outlets' first
// reports founded two stories before later articles showed they were one)
// and moves articles that arrived early to the story they turned out to
// belong with. It merges the most similar pair first and repeats while a
// pair reaches MergeThreshold; the later story folds into the earlier,
// whose ID stays. Only stories changed since the previous Repair are
// looked at, so calling it now and then costs little. It returns what it
// did, in order; Resolve and StoryOf follow it.
func (c *Clusterer) Repair() ([]Merge, []Move) {
	merges := c.mergeAlike(nil)
	var moves []Move
	for range repairRounds {
		m := c.reassign()
		if len(m) == 0 {
			break
		}
		moves = append(moves, m...)
		merges = c.mergeAlike(merges)
	}
	for _, s := range c.open {
		s.dirty = false
	}
	c.compactOpen()
	return merges, moves
}

func (c *Clusterer) mergeAlike(merges []Merge) []Merge {
	for {
		var from, into *story
		bestSim := 0.0
		for _, s := range c.open {
			if s.gone || !s.dirty || s.kind == KindCommentary {
				continue
			}
			for _, cand := range c.candidates(top(s.sum, maxTerms), top(s.names, probeNames), s.first, s) {
				o := cand.s
				if o.kind != s.kind || !c.inWindow(o, s.first) {
					continue
				}
				sim, threshold := c.storySimilarity(s, o), c.opt.MergeThreshold
				if !shareLanguage(s, o) {
					if sharedMapKeys(s.names, o.names) < minSharedNames {
						continue
					}
					sim, threshold = dotMapMap(s.names, o.names)/(s.namesNorm*o.namesNorm), crossMerge
				}
				if s.first.IsZero() {
					threshold += undatedMargin
				}
				threshold -= sizeBonus(max(s.size, o.size))
				sim -= c.decay(s.first, o)
				if sim >= threshold && (sim > bestSim || sim == bestSim && pairLess(s, o, from, into)) {
					bestSim = sim
					from, into = s, o
					if from.seq < into.seq {
						from, into = into, from
					}
				}
			}
		}
		if from == nil {
			return merges
		}
		c.merge(from, into)
		merges = append(merges, Merge{From: from.id, Into: into.id})
	}
}

// storySimilarity compares two stories by their centroids. (Mixing in
// the mean similarity of their members, average link, did no better on the
// developer splits.)
func (c *Clusterer) storySimilarity(s, o *story) float64 {
	return dotMapMap(s.sum, o.sum) / (s.norm * o.norm)
}

// shareLanguage reports whether two stories have members in one language,
// so their words can be compared; else only their names can.
func shareLanguage(s, o *story) bool {
	for l := range s.langs {
		if o.langs[l] > 0 {
			return true
		}
	}
	return false
}

// pairLess breaks ties between equally similar pairs by founding order, so
// Repair is deterministic.
func pairLess(s, o, from, into *story) bool {
	if from == nil {
		return true
	}
	a, b := min(s.seq, o.seq), max(s.seq, o.seq)
	x, y := min(from.seq, into.seq), max(from.seq, into.seq)
	return a < x || a == x && b < y
}

func (c *Clusterer) merge(s, into *story) {
	c.retire(s)
	s.into = into
	into.dirty = true
	into.size += s.size - len(s.members)
	for _, m := range s.members {
		c.add(into, m)
	}
	s.members = nil
	c.merged = append(c.merged, s)
}

// reassign moves each member of a changed story to another story whose
// centroid it is clearly closer to than to the rest of its own: early in a
// story's life its centroid is one or two articles, and an article that
// arrived then may belong with a story that grew later.
func (c *Clusterer) reassign() []Move {
	var moves []Move
	for _, s := range c.open {
		if s.gone || !s.dirty || s.kind == KindCommentary {
			continue
		}
		for i := 0; i < len(s.members); i++ {
			m := &s.members[i]
			if s.langs[m.lang] == 0 {
				continue
			}
			own := 0.0
			if s.size > 1 {
				own = leaveOneOut(m.terms, s) - c.decay(m.published, s)
			}
			var best *story
			bestSim := math.Max(own+reassignMargin, c.opt.Threshold)
			if m.published.IsZero() {
				bestSim = math.Max(bestSim, c.opt.Threshold+undatedMargin)
			}
			for _, cand := range c.candidates(m.terms, nil, m.published, s) {
				o := cand.s
				if o.kind != s.kind || o.langs[m.lang] == 0 {
					continue
				}
				v := dotMap(m.terms, o.sum)/o.norm - c.decay(m.published, o) + sizeBonus(o.size+1)
				if v > bestSim {
					best, bestSim = o, v
				}
			}
			if best == nil {
				continue
			}
			moved := c.removeMember(s, i)
			i--
			c.add(best, moved)
			moves = append(moves, Move{Article: moved.article, From: s.id, To: best.id})
			if s.size == 0 {
				c.retire(s)
				break
			}
		}
	}
	return moves
}

// leaveOneOut is the similarity of a member to its story without itself.
func leaveOneOut(v vec, s *story) float64 {
	dotv, n := 0.0, 0.0
	for _, w := range s.sum {
		n += w * w
	}
	for _, e := range v {
		w := s.sum[e.id]
		// Replace w*w by (w-e.w)^2 in the norm.
		n += (w-e.w)*(w-e.w) - w*w
		dotv += e.w * (w - e.w)
	}
	if n <= 1e-12 {
		return 0
	}
	return dotv / math.Sqrt(n)
}
