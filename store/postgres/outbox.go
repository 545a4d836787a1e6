package postgres

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"briefbot/brief"
	"briefbot/store"
)

// DueAlertBatches returns the queued alerts not yet in a message, grouped
// per channel and topic, for groups whose oldest item was queued at or
// before olderThan; ordered by First, then channel and topic.
func (s *Store) DueAlertBatches(ctx context.Context, olderThan time.Time) ([]store.AlertBatch, error) {
	var out []store.AlertBatch
	err := s.view(ctx, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT platform, channel_id, thread, topic_id, article_id, first FROM (
				SELECT id, platform, channel_id, thread, topic_id, article_id,
					MIN(queued_at) OVER (PARTITION BY platform, channel_id, thread, topic_id) AS first
				FROM alert_queue WHERE message_id IS NULL) open
			WHERE first <= $1
			ORDER BY first, platform, channel_id, thread, topic_id, id`, olderThan)
		if err != nil {
			return err
		}
		var ch brief.ChannelRef
		var topic, article string
		var first time.Time
		_, err = pgx.ForEachRow(rows, []any{&ch.Platform, &ch.ID, &ch.Thread, &topic, &article, &first}, func() error {
			if n := len(out); n > 0 && out[n-1].Channel == ch && out[n-1].TopicID == topic {
				out[n-1].ArticleIDs = append(out[n-1].ArticleIDs, article)
				return nil
			}
			out = append(out, store.AlertBatch{Channel: ch, TopicID: topic, ArticleIDs: []string{article}, First: utc(first)})
			return nil
		})
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("due alert batches: %w", err)
	}
	return out, nil
}

// EnqueueAlert writes msg and marks the batch's queued articles as carried
// by it, in one transaction. brief.ErrDuplicate, writing nothing, when
// msg.Key exists or any of the articles is already carried. Beyond the
// contract: brief.ErrNotFound, writing nothing, when an article is no
// longer queued for that channel and topic (unsubscribed, channel disabled
// or pruned since the batch was read), so no alert goes out for a
// subscription that is gone. Empty Channel, TopicID and Kind of msg are
// taken from the batch.
func (s *Store) EnqueueAlert(ctx context.Context, b store.AlertBatch, msg store.Message) error {
	msg, err := store.AlertMessage(b, msg)
	if err != nil {
		return fmt.Errorf("enqueue alert %s: %w", msg.Key, err)
	}
	ids := slices.Compact(slices.Sorted(slices.Values(b.ArticleIDs)))
	ch := b.Channel
	err = s.tx(ctx, func(tx pgx.Tx) error {
		// Any error below rolls the message back with everything else.
		id, ok, err := insertMessage(ctx, tx, msg)
		if err != nil {
			return err
		}
		if !ok {
			return fmt.Errorf("key exists: %w", brief.ErrDuplicate)
		}
		return carry(ctx, tx, "alert_queue", id, ch, b.TopicID, ids)
	})
	if err != nil {
		return fmt.Errorf("enqueue alert %s: %w", msg.Key, err)
	}
	return nil
}

// EnqueueDigest writes msg and moves the channel's digest LastUntil, in one
// transaction; false, writing nothing, when msg.Key exists. The schedule
// row, when missing, is created from sched's time, zone and off switch.
func (s *Store) EnqueueDigest(ctx context.Context, msg store.Message, sched brief.DigestSchedule, lastUntil time.Time) (bool, error) {
	sched, err := store.DigestScheduleFor(msg, sched)
	if err != nil {
		return false, fmt.Errorf("enqueue digest %s: %w", msg.Key, err)
	}
	var inserted bool
	err = s.tx(ctx, func(tx pgx.Tx) error {
		var err error
		if _, inserted, err = insertMessage(ctx, tx, msg); err != nil || !inserted {
			return err
		}
		ch := sched.Channel
		_, err = tx.Exec(ctx, `INSERT INTO digest_schedules (`+scheduleCols+`)
			VALUES ($1, $2, $3, $4, $5, $6, $7)
			ON CONFLICT (platform, channel_id, thread) DO UPDATE SET last_until = excluded.last_until`,
			ch.Platform, ch.ID, ch.Thread, sched.Time, sched.Zone, sched.Off, lastUntil)
		return err
	})
	if err != nil {
		return false, fmt.Errorf("enqueue digest %s: %w", msg.Key, err)
	}
	return inserted, nil
}

// Enqueue writes msg to the outbox; false when msg.Key already exists.
func (s *Store) Enqueue(ctx context.Context, msg store.Message) (bool, error) {
	var inserted bool
	err := s.tx(ctx, func(tx pgx.Tx) error {
		var err error
		_, inserted, err = insertMessage(ctx, tx, msg)
		return err
	})
	if err != nil {
		return false, fmt.Errorf("enqueue %s: %w", msg.Key, err)
	}
	return inserted, nil
}

// insertMessage claims msg.Key and writes msg as a new pending message. It
// reports false when the key exists. ID, Status, Attempts, LastError and
// SentAt of msg are ignored: every message starts pending and untried.
func insertMessage(ctx context.Context, tx pgx.Tx, msg store.Message) (int64, bool, error) {
	if err := store.CheckMessage(msg); err != nil {
		return 0, false, err
	}
	payload := msg.Payload
	if payload == nil {
		payload = []byte{}
	}
	var id int64
	err := tx.QueryRow(ctx, `INSERT INTO messages (msg_key, platform, channel_id, thread, kind, topic_id,
			hint, payload, created, status, attempts, next_attempt, lease_until, last_error, sent_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 0, $11, $12, '', $12)
		ON CONFLICT (msg_key) DO NOTHING RETURNING id`,
		msg.Key, msg.Channel.Platform, msg.Channel.ID, msg.Channel.Thread, msg.Kind, msg.TopicID,
		msg.Hint, payload, msg.Created, store.StatusPending, msg.NextAttempt, never).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, err
	}
	return id, true, nil
}

const messageCols = `id, msg_key, platform, channel_id, thread, kind, topic_id, hint, payload,
	created, status, attempts, next_attempt, last_error, sent_at, progress`

func scanMessage(r pgx.Row) (store.Message, error) {
	var m store.Message
	err := r.Scan(&m.ID, &m.Key, &m.Channel.Platform, &m.Channel.ID, &m.Channel.Thread, &m.Kind,
		&m.TopicID, &m.Hint, &m.Payload, &m.Created, &m.Status, &m.Attempts, &m.NextAttempt, &m.LastError, &m.SentAt, &m.Progress)
	if len(m.Payload) == 0 {
		m.Payload = nil
	}
	m.Created, m.NextAttempt, m.SentAt = utc(m.Created), utc(m.NextAttempt), utc(m.SentAt)
	return m, err
}

func collectMessages(rows pgx.Rows) ([]store.Message, error) {
	return collect(rows, func(r pgx.CollectableRow) (store.Message, error) { return scanMessage(r) })
}

// ClaimDue leases up to limit due messages, at most one per channel: the
// channel's oldest pending message (lowest ID), when it is due and no
// message of the channel holds a live lease. A claim counts as an attempt.
// limit <= 0 claims nothing; lease must be positive. Messages come back
// ordered by ID.
//
// Replicas claim one at a time, under a transaction-level advisory lock:
// "no live lease in the channel" spans rows, which row locks (FOR UPDATE
// SKIP LOCKED) alone cannot protect, and a claim is one short statement.
// Each claim runs after the previous one committed, so it sees its leases;
// no message is handed to two workers and per-channel order holds.
func (s *Store) ClaimDue(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]store.Message, error) {
	if lease <= 0 {
		return nil, fmt.Errorf("claim due: lease %s: want a positive duration", lease)
	}
	if limit <= 0 {
		return nil, nil
	}
	var out []store.Message
	err := s.tx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, s.claimKey); err != nil {
			return err
		}
		// The outer status and lease conditions are re-checked on rows a
		// concurrent Unsubscribe, DisableChannel or Mark* just changed.
		rows, err := tx.Query(ctx, `UPDATE messages SET lease_until = $2, attempts = attempts + 1
			WHERE status = $4 AND lease_until <= $1 AND id IN (
				SELECT m.id FROM messages m
				JOIN (SELECT MIN(id) AS id FROM messages WHERE status = 'pending'
					GROUP BY platform, channel_id, thread) head ON head.id = m.id
				WHERE m.next_attempt <= $1 AND NOT EXISTS (
					SELECT 1 FROM messages l
					WHERE l.platform = m.platform AND l.channel_id = m.channel_id AND l.thread = m.thread
					AND l.lease_until > $1)
				ORDER BY m.id LIMIT $3)
			RETURNING `+messageCols,
			now, now.Add(lease), limit, store.StatusPending)
		if err != nil {
			return err
		}
		out, err = collectMessages(rows)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("claim due: %w", err)
	}
	slices.SortFunc(out, func(a, b store.Message) int { return cmp.Compare(a.ID, b.ID) })
	return out, nil
}

// MarkSent records that the platform accepted the message, whatever its
// status: a cancelled message that was delivered anyway reads as sent.
// brief.ErrNotFound when no message has that ID.
func (s *Store) MarkSent(ctx context.Context, id int64, now time.Time) error {
	return s.mark(ctx, "mark sent", id, `UPDATE messages SET lease_until = $2,
		sent_at = CASE WHEN status = $3 THEN sent_at ELSE $4 END, status = $3 WHERE id = $1`,
		id, never, store.StatusSent, now)
}

// MarkProgress records how many platform messages of a pending message
// were accepted; a finished message keeps its progress. brief.ErrNotFound
// when no message has that ID.
func (s *Store) MarkProgress(ctx context.Context, id int64, parts int) error {
	return s.mark(ctx, "mark progress", id, `UPDATE messages SET
		progress = CASE WHEN status = $2 THEN $3 ELSE progress END WHERE id = $1`,
		id, store.StatusPending, parts)
}

// MarkRetry releases the lease and, when the message is still pending,
// schedules another attempt at next. A sent, failed or cancelled message
// stays as it is. brief.ErrNotFound when no message has that ID.
func (s *Store) MarkRetry(ctx context.Context, id int64, next time.Time, lastErr string) error {
	return s.mark(ctx, "mark retry", id, `UPDATE messages SET lease_until = $2,
		next_attempt = CASE WHEN status = $3 THEN $4 ELSE next_attempt END,
		last_error = CASE WHEN status = $3 THEN $5 ELSE last_error END WHERE id = $1`,
		id, never, store.StatusPending, next, lastErr)
}

// MarkFailed records a permanent refusal of a pending message and releases
// its lease; a sent or cancelled message keeps its status. brief.ErrNotFound
// when no message has that ID.
func (s *Store) MarkFailed(ctx context.Context, id int64, reason string, now time.Time) error {
	return s.mark(ctx, "mark failed", id, `UPDATE messages SET lease_until = $2,
		last_error = CASE WHEN status = $3 THEN $5 ELSE last_error END,
		status = CASE WHEN status = $3 THEN $4 ELSE status END WHERE id = $1`,
		id, never, store.StatusPending, store.StatusFailed, reason)
}

func (s *Store) mark(ctx context.Context, op string, id int64, query string, args ...any) error {
	err := s.tx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, query, args...)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return brief.ErrNotFound
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("%s %d: %w", op, id, err)
	}
	return nil
}

// Messages returns outbox messages with the given status (all when empty),
// oldest (lowest ID) first.
func (s *Store) Messages(ctx context.Context, status string) ([]store.Message, error) {
	var out []store.Message
	err := s.view(ctx, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT `+messageCols+` FROM messages
			WHERE $1 = '' OR status = $1 ORDER BY id`, status)
		if err != nil {
			return err
		}
		out, err = collectMessages(rows)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("messages %q: %w", status, err)
	}
	return out, nil
}

