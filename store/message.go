package store

import (
	"errors"
	"fmt"

	"briefbot/brief"
)

// The checks and message assembly below are the contract's, not SQL: both
// backends call them before they write, so they refuse the same input
// with the same words.

// CheckChannel refuses a channel without a platform or an ID; a thread is
// optional.
func CheckChannel(ch brief.ChannelRef) error {
	if ch.Platform == "" || ch.ID == "" {
		return fmt.Errorf("channel %q: want platform and id", ch.String())
	}
	return nil
}

// CheckMessage refuses a message the outbox cannot deliver or deduplicate:
// one without a key, a channel or a kind.
func CheckMessage(msg Message) error {
	if msg.Key == "" {
		return errors.New("empty key")
	}
	if err := CheckChannel(msg.Channel); err != nil {
		return err
	}
	if msg.Kind == "" {
		return errors.New("empty kind")
	}
	return nil
}

// RouteMessage returns msg addressed to channel ch about topicID, of the
// given kind: an empty Channel, TopicID or Kind of msg is taken from them,
// and a message already addressed to another channel or topic is refused,
// so a batch never goes out under another channel's key.
func RouteMessage(msg Message, ch brief.ChannelRef, topicID, kind string) (Message, error) {
	if msg.Channel == (brief.ChannelRef{}) {
		msg.Channel = ch
	}
	if msg.TopicID == "" {
		msg.TopicID = topicID
	}
	if msg.Kind == "" {
		msg.Kind = kind
	}
	if msg.Channel != ch || msg.TopicID != topicID {
		return msg, fmt.Errorf("message for %s on %s, batch for %s on %s",
			msg.Channel, msg.TopicID, ch, topicID)
	}
	return msg, nil
}

// AlertMessage returns msg ready to carry alert batch b (see
// Outbox.EnqueueAlert): routed to the batch's channel and topic, of kind
// KindAlert unless msg names one. An empty batch is refused.
func AlertMessage(b AlertBatch, msg Message) (Message, error) {
	if len(b.ArticleIDs) == 0 {
		return msg, errors.New("empty batch")
	}
	return RouteMessage(msg, b.Channel, b.TopicID, KindAlert)
}

// UpdateMessage returns msg ready to carry story update batch b (see
// Updates.EnqueueUpdate): routed to the batch's channel and topic, of kind
// KindUpdate unless msg names one. An empty batch, or one numbered below
// 1, is refused.
func UpdateMessage(b UpdateBatch, msg Message) (Message, error) {
	if len(b.Added)+len(b.Covered) == 0 {
		return msg, errors.New("empty batch")
	}
	if b.Seq < 1 {
		return msg, fmt.Errorf("update number %d: want 1 or more", b.Seq)
	}
	return RouteMessage(msg, b.Channel, b.TopicID, KindUpdate)
}

// DigestScheduleFor returns sched as the schedule of digest message msg
// (see Outbox.EnqueueDigest): an empty channel is msg's, another channel is
// refused.
func DigestScheduleFor(msg Message, sched brief.DigestSchedule) (brief.DigestSchedule, error) {
	if sched.Channel == (brief.ChannelRef{}) {
		sched.Channel = msg.Channel
	}
	if sched.Channel != msg.Channel {
		return sched, fmt.Errorf("message for %s, schedule of %s", msg.Channel, sched.Channel)
	}
	return sched, nil
}
