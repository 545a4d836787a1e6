package stories

import "testing"

func TestClassify(t *testing.T) {
	tests := []struct {
		title string
		want  Kind
	}{
		{"Iran and Saudi Arabia agree to restore ties after China-brokered talks", KindReport},
		{"What to Know About the Iranian-Saudi Deal", KindReport},
		{"Rivals Saudi Arabia and Iran restore ties, with China's help. Here's why it matters", KindReport},
		{"Russia plane crash: What we know so far", KindReport},
		{"What does the Iran-Saudi Arabia truce mean for Washington's standing on the global stage?", KindCommentary},
		{"Opinion: The deal shows Russia and Iran need each other", KindCommentary},
		{"I am free while the women of Iran are not | Setareh Vaziri", KindCommentary},
		{"Iran, Saudi Arabia agree to resume ties: World reacts", KindCommentary},
		{"Why the drone admission matters", KindCommentary},
		{"Czy Iran dołączy do BRICS", KindCommentary},
		{"Почему Иран вступает в ШОС", KindCommentary},
		{"US calls Iran's claim of a prisoner swap deal a 'cruel lie'", KindDenial},
		{"Kremlin denies report of talks with Tehran", KindDenial},
		{"US dismisses 'cruel' Iran prisoner swap claim", KindDenial},
		{"Iran says prisoner swap deal is close", KindReport},
	}
	for _, tt := range tests {
		t.Run(tt.title, func(t *testing.T) {
			if got := Classify(tt.title); got != tt.want {
				t.Errorf("Classify(%q) = %v, want %v", tt.title, got, tt.want)
			}
		})
	}
}

func TestKeysMeetAcrossSpellings(t *testing.T) {
	tests := []struct{ a, b string }{
		{"Władimir", "Vladimir"},
		{"Владимир", "Vladimir"},
		{"Путин", "Putin"},
		{"restored", "restoring"},
		{"Iranian", "Iran"},
		{"blok", "bloc"},
		{"Egipt", "Egypt"},
	}
	for _, tt := range tests {
		ka, _ := termKey(tt.a)
		kb, _ := termKey(tt.b)
		if ka != kb {
			t.Errorf("%s -> %q, %s -> %q: want one key", tt.a, ka, tt.b, kb)
		}
	}
	if _, ok := termKey("the"); ok {
		t.Errorf("a stopword gave a key")
	}
}
