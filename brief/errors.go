package brief

import (
	"errors"
	"fmt"
	"time"
)

// Sentinel errors that callers branch on with errors.Is. Store backends
// translate driver errors into these; nobody matches on error text.
var (
	// ErrNotFound: the thing asked for does not exist.
	ErrNotFound = errors.New("not found")
	// ErrUnknownTopic: no topic has that ID.
	ErrUnknownTopic = errors.New("unknown topic")
	// ErrAlreadySubscribed: the channel already follows the topic in that mode.
	ErrAlreadySubscribed = errors.New("already subscribed")
	// ErrDuplicate: the thing being stored is already stored.
	ErrDuplicate = errors.New("duplicate")
	// ErrUndeliverable: the platform refused a message in a way retrying
	// will not fix (channel archived, bot removed from the chat, 403).
	ErrUndeliverable = errors.New("undeliverable")
	// ErrRejected: the platform refused one message for good (malformed,
	// too long) while the channel itself is fine. The message is not
	// retried; the channel's other messages go on.
	ErrRejected = errors.New("message rejected")
)

// RetryAfterError says the platform or publisher asked us to wait before
// trying again (HTTP 429 or 503 with Retry-After, Telegram's retry_after).
type RetryAfterError struct {
	Wait time.Duration
	Err  error
}

func (e *RetryAfterError) Error() string {
	return fmt.Sprintf("%v (retry after %s)", e.Err, e.Wait)
}

func (e *RetryAfterError) Unwrap() error { return e.Err }
