package bot

import (
	"cmp"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"briefbot/brief"
	"briefbot/recap"
	"briefbot/store"
	"briefbot/topics"
)

// Store is what the handler reads and writes; store backends satisfy it.
type Store interface {
	Stories(ctx context.Context, q store.StoryQuery) ([]brief.Story, int, error)
	Subscribe(ctx context.Context, s brief.Subscription) error
	Unsubscribe(ctx context.Context, ch brief.ChannelRef, topicID string) error
	Subscriptions(ctx context.Context, ch brief.ChannelRef) ([]brief.Subscription, error)
	Mute(ctx context.Context, ch brief.ChannelRef, topicID string, until time.Time) error
	DigestSchedule(ctx context.Context, ch brief.ChannelRef) (brief.DigestSchedule, error)
	SetDigestSchedule(ctx context.Context, s brief.DigestSchedule) error
	ChatSettings(ctx context.Context, ch brief.ChannelRef) (brief.ChatSettings, error)
	SetChatSettings(ctx context.Context, s brief.ChatSettings) error
	ChannelTopics(ctx context.Context, ch brief.ChannelRef) ([]store.ChannelTopic, error)
	SaveChannelTopic(ctx context.Context, t store.ChannelTopic) (bool, error)
	DeleteChannelTopic(ctx context.Context, ch brief.ChannelRef, id string) error
	EachRecentArticle(ctx context.Context, since time.Time, fn func(brief.Article) error) error
	ReplaceMatches(ctx context.Context, topicID string, matches []brief.Match) (int, error)
	store.StoryDetails
	store.Trends
}

// Digests builds digests on demand and keeps the schedule current; package
// digest satisfies it.
type Digests interface {
	// Now builds the channel's digest covering the time since its previous
	// digest, without moving the schedule: the next scheduled digest still
	// covers the same window.
	Now(ctx context.Context, ch brief.ChannelRef) (brief.Digest, error)
	// Reschedule tells the scheduler a channel's schedule or subscriptions changed.
	Reschedule(ctx context.Context, ch brief.ChannelRef) error
}

// Options tunes a Handler. Zero values take the defaults noted.
type Options struct {
	// PageSize is the number of stories per briefing page (default 5).
	PageSize int
	// DefaultMode is the mode of /subscribe without one (default both).
	DefaultMode brief.Mode
	// DigestTime and DigestZone are the schedule a channel gets until it
	// sets its own (default 07:00 UTC).
	DigestTime string
	DigestZone string
	// SummaryChars is how much of a story's summary briefings show, cut
	// at a sentence or word (summary.max_chars; default MaxSummaryChars).
	SummaryChars int
	// MaxChannelTopics is how many topics one channel may watch with
	// /watch (default DefaultMaxChannelTopics).
	MaxChannelTopics int
	// QueryLimits bound the query of /watch (zero: the topics defaults).
	QueryLimits topics.QueryLimits
	// Focus returns how strongly a sentence carries a topic, by topic ID
	// (topics.Live.Focus), for the summaries of stories told by several
	// outlets; nil summarises them without a focus.
	Focus func(topicID string) func(sentence string) float64
	// TopicsChanged is called after /watch or /unwatch changed a
	// channel's topics, before the channel is subscribed, so that new
	// articles are matched against them; an error fails the command.
	TopicsChanged func(ctx context.Context) error
	// Now returns the current time (default time.Now).
	Now    func() time.Time
	Logger *slog.Logger
}

// Handler answers commands. It is safe for concurrent use.
type Handler struct {
	store  Store
	topics atomic.Pointer[[]brief.Topic]
	// previews lets one /watch preview at a time read the week's
	// articles, which bounds the memory and CPU many channels could ask for.
	previews chan struct{}
	// digestDefault is the digest time and zone of channels that set none.
	digestDefault atomic.Pointer[[2]string]
	digests       Digests
	// recap fills the stories of a briefing told by several outlets.
	recap *recap.Recapper
	opt   Options
	log   *slog.Logger
}

