package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"time"

	"briefbot/brief"
	"briefbot/store"
)

// Delivery is one response to deliver, and how far an earlier attempt got.
type Delivery struct {
	Channel brief.ChannelRef
	// Hint is the adapter data stored with the message (may be empty).
	Hint     string
	Response Response
	// Done is how many of the platform messages the response renders to
	// were already accepted by an earlier attempt, before a failure or a
	// crash; the adapter resumes after them.
	Done int
	// Accepted, when set, is called after each platform message is
	// accepted with the number accepted so far; the dispatcher records it
	// durably, so a crash repeats at most the one part in flight.
	Accepted func(done int)
	// ReplyTo, when set, is the platform's reference of the message this
	// one answers (a story update answering its alert): a Slack ts to
	// thread under, a Telegram message_id to reply to.
	ReplyTo string
	// Posted, when set, is called with the platform's reference of the
	// first platform message (a Slack ts, a Telegram message_id) once the
	// platform accepted it, before Accepted; the dispatcher records it
	// durably so a later update can reply to it, even after a restart.
	Posted func(ref string)
}

// unsentLimit is how long a message waits for its platform to be started
// before it is given up.
const unsentLimit = 24 * time.Hour

// Sender delivers rendered responses on one platform. Adapters implement it.
type Sender interface {
	// Send delivers d.Response to d.Channel, split into as many platform
	// messages as its limits need, starting after the d.Done already
	// accepted, and returns once the platform accepted all of them. A
	// refusal that retrying cannot fix (channel archived, bot removed,
	// 403) wraps brief.ErrUndeliverable; a refusal of this one message
	// only (malformed, too long) wraps brief.ErrRejected; a request to
	// wait is a *brief.RetryAfterError; anything else is retried with
	// backoff.
	Send(ctx context.Context, d Delivery) error
}

// Pacer is a Sender that spaces the messages it posts to each channel
// (Slack allows about one a second per channel). Ready tells when ch may
// next receive one. The dispatcher holds a claimed message until its
// channel is ready without taking a worker, so one channel's pace never
// holds up deliveries to the others.
type Pacer interface {
	Ready(ch brief.ChannelRef) time.Time
}

// maxPaced bounds the claimed messages held waiting for their channel's
// pace or for a free worker, beside the Workers sending: one claim takes
// the heads of up to that many channels, instead of one claim per worker
// freed.
const maxPaced = 1024

// claimGap is how long the next claim waits after one that found fewer
// messages than it could take: the messages that come due one by one as
// sends finish (each channel's next) are then claimed together, not one
// claim each. Such a message waits for its channel's pace, about a
// second, anyway.
const claimGap = 50 * time.Millisecond

// Outbox is the durable queue the Dispatcher writes to and delivers from;
// store backends satisfy it.
type Outbox interface {
	Enqueue(ctx context.Context, msg store.Message) (bool, error)
	EnqueueAlert(ctx context.Context, b store.AlertBatch, msg store.Message) error
	EnqueueDigest(ctx context.Context, msg store.Message, sched brief.DigestSchedule, lastUntil time.Time) (bool, error)
	ClaimDue(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]store.Message, error)
	MarkSent(ctx context.Context, id int64, now time.Time) error
	MarkProgress(ctx context.Context, id int64, parts int) error
	MarkRetry(ctx context.Context, id int64, next time.Time, lastErr string) error
	MarkFailed(ctx context.Context, id int64, reason string, now time.Time) error
	DisableChannel(ctx context.Context, ch brief.ChannelRef, reason string, now time.Time) error
}

// ZoneReader reads a channel's digest schedule, whose zone is the one the
// channel reads times in; store backends satisfy it.
type ZoneReader interface {
	DigestSchedule(ctx context.Context, ch brief.ChannelRef) (brief.DigestSchedule, error)
}

// SettingsReader reads a channel's display settings; store backends
// satisfy it.
type SettingsReader interface {
	ChatSettings(ctx context.Context, ch brief.ChannelRef) (brief.ChatSettings, error)
}

