package main

import (
	"context"
	"io"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"briefbot/store/sqlite"
)

// runOnce runs `briefbot run` with env and args until it is ready (then
// stops it, as Ctrl-C would) or exits on its own. It reports the exit code,
// stderr, and the runtime when it got ready.
func runOnce(t *testing.T, env map[string]string, stdin string, args ...string) (int, string, *Runtime) {
	t.Helper()
	var stderr syncBuffer
	ready := make(chan *Runtime, 1)
	app := &App{Stdin: strings.NewReader(stdin), Stdout: io.Discard, Stderr: &stderr,
		Getenv: func(k string) string { return env[k] }, Ready: func(rt *Runtime) { ready <- rt }}
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	done := make(chan int, 1)
	go func() { done <- MainApp(ctx, app, append([]string{"run"}, args...)) }()
	var rt *Runtime
	select {
	case code := <-done:
		return code, stderr.String(), nil
	case rt = <-ready:
	case <-time.After(20 * time.Second):
		t.Fatal("briefbot run neither got ready nor exited")
	}
	cancel()
	select {
	case code := <-done:
		return code, stderr.String(), rt
	case <-time.After(20 * time.Second):
		t.Fatal("briefbot run did not shut down")
		return 0, "", nil
	}
}

// With a chat token set and no feeds, the bot must not fall back to the
// offline demo: its invented stories would be alerted to real channels.
// It says what to do and does not start, touching neither Telegram nor a
// database.
func TestNoFeedsWithAChatPlatformRefusesToStart(t *testing.T) {
	tg := newGatedTelegram()
	tgSrv := httptest.NewServer(tg)
	defer tgSrv.Close()
	dir := t.TempDir()
	db := filepath.Join(dir, "briefbot.db")
	env := map[string]string{
		"BRIEFBOT_TELEGRAM_TOKEN":   "123456:no-feeds-token",
		"BRIEFBOT_TELEGRAM_API_URL": tgSrv.URL,
		"BRIEFBOT_CONSOLE":          "off",
	}
	code, stderr, rt := runOnce(t, env, "", "-db", db)
	if rt != nil {
		t.Fatalf("briefbot started (demo feeds: %v) with a Telegram token and no feeds; want a refusal", rt.Demo != nil)
	}
	if code != 1 {
		t.Errorf("exit code %d, want 1", code)
	}
	for _, want := range []string{"no feeds to poll", "Telegram is configured", "briefbot feeds import", "polling.allow_no_feeds: true"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("the refusal does not say %q:\n%s", want, stderr)
		}
	}
	if got := tg.messages(); len(got) != 0 {
		t.Errorf("Telegram received %d messages: %+v", len(got), got)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		t.Errorf("the refusal left %s behind", e.Name())
	}
}

// The operator may ask to run with no feeds (feeds get imported later):
// the bot then starts on its real database, without the sample feeds.
func TestAllowNoFeedsRunsWithoutTheDemo(t *testing.T) {
	tg := newGatedTelegram()
	tgSrv := httptest.NewServer(tg)
	defer tgSrv.Close()
	dir := t.TempDir()
	cfgPath := filepath.Join(dir, "briefbot.yaml")
	if err := os.WriteFile(cfgPath, []byte("polling:\n  allow_no_feeds: true\nlog:\n  level: warn\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "briefbot.db")
	env := map[string]string{
		"BRIEFBOT_TELEGRAM_TOKEN":   "123456:no-feeds-token",
		"BRIEFBOT_TELEGRAM_API_URL": tgSrv.URL,
		"BRIEFBOT_CONSOLE":          "off",
	}
	code, stderr, rt := runOnce(t, env, "", "-config", cfgPath, "-db", db)
	if rt == nil {
		t.Fatalf("briefbot did not start with polling.allow_no_feeds (exit %d):\n%s", code, stderr)
	}
	if code != 0 {
		t.Errorf("exit code %d after cancellation:\n%s", code, stderr)
	}
	if rt.Demo != nil {
		t.Error("the sample feeds were served although a chat platform is configured")
	}
	if _, err := os.Stat(db); err != nil {
		t.Errorf("the bot did not run on its configured database: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "briefbot-demo.db")); err == nil {
		t.Error("a demo database was created")
	}
}

// The offline demo keeps its invented stories in a database of its own:
// the real database stays untouched, so a later `briefbot brief` (or a real
// run) shows none of them.
func TestDemoKeepsItsDataInItsOwnDatabase(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "briefbot.db")
	s := startSession(t, "-db", db)
	if s.rt.Demo == nil {
		t.Fatal("no offline demo ran with no config and no tokens")
	}
	waitUntil(t, "the demo's first stories", func() bool { return countArticles(t, s.rt.Store) > 0 })
	s.stop()

	if _, err := os.Stat(db); err == nil {
		st, err := sqlite.Open(t.Context(), db, sqlite.Options{MustExist: true, KeepLeases: true})
		if err != nil {
			t.Fatal(err)
		}
		n := countArticles(t, st)
		st.Close()
		t.Errorf("the demo wrote the real database %s (%d stories in it)", db, n)
	}
	demoDB := filepath.Join(dir, "briefbot-demo.db")
	st, err := sqlite.Open(t.Context(), demoDB, sqlite.Options{MustExist: true, KeepLeases: true})
	if err != nil {
		t.Fatalf("the demo's own database: %v", err)
	}
	n := countArticles(t, st)
	st.Close()
	if n == 0 {
		t.Errorf("the demo stored no stories in %s", demoDB)
	}
	code, briefOut, briefErr := cli(t, "", nil, "brief", "jcpoa", "-since", "30d", "-db", db)
	if code == 0 && strings.Contains(briefOut, ".example/") {
		t.Errorf("`briefbot brief` on the real database shows demo stories:\n%s", briefOut)
	}
	t.Logf("briefbot brief on the real database after the demo: exit %d, %s%s", code, briefOut, briefErr)
}
