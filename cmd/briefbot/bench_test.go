package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"briefbot/internal/benchgen"
)

// runBench runs `briefbot bench ARGS` and returns its output; it fails the
// test unless the command exits 0.
func runBench(t *testing.T, getenv func(string) string, args ...string) string {
	t.Helper()
	var out, errb bytes.Buffer
	code := Main(context.Background(), append([]string{"bench"}, args...), strings.NewReader(""), &out, &errb, getenv)
	if code != 0 {
		t.Fatalf("briefbot bench %s: exit %d\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), code, out.String(), errb.String())
	}
	return out.String()
}

func noEnv(string) string { return "" }

// wantLines checks that each pattern matches a line of the output.
func wantLines(t *testing.T, out string, patterns ...string) {
	t.Helper()
	for _, p := range patterns {
		if !regexp.MustCompile(`(?m)` + p).MatchString(out) {
			t.Errorf("no line matches %q in:\n%s", p, out)
		}
	}
}

var benchHeaderLines = []string{`^commit:   \S+`, `^machine:  \d+ cores`, `^load:     load [\d.]+ [\d.]+ [\d.]+`}

// Each benchmark runs at a tiny size and prints its figures, the commit
// and the core count. (Speed is not asserted: that is what the commands
// are for, outside CI.)
func TestBenchPollPrintsBothCycles(t *testing.T) {
	// A test binary cannot be re-run as briefbot, so the feed server runs
	// in this process in tests; TestBenchFeedServerServesAndCounts covers
	// the child's side.
	out := runBench(t, noEnv, "poll", "-feeds", "20")
	wantLines(t, out, benchHeaderLines...)
	// All 20 feeds fetched and stored the first time, all 304 the second.
	wantLines(t, out, `^first cycle: +[\d.]+ s for 20 feeds \(0 failed\), 400 items, 400 new articles stored, \d+ matched: \d+ articles/s`,
		`^all-304 cycle: [\d.]+ s for 20 feeds, 20 not modified, 0 refetched in full, 0 failed`,
		`^peak RSS \(VmHWM\): \d+ MB, Go heap peak: \d+ MB`)
}

func TestBenchIngestReportsEachStep(t *testing.T) {
	out := runBench(t, noEnv, "ingest", "-articles", "200", "-steps", "2")
	wantLines(t, out, benchHeaderLines...)
	wantLines(t, out, `store +0 -> +100 articles: +100 new`, `store +100 -> +200 articles: +100 new`,
		`^ingest:   200 articles in [\d.]+ s: \d+ articles/s overall; by step: \d+, \d+`)
}

func TestBenchBriefReusesItsStore(t *testing.T) {
	db := filepath.Join(t.TempDir(), "brief.db")
	out := runBench(t, noEnv, "brief", "-articles", "3000", "-queries", "20", "-db", db)
	wantLines(t, out, benchHeaderLines...)
	wantLines(t, out, `^store:    3000 articles over 90 days ending 2026-12-01 \(3000 added now`,
		`^/brief iran-russia 7d \(Stories, page of 5, [1-9]\d* stories in the window\): p50 [\d.]+ ms, p99 [\d.]+ ms`)
	// A second run on the same file queries it without filling it again.
	out = runBench(t, noEnv, "brief", "-articles", "3000", "-queries", "20", "-db", db)
	wantLines(t, out, `\(0 added now`)
}

func TestBenchFanoutDeliversEveryAlert(t *testing.T) {
	out := runBench(t, noEnv, "fanout", "-channels", "30")
	wantLines(t, out, benchHeaderLines...)
	wantLines(t, out, `^delivered: 30 Slack messages to 30 channels \(30 outbox messages marked sent of 30 queued\), up to 1 per channel; 429s received: 0`,
		`^time: +[\d.]+ s`)
}

func TestBenchRefusesAStoreThatIsNotEmpty(t *testing.T) {
	db := filepath.Join(t.TempDir(), "used.db")
	runBench(t, noEnv, "poll", "-feeds", "2", "-db", db)
	var out, errb bytes.Buffer
	if code := Main(context.Background(), []string{"bench", "poll", "-feeds", "2", "-db", db}, strings.NewReader(""), &out, &errb, noEnv); code != 1 {
		t.Fatalf("exit %d, want 1; stderr: %s", code, errb.String())
	}
	if !strings.Contains(errb.String(), "not empty") {
		t.Errorf("stderr does not say the store is not empty: %s", errb.String())
	}
}

// On PostgreSQL, each benchmark runs in a new schema named by the DSN's
// search_path, which -dsn passes and the output names as the DSN's source.
func TestBenchPostgres(t *testing.T) {
	base := os.Getenv("BRIEFBOT_TEST_POSTGRES_DSN")
	if base == "" {
		t.Skip("BRIEFBOT_TEST_POSTGRES_DSN is not set; set it (e.g. postgres://postgres@127.0.0.1:5432/test?sslmode=disable) to run the benchmarks on PostgreSQL")
	}
	if !strings.Contains(base, "://") {
		t.Skip("BRIEFBOT_TEST_POSTGRES_DSN is not a URL; this test adds its schema as a URL parameter")
	}
	admin, err := pgx.Connect(t.Context(), base)
	if err != nil {
		t.Fatalf("connect to BRIEFBOT_TEST_POSTGRES_DSN: %v", err)
	}
	defer admin.Close(context.Background())
	for _, args := range [][]string{
		{"poll", "-feeds", "10"},
		{"ingest", "-articles", "100", "-steps", "1"},
		{"brief", "-articles", "1000", "-queries", "5"},
		{"fanout", "-channels", "10"},
	} {
		b := make([]byte, 6)
		rand.Read(b)
		schema := "briefbot_bench_" + hex.EncodeToString(b)
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
		u.RawQuery = q.Encode()
		out := runBench(t, noEnv, append(args, "-store", "postgres", "-dsn", u.String())...)
		wantLines(t, out, `^store:    postgres \(DSN from -dsn\)`)
		switch args[0] {
		case "poll":
			wantLines(t, out, `^all-304 cycle: [\d.]+ s for 10 feeds, 10 not modified`)
		case "fanout":
			wantLines(t, out, `^delivered: 10 Slack messages to 10 channels`)
		case "brief":
			wantLines(t, out, `^/brief iran-russia 7d`)
		case "ingest":
			wantLines(t, out, `^ingest:   100 articles`)
		}
	}
}

// Without -dsn, -store postgres takes BRIEFBOT_TEST_POSTGRES_DSN, and says
// what to set when neither is there.
func TestBenchPostgresNeedsADSN(t *testing.T) {
	var out, errb bytes.Buffer
	if code := Main(context.Background(), []string{"bench", "poll", "-store", "postgres"}, strings.NewReader(""), &out, &errb, noEnv); code != 1 {
		t.Fatalf("exit %d, want 1", code)
	}
	if !strings.Contains(errb.String(), "pass -dsn or set BRIEFBOT_TEST_POSTGRES_DSN") {
		t.Errorf("stderr does not say where the DSN comes from: %s", errb.String())
	}
}

func TestBenchUnknownIsAUsageError(t *testing.T) {
	var out, errb bytes.Buffer
	if code := Main(context.Background(), []string{"bench", "everything"}, strings.NewReader(""), &out, &errb, noEnv); code != 2 {
		t.Fatalf("exit %d, want 2", code)
	}
	if !strings.Contains(errb.String(), "poll|ingest|brief|fanout") {
		t.Errorf("usage not shown: %s", errb.String())
	}
}

// The feed server bench poll starts as a child process says where it
// listens, serves the generated feeds with validators, counts what it
// served in full, and stops when its standard input closes.
func TestBenchFeedServerServesAndCounts(t *testing.T) {
	stdinR, stdinW := io.Pipe()
	outR, outW := io.Pipe()
	var errb bytes.Buffer
	done := make(chan int, 1)
	go func() {
		done <- Main(context.Background(), []string{"bench", "feedserver", "-feeds", "3", "-base", "1796000000"}, stdinR, outW, &errb, noEnv)
		outW.Close()
	}()
	line, err := bufio.NewReader(outR).ReadString('\n')
	if err != nil {
		t.Fatalf("no address printed: %v (stderr: %s)", err, errb.String())
	}
	base := strings.TrimSpace(line)
	if !strings.HasPrefix(base, "http://127.0.0.1:") {
		t.Fatalf("printed %q, want a loopback base URL", line)
	}
	resp, err := http.Get(base + benchgen.FeedPath(2))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), "<item>") || resp.Header.Get("ETag") == "" {
		t.Fatalf("feed 2: status %d, ETag %q, %d bytes; want 200 with items and an ETag", resp.StatusCode, resp.Header.Get("ETag"), len(body))
	}
	req, _ := http.NewRequest(http.MethodGet, base+benchgen.FeedPath(2), nil)
	req.Header.Set("If-None-Match", resp.Header.Get("ETag"))
	again, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	again.Body.Close()
	if again.StatusCode != http.StatusNotModified {
		t.Errorf("conditional GET: status %d, want 304", again.StatusCode)
	}
	var st serverStats
	sr, err := http.Get(base + statsPath)
	if err != nil {
		t.Fatal(err)
	}
	err = json.NewDecoder(sr.Body).Decode(&st)
	sr.Body.Close()
	if err != nil || st.Full != 1 || st.NotModified != 1 {
		t.Errorf("stats %+v (%v), want 1 served in full and 1 not modified", st, err)
	}
	stdinW.Close()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("exit %d after stdin closed, want 0 (stderr: %s)", code, errb.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the feed server did not stop when its stdin closed")
	}
}
