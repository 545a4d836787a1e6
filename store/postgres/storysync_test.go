package postgres_test

import (
	"context"
	"testing"
	"time"

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
