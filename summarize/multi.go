package summarize

import (
	"cmp"
	"slices"
	"strings"

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
	// SummarizeStory (to SummarizeUpdate: in its added slice).
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
