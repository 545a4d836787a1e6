package main

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"briefbot/brief"
	"briefbot/internal/demo"
	"briefbot/store/sqlite"
)

const (
	crashSlackToken  = "xoxb-1111-2222-crashtesttoken"
	crashSlackSecret = "8f742231b10e8888abcd99crashtest"
)

// fakeSlackAPI is Slack's Web API at the network edge. While holding, it
// answers every post with 429 and Retry-After, as Slack does under load,
// so nothing is delivered while the test kills the bot; then it accepts
// and records each post by channel.
type fakeSlackAPI struct {
	holding atomic.Bool
	mu      sync.Mutex
	posts   map[string][]string // channel -> texts accepted
	ts      int
	log     []acceptedPost // every accepted post, in order
}

// acceptedPost is one post the fake accepted: its channel, text, the ts it
// was given and the thread_ts it was posted under.
type acceptedPost struct {
	Channel, Text, TS, ThreadTS string
}

func (f *fakeSlackAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	_ = r.ParseForm()
	method := r.URL.Path[strings.LastIndexByte(r.URL.Path, '/')+1:]
	w.Header().Set("Content-Type", "application/json")
	switch method {
	case "auth.test":
		fmt.Fprint(w, `{"ok":true,"url":"https://crash.example/","team":"Crash","user":"briefbot","team_id":"T1","user_id":"UBOT","bot_id":"BBOT"}`)
	case "chat.postMessage", "chat.postEphemeral":
		if f.holding.Load() {
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(http.StatusTooManyRequests)
			fmt.Fprint(w, `{"ok":false,"error":"ratelimited"}`)
			return
		}
		f.mu.Lock()
		f.ts++
		ch := r.PostForm.Get("channel")
		f.posts[ch] = append(f.posts[ch], r.PostForm.Get("text"))
		ts := fmt.Sprintf("1764244800.%06d", f.ts)
		f.log = append(f.log, acceptedPost{Channel: ch, Text: r.PostForm.Get("text"), TS: ts, ThreadTS: r.PostForm.Get("thread_ts")})
		f.mu.Unlock()
		fmt.Fprintf(w, `{"ok":true,"channel":%q,"ts":%q}`, ch, ts)
	default:
		fmt.Fprint(w, `{"ok":true}`)
	}
}

func (f *fakeSlackAPI) accepted() []acceptedPost {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]acceptedPost(nil), f.log...)
}

func (f *fakeSlackAPI) answers() map[string]int {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := map[string]int{}
	for ch, texts := range f.posts {
		out[ch] = len(texts)
	}
	return out
}

// slackCommand is one signed /brief slash command, kept so it can be
// replayed byte for byte.
type slackCommand struct {
	channel, body, ts, sig string
}

func newSlackCommand(trigger, channel, text string, now time.Time) slackCommand {
	form := url.Values{"token": {"unused"}, "team_id": {"T1"}, "team_domain": {"crash"}, "channel_id": {channel},
		"channel_name": {"news"}, "user_id": {"U1"}, "user_name": {"ana"}, "command": {"/brief"}, "text": {text},
		"trigger_id": {trigger}, "api_app_id": {"A1"}}
	body := form.Encode()
	ts := strconv.FormatInt(now.Unix(), 10)
	mac := hmac.New(sha256.New, []byte(crashSlackSecret))
	fmt.Fprintf(mac, "v0:%s:%s", ts, body)
	return slackCommand{channel: channel, body: body, ts: ts, sig: "v0=" + hex.EncodeToString(mac.Sum(nil))}
}

