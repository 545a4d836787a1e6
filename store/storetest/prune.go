package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"briefbot/brief"
	"briefbot/store"
)

var pruneCases = []contractCase{
	{"prune removes old articles with their matches, sources and queued alerts", func(t *testing.T, s store.Store) {
		subscribe(t, s, chA, "jcpoa", brief.ModeAlerts)
		old := art("urn:old", at(-200))
		old.Fetched = at(-100)
		save(t, s, old, at(-100), "jcpoa")
		wantErr(t, s.SaveArticle(t.Context(), from(old, feedB, "Daily B"), nil, store.SaveOptions{Now: at(-99)}), brief.ErrDuplicate)
		recent := art("urn:recent", at(-10))
		save(t, s, recent, at(-9), "jcpoa")

		counts, err := s.Prune(t.Context(), at(-50))
		must(t, err)
		if counts.Articles != 1 {
			t.Errorf("pruned %d articles, want 1", counts.Articles)
		}
		_, err = s.Article(t.Context(), old.ID)
		wantErr(t, err, brief.ErrNotFound)
		stories, total, err := s.Stories(t.Context(), window("jcpoa"))
		must(t, err)
		if diff := cmp.Diff([]brief.Story{storyOf(recent, "jcpoa")}, stories); diff != "" || total != 1 {
			t.Errorf("stories, total %d (-want +got):\n%s", total, diff)
		}
		want := []store.AlertBatch{{Channel: chA, TopicID: "jcpoa", ArticleIDs: []string{recent.ID}, First: at(-9)}}
		if diff := cmp.Diff(want, dueBatches(t, s, at(0))); diff != "" {
			t.Errorf("batches (-want +got):\n%s", diff)
		}
		// The ID is free again: a re-fetch stores a fresh article.
		save(t, s, old, at(0), "jcpoa")
	}},
	{"prune keeps recent articles", func(t *testing.T, s store.Store) {
		for i, fetched := range []time.Time{at(-60).Add(-time.Microsecond), at(-60), at(0)} {
			a := art([]string{"urn:before", "urn:cutoff", "urn:now"}[i], at(-90))
			a.Fetched = fetched
			save(t, s, a, fetched, "jcpoa")
		}
		counts, err := s.Prune(t.Context(), at(-60))
		must(t, err)
		if counts != (store.PruneCounts{Articles: 1}) {
			t.Errorf("counts = %+v, want 1 article", counts)
		}
		got, err := s.RecentArticles(t.Context(), time.Time{})
		must(t, err)
		var ids []string
		for _, a := range got {
			ids = append(ids, a.ID)
		}
		if diff := cmp.Diff([]string{"urn:cutoff", "urn:now"}, ids); diff != "" {
			t.Errorf("articles left (-want +got):\n%s", diff)
		}
	}},
	{"prune removes finished messages created before the cutoff", func(t *testing.T, s store.Store) {
		subscribe(t, s, chA, "jcpoa", brief.ModeAlerts)
		// A recent article carried by an old alert: pruning the alert must
		// not queue the article again.
		recent := art("urn:a", at(-100))
		recent.Fetched = at(-10)
		save(t, s, recent, at(-100), "jcpoa")
		b := dueBatches(t, s, at(-100))[0]
		must(t, s.EnqueueAlert(t.Context(), b, message("old-alert", chA, store.KindAlert, "jcpoa", at(-100))))
		ids := map[string]int64{"old-alert": messageByKey(t, s, "old-alert").ID}
		for _, key := range []string{"old-sent", "old-failed", "old-cancelled", "old-pending", "new-sent"} {
			created := at(-100)
			if key == "new-sent" {
				created = at(-10)
			}
			ids[key] = enqueue(t, s, message(key, brief.ChannelRef{Platform: brief.PlatformConsole, ID: key}, store.KindNotice, "", created))
		}
		claim(t, s, at(-5), 100)
		for _, key := range []string{"old-alert", "old-sent", "new-sent"} {
			must(t, s.MarkSent(t.Context(), ids[key], at(-5)))
		}
		must(t, s.MarkFailed(t.Context(), ids["old-failed"], "403", at(-5)))
		must(t, s.DisableChannel(t.Context(), brief.ChannelRef{Platform: brief.PlatformConsole, ID: "old-cancelled"}, "gone", at(-5)))

		counts, err := s.Prune(t.Context(), at(-50))
		must(t, err)
		if counts != (store.PruneCounts{Messages: 4}) {
			t.Errorf("counts = %+v, want 4 messages", counts)
		}
		want := map[string]string{"old-pending": store.StatusPending, "new-sent": store.StatusSent}
		if diff := cmp.Diff(want, statuses(t, s)); diff != "" {
			t.Errorf("outbox (-want +got):\n%s", diff)
		}
		if got := dueBatches(t, s, at(0)); len(got) != 0 {
			t.Errorf("pruning a sent alert queued its articles again: %+v", got)
		}
	}},
}

// waitEnded fails the test unless lead ends soon after what should end it.
func waitEnded(t *testing.T, lead context.Context, after string) {
	t.Helper()
	select {
	case <-lead.Done():
	case <-time.After(10 * time.Second):
		t.Fatalf("the lead did not end after %s", after)
	}
}

