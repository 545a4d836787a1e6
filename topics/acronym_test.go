package topics

import (
	"testing"

	"briefbot/brief"
	"github.com/google/go-cmp/cmp"
)

// An acronym counts only where the article does not spell it out as
// something else; spelt out as the topic's own name, it still counts.
func TestAcronymSpelledOutElsewhere(t *testing.T) {
	m := defaultMatcher(t)
	tests := []struct {
		name, title, text string
		want              []string
	}{
		{"spelt out as the organisation", "Shanghai Cooperation Organisation (SCO) summit opens", "", []string{"sco"}},
		{"spelt out as something else", "Supply Chain Operations (SCO) summit opens",
			"The SCO summit gathers logistics members.", []string{}},
		{"not spelt out, with summit context", "Iran joins SCO as full member at summit", "", []string{"sco"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := matchedIDs(m.Match(brief.Article{ID: "a", Title: tt.title, Text: tt.text}))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Match(%q) topics (-want +got):\n%s", tt.title, diff)
			}
		})
	}
}
