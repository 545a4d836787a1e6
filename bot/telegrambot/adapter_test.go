package telegrambot

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"briefbot/bot"
	"briefbot/brief"
	"briefbot/store"
	"briefbot/store/sqlite"
)

// testToken has the shape of a real token, so a leak would be recognisable.
const testToken = "123456789:AAHfakeTokenForTests-abcdefghijklmno"

// logRecorder keeps every log line written through it.
type logRecorder struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (r *logRecorder) Write(p []byte) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.buf.Write(p)
}

func (r *logRecorder) lines() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return strings.Split(strings.TrimSpace(r.buf.String()), "\n")
}

func (r *logRecorder) logger() *slog.Logger {
	return slog.New(slog.NewTextHandler(r, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

type harnessOptions struct {
	// stories are saved under iran-russia before the bot starts; nil
	// means three short ones.
	stories []brief.Article
	// everyone lets non-admins manage group subscriptions (AdminsOnly off).
	everyone bool
	// webhook runs in webhook mode.
	webhook bool
	// faults are queued on the fake before the adapter starts.
	faults map[string][]fault
}

// harness is the real bot core (handler, dispatcher, SQLite outbox)
// talking to the fake Bot API through the adapter.
type harness struct {
	tg    *fakeTelegram
	store *sqlite.Store
	a     *Adapter
	logs  *logRecorder
	stop  func()
}

func topicsForTest() []brief.Topic {
	return []brief.Topic{
		{ID: "iran-russia", Title: "Iran–Russia relations", Description: "Ties between Tehran and Moscow"},
		{ID: "jcpoa", Title: "Iran nuclear deal (JCPOA)"},
		{ID: "sco", Title: "Shanghai Cooperation Organisation"},
	}
}

// article is a story about Iran–Russia relations published hoursAgo.
func article(n int, title, summary string) brief.Article {
	return brief.Article{
		ID: fmt.Sprintf("https://news.example/%d", n), FeedURL: "https://news.example/feed", Source: "Wire Service",
		Title: title, Link: fmt.Sprintf("https://news.example/%d", n), Text: summary,
		Published: time.Now().UTC().Add(-time.Duration(n) * time.Hour).Truncate(time.Second),
		Fetched:   time.Now().UTC(),
	}
}

func shortStories(n int) []brief.Article {
	var out []brief.Article
	for i := 1; i <= n; i++ {
		out = append(out, article(i, fmt.Sprintf("Iran and Russia story %d", i), fmt.Sprintf("Tehran and Moscow did thing %d.", i)))
	}
	return out
}

func start(t *testing.T, o harnessOptions) *harness {
	t.Helper()
	ctx := t.Context()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "briefbot.db"), sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if o.stories == nil {
		o.stories = shortStories(3)
	}
	for _, a := range o.stories {
		m := brief.Match{ArticleID: a.ID, TopicID: "iran-russia", Score: 2,
			Hits:    []brief.Hit{{Term: "Iran", Found: "Iran", Field: "title"}, {Term: "Russia", Found: "Russia", Field: "title"}},
			Summary: []string{a.Text}}
		if err := st.SaveArticle(ctx, a, []brief.Match{m}, store.SaveOptions{Now: time.Now(), NoAlerts: true}); err != nil {
			t.Fatal(err)
		}
	}
	logs := &logRecorder{}
	log := logs.logger()
	tg := newFake(t, testToken)
	for m, fs := range o.faults {
		tg.fail(m, fs...)
	}
	d := bot.NewDispatcher(st, bot.DispatcherOptions{Poll: 20 * time.Millisecond, MinBackoff: 50 * time.Millisecond, MaxBackoff: 200 * time.Millisecond, Drain: 3 * time.Second, Logger: log})
	core := &bot.Bot{Handler: bot.NewHandler(st, topicsForTest(), nil, bot.Options{Logger: log}), Dispatcher: d}
	opt := Options{Token: testToken, APIURL: tg.endpoint(), AdminsOnly: !o.everyone, Logger: log, PollTimeout: time.Second, Inbox: st}
	if o.webhook {
		opt.Mode, opt.WebhookURL, opt.WebhookSecret = ModeWebhook, "https://bot.example.test"+WebhookPath, "s3cret-Token_1"
	}
	a, err := New(core, opt)
	if err != nil {
		t.Fatal(err)
	}
	a.minBackoff = 20 * time.Millisecond
	// Telegram's flood limits would make these tests take seconds per
	// message; TestFloodLimits checks them on a fake clock.
	a.limits = newLimiter(fastLimits)
	d.Register(brief.PlatformTelegram, a)

	runCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	var wg sync.WaitGroup
	errs := make(chan error, 2)
	wg.Go(func() { errs <- d.Run(runCtx) })
	wg.Go(func() { errs <- a.Run(runCtx) })
	var once sync.Once
	stop := func() {
		once.Do(func() {
			cancel()
			wg.Wait()
			close(errs)
			for err := range errs {
				if err != nil {
					t.Errorf("Run returned %v, want nil after cancellation", err)
				}
			}
			if err := st.Close(); err != nil {
				t.Error(err)
			}
		})
	}
	t.Cleanup(stop)
	return &harness{tg: tg, store: st, a: a, logs: logs, stop: stop}
}

func (h *harness) last(t *testing.T, n int) call {
	t.Helper()
	sent := h.tg.waitSent(t, n)
	return sent[n-1]
}

func TestForumTopicBriefAddressedToThisBot(t *testing.T) {
	t.Parallel()
	h := start(t, harnessOptions{})
	// Updates are served in order and answers delivered per chat in
	// order, so if any of these were answered it would arrive first.
	h.tg.say(forumTopic, 501, "/brief@OtherBot iran_russia")
	h.tg.say(forumTopic, 501, "good morning, iran_russia fans")
	h.tg.say(forumTopic, 501, "/weather Tehran")
	h.tg.sayAsBot(forumTopic, "/brief@ThisBot iran_russia")
	msgID := h.tg.say(forumTopic, 501, "/brief@ThisBot iran_russia")

	got := h.last(t, 1)
	h.tg.waitUpdatesTaken(t)
	want := map[string]string{
		"chat_id": "-1003001", "message_thread_id": "77", "reply_to_message_id": fmt.Sprint(msgID),
		"parse_mode": "HTML", "disable_web_page_preview": "true",
	}
	for k, v := range want {
		if g := got.Params.Get(k); g != v {
			t.Errorf("sendMessage %s = %q, want %q", k, g, v)
		}
	}
	if !strings.HasPrefix(got.Plain, "Iran–Russia relations · last 24 hours · 3 stories") {
		t.Errorf("answer is not the iran-russia briefing:\n%s", got.Plain)
	}
	if n := len(h.tg.sent()); n != 1 {
		t.Errorf("%d messages sent, want only the answer to /brief@ThisBot:\n%s", n, h.tg.transcript())
	}
}

func TestGroupSubscriptionsNeedAnAdmin(t *testing.T) {
	t.Parallel()
	const member, admin = 601, 602
	h := start(t, harnessOptions{})
	h.tg.setAdmin(admin)
	ch := brief.ChannelRef{Platform: brief.PlatformTelegram, ID: fmt.Sprint(group.ID)}
	steps := []struct {
		name string
		user int64
		text string
		want string
	}{
		{"a member's subscribe is refused politely", member, "/subscribe iran_russia", "Only this chat's administrators can change what it follows. Anyone can ask for a briefing."},
		{"a member may still ask for a briefing", member, "/brief iran_russia", "Iran–Russia relations · last 24 hours"},
		{"an admin's subscribe works", admin, "/subscribe@ThisBot iran_russia alerts", "Subscribed: this chat now gets instant alerts for Iran–Russia relations."},
		{"a member's unsubscribe is refused", member, "/unsubscribe iran-russia", "Only this chat's administrators"},
		{"an admin writing anonymously as the group may manage", 0, "/subscribe sco", "Subscribed: this chat now gets instant alerts and the daily digest for Shanghai Cooperation Organisation."},
	}
	for i, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			if s.user == 0 {
				h.tg.sayAnonymously(group, s.text)
			} else {
				h.tg.say(group, s.user, s.text)
			}
			if got := h.last(t, i+1).Plain; !strings.Contains(got, s.want) {
				t.Errorf("answer to %q by %d:\n%s\nwant it to contain %q", s.text, s.user, got, s.want)
			}
		})
	}
	subs, err := h.store.Subscriptions(t.Context(), ch)
	if err != nil {
		t.Fatal(err)
	}
	if len(subs) != 2 || subs[0].TopicID != "iran-russia" || subs[0].Mode != brief.ModeAlerts || subs[1].TopicID != "sco" {
		t.Errorf("subscriptions = %+v, want iran-russia alerts and sco", subs)
	}
	var checked []string
	for _, c := range h.tg.Calls("getChatMember") {
		checked = append(checked, c.Params.Get("chat_id")+"/"+c.Params.Get("user_id"))
	}
	// The /brief needs no check; the member's second check is cached.
	if want := []string{"-1002001/601", "-1002001/602"}; !slices.Equal(checked, want) {
		t.Errorf("getChatMember calls %v, want %v", checked, want)
	}
}

