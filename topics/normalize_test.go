package topics

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestNormalize(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"case folds", "IRAN Iran iran", "iran iran iran"},
		{"NFKC turns full-width letters into ASCII", "ＳＣＯ ｉｒａｎ", "sco iran"},
		{"NFKC splits ligatures", "ﬁnal", "final"},
		{"German sharp s folds to ss", "Straße", "strasse"},
		{"diacritics go", "Téhéran Irán Kapsamlı Örgütü", "teheran iran kapsamli orgutu"},
		{"Polish letters without a decomposition", "Współpracy Łódź", "wspolpracy lodz"},
		{"Cyrillic folds and loses the diaeresis of yo", "ШОС Партнёрство", "шос партнерство"},
		{"Arabic yeh and Persian yeh are one letter", "ايران رئيسي", "ایران رییسی"},
		{"Arabic kaf and Persian keheh are one letter", "كرملين", "کرملین"},
		{"alef with hamza is alef", "إيران أمريكا", "ایران امریکا"},
		{"teh marbuta is heh", "معاهدة", "معاهده"},
		{"Arabic article goes from long words", "الإيراني الكرملين", "ایرانی کرملین"},
		{"short Arabic words keep their letters", "الله", "الله"},
		{"tatweel is decoration", "ايـــران", "ایران"},
		{"Arabic-Indic and Persian digits read as ASCII", "٢٠٢٣ ۱۴۰۲", "2023 1402"},
		{"Persian zero-width non-joiner separates the suffix", "هسته‌ای", "هسته ای"},
		{"possessive goes", "Iran's Russia’s SCO's", "iran russia sco"},
		{"plural possessive goes", "ministers' talks", "minister talk"},
		{"AG News apostrophe entity inside a word", "Iran#39;s nuclear", "iran nuclear"},
		{"detached apostrophe entity is a possessive", "Iran #39;s nuclear", "iran nuclear"},
		{"entity names left by broken feeds go", "quot;Stray Dogs, quot;", "stray dog"},
		{"apostrophes inside names go", "Khamene'i Khamene’i", "khamenei khamenei"},
		{"French and Italian elided articles go", "l'Iran L’AIEA d'Iran qu'Israël dell'Iran all’Organizzazione", "iran aiea iran israel iran organizzazione"},
		{"other letters before an apostrophe, and a lone n', stay", "O'Brien rock n' roll", "obrien rock n roll"},
		{"regular plurals go", "drones talks sanctions", "drone talk sanction"},
		{"-ies plurals become -y", "countries allies", "country ally"},
		{"-es after x, z, ch, sh goes", "taxes matches", "tax match"},
		{"singulars in -s stay", "Belarus Paris Hamas Congress", "belarus paris hamas congress"},
		{"short words stay", "US gas bus", "us gas bus"},
		{"hyphens and dashes separate words", "Iran-Russia Iran–Russia Iran—Russia Iran‐Russia", "iran russia iran russia iran russia iran russia"},
		{"slashes and punctuation separate words", "Iran/Russia: ties.", "iran russia tie"},
		{"each Han ideograph is a word", "上海合作组织", "上 海 合 作 组 织"},
		{"the letters of Francisco are one word", "San Francisco", "san francisco"},
		{"digits stay in words", "Su-35 P5+1", "su 35 p5 1"},
		{"words of any length, anywhere in a paragraph", "Internationalisation abcdefgh ABCDEFGHI 1234567 x\n\nNonproliferation ab", "internationalisation abcdefgh abcdefghi 1234567 x nonproliferation ab"},
		{"a word ends at any letter of eight", "Abcdefg, abcdef. Abcde/abcd:Abc-ab(a)", "abcdefg abcdef abcde abcd abc ab a"},
		{"empty stays empty", "", ""},
		{"punctuation only gives nothing", "!!! ...", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Normalize(tt.in); got != tt.want {
				t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestNormalizeSeparators(t *testing.T) {
	// Every letter and digit, next to each byte that separates words: the
	// tokenizer tests eight bytes at once against the ranges of letters
	// and digits, so each end of each range must hold.
	const want = "abcdefghijklmnopqrstuvwxyz abcdefghijklmnopqrstuvwxyz0123456789 x y12"
	for _, sep := range " \t\n\r\x00\x1f\"$%()*+,-/:;<=>@[\\]^_{|}~\x7f" {
		t.Run(fmt.Sprintf("%q", sep), func(t *testing.T) {
			in := strings.Join([]string{"abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", "x", "Y12"}, string(sep))
			if got := Normalize(in); got != want {
				t.Errorf("Normalize(%q) = %q, want %q", in, got, want)
			}
		})
	}
}

func FuzzNormalize(f *testing.F) {
	for _, s := range []string{
		"Iran's nuclear deal", "ШОС", "سازمان همکاری شانگهای", "上海合作组织", "Iran #39;s", "quot;x",
		"a\u200cb", "TEHRAN – x", "é\u0301\u0301", "\xff\xfe", "'s", "#39;", "&#39;s", "countries' ties",
		"Comprehensive Plan, 2231 ratifications", "x\n\nInternationalisation (AEOI) 12345678 abcdefgh ABCDEFGHI\nz",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Normalize(s)
		if !utf8.ValidString(got) && utf8.ValidString(s) {
			t.Fatalf("Normalize(%q) = %q, not valid UTF-8", s, got)
		}
		if strings.Contains(got, "  ") || strings.HasPrefix(got, " ") || strings.HasSuffix(got, " ") {
			t.Fatalf("Normalize(%q) = %q has empty words", s, got)
		}
		// Letter case never matters, so no ASCII input normalises
		// differently in upper or lower case.
		if isASCII(s) {
			if u := Normalize(strings.ToUpper(s)); u != got {
				t.Fatalf("Normalize(%q) = %q but upper case gives %q", s, got, u)
			}
		}
		// Text of ASCII letters, digits and plain separators splits into
		// its runs of letters and digits, however long, wherever they
		// stand in a paragraph (the tokenizer reads eight bytes at a time).
		if plainASCII(s) {
			var want []string
			for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !isASCIIAlnum(r) }) {
				want = append(want, string(stripPlural([]byte(strings.ToLower(w)), 0)))
			}
			if w := strings.Join(want, " "); got != w {
				t.Fatalf("Normalize(%q) = %q, want %q", s, got, w)
			}
		}
		// Every word points into the input.
		toks, _ := tokenize(nil, nil, s, fieldText)
		for _, tk := range toks {
			if tk.start < 0 || tk.end > int32(len(s)) || tk.start >= tk.end {
				t.Fatalf("word at %d..%d out of %q", tk.start, tk.end, s)
			}
		}
	})
}

// plainASCII reports whether s holds only ASCII letters, digits, and
// separators that never join words or end sentences.
func plainASCII(s string) bool {
	for _, r := range s {
		if !isASCIIAlnum(r) && !strings.ContainsRune(" \t\n,:()/-+=\"", r) {
			return false
		}
	}
	return true
}

func isASCIIAlnum(r rune) bool {
	return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
