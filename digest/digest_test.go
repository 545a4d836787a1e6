package digest

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"briefbot/bot"
	"briefbot/brief"
	"briefbot/store"
	"briefbot/store/sqlite"
)

var topicsList = []brief.Topic{{ID: "jcpoa", Title: "Iran nuclear deal"}, {ID: "sco", Title: "Shanghai Cooperation Organisation"}}

type rig struct {
	st   *sqlite.Store
	s    *Scheduler
	now  time.Time
	desk brief.ChannelRef
}

func newRig(t *testing.T, opt Options) *rig {
	t.Helper()
	st, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "briefbot.db"), sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	r := &rig{st: st, desk: brief.ChannelRef{Platform: "telegram", ID: "-100"}}
	d := bot.NewDispatcher(st, bot.DispatcherOptions{Now: func() time.Time { return r.now }})
	opt.Topics = topicsList
	opt.Now = func() time.Time { return r.now }
	r.s = New(st, d, opt)
	return r
}

func (r *rig) subscribe(t *testing.T, topic string, mode brief.Mode, at time.Time) {
	t.Helper()
	if err := r.st.Subscribe(t.Context(), brief.Subscription{Channel: r.desk, TopicID: topic, Mode: mode, Created: at}); err != nil {
		t.Fatal(err)
	}
}

func (r *rig) schedule(t *testing.T, hm, zone string) {
	t.Helper()
	if err := r.st.SetDigestSchedule(t.Context(), brief.DigestSchedule{Channel: r.desk, Time: hm, Zone: zone}); err != nil {
		t.Fatal(err)
	}
}

func (r *rig) article(t *testing.T, id, topic string, published time.Time) {
	t.Helper()
	a := brief.Article{ID: id, FeedURL: "https://wire.example/rss", Source: "Wire", Title: "Story " + id, Link: "https://wire.example/" + id, Text: "Text.", Published: published, Fetched: published}
	m := brief.Match{ArticleID: id, TopicID: topic, Score: 1, Summary: []string{"Summary of " + id + "."}}
	if err := r.st.SaveArticle(t.Context(), a, []brief.Match{m}, store.SaveOptions{Now: published}); err != nil {
		t.Fatal(err)
	}
}

// digests returns the queued digests in order.
func (r *rig) digests(t *testing.T) []store.Message {
	t.Helper()
	all, err := r.st.Messages(t.Context(), "")
	if err != nil {
		t.Fatal(err)
	}
	var out []store.Message
	for _, m := range all {
		if m.Kind == store.KindDigest {
			out = append(out, m)
		}
	}
	return out
}

func decode(t *testing.T, m store.Message) brief.Digest {
	t.Helper()
	var r bot.Response
	if err := json.Unmarshal(m.Payload, &r); err != nil || r.Digest == nil {
		t.Fatalf("digest payload: %v", err)
	}
	return *r.Digest
}

