package ingest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"briefbot/brief"
	"briefbot/store"
	"briefbot/summarize"
)

// Bounds on the work of one update.
const (
	// updateSentences is how many new sentences an update asks for.
	updateSentences = 2
	// maxAddedRead and maxToldRead bound the articles read for one update
	// (SummarizeUpdate reads no more than 32 added and 64 in all). An
	// outlet counts as told when one of the first maxToldRead told
	// articles came from it, so a story of more articles than that may
	// announce an outlet it carried before as new.
	maxAddedRead = 32
	maxToldRead  = 32
)

// UpdateStore is the storage story updates need; store backends satisfy
// it.
type UpdateStore interface {
	DueUpdateBatches(ctx context.Context, due time.Time) ([]store.UpdateBatch, error)
	DropUpdate(ctx context.Context, b store.UpdateBatch) error
	Story(ctx context.Context, id string) (store.StoryRecord, error)
	Article(ctx context.Context, id string) (brief.Article, error)
}

// UpdatePublisher queues a story update; bot.Dispatcher satisfies it.
// brief.ErrDuplicate means the update was already queued, and
// brief.ErrNotFound that the channel stopped following the topic.
type UpdatePublisher interface {
	Update(ctx context.Context, b store.UpdateBatch, u store.StoryUpdate) error
}

// FlushUpdates queues one update per story, channel and topic whose
// queued articles are due (see store.Updates.DueUpdateBatches, with the
// update interval), when the articles brought a new outlet or a sentence
// the channel was not told; articles that brought neither are dropped. It
// returns how many updates it queued. Without an UpdateStore and an
// UpdatePublisher (the store and publisher given to NewAlerter) it does
// nothing.
func (a *Alerter) FlushUpdates(ctx context.Context) (int, error) {
	st, ok := a.store.(UpdateStore)
	if !ok {
		return 0, nil
	}
	pub, ok := a.pub.(UpdatePublisher)
	if !ok {
		return 0, nil
	}
	now := a.opt.Now().UTC()
	batches, err := st.DueUpdateBatches(ctx, now.Add(-a.opt.UpdateInterval))
	if err != nil {
		return 0, fmt.Errorf("read update queue: %w", err)
	}
	n := 0
	for _, b := range batches {
		u, ok, err := a.storyUpdate(ctx, st, b)
		if err != nil {
			return n, err
		}
		if !ok {
			if err := st.DropUpdate(ctx, b); err != nil {
				return n, err
			}
			continue
		}
		err = pub.Update(ctx, b, u)
		if errors.Is(err, brief.ErrDuplicate) || errors.Is(err, brief.ErrNotFound) {
			continue // another replica queued it, or the channel unsubscribed meanwhile
		}
		if err != nil {
			return n, err
		}
		n++
	}
	if n > 0 {
		a.log.Info("story updates queued", "count", n)
	}
	return n, nil
}

// storyUpdate works out what b's articles add to their story for the
// channel: the outlets none of the told articles came from, and what
// summarize.SummarizeUpdate finds new. It reports false when they add
// neither. The told articles are the story's others: the ones the alert
// and earlier updates covered, and those that added nothing.
func (a *Alerter) storyUpdate(ctx context.Context, st UpdateStore, b store.UpdateBatch) (store.StoryUpdate, bool, error) {
	rec, err := st.Story(ctx, b.StoryID)
	if errors.Is(err, brief.ErrNotFound) {
		return store.StoryUpdate{}, false, nil // pruned meanwhile
	}
	if err != nil {
		return store.StoryUpdate{}, false, fmt.Errorf("read story %s: %w", b.StoryID, err)
	}
	fresh := make(map[string]bool, len(b.Added))
	for _, id := range b.Added {
		fresh[id] = true
	}
	read := func(ids []string, limit int) ([]brief.Article, error) {
		var out []brief.Article
		for _, id := range ids {
			if len(out) == limit {
				break
			}
			art, err := st.Article(ctx, id)
			if errors.Is(err, brief.ErrNotFound) {
				continue
			}
			if err != nil {
				return nil, fmt.Errorf("read article %s of story %s: %w", id, b.StoryID, err)
			}
			out = append(out, art)
		}
		return out, nil
	}
	added, err := read(b.Added, maxAddedRead)
	if err != nil || len(added) == 0 {
		return store.StoryUpdate{}, false, err
	}
	var toldIDs []string
	for _, id := range rec.ArticleIDs {
		if !fresh[id] {
			toldIDs = append(toldIDs, id)
		}
	}
	told, err := read(toldIDs, maxToldRead)
	if err != nil {
		return store.StoryUpdate{}, false, err
	}
	seen := map[string]bool{}
	for _, t := range told {
		seen[t.FeedURL] = true
	}
	u := store.StoryUpdate{StoryID: b.StoryID, Outlets: len(rec.Outlets)}
	if t, ok := a.topics[b.TopicID]; ok {
		u.Topic = t
	} else {
		u.Topic = brief.Topic{ID: b.TopicID, Title: b.TopicID}
	}
	if len(told) > 0 {
		u.Title, u.Link = told[0].Title, told[0].Link
	}
	for _, art := range added {
		if !seen[art.FeedURL] {
			seen[art.FeedURL] = true
			u.NewOutlets = append(u.NewOutlets, brief.Source{FeedURL: art.FeedURL, Name: art.Source, Link: art.Link})
		}
		u.Articles = append(u.Articles, store.UpdateArticle{ID: art.ID, Title: art.Title, Source: art.Source,
			Link: art.Link, Published: art.Published.UTC()})
		if art.Published.After(u.Latest) {
			u.Latest = art.Published.UTC()
		}
	}
	for _, c := range summarize.SummarizeUpdate(told, added, summarize.StoryOptions{N: updateSentences}) {
		u.Sentences = append(u.Sentences, store.UpdateSentence{Text: c.Text, Cite: c.Article})
	}
	if len(u.NewOutlets) == 0 && len(u.Sentences) == 0 {
		return store.StoryUpdate{}, false, nil
	}
	// Cited articles first, so that the links an update shows include
	// every article it quotes.
	order := make([]int, len(u.Articles))
	for i := range order {
		order[i] = i
	}
	cited := map[int]bool{}
	for _, s := range u.Sentences {
		cited[s.Cite] = true
	}
	slices.SortStableFunc(order, func(x, y int) int {
		switch {
		case cited[x] == cited[y]:
			return 0
		case cited[x]:
			return -1
		}
		return 1
	})
	where := make([]int, len(order))
	arts := make([]store.UpdateArticle, len(order))
	for to, from := range order {
		where[from] = to
		arts[to] = u.Articles[from]
	}
	u.Articles = arts
	for i := range u.Sentences {
		u.Sentences[i].Cite = where[u.Sentences[i].Cite]
	}
	return u, true, nil
}
