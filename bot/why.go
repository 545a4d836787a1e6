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
func Reasons(m brief.Match, limit int) []string { return reasons(m, limit, false) }

// QueryReasons is Reasons for a topic a channel wrote in the query
// language ("Caspian" AND (oil OR gas)): every word of such a query is one
// its author chose, so a single lower-case word that matched ("gas") says
// as much as a name and is shown beside it.
func QueryReasons(m brief.Match, limit int) []string { return reasons(m, limit, true) }

func reasons(m brief.Match, limit int, query bool) []string {
	type reason struct {
		text  string
		rank  int // 0 a name, 1 a phrase, 2 a common word
		title bool
	}
	var rs []reason
	index := map[string]int{} // lower-case name → position in rs
	for _, h := range m.Hits {
		// The topic's own spelling of a name ("Russia" for "Russian's"),
		// unless the term is a pattern ("ядерн* сделк*", "Росси*"): a stem
		// is no word a reader knows, so the words the article used, the
		// shortest of them when the pattern fired more than once, the
		// headline's on a tie ("Россия" in the headline beside "России").
		term := strings.TrimSpace(h.Term)
		name, pattern := term, strings.Contains(term, "*")
		if pattern {
			name = trimPossessive(strings.TrimSpace(h.Found))
		}
		if name == "" {
			continue
		}
		name = Cut(name, MaxName)
		key := strings.ToLower(term)
		r := reason{text: name, rank: nameRank(name), title: h.Field == "title"}
		if found := Cut(strings.TrimSpace(h.Found), MaxName); h.Fuzzy && found != "" && !strings.EqualFold(found, name) {
			r.text = name + " (spelt " + found + ")"
		}
		if i, ok := index[key]; ok {
			// Of a pattern's words, the shortest; the headline's on a tie.
			if n, m := utf8.RuneCountInString(r.text), utf8.RuneCountInString(rs[i].text); pattern && (n < m || n == m && r.title && !rs[i].title) {
				rs[i].text, rs[i].rank = r.text, r.rank
			}
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
		if r.rank == 2 && len(out) > 0 && !query {
			break
		}
		out = append(out, r.text)
	}
	return out
}

// trimPossessive drops an English possessive ending: "Iran's" → "Iran".
func trimPossessive(w string) string {
	for _, suf := range []string{"'s", "’s", "'", "’"} {
		if strings.HasSuffix(w, suf) && len(w) > len(suf) {
			return w[:len(w)-len(suf)]
		}
	}
	return w
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
