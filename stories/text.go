package stories

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// keyLen is how many letters of a folded word make its term key. Cutting
// words short is a crude stemmer that works across languages: "restore",
// "restored" and "restoring" meet, and so do "Chinese", "China" and the
// Polish "Chinach".
const keyLen = 5

// leadWords bounds how much of the text counts: the headline and the lead
// say what happened; the rest of a body drifts to background.
const leadWords = 45

// token is one term of an article with where it was seen.
type token struct {
	key   string
	title bool
	name  bool // capitalised inside a sentence, an acronym or a number
}

// tokenize returns the term keys of an article's headline and lead, each
// key once, headline occurrences first. A token is marked as a name when it
// is capitalised inside a sentence (in the headline only when the headline
// is not in Title Case), an acronym, or a number: the features that stay
// the same across languages.
func tokenize(title, text string) []token {
	var out []token
	seen := map[string]int{}
	add := func(word string, inTitle, name bool) {
		key, ok := termKey(word)
		if !ok {
			return
		}
		if i, dup := seen[key]; dup {
			out[i].name = out[i].name || name
			return
		}
		seen[key] = len(out)
		out = append(out, token{key: key, title: inTitle, name: name})
	}
	titleCase := isTitleCase(title)
	eachWord(title, func(w string, sentenceStart bool) {
		add(w, true, nameLike(w, sentenceStart || titleCase))
	})
	n := 0
	eachWord(text, func(w string, sentenceStart bool) {
		n++
		if n > leadWords {
			return
		}
		add(w, false, nameLike(w, sentenceStart))
	})
	return out
}

// nameLike reports whether a word reads as a name: an acronym or a number
// anywhere, a capitalised word where capitals are not the rule (ignoreCase
// false).
func nameLike(w string, ignoreCase bool) bool {
	upper, letters := 0, 0
	for _, r := range w {
		switch {
		case unicode.IsDigit(r):
			return true
		case unicode.IsUpper(r):
			upper++
			letters++
		case unicode.IsLetter(r):
			letters++
		}
	}
	if letters >= 2 && upper == letters {
		return true
	}
	if ignoreCase {
		return false
	}
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r)
}

// isTitleCase reports whether most longer words of a headline are
// capitalised, as English headlines often are; there capitals say nothing.
func isTitleCase(title string) bool {
	words, caps := 0, 0
	eachWord(title, func(w string, _ bool) {
		if utf8.RuneCountInString(w) < 4 {
			return
		}
		words++
		if r, _ := utf8.DecodeRuneInString(w); unicode.IsUpper(r) {
			caps++
		}
	})
	return words > 0 && caps*10 > words*6
}

// language tells the script or language family of an article, coarsely:
// "ru" for Cyrillic, "pl" for text with Polish letters or function words,
// "" for the rest. Articles of different languages share few words, so
// they are compared by their names instead.
func language(title, text string) string {
	s := title + " " + truncateWords(text, leadWords)
	cyr, letters, polish := 0, 0, 0
	for _, r := range s {
		if !unicode.IsLetter(r) {
			continue
		}
		letters++
		if unicode.Is(unicode.Cyrillic, r) {
			cyr++
		}
		switch unicode.ToLower(r) {
		case 'ą', 'ę', 'ł', 'ś', 'ź', 'ż', 'ć', 'ń':
			polish++
		}
	}
	if letters > 0 && cyr*3 > letters {
		return "ru"
	}
	eachWord(s, func(w string, _ bool) {
		switch strings.ToLower(w) {
		case "się", "że", "jest", "nie", "oraz", "który", "która", "które", "przez", "dla", "jak", "już":
			polish++
		}
	})
	if polish >= 2 {
		return "pl"
	}
	return ""
}

func truncateWords(s string, n int) string {
	end, count := len(s), 0
	inWord := false
	for i, r := range s {
		letter := unicode.IsLetter(r) || unicode.IsDigit(r)
		if letter && !inWord {
			count++
			if count > n {
				end = i
				break
			}
		}
		inWord = letter
	}
	return s[:end]
}

// eachWord calls fn for each run of letters and digits in s, saying whether
// the word opens a sentence. Hyphens and apostrophes split words, so
// "Saudi-Iran" gives both names.
func eachWord(s string, fn func(w string, sentenceStart bool)) {
	start := -1
	sentenceStart := true
	for i, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			fn(s[start:i], sentenceStart)
			sentenceStart = false
			start = -1
		}
		switch r {
		case '.', '!', '?', ':', ';', '"', '“', '”', '«', '»', '|', '\n':
			sentenceStart = true
		}
	}
	if start >= 0 {
		fn(s[start:], sentenceStart)
	}
}

// termKey folds a word to its key: lower case, diacritics removed, Cyrillic
// transliterated, spelling variants that differ between languages merged,
// then cut to keyLen letters. Stopwords and one-letter words give no key.
func termKey(word string) (string, bool) {
	var arr [32]byte
	w := arr[:0]
	digits := false
	for _, r := range word {
		if unicode.IsDigit(r) {
			digits = true
		}
		w = foldRune(w, r)
	}
	if digits {
		// Numbers ("39 entities", "Su-35", "2024") keep their form.
		if len(w) > 12 {
			return "", false
		}
		return string(w), true
	}
	if utf8.RuneCount(w) < 2 || stopwords[string(w)] {
		return "", false
	}
	w = phonetic(suffix(w))
	n := utf8.RuneCount(w)
	if n < 2 {
		return "", false
	}
	if n > keyLen {
		i := 0
		for k := range string(w) {
			if i == keyLen {
				w = w[:k]
				break
			}
			i++
		}
	}
	return string(w), true
}

