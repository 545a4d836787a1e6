package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"slices"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"briefbot/brief"
	"briefbot/config"
	"briefbot/feeds"
	"briefbot/store"
)

func cmdFeeds(ctx context.Context, app *App, args []string) error {
	sub := ""
	if len(args) > 0 {
		sub, args = args[0], args[1:]
	}
	switch sub {
	case "check":
		return feedsCheck(ctx, app, args)
	case "import":
		return feedsImport(ctx, app, args)
	case "export":
		return feedsExport(ctx, app, args)
	case "status":
		return feedsStatus(ctx, app, args)
	case "resume":
		return feedsResume(ctx, app, args)
	case "add":
		return feedsAdd(ctx, app, args)
	case "remove":
		return feedsRemove(ctx, app, args)
	case "list":
		return feedsList(ctx, app, args)
	}
	fmt.Fprint(app.Stderr, `Usage:
  briefbot feeds check [-config F] [-allow-private] URL_OR_FILE...
                                                        fetch or read each feed (8 at a time) and report what parses
  briefbot feeds add [-config F] [-db PATH] [-title T] [-folder F] [-allow-private] URL
                                                        add one feed
  briefbot feeds remove [-config F] [-db PATH] URL        remove a feed added with add or import
  briefbot feeds list [-config F] [-db PATH]              every feed, configured or added
  briefbot feeds import [-config F] [-db PATH] [-allow-private] FILE.opml
                                                        add the feeds of an OPML file
  briefbot feeds export [-config F] [-db PATH]            print every feed as OPML
  briefbot feeds status [-config F] [-db PATH]            every feed's health
  briefbot feeds resume [-config F] [-db PATH] URL        resume a paused feed
`)
	return errUsage
}

// checkConcurrency is how many feeds feeds check fetches at once (the
// fetcher's per-host limit still applies).
const checkConcurrency = 8

func feedsCheck(ctx context.Context, app *App, args []string) error {
	fs := flagSet(app, "feeds check", "[-config F] [-allow-private] URL_OR_FILE...")
	cfgPath := fs.String("config", "", "config file for the fetch settings: proxy, user agent, limits (default: $BRIEFBOT_CONFIG; none: built-in defaults)")
	allow := fs.Bool("allow-private", false, "allow feeds on loopback and private networks")
	timeout := fs.Duration("timeout", 30*time.Second, "per-feed deadline")
	targets, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(targets) == 0 {
		fs.Usage()
		return errUsage
	}
	cfg, err := loadConfig(app, configPath(app, *cfgPath), "")
	if err != nil {
		return err
	}
	opt := fetcherOptions(cfg, *allow || cfg.Polling.AllowPrivateNetworks)
	opt.Timeout = *timeout
	f := feeds.New(opt)

	// Up to checkConcurrency fetches run at once; results print in the
	// order given, each as soon as it and those before it are in.
	type outcome struct {
		res  *feeds.Result
		err  error
		done chan struct{}
	}
	outs := make([]outcome, len(targets))
	for i := range outs {
		outs[i].done = make(chan struct{})
	}
	progress := isTerminal(app.Stderr)
	var mu sync.Mutex // app.Stderr: the progress line
	finished := 0
	sem := make(chan struct{}, checkConcurrency)
	var wg sync.WaitGroup
	for i, t := range targets {
		wg.Go(func() {
			defer close(outs[i].done)
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				outs[i].err = ctx.Err()
				return
			}
			defer func() { <-sem }()
			outs[i].res, outs[i].err = f.Check(ctx, t)
			if progress {
				mu.Lock()
				finished++
				fmt.Fprintf(app.Stderr, "\r\033[K[%d/%d] checked", finished, len(targets))
				mu.Unlock()
			}
		})
	}
	ok, bad, items := 0, 0, 0
	for i, t := range targets {
		<-outs[i].done
		if progress {
			mu.Lock()
			fmt.Fprint(app.Stderr, "\r\033[K")
			mu.Unlock()
		}
		if err := outs[i].err; err != nil {
			bad++
			fmt.Fprintf(app.Stdout, "ERROR %s\n", oneLine(err.Error()))
			continue
		}
		ok++
		res := outs[i].res
		items += len(res.Articles)
		title := res.Title
		if title == "" {
			title = "(untitled)"
		}
		fmt.Fprintf(app.Stdout, "OK  %d items  %s  (%s)\n", len(res.Articles), oneLine(title), t)
	}
	wg.Wait()
	if progress {
		fmt.Fprint(app.Stderr, "\r\033[K")
	}
	fmt.Fprintf(app.Stdout, "checked %d feeds: %d OK, %d errors, %d items\n", ok+bad, ok, bad, items)
	if err := ctx.Err(); err != nil {
		return err
	}
	if ok == 0 {
		// A broken feed among good ones is a finding; nothing readable at
		// all is a failure a script should see.
		return fmt.Errorf("every feed failed (%d of %d)", bad, len(targets))
	}
	return nil
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func clipText(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

// storeFlags adds -config and -db and opens the store after parsing.
type storeFlags struct {
	cfgPath, db *string
}

func addStoreFlags(app *App, name, usage string) (*storeFlags, *flag.FlagSet) {
	fs := flagSet(app, name, usage)
	return &storeFlags{
		cfgPath: fs.String("config", "", "config file (default: $BRIEFBOT_CONFIG)"),
		db:      fs.String("db", "", "SQLite database file (default: $BRIEFBOT_DB or ./briefbot.db)"),
	}, fs
}

// open opens the store beside a running bot; readOnly commands refuse a
// database that does not exist.
func (sf *storeFlags) open(ctx context.Context, app *App, readOnly bool) (*config.Config, store.Store, error) {
	cfg, err := loadConfig(app, configPath(app, *sf.cfgPath), *sf.db)
	if err != nil {
		return nil, nil, err
	}
	st, err := openStoreBeside(ctx, cfg, newLogger(app.Stderr, config.Log{Level: "warn", Format: "text"}), readOnly)
	if err != nil {
		return nil, nil, err
	}
	return cfg, st, nil
}

func feedsImport(ctx context.Context, app *App, args []string) error {
	sf, fs := addStoreFlags(app, "feeds import", "[-config F] [-db PATH] [-skip-invalid] [-allow-private] FILE.opml")
	skip := fs.Bool("skip-invalid", false, "import the valid outlines even when others are invalid")
	allow := fs.Bool("allow-private", false, "allow feeds on loopback and private networks")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		fs.Usage()
		return errUsage
	}
	file, err := os.Open(pos[0])
	if err != nil {
		return err
	}
	defer file.Close()
	outlines, err := feeds.ReadOPML(file)
	if err != nil {
		if len(outlines) == 0 || !*skip {
			return fmt.Errorf("read %s (nothing imported; fix the file, or pass -skip-invalid to import the %d valid outlines):\n%w", pos[0], len(outlines), indent(err))
		}
		fmt.Fprintf(app.Stderr, "skipping invalid outlines in %s:\n%v\n", pos[0], indent(err))
	}
	cfg, st, err := sf.open(ctx, app, false)
	if err != nil {
		return err
	}
	defer st.Close()
	if outlines, err = vetOutlines(ctx, app, cfg, *allow, *skip, pos[0], outlines); err != nil {
		return err
	}
	added, present := 0, 0
	for _, o := range outlines {
		if slices.ContainsFunc(cfg.Feeds, func(f config.Feed) bool { return f.URL == o.URL }) {
			present++
			continue
		}
		err := st.AddFeed(ctx, store.FeedSpec{URL: o.URL, Title: o.Title, Category: o.Category, Added: time.Now().UTC()})
		switch {
		case errors.Is(err, brief.ErrDuplicate):
			present++
		case err != nil:
			return fmt.Errorf("add %s: %w", o.URL, err)
		default:
			added++
		}
	}
	fmt.Fprintf(app.Stdout, "imported %d feeds from %s (%d already present)\n", added, pos[0], present)
	return nil
}

