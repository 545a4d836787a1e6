package topics

import (
	"strings"
	"unicode/utf8"
)

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
	return m.titleNames(sc, cand, ct.sides[0]|ct.sides[1])
}

// moveLead weighs the lead's pairs and relation words as those of
// location to: the title's when the lead states the story's relation, the
// rest of the text's when the relation is background.
func (m *Matcher) moveLead(ct *ctopic, pairs []float64, locs [][numLocs]int32, to uint8) {
	for i, v := range pairs {
		if v == ct.loc[locLead] {
			pairs[i] = ct.loc[to]
		}
	}
	for gi := range ct.groups {
		if ct.relations&(1<<uint(gi)) != 0 {
			locs[gi][to] += locs[gi][locLead]
			locs[gi][locLead] = 0
		}
	}
}

// A headline that names one side without the other, with one of that
// side's own affairs ("Russia's ally faces 50% inflation"; "Cleverly warns
// Iran's nuclear programme 'more advanced than ever before'"), tells a
// story about that side, even where a word of a relation serves only to
// say which side ("Russia's ally"). Its text
// may go on to the side's dealings with the other ("...and cooperation
// with Russia in the war in Ukraine"), but as background: the lead's
// pairs and relation words weigh as the rest of the text's, and the lead
// is not promoted.

// titleOnOwnAffairs reports whether, for pair topic ct with own_affairs
// groups, the title holds a hit of one of them and not both sides. cand
// is in text order, title first.
func (m *Matcher) titleOnOwnAffairs(sc *scratch, ct *ctopic, cand []rawHit) bool {
	seen := m.titleGroups(sc, cand)
	return seen&ct.ownAffairs != 0 && (seen&ct.sides[0] == 0 || seen&ct.sides[1] == 0)
}

// A topic whose pair needs no relation word (a subject and what is said of
// it: Iran and a nuclear term) follows the same reading of headline and
// lead: a headline that names one side without the other ("Pompeo sets US
// on collision course with UN partners over Iran") leaves the lead to say
// what the story is, and a lead that pairs the sides ("...attempt to use
// the 'snapback' mechanism to trigger nuclear sanctions ... the isolation
// of Iran") states its main point. The lead's pairs and positive evidence
// then weigh as the headline's. A headline with a pair of its own, or
// naming neither side, leaves the lead its lower weight; so does a lead
// whose pair is split by a clause of background ("Raisi will address the
// assembly amid ... pressure to revive the Iran nuclear deal", "ties
// which have been marked by a failure to revive a nuclear agreement"):
// what comes after "amid", "as" or "which" is the setting, not the news.

// weighLeadUnderSubject applies that reading for pair topic ct without
// relation words, after pairUp: when the title names the first side (the
// subject) but holds no pair, each lead pair weighs as the title's, or,
// split by background, as the rest of the text's. When a pair was
// promoted, so are the lead hits of the groups with positive weight
// (evidence against keeps its weight). cand is in text order, title first.
// It reports whether it changed any weight.
func (m *Matcher) weighLeadUnderSubject(sc *scratch, ct *ctopic, cand []rawHit, locs [][numLocs]int32) bool {
	lead := false
	for k := range sc.pairs {
		a, b := sc.pairHits[2*k], sc.pairHits[2*k+1]
		if sc.toks[a.t0].field == fieldTitle {
			return false
		}
		if sc.toks[a.t0].loc == locLead && sc.toks[b.t0].loc == locLead {
			lead = true
		}
	}
	if !lead || !m.titleNames(sc, cand, ct.sides[0]) {
		return false
	}
	promoted := false
	for k, v := range sc.pairs {
		if v != ct.loc[locLead] {
			continue
		}
		if m.backgroundBefore(sc, sc.pairHits[2*k], sc.pairHits[2*k+1]) {
			sc.pairs[k] = ct.loc[locBody]
			continue
		}
		sc.pairs[k] = ct.loc[locTitle]
		promoted = true
	}
	if promoted {
		for gi := range ct.groups {
			if ct.groups[gi].weight > 0 {
				locs[gi][locTitle] += locs[gi][locLead]
				locs[gi][locLead] = 0
			}
		}
	}
	return true
}

// titleNames reports whether the title holds a hit of one of groups (a
// bit mask). cand is in text order, title first.
func (m *Matcher) titleNames(sc *scratch, cand []rawHit, groups uint64) bool {
	return m.titleGroups(sc, cand)&groups != 0
}

// titleGroups returns the bits of the groups with a hit in the title.
// cand is in text order, title first.
func (m *Matcher) titleGroups(sc *scratch, cand []rawHit) uint64 {
	var seen uint64
	for _, h := range cand {
		if sc.toks[h.t0].field != fieldTitle {
			break
		}
		if p := &m.ix.patterns[h.pat]; p.role == roleGroup {
			seen |= 1 << uint32(p.bitIdx)
		}
	}
	return seen
}

// backgroundBefore reports whether a word that opens a clause of
// background stands in the lead (the text's first sentence) before the
// later of lead hits a and b: "...will address the assembly amid
// pressure to revive the Iran nuclear deal", "Move comes as Iran resumes
// enriching uranium". The text is read once however many pairs ask.
func (m *Matcher) backgroundBefore(sc *scratch, a, b rawHit) bool {
	end := max(sc.toks[a.t0].start, sc.toks[b.t0].start)
	src := sc.text
	i := int(sc.bgScanned)
	for sc.bgAt < 0 && i < int(end) {
		c := src[i]
		if c < utf8.RuneSelf && !isASCIILetter(c) {
			i++
			continue
		}
		j := i
		for j < len(src) && (isASCIILetter(src[j]) || src[j] >= utf8.RuneSelf) {
			j++
		}
		sc.work++
		if j-i <= 12 && (i == 0 || src[i-1] == ' ') {
			var buf [12]byte
			w := buf[:0]
			for k := i; k < j; k++ {
				w = append(w, asciiLower[src[k]])
			}
			if isBackgroundWord(string(w)) && !(string(w) == "as" && fixedAs(src, i, j)) {
				sc.bgAt = int32(i)
			}
		}
		i = j
	}
	sc.bgScanned = int32(max(i, int(sc.bgScanned)))
	return sc.bgAt >= 0 && sc.bgAt < end
}

// fixedAs reports whether the "as" at src[i:j] is part of a phrase that
// opens no clause: "such as", "as well as", "as part of", "as a result".
func fixedAs(src string, i, j int) bool {
	var buf [8]byte
	if w := wordBefore(buf[:0], src, i); w != nil {
		switch string(w) {
		case "such", "well", "so", "just", "twice":
			return true
		}
	}
	k := j
	for k < len(src) && src[k] == ' ' {
		k++
	}
	e := k
	for e < len(src) && isASCIILetter(src[e]) && e-k < 9 {
		e++
	}
	switch strings.ToLower(src[k:e]) {
	case "well", "part", "of", "soon", "much", "many", "long", "far", "if", "though", "a", "an", "to", "for", "usual", "expected", "high":
		return true
	}
	return false
}

// isBackgroundWord reports whether w (ASCII letters lower-cased) opens a
// clause that sets the scene rather than telling the news, in the
// languages the built-in topics cover.
func isBackgroundWord(w string) bool {
	switch w {
	case "amid", "amidst", "as", "which", "who", "whose", "while", "whereas", "despite", // English
		"фоне", "пока", "который", "которые", // Russian ("на фоне")
		"obliczu", "podczas", "który", "która", "które", // Polish ("w obliczu")
		"alors", "malgré", "während", "trotz", "mientras": // French, German, Spanish
		return true
	}
	return false
}
