package summarize

import (
	"cmp"
	"math"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"
)

// Options controls one summary. The zero value asks for 3 sentences, with
// no character budget, no title and no topic focus.
type Options struct {
	// N is the most sentences to return. When N <= 0 it is 3, unless
	// MaxChars is set, in which case only the budget limits the count.
	N int
	// MaxChars, when > 0, is a character budget: the summary holds as many
	// whole sentences as fit, counting the characters of each sentence plus
	// one separator between two sentences. It always holds at least one
	// sentence when the text has any, even one longer than the budget.
	MaxChars int
	// Title is the article's headline. Sentences that share its words rank
	// higher; the title itself is never part of the summary.
	Title string
	// Focus, when set, scores how strongly a sentence carries the topic
	// being briefed: 0 means not at all, higher means more. Sentences with
	// focus weigh more, so the summary covers the topic's part of an article
	// about several subjects. It must be safe for concurrent use when the
	// Summarizer is shared.
	Focus func(sentence string) float64
}

// defaultN is the summary length when Options sets neither N nor MaxChars.
const defaultN = 3

// Scoring constants. damping and the cosine similarity are TextRank's and
// LexRank's usual choices. redundancy and titleBias were checked on the BBC
// News Summary development split, as a whole and per category, never per
// file (at these values neither costs ROUGE there). The focus constants
// follow from the scale of Focus, as their comments say, and were checked
// on the briefings of a seed article about several topics.
const (
	// damping is the PageRank probability of following a similarity link
	// rather than restarting.
	damping = 0.85
	// maxIter and tolerance bound the power iteration; 40 sentences converge
	// in about 30 rounds.
	maxIter   = 100
	tolerance = 1e-7
	// redundancy is the cosine similarity above which a sentence is taken to
	// say what a chosen sentence already says, and is skipped.
	redundancy = 0.7
	// titleBias and focusBias weigh the headline and the topic in the
	// restart distribution of the walk.
	titleBias = 1.0
	focusBias = 4.0
	// related is how much of the focus a sentence without topic terms
	// inherits from sharing the topic sentences' distinctive words: with
	// topic "sco", "Tehran's entry into the Shanghai Cooperation forum"
	// names no term, yet belongs in the briefing.
	related = 0.6
	// focusWeight adds to a sentence's score, its rank scaled to (0, 1],
	// focusWeight times its focus. At 2, a sentence with at least half the
	// focus outranks every sentence without any, and among sentences with
	// equal focus the more central wins.
	focusWeight = 2.0
	// ledeWeight weighs a wire report's position prior against centrality
	// (see news): at 1 they count alike, so the third sentence of the story
	// needs to be clearly more central than the second to pass it.
	// ledeDecay is how many sentences the prior takes to fall to 1/e: it
	// halves about every 5.5 sentences, the first few paragraphs of a story.
	// quoteShare is the part of its value a quotation keeps there. The three
	// were chosen on one half of the CNN development split (ledeWeight 0.7,
	// 1 and 1.5, ledeDecay 4, 8 and 12, quoteShare 0 to 1) and checked on the
	// other half; see the README's "How good it is".
	ledeWeight = 1.0
	ledeDecay  = 8.0
	quoteShare = 0.5
	// maxCandidates caps the sentences scored, so that a book-length input
	// costs bounded time and memory; summaries come from the first ones.
	maxCandidates = 400
)

// Summarizer writes summaries, reusing its scratch buffers between calls.
// It is safe for concurrent use. The zero value is ready to use.
type Summarizer struct {
	pool sync.Pool
}

// New returns a Summarizer.
func New() *Summarizer { return &Summarizer{} }

var std Summarizer

// Summarize returns the sentences of text that best summarise it, verbatim
// and in article order; see Options for the length and the signals. The
// same input always gives the same output. It is safe for concurrent use.
func Summarize(text string, opt Options) []string { return std.Summarize(text, opt) }

// Summarize is the package-level Summarize using s's buffers.
func (s *Summarizer) Summarize(text string, opt Options) []string {
	w, _ := s.pool.Get().(*work)
	if w == nil {
		w = &work{ids: make(map[uint64]int32, 512)}
	}
	out := w.summarize(text, opt)
	w.reset()
	s.pool.Put(w)
	return out
}

// term is one content word of a sentence and how often it occurs there.
type term struct {
	id   int32
	n    float32
	name bool // capitalised inside the sentence at least once
}

