package topics

import (
	"errors"
	"strings"
	"testing"
)

func TestValidate(t *testing.T) {
	if err := Validate(Defaults()); err != nil {
		t.Fatalf("Validate(Defaults()): %v", err)
	}
	ok := Group{Name: "g", Weight: 1, Terms: []string{"Iran"}}
	tests := []struct {
		name string
		def  Definition
		want []string // substrings of the error
	}{
		{"id not kebab", Definition{ID: "Iran_Russia", Title: "x", Groups: []Group{ok}}, []string{`topic "Iran_Russia": id`, `"iran-russia"`}},
		{"id too long", Definition{ID: strings.Repeat("a", 33), Title: "x", Groups: []Group{ok}}, []string{"33 bytes", "at most 32"}},
		{"reserved id", Definition{ID: "help", Title: "x", Groups: []Group{ok}}, []string{`"help" is a chat command`}},
		{"missing id", Definition{Title: "x", Groups: []Group{ok}}, []string{"topic #1: id: empty"}},
		{"missing title", Definition{ID: "t", Groups: []Group{ok}}, []string{`topic "t": title: empty`}},
		{"nothing to match", Definition{ID: "t", Title: "x"}, []string{"no groups and no query"}},
		{"group without terms", Definition{ID: "t", Title: "x", Groups: []Group{{Name: "g", Weight: 1}}}, []string{"groups[0].terms: empty"}},
		{"empty term", Definition{ID: "t", Title: "x", Groups: []Group{{Name: "g", Weight: 1, Terms: []string{" "}}}}, []string{"groups[0].terms[0]: empty term"}},
		{"punctuation term", Definition{ID: "t", Title: "x", Groups: []Group{{Name: "g", Weight: 1, Terms: []string{"!!"}}}}, []string{"no letters or digits"}},
		{"short prefix", Definition{ID: "t", Title: "x", Groups: []Group{{Name: "g", Weight: 1, Terms: []string{"ab*"}}}}, []string{"shorter than 3"}},
		{"unknown side", Definition{ID: "t", Title: "x", Groups: []Group{ok}, Sides: [][]string{{"g"}, {"h"}}}, []string{`sides[1]: unknown group "h"`}},
		{"one side", Definition{ID: "t", Title: "x", Groups: []Group{ok}, Sides: [][]string{{"g"}}}, []string{"exactly two sides"}},
		{"unknown need", Definition{ID: "t", Title: "x", Groups: []Group{{Name: "g", Weight: 1, Needs: []string{"h"}, Terms: []string{"a"}}}}, []string{`needs: unknown group "h"`}},
		{"fuzzy too short", Definition{ID: "t", Title: "x", Groups: []Group{{Name: "g", Weight: 1, Terms: []string{"Zia"}}}, Fuzzy: []string{"Zia"}}, []string{"fuzzy[0]", "shorter than 5"}},
		{"case-sensitive term not defined", Definition{ID: "t", Title: "x", Groups: []Group{ok}, CaseSensitive: []string{"SCO"}}, []string{`case_sensitive[0]: "SCO" is not a term`}},
		{"unknown field weight", Definition{ID: "t", Title: "x", Groups: []Group{ok}, FieldWeights: map[string]float64{"body": 1}}, []string{`unknown location "body"`}},
		{"query syntax error", Definition{ID: "t", Title: "x", Query: "(Iran OR"}, []string{"query:", "column 9"}},
		{"query by absence only", Definition{ID: "t", Title: "x", Query: "NOT football"}, []string{"none of its terms"}},
		{"query names an unknown group", Definition{ID: "t", Title: "x", Query: "@iran"}, []string{"@iran names no group"}},
		{"near out of range", Definition{ID: "t", Title: "x", Groups: []Group{ok}, Near: 500}, []string{"near: 500"}},
		{"near_pair without sides", Definition{ID: "t", Title: "x", Groups: []Group{{Name: "g", Weight: 1, NearPair: true, Terms: []string{"a"}}}}, []string{"near_pair: set in a topic without sides"}},
		{"third_parties without sides", Definition{ID: "t", Title: "x", Groups: []Group{ok, {Name: "h", ThirdParties: true, Terms: []string{"Israel"}}}}, []string{"groups[1].third_parties: set in a topic without sides"}},
		{"own_affairs without relation words", Definition{ID: "t", Title: "x", Groups: []Group{ok, {Name: "h", OwnAffairs: true, Terms: []string{"inflation"}}}}, []string{"groups[1].own_affairs: set in a topic without relation words"}},
		{"no positive weight", Definition{ID: "t", Title: "x", Groups: []Group{{Name: "g", Weight: -1, Terms: []string{"a"}}}}, []string{"no group has a positive weight"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Validate([]Definition{tt.def})
			if err == nil {
				t.Fatalf("Validate accepted %+v", tt.def)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
			if _, cerr := Compile([]Definition{tt.def}); cerr == nil {
				t.Errorf("Compile accepted what Validate rejected")
			}
		})
	}
}

func TestValidateReportsEveryProblem(t *testing.T) {
	err := Validate([]Definition{
		{ID: "help", Title: "x", Groups: []Group{{Name: "g", Weight: 1, Terms: []string{"a"}}}},
		{ID: "t", Groups: []Group{{Name: "g", Weight: 1}}},
		{ID: "t", Title: "x", Query: "a AND"},
	})
	var joined interface{ Unwrap() []error }
	if !errors.As(err, &joined) {
		t.Fatalf("error %v is not a joined error", err)
	}
	if n := len(joined.Unwrap()); n != 5 {
		t.Errorf("got %d problems, want 5 (reserved id; missing title, no terms; duplicate id, bad query):\n%v", n, err)
	}
}
