package postgres_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"briefbot/brief"
	"briefbot/store"
	"briefbot/store/postgres"
)

// terminateApp ends every backend session of the connections named app,
// as a database restart, a failover or an operator would.
func terminateApp(t *testing.T, admin *pgx.Conn, app string) int {
	t.Helper()
	var n int
	err := admin.QueryRow(t.Context(), `SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = $1`, app).Scan(&n)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// A lease is a row, not a session: when the connections of the replica
// holding it die, the feed is not handed to another replica before the
// lease ends (that would poll it twice), and is after it, when the first
// replica's late save is refused.
func TestAFeedLeaseOutlivesItsHoldersConnections(t *testing.T) {
	dsn := schemaDSN(t)
	a := open(t, withAppName(t, dsn, "briefbot-lease-a"), postgres.Options{})
	b := open(t, withAppName(t, dsn, "briefbot-lease-b"), postgres.Options{})
	admin, err := pgx.Connect(t.Context(), baseDSN(t))
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close(context.Background())

	const feed = "https://wire.example/rss"
	t0 := time.Date(2026, 12, 7, 6, 0, 0, 0, time.UTC)
	lease := 5 * time.Minute
	if err := a.EnsureFeeds(t.Context(), []string{feed}); err != nil {
		t.Fatal(err)
	}
	held, err := a.ClaimFeeds(t.Context(), "replica-a", t0, lease, 10)
	if err != nil || len(held) != 1 {
		t.Fatalf("replica a claimed %d feeds (%v), want 1", len(held), err)
	}
	if n := terminateApp(t, admin, "briefbot-lease-a"); n == 0 {
		t.Fatal("replica a had no backend to terminate")
	}
	if got, err := b.ClaimFeeds(t.Context(), "replica-b", t0.Add(lease-time.Second), lease, 10); err != nil || len(got) != 0 {
		t.Fatalf("replica b claimed %d feeds (%v) while a's lease ran, want none", len(got), err)
	}
	taken, err := b.ClaimFeeds(t.Context(), "replica-b", t0.Add(lease), lease, 10)
	if err != nil || len(taken) != 1 {
		t.Fatalf("replica b claimed %d feeds (%v) when a's lease ended, want the one", len(taken), err)
	}
	st := taken[0].State
	st.LastPoll, st.LastSuccess, st.NextPoll = t0.Add(lease), t0.Add(lease), t0.Add(lease+time.Hour)
	if err := b.SaveLeasedFeedState(t.Context(), taken[0], st); err != nil {
		t.Fatal(err)
	}
	// Replica a's pool reconnects (a call on a pooled connection whose
	// session was terminated fails once, and the pool drops it); its
	// lease is gone all the same.
	late := held[0].State
	late.LastPoll = t0.Add(lease + time.Minute)
	err = a.SaveLeasedFeedState(t.Context(), held[0], late)
	for try := 0; try < 5 && err != nil && !errors.Is(err, brief.ErrNotFound); try++ {
		t.Logf("replica a's save on a dead connection: %v", err)
		err = a.SaveLeasedFeedState(t.Context(), held[0], late)
	}
	if !errors.Is(err, brief.ErrNotFound) {
		t.Errorf("replica a's save after the takeover: %v, want brief.ErrNotFound", err)
	}
	got, err := b.FeedState(t.Context(), feed)
	if err != nil || !got.LastPoll.Equal(t0.Add(lease)) {
		t.Errorf("state: last poll %v (%v), want replica b's %v", got.LastPoll, err, t0.Add(lease))
	}
}

// Two replicas claim and "poll" 60 feeds side by side while every session
// of one of them is terminated, twice, mid-run. A claim cut off by the
// termination is rolled back or, when it committed unseen, taken over
// after its lease; in the end every feed was saved exactly once, by one
// replica: nothing polled twice, nothing lost.
func TestClaimsSurviveTerminatedSessionsWithNothingDoubled(t *testing.T) {
	dsn := schemaDSN(t)
	replicas := map[string]*postgres.Store{}
	for _, name := range []string{"briefbot-claim-a", "briefbot-claim-b"} {
		replicas[name] = open(t, withAppName(t, dsn, name), postgres.Options{MaxConns: 4})
	}
	admin, err := pgx.Connect(t.Context(), baseDSN(t))
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close(context.Background())
	var urls []string
	for i := range 60 {
		urls = append(urls, fmt.Sprintf("https://f%02d.example/rss", i))
	}
	if err := replicas["briefbot-claim-a"].EnsureFeeds(t.Context(), urls); err != nil {
		t.Fatal(err)
	}
	t0 := time.Date(2026, 12, 7, 6, 0, 0, 0, time.UTC)
	lease := 5 * time.Minute

	var (
		mu       sync.Mutex
		savedBy  = map[string][]string{}
		failures int
	)
	// work claims and saves until nothing is due at now.
	work := func(name string, now time.Time) {
		st := replicas[name]
		for misses := 0; misses < 50; {
			ls, err := st.ClaimFeeds(t.Context(), name, now, lease, 2)
			if err != nil {
				mu.Lock()
				failures++
				mu.Unlock()
				misses++
				time.Sleep(10 * time.Millisecond)
				continue
			}
			if len(ls) == 0 {
				return
			}
			for _, l := range ls {
				s := l.State
				s.LastPoll, s.LastSuccess, s.NextPoll = now, now, now.Add(time.Hour)
				for {
					err := st.SaveLeasedFeedState(t.Context(), l, s)
					if err == nil {
						mu.Lock()
						savedBy[s.URL] = append(savedBy[s.URL], name)
						mu.Unlock()
						break
					}
					if errors.Is(err, brief.ErrNotFound) {
						break // taken over: the other replica saves it
					}
					mu.Lock()
					failures++
					mu.Unlock()
					time.Sleep(10 * time.Millisecond)
				}
			}
		}
	}
	var wg sync.WaitGroup
	for name := range replicas {
		wg.Go(func() { work(name, t0) })
	}
	for range 2 {
		time.Sleep(30 * time.Millisecond)
		terminateApp(t, admin, "briefbot-claim-a")
	}
	wg.Wait()
	// Leases a terminated claim committed unseen end; then the rest is
	// taken over.
	for name := range replicas {
		work(name, t0.Add(lease))
	}
	var lost, doubled []string
	perReplica := map[string]int{}
	for _, u := range urls {
		switch by := savedBy[u]; len(by) {
		case 0:
			lost = append(lost, u)
		case 1:
			perReplica[by[0]]++
		default:
			doubled = append(doubled, fmt.Sprintf("%s by %v", u, by))
		}
	}
	t.Logf("feeds saved per replica: %v; store calls failed by the terminations: %d", perReplica, failures)
	if len(lost) > 0 || len(doubled) > 0 {
		t.Errorf("lost %v; doubled %v", lost, doubled)
	}
}

// A statement that waits longer than the statement timeout (here on a
// row another session holds locked) fails and frees its connection
// instead of hanging; the one connection of the pool, which also ran the
// migrations without the timeout, has it again.
func TestStatementTimeoutEndsAStuckStatement(t *testing.T) {
	dsn := schemaDSN(t)
	s := open(t, dsn, postgres.Options{MaxConns: 1, StatementTimeout: 300 * time.Millisecond})
	const feed = "https://wire.example/rss"
	if err := s.SaveFeedState(t.Context(), store.FeedState{URL: feed}); err != nil {
		t.Fatal(err)
	}
	locker, err := pgx.Connect(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer locker.Close(context.Background())
	tx, err := locker.Begin(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(context.Background())
	if _, err := tx.Exec(t.Context(), `SELECT 1 FROM feed_states WHERE url = $1 FOR UPDATE`, feed); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
	defer cancel()
	err = s.SaveFeedState(ctx, store.FeedState{URL: feed, Failures: 1})
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) || pgErr.Code != "57014" { // query_canceled
		t.Fatalf("save on a locked row: %v; want the statement timeout (SQLSTATE 57014)", err)
	}
	tx.Rollback(t.Context())
	if err := s.SaveFeedState(t.Context(), store.FeedState{URL: feed, Failures: 2}); err != nil {
		t.Errorf("save once the row is free: %v", err)
	}
}
