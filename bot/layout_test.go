package bot

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"briefbot/brief"
	"briefbot/store"
)

func TestPagingSaysWhichPageInWords(t *testing.T) {
	h, st, _ := newTestHandler(t) // two stories a page
	for i, age := range []time.Duration{1, 2, 3, 4, 5} {
		saveStory(t, st, string(rune('a'+i)), "jcpoa", now0.Add(-age*time.Hour*24))
	}
	first := ask(t, h, "/brief jcpoa 7d")
	buttons := first.Actions()
	if len(buttons) != 2 || buttons[0].Label != "More" || buttons[0].Command != "/brief jcpoa 7d page 2" {
		t.Fatalf("buttons = %+v, want More sending /brief jcpoa 7d page 2", buttons)
	}
	if !strings.Contains(first.PlainText(), "Next: /brief jcpoa 7d page 2") {
		t.Errorf("the first page does not say how to get the next:\n%s", first.PlainText())
	}
	// The button's command, typed or pressed, gives page 2.
	second := ask(t, h, buttons[0].Command)
	if got := ids(second); got != "c,d" || second.Briefing.Offset != 2 {
		t.Errorf("page 2 = %s at offset %d, want c,d at 2", got, second.Briefing.Offset)
	}
	if text := second.PlainText(); !strings.Contains(text, "3. Headline c") || !strings.Contains(text, "/brief jcpoa 7d page 3") {
		t.Errorf("page 2 reads:\n%s", text)
	}
	last := ask(t, h, "/brief jcpoa 7d page 3")
	if got := ids(last); got != "e" {
		t.Errorf("page 3 = %s, want e", got)
	}
	if b := last.Actions(); len(b) != 1 || b[0].Label == "More" {
		t.Errorf("the last page has buttons %+v, want Mute only", b)
	}
	// An old button's opaque token still answers with that page.
	old := (Command{Name: CmdMore, Topic: "jcpoa", Since: now0.Add(-7 * 24 * time.Hour), Until: now0, Offset: 2}).String()
	if got := ids(ask(t, h, old)); got != "c,d" {
		t.Errorf("old %q = %s, want c,d", old, got)
	}
	for _, bad := range []string{"/brief jcpoa 7d page 0", "/brief jcpoa page two"} {
		if r := ask(t, h, bad); r.Kind != KindError {
			t.Errorf("%q answered %s, want an error", bad, r.Kind)
		}
	}
}

func ids(r Response) string {
	if r.Briefing == nil {
		return "(no briefing: " + r.Text + ")"
	}
	var out []string
	for _, s := range r.Briefing.Stories {
		out = append(out, s.Article.ID)
	}
	return strings.Join(out, ",")
}

func TestEmptyBriefingOffersNoMute(t *testing.T) {
	h, _, _ := newTestHandler(t)
	r := ask(t, h, "/brief sco")
	if b := r.Actions(); len(b) != 0 {
		t.Errorf("an empty briefing has buttons %+v", b)
	}
	if text := r.PlainText(); !strings.Contains(text, "Nothing on Shanghai Cooperation Organisation in the last 24 hours.") || !strings.Contains(text, "/brief sco 7d") {
		t.Errorf("empty briefing reads:\n%s", text)
	}
}

