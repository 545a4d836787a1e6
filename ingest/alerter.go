package ingest

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"time"

	"briefbot/brief"
	"briefbot/store"
)

// AlertStore is the storage the alerter needs.
type AlertStore interface {
	DueAlertBatches(ctx context.Context, olderThan time.Time) ([]store.AlertBatch, error)
	StoriesByID(ctx context.Context, topicID string, articleIDs []string) ([]brief.Story, error)
}

// AlertPublisher queues an alert message for a batch; bot.Dispatcher
// satisfies it. brief.ErrDuplicate means the batch was already queued.
type AlertPublisher interface {
	Alert(ctx context.Context, b store.AlertBatch, briefing brief.Briefing) error
}

// AlerterOptions tunes alert batching.
type AlerterOptions struct {
	// Window gathers alerts on one topic for one channel: a batch goes
	// out once its oldest alert has waited this long (0: at once).
	Window time.Duration
	// MaxStories caps the stories shown in one alert (default 10); the
	// message says how many more there are.
	MaxStories int
	// UpdateInterval is the least time between two messages about one
	// story to one channel: an update of a story waits this long after
	// its alert or its last update, gathering the articles that arrive
	// meanwhile (alerts.update_interval; 0: no wait).
	UpdateInterval time.Duration
	// Tick is how often due batches are looked for (default 1s).
	Tick   time.Duration
	Now    func() time.Time
	Logger *slog.Logger
}

// Alerter turns queued alerts into messages.
type Alerter struct {
	store  AlertStore
	pub    AlertPublisher
	topics map[string]brief.Topic
	opt    AlerterOptions
	log    *slog.Logger
}

// NewAlerter builds an Alerter over the known topics.
func NewAlerter(st AlertStore, pub AlertPublisher, topics []brief.Topic, opt AlerterOptions) *Alerter {
	if opt.MaxStories <= 0 {
		opt.MaxStories = 10
	}
	if opt.Tick <= 0 {
		opt.Tick = time.Second
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.DiscardHandler)
	}
	m := map[string]brief.Topic{}
	for _, t := range topics {
		m[t.ID] = t
	}
	return &Alerter{store: st, pub: pub, topics: m, opt: opt, log: opt.Logger.With("component", "alerts")}
}

// Run flushes due alert batches and story updates until ctx ends.
func (a *Alerter) Run(ctx context.Context) error {
	t := time.NewTicker(a.opt.Tick)
	defer t.Stop()
	for {
		if _, err := a.Flush(ctx); err != nil && ctx.Err() == nil {
			a.log.Error("flush alerts", "error", err)
		}
		if _, err := a.FlushUpdates(ctx); err != nil && ctx.Err() == nil {
			a.log.Error("flush story updates", "error", err)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}

// Flush queues one message per due batch and returns how many it queued.
func (a *Alerter) Flush(ctx context.Context) (int, error) {
	now := a.opt.Now().UTC()
	batches, err := a.store.DueAlertBatches(ctx, now.Add(-a.opt.Window))
	if err != nil {
		return 0, fmt.Errorf("read alert queue: %w", err)
	}
	n := 0
	for _, b := range batches {
		t, ok := a.topics[b.TopicID]
		if !ok {
			// A topic removed from the config: its queued alerts stay until pruned.
			t = brief.Topic{ID: b.TopicID, Title: b.TopicID}
		}
		stories, err := a.store.StoriesByID(ctx, b.TopicID, b.ArticleIDs)
		if err != nil {
			return n, fmt.Errorf("read stories for %s: %w", b.Channel, err)
		}
		if len(stories) == 0 {
			// Only possible when the articles were pruned between queueing
			// and now; pruning drops their queue rows too.
			a.log.Warn("alert batch without stories skipped", "channel", b.Channel.String(), "topic", b.TopicID)
			continue
		}
		slices.SortStableFunc(stories, func(x, y brief.Story) int { return y.Article.Published.Compare(x.Article.Published) })
		total := len(stories)
		if len(stories) > a.opt.MaxStories {
			stories = stories[:a.opt.MaxStories]
		}
		br := brief.Briefing{Topic: t, Since: b.First, Until: now, Stories: stories, Total: total}
		err = a.pub.Alert(ctx, b, br)
		if errors.Is(err, brief.ErrDuplicate) || errors.Is(err, brief.ErrNotFound) {
			continue // another replica queued it, or the channel unsubscribed meanwhile
		}
		if err != nil {
			return n, err
		}
		n++
	}
	if n > 0 {
		a.log.Info("alerts queued", "count", n)
	}
	return n, nil
}
