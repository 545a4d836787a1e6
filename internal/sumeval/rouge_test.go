package sumeval

import (
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func TestTokens(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"lower-cases and splits on punctuation", "The U.S. economy grew 3.5%.", []string{"the", "u", "s", "economy", "grew", "3", "5"}},
		{"glued sentences split at the stop", "in that time.She said", []string{"in", "that", "time", "she", "said"}},
		{"apostrophes and hyphens separate", "party's long-term", []string{"party", "s", "long", "term"}},
		{"non-ASCII letters separate", "£1,400 café naïve", []string{"1", "400", "caf", "na", "ve"}},
		{"empty", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, Tokens(tt.in)); diff != "" {
				t.Errorf("Tokens(%q) (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

func TestCut(t *testing.T) {
	toks := []string{"a", "b", "c"}
	if got := Cut(toks, 2); !cmp.Equal(got, []string{"a", "b"}) {
		t.Errorf("Cut(2) = %v", got)
	}
	if got := Cut(toks, 0); len(got) != 3 {
		t.Errorf("Cut(0) = %v, want no cut", got)
	}
	if got := Cut(toks, 10); len(got) != 3 {
		t.Errorf("Cut(10) = %v, want all", got)
	}
}

// The expected scores below are worked out by hand in the comments.
func TestRouge(t *testing.T) {
	approx := cmpopts.EquateApprox(0, 1e-12)
	tests := []struct {
		name       string
		cand, ref  string
		r1, r2, rl Score
	}{
		{
			// cand: the cat sat on the mat (6 tokens); ref: the cat lay on the mat (6).
			// unigrams: the(2,2) cat on mat match, sat/lay differ: 5/6 both ways.
			// bigrams cand: the-cat cat-sat sat-on on-the the-mat; ref: the-cat cat-lay lay-on on-the the-mat:
			// 3 of 5 match. LCS: the cat on the mat = 5.
			name: "one word differs",
			cand: "The cat sat on the mat.", ref: "the cat lay on the mat",
			r1: Score{5.0 / 6, 5.0 / 6, 5.0 / 6},
			r2: Score{3.0 / 5, 3.0 / 5, 3.0 / 5},
			rl: Score{5.0 / 6, 5.0 / 6, 5.0 / 6},
		},
		{
			// Clipping: cand "the the the the" has 4 x the, ref "the cat" one: overlap 1.
			// R1 P=1/4 R=1/2 F=2*(1/8)/(3/4)=1/3. Bigrams: the-the x3 vs the-cat: 0.
			// LCS = 1: same as R1.
			name: "repeated n-grams are clipped",
			cand: "the the the the", ref: "the cat",
			r1: Score{1.0 / 4, 1.0 / 2, 1.0 / 3},
			r2: Score{0, 0, 0},
			rl: Score{1.0 / 4, 1.0 / 2, 1.0 / 3},
		},
		{
			// cand: a b c d (4); ref: a c b d e (5). Unigrams 4/4 and 4/5: F=8/9.
			// Bigrams cand a-b b-c c-d; ref a-c c-b b-d d-e: none match.
			// LCS: a b d or a c d = 3: P=3/4 R=3/5 F=2*(9/20)/(27/20)=2/3.
			name: "order matters for bigrams and LCS",
			cand: "a b c d", ref: "a c b d e",
			r1: Score{1, 4.0 / 5, 8.0 / 9},
			r2: Score{0, 0, 0},
			rl: Score{3.0 / 4, 3.0 / 5, 2.0 / 3},
		},
		{
			name: "empty candidate scores zero",
			cand: "", ref: "the cat",
			r1: Score{0, 0, 0}, r2: Score{0, 0, 0}, rl: Score{0, 0, 0},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, r := Tokens(tt.cand), Tokens(tt.ref)
			if diff := cmp.Diff(tt.r1, RougeN(c, r, 1), approx); diff != "" {
				t.Errorf("ROUGE-1 (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.r2, RougeN(c, r, 2), approx); diff != "" {
				t.Errorf("ROUGE-2 (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.rl, RougeL(c, r), approx); diff != "" {
				t.Errorf("ROUGE-L (-want +got):\n%s", diff)
			}
		})
	}
}

func TestRougeCutToMaxTokens(t *testing.T) {
	// Only the first 3 candidate tokens count: "a b c" against "a b c d e f":
	// R2 overlap a-b b-c = 2, P=2/2, R=2/5, F=2*(2/5)/(7/5)=4/7.
	got := RougeN(Cut(Tokens("a b c x y z"), 3), Tokens("a b c d e f"), 2)
	if math.Abs(got.F-4.0/7) > 1e-12 {
		t.Errorf("F = %v, want 4/7", got.F)
	}
}
