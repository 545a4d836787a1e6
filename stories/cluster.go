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
	// (default 0.28), less a little for large stories and more for
	// undated articles; across languages a fixed bar on names applies.
	Threshold float64
	// CopyThreshold is the similarity at which an article is a copy of an
	// earlier one, a near-duplicate (default 0.75). Commentary joins only
	// a copy of itself, and a report joins a commentary story only as a
	// copy.
	CopyThreshold float64
	// MergeThreshold is the similarity of two stories' centroids at which
	// Repair merges them (default 0.25).
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

// The method's weights. They were chosen on the developer splits by holding
// out each dense event window in turn, tuning on the other two, and
// checking the sparse set; see the commit that set them.
const (
	defaultThreshold = 0.28
	defaultCopy      = 0.75
	defaultMerge     = 0.25
	// linkShare is how much the closest article counts against the
	// story's centroid in the similarity of an article to a story.
	linkShare = 0.5
	// crossThreshold and crossMerge replace Threshold and MergeThreshold
	// across languages, where only names are compared.
	crossThreshold = 0.4
	crossMerge     = 0.4
	// undatedMargin raises the bar for undated articles: nothing says
	// they are close in time.
	undatedMargin = 0.15
	// decayPerDay lowers similarity with the time between an article and
	// a story's first report: reports of a happening bunch within hours,
	// reactions and analyses follow over the next days.
	decayPerDay = 0.1
	// sizeBonusPerDoubling lowers the bar to join a story each time its
	// size doubles: many outlets on one happening spread its centroid
	// over many wordings, so a new report matches each part less.
	sizeBonusPerDoubling = 0.02
	// reassignMargin is how much closer an article must be to another
	// story before Repair moves it there.
	reassignMargin = 0.05
)

// Bounds on the work per article, whatever the number of open stories.
const (
	probeTerms    = 10  // the article's strongest terms looked up in the index
	probeNames    = 6   // and its strongest names
	postingCap    = 128 // most recent stories kept per term
	scanBudget    = 640 // index entries read per lookup
	maxCandidates = 16  // stories scored against the centroid
	maxLinked     = 8   // candidates whose members are compared one by one
	maxLinks      = 16  // members of a story an article is compared with
	maxCentroid   = 64  // terms kept in a story's centroid
	maxMembers    = 64  // fingerprints kept per story, for copies and Repair
	sweepEvery    = 4096
	// minSharedNames is how many names, acronyms or numbers two pieces
	// in different languages must share before they are compared at all:
	// one or two (Putin, BRICS) are the topic, not the happening.
	minSharedNames = 3
	// repairRounds bounds how often Repair alternates moving articles
	// and merging stories.
	repairRounds = 3
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
	// stories in the same language, and NearestSimilarity its similarity:
	// at CopyThreshold or above the article nearly repeats it.
	Nearest           string
	NearestSimilarity float64
	// Copy reports NearestSimilarity >= CopyThreshold.
	Copy bool
	// Kind is the kind the article was taken for.
	Kind Kind
	// Fingerprint is the article's fingerprint, for the caller to store.
	Fingerprint Fingerprint
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
	home     map[string]*story // article ID -> story, for articles kept as members
	ids      map[string]uint32 // interned term keys; 0 is no key
	keys     []string
	postings [][]uint32 // slots of the stories using each term id, oldest first
	// Dense arrays by slot, so a lookup reads contiguous memory.
	slotStory []*story
	slotMark  []uint64
	slotScore []float64
	slotFirst []int64 // first time in minutes, as indexed
	slotGone  []bool
	freeSlots []uint32
	latest    time.Time
	assigned  int
	epoch     uint64
	cands     []candidate
	scored    []candidate
	merged    []*story // stories Repair folded into others, for Resolve
}

// New returns an empty Clusterer.
func New(opt Options) *Clusterer {
	return &Clusterer{
		opt:      opt.withDefaults(),
		byID:     map[string]*story{},
		home:     map[string]*story{},
		ids:      map[string]uint32{},
		keys:     []string{""},
		postings: [][]uint32{nil},
	}
}

