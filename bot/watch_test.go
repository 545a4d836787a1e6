package bot

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"briefbot/brief"
	"briefbot/store"
	"briefbot/topics"
)

// storeArticle saves an article as the poller would: matched by m, with
// no summary.
func storeArticle(t *testing.T, st store.Store, m interface {
	Match(brief.Article) []brief.Match
}, id, title, text string, published time.Time) []brief.Match {
	t.Helper()
	a := brief.Article{ID: id, FeedURL: "https://wire.example/rss", Source: "Caspian Wire", Title: title,
		Link: "https://wire.example/" + id, Text: text, Published: published, Fetched: published}
	ms := m.Match(a)
	if err := st.SaveArticle(t.Context(), a, ms, store.SaveOptions{Now: published}); err != nil {
		t.Fatal(err)
	}
	return ms
}

// newWatchHandler is a handler whose /watch and /unwatch rebuild a live
// matcher from the store, as the running bot's does.
func newWatchHandler(t *testing.T, opt Options) (*Handler, store.Store, *topics.Live) {
	t.Helper()
	st := openStore(t)
	live, err := topics.NewLive(topics.Defaults())
	if err != nil {
		t.Fatal(err)
	}
	opt.Now = func() time.Time { return now0 }
	opt.TopicsChanged = func(ctx context.Context) error {
		all, err := st.AllChannelTopics(ctx)
		if err != nil {
			return err
		}
		var defs []topics.Definition
		for _, ct := range all {
			defs = append(defs, ChannelTopicDefinition(ct))
		}
		return live.SetExtra(defs)
	}
	return NewHandler(st, live.Topics(), &digestsSpy{}, opt), st, live
}

