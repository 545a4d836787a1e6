package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"briefbot/bot"
	"briefbot/brief"
	"briefbot/config"
	"briefbot/ingest"
	"briefbot/metrics"
	"briefbot/store"
)

// Readiness bounds. A poll cycle runs every few seconds and completes once
// every due feed was tried; the outbox normally empties within seconds.
const (
	readyCycleOverdue = 10 * time.Minute
	readyOutboxStale  = 15 * time.Minute
	readyStoreTimeout = 2 * time.Second
)

// outboxReader reads the outbox's depth (every pending message) and when
// the oldest message due now was queued, for the metrics and /readyz.
func outboxReader(st interface {
	OutboxStats(ctx context.Context, now time.Time) (int, time.Time, error)
}) metrics.OutboxReader {
	return func(ctx context.Context, now time.Time) (int, time.Time, error) {
		n, oldest, err := st.OutboxStats(ctx, now.UTC())
		if err != nil {
			return 0, time.Time{}, fmt.Errorf("read the outbox: %w", err)
		}
		return n, oldest, nil
	}
}

// readiness is what /readyz checks.
type readiness struct {
	// store answers a trivial query; feedState is enough.
	store interface {
		FeedState(ctx context.Context, url string) (store.FeedState, error)
	}
	outbox metrics.OutboxReader
	// platforms are the configured chat platforms; leaderOnly ones (Telegram
	// long polling) connect only on the replica that leads.
	platforms  []readyPlatform
	dispatcher interface{ Connected(platform string) error }
	poller     interface{ Progress() ingest.Progress }
	// leads reports whether this replica leads (and so runs the leader's
	// platforms); nil takes a running poller for the leader, as when only
	// the leader polled.
	leads func() bool
	now   func() time.Time

	cycleOverdue, outboxStale time.Duration
}

type readyPlatform struct {
	name       string // brief.PlatformSlack ...
	leaderOnly bool
}

// newReadiness builds the checks for the running bot.
func newReadiness(cfg *config.Config, st store.Store, d *bot.Dispatcher, p *ingest.Poller) *readiness {
	r := &readiness{store: st, outbox: outboxReader(st), dispatcher: d, poller: p, now: time.Now,
		cycleOverdue: readyCycleOverdue, outboxStale: readyOutboxStale}
	if cfg.SlackMode() != "" {
		r.platforms = append(r.platforms, readyPlatform{name: brief.PlatformSlack})
	}
	if cfg.Telegram.Token.IsSet() {
		r.platforms = append(r.platforms, readyPlatform{name: brief.PlatformTelegram, leaderOnly: cfg.Telegram.Mode != "webhook"})
	}
	return r
}

// check runs every check and returns one line per failure, empty when ready.
func (r *readiness) check(ctx context.Context) []string {
	var bad []string
	ctx, cancel := context.WithTimeout(ctx, readyStoreTimeout)
	defer cancel()
	if _, err := r.store.FeedState(ctx, ""); err != nil && !errors.Is(err, brief.ErrNotFound) {
		bad = append(bad, fmt.Sprintf("store: does not answer: %v", err))
	}
	prog := r.poller.Progress()
	leads := prog.Running
	if r.leads != nil {
		leads = r.leads()
	}
	for _, p := range r.platforms {
		if p.leaderOnly && !leads {
			continue // another replica leads and receives
		}
		if err := r.dispatcher.Connected(p.name); err != nil {
			bad = append(bad, fmt.Sprintf("%s: not connected: %v", p.name, err))
		}
	}
	now := r.now()
	if prog.Running && now.Sub(prog.Since) > r.cycleOverdue {
		bad = append(bad, fmt.Sprintf("poll: no poll cycle completed for %s (bound %s); see the poll cycle errors in the log",
			now.Sub(prog.Since).Round(time.Second), r.cycleOverdue))
	}
	if _, oldest, err := r.outbox(ctx, now); err != nil {
		bad = append(bad, fmt.Sprintf("outbox: %v", err))
	} else if !oldest.IsZero() && now.Sub(oldest) > r.outboxStale {
		bad = append(bad, fmt.Sprintf("outbox: the oldest due message has waited %s (bound %s); see the delivery errors in the log",
			now.Sub(oldest).Round(time.Second), r.outboxStale))
	}
	return bad
}

// ServeHTTP answers 200 "ready" or 503 with one failed check per line.
func (r *readiness) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if bad := r.check(req.Context()); len(bad) > 0 {
		w.WriteHeader(http.StatusServiceUnavailable)
		fmt.Fprintf(w, "not ready\n%s\n", strings.Join(bad, "\n"))
		return
	}
	fmt.Fprintln(w, "ready")
}

// opsRoutes adds /metrics and /readyz to mux.
func opsRoutes(mux *http.ServeMux, m *metrics.Metrics, r *readiness) {
	mux.Handle("GET /metrics", m.Handler())
	mux.Handle("GET /readyz", r)
}

// newMetrics builds the metrics `run` exposes; the outbox gauges read st.
func newMetrics(st store.Store, log *slog.Logger) *metrics.Metrics {
	return metrics.New(metrics.Options{Version: version, Outbox: outboxReader(st), Logger: log})
}

// probeReady asks a running bot's /readyz and fails, quoting the checks
// that failed, unless it answers 200.
func probeReady(ctx context.Context, app *App, url string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("readiness check: %w", err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 8<<10))
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("readiness check: %s\n%s", resp.Status, strings.TrimSpace(string(body)))
	}
	fmt.Fprintln(app.Stdout, strings.TrimSpace(string(body)))
	return nil
}
