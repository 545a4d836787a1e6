package topics

import (
	"testing"

	"briefbot/brief"
)

func TestWordTable(t *testing.T) {
	// Keys of eight bytes or fewer compare as packed numbers and longer
	// ones also byte by byte; keys sharing their first eight bytes, or
	// differing only in length, must stay apart.
	vocab := map[string]int32{
		"iran": 0, "irani": 1, "international": 2, "internationalist": 3,
		"internat": 4, "internati": 5, "a": 6, "ядерн": 7, "ядерный": 8, "12345678": 9,
	}
	table := newWordTable(vocab)
	for _, tt := range []struct {
		key  string
		want int32 // -1: absent
	}{
		{"iran", 0}, {"irani", 1}, {"international", 2}, {"internationalist", 3},
		{"internat", 4}, {"internati", 5}, {"a", 6}, {"ядерн", 7}, {"ядерный", 8}, {"12345678", 9},
		{"ira", -1}, {"iranian", -1}, {"internationali", -1}, {"internationalisT", -1},
		{"intern", -1}, {"internatio", -1}, {"b", -1}, {"ядер", -1}, {"123456789", -1}, {"", -1},
	} {
		t.Run(tt.key, func(t *testing.T) {
			sym, ok := table.lookup([]byte(tt.key), packWord(tt.key, 8))
			if got := map[bool]int32{true: sym, false: -1}[ok]; got != tt.want {
				t.Errorf("lookup(%q) = %d, want %d", tt.key, got, tt.want)
			}
		})
	}
}

func TestFuzzyNames(t *testing.T) {
	m, err := Compile([]Definition{{
		ID: "people", Title: "People",
		Groups: []Group{{Name: "names", Weight: 1, Terms: []string{"Raisi", "Rouhani", "Pezeshkian"}}},
		Fuzzy:  []string{"Raisi", "Rouhani", "Pezeshkian"},
	}})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		text string
		want bool
	}{
		{"President Riasi spoke", true},      // letters swapped
		{"President Rohani spoke", true},     // letter left out
		{"President Pezeshkyan spoke", true}, // letter changed
		{"Prices will raise again", false},   // lower case
		{"Prices Raise Again", false},        // last letter differs
		{"Raisins are cheap", false},         // last letter differs
		{"President Rasai spoke", false},     // two edits
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			got := len(m.Match(brief.Article{Title: tt.text})) > 0
			if got != tt.want {
				t.Errorf("Match(%q) = %v, want %v", tt.text, got, tt.want)
			}
		})
	}
}
