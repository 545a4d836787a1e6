package slackbot

import (
	"strings"
	"testing"

	"briefbot/bot"
)

func TestConnected(t *testing.T) {
	t.Run("not before auth.test", func(t *testing.T) {
		fake := newFakeSlack(t)
		ad, err := New(&bot.Bot{}, Options{BotToken: testBotToken, AppToken: testAppToken, APIURL: fake.APIURL()})
		if err != nil {
			t.Fatal(err)
		}
		if err := ad.Connected(); err == nil || !strings.Contains(err.Error(), "auth.test") {
			t.Errorf("Connected() = %v before Run, want an error naming auth.test", err)
		}
	})
	t.Run("socket mode once the websocket said hello", func(t *testing.T) {
		h := newHarness(t, setup{mode: ModeSocket})
		waitFor(t, "the Socket Mode connection", func() bool { return h.ad.Connected() == nil })
		h.stopAdapter()
	})
	t.Run("HTTP mode once auth.test answered", func(t *testing.T) {
		h := newHarness(t, setup{mode: ModeHTTP})
		if err := h.ad.Connected(); err != nil {
			t.Errorf("Connected() = %v, want nil", err)
		}
	})
}
