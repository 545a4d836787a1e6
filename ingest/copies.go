package ingest

import (
	"hash/fnv"
	"slices"
	"strings"
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
// fewer than minShingles shingles. The hash is fixed, so sketches saved
// before a restart compare with those made after it.
func sketch(text string) []uint32 {
	words := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	if len(words)-shingleSize+1 < minShingles {
		return nil
	}
	hs := make([]uint32, 0, len(words)-shingleSize+1)
	h := fnv.New32a()
	for i := 0; i+shingleSize <= len(words); i++ {
		h.Reset()
		for _, w := range words[i : i+shingleSize] {
			h.Write([]byte(w))
			h.Write([]byte{0})
		}
		hs = append(hs, h.Sum32())
	}
	slices.Sort(hs)
	hs = slices.Compact(hs)
	if len(hs) < minShingles {
		return nil
	}
	if len(hs) > sketchSize {
		hs = hs[:sketchSize]
	}
	// A copy, not a clip: the clip would keep the whole array of every
	// shingle hash alive for as long as the sketch is remembered.
	return slices.Clone(hs)
}

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
