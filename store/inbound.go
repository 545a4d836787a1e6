package store

import "time"

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
