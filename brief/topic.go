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

// NormalizeTopicID turns what a user typed into the canonical topic ID form:
// lower case, with '_' (Telegram command menus cannot show '-') and spaces
// read as '-'.
func NormalizeTopicID(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	s = strings.NewReplacer("_", "-", " ", "-").Replace(s)
	return s
}
