package telegrambot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"briefbot/bot"
	"briefbot/brief"
)

func newServer(t *testing.T, h http.Handler) string {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv.URL
}

// nopServer is a bot.Server for tests that only send.
type nopServer struct{}

func (nopServer) Serve(context.Context, bot.Request) error { return nil }

func TestAddressed(t *testing.T) {
	cases := []struct {
		name    string
		text    string
		private bool
		want    string
		ok      bool
	}{
		{"command to this bot", "/brief@ThisBot iran_russia", false, "/brief iran_russia", true},
		{"mention matched case-insensitively", "/brief@thisbot iran_russia 7d", false, "/brief iran_russia 7d", true},
		{"command to another bot", "/brief@OtherBot iran_russia", false, "", false},
		{"another bot in a private chat too", "/brief@OtherBot iran_russia", true, "", false},
		{"bare known command in a group", "/topics", false, "/topics", true},
		{"bare unknown command in a group", "/weather Tehran", false, "", false},
		{"unknown command in a private chat reaches the core", "/weather", true, "/weather", true},
		{"group chatter", "iran_russia is busy today", false, "", false},
		{"private chatter", "hello", true, "hello", true},
		{"deep-link payload dropped", "/start ref_123", true, "/start", true},
		{"start to this bot in a group", "/start@ThisBot", false, "/start", true},
		{"command name case folded", "/BRIEF sco", false, "/brief sco", true},
		{"arguments on the next line", "/brief@ThisBot\niran_russia", false, "/brief\niran_russia", true},
		{"empty", "", true, "", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, ok := addressed(c.text, c.private, "ThisBot")
			if got != c.want || ok != c.ok {
				t.Errorf("addressed(%q, private=%v) = %q, %v; want %q, %v", c.text, c.private, got, ok, c.want, c.ok)
			}
		})
	}
}

func TestNewValidates(t *testing.T) {
	ok := Options{Token: testToken}
	cases := []struct {
		name string
		edit func(*Options)
		want string // part of the error; empty for none
	}{
		{"defaults", func(*Options) {}, ""},
		{"no token", func(o *Options) { o.Token = "" }, "no token"},
		{"unknown mode", func(o *Options) { o.Mode = "push" }, `mode "push"`},
		{"webhook without URL", func(o *Options) { o.Mode = ModeWebhook; o.WebhookSecret = "abc" }, "WEBHOOK_URL"},
		{"webhook over http", func(o *Options) {
			o.Mode, o.WebhookURL, o.WebhookSecret = ModeWebhook, "http://bot.example/telegram/webhook", "abc"
		}, "WEBHOOK_URL"},
		{"webhook without secret", func(o *Options) { o.Mode, o.WebhookURL = ModeWebhook, "https://bot.example/telegram/webhook" }, "WEBHOOK_SECRET"},
		{"webhook secret with bad characters", func(o *Options) {
			o.Mode, o.WebhookURL, o.WebhookSecret = ModeWebhook, "https://bot.example/telegram/webhook", "a b"
		}, "WEBHOOK_SECRET"},
		{"webhook", func(o *Options) {
			o.Mode, o.WebhookURL, o.WebhookSecret = ModeWebhook, "https://bot.example/telegram/webhook", "Abc_1-2"
		}, ""},
		{"API base URL", func(o *Options) { o.APIURL = "http://localhost:8081/" }, ""},
		{"API endpoint format", func(o *Options) { o.APIURL = "http://localhost:8081/bot%s/%s" }, ""},
		{"API URL not http", func(o *Options) { o.APIURL = "ftp://x" }, "API URL"},
		{"HTTP timeout shorter than the long poll", func(o *Options) {
			o.HTTPClient, o.PollTimeout = &http.Client{Timeout: 30 * time.Second}, 50*time.Second
		}, "must exceed the long-poll timeout"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			o := ok
			c.edit(&o)
			_, err := New(nopServer{}, o)
			switch {
			case c.want == "" && err != nil:
				t.Errorf("New: %v", err)
			case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
				t.Errorf("New error %v, want one mentioning %q", err, c.want)
			}
			if err != nil && strings.Contains(err.Error(), testToken) {
				t.Errorf("error holds the token: %v", err)
			}
		})
	}
	if got, _ := apiEndpoint("http://localhost:8081/"); got != "http://localhost:8081/bot%s/%s" {
		t.Errorf("base URL becomes %q", got)
	}
}

