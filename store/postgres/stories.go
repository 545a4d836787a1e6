package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"briefbot/brief"
	"briefbot/store"
)

// storyOf decides the story of a new article: the clusterer's when given,
// else its stored original's when it is a near duplicate, else its own.
func storyOf(ctx context.Context, tx pgx.Tx, a brief.Article, opt store.SaveOptions) (string, error) {
	if opt.Story != "" {
		return opt.Story, nil
	}
	if a.DuplicateOf != "" {
		var id string
		err := tx.QueryRow(ctx, `SELECT story_id FROM articles WHERE id = $1`, a.DuplicateOf).Scan(&id)
		if err == nil && id != "" {
			return id, nil
		}
		if err != nil && !errors.Is(err, pgx.ErrNoRows) {
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
func recordStory(ctx context.Context, tx pgx.Tx, a brief.Article, storyID string, matches []brief.Match) (map[string]bool, error) {
	if _, err := tx.Exec(ctx, `INSERT INTO stories AS s (id, first, last, articles) VALUES ($1, $2, $2, 1)
		ON CONFLICT (id) DO UPDATE SET first = LEAST(s.first, excluded.first), last = GREATEST(s.last, excluded.last),
		articles = s.articles + 1`, storyID, a.Published); err != nil {
		return nil, err
	}
	first := map[string]bool{}
	for _, m := range matches {
		n, err := fileStoryTopic(ctx, tx, m.TopicID, storyID, a.Published, a.ID)
		if err != nil {
			return nil, err
		}
		first[m.TopicID] = n == 1
	}
	return first, nil
}

// fileStoryTopic counts an article of a story on a topic and returns how
// many of the story's articles the topic now has: 1 when this one is the
// first, which then stands for the story on the topic.
func fileStoryTopic(ctx context.Context, tx pgx.Tx, topicID, storyID string, published time.Time, articleID string) (int, error) {
	var n int
	err := tx.QueryRow(ctx, `INSERT INTO story_topics AS t (topic_id, story_id, first, first_article, last, articles)
		VALUES ($1, $2, $3, $4, $3, 1)
		ON CONFLICT (topic_id, story_id) DO UPDATE SET
		last = GREATEST(t.last, excluded.last), articles = t.articles + 1
		RETURNING articles`,
		topicID, storyID, published, articleID).Scan(&n)
	return n, err
}

// Stories returns one page of a topic's stories, newest first, and the
// number in the whole window, reading story_topics through its window
// index. See store.Store.
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
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM story_topics
			WHERE topic_id = $1 AND first >= $2 AND first < $3`, q.TopicID, q.Since, q.Until).Scan(&total); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `SELECT `+articleCols+`, m.score, m.hits, m.summary
			FROM (SELECT first_article, first FROM story_topics
				WHERE topic_id = $1 AND first >= $2 AND first < $3
				ORDER BY first DESC, first_article DESC LIMIT $4 OFFSET $5) t
			JOIN articles a ON a.id = t.first_article
			JOIN matches m ON m.article_id = a.id AND m.topic_id = $1
			ORDER BY t.first DESC, t.first_article DESC`, q.TopicID, q.Since, q.Until, limit, offset)
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

// alsoIn fills each story's AlsoIn: the other feeds that carried the
// article, and every feed that carried another article of its story
// stored after it, in the order they were seen, each feed once, the
// article's own first feed left out.
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
	rows, err := tx.Query(ctx, `SELECT rep, feed_url, name, link FROM (
			SELECT s.article_id AS rep, s.feed_url, s.name, s.link, s.seq FROM article_sources s
			WHERE s.article_id = ANY($1)
			UNION ALL
			SELECT r.id, s.feed_url, s.name, s.link, s.seq
			FROM articles r
			JOIN article_sources rf ON rf.article_id = r.id AND rf.feed_url = r.feed_url
			JOIN articles d ON d.story_id = r.story_id AND d.id <> r.id
			JOIN article_sources f ON f.article_id = d.id AND f.feed_url = d.feed_url AND f.seq > rf.seq
			JOIN article_sources s ON s.article_id = d.id
			WHERE r.id = ANY($1)
		) x ORDER BY seq`, ids)
	if err != nil {
		return err
	}
	var rep string
	var src brief.Source
	_, err = pgx.ForEachRow(rows, []any{&rep, &src.FeedURL, &src.Name, &src.Link}, func() error {
		i := index[rep]
		if !seen[i][src.FeedURL] {
			seen[i][src.FeedURL] = true
			stories[i].AlsoIn = append(stories[i].AlsoIn, src)
		}
		return nil
	})
	return err
}

// Story returns one story's record, or brief.ErrNotFound.
func (s *Store) Story(ctx context.Context, id string) (store.StoryRecord, error) {
	r := store.StoryRecord{ID: id}
	err := s.view(ctx, func(tx pgx.Tx) error {
		if err := tx.QueryRow(ctx, `SELECT first, last FROM stories WHERE id = $1`, id).Scan(&r.First, &r.Last); err != nil {
			return err
		}
		r.First, r.Last = utc(r.First), utc(r.Last)
		var err error
		rows, err := tx.Query(ctx, `SELECT id FROM articles WHERE story_id = $1 ORDER BY published, id`, id)
		if err != nil {
			return err
		}
		if r.ArticleIDs, err = pgx.CollectRows(rows, pgx.RowTo[string]); err != nil {
			return err
		}
		rows, err = tx.Query(ctx, `SELECT DISTINCT m.topic_id FROM articles a
			JOIN matches m ON m.article_id = a.id WHERE a.story_id = $1 ORDER BY 1`, id)
		if err != nil {
			return err
		}
		if r.Topics, err = pgx.CollectRows(rows, pgx.RowTo[string]); err != nil {
			return err
		}
		rows, err = tx.Query(ctx, `SELECT s.feed_url, s.name, s.link FROM articles a
			JOIN article_sources s ON s.article_id = a.id WHERE a.story_id = $1 ORDER BY s.seq`, id)
		if err != nil {
			return err
		}
		seen := map[string]bool{}
		var src brief.Source
		_, err = pgx.ForEachRow(rows, []any{&src.FeedURL, &src.Name, &src.Link}, func() error {
			if !seen[src.FeedURL] {
				seen[src.FeedURL] = true
				r.Outlets = append(r.Outlets, src)
			}
			return nil
		})
		return err
	})
	if err != nil {
		return store.StoryRecord{}, fmt.Errorf("story %s: %w", id, err)
	}
	if len(r.ArticleIDs) == 0 {
		r.ArticleIDs = nil
	}
	if len(r.Topics) == 0 {
		r.Topics = nil
	}
	return r, nil
}

// SaveClusterState replaces the saved clusterer state. See store.Store.
func (s *Store) SaveClusterState(ctx context.Context, saved time.Time, state []byte) error {
	err := s.tx(ctx, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO cluster_state (id, saved, state) VALUES (1, $1, $2)
			ON CONFLICT (id) DO UPDATE SET saved = excluded.saved, state = excluded.state`, saved, state)
		return err
	})
	if err != nil {
		return fmt.Errorf("save cluster state: %w", err)
	}
	return nil
}

// ClusterState returns the saved clusterer state, or brief.ErrNotFound.
func (s *Store) ClusterState(ctx context.Context) (time.Time, []byte, error) {
	var saved time.Time
	var state []byte
	err := s.view(ctx, func(tx pgx.Tx) error {
		return tx.QueryRow(ctx, `SELECT saved, state FROM cluster_state WHERE id = 1`).Scan(&saved, &state)
	})
	if err != nil {
		return time.Time{}, nil, fmt.Errorf("cluster state: %w", err)
	}
	return utc(saved), state, nil
}
