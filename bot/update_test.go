package bot

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"briefbot/brief"
	"briefbot/store"
)

// threadPlatform is a chat platform at the network edge that gives every
// accepted message a reference and records what each delivery replied to.
type threadPlatform struct {
	mu      sync.Mutex
	next    int
	kinds   []Kind
	replies []string
}

func (p *threadPlatform) Send(_ context.Context, d Delivery) error {
	p.mu.Lock()
	p.next++
	ref := "ts-" + string(rune('0'+p.next))
	p.kinds = append(p.kinds, d.Response.Kind)
	p.replies = append(p.replies, d.ReplyTo)
	p.mu.Unlock()
	if d.Posted != nil {
		d.Posted(ref)
	}
	if d.Accepted != nil {
		d.Accepted(1)
	}
	return nil
}

func (p *threadPlatform) seen() ([]Kind, []string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]Kind(nil), p.kinds...), append([]string(nil), p.replies...)
}

// TestUpdateRepliesToTheRecordedAlert delivers an alert, then an update
// of its story: the dispatcher records the reference the platform gave
// the alert, and the update is delivered replying to it.
func TestUpdateRepliesToTheRecordedAlert(t *testing.T) {
	st := openStore(t)
	h := NewHandler(st, testTopics, nil, Options{})
	h.Handle(t.Context(), Request{Channel: desk, Text: "/subscribe sco alerts", CanManage: true})
	first := time.Now().Add(-time.Minute)
	saveStory(t, st, "s1", "sco", first)
	batches, err := st.DueAlertBatches(t.Context(), time.Now())
	if err != nil || len(batches) != 1 {
		t.Fatalf("queued alerts = %+v, %v", batches, err)
	}
	d := fastDispatcher(st)
	stories, _ := st.StoriesByID(t.Context(), "sco", batches[0].ArticleIDs)
	if err := d.Alert(t.Context(), batches[0], brief.Briefing{Topic: testTopics[1], Stories: stories, Total: 1}); err != nil {
		t.Fatal(err)
	}
	p := &threadPlatform{}
	d.Register(brief.PlatformTelegram, p)
	runDispatcher(t, d)
	eventually(t, "the alert", func() bool { k, _ := p.seen(); return len(k) == 1 })
	var alert store.Message
	eventually(t, "the alert marked sent", func() bool {
		ms, _ := st.Messages(t.Context(), store.StatusSent)
		if len(ms) == 1 {
			alert = ms[0]
		}
		return len(ms) == 1
	})
	if ref, err := st.MessageRef(t.Context(), alert.ID); err != nil || ref != "ts-1" {
		t.Fatalf("alert reference = %q, %v; want ts-1", ref, err)
	}

	later := brief.Article{ID: "s2", FeedURL: "https://other.example/rss", Source: "Other", Title: "Another report",
		Link: "https://other.example/s2", Text: "More.", Published: first, Fetched: first}
	m := brief.Match{ArticleID: "s2", TopicID: "sco", Score: 2}
	if err := st.SaveArticle(t.Context(), later, []brief.Match{m}, store.SaveOptions{Now: time.Now(), Story: "s1"}); err != nil {
		t.Fatal(err)
	}
	ub, err := st.DueUpdateBatches(t.Context(), time.Now())
	if err != nil || len(ub) != 1 {
		t.Fatalf("update batches = %+v, %v", ub, err)
	}
	u := store.StoryUpdate{Topic: testTopics[1], StoryID: "s1", Title: "Headline s1",
		NewOutlets: []brief.Source{{FeedURL: later.FeedURL, Name: later.Source}},
		Articles:   []store.UpdateArticle{{ID: "s2", Title: later.Title, Source: later.Source, Link: later.Link}}}
	if err := d.Update(t.Context(), ub[0], u); err != nil {
		t.Fatal(err)
	}
	if err := d.Update(t.Context(), ub[0], u); !errors.Is(err, brief.ErrDuplicate) {
		t.Errorf("queuing the same update twice: %v, want brief.ErrDuplicate", err)
	}
	eventually(t, "the update", func() bool { k, _ := p.seen(); return len(k) == 2 })
	kinds, replies := p.seen()
	if kinds[1] != KindUpdate || replies[1] != "ts-1" {
		t.Errorf("second delivery: %s replying to %q, want an update replying to ts-1", kinds[1], replies[1])
	}
	if replies[0] != "" {
		t.Errorf("the alert replied to %q", replies[0])
	}
	if ref, _ := st.MessageRef(t.Context(), alert.ID+1); ref != "" {
		t.Errorf("the update's reference %q was recorded; only alerts are replied to", ref)
	}
}
