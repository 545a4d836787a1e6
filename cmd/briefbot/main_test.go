package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"briefbot/ingest"
	"briefbot/internal/demo"
	"briefbot/store"
)

// syncBuffer is the console's stdout, read by the test while the bot writes.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// clock is the feed publisher's notion of now, moved by the test.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// session is one `briefbot run` in-process, with the console wired to pipes.
type session struct {
	t      *testing.T
	in     *io.PipeWriter
	out    *syncBuffer
	rt     *Runtime
	cancel context.CancelFunc
	done   chan int
}

func startSession(t *testing.T, args ...string) *session {
	t.Helper()
	inR, inW := io.Pipe()
	s := &session{t: t, in: inW, out: &syncBuffer{}, done: make(chan int, 1)}
	ready := make(chan *Runtime, 1)
	app := &App{Stdin: inR, Stdout: s.out, Stderr: io.Discard, Getenv: func(string) string { return "" },
		Ready: func(rt *Runtime) { ready <- rt }}
	if testing.Verbose() {
		app.Stderr = os.Stderr
	}
	ctx, cancel := context.WithCancel(t.Context())
	s.cancel = cancel
	go func() { s.done <- MainApp(ctx, app, append([]string{"run"}, args...)) }()
	select {
	case s.rt = <-ready:
	case code := <-s.done:
		t.Fatalf("briefbot run exited with %d before it was ready", code)
	case <-time.After(20 * time.Second):
		t.Fatal("briefbot run did not get ready")
	}
	return s
}

// stop shuts the bot down as Ctrl-C would and waits for a clean exit.
func (s *session) stop() {
	s.t.Helper()
	s.cancel()
	select {
	case code := <-s.done:
		if code != 0 {
			s.t.Errorf("briefbot run exited with %d after cancellation", code)
		}
	case <-time.After(20 * time.Second):
		s.t.Fatal("briefbot run did not shut down")
	}
}

func (s *session) typeLine(line string) {
	s.t.Helper()
	if _, err := io.WriteString(s.in, line+"\n"); err != nil {
		s.t.Fatal(err)
	}
}

