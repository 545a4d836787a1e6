package sqlite_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"briefbot/brief"
	"briefbot/store"
	"briefbot/store/sqlite"
	"briefbot/store/storetest"
)

func open(t *testing.T, path string) *sqlite.Store {
	t.Helper()
	s, err := sqlite.Open(t.Context(), path, sqlite.Options{})
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
	storetest.Run(t, func(t *testing.T) store.Store {
		return open(t, filepath.Join(t.TempDir(), "briefbot.db"))
	})
}

func TestOpenCreatesParentDirectories(t *testing.T) {
	path := filepath.Join(t.TempDir(), "data", "nested", "briefbot.db")
	s := open(t, path)
	if _, err := s.HasArticle(t.Context(), "urn:a"); err != nil {
		t.Fatal(err)
	}
}

func TestReopenKeepsDataAndSkipsApplied(t *testing.T) {
	path := filepath.Join(t.TempDir(), "briefbot.db")
	ctx := t.Context()
	first, err := sqlite.Open(ctx, path, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	a := brief.Article{ID: "urn:a", FeedURL: "https://a.example/rss", Title: "A",
		Published: time.Date(2025, 6, 1, 8, 0, 0, 0, time.UTC), Fetched: time.Date(2025, 6, 1, 8, 1, 0, 0, time.UTC)}
	if err := first.SaveArticle(ctx, a, nil, store.SaveOptions{Now: a.Fetched}); err != nil {
		t.Fatal(err)
	}
	if err := first.Close(); err != nil {
		t.Fatal(err)
	}

	for i := range 2 {
		s, err := sqlite.Open(ctx, path, sqlite.Options{})
		if err != nil {
			t.Fatalf("reopen %d: %v", i+1, err)
		}
		got, err := s.Article(ctx, a.ID)
		if err != nil || got.Title != a.Title {
			t.Errorf("reopen %d: article = %+v, %v", i+1, got, err)
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
	}
}

func TestReopenReleasesLeases(t *testing.T) {
	path := filepath.Join(t.TempDir(), "briefbot.db")
	ctx := t.Context()
	now := time.Date(2025, 6, 1, 8, 0, 0, 0, time.UTC)
	ch := brief.ChannelRef{Platform: brief.PlatformSlack, ID: "C1"}

	// A process claims a message and dies before marking it.
	crashed, err := sqlite.Open(ctx, path, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	msg := store.Message{Key: "answer:1", Channel: ch, Kind: store.KindAnswer, Payload: []byte("{}"), Created: now, NextAttempt: now}
	if _, err := crashed.Enqueue(ctx, msg); err != nil {
		t.Fatal(err)
	}
	if got, err := crashed.ClaimDue(ctx, now, time.Hour, 10); err != nil || len(got) != 1 {
		t.Fatalf("claim = %v, %v", got, err)
	}
	if err := crashed.Close(); err != nil {
		t.Fatal(err)
	}

	// Its successor delivers at once rather than an hour later.
	s := open(t, path)
	got, err := s.ClaimDue(ctx, now.Add(time.Minute), time.Hour, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Key != msg.Key || got[0].Attempts != 2 {
		t.Errorf("claim after reopen = %+v, want %s on its second attempt", got, msg.Key)
	}
}

func TestOpenRefusesBadPath(t *testing.T) {
	for _, path := range []string{"", filepath.Join(t.TempDir(), "a?b.db")} {
		if s, err := sqlite.Open(t.Context(), path, sqlite.Options{}); err == nil {
			s.Close()
			t.Errorf("Open(%q) succeeded", path)
		}
	}
}

// A one-shot command opening the file beside the running bot must not free
// the bot's live leases, or a message in flight could be sent twice.
func TestKeepLeasesLeavesTheRunningBotsLeasesAlone(t *testing.T) {
	path := filepath.Join(t.TempDir(), "briefbot.db")
	ctx := t.Context()
	now := time.Date(2025, 6, 1, 8, 0, 0, 0, time.UTC)
	ch := brief.ChannelRef{Platform: brief.PlatformSlack, ID: "C1"}
	running := open(t, path)
	msg := store.Message{Key: "answer:1", Channel: ch, Kind: store.KindAnswer, Payload: []byte("{}"), Created: now, NextAttempt: now}
	if _, err := running.Enqueue(ctx, msg); err != nil {
		t.Fatal(err)
	}
	if got, err := running.ClaimDue(ctx, now, time.Hour, 10); err != nil || len(got) != 1 {
		t.Fatalf("claim = %v, %v", got, err)
	}
	beside, err := sqlite.Open(ctx, path, sqlite.Options{KeepLeases: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := beside.Close(); err != nil {
		t.Fatal(err)
	}
	if got, err := running.ClaimDue(ctx, now.Add(time.Minute), time.Hour, 10); err != nil || len(got) != 0 {
		t.Errorf("claim after a one-shot command opened the file = %+v, %v; want the lease still held", got, err)
	}
}

// One process owns a SQLite file: a second owner is refused with a message
// that says what to do, while one-shot commands may still open it beside
// the owner; the lock goes with the owner.
func TestASecondOwnerIsRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "briefbot.db")
	first, err := sqlite.Open(t.Context(), path, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sqlite.Open(t.Context(), path, sqlite.Options{}); err == nil || !strings.Contains(err.Error(), "another briefbot is running") {
		t.Fatalf("second owner: %v, want a refusal", err)
	}
	beside, err := sqlite.Open(t.Context(), path, sqlite.Options{KeepLeases: true, MustExist: true})
	if err != nil {
		t.Fatalf("a one-shot command beside the owner: %v", err)
	}
	beside.Close()
	first.Close()
	again, err := sqlite.Open(t.Context(), path, sqlite.Options{})
	if err != nil {
		t.Fatalf("after the owner closed: %v", err)
	}
	again.Close()
}

func TestMustExistRefusesToCreate(t *testing.T) {
	path := filepath.Join(t.TempDir(), "typo", "briefbot.db")
	if _, err := sqlite.Open(t.Context(), path, sqlite.Options{KeepLeases: true, MustExist: true}); err == nil || !strings.Contains(err.Error(), "no database there") {
		t.Fatalf("Open of a missing file = %v, want a refusal", err)
	}
	if _, err := os.Stat(filepath.Dir(path)); !os.IsNotExist(err) {
		t.Errorf("the refused Open created %s", filepath.Dir(path))
	}
}
