package store

import (
	"context"
	"time"

	"briefbot/brief"
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

// StoryQuery selects a page of stories about one topic.
type StoryQuery struct {
	TopicID string
	// Since and Until bound the articles' Published time: Since <= t < Until.
	Since, Until time.Time
	Limit        int // page size; <= 0 means no limit
	Offset       int
}

// SaveOptions qualifies SaveArticle.
type SaveOptions struct {
	// Now is the current time: it decides which mutes are in force.
	Now time.Time
	// NoAlerts stores the article without queuing alerts. The first poll
	// of a feed uses it, so adding a feed does not flood every channel
	// with its backlog; the stories still appear in briefings and digests.
	NoAlerts bool
	// Story is the ID of the story the clusterer put the article in. Empty
	// means the article's own story, or its original's when a.DuplicateOf
	// names a stored article.
	Story string
}

// StoryRecord is what the store keeps of one story: its articles (in the
// order they were stored), the outlets that carried them (each feed once,
// in the order seen), the first and latest Published time, and the topics
// its articles matched (sorted).
type StoryRecord struct {
	ID          string
	ArticleIDs  []string
	Outlets     []brief.Source
	First, Last time.Time
	Topics      []string
}

// AlertBatch is the queued alerts for one channel and topic: articles that
// matched the topic since the channel's last alert about it.
type AlertBatch struct {
	Channel    brief.ChannelRef
	TopicID    string
	ArticleIDs []string  // in queue order
	First      time.Time // when the oldest was queued
}

// Message statuses in the outbox.
const (
	StatusPending   = "pending"   // waiting for delivery or a retry
	StatusSent      = "sent"      // the platform accepted it
	StatusFailed    = "failed"    // the platform refused it for good
	StatusCancelled = "cancelled" // withdrawn before delivery (unsubscribe)
)

// Message kinds in the outbox.
const (
	KindAlert  = "alert"
	KindDigest = "digest"
	KindAnswer = "answer" // the answer to a command
	KindNotice = "notice" // operator notices (a feed paused)
)

// Message is one outgoing chat message in the durable outbox. It is written
// before it is sent, under an idempotency key, and marked sent only after
// the platform accepted it.
type Message struct {
	ID int64
	// Key is the idempotency key: "alert:<channel>:<topic>:<first article>",
	// "digest:<channel>:<topics>:<local date>", "answer:<request id>".
	// Enqueuing a key that exists does nothing.
	Key     string
	Channel brief.ChannelRef
	Kind    string
	// TopicID is set for alerts, so unsubscribing can withdraw them.
	TopicID string
	// Hint is opaque adapter data needed to deliver (a Slack response_url,
	// a Telegram message to reply to). It may be empty.
	Hint string
	// Payload is the JSON-encoded bot.Response to render.
	Payload  []byte
	Created  time.Time
	Status   string
	Attempts int
	// Progress is how many of the platform messages this one renders to
	// (a long briefing is split) the platform already accepted; a retry,
	// after a failure or a crash, resumes after them.
	Progress    int
	NextAttempt time.Time
	LastError   string
	SentAt      time.Time
}

// ChannelTopic is a topic a channel defined from chat (/watch): a query in
// the topic language, watched only by that channel.
type ChannelTopic struct {
	Channel brief.ChannelRef
	// ID is the topic ID as the channel typed it, unique within the
	// channel; other channels and the config may use the same ID.
	ID      string
	Query   string
	Created time.Time
}

// PruneCounts reports what Prune removed.
type PruneCounts struct {
	Articles int64
	Messages int64
}

// Store is the single persistence contract. Every time it stores is UTC. A
// channel is the whole ChannelRef, Thread included.
// Methods return the brief sentinel errors their comments name, wrapped;
// anything else is an operational failure (the database is unreachable).
type Store interface {
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

	// HasArticle reports whether an article with that ID is stored.
	HasArticle(ctx context.Context, id string) (bool, error)
	// SaveArticle stores a new article with its matches (each with its
	// summary) and the feed it came from, in one transaction. In the same
	// transaction it queues an alert for every channel subscribed to a
	// matched topic in alerts or both mode, not disabled and not muted at
	// opt.Now, unless a.DuplicateOf is set (the story was already alerted),
	// the article's story already had an article on that topic (a story
	// alerts once per topic), or opt.NoAlerts is set (a new feed's
	// backlog). When the ID is already
	// stored it records only the additional source and returns
	// brief.ErrDuplicate.
	SaveArticle(ctx context.Context, a brief.Article, matches []brief.Match, opt SaveOptions) error
	// Article returns one article, or brief.ErrNotFound.
	Article(ctx context.Context, id string) (brief.Article, error)
	// RecentArticles returns the articles fetched at or after since, oldest
	// first, for rebuilding the near-duplicate index at start-up.
	RecentArticles(ctx context.Context, since time.Time) ([]brief.Article, error)
	// Stories returns one page of the stories about a topic, newest first
	// (by Published, then ID), and the number of stories in the whole
	// window. A story is in the window of its first stored article that
	// matched the topic, and that article stands for it (it is the one
	// alerted); the other articles of the story (near duplicates and other
	// outlets' reports) stored after it appear in its AlsoIn, next to the
	// other feeds that carried it. The window is read through an index of
	// the topic's stories.
	Stories(ctx context.Context, q StoryQuery) (stories []brief.Story, total int, err error)
	// StoriesByID returns the stories about a topic for the given article
	// IDs, in the order given, skipping IDs that are not stored or did not
	// match the topic. AlsoIn is filled as in Stories. Alert batches use it.
	StoriesByID(ctx context.Context, topicID string, articleIDs []string) ([]brief.Story, error)
	// Story returns one story's record, or brief.ErrNotFound.
	Story(ctx context.Context, id string) (StoryRecord, error)
	// SaveClusterState replaces the clusterer's saved state (its open
	// stories and vocabulary, opaque to the store) and the time it was
	// taken, so a restart reloads it instead of re-reading articles.
	SaveClusterState(ctx context.Context, saved time.Time, state []byte) error
	// ClusterState returns the saved state and its time, or
	// brief.ErrNotFound when none was saved.
	ClusterState(ctx context.Context) (saved time.Time, state []byte, err error)

	// Subscribe stores a subscription. When the channel already follows
	// the topic in the same mode it returns brief.ErrAlreadySubscribed;
	// in another mode it changes the mode. Subscribing again re-enables a
	// disabled subscription.
	Subscribe(ctx context.Context, s brief.Subscription) error
	// Unsubscribe removes a subscription, drops its queued alerts and
	// cancels its alert messages not held by a delivery worker (claimed by
	// ClaimDue and not yet released by MarkRetry, MarkSent or MarkFailed);
	// brief.ErrNotFound when the channel does not follow the topic.
	Unsubscribe(ctx context.Context, ch brief.ChannelRef, topicID string) error
	// Subscriptions returns a channel's subscriptions ordered by topic ID.
	Subscriptions(ctx context.Context, ch brief.ChannelRef) ([]brief.Subscription, error)
	// AllSubscriptions returns every subscription, ordered by channel then topic.
	AllSubscriptions(ctx context.Context) ([]brief.Subscription, error)
	// DisableChannel marks every subscription of the channel disabled with
	// the reason, cancels its pending messages, and drops its queued alerts.
	DisableChannel(ctx context.Context, ch brief.ChannelRef, reason string, now time.Time) error
	// Mute suppresses new alerts on a subscription until the given time;
	// brief.ErrNotFound when the channel does not follow the topic.
	Mute(ctx context.Context, ch brief.ChannelRef, topicID string, until time.Time) error

	// DigestSchedule returns a channel's digest schedule, or
	// brief.ErrNotFound when it never set one.
	DigestSchedule(ctx context.Context, ch brief.ChannelRef) (brief.DigestSchedule, error)
	// SetDigestSchedule stores a channel's time, zone and off switch. It
	// keeps the stored LastUntil; the argument's LastUntil is ignored.
	SetDigestSchedule(ctx context.Context, s brief.DigestSchedule) error
	// DigestSchedules returns the stored schedules, ordered by channel.
	DigestSchedules(ctx context.Context) ([]brief.DigestSchedule, error)

	// ChatSettings returns a channel's display settings, or
	// brief.ErrNotFound when it never set any.
	ChatSettings(ctx context.Context, ch brief.ChannelRef) (brief.ChatSettings, error)
	// SetChatSettings stores a channel's display settings, replacing any.
	// A format other than short or full is an error.
	SetChatSettings(ctx context.Context, s brief.ChatSettings) error

	// DueAlertBatches returns, per channel and topic, the queued alerts
	// not yet in a message, for groups whose oldest item was queued at or
	// before olderThan. Ordered by First.
	DueAlertBatches(ctx context.Context, olderThan time.Time) ([]AlertBatch, error)
	// EnqueueAlert writes msg to the outbox and marks the batch's articles
	// as carried by it, in one transaction. When any of them is already
	// carried by another message, or msg.Key exists, it writes nothing and
	// returns brief.ErrDuplicate; when one is no longer queued for that
	// channel and topic (an unsubscribe came first), it writes nothing and
	// returns brief.ErrNotFound.
	EnqueueAlert(ctx context.Context, b AlertBatch, msg Message) error
	// EnqueueDigest writes msg to the outbox and moves the channel's digest
	// LastUntil to lastUntil, in one transaction, creating the schedule row
	// with time and zone from sched when it does not exist. When msg.Key
	// exists it writes nothing and returns false.
	EnqueueDigest(ctx context.Context, msg Message, sched brief.DigestSchedule, lastUntil time.Time) (bool, error)
	// Enqueue writes msg to the outbox; false when msg.Key already exists.
	Enqueue(ctx context.Context, msg Message) (bool, error)
	// ClaimDue leases up to limit pending messages whose NextAttempt is at
	// or before now: per channel only the oldest pending message, and only
	// when no message of that channel holds a live lease, so each channel
	// receives its messages in order, one at a time. The lease lasts until
	// now+lease; an unfinished message becomes claimable again after it.
	ClaimDue(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]Message, error)
	// MarkSent records that the platform accepted the message;
	// brief.ErrNotFound when no message has that ID.
	MarkSent(ctx context.Context, id int64, now time.Time) error
	// MarkProgress records that the platform accepted the first parts
	// platform messages of a pending message, so a retry does not send
	// them again. A message that is no longer pending keeps its progress;
	// brief.ErrNotFound when no message has that ID.
	MarkProgress(ctx context.Context, id int64, parts int) error
	// MarkRetry releases the lease and schedules another attempt at next.
	// A message that is no longer pending keeps its status.
	MarkRetry(ctx context.Context, id int64, next time.Time, lastErr string) error
	// MarkFailed records a permanent refusal; the message is not retried.
	// A message that is no longer pending keeps its status.
	MarkFailed(ctx context.Context, id int64, reason string, now time.Time) error
	// Messages returns outbox messages with the given status (all when
	// empty), oldest first.
	Messages(ctx context.Context, status string) ([]Message, error)
	// OutboxStats counts the pending messages and returns when the oldest
	// of those due at now (next attempt not after now) was queued, zero
	// when none is due. It reads no payloads: metrics and readiness call
	// it often.
	OutboxStats(ctx context.Context, now time.Time) (pending int, oldestDue time.Time, err error)

	// TakeInbound records a chat request before its adapter acknowledges
	// it, leased to the caller until leaseUntil, and reports whether it is
	// new: false means the platform and key were recorded before (a replay
	// or a redelivery) and nothing is written. Records received before
	// forgetBefore, served or not, are deleted first.
	TakeInbound(ctx context.Context, in Inbound, leaseUntil, forgetBefore time.Time) (bool, error)
	// FinishInbound records that a taken request was served (its answer is
	// queued) and releases its lease; the key stays recorded, so a replay
	// is still recognised. brief.ErrNotFound when it is not recorded.
	FinishInbound(ctx context.Context, platform, key string, now time.Time) error
	// ClaimInbound leases to the caller, until now+lease, up to limit
	// requests of the platform that were taken but not finished and whose
	// lease ended at or before now (their taker crashed or gave up),
	// oldest first.
	ClaimInbound(ctx context.Context, platform string, now time.Time, lease time.Duration, limit int) ([]Inbound, error)

	// SaveChannelTopic stores a channel's topic and reports true, or, when
	// the channel has a topic with that ID, replaces its query (keeping
	// Created) and reports false.
	SaveChannelTopic(ctx context.Context, t ChannelTopic) (created bool, err error)
	// DeleteChannelTopic removes a channel's topic; brief.ErrNotFound when
	// the channel has none with that ID.
	DeleteChannelTopic(ctx context.Context, ch brief.ChannelRef, id string) error
	// ChannelTopics returns a channel's topics ordered by ID.
	ChannelTopics(ctx context.Context, ch brief.ChannelRef) ([]ChannelTopic, error)
	// AllChannelTopics returns every channel's topics, ordered by channel
	// (platform, id, thread) then ID.
	AllChannelTopics(ctx context.Context) ([]ChannelTopic, error)

	// Prune deletes articles fetched before the cutoff (with their
	// matches, sources and queued alerts) and finished (sent, failed,
	// cancelled) messages created before it.
	Prune(ctx context.Context, before time.Time) (PruneCounts, error)

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

	// Close waits for in-flight writes and closes the database.
	Close() error
}
