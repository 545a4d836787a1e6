package store

import (
	"context"
	"time"
)

// PruneCounts reports what Prune removed.
type PruneCounts struct {
	Articles int64
	Messages int64
}

// Maintenance is the housekeeping the leader runs on a schedule.
type Maintenance interface {
	// Prune deletes articles fetched before the cutoff (with their
	// matches, sources and queued alerts) and finished (sent, failed,
	// cancelled) messages created before it; the cutoff is exclusive.
	// Pruning a message deletes the queue rows it carried, so its articles
	// are not alerted again.
	Prune(ctx context.Context, before time.Time) (PruneCounts, error)
}

// Leadership picks the one replica that polls feeds and schedules
// digests.
type Leadership interface {
	// Lead blocks until this process is the one replica that polls feeds
	// and schedules digests, or ctx ends (then it returns ctx's error). The
	// leader's work runs under lead, which ends when leadership does: on
	// release, when ctx ends, when the store closes, or when the backend
	// finds the role lost (the connection holding PostgreSQL's lock broke),
	// with context.Cause saying why. The caller then calls release and
	// waits for the lead again. release gives the role up, waits until it
	// is given up, and may be called more than once. A single-process
	// backend leads at once, until release, ctx or Close.
	Lead(ctx context.Context) (lead context.Context, release func(), err error)
}
