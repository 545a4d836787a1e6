package summarize

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// boilerplate lists how bylines, captions, credits, footers and calls to
// action begin. A sentence that starts with one of them (as whole words,
// compared case-insensitively) is never summary material.
var boilerplate = []string{
	"written by", "about the author", "read more", "read also", "also read", "related:",
	"related articles", "related stories", "related coverage", "more on this", "see also",
	"photo:", "photo by", "photos:", "picture:", "image:", "image caption", "image source",
	"media caption", "caption:", "video:", "watch:", "listen:", "graphic:", "©", "(c)",
	"all rights reserved", "follow us", "sign up", "click here", "share this", "share on",
	"reporting by", "editing by", "additional reporting", "the views expressed",
	"views expressed", "first published", "last updated", "updated:", "published:", "posted:",
	"filed under", "tags:", "topics:", "continue reading", "recommended:", "don't miss",
	"читайте также", "подробнее:", "фото:", "источник:", "بیشتر بخوانید", "عکس:",
}

// footers begin the closing matter of a page: what follows them (an author's
// biography, links to other stories) is not the article.
var footers = []string{
	"about the author", "about the writer", "about the authors", "author bio", "related articles",
	"related stories", "more from", "you may also like", "recommended for you", "об авторе",
}

// isFooter reports whether s begins the closing matter of a page: a short
// heading, without a final stop, that starts like one of footers.
func isFooter(s string) bool {
	if endsSentence(s) {
		return false // "More from Brussels is expected." is news
	}
	for _, p := range footers {
		if hasWordPrefix(s, p) && countWords(s) <= shortPiece {
			return true
		}
	}
	return false
}

// shortBoilerplate begins credits and notices that real sentences can also
// begin with ("Copyright law ..."), so it counts only in short pieces.
var shortBoilerplate = []string{
	"copyright", "source:", "subscribe", "advertisement", "sponsored", "disclaimer",
	"compiled by", "posted on", "contact:", "email:", "e-mail:", "this article", "this story",
}

// shortPiece is the most words a piece can have for shortBoilerplate to apply.
const shortPiece = 12

// isBoilerplate reports whether s is a byline, caption, credit or footer.
func isBoilerplate(s string) bool {
	for _, p := range boilerplate {
		if hasWordPrefix(s, p) {
			return true
		}
	}
	for _, p := range shortBoilerplate {
		if hasWordPrefix(s, p) && countWords(s) <= shortPiece {
			return true
		}
	}
	return false
}

