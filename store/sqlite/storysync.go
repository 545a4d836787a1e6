package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"briefbot/store"
)

var _ store.StorySync = (*Store)(nil)

// StoryTurn returns at once: one process uses an SQLite store (Lead holds
// the file's lock), so the turn is always this process's and shared is
// false. See store.StorySync.
func (s *Store) StoryTurn(ctx context.Context) (func() error, bool, error) {
	if err := ctx.Err(); err != nil {
		return nil, false, fmt.Errorf("story turn: %w", err)
	}
	return func() error { return nil }, false, nil
}

// ArticlesAfter returns the articles stored after position after, in the
// order they were stored: an article's position is that of its first
// source, inserted in the article's transaction; later sources of a stored
// article are skipped. See store.StorySync.
func (s *Store) ArticlesAfter(ctx context.Context, after int64, limit int) ([]store.StoredArticle, error) {
	if limit <= 0 {
		return nil, nil
	}
	var out []store.StoredArticle
	err := s.view(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT `+articleCols+`, s.seq, a.story_id
			FROM article_sources s JOIN articles a ON a.id = s.article_id AND a.feed_url = s.feed_url
			WHERE s.seq > ? ORDER BY s.seq LIMIT ?`, after, limit)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var sa store.StoredArticle
			if sa.Article, err = scanArticle(rows, &sa.Seq, &sa.Story); err != nil {
				return err
			}
			out = append(out, sa)
		}
		return rows.Err()
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
	err := s.view(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(seq), 0) FROM article_sources`).Scan(&seq)
	})
	if err != nil {
		return 0, fmt.Errorf("last article position: %w", err)
	}
	return seq, nil
}