// suffix strips the English endings that turn a country into its people
// or make a plural, so "Iranian", "Iranians" and "Iran" meet, and "deals"
// and "deal". Longer endings need no care: keys are cut short anyway.
func suffix(w []byte) []byte {
	for _, end := range []string{"ians", "ian", "ese"} {
		if len(w) >= len(end)+3 && string(w[len(w)-len(end):]) == end {
			return w[:len(w)-len(end)]
		}
	}
	if n := len(w); n >= 5 && w[n-1] == 's' && w[n-2] != 's' && w[n-2] != 'u' && w[n-2] != 'i' {
		return w[:n-1]
	}
	return w
}

// phonetic merges spellings of one sound across English, Polish and
// transliterated Russian: w/v, y/j/i, ch/kh/th/h, sz/sh/s, ph/f, c/k, and
// doubled letters. It rewrites w in place (the result is never longer) and
// leaves other scripts alone.
func phonetic(w []byte) []byte {
	out := w[:0]
	var prev byte
	for i := 0; i < len(w); i++ {
		c := w[i]
		next := byte(0)
		if i+1 < len(w) {
			next = w[i+1]
		}
		switch {
		case c == 'w':
			c = 'v'
		case c == 'y' || c == 'j':
			c = 'i'
		case (c == 'c' || c == 'k' || c == 't') && next == 'h':
			c = 'h'
			i++
		case c == 's' && (next == 'z' || next == 'h'):
			i++
		case c == 'p' && next == 'h':
			c = 'f'
			i++
		case c == 'c' && next != 'z':
			// Hard c is k in Polish and in most transliterations:
			// bloc/blok, Africa/Afryka.
			c = 'k'
		}
		if c == prev && c < utf8.RuneSelf {
			continue
		}
		out = append(out, c)
		prev = c
	}
	return out
}

// foldRune appends r lower-cased, without diacritics, and Cyrillic
// letters in a plain Latin transliteration.
func foldRune(b []byte, r rune) []byte {
	r = unicode.ToLower(r)
	if r < utf8.RuneSelf {
		return append(b, byte(r))
	}
	if s, ok := latinFold[r]; ok {
		return append(b, s...)
	}
	if s, ok := cyrillic[r]; ok {
		return append(b, s...)
	}
	if unicode.Is(unicode.Mn, r) {
		return b
	}
	return utf8.AppendRune(b, r)
}

var latinFold = func() map[rune]string {
	m := map[rune]string{'ß': "ss", 'æ': "ae", 'œ': "oe", 'ø': "o", 'ł': "l", 'đ': "d", 'ı': "i", 'þ': "th"}
	for base, variants := range map[string]string{
		"a": "àáâãäåāăąǎ", "c": "çćĉċč", "d": "ď", "e": "èéêëēĕėęě", "g": "ĝğġģ", "h": "ĥħ",
		"i": "ìíîïĩīĭįǐ", "j": "ĵ", "k": "ķ", "l": "ĺļľŀ", "n": "ñńņňŉ", "o": "òóôõöōŏőǒ",
		"r": "ŕŗř", "s": "śŝşšș", "t": "ţťŧț", "u": "ùúûüũūŭůűųǔ", "y": "ýÿŷ", "z": "źżž",
	} {
		for _, v := range variants {
			m[v] = base
		}
	}
	return m
}()

var cyrillic = map[rune]string{
	'а': "a", 'б': "b", 'в': "v", 'г': "g", 'д': "d", 'е': "e", 'ё': "e", 'ж': "zh", 'з': "z",
	'и': "i", 'й': "i", 'к': "k", 'л': "l", 'м': "m", 'н': "n", 'о': "o", 'п': "p", 'р': "r",
	'с': "s", 'т': "t", 'у': "u", 'ф': "f", 'х': "kh", 'ц': "ts", 'ч': "ch", 'ш': "sh",
	'щ': "shch", 'ъ': "", 'ы': "y", 'ь': "", 'э': "e", 'ю': "yu", 'я': "ya",
	'є': "ye", 'і': "i", 'ї': "yi", 'ґ': "g",
}

// stopwords are function words of English, Polish and (transliterated)
// Russian, plus reporting verbs that every news item carries. They are
// matched on the folded word before it is cut short.
var stopwords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`
		a an the and or but if of to in on at by for from with without into onto over under after before
		about as is are was were be been being am do does did has have had having it its this that these
		those there here their they them he she his her him we our you your me my not no nor so than then
		too very can could will would shall should may might must what which who whom whose when where why
		how all any both each few more most other some such only own same just also up down out off again
		further once says said say tells told according amid against between during while until since
		via per us mr mrs ms new now first last year years day days week weeks one two three
		re ll ve
		na do sie nie to ze po od za jest sa czy co ale oraz lub dla przez przy we juz tak jak jego jej
		ich ten ta te tego tej tym tych ktory ktora ktore ktorzy byl byla bylo beda bedzie moze tez
		jako nad pod bez mowi powiedzial
		i v vo na s so k ko o ob ot iz za po do ne ni chto kak eto on ona oni ego ee ikh dlya pri ili
		no zhe uzhe byl byla bylo budet`) {
		m[w] = true
	}
	return m
}()