// A channel in Asia/Tehran (UTC+3:30) reads every time in its zone; one
// that never set a zone reads UTC.
func TestTimesShowInTheChannelsZone(t *testing.T) {
	h, st, _ := newTestHandler(t)
	tehran := brief.ChannelRef{Platform: brief.PlatformTelegram, ID: "-200"}
	say := func(ch brief.ChannelRef, text string) string {
		t.Helper()
		r := h.Handle(t.Context(), Request{ID: text, Channel: ch, Text: text, CanManage: true})
		// What a chat sees is what comes out of the outbox.
		var back Response
		b, _ := json.Marshal(r)
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatal(err)
		}
		return Compose(back, now0).PlainText()
	}
	say(tehran, "/digest 07:30 Asia/Tehran")
	say(tehran, "/subscribe iran-russia")
	say(desk, "/subscribe iran-russia")
	saveStory(t, st, "t1", "iran-russia", time.Date(2026, 11, 27, 8, 0, 0, 0, time.UTC)) // queues an alert for each
	t.Run("alert", func(t *testing.T) {
		d := fastDispatcher(st)
		p := &recorder{}
		d.Register(brief.PlatformTelegram, p)
		batches, err := st.DueAlertBatches(t.Context(), time.Now())
		if err != nil || len(batches) != 2 {
			t.Fatalf("queued alerts = %+v, %v; want one per channel", batches, err)
		}
		for _, b := range batches {
			stories, _ := st.StoriesByID(t.Context(), b.TopicID, b.ArticleIDs)
			if err := d.Alert(t.Context(), b, brief.Briefing{Topic: testTopics[2], Stories: stories, Total: len(stories)}); err != nil {
				t.Fatal(err)
			}
		}
		runDispatcher(t, d)
		eventually(t, "both alerts", func() bool { return len(p.all()) == 2 })
		for ch, text := range p.all() {
			want := "27 Nov 08:00 UTC"
			if ch == tehran {
				want = "27 Nov 11:30 +0330"
			}
			if !strings.Contains(text, want) {
				t.Errorf("alert to %s reads:\n%s\nwant %q", ch, text, want)
			}
		}
	})
	tests := []struct {
		name, command   string
		inTehran, inUTC string
	}{
		{"briefing", "/brief iran-russia", "27 Nov 11:30 +0330", "27 Nov 08:00 UTC"},
		{"mute reply", "/mute iran-russia", "Sat 28 Nov 13:30 +0330", "Sat 28 Nov 10:00 UTC"},
		{"subscriptions", "/subscriptions", "muted until 28 Nov 13:30 +0330", "muted until 28 Nov 10:00 UTC"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := say(tehran, tt.command); !strings.Contains(got, tt.inTehran) {
				t.Errorf("Tehran channel sees:\n%s\nwant %q", got, tt.inTehran)
			}
			if got := say(desk, tt.command); !strings.Contains(got, tt.inUTC) {
				t.Errorf("channel without a zone sees:\n%s\nwant %q", got, tt.inUTC)
			}
		})
	}
}

// recorder is a platform that keeps the plain text of what it was sent.
type recorder struct {
	platform
	texts map[brief.ChannelRef]string
}

func (r *recorder) Send(ctx context.Context, d Delivery) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.texts == nil {
		r.texts = map[brief.ChannelRef]string{}
	}
	r.texts[d.Channel] = Compose(d.Response, now0).PlainText()
	return nil
}

func (r *recorder) all() map[brief.ChannelRef]string {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := map[brief.ChannelRef]string{}
	for k, v := range r.texts {
		out[k] = v
	}
	return out
}

func TestFormatShortIsKeptPerChannel(t *testing.T) {
	h, st, _ := newTestHandler(t)
	saveStory(t, st, "f1", "jcpoa", now0.Add(-time.Hour))
	other := brief.ChannelRef{Platform: brief.PlatformSlack, ID: "C9"}
	if r := ask(t, h, "/brief format short"); r.Kind != KindNotice {
		t.Fatalf("/brief format short answered %s: %s", r.Kind, r.Text)
	}
	short := ask(t, h, "/brief jcpoa").PlainText()
	if strings.Contains(short, "Summary f1.") || strings.Contains(short, "Why:") || !strings.Contains(short, "Headline f1") {
		t.Errorf("short briefing:\n%s\nwant the headline without summary or Why", short)
	}
	full := h.Handle(t.Context(), Request{ID: "o", Channel: other, Text: "/brief jcpoa"}).PlainText()
	if !strings.Contains(full, "Summary f1.") || !strings.Contains(full, "Why: Iran") {
		t.Errorf("another channel's briefing:\n%s\nwant the full form", full)
	}
	if r := h.Handle(t.Context(), Request{ID: "p", Channel: other, Text: "/brief format short"}); r.Kind != KindError {
		t.Errorf("a non-manager changed the format: %s", r.Text)
	}
	ask(t, h, "/format full")
	if again := ask(t, h, "/brief jcpoa").PlainText(); !strings.Contains(again, "Summary f1.") {
		t.Errorf("after /format full:\n%s", again)
	}
}

