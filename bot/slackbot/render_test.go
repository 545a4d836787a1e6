package slackbot

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/slack-go/slack"

	"briefbot/bot"
	"briefbot/brief"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// golden compares got with testdata/name.golden, or rewrites the file
// under -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden file (run with -update to create it): %v", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s differs from the golden file (-want +got):\n%s", path, diff)
	}
}

// mustJSON encodes v readably, without escaping < > & as \u003c etc., so
// golden files and checks for "<!channel>" see the characters Slack gets.
func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

var (
	renderNow  = time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	iranRussia = brief.Topic{ID: "iran-russia", Title: "Iran–Russia relations", Description: "Ties between Tehran and Moscow"}
	jcpoa      = brief.Topic{ID: "jcpoa", Title: "Iran nuclear deal (JCPOA)"}
)

func story(id, title, source string, published time.Time, summary ...string) brief.Story {
	return brief.Story{
		Article: brief.Article{ID: id, Source: source, Title: title, Link: "https://news.example/" + id, Published: published},
		Match: brief.Match{ArticleID: id, TopicID: "iran-russia", Score: 3,
			Hits:    []brief.Hit{{Term: "Iran", Found: "Iran", Field: "title"}, {Term: "Russia", Found: "Russian", Field: "text"}},
			Summary: summary},
	}
}

func sampleBriefing() *brief.Briefing {
	s1 := story("a1", "Iran and Russia sign a gas deal", "Wire One", renderNow.Add(-2*time.Hour),
		"Iran and Russia signed a gas agreement on Tuesday.", "The deal runs for 20 years.")
	s1.AlsoIn = []brief.Source{{Name: "Daily Two"}, {Name: "Radio Three"}}
	s2 := story("a2", "Lavrov visits Tehran", "Daily Two", renderNow.Add(-5*time.Hour), "Russia's foreign minister arrived in Tehran.")
	return &brief.Briefing{Topic: iranRussia, Since: renderNow.Add(-24 * time.Hour), Until: renderNow,
		Stories: []brief.Story{s1, s2}, Offset: 0, Total: 7}
}

// TestRenderGolden pins the Block Kit of every kind of response.
func TestRenderGolden(t *testing.T) {
	muted := brief.Subscription{Channel: brief.ChannelRef{Platform: "slack", ID: "C1"}, TopicID: "iran-russia", Mode: brief.ModeBoth, MutedUntil: renderNow.Add(3 * time.Hour)}
	stopped := brief.Subscription{Channel: muted.Channel, TopicID: "jcpoa", Mode: brief.ModeAlerts, Disabled: "is_archived"}
	var help []bot.HelpLine
	for _, n := range bot.Names {
		help = append(help, bot.Usage(brief.PlatformSlack, n))
	}
	alert := *sampleBriefing()
	alert.Total = 2
	tests := []struct {
		name string
		r    bot.Response
	}{
		{"briefing", bot.Response{Kind: bot.KindBriefing, Platform: "slack", Briefing: sampleBriefing()}},
		{"briefing_empty", bot.Response{Kind: bot.KindBriefing, Platform: "slack", Briefing: &brief.Briefing{Topic: jcpoa, Since: renderNow.Add(-7 * 24 * time.Hour), Until: renderNow}}},
		{"alert", bot.Response{Kind: bot.KindAlert, Platform: "slack", Briefing: &alert}},
		{"digest", bot.Response{Kind: bot.KindDigest, Platform: "slack", Digest: &brief.Digest{Date: "2026-11-27", Zone: "Europe/Vienna",
			Since: renderNow.Add(-24 * time.Hour), Until: renderNow,
			Sections: []brief.Briefing{*sampleBriefing(), {Topic: jcpoa}}}}},
		{"topics", bot.Response{Kind: bot.KindTopics, Platform: "slack", Topics: []brief.Topic{iranRussia, jcpoa}}},
		{"subscriptions", bot.Response{Kind: bot.KindSubscriptions, Platform: "slack", Subscriptions: []brief.Subscription{muted, stopped},
			Schedule: &brief.DigestSchedule{Time: "07:30", Zone: "Europe/Vienna"}}},
		{"subscriptions_none", bot.Response{Kind: bot.KindSubscriptions, Platform: "slack", Schedule: &brief.DigestSchedule{Off: true},
			Hint: bot.Usage("slack", bot.CmdSubscribe).Usage}},
		{"help", bot.Response{Kind: bot.KindHelp, Platform: "slack", Help: help, Text: "Topics: iran-russia, jcpoa."}},
		{"notice", bot.Response{Kind: bot.KindNotice, Platform: "slack", Text: "Subscribed: this channel now gets instant alerts for Iran–Russia relations."}},
		{"error", bot.Response{Kind: bot.KindError, Platform: "slack", Private: true, Text: `Unknown topic "iran-rusia". Did you mean iran-russia? Type /brief topics to see them all.`, Hint: "/brief topics"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// The response travels through the outbox as JSON.
			var r bot.Response
			if err := json.Unmarshal(mustJSON(t, tt.r), &r); err != nil {
				t.Fatal(err)
			}
			msgs := render(r, renderNow)
			checkLimits(t, msgs)
			golden(t, "render_"+tt.name, mustJSON(t, msgs))
		})
	}
}

