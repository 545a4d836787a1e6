package store

import (
	"context"
	"time"
)

// FeedLease is a due feed leased to one poller: its polling state as
// claimed, and the owner and token that prove the lease when the state is
// saved after the poll.
type FeedLease struct {
	State FeedState
	// Owner is the poller that holds the lease, as it named itself.
	Owner string
	// Token changes with every claim of the feed, so a poller whose lease
	// ended and was claimed again (by another replica, or by itself) holds
	// a token that no longer matches.
	Token int64
	// Until is when the lease ends; after it the feed may be claimed again.
	Until time.Time
}

// FeedLeases spreads feed polls over the replicas sharing a store: each
// due feed is leased to one poller at a time, a poller that dies loses its
// feeds when their leases end, and the state it saves after a poll is
// written only while its lease is still its own.
type FeedLeases interface {
	// EnsureFeeds creates the polling state of each listed feed that has
	// none yet, due at once (NextPoll zero), so ClaimFeeds can claim it;
	// states that exist are left alone.
	EnsureFeeds(ctx context.Context, urls []string) error
	// ClaimFeeds leases to owner, until now+lease, up to limit feeds that
	// are due (NextPoll at or before now), not paused, and not leased (no
	// lease, or one that ended at or before now), most overdue first. Two
	// owners claiming at once get disjoint feeds. The returned states are
	// as stored; feeds without a state are never claimed (see EnsureFeeds).
	ClaimFeeds(ctx context.Context, owner string, now time.Time, lease time.Duration, limit int) ([]FeedLease, error)
	// SaveLeasedFeedState replaces the polling state of the lease's feed
	// (st.URL must be the lease's) and ends the lease, when the lease is
	// still the one stored: same owner and token, ended or not. When
	// another claim replaced it, or the feed's state was removed, it
	// writes nothing and returns brief.ErrNotFound: the newer owner's state
	// stands.
	SaveLeasedFeedState(ctx context.Context, l FeedLease, st FeedState) error
}
