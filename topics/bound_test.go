package topics

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"briefbot/brief"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// TestPathologicalWorkGrowsLinearly matches 200 KB articles that repeat a
// few topic words thousands of times (see pathological), and the same
// twice over: the
// searches around each hit must not look at more hits, or bytes, when
// the article is longer.
func TestPathologicalWorkGrowsLinearly(t *testing.T) {
	defaults, err := Compile(Defaults())
	if err != nil {
		t.Fatal(err)
	}
	query, err := Compile(pathologicalTopics())
	if err != nil {
		t.Fatal(err)
	}
	work := func(m *Matcher, a brief.Article) (work, hits int) {
		sc := new(scratch)
		m.match(sc, a)
		return sc.work, len(sc.hits)
	}
	for _, a := range pathological(200_000) {
		t.Run(a.ID, func(t *testing.T) {
			m := defaults
			if strings.HasPrefix(a.ID, "query") {
				m = query
			}
			long := a
			long.Text = a.Text + " " + a.Text
			w1, h1 := work(m, a)
			w2, h2 := work(m, long)
			if h1 < 10_000 {
				t.Fatalf("%d hits in %d bytes; the article should repeat topic words thousands of times", h1, len(a.Text))
			}
			// Twice the text holds twice the hits: twice the work, give or
			// take where the halves meet.
			if w2 > 2*w1+1000 {
				t.Errorf("work %d for %d hits, %d for %d: it grows faster than the article", w1, h1, w2, h2)
			}
			if w1 > 100*h1 {
				t.Errorf("work %d for %d hits: more than 100 steps a hit", w1, h1)
			}
		})
	}
}

// TestSearchesAsBefore checks on random articles made of words the
// topics know that the bounded searches find what the plain ones they
// replaced found.
func TestSearchesAsBefore(t *testing.T) {
	m := searchTestMatcher(t)
	for _, s := range searchSeeds {
		checkSearches(t, m, []byte(s))
	}
	r := rand.New(rand.NewPCG(1, 2))
	data := make([]byte, 400)
	for range 1000 {
		n := 1 + r.IntN(len(data))
		long := r.IntN(2) == 0 // sentences of dozens of hits
		for i := range n {
			data[i] = byte(r.Uint32())
			if long && data[i]>>5 >= 6 && r.IntN(8) > 0 {
				data[i] &= 0x1f
			}
		}
		checkSearches(t, m, data[:n])
	}
}

func FuzzSearchesAsBefore(f *testing.F) {
	m := searchTestMatcher(f)
	for _, s := range searchSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		// The plain searches take time in the square of the hits.
		checkSearches(t, m, data[:min(len(data), 300)])
	})
}

// searchTestMatcher compiles the defaults, a query topic with NEAR and a
// pair topic whose locations weigh unlike the defaults (a caption more
// than the title), so that partners in other sentences can weigh more or
// less than those in the same one, and whose exclusions start before
// its terms.
func searchTestMatcher(tb testing.TB) *Matcher {
	tb.Helper()
	defs := append(pathologicalTopics(), Definition{
		ID: "odd-weights", Title: "Odd weights", Near: 3,
		FieldWeights: map[string]float64{"title": 0.2, "lead": 0.5, "text": 0.7, "caption": 2},
		Sides:        [][]string{{"a", "both"}, {"b", "both"}},
		Groups: []Group{
			{Name: "a", Weight: 0.3, Terms: []string{"Iran", "Tehran"}},
			{Name: "b", Weight: 0.3, Terms: []string{"Russia", "Moscow"}},
			{Name: "both", Weight: 0.3, Terms: []string{"Caspian"}},
			{Name: "third", Weight: 0.1, BreaksPairs: true, Terms: []string{"China"}},
		},
		Exclude: []string{"said Tehran", "the deal said Moscow"},
	})
	m, err := Compile(defs)
	if err != nil {
		tb.Fatal(err)
	}
	return m
}

