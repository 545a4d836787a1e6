package topics

import (
	"strings"
	"unicode/utf8"
)

// Two actors joined by "and" or a comma ("Russia and Iran have interfered
// with the election", "sanctions on Iran and Russia") are listed side by
// side: a third party's act or a shared accusation names both, and that
// is no relation between them. Such a pair counts for a topic that says
// what its relation is (groups with near_pair) only where one of those
// words stands in the same sentence close to the pair: "Iran and Russia
// sign a treaty", "China, Russia and Iran hold joint drills". Two actors
// joined any other way ("Iranian drones for Russia", "Putin met Raisi",
// "Iran-Russia ties") pair as before.

// isListJoin reports whether w (ASCII letters lower-cased) joins two
// items of a list, in the languages the built-in topics cover. A comma
// alone joins them too.
func isListJoin(w string) bool {
	switch w {
	case "and", "or", "&", "as well as", "nor",
		"и", "или", "та", "і", "й", // Russian, Ukrainian
		"i", "oraz", "lub", "albo", // Polish
		"et", "ou", "und", "oder", "y", "o", "e", "ed", "ve", "veya", "ile", // French, German, Spanish, Italian, Turkish
		"و", "یا", "أو", // Persian, Arabic
		"和", "与", "及":
		return true
	}
	return false
}

// colisted reports whether hits a and b, in text order, are neighbouring
// items of a list: in the same field and nothing but a comma or a joining
// word between them.
func (m *Matcher) colisted(sc *scratch, a, b rawHit) bool {
	ta, tb := &sc.toks[a.t1], &sc.toks[b.t0]
	if ta.field != tb.field || tb.pos-ta.pos > 4 || ta.end > tb.start {
		return false
	}
	src := sc.title
	if ta.field == fieldText {
		src = sc.text
	}
	between := strings.TrimSpace(src[ta.end:tb.start])
	// A possessive or a closing quote after the first name ("Iran's and
	// Russia's") is part of that name.
	between = strings.TrimLeft(between, "'’s\"”")
	between = strings.TrimSpace(strings.TrimPrefix(between, ","))
	if between == "" {
		return src[ta.end:tb.start] != "" && strings.Contains(src[ta.end:tb.start], ",")
	}
	if len(between) > 12 {
		return false
	}
	var buf [12]byte
	for i := range len(between) {
		buf[i] = asciiLower[between[i]]
	}
	return isListJoin(string(buf[:len(between)]))
}

// dropColisted removes from the pairs of sc (see pairUp) those whose two
// hits are neighbouring items of a list with no relation word (a hit of a
// positive near_pair group) in the same sentence within the topic's near
// words, or of a list that is the object of a preposition (see
// objectList). It reports whether it removed any.
func (m *Matcher) dropColisted(sc *scratch, ct *ctopic, cand []rawHit) bool {
	n := 0
	for k := range sc.pairs {
		a, b := sc.pairHits[2*k], sc.pairHits[2*k+1]
		if b.t0 < a.t0 {
			a, b = b, a
		}
		if m.colisted(sc, a, b) && (!m.relationNear(sc, ct, cand, a, b) || m.objectList(sc, cand, int(min(sc.pairIdx[2*k], sc.pairIdx[2*k+1])))) {
			continue
		}
		sc.pairs[n] = sc.pairs[k]
		sc.pairHits[2*n], sc.pairHits[2*n+1] = sc.pairHits[2*k], sc.pairHits[2*k+1]
		sc.pairIdx[2*n], sc.pairIdx[2*n+1] = sc.pairIdx[2*k], sc.pairIdx[2*k+1]
		n++
	}
	dropped := n < len(sc.pairs)
	sc.pairs, sc.pairHits, sc.pairIdx = sc.pairs[:n], sc.pairHits[:2*n], sc.pairIdx[:2*n]
	return dropped
}

