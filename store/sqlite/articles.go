package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"briefbot/brief"
	"briefbot/store"
)

const articleCols = `a.id, a.feed_url, a.source, a.title, a.link, a.text, a.published, a.fetched, a.duplicate_of`

// scanArticle scans articleCols followed by extra destinations.
func scanArticle(r scanner, extra ...any) (brief.Article, error) {
	var a brief.Article
	var published, fetched int64
	dest := append([]any{&a.ID, &a.FeedURL, &a.Source, &a.Title, &a.Link, &a.Text,
		&published, &fetched, &a.DuplicateOf}, extra...)
	if err := r.Scan(dest...); err != nil {
		return brief.Article{}, err
	}
	a.Published, a.Fetched = fromMicros(published), fromMicros(fetched)
	return a, nil
}

const (
	qHasArticle    = `SELECT COUNT(*) FROM articles WHERE id = ?`
	qInsertArticle = `INSERT INTO articles
			(id, feed_url, source, title, link, text, published, fetched, duplicate_of, story_id)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`
	qInsertSource = `INSERT INTO article_sources (article_id, feed_url, name, link)
			VALUES (?, ?, ?, ?) ON CONFLICT (article_id, feed_url) DO NOTHING`
	qInsertMatch = `INSERT INTO matches (article_id, topic_id, score, hits, summary)
				VALUES (?, ?, ?, ?, ?) ON CONFLICT (article_id, topic_id) DO NOTHING`
	qQueueAlerts = `INSERT INTO alert_queue
				(platform, channel_id, thread, topic_id, article_id, queued_at)
				SELECT platform, channel_id, thread, topic_id, ?1, ?2 FROM subscriptions
				WHERE topic_id = ?3 AND mode IN (?4, ?5) AND disabled = '' AND muted_until <= ?2
				ON CONFLICT DO NOTHING`
)

// HasArticle reports whether an article with that ID is stored.
func (s *Store) HasArticle(ctx context.Context, id string) (bool, error) {
	// One statement reads one snapshot: no transaction needed around it.
	if err := s.gate.Enter(); err != nil {
		return false, fmt.Errorf("has article %s: %w", id, err)
	}
	defer s.gate.Leave()
	var n int
	err := translate(s.stmts[qHasArticle].QueryRowContext(ctx, id).Scan(&n))
	if err != nil {
		return false, fmt.Errorf("has article %s: %w", id, err)
	}
	return n > 0, nil
}

