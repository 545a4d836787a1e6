package bot

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"briefbot/brief"
	"briefbot/store"
)

func TestTrendsCountStoriesPerDay(t *testing.T) {
	h, st, _ := newTestHandler(t) // now0 is 27 Nov 10:00 UTC
	today := now0.Truncate(24 * time.Hour)
	for i := range 5 {
		saveStory(t, st, "today-"+string(rune('a'+i)), "iran-russia", today.Add(time.Duration(i)*time.Hour))
	}
	saveStory(t, st, "three-days-ago", "iran-russia", today.AddDate(0, 0, -3).Add(12*time.Hour))
	saveStory(t, st, "a-week-ago", "sco", today.AddDate(0, 0, -7).Add(time.Hour))
	saveStory(t, st, "too-old", "sco", today.AddDate(0, 0, -8).Add(time.Hour))
	// Late yesterday in UTC, early today in Tehran (+0330).
	saveStory(t, st, "late-yesterday", "jcpoa", today.Add(-time.Hour))

	days := func(r Response) map[string][]int {
		out := map[string][]int{}
		for _, tr := range r.Trends {
			out[tr.Topic.ID] = tr.Days
		}
		return out
	}
	r := ask(t, h, "/trends")
	if r.Kind != KindTrends {
		t.Fatalf("response = %+v, want trends", r)
	}
	// A channel that follows nothing sees every topic, in catalogue order.
	want := map[string][]int{
		"jcpoa":       {0, 0, 0, 0, 0, 0, 1, 0},
		"sco":         {1, 0, 0, 0, 0, 0, 0, 0},
		"iran-russia": {0, 0, 0, 0, 1, 0, 0, 5},
	}
	if diff := cmp.Diff(want, days(r)); diff != "" {
		t.Errorf("days (-want +got):\n%s", diff)
	}
	if r.Trends[0].Topic.ID != "jcpoa" || r.Trends[2].Topic.ID != "iran-russia" {
		t.Errorf("topics in order %v, want the catalogue's", r.Trends)
	}
	if got := r.PlainText(); !strings.Contains(got, "5 today (7-day avg 0.1) ↑") {
		t.Errorf("the trend line does not mark iran-russia's spike:\n%s", got)
	}

	// A channel in Tehran that follows jcpoa sees it alone, by Tehran's days.
	ask(t, h, "/subscribe jcpoa")
	ask(t, h, "/digest 07:00 Asia/Tehran")
	r = ask(t, h, "/trends")
	if diff := cmp.Diff(map[string][]int{"jcpoa": {0, 0, 0, 0, 0, 0, 0, 1}}, days(r)); diff != "" {
		t.Errorf("days in Tehran (-want +got):\n%s", diff)
	}
	if r.Zone != "Asia/Tehran" || !strings.Contains(r.PlainText(), "midnight Asia/Tehran") {
		t.Errorf("zone %q; the answer does not say its days end at Tehran's midnight:\n%s", r.Zone, r.PlainText())
	}
}

func TestTrendsCommandOnEveryPlatform(t *testing.T) {
	for _, text := range []string{"/trends", "/brief trends", "trends", "brief trends"} {
		c, err := ParseCommand(text)
		if err != nil || c.Name != CmdTrends {
			t.Errorf("ParseCommand(%q) = %+v, %v; want trends", text, c, err)
		}
	}
	if _, err := ParseCommand("/trends jcpoa"); err == nil {
		t.Error("/trends jcpoa parsed; want an error (it takes no arguments)")
	}
	if got := Usage(brief.PlatformSlack, CmdTrends).Usage; got != "/brief trends" {
		t.Errorf("Slack spells it %q, want /brief trends", got)
	}
	if got := Usage(brief.PlatformTelegram, CmdTrends).Usage; got != "/trends" {
		t.Errorf("Telegram spells it %q, want /trends", got)
	}
}

// A story told by two outlets shows in a briefing with both counted, its
// first and latest time, and a summary whose sentences are the articles'
// own, each citing its article.
func TestBriefingCitesAStoryOfSeveralOutlets(t *testing.T) {
	h, st, _ := newTestHandler(t)
	first := brief.Article{ID: "wire-1", FeedURL: "https://wire.example/rss", Source: "Caspian Wire",
		Title: "Iran and Russia sign rail contract", Link: "https://wire.example/1",
		Text: "Iran and Russia signed a contract to build the Rasht-Astara railway on Tuesday. " +
			"The line is 162 kilometres long and links the Caspian to the Gulf.",
		Published: now0.Add(-3 * time.Hour), Fetched: now0.Add(-3 * time.Hour)}
	second := brief.Article{ID: "daily-2", FeedURL: "https://daily.example/rss", Source: "Daily Two",
		Title: "Rasht-Astara railway deal signed in Tehran", Link: "https://daily.example/2",
		Text: "Russian and Iranian officials signed the Rasht-Astara railway contract in Tehran. " +
			"Russia will lend Iran most of the money for the railway, officials said.",
		Published: now0.Add(-2 * time.Hour), Fetched: now0.Add(-2 * time.Hour)}
	for _, a := range []brief.Article{first, second} {
		m := brief.Match{TopicID: "iran-russia", Score: 2, Hits: []brief.Hit{{Term: "Iran", Found: "Iran", Field: "title"}}}
		if err := st.SaveArticle(t.Context(), a, []brief.Match{m}, store.SaveOptions{Now: a.Fetched, Story: first.ID}); err != nil {
			t.Fatal(err)
		}
	}
	r := ask(t, h, "/brief iran-russia")
	if len(r.Briefing.Stories) != 1 {
		t.Fatalf("%d stories, want 1", len(r.Briefing.Stories))
	}
	s := r.Briefing.Stories[0]
	if s.ID != first.ID || s.Sources != 2 || !s.First.Equal(first.Published) || !s.Last.Equal(second.Published) {
		t.Errorf("story %q, %d sources, %s–%s; want %q, 2, %s–%s", s.ID, s.Sources, s.First, s.Last, first.ID, first.Published, second.Published)
	}
	if len(s.Summary) == 0 {
		t.Fatal("no summary")
	}
	texts := map[string]string{first.ID: first.Text, second.ID: second.Text}
	for _, c := range s.Summary {
		if !strings.Contains(texts[c.ArticleID], c.Text) {
			t.Errorf("%q is not in the text of %s, which it cites", c.Text, c.ArticleID)
		}
	}
	if got := r.PlainText(); !strings.Contains(got, "2 sources") || !strings.Contains(got, "[1] https://") {
		t.Errorf("the briefing does not show its sources and citations:\n%s", got)
	}
}

func TestDigestShowsSpikeNotes(t *testing.T) {
	sco := brief.Topic{ID: "sco", Title: "SCO"}
	quiet := brief.Topic{ID: "jcpoa", Title: "JCPOA"}
	d := brief.Digest{Date: "2026-11-27", Zone: "UTC", Since: now0.Add(-24 * time.Hour), Until: now0,
		Sections: []brief.Briefing{{Topic: sco}},
		Spikes: []brief.Trend{
			{Topic: sco, Days: []int{2, 2, 2, 2, 2, 2, 2, 8}},
			{Topic: quiet, Days: []int{0, 0, 0, 0, 0, 0, 0, 6}},
		}}
	got := Compose(Response{Kind: KindDigest, Digest: &d}, now0).PlainText()
	for _, want := range []string{"SCO: 8 stories today, 4 times its 7-day average", "JCPOA: 6 stories today, none in the 7 days before"} {
		if !strings.Contains(got, want) {
			t.Errorf("the digest does not say %q:\n%s", want, got)
		}
	}
}
