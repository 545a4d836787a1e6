package stories

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"time"
)

// Article is what the clusterer reads of one news item.
type Article struct {
	// ID is the article's stable key; a story founded by the article takes
	// it as the story's ID.
	ID    string
	Title string
	// Text is the description or body; only its lead counts.
	Text string
	// Published is when the article appeared; the zero time means undated,
	// and undated articles join only undated stories.
	Published time.Time
	// Anchors are optional keys the caller knows tie articles together
	// whatever their language, such as the IDs or canonical names of the
	// topic aliases the article matched ("iran", "saudi-arabia"). Articles
	// sharing rare anchors look alike even when their words differ.
	Anchors []string
	// Kind is KindAuto to let Classify read the headline.
	Kind Kind
}

// Options tune a Clusterer. The zero value gives the defaults.
type Options struct {
	// Window is how far an article may be from a story's first article
	// and still join it (default 72h): a follow-up a week later is a new
	// story.
	Window time.Duration
	// Threshold is the similarity an article needs to join a story
	// (default 0.3).
	Threshold float64
	// CopyThreshold is the similarity at which an article is a copy of an
	// earlier one, a near-duplicate (default 0.75). Commentary joins only
	// a copy of itself, and a report joins a commentary story only as a
	// copy.
	CopyThreshold float64
	// MergeThreshold is the similarity of two stories' centroids at which
	// Repair merges them (default 0.6).
	MergeThreshold float64
	// Retain is how long a story stays open after its latest article,
	// measured against the newest article seen (default 2×Window). Closed
	// stories leave memory; their IDs stay valid in the caller's store.
	Retain time.Duration
	// Vocabulary holds the document frequencies, shared or reloaded; nil
	// starts an empty one.
	Vocabulary *Vocabulary
	// FixedVocabulary stops Assign from counting each article into the
	// vocabulary, for callers that count articles themselves (Vocabulary.Add).
	FixedVocabulary bool
}

func (o Options) withDefaults() Options {
	if o.Window <= 0 {
		o.Window = 72 * time.Hour
	}
	if o.Threshold <= 0 {
		o.Threshold = defaultThreshold
	}
	if o.CopyThreshold <= 0 {
		o.CopyThreshold = defaultCopy
	}
	if o.MergeThreshold <= 0 {
		o.MergeThreshold = defaultMerge
	}
	if o.Retain <= 0 {
		o.Retain = 2 * o.Window
	}
	if o.Vocabulary == nil {
		o.Vocabulary = NewVocabulary()
	}
	return o
}

var (
	defaultThreshold = 0.25
	defaultCopy      = 0.75
	defaultMerge     = 0.25
	// linkShare is how much the closest article counts against the
	// story's centroid in the similarity of an article to a story.
	linkShare = 0.5
)

// Bounds on the work per article, whatever the number of open stories.
const (
	probeTerms    = 10  // the article's strongest terms looked up in the index
	probeNames    = 6   // and its strongest names
	postingCap    = 256 // most recent stories kept per term
	maxCandidates = 32  // stories scored in full
	maxCentroid   = 64  // terms kept in a story's centroid
	maxMembers    = 64  // fingerprints kept per story, for copy checks and Repair
	maxLinks      = 16  // members an article is compared with one by one
	sweepEvery    = 4096
)

// Assignment is where Assign put an article.
type Assignment struct {
	// Story is the story's ID: the ID of the article that founded it.
	Story string
	// New is true when the article founded the story.
	New bool
	// Similarity is how close the article was to the story it joined (0
	// for a new story).
	Similarity float64
	// Nearest is the most similar earlier article among the candidate
	// stories, and NearestSimilarity its similarity: at CopyThreshold or
	// above the article nearly repeats it.
	Nearest           string
	NearestSimilarity float64
	// Copy reports NearestSimilarity >= CopyThreshold.
	Copy bool
	// Kind is the kind the article was taken for.
	Kind Kind
	// Fingerprint is the article's fingerprint, for the caller to store.
	Fingerprint Fingerprint
}

// Merge records that Repair folded story From into story Into.
type Merge struct{ From, Into string }