// hasWordPrefix reports whether s begins with p, ignoring case, and p ends
// at a word boundary of s.
func hasWordPrefix(s, p string) bool {
	if len(s) < len(p) || lowerASCII(s[0]) != p[0] && s[0] < utf8.RuneSelf || !strings.EqualFold(s[:len(p)], p) {
		return false
	}
	if len(s) == len(p) {
		return true
	}
	last, _ := utf8.DecodeLastRuneInString(p)
	next, _ := utf8.DecodeRuneInString(s[len(p):])
	return !isWordRune(last) || !isWordRune(next)
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// endsSentence reports whether s ends with a terminal mark, possibly
// followed by closing quotes or brackets. Headlines, datelines, bylines,
// captions and list lead-ins ("He announced:") do not.
func endsSentence(s string) bool {
	for len(s) > 0 {
		r, size := utf8.DecodeLastRuneInString(s)
		if isTerminal(r) {
			return true
		}
		if !isCloser(r) {
			return false
		}
		s = s[:len(s)-size]
	}
	return false
}

func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// countWords counts the runs of letters or digits in s.
func countWords(s string) int {
	n := 0
	in := false
	for _, r := range s {
		var w bool
		if r < utf8.RuneSelf {
			w = isASCIIAlnum(byte(r))
		} else {
			w = isWordRune(r)
		}
		if w && !in {
			n++
		}
		in = w
	}
	return n
}

// minWords is the fewest words a summary sentence may have: shorter
// pieces are fragments ("Iran.", "Analysis:", "Photo").
const minWords = 4

// trimLead drops a list marker or a wire dateline from the start of a
// sentence, so the summary shows the sentence itself: "- Duty cuts ..."
// becomes "Duty cuts ...", and "TEHRAN, Jan 20 (Reuters) - Iran said ..."
// becomes "Iran said ...". The result is still a substring of s.
func trimLead(s string) string {
	if listMarker(s) {
		_, size := utf8.DecodeRuneInString(s)
		if r, _ := utf8.DecodeRuneInString(s); r >= '0' && r <= '9' {
			size = strings.IndexAny(s, ".)") + 1
		}
		return strings.TrimLeftFunc(s[size:], isSpace)
	}
	if rest, ok := cutDateline(s); ok {
		return rest
	}
	return s
}

// cutDateline recognises a wire dateline that opens a sentence: a place
// name in capitals, optionally followed by a date and an agency in
// brackets, then a dash ("MOSCOW (Reuters) - ", "TEHRAN, Jan. 20 (AP) — ",
// "LONDON -- "). It returns the rest of the sentence.
func cutDateline(s string) (string, bool) {
	const maxDateline = 60
	limit := min(len(s), maxDateline)
	for _, dash := range []string{" - ", " -- ", " — ", " – ", "—", "–"} {
		i := strings.Index(s[:limit], dash)
		if i <= 0 {
			continue
		}
		head := s[:i]
		rest := strings.TrimLeftFunc(s[i+len(dash):], isSpace)
		if first, _ := utf8.DecodeRuneInString(rest); !(unicode.IsUpper(first) || unicode.IsDigit(first) || isOpener(first)) {
			continue // "NATO—the alliance said" goes on mid-sentence
		}
		if !datelineHead(head) {
			continue
		}
		return rest, true
	}
	return cutAgencyDateline(s)
}

// cutAgencyDateline recognises a dateline that ends with a news agency's
// initials in brackets, with or without a place before it and a dash after
// it, and often glued to the first word: "(CNN)Police said ...", "Sanaa,
// Yemen (CNN)The rebels ...", "Washington (AP) -- The House ...". The
// initials must be capitals (CNN, AP, AFP, IRNA), which an aside in brackets
// ("the agency (IAEA) said") is not preceded by: the place before them is
// only capitalised words and commas.
func cutAgencyDateline(s string) (string, bool) {
	const maxPlace = 40
	open := strings.IndexByte(s[:min(len(s), maxPlace+1)], '(')
	if open < 0 {
		return s, false
	}
	shut := strings.IndexByte(s[open:], ')')
	if shut < 0 {
		return s, false
	}
	shut += open
	agency := s[open+1 : shut]
	if len(agency) < 2 || len(agency) > 6 || strings.IndexFunc(agency, func(r rune) bool { return r < 'A' || r > 'Z' }) >= 0 {
		return s, false
	}
	wordStart := true
	for _, r := range s[:open] {
		switch {
		case isSpace(r) || r == ',':
			wordStart = true
		case wordStart && !unicode.IsUpper(r):
			return s, false
		case !unicode.IsLetter(r) && r != '.' && r != '-' && r != '\'':
			return s, false
		default:
			wordStart = false
		}
	}
	rest := strings.TrimLeftFunc(s[shut+1:], isSpace)
	for _, dash := range []string{"--", "-", "—", "–"} {
		if after, ok := strings.CutPrefix(rest, dash); ok {
			rest = strings.TrimLeftFunc(after, isSpace)
			break
		}
	}
	if first, _ := utf8.DecodeRuneInString(rest); !(unicode.IsUpper(first) || unicode.IsDigit(first) || isOpener(first)) {
		return s, false
	}
	return rest, true
}

// datelineHead reports whether head looks like "WASHINGTON", "KYIV,
// Ukraine, March 3" or "TEHRAN (IRNA)": its first word is in capitals, every
// word starts with a capital, a digit or a bracket, and it holds no
// sentence punctuation.
func datelineHead(head string) bool {
	wordStart := true
	for _, r := range head {
		if isSpace(r) {
			wordStart = true
			continue
		}
		if wordStart && !(unicode.IsUpper(r) || unicode.IsDigit(r) || r == '(') {
			return false
		}
		wordStart = false
	}
	first := head
	if i := strings.IndexAny(head, " ,("); i >= 0 {
		first = head[:i]
	}
	letters := 0 // letters of the first word, which must all be capitals
	for _, r := range first {
		if !unicode.IsLetter(r) {
			if r == '.' || r == '-' || r == '\'' {
				continue
			}
			return false
		}
		if !unicode.IsUpper(r) {
			return false
		}
		letters++
	}
	// Three letters at least: "US - China talks" is no dateline.
	if letters < 3 {
		return false
	}
	return !strings.ContainsAny(head, "?!:;\"")
}

// quoted reports whether sentence s is a quotation: it opens with a
// quotation mark, or it begins inside a quotation that an earlier sentence
// opened (the middle and last sentences of a quoted passage). inside says
// whether a quotation is open where s begins; the second result says
// whether one is open after it. Straight double quotes toggle, curly and
// angle quotes open and close.
func quoted(s string, inside bool) (bool, bool) {
	first, _ := utf8.DecodeRuneInString(s)
	q := inside || first == '"' || first == '“' || first == '«' || first == '„'
	// Most sentences hold no quotation mark at all: three vectorised byte
	// searches settle that, where a loop over every rune would cost more
	// than the rest of the sentence's scoring.
	if strings.IndexByte(s, '"') < 0 && strings.IndexByte(s, 0xe2) < 0 && strings.IndexByte(s, 0xc2) < 0 {
		return q, inside
	}
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '"':
			inside = !inside
		case 0xe2: // “ ” „ are E2 80 9C, E2 80 9D, E2 80 9E
			if i+2 < len(s) && s[i+1] == 0x80 {
				switch s[i+2] {
				case 0x9c, 0x9e:
					inside = true
				case 0x9d:
					inside = false
				}
			}
		case 0xc2: // « and » are C2 AB and C2 BB
			if i+1 < len(s) {
				switch s[i+1] {
				case 0xab:
					inside = true
				case 0xbb:
					inside = false
				}
			}
		}
	}
	return q, inside
}
