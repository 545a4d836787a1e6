package store

import (
	"context"
	"time"
)

// Inbound is one chat request as its platform delivered it. An adapter
// records it before acknowledging it, so an acknowledged request survives
// a crash, under the platform's own identity for it, so a replay or a
// redelivery is served once.
type Inbound struct {
	// Platform is the chat platform ("slack", "telegram").
	Platform string
	// Key is the platform's identity of the request, unique on its
	// platform and the same when it is redelivered: a Slack trigger or
	// event ID, a Telegram update ID.
	Key string
	// Payload is the request, encoded by its adapter.
	Payload []byte
	// Received is when it was taken.
	Received time.Time
}

// Inbox records chat requests before their adapter acknowledges them, so
// an acknowledged request survives a crash and a redelivered one is served
// once.
type Inbox interface {
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
}