// Story is a story's state as a store keeps it: enough to go on assigning
// articles after a restart, without the articles' texts.
type Story struct {
	ID    string    `json:"id"`
	Kind  Kind      `json:"kind"`
	First time.Time `json:"first"`
	Last  time.Time `json:"last"`
	Size  int       `json:"size"`
	// Centroid is the sum of the members' fingerprints, its strongest
	// terms only, sorted by key.
	Centroid []Term `json:"centroid"`
	// Names is the sum of the members' Names, strongest first cut, sorted
	// by key; Lang is the founding article's language.
	Names []Term `json:"names,omitempty"`
	Lang  string `json:"lang,omitempty"`
	// Members holds the fingerprints of the first articles and the latest
	// one, for near-duplicate checks.
	Members []Fingerprint `json:"members"`
}

type story struct {
	seq         int
	id          string
	kind        Kind
	first, last time.Time
	size        int
	sum         map[string]float64
	norm        float64
	lang        string
	names       map[string]float64 // sum of the members' Names
	titles      map[string]int     // headline keys of the members
	namesNorm   float64
	members     []Fingerprint
	into        *story // set when merged into another story
	gone        bool   // merged or closed: skipped by lookups
	dirty       bool   // changed since the last Repair
}

// Clusterer assigns articles to stories one at a time. The same articles in
// the same order always give the same stories. It is not safe for
// concurrent use; callers serialise Assign, as an ingest pipeline does per
// article.
type Clusterer struct {
	opt      Options
	seq      int
	byID     map[string]*story
	open     []*story
	postings map[string][]*story
	latest   time.Time
	assigned int
	scores   map[*story]float64
	cands    []candidate
	home     map[string]*story // article ID -> story, for articles kept as members
}

type candidate struct {
	s     *story
	probe float64
}

// New returns an empty Clusterer.
func New(opt Options) *Clusterer {
	return &Clusterer{
		opt:      opt.withDefaults(),
		byID:     map[string]*story{},
		postings: map[string][]*story{},
		scores:   map[*story]float64{},
		home:     map[string]*story{},
	}
}

// Vocabulary returns the document frequencies the clusterer weighs terms
// with, for a store to save.
func (c *Clusterer) Vocabulary() *Vocabulary { return c.opt.Vocabulary }

// Assign puts a into the most similar open story within the window, or
// founds a new story.
func (c *Clusterer) Assign(a Article) Assignment {
	toks := articleTokens(a)
	if !c.opt.FixedVocabulary {
		c.opt.Vocabulary.add(toks)
	}
	fp := fingerprint(a.ID, a.Published, toks, c.opt.Vocabulary)
	fp.Lang = language(a.Title, a.Text)
	kind := a.Kind
	if kind == KindAuto {
		kind = Classify(a.Title)
	}
	if a.Published.After(c.latest) {
		c.latest = a.Published
	}
	res := Assignment{Kind: kind, Fingerprint: fp}

	var best *story
	bestSim := 0.0
	for _, cand := range c.candidates(fp.Terms, fp.Names, a.Published, nil) {
		s := cand.s
		cross := fp.Lang != s.lang
		cent := dotMap(fp.Terms, s.sum) / s.norm
		if cross {
			if sharedKeys(fp.Names, s.names) < minSharedNames {
				continue
			}
			cent = dotMap(fp.Names, s.names) / s.namesNorm
		}
		link, nearest := 0.0, ""
		for i, m := range s.members {
			if i >= maxLinks && i != len(s.members)-1 {
				continue
			}
			v := dot(fp.Terms, m.Terms)
			if cross {
				v = dot(fp.Names, m.Names)
			}
			if v > link {
				link, nearest = v, m.ArticleID
			}
		}
		if link > res.NearestSimilarity && !cross {
			res.Nearest, res.NearestSimilarity = nearest, link
		}
		sim := (1-linkShare)*cent + linkShare*link
		if !cross && fp.Subject != "" && s.titles[fp.Subject] == 0 {
			// The headline's subject is an actor no headline of the
			// story names: a reaction or another happening.
			sim -= subjectPenalty
		}
		threshold := c.opt.Threshold
		if cross {
			// Across languages only names, acronyms and numbers
			// connect; they must agree more.
			threshold = crossThreshold
		}
		if a.Published.IsZero() {
			// Without a date, nothing says the two are close in time;
			// the text must say more.
			threshold += undatedMargin
		}
		if kind == KindCommentary || s.kind != kind {
			// Commentary stands alone: only a copy of the same piece
			// joins it, so an opinion piece neither swallows the event
			// nor is swallowed by it.
			if link < c.opt.CopyThreshold {
				continue
			}
			sim = link
		}
		if sim >= threshold && sim > bestSim {
			best, bestSim = s, sim
		}
	}
	res.Copy = res.NearestSimilarity >= c.opt.CopyThreshold
	if best == nil {
		s := c.found(a.ID, kind, fp.Lang, a.Published)
		c.add(s, fp)
		res.Story, res.New = s.id, true
	} else {
		c.add(best, fp)
		res.Story, res.Similarity = best.id, bestSim
	}
	c.assigned++
	if c.assigned%sweepEvery == 0 {
		c.sweep()
	}
	return res
}

