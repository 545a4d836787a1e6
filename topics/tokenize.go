package topics

import (
	"encoding/binary"
	"math/bits"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Fields of an article. Hits report them as "title" and "text".
const (
	fieldTitle uint8 = iota
	fieldText
)

var fieldNames = [...]string{fieldTitle: "title", fieldText: "text"}

// Locations inside an article, each with its own weight: the headline, the
// first sentence of the text (the lead, which states the main point), the
// rest of the text, and photo captions, which name whoever is in the picture
// whatever the story is about.
const (
	locTitle uint8 = iota
	locLead
	locBody
	locCaption
	numLocs
)

var locNames = [numLocs]string{locTitle: "title", locLead: "lead", locBody: "text", locCaption: "caption"}

// token is one word of a field.
type token struct {
	start, end int32 // byte offsets of the word in its field
	sym0, sym1 int32 // its symbols in the Matcher's scratch, when matching
	key0, key1 int32 // its matching key in the key buffer
	pos        int32 // ordinal of the word within its field, counting words not stored
	sent       int32 // ordinal of its sentence within its field
	field      uint8
	loc        uint8
	flags      uint8
	clause     uint8 // in the title, the clause it is in (see titleClauses); else 0
}

const (
	flagCap      uint8 = 1 << iota // starts with an upper-case letter
	flagCaseless                   // starts with a letter of a script without case
)

// tokenize appends the words of field s to toks and their keys to keys.
func tokenize(toks []token, keys []byte, s string, field uint8) ([]token, []byte) {
	toks, keys, _ = tokenizeFiltered(toks, keys, s, field, nil, nil)
	return toks, keys
}

// tokenizeFiltered is tokenize for matching: given an index, it stores
// only the words with symbols (their symbols appended to syms), and rules
// out most other words before keying them. Words left out still count, so
// positions and sentences stay right.
func tokenizeFiltered(toks []token, keys []byte, s string, field uint8, ix *index, syms []int32) ([]token, []byte, []int32) {
	z := tokenizer{s: s, field: field, toks: toks, keys: keys, leadSent: -1, extPos: -2}
	if ix != nil {
		z.ix, z.syms = ix, syms
		if !ix.exhaustive {
			z.filter, z.prune = &ix.filter, true
		}
	}
	start := 0
	if field == fieldText {
		start = datelineEnd(s)
	}
	for p0 := start; p0 < len(s); {
		p1, next := paragraphEnd(s, p0)
		z.loc = locBody
		switch {
		case field == fieldTitle:
			z.loc = locTitle
		case isCaption(s[p0:p1]):
			z.loc = locCaption
		}
		z.paragraph(p0, p1)
		p0 = next
	}
	return z.toks, z.keys, z.syms
}

// tokenizer is the state of one tokenize call. The hot loop lives in
// paragraph and asciiWord and keeps little in registers; rarer cases go
// through methods of their own.
type tokenizer struct {
	s          string
	end        int // end of the current paragraph
	toks       []token
	keys       []byte
	pos, sent  int32
	leadSent   int32 // sentence holding the lead, -1 until the first word of the text
	field      uint8
	loc        uint8 // locTitle, locCaption or locBody for this paragraph
	sentHasTok bool
	filter     *wordFilter
	ix         *index
	// The last stored word that a longer term may continue, if any.
	extPos, extSent int32
	prune           bool // drop words that can only continue a term, unless they do
	syms            []int32
}

func (z *tokenizer) paragraph(p0, p1 int) {
	z.end = p1
	// Room for the keys, which are about as long as their words; stored
	// only when it grows (see asciiWord).
	if cap(z.keys)-len(z.keys) < p1-p0 {
		z.keys = slices.Grow(z.keys, p1-p0)
	}
	s := z.s[:p1]
	f := z.filter
	for i := p0; i < len(s); {
		if f != nil {
			// Pass over the words no term starts with in bulk, and look
			// closely only where skipWords stops. The first may also go
			// on with a term that the stored word before it starts.
			pending := z.extPos == z.pos-1 && z.extSent == z.sent
			stop, words, end, w8 := f.skipWords(s, i, pending)
			if words > 0 {
				z.skipped(words)
			}
			i = stop
			if end > stop {
				z.asciiWord(stop, end, w8)
				i = end
				if i < len(s) && s[i] == ' ' {
					i++
				}
				continue
			}
			if i == len(s) {
				break
			}
		}
		switch byteClass[s[i]] {
		case classSkip:
			i++ // space and most punctuation: the common case
			continue
		case classOther:
			i = z.other(i)
			continue
		}
		// A word starting with an ASCII letter or digit: find its end, and
		// its first eight letters for the word filter.
		var j int
		var w8 uint64
		if len(s)-i < 8 {
			n, w := scanASCIIWord(s[i:])
			j, w8 = i+n, w
		} else {
			// Eight bytes at a time, the paragraph's last few bytes one at a
			// time. Letters and digits all lower-case with | 0x20, which
			// digits already have.
			first := load64(s, i)
			if end := nonWordBytes(first); end != 0 {
				// Most words end within the first eight bytes; end&-end is
				// the high bit of the byte after the word.
				j = i + bits.TrailingZeros64(end)/8
				w8 = (first | 0x2020202020202020) & (end&-end>>7 - 1)
			} else {
				j = i + 8
				for {
					if len(s)-j < 8 {
						n, _ := scanASCIIWord(s[j:])
						j += n
						break
					}
					if end := nonWordBytes(load64(s, j)); end != 0 {
						j += bits.TrailingZeros64(end) / 8
						break
					}
					j += 8
				}
				w8 = first | 0x2020202020202020
			}
		}
		if j < len(s) {
			switch afterWord[s[j]] {
			case wordMayGoOn:
				// An apostrophe, an entity, a letter with a diacritic: the
				// general path decides.
				i = z.word(i, wordEnd(s, j, len(s)))
				continue
			case wordSemicolon:
				if skip := entityName(s, i, j, len(s)); skip > 0 {
					i = skip
					continue
				}
			}
		}
		if f != nil && !(f.startsHead(w8) && f.starts(w8)) && !f.fuzzyCandidate(s[i], j-i) &&
			(z.extPos != z.pos-1 || z.extSent != z.sent || !f.continues(w8)) {
			z.skipWord() // no term can start or go on with this word: count it
		} else {
			z.asciiWord(i, j, w8)
		}
		i = j
		if i < len(s) && s[i] == ' ' {
			i++ // the usual separator, spared a trip through the switch
		}
	}
	if z.sentHasTok {
		z.sent++
		z.sentHasTok = false
	}
}

// asciiWord keys and stores the plain ASCII word s[i:j], whose first eight
// bytes, lower-cased and packed, are w8.
func (z *tokenizer) asciiWord(i, j int, w8 uint64) {
	k0, n := len(z.keys), j-i
	if cap(z.keys)-k0 < max(n, 8) {
		z.keys = slices.Grow(z.keys, max(n, 8))
	}
	keys := z.keys
	// w8 is the key's first eight bytes already: store them at once (past
	// the key's end, the bytes are zeros that later keys overwrite), and
	// the rest, if any, a byte at a time. Letters and digits lower-case
	// with | 0x20, which digits already have.
	binary.LittleEndian.PutUint64(keys[k0:k0+8], w8)
	keys = keys[:k0+n]
	if n > 8 {
		dst, w := keys[k0+8:], z.s[i+8:j]
		w = w[:len(dst)]
		for x := range dst {
			dst[x] = w[x] | 0x20
		}
	}
	k8 := w8
	if n >= 4 && keys[k0+n-1] == 's' {
		keys = stripPlural(keys, k0)
		if m := len(keys) - k0; m < n && m <= 8 {
			k8 = packWord(keys[k0:], 8) // the plural ending went from the first eight bytes
		}
	}
	// keys has z.keys's array: only the length changes, which spares the
	// write barrier that storing the slice would run while the garbage
	// collector marks.
	z.keys = z.keys[:len(keys)]
	var flags uint8
	if c := z.s[i]; 'A' <= c && c <= 'Z' {
		flags = flagCap
	}
	z.emit(i, j, k0, k8, flags)
}

// word handles any other word s[i:j]: one with non-ASCII letters,
// apostrophes or entities.
func (z *tokenizer) word(i, j int) int {
	s := z.s[:z.end]
	if j < len(s) && s[j] == ';' {
		if skip := entityName(s, i, j, len(s)); skip > 0 {
			return skip
		}
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	var flags uint8
	switch {
	case unicode.IsUpper(r) || unicode.IsTitle(r):
		flags = flagCap
	case unicode.IsLetter(r) && !unicode.IsLower(r):
		flags = flagCaseless
	}
	k0 := len(z.keys)
	z.keys = appendKey(z.keys, s[i:j], true)
	z.emit(i, j, k0, packWord(z.keys[k0:], 8), flags)
	return j
}

// emit records the word s[i:j] whose key starts at keys[k0] and whose
// first eight bytes, packed, are k8.
func (z *tokenizer) emit(i, j, k0 int, k8 uint64, flags uint8) {
	if len(z.keys) == k0 {
		return // nothing to match, such as a lone combining mark
	}
	loc := z.loc
	if loc == locBody {
		if z.leadSent == -1 {
			z.leadSent = z.sent
		}
		if z.sent == z.leadSent {
			loc = locLead
		}
	}
	pos := z.pos
	z.pos++
	z.sentHasTok = true
	var sym0, sym1 int32
	if ix := z.ix; ix != nil {
		// Matching keeps only words with symbols that a term can use here:
		// one that starts a term, or one that continues the word before.
		sym0 = int32(len(z.syms))
		syms, kind := ix.symbols(z.syms, z.keys[k0:], k8, flags)
		if cap(syms) == cap(z.syms) {
			// The same array, as almost always: store only the length
			// (see asciiWord).
			z.syms = z.syms[:len(syms)]
		} else {
			z.syms = syms
		}
		sym1 = int32(len(z.syms))
		follows := z.extPos == pos-1 && z.extSent == z.sent
		if sym1 == sym0 || z.prune && kind&symStarts == 0 && !follows {
			z.syms = z.syms[:sym0]
			z.keys = z.keys[:k0]
			return
		}
		z.extPos, z.extSent = -2, -1
		if kind&symExtends != 0 || follows {
			z.extPos, z.extSent = pos, z.sent
		}
	}
	// Filled in place: every field is set, and a token built aside would
	// be zeroed and copied.
	n := len(z.toks)
	if n == cap(z.toks) {
		z.toks = slices.Grow(z.toks, 1)
	}
	z.toks = z.toks[:n+1]
	t := &z.toks[n]
	t.start, t.end, t.key0, t.key1 = int32(i), int32(j), int32(k0), int32(len(z.keys))
	t.sym0, t.sym1, t.pos, t.sent = sym0, sym1, pos, z.sent
	t.field, t.loc, t.flags, t.clause = z.field, loc, flags, 0
}

// other handles a non-ASCII byte or punctuation at i: a word in another
// script, an apostrophe or entity, or the end of a sentence.
func (z *tokenizer) other(i int) int {
	s := z.s[:z.end]
	if c := s[i]; c < utf8.RuneSelf {
		// ASCII punctuation: an apostrophe or entity, or a full stop.
		if c == '\'' || c == '&' || c == '#' || c == '`' {
			if m := detachedPossessive(s, i, len(s)); m > 0 {
				return m
			}
		}
		if z.sentHasTok && isSentenceEnd(s, i, 1, len(s)) {
			z.sent++
			z.sentHasTok = false
		}
		return i + 1
	}
	r, n := utf8.DecodeRuneInString(s[i:])
	if isWordRune(r) {
		j := i + n
		if !unicode.Is(unicode.Han, r) {
			j = wordEnd(s, j, len(s))
		}
		return z.word(i, j)
	}
	if m := detachedPossessive(s, i, len(s)); m > 0 {
		return m
	}
	if z.sentHasTok && isSentenceEnd(s, i, n, len(s)) {
		z.sent++
		z.sentHasTok = false
	}
	return i + n
}

// Byte classes for the tokenizer's fast path.
const (
	classSkip  = 0 // ASCII that separates words and never ends a sentence
	classWord  = 1 // ASCII letter or digit
	classOther = 2 // punctuation that needs a closer look, or a non-ASCII byte
)

// What the byte after a run of ASCII letters and digits says of the word.
const (
	wordEnds      = 0 // it ends the word
	wordMayGoOn   = 1 // a non-ASCII letter, an apostrophe or an entity may continue it
	wordSemicolon = 2 // the word may be an entity's name that lost its ampersand
)

var afterWord = func() (t [256]uint8) {
	for c := range t {
		switch {
		case c >= utf8.RuneSelf, c == '\'' || c == '&' || c == '#' || c == '`':
			t[c] = wordMayGoOn
		case c == ';':
			t[c] = wordSemicolon
		}
	}
	return t
}()

var asciiLower = func() (t [256]byte) {
	for c := range t {
		t[c] = byte(c)
		if 'A' <= c && c <= 'Z' {
			t[c] += 'a' - 'A'
		}
	}
	return t
}()

var byteClass = func() (t [256]uint8) {
	for c := range t {
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
			t[c] = classWord
		case c >= utf8.RuneSelf, c == '.' || c == '!' || c == '?' || c == '\'' || c == '&' || c == '#' || c == '`':
			t[c] = classOther
		}
	}
	return t
}()

// isWordRune reports whether r starts or continues a word.
func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.In(r, unicode.Mn, unicode.Mc)
}

