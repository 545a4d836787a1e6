package topics

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Fields of an article. Hits report them as "title" and "text".
const (
	fieldTitle uint8 = iota
	fieldText
)

var fieldNames = [...]string{fieldTitle: "title", fieldText: "text"}

// Locations inside an article, each with its own weight: the headline, the
// first sentence of the text (the lead, which states the main point), the
// rest of the text, and photo captions, which name whoever is in the picture
// whatever the story is about.
const (
	locTitle uint8 = iota
	locLead
	locBody
	locCaption
	numLocs
)

var locNames = [numLocs]string{locTitle: "title", locLead: "lead", locBody: "text", locCaption: "caption"}

// token is one word of a field.
type token struct {
	start, end int32 // byte offsets of the word in its field
	key0, key1 int32 // its matching key in the key buffer
	pos        int32 // ordinal of the word within its field
	sent       int32 // ordinal of its sentence within its field
	field      uint8
	loc        uint8
	flags      uint8
}

const (
	flagCap      uint8 = 1 << iota // starts with an upper-case letter
	flagCaseless                   // starts with a letter of a script without case
)

// tokenize appends the words of field s to toks and their keys to keys.
func tokenize(toks []token, keys []byte, s string, field uint8) ([]token, []byte) {
	pos := int32(0)
	sent := int32(0)
	leadSent := int32(-1)
	if field == fieldTitle {
		leadSent = -2 // titles have no lead
	}
	start := 0
	if field == fieldText {
		start = datelineEnd(s)
	}
	for p0 := start; p0 < len(s); {
		p1, next := paragraphEnd(s, p0)
		caption := field == fieldText && isCaption(s[p0:p1])
		sentHasTok := false
		for i := p0; i < p1; {
			r, n := utf8.DecodeRuneInString(s[i:])
			if isWordRune(r) {
				j := i + n
				if !unicode.Is(unicode.Han, r) {
					j = wordEnd(s, j, p1)
				}
				if skip := entityName(s, i, j, p1); skip > 0 {
					i = skip
					continue
				}
				t := token{start: int32(i), end: int32(j), pos: pos, sent: sent, field: field}
				switch {
				case unicode.IsUpper(r) || unicode.IsTitle(r):
					t.flags |= flagCap
				case unicode.IsLetter(r) && !unicode.IsLower(r):
					t.flags |= flagCaseless
				}
				switch {
				case field == fieldTitle:
					t.loc = locTitle
				case caption:
					t.loc = locCaption
				default:
					if leadSent == -1 {
						leadSent = sent
					}
					t.loc = locBody
					if sent == leadSent {
						t.loc = locLead
					}
				}
				t.key0 = int32(len(keys))
				keys = appendKey(keys, s[i:j], true)
				t.key1 = int32(len(keys))
				if t.key1 > t.key0 {
					toks = append(toks, t)
					pos++
					sentHasTok = true
				}
				i = j
				continue
			}
			if m := detachedPossessive(s, i, p1); m > 0 {
				i = m
				continue
			}
			if sentHasTok && isSentenceEnd(s, i, n, p1, toks) {
				sent++
				sentHasTok = false
			}
			i += n
		}
		if sentHasTok {
			sent++
		}
		p0 = next
	}
	return toks, keys
}

// paragraphEnd returns the end of the paragraph starting at p0 (a blank line
// ends it) and where the next one starts.
func paragraphEnd(s string, p0 int) (end, next int) {
	for i := p0; i < len(s); i++ {
		if s[i] != '\n' {
			continue
		}
		j := i + 1
		for j < len(s) && (s[j] == ' ' || s[j] == '\t' || s[j] == '\r') {
			j++
		}
		if j < len(s) && s[j] == '\n' {
			return i, j + 1
		}
	}
	return len(s), len(s)
}

// isCaption reports whether a paragraph is a photo caption: it ends with a
// parenthesised credit such as "(Sputnik/Sergey Bobylev/Pool via Reuters)"
// or "(AP Photo/Vahid Salemi)".
func isCaption(p string) bool {
	p = strings.TrimRight(p, " \t\r\n")
	if !strings.HasSuffix(p, ")") {
		return false
	}
	open := strings.LastIndexByte(p, '(')
	if open < 0 || len(p)-open > 160 {
		return false
	}
	credit := strings.ToLower(p[open:])
	for _, w := range [...]string{"/", "via ", "photo", "getty", "pool", "image", "courtesy", "credit", "shutterstock"} {
		if strings.Contains(credit, w) {
			return true
		}
	}
	return false
}

// isWordRune reports whether r starts or continues a word.
func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.In(r, unicode.Mn, unicode.Mc)
}

