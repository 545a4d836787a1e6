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

// Two pollers, as two replicas name themselves.
const (
	pollerA = "replica-a"
	pollerB = "replica-b"
)

// feedLease is how long the cases lease a feed: five minutes of the
// suite's clock.
const feedLease = 5 * time.Minute

// claimFeeds claims for owner at now and returns the claimed URLs in the
// order given, with the leases.
func claimFeeds(t *testing.T, s store.Store, owner string, now time.Time, limit int) ([]string, []store.FeedLease) {
	t.Helper()
	ls, err := s.ClaimFeeds(t.Context(), owner, now, feedLease, limit)
	must(t, err)
	var urls []string
	for _, l := range ls {
		urls = append(urls, l.State.URL)
		if l.Owner != owner || l.Token == 0 || !l.Until.Equal(now.Add(feedLease)) {
			t.Errorf("lease on %s: owner %q token %d until %v; want owner %q, a token, until %v",
				l.State.URL, l.Owner, l.Token, l.Until, owner, now.Add(feedLease))
		}
	}
	return urls, ls
}

// polled is the state a poll at now leaves: validators from the
// publisher and the next poll an interval away.
func polled(st store.FeedState, etag string, now time.Time) store.FeedState {
	st.ETag, st.LastPoll, st.LastSuccess, st.NextPoll = etag, now, now, now.Add(15*time.Minute)
	return st
}

