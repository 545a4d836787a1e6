package topics

import (
	"math/bits"
)

// wordFilter rules out words that no term of a Matcher can match, from
// their first letters: most words of an article are not in any topic, and
// need no hashing, lookup or storing. It sees a plain ASCII word as its
// first eight bytes (which tell most words apart) and its head, the first
// depth of those (which every word starting with a prefix term shares),
// lower-cased and packed as load64 reads them.
type wordFilter struct {
	depth    int    // letters in a head: 4, or the shortest prefix if shorter
	headMask uint64 // keeps a head's bytes
	// The heads of words and prefixes that start a term, which rule out
	// most words in one test; then the heads of those prefixes, and the
	// first eight bytes of those words.
	heads           headSet
	prefixes, words bitSet
	// The same for the words and prefixes that continue a term, which
	// the word after one that a longer term may continue must be.
	nextPrefixes, nextWords bitSet
	// Fuzzy names are matched by capitalised words that start with the
	// same letter and have about the same length. fuzzyStart holds the
	// upper-case ASCII letters that start one.
	fuzzyStart  [256]bool
	fuzzyMinLen int
	fuzzyMaxLen int
	// first classes the first byte of a word for skipWords: byteClass,
	// with classFuzzy for the letters in fuzzyStart.
	first [256]uint8
}

// classFuzzy is the class in wordFilter.first of the capitals that start
// fuzzy names.
const classFuzzy = 3

// fnvPrime is FNV-1a's multiplier, which hashKey uses for the bytes of a
// key after its first eight.
const fnvPrime = 1099511628211

// spellings returns the spellings of words that key to key, since the
// filter looks at words before their plural endings go.
func spellings(key string) []string {
	forms := []string{key, key + "s", key + "es"}
	if n := len(key); n >= 2 && key[n-1] == 'y' {
		forms = append(forms, key[:n-1]+"ies")
	}
	return forms
}

// packWord returns the first n bytes of w (n at most 8) packed as load64
// reads them.
func packWord[S string | []byte](w S, n int) uint64 {
	var x uint64
	for i := 0; i < len(w) && i < n; i++ {
		x |= uint64(w[i]) << (8 * i)
	}
	return x
}

// startsHead reports whether a word whose first eight bytes (packed) are
// w8 has the head of a word or prefix that starts a term. Most words do
// not; for those that do, starts tells more.
func (f *wordFilter) startsHead(w8 uint64) bool {
	return f.heads.has(w8 & f.headMask)
}

// starts reports whether the word w8, whose head passed startsHead, may
// start a term.
func (f *wordFilter) starts(w8 uint64) bool {
	return f.prefixes.has(w8&f.headMask) || f.words.has(w8)
}

// continues reports whether the word w8 (its first eight bytes, packed)
// may continue a term.
func (f *wordFilter) continues(w8 uint64) bool {
	return f.nextWords.has(w8) || f.nextPrefixes.has(w8&f.headMask)
}

// bitSet is a set of numbers that may wrongly say it holds one, never
// wrongly that it does not (a Bloom filter with one hash function). It
// has about 16 bits per entry, which keeps it small enough for the L1
// cache and wrong about one time in sixteen.
type bitSet struct {
	bits  []uint64
	shift uint // 64 - log2 of the number of bits
}

func newBitSet(entries int) bitSet {
	n := 512
	for n < 16*entries {
		n *= 2
	}
	return bitSet{bits: make([]uint64, n/64), shift: 64 - uint(bits.TrailingZeros(uint(n)))}
}

// slot spreads x over the set's bits (Fibonacci hashing).
func (b *bitSet) slot(x uint64) uint64 {
	return x * 0x9e3779b97f4a7c15 >> b.shift
}

func (b *bitSet) add(x uint64) {
	i := b.slot(x)
	b.bits[i/64] |= 1 << (i % 64)
}

func (b *bitSet) has(x uint64) bool {
	i := b.slot(x)
	return b.bits[i/64]&(1<<(i%64)) != 0
}

// headSet is a bitSet of 2^16 bits (8 KiB, a few bits for each word of a
// large vocabulary), for the test that every word takes: with its size
// fixed, testing is a multiply, a shift and a load.
type headSet [1 << 16 / 64]uint64

func (b *headSet) add(x uint64) {
	i := x * 0x9e3779b97f4a7c15 >> (64 - 16)
	b[i/64] |= 1 << (i % 64)
}

