package bot

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"briefbot/brief"
)

// Reasons says in a reader's words why a story is in a briefing: at most
// limit of the names that matched, as the topic spells them, those in the
// headline first: "Raisi (spelt Riasi), Putin, Moscow". A name found by a
// near spelling says how the article spelt it. Names (a capital letter,
// an acronym) come before lower-case phrases ("nuclear talks"), and
// single lower-case words ("talks") are left out when anything else
// fired: they only add context to a match.
func Reasons(m brief.Match, limit int) []string {
	type reason struct {
		text  string
		rank  int // 0 a name, 1 a phrase, 2 a common word
		title bool
	}
	var rs []reason
	index := map[string]int{} // lower-case name → position in rs
	for _, h := range m.Hits {
		// The topic's own spelling of a name ("Russia" for "Russian's"),
		// unless the term is a pattern ("ядерн* сделк*"): then the words
		// the article used.
		name := strings.TrimSpace(strings.TrimSuffix(h.Term, "*"))
		if name == "" || strings.Contains(name, "*") {
			name = strings.TrimSpace(h.Found)
		}
		if name == "" {
			continue
		}
		name = Cut(name, MaxName)
		key := strings.ToLower(name)
		r := reason{text: name, rank: nameRank(name), title: h.Field == "title"}
		if found := Cut(strings.TrimSpace(h.Found), MaxName); h.Fuzzy && found != "" && !strings.EqualFold(found, name) {
			r.text = name + " (spelt " + found + ")"
		}
		if i, ok := index[key]; ok {
			if r.title && !rs[i].title {
				rs[i].title = true
			}
			continue
		}
		index[key] = len(rs)
		rs = append(rs, r)
	}
	// A name inside a longer one that also matched says nothing more
	// ("Iran" beside "Iran nuclear deal" stays; "nuclear" beside "nuclear
	// talks" goes).
	rs = slices.DeleteFunc(rs, func(r reason) bool {
		if r.rank == 0 {
			return false
		}
		for _, o := range rs {
			if o.text != r.text && strings.Contains(strings.ToLower(o.text), strings.ToLower(r.text)) {
				return true
			}
		}
		return false
	})
	slices.SortStableFunc(rs, func(a, b reason) int {
		if a.rank != b.rank {
			return a.rank - b.rank
		}
		switch {
		case a.title && !b.title:
			return -1
		case b.title && !a.title:
			return 1
		}
		return 0
	})
	var out []string
	for _, r := range rs {
		if len(out) == limit {
			break
		}
		if r.rank == 2 && len(out) > 0 {
			break
		}
		out = append(out, r.text)
	}
	return out
}

// nameRank is 0 for a name (it has a capital letter: "Moscow", "IAEA",
// "Joint Comprehensive Plan of Action"), 1 for a lower-case phrase, 2 for
// a single lower-case word.
func nameRank(s string) int {
	for _, r := range s {
		if unicode.IsUpper(r) {
			return 0
		}
	}
	if r, _ := utf8.DecodeRuneInString(s); !unicode.IsLower(r) {
		return 0 // a script without case (Persian, Arabic), or a digit
	}
	if strings.ContainsAny(s, " -") {
		return 1
	}
	return 2
}