func TestWatchDefinesPreviewsAndMatchesNewArticles(t *testing.T) {
	h, st, live := newWatchHandler(t, Options{})
	// Stored before the topic exists: six on the Caspian within the
	// week, one older, one on something else.
	for i := range 6 {
		storeArticle(t, st, live, fmt.Sprintf("c%d", i), fmt.Sprintf("Caspian gas pipeline talks, day %d", i+1),
			"Officials met in Baku.", now0.Add(-time.Duration(i+1)*12*time.Hour))
	}
	storeArticle(t, st, live, "old", "Caspian oil output rises", "", now0.Add(-9*24*time.Hour))
	storeArticle(t, st, live, "other", "Caspian caviar prices soar", "", now0.Add(-time.Hour))

	r := ask(t, h, `/watch caspian "Caspian" AND (oil OR gas OR pipeline)`)
	if r.Kind != KindWatch || r.Briefing == nil {
		t.Fatalf("response = %+v, want a watch confirmation", r)
	}
	b := r.Briefing
	if b.Total != 6 || len(b.Stories) != 5 {
		t.Fatalf("preview: %d matched, %d shown; want 6 and 5", b.Total, len(b.Stories))
	}
	if b.Stories[0].Article.ID != "c0" || b.Stories[4].Article.ID != "c4" {
		t.Errorf("preview order %s … %s, want newest first", b.Stories[0].Article.ID, b.Stories[4].Article.ID)
	}
	text := r.PlainText()
	for _, want := range []string{"Watching caspian", `Now watching caspian in this chat: "Caspian" AND (oil OR gas OR pipeline)`,
		"would have matched 6 articles stored in the last 7 days; the newest 5:", "1. Caspian gas pipeline talks, day 1",
		"Why: Caspian", "New articles it matches come here as instant alerts and the daily digest; /unwatch caspian stops it."} {
		if !strings.Contains(text, want) {
			t.Errorf("answer lacks %q:\n%s", want, text)
		}
	}

	// The channel is subscribed, and a new article is matched in the same
	// pass as the configured topics and alerts it.
	subs, err := st.Subscriptions(t.Context(), desk)
	if err != nil || len(subs) != 1 || subs[0].TopicID != "caspian@telegram:-100" || subs[0].Mode != brief.ModeBoth {
		t.Fatalf("subscriptions = %+v, %v; want caspian@telegram:-100 in both modes", subs, err)
	}
	ms := storeArticle(t, st, live, "new", "Iran and Russia discuss Caspian gas swap", "Putin met Raisi in Moscow; Russia and Iran signed a treaty.", now0.Add(-time.Minute))
	var ids []string
	for _, m := range ms {
		ids = append(ids, m.TopicID)
	}
	if got := strings.Join(ids, " "); got != "iran-russia caspian@telegram:-100" {
		t.Fatalf("the new article matched %q, want iran-russia and the channel's caspian", got)
	}
	batches, err := st.DueAlertBatches(t.Context(), now0.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if len(batches) != 1 || batches[0].Channel != desk || batches[0].TopicID != "caspian@telegram:-100" || strings.Join(batches[0].ArticleIDs, ",") != "new" {
		t.Fatalf("alert batches = %+v, want the new article for this chat's caspian", batches)
	}
	// /brief and /topics know the topic by the ID the channel typed; other
	// channels do not. The briefing holds what the preview found (which
	// alerted nobody: the batch above holds only the new article) and the
	// new story.
	br := ask(t, h, "/brief caspian 7d")
	if br.Kind != KindBriefing || br.Briefing.Total != 7 {
		t.Fatalf("/brief caspian 7d = %+v (%+v), want the six stories of the preview and the new one", br, br.Briefing)
	}
	if text := br.PlainText(); !strings.Contains(text, "caspian · last 7 days · 7 stories") || !strings.Contains(text, "Caspian gas pipeline talks, day 1") ||
		!strings.Contains(text, "Why: Caspian, gas") {
		t.Errorf("briefing of a channel topic:\n%s", text)
	}
	// Its buttons send commands the channel can type.
	if acts := br.Actions(); len(acts) != 2 || acts[0].Command != "/brief caspian 7d page 2" || acts[1].Command != "/mute caspian" {
		t.Errorf("buttons of a channel topic's briefing = %+v, want the next page and /mute caspian", acts)
	}
	tl := ask(t, h, "/topics").PlainText()
	if !strings.Contains(tl, "This chat's own topics\n• caspian: \"Caspian\" AND (oil OR gas OR pipeline)") || !strings.Contains(tl, "jcpoa") {
		t.Errorf("/topics:\n%s", tl)
	}
	other := h.Handle(t.Context(), Request{ID: "r2", Channel: brief.ChannelRef{Platform: brief.PlatformSlack, ID: "C9"}, Text: "/brief caspian", CanManage: true})
	if other.Kind != KindError || !strings.Contains(other.Text, `Unknown topic "caspian"`) {
		t.Errorf("another channel asked for caspian: %+v", other)
	}
}

// A broad query over a busy week: the preview counts every match, shows
// the newest five, and the briefing holds the newest PreviewKeep of them.
func TestWatchPreviewOfABroadQueryKeepsTheNewest(t *testing.T) {
	h, st, _ := newWatchHandler(t, Options{})
	n := 2*PreviewKeep + 100
	for i := range n {
		a := brief.Article{ID: fmt.Sprintf("b%04d", i), FeedURL: "https://wire.example/rss", Source: "Wire", Title: fmt.Sprintf("Baku port report %d", i),
			Link: fmt.Sprintf("https://wire.example/b%d", i), Text: "Ships waited at Baku.", Published: now0.Add(-time.Duration(i+1) * 5 * time.Minute)}
		a.Fetched = a.Published
		if err := st.SaveArticle(t.Context(), a, nil, store.SaveOptions{Now: a.Fetched, NoAlerts: true}); err != nil {
			t.Fatal(err)
		}
	}
	r := ask(t, h, "/watch baku Baku")
	if r.Kind != KindWatch || r.Matched != n || r.Briefing.Total != PreviewKeep || len(r.Briefing.Stories) != PreviewStories {
		t.Fatalf("preview of %d matching articles: matched %d, %d stories kept, %d shown", n, r.Matched, r.Briefing.Total, len(r.Briefing.Stories))
	}
	if text := r.PlainText(); !strings.Contains(text, fmt.Sprintf("it would have matched %d articles stored in the last 7 days; the newest 5 stories:", n)) {
		t.Errorf("preview of a broad query:\n%s", text)
	}
	for i, s := range r.Briefing.Stories {
		if want := fmt.Sprintf("b%04d", i); s.Article.ID != want {
			t.Errorf("preview story %d is %s, want %s (the newest first)", i, s.Article.ID, want)
		}
	}
	br := ask(t, h, "/brief baku 7d")
	if br.Kind != KindBriefing || br.Briefing.Total != PreviewKeep {
		t.Fatalf("/brief baku 7d after the watch holds %d stories, want the newest %d", br.Briefing.Total, PreviewKeep)
	}
	if got := br.Briefing.Stories[0].Article.ID; got != "b0000" {
		t.Errorf("the briefing opens with %s, want the newest, b0000", got)
	}
}

// Changing a topic's query changes what its briefing holds: the stories
// only the old query matched leave it.
func TestWatchWithANewQueryReplacesTheBriefing(t *testing.T) {
	h, st, live := newWatchHandler(t, Options{})
	storeArticle(t, st, live, "oil", "Baku oil terminal reopens", "Tankers loaded crude again.", now0.Add(-3*time.Hour))
	storeArticle(t, st, live, "pipe", "Baku pipeline talks resume", "Engineers met again.", now0.Add(-2*time.Hour))
	titles := func() []string {
		br := ask(t, h, "/brief baku 7d")
		if br.Kind != KindBriefing {
			t.Fatalf("/brief baku 7d: %+v", br)
		}
		var out []string
		for _, s := range br.Briefing.Stories {
			out = append(out, s.Article.ID)
		}
		return out
	}
	if r := ask(t, h, "/watch baku Baku AND oil"); r.Kind != KindWatch || r.Briefing.Total != 1 {
		t.Fatalf("first watch: %+v", r)
	}
	if got := titles(); len(got) != 1 || got[0] != "oil" {
		t.Fatalf("briefing of Baku AND oil = %q, want [oil]", got)
	}
	if r := ask(t, h, "/watch baku Baku AND pipeline"); r.Kind != KindWatch || !strings.Contains(r.Text, "Changed the query of baku") || r.Briefing.Total != 1 {
		t.Fatalf("second watch: %+v", r)
	}
	if got := titles(); len(got) != 1 || got[0] != "pipe" {
		t.Fatalf("briefing after the query changed to Baku AND pipeline = %q, want [pipe] alone", got)
	}
}

// The preview speaks in stories, as briefings do: three reports of one
// event are one line, with their count.
func TestWatchPreviewGroupsReportsOfOneStory(t *testing.T) {
	h, st, _ := newWatchHandler(t, Options{})
	for i, src := range []string{"Wire A", "Daily B", "Agency C"} {
		a := brief.Article{ID: fmt.Sprintf("r%d", i), FeedURL: fmt.Sprintf("https://%d.example/rss", i), Source: src,
			Title: fmt.Sprintf("Caspian summit opens in Aktau (%s)", src), Link: fmt.Sprintf("https://%d.example/r", i),
			Text: "Leaders of the five Caspian states met in Aktau.", Published: now0.Add(-time.Duration(10-i) * time.Hour)}
		a.Fetched = a.Published
		if err := st.SaveArticle(t.Context(), a, nil, store.SaveOptions{Now: a.Fetched, Story: "r0"}); err != nil {
			t.Fatal(err)
		}
	}
	a := brief.Article{ID: "other", FeedURL: "https://0.example/rss", Source: "Wire A", Title: "Caspian sturgeon quota cut",
		Link: "https://0.example/o", Text: "Fishing limits fall again.", Published: now0.Add(-2 * time.Hour)}
	a.Fetched = a.Published
	if err := st.SaveArticle(t.Context(), a, nil, store.SaveOptions{Now: a.Fetched}); err != nil {
		t.Fatal(err)
	}
	r := ask(t, h, "/watch caspian Caspian")
	if r.Kind != KindWatch || r.Matched != 4 || r.Briefing.Total != 2 || len(r.Briefing.Stories) != 2 {
		t.Fatalf("preview: matched %d, %d stories, %d shown; want 4 articles in 2 stories", r.Matched, r.Briefing.Total, len(r.Briefing.Stories))
	}
	text := r.PlainText()
	for _, want := range []string{"it would have matched 4 articles in 2 stories stored in the last 7 days:", "1. Caspian sturgeon quota cut",
		"2. Caspian summit opens in Aktau (Wire A)", "3 sources"} {
		if !strings.Contains(text, want) {
			t.Errorf("preview lacks %q:\n%s", want, text)
		}
	}
}

func TestUnwatchStopsMatchingAndUnsubscribes(t *testing.T) {
	h, st, live := newWatchHandler(t, Options{})
	if r := ask(t, h, "/watch baku Baku"); r.Kind != KindWatch {
		t.Fatalf("watch: %+v", r)
	}
	if r := ask(t, h, "/watch baku Baku AND pipeline"); r.Kind != KindWatch || !strings.Contains(r.Text, "Changed the query of baku") {
		t.Fatalf("watching the same ID again: %+v", r)
	}
	r := ask(t, h, "/unwatch baku")
	if r.Kind != KindNotice || !strings.Contains(r.Text, "Stopped watching baku") {
		t.Fatalf("unwatch: %+v", r)
	}
	if ms := storeArticle(t, st, live, "a", "Baku pipeline opens", "", now0); len(ms) != 0 {
		t.Fatalf("after unwatch the article matched %+v", ms)
	}
	if subs, _ := st.Subscriptions(t.Context(), desk); len(subs) != 0 {
		t.Fatalf("after unwatch the chat still follows %+v", subs)
	}
	if r := ask(t, h, "/unwatch baku"); r.Kind != KindNotice || !strings.Contains(r.Text, "watches no topic of its own called baku") {
		t.Fatalf("unwatch twice: %+v", r)
	}
	if r := ask(t, h, "/unwatch jcpoa"); !strings.Contains(r.Text, "use /unsubscribe jcpoa") {
		t.Fatalf("unwatch of a configured topic: %+v", r)
	}
}

func TestWatchRefusals(t *testing.T) {
	h, st, _ := newWatchHandler(t, Options{MaxChannelTopics: 2})
	for _, q := range []string{"/watch a1 Baku", "/watch a2 Aktau"} {
		if r := ask(t, h, q); r.Kind != KindWatch {
			t.Fatalf("%s: %+v", q, r)
		}
	}
	tests := []struct{ name, text, want string }{
		{"a syntax error names its column and points at it", `/watch caspian Caspian AND (oil OR gas`,
			"That query does not read: query syntax error at column 24: expected \")\" to close the \"(\" at column 13, found the end of the query.\nCaspian AND (oil OR gas\n                       ^"},
		{"the channel's limit", "/watch a3 Astrakhan", "This chat already watches 2 topics of its own, the most it may. Stop watching one first."},
		{"a long query", "/watch long " + strings.Repeat("oil OR ", 30) + "gas", "That query is too big: the query is 213 characters long; shorten it to at most 200."},
		{"too many terms", "/watch many a OR b OR c OR d OR e OR f OR g OR h OR i OR j OR k OR l OR m", "looks for 13 terms; use at most 12"},
		{"a configured topic's ID", "/watch jcpoa Vienna", "jcpoa is one of the bot's own topics; give yours another ID."},
		{"an invalid ID", "/watch каспий oil", "cannot name a topic"},
		{"no query", "/watch caspian", "Give the topic an ID and then a query, like: caspian Caspian AND (oil OR gas)."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := ask(t, h, tt.text)
			if r.Kind != KindError || !strings.Contains(r.Text, tt.want) {
				t.Fatalf("%s\n= %+v\nwant an error saying %q", tt.text, r, tt.want)
			}
		})
	}
	// Changing a topic's query is allowed at the limit.
	if r := ask(t, h, "/watch a1 Baku OR Aktau"); r.Kind != KindWatch {
		t.Fatalf("changing a topic at the limit: %+v", r)
	}
	if own, _ := st.ChannelTopics(t.Context(), desk); len(own) != 2 {
		t.Fatalf("the chat watches %d topics, want 2", len(own))
	}
	// Only administrators may watch.
	r := h.Handle(t.Context(), Request{ID: "r3", Channel: desk, Text: "/watch b Baku", CanManage: false})
	if r.Kind != KindError || !strings.Contains(r.Text, "Only this chat's administrators") {
		t.Fatalf("a member watched a topic: %+v", r)
	}
}

