package topics

import (
	"errors"
	"fmt"
	"slices"
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

// Kinds of symbols: those that start a term, and those whose trie node
// goes on to longer terms.
const (
	symStarts uint8 = 1 << iota
	symExtends
)

// Bits of a topic's hits: bit i is group i (a topic has at most maxGroups
// groups); query terms take the bits after the groups' (queryLeafBitIdx);
// noBitIdx, the rest.
const (
	queryBitIdx = 63 // shared by the query terms that find no bit of their own
	noBitIdx    = 64 // 1<<64 is 0 for a uint64
)

// queryLeafBitIdx returns the bit of query term leaf in a topic with
// ngroups groups: its own where the groups leave room, so that Match can
// tell from the bits alone that a query cannot hold.
func queryLeafBitIdx(ngroups, leaf int) uint8 {
	return uint8(min(ngroups+leaf, queryBitIdx))
}

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
	// acronym marks a case-sensitive acronym term (see isAcronym).
	acronym bool
	// bitIdx is its group's bit (the group it counts as), its query
	// term's (queryLeafBitIdx), or noBitIdx for exclusions and false
	// friends.
	bitIdx uint8
	term   string   // as the definition writes it
	cased  []string // case-sensitive: each word's key with case kept
	// casedPrefix marks the cased words that are prefixes.
	casedPrefix []bool
	// fuzzy marks a name that also matches near spellings.
	fuzzy bool
}

type termWord struct {
	key, cased string
	prefix     bool
}

type trieNode struct {
	terms    []int32 // terms whose path ends here
	children bool
	cased    bool // some of terms is case-sensitive
}

// termUse is a pattern that uses a term, with what matching needs of it
// at hand.
type termUse struct {
	pat   int32
	topic int32
	bit   uint64 // 1 << the pattern's bitIdx
}

// termEntry is one path through the trie with its case requirement; the
// patterns that use it (the same word in several topics or roles) share
// it, so matching records one hit per occurrence however many topics use
// the word.
type termEntry struct {
	uses        []termUse
	cased       []string // case-sensitive: each word's key with case kept
	casedPrefix []bool   // which cased words are prefixes
}

type fuzzyName struct {
	sym         int32
	key         []rune
	first, last rune
	budget      int
}

type index struct {
	vocab   map[string]int32 // exact word key -> symbol
	table   wordTable        // the same, for fast lookups while matching
	filter  wordFilter       // rules out words before they are keyed
	symKind []uint8          // per symbol: symStarts, symExtends
	// exhaustive turns off the word filter and pruning: tests compare
	// what matching finds with and without them.
	exhaustive     bool
	prefixSym      map[string]int32 // prefix key -> symbol
	prefixes       []string         // by prefix number
	packedPrefixes []packedPrefix   // the same
	prefixSyms     []int32
	headSlot       []uint16             // first two bytes of a word -> 1 + index into byHead, or 0
	prefixHeads    [1 << 13 / 64]uint64 // set of the first 4 bytes of prefixes (see prefixHead)
	shortPrefix    bool                 // some prefix has only 3 bytes
	byHead         [][]int32            // prefix numbers by first two bytes
	fuzzy          []fuzzyName          // fuzzy names
	fuzzyFirst     [utf8.RuneSelf]bool  // the ASCII letters fuzzy names start with
	fuzzySym       map[string]int32     // fuzzy key -> symbol
	nsyms          int32                //
	root           []int32              // symbol -> node, -1 for none
	edges          map[uint64]int32     // node<<32 | symbol -> node
	edgeTable      edgeTable            // the same, for fast lookups while matching
	nodes          []trieNode           //
	patterns       []pattern            //
	terms          []termEntry          //
	termByPath     map[string]int32     // path and case requirement -> term
	minFuzzy       int                  // shortest fuzzy name, in runes
	maxFuzzy       int                  // longest
	hasFuzzy       bool                 //
	maxWords       int                  // longest term, in words
}