// wordEnd returns the end of the word whose rest starts at j. Apostrophes
// (and mis-decoded apostrophe entities) between letters, combining marks,
// soft hyphens and zero-width joiners stay inside a word; a Han ideograph
// starts a word of its own. Hyphens, dashes, slashes and the zero-width
// non-joiner that Persian puts before suffixes end it.
func wordEnd(s string, j, end int) int {
	for j < end {
		r, n := utf8.DecodeRuneInString(s[j:])
		switch {
		case unicode.Is(unicode.Han, r):
			return j
		case isWordRune(r) || unicode.Is(unicode.Me, r) || r == '\u00ad' || r == '\u200d':
			j += n
		case isApostrophe(r):
			if j+n < end && startsWithLetter(s[j+n:end]) {
				j += n
				continue
			}
			return j
		case r == '&' || r == '#':
			m := apostropheEntity(s[j:end])
			if m > 0 && j+m < end && startsWithLetter(s[j+m:end]) {
				j += m
				continue
			}
			return j
		default:
			return j
		}
	}
	return j
}

func isApostrophe(r rune) bool {
	switch r {
	case '\'', '\u2019', '\u2018', '\u02bc', '\u02bb', '`', '\u00b4':
		return true
	}
	return false
}

func startsWithLetter(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLetter(r)
}