// BenchmarkWatchPreview measures /watch's preview over a week of 5,000
// stored articles (about 700 a day) of varied text; each op is one
// preview: read the week, match it, pick the newest five.
func BenchmarkWatchPreview(b *testing.B) {
	st := openStore(b)
	places := []string{"Baku", "Aktau", "Astrakhan", "Tehran", "Moscow", "Ashgabat", "Vienna", "Doha", "Ankara", "Beijing", "Delhi"}
	things := []string{"oil", "gas", "pipeline", "railway", "treaty", "summit", "sanctions", "grain", "drones", "election"}
	for i := range 5000 {
		p, q := places[i%len(places)], places[(i*7+3)%len(places)]
		th := things[(i*3)%len(things)]
		a := brief.Article{ID: fmt.Sprintf("a%05d", i), FeedURL: "https://wire.example/rss", Source: "Wire", Link: fmt.Sprintf("https://wire.example/%d", i),
			Title:     fmt.Sprintf("Officials in %s discuss %s with %s", p, th, q),
			Text:      strings.Repeat(fmt.Sprintf("Delegations from %s and %s met on %s for the %d time this year. Analysts said the talks on %s were slow. ", p, q, th, i%40, things[i%len(things)]), 12),
			Published: now0.Add(-time.Duration(i) * 2 * time.Minute), Fetched: now0.Add(-time.Duration(i) * 2 * time.Minute)}
		if err := st.SaveArticle(b.Context(), a, nil, store.SaveOptions{Now: a.Fetched}); err != nil {
			b.Fatal(err)
		}
	}
	h := NewHandler(st, testTopics, nil, Options{Now: func() time.Time { return now0 }})
	def, err := topics.QueryDefinition("caspian", "caspian", `(Baku OR Aktau OR Astrakhan) AND (oil OR gas OR pipeline)`, topics.QueryLimits{})
	if err != nil {
		b.Fatal(err)
	}
	total := 0
	for b.Loop() {
		n, _, err := h.preview(b.Context(), def, "caspian@console:bench", now0.Add(-PreviewWindow), now0)
		if err != nil {
			b.Fatal(err)
		}
		total = n
	}
	b.ReportMetric(float64(total), "matched")
}
