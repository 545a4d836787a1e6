package slackbot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/slack-go/slack"

	"briefbot/bot"
	"briefbot/brief"
	"briefbot/store"
)

func TestSlashCommandOverSocketMode(t *testing.T) {
	h := newHarness(t, setup{mode: ModeSocket})
	h.command("1", "C1", "U1", "iran-russia")
	// Slack redelivers an envelope it thinks was lost: same trigger ID.
	h.fake.send("env-1-again", "slash_commands", slashCommand("trig-1", "C1", "U1", "iran-russia", h.fake.hookURL("1")))
	waitFor(t, "ack of the redelivery", func() bool { return h.fake.acked("env-1-again") })
	h.settle()

	posts := h.fake.Delivered()
	if len(posts) != 1 || posts[0].Method != "chat.postMessage" {
		t.Fatalf("delivered %d messages (%v), want one chat.postMessage", len(posts), methods(posts))
	}
	golden(t, "brief_iran_russia", goldenPost(t, posts[0]))
	acks := h.fake.Calls("ws:ack")
	if len(acks) != 2 {
		t.Errorf("got %d acks, want one per envelope (2)", len(acks))
	}
}

func TestSlashCommandOverHTTP(t *testing.T) {
	h := newHarness(t, setup{mode: ModeHTTP})
	h.command("1", "C1", "U1", "iran-russia")
	h.settle()
	posts := h.fake.Delivered()
	if len(posts) != 1 || posts[0].Method != "chat.postMessage" {
		t.Fatalf("delivered %d messages (%v), want one chat.postMessage", len(posts), methods(posts))
	}
	// The same briefing as over Socket Mode, block for block.
	golden(t, "brief_iran_russia", goldenPost(t, posts[0]))
}

func TestHTTPRefusesBadSignatures(t *testing.T) {
	h := newHarness(t, setup{mode: ModeHTTP})
	now := time.Now().Unix()
	form := func(id string) string {
		v := slashCommand("trig-"+id, "C-"+id, "U1", "topics", h.fake.hookURL(id))
		vals := make([]string, 0, len(v))
		for k, x := range v {
			vals = append(vals, k+"="+x)
		}
		return strings.Join(vals, "&")
	}
	tests := []struct {
		name    string
		id      string
		ts      string
		sign    func(body string) string
		replays bool
	}{
		{"wrong secret", "wrong", strconv.FormatInt(now, 10), func(b string) string { return signature("not-the-secret", now, b) }, false},
		{"tampered body", "tampered", strconv.FormatInt(now, 10), func(b string) string { return signature(testSecret, now, b+"&text=help") }, false},
		{"missing signature", "nosig", strconv.FormatInt(now, 10), func(string) string { return "" }, false},
		{"missing timestamp", "nots", "", func(b string) string { return signature(testSecret, now, b) }, false},
		{"not v0", "v1", strconv.FormatInt(now, 10), func(b string) string { return "v1=" + strings.TrimPrefix(signature(testSecret, now, b), "v0=") }, false},
		{"timestamp 6 minutes old", "stale", strconv.FormatInt(now-360, 10), func(b string) string { return signature(testSecret, now-360, b) }, false},
		{"timestamp 6 minutes ahead", "future", strconv.FormatInt(now+360, 10), func(b string) string { return signature(testSecret, now+360, b) }, false},
		{"replay of a valid request", "replay", strconv.FormatInt(now, 10), func(b string) string { return signature(testSecret, now, b) }, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := form(tt.id)
			sig := tt.sign(body)
			if tt.replays {
				if resp := h.postSigned("/slack/commands", "application/x-www-form-urlencoded", body, tt.ts, sig); resp.StatusCode != http.StatusOK {
					t.Fatalf("original request: %s, want 200", resp.Status)
				}
			}
			resp := h.postSigned("/slack/commands", "application/x-www-form-urlencoded", body, tt.ts, sig)
			if resp.StatusCode != http.StatusUnauthorized {
				t.Errorf("got %s, want 401", resp.Status)
			}
		})
	}
	h.settle()
	// Only the replay's original was answered.
	var channels []string
	for _, p := range h.delivered() {
		channels = append(channels, p.Channel)
	}
	if diff := cmp.Diff([]string{"C-replay"}, channels); diff != "" {
		t.Errorf("answered channels (-want +got):\n%s", diff)
	}
}

