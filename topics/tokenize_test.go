package topics

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// Every word of a field becomes a token whose key is the word normalised
// (case, diacritics, possessives, plurals, elided articles) and whose
// position counts the words before it.
func TestTokenizeKeysAndPositions(t *testing.T) {
	s := "Iran's nuclear-deal talks: l'Iran, RUSSIA’s Cáspian plans."
	toks, keys := tokenize(nil, nil, s, fieldText)
	type word struct {
		Text, Key string
		Pos       int32
	}
	var got []word
	for _, tk := range toks {
		got = append(got, word{s[tk.start:tk.end], string(keys[tk.key0:tk.key1]), tk.pos})
	}
	want := []word{
		{"Iran's", "iran", 0}, {"nuclear", "nuclear", 1}, {"deal", "deal", 2}, {"talks", "talk", 3},
		{"l'Iran", "iran", 4}, {"RUSSIA’s", "russia", 5}, {"Cáspian", "caspian", 6}, {"plans", "plan", 7},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("tokens of %q (-want +got):\n%s", s, diff)
	}
}
