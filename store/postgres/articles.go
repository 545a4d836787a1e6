package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"briefbot/brief"
	"briefbot/store"
)

const articleCols = `a.id, a.feed_url, a.source, a.title, a.link, a.text, a.published, a.fetched, a.duplicate_of`

// scanArticle scans articleCols followed by extra destinations.
func scanArticle(r pgx.Row, extra ...any) (brief.Article, error) {
	var a brief.Article
	dest := append([]any{&a.ID, &a.FeedURL, &a.Source, &a.Title, &a.Link, &a.Text,
		&a.Published, &a.Fetched, &a.DuplicateOf}, extra...)
	if err := r.Scan(dest...); err != nil {
		return brief.Article{}, err
	}
	a.Published, a.Fetched = utc(a.Published), utc(a.Fetched)
	return a, nil
}

// HasArticle reports whether an article with that ID is stored.
func (s *Store) HasArticle(ctx context.Context, id string) (bool, error) {
	var has bool
	err := s.view(ctx, func(tx pgx.Tx) error {
		return tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM articles WHERE id = $1)`, id).Scan(&has)
	})
	if err != nil {
		return false, fmt.Errorf("has article %s: %w", id, err)
	}
	return has, nil
}

// SaveArticle stores a new article, its first source, its matches and the
// alerts it queues (queued at opt.Now), in one transaction. See
// store.Store.
func (s *Store) SaveArticle(ctx context.Context, a brief.Article, matches []brief.Match, opt store.SaveOptions) error {
	if a.ID == "" {
		return errors.New("save article: empty ID")
	}
	duplicate := false
	err := s.tx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `INSERT INTO articles
			(id, feed_url, source, title, link, text, published, fetched, duplicate_of)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (id) DO NOTHING`,
			a.ID, a.FeedURL, a.Source, a.Title, a.Link, a.Text, a.Published, a.Fetched, a.DuplicateOf)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO article_sources (article_id, feed_url, name, link)
			VALUES ($1, $2, $3, $4) ON CONFLICT (article_id, feed_url) DO NOTHING`,
			a.ID, a.FeedURL, a.Source, a.Link); err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			duplicate = true
			return nil
		}
		for _, m := range matches {
			hits, err := json.Marshal(m.Hits)
			if err != nil {
				return err
			}
			summary, err := json.Marshal(m.Summary)
			if err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `INSERT INTO matches (article_id, topic_id, score, hits, summary)
				VALUES ($1, $2, $3, $4, $5) ON CONFLICT (article_id, topic_id) DO NOTHING`,
				a.ID, m.TopicID, m.Score, string(hits), string(summary)); err != nil {
				return err
			}
			if a.DuplicateOf != "" || opt.NoAlerts {
				continue
			}
			if _, err := tx.Exec(ctx, `INSERT INTO alert_queue
				(platform, channel_id, thread, topic_id, article_id, queued_at)
				SELECT platform, channel_id, thread, topic_id, $1, $2 FROM subscriptions
				WHERE topic_id = $3 AND mode IN ($4, $5) AND disabled = '' AND muted_until <= $2
				ON CONFLICT DO NOTHING`,
				a.ID, opt.Now, m.TopicID, string(brief.ModeAlerts), string(brief.ModeBoth)); err != nil {
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
	err := s.view(ctx, func(tx pgx.Tx) error {
		var err error
		a, err = scanArticle(tx.QueryRow(ctx, `SELECT `+articleCols+` FROM articles a WHERE a.id = $1`, id))
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
	err := s.view(ctx, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT `+articleCols+` FROM articles a
			WHERE a.fetched >= $1 ORDER BY a.fetched, a.id`, since)
		if err != nil {
			return err
		}
		out, err = collect(rows, func(r pgx.CollectableRow) (brief.Article, error) { return scanArticle(r) })
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("recent articles: %w", err)
	}
	return out, nil
}

// storyFilter selects the stories of topic $1 published in [$2, $3). A near
// duplicate is folded into its original when the original is stored and
// matches the topic too; otherwise it is a story of its own, so it never
// vanishes behind an original this briefing cannot show.
const storyFilter = `FROM matches m JOIN articles a ON a.id = m.article_id
	WHERE m.topic_id = $1 AND a.published >= $2 AND a.published < $3
	AND (a.duplicate_of = '' OR NOT EXISTS (
		SELECT 1 FROM matches o WHERE o.article_id = a.duplicate_of AND o.topic_id = $1))`

// Stories returns one page of a topic's stories, newest first, and the
// number in the whole window. See package storetest for how near
// duplicates fold.
func (s *Store) Stories(ctx context.Context, q store.StoryQuery) ([]brief.Story, int, error) {
	var limit *int64 // NULL: no limit
	if q.Limit > 0 {
		l := int64(q.Limit)
		limit = &l
	}
	offset := int64(max(q.Offset, 0))
	var stories []brief.Story
	var total int
	err := s.view(ctx, func(tx pgx.Tx) error {
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) `+storyFilter, q.TopicID, q.Since, q.Until).Scan(&total); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `SELECT `+articleCols+`, m.score, m.hits, m.summary `+storyFilter+`
			ORDER BY a.published DESC, a.id DESC LIMIT $4 OFFSET $5`, q.TopicID, q.Since, q.Until, limit, offset)
		if err != nil {
			return err
		}
		if stories, err = scanStories(rows, q.TopicID); err != nil {
			return err
		}
		return alsoIn(ctx, tx, stories)
	})
	if err != nil {
		return nil, 0, fmt.Errorf("stories %s: %w", q.TopicID, err)
	}
	return stories, total, nil
}