func TestHTTPAnswersURLVerification(t *testing.T) {
	h := newHarness(t, setup{mode: ModeHTTP})
	body := `{"token":"unused","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P","type":"url_verification"}`
	ts := time.Now().Unix()
	req, _ := http.NewRequest(http.MethodPost, h.web.URL+"/slack/events", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Slack-Request-Timestamp", strconv.FormatInt(ts, 10))
	req.Header.Set("X-Slack-Signature", signature(testSecret, ts, body))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var got struct{ Challenge string }
	if err := json.NewDecoder(resp.Body).Decode(&got); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("status %s, decode %v", resp.Status, err)
	}
	if got.Challenge != "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" {
		t.Errorf("challenge = %q", got.Challenge)
	}
}

func TestRateLimitWaitsRetryAfterAndPostsOnce(t *testing.T) {
	h := newHarness(t, setup{mode: ModeSocket})
	h.fake.enqueue("chat.postMessage", reply{Status: http.StatusTooManyRequests, RetryAfter: "1"})
	h.command("1", "C1", "U1", "iran-russia")
	h.settle()
	attempts := h.fake.Calls("chat.postMessage")
	if len(attempts) != 2 {
		t.Fatalf("got %d chat.postMessage attempts, want 2 (refused, then accepted)", len(attempts))
	}
	if attempts[0].Status != http.StatusTooManyRequests || attempts[1].Status != http.StatusOK {
		t.Fatalf("statuses %d then %d, want 429 then 200", attempts[0].Status, attempts[1].Status)
	}
	if waited := attempts[1].At.Sub(attempts[0].At); waited < time.Second {
		t.Errorf("retried after %v, before the 1s Retry-After", waited)
	}
	if n := len(h.fake.Delivered()); n != 1 {
		t.Errorf("delivered %d messages, want exactly 1", n)
	}
	if !strings.Contains(h.logs.String(), "slack rate limit; waiting") {
		t.Error("the wait was not logged")
	}
}

func TestHostileFeedTitleArrivesEscaped(t *testing.T) {
	h := newHarness(t, setup{mode: ModeSocket, seed: func(ctx context.Context, st store.Store) {
		a := article("evil", "evil.example", "<!here> Feed & Co", "<!channel> <@U1> & <script>", testNow.Add(-time.Hour))
		a.Link = "https://evil.example/a?x=1&y=<2>"
		save(ctx, st, a, "iran-russia", []string{"Read <https://phish.example|this> now, <!everyone>."}, "Iran", "Russia")
	}})
	h.command("1", "C1", "U1", "iran-russia")
	h.settle()
	posts := h.delivered()
	if len(posts) != 1 {
		t.Fatalf("delivered %d messages, want 1", len(posts))
	}
	p := posts[0]
	all := p.all()
	for _, bad := range []string{"<!channel>", "<!here>", "<!everyone>", "<@U1>", "<script>", "<https://phish"} {
		if strings.Contains(all, bad) {
			t.Errorf("the message contains %q unescaped", bad)
		}
	}
	for _, want := range []string{
		"&lt;!channel&gt; &lt;@U1&gt; &amp; &lt;script&gt;",
		"&lt;!here&gt; Feed &amp; Co",
		"Read &lt;https://phish.example|this&gt; now, &lt;!everyone&gt;.",
		"<https://evil.example/a?x=1&amp;y=&lt;2&gt;|",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("the message lacks %q:\n%s", want, all)
		}
	}
	if !strings.Contains(p.Text, "&lt;!channel&gt;") {
		t.Errorf("fallback text is not escaped: %q", p.Text)
	}
}

