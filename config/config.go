package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"slices"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"briefbot/feeds"
	"briefbot/topics"
)

// Config is everything briefbot can be told. Fields tagged yaml:"-" come
// only from the environment or flags.
type Config struct {
	// Feeds are the feeds to poll. With none (and none imported), `run`
	// polls the built-in sample feeds, the offline demo, when no chat
	// platform is configured; with one, it refuses to start unless
	// Polling.AllowNoFeeds says to run with no feeds.
	Feeds   []Feed  `yaml:"feeds"`
	Polling Polling `yaml:"polling"`
	// DefaultTopics keeps the built-in topics (jcpoa, sco, iran-russia)
	// next to Topics; a topic in Topics with a built-in ID replaces it.
	DefaultTopics bool                `yaml:"default_topics"`
	Topics        []topics.Definition `yaml:"topics"`
	Summary       Summary             `yaml:"summary"`
	Alerts        Alerts              `yaml:"alerts"`
	Digest        Digest              `yaml:"digest"`
	Store         Store               `yaml:"store"`
	// Retention is how long articles and sent messages are kept.
	Retention Duration `yaml:"retention"`
	// AdminChannel receives operator notices (a feed paused), as
	// "platform:id", e.g. "slack:C0123ABCD" or "telegram:-1001234".
	AdminChannel string   `yaml:"admin_channel"`
	Console      Console  `yaml:"console"`
	Slack        Slack    `yaml:"slack"`
	Telegram     Telegram `yaml:"telegram"`
	HTTP         HTTP     `yaml:"http"`
	Log          Log      `yaml:"log"`

	// File is the config file read, empty when none.
	File string `yaml:"-"`

	// src is the parsed file, so that Validate can say where a setting is.
	src *source
}

// Feed is one feed to poll.
type Feed struct {
	URL      string `yaml:"url"`
	Title    string `yaml:"title,omitempty"`
	Category string `yaml:"category,omitempty"`
	// Interval overrides polling.interval for this feed.
	Interval Duration `yaml:"interval,omitempty"`
	// FullText fetches each article's page for its full text.
	FullText bool `yaml:"full_text,omitempty"`
}

// Polling is how feeds are fetched and scheduled.
type Polling struct {
	Interval    Duration `yaml:"interval"`     // default time between polls of a feed
	MinInterval Duration `yaml:"min_interval"` // floor for publisher hints (ttl, max-age, Retry-After)
	MaxInterval Duration `yaml:"max_interval"` // ceiling for publisher hints
	MaxBackoff  Duration `yaml:"max_backoff"`  // ceiling for the wait after failures
	Jitter      float64  `yaml:"jitter"`       // fraction of the interval added at random, 0..0.5
	// PauseAfter pauses a feed after that many consecutive failures.
	PauseAfter    int      `yaml:"pause_after"`
	Timeout       Duration `yaml:"timeout"`        // whole request, body included
	MaxBody       ByteSize `yaml:"max_body"`       // after decompression
	MaxConcurrent int      `yaml:"max_concurrent"` // fetches in flight
	PerHost       int      `yaml:"per_host"`       // fetches in flight per host
	// AllowPrivateNetworks lets feeds resolve to loopback and private
	// addresses. Off by default: a pasted URL must not reach into the
	// operator's network.
	AllowPrivateNetworks bool `yaml:"allow_private_networks"`
	// FullTextBelow fetches the article page when the feed's text is
	// shorter than this many characters (0 turns it off).
	FullTextBelow int `yaml:"full_text_below"`
	// MaxAge ignores items published longer ago than this when first seen.
	MaxAge    Duration `yaml:"max_age"`
	UserAgent string   `yaml:"user_agent"`
	// Proxy is an http(s) forward proxy for every feed and page fetch,
	// e.g. "http://proxy:3128" (credentials as "http://user:pass@proxy:3128").
	// Empty connects directly; the environment's HTTPS_PROXY is not used.
	// With a proxy, each target is resolved and checked before the request
	// is sent, since the proxy, not briefbot, connects to it.
	Proxy string `yaml:"proxy,omitempty"`
	// AllowNoFeeds runs the bot with no feeds at all (none configured,
	// none imported yet) while a chat platform is configured, instead of
	// refusing to start. Without a chat platform it skips the offline
	// demo. Off by default: a bot deployed with its feed list missing
	// should say so, not sit silent.
	AllowNoFeeds bool `yaml:"allow_no_feeds"`
}

// ProxyURL returns the parsed Proxy, nil when none is set or it does not
// parse (Validate reports that).
func (p Polling) ProxyURL() *url.URL {
	if p.Proxy == "" {
		return nil
	}
	u, err := url.Parse(p.Proxy)
	if err != nil {
		return nil
	}
	return u
}

