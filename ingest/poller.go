package ingest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/url"
	"os"
	"sync"
	"time"
	"unicode/utf8"

	"golang.org/x/sync/errgroup"

	"briefbot/brief"
	"briefbot/feeds"
	"briefbot/store"
	"briefbot/summarize"
)

// Fetcher fetches feeds and article pages; *feeds.Fetcher satisfies it.
type Fetcher interface {
	Fetch(ctx context.Context, req feeds.Request) (*feeds.Result, error)
	FullText(ctx context.Context, pageURL string) (string, error)
}

// Matcher matches articles to topics; *topics.Matcher satisfies it.
type Matcher interface {
	Match(a brief.Article) []brief.Match
	Focus(topicID string) func(sentence string) float64
}

// Store is the storage the poller needs.
type Store interface {
	FeedState(ctx context.Context, url string) (store.FeedState, error)
	FeedStates(ctx context.Context) ([]store.FeedState, error)
	SaveFeedState(ctx context.Context, st store.FeedState) error
	EnsureFeeds(ctx context.Context, urls []string) error
	ClaimFeeds(ctx context.Context, owner string, now time.Time, lease time.Duration, limit int) ([]store.FeedLease, error)
	SaveLeasedFeedState(ctx context.Context, l store.FeedLease, st store.FeedState) error
	HasArticle(ctx context.Context, id string) (bool, error)
	SaveArticle(ctx context.Context, a brief.Article, matches []brief.Match, opt store.SaveOptions) error
	RecentArticles(ctx context.Context, since time.Time) ([]brief.Article, error)
	ClusterState(ctx context.Context) (time.Time, []byte, error)
	SaveClusterState(ctx context.Context, saved time.Time, state []byte) error
}

// Notifier sends operator notices; bot.Dispatcher satisfies it.
type Notifier interface {
	Notice(ctx context.Context, key string, ch brief.ChannelRef, text string) error
}

// Feed is one feed to poll.
type Feed struct {
	URL      string
	Title    string
	Interval time.Duration // 0: the policy's interval
	FullText bool
}

// Options tunes the poller. Zero values take the defaults noted.
type Options struct {
	// Feeds lists the feeds to poll; it is called every cycle so feeds
	// imported at run time are picked up.
	Feeds func(ctx context.Context) ([]Feed, error)
	// Policy sets intervals, bounds and backoff (see feeds.NextPoll).
	Policy feeds.Policy
	// PauseAfter pauses a feed after that many consecutive failures (default 10).
	PauseAfter int
	// FullTextBelow fetches the article page for items whose feed text
	// is shorter than this many characters (0: only FullText feeds).
	FullTextBelow int
	// MaxAge skips items published longer ago than this (default 14 days),
	// so a feed first polled does not flood channels with old news.
	MaxAge time.Duration
	// AlertBackfill alerts on the items of a feed's first poll too. Off by
	// default: a new feed's backlog is stored for briefings and digests
	// but does not alert.
	AlertBackfill bool
	// Summary sets summary length; Title and Focus are filled per article.
	Summary summarize.Options
	// Admin receives notices about paused feeds; nil sends none.
	Admin *brief.ChannelRef
	// Concurrency bounds feeds polled at once (default 4).
	Concurrency int
	// Tick is how often due feeds are looked for (default 5s).
	Tick time.Duration
	// Owner names this poller in the feed leases it takes, so replicas
	// sharing a store poll disjoint feeds; empty makes up a name from the
	// host and process.
	Owner string
	// Lease is how long a claimed feed stays this poller's (default 5m):
	// a replica that dies loses its feeds to the others when their leases
	// end. A poll still running at four fifths of it is cut off and
	// counted as a failure, so it ends before the lease does.
	Lease time.Duration
	// Observer is told about polls, stored articles and cycles (metrics);
	// nil tells nobody.
	Observer Observer
	Now      func() time.Time
	Logger   *slog.Logger
}