func TestLongBriefingIsSplitInOrder(t *testing.T) {
	const n = 30
	h := newHarness(t, setup{mode: ModeSocket, pageSize: 50, seed: func(ctx context.Context, st store.Store) {
		for i := range n {
			summary := []string{strings.Repeat("Talks on trade & energy went on. ", 8)}
			if i == 3 {
				summary = []string{strings.Repeat("An unusually long summary sentence about the pipeline. ", 120)} // ~6,600 characters
			}
			a := article(fmt.Sprintf("s%02d", i), "wire.example", "Wire One", fmt.Sprintf("Story %02d", i), testNow.Add(-time.Duration(i+1)*time.Minute))
			save(ctx, st, a, "iran-russia", summary, "Iran", "Russia")
		}
	}})
	h.command("1", "C1", "U1", "iran-russia")
	h.settle()
	posts := h.delivered()
	if len(posts) < 2 {
		t.Fatalf("delivered %d messages, want the briefing split", len(posts))
	}
	next := 1
	for i, p := range posts {
		if len(p.Blocks) > 50 {
			t.Errorf("message %d has %d blocks", i+1, len(p.Blocks))
		}
		for _, b := range p.Blocks {
			text, _ := b["text"].(map[string]any)
			s, _ := text["text"].(string)
			switch b["type"] {
			case "section":
				if textLen(s) > 3000 {
					t.Errorf("message %d has a section of %d characters", i+1, textLen(s))
				}
				var num int
				if _, err := fmt.Sscanf(s, "*%d.", &num); err == nil {
					if num != next {
						t.Fatalf("message %d: story %d where %d was due", i+1, num, next)
					}
					next++
				}
			case "header":
				if textLen(s) > 150 {
					t.Errorf("header of %d characters", textLen(s))
				}
			}
		}
		if i > 0 && !strings.Contains(p.Text, fmt.Sprintf("continued (%d/%d)", i+1, len(posts))) {
			t.Errorf("message %d fallback = %q, want it to say which part it is", i+1, p.Text)
		}
		if i > 0 && !p.call.At.After(posts[i-1].call.At) {
			t.Errorf("message %d was not posted after message %d", i+1, i)
		}
	}
	if next != n+1 {
		t.Errorf("saw stories 1..%d, want 1..%d", next-1, n)
	}
}

func TestDirectMessagesAndMentionsAreAnswered(t *testing.T) {
	for _, mode := range []string{ModeSocket, ModeHTTP} {
		t.Run(mode, func(t *testing.T) {
			h := newHarness(t, setup{mode: mode})
			h.event("dm", dmEvent("Ev-dm", "D1", "U1", "topics", nil))
			h.event("mention", mentionEvent("Ev-mention", "C2", "U2", "<@UBOT> iran-russia 7d", "1764240000.000100"))
			h.event("dm-brief", dmEvent("Ev-dm-brief", "D1", "U1", "brief jcpoa", nil))
			h.settle()
			got := map[string]posted{}
			for _, p := range h.delivered() {
				got[p.Channel] = p
				if p.Method != "chat.postMessage" {
					t.Errorf("answered with %s, want chat.postMessage", p.Method)
				}
			}
			if len(h.delivered()) != 3 {
				t.Fatalf("delivered %d messages, want 3", len(h.delivered()))
			}
			if s := got["C2"].all(); !strings.Contains(s, "Iran–Russia relations · last 7 days · 4 stories") || got["C2"].Thread != "1764240000.000100" {
				t.Errorf("mention answer in thread %q:\n%s", got["C2"].Thread, s)
			}
			var dmTexts []string
			for _, p := range h.delivered() {
				if p.Channel == "D1" {
					dmTexts = append(dmTexts, p.all())
				}
			}
			// Two requests served at once may be answered in either order.
			joined := strings.Join(dmTexts, "\n---\n")
			if len(dmTexts) != 2 || !strings.Contains(joined, "Topics I watch") || !strings.Contains(joined, "IAEA reports on enrichment") {
				t.Errorf("DM answers:\n%s", strings.Join(dmTexts, "\n---\n"))
			}
		})
	}
}

func TestIgnoresItsOwnAndOtherBotsMessages(t *testing.T) {
	h := newHarness(t, setup{mode: ModeSocket})
	h.event("own", dmEvent("Ev-own", "D1", botUserID, "topics", nil))
	h.event("own-bot-id", dmEvent("Ev-own-bot", "D1", botUserID, "topics", map[string]any{"bot_id": botID}))
	h.event("other-bot", dmEvent("Ev-other-bot", "D1", "U9", "topics", map[string]any{"bot_id": "B9", "subtype": "bot_message"}))
	h.event("edit", dmEvent("Ev-edit", "D1", "U1", "topics", map[string]any{"subtype": "message_changed"}))
	h.event("join", dmEvent("Ev-join", "D1", "U1", "topics", map[string]any{"subtype": "channel_join"}))
	h.event("own-mention", mentionEvent("Ev-own-mention", "C1", botUserID, "<@UBOT> topics", ""))
	h.event("person", dmEvent("Ev-person", "D1", "U1", "help", nil))
	// Redelivery of an event answers it once.
	h.event("person-again", dmEvent("Ev-person", "D1", "U1", "help", nil))
	h.settle()
	posts := h.delivered()
	if len(posts) != 1 || !strings.Contains(posts[0].all(), "*Commands*") {
		var all []string
		for _, p := range posts {
			all = append(all, p.all())
		}
		t.Fatalf("delivered %d messages, want only the answer to the person's help:\n%s", len(posts), strings.Join(all, "\n---\n"))
	}
}

