package topics

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxSpelledOut bounds, in bytes, the words that spell out an acronym
// and the gaps between them (see definedElsewhere). News spells names
// out in words of at most a few dozen bytes, one space apart.
const maxSpelledOut = 64

// definedElsewhere reports whether the acronym hit h follows, in
// parentheses, words whose initials spell it and which are no hit of the
// topic: "Supply Chain Operations (SCO)" defines SCO as something else,
// "Shanghai Cooperation Organisation (SCO)" does not. hits holds the
// topic's hits before h, in text order.
func (m *Matcher) definedElsewhere(sc *scratch, hits []rawHit, h rawHit) bool {
	tok := &sc.toks[h.t0]
	src := sc.title
	if tok.field == fieldText {
		src = sc.text
	}
	before := strings.TrimRight(src[:tok.start], " \t")
	if !strings.HasSuffix(before, "(") {
		return false
	}
	before = strings.TrimRight(before[:len(before)-1], " \t")
	acronym := []rune(src[tok.start:tok.end])
	end, start := len(before), 0
	for i := len(acronym) - 1; i >= 0; i-- {
		// Words that spell out a name, and the space between them, are
		// short. Looking no further than maxSpelledOut bytes for either
		// keeps text without spaces ("(SCO)(SCO)...") from being read
		// again for every acronym in it.
		lo := max(0, end-maxSpelledOut)
		sc.work += end - lo
		start = strings.LastIndexAny(before[lo:end], " \t\n-") + 1 + lo
		word := before[start:end]
		first, _ := utf8.DecodeRuneInString(word)
		if word == "" || start == lo && lo > 0 || unicode.ToUpper(first) != unicode.ToUpper(acronym[i]) {
			return false
		}
		lo = max(0, start-maxSpelledOut)
		sc.work += start - lo
		end = lo + len(strings.TrimRight(before[lo:start], " \t\n-"))
		if end == lo && lo > 0 {
			return false
		}
	}
	// The words spell the acronym out; are they a name the topic knows?
	// Hits in text order start in the words from the last one back.
	for i := len(hits) - 1; i >= 0; i-- {
		x := hits[i]
		xt := &sc.toks[x.t0]
		if xt.field != tok.field || int(xt.start) < start {
			break
		}
		sc.work++
		if int(xt.start) < len(before) && m.ix.patterns[x.pat].role == roleGroup && !m.ix.patterns[x.pat].acronym {
			return false
		}
	}
	return true
}

// isAcronym reports whether a term is an acronym: one word of two to six
// capital letters ("SCO", "ШОС").
func isAcronym(t string) bool {
	n := 0
	for _, r := range t {
		if !unicode.IsUpper(r) {
			return false
		}
		n++
	}
	return n >= 2 && n <= 6
}
