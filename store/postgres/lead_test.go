package postgres_test

import (
	"context"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"briefbot/store/postgres"
)

// withAppName names the connections a DSN opens, so the test can find a
// replica's backends in pg_stat_activity.
func withAppName(t *testing.T, dsn, name string) string {
	t.Helper()
	if !strings.Contains(dsn, "://") {
		return dsn + " application_name=" + name
	}
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("application_name", name)
	u.RawQuery = q.Encode()
	return u.String()
}

// leadEvent is a replica starting or ending its lead.
type leadEvent struct {
	replica string
	leads   bool  // false: its lead ended
	cause   error // why it ended
}

// contender is one replica that, each time it is let, waits for the lead,
// "works" until the lead ends, releases it, and reports both moments.
type contender struct {
	name  string
	st    *postgres.Store
	again chan struct{} // one token per attempt to lead
}

// The lock lives on one connection. When the server ends that session
// (pg_terminate_backend here; a restart or failover alike) the lock is
// free for another replica, so the leader must learn it and stop: its lead
// ends, another contender takes over, and at no moment do two replicas
// hold a lead at once.
func TestLeadEndsWhenItsConnectionIsTerminated(t *testing.T) {
	dsn := schemaDSN(t)
	opt := postgres.Options{LeadRetry: 20 * time.Millisecond, LeadCheck: 200 * time.Millisecond}
	replicas := map[string]*contender{}
	for _, name := range []string{"briefbot-replica-a", "briefbot-replica-b"} {
		replicas[name] = &contender{name: name, st: open(t, withAppName(t, dsn, name), opt), again: make(chan struct{}, 1)}
	}

	var leading atomic.Int32 // replicas holding a live lead
	var overlap atomic.Bool
	events := make(chan leadEvent, 16)
	ctx, cancel := context.WithCancel(t.Context())
	var wg sync.WaitGroup
	defer func() { cancel(); wg.Wait() }()
	for _, c := range replicas {
		wg.Go(func() {
			for {
				select {
				case <-c.again:
				case <-ctx.Done():
					return
				}
				lead, release, err := c.st.Lead(ctx)
				if err != nil {
					return // ctx ended
				}
				if leading.Add(1) > 1 {
					overlap.Store(true)
				}
				events <- leadEvent{replica: c.name, leads: true}
				<-lead.Done()
				leading.Add(-1)
				release()
				events <- leadEvent{replica: c.name, cause: context.Cause(lead)}
			}
		})
	}
	next := func(what string) leadEvent {
		t.Helper()
		select {
		case e := <-events:
			return e
		case <-time.After(15 * time.Second):
			t.Fatalf("timed out waiting for %s", what)
			return leadEvent{}
		}
	}

	admin, err := pgx.Connect(t.Context(), baseDSN(t))
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close(context.Background())
	// terminate ends the session of the replica's backend holding a
	// session-level advisory lock (objsubid 1: a bigint key).
	terminate := func(replica string) {
		t.Helper()
		var pids []int32
		rows, err := admin.Query(t.Context(), `SELECT l.pid FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
			WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 AND a.application_name = $1`, replica)
		if err == nil {
			pids, err = pgx.CollectRows(rows, pgx.RowTo[int32])
		}
		if err != nil {
			t.Fatal(err)
		}
		if len(pids) != 1 {
			t.Fatalf("%s holds advisory locks on %d backends, want the leader lock on 1", replica, len(pids))
		}
		var ok bool
		if err := admin.QueryRow(t.Context(), `SELECT pg_terminate_backend($1)`, pids[0]).Scan(&ok); err != nil || !ok {
			t.Fatalf("pg_terminate_backend(%d) = %v, %v", pids[0], ok, err)
		}
	}

	for _, c := range replicas {
		c.again <- struct{}{}
	}
	first := next("a first leader")
	if !first.leads {
		t.Fatalf("first event: %+v, want a replica taking the lead", first)
	}
	leader := first.replica
	for round := range 2 {
		var follower string
		for name := range replicas {
			if name != leader {
				follower = name
			}
		}
		terminate(leader)
		if e := next("the leader to lose its lead"); e.leads || e.replica != leader {
			t.Fatalf("round %d: after terminating %s's lock connection, got %+v; want its lead to end", round, leader, e)
		} else {
			t.Logf("round %d: %s's lead ended: %v", round, leader, e.cause)
		}
		if e := next("the other replica to take the lead"); !e.leads || e.replica != follower {
			t.Fatalf("round %d: got %+v, want %s to take the lead", round, e, follower)
		}
		// The replica that lost goes back to waiting; it leads again only
		// when the new leader goes.
		replicas[leader].again <- struct{}{}
		leader = follower
	}
	if overlap.Load() {
		t.Error("two replicas held a lead at the same time")
	}
}