// candidates finds open stories sharing the strongest of terms, within the
// window of t, and returns the most promising, best first. skip is left out.
func (c *Clusterer) candidates(terms, names []Term, t time.Time, skip *story) []candidate {
	probe := slices.Clone(terms)
	slices.SortFunc(probe, func(a, b Term) int {
		if x := cmp.Compare(b.Weight, a.Weight); x != 0 {
			return x
		}
		return cmp.Compare(a.Key, b.Key)
	})
	if len(probe) > probeTerms {
		probe = probe[:probeTerms]
	}
	// Names reach stories in other languages, whose words differ.
	for i, n := range names {
		if i >= probeNames {
			break
		}
		if !slices.ContainsFunc(probe, func(t Term) bool { return t.Key == n.Key }) {
			probe = append(probe, n)
		}
	}
	clear(c.scores)
	for _, p := range probe {
		list := c.postings[p.Key]
		for i, n := len(list)-1, 0; i >= 0 && n < postingCap; i, n = i-1, n+1 {
			s := list[i]
			if s.gone || s == skip || !c.inWindow(s, t) {
				continue
			}
			c.scores[s] += p.Weight
		}
	}
	c.cands = c.cands[:0]
	for s, v := range c.scores {
		c.cands = append(c.cands, candidate{s, v})
	}
	slices.SortFunc(c.cands, func(a, b candidate) int {
		if x := cmp.Compare(b.probe, a.probe); x != 0 {
			return x
		}
		return cmp.Compare(a.s.seq, b.s.seq)
	})
	if len(c.cands) > maxCandidates {
		c.cands = c.cands[:maxCandidates]
	}
	return c.cands
}

// inWindow reports whether an article published at t may join s: both
// undated, or within Window of the story's first article.
func (c *Clusterer) inWindow(s *story, t time.Time) bool {
	if t.IsZero() || s.first.IsZero() {
		return t.IsZero() && s.first.IsZero()
	}
	d := t.Sub(s.first)
	return d <= c.opt.Window && d >= -c.opt.Window
}

func (c *Clusterer) found(articleID string, kind Kind, lang string, t time.Time) *story {
	id := articleID
	for n := 2; c.byID[id] != nil; n++ {
		id = fmt.Sprintf("%s~%d", articleID, n)
	}
	c.seq++
	s := &story{seq: c.seq, id: id, kind: kind, lang: lang, first: t, last: t, sum: map[string]float64{}, names: map[string]float64{}, titles: map[string]int{}}
	c.byID[id] = s
	c.open = append(c.open, s)
	return s
}

// add makes fp a member of s and indexes its new terms.
func (c *Clusterer) add(s *story, fp Fingerprint) {
	s.size++
	s.dirty = true
	t := fp.Published
	if !t.IsZero() {
		if s.first.IsZero() || t.Before(s.first) {
			s.first = t
		}
		if t.After(s.last) {
			s.last = t
		}
	}
	for _, term := range fp.Terms {
		if _, ok := s.sum[term.Key]; !ok {
			c.postings[term.Key] = appendPosting(c.postings[term.Key], s)
		}
		s.sum[term.Key] += term.Weight
	}
	for _, term := range fp.Names {
		s.names[term.Key] += term.Weight
	}
	for _, k := range fp.Title {
		s.titles[k]++
	}
	pruneCentroid(s)
	if len(s.members) < maxMembers {
		s.members = append(s.members, fp)
	} else {
		s.members[len(s.members)-1] = fp
	}
	c.home[fp.ArticleID] = s
}

// appendPosting adds s to a term's list and drops the oldest entries when
// the list grows well past postingCap, so lookups stay bounded.
func appendPosting(list []*story, s *story) []*story {
	if len(list) >= 2*postingCap {
		list = append(list[:0], list[len(list)-postingCap:]...)
	}
	return append(list, s)
}

