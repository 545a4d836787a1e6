package summarize

import (
	"unicode"
	"unicode/utf8"
)

// Languages as far as a story summary tells them apart: enough to keep a
// summary in one language, not to name it.
const (
	langNone = iota
	langEnglish
	langLatin // Latin script, not English: Polish, French ...
	langCyrillic
	langArabic // Arabic script: Persian, Arabic
	langOther
)

// language guesses the language of text from its letters and, for Latin
// script, from how often English's commonest words occur.
func language(text string) int {
	var latin, cyr, arab, other int
	for _, r := range text {
		switch {
		case r < utf8.RuneSelf:
			if 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' {
				latin++
			}
		case unicode.Is(unicode.Cyrillic, r):
			cyr++
		case unicode.Is(unicode.Arabic, r):
			arab++
		case unicode.Is(unicode.Latin, r):
			latin++
		case unicode.IsLetter(r):
			other++
		}
	}
	top := max(latin, cyr, arab, other)
	switch {
	case top == 0:
		return langNone
	case top == cyr:
		return langCyrillic
	case top == arab:
		return langArabic
	case top == other:
		return langOther
	}
	english, foreign := 0, 0
	eachLatinWord(text, func(w []byte) {
		switch string(w) {
		case "the", "of", "and", "is", "was", "with", "for", "that", "has", "have", "said", "from":
			english++
		case "w", "z", "na", "nie", "jest", "oraz", "przez", "dla", "od", "po", "der", "die", "und", "le", "les", "et", "des", "el", "los", "y":
			foreign++
		}
	})
	// Letters outside ASCII (ą, ł, ż, é, ü) mark most other languages
	// written in Latin script; a short English sentence may hold none of
	// English's commonest words, so without either sign it counts as English.
	for _, r := range text {
		if r >= utf8.RuneSelf && unicode.Is(unicode.Latin, r) {
			foreign++
		}
	}
	if foreign > english {
		return langLatin
	}
	return langEnglish
}

// eachLatinWord calls fn with every lower-cased run of ASCII letters of s
// up to 16 letters long; fn must not keep the slice.
func eachLatinWord(s string, fn func([]byte)) {
	var buf [16]byte
	n, long := 0, false
	flush := func() {
		if n > 0 && !long {
			fn(buf[:n])
		}
		n, long = 0, false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if 'a' <= c && c <= 'z' {
			if n == len(buf) {
				long = true
				continue
			}
			buf[n] = c
			n++
			continue
		}
		flush()
	}
	flush()
}

// mainLanguage is the language most of the articles are written in, given
// the language of each in time order; a tie goes to the language of the
// earliest of them.
func mainLanguage(langs []int) int {
	var count [langOther + 1]int
	first := [langOther + 1]int{}
	for i := range first {
		first[i] = len(langs)
	}
	for rank, l := range langs {
		if l == langNone {
			continue
		}
		count[l]++
		first[l] = min(first[l], rank)
	}
	best := langNone
	for l := range count {
		if count[l] > count[best] || count[l] == count[best] && count[l] > 0 && first[l] < first[best] {
			best = l
		}
	}
	return best
}
