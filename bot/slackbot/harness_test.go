package slackbot

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"briefbot/bot"
	"briefbot/brief"
	"briefbot/store"
	"briefbot/store/sqlite"
)

// testNow is the bot core's clock: briefing windows end here.
var testNow = time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)

var testTopics = []brief.Topic{
	iranRussia,
	jcpoa,
	{ID: "sco", Title: "Shanghai Cooperation Organisation"},
}

// syncBuffer collects log output from many goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func slogTo(w io.Writer) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// harness runs the real bot core (Handler, Dispatcher, Bot over SQLite on
// a file) with the adapter against a fake Slack.
type harness struct {
	t    *testing.T
	fake *fakeSlack
	st   *sqlite.Store
	ad   *Adapter
	web  *httptest.Server // HTTP mode: the adapter's endpoints
	logs *syncBuffer

	stopOnce sync.Once
	runErr   error
	runDone  chan struct{}
	cancel   context.CancelFunc
}

type setup struct {
	mode     string // ModeSocket or ModeHTTP
	pageSize int
	seed     func(ctx context.Context, st store.Store) // stories; nil means seedStories
}

func newHarness(t *testing.T, s setup) *harness {
	t.Helper()
	return newHarnessWith(t, s, nil)
}

// newHarnessAfter starts a Socket Mode harness after prepare has
// scripted the fake Slack.
func newHarnessAfter(t *testing.T, prepare func(*fakeSlack)) *harness {
	t.Helper()
	return newHarnessWith(t, setup{mode: ModeSocket}, prepare)
}

func newHarnessWith(t *testing.T, s setup, prepare func(*fakeSlack)) *harness {
	t.Helper()
	h := &harness{t: t, fake: newFakeSlack(t), logs: &syncBuffer{}, runDone: make(chan struct{})}
	if prepare != nil {
		prepare(h.fake)
	}
	logger := slogTo(h.logs)
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "briefbot.db"), sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	h.st = st
	seed := s.seed
	if seed == nil {
		seed = seedStories
	}
	seed(ctx, st)

	handler := bot.NewHandler(st, testTopics, nil, bot.Options{PageSize: s.pageSize, Now: func() time.Time { return testNow }, Logger: logger})
	disp := bot.NewDispatcher(st, bot.DispatcherOptions{Poll: 10 * time.Millisecond, MinBackoff: 10 * time.Millisecond, MaxBackoff: 50 * time.Millisecond, Logger: logger})
	opt := Options{BotToken: testBotToken, APIURL: h.fake.APIURL(), Logger: logger, PerChannel: time.Millisecond, Inbox: st}
	if s.mode == ModeHTTP {
		opt.SigningSecret = testSecret
	} else {
		opt.AppToken = testAppToken
	}
	ad, err := New(&bot.Bot{Handler: handler, Dispatcher: disp}, opt)
	if err != nil {
		t.Fatal(err)
	}
	h.ad = ad
	disp.Register(brief.PlatformSlack, ad)
	if s.mode == ModeHTTP {
		h.web = httptest.NewServer(ad.Handler())
	}

	dctx, dcancel := context.WithCancel(ctx)
	actx, acancel := context.WithCancel(ctx)
	h.cancel = acancel
	dispDone := make(chan error, 1)
	go func() { dispDone <- disp.Run(dctx) }()
	go func() {
		defer close(h.runDone)
		h.runErr = ad.Run(actx)
	}()
	t.Cleanup(func() {
		h.stopAdapter()
		dcancel()
		if err := <-dispDone; err != nil {
			t.Errorf("dispatcher: %v", err)
		}
		if h.web != nil {
			h.web.Close()
		}
		if err := st.Close(); err != nil {
			t.Errorf("close store: %v", err)
		}
		logs := h.logs.String()
		for _, secret := range []string{testBotToken, testAppToken, testSecret} {
			if strings.Contains(logs, secret) {
				t.Errorf("a secret appears in the logs:\n%s", logs)
			}
		}
		if t.Failed() {
			t.Logf("logs:\n%s", logs)
		}
	})
	waitFor(t, "auth.test", func() bool { return ad.whoami().UserID != "" })
	return h
}

// stopAdapter cancels Run and waits for it: every acknowledged request
// has then been handed to the bot.
func (h *harness) stopAdapter() {
	h.stopOnce.Do(func() {
		h.cancel()
		<-h.runDone
		if h.runErr != nil {
			h.t.Errorf("Run returned %v, want nil after cancellation", h.runErr)
		}
	})
}

// settle stops the adapter and waits until the outbox has delivered
// everything, so the recorded calls are final.
func (h *harness) settle() {
	h.t.Helper()
	h.stopAdapter()
	waitFor(h.t, "the outbox to drain", func() bool {
		msgs, err := h.st.Messages(context.Background(), store.StatusPending)
		return err == nil && len(msgs) == 0
	})
}

func article(id, feed, source, title string, published time.Time) brief.Article {
	return brief.Article{ID: id, FeedURL: "https://" + feed + "/rss", Source: source, Title: title,
		Link: "https://" + feed + "/" + id, Text: title + ".", Published: published, Fetched: published}
}

