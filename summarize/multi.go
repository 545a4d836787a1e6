package summarize

import (
	"cmp"
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"briefbot/brief"
)

// StoryOptions controls one story summary. The zero value asks for 3
// sentences with no character budget and no topic focus.
type StoryOptions struct {
	// N is the most sentences to return. When N <= 0 it is 3, unless
	// MaxChars is set, in which case only the budget limits the count.
	N int
	// MaxChars, when > 0, is a character budget counted as in
	// Options.MaxChars. The summary always holds at least one sentence
	// when any article has one.
	MaxChars int
	// Focus scores how strongly a sentence carries the topic being briefed,
	// as in Options.Focus. It must be safe for concurrent use when the
	// Summarizer is shared.
	Focus func(sentence string) float64
}

// Cited is one sentence of a story summary and the article it came from.
type Cited struct {
	// Text is the sentence, a verbatim substring of the cited article's Text.
	Text string `json:"text"`
	// Article is the index of the cited article in the slice given to
	// SummarizeStory.
	Article int `json:"article"`
	// ArticleID is that article's ID.
	ArticleID string `json:"article_id"`
	// Offset is the byte offset of Text in the article's Text:
	// Text == articles[Article].Text[Offset:Offset+len(Text)].
	Offset int `json:"offset"`
}

// Story-summary constants. The scoring follows centroid-based
// multi-document summarisation (MEAD: Radev et al., 2004): a sentence's
// value within its own article (the single-article score, lede-first for
// wire reports, centrality otherwise) plus how much of what it says the
// story's other articles also say.
const (
	// perArticle is how many of each article's best sentences compete for
	// the story summary; a story summary of a few sentences never needs an
	// article's tenth best, and the cap bounds the work.
	perArticle = 8
	// maxStoryArticles is the most articles read, the earliest first: a
	// summary says what happened, which the first reports tell, and the
	// cap bounds the work of a story that gathers hundreds of copies.
	maxStoryArticles = 64
	// supportWeight weighs the story-wide support of a sentence (in [0, 1])
	// against its score within its article (news in [0, 1] plus focus).
	supportWeight = 1.0
	// minSupport is the least support a sentence needs to be chosen when
	// the story has at least floorArticles articles: one that shares almost
	// nothing with the others is about something else (the next item of a
	// newsletter, a side remark), however well it ranks in its own article.
	// With two articles, support only says whether the other one uses a
	// word, too little to judge by.
	minSupport    = 0.2
	floorArticles = 3
	// storyFocusWeight replaces focusWeight in a story: every article of a
	// story matched the topic, so the focus only needs to prefer the
	// topic's sentences among comparable ones, not to outrank everything
	// else (which would make every outlet's lede, all naming the topic, win
	// over the sentences that add to it).
	storyFocusWeight = 0.5
	// leadWeight adds to a sentence's score leadWeight/(1+i) for the i-th
	// sentence of its article: as in MEAD's position feature, the first
	// sentences of a news report say what happened. The single-article
	// score counts position only in wire reports with a dateline; a story
	// is made of news reports, which mostly lead with the event.
	leadWeight = 0.3
	// earlyWeight adds up to earlyWeight for the earliest article, falling
	// to none for the latest, so that of two outlets' ledes that say the
	// same the first report's wins: it tells what happened, the later ones
	// more often how others took it.
	earlyWeight = 0.1
	// novelty scales down a candidate's score by novelty times the cosine
	// of its content-word set with that of the chosen sentence most like it
	// (maximal marginal relevance: Carbonell and Goldstein, 1998), so that
	// the second and third sentences add to the first rather than restate
	// it in other words, which every outlet's lede does. A factor rather
	// than a difference keeps its effect the same whether or not a topic
	// focus inflates the scores.
	novelty = 1.0
	// spread multiplies the score of a sentence once for every sentence
	// already taken from its article, so that the summary draws on several
	// outlets unless one says clearly more than the rest.
	spread = 0.5
	// repeatCosine and repeatContained decide that a sentence repeats one
	// already taken: the cosine of their content-word sets reaches
	// repeatCosine, or the shorter one's words lie in the longer one's to
	// repeatContained (when it has at least containedMin words). "Raisi
	// met Putin in Moscow." says nothing that "President Raisi met
	// President Putin in Moscow on Tuesday to discuss gas and railways."
	// did not.
	repeatCosine    = 0.5
	repeatContained = 0.8
	containedMin    = 3
)