// Vocabulary returns the document frequencies the clusterer weighs terms
// with, for a store to save.
func (c *Clusterer) Vocabulary() *Vocabulary { return c.opt.Vocabulary }

// Assign puts a into the most similar open story within the window, or
// founds a new story.
func (c *Clusterer) Assign(a Article) Assignment {
	return c.AssignPrepared(Prepare(a))
}

// AssignPrepared is Assign of an article prepared with Prepare: the same
// article in the same order gives the same stories either way.
func (c *Clusterer) AssignPrepared(p Prepared) Assignment {
	a, toks, kind := p.a, p.toks, p.kind
	if !c.opt.FixedVocabulary {
		c.opt.Vocabulary.add(toks)
	}
	fp := fingerprint(a.ID, a.Published, toks, c.opt.Vocabulary)
	fp.Lang = p.lang
	if a.Published.After(c.latest) {
		c.latest = a.Published
	}
	m := c.member(fp)
	res := Assignment{Kind: kind, Fingerprint: fp}

	// First the centroids of all candidates, then the closest articles of
	// the most similar few: comparing article by article is the costly
	// part.
	scored := c.scored[:0]
	for _, cand := range c.candidates(m.terms, m.names, a.Published, nil) {
		s := cand.s
		var cent float64
		if s.langs[m.lang] == 0 {
			if sharedKeys(m.names, s.names) < minSharedNames {
				continue
			}
			cent = dotMap(m.names, s.names) / s.namesNorm
		} else {
			cent = dotMap(m.terms, s.sum) / s.norm
		}
		scored = append(scored, candidate{s: s, score: cent})
	}
	slices.SortStableFunc(scored, func(a, b candidate) int { return cmp.Compare(b.score, a.score) })
	if len(scored) > maxLinked {
		scored = scored[:maxLinked]
	}
	c.scored = scored

	var best *story
	bestSim := 0.0
	for _, cand := range scored {
		s, cent := cand.s, cand.score
		cross := s.langs[m.lang] == 0
		link, nearest := 0.0, ""
		for i := range s.members {
			if i >= maxLinks && i != len(s.members)-1 {
				continue
			}
			o := &s.members[i]
			var v float64
			if cross {
				v = dot(m.names, o.names)
			} else {
				v = dot(m.terms, o.terms)
			}
			if v > link {
				link, nearest = v, o.article
			}
		}
		if link > res.NearestSimilarity && !cross {
			res.Nearest, res.NearestSimilarity = nearest, link
		}
		sim := (1-linkShare)*cent + linkShare*link
		sim -= c.decay(a.Published, s)
		threshold := c.opt.Threshold
		if cross {
			// Across languages only names, acronyms and numbers
			// connect; they must agree more.
			threshold = crossThreshold
		}
		if a.Published.IsZero() {
			threshold += undatedMargin
		}
		threshold -= sizeBonus(s.size)
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
		best = c.found(a.ID, kind, m.lang, a.Published)
		res.New = true
	} else {
		res.Similarity = bestSim
	}
	c.add(best, m)
	res.Story = best.id
	c.assigned++
	if c.assigned%sweepEvery == 0 {
		c.sweep()
	}
	return res
}

func (c *Clusterer) found(articleID string, kind Kind, lang string, t time.Time) *story {
	id := articleID
	for n := 2; c.byID[id] != nil; n++ {
		id = fmt.Sprintf("%s~%d", articleID, n)
	}
	c.seq++
	s := newStory(c.seq, id, kind, lang)
	s.first, s.last = t, t
	c.slot(s)
	c.byID[id] = s
	c.open = append(c.open, s)
	return s
}

// decay is the similarity lost to the time between t and a story's first
// article.
func (c *Clusterer) decay(t time.Time, s *story) float64 {
	if t.IsZero() || s.first.IsZero() {
		return 0
	}
	d := t.Sub(s.first)
	if d < 0 {
		d = -d
	}
	return decayPerDay * d.Hours() / 24
}

func sizeBonus(size int) float64 {
	if size < 2 {
		return 0
	}
	return sizeBonusPerDoubling * math.Log2(float64(size))
}
