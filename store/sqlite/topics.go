package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"briefbot/brief"
	"briefbot/store"
)

// SaveChannelTopic stores a channel's topic, or replaces the query of the
// one it has under that ID; see store.Store.
func (s *Store) SaveChannelTopic(ctx context.Context, t store.ChannelTopic) (bool, error) {
	if err := store.CheckChannel(t.Channel); err != nil {
		return false, fmt.Errorf("save channel topic: %w", err)
	}
	if t.ID == "" || t.Query == "" {
		return false, fmt.Errorf("save channel topic of %s: want an ID and a query", t.Channel)
	}
	ch := t.Channel
	created := false
	err := s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO channel_topics (platform, channel_id, thread, topic_id, query, created)
			VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
			ch.Platform, ch.ID, ch.Thread, t.ID, t.Query, micros(t.Created))
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		if err != nil || n == 1 {
			created = n == 1
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE channel_topics SET query = ?
			WHERE platform = ? AND channel_id = ? AND thread = ? AND topic_id = ?`,
			t.Query, ch.Platform, ch.ID, ch.Thread, t.ID)
		return err
	})
	if err != nil {
		return false, fmt.Errorf("save topic %s of %s: %w", t.ID, ch, err)
	}
	return created, nil
}

// DeleteChannelTopic removes a channel's topic; brief.ErrNotFound when the
// channel has none under that ID.
func (s *Store) DeleteChannelTopic(ctx context.Context, ch brief.ChannelRef, id string) error {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM channel_topics
			WHERE platform = ? AND channel_id = ? AND thread = ? AND topic_id = ?`,
			ch.Platform, ch.ID, ch.Thread, id)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return brief.ErrNotFound
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("delete topic %s of %s: %w", id, ch, err)
	}
	return nil
}

// ChannelTopics returns a channel's topics ordered by ID.
func (s *Store) ChannelTopics(ctx context.Context, ch brief.ChannelRef) ([]store.ChannelTopic, error) {
	out, err := s.channelTopics(ctx, `SELECT platform, channel_id, thread, topic_id, query, created FROM channel_topics
		WHERE platform = ? AND channel_id = ? AND thread = ? ORDER BY topic_id`, ch.Platform, ch.ID, ch.Thread)
	if err != nil {
		return nil, fmt.Errorf("topics of %s: %w", ch, err)
	}
	return out, nil
}

// AllChannelTopics returns every channel's topics, ordered by channel then ID.
func (s *Store) AllChannelTopics(ctx context.Context) ([]store.ChannelTopic, error) {
	out, err := s.channelTopics(ctx, `SELECT platform, channel_id, thread, topic_id, query, created FROM channel_topics
		ORDER BY platform, channel_id, thread, topic_id`)
	if err != nil {
		return nil, fmt.Errorf("all channel topics: %w", err)
	}
	return out, nil
}

func (s *Store) channelTopics(ctx context.Context, query string, args ...any) ([]store.ChannelTopic, error) {
	var out []store.ChannelTopic
	err := s.view(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, query, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var t store.ChannelTopic
			var created int64
			if err := rows.Scan(&t.Channel.Platform, &t.Channel.ID, &t.Channel.Thread, &t.ID, &t.Query, &created); err != nil {
				return err
			}
			t.Created = fromMicros(created)
			out = append(out, t)
		}
		return rows.Err()
	})
	return out, err
}

// ReplaceMatches makes matches the topic's only stored matches, queuing
// nothing; see store.Store.
func (s *Store) ReplaceMatches(ctx context.Context, topicID string, matches []brief.Match) (int, error) {
	if err := store.CheckMatchesOf(topicID, matches); err != nil {
		return 0, err
	}
	added := 0
	err := s.tx(ctx, func(tx *sql.Tx) error {
		added = 0
		if _, err := tx.ExecContext(ctx, `DELETE FROM story_topics WHERE topic_id = ?`, topicID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM matches WHERE topic_id = ?`, topicID); err != nil {
			return err
		}
		for _, m := range matches {
			var storyID string
			var published int64
			err := tx.QueryRowContext(ctx, `SELECT story_id, published FROM articles WHERE id = ?`, m.ArticleID).Scan(&storyID, &published)
			if errors.Is(err, sql.ErrNoRows) {
				continue
			}
			if err != nil {
				return err
			}
			stored, err := s.insertMatch(ctx, tx, m.ArticleID, m)
			if err != nil {
				return err
			}
			if !stored {
				continue // given twice: the first stands
			}
			var n int
			if err := s.queryRow(ctx, tx, qUpsertStoryTopic, m.TopicID, storyID, published, m.ArticleID).Scan(&n); err != nil {
				return err
			}
			added++
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("replace matches of %s: %w", topicID, err)
	}
	return added, nil
}