func TestButtonsMoreAndMute(t *testing.T) {
	for _, mode := range []string{ModeSocket, ModeHTTP} {
		t.Run(mode, func(t *testing.T) {
			h := newHarness(t, setup{mode: mode, pageSize: 2})
			h.command("sub", "C1", "U1", "subscribe iran-russia alerts")
			waitFor(t, "the subscription notice", func() bool { return len(h.fake.Delivered()) == 1 })
			h.command("brief", "C1", "U1", "iran-russia")
			waitFor(t, "the first page", func() bool { return len(h.fake.Delivered()) == 2 })
			page1 := h.delivered()[1]
			buttons := page1.buttons()
			if buttons["more"] == "" || buttons["mute"] != "/mute iran-russia" {
				t.Fatalf("buttons = %v, want More and Mute", buttons)
			}
			h.press("more", buttonPress("trig-more", "C1", "U1", "more", buttons["more"], h.fake.hookURL("more")))
			waitFor(t, "the second page", func() bool { return len(h.fake.Delivered()) == 3 })
			h.press("mute", buttonPress("trig-mute", "C1", "U1", "mute", buttons["mute"], h.fake.hookURL("mute")))
			h.settle()

			posts := h.delivered()
			if len(posts) != 4 {
				t.Fatalf("delivered %d messages, want 4", len(posts))
			}
			if s := posts[2].all(); !strings.Contains(s, "*3. <") || !strings.Contains(s, "Drone parts shipment questioned") || strings.Contains(s, "Lavrov") {
				t.Errorf("More did not post the next page:\n%s", s)
			}
			if _, more := posts[2].buttons()["more"]; more {
				t.Error("the last page offers More")
			}
			if s := posts[3].all(); !strings.Contains(s, "Muted Iran–Russia relations alerts for 24h") {
				t.Errorf("Mute answered:\n%s", s)
			}
			subs, err := h.st.Subscriptions(context.Background(), brief.ChannelRef{Platform: "slack", ID: "C1"})
			if err != nil || len(subs) != 1 || !subs[0].MutedUntil.Equal(testNow.Add(24*time.Hour)) {
				t.Errorf("subscriptions = %+v (%v), want iran-russia muted for 24h", subs, err)
			}
		})
	}
}

func TestUnknownCommandGetsPrivateErrorWithHint(t *testing.T) {
	h := newHarness(t, setup{mode: ModeSocket})
	h.command("typo", "C1", "U1", "iran-rusia")
	h.event("mention", mentionEvent("Ev-m", "C2", "U2", "<@UBOT> subscirbe jcpoa", ""))
	h.settle()
	posts := h.delivered()
	if len(posts) != 2 {
		t.Fatalf("delivered %d messages, want 2", len(posts))
	}
	for _, p := range posts {
		if p.Method == "chat.postMessage" {
			t.Errorf("an error went to the whole channel: %s", p.all())
		}
	}
	// The two channels are delivered to independently, in either order.
	slash, mention := posts[0], posts[1]
	if mention.Method == "response_url" {
		slash, mention = mention, slash
	}
	if slash.Method != "response_url" || slash.Type != "ephemeral" {
		t.Errorf("slash command error went by %s as %q, want an ephemeral response_url message", slash.Method, slash.Type)
	}
	if s := slash.all(); !strings.Contains(s, `Unknown topic "iran-rusia". Did you mean iran-russia?`) || !strings.Contains(s, "Try: `/brief topics`") {
		t.Errorf("slash command error:\n%s", s)
	}
	if mention.Method != "chat.postEphemeral" || mention.User != "U2" || mention.Channel != "C2" {
		t.Errorf("mention error went by %s to %s in %s, want chat.postEphemeral to U2 in C2", mention.Method, mention.User, mention.Channel)
	}
	if s := mention.all(); !strings.Contains(s, `I don't know the command "subscirbe". Did you mean /brief subscribe?`) || !strings.Contains(s, "Try: `/brief help [command]`") {
		t.Errorf("mention error:\n%s", s)
	}
}

