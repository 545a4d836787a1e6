package sqlite

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"briefbot/brief"
	"briefbot/store"
)

// The outbox's hot queries, prepared once (see stmts.go).
const (
	qInsertMessage = `INSERT INTO messages (msg_key, platform, channel_id, thread, kind, topic_id,
			hint, payload, created, status, attempts, next_attempt, lease_until, last_error, sent_at)
		VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 0, ?11, ?12, '', ?12)
		ON CONFLICT (msg_key) DO NOTHING RETURNING id`
	qEnqueueAlertCount = `SELECT COUNT(*), COUNT(message_id) FROM alert_queue
			WHERE platform = ? AND channel_id = ? AND thread = ? AND topic_id = ?
			AND article_id IN (SELECT value FROM json_each(?))`
	qEnqueueAlertCarry = `UPDATE alert_queue SET message_id = ?
			WHERE platform = ? AND channel_id = ? AND thread = ? AND topic_id = ?
			AND article_id IN (SELECT value FROM json_each(?)) AND message_id IS NULL`
	// qClaimDue takes the heads from the partial index of pending
	// messages, already grouped by channel; the literal 'pending' lets
	// SQLite use it.
	qClaimDue = `UPDATE messages SET lease_until = ?2, attempts = attempts + 1
			WHERE id IN (
				SELECT m.id FROM messages m
				JOIN (SELECT MIN(id) AS id FROM messages INDEXED BY messages_pending WHERE status = 'pending'
					GROUP BY platform, channel_id, thread) head ON head.id = m.id
				WHERE m.next_attempt <= ?1 AND NOT EXISTS (
					SELECT 1 FROM messages l
					WHERE l.platform = m.platform AND l.channel_id = m.channel_id AND l.thread = m.thread
					AND l.lease_until > ?1)
				ORDER BY m.id LIMIT ?3)
			RETURNING ` + messageCols
	qMarkSent = `UPDATE messages SET lease_until = ?2,
		sent_at = CASE WHEN status = ?3 THEN sent_at ELSE ?4 END, status = ?3 WHERE id = ?1`
	qMarkProgress = `UPDATE messages SET
		progress = CASE WHEN status = ?2 THEN ?3 ELSE progress END WHERE id = ?1`
)