// NewHandler builds a Handler over the known topics. digests may be nil,
// in which case digest commands explain that digests are not running.
func NewHandler(st Store, topics []brief.Topic, digests Digests, opt Options) *Handler {
	if opt.PageSize <= 0 {
		opt.PageSize = 5
	}
	if opt.DefaultMode == "" {
		opt.DefaultMode = brief.ModeBoth
	}
	if opt.DigestTime == "" {
		opt.DigestTime = "07:00"
	}
	if opt.DigestZone == "" {
		opt.DigestZone = "UTC"
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.DiscardHandler)
	}
	if opt.MaxChannelTopics <= 0 {
		opt.MaxChannelTopics = DefaultMaxChannelTopics
	}
	h := &Handler{store: st, digests: digests, opt: opt, log: opt.Logger.With("component", "bot"), previews: make(chan struct{}, 1)}
	h.recap = recap.New(st, recap.Options{MaxChars: SummaryChars(opt.SummaryChars, true), Sentences: MaxSentences, Focus: opt.Focus})
	h.SetTopics(topics)
	h.SetDigestDefault(opt.DigestTime, opt.DigestZone)
	return h
}

// SetDigestDefault replaces the digest time ("HH:MM") and IANA zone of
// channels that set none (a config reload); empty values keep the current
// ones.
func (h *Handler) SetDigestDefault(hm, zone string) {
	d := [2]string{hm, zone}
	if old := h.digestDefault.Load(); old != nil {
		d[0], d[1] = cmp.Or(hm, old[0]), cmp.Or(zone, old[1])
	}
	h.digestDefault.Store(&d)
}

// Topics returns the configured topics the handler knows, in display order.
func (h *Handler) Topics() []brief.Topic { return slices.Clone(*h.topics.Load()) }

// SetTopics replaces the configured topics (a config reload).
func (h *Handler) SetTopics(topics []brief.Topic) {
	ts := slices.Clone(topics)
	h.topics.Store(&ts)
}

// Handle answers one request. It never fails: problems become a Response
// of KindError that says what to type instead, and unexpected failures
// carry an incident ID that also appears in the Error log line.
func (h *Handler) Handle(ctx context.Context, req Request) Response {
	r := h.handle(ctx, req)
	r.Platform = req.Channel.Platform
	r.SummaryChars = h.opt.SummaryChars
	switch r.Kind {
	case KindBriefing, KindDigest, KindSubscriptions, KindTrends:
		// Times show in the channel's zone; stories in its format.
		if r.Zone == "" {
			r.Zone = h.schedule(ctx, req.Channel).Zone
		}
		if r.Format == "" {
			r.Format = h.settings(ctx, req.Channel).Format
		}
	}
	return r
}

func (h *Handler) handle(ctx context.Context, req Request) Response {
	p := req.Channel.Platform
	cmd, err := ParseCommand(req.Text)
	if errors.Is(err, ErrNotCommand) {
		return h.help(p, "")
	}
	if pe, ok := errors.AsType[*ParseError](err); ok {
		r := Response{Kind: KindError, Text: pe.Msg, Private: true}
		if pe.Suggest != "" {
			r.Text += fmt.Sprintf(" Did you mean %s?", Spell(p, pe.Suggest, ""))
		}
		if pe.Usage != "" {
			r.Hint = Usage(p, pe.Usage).Usage
		}
		return r
	}
	if err != nil {
		return h.fail(ctx, req, "parse", err)
	}
	switch cmd.Name {
	case CmdBrief:
		now := h.opt.Now().UTC().Truncate(time.Second)
		return h.briefing(ctx, req, cmd.Topic, now.Add(-cmd.Window), now, max(cmd.Page-1, 0)*h.opt.PageSize)
	case CmdMore:
		// The page token of older buttons still works.
		return h.briefing(ctx, req, cmd.Topic, cmd.Since, cmd.Until, cmd.Offset)
	case CmdTopics:
		return h.topicList(ctx, req)
	case CmdTrends:
		return h.trends(ctx, req)
	case CmdHelp:
		return h.help(p, cmd.About)
	case CmdSubscriptions:
		return h.subscriptions(ctx, req)
	case CmdFormat:
		if !req.CanManage {
			return Response{Kind: KindError, Private: true,
				Text: "Only this chat's administrators can change how its briefings look.",
				Hint: Usage(p, CmdBrief).Usage}
		}
		return h.format(ctx, req, cmd)
	case CmdSubscribe, CmdUnsubscribe, CmdMute, CmdWatch, CmdUnwatch:
		if !req.CanManage {
			return Response{Kind: KindError, Private: true,
				Text: "Only this chat's administrators can change what it follows. Anyone can ask for a briefing.",
				Hint: Usage(p, CmdBrief).Usage}
		}
		switch cmd.Name {
		case CmdWatch:
			return h.watch(ctx, req, cmd)
		case CmdUnwatch:
			return h.unwatch(ctx, req, cmd)
		}
		t, ok, err := h.resolveTopic(ctx, req.Channel, cmd.Topic)
		if err != nil {
			return h.fail(ctx, req, string(cmd.Name), err)
		}
		if !ok {
			return h.unknownTopic(p, cmd.Topic)
		}
		switch cmd.Name {
		case CmdSubscribe:
			return h.subscribe(ctx, req, cmd, t)
		case CmdUnsubscribe:
			return h.unsubscribe(ctx, req, t)
		default:
			return h.mute(ctx, req, cmd, t)
		}
	case CmdDigest:
		if !cmd.Now && !req.CanManage {
			return Response{Kind: KindError, Private: true,
				Text: "Only this chat's administrators can change its digest time.",
				Hint: Spell(p, CmdDigest, "now")}
		}
		return h.digest(ctx, req, cmd)
	}
	return h.help(p, "")
}