// pooled is a sentence that may go into a story summary.
type pooled struct {
	art        int      // index into the articles given
	rank       int      // the article's place in time order
	start, end int      // the sentence in the article's Text
	local      float64  // the single-article score, with leadWeight
	support    float64  // how much the other articles say it too, in [0, 1]
	n          int      // the articles in the story that have any words
	score      float64  // local plus weighted support
	words      []uint64 // distinct content-word hashes, sorted
	// shares holds each word's part of support: the share of the other
	// articles that use it, over the sentence's length and the story's top.
	shares []float64
}

// SummarizeStory returns a short summary of a story told by several
// articles, each sentence with the article it came from; see
// SummarizeStory on Summarizer.
func SummarizeStory(articles []brief.Article, opt StoryOptions) []Cited {
	return std.SummarizeStory(articles, opt)
}

// SummarizeStory picks sentences from several of the articles: each
// article's best sentences by the single-article score (its Title as the
// headline, opt.Focus as the topic), weighed by how many of the other
// articles use their words (in English, "Russia" and "Russian" count as
// one) and, a little, by how early their article came. It skips a sentence that repeats one already
// chosen (mostly the same words, or the words of a longer sentence chosen
// before, in which case the longer one is taken), prefers sentences that
// add to those chosen over ones that restate them, takes a second sentence
// from one article only when it clearly beats the others' best, leaves out
// sentences the other articles do not speak to at all (in stories of three
// articles or more), and keeps to the language most of the articles are
// written in. A sentence carried word for word by several articles (wire
// copies) is cited to the earliest of them.
//
// The result is in the order things were reported: by the cited article's
// Published time (then its place in articles), and by position within the
// article. Every Text appears verbatim in the cited article's Text; titles
// are never quoted. Articles without text are skipped; when none has a
// sentence the result is nil. The same input always gives the same
// output. Only the first 64 articles by Published time are read.
func (s *Summarizer) SummarizeStory(articles []brief.Article, opt StoryOptions) []Cited {
	order := byTime(articles, 0, len(articles), maxStoryArticles)
	return s.summarizeStory(articles, order, 0, opt)
}

// SummarizeUpdate returns what the added articles of a story say that the
// told ones (those a reader has already been told about) did not: the best
// sentences of the added articles, chosen as SummarizeStory chooses, that
// repeat no sentence of the told articles and one another. Each Cited's
// Article is an index into added. The result is empty when the added
// articles bring nothing new worth a sentence: copies of a told report,
// restatements, articles without text, or text in another language than
// most of the story's.
//
// A caller sending story updates asks for a sentence or two (opt.N) and
// sends an update when the result is not empty or a new outlet joined.
// Up to 32 added articles are read, the earliest first, and up to 64 in
// all; told articles beyond that are skipped, the latest first.
func SummarizeUpdate(told, added []brief.Article, opt StoryOptions) []Cited {
	return std.SummarizeUpdate(told, added, opt)
}

// SummarizeUpdate is the package-level SummarizeUpdate using s's buffers.
func (s *Summarizer) SummarizeUpdate(told, added []brief.Article, opt StoryOptions) []Cited {
	if len(added) == 0 {
		return nil
	}
	articles := make([]brief.Article, 0, len(told)+len(added))
	articles = append(articles, told...)
	articles = append(articles, added...)
	fresh := byTime(articles, len(told), len(articles), maxStoryArticles/2)
	order := byTime(articles, 0, len(told), maxStoryArticles-len(fresh))
	order = append(order, fresh...)
	slices.SortStableFunc(order, func(a, b int) int {
		return articles[a].Published.Compare(articles[b].Published)
	})
	out := s.summarizeStory(articles, order, len(told), opt)
	for i := range out {
		out[i].Article -= len(told)
	}
	return out
}

