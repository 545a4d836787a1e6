package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"briefbot/brief"
	"briefbot/store"
	"briefbot/store/storetest"
)

// bulkStories fills s with n articles over 180 days, written in large
// transactions the way SaveArticle writes them (article, source, matches,
// story rows) but without alerts: events reported by one to four outlets
// each, every article matching a topic per actor and "iran-russia" when
// Iran or Russia is one of them. It returns the newest Published time.
func bulkStories(b *testing.B, s *Store, n int) time.Time {
	b.Helper()
	ctx := b.Context()
	start := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	step := 180 * 24 * time.Hour / time.Duration(n*2/5)
	prose := storetest.NewProse(3, start, step)
	hits, _ := json.Marshal([]brief.Hit{{Term: "Iran", Found: "Iran", Field: "title"}})
	var latest time.Time
	done := 0
	for done < n {
		err := s.tx(ctx, func(tx *sql.Tx) error {
			ins, err := prepareBulk(ctx, s, tx)
			if err != nil {
				return err
			}
			defer ins.close()
			for batch := 0; batch < 20000 && done < n; {
				e := prose.Event()
				x, y := e.Actors()
				topics := []string{"t-" + x, "t-" + y}
				if slices.Contains([]string{x, y}, "Iran") || slices.Contains([]string{x, y}, "Russia") {
					topics = append(topics, "iran-russia")
				}
				storyID := ""
				for j := range 1 + done%4 {
					a := prose.Article(e, j)
					if storyID == "" {
						storyID = a.ID
					}
					if err := ins.article(ctx, tx, a, storyID, topics, hits); err != nil {
						return err
					}
					if a.Published.After(latest) {
						latest = a.Published
					}
					done++
					batch++
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	return latest
}

type bulkInserts struct {
	s               *Store
	art, src, match *sql.Stmt
}

func prepareBulk(ctx context.Context, s *Store, tx *sql.Tx) (*bulkInserts, error) {
	in := bulkInserts{s: s}
	var err error
	if in.art, err = tx.PrepareContext(ctx, `INSERT INTO articles
		(id, feed_url, source, title, link, text, published, fetched, duplicate_of, story_id)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, '', ?)`); err != nil {
		return nil, err
	}
	if in.src, err = tx.PrepareContext(ctx, `INSERT INTO article_sources (article_id, feed_url, name, link) VALUES (?, ?, ?, ?)`); err != nil {
		return nil, err
	}
	if in.match, err = tx.PrepareContext(ctx, `INSERT INTO matches (article_id, topic_id, score, hits, summary) VALUES (?, ?, 2.5, ?, ?)`); err != nil {
		return nil, err
	}
	return &in, nil
}

func (in *bulkInserts) close() {
	in.art.Close()
	in.src.Close()
	in.match.Close()
}

func (in *bulkInserts) article(ctx context.Context, tx *sql.Tx, a brief.Article, storyID string, topics []string, hits []byte) error {
	if _, err := in.art.ExecContext(ctx, a.ID, a.FeedURL, a.Source, a.Title, a.Link, a.Text,
		micros(a.Published), micros(a.Fetched), storyID); err != nil {
		return err
	}
	if _, err := in.src.ExecContext(ctx, a.ID, a.FeedURL, a.Source, a.Link); err != nil {
		return err
	}
	ms := make([]brief.Match, len(topics))
	summary := `["` + strings.ReplaceAll(strings.SplitN(a.Text, "\n", 2)[0], `"`, `'`) + `"]`
	for i, t := range topics {
		ms[i] = brief.Match{TopicID: t}
		if _, err := in.match.ExecContext(ctx, a.ID, t, string(hits), summary); err != nil {
			return err
		}
	}
	_, err := in.s.recordStory(ctx, tx, a, storyID, ms)
	return err
}

// BenchmarkBriefWeek measures the /brief <topic> 7d query, a page of ten
// stories with their outlets and the window's total, over stores of
// growing size. It reports p50 and p99.
func BenchmarkBriefWeek(b *testing.B) {
	storetest.BenchBriefWeek(b, func(b *testing.B, n int) (store.Store, time.Time) {
		s, err := Open(b.Context(), filepath.Join(b.TempDir(), "bench.db"), Options{})
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { s.Close() })
		return s, bulkStories(b, s, n)
	})
}
