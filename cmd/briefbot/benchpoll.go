package main

import (
	"context"
	"fmt"
	"sync/atomic"
	"time"

	"briefbot/feeds"
	"briefbot/ingest"
	"briefbot/internal/benchgen"
	"briefbot/summarize"
)

func benchPoll(ctx context.Context, app *App, args []string) error {
	def := benchDefaults()
	fs := flagSet(app, "bench poll", "[-feeds 10000] [-concurrency N] [-per-host N] [-server process|inprocess] [-store sqlite|postgres] [-db PATH] [-dsn DSN]")
	var bs benchStore
	bs.flags(fs)
	n := fs.Int("feeds", 10000, "number of generated feeds (20 items each, 1-2 KB descriptions)")
	conc := fs.Int("concurrency", def.Polling.MaxConcurrent, "feeds polled and fetched at once (polling.max_concurrent)")
	perHost := fs.Int("per-host", 0, "fetches in flight per host (default: -concurrency, since every generated feed is on the one loopback host, where real feeds are spread over many)")
	seed := fs.Uint64("seed", 1, "generator seed")
	server := fs.String("server", "process", "where the loopback feed server runs: process (a child process, so that its memory is not counted as the bot's) or inprocess")
	if err := noArgs(fs, args); err != nil {
		return err
	}
	if *n < 1 || *conc < 1 {
		fmt.Fprintln(app.Stderr, "briefbot bench poll: -feeds and -concurrency must be at least 1")
		return errUsage
	}
	if *perHost <= 0 {
		*perHost = *conc
	}
	st, where, closeStore, err := bs.open(ctx, app)
	if err != nil {
		return err
	}
	defer closeStore()
	gen := &benchgen.Generator{Seed: *seed, Feeds: *n, Base: time.Now().Truncate(time.Second)}
	srv, err := startFeeds(ctx, *server, gen)
	if err != nil {
		return err
	}
	defer srv.stop()
	if err := requireEmpty(ctx, st, gen.Item(0, 0).GUID); err != nil {
		return err
	}
	list := make([]ingest.Feed, *n)
	for i := range list {
		list[i] = ingest.Feed{URL: srv.url + benchgen.FeedPath(i), Title: fmt.Sprintf("Bench Outlet %d", i)}
	}
	m, err := benchMatcher()
	if err != nil {
		return err
	}
	fopt := feeds.Options{UserAgent: "briefbot-bench/" + version, Timeout: def.Polling.Timeout.D(), MaxBodyBytes: int64(def.Polling.MaxBody),
		AllowPrivateNetworks: true, MaxConcurrent: *conc, PerHost: *perHost}
	// The clock jumps ahead between the cycles, so that every feed is due
	// again for the all-304 cycle.
	var skew atomic.Int64
	now := func() time.Time { return time.Now().Add(time.Duration(skew.Load())) }
	p := ingest.New(feeds.New(fopt), m, st, nil, ingest.Options{
		Feeds:       func(context.Context) ([]ingest.Feed, error) { return list, nil },
		Policy:      pollPolicy(&def),
		PauseAfter:  def.Polling.PauseAfter,
		MaxAge:      def.Polling.MaxAge.D(),
		Summary:     summarize.Options{N: def.Summary.Sentences, MaxChars: def.Summary.MaxChars},
		Concurrency: *conc,
		Now:         now,
	})

	w := app.Stdout
	benchHeader(w, "poll", where)
	fmt.Fprintf(w, "feeds:    %d on a loopback server (%s), 20 items each; concurrency %d, per host %d\n", *n, map[bool]string{true: "in a child process", false: "in this process"}[*server == "process"], *conc, *perHost)
	heap := watchHeap()
	first, err := p.PollDue(ctx)
	if err != nil {
		heap.Stop()
		return fmt.Errorf("first cycle: %w", err)
	}
	fmt.Fprintf(w, "first cycle:   %s for %d feeds (%d failed), %d items, %d new articles stored, %d matched: %.0f articles/s  [%s]\n",
		secs(first.Duration), first.Feeds, first.Failed, first.Items, first.New, first.Matched,
		float64(first.New)/first.Duration.Seconds(), loadAvg())
	skew.Store(int64(def.Polling.MaxInterval.D() + time.Minute))
	full, err := srv.full()
	if err != nil {
		heap.Stop()
		return fmt.Errorf("read the feed server's count: %w", err)
	}
	second, err := p.PollDue(ctx)
	if err != nil {
		heap.Stop()
		return fmt.Errorf("second cycle: %w", err)
	}
	full2, err := srv.full()
	if err != nil {
		heap.Stop()
		return fmt.Errorf("read the feed server's count: %w", err)
	}
	fmt.Fprintf(w, "all-304 cycle: %s for %d feeds, %d not modified, %d refetched in full, %d failed  [%s]\n",
		secs(second.Duration), second.Feeds, second.NotModified, full2-full, second.Failed, loadAvg())
	hp := heap.Stop()
	bs.heapProfile(p)
	if sp := srv.peak(); sp > 0 {
		fmt.Fprintf(w, "peak RSS (VmHWM): %s, Go heap peak: %s (the bot alone; the feed server's process peaked at %s)\n",
			mb(peakRSS()), mb(int64(hp)), mb(sp))
	} else {
		fmt.Fprintf(w, "peak RSS (VmHWM): %s, Go heap peak: %s (the loopback feed server runs in this process; it holds no documents between requests)\n",
			mb(peakRSS()), mb(int64(hp)))
	}
	if first.Failed > 0 || second.Failed > 0 {
		return fmt.Errorf("%d feeds failed in the first cycle and %d in the second: the figures above do not measure a clean run", first.Failed, second.Failed)
	}
	return nil
}