func TestGroupSubscriptionsOpenToEveryoneWhenConfigured(t *testing.T) {
	t.Parallel()
	h := start(t, harnessOptions{everyone: true})
	h.tg.say(group, 601, "/subscribe sco")
	if got := h.last(t, 1).Plain; !strings.Contains(got, "Subscribed") {
		t.Errorf("answer:\n%s\nwant a subscription", got)
	}
	if n := len(h.tg.Calls("getChatMember")); n != 0 {
		t.Errorf("%d getChatMember calls, want none", n)
	}
}

func TestLongBriefingArrivesAsSeveralValidMessagesInOrder(t *testing.T) {
	t.Parallel()
	var stories []brief.Article
	for i := 1; i <= 7; i++ {
		// Titles are capped, but escaping still makes these long.
		stories = append(stories, article(i, fmt.Sprintf("Long story %d on Iran & Russia ", i)+strings.Repeat("<&> ", 100),
			strings.Repeat(fmt.Sprintf("Sentence of story %d about Tehran <and> Moscow. ", i), 30)))
	}
	h := start(t, harnessOptions{stories: stories})
	msgID := h.tg.say(group, 601, "/brief iran_russia 7d")
	// Five stories of about 1,500 characters of HTML: at least two messages.
	h.tg.waitFor(t, "the briefing's last part", func() bool {
		s := h.tg.sent()
		return len(s) > 0 && s[len(s)-1].Params.Get("reply_markup") != ""
	})
	parts := h.tg.sent()
	if len(parts) < 2 {
		t.Fatalf("briefing arrived as %d message(s), want several", len(parts))
	}
	for _, c := range h.tg.Calls("sendMessage") {
		if c.Status != http.StatusOK {
			t.Errorf("Telegram refused a part (%d): %s", c.Status, c.Params.Get("text"))
		}
	}
	var all strings.Builder
	for i, p := range parts {
		if n := utf16Len(p.Plain); n > MaxMessageLen {
			t.Errorf("part %d is %d characters", i+1, n)
		}
		reply := p.Params.Get("reply_to_message_id")
		if (i == 0) != (reply == fmt.Sprint(msgID)) {
			t.Errorf("part %d reply_to_message_id = %q; only the first part replies to the command", i+1, reply)
		}
		if (i == len(parts)-1) != (p.Params.Get("reply_markup") != "") {
			t.Errorf("part %d reply_markup = %q; only the last part carries the buttons", i+1, p.Params.Get("reply_markup"))
		}
		all.WriteString(p.Plain + "\n")
	}
	text := all.String()
	if !strings.HasPrefix(text, "Iran–Russia relations · last 7 days · 7 stories") {
		t.Errorf("first part does not start with the headline:\n%.200s", text)
	}
	pos := -1
	for n := 1; n <= 5; n++ {
		i := strings.Index(text, fmt.Sprintf("%d. Long story %d on Iran & Russia", n, n))
		if i < 0 || i < pos {
			t.Errorf("story %d missing or out of order", n)
		}
		pos = i
	}
	if !strings.Contains(text, "Tehran <and> Moscow") {
		t.Errorf("summary text not shown as written")
	}
}

