package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"briefbot/store"
	"briefbot/store/postgres"
)

// dbProxy stands between a replica and PostgreSQL on loopback, so a test
// can take the database away from that replica alone, as a network cut or
// a failover does, and give it back.
type dbProxy struct {
	ln     net.Listener
	target string
	mu     sync.Mutex
	cut    bool
	conns  map[net.Conn]struct{}
	wg     sync.WaitGroup
}

func startDBProxy(t *testing.T, target string) *dbProxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &dbProxy{ln: ln, target: target, conns: map[net.Conn]struct{}{}}
	p.wg.Go(p.accept)
	t.Cleanup(func() {
		ln.Close()
		p.setCut(true)
		p.wg.Wait()
	})
	return p
}

func (p *dbProxy) accept() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		p.mu.Lock()
		cut := p.cut
		p.mu.Unlock()
		if cut {
			c.Close() // the database is away: refused at once
			continue
		}
		up, err := net.Dial("tcp", p.target)
		if err != nil {
			c.Close()
			continue
		}
		p.mu.Lock()
		p.conns[c], p.conns[up] = struct{}{}, struct{}{}
		p.mu.Unlock()
		pipe := func(dst, src net.Conn) {
			io.Copy(dst, src)
			dst.Close()
			src.Close()
			p.mu.Lock()
			delete(p.conns, dst)
			delete(p.conns, src)
			p.mu.Unlock()
		}
		p.wg.Go(func() { pipe(up, c) })
		p.wg.Go(func() { pipe(c, up) })
	}
}

// setCut takes the database away (every connection through the proxy is
// closed and new ones are refused) or gives it back.
func (p *dbProxy) setCut(cut bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.cut = cut
	if cut {
		for c := range p.conns {
			c.Close()
		}
	}
}

// countingFeeds serves one small RSS document per path and counts requests.
type countingFeeds struct {
	mu   sync.Mutex
	hits map[string]int
}

func (f *countingFeeds) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	f.hits[r.URL.Path]++
	f.mu.Unlock()
	w.Header().Set("Content-Type", "application/rss+xml")
	fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Feed %[1]s</title>
