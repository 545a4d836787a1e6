package main

import (
	"fmt"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"briefbot/bot"
	"briefbot/bot/console"
	"briefbot/brief"
	"briefbot/internal/demo"
)

// TestDemoStoriesAreCitedFromSeveralOutlets polls the demo's sample feeds
// and reads /brief as the console would: the Rasht-Astara railway
// contract, reported by three outlets under three headlines, is one
// story that says "3 sources" and whose summary cites more than one of
// them; and every cited sentence of every story on every topic appears
// word for word in the article it cites.
func TestDemoStoriesAreCitedFromSeveralOutlets(t *testing.T) {
	start := time.Now().UTC().Truncate(time.Second)
	clk := &clock{t: start}
	pub := httptest.NewServer(demo.Handler(start, clk.now))
	defer pub.Close()
	var urls []string
	for _, f := range demo.Feeds() {
		urls = append(urls, pub.URL+f.Path)
	}
	s := startSession(t, "-config", writeConfig(t, urls), "-db", filepath.Join(t.TempDir(), "briefbot.db"))
	defer s.stop()
	waitUntil(t, "first poll", func() bool { return polled(t, s.rt.Store, urls) })

	ask := func(text string) bot.Response {
		t.Helper()
		r := s.rt.Handler.Handle(t.Context(), bot.Request{ID: text, Channel: console.Channel, Text: text, CanManage: true})
		if r.Kind != bot.KindBriefing || r.Briefing == nil {
			t.Fatalf("%s answered %s: %s", text, r.Kind, r.Text)
		}
		return r
	}

	// The railway story on the first page of the week's iran-russia briefing.
	r := ask("/brief iran-russia 7d")
	var rail *brief.Story
	for i, st := range r.Briefing.Stories {
		if st.ID != "" && strings.Contains(st.Article.Title, "Rasht-Astara") {
			rail = &r.Briefing.Stories[i]
		}
	}
	if rail == nil {
		t.Fatalf("no story of several outlets about the Rasht-Astara contract:\n%s", console.Render(r, start))
	}
	if rail.Sources != 3 {
		t.Errorf("the railway story has %d sources, want 3 (Caspian Wire, Eurasia Diplomatic Review, Gulf & Levant Monitor)", rail.Sources)
	}
	cited := map[string]bool{}
	for _, c := range rail.Summary {
		cited[c.Source] = true
	}
	if len(cited) < 2 {
		t.Errorf("the railway story's summary cites %d outlet(s) %v, want more than one", len(cited), cited)
	}
	out := console.Render(r, start)
	for _, want := range []string{"3 sources", "[1] https://", "[2] https://"} {
		if !strings.Contains(out, want) {
			t.Errorf("the console does not show %q:\n%s", want, out)
		}
	}

	// Every cited sentence of every page, on every topic.
	checked := 0
	for _, topic := range []string{"iran-russia", "jcpoa", "sco"} {
		for page := 1; ; page++ {
			b := ask(fmt.Sprintf("/brief %s 7d page %d", topic, page)).Briefing
			for _, st := range b.Stories {
				for _, c := range st.Summary {
					a, err := s.rt.Store.Article(t.Context(), c.ArticleID)
					if err != nil {
						t.Fatalf("cited article %s: %v", c.ArticleID, err)
					}
					if !strings.Contains(a.Text, c.Text) {
						t.Errorf("%s: %q is not in the text of the article it cites (%s)", topic, c.Text, a.ID)
					}
					if c.Source != a.Source || c.Link != a.Link {
						t.Errorf("%s: citation %+v names another outlet or link than its article's (%s, %s)", topic, c, a.Source, a.Link)
					}
					checked++
				}
			}
			if !b.HasMore() {
				break
			}
		}
	}
	if checked < 4 {
		t.Errorf("only %d cited sentences in the demo's briefings, want at least 4", checked)
	}
}
