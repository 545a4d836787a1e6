package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// OutboxStats implements store.Store.
func (s *Store) OutboxStats(ctx context.Context, now time.Time) (int, time.Time, error) {
	var (
		n      int
		oldest sql.NullInt64
	)
	err := s.view(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT COUNT(*), MIN(CASE WHEN next_attempt <= ? THEN created END)
			FROM messages WHERE status = 'pending'`, micros(now)).Scan(&n, &oldest)
	})
	if err != nil {
		return 0, time.Time{}, fmt.Errorf("outbox stats: %w", err)
	}
	if !oldest.Valid {
		return n, time.Time{}, nil
	}
	return n, fromMicros(oldest.Int64), nil
}
