package store

import (
	"context"
	"time"

	"briefbot/brief"
)

// KindUpdate is the outbox kind of a story update: later articles on a
// story a channel was already alerted to, sent as a reply to that alert.
const KindUpdate = "update"

// ParentAlert is the alert message an update replies to.
type ParentAlert struct {
	// MessageID is the alert's outbox message.
	MessageID int64
	// Status is its outbox status; an update is only due once it is not
	// pending.
	Status string
	// Ref is the platform's reference of the alert's first platform
	// message (a Slack ts, a Telegram message_id), empty when none was
	// recorded (the alert failed, or its platform gives none).
	Ref string
	// Created is when the alert was queued.
	Created time.Time
}

// UpdateBatch is the queued update articles of one story for one channel
// and topic: articles that joined the story on the topic after the
// channel was alerted to it, not yet in an update message.
type UpdateBatch struct {
	Channel brief.ChannelRef
	TopicID string
	StoryID string
	// Seq is the number the next update of this story for this channel
	// and topic gets, from 1; it is part of the update's idempotency key.
	Seq int
	// Added are the queued articles stored after the parent alert was
	// queued, in queue order: what the update may tell.
	Added []string
	// Covered are queued articles stored before the parent alert was
	// queued: the alert already showed their outlets, so the update counts
	// them as told.
	Covered []string
	// First is when the oldest of them was queued.
	First  time.Time
	Parent ParentAlert
}

// ArticleIDs returns every queued article of the batch, Covered first.
func (b UpdateBatch) ArticleIDs() []string {
	return append(append([]string(nil), b.Covered...), b.Added...)
}

// Updates is the storage of story updates. SaveArticle queues an update
// article, in the transaction that stores it, for every channel the
// article's story was alerted to on a topic the article matched (the
// channel still subscribed in alerts or both mode, not disabled, not
// muted), unless the article is the story's first on that topic or
// SaveOptions.NoAlerts is set. Unsubscribing and disabling a channel drop
// its queued update articles and cancel its pending update messages as
// they do alerts; pruning an article drops its queue rows.
type Updates interface {
	// DueUpdateBatches returns, per channel, topic and story, the queued
	// update articles not yet in a message, when the story's parent alert
	// is no longer pending (sent, failed or cancelled) and the later of
	// the parent's Created and the last update's queueing is at or before
	// due. Ordered by First, then channel, topic and story.
	DueUpdateBatches(ctx context.Context, due time.Time) ([]UpdateBatch, error)
	// EnqueueUpdate writes msg to the outbox, marks every article of the
	// batch as carried by it and records b.Seq as the story's last update
	// for the channel and topic, queued at msg.Created, in one
	// transaction. When msg.Key exists, an article is already carried, or
	// the story's last update is not b.Seq-1, it writes nothing and
	// returns brief.ErrDuplicate; when an article is no longer queued (an
	// unsubscribe came first), it writes nothing and returns
	// brief.ErrNotFound.
	EnqueueUpdate(ctx context.Context, b UpdateBatch, msg Message) error
	// DropUpdate removes the batch's queued articles that are not carried
	// by a message, without sending anything: they added nothing worth an
	// update.
	DropUpdate(ctx context.Context, b UpdateBatch) error
	// SetMessageRef records the platform's reference of a message's first
	// platform message, unless one is recorded already (a resumed send
	// keeps the first); brief.ErrNotFound when no message has that ID.
	SetMessageRef(ctx context.Context, id int64, ref string) error
	// MessageRef returns the recorded reference of a message, "" when none
	// is; brief.ErrNotFound when no message has that ID.
	MessageRef(ctx context.Context, id int64) (string, error)
}

// StoryUpdate is what an update tells: the outlets that joined a story
// and the sentences its added articles say that the channel was not told.
// It travels in the outbox as JSON inside a Response.
type StoryUpdate struct {
	Topic   brief.Topic `json:"topic"`
	StoryID string      `json:"story_id"`
	// Title and Link are the story's headline as the channel first saw
	// it, so a plain message (no thread to reply in) says what it updates.
	Title string `json:"title"`
	Link  string `json:"link,omitempty"`
	// NewOutlets are the outlets (feeds) that carried none of the told
	// articles, in the order they joined.
	NewOutlets []brief.Source `json:"new_outlets,omitempty"`
	// Sentences are what the added articles say that was not told, each
	// citing one of Articles.
	Sentences []UpdateSentence `json:"sentences,omitempty"`
	// Articles are the added articles, in the order they were stored.
	Articles []UpdateArticle `json:"articles"`
	// Outlets is how many outlets carry the story now.
	Outlets int `json:"outlets"`
	// Latest is the newest added article's Published time.
	Latest time.Time `json:"latest"`
	// ReplyTo is the platform's reference of the alert this update
	// answers (a Slack ts, a Telegram message_id); empty sends it as a
	// message of its own.
	ReplyTo string `json:"reply_to,omitempty"`
}

// UpdateSentence is one new sentence and the article it came from.
type UpdateSentence struct {
	Text string `json:"text"`
	// Cite is the index in StoryUpdate.Articles of the article it is from.
	Cite int `json:"cite"`
}

// UpdateArticle is one added article as an update links it.
type UpdateArticle struct {
	ID        string    `json:"id"`
	Title     string    `json:"title"`
	Source    string    `json:"source"`
	Link      string    `json:"link,omitempty"`
	Published time.Time `json:"published"`
}