// cand is a sentence that may go into the summary.
type cand struct {
	start, end int   // the text to output, after trimLead
	t0, t1     int32 // its terms: work.terms[t0:t1], sorted by id
	norm       float64
	title      float64 // cosine similarity with the headline
	focus      float64 // Options.Focus scaled to [0, 1], or inherited (see related)
	quote      bool    // a quotation, or part of one (see quoted)
	score      float64
}

// work holds the scratch space of one summary.
type work struct {
	spans   []span
	cands   []cand
	terms   []term
	ids     map[uint64]int32
	tmp     []int32
	title   []term
	buf     []byte
	sim     []float64
	rowSum  []float64
	rank    []float64
	next    []float64
	tele    []float64
	idf     []float64
	topic   []float64
	inherit []float64
	order   []int
	chosen  []int
	wire    bool // the text opens with a dateline (see cutDateline)
}

// maxKeep is the most spans a pooled work keeps room for; a huge input
// should not pin its buffers in memory for good.
const maxKeep = 1 << 14

func (w *work) reset() {
	clear(w.ids)
	if cap(w.spans) > maxKeep {
		w.spans = nil
	}
	w.cands = w.cands[:0]
	w.terms = w.terms[:0]
	w.title = w.title[:0]
	w.chosen = w.chosen[:0]
	w.wire = false
}

func (w *work) summarize(text string, opt Options) []string {
	w.collect(text, opt.Title, false)
	if len(w.cands) == 0 {
		// Nothing reads as a sentence (a list of headlines, say): fall back to
		// every piece that is not boilerplate.
		w.collect(text, opt.Title, true)
	}
	if len(w.cands) == 0 {
		return nil
	}
	w.titleSim(opt.Title)
	w.focus(text, opt.Focus)
	w.similarity()
	w.pagerank()
	top := slices.Max(w.rank)
	for i := range w.cands {
		c := &w.cands[i]
		c.score = w.news(i, w.rank[i]/top) + focusWeight*c.focus
	}
	w.selectSentences(text, opt)
	out := make([]string, len(w.chosen))
	for k, i := range w.chosen {
		out[k] = text[w.cands[i].start:w.cands[i].end]
	}
	return out
}

// collect splits text and keeps the candidate sentences with their terms.
// Boilerplate, the headline and fragments (too short, or without a final
// stop) are left out unless loose is set; a footer ends the article.
func (w *work) collect(text, title string, loose bool) {
	w.spans = appendSpans(w.spans[:0], text)
	title = strings.TrimSpace(title)
	inQuote, opened := false, false
	for _, sp := range w.spans {
		if len(w.cands) == maxCandidates {
			break
		}
		s := text[sp.start:sp.end]
		var quote bool
		quote, inQuote = quoted(s, inQuote)
		if isFooter(s) {
			break
		}
		if isBoilerplate(s) || (title != "" && strings.EqualFold(s, title)) {
			continue
		}
		out := trimLead(s)
		if !opened && len(out) < len(s) && !listMarker(s) {
			// A dateline before the first sentence makes a wire report,
			// even when what follows it is too short to summarise
			// ("(CNN)Latest developments:").
			opened, w.wire = true, true
		}
		words := countWords(out)
		if words == 0 || !loose && (words < minWords || !endsSentence(out)) {
			continue
		}
		opened = true
		c := cand{start: sp.end - len(out), end: sp.end, t0: int32(len(w.terms)), quote: quote}
		w.tmp = w.tmp[:0]
		w.buf = eachWord(out, w.buf, func(h uint64, name bool) {
			id, ok := w.ids[h]
			if !ok {
				id = int32(len(w.ids))
				w.ids[h] = id
			}
			// The low bit carries the name mark through the sort.
			id <<= 1
			if name {
				id |= 1
			}
			w.tmp = append(w.tmp, id)
		})
		slices.Sort(w.tmp)
		sq := 0.0
		for k := 0; k < len(w.tmp); {
			t := term{id: w.tmp[k] >> 1}
			j := k
			for j < len(w.tmp) && w.tmp[j]>>1 == t.id {
				t.name = t.name || w.tmp[j]&1 == 1
				j++
			}
			t.n = float32(j - k)
			w.terms = append(w.terms, t)
			sq += float64(t.n * t.n)
			k = j
		}
		c.t1 = int32(len(w.terms))
		c.norm = math.Sqrt(sq)
		w.cands = append(w.cands, c)
	}
}

