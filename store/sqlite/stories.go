package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"briefbot/brief"
	"briefbot/store"
)

const (
	qStoryOfDuplicate = `SELECT story_id FROM articles WHERE id = ?`
	qUpsertStory      = `INSERT INTO stories (id, first, last, articles) VALUES (?1, ?2, ?2, 1)
		ON CONFLICT (id) DO UPDATE SET first = MIN(first, excluded.first), last = MAX(last, excluded.last),
		articles = articles + 1`
	qUpsertStoryTopic = `INSERT INTO story_topics (topic_id, story_id, first, first_article, last, articles)
			VALUES (?1, ?2, ?3, ?4, ?3, 1)
			ON CONFLICT (topic_id, story_id) DO UPDATE SET
			last = MAX(last, excluded.last), articles = articles + 1
			RETURNING articles`
)

// storyOf decides the story of a new article: the clusterer's when given,
// else its stored original's when it is a near duplicate, else its own.
func (s *Store) storyOf(ctx context.Context, tx *sql.Tx, a brief.Article, opt store.SaveOptions) (string, error) {
	if opt.Story != "" {
		return opt.Story, nil
	}
	if a.DuplicateOf != "" {
		var id string
		err := s.queryRow(ctx, tx, qStoryOfDuplicate, a.DuplicateOf).Scan(&id)
		if err == nil && id != "" {
			return id, nil
		}
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return "", err
		}
	}
	return a.ID, nil
}

// recordStory counts a newly stored article into its story and into the
// story's row for each topic it matched, and returns the topics on which
// the article is the story's first stored: only those alert, and that
// article stands for the story on the topic from then on, so a briefing
// shows what the alert showed.
func (s *Store) recordStory(ctx context.Context, tx *sql.Tx, a brief.Article, storyID string, matches []brief.Match) (map[string]bool, error) {
	p := micros(a.Published)
	if _, err := s.exec(ctx, tx, qUpsertStory, storyID, p); err != nil {
		return nil, err
	}
	first := map[string]bool{}
	for _, m := range matches {
		var n int
		if err := s.queryRow(ctx, tx, qUpsertStoryTopic,
			m.TopicID, storyID, p, a.ID).Scan(&n); err != nil {
			return nil, err
		}
		first[m.TopicID] = n == 1
	}
	return first, nil
}

// Stories returns one page of a topic's stories, newest first, and the
// number in the whole window, reading story_topics through its window
// index. See store.Store.
func (s *Store) Stories(ctx context.Context, q store.StoryQuery) ([]brief.Story, int, error) {
	limit := int64(q.Limit)
	if limit <= 0 {
		limit = -1 // SQLite: no limit
	}
	offset := max(q.Offset, 0)
	var stories []brief.Story
	var total int
	err := s.view(ctx, func(tx *sql.Tx) error {
		args := []any{q.TopicID, micros(q.Since), micros(q.Until)}
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM story_topics
			WHERE topic_id = ?1 AND first >= ?2 AND first < ?3`, args...).Scan(&total); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT `+articleCols+`, m.score, m.hits, m.summary
			FROM (SELECT first_article, first FROM story_topics
				WHERE topic_id = ?1 AND first >= ?2 AND first < ?3
				ORDER BY first DESC, first_article DESC LIMIT ?4 OFFSET ?5) t
			JOIN articles a ON a.id = t.first_article
			JOIN matches m ON m.article_id = a.id AND m.topic_id = ?1
			ORDER BY t.first DESC, t.first_article DESC`, append(args, limit, offset)...)
		if err != nil {
			return err
		}
		if stories, err = scanStories(rows, q.TopicID); err != nil {
			return err
		}
		return s.alsoIn(ctx, tx, stories)
	})
	if err != nil {
		return nil, 0, fmt.Errorf("stories %s: %w", q.TopicID, err)
	}
	return stories, total, nil
}

