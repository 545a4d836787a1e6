package digest

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/robfig/cron/v3"

	"briefbot/brief"
	"briefbot/recap"
	"briefbot/store"
)

// Store is the storage digests read.
type Store interface {
	AllSubscriptions(ctx context.Context) ([]brief.Subscription, error)
	Subscriptions(ctx context.Context, ch brief.ChannelRef) ([]brief.Subscription, error)
	DigestSchedule(ctx context.Context, ch brief.ChannelRef) (brief.DigestSchedule, error)
	Stories(ctx context.Context, q store.StoryQuery) ([]brief.Story, int, error)
	store.StoryDetails
	store.Trends
}

// Publisher queues a digest under key and moves the channel's window to
// lastUntil in one transaction; false means the key was already queued.
// bot.Dispatcher satisfies it.
type Publisher interface {
	Digest(ctx context.Context, key string, sched brief.DigestSchedule, lastUntil time.Time, d brief.Digest) (bool, error)
}

// Options tunes digests. Zero values take the defaults noted.
type Options struct {
	// Topics in display order; sections follow it.
	Topics []brief.Topic
	// Time and Zone are the schedule of channels that set none (07:00 UTC).
	Time, Zone string
	// StoriesPerTopic caps each section (default 5): the best ranked of
	// the window's stories (see Rank).
	StoriesPerTopic int
	// SummaryChars is the characters a story's summary may take
	// (summary.max_chars; default recap.DefaultMaxChars).
	SummaryChars int
	// Focus returns how strongly a sentence carries a topic, by topic ID
	// (topics.Live.Focus), for the summaries of stories told by several
	// outlets; nil summarises them without a focus.
	Focus func(topicID string) func(sentence string) float64
	// OmitEmpty leaves out topics with nothing new instead of giving
	// them one line.
	OmitEmpty bool
	// FirstWindow is what a channel's first digest covers (default 24h).
	FirstWindow time.Duration
	// JobTimeout bounds one digest run (default 1m).
	JobTimeout time.Duration
	// Resync is how often every channel's schedule is read again from the
	// store (default 30s), so changes made through another replica (with
	// PostgreSQL, commands reach any replica; digests run on the leader)
	// take effect.
	Resync time.Duration
	Now    func() time.Time
	Logger *slog.Logger
}

// Scheduler runs every channel's digest. It satisfies bot.Digests.
type Scheduler struct {
	store Store
	pub   Publisher
	recap *recap.Recapper
	opt   Options
	log   *slog.Logger

	mu      sync.Mutex
	cron    *cron.Cron
	entries map[brief.ChannelRef]entry
	runCtx  context.Context // the context of Run, for cron jobs (which get none)
}

// entry is a channel's cron entry and the schedule it was made from.
type entry struct {
	id    cron.EntryID
	sched string // "HH:MM zone"
}

// New builds a Scheduler; it does no I/O.
func New(st Store, pub Publisher, opt Options) *Scheduler {
	if opt.Time == "" {
		opt.Time = "07:00"
	}
	if opt.Zone == "" {
		opt.Zone = "UTC"
	}
	if opt.StoriesPerTopic <= 0 {
		opt.StoriesPerTopic = 5
	}
	if opt.FirstWindow <= 0 {
		opt.FirstWindow = 24 * time.Hour
	}
	if opt.JobTimeout <= 0 {
		opt.JobTimeout = time.Minute
	}
	if opt.Resync <= 0 {
		opt.Resync = 30 * time.Second
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.DiscardHandler)
	}
	log := opt.Logger.With("component", "digest")
	rc := recap.New(st, recap.Options{MaxChars: opt.SummaryChars, Focus: opt.Focus})
	return &Scheduler{store: st, pub: pub, recap: rc, opt: opt, log: log, entries: map[brief.ChannelRef]entry{}}
}

// Daily is a cron.Schedule firing once a day at a local time, resolved
// across daylight-saving changes by brief.NextDaily.
type Daily struct {
	HM  string
	Loc *time.Location
}

// Next implements cron.Schedule.
func (d Daily) Next(t time.Time) time.Time {
	n, err := brief.NextDaily(d.HM, d.Loc, t)
	if err != nil {
		return time.Time{} // cron treats zero as "never"
	}
	return n
}