// DispatcherOptions tunes delivery. Zero values take the defaults noted.
type DispatcherOptions struct {
	// Workers is the number of channels delivered to at once (default 4).
	Workers int
	// Lease is how long a claimed message is reserved for one worker
	// (default 2m); a send that has not finished by then is abandoned to
	// the next claim. Sends time out at half the lease.
	Lease time.Duration
	// Poll is how often the outbox is checked for retries that came due
	// (default 1s); new messages wake the workers at once.
	Poll time.Duration
	// MinBackoff and MaxBackoff bound the wait between attempts after a
	// failure without Retry-After (defaults 2s and 10m).
	MinBackoff, MaxBackoff time.Duration
	// Drain is how long shutdown waits for sends in flight (default 10s).
	Drain time.Duration
	// Zones tells the zone each channel reads times in, for alerts (the
	// zone it set with /digest). Nil means the outbox, when it can tell
	// (store backends can); else alerts show UTC.
	Zones ZoneReader
	// Settings tells the format each channel wants its digest in. Nil
	// means the outbox, when it can tell; else digests are full.
	Settings SettingsReader
	// SummaryChars is how much of a story's summary alerts and digests
	// show (summary.max_chars; default MaxSummaryChars).
	SummaryChars int
	// Observer is told about queued, sent, retried and failed messages
	// (metrics); nil tells nobody.
	Observer Observer
	Now      func() time.Time
	Logger   *slog.Logger
}

// Dispatcher owns outgoing messages: it writes each one to the outbox
// under its idempotency key, then delivers it through the platform's
// Sender, marking it sent only after the platform accepted it.
//
// A crash at any moment loses nothing: a message is in the outbox before
// anyone tries to send it, and an unmarked message is sent again after a
// restart. The one repeat that cannot be prevented is a message the
// platform accepted just before the crash, when the process died before
// recording it; because each channel has at most one message in flight,
// a crash repeats at most one message per channel.
type Dispatcher struct {
	outbox  Outbox
	opt     DispatcherOptions
	log     *slog.Logger
	mu      sync.RWMutex
	senders map[string]Sender
	wake    chan struct{}
}

// NewDispatcher builds a Dispatcher over an outbox.
func NewDispatcher(ob Outbox, opt DispatcherOptions) *Dispatcher {
	if opt.Workers <= 0 {
		opt.Workers = 4
	}
	if opt.Lease <= 0 {
		opt.Lease = 2 * time.Minute
	}
	if opt.Poll <= 0 {
		opt.Poll = time.Second
	}
	if opt.MinBackoff <= 0 {
		opt.MinBackoff = 2 * time.Second
	}
	if opt.MaxBackoff <= 0 {
		opt.MaxBackoff = 10 * time.Minute
	}
	if opt.Drain <= 0 {
		opt.Drain = 10 * time.Second
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.DiscardHandler)
	}
	if opt.Observer == nil {
		opt.Observer = noObserver{}
	}
	if zr, ok := ob.(ZoneReader); ok && opt.Zones == nil {
		opt.Zones = zr
	}
	if sr, ok := ob.(SettingsReader); ok && opt.Settings == nil {
		opt.Settings = sr
	}
	return &Dispatcher{outbox: ob, opt: opt, log: opt.Logger.With("component", "dispatch"),
		senders: map[string]Sender{}, wake: make(chan struct{}, 1)}
}

// Register routes a platform's messages to its Sender. Messages for a
// platform with no Sender wait in the outbox until one is registered.
func (d *Dispatcher) Register(platform string, s Sender) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.senders[platform] = s
	d.poke()
}

func (d *Dispatcher) sender(platform string) Sender {
	d.mu.RLock()
	defer d.mu.RUnlock()
	return d.senders[platform]
}

func (d *Dispatcher) poke() {
	select {
	case d.wake <- struct{}{}:
	default:
	}
}

func (d *Dispatcher) message(key, kind, topic string, ch brief.ChannelRef, hint string, r Response) (store.Message, error) {
	r.Platform = ch.Platform
	if r.SummaryChars == 0 {
		r.SummaryChars = d.opt.SummaryChars
	}
	payload, err := json.Marshal(r)
	if err != nil {
		return store.Message{}, fmt.Errorf("encode %s: %w", key, err)
	}
	now := d.opt.Now().UTC()
	return store.Message{Key: key, Channel: ch, Kind: kind, TopicID: topic, Hint: hint, Payload: payload,
		Created: now, Status: store.StatusPending, NextAttempt: now}, nil
}

