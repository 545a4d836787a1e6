package topics

// A headline names the subject of a story and its lead sentence says what
// happened. When the headline names one side of a relation ("Iranian
// drones appear to contain modified explosives") and the lead states the
// relation itself, both sides and a word of their dealings ("Iran appears
// to be modifying the attack drones it's providing to Russia"), that
// relation is the story's main point: the lead's pair and relation words
// weigh as much as the headline's. A lead that names both sides without
// a relation word, or under a headline naming neither side, keeps its
// lower weight.

// leadStatesRelation reports whether, for pair topic ct with relation
// words, the title names a side and a relation word near a pair stands in
// the lead (locs holds the near-pair hits of each relation group by
// location). cand is in text order, title first.
func (m *Matcher) leadStatesRelation(sc *scratch, ct *ctopic, cand []rawHit, locs [][numLocs]int32) bool {
	lead := false
	for gi := range ct.groups {
		if ct.relations&(1<<uint(gi)) != 0 && locs[gi][locLead] > 0 {
			lead = true
			break
		}
	}
	if !lead {
		return false
	}
	sides := ct.sides[0] | ct.sides[1]
	for _, h := range cand {
		if sc.toks[h.t0].field != fieldTitle {
			return false
		}
		if p := &m.ix.patterns[h.pat]; p.role == roleGroup && sides&(1<<uint32(p.bitIdx)) != 0 {
			return true
		}
	}
	return false
}

// promoteLead weighs the lead's pairs and relation words as the title's.
func (m *Matcher) promoteLead(ct *ctopic, pairs []float64, locs [][numLocs]int32) {
	for i, v := range pairs {
		if v == ct.loc[locLead] {
			pairs[i] = ct.loc[locTitle]
		}
	}
	for gi := range ct.groups {
		if ct.relations&(1<<uint(gi)) != 0 {
			locs[gi][locTitle] += locs[gi][locLead]
			locs[gi][locLead] = 0
		}
	}
}
