package bot

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"time"

	"briefbot/brief"
	"briefbot/store"
)

// Inbox is the durable record of chat requests taken from platforms;
// store backends satisfy it.
type Inbox interface {
	TakeInbound(ctx context.Context, in store.Inbound, leaseUntil, forgetBefore time.Time) (bool, error)
	FinishInbound(ctx context.Context, platform, key string, now time.Time) error
	ClaimInbound(ctx context.Context, platform string, now time.Time, lease time.Duration, limit int) ([]store.Inbound, error)
}

// IntakeOptions tunes an Intake. Zero values take the defaults noted.
type IntakeOptions struct {
	// Lease is how long the taker of a request has to serve it (default
	// 15s); after that, if it has not, Run serves it. Serving is cut off
	// at the lease, so two servers rarely serve one request.
	Lease time.Duration
	// Poll is how often Run looks for requests left unserved (default 2s).
	Poll time.Duration
	// Forget is how long a request's identity is remembered (default 24h,
	// beyond Slack's 5-minute signature window and its event retries).
	Forget time.Duration
	Now    func() time.Time
	Logger *slog.Logger
}

// Intake makes one platform's requests durable and idempotent. An adapter
// calls Take before it acknowledges a request, so "acknowledged" means
// "recorded": a crash between the acknowledgement and the answer loses
// nothing, because Run serves what was taken and never finished. Take
// keys the record on the platform's own identity of the request (a Slack
// trigger or event ID, a Telegram update ID), so a replay or a redelivery
// is recognised, even after a restart, and the command does not act twice.
type Intake struct {
	srv      Server
	inbox    Inbox
	platform string
	opt      IntakeOptions
	log      *slog.Logger
}

// NewIntake builds an Intake serving platform's requests with srv. A nil
// inbox keeps the record in memory only (tests, and nothing that must
// survive a restart).
func NewIntake(srv Server, inbox Inbox, platform string, opt IntakeOptions) *Intake {
	if opt.Lease <= 0 {
		opt.Lease = 15 * time.Second
	}
	if opt.Poll <= 0 {
		opt.Poll = 2 * time.Second
	}
	if opt.Forget <= 0 {
		opt.Forget = 24 * time.Hour
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.DiscardHandler)
	}
	if inbox == nil {
		inbox = &memoryInbox{rows: map[string]*memoryRow{}}
	}
	return &Intake{srv: srv, inbox: inbox, platform: platform, opt: opt,
		log: opt.Logger.With("component", "intake", "platform", platform)}
}

// Take durably records req before it is acknowledged and reports whether
// it is new. false means the same request was taken before: the adapter
// acknowledges it and does nothing more (if it was never served, Run
// serves it once the first taker's lease ends). An error means nothing
// was recorded: the adapter must not acknowledge the request.
func (in *Intake) Take(ctx context.Context, req Request) (bool, error) {
	if req.ID == "" {
		return false, errors.New("take a request without an ID")
	}
	payload, err := json.Marshal(req)
	if err != nil {
		return false, fmt.Errorf("encode request %s: %w", req.ID, err)
	}
	now := in.opt.Now().UTC()
	ok, err := in.inbox.TakeInbound(ctx, store.Inbound{Platform: in.platform, Key: req.ID, Payload: payload, Received: now},
		now.Add(in.opt.Lease), now.Add(-in.opt.Forget))
	if err != nil {
		return false, fmt.Errorf("record request %s: %w", req.ID, err)
	}
	return ok, nil
}

// Serve serves a request this caller took, within the lease, and records
// it served. An error leaves it recorded but unserved, for Run to retry.
func (in *Intake) Serve(ctx context.Context, req Request) error {
	ctx, cancel := context.WithTimeout(ctx, in.opt.Lease)
	defer cancel()
	if err := in.srv.Serve(ctx, req); err != nil {
		return err
	}
	if err := in.inbox.FinishInbound(ctx, in.platform, req.ID, in.opt.Now().UTC()); err != nil {
		// The answer is queued under the request's ID, so serving it
		// again queues nothing new.
		return fmt.Errorf("record request %s served: %w", req.ID, err)
	}
	return nil
}

