package telegrambot

import (
	"strings"
	"testing"

	"briefbot/bot"
)

func TestConnected(t *testing.T) {
	t.Run("not before getMe", func(t *testing.T) {
		tg := newFake(t, testToken)
		a, err := New(&bot.Bot{}, Options{Token: testToken, APIURL: tg.endpoint()})
		if err != nil {
			t.Fatal(err)
		}
		if err := a.Connected(); err == nil || !strings.Contains(err.Error(), "getMe") {
			t.Errorf("Connected() = %v before Run, want an error naming getMe", err)
		}
	})
	t.Run("once getMe answered", func(t *testing.T) {
		h := start(t, harnessOptions{})
		h.tg.waitFor(t, "getMe", func() bool { return h.a.Connected() == nil })
	})
}
