package digest

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"briefbot/brief"
	"briefbot/store"
)

// saveStory stores a story of the given outlets (one article each, the
// first at published, the others a minute apart) on topic.
func (r *rig) saveStory(t *testing.T, id, topic string, score float64, published time.Time, outlets int) {
	t.Helper()
	for i := range outlets {
		at := published.Add(time.Duration(i) * time.Minute)
		a := brief.Article{ID: fmt.Sprintf("%s-%d", id, i), FeedURL: fmt.Sprintf("https://outlet%d.example/rss", i),
			Source: fmt.Sprintf("Outlet %d", i), Title: "Story " + id, Link: fmt.Sprintf("https://outlet%d.example/%s", i, id),
			Text: fmt.Sprintf("Outlet %d reports the %s story. It says more about %s.", i, id, id), Published: at, Fetched: at}
		m := brief.Match{TopicID: topic, Score: score, Summary: []string{"Summary."}}
		if err := r.st.SaveArticle(t.Context(), a, []brief.Match{m}, store.SaveOptions{Now: at, Story: id + "-0"}); err != nil {
			t.Fatal(err)
		}
	}
}

func TestDigestRanksStoriesByOutletsRecencyAndScore(t *testing.T) {
	now := time.Date(2026, 11, 27, 7, 0, 0, 0, time.UTC)
	r := newRig(t, Options{StoriesPerTopic: 3})
	r.now = now
	// Newest first would give fresh, lowscore, wide, old-wide, older.
	r.saveStory(t, "wide", "jcpoa", 2, now.Add(-6*time.Hour), 3)          // 3 outlets, 6 hours old
	r.saveStory(t, "fresh", "jcpoa", 2, now.Add(-30*time.Minute), 1)      // 1 outlet, just in
	r.saveStory(t, "old-wide", "jcpoa", 2, now.Add(-22*time.Hour), 3)     // 3 outlets, nearly a day old
	r.saveStory(t, "lowscore", "jcpoa", 0.5, now.Add(-20*time.Minute), 1) // fresh, weakly on topic
	r.saveStory(t, "older", "jcpoa", 2, now.Add(-20*time.Hour), 1)        // 1 outlet, old
	d, err := r.s.build(t.Context(), []string{"jcpoa"}, now.Add(-24*time.Hour), now, "2026-11-27", "UTC")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range d.Sections[0].Stories {
		got = append(got, s.Match.ArticleID)
	}
	// wide: log2(4)=2 × 1 × 2^(-0.25)=0.84 → 1.68; fresh: 1 × 1 × 0.99 → 0.99;
	// old-wide: 2 × 1 × 2^(-0.92) → 1.06; lowscore: 1 × 0.625 × 0.99 → 0.62;
	// older: 1 × 1 × 0.56 → 0.56.
	want := []string{"wide-0", "old-wide-0", "fresh-0"}
	if !slices.Equal(got, want) {
		t.Errorf("ranked %v, want %v", got, want)
	}
	if d.Sections[0].Total != 5 {
		t.Errorf("total %d, want 5", d.Sections[0].Total)
	}
	// The stories of several outlets carry their cited summaries.
	if s := d.Sections[0].Stories[0]; s.Sources != 3 || len(s.Summary) == 0 {
		t.Errorf("the top story has %d sources and %d cited sentences, want 3 and some", s.Sources, len(s.Summary))
	}
}

func TestDigestNotesASpikeToday(t *testing.T) {
	now := time.Date(2026, 11, 27, 18, 0, 0, 0, time.UTC)
	today := now.Truncate(24 * time.Hour)
	r := newRig(t, Options{})
	r.now = now
	// sco: one story on each of the seven days before, six today: 6 ≥ 3 × 1.
	for d := 1; d <= 7; d++ {
		r.article(t, fmt.Sprintf("sco-before-%d", d), "sco", today.AddDate(0, 0, -d).Add(12*time.Hour))
	}
	for i := range 6 {
		r.article(t, fmt.Sprintf("sco-today-%d", i), "sco", today.Add(time.Duration(i+1)*time.Hour))
	}
	// jcpoa: four today after a silent week, too few to note.
	for i := range 4 {
		r.article(t, fmt.Sprintf("jcpoa-today-%d", i), "jcpoa", today.Add(time.Duration(i+1)*time.Hour))
	}
	d, err := r.s.build(t.Context(), []string{"jcpoa", "sco"}, now.Add(-24*time.Hour), now, "2026-11-27", "UTC")
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Spikes) != 1 || d.Spikes[0].Topic.ID != "sco" || d.Spikes[0].Today() != 6 || d.Spikes[0].Average() != 1 {
		t.Fatalf("spikes = %+v, want sco alone, 6 today against 1 a day", d.Spikes)
	}
}
