package storetest

import (
	"testing"
	"time"

	"briefbot/brief"
	"briefbot/store"
)

var channelTopicCases = []contractCase{
	{"a channel's topic is stored under its channel and can be changed", func(t *testing.T, s store.Store) {
		ctx := t.Context()
		created, err := s.SaveChannelTopic(ctx, store.ChannelTopic{Channel: chA, ID: "caspian", Query: "Caspian AND oil", Created: at(0)})
		must(t, err)
		if !created {
			t.Fatal("first save reported an existing topic")
		}
		// The same ID in another channel, or in a thread of the same
		// channel, is another topic.
		for _, ch := range []brief.ChannelRef{chAThread, chB} {
			if created, err := s.SaveChannelTopic(ctx, store.ChannelTopic{Channel: ch, ID: "caspian", Query: "Caspian", Created: at(1)}); err != nil || !created {
				t.Fatalf("save caspian for %s = %v, %v; want a new topic", ch, created, err)
			}
		}
		created, err = s.SaveChannelTopic(ctx, store.ChannelTopic{Channel: chA, ID: "caspian", Query: "Caspian AND gas", Created: at(5)})
		must(t, err)
		if created {
			t.Fatal("saving an existing ID reported a new topic")
		}
		saveTopic(t, s, store.ChannelTopic{Channel: chA, ID: "baku", Query: "Baku", Created: at(2)})
		got, err := s.ChannelTopics(ctx, chA)
		must(t, err)
		want := []store.ChannelTopic{
			{Channel: chA, ID: "baku", Query: "Baku", Created: at(2)},
			{Channel: chA, ID: "caspian", Query: "Caspian AND gas", Created: at(0)},
		}
		if len(got) != len(want) {
			t.Fatalf("topics of %s = %+v, want %+v", chA, got, want)
		}
		for i := range want {
			if got[i].Channel != want[i].Channel || got[i].ID != want[i].ID || got[i].Query != want[i].Query || !got[i].Created.Equal(want[i].Created) {
				t.Errorf("topic %d = %+v, want %+v", i, got[i], want[i])
			}
		}
		all, err := s.AllChannelTopics(ctx)
		must(t, err)
		var order []string
		for _, ct := range all {
			order = append(order, ct.Channel.String()+" "+ct.ID)
		}
		if len(order) != 4 || order[0] != "slack:C0A baku" || order[1] != "slack:C0A caspian" ||
			order[2] != "slack:C0A/1717230000.000100 caspian" || order[3] != "telegram:-1001 caspian" {
			t.Fatalf("all channel topics in order %q", order)
		}
	}},
	{"deleting a channel's topic leaves other channels' topics of the same ID", func(t *testing.T, s store.Store) {
		ctx := t.Context()
		for _, ch := range []brief.ChannelRef{chA, chB} {
			saveTopic(t, s, store.ChannelTopic{Channel: ch, ID: "caspian", Query: "Caspian", Created: at(0)})
		}
		must(t, s.DeleteChannelTopic(ctx, chA, "caspian"))
		wantErr(t, s.DeleteChannelTopic(ctx, chA, "caspian"), brief.ErrNotFound)
		wantErr(t, s.DeleteChannelTopic(ctx, chC, "caspian"), brief.ErrNotFound)
		if got, err := s.ChannelTopics(ctx, chA); err != nil || len(got) != 0 {
			t.Fatalf("topics of %s after delete = %+v, %v", chA, got, err)
		}
		if got, err := s.ChannelTopics(ctx, chB); err != nil || len(got) != 1 {
			t.Fatalf("topics of %s after another channel's delete = %+v, %v", chB, got, err)
		}
	}},
	{"replaced matches file their stories for briefings, drop the old ones and queue nothing", func(t *testing.T, s store.Store) {
		ctx := t.Context()
		const topic = "caspian@slack:C0A"
		subscribe(t, s, chA, topic, brief.ModeAlerts)
		first, second, other := art("urn:first", at(0)), from(art("urn:second", at(10)), feedB, "Daily B"), art("urn:other", at(20))
		saveIn(t, s, first, first.ID, at(1), "jcpoa")
		saveIn(t, s, second, first.ID, at(11))
		saveIn(t, s, other, other.ID, at(21))
		replace := func(ids ...string) int {
			var ms []brief.Match
			for _, id := range ids {
				m := match(topic)
				m.ArticleID = id
				ms = append(ms, m)
			}
			n, err := s.ReplaceMatches(ctx, topic, ms)
			must(t, err)
			return n
		}
		if n := replace(first.ID, second.ID, other.ID, "urn:never-stored"); n != 3 {
			t.Fatalf("stored %d matches, want 3 (the article never stored is skipped)", n)
		}
		// The story of first and second is one story, told by first.
		stories, total, err := s.Stories(ctx, window(topic))
		must(t, err)
		if got := storyIDs(stories); total != 2 || len(got) != 2 || got[0] != other.ID || got[1] != first.ID {
			t.Fatalf("stories = %q (total %d), want [%s %s]", got, total, other.ID, first.ID)
		}
		if len(stories[1].Match.Hits) == 0 || len(stories[1].Match.Summary) == 0 {
			t.Errorf("the stored match lost its hits or summary: %+v", stories[1].Match)
		}
		// Old news alerts nobody, though chA is subscribed for alerts.
		if got := dueBatches(t, s, at(60)); len(got) != 0 {
			t.Fatalf("storing matches queued alerts %+v", got)
		}
		// A changed query: what the old one matched goes, and the story
		// first and second share is now told by second.
		if n := replace(second.ID); n != 1 {
			t.Fatalf("replaced with one match, stored %d", n)
		}
		stories, total, err = s.Stories(ctx, window(topic))
		must(t, err)
		if got := storyIDs(stories); total != 1 || len(got) != 1 || got[0] != second.ID {
			t.Fatalf("stories after the replacement = %q (total %d), want [%s]", got, total, second.ID)
		}
		if trends, err := s.TopicDayCounts(ctx, []string{topic}, []time.Time{at(-60), at(60)}); err != nil || len(trends[topic]) != 1 || trends[topic][0] != 1 {
			t.Fatalf("trend counts after the replacement = %+v, %v; want one story", trends, err)
		}
		// Other topics of the same articles are untouched, and a match of
		// another topic is refused.
		if got, _, err := s.Stories(ctx, window("jcpoa")); err != nil || len(got) != 1 || got[0].Article.ID != first.ID {
			t.Fatalf("jcpoa stories = %q, %v", storyIDs(got), err)
		}
		wrong := match("jcpoa")
		wrong.ArticleID = other.ID
		if _, err := s.ReplaceMatches(ctx, topic, []brief.Match{wrong}); err == nil {
			t.Fatal("a match of another topic was accepted")
		}
	}},
}

func saveTopic(t *testing.T, s store.Store, ct store.ChannelTopic) {
	t.Helper()
	_, err := s.SaveChannelTopic(t.Context(), ct)
	must(t, err)
}
