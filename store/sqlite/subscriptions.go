package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"briefbot/brief"
	"briefbot/store"
)

const subscriptionCols = `platform, channel_id, thread, topic_id, mode, created, disabled, disabled_at, muted_until`

func scanSubscription(r scanner) (brief.Subscription, error) {
	var sub brief.Subscription
	var created, disabledAt, muted int64
	err := r.Scan(&sub.Channel.Platform, &sub.Channel.ID, &sub.Channel.Thread, &sub.TopicID, &sub.Mode,
		&created, &sub.Disabled, &disabledAt, &muted)
	sub.Created, sub.DisabledAt, sub.MutedUntil = fromMicros(created), fromMicros(disabledAt), fromMicros(muted)
	return sub, err
}

// Subscribe stores a subscription, changes its mode, or re-enables it; see
// store.Store. A re-subscription keeps the original Created and MutedUntil.
func (s *Store) Subscribe(ctx context.Context, sub brief.Subscription) error {
	if err := store.CheckChannel(sub.Channel); err != nil {
		return fmt.Errorf("subscribe: %w", err)
	}
	if !sub.Mode.Alerts() && !sub.Mode.Digest() {
		return fmt.Errorf("subscribe %s to %s: mode %q: want alerts, digest or both", sub.Channel, sub.TopicID, sub.Mode)
	}
	ch := sub.Channel
	err := s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO subscriptions (`+subscriptionCols+`)
			VALUES (?, ?, ?, ?, ?, ?, '', ?, ?) ON CONFLICT DO NOTHING`,
			ch.Platform, ch.ID, ch.Thread, sub.TopicID, sub.Mode, micros(sub.Created),
			micros(time.Time{}), micros(sub.MutedUntil))
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 1 {
			return err
		}
		var mode brief.Mode
		var disabled string
		if err := tx.QueryRowContext(ctx, `SELECT mode, disabled FROM subscriptions
			WHERE platform = ? AND channel_id = ? AND thread = ? AND topic_id = ?`,
			ch.Platform, ch.ID, ch.Thread, sub.TopicID).Scan(&mode, &disabled); err != nil {
			return err
		}
		if mode == sub.Mode && disabled == "" {
			return brief.ErrAlreadySubscribed
		}
		_, err = tx.ExecContext(ctx, `UPDATE subscriptions SET mode = ?, disabled = '', disabled_at = ?
			WHERE platform = ? AND channel_id = ? AND thread = ? AND topic_id = ?`,
			sub.Mode, micros(time.Time{}), ch.Platform, ch.ID, ch.Thread, sub.TopicID)
		return err
	})
	if err != nil {
		return fmt.Errorf("subscribe %s to %s: %w", ch, sub.TopicID, err)
	}
	return nil
}

// Unsubscribe removes a subscription, drops its queued alerts and cancels
// its pending alert messages that no worker holds; brief.ErrNotFound when
// the channel does not follow the topic. A message counts as held from
// ClaimDue until MarkRetry releases it or it is marked sent or failed, even
// after its lease has run out: Unsubscribe has no clock to tell.
func (s *Store) Unsubscribe(ctx context.Context, ch brief.ChannelRef, topicID string) error {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM subscriptions
			WHERE platform = ? AND channel_id = ? AND thread = ? AND topic_id = ?`,
			ch.Platform, ch.ID, ch.Thread, topicID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return brief.ErrNotFound
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM alert_queue
			WHERE platform = ? AND channel_id = ? AND thread = ? AND topic_id = ? AND message_id IS NULL`,
			ch.Platform, ch.ID, ch.Thread, topicID); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE messages SET status = ?1
			WHERE platform = ?2 AND channel_id = ?3 AND thread = ?4 AND kind = ?5 AND topic_id = ?6
			AND status = ?7 AND lease_until = ?8`,
			store.StatusCancelled, ch.Platform, ch.ID, ch.Thread, store.KindAlert, topicID,
			store.StatusPending, micros(time.Time{}))
		return err
	})
	if err != nil {
		return fmt.Errorf("unsubscribe %s from %s: %w", ch, topicID, err)
	}
	return nil
}

// Subscriptions returns a channel's subscriptions ordered by topic ID.
func (s *Store) Subscriptions(ctx context.Context, ch brief.ChannelRef) ([]brief.Subscription, error) {
	out, err := s.subscriptions(ctx, `SELECT `+subscriptionCols+` FROM subscriptions
		WHERE platform = ? AND channel_id = ? AND thread = ? ORDER BY topic_id`,
		ch.Platform, ch.ID, ch.Thread)
	if err != nil {
		return nil, fmt.Errorf("subscriptions of %s: %w", ch, err)
	}
	return out, nil
}