// titleSim sets each candidate's cosine similarity with the headline's
// words, counted once each.
func (w *work) titleSim(title string) {
	if title == "" {
		return
	}
	w.buf = eachWord(title, w.buf, func(h uint64, _ bool) {
		if id, ok := w.ids[h]; ok {
			w.title = append(w.title, term{id: id, n: 1})
		}
	})
	slices.SortFunc(w.title, func(a, b term) int { return cmp.Compare(a.id, b.id) })
	w.title = slices.CompactFunc(w.title, func(a, b term) bool { return a.id == b.id })
	if len(w.title) == 0 {
		return
	}
	tnorm := math.Sqrt(float64(len(w.title)))
	for i := range w.cands {
		if c := &w.cands[i]; c.norm > 0 {
			c.title = dot(w.terms[c.t0:c.t1], w.title) / (c.norm * tnorm)
		}
	}
}

// dot is the dot product of two term vectors sorted by id.
func dot(a, b []term) float64 {
	sum := 0.0
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i].id < b[j].id:
			i++
		case a[i].id > b[j].id:
			j++
		default:
			sum += float64(a[i].n * b[j].n)
			i++
			j++
		}
	}
	return sum
}

// focus asks the caller's Focus for every candidate and scales the answers
// to [0, 1].
func (w *work) focus(text string, f func(string) float64) {
	if f == nil {
		return
	}
	top := 0.0
	for i := range w.cands {
		c := &w.cands[i]
		c.focus = f(text[c.start:c.end])
		switch {
		case math.IsNaN(c.focus) || c.focus < 0:
			c.focus = 0
		case math.IsInf(c.focus, 1):
			c.focus = math.MaxFloat64
		}
		top = max(top, c.focus)
	}
	if top == 0 {
		return
	}
	for i := range w.cands {
		w.cands[i].focus /= top
	}
	w.inheritFocus()
}

// inheritFocus gives sentences without topic terms part of the focus when
// they name what the topic sentences name: with topic "sco", "Tehran's
// entry into the Shanghai Cooperation forum" has no topic term, yet belongs
// in the briefing. Names (capitalised words) are weighted by inverse
// sentence frequency, so the article's main subject, named everywhere, does
// not make every sentence look topical.
func (w *work) inheritFocus() {
	n := len(w.cands)
	w.idf = resize(w.idf, len(w.ids))
	w.topic = resize(w.topic, len(w.ids))
	clear(w.idf)
	clear(w.topic)
	for _, t := range w.terms {
		w.idf[t.id]++
	}
	for id, df := range w.idf {
		if df > 0 {
			w.idf[id] = math.Log(float64(n) / df)
		}
	}
	least := 1.0
	for _, c := range w.cands {
		if c.focus == 0 {
			continue
		}
		least = min(least, c.focus)
		for _, t := range w.terms[c.t0:c.t1] {
			if t.name {
				w.topic[t.id] += c.focus * w.idf[t.id]
			}
		}
	}
	// The weight of the topic's names a sentence shares, scaled so that the
	// most related sentence inherits the related share of the least focus a
	// topic sentence has, and so never outranks one.
	w.inherit = resize(w.inherit, n)
	inherit := w.inherit
	top := 0.0
	for i, c := range w.cands {
		inherit[i] = 0
		if c.focus > 0 {
			continue
		}
		for _, t := range w.terms[c.t0:c.t1] {
			if t.name {
				inherit[i] += w.idf[t.id] * w.topic[t.id]
			}
		}
		top = max(top, inherit[i])
	}
	if top == 0 {
		return
	}
	for i := range w.cands {
		w.cands[i].focus += related * least * inherit[i] / top
	}
}

// similarity fills the candidates' cosine similarity matrix.
func (w *work) similarity() {
	n := len(w.cands)
	w.sim = resize(w.sim, n*n)
	w.rowSum = resize(w.rowSum, n)
	clear(w.sim)
	clear(w.rowSum)
	for i := range n {
		ci := &w.cands[i]
		if ci.norm == 0 {
			continue
		}
		ti := w.terms[ci.t0:ci.t1]
		for j := i + 1; j < n; j++ {
			cj := &w.cands[j]
			if cj.norm == 0 {
				continue
			}
			d := dot(ti, w.terms[cj.t0:cj.t1])
			if d == 0 {
				continue
			}
			v := d / (ci.norm * cj.norm)
			w.sim[i*n+j], w.sim[j*n+i] = v, v
			w.rowSum[i] += v
			w.rowSum[j] += v
		}
	}
}

