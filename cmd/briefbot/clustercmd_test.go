package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestClusterCommand(t *testing.T) {
	in := strings.Join([]string{
		`{"id":"a","title":"Iran and Saudi Arabia agree to restore ties after China-brokered talks","text":"Iran and Saudi Arabia agreed on Friday to restore diplomatic relations and reopen embassies within two months, after talks in Beijing.","published":"2023-03-10T12:00:00+00:00"}`,
		`{"id":"b","title":"Flooding closes schools across Jakarta","text":"Heavy rain flooded dozens of neighbourhoods in the Indonesian capital.","published":"2023-03-10 13:00:00+00:00"}`,
		`{"id":"c","title":"Saudi Arabia and Iran to restore diplomatic ties, reopen embassies","text":"Saudi Arabia and Iran will restore diplomatic relations and reopen their embassies, after talks brokered by China in Beijing.","published":"2023-03-10T14:30:00Z"}`,
		`{"id":"d","title":"Undated item","text":"","published":null}`,
	}, "\n")
	code, out, errOut := cli(t, in, nil, "cluster")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var got []struct{ ID, Story string }
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var r struct{ ID, Story string }
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("line %q: %v", line, err)
		}
		got = append(got, r)
	}
	if len(got) != 4 || got[0].ID != "a" || got[1].ID != "b" || got[2].ID != "c" || got[3].ID != "d" {
		t.Fatalf("want one line per item in input order, got %+v", got)
	}
	if got[0].Story != got[2].Story || got[0].Story == got[1].Story || got[3].Story == "" {
		t.Errorf("want a and c in one story, b apart, d in a story: %+v", got)
	}
	if code, _, errOut := cli(t, in, nil, "cluster", "-window", "0s"); code != 2 || !strings.Contains(errOut, "-window") {
		t.Errorf("-window 0s: exit %d, stderr %q", code, errOut)
	}
	if code, _, errOut := cli(t, "not json\n", nil, "cluster"); code != 1 || !strings.Contains(errOut, "line 1") {
		t.Errorf("bad input: exit %d, stderr %q", code, errOut)
	}
}

func TestEvalStoriesCommand(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "shared", "eval")
	if _, err := os.Stat(filepath.Join(dir, "stories-dev.jsonl")); err != nil {
		t.Skipf("skipping: the shared story set is not at %s (%v)", dir, err)
	}
	code, out, errOut := cli(t, "", nil, "eval", "stories", "-gold", filepath.Join(dir, "stories-dev.jsonl"), "-items", filepath.Join(dir, "topics-dev.jsonl"))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"pair P", "B3 F1", "every item its own story", "naive headline overlap", "briefbot cluster -window 72h"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if code, _, _ := cli(t, "", nil, "eval", "stories", "-gold", filepath.Join(dir, "stories-dev.jsonl")); code != 2 {
		t.Errorf("without -items: exit %d, want 2", code)
	}
}