// byTime returns the indices from..to-1 of articles in order of
// publication (then of index), at most limit of them, the earliest.
func byTime(articles []brief.Article, from, to, limit int) []int {
	order := make([]int, 0, to-from)
	for i := from; i < to; i++ {
		order = append(order, i)
	}
	slices.SortStableFunc(order, func(a, b int) int {
		return articles[a].Published.Compare(articles[b].Published)
	})
	return order[:min(len(order), limit)]
}

// summarizeStory summarises the articles listed in order (by time), taking
// sentences only from articles[told:]; what articles[:told] say counts as
// said already.
func (s *Summarizer) summarizeStory(articles []brief.Article, order []int, told int, opt StoryOptions) []Cited {
	if len(order) == 0 {
		return nil
	}
	w, _ := s.pool.Get().(*work)
	if w == nil {
		w = &work{ids: make(map[uint64]int32, 512)}
	}
	defer s.pool.Put(w)
	var pool []pooled
	for _, loose := range []bool{false, true} {
		pool = w.storyPool(articles, order, opt.Focus, loose)
		if slices.ContainsFunc(pool, func(p pooled) bool { return p.art >= told }) {
			break
		}
	}
	// Sentences of the told articles are what the reader knows: they are
	// never chosen, and what repeats them, or stands word for word anywhere
	// in a told article, is not news.
	var known []*pooled
	for i := range pool {
		if pool[i].art < told {
			known = append(known, &pool[i])
		}
	}
	fresh := pool[:0:0]
	for _, p := range pool {
		if p.art < told {
			continue
		}
		text := articles[p.art].Text[p.start:p.end]
		if !slices.ContainsFunc(order, func(i int) bool { return i < told && strings.Contains(articles[i].Text, text) }) {
			fresh = append(fresh, p)
		}
	}
	if len(fresh) == 0 {
		return nil
	}
	fresh = dedupeCopies(articles, fresh)
	chosen := choose(articles, fresh, known, opt)
	slices.SortFunc(chosen, func(a, b *pooled) int {
		return cmp.Or(cmp.Compare(a.rank, b.rank), cmp.Compare(a.start, b.start))
	})
	out := make([]Cited, len(chosen))
	for k, p := range chosen {
		a := &articles[p.art]
		out[k] = Cited{Text: a.Text[p.start:p.end], Article: p.art, ArticleID: a.ID, Offset: p.start}
	}
	return out
}

// storyPool scores every article on its own and returns the best sentences
// of each, scored for the story: their single-article score plus their
// support, the mean share of the other articles that use each of their
// words. Articles in a language other than the story's main one, and
// articles whose text holds no sentence, add to the support but give no
// sentences.
func (w *work) storyPool(articles []brief.Article, order []int, focus func(string) float64, loose bool) []pooled {
	langs := make([]int, len(order))
	for rank, ai := range order {
		langs[rank] = language(articles[ai].Text)
	}
	lang := mainLanguage(langs)
	// af counts, per content word, the articles that use it in their
	// headline or text; n counts the articles that have words at all.
	af := make(map[uint64]int, 256)
	seen := make(map[uint64]struct{}, 256)
	var pool []pooled
	n := 0
	for rank, ai := range order {
		a := &articles[ai]
		clear(seen)
		for _, s := range []string{a.Title, a.Text} {
			w.buf = eachFoldedWord(s, w.buf, foldEnglish, func(h uint64, _ bool) { seen[h] = struct{}{} })
		}
		if len(seen) > 0 {
			n++
		}
		for h := range seen {
			af[h]++
		}
		ok := w.score(a.Text, Options{Title: a.Title, Focus: focus}, loose)
		if ok && langs[rank] == lang {
			w.order = w.order[:0]
			for i := range w.cands {
				w.order = append(w.order, i)
			}
			slices.SortFunc(w.order, w.byScore)
			for _, i := range w.order[:min(len(w.order), perArticle)] {
				c := &w.cands[i]
				early := earlyWeight * (1 - float64(rank)/float64(len(order)))
				p := pooled{art: ai, rank: rank, start: c.start, end: c.end, local: c.score + leadWeight/float64(1+i) + early}
				w.buf = eachFoldedWord(a.Text[c.start:c.end], w.buf, foldEnglish, func(h uint64, _ bool) {
					p.words = append(p.words, h)
				})
				slices.Sort(p.words)
				p.words = slices.Compact(p.words)
				pool = append(pool, p)
			}
		}
		w.reset()
	}
	// A sentence's support is the mean, over its words, of the share of
	// the other articles that use the word (mean, so that a long sentence
	// does not win by length alone), divided by the best sentence's, so that
	// it spans [0, 1] in every story however alike its articles are.
	top := 0.0
	for i := range pool {
		p := &pool[i]
		if n < 2 || len(p.words) == 0 {
			continue
		}
		p.shares = make([]float64, len(p.words))
		for k, h := range p.words {
			p.shares[k] = float64(af[h]-1) / float64(n-1) / float64(len(p.words))
			p.support += p.shares[k]
		}
		top = max(top, p.support)
	}
	for i := range pool {
		p := &pool[i]
		p.n = n
		if top == 0 {
			// One article, or nothing shared: nothing to tell apart.
			p.support, p.shares = 1, nil
			p.score = p.local + supportWeight
			continue
		}
		p.support /= top
		for k := range p.shares {
			p.shares[k] /= top
		}
		p.score = p.local + supportWeight*p.support
	}
	return pool
}

