package storetest

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"briefbot/brief"
	"briefbot/store"
)

func subscriptions(t *testing.T, s store.Store, ch brief.ChannelRef) []brief.Subscription {
	t.Helper()
	subs, err := s.Subscriptions(t.Context(), ch)
	must(t, err)
	return subs
}

var subscriptionCases = []contractCase{
	{"subscriptions list by topic, and all by channel then topic", func(t *testing.T, s store.Store) {
		for _, sub := range []brief.Subscription{
			{Channel: chB, TopicID: "sco", Mode: brief.ModeDigest, Created: at(1)},
			{Channel: chA, TopicID: "sco", Mode: brief.ModeAlerts, Created: at(2)},
			{Channel: chAThread, TopicID: "jcpoa", Mode: brief.ModeBoth, Created: at(3)},
			{Channel: chA, TopicID: "jcpoa", Mode: brief.ModeBoth, Created: at(4)},
		} {
			must(t, s.Subscribe(t.Context(), sub))
		}
		a := []brief.Subscription{
			{Channel: chA, TopicID: "jcpoa", Mode: brief.ModeBoth, Created: at(4)},
			{Channel: chA, TopicID: "sco", Mode: brief.ModeAlerts, Created: at(2)},
		}
		if diff := cmp.Diff(a, subscriptions(t, s, chA)); diff != "" {
			t.Errorf("subscriptions of %s (-want +got):\n%s", chA, diff)
		}
		all, err := s.AllSubscriptions(t.Context())
		must(t, err)
		want := append(a,
			brief.Subscription{Channel: chAThread, TopicID: "jcpoa", Mode: brief.ModeBoth, Created: at(3)},
			brief.Subscription{Channel: chB, TopicID: "sco", Mode: brief.ModeDigest, Created: at(1)})
		if diff := cmp.Diff(want, all); diff != "" {
			t.Errorf("all subscriptions (-want +got):\n%s", diff)
		}
		if got := subscriptions(t, s, chC); len(got) != 0 {
			t.Errorf("subscriptions of a new channel: %+v", got)
		}
	}},
	{"subscribing again", func(t *testing.T, s store.Store) {
		for _, tc := range []struct {
			name     string
			ch       brief.ChannelRef
			disabled bool
			again    brief.Mode
			wantErr  error
		}{
			{name: "in the same mode is already subscribed", ch: chA, again: brief.ModeAlerts, wantErr: brief.ErrAlreadySubscribed},
			{name: "in another mode changes the mode", ch: chB, again: brief.ModeBoth},
			{name: "re-enables a disabled subscription", ch: chC, disabled: true, again: brief.ModeAlerts},
			{name: "in another mode re-enables a disabled subscription", ch: chD, disabled: true, again: brief.ModeDigest},
		} {
			t.Run(tc.name, func(t *testing.T) {
				muted := at(120)
				must(t, s.Subscribe(t.Context(), brief.Subscription{Channel: tc.ch, TopicID: "jcpoa", Mode: brief.ModeAlerts, Created: at(0)}))
				must(t, s.Mute(t.Context(), tc.ch, "jcpoa", muted))
				if tc.disabled {
					must(t, s.DisableChannel(t.Context(), tc.ch, "403 Forbidden", at(1)))
				}
				err := s.Subscribe(t.Context(), brief.Subscription{Channel: tc.ch, TopicID: "jcpoa", Mode: tc.again, Created: at(2)})
				if tc.wantErr != nil {
					wantErr(t, err, tc.wantErr)
				} else {
					must(t, err)
				}
				// Created and the mute are kept; the mode is the new one; nothing is disabled.
				want := []brief.Subscription{{Channel: tc.ch, TopicID: "jcpoa", Mode: tc.again, Created: at(0), MutedUntil: muted}}
				if diff := cmp.Diff(want, subscriptions(t, s, tc.ch)); diff != "" {
					t.Errorf("subscriptions (-want +got):\n%s", diff)
				}
			})
		}
	}},
	{"unsubscribing from a topic not followed is not found", func(t *testing.T, s store.Store) {
		subscribe(t, s, chA, "sco", brief.ModeAlerts)
		wantErr(t, s.Unsubscribe(t.Context(), chA, "jcpoa"), brief.ErrNotFound)
		wantErr(t, s.Unsubscribe(t.Context(), chB, "sco"), brief.ErrNotFound)
		wantErr(t, s.Unsubscribe(t.Context(), chAThread, "sco"), brief.ErrNotFound)
	}},
	{"unsubscribe cancels pending alerts", func(t *testing.T, s store.Store) {
		subscribe(t, s, chA, "jcpoa", brief.ModeAlerts)
		subscribe(t, s, chA, "sco", brief.ModeAlerts)
		subscribe(t, s, chB, "jcpoa", brief.ModeAlerts)
		save(t, s, art("urn:a", at(0)), at(1), "jcpoa")
		for i, b := range dueBatches(t, s, at(1)) {
			key := "alert:held"
			if i > 0 {
				key = "alert:other-channel"
			}
			must(t, s.EnqueueAlert(t.Context(), b, message(key, b.Channel, store.KindAlert, b.TopicID, at(1))))
		}
		if diff := cmp.Diff([]string{"alert:held", "alert:other-channel"}, claim(t, s, at(2), 10)); diff != "" {
			t.Fatalf("claimed (-want +got):\n%s", diff)
		}
		save(t, s, art("urn:b", at(0)), at(3), "jcpoa", "sco")
		b := dueBatches(t, s, at(3))[0]
		must(t, s.EnqueueAlert(t.Context(), b, message("alert:waiting", chA, store.KindAlert, "jcpoa", at(3))))
		enqueue(t, s, message("digest:chA", chA, store.KindDigest, "", at(3)))
		enqueue(t, s, message("answer:1", chA, store.KindAnswer, "", at(3)))
		save(t, s, art("urn:c", at(0)), at(4), "jcpoa", "sco")

		must(t, s.Unsubscribe(t.Context(), chA, "jcpoa"))

		want := map[string]string{
			"alert:held":          store.StatusPending, // a worker holds it
			"alert:other-channel": store.StatusPending,
			"alert:waiting":       store.StatusCancelled,
			"digest:chA":          store.StatusPending,
			"answer:1":            store.StatusPending,
		}
		if diff := cmp.Diff(want, statuses(t, s)); diff != "" {
			t.Errorf("outbox (-want +got):\n%s", diff)
		}
		wantBatches := []store.AlertBatch{
			{Channel: chA, TopicID: "sco", ArticleIDs: []string{"urn:b", "urn:c"}, First: at(3)},
			{Channel: chB, TopicID: "jcpoa", ArticleIDs: []string{"urn:b", "urn:c"}, First: at(3)},
		}
		if diff := cmp.Diff(wantBatches, dueBatches(t, s, at(10))); diff != "" {
			t.Errorf("batches (-want +got):\n%s", diff)
		}
		if got := subscriptions(t, s, chA); len(got) != 1 || got[0].TopicID != "sco" {
			t.Errorf("subscriptions of %s: %+v", chA, got)
		}
		save(t, s, art("urn:d", at(0)), at(5), "jcpoa")
		for _, b := range dueBatches(t, s, at(10)) {
			if b.Channel == chA && b.TopicID == "jcpoa" {
				t.Errorf("alert queued after unsubscribing: %+v", b)
			}
		}
	}},
	{"disable channel stops its alerts and messages", func(t *testing.T, s store.Store) {
		subscribe(t, s, chA, "jcpoa", brief.ModeAlerts)
		subscribe(t, s, chA, "sco", brief.ModeDigest)
		subscribe(t, s, chB, "jcpoa", brief.ModeAlerts)
		enqueue(t, s, message("answer:held", chA, store.KindAnswer, "", at(0)))
		enqueue(t, s, message("answer:waiting", chA, store.KindAnswer, "", at(0)))
		enqueue(t, s, message("answer:other-channel", chB, store.KindAnswer, "", at(0)))
		enqueue(t, s, message("answer:thread", chAThread, store.KindAnswer, "", at(0)))
		if got := claim(t, s, at(0), 1); len(got) != 1 || got[0] != "answer:held" {
			t.Fatalf("claimed %v", got)
		}
		save(t, s, art("urn:a", at(0)), at(1), "jcpoa")

		must(t, s.DisableChannel(t.Context(), chA, "channel_not_found", at(2)))

		want := []brief.Subscription{
			{Channel: chA, TopicID: "jcpoa", Mode: brief.ModeAlerts, Created: t0, Disabled: "channel_not_found", DisabledAt: at(2)},
			{Channel: chA, TopicID: "sco", Mode: brief.ModeDigest, Created: t0, Disabled: "channel_not_found", DisabledAt: at(2)},
		}
		if diff := cmp.Diff(want, subscriptions(t, s, chA)); diff != "" {
			t.Errorf("subscriptions (-want +got):\n%s", diff)
		}
		wantStatus := map[string]string{
			"answer:held":          store.StatusCancelled,
			"answer:waiting":       store.StatusCancelled,
			"answer:other-channel": store.StatusPending,
			"answer:thread":        store.StatusPending,
		}
		if diff := cmp.Diff(wantStatus, statuses(t, s)); diff != "" {
			t.Errorf("outbox (-want +got):\n%s", diff)
		}
		save(t, s, art("urn:b", at(0)), at(3), "jcpoa")
		wantBatches := []store.AlertBatch{{Channel: chB, TopicID: "jcpoa", ArticleIDs: []string{"urn:a", "urn:b"}, First: at(1)}}
		if diff := cmp.Diff(wantBatches, dueBatches(t, s, at(10))); diff != "" {
			t.Errorf("batches (-want +got):\n%s", diff)
		}
		// A second refusal keeps the first reason and time.
		must(t, s.DisableChannel(t.Context(), chA, "is_archived", at(9)))
		if diff := cmp.Diff(want, subscriptions(t, s, chA)); diff != "" {
			t.Errorf("subscriptions after a second disable (-want +got):\n%s", diff)
		}
	}},
	{"muting a topic not followed is not found", func(t *testing.T, s store.Store) {
		subscribe(t, s, chA, "sco", brief.ModeAlerts)
		wantErr(t, s.Mute(t.Context(), chA, "jcpoa", at(60)), brief.ErrNotFound)
		wantErr(t, s.Mute(t.Context(), chB, "sco", at(60)), brief.ErrNotFound)
	}},
	{"muted subscription gets no alerts until the mute ends", func(t *testing.T, s store.Store) {
		subscribe(t, s, chA, "jcpoa", brief.ModeBoth)
		save(t, s, art("urn:queued", at(0)), at(0), "jcpoa")
		must(t, s.Mute(t.Context(), chA, "jcpoa", at(60)))
		if got := subscriptions(t, s, chA); !got[0].MutedUntil.Equal(at(60)) {
			t.Errorf("MutedUntil = %v, want %v", got[0].MutedUntil, at(60))
		}
		save(t, s, art("urn:muted", at(0)), at(59), "jcpoa")
		save(t, s, art("urn:after", at(0)), at(60), "jcpoa")
		// Alerts queued before the mute stay queued.
		want := []store.AlertBatch{{Channel: chA, TopicID: "jcpoa", ArticleIDs: []string{"urn:queued", "urn:after"}, First: at(0)}}
		if diff := cmp.Diff(want, dueBatches(t, s, at(60))); diff != "" {
			t.Errorf("batches (-want +got):\n%s", diff)
		}
		// A zero time unmutes.
		must(t, s.Mute(t.Context(), chA, "jcpoa", time.Time{}))
		if got := subscriptions(t, s, chA); !got[0].MutedUntil.IsZero() {
			t.Errorf("MutedUntil after unmuting = %v", got[0].MutedUntil)
		}
	}},
}

