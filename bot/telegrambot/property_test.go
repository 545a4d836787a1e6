package telegrambot

import (
	"math/rand/v2"
	"strings"
	"testing"

	"briefbot/bot/bottest"
)

// TestHostileDocumentsStayWithinTelegramLimits feeds random hostile
// responses (titles of thousands of '&', nine long outlet names, 150 KB
// one-sentence bodies, tags and entities everywhere) through the
// renderer: every message is valid Telegram HTML of at most 4,096
// characters, no javascript: link survives, and a page of stories never
// turns into a flood of messages.
func TestHostileDocumentsStayWithinTelegramLimits(t *testing.T) {
	r := rand.New(rand.NewPCG(14, 3))
	for i := range 300 {
		resp := bottest.Hostile(r)
		msgs := render(resp, bottest.Now, MaxMessageLen)
		if len(msgs) == 0 {
			t.Fatalf("case %d: no message", i)
		}
		if resp.Briefing != nil && len(msgs) > 1+len(resp.Briefing.Stories) {
			t.Errorf("case %d: a page of %d stories took %d messages", i, len(resp.Briefing.Stories), len(msgs))
		}
		for j, m := range msgs {
			if n := utf16Len(m.HTML); n > MaxMessageLen {
				t.Fatalf("case %d (%s) message %d: %d UTF-16 units", i, resp.Kind, j+1, n)
			}
			if _, err := telegramHTML(m.HTML); err != nil {
				t.Fatalf("case %d (%s) message %d is not valid Telegram HTML: %v\n%s", i, resp.Kind, j+1, err, m.HTML)
			}
			if strings.Contains(m.HTML, `<a href="javascript`) {
				t.Fatalf("case %d: a javascript: link was rendered", i)
			}
			if j < len(msgs)-1 && len(m.Buttons) > 0 {
				t.Errorf("case %d: buttons on message %d of %d", i, j+1, len(msgs))
			}
			for _, b := range m.Buttons {
				if len(b.Command) > 64 {
					t.Errorf("case %d: button %q sends %d bytes, over callback_data's 64", i, b.Label, len(b.Command))
				}
			}
		}
	}
}
