package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"briefbot/bot"
	"briefbot/brief"
	"briefbot/config"
	"briefbot/digest"
	"briefbot/store"
	"briefbot/topics"
)

// How `briefbot reload` reaches the running bot: it checks the config file
// as `config check` does and, when the file is valid, sends SIGHUP to the
// process named in the PID file that `briefbot run` writes. A signal needs
// no listening socket: only the bot's own user (or root) may send it, so
// nothing on the network can make the bot reload, with or without a
// password, and nothing new is exposed on BRIEFBOT_HTTP_ADDR (often a
// public port behind which a same-host proxy would make a loopback-only
// check worthless).

// pidFile is where `briefbot run` records its process ID:
// $BRIEFBOT_PID_FILE, else beside the SQLite database ("briefbot.db.pid"),
// else nowhere (PostgreSQL without BRIEFBOT_PID_FILE).
func pidFile(app *App, cfg *config.Config) string {
	if p := strings.TrimSpace(app.Getenv("BRIEFBOT_PID_FILE")); p != "" {
		return p
	}
	if cfg.Store.Driver == "postgres" || cfg.Store.Path == "" {
		return ""
	}
	return cfg.Store.Path + ".pid"
}

// writePIDFile records this process in path and returns a function that
// removes the file again, if it still names this process.
func writePIDFile(path string) (func(), error) {
	pid := strconv.Itoa(os.Getpid())
	if err := os.WriteFile(path, []byte(pid+"\n"), 0o644); err != nil {
		return nil, fmt.Errorf("write the PID file %s (set BRIEFBOT_PID_FILE to put it elsewhere): %w", path, err)
	}
	return func() {
		if b, err := os.ReadFile(path); err == nil && strings.TrimSpace(string(b)) == pid {
			_ = os.Remove(path)
		}
	}, nil
}

// reloader applies a changed config file to the running bot: topics,
// feeds and their intervals, and through onReload the digest and alert
// settings. It is safe for concurrent use.
type reloader struct {
	app     *App
	path    string // the config file ("" for built-in defaults)
	db      string // the -db flag, which the file does not override
	live    *topics.Live
	handler *bot.Handler
	cfg     atomic.Pointer[config.Config]
	log     *slog.Logger
	// onReload applies the rest of a valid new configuration, given the
	// topics it defines.
	onReload func(cfg *config.Config, topics []brief.Topic)
	mu       sync.Mutex
}

// checkConfig reads the config file as `config check` does and returns
// the same report when it is invalid.
func checkConfig(app *App, path, db string) (*config.Config, error) {
	cfg, err := config.Check(path, app.Getenv)
	if err != nil {
		return nil, fmt.Errorf("invalid configuration:\n%w", indent(err))
	}
	if db != "" {
		cfg.Store.Path, cfg.Store.Driver = db, "sqlite"
	}
	return cfg, nil
}

// Reload reads the config file again and applies it. An invalid file is
// refused with the report `config check` gives, and the running
// configuration stays.
func (r *reloader) Reload() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	cfg, err := checkConfig(r.app, r.path, r.db)
	if err != nil {
		return err
	}
	if err := r.live.SetBase(cfg.TopicDefinitions()); err != nil {
		return fmt.Errorf("invalid configuration:\n%w", indent(err))
	}
	r.handler.SetTopics(r.live.Topics())
	if r.onReload != nil {
		r.onReload(cfg, r.live.Topics())
	}
	old := r.cfg.Swap(cfg)
	var ids []string
	for _, t := range r.live.Topics() {
		ids = append(ids, t.ID)
	}
	r.log.Info("configuration reloaded", "file", r.path, "topics", strings.Join(ids, ","), "feeds", len(cfg.Feeds))
	if later := restartOnly(old, cfg); len(later) > 0 {
		r.log.Warn("configuration reloaded, but these settings take effect only at the next start", "settings", strings.Join(later, ", "))
	}
	return nil
}

// restartOnly names the changed settings that a reload does not apply.
func restartOnly(old, cfg *config.Config) []string {
	var out []string
	diff := func(name string, a, b any) {
		if fmt.Sprint(a) != fmt.Sprint(b) {
			out = append(out, name)
		}
	}
	diff("polling", old.Polling, cfg.Polling)
	diff("alerts.backfill", old.Alerts.Backfill, cfg.Alerts.Backfill)
	diff("summary", old.Summary, cfg.Summary)
	diff("http", old.HTTP, cfg.HTTP)
	diff("console", old.Console, cfg.Console)
	diff("admin_channel", old.AdminChannel, cfg.AdminChannel)
	diff("retention", old.Retention, cfg.Retention)
	diff("log", old.Log, cfg.Log)
	return out
}

// runSIGHUP reloads the configuration on every SIGHUP until ctx ends.
func (r *reloader) runSIGHUP(ctx context.Context) error {
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-hup:
			if err := r.Reload(); err != nil {
				r.log.Error("configuration reload refused; the running configuration stays", "error", err)
			}
		}
	}
}

// channelTopicSync keeps the matcher's channel topics equal to the
// store's: at once when this process changed them (/watch, /unwatch), and
// every interval for changes another replica made.
type channelTopicSync struct {
	store interface {
		AllChannelTopics(ctx context.Context) ([]store.ChannelTopic, error)
	}
	live *topics.Live
	log  *slog.Logger
	mu   sync.Mutex
	last string // what was compiled, to skip recompiling the same
}

