package summarize

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// span is a sentence as byte offsets into the text it came from, so that
// sentences stay verbatim substrings and cost no allocation.
type span struct{ start, end int }

// Split cuts text into sentences. Each sentence is a non-empty substring of
// text with surrounding white space trimmed; the sentences are in text order
// and together they hold every non-space character of text.
//
// A sentence ends at a full stop, question or exclamation mark, ellipsis,
// Persian question mark or CJK full stop that is followed by space and a
// sentence start, at a blank line, at a line break that does not continue the
// line before it (so headlines, datelines and list items without final
// punctuation stand alone), and before a bullet. Titles and abbreviations
// (Mr., Gen., U.S., Jan. 20, No. 10, г., т.е.), initials, decimals and money
// do not end a sentence, and closing quotes and brackets after the stop stay
// with the sentence they close.
func Split(text string) []string {
	spans := appendSpans(nil, text)
	out := make([]string, len(spans))
	for i, s := range spans {
		out[i] = text[s.start:s.end]
	}
	return out
}

// appendSpans appends the sentences of text to dst.
func appendSpans(dst []span, text string) []span {
	start := 0
	emit := func(end int) {
		if s, e, ok := trimSpan(text, start, end); ok {
			dst = append(dst, span{s, e})
		}
		start = end
	}
	for i := 0; i < len(text); {
		r, size := rune(text[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(text[i:])
		}
		switch {
		case r == '\n':
			if lineBreakEnds(text, i) {
				emit(i)
			}
			i += size
		case isBullet(r) && precededBySpace(text, i) && followedBySpace(text, i+size):
			emit(i)
			i += size
		case isTerminal(r):
			end := stopEnd(text, i, r, size)
			if end > 0 {
				emit(end)
				i = end
				continue
			}
			i += size
		default:
			i += size
		}
	}
	emit(len(text))
	return dst
}

// trimSpan trims white space from text[start:end] and reports whether
// anything is left.
func trimSpan(text string, start, end int) (int, int, bool) {
	for start < end {
		r, size := utf8.DecodeRuneInString(text[start:end])
		if !isSpace(r) {
			break
		}
		start += size
	}
	for end > start {
		r, size := utf8.DecodeLastRuneInString(text[start:end])
		if !isSpace(r) {
			break
		}
		end -= size
	}
	return start, end, start < end
}

func isSpace(r rune) bool {
	if r < utf8.RuneSelf {
		return r == ' ' || r == '\n' || r == '\t' || r == '\r' || r == '\v' || r == '\f'
	}
	return unicode.IsSpace(r) || r == '\u200b' || r == '\ufeff'
}

// isTerminal reports whether r can end a sentence.
func isTerminal(r rune) bool {
	switch r {
	case '.', '?', '!', '…', '؟', '۔', '。', '！', '？', '।':
		return true
	}
	return false
}

// isWide reports whether r is a full-width stop, which needs no space after it.
func isWide(r rune) bool { return r == '。' || r == '！' || r == '？' }

func isCloser(r rune) bool {
	switch r {
	case '"', '\'', '”', '’', ')', ']', '»', '」', '』', '›':
		return true
	}
	return false
}

func isOpener(r rune) bool {
	switch r {
	case '"', '\'', '“', '‘', '(', '[', '«', '„', '¿', '¡', '「', '『', '‹':
		return true
	}
	return false
}

func isBullet(r rune) bool { return r == '•' || r == '▪' || r == '●' || r == '◦' || r == '‣' }

func precededBySpace(text string, i int) bool {
	if i == 0 {
		return true
	}
	r, _ := utf8.DecodeLastRuneInString(text[:i])
	return isSpace(r)
}

func followedBySpace(text string, i int) bool {
	if i >= len(text) {
		return true
	}
	r, _ := utf8.DecodeRuneInString(text[i:])
	return isSpace(r)
}

// lineBreakEnds reports whether the newline at text[i] ends a sentence: a
// blank line always does; a single line break does unless the next line
// carries on the one before (it starts in lower case, or the line before
// ends with a comma, semicolon, hyphen or dash). A next line that starts with
// a list marker always begins a new sentence.
func lineBreakEnds(text string, i int) bool {
	k := i + 1
	for k < len(text) {
		r, size := utf8.DecodeRuneInString(text[k:])
		if r == '\n' {
			return true
		}
		if !isSpace(r) {
			break
		}
		k += size
	}
	if k >= len(text) {
		return true
	}
	if listMarker(text[k:]) {
		return true
	}
	next, _ := utf8.DecodeRuneInString(text[k:])
	if unicode.IsLower(next) {
		return false
	}
	j := i
	for j > 0 {
		r, size := utf8.DecodeLastRuneInString(text[:j])
		if !isSpace(r) {
			switch r {
			case ',', ';', '-', '–', '—', '(', '/', '&':
				return false
			}
			return true
		}
		j -= size
	}
	return true
}

// listMarker reports whether s starts with a list marker followed by a
// space: a bullet, a dash or asterisk, or a number with a stop or bracket.
func listMarker(s string) bool {
	r, size := utf8.DecodeRuneInString(s)
	switch {
	case isBullet(r), r == '*', r == '-', r == '–', r == '—', r == '·':
		return followedBySpace(s, size)
	case r >= '0' && r <= '9':
		j := 0
		for j < len(s) && j < 3 && s[j] >= '0' && s[j] <= '9' {
			j++
		}
		return j < len(s) && (s[j] == '.' || s[j] == ')') && followedBySpace(s, j+1) && j+1 < len(s)
	}
	return false
}

// stopEnd decides whether the terminal mark r at text[i] ends a sentence. It
// returns the end of the sentence (after any further marks and closing quotes
// or brackets), or 0 when the sentence goes on.
func stopEnd(text string, i int, r rune, size int) int {
	j := i + size
	for j < len(text) {
		q, qs := utf8.DecodeRuneInString(text[j:])
		if !isTerminal(q) {
			break
		}
		j += qs
	}
	// An ellipsis or a run of marks ("?!") is no abbreviation's stop.
	run := r == '…' || j > i+size
	for j < len(text) {
		q, qs := utf8.DecodeRuneInString(text[j:])
		if !isCloser(q) {
			break
		}
		j += qs
	}
	if j >= len(text) {
		return j
	}
	if isWide(r) {
		return j
	}
	// The stop must be followed by white space; a line break is decided by
	// lineBreakEnds.
	k := j
	for k < len(text) {
		q, qs := utf8.DecodeRuneInString(text[k:])
		if !isSpace(q) {
			break
		}
		if q == '\n' {
			return 0
		}
		k += qs
	}
	if k == j {
		return 0
	}
	if k >= len(text) {
		return j
	}
	// Look at the first letter of the next sentence, past opening quotes.
	next := text[k:]
	for {
		q, qs := utf8.DecodeRuneInString(next)
		if !isOpener(q) || qs >= len(next) {
			break
		}
		next = next[qs:]
	}
	first, _ := utf8.DecodeRuneInString(next)
	if unicode.IsLower(first) {
		return 0
	}
	if r != '.' || run {
		return j
	}
	word := wordBefore(text, i)
	if word == "" {
		return j
	}
	digit := first >= '0' && first <= '9'
	switch abbreviationKind(word) {
	case abbrTitle:
		return 0
	case abbrNumber:
		if digit {
			return 0
		}
		return j
	case abbrMaybe:
		if isStarter(text[k:]) {
			return j
		}
		return 0
	case abbrNever:
		return 0
	}
	if isListNumber(text, i, word) {
		return 0
	}
	return j
}

// wordBefore returns the run of letters, digits and dots that ends at the
// stop at text[i], without that stop.
func wordBefore(text string, i int) string {
	j := i
	for j > 0 {
		r, size := utf8.DecodeLastRuneInString(text[:j])
		if !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '.') {
			break
		}
		j -= size
	}
	return text[j:i]
}