// checkLimits fails when a message breaks one of Slack's limits.
func checkLimits(t *testing.T, msgs []message) {
	t.Helper()
	if len(msgs) == 0 {
		t.Fatal("no messages rendered")
	}
	for i, m := range msgs {
		if len(m.Blocks) > maxBlocks {
			t.Errorf("message %d has %d blocks, over %d", i+1, len(m.Blocks), maxBlocks)
		}
		if n := textLen(m.Text); n == 0 || n > maxFallback {
			t.Errorf("message %d fallback text is %d characters", i+1, n)
		}
		if n := textLen(m.Text) + blocksLen(m.Blocks); n > maxMessageChars {
			t.Errorf("message %d carries %d characters, over %d", i+1, n, maxMessageChars)
		}
		if m.UnfurlLinks || m.UnfurlMedia {
			t.Errorf("message %d unfurls links", i+1)
		}
		for _, b := range m.Blocks {
			switch b := b.(type) {
			case *slack.SectionBlock:
				if n := textLen(b.Text.Text); n > maxSectionText {
					t.Errorf("message %d has a section of %d characters", i+1, n)
				}
			case *slack.HeaderBlock:
				if n := textLen(b.Text.Text); n > maxHeaderText {
					t.Errorf("message %d has a header of %d characters", i+1, n)
				}
			}
		}
	}
}

func TestEscapeHostileText(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"broadcast mention", "<!channel> now", "&lt;!channel&gt; now"},
		{"user mention and ampersand", "<@U1> & co", "&lt;@U1&gt; &amp; co"},
		{"script tag", "<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"},
		{"already looks escaped", "&lt;b&gt;", "&amp;lt;b&amp;gt;"},
		{"link syntax", "<https://evil.example|click>", "&lt;https://evil.example|click&gt;"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := escape(tt.in); got != tt.want {
				t.Errorf("escape(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if got := unescape(escape(tt.in)); got != tt.in {
				t.Errorf("unescape(escape(%q)) = %q", tt.in, got)
			}
		})
	}
}

func TestHostileStoryRendersInert(t *testing.T) {
	s := story("h1", "<!channel> <@U1> & <script>", "<!here> Feed", renderNow.Add(-time.Hour), "Breaking: <!everyone> see <https://evil.example|this>.")
	s.Article.Link = "https://news.example/a?x=1&y=<2>|z"
	s.AlsoIn = []brief.Source{{Name: "<@U2>"}}
	r := bot.Response{Kind: bot.KindBriefing, Platform: "slack", Briefing: &brief.Briefing{Topic: iranRussia, Since: renderNow.Add(-24 * time.Hour), Until: renderNow, Stories: []brief.Story{s}, Total: 1}}
	msgs := render(r, renderNow)
	raw := string(mustJSON(t, msgs))
	for _, bad := range []string{`<!`, `<@`, `<script`, `<https://evil`} {
		if strings.Contains(raw, bad) {
			t.Errorf("rendered message contains %q:\n%s", bad, raw)
		}
	}
	first := msgs[0].Blocks[1].(*slack.SectionBlock).Text
	wantHead := "*1. <https://news.example/a?x=1&amp;y=&lt;2&gt;%7Cz|&lt;!channel&gt; &lt;@U1&gt; &amp; &lt;script&gt;>*"
	if !strings.HasPrefix(first.Text, wantHead) {
		t.Errorf("story title = %q, want prefix %q", first.Text, wantHead)
	}
	if !first.Verbatim {
		t.Error("story text is not verbatim, so Slack may parse @channel in it")
	}
}

func TestLinkURL(t *testing.T) {
	tests := []struct {
		name, in string
		ok       bool
	}{
		{"https", "https://example.com/a", true},
		{"http", "http://example.com/a", true},
		{"javascript", "javascript:alert(1)", false},
		{"relative", "/a/b", false},
		{"mailto", "mailto:x@example.com", false},
		{"space inside", "https://example.com/a b", false},
		{"too long", "https://example.com/" + strings.Repeat("a", 2000), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, ok := linkURL(tt.in); ok != tt.ok {
				t.Errorf("linkURL(%q) ok = %v, want %v", tt.in, ok, tt.ok)
			}
		})
	}
}