func TestWhyNamesAtMostThreeInAReadersWords(t *testing.T) {
	tests := []struct {
		name string
		hits []brief.Hit
		want string
	}{
		{"near spelling says how the article spelt it", []brief.Hit{
			{Term: "Raisi", Found: "Riasi", Field: "text", Fuzzy: true},
			{Term: "Putin", Found: "Putin's", Field: "text"},
			{Term: "Moscow", Found: "Moscow", Field: "text"},
			{Term: "Tehran", Found: "Tehran", Field: "text"},
		}, "Raisi (spelt Riasi), Putin, Moscow"},
		{"each name once, as the topic spells it", []brief.Hit{
			{Term: "Iran", Found: "Iran's", Field: "title"},
			{Term: "Russia", Found: "Russian", Field: "text"},
			{Term: "Iran", Found: "IRAN", Field: "text"},
			{Term: "Russia", Found: "Russia", Field: "text"},
		}, "Iran, Russia"},
		{"common words give way to names and phrases", []brief.Hit{
			{Term: "nuclear", Found: "Nuclear", Field: "title"},
			{Term: "talks", Found: "talks", Field: "text"},
			{Term: "nuclear energy", Found: "nuclear energy", Field: "text"},
			{Term: "IAEA", Found: "IAEA", Field: "text"},
		}, "IAEA, nuclear energy"},
		{"a lone common word still explains", []brief.Hit{{Term: "talks", Found: "talks", Field: "text"}}, "talks"},
		{"a pattern shows the article's words", []brief.Hit{{Term: "ядерн* сделк*", Found: "ядерной сделке", Field: "text"}}, "ядерной сделке"},
		{"a stem shows the article's shortest word, not the stem", []brief.Hit{
			{Term: "Иран*", Found: "Иран", Field: "title"},
			{Term: "Росси*", Found: "России", Field: "text"},
			{Term: "Росси*", Found: "Россия", Field: "title"},
			{Term: "Iran*", Found: "Iran's", Field: "text"},
		}, "Иран, Россия, Iran"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := strings.Join(Reasons(brief.Match{Hits: tt.hits}, MaxWhyNames), ", "); got != tt.want {
				t.Errorf("Why = %q, want %q", got, tt.want)
			}
		})
	}
}

// A channel's own query names each of its words on purpose: the preview
// and its briefings show the common word that matched beside the name.
func TestWhyOfAQueryShowsEveryPartThatMatched(t *testing.T) {
	hits := []brief.Hit{
		{Term: "Caspian", Found: "Caspian", Field: "title"},
		{Term: "gas", Found: "gas", Field: "text"},
		{Term: "pipeline", Found: "pipelines", Field: "text"},
	}
	if got, want := strings.Join(QueryReasons(brief.Match{Hits: hits}, MaxWhyNames), ", "), "Caspian, gas, pipeline"; got != want {
		t.Errorf("QueryReasons = %q, want %q", got, want)
	}
	if got, want := strings.Join(Reasons(brief.Match{Hits: hits}, MaxWhyNames), ", "), "Caspian"; got != want {
		t.Errorf("Reasons = %q, want %q", got, want)
	}
}

func TestSummaryIsCappedAtABoundary(t *testing.T) {
	long := strings.Repeat("word ", 100) + "end."
	tests := []struct {
		name      string
		sentences []string
		want      string
	}{
		{"two sentences at most", []string{"One.", "Two.", "Three."}, "One. Two."},
		{"a second sentence that does not fit is left out", []string{"Short first.", long}, "Short first."},
		{"a first sentence too long is cut at a word with an ellipsis", []string{long}, strings.TrimSpace(strings.Repeat("word ", 59)) + "…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Summary(tt.sentences, MaxSentences, MaxSummaryChars)
			if got != tt.want {
				t.Errorf("Summary = %q, want %q", got, tt.want)
			}
			if n := len([]rune(got)); n > MaxSummaryChars {
				t.Errorf("summary is %d characters, over %d", n, MaxSummaryChars)
			}
		})
	}
}