// isListNumber reports whether word is a number that opens its line, as in
// "1. First point".
func isListNumber(text string, i int, word string) bool {
	for k := 0; k < len(word); k++ {
		if word[k] < '0' || word[k] > '9' {
			return false
		}
	}
	if len(word) > 3 {
		return false
	}
	j := i - len(word)
	for j > 0 {
		r, size := utf8.DecodeLastRuneInString(text[:j])
		if r == '\n' {
			return true
		}
		if !isSpace(r) {
			return false
		}
		j -= size
	}
	return true
}

type abbrKind uint8

const (
	abbrNone   abbrKind = iota
	abbrTitle           // always followed by a name: Mr., Gen., Dr.
	abbrNumber          // followed by a number: No. 10, Jan. 20, Art. 5
	abbrMaybe           // may end a sentence: U.S., Inc., a single initial
	abbrNever           // Cyrillic abbreviations, which rarely end one
)

var abbreviations = map[string]abbrKind{}

func init() {
	for _, w := range strings.Fields(`mr mrs ms messrs mme mlle dr prof gen col lt sgt cpl pte capt cmdr cdr adm maj
		brig rep reps sen sens gov pres rev fr st hon supt insp det amb atty cllr rt sr jr
		mt ft`) {
		abbreviations[w] = abbrTitle
	}
	for _, w := range strings.Fields(`no nos vol vols art arts fig figs p pp para sec ch chap
		jan feb mar apr jun jul aug sep sept oct nov dec tel ext approx ca c circa`) {
		abbreviations[w] = abbrNumber
	}
	for _, w := range strings.Fields(`inc ltd co corp plc bros assn dept univ est etc al vs v cf ed eds
		av ave blvd rd sq hwy min max govt intl natl`) {
		abbreviations[w] = abbrMaybe
	}
	for _, w := range strings.Fields(`г гг т.е т.д т.п т.к т.н др пр им ул д млн млрд тыс руб долл
		см стр проф акад ген чел обл р-н пос с н.э вв ок напр`) {
		abbreviations[w] = abbrNever
	}
}

