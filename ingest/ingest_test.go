package ingest

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"briefbot/brief"
	"briefbot/feeds"
	"briefbot/store"
	"briefbot/store/sqlite"
	"briefbot/summarize"
	"briefbot/topics"
)

var (
	t0 = time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)

	jcpoaBody = `<p>VIENNA — Iran and the E3 resumed talks on the Joint Comprehensive Plan of Action on Tuesday, as inspectors from the International Atomic Energy Agency reported that Tehran's stockpile of uranium enriched to 60 percent had grown again.</p>
<p>The IAEA's quarterly report, seen by diplomats, said inspectors had regained access to two sites but that surveillance cameras at a centrifuge workshop remained offline. European negotiators said the snapback of UN sanctions under Resolution 2231 was still on the table.</p>
<p>Iran's deputy foreign minister said Tehran was ready to return to full compliance with the nuclear deal if Washington lifted sanctions first. "The ball is in their court," he told reporters after the session.</p>
<p>Officials expect another round in Vienna next month.</p>`

	iranRussiaBody = `<p>MOSCOW — Russia and Iran signed an agreement on Wednesday to finance the Rasht-Astara railway, the missing link of the International North-South Transport Corridor, during a visit by Iran's first vice president to the Kremlin.</p>
<p>President Vladimir Putin told his Iranian guest that trade between the two countries had grown by a fifth this year and that payments in roubles and rials now made up most of it, bypassing Western banks.</p>
<p>The Iranian delegation also discussed gas supplies through Azerbaijan with Gazprom executives, and the two sides agreed to link their national payment card systems, Mir and Shetab, by spring.</p>
<p>Officials in Tehran described the visit as a step toward the comprehensive strategic partnership treaty signed earlier this year.</p>`

	footballBody = `<p>Iran's national football team beat Uzbekistan 2-1 in Tashkent on Thursday to top their World Cup qualifying group, with Mehdi Taremi scoring twice in the second half.</p>
<p>Coach Amir Ghalenoei praised his side's resilience after they went a goal down before the break. Iran now need a single point from their last two matches to qualify.</p>
<p>Fans gathered in Tehran's Azadi Square to celebrate late into the night.</p>`
)

type rig struct {
	pub    *publisher
	st     *sqlite.Store
	poller *Poller
	// restart replaces the poller with a new one over the same store, as
	// a process restart does.
	restart func()
	now     time.Time
	notice  []string
}

type noticeRecorder struct{ r *rig }

func (n noticeRecorder) Notice(ctx context.Context, key string, ch brief.ChannelRef, text string) error {
	n.r.notice = append(n.r.notice, ch.String()+" "+text)
	return nil
}

func newRig(t *testing.T, paths ...string) *rig {
	t.Helper()
	r := &rig{pub: newPublisher(t), now: t0}
	st, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "briefbot.db"), sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	r.st = st
	m, err := topics.Compile(topics.Defaults())
	if err != nil {
		t.Fatal(err)
	}
	f := feeds.New(feeds.Options{AllowPrivateNetworks: true, Now: func() time.Time { return r.now }})
	admin := brief.ChannelRef{Platform: "console", ID: "admin"}
	r.restart = func() {
		r.poller = New(f, m, st, noticeRecorder{r}, r.options(paths, &admin))
	}
	r.restart()
	return r
}

func (r *rig) options(paths []string, admin *brief.ChannelRef) Options {
	return Options{
		Feeds: func(context.Context) ([]Feed, error) {
			var out []Feed
			for _, p := range paths {
				out = append(out, Feed{URL: r.pub.url(p), Title: "Wire " + p})
			}
			return out, nil
		},
		Policy:     feeds.Policy{Interval: 10 * time.Minute, MinInterval: time.Minute, MaxInterval: time.Hour, MaxBackoff: time.Hour},
		PauseAfter: 3,
		Summary:    summarize.Options{N: 2},
		Admin:      admin,
		Now:        func() time.Time { return r.now },
		Logger:     slog.New(slog.DiscardHandler),
	}
}

func (r *rig) subscribe(t *testing.T, ch brief.ChannelRef, topic string) {
	t.Helper()
	if err := r.st.Subscribe(t.Context(), brief.Subscription{Channel: ch, TopicID: topic, Mode: brief.ModeAlerts, Created: t0.Add(-time.Hour)}); err != nil {
		t.Fatal(err)
	}
}

