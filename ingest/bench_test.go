package ingest

import (
	"context"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"briefbot/brief"
	"briefbot/store/sqlite"
	"briefbot/store/storetest"
	"briefbot/summarize"
	"briefbot/topics"
)

// benchPoller is a poller over a SQLite file with the default topics,
// whose clock follows the articles.
func benchPoller(b *testing.B) (*Poller, *sqlite.Store, *time.Time) {
	b.Helper()
	st, err := sqlite.Open(b.Context(), filepath.Join(b.TempDir(), "bench.db"), sqlite.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	m, err := topics.Compile(topics.Defaults())
	if err != nil {
		b.Fatal(err)
	}
	now := new(time.Time)
	p := New(nil, m, st, nil, Options{Summary: summarize.Options{N: 2}, Now: func() time.Time { return *now }})
	return p, st, now
}

// BenchmarkIngestWithClustering stores new articles one after another as
// the poller does (match, summarise, assign to a story, save with its
// alerts) into a SQLite file, with events a minute apart, each reported by
// one to four outlets. It reports the rate over the first and the last
// tenth of the run, so a store that slows as it grows shows: run it with
// -benchtime=30000x or more.
func BenchmarkIngestWithClustering(b *testing.B) {
	p, _, now := benchPoller(b)
	ctx := b.Context()
	if err := p.loadStories(ctx); err != nil {
		b.Fatal(err)
	}
	prose := storetest.NewProse(7, time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC), time.Minute)
	var pending []brief.Article
	next := func() brief.Article {
		if len(pending) == 0 {
			e := prose.Event()
			for j := range 1 + int(e.When().Unix()/60)%4 {
				pending = append(pending, prose.Article(e, j))
			}
		}
		a := pending[0]
		pending = pending[1:]
		return a
	}
	f := Feed{URL: "https://wire.example/rss"}
	var marks []time.Time
	i := 0
	for b.Loop() {
		a := next()
		*now = a.Fetched
		if _, _, err := p.ingest(ctx, f, a, false); err != nil {
			b.Fatal(err)
		}
		marks = append(marks, time.Now())
		i++
	}
	if tenth := len(marks) / 10; tenth > 1 {
		b.ReportMetric(float64(tenth-1)/marks[tenth-1].Sub(marks[0]).Seconds(), "first-articles/s")
		b.ReportMetric(float64(tenth-1)/marks[len(marks)-1].Sub(marks[len(marks)-tenth]).Seconds(), "last-articles/s")
	}
	b.ReportMetric(float64(i)/b.Elapsed().Seconds(), "articles/s")
}

// BenchmarkRestartWith200000Articles measures a restart: loading the saved
// state of a clusterer that assigned 200,000 articles (events 20 s apart,
// one to four outlets each: about 18 days of news, the stories of the
// last six days open) and replaying what came after. It reports the time
// to ready and the heap the clusterer holds.
func BenchmarkRestartWith200000Articles(b *testing.B) {
	const n = 200_000
	p, st, now := benchPoller(b)
	ctx := b.Context()
	if err := p.loadStories(ctx); err != nil {
		b.Fatal(err)
	}
	prose := storetest.NewProse(11, time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC), 20*time.Second)
	for assigned := 0; assigned < n; {
		e := prose.Event()
		for j := range 1 + int(e.When().Unix()/20)%4 {
			a := prose.Article(e, j)
			*now = a.Fetched
			p.assign(a)
			assigned++
		}
	}
	if err := p.saveStories(ctx, true); err != nil {
		b.Fatal(err)
	}
	_, blob, err := st.ClusterState(ctx)
	if err != nil {
		b.Fatal(err)
	}
	*now = now.Add(time.Hour)
	p = nil
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	var q *Poller
	for b.Loop() {
		q = New(nil, nil, st, nil, Options{Now: func() time.Time { return *now }})
		if err := q.loadStories(context.WithoutCancel(ctx)); err != nil {
			b.Fatal(err)
		}
	}
	runtime.GC()
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(int64(after.HeapAlloc)-int64(before.HeapAlloc))/1e6, "heap-MB")
	b.ReportMetric(float64(len(q.stories.c.Stories())), "open-stories")
	b.ReportMetric(float64(len(blob))/1e6, "state-MB")
	runtime.KeepAlive(q)
}
