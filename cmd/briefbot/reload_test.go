package main

import (
	"context"
	"io"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"briefbot/bot"
	"briefbot/brief"
	"briefbot/digest"
	"briefbot/internal/demo"
	"briefbot/store/sqlite"
)

// TestReload changes the config file under a running bot: a valid file is
// picked up by `briefbot reload` (topics and feeds, without a restart); an
// invalid one is refused, by the command and on SIGHUP, with the report
// `config check` gives, and the running configuration stays.
func TestReload(t *testing.T) {
	start := time.Now().UTC().Truncate(time.Second)
	pub := httptest.NewServer(demo.Handler(start, func() time.Time { return start }))
	defer pub.Close()
	feedA, feedB := pub.URL+demo.Feeds()[0].Path, pub.URL+demo.Feeds()[1].Path
	dir := t.TempDir()
	cfgPath, db := filepath.Join(dir, "briefbot.yaml"), filepath.Join(dir, "briefbot.db")
	base := "polling:\n  interval: 1h\n  allow_private_networks: true\nconsole:\n  enabled: on\nlog:\n  level: warn\n"
	write := func(body string) {
		t.Helper()
		if err := os.WriteFile(cfgPath, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("feeds:\n  - url: " + feedA + "\n" + base)
	s, logs := startLoggedSession(t, "-config", cfgPath, "-db", db)
	waitUntil(t, "first poll", func() bool { return polled(t, s.rt.Store, []string{feedA}) })
	if b, err := os.ReadFile(db + ".pid"); err != nil || strings.TrimSpace(string(b)) != strconv.Itoa(os.Getpid()) {
		t.Fatalf("PID file beside the database: %q, %v", b, err)
	}
	caspian := brief.Article{ID: "x", Title: "Gas pipeline under the Caspian agreed"}
	if got := s.rt.Matcher.Match(caspian); len(got) != 0 {
		t.Fatalf("before the reload the Caspian article matched %+v", got)
	}

	// A valid file: a new topic, a second feed and another digest time.
	write("feeds:\n  - url: " + feedA + "\n  - url: " + feedB + "\n" + base + "digest:\n  time: \"06:15\"\n  zone: Asia/Tehran\n" +
		"default_topics: true\ntopics:\n  - id: caspian\n    title: Caspian energy\n    query: 'Caspian AND (oil OR gas OR pipeline)'\n")
	code, out, errOut := cli(t, "", nil, "reload", "-config", cfgPath, "-db", db)
	if code != 0 || !strings.Contains(out, "sent SIGHUP to process") {
		t.Fatalf("reload: exit %d\n%s%s", code, out, errOut)
	}
	waitUntil(t, "the reloaded topic", func() bool {
		ms := s.rt.Matcher.Match(caspian)
		return len(ms) == 1 && ms[0].TopicID == "caspian"
	})
	waitUntil(t, "the added feed polled", func() bool { return polled(t, s.rt.Store, []string{feedB}) })
	s.typeLine("/topics")
	s.waitFor("Caspian energy — caspian")
	newChat := brief.ChannelRef{Platform: brief.PlatformTelegram, ID: "-7"}
	r := s.rt.Handler.Handle(t.Context(), bot.Request{ID: "1", Channel: newChat, Text: "/subscribe caspian", CanManage: true})
	if !strings.Contains(r.Text, "for Caspian energy. The digest comes daily at 06:15 Asia/Tehran") {
		t.Errorf("a chat subscribing after the reload is told: %s", r.Text)
	}
	ids := func() []string {
		var out []string
		for _, tp := range s.rt.Matcher.Topics() {
			out = append(out, tp.ID)
		}
		return out
	}
	if got := ids(); !slices.Equal(got, []string{"jcpoa", "sco", "iran-russia", "caspian"}) {
		t.Fatalf("topics after the reload: %v", got)
	}

	// An invalid file: refused with the config check report, by the
	// command and by the running bot, which keeps what it runs.
	write("feeds:\n  - url: " + feedA + "\n" + base + "topcs: []\ntopics:\n  - id: caspian\n    title: Caspian\n    query: 'Caspian AND (oil'\n")
	_, _, report := cli(t, "", nil, "config", "check", "-config", cfgPath)
	report = strings.TrimPrefix(report, "briefbot config: ")
	if !strings.Contains(report, `unknown key "topcs"`) || !strings.Contains(report, "query syntax error at column 17") {
		t.Fatalf("config check of the invalid file:\n%s", report)
	}
	code, out, errOut = cli(t, "", nil, "reload", "-config", cfgPath, "-db", db)
	if code != 1 || out != "" || errOut != "briefbot reload: "+report {
		t.Fatalf("reload of an invalid file: exit %d, stdout %q, stderr:\n%s\nwant config check's report:\n%s", code, out, errOut, report)
	}
	if err := s.rt.Reload(); err == nil || err.Error()+"\n" != report {
		t.Fatalf("the running bot's reload of an invalid file: %v\nwant config check's report:\n%s", err, report)
	}
	// SIGHUP, as an operator might send it by hand.
	if err := syscall.Kill(os.Getpid(), syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	waitUntil(t, "the refusal in the log", func() bool {
		return strings.Contains(logs.String(), `"msg":"configuration reload refused; the running configuration stays"`) &&
			strings.Contains(logs.String(), `unknown key \"topcs\"`)
	})
	if got := ids(); !slices.Equal(got, []string{"jcpoa", "sco", "iran-russia", "caspian"}) {
		t.Fatalf("topics after refused reloads: %v, want the running ones", got)
	}
	if ms := s.rt.Matcher.Match(caspian); len(ms) != 1 {
		t.Fatalf("after refused reloads the Caspian article matched %+v", ms)
	}
	s.stop()
	if _, err := os.Stat(db + ".pid"); !os.IsNotExist(err) {
		t.Errorf("the PID file outlived the bot: %v", err)
	}
}

// TestReloadRefusesAStalePIDFile: a PID file left by a bot that died
// names a process that is not briefbot; reload must not signal it.
func TestReloadRefusesAStalePIDFile(t *testing.T) {
	sleep, err := exec.LookPath("sleep")
	if err != nil {
		t.Skip("no sleep command to stand for an unrelated process:", err)
	}
	if _, ok := processName(os.Getpid()); !ok {
		t.Skip("this system does not tell a process's executable (no /proc)")
	}
	cmd := exec.Command(sleep, "30")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	db := filepath.Join(t.TempDir(), "briefbot.db")
	if err := os.WriteFile(db+".pid", []byte(strconv.Itoa(cmd.Process.Pid)+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := cli(t, "", nil, "reload", "-db", db)
	if code != 1 || !strings.Contains(errOut, `is "sleep", not briefbot: the file is stale; remove it`) {
		t.Fatalf("reload with a stale PID file: exit %d, %s", code, errOut)
	}
	// SIGHUP would have ended it; signal 0 only asks whether it lives.
	if err := cmd.Process.Signal(syscall.Signal(0)); err != nil {
		t.Fatalf("the unrelated process is gone: %v", err)
	}
	code, _, errOut = cli(t, "", map[string]string{"BRIEFBOT_PID_FILE": filepath.Join(t.TempDir(), "none.pid")}, "reload", "-db", db)
	if code != 1 || !strings.Contains(errOut, "none.pid") || !strings.Contains(errOut, "is briefbot running") {
		t.Fatalf("reload without a PID file: exit %d, %s", code, errOut)
	}
}

// startLoggedSession is startSession with the bot's log kept.
func startLoggedSession(t *testing.T, args ...string) (*session, *syncBuffer) {
	t.Helper()
	inR, inW := io.Pipe()
	logs := &syncBuffer{}
	s := &session{t: t, in: inW, out: &syncBuffer{}, done: make(chan int, 1)}
	ready := make(chan *Runtime, 1)
	app := &App{Stdin: inR, Stdout: s.out, Stderr: logs, Getenv: func(string) string { return "" },
		Ready: func(rt *Runtime) { ready <- rt }}
	ctx, cancel := context.WithCancel(t.Context())
	s.cancel = cancel
	go func() { s.done <- MainApp(ctx, app, append([]string{"run"}, args...)) }()
	select {
	case s.rt = <-ready:
	case code := <-s.done:
		t.Fatalf("briefbot run exited with %d before it was ready:\n%s", code, logs)
	case <-time.After(20 * time.Second):
		t.Fatal("briefbot run did not get ready")
	}
	return s, logs
}

// TestRestarterMovesToTheNewScheduler: a reload's new digest scheduler
// (new default time and zone) takes over from the running one.
func TestRestarterMovesToTheNewScheduler(t *testing.T) {
	st, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "briefbot.db"), sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ch := brief.ChannelRef{Platform: brief.PlatformTelegram, ID: "-100"}
	if err := st.Subscribe(t.Context(), brief.Subscription{Channel: ch, TopicID: "jcpoa", Mode: brief.ModeDigest, Created: time.Now()}); err != nil {
		t.Fatal(err)
	}
	pub := bot.NewDispatcher(st, bot.DispatcherOptions{})
	first := digest.New(st, pub, digest.Options{Time: "07:00", Zone: "UTC"})
	second := digest.New(st, pub, digest.Options{Time: "06:15", Zone: "Asia/Tehran"})
	r := newRestarter(first)
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- r.Run(ctx) }()
	next := func(s *digest.Scheduler) string {
		at, ok := s.Scheduled(ch)
		if !ok {
			return ""
		}
		tehran, _ := time.LoadLocation("Asia/Tehran")
		return at.In(tehran).Format("15:04 MST") + " / " + at.UTC().Format("15:04")
	}
	waitUntil(t, "the first scheduler", func() bool { return next(first) != "" })
	if _, ok := second.Scheduled(ch); ok {
		t.Fatal("the second scheduler runs before the swap")
	}
	r.Swap(second)
	waitUntil(t, "the second scheduler", func() bool { return next(second) != "" })
	if got := next(second); got != "06:15 +0330 / 02:45" {
		t.Errorf("after the swap the digest is due at %s, want 06:15 Tehran time", got)
	}
	if r.Load() != second {
		t.Error("Load does not return the new scheduler")
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Run after cancellation: %v", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("Run did not return after cancellation")
	}
}