// A fake clock walks across each daylight-saving change, firing the digest
// job at every instant the cron schedule gives and also every 20 minutes in
// between (as a restart or a late cron tick would). Each local day gets
// exactly one digest, at the right instant.
func TestDigestsAcrossDaylightSavingChanges(t *testing.T) {
	tests := []struct {
		name, zone, hm string
		from           string // local date the walk starts (two days before the change)
		want           []string
	}{
		{"Berlin spring forward, time in the gap", "Europe/Berlin", "02:30", "2026-03-27",
			[]string{"2026-03-28 02:30 CET", "2026-03-29 03:00 CEST", "2026-03-30 02:30 CEST"}},
		{"Berlin fall back, time in the repeated hour", "Europe/Berlin", "02:30", "2026-10-23",
			[]string{"2026-10-24 02:30 CEST", "2026-10-25 02:30 CEST", "2026-10-26 02:30 CET"}},
		{"New York spring forward, time in the gap", "America/New_York", "02:15", "2026-03-06",
			[]string{"2026-03-07 02:15 EST", "2026-03-08 03:00 EDT", "2026-03-09 02:15 EDT"}},
		{"New York fall back, time in the repeated hour", "America/New_York", "01:30", "2026-10-30",
			[]string{"2026-10-31 01:30 EDT", "2026-11-01 01:30 EDT", "2026-11-02 01:30 EST"}},
		{"Berlin morning digest unaffected by the change", "Europe/Berlin", "07:00", "2026-03-27",
			[]string{"2026-03-28 07:00 CET", "2026-03-29 07:00 CEST", "2026-03-30 07:00 CEST"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			loc, err := time.LoadLocation(tt.zone)
			if err != nil {
				t.Fatal(err)
			}
			start, _ := time.ParseInLocation("2006-01-02 15:04", tt.from+" 12:00", loc)
			r := newRig(t, Options{})
			r.now = start
			r.subscribe(t, "jcpoa", brief.ModeDigest, start.Add(-time.Hour))
			r.schedule(t, tt.hm, tt.zone)
			sched := Daily{HM: tt.hm, Loc: loc}
			var fired []string
			end := start.Add(3 * 24 * time.Hour)
			for at := sched.Next(start); at.Before(end); at = sched.Next(at) {
				// Ticks before the firing must not send it early.
				for r.now = r.now.Add(20 * time.Minute); r.now.Before(at); r.now = r.now.Add(20 * time.Minute) {
					if sent, err := r.s.Fire(t.Context(), r.desk); err != nil || sent {
						t.Fatalf("Fire at %s (before %s) = %v, %v", r.now.In(loc).Format("2006-01-02 15:04 MST"), at.In(loc).Format("15:04 MST"), sent, err)
					}
				}
				r.now = at
				sent, err := r.s.Fire(t.Context(), r.desk)
				if err != nil || !sent {
					t.Fatalf("Fire at the scheduled %s = %v, %v; want it sent", at.In(loc).Format("2006-01-02 15:04 MST"), sent, err)
				}
				fired = append(fired, at.In(loc).Format("2006-01-02 15:04 MST"))
				// A second run in the same minute (a restart, a late tick) sends nothing.
				if sent, _ := r.s.Fire(t.Context(), r.desk); sent {
					t.Fatalf("digest of %s sent twice", at.In(loc).Format("2006-01-02"))
				}
			}
			if strings.Join(fired, ", ") != strings.Join(tt.want, ", ") {
				t.Errorf("digests fired at\n  %s\nwant\n  %s", strings.Join(fired, ", "), strings.Join(tt.want, ", "))
			}
			if got := len(r.digests(t)); got != len(tt.want) {
				t.Errorf("%d digests queued, want %d", got, len(tt.want))
			}
		})
	}
}

func TestMissedDigestIsSentOnceAtStartUp(t *testing.T) {
	r := newRig(t, Options{})
	day := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	r.subscribe(t, "jcpoa", brief.ModeDigest, day.Add(-48*time.Hour))
	r.schedule(t, "07:00", "UTC")
	// The digest of the 20th went out; the bot then stops at 20:00.
	r.now = day.Add(7 * time.Hour)
	if sent, err := r.s.Fire(t.Context(), r.desk); err != nil || !sent {
		t.Fatalf("scheduled digest: %v, %v", sent, err)
	}
	r.article(t, "while-down", "jcpoa", day.Add(30*time.Hour)) // the 21st, 06:00
	// Down over the 21st's 07:00; started again at 09:30.
	r.now = day.Add(33*time.Hour + 30*time.Minute)
	if sent, err := r.s.Fire(t.Context(), r.desk); err != nil || !sent {
		t.Fatalf("catch-up at start-up: %v, %v; want the missed digest sent", sent, err)
	}
	// Restarted again ten minutes later: nothing more.
	r.now = r.now.Add(10 * time.Minute)
	if sent, _ := r.s.Fire(t.Context(), r.desk); sent {
		t.Fatal("the missed digest was sent twice")
	}
	ds := r.digests(t)
	if len(ds) != 2 {
		t.Fatalf("%d digests, want 2", len(ds))
	}
	got := decode(t, ds[1])
	if got.Date != "2026-11-21" || len(got.Sections) != 1 || len(got.Sections[0].Stories) != 1 || got.Sections[0].Stories[0].Article.ID != "while-down" {
		t.Errorf("catch-up digest = %+v, want the 21st with the story published while down", got)
	}
	if !got.Since.Equal(day.Add(7 * time.Hour)) {
		t.Errorf("catch-up digest covers from %s, want from the previous digest (%s)", got.Since, day.Add(7*time.Hour))
	}
}

