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
		ts := f.ts
		f.mu.Unlock()
		fmt.Fprintf(w, `{"ok":true,"channel":%q,"ts":"1764244800.%06d"}`, ch, ts)
	default:
		fmt.Fprint(w, `{"ok":true}`)
	}
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