// pagerank ranks the candidates by a random walk that follows similarity
// links and restarts by the title- and focus-weighted distribution.
func (w *work) pagerank() {
	n := len(w.cands)
	w.tele = resize(w.tele, n)
	w.rank = resize(w.rank, n)
	w.next = resize(w.next, n)
	total := 0.0
	for i, c := range w.cands {
		w.tele[i] = 1 + titleBias*c.title + focusBias*c.focus
		total += w.tele[i]
	}
	for i := range w.tele {
		w.tele[i] /= total
	}
	copy(w.rank, w.tele)
	for range maxIter {
		dangling := 0.0
		for j := range n {
			if w.rowSum[j] == 0 {
				dangling += w.rank[j]
			}
		}
		for i := range n {
			w.next[i] = (1 - damping + damping*dangling) * w.tele[i]
		}
		for j := range n {
			if w.rowSum[j] == 0 {
				continue
			}
			out := damping * w.rank[j] / w.rowSum[j]
			row := w.sim[j*n : j*n+n]
			for i, v := range row {
				if v != 0 {
					w.next[i] += out * v
				}
			}
		}
		diff := 0.0
		for i := range n {
			diff += math.Abs(w.next[i] - w.rank[i])
		}
		w.rank, w.next = w.next, w.rank
		if diff < tolerance {
			break
		}
	}
}

// news is how much candidate i tells the news, in [0, 1], given its
// centrality (its rank scaled to (0, 1]). A wire report (see work.wire) is
// written as an inverted pyramid, the way news agencies teach it: its lede
// tells the story in one sentence, and each later sentence matters less.
// So there the lede has the full value, and every other sentence the mean
// of its centrality and a prior that decays with its place. Quotations in a
// wire report are reaction and colour rather than the event, and keep
// quoteShare of their value. In any other text centrality alone speaks:
// features, analysis and press releases do not promise their lede. The
// result stays within [0, 1], so focusWeight keeps its meaning: a sentence
// with more than half the focus still outranks a lede without any.
func (w *work) news(i int, centrality float64) float64 {
	if !w.wire {
		return centrality
	}
	v := 1.0 // the lede, which tells the story in one sentence
	if i > 0 {
		v = (centrality + ledeWeight*math.Exp(-float64(i)/ledeDecay)) / (1 + ledeWeight)
	}
	if w.cands[i].quote {
		v *= quoteShare
	}
	return v
}

// selectSentences picks candidates by score, skipping repeats and what does
// not fit the budget, and leaves them in article order in w.chosen.
func (w *work) selectSentences(text string, opt Options) {
	n := len(w.cands)
	limit := opt.N
	if limit <= 0 {
		limit = defaultN
		if opt.MaxChars > 0 {
			limit = n
		}
	}
	w.order = w.order[:0]
	for i := range n {
		w.order = append(w.order, i)
	}
	slices.SortFunc(w.order, w.byScore)
	used := 0
	for _, i := range w.order {
		if len(w.chosen) == limit {
			break
		}
		if w.repeats(i) {
			continue
		}
		if opt.MaxChars > 0 {
			size := utf8.RuneCountInString(text[w.cands[i].start:w.cands[i].end])
			if len(w.chosen) > 0 {
				size++
			}
			if used+size > opt.MaxChars {
				continue
			}
			used += size
		}
		w.chosen = append(w.chosen, i)
	}
	if len(w.chosen) == 0 {
		w.chosen = append(w.chosen, w.order[0])
	}
	slices.Sort(w.chosen)
}

// byScore orders candidates best first, earlier first among equals.
func (w *work) byScore(a, b int) int {
	sa, sb := w.cands[a].score, w.cands[b].score
	switch {
	case sa > sb:
		return -1
	case sa < sb:
		return 1
	}
	return a - b
}

// repeats reports whether candidate i is too similar to a chosen one.
func (w *work) repeats(i int) bool {
	n := len(w.cands)
	for _, j := range w.chosen {
		if w.sim[i*n+j] > redundancy {
			return true
		}
	}
	return false
}

// resize returns s with length n, reusing its storage when it can.
func resize(s []float64, n int) []float64 {
	if cap(s) < n {
		return make([]float64, n)
	}
	return s[:n]
}