// StoriesByID returns the topic's stories for the given article IDs, in
// the order given, skipping IDs not stored or not matching the topic; an ID
// given twice appears once, at its first place. A near duplicate asked for
// by ID is returned as a story of its own.
func (s *Store) StoriesByID(ctx context.Context, topicID string, articleIDs []string) ([]brief.Story, error) {
	if len(articleIDs) == 0 {
		return nil, nil
	}
	var stories []brief.Story
	err := s.view(ctx, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT `+articleCols+`, m.score, m.hits, m.summary
			FROM matches m JOIN articles a ON a.id = m.article_id
			WHERE m.topic_id = $1 AND a.id = ANY($2)`, topicID, articleIDs)
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
		return alsoIn(ctx, tx, stories)
	})
	if err != nil {
		return nil, fmt.Errorf("stories by id %s: %w", topicID, err)
	}
	return stories, nil
}

// scanStories reads rows of articleCols, score, hits and summary.
func scanStories(rows pgx.Rows, topicID string) ([]brief.Story, error) {
	return collect(rows, func(r pgx.CollectableRow) (brief.Story, error) {
		var st brief.Story
		var hits, summary []byte
		var err error
		st.Article, err = scanArticle(r, &st.Match.Score, &hits, &summary)
		if err != nil {
			return st, err
		}
		if err := json.Unmarshal(hits, &st.Match.Hits); err != nil {
			return st, fmt.Errorf("hits of %s: %w", st.Article.ID, err)
		}
		if err := json.Unmarshal(summary, &st.Match.Summary); err != nil {
			return st, fmt.Errorf("summary of %s: %w", st.Article.ID, err)
		}
		st.Match.ArticleID, st.Match.TopicID = st.Article.ID, topicID
		return st, nil
	})
}

// alsoIn fills each story's AlsoIn: the other feeds that carried the
// article and every feed that carried a near duplicate of it, in the order
// they were seen, each feed once, the article's own first feed left out.
func alsoIn(ctx context.Context, tx pgx.Tx, stories []brief.Story) error {
	if len(stories) == 0 {
		return nil
	}
	ids := make([]string, len(stories))
	index := make(map[string]int, len(stories))
	seen := make([]map[string]bool, len(stories))
	for i, st := range stories {
		ids[i] = st.Article.ID
		index[st.Article.ID] = i
		seen[i] = map[string]bool{st.Article.FeedURL: true}
	}
	rows, err := tx.Query(ctx, `SELECT story, feed_url, name, link FROM (
			SELECT s.article_id AS story, s.feed_url, s.name, s.link, s.seq FROM article_sources s
			WHERE s.article_id = ANY($1)
			UNION ALL
			SELECT d.duplicate_of, s.feed_url, s.name, s.link, s.seq
			FROM articles d JOIN article_sources s ON s.article_id = d.id
			WHERE d.duplicate_of = ANY($1)
		) x ORDER BY seq`, ids)
	if err != nil {
		return err
	}
	var story string
	var src brief.Source
	_, err = pgx.ForEachRow(rows, []any{&story, &src.FeedURL, &src.Name, &src.Link}, func() error {
		i := index[story]
		if !seen[i][src.FeedURL] {
			seen[i][src.FeedURL] = true
			stories[i].AlsoIn = append(stories[i].AlsoIn, src)
		}
		return nil
	})
	return err
}
