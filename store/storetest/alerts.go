package storetest

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"briefbot/brief"
	"briefbot/store"
)

var alertCases = []contractCase{
	{"saving an article queues alerts for alert subscribers only", func(t *testing.T, s store.Store) {
		now := at(30)
		subs := []struct {
			ch     brief.ChannelRef
			mode   brief.Mode
			setup  func(ch brief.ChannelRef)
			alerts bool
		}{
			{ch: chA, mode: brief.ModeAlerts, alerts: true},
			{ch: chAThread, mode: brief.ModeBoth, alerts: true},
			{ch: chB, mode: brief.ModeDigest},
			{ch: chC, mode: brief.ModeAlerts, setup: func(ch brief.ChannelRef) {
				must(t, s.DisableChannel(t.Context(), ch, "bot removed from chat", at(0)))
			}},
			{ch: chD, mode: brief.ModeAlerts, setup: func(ch brief.ChannelRef) {
				must(t, s.Mute(t.Context(), ch, "jcpoa", now.Add(time.Microsecond)))
			}},
			{ch: chCon, mode: brief.ModeBoth, alerts: true, setup: func(ch brief.ChannelRef) {
				must(t, s.Mute(t.Context(), ch, "jcpoa", now)) // the mute has just ended
			}},
		}
		var want []store.AlertBatch
		for _, sub := range subs {
			subscribe(t, s, sub.ch, "jcpoa", sub.mode)
			subscribe(t, s, sub.ch, "sco", brief.ModeAlerts) // another topic, not matched
			if sub.setup != nil {
				sub.setup(sub.ch)
			}
			if sub.alerts {
				want = append(want, store.AlertBatch{Channel: sub.ch, TopicID: "jcpoa", ArticleIDs: []string{"urn:a"}, First: now})
			}
		}
		save(t, s, art("urn:a", at(0)), now, "jcpoa", "iran-russia")
		// Ordered by First, then channel: console, slack, slack thread.
		want[0], want[1], want[2] = want[2], want[0], want[1]
		if diff := cmp.Diff(want, dueBatches(t, s, now)); diff != "" {
			t.Errorf("batches (-want +got):\n%s", diff)
		}
	}},
	{"near duplicate queues no alerts", func(t *testing.T, s store.Store) {
		subscribe(t, s, chA, "jcpoa", brief.ModeAlerts)
		save(t, s, art("urn:orig", at(0)), at(1), "jcpoa")
		dup := from(art("urn:dup", at(2)), feedB, "Daily B")
		dup.DuplicateOf = "urn:orig"
		save(t, s, dup, at(3), "jcpoa")
		want := []store.AlertBatch{{Channel: chA, TopicID: "jcpoa", ArticleIDs: []string{"urn:orig"}, First: at(1)}}
		if diff := cmp.Diff(want, dueBatches(t, s, at(10))); diff != "" {
			t.Errorf("batches (-want +got):\n%s", diff)
		}
	}},
	{"saving with no alerts stores the story but queues nothing", func(t *testing.T, s store.Store) {
		subscribe(t, s, chA, "jcpoa", brief.ModeAlerts)
		a := art("urn:backlog", at(0))
		must(t, s.SaveArticle(t.Context(), a, matches("jcpoa"), store.SaveOptions{Now: at(1), NoAlerts: true}))
		if got := dueBatches(t, s, at(60)); len(got) != 0 {
			t.Errorf("backlog queued alerts: %+v", got)
		}
		stories, _, err := s.Stories(t.Context(), window("jcpoa"))
		must(t, err)
		if diff := cmp.Diff([]brief.Story{storyOf(a, "jcpoa")}, stories); diff != "" {
			t.Errorf("stories (-want +got):\n%s", diff)
		}
	}},
	{"a story stored without alerts alerts once when its next article arrives", func(t *testing.T, s store.Store) {
		// A feed's first poll stores its backlog without alerts; an article
		// that joins one of those stories later is news to the channel.
		subscribe(t, s, chA, "jcpoa", brief.ModeAlerts)
		must(t, s.SaveArticle(t.Context(), art("urn:backlog", at(0)), matches("jcpoa"), store.SaveOptions{Now: at(1), NoAlerts: true}))
		later := from(art("urn:later", at(5)), feedB, "Daily B")
		must(t, s.SaveArticle(t.Context(), later, matches("jcpoa"), store.SaveOptions{Now: at(6), Story: "urn:backlog"}))
		want := []store.AlertBatch{{Channel: chA, TopicID: "jcpoa", ArticleIDs: []string{"urn:backlog"}, First: at(6)}}
		if diff := cmp.Diff(want, dueBatches(t, s, at(60))); diff != "" {
			t.Errorf("batches after the story's next article (-want +got):\n%s", diff)
		}
		third := from(art("urn:third", at(7)), feedB, "Daily B")
		must(t, s.SaveArticle(t.Context(), third, matches("jcpoa"), store.SaveOptions{Now: at(8), Story: "urn:backlog"}))
		if diff := cmp.Diff(want, dueBatches(t, s, at(60))); diff != "" {
			t.Errorf("a third article alerted the story again (-want +got):\n%s", diff)
		}
	}},
	{"duplicate article queues no second alert", func(t *testing.T, s store.Store) {
		subscribe(t, s, chA, "jcpoa", brief.ModeAlerts)
		a := art("urn:a", at(0))
		save(t, s, a, at(1), "jcpoa")
		b := dueBatches(t, s, at(1))
		must(t, s.EnqueueAlert(t.Context(), b[0], message("alert:1", chA, store.KindAlert, "jcpoa", at(1))))
		wantErr(t, s.SaveArticle(t.Context(), from(a, feedB, "Daily B"), matches("jcpoa"), store.SaveOptions{Now: at(2)}), brief.ErrDuplicate)
		if got := dueBatches(t, s, at(10)); len(got) != 0 {
			t.Errorf("batches after the duplicate: %+v", got)
		}
	}},
	{"alert batches group per channel and topic in queue order", func(t *testing.T, s store.Store) {
		subscribe(t, s, chA, "jcpoa", brief.ModeAlerts)
		subscribe(t, s, chA, "sco", brief.ModeAlerts)
		subscribe(t, s, chB, "jcpoa", brief.ModeBoth)
		// Queue order is the order saved, not publication order.
		save(t, s, art("urn:z", at(0)), at(1), "jcpoa")
		save(t, s, art("urn:y", at(-50)), at(2), "jcpoa", "sco")
		save(t, s, art("urn:x", at(-20)), at(3), "jcpoa")
		want := []store.AlertBatch{
			{Channel: chA, TopicID: "jcpoa", ArticleIDs: []string{"urn:z", "urn:y", "urn:x"}, First: at(1)},
			{Channel: chB, TopicID: "jcpoa", ArticleIDs: []string{"urn:z", "urn:y", "urn:x"}, First: at(1)},
			{Channel: chA, TopicID: "sco", ArticleIDs: []string{"urn:y"}, First: at(2)},
		}
		if diff := cmp.Diff(want, dueBatches(t, s, at(3))); diff != "" {
			t.Errorf("batches (-want +got):\n%s", diff)
		}
	}},
	{"alert batch waits until its oldest alert is old enough", func(t *testing.T, s store.Store) {
		subscribe(t, s, chA, "jcpoa", brief.ModeAlerts)
		subscribe(t, s, chA, "sco", brief.ModeAlerts)
		save(t, s, art("urn:a", at(0)), at(10), "jcpoa")
		save(t, s, art("urn:b", at(0)), at(12), "sco")
		save(t, s, art("urn:c", at(0)), at(14), "jcpoa")
		if got := dueBatches(t, s, at(10).Add(-time.Microsecond)); len(got) != 0 {
			t.Errorf("batches before the oldest is due: %+v", got)
		}
		// The whole group goes once its oldest is due, newer items included.
		want := []store.AlertBatch{{Channel: chA, TopicID: "jcpoa", ArticleIDs: []string{"urn:a", "urn:c"}, First: at(10)}}
		if diff := cmp.Diff(want, dueBatches(t, s, at(10))); diff != "" {
			t.Errorf("batches (-want +got):\n%s", diff)
		}
	}},
	{"enqueue alert carries each article once", func(t *testing.T, s store.Store) {
		subscribe(t, s, chA, "jcpoa", brief.ModeAlerts)
		save(t, s, art("urn:a", at(0)), at(1), "jcpoa")
		save(t, s, art("urn:b", at(0)), at(2), "jcpoa")
		b := dueBatches(t, s, at(5))[0]
		msg := message("alert:slack:C0A:jcpoa:urn:a", chA, store.KindAlert, "jcpoa", at(5))
		must(t, s.EnqueueAlert(t.Context(), b, msg))
		if got := dueBatches(t, s, at(60)); len(got) != 0 {
			t.Errorf("carried alerts still due: %+v", got)
		}
		// The same batch under another key: a second message would repeat the articles.
		again := message("alert:other-key", chA, store.KindAlert, "jcpoa", at(6))
		wantErr(t, s.EnqueueAlert(t.Context(), b, again), brief.ErrDuplicate)
		// One of them is enough.
		partial := b
		partial.ArticleIDs = []string{"urn:b"}
		wantErr(t, s.EnqueueAlert(t.Context(), partial, again), brief.ErrDuplicate)
		if diff := cmp.Diff(map[string]string{msg.Key: store.StatusPending}, statuses(t, s)); diff != "" {
			t.Errorf("outbox (-want +got):\n%s", diff)
		}
		got := messageByKey(t, s, msg.Key)
		if got.Kind != store.KindAlert || got.TopicID != "jcpoa" || got.Channel != chA {
			t.Errorf("alert message = %+v", got)
		}
		// Articles queued later form a new batch.
		save(t, s, art("urn:c", at(0)), at(7), "jcpoa")
		want := []store.AlertBatch{{Channel: chA, TopicID: "jcpoa", ArticleIDs: []string{"urn:c"}, First: at(7)}}
		if diff := cmp.Diff(want, dueBatches(t, s, at(60))); diff != "" {
			t.Errorf("batches (-want +got):\n%s", diff)
		}
	}},
	{"enqueue alert with an existing key writes nothing", func(t *testing.T, s store.Store) {
		subscribe(t, s, chA, "jcpoa", brief.ModeAlerts)
		save(t, s, art("urn:a", at(0)), at(1), "jcpoa")
		b := dueBatches(t, s, at(5))
		enqueue(t, s, message("alert:k", chA, store.KindAlert, "jcpoa", at(2)))
		wantErr(t, s.EnqueueAlert(t.Context(), b[0], message("alert:k", chA, store.KindAlert, "jcpoa", at(5))), brief.ErrDuplicate)
		if diff := cmp.Diff(b, dueBatches(t, s, at(5))); diff != "" {
			t.Errorf("the batch must stay queued (-want +got):\n%s", diff)
		}
		if n := len(statuses(t, s)); n != 1 {
			t.Errorf("outbox holds %d messages, want 1", n)
		}
	}},
	{"enqueue alert for alerts dropped since is not found", func(t *testing.T, s store.Store) {
		subscribe(t, s, chA, "jcpoa", brief.ModeAlerts)
		save(t, s, art("urn:a", at(0)), at(1), "jcpoa")
		b := dueBatches(t, s, at(5))
		must(t, s.Unsubscribe(t.Context(), chA, "jcpoa"))
		wantErr(t, s.EnqueueAlert(t.Context(), b[0], message("alert:k", chA, store.KindAlert, "jcpoa", at(5))), brief.ErrNotFound)
		if n := len(statuses(t, s)); n != 0 {
			t.Errorf("outbox holds %d messages, want none", n)
		}
	}},
}
