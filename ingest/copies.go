package ingest

import (
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"

	"briefbot/brief"
)

// A near duplicate is found in the same pass as the story: the clusterer
// names the closest earlier article among the candidate stories it read
// through its index, and when their headlines and leads are not alike
// enough to call it a copy (outlets rewrite the headline of wire copy but
// rarely its text), the two bodies are compared by a bottom-k sketch of
// their word 5-gram shingles. One comparison per article, whatever the
// number of stored articles.
const (
	shingleSize = 5
	sketchSize  = 64
	// copyJaccard is the estimated overlap of two bodies' shingles at
	// which one is a copy of the other, the measure feed readers commonly
	// use (about 85%).
	copyJaccard = 0.85
	// minShingles: texts shorter than this are too short to call copies
	// by overlap (headline-only items would all collide).
	minShingles = 20
	// sketchKeep is how long an article's sketch is kept: wire copies
	// appear within hours, rarely days.
	sketchKeep = 72 * time.Hour
)

// sketch is the sketchSize smallest distinct 32-bit hashes of the text's
// word 5-grams, case- and punctuation-insensitive, sorted; nil for texts of
// fewer than minShingles shingles. The hash is fixed (FNV-1a of the five
// lower-cased words, each followed by a zero byte), so sketches saved
// before a restart compare with those made after it.
//
// It runs for every new article, so it keeps its scratch space (word
// bounds and shingle hashes) in a pool and returns only the copy of the
// sketch it keeps: splitting into a []string and hashing []byte copies of
// each word allocated about 17 KB per article.
func sketch(text string) []uint32 {
	sc := sketchScratch.Get().(*sketchBuf)
	defer sketchScratch.Put(sc)
	lower := strings.ToLower(text)
	words := sc.words[:0]
	start := -1
	for i, r := range lower {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			words = append(words, [2]int32{int32(start), int32(i)})
			start = -1
		}
	}
	if start >= 0 {
		words = append(words, [2]int32{int32(start), int32(len(lower))})
	}
	sc.words = words
	if len(words)-shingleSize+1 < minShingles {
		return nil
	}
	hs := sc.hashes[:0]
	for i := 0; i+shingleSize <= len(words); i++ {
		h := uint32(fnvOffset)
		for _, w := range words[i : i+shingleSize] {
			for k := w[0]; k < w[1]; k++ {
				h ^= uint32(lower[k])
				h *= fnvPrime
			}
			h *= fnvPrime // the zero byte after each word: h ^= 0, then multiply
		}
		hs = append(hs, h)
	}
	sc.hashes = hs
	slices.Sort(hs)
	hs = slices.Compact(hs)
	if len(hs) < minShingles {
		return nil
	}
	if len(hs) > sketchSize {
		hs = hs[:sketchSize]
	}
	// A copy, not a clip: the scratch array goes back to the pool, and a
	// clip would keep every shingle hash alive as long as the sketch.
	return slices.Clone(hs)
}

// FNV-1a, 32 bits (hash/fnv's constants).
const (
	fnvOffset = 2166136261
	fnvPrime  = 16777619
)

type sketchBuf struct {
	words  [][2]int32 // byte bounds of each word in the lower-cased text
	hashes []uint32
}

var sketchScratch = sync.Pool{New: func() any { return new(sketchBuf) }}

// articleSketch sketches an article by its body, or by headline and body
// together when the body is short.
func articleSketch(a brief.Article) []uint32 {
	if sk := sketch(a.Text); sk != nil {
		return sk
	}
	return sketch(a.Title + "\n" + a.Text)
}

// resemblance estimates the Jaccard overlap of the two shingle sets from
// their sketches: the share of the smallest hashes of the union that both
// sets hold.
func resemblance(a, b []uint32) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	i, j, n, both := 0, 0, 0, 0
	for n < sketchSize && (i < len(a) || j < len(b)) {
		switch {
		case j >= len(b) || (i < len(a) && a[i] < b[j]):
			i++
		case i >= len(a) || b[j] < a[i]:
			j++
		default:
			both++
			i++
			j++
		}
		n++
	}
	// A sketch shorter than sketchSize is its whole set, so the union's
	// smallest n hashes are all known to both sides.
	return float64(both) / float64(n)
}
