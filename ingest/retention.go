package ingest

import (
	"context"
	"log/slog"
	"time"

	"briefbot/store"
)

// Pruner deletes old data; store backends satisfy it.
type Pruner interface {
	Prune(ctx context.Context, before time.Time) (store.PruneCounts, error)
}

// RunRetention prunes articles and finished messages older than keep, at
// start and every six hours, so the database stays bounded over months.
func RunRetention(ctx context.Context, st Pruner, keep time.Duration, log *slog.Logger) error {
	t := time.NewTicker(6 * time.Hour)
	defer t.Stop()
	for {
		n, err := st.Prune(ctx, time.Now().Add(-keep))
		switch {
		case err != nil && ctx.Err() == nil:
			log.Error("prune old data", "error", err)
		case n.Articles+n.Messages > 0:
			log.Info("pruned old data", "articles", n.Articles, "messages", n.Messages)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}
