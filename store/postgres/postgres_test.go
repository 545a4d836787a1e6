package postgres_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"briefbot/brief"
	"briefbot/store"
	"briefbot/store/postgres"
	"briefbot/store/storetest"
)

const dsnEnv = "BRIEFBOT_TEST_POSTGRES_DSN"

// schemaDSN creates a uniquely named schema for one test, drops it when
// the test ends, and returns a DSN whose search_path selects it. Tests in
// their own schemas run in parallel and leave nothing behind.
func schemaDSN(t testing.TB) string {
	t.Helper()
	dsn := baseDSN(t)
	b := make([]byte, 6)
	rand.Read(b)
	schema := "briefbot_test_" + hex.EncodeToString(b)
	ident := pgx.Identifier{schema}.Sanitize()

	ctx := t.Context()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatalf("connect to %s: %v", dsnEnv, err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+ident); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		conn, err := pgx.Connect(ctx, dsn)
		if err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
			return
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, "DROP SCHEMA "+ident+" CASCADE"); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
	})

	if strings.Contains(dsn, "://") {
		u, err := url.Parse(dsn)
		if err != nil {
			t.Fatal(err)
		}
		q := u.Query()
		q.Set("search_path", schema)
		u.RawQuery = q.Encode()
		return u.String()
	}
	return dsn + " search_path=" + schema
}

// baseDSN is the test database, or skips the test when none is set.
func baseDSN(t testing.TB) string {
	t.Helper()
	dsn := os.Getenv(dsnEnv)
	if dsn == "" {
		t.Skipf("%s is not set; set it (e.g. postgres://postgres@127.0.0.1:5432/test?sslmode=disable) to run the PostgreSQL tests", dsnEnv)
	}
	return dsn
}

func open(t *testing.T, dsn string, opt postgres.Options) *postgres.Store {
	t.Helper()
	s, err := postgres.Open(t.Context(), dsn, opt)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Error(err)
		}
	})
	return s
}

func TestContract(t *testing.T) {
	baseDSN(t)
	storetest.Run(t, func(t *testing.T) store.Store {
		return open(t, schemaDSN(t), postgres.Options{LeadCheck: 50 * time.Millisecond})
	})
}

func TestReplicasMigrateTogether(t *testing.T) {
	dsn := schemaDSN(t)
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Go(func() {
			s, err := postgres.Open(t.Context(), dsn, postgres.Options{MaxConns: 2})
			if err == nil {
				_, err = s.HasArticle(t.Context(), "urn:a")
				s.Close()
			}
			errs[i] = err
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	// Reopening applies nothing and finds the schema working.
	s := open(t, dsn, postgres.Options{})
	if _, err := s.Messages(t.Context(), ""); err != nil {
		t.Fatal(err)
	}
}

func TestOpenRefusesNewerSchema(t *testing.T) {
	dsn := schemaDSN(t)
	s, err := postgres.Open(t.Context(), dsn, postgres.Options{})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	conn, err := pgx.Connect(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(t.Context())
	if _, err := conn.Exec(t.Context(),
		`INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, '0999_future.sql', now())`); err != nil {
		t.Fatal(err)
	}
	if s, err := postgres.Open(t.Context(), dsn, postgres.Options{}); err == nil {
		s.Close()
		t.Fatal("Open of a schema from a newer binary succeeded")
	}
}

func TestLeadIsHeldByOneReplicaAtATime(t *testing.T) {
	dsn := schemaDSN(t)
	opt := postgres.Options{LeadRetry: 20 * time.Millisecond, LeadCheck: 20 * time.Millisecond}
	first, second := open(t, dsn, opt), open(t, dsn, opt)

	_, release, err := first.Lead(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	// While the first leads, the second waits until its context ends.
	ctx, cancel := context.WithTimeout(t.Context(), 200*time.Millisecond)
	defer cancel()
	if _, _, err := second.Lead(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("second replica's Lead while the first leads = %v, want context.DeadlineExceeded", err)
	}

	type result struct {
		release func()
		err     error
	}
	got := make(chan result, 1)
	var wg sync.WaitGroup
	wg.Go(func() {
		_, r, err := second.Lead(t.Context())
		got <- result{r, err}
	})
	release()
	release() // a second call does nothing
	r := <-got
	wg.Wait()
	if r.err != nil {
		t.Fatalf("second replica's Lead after release: %v", r.err)
	}
	r.release()
	// Released again: the first can lead once more.
	_, again, err := first.Lead(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	again()
}

func TestCloseGivesUpLeadership(t *testing.T) {
	dsn := schemaDSN(t)
	opt := postgres.Options{LeadRetry: 20 * time.Millisecond, LeadCheck: 20 * time.Millisecond}
	first, err := postgres.Open(t.Context(), dsn, opt)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := first.Lead(t.Context()); err != nil {
		t.Fatal(err)
	}
	if err := first.Close(); err != nil { // must not wait for the lease to be released
		t.Fatal(err)
	}
	second := open(t, dsn, opt)
	_, release, err := second.Lead(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	release()
}

// Two replicas, each with its own pool, claim the same outbox at once.
func TestReplicasNeverClaimTheSameMessage(t *testing.T) {
	dsn := schemaDSN(t)
	replicas := []*postgres.Store{open(t, dsn, postgres.Options{}), open(t, dsn, postgres.Options{})}
	ctx := t.Context()
	now := time.Date(2025, 6, 1, 8, 0, 0, 0, time.UTC)
	const channels, perChannel = 5, 8
	for i := range perChannel {
		for c := range channels {
			ch := brief.ChannelRef{Platform: brief.PlatformSlack, ID: fmt.Sprintf("C%d", c)}
			msg := store.Message{Key: fmt.Sprintf("%s#%d", ch, i), Channel: ch, Kind: store.KindAlert,
				TopicID: "jcpoa", Payload: []byte("{}"), Created: now, NextAttempt: now}
			if _, err := replicas[(i+c)%2].Enqueue(ctx, msg); err != nil {
				t.Fatal(err)
			}
		}
	}
	var mu sync.Mutex
	claims := map[int64]int{}
	order := map[string][]int64{}
	var wg sync.WaitGroup
	for w := range 4 {
		s := replicas[w%2]
		wg.Go(func() {
			for range 10_000 {
				mu.Lock()
				done := len(claims) == channels*perChannel
				mu.Unlock()
				if done {
					return
				}
				got, err := s.ClaimDue(ctx, now, time.Hour, 2)
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				for _, m := range got {
					claims[m.ID]++
					order[m.Channel.String()] = append(order[m.Channel.String()], m.ID)
				}
				mu.Unlock()
				for _, m := range got {
					if err := s.MarkSent(ctx, m.ID, now); err != nil {
						t.Error(err)
						return
					}
				}
			}
			t.Error("gave up before every message was claimed")
		})
	}
	wg.Wait()
	if len(claims) != channels*perChannel {
		t.Errorf("claimed %d distinct messages, want %d", len(claims), channels*perChannel)
	}
	for id, n := range claims {
		if n != 1 {
			t.Errorf("message %d claimed %d times", id, n)
		}
	}
	for ch, ids := range order {
		if !slices.IsSorted(ids) {
			t.Errorf("%s received its messages out of order: %v", ch, ids)
		}
	}
}