func (h *Handler) topic(id string) (brief.Topic, bool) {
	for _, t := range *h.topics.Load() {
		if t.ID == id {
			return t, true
		}
	}
	return brief.Topic{}, false
}

func (h *Handler) briefing(ctx context.Context, req Request, topicID string, since, until time.Time, offset int) Response {
	t, ok, err := h.resolveTopic(ctx, req.Channel, topicID)
	if err != nil {
		return h.fail(ctx, req, "brief", err)
	}
	if !ok {
		return h.unknownTopic(req.Channel.Platform, topicID)
	}
	stories, total, err := h.store.Stories(ctx, store.StoryQuery{TopicID: t.ID, Since: since, Until: until, Limit: h.opt.PageSize, Offset: offset})
	if err != nil {
		return h.fail(ctx, req, "brief", err)
	}
	if err := h.recap.Fill(ctx, t.ID, stories); err != nil {
		// The stories can still be shown, each as its lead article.
		h.log.WarnContext(ctx, "recap stories", "topic", t.ID, "error", err)
	}
	return Response{Kind: KindBriefing, Briefing: &brief.Briefing{Topic: t, Since: since, Until: until, Stories: stories, Offset: offset, Total: total}}
}

// unknownTopic names the closest known topic and how to list them all.
func (h *Handler) unknownTopic(platform, id string) Response {
	r := Response{Kind: KindError, Private: true, Text: fmt.Sprintf("Unknown topic %q.", clip(id, 40)), Hint: Spell(platform, CmdTopics, "")}
	if s, ok := h.suggest(id); ok {
		r.Text += fmt.Sprintf(" Did you mean %s?", s)
	}
	r.Text += " Type " + r.Hint + " to see them all."
	return r
}

// suggest finds the topic ID closest to what the user typed: a prefix
// ("iran" → "iran-russia") or a small edit distance ("iran-rusia").
func (h *Handler) suggest(id string) (string, bool) {
	best, bestD := "", 1<<30
	for _, t := range *h.topics.Load() {
		// Scores in half-steps: an ID prefix beats a word of the title,
		// which beats a typo.
		d := 2 * editDistance(id, t.ID)
		switch {
		case strings.HasPrefix(t.ID, id) || strings.HasPrefix(id, t.ID):
			d = 1
		case strings.Contains(strings.ToLower(t.Title), id):
			d = min(d, 2)
		}
		if d < bestD {
			best, bestD = t.ID, d
		}
	}
	limit := 2 * max(2, utf8.RuneCountInString(id)/3)
	return best, best != "" && bestD <= limit
}

func (h *Handler) help(platform string, about Name) Response {
	names := Names
	if about != "" {
		names = []Name{about}
	}
	r := Response{Kind: KindHelp}
	for _, n := range names {
		r.Help = append(r.Help, Usage(platform, n))
	}
	if about == "" {
		var ids []string
		for _, t := range *h.topics.Load() {
			ids = append(ids, t.ID)
		}
		r.Text = "Topics: " + strings.Join(ids, ", ") + "."
	}
	return r
}