// searchSeeds are articles for checkSearches: sides in turn, one side
// after the other, an exclusion whose term is its fourth word, and two
// runs through searchWords, without and with sentence ends.
var searchSeeds = []string{
	strings.Repeat("\x00\x01", 200),
	strings.Repeat("\x00", 100) + strings.Repeat("\x01", 100),
	"\x04\x09\x0d\x0b\x04\x01\x00\x09\x0d\x0b\x04",
	"\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f",
	"\xe0\xc1\xc2\xc3\xc4\xc5\xc6\xc7\xc8\xc9\xca\xcb\xcc\xcd\xce\xcf\xd0\xd1\xd2\xd3\xd4\xd5\xd6\xd7\xd8\xd9\xda\xdb\xdc\xdd\xde\xdf\xe1",
}

// searchWords are what checkSearches builds articles from, a byte of
// data choosing each.
var searchWords = []string{
	"Iran", "Russia", "Iranian", "Russian", "Moscow", "Tehran", "Caspian", "China",
	"ties", "the", "and", "said", "nuclear", "deal", "enrich", "uranium",
	"Iranian-made", "drones", "JCPOA", "Joint Comprehensive Plan of Action", "(SCO)", "SCO",
	"Shanghai Cooperation Organisation", "Supply Chain Operations", "summit", "Kremlin",
	"Putin", "Pezeshkian", "Venezuelan", "oil", "sanctions", "Group",
}

// checkSearches builds an article from data and compares, for every topic
// with hits, pairUp, the NEAR search, overlapsAny and definedElsewhere
// with the plain searches they replaced.
func checkSearches(t *testing.T, m *Matcher, data []byte) {
	t.Helper()
	var title, text strings.Builder
	b := &title
	defer func() {
		if t.Failed() {
			t.Logf("title %q\ntext %q", title.String(), text.String())
		}
	}()
	for _, c := range data {
		switch c >> 5 {
		case 6:
			b.WriteString(". ") // a sentence ends before a capital
		case 7:
			if c&1 == 0 {
				b.WriteString("\n\n")
			} else {
				b.WriteString(" (Pool via Reuters)\n\n") // a caption
			}
			b = &text
		}
		b.WriteString(searchWords[int(c)%len(searchWords)])
		b.WriteByte(' ')
	}
	sc := new(scratch)
	m.scan(sc, title.String(), text.String())
	m.eachTopic(sc, func(ti int, hs []rawHit) {
		ct := &m.topics[ti]
		for i, h := range hs {
			p := &m.ix.patterns[h.pat]
			if !p.acronym {
				continue
			}
			if got, want := m.definedElsewhere(sc, hs[:i], h), definedElsewherePlain(m, sc, hs, h); got != want {
				t.Fatalf("definedElsewhere(%+v) = %v, the plain search says %v", h, got, want)
			}
		}
		cand := slices.Clone(m.candidates(sc, ct, hs))
		var excl []rawHit
		for _, h := range hs {
			if m.ix.patterns[h.pat].role == roleExclude {
				excl = append(excl, h)
			}
		}
		from := 0
		for _, h := range cand {
			want := slices.ContainsFunc(excl, func(x rawHit) bool { return x.t0 <= h.t1 && h.t0 <= x.t1 })
			if got := m.overlapsAny(sc, h, excl, &from); got != want {
				t.Fatalf("overlapsAny(%+v) = %v, want %v", h, got, want)
			}
		}
		if ct.pair {
			m.pairUp(sc, ct, cand)
			pairs, hits, idx := pairUpPlain(m, sc, ct, cand)
			if !slices.Equal(pairs, sc.pairs) || !slices.Equal(hits, sc.pairHits) || !slices.Equal(idx, sc.pairIdx) {
				diff := cmp.Diff([3]any{pairs, hits, idx}, [3]any{sc.pairs, sc.pairHits, sc.pairIdx}, cmp.AllowUnexported(rawHit{}), cmpopts.EquateEmpty())
				t.Fatalf("%s: pairUp differs from the plain search (-plain +pairUp):\n%s", ct.topic.ID, diff)
			}
		}
		// NEAR between every candidate and a shuffled selection of them,
		// some twice, as OR and nested NEAR leave them.
		r := rand.New(rand.NewPCG(uint64(len(data)), uint64(ti)))
		if len(cand) > 200 { // enough for the windows, and quick to try all pairs of
			k := r.IntN(len(cand) - 200)
			cand = cand[k : k+200]
		}
		right := slices.Clone(cand)
		right = append(right, cand[:len(cand)/2]...)
		r.Shuffle(len(right), func(i, j int) { right[i], right[j] = right[j], right[i] })
		right = right[:r.IntN(len(right)+1)]
		for _, n := range []int32{1, 4, 10} {
			sc.spans = append(append(sc.spans[:0], cand...), right...)
			mid, end := len(cand), len(cand)+len(right)
			m.nearPairsAll(sc, 0, mid, end, n)
			want := slices.Clone(sc.spans[end:])
			sc.spans = sc.spans[:end]
			m.nearPairsWindowed(sc, 0, mid, end, n)
			if got := sc.spans[end:]; !slices.Equal(want, got) {
				diff := cmp.Diff(want, got, cmp.AllowUnexported(rawHit{}), cmpopts.EquateEmpty())
				t.Fatalf("%s: NEAR/%d differs (-all pairs +windowed):\n%s", ct.topic.ID, n, diff)
			}
		}
	})
}