func TestSlashCommandWhereTheBotIsNotAMember(t *testing.T) {
	h := newHarness(t, setup{mode: ModeHTTP})
	h.fake.notMember("C9")
	h.command("1", "C9", "U1", "iran-russia")
	h.settle()
	posts := h.delivered()
	if len(posts) != 1 || posts[0].Method != "response_url" || posts[0].Type != "in_channel" {
		t.Fatalf("delivered %v, want the briefing through the response_url, in the channel", methods(h.fake.Delivered()))
	}
	if !strings.Contains(posts[0].all(), "Iran and Russia sign 20-year gas deal") {
		t.Errorf("response_url message:\n%s", posts[0].all())
	}
}

func TestRecordedCallsOfOneBrief(t *testing.T) {
	h := newHarness(t, setup{mode: ModeSocket})
	h.command("1", "C1", "U1", "iran-russia")
	h.settle()
	var b strings.Builder
	start := h.fake.Calls()[0].At
	for _, c := range h.fake.Calls() {
		fmt.Fprintf(&b, "%+7.1fms  %-22s", float64(c.At.Sub(start).Microseconds())/1000, c.Method)
		switch {
		case c.Method == "chat.postMessage":
			var blocks []map[string]any
			_ = json.Unmarshal([]byte(c.Form.Get("blocks")), &blocks)
			fmt.Fprintf(&b, " channel=%s unfurl_links=%s unfurl_media=%s blocks=%d -> %d", c.Form.Get("channel"),
				c.Form.Get("unfurl_links"), c.Form.Get("unfurl_media"), len(blocks), c.Status)
			fmt.Fprintf(&b, "\n%13stext: %q", "", clip(c.Form.Get("text"), 70))
			for _, bl := range blocks {
				fmt.Fprintf(&b, "\n%13s%s", "", blockSummary(bl))
			}
		case strings.HasPrefix(c.Method, "ws:"):
			if c.Body != nil {
				fmt.Fprintf(&b, " envelope_id=%v", c.Body["envelope_id"])
			}
		default:
			fmt.Fprintf(&b, " -> %d", c.Status)
		}
		if c.Error != "" {
			fmt.Fprintf(&b, " %s", c.Error)
		}
		b.WriteString("\n")
	}
	t.Logf("Slack API calls for /brief iran-russia over Socket Mode:\n%s", b.String())
	// slack-go writes the ack from its own goroutine while the command is
	// served, so the ack and the post may arrive in either order; Slack
	// only needs the ack within 3 seconds.
	want := []string{"auth.test", "apps.connections.open", "ws:connect", "ws:hello", "ws:slash_commands", "chat.postMessage", "ws:ack"}
	got := methods(h.fake.Calls())
	if n := len(got); n == len(want) && got[n-2] == "ws:ack" {
		got[n-2], got[n-1] = got[n-1], got[n-2]
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("calls (-want +got):\n%s", diff)
	}
}

func blockSummary(b map[string]any) string {
	p := posted{Blocks: []map[string]any{b}}
	text := strings.Join(p.texts(), " | ")
	if b["type"] == "actions" {
		var buttons []string
		for label, value := range p.buttons() {
			buttons = append(buttons, label+"="+value)
		}
		text = strings.Join(buttons, ", ")
	}
	return fmt.Sprintf("%-8s %s", b["type"], clip(strings.ReplaceAll(text, "\n", " / "), 110))
}

func methods(calls []call) []string {
	var out []string
	for _, c := range calls {
		out = append(out, c.Method)
	}
	return out
}