// Answer queues the response to a request. Answering the same request
// twice (a redelivered platform event) queues it once.
func (d *Dispatcher) Answer(ctx context.Context, req Request, r Response) error {
	msg, err := d.message("answer:"+req.Channel.Platform+":"+req.ID, store.KindAnswer, "", req.Channel, req.Hint, r)
	if err != nil {
		return err
	}
	if _, err := d.outbox.Enqueue(ctx, msg); err != nil {
		return fmt.Errorf("queue answer to %s: %w", req.Channel, err)
	}
	d.queued(msg)
	return nil
}

// Alert queues one alert message carrying a batch of new stories for a
// channel. brief.ErrDuplicate means another worker already queued them.
func (d *Dispatcher) Alert(ctx context.Context, b store.AlertBatch, briefing brief.Briefing) error {
	key := fmt.Sprintf("alert:%s:%s:%s", b.Channel, b.TopicID, b.ArticleIDs[0])
	msg, err := d.message(key, store.KindAlert, b.TopicID, b.Channel, "", Response{Kind: KindAlert, Briefing: &briefing, Zone: d.zone(ctx, b.Channel)})
	if err != nil {
		return err
	}
	if err := d.outbox.EnqueueAlert(ctx, b, msg); err != nil {
		return fmt.Errorf("queue alert for %s: %w", b.Channel, err)
	}
	d.queued(msg)
	return nil
}

// zone is the zone a channel reads times in, "" (UTC) when it set none
// or it cannot be read: an alert in UTC beats no alert.
func (d *Dispatcher) zone(ctx context.Context, ch brief.ChannelRef) string {
	if d.opt.Zones == nil {
		return ""
	}
	s, err := d.opt.Zones.DigestSchedule(ctx, ch)
	if err != nil {
		if !errors.Is(err, brief.ErrNotFound) {
			d.log.Warn("read the channel's time zone; the alert shows UTC", "channel", ch.String(), "error", err)
		}
		return ""
	}
	return s.Zone
}

// format is the format a channel wants, "" (full) when it chose none or
// it cannot be read.
func (d *Dispatcher) format(ctx context.Context, ch brief.ChannelRef) brief.Format {
	if d.opt.Settings == nil {
		return ""
	}
	s, err := d.opt.Settings.ChatSettings(ctx, ch)
	if err != nil {
		if !errors.Is(err, brief.ErrNotFound) {
			d.log.Warn("read the channel's format; the digest is full", "channel", ch.String(), "error", err)
		}
		return ""
	}
	return s.Format
}

// Digest queues a scheduled digest under key and moves the channel's
// digest window to lastUntil in the same transaction. It returns false
// when a digest with that key was already queued.
func (d *Dispatcher) Digest(ctx context.Context, key string, sched brief.DigestSchedule, lastUntil time.Time, dg brief.Digest) (bool, error) {
	msg, err := d.message(key, store.KindDigest, "", sched.Channel, "", Response{Kind: KindDigest, Digest: &dg, Format: d.format(ctx, sched.Channel)})
	if err != nil {
		return false, err
	}
	ok, err := d.outbox.EnqueueDigest(ctx, msg, sched, lastUntil)
	if err != nil {
		return false, fmt.Errorf("queue digest for %s: %w", sched.Channel, err)
	}
	if ok {
		d.queued(msg)
	}
	d.poke()
	return ok, nil
}

// Notice queues an operator notice (a feed paused, say) under key.
func (d *Dispatcher) Notice(ctx context.Context, key string, ch brief.ChannelRef, text string) error {
	msg, err := d.message(key, store.KindNotice, "", ch, "", Response{Kind: KindNotice, Text: text})
	if err != nil {
		return err
	}
	if _, err := d.outbox.Enqueue(ctx, msg); err != nil {
		return fmt.Errorf("queue notice for %s: %w", ch, err)
	}
	d.queued(msg)
	return nil
}