// pairUpPlain is pairUp as it was: for every side-0 hit, every hit that
// pairs with it is looked at.
func pairUpPlain(m *Matcher, sc *scratch, ct *ctopic, cand []rawHit) (pairs []float64, pairHits []rawHit, pairIdx []int32) {
	free := make([]uint8, len(cand))
	for i, h := range cand {
		if p := &m.ix.patterns[h.pat]; p.role == roleGroup {
			free[i] = uint8(ct.sides[0]>>uint32(p.arg)&1 | ct.sides[1]>>uint32(p.arg)&1<<1)
		}
	}
	for xi, x := range cand {
		p := &m.ix.patterns[x.pat]
		if p.role != roleGroup || ct.breakers&(1<<uint32(p.arg)) == 0 {
			continue
		}
		if ct.relations != 0 && m.jointSubjects(sc, ct, cand, xi) {
			continue
		}
		for j := xi - 1; j >= 0 && m.listNeighbours(sc, cand[j], x); j-- {
			free[j] = 0
		}
		for j := xi + 1; j < len(cand) && m.listNeighbours(sc, x, cand[j]); j++ {
			free[j] = 0
		}
	}
	for ai, a := range cand {
		if free[ai]&1 == 0 {
			continue
		}
		best, partner := -1.0, -1
		try := func(bi int) {
			if free[bi]&2 == 0 {
				return
			}
			if ct.relations != 0 && (bi > ai && m.venueBefore(sc, a) || bi < ai && m.venueBefore(sc, cand[bi])) {
				return // a venue pairs only with what comes before it
			}
			v := min(ct.loc[sc.toks[a.t0].loc], ct.loc[sc.toks[cand[bi].t0].loc])
			if bi == ai {
				v += 10
			}
			if v > best {
				best, partner = v, bi
			}
		}
		for bi := ai; bi < len(cand) && m.pairs(sc, a, cand[bi], ct.near); bi++ {
			try(bi)
		}
		for bi := ai - 1; bi >= 0 && m.pairs(sc, a, cand[bi], ct.near); bi-- {
			try(bi)
		}
		if partner >= 0 {
			free[ai], free[partner] = 0, 0
			pairs = append(pairs, min(ct.loc[sc.toks[a.t0].loc], ct.loc[sc.toks[cand[partner].t0].loc]))
			pairHits = append(pairHits, a, cand[partner])
			pairIdx = append(pairIdx, int32(ai), int32(partner))
		}
	}
	return pairs, pairHits, pairIdx
}

// definedElsewherePlain is definedElsewhere as it was: it reads back as
// far as the words go and looks at every hit of the topic.
func definedElsewherePlain(m *Matcher, sc *scratch, hs []rawHit, h rawHit) bool {
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
		start = strings.LastIndexAny(before[:end], " \t\n-") + 1
		word := before[start:end]
		first, _ := utf8.DecodeRuneInString(word)
		if word == "" || unicode.ToUpper(first) != unicode.ToUpper(acronym[i]) {
			return false
		}
		end = len(strings.TrimRight(before[:start], " \t\n-"))
	}
	for _, x := range hs {
		xt := &sc.toks[x.t0]
		if xt.field == tok.field && int(xt.start) >= start && int(xt.start) < len(before) &&
			m.ix.patterns[x.pat].role == roleGroup && !m.ix.patterns[x.pat].acronym {
			return false
		}
	}
	return true
}