var leaseCases = []contractCase{
	{"ensured feeds are due at once and an existing state is kept", func(t *testing.T, s store.Store) {
		kept := store.FeedState{URL: feedA, ETag: `"v1"`, LastPoll: at(0), LastSuccess: at(0), NextPoll: at(15)}
		must(t, s.SaveFeedState(t.Context(), kept))
		must(t, s.EnsureFeeds(t.Context(), []string{feedA, feedB}))
		must(t, s.EnsureFeeds(t.Context(), []string{feedB})) // again: nothing changes
		got, err := s.FeedState(t.Context(), feedA)
		must(t, err)
		if diff := cmp.Diff(kept, got); diff != "" {
			t.Errorf("state of a feed that had one (-want +got):\n%s", diff)
		}
		got, err = s.FeedState(t.Context(), feedB)
		must(t, err)
		if diff := cmp.Diff(store.FeedState{URL: feedB}, got); diff != "" {
			t.Errorf("state of a new feed (-want +got):\n%s", diff)
		}
		urls, _ := claimFeeds(t, s, pollerA, at(1), 10)
		if diff := cmp.Diff([]string{feedB}, urls); diff != "" {
			t.Errorf("claimed at 08:01 (-want +got):\n%s", diff)
		}
	}},
	{"two pollers claim disjoint feeds, most overdue first", func(t *testing.T, s store.Store) {
		must(t, s.EnsureFeeds(t.Context(), []string{feedA, feedB, feedC}))
		// C has waited longest, then A; B is new.
		must(t, s.SaveFeedState(t.Context(), store.FeedState{URL: feedA, NextPoll: at(-5)}))
		must(t, s.SaveFeedState(t.Context(), store.FeedState{URL: feedB, NextPoll: at(0)}))
		must(t, s.SaveFeedState(t.Context(), store.FeedState{URL: feedC, NextPoll: at(-10)}))
		a, _ := claimFeeds(t, s, pollerA, at(0), 2)
		b, _ := claimFeeds(t, s, pollerB, at(0), 2)
		again, _ := claimFeeds(t, s, pollerA, at(1), 2)
		if diff := cmp.Diff([]string{feedC, feedA}, a); diff != "" {
			t.Errorf("first poller's claim (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff([]string{feedB}, b); diff != "" {
			t.Errorf("second poller's claim (-want +got):\n%s", diff)
		}
		if len(again) != 0 {
			t.Errorf("claim while every feed is leased = %v, want none", again)
		}
	}},
	{"paused and not yet due feeds are never claimed", func(t *testing.T, s store.Store) {
		must(t, s.SaveFeedState(t.Context(), store.FeedState{URL: feedA, NextPoll: at(30)}))
		must(t, s.SaveFeedState(t.Context(), store.FeedState{URL: feedB, Failures: 10, Paused: true}))
		must(t, s.SaveFeedState(t.Context(), store.FeedState{URL: feedC, NextPoll: at(0)}))
		for _, c := range []struct {
			minute int
			want   []string
		}{
			{10, []string{feedC}},
			{14, nil},                    // C is leased, A not due
			{30, []string{feedC, feedA}}, // C's lease ended unsaved: due again
			{24 * 60, []string{feedC, feedA}},
		} {
			got, _ := claimFeeds(t, s, pollerA, at(c.minute), 10)
			if diff := cmp.Diff(c.want, got); diff != "" {
				t.Errorf("claimed at minute %d (-want +got):\n%s", c.minute, diff)
			}
		}
	}},
	{"an ended lease is taken over and the old owner's save is refused", func(t *testing.T, s store.Store) {
		must(t, s.EnsureFeeds(t.Context(), []string{feedA}))
		_, old := claimFeeds(t, s, pollerA, at(0), 1)
		if len(old) != 1 {
			t.Fatalf("first claim got %d leases, want 1", len(old))
		}
		// The lease runs until 08:05: nobody may take it before.
		if got, _ := claimFeeds(t, s, pollerB, at(4), 1); len(got) != 0 {
			t.Errorf("claim at 08:04, while the lease runs: %v, want none", got)
		}
		got, taken := claimFeeds(t, s, pollerB, at(5), 1)
		if diff := cmp.Diff([]string{feedA}, got); diff != "" {
			t.Fatalf("claim at 08:05, when the lease ended (-want +got):\n%s", diff)
		}
		newer := polled(taken[0].State, `"new"`, at(6))
		must(t, s.SaveLeasedFeedState(t.Context(), taken[0], newer))
		// The first owner finishes late; its state must not replace the newer one.
		err := s.SaveLeasedFeedState(t.Context(), old[0], polled(old[0].State, `"stale"`, at(7)))
		wantErr(t, err, brief.ErrNotFound)
		st, err := s.FeedState(t.Context(), feedA)
		must(t, err)
		if diff := cmp.Diff(newer, st); diff != "" {
			t.Errorf("state after the stale save (-want +got):\n%s", diff)
		}
	}},
	{"a stale owner cannot save while the new owner still polls", func(t *testing.T, s store.Store) {
		must(t, s.EnsureFeeds(t.Context(), []string{feedA}))
		_, old := claimFeeds(t, s, pollerA, at(0), 1)
		_, taken := claimFeeds(t, s, pollerB, at(6), 1)
		if len(old) != 1 || len(taken) != 1 {
			t.Fatalf("claims got %d and %d leases, want 1 and 1", len(old), len(taken))
		}
		wantErr(t, s.SaveLeasedFeedState(t.Context(), old[0], polled(old[0].State, `"stale"`, at(7))), brief.ErrNotFound)
		// The same owner claiming again holds a new lease: its old one is void too.
		_, mine := claimFeeds(t, s, pollerB, at(12), 1)
		if len(mine) != 1 {
			t.Fatalf("claim after the second lease ended got %d leases, want 1", len(mine))
		}
		wantErr(t, s.SaveLeasedFeedState(t.Context(), taken[0], polled(taken[0].State, `"late"`, at(13))), brief.ErrNotFound)
		want := polled(mine[0].State, `"current"`, at(13))
		must(t, s.SaveLeasedFeedState(t.Context(), mine[0], want))
		st, err := s.FeedState(t.Context(), feedA)
		must(t, err)
		if diff := cmp.Diff(want, st); diff != "" {
			t.Errorf("state (-want +got):\n%s", diff)
		}
	}},
	{"an ended lease nobody took still saves, and a save ends the lease", func(t *testing.T, s store.Store) {
		must(t, s.EnsureFeeds(t.Context(), []string{feedA}))
		_, ls := claimFeeds(t, s, pollerA, at(0), 1)
		if len(ls) != 1 {
			t.Fatalf("claim got %d leases, want 1", len(ls))
		}
		// Saved after the lease ended (a slow poll), due again at once
		// (a publisher's Retry-After of 0, say).
		st := polled(ls[0].State, `"v2"`, at(9))
		st.NextPoll = at(9)
		must(t, s.SaveLeasedFeedState(t.Context(), ls[0], st))
		got, err := s.FeedState(t.Context(), feedA)
		must(t, err)
		if diff := cmp.Diff(st, got); diff != "" {
			t.Errorf("state (-want +got):\n%s", diff)
		}
		// The save ended the lease: the feed is claimable the moment it is due.
		if urls, _ := claimFeeds(t, s, pollerB, at(9), 1); !slices.Equal(urls, []string{feedA}) {
			t.Errorf("claim right after the save = %v, want %v", urls, []string{feedA})
		}
	}},
	{"concurrent claims lease each feed to one poller", func(t *testing.T, s store.Store) {
		var urls []string
		for i := range 30 {
			urls = append(urls, fmt.Sprintf("https://f%02d.example/rss", i))
		}
		must(t, s.EnsureFeeds(t.Context(), urls))
		var (
			mu     sync.Mutex
			owners = map[string][]string{}
			wg     sync.WaitGroup
		)
		for _, owner := range []string{pollerA, pollerB, "replica-c"} {
			wg.Go(func() {
				for {
					ls, err := s.ClaimFeeds(t.Context(), owner, at(0), feedLease, 2)
					if err != nil {
						t.Errorf("%s: %v", owner, err)
						return
					}
					if len(ls) == 0 {
						return
					}
					mu.Lock()
					for _, l := range ls {
						owners[l.State.URL] = append(owners[l.State.URL], owner)
					}
					mu.Unlock()
				}
			})
		}
		wg.Wait()
		for _, u := range urls {
			if len(owners[u]) != 1 {
				t.Errorf("%s was claimed by %v, want exactly one poller", u, owners[u])
			}
		}
	}},
}
