package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"briefbot/brief"
	"briefbot/store"
)

const feedStateCols = `url, title, etag, last_modified, last_poll, last_success, last_error, failures, next_poll, paused`

func scanFeedState(r pgx.Row) (store.FeedState, error) {
	var st store.FeedState
	err := r.Scan(&st.URL, &st.Title, &st.ETag, &st.LastModified, &st.LastPoll, &st.LastSuccess,
		&st.LastError, &st.Failures, &st.NextPoll, &st.Paused)
	st.LastPoll, st.LastSuccess, st.NextPoll = utc(st.LastPoll), utc(st.LastSuccess), utc(st.NextPoll)
	return st, err
}

// FeedState returns the polling state of one feed, or brief.ErrNotFound.
func (s *Store) FeedState(ctx context.Context, url string) (store.FeedState, error) {
	var st store.FeedState
	err := s.view(ctx, func(tx pgx.Tx) error {
		var err error
		st, err = scanFeedState(tx.QueryRow(ctx, `SELECT `+feedStateCols+` FROM feed_states WHERE url = $1`, url))
		return err
	})
	if err != nil {
		return store.FeedState{}, fmt.Errorf("feed state %s: %w", url, err)
	}
	return st, nil
}

// SaveFeedState creates or replaces a feed's polling state.
func (s *Store) SaveFeedState(ctx context.Context, st store.FeedState) error {
	err := s.tx(ctx, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO feed_states (`+feedStateCols+`)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
			ON CONFLICT (url) DO UPDATE SET
				title = excluded.title, etag = excluded.etag, last_modified = excluded.last_modified,
				last_poll = excluded.last_poll, last_success = excluded.last_success,
				last_error = excluded.last_error, failures = excluded.failures,
				next_poll = excluded.next_poll, paused = excluded.paused`,
			st.URL, st.Title, st.ETag, st.LastModified, st.LastPoll, st.LastSuccess,
			st.LastError, st.Failures, st.NextPoll, st.Paused)
		return err
	})
	if err != nil {
		return fmt.Errorf("save feed state %s: %w", st.URL, err)
	}
	return nil
}

// FeedStates returns every stored feed state, ordered by URL.
func (s *Store) FeedStates(ctx context.Context) ([]store.FeedState, error) {
	var out []store.FeedState
	err := s.view(ctx, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT `+feedStateCols+` FROM feed_states ORDER BY url`)
		if err != nil {
			return err
		}
		out, err = collect(rows, func(r pgx.CollectableRow) (store.FeedState, error) { return scanFeedState(r) })
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("feed states: %w", err)
	}
	return out, nil
}

// AddFeed stores a run-time feed; brief.ErrDuplicate when its URL is
// already stored.
func (s *Store) AddFeed(ctx context.Context, f store.FeedSpec) error {
	err := s.tx(ctx, func(tx pgx.Tx) error {
		// A plain INSERT: SQLSTATE 23505 becomes brief.ErrDuplicate.
		_, err := tx.Exec(ctx, `INSERT INTO feeds (url, title, category, full_text, poll_interval_ns, added)
			VALUES ($1, $2, $3, $4, $5, $6)`,
			f.URL, f.Title, f.Category, f.FullText, int64(f.Interval), f.Added)
		return err
	})
	if err != nil {
		return fmt.Errorf("add feed %s: %w", f.URL, err)
	}
	return nil
}

// RemoveFeed deletes a run-time feed and its state; brief.ErrNotFound when
// it is not stored. The state of a feed that is not a run-time feed (one
// from the config file) is left alone.
func (s *Store) RemoveFeed(ctx context.Context, url string) error {
	err := s.tx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `DELETE FROM feeds WHERE url = $1`, url)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return brief.ErrNotFound
		}
		_, err = tx.Exec(ctx, `DELETE FROM feed_states WHERE url = $1`, url)
		return err
	})
	if err != nil {
		return fmt.Errorf("remove feed %s: %w", url, err)
	}
	return nil
}

// Feeds returns the run-time feeds, ordered by URL.
func (s *Store) Feeds(ctx context.Context) ([]store.FeedSpec, error) {
	var out []store.FeedSpec
	err := s.view(ctx, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT url, title, category, full_text, poll_interval_ns, added FROM feeds ORDER BY url`)
		if err != nil {
			return err
		}
		out, err = collect(rows, func(r pgx.CollectableRow) (store.FeedSpec, error) {
			var f store.FeedSpec
			var interval int64
			err := r.Scan(&f.URL, &f.Title, &f.Category, &f.FullText, &interval, &f.Added)
			f.Interval, f.Added = time.Duration(interval), utc(f.Added)
			return f, err
		})
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("feeds: %w", err)
	}
	return out, nil
}