// sendOnly is an adapter that only sends, to the fake, with flood limits
// loose enough not to slow the test.
func sendOnly(t *testing.T, tg *fakeTelegram, logs *logRecorder) *Adapter {
	t.Helper()
	a, err := New(nopServer{}, Options{Token: testToken, APIURL: tg.endpoint(), Logger: logs.logger()})
	if err != nil {
		t.Fatal(err)
	}
	a.limits = newLimiter(fastLimits)
	return a
}

var fastLimits = limits{chatEvery: time.Millisecond, groupEvery: time.Millisecond, groupBurst: 100, global: 1000, burst: 100}

func TestSendErrors(t *testing.T) {
	notice := bot.Response{Kind: bot.KindNotice, Text: "hello"}
	cases := []struct {
		name          string
		faults        []fault
		undeliverable bool
		retryAfter    time.Duration
	}{
		{"bot blocked", []fault{apiErr(403, "Forbidden: bot was blocked by the user", nil)}, true, 0},
		{"bot kicked", []fault{apiErr(403, "Forbidden: bot was kicked from the supergroup chat", nil)}, true, 0},
		{"chat not found", []fault{apiErr(400, "Bad Request: chat not found", nil)}, true, 0},
		{"forum topic deleted", []fault{apiErr(400, "Bad Request: message thread not found", nil)}, true, 0},
		{"group migrated", []fault{apiErr(400, "Bad Request: group chat was upgraded to a supergroup chat", map[string]any{"migrate_to_chat_id": -100123})}, true, 0},
		{"server error is retried later", []fault{apiErr(502, "Bad Gateway", nil)}, false, 0},
		{"dropped connection is retried later", []fault{drop}, false, 0},
		{"429 longer than the deadline", []fault{apiErr(429, "Too Many Requests: retry after 30", map[string]any{"retry_after": 30})}, false, 30 * time.Second},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tg := newFake(t, testToken)
			tg.fail("sendMessage", c.faults...)
			a := sendOnly(t, tg, &logRecorder{})
			ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
			defer cancel()
			err := a.Send(ctx, bot.Delivery{Channel: brief.ChannelRef{Platform: platform, ID: "-1002001", Thread: "5"}, Response: notice})
			if err == nil {
				t.Fatal("Send succeeded")
			}
			if got := errors.Is(err, brief.ErrUndeliverable); got != c.undeliverable {
				t.Errorf("errors.Is(%v, ErrUndeliverable) = %v, want %v", err, got, c.undeliverable)
			}
			ra, isRA := errors.AsType[*brief.RetryAfterError](err)
			if c.retryAfter != 0 && (!isRA || ra.Wait != c.retryAfter) {
				t.Errorf("error %v, want a RetryAfterError of %v", err, c.retryAfter)
			}
			if strings.Contains(err.Error(), testToken) {
				t.Errorf("error holds the token: %v", err)
			}
		})
	}
}

func TestSendFallsBackToPlainTextWhenTelegramRefusesHTML(t *testing.T) {
	tg := newFake(t, testToken)
	tg.fail("sendMessage", apiErr(400, "Bad Request: can't parse entities: unsupported start tag", nil))
	a := sendOnly(t, tg, &logRecorder{})
	r := bot.Response{Kind: bot.KindError, Text: "Unknown topic \"<x>\".", Hint: "/topics"}
	if err := a.Send(t.Context(), bot.Delivery{Channel: brief.ChannelRef{Platform: platform, ID: "7001"}, Response: r}); err != nil {
		t.Fatal(err)
	}
	sent := tg.sent()
	if len(sent) != 1 || sent[0].Params.Has("parse_mode") || sent[0].Plain != "⚠️ Unknown topic \"<x>\".\n\nTry: /topics" {
		t.Errorf("sent %v %q", sent[0].Params, sent[0].Plain)
	}
}

func TestSendResumesAfterThePartsAlreadySent(t *testing.T) {
	tg := newFake(t, testToken)
	tg.fail("sendMessage", nil, drop) // the first part goes through, the second is lost
	a := sendOnly(t, tg, &logRecorder{})
	var stories []brief.Story
	for i := range 5 {
		// Summaries are capped, but escaping still makes these long.
		s := story(i+1, fmt.Sprintf("Story %d ", i+1)+strings.Repeat("<&> ", 100), "https://news.example/x")
		s.Match.Summary = []string{strings.Repeat("Iran <&> Russia. ", 40)}
		stories = append(stories, s)
	}
	r := bot.Response{Kind: bot.KindBriefing, Briefing: briefing(stories, 5)}
	want := render(r, time.Now(), MaxMessageLen)
	ch := brief.ChannelRef{Platform: platform, ID: "7001"}
	// The dispatcher records each accepted part and hands the count to
	// the next attempt, in this process or after a restart.
	done := 0
	d := bot.Delivery{Channel: ch, Hint: "12", Response: r, Accepted: func(n int) { done = n }}
	if err := a.Send(t.Context(), d); err == nil {
		t.Fatal("first Send succeeded despite the dropped connection")
	}
	if done != 1 {
		t.Fatalf("accepted parts reported = %d, want 1", done)
	}
	d.Done = done
	if err := a.Send(t.Context(), d); err != nil {
		t.Fatalf("second Send: %v", err)
	}
	sent := tg.sent()
	if len(sent) != len(want) {
		t.Fatalf("%d parts delivered, want each of the %d once", len(sent), len(want))
	}
	for i, c := range sent {
		if c.Params.Get("text") != want[i].HTML {
			t.Errorf("part %d delivered out of order or twice", i+1)
		}
	}
}