var digestCases = []contractCase{
	{"digest schedule of a channel without one is not found", func(t *testing.T, s store.Store) {
		_, err := s.DigestSchedule(t.Context(), chA)
		wantErr(t, err, brief.ErrNotFound)
	}},
	{"setting a digest schedule keeps its last until", func(t *testing.T, s store.Store) {
		sched := brief.DigestSchedule{Channel: chA, Time: "07:30", Zone: "Europe/Vienna"}
		must(t, s.SetDigestSchedule(t.Context(), brief.DigestSchedule{Channel: chA, Time: "07:30", Zone: "Europe/Vienna", LastUntil: at(99)}))
		got, err := s.DigestSchedule(t.Context(), chA)
		must(t, err)
		if diff := cmp.Diff(sched, got); diff != "" {
			t.Errorf("new schedule ignores the argument's LastUntil (-want +got):\n%s", diff)
		}
		ok, err := s.EnqueueDigest(t.Context(), message("digest:1", chA, store.KindDigest, "", at(0)), sched, at(0))
		must(t, err)
		if !ok {
			t.Fatal("first digest not enqueued")
		}
		changed := brief.DigestSchedule{Channel: chA, Time: "18:00", Zone: "Asia/Tehran", Off: true, LastUntil: at(500)}
		must(t, s.SetDigestSchedule(t.Context(), changed))
		got, err = s.DigestSchedule(t.Context(), chA)
		must(t, err)
		changed.LastUntil = at(0)
		if diff := cmp.Diff(changed, got); diff != "" {
			t.Errorf("schedule (-want +got):\n%s", diff)
		}
	}},
	{"digest schedules list by channel", func(t *testing.T, s store.Store) {
		for _, ch := range []brief.ChannelRef{chB, chAThread, chA, chCon} {
			must(t, s.SetDigestSchedule(t.Context(), brief.DigestSchedule{Channel: ch, Time: "08:00", Zone: "UTC"}))
		}
		all, err := s.DigestSchedules(t.Context())
		must(t, err)
		var got []brief.ChannelRef
		for _, d := range all {
			got = append(got, d.Channel)
		}
		if diff := cmp.Diff([]brief.ChannelRef{chCon, chA, chAThread, chB}, got); diff != "" {
			t.Errorf("channels (-want +got):\n%s", diff)
		}
	}},
	{"digest enqueue is idempotent per key", func(t *testing.T, s store.Store) {
		sched := brief.DigestSchedule{Channel: chB, Time: "07:00", Zone: "Asia/Tehran"}
		msg := message("digest:telegram:-1001:jcpoa,sco:2025-06-01", chB, store.KindDigest, "", at(0))
		ok, err := s.EnqueueDigest(t.Context(), msg, sched, at(0))
		must(t, err)
		if !ok {
			t.Fatal("first enqueue reported the key exists")
		}
		got, err := s.DigestSchedule(t.Context(), chB)
		must(t, err)
		want := brief.DigestSchedule{Channel: chB, Time: "07:00", Zone: "Asia/Tehran", LastUntil: at(0)}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("schedule created from sched (-want +got):\n%s", diff)
		}

		retry := msg
		retry.Payload = []byte(`{"retry":true}`)
		ok, err = s.EnqueueDigest(t.Context(), retry, sched, at(30))
		must(t, err)
		if ok {
			t.Error("second enqueue of the same key reported a write")
		}
		got, err = s.DigestSchedule(t.Context(), chB)
		must(t, err)
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("schedule after the duplicate (-want +got):\n%s", diff)
		}
		if m := messageByKey(t, s, msg.Key); string(m.Payload) != string(msg.Payload) {
			t.Errorf("payload = %s, want the first %s", m.Payload, msg.Payload)
		}

		// The next day's digest moves LastUntil and keeps the stored time and zone.
		next := message("digest:telegram:-1001:jcpoa,sco:2025-06-02", chB, store.KindDigest, "", at(24*60))
		ok, err = s.EnqueueDigest(t.Context(), next, brief.DigestSchedule{Channel: chB, Time: "09:00", Zone: "UTC"}, at(24*60))
		must(t, err)
		if !ok {
			t.Fatal("next day's digest not enqueued")
		}
		got, err = s.DigestSchedule(t.Context(), chB)
		must(t, err)
		want.LastUntil = at(24 * 60)
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("schedule (-want +got):\n%s", diff)
		}
		if n := len(statuses(t, s)); n != 2 {
			t.Errorf("outbox holds %d messages, want 2", n)
		}
	}},
}
