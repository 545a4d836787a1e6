package store_test

import (
	"testing"

	"briefbot/brief"
	"briefbot/store"
)

var (
	general = brief.ChannelRef{Platform: "slack", ID: "C1"}
	thread  = brief.ChannelRef{Platform: "slack", ID: "C1", Thread: "1700000000.000100"}
)

func TestCheckChannel(t *testing.T) {
	for _, ch := range []brief.ChannelRef{general, thread, {Platform: "telegram", ID: "-100"}} {
		if err := store.CheckChannel(ch); err != nil {
			t.Errorf("CheckChannel(%v) = %v, want nil", ch, err)
		}
	}
	for _, ch := range []brief.ChannelRef{{}, {Platform: "slack"}, {ID: "C1"}, {Thread: "1"}} {
		if err := store.CheckChannel(ch); err == nil {
			t.Errorf("CheckChannel(%#v) = nil, want an error", ch)
		}
	}
}

func TestCheckMessage(t *testing.T) {
	ok := store.Message{Key: "answer:1", Channel: general, Kind: store.KindAnswer}
	if err := store.CheckMessage(ok); err != nil {
		t.Fatalf("CheckMessage(%+v) = %v, want nil", ok, err)
	}
	for name, change := range map[string]func(*store.Message){
		"no key":     func(m *store.Message) { m.Key = "" },
		"no channel": func(m *store.Message) { m.Channel = brief.ChannelRef{} },
		"no id":      func(m *store.Message) { m.Channel.ID = "" },
		"no kind":    func(m *store.Message) { m.Kind = "" },
	} {
		m := ok
		change(&m)
		if err := store.CheckMessage(m); err == nil {
			t.Errorf("%s: CheckMessage(%+v) = nil, want an error", name, m)
		}
	}
}

func TestAlertMessageTakesRoutingFromTheBatch(t *testing.T) {
	b := store.AlertBatch{Channel: thread, TopicID: "jcpoa", ArticleIDs: []string{"a1", "a2"}}
	got, err := store.AlertMessage(b, store.Message{Key: "alert:x", Payload: []byte("{}")})
	if err != nil {
		t.Fatal(err)
	}
	if got.Channel != thread || got.TopicID != "jcpoa" || got.Kind != store.KindAlert {
		t.Errorf("AlertMessage = channel %v, topic %q, kind %q; want %v, jcpoa, %s",
			got.Channel, got.TopicID, got.Kind, thread, store.KindAlert)
	}
	if got.Key != "alert:x" || string(got.Payload) != "{}" {
		t.Errorf("AlertMessage changed key or payload: %q, %q", got.Key, got.Payload)
	}

	// Fields the caller set are kept when they agree with the batch.
	got, err = store.AlertMessage(b, store.Message{Key: "alert:x", Channel: thread, TopicID: "jcpoa", Kind: store.KindNotice})
	if err != nil || got.Kind != store.KindNotice {
		t.Errorf("AlertMessage with kind notice = %q, %v; want notice, nil", got.Kind, err)
	}
}

func TestAlertMessageRefusesAnotherTargetOrAnEmptyBatch(t *testing.T) {
	b := store.AlertBatch{Channel: thread, TopicID: "jcpoa", ArticleIDs: []string{"a1"}}
	for name, msg := range map[string]store.Message{
		// The parent channel is another target than its thread.
		"other channel": {Key: "k", Channel: general},
		"other topic":   {Key: "k", TopicID: "sco"},
	} {
		if _, err := store.AlertMessage(b, msg); err == nil {
			t.Errorf("%s: AlertMessage = nil error, want a refusal", name)
		}
	}
	if _, err := store.AlertMessage(store.AlertBatch{Channel: thread, TopicID: "jcpoa"}, store.Message{Key: "k"}); err == nil {
		t.Error("AlertMessage of an empty batch = nil error, want a refusal")
	}
}

func TestRouteMessageFillsOnlyWhatIsEmpty(t *testing.T) {
	got, err := store.RouteMessage(store.Message{Key: "k"}, general, "sco", store.KindDigest)
	if err != nil || got.Channel != general || got.TopicID != "sco" || got.Kind != store.KindDigest {
		t.Errorf("RouteMessage = %+v, %v; want general, sco, digest", got, err)
	}
	if _, err := store.RouteMessage(store.Message{Key: "k", Channel: thread}, general, "sco", store.KindDigest); err == nil {
		t.Error("RouteMessage to another thread = nil error, want a refusal")
	}
}

func TestDigestScheduleFor(t *testing.T) {
	msg := store.Message{Key: "digest:x", Channel: thread, Kind: store.KindDigest}
	got, err := store.DigestScheduleFor(msg, brief.DigestSchedule{Time: "07:30", Zone: "Asia/Tehran"})
	if err != nil || got.Channel != thread || got.Time != "07:30" || got.Zone != "Asia/Tehran" {
		t.Errorf("DigestScheduleFor(no channel) = %+v, %v; want the message's channel, time and zone kept", got, err)
	}
	if _, err := store.DigestScheduleFor(msg, brief.DigestSchedule{Channel: thread}); err != nil {
		t.Errorf("DigestScheduleFor(same channel) = %v, want nil", err)
	}
	if _, err := store.DigestScheduleFor(msg, brief.DigestSchedule{Channel: general}); err == nil {
		t.Error("DigestScheduleFor(parent channel) = nil error, want a refusal")
	}
}

func TestUpdateMessage(t *testing.T) {
	b := store.UpdateBatch{Channel: thread, TopicID: "sco", StoryID: "s1", Seq: 1, Added: []string{"a2"}}
	got, err := store.UpdateMessage(b, store.Message{Key: "update:x"})
	if err != nil || got.Channel != thread || got.TopicID != "sco" || got.Kind != store.KindUpdate {
		t.Errorf("UpdateMessage = %+v, %v; want the batch's thread, sco, kind update", got, err)
	}
	// Articles the parent alert already covered are still a batch to tell.
	covered := store.UpdateBatch{Channel: thread, TopicID: "sco", Seq: 2, Covered: []string{"a1"}}
	if _, err := store.UpdateMessage(covered, store.Message{Key: "update:y"}); err != nil {
		t.Errorf("UpdateMessage of a covered-only batch = %v, want nil", err)
	}
	for name, bad := range map[string]store.UpdateBatch{
		"empty":   {Channel: thread, TopicID: "sco", Seq: 1},
		"seq 0":   {Channel: thread, TopicID: "sco", Seq: 0, Added: []string{"a2"}},
		"general": {Channel: general, TopicID: "sco", Seq: 1, Added: []string{"a2"}},
	} {
		msg := store.Message{Key: "update:z", Channel: thread}
		if _, err := store.UpdateMessage(bad, msg); err == nil {
			t.Errorf("%s: UpdateMessage = nil error, want a refusal", name)
		}
	}
}
