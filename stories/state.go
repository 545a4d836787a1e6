package stories

import (
	"time"
)

// Story is a story's state as a store keeps it: enough to go on assigning
// articles after a restart, without the articles' texts.
type Story struct {
	ID    string    `json:"id"`
	Kind  Kind      `json:"kind"`
	Lang  string    `json:"lang,omitempty"`
	First time.Time `json:"first"`
	Last  time.Time `json:"last"`
	Size  int       `json:"size"`
	// Centroid is the sum of the members' fingerprints, its strongest
	// terms only, sorted by key; Names is the same for their names.
	Centroid []Term `json:"centroid"`
	Names    []Term `json:"names,omitempty"`
	// Members holds the fingerprints of the first articles and the latest
	// one, for near-duplicate checks and Repair.
	Members []Fingerprint `json:"members"`
}

// Stories returns the open stories in the order they were founded, for a
// store to save.
func (c *Clusterer) Stories() []Story {
	out := make([]Story, 0, len(c.open))
	for _, s := range c.open {
		if s.gone {
			continue
		}
		st := Story{ID: s.id, Kind: s.kind, Lang: s.lang, First: s.first, Last: s.last, Size: s.size,
			Centroid: c.terms(top(s.sum, maxCentroid)), Names: c.terms(top(s.names, maxCentroid))}
		for i := range s.members {
			st.Members = append(st.Members, c.fingerprintOf(&s.members[i]))
		}
		out = append(out, st)
	}
	return out
}

// Load reopens a stored story, as at a restart: later articles can join it
// as if it had never left memory. Load stories in the order they were
// founded, with the Vocabulary saved beside them.
func (c *Clusterer) Load(st Story) {
	kind := st.Kind
	if kind == KindAuto {
		kind = KindReport
	}
	c.seq++
	s := newStory(c.seq, st.ID, kind, st.Lang)
	s.first, s.last, s.size = st.First, st.Last, st.Size
	c.slot(s)
	for _, t := range st.Centroid {
		id := c.intern(t.Key)
		s.sum[id] = t.Weight
		c.index(id, s)
	}
	for _, t := range st.Names {
		id := c.intern(t.Key)
		s.names[id] = t.Weight
		c.index(id, s)
	}
	for _, fp := range st.Members {
		m := c.member(fp)
		s.langs[m.lang]++
		s.members = append(s.members, m)
		c.home[m.article] = s
	}
	prune(s)
	c.byID[s.id] = s
	c.open = append(c.open, s)
	if st.Last.After(c.latest) {
		c.latest = st.Last
	}
}

// Resolve returns the ID of the story id now lives in, following merges;
// an unknown or closed story's ID comes back unchanged.
func (c *Clusterer) Resolve(id string) string {
	s := c.byID[id]
	if s == nil {
		return id
	}
	for s.into != nil {
		s = s.into
	}
	return s.id
}

// StoryOf returns the story an article is in now, after any Repair, for
// articles of open stories; ok is false for others.
func (c *Clusterer) StoryOf(articleID string) (id string, ok bool) {
	s := c.home[articleID]
	if s == nil {
		return "", false
	}
	return s.id, true
}