// Poller polls feeds into the store.
type Poller struct {
	fetch  Fetcher
	match  Matcher
	store  Store
	notify Notifier
	opt    Options
	log    *slog.Logger

	mu      sync.Mutex
	rnd     *rand.Rand
	stories *storyIndex
	prog    progress
	ensured ensured
}

// New builds a Poller; it does no I/O.
func New(f Fetcher, m Matcher, st Store, n Notifier, opt Options) *Poller {
	if opt.PauseAfter <= 0 {
		opt.PauseAfter = 10
	}
	if opt.MaxAge <= 0 {
		opt.MaxAge = 14 * 24 * time.Hour
	}
	if opt.Concurrency <= 0 {
		opt.Concurrency = 4
	}
	if opt.Tick <= 0 {
		opt.Tick = 5 * time.Second
	}
	if opt.Lease <= 0 {
		opt.Lease = 5 * time.Minute
	}
	if opt.Owner == "" {
		opt.Owner = defaultOwner()
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.DiscardHandler)
	}
	if opt.Feeds == nil {
		opt.Feeds = func(context.Context) ([]Feed, error) { return nil, nil }
	}
	if opt.Observer == nil {
		opt.Observer = noObserver{}
	}
	return &Poller{fetch: f, match: m, store: st, notify: n, opt: opt,
		log:     opt.Logger.With("component", "ingest"),
		rnd:     rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 0x62726965666274)),
		stories: &storyIndex{}}
}

// Run polls due feeds until ctx ends. It returns nil after cancellation.
func (p *Poller) Run(ctx context.Context) error {
	t := time.NewTicker(p.opt.Tick)
	defer t.Stop()
	p.prog.set(true, time.Now())
	defer p.prog.set(false, time.Time{})
	for {
		if _, err := p.PollDue(ctx); err != nil && ctx.Err() == nil {
			p.log.Error("poll cycle", "error", err)
		}
		select {
		case <-ctx.Done():
			// Save the stories, so the next start resumes from them.
			sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
			if err := p.saveStories(sctx, true); err != nil {
				p.log.Error("save stories at stop", "error", err)
			}
			cancel()
			return nil
		case <-t.C:
		}
	}
}

// CycleStats sums one poll cycle.
type CycleStats struct {
	Feeds, Failed, NotModified int
	Items, New, Matched        int
	Duration                   time.Duration
}

// PollDue polls every feed that is due (never polled, or past its next
// poll time, and not paused), a few at a time. One feed's failure is
// recorded on that feed and never stops the others; the error returned is
// only for failures of the store or the feed list.
func (p *Poller) PollDue(ctx context.Context) (CycleStats, error) {
	start := time.Now()
	if err := p.loadStories(ctx); err != nil {
		return CycleStats{}, err
	}
	list, err := p.opt.Feeds(ctx)
	if err != nil {
		return CycleStats{}, fmt.Errorf("list feeds: %w", err)
	}
	if err := p.ensured.ensure(ctx, p.store, list); err != nil {
		return CycleStats{}, fmt.Errorf("create the state of new feeds: %w", err)
	}
	listed := make(map[string]Feed, len(list))
	for _, f := range list {
		listed[f.URL] = f
	}
	var (
		mu    sync.Mutex
		stats CycleStats
	)
	g, gctx := errgroup.WithContext(ctx)
	// Due feeds are claimed as polls finish, as many as there are free
	// slots, each with a lease: replicas sharing the store poll disjoint
	// feeds, and one found by one index read rather than every feed's
	// state each tick.
	slots := make(chan struct{}, p.opt.Concurrency)
	var claimErr error
	for claimErr == nil {
		n := 0
		select {
		case slots <- struct{}{}:
			n++
		case <-gctx.Done():
		}
		if n == 0 {
			break
		}
		for len(slots) < cap(slots) { // this loop alone fills slots
			slots <- struct{}{}
			n++
		}
		leases, err := p.store.ClaimFeeds(gctx, p.opt.Owner, p.opt.Now(), p.opt.Lease, n)
		for range n - len(leases) {
			<-slots
		}
		if err != nil {
			if gctx.Err() == nil {
				claimErr = fmt.Errorf("claim due feeds: %w", err)
			}
			break
		}
		if len(leases) == 0 {
			break
		}
		for _, l := range leases {
			f, ok := listed[l.State.URL]
			if !ok {
				err := p.putOff(gctx, l)
				<-slots
				if err != nil {
					claimErr = err
					break
				}
				continue
			}
			g.Go(func() error {
				defer func() { <-slots }()
				fs, err := p.pollLeased(gctx, f, l)
				mu.Lock()
				defer mu.Unlock()
				stats.Feeds++
				stats.Items += fs.Items
				stats.New += fs.New
				stats.Matched += fs.Matched
				if fs.NotModified {
					stats.NotModified++
				}
				if fs.Failed {
					stats.Failed++
				}
				return err
			})
		}
	}
	err = errors.Join(g.Wait(), claimErr)
	if serr := p.saveStories(ctx, false); serr != nil && ctx.Err() == nil {
		p.log.Error("save stories", "error", serr)
	}
	stats.Duration = time.Since(start)
	if err == nil {
		p.prog.done(time.Now())
		if stats.Feeds > 0 {
			p.opt.Observer.PollCycle(stats.Duration)
		}
	}
	if stats.Feeds > 0 {
		p.log.Info("poll cycle", "count", stats.Feeds, "failed", stats.Failed, "not_modified", stats.NotModified,
			"items", stats.Items, "new", stats.New, "matched", stats.Matched, "duration", stats.Duration.Round(time.Millisecond))
	}
	return stats, err
}