func TestSendSortsRefusals(t *testing.T) {
	briefing := bot.Response{Kind: bot.KindNotice, Text: "hello"}
	tests := []struct {
		name          string
		reply         reply
		ctxTimeout    time.Duration
		undeliverable bool
		retryAfter    time.Duration
	}{
		{"channel_not_found", reply{Error: "channel_not_found"}, 0, true, 0},
		{"is_archived", reply{Error: "is_archived"}, 0, true, 0},
		{"account_inactive", reply{Error: "account_inactive"}, 0, true, 0},
		{"token_revoked", reply{Error: "token_revoked"}, 0, true, 0},
		{"HTTP 403", reply{Status: http.StatusForbidden}, 0, true, 0},
		{"HTTP 500 heals", reply{Status: http.StatusInternalServerError}, 0, false, 0},
		{"internal_error heals", reply{Error: "internal_error"}, 0, false, 0},
		{"Retry-After longer than the deadline", reply{Status: http.StatusTooManyRequests, RetryAfter: "30"}, 2 * time.Second, false, 30 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := newFakeSlack(t)
			ad, err := New(serverFunc(func(context.Context, bot.Request) error { return nil }),
				Options{BotToken: testBotToken, AppToken: testAppToken, APIURL: fake.APIURL(), PerChannel: time.Millisecond})
			if err != nil {
				t.Fatal(err)
			}
			fake.enqueue("chat.postMessage", tt.reply)
			ctx := t.Context()
			if tt.ctxTimeout > 0 {
				var cancel context.CancelFunc
				ctx, cancel = context.WithTimeout(ctx, tt.ctxTimeout)
				defer cancel()
			}
			err = ad.Send(ctx, bot.Delivery{Channel: brief.ChannelRef{Platform: "slack", ID: "C1"}, Response: briefing})
			if err == nil {
				t.Fatal("Send succeeded, want an error")
			}
			if got := errors.Is(err, brief.ErrUndeliverable); got != tt.undeliverable {
				t.Errorf("errors.Is(%v, ErrUndeliverable) = %v, want %v", err, got, tt.undeliverable)
			}
			ra, isRA := errors.AsType[*brief.RetryAfterError](err)
			if (tt.retryAfter != 0) != isRA || (isRA && ra.Wait != tt.retryAfter) {
				t.Errorf("error %v: RetryAfterError = %v, want wait %v", err, isRA, tt.retryAfter)
			}
			if strings.Contains(err.Error(), testBotToken) || strings.Contains(err.Error(), testAppToken) {
				t.Errorf("error quotes a token: %v", err)
			}
		})
	}
}

// serverFunc adapts a function to bot.Server, for tests of Send alone.
type serverFunc func(ctx context.Context, req bot.Request) error

func (f serverFunc) Serve(ctx context.Context, req bot.Request) error { return f(ctx, req) }

