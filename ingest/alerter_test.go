package ingest

import (
	"context"
	"sync"
	"testing"
	"time"

	"briefbot/brief"
	"briefbot/store"
)

// publisherRecorder queues alerts in the real store the way the
// dispatcher does, and remembers the briefings it was given.
type publisherRecorder struct {
	st  store.Store
	mu  sync.Mutex
	got []brief.Briefing
}

func (p *publisherRecorder) Alert(ctx context.Context, b store.AlertBatch, br brief.Briefing) error {
	msg := store.Message{Key: "alert:" + b.Channel.String() + ":" + b.TopicID + ":" + b.ArticleIDs[0], Channel: b.Channel,
		Kind: store.KindAlert, TopicID: b.TopicID, Payload: []byte("{}"), Created: br.Until, Status: store.StatusPending, NextAttempt: br.Until}
	if err := p.st.EnqueueAlert(ctx, b, msg); err != nil {
		return err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.got = append(p.got, br)
	return nil
}

func TestAlertsOnOneTopicWithinTheWindowGoOutAsOneMessage(t *testing.T) {
	r := newRig(t, "/world")
	r.subscribe(t, alerts, "iran-russia")
	r.pub.set("/world")
	r.pollAll(t) // the first poll: nothing yet

	rec := &publisherRecorder{st: r.st}
	al := NewAlerter(r.st, rec, []brief.Topic{{ID: "iran-russia", Title: "Iran–Russia relations"}},
		AlerterOptions{Window: 2 * time.Minute, Now: func() time.Time { return r.now }})

	r.now = r.now.Add(11 * time.Minute)
	r.pub.add("/world", item{GUID: "tag:wire.example,2026:ir1", Title: "Russia and Iran sign deal to finance Rasht-Astara railway", Link: "https://wire.example/ir1", Body: iranRussiaBody, Published: r.now})
	r.pollAll(t)
	if n, err := al.Flush(t.Context()); err != nil || n != 0 {
		t.Fatalf("flush right after the first story = %d, %v; want it held for the window", n, err)
	}

	// A second story a minute later joins the same batch. (It is another
	// happening: a report of the vice president's Kremlin visit, during
	// which the railway deal was signed, would rightly join the first.)
	r.now = r.now.Add(time.Minute)
	r.pub.add("/world", item{GUID: "tag:wire.example,2026:ir2", Title: "Iranian and Russian warships begin joint drills in the Caspian Sea", Link: "https://wire.example/ir2",
		Body: "<p>BANDAR ANZALI — Iranian and Russian navy ships began three days of joint exercises in the Caspian Sea on Thursday, practising search and rescue and the defence of shipping lanes.</p><p>Four Russian corvettes docked at the Iranian port before the drills, Iran's navy said.</p>", Published: r.now})
	if _, err := r.poller.PollFeed(t.Context(), Feed{URL: r.pub.url("/world")}); err != nil {
		t.Fatal(err)
	}
	if n, _ := al.Flush(t.Context()); n != 0 {
		t.Fatalf("flush one minute into the window queued %d messages", n)
	}
	r.now = r.now.Add(time.Minute + time.Second) // the first story has waited the window
	n, err := al.Flush(t.Context())
	if err != nil || n != 1 {
		t.Fatalf("flush after the window = %d, %v; want one message", n, err)
	}
	if got := rec.got[0]; len(got.Stories) != 2 || got.Total != 2 || got.Topic.ID != "iran-russia" {
		t.Fatalf("alert = %d stories of %d on %s, want both stories in one alert", len(got.Stories), got.Total, got.Topic.ID)
	}
	if rec.got[0].Stories[0].Article.Published.Before(rec.got[0].Stories[1].Article.Published) {
		t.Error("alert stories are not newest first")
	}
	if n, _ := al.Flush(t.Context()); n != 0 {
		t.Errorf("a second flush queued %d more messages for the same stories", n)
	}
}
