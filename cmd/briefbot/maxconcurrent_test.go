package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// concurrencyPublisher serves feeds and records the most requests it had
// in flight at once. Each request waits for others to arrive (up to a
// moment), so requests the bot lets run together overlap.
type concurrencyPublisher struct {
	mu             sync.Mutex
	inflight, peak int
	gather         int
}

func (p *concurrencyPublisher) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	p.inflight++
	p.peak = max(p.peak, p.inflight)
	p.mu.Unlock()
	deadline := time.After(300 * time.Millisecond)
wait:
	for {
		p.mu.Lock()
		n := p.inflight
		p.mu.Unlock()
		if n >= p.gather {
			break
		}
		select {
		case <-deadline:
			break wait
		case <-time.After(5 * time.Millisecond):
		}
	}
	w.Header().Set("Content-Type", "application/rss+xml")
	fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Feed %s</title><link>http://example.org/</link>
<item><title>Item of %s</title><link>http://example.org%s/1</link><guid>%s-1</guid><description>Nothing to match.</description></item>
</channel></rss>`, r.URL.Path, r.URL.Path, r.URL.Path, r.URL.Path)
	p.mu.Lock()
	p.inflight--
	p.mu.Unlock()
}

func (p *concurrencyPublisher) max() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.peak
}

// TestMaxConcurrentReachesThePoller: polling.max_concurrent bounds the
// feeds fetched at once, above the poller's own default of 4 too.
func TestMaxConcurrentReachesThePoller(t *testing.T) {
	const feeds = 6
	for _, limit := range []int{1, 6} {
		t.Run(fmt.Sprintf("max_concurrent %d", limit), func(t *testing.T) {
			pub := &concurrencyPublisher{gather: feeds}
			srv := httptest.NewServer(pub)
			defer srv.Close()
			var urls []string
			for i := range feeds {
				urls = append(urls, fmt.Sprintf("%s/feed%d", srv.URL, i))
			}
			cfg := opsConfig(t, urls, fmt.Sprintf("  max_concurrent: %d\n  per_host: %d\n", limit, feeds))
			s := startSession(t, "-config", cfg, "-db", filepath.Join(t.TempDir(), "briefbot.db"))
			waitUntil(t, "every feed polled", func() bool { return polled(t, s.rt.Store, urls) })
			s.stop()
			if got := pub.max(); got != limit {
				t.Errorf("at most %d feeds were fetched at once, want %d", got, limit)
			}
		})
	}
}