// AllSubscriptions returns every subscription, ordered by channel
// (platform, id, thread) then topic.
func (s *Store) AllSubscriptions(ctx context.Context) ([]brief.Subscription, error) {
	out, err := s.subscriptions(ctx, `SELECT `+subscriptionCols+` FROM subscriptions
		ORDER BY platform, channel_id, thread, topic_id`)
	if err != nil {
		return nil, fmt.Errorf("all subscriptions: %w", err)
	}
	return out, nil
}

func (s *Store) subscriptions(ctx context.Context, query string, args ...any) ([]brief.Subscription, error) {
	var out []brief.Subscription
	err := s.view(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, query, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			sub, err := scanSubscription(rows)
			if err != nil {
				return err
			}
			out = append(out, sub)
		}
		return rows.Err()
	})
	return out, err
}

// DisableChannel marks the channel's subscriptions disabled (keeping the
// first reason and time when already disabled), cancels all its pending
// messages, held or not, and drops its queued alerts. An empty reason is
// stored as "disabled" so the subscriptions still read as disabled.
func (s *Store) DisableChannel(ctx context.Context, ch brief.ChannelRef, reason string, now time.Time) error {
	if reason == "" {
		reason = "disabled"
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE subscriptions SET disabled = ?, disabled_at = ?
			WHERE platform = ? AND channel_id = ? AND thread = ? AND disabled = ''`,
			reason, micros(now), ch.Platform, ch.ID, ch.Thread); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE messages SET status = ?
			WHERE platform = ? AND channel_id = ? AND thread = ? AND status = ?`,
			store.StatusCancelled, ch.Platform, ch.ID, ch.Thread, store.StatusPending); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `DELETE FROM alert_queue
			WHERE platform = ? AND channel_id = ? AND thread = ? AND message_id IS NULL`,
			ch.Platform, ch.ID, ch.Thread)
		return err
	})
	if err != nil {
		return fmt.Errorf("disable channel %s: %w", ch, err)
	}
	return nil
}

// Mute suppresses new alerts on a subscription until the given time (a
// zero or past time unmutes); brief.ErrNotFound when the channel does not
// follow the topic. Alerts already queued stay queued.
func (s *Store) Mute(ctx context.Context, ch brief.ChannelRef, topicID string, until time.Time) error {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE subscriptions SET muted_until = ?
			WHERE platform = ? AND channel_id = ? AND thread = ? AND topic_id = ?`,
			micros(until), ch.Platform, ch.ID, ch.Thread, topicID)
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
		return fmt.Errorf("mute %s on %s: %w", ch, topicID, err)
	}
	return nil
}

const scheduleCols = `platform, channel_id, thread, digest_time, zone, off, last_until`

func scanSchedule(r scanner) (brief.DigestSchedule, error) {
	var d brief.DigestSchedule
	var last int64
	err := r.Scan(&d.Channel.Platform, &d.Channel.ID, &d.Channel.Thread, &d.Time, &d.Zone, &d.Off, &last)
	d.LastUntil = fromMicros(last)
	return d, err
}

// DigestSchedule returns a channel's digest schedule, or brief.ErrNotFound.
func (s *Store) DigestSchedule(ctx context.Context, ch brief.ChannelRef) (brief.DigestSchedule, error) {
	var d brief.DigestSchedule
	err := s.view(ctx, func(tx *sql.Tx) error {
		var err error
		d, err = scanSchedule(tx.QueryRowContext(ctx, `SELECT `+scheduleCols+` FROM digest_schedules
			WHERE platform = ? AND channel_id = ? AND thread = ?`, ch.Platform, ch.ID, ch.Thread))
		return err
	})
	if err != nil {
		return brief.DigestSchedule{}, fmt.Errorf("digest schedule of %s: %w", ch, err)
	}
	return d, nil
}

// SetDigestSchedule stores a channel's time, zone and off switch, keeping
// the stored LastUntil.
func (s *Store) SetDigestSchedule(ctx context.Context, d brief.DigestSchedule) error {
	if err := store.CheckChannel(d.Channel); err != nil {
		return fmt.Errorf("set digest schedule: %w", err)
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO digest_schedules (`+scheduleCols+`)
			VALUES (?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (platform, channel_id, thread) DO UPDATE SET
				digest_time = excluded.digest_time, zone = excluded.zone, off = excluded.off`,
			d.Channel.Platform, d.Channel.ID, d.Channel.Thread, d.Time, d.Zone, d.Off, micros(time.Time{}))
		return err
	})
	if err != nil {
		return fmt.Errorf("set digest schedule of %s: %w", d.Channel, err)
	}
	return nil
}

// DigestSchedules returns the stored schedules, ordered by channel.
func (s *Store) DigestSchedules(ctx context.Context) ([]brief.DigestSchedule, error) {
	var out []brief.DigestSchedule
	err := s.view(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT `+scheduleCols+` FROM digest_schedules
			ORDER BY platform, channel_id, thread`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			d, err := scanSchedule(rows)
			if err != nil {
				return err
			}
			out = append(out, d)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("digest schedules: %w", err)
	}
	return out, nil
}