func newIndex() *index {
	return &index{
		vocab:      map[string]int32{},
		prefixSym:  map[string]int32{},
		headSlot:   make([]uint16, 1<<16),
		fuzzySym:   map[string]int32{},
		edges:      map[uint64]int32{},
		nodes:      []trieNode{{}},
		termByPath: map[string]int32{},
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
	p.fuzzy = fuzzy
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
	var cased []string
	var casedPrefix []bool
	if caseSensitive {
		for _, w := range words {
			cased = append(cased, w.cased)
			casedPrefix = append(casedPrefix, w.prefix)
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
		ix.insert(pid, syms, cased, casedPrefix)
		if fuzzy && len(v) == 1 && !v[0].prefix {
			ix.insert(pid, []int32{ix.fuzzySymbol(v[0].key)}, nil, nil)
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
	ix.packedPrefixes = append(ix.packedPrefixes, packedPrefix{p8: packWord(key, 8), mask: wordMasks[min(len(key), 8)], len: len(key)})
	ix.addPrefixHead(key)
	ix.prefixSyms = append(ix.prefixSyms, s)
	h := head(key)
	if ix.headSlot[h] == 0 {
		ix.byHead = append(ix.byHead, nil)
		ix.headSlot[h] = uint16(len(ix.byHead))
	}
	slot := ix.headSlot[h] - 1
	ix.byHead[slot] = append(ix.byHead[slot], n)
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
	if rs[0] < utf8.RuneSelf {
		ix.fuzzyFirst[rs[0]] = true
	}
	if !ix.hasFuzzy || len(rs) < ix.minFuzzy {
		ix.minFuzzy = len(rs)
	}
	if len(rs) > ix.maxFuzzy {
		ix.maxFuzzy = len(rs)
	}
	ix.hasFuzzy = true
	return s
}

// head returns the first two bytes of a key, packed as packWord packs
// them.
func head(key string) uint16 {
	return uint16(packWord(key, 2))
}

// packedPrefix is a prefix's first eight bytes, packed (packWord), with
// the mask that keeps them from a word's, for comparing in one step.
type packedPrefix struct {
	p8, mask uint64
	len      int
}

func (ix *index) insert(pid int32, syms []int32, cased []string, casedPrefix []bool) {
	var b strings.Builder
	for _, s := range syms {
		fmt.Fprintf(&b, "%d,", s)
	}
	b.WriteString("|" + strings.Join(cased, " "))
	tid, ok := ix.termByPath[b.String()]
	use := termUse{pat: pid, topic: ix.patterns[pid].topic}
	if ok {
		if !slices.Contains(ix.terms[tid].uses, use) {
			ix.terms[tid].uses = append(ix.terms[tid].uses, use)
		}
		return
	}
	tid = int32(len(ix.terms))
	ix.terms = append(ix.terms, termEntry{uses: []termUse{use}, cased: cased, casedPrefix: casedPrefix})
	ix.termByPath[b.String()] = tid
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
	ix.nodes[node].terms = append(ix.nodes[node].terms, tid)
	ix.nodes[node].cased = ix.nodes[node].cased || cased != nil
	ix.maxWords = max(ix.maxWords, len(syms))
}

func (ix *index) newNode() int32 {
	ix.nodes = append(ix.nodes, trieNode{})
	return int32(len(ix.nodes) - 1)
}

// symbols appends the symbols of one word of an article to dst: its exact
// key, the prefixes it starts with and, for a capitalised word that is no
// known word, the fuzzy names it nearly spells. It returns them with their
// kinds (symKind) ORed together. k8 is the key's first eight bytes, packed
// (packWord), which most keys and prefixes fit in.
func (ix *index) symbols(dst []int32, key []byte, k8 uint64, flags uint8) ([]int32, uint8) {
	var kind uint8
	s, exact := ix.table.lookup(key, k8)
	if exact {
		dst = append(dst, s)
		kind = ix.symKind[s]
	}
	if len(ix.prefixes) > 0 && (len(key) == 3 && ix.shortPrefix || len(key) >= 4 && ix.prefixHead(k8)) {
		if slot := ix.headSlot[uint16(k8)]; slot != 0 {
			for _, n := range ix.byHead[slot-1] {
				p := &ix.packedPrefixes[n]
				if len(key) < p.len {
					continue
				}
				if p.len <= 8 && k8&p.mask == p.p8 || p.len > 8 && string(key[:p.len]) == ix.prefixes[n] {
					s := ix.prefixSyms[n]
					dst = append(dst, s)
					kind |= ix.symKind[s]
				}
			}
		}
	}
	if !exact && ix.hasFuzzy && flags&(flagCap|flagCaseless) != 0 {
		n := len(dst)
		dst = ix.fuzzySymbols(dst, key)
		for _, s := range dst[n:] {
			kind |= ix.symKind[s]
		}
	}
	return dst, kind
}

// fuzzySymbols appends the fuzzy names that key misspells. A name matches
// within one edit (two for names of nine letters or more), counting a swap
// of neighbouring letters as one, and only when the first and the last
// letters agree: transliterations differ inside a name (Raisi, Riasi;
// Rouhani, Rohani), while the common words one edit away from a name
// usually differ at its ends (raise, raisin).
func (ix *index) fuzzySymbols(dst []int32, key []byte) []int32 {
	if len(key) > 0 && key[0] < utf8.RuneSelf && !ix.fuzzyFirst[key[0]] {
		return dst // no name starts with its letter
	}
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

// edgeTable holds the trie's edges (node<<32 | symbol of the next word ->
// the node that follows) in an open-addressing hash table built once at
// Compile: matching looks an edge up for every word that may go on with a
// phrase, and a map lookup costs a call and several times the work.
type edgeTable struct {
	mask  uint64
	shift uint
	slots []edgeSlot
}

type edgeSlot struct {
	key  uint64
	next int32 // 0 for an empty slot: node 0 is no node (newIndex)
}

func newEdgeTable(edges map[uint64]int32) edgeTable {
	size, bits := 1, 0
	for size < 2*len(edges) {
		size, bits = size*2, bits+1
	}
	t := edgeTable{mask: uint64(size - 1), shift: uint(64 - bits), slots: make([]edgeSlot, size)}
	for k, next := range edges {
		i := t.slot(k)
		for t.slots[i].next != 0 {
			i = (i + 1) & t.mask
		}
		t.slots[i] = edgeSlot{key: k, next: next}
	}
	return t
}

func (t *edgeTable) slot(k uint64) uint64 {
	return k * 0x9e3779b97f4a7c15 >> t.shift & t.mask
}

// lookup returns the node that edge k leads to, if there is one.
func (t *edgeTable) lookup(k uint64) (int32, bool) {
	for i := t.slot(k); ; i = (i + 1) & t.mask {
		sl := &t.slots[i]
		if sl.next == 0 {
			return 0, false
		}
		if sl.key == k {
			return sl.next, true
		}
	}
}

// wordTable is an open-addressing hash table from word keys to symbols,
// built once at Compile. It exists because looking up every word of every
// article is the matcher's hottest loop, and most words are not in it.
type wordTable struct {
	mask  uint64
	slots []wordSlot
	keys  []byte
}

type wordSlot struct {
	hash       uint64
	k8         uint64 // the key's first eight bytes (packWord)
	key0, key1 int32
	sym        int32 // -1: empty
}

func newWordTable(vocab map[string]int32) wordTable {
	size := 16
	for size < 2*len(vocab) {
		size *= 2
	}
	t := wordTable{mask: uint64(size - 1), slots: make([]wordSlot, size)}
	for i := range t.slots {
		t.slots[i].sym = -1
	}
	for k, sym := range vocab {
		k8 := packWord(k, 8)
		h := hashKey([]byte(k), k8)
		i := h & t.mask
		for t.slots[i].sym >= 0 {
			i = (i + 1) & t.mask
		}
		k0 := int32(len(t.keys))
		t.keys = append(t.keys, k...)
		t.slots[i] = wordSlot{hash: h, k8: k8, key0: k0, key1: int32(len(t.keys)), sym: sym}
	}
	return t
}

// lookup finds key, whose first eight bytes, packed, are k8: keys that
// fit in them compare as numbers.
func (t *wordTable) lookup(key []byte, k8 uint64) (int32, bool) {
	if len(t.slots) == 0 {
		return 0, false
	}
	h := hashKey(key, k8)
	for i := h & t.mask; ; i = (i + 1) & t.mask {
		sl := &t.slots[i]
		if sl.sym < 0 {
			return 0, false
		}
		if sl.hash == h && sl.k8 == k8 && int(sl.key1-sl.key0) == len(key) &&
			(len(key) <= 8 || string(t.keys[sl.key0+8:sl.key1]) == string(key[8:])) {
			return sl.sym, true
		}
	}
}

// buildFilter fills the word filter from the vocabulary, prefixes and
// fuzzy names.
func (ix *index) buildFilter() {
	f := &ix.filter
	f.depth = 4
	for _, p := range ix.prefixes {
		f.depth = min(f.depth, len(p))
	}
	f.headMask = wordMasks[f.depth]
	// Only words that can start a term pass the filter; words found only
	// inside phrases ("of" in "Joint Comprehensive Plan of Action") are
	// looked at when the word before them can be continued.
	ix.symKind = make([]uint8, ix.nsyms)
	for s, node := range ix.root {
		if node >= 0 {
			ix.symKind[s] |= symStarts
			if ix.nodes[node].children {
				ix.symKind[s] |= symExtends
			}
		}
	}
	continues := make([]bool, ix.nsyms)
	for e := range ix.edges {
		continues[uint32(e)] = true
	}
	var starts, next, startPrefixes, nextPrefixes []string
	for k, s := range ix.vocab {
		if ix.symKind[s]&symStarts != 0 {
			starts = append(starts, spellings(k)...)
		}
		if continues[s] {
			next = append(next, spellings(k)...)
		}
	}
	for i, p := range ix.prefixes {
		if ix.symKind[ix.prefixSyms[i]]&symStarts != 0 {
			startPrefixes = append(startPrefixes, spellings(p)...)
		}
		if continues[ix.prefixSyms[i]] {
			nextPrefixes = append(nextPrefixes, spellings(p)...)
		}
	}
	f.words = newBitSet(len(starts))
	f.prefixes = newBitSet(len(startPrefixes))
	f.nextWords = newBitSet(len(next))
	f.nextPrefixes = newBitSet(len(nextPrefixes))
	for _, w := range starts {
		f.heads.add(packWord(w, f.depth))
		f.words.add(packWord(w, 8))
	}
	for _, p := range startPrefixes {
		f.heads.add(packWord(p, f.depth))
		f.prefixes.add(packWord(p, f.depth))
	}
	for _, w := range next {
		f.nextWords.add(packWord(w, 8))
	}
	for _, p := range nextPrefixes {
		f.nextPrefixes.add(packWord(p, f.depth))
	}
	if ix.hasFuzzy {
		f.fuzzyMinLen, f.fuzzyMaxLen = ix.minFuzzy-2, ix.maxFuzzy+2
	}
	for _, fz := range ix.fuzzy {
		if 'a' <= fz.first && fz.first <= 'z' {
			f.fuzzyStart[fz.first-'a'+'A'] = true
		}
	}
	for c, class := range byteClass {
		f.first[c] = class
		if f.fuzzyStart[c] {
			f.first[c] = classFuzzy
		}
	}
}

// prefixHead reports whether the first four bytes of a key (of at least
// four), given packed in k8, may start a prefix term, which saves the
// prefix search for most words.
func (ix *index) prefixHead(k8 uint64) bool {
	if ix.shortPrefix {
		return true
	}
	b := uint32(k8) * 2654435769 >> (32 - 13)
	return ix.prefixHeads[b/64]&(1<<(b%64)) != 0
}

func (ix *index) addPrefixHead(p string) {
	if len(p) < 4 {
		ix.shortPrefix = true
		return
	}
	b := uint32(packWord(p, 4)) * 2654435769 >> (32 - 13)
	ix.prefixHeads[b/64] |= 1 << (b % 64)
}