func feedsExport(ctx context.Context, app *App, args []string) error {
	sf, fs := addStoreFlags(app, "feeds export", "[-config F] [-db PATH]")
	if err := noArgs(fs, args); err != nil {
		return err
	}
	cfg, st, err := sf.open(ctx, app, true)
	if err != nil {
		return err
	}
	defer st.Close()
	all, err := allFeeds(ctx, cfg, st)
	if err != nil {
		return err
	}
	out := make([]feeds.Outline, len(all))
	for i, f := range all {
		out[i] = feeds.Outline{URL: f.URL, Title: f.Title, Category: f.Category}
	}
	return feeds.WriteOPML(app.Stdout, "briefbot feeds", out)
}

func feedsStatus(ctx context.Context, app *App, args []string) error {
	sf, fs := addStoreFlags(app, "feeds status", "[-config F] [-db PATH]")
	if err := noArgs(fs, args); err != nil {
		return err
	}
	cfg, st, err := sf.open(ctx, app, true)
	if err != nil {
		return err
	}
	defer st.Close()
	list, err := configuredFeeds(ctx, cfg, st)
	if err != nil {
		return err
	}
	if len(list) == 0 {
		fmt.Fprintln(app.Stdout, "No feeds configured: `briefbot run` polls the built-in sample feeds. Add feeds to the config file or import an OPML file.")
		return nil
	}
	tw := tabwriter.NewWriter(app.Stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "FEED\tSTATE\tLAST SUCCESS\tFAILURES\tNEXT POLL\tLAST ERROR")
	when := func(t time.Time) string {
		if t.IsZero() {
			return "never"
		}
		return t.UTC().Format("2006-01-02 15:04 UTC")
	}
	for _, f := range list {
		s, err := st.FeedState(ctx, f.URL)
		if errors.Is(err, brief.ErrNotFound) {
			fmt.Fprintf(tw, "%s\tnever polled\t-\t0\tnext cycle\t\n", feeds.RedactURL(f.URL))
			continue
		}
		if err != nil {
			return err
		}
		state := "ok"
		switch {
		case s.Paused:
			state = "PAUSED"
		case s.Failures > 0:
			state = "failing"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\t%s\n", feeds.RedactURL(f.URL), state, when(s.LastSuccess), s.Failures, when(s.NextPoll), clipText(oneLine(s.LastError), 80))
	}
	return tw.Flush()
}

func feedsResume(ctx context.Context, app *App, args []string) error {
	sf, fs := addStoreFlags(app, "feeds resume", "[-config F] [-db PATH] URL")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		fs.Usage()
		return errUsage
	}
	_, st, err := sf.open(ctx, app, true)
	if err != nil {
		return err
	}
	defer st.Close()
	s, err := st.FeedState(ctx, pos[0])
	if errors.Is(err, brief.ErrNotFound) {
		return fmt.Errorf("%s has never been polled; check the URL against `briefbot feeds status`", pos[0])
	}
	if err != nil {
		return err
	}
	if !s.Paused {
		fmt.Fprintf(app.Stdout, "%s is not paused\n", pos[0])
		return nil
	}
	s.Paused, s.Failures, s.NextPoll = false, 0, time.Now().UTC()
	if err := st.SaveFeedState(ctx, s); err != nil {
		return err
	}
	fmt.Fprintf(app.Stdout, "resumed %s; it is polled in the next cycle\n", pos[0])
	return nil
}