func TestLongBriefingSplitsInOrderWithinLimits(t *testing.T) {
	var stories []brief.Story
	for i := range 40 {
		summary := []string{strings.Repeat("Sanctions & trade <talks> continue. ", 10)}
		if i == 7 {
			summary = []string{strings.Repeat("A very long & winding summary sentence. ", 250)} // ~10,000 characters
		}
		stories = append(stories, story("s"+string(rune('A'+i)), "Story", "Wire", renderNow.Add(-time.Duration(i)*time.Minute), summary...))
	}
	r := bot.Response{Kind: bot.KindBriefing, Platform: "slack", Briefing: &brief.Briefing{Topic: iranRussia, Since: renderNow.Add(-24 * time.Hour), Until: renderNow, Stories: stories, Offset: 0, Total: 45}}
	msgs := render(r, renderNow)
	checkLimits(t, msgs)
	if len(msgs) < 2 {
		t.Fatalf("got %d messages, want the briefing split", len(msgs))
	}
	// Story numbers run 1..40 across the messages, each title once.
	next := 1
	for i, m := range msgs {
		for _, b := range m.Blocks {
			if s, ok := b.(*slack.SectionBlock); ok && strings.HasPrefix(s.Text.Text, "*") {
				var n int
				if _, err := fmt.Sscanf(s.Text.Text, "*%d.", &n); err == nil {
					if n != next {
						t.Fatalf("message %d: story %d where %d was due", i+1, n, next)
					}
					next++
				}
			}
		}
		_, isActions := m.Blocks[len(m.Blocks)-1].(*slack.ActionBlock)
		if last := i == len(msgs)-1; isActions != last {
			t.Errorf("message %d: buttons present = %v, want them only on the last message", i+1, isActions)
		}
	}
	if next != 41 {
		t.Errorf("saw stories up to %d, want 40", next-1)
	}
}

func TestChunkKeepsEntitiesAndLimits(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		limit int
	}{
		{"words", strings.Repeat("alpha beta gamma ", 50), 40},
		{"no spaces", strings.Repeat("x", 100), 30},
		{"entities at the edge", strings.Repeat("a&b<c>d ", 40), 17},
		{"astral characters", strings.Repeat("😀 ", 40), 20},
		{"empty", "", 20},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkChunks(t, tt.in, tt.limit)
		})
	}
}

func checkChunks(t *testing.T, in string, limit int) {
	t.Helper()
	chunks := chunk(in, limit)
	var joined strings.Builder
	for _, c := range chunks {
		if n := textLen(c); n > max(limit, 16) {
			t.Fatalf("chunk %q is %d characters, over %d", c, n, limit)
		}
		if i := strings.LastIndexByte(c, '&'); i >= 0 && !strings.Contains(c[i:], ";") {
			t.Fatalf("chunk %q ends inside an entity", c)
		}
		joined.WriteString(c)
	}
	strip := func(s string) string {
		return strings.Map(func(r rune) rune {
			if unicode.IsSpace(r) {
				return -1
			}
			return r
		}, s)
	}
	if got, want := strip(joined.String()), strip(escape(in)); got != want {
		t.Fatalf("chunks lose text:\n got %q\nwant %q", got, want)
	}
}

func FuzzChunk(f *testing.F) {
	f.Add("<!channel> & friends", 20)
	f.Add(strings.Repeat("word ", 100), 33)
	f.Add("😀😀😀&&&<<<>>>", 17)
	f.Fuzz(func(t *testing.T, in string, limit int) {
		if limit < 0 || limit > 5000 {
			return
		}
		if !utf8.ValidString(in) {
			return
		}
		checkChunks(t, in, limit)
	})
}

// TestManifestMatchesTheAdapter checks that the shipped app manifest asks
// for what the adapter handles: the /brief command, the two events, the
// buttons, Socket Mode, and the scopes those need.
func TestManifestMatchesTheAdapter(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "deploy", "slack-app-manifest.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	manifest := string(b)
	for _, want := range []string{
		"command: /brief", "- app_mention", "- message.im", "socket_mode_enabled: true",
		"interactivity:\n    is_enabled: true",
		"- commands\n", "- chat:write\n", "- app_mentions:read\n", "- im:history\n",
		"# url: https://briefbot.example.com/slack/commands",
		"# request_url: https://briefbot.example.com/slack/events",
		"# request_url: https://briefbot.example.com/slack/interactive",
	} {
		if !strings.Contains(manifest, want) {
			t.Errorf("the manifest lacks %q", want)
		}
	}
}
