package bot

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"briefbot/brief"
	"briefbot/store"
	"briefbot/store/sqlite"
)

var testTopics = []brief.Topic{
	{ID: "jcpoa", Title: "Iran nuclear deal (JCPOA)", Description: "Iran's nuclear programme and the diplomacy around it"},
	{ID: "sco", Title: "Shanghai Cooperation Organisation"},
	{ID: "iran-russia", Title: "Iran–Russia relations"},
}

var now0 = time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)

// digestsSpy stands in for the digest scheduler, which has its own tests;
// it records what the handler asks of it.
type digestsSpy struct {
	rescheduled []brief.ChannelRef
	digest      brief.Digest
}

func (d *digestsSpy) Now(ctx context.Context, ch brief.ChannelRef) (brief.Digest, error) {
	return d.digest, nil
}

func (d *digestsSpy) Reschedule(ctx context.Context, ch brief.ChannelRef) error {
	d.rescheduled = append(d.rescheduled, ch)
	return nil
}

func openStore(t testing.TB) *sqlite.Store {
	t.Helper()
	st, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "briefbot.db"), sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func saveStory(t *testing.T, st store.Store, id, topic string, published time.Time) {
	t.Helper()
	a := brief.Article{ID: id, FeedURL: "https://wire.example/rss", Source: "Caspian Wire", Title: "Headline " + id,
		Link: "https://wire.example/" + id, Text: "Body.", Published: published, Fetched: published}
	m := brief.Match{ArticleID: id, TopicID: topic, Score: 2, Hits: []brief.Hit{{Term: "Iran", Found: "Iran", Field: "title"}}, Summary: []string{"Summary " + id + "."}}
	if err := st.SaveArticle(t.Context(), a, []brief.Match{m}, store.SaveOptions{Now: published}); err != nil {
		t.Fatal(err)
	}
}

func newTestHandler(t *testing.T) (*Handler, *sqlite.Store, *digestsSpy) {
	st := openStore(t)
	spy := &digestsSpy{}
	h := NewHandler(st, testTopics, spy, Options{PageSize: 2, Now: func() time.Time { return now0 }})
	return h, st, spy
}

var desk = brief.ChannelRef{Platform: brief.PlatformTelegram, ID: "-100"}

func ask(t *testing.T, h *Handler, text string) Response {
	t.Helper()
	return h.Handle(t.Context(), Request{ID: "r", Channel: desk, Text: text, CanManage: true})
}

func TestBriefingPagesNewestFirst(t *testing.T) {
	h, st, _ := newTestHandler(t)
	for i, age := range []time.Duration{5 * time.Hour, time.Hour, 3 * time.Hour, 30 * time.Hour} {
		saveStory(t, st, string(rune('a'+i)), "iran-russia", now0.Add(-age))
	}
	r := ask(t, h, "/brief iran_russia")
	if r.Kind != KindBriefing || r.Briefing == nil {
		t.Fatalf("response = %+v, want a briefing", r)
	}
	b := r.Briefing
	var ids []string
	for _, s := range b.Stories {
		ids = append(ids, s.Article.ID)
	}
	if strings.Join(ids, ",") != "b,c" || b.Total != 3 {
		t.Errorf("page 1 = %v of %d, want b,c of 3 (the 30-hour-old story is outside 24h)", ids, b.Total)
	}
	actions := r.Actions()
	if len(actions) != 2 || actions[0].Label != "More" {
		t.Fatalf("actions = %+v, want More and Mute", actions)
	}
	for _, a := range actions {
		if len(a.Command) > 64 {
			t.Errorf("button command %q is over Telegram's 64 bytes", a.Command)
		}
	}
	more := ask(t, h, actions[0].Command)
	if more.Kind != KindBriefing || len(more.Briefing.Stories) != 1 || more.Briefing.Stories[0].Article.ID != "a" || more.Briefing.HasMore() {
		t.Errorf("page 2 = %+v, want story a and no further page", more.Briefing)
	}
	week := ask(t, h, "/brief iran-russia 7d")
	if week.Briefing.Total != 4 {
		t.Errorf("7d briefing has %d stories, want 4", week.Briefing.Total)
	}
}

func TestUnknownTopicSuggestsTheClosest(t *testing.T) {
	h, _, _ := newTestHandler(t)
	for _, tt := range []struct{ typed, want string }{{"iran-rusia", "iran-russia"}, {"iran", "iran-russia"}, {"jcopa", "jcpoa"}} {
		r := ask(t, h, "/brief "+tt.typed)
		if r.Kind != KindError || !strings.Contains(r.Text, "Did you mean "+tt.want+"?") || !strings.Contains(r.Text, "/topics") {
			t.Errorf("/brief %s: %q, want a suggestion of %s and the /topics hint", tt.typed, r.Text, tt.want)
		}
	}
	for _, far := range []string{"weather", "日本語"} {
		if r := ask(t, h, "/brief "+far); strings.Contains(r.Text, "Did you mean") {
			t.Errorf("a far-off topic got a suggestion: %q", r.Text)
		}
	}
	ask(t, h, "/subscribe jcpoa")
	if r := ask(t, h, "/mute jcpoa"); !strings.Contains(r.Text, "for 24h") {
		t.Errorf("mute says %q, want the default spelled as in the help (24h)", r.Text)
	}
}

