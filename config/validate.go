package config

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"briefbot/brief"
	"briefbot/feeds"
	"briefbot/topics"
)

// Validate reports every problem in the configuration at once, each a
// *Problem naming the setting and what to do about it, and placed at its
// line and column when the file sets it, in file order.
func (c *Config) Validate() error {
	var errs []error
	bad := func(field, format string, a ...any) {
		errs = append(errs, c.src.problem(field, fmt.Sprintf(format, a...)))
	}

	seen := map[string]int{}
	for i, f := range c.Feeds {
		field := fmt.Sprintf("feeds[%d].url", i)
		u, err := url.Parse(f.URL)
		switch {
		case f.URL == "":
			bad(field, "missing; give the feed's http(s) address")
		case err != nil || u.Host == "":
			bad(field, "%q is not a URL; give an absolute http(s) address", feeds.RedactURL(f.URL))
		case u.Scheme != "http" && u.Scheme != "https":
			bad(field, "scheme %q is not allowed; use http or https", u.Scheme)
		}
		if j, dup := seen[f.URL]; dup && f.URL != "" {
			bad(field, "%q is listed twice (also feeds[%d]); remove one", feeds.RedactURL(f.URL), j)
		}
		seen[f.URL] = i
		if f.Interval != 0 && f.Interval.D() < c.Polling.MinInterval.D() {
			bad(fmt.Sprintf("feeds[%d].interval", i), "%s is below polling.min_interval (%s)", f.Interval, c.Polling.MinInterval)
		}
	}

	p := c.Polling
	if p.Interval.D() < time.Minute {
		bad("polling.interval", "%s is too short; use at least 1m", p.Interval)
	}
	if p.MinInterval.D() <= 0 || p.MinInterval > p.Interval {
		bad("polling.min_interval", "%s must be positive and at most polling.interval (%s)", p.MinInterval, p.Interval)
	}
	if p.MaxInterval < p.Interval {
		bad("polling.max_interval", "%s must be at least polling.interval (%s)", p.MaxInterval, p.Interval)
	}
	if p.MaxBackoff < p.Interval {
		bad("polling.max_backoff", "%s must be at least polling.interval (%s)", p.MaxBackoff, p.Interval)
	}
	if p.Jitter < 0 || p.Jitter > 0.5 {
		bad("polling.jitter", "%v must be between 0 and 0.5", p.Jitter)
	}
	if p.PauseAfter < 1 {
		bad("polling.pause_after", "%d must be at least 1", p.PauseAfter)
	}
	if p.Timeout.D() < time.Second {
		bad("polling.timeout", "%s is too short; use at least 1s", p.Timeout)
	}
	if p.MaxBody < 1<<10 {
		bad("polling.max_body", "%s is too small; use at least 1KiB", p.MaxBody)
	}
	if p.MaxConcurrent < 1 || p.PerHost < 1 {
		bad("polling.max_concurrent", "max_concurrent (%d) and per_host (%d) must be at least 1", p.MaxConcurrent, p.PerHost)
	}
	if p.MaxAge.D() < time.Hour {
		bad("polling.max_age", "%s is too short; use at least 1h (items older than it are ignored when first seen)", p.MaxAge)
	}
	if p.Proxy != "" {
		u, err := url.Parse(p.Proxy)
		switch {
		case err != nil || u.Host == "" || u.Hostname() == "":
			bad("polling.proxy", "%q is not a URL; write the proxy as http://host:port", feeds.RedactURL(p.Proxy))
		case u.Scheme != "http" && u.Scheme != "https":
			bad("polling.proxy", "scheme %q is not supported; use an http or https proxy, like http://proxy:3128", u.Scheme)
		case u.Path != "" && u.Path != "/" || u.RawQuery != "":
			bad("polling.proxy", "%q has a path or query; a proxy is only scheme://host:port", feeds.RedactURL(p.Proxy))
		}
	}
	if p.FullTextBelow < 0 {
		bad("polling.full_text_below", "%d must not be negative", p.FullTextBelow)
	}

	defs := c.TopicDefinitions()
	if len(defs) == 0 {
		bad("topics", "no topics: keep default_topics: true or define at least one topic")
	}
	errs = append(errs, c.topicProblems(topics.Validate(defs))...)
	known := map[string]bool{}
	for _, d := range defs {
		known[d.ID] = true
	}
	for i, id := range c.Console.Subscribe {
		if !known[brief.NormalizeTopicID(id)] {
			bad(fmt.Sprintf("console.subscribe[%d]", i), "unknown topic %q; use one of the topic IDs", id)
		}
	}

	if c.Summary.Sentences < 1 || c.Summary.Sentences > 10 {
		bad("summary.sentences", "%d must be between 1 and 10", c.Summary.Sentences)
	}
	if c.Summary.MaxChars < 0 {
		bad("summary.max_chars", "%d must not be negative (0 means no budget)", c.Summary.MaxChars)
	}
	if c.Alerts.BatchWindow < 0 || c.Alerts.BatchWindow.D() > time.Hour {
		bad("alerts.batch_window", "%s must be between 0 and 1h", c.Alerts.BatchWindow)
	}
	if c.Alerts.MaxStories < 1 {
		bad("alerts.max_stories", "%d must be at least 1", c.Alerts.MaxStories)
	}
	if c.Alerts.UpdateInterval < 0 || c.Alerts.UpdateInterval.D() > 24*time.Hour {
		bad("alerts.update_interval", "%s must be between 0 and 24h", c.Alerts.UpdateInterval)
	}

	if _, err := time.Parse("15:04", c.Digest.Time); err != nil {
		bad("digest.time", "%q is not a 24-hour HH:MM time like 07:00", c.Digest.Time)
	}
	if c.Digest.Zone == "" || c.Digest.Zone == "Local" {
		bad("digest.zone", "%q: give an IANA zone like Europe/Vienna or UTC", c.Digest.Zone)
	} else if _, err := time.LoadLocation(c.Digest.Zone); err != nil {
		bad("digest.zone", "%q is not an IANA time zone; use a name like Europe/Vienna or UTC", c.Digest.Zone)
	}
	if c.Digest.StoriesPerTopic < 1 {
		bad("digest.stories_per_topic", "%d must be at least 1", c.Digest.StoriesPerTopic)
	}
	if c.Digest.EmptyTopics != "line" && c.Digest.EmptyTopics != "omit" {
		bad("digest.empty_topics", "%q: use line or omit", c.Digest.EmptyTopics)
	}

	switch c.Store.Driver {
	case "sqlite":
		if c.Store.Path == "" {
			bad("store.path", "empty; give the SQLite file (or set BRIEFBOT_DB, or -db)")
		}
	case "postgres":
		if !c.Store.DatabaseURL.IsSet() {
			bad("store.driver", "postgres needs BRIEFBOT_DATABASE_URL in the environment")
		}
	default:
		bad("store.driver", "%q: use sqlite or postgres", c.Store.Driver)
	}
	if c.Store.MaxConns < 3 || c.Store.MaxConns > 1000 {
		bad("store.max_conns", "%d must be between 3 and 1000: the leader lock keeps one connection, polls and delivery need the others", c.Store.MaxConns)
	}
	if c.Store.StatementTimeout != 0 && (c.Store.StatementTimeout.D() < time.Second || c.Store.StatementTimeout.D() > 24*time.Hour) {
		bad("store.statement_timeout", "%s must be 0 (no limit) or between 1s and 24h", c.Store.StatementTimeout)
	}
	if c.Store.FeedLease.D() < 2*c.Polling.Timeout.D() || c.Store.FeedLease.D() > 24*time.Hour {
		bad("store.feed_lease", "%s must be at least twice polling.timeout (%s), so a poll ends before its lease does, and at most 24h", c.Store.FeedLease, c.Polling.Timeout)
	}
	if c.Store.LeadRetry.D() < 100*time.Millisecond || c.Store.LeadRetry.D() > 5*time.Minute {
		bad("store.lead_retry", "%s must be between 100ms and 5m", c.Store.LeadRetry)
	}
	if c.Retention.D() < 24*time.Hour {
		bad("retention", "%s is too short; keep at least 1d", c.Retention)
	}
	if c.AdminChannel != "" {
		ch, err := brief.ParseChannelRef(c.AdminChannel)
		if err != nil {
			bad("admin_channel", "%v; write platform:id, like slack:C0123ABCD", err)
		} else if ch.Platform != brief.PlatformSlack && ch.Platform != brief.PlatformTelegram && ch.Platform != brief.PlatformConsole {
			bad("admin_channel", "platform %q: use slack, telegram or console", ch.Platform)
		}
	}
	switch c.Console.Enabled {
	case "auto", "on", "off":
	default:
		bad("console.enabled", "%q: use auto, on or off", c.Console.Enabled)
	}

	if c.Slack.BotToken.IsSet() && !strings.HasPrefix(c.Slack.BotToken.Value(), "xoxb-") {
		bad("BRIEFBOT_SLACK_BOT_TOKEN", "a bot token starts with xoxb-; copy it from OAuth & Permissions")
	}
	if c.Slack.AppToken.IsSet() && !strings.HasPrefix(c.Slack.AppToken.Value(), "xapp-") {
		bad("BRIEFBOT_SLACK_APP_TOKEN", "an app-level token starts with xapp-; create one under Basic Information with connections:write")
	}
	if (c.Slack.AppToken.IsSet() || c.Slack.SigningSecret.IsSet()) && !c.Slack.BotToken.IsSet() {
		bad("BRIEFBOT_SLACK_BOT_TOKEN", "missing: Slack needs the bot token (xoxb-) besides the app token or signing secret")
	}
	if c.SlackMode() == "http" && c.HTTP.Addr == "" {
		bad("BRIEFBOT_HTTP_ADDR", "Slack HTTP mode needs a listen address, like :8080 (or set BRIEFBOT_SLACK_APP_TOKEN for Socket Mode)")
	}
	if c.Slack.BotToken.IsSet() && c.SlackMode() == "" {
		bad("BRIEFBOT_SLACK_APP_TOKEN", "Slack needs either the app token (Socket Mode) or BRIEFBOT_SLACK_SIGNING_SECRET (HTTP mode)")
	}
	checkURL := func(field, v string) {
		if v == "" {
			return
		}
		if u, err := url.Parse(v); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			bad(field, "%q is not an http(s) URL", v)
		}
	}
	checkURL("BRIEFBOT_SLACK_API_URL", c.Slack.APIURL)
	checkURL("BRIEFBOT_TELEGRAM_API_URL", c.Telegram.APIURL)
	switch c.Telegram.Mode {
	case "poll":
	case "webhook":
		if c.Telegram.Token.IsSet() {
			if c.Telegram.WebhookURL == "" {
				bad("BRIEFBOT_TELEGRAM_WEBHOOK_URL", "webhook mode needs the public https URL Telegram should call")
			} else if u, err := url.Parse(c.Telegram.WebhookURL); err != nil || u.Scheme != "https" || u.Host == "" {
				bad("BRIEFBOT_TELEGRAM_WEBHOOK_URL", "%q: Telegram calls only https URLs", c.Telegram.WebhookURL)
			}
			if !c.Telegram.WebhookSecret.IsSet() {
				bad("BRIEFBOT_TELEGRAM_WEBHOOK_SECRET", "webhook mode needs a secret (1-256 characters A-Z a-z 0-9 _ -)")
			}
			if c.HTTP.Addr == "" {
				bad("BRIEFBOT_HTTP_ADDR", "Telegram webhook mode needs a listen address, like :8080")
			}
		}
	default:
		bad("BRIEFBOT_TELEGRAM_MODE", "%q: use poll or webhook", c.Telegram.Mode)
	}
	if s := c.Telegram.WebhookSecret.Value(); s != "" && !validWebhookSecret(s) {
		bad("BRIEFBOT_TELEGRAM_WEBHOOK_SECRET", "use 1-256 characters from A-Z a-z 0-9 _ - (Telegram's rule)")
	}
	switch c.Log.Level {
	case "debug", "info", "warn", "error":
	default:
		bad("log.level", "%q: use debug, info, warn or error", c.Log.Level)
	}
	switch c.Log.Format {
	case "auto", "text", "json":
	default:
		bad("log.format", "%q: use auto, text or json", c.Log.Format)
	}
	ps := problems(errors.Join(errs...))
	sortProblems(ps)
	return joinProblems(ps)
}

