package main

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/sync/errgroup"

	"briefbot/bot"
	"briefbot/bot/slackbot"
	"briefbot/store/sqlite"
)

// shortLimits make the server give up on slow clients in well under a
// second, so the test sees it happen.
func shortLimits() httpLimits {
	return httpLimits{ReadHeader: 300 * time.Millisecond, Read: 600 * time.Millisecond, Write: 2 * time.Second,
		Idle: 600 * time.Millisecond, MaxHeaderBytes: 4 << 10, MaxConcurrent: 4}
}

// serveForTest runs the bot's HTTP server over h on a loopback port and
// returns its address.
func serveForTest(t *testing.T, h http.Handler, lim httpLimits) string {
	t.Helper()
	var g errgroup.Group
	// t.Context ends before the cleanups run, which shuts the server down.
	addr, err := startHTTP(t.Context(), &g, "127.0.0.1:0", h, lim, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := g.Wait(); err != nil {
			t.Errorf("HTTP server: %v", err)
		}
	})
	return addr
}

// closedByServer reads what the server sends until it closes the connection.
// The read deadline only guards the test against hanging: a server that
// keeps a slow client forever makes it expire, which is the failure.
func closedByServer(conn net.Conn) error {
	_ = conn.SetReadDeadline(time.Now().Add(15 * time.Second))
	_, err := io.Copy(io.Discard, conn)
	if ne, ok := errors.AsType[net.Error](err); ok && ne.Timeout() {
		return errors.New("the server still holds the connection")
	}
	return nil
}

// trickle writes one byte at a time, as the slow clients in the issue did,
// until the connection breaks.
func trickle(conn net.Conn, stop <-chan struct{}) {
	t := time.NewTicker(100 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
			if _, err := conn.Write([]byte("a")); err != nil {
				return
			}
		}
	}
}

func TestSlowClientsAreCutOff(t *testing.T) {
	bodyReader := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body) // as the Slack endpoints read a signed body
		w.WriteHeader(http.StatusOK)
	})
	addr := serveForTest(t, bodyReader, shortLimits())
	cases := []struct {
		name  string
		start string // sent at once; then one byte per 100ms
	}{
		{"headers sent a byte at a time", "POST /slack/commands HTTP/1.1\r\nHost: bot\r\nX-Slack-"},
		{"body sent a byte at a time", "POST /slack/commands HTTP/1.1\r\nHost: bot\r\n" +
			"X-Slack-Request-Timestamp: 1\r\nX-Slack-Signature: v0=00\r\nContent-Length: 100000\r\n\r\n"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			conn, err := net.Dial("tcp", addr)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			if _, err := io.WriteString(conn, c.start); err != nil {
				t.Fatal(err)
			}
			stop := make(chan struct{})
			var wg sync.WaitGroup
			wg.Go(func() { trickle(conn, stop) })
			if err := closedByServer(conn); err != nil {
				t.Error(err)
			}
			close(stop)
			wg.Wait()
		})
	}
	t.Run("idle keep-alive connection", func(t *testing.T) {
		t.Parallel()
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		if _, err := io.WriteString(conn, "GET /healthz HTTP/1.1\r\nHost: bot\r\n\r\n"); err != nil {
			t.Fatal(err)
		}
		if err := closedByServer(conn); err != nil {
			t.Error(err)
		}
	})
}

func TestOversizedHeadersAreRefused(t *testing.T) {
	addr := serveForTest(t, http.NotFoundHandler(), shortLimits())
	req, _ := http.NewRequest(http.MethodPost, "http://"+addr+"/slack/commands", strings.NewReader("x"))
	req.Header.Set("X-Filler", strings.Repeat("a", 16<<10))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
		t.Errorf("16 KiB of headers: %s, want 431", resp.Status)
	}
}

func TestConcurrentRequestsAreCapped(t *testing.T) {
	entered := make(chan struct{})
	release := make(chan struct{})
	slow := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/slow" {
			entered <- struct{}{}
			<-release
		}
		w.WriteHeader(http.StatusOK)
	})
	lim := shortLimits()
	lim.MaxConcurrent = 2
	addr := serveForTest(t, slow, lim)
	client := &http.Client{Timeout: 10 * time.Second}
	get := func(path string) (int, error) {
		resp, err := client.Get("http://" + addr + path)
		if err != nil {
			return 0, err
		}
		resp.Body.Close()
		return resp.StatusCode, nil
	}
	var g errgroup.Group
	for range lim.MaxConcurrent {
		g.Go(func() error {
			code, err := get("/slow")
			if err == nil && code != http.StatusOK {
				err = fmt.Errorf("a request within the cap: %d", code)
			}
			return err
		})
		<-entered
	}
	code, err := get("/fast")
	if err != nil || code != http.StatusServiceUnavailable {
		t.Errorf("a request over the cap: %d, %v; want 503", code, err)
	}
	close(release)
	if err := g.Wait(); err != nil {
		t.Error(err)
	}
	if code, err := get("/fast"); err != nil || code != http.StatusOK {
		t.Errorf("a request once the others finished: %d, %v; want 200", code, err)
	}
}

// The case: 150 unsigned POSTs to /slack/commands, each sending
// its body a byte at a time, were all still open after 70 seconds. With
// the real Slack endpoints behind the server, every one is closed.
func TestUnsignedTricklingSlackPostsAreClosed(t *testing.T) {
	st, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "briefbot.db"), sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	core := &bot.Bot{Handler: bot.NewHandler(st, nil, nil, bot.Options{}), Dispatcher: bot.NewDispatcher(st, bot.DispatcherOptions{})}
	a, err := slackbot.New(core, slackbot.Options{BotToken: "xoxb-1-2-slowclients", SigningSecret: "slow-clients-secret",
		APIURL: "http://127.0.0.1:1/api/", Inbox: st})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle("/slack/", a.Handler())
	addr := serveForTest(t, mux, shortLimits())

	const clients = 150
	var g errgroup.Group
	var trickling sync.WaitGroup
	stop := make(chan struct{})
	defer func() {
		close(stop)
		trickling.Wait()
	}()
	for i := range clients {
		g.Go(func() error {
			conn, err := net.Dial("tcp", addr)
			if err != nil {
				return err
			}
			defer conn.Close()
			if _, err := io.WriteString(conn, "POST /slack/commands HTTP/1.1\r\nHost: bot\r\n"+
				"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 4096\r\n\r\n"); err != nil {
				return err
			}
			trickling.Go(func() { trickle(conn, stop) })
			if err := closedByServer(conn); err != nil {
				return fmt.Errorf("client %d: %w", i, err)
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		t.Error(err)
	}
}