// FeedStats sums one feed's poll.
type FeedStats struct {
	Items, New, Matched int
	NotModified, Failed bool
}

// PollFeed polls one feed now, whatever its schedule, and stores what is new.
func (p *Poller) PollFeed(ctx context.Context, f Feed) (FeedStats, error) {
	if err := p.loadStories(ctx); err != nil {
		return FeedStats{}, err
	}
	st, err := p.store.FeedState(ctx, f.URL)
	if errors.Is(err, brief.ErrNotFound) {
		st, err = store.FeedState{URL: f.URL}, nil
	}
	if err != nil {
		return FeedStats{}, fmt.Errorf("read state of %s: %w", f.URL, err)
	}
	return p.poll(ctx, f, st, nil)
}

// poll fetches one feed and stores its new articles. It returns an error
// only when the store fails; the feed's own failure is recorded in its
// state, saved under the lease when one is given.
func (p *Poller) poll(ctx context.Context, f Feed, st store.FeedState, lease *store.FeedLease) (FeedStats, error) {
	log := p.log.With("feed_url", feeds.RedactURL(f.URL))
	now := p.opt.Now()
	st.LastPoll = now
	res, ferr := p.fetch.Fetch(ctx, feeds.Request{URL: f.URL, ETag: st.ETag, LastModified: st.LastModified})
	if ctx.Err() != nil {
		// Shutting down: leave the state as it was so the poll is redone.
		return FeedStats{}, nil
	}
	var fs FeedStats
	if ferr != nil {
		fs.Failed = true
		p.opt.Observer.FeedPolled("failed")
		st.LastError = ferr.Error()
		if se, ok := errors.AsType[*feeds.StatusError](ferr); ok && se.RetryAfter > 0 {
			// The publisher asked us to wait (429, 503 with Retry-After):
			// honour it, but it is not the feed failing.
			st.NextPoll = p.next(f, nil, ferr, st.Failures+1, now)
			log.Warn("publisher asked to wait", "error", ferr, "next_poll", st.NextPoll.Format(time.RFC3339))
			if err := p.saveState(ctx, lease, st); err != nil {
				return fs, fmt.Errorf("save state of %s: %w", f.URL, err)
			}
			return fs, nil
		}
		st.Failures++
		st.NextPoll = p.next(f, nil, ferr, st.Failures, now)
		log.Warn("poll feed", "error", ferr, "count", st.Failures, "next_poll", st.NextPoll.Format(time.RFC3339))
		if st.Failures >= p.opt.PauseAfter && !st.Paused {
			st.Paused = true
			log.Warn("feed paused after repeated failures", "count", st.Failures)
			p.opt.Observer.FeedPaused()
			p.notifyPaused(ctx, f, st)
		}
		if err := p.saveState(ctx, lease, st); err != nil {
			return fs, fmt.Errorf("save state of %s: %w", f.URL, err)
		}
		return fs, nil
	}
	// A feed's first successful poll stores its backlog without alerting:
	// adding a feed must not flood every channel with old stories.
	backfill := st.LastSuccess.IsZero() && !p.opt.AlertBackfill
	st.Failures, st.LastError, st.LastSuccess = 0, "", now
	if res.NotModified {
		fs.NotModified = true
		p.opt.Observer.FeedPolled("not_modified")
	} else {
		p.opt.Observer.FeedPolled("fetched")
		if res.Title != "" {
			st.Title = res.Title
		}
		fs.Items = len(res.Articles)
		// Oldest first, so alerts and digests read in the order news broke.
		for i := len(res.Articles) - 1; i >= 0; i-- {
			a := res.Articles[i]
			if a.Source == "" {
				a.Source = firstNonEmpty(f.Title, res.Title, hostOf(f.URL))
			}
			isNew, matched, err := p.ingest(ctx, f, a, backfill)
			if err != nil {
				if ctx.Err() != nil {
					return fs, nil // shutting down: validators not saved, the feed is fetched again
				}
				return fs, err
			}
			if isNew {
				fs.New++
			}
			if matched {
				fs.Matched++
			}
		}
		// Validators are saved only after every item is stored, so a crash
		// mid-feed refetches the whole document instead of getting a 304.
		st.ETag, st.LastModified = res.ETag, res.LastModified
	}
	st.NextPoll = p.next(f, res, nil, 0, now)
	if err := p.saveState(ctx, lease, st); err != nil {
		return fs, fmt.Errorf("save state of %s: %w", f.URL, err)
	}
	log.Debug("polled feed", "items", fs.Items, "new", fs.New, "matched", fs.Matched, "not_modified", fs.NotModified)
	return fs, nil
}