func TestSendResumesAfterThePartsDelivered(t *testing.T) {
	fake := newFakeSlack(t)
	ad, err := New(serverFunc(func(context.Context, bot.Request) error { return nil }),
		Options{BotToken: testBotToken, AppToken: testAppToken, APIURL: fake.APIURL(), PerChannel: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	var stories []brief.Story
	for i := range 30 {
		stories = append(stories, story(fmt.Sprintf("a%02d", i), fmt.Sprintf("Story %02d", i), "Wire", renderNow.Add(-time.Duration(i)*time.Minute), "Summary."))
	}
	r := bot.Response{Kind: bot.KindBriefing, Briefing: &brief.Briefing{Topic: iranRussia, Since: renderNow.Add(-24 * time.Hour), Until: renderNow, Stories: stories, Total: 30}}
	ch := brief.ChannelRef{Platform: "slack", ID: "C1"}
	fake.enqueue("chat.postMessage", reply{}, reply{Status: http.StatusInternalServerError})
	// The dispatcher records each accepted part and hands the count to the
	// next attempt, in this process or after a restart.
	d := bot.Delivery{Channel: ch, Response: r}
	d.Accepted = func(n int) { d.Done = n }
	if err := ad.Send(t.Context(), d); err == nil {
		t.Fatal("first Send succeeded despite the 500")
	}
	if d.Done != 1 {
		t.Fatalf("accepted parts reported = %d, want 1", d.Done)
	}
	if err := ad.Send(t.Context(), d); err != nil {
		t.Fatalf("retry: %v", err)
	}
	var parts []string
	for _, c := range fake.Delivered() {
		p := decodePosted(t, c)
		parts = append(parts, strings.SplitN(p.Text, "\n", 2)[0])
	}
	want := []string{"Iran–Russia relations · last 24 hours · 30 stories", "Iran–Russia relations · last 24 hours · 30 stories · continued (2/2)"}
	if diff := cmp.Diff(want, parts); diff != "" {
		t.Errorf("delivered parts (-want +got):\n%s", diff)
	}
}

func TestNewValidatesOptions(t *testing.T) {
	srv := serverFunc(func(context.Context, bot.Request) error { return nil })
	tests := []struct {
		name string
		opt  Options
		want string // in the error; "" means no error
		mode string
	}{
		{"socket mode", Options{BotToken: testBotToken, AppToken: testAppToken}, "", ModeSocket},
		{"http mode", Options{BotToken: testBotToken, SigningSecret: testSecret}, "", ModeHTTP},
		{"no bot token", Options{AppToken: testAppToken}, "BRIEFBOT_SLACK_BOT_TOKEN", ""},
		{"tokens swapped", Options{BotToken: testAppToken, AppToken: testBotToken}, "does not start with xoxb-", ""},
		{"no way in", Options{BotToken: testBotToken}, "BRIEFBOT_SLACK_APP_TOKEN or BRIEFBOT_SLACK_SIGNING_SECRET", ""},
		{"bad API URL", Options{BotToken: testBotToken, AppToken: testAppToken, APIURL: "localhost:8080"}, "API URL", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := New(srv, tt.opt)
			if tt.want == "" {
				if err != nil {
					t.Fatalf("New: %v", err)
				}
				if a.Mode() != tt.mode {
					t.Errorf("Mode() = %q, want %q", a.Mode(), tt.mode)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("New error = %v, want one mentioning %q", err, tt.want)
			}
			for _, secret := range []string{testBotToken, testAppToken, testSecret} {
				if strings.Contains(err.Error(), secret) {
					t.Errorf("error quotes a secret: %v", err)
				}
			}
		})
	}
}

func TestRunFailsOnARefusedTokenWithoutQuotingIt(t *testing.T) {
	tests := []struct {
		name     string
		appToken string
		authFail string
		want     string
	}{
		{"bot token refused", testAppToken, "invalid_auth", "BRIEFBOT_SLACK_BOT_TOKEN"},
		{"bot token revoked", testAppToken, "token_revoked", "BRIEFBOT_SLACK_BOT_TOKEN"},
		{"app token refused", "xapp-1-A1-9999-revokedapptoken", "", "BRIEFBOT_SLACK_APP_TOKEN"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := newFakeSlack(t)
			if tt.authFail != "" {
				fake.failAuth(tt.authFail)
			}
			logs := &syncBuffer{}
			ad, err := New(serverFunc(func(context.Context, bot.Request) error { return nil }),
				Options{BotToken: testBotToken, AppToken: tt.appToken, APIURL: fake.APIURL(), Logger: slogTo(logs)})
			if err != nil {
				t.Fatal(err)
			}
			err = ad.Run(t.Context())
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Run = %v, want an error naming %s", err, tt.want)
			}
			if testing.Verbose() {
				t.Logf("Run = %v", err)
			}
			for _, s := range []string{err.Error(), logs.String()} {
				for _, secret := range []string{testBotToken, testAppToken, tt.appToken} {
					if strings.Contains(s, secret) {
						t.Errorf("a token leaked: %s", s)
					}
				}
			}
		})
	}
}

func TestRunRetriesAuthTestThroughAnOutage(t *testing.T) {
	h := newHarnessAfter(t, func(f *fakeSlack) {
		f.enqueue("auth.test", reply{Status: http.StatusServiceUnavailable})
	})
	h.command("1", "C1", "U1", "topics")
	h.settle()
	if got := methods(h.fake.Calls("auth.test")); len(got) != 2 {
		t.Errorf("auth.test called %d times, want 2 (503, then 200)", len(got))
	}
	if len(h.fake.Delivered()) != 1 {
		t.Errorf("delivered %d messages, want 1", len(h.fake.Delivered()))
	}
}

