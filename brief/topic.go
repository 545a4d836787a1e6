package brief

import (
	"slices"
	"strings"
)

// Topic is what a user sees of a watched topic. The matching rules behind it
// (aliases, queries, thresholds) belong to package topics.
type Topic struct {
	// ID is the lower-kebab identifier users type: "iran-russia", "jcpoa".
	ID          string `json:"id"`
	Title       string `json:"title"`
	Description string `json:"description,omitempty"`
}

// Hit is one place where a topic's term fired in an article. Hits make a
// match explainable: a briefing can say why an article is there.
type Hit struct {
	// Term is the term as the topic defines it ("Raisi", "Shanghai Cooperation Organisation").
	Term string `json:"term"`
	// Found is the text as it appeared in the article ("Riasi", "SCO").
	Found string `json:"found"`
	// Field is "title" or "text".
	Field string `json:"field"`
	// Offset is the byte offset of Found within that field.
	Offset int `json:"offset"`
	// Fuzzy marks a name matched by a near spelling ("Riasi" for "Raisi").
	Fuzzy bool `json:"fuzzy,omitempty"`
}

// Match says that an article is about a topic, how strongly, and why.
type Match struct {
	ArticleID string `json:"article_id"`
	TopicID   string `json:"topic_id"`
	// Score is the topic's relevance score; higher is more relevant. Every
	// match has reached its topic's threshold.
	Score float64 `json:"score"`
	// Hits lists the term occurrences that contributed, in field then offset order.
	Hits []Hit `json:"hits,omitempty"`
	// Summary is the topic-focused extractive summary of the article:
	// sentences copied verbatim, in article order. Filled by ingest.
	Summary []string `json:"summary,omitempty"`
}

// Terms returns the distinct defined terms that fired, in order of first hit.
func (m Match) Terms() []string {
	var out []string
	for _, h := range m.Hits {
		if !slices.Contains(out, h.Term) {
			out = append(out, h.Term)
		}
	}
	return out
}

// Why returns up to limit short reasons for the match, for a briefing's
// "Why:" line: the distinct names and phrases that fired, as the article
// wrote them, those in the title first. Single lower-case words ("talks",
// "visit") only add context to a match and are left out when anything
// else fired. A name found by a near spelling reads "Riasi (≈ Raisi)".
func (m Match) Why(limit int) []string {
	type reason struct {
		text    string
		title   bool
		generic bool
	}
	var rs []reason
	byTerm := map[string]int{} // a defined term gives one reason
	seen := map[string]bool{}  // and so does a word the article used
	for _, h := range m.Hits {
		text := strings.TrimSpace(h.Found)
		text = strings.TrimSuffix(strings.TrimSuffix(text, "’s"), "'s")
		if text == "" {
			continue
		}
		if h.Fuzzy {
			text += " (≈ " + strings.TrimSuffix(h.Term, "*") + ")"
		}
		r := reason{text: text, title: h.Field == "title",
			generic: !strings.ContainsAny(text, " -") && text == strings.ToLower(text)}
		term := strings.ToLower(h.Term)
		if i, ok := byTerm[term]; ok {
			if r.title && !rs[i].title && !seen[strings.ToLower(text)] {
				rs[i] = r // the headline's wording explains best
				seen[strings.ToLower(text)] = true
			}
			continue
		}
		if seen[strings.ToLower(text)] {
			continue
		}
		seen[strings.ToLower(text)] = true
		byTerm[term] = len(rs)
		rs = append(rs, r)
	}
	slices.SortStableFunc(rs, func(a, b reason) int {
		switch {
		case a.title && !b.title:
			return -1
		case b.title && !a.title:
			return 1
		}
		return 0
	})
	specific := slices.ContainsFunc(rs, func(r reason) bool { return !r.generic })
	var out []string
	for _, r := range rs {
		if len(out) == limit {
			break
		}
		if r.generic && specific {
			continue
		}
		out = append(out, r.text)
	}
	return out
}

// NormalizeTopicID turns what a user typed into the canonical topic ID form:
// lower case, with '_' (Telegram command menus cannot show '-') and spaces
// read as '-'.
func NormalizeTopicID(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	s = strings.NewReplacer("_", "-", " ", "-").Replace(s)
	return s
}