// entityName recognises the name of an HTML entity whose ampersand was lost
// or turned into a space ("quot;", "amp;"), which some feeds leave in text,
// and returns where scanning resumes after it, or 0.
func entityName(s string, i, j, end int) int {
	if j >= end || s[j] != ';' || j-i > 6 || (i > 0 && s[i-1] != '&' && s[i-1] != ' ' && s[i-1] != '#') {
		return 0
	}
	switch strings.ToLower(s[i:j]) {
	case "quot", "amp", "lt", "gt", "nbsp", "apos", "laquo", "raquo", "rsquo", "lsquo", "ldquo", "rdquo", "ndash", "mdash":
		return j + 1
	}
	return 0
}

// detachedPossessive recognises an apostrophe-s cut off from its word by a
// space, as wire copy with mis-decoded entities has it ("Iran #39;s"), and
// returns where scanning resumes after it, or 0.
func detachedPossessive(s string, i, end int) int {
	m := apostropheEntity(s[i:end])
	if m == 0 {
		r, n := utf8.DecodeRuneInString(s[i:end])
		if !isApostrophe(r) {
			return 0
		}
		m = n
	}
	j := i + m
	if j < end && (s[j] == 's' || s[j] == 'S') && (j+1 == end || !startsWithLetter(s[j+1:end])) {
		return j + 1
	}
	if s[i] == '&' || s[i] == '#' {
		return j
	}
	return 0
}

