package topics

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// The index holds every term of every topic in one structure, so matching
// reads an article once whatever the number of topics. Words become
// symbols (exact keys, prefixes, fuzzy names); terms are paths of symbols
// in a trie; each trie node lists the patterns (a term in a role within a
// topic) that end there. Matching looks each word up once, then extends
// the trie paths that start or continue at it, like Aho-Corasick over words.

const maxPhraseWords = 12

// Roles a pattern plays in its topic.
const (
	roleGroup       uint8 = iota // a term of Groups[arg]
	roleExclude                  // an Exclude phrase
	roleFalseFriend              // a context of FalseFriends entry arg
	roleQuery                    // a query leaf arg
)

type pattern struct {
	topic int32
	role  uint8
	arg   int32
	term  string   // as the definition writes it
	cased []string // case-sensitive: each word's key with case kept
	// casedPrefix marks the cased words that are prefixes.
	casedPrefix []bool
}

type termWord struct {
	key, cased string
	prefix     bool
}

type trieNode struct {
	patterns []int32
	children bool
}

type fuzzyName struct {
	sym         int32
	key         []rune
	first, last rune
	budget      int
}

type index struct {
	vocab      map[string]int32 // exact word key -> symbol
	prefixSym  map[string]int32 // prefix key -> symbol
	prefixes   []string         // by prefix number
	prefixSyms []int32
	prefixHead []uint64            // bit set over the first two bytes of prefixes
	byHead     map[uint16][]int32  // first two bytes -> prefix numbers
	fuzzy      []fuzzyName         // fuzzy names
	fuzzySym   map[string]int32    // fuzzy key -> symbol
	nsyms      int32               //
	root       []int32             // symbol -> node, -1 for none
	edges      map[uint64]int32    // node<<32 | symbol -> node
	nodes      []trieNode          //
	patterns   []pattern           //
	minFuzzy   int                 // shortest fuzzy name, in runes
	maxFuzzy   int                 // longest
	hasFuzzy   bool                //
	maxWords   int                 // longest term, in words
	seenPath   map[string]struct{} // pattern+path, to drop duplicate insertions
}

func newIndex() *index {
	return &index{
		vocab:      map[string]int32{},
		prefixSym:  map[string]int32{},
		prefixHead: make([]uint64, 1<<16/64),
		byHead:     map[uint16][]int32{},
		fuzzySym:   map[string]int32{},
		edges:      map[uint64]int32{},
		nodes:      []trieNode{{}},
		seenPath:   map[string]struct{}{},
	}
}

// termWords splits a term as written into its words. A word directly
// followed by "*" is a prefix.
func termWords(term string) ([]termWord, error) {
	toks, keys := tokenize(nil, nil, term, fieldTitle)
	words := make([]termWord, 0, len(toks))
	stars := strings.Count(term, "*")
	for _, t := range toks {
		w := termWord{key: string(keys[t.key0:t.key1])}
		w.cased = string(appendKey(nil, term[t.start:t.end], false))
		if int(t.end) < len(term) && term[t.end] == '*' {
			w.prefix = true
			stars--
			// A prefix is compared with whole words' keys, which lost
			// their plural ending; so must the prefix not lose one.
			w.key = string(appendKeyNoStem(term[t.start:t.end], true))
			w.cased = string(appendKeyNoStem(term[t.start:t.end], false))
			if utf8.RuneCountInString(w.key) < minPrefixLen {
				return nil, fmt.Errorf("prefix %q is shorter than %d letters; lengthen it", term[t.start:t.end+1], minPrefixLen)
			}
		}
		words = append(words, w)
	}
	if stars > 0 {
		return nil, errors.New("* must directly follow a word, as in enrich*")
	}
	return words, nil
}

// appendKeyNoStem is appendKey without plural and article stripping, for
// prefixes.
func appendKeyNoStem(w string, fold bool) []byte {
	var dst []byte
	if fold {
		dst = []byte(strings.ToLower(w))
	} else {
		dst = []byte(w)
	}
	for i := 0; i < len(dst); i++ {
		if dst[i] >= utf8.RuneSelf {
			return trimApostrophes(appendKeySlow(nil, w, fold), 0)
		}
	}
	return trimApostrophes(dst, 0)
}

