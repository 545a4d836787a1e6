package topics

import "strings"

// A headline counts as one sentence: everything it names pairs. A semicolon
// in it joins two statements, though ("Iran hosts Armenia-Azerbaijan talks;
// Russia says main issue resolved"), and what each names pairs only with
// what the same statement names.

// titleClauses numbers the clauses of the title in the clause of its
// tokens, toks[:n]. A clause ends at a semicolon followed by a space that
// does not end an HTML entity which lost its ampersand ("#39;", "quot;").
func titleClauses(toks []token, title string) {
	if strings.IndexByte(title, ';') < 0 {
		return
	}
	clause, next := uint8(0), clauseEnd(title, 0)
	for i := range toks {
		for next >= 0 && int(toks[i].start) > next {
			if clause < 255 {
				clause++
			}
			next = clauseEnd(title, next+1)
		}
		toks[i].clause = clause
	}
}

// clauseEnd returns the offset of the first semicolon at or after from
// that ends a clause, or -1.
func clauseEnd(title string, from int) int {
	for i := from; i < len(title); i++ {
		k := strings.IndexByte(title[i:], ';')
		if k < 0 {
			return -1
		}
		i += k
		if i+1 < len(title) && title[i+1] == ' ' && !entityBefore(title, i) {
			return i
		}
	}
	return -1
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
