package store

import (
	"context"
	"time"

	"briefbot/brief"
)

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

// Outbox is the durable queue of outgoing chat messages and the alert
// queue that feeds it: SaveArticle queues alerts, the alerter reads them in
// batches and enqueues each batch as one message, and the dispatcher
// claims due messages, delivers them and records the outcome.
//
// Every enqueue (Enqueue, EnqueueAlert, EnqueueDigest) stores a new
// pending, untried message: ID, Status, Attempts, LastError and SentAt of
// the argument are ignored, an empty key is refused, and a zero
// NextAttempt means due at once. "Oldest" is the first enqueued (lowest
// ID).
type Outbox interface {
	// DueAlertBatches returns, per channel and topic, the queued alerts
	// not yet in a message, for groups whose oldest item was queued at or
	// before olderThan. Ordered by First.
	DueAlertBatches(ctx context.Context, olderThan time.Time) ([]AlertBatch, error)
	// EnqueueAlert writes msg to the outbox and marks the batch's articles
	// as carried by it, in one transaction. When any of them is already
	// carried by another message, or msg.Key exists, it writes nothing and
	// returns brief.ErrDuplicate (a key that exists is checked first);
	// when one is no longer queued for that channel and topic
	// (unsubscribed, disabled or pruned since DueAlertBatches), it writes
	// nothing and returns brief.ErrNotFound, so no alert goes out for a
	// subscription that is gone. An empty Channel, TopicID or Kind of msg
	// is taken from the batch; a message for another channel or topic, and
	// an empty batch, are refused.
	EnqueueAlert(ctx context.Context, b AlertBatch, msg Message) error
	// EnqueueDigest writes msg to the outbox and moves the channel's digest
	// LastUntil to lastUntil, in one transaction, creating the schedule row
	// with time and zone from sched when it does not exist. It works on
	// msg.Channel; sched.Channel must be empty or the same. LastUntil is
	// set to the value given. When msg.Key exists it writes nothing and
	// returns false.
	EnqueueDigest(ctx context.Context, msg Message, sched brief.DigestSchedule, lastUntil time.Time) (bool, error)
	// Enqueue writes msg to the outbox; false when msg.Key already exists.
	Enqueue(ctx context.Context, msg Message) (bool, error)
	// ClaimDue leases up to limit pending messages whose NextAttempt is at
	// or before now: per channel only the oldest pending message, and only
	// when no message of that channel holds a live lease, so each channel
	// receives its messages in order, one at a time; a channel whose
	// oldest pending message waits for a retry gets nothing. The lease
	// lasts until now+lease; an unfinished message becomes claimable again
	// after it. Each claim counts as an attempt. A limit of zero or less
	// claims nothing; the lease must be positive. Claimed messages come
	// back ordered by ID.
	ClaimDue(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]Message, error)
	// MarkSent records that the platform accepted the message and
	// releases its lease. It records sent whatever the status (the
	// platform took it) and keeps the first SentAt; brief.ErrNotFound when
	// no message has that ID.
	MarkSent(ctx context.Context, id int64, now time.Time) error
	// MarkProgress records that the platform accepted the first parts
	// platform messages of a pending message, so a retry does not send
	// them again. A message that is no longer pending keeps its progress;
	// brief.ErrNotFound when no message has that ID.
	MarkProgress(ctx context.Context, id int64, parts int) error
	// MarkRetry releases the lease and schedules another attempt at next.
	// A message that is no longer pending keeps its status;
	// brief.ErrNotFound when no message has that ID.
	MarkRetry(ctx context.Context, id int64, next time.Time, lastErr string) error
	// MarkFailed records a permanent refusal and releases the lease; the
	// message is not retried. A message that is no longer pending (sent,
	// cancelled) keeps its status; brief.ErrNotFound when no message has
	// that ID.
	MarkFailed(ctx context.Context, id int64, reason string, now time.Time) error
	// Messages returns outbox messages with the given status (all when
	// empty), oldest first.
	Messages(ctx context.Context, status string) ([]Message, error)
	// OutboxStats counts the pending messages and returns when the oldest
	// of those due at now (next attempt not after now) was queued, zero
	// when none is due. It reads no payloads: metrics and readiness call
	// it often.
	OutboxStats(ctx context.Context, now time.Time) (pending int, oldestDue time.Time, err error)
}
