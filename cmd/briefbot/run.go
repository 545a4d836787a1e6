package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sync/atomic"
	"time"

	"golang.org/x/sync/errgroup"

	"briefbot/bot"
	"briefbot/bot/console"
	"briefbot/brief"
	"briefbot/config"
	"briefbot/digest"
	"briefbot/feeds"
	"briefbot/ingest"
	"briefbot/internal/demo"
	"briefbot/store"
	"briefbot/summarize"
	"briefbot/topics"
)

// Runtime is the running bot's components, for tests and the Ready hook.
type Runtime struct {
	Config  *config.Config
	Store   store.Store
	Matcher *topics.Live
	// Reload applies a changed config file, as SIGHUP does.
	Reload     func() error
	Poller     *ingest.Poller
	Alerter    *ingest.Alerter
	Digests    *digest.Scheduler
	Dispatcher *bot.Dispatcher
	Handler    *bot.Handler
	// Demo is the sample-feed server in offline demo mode, else nil.
	Demo *demo.Server
	// HTTPAddr is the address the HTTP server listens on, if it runs.
	HTTPAddr string
}

func cmdRun(ctx context.Context, app *App, args []string) error {
	fs := flagSet(app, "run", "[-config F] [-db PATH]")
	cfgPath := fs.String("config", "", "config file (default: $BRIEFBOT_CONFIG; none: built-in defaults)")
	db := fs.String("db", "", "SQLite database file (default: $BRIEFBOT_DB or ./briefbot.db)")
	if err := noArgs(fs, args); err != nil {
		return err
	}
	cfg, err := loadConfig(app, configPath(app, *cfgPath), *db)
	if err != nil {
		return err
	}
	log := newLogger(app.Stderr, cfg.Log)
	return run(ctx, app, cfg, log)
}

