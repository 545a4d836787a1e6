package slackbot

import (
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/slack-go/slack"

	"briefbot/bot/bottest"
)

// TestHostileDocumentsStayWithinSlackLimits feeds random hostile
// responses (titles of thousands of '&', nine long outlet names, 150 KB
// one-sentence bodies, mention syntax everywhere) through the renderer:
// every message keeps Slack's block and text limits, no story turns into
// more than a few blocks, and nothing pings or links where we did not.
func TestHostileDocumentsStayWithinSlackLimits(t *testing.T) {
	r := rand.New(rand.NewPCG(14, 2))
	for i := range 300 {
		resp := bottest.Hostile(r)
		msgs := render(resp, bottest.Now)
		checkLimits(t, msgs)
		if resp.Briefing != nil && len(msgs) > 1 {
			t.Errorf("case %d: a page of %d stories took %d messages", i, len(resp.Briefing.Stories), len(msgs))
		}
		for j, m := range msgs {
			for _, b := range m.Blocks {
				switch b := b.(type) {
				case *slack.ContextBlock:
					if n := len(b.ContextElements.Elements); n > 10 {
						t.Errorf("case %d message %d: a context block of %d elements", i, j+1, n)
					}
					for _, e := range b.ContextElements.Elements {
						if tx, ok := e.(*slack.TextBlockObject); ok && textLen(tx.Text) > maxSectionText {
							t.Errorf("case %d message %d: a context element of %d characters", i, j+1, textLen(tx.Text))
						}
					}
				case *slack.ActionBlock:
					for _, e := range b.Elements.ElementSet {
						if btn, ok := e.(*slack.ButtonBlockElement); ok && (textLen(btn.Text.Text) > maxButtonText || len(btn.Value) > 2000) {
							t.Errorf("case %d message %d: button %q over Slack's limits", i, j+1, btn.Text.Text)
						}
					}
				}
			}
		}
		raw, err := json.Marshal(msgs)
		if err != nil {
			t.Fatal(err)
		}
		// json.Marshal writes '<' as \u003c.
		for _, bad := range []string{`\u003c!`, `\u003c@`, `\u003cjavascript`} {
			if strings.Contains(string(raw), bad) {
				t.Fatalf("case %d (%s): rendered %q", i, resp.Kind, bad)
			}
		}
	}
}
