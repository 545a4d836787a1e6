package telegrambot

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"briefbot/bot"
	"briefbot/brief"
)

// webhookCall posts one update to a webhook handler and returns the status.
func webhookCall(t *testing.T, srv, update string) int {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, srv+WebhookPath, strings.NewReader(update))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("X-Telegram-Bot-Api-Secret-Token", "s3cret-Token_1")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// restartedWebhook starts a second adapter in webhook mode over the
// harness's store, as after a restart: nothing in memory, the same
// database. Its answers go to the same outbox.
func restartedWebhook(t *testing.T, h *harness) string {
	t.Helper()
	log := h.logs.logger()
	core := &bot.Bot{Handler: bot.NewHandler(h.store, topicsForTest(), nil, bot.Options{Logger: log}),
		Dispatcher: bot.NewDispatcher(h.store, bot.DispatcherOptions{Logger: log})}
	a, err := New(core, Options{Token: testToken, APIURL: h.tg.endpoint(), Logger: log, PollTimeout: time.Second, Inbox: h.store,
		Mode: ModeWebhook, WebhookURL: "https://bot.example.test" + WebhookPath, WebhookSecret: "s3cret-Token_1"})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() {
		if err := a.Run(ctx); err != nil {
			t.Errorf("Run of the restarted adapter: %v", err)
		}
	})
	// Registered after the harness's own cleanup, so it runs first: the
	// store is still open while this adapter stops.
	t.Cleanup(func() { cancel(); wg.Wait() })
	h.tg.waitFor(t, "the restarted adapter's setWebhook", func() bool { return len(h.tg.Calls("setWebhook")) >= 2 })
	return newServer(t, a.Handler())
}

func followsJCPOA(t *testing.T, h *harness) bool {
	t.Helper()
	subs, err := h.store.Subscriptions(context.Background(), brief.ChannelRef{Platform: brief.PlatformTelegram, ID: "7001"})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range subs {
		if s.TopicID == "jcpoa" {
			return true
		}
	}
	return false
}

// Telegram delivers a webhook update again when it did not get our 200
// (a timeout, a restart); the command must not act twice, even when the
// update comes back after a restart and after the user changed their mind.
func TestRedeliveredUpdateDoesNotActAgainAfterARestart(t *testing.T) {
	t.Parallel()
	h := start(t, harnessOptions{webhook: true})
	h.tg.waitFor(t, "setWebhook", func() bool { return len(h.tg.Calls("setWebhook")) > 0 })
	srv := newServer(t, h.a.Handler())
	subscribe := `{"update_id": 7101, "message": {"message_id": 11, "date": 1741680000, "text": "/subscribe jcpoa",
		"chat": {"id": 7001, "type": "private"}, "from": {"id": 601, "is_bot": false, "first_name": "U"}}}`
	unsubscribe := `{"update_id": 7102, "message": {"message_id": 12, "date": 1741680001, "text": "/unsubscribe jcpoa",
		"chat": {"id": 7001, "type": "private"}, "from": {"id": 601, "is_bot": false, "first_name": "U"}}}`
	for _, u := range []string{subscribe, unsubscribe} {
		if code := webhookCall(t, srv, u); code != http.StatusOK {
			t.Fatalf("webhook: %d, want 200", code)
		}
	}
	h.tg.waitSent(t, 2)
	if followsJCPOA(t, h) {
		t.Fatal("still subscribed after /unsubscribe")
	}

	again := restartedWebhook(t, h)
	if code := webhookCall(t, again, subscribe); code != http.StatusOK {
		t.Errorf("redelivered update: %d, want 200 (taken before)", code)
	}
	// A new update is served, so the redelivery had its chance to act too.
	topics := `{"update_id": 7103, "message": {"message_id": 13, "date": 1741680002, "text": "/topics",
		"chat": {"id": 7001, "type": "private"}, "from": {"id": 601, "is_bot": false, "first_name": "U"}}}`
	if code := webhookCall(t, again, topics); code != http.StatusOK {
		t.Fatalf("new update: %d, want 200", code)
	}
	h.tg.waitSent(t, 3)
	if followsJCPOA(t, h) {
		t.Error("the redelivered /subscribe subscribed the chat again after a restart")
	}
	if n := len(h.tg.sent()); n != 3 {
		t.Errorf("%d messages sent, want 3: the redelivered update was answered again", n)
	}
}
