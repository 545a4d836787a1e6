package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"briefbot/store"
)

var _ store.StorySync = (*Store)(nil)

// The story turn is a session advisory lock in the two-key space (so it
// never meets the one-key locks Lead and the migrations take), keyed by
// the schema, so two deployments in one database do not share it.
const storyTurnLock = `(1937010500, hashtext(current_schema()))`

// StoryTurn takes the schema's story turn: a session advisory lock on a
// connection kept for as long as the turn is held. See store.StorySync.
//
// Advisory lock waiters are queued by the server, so a replica that gives
// the turn up and asks again goes after those already waiting.
func (s *Store) StoryTurn(ctx context.Context) (func() error, bool, error) {
	if err := s.gate.Enter(); err != nil {
		return nil, true, fmt.Errorf("story turn: %w", err)
	}
	defer s.gate.Leave()
	conn, err := s.pool.Acquire(ctx)
	if err != nil {
		return nil, true, fmt.Errorf("story turn: %w", err)
	}
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock`+storyTurnLock); err != nil {
		// The lock may have been granted as the wait was cancelled:
		// ending the session lets go of it in any case.
		closeCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Second)
		conn.Conn().Close(closeCtx)
		cancel()
		conn.Release()
		return nil, true, fmt.Errorf("story turn: %w", err)
	}
	released := false
	release := func() error {
		if released {
			return nil
		}
		released = true
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		defer conn.Release()
		var held bool
		err := conn.QueryRow(ctx, `SELECT pg_advisory_unlock`+storyTurnLock).Scan(&held)
		if err != nil {
			conn.Conn().Close(ctx)
			return fmt.Errorf("release story turn: the connection holding it broke, so another replica may have held it meanwhile: %w", err)
		}
		if !held {
			return errors.New("release story turn: it was no longer held")
		}
		return nil
	}
	return release, true, nil
}

// ArticlesAfter returns the articles stored after position after, in the
// order they were stored. An article's position is that of its first
// source (the feed it was stored from), which SaveArticle inserts in the
// article's transaction; the later sources of a stored article are not
// articles stored, and are skipped. See store.StorySync.
func (s *Store) ArticlesAfter(ctx context.Context, after int64, limit int) ([]store.StoredArticle, error) {
	if limit <= 0 {
		return nil, nil
	}
	var out []store.StoredArticle
	err := s.view(ctx, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT `+articleCols+`, s.seq, a.story_id
			FROM article_sources s JOIN articles a ON a.id = s.article_id AND a.feed_url = s.feed_url
			WHERE s.seq > $1 ORDER BY s.seq LIMIT $2`, after, limit)
		if err != nil {
			return err
		}
		out, err = collect(rows, func(r pgx.CollectableRow) (store.StoredArticle, error) {
			var sa store.StoredArticle
			var err error
			sa.Article, err = scanArticle(r, &sa.Seq, &sa.Story)
			return sa, err
		})
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("articles after %d: %w", after, err)
	}
	return out, nil
}

// LastArticleSeq returns the position of the last article stored. See
// store.StorySync.
func (s *Store) LastArticleSeq(ctx context.Context) (int64, error) {
	var seq int64
	err := s.view(ctx, func(tx pgx.Tx) error {
		return tx.QueryRow(ctx, `SELECT COALESCE(MAX(seq), 0) FROM article_sources`).Scan(&seq)
	})
	if err != nil {
		return 0, fmt.Errorf("last article position: %w", err)
	}
	return seq, nil
}
