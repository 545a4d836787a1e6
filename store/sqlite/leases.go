package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"time"

	"briefbot/brief"
	"briefbot/store"
)

var _ store.FeedLeases = (*Store)(nil)

// EnsureFeeds creates the state of each listed feed that has none, due at
// once.
func (s *Store) EnsureFeeds(ctx context.Context, urls []string) error {
	if len(urls) == 0 {
		return nil
	}
	list, err := json.Marshal(urls)
	if err != nil {
		return fmt.Errorf("ensure feed states: %w", err)
	}
	zero := micros(time.Time{})
	err = s.tx(ctx, func(tx *sql.Tx) error {
		// "WHERE true" tells the parser the ON CONFLICT belongs to the
		// INSERT, not to a join.
		_, err := tx.ExecContext(ctx, `INSERT INTO feed_states (`+feedStateCols+`)
			SELECT value, '', '', '', ?2, ?2, '', 0, ?2, 0 FROM json_each(?1) WHERE true
			ON CONFLICT (url) DO NOTHING`, string(list), zero)
		return err
	})
	if err != nil {
		return fmt.Errorf("ensure feed states (%d feeds): %w", len(urls), err)
	}
	return nil
}

// ClaimFeeds leases due feeds to owner. The write transaction takes
// SQLite's one write lock at BEGIN, so claims never overlap.
func (s *Store) ClaimFeeds(ctx context.Context, owner string, now time.Time, lease time.Duration, limit int) ([]store.FeedLease, error) {
	if limit <= 0 {
		return nil, nil
	}
	if owner == "" {
		return nil, fmt.Errorf("claim feeds: empty owner; name the poller")
	}
	now = now.UTC()
	until := now.Add(lease)
	token := leaseToken()
	var out []store.FeedLease
	err := s.tx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT `+feedStateCols+` FROM feed_states
			WHERE NOT paused AND next_poll <= ?1 AND lease_until <= ?1
			ORDER BY next_poll, url LIMIT ?2`, micros(now), limit)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			st, err := scanFeedState(rows)
			if err != nil {
				return err
			}
			out = append(out, store.FeedLease{State: st, Owner: owner, Token: token, Until: until})
		}
		if err := rows.Err(); err != nil {
			return err
		}
		rows.Close()
		for _, l := range out {
			if _, err := tx.ExecContext(ctx,
				`UPDATE feed_states SET lease_owner = ?, lease_token = ?, lease_until = ? WHERE url = ?`,
				owner, token, micros(until), l.State.URL); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("claim feeds for %s: %w", owner, err)
	}
	return out, nil
}

// SaveLeasedFeedState saves the state and ends the lease, when the lease
// is still the one stored.
func (s *Store) SaveLeasedFeedState(ctx context.Context, l store.FeedLease, st store.FeedState) error {
	if st.URL != l.State.URL {
		return fmt.Errorf("save leased feed state %s: the lease is for %s", st.URL, l.State.URL)
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE feed_states SET
				title = ?, etag = ?, last_modified = ?, last_poll = ?, last_success = ?,
				last_error = ?, failures = ?, next_poll = ?, paused = ?,
				lease_owner = '', lease_until = ?
			WHERE url = ? AND lease_owner = ? AND lease_token = ?`,
			st.Title, st.ETag, st.LastModified, micros(st.LastPoll), micros(st.LastSuccess),
			st.LastError, st.Failures, micros(st.NextPoll), st.Paused, micros(time.Time{}),
			st.URL, l.Owner, l.Token)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return fmt.Errorf("lease of %s (token %d) is no longer held: %w", l.Owner, l.Token, brief.ErrNotFound)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("save leased feed state %s: %w", st.URL, err)
	}
	return nil
}

// releaseFeedLeases ends every feed lease: one process owns a SQLite file,
// so a lease found at start-up belongs to a process that is gone, and its
// feeds are due again at once rather than when the lease would have ended.
func releaseFeedLeases(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.ExecContext(ctx, `UPDATE feed_states SET lease_owner = '', lease_until = ?1 WHERE lease_owner <> ''`,
		micros(time.Time{}))
	return err
}

// leaseToken is a new claim's token: random, so that it differs from any
// earlier claim's of the same feed, even one made before the feed's state
// was removed and created again. Zero means "never claimed".
func leaseToken() int64 {
	for {
		if t := rand.Int64(); t != 0 {
			return t
		}
	}
}
