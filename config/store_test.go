package config

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// The PostgreSQL pool, statement timeout and lease settings are checked
// like every other key: each problem at its line, all at once.
func TestStoreTuningIsCheckedWithItsLines(t *testing.T) {
	p := writeFile(t, `polling:
  timeout: 1m
store:
  max_conns: 1
  statement_timeout: 10ms
  feed_lease: 90s
  lead_retry: 1h
`)
	_, err := Check(p, env(nil))
	want := []string{
		"4:14 store.max_conns",
		"5:22 store.statement_timeout",
		"6:15 store.feed_lease",
		"7:15 store.lead_retry",
	}
	if diff := cmp.Diff(want, place(t, err)); diff != "" {
		t.Errorf("problems (-want +got):\n%s\n%v", diff, err)
	}
	if !strings.Contains(err.Error(), "store.feed_lease: 1m30s must be at least twice polling.timeout (1m0s)") {
		t.Errorf("the lease problem does not say what it must exceed:\n%v", err)
	}
}

func TestStoreTuningDefaultsAndOverrides(t *testing.T) {
	d := Default().Store
	if d.MaxConns != 10 || d.StatementTimeout.D() != time.Minute || d.FeedLease.D() != 5*time.Minute || d.LeadRetry.D() != 3*time.Second {
		t.Errorf("defaults: max_conns %d, statement_timeout %s, feed_lease %s, lead_retry %s; want 10, 1m, 5m, 3s",
			d.MaxConns, d.StatementTimeout, d.FeedLease, d.LeadRetry)
	}
	p := writeFile(t, "store:\n  max_conns: 40\n  statement_timeout: 0s\n  feed_lease: 10m\n  lead_retry: 500ms\n")
	cfg, err := Check(p, env(nil))
	if err != nil {
		t.Fatal(err)
	}
	got := cfg.Store
	if got.MaxConns != 40 || got.StatementTimeout != 0 || got.FeedLease.D() != 10*time.Minute || got.LeadRetry.D() != 500*time.Millisecond {
		t.Errorf("read back: %+v", got)
	}
}
