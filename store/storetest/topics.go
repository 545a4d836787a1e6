package storetest

import (
	"testing"

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
}

func saveTopic(t *testing.T, s store.Store, ct store.ChannelTopic) {
	t.Helper()
	_, err := s.SaveChannelTopic(t.Context(), ct)
	must(t, err)
}
