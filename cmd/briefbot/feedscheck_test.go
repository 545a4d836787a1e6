package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// feeds check fetches several feeds at once, no more than eight, and still
// prints one line per feed in the order given.
func TestFeedsCheckRunsEightAtATimeInOrder(t *testing.T) {
	var mu sync.Mutex
	inFlight, most := 0, 0
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		inFlight++
		most = max(most, inFlight)
		reached := inFlight >= checkConcurrency
		mu.Unlock()
		if reached {
			// Enough are waiting at once: let every request go.
			select {
			case <-release:
			default:
				close(release)
			}
		}
		select {
		case <-release:
		case <-time.After(5 * time.Second):
		}
		mu.Lock()
		inFlight--
		mu.Unlock()
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<rss version="2.0"><channel><title>Feed %s</title><item><title>x</title><link>https://news.example/x</link></item></channel></rss>`, strings.TrimPrefix(r.URL.Path, "/"))
	}))
	defer srv.Close()
	cfg := filepath.Join(t.TempDir(), "briefbot.yaml")
	// Every test feed is on one host; lift the per-host bound so only
	// feeds check's own bound applies.
	if err := os.WriteFile(cfg, []byte("polling:\n  per_host: 20\n  max_concurrent: 20\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	args := []string{"feeds", "check", "-config", cfg, "-allow-private"}
	for i := range 20 {
		args = append(args, fmt.Sprintf("%s/%02d", srv.URL, i))
	}
	code, out, errOut := cli(t, "", nil, args...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 21 {
		t.Fatalf("want 20 result lines and a total:\n%s", out)
	}
	for i, l := range lines[:20] {
		if want := fmt.Sprintf("Feed %02d  (%s/%02d)", i, srv.URL, i); !strings.HasPrefix(l, "OK  ") || !strings.Contains(l, want) {
			t.Errorf("line %d = %q, want the OK line of feed %02d", i, l, i)
		}
	}
	if most < 2 || most > checkConcurrency {
		t.Errorf("at most %d feeds were fetched at once, want 2 to %d", most, checkConcurrency)
	}
}

// A script can tell a run where nothing could be read from one with a
// broken feed among good ones.
func TestFeedsCheckFailsWhenEveryFeedFails(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.xml"), filepath.Join(dir, "b.xml")
	os.WriteFile(a, []byte("<rss><channel><item><title>cut"), 0o600)
	os.WriteFile(b, []byte("not a feed"), 0o600)
	code, out, errOut := cli(t, "", nil, "feeds", "check", a, b)
	if code == 0 || !strings.Contains(errOut, "every feed failed (2 of 2)") {
		t.Errorf("every feed broken: exit %d, stderr %q", code, errOut)
	}
	if !strings.Contains(out, "checked 2 feeds: 0 OK, 2 errors") {
		t.Errorf("the total line is missing:\n%s", out)
	}
}
