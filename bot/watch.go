package bot

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"briefbot/brief"
	"briefbot/store"
	"briefbot/summarize"
	"briefbot/topics"
)

// Defaults for the topics a channel defines from chat.
const (
	// DefaultMaxChannelTopics is how many topics one channel may watch
	// with /watch.
	DefaultMaxChannelTopics = 20
	// PreviewWindow is how far back /watch looks in the stored articles
	// to show what a new topic would have matched.
	PreviewWindow = 7 * 24 * time.Hour
	// PreviewStories is how many of those it shows.
	PreviewStories = 5
	// PreviewKeep is how many of those, the newest, are stored as the
	// topic's matches, so that /brief shows them.
	PreviewKeep = 500
)

// ChannelTopicID is the ID matches and subscriptions give a topic that
// channel ch defined as id: "caspian@slack:C123". Configured topic IDs
// never contain '@', so it collides with none of them, nor with another
// channel's topic of the same id.
func ChannelTopicID(ch brief.ChannelRef, id string) string { return id + "@" + ch.String() }

// LocalTopicID is the ID a channel types for a topic: id itself, or the
// part of a channel-scoped ID before its '@'.
func LocalTopicID(id string) string {
	if i := strings.IndexByte(id, '@'); i > 0 {
		return id[:i]
	}
	return id
}

// ChannelTopicDefinition is the topic definition the matcher compiles for
// a stored channel topic, under its channel-scoped ID.
func ChannelTopicDefinition(t store.ChannelTopic) topics.Definition {
	return topics.Definition{ID: ChannelTopicID(t.Channel, t.ID), Title: t.ID, Query: t.Query}
}

// channelTopic is what a briefing shows of a channel's own topic.
func channelTopic(t store.ChannelTopic) brief.Topic {
	return brief.Topic{ID: ChannelTopicID(t.Channel, t.ID), Title: t.ID, Description: t.Query}
}

// resolveTopic finds the topic a channel means by id: a configured topic,
// else one the channel watches with /watch.
func (h *Handler) resolveTopic(ctx context.Context, ch brief.ChannelRef, id string) (brief.Topic, bool, error) {
	if t, ok := h.topic(id); ok {
		return t, true, nil
	}
	own, err := h.store.ChannelTopics(ctx, ch)
	if err != nil {
		return brief.Topic{}, false, err
	}
	for _, t := range own {
		if t.ID == id {
			return channelTopic(t), true, nil
		}
	}
	return brief.Topic{}, false, nil
}