func TestFloodLimits(t *testing.T) {
	// maxIn reports the most sends within any window of length w.
	maxIn := func(times []time.Time, w time.Duration) int {
		best := 0
		for i := range times {
			n := 0
			for j := i; j < len(times) && times[j].Sub(times[i]) < w; j++ {
				n++
			}
			best = max(best, n)
		}
		return best
	}
	cases := []struct {
		name   string
		chats  func(i int) int64
		sends  int
		window time.Duration
		limit  int
	}{
		{"one message a second in a chat", func(int) int64 { return 7001 }, 10, time.Second, 1},
		{"20 a minute in a group", func(int) int64 { return -1002001 }, 45, time.Minute, 20},
		{"30 a second overall", func(i int) int64 { return int64(8000 + i) }, 120, time.Second, 30},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				l := newLimiter(defaultLimits)
				var times []time.Time
				for i := range c.sends {
					if err := l.wait(t.Context(), c.chats(i)); err != nil {
						t.Fatal(err)
					}
					times = append(times, time.Now())
				}
				if got := maxIn(times, c.window); got > c.limit {
					t.Errorf("%d sends within %v, want at most %d", got, c.window, c.limit)
				}
			})
		})
	}
	t.Run("a 429 pauses the chat", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			l := newLimiter(defaultLimits)
			start := time.Now()
			l.pause(7001, 7*time.Second)
			if err := l.wait(t.Context(), 7001); err != nil {
				t.Fatal(err)
			}
			if waited := time.Since(start); waited < 7*time.Second {
				t.Errorf("sent %v after a 7s retry_after", waited)
			}
		})
	})
}

func TestScrubbing(t *testing.T) {
	sc := newScrubber(testToken)
	// A real transport error: the library quotes the URL, token included.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { drop(w) }))
	defer srv.Close()
	c := newClient(testToken, srv.URL+"/bot%s/%s", srv.Client(), sc)
	_, err := c.raw(t.Context(), "getMe", nil)
	if err == nil {
		t.Fatal("getMe over a dropped connection succeeded")
	}
	if strings.Contains(err.Error(), testToken) || !strings.Contains(err.Error(), "bot[redacted]/getMe") {
		t.Errorf("transport error not scrubbed: %v", err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := c.raw(ctx, "getMe", nil); !errors.Is(err, context.Canceled) || strings.Contains(err.Error(), testToken) {
		t.Errorf("cancelled call: %v; want a scrubbed error that is context.Canceled", err)
	}

	logs := &logRecorder{}
	log := slog.New(scrubHandler{next: slog.NewTextHandler(logs, nil), scrub: sc}).With("url", "https://x/bot"+testToken+"/getMe")
	log.Warn("call https://x/bot"+testToken, "error", err, "group", slog.GroupValue(slog.String("t", testToken)), "any", []string{testToken})
	for _, l := range logs.lines() {
		if strings.Contains(l, testToken) {
			t.Errorf("log line holds the token: %s", l)
		}
	}
}

// TestLibraryLogScrubbed writes through the logger given to the library,
// as the library does. It is not parallel: the library has one logger.
func TestLibraryLogScrubbed(t *testing.T) {
	logs := &logRecorder{}
	if _, err := New(nopServer{}, Options{Token: testToken, Logger: logs.logger()}); err != nil {
		t.Fatal(err)
	}
	libLog.printer.Printf("Post \"https://api.telegram.org/bot%s/getUpdates\": EOF", testToken)
	libLog.printer.Println("Failed to get updates, retrying in 3 seconds...")
	lines := logs.lines()
	if len(lines) != 2 {
		t.Fatalf("library lines not logged: %q", lines)
	}
	for _, l := range lines {
		if strings.Contains(l, testToken) || !strings.Contains(l, "component=telegram-bot-api") {
			t.Errorf("library log line %s", l)
		}
	}
}