func (h *Handler) subscribe(ctx context.Context, req Request, cmd Command, t brief.Topic) Response {
	mode := cmd.Mode
	if mode == "" {
		mode = h.opt.DefaultMode
	}
	err := h.store.Subscribe(ctx, brief.Subscription{Channel: req.Channel, TopicID: t.ID, Mode: mode, Created: h.opt.Now().UTC()})
	if errors.Is(err, brief.ErrAlreadySubscribed) {
		return Response{Kind: KindNotice, Text: fmt.Sprintf("This %s already follows %s (%s).", Place(req.Channel.Platform), t.Title, describeMode(mode))}
	}
	if err != nil {
		return h.fail(ctx, req, "subscribe", err)
	}
	text := fmt.Sprintf("Subscribed: this %s now gets %s for %s.", Place(req.Channel.Platform), describeMode(mode), t.Title)
	if mode.Digest() {
		sched := h.schedule(ctx, req.Channel)
		text += fmt.Sprintf(" The digest comes daily at %s %s; change it with %s.", sched.Time, sched.Zone, Spell(req.Channel.Platform, CmdDigest, "<HH:MM> [Area/City]"))
	}
	if err := h.reschedule(ctx, req.Channel); err != nil {
		return h.fail(ctx, req, "subscribe", err)
	}
	return Response{Kind: KindNotice, Text: text}
}

func describeMode(m brief.Mode) string {
	switch m {
	case brief.ModeAlerts:
		return "instant alerts"
	case brief.ModeDigest:
		return "the daily digest"
	}
	return "instant alerts and the daily digest"
}

func (h *Handler) unsubscribe(ctx context.Context, req Request, t brief.Topic) Response {
	err := h.store.Unsubscribe(ctx, req.Channel, t.ID)
	if errors.Is(err, brief.ErrNotFound) {
		return Response{Kind: KindNotice, Text: fmt.Sprintf("This %s does not follow %s.", Place(req.Channel.Platform), t.Title), Hint: Spell(req.Channel.Platform, CmdSubscriptions, "")}
	}
	if err != nil {
		return h.fail(ctx, req, "unsubscribe", err)
	}
	if err := h.reschedule(ctx, req.Channel); err != nil {
		return h.fail(ctx, req, "unsubscribe", err)
	}
	return Response{Kind: KindNotice, Text: fmt.Sprintf("Unsubscribed: no more %s updates here.", t.Title)}
}

func (h *Handler) mute(ctx context.Context, req Request, cmd Command, t brief.Topic) Response {
	until := h.opt.Now().UTC().Add(cmd.Window)
	err := h.store.Mute(ctx, req.Channel, t.ID, until)
	if errors.Is(err, brief.ErrNotFound) {
		return Response{Kind: KindNotice, Text: fmt.Sprintf("This %s does not follow %s, so there is nothing to mute.", Place(req.Channel.Platform), t.Title)}
	}
	if err != nil {
		return h.fail(ctx, req, "mute", err)
	}
	loc := zoneOf(h.schedule(ctx, req.Channel).Zone)
	return Response{Kind: KindNotice, Text: fmt.Sprintf("Muted %s alerts for %s (until %s).", t.Title, FormatWindow(cmd.Window), until.In(loc).Format("Mon 2 Jan 15:04 MST"))}
}

func (h *Handler) format(ctx context.Context, req Request, cmd Command) Response {
	if err := h.store.SetChatSettings(ctx, brief.ChatSettings{Channel: req.Channel, Format: cmd.Format}); err != nil {
		return h.fail(ctx, req, "format", err)
	}
	if cmd.Format == brief.FormatShort {
		return Response{Kind: KindNotice, Text: fmt.Sprintf("Briefings in this %s now show headlines only.", Place(req.Channel.Platform)),
			Hint: Spell(req.Channel.Platform, CmdFormat, string(brief.FormatFull))}
	}
	return Response{Kind: KindNotice, Text: fmt.Sprintf("Briefings in this %s now show a short summary of each story and why it is there.", Place(req.Channel.Platform))}
}

// settings returns the channel's display settings, or the defaults.
func (h *Handler) settings(ctx context.Context, ch brief.ChannelRef) brief.ChatSettings {
	s, err := h.store.ChatSettings(ctx, ch)
	if err != nil {
		if !errors.Is(err, brief.ErrNotFound) {
			h.log.Warn("read chat settings", "channel", ch.String(), "error", err)
		}
		return brief.ChatSettings{Channel: ch, Format: brief.FormatFull}
	}
	return s
}