// relationNear reports whether a hit of one of the topic's relation groups
// stands in the sentence of the list items a and b (in text order),
// within near words of them.
func (m *Matcher) relationNear(sc *scratch, ct *ctopic, cand []rawHit, a, b rawHit) bool {
	lo := a.t0 - ct.near - int32(m.ix.maxWords)
	for i := searchT0(cand, max(lo, 0)); i < len(cand) && cand[i].t0 <= b.t1+ct.near; i++ {
		sc.work++
		h := cand[i]
		p := &m.ix.patterns[h.pat]
		if p.role != roleGroup || ct.relations&(1<<uint32(p.bitIdx)) == 0 {
			continue
		}
		th := &sc.toks[h.t0]
		ta := &sc.toks[a.t0]
		if th.field != ta.field || th.sent != ta.sent || m.compoundTail(sc, th) {
			continue
		}
		if m.gap(sc, h, a) <= ct.near || m.gap(sc, h, b) <= ct.near {
			return true
		}
	}
	return false
}

// compoundTail reports whether word t ends a hyphenated compound
// ("state-linked", "Kremlin-backed"): such a word describes a noun, not a
// dealing between the two listed sides.
func (m *Matcher) compoundTail(sc *scratch, t *token) bool {
	src := sc.title
	if t.field == fieldText {
		src = sc.text
	}
	i := int(t.start)
	return i >= 2 && src[i-1] == '-' && src[i-2] != ' '
}

// objectList reports whether cand[i], an item of a list, is in a list
// that a preposition governs: "sanctions on China, Russia and Iran tighten
// supply", "oil from Russia and Iran". Such a list is what a third party's
// act is about, whatever relation word follows; "talks between Iran and
// Russia" is not such a list, nor one whose last item owns what follows
// ("concern over Russia and Iran's military ties"). Lists are read back at
// most maxListItems items.
func (m *Matcher) objectList(sc *scratch, cand []rawHit, i int) bool {
	first := i
	for j := i - 1; j >= 0 && j >= i-maxListItems; j-- {
		sc.work++
		if cand[j].t1 >= cand[first].t0 {
			continue // an overlapping hit of another group
		}
		if !m.colisted(sc, cand[j], cand[first]) {
			break
		}
		first = j
	}
	last := i
	for j := i + 1; j < len(cand) && j <= i+maxListItems; j++ {
		sc.work++
		if cand[j].t0 <= cand[last].t1 {
			continue
		}
		if !m.colisted(sc, cand[last], cand[j]) {
			break
		}
		last = j
	}
	t := &sc.toks[cand[first].t0]
	src := sc.title
	if t.field == fieldText {
		src = sc.text
	}
	if end := sc.toks[cand[last].t1].end; strings.HasPrefix(src[end:], "'s") || strings.HasPrefix(src[end:], "’s") {
		return false
	}
	return isObjectPreposition(prevWord(src, int(t.start)))
}

// prevWord returns the word of at most 12 bytes that ends one space before
// s[start], ASCII letters lower-cased, or "".
func prevWord(s string, start int) string {
	if start < 2 || s[start-1] != ' ' {
		return ""
	}
	i := start - 1
	for i > 0 && start-1-i < 12 && s[i-1] != ' ' && (s[i-1] >= utf8.RuneSelf || isASCIILetter(s[i-1])) {
		i--
	}
	if i == start-1 || i > 0 && s[i-1] != ' ' && s[i-1] < utf8.RuneSelf && isASCIILetter(s[i-1]) {
		return ""
	}
	var buf [12]byte
	w := buf[:0]
	for k := i; k < start-1; k++ {
		w = append(w, asciiLower[s[k]])
	}
	return string(w)
}

// isObjectPreposition reports whether w (ASCII letters lower-cased) is a
// preposition that makes the list after it an object, in the languages
// the built-in topics cover. "Between" is left out: it names a relation.
func isObjectPreposition(w string) bool {
	switch w {
	case "on", "against", "to", "from", "for", "of", "at", "into", "upon", "toward", "towards", // English
		"na", "wobec", "przeciwko", "do", "dla", "od", // Polish
		"на", "против", "к", "из", "для", "от", // Russian
		"sur", "contre", "pour", // French
		"gegen", "auf", "für", // German
		"sobre", "contra", "para": // Spanish
		return true
	}
	return false
}