var reTopicProblem = regexp.MustCompile(`^topic (?:"([^"]*)"|#(\d+)): ([^:\s]+): `)

// topicProblems places the problems topics.Validate found ("topic
// "iran-oil": groups[0].name: empty; ...") at the topic's entry in the
// file. A built-in topic's problems have no place in the file.
func (c *Config) topicProblems(err error) []error {
	if err == nil {
		return nil
	}
	var errs []error
	all := []error{err}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		all = j.Unwrap()
	}
	defs := c.TopicDefinitions()
	for _, e := range all {
		p := &Problem{Field: "topics", Msg: e.Error()}
		if m := reTopicProblem.FindStringSubmatch(e.Error()); m != nil {
			i := -1
			if m[2] != "" {
				i, _ = strconv.Atoi(m[2])
				i--
			} else {
				i = slices.IndexFunc(defs, func(d topics.Definition) bool { return d.ID == m[1] })
			}
			if fi := c.fileTopic(defs, i); fi >= 0 {
				if line, col := c.src.find(fmt.Sprintf("topics[%d].%s", fi, m[3])); line > 0 {
					p.File, p.Line, p.Column = c.src.file, line, col
				}
			}
		}
		errs = append(errs, p)
	}
	return errs
}

// fileTopic is the index in the file's topics of the i-th topic in force,
// or -1 when that topic is a built-in one.
func (c *Config) fileTopic(defs []topics.Definition, i int) int {
	if i < 0 || i >= len(defs) {
		return -1
	}
	// TopicDefinitions lets a later file topic replace an earlier one of
	// the same ID, so the last one with the ID is the one in force.
	for fi := len(c.Topics) - 1; fi >= 0; fi-- {
		if c.Topics[fi].ID == defs[i].ID {
			return fi
		}
	}
	return -1
}

func validWebhookSecret(s string) bool {
	if len(s) == 0 || len(s) > 256 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-') {
			return false
		}
	}
	return true
}