// run starts every component and shuts them down in stages when ctx ends:
// intake first (chat adapters, the HTTP server, poller, alerts, digests),
// then delivery, which drains what intake accepted, then the store.
func run(ctx context.Context, app *App, cfg *config.Config, log *slog.Logger) error {
	st, demoMode, err := openRunStore(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer func() {
		if err := st.Close(); err != nil {
			log.Error("close store", "error", err)
		}
	}()
	// One matcher for the configured topics and the channels' own, which
	// a reload and /watch replace while it runs.
	matcher, err := topics.NewLive(cfg.TopicDefinitions())
	if err != nil {
		return err
	}
	rel := &reloader{app: app, path: cfg.File, live: matcher, log: log}
	fileCfg := *cfg // as read, before the demo shortens its polling: a reload compares with it
	rel.cfg.Store(&fileCfg)
	chanTopics := &channelTopicSync{store: st, live: matcher, log: log}
	if err := chanTopics.Sync(ctx); err != nil {
		return err
	}
	rt := &Runtime{Config: cfg, Store: st, Matcher: matcher, Reload: rel.Reload}
	topicList := matcher.Topics()

	// Feeds: the configured ones plus those imported at run time; in the
	// offline demo, the built-in sample feeds.
	alertWindow := cfg.Alerts.BatchWindow.D()
	updateInterval := cfg.Alerts.UpdateInterval.D()
	if demoMode {
		srv, err := demo.Start(ctx, time.Now())
		if err != nil {
			return fmt.Errorf("start the demo feed server: %w", err)
		}
		defer srv.Close()
		rt.Demo = srv
		if cfg.File == "" {
			// The demo's late stories appear minutes after start; nobody
			// wants to wait a quarter of an hour, then two more minutes,
			// to see them alert.
			alertWindow = 5 * time.Second
			updateInterval = time.Minute
			cfg.Polling.Interval, cfg.Polling.MinInterval = config.Duration(time.Minute), config.Duration(30*time.Second)
		}
		log.Info("no feeds configured: offline demo on the built-in sample feeds", "count", len(srv.URLs()))
	}
	fetcher := feeds.New(fetcherOptions(cfg, demoMode))
	feedList := func(ctx context.Context) ([]ingest.Feed, error) {
		if rt.Demo != nil {
			var out []ingest.Feed
			for i, u := range rt.Demo.URLs() {
				out = append(out, ingest.Feed{URL: u, Title: demo.Feeds()[i].Title})
			}
			return out, nil
		}
		return configuredFeeds(ctx, rel.cfg.Load(), st)
	}

	mets := newMetrics(st, log)
	dispatcher := bot.NewDispatcher(st, bot.DispatcherOptions{Logger: log, Observer: mets, SummaryChars: cfg.Summary.MaxChars})
	rt.Dispatcher = dispatcher
	// A reload replaces the digest scheduler and the alerter with ones
	// built from the new config and topics.
	newDigests := func(cfg *config.Config, topicList []brief.Topic) *digest.Scheduler {
		return digest.New(st, dispatcher, digest.Options{
			Topics: topicList, Time: cfg.Digest.Time, Zone: cfg.Digest.Zone,
			StoriesPerTopic: cfg.Digest.StoriesPerTopic, OmitEmpty: cfg.Digest.EmptyTopics == "omit", Logger: log,
			SummaryChars: cfg.Summary.MaxChars, Focus: matcher.Focus,
		})
	}
	digests := newRestarter(newDigests(cfg, topicList))
	rt.Digests = digests.Load()
	rt.Handler = bot.NewHandler(st, topicList, digestSwitch{digests}, bot.Options{DigestTime: cfg.Digest.Time, DigestZone: cfg.Digest.Zone, SummaryChars: cfg.Summary.MaxChars, Logger: log, Focus: matcher.Focus,
		TopicsChanged: chanTopics.Sync})
	rel.handler = rt.Handler
	core := &bot.Bot{Handler: rt.Handler, Dispatcher: dispatcher}

	var admin *brief.ChannelRef
	if cfg.AdminChannel != "" {
		ch, _ := brief.ParseChannelRef(cfg.AdminChannel) // validated
		admin = &ch
	}
	rt.Poller = ingest.New(fetcher, matcher, st, dispatcher, ingest.Options{
		Feeds: feedList, Policy: pollPolicy(cfg), PauseAfter: cfg.Polling.PauseAfter,
		FullTextBelow: cfg.Polling.FullTextBelow, MaxAge: cfg.Polling.MaxAge.D(),
		AlertBackfill: cfg.Alerts.Backfill,
		Summary:       summarize.Options{N: cfg.Summary.Sentences, MaxChars: cfg.Summary.MaxChars},
		Admin:         admin, Logger: log,
		Concurrency: cfg.Polling.MaxConcurrent, Observer: mets,
		Lease: cfg.Store.FeedLease.D(),
	})
	rt.Alerter = ingest.NewAlerter(st, dispatcher, topicList, ingest.AlerterOptions{
		Window: alertWindow, MaxStories: cfg.Alerts.MaxStories, Logger: log,
		UpdateInterval: updateInterval,
	})
	alerts := newRestarter(rt.Alerter)
	rel.onReload = func(cfg *config.Config, topicList []brief.Topic) {
		window, interval := cfg.Alerts.BatchWindow.D(), cfg.Alerts.UpdateInterval.D()
		if demoMode && cfg.File == "" {
			window, interval = alertWindow, updateInterval
		}
		alerts.Swap(ingest.NewAlerter(st, dispatcher, topicList, ingest.AlerterOptions{Window: window, MaxStories: cfg.Alerts.MaxStories, Logger: log,
			UpdateInterval: interval}))
		digests.Swap(newDigests(cfg, topicList))
		rt.Handler.SetDigestDefault(cfg.Digest.Time, cfg.Digest.Zone)
	}

	// Shutdown goes in stages. Intake (chat adapters, the HTTP server, the
	// poller, alerts, digests) runs in g and stops first; delivery, which
	// outlives it, then drains what intake accepted; the store closes
	// last. A failure of either stops both.
	ictx, stopIntake := context.WithCancelCause(ctx)
	defer stopIntake(nil)
	g, gctx := errgroup.WithContext(ictx)
	dctx, stopDelivery := context.WithCancel(context.WithoutCancel(ctx))
	defer stopDelivery()
	var delivery errgroup.Group
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintln(w, "ok")
	})
	ready := newReadiness(cfg, st, dispatcher, rt.Poller)
	var leading atomic.Bool // this replica leads: alert batching, digests, Telegram long polling
	ready.leads = leading.Load
	opsRoutes(mux, mets, ready)

	// Chat platforms. The console runs when asked, or when nothing else would.
	platforms := 0
	var leaderOnly []func(context.Context) error // run only on the replica that leads
	platforms += startSlack(gctx, g, cfg, log, core, st, dispatcher, mux)
	platforms += startTelegram(gctx, g, cfg, log, core, st, dispatcher, mux, &leaderOnly)
	consoleOn := cfg.Console.Enabled == "on" || (cfg.Console.Enabled == "auto" && (platforms == 0 || isTerminal(app.Stdin)))
	if platforms == 0 && !consoleOn {
		log.Warn("no chat platform and no console: polling feeds only; read briefings with `briefbot brief TOPIC`, or set a Slack or Telegram token")
	}
	var con *console.Console
	if consoleOn {
		con = console.New(app.Stdin, app.Stdout)
		dispatcher.Register(brief.PlatformConsole, con)
		if err := seedConsole(ctx, st, cfg, topicList); err != nil {
			return err
		}
	}

	// Reload on SIGHUP (sent by `briefbot reload`), and pick up channel
	// topics other replicas' chats defined.
	if path := pidFile(app, cfg); path != "" {
		removePID, err := writePIDFile(path)
		if err != nil {
			return err
		}
		defer removePID()
	}
	g.Go(func() error { return rel.runSIGHUP(gctx) })
	g.Go(func() error { return chanTopics.Run(gctx, 30*time.Second) })

	if cfg.HTTP.Addr != "" {
		addr, err := startHTTP(gctx, g, cfg.HTTP.Addr, mux, defaultHTTPLimits(), log)
		if err != nil {
			return err
		}
		rt.HTTPAddr = addr
	}

	// Delivery and polling run on every replica (feeds are claimed by
	// lease, so replicas poll disjoint feeds); alert batching, digests and
	// retention only on the one that leads, for as long as it leads.
	delivery.Go(func() error {
		if err := dispatcher.Run(dctx); err != nil {
			stopIntake(err)
			return err
		}
		return nil
	})
	g.Go(func() error { return rt.Poller.Run(gctx) })
	g.Go(func() error {
		return lead(gctx, st, log, &leading, append([]func(context.Context) error{
			alerts.Run, digests.Run,
			func(ctx context.Context) error { return ingest.RunRetention(ctx, st, cfg.Retention.D(), log) },
		}, leaderOnly...))
	})
	if con != nil {
		g.Go(func() error {
			welcome(con, rt, topicList)
			err := con.Run(gctx, core)
			if platforms == 0 && gctx.Err() == nil {
				// Ctrl-D on the only chat there is: shut down cleanly.
				log.Info("console input ended; shutting down")
				return errStop
			}
			return err
		})
	}
	if app.Ready != nil {
		app.Ready(rt)
	}
	err = g.Wait()
	log.Info("intake stopped; delivering what it accepted")
	stopDelivery()
	if derr := delivery.Wait(); err == nil || errors.Is(err, errStop) {
		err = derr
	}
	log.Info("briefbot stopped")
	return err
}

