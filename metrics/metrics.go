package metrics

import (
	"context"
	"log/slog"
	"net/http"
	"runtime"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// OutboxReader reports the outbox at scrape time. Depth is the number of
// messages waiting for delivery or a retry; oldestDue is when the
// longest-waiting of those that are due now became due (zero when none is).
type OutboxReader func(ctx context.Context, now time.Time) (depth int, oldestDue time.Time, err error)

// Options configures the metrics. Zero values take the defaults noted.
type Options struct {
	// Version is the build's version (main.version), shown by briefbot_build_info.
	Version string
	// Outbox, when set, is read at each scrape for the outbox gauges.
	Outbox OutboxReader
	// OutboxTimeout bounds that read (default 2s): a slow store must not
	// hold a scrape.
	OutboxTimeout time.Duration
	Now           func() time.Time
	Logger        *slog.Logger
}

// Metrics holds briefbot's metrics. Its methods are safe for concurrent
// use and cost a few atomic operations each.
type Metrics struct {
	reg *prometheus.Registry

	feedPolls     *prometheus.CounterVec
	feedsPaused   prometheus.Counter
	articles      prometheus.Counter
	stories       prometheus.Counter
	matches       *prometheus.CounterVec
	pollCycle     prometheus.Histogram
	queued        *prometheus.CounterVec
	sent          *prometheus.CounterVec
	retried       *prometheus.CounterVec
	failed        *prometheus.CounterVec
	deliveryDelay *prometheus.HistogramVec
}

// New registers every metric; it does no I/O.
func New(opt Options) *Metrics {
	if opt.OutboxTimeout <= 0 {
		opt.OutboxTimeout = 2 * time.Second
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.DiscardHandler)
	}
	if opt.Version == "" {
		opt.Version = "dev"
	}
	m := &Metrics{reg: prometheus.NewRegistry()}
	m.feedPolls = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "briefbot_feed_polls_total",
		Help: "Feed polls by result: fetched (new document), not_modified (304) or failed.",
	}, []string{"result"})
	m.feedsPaused = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "briefbot_feeds_paused_total",
		Help: "Feeds paused after polling.pause_after failures in a row.",
	})
	m.articles = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "briefbot_articles_stored_total",
		Help: "New articles stored.",
	})
	m.stories = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "briefbot_stories_started_total",
		Help: "New articles stored that are not a near duplicate of an earlier one, so start a story of their own.",
	})
	m.matches = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "briefbot_topic_matches_total",
		Help: "New articles that matched each topic.",
	}, []string{"topic"})
	m.pollCycle = prometheus.NewHistogram(prometheus.HistogramOpts{
		Name:    "briefbot_poll_cycle_duration_seconds",
		Help:    "Time to poll every due feed once.",
		Buckets: []float64{0.05, 0.25, 1, 2.5, 5, 10, 30, 60, 120, 300, 600},
	})
	m.queued = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "briefbot_messages_queued_total",
		Help: "Messages written to the outbox, by platform and kind (alert, digest, answer, notice).",
	}, []string{"platform", "kind"})
	m.sent = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "briefbot_messages_sent_total",
		Help: "Messages the platform accepted.",
	}, []string{"platform", "kind"})
	m.retried = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "briefbot_messages_retried_total",
		Help: "Delivery attempts that failed and were scheduled again.",
	}, []string{"platform", "kind"})
	m.failed = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "briefbot_messages_failed_total",
		Help: "Messages given up for good (refused by the platform, undecodable, or for a platform not running).",
	}, []string{"platform", "kind"})
	m.deliveryDelay = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "briefbot_delivery_latency_seconds",
		Help:    "Time from a message being queued to the platform accepting it.",
		Buckets: []float64{0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800},
	}, []string{"platform"})
	build := prometheus.NewGaugeVec(prometheus.GaugeOpts{
		Name: "briefbot_build_info",
		Help: "Always 1; the labels name the running build.",
	}, []string{"version", "goversion"})
	build.WithLabelValues(opt.Version, runtime.Version()).Set(1)
	m.reg.MustRegister(m.feedPolls, m.feedsPaused, m.articles, m.stories, m.matches, m.pollCycle,
		m.queued, m.sent, m.retried, m.failed, m.deliveryDelay, build,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	if opt.Outbox != nil {
		m.reg.MustRegister(&outboxCollector{opt: opt})
	}
	return m
}

// Handler serves the metrics in the Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}

// FeedPolled counts one poll; result is "fetched", "not_modified" or "failed".
func (m *Metrics) FeedPolled(result string) { m.feedPolls.WithLabelValues(result).Inc() }

// FeedPaused counts a feed paused after repeated failures.
func (m *Metrics) FeedPaused() { m.feedsPaused.Inc() }

// ArticleStored counts a new article, whether it started a story, and
// the topics it matched.
func (m *Metrics) ArticleStored(newStory bool, topicIDs []string) {
	m.articles.Inc()
	if newStory {
		m.stories.Inc()
	}
	for _, id := range topicIDs {
		m.matches.WithLabelValues(id).Inc()
	}
}

// PollCycle records how long a poll cycle took.
func (m *Metrics) PollCycle(d time.Duration) { m.pollCycle.Observe(d.Seconds()) }

// Queued counts a message written to the outbox.
func (m *Metrics) Queued(platform, kind string) { m.queued.WithLabelValues(platform, kind).Inc() }

// Sent counts a message the platform accepted, waited since it was queued.
func (m *Metrics) Sent(platform, kind string, waited time.Duration) {
	m.sent.WithLabelValues(platform, kind).Inc()
	m.deliveryDelay.WithLabelValues(platform).Observe(max(waited, 0).Seconds())
}

// Retried counts a failed attempt that will be retried.
func (m *Metrics) Retried(platform, kind string) { m.retried.WithLabelValues(platform, kind).Inc() }

// Failed counts a message given up.
func (m *Metrics) Failed(platform, kind string) { m.failed.WithLabelValues(platform, kind).Inc() }

// outboxCollector reads the outbox at scrape time, so the gauges are never
// staler than the scrape.
type outboxCollector struct {
	opt Options
}

var (
	outboxDepthDesc = prometheus.NewDesc("briefbot_outbox_depth",
		"Messages waiting in the outbox for delivery or a retry.", nil, nil)
	outboxAgeDesc = prometheus.NewDesc("briefbot_outbox_oldest_due_age_seconds",
		"How long the oldest message that is due now has been due; 0 when none is.", nil, nil)
	outboxUpDesc = prometheus.NewDesc("briefbot_outbox_read_ok",
		"1 when the outbox could be read for this scrape, 0 when the store did not answer in time.", nil, nil)
)

func (c *outboxCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- outboxDepthDesc
	ch <- outboxAgeDesc
	ch <- outboxUpDesc
}

func (c *outboxCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), c.opt.OutboxTimeout)
	defer cancel()
	now := c.opt.Now()
	depth, oldest, err := c.opt.Outbox(ctx, now)
	if err != nil {
		c.opt.Logger.Warn("metrics: read the outbox", "error", err)
		ch <- prometheus.MustNewConstMetric(outboxUpDesc, prometheus.GaugeValue, 0)
		return
	}
	age := 0.0
	if !oldest.IsZero() && now.After(oldest) {
		age = now.Sub(oldest).Seconds()
	}
	ch <- prometheus.MustNewConstMetric(outboxUpDesc, prometheus.GaugeValue, 1)
	ch <- prometheus.MustNewConstMetric(outboxDepthDesc, prometheus.GaugeValue, float64(depth))
	ch <- prometheus.MustNewConstMetric(outboxAgeDesc, prometheus.GaugeValue, age)
}
