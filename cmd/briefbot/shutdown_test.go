package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"briefbot/internal/demo"
	"briefbot/store"
	"briefbot/store/sqlite"
)

// gatedTelegram is the Bot API at the network edge. It holds every
// getChatMember call until the test opens the gate, so a webhook update
// can be caught in the middle of being taken, and records what is sent.
type gatedTelegram struct {
	webhookSet chan struct{} // closed at the first setWebhook
	asked      chan struct{} // closed at the first getChatMember
	gate       chan struct{} // closed by the test to answer getChatMember

	once1, once2 sync.Once
	mu           sync.Mutex
	sent         []sentMessage
}

func newGatedTelegram() *gatedTelegram {
	return &gatedTelegram{webhookSet: make(chan struct{}), asked: make(chan struct{}), gate: make(chan struct{})}
}

func (f *gatedTelegram) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	method := r.URL.Path[strings.LastIndexByte(r.URL.Path, '/')+1:]
	_ = r.ParseMultipartForm(1 << 20)
	w.Header().Set("Content-Type", "application/json")
	switch method {
	case "getMe":
		fmt.Fprint(w, `{"ok":true,"result":{"id":42,"is_bot":true,"first_name":"Brief","username":"BriefBot"}}`)
	case "getUpdates":
		// Nothing to say; answer like a short long-poll.
		select {
		case <-time.After(100 * time.Millisecond):
		case <-r.Context().Done():
		}
		fmt.Fprint(w, `{"ok":true,"result":[]}`)
	case "setWebhook":
		f.once1.Do(func() { close(f.webhookSet) })
		fmt.Fprint(w, `{"ok":true,"result":true}`)
	case "getChatMember":
		f.once2.Do(func() { close(f.asked) })
		select {
		case <-f.gate:
		case <-r.Context().Done():
			return
		}
		fmt.Fprint(w, `{"ok":true,"result":{"status":"administrator","user":{"id":555,"is_bot":false,"first_name":"Ana"}}}`)
	case "sendMessage":
		f.mu.Lock()
		f.sent = append(f.sent, sentMessage{Chat: r.FormValue("chat_id"), Text: r.FormValue("text")})
		n := len(f.sent)
		f.mu.Unlock()
		fmt.Fprintf(w, `{"ok":true,"result":{"message_id":%d,"date":%d,"chat":{"id":%s,"type":"supergroup"}}}`, n, time.Now().Unix(), r.FormValue("chat_id"))
	default: // setMyCommands ...
		fmt.Fprint(w, `{"ok":true,"result":true}`)
	}
}

func (f *gatedTelegram) messages() []sentMessage {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]sentMessage(nil), f.sent...)
}