func TestFloodControlWaitsRetryAfterThenSendsOnce(t *testing.T) {
	t.Parallel()
	h := start(t, harnessOptions{faults: map[string][]fault{
		"sendMessage": {apiErr(http.StatusTooManyRequests, "Too Many Requests: retry after 1", map[string]any{"retry_after": 1})},
	}})
	h.tg.say(privateChat, 7001, "/topics")
	h.last(t, 1)
	h.tg.say(privateChat, 7001, "/help") // a later answer, to show nothing else came in between
	h.last(t, 2)
	calls := h.tg.Calls("sendMessage")
	if len(calls) != 3 {
		t.Fatalf("%d sendMessage calls, want the refused one, its one resend and the next answer:\n%s", len(calls), h.tg.transcript())
	}
	refused, resent := calls[0], calls[1]
	if refused.Status != http.StatusTooManyRequests || resent.Status != http.StatusOK {
		t.Errorf("statuses %d then %d, want 429 then 200", refused.Status, resent.Status)
	}
	if refused.Params.Get("text") != resent.Params.Get("text") || !strings.Contains(resent.Plain, "Topics I watch") {
		t.Errorf("the resend is not the refused message")
	}
	if gap := resent.At.Sub(refused.At); gap < time.Second {
		t.Errorf("resent %v after the 429, before retry_after (1s) had passed", gap)
	}
}

