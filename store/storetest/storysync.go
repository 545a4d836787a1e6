package storetest

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"briefbot/brief"
	"briefbot/store"
)

var storySyncCases = []contractCase{
	{"articles are read back in the order they were stored, with their story", func(t *testing.T, s store.Store) {
		last, err := s.LastArticleSeq(t.Context())
		must(t, err)
		if last != 0 {
			t.Fatalf("LastArticleSeq of an empty store = %d, want 0", last)
		}
		first := art("urn:first", at(0))
		copied := from(art("urn:copy", at(-5)), feedB, "Daily B") // published earlier, stored later
		other := art("urn:other", at(2))
		saveIn(t, s, first, first.ID, at(1), "jcpoa")
		saveIn(t, s, copied, first.ID, at(2), "jcpoa")
		// Another feed carrying a stored article is no article stored.
		wantErr(t, s.SaveArticle(t.Context(), from(first, feedC, "Agency C"), nil,
			store.SaveOptions{Now: at(3), Story: first.ID}), brief.ErrDuplicate)
		saveIn(t, s, other, other.ID, at(4))

		all, err := s.ArticlesAfter(t.Context(), 0, 10)
		must(t, err)
		type row struct{ ID, Story string }
		var got []row
		for i, sa := range all {
			got = append(got, row{sa.Article.ID, sa.Story})
			if i > 0 && sa.Seq <= all[i-1].Seq {
				t.Errorf("position of %s = %d, not after %s's %d", sa.Article.ID, sa.Seq, all[i-1].Article.ID, all[i-1].Seq)
			}
		}
		want := []row{{first.ID, first.ID}, {copied.ID, first.ID}, {other.ID, other.ID}}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("ArticlesAfter(0) (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff(copied, all[1].Article); diff != "" {
			t.Errorf("article as read back (-want +got):\n%s", diff)
		}

		rest, err := s.ArticlesAfter(t.Context(), all[0].Seq, 1)
		must(t, err)
		if len(rest) != 1 || rest[0].Article.ID != copied.ID {
			t.Errorf("ArticlesAfter(first, limit 1) = %v, want only %s", rest, copied.ID)
		}
		last, err = s.LastArticleSeq(t.Context())
		must(t, err)
		if last < all[2].Seq {
			t.Errorf("LastArticleSeq = %d, before the last article's %d", last, all[2].Seq)
		}
		none, err := s.ArticlesAfter(t.Context(), last, 10)
		must(t, err)
		if len(none) != 0 {
			t.Errorf("ArticlesAfter(LastArticleSeq) = %v, want none", none)
		}
	}},
	{"a near duplicate stored before its original alerts once for their story", func(t *testing.T, s store.Store) {
		// Two polls store copies of one story at once: the copy the
		// clusterer named a near duplicate commits first.
		subscribe(t, s, chA, "jcpoa", brief.ModeAlerts)
		dup := from(art("urn:dup", at(0)), feedB, "Daily B")
		dup.DuplicateOf = "urn:orig"
		saveIn(t, s, dup, "urn:orig", at(1), "jcpoa")
		saveIn(t, s, art("urn:orig", at(0)), "urn:orig", at(2), "jcpoa")
		want := []store.AlertBatch{{Channel: chA, TopicID: "jcpoa", ArticleIDs: []string{"urn:dup"}, First: at(1)}}
		if diff := cmp.Diff(want, dueBatches(t, s, at(10))); diff != "" {
			t.Errorf("batches (-want +got):\n%s", diff)
		}
	}},
	{"the story turn is taken, given back and taken again", func(t *testing.T, s store.Store) {
		for range 2 {
			release, _, err := s.StoryTurn(t.Context())
			must(t, err)
			must(t, release())
			must(t, release()) // a second release does nothing
		}
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		if _, _, err := s.StoryTurn(ctx); err == nil {
			t.Error("StoryTurn with an ended context succeeded, want its error")
		}
	}},
}
