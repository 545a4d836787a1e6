package postgres

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"briefbot/brief"
	"briefbot/store"
)

// queueUpdates queues an article for an update to every channel that was
// alerted to its story on topicID and still follows the topic in alerts or
// both mode, not disabled and not muted at now. SaveArticle calls it, in
// its transaction, for each topic on which the article is not the story's
// first. A channel was alerted to the story when its alert queue holds the
// story's first article on the topic (sent yet or not: an update waits
// for its parent).
func queueUpdates(ctx context.Context, tx pgx.Tx, articleID, storyID, topicID string, now time.Time) error {
	_, err := tx.Exec(ctx, `INSERT INTO update_queue
		(platform, channel_id, thread, topic_id, story_id, article_id, queued_at)
		SELECT s.platform, s.channel_id, s.thread, s.topic_id, $2, $1, $3
		FROM story_topics t
		JOIN alert_queue q ON q.topic_id = t.topic_id AND q.article_id = t.first_article
		JOIN subscriptions s ON s.platform = q.platform AND s.channel_id = q.channel_id
			AND s.thread = q.thread AND s.topic_id = q.topic_id
		WHERE t.topic_id = $4 AND t.story_id = $2 AND t.first_article <> $1
		AND s.mode IN ($5, $6) AND s.disabled = '' AND s.muted_until <= $3
		ON CONFLICT DO NOTHING`,
		articleID, storyID, now, topicID, string(brief.ModeAlerts), string(brief.ModeBoth))
	return err
}

// queueLateAlerts queues, for a later article on a story, an alert to every
// subscribed channel that has none for the story yet: a story first stored
// without alerts (a feed's first poll, a channel muted then) has told those
// channels nothing, so its next article alerts them. The alert carries the
// story's first article, as any alert on the story does, so later updates
// thread under it. Channels already alerted get an update instead
// (queueUpdates, which must run first).
func queueLateAlerts(ctx context.Context, tx pgx.Tx, storyID, topicID string, now time.Time) error {
	_, err := tx.Exec(ctx, `INSERT INTO alert_queue
		(platform, channel_id, thread, topic_id, article_id, queued_at)
		SELECT s.platform, s.channel_id, s.thread, s.topic_id, t.first_article, $1
		FROM story_topics t
		JOIN subscriptions s ON s.topic_id = t.topic_id
		WHERE t.topic_id = $2 AND t.story_id = $3 AND t.first_article <> ''
		AND s.mode IN ($4, $5) AND s.disabled = '' AND s.muted_until <= $1
		AND NOT EXISTS (SELECT 1 FROM alert_queue q WHERE q.platform = s.platform
			AND q.channel_id = s.channel_id AND q.thread = s.thread
			AND q.topic_id = s.topic_id AND q.article_id = t.first_article)
		ON CONFLICT DO NOTHING`,
		now, topicID, storyID, string(brief.ModeAlerts), string(brief.ModeBoth))
	return err
}

