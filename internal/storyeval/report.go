package storyeval

import (
	"fmt"
	"io"
)

// Report is one evaluation: a system's scores beside the baselines.
type Report struct {
	Items  int
	Gold   Scores // the gold grouping scored against itself: its story and pair counts
	System Scores
	Alone  Scores
	Naive  Scores
	// FalseMerges and Misses are the system's wrong pairs.
	FalseMerges, Misses []Pair
	titles              map[string]string
}

// Evaluate groups items with cluster and scores the grouping and the two
// baselines against gold. cluster returns a story label per item id.
func Evaluate(items []Item, gold map[string]string, cluster func([]Item) map[string]string) Report {
	ids := make([]string, len(items))
	titles := make(map[string]string, len(items))
	for i, it := range items {
		ids[i] = it.ID
		titles[it.ID] = it.Title
	}
	pred := cluster(items)
	r := Report{
		Items:  len(items),
		Gold:   Score(ids, gold, gold),
		System: Score(ids, gold, pred),
		Alone:  Score(ids, gold, Alone(items)),
		Naive:  Score(ids, gold, Naive(items)),
		titles: titles,
	}
	r.FalseMerges, r.Misses = Errors(ids, gold, pred)
	return r
}

// Print writes the score table and, when verbose, the wrong pairs.
func (r Report) Print(w io.Writer, system string, verbose bool) {
	fmt.Fprintf(w, "%d items, %d gold stories, %d gold same-story pairs\n\n", r.Items, r.Gold.Stories, r.Gold.Pairs)
	fmt.Fprintf(w, "%-34s %7s %6s %6s %6s %6s %6s %6s %6s\n", "system", "stories", "pairs", "pair P", "pair R", "pair F1", "B3 P", "B3 R", "B3 F1")
	row := func(name string, s Scores) {
		fmt.Fprintf(w, "%-34s %7d %6d %6.3f %6.3f %7.3f %6.3f %6.3f %6.3f\n", name, s.Stories, s.Pairs, s.PairP, s.PairR, s.PairF1, s.B3P, s.B3R, s.B3F1)
	}
	row("every item its own story", r.Alone)
	row("naive headline overlap (48 h)", r.Naive)
	row(system, r.System)
	if !verbose {
		return
	}
	fmt.Fprintf(w, "\nfalse merges (%d):\n", len(r.FalseMerges))
	for _, p := range r.FalseMerges {
		fmt.Fprintf(w, "  %s %q\n    + %s %q\n", p.A, r.titles[p.A], p.B, r.titles[p.B])
	}
	fmt.Fprintf(w, "\nmissed pairs (%d):\n", len(r.Misses))
	for _, p := range r.Misses {
		fmt.Fprintf(w, "  %s %q\n    + %s %q\n", p.A, r.titles[p.A], p.B, r.titles[p.B])
	}
}
