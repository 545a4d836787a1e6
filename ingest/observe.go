package ingest

import (
	"sync"
	"time"
)

// Observer is told what the poller does, for metrics; *metrics.Metrics
// satisfies it. Its methods must be cheap and must not block.
type Observer interface {
	// FeedPolled reports one poll: "fetched", "not_modified" or "failed".
	FeedPolled(result string)
	// FeedPaused reports a feed paused after repeated failures.
	FeedPaused()
	// ArticleStored reports a new article: whether it starts a story (the
	// clusterer found no open story it belongs to) and the topics it
	// matched.
	ArticleStored(newStory bool, topicIDs []string)
	// PollCycle reports how long a completed cycle that polled feeds took.
	PollCycle(d time.Duration)
}

type noObserver struct{}

func (noObserver) FeedPolled(string)            {}
func (noObserver) FeedPaused()                  {}
func (noObserver) ArticleStored(bool, []string) {}
func (noObserver) PollCycle(time.Duration)      {}

// Progress says whether the poller is polling and when it last made
// progress, for a readiness check.
type Progress struct {
	// Running is true while Run polls on this replica (it leads).
	Running bool
	// Since is when Run started or a cycle last completed without a store
	// or feed-list failure, whichever is later.
	Since time.Time
}

// progress is the poller's Progress, updated by Run and PollDue.
type progress struct {
	mu sync.Mutex
	p  Progress
}

func (pr *progress) set(running bool, since time.Time) {
	pr.mu.Lock()
	defer pr.mu.Unlock()
	pr.p = Progress{Running: running, Since: since}
}

func (pr *progress) done(at time.Time) {
	pr.mu.Lock()
	defer pr.mu.Unlock()
	if at.After(pr.p.Since) {
		pr.p.Since = at
	}
}

func (pr *progress) get() Progress {
	pr.mu.Lock()
	defer pr.mu.Unlock()
	return pr.p
}

// Progress reports whether this poller is running and when it last made
// progress. A poller that is not running (another replica leads) makes
// none, and that is no failure.
func (p *Poller) Progress() Progress { return p.prog.get() }
