package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"io"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"briefbot/internal/demo"
)

// A replica whose PostgreSQL lock connection breaks stops the leader's
// work (alert batching, digests, retention) and waits for the lock again,
// rather than running it on beside the replica that takes over; here
// nobody else contends, so it takes the lead again.
func TestRunStepsDownWhenItsLeaderLockIsLost(t *testing.T) {
	base := os.Getenv("BRIEFBOT_TEST_POSTGRES_DSN")
	if base == "" {
		t.Skip("BRIEFBOT_TEST_POSTGRES_DSN is not set; set it (e.g. postgres://postgres@127.0.0.1:5432/test?sslmode=disable) to run the PostgreSQL tests")
	}
	if !strings.Contains(base, "://") {
		t.Skip("BRIEFBOT_TEST_POSTGRES_DSN is not a URL; this test adds its schema as a URL parameter")
	}
	admin, err := pgx.Connect(t.Context(), base)
	if err != nil {
		t.Fatalf("connect to BRIEFBOT_TEST_POSTGRES_DSN: %v", err)
	}
	defer admin.Close(context.Background())
	b := make([]byte, 6)
	rand.Read(b)
	schema := "briefbot_run_" + hex.EncodeToString(b)
	if _, err := admin.Exec(t.Context(), "CREATE SCHEMA "+pgx.Identifier{schema}.Sanitize()); err != nil {
		t.Fatal(err)
	}
	defer admin.Exec(context.Background(), "DROP SCHEMA "+pgx.Identifier{schema}.Sanitize()+" CASCADE")
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	q.Set("application_name", schema)
	u.RawQuery = q.Encode()

	start := time.Now().UTC().Truncate(time.Second)
	pub := httptest.NewServer(demo.Handler(start, func() time.Time { return start }))
	defer pub.Close()
	cfgPath := filepath.Join(t.TempDir(), "briefbot.yaml")
	cfg := "feeds:\n  - url: " + pub.URL + demo.Feeds()[0].Path + "\npolling:\n  interval: 1h\n  allow_private_networks: true\nlog:\n  level: info\n  format: json\n"
	if err := os.WriteFile(cfgPath, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"BRIEFBOT_DATABASE_URL": u.String(), "BRIEFBOT_CONSOLE": "off"}
	var logs syncBuffer
	app := &App{Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: &logs, Getenv: func(k string) string { return env[k] }}
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	done := make(chan int, 1)
	go func() { done <- MainApp(ctx, app, []string{"run", "-config", cfgPath}) }()
	waitLog := func(what string, n int) {
		t.Helper()
		deadline := time.Now().Add(30 * time.Second)
		for strings.Count(logs.String(), what) < n {
			select {
			case code := <-done:
				t.Fatalf("briefbot run exited with %d; log:\n%s", code, logs.String())
			default:
			}
			if time.Now().After(deadline) {
				t.Fatalf("the log never showed %q %d times:\n%s", what, n, logs.String())
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	waitLog(`"msg":"took the lead"`, 1)

	// End the session holding the lock, as a database restart or an
	// operator would.
	var terminated int
	err = admin.QueryRow(t.Context(), `SELECT count(pg_terminate_backend(l.pid)) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
		WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 AND a.application_name = $1`, schema).Scan(&terminated)
	if err != nil || terminated != 1 {
		t.Fatalf("terminated %d lock-holding backends (%v), want 1", terminated, err)
	}
	waitLog("alert batching, digests and retention stop here until this replica leads again", 1)
	waitLog(`"msg":"took the lead"`, 2)

	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("briefbot run exited with %d after cancellation; log:\n%s", code, logs.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatal("briefbot run did not shut down")
	}
}