func (b *headSet) has(x uint64) bool {
	i := x * 0x9e3779b97f4a7c15 >> (64 - 16)
	return b[i/64]&(1<<(i%64)) != 0
}

// fuzzyCandidate reports whether an ASCII word starting with byte c and n
// bytes long may misspell a fuzzy name.
func (f *wordFilter) fuzzyCandidate(c byte, n int) bool {
	return f.fuzzyStart[c] && n >= f.fuzzyMinLen && n <= f.fuzzyMaxLen
}

// skipWord counts a word that is not stored.
func (z *tokenizer) skipWord() {
	z.skipped(1)
}

// skipped counts n words of the current sentence that are not stored.
func (z *tokenizer) skipped(n int) {
	if z.loc == locBody && z.leadSent == -1 {
		z.leadSent = z.sent
	}
	z.pos += int32(n)
	z.sentHasTok = true
}

// skipWords passes over separators and plain ASCII words that no term
// can start, from s[i]. It stops at the end of s and wherever a closer
// look is needed: punctuation that may end a sentence, a non-ASCII byte,
// a word that an apostrophe, entity or accented letter may continue, a
// word of eight letters or more, and the last few bytes of s; and at a
// word the filter lets through, which the caller keys. It returns where
// it stopped, how many words it passed, and for a word to key its end
// (else 0) and its first eight bytes lower-cased and packed. pending says
// that a stored word waits for the next to continue a term: the first word
// passes too if it may (wordFilter.continues).
//
// Most of an article goes through this loop and nothing else, so it does
// as little as it can for each word: one eight-byte read finds where the
// word ends (see nonWordBytes), the byte after it and its head.
func (f *wordFilter) skipWords(s string, i int, pending bool) (stop, words, end int, w8 uint64) {
	for i < len(s) {
		class := f.first[s[i]]
		if class == classSkip {
			i++
			continue
		}
		if class == classOther || len(s)-i < 8 {
			break
		}
		x := load64(s, i)
		nonWord := nonWordBytes(x)
		var n int
		var next byte
		var w8 uint64
		if nonWord != 0 {
			// The lowest bit of nonWord is the high bit of the byte after
			// the word, bit 8n+7 for a word of n bytes.
			t := uint(bits.TrailingZeros64(nonWord)) & 56
			n, next = int(t/8), byte(x>>t)
			w8 = (x | 0x2020202020202020) & (1<<t - 1)
		} else {
			// A word of eight bytes or more, about one in six: its end
			// comes eight bytes at a time, and the eight it starts with
			// are its w8.
			j := i + 8
			for {
				if len(s)-j < 8 {
					return i, words, 0, 0 // near the end: the caller looks
				}
				if end := nonWordBytes(load64(s, j)); end != 0 {
					j += bits.TrailingZeros64(end) / 8
					break
				}
				j += 8
			}
			n, next, w8 = j-i, s[j], x|0x2020202020202020
		}
		if afterWord[next] != wordEnds {
			break
		}
		// The test paragraph makes word by word, spelt out here so that it
		// stays inline (as one helper it is too large for the compiler to
		// inline, and the call costs 5%); TestFilterChangesNothing holds
		// both to the unfiltered result.
		if f.heads.has(w8&f.headMask) && f.starts(w8) ||
			class == classFuzzy && n >= f.fuzzyMinLen && n <= f.fuzzyMaxLen ||
			pending && f.continues(w8) {
			return i, words, i + n, w8
		}
		pending = false
		words++
		i += n
		if next == ' ' {
			i++ // the usual separator, spared a trip round the loop
		}
	}
	return i, words, 0, 0
}

// hashKey hashes a word key k whose first eight bytes, packed, are k8:
// most keys fit in k8 and hash with one multiplication, longer ones go on
// a byte at a time (FNV-1a). The word table is built from the topics'
// vocabulary, so text cannot lengthen its probe sequences.
func hashKey(k []byte, k8 uint64) uint64 {
	h := k8 * 0x9e3779b97f4a7c15
	if len(k) > 8 {
		for _, b := range k[8:] {
			h ^= uint64(b)
			h *= fnvPrime
		}
	}
	// The table indexes by the low bits, which a multiplication mixes
	// least: fold the high bits in.
	return h ^ h>>32
}
