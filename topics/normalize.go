package topics

import (
	"bytes"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Normalize returns the form in which topics compares text: the words of s,
// each reduced to its matching key and joined by single spaces.
//
// A key is the word after Unicode NFKC, case folding, removal of diacritics
// and other combining marks, unification of Arabic and Persian letter
// variants (ي/ی, ك/ک, ة/ه, the hamza carriers of alef), Arabic-Indic digits
// read as ASCII, apostrophe variants read as one, English possessives and
// regular plurals removed ("Iran's" and "Irans" both give "iran"), and the
// Arabic article removed from longer words. Hyphens, dashes, slashes and
// other punctuation separate words; every Han ideograph is a word of its
// own, because Chinese text has no spaces.
//
// Matching compares keys, so a term and the text it should find need only
// normalise alike.
func Normalize(s string) string {
	var b strings.Builder
	toks, keys := tokenize(nil, nil, s, fieldTitle)
	for i, t := range toks {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.Write(keys[t.key0:t.key1])
	}
	return b.String()
}

// appendKey appends the matching key of one word (as the tokenizer cut it
// out of the text) to dst. With fold false it keeps letter case, which is
// how case-sensitive terms are compared; every other step is the same, so
// the two keys of a word differ only in case.
func appendKey(dst []byte, w string, fold bool) []byte {
	start := len(dst)
	ascii := true
	for i := 0; i < len(w); i++ {
		if w[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		for i := 0; i < len(w); i++ {
			c := w[i]
			switch {
			case fold && 'A' <= c && c <= 'Z':
				c += 'a' - 'A'
			case c == '#' || c == '&':
				// A mis-decoded apostrophe entity ("doesn#39;t"): the
				// tokenizer only keeps these inside words.
				if n := apostropheEntity(w[i:]); n > 0 {
					dst = append(dst, '\'')
					i += n - 1
					continue
				}
			}
			dst = append(dst, c)
		}
	} else {
		dst = appendKeySlow(dst, w, fold)
	}
	dst = trimApostrophes(dst, start)
	dst = stripPlural(dst, start)
	dst = stripArabicArticle(dst, start)
	return dst
}

// appendKeySlow handles words with non-ASCII letters.
func appendKeySlow(dst []byte, w string, fold bool) []byte {
	s := norm.NFKC.String(w)
	var lowered [64]byte
	low := lowered[:0]
	for _, r := range s {
		if fold {
			switch r {
			case 'ß', 'ẞ':
				low = append(low, "ss"...)
				continue
			case 'ς':
				r = 'σ'
			case 'İ':
				r = 'i'
			default:
				r = unicode.ToLower(r)
			}
		}
		low = utf8.AppendRune(low, r)
	}
	var decomposed [96]byte
	d := norm.NFD.Append(decomposed[:0], low...)
	for i := 0; i < len(d); {
		r, n := utf8.DecodeRune(d[i:])
		i += n
		if r == '&' || r == '#' {
			if m := apostropheEntity(string(d[i-n:])); m > 0 {
				dst = append(dst, '\'')
				i += m - n
				continue
			}
		}
		if unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf) {
			continue
		}
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.Is(unicode.Mc, r) && !isApostrophe(r) {
			// NFKC can turn one character into several, some of them
			// spaces or punctuation ("ﱞ", "¼"): keys keep only the word.
			continue
		}
		if m, ok := letterMap[r]; ok {
			dst = append(dst, m...)
			continue
		}
		if '٠' <= r && r <= '٩' {
			r = '0' + (r - '٠')
		} else if '۰' <= r && r <= '۹' {
			r = '0' + (r - '۰')
		}
		dst = utf8.AppendRune(dst, r)
	}
	return dst
}

// letterMap unifies letters that NFD does not decompose but that writers
// use interchangeably, and letters without an ASCII base that Latin-script
// news drops ("Łódź" is written "Lodz").
var letterMap = map[rune]string{
	'ł': "l", 'Ł': "L", 'ø': "o", 'Ø': "O", 'đ': "d", 'Đ': "D", 'ħ': "h", 'Ħ': "H",
	'ı': "i", 'æ': "ae", 'Æ': "AE", 'œ': "oe", 'Œ': "OE", 'þ': "th", 'Þ': "TH",
	'ð': "d", 'Ð': "D", 'ß': "ss", 'ẞ': "SS",
	// Apostrophe and prime variants.
	'\u2019': "'", '\u2018': "'", '\u02bc': "'", '\u02bb': "'", '`': "'", '\u00b4': "'", '\u2032': "'",
	// Arabic and Persian letter variants: Arabic yeh and alef maksura are
	// Persian yeh, Arabic kaf is Persian keheh, teh marbuta and the other
	// hehs are heh, alef wasla is alef. Tatweel (kashida) is decoration.
	'ي': "ی", 'ى': "ی", 'ې': "ی", 'ے': "ی", 'ك': "ک", 'ة': "ه", 'ە': "ه", 'ھ': "ه", 'ہ': "ه",
	'ٱ': "ا", 'ـ': "",
}

// apostropheEntity reports the length of a numeric character reference to
// an apostrophe at the start of s, with or without its ampersand ("&#39;",
// "#39;", "&#8217;"): feeds that decode HTML twice, or not at all, leave
// them in headlines. It returns 0 when s does not start with one.
func apostropheEntity(s string) int {
	n := 0
	if strings.HasPrefix(s, "&") {
		n = 1
	}
	for _, e := range [...]string{"#39;", "#039;", "#8217;", "#x27;", "apos;"} {
		if strings.HasPrefix(s[n:], e) {
			return n + len(e)
		}
	}
	return 0
}

// trimApostrophes removes a possessive "'s" or a trailing apostrophe from
// the key in dst[start:], and a French or Italian elided article from its
// front ("l'Iran", "dell'Iran"), and drops the apostrophes inside it, so
// "Iran's", "l'Iran", "Khamene'i" and "Khamenei" compare alike.
func trimApostrophes(dst []byte, start int) []byte {
	k := dst[start:]
	if bytes.IndexByte(k, '\'') < 0 {
		return dst
	}
	if n := elision(k); n > 0 {
		k = k[:copy(k, k[n:])]
	}
	if len(k) >= 3 && k[len(k)-2] == '\'' && (k[len(k)-1] == 's' || k[len(k)-1] == 'S') {
		k = k[:len(k)-2]
	}
	for len(k) > 0 && k[len(k)-1] == '\'' {
		k = k[:len(k)-1]
	}
	out := k[:0]
	for _, c := range k {
		if c != '\'' {
			out = append(out, c)
		}
	}
	return dst[:start+len(out)]
}

// elision returns the length of the elided article, pronoun or conjunction
// that starts key k, apostrophe included ("l'", "d'", "qu'", "dell'"), when
// a letter follows it; else 0. French and Italian write them joined to the
// next word: "l'Iran", "d'Iran", "l'AIEA", "dell'Iran".
func elision(k []byte) int {
	i := bytes.IndexByte(k, '\'')
	if i < 1 || i > 6 || i+1 >= len(k) || !(isASCIILetter(k[i+1]) || k[i+1] >= utf8.RuneSelf) {
		return 0
	}
	var low [6]byte
	for j, c := range k[:i] {
		low[j] = lower(c)
	}
	switch string(low[:i]) {
	case "l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", // French
		"dell", "all", "nell", "sull", "dall", "un", "quell": // Italian
		return i + 1
	}
	return 0
}

// stripPlural removes a regular English plural ending so that "drones" finds
// "drone" and "countries" finds "country". It leaves words of fewer than four
// letters and the endings -ss, -us, -is and -as, which are far more often
// singular (Congress, Belarus, Paris, Hamas) than plural. The rules run on
// both terms and text, so an odd stem ("crises" -> "cris") still matches
// itself; what they must avoid is merging two different words.
func stripPlural(dst []byte, start int) []byte {
	k := dst[start:]
	n := len(k)
	if n < 4 || lower(k[n-1]) != 's' {
		return dst
	}
	for _, c := range k[n-4:] {
		if c >= utf8.RuneSelf || !isASCIILetter(c) {
			return dst
		}
	}
	p, q := lower(k[n-2]), lower(k[n-3])
	switch {
	case p == 's' || p == 'u' || p == 'i' || p == 'a' || p == '\'':
		return dst
	case p == 'e' && q == 'i' && n >= 5:
		// countries -> country
		k[n-3] = matchCase('y', k[n-3])
		return dst[:start+n-2]
	case p == 'e' && (q == 'x' || q == 'z' || (q == 'h' && (lower(k[n-4]) == 'c' || lower(k[n-4]) == 's'))):
		// taxes -> tax, matches -> match
		return dst[:start+n-2]
	}
	return dst[:start+n-1]
}

// stripArabicArticle removes the Arabic definite article al- and the
// conjunctions and prepositions written joined to it (wa-l-, bi-l-, fa-l-,
// ka-l-, li-l-) from words long enough that a stem remains, so "الإيراني"
// finds "ایرانی". It leaves short words alone.
func stripArabicArticle(dst []byte, start int) []byte {
	k := dst[start:]
	if len(k) < 2 || k[0] < 0xd8 || k[0] > 0xdb {
		return dst
	}
	n := utf8.RuneCount(k)
	for _, p := range [...]string{"وال", "بال", "فال", "کال", "لل", "ال"} {
		if strings.HasPrefix(string(k), p) && n-utf8.RuneCountInString(p) >= 3 {
			m := copy(k, k[len(p):])
			return dst[:start+m]
		}
	}
	return dst
}

func lower(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

func isASCIILetter(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

// matchCase returns the ASCII letter c in the case of model.
func matchCase(c, model byte) byte {
	if 'A' <= model && model <= 'Z' {
		return c - ('a' - 'A')
	}
	return c
}