// Run delivers due messages until ctx ends. Then it stops taking new
// work but goes on delivering what is already due — the answers to the
// last commands, alerts just queued — for up to the drain time, and waits
// for sends in flight. It returns nil after a clean shutdown. An outbox
// that cannot be read (the database is away) is logged and read again
// at the next tick, so a replica outlives a database outage.
func (d *Dispatcher) Run(ctx context.Context) error {
	var (
		wg sync.WaitGroup
		// inflight counts the messages claimed and not yet done with.
		inflight atomic.Int32
	)
	// Sends outlive ctx by up to the drain time, so that what the platform
	// accepted is also recorded.
	sendCtx, cancelSends := context.WithCancel(context.WithoutCancel(ctx))
	defer func() {
		cancelSends()
		wg.Wait()
	}()
	// ready holds claimed messages for the workers, oldest claim first;
	// no more than fit are ever claimed, so adding never blocks.
	ready := make(chan claimedMessage, d.opt.Workers+maxPaced)
	for range d.opt.Workers {
		wg.Go(func() {
			for {
				select {
				case <-sendCtx.Done():
					return // what is left is claimed again after its lease
				case c := <-ready:
					if time.Since(c.at) > d.opt.Lease/2 {
						// Held too long for a worker (sends are slow): hand
						// it back now rather than send it late in its lease.
						d.record(sendCtx, d.log, d.outbox.MarkRetry(sendCtx, c.m.ID, d.opt.Now().UTC(), "held for a worker past half its lease"))
					} else {
						d.deliver(sendCtx, c.m)
					}
					inflight.Add(-1)
					d.poke()
				}
			}
		})
	}
	ticker := time.NewTicker(d.opt.Poll)
	defer ticker.Stop()
	done := ctx.Done()
	var drainEnd <-chan time.Time // set at shutdown
	failures := 0
	// woken: something may have come due since the last claim.
	woken, nextClaim := true, time.Time{}
	for {
		room := d.opt.Workers + maxPaced - int(inflight.Load())
		if woken && room > 0 && !time.Now().Before(nextClaim) {
			woken = false
			// Read before claiming: a send that ends during the claim may
			// have held back its channel's next message, which is due now.
			busy := inflight.Load()
			msgs, err := d.outbox.ClaimDue(sendCtx, d.opt.Now().UTC(), d.opt.Lease, room)
			switch {
			case err != nil && drainEnd != nil:
				d.log.Warn("shutdown: cannot read the outbox to drain it", "error", err)
				return nil
			case err != nil:
				failures++
				// The database may be away (a failover, a restart): keep
				// the process, claim nothing, and resume when it answers.
				d.log.Error("read outbox", "error", err, "count", failures)
			default:
				failures = 0
			}
			if len(msgs) < room {
				nextClaim = time.Now().Add(claimGap)
			}
			for _, m := range msgs {
				inflight.Add(1)
				c := claimedMessage{m: m, at: time.Now()}
				wait := d.paceWait(m)
				if wait <= 0 {
					ready <- c
					continue
				}
				// Held, without a worker, until its channel is ready;
				// meanwhile the workers deliver to other channels.
				wg.Go(func() {
					t := time.NewTimer(wait)
					defer t.Stop()
					select {
					case <-t.C:
						ready <- c
					case <-sendCtx.Done(): // claimed again after its lease
					}
				})
			}
			if drainEnd != nil && len(msgs) == 0 && busy == 0 {
				return nil // drained: nothing due, nothing in flight
			}
		}
		var gap <-chan time.Time
		if woken && room > 0 {
			gap = time.After(time.Until(nextClaim))
		}
		select {
		case <-done:
			done, drainEnd, woken = nil, time.After(d.opt.Drain), true
		case <-drainEnd:
			d.log.Warn("shutdown: messages still due or in flight after the drain time; they are sent at next start")
			return nil
		case <-d.wake:
			woken = true
		case <-ticker.C:
			woken = true
		case <-gap:
		}
	}
}

// claimedMessage is a claimed message and when it was claimed.
type claimedMessage struct {
	m  store.Message
	at time.Time
}

// paceWait is how long a claimed message is held, without a worker,
// before its channel is ready for it: when its platform's Sender is a
// Pacer and the wait is short beside the lease; else 0.
func (d *Dispatcher) paceWait(m store.Message) time.Duration {
	p, ok := d.sender(m.Channel.Platform).(Pacer)
	if !ok {
		return 0
	}
	wait := time.Until(p.Ready(m.Channel))
	if wait > d.opt.Lease/4 {
		return 0 // a long hold is Send's to report as a retry
	}
	return wait
}

