package topics

import (
	"testing"

	"briefbot/brief"
	"github.com/google/go-cmp/cmp"
)

// A country named as where a meeting of others took place does not pair
// with a country that comments on it; a visitor named before the place he
// went to does.
func TestVenuePairsOnlyWithWhatComesBefore(t *testing.T) {
	m := defaultMatcher(t)
	tests := []struct {
		name, title, text string
		want              []string
	}{
		{"talks of others held in Iran, Russia comments", "Talks in Tehran: Russia says main issue resolved", "", []string{}},
		{"a visitor and where he went", "Raisi arrives in Moscow for talks", "", []string{"iran-russia"}},
		{"a visitor and where he went, in Polish", "Prezydent Iranu przybył w poniedziałek do Moskwy", "", []string{"iran-russia"}},
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

func TestIsVenue(t *testing.T) {
	m, err := Compile([]Definition{{ID: "x", Title: "X", Query: "Iran OR Moscow OR Москве OR Moskwie"}})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		title string
		want  bool
	}{
		{"talks in Moscow", true},
		{"talks held at Moscow", true},
		{"переговоры в Москве", true},
		{"rozmowy w Moskwie", true},
		{"Moscow hosts talks", false},
		{"Putin's visit to Moscow", false},
		{"within Iran", false},
		{"Raisi's Iran", false},
	}
	for _, tt := range tests {
		sc := new(scratch)
		m.scan(sc, tt.title, "")
		if len(sc.hits) != 1 {
			t.Fatalf("%q: %d hits, want 1", tt.title, len(sc.hits))
		}
		if got := m.venueBefore(sc, sc.hits[0]); got != tt.want {
			t.Errorf("isVenue(%q) = %v, want %v", tt.title, got, tt.want)
		}
	}
}
