package storetest

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"briefbot/brief"
	"briefbot/store"
)

// trendCases check store.Trends and store.StoryDetails: what trend lines
// and briefings of multi-source stories read.
var trendCases = []contractCase{
	{"a topic's stories are counted on the day their first article on it appeared", func(t *testing.T, s store.Store) {
		day := func(d int) time.Time { return t0.Truncate(24*time.Hour).AddDate(0, 0, d) }
		// Day 0: two stories on jcpoa, one of them told by two articles
		// (counted once); day 1: one; day 2: none; day 3: one that also
		// matched sco, and one published before the first bound.
		a := art("urn:d0-a", day(0).Add(3*time.Hour))
		saveIn(t, s, a, a.ID, a.Fetched, "jcpoa")
		saveIn(t, s, from(art("urn:d0-a2", day(0).Add(5*time.Hour)), feedB, "Daily B"), a.ID, day(0).Add(6*time.Hour), "jcpoa")
		// The second article of a story lands on day 1 but the story
		// began on day 0.
		saveIn(t, s, from(art("urn:d0-a3", day(1).Add(time.Hour)), feedC, "Agency C"), a.ID, day(1).Add(2*time.Hour), "jcpoa")
		b := art("urn:d0-b", day(0).Add(23*time.Hour+59*time.Minute))
		saveIn(t, s, b, b.ID, b.Fetched, "jcpoa")
		c := art("urn:d1-c", day(1))
		saveIn(t, s, c, c.ID, c.Fetched, "jcpoa")
		d := art("urn:d3-d", day(3).Add(12*time.Hour))
		saveIn(t, s, d, d.ID, d.Fetched, "jcpoa", "sco")
		old := art("urn:old", day(-1).Add(12*time.Hour))
		saveIn(t, s, old, old.ID, old.Fetched, "jcpoa")
		// A story that only later gains an article on sco counts on sco's day.
		e := art("urn:d1-e", day(1).Add(2*time.Hour))
		saveIn(t, s, e, e.ID, e.Fetched, "jcpoa")
		saveIn(t, s, from(art("urn:d2-e2", day(2).Add(2*time.Hour)), feedB, "Daily B"), e.ID, day(2).Add(3*time.Hour), "sco")

		bounds := []time.Time{day(0), day(1), day(2), day(3), day(4)}
		got, err := s.TopicDayCounts(t.Context(), []string{"jcpoa", "sco", "iran-russia"}, bounds)
		must(t, err)
		want := map[string][]int{
			"jcpoa":       {2, 2, 0, 1},
			"sco":         {0, 0, 1, 1},
			"iran-russia": {0, 0, 0, 0},
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("counts (-want +got):\n%s", diff)
		}
	}},
	{"day bounds follow the caller's time zone", func(t *testing.T, s store.Store) {
		tehran, err := time.LoadLocation("Asia/Tehran")
		must(t, err)
		midnight := time.Date(2025, 6, 2, 0, 0, 0, 0, tehran) // 1 June 20:30 UTC
		early := art("urn:before-midnight", midnight.Add(-time.Minute))
		late := art("urn:after-midnight", midnight.Add(time.Minute))
		saveIn(t, s, early, early.ID, early.Fetched, "sco")
		saveIn(t, s, late, late.ID, late.Fetched, "sco")
		got, err := s.TopicDayCounts(t.Context(), []string{"sco"}, []time.Time{midnight.AddDate(0, 0, -1), midnight, midnight.AddDate(0, 0, 1)})
		must(t, err)
		if diff := cmp.Diff(map[string][]int{"sco": {1, 1}}, got); diff != "" {
			t.Errorf("counts (-want +got):\n%s", diff)
		}
	}},
	{"story details give outlets, times and the most relevant articles first", func(t *testing.T, s store.Store) {
		lead := art("urn:lead", at(0))
		second := from(art("urn:second", at(20)), feedB, "Daily B")
		second.Text = "Railway contract signed in Tehran. The line is 162 km long."
		offTopic := from(art("urn:off-topic", at(-30)), feedC, "Agency C") // earliest, not on the topic
		third := from(art("urn:third", at(50)), feedC, "Agency C")
		saveIn(t, s, lead, lead.ID, at(1), "jcpoa")
		must(t, s.SaveArticle(t.Context(), second, []brief.Match{{TopicID: "jcpoa", Score: 4, Summary: []string{"Railway contract signed in Tehran."}}},
			store.SaveOptions{Now: at(21), Story: lead.ID}))
		saveIn(t, s, offTopic, lead.ID, at(31), "sco")
		saveIn(t, s, third, lead.ID, at(51), "jcpoa")
		alone := art("urn:alone", at(5))
		saveIn(t, s, alone, alone.ID, at(6), "jcpoa")

		got, err := s.StoryDetails(t.Context(), "jcpoa", []string{alone.ID, "urn:not-stored", lead.ID}, 3)
		must(t, err)
		if len(got) != 2 {
			t.Fatalf("got %d stories, want 2 (the unknown ID skipped): %+v", len(got), got)
		}
		if got[0].Lead != alone.ID || got[0].ID != alone.ID || len(got[0].Articles) != 1 || len(got[0].Outlets) != 1 {
			t.Errorf("story of one article = %+v", got[0])
		}
		d := got[1]
		if d.Lead != lead.ID || d.ID != lead.ID {
			t.Errorf("lead, ID = %q, %q; want %q for both", d.Lead, d.ID, lead.ID)
		}
		if !d.First.Equal(at(-30)) || !d.Last.Equal(at(50)) {
			t.Errorf("first, last = %s, %s; want %s, %s", d.First, d.Last, at(-30), at(50))
		}
		if diff := cmp.Diff([]brief.Source{sourceOf(lead), sourceOf(second), sourceOf(offTopic)}, d.Outlets); diff != "" {
			t.Errorf("outlets (-want +got):\n%s", diff)
		}
		// By score on the topic (second scored 4, the others 2.75), then
		// time; the off-topic article, last, falls past the limit of 3.
		var ids []string
		for _, a := range d.Articles {
			ids = append(ids, a.Article.ID)
		}
		if diff := cmp.Diff([]string{second.ID, lead.ID, third.ID}, ids); diff != "" {
			t.Errorf("articles (-want +got):\n%s", diff)
		}
		if a := d.Articles[0]; a.Article.Text != second.Text || a.Match.TopicID != "jcpoa" || a.Match.Score != 4 {
			t.Errorf("first article = %+v, want the second article's text and its match", a)
		}
		// The off-topic article comes with no match.
		all, err := s.StoryDetails(t.Context(), "jcpoa", []string{lead.ID}, 10)
		must(t, err)
		if n := len(all[0].Articles); n != 4 {
			t.Fatalf("got %d articles, want 4", n)
		}
		if last := all[0].Articles[3]; last.Article.ID != offTopic.ID || last.Match.TopicID != "" || last.Match.Score != 0 {
			t.Errorf("off-topic article = %+v, want it last with no match", last)
		}
		// perStory 0 reads outlets and times only.
		bare, err := s.StoryDetails(t.Context(), "jcpoa", []string{lead.ID}, 0)
		must(t, err)
		if len(bare) != 1 || len(bare[0].Articles) != 0 || len(bare[0].Outlets) != 3 {
			t.Errorf("perStory 0 = %+v, want 3 outlets and no articles", bare)
		}
	}},
}
