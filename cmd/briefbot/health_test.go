package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"briefbot/bot"
	"briefbot/brief"
	"briefbot/config"
	"briefbot/ingest"
	"briefbot/internal/demo"
	"briefbot/store"
	"briefbot/store/sqlite"
)

// opsConfig writes a config polling feedURLs with the HTTP server on a
// free loopback port and the console on.
func opsConfig(t *testing.T, feedURLs []string, extra string) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("feeds:\n")
	for _, u := range feedURLs {
		fmt.Fprintf(&b, "  - url: %s\n", u)
	}
	b.WriteString("polling:\n  interval: 1h\n  allow_private_networks: true\n" + extra)
	b.WriteString("alerts:\n  batch_window: 0s\nconsole:\n  enabled: on\nhttp:\n  addr: 127.0.0.1:0\nlog:\n  level: warn\n")
	p := filepath.Join(t.TempDir(), "briefbot.yaml")
	if err := os.WriteFile(p, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// get fetches path from the running bot's HTTP server.
func get(t *testing.T, addr, path string) (int, string) {
	t.Helper()
	resp, err := http.Get("http://" + addr + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(body)
}

// metricValue returns the value of one series ("name" or
// `name{label="v",...}`) in a Prometheus text exposition, or -1 when the
// series is absent.
func metricValue(body, series string) float64 {
	for line := range strings.SplitSeq(body, "\n") {
		rest, ok := strings.CutPrefix(line, series+" ")
		if !ok {
			continue
		}
		v, err := strconv.ParseFloat(strings.TrimSpace(rest), 64)
		if err != nil {
			return -1
		}
		return v
	}
	return -1
}

// TestMetricsMoveWithPollsAndDeliveries polls a local publisher and
// answers a console command, and reads what /metrics says about both.
func TestMetricsMoveWithPollsAndDeliveries(t *testing.T) {
	start := time.Now().UTC().Truncate(time.Second)
	clk := &clock{t: start}
	pub := httptest.NewServer(demo.Handler(start, clk.now))
	defer pub.Close()
	var urls []string
	for _, f := range demo.Feeds() {
		urls = append(urls, pub.URL+f.Path)
	}
	s := startSession(t, "-config", opsConfig(t, urls, ""), "-db", filepath.Join(t.TempDir(), "briefbot.db"))
	defer s.stop()
	waitUntil(t, "first poll", func() bool { return polled(t, s.rt.Store, urls) })
	stored := countArticles(t, s.rt.Store)

	var body string
	waitUntil(t, "the first cycle in the metrics", func() bool {
		_, body = get(t, s.rt.HTTPAddr, "/metrics")
		return metricValue(body, "briefbot_poll_cycle_duration_seconds_count") >= 1
	})
	if got := metricValue(body, `briefbot_feed_polls_total{result="fetched"}`); got != float64(len(urls)) {
		t.Errorf("fetched polls = %v, want %d (one per feed)", got, len(urls))
	}
	if got := metricValue(body, "briefbot_articles_stored_total"); got != float64(stored) {
		t.Errorf("articles stored = %v, want %d (what the store holds)", got, stored)
	}
	if got := metricValue(body, "briefbot_stories_started_total"); got < 1 || got > float64(stored) {
		t.Errorf("stories started = %v, want between 1 and %d", got, stored)
	}
	for _, topic := range []string{"iran-russia", "jcpoa", "sco"} {
		if got := metricValue(body, `briefbot_topic_matches_total{topic="`+topic+`"}`); got < 1 {
			t.Errorf("matches for %s = %v, want at least 1", topic, got)
		}
	}
	if !strings.Contains(body, `briefbot_build_info{goversion="`) || !strings.Contains(body, `version="`+version+`"} 1`) {
		t.Errorf("no build info naming version %q in:\n%s", version, grepLines(body, "briefbot_build_info"))
	}

	// A second poll of unchanged feeds is counted as not modified.
	for _, u := range urls {
		if _, err := s.rt.Poller.PollFeed(t.Context(), ingest.Feed{URL: u}); err != nil {
			t.Fatal(err)
		}
	}
	// A command's answer is queued and delivered to the console.
	s.typeLine("/topics")
	s.waitFor("Topics I watch")
	waitUntil(t, "the answer counted as sent", func() bool {
		_, body = get(t, s.rt.HTTPAddr, "/metrics")
		return metricValue(body, `briefbot_messages_sent_total{kind="answer",platform="console"}`) >= 1
	})
	if got := metricValue(body, `briefbot_feed_polls_total{result="not_modified"}`); got != float64(len(urls)) {
		t.Errorf("not-modified polls = %v, want %d", got, len(urls))
	}
	if got := metricValue(body, `briefbot_messages_queued_total{kind="answer",platform="console"}`); got < 1 {
		t.Errorf("queued answers = %v, want at least 1", got)
	}
	if got := metricValue(body, `briefbot_delivery_latency_seconds_count{platform="console"}`); got < 1 {
		t.Errorf("delivery latency observations = %v, want at least 1", got)
	}
	if got := metricValue(body, "briefbot_outbox_read_ok"); got != 1 {
		t.Errorf("outbox read = %v, want 1", got)
	}
	for _, name := range []string{"briefbot_outbox_depth", "briefbot_outbox_oldest_due_age_seconds", "briefbot_feeds_paused_total"} {
		if metricValue(body, name) < 0 {
			t.Errorf("%s missing from /metrics", name)
		}
	}

	// The running bot is ready: store, console, a recent cycle, an empty outbox.
	if code, body := get(t, s.rt.HTTPAddr, "/readyz"); code != http.StatusOK || body != "ready\n" {
		t.Errorf("/readyz = %d %q, want 200 ready", code, body)
	}
	if code, body := get(t, s.rt.HTTPAddr, "/healthz"); code != http.StatusOK || body != "ok\n" {
		t.Errorf("/healthz = %d %q", code, body)
	}
}

func grepLines(body, prefix string) string {
	var out []string
	for line := range strings.SplitSeq(body, "\n") {
		if strings.HasPrefix(line, prefix) {
			out = append(out, line)
		}
	}
	return strings.Join(out, "\n")
}

// readyFixture is a readiness check over a real SQLite store, dispatcher
// and poller, none of them running.
type readyFixture struct {
	st     *sqlite.Store
	d      *bot.Dispatcher
	p      *ingest.Poller
	r      *readiness
	cfg    *config.Config
	pollWG sync.WaitGroup
}

func newReadyFixture(t *testing.T, env map[string]string) *readyFixture {
	t.Helper()
	cfg, err := config.Load("", func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	st, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "briefbot.db"), sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	f := &readyFixture{st: st, cfg: cfg, d: bot.NewDispatcher(st, bot.DispatcherOptions{})}
	f.p = ingest.New(nil, nil, st, nil, ingest.Options{Tick: time.Hour})
	f.r = newReadiness(cfg, st, f.d, f.p)
	return f
}

// poll runs the poller (it leads) until the test ends.
func (f *readyFixture) poll(t *testing.T) {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	f.pollWG.Go(func() { f.p.Run(ctx) })
	t.Cleanup(func() { cancel(); f.pollWG.Wait() })
	waitUntil(t, "the poller's first cycle", func() bool {
		pr := f.p.Progress()
		return pr.Running && !pr.Since.IsZero()
	})
}

// serve answers /readyz like the bot does.
func (f *readyFixture) serve(t *testing.T) (int, string) {
	t.Helper()
	rec := httptest.NewRecorder()
	f.r.ServeHTTP(rec, httptest.NewRequestWithContext(t.Context(), http.MethodGet, "/readyz", nil))
	return rec.Code, rec.Body.String()
}

func TestReadyzNamesTheCheckThatFailed(t *testing.T) {
	t.Run("all well", func(t *testing.T) {
		f := newReadyFixture(t, nil)
		f.poll(t)
		if code, body := f.serve(t); code != http.StatusOK || body != "ready\n" {
			t.Errorf("got %d %q, want 200 ready", code, body)
		}
	})
	t.Run("closed store", func(t *testing.T) {
		f := newReadyFixture(t, nil)
		f.st.Close()
		code, body := f.serve(t)
		if code != http.StatusServiceUnavailable || !strings.Contains(body, "\nstore: does not answer") {
			t.Errorf("got %d %q, want 503 naming the store", code, body)
		}
	})
	t.Run("poll cycle overdue on the leader", func(t *testing.T) {
		f := newReadyFixture(t, nil)
		f.poll(t)
		f.r.now = func() time.Time { return time.Now().Add(readyCycleOverdue + time.Minute) }
		code, body := f.serve(t)
		if code != http.StatusServiceUnavailable || !strings.Contains(body, "\npoll: no poll cycle completed for") {
			t.Errorf("got %d %q, want 503 naming the poll cycle", code, body)
		}
	})
	t.Run("a replica that does not lead is ready without polling", func(t *testing.T) {
		f := newReadyFixture(t, nil)
		f.r.now = func() time.Time { return time.Now().Add(24 * time.Hour) }
		if code, body := f.serve(t); code != http.StatusOK {
			t.Errorf("got %d %q, want 200", code, body)
		}
	})
	t.Run("stale outbox", func(t *testing.T) {
		f := newReadyFixture(t, nil)
		f.poll(t)
		old := time.Now().UTC().Add(-readyOutboxStale - time.Minute)
		_, err := f.st.Enqueue(t.Context(), store.Message{Key: "answer:console:1", Channel: brief.ChannelRef{Platform: brief.PlatformConsole, ID: "local"},
			Kind: store.KindAnswer, Payload: []byte(`{}`), Created: old, Status: store.StatusPending, NextAttempt: old})
		if err != nil {
			t.Fatal(err)
		}
		code, body := f.serve(t)
		if code != http.StatusServiceUnavailable || !strings.Contains(body, "\noutbox: the oldest due message has waited") {
			t.Errorf("got %d %q, want 503 naming the outbox", code, body)
		}
	})
	t.Run("configured platform not connected", func(t *testing.T) {
		f := newReadyFixture(t, map[string]string{"BRIEFBOT_SLACK_BOT_TOKEN": "xoxb-1", "BRIEFBOT_SLACK_APP_TOKEN": "xapp-1"})
		code, body := f.serve(t)
		if code != http.StatusServiceUnavailable || !strings.Contains(body, "\nslack: not connected") {
			t.Errorf("got %d %q, want 503 naming Slack", code, body)
		}
	})
}

func TestHealthcheckReady(t *testing.T) {
	f := newReadyFixture(t, nil)
	srv := httptest.NewServer(f.r)
	defer srv.Close()
	env := map[string]string{"BRIEFBOT_HTTP_ADDR": strings.TrimPrefix(srv.URL, "http://")}
	if code, out, errOut := cli(t, "", env, "healthcheck", "-ready"); code != 0 || out != "ready\n" {
		t.Errorf("ready bot: exit %d %q %q", code, out, errOut)
	}
	f.st.Close()
	code, _, errOut := cli(t, "", env, "healthcheck", "-ready")
	if code != 1 || !strings.Contains(errOut, "503") || !strings.Contains(errOut, "store: does not answer") {
		t.Errorf("store down: exit %d %q, want 1 naming the store", code, errOut)
	}
}