func (h *Handler) watch(ctx context.Context, req Request, cmd Command) Response {
	p, ch := req.Channel.Platform, req.Channel
	hint := Usage(p, CmdWatch).Usage
	if err := topics.CheckID(cmd.Topic); err != nil {
		return Response{Kind: KindError, Private: true, Text: fmt.Sprintf("%q cannot name a topic: %v.", clip(cmd.Topic, 40), err), Hint: hint}
	}
	if _, ok := h.topic(cmd.Topic); ok {
		return Response{Kind: KindError, Private: true,
			Text: fmt.Sprintf("%s is one of the bot's own topics; give yours another ID.", cmd.Topic), Hint: hint}
	}
	def, err := topics.QueryDefinition(cmd.Topic, cmd.Topic, cmd.Query, h.opt.QueryLimits)
	if err != nil {
		return queryError(p, cmd, err)
	}
	own, err := h.store.ChannelTopics(ctx, ch)
	if err != nil {
		return h.fail(ctx, req, "watch", err)
	}
	if !slices.ContainsFunc(own, func(t store.ChannelTopic) bool { return t.ID == cmd.Topic }) && len(own) >= h.opt.MaxChannelTopics {
		return Response{Kind: KindError, Private: true,
			Text: fmt.Sprintf("This %s already watches %d topics of its own, the most it may. Stop watching one first.", Place(p), len(own)),
			Hint: Spell(p, CmdUnwatch, "<id>")}
	}
	// The preview comes first: a store or matcher failure then leaves
	// nothing half done.
	now := h.opt.Now().UTC().Truncate(time.Second)
	since := now.Add(-PreviewWindow)
	matched, found, err := h.preview(ctx, def, ChannelTopicID(ch, cmd.Topic), since, now)
	if err != nil {
		return h.fail(ctx, req, "watch", err)
	}
	ct := store.ChannelTopic{Channel: ch, ID: cmd.Topic, Query: cmd.Query, Created: now}
	created, err := h.store.SaveChannelTopic(ctx, ct)
	if err != nil {
		return h.fail(ctx, req, "watch", err)
	}
	if h.opt.TopicsChanged != nil {
		if err := h.opt.TopicsChanged(ctx); err != nil {
			return h.fail(ctx, req, "watch", err)
		}
	}
	t := channelTopic(ct)
	err = h.store.Subscribe(ctx, brief.Subscription{Channel: ch, TopicID: t.ID, Mode: h.opt.DefaultMode, Created: now})
	if err != nil && !errors.Is(err, brief.ErrAlreadySubscribed) {
		return h.fail(ctx, req, "watch", err)
	}
	// What the preview found is the topic's past: /brief shows it from
	// now on, without alerting anyone to old news, and nothing a former
	// query of the same ID matched. The answer shows it as /brief would,
	// story by story: five reports of one event are one line.
	if _, err := h.store.ReplaceMatches(ctx, t.ID, found); err != nil {
		return h.fail(ctx, req, "watch", err)
	}
	stories, total, err := h.store.Stories(ctx, store.StoryQuery{TopicID: t.ID, Since: since, Until: now, Limit: PreviewStories})
	if err != nil {
		return h.fail(ctx, req, "watch", err)
	}
	if err := h.recap.Fill(ctx, t.ID, stories); err != nil {
		h.log.WarnContext(ctx, "recap preview stories", "topic", t.ID, "error", err)
	}
	for i := range stories {
		stories[i].Article.Text = "" // not shown, and the outbox need not keep it
	}
	preview := brief.Briefing{Topic: t, Since: since, Until: now, Stories: stories, Total: total}
	if err := h.reschedule(ctx, ch); err != nil {
		return h.fail(ctx, req, "watch", err)
	}
	verb := "Now watching"
	if !created {
		verb = "Changed the query of"
	}
	text := fmt.Sprintf("%s %s in this %s: %s\nNew articles it matches come here as %s; %s stops it.",
		verb, cmd.Topic, Place(p), cmd.Query, describeMode(h.opt.DefaultMode), Spell(p, CmdUnwatch, cmd.Topic))
	if matched > 0 {
		text += fmt.Sprintf(" %s briefs on the week's matches.", Spell(p, CmdBrief, cmd.Topic+" 7d"))
	}
	return Response{Kind: KindWatch, Text: text, Briefing: &preview, Matched: matched}
}

// queryError explains a query that cannot be watched: a syntax error
// with its column and a caret under it, or the limit it is over.
func queryError(platform string, cmd Command, err error) Response {
	r := Response{Kind: KindError, Private: true, Hint: Usage(platform, CmdWatch).Usage}
	if se, ok := errors.AsType[*topics.SyntaxError](err); ok {
		r.Text = fmt.Sprintf("That query does not read: %v.\n%s", se, se.Pointer())
		return r
	}
	if le, ok := errors.AsType[*topics.LimitError](err); ok {
		r.Text = fmt.Sprintf("That query is too big: %v.", le)
		return r
	}
	r.Text = fmt.Sprintf("I cannot watch that query: %v.", err)
	return r
}

