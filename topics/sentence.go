package topics

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// paragraphEnd returns the end of the paragraph starting at p0 (a blank line
// ends it) and where the next one starts.
func paragraphEnd(s string, p0 int) (end, next int) {
	for i := p0; i < len(s); i++ {
		k := strings.IndexByte(s[i:], '\n')
		if k < 0 {
			break
		}
		i += k
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

// isSentenceEnd reports whether the punctuation rune at s[i:i+n] ends a
// sentence: a full stop, question or exclamation mark followed by space and
// then a capital (or a letter without case), and not closing an initial
// ("U.S.", "N. Korea").
func isSentenceEnd(s string, i, n, end int) bool {
	switch s[i] {
	case '.', '!', '?':
	default:
		r, _ := utf8.DecodeRuneInString(s[i:])
		switch r {
		case '…', '。', '؟', '！', '？', '।', '۔':
		case '•', '▪':
			// A bullet starts a point of its own, whatever follows.
			return true
		default:
			return false
		}
	}
	if s[i] == '.' && i > 0 && byteClass[s[i-1]] == classWord && (i == 1 || byteClass[s[i-2]] != classWord) {
		return false // an initial: a single letter before the stop
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
