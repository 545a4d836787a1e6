package sumeval

import "strings"

// Score is one ROUGE measurement: precision, recall and F1, each in [0, 1].
type Score struct {
	P, R, F float64
}

func newScore(overlap, candTotal, refTotal int) Score {
	var s Score
	if candTotal > 0 {
		s.P = float64(overlap) / float64(candTotal)
	}
	if refTotal > 0 {
		s.R = float64(overlap) / float64(refTotal)
	}
	if s.P+s.R > 0 {
		s.F = 2 * s.P * s.R / (s.P + s.R)
	}
	return s
}

// Tokens lower-cases s and returns its runs of ASCII letters and digits;
// every other character separates tokens.
func Tokens(s string) []string {
	s = strings.ToLower(s)
	var out []string
	start := -1
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' || '0' <= c && c <= '9' {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			out = append(out, s[start:i])
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, s[start:])
	}
	return out
}

// Cut returns the first max tokens of toks, or all of them when max <= 0.
func Cut(toks []string, max int) []string {
	if max > 0 && len(toks) > max {
		return toks[:max]
	}
	return toks
}

// ngrams counts the n-grams of toks.
func ngrams(toks []string, n int) (map[string]int, int) {
	if n <= 0 || len(toks) < n {
		return nil, 0
	}
	m := make(map[string]int, len(toks)-n+1)
	for i := 0; i+n <= len(toks); i++ {
		m[strings.Join(toks[i:i+n], " ")]++
	}
	return m, len(toks) - n + 1
}

// RougeN scores the clipped n-gram overlap of cand with ref: each n-gram
// counts at most as often as it occurs in ref.
func RougeN(cand, ref []string, n int) Score {
	cm, ct := ngrams(cand, n)
	rm, rt := ngrams(ref, n)
	overlap := 0
	for g, c := range cm {
		overlap += min(c, rm[g])
	}
	return newScore(overlap, ct, rt)
}

// RougeL scores the longest common subsequence of cand and ref, taken over
// the whole token sequences.
func RougeL(cand, ref []string) Score {
	if len(cand) == 0 || len(ref) == 0 {
		return newScore(0, len(cand), len(ref))
	}
	prev := make([]int, len(ref)+1)
	cur := make([]int, len(ref)+1)
	for _, c := range cand {
		for j, r := range ref {
			switch {
			case c == r:
				cur[j+1] = prev[j] + 1
			case prev[j+1] >= cur[j]:
				cur[j+1] = prev[j+1]
			default:
				cur[j+1] = cur[j]
			}
		}
		prev, cur = cur, prev
	}
	return newScore(prev[len(ref)], len(cand), len(ref))
}