func (h *Handler) subscriptions(ctx context.Context, req Request) Response {
	subs, err := h.store.Subscriptions(ctx, req.Channel)
	if err != nil {
		return h.fail(ctx, req, "subscriptions", err)
	}
	now := h.opt.Now()
	for i := range subs {
		if subs[i].MutedUntil.Before(now) {
			subs[i].MutedUntil = time.Time{} // a mute that has run out is no news
		}
	}
	sched := h.schedule(ctx, req.Channel)
	r := Response{Kind: KindSubscriptions, Subscriptions: subs, Schedule: &sched}
	if len(subs) == 0 {
		r.Hint = Usage(req.Channel.Platform, CmdSubscribe).Usage
	}
	return r
}

// schedule returns the channel's digest schedule, or the default one.
func (h *Handler) schedule(ctx context.Context, ch brief.ChannelRef) brief.DigestSchedule {
	s, err := h.store.DigestSchedule(ctx, ch)
	if err != nil {
		if !errors.Is(err, brief.ErrNotFound) {
			h.log.Warn("read digest schedule", "channel", ch.String(), "error", err)
		}
		d := *h.digestDefault.Load()
		return brief.DigestSchedule{Channel: ch, Time: d[0], Zone: d[1]}
	}
	return s
}

func (h *Handler) digest(ctx context.Context, req Request, cmd Command) Response {
	p := req.Channel.Platform
	if h.digests == nil {
		return Response{Kind: KindError, Text: "Digests are not running on this bot."}
	}
	if cmd.Now {
		subs, err := h.store.Subscriptions(ctx, req.Channel)
		if err != nil {
			return h.fail(ctx, req, "digest", err)
		}
		if !slices.ContainsFunc(subs, func(s brief.Subscription) bool { return s.Mode.Digest() && s.Disabled == "" }) {
			return Response{Kind: KindNotice, Text: fmt.Sprintf("This %s has no digest subscriptions yet.", Place(p)), Hint: Spell(p, CmdSubscribe, "<topic> digest")}
		}
		d, err := h.digests.Now(ctx, req.Channel)
		if err != nil {
			return h.fail(ctx, req, "digest", err)
		}
		return Response{Kind: KindDigest, Digest: &d}
	}
	sched := h.schedule(ctx, req.Channel)
	sched.Channel = req.Channel
	if cmd.Off {
		sched.Off = true
	} else {
		sched.Off = false
		sched.Time = cmd.Time
		if cmd.Zone != "" {
			sched.Zone = cmd.Zone
		}
	}
	if err := h.store.SetDigestSchedule(ctx, sched); err != nil {
		return h.fail(ctx, req, "digest", err)
	}
	if err := h.reschedule(ctx, req.Channel); err != nil {
		return h.fail(ctx, req, "digest", err)
	}
	if sched.Off {
		return Response{Kind: KindNotice, Text: fmt.Sprintf("The daily digest is off for this %s. Alerts continue.", Place(p)), Hint: Spell(p, CmdDigest, "07:00")}
	}
	text := fmt.Sprintf("The daily digest will come at %s %s.", sched.Time, sched.Zone)
	if loc, err := LoadZone(sched.Zone); err == nil {
		if next, err := brief.NextDaily(sched.Time, loc, h.opt.Now()); err == nil {
			text += " Next: " + next.In(loc).Format("Mon 2 Jan 15:04 MST") + "."
		}
	}
	return Response{Kind: KindNotice, Text: text}
}

func (h *Handler) reschedule(ctx context.Context, ch brief.ChannelRef) error {
	if h.digests == nil {
		return nil
	}
	return h.digests.Reschedule(ctx, ch)
}

// fail logs an unexpected failure with an incident ID and tells the user
// only that ID: what broke is for the operator.
func (h *Handler) fail(ctx context.Context, req Request, op string, err error) Response {
	id := incidentID()
	h.log.ErrorContext(ctx, "command failed", "incident", id, "op", op, "platform", req.Channel.Platform, "channel", req.Channel.String(), "error", err)
	return Response{Kind: KindError, Private: true, Incident: id,
		Text: fmt.Sprintf("Sorry, something went wrong on my side (incident %s). Please try again in a minute.", id)}
}

func incidentID() string {
	var b [4]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
