package store

import (
	"context"
	"errors"
	"fmt"
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
	// ReplaceMatches makes matches the only stored matches of topicID, in
	// one transaction: the topic's earlier matches and its filing of
	// stories are removed, then each of matches (each names its ArticleID
	// and has TopicID topicID) is stored and its article's story filed
	// under the topic as SaveArticle would have, the first match given
	// standing for a story new to the topic. No alert or update is queued:
	// the news is old. A match of an article not stored is skipped; it
	// returns how many it stored. /watch uses it with what its preview
	// found, so that the topic's briefings show what the preview showed
	// and, when the channel changed the query, nothing the old one matched.
	ReplaceMatches(ctx context.Context, topicID string, matches []brief.Match) (int, error)
}

// CheckMatchesOf reports an error unless topicID is set and every match is
// of it: what ReplaceMatches needs.
func CheckMatchesOf(topicID string, matches []brief.Match) error {
	if topicID == "" {
		return errors.New("replace matches: empty topic ID")
	}
	for _, m := range matches {
		if m.TopicID != topicID {
			return fmt.Errorf("replace matches of %s: a match of %s given", topicID, m.TopicID)
		}
	}
	return nil
}