func (r *rig) pollAll(t *testing.T) CycleStats {
	t.Helper()
	stats, err := r.poller.PollDue(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	return stats
}

func (r *rig) queued(t *testing.T) []store.AlertBatch {
	t.Helper()
	b, err := r.st.DueAlertBatches(t.Context(), r.now.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

var alerts = brief.ChannelRef{Platform: "console", ID: "desk"}

// wid is the ID of a wire.example item with a bare GUID: feeds scope such
// GUIDs by the publisher of the item's link.
func wid(guid string) string { return "https://wire.example#" + guid }

func TestFirstPollStoresTheBacklogWithoutAlerting(t *testing.T) {
	r := newRig(t, "/world")
	r.subscribe(t, alerts, "jcpoa")
	r.pub.set("/world",
		item{GUID: "a1", Title: "E3 and Iran resume nuclear deal talks as IAEA reports bigger stockpile", Link: "https://wire.example/a1", Body: jcpoaBody, Published: t0.Add(-2 * time.Hour)},
		item{GUID: "a2", Title: "Iran beat Uzbekistan to top World Cup qualifying group", Link: "https://wire.example/a2", Body: footballBody, Published: t0.Add(-time.Hour)},
	)
	stats := r.pollAll(t)
	if stats.New != 2 || stats.Matched != 1 {
		t.Errorf("first poll: new=%d matched=%d, want 2 and 1", stats.New, stats.Matched)
	}
	if q := r.queued(t); len(q) != 0 {
		t.Errorf("the backlog of a new feed queued alerts: %+v", q)
	}
	stories, total, err := r.st.Stories(t.Context(), store.StoryQuery{TopicID: "jcpoa", Since: t0.Add(-24 * time.Hour), Until: t0.Add(time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	if total != 1 || stories[0].Article.ID != wid("a1") {
		t.Fatalf("jcpoa stories = %d, want the nuclear article only", total)
	}
	s := stories[0]
	if len(s.Match.Summary) != 2 {
		t.Errorf("summary has %d sentences, want 2", len(s.Match.Summary))
	}
	plain := strings.Join(strings.Fields(strings.NewReplacer("<p>", " ", "</p>", " ").Replace(jcpoaBody)), " ")
	for _, sent := range s.Match.Summary {
		if !strings.Contains(plain, sent) {
			t.Errorf("summary sentence is not verbatim from the article: %q", sent)
		}
	}
	if len(s.Match.Hits) == 0 {
		t.Error("the match does not say which terms fired")
	}
	if football, _, _ := r.st.Stories(t.Context(), store.StoryQuery{TopicID: "iran-russia", Since: t0.Add(-24 * time.Hour), Until: t0.Add(time.Hour)}); len(football) != 0 {
		t.Errorf("the football item matched iran-russia: %+v", football)
	}
}

func TestNewItemsAlertAndUnchangedFeedsCostNothing(t *testing.T) {
	r := newRig(t, "/world")
	r.subscribe(t, alerts, "iran-russia")
	r.pub.set("/world", item{GUID: "f1", Title: "Iran beat Uzbekistan to top World Cup qualifying group", Link: "https://wire.example/f1", Body: footballBody, Published: t0.Add(-time.Hour)})
	r.pollAll(t)

	r.now = r.now.Add(11 * time.Minute)
	if stats := r.pollAll(t); stats.NotModified != 1 || stats.New != 0 {
		t.Errorf("unchanged feed: %+v, want one 304 and nothing new", stats)
	}

	r.pub.add("/world", item{GUID: "ir1", Title: "Russia and Iran sign deal to finance Rasht-Astara railway", Link: "https://wire.example/ir1?utm_source=rss", Body: iranRussiaBody, Published: r.now})
	r.now = r.now.Add(11 * time.Minute)
	if stats := r.pollAll(t); stats.New != 1 || stats.Matched != 1 {
		t.Errorf("poll after a new item: %+v, want 1 new and matched", stats)
	}
	q := r.queued(t)
	if len(q) != 1 || q[0].Channel != alerts || q[0].TopicID != "iran-russia" || !slices.Equal(q[0].ArticleIDs, []string{wid("ir1")}) {
		t.Fatalf("queued alerts = %+v, want one iran-russia alert for the desk", q)
	}
	a, err := r.st.Article(t.Context(), wid("ir1"))
	if err != nil {
		t.Fatal(err)
	}
	if a.Link != "https://wire.example/ir1" {
		t.Errorf("link %q kept its tracking parameters", a.Link)
	}
}

func TestTheSameStoryFromTwoFeedsIsStoredOnce(t *testing.T) {
	r := newRig(t, "/a", "/b")
	r.subscribe(t, alerts, "iran-russia")
	// Both feeds first polled with nothing relevant, so later items alert.
	r.pub.set("/a")
	r.pub.set("/b")
	r.pollAll(t)
	r.now = r.now.Add(11 * time.Minute)

	// The same item in two of a publisher's feeds, and another outlet's
	// lightly edited copy of the wire story under its own headline.
	r.pub.add("/a", item{GUID: "wire-77", Title: "Russia and Iran sign deal to finance Rasht-Astara railway", Link: "https://wire.example/77", Body: iranRussiaBody, Published: r.now.Add(-time.Minute)})
	r.pub.add("/b", item{GUID: "wire-77", Title: "Russia and Iran sign deal to finance Rasht-Astara railway", Link: "https://wire.example/77", Body: iranRussiaBody, Published: r.now.Add(-time.Minute)})
	edited := strings.Replace(iranRussiaBody, "on Wednesday", "on Wednesday, officials said,", 1)
	r.pub.add("/b", item{GUID: "tag:daily.example,2026:copy-1", Title: "Moscow, Tehran agree to fund Rasht-Astara rail link", Link: "https://daily.example/copy", Body: edited, Published: r.now})
	r.pollAll(t)

	q := r.queued(t)
	if len(q) != 1 || len(q[0].ArticleIDs) != 1 {
		t.Fatalf("queued alerts = %+v, want one alert for one story", q)
	}
	copyArt, err := r.st.Article(t.Context(), "tag:daily.example,2026:copy-1")
	if err != nil {
		t.Fatal(err)
	}
	if copyArt.DuplicateOf != wid("wire-77") {
		t.Errorf("edited copy DuplicateOf = %q, want %s", copyArt.DuplicateOf, wid("wire-77"))
	}
	stories, total, err := r.st.Stories(t.Context(), store.StoryQuery{TopicID: "iran-russia", Since: t0, Until: r.now.Add(time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	if total != 1 {
		t.Fatalf("briefing shows %d stories, want the story once", total)
	}
	if len(stories[0].AlsoIn) == 0 {
		t.Errorf("the story does not list the other feed: %+v", stories[0].AlsoIn)
	}
}

// Outlets republish a wire story within minutes of each other, and their
// feeds are polled at the same time: however the polls interleave, the
// subscriber gets one alert and the briefing one story.
func TestCopiesArrivingAtOnceFromManyFeedsAlertOnce(t *testing.T) {
	paths := []string{"/1", "/2", "/3", "/4", "/5", "/6", "/7", "/8"}
	for round := range 5 {
		r := newRig(t, paths...)
		r.subscribe(t, alerts, "iran-russia")
		for _, p := range paths {
			r.pub.set(p)
		}
		r.pollAll(t)
		r.now = r.now.Add(11 * time.Minute)
		for i, p := range paths {
			// Each outlet's own headline, link and one edit of its own.
			body := strings.Replace(iranRussiaBody, "on Wednesday", fmt.Sprintf("on Wednesday, outlet %d reported,", i), 1)
			r.pub.add(p, item{GUID: "copy" + p, Title: fmt.Sprintf("Rasht-Astara rail deal signed (%d)", i),
				Link: "https://outlet.example" + p, Body: body, Published: r.now.Add(-time.Duration(i) * time.Second)})
		}
		r.pollAll(t)
		q := r.queued(t)
		if len(q) != 1 || len(q[0].ArticleIDs) != 1 {
			t.Fatalf("round %d: queued alerts = %+v, want one alert for one story", round, q)
		}
		_, total, err := r.st.Stories(t.Context(), store.StoryQuery{TopicID: "iran-russia", Since: t0, Until: r.now.Add(time.Hour)})
		if err != nil {
			t.Fatal(err)
		}
		if total != 1 {
			t.Fatalf("round %d: briefing shows %d stories, want the story once", round, total)
		}
	}
}

func TestAFailingFeedBacksOffThenPausesAndTellsTheAdmin(t *testing.T) {
	r := newRig(t, "/good", "/bad")
	r.pub.set("/good", item{GUID: "g1", Title: "Iran beat Uzbekistan", Link: "https://wire.example/g1", Body: footballBody, Published: t0})
	r.pub.fail("/bad", 500)
	var lastNext time.Time
	for i := 1; i <= 3; i++ {
		r.pollAll(t)
		st, err := r.st.FeedState(t.Context(), r.pub.url("/bad"))
		if err != nil {
			t.Fatal(err)
		}
		if st.Failures != i || st.LastError == "" {
			t.Fatalf("after failure %d: state %+v", i, st)
		}
		if !st.NextPoll.After(r.now) {
			t.Errorf("after failure %d the next poll %s is not in the future", i, st.NextPoll)
		}
		lastNext = st.NextPoll
		r.now = st.NextPoll
	}
	st, _ := r.st.FeedState(t.Context(), r.pub.url("/bad"))
	if !st.Paused {
		t.Fatalf("feed not paused after 3 failures: %+v", st)
	}
	if len(r.notice) != 1 || !strings.Contains(r.notice[0], "console:admin") || !strings.Contains(r.notice[0], "/bad") {
		t.Errorf("admin notices = %q, want one naming the feed", r.notice)
	}
	good, _ := r.st.FeedState(t.Context(), r.pub.url("/good"))
	if good.Failures != 0 || good.LastSuccess.IsZero() {
		t.Errorf("the broken feed disturbed the good one: %+v", good)
	}
	hits := r.pub.hits("/bad")
	r.now = lastNext.Add(24 * time.Hour)
	r.pollAll(t)
	if r.pub.hits("/bad") != hits {
		t.Error("a paused feed was polled")
	}
}

func TestOldItemsAreIgnored(t *testing.T) {
	r := newRig(t, "/world")
	r.pub.set("/world", item{GUID: "old", Title: "E3 and Iran resume nuclear deal talks", Link: "https://wire.example/old", Body: jcpoaBody, Published: t0.Add(-60 * 24 * time.Hour)})
	r.pollAll(t)
	if _, err := r.st.Article(t.Context(), wid("old")); !errors.Is(err, brief.ErrNotFound) {
		t.Errorf("an item two months old was stored (err=%v)", err)
	}
}

func TestRetryAfterIsHonouredWithoutCountingAFailure(t *testing.T) {
	r := newRig(t, "/busy")
	r.pub.set("/busy")
	r.pub.fail("/busy", http.StatusTooManyRequests)
	r.pub.retryAfter = "1200"
	r.pollAll(t)
	st, err := r.st.FeedState(t.Context(), r.pub.url("/busy"))
	if err != nil {
		t.Fatal(err)
	}
	if st.Failures != 0 || st.Paused || st.LastError == "" {
		t.Errorf("state after a 429 = %+v, want no failure counted but the error recorded", st)
	}
	if wait := st.NextPoll.Sub(r.now); wait < 20*time.Minute {
		t.Errorf("next poll in %s, want at least the 20 minutes Retry-After asked for", wait)
	}
}

func TestHostileItemsAreStoredWithinBounds(t *testing.T) {
	r := newRig(t, "/hostile")
	huge := strings.Repeat("Iran Russia ", 100_000)
	long := strings.Repeat("Iran and Russia met in Moscow again. ", 8_000)
	r.pub.set("/hostile", item{GUID: "tag:x," + strings.Repeat("g", 2000), Title: huge, Link: "https://wire.example/h", Body: "<p>" + long + "</p>", Published: t0})
	r.pollAll(t)
	arts, err := r.st.RecentArticles(t.Context(), time.Time{})
	if err != nil || len(arts) != 1 {
		t.Fatalf("articles = %d, %v", len(arts), err)
	}
	a := arts[0]
	if n := len([]rune(a.Title)); n > maxTitle || len(a.Text) > maxText || len(a.ID) > maxID {
		t.Errorf("stored title of %d runes, text of %d bytes, ID of %d bytes", n, len(a.Text), len(a.ID))
	}
}