// Summary sets the length of article summaries in briefings.
type Summary struct {
	Sentences int `yaml:"sentences"`
	MaxChars  int `yaml:"max_chars"`
}

// Alerts tunes instant alerts.
type Alerts struct {
	// BatchWindow gathers articles on one topic arriving within it into
	// one message.
	BatchWindow Duration `yaml:"batch_window"`
	// MaxStories caps the stories in one alert message.
	MaxStories int `yaml:"max_stories"`
	// UpdateInterval is the least time between two messages about one
	// story to one channel: later articles on an alerted story wait this
	// long after the alert (or the last update) and go out as one update,
	// a reply to the alert. 0 sends each update at once.
	UpdateInterval Duration `yaml:"update_interval"`
	// Backfill alerts on the items a feed already has when it is first
	// polled. Off by default: a new feed's backlog goes to briefings and
	// digests without alerting every channel.
	Backfill bool `yaml:"backfill"`
}

// Digest sets the default daily digest.
type Digest struct {
	Time string `yaml:"time"` // "HH:MM", for channels that set none
	Zone string `yaml:"zone"` // IANA zone, for channels that set none
	// StoriesPerTopic caps each topic's section.
	StoriesPerTopic int `yaml:"stories_per_topic"`
	// EmptyTopics is "line" (a topic with nothing new gets one line) or
	// "omit" (it is left out).
	EmptyTopics string `yaml:"empty_topics"`
}

// Store chooses the database.
type Store struct {
	// Driver is "sqlite" (default, one process) or "postgres" (several replicas).
	Driver string `yaml:"driver"`
	// Path is the SQLite file. Flag -db and BRIEFBOT_DB override it.
	Path string `yaml:"path"`
	// DatabaseURL is the PostgreSQL DSN, from BRIEFBOT_DATABASE_URL.
	DatabaseURL Secret `yaml:"database_url,omitempty"`
	// MaxConns bounds each replica's PostgreSQL connection pool. The
	// replica that leads keeps one for the leader lock; polls, delivery
	// and chats share the rest.
	MaxConns int `yaml:"max_conns"`
	// StatementTimeout ends a PostgreSQL statement that runs longer (0:
	// no limit), so a stuck query or lock wait frees its connection.
	// Migrations run without it.
	StatementTimeout Duration `yaml:"statement_timeout"`
	// FeedLease is how long a replica holds a feed it claimed to poll: a
	// replica that dies loses its feeds to the others when it ends. A
	// poll still running at four fifths of it is cut off, so it must be
	// well above polling.timeout.
	FeedLease Duration `yaml:"feed_lease"`
	// LeadRetry is how often a replica that does not lead tries for the
	// leader lock (PostgreSQL), which runs alert batching, digests,
	// retention and Telegram long polling.
	LeadRetry Duration `yaml:"lead_retry"`
}

// Console is the stdin/stdout chat.
type Console struct {
	// Enabled is "auto" (on when no chat platform is configured or stdin
	// is a terminal), "on" or "off".
	Enabled string `yaml:"enabled"`
	// Subscribe lists the topics the console follows on its first start
	// (default: every topic, so the demo prints alerts).
	Subscribe []string `yaml:"subscribe"`
}

// Slack connects the Slack app. Tokens come from the environment.
type Slack struct {
	BotToken      Secret `yaml:"bot_token,omitempty"`      // BRIEFBOT_SLACK_BOT_TOKEN (xoxb-)
	AppToken      Secret `yaml:"app_token,omitempty"`      // BRIEFBOT_SLACK_APP_TOKEN (xapp-): Socket Mode
	SigningSecret Secret `yaml:"signing_secret,omitempty"` // BRIEFBOT_SLACK_SIGNING_SECRET: HTTP mode
	APIURL        string `yaml:"-"`                        // BRIEFBOT_SLACK_API_URL
}

// Telegram connects the Telegram bot. The token comes from the environment.
type Telegram struct {
	Token Secret `yaml:"token,omitempty"` // BRIEFBOT_TELEGRAM_TOKEN
	// Mode is "poll" (long polling, default) or "webhook".
	Mode          string `yaml:"-"`                        // BRIEFBOT_TELEGRAM_MODE
	WebhookURL    string `yaml:"-"`                        // BRIEFBOT_TELEGRAM_WEBHOOK_URL
	WebhookSecret Secret `yaml:"webhook_secret,omitempty"` // BRIEFBOT_TELEGRAM_WEBHOOK_SECRET
	APIURL        string `yaml:"-"`                        // BRIEFBOT_TELEGRAM_API_URL
	// AdminsOnly lets only group administrators change a group's
	// subscriptions and digest time.
	AdminsOnly bool `yaml:"admins_only"`
}

