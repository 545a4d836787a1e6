package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"briefbot/config"
	"briefbot/feeds"
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
		st, err := postgres.Open(ctx, cfg.Store.DatabaseURL.Value(), postgres.Options{Logger: log})
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
	}
}

// pollPolicy translates the scheduling settings.
func pollPolicy(cfg *config.Config) feeds.Policy {
	p := cfg.Polling
	return feeds.Policy{Interval: p.Interval.D(), MinInterval: p.MinInterval.D(), MaxInterval: p.MaxInterval.D(),
		MaxBackoff: p.MaxBackoff.D(), Jitter: p.Jitter}
}
