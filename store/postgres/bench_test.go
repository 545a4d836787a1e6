package postgres_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"briefbot/brief"
	"briefbot/store"
	"briefbot/store/postgres"
	"briefbot/store/storetest"
)

// bulkStories fills the schema of dsn (migrated by postgres.Open) with n
// articles over 180 days by COPY, then derives the story rows with the
// same statements the 0005 migration backfills them with: events reported
// by one to four outlets each, every article matching a topic per actor
// and "iran-russia" when Iran or Russia is one of them. It returns the
// newest Published time.
func bulkStories(b *testing.B, dsn string, n int) time.Time {
	b.Helper()
	ctx := b.Context()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		b.Fatal(err)
	}
	defer conn.Close(ctx)
	// Each table is copied from its own pass over the same stream: the
	// rows are made as COPY reads them, never all held at once.
	start := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	var latest time.Time
	pass := func(emit func(a brief.Article, storyID string, topics []string)) {
		prose := storetest.NewProse(3, start, 180*24*time.Hour/time.Duration(n*2/5))
		for done := 0; done < n; {
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
				emit(a, storyID, topics)
				if a.Published.After(latest) {
					latest = a.Published
				}
				done++
			}
		}
	}
	for _, c := range []struct {
		table string
		cols  []string
		rows  func(a brief.Article, storyID string, topics []string) [][]any
	}{
		{"articles", []string{"id", "feed_url", "source", "title", "link", "text", "published", "fetched", "duplicate_of", "story_id"},
			func(a brief.Article, storyID string, _ []string) [][]any {
				return [][]any{{a.ID, a.FeedURL, a.Source, a.Title, a.Link, a.Text, a.Published, a.Fetched, "", storyID}}
			}},
		{"article_sources", []string{"article_id", "feed_url", "name", "link"},
			func(a brief.Article, _ string, _ []string) [][]any {
				return [][]any{{a.ID, a.FeedURL, a.Source, a.Link}}
			}},
		{"matches", []string{"article_id", "topic_id", "score", "hits", "summary"},
			func(a brief.Article, _ string, topics []string) [][]any {
				summary := `["` + strings.ReplaceAll(strings.SplitN(a.Text, "\n", 2)[0], `"`, `'`) + `"]`
				var out [][]any
				for _, t := range topics {
					out = append(out, []any{a.ID, t, 2.5, `[{"term":"Iran","found":"Iran","field":"title"}]`, summary})
				}
				return out
			}},
	} {
		rows := make(chan []any, 1024)
		go func() {
			defer close(rows)
			pass(func(a brief.Article, storyID string, topics []string) {
				for _, r := range c.rows(a, storyID, topics) {
					rows <- r
				}
			})
		}()
		src := pgx.CopyFromFunc(func() ([]any, error) {
			r, ok := <-rows
			if !ok {
				return nil, nil
			}
			return r, nil
		})
		_, err := conn.CopyFrom(ctx, pgx.Identifier{c.table}, c.cols, src)
		for range rows {
			// drain after a failed copy, so the generator ends
		}
		if err != nil {
			b.Fatalf("copy %s: %v", c.table, err)
		}
	}
	for _, q := range []string{
		`INSERT INTO stories (id, first, last, articles)
			SELECT story_id, MIN(published), MAX(published), COUNT(*) FROM articles GROUP BY story_id`,
		`INSERT INTO story_topics (topic_id, story_id, first, first_article, last, articles)
			SELECT DISTINCT ON (m.topic_id, a.story_id) m.topic_id, a.story_id, a.published, a.id,
				MAX(a.published) OVER (PARTITION BY m.topic_id, a.story_id),
				COUNT(*) OVER (PARTITION BY m.topic_id, a.story_id)
			FROM matches m JOIN articles a ON a.id = m.article_id
			ORDER BY m.topic_id, a.story_id, a.published, a.id`,
		`ANALYZE`,
	} {
		if _, err := conn.Exec(ctx, q); err != nil {
			b.Fatal(err)
		}
	}
	return latest
}

// BenchmarkBriefWeek measures the /brief <topic> 7d query, a page of ten
// stories with their outlets and the window's total, over stores of
// growing size. It reports p50 and p99.
func BenchmarkBriefWeek(b *testing.B) {
	storetest.BenchBriefWeek(b, func(b *testing.B, n int) (store.Store, time.Time) {
		dsn := schemaDSN(b)
		s, err := postgres.Open(b.Context(), dsn, postgres.Options{})
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { s.Close() })
		return s, bulkStories(b, dsn, n)
	})
}
