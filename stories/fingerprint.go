package stories

import (
	"cmp"
	"math"
	"slices"
	"time"
)

// Term is one weighted term of a fingerprint. Key is the folded, shortened
// spelling of a word ("resto" for restore, restored, restoring), a number,
// or an anchor key ("#" and the anchor).
type Term struct {
	Key    string  `json:"k"`
	Weight float64 `json:"w"`
}

// Fingerprint is what the clusterer keeps of one article: its strongest
// terms, weighted by how distinctive they are, with unit length and sorted
// by key. It is small enough to store beside the article and compare
// without the text.
type Fingerprint struct {
	ArticleID string    `json:"article_id"`
	Published time.Time `json:"published"`
	Terms     []Term    `json:"terms"`
	// Names is the part of Terms that reads the same in any language
	// (names, acronyms, numbers, anchors), with unit length of its own.
	// Articles in different languages are compared by it.
	Names []Term `json:"names,omitempty"`
	// Lang is the coarse language of the article ("ru", "pl", or "").
	Lang string `json:"lang,omitempty"`
}

// Similarity is the cosine of two fingerprints: 1 for the same terms with
// the same weights, 0 for nothing in common.
func (f Fingerprint) Similarity(g Fingerprint) float64 { return dotTerms(f.Terms, g.Terms) }

// dotTerms multiplies two key-sorted term lists.
func dotTerms(a, b []Term) float64 {
	s := 0.0
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch c := cmp.Compare(a[i].Key, b[j].Key); {
		case c == 0:
			s += a[i].Weight * b[j].Weight
			i++
			j++
		case c < 0:
			i++
		default:
			j++
		}
	}
	return s
}

// Vocabulary counts in how many articles each term key appeared, which
// makes rare terms (names, numbers) weigh more than common ones. Its fields
// are exported so a store can save it and a restart can reload it.
type Vocabulary struct {
	Docs int            `json:"docs"`
	DF   map[string]int `json:"df"`
}

// NewVocabulary returns an empty vocabulary.
func NewVocabulary() *Vocabulary {
	return &Vocabulary{DF: map[string]int{}}
}

// Add counts one article's terms.
func (v *Vocabulary) Add(a Article) { v.add(articleTokens(a)) }

func (v *Vocabulary) add(toks []token) {
	if v.DF == nil {
		v.DF = map[string]int{}
	}
	v.Docs++
	for _, t := range toks {
		v.DF[t.key]++
	}
}

// idf is the inverse document frequency of key. Keys never seen get the
// highest weight; a vocabulary of a few articles weighs all terms alike.
func (v *Vocabulary) idf(key string) float64 {
	return math.Log(float64(v.Docs+2) / float64(v.DF[key]+1))
}

// Weights of where a term was seen, before the idf.
const (
	titleWeight  = 1.0
	leadWeight   = 0.55
	nameBonus    = 1.3
	anchorWeight = 1.0
	// maxTerms and maxNames bound a fingerprint.
	maxTerms = 24
	maxNames = 12
)

func articleTokens(a Article) []token {
	toks := tokenize(a.Title, a.Text)
	for _, an := range a.Anchors {
		if an != "" {
			toks = append(toks, token{key: "#" + an, title: true, name: true})
		}
	}
	return toks
}

// fingerprint weighs toks by where they were seen and how rare they are,
// keeps the strongest maxTerms, and normalises to unit length.
func fingerprint(id string, published time.Time, toks []token, v *Vocabulary) Fingerprint {
	terms := make([]Term, 0, len(toks))
	for _, t := range toks {
		w := leadWeight
		if t.title {
			w = titleWeight
		}
		if t.name {
			w *= nameBonus
		}
		if t.key[0] == '#' {
			w = anchorWeight
		}
		w *= v.idf(t.key)
		if w > 0 {
			terms = append(terms, Term{Key: t.key, Weight: w})
		}
	}
	byWeight := func(a, b Term) int {
		if c := cmp.Compare(b.Weight, a.Weight); c != 0 {
			return c
		}
		return cmp.Compare(a.Key, b.Key)
	}
	isName := map[string]bool{}
	for _, t := range toks {
		if t.name {
			isName[t.key] = true
		}
	}
	slices.SortFunc(terms, byWeight)
	var names []Term
	seenName := map[string]int{}
	for _, t := range terms {
		if !isName[t.Key] || len(names) == maxNames {
			continue
		}
		k := nameKey(t.Key)
		if i, ok := seenName[k]; ok {
			names[i].Weight += t.Weight
			continue
		}
		seenName[k] = len(names)
		names = append(names, Term{Key: k, Weight: t.Weight})
	}
	if len(terms) > maxTerms {
		terms = terms[:maxTerms]
	}
	normalize(terms)
	normalize(names)
	byKey := func(a, b Term) int { return cmp.Compare(a.Key, b.Key) }
	slices.SortFunc(terms, byKey)
	slices.SortFunc(names, byKey)
	return Fingerprint{ArticleID: id, Published: published, Terms: terms, Names: names}
}

func normalize(terms []Term) {
	n := 0.0
	for _, t := range terms {
		n += t.Weight * t.Weight
	}
	if n == 0 {
		return
	}
	n = math.Sqrt(n)
	for i := range terms {
		terms[i].Weight /= n
	}
}

// nameKey shortens a name's term key further, to its first nameLen
// letters: inflected names ("Chinach", "Rijadzie") then meet the
// nominative of another language ("China", "Riyadh"). Numbers and anchors
// stay whole.
func nameKey(key string) string {
	if key[0] == '#' || key[0] >= '0' && key[0] <= '9' {
		return key
	}
	n := 0
	for i := range key {
		if n == nameLen {
			key = key[:i]
			break
		}
		n++
	}
	return "@" + key
}

const nameLen = 4