// SaveArticle stores a new article, its first source, its matches and the
// alerts it queues (queued at opt.Now), in one transaction. See
// store.Store.
func (s *Store) SaveArticle(ctx context.Context, a brief.Article, matches []brief.Match, opt store.SaveOptions) error {
	if a.ID == "" {
		return errors.New("save article: empty ID")
	}
	duplicate := false
	err := s.tx(ctx, func(tx *sql.Tx) error {
		storyID, err := s.storyOf(ctx, tx, a, opt)
		if err != nil {
			return err
		}
		res, err := s.exec(ctx, tx, qInsertArticle,
			a.ID, a.FeedURL, a.Source, a.Title, a.Link, a.Text,
			micros(a.Published), micros(a.Fetched), a.DuplicateOf, storyID)
		if err != nil {
			return err
		}
		inserted, err := res.RowsAffected()
		if err != nil {
			return err
		}
		if _, err := s.exec(ctx, tx, qInsertSource,
			a.ID, a.FeedURL, a.Source, a.Link); err != nil {
			return err
		}
		if inserted == 0 {
			duplicate = true
			return nil
		}
		firstOnTopic, err := s.recordStory(ctx, tx, a, storyID, matches)
		if err != nil {
			return err
		}
		for _, m := range matches {
			if _, err := s.insertMatch(ctx, tx, a.ID, m); err != nil {
				return err
			}
			if !opt.NoAlerts && !firstOnTopic[m.TopicID] {
				// A later article on an alerted story: an update.
				if err := queueUpdates(ctx, tx, a.ID, storyID, m.TopicID, opt.Now); err != nil {
					return err
				}
				if err := queueLateAlerts(ctx, tx, storyID, m.TopicID, opt.Now); err != nil {
					return err
				}
			}
			if opt.NoAlerts || !firstOnTopic[m.TopicID] {
				// A story alerts once per topic, through whichever of
				// its articles is stored first, a near duplicate whose
				// original is still being stored included.
				continue
			}
			if _, err := s.exec(ctx, tx, qQueueAlerts,
				a.ID, micros(opt.Now), m.TopicID, brief.ModeAlerts, brief.ModeBoth); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("save article %s: %w", a.ID, err)
	}
	if duplicate {
		return fmt.Errorf("save article %s: %w", a.ID, brief.ErrDuplicate)
	}
	return nil
}

// Article returns one article, or brief.ErrNotFound.
func (s *Store) Article(ctx context.Context, id string) (brief.Article, error) {
	var a brief.Article
	err := s.view(ctx, func(tx *sql.Tx) error {
		var err error
		a, err = scanArticle(tx.QueryRowContext(ctx, `SELECT `+articleCols+` FROM articles a WHERE a.id = ?`, id))
		return err
	})
	if err != nil {
		return brief.Article{}, fmt.Errorf("article %s: %w", id, err)
	}
	return a, nil
}

// RecentArticles returns the articles fetched at or after since, oldest
// first (then by ID).
func (s *Store) RecentArticles(ctx context.Context, since time.Time) ([]brief.Article, error) {
	var out []brief.Article
	err := s.EachRecentArticle(ctx, since, func(a brief.Article) error {
		out = append(out, a)
		return nil
	})
	return out, err
}

// EachRecentArticle calls fn with each article fetched at or after since,
// oldest first (then by ID), one row at a time; see store.Store.
func (s *Store) EachRecentArticle(ctx context.Context, since time.Time, fn func(brief.Article) error) error {
	err := s.view(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT `+articleCols+` FROM articles a
			WHERE a.fetched >= ? ORDER BY a.fetched, a.id`, micros(since))
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			a, err := scanArticle(rows)
			if err != nil {
				return err
			}
			if err := fn(a); err != nil {
				return err
			}
		}
		return rows.Err()
	})
	if err != nil {
		return fmt.Errorf("recent articles: %w", err)
	}
	return nil
}

// StoriesByID returns the topic's stories for the given article IDs, in
// the order given, skipping IDs not stored or not matching the topic; an ID
// given twice appears once, at its first place. A near duplicate asked for
// by ID is returned as a story of its own.
func (s *Store) StoriesByID(ctx context.Context, topicID string, articleIDs []string) ([]brief.Story, error) {
	if len(articleIDs) == 0 {
		return nil, nil
	}
	idList, err := json.Marshal(articleIDs)
	if err != nil {
		return nil, fmt.Errorf("stories by id %s: %w", topicID, err)
	}
	var stories []brief.Story
	err = s.view(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT `+articleCols+`, m.score, m.hits, m.summary
			FROM matches m JOIN articles a ON a.id = m.article_id
			WHERE m.topic_id = ?1 AND a.id IN (SELECT value FROM json_each(?2))`, topicID, string(idList))
		if err != nil {
			return err
		}
		found, err := scanStories(rows, topicID)
		if err != nil {
			return err
		}
		byID := make(map[string]brief.Story, len(found))
		for _, st := range found {
			byID[st.Article.ID] = st
		}
		for _, id := range articleIDs {
			if st, ok := byID[id]; ok {
				stories = append(stories, st)
				delete(byID, id)
			}
		}
		return s.alsoIn(ctx, tx, stories)
	})
	if err != nil {
		return nil, fmt.Errorf("stories by id %s: %w", topicID, err)
	}
	return stories, nil
}

// scanStories reads rows of articleCols, score, hits and summary, and
// closes them.
func scanStories(rows *sql.Rows, topicID string) ([]brief.Story, error) {
	defer rows.Close()
	var out []brief.Story
	for rows.Next() {
		var st brief.Story
		var hits, summary string
		var err error
		st.Article, err = scanArticle(rows, &st.Match.Score, &hits, &summary)
		if err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(hits), &st.Match.Hits); err != nil {
			return nil, fmt.Errorf("hits of %s: %w", st.Article.ID, err)
		}
		if err := json.Unmarshal([]byte(summary), &st.Match.Summary); err != nil {
			return nil, fmt.Errorf("summary of %s: %w", st.Article.ID, err)
		}
		st.Match.ArticleID, st.Match.TopicID = st.Article.ID, topicID
		out = append(out, st)
	}
	return out, rows.Err()
}

// insertMatch stores an article's match on a topic, unless one is stored,
// and reports whether it did.
func (s *Store) insertMatch(ctx context.Context, tx *sql.Tx, articleID string, m brief.Match) (bool, error) {
	hits, err := json.Marshal(m.Hits)
	if err != nil {
		return false, err
	}
	summary, err := json.Marshal(m.Summary)
	if err != nil {
		return false, err
	}
	res, err := s.exec(ctx, tx, qInsertMatch, articleID, m.TopicID, m.Score, string(hits), string(summary))
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}
