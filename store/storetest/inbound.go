package storetest

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"briefbot/brief"
	"briefbot/store"
)

// inbound is a Slack request taken at the given minute.
func inbound(key string, minute int) store.Inbound {
	return store.Inbound{Platform: brief.PlatformSlack, Key: key,
		Payload: []byte(`{"ID":"` + key + `","Text":"brief jcpoa"}`), Received: at(minute)}
}

// take records in, leased for a minute and forgetting nothing from the
// last day, and returns whether it was new.
func take(t *testing.T, s store.Store, in store.Inbound) bool {
	t.Helper()
	ok, err := s.TakeInbound(t.Context(), in, in.Received.Add(time.Minute), in.Received.Add(-24*time.Hour))
	must(t, err)
	return ok
}

func inboundKeys(ins []store.Inbound) []string {
	var out []string
	for _, in := range ins {
		out = append(out, in.Key)
	}
	return out
}

var inboundCases = []contractCase{
	{"a request is taken once: a replay of its key is not new", func(t *testing.T, s store.Store) {
		if !take(t, s, inbound("cmd:T1", 0)) {
			t.Fatal("first take reported the request as seen")
		}
		replay := inbound("cmd:T1", 2)
		replay.Payload = []byte(`{"replayed":true}`)
		if take(t, s, replay) {
			t.Error("a replay of the same key was taken as new")
		}
		// Keys belong to their platform: a Telegram update may carry the
		// same text as a Slack trigger ID.
		other := inbound("cmd:T1", 2)
		other.Platform = brief.PlatformTelegram
		if !take(t, s, other) {
			t.Error("the same key on another platform was refused")
		}
		// The replay wrote nothing: the first payload is what a claim sees.
		got, err := s.ClaimInbound(t.Context(), brief.PlatformSlack, at(5), time.Minute, 10)
		must(t, err)
		if diff := cmp.Diff([]store.Inbound{inbound("cmd:T1", 0)}, got); diff != "" {
			t.Errorf("claimed (-want +got):\n%s", diff)
		}
	}},
	{"a finished request is never claimed and its key still refuses a replay", func(t *testing.T, s store.Store) {
		take(t, s, inbound("cmd:T1", 0))
		must(t, s.FinishInbound(t.Context(), brief.PlatformSlack, "cmd:T1", at(0)))
		must(t, s.FinishInbound(t.Context(), brief.PlatformSlack, "cmd:T1", at(1))) // twice is harmless
		got, err := s.ClaimInbound(t.Context(), brief.PlatformSlack, at(60), time.Minute, 10)
		must(t, err)
		if len(got) != 0 {
			t.Errorf("claimed finished requests %v", inboundKeys(got))
		}
		if take(t, s, inbound("cmd:T1", 30)) {
			t.Error("a replay of a served request was taken as new")
		}
		wantErr(t, s.FinishInbound(t.Context(), brief.PlatformSlack, "cmd:unknown", at(1)), brief.ErrNotFound)
	}},
	{"an unfinished request is claimed once its taker's lease ends, by one claimer at a time", func(t *testing.T, s store.Store) {
		take(t, s, inbound("event:E2", 1)) // leased until minute 2
		take(t, s, inbound("cmd:T1", 0))   // leased until minute 1
		take(t, s, inbound("cmd:T3", 5))   // leased until minute 6
		tg := inbound("tg:1", 0)
		tg.Platform = brief.PlatformTelegram
		take(t, s, tg)

		got, err := s.ClaimInbound(t.Context(), brief.PlatformSlack, at(0), time.Minute, 10)
		must(t, err)
		if len(got) != 0 {
			t.Fatalf("claimed %v while their takers held them", inboundKeys(got))
		}
		got, err = s.ClaimInbound(t.Context(), brief.PlatformSlack, at(2), 5*time.Minute, 10)
		must(t, err)
		if diff := cmp.Diff([]string{"cmd:T1", "event:E2"}, inboundKeys(got)); diff != "" {
			t.Fatalf("claim at minute 2, oldest first (-want +got):\n%s", diff)
		}
		got, err = s.ClaimInbound(t.Context(), brief.PlatformSlack, at(6), 5*time.Minute, 1)
		must(t, err)
		if diff := cmp.Diff([]string{"cmd:T3"}, inboundKeys(got)); diff != "" {
			t.Errorf("claim at minute 6, limit 1 (-want +got):\n%s", diff)
		}
		// The claimer of T1 crashed too: its lease ends at minute 7.
		must(t, s.FinishInbound(t.Context(), brief.PlatformSlack, "event:E2", at(3)))
		got, err = s.ClaimInbound(t.Context(), brief.PlatformSlack, at(7), time.Minute, 10)
		must(t, err)
		if diff := cmp.Diff([]string{"cmd:T1"}, inboundKeys(got)); diff != "" {
			t.Errorf("claim at minute 7 (-want +got):\n%s", diff)
		}
		got, err = s.ClaimInbound(t.Context(), brief.PlatformTelegram, at(7), time.Minute, 10)
		must(t, err)
		if diff := cmp.Diff([]string{"tg:1"}, inboundKeys(got)); diff != "" {
			t.Errorf("claim on Telegram (-want +got):\n%s", diff)
		}
		got, err = s.ClaimInbound(t.Context(), brief.PlatformSlack, at(7), time.Minute, 0)
		must(t, err)
		if len(got) != 0 {
			t.Errorf("limit 0 claimed %v", inboundKeys(got))
		}
		_, err = s.ClaimInbound(t.Context(), brief.PlatformSlack, at(7), 0, 10)
		if err == nil {
			t.Error("a claim with no lease succeeded")
		}
	}},
	{"records received before the forget time are deleted, so their keys are new again", func(t *testing.T, s store.Store) {
		take(t, s, inbound("cmd:old", 0))
		take(t, s, inbound("cmd:recent", 50))
		must(t, s.FinishInbound(t.Context(), brief.PlatformSlack, "cmd:recent", at(50)))
		ok, err := s.TakeInbound(t.Context(), inbound("cmd:new", 60), at(61), at(30))
		must(t, err)
		if !ok {
			t.Fatal("a new key was refused")
		}
		if take(t, s, inbound("cmd:recent", 60)) {
			t.Error("a key inside the window was forgotten")
		}
		if !take(t, s, inbound("cmd:old", 60)) {
			t.Error("a key older than the forget time still refuses a replay")
		}
		// The forgotten one was never served, yet no claim sees the old copy.
		got, err := s.ClaimInbound(t.Context(), brief.PlatformSlack, at(62), time.Minute, 10)
		must(t, err)
		want := []store.Inbound{inbound("cmd:new", 60), inbound("cmd:old", 60)}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("claimed (-want +got):\n%s", diff)
		}
	}},
	{"an inbound record needs a platform and a key", func(t *testing.T, s store.Store) {
		for _, in := range []store.Inbound{{Key: "cmd:T1", Received: at(0)}, {Platform: brief.PlatformSlack, Received: at(0)}} {
			if _, err := s.TakeInbound(t.Context(), in, at(1), at(-10)); err == nil {
				t.Errorf("took %+v", in)
			}
		}
	}},
}
