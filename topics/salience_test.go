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

// A headline naming the subject and nothing of the topic leaves the lead
// to say what the story is about: a lead pairing Iran with its nuclear
// programme makes it the story, unless the pair stands in a clause of
// background ("amid", "as", "which").
func TestLeadSaysWhatOfTheHeadlineSubject(t *testing.T) {
	m := defaultMatcher(t)
	tests := []struct {
		name, title, text string
		want              []string
	}{
		{"the lead says what of Iran", "Allies split over how to deal with Iran",
			"Washington and its partners disagree on how to slow Iran's growing nuclear programme, officials said.", []string{"jcpoa"}},
		{"the lead's pair is the background", "Iran's foreign minister tours Latin America",
			"The minister will sign trade deals in three capitals amid stalled efforts to revive the Iran nuclear deal.", []string{}},
		{"the lead opens with the background", "Iran detains foreign fishing boat in the Gulf",
			"The seizure comes as Iran resumes enriching uranium to higher purity.", []string{}},
		{"the lead's pair is in a relative clause", "Iran's former top diplomat dies at 80",
			"The diplomat, who led talks on uranium enrichment in the 2000s, later taught in Tehran.", []string{}},
		{"'as well as' opens no background", "Allies split over how to deal with Iran",
			"Britain as well as France said Iran's stockpile of enriched uranium had grown again.", []string{"jcpoa"}},
		{"the same lead under a headline without the subject", "Allies split over trade tariffs",
			"Washington and its partners disagree on how to slow Iran's growing nuclear programme, officials said.", []string{}},
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

// A headline about one side's own affairs (its economy, its nuclear
// programme) is a story about that side: a lead that goes on to its
// dealings with the other side does not make it one about their relation,
// even where "ally" in the headline only says which side. The same lead
// under a headline about their dealings, or a headline that names both
// sides, still matches.
func TestHeadlineOnOneSidesOwnAffairs(t *testing.T) {
	m := defaultMatcher(t)
	const arms = "Iran is sending Russia more drones and ballistic missiles, officials say, and the two have linked their banking systems."
	tests := []struct {
		name, title, text string
		want              []string
	}{
		{"the headline on Iran's currency", "Iran's currency hits a record low as prices soar", arms, []string{}},
		{"'Russia's ally' names the side, inflation is the story", "Russia's ally faces 50% inflation", arms, []string{}},
		{"the headline on Iran's nuclear programme", "Britain warns Iran's nuclear programme is more advanced than ever",
			"The foreign secretary warned of Iran's advanced nuclear programme and its cooperation with Russia in the war in Ukraine.", []string{"jcpoa"}},
		{"the same lead under a headline on their dealings", "Iran steps up arms deliveries", arms, []string{"iran-russia"}},
		{"a diplomatic protest is no protest in the street", "Iran protests joint statement on Gulf islands",
			"Tehran summoned Russia's ambassador after Moscow backed the UAE's claim to three islands in a statement with Gulf states.", []string{"iran-russia"}},
		{"protesters in the street are", "Iran's protesters defy a ban for a third night",
			"Russia has supplied Iran with riot-control gear, activists say, while the protests spread to 40 cities.", []string{}},
		{"a headline naming both sides", "Russia to help Iran's nuclear programme, officials say",
			"Moscow will supply fuel and engineers to Iran's nuclear programme under a deal signed on Monday.", []string{"jcpoa", "iran-russia"}},
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