// hyphenJoined returns the words of a term written with hyphens, with the
// hyphenated runs written together ("non-proliferation treaty" ->
// "nonproliferation treaty"), or nil when the term has no hyphen between
// words.
func hyphenJoined(term string, words []termWord) []termWord {
	toks, _ := tokenize(nil, nil, term, fieldTitle)
	if len(toks) != len(words) {
		return nil
	}
	var out []termWord
	var raw []string // raw text of the run being joined
	flush := func() {
		if len(raw) > 1 {
			w := strings.Join(raw, "")
			out[len(out)-1] = termWord{key: string(appendKey(nil, w, true)), cased: string(appendKey(nil, w, false))}
		}
		raw = raw[:0]
	}
	joined := false
	for i, w := range words {
		text := term[toks[i].start:toks[i].end]
		if i > 0 && !words[i-1].prefix && !w.prefix && isHyphen(term[toks[i-1].end:toks[i].start]) {
			raw = append(raw, text)
			joined = true
			continue
		}
		flush()
		out = append(out, w)
		raw = append(raw, text)
	}
	flush()
	if !joined {
		return nil
	}
	return out
}

func isHyphen(sep string) bool {
	switch sep {
	case "-", "\u2010", "\u2011", "\u2012", "\u2013", "\u2212":
		return true
	}
	return false
}

// add inserts a pattern for a term. caseSensitive and fuzzy say how the
// term is to be matched.
func (ix *index) add(p pattern, caseSensitive, fuzzy bool) error {
	words, err := termWords(p.term)
	if err != nil {
		return err
	}
	if len(words) == 0 {
		return fmt.Errorf("term %q has no letters or digits", p.term)
	}
	variants := [][]termWord{words}
	if j := hyphenJoined(p.term, words); j != nil {
		variants = append(variants, j)
	}
	pid := int32(len(ix.patterns))
	if caseSensitive {
		for _, w := range words {
			p.cased = append(p.cased, w.cased)
			p.casedPrefix = append(p.casedPrefix, w.prefix)
		}
	}
	ix.patterns = append(ix.patterns, p)
	for vi, v := range variants {
		if caseSensitive && vi > 0 {
			break // the cased words describe the first spelling only
		}
		syms := make([]int32, len(v))
		for i, w := range v {
			if w.prefix {
				syms[i] = ix.prefixSymbol(w.key)
			} else {
				syms[i] = ix.wordSymbol(w.key)
			}
		}
		ix.insert(pid, syms)
		if fuzzy && len(v) == 1 && !v[0].prefix {
			ix.insert(pid, []int32{ix.fuzzySymbol(v[0].key)})
		}
	}
	return nil
}

func (ix *index) newSym() int32 {
	s := ix.nsyms
	ix.nsyms++
	return s
}

func (ix *index) wordSymbol(key string) int32 {
	if s, ok := ix.vocab[key]; ok {
		return s
	}
	s := ix.newSym()
	ix.vocab[key] = s
	return s
}

func (ix *index) prefixSymbol(key string) int32 {
	if s, ok := ix.prefixSym[key]; ok {
		return s
	}
	s := ix.newSym()
	ix.prefixSym[key] = s
	n := int32(len(ix.prefixes))
	ix.prefixes = append(ix.prefixes, key)
	ix.prefixSyms = append(ix.prefixSyms, s)
	h := head(key)
	ix.prefixHead[h/64] |= 1 << (h % 64)
	ix.byHead[h] = append(ix.byHead[h], n)
	return s
}

func (ix *index) fuzzySymbol(key string) int32 {
	if s, ok := ix.fuzzySym[key]; ok {
		return s
	}
	s := ix.newSym()
	ix.fuzzySym[key] = s
	rs := []rune(key)
	budget := 1
	if len(rs) >= 9 {
		budget = 2
	}
	ix.fuzzy = append(ix.fuzzy, fuzzyName{sym: s, key: rs, first: rs[0], last: rs[len(rs)-1], budget: budget})
	if !ix.hasFuzzy || len(rs) < ix.minFuzzy {
		ix.minFuzzy = len(rs)
	}
	if len(rs) > ix.maxFuzzy {
		ix.maxFuzzy = len(rs)
	}
	ix.hasFuzzy = true
	return s
}