// gain is p's support counting only the words that no chosen sentence
// holds yet (covered): a sentence gains by telling what the other articles
// also tell and the summary has not told.
func gain(p *pooled, covered map[uint64]bool) float64 {
	if p.shares == nil {
		return p.support
	}
	sum := 0.0
	for k, h := range p.words {
		if !covered[h] {
			sum += p.shares[k]
		}
	}
	return sum
}

// score runs the single-article scoring of Summarize on text, leaving the
// candidates and their scores in w, with the focus weighed by
// storyFocusWeight and kept out of the walk. It reports whether text has
// any.
func (w *work) score(text string, opt Options, loose bool) bool {
	w.collect(text, opt.Title, loose)
	if len(w.cands) == 0 {
		return false
	}
	w.titleSim(opt.Title)
	w.similarity()
	w.pagerank()
	// The focus is read after the walk, so that it does not bend each
	// article's centrality towards its topic sentences as Summarize does:
	// in a story every article is about the topic already.
	w.focus(text, opt.Focus)
	top := slices.Max(w.rank)
	for i := range w.cands {
		c := &w.cands[i]
		c.score = w.news(i, w.rank[i]/top) + storyFocusWeight*c.focus
	}
	return true
}

// dedupeCopies keeps one of the sentences that several articles carry word
// for word: the one in the earliest article, with the best score any copy
// earned.
func dedupeCopies(articles []brief.Article, pool []pooled) []pooled {
	first := make(map[string]int, len(pool))
	out := pool[:0]
	for _, p := range pool {
		text := articles[p.art].Text[p.start:p.end]
		k, seen := first[text]
		if !seen {
			first[text] = len(out)
			out = append(out, p)
			continue
		}
		q := &out[k]
		best := max(q.score, p.score)
		if p.rank < q.rank || p.rank == q.rank && p.start < q.start {
			*q = p
		}
		q.score = best
	}
	return out
}