// deliver sends one claimed message and records the outcome.
func (d *Dispatcher) deliver(ctx context.Context, m store.Message) {
	log := d.log.With("platform", m.Channel.Platform, "channel", m.Channel.String(), "key", m.Key)
	var r Response
	if err := json.Unmarshal(m.Payload, &r); err != nil {
		log.Error("undecodable outbox message; dropping it", "error", err)
		d.record(ctx, log, d.outbox.MarkFailed(ctx, m.ID, "undecodable payload: "+err.Error(), d.opt.Now().UTC()))
		d.opt.Observer.Failed(m.Channel.Platform, m.Kind)
		return
	}
	s := d.sender(m.Channel.Platform)
	if s == nil {
		now := d.opt.Now().UTC()
		reason := "platform " + m.Channel.Platform + " is not running"
		if now.Sub(m.Created) > unsentLimit {
			// Not a delivery failure but a deployment without that
			// platform: after a day the message is given up, not kept
			// pending for ever.
			log.Warn("giving up a message for a platform this bot does not run", "kind", m.Kind)
			d.record(ctx, log, d.outbox.MarkFailed(ctx, m.ID, reason, now))
			d.opt.Observer.Failed(m.Channel.Platform, m.Kind)
			return
		}
		d.record(ctx, log, d.outbox.MarkRetry(ctx, m.ID, now.Add(time.Minute), reason))
		d.opt.Observer.Retried(m.Channel.Platform, m.Kind)
		return
	}
	sctx, cancel := context.WithTimeout(ctx, d.opt.Lease/2)
	dl := Delivery{Channel: m.Channel, Hint: m.Hint, Response: r, Done: m.Progress,
		Accepted: func(done int) {
			// Recorded on the outer context: a part the platform took must
			// be written down even if the send's own deadline just passed.
			d.record(ctx, log, d.outbox.MarkProgress(ctx, m.ID, done))
		}}
	if r.Update != nil {
		dl.ReplyTo = r.Update.ReplyTo
	}
	if rr, ok := d.outbox.(RefRecorder); ok && m.Kind == store.KindAlert {
		// Only alerts are replied to; the first reference recorded stays.
		dl.Posted = func(ref string) {
			if ref != "" {
				d.record(ctx, log, rr.SetMessageRef(ctx, m.ID, ref))
			}
		}
	}
	err := s.Send(sctx, dl)
	cancel()
	now := d.opt.Now().UTC()
	switch {
	case err == nil:
		d.record(ctx, log, d.outbox.MarkSent(ctx, m.ID, now))
		d.opt.Observer.Sent(m.Channel.Platform, m.Kind, now.Sub(m.Created))
		log.Debug("delivered", "kind", m.Kind)
	case errors.Is(err, brief.ErrUndeliverable):
		log.Warn("platform refused delivery for good; disabling the channel's subscriptions", "error", err)
		// Failed first: disabling the channel cancels its pending
		// messages, and this one should say why it was not delivered.
		d.record(ctx, log, d.outbox.MarkFailed(ctx, m.ID, err.Error(), now))
		d.opt.Observer.Failed(m.Channel.Platform, m.Kind)
		d.record(ctx, log, d.outbox.DisableChannel(ctx, m.Channel, err.Error(), now))
	case errors.Is(err, brief.ErrRejected):
		// Our rendering is at fault, not the channel: a human should look,
		// and the channel's later messages must not wait behind this one.
		log.Error("platform rejected a message; it will not be retried", "error", err, "kind", m.Kind)
		d.record(ctx, log, d.outbox.MarkFailed(ctx, m.ID, err.Error(), now))
		d.opt.Observer.Failed(m.Channel.Platform, m.Kind)
	default:
		wait := d.backoff(m.Attempts)
		if ra, ok := errors.AsType[*brief.RetryAfterError](err); ok && ra.Wait > 0 {
			wait = ra.Wait
		}
		log.Warn("delivery failed; will retry", "error", err, "attempt", m.Attempts+1, "retry_in", wait)
		d.record(ctx, log, d.outbox.MarkRetry(ctx, m.ID, now.Add(wait), err.Error()))
		d.opt.Observer.Retried(m.Channel.Platform, m.Kind)
	}
}

func (d *Dispatcher) record(ctx context.Context, log *slog.Logger, err error) {
	if err != nil && ctx.Err() == nil {
		log.Error("record delivery outcome", "error", err)
	}
}

// backoff is exponential with full jitter between MinBackoff and MaxBackoff.
func (d *Dispatcher) backoff(attempts int) time.Duration {
	w := d.opt.MinBackoff << min(attempts, 20)
	if w <= 0 || w > d.opt.MaxBackoff {
		w = d.opt.MaxBackoff
	}
	return d.opt.MinBackoff + time.Duration(rand.Int64N(int64(w-d.opt.MinBackoff)+1))
}
