package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"briefbot/internal/benchgen"
)

// bench poll measures the bot's memory by its process's peak resident set,
// so the loopback feed server runs in a child process by default (the same
// binary, `briefbot bench feedserver`): rendering 10,000 feeds allocates
// gigabytes, and its garbage would count against the bot. -server inprocess
// keeps it in the process, as tests always do (their binary cannot be
// re-run as briefbot).

// feedSource is the feed server bench poll polls.
type feedSource struct {
	url string
	// full is how many documents were served in full (not 304).
	full func() (int64, error)
	// peak is the server's own peak resident set, in bytes; 0 when it
	// shares the measured process.
	peak func() int64
	stop func()
}

// startFeeds starts the feed server for gen, in a child process or in
// this one.
func startFeeds(ctx context.Context, mode string, gen *benchgen.Generator) (*feedSource, error) {
	switch mode {
	case "inprocess":
		fsrv := &benchgen.FeedServer{Gen: gen}
		srv := httptest.NewServer(fsrv)
		return &feedSource{url: srv.URL, full: func() (int64, error) { return fsrv.Full.Load(), nil },
			peak: func() int64 { return 0 }, stop: srv.Close}, nil
	case "process":
		if testing.Testing() {
			// A test binary re-run would run the tests again, not
			// briefbot: tests get the server in their own process.
			return startFeeds(ctx, "inprocess", gen)
		}
	default:
		return nil, fmt.Errorf("-server %q: want process or inprocess", mode)
	}
	exe, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("start the feed server process: %w (use -server inprocess)", err)
	}
	cmd := exec.CommandContext(ctx, exe, "bench", "feedserver", "-feeds", strconv.Itoa(gen.Feeds),
		"-seed", strconv.FormatUint(gen.Seed, 10), "-base", strconv.FormatInt(gen.Base.Unix(), 10))
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start the feed server process: %w (use -server inprocess)", err)
	}
	stop := func() { stdin.Close(); cmd.Wait() }
	line, err := bufio.NewReader(stdout).ReadString('\n')
	base := strings.TrimSpace(line)
	if err != nil || !strings.HasPrefix(base, "http://127.0.0.1:") {
		stop()
		return nil, fmt.Errorf("the feed server process did not say where it listens (got %q): %v", line, err)
	}
	stats := func() (serverStats, error) {
		var st serverStats
		resp, err := http.Get(base + statsPath)
		if err != nil {
			return st, err
		}
		defer resp.Body.Close()
		return st, json.NewDecoder(resp.Body).Decode(&st)
	}
	return &feedSource{url: base,
		full: func() (int64, error) { st, err := stats(); return st.Full, err },
		peak: func() int64 { st, _ := stats(); return st.PeakRSS },
		stop: stop}, nil
}

const statsPath = "/bench-stats"

type serverStats struct {
	Full, NotModified, Missing int64
	PeakRSS                    int64
}

// benchFeedServer is `briefbot bench feedserver`, the child bench poll
// starts: it serves the generated feeds on a loopback port, prints its base
// URL on a line of its own, and stops when its standard input closes (the
// parent exited or is done).
func benchFeedServer(ctx context.Context, app *App, args []string) error {
	fs := flagSet(app, "bench feedserver", "-feeds N -seed S -base UNIX (started by bench poll)")
	n := fs.Int("feeds", 10000, "number of generated feeds")
	seed := fs.Uint64("seed", 1, "generator seed")
	base := fs.Int64("base", 0, "the generator's base time, unix seconds")
	if err := noArgs(fs, args); err != nil {
		return err
	}
	if *n < 1 || *base <= 0 {
		fmt.Fprintln(app.Stderr, "briefbot bench feedserver: -feeds and -base must be positive")
		return errUsage
	}
	fsrv := &benchgen.FeedServer{Gen: &benchgen.Generator{Seed: *seed, Feeds: *n, Base: time.Unix(*base, 0)}}
	mux := http.NewServeMux()
	mux.Handle("/", fsrv)
	mux.HandleFunc(statsPath, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(serverStats{Full: fsrv.Full.Load(), NotModified: fsrv.NotModified.Load(),
			Missing: fsrv.Missing.Load(), PeakRSS: peakRSS()})
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return fmt.Errorf("feed server: %w", err)
	}
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	fmt.Fprintf(app.Stdout, "http://%s\n", ln.Addr())
	stdinDone := make(chan struct{})
	go func() { io.Copy(io.Discard, app.Stdin); close(stdinDone) }()
	select {
	case <-stdinDone:
	case <-ctx.Done():
	case err := <-served:
		return fmt.Errorf("feed server: %w", err)
	}
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("feed server: %w", err)
	}
	return nil
}
