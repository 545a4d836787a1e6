package topics

import (
	"cmp"
	"slices"
	"strings"

	"briefbot/brief"
)

// Explanation is how one topic scored an article: useful for tuning
// definitions and for "why did this (not) match".
type Explanation struct {
	TopicID   string
	Score     float64
	Threshold float64
	Matched   bool
	// Parts lists what added to the score: "group iran", "pair",
	// "query", with their values; and "no pair" or "query false" when
	// a requirement failed.
	Parts []Part
	Hits  []brief.Hit
	// Query, for a topic with a query, lists its parts in the order they
	// are written, each operation before its operands: whether each held
	// and which hits made it hold.
	Query []QueryPart
}

// Part is one contribution to a topic's score.
type Part struct {
	Name  string
	Value float64
}

// QueryPart is one part of a query as it fared on an article.
type QueryPart struct {
	// Text is the part in canonical form: a term, "title:oil",
	// "NOT caviar", "oil OR gas".
	Text string
	// Depth is how deep the part is nested: 0 for the whole query.
	Depth int
	// Holds says whether the part is true of the article.
	Holds bool
	// Hits are where its terms were found when it holds (none for a
	// NOT), title first and then in text order.
	Hits []brief.Hit
}

// Explain scores a against every topic, matched or not, in definition
// order.
func (m *Matcher) Explain(a brief.Article) []Explanation {
	sc := m.pool.Get().(*scratch)
	defer m.pool.Put(sc)
	m.scan(sc, a.Title, a.Text)
	out := make([]Explanation, len(m.topics))
	for i := range m.topics {
		out[i] = Explanation{TopicID: m.topics[i].topic.ID, Threshold: m.topics[i].threshold}
	}
	m.eachTopic(sc, func(ti int, hs []rawHit) {
		e := &out[ti]
		ct := &m.topics[ti]
		r := m.score(sc, ct, hs, e)
		e.Score, e.Matched, e.Hits = round3(r.score), r.ok, m.briefHits(sc, r)
		if ct.query != nil {
			e.Query = m.explainQuery(sc, ct.query, r.cand, 255, 0, nil)
		}
	})
	for ti := range m.topics {
		if q := m.topics[ti].query; q != nil && out[ti].Query == nil {
			// No hit at all: every term fails, every NOT holds.
			out[ti].Query = m.explainQuery(sc, q, nil, 255, 0, nil)
		}
	}
	return out
}

// explainQuery appends to out node n and the nodes under it as they fare
// over the candidate hits cand, within field (255: any).
func (m *Matcher) explainQuery(sc *scratch, n *qnode, cand []rawHit, field uint8, depth int, out []QueryPart) []QueryPart {
	var b strings.Builder
	n.format(&b, true)
	sc.spans = sc.spans[:0]
	holds := m.eval(sc, n, cand, field)
	qp := QueryPart{Text: b.String(), Depth: depth, Holds: holds}
	if holds {
		for _, h := range sc.spans {
			hit := m.hitOf(sc, h)
			if !dupHit(qp.Hits, hit) {
				qp.Hits = append(qp.Hits, hit)
			}
		}
	}
	// Where they are in the article: the title's first.
	slices.SortStableFunc(qp.Hits, func(x, y brief.Hit) int {
		return cmp.Or(cmp.Compare(y.Field, x.Field), cmp.Compare(x.Offset, y.Offset))
	})
	out = append(out, qp)
	if n.kind == qField {
		field = n.field
	}
	for _, k := range n.kids {
		out = m.explainQuery(sc, k, cand, field, depth+1, out)
	}
	return out
}

// hitOf describes hit h as a brief.Hit.
func (m *Matcher) hitOf(sc *scratch, h rawHit) brief.Hit {
	a, b := &sc.toks[h.t0], &sc.toks[h.t1]
	src := sc.title
	if a.field == fieldText {
		src = sc.text
	}
	p := &m.ix.patterns[h.pat]
	hit := brief.Hit{Term: p.term, Found: src[a.start:b.end], Field: fieldNames[a.field], Offset: int(a.start)}
	hit.Fuzzy = p.fuzzy && Normalize(hit.Found) != Normalize(p.term)
	return hit
}
