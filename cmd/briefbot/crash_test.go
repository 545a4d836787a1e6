package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"briefbot/brief"
	"briefbot/internal/demo"
	"briefbot/store"
	"briefbot/store/sqlite"
)

// fakeTelegram is the Bot API at the network edge: it answers what the
// adapter calls at start and records every message it accepts.
type fakeTelegram struct {
	mu   sync.Mutex
	sent []sentMessage
	last time.Time
	next int
}

type sentMessage struct {
	Chat string
	Text string
	// ID is the message_id the fake gave it; ReplyTo its
	// reply_to_message_id.
	ID, ReplyTo string
}

func (f *fakeTelegram) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	method := r.URL.Path[strings.LastIndexByte(r.URL.Path, '/')+1:]
	_ = r.ParseMultipartForm(1 << 20)
	w.Header().Set("Content-Type", "application/json")
	switch method {
	case "getMe":
		fmt.Fprint(w, `{"ok":true,"result":{"id":42,"is_bot":true,"first_name":"Brief","username":"BriefBot"}}`)
	case "getUpdates":
		// Nothing to say; answer like a short long-poll.
		select {
		case <-time.After(200 * time.Millisecond):
		case <-r.Context().Done():
		}
		fmt.Fprint(w, `{"ok":true,"result":[]}`)
	case "sendMessage":
		f.mu.Lock()
		f.next++
		id := f.next
		f.sent = append(f.sent, sentMessage{Chat: r.FormValue("chat_id"), Text: r.FormValue("text"),
			ID: strconv.Itoa(id), ReplyTo: r.FormValue("reply_to_message_id")})
		f.last = time.Now()
		f.mu.Unlock()
		fmt.Fprintf(w, `{"ok":true,"result":{"message_id":%d,"date":%d,"chat":{"id":%s,"type":"private"}}}`, id, time.Now().Unix(), r.FormValue("chat_id"))
	default: // setMyCommands, deleteWebhook, answerCallbackQuery ...
		fmt.Fprint(w, `{"ok":true,"result":true}`)
	}
}

func (f *fakeTelegram) snapshot() ([]sentMessage, time.Time) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]sentMessage(nil), f.sent...), f.last
}