// Run serves, until ctx ends, the requests that were taken and left
// unserved: the process that acknowledged them crashed or stopped before
// answering. It returns nil when ctx ends; an inbox that cannot be read
// (the database is away) is logged and read again at the next tick.
func (in *Intake) Run(ctx context.Context) error {
	t := time.NewTicker(in.opt.Poll)
	defer t.Stop()
	failures := 0
	for {
		switch n, err := in.recover(ctx); {
		case err != nil && ctx.Err() != nil:
			return nil
		case err != nil:
			failures++
			// The database may be away: keep trying until it answers.
			in.log.Error("read unserved requests", "error", err, "count", failures)
		default:
			failures = 0
			if n > 0 {
				in.log.Info("served requests acknowledged before a restart", "count", n)
			}
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}

// recover claims and serves the requests whose taker's lease ended. It
// serves them one at a time, oldest first: they are few, and each is a
// store read and write.
func (in *Intake) recover(ctx context.Context) (int, error) {
	claimed, err := in.inbox.ClaimInbound(ctx, in.platform, in.opt.Now().UTC(), in.opt.Lease, 16)
	if err != nil {
		return 0, err
	}
	served := 0
	for _, rec := range claimed {
		var req Request
		if err := json.Unmarshal(rec.Payload, &req); err != nil || req.ID != rec.Key {
			in.log.Error("unreadable recorded request; dropping it", "request", rec.Key, "error", err)
			if err := in.inbox.FinishInbound(ctx, in.platform, rec.Key, in.opt.Now().UTC()); err != nil {
				return served, err
			}
			continue
		}
		// Shutdown does not cut a request off halfway: it was acknowledged.
		if err := in.Serve(context.WithoutCancel(ctx), req); err != nil {
			in.log.Warn("serve a recorded request; retrying later", "request", req.ID, "channel", req.Channel.String(), "error", err)
			continue
		}
		served++
		if ctx.Err() != nil {
			break
		}
	}
	return served, nil
}

// memoryInbox is an Inbox that forgets everything at exit.
type memoryInbox struct {
	mu   sync.Mutex
	rows map[string]*memoryRow
}

type memoryRow struct {
	in       store.Inbound
	lease    time.Time
	finished bool
}

func (m *memoryInbox) TakeInbound(_ context.Context, in store.Inbound, leaseUntil, forgetBefore time.Time) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for k, r := range m.rows {
		if r.in.Received.Before(forgetBefore) {
			delete(m.rows, k)
		}
	}
	k := in.Platform + "\x00" + in.Key
	if _, ok := m.rows[k]; ok {
		return false, nil
	}
	m.rows[k] = &memoryRow{in: in, lease: leaseUntil}
	return true, nil
}

func (m *memoryInbox) FinishInbound(_ context.Context, platform, key string, _ time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	r, ok := m.rows[platform+"\x00"+key]
	if !ok {
		return fmt.Errorf("finish inbound %s:%s: %w", platform, key, brief.ErrNotFound)
	}
	r.finished, r.lease = true, time.Time{}
	return nil
}

func (m *memoryInbox) ClaimInbound(_ context.Context, platform string, now time.Time, lease time.Duration, limit int) ([]store.Inbound, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var due []*memoryRow
	for _, r := range m.rows {
		if r.in.Platform == platform && !r.finished && !r.lease.After(now) {
			due = append(due, r)
		}
	}
	slices.SortFunc(due, func(a, b *memoryRow) int {
		return cmp.Or(a.in.Received.Compare(b.in.Received), cmp.Compare(a.in.Key, b.in.Key))
	})
	var out []store.Inbound
	for _, r := range due[:min(len(due), max(limit, 0))] {
		r.lease = now.Add(lease)
		out = append(out, r.in)
	}
	return out, nil
}