// abbreviationKind classifies the word before a full stop.
func abbreviationKind(word string) abbrKind {
	var buf [16]byte
	if len(word) <= len(buf) {
		lower := buf[:0]
		ascii := true
		for k := 0; k < len(word); k++ {
			c := word[k]
			if c >= utf8.RuneSelf {
				ascii = false
				break
			}
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			lower = append(lower, c)
		}
		if ascii {
			// An all-capitals word is an acronym ("MS", "ST"), not a title,
			// and a single capital is an initial ("Taraji P. Henson"), not
			// the page or circa of "p. 5" and "c. 1900".
			if k, ok := abbreviations[string(lower)]; ok && !isUpperASCII(word) {
				return k
			}
		} else if k, ok := abbreviations[strings.ToLower(word)]; ok {
			return k
		}
	}
	// Initials and dotted abbreviations: "F.", "U.S", "U.N", "e.g", "a.m".
	letters, seg := 0, 0
	for _, r := range word {
		if r == '.' {
			if seg == 0 || seg > 2 {
				return abbrNone
			}
			seg = 0
			continue
		}
		if !unicode.IsLetter(r) {
			return abbrNone
		}
		letters++
		seg++
	}
	if seg > 2 || letters == 0 {
		return abbrNone
	}
	if letters == 1 {
		r, _ := utf8.DecodeRuneInString(word)
		if unicode.IsUpper(r) {
			return abbrMaybe // an initial: "John F. Kennedy"
		}
		return abbrNone
	}
	if strings.Contains(word, ".") {
		return abbrMaybe
	}
	return abbrNone
}

// starters are words that commonly open an English sentence; after an
// ambiguous abbreviation ("in the U.S. The ...") they signal a new sentence.
var starters = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`The A An He She It They We I You His Her Its Their Our My This That These Those
		There Here But And Or So Yet In On At For With By From As If When While After Before Since Although
		Though However Meanwhile What Why How Who Where Which Some Many Most All Both Each Every One Not No
		Now Then Also Still Last Earlier Later Yesterday Today Tomorrow Analysts Officials Shares Sales
		Mr Mrs Ms Dr Such Other Another Under Over During Despite Because Instead Even Only Just`) {
		starters[w] = true
	}
}

// isStarter reports whether s opens with a common sentence-opening word or
// an opening quote.
func isStarter(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	if isOpener(r) {
		return true
	}
	end := 0
	for end < len(s) && end < 16 {
		c := s[end]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') {
			break
		}
		end++
	}
	return end > 0 && starters[s[:end]]
}

func isUpperASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if 'a' <= s[i] && s[i] <= 'z' {
			return false
		}
	}
	return true
}
