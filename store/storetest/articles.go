package storetest

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"briefbot/brief"
	"briefbot/store"
)

var articleCases = []contractCase{
	{"saved article reads back exactly", func(t *testing.T, s store.Store) {
		a := art("urn:a1", at(-30))
		a.Text = "Ünïcode — «quotes», emoji 🛰️ and a 'quote'; DROP TABLE articles;--"
		save(t, s, a, at(0), "jcpoa")
		got, err := s.Article(t.Context(), a.ID)
		must(t, err)
		if diff := cmp.Diff(a, got); diff != "" {
			t.Errorf("article (-want +got):\n%s", diff)
		}
		has, err := s.HasArticle(t.Context(), a.ID)
		must(t, err)
		if !has {
			t.Errorf("HasArticle(%s) = false after saving it", a.ID)
		}
	}},
	{"unknown article is not found", func(t *testing.T, s store.Store) {
		_, err := s.Article(t.Context(), "urn:nope")
		wantErr(t, err, brief.ErrNotFound)
		has, err := s.HasArticle(t.Context(), "urn:nope")
		must(t, err)
		if has {
			t.Error("HasArticle of an unknown ID = true")
		}
	}},
	{"article without matches is stored but is no story", func(t *testing.T, s store.Store) {
		a := art("urn:a1", at(0))
		save(t, s, a, at(0))
		if has, err := s.HasArticle(t.Context(), a.ID); err != nil || !has {
			t.Fatalf("HasArticle = %v, %v", has, err)
		}
		got, total, err := s.Stories(t.Context(), store.StoryQuery{TopicID: "jcpoa", Since: at(-60), Until: at(60)})
		must(t, err)
		if len(got) != 0 || total != 0 {
			t.Errorf("stories = %d, total %d; want none", len(got), total)
		}
	}},
	{"duplicate article records the second source", func(t *testing.T, s store.Store) {
		a := art("urn:a1", at(0))
		save(t, s, a, at(1), "jcpoa")
		again := from(a, feedB, "Daily B")
		again.Title = "A different headline"
		wantErr(t, s.SaveArticle(t.Context(), again, matches("jcpoa", "sco"), store.SaveOptions{Now: at(2)}), brief.ErrDuplicate)
		// The same feed again, and the first feed, add nothing.
		wantErr(t, s.SaveArticle(t.Context(), again, matches("jcpoa"), store.SaveOptions{Now: at(3)}), brief.ErrDuplicate)
		wantErr(t, s.SaveArticle(t.Context(), a, matches("jcpoa"), store.SaveOptions{Now: at(3)}), brief.ErrDuplicate)

		got, err := s.Article(t.Context(), a.ID)
		must(t, err)
		if diff := cmp.Diff(a, got); diff != "" {
			t.Errorf("the first copy must stay (-want +got):\n%s", diff)
		}
		stories, _, err := s.Stories(t.Context(), store.StoryQuery{TopicID: "jcpoa", Since: at(-60), Until: at(60)})
		must(t, err)
		want := []brief.Story{storyOf(a, "jcpoa", sourceOf(again))}
		if diff := cmp.Diff(want, stories); diff != "" {
			t.Errorf("stories (-want +got):\n%s", diff)
		}
		// The duplicate's matches are not recorded.
		sco, total, err := s.Stories(t.Context(), store.StoryQuery{TopicID: "sco", Since: at(-60), Until: at(60)})
		must(t, err)
		if len(sco) != 0 || total != 0 {
			t.Errorf("sco stories = %d, total %d; want none", len(sco), total)
		}
	}},
	{"recent articles are those fetched since, oldest first", func(t *testing.T, s store.Store) {
		var all []brief.Article
		for i, id := range []string{"urn:d", "urn:c", "urn:b", "urn:a"} {
			a := art(id, at(-10*i))
			a.Fetched = at(-i)
			all = append(all, a)
			save(t, s, a, at(0), "jcpoa")
		}
		got, err := s.RecentArticles(t.Context(), at(-2))
		must(t, err)
		want := []brief.Article{all[2], all[1], all[0]} // fetched at -2, -1, 0
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("recent articles (-want +got):\n%s", diff)
		}
		// One at a time, in the same order; an error from the callback
		// ends the scan and comes back.
		var each []brief.Article
		must(t, s.EachRecentArticle(t.Context(), at(-2), func(a brief.Article) error {
			each = append(each, a)
			return nil
		}))
		if diff := cmp.Diff(want, each); diff != "" {
			t.Errorf("each recent article (-want +got):\n%s", diff)
		}
		stop := errors.New("enough")
		n := 0
		err = s.EachRecentArticle(t.Context(), at(-2), func(brief.Article) error {
			n++
			return stop
		})
		if !errors.Is(err, stop) || n != 1 {
			t.Errorf("a callback's error: scan returned %v after %d articles, want %v after 1", err, n, stop)
		}
	}},
}