// choose picks sentences greedily by score, skipping repeats and what does
// not fit the budget, and lowering the score of an article's sentences for
// each one already taken from it.
func choose(articles []brief.Article, pool []pooled, known []*pooled, opt StoryOptions) []*pooled {
	limit := opt.N
	if limit <= 0 {
		limit = defaultN
		if opt.MaxChars > 0 {
			limit = len(pool)
		}
	}
	floor := 0.0
	if pool[0].n >= floorArticles {
		floor = minSupport
	}
	taken := make(map[int]int)
	covered := make(map[uint64]bool)
	for _, q := range known {
		for _, h := range q.words {
			covered[h] = true
		}
	}
	done := make([]bool, len(pool))
	var chosen []*pooled
	var tooLong []int // left out only for the budget, before anything was chosen
	used := 0
	for len(chosen) < limit {
		best, bestScore := -1, 0.0
		for i := range pool {
			if done[i] {
				continue
			}
			p := &pool[i]
			if p.support < floor || repeatsAny(p, chosen) || repeatsAny(p, known) {
				done[i] = true
				continue
			}
			if opt.MaxChars > 0 {
				size := utf8.RuneCountInString(articles[p.art].Text[p.start:p.end])
				if len(chosen) > 0 {
					size++
				}
				if used+size > opt.MaxChars {
					done[i] = true // used only grows
					if len(chosen) == 0 {
						tooLong = append(tooLong, i)
					}
					continue
				}
			}
			s := (p.local + supportWeight*gain(p, covered)) * math.Pow(spread, float64(taken[p.art])) * (1 - novelty*max(likeness(p, chosen), likeness(p, known)))
			if best < 0 || s > bestScore || s == bestScore && before(p, &pool[best]) {
				best, bestScore = i, s
			}
		}
		if best < 0 {
			break
		}
		if i := fuller(articles, pool, done, chosen, known, best, opt, used); i >= 0 {
			best = i
		}
		p := &pool[best]
		done[best] = true
		if opt.MaxChars > 0 {
			if len(chosen) > 0 {
				used++
			}
			used += utf8.RuneCountInString(articles[p.art].Text[p.start:p.end])
		}
		taken[p.art]++
		chosen = append(chosen, p)
		for _, h := range p.words {
			covered[h] = true
		}
	}
	if len(chosen) == 0 && len(tooLong) > 0 {
		// Nothing fits the budget: the best sentence alone, as Summarize does.
		best := tooLong[0]
		for _, i := range tooLong {
			if pool[i].score > pool[best].score || pool[i].score == pool[best].score && before(&pool[i], &pool[best]) {
				best = i
			}
		}
		chosen = append(chosen, &pool[best])
	}
	return chosen
}

// fuller returns a sentence of the pool that says everything pool[best]
// says and more (see contains), is not taken, repeats nothing chosen and
// fits the budget, or -1 when none does. The fuller sentence wins because a
// summary is counted in sentences: "Raisi met Putin in Moscow." scores well
// exactly because every outlet says it, yet "President Raisi met President
// Putin in Moscow on Tuesday to discuss gas and railways." tells the reader
// more in one sentence.
func fuller(articles []brief.Article, pool []pooled, done []bool, chosen, known []*pooled, best int, opt StoryOptions, used int) int {
	p := &pool[best]
	found := -1
	for i := range pool {
		q := &pool[i]
		if i == best || done[i] || len(q.words) <= len(p.words) || !contains(q.words, p.words) || repeatsAny(q, chosen) || repeatsAny(q, known) {
			continue
		}
		if opt.MaxChars > 0 {
			size := utf8.RuneCountInString(articles[q.art].Text[q.start:q.end])
			if len(chosen) > 0 {
				size++
			}
			if used+size > opt.MaxChars {
				continue
			}
		}
		if found < 0 || q.score > pool[found].score || q.score == pool[found].score && before(q, &pool[found]) {
			found = i
		}
	}
	return found
}

// contains reports whether the sorted word set long holds at least
// repeatContained of the words of short, and short has containedMin words.
func contains(long, short []uint64) bool {
	if len(short) < containedMin {
		return false
	}
	return float64(overlap(long, short)) >= repeatContained*float64(len(short))
}

// overlap counts the words two sorted sets share.
func overlap(a, b []uint64) int {
	shared := 0
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			shared++
			i++
			j++
		}
	}
	return shared
}

// before orders sentences of equal score: earlier articles, then earlier
// sentences, first.
func before(a, b *pooled) bool {
	return a.rank < b.rank || a.rank == b.rank && a.start < b.start
}

// likeness is the highest cosine of p's content-word set with that of a
// chosen sentence, 0 when none is chosen.
func likeness(p *pooled, chosen []*pooled) float64 {
	most := 0.0
	for _, q := range chosen {
		if len(p.words) > 0 && len(q.words) > 0 {
			most = max(most, float64(overlap(p.words, q.words))/math.Sqrt(float64(len(p.words))*float64(len(q.words))))
		}
	}
	return most
}

// repeatsAny reports whether p says what one of chosen already says.
func repeatsAny(p *pooled, chosen []*pooled) bool {
	for _, q := range chosen {
		if repeats(p.words, q.words) {
			return true
		}
	}
	return false
}