<item><guid>%[1]s-1</guid><title>Weather in %[1]s</title><link>https://example.org%[1]s/1</link><pubDate>%[2]s</pubDate><description>Rain.</description></item>
</channel></rss>`, r.URL.Path, time.Now().UTC().Format(time.RFC1123Z))
}

func (f *countingFeeds) count(path string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.hits[path]
}

// A replica whose database goes away keeps running: /readyz says not
// ready and names the store, polling and delivery claim nothing, and
// neither gives up the process (they used to after 30 failed reads of the
// outbox); when the database is back, the replica is ready again and
// claims the feeds that came due meanwhile.
func TestAReplicaOutlivesLosingItsDatabase(t *testing.T) {
	base := os.Getenv("BRIEFBOT_TEST_POSTGRES_DSN")
	if base == "" {
		t.Skip("BRIEFBOT_TEST_POSTGRES_DSN is not set; set it (e.g. postgres://postgres@127.0.0.1:5432/test?sslmode=disable) to run the PostgreSQL tests")
	}
	u, err := url.Parse(base)
	if err != nil || !strings.Contains(base, "://") || u.Port() == "" {
		t.Skip("BRIEFBOT_TEST_POSTGRES_DSN is not a URL with host and port; this test puts a proxy in front of that address")
	}
	admin, err := pgx.Connect(t.Context(), base)
	if err != nil {
		t.Fatalf("connect to BRIEFBOT_TEST_POSTGRES_DSN: %v", err)
	}
	defer admin.Close(context.Background())
	b := make([]byte, 6)
	rand.Read(b)
	schema := "briefbot_dbloss_" + hex.EncodeToString(b)
	if _, err := admin.Exec(t.Context(), "CREATE SCHEMA "+pgx.Identifier{schema}.Sanitize()); err != nil {
		t.Fatal(err)
	}
	defer admin.Exec(context.Background(), "DROP SCHEMA "+pgx.Identifier{schema}.Sanitize()+" CASCADE")
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	direct := u.String()
	proxy := startDBProxy(t, u.Host)
	u.Host = proxy.ln.Addr().String()
	viaProxy := u.String()

	feeds := &countingFeeds{hits: map[string]int{}}
	pub := httptest.NewServer(feeds)
	defer pub.Close()
	cfgPath := filepath.Join(t.TempDir(), "briefbot.yaml")
	cfg := "feeds:\n  - url: " + pub.URL + "/first\npolling:\n  interval: 1h\n  allow_private_networks: true\n" +
		"store:\n  lead_retry: 200ms\n  statement_timeout: 5s\nhttp:\n  addr: 127.0.0.1:0\nlog:\n  level: info\n  format: json\n"
	if err := os.WriteFile(cfgPath, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"BRIEFBOT_DATABASE_URL": viaProxy, "BRIEFBOT_CONSOLE": "off"}
	var logs syncBuffer
	ready := make(chan *Runtime, 1)
	app := &App{Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: &logs, Getenv: func(k string) string { return env[k] },
		Ready: func(rt *Runtime) { ready <- rt }}
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	done := make(chan int, 1)
	go func() { done <- MainApp(ctx, app, []string{"run", "-config", cfgPath}) }()
	var rt *Runtime
	select {
	case rt = <-ready:
	case code := <-done:
		t.Fatalf("briefbot run exited with %d; log:\n%s", code, logs.String())
	case <-time.After(30 * time.Second):
		t.Fatal("briefbot run did not start")
	}
	// wait polls cond for up to limit, failing if the bot exits.
	wait := func(what string, limit time.Duration, cond func() bool) {
		t.Helper()
		deadline := time.Now().Add(limit)
		for !cond() {
			select {
			case code := <-done:
				t.Fatalf("briefbot run exited with %d while waiting for %s; log:\n%s", code, what, logs.String())
			default:
			}
			if time.Now().After(deadline) {
				t.Fatalf("timed out waiting for %s; log:\n%s", what, logs.String())
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	readyz := func() (int, string) {
		resp, err := http.Get("http://" + rt.HTTPAddr + "/readyz")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(body)
	}
	wait("the first feed polled", 30*time.Second, func() bool { return feeds.count("/first") == 1 })
	wait("ready", 30*time.Second, func() bool { code, _ := readyz(); return code == http.StatusOK })

	proxy.setCut(true)
	var body string
	wait("/readyz to name the store", 30*time.Second, func() bool {
		var code int
		code, body = readyz()
		return code == http.StatusServiceUnavailable && strings.Contains(body, "\nstore: does not answer")
	})
	t.Logf("during the outage /readyz says:\n%s", body)
	// A feed added meanwhile (by an operator on another host, straight to
	// the database) waits: the replica claims nothing it cannot record.
	other, err := postgres.Open(t.Context(), direct, postgres.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if err := other.AddFeed(t.Context(), store.FeedSpec{URL: pub.URL + "/second", Added: time.Now().UTC()}); err != nil {
		t.Fatal(err)
	}
	// Delivery kept reading the outbox past the 30 failed reads after
	// which it used to end the process.
	wait("31 failed reads of the outbox", 60*time.Second, func() bool {
		return strings.Contains(logs.String(), `"msg":"read outbox"`) && strings.Contains(logs.String(), `"count":31`)
	})
	if n := feeds.count("/second"); n != 0 {
		t.Errorf("the feed added during the outage was fetched %d times before the database came back", n)
	}

	proxy.setCut(false)
	wait("ready again", 30*time.Second, func() bool { code, _ := readyz(); return code == http.StatusOK })
	wait("the feed added during the outage polled and its state saved", 30*time.Second, func() bool {
		st, err := other.FeedState(t.Context(), pub.URL+"/second")
		return err == nil && !st.LastSuccess.IsZero()
	})
	if n := feeds.count("/second"); n != 1 {
		t.Errorf("the feed added during the outage was fetched %d times, want once", n)
	}

	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("briefbot run exited with %d after cancellation; log:\n%s", code, logs.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatal("briefbot run did not shut down")
	}
	if feeds.count("/first") != 1 {
		t.Errorf("the first feed was fetched %d times, want once (its interval is an hour)", feeds.count("/first"))
	}
}