// wordEnd returns the end of the word whose rest starts at j. Apostrophes
// (and mis-decoded apostrophe entities) between letters, combining marks,
// soft hyphens and zero-width joiners stay inside a word; a Han ideograph
// starts a word of its own. Hyphens, dashes, slashes and the zero-width
// non-joiner that Persian puts before suffixes end it.
func wordEnd(s string, j, end int) int {
	for j < end {
		r, n := utf8.DecodeRuneInString(s[j:])
		switch {
		case unicode.Is(unicode.Han, r):
			return j
		case isWordRune(r) || unicode.Is(unicode.Me, r) || r == '\u00ad' || r == '\u200d':
			j += n
		case isApostrophe(r):
			if j+n < end && startsWithLetter(s[j+n:end]) {
				j += n
				continue
			}
			return j
		case r == '&' || r == '#':
			m := apostropheEntity(s[j:end])
			if m > 0 && j+m < end && startsWithLetter(s[j+m:end]) {
				j += m
				continue
			}
			return j
		default:
			return j
		}
	}
	return j
}

func isApostrophe(r rune) bool {
	switch r {
	case '\'', '\u2019', '\u2018', '\u02bc', '\u02bb', '`', '\u00b4':
		return true
	}
	return false
}

func startsWithLetter(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLetter(r)
}

// entityName recognises the name of an HTML entity whose ampersand was lost
// or turned into a space ("quot;", "amp;"), which some feeds leave in text,
// and returns where scanning resumes after it, or 0.
func entityName(s string, i, j, end int) int {
	if j >= end || s[j] != ';' || j-i > 6 || (i > 0 && s[i-1] != '&' && s[i-1] != ' ' && s[i-1] != '#') {
		return 0
	}
	switch strings.ToLower(s[i:j]) {
	case "quot", "amp", "lt", "gt", "nbsp", "apos", "laquo", "raquo", "rsquo", "lsquo", "ldquo", "rdquo", "ndash", "mdash":
		return j + 1
	}
	return 0
}

// detachedPossessive recognises an apostrophe-s cut off from its word by a
// space, as wire copy with mis-decoded entities has it ("Iran #39;s"), and
// returns where scanning resumes after it, or 0.
func detachedPossessive(s string, i, end int) int {
	m := apostropheEntity(s[i:end])
	if m == 0 {
		r, n := utf8.DecodeRuneInString(s[i:end])
		if !isApostrophe(r) {
			return 0
		}
		m = n
	}
	j := i + m
	if j < end && (s[j] == 's' || s[j] == 'S') && (j+1 == end || !startsWithLetter(s[j+1:end])) {
		return j + 1
	}
	if s[i] == '&' || s[i] == '#' {
		return j
	}
	return 0
}

// isSentenceEnd reports whether the punctuation rune at s[i:i+n] ends a
// sentence: a full stop, question or exclamation mark followed by space and
// then a capital (or a letter without case), and not closing an initial
// ("U.S.", "N. Korea").
func isSentenceEnd(s string, i, n, end int, toks []token) bool {
	switch s[i] {
	case '.', '!', '?':
	default:
		r, _ := utf8.DecodeRuneInString(s[i:])
		switch r {
		case '…', '。', '؟', '！', '？', '।', '۔':
		default:
			return false
		}
	}
	if s[i] == '.' && len(toks) > 0 {
		last := toks[len(toks)-1]
		if int(last.end) == i && last.end-last.start == 1 {
			return false
		}
	}
	j := i + n
	for j < end {
		r, m := utf8.DecodeRuneInString(s[j:])
		if r == '"' || r == '\'' || r == ')' || r == '’' || r == '”' || r == '»' {
			j += m
			continue
		}
		break
	}
	if j == end {
		return true
	}
	r, m := utf8.DecodeRuneInString(s[j:])
	if !unicode.IsSpace(r) {
		return false
	}
	j += m
	for j < end {
		r, m = utf8.DecodeRuneInString(s[j:])
		if !unicode.IsSpace(r) && !strings.ContainsRune("\"'‘“«(", r) {
			break
		}
		j += m
	}
	if j == end {
		return true
	}
	return unicode.IsUpper(r) || (unicode.IsLetter(r) && !unicode.IsLower(r))
}

// datelineEnd returns where the text starts after a wire-copy dateline
// ("TEHRAN –", "VIENNA (AFP) -", "UNITED NATIONS (Reuters) - "), or 0. A
// dateline says where the reporter filed from, not what the story is about.
func datelineEnd(s string) int {
	i := 0
	letters := 0
	for i < len(s) && i < 40 {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case unicode.IsUpper(r):
			letters++
		case r == ' ' || r == '.' || r == ',' || r == '\'':
		default:
			goto place
		}
		i += n
	}
place:
	if letters < 3 {
		return 0
	}
	rest := s[i:]
	if strings.HasPrefix(rest, "(") {
		end := strings.IndexByte(rest, ')')
		if end < 0 || end > 30 {
			return 0
		}
		rest = rest[end+1:]
	} else if i > 0 && s[i-1] != ' ' && !strings.HasPrefix(rest, ":") {
		return 0
	}
	trimmed := strings.TrimLeft(rest, " ")
	for _, sep := range [...]string{"--", "-", "–", "—", ":"} {
		if sep == ":" && letters < 5 {
			continue // "IAEA: Iran ..." is a headline style, not a dateline
		}
		if after, ok := strings.CutPrefix(trimmed, sep); ok && strings.HasPrefix(after, " ") {
			return len(s) - len(after)
		}
	}
	return 0
}