// pollLeased polls a claimed feed and saves its state under the lease. A
// poll still running at four fifths of the lease is cut off, so that it
// ends before another replica may claim the feed, and counted a failure:
// a feed that always takes longer is backed off like one that fails.
func (p *Poller) pollLeased(ctx context.Context, f Feed, l store.FeedLease) (FeedStats, error) {
	limit := p.opt.Lease * 4 / 5
	pctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	fs, err := p.poll(pctx, f, l.State, &l)
	if ctx.Err() != nil || !errors.Is(pctx.Err(), context.DeadlineExceeded) {
		return fs, err
	}
	st := l.State
	now := p.opt.Now()
	st.LastPoll = now
	st.Failures++
	st.LastError = fmt.Sprintf("poll cut off after %s, before its %s lease ends; it stored what it read", limit, p.opt.Lease)
	st.NextPoll = p.next(f, nil, errors.New(st.LastError), st.Failures, now)
	p.log.Warn("poll feed", "feed_url", feeds.RedactURL(f.URL), "error", st.LastError, "count", st.Failures)
	p.opt.Observer.FeedPolled("failed")
	fs.Failed = true
	if err := p.saveState(ctx, &l, st); err != nil {
		return fs, fmt.Errorf("save state of %s: %w", f.URL, err)
	}
	return fs, nil
}

