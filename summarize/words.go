package summarize

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/kljensen/snowball/russian"
)

// Words are identified by a 64-bit FNV-1a hash of their lower-cased (and, for
// Cyrillic, stemmed) form, so building a sentence vector allocates nothing;
// a collision between two words of one article is vanishingly unlikely and
// would only blur a similarity score.
const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

func hashBytes(b []byte) uint64 {
	h := uint64(fnvOffset)
	for _, c := range b {
		h ^= uint64(c)
		h *= fnvPrime
	}
	return h
}

// eachWord calls fn with the hash of every content word of s: each maximal
// run of letters and digits, lower-cased, that is not a stopword. name says
// the word is capitalised and not the first of s, which marks most names.
// buf is scratch space; the (possibly grown) buffer is returned for reuse.
func eachWord(s string, buf []byte, fn func(h uint64, name bool)) []byte {
	return eachFoldedWord(s, buf, nil, fn)
}

// eachFoldedWord is eachWord with fold, when not nil, applied to every
// content word in ASCII letters before it is hashed; fold may shorten the
// word in place and returns it.
func eachFoldedWord(s string, buf []byte, fold func([]byte) []byte, fn func(h uint64, name bool)) []byte {
	first := true
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if !isASCIIAlnum(c) {
				i++
				continue
			}
		} else if r, size := utf8.DecodeRuneInString(s[i:]); !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.Is(unicode.Mn, r) {
			i += size
			continue
		}
		buf = buf[:0]
		ascii, cyrillic := true, false
		r0, _ := utf8.DecodeRuneInString(s[i:])
		name := !first && unicode.IsUpper(r0)
		first = false
		for i < len(s) {
			c := s[i]
			if c < utf8.RuneSelf {
				if !isASCIIAlnum(c) {
					break
				}
				if 'A' <= c && c <= 'Z' {
					c += 'a' - 'A'
				}
				buf = append(buf, c)
				i++
				continue
			}
			r, size := utf8.DecodeRuneInString(s[i:])
			if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.Is(unicode.Mn, r) {
				break
			}
			ascii = false
			if unicode.Is(unicode.Cyrillic, r) {
				cyrillic = true
			}
			buf = utf8.AppendRune(buf, unicode.ToLower(r))
			i += size
		}
		switch {
		case ascii:
			if _, stop := englishStop[string(buf)]; stop {
				continue
			}
			if fold != nil {
				buf = fold(buf)
			}
		case cyrillic:
			w := string(buf)
			if russian.IsStopWord(w) {
				continue
			}
			buf = append(buf[:0], russian.Stem(w, false)...)
		default:
			if _, stop := otherStop[string(buf)]; stop {
				continue
			}
		}
		fn(hashBytes(buf), name)
	}
	return buf
}

func isASCIIAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// englishStop holds English function words. They carry no topic, so they
// must not make two sentences look alike. Reporting verbs such as "said"
// stay content words: measured on the BBC development set, removing them
// made the summaries worse.
var englishStop = wordSet(`a about above after again against all am an and any are aren as at be because
	been before being below between both but by can couldn d did didn do does doesn doing don down during
	each few for from further had hadn has hasn have haven having he her here hers herself him himself his
	how i if in into is isn it its itself just ll m ma me mightn more most mustn my myself needn no nor not
	now o of off on once only or other our ours ourselves out over own re s same shan she should shouldn so
	some such t than that the their theirs them themselves then there these they this those through to too
	under until up ve very was wasn we were weren what when where which while who whom why will with won
	wouldn y you your yours yourself yourselves`)

// otherStop holds the most frequent Persian function words; Russian ones
// come with the Snowball stemmer.
var otherStop = wordSet(`و در به از که این را با است برای آن یک خود تا ها های می شود بر هم نیز شد
	کرد کند اند بود باید ای یا اما ما او آنها وی هر`)

func wordSet(s string) map[string]struct{} {
	m := map[string]struct{}{}
	for _, w := range strings.Fields(s) {
		m[w] = struct{}{}
	}
	return m
}
