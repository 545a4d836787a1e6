package slackbot

import (
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"briefbot/bot"
	"briefbot/bot/bottest"
	"briefbot/brief"
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

// The three hostile items at once: a title of 3,000 '&', nine
// outlets with long names in "Also in", and a 150 KB one-sentence body.
// Together they still make one message within Slack's limits.
func TestTheWorstItemFitsOneMessage(t *testing.T) {
	s := story("w1", strings.Repeat("&", 3000), "Wire", renderNow.Add(-time.Hour), strings.Repeat("Iran & Russia ", 150_000/14)+".")
	for i := range 9 {
		s.AlsoIn = append(s.AlsoIn, brief.Source{Name: strings.Repeat("The Very Long Name of a Newspaper & Co ", 10), Link: "https://outlet.example/" + strings.Repeat("b", 900) + string(rune('a'+i))})
	}
	msgs := render(bot.Response{Kind: bot.KindBriefing, Platform: "slack", Briefing: &brief.Briefing{Topic: iranRussia, Since: renderNow.Add(-24 * time.Hour), Until: renderNow, Stories: []brief.Story{s}, Total: 1}}, renderNow)
	checkLimits(t, msgs)
	if len(msgs) != 1 {
		t.Fatalf("one story took %d messages", len(msgs))
	}
	raw := string(mustJSON(t, msgs))
	if !strings.Contains(raw, "&amp;&amp;&amp;") || !strings.Contains(raw, "and 5 more") {
		t.Errorf("the title or the outlet count is lost:\n%.2000s", raw)
	}
}