var lifecycleCases = []contractCase{
	{"a lead lasts until its release, which can be called twice", func(t *testing.T, s store.Store) {
		lead, release, err := s.Lead(t.Context())
		must(t, err)
		if err := lead.Err(); err != nil {
			t.Fatalf("a lead just taken has ended: %v", context.Cause(lead))
		}
		release()
		waitEnded(t, lead, "release")
		release()
		// Given up, the lead can be taken again.
		again, releaseAgain, err := s.Lead(t.Context())
		must(t, err)
		if again.Err() != nil {
			t.Errorf("the lead taken again has ended: %v", context.Cause(again))
		}
		releaseAgain()
	}},
	{"a lead ends with the context it was asked under", func(t *testing.T, s store.Store) {
		ctx, cancel := context.WithCancel(t.Context())
		lead, release, err := s.Lead(ctx)
		must(t, err)
		defer release()
		cancel()
		waitEnded(t, lead, "the end of its context")
	}},
	{"a lead ends when the store closes", func(t *testing.T, s store.Store) {
		lead, release, err := s.Lead(t.Context())
		must(t, err)
		defer release()
		must(t, s.Close())
		waitEnded(t, lead, "Close")
		if _, _, err := s.Lead(t.Context()); err == nil {
			t.Error("Lead after Close succeeded")
		}
	}},
	{"close is idempotent and later calls fail", func(t *testing.T, s store.Store) {
		must(t, s.Close())
		must(t, s.Close())
		if _, err := s.HasArticle(t.Context(), "urn:a"); err == nil {
			t.Error("HasArticle after Close succeeded")
		}
	}},
}

var timeCases = []contractCase{
	{"times come back exact to the microsecond and in UTC", func(t *testing.T, s store.Store) {
		tehran := time.FixedZone("+0330", 3*3600+1800)
		for _, tc := range []struct {
			name   string
			in     time.Time
			stored time.Time
		}{
			{"microseconds in another zone", time.Date(2025, 3, 14, 9, 26, 53, 589793000, tehran), time.Date(2025, 3, 14, 5, 56, 53, 589793000, time.UTC)},
			{"nanoseconds truncated", time.Date(2025, 3, 14, 9, 26, 53, 999999999, time.UTC), time.Date(2025, 3, 14, 9, 26, 53, 999999000, time.UTC)},
			{"before 1970", time.Date(1969, 7, 20, 20, 17, 40, 1000, time.UTC), time.Date(1969, 7, 20, 20, 17, 40, 1000, time.UTC)},
			{"far future", time.Date(2199, 12, 31, 23, 59, 59, 999999000, time.UTC), time.Date(2199, 12, 31, 23, 59, 59, 999999000, time.UTC)},
			{"zero stays zero", time.Time{}, time.Time{}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				ctx := t.Context()
				key := "time:" + tc.name
				ch := brief.ChannelRef{Platform: brief.PlatformConsole, ID: tc.name}

				must(t, s.SaveFeedState(ctx, store.FeedState{URL: key, LastPoll: tc.in, LastSuccess: tc.in, NextPoll: tc.in}))
				st, err := s.FeedState(ctx, key)
				must(t, err)
				must(t, s.AddFeed(ctx, store.FeedSpec{URL: key, Added: tc.in}))
				feeds, err := s.Feeds(ctx)
				must(t, err)
				var added time.Time
				for _, f := range feeds {
					if f.URL == key {
						added = f.Added
					}
				}

				a := art(key, tc.in)
				a.Fetched = tc.in
				save(t, s, a, tc.in)
				gotA, err := s.Article(ctx, key)
				must(t, err)

				must(t, s.Subscribe(ctx, brief.Subscription{Channel: ch, TopicID: "jcpoa", Mode: brief.ModeBoth, Created: tc.in}))
				must(t, s.Mute(ctx, ch, "jcpoa", tc.in))
				must(t, s.DisableChannel(ctx, ch, "test", tc.in))
				sub := subscriptions(t, s, ch)[0]

				msg := message(key, ch, store.KindDigest, "", tc.in)
				ok, err := s.EnqueueDigest(ctx, msg, brief.DigestSchedule{Channel: ch, Time: "07:00", Zone: "UTC"}, tc.in)
				must(t, err)
				if !ok {
					t.Fatal("digest not enqueued")
				}
				sched, err := s.DigestSchedule(ctx, ch)
				must(t, err)
				m := messageByKey(t, s, key)
				must(t, s.MarkSent(ctx, m.ID, tc.in))
				m = messageByKey(t, s, key)

				for field, got := range map[string]time.Time{
					"FeedState.LastPoll":       st.LastPoll,
					"FeedState.LastSuccess":    st.LastSuccess,
					"FeedState.NextPoll":       st.NextPoll,
					"FeedSpec.Added":           added,
					"Article.Published":        gotA.Published,
					"Article.Fetched":          gotA.Fetched,
					"Subscription.Created":     sub.Created,
					"Subscription.MutedUntil":  sub.MutedUntil,
					"Subscription.DisabledAt":  sub.DisabledAt,
					"DigestSchedule.LastUntil": sched.LastUntil,
					"Message.Created":          m.Created,
					"Message.NextAttempt":      m.NextAttempt,
					"Message.SentAt":           m.SentAt,
				} {
					if !got.Equal(tc.stored) || got.Location() != time.UTC || got.IsZero() != tc.stored.IsZero() {
						t.Errorf("%s = %v (%s), want %v in UTC", field, got, got.Location(), tc.stored)
					}
				}
			})
		}
	}},
}