// alsoIn fills each story's AlsoIn: the other feeds that carried the
// article, and every feed that carried another article of its story
// stored after it, in the order they were seen, each feed once, the
// article's own first feed left out.
func (s *Store) alsoIn(ctx context.Context, tx *sql.Tx, stories []brief.Story) error {
	for i := range stories {
		a := &stories[i].Article
		rows, err := tx.QueryContext(ctx, `SELECT s.feed_url, s.name, s.link, s.seq FROM article_sources s
			WHERE s.article_id = ?1
			UNION ALL
			SELECT s.feed_url, s.name, s.link, s.seq FROM articles d
			JOIN article_sources f ON f.article_id = d.id AND f.feed_url = d.feed_url
			JOIN article_sources s ON s.article_id = d.id
			WHERE d.story_id = (SELECT story_id FROM articles WHERE id = ?1) AND d.id <> ?1
			AND f.seq > (SELECT seq FROM article_sources WHERE article_id = ?1 AND feed_url = ?2)
			ORDER BY 4`, a.ID, a.FeedURL)
		if err != nil {
			return err
		}
		seen := map[string]bool{a.FeedURL: true}
		for rows.Next() {
			var src brief.Source
			var seq int64
			if err := rows.Scan(&src.FeedURL, &src.Name, &src.Link, &seq); err != nil {
				rows.Close()
				return err
			}
			if seen[src.FeedURL] {
				continue
			}
			seen[src.FeedURL] = true
			stories[i].AlsoIn = append(stories[i].AlsoIn, src)
		}
		if err := rows.Close(); err != nil {
			return err
		}
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return nil
}

// Story returns one story's record, or brief.ErrNotFound.
func (s *Store) Story(ctx context.Context, id string) (store.StoryRecord, error) {
	r := store.StoryRecord{ID: id}
	err := s.view(ctx, func(tx *sql.Tx) error {
		var first, last int64
		if err := tx.QueryRowContext(ctx, `SELECT first, last FROM stories WHERE id = ?`, id).Scan(&first, &last); err != nil {
			return err
		}
		r.First, r.Last = fromMicros(first), fromMicros(last)
		var err error
		if r.ArticleIDs, err = column(ctx, tx, `SELECT id FROM articles WHERE story_id = ? ORDER BY published, id`, id); err != nil {
			return err
		}
		if r.Topics, err = column(ctx, tx, `SELECT DISTINCT m.topic_id FROM articles a
			JOIN matches m ON m.article_id = a.id WHERE a.story_id = ? ORDER BY 1`, id); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT s.feed_url, s.name, s.link FROM articles a
			JOIN article_sources s ON s.article_id = a.id WHERE a.story_id = ? ORDER BY s.seq`, id)
		if err != nil {
			return err
		}
		defer rows.Close()
		seen := map[string]bool{}
		for rows.Next() {
			var src brief.Source
			if err := rows.Scan(&src.FeedURL, &src.Name, &src.Link); err != nil {
				return err
			}
			if !seen[src.FeedURL] {
				seen[src.FeedURL] = true
				r.Outlets = append(r.Outlets, src)
			}
		}
		return rows.Err()
	})
	if err != nil {
		return store.StoryRecord{}, fmt.Errorf("story %s: %w", id, err)
	}
	return r, nil
}

func column(ctx context.Context, tx *sql.Tx, query string, args ...any) ([]string, error) {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// SaveClusterState replaces the saved clusterer state. See store.Store.
func (s *Store) SaveClusterState(ctx context.Context, saved time.Time, state []byte) error {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO cluster_state (id, saved, state) VALUES (1, ?, ?)
			ON CONFLICT (id) DO UPDATE SET saved = excluded.saved, state = excluded.state`, micros(saved), state)
		return err
	})
	if err != nil {
		return fmt.Errorf("save cluster state: %w", err)
	}
	return nil
}

// ClusterState returns the saved clusterer state, or brief.ErrNotFound.
func (s *Store) ClusterState(ctx context.Context) (time.Time, []byte, error) {
	var saved int64
	var state []byte
	err := s.view(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT saved, state FROM cluster_state WHERE id = 1`).Scan(&saved, &state)
	})
	if err != nil {
		return time.Time{}, nil, fmt.Errorf("cluster state: %w", err)
	}
	return fromMicros(saved), state, nil
}
