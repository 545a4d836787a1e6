package sqlite

import (
	"errors"
	"path/filepath"
	"testing"
	"time"

	"briefbot/brief"
	"briefbot/store"
)

// A database written before stories existed gets them from its articles
// when 0005 runs: each article its own story, a near duplicate its
// original's, so briefings list what they listed before.
func TestStoriesMigrationBackfillsOlderArticles(t *testing.T) {
	path := filepath.Join(t.TempDir(), "briefbot.db")
	s, err := Open(t.Context(), path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	// Back to the schema before 0005 (later migrations do not touch what
	// it adds), with articles stored as it stored them.
	for _, q := range []string{
		`DROP TRIGGER articles_pruned_stories`, `DROP TABLE cluster_state`, `DROP TABLE story_topics`,
		`DROP TABLE stories`, `DROP INDEX articles_story`, `ALTER TABLE articles DROP COLUMN story_id`,
	} {
		if _, err := s.db.ExecContext(t.Context(), q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	t0 := time.Date(2025, 6, 1, 8, 0, 0, 0, time.UTC)
	for _, a := range []struct {
		id, feed, dupOf string
		minute          int
		topics          []string
	}{
		{"urn:orig", "https://a.example/rss", "", 0, []string{"jcpoa"}},
		{"urn:dup", "https://b.example/rss", "urn:orig", 10, []string{"jcpoa", "sco"}},
		{"urn:lone", "https://a.example/rss", "", 20, []string{"sco"}},
	} {
		p := micros(t0.Add(time.Duration(a.minute) * time.Minute))
		for _, q := range []struct {
			sql  string
			args []any
		}{
			{`INSERT INTO articles (id, feed_url, source, title, link, text, published, fetched, duplicate_of)
				VALUES (?, ?, 'Feed', 'Title', 'https://news.example/x', 'Text.', ?, ?, ?)`, []any{a.id, a.feed, p, p, a.dupOf}},
			{`INSERT INTO article_sources (article_id, feed_url, name, link) VALUES (?, ?, 'Feed', 'https://news.example/x')`, []any{a.id, a.feed}},
		} {
			if _, err := s.db.ExecContext(t.Context(), q.sql, q.args...); err != nil {
				t.Fatal(err)
			}
		}
		for _, topic := range a.topics {
			if _, err := s.db.ExecContext(t.Context(), `INSERT INTO matches (article_id, topic_id, score, hits, summary)
				VALUES (?, ?, 1, 'null', 'null')`, a.id, topic); err != nil {
				t.Fatal(err)
			}
		}
	}
	ms, err := store.LoadMigrations(migrationFS, "migrations")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.ExecContext(t.Context(), ms[4].SQL); err != nil {
		t.Fatalf("%s: %v", ms[4].Name, err)
	}
	defer s.Close()
	q := store.StoryQuery{Since: t0.Add(-time.Hour), Until: t0.Add(time.Hour)}
	for topic, want := range map[string][]string{"jcpoa": {"urn:orig"}, "sco": {"urn:lone", "urn:dup"}} {
		q.TopicID = topic
		got, total, err := s.Stories(t.Context(), q)
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, st := range got {
			ids = append(ids, st.Article.ID)
		}
		if len(ids) != len(want) || total != len(want) || ids[0] != want[0] || ids[len(ids)-1] != want[len(want)-1] {
			t.Errorf("%s stories after the migration = %v (total %d), want %v", topic, ids, total, want)
		}
		if topic == "jcpoa" && (len(got) != 1 || len(got[0].AlsoIn) != 1 || got[0].AlsoIn[0].FeedURL != "https://b.example/rss") {
			t.Errorf("jcpoa story also in %+v, want the duplicate's feed", got)
		}
	}
	r, err := s.Story(t.Context(), "urn:orig")
	if err != nil {
		t.Fatal(err)
	}
	if len(r.ArticleIDs) != 2 || len(r.Topics) != 2 || !r.First.Equal(t0) || !r.Last.Equal(t0.Add(10*time.Minute)) {
		t.Errorf("story after the migration = %+v, want the original and its duplicate on jcpoa and sco", r)
	}
	if _, err := s.Story(t.Context(), "urn:dup"); err == nil {
		t.Error("the near duplicate became a story of its own")
	} else if !isNotFound(err) {
		t.Fatal(err)
	}
}

func isNotFound(err error) bool { return errors.Is(err, brief.ErrNotFound) }