// putOff hands back a claimed feed that is not in this poller's list (it
// left the config, or another replica's config has it and this one's
// does not yet), due again an interval later: a state nobody lists costs
// one claim per interval, and one that another replica lists is polled
// there.
func (p *Poller) putOff(ctx context.Context, l store.FeedLease) error {
	st := l.State
	st.NextPoll = p.next(Feed{URL: st.URL}, nil, nil, 0, p.opt.Now())
	if err := p.saveState(ctx, &l, st); err != nil {
		return fmt.Errorf("put off unlisted feed %s: %w", feeds.RedactURL(st.URL), err)
	}
	p.log.Debug("claimed a feed that is not in the list; put off", "feed_url", feeds.RedactURL(st.URL), "next_poll", st.NextPoll.Format(time.RFC3339))
	return nil
}

// saveState saves a feed's state after a poll: under the lease when the
// feed was claimed, else (PollFeed) as it is. A lease that another replica
// took over meanwhile keeps that replica's state, and that is no failure.
func (p *Poller) saveState(ctx context.Context, l *store.FeedLease, st store.FeedState) error {
	if l == nil {
		return p.store.SaveFeedState(ctx, st)
	}
	err := p.store.SaveLeasedFeedState(ctx, *l, st)
	if err != nil && !errors.Is(err, brief.ErrNotFound) && ctx.Err() == nil {
		// Once more: a pooled connection whose session the server ended
		// (a failover, a restart) fails its first call and is dropped;
		// without the save the feed would wait for its lease to end.
		err = p.store.SaveLeasedFeedState(ctx, *l, st)
	}
	if errors.Is(err, brief.ErrNotFound) {
		p.log.Warn("feed lease lost before the poll's state was saved; the replica that took the feed over keeps its own",
			"feed_url", feeds.RedactURL(st.URL), "error", err)
		return nil
	}
	return err
}

// ensured is the feeds whose state this poller created or found, so a
// cycle asks the store to create only those new in the list. Every
// ensureAgain it asks for the whole list, in case a state was removed
// (feeds remove) and its feed listed again meanwhile.
type ensured struct {
	mu   sync.Mutex
	urls map[string]bool
	all  time.Time // when the whole list was last ensured
}

const ensureAgain = 10 * time.Minute

func (e *ensured) ensure(ctx context.Context, st Store, list []Feed) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	now := time.Now()
	all := now.Sub(e.all) >= ensureAgain
	seen := make(map[string]bool, len(list))
	var urls []string
	for _, f := range list {
		seen[f.URL] = true
		if all || !e.urls[f.URL] {
			urls = append(urls, f.URL)
		}
	}
	if len(urls) > 0 {
		if err := st.EnsureFeeds(ctx, urls); err != nil {
			return err
		}
	}
	e.urls = seen
	if all {
		e.all = now
	}
	return nil
}

// defaultOwner names a poller after its host and process, with a random
// suffix so that a restarted process with a recycled PID is another owner.
func defaultOwner() string {
	host, _ := os.Hostname()
	return fmt.Sprintf("%s/%d/%08x", host, os.Getpid(), rand.Uint32())
}

