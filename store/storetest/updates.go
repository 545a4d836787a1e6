package storetest

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"briefbot/brief"
	"briefbot/store"
)

// alertStory subscribes ch to jcpoa alerts, stores the story's first
// article at minute 1 and queues its alert at minute 2; it returns the
// alert message's ID.
func alertStory(t *testing.T, s store.Store, ch brief.ChannelRef, story string) int64 {
	t.Helper()
	subscribe(t, s, ch, "jcpoa", brief.ModeAlerts)
	saveIn(t, s, art(story, at(0)), story, at(1), "jcpoa")
	b := dueBatches(t, s, at(2))
	if len(b) != 1 {
		t.Fatalf("alert batches: %+v", b)
	}
	msg := message("alert:"+ch.String()+":jcpoa:"+story, ch, store.KindAlert, "jcpoa", at(2))
	must(t, s.EnqueueAlert(t.Context(), b[0], msg))
	return messageByKey(t, s, msg.Key).ID
}

// sent claims and marks sent the message with that ID, with the
// platform reference ref ("" records none).
func sent(t *testing.T, s store.Store, id int64, ref string, now time.Time) {
	t.Helper()
	if ref != "" {
		must(t, s.SetMessageRef(t.Context(), id, ref))
	}
	must(t, s.MarkSent(t.Context(), id, now))
}

func dueUpdates(t *testing.T, s store.Store, due time.Time) []store.UpdateBatch {
	t.Helper()
	bs, err := s.DueUpdateBatches(t.Context(), due)
	must(t, err)
	return bs
}