func TestSendChoosesTheRoute(t *testing.T) {
	notice := bot.Response{Kind: bot.KindNotice, Text: "Subscribed."}
	oops := bot.Response{Kind: bot.KindError, Text: "Unknown topic.", Hint: "/brief topics", Private: true}
	tests := []struct {
		name        string
		ch          brief.ChannelRef
		withURL     bool
		r           bot.Response
		script      []reply // for response_url
		notMember   bool
		wantMethods []string // every call, refused ones included
		wantType    string   // response_type of the delivered response_url message
	}{
		{"public answer in a thread", brief.ChannelRef{Platform: "slack", ID: "C1", Thread: "1764240000.000100"}, true, notice, nil, false,
			[]string{"chat.postMessage"}, ""},
		{"private answer through the response_url", brief.ChannelRef{Platform: "slack", ID: "C1"}, true, oops, nil, false,
			[]string{"response_url"}, "ephemeral"},
		{"private answer without a response_url", brief.ChannelRef{Platform: "slack", ID: "C1"}, false, oops, nil, false,
			[]string{"chat.postEphemeral"}, ""},
		{"private answer after the response_url expired", brief.ChannelRef{Platform: "slack", ID: "C1"}, true, oops,
			[]reply{{Status: http.StatusNotFound, Error: "expired_url"}}, false,
			[]string{"response_url", "chat.postEphemeral"}, ""},
		{"private answer in a DM with the bot", brief.ChannelRef{Platform: "slack", ID: "D1"}, true, oops, nil, false,
			[]string{"chat.postMessage"}, ""},
		{"public answer where the bot is not a member", brief.ChannelRef{Platform: "slack", ID: "C9"}, true, notice, nil, true,
			[]string{"chat.postMessage", "response_url"}, "in_channel"},
		{"private answer in a DM between people", brief.ChannelRef{Platform: "slack", ID: "D9"}, true, oops, nil, true,
			[]string{"chat.postMessage", "response_url"}, "ephemeral"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := newFakeSlack(t)
			ad, err := New(serverFunc(func(context.Context, bot.Request) error { return nil }),
				Options{BotToken: testBotToken, AppToken: testAppToken, APIURL: fake.APIURL(), PerChannel: time.Millisecond})
			if err != nil {
				t.Fatal(err)
			}
			fake.enqueue("response_url", tt.script...)
			if tt.notMember {
				fake.notMember(tt.ch.ID)
			}
			h := hint{User: "U1"}
			if tt.withURL {
				h.ResponseURL = fake.hookURL("x")
			}
			if err := ad.Send(t.Context(), bot.Delivery{Channel: tt.ch, Hint: h.encode(), Response: tt.r}); err != nil {
				t.Fatalf("Send: %v", err)
			}
			if diff := cmp.Diff(tt.wantMethods, methods(fake.Calls())); diff != "" {
				t.Errorf("calls (-want +got):\n%s", diff)
			}
			delivered := fake.Delivered()
			if len(delivered) != 1 {
				t.Fatalf("delivered %d messages, want 1", len(delivered))
			}
			p := decodePosted(t, delivered[0])
			if p.Type != tt.wantType {
				t.Errorf("response_type = %q, want %q", p.Type, tt.wantType)
			}
			if p.Method != "response_url" && (p.Channel != tt.ch.ID || p.Thread != tt.ch.Thread) {
				t.Errorf("posted to %s/%s, want %s/%s", p.Channel, p.Thread, tt.ch.ID, tt.ch.Thread)
			}
			if p.Method == "chat.postEphemeral" && p.User != "U1" {
				t.Errorf("ephemeral message for %q, want U1", p.User)
			}
		})
	}
}

func TestResponseURLMustPointAtSlack(t *testing.T) {
	ad, err := New(serverFunc(func(context.Context, bot.Request) error { return nil }),
		Options{BotToken: testBotToken, AppToken: testAppToken, APIURL: "http://127.0.0.1:9999/api/"})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		url  string
		keep bool
	}{
		{"https://hooks.slack.com/commands/T1/123/abc", true},
		{"https://hooks.slack-gov.com/commands/T1/123/abc", true},
		{"http://127.0.0.1:9999/hooks/1", true}, // the configured API server (tests, staging)
		{"http://hooks.slack.com/commands/T1/123/abc", false},
		{"https://evil.example/collect", false},
		{"https://hooks.slack.com.evil.example/x", false},
		{"http://127.0.0.1:8888/hooks/1", false},
		{"", false},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			req, ok := ad.fromSlashCommand(slashCommandStruct("trig-1", "C1", "U1", "topics", tt.url))
			if !ok {
				t.Fatal("slash command refused")
			}
			if got := parseHint(req.Hint).ResponseURL != ""; got != tt.keep {
				t.Errorf("response_url kept = %v, want %v", got, tt.keep)
			}
		})
	}
}

func slashCommandStruct(trigger, channel, user, text, responseURL string) slack.SlashCommand {
	return slack.SlashCommand{TeamID: "T1", ChannelID: channel, UserID: user, Command: "/brief", Text: text, ResponseURL: responseURL, TriggerID: trigger}
}