// window is a query over the whole of the suite's hours around t0.
func window(topic string) store.StoryQuery {
	return store.StoryQuery{TopicID: topic, Since: at(-24 * 60), Until: at(24 * 60)}
}

func storyIDs(stories []brief.Story) []string {
	var out []string
	for _, st := range stories {
		out = append(out, st.Article.ID)
	}
	return out
}

var storyCases = []contractCase{
	{"stories are newest first by published then ID", func(t *testing.T, s store.Store) {
		save(t, s, art("urn:a", at(0)), at(0), "jcpoa")
		save(t, s, art("urn:b", at(0)), at(0), "jcpoa")
		save(t, s, art("urn:c", at(-60)), at(0), "jcpoa")
		save(t, s, art("urn:d", at(60)), at(0), "jcpoa")
		got, total, err := s.Stories(t.Context(), window("jcpoa"))
		must(t, err)
		if diff := cmp.Diff([]string{"urn:d", "urn:b", "urn:a", "urn:c"}, storyIDs(got)); diff != "" {
			t.Errorf("order (-want +got):\n%s", diff)
		}
		if total != 4 {
			t.Errorf("total = %d, want 4", total)
		}
	}},
	{"story window includes since and excludes until", func(t *testing.T, s store.Store) {
		since, until := at(0), at(60)
		for id, p := range map[string]time.Time{
			"urn:before": since.Add(-time.Microsecond),
			"urn:since":  since,
			"urn:last":   until.Add(-time.Microsecond),
			"urn:until":  until,
		} {
			save(t, s, art(id, p), at(0), "jcpoa")
		}
		got, total, err := s.Stories(t.Context(), store.StoryQuery{TopicID: "jcpoa", Since: since, Until: until})
		must(t, err)
		if diff := cmp.Diff([]string{"urn:last", "urn:since"}, storyIDs(got)); diff != "" {
			t.Errorf("stories (-want +got):\n%s", diff)
		}
		if total != 2 {
			t.Errorf("total = %d, want 2", total)
		}
	}},
	{"stories page through the window with the total", func(t *testing.T, s store.Store) {
		ids := []string{"urn:5", "urn:4", "urn:3", "urn:2", "urn:1"} // newest first
		for i, id := range ids {
			save(t, s, art(id, at(-i)), at(0), "jcpoa")
		}
		for _, tc := range []struct {
			name          string
			limit, offset int
			want          []string
		}{
			{"first page", 2, 0, ids[0:2]},
			{"middle page", 2, 2, ids[2:4]},
			{"last short page", 2, 4, ids[4:5]},
			{"past the end", 2, 6, nil},
			{"zero limit means all", 0, 0, ids},
			{"negative limit means all", -1, 1, ids[1:]},
		} {
			t.Run(tc.name, func(t *testing.T) {
				q := window("jcpoa")
				q.Limit, q.Offset = tc.limit, tc.offset
				got, total, err := s.Stories(t.Context(), q)
				must(t, err)
				if diff := cmp.Diff(tc.want, storyIDs(got)); diff != "" {
					t.Errorf("page (-want +got):\n%s", diff)
				}
				if total != len(ids) {
					t.Errorf("total = %d, want %d", total, len(ids))
				}
			})
		}
	}},
	{"stories carry the topic's match with hits and summary", func(t *testing.T, s store.Store) {
		a := art("urn:a", at(0))
		jcpoa := match("jcpoa")
		sco := brief.Match{TopicID: "sco", Score: 1.5, Hits: []brief.Hit{{Term: "SCO", Found: "SCO", Field: "text", Offset: 3}}}
		must(t, s.SaveArticle(t.Context(), a, []brief.Match{jcpoa, sco}, store.SaveOptions{Now: at(0)}))
		jcpoa.ArticleID, sco.ArticleID = a.ID, a.ID
		for topic, want := range map[string][]brief.Story{
			"jcpoa":       {{Article: a, Match: jcpoa}},
			"sco":         {{Article: a, Match: sco}},
			"iran-russia": nil,
		} {
			got, total, err := s.Stories(t.Context(), window(topic))
			must(t, err)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("%s stories (-want +got):\n%s", topic, diff)
			}
			if total != len(want) {
				t.Errorf("%s total = %d, want %d", topic, total, len(want))
			}
		}
	}},
	{"near duplicates appear in their original's also-in", func(t *testing.T, s store.Store) {
		orig := art("urn:orig", at(0))
		save(t, s, orig, at(1), "jcpoa")
		viaB := from(orig, feedB, "Daily B")
		wantErr(t, s.SaveArticle(t.Context(), viaB, matches("jcpoa"), store.SaveOptions{Now: at(2)}), brief.ErrDuplicate)
		dupC := from(art("urn:dup-c", at(10)), feedC, "Agency C")
		dupC.DuplicateOf = orig.ID
		save(t, s, dupC, at(11), "jcpoa")
		// The first feed carried a near duplicate too: listed once, as the article's own.
		dupA := art("urn:dup-a", at(20))
		dupA.DuplicateOf = orig.ID
		save(t, s, dupA, at(21), "jcpoa")
		// A near duplicate that matched another topic still shows where the story ran.
		dupB := from(art("urn:dup-b2", at(30)), "https://d.example/rss", "Outlet D")
		dupB.DuplicateOf = orig.ID
		save(t, s, dupB, at(31), "sco")

		got, total, err := s.Stories(t.Context(), window("jcpoa"))
		must(t, err)
		want := []brief.Story{storyOf(orig, "jcpoa", sourceOf(viaB), sourceOf(dupC), sourceOf(dupB))}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("stories (-want +got):\n%s", diff)
		}
		if total != 1 {
			t.Errorf("total = %d, want 1", total)
		}
	}},
	{"near duplicate whose original does not match the topic is its own story", func(t *testing.T, s store.Store) {
		orig := art("urn:orig", at(0))
		save(t, s, orig, at(1), "sco")
		dup := from(art("urn:dup", at(10)), feedB, "Daily B")
		dup.DuplicateOf = orig.ID
		save(t, s, dup, at(11), "sco", "jcpoa")

		got, _, err := s.Stories(t.Context(), window("jcpoa"))
		must(t, err)
		if diff := cmp.Diff([]brief.Story{storyOf(dup, "jcpoa")}, got); diff != "" {
			t.Errorf("jcpoa stories (-want +got):\n%s", diff)
		}
		got, _, err = s.Stories(t.Context(), window("sco"))
		must(t, err)
		if diff := cmp.Diff([]brief.Story{storyOf(orig, "sco", sourceOf(dup))}, got); diff != "" {
			t.Errorf("sco stories (-want +got):\n%s", diff)
		}
	}},
	{"near duplicate of an original outside the window stays folded", func(t *testing.T, s store.Store) {
		orig := art("urn:orig", at(-120))
		save(t, s, orig, at(0), "jcpoa")
		dup := from(art("urn:dup", at(10)), feedB, "Daily B")
		dup.DuplicateOf = orig.ID
		save(t, s, dup, at(11), "jcpoa")
		got, total, err := s.Stories(t.Context(), store.StoryQuery{TopicID: "jcpoa", Since: at(0), Until: at(60)})
		must(t, err)
		if len(got) != 0 || total != 0 {
			t.Errorf("stories %v, total %d; want none: the story ran in an earlier window", storyIDs(got), total)
		}
	}},
	{"stories by ID follow the given order and skip the rest", func(t *testing.T, s store.Store) {
		a, b, c, d := art("urn:a", at(0)), art("urn:b", at(1)), art("urn:c", at(2)), art("urn:d", at(3))
		save(t, s, a, at(5), "jcpoa")
		save(t, s, b, at(5), "jcpoa")
		save(t, s, c, at(5), "jcpoa")
		save(t, s, d, at(5), "sco")
		viaB := from(a, feedB, "Daily B")
		wantErr(t, s.SaveArticle(t.Context(), viaB, nil, store.SaveOptions{Now: at(6)}), brief.ErrDuplicate)

		got, err := s.StoriesByID(t.Context(), "jcpoa", []string{c.ID, "urn:missing", a.ID, d.ID, c.ID})
		must(t, err)
		want := []brief.Story{storyOf(c, "jcpoa"), storyOf(a, "jcpoa", sourceOf(viaB))}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("stories (-want +got):\n%s", diff)
		}
		none, err := s.StoriesByID(t.Context(), "jcpoa", nil)
		must(t, err)
		if len(none) != 0 {
			t.Errorf("stories for no IDs: %v", storyIDs(none))
		}
	}},
}
