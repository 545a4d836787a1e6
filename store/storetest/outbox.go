package storetest

import (
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"briefbot/brief"
	"briefbot/store"
)

var outboxCases = []contractCase{
	{"enqueue is idempotent per key", func(t *testing.T, s store.Store) {
		msg := message("answer:req-1", chAThread, store.KindAnswer, "", at(0))
		msg.NextAttempt = at(1)
		// Fields the outbox owns are ignored on enqueue.
		msg.ID, msg.Status, msg.Attempts, msg.LastError, msg.SentAt = 99, store.StatusSent, 7, "old", at(2)
		ok, err := s.Enqueue(t.Context(), msg)
		must(t, err)
		if !ok {
			t.Fatal("first enqueue reported the key exists")
		}
		again := msg
		again.Payload = []byte(`{"second":true}`)
		ok, err = s.Enqueue(t.Context(), again)
		must(t, err)
		if ok {
			t.Error("second enqueue of the same key reported a write")
		}
		all, err := s.Messages(t.Context(), "")
		must(t, err)
		if len(all) != 1 {
			t.Fatalf("outbox holds %d messages, want 1", len(all))
		}
		want := msg
		want.ID, want.Status, want.Attempts, want.LastError, want.SentAt = all[0].ID, store.StatusPending, 0, "", time.Time{}
		if diff := cmp.Diff(want, all[0]); diff != "" {
			t.Errorf("message (-want +got):\n%s", diff)
		}
	}},
	{"claim gives each channel one message at a time", func(t *testing.T, s store.Store) {
		ids := map[string]int64{}
		for _, m := range []store.Message{
			message("a1", chA, store.KindAnswer, "", at(0)),
			message("b1", chB, store.KindAnswer, "", at(0)),
			message("a2", chA, store.KindAlert, "jcpoa", at(0)),
			message("t1", chAThread, store.KindAnswer, "", at(0)),
			message("a3", chA, store.KindDigest, "", at(0)),
		} {
			ids[m.Key] = enqueue(t, s, m)
		}
		got, err := s.ClaimDue(t.Context(), at(1), 5*time.Minute, 10)
		must(t, err)
		if diff := cmp.Diff([]string{"a1", "b1", "t1"}, keys(got)); diff != "" {
			t.Fatalf("first claim (-want +got):\n%s", diff)
		}
		for _, m := range got {
			if m.Attempts != 1 || m.Status != store.StatusPending {
				t.Errorf("claimed %s: attempts %d, status %s", m.Key, m.Attempts, m.Status)
			}
		}
		if got := claim(t, s, at(1), 10); len(got) != 0 {
			t.Errorf("claimed %v while every channel holds a lease", got)
		}
		must(t, s.MarkSent(t.Context(), ids["a1"], at(2)))
		if diff := cmp.Diff([]string{"a2"}, claim(t, s, at(2), 10)); diff != "" {
			t.Errorf("after a1 is sent (-want +got):\n%s", diff)
		}
		must(t, s.MarkSent(t.Context(), ids["a2"], at(3)))
		must(t, s.MarkSent(t.Context(), ids["b1"], at(3)))
		if diff := cmp.Diff([]string{"a3"}, claim(t, s, at(3), 10)); diff != "" {
			t.Errorf("after a2 is sent (-want +got):\n%s", diff)
		}
	}},
	{"claim waits for a message's next attempt", func(t *testing.T, s store.Store) {
		m := message("later", chA, store.KindNotice, "", at(0))
		m.NextAttempt = at(10)
		enqueue(t, s, m)
		if got := claim(t, s, at(10).Add(-time.Microsecond), 10); len(got) != 0 {
			t.Errorf("claimed %v before its time", got)
		}
		if diff := cmp.Diff([]string{"later"}, claim(t, s, at(10), 10)); diff != "" {
			t.Errorf("claim at its time (-want +got):\n%s", diff)
		}
	}},
	{"a channel waits for its oldest message's retry", func(t *testing.T, s store.Store) {
		first := enqueue(t, s, message("first", chA, store.KindAlert, "jcpoa", at(0)))
		enqueue(t, s, message("second", chA, store.KindAlert, "jcpoa", at(0)))
		other := enqueue(t, s, message("other", chB, store.KindAlert, "jcpoa", at(0)))
		if diff := cmp.Diff([]string{"first", "other"}, claim(t, s, at(0), 10)); diff != "" {
			t.Fatalf("claim (-want +got):\n%s", diff)
		}
		must(t, s.MarkSent(t.Context(), other, at(1)))
		must(t, s.MarkRetry(t.Context(), first, at(30), "429 Too Many Requests"))
		if got := claim(t, s, at(5), 10); len(got) != 0 {
			t.Errorf("claimed %v while the oldest message waits for its retry", got)
		}
		got, err := s.ClaimDue(t.Context(), at(30), 5*time.Minute, 10)
		must(t, err)
		if len(got) != 1 || got[0].Key != "first" || got[0].Attempts != 2 ||
			got[0].LastError != "429 Too Many Requests" || !got[0].NextAttempt.Equal(at(30)) {
			t.Errorf("retry claim = %+v", got)
		}
	}},
	{"claim respects the limit, oldest channels first", func(t *testing.T, s store.Store) {
		for _, ch := range []brief.ChannelRef{chD, chA, chB, chC} {
			enqueue(t, s, message("to "+ch.String(), ch, store.KindNotice, "", at(0)))
		}
		if got := claim(t, s, at(0), 0); len(got) != 0 {
			t.Errorf("limit 0 claimed %v", got)
		}
		if diff := cmp.Diff([]string{"to " + chD.String(), "to " + chA.String()}, claim(t, s, at(0), 2)); diff != "" {
			t.Errorf("first claim (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff([]string{"to " + chB.String(), "to " + chC.String()}, claim(t, s, at(0), 5)); diff != "" {
			t.Errorf("second claim (-want +got):\n%s", diff)
		}
	}},
	{"claimed message not marked becomes claimable after the lease", func(t *testing.T, s store.Store) {
		enqueue(t, s, message("m", chA, store.KindAnswer, "", at(0)))
		enqueue(t, s, message("m2", chA, store.KindAnswer, "", at(0)))
		lease := 5 * time.Minute
		got, err := s.ClaimDue(t.Context(), at(0), lease, 10)
		must(t, err)
		if diff := cmp.Diff([]string{"m"}, keys(got)); diff != "" {
			t.Fatalf("claim (-want +got):\n%s", diff)
		}
		if got := claim(t, s, at(0).Add(lease-time.Microsecond), 10); len(got) != 0 {
			t.Errorf("claimed %v during the lease", got)
		}
		got, err = s.ClaimDue(t.Context(), at(0).Add(lease), lease, 10)
		must(t, err)
		if len(got) != 1 || got[0].Key != "m" || got[0].Attempts != 2 {
			t.Errorf("claim after the lease = %+v, want m on its second attempt", got)
		}
	}},
	{"progress of a split message survives a crash", func(t *testing.T, s store.Store) {
		id := enqueue(t, s, message("long", chA, store.KindDigest, "", at(0)))
		claim(t, s, at(0), 10)
		must(t, s.MarkProgress(t.Context(), id, 2))
		// The process dies; after the lease the message is claimed again.
		got, err := s.ClaimDue(t.Context(), at(0).Add(time.Hour), time.Minute, 10)
		must(t, err)
		if len(got) != 1 || got[0].Progress != 2 {
			t.Fatalf("claim after the crash = %+v, want the message with 2 parts done", got)
		}
		must(t, s.MarkSent(t.Context(), id, at(2)))
		must(t, s.MarkProgress(t.Context(), id, 1))
		if got := messageByKey(t, s, "long"); got.Progress != 2 || got.Status != store.StatusSent {
			t.Errorf("progress on a sent message changed it: %+v", got)
		}
		wantErr(t, s.MarkProgress(t.Context(), 1<<40, 1), brief.ErrNotFound)
	}},
	{"mark failed is final and lets the channel move on", func(t *testing.T, s store.Store) {
		id := enqueue(t, s, message("refused", chA, store.KindAnswer, "", at(0)))
		enqueue(t, s, message("next", chA, store.KindAnswer, "", at(0)))
		claim(t, s, at(0), 10)
		must(t, s.MarkFailed(t.Context(), id, "not_in_channel", at(1)))
		failed, err := s.Messages(t.Context(), store.StatusFailed)
		must(t, err)
		if len(failed) != 1 || failed[0].Key != "refused" || failed[0].LastError != "not_in_channel" {
			t.Errorf("failed messages = %+v", failed)
		}
		if diff := cmp.Diff([]string{"next"}, claim(t, s, at(100), 10)); diff != "" {
			t.Errorf("claim after the failure (-want +got):\n%s", diff)
		}
	}},
	{"mark sent records when", func(t *testing.T, s store.Store) {
		id := enqueue(t, s, message("m", chA, store.KindAnswer, "", at(0)))
		claim(t, s, at(0), 10)
		must(t, s.MarkSent(t.Context(), id, at(1)))
		got := messageByKey(t, s, "m")
		if got.Status != store.StatusSent || !got.SentAt.Equal(at(1)) || got.Attempts != 1 {
			t.Errorf("sent message = %+v", got)
		}
		if got := claim(t, s, at(100), 10); len(got) != 0 {
			t.Errorf("claimed %v after it was sent", got)
		}
	}},
	{"marking a finished message keeps what happened", func(t *testing.T, s store.Store) {
		// Each step finishes or re-marks the message id sent to ch.
		type step func(t *testing.T, id int64, ch brief.ChannelRef) error
		sent := func(t *testing.T, id int64, _ brief.ChannelRef) error { return s.MarkSent(t.Context(), id, at(5)) }
		retry := func(t *testing.T, id int64, _ brief.ChannelRef) error {
			return s.MarkRetry(t.Context(), id, at(6), "timeout")
		}
		failed := func(t *testing.T, id int64, _ brief.ChannelRef) error {
			return s.MarkFailed(t.Context(), id, "403", at(7))
		}
		cancelled := func(t *testing.T, _ int64, ch brief.ChannelRef) error {
			return s.DisableChannel(t.Context(), ch, "archived", at(4))
		}
		for _, tc := range []struct {
			name        string
			first, then step
			want        string
		}{
			{"retry after sent stays sent", sent, retry, store.StatusSent},
			{"failed after sent stays sent", sent, failed, store.StatusSent},
			{"retry after failed stays failed", failed, retry, store.StatusFailed},
			{"sent after failed is sent: the platform took it", failed, sent, store.StatusSent},
			{"retry after cancel stays cancelled", cancelled, retry, store.StatusCancelled},
			{"failed after cancel stays cancelled", cancelled, failed, store.StatusCancelled},
			{"sent after cancel is sent: it was delivered", cancelled, sent, store.StatusSent},
		} {
			t.Run(tc.name, func(t *testing.T) {
				ch := brief.ChannelRef{Platform: brief.PlatformConsole, ID: tc.name}
				id := enqueue(t, s, message(tc.name, ch, store.KindAnswer, "", at(0)))
				if got := claim(t, s, at(0), 100); !slices.Contains(got, tc.name) {
					t.Fatalf("claimed %v", got)
				}
				must(t, tc.first(t, id, ch))
				must(t, tc.then(t, id, ch))
				if got := messageByKey(t, s, tc.name); got.Status != tc.want {
					t.Errorf("status = %s, want %s", got.Status, tc.want)
				}
				if got := claim(t, s, at(1000), 100); slices.Contains(got, tc.name) {
					t.Errorf("finished message claimed again")
				}
			})
		}
	}},
	{"marking an unknown message is not found", func(t *testing.T, s store.Store) {
		enqueue(t, s, message("m", chA, store.KindAnswer, "", at(0)))
		const id = 1 << 40
		wantErr(t, s.MarkSent(t.Context(), id, at(1)), brief.ErrNotFound)
		wantErr(t, s.MarkRetry(t.Context(), id, at(1), "x"), brief.ErrNotFound)
		wantErr(t, s.MarkFailed(t.Context(), id, "x", at(1)), brief.ErrNotFound)
	}},
	{"messages filter by status, oldest first", func(t *testing.T, s store.Store) {
		ids := map[string]int64{}
		for i, key := range []string{"p1", "s1", "f1", "p2", "s2"} {
			ids[key] = enqueue(t, s, message(key, brief.ChannelRef{Platform: brief.PlatformConsole, ID: key}, store.KindNotice, "", at(i)))
		}
		claim(t, s, at(10), 10)
		must(t, s.MarkSent(t.Context(), ids["s2"], at(11)))
		must(t, s.MarkSent(t.Context(), ids["s1"], at(11)))
		must(t, s.MarkFailed(t.Context(), ids["f1"], "gone", at(11)))
		for status, want := range map[string][]string{
			"":                    {"p1", "s1", "f1", "p2", "s2"},
			store.StatusPending:   {"p1", "p2"},
			store.StatusSent:      {"s1", "s2"},
			store.StatusFailed:    {"f1"},
			store.StatusCancelled: nil,
		} {
			got, err := s.Messages(t.Context(), status)
			must(t, err)
			if diff := cmp.Diff(want, keys(got)); diff != "" {
				t.Errorf("messages %q (-want +got):\n%s", status, diff)
			}
		}
	}},
	{"concurrent claims never hand out a message twice", func(t *testing.T, s store.Store) {
		const channels, perChannel, workers = 6, 8, 4
		ids := map[int64]string{}
		for i := range perChannel {
			for c := range channels {
				ch := brief.ChannelRef{Platform: brief.PlatformTelegram, ID: fmt.Sprint(-100 - c)}
				key := fmt.Sprintf("%s#%d", ch, i)
				ids[enqueue(t, s, message(key, ch, store.KindAlert, "jcpoa", at(0)))] = ch.String()
			}
		}
		var mu sync.Mutex
		claims := map[int64]int{}
		perCh := map[string][]int64{}
		var wg sync.WaitGroup
		for range workers {
			wg.Go(func() {
				for range 10_000 {
					mu.Lock()
					done := len(claims) == len(ids)
					mu.Unlock()
					if done {
						return
					}
					got, err := s.ClaimDue(t.Context(), at(1), time.Hour, 3)
					if err != nil {
						t.Error(err)
						return
					}
					mu.Lock()
					for _, m := range got {
						claims[m.ID]++
						perCh[m.Channel.String()] = append(perCh[m.Channel.String()], m.ID)
					}
					mu.Unlock()
					for _, m := range got {
						if err := s.MarkSent(t.Context(), m.ID, at(2)); err != nil {
							t.Error(err)
							return
						}
					}
				}
				t.Error("workers gave up before every message was claimed")
			})
		}
		wg.Wait()
		for id, n := range claims {
			if n != 1 {
				t.Errorf("message %d (%s) claimed %d times", id, ids[id], n)
			}
		}
		if len(claims) != len(ids) {
			t.Errorf("claimed %d distinct messages, want %d", len(claims), len(ids))
		}
		for ch, got := range perCh {
			if !slices.IsSorted(got) {
				t.Errorf("channel %s received its messages out of order: %v", ch, got)
			}
		}
	}},
}
