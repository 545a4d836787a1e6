package telegrambot

import (
	"math/rand/v2"
	"strings"
	"testing"

	"briefbot/bot"
	"briefbot/bot/bottest"
	"briefbot/brief"
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
		// The heading may take a message of its own; each story fits one.
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

// The three hostile items at once: a title of 3,000 '&', nine
// outlets with long names in "Also in", and a 150 KB one-sentence body.
// Together they still make one message.
func TestTheWorstItemFitsOneMessage(t *testing.T) {
	s := story(1, strings.Repeat("&", 3000), "https://news.example/"+strings.Repeat("a", 1000))
	s.Match.Summary = []string{strings.Repeat("Iran & Russia ", 150_000/14) + "."}
	for i := range 9 {
		s.AlsoIn = append(s.AlsoIn, brief.Source{Name: strings.Repeat("The Very Long Name of a Newspaper & Co ", 10), Link: "https://outlet.example/" + strings.Repeat("b", 900) + string(rune('a'+i))})
	}
	msgs := render(bot.Response{Kind: bot.KindBriefing, Platform: platform, Briefing: briefing([]brief.Story{s}, 1)}, t0, MaxMessageLen)
	if len(msgs) != 1 {
		t.Fatalf("one story took %d messages", len(msgs))
	}
	if n := utf16Len(msgs[0].HTML); n > MaxMessageLen {
		t.Errorf("message of %d UTF-16 units", n)
	}
	if _, err := telegramHTML(msgs[0].HTML); err != nil {
		t.Errorf("not valid Telegram HTML: %v", err)
	}
	if !strings.Contains(msgs[0].HTML, "&amp;&amp;&amp;") || !strings.Contains(msgs[0].HTML, "and 5 more") {
		t.Errorf("the title or the outlet count is lost:\n%.600s", msgs[0].HTML)
	}
}
