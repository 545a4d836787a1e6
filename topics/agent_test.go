package topics

import (
	"slices"
	"testing"

	"briefbot/brief"
	"github.com/google/go-cmp/cmp"
)

// Two sides acting on each other relate whoever else the story names; a
// list relates its items only when a relation word follows it as its
// predicate.
func TestWhoActsOnWhom(t *testing.T) {
	m := defaultMatcher(t)
	tests := []struct {
		name, title, text string
		want              []string
	}{
		{"a third party punishes one for supplying the other", "EU fines Iranian firms over supplying drones to Russia",
			"Moscow has fired the drones at Ukrainian cities since the summer.", []string{"iran-russia"}},
		{"a third party among listed actors, no relation between the sides", "EU warns Iran, Russia and Belarus over election meddling", "", []string{}},
		{"a list as the subject of a joint act", "China, Russia and Iran hold joint naval drills near Oman",
			"Washington said it would watch the drills closely.", []string{"iran-russia"}},
		{"a list ending with a third party, then a joint act", "Iran, Russia and Turkey hold talks on Syria in Astana", "", []string{"iran-russia"}},
		{"a list as the subject of a joint act, in Polish", "Chiny, Rosja i Iran przeprowadziły wspólne ćwiczenia morskie", "", []string{"iran-russia"}},
		{"a list as the object of a third party's act", "Canada targets China, Russia and Iran with new sanctions", "", []string{}},
		{"two third parties deal over the sides' weapons", "Israel may sell Ukraine radars against Iranian drones launched by Russia",
			"Israeli officials approved the sale to Ukraine of radars against the Iranian drones Russia fires at its cities.", []string{}},
		{"a third party sells another arms against both sides' weapons", "Germany to sell Poland air defences against Russian missiles and Iranian drones", "", []string{}},
		{"a third party's act aimed at one side over its dealings with the other", "Ukraine cuts ties with Iran over drones for Russia",
			"Kyiv stripped the Iranian ambassador of accreditation after Tehran supplied Moscow with attack drones.", []string{"iran-russia"}},
		{"a third party reports the sides' dealings", "Washington says Iran is ready to sell Russia ballistic missiles", "", []string{"iran-russia"}},
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

// Explain says when third parties stopped weighing against a pair.
func TestExplainSaysTheSidesActOnEachOther(t *testing.T) {
	m := defaultMatcher(t)
	for _, e := range m.Explain(brief.Article{Title: "EU fines Iranian firms over supplying drones to Russia"}) {
		if e.TopicID == "iran-russia" && !slices.Contains(e.Parts, Part{Name: "the sides act on each other: third parties weigh nothing"}) {
			t.Errorf("iran-russia parts %+v do not say the sides act on each other", e.Parts)
		}
	}
}