// Previous returns the latest firing at or before t.
func (d Daily) Previous(t time.Time) time.Time {
	var last time.Time
	for n := d.Next(t.Add(-50 * time.Hour)); !n.IsZero() && !n.After(t); n = d.Next(n) {
		last = n
	}
	return last
}

// Run schedules every channel's digest, first sending any digest missed
// while the bot was down, and runs until ctx ends, reading the schedules
// again every Resync. On return no digest job is running.
func (s *Scheduler) Run(ctx context.Context) error {
	c := cron.New(cron.WithLocation(time.UTC), cron.WithLogger(cronLogger{s.log}),
		cron.WithChain(cron.Recover(cronLogger{s.log}), cron.SkipIfStillRunning(cronLogger{s.log})))
	s.mu.Lock()
	s.cron, s.runCtx = c, ctx
	s.mu.Unlock()
	channels, err := s.channels(ctx)
	if err != nil {
		return fmt.Errorf("load digest schedules: %w", err)
	}
	caught := 0
	for _, ch := range channels {
		// One channel's broken schedule (a zone this build does not know)
		// must not stop everyone else's digests.
		if err := s.Reschedule(ctx, ch); err != nil {
			s.log.Error("schedule digest", "channel", ch.String(), "error", err)
			continue
		}
		// Catch up: the job sends the digest of the latest scheduled time
		// if it was not sent, whenever that was.
		sent, err := s.Fire(ctx, ch)
		if err != nil {
			s.log.Error("catch-up digest", "channel", ch.String(), "error", err)
		}
		if sent {
			caught++
		}
	}
	s.log.Info("digests scheduled", "count", len(channels), "caught_up", caught)
	c.Start()
	t := time.NewTicker(s.opt.Resync)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			<-c.Stop().Done()
			return nil
		case <-t.C:
			s.resync(ctx)
		}
	}
}

// resync reads every channel's schedule again and replaces the entries
// that changed, added or gone.
func (s *Scheduler) resync(ctx context.Context) {
	channels, err := s.channels(ctx)
	if err != nil {
		if ctx.Err() == nil {
			s.log.Error("reload digest schedules", "error", err)
		}
		return
	}
	s.mu.Lock()
	for ch := range s.entries {
		if !slices.Contains(channels, ch) {
			channels = append(channels, ch) // unsubscribed elsewhere: Reschedule removes it
		}
	}
	s.mu.Unlock()
	for _, ch := range channels {
		if err := s.Reschedule(ctx, ch); err != nil && ctx.Err() == nil {
			s.log.Error("schedule digest", "channel", ch.String(), "error", err)
		}
	}
}

// channels lists the channels with at least one active digest subscription.
func (s *Scheduler) channels(ctx context.Context) ([]brief.ChannelRef, error) {
	subs, err := s.store.AllSubscriptions(ctx)
	if err != nil {
		return nil, err
	}
	var out []brief.ChannelRef
	for _, sub := range subs {
		if sub.Mode.Digest() && sub.Disabled == "" && !slices.Contains(out, sub.Channel) {
			out = append(out, sub.Channel)
		}
	}
	return out, nil
}

// schedule returns the channel's schedule, or the default one.
func (s *Scheduler) schedule(ctx context.Context, ch brief.ChannelRef) (brief.DigestSchedule, *time.Location, error) {
	sched, err := s.store.DigestSchedule(ctx, ch)
	if errors.Is(err, brief.ErrNotFound) {
		sched, err = brief.DigestSchedule{Channel: ch, Time: s.opt.Time, Zone: s.opt.Zone}, nil
	}
	if err != nil {
		return sched, nil, fmt.Errorf("read digest schedule of %s: %w", ch, err)
	}
	sched.Channel = ch
	loc, err := time.LoadLocation(sched.Zone)
	if err != nil {
		return sched, nil, fmt.Errorf("digest zone %q of %s: %w", sched.Zone, ch, err)
	}
	return sched, loc, nil
}