func TestAlertsAreShorterThanBriefings(t *testing.T) {
	s := brief.Story{Article: brief.Article{Title: "Lavrov visits Tehran", Source: "Wire", Link: "https://wire.example/1", Published: now0},
		Match: brief.Match{Hits: []brief.Hit{{Term: "Iran", Found: "Tehran", Field: "title"}}, Summary: []string{"Lavrov arrived.", "He met Araghchi."}}}
	b := brief.Briefing{Topic: testTopics[2], Since: now0.Add(-time.Hour), Until: now0, Stories: []brief.Story{s}, Total: 1}
	alert := Response{Kind: KindAlert, Briefing: &b}.PlainText()
	briefing := Response{Kind: KindBriefing, Briefing: &b}.PlainText()
	if !strings.Contains(alert, "Lavrov arrived.") || strings.Contains(alert, "He met Araghchi.") || strings.Contains(alert, "Why:") {
		t.Errorf("alert:\n%s\nwant the headline, source and one sentence", alert)
	}
	if !strings.Contains(briefing, "Lavrov arrived. He met Araghchi.") || !strings.Contains(briefing, "Why: Iran") {
		t.Errorf("briefing:\n%s", briefing)
	}
}

func TestDigestComesInTheChannelsFormat(t *testing.T) {
	h, st, _ := newTestHandler(t)
	ask(t, h, "/subscribe jcpoa digest")
	ask(t, h, "/digest 07:30 Asia/Tehran")
	ask(t, h, "/brief format short")
	s := brief.Story{Article: brief.Article{ID: "d1", Title: "IAEA board meets", Source: "Wire", Published: now0},
		Match: brief.Match{Summary: []string{"The board met in Vienna."}, Hits: []brief.Hit{{Term: "IAEA", Found: "IAEA", Field: "title"}}}}
	dg := brief.Digest{Date: "2026-11-27", Zone: "Asia/Tehran", Since: now0.Add(-24 * time.Hour), Until: now0,
		Sections: []brief.Briefing{{Topic: testTopics[0], Stories: []brief.Story{s}, Total: 1}}}
	sched, err := st.DigestSchedule(t.Context(), desk)
	if err != nil {
		t.Fatal(err)
	}
	d := fastDispatcher(st)
	p := &recorder{}
	d.Register(brief.PlatformTelegram, p)
	if _, err := d.Digest(t.Context(), "digest:test", sched, now0, dg); err != nil {
		t.Fatal(err)
	}
	runDispatcher(t, d)
	eventually(t, "the digest", func() bool { return len(p.all()) == 1 })
	got := p.all()[desk]
	if !strings.Contains(got, "IAEA board meets") || !strings.Contains(got, "27 Nov 13:30 +0330") || strings.Contains(got, "The board met in Vienna.") {
		t.Errorf("digest to a channel that chose short:\n%s\nwant the headline in +0330 and no summary", got)
	}
}

func TestSummaryBudgetFollowsTheOption(t *testing.T) {
	st := openStore(t)
	h := NewHandler(st, testTopics, nil, Options{SummaryChars: 40, Now: func() time.Time { return now0 }})
	a := brief.Article{ID: "m1", FeedURL: "https://wire.example/rss", Source: "Wire", Title: "Talks", Link: "https://wire.example/m1", Published: now0.Add(-time.Hour)}
	m := brief.Match{ArticleID: "m1", TopicID: "jcpoa", Score: 2, Summary: []string{"Negotiators from Iran and the three European powers met in Geneva on Monday."}}
	if err := st.SaveArticle(t.Context(), a, []brief.Match{m}, store.SaveOptions{Now: now0}); err != nil {
		t.Fatal(err)
	}
	got := ask(t, h, "/brief jcpoa").PlainText()
	if !strings.Contains(got, "Negotiators from Iran and the three…") || strings.Contains(got, "Geneva") {
		t.Errorf("with a 40-character budget the briefing reads:\n%s", got)
	}
}

func TestCutKeepsHostileTextVisible(t *testing.T) {
	tests := []struct {
		name, in string
		n        int
		want     string
	}{
		{"a title of 3,000 '&' keeps its first characters", strings.Repeat("&", 3000), 10, "&&&&&&&&&…"},
		{"cut at a word, no comma before the ellipsis", "Iran, Russia, China, India and Brazil met", 22, "Iran, Russia, China…"},
		{"short text is left alone", "Lavrov visits Tehran", 40, "Lavrov visits Tehran"},
		{"line breaks become spaces", "Line one\nline two", 40, "Line one line two"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Cut(tt.in, tt.n); got != tt.want {
				t.Errorf("Cut(%.20q, %d) = %q, want %q", tt.in, tt.n, got, tt.want)
			}
		})
	}
}
