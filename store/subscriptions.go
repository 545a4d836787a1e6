package store

import (
	"context"
	"time"

	"briefbot/brief"
)

// Subscribers is which channels follow which topics, in which mode, and
// whether they are muted or disabled. The bot's commands change it; the
// digest scheduler reads it; delivery disables a channel the platform
// refuses.
type Subscribers interface {
	// Subscribe stores a subscription. When the channel already follows
	// the topic in the same mode it returns brief.ErrAlreadySubscribed;
	// in another mode it changes the mode. Subscribing again re-enables a
	// disabled subscription. Changing the mode or re-enabling keeps the
	// stored Created and MutedUntil; a new subscription is never stored
	// disabled. A mode other than alerts, digest or both is refused.
	Subscribe(ctx context.Context, s brief.Subscription) error
	// Unsubscribe removes a subscription, drops its queued alerts that no
	// message carries yet (rows a message carries stay with it), and
	// cancels its pending alert messages not held by a delivery worker;
	// brief.ErrNotFound when the channel does not follow the topic.
	// Unsubscribe has no clock, so a message is held from ClaimDue until
	// MarkRetry, MarkSent or MarkFailed releases it, even after its lease
	// ran out; a held message is left alone (it may still be delivered).
	Unsubscribe(ctx context.Context, ch brief.ChannelRef, topicID string) error
	// Subscriptions returns a channel's subscriptions ordered by topic ID.
	Subscriptions(ctx context.Context, ch brief.ChannelRef) ([]brief.Subscription, error)
	// AllSubscriptions returns every subscription, ordered by channel then topic.
	AllSubscriptions(ctx context.Context) ([]brief.Subscription, error)
	// DisableChannel marks every subscription of the channel disabled with
	// the reason, cancels every pending message of the channel, held ones
	// included (the platform refuses the channel), and drops its queued
	// alerts. Called again, it keeps the first reason and time. An empty
	// reason is stored as "disabled", so the subscriptions still read as
	// disabled.
	DisableChannel(ctx context.Context, ch brief.ChannelRef, reason string, now time.Time) error
	// Mute suppresses new alerts on a subscription until the given time;
	// a zero or past time unmutes. Alerts queued before the mute stay
	// queued. brief.ErrNotFound when the channel does not follow the topic.
	Mute(ctx context.Context, ch brief.ChannelRef, topicID string, until time.Time) error
}

// ChannelSettings is each channel's own choices: when its digest comes
// (time, zone, off switch, and how far the last one reached) and how its
// messages are shown.
type ChannelSettings interface {
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
}