// lead runs the leader's work for as long as this replica leads, and when
// the lead is lost (the PostgreSQL connection holding the lock broke)
// stops it and waits for the lead again, until ctx ends. leading is true
// while the work runs.
func lead(ctx context.Context, st interface {
	store.Leadership
	store.FeedRegistry // to tell a component's failure from the database's
}, log *slog.Logger, leading *atomic.Bool, work []func(context.Context) error) error {
	for {
		lctx, release, err := st.Lead(ctx)
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return fmt.Errorf("take the lead: %w", err)
		}
		leading.Store(true)
		lg, wctx := errgroup.WithContext(lctx)
		for _, f := range work {
			lg.Go(func() error { return f(wctx) })
		}
		err = lg.Wait()
		leading.Store(false)
		release()
		switch {
		case ctx.Err() != nil:
			return nil
		case lctx.Err() == nil && storeAnswers(ctx, st):
			return err // a component failed
		case lctx.Err() == nil:
			// The component failed because the database is away (a
			// digest scheduler reads its schedules when it starts): the
			// replica stays, and leads again when the database is back.
			log.Error("the leader's work stopped: the database does not answer; trying for the lead again", "error", err)
			select {
			case <-ctx.Done():
				return nil
			case <-time.After(leadPause):
			}
			continue
		}
		// A component may fail because the lead ended under it; the lead
		// ending is what matters.
		log.Warn("lost the lead: alert batching, digests and retention stop here until this replica leads again", "error", context.Cause(lctx))
	}
}

