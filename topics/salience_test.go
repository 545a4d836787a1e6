package topics

import (
	"testing"

	"briefbot/brief"
	"github.com/google/go-cmp/cmp"
)

// A headline naming one side and a lead stating the relation make the
// relation the story; a lead naming both without saying how they deal
// does not.
func TestLeadStatesTheRelationOfTheHeadline(t *testing.T) {
	m := defaultMatcher(t)
	tests := []struct {
		name, title, text string
		want              []string
	}{
		{"the headline's drones, the lead's supply", "Iranian drones appear to contain modified explosives, report finds",
			"Iran appears to be modifying the attack drones it is providing to Russia, according to a new report.", []string{"iran-russia"}},
		{"the headline's Iran, the lead's alliance", "US should act to counter Iran’s drone exports",
			"The administration must not stand by as Tehran and Russia strengthen their dangerous alliance.", []string{"iran-russia"}},
		{"the lead names both, no relation", "Iranian drones hit Kyiv overnight",
			"Russia launched Iranian drones at the capital for the third night.", []string{}},
		{"the headline names neither side", "Oil prices rise on supply worries",
			"Iran is providing drones to Russia, traders noted.", []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := matchedIDs(m.Match(brief.Article{ID: "a", Title: tt.title, Text: tt.text}))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Match(%q, %q) topics (-want +got):\n%s", tt.title, tt.text, diff)
			}
		})
	}
}
