package ingest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"briefbot/brief"
	"briefbot/feeds"
	"briefbot/store/postgres"
	"briefbot/summarize"
	"briefbot/topics"
)

// replicaSchema creates a schema of its own for the test in the database
// BRIEFBOT_TEST_POSTGRES_DSN names, dropped at the end, and returns a DSN
// selecting it; it skips the test when the variable is unset.
func replicaSchema(t *testing.T) string {
	t.Helper()
	base := os.Getenv("BRIEFBOT_TEST_POSTGRES_DSN")
	if base == "" {
		t.Skip("BRIEFBOT_TEST_POSTGRES_DSN is not set; set it (e.g. postgres://postgres@127.0.0.1:5432/test?sslmode=disable) to run the PostgreSQL tests")
	}
	u, err := url.Parse(base)
	if err != nil || !strings.Contains(base, "://") {
		t.Skip("BRIEFBOT_TEST_POSTGRES_DSN is not a URL; this test adds its schema as a URL parameter")
	}
	b := make([]byte, 6)
	rand.Read(b)
	schema := pgx.Identifier{"briefbot_ingest_" + hex.EncodeToString(b)}.Sanitize()
	conn, err := pgx.Connect(t.Context(), base)
	if err != nil {
		t.Fatalf("connect to BRIEFBOT_TEST_POSTGRES_DSN: %v", err)
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(t.Context(), "CREATE SCHEMA "+schema); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		conn, err := pgx.Connect(ctx, base)
		if err != nil {
			t.Errorf("drop schema: %v", err)
			return
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Errorf("drop schema: %v", err)
		}
	})
	q := u.Query()
	q.Set("search_path", strings.Trim(schema, `"`))
	u.RawQuery = q.Encode()
	return u.String()
}

// Two replicas, each with its own store handle and poller on one
// PostgreSQL schema, poll at the same moment feeds that all carry copies of
// one wire story (each outlet under its own GUID and link). The copies end
// in one story, and each subscribed channel is alerted once per topic.
func TestReplicasStoreCopiesOfOneStoryAsOneStoryAndOneAlert(t *testing.T) {
	dsn := replicaSchema(t)
	pub := newPublisher(t)
	m, err := topics.Compile(topics.Defaults())
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	now := t0
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	const perReplica = 3
	paths := func(replica string) []string {
		var out []string
		for i := range perReplica {
			out = append(out, fmt.Sprintf("/%s%d", replica, i))
		}
		return out
	}
	channels := []brief.ChannelRef{{Platform: "slack", ID: "C1"}, {Platform: "telegram", ID: "-100"}}
	var pollers []*Poller
	var first *postgres.Store
	for range 2 { // two replicas
		st, err := postgres.Open(t.Context(), dsn, postgres.Options{})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		if first == nil {
			first = st
		}
		f := feeds.New(feeds.Options{AllowPrivateNetworks: true, Now: clock})
		// No feed list: each replica polls its own outlets by PollFeed,
		// so the copies are ingested on both whatever the feed leases say.
		pollers = append(pollers, New(f, m, st, nil, Options{
			Policy:        feeds.Policy{Interval: 10 * time.Minute, MinInterval: time.Minute, MaxInterval: time.Hour, MaxBackoff: time.Hour},
			AlertBackfill: true,
			Summary:       summarize.Options{N: 2},
			Now:           clock,
			Logger:        slog.New(slog.DiscardHandler),
		}))
	}
	for _, ch := range channels {
		for _, topic := range []string{"jcpoa", "iran-russia"} {
			if err := first.Subscribe(t.Context(), brief.Subscription{Channel: ch, TopicID: topic, Mode: brief.ModeAlerts, Created: t0.Add(-time.Hour)}); err != nil {
				t.Fatal(err)
			}
		}
	}
	// copies puts one wire story in every outlet's feed, each outlet with
	// its own GUID and link.
	copies := func(round int, title, body string) {
		for _, replica := range []string{"a", "b"} {
			for _, p := range paths(replica) {
				pub.add(p, item{GUID: fmt.Sprintf("%s-%d", p[1:], round), Title: title,
					Link: fmt.Sprintf("https://outlet-%s.example/%d", p[1:], round), Body: body, Published: clock().Add(-time.Minute)})
			}
		}
	}
	// pollTogether has each replica poll its outlets, all at once.
	pollTogether := func() {
		var wg sync.WaitGroup
		errs := make(chan error, 2*perReplica)
		for i, replica := range []string{"a", "b"} {
			for _, path := range paths(replica) {
				wg.Go(func() {
					_, err := pollers[i].PollFeed(t.Context(), Feed{URL: pub.url(path), Title: "Outlet " + path})
					errs <- err
				})
			}
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
	}
	titles := []string{
		"E3 and Iran resume nuclear deal talks as IAEA reports bigger stockpile",
		"Russia and Iran sign Rasht-Astara railway financing deal",
	}
	copies(1, titles[0], jcpoaBody)
	pollTogether()
	mu.Lock()
	now = now.Add(time.Hour)
	mu.Unlock()
	copies(2, titles[1], iranRussiaBody)
	pollTogether()

	stored, err := first.ArticlesAfter(t.Context(), 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	storiesOf := map[string]map[string]bool{} // headline -> stories
	for _, sa := range stored {
		if storiesOf[sa.Article.Title] == nil {
			storiesOf[sa.Article.Title] = map[string]bool{}
		}
		storiesOf[sa.Article.Title][sa.Story] = true
	}
	if len(stored) != 2*2*perReplica {
		t.Errorf("stored %d articles, want %d (each outlet's copy)", len(stored), 2*2*perReplica)
	}
	for _, title := range titles {
		if n := len(storiesOf[title]); n != 1 {
			t.Errorf("the copies of %q are in %d stories, want 1: %v", title, n, storiesOf[title])
		}
	}
	batches, err := first.DueAlertBatches(t.Context(), clock().Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	alerted := map[string]int{} // channel topic -> articles queued
	for _, b := range batches {
		alerted[b.Channel.String()+" "+b.TopicID] += len(b.ArticleIDs)
	}
	for _, ch := range channels {
		for _, topic := range []string{"jcpoa", "iran-russia"} {
			if n := alerted[ch.String()+" "+topic]; n != 1 {
				t.Errorf("%s was queued %d alerts on %s, want 1", ch, n, topic)
			}
		}
	}
	t.Logf("%d copies stored in %d stories; alerts queued per channel and topic: %v", len(stored), len(storiesOf), alerted)
}
