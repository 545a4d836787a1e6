package telegrambot

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"briefbot/bot"
	"briefbot/brief"
)

var updateGolden = flag.Bool("update", false, "rewrite testdata/*.golden from the renderer's output")

var (
	t0     = time.Date(2025, 3, 11, 8, 0, 0, 0, time.UTC)
	irRu   = brief.Topic{ID: "iran-russia", Title: "Iran–Russia relations", Description: "Ties between Tehran and Moscow"}
	jcpoa  = brief.Topic{ID: "jcpoa", Title: "Iran nuclear deal (JCPOA)"}
	sco    = brief.Topic{ID: "sco", Title: "Shanghai Cooperation Organisation"}
	topics = []brief.Topic{irRu, jcpoa, sco}
)

func story(n int, title, link string) brief.Story {
	id := fmt.Sprintf("a%d", n)
	return brief.Story{
		Article: brief.Article{ID: id, Source: "Wire Service", Title: title, Link: link, Published: t0.Add(-time.Duration(n) * time.Hour)},
		Match: brief.Match{ArticleID: id, TopicID: irRu.ID, Score: 3,
			Hits:    []brief.Hit{{Term: "Iran", Found: "Iran", Field: "title"}, {Term: "Russia", Found: "Moscow", Field: "text"}},
			Summary: []string{"Tehran and Moscow signed a treaty.", "It covers trade & energy."}},
	}
}

func briefing(stories []brief.Story, total int) *brief.Briefing {
	return &brief.Briefing{Topic: irRu, Since: t0.Add(-24 * time.Hour), Until: t0, Stories: stories, Total: total}
}

// renderedText is the golden form: each message, then its buttons.
func renderedText(msgs []message) string {
	var b strings.Builder
	for i, m := range msgs {
		fmt.Fprintf(&b, "----- message %d of %d (%d UTF-16 units) -----\n%s\n", i+1, len(msgs), utf16Len(m.HTML), m.HTML)
		for _, a := range m.Buttons {
			fmt.Fprintf(&b, "[button %q → %q]\n", a.Label, a.Command)
		}
	}
	return b.String()
}

