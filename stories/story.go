package stories

import (
	"cmp"
	"math"
	"slices"
	"time"
)

// ent is one weighted term, by interned id; a vec is sorted by id.
type ent struct {
	id uint32
	w  float64
}

type vec []ent

// member is what a story keeps of one of its articles.
type member struct {
	article      string
	published    time.Time
	lang         string
	terms, names vec
}

type story struct {
	seq         int
	id          string
	kind        Kind
	lang        string
	first, last time.Time
	size        int
	sum         map[uint32]float64 // sum of the members' terms
	norm        float64
	names       map[uint32]float64 // sum of the members' names
	langs       map[string]int     // members per language
	namesNorm   float64
	members     []member
	slot        uint32 // place in the index's dense arrays
	into        *story // set when merged into another story
	gone        bool   // merged or closed: skipped by lookups
	dirty       bool   // changed since the last Repair
}

func newStory(seq int, id string, kind Kind, lang string) *story {
	return &story{seq: seq, id: id, kind: kind, lang: lang,
		sum: map[uint32]float64{}, names: map[uint32]float64{}, langs: map[string]int{}, norm: 1, namesNorm: 1}
}

// intern returns the id of key, adding it.
func (c *Clusterer) intern(key string) uint32 {
	if id, ok := c.ids[key]; ok {
		return id
	}
	id := uint32(len(c.keys))
	c.ids[key] = id
	c.keys = append(c.keys, key)
	c.postings = append(c.postings, nil)
	return id
}

func (c *Clusterer) vec(terms []Term) vec {
	v := make(vec, len(terms))
	for i, t := range terms {
		v[i] = ent{c.intern(t.Key), t.Weight}
	}
	slices.SortFunc(v, func(a, b ent) int { return cmp.Compare(a.id, b.id) })
	return v
}

func (c *Clusterer) terms(v vec) []Term {
	out := make([]Term, len(v))
	for i, e := range v {
		out[i] = Term{c.keys[e.id], e.w}
	}
	slices.SortFunc(out, func(a, b Term) int { return cmp.Compare(a.Key, b.Key) })
	return out
}

// member turns a fingerprint into the interned form a story keeps.
func (c *Clusterer) member(fp Fingerprint) member {
	m := member{article: fp.ArticleID, published: fp.Published, lang: fp.Lang,
		terms: c.vec(fp.Terms), names: c.vec(fp.Names)}
	return m
}

func (c *Clusterer) fingerprintOf(m *member) Fingerprint {
	return Fingerprint{ArticleID: m.article, Published: m.published, Lang: m.lang,
		Terms: c.terms(m.terms), Names: c.terms(m.names)}
}

// add makes m a member of s and indexes its new terms.
func (c *Clusterer) add(s *story, m member) {
	s.size++
	s.dirty = true
	if t := m.published; !t.IsZero() {
		if s.first.IsZero() || t.Before(s.first) {
			s.first = t
		}
		if t.After(s.last) {
			s.last = t
		}
	}
	for _, e := range m.terms {
		if _, ok := s.sum[e.id]; !ok {
			c.index(e.id, s)
		}
		s.sum[e.id] += e.w
	}
	c.slotFirst[s.slot] = minutes(s.first)
	for _, e := range m.names {
		if _, ok := s.names[e.id]; !ok {
			c.index(e.id, s)
		}
		s.names[e.id] += e.w
	}
	s.langs[m.lang]++
	prune(s)
	if len(s.members) < maxMembers {
		s.members = append(s.members, m)
	} else {
		s.members[len(s.members)-1] = m
	}
	c.home[m.article] = s
}

// removeMember takes member i out of s.
func (c *Clusterer) removeMember(s *story, i int) member {
	m := s.members[i]
	s.members = slices.Delete(s.members, i, i+1)
	s.size--
	s.dirty = true
	subtract := func(sum map[uint32]float64, v vec) {
		for _, e := range v {
			if w, ok := sum[e.id]; ok {
				if w -= e.w; w <= 1e-9 {
					delete(sum, e.id)
				} else {
					sum[e.id] = w
				}
			}
		}
	}
	subtract(s.sum, m.terms)
	subtract(s.names, m.names)
	if s.langs[m.lang]--; s.langs[m.lang] <= 0 {
		delete(s.langs, m.lang)
	}
	prune(s)
	s.first, s.last = time.Time{}, time.Time{}
	for _, o := range s.members {
		if !o.published.IsZero() && (s.first.IsZero() || o.published.Before(s.first)) {
			s.first = o.published
		}
		if o.published.After(s.last) {
			s.last = o.published
		}
	}
	c.slotFirst[s.slot] = minutes(s.first)
	delete(c.home, m.article)
	return m
}

// prune keeps a story's centroids to their strongest maxCentroid terms
// and refreshes their norms.
func prune(s *story) {
	for _, m := range []map[uint32]float64{s.sum, s.names} {
		if len(m) > maxCentroid {
			keep := top(m, maxCentroid)
			clear(m)
			for _, e := range keep {
				m[e.id] = e.w
			}
		}
	}
	s.norm = mapNorm(s.sum)
	s.namesNorm = mapNorm(s.names)
}

// top returns the n strongest entries of m, sorted by id.
func top(m map[uint32]float64, n int) vec {
	v := make(vec, 0, len(m))
	for id, w := range m {
		v = append(v, ent{id, w})
	}
	slices.SortFunc(v, func(a, b ent) int {
		if x := cmp.Compare(b.w, a.w); x != 0 {
			return x
		}
		return cmp.Compare(a.id, b.id)
	})
	if len(v) > n {
		v = v[:n]
	}
	slices.SortFunc(v, func(a, b ent) int { return cmp.Compare(a.id, b.id) })
	return v
}

func mapNorm(m map[uint32]float64) float64 {
	n := 0.0
	for _, w := range m {
		n += w * w
	}
	if n == 0 {
		return 1
	}
	return math.Sqrt(n)
}

// dot multiplies two id-sorted vectors.
func dot(a, b vec) float64 {
	s := 0.0
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i].id == b[j].id:
			s += a[i].w * b[j].w
			i++
			j++
		case a[i].id < b[j].id:
			i++
		default:
			j++
		}
	}
	return s
}

func dotMap(v vec, m map[uint32]float64) float64 {
	s := 0.0
	for _, e := range v {
		s += e.w * m[e.id]
	}
	return s
}

func dotMapMap(a, b map[uint32]float64) float64 {
	if len(a) > len(b) {
		a, b = b, a
	}
	s := 0.0
	for id, w := range a {
		s += w * b[id]
	}
	return s
}

func sharedKeys(v vec, m map[uint32]float64) int {
	n := 0
	for _, e := range v {
		if _, ok := m[e.id]; ok {
			n++
		}
	}
	return n
}

func sharedMapKeys(a, b map[uint32]float64) int {
	if len(a) > len(b) {
		a, b = b, a
	}
	n := 0
	for id := range a {
		if _, ok := b[id]; ok {
			n++
		}
	}
	return n
}