// DueUpdateBatches returns the queued update articles per channel, topic
// and story whose parent alert is no longer pending and whose last message
// on the story (the alert, or the last update) was queued at or before due.
// See store.Updates.
func (s *Store) DueUpdateBatches(ctx context.Context, due time.Time) ([]store.UpdateBatch, error) {
	var out []store.UpdateBatch
	err := s.view(ctx, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT u.platform, u.channel_id, u.thread, u.topic_id, u.story_id,
				u.article_id, u.queued_at, p.id, p.status, p.created, COALESCE(r.ref, ''), COALESCE(su.seq, 0)
			FROM update_queue u
			JOIN story_topics t ON t.topic_id = u.topic_id AND t.story_id = u.story_id
			JOIN alert_queue q ON q.platform = u.platform AND q.channel_id = u.channel_id
				AND q.thread = u.thread AND q.topic_id = u.topic_id AND q.article_id = t.first_article
			JOIN messages p ON p.id = q.message_id
			LEFT JOIN message_refs r ON r.message_id = p.id
			LEFT JOIN story_updates su ON su.platform = u.platform AND su.channel_id = u.channel_id
				AND su.thread = u.thread AND su.topic_id = u.topic_id AND su.story_id = u.story_id
			WHERE u.message_id IS NULL AND p.status <> $1
			AND GREATEST(p.created, COALESCE(su.last_at, p.created)) <= $2
			ORDER BY u.platform, u.channel_id, u.thread, u.topic_id, u.story_id, u.id`,
			store.StatusPending, due)
		if err != nil {
			return err
		}
		var b store.UpdateBatch
		var article string
		var queued, created time.Time
		_, err = pgx.ForEachRow(rows, []any{&b.Channel.Platform, &b.Channel.ID, &b.Channel.Thread, &b.TopicID, &b.StoryID,
			&article, &queued, &b.Parent.MessageID, &b.Parent.Status, &created, &b.Parent.Ref, &b.Seq}, func() error {
			queued, created = utc(queued), utc(created)
			n := len(out)
			if n == 0 || out[n-1].Channel != b.Channel || out[n-1].TopicID != b.TopicID || out[n-1].StoryID != b.StoryID {
				nb := b
				nb.Seq++
				nb.First = queued
				nb.Parent.Created = created
				nb.Added, nb.Covered = nil, nil
				out = append(out, nb)
				n++
			}
			last := &out[n-1]
			if queued.Before(last.First) {
				last.First = queued
			}
			if queued.Before(created) {
				last.Covered = append(last.Covered, article)
			} else {
				last.Added = append(last.Added, article)
			}
			return nil
		})
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("due update batches: %w", err)
	}
	slices.SortStableFunc(out, func(a, b store.UpdateBatch) int { return a.First.Compare(b.First) })
	return out, nil
}

// EnqueueUpdate writes msg, marks the batch's queued articles as carried
// by it and records b.Seq as the story's last update, in one transaction.
// See store.Updates. Empty Channel, TopicID and Kind of msg are taken from
// the batch (Kind: store.KindUpdate).
func (s *Store) EnqueueUpdate(ctx context.Context, b store.UpdateBatch, msg store.Message) error {
	msg, err := store.UpdateMessage(b, msg)
	if err != nil {
		return fmt.Errorf("enqueue update %s: %w", msg.Key, err)
	}
	ids := slices.Compact(slices.Sorted(slices.Values(b.ArticleIDs())))
	ch := b.Channel
	err = s.tx(ctx, func(tx pgx.Tx) error {
		id, ok, err := insertMessage(ctx, tx, msg)
		if err != nil {
			return err
		}
		if !ok {
			return fmt.Errorf("key exists: %w", brief.ErrDuplicate)
		}
		var seq int
		err = tx.QueryRow(ctx, `SELECT seq FROM story_updates
			WHERE platform = $1 AND channel_id = $2 AND thread = $3 AND topic_id = $4 AND story_id = $5
			FOR UPDATE`, ch.Platform, ch.ID, ch.Thread, b.TopicID, b.StoryID).Scan(&seq)
		if err != nil && !errors.Is(err, pgx.ErrNoRows) {
			return err
		}
		if seq != b.Seq-1 {
			return fmt.Errorf("update %d of the story already queued: %w", seq, brief.ErrDuplicate)
		}
		if err := carry(ctx, tx, "update_queue", id, ch, b.TopicID, ids); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `INSERT INTO story_updates
			(platform, channel_id, thread, topic_id, story_id, seq, last_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
			ON CONFLICT (platform, channel_id, thread, topic_id, story_id) DO UPDATE SET
			seq = excluded.seq, last_at = excluded.last_at`,
			ch.Platform, ch.ID, ch.Thread, b.TopicID, b.StoryID, b.Seq, msg.Created)
		return err
	})
	if err != nil {
		return fmt.Errorf("enqueue update %s: %w", msg.Key, err)
	}
	return nil
}

// DropUpdate deletes the batch's queued articles no message carries.
func (s *Store) DropUpdate(ctx context.Context, b store.UpdateBatch) error {
	ch := b.Channel
	err := s.tx(ctx, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `DELETE FROM update_queue
			WHERE platform = $1 AND channel_id = $2 AND thread = $3 AND topic_id = $4
			AND article_id = ANY($5) AND message_id IS NULL`,
			ch.Platform, ch.ID, ch.Thread, b.TopicID, b.ArticleIDs())
		return err
	})
	if err != nil {
		return fmt.Errorf("drop update of %s for %s: %w", b.StoryID, ch, err)
	}
	return nil
}

// SetMessageRef records a message's platform reference unless one is
// recorded. brief.ErrNotFound when no message has that ID.
func (s *Store) SetMessageRef(ctx context.Context, id int64, ref string) error {
	err := s.tx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `INSERT INTO message_refs (message_id, ref)
			SELECT id, $2 FROM messages WHERE id = $1 ON CONFLICT (message_id) DO NOTHING`, id, ref)
		if err != nil || tag.RowsAffected() > 0 {
			return err
		}
		var n int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM messages WHERE id = $1`, id).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return brief.ErrNotFound
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("set message ref %d: %w", id, err)
	}
	return nil
}

// MessageRef returns a message's recorded platform reference, "" when none
// is. brief.ErrNotFound when no message has that ID.
func (s *Store) MessageRef(ctx context.Context, id int64) (string, error) {
	var ref string
	err := s.view(ctx, func(tx pgx.Tx) error {
		return tx.QueryRow(ctx, `SELECT COALESCE(r.ref, '') FROM messages m
			LEFT JOIN message_refs r ON r.message_id = m.id WHERE m.id = $1`, id).Scan(&ref)
	})
	if err != nil {
		return "", fmt.Errorf("message ref %d: %w", id, err)
	}
	return ref, nil
}
