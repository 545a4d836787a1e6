package ingest

import (
	"context"
	"fmt"
	"sync"
	"time"

	"briefbot/store"
	"briefbot/stories"
)

// Replicas sharing a store each keep a clusterer, and the store decides
// which of them may found stories: a new article is assigned and stored
// only while its process holds the store's story turn (store.StorySync),
// and a process that takes the turn first places in its clusterer the
// articles the others stored since it last held it. So a copy of a story
// another replica stored a moment ago joins that story, and alerts once
// (the store alerts only a story's first article on a topic), however the
// feeds carrying it were spread over the replicas.
//
// A process keeps the turn while any of its articles is being assigned or
// stored, so its polls still store in parallel, but for at most turnHold
// while others may wait: then it lets its articles in flight finish, gives
// the turn up, and queues for it again behind the others.
const (
	turnHold = 200 * time.Millisecond
	// catchUpBatch bounds the articles read per query when catching up.
	catchUpBatch = 500
)

// storySync is the store role that keeps replicas' clusterers in step;
// stores without it are taken to be used by one process.
type storySync interface {
	StoryTurn(ctx context.Context) (release func() error, shared bool, err error)
	ArticlesAfter(ctx context.Context, after int64, limit int) ([]store.StoredArticle, error)
	LastArticleSeq(ctx context.Context) (int64, error)
}

// turn tracks this process's hold on the story turn.
type turn struct {
	mu       sync.Mutex
	solo     bool // the store is one process's: no turn to take
	held     bool
	busy     bool // the turn is being taken or given up
	inflight int
	since    time.Time
	release  func() error
	// changed is closed, and replaced, whenever held or busy changes.
	changed chan struct{}
}

func (t *turn) signal() {
	if t.changed != nil {
		close(t.changed)
	}
	t.changed = make(chan struct{})
}

// enterTurn returns once this process holds the story turn (caught up
// with the articles other replicas stored), for one article to be assigned
// and stored; the caller calls leave after storing it, whatever the outcome.
func (p *Poller) enterTurn(ctx context.Context) (leave func(), err error) {
	ss, ok := p.store.(storySync)
	if !ok {
		return func() {}, nil
	}
	t := &p.stories.turn
	for {
		t.mu.Lock()
		if t.changed == nil {
			t.signal()
		}
		switch {
		case t.solo:
			t.mu.Unlock()
			return func() {}, nil
		case t.held && !t.busy && time.Since(t.since) < turnHold:
			t.inflight++
			t.mu.Unlock()
			return func() { p.leaveTurn() }, nil
		case !t.held && !t.busy:
			t.busy = true
			t.mu.Unlock()
			release, shared, err := p.takeTurn(ctx, ss)
			t.mu.Lock()
			t.busy = false
			if err == nil {
				t.solo = !shared
				t.held, t.release, t.since = shared, release, time.Now()
				if shared {
					t.inflight++
				}
			}
			t.signal()
			t.mu.Unlock()
			if err != nil {
				return nil, err
			}
			return func() { p.leaveTurn() }, nil
		}
		// Taken too long, or being taken or given up: wait for the change.
		wait := t.changed
		t.mu.Unlock()
		select {
		case <-wait:
		case <-ctx.Done():
			return nil, fmt.Errorf("story turn: %w", ctx.Err())
		}
	}
}

// leaveTurn ends one article's use of the turn, and gives the turn up when
// none is left in flight.
func (p *Poller) leaveTurn() {
	t := &p.stories.turn
	t.mu.Lock()
	if t.solo {
		t.mu.Unlock()
		return
	}
	t.inflight--
	if t.inflight > 0 || !t.held {
		t.mu.Unlock()
		return
	}
	release := t.release
	t.busy, t.release = true, nil
	t.mu.Unlock()
	err := release()
	t.mu.Lock()
	t.held, t.busy = false, false
	t.signal()
	t.mu.Unlock()
	if err != nil {
		p.log.Warn("story turn", "error", err)
	}
}

// takeTurn waits for the store's story turn and catches the clusterer up
// with the articles stored since this process last held it. On error the
// turn is given back.
func (p *Poller) takeTurn(ctx context.Context, ss storySync) (func() error, bool, error) {
	release, shared, err := ss.StoryTurn(ctx)
	if err != nil {
		return nil, false, err
	}
	if !shared {
		return release, false, nil
	}
	if err := p.catchUp(ctx, ss); err != nil {
		if rerr := release(); rerr != nil {
			p.log.Warn("story turn", "error", rerr)
		}
		return nil, true, err
	}
	return release, true, nil
}

// keepUp catches the clusterer up with the articles other replicas stored
// since it last held the story turn, when there are any: called once per
// poll cycle, it keeps the catch-up under the turn short however long this
// replica had nothing new to store.
func (p *Poller) keepUp(ctx context.Context) error {
	ss, ok := p.store.(storySync)
	if !ok {
		return nil
	}
	t := &p.stories.turn
	t.mu.Lock()
	solo := t.solo
	t.mu.Unlock()
	if solo {
		return nil
	}
	last, err := ss.LastArticleSeq(ctx)
	if err != nil {
		return fmt.Errorf("catch up with the stories of other replicas: %w", err)
	}
	x := p.stories
	x.mu.Lock()
	behind := last > x.seq
	x.mu.Unlock()
	if !behind {
		return nil
	}
	leave, err := p.enterTurn(ctx)
	if err != nil {
		return fmt.Errorf("catch up with the stories of other replicas: %w", err)
	}
	leave()
	return nil
}

// catchUp places in the clusterer, in their stored stories, the articles
// stored after the last one it read, in the order they were stored.
// Articles it holds already (this process's own) are passed over.
func (p *Poller) catchUp(ctx context.Context, ss storySync) error {
	x := p.stories
	for {
		x.mu.Lock()
		after := x.seq
		x.mu.Unlock()
		arts, err := ss.ArticlesAfter(ctx, after, catchUpBatch)
		if err != nil {
			return fmt.Errorf("read articles stored by other replicas: %w", err)
		}
		placed := 0
		now := p.opt.Now()
		x.mu.Lock()
		for _, sa := range arts {
			x.seq = sa.Seq
			a := sa.Article
			if _, ok := x.c.StoryOf(a.ID); ok {
				continue
			}
			x.c.Place(stories.Article{ID: a.ID, Title: a.Title, Text: a.Text, Published: a.Published}, sa.Story)
			x.assigned++
			x.remember(a.ID, now)
			x.keep(a.ID, articleSketch(a), a.Published)
			placed++
		}
		x.mu.Unlock()
		if placed > 0 {
			p.log.Debug("placed articles other replicas stored", "count", placed)
		}
		if len(arts) < catchUpBatch {
			return nil
		}
	}
}