func pruneCentroid(s *story) {
	if len(s.sum) > maxCentroid {
		terms := make([]Term, 0, len(s.sum))
		for k, w := range s.sum {
			terms = append(terms, Term{k, w})
		}
		slices.SortFunc(terms, func(a, b Term) int {
			if x := cmp.Compare(b.Weight, a.Weight); x != 0 {
				return x
			}
			return cmp.Compare(a.Key, b.Key)
		})
		for _, t := range terms[maxCentroid:] {
			delete(s.sum, t.Key)
		}
	}
	s.norm = mapNorm(s.sum)
	if len(s.names) > maxCentroid {
		keep := centroidTerms(s.names, maxCentroid)
		clear(s.names)
		for _, t := range keep {
			s.names[t.Key] = t.Weight
		}
	}
	s.namesNorm = mapNorm(s.names)
}

func mapNorm(m map[string]float64) float64 {
	n := 0.0
	for _, w := range m {
		n += w * w
	}
	if n == 0 {
		return 1
	}
	return math.Sqrt(n)
}

func dotMap(terms []Term, m map[string]float64) float64 {
	v := 0.0
	for _, t := range terms {
		v += t.Weight * m[t.Key]
	}
	return v
}

// Move records that Repair moved one article from one story to another.
type Move struct{ Article, From, To string }

// Repair merges open stories that have grown alike (two outlets' first
// reports founded two stories before later articles showed they were one).
// It merges the most similar pair first and repeats while a pair reaches
// MergeThreshold; the later story folds into the earlier, whose ID stays.
// Only stories changed since the previous Repair are compared with the
// others, so calling it now and then costs little. It returns the merges
// in the order made; Resolve follows them.
func (c *Clusterer) Repair() ([]Merge, []Move) {
	merges := c.mergeAlike(nil)
	var moves []Move
	for range repairRounds {
		m := c.reassign()
		if len(m) == 0 {
			break
		}
		moves = append(moves, m...)
		merges = c.mergeAlike(merges)
	}
	for _, s := range c.open {
		s.dirty = false
	}
	c.compactOpen()
	return merges, moves
}

func (c *Clusterer) mergeAlike(merges []Merge) []Merge {
	for {
		var from, into *story
		bestSim := 0.0
		for _, s := range c.open {
			if s.gone || !s.dirty || s.kind == KindCommentary {
				continue
			}
			terms := centroidTerms(s.sum, maxTerms)
			for _, cand := range c.candidates(terms, centroidTerms(s.names, probeNames), s.first, s) {
				o := cand.s
				if o.kind != s.kind || !c.inWindow(o, s.first) {
					continue
				}
				sim, threshold := c.storySimilarity(s, o), c.opt.MergeThreshold
				if s.lang != o.lang {
					if sharedMapKeys(s.names, o.names) < minSharedNames {
						continue
					}
					sim, threshold = dotMapMap(s.names, o.names)/(s.namesNorm*o.namesNorm), crossMerge
				}
				if s.first.IsZero() {
					threshold += undatedMargin
				}
				if s.lang == o.lang && (subjectMissing(s, o) || subjectMissing(o, s)) {
					sim -= subjectPenalty
				}
				if sim >= threshold && (sim > bestSim || sim == bestSim && pairLess(s, o, from, into)) {
					bestSim = sim
					from, into = s, o
					if from.seq < into.seq {
						from, into = into, from
					}
				}
			}
		}
		if from == nil {
			break
		}
		c.merge(from, into)
		into.dirty = true
		merges = append(merges, Merge{From: from.id, Into: into.id})
	}
	return merges
}

// reassign moves each member of a changed story to another story whose
// centroid it is clearly closer to than to the rest of its own: early in a
// story's life its centroid is one or two articles, and an article that
// arrived then may belong with a story that grew later.
func (c *Clusterer) reassign() []Move {
	var moves []Move
	for _, s := range c.open {
		if s.gone || !s.dirty {
			continue
		}
		for i := 0; i < len(s.members); i++ {
			m := s.members[i]
			kind := s.kind
			own := 0.0
			if s.size > 1 {
				own = leaveOneOut(m.Terms, s)
			}
			var best *story
			bestSim := math.Max(own+reassignMargin, c.opt.Threshold)
			if m.Published.IsZero() {
				bestSim = math.Max(bestSim, c.opt.Threshold+undatedMargin)
			}
			for _, cand := range c.candidates(m.Terms, nil, m.Published, s) {
				o := cand.s
				if o.kind != kind || kind == KindCommentary || o.lang != m.Lang || s.lang != m.Lang {
					continue
				}
				v := dotMap(m.Terms, o.sum) / o.norm
				if m.Subject != "" && o.titles[m.Subject] == 0 {
					v -= subjectPenalty
				}
				if v > bestSim {
					best, bestSim = o, v
				}
			}
			if best == nil {
				continue
			}
			c.removeMember(s, i)
			i--
			c.add(best, m)
			moves = append(moves, Move{Article: m.ArticleID, From: s.id, To: best.id})
			if s.size == 0 {
				s.gone = true
				break
			}
		}
	}
	return moves
}

