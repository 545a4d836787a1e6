package topics

import "strings"

// A headline counts as one sentence: everything it names pairs. A semicolon
// in it joins two statements, though ("Iran hosts Armenia-Azerbaijan talks;
// Russia says main issue resolved"), and what each names pairs only with
// what the same statement names.

// titleClauses records in sc.semis where the title's clauses end: the byte
// offsets of its semicolons that are followed by a space and do not end
// an HTML entity that lost its ampersand ("#39;", "quot;").
func (sc *scratch) titleClauses(title string) {
	sc.semis = sc.semis[:0]
	for i := 0; ; i++ {
		k := strings.IndexByte(title[i:], ';')
		if k < 0 {
			return
		}
		i += k
		if i+1 < len(title) && title[i+1] == ' ' && !entityBefore(title, i) {
			sc.semis = append(sc.semis, int32(i))
		}
	}
}

// entityBefore reports whether the semicolon at s[i] ends an entity: a
// number ("#39;") or a name such as "quot" or "amp".
func entityBefore(s string, i int) bool {
	j := i
	for j > 0 && j > i-8 && isASCIILetter(s[j-1]) || j > 0 && '0' <= s[j-1] && s[j-1] <= '9' {
		j--
	}
	if j < i && '0' <= s[i-1] && s[i-1] <= '9' {
		return true
	}
	return entityName(s, j, i, len(s)) > 0
}

// sameClause reports whether two title words lie in the same clause.
func (sc *scratch) sameClause(a, b *token) bool {
	if len(sc.semis) == 0 {
		return true
	}
	lo, hi := min(a.start, b.start), max(a.start, b.start)
	for _, s := range sc.semis {
		if lo < s && s < hi {
			return false
		}
	}
	return true
}
