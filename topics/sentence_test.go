package topics

import (
	"testing"
)

func TestNormalizeSentences(t *testing.T) {
	tests := []struct {
		name  string
		text  string
		sents int
	}{
		{"full stops end sentences", "Iran met Russia. Talks went well. More follow.", 3},
		{"initials do not end a sentence", "The U.S. and N. Korea met.", 1},
		{"a lower-case word after a stop does not start one", "It rose 2.5 per cent. vs last year", 1},
		{"a blank line ends a paragraph and its sentence", "Iran met Russia\n\nTalks went well", 2},
		{"Persian and Arabic question marks end sentences", "آیا ایران؟ روسیه", 2},
		{"a bullet starts a point of its own", "• Blast recorded with minor damage • Background of tension over arms for Russia", 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			toks, _ := tokenize(nil, nil, tt.text, fieldText)
			if got := int(toks[len(toks)-1].sent) + 1; got != tt.sents {
				t.Errorf("%q has %d sentences, want %d", tt.text, got, tt.sents)
			}
		})
	}
}

func TestLocations(t *testing.T) {
	text := "TEHRAN – Iran and Russia signed a treaty. Officials praised it.\n\n" +
		"Putin greets Raisi in Moscow on Jan. 19, 2022. (Sputnik/Pool via Reuters)"
	toks, keys := tokenize(nil, nil, text, fieldText)
	got := map[string]string{}
	for _, tk := range toks {
		got[string(keys[tk.key0:tk.key1])] = locNames[tk.loc]
	}
	want := map[string]string{
		"iran": "lead", "treaty": "lead", "official": "text", "putin": "caption", "raisi": "caption",
	}
	for k, loc := range want {
		if got[k] != loc {
			t.Errorf("%q is in %q, want %q", k, got[k], loc)
		}
	}
	if _, ok := got["tehran"]; ok {
		t.Errorf("the dateline TEHRAN was read as a word of the story")
	}
}
