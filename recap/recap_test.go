package recap_test

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"briefbot/brief"
	"briefbot/recap"
	"briefbot/store"
	"briefbot/store/sqlite"
)

var t0 = time.Date(2026, 12, 7, 6, 0, 0, 0, time.UTC)

func article(id, feed, source string, published time.Time, text string) brief.Article {
	return brief.Article{ID: id, FeedURL: "https://" + feed + "/rss", Source: source, Title: "Headline of " + id,
		Link: "https://" + feed + "/" + id, Text: text, Published: published, Fetched: published}
}

func TestFillCitesSeveralOutletsAndLeavesLoneArticles(t *testing.T) {
	st, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "briefbot.db"), sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	wire := article("wire", "wire.example", "Caspian Wire", t0,
		"Iran and Russia signed a contract for the Rasht-Astara railway in Tehran on Monday. "+
			"The 162-kilometre line is the missing link of the North-South corridor.")
	daily := article("daily", "daily.example", "Daily Two", t0.Add(20*time.Minute),
		"The Rasht-Astara railway contract was signed by Iranian and Russian companies in Tehran. "+
			"Russia will lend most of the money, and trains should run before 2030.")
	radio := article("radio", "radio.example", "Radio Three", t0.Add(40*time.Minute),
		"Officials in Tehran signed the Rasht-Astara railway deal with Russia. "+
			"Freight from the Baltic could reach the Gulf without the Suez Canal.")
	lone := article("lone", "wire.example", "Caspian Wire", t0.Add(time.Hour), "Iran and Russia held talks on gas.")
	for _, a := range []struct {
		a     brief.Article
		score float64
		story string
	}{{wire, 2, "wire"}, {daily, 3, "wire"}, {radio, 2.5, "wire"}, {lone, 2, "lone"}} {
		m := brief.Match{TopicID: "iran-russia", Score: a.score, Summary: []string{"Own summary of " + a.a.ID + "."}}
		if err := st.SaveArticle(t.Context(), a.a, []brief.Match{m}, store.SaveOptions{Now: a.a.Fetched, Story: a.story}); err != nil {
			t.Fatal(err)
		}
	}
	stories, _, err := st.Stories(t.Context(), store.StoryQuery{TopicID: "iran-russia", Since: t0.Add(-time.Hour), Until: t0.Add(2 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	before := stories[0] // the lone article, the newest
	if err := recap.New(st, recap.Options{}).Fill(t.Context(), "iran-russia", stories); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(before, stories[0]); diff != "" {
		t.Errorf("a story of one article changed (-before +after):\n%s", diff)
	}
	s := stories[1]
	if s.ID != "wire" || s.Sources != 3 || !s.First.Equal(t0) || !s.Last.Equal(radio.Published) {
		t.Errorf("story %q, %d sources, %s–%s; want wire, 3, %s–%s", s.ID, s.Sources, s.First, s.Last, t0, radio.Published)
	}
	// The best article, the highest scored, stands for it; the other
	// outlets are under AlsoIn.
	if s.Article.ID != daily.ID || s.Match.Score != 3 {
		t.Errorf("headline of %s (score %v), want daily's (3)", s.Article.ID, s.Match.Score)
	}
	var also []string
	for _, o := range s.AlsoIn {
		also = append(also, o.Name)
	}
	if diff := cmp.Diff([]string{"Caspian Wire", "Radio Three"}, also); diff != "" {
		t.Errorf("also in (-want +got):\n%s", diff)
	}
	if len(s.Summary) != 2 {
		t.Fatalf("%d sentences, want 2: %+v", len(s.Summary), s.Summary)
	}
	texts := map[string]brief.Article{wire.ID: wire, daily.ID: daily, radio.ID: radio}
	outlets := map[string]bool{}
	for _, c := range s.Summary {
		a := texts[c.ArticleID]
		if !strings.Contains(a.Text, c.Text) || c.Source != a.Source || c.Link != a.Link {
			t.Errorf("%+v is not a sentence of the article it cites (%s)", c, a.ID)
		}
		outlets[c.Source] = true
	}
	if len(outlets) < 2 {
		t.Errorf("the summary cites %v, want two outlets", outlets)
	}
}
