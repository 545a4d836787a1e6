package benchgen

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"briefbot/brief"
	"briefbot/feeds"
	"briefbot/topics"
)

func testGen(nfeeds int) *Generator {
	return &Generator{Seed: 1, Feeds: nfeeds, Base: time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)}
}

// The articles are varied prose of 1-2 KB; about 15% match a default topic
// when the real matcher reads them, and about 5% are wire copies carried
// word for word by more than one feed.
func TestArticlesAreVariedAndOnTopicInShare(t *testing.T) {
	g := testGen(200)
	m, err := topics.Compile(topics.Defaults())
	if err != nil {
		t.Fatal(err)
	}
	texts := map[string]int{}
	sentences := map[string]int{}
	var total, onTopic, wire, written int
	for f := range g.Feeds {
		for k := range 20 {
			a := g.Item(f, k)
			total++
			if len(a.Text) < 900 || len(a.Text) > 2100 {
				t.Fatalf("feed %d item %d: text of %d bytes, want 1-2 KB", f, k, len(a.Text))
			}
			texts[a.Text]++
			for _, s := range strings.Split(a.Text, ". ") {
				sentences[s]++
			}
			if a.Wire >= 0 {
				wire++
			}
			if a.Topic != "" {
				written++
			}
			if len(m.Match(brief.Article{ID: a.GUID, Title: a.Title, Text: a.Text})) > 0 {
				onTopic++
			}
		}
	}
	share := func(n int) float64 { return float64(n) / float64(total) }
	if s := share(onTopic); s < 0.10 || s > 0.22 {
		t.Errorf("%.1f%% of articles match a default topic (%d written about one), want about 15%%", 100*s, written)
	}
	if s := share(wire); s < 0.03 || s > 0.07 {
		t.Errorf("%.1f%% wire copies, want about 5%%", 100*s)
	}
	// Apart from the wire copies, no two articles share a text, and few
	// sentences repeat word for word.
	if len(texts) < total-wire {
		t.Errorf("%d distinct texts among %d articles (%d wire copies)", len(texts), total, wire)
	}
	if float64(len(sentences)) < 0.8*float64(total*8) {
		t.Errorf("only %d distinct sentences in %d articles: the prose repeats itself", len(sentences), total)
	}
	t.Logf("%d articles: %.1f%% on a default topic per the matcher, %.1f%% wire copies, %d distinct sentences",
		total, 100*share(onTopic), 100*share(wire), len(sentences))
}

// The feed server answers a conditional GET with 304, and the document it
// serves parses into 20 articles.
func TestFeedServerConditionalGet(t *testing.T) {
	fs := &FeedServer{Gen: testGen(3)}
	srv := httptest.NewServer(fs)
	defer srv.Close()
	resp, err := http.Get(srv.URL + FeedPath(2))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.Header.Get("ETag") == "" {
		t.Fatalf("status %d, ETag %q", resp.StatusCode, resp.Header.Get("ETag"))
	}
	res, err := feeds.Parse(Document(fs.Gen, 2), "application/rss+xml", srv.URL+FeedPath(2), fs.Gen.Base)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Articles) != 20 || res.Articles[0].Text == "" {
		t.Fatalf("parsed %d articles", len(res.Articles))
	}
	req, _ := http.NewRequest("GET", srv.URL+FeedPath(2), nil)
	req.Header.Set("If-None-Match", resp.Header.Get("ETag"))
	resp2, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp2.Body.Close()
	if resp2.StatusCode != http.StatusNotModified {
		t.Fatalf("conditional GET: status %d, want 304", resp2.StatusCode)
	}
	if resp, _ := http.Get(srv.URL + FeedPath(3)); resp == nil || resp.StatusCode != 404 {
		t.Fatalf("feed beyond the count: want 404")
	}
}
