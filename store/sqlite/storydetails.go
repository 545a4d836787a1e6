package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"briefbot/brief"
	"briefbot/store"
)

// StoryDetails returns the story of each lead article: its outlets, times
// and up to perStory of its most relevant articles. See store.StoryDetails.
func (s *Store) StoryDetails(ctx context.Context, topicID string, leadIDs []string, perStory int) ([]store.StoryDetail, error) {
	var out []store.StoryDetail
	err := s.view(ctx, func(tx *sql.Tx) error {
		for _, lead := range leadIDs {
			d := store.StoryDetail{Lead: lead}
			var first, last int64
			err := tx.QueryRowContext(ctx, `SELECT a.story_id, s.first, s.last FROM articles a
				JOIN stories s ON s.id = a.story_id WHERE a.id = ?`, lead).Scan(&d.ID, &first, &last)
			if errors.Is(err, sql.ErrNoRows) {
				continue // pruned since the page was read
			}
			if err != nil {
				return err
			}
			d.First, d.Last = fromMicros(first), fromMicros(last)
			if d.Outlets, err = storyOutlets(ctx, tx, d.ID); err != nil {
				return err
			}
			if perStory > 0 {
				if d.Articles, err = storyArticles(ctx, tx, topicID, d.ID, perStory); err != nil {
					return err
				}
			}
			out = append(out, d)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("story details %s: %w", topicID, err)
	}
	return out, nil
}

// storyOutlets lists the feeds that carried a story's articles, each once,
// in the order seen, with the link of its first article.
func storyOutlets(ctx context.Context, tx *sql.Tx, storyID string) ([]brief.Source, error) {
	rows, err := tx.QueryContext(ctx, `SELECT s.feed_url, s.name, s.link FROM articles a
		JOIN article_sources s ON s.article_id = a.id WHERE a.story_id = ? ORDER BY s.seq`, storyID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []brief.Source
	seen := map[string]bool{}
	for rows.Next() {
		var src brief.Source
		if err := rows.Scan(&src.FeedURL, &src.Name, &src.Link); err != nil {
			return nil, err
		}
		if !seen[src.FeedURL] {
			seen[src.FeedURL] = true
			out = append(out, src)
		}
	}
	return out, rows.Err()
}

// storyArticles reads the limit most relevant articles of a story with
// their match on the topic: the IDs are chosen first, without the texts,
// so a story of many articles costs a sort of small rows.
func storyArticles(ctx context.Context, tx *sql.Tx, topicID, storyID string, limit int) ([]brief.Story, error) {
	rows, err := tx.QueryContext(ctx, `SELECT `+articleCols+`, m.article_id IS NOT NULL,
		COALESCE(m.score, 0), COALESCE(m.hits, '[]'), COALESCE(m.summary, '[]')
		FROM articles a LEFT JOIN matches m ON m.article_id = a.id AND m.topic_id = ?1
		WHERE a.id IN (SELECT b.id FROM articles b
			LEFT JOIN matches bm ON bm.article_id = b.id AND bm.topic_id = ?1
			WHERE b.story_id = ?2
			ORDER BY COALESCE(bm.score, -1) DESC, b.published, b.id LIMIT ?3)
		ORDER BY COALESCE(m.score, -1) DESC, a.published, a.id`, topicID, storyID, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []brief.Story
	for rows.Next() {
		var st brief.Story
		var matched bool
		var hits, summary string
		st.Article, err = scanArticle(rows, &matched, &st.Match.Score, &hits, &summary)
		if err != nil {
			return nil, err
		}
		if matched {
			if err := json.Unmarshal([]byte(hits), &st.Match.Hits); err != nil {
				return nil, fmt.Errorf("hits of %s: %w", st.Article.ID, err)
			}
			if err := json.Unmarshal([]byte(summary), &st.Match.Summary); err != nil {
				return nil, fmt.Errorf("summary of %s: %w", st.Article.ID, err)
			}
			st.Match.ArticleID, st.Match.TopicID = st.Article.ID, topicID
		}
		out = append(out, st)
	}
	return out, rows.Err()
}
