package storetest

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"briefbot/brief"
	"briefbot/store"
)

var feedCases = []contractCase{
	{"feed state of an unpolled feed is not found", func(t *testing.T, s store.Store) {
		_, err := s.FeedState(t.Context(), feedA)
		wantErr(t, err, brief.ErrNotFound)
	}},
	{"saved feed state reads back", func(t *testing.T, s store.Store) {
		want := store.FeedState{
			URL: feedA, Title: "Wire A", ETag: `W/"5e-1"`, LastModified: "Sun, 01 Jun 2025 07:55:00 GMT",
			LastPoll: at(0), LastSuccess: at(0), NextPoll: at(15),
		}
		must(t, s.SaveFeedState(t.Context(), want))
		got, err := s.FeedState(t.Context(), feedA)
		must(t, err)
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("feed state (-want +got):\n%s", diff)
		}
	}},
	{"saving feed state replaces it", func(t *testing.T, s store.Store) {
		must(t, s.SaveFeedState(t.Context(), store.FeedState{URL: feedA, ETag: `"v1"`, LastPoll: at(0), LastSuccess: at(0)}))
		want := store.FeedState{
			URL: feedA, LastPoll: at(15), LastSuccess: at(0), LastError: "fetch: 503 Service Unavailable",
			Failures: 3, NextPoll: at(75), Paused: true,
		}
		must(t, s.SaveFeedState(t.Context(), want))
		got, err := s.FeedState(t.Context(), feedA)
		must(t, err)
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("feed state (-want +got):\n%s", diff)
		}
	}},
	{"feed states are ordered by URL", func(t *testing.T, s store.Store) {
		for _, u := range []string{feedC, feedA, feedB} {
			must(t, s.SaveFeedState(t.Context(), store.FeedState{URL: u, LastPoll: at(0)}))
		}
		all, err := s.FeedStates(t.Context())
		must(t, err)
		var got []string
		for _, st := range all {
			got = append(got, st.URL)
		}
		if diff := cmp.Diff([]string{feedA, feedB, feedC}, got); diff != "" {
			t.Errorf("URLs (-want +got):\n%s", diff)
		}
	}},
	{"run-time feeds read back ordered by URL", func(t *testing.T, s store.Store) {
		want := []store.FeedSpec{
			{URL: feedA, Title: "Wire A", Category: "wires", FullText: true, Interval: 90 * time.Minute, Added: at(0)},
			{URL: feedB, Title: "Daily B", Category: "press", Added: at(1)},
		}
		must(t, s.AddFeed(t.Context(), want[1]))
		must(t, s.AddFeed(t.Context(), want[0]))
		got, err := s.Feeds(t.Context())
		must(t, err)
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("feeds (-want +got):\n%s", diff)
		}
	}},
	{"adding a stored feed URL is a duplicate and keeps the first", func(t *testing.T, s store.Store) {
		first := store.FeedSpec{URL: feedA, Title: "Wire A", Added: at(0)}
		must(t, s.AddFeed(t.Context(), first))
		err := s.AddFeed(t.Context(), store.FeedSpec{URL: feedA, Title: "Other", Added: at(5)})
		wantErr(t, err, brief.ErrDuplicate)
		got, err := s.Feeds(t.Context())
		must(t, err)
		if diff := cmp.Diff([]store.FeedSpec{first}, got); diff != "" {
			t.Errorf("feeds (-want +got):\n%s", diff)
		}
	}},
	{"removing a feed deletes it and its state", func(t *testing.T, s store.Store) {
		must(t, s.AddFeed(t.Context(), store.FeedSpec{URL: feedA, Added: at(0)}))
		must(t, s.AddFeed(t.Context(), store.FeedSpec{URL: feedB, Added: at(0)}))
		must(t, s.SaveFeedState(t.Context(), store.FeedState{URL: feedA, LastPoll: at(1)}))
		must(t, s.RemoveFeed(t.Context(), feedA))
		got, err := s.Feeds(t.Context())
		must(t, err)
		if len(got) != 1 || got[0].URL != feedB {
			t.Errorf("feeds after removing %s: %+v", feedA, got)
		}
		_, err = s.FeedState(t.Context(), feedA)
		wantErr(t, err, brief.ErrNotFound)
	}},
	{"removing a feed that is not a run-time feed is not found and keeps its state", func(t *testing.T, s store.Store) {
		must(t, s.SaveFeedState(t.Context(), store.FeedState{URL: feedA, LastPoll: at(1)}))
		wantErr(t, s.RemoveFeed(t.Context(), feedA), brief.ErrNotFound)
		if _, err := s.FeedState(t.Context(), feedA); err != nil {
			t.Errorf("state of config feed: %v", err)
		}
	}},
}
