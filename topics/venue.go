package topics

import "unicode/utf8"

// A place named after "in" or "at" is where something happened, not who
// did it: "the foreign ministers of Armenia and Azerbaijan met in Iran,
// with Russia saying..." is no dealing between Iran and Russia, while
// "Raisi arrives in Moscow" is one, because Raisi, named first, is who
// came. So in a topic with relation words, a side named as a venue pairs
// only with what the sentence names before it.

// isVenueWord reports whether w (lower-cased ASCII, other scripts as
// written) is a preposition that makes the name after it a venue, in the
// languages the built-in topics cover.
func isVenueWord(w string) bool {
	switch w {
	case "in", "at", // English
		"в", "во", "у", "В", "Во", "У", // Russian, Ukrainian
		"w", "we", // Polish
		"à", "en", "im", "dans", // French, German, Spanish
		"در", "في": // Persian, Arabic
		return true
	}
	return false
}

// isVenue reports whether hit h follows a venue preposition. It is asked
// lazily, once per candidate, and caches its answer in sc.venue.
func (m *Matcher) isVenue(sc *scratch, i int, h rawHit) bool {
	if v := sc.venue[i]; v != 0 {
		return v == 2
	}
	v := m.venueBefore(sc, h)
	sc.venue[i] = 1
	if v {
		sc.venue[i] = 2
	}
	return v
}

func (m *Matcher) venueBefore(sc *scratch, h rawHit) bool {
	t := &sc.toks[h.t0]
	src := sc.title
	if t.field == fieldText {
		src = sc.text
	}
	var buf [8]byte
	w := wordBefore(buf[:0], src, int(t.start))
	return w != nil && isVenueWord(string(w))
}

// wordBefore appends to dst the word of at most 6 bytes that ends one
// space before s[end], ASCII letters lower-cased (other scripts' letters
// as written), or returns nil when there is none.
func wordBefore(dst []byte, s string, end int) []byte {
	if end < 2 || s[end-1] != ' ' {
		return nil
	}
	i := end - 1
	for i > 0 && end-1-i <= 6 {
		c := s[i-1]
		if c < utf8.RuneSelf && !isASCIILetter(c) {
			break // a space or punctuation starts the word; bytes of other scripts are letters here
		}
		i--
	}
	if i == end-1 || end-1-i > 6 {
		return nil
	}
	for j := i; j < end-1; j++ {
		dst = append(dst, asciiLower[s[j]])
	}
	return dst
}
