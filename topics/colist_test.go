package topics

import (
	"slices"
	"testing"

	"briefbot/brief"
	"github.com/google/go-cmp/cmp"
)

// Two countries joined by "and" are a list unless the sentence says how
// they deal with each other; joined any other way they pair as before.
func TestColistedActorsNeedARelation(t *testing.T) {
	m := defaultMatcher(t)
	tests := []struct {
		name, title, text string
		want              []string
	}{
		{"both accused of the same act", "US officials say Russia and Iran have interfered with the presidential election",
			"Director of National Intelligence John Ratcliffe said Wednesday that Iran and Russia have obtained US voter registration information.", []string{}},
		{"both the object of a third party's act", "Britain weighs new sanctions on Iran and Russia",
			"Ministers said Iran and Russia would face asset freezes.", []string{}},
		{"listed, in Polish", "USA nakładają sankcje na Iran i Rosję", "Iran i Rosja mogą stracić dostęp do rynków.", []string{}},
		{"listed, and the sentence says they act together", "Iran and Russia sign a strategic partnership treaty", "", []string{"iran-russia"}},
		{"listed, and a joint act follows", "Tehran and Russia strengthen their alliance", "", []string{"iran-russia"}},
		{"listed, and the only relation word is part of a compound", "State-linked hackers in Russia and Iran target UK groups",
			"Russian and Iranian state-linked hackers are targeting British politicians and journalists, the National Cyber Security Centre warned. " +
				"The Kremlin-linked and Tehran-linked groups pose as researchers.", []string{}},
		{"not listed: one acts on the other", "Putin meets Raisi in the Kremlin", "", []string{"iran-russia"}},
		{"a list governed by a preposition, a relation word after it", "Oil prices rise as sanctions on Russia and Iran tighten supply", "", []string{}},
		{"a list after 'between'", "Talks between Russia and Iran on a gas hub resume", "", []string{"iran-russia"}},
		{"a list under a preposition owning a relation", "Washington voices concern over Russia and Iran's military ties", "", []string{"iran-russia"}},
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

// Explain says why a listed pair did not count.
func TestExplainSaysAListedPairWasDropped(t *testing.T) {
	m := defaultMatcher(t)
	for _, e := range m.Explain(brief.Article{Title: "US officials say Russia and Iran have interfered with the election"}) {
		if e.TopicID != "iran-russia" {
			continue
		}
		if !slices.Contains(e.Parts, Part{Name: "pair listed side by side, no relation word"}) {
			t.Errorf("iran-russia parts %+v do not say the listed pair was dropped", e.Parts)
		}
	}
}

func TestColisted(t *testing.T) {
	m, err := Compile([]Definition{{ID: "x", Title: "X", Query: "Iran OR Russia"}})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		title string
		want  bool
	}{
		{"Iran and Russia", true},
		{"Iran, Russia", true},
		{"Iran’s and Russia’s", true},
		{"Iran i Russia", true},
		{"Iran or Russia", true},
		{"Iran met Russia", false},
		{"Iran-Russia", false},
		{"Iran drones for Russia", false},
	}
	for _, tt := range tests {
		sc := new(scratch)
		m.scan(sc, tt.title, "")
		if len(sc.hits) != 2 {
			t.Fatalf("%q: %d hits, want 2", tt.title, len(sc.hits))
		}
		if got := m.colisted(sc, sc.hits[0], sc.hits[1]); got != tt.want {
			t.Errorf("colisted(%q) = %v, want %v", tt.title, got, tt.want)
		}
	}
}