func head(key string) uint16 {
	if len(key) == 1 {
		return uint16(key[0]) << 8
	}
	return uint16(key[0])<<8 | uint16(key[1])
}

func (ix *index) insert(pid int32, syms []int32) {
	var b strings.Builder
	fmt.Fprint(&b, pid)
	for _, s := range syms {
		fmt.Fprintf(&b, ",%d", s)
	}
	if _, dup := ix.seenPath[b.String()]; dup {
		return
	}
	ix.seenPath[b.String()] = struct{}{}
	node := int32(-1)
	for i, s := range syms {
		var next int32
		if i == 0 {
			for int(s) >= len(ix.root) {
				ix.root = append(ix.root, -1)
			}
			next = ix.root[s]
			if next < 0 {
				next = ix.newNode()
				ix.root[s] = next
			}
		} else {
			k := uint64(node)<<32 | uint64(s)
			var ok bool
			next, ok = ix.edges[k]
			if !ok {
				next = ix.newNode()
				ix.edges[k] = next
				ix.nodes[node].children = true
			}
		}
		node = next
	}
	ix.nodes[node].patterns = append(ix.nodes[node].patterns, pid)
	ix.maxWords = max(ix.maxWords, len(syms))
}

func (ix *index) newNode() int32 {
	ix.nodes = append(ix.nodes, trieNode{})
	return int32(len(ix.nodes) - 1)
}

// symbols appends the symbols of one word of an article to dst: its exact
// key, the prefixes it starts with and, for a capitalised word that is no
// known word, the fuzzy names it nearly spells.
func (ix *index) symbols(dst []int32, key []byte, flags uint8) []int32 {
	s, exact := ix.vocab[string(key)]
	if exact {
		dst = append(dst, s)
	}
	if len(ix.prefixes) > 0 && len(key) > 0 {
		h := uint16(key[0]) << 8
		if len(key) > 1 {
			h |= uint16(key[1])
		}
		if ix.prefixHead[h/64]&(1<<(h%64)) != 0 {
			for _, n := range ix.byHead[h] {
				if p := ix.prefixes[n]; len(key) >= len(p) && string(key[:len(p)]) == p {
					dst = append(dst, ix.prefixSyms[n])
				}
			}
		}
	}
	if !exact && ix.hasFuzzy && flags&(flagCap|flagCaseless) != 0 {
		dst = ix.fuzzySymbols(dst, key)
	}
	return dst
}

// fuzzySymbols appends the fuzzy names that key misspells. A name matches
// within one edit (two for names of nine letters or more), counting a swap
// of neighbouring letters as one, and only when the first and the last
// letters agree: transliterations differ inside a name (Raisi, Riasi;
// Rouhani, Rohani), while the common words one edit away from a name
// usually differ at its ends (raise, raisin).
func (ix *index) fuzzySymbols(dst []int32, key []byte) []int32 {
	n := utf8.RuneCount(key)
	if n < ix.minFuzzy-2 || n > ix.maxFuzzy+2 {
		return dst
	}
	first, _ := utf8.DecodeRune(key)
	last, _ := utf8.DecodeLastRune(key)
	var buf [32]rune
	var rs []rune
	for i := range ix.fuzzy {
		f := &ix.fuzzy[i]
		if f.first != first || f.last != last || abs(len(f.key)-n) > f.budget {
			continue
		}
		if rs == nil {
			rs = buf[:0]
			for _, r := range string(key) {
				rs = append(rs, r)
			}
		}
		if d := editDistance(f.key, rs, f.budget); d > 0 && d <= f.budget {
			dst = append(dst, f.sym)
		}
	}
	return dst
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// editDistance returns the optimal-string-alignment distance between a and
// b (insertions, deletions, substitutions and swaps of neighbours each
// count one), or limit+1 as soon as it is sure to exceed limit.
func editDistance(a, b []rune, limit int) int {
	if abs(len(a)-len(b)) > limit {
		return limit + 1
	}
	var rows [3][34]int
	if len(b)+1 > len(rows[0]) || len(a) > 32 {
		return limit + 1
	}
	prev2, prev, cur := rows[0][:len(b)+1], rows[1][:len(b)+1], rows[2][:len(b)+1]
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		best := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			best = min(best, v)
		}
		if best > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}
