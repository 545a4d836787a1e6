package slackbot

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"briefbot/bot"
	"briefbot/brief"
)

// restarted starts a second adapter over the harness's store, as the bot
// does after a restart: a new process with nothing in memory. Its answers
// are queued in the same outbox, which the harness's dispatcher delivers.
// srv nil means the real core.
func (h *harness) restarted(t *testing.T, mode string, srv bot.Server) (*Adapter, *httptest.Server) {
	t.Helper()
	logger := slogTo(h.logs)
	if srv == nil {
		handler := bot.NewHandler(h.st, testTopics, nil, bot.Options{Now: func() time.Time { return testNow }, Logger: logger})
		srv = &bot.Bot{Handler: handler, Dispatcher: bot.NewDispatcher(h.st, bot.DispatcherOptions{Logger: logger})}
	}
	opt := Options{BotToken: testBotToken, APIURL: h.fake.APIURL(), Logger: logger, PerChannel: time.Millisecond, Inbox: h.st,
		Intake: bot.IntakeOptions{Lease: 300 * time.Millisecond, Poll: 20 * time.Millisecond}}
	if mode == ModeHTTP {
		opt.SigningSecret = testSecret
	} else {
		opt.AppToken = testAppToken
	}
	ad, err := New(srv, opt)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- ad.Run(ctx) }()
	var web *httptest.Server
	if mode == ModeHTTP {
		web = httptest.NewServer(ad.Handler())
	}
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run of the restarted adapter: %v", err)
		}
		if web != nil {
			web.Close()
		}
	})
	waitFor(t, "auth.test of the restarted adapter", func() bool { return ad.whoami().UserID != "" })
	return ad, web
}

// signedCommand is a slash command's form body, signed now.
func signedCommand(h *harness, trigger, channel, text string) (body, ts, sig string) {
	form := url.Values{}
	for k, v := range slashCommand(trigger, channel, "U1", text, h.fake.hookURL(trigger)) {
		form.Set(k, v)
	}
	now := time.Now().Unix()
	body = form.Encode()
	return body, strconv.FormatInt(now, 10), signature(testSecret, now, body)
}

