package storyeval

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestScore(t *testing.T) {
	ids := []string{"a", "b", "c", "d"}
	gold := map[string]string{"a": "1", "b": "1", "c": "1", "d": "2"}
	tests := []struct {
		name string
		pred map[string]string
		want Scores
	}{
		{"every item alone has precision 1 and no pairs", map[string]string{"a": "a", "b": "b", "c": "c", "d": "d"},
			Scores{Stories: 4, PairP: 1, PairR: 0, PairF1: 0, B3P: 1, B3R: 0.5, B3F1: 2.0 / 3}},
		{"the gold grouping scores 1", gold,
			Scores{Stories: 2, Pairs: 3, PairP: 1, PairR: 1, PairF1: 1, B3P: 1, B3R: 1, B3F1: 1}},
		{"one story for all loses precision", map[string]string{"a": "x", "b": "x", "c": "x", "d": "x"},
			Scores{Stories: 1, Pairs: 6, PairP: 0.5, PairR: 1, PairF1: 2.0 / 3, B3P: (3*0.75 + 0.25) / 4, B3R: 1, B3F1: 2 * 0.625 / 1.625}},
		{"an item left out is a story of its own", map[string]string{"a": "x", "b": "x"},
			Scores{Stories: 3, Pairs: 1, PairP: 1, PairR: 1.0 / 3, PairF1: 0.5, B3P: 1, B3R: (2.0/3*2 + 1.0/3 + 1) / 4, B3F1: 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Score(ids, gold, tt.pred)
			if tt.want.B3F1 == 0 {
				tt.want.B3F1 = f1(tt.want.B3P, tt.want.B3R)
			}
			if !near(got, tt.want) {
				t.Errorf("got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func near(a, b Scores) bool {
	eq := func(x, y float64) bool { return math.Abs(x-y) < 1e-9 }
	return a.Stories == b.Stories && a.Pairs == b.Pairs && eq(a.PairP, b.PairP) && eq(a.PairR, b.PairR) &&
		eq(a.PairF1, b.PairF1) && eq(a.B3P, b.B3P) && eq(a.B3R, b.B3R) && eq(a.B3F1, b.B3F1)
}

func TestNaiveJoinsOverlappingTitlesWithin48Hours(t *testing.T) {
	items := []Item{
		{ID: "a", Title: "Iran and Saudi Arabia agree to restore ties", Published: "2023-03-10T10:00:00Z"},
		{ID: "b", Title: "Saudi Arabia, Iran agree to restore diplomatic ties", Published: "2023-03-10 12:00:00+00:00"},
		{ID: "c", Title: "Iran and Saudi Arabia agree to restore ties", Published: "2023-03-14T12:00:00Z"},
		{ID: "d", Title: "Iran and Saudi Arabia agree to restore ties"},
		{ID: "e", Title: "Flooding in Jakarta", Published: "2023-03-10T11:00:00Z"},
	}
	got := Naive(items)
	if got["a"] != got["b"] {
		t.Errorf("a and b share most words within hours, want joined: %v", got)
	}
	for _, id := range []string{"c", "d", "e"} {
		if got[id] == got["a"] {
			t.Errorf("%s joined a: four days apart, undated or unrelated must stay apart: %v", id, got)
		}
	}
}

// TestBaselinesOnSharedSets checks the scorer against the baseline figures
// the eval READMEs publish for the same data.
func TestBaselinesOnSharedSets(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "shared", "eval")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("skipping: shared eval sets not found at %s (%v)", dir, err)
	}
	sets := []struct {
		name, gold, items      string
		alonePairF1, aloneB3F1 float64
		naivePairF1, naiveB3F1 float64
	}{
		{"dense", "stories-dense/gold.jsonl", "stories-dense/items.jsonl", 0, 0.754, 0.483, 0.813},
		{"sparse", "stories-dev.jsonl", "topics-dev.jsonl", 0, 0.963, 0.105, 0.960},
	}
	for _, s := range sets {
		t.Run(s.name, func(t *testing.T) {
			items, gold := Load(t, filepath.Join(dir, s.items), filepath.Join(dir, s.gold))
			r := Evaluate(items, gold, Alone)
			check := func(what string, got, want float64) {
				t.Helper()
				// The README does not list its stopwords, so the naive
				// figures may differ a little; the do-nothing ones are exact.
				tol := 0.0015
				if strings.HasPrefix(what, "naive") {
					tol = 0.015
				}
				if math.Abs(got-want) > tol {
					t.Errorf("%s = %.3f, the README says %.3f", what, got, want)
				}
			}
			check("alone pair F1", r.Alone.PairF1, s.alonePairF1)
			check("alone B3 F1", r.Alone.B3F1, s.aloneB3F1)
			check("naive pair F1", r.Naive.PairF1, s.naivePairF1)
			check("naive B3 F1", r.Naive.B3F1, s.naiveB3F1)
		})
	}
}

// Load reads an items file and a gold file for a test.
func Load(t testing.TB, itemsPath, goldPath string) ([]Item, map[string]string) {
	t.Helper()
	f, err := os.Open(itemsPath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	items, err := ReadItems(f)
	if err != nil {
		t.Fatalf("%s: %v", itemsPath, err)
	}
	g, err := os.ReadFile(goldPath)
	if err != nil {
		t.Fatal(err)
	}
	gold, err := ReadGold(strings.NewReader(string(g)))
	if err != nil {
		t.Fatalf("%s: %v", goldPath, err)
	}
	return items, gold
}
