package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"briefbot/brief"
	"briefbot/store"
)

const feedStateCols = `url, title, etag, last_modified, last_poll, last_success, last_error, failures, next_poll, paused`

type scanner interface{ Scan(dest ...any) error }

func scanFeedState(r scanner) (store.FeedState, error) {
	var st store.FeedState
	var poll, success, next int64
	err := r.Scan(&st.URL, &st.Title, &st.ETag, &st.LastModified, &poll, &success,
		&st.LastError, &st.Failures, &next, &st.Paused)
	st.LastPoll, st.LastSuccess, st.NextPoll = fromMicros(poll), fromMicros(success), fromMicros(next)
	return st, err
}

// FeedState returns the polling state of one feed, or brief.ErrNotFound.
func (s *Store) FeedState(ctx context.Context, url string) (store.FeedState, error) {
	var st store.FeedState
	err := s.view(ctx, func(tx *sql.Tx) error {
		var err error
		st, err = scanFeedState(tx.QueryRowContext(ctx,
			`SELECT `+feedStateCols+` FROM feed_states WHERE url = ?`, url))
		return err
	})
	if err != nil {
		return store.FeedState{}, fmt.Errorf("feed state %s: %w", url, err)
	}
	return st, nil
}

// SaveFeedState creates or replaces a feed's polling state.
func (s *Store) SaveFeedState(ctx context.Context, st store.FeedState) error {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		_, err := s.exec(ctx, tx, qSaveFeedState,
			st.URL, st.Title, st.ETag, st.LastModified, micros(st.LastPoll), micros(st.LastSuccess),
			st.LastError, st.Failures, micros(st.NextPoll), st.Paused)
		return err
	})
	if err != nil {
		return fmt.Errorf("save feed state %s: %w", st.URL, err)
	}
	return nil
}

const qSaveFeedState = `INSERT INTO feed_states (` + feedStateCols + `)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (url) DO UPDATE SET
				title = excluded.title, etag = excluded.etag, last_modified = excluded.last_modified,
				last_poll = excluded.last_poll, last_success = excluded.last_success,
				last_error = excluded.last_error, failures = excluded.failures,
				next_poll = excluded.next_poll, paused = excluded.paused`

// FeedStates returns every stored feed state, ordered by URL.
func (s *Store) FeedStates(ctx context.Context) ([]store.FeedState, error) {
	var out []store.FeedState
	err := s.view(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT `+feedStateCols+` FROM feed_states ORDER BY url`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			st, err := scanFeedState(rows)
			if err != nil {
				return err
			}
			out = append(out, st)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("feed states: %w", err)
	}
	return out, nil
}

// AddFeed stores a run-time feed; brief.ErrDuplicate when its URL is
// already stored.
func (s *Store) AddFeed(ctx context.Context, f store.FeedSpec) error {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		// A plain INSERT: the unique violation becomes brief.ErrDuplicate.
		_, err := tx.ExecContext(ctx, `INSERT INTO feeds (url, title, category, full_text, poll_interval_ns, added)
			VALUES (?, ?, ?, ?, ?, ?)`,
			f.URL, f.Title, f.Category, f.FullText, int64(f.Interval), micros(f.Added))
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
	err := s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM feeds WHERE url = ?`, url)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return brief.ErrNotFound
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM feed_states WHERE url = ?`, url)
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
	err := s.view(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx,
			`SELECT url, title, category, full_text, poll_interval_ns, added FROM feeds ORDER BY url`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var f store.FeedSpec
			var interval, added int64
			if err := rows.Scan(&f.URL, &f.Title, &f.Category, &f.FullText, &interval, &added); err != nil {
				return err
			}
			f.Interval, f.Added = time.Duration(interval), fromMicros(added)
			out = append(out, f)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("feeds: %w", err)
	}
	return out, nil
}