// TestCrashSafeDelivery kills the real briefbot binary with SIGKILL at
// random moments while it polls feeds and delivers alerts and digests to a
// fake Telegram server, restarting it each time, then checks that every
// expected alert and digest arrived exactly once: none lost, and repeats
// only within the documented bound (at most one message per channel per
// crash). A second phase publishes later reports of stories already
// alerted, and kills the bot again while it queues and sends the story
// updates: each new outlet must be told in exactly one update, replying
// to its story's alert.
func TestCrashSafeDelivery(t *testing.T) {
	if testing.Short() {
		t.Skip("the crash test builds the binary and runs it for about a minute; skipped with -short")
	}
	seed := uint64(time.Now().UnixNano())
	if s := os.Getenv("BRIEFBOT_CRASH_SEED"); s != "" {
		seed, _ = strconv.ParseUint(s, 10, 64)
	}
	const kills, updateKills = 24, 8
	t.Logf("crash test seed %d (set BRIEFBOT_CRASH_SEED to repeat it)", seed)
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))

	dir := t.TempDir()
	bin := buildBriefbot(t, dir)

	// A publisher whose sample items are visible up to ten minutes after
	// start (the IAEA report at +9m, not its second outlet's at +12m);
	// the second phase shows them all.
	start := time.Now().UTC().Truncate(time.Second)
	var shown atomic.Int64
	shown.Store(int64(10 * time.Minute))
	pub := httptest.NewServer(demo.Handler(start, func() time.Time { return start.Add(time.Duration(shown.Load())) }))
	defer pub.Close()
	tg := &fakeTelegram{}
	tgSrv := httptest.NewServer(tg)
	defer tgSrv.Close()

	var feedsYAML strings.Builder
	for _, f := range demo.Feeds() {
		fmt.Fprintf(&feedsYAML, "  - url: %s%s\n", pub.URL, f.Path)
	}
	cfgPath := filepath.Join(dir, "briefbot.yaml")
	cfg := "feeds:\n" + feedsYAML.String() + `polling:
  interval: 1h
  allow_private_networks: true
alerts:
  batch_window: 0s
  max_stories: 100
  backfill: true
  update_interval: 0s
`
	if err := os.WriteFile(cfgPath, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "briefbot.db")

	// Four private chats follow topics; two take a digest, scheduled an
	// hour ago today, that is due at the first start.
	due := start.Add(-time.Hour).Format("15:04")
	subs := []struct {
		chat  string
		topic string
		mode  brief.Mode
	}{
		{"1001", "jcpoa", brief.ModeBoth}, {"1002", "iran-russia", brief.ModeAlerts},
		{"1003", "sco", brief.ModeBoth}, {"1004", "iran-russia", brief.ModeDigest}, {"1004", "jcpoa", brief.ModeDigest},
	}
	st, err := sqlite.Open(t.Context(), db, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	digestChats := map[string]bool{}
	for _, s := range subs {
		ch := brief.ChannelRef{Platform: brief.PlatformTelegram, ID: s.chat}
		if err := st.Subscribe(t.Context(), brief.Subscription{Channel: ch, TopicID: s.topic, Mode: s.mode, Created: start.Add(-72 * time.Hour)}); err != nil {
			t.Fatal(err)
		}
		if s.mode.Digest() {
			digestChats[s.chat] = true
			if err := st.SetDigestSchedule(t.Context(), brief.DigestSchedule{Channel: ch, Time: due, Zone: "UTC"}); err != nil {
				t.Fatal(err)
			}
		}
	}
	st.Close()

	env := append(os.Environ(),
		"BRIEFBOT_TELEGRAM_TOKEN=123456:crash-test-token",
		"BRIEFBOT_TELEGRAM_API_URL="+tgSrv.URL,
		"BRIEFBOT_CONSOLE=off",
		"BRIEFBOT_LOG_FORMAT=json",
		"BRIEFBOT_LOG_LEVEL=info",
	)
	logPath := filepath.Join(dir, "briefbot.log")
	logFile, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	defer logFile.Close()
	launch := func() *exec.Cmd {
		cmd := exec.Command(bin, "run", "-config", cfgPath, "-db", db)
		cmd.Env = env
		cmd.Stdout, cmd.Stderr = logFile, logFile
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		return cmd
	}
	killAtRandom := func(n int) {
		for range n {
			cmd := launch()
			// Early kills land in start-up and the first poll; later ones in
			// delivery, which is where most of the run is spent.
			wait := time.Duration(150+rng.IntN(1100)) * time.Millisecond
			time.Sleep(wait)
			_ = cmd.Process.Signal(syscall.SIGKILL)
			_ = cmd.Wait()
		}
	}
	killAtRandom(kills)
	settle(t, launch, tg, db, logPath)

	// Phase two: the later reports appear, and the feeds are due at once.
	switched := time.Now().UTC()
	shown.Store(int64(time.Hour))
	st, err = sqlite.Open(t.Context(), db, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	states, err := st.FeedStates(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	for _, fs := range states {
		fs.NextPoll = time.Time{}
		if err := st.SaveFeedState(t.Context(), fs); err != nil {
			t.Fatal(err)
		}
	}
	st.Close()
	killAtRandom(updateKills)
	settle(t, launch, tg, db, logPath)

	// What should have arrived: from the store, every original article
	// matching an alert subscription, and one digest per digest chat.
	st, err = sqlite.Open(context.Background(), db, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	expected := map[string]map[string]bool{} // chat -> article links
	// expectedUpdates: chat -> the lead link of a story alerted in the
	// first phase -> the links of its second-phase articles from outlets
	// new to it.
	expectedUpdates := map[string]map[string]map[string]bool{}
	for _, s := range subs {
		if !s.mode.Alerts() {
			continue
		}
		stories, _, err := st.Stories(context.Background(), store.StoryQuery{TopicID: s.topic, Since: start.Add(-30 * 24 * time.Hour), Until: start.Add(48 * time.Hour)})
		if err != nil {
			t.Fatal(err)
		}
		if expected[s.chat] == nil {
			expected[s.chat] = map[string]bool{}
		}
		for _, story := range stories {
			expected[s.chat][story.Article.Link] = true
		}
		for lead, links := range laterOutlets(t, st, s.topic, stories, switched) {
			if expectedUpdates[s.chat] == nil {
				expectedUpdates[s.chat] = map[string]map[string]bool{}
			}
			expectedUpdates[s.chat][lead] = links
		}
	}
	articles, _ := st.RecentArticles(context.Background(), time.Time{})

	sent, _ := tg.snapshot()
	// Story titles are bold links, numbered in some layouts; "Also in"
	// links are not bold.
	linkRE := regexp.MustCompile(`<b>(?:\d+\. )?<a href="([^"]+)">`)
	anyLinkRE := regexp.MustCompile(`<a href="([^"]+)">`)
	distinct := map[string]map[string]int{} // chat -> text -> copies
	alertLinks := map[string]map[string]map[string]bool{}
	alertIDs := map[string]map[string]map[string]bool{}    // chat -> lead link -> message_ids carrying it
	updateLinks := map[string]map[string]map[string]bool{} // chat -> link -> update texts
	updateReplies := map[string]string{}                   // update text -> reply_to_message_id
	digests := map[string]int{}
	for _, m := range sent {
		if distinct[m.Chat] == nil {
			distinct[m.Chat] = map[string]int{}
			alertLinks[m.Chat] = map[string]map[string]bool{}
			alertIDs[m.Chat] = map[string]map[string]bool{}
			updateLinks[m.Chat] = map[string]map[string]bool{}
		}
		distinct[m.Chat][m.Text]++
		if strings.HasPrefix(m.Text, "<b>Update: ") {
			if distinct[m.Chat][m.Text] == 1 {
				updateReplies[m.Chat+" "+m.Text] = m.ReplyTo
			}
			for _, l := range anyLinkRE.FindAllStringSubmatch(m.Text, -1) {
				link := strings.ReplaceAll(l[1], "&amp;", "&")
				if updateLinks[m.Chat][link] == nil {
					updateLinks[m.Chat][link] = map[string]bool{}
				}
				updateLinks[m.Chat][link][m.Text] = true
			}
			continue
		}
		for _, l := range linkRE.FindAllStringSubmatch(m.Text, -1) {
			link := strings.ReplaceAll(l[1], "&amp;", "&")
			if alertIDs[m.Chat][link] == nil {
				alertIDs[m.Chat][link] = map[string]bool{}
			}
			alertIDs[m.Chat][link][m.ID] = true
		}
		if distinct[m.Chat][m.Text] > 1 {
			continue
		}
		if strings.Contains(m.Text, "Daily digest") {
			digests[m.Chat]++
			continue
		}
		for _, l := range linkRE.FindAllStringSubmatch(m.Text, -1) {
			link := strings.ReplaceAll(l[1], "&amp;", "&")
			if alertLinks[m.Chat][link] == nil {
				alertLinks[m.Chat][link] = map[string]bool{}
			}
			alertLinks[m.Chat][link][m.Text] = true
		}
	}

	// Every added article an update tells is told once, and every update
	// replies to an alert sent to its chat. The second phase's new
	// outlets must all be told; the first phase's kills make more updates
	// (a poll cut short stores a story's other outlets after its alert),
	// which are checked the same way.
	expectedUpdateCount, updatesLost, updatesTwice, updatesSent, threaded := 0, 0, 0, 0, 0
	for chat, leads := range expectedUpdates {
		for lead, links := range leads {
			for link := range links {
				expectedUpdateCount++
				if len(updateLinks[chat][link]) == 0 {
					updatesLost++
					t.Errorf("chat %s never received an update telling %s (story %s)", chat, link, lead)
				}
			}
		}
	}
	alertMessages := map[string]bool{} // chat+" "+message_id of every non-update message
	for _, m := range sent {
		if !strings.HasPrefix(m.Text, "<b>Update: ") {
			alertMessages[m.Chat+" "+m.ID] = true
		}
	}
	for key, reply := range updateReplies {
		updatesSent++
		chat, _, _ := strings.Cut(key, " ")
		if alertMessages[chat+" "+reply] {
			threaded++
		} else {
			t.Errorf("chat %s: an update replies to %q, not to an alert sent there", chat, reply)
		}
	}
	for chat, links := range updateLinks {
		for link, texts := range links {
			if len(texts) > 1 {
				updatesTwice++
				t.Errorf("chat %s received %s in %d different updates", chat, link, len(texts))
			}
		}
	}
	if expectedUpdateCount == 0 {
		t.Errorf("the second phase added no outlet to an alerted story; the sample feeds no longer exercise updates")
	}
	expectedAlerts, lost, twice := 0, 0, 0
	for chat, links := range expected {
		for link := range links {
			expectedAlerts++
			switch n := len(alertLinks[chat][link]); {
			case n == 0:
				lost++
				t.Errorf("chat %s never received the alert for %s", chat, link)
			case n > 1:
				twice++
				t.Errorf("chat %s received %s in %d different messages", chat, link, n)
			}
		}
		for link := range alertLinks[chat] {
			if !links[link] {
				t.Errorf("chat %s received an alert for %s, which it does not follow", chat, link)
			}
		}
	}
	duplicates := 0
	for chat, texts := range distinct {
		perChat := 0
		for _, n := range texts {
			perChat += n - 1
		}
		duplicates += perChat
		if perChat > kills+updateKills {
			t.Errorf("chat %s received %d repeated messages, over the bound of one per crash (%d crashes)", chat, perChat, kills+updateKills)
		}
	}
	for chat := range digestChats {
		if digests[chat] != 1 {
			t.Errorf("chat %s received %d distinct digests, want exactly 1", chat, digests[chat])
		}
	}
	report := fmt.Sprintf("crash test: seed %d, %d kills with SIGKILL (%d of them while story updates were due), %d articles stored, %d messages received (%d distinct)\n"+
		"crash test: alerts expected %d (chat, story) pairs, received %d, lost %d, in two messages %d; digests expected %d, received %d; repeated messages %d (bound: 1 per channel per crash)\n"+
		"crash test: updates expected after the second phase %d (chat, new outlet) pairs, received %d, lost %d; updates sent %d (distinct), articles told in two updates %d, updates replying to an alert of their chat %d\n",
		seed, kills+updateKills, updateKills, len(articles), len(sent), len(sent)-duplicates,
		expectedAlerts, expectedAlerts-lost, lost, twice, len(digestChats), sum(digests), duplicates,
		expectedUpdateCount, expectedUpdateCount-updatesLost, updatesLost, updatesSent, updatesTwice, threaded)
	t.Log(report)
	// go test shows a passing test's log only with -v; CI asks for the
	// counts in a file and prints them.
	if p := os.Getenv("BRIEFBOT_CRASH_REPORT"); p != "" {
		if err := os.WriteFile(p, []byte(report), 0o644); err != nil {
			t.Errorf("write the crash report: %v", err)
		}
	}
	if t.Failed() {
		t.Logf("log tail:\n%s", tail(logPath, 80))
	}
}

// settle runs the bot without interruption until every feed is processed
// and the outbox is drained (nothing sent for a few seconds, nothing
// pending), then stops it gracefully.
func settle(t *testing.T, launch func() *exec.Cmd, tg *fakeTelegram, db, logPath string) {
	t.Helper()
	pending := 0
	for attempt := 0; ; attempt++ {
		cmd := launch()
		started := time.Now()
		quietFor := 4 * time.Second
		deadline := time.Now().Add(3 * time.Minute)
		for {
			time.Sleep(250 * time.Millisecond)
			_, last := tg.snapshot()
			if last.Before(started) {
				last = started // nothing sent by this run yet
			}
			if time.Since(last) > quietFor || time.Now().After(deadline) {
				break
			}
		}
		_ = cmd.Process.Signal(syscall.SIGTERM)
		_ = cmd.Wait()
		st, err := sqlite.Open(context.Background(), db, sqlite.Options{})
		if err != nil {
			t.Fatal(err)
		}
		msgs, err := st.Messages(context.Background(), store.StatusPending)
		pending = len(msgs)
		st.Close()
		if err != nil {
			t.Fatal(err)
		}
		if pending == 0 || attempt >= 3 {
			break
		}
	}
	if pending != 0 {
		t.Fatalf("%d messages still pending after the final runs; log:\n%s", pending, tail(logPath, 60))
	}
}

// laterOutlets returns, for each of a topic's stories whose lead article
// was stored before switched (alerted in the first phase), the links of
// its articles on the topic stored after switched from outlets none of
// its earlier articles came from: each must be told in one update.
func laterOutlets(t *testing.T, st *sqlite.Store, topic string, stories []brief.Story, switched time.Time) map[string]map[string]bool {
	t.Helper()
	ctx := context.Background()
	var leads []string
	for _, s := range stories {
		if s.Article.Fetched.Before(switched) {
			leads = append(leads, s.Article.ID)
		}
	}
	details, err := st.StoryDetails(ctx, topic, leads, 0)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]map[string]bool{}
	for _, d := range details {
		lead, err := st.Article(ctx, d.Lead)
		if err != nil {
			t.Fatal(err)
		}
		rec, err := st.Story(ctx, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		old := map[string]bool{}
		var later []brief.Article
		for _, id := range rec.ArticleIDs {
			a, err := st.Article(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if a.Fetched.Before(switched) {
				old[a.FeedURL] = true
				continue
			}
			matched, err := st.StoriesByID(ctx, topic, []string{id})
			if err != nil {
				t.Fatal(err)
			}
			if len(matched) == 1 {
				later = append(later, a)
			}
		}
		for _, a := range later {
			if old[a.FeedURL] {
				continue
			}
			old[a.FeedURL] = true
			if out[lead.Link] == nil {
				out[lead.Link] = map[string]bool{}
			}
			out[lead.Link][a.Link] = true
		}
	}
	return out
}

// buildBriefbot builds the real binary into dir.
func buildBriefbot(t *testing.T, dir string) string {
	t.Helper()
	bin := filepath.Join(dir, "briefbot")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build briefbot: %v\n%s", err, out)
	}
	return bin
}

func sum(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

func tail(path string, n int) string {
	data, _ := os.ReadFile(path)
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
