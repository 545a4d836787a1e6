package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"briefbot/brief"
	"briefbot/store"
)

// StoryDetails returns the story of each lead article: its outlets, times
// and up to perStory of its most relevant articles. See store.StoryDetails.
// A page's stories are read in three queries, whatever their number:
// preparing a statement costs more than running these.
func (s *Store) StoryDetails(ctx context.Context, topicID string, leadIDs []string, perStory int) ([]store.StoryDetail, error) {
	var out []store.StoryDetail
	err := s.view(ctx, func(tx *sql.Tx) error {
		leads, err := json.Marshal(leadIDs)
		if err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT a.id, a.story_id, s.first, s.last FROM articles a
			JOIN stories s ON s.id = a.story_id WHERE a.id IN (SELECT value FROM json_each(?))`, string(leads))
		if err != nil {
			return err
		}
		found := map[string]store.StoryDetail{}
		for rows.Next() {
			var d store.StoryDetail
			var first, last int64
			if err := rows.Scan(&d.Lead, &d.ID, &first, &last); err != nil {
				rows.Close()
				return err
			}
			d.First, d.Last = fromMicros(first), fromMicros(last)
			found[d.Lead] = d
		}
		if err := rows.Close(); err != nil {
			return err
		}
		if err := rows.Err(); err != nil {
			return err
		}
		var storyIDs []string
		for _, lead := range leadIDs {
			if d, ok := found[lead]; ok {
				storyIDs = append(storyIDs, d.ID)
			}
		}
		if len(storyIDs) == 0 {
			return nil
		}
		ids, err := json.Marshal(storyIDs)
		if err != nil {
			return err
		}
		outlets, err := storyOutlets(ctx, tx, string(ids))
		if err != nil {
			return err
		}
		var articles map[string][]brief.Story
		if perStory > 0 {
			if articles, err = storyArticles(ctx, tx, topicID, string(ids), perStory); err != nil {
				return err
			}
		}
		for _, lead := range leadIDs {
			d, ok := found[lead]
			if !ok {
				continue // not stored (pruned since the page was read)
			}
			d.Outlets, d.Articles = outlets[d.ID], articles[d.ID]
			out = append(out, d)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("story details %s: %w", topicID, err)
	}
	return out, nil
}

// storyOutlets lists, per story of the JSON array storyIDs, the feeds that
// carried its articles, each once, in the order seen, with the link of
// its first article.
func storyOutlets(ctx context.Context, tx *sql.Tx, storyIDs string) (map[string][]brief.Source, error) {
	rows, err := tx.QueryContext(ctx, `SELECT a.story_id, s.feed_url, s.name, s.link FROM articles a
		JOIN article_sources s ON s.article_id = a.id
		WHERE a.story_id IN (SELECT value FROM json_each(?)) ORDER BY s.seq`, storyIDs)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string][]brief.Source{}
	seen := map[[2]string]bool{}
	for rows.Next() {
		var story string
		var src brief.Source
		if err := rows.Scan(&story, &src.FeedURL, &src.Name, &src.Link); err != nil {
			return nil, err
		}
		if k := [2]string{story, src.FeedURL}; !seen[k] {
			seen[k] = true
			out[story] = append(out[story], src)
		}
	}
	return out, rows.Err()
}

// storyArticles reads, per story of the JSON array storyIDs, its limit
// most relevant articles with their match on the topic: they are ranked
// first without their texts, so a story of many articles costs a sort of
// small rows.
func storyArticles(ctx context.Context, tx *sql.Tx, topicID, storyIDs string, limit int) (map[string][]brief.Story, error) {
	rows, err := tx.QueryContext(ctx, `SELECT r.story, `+articleCols+`, m.article_id IS NOT NULL,
		COALESCE(m.score, 0), COALESCE(m.hits, '[]'), COALESCE(m.summary, '[]')
		FROM (SELECT b.story_id AS story, b.id AS id, ROW_NUMBER() OVER (PARTITION BY b.story_id
				ORDER BY COALESCE(bm.score, -1) DESC, b.published, b.id) AS rn
			FROM articles b LEFT JOIN matches bm ON bm.article_id = b.id AND bm.topic_id = ?1
			WHERE b.story_id IN (SELECT value FROM json_each(?2))) r
		JOIN articles a ON a.id = r.id
		LEFT JOIN matches m ON m.article_id = a.id AND m.topic_id = ?1
		WHERE r.rn <= ?3
		ORDER BY r.story, r.rn`, topicID, storyIDs, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string][]brief.Story{}
	for rows.Next() {
		var story string
		var st brief.Story
		var matched bool
		var hits, summary string
		// scanArticle scans articleCols after its extra destinations'
		// place, so the story column is read by a wrapper.
		st.Article, err = scanArticle(prefixed{rows, &story}, &matched, &st.Match.Score, &hits, &summary)
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
		out[story] = append(out[story], st)
	}
	return out, rows.Err()
}

// prefixed scans a leading column into first, then the rest as asked.
type prefixed struct {
	r     scanner
	first any
}

func (p prefixed) Scan(dest ...any) error { return p.r.Scan(append([]any{p.first}, dest...)...) }