// Sync reads every channel's topics and compiles them.
func (s *channelTopicSync) Sync(ctx context.Context) error {
	all, err := s.store.AllChannelTopics(ctx)
	if err != nil {
		return fmt.Errorf("read channel topics: %w", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var key bytes.Buffer
	var defs []topics.Definition
	for _, ct := range all {
		// A topic stored under older rules is checked again: one that no
		// longer compiles is left out, not allowed to stop the others.
		if err := topics.Validate([]topics.Definition{{ID: ct.ID, Title: ct.ID, Query: ct.Query}}); err != nil {
			s.log.Warn("channel topic left out", "channel", ct.Channel.String(), "topic", ct.ID, "error", err)
			continue
		}
		defs = append(defs, bot.ChannelTopicDefinition(ct))
		fmt.Fprintf(&key, "%s\x00%s\x00%s\x00", ct.Channel, ct.ID, ct.Query)
	}
	if key.String() == s.last {
		return nil
	}
	if err := s.live.SetExtra(defs); err != nil {
		return fmt.Errorf("compile channel topics: %w", err)
	}
	s.last = key.String()
	s.log.Info("channel topics compiled", "count", len(defs))
	return nil
}

// Run syncs every interval until ctx ends.
func (s *channelTopicSync) Run(ctx context.Context, interval time.Duration) error {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
			if err := s.Sync(ctx); err != nil && ctx.Err() == nil {
				s.log.Warn("sync channel topics", "error", err)
			}
		}
	}
}

func cmdReload(ctx context.Context, app *App, args []string) error {
	fs := flagSet(app, "reload", "[-config F] [-db PATH]")
	cfgPath := fs.String("config", "", "config file (default: $BRIEFBOT_CONFIG; none: built-in defaults)")
	db := fs.String("db", "", "SQLite database file, to find the PID file beside it (default: $BRIEFBOT_DB or ./briefbot.db)")
	if err := noArgs(fs, args); err != nil {
		return err
	}
	// The running bot would refuse an invalid file; say so here, with the
	// report, and leave it alone.
	cfg, err := checkConfig(app, configPath(app, *cfgPath), *db)
	if err != nil {
		return err
	}
	path := pidFile(app, cfg)
	if path == "" {
		return errors.New("no PID file to find the running bot by: set BRIEFBOT_PID_FILE for both `briefbot run` and `briefbot reload`, or send the bot SIGHUP yourself")
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("read the PID file %s (is briefbot running with this -db or BRIEFBOT_PID_FILE?): %w", path, err)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil || pid <= 0 {
		return fmt.Errorf("the PID file %s does not hold a process ID; remove it and restart briefbot", path)
	}
	if name, ok := processName(pid); ok && !strings.Contains(name, "briefbot") && name != ownName() {
		return fmt.Errorf("process %d of the PID file %s is %q, not briefbot: the file is stale; remove it", pid, path, name)
	}
	p, err := os.FindProcess(pid)
	if err == nil {
		err = p.Signal(syscall.SIGHUP)
	}
	if err != nil {
		return fmt.Errorf("signal briefbot (process %d of %s): %w", pid, path, err)
	}
	src := cfg.File
	if src == "" {
		src = "built-in defaults"
	}
	fmt.Fprintf(app.Stdout, "briefbot reload: %s is valid; sent SIGHUP to process %d, which reloads it now (its log says \"configuration reloaded\")\n", src, pid)
	return nil
}

// ownName is the executable name of this process.
func ownName() string {
	exe, err := os.Executable()
	if err != nil {
		return ""
	}
	return filepath.Base(exe)
}

// processName is the executable name of a process where the system tells
// it (Linux /proc), so a stale PID file does not make reload signal a
// stranger.
func processName(pid int) (string, bool) {
	exe, err := os.Readlink(filepath.Join("/proc", strconv.Itoa(pid), "exe"))
	if err != nil {
		return "", false
	}
	return filepath.Base(exe), true
}

// restarter holds the current instance of a component that a reload
// replaces (the digest scheduler, the alerter), and runs it: when a new
// one takes its place, the old one's Run is stopped and the new one's
// started, under the same context.
type restarter[T interface{ Run(context.Context) error }] struct {
	mu      sync.Mutex
	cur     T
	swapped chan struct{}
}

func newRestarter[T interface{ Run(context.Context) error }](first T) *restarter[T] {
	return &restarter[T]{cur: first, swapped: make(chan struct{}, 1)}
}

// Load returns the current instance.
func (r *restarter[T]) Load() T {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.cur
}

// Swap makes next the current instance and restarts Run on it.
func (r *restarter[T]) Swap(next T) {
	r.mu.Lock()
	r.cur = next
	r.mu.Unlock()
	select {
	case r.swapped <- struct{}{}:
	default: // a restart is already due
	}
}

// Run runs the current instance until ctx ends, moving to each new one.
func (r *restarter[T]) Run(ctx context.Context) error {
	for {
		cur := r.Load()
		rctx, cancel := context.WithCancel(ctx)
		done := make(chan error, 1)
		var wg sync.WaitGroup
		wg.Go(func() { done <- cur.Run(rctx) })
		var err error
		swapped := false
		select {
		case err = <-done:
		case <-ctx.Done():
			cancel()
			err = <-done
		case <-r.swapped:
			cancel()
			err, swapped = <-done, true
		}
		cancel()
		wg.Wait()
		if !swapped || err != nil || ctx.Err() != nil {
			return err
		}
	}
}

// digestSwitch is the bot.Digests of the current digest scheduler.
type digestSwitch struct {
	*restarter[*digest.Scheduler]
}

func (d digestSwitch) Now(ctx context.Context, ch brief.ChannelRef) (brief.Digest, error) {
	return d.Load().Now(ctx, ch)
}

func (d digestSwitch) Reschedule(ctx context.Context, ch brief.ChannelRef) error {
	return d.Load().Reschedule(ctx, ch)
}