var reassignMargin = 0.05

// repairRounds bounds how often Repair alternates moving articles and
// merging stories.
const repairRounds = 3

// leaveOneOut is the similarity of a member to its story without itself.
func leaveOneOut(terms []Term, s *story) float64 {
	v, n := 0.0, 0.0
	self := map[string]float64{}
	for _, t := range terms {
		self[t.Key] = t.Weight
	}
	for k, w := range s.sum {
		w -= self[k]
		n += w * w
	}
	for _, t := range terms {
		v += t.Weight * (s.sum[t.Key] - t.Weight)
	}
	if n <= 0 {
		return 0
	}
	return v / math.Sqrt(n)
}

// removeMember takes member i out of s.
func (c *Clusterer) removeMember(s *story, i int) {
	m := s.members[i]
	s.members = slices.Delete(s.members, i, i+1)
	s.size--
	subtract := func(m map[string]float64, terms []Term) {
		for _, t := range terms {
			if w, ok := m[t.Key]; ok {
				if w -= t.Weight; w <= 1e-9 {
					delete(m, t.Key)
				} else {
					m[t.Key] = w
				}
			}
		}
	}
	subtract(s.sum, m.Terms)
	subtract(s.names, m.Names)
	for _, k := range m.Title {
		if s.titles[k]--; s.titles[k] <= 0 {
			delete(s.titles, k)
		}
	}
	pruneCentroid(s)
	s.first, s.last = time.Time{}, time.Time{}
	for _, o := range s.members {
		if !o.Published.IsZero() && (s.first.IsZero() || o.Published.Before(s.first)) {
			s.first = o.Published
		}
		if o.Published.After(s.last) {
			s.last = o.Published
		}
	}
	delete(c.home, m.ArticleID)
}

// StoryOf returns the story an article is in now, after any Repair, for
// articles still held in memory; ok is false for others.
func (c *Clusterer) StoryOf(articleID string) (id string, ok bool) {
	s := c.home[articleID]
	if s == nil {
		return "", false
	}
	return s.id, true
}

// storySimilarity compares two stories by their centroids and by the mean
// similarity of their members (average link), which keeps one odd article
// from pulling two stories together.
func (c *Clusterer) storySimilarity(s, o *story) float64 {
	cent := dotMapMap(s.sum, o.sum) / (s.norm * o.norm)
	total, n := 0.0, 0
	for _, a := range s.members {
		for _, b := range o.members {
			total += dot(a.Terms, b.Terms)
			n++
		}
	}
	avg := 0.0
	if n > 0 {
		avg = total / float64(n)
	}
	return (1-avgShare)*cent + avgShare*avg
}

// pairLess breaks ties between equally similar pairs by founding order, so
// Repair is deterministic.
func pairLess(s, o, from, into *story) bool {
	if from == nil {
		return true
	}
	a, b := min(s.seq, o.seq), max(s.seq, o.seq)
	x, y := min(from.seq, into.seq), max(from.seq, into.seq)
	return a < x || a == x && b < y
}

func (c *Clusterer) merge(s, into *story) {
	s.gone, s.into = true, into
	into.size += s.size
	if !s.first.IsZero() && (into.first.IsZero() || s.first.Before(into.first)) {
		into.first = s.first
	}
	if s.last.After(into.last) {
		into.last = s.last
	}
	for k, w := range s.sum {
		if _, ok := into.sum[k]; !ok {
			c.postings[k] = appendPosting(c.postings[k], into)
		}
		into.sum[k] += w
	}
	for k, w := range s.names {
		into.names[k] += w
	}
	for k, n := range s.titles {
		into.titles[k] += n
	}
	pruneCentroid(into)
	for _, m := range s.members {
		if len(into.members) >= maxMembers {
			break
		}
		into.members = append(into.members, m)
		c.home[m.ArticleID] = into
	}
}