// DueAlertBatches returns the queued alerts not yet in a message, grouped
// per channel and topic, for groups whose oldest item was queued at or
// before olderThan; ordered by First, then channel and topic.
func (s *Store) DueAlertBatches(ctx context.Context, olderThan time.Time) ([]store.AlertBatch, error) {
	var out []store.AlertBatch
	err := s.view(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT platform, channel_id, thread, topic_id, article_id, first FROM (
				SELECT id, platform, channel_id, thread, topic_id, article_id,
					MIN(queued_at) OVER (PARTITION BY platform, channel_id, thread, topic_id) AS first
				FROM alert_queue WHERE message_id IS NULL)
			WHERE first <= ?
			ORDER BY first, platform, channel_id, thread, topic_id, id`, micros(olderThan))
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var ch brief.ChannelRef
			var topic, article string
			var first int64
			if err := rows.Scan(&ch.Platform, &ch.ID, &ch.Thread, &topic, &article, &first); err != nil {
				return err
			}
			if n := len(out); n > 0 && out[n-1].Channel == ch && out[n-1].TopicID == topic {
				out[n-1].ArticleIDs = append(out[n-1].ArticleIDs, article)
				continue
			}
			out = append(out, store.AlertBatch{Channel: ch, TopicID: topic,
				ArticleIDs: []string{article}, First: fromMicros(first)})
		}
		return rows.Err()
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
	idList, err := json.Marshal(ids)
	if err != nil {
		return fmt.Errorf("enqueue alert %s: %w", msg.Key, err)
	}
	ch := b.Channel
	err = s.tx(ctx, func(tx *sql.Tx) error {
		// Any error below rolls the message back with everything else.
		id, ok, err := s.insertMessage(ctx, tx, msg)
		if err != nil {
			return err
		}
		if !ok {
			return fmt.Errorf("key exists: %w", brief.ErrDuplicate)
		}
		var queued, carried int
		if err := s.queryRow(ctx, tx, qEnqueueAlertCount,
			ch.Platform, ch.ID, ch.Thread, b.TopicID, string(idList)).Scan(&queued, &carried); err != nil {
			return err
		}
		switch {
		case carried > 0:
			return fmt.Errorf("%d of the articles already carried: %w", carried, brief.ErrDuplicate)
		case queued < len(ids):
			return fmt.Errorf("%d of the articles no longer queued: %w", len(ids)-queued, brief.ErrNotFound)
		}
		_, err = s.exec(ctx, tx, qEnqueueAlertCarry,
			id, ch.Platform, ch.ID, ch.Thread, b.TopicID, string(idList))
		return err
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
	err = s.tx(ctx, func(tx *sql.Tx) error {
		var err error
		if _, inserted, err = s.insertMessage(ctx, tx, msg); err != nil || !inserted {
			return err
		}
		ch := sched.Channel
		_, err = tx.ExecContext(ctx, `INSERT INTO digest_schedules (`+scheduleCols+`)
			VALUES (?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (platform, channel_id, thread) DO UPDATE SET last_until = excluded.last_until`,
			ch.Platform, ch.ID, ch.Thread, sched.Time, sched.Zone, sched.Off, micros(lastUntil))
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
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var err error
		_, inserted, err = s.insertMessage(ctx, tx, msg)
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
func (s *Store) insertMessage(ctx context.Context, tx *sql.Tx, msg store.Message) (int64, bool, error) {
	if err := store.CheckMessage(msg); err != nil {
		return 0, false, err
	}
	payload := msg.Payload
	if payload == nil {
		payload = []byte{}
	}
	var id int64
	err := s.queryRow(ctx, tx, qInsertMessage,
		msg.Key, msg.Channel.Platform, msg.Channel.ID, msg.Channel.Thread, msg.Kind, msg.TopicID,
		msg.Hint, payload, micros(msg.Created), store.StatusPending, micros(msg.NextAttempt),
		micros(time.Time{})).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, err
	}
	return id, true, nil
}

// insertMessage is Store.insertMessage for code without the store at hand;
// the query runs unprepared.
func insertMessage(ctx context.Context, tx *sql.Tx, msg store.Message) (int64, bool, error) {
	var unprepared Store
	return unprepared.insertMessage(ctx, tx, msg)
}

const messageCols = `id, msg_key, platform, channel_id, thread, kind, topic_id, hint, payload,
	created, status, attempts, next_attempt, last_error, sent_at, progress`

func scanMessage(r scanner) (store.Message, error) {
	var m store.Message
	var created, next, sent int64
	err := r.Scan(&m.ID, &m.Key, &m.Channel.Platform, &m.Channel.ID, &m.Channel.Thread, &m.Kind,
		&m.TopicID, &m.Hint, &m.Payload, &created, &m.Status, &m.Attempts, &next, &m.LastError, &sent, &m.Progress)
	if len(m.Payload) == 0 {
		m.Payload = nil
	}
	m.Created, m.NextAttempt, m.SentAt = fromMicros(created), fromMicros(next), fromMicros(sent)
	return m, err
}

// ClaimDue leases up to limit due messages, at most one per channel: the
// channel's oldest pending message (lowest ID), when it is due and no
// message of the channel holds a live lease. A claim counts as an attempt.
// limit <= 0 claims nothing; lease must be positive. Messages come back
// ordered by ID.
func (s *Store) ClaimDue(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]store.Message, error) {
	if lease <= 0 {
		return nil, fmt.Errorf("claim due: lease %s: want a positive duration", lease)
	}
	if limit <= 0 {
		return nil, nil
	}
	var out []store.Message
	err := s.tx(ctx, func(tx *sql.Tx) error {
		// The heads come from the partial index of pending messages, already
		// grouped by channel; the literal 'pending' lets SQLite use it.
		rows, err := s.query(ctx, tx, qClaimDue,
			micros(now), micros(now.Add(lease)), limit, store.StatusPending)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			m, err := scanMessage(rows)
			if err != nil {
				return err
			}
			out = append(out, m)
		}
		return rows.Err()
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
	return s.mark(ctx, "mark sent", id, qMarkSent,
		id, micros(time.Time{}), store.StatusSent, micros(now))
}

// MarkProgress records how many platform messages of a pending message
// were accepted; a finished message keeps its progress. brief.ErrNotFound
// when no message has that ID.
func (s *Store) MarkProgress(ctx context.Context, id int64, parts int) error {
	return s.mark(ctx, "mark progress", id, qMarkProgress,
		id, store.StatusPending, parts)
}

// MarkRetry releases the lease and, when the message is still pending,
// schedules another attempt at next. A sent, failed or cancelled message
// stays as it is. brief.ErrNotFound when no message has that ID.
func (s *Store) MarkRetry(ctx context.Context, id int64, next time.Time, lastErr string) error {
	return s.mark(ctx, "mark retry", id, `UPDATE messages SET lease_until = ?2,
		next_attempt = CASE WHEN status = ?3 THEN ?4 ELSE next_attempt END,
		last_error = CASE WHEN status = ?3 THEN ?5 ELSE last_error END WHERE id = ?1`,
		id, micros(time.Time{}), store.StatusPending, micros(next), lastErr)
}

// MarkFailed records a permanent refusal of a pending message and releases
// its lease; a sent or cancelled message keeps its status. brief.ErrNotFound
// when no message has that ID.
func (s *Store) MarkFailed(ctx context.Context, id int64, reason string, now time.Time) error {
	return s.mark(ctx, "mark failed", id, `UPDATE messages SET lease_until = ?2,
		last_error = CASE WHEN status = ?3 THEN ?5 ELSE last_error END,
		status = CASE WHEN status = ?3 THEN ?4 ELSE status END WHERE id = ?1`,
		id, micros(time.Time{}), store.StatusPending, store.StatusFailed, reason)
}

func (s *Store) mark(ctx context.Context, op string, id int64, query string, args ...any) error {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		res, err := s.exec(ctx, tx, query, args...)
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
		return fmt.Errorf("%s %d: %w", op, id, err)
	}
	return nil
}

// Messages returns outbox messages with the given status (all when empty),
// oldest (lowest ID) first.
func (s *Store) Messages(ctx context.Context, status string) ([]store.Message, error) {
	var out []store.Message
	err := s.view(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT `+messageCols+` FROM messages
			WHERE ?1 = '' OR status = ?1 ORDER BY id`, status)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			m, err := scanMessage(rows)
			if err != nil {
				return err
			}
			out = append(out, m)
		}
		return rows.Err()
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
	err := s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM articles WHERE fetched < ?`, micros(before))
		if err != nil {
			return err
		}
		if c.Articles, err = res.RowsAffected(); err != nil {
			return err
		}
		res, err = tx.ExecContext(ctx, `DELETE FROM messages WHERE status IN (?, ?, ?) AND created < ?`,
			store.StatusSent, store.StatusFailed, store.StatusCancelled, micros(before))
		if err != nil {
			return err
		}
		c.Messages, err = res.RowsAffected()
		return err
	})
	if err != nil {
		return store.PruneCounts{}, fmt.Errorf("prune before %s: %w", before.UTC().Format(time.RFC3339), err)
	}
	return c, nil
}
