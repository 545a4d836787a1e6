package brief

import (
	"fmt"
	"strings"
	"time"
)

// Platform names. Adapters register under these; they also appear in the
// store and in outbox keys, so they never change.
const (
	PlatformConsole  = "console"
	PlatformSlack    = "slack"
	PlatformTelegram = "telegram"
)

// ChannelRef addresses one place messages are delivered: a Slack channel or
// DM, a Telegram chat, the console. Thread narrows it to a Slack thread (its
// ts) or a Telegram forum topic (message_thread_id).
type ChannelRef struct {
	Platform string `json:"platform"`
	ID       string `json:"id"`
	Thread   string `json:"thread,omitempty"`
}

// String formats the reference as "platform:id" or "platform:id/thread",
// the form used in logs and outbox keys.
func (c ChannelRef) String() string {
	if c.Thread != "" {
		return c.Platform + ":" + c.ID + "/" + c.Thread
	}
	return c.Platform + ":" + c.ID
}

// ParseChannelRef reads the String form back.
func ParseChannelRef(s string) (ChannelRef, error) {
	platform, rest, ok := strings.Cut(s, ":")
	if !ok || platform == "" || rest == "" {
		return ChannelRef{}, fmt.Errorf("channel %q: want platform:id or platform:id/thread", s)
	}
	id, thread, _ := strings.Cut(rest, "/")
	if id == "" {
		return ChannelRef{}, fmt.Errorf("channel %q: empty id", s)
	}
	return ChannelRef{Platform: platform, ID: id, Thread: thread}, nil
}

// Mode is how a subscription delivers.
type Mode string

// Subscription modes.
const (
	ModeAlerts Mode = "alerts" // instant alerts only
	ModeDigest Mode = "digest" // the scheduled digest only
	ModeBoth   Mode = "both"   // both
)

// ParseMode reads a mode as a user types it.
func ParseMode(s string) (Mode, error) {
	switch m := Mode(strings.ToLower(strings.TrimSpace(s))); m {
	case ModeAlerts, ModeDigest, ModeBoth:
		return m, nil
	case "alert":
		return ModeAlerts, nil
	case "digests":
		return ModeDigest, nil
	}
	return "", fmt.Errorf("mode %q: want alerts, digest or both", s)
}

// Alerts reports whether the mode includes instant alerts.
func (m Mode) Alerts() bool { return m == ModeAlerts || m == ModeBoth }

// Digest reports whether the mode includes the scheduled digest.
func (m Mode) Digest() bool { return m == ModeDigest || m == ModeBoth }

// Subscription is one channel following one topic.
type Subscription struct {
	Channel ChannelRef `json:"channel"`
	TopicID string     `json:"topic_id"`
	Mode    Mode       `json:"mode"`
	Created time.Time  `json:"created"`
	// Disabled, when not empty, says why delivery to this channel stopped
	// (the platform refused it in a way that will not heal).
	Disabled   string    `json:"disabled,omitempty"`
	DisabledAt time.Time `json:"disabled_at,omitzero"`
	// MutedUntil suppresses alerts until that time; zero when not muted.
	MutedUntil time.Time `json:"muted_until,omitzero"`
}

// DigestSchedule is when a channel wants its digest.
type DigestSchedule struct {
	Channel ChannelRef `json:"channel"`
	// Time is the local time of day, "HH:MM".
	Time string `json:"time"`
	// Zone is an IANA time zone name ("Europe/Vienna").
	Zone string `json:"zone"`
	// Off means the channel asked for no scheduled digest.
	Off bool `json:"off,omitempty"`
	// LastUntil is the end of the window the previous digest covered; the
	// next digest starts there. Zero before the first digest.
	LastUntil time.Time `json:"last_until,omitzero"`
}
