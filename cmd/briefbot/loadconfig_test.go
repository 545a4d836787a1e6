package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A broken file given to run is reported whole, as config check reports it:
// an unknown key and a wrong type do not hide the values Validate refuses.
func TestRunReportsEveryConfigProblemAtOnce(t *testing.T) {
	p := filepath.Join(t.TempDir(), "briefbot.yaml")
	body := "polling:\n  interval: 1s\n  bogus: 3\nsummary:\n  sentences: many\n"
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := cli(t, "", nil, "run", "-config", p, "-db", filepath.Join(t.TempDir(), "b.db"))
	if code == 0 {
		t.Fatalf("run with a broken config exited 0")
	}
	for _, want := range []string{
		p + ":2:13: polling.interval", // a value Validate refuses
		p + ":3:3: unknown key \"bogus\"",
		p + ":5:14: summary.sentences: got `many`",
	} {
		if !strings.Contains(errOut, want) {
			t.Errorf("run's report lacks %q:\n%s", want, errOut)
		}
	}
}