var updateCases = []contractCase{
	{"a later article on an alerted story is due as an update once the alert is sent", func(t *testing.T, s store.Store) {
		parent := alertStory(t, s, chA, "urn:a")
		saveIn(t, s, from(art("urn:b", at(2)), feedB, "Daily B"), "urn:a", at(3), "jcpoa")
		if got := dueUpdates(t, s, at(100)); len(got) != 0 {
			t.Errorf("update due while its alert is pending: %+v", got)
		}
		sent(t, s, parent, "1733560000.000100", at(4))
		if got := dueUpdates(t, s, at(2).Add(-time.Microsecond)); len(got) != 0 {
			t.Errorf("update due before the interval since its alert: %+v", got)
		}
		want := []store.UpdateBatch{{Channel: chA, TopicID: "jcpoa", StoryID: "urn:a", Seq: 1,
			Added: []string{"urn:b"}, First: at(3),
			Parent: store.ParentAlert{MessageID: parent, Status: store.StatusSent, Ref: "1733560000.000100", Created: at(2)}}}
		if diff := cmp.Diff(want, dueUpdates(t, s, at(2))); diff != "" {
			t.Errorf("update batches (-want +got):\n%s", diff)
		}
	}},
	{"the story's first article on a topic alerts and queues no update", func(t *testing.T, s store.Store) {
		parent := alertStory(t, s, chA, "urn:a")
		sent(t, s, parent, "ts", at(3))
		// Another topic of the story: its first article there alerts.
		subscribe(t, s, chA, "sco", brief.ModeAlerts)
		saveIn(t, s, art("urn:b", at(2)), "urn:a", at(3), "sco")
		if got := dueUpdates(t, s, at(100)); len(got) != 0 {
			t.Errorf("updates: %+v", got)
		}
		if got := dueBatches(t, s, at(100)); len(got) != 1 || got[0].TopicID != "sco" {
			t.Errorf("alert batches: %+v", got)
		}
	}},
	{"updates go only to alerted channels still following in alerts mode, unmuted", func(t *testing.T, s store.Store) {
		parent := alertStory(t, s, chA, "urn:a")
		sent(t, s, parent, "ts", at(3))
		subscribe(t, s, chB, "jcpoa", brief.ModeAlerts) // after the alert: never alerted to the story
		subscribe(t, s, chC, "jcpoa", brief.ModeDigest)
		saveIn(t, s, art("urn:b", at(2)), "urn:a", at(4), "jcpoa")
		must(t, s.Mute(t.Context(), chA, "jcpoa", at(60)))
		saveIn(t, s, art("urn:c", at(2)), "urn:a", at(5), "jcpoa") // muted: not queued
		must(t, s.SaveArticle(t.Context(), art("urn:d", at(2)), matches("jcpoa"),
			store.SaveOptions{Now: at(61), Story: "urn:a", NoAlerts: true})) // a new feed's backlog
		got := dueUpdates(t, s, at(100))
		if len(got) != 1 || got[0].Channel != chA || !cmp.Equal(got[0].Added, []string{"urn:b"}) {
			t.Errorf("update batches: %+v", got)
		}
	}},
	{"an article stored before the alert was queued counts as covered by it", func(t *testing.T, s store.Store) {
		subscribe(t, s, chA, "jcpoa", brief.ModeAlerts)
		saveIn(t, s, art("urn:a", at(0)), "urn:a", at(1), "jcpoa")
		saveIn(t, s, from(art("urn:b", at(0)), feedB, "Daily B"), "urn:a", at(2), "jcpoa")
		b := dueBatches(t, s, at(3))
		msg := message("alert:a", chA, store.KindAlert, "jcpoa", at(3))
		must(t, s.EnqueueAlert(t.Context(), b[0], msg))
		sent(t, s, messageByKey(t, s, msg.Key).ID, "ts", at(3))
		saveIn(t, s, from(art("urn:c", at(0)), feedC, "Agency C"), "urn:a", at(4), "jcpoa")
		got := dueUpdates(t, s, at(100))
		if len(got) != 1 || !cmp.Equal(got[0].Covered, []string{"urn:b"}) || !cmp.Equal(got[0].Added, []string{"urn:c"}) {
			t.Errorf("update batches: %+v", got)
		}
		if ids := got[0].ArticleIDs(); !cmp.Equal(ids, []string{"urn:b", "urn:c"}) {
			t.Errorf("ArticleIDs() = %v", ids)
		}
	}},
	{"enqueue update carries each article once and numbers the story's updates", func(t *testing.T, s store.Store) {
		parent := alertStory(t, s, chA, "urn:a")
		sent(t, s, parent, "ts", at(3))
		saveIn(t, s, art("urn:b", at(2)), "urn:a", at(4), "jcpoa")
		b := dueUpdates(t, s, at(4))[0]
		msg := message("update:1", chA, store.KindUpdate, "jcpoa", at(5))
		must(t, s.EnqueueUpdate(t.Context(), b, msg))
		if got := dueUpdates(t, s, at(100)); len(got) != 0 {
			t.Errorf("carried articles still due: %+v", got)
		}
		wantErr(t, s.EnqueueUpdate(t.Context(), b, message("update:again", chA, store.KindUpdate, "jcpoa", at(5))), brief.ErrDuplicate)
		// The next article waits the interval from the update, then is update 2.
		saveIn(t, s, art("urn:c", at(6)), "urn:a", at(6), "jcpoa")
		if got := dueUpdates(t, s, at(5).Add(-time.Microsecond)); len(got) != 0 {
			t.Errorf("due before the interval since the last update: %+v", got)
		}
		next := dueUpdates(t, s, at(5))
		if len(next) != 1 || next[0].Seq != 2 || !cmp.Equal(next[0].Added, []string{"urn:c"}) {
			t.Fatalf("second update batch: %+v", next)
		}
		stale := next[0]
		stale.Seq = 1 // as read before update 1 was queued, by another replica
		wantErr(t, s.EnqueueUpdate(t.Context(), stale, message("update:stale", chA, store.KindUpdate, "jcpoa", at(7))), brief.ErrDuplicate)
		must(t, s.EnqueueUpdate(t.Context(), next[0], message("update:2", chA, store.KindUpdate, "jcpoa", at(7))))
		want := map[string]string{"alert:" + chA.String() + ":jcpoa:urn:a": store.StatusSent,
			"update:1": store.StatusPending, "update:2": store.StatusPending}
		if diff := cmp.Diff(want, statuses(t, s)); diff != "" {
			t.Errorf("outbox (-want +got):\n%s", diff)
		}
		if m := messageByKey(t, s, "update:1"); m.Kind != store.KindUpdate || m.TopicID != "jcpoa" {
			t.Errorf("update message kind %q topic %q", m.Kind, m.TopicID)
		}
	}},
	{"unsubscribing withdraws queued updates and update messages no worker holds", func(t *testing.T, s store.Store) {
		parent := alertStory(t, s, chA, "urn:a")
		sent(t, s, parent, "ts", at(3))
		saveIn(t, s, art("urn:b", at(2)), "urn:a", at(4), "jcpoa")
		must(t, s.EnqueueUpdate(t.Context(), dueUpdates(t, s, at(4))[0], message("update:1", chA, store.KindUpdate, "jcpoa", at(5))))
		saveIn(t, s, art("urn:c", at(2)), "urn:a", at(6), "jcpoa")
		b := dueUpdates(t, s, at(100))[0]
		must(t, s.Unsubscribe(t.Context(), chA, "jcpoa"))
		if got := dueUpdates(t, s, at(100)); len(got) != 0 {
			t.Errorf("updates due after unsubscribe: %+v", got)
		}
		if got := messageByKey(t, s, "update:1").Status; got != store.StatusCancelled {
			t.Errorf("pending update after unsubscribe: %s, want cancelled", got)
		}
		wantErr(t, s.EnqueueUpdate(t.Context(), b, message("update:2", chA, store.KindUpdate, "jcpoa", at(7))), brief.ErrNotFound)
	}},
	{"disabling a channel drops its queued updates", func(t *testing.T, s store.Store) {
		parent := alertStory(t, s, chA, "urn:a")
		sent(t, s, parent, "ts", at(3))
		saveIn(t, s, art("urn:b", at(2)), "urn:a", at(4), "jcpoa")
		must(t, s.DisableChannel(t.Context(), chA, "channel archived", at(5)))
		if got := dueUpdates(t, s, at(100)); len(got) != 0 {
			t.Errorf("updates due after disable: %+v", got)
		}
	}},
	{"a failed alert's update is due without a reference", func(t *testing.T, s store.Store) {
		parent := alertStory(t, s, chA, "urn:a")
		must(t, s.MarkFailed(t.Context(), parent, "rejected", at(3)))
		saveIn(t, s, art("urn:b", at(2)), "urn:a", at(4), "jcpoa")
		got := dueUpdates(t, s, at(100))
		if len(got) != 1 || got[0].Parent.Status != store.StatusFailed || got[0].Parent.Ref != "" {
			t.Errorf("update batches: %+v", got)
		}
	}},
	{"dropping an update removes its articles without a message", func(t *testing.T, s store.Store) {
		parent := alertStory(t, s, chA, "urn:a")
		sent(t, s, parent, "ts", at(3))
		saveIn(t, s, art("urn:b", at(2)), "urn:a", at(4), "jcpoa")
		must(t, s.DropUpdate(t.Context(), dueUpdates(t, s, at(4))[0]))
		if got := dueUpdates(t, s, at(100)); len(got) != 0 {
			t.Errorf("dropped articles still due: %+v", got)
		}
		// Dropping is not an update: the next article is update 1, due at once.
		saveIn(t, s, art("urn:c", at(2)), "urn:a", at(5), "jcpoa")
		if got := dueUpdates(t, s, at(2)); len(got) != 1 || got[0].Seq != 1 {
			t.Errorf("update batches: %+v", got)
		}
		if n := len(statuses(t, s)); n != 1 {
			t.Errorf("%d messages, want the alert alone", n)
		}
	}},
	{"a message keeps the first platform reference recorded", func(t *testing.T, s store.Store) {
		id := enqueue(t, s, message("alert:x", chB, store.KindAlert, "jcpoa", at(0)))
		ref, err := s.MessageRef(t.Context(), id)
		must(t, err)
		if ref != "" {
			t.Errorf("reference before any: %q", ref)
		}
		must(t, s.SetMessageRef(t.Context(), id, "101"))
		must(t, s.SetMessageRef(t.Context(), id, "202")) // a resumed send's later part
		if ref, err = s.MessageRef(t.Context(), id); err != nil || ref != "101" {
			t.Errorf("reference = %q, %v; want 101", ref, err)
		}
		wantErr(t, s.SetMessageRef(t.Context(), id+1000, "1"), brief.ErrNotFound)
		_, err = s.MessageRef(t.Context(), id+1000)
		wantErr(t, err, brief.ErrNotFound)
	}},
}