func TestHostileTitleArrivesEscaped(t *testing.T) {
	t.Parallel()
	title := `<b>&</b> <a href="x">`
	a := article(1, title, `Summary with <i>tags</i> & "quotes".`)
	a.Link = `javascript:alert("x")`
	h := start(t, harnessOptions{stories: []brief.Article{a}})
	h.tg.say(privateChat, 7001, "/brief iran-russia")
	got := h.last(t, 1)
	if !strings.Contains(got.Plain, "1. "+title+"\n") {
		t.Errorf("the reader does not see the title as written:\n%s", got.Plain)
	}
	if !strings.Contains(got.Plain, `Summary with <i>tags</i> & "quotes".`) {
		t.Errorf("the reader does not see the summary as written:\n%s", got.Plain)
	}
	if raw := got.Params.Get("text"); strings.Contains(raw, "javascript:") || strings.Contains(raw, "<a href=\"x\">") {
		t.Errorf("hostile markup reached Telegram unescaped:\n%s", raw)
	}
}

func TestWebhook(t *testing.T) {
	t.Parallel()
	h := start(t, harnessOptions{webhook: true})
	h.tg.waitFor(t, "setWebhook", func() bool { return len(h.tg.Calls("setWebhook")) > 0 })
	sw := h.tg.Calls("setWebhook")[0]
	if sw.Params.Get("url") != "https://bot.example.test/telegram/webhook" || sw.Params.Get("secret_token") != "s3cret-Token_1" {
		t.Errorf("setWebhook params %v", sw.Params)
	}
	update := `{"update_id": 9001, "message": {"message_id": 5, "date": 1741680000, "text": "/brief@ThisBot iran_russia",
		"chat": {"id": -1002001, "type": "supergroup"}, "from": {"id": 601, "is_bot": false, "first_name": "U"}}}`
	cases := []struct {
		name, method, path, secret string
		want                       int
	}{
		{"wrong secret", http.MethodPost, WebhookPath, "s3cret-Token_2", http.StatusUnauthorized},
		{"no secret", http.MethodPost, WebhookPath, "", http.StatusUnauthorized},
		{"secret prefix", http.MethodPost, WebhookPath, "s3cret", http.StatusUnauthorized},
		{"GET", http.MethodGet, WebhookPath, "s3cret-Token_1", http.StatusMethodNotAllowed},
		{"other path", http.MethodPost, "/telegram/other", "s3cret-Token_1", http.StatusNotFound},
		{"right secret", http.MethodPost, WebhookPath, "s3cret-Token_1", http.StatusOK},
	}
	srv := newServer(t, h.a.Handler())
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			req, err := http.NewRequestWithContext(t.Context(), c.method, srv+c.path, strings.NewReader(update))
			if err != nil {
				t.Fatal(err)
			}
			if c.secret != "" {
				req.Header.Set("X-Telegram-Bot-Api-Secret-Token", c.secret)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != c.want {
				t.Errorf("status %d, want %d", resp.StatusCode, c.want)
			}
		})
	}
	got := h.last(t, 1)
	if !strings.HasPrefix(got.Plain, "Iran–Russia relations") || got.Params.Get("chat_id") != "-1002001" {
		t.Errorf("webhook update answered with %v:\n%s", got.Params, got.Plain)
	}
	if n := len(h.tg.sent()); n != 1 {
		t.Errorf("%d messages sent; only the authenticated call may be served", n)
	}
	if n := len(h.tg.Calls("getUpdates")); n != 0 {
		t.Errorf("%d getUpdates calls in webhook mode", n)
	}
}