// preview matches the stored articles published in [since, until) against
// a topic: how many it matches, and, under topicID, the matches to store
// for the topic's briefings: the newest PreviewKeep, oldest first (the
// order SaveArticle would have seen them in), each with its summary.
func (h *Handler) preview(ctx context.Context, def topics.Definition, topicID string, since, until time.Time) (int, []brief.Match, error) {
	m, err := topics.Compile([]topics.Definition{def})
	if err != nil {
		return 0, nil, err
	}
	select {
	case h.previews <- struct{}{}:
		defer func() { <-h.previews }()
	case <-ctx.Done():
		return 0, nil, ctx.Err()
	}
	// The articles fetched since then pass through one at a time; only
	// the newest PreviewKeep matches are held, so a broad query over a
	// large archive costs time, not memory.
	newest := func(x, y brief.Story) int {
		return cmp.Or(y.Article.Published.Compare(x.Article.Published), strings.Compare(x.Article.ID, y.Article.ID))
	}
	var found []brief.Story
	total := 0
	err = h.store.EachRecentArticle(ctx, since, func(a brief.Article) error {
		if a.DuplicateOf != "" || a.Published.Before(since) || !a.Published.Before(until) {
			return nil // its original stands for it; or outside the window /brief reads
		}
		if ms := m.Match(a); len(ms) > 0 {
			total++
			found = append(found, brief.Story{Article: a, Match: ms[0]})
			if len(found) >= 2*PreviewKeep {
				slices.SortFunc(found, newest)
				clear(found[PreviewKeep:])
				found = found[:PreviewKeep]
			}
		}
		return nil
	})
	if err != nil {
		return 0, nil, err
	}
	slices.SortFunc(found, newest)
	found = found[:min(len(found), PreviewKeep)]
	keep := make([]brief.Match, 0, len(found))
	focus := m.Focus(def.ID)
	for i := len(found) - 1; i >= 0; i-- {
		s := found[i]
		mt := s.Match
		mt.TopicID, mt.ArticleID = topicID, s.Article.ID
		mt.Summary = summarize.Summarize(s.Article.Text, summarize.Options{N: MaxSentences, Title: s.Article.Title, Focus: focus})
		keep = append(keep, mt)
	}
	return total, keep, nil
}

func (h *Handler) unwatch(ctx context.Context, req Request, cmd Command) Response {
	p, ch := req.Channel.Platform, req.Channel
	err := h.store.DeleteChannelTopic(ctx, ch, cmd.Topic)
	if errors.Is(err, brief.ErrNotFound) {
		r := Response{Kind: KindNotice, Text: fmt.Sprintf("This %s watches no topic of its own called %s.", Place(p), clip(cmd.Topic, 40)), Hint: Spell(p, CmdTopics, "")}
		if _, ok := h.topic(cmd.Topic); ok {
			r.Text += fmt.Sprintf(" %s is one of the bot's own topics: to stop following it, use %s.", cmd.Topic, Spell(p, CmdUnsubscribe, cmd.Topic))
			r.Hint = Spell(p, CmdUnsubscribe, cmd.Topic)
		}
		return r
	}
	if err != nil {
		return h.fail(ctx, req, "unwatch", err)
	}
	if h.opt.TopicsChanged != nil {
		if err := h.opt.TopicsChanged(ctx); err != nil {
			return h.fail(ctx, req, "unwatch", err)
		}
	}
	if err := h.store.Unsubscribe(ctx, ch, ChannelTopicID(ch, cmd.Topic)); err != nil && !errors.Is(err, brief.ErrNotFound) {
		return h.fail(ctx, req, "unwatch", err)
	}
	if err := h.reschedule(ctx, ch); err != nil {
		return h.fail(ctx, req, "unwatch", err)
	}
	return Response{Kind: KindNotice, Text: fmt.Sprintf("Stopped watching %s: no more alerts or digest sections on it here.", cmd.Topic)}
}

// topicList answers /topics: the configured topics, then the channel's own.
func (h *Handler) topicList(ctx context.Context, req Request) Response {
	own, err := h.store.ChannelTopics(ctx, req.Channel)
	if err != nil {
		return h.fail(ctx, req, "topics", err)
	}
	r := Response{Kind: KindTopics, Topics: h.Topics()}
	for _, t := range own {
		r.ChannelTopics = append(r.ChannelTopics, channelTopic(t))
	}
	return r
}