// scanASCIIWord returns the length of the run of ASCII letters and digits
// that w starts with, and its first eight bytes lower-cased and packed as
// load64 reads them, for the word filter. It goes a byte at a time;
// paragraph reads eight at a time where it can.
func scanASCIIWord(w string) (n int, w8 uint64) {
	for ; n < len(w) && byteClass[w[n]] == classWord; n++ {
		if n < 8 {
			w8 |= uint64(asciiLower[w[n]]) << (8 * n)
		}
	}
	return n, w8
}

// wordMasks[n] keeps the first n bytes of eight.
var wordMasks = [...]uint64{0, 0xff, 0xffff, 0xffffff, 0xffffffff, 0xff_ffffffff, 0xffff_ffffffff, 0xffffff_ffffffff, 0xffffffff_ffffffff}

// load64 returns the eight bytes of s at i as a little-endian number (the
// compiler turns this into one load).
func load64(s string, i int) uint64 {
	s = s[i : i+8]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// nonWordBytes returns x, eight bytes of text, with the high bit set of
// each byte that is not an ASCII letter or digit, and every other bit
// clear. It tests the eight bytes at once: with the high bits cleared,
// adding 0x80-c to a byte carries into its high bit exactly when the byte
// is at least c, and never into the next byte.
func nonWordBytes(x uint64) uint64 {
	const (
		ones = 0x0101010101010101
		high = 0x80 * ones
	)
	low := x &^ high
	folded := low | 0x20*ones // upper-case letters to lower case
	digit := (low + (0x80-'0')*ones) &^ (low + (0x80-'9'-1)*ones)
	letter := (folded + (0x80-'a')*ones) &^ (folded + (0x80-'z'-1)*ones)
	// Bytes with the high bit set are not ASCII.
	return (^(digit | letter) | x) & high
}
