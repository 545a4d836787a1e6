package summarize

import (
	"math"
	"unicode/utf8"

	"briefbot/brief"
)

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
