package storetest

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"briefbot/brief"
	"briefbot/store"
)

// saveIn stores an article in the given story, as ingest does after
// clustering.
func saveIn(t *testing.T, s store.Store, a brief.Article, story string, now time.Time, topics ...string) {
	t.Helper()
	must(t, s.SaveArticle(t.Context(), a, matches(topics...), store.SaveOptions{Now: now, Story: story}))
}

var clusterCases = []contractCase{
	{"a story records its articles, outlets, times and topics", func(t *testing.T, s store.Store) {
		first := art("urn:first", at(0))
		second := from(art("urn:second", at(30)), feedB, "Daily B")
		third := from(art("urn:third", at(-10)), feedC, "Agency C") // published earlier, stored later: listed too
		saveIn(t, s, first, first.ID, at(1), "jcpoa")
		saveIn(t, s, second, first.ID, at(31), "sco")
		saveIn(t, s, third, first.ID, at(40), "jcpoa")
		// The first feed carries the second article too: one outlet, listed once.
		wantErr(t, s.SaveArticle(t.Context(), from(second, feedA, "Wire A"), nil,
			store.SaveOptions{Now: at(41), Story: first.ID}), brief.ErrDuplicate)
		saveIn(t, s, art("urn:other", at(5)), "urn:other", at(6), "jcpoa")

		got, err := s.Story(t.Context(), first.ID)
		must(t, err)
		want := store.StoryRecord{
			ID:         first.ID,
			ArticleIDs: []string{third.ID, first.ID, second.ID},
			Outlets:    []brief.Source{sourceOf(first), sourceOf(second), sourceOf(third)},
			First:      at(-10), Last: at(30),
			Topics: []string{"jcpoa", "sco"},
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("story (-want +got):\n%s", diff)
		}
	}},
	{"an unknown story is not found", func(t *testing.T, s store.Store) {
		_, err := s.Story(t.Context(), "urn:nope")
		wantErr(t, err, brief.ErrNotFound)
	}},
	{"a story of several outlets is listed once, under its first article on the topic", func(t *testing.T, s store.Store) {
		lead := art("urn:lead", at(0))
		other := from(art("urn:other-outlet", at(20)), feedB, "Daily B")
		other.Title = "A different headline on the same event"
		late := from(art("urn:late", at(40)), feedC, "Agency C")
		saveIn(t, s, lead, lead.ID, at(1), "jcpoa")
		saveIn(t, s, other, lead.ID, at(21), "jcpoa")
		saveIn(t, s, late, lead.ID, at(41), "sco") // in the story, not on the topic
		apart := art("urn:apart", at(10))
		saveIn(t, s, apart, apart.ID, at(11), "jcpoa")

		got, total, err := s.Stories(t.Context(), window("jcpoa"))
		must(t, err)
		want := []brief.Story{storyOf(apart, "jcpoa"), storyOf(lead, "jcpoa", sourceOf(other), sourceOf(late))}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("stories (-want +got):\n%s", diff)
		}
		if total != 2 {
			t.Errorf("total = %d, want 2", total)
		}
		// On sco the story's first article on the topic stands for it.
		got, _, err = s.Stories(t.Context(), window("sco"))
		must(t, err)
		if diff := cmp.Diff([]brief.Story{storyOf(late, "sco")}, got); diff != "" {
			t.Errorf("sco stories (-want +got):\n%s", diff)
		}
	}},
	{"the first report stored stands for its story, as in its alert", func(t *testing.T, s store.Store) {
		later := art("urn:later", at(30))
		earlier := from(art("urn:earlier", at(5)), feedB, "Daily B") // published earlier, stored later: listed too
		saveIn(t, s, later, later.ID, at(31), "jcpoa")
		saveIn(t, s, earlier, later.ID, at(32), "jcpoa")
		got, total, err := s.Stories(t.Context(), window("jcpoa"))
		must(t, err)
		if diff := cmp.Diff([]brief.Story{storyOf(later, "jcpoa", sourceOf(earlier))}, got); diff != "" {
			t.Errorf("stories (-want +got):\n%s", diff)
		}
		if total != 1 {
			t.Errorf("total = %d, want 1", total)
		}
		// The story is in the window of that report only.
		got, total, err = s.Stories(t.Context(), store.StoryQuery{TopicID: "jcpoa", Since: at(0), Until: at(20)})
		must(t, err)
		if len(got) != 0 || total != 0 {
			t.Errorf("stories %v, total %d; want none", storyIDs(got), total)
		}
	}},
	{"pruning a story's articles removes the story", func(t *testing.T, s store.Store) {
		old := art("urn:old", at(-300))
		kept := from(art("urn:kept", at(0)), feedB, "Daily B")
		saveIn(t, s, old, old.ID, at(-299), "jcpoa")
		saveIn(t, s, kept, kept.ID, at(1), "jcpoa")
		_, err := s.Prune(t.Context(), at(-100))
		must(t, err)
		_, err = s.Story(t.Context(), old.ID)
		wantErr(t, err, brief.ErrNotFound)
		got, total, err := s.Stories(t.Context(), window("jcpoa"))
		must(t, err)
		if diff := cmp.Diff([]string{kept.ID}, storyIDs(got)); diff != "" || total != 1 {
			t.Errorf("stories after prune (-want +got):\n%s\ntotal %d, want 1", diff, total)
		}
	}},
	{"a story alerts once per topic", func(t *testing.T, s store.Store) {
		subscribe(t, s, chA, "jcpoa", brief.ModeAlerts)
		subscribe(t, s, chA, "sco", brief.ModeAlerts)
		lead := art("urn:lead", at(0))
		saveIn(t, s, lead, lead.ID, at(1), "jcpoa")
		second := from(art("urn:second", at(5)), feedB, "Daily B")
		saveIn(t, s, second, lead.ID, at(6), "jcpoa", "sco") // new on sco only
		apart := art("urn:apart", at(7))
		saveIn(t, s, apart, apart.ID, at(8), "jcpoa")
		got := map[string][]string{}
		for _, b := range dueBatches(t, s, at(60)) {
			got[b.TopicID] = append(got[b.TopicID], b.ArticleIDs...)
		}
		want := map[string][]string{"jcpoa": {lead.ID, apart.ID}, "sco": {second.ID}}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("queued alerts (-want +got):\n%s", diff)
		}
	}},
	{"the cluster state reads back as saved", func(t *testing.T, s store.Store) {
		_, _, err := s.ClusterState(t.Context())
		wantErr(t, err, brief.ErrNotFound)
		must(t, s.SaveClusterState(t.Context(), at(5), []byte("first\x00state")))
		must(t, s.SaveClusterState(t.Context(), at(10), []byte(`{"second":"state"}`)))
		saved, state, err := s.ClusterState(t.Context())
		must(t, err)
		if !saved.Equal(at(10)) || string(state) != `{"second":"state"}` {
			t.Errorf("cluster state = %s, %q; want %s and the second state", saved, state, at(10))
		}
	}},
}