// HTTP is the bot's HTTP server (Slack HTTP mode, Telegram webhooks, health).
type HTTP struct {
	// Addr is the listen address, e.g. ":8080"; empty runs no server
	// unless a webhook mode needs one. BRIEFBOT_HTTP_ADDR overrides it.
	Addr string `yaml:"addr"`
}

// Log sets logging.
type Log struct {
	Level  string `yaml:"level"`  // debug, info, warn, error
	Format string `yaml:"format"` // auto (text on a terminal, else JSON), text, json
}

// Default returns the configuration used when nothing is set: the single
// place defaults are defined.
func Default() Config {
	return Config{
		Polling: Polling{
			Interval:      Duration(15 * time.Minute),
			MinInterval:   Duration(5 * time.Minute),
			MaxInterval:   Duration(6 * time.Hour),
			MaxBackoff:    Duration(24 * time.Hour),
			Jitter:        0.1,
			PauseAfter:    10,
			Timeout:       Duration(30 * time.Second),
			MaxBody:       10 << 20,
			MaxConcurrent: 8,
			PerHost:       1,
			FullTextBelow: 0,
			MaxAge:        Duration(14 * 24 * time.Hour),
		},
		DefaultTopics: true,
		Summary:       Summary{Sentences: 3},
		Alerts:        Alerts{BatchWindow: Duration(2 * time.Minute), MaxStories: 10, UpdateInterval: Duration(30 * time.Minute)},
		Digest:        Digest{Time: "07:00", Zone: "UTC", StoriesPerTopic: 5, EmptyTopics: "line"},
		Store:         Store{Driver: "sqlite", Path: "briefbot.db", MaxConns: 10, StatementTimeout: Duration(time.Minute), FeedLease: Duration(5 * time.Minute), LeadRetry: Duration(3 * time.Second)},
		Retention:     Duration(90 * 24 * time.Hour),
		Console:       Console{Enabled: "auto"},
		Telegram:      Telegram{Mode: "poll", AdminsOnly: true},
		Log:           Log{Level: "info", Format: "auto"},
	}
}

// Env is how the environment is read; os.Getenv in production.
type Env func(string) string

// Load builds the Config: defaults, then the file at path (none when path
// is empty), then the environment. It reports decoding problems (unknown
// keys, values of the wrong type, YAML syntax), each a *Problem with its
// line and column, joined; call Validate for the rest, or Check for both
// at once.
func Load(path string, getenv Env) (*Config, error) {
	cfg, decoding, err := load(path, getenv)
	if err != nil {
		return nil, err
	}
	if len(decoding) > 0 {
		return nil, joinProblems(decoding)
	}
	return cfg, nil
}

// Check loads and validates the configuration and reports every problem
// at once: decoding problems and Validate's together, in file order, each
// with its line and column where the file sets it, then those of the
// environment. Only an unreadable file or broken YAML syntax stops it
// early, since then there is nothing to validate.
func Check(path string, getenv Env) (*Config, error) {
	cfg, decoding, err := load(path, getenv)
	if err != nil {
		return nil, err
	}
	all := decoding
	undecoded := map[string]bool{}
	for _, p := range decoding {
		if p.Field != "" {
			undecoded[p.Field] = true
		}
	}
	for _, p := range problems(cfg.Validate()) {
		// A value that did not decode left the default in place, or
		// nothing; it is reported already.
		if undecoded[p.Field] {
			continue
		}
		all = append(all, p)
	}
	if len(all) > 0 {
		sortProblems(all)
		return nil, joinProblems(all)
	}
	return cfg, nil
}

// load returns the Config with every value that decoded, and the decoding
// problems. err is a problem that leaves nothing to check: the file cannot
// be read or is not YAML.
func load(path string, getenv Env) (cfg *Config, decoding []*Problem, err error) {
	c := Default()
	if path != "" {
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, nil, fmt.Errorf("read config: %w", err)
		}
		src, err := parseSource(data, path)
		if err != nil {
			return nil, nil, err
		}
		decoding = decode(data, src, &c)
		c.File, c.src = path, src
	}
	decoding = append(decoding, problems(c.applyEnv(getenv))...)
	return &c, decoding, nil
}

// decode reads YAML strictly into cfg. The YAML library goes on past an
// unknown key or a value of the wrong type, so every one is reported,
// placed with the node tree in src.
func decode(data []byte, src *source, cfg *Config) []*Problem {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	err := dec.Decode(cfg)
	if err == nil || errors.Is(err, io.EOF) {
		return nil // an empty file is the defaults
	}
	if te, ok := errors.AsType[*yaml.TypeError](err); ok {
		var out []*Problem
		for _, e := range te.Errors {
			out = append(out, src.decodeProblem(e))
		}
		return out
	}
	return []*Problem{syntaxProblem(src.file, err)}
}

