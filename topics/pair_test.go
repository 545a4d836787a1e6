package topics

import (
	"testing"

	"briefbot/brief"
)

// Two sides pair anywhere in the headline, in one sentence of the text,
// or across a sentence end when they stand within near words; not
// further apart.
func TestPairsNeedBothSidesClose(t *testing.T) {
	m, err := Compile([]Definition{{
		ID: "ab", Title: "A and B", Threshold: 1, PairWeight: 1, Near: 5,
		FieldWeights: map[string]float64{"title": 1, "lead": 1, "text": 1, "caption": 1},
		Sides:        [][]string{{"a"}, {"b"}},
		Groups: []Group{
			{Name: "a", Weight: 0.1, Terms: []string{"Iran"}},
			{Name: "b", Weight: 0.1, Terms: []string{"Russia"}},
		},
	}})
	if err != nil {
		t.Fatal(err)
	}
	filler := "one two three four five six seven eight nine ten eleven twelve"
	tests := []struct {
		name, title, text string
		want              bool
	}{
		{"in the headline, however far apart", "Iran " + filler + " Russia", "", true},
		{"in one sentence of the text", "", "Iran " + filler + " Russia.", true},
		{"across a sentence end, close", "", "It was Iran. Then Russia spoke.", true},
		{"across a sentence end, far apart", "", "Iran " + filler + ". Russia spoke.", false},
		{"one side in the headline, the other in the text", "Iran", "Russia", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := len(m.Match(brief.Article{ID: "x", Title: tt.title, Text: tt.text})) > 0
			if got != tt.want {
				t.Errorf("Match(%q, %q) = %v, want %v", tt.title, tt.text, got, tt.want)
			}
		})
	}
}
