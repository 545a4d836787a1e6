package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// briefbot match -explain shows, for a query a user wrote, which parts
// held and where their words were found, under the normalisation of the
// built-in topics; and how a weighted topic added up.
func TestMatchExplainShowsQueryParts(t *testing.T) {
	cfg := filepath.Join(t.TempDir(), "caspian.yaml")
	yaml := "topics:\n  - id: caspian\n    title: Caspian energy\n    query: '\"Caspian\" AND (oil OR gas OR pipeline) NOT caviar'\n"
	if err := os.WriteFile(cfg, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	article := "CASPIAN PIPELINES REOPEN after repairs\nThe Caspian's gás flows resume, officials said.\n"
	code, out, errOut := cli(t, article, nil, "match", "-config", cfg, "-text", "-explain")
	if code != 0 {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	for _, want := range []string{
		"  caspian: matched by its query, score 1.725",
		`      "Caspian": holds: title "CASPIAN" at 0, text "Caspian's" at 4`,
		`        oil: does not hold`,
		`        gas: holds: text "gás" at 14`,
		`        pipeline: holds: title "PIPELINES" at 8`,
		`      NOT caviar: holds`,
		"  iran-russia: not matched, score 0.000 of 1",
	} {
		if !strings.Contains(out, want+"\n") {
			t.Errorf("output lacks line %q:\n%s", want, out)
		}
	}

	// JSON Lines too, one report per article, headed by its id; a weighted
	// topic shows what added to its score.
	in := `{"id":"a1","title":"Putin meets Iranian President Riasi in Moscow","text":""}` + "\n"
	code, out, errOut = cli(t, in, nil, "match", "-explain")
	if code != 0 {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	for _, want := range []string{
		`article "a1": "Putin meets Iranian President Riasi in Moscow"`,
		"  iran-russia: matched, score",
		`title "Riasi" at 30 (≈ Raisi)`,
		"group iran +",
		"pair +",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}