func TestSubscriptionLifecycle(t *testing.T) {
	h, st, spy := newTestHandler(t)
	if r := ask(t, h, "/subscribe jcpoa"); r.Kind != KindNotice || !strings.Contains(r.Text, "alerts and the daily digest") {
		t.Fatalf("subscribe: %+v", r)
	}
	if r := ask(t, h, "/subscribe jcpoa"); !strings.Contains(r.Text, "already follows") {
		t.Errorf("second subscribe: %q", r.Text)
	}
	if r := ask(t, h, "/subscribe sco digest"); r.Kind != KindNotice {
		t.Errorf("subscribe sco digest: %+v", r)
	}
	if r := ask(t, h, "/subscribe weather"); r.Kind != KindError || !strings.Contains(r.Text, "Unknown topic") {
		t.Errorf("unknown topic subscribe: %+v", r)
	}
	subs := ask(t, h, "/subscriptions")
	if subs.Kind != KindSubscriptions || len(subs.Subscriptions) != 2 || subs.Schedule == nil || subs.Schedule.Time != "07:00" {
		t.Fatalf("subscriptions = %+v", subs)
	}
	if r := ask(t, h, "/digest 07:30 Europe/Vienna"); r.Kind != KindNotice || !strings.Contains(r.Text, "07:30 Europe/Vienna") || !strings.Contains(r.Text, "Next: Sat 28 Nov 07:30 CET") {
		t.Errorf("digest: %q", r.Text)
	}
	sched, err := st.DigestSchedule(t.Context(), desk)
	if err != nil || sched.Time != "07:30" || sched.Zone != "Europe/Vienna" {
		t.Errorf("stored schedule = %+v, %v", sched, err)
	}
	if r := ask(t, h, "/unsubscribe jcpoa"); r.Kind != KindNotice || !strings.Contains(r.Text, "Unsubscribed") {
		t.Errorf("unsubscribe: %+v", r)
	}
	if r := ask(t, h, "/unsubscribe jcpoa"); !strings.Contains(r.Text, "does not follow") {
		t.Errorf("second unsubscribe: %q", r.Text)
	}
	if len(spy.rescheduled) < 3 {
		t.Errorf("the digest scheduler heard of %d changes, want one per change", len(spy.rescheduled))
	}
}

func TestNonManagersMayReadButNotChange(t *testing.T) {
	h, _, _ := newTestHandler(t)
	member := Request{ID: "m", Channel: desk, CanManage: false}
	for _, text := range []string{"/subscribe jcpoa", "/unsubscribe jcpoa", "/digest 08:00", "/mute sco"} {
		member.Text = text
		if r := h.Handle(t.Context(), member); r.Kind != KindError || !strings.Contains(r.Text, "administrators") {
			t.Errorf("%s by a member: %+v, want a polite refusal", text, r)
		}
	}
	member.Text = "/brief jcpoa"
	if r := h.Handle(t.Context(), member); r.Kind != KindBriefing {
		t.Errorf("a member's /brief: %+v, want a briefing", r)
	}
}

func TestDigestNowNeedsADigestSubscription(t *testing.T) {
	h, _, spy := newTestHandler(t)
	if r := ask(t, h, "/digest now"); r.Kind != KindNotice || !strings.Contains(r.Hint, "/subscribe <topic> digest") {
		t.Errorf("digest now without subscriptions: %+v", r)
	}
	ask(t, h, "/subscribe jcpoa digest")
	spy.digest = brief.Digest{Date: "2026-11-27", Zone: "UTC"}
	if r := ask(t, h, "/digest now"); r.Kind != KindDigest || r.Digest.Date != "2026-11-27" {
		t.Errorf("digest now: %+v", r)
	}
}

func TestSlackSpellsSubcommands(t *testing.T) {
	h, _, _ := newTestHandler(t)
	r := h.Handle(t.Context(), Request{Channel: brief.ChannelRef{Platform: brief.PlatformSlack, ID: "C1"}, Text: "/brief topicz", CanManage: true})
	if !strings.Contains(r.Text, "/brief topics") {
		t.Errorf("Slack error hint %q does not spell /brief topics", r.Text)
	}
	help := h.Handle(t.Context(), Request{Channel: brief.ChannelRef{Platform: brief.PlatformSlack, ID: "C1"}, Text: "help"})
	if !strings.Contains(help.PlainText(), "/brief subscribe <topic>") {
		t.Errorf("Slack help:\n%s", help.PlainText())
	}
}

func TestUnexpectedFailuresGiveAnIncidentID(t *testing.T) {
	st := openStore(t)
	h := NewHandler(st, testTopics, nil, Options{})
	st.Close() // the database goes away under the handler
	r := h.Handle(context.Background(), Request{Channel: desk, Text: "/brief jcpoa"})
	if r.Kind != KindError || r.Incident == "" || !strings.Contains(r.Text, r.Incident) {
		t.Errorf("response = %+v, want an apology with an incident ID", r)
	}
	if strings.Contains(r.Text, "sql") || strings.Contains(r.Text, "closed") {
		t.Errorf("the user sees internals: %q", r.Text)
	}
}