func postTo(t *testing.T, base, path, body, ts, sig string) int {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, base+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Slack-Request-Timestamp", ts)
	req.Header.Set("X-Slack-Signature", sig)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

func subscribed(t *testing.T, h *harness, channel, topic string) bool {
	t.Helper()
	subs, err := h.st.Subscriptions(context.Background(), brief.ChannelRef{Platform: brief.PlatformSlack, ID: channel})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range subs {
		if s.TopicID == topic {
			return true
		}
	}
	return false
}

func TestReplayWithTheMACInUpperCaseIsRefused(t *testing.T) {
	h := newHarness(t, setup{mode: ModeHTTP})
	body, ts, sig := signedCommand(h, "trig-sub", "C1", "subscribe jcpoa")
	if code := postTo(t, h.web.URL, "/slack/commands", body, ts, sig); code != http.StatusOK {
		t.Fatalf("original: %d, want 200", code)
	}
	// Hex is read in either case, so this is the same MAC spelt otherwise.
	upper := "v0=" + strings.ToUpper(strings.TrimPrefix(sig, "v0="))
	if code := postTo(t, h.web.URL, "/slack/commands", body, ts, upper); code != http.StatusUnauthorized {
		t.Errorf("replay with the MAC in upper case: %d, want 401", code)
	}
	h.settle()
	if n := len(h.delivered()); n != 1 {
		t.Errorf("delivered %d answers, want 1 (the original's)", n)
	}
}

// The case: a replayed /brief subscribe re-subscribed a channel
// that had unsubscribed, because the replay cache lived in memory.
func TestReplayAfterRestartDoesNothing(t *testing.T) {
	h := newHarness(t, setup{mode: ModeHTTP})
	subBody, subTS, subSig := signedCommand(h, "trig-sub", "C1", "subscribe jcpoa")
	if code := postTo(t, h.web.URL, "/slack/commands", subBody, subTS, subSig); code != http.StatusOK {
		t.Fatalf("subscribe: %d, want 200", code)
	}
	waitFor(t, "the subscribe answer", func() bool { return len(h.fake.Delivered()) == 1 })
	unBody, unTS, unSig := signedCommand(h, "trig-unsub", "C1", "unsubscribe jcpoa")
	if code := postTo(t, h.web.URL, "/slack/commands", unBody, unTS, unSig); code != http.StatusOK {
		t.Fatalf("unsubscribe: %d, want 200", code)
	}
	waitFor(t, "the unsubscribe answer", func() bool { return len(h.fake.Delivered()) == 2 })
	if subscribed(t, h, "C1", "jcpoa") {
		t.Fatal("still subscribed after /brief unsubscribe")
	}

	h.stopAdapter()
	_, web := h.restarted(t, ModeHTTP, nil)
	// Within the 5-minute window, so the signature and timestamp pass.
	for _, sig := range []string{subSig, "v0=" + strings.ToUpper(strings.TrimPrefix(subSig, "v0="))} {
		if code := postTo(t, web.URL, "/slack/commands", subBody, subTS, sig); code != http.StatusOK && code != http.StatusUnauthorized {
			t.Errorf("replay after restart: %d, want it acknowledged (200) or refused (401)", code)
		}
	}
	// A command that is new is served: the replays were not stuck behind it.
	body, ts, sig := signedCommand(h, "trig-topics", "C1", "topics")
	if code := postTo(t, web.URL, "/slack/commands", body, ts, sig); code != http.StatusOK {
		t.Fatalf("a new command after restart: %d, want 200", code)
	}
	waitFor(t, "the answer to the new command", func() bool { return len(h.fake.Delivered()) >= 3 })
	h.settle()
	if subscribed(t, h, "C1", "jcpoa") {
		t.Error("the replayed /brief subscribe re-subscribed the channel after a restart")
	}
	if n := len(h.fake.Delivered()); n != 3 {
		t.Errorf("delivered %d answers, want 3 (subscribe, unsubscribe, topics): a replay was answered", n)
	}
}

// stuck is the bot core of a process that dies after acknowledging a
// request and before queuing its answer: it never gets to answer.
type stuck struct{ entered chan string }

func (s stuck) Serve(ctx context.Context, req bot.Request) error {
	select {
	case s.entered <- req.ID:
	default:
	}
	<-ctx.Done()
	return ctx.Err()
}

func TestAcknowledgedCommandIsAnsweredAfterARestart(t *testing.T) {
	for _, mode := range []string{ModeHTTP, ModeSocket} {
		t.Run(mode, func(t *testing.T) {
			h := newHarness(t, setup{mode: mode})
			h.stopAdapter() // the harness's own adapter takes no part
			dead := stuck{entered: make(chan string, 1)}
			first, web := h.restarted(t, mode, dead)
			c := slashCommand("trig-lost", "C1", "U1", "subscribe jcpoa", h.fake.hookURL("lost"))
			if mode == ModeHTTP {
				form := url.Values{}
				for k, v := range c {
					form.Set(k, v)
				}
				now := time.Now().Unix()
				body := form.Encode()
				if code := postTo(t, web.URL, "/slack/commands", body, strconv.FormatInt(now, 10), signature(testSecret, now, body)); code != http.StatusOK {
					t.Fatalf("command: %d, want 200", code)
				}
			} else {
				h.fake.send("env-lost", "slash_commands", c)
				waitFor(t, "ack of env-lost", func() bool { return h.fake.acked("env-lost") })
			}
			<-dead.entered
			_ = first

			// The next process serves what the dead one acknowledged.
			h.restarted(t, mode, nil)
			waitFor(t, "the answer to the acknowledged command", func() bool { return len(h.fake.Delivered()) == 1 })
			if !subscribed(t, h, "C1", "jcpoa") {
				t.Error("the acknowledged /brief subscribe did not act")
			}
			if mode == ModeSocket {
				// Slack redelivers an envelope it thinks was lost; the
				// command must not run again.
				h.fake.send("env-lost-again", "slash_commands", c)
				waitFor(t, "ack of the redelivery", func() bool { return h.fake.acked("env-lost-again") })
			}
			h.settle()
			if n := len(h.fake.Delivered()); n != 1 {
				t.Errorf("delivered %d answers, want exactly 1", n)
			}
		})
	}
}

func TestUnsignedRequestIsRefusedBeforeItsBodyIsRead(t *testing.T) {
	h := newHarness(t, setup{mode: ModeHTTP})
	for _, hdr := range []string{
		"",
		"X-Slack-Signature: v0=00\r\n",
		"X-Slack-Request-Timestamp: " + strconv.FormatInt(time.Now().Unix(), 10) + "\r\n",
		"X-Slack-Signature: v0=00\r\nX-Slack-Request-Timestamp: " + strconv.FormatInt(time.Now().Add(-time.Hour).Unix(), 10) + "\r\n",
	} {
		conn, err := net.Dial("tcp", strings.TrimPrefix(h.web.URL, "http://"))
		if err != nil {
			t.Fatal(err)
		}
		// The body is announced and never sent: a slow client.
		_, err = io.WriteString(conn, "POST /slack/commands HTTP/1.1\r\nHost: bot\r\n"+
			"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 4096\r\n"+hdr+"\r\n")
		if err != nil {
			t.Fatal(err)
		}
		// Only a guard against hanging the test: the answer needs no body.
		_ = conn.SetReadDeadline(time.Now().Add(10 * time.Second))
		buf := make([]byte, 64)
		n, err := io.ReadAtLeast(conn, buf, len("HTTP/1.1 401"))
		conn.Close()
		if err != nil || !strings.HasPrefix(string(buf[:n]), "HTTP/1.1 401") {
			t.Errorf("headers %q: got %q, %v; want 401 before the body arrives", hdr, buf[:n], err)
		}
	}
}