// Reschedule replaces the channel's cron entry after its schedule or
// subscriptions changed. It implements bot.Digests.
func (s *Scheduler) Reschedule(ctx context.Context, ch brief.ChannelRef) error {
	subs, err := s.activeDigestTopics(ctx, ch)
	if err != nil {
		return err
	}
	sched, loc, err := s.schedule(ctx, ch)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cron == nil {
		// Not running here: a one-shot command, or a replica that does not
		// lead. The leader reads the change at its next resync.
		return nil
	}
	want := ""
	if len(subs) > 0 && !sched.Off {
		want = sched.Time + " " + sched.Zone
	}
	old, had := s.entries[ch]
	if had && old.sched == want {
		return nil
	}
	if had {
		s.cron.Remove(old.id)
		delete(s.entries, ch)
	}
	if want == "" {
		return nil
	}
	runCtx := s.runCtx
	id := s.cron.Schedule(Daily{HM: sched.Time, Loc: loc}, cron.FuncJob(func() {
		ctx, cancel := context.WithTimeout(runCtx, s.opt.JobTimeout)
		defer cancel()
		if _, err := s.Fire(ctx, ch); err != nil && ctx.Err() == nil {
			s.log.Error("digest", "channel", ch.String(), "error", err)
		}
	}))
	s.entries[ch] = entry{id: id, sched: want}
	return nil
}

// Scheduled returns when the channel's next digest runs, if it is
// scheduled on this replica.
func (s *Scheduler) Scheduled(ch brief.ChannelRef) (time.Time, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.entries[ch]
	if !ok || s.cron == nil {
		return time.Time{}, false
	}
	next := s.cron.Entry(e.id).Next
	return next, !next.IsZero()
}

func (s *Scheduler) activeDigestTopics(ctx context.Context, ch brief.ChannelRef) ([]string, error) {
	ids, _, err := s.digestSubs(ctx, ch)
	return ids, err
}

// digestSubs returns the topics the channel gets in its digest and when
// the earliest of those subscriptions was made.
func (s *Scheduler) digestSubs(ctx context.Context, ch brief.ChannelRef) ([]string, time.Time, error) {
	subs, err := s.store.Subscriptions(ctx, ch)
	if err != nil {
		return nil, time.Time{}, fmt.Errorf("read subscriptions of %s: %w", ch, err)
	}
	var ids []string
	var since time.Time
	for _, sub := range subs {
		if sub.Mode.Digest() && sub.Disabled == "" {
			ids = append(ids, sub.TopicID)
			if since.IsZero() || sub.Created.Before(since) {
				since = sub.Created
			}
		}
	}
	return ids, since, nil
}

// Fire queues the channel's digest for its latest scheduled time at or
// before now, unless that digest was already queued. The cron job and the
// start-up catch-up both call it, so a digest missed while the bot was down
// is sent once, and never twice.
func (s *Scheduler) Fire(ctx context.Context, ch brief.ChannelRef) (bool, error) {
	now := s.opt.Now().UTC()
	sched, loc, err := s.schedule(ctx, ch)
	if err != nil || sched.Off {
		return false, err
	}
	due := Daily{HM: sched.Time, Loc: loc}.Previous(now)
	if due.IsZero() || !sched.LastUntil.Before(due) {
		return false, nil // the latest scheduled digest already went out
	}
	topicIDs, subscribed, err := s.digestSubs(ctx, ch)
	if err != nil || len(topicIDs) == 0 {
		return false, err
	}
	if due.Before(subscribed) {
		return false, nil // the channel subscribed after that digest time
	}
	since := sched.LastUntil
	if since.IsZero() {
		since = now.Add(-s.opt.FirstWindow)
	}
	d, err := s.build(ctx, topicIDs, since, now, due.In(loc).Format("2006-01-02"), sched.Zone)
	if err != nil {
		return false, err
	}
	key := fmt.Sprintf("digest:%s:%s:%s", ch, strings.Join(topicIDs, ","), d.Date)
	ok, err := s.pub.Digest(ctx, key, sched, now, d)
	if err != nil {
		return false, err
	}
	if ok {
		s.log.Info("digest queued", "channel", ch.String(), "date", d.Date, "count", storyCount(d))
	}
	return ok, nil
}