func (c slackCommand) post(addr string) (int, error) {
	req, err := http.NewRequest(http.MethodPost, "http://"+addr+"/slack/commands", strings.NewReader(c.body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Slack-Request-Timestamp", c.ts)
	req.Header.Set("X-Slack-Signature", c.sig)
	resp, err := (&http.Client{Timeout: 10 * time.Second}).Do(req)
	if err != nil {
		return 0, err
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode, nil
}

// TestCrashBetweenAcknowledgingAndAnswering kills the real binary with
// SIGKILL the moment Slack (this test) has its 200 for a slash command,
// before the bot could answer, several times over. After the restarts,
// every acknowledged command must have acted and been answered exactly
// once, and an exact replay of one (within Slack's 5-minute window) must
// do nothing.
func TestCrashBetweenAcknowledgingAndAnswering(t *testing.T) {
	if testing.Short() {
		t.Skip("the crash test builds the binary and restarts it several times; skipped with -short")
	}
	dir := t.TempDir()
	bin := buildBriefbot(t, dir)

	start := time.Now().UTC().Truncate(time.Second)
	pub := httptest.NewServer(demo.Handler(start, func() time.Time { return start }))
	defer pub.Close()
	api := &fakeSlackAPI{posts: map[string][]string{}}
	api.holding.Store(true)
	apiSrv := httptest.NewServer(api)
	defer apiSrv.Close()

	cfgPath := filepath.Join(dir, "briefbot.yaml")
	cfg := fmt.Sprintf("feeds:\n  - url: %s%s\npolling:\n  interval: 1h\n  allow_private_networks: true\n", pub.URL, demo.Feeds()[0].Path)
	if err := os.WriteFile(cfgPath, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "briefbot.db")
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	env := append(os.Environ(),
		"BRIEFBOT_SLACK_BOT_TOKEN="+crashSlackToken,
		"BRIEFBOT_SLACK_SIGNING_SECRET="+crashSlackSecret,
		"BRIEFBOT_SLACK_API_URL="+apiSrv.URL+"/api/",
		"BRIEFBOT_HTTP_ADDR="+addr,
		"BRIEFBOT_CONSOLE=off",
		"BRIEFBOT_LOG_FORMAT=json",
		"BRIEFBOT_LOG_LEVEL=debug",
	)
	logPath := filepath.Join(dir, "briefbot.log")
	logFile, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	defer logFile.Close()
	launch := func() *exec.Cmd {
		t.Helper()
		cmd := exec.Command(bin, "run", "-config", cfgPath, "-db", db)
		cmd.Env = env
		cmd.Stdout, cmd.Stderr = logFile, logFile
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		deadline := time.Now().Add(30 * time.Second)
		for {
			resp, err := http.Get("http://" + addr + "/healthz")
			if err == nil {
				resp.Body.Close()
				if resp.StatusCode == http.StatusOK {
					return cmd
				}
			}
			if time.Now().After(deadline) {
				_ = cmd.Process.Kill()
				_ = cmd.Wait()
				t.Fatalf("briefbot did not start serving HTTP; log:\n%s", tail(logPath, 40))
			}
			time.Sleep(20 * time.Millisecond)
		}
	}

	// Each command acts (subscribes its channel) and is answered in its
	// channel. The process dies as soon as the command is acknowledged.
	const kills = 5
	var cmds []slackCommand
	for i := range kills {
		c := newSlackCommand(fmt.Sprintf("crash-trigger-%d", i), fmt.Sprintf("C%d", i), "subscribe jcpoa", time.Now())
		cmds = append(cmds, c)
		proc := launch()
		code, err := c.post(addr)
		_ = proc.Process.Signal(syscall.SIGKILL)
		_ = proc.Wait()
		if err != nil || code != http.StatusOK {
			t.Fatalf("command %d: %d, %v; want it acknowledged with 200", i, code, err)
		}
	}

	// The next start serves and answers what the dead ones acknowledged.
	api.holding.Store(false)
	proc := launch()
	stopped := false
	stop := func() {
		if !stopped {
			stopped = true
			_ = proc.Process.Signal(syscall.SIGTERM)
			_ = proc.Wait()
		}
	}
	defer stop()
	deadline := time.Now().Add(90 * time.Second)
	for len(api.answers()) < kills && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
	// C0 changes its mind; then its first command is replayed exactly, as
	// an attacker holding a copy would, after all those restarts.
	unsub := newSlackCommand("crash-trigger-unsub", "C0", "unsubscribe jcpoa", time.Now())
	if code, err := unsub.post(addr); err != nil || code != http.StatusOK {
		t.Fatalf("unsubscribe: %d, %v", code, err)
	}
	for api.answers()["C0"] < 2 && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
	if code, err := cmds[0].post(addr); err != nil || (code != http.StatusOK && code != http.StatusUnauthorized) {
		t.Errorf("replay: %d, %v; want it acknowledged (200) or refused (401)", code, err)
	}
	// A last command, so the replay had its turn to be served before we look.
	last := newSlackCommand("crash-trigger-last", "C9", "topics", time.Now())
	if code, err := last.post(addr); err != nil || code != http.StatusOK {
		t.Fatalf("last command: %d, %v", code, err)
	}
	for api.answers()["C9"] < 1 && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
	stop()

	got := api.answers()
	for i, c := range cmds {
		want := 1
		if i == 0 {
			want = 2 // subscribe, then unsubscribe
		}
		if got[c.channel] != want {
			t.Errorf("channel %s received %d answers, want %d", c.channel, got[c.channel], want)
		}
	}
	if got["C9"] != 1 {
		t.Errorf("the last command got %d answers, want 1", got["C9"])
	}
	st, err := sqlite.Open(context.Background(), db, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for i, c := range cmds {
		subs, err := st.Subscriptions(context.Background(), brief.ChannelRef{Platform: brief.PlatformSlack, ID: c.channel})
		if err != nil {
			t.Fatal(err)
		}
		if want := i != 0; (len(subs) == 1) != want {
			t.Errorf("channel %s has subscriptions %v; want subscribed to jcpoa: %v", c.channel, subs, want)
		}
	}
	t.Logf("crash test (Slack): %d kills right after the acknowledgement; answers per channel %v", kills, got)
	if t.Failed() {
		t.Logf("log tail:\n%s", tail(logPath, 60))
	}
}

// TestSlackUpdateThreadsUnderItsAlert runs the real binary against a fake
// Slack: a story's first report alerts a subscribed channel; the bot is
// killed with SIGKILL; after the restart a second outlet's report of the
// same story arrives, and the update is posted in the alert's thread
// (thread_ts is the ts Slack gave the alert before the crash), not as a
// new alert.
func TestSlackUpdateThreadsUnderItsAlert(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and runs it twice; skipped with -short")
	}
	dir := t.TempDir()
	bin := buildBriefbot(t, dir)

	// The IAEA report at +9m is shown first, its second outlet's (+12m) later.
	start := time.Now().UTC().Truncate(time.Second)
	var shown atomic.Int64
	shown.Store(int64(10 * time.Minute))
	pub := httptest.NewServer(demo.Handler(start, func() time.Time { return start.Add(time.Duration(shown.Load())) }))
	defer pub.Close()
	api := &fakeSlackAPI{posts: map[string][]string{}}
	apiSrv := httptest.NewServer(api)
	defer apiSrv.Close()

	var feedsYAML strings.Builder
	for _, f := range demo.Feeds() {
		fmt.Fprintf(&feedsYAML, "  - url: %s%s\n", pub.URL, f.Path)
	}
	cfgPath := filepath.Join(dir, "briefbot.yaml")
	cfg := "feeds:\n" + feedsYAML.String() + "polling:\n  interval: 1h\n  allow_private_networks: true\n" +
		"alerts:\n  batch_window: 0s\n  max_stories: 100\n  backfill: true\n  update_interval: 0s\n"
	if err := os.WriteFile(cfgPath, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "briefbot.db")
	ch := brief.ChannelRef{Platform: brief.PlatformSlack, ID: "C0NUCLEAR"}
	st, err := sqlite.Open(t.Context(), db, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Subscribe(t.Context(), brief.Subscription{Channel: ch, TopicID: "jcpoa", Mode: brief.ModeAlerts, Created: start.Add(-time.Hour)}); err != nil {
		t.Fatal(err)
	}
	st.Close()

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	env := append(os.Environ(),
		"BRIEFBOT_SLACK_BOT_TOKEN="+crashSlackToken,
		"BRIEFBOT_SLACK_SIGNING_SECRET="+crashSlackSecret,
		"BRIEFBOT_SLACK_API_URL="+apiSrv.URL+"/api/",
		"BRIEFBOT_HTTP_ADDR="+addr,
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
	run := func(done func([]acceptedPost) bool) *exec.Cmd {
		t.Helper()
		cmd := exec.Command(bin, "run", "-config", cfgPath, "-db", db)
		cmd.Env = env
		cmd.Stdout, cmd.Stderr = logFile, logFile
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		deadline := time.Now().Add(90 * time.Second)
		for !done(api.accepted()) {
			if time.Now().After(deadline) {
				_ = cmd.Process.Kill()
				_ = cmd.Wait()
				t.Fatalf("timed out; posts %+v; log:\n%s", api.accepted(), tail(logPath, 40))
			}
			time.Sleep(100 * time.Millisecond)
		}
		return cmd
	}
	isUpdate := func(p acceptedPost) bool { return strings.HasPrefix(p.Text, "Update: ") }
	const iaea = "IAEA says inspectors will return to Isfahan"

	// Run 1: the alert, then SIGKILL.
	cmd := run(func(ps []acceptedPost) bool {
		for _, p := range ps {
			if p.Channel == ch.ID && strings.Contains(p.Text, iaea) {
				return true
			}
		}
		return false
	})
	time.Sleep(time.Second) // let the store record that Slack took it
	_ = cmd.Process.Signal(syscall.SIGKILL)
	_ = cmd.Wait()

	// The second outlet's report appears; the feeds are due at once.
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

	// Run 2: the update.
	cmd = run(func(ps []acceptedPost) bool { return slices.ContainsFunc(ps, isUpdate) })
	time.Sleep(2 * time.Second) // anything else it would post
	_ = cmd.Process.Signal(syscall.SIGTERM)
	_ = cmd.Wait()

	var alerts, updates []acceptedPost
	for _, p := range api.accepted() {
		switch {
		case isUpdate(p):
			updates = append(updates, p)
		case strings.Contains(p.Text, iaea):
			alerts = append(alerts, p)
		}
	}
	if len(alerts) == 0 || len(updates) != 1 {
		t.Fatalf("%d alerts naming the IAEA report and %d updates; want the alert and one update:\n%+v", len(alerts), len(updates), api.accepted())
	}
	u := updates[0]
	if u.Channel != ch.ID || u.ThreadTS != alerts[len(alerts)-1].TS {
		t.Errorf("update posted in %s under thread_ts %q; want %s under the alert's ts %q", u.Channel, u.ThreadTS, ch.ID, alerts[len(alerts)-1].TS)
	}
	if !strings.Contains(u.Text, "Caspian Wire") {
		t.Errorf("the update does not name the new outlet:\n%s", u.Text)
	}
	for _, p := range api.accepted() {
		if !isUpdate(p) && strings.Contains(p.Text, "Iran’s atomic agency confirms IAEA inspectors") && !strings.Contains(p.Text, iaea) {
			t.Errorf("the second outlet's report was alerted as a new story:\n%s", p.Text)
		}
	}
	t.Logf("Slack update: alert ts %s, update thread_ts %s", alerts[len(alerts)-1].TS, u.ThreadTS)
	if t.Failed() {
		t.Logf("log tail:\n%s", tail(logPath, 40))
	}
}
