package bot

import (
	"fmt"
	"time"

	"briefbot/store"
)

// Observer is told what happens to outgoing messages, for metrics;
// *metrics.Metrics satisfies it. Its methods must be cheap and must not
// block. kind is the outbox kind (alert, digest, answer, notice).
type Observer interface {
	// Queued reports a message written to the outbox.
	Queued(platform, kind string)
	// Sent reports a message the platform accepted, waited since it was queued.
	Sent(platform, kind string, waited time.Duration)
	// Retried reports a failed attempt that will be retried.
	Retried(platform, kind string)
	// Failed reports a message given up for good.
	Failed(platform, kind string)
}

type noObserver struct{}

func (noObserver) Queued(string, string)              {}
func (noObserver) Sent(string, string, time.Duration) {}
func (noObserver) Retried(string, string)             {}
func (noObserver) Failed(string, string)              {}

// queued tells the observer about a message just written to the outbox
// and wakes the workers.
func (d *Dispatcher) queued(m store.Message) {
	d.opt.Observer.Queued(m.Channel.Platform, m.Kind)
	d.poke()
}

// Connector is a Sender that can say whether it is connected to its
// platform; the Slack and Telegram adapters are.
type Connector interface {
	Connected() error
}

// Connected reports whether platform's Sender is registered and, when it
// can tell, connected. The error says which is missing.
func (d *Dispatcher) Connected(platform string) error {
	s := d.sender(platform)
	if s == nil {
		return fmt.Errorf("%s is not running", platform)
	}
	if c, ok := s.(Connector); ok {
		return c.Connected()
	}
	return nil
}
