package postgres

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"briefbot/brief"
	"briefbot/store"
)

// TakeInbound records a chat request before it is acknowledged; see
// store.Store. The insert and the forgetting run in one transaction, and
// the primary key decides between two replicas taking the same request.
func (s *Store) TakeInbound(ctx context.Context, in store.Inbound, leaseUntil, forgetBefore time.Time) (bool, error) {
	if in.Platform == "" || in.Key == "" {
		return false, fmt.Errorf("take inbound %q on %q: want a platform and a key", in.Key, in.Platform)
	}
	payload := in.Payload
	if payload == nil {
		payload = []byte{}
	}
	var inserted bool
	err := s.tx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM inbound WHERE received < $1`, forgetBefore); err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, `INSERT INTO inbound (platform, req_key, payload, received, lease_until)
			VALUES ($1, $2, $3, $4, $5) ON CONFLICT (platform, req_key) DO NOTHING`,
			in.Platform, in.Key, payload, in.Received, leaseUntil)
		inserted = tag.RowsAffected() == 1
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
	err := s.tx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE inbound SET lease_until = $3, finished = COALESCE(finished, $4)
			WHERE platform = $1 AND req_key = $2`, platform, key, never, now)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
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
// store.Store. Row locks skipped by a concurrent claim keep two replicas
// from claiming the same request. lease must be positive; limit <= 0
// claims nothing.
func (s *Store) ClaimInbound(ctx context.Context, platform string, now time.Time, lease time.Duration, limit int) ([]store.Inbound, error) {
	if lease <= 0 {
		return nil, fmt.Errorf("claim inbound: lease %s: want a positive duration", lease)
	}
	if limit <= 0 {
		return nil, nil
	}
	var out []store.Inbound
	err := s.tx(ctx, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `UPDATE inbound SET lease_until = $3
			WHERE finished IS NULL AND lease_until <= $2 AND (platform, req_key) IN (SELECT platform, req_key FROM inbound
				WHERE platform = $1 AND finished IS NULL AND lease_until <= $2
				ORDER BY received, req_key LIMIT $4 FOR UPDATE SKIP LOCKED)
			RETURNING platform, req_key, payload, received`,
			platform, now, now.Add(lease), limit)
		if err != nil {
			return err
		}
		out, err = collect(rows, func(r pgx.CollectableRow) (store.Inbound, error) {
			var in store.Inbound
			err := r.Scan(&in.Platform, &in.Key, &in.Payload, &in.Received)
			in.Received = utc(in.Received)
			if len(in.Payload) == 0 {
				in.Payload = nil
			}
			return in, err
		})
		return err
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
