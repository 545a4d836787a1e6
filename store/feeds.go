package store

import (
	"context"
	"time"
)

// FeedState is what briefbot remembers about polling one feed.
type FeedState struct {
	URL string
	// Title is the feed's own title from its last successful parse.
	Title string
	// ETag and LastModified are the validators from the last 200 response,
	// sent back as If-None-Match and If-Modified-Since.
	ETag         string
	LastModified string
	LastPoll     time.Time // last attempt, successful or not
	LastSuccess  time.Time // last 200 or 304
	LastError    string    // empty after a success
	Failures     int       // consecutive failures; 0 after a success
	NextPoll     time.Time // not polled before this time
	Paused       bool      // paused after too many failures; resumed by command
}

// FeedSpec is a feed added at run time (OPML import), as opposed to one
// listed in the config file.
type FeedSpec struct {
	URL      string
	Title    string
	Category string
	FullText bool
	// Interval overrides the default poll interval when positive.
	Interval time.Duration
	Added    time.Time
}

// FeedRegistry is what the store knows of feeds: the run-time feeds added
// beside the config file's (OPML import, /feeds add), and the polling state
// of every feed. The poller reads and writes the state; the feeds commands
// and the wiring read and change the run-time list.
type FeedRegistry interface {
	// FeedState returns the polling state of one feed, or brief.ErrNotFound
	// when it has never been polled.
	FeedState(ctx context.Context, url string) (FeedState, error)
	// SaveFeedState creates or replaces a feed's polling state.
	SaveFeedState(ctx context.Context, st FeedState) error
	// FeedStates returns every stored feed state, ordered by URL.
	FeedStates(ctx context.Context) ([]FeedState, error)

	// AddFeed stores a run-time feed; brief.ErrDuplicate when its URL is
	// already stored.
	AddFeed(ctx context.Context, f FeedSpec) error
	// RemoveFeed deletes a run-time feed and its state; brief.ErrNotFound
	// when it is not stored.
	RemoveFeed(ctx context.Context, url string) error
	// Feeds returns the run-time feeds, ordered by URL.
	Feeds(ctx context.Context) ([]FeedSpec, error)
}
