package stories_test

import (
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"briefbot/internal/storyeval"
	"briefbot/stories"
)

var verbose = flag.Bool("storyeval.v", false, "print the evaluation tables and the wrong pairs")

func clusterFunc(items []storyeval.Item) map[string]string {
	arts := make([]stories.Article, len(items))
	for i, it := range items {
		arts[i] = stories.Article{ID: it.ID, Title: it.Title, Text: it.Text, Published: it.Time()}
	}
	ids := stories.Cluster(arts, stories.Options{})
	out := make(map[string]string, len(items))
	for i, it := range items {
		out[it.ID] = ids[i]
	}
	return out
}

func sharedEval(t *testing.T) string {
	t.Helper()
	dir := filepath.Join("..", "..", "shared", "eval")
	if _, err := os.Stat(filepath.Join(dir, "stories-dense", "gold.jsonl")); err != nil {
		t.Skipf("skipping: the shared story sets are not at %s (%v)", dir, err)
	}
	return dir
}

func load(t *testing.T, items, gold string) ([]storyeval.Item, map[string]string) {
	t.Helper()
	f, err := os.Open(items)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	its, err := storyeval.ReadItems(f)
	if err != nil {
		t.Fatal(err)
	}
	g, err := os.Open(gold)
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	gm, err := storyeval.ReadGold(g)
	if err != nil {
		t.Fatal(err)
	}
	return its, gm
}

// TestEvalTargets holds the clusterer to the targets on the shared
// developer splits.
func TestEvalTargets(t *testing.T) {
	dir := sharedEval(t)
	sets := []struct {
		name, items, gold  string
		minPairF1, minB3F1 float64
	}{
		{"dense", "stories-dense/items.jsonl", "stories-dense/gold.jsonl", 0.85, 0.92},
		{"sparse", "topics-dev.jsonl", "stories-dev.jsonl", 0, 0.97},
	}
	for _, s := range sets {
		t.Run(s.name, func(t *testing.T) {
			items, gold := load(t, filepath.Join(dir, s.items), filepath.Join(dir, s.gold))
			r := storyeval.Evaluate(items, gold, clusterFunc)
			if *verbose {
				r.Print(os.Stdout, "stories", true)
			}
			t.Logf("%s: pair P %.3f R %.3f F1 %.3f, B3 P %.3f R %.3f F1 %.3f (naive %.3f / %.3f)", s.name,
				r.System.PairP, r.System.PairR, r.System.PairF1, r.System.B3P, r.System.B3R, r.System.B3F1, r.Naive.PairF1, r.Naive.B3F1)
			if r.System.PairF1 < s.minPairF1 || r.System.B3F1 < s.minB3F1 {
				t.Errorf("pair F1 %.3f, B3 F1 %.3f; the targets are %.2f and %.2f", r.System.PairF1, r.System.B3F1, s.minPairF1, s.minB3F1)
			}
		})
	}
}

var _ = time.Hour
