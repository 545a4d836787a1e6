package postgres_test

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"briefbot/store/postgres"
)

// The story turn is held by one store handle at a time: a second handle
// on the schema (another replica) waits until the first releases it.
func TestStoryTurnExcludesOtherReplicas(t *testing.T) {
	dsn := schemaDSN(t)
	a := open(t, dsn, postgres.Options{})
	b := open(t, dsn, postgres.Options{})
	release, shared, err := a.StoryTurn(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if !shared {
		t.Error("StoryTurn on PostgreSQL reported shared = false, want true")
	}
	wait, cancel := context.WithTimeout(t.Context(), 300*time.Millisecond)
	defer cancel()
	if _, _, err := b.StoryTurn(wait); err == nil {
		t.Fatal("a second replica took the story turn while the first held it")
	}
	took := make(chan error, 1)
	go func() {
		releaseB, _, err := b.StoryTurn(t.Context())
		if err == nil {
			err = releaseB()
		}
		took <- err
	}()
	select {
	case err := <-took:
		t.Fatalf("the second replica took the story turn before the first released it (err %v)", err)
	case <-time.After(100 * time.Millisecond):
	}
	if err := release(); err != nil {
		t.Fatal(err)
	}
	if err := <-took; err != nil {
		t.Fatalf("the second replica, after the first released the turn: %v", err)
	}
}

// A replica whose connection holding the story turn is terminated has lost
// the turn: another takes it, and the first one's release says so.
func TestStoryTurnLostWithItsConnection(t *testing.T) {
	dsn := schemaDSN(t)
	a := open(t, dsn, postgres.Options{})
	b := open(t, dsn, postgres.Options{})
	release, _, err := a.StoryTurn(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	conn, err := pgx.Connect(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	// The turn is the schema's advisory lock in the two-key space.
	var n int
	if err := conn.QueryRow(t.Context(), `SELECT count(pg_terminate_backend(pid)) FROM pg_locks
		WHERE locktype = 'advisory' AND objsubid = 2 AND granted
		AND classid = 1937010500 AND objid = hashtext(current_schema())::oid`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 1 {
		t.Fatalf("terminated %d sessions holding the story turn, want 1", n)
	}
	wait, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	releaseB, _, err := b.StoryTurn(wait)
	if err != nil {
		t.Fatalf("another replica could not take the turn after its holder's connection was terminated: %v", err)
	}
	if err := release(); err == nil {
		t.Error("release of a turn whose connection was terminated reported nothing")
	}
	if err := releaseB(); err != nil {
		t.Error(err)
	}
}
