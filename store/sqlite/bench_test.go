package sqlite_test

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"briefbot/brief"
	"briefbot/store"
	"briefbot/store/sqlite"
)

func benchStore(b *testing.B) *sqlite.Store {
	b.Helper()
	s, err := sqlite.Open(b.Context(), filepath.Join(b.TempDir(), "bench.db"), sqlite.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s
}

// BenchmarkSaveArticle saves a new article matching two topics, each
// followed by three alert channels, so every save also queues six alerts.
func BenchmarkSaveArticle(b *testing.B) {
	s := benchStore(b)
	ctx := b.Context()
	now := time.Date(2025, 6, 1, 8, 0, 0, 0, time.UTC)
	for _, topic := range []string{"jcpoa", "sco"} {
		for c := range 3 {
			sub := brief.Subscription{Channel: brief.ChannelRef{Platform: brief.PlatformSlack, ID: fmt.Sprintf("C%d", c)},
				TopicID: topic, Mode: brief.ModeAlerts, Created: now}
			if err := s.Subscribe(ctx, sub); err != nil {
				b.Fatal(err)
			}
		}
	}
	ms := []brief.Match{
		{TopicID: "jcpoa", Score: 3, Hits: []brief.Hit{{Term: "JCPOA", Found: "JCPOA", Field: "title"}}, Summary: []string{"One.", "Two."}},
		{TopicID: "sco", Score: 2, Hits: []brief.Hit{{Term: "SCO", Found: "SCO", Field: "text", Offset: 40}}, Summary: []string{"Three."}},
	}
	i := 0
	for b.Loop() {
		i++
		a := brief.Article{ID: fmt.Sprintf("urn:bench:%d", i), FeedURL: "https://a.example/rss", Source: "Wire A",
			Title: "JCPOA talks", Link: "https://news.example/a", Text: "Talks resumed in Vienna. SCO members met.",
			Published: now, Fetched: now}
		if err := s.SaveArticle(ctx, a, ms, store.SaveOptions{Now: now}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkClaimDue claims 10 messages from an outbox of 100 channels with
// 10 pending messages each. Every round starts after the previous leases
// ran out, so each claim finds the same amount of work.
func BenchmarkClaimDue(b *testing.B) {
	s := benchStore(b)
	ctx := b.Context()
	now := time.Date(2025, 6, 1, 8, 0, 0, 0, time.UTC)
	for i := range 10 {
		for c := range 100 {
			ch := brief.ChannelRef{Platform: brief.PlatformTelegram, ID: fmt.Sprint(-1000 - c)}
			msg := store.Message{Key: fmt.Sprintf("%s#%d", ch, i), Channel: ch, Kind: store.KindAlert,
				TopicID: "jcpoa", Payload: []byte(`{"kind":"alert"}`), Created: now, NextAttempt: now}
			if _, err := s.Enqueue(ctx, msg); err != nil {
				b.Fatal(err)
			}
		}
	}
	const lease = time.Minute
	for b.Loop() {
		now = now.Add(lease)
		got, err := s.ClaimDue(ctx, now, lease, 10)
		if err != nil {
			b.Fatal(err)
		}
		if len(got) != 10 {
			b.Fatalf("claimed %d", len(got))
		}
	}
}