func TestTokenNeverLogged(t *testing.T) {
	t.Parallel()
	h := start(t, harnessOptions{faults: map[string][]fault{
		"getMe":         {drop},
		"getUpdates":    {drop, drop},
		"sendMessage":   {drop, nil, drop},
		"getChatMember": {drop},
	}})
	h.tg.setAdmin(602)
	h.tg.say(group, 602, "/subscribe jcpoa") // the dropped getChatMember refuses it
	h.tg.say(group, 602, "/brief iran_russia")
	h.last(t, 2)
	h.stop()

	var redactions int
	for _, l := range h.logs.lines() {
		if strings.Contains(l, testToken) || strings.Contains(l, "AAHfakeToken") {
			t.Errorf("log line holds the token: %s", l)
		}
		redactions += strings.Count(l, "[redacted]")
	}
	if redactions == 0 {
		t.Errorf("no log line shows a scrubbed transport error; were connections dropped?\n%s", strings.Join(h.logs.lines(), "\n"))
	}
}

func TestPrivateChatCommands(t *testing.T) {
	t.Parallel()
	h := start(t, harnessOptions{})
	steps := []struct {
		name, text string
		want       []string
	}{
		{"/topics lists every topic", "/topics", []string{"Topics I watch", "Iran–Russia relations — iran-russia", "jcpoa", "sco", "/brief iran_russia"}},
		{"/help lists the commands", "/help", []string{"Commands", "/brief <topic> [24h|7d]", "/subscribe <topic> [alerts|digest|both]", "/digest <HH:MM>", "Topics: iran-russia, jcpoa, sco."}},
		{"/start says how to use the bot", "/start", []string{"Commands", "/topics — the topics I watch"}},
		{"/start with a deep-link payload too", "/start from_website", []string{"Commands"}},
		{"chatter is read as a command", "hello bot", []string{`I don't know the command "hello". Did you mean /help?`}},
		{"an unknown topic gets a suggestion", "/brief iran_rusia", []string{`Unknown topic "iran-rusia". Did you mean iran-russia?`}},
		{"subscribing in a private chat needs no admin", "/subscribe jcpoa digest", []string{"Subscribed"}},
	}
	for i, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			h.tg.say(privateChat, 7001, s.text)
			got := h.last(t, i+1)
			for _, w := range s.want {
				if !strings.Contains(got.Plain, w) {
					t.Errorf("answer to %q:\n%s\nwant it to contain %q", s.text, got.Plain, w)
				}
			}
			if got.Params.Get("chat_id") != "7001" || got.Params.Has("message_thread_id") {
				t.Errorf("answer sent to %v", got.Params)
			}
		})
	}
}

func TestGetUpdatesConflictIsReported(t *testing.T) {
	t.Parallel()
	h := start(t, harnessOptions{faults: map[string][]fault{
		"getUpdates": {apiErr(http.StatusConflict, "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running", nil)},
	}})
	h.tg.say(privateChat, 7001, "/topics")
	h.last(t, 1) // polling went on after the conflict
	var found bool
	for _, l := range h.logs.lines() {
		if strings.Contains(l, "level=ERROR") && strings.Contains(l, "another instance is polling with this token") {
			found = true
		}
	}
	if !found {
		t.Errorf("no Error line says another instance is polling:\n%s", strings.Join(h.logs.lines(), "\n"))
	}
}

