package sqlite

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"time"

	"briefbot/brief"
	"briefbot/store"
)

// TakeInbound records a chat request before it is acknowledged; see
// store.Store. The insert and the forgetting run in one transaction, so a
// key is never both forgotten and reported as seen.
func (s *Store) TakeInbound(ctx context.Context, in store.Inbound, leaseUntil, forgetBefore time.Time) (bool, error) {
	if in.Platform == "" || in.Key == "" {
		return false, fmt.Errorf("take inbound %q on %q: want a platform and a key", in.Key, in.Platform)
	}
	payload := in.Payload
	if payload == nil {
		payload = []byte{}
	}
	var inserted bool
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM inbound WHERE received < ?`, micros(forgetBefore)); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO inbound (platform, req_key, payload, received, lease_until)
			VALUES (?, ?, ?, ?, ?) ON CONFLICT (platform, req_key) DO NOTHING`,
			in.Platform, in.Key, payload, micros(in.Received), micros(leaseUntil))
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		inserted = n == 1
		return err
	})
	if err != nil {
		return false, fmt.Errorf("take inbound %s:%s: %w", in.Platform, in.Key, err)
	}
	return inserted, nil
}

// FinishInbound records that a taken request was served; see store.Store.
// Finishing twice keeps the first time.
func (s *Store) FinishInbound(ctx context.Context, platform, key string, now time.Time) error {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE inbound SET lease_until = 0,
			finished = CASE WHEN finished = 0 THEN ?3 ELSE finished END
			WHERE platform = ?1 AND req_key = ?2`, platform, key, max(micros(now), 1))
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
		return fmt.Errorf("finish inbound %s:%s: %w", platform, key, err)
	}
	return nil
}

// ClaimInbound leases unfinished requests whose taker's lease ended; see
// store.Store. lease must be positive; limit <= 0 claims nothing.
func (s *Store) ClaimInbound(ctx context.Context, platform string, now time.Time, lease time.Duration, limit int) ([]store.Inbound, error) {
	if lease <= 0 {
		return nil, fmt.Errorf("claim inbound: lease %s: want a positive duration", lease)
	}
	if limit <= 0 {
		return nil, nil
	}
	var out []store.Inbound
	err := s.tx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `UPDATE inbound SET lease_until = ?3
			WHERE rowid IN (SELECT rowid FROM inbound
				WHERE platform = ?1 AND finished = 0 AND lease_until <= ?2
				ORDER BY received, req_key LIMIT ?4)
			RETURNING platform, req_key, payload, received`,
			platform, micros(now), micros(now.Add(lease)), limit)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var in store.Inbound
			var received int64
			if err := rows.Scan(&in.Platform, &in.Key, &in.Payload, &received); err != nil {
				return err
			}
			in.Received = fromMicros(received)
			if len(in.Payload) == 0 {
				in.Payload = nil
			}
			out = append(out, in)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("claim inbound on %s: %w", platform, err)
	}
	// RETURNING gives no order; callers serve the oldest first.
	slices.SortFunc(out, func(a, b store.Inbound) int {
		return cmp.Or(a.Received.Compare(b.Received), cmp.Compare(a.Key, b.Key))
	})
	return out, nil
}