func save(ctx context.Context, st store.Store, a brief.Article, topic string, summary []string, terms ...string) {
	var hits []brief.Hit
	for _, term := range terms {
		hits = append(hits, brief.Hit{Term: term, Found: term, Field: "title"})
	}
	m := brief.Match{ArticleID: a.ID, TopicID: topic, Score: 2, Hits: hits, Summary: summary}
	if err := st.SaveArticle(ctx, a, []brief.Match{m}, store.SaveOptions{Now: testNow, NoAlerts: true}); err != nil && !errors.Is(err, brief.ErrDuplicate) {
		panic(err)
	}
}

// seedStories stores three Iran–Russia stories in the last 24 hours (one
// carried by two feeds), one older, and one JCPOA story.
func seedStories(ctx context.Context, st store.Store) {
	gas := article("ir-gas", "wire.example", "Wire One", "Iran and Russia sign 20-year gas deal", testNow.Add(-2*time.Hour))
	save(ctx, st, gas, "iran-russia", []string{"Iran and Russia signed a 20-year gas supply agreement in Moscow on Thursday.", "Deliveries start next year."}, "Iran", "Russia")
	again := gas
	again.FeedURL, again.Source = "https://daily.example/rss", "Daily Two"
	save(ctx, st, again, "iran-russia", nil)
	save(ctx, st, article("ir-lavrov", "daily.example", "Daily Two", "Lavrov meets Araghchi in Tehran", testNow.Add(-5*time.Hour)),
		"iran-russia", []string{"Russia's foreign minister held talks with his Iranian counterpart in Tehran."}, "Russia", "Iranian")
	save(ctx, st, article("ir-drones", "radio.example", "Radio Three", "Drone parts shipment questioned", testNow.Add(-9*time.Hour)),
		"iran-russia", []string{"Officials questioned a shipment of drone parts from Iran to Russia."}, "Iran", "Russia")
	save(ctx, st, article("ir-old", "wire.example", "Wire One", "Caspian summit ends", testNow.Add(-30*time.Hour)),
		"iran-russia", []string{"The Caspian summit ended with a joint statement by Iran and Russia."}, "Iran", "Russia")
	save(ctx, st, article("jc-iaea", "wire.example", "Wire One", "IAEA reports on enrichment", testNow.Add(-3*time.Hour)),
		"jcpoa", []string{"The IAEA said enrichment continued at Fordow."}, "IAEA")
}

// Payload builders, shaped like Slack's.

func slashCommand(trigger, channel, user, text, responseURL string) map[string]string {
	return map[string]string{"token": "verification-token-unused", "team_id": "T1", "team_domain": "briefbot-test",
		"channel_id": channel, "channel_name": "news", "user_id": user, "user_name": "ana",
		"command": "/brief", "text": text, "response_url": responseURL, "trigger_id": trigger, "api_app_id": "A1"}
}

func eventCallback(eventID string, event map[string]any) map[string]any {
	return map[string]any{"token": "verification-token-unused", "team_id": "T1", "api_app_id": "A1", "type": "event_callback",
		"event_id": eventID, "event_time": 1764244800, "event": event}
}

func dmEvent(eventID, channel, user, text string, extra map[string]any) map[string]any {
	ev := map[string]any{"type": "message", "channel": channel, "channel_type": "im", "user": user, "text": text,
		"ts": "1764244800.000100", "event_ts": "1764244800.000100"}
	for k, v := range extra {
		ev[k] = v
	}
	return eventCallback(eventID, ev)
}

func mentionEvent(eventID, channel, user, text, thread string) map[string]any {
	ev := map[string]any{"type": "app_mention", "channel": channel, "user": user, "text": text,
		"ts": "1764244800.000200", "event_ts": "1764244800.000200"}
	if thread != "" {
		ev["thread_ts"] = thread
	}
	return eventCallback(eventID, ev)
}

func buttonPress(trigger, channel, user, actionID, value, responseURL string) map[string]any {
	return map[string]any{"type": "block_actions", "trigger_id": trigger, "api_app_id": "A1",
		"team": map[string]any{"id": "T1"}, "user": map[string]any{"id": user, "name": "ana"},
		"channel":      map[string]any{"id": channel, "name": "news"},
		"container":    map[string]any{"type": "message", "message_ts": "1764244800.000001", "channel_id": channel},
		"response_url": responseURL,
		"actions":      []map[string]any{{"type": "button", "action_id": actionID, "block_id": "b1", "value": value, "action_ts": "1764244801.000001"}},
	}
}

// Delivering requests in either mode.

// command sends a /brief slash command in the harness's mode.
func (h *harness) command(id, channel, user, text string) {
	h.t.Helper()
	c := slashCommand("trig-"+id, channel, user, text, h.fake.hookURL(id))
	if h.web == nil {
		h.fake.send("env-"+id, "slash_commands", c)
		waitFor(h.t, "ack of env-"+id, func() bool { return h.fake.acked("env-" + id) })
		return
	}
	form := url.Values{}
	for k, v := range c {
		form.Set(k, v)
	}
	h.mustPost("/slack/commands", "application/x-www-form-urlencoded", form.Encode())
}

