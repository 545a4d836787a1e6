package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"briefbot/config"
	"briefbot/feeds"
	"briefbot/internal/demo"
	"briefbot/store"
	"briefbot/store/postgres"
	"briefbot/store/sqlite"
	"briefbot/topics"
)

// loadConfig reads and validates the configuration, applying -db. Every
// problem is reported at once.
func loadConfig(app *App, path, db string) (*config.Config, error) {
	cfg, err := config.Load(path, app.Getenv)
	if err != nil {
		if _, ok := errors.AsType[*config.Problem](err); ok {
			// Unknown keys or wrong types: report them with every other
			// problem at once, as config check does, not one by one.
			if _, all := config.Check(path, app.Getenv); all != nil {
				err = all
			}
			return nil, fmt.Errorf("invalid configuration:\n%w", indent(err))
		}
		return nil, err
	}
	if db != "" {
		cfg.Store.Path = db
		cfg.Store.Driver = "sqlite"
	}
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("invalid configuration:\n%w", indent(err))
	}
	return cfg, nil
}

// indent puts each line of a joined error on its own indented line.
func indent(err error) error {
	lines := strings.Split(err.Error(), "\n")
	for i, l := range lines {
		lines[i] = "  - " + l
	}
	return fmt.Errorf("%s", strings.Join(lines, "\n"))
}

// newLogger builds the root logger: text on a terminal, JSON otherwise,
// unless the config says which.
func newLogger(w io.Writer, cfg config.Log) *slog.Logger {
	var level slog.Level
	_ = level.UnmarshalText([]byte(cfg.Level))
	opts := &slog.HandlerOptions{Level: level}
	format := cfg.Format
	if format == "auto" {
		format = "json"
		if isTerminal(w) {
			format = "text"
		}
	}
	if format == "text" {
		return slog.New(slog.NewTextHandler(w, opts))
	}
	return slog.New(slog.NewJSONHandler(w, opts))
}

func isTerminal(v any) bool {
	f, ok := v.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// openStore opens the configured backend for `run`.
func openStore(ctx context.Context, cfg *config.Config, log *slog.Logger) (store.Store, error) {
	return openStoreWith(ctx, cfg, log, false, false)
}

// openRunStore opens the store `run` works on, and says whether the run is
// the offline demo: no feeds configured or imported, and no chat platform.
// The demo keeps its data in a SQLite file of its own beside the
// configured one (demo.DatabasePath), so its invented stories never reach
// the real database; a missing SQLite database is not created just to
// find it holds no feeds. With a chat platform and no feeds, run refuses
// to start, unless polling.allow_no_feeds says to run with none: the
// demo's stories must never reach a real channel.
func openRunStore(ctx context.Context, cfg *config.Config, log *slog.Logger) (st store.Store, demoMode bool, err error) {
	if len(cfg.Feeds) > 0 {
		st, err := openStore(ctx, cfg, log)
		return st, false, err
	}
	if cfg.Store.Driver == "postgres" || fileExists(cfg.Store.Path) {
		if st, err = openStore(ctx, cfg, log); err != nil {
			return nil, false, err
		}
		imported, err := st.Feeds(ctx)
		if err != nil {
			st.Close()
			return nil, false, fmt.Errorf("list imported feeds: %w", err)
		}
		if len(imported) > 0 {
			return st, false, nil
		}
	}
	platforms := cfg.ChatPlatforms()
	if cfg.Polling.AllowNoFeeds {
		log.Warn("no feeds configured or imported; running without any (polling.allow_no_feeds): import some with `briefbot feeds import`")
		if st == nil {
			st, err = openStore(ctx, cfg, log)
		}
		return st, false, err
	}
	if st != nil {
		if err := st.Close(); err != nil {
			return nil, false, err
		}
	}
	if len(platforms) > 0 {
		where := "a config file given with -config or BRIEFBOT_CONFIG, as in briefbot.example.yaml"
		if cfg.File != "" {
			where = cfg.File
		}
		return nil, false, fmt.Errorf("no feeds to poll, and %s is configured: the offline demo's invented stories must not reach a real chat, so the bot does not start. "+
			"Add feeds under feeds: in %s (check each with `briefbot feeds check URL`), or import an OPML file with `briefbot feeds import FILE.opml`. "+
			"To run with no feeds until you import some, set polling.allow_no_feeds: true", strings.Join(platforms, " and "), where)
	}
	path := demo.DatabasePath(cfg.Store.Path)
	st, err = sqlite.Open(ctx, path, sqlite.Options{Logger: log})
	if err != nil {
		return nil, false, fmt.Errorf("open the demo's database: %w", err)
	}
	log.Info("offline demo: its data goes to a database of its own", "path", path)
	return st, true, nil
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// openStoreBeside opens the store for a one-shot command that may run
// beside the bot: it leaves the bot's lock and outbox leases alone. A
// command that only reads refuses a database that does not exist yet
// (mustExist), so a mistyped -db is reported rather than created.
func openStoreBeside(ctx context.Context, cfg *config.Config, log *slog.Logger, mustExist bool) (store.Store, error) {
	return openStoreWith(ctx, cfg, log, true, mustExist)
}

func openStoreWith(ctx context.Context, cfg *config.Config, log *slog.Logger, beside, mustExist bool) (store.Store, error) {
	switch cfg.Store.Driver {
	case "postgres":
		st, err := postgres.Open(ctx, cfg.Store.DatabaseURL.Value(), postgres.Options{Logger: log,
			MaxConns: int32(cfg.Store.MaxConns), StatementTimeout: cfg.Store.StatementTimeout.D(), LeadRetry: cfg.Store.LeadRetry.D()})
		if err != nil {
			return nil, fmt.Errorf("open PostgreSQL store (BRIEFBOT_DATABASE_URL): %w", err)
		}
		return st, nil
	default:
		st, err := sqlite.Open(ctx, cfg.Store.Path, sqlite.Options{Logger: log, KeepLeases: beside, MustExist: mustExist})
		if err != nil {
			return nil, err
		}
		return st, nil
	}
}

// newMatcher compiles the topics in force.
func newMatcher(cfg *config.Config) (*topics.Matcher, error) {
	m, err := topics.Compile(cfg.TopicDefinitions())
	if err != nil {
		return nil, fmt.Errorf("compile topics: %w", err)
	}
	return m, nil
}

// fetcherOptions translates the polling settings.
func fetcherOptions(cfg *config.Config, allowPrivate bool) feeds.Options {
	p := cfg.Polling
	ua := p.UserAgent
	if ua == "" {
		ua = "briefbot/" + version + " (news briefing bot; feed reader)"
	}
	return feeds.Options{
		UserAgent:            ua,
		Timeout:              p.Timeout.D(),
		MaxBodyBytes:         int64(p.MaxBody),
		AllowPrivateNetworks: p.AllowPrivateNetworks || allowPrivate,
		MaxConcurrent:        p.MaxConcurrent,
		PerHost:              p.PerHost,
		Proxy:                p.ProxyURL(),
	}
}

// pollPolicy translates the scheduling settings.
func pollPolicy(cfg *config.Config) feeds.Policy {
	p := cfg.Polling
	return feeds.Policy{Interval: p.Interval.D(), MinInterval: p.MinInterval.D(), MaxInterval: p.MaxInterval.D(),
		MaxBackoff: p.MaxBackoff.D(), Jitter: p.Jitter}
}