func TestStartRegistersCommands(t *testing.T) {
	t.Parallel()
	h := start(t, harnessOptions{})
	h.tg.waitFor(t, "the first getUpdates", func() bool { return len(h.tg.Calls("getUpdates")) > 0 })
	var methods []string
	for _, c := range h.tg.Calls() {
		methods = append(methods, c.Method)
	}
	if want := []string{"getMe", "setMyCommands", "deleteWebhook", "getUpdates"}; !slices.Equal(methods[:4], want) {
		t.Errorf("start-up calls %v, want %v first", methods, want)
	}
	var cmds []struct{ Command, Description string }
	if err := json.Unmarshal([]byte(h.tg.Calls("setMyCommands")[0].Params.Get("commands")), &cmds); err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, c := range cmds {
		names = append(names, c.Command)
		if n := len([]rune(c.Description)); n < 3 || n > 256 {
			t.Errorf("/%s description has %d characters; Telegram wants 3-256", c.Command, n)
		}
	}
	for _, want := range []string{"brief", "topics", "subscribe", "unsubscribe", "digest", "help"} {
		if !slices.Contains(names, want) {
			t.Errorf("command menu %v lacks /%s", names, want)
		}
	}
	if got := cmds[0].Description; got != "<topic> [24h|7d] [page N] — the latest stories on a topic (default: the last 24 hours)" {
		t.Errorf("/brief description %q", got)
	}
}

func TestCallbackButtons(t *testing.T) {
	t.Parallel()
	const member, admin = 601, 602
	h := start(t, harnessOptions{stories: shortStories(7)})
	h.tg.setAdmin(admin)
	h.tg.say(forumTopic, member, "/brief iran_russia")
	first := h.last(t, 1)
	var kb struct {
		InlineKeyboard [][]struct {
			Text         string `json:"text"`
			CallbackData string `json:"callback_data"`
		} `json:"inline_keyboard"`
	}
	if err := json.Unmarshal([]byte(first.Params.Get("reply_markup")), &kb); err != nil || len(kb.InlineKeyboard) != 1 {
		t.Fatalf("reply_markup %q: %v", first.Params.Get("reply_markup"), err)
	}
	data := map[string]string{}
	for _, b := range kb.InlineKeyboard[0] {
		data[b.Text] = b.CallbackData
		if len(b.CallbackData) > 64 {
			t.Errorf("%q callback_data is %d bytes", b.Text, len(b.CallbackData))
		}
	}
	if data["More"] == "" || data["Mute 24 h"] == "" {
		t.Fatalf("buttons %v, want More and Mute 24 h", data)
	}
	steps := []struct {
		name   string
		user   int64
		button string // pressed, or empty to type text
		text   string
		want   string
	}{
		{"More shows the next page", member, "More", "", "6. Iran and Russia story 6"},
		{"a member's Mute is refused", member, "Mute 24 h", "", "Only this chat's administrators"},
		{"an admin subscribes", admin, "", "/subscribe iran_russia", "Subscribed"},
		{"an admin's Mute works", admin, "Mute 24 h", "", "Muted Iran–Russia relations alerts for 24h"},
	}
	var pressed []string
	for i, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			if s.button != "" {
				pressed = append(pressed, h.tg.press(forumTopic, s.user, 900, data[s.button]))
			} else {
				h.tg.say(forumTopic, s.user, s.text)
			}
			got := h.last(t, i+2)
			if !strings.Contains(got.Plain, s.want) {
				t.Errorf("answer:\n%s\nwant it to contain %q", got.Plain, s.want)
			}
			if got.Params.Get("message_thread_id") != "77" {
				t.Errorf("answer left the forum topic: %v", got.Params)
			}
		})
	}
	h.tg.waitFor(t, "every press answered", func() bool { return len(h.tg.Calls("answerCallbackQuery")) >= len(pressed) })
	var answered []string
	for _, c := range h.tg.Calls("answerCallbackQuery") {
		answered = append(answered, c.Params.Get("callback_query_id"))
	}
	if !slices.Equal(answered, pressed) {
		t.Errorf("answerCallbackQuery for %v, want %v", answered, pressed)
	}
}

// TestRecordedCallsOfBriefInGroup logs the Bot API calls of one
// "/brief iran_russia" in a group, start to shutdown.
func TestRecordedCallsOfBriefInGroup(t *testing.T) {
	t.Parallel()
	h := start(t, harnessOptions{})
	h.tg.say(group, 601, "/brief iran_russia")
	h.last(t, 1)
	h.tg.waitUpdatesTaken(t)
	h.stop()
	t.Logf("Bot API calls, in request order:\n%s", h.tg.transcript())
	sent := h.tg.sent()
	t.Logf("sendMessage text (HTML):\n%s", sent[0].Params.Get("text"))
	for _, c := range h.tg.Calls() {
		if c.Status != http.StatusOK && c.Method != "getUpdates" {
			t.Errorf("%s answered %d", c.Method, c.Status)
		}
	}
}