func (h *harness) event(id string, payload map[string]any) {
	h.t.Helper()
	if h.web == nil {
		h.fake.send("env-"+id, "events_api", payload)
		waitFor(h.t, "ack of env-"+id, func() bool { return h.fake.acked("env-" + id) })
		return
	}
	b, _ := json.Marshal(payload)
	h.mustPost("/slack/events", "application/json", string(b))
}

func (h *harness) press(id string, payload map[string]any) {
	h.t.Helper()
	if h.web == nil {
		h.fake.send("env-"+id, "interactive", payload)
		waitFor(h.t, "ack of env-"+id, func() bool { return h.fake.acked("env-" + id) })
		return
	}
	b, _ := json.Marshal(payload)
	h.mustPost("/slack/interactive", "application/x-www-form-urlencoded", url.Values{"payload": {string(b)}}.Encode())
}

func (h *harness) mustPost(path, contentType, body string) {
	h.t.Helper()
	ts := time.Now().Unix()
	resp := h.postSigned(path, contentType, body, strconv.FormatInt(ts, 10), signature(testSecret, ts, body))
	if resp.StatusCode != http.StatusOK {
		h.t.Fatalf("POST %s: %s", path, resp.Status)
	}
}

func (h *harness) postSigned(path, contentType, body, ts, sig string) *http.Response {
	h.t.Helper()
	req, err := http.NewRequest(http.MethodPost, h.web.URL+path, strings.NewReader(body))
	if err != nil {
		h.t.Fatal(err)
	}
	req.Header.Set("Content-Type", contentType)
	if ts != "" {
		req.Header.Set("X-Slack-Request-Timestamp", ts)
	}
	if sig != "" {
		req.Header.Set("X-Slack-Signature", sig)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		h.t.Fatal(err)
	}
	resp.Body.Close()
	return resp
}

// signature signs a request body as Slack does.
func signature(secret string, ts int64, body string) string {
	mac := hmac.New(sha256.New, []byte(secret))
	fmt.Fprintf(mac, "v0:%d:%s", ts, body)
	return "v0=" + hex.EncodeToString(mac.Sum(nil))
}

// posted is a delivered message as the test reads it.
type posted struct {
	Method  string
	Channel string
	Thread  string
	User    string // ephemeral recipient
	Type    string // response_url response_type
	Text    string
	Blocks  []map[string]any
	call    call
}

func decodePosted(t *testing.T, c call) posted {
	t.Helper()
	p := posted{Method: c.Method, call: c}
	if c.Method == "response_url" {
		p.Type, _ = c.Body["response_type"].(string)
		p.Text, _ = c.Body["text"].(string)
		p.Thread, _ = c.Body["thread_ts"].(string)
		if bl, ok := c.Body["blocks"].([]any); ok {
			for _, b := range bl {
				p.Blocks = append(p.Blocks, b.(map[string]any))
			}
		}
		return p
	}
	p.Channel, p.Thread, p.User, p.Text = c.Form.Get("channel"), c.Form.Get("thread_ts"), c.Form.Get("user"), c.Form.Get("text")
	if raw := c.Form.Get("blocks"); raw != "" {
		if err := json.Unmarshal([]byte(raw), &p.Blocks); err != nil {
			t.Fatalf("blocks of %s: %v", c.Method, err)
		}
	}
	return p
}

func (h *harness) delivered() []posted {
	var out []posted
	for _, c := range h.fake.Delivered() {
		out = append(out, decodePosted(h.t, c))
	}
	return out
}

// texts returns every text in the message's blocks, in order.
func (p posted) texts() []string {
	var out []string
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, x := range v {
				if s, ok := x.(string); ok && k == "text" {
					out = append(out, s)
				} else {
					walk(x)
				}
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	for _, b := range p.Blocks {
		walk(b)
	}
	return out
}

func (p posted) all() string { return p.Text + "\n" + strings.Join(p.texts(), "\n") }

// buttons returns the values of the message's buttons by action ID.
func (p posted) buttons() map[string]string {
	out := map[string]string{}
	for _, b := range p.Blocks {
		if b["type"] != "actions" {
			continue
		}
		for _, e := range b["elements"].([]any) {
			el := e.(map[string]any)
			out[el["action_id"].(string)] = el["value"].(string)
		}
	}
	return out
}

// goldenPost is the part of a chat.postMessage call a golden file pins.
func goldenPost(t *testing.T, c call) []byte {
	t.Helper()
	var blocks any
	if err := json.Unmarshal([]byte(c.Form.Get("blocks")), &blocks); err != nil {
		t.Fatal(err)
	}
	return mustJSON(t, map[string]any{
		"channel":      c.Form.Get("channel"),
		"text":         c.Form.Get("text"),
		"unfurl_links": c.Form.Get("unfurl_links"),
		"unfurl_media": c.Form.Get("unfurl_media"),
		"blocks":       blocks,
	})
}
