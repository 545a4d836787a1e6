package postgres

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"briefbot/brief"
	"briefbot/store"
)

var _ store.FeedLeases = (*Store)(nil)

// EnsureFeeds creates the state of each listed feed that has none, due at
// once. The URLs are inserted in sorted order, so replicas ensuring
// overlapping lists at the same moment wait on each other's rows in one
// order and cannot deadlock.
func (s *Store) EnsureFeeds(ctx context.Context, urls []string) error {
	if len(urls) == 0 {
		return nil
	}
	sorted := slices.Clone(urls)
	slices.Sort(sorted)
	sorted = slices.Compact(sorted)
	err := s.tx(ctx, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO feed_states (`+feedStateCols+`)
			SELECT u, '', '', '', $2, $2, '', 0, $2, false
			FROM unnest($1::text[]) WITH ORDINALITY AS l(u, n)
			WHERE NOT EXISTS (SELECT 1 FROM feed_states f WHERE f.url = l.u)
			ORDER BY n
			ON CONFLICT (url) DO NOTHING`, sorted, never)
		return err
	})
	if err != nil {
		return fmt.Errorf("ensure feed states (%d feeds): %w", len(sorted), err)
	}
	return nil
}

// ClaimFeeds leases due feeds to owner. The due feeds are read through the
// partial index on next_poll, most overdue first, and locked with FOR
// UPDATE SKIP LOCKED: a replica claiming at the same moment skips the rows
// this one is taking rather than waiting for them, and gets others.
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
	err := s.tx(ctx, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `UPDATE feed_states f SET lease_owner = $1, lease_token = $2, lease_until = $3
			FROM (SELECT url FROM feed_states
				WHERE NOT paused AND next_poll <= $4 AND lease_until <= $4
				ORDER BY next_poll, url
				LIMIT $5
				FOR UPDATE SKIP LOCKED) due
			WHERE f.url = due.url
			RETURNING `+prefixed("f.", feedStateCols), owner, token, until, now, limit)
		if err != nil {
			return err
		}
		out, err = collect(rows, func(r pgx.CollectableRow) (store.FeedLease, error) {
			st, err := scanFeedState(r)
			return store.FeedLease{State: st, Owner: owner, Token: token, Until: until}, err
		})
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("claim feeds for %s: %w", owner, err)
	}
	// RETURNING does not keep the subquery's order.
	slices.SortFunc(out, func(a, b store.FeedLease) int {
		if c := a.State.NextPoll.Compare(b.State.NextPoll); c != 0 {
			return c
		}
		return strings.Compare(a.State.URL, b.State.URL)
	})
	return out, nil
}

// SaveLeasedFeedState saves the state and ends the lease, when the lease
// is still the one stored.
func (s *Store) SaveLeasedFeedState(ctx context.Context, l store.FeedLease, st store.FeedState) error {
	if st.URL != l.State.URL {
		return fmt.Errorf("save leased feed state %s: the lease is for %s", st.URL, l.State.URL)
	}
	err := s.tx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE feed_states SET
				title = $4, etag = $5, last_modified = $6, last_poll = $7, last_success = $8,
				last_error = $9, failures = $10, next_poll = $11, paused = $12,
				lease_owner = '', lease_until = $13
			WHERE url = $1 AND lease_owner = $2 AND lease_token = $3`,
			st.URL, l.Owner, l.Token, st.Title, st.ETag, st.LastModified, st.LastPoll, st.LastSuccess,
			st.LastError, st.Failures, st.NextPoll, st.Paused, never)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return fmt.Errorf("lease of %s (token %d) is no longer held: %w", l.Owner, l.Token, brief.ErrNotFound)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("save leased feed state %s: %w", st.URL, err)
	}
	return nil
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

// prefixed qualifies each of a comma-separated column list with p.
func prefixed(p, cols string) string {
	parts := strings.Split(cols, ", ")
	for i := range parts {
		parts[i] = p + parts[i]
	}
	return strings.Join(parts, ", ")
}
