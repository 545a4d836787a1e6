package topics

import (
	"testing"

	"briefbot/brief"
)

func TestQueryTopics(t *testing.T) {
	tests := []struct {
		name, query string
		title, text string
		want        bool
	}{
		{"boolean with NOT", "(Iran OR Tehran) AND (Russia OR Kremlin) NOT football",
			"Tehran and the Kremlin sign energy deal", "", true},
		{"NOT vetoes", "(Iran OR Tehran) AND (Russia OR Kremlin) NOT football",
			"Iran v Russia football friendly ends 1-1", "", false},
		{"NEAR within the distance", "Iran NEAR/3 drones", "Iran supplied more drones", "", true},
		{"NEAR beyond the distance", "Iran NEAR/3 drones", "Iran said on Monday that it had never sold any drones", "", false},
		{"NEAR does not cross fields", "Iran NEAR/3 drones", "Iran denies it", "Drones were found.", false},
		{"title scope holds in the title", "title:Iran", "Iran elects president", "", true},
		{"title scope fails in the text", "title:Iran", "Election day", "Iran elects president.", false},
		{"phrase", `"nuclear deal"`, "Nuclear deal talks resume", "", true},
		{"phrase words must be adjacent", `"nuclear deal"`, "Nuclear plant deal signed", "", false},
		{"prefix", "enrich*", "Enrichment resumes", "", true},
		{"case and plural do not matter", "DRONE", "drones seen", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := Compile([]Definition{{ID: "q", Title: "Q", Query: tt.query}})
			if err != nil {
				t.Fatal(err)
			}
			got := len(m.Match(brief.Article{Title: tt.title, Text: tt.text})) > 0
			if got != tt.want {
				t.Errorf("query %q on %q / %q: matched %v, want %v", tt.query, tt.title, tt.text, got, tt.want)
			}
		})
	}
}

func TestQueryWithGroupsAndAcronym(t *testing.T) {
	m, err := Compile([]Definition{{
		ID: "iran-oil", Title: "Iran oil",
		Groups:        []Group{{Name: "iran", Terms: []string{"Iran*", "Tehran"}}},
		Query:         "@iran AND (oil OR crude) NOT OPEC",
		CaseSensitive: []string{"OPEC"},
	}})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		title string
		want  bool
	}{
		{"Iranian oil exports rise", true},
		{"Iranian oil exports rise despite OPEC cuts", false},
		{"Iranian oil exports rise, opec-style", true}, // lower case is not the acronym
		{"Saudi oil exports rise", false},
	}
	for _, tt := range tests {
		t.Run(tt.title, func(t *testing.T) {
			if got := len(m.Match(brief.Article{Title: tt.title})) > 0; got != tt.want {
				t.Errorf("Match(%q) = %v, want %v", tt.title, got, tt.want)
			}
		})
	}
}

// A query written in a few minutes gets the normalisation of the built-in
// topics: case, plurals, possessives and diacritics; NOT and phrases as
// written.
func TestUntunedQueryNormalises(t *testing.T) {
	m, err := Compile([]Definition{{ID: "caspian", Title: "Caspian energy", Query: `"Caspian" AND (oil OR gas OR pipeline) NOT caviar`}})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		title string
		want  bool
	}{
		{"CASPIAN PIPELINES REOPEN", true},
		{"The Caspian's gas fields", true},
		{"Cáspian oíl", true},
		{"Caspian oil and caviar", false},
		{"Caspian oilfields", false}, // a word, not a prefix, unless written oil*
		{"Kaspian oil", false},
	}
	for _, tt := range tests {
		if got := len(m.Match(brief.Article{ID: "x", Title: tt.title})) > 0; got != tt.want {
			t.Errorf("Match(%q) = %v, want %v", tt.title, got, tt.want)
		}
	}
}