// A command that intake accepted while the bot was shutting down is
// answered before the bot exits: intake stops first, delivery then drains
// what it accepted, and the store closes last. Here a Telegram webhook
// update is in the middle of being taken (its sender's admin rights are
// being checked) when Ctrl-C comes; the HTTP server finishes it, and its
// answer must reach the chat and be recorded as sent, not wait in the
// outbox for a next start that may never come.
func TestShutdownDeliversWhatIntakeAcceptedBeforeTheStoreCloses(t *testing.T) {
	start := time.Now().UTC().Truncate(time.Second)
	pub := httptest.NewServer(demo.Handler(start, func() time.Time { return start }))
	defer pub.Close()
	tg := newGatedTelegram()
	tgSrv := httptest.NewServer(tg)
	defer tgSrv.Close()

	cfgPath := filepath.Join(t.TempDir(), "briefbot.yaml")
	cfg := "feeds:\n  - url: " + pub.URL + demo.Feeds()[0].Path + "\npolling:\n  interval: 1h\n  allow_private_networks: true\nlog:\n  level: warn\n"
	if err := os.WriteFile(cfgPath, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(t.TempDir(), "briefbot.db")
	env := map[string]string{
		"BRIEFBOT_TELEGRAM_TOKEN":          "123456:shutdown-test-token",
		"BRIEFBOT_TELEGRAM_API_URL":        tgSrv.URL,
		"BRIEFBOT_TELEGRAM_MODE":           "webhook",
		"BRIEFBOT_TELEGRAM_WEBHOOK_URL":    "https://bot.example/telegram/webhook",
		"BRIEFBOT_TELEGRAM_WEBHOOK_SECRET": "shutdown-secret",
		"BRIEFBOT_HTTP_ADDR":               "127.0.0.1:0",
		"BRIEFBOT_CONSOLE":                 "off",
	}
	ready := make(chan *Runtime, 1)
	app := &App{Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: io.Discard,
		Getenv: func(k string) string { return env[k] }, Ready: func(rt *Runtime) { ready <- rt }}
	if testing.Verbose() {
		app.Stderr = os.Stderr
	}
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	done := make(chan int, 1)
	go func() { done <- MainApp(ctx, app, []string{"run", "-config", cfgPath, "-db", db}) }()
	var rt *Runtime
	select {
	case rt = <-ready:
	case code := <-done:
		t.Fatalf("briefbot run exited with %d before it was ready", code)
	case <-time.After(20 * time.Second):
		t.Fatal("briefbot run did not get ready")
	}
	wait(t, tg.webhookSet, "setWebhook")

	// A group member sends /subscribe; the adapter asks Telegram whether
	// they are an administrator, and Telegram is slow to say.
	update := `{"update_id":7001,"message":{"message_id":31,"date":1700000000,
		"chat":{"id":-1009001,"type":"supergroup","title":"Desk"},
		"from":{"id":555,"is_bot":false,"first_name":"Ana"},"text":"/subscribe jcpoa"}}`
	status := make(chan int, 1)
	go func() {
		req, _ := http.NewRequestWithContext(t.Context(), http.MethodPost, "http://"+rt.HTTPAddr+"/telegram/webhook", strings.NewReader(update))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Telegram-Bot-Api-Secret-Token", "shutdown-secret")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Errorf("webhook POST: %v", err)
			status <- 0
			return
		}
		resp.Body.Close()
		status <- resp.StatusCode
	}()
	wait(t, tg.asked, "getChatMember")

	// Ctrl-C while the update is being taken. Once the HTTP server no
	// longer accepts connections, shutdown is under way; only then does
	// Telegram answer, and the command goes on to queue its answer.
	cancel()
	deadline := time.Now().Add(20 * time.Second)
	for {
		c, err := net.Dial("tcp", rt.HTTPAddr)
		if err != nil {
			break
		}
		c.Close()
		if time.Now().After(deadline) {
			t.Fatal("the HTTP server still accepts connections after shutdown began")
		}
		time.Sleep(10 * time.Millisecond)
	}
	// Leave time for anything that stops on its own to do so.
	time.Sleep(300 * time.Millisecond)
	close(tg.gate)

	if got := <-status; got != http.StatusOK {
		t.Errorf("webhook answered %d during shutdown, want 200 (the answer queued)", got)
	}
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("briefbot run exited with %d after cancellation", code)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("briefbot run did not shut down")
	}

	var answered bool
	for _, m := range tg.messages() {
		if m.Chat == "-1009001" && strings.Contains(m.Text, "Subscribed") {
			answered = true
		}
	}
	if !answered {
		t.Errorf("the chat never got the answer to /subscribe accepted during shutdown; Telegram received %+v", tg.messages())
	}
	st, err := sqlite.Open(t.Context(), db, sqlite.Options{KeepLeases: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	pending, err := st.Messages(t.Context(), store.StatusPending)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range pending {
		t.Errorf("left undelivered in the outbox at exit: %s (%s)", m.Key, m.Kind)
	}
}

func wait(t *testing.T, ch <-chan struct{}, what string) {
	t.Helper()
	select {
	case <-ch:
	case <-time.After(20 * time.Second):
		t.Fatalf("timed out waiting for %s", what)
	}
}