// applyEnv reads deployment facts and secrets. Each secret may also come
// from a file named by <NAME>_FILE (Docker and Kubernetes secrets).
func (c *Config) applyEnv(getenv Env) error {
	var errs []error
	str := func(name string, dst *string) {
		if v := getenv(name); v != "" {
			*dst = v
		}
	}
	secret := func(name string, dst *Secret) {
		v := getenv(name)
		if f := getenv(name + "_FILE"); f != "" {
			data, err := os.ReadFile(f)
			if err != nil {
				errs = append(errs, fmt.Errorf("%s_FILE: %w", name, err))
				return
			}
			v = strings.TrimSpace(string(data))
		}
		if v != "" {
			*dst = Secret(v)
		}
	}
	str("BRIEFBOT_DB", &c.Store.Path)
	secret("BRIEFBOT_DATABASE_URL", &c.Store.DatabaseURL)
	if c.Store.DatabaseURL.IsSet() && getenv("BRIEFBOT_STORE") == "" {
		c.Store.Driver = "postgres"
	}
	str("BRIEFBOT_STORE", &c.Store.Driver)
	secret("BRIEFBOT_SLACK_BOT_TOKEN", &c.Slack.BotToken)
	secret("BRIEFBOT_SLACK_APP_TOKEN", &c.Slack.AppToken)
	secret("BRIEFBOT_SLACK_SIGNING_SECRET", &c.Slack.SigningSecret)
	str("BRIEFBOT_SLACK_API_URL", &c.Slack.APIURL)
	secret("BRIEFBOT_TELEGRAM_TOKEN", &c.Telegram.Token)
	str("BRIEFBOT_TELEGRAM_MODE", &c.Telegram.Mode)
	str("BRIEFBOT_TELEGRAM_WEBHOOK_URL", &c.Telegram.WebhookURL)
	secret("BRIEFBOT_TELEGRAM_WEBHOOK_SECRET", &c.Telegram.WebhookSecret)
	str("BRIEFBOT_TELEGRAM_API_URL", &c.Telegram.APIURL)
	str("BRIEFBOT_HTTP_ADDR", &c.HTTP.Addr)
	str("BRIEFBOT_CONSOLE", &c.Console.Enabled)
	str("BRIEFBOT_LOG_LEVEL", &c.Log.Level)
	str("BRIEFBOT_LOG_FORMAT", &c.Log.Format)
	c.Log.Level, c.Log.Format = strings.ToLower(c.Log.Level), strings.ToLower(c.Log.Format)
	return errors.Join(errs...)
}

// TopicDefinitions returns the topics in force: the built-in ones (unless
// default_topics is false) with the file's topics replacing those of the
// same ID and adding the rest after them.
func (c *Config) TopicDefinitions() []topics.Definition {
	var out []topics.Definition
	if c.DefaultTopics {
		out = topics.Defaults()
	}
	for _, t := range c.Topics {
		replaced := false
		for i := range out {
			if out[i].ID == t.ID {
				out[i], replaced = t, true
			}
		}
		if !replaced {
			out = append(out, t)
		}
	}
	return out
}

// ChatPlatforms names the chat platforms the environment gives
// credentials for ("Slack", "Telegram"), whether or not they are complete:
// a token means the operator means a real chat.
func (c *Config) ChatPlatforms() []string {
	var out []string
	if c.Slack.BotToken.IsSet() || c.Slack.AppToken.IsSet() {
		out = append(out, "Slack")
	}
	if c.Telegram.Token.IsSet() {
		out = append(out, "Telegram")
	}
	return out
}

// SlackMode is how Slack connects: "socket" when the app token is set,
// "http" when only the bot token and signing secret are, "" when Slack is
// not configured.
func (c *Config) SlackMode() string {
	switch {
	case !c.Slack.BotToken.IsSet():
		return ""
	case c.Slack.AppToken.IsSet():
		return "socket"
	case c.Slack.SigningSecret.IsSet():
		return "http"
	}
	return ""
}

// Marshal renders the effective configuration as YAML, secrets redacted:
// tokens, the database DSN, and passwords and API keys written into feed
// URLs and the proxy URL (see feeds.RedactURL).
func (c *Config) Marshal() ([]byte, error) {
	view := *c
	view.Feeds = slices.Clone(c.Feeds)
	for i := range view.Feeds {
		view.Feeds[i].URL = feeds.RedactURL(view.Feeds[i].URL)
	}
	view.Polling.Proxy = feeds.RedactURL(c.Polling.Proxy)
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(&view); err != nil {
		return nil, err
	}
	return buf.Bytes(), enc.Close()
}
