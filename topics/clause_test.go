package topics

import (
	"testing"

	"briefbot/brief"
	"github.com/google/go-cmp/cmp"
)

// A headline's two statements joined by a semicolon pair only within
// each; an entity's semicolon ("#39;") joins nothing.
func TestTitleClauses(t *testing.T) {
	m := defaultMatcher(t)
	tests := []struct {
		name, title string
		want        []string
	}{
		{"two statements", "Iran hosts Armenia-Azerbaijan talks; Russia says main issue resolved", []string{}},
		{"one statement", "Iran hosts talks with Russia on the Caucasus", []string{"iran-russia"}},
		{"an entity's semicolon", "Russia #39;s Lavrov meets Iran #39;s foreign minister", []string{"iran-russia"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := matchedIDs(m.Match(brief.Article{ID: "a", Title: tt.title}))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Match(%q) topics (-want +got):\n%s", tt.title, diff)
			}
		})
	}
}
