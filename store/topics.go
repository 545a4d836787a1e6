package store

import (
	"context"
	"time"

	"briefbot/brief"
)

// ChannelTopic is a topic a channel defined from chat (/watch): a query in
// the topic language, watched only by that channel.
type ChannelTopic struct {
	Channel brief.ChannelRef
	// ID is the topic ID as the channel typed it, unique within the
	// channel; other channels and the config may use the same ID.
	ID      string
	Query   string
	Created time.Time
}

// Watches is the topics channels defined from chat (/watch and
// /unwatch). Every replica compiles all of them into its matcher.
type Watches interface {
	// SaveChannelTopic stores a channel's topic and reports true, or, when
	// the channel has a topic with that ID, replaces its query (keeping
	// Created) and reports false.
	SaveChannelTopic(ctx context.Context, t ChannelTopic) (created bool, err error)
	// DeleteChannelTopic removes a channel's topic; brief.ErrNotFound when
	// the channel has none with that ID.
	DeleteChannelTopic(ctx context.Context, ch brief.ChannelRef, id string) error
	// ChannelTopics returns a channel's topics ordered by ID.
	ChannelTopics(ctx context.Context, ch brief.ChannelRef) ([]ChannelTopic, error)
	// AllChannelTopics returns every channel's topics, ordered by channel
	// (platform, id, thread) then ID.
	AllChannelTopics(ctx context.Context) ([]ChannelTopic, error)
	// AddMatches stores matches found after the fact, of articles already
	// stored (each match names its ArticleID), in one transaction: a topic
	// just watched, matched against the week's articles, so that its
	// briefings show what its preview showed. Each article's story is filed
	// under the match's topic as SaveArticle would have filed it, with the
	// first match given standing for a story new to the topic, but no alert
	// or update is queued: the news is old. A match already stored, or of
	// an article not stored, is skipped; it returns how many it stored.
	AddMatches(ctx context.Context, matches []brief.Match) (int, error)
}