// Now builds the channel's digest covering the time since its previous
// digest, without moving the window or disturbing the schedule. It
// implements bot.Digests.
func (s *Scheduler) Now(ctx context.Context, ch brief.ChannelRef) (brief.Digest, error) {
	now := s.opt.Now().UTC()
	sched, loc, err := s.schedule(ctx, ch)
	if err != nil {
		return brief.Digest{}, err
	}
	topicIDs, err := s.activeDigestTopics(ctx, ch)
	if err != nil {
		return brief.Digest{}, err
	}
	since := sched.LastUntil
	if since.IsZero() {
		since = now.Add(-s.opt.FirstWindow)
	}
	return s.build(ctx, topicIDs, since, now, now.In(loc).Format("2006-01-02"), sched.Zone)
}

// build assembles a digest: per topic in catalogue order, the best ranked
// stories that began in [since, until), each story told by several
// outlets with its cited summary; then the topics whose count of stories
// today (in zone) spikes.
func (s *Scheduler) build(ctx context.Context, topicIDs []string, since, until time.Time, date, zone string) (brief.Digest, error) {
	d := brief.Digest{Date: date, Zone: zone, Since: since, Until: until}
	topics := s.ordered(topicIDs)
	for _, t := range topics {
		stories, total, err := s.top(ctx, t.ID, since, until)
		if err != nil {
			return d, err
		}
		if total == 0 && s.opt.OmitEmpty {
			continue
		}
		d.Sections = append(d.Sections, brief.Briefing{Topic: t, Since: since, Until: until, Stories: stories, Total: total})
	}
	loc, err := time.LoadLocation(zone)
	if err != nil {
		loc = time.UTC
	}
	counts, err := s.store.TopicDayCounts(ctx, topicIDs, brief.DayBounds(until, loc, brief.TrendDays))
	if err != nil {
		return d, fmt.Errorf("count stories per day: %w", err)
	}
	for _, t := range topics {
		if tr := (brief.Trend{Topic: t, Days: counts[t.ID]}); tr.Spike() {
			d.Spikes = append(d.Spikes, tr)
		}
	}
	return d, nil
}

// maxCandidates is how many of a section's newest stories are ranked for
// it: a day's digest on a busy topic has a few dozen.
const maxCandidates = 100

// top returns a section's StoriesPerTopic best ranked stories of the
// window (of its maxCandidates newest), filled by recap, and the number
// of stories in the window.
func (s *Scheduler) top(ctx context.Context, topicID string, since, until time.Time) ([]brief.Story, int, error) {
	stories, total, err := s.store.Stories(ctx, store.StoryQuery{TopicID: topicID, Since: since, Until: until, Limit: maxCandidates})
	if err != nil {
		return nil, 0, fmt.Errorf("read stories on %s: %w", topicID, err)
	}
	if len(stories) > 1 {
		leads := make([]string, len(stories))
		for i, st := range stories {
			leads[i] = st.Article.ID
		}
		details, err := s.store.StoryDetails(ctx, topicID, leads, 0)
		if err != nil {
			return nil, 0, fmt.Errorf("read stories on %s: %w", topicID, err)
		}
		stories = Rank(stories, details, until)
	}
	stories = stories[:min(len(stories), s.opt.StoriesPerTopic)]
	if err := s.recap.Fill(ctx, topicID, stories); err != nil {
		// The stories can still be shown, each as its lead article.
		s.log.Warn("recap stories", "topic", topicID, "error", err)
	}
	return stories, total, nil
}

// ordered returns the topics for ids in catalogue order; ids unknown to the
// catalogue (a topic removed from the config) come last under their ID.
func (s *Scheduler) ordered(ids []string) []brief.Topic {
	var out []brief.Topic
	for _, t := range s.opt.Topics {
		if slices.Contains(ids, t.ID) {
			out = append(out, t)
		}
	}
	for _, id := range ids {
		if !slices.ContainsFunc(s.opt.Topics, func(t brief.Topic) bool { return t.ID == id }) {
			out = append(out, brief.Topic{ID: id, Title: id})
		}
	}
	return out
}

func storyCount(d brief.Digest) int {
	n := 0
	for _, s := range d.Sections {
		n += len(s.Stories)
	}
	return n
}

// cronLogger routes cron's own logging (and recovered panics) to slog.
type cronLogger struct{ log *slog.Logger }

func (l cronLogger) Info(msg string, kv ...any) { l.log.Debug("cron: "+msg, kv...) }
func (l cronLogger) Error(err error, msg string, kv ...any) {
	l.log.Error("cron: "+msg, append(kv, "error", err)...)
}