func dotMapMap(a, b map[string]float64) float64 {
	if len(a) > len(b) {
		a, b = b, a
	}
	v := 0.0
	for k, w := range a {
		v += w * b[k]
	}
	return v
}

func centroidTerms(sum map[string]float64, n int) []Term {
	terms := make([]Term, 0, len(sum))
	for k, w := range sum {
		terms = append(terms, Term{k, w})
	}
	slices.SortFunc(terms, func(a, b Term) int {
		if x := cmp.Compare(b.Weight, a.Weight); x != 0 {
			return x
		}
		return cmp.Compare(a.Key, b.Key)
	})
	if len(terms) > n {
		terms = terms[:n]
	}
	slices.SortFunc(terms, func(a, b Term) int { return cmp.Compare(a.Key, b.Key) })
	return terms
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

// sweep closes stories whose latest article is older than Retain before the
// newest article seen, and drops them from the index.
func (c *Clusterer) sweep() {
	cutoff := c.latest.Add(-c.opt.Retain)
	for _, s := range c.open {
		if !s.last.IsZero() && s.last.Before(cutoff) {
			s.gone = true
		}
	}
	for k, list := range c.postings {
		kept := list[:0]
		for _, s := range list {
			if !s.gone {
				kept = append(kept, s)
			}
		}
		if len(kept) == 0 {
			delete(c.postings, k)
			continue
		}
		clear(list[len(kept):])
		c.postings[k] = kept
	}
	c.compactOpen()
}

// compactOpen forgets stories that are gone. A merged story keeps its
// entry in byID so Resolve still follows it; a closed one leaves.
func (c *Clusterer) compactOpen() {
	kept := c.open[:0]
	for _, s := range c.open {
		if !s.gone {
			kept = append(kept, s)
		} else if s.into == nil {
			delete(c.byID, s.id)
		}
	}
	clear(c.open[len(kept):])
	c.open = kept
}

// Stories returns the open stories in the order they were founded, for a
// store to save.
func (c *Clusterer) Stories() []Story {
	out := make([]Story, 0, len(c.open))
	for _, s := range c.open {
		if s.gone {
			continue
		}
		out = append(out, Story{
			ID: s.id, Kind: s.kind, First: s.first, Last: s.last, Size: s.size,
			Centroid: centroidTerms(s.sum, maxCentroid),
			Names:    centroidTerms(s.names, maxCentroid),
			Lang:     s.lang,
			Members:  slices.Clone(s.members),
		})
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
	s := &story{seq: c.seq, id: st.ID, kind: kind, first: st.First, last: st.Last, size: st.Size,
		sum: make(map[string]float64, len(st.Centroid)), members: slices.Clone(st.Members),
		lang: st.Lang, names: make(map[string]float64, len(st.Names)), titles: map[string]int{}}
	for _, t := range st.Names {
		s.names[t.Key] = t.Weight
	}
	for _, m := range s.members {
		c.home[m.ArticleID] = s
		for _, k := range m.Title {
			s.titles[k]++
		}
	}
	for _, t := range st.Centroid {
		s.sum[t.Key] = t.Weight
		c.postings[t.Key] = appendPosting(c.postings[t.Key], s)
	}
	pruneCentroid(s)
	c.byID[s.id] = s
	c.open = append(c.open, s)
	if st.Last.After(c.latest) {
		c.latest = st.Last
	}
}

var leadW = 0.55
var avgShare = 0.0
var crossThreshold = 0.4
var undatedMargin = 0.15
var subjectPenalty = 0.1

// subjectMissing reports whether the headline subject of s's founding
// article appears in no headline of o.
func subjectMissing(s, o *story) bool {
	if len(s.members) == 0 {
		return false
	}
	subj := s.members[0].Subject
	return subj != "" && o.titles[subj] == 0
}

// minSharedNames is how many names, acronyms or numbers two pieces in
// different languages must share before they are compared at all: one
// shared acronym is the topic, not the happening.
const minSharedNames = 2

func sharedKeys(terms []Term, m map[string]float64) int {
	n := 0
	for _, t := range terms {
		if _, ok := m[t.Key]; ok {
			n++
		}
	}
	return n
}

func sharedMapKeys(a, b map[string]float64) int {
	if len(a) > len(b) {
		a, b = b, a
	}
	n := 0
	for k := range a {
		if _, ok := b[k]; ok {
			n++
		}
	}
	return n
}

var crossMerge = 0.4
