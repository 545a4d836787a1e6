package main

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"golang.org/x/sync/errgroup"

	"briefbot/bot"
	"briefbot/bot/console"
	"briefbot/brief"
	"briefbot/config"
	"briefbot/internal/benchgen"
	"briefbot/store"
)

// briefEnd is the newest article's time in the brief benchmark's store:
// fixed, so that a store filled once (-db) is queried the same way by
// every later run.
var briefEnd = time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)

// briefPageSize is the stories of one /brief page (bot.Options.PageSize's
// default).
const briefPageSize = 5

func benchBrief(ctx context.Context, app *App, args []string) error {
	fs := flagSet(app, "bench brief", "[-articles 1000000] [-days 90] [-topic iran-russia] [-queries 200] [-store sqlite|postgres] [-db PATH] [-dsn DSN]")
	var bs benchStore
	bs.flags(fs)
	n := fs.Int("articles", 1_000_000, "articles in the store, published over -days")
	days := fs.Int("days", 90, "days the articles span")
	topic := fs.String("topic", "iran-russia", "topic the /brief query asks for")
	queries := fs.Int("queries", 200, "queries timed, after 5 untimed")
	workers := fs.Int("fill-workers", 4, "articles saved at once while filling")
	seed := fs.Uint64("seed", 3, "generator seed")
	if err := noArgs(fs, args); err != nil {
		return err
	}
	if *n < 1000 || *days < 8 || *queries < 1 || *workers < 1 {
		fmt.Fprintln(app.Stderr, "briefbot bench brief: -articles at least 1000, -days at least 8, -queries and -fill-workers at least 1")
		return errUsage
	}
	st, where, closeStore, err := bs.open(ctx, app)
	if err != nil {
		return err
	}
	defer closeStore()
	w := app.Stdout
	benchHeader(w, "brief", where)
	fill := &briefFill{seed: *seed, n: *n, span: time.Duration(*days) * 24 * time.Hour}
	t0 := time.Now()
	added, err := fill.run(ctx, st, *workers, func(done int) {
		fmt.Fprintf(w, "  saved %d articles (of %d) in %s  [%s]\n", done, *n, secs(time.Since(t0)), loadAvg())
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "store:    %d articles over %d days ending %s (%d added now in %s, the rest already there);\n", *n, *days, briefEnd.Format(time.DateOnly), added, secs(time.Since(t0)))
	fmt.Fprintf(w, "          filled through SaveArticle without alerts, with matches made from the generator's topic labels rather than by the matcher (a setup fast path)\n")

	q := store.StoryQuery{TopicID: *topic, Since: briefEnd.Add(-7 * 24 * time.Hour), Until: briefEnd, Limit: briefPageSize}
	var total int
	for range 5 {
		if _, total, err = st.Stories(ctx, q); err != nil {
			return fmt.Errorf("query stories: %w", err)
		}
	}
	took := make([]time.Duration, 0, *queries)
	for i := range *queries {
		// Later pages too, as /more reads them, where there are any.
		q.Offset = (i % 3) * briefPageSize
		if q.Offset >= total {
			q.Offset = 0
		}
		t := time.Now()
		got, _, err := st.Stories(ctx, q)
		took = append(took, time.Since(t))
		if err != nil {
			return fmt.Errorf("query stories: %w", err)
		}
		if len(got) == 0 {
			return fmt.Errorf("the query for %s over the last 7 days found no stories: the store does not hold this benchmark's articles", *topic)
		}
	}
	slices.Sort(took)
	pct := func(p int) time.Duration { return took[min(len(took)-1, len(took)*p/100)] }
	fmt.Fprintf(w, "/brief %s 7d (Stories, page of %d, %d stories in the window): p50 %.1f ms, p99 %.1f ms, max %.1f ms over %d queries  [%s]\n",
		*topic, briefPageSize, total, ms(pct(50)), ms(pct(99)), ms(took[len(took)-1]), len(took), loadAvg())

	// The whole answer as a chat gets it: the page, then each story of
	// several outlets read back (up to 8 articles) and summarised with
	// citations, focused on the topic as the default topics define it.
	cfg := config.Default()
	m, err := newMatcher(&cfg)
	if err != nil {
		return err
	}
	h := bot.NewHandler(st, []brief.Topic{{ID: *topic, Title: *topic}}, nil, bot.Options{
		PageSize: briefPageSize, Focus: m.Focus, Now: func() time.Time { return briefEnd }})
	pages := max(1, min(3, (total+briefPageSize-1)/briefPageSize))
	ask := func(i int) (bot.Response, time.Duration) {
		t := time.Now()
		r := h.Handle(ctx, bot.Request{ID: "bench", Channel: console.Channel, Text: fmt.Sprintf("/brief %s 7d page %d", *topic, 1+i%pages)})
		return r, time.Since(t)
	}
	for i := range 5 {
		ask(i)
	}
	took, cited := took[:0], 0
	for i := range *queries {
		r, d := ask(i)
		took = append(took, d)
		if r.Kind != bot.KindBriefing || r.Briefing == nil || len(r.Briefing.Stories) == 0 {
			return fmt.Errorf("/brief %s 7d answered %s: %s", *topic, r.Kind, r.Text)
		}
		for _, st := range r.Briefing.Stories {
			if len(st.Summary) > 0 {
				cited++
			}
		}
	}
	slices.Sort(took)
	fmt.Fprintf(w, "/brief %s 7d (the answer: page of %d with cited summaries, %.1f stories of several outlets a page): p50 %.1f ms, p99 %.1f ms, max %.1f ms over %d queries  [%s]\n",
		*topic, briefPageSize, float64(cited)/float64(*queries), ms(pct(50)), ms(pct(99)), ms(took[len(took)-1]), len(took), loadAvg())
	return nil
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// briefFill writes the brief benchmark's articles: events spread evenly
// over span up to briefEnd, each reported by one to four outlets (the
// same story), about 15% of them on a default topic.
type briefFill struct {
	seed uint64
	n    int
	span time.Duration
}

func (f *briefFill) article(i int) (a brief.Article, matches []brief.Match, story string) {
	ev, j := f.event(i)
	c := benchgen.Compose(f.seed, ev)
	step := f.span / time.Duration(f.n)
	pub := briefEnd.Add(-time.Duration(f.n-i) * step)
	a = brief.Article{
		ID:        fmt.Sprintf("https://news.invalid/a/%d", i),
		FeedURL:   fmt.Sprintf("https://news.invalid/feed/%d", i%997),
		Source:    fmt.Sprintf("Bench Outlet %d", i%997),
		Title:     c.Title,
		Text:      c.Text,
		Link:      fmt.Sprintf("https://news.invalid/a/%d.html", i),
		Published: pub,
		Fetched:   pub,
	}
	if j > 0 {
		// Another outlet's report of the event: its own words.
		o := benchgen.Compose(f.seed^uint64(j)<<40, ev)
		a.Text = o.Text
	}
	story = fmt.Sprintf("https://news.invalid/a/%d", i-j)
	if c.Topic != "" {
		lead, _, _ := strings.Cut(a.Text, ". ")
		matches = []brief.Match{{ArticleID: a.ID, TopicID: c.Topic, Score: 2.5, Summary: []string{lead + "."}}}
	}
	return a, matches, story
}

// event maps article i to its event and its place among the event's
// reports: events of 1, 2, 3 and 4 reports in turn, 10 articles a cycle.
func (f *briefFill) event(i int) (ev, j int) {
	cycle, r := i/10, i%10
	switch {
	case r < 1:
		return cycle * 4, r
	case r < 3:
		return cycle*4 + 1, r - 1
	case r < 6:
		return cycle*4 + 2, r - 3
	default:
		return cycle*4 + 3, r - 6
	}
}

// run saves the articles the store lacks, and returns how many it saved.
func (f *briefFill) run(ctx context.Context, st store.Store, workers int, progress func(done int)) (int, error) {
	last, _, _ := f.article(f.n - 1)
	if ok, err := st.HasArticle(ctx, last.ID); err != nil {
		return 0, fmt.Errorf("look up article: %w", err)
	} else if ok {
		return 0, nil
	}
	var added, done atomic.Int64
	every := max(f.n/20, 1)
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(workers)
	// Each worker takes a contiguous run of articles, so a story's first
	// report is saved before its others.
	const chunk = 500
	for lo := 0; lo < f.n; lo += chunk {
		g.Go(func() error {
			// A run whose last article is stored was saved whole by an
			// earlier fill.
			end, _, _ := f.article(min(lo+chunk, f.n) - 1)
			if ok, err := st.HasArticle(gctx, end.ID); err != nil || ok {
				return err
			}
			for i := lo; i < min(lo+chunk, f.n); i++ {
				a, ms, story := f.article(i)
				err := st.SaveArticle(gctx, a, ms, store.SaveOptions{Now: a.Fetched, NoAlerts: true, Story: story})
				if err != nil && !errors.Is(err, brief.ErrDuplicate) {
					return fmt.Errorf("save article %d: %w", i, err)
				}
				added.Add(1)
				if d := done.Add(1); d%int64(every) == 0 {
					progress(int(d))
				}
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return int(added.Load()), err
	}
	return int(added.Load()), nil
}