func TestNoCatchUpForTimesBeforeTheSubscription(t *testing.T) {
	r := newRig(t, Options{})
	r.now = time.Date(2026, 11, 20, 15, 0, 0, 0, time.UTC)
	r.subscribe(t, "jcpoa", brief.ModeBoth, r.now.Add(-time.Hour))
	if sent, _ := r.s.Fire(t.Context(), r.desk); sent {
		t.Error("a channel that subscribed at 14:00 got the 07:00 digest at once")
	}
}

func TestDigestNowLeavesTheScheduleAlone(t *testing.T) {
	r := newRig(t, Options{})
	r.now = time.Date(2026, 11, 20, 15, 0, 0, 0, time.UTC)
	r.subscribe(t, "jcpoa", brief.ModeDigest, r.now.Add(-48*time.Hour))
	r.subscribe(t, "sco", brief.ModeDigest, r.now.Add(-48*time.Hour))
	r.article(t, "n1", "jcpoa", r.now.Add(-2*time.Hour))
	d, err := r.s.Now(t.Context(), r.desk)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Sections) != 2 || len(d.Sections[0].Stories) != 1 || len(d.Sections[1].Stories) != 0 {
		t.Fatalf("digest now = %+v, want jcpoa with one story and sco with a nothing-new line", d.Sections)
	}
	if len(r.digests(t)) != 0 {
		t.Error("digest now queued a scheduled digest")
	}
	r.now = time.Date(2026, 11, 21, 7, 0, 0, 0, time.UTC)
	if sent, err := r.s.Fire(t.Context(), r.desk); err != nil || !sent {
		t.Fatalf("the next scheduled digest after /digest now: %v, %v", sent, err)
	}
	if got := decode(t, r.digests(t)[0]); len(got.Sections[0].Stories) != 1 {
		t.Errorf("the scheduled digest lost the story /digest now showed: %+v", got.Sections)
	}
}

func TestEmptyTopicsCanBeOmitted(t *testing.T) {
	r := newRig(t, Options{OmitEmpty: true})
	r.now = time.Date(2026, 11, 20, 15, 0, 0, 0, time.UTC)
	r.subscribe(t, "jcpoa", brief.ModeDigest, r.now.Add(-48*time.Hour))
	r.subscribe(t, "sco", brief.ModeDigest, r.now.Add(-48*time.Hour))
	r.article(t, "n1", "sco", r.now.Add(-2*time.Hour))
	d, err := r.s.Now(t.Context(), r.desk)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Sections) != 1 || d.Sections[0].Topic.ID != "sco" {
		t.Errorf("sections = %+v, want only sco", d.Sections)
	}
}

func TestDailyIsACronSchedule(t *testing.T) {
	// The cron.Schedule contract: Next moves strictly forward.
	loc, _ := time.LoadLocation("Europe/Vienna")
	d := Daily{HM: "07:30", Loc: loc}
	at := time.Date(2026, 11, 27, 6, 30, 0, 0, time.UTC)
	if n := d.Next(at); !n.After(at) || n.In(loc).Format("15:04") != "07:30" {
		t.Errorf("Next(%s) = %s", at, n)
	}
	if p := d.Previous(at); !p.Equal(at) {
		t.Errorf("Previous(%s) = %s, want the same instant", at, p)
	}
}

// With several replicas a /digest command may reach one that does not
// run digests; the leader must pick the change up from the store.
func TestTheLeaderPicksUpScheduleChangesMadeElsewhere(t *testing.T) {
	r := newRig(t, Options{Resync: 20 * time.Millisecond})
	r.now = time.Now()
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- r.s.Run(ctx) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Error(err)
		}
	}()
	// Another replica's handler writes the subscription and the schedule.
	r.subscribe(t, "jcpoa", brief.ModeDigest, r.now)
	r.schedule(t, "07:30", "Europe/Vienna")
	vienna, _ := time.LoadLocation("Europe/Vienna")
	waitFor(t, "the new schedule", func() bool {
		next, ok := r.s.Scheduled(r.desk)
		return ok && next.In(vienna).Format("15:04") == "07:30"
	})
	if err := r.st.SetDigestSchedule(t.Context(), brief.DigestSchedule{Channel: r.desk, Time: "06:00", Zone: "Europe/Vienna"}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the changed time", func() bool {
		next, ok := r.s.Scheduled(r.desk)
		return ok && next.In(vienna).Format("15:04") == "06:00"
	})
	if err := r.st.Unsubscribe(t.Context(), r.desk, "jcpoa"); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the entry removed", func() bool {
		_, ok := r.s.Scheduled(r.desk)
		return !ok
	})
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