// waitFor waits until the console shows text, then returns the output.
func (s *session) waitFor(text string) string {
	s.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		out := s.out.String()
		if strings.Contains(out, text) {
			return out
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("console never showed %q; it shows:\n%s", text, out)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func writeConfig(t *testing.T, feedURLs []string) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("feeds:\n")
	for _, u := range feedURLs {
		fmt.Fprintf(&b, "  - url: %s\n", u)
	}
	// Long intervals: the test decides when feeds are polled again.
	b.WriteString("polling:\n  interval: 1h\n  allow_private_networks: true\nalerts:\n  batch_window: 0s\nconsole:\n  enabled: on\nlog:\n  level: warn\n")
	p := filepath.Join(t.TempDir(), "briefbot.yaml")
	if err := os.WriteFile(p, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestEndToEnd runs briefbot in-process against a local feed publisher and
// talks to it through the console, as a user of the quick start would.
func TestEndToEnd(t *testing.T) {
	start := time.Now().UTC().Truncate(time.Second)
	clk := &clock{t: start}
	pub := httptest.NewServer(demo.Handler(start, clk.now))
	defer pub.Close()
	var urls []string
	for _, f := range demo.Feeds() {
		urls = append(urls, pub.URL+f.Path)
	}
	cfgPath := writeConfig(t, urls)
	db := filepath.Join(t.TempDir(), "briefbot.db")

	s := startSession(t, "-config", cfgPath, "-db", db)
	// The first poll happens at start: every served item is stored.
	waitUntil(t, "first poll", func() bool { return polled(t, s.rt.Store, urls) })
	if n := countArticles(t, s.rt.Store); n < 36 {
		t.Errorf("%d articles stored after the first poll, want every served item", n)
	}

	// /brief iran-russia answers with the matching articles' summaries and links.
	s.typeLine("/brief iran-russia")
	out := s.waitFor("Iran-Russia relations · last 24 hours")
	if !strings.Contains(out, "https://caspian-wire.example/news/rasht-astara-railway-track-contract") ||
		!strings.Contains(out, "Rasht-Astara railway") {
		t.Errorf("the iran-russia briefing lacks the railway story and its link:\n%s", out)
	}

	// Near misses appear in no briefing.
	for _, topic := range []string{"jcpoa", "sco", "iran-russia"} {
		stories, _, err := s.rt.Store.Stories(t.Context(), store.StoryQuery{TopicID: topic, Since: start.Add(-8 * 24 * time.Hour), Until: start.Add(time.Hour)})
		if err != nil {
			t.Fatal(err)
		}
		expected := demo.Expected()
		for _, st := range stories {
			// Items without a globally unique GUID are keyed by their
			// publisher and GUID; the manifest knows them by GUID.
			key := st.Article.ID
			if i := strings.LastIndex(key, "#"); i >= 0 {
				key = key[i+1:]
			}
			want, known := expected[key]
			if !known {
				want = expected[st.Article.Link]
			}
			if !contains(want, topic) {
				t.Errorf("%s briefing shows %q (meant for %v)", topic, st.Article.Title, want)
			}
		}
	}

	// An unknown topic gets the closest one suggested.
	s.typeLine("/brief iran-rusia")
	s.waitFor("Did you mean iran-russia?")

	// A second poll of unchanged feeds gets 304 and stores nothing new.
	before := countArticles(t, s.rt.Store)
	for _, u := range urls {
		st, err := s.rt.Poller.PollFeed(t.Context(), ingest.Feed{URL: u})
		if err != nil {
			t.Fatal(err)
		}
		if !st.NotModified || st.New != 0 {
			t.Errorf("second poll of %s: %+v, want 304 and nothing new", u, st)
		}
	}
	if after := countArticles(t, s.rt.Store); after != before {
		t.Errorf("articles went from %d to %d on a 304", before, after)
	}

	// Stories published after start arrive as alerts on the console.
	clk.add(10 * time.Minute)
	for _, u := range urls {
		if _, err := s.rt.Poller.PollFeed(t.Context(), ingest.Feed{URL: u}); err != nil {
			t.Fatal(err)
		}
	}
	s.waitFor("New on Iran-Russia relations")
	s.waitFor("New on Iran nuclear deal")
	out = s.waitFor("New on Shanghai Cooperation Organisation")
	alertsFirstRun := strings.Count(out, "New on ")
	s.stop()

	// Restarting on the same database sends no alert twice.
	s2 := startSession(t, "-config", cfgPath, "-db", db)
	s2.typeLine("/topics")
	s2.waitFor("Topics I watch")
	time.Sleep(500 * time.Millisecond) // time enough for any stray alert to be delivered
	if n := strings.Count(s2.out.String(), "New on "); n != 0 {
		t.Errorf("the restarted bot sent %d alerts again:\n%s", n, s2.out.String())
	}
	sent, err := s2.rt.Store.Messages(t.Context(), store.StatusSent)
	if err != nil {
		t.Fatal(err)
	}
	alerts := 0
	for _, m := range sent {
		if m.Kind == store.KindAlert {
			alerts++
		}
	}
	if alerts != alertsFirstRun || alerts < 3 {
		t.Errorf("%d alert messages sent in all, %d printed in the first run; want the same, at least 3", alerts, alertsFirstRun)
	}
	s2.stop()
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func countArticles(t *testing.T, st store.Store) int {
	t.Helper()
	arts, err := st.RecentArticles(t.Context(), time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	return len(arts)
}

// polled reports whether every feed has been polled successfully.
func polled(t *testing.T, st store.Store, urls []string) bool {
	t.Helper()
	for _, u := range urls {
		fs, err := st.FeedState(t.Context(), u)
		if err != nil || fs.LastSuccess.IsZero() {
			return false
		}
	}
	return true
}

func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
