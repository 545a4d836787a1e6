package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"runtime/pprof"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"briefbot/config"
	"briefbot/store"
	"briefbot/store/postgres"
	"briefbot/store/sqlite"
	"briefbot/topics"
)

// The bench commands measure one process against the scale targets of
// docs/performance.md. They run outside CI: each prints its figures, the
// commit, the core count and the load average beside each figure (the
// machine may be shared).

const benchUsage = `poll|ingest|brief|fanout [-store sqlite|postgres] ...`

const benchHelp = `Usage: briefbot bench poll|ingest|brief|fanout [flags]

  poll    -feeds 10000   serve N generated feeds on a loopback server and
                         poll them from an empty store: first cycle, then an
                         all-304 cycle; peak memory
  ingest  -articles N    the ingest path without fetch (parse and normalise,
                         match, summarise, cluster, store), articles/s as
                         the store grows
  brief   -articles 1000000  fill a store with N articles over 90 days, then
                         time the /brief <topic> 7d store query (p50, p99)
  fanout  -channels 1000 one alert to N subscribed Slack channels through the
                         dispatcher and the Slack adapter, on a fake Slack
                         that allows 1 message per second per channel

Every command takes -store sqlite (default: a new file in a temporary
directory, or -db PATH) or -store postgres, whose DSN comes from -dsn or
else from BRIEFBOT_TEST_POSTGRES_DSN (never from the bot's config, so a
benchmark cannot write into a production database). The schema the DSN
selects (search_path) must be empty for poll, ingest and fanout: create one
with CREATE SCHEMA and add search_path=<schema> to the DSN.
Run 'briefbot bench CMD -h' for each command's flags.
`

func cmdBench(ctx context.Context, app *App, args []string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "-help" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprint(app.Stderr, benchHelp)
		if len(args) == 0 {
			return errUsage
		}
		return flag.ErrHelp
	}
	switch args[0] {
	case "poll":
		return benchPoll(ctx, app, args[1:])
	case "ingest":
		return benchIngest(ctx, app, args[1:])
	case "brief":
		return benchBrief(ctx, app, args[1:])
	case "fanout":
		return benchFanout(ctx, app, args[1:])
	case "feedserver":
		return benchFeedServer(ctx, app, args[1:])
	}
	fmt.Fprintf(app.Stderr, "briefbot bench: unknown benchmark %q\n\n%s", args[0], benchHelp)
	return errUsage
}

// benchStore is the -store, -db and -dsn flags shared by the benchmarks.
type benchStore struct {
	driver, db, dsn string
	cpuprofile      string
	memprofile      string
}

func (b *benchStore) flags(fs *flag.FlagSet) {
	fs.StringVar(&b.driver, "store", "sqlite", "store backend: sqlite or postgres")
	fs.StringVar(&b.db, "db", "", "SQLite file (default: a new file in a temporary directory, removed after)")
	fs.StringVar(&b.dsn, "dsn", "", "PostgreSQL DSN for -store postgres (default: $BRIEFBOT_TEST_POSTGRES_DSN); its search_path schema must exist")
	fs.StringVar(&b.cpuprofile, "cpuprofile", "", "write a CPU profile of the whole command (setup included) to this file, for go tool pprof")
	fs.StringVar(&b.memprofile, "memprofile", "", "write a heap profile to this file once the measured work is done, while the poller is still held (poll, ingest)")
}

// heapProfile writes the heap profile -memprofile asks for; keep is held
// live until it is written.
func (b *benchStore) heapProfile(keep any) {
	defer runtime.KeepAlive(keep)
	if b.memprofile == "" {
		return
	}
	f, err := os.Create(b.memprofile)
	if err != nil {
		return
	}
	defer f.Close()
	runtime.GC()
	_ = pprof.WriteHeapProfile(f)
}