func (p *Poller) next(f Feed, res *feeds.Result, err error, failures int, now time.Time) time.Time {
	pol := p.opt.Policy
	if f.Interval > 0 {
		pol.Interval = f.Interval
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	return feeds.NextPoll(pol, res, err, failures, now, p.rnd)
}

// ingest stores one article if it is new: matched, summarised per topic and
// linked to an earlier near duplicate.
func (p *Poller) ingest(ctx context.Context, f Feed, a brief.Article, backfill bool) (isNew, matched bool, err error) {
	log := p.log.With("feed_url", feeds.RedactURL(f.URL), "article_id", a.ID)
	if a.ID == "" {
		log.Debug("item without GUID or link skipped")
		return false, false, nil
	}
	bound(&a)
	now := p.opt.Now().UTC()
	if a.Fetched.IsZero() {
		a.Fetched = now
	}
	if a.Published.IsZero() {
		a.Published = a.Fetched
	}
	seen, err := p.store.HasArticle(ctx, a.ID)
	if err != nil {
		return false, false, fmt.Errorf("look up article %s: %w", a.ID, err)
	}
	if !seen && now.Sub(a.Published) > p.opt.MaxAge {
		return false, false, nil
	}
	if !seen && a.Link != "" && (f.FullText || (p.opt.FullTextBelow > 0 && len(a.Text) < p.opt.FullTextBelow)) {
		if text, err := p.fetch.FullText(ctx, a.Link); err != nil {
			log.Debug("full text unavailable; keeping the feed's text", "error", err)
		} else if len(text) > len(a.Text) {
			a.Text = text
		}
	}
	var matches []brief.Match
	story := ""
	if !seen {
		matches = p.match.Match(a)
		for i := range matches {
			opt := p.opt.Summary
			opt.Title = a.Title
			opt.Focus = p.match.Focus(matches[i].TopicID)
			matches[i].ArticleID = a.ID
			matches[i].Summary = summarize.Summarize(a.Text, opt)
		}
		// Assigned and stored under the story turn, so replicas sharing
		// the store never found two stories for one happening.
		leave, err := p.enterTurn(ctx)
		if err != nil {
			return false, false, err
		}
		defer leave()
		story, a.DuplicateOf = p.assign(a)
	}
	// Seen articles still go to SaveArticle: it records this feed as an
	// additional source of the stored article.
	err = p.store.SaveArticle(ctx, a, matches, store.SaveOptions{Now: now, NoAlerts: backfill, Story: story})
	if errors.Is(err, brief.ErrDuplicate) {
		// Another feed's copy of the same item was stored a moment ago.
		return false, false, nil
	}
	if err != nil {
		// The clusterer keeps the article: the next poll stores it in the
		// same story.
		return false, false, fmt.Errorf("save article %s: %w", a.ID, err)
	}
	if !seen {
		ids := make([]string, len(matches))
		for i, m := range matches {
			ids[i] = m.TopicID
		}
		// An article founds a story under its own ID.
		p.opt.Observer.ArticleStored(story == a.ID, ids)
	}
	return true, len(matches) > 0, nil
}

func (p *Poller) notifyPaused(ctx context.Context, f Feed, st store.FeedState) {
	if p.opt.Admin == nil || p.notify == nil {
		return
	}
	name := firstNonEmpty(f.Title, st.Title, feeds.RedactURL(f.URL))
	u := feeds.RedactURL(f.URL)
	text := fmt.Sprintf("Feed paused after %d failures in a row: %s (%s). Last error: %s. Resume it with: briefbot feeds resume %s",
		st.Failures, name, u, st.LastError, u)
	key := fmt.Sprintf("notice:paused:%s:%d", f.URL, st.LastPoll.Unix())
	if err := p.notify.Notice(ctx, key, *p.opt.Admin, text); err != nil {
		p.log.Error("send admin notice", "feed_url", feeds.RedactURL(f.URL), "error", err)
	}
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

func hostOf(raw string) string {
	if u, err := url.Parse(raw); err == nil {
		return u.Hostname()
	}
	return raw
}

// Bounds on what one feed item may store. A hostile or broken feed can send
// a megabyte title; briefings, chat messages and the database stay small.
const (
	maxTitle  = 400     // runes
	maxSource = 120     // runes
	maxText   = 200_000 // bytes, ample for the longest article
	maxID     = 512     // bytes; longer keys are hashed
	maxLink   = 2048    // bytes; a longer link is dropped
)

// bound clips an article's fields to the limits above.
func bound(a *brief.Article) {
	a.Title = clipRunes(a.Title, maxTitle)
	a.Source = clipRunes(a.Source, maxSource)
	if len(a.Text) > maxText {
		cut := maxText
		for cut > 0 && !utf8.RuneStart(a.Text[cut]) {
			cut--
		}
		a.Text = a.Text[:cut]
	}
	if len(a.ID) > maxID {
		sum := sha256.Sum256([]byte(a.ID))
		a.ID = "urn:sha256:" + hex.EncodeToString(sum[:16])
	}
	if len(a.Link) > maxLink {
		a.Link = ""
	}
}

func clipRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}