func TestRenderGolden(t *testing.T) {
	hostile := story(1, `<b>&</b> <a href="x">`, `javascript:alert("x")`)
	hostile.Article.Source = `<script>alert(1)</script>`
	hostile.Match.Summary = []string{`Quote "this" & <that>.`}
	hostile.AlsoIn = []brief.Source{{Name: "Evil & Co <i>", Link: `https://evil.example/?a=1&b="2"`}}
	also := story(2, "Putin hosts Pezeshkian in Moscow", "https://news.example/ir-ru?utm=x&id=2")
	also.AlsoIn = []brief.Source{{Name: "Agency Two", Link: "https://two.example/a"}, {Name: "Paper Three"}}
	long := []brief.Story{}
	for i := range 5 {
		s := story(i+1, fmt.Sprintf("Long story %d", i+1), fmt.Sprintf("https://news.example/%d", i+1))
		s.Match.Summary = []string{strings.Repeat(fmt.Sprintf("Sentence %d of a long summary about Iran & Russia. ", i+1), 20)}
		long = append(long, s)
	}
	muted := t0.Add(5 * time.Hour)
	cases := []struct {
		name string
		r    bot.Response
	}{
		{"briefing", bot.Response{Kind: bot.KindBriefing, Briefing: briefing([]brief.Story{story(1, "Iran and Russia sign treaty", "https://news.example/1"), also}, 7)}},
		{"briefing_empty", bot.Response{Kind: bot.KindBriefing, Briefing: briefing(nil, 0)}},
		{"briefing_long", bot.Response{Kind: bot.KindBriefing, Briefing: briefing(long, 5)}},
		{"alert", bot.Response{Kind: bot.KindAlert, Briefing: briefing([]brief.Story{story(1, "Iran and Russia sign treaty", "https://news.example/1")}, 1)}},
		{"hostile", bot.Response{Kind: bot.KindBriefing, Briefing: briefing([]brief.Story{hostile}, 1)}},
		{"digest", bot.Response{Kind: bot.KindDigest, Digest: &brief.Digest{Date: "2025-03-11", Zone: "Europe/Vienna", Sections: []brief.Briefing{
			*briefing([]brief.Story{story(1, "Iran and Russia sign treaty", "https://news.example/1")}, 3),
			{Topic: jcpoa},
		}}}},
		{"topics", bot.Response{Kind: bot.KindTopics, Topics: topics}},
		{"subscriptions", bot.Response{Kind: bot.KindSubscriptions, Subscriptions: []brief.Subscription{
			{TopicID: "iran-russia", Mode: brief.ModeBoth, MutedUntil: muted},
			{TopicID: "jcpoa", Mode: brief.ModeDigest, Disabled: "bot was removed <from> the chat"},
			{TopicID: "sco", Mode: brief.ModeAlerts},
		}, Schedule: &brief.DigestSchedule{Time: "07:30", Zone: "Europe/Vienna"}}},
		{"subscriptions_none", bot.Response{Kind: bot.KindSubscriptions, Schedule: &brief.DigestSchedule{Off: true}, Hint: bot.Usage(platform, bot.CmdSubscribe).Usage}},
		{"help", bot.Response{Kind: bot.KindHelp, Help: helpLines(), Text: "Topics: iran-russia, jcpoa, sco."}},
		{"notice", bot.Response{Kind: bot.KindNotice, Text: "Subscribed: this chat now gets instant alerts for Iran–Russia relations."}},
		{"error", bot.Response{Kind: bot.KindError, Text: `Unknown topic "<iran & rusia>". Did you mean iran-russia?`, Hint: "/topics"}},
		{"incident", bot.Response{Kind: bot.KindError, Text: "Sorry, something went wrong on my side (incident 0a1b2c3d). Please try again in a minute.", Incident: "0a1b2c3d"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.r.Platform = platform
			msgs := render(c.r, t0, MaxMessageLen)
			for i, m := range msgs {
				if _, err := telegramHTML(m.HTML); err != nil {
					t.Errorf("message %d is not valid Telegram HTML: %v\n%s", i+1, err, m.HTML)
				}
			}
			got := renderedText(msgs)
			path := filepath.Join("testdata", c.name+".golden")
			if *updateGolden {
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if diff := cmp.Diff(string(want), got); diff != "" {
				t.Errorf("render %s differs from %s (-want +got):\n%s", c.name, path, diff)
			}
		})
	}
}

func helpLines() []bot.HelpLine {
	var out []bot.HelpLine
	for _, n := range bot.Names {
		out = append(out, bot.Usage(platform, n))
	}
	return out
}

func TestRenderEscapesHostileText(t *testing.T) {
	title := `<b>&</b> <a href="x">`
	s := story(1, title, `javascript:alert(1)`)
	msgs := render(bot.Response{Kind: bot.KindBriefing, Briefing: briefing([]brief.Story{s}, 1)}, t0, MaxMessageLen)
	plain, err := telegramHTML(msgs[0].HTML)
	if err != nil {
		t.Fatalf("not valid Telegram HTML: %v\n%s", err, msgs[0].HTML)
	}
	if !strings.Contains(plain, "1. "+title) {
		t.Errorf("the reader does not see the title as typed; got:\n%s", plain)
	}
	if strings.Contains(msgs[0].HTML, "javascript:") {
		t.Errorf("a javascript: link was rendered:\n%s", msgs[0].HTML)
	}
}

func TestRenderButtonsOnLastMessageOnly(t *testing.T) {
	var stories []brief.Story
	for i := range 5 {
		// Summaries are capped, but escaping still makes these long.
		s := story(i+1, fmt.Sprintf("Story %d ", i+1)+strings.Repeat("<&> ", 100), "https://news.example/x")
		s.Match.Summary = []string{strings.Repeat("Iran <&> Russia. ", 40)}
		stories = append(stories, s)
	}
	msgs := render(bot.Response{Kind: bot.KindBriefing, Briefing: briefing(stories, 9)}, t0, MaxMessageLen)
	if len(msgs) < 2 {
		t.Fatalf("got %d messages, want a split briefing", len(msgs))
	}
	for i, m := range msgs[:len(msgs)-1] {
		if len(m.Buttons) != 0 {
			t.Errorf("message %d carries buttons %v", i+1, m.Buttons)
		}
	}
	var labels []string
	for _, b := range msgs[len(msgs)-1].Buttons {
		labels = append(labels, b.Label)
		if len(b.Command) > 64 {
			t.Errorf("button %q callback_data is %d bytes", b.Label, len(b.Command))
		}
	}
	if diff := cmp.Diff([]string{"More", "Mute 24 h"}, labels); diff != "" {
		t.Errorf("buttons (-want +got):\n%s", diff)
	}
}
