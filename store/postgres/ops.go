package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// OutboxStats implements store.Store.
func (s *Store) OutboxStats(ctx context.Context, now time.Time) (int, time.Time, error) {
	var (
		n      int
		oldest *time.Time
	)
	err := s.view(ctx, func(tx pgx.Tx) error {
		return tx.QueryRow(ctx, `SELECT COUNT(*), MIN(CASE WHEN next_attempt <= $1 THEN created END)
			FROM messages WHERE status = 'pending'`, now).Scan(&n, &oldest)
	})
	if err != nil {
		return 0, time.Time{}, fmt.Errorf("outbox stats: %w", err)
	}
	if oldest == nil {
		return n, time.Time{}, nil
	}
	return n, oldest.UTC(), nil
}
