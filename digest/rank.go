package digest

import (
	"cmp"
	"math"
	"slices"
	"time"

	"briefbot/brief"
	"briefbot/store"
)

// RankHalfLife is the age at which a story's recency halves its rank.
const RankHalfLife = 24 * time.Hour

// Rank orders a digest section's stories, best first, by
//
//	rank = log2(1 + outlets) × (0.5 + 0.5 × score/top) × 2^(−age/RankHalfLife)
//
// where outlets is the number of feeds that carried the story, score its
// lead article's topic score and top the highest score among the
// stories, and age the time from the story's latest article to until. A
// story of three outlets counts twice one of one outlet, and seven outlets
// three times; the topic score at most halves a rank; a story whose news
// is a day older counts half. Ties go to the newer story, then the lower
// article ID. details (store.StoryDetails, without articles) gives the
// outlets and latest time; a story it lacks counts one outlet, aged from
// its lead's Published time.
func Rank(stories []brief.Story, details []store.StoryDetail, until time.Time) []brief.Story {
	type ranked struct {
		s    brief.Story
		last time.Time
		rank float64
	}
	byLead := make(map[string]store.StoryDetail, len(details))
	for _, d := range details {
		byLead[d.Lead] = d
	}
	top := 0.0
	for _, s := range stories {
		top = max(top, s.Match.Score)
	}
	out := make([]ranked, len(stories))
	for i, s := range stories {
		outlets, last := 1, s.Article.Published
		if d, ok := byLead[s.Article.ID]; ok {
			outlets = max(len(d.Outlets), 1)
			last = d.Last
		}
		topic := 1.0
		if top > 0 {
			topic = 0.5 + 0.5*max(s.Match.Score, 0)/top
		}
		age := max(until.Sub(last), 0)
		recency := math.Exp2(-float64(age) / float64(RankHalfLife))
		out[i] = ranked{s: s, last: last, rank: math.Log2(1+float64(outlets)) * topic * recency}
	}
	slices.SortStableFunc(out, func(a, b ranked) int {
		if c := cmp.Compare(b.rank, a.rank); c != 0 {
			return c
		}
		if c := b.last.Compare(a.last); c != 0 {
			return c
		}
		return cmp.Compare(a.s.Article.ID, b.s.Article.ID)
	})
	res := make([]brief.Story, len(out))
	for i, r := range out {
		res[i] = r.s
	}
	return res
}