// leadPause is how long a replica whose leader's work stopped for want of
// the database waits before it tries for the lead again.
const leadPause = 5 * time.Second

// storeAnswers reports whether the store answers a trivial read, as the
// readiness check asks it.
func storeAnswers(ctx context.Context, st store.FeedRegistry) bool {
	ctx, cancel := context.WithTimeout(ctx, readyStoreTimeout)
	defer cancel()
	_, err := st.FeedState(ctx, "")
	return err == nil || errors.Is(err, brief.ErrNotFound)
}

// errStop ends the errgroup without being a failure.
var errStop = errors.New("stop")

// feedEntry is one feed the bot polls: listed in the config file, or added
// at run time (feeds add, OPML import).
type feedEntry struct {
	store.FeedSpec
	FromConfig bool
}

// allFeeds is the config file's feeds followed by those added at run time;
// a URL in both is the config's.
func allFeeds(ctx context.Context, cfg *config.Config, st store.FeedRegistry) ([]feedEntry, error) {
	added, err := st.Feeds(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]feedEntry, 0, len(cfg.Feeds)+len(added))
	inConfig := make(map[string]bool, len(cfg.Feeds))
	for _, f := range cfg.Feeds {
		inConfig[f.URL] = true
		out = append(out, feedEntry{FromConfig: true, FeedSpec: store.FeedSpec{
			URL: f.URL, Title: f.Title, Category: f.Category, FullText: f.FullText, Interval: f.Interval.D(),
		}})
	}
	for _, f := range added {
		if !inConfig[f.URL] {
			out = append(out, feedEntry{FeedSpec: f})
		}
	}
	return out, nil
}

// configuredFeeds is allFeeds as the poller takes them.
func configuredFeeds(ctx context.Context, cfg *config.Config, st store.FeedRegistry) ([]ingest.Feed, error) {
	all, err := allFeeds(ctx, cfg, st)
	if err != nil {
		return nil, err
	}
	out := make([]ingest.Feed, len(all))
	for i, f := range all {
		out[i] = ingest.Feed{URL: f.URL, Title: f.Title, Interval: f.Interval, FullText: f.FullText}
	}
	return out, nil
}

// seedConsole subscribes the console to its topics on its first start, so
// the demo prints alerts. A console that has been set up is left alone:
// its digest schedule row marks that.
func seedConsole(ctx context.Context, st store.Store, cfg *config.Config, all []brief.Topic) error {
	ch := console.Channel
	if _, err := st.DigestSchedule(ctx, ch); err == nil {
		return nil
	} else if !errors.Is(err, brief.ErrNotFound) {
		return fmt.Errorf("read console schedule: %w", err)
	}
	ids := cfg.Console.Subscribe
	if len(ids) == 0 {
		for _, t := range all {
			ids = append(ids, t.ID)
		}
	}
	now := time.Now().UTC()
	for _, id := range ids {
		err := st.Subscribe(ctx, brief.Subscription{Channel: ch, TopicID: brief.NormalizeTopicID(id), Mode: brief.ModeAlerts, Created: now})
		if err != nil && !errors.Is(err, brief.ErrAlreadySubscribed) {
			return fmt.Errorf("subscribe the console to %s: %w", id, err)
		}
	}
	return st.SetDigestSchedule(ctx, brief.DigestSchedule{Channel: ch, Time: cfg.Digest.Time, Zone: cfg.Digest.Zone})
}

func welcome(con *console.Console, rt *Runtime, all []brief.Topic) {
	var ids []string
	for _, t := range all {
		ids = append(ids, t.ID)
	}
	con.Printf("briefbot %s — console chat.", version)
	if rt.Demo != nil {
		con.Printf(" Offline demo: polling %d built-in sample feeds; more stories arrive over the next minutes.", len(rt.Demo.URLs()))
	}
	con.Printf("\nTopics: %v. Try /brief iran-russia, /brief jcpoa 7d, /topics, /help. Ctrl-D quits.\n", ids)
}