// Prune deletes articles fetched before the cutoff, with their matches,
// sources and queue rows, and finished messages created before it.
func (s *Store) Prune(ctx context.Context, before time.Time) (store.PruneCounts, error) {
	var c store.PruneCounts
	err := s.tx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `DELETE FROM articles WHERE fetched < $1`, before)
		if err != nil {
			return err
		}
		c.Articles = tag.RowsAffected()
		tag, err = tx.Exec(ctx, `DELETE FROM messages WHERE status IN ($1, $2, $3) AND created < $4`,
			store.StatusSent, store.StatusFailed, store.StatusCancelled, before)
		if err != nil {
			return err
		}
		c.Messages = tag.RowsAffected()
		return nil
	})
	if err != nil {
		return store.PruneCounts{}, fmt.Errorf("prune before %s: %w", before.UTC().Format(time.RFC3339), err)
	}
	return c, nil
}

// carry marks the queued rows of a channel and topic for the given
// articles (alert_queue or update_queue, a constant) as carried by message
// id. It locks the rows first (FOR UPDATE waits for a concurrent enqueue or
// Unsubscribe and then sees what it did) and refuses with
// brief.ErrDuplicate when a message already carries one of them, and with
// brief.ErrNotFound when one is no longer queued.
func carry(ctx context.Context, tx pgx.Tx, table string, id int64, ch brief.ChannelRef, topicID string, ids []string) error {
	rows, err := tx.Query(ctx, `SELECT message_id FROM `+table+`
		WHERE platform = $1 AND channel_id = $2 AND thread = $3 AND topic_id = $4 AND article_id = ANY($5)
		FOR UPDATE`, ch.Platform, ch.ID, ch.Thread, topicID, ids)
	if err != nil {
		return err
	}
	carriers, err := collect(rows, pgx.RowTo[*int64])
	if err != nil {
		return err
	}
	carried := 0
	for _, c := range carriers {
		if c != nil {
			carried++
		}
	}
	switch {
	case carried > 0:
		return fmt.Errorf("%d of the articles already carried: %w", carried, brief.ErrDuplicate)
	case len(carriers) < len(ids):
		return fmt.Errorf("%d of the articles no longer queued: %w", len(ids)-len(carriers), brief.ErrNotFound)
	}
	_, err = tx.Exec(ctx, `UPDATE `+table+` SET message_id = $1
		WHERE platform = $2 AND channel_id = $3 AND thread = $4 AND topic_id = $5 AND article_id = ANY($6)
		AND message_id IS NULL`,
		id, ch.Platform, ch.ID, ch.Thread, topicID, ids)
	return err
}