// profile starts the CPU profile -cpuprofile asks for; the function it
// returns stops it.
func (b *benchStore) profile() (stop func(), err error) {
	if b.cpuprofile == "" {
		return func() {}, nil
	}
	f, err := os.Create(b.cpuprofile)
	if err != nil {
		return nil, fmt.Errorf("-cpuprofile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("-cpuprofile: %w", err)
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}

// open opens the benchmark's store; close closes it and removes a
// temporary SQLite directory.
func (b *benchStore) open(ctx context.Context, app *App) (st store.Store, where string, closeFn func(), err error) {
	stopProfile, err := b.profile()
	if err != nil {
		return nil, "", nil, err
	}
	defer func() {
		if err != nil {
			stopProfile()
			return
		}
		inner := closeFn
		closeFn = func() { inner(); stopProfile() }
	}()
	log := slog.New(slog.DiscardHandler)
	switch b.driver {
	case "postgres":
		dsn := b.dsn
		if dsn == "" {
			dsn = app.Getenv("BRIEFBOT_TEST_POSTGRES_DSN")
		}
		if dsn == "" {
			return nil, "", nil, errors.New("-store postgres needs a DSN: pass -dsn or set BRIEFBOT_TEST_POSTGRES_DSN")
		}
		pg, err := postgres.Open(ctx, dsn, postgres.Options{Logger: log})
		if err != nil {
			return nil, "", nil, fmt.Errorf("open PostgreSQL store: %w", err)
		}
		return pg, "postgres (DSN from " + map[bool]string{true: "-dsn", false: "BRIEFBOT_TEST_POSTGRES_DSN"}[b.dsn != ""] + ")", func() { pg.Close() }, nil
	case "sqlite":
		path, dir := b.db, ""
		if path == "" {
			if dir, err = os.MkdirTemp("", "briefbot-bench-"); err != nil {
				return nil, "", nil, err
			}
			path = filepath.Join(dir, "bench.db")
		}
		sq, err := sqlite.Open(ctx, path, sqlite.Options{Logger: log})
		if err != nil {
			if dir != "" {
				os.RemoveAll(dir)
			}
			return nil, "", nil, err
		}
		return sq, "sqlite " + path, func() {
			sq.Close()
			if dir != "" {
				os.RemoveAll(dir)
			}
		}, nil
	}
	return nil, "", nil, fmt.Errorf("-store %q: want sqlite or postgres", b.driver)
}

// requireEmpty refuses a store that already holds feeds or the first
// article the benchmark would write.
func requireEmpty(ctx context.Context, st store.Store, firstID string) error {
	states, err := st.FeedStates(ctx)
	if err != nil {
		return fmt.Errorf("check the store is empty: %w", err)
	}
	seen, err := st.HasArticle(ctx, firstID)
	if err != nil {
		return fmt.Errorf("check the store is empty: %w", err)
	}
	if len(states) > 0 || seen {
		return errors.New("the store is not empty: this benchmark starts from an empty store; give a new -db file, or a DSN whose search_path names a new empty schema")
	}
	return nil
}

// header prints what was measured where.
func benchHeader(w io.Writer, name, where string) {
	fmt.Fprintf(w, "briefbot bench %s\n", name)
	fmt.Fprintf(w, "commit:   %s\n", benchCommit())
	fmt.Fprintf(w, "machine:  %d cores (GOMAXPROCS %d), %s memory, %s/%s, %s\n", runtime.NumCPU(), runtime.GOMAXPROCS(0),
		memTotal(), runtime.GOOS, runtime.GOARCH, runtime.Version())
	fmt.Fprintf(w, "store:    %s\n", where)
	fmt.Fprintf(w, "load:     %s at start\n", loadAvg())
}

// benchCommit is the build's version, or what git describes of the
// working directory when the build has none.
func benchCommit() string {
	if version != "dev" && version != "" {
		return version
	}
	out, err := exec.Command("git", "describe", "--always", "--dirty", "--tags").Output()
	if err != nil {
		return "unknown (a dev build, and git describe failed: run from the repository)"
	}
	return strings.TrimSpace(string(out)) + " (git describe; dev build)"
}

// loadAvg is the 1, 5 and 15 minute load averages, or "?" where
// /proc/loadavg is missing.
func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "load ?"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "load ?"
	}
	return "load " + strings.Join(f[:3], " ")
}

func memTotal() string {
	b, err := os.ReadFile("/proc/meminfo")
	if err != nil {
		return "?"
	}
	for _, l := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(l, "MemTotal:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return fmt.Sprintf("%.1f GB", float64(kb)/(1<<20))
		}
	}
	return "?"
}

// peakRSS is the process's peak resident set (VmHWM), in bytes; 0 where
// /proc/self/status is missing.
func peakRSS() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(l, "VmHWM:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb << 10
		}
	}
	return 0
}

// heapPeak samples the Go heap (live and not yet swept objects) every
// 50 ms until stopped and keeps the largest value.
type heapPeak struct {
	peak atomic.Uint64
	stop chan struct{}
	done chan struct{}
}

func watchHeap() *heapPeak {
	h := &heapPeak{stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(h.done)
		s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		t := time.NewTicker(50 * time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(s)
			if v := s[0].Value.Uint64(); v > h.peak.Load() {
				h.peak.Store(v)
			}
			select {
			case <-h.stop:
				return
			case <-t.C:
			}
		}
	}()
	return h
}

func (h *heapPeak) Stop() uint64 {
	close(h.stop)
	<-h.done
	return h.peak.Load()
}

func mb(b int64) string { return fmt.Sprintf("%.0f MB", float64(b)/(1<<20)) }

func secs(d time.Duration) string { return fmt.Sprintf("%.2f s", d.Seconds()) }

// benchMatcher is the default topics, as the bot runs with no topics
// configured.
func benchMatcher() (*topics.Matcher, error) {
	return topics.Compile(topics.Defaults())
}

// benchDefaults is the configuration the bot runs with when nothing is set.
func benchDefaults() config.Config { return config.Default() }