// repeats reports whether two sentences, given as sorted sets of content
// words, say the same thing; see repeatCosine and repeatContained.
func repeats(a, b []uint64) bool {
	if len(a) == 0 || len(b) == 0 {
		return len(a) == len(b)
	}
	s := float64(overlap(a, b))
	if s >= repeatCosine*math.Sqrt(float64(len(a))*float64(len(b))) {
		return true
	}
	if len(a) > len(b) {
		a, b = b, a
	}
	return contains(b, a)
}

// foldEnglish merges the forms of an English word that outlets use for one
// thing: a country and its people or adjective ("Russia", "Russian",
// "Russians"; "Iran", "Iranian"; "Syria", "Syrian") and plurals ("talks",
// "talk"). Words shorter than five letters stay as they are. The story
// summary compares words across outlets, which word the same facts
// differently far more than one article does.
func foldEnglish(w []byte) []byte {
	n := len(w)
	if n < 5 {
		return w
	}
	for _, end := range []string{"ians", "ian", "ia"} {
		if n >= len(end)+3 && string(w[n-len(end):]) == end {
			return w[:n-len(end)]
		}
	}
	if w[n-1] == 's' && w[n-2] != 's' && w[n-2] != 'u' && w[n-2] != 'i' {
		return w[:n-1]
	}
	return w
}

// Languages as far as a story summary tells them apart: enough to keep a
// summary in one language, not to name it.
const (
	langNone = iota
	langEnglish
	langLatin // Latin script, not English: Polish, French ...
	langCyrillic
	langArabic // Arabic script: Persian, Arabic
	langOther
)

// language guesses the language of text from its letters and, for Latin
// script, from how often English's commonest words occur.
func language(text string) int {
	var latin, cyr, arab, other int
	for _, r := range text {
		switch {
		case r < utf8.RuneSelf:
			if 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' {
				latin++
			}
		case unicode.Is(unicode.Cyrillic, r):
			cyr++
		case unicode.Is(unicode.Arabic, r):
			arab++
		case unicode.Is(unicode.Latin, r):
			latin++
		case unicode.IsLetter(r):
			other++
		}
	}
	top := max(latin, cyr, arab, other)
	switch {
	case top == 0:
		return langNone
	case top == cyr:
		return langCyrillic
	case top == arab:
		return langArabic
	case top == other:
		return langOther
	}
	english, foreign := 0, 0
	eachLatinWord(text, func(w []byte) {
		switch string(w) {
		case "the", "of", "and", "is", "was", "with", "for", "that", "has", "have", "said", "from":
			english++
		case "w", "z", "na", "nie", "jest", "oraz", "przez", "dla", "od", "po", "der", "die", "und", "le", "les", "et", "des", "el", "los", "y":
			foreign++
		}
	})
	// Letters outside ASCII (ą, ł, ż, é, ü) mark most other languages
	// written in Latin script; a short English sentence may hold none of
	// English's commonest words, so without either sign it counts as English.
	for _, r := range text {
		if r >= utf8.RuneSelf && unicode.Is(unicode.Latin, r) {
			foreign++
		}
	}
	if foreign > english {
		return langLatin
	}
	return langEnglish
}

// eachLatinWord calls fn with every lower-cased run of ASCII letters of s
// up to 16 letters long; fn must not keep the slice.
func eachLatinWord(s string, fn func([]byte)) {
	var buf [16]byte
	n, long := 0, false
	flush := func() {
		if n > 0 && !long {
			fn(buf[:n])
		}
		n, long = 0, false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if 'a' <= c && c <= 'z' {
			if n == len(buf) {
				long = true
				continue
			}
			buf[n] = c
			n++
			continue
		}
		flush()
	}
	flush()
}

// mainLanguage is the language most of the articles are written in, given
// the language of each in time order; a tie goes to the language of the
// earliest of them.
func mainLanguage(langs []int) int {
	var count [langOther + 1]int
	first := [langOther + 1]int{}
	for i := range first {
		first[i] = len(langs)
	}
	for rank, l := range langs {
		if l == langNone {
			continue
		}
		count[l]++
		first[l] = min(first[l], rank)
	}
	best := langNone
	for l := range count {
		if count[l] > count[best] || count[l] == count[best] && count[l] > 0 && first[l] < first[best] {
			best = l
		}
	}
	return best
}
