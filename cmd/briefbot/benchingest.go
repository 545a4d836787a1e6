package main

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"briefbot/feeds"
	"briefbot/ingest"
	"briefbot/internal/benchgen"
	"briefbot/summarize"
)

// docFetcher hands the poller feed documents already in memory, parsed
// and normalised by the feeds package as a fetched document is: the
// ingest path without the network.
type docFetcher struct {
	mu   sync.Mutex
	docs map[string][]byte
	now  func() time.Time
}

func (f *docFetcher) Fetch(_ context.Context, req feeds.Request) (*feeds.Result, error) {
	f.mu.Lock()
	doc, ok := f.docs[req.URL]
	f.mu.Unlock()
	if !ok {
		return nil, fmt.Errorf("fetch %s: no such benchmark document", req.URL)
	}
	return feeds.Parse(doc, "application/rss+xml", req.URL, f.now())
}

func (f *docFetcher) FullText(context.Context, string) (string, error) {
	return "", errors.New("no full text in the ingest benchmark")
}

func benchIngest(ctx context.Context, app *App, args []string) error {
	def := benchDefaults()
	fs := flagSet(app, "bench ingest", "[-articles 20000] [-steps 10] [-concurrency N] [-store sqlite|postgres] [-db PATH] [-dsn DSN]")
	var bs benchStore
	bs.flags(fs)
	n := fs.Int("articles", 20000, "articles to ingest (20 per feed document)")
	steps := fs.Int("steps", 10, "report the rate over this many equal steps, to show how it changes as the store grows")
	conc := fs.Int("concurrency", def.Polling.MaxConcurrent, "feeds ingested at once (polling.max_concurrent)")
	seed := fs.Uint64("seed", 2, "generator seed")
	if err := noArgs(fs, args); err != nil {
		return err
	}
	if *n < 20 || *steps < 1 || *conc < 1 {
		fmt.Fprintln(app.Stderr, "briefbot bench ingest: -articles must be at least 20, -steps and -concurrency at least 1")
		return errUsage
	}
	nfeeds := *n / 20
	*steps = min(*steps, nfeeds)
	st, where, closeStore, err := bs.open(ctx, app)
	if err != nil {
		return err
	}
	defer closeStore()
	gen := &benchgen.Generator{Seed: *seed, Feeds: nfeeds, Base: time.Now().Truncate(time.Second)}
	if err := requireEmpty(ctx, st, gen.Item(0, 0).GUID); err != nil {
		return err
	}
	m, err := benchMatcher()
	if err != nil {
		return err
	}
	fetch := &docFetcher{docs: map[string][]byte{}, now: time.Now}
	var (
		mu    sync.Mutex
		batch []ingest.Feed
	)
	p := ingest.New(fetch, m, st, nil, ingest.Options{
		Feeds: func(context.Context) ([]ingest.Feed, error) {
			mu.Lock()
			defer mu.Unlock()
			return batch, nil
		},
		Policy:      pollPolicy(&def),
		MaxAge:      def.Polling.MaxAge.D(),
		Summary:     summarize.Options{N: def.Summary.Sentences, MaxChars: def.Summary.MaxChars},
		Concurrency: *conc,
	})
	w := app.Stdout
	benchHeader(w, "ingest", where)
	fmt.Fprintf(w, "articles: %d in %d feed documents, parsed and normalised, matched, summarised, clustered and stored; concurrency %d\n", nfeeds*20, nfeeds, *conc)
	var (
		stored  int
		elapsed time.Duration
		rates   []string
	)
	heap := watchHeap()
	for s := range *steps {
		lo, hi := s*nfeeds / *steps, (s+1)*nfeeds / *steps
		// Render this step's documents before the clock starts.
		fetch.mu.Lock()
		clear(fetch.docs)
		mu.Lock()
		batch = batch[:0]
		for i := lo; i < hi; i++ {
			u := "https://bench.invalid" + benchgen.FeedPath(i)
			fetch.docs[u] = benchgen.Document(gen, i)
			batch = append(batch, ingest.Feed{URL: u, Title: "Bench Outlet " + strconv.Itoa(i)})
		}
		mu.Unlock()
		fetch.mu.Unlock()
		stats, err := p.PollDue(ctx)
		if err != nil {
			heap.Stop()
			return fmt.Errorf("step %d: %w", s+1, err)
		}
		if stats.Failed > 0 {
			heap.Stop()
			return fmt.Errorf("step %d: %d feed documents failed to ingest", s+1, stats.Failed)
		}
		rate := float64(stats.New) / stats.Duration.Seconds()
		fmt.Fprintf(w, "  store %7d -> %7d articles: %6d new (%d matched) in %s: %.0f articles/s  [%s]\n",
			stored, stored+stats.New, stats.New, stats.Matched, secs(stats.Duration), rate, loadAvg())
		rates = append(rates, fmt.Sprintf("%.0f", rate))
		stored += stats.New
		elapsed += stats.Duration
	}
	hp := heap.Stop()
	bs.heapProfile(p)
	fmt.Fprintf(w, "ingest:   %d articles in %s: %.0f articles/s overall; by step: %s\n", stored, secs(elapsed),
		float64(stored)/elapsed.Seconds(), strings.Join(rates, ", "))
	fmt.Fprintf(w, "peak RSS (VmHWM): %s, Go heap peak: %s\n", mb(peakRSS()), mb(int64(hp)))
	return nil
}
