package storyeval

// Scores compares one grouping with the gold grouping.
type Scores struct {
	// Stories is how many stories the grouping has; Pairs how many
	// same-story pairs it predicts.
	Stories, Pairs int
	// PairP, PairR and PairF1 score every unordered pair of items as a
	// same-story yes/no decision. Precision is 1 when nothing is merged.
	PairP, PairR, PairF1 float64
	// B3P, B3R and B3F1 are the B-cubed scores: per item, the share of its
	// predicted story that is in its gold story (precision) and of its
	// gold story that is in its predicted story (recall), averaged over
	// items; F1 is the harmonic mean of the averages.
	B3P, B3R, B3F1 float64
}

// Pair is two items, in file order, that one grouping put together and the
// other did not.
type Pair struct{ A, B string }

// Score compares pred with gold over ids. An id missing from pred is a
// story of its own; an id missing from gold too.
func Score(ids []string, gold, pred map[string]string) Scores {
	g := labels(ids, gold)
	p := labels(ids, pred)
	var s Scores
	goldSize := map[string]int{}
	predSize := map[string]int{}
	both := map[[2]string]int{}
	for i := range ids {
		goldSize[g[i]]++
		predSize[p[i]]++
		both[[2]string{g[i], p[i]}]++
	}
	s.Stories = len(predSize)
	goldPairs, predPairs, truePairs := 0, 0, 0
	for _, n := range goldSize {
		goldPairs += n * (n - 1) / 2
	}
	for _, n := range predSize {
		predPairs += n * (n - 1) / 2
	}
	for _, n := range both {
		truePairs += n * (n - 1) / 2
	}
	s.Pairs = predPairs
	s.PairP = 1
	if predPairs > 0 {
		s.PairP = float64(truePairs) / float64(predPairs)
	}
	if goldPairs > 0 {
		s.PairR = float64(truePairs) / float64(goldPairs)
	}
	s.PairF1 = f1(s.PairP, s.PairR)
	if len(ids) > 0 {
		for i := range ids {
			n := float64(both[[2]string{g[i], p[i]}])
			s.B3P += n / float64(predSize[p[i]])
			s.B3R += n / float64(goldSize[g[i]])
		}
		s.B3P /= float64(len(ids))
		s.B3R /= float64(len(ids))
	}
	s.B3F1 = f1(s.B3P, s.B3R)
	return s
}

// Errors lists the pairs pred put together that gold keeps apart (false
// merges) and the gold pairs pred kept apart (misses), in file order.
func Errors(ids []string, gold, pred map[string]string) (falseMerges, misses []Pair) {
	g := labels(ids, gold)
	p := labels(ids, pred)
	for i := range ids {
		for j := i + 1; j < len(ids); j++ {
			sameG, sameP := g[i] == g[j], p[i] == p[j]
			switch {
			case sameP && !sameG:
				falseMerges = append(falseMerges, Pair{ids[i], ids[j]})
			case sameG && !sameP:
				misses = append(misses, Pair{ids[i], ids[j]})
			}
		}
	}
	return falseMerges, misses
}

// labels gives each id its story label, with a unique label for ids the
// grouping leaves out.
func labels(ids []string, m map[string]string) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		if l, ok := m[id]; ok {
			out[i] = "s:" + l
		} else {
			out[i] = "alone:" + id
		}
	}
	return out
}

func f1(p, r float64) float64 {
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}
