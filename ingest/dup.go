package ingest

import (
	"hash/maphash"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"

	"briefbot/brief"
)

// Near-duplicate detection: the same wire story republished by several
// outlets, lightly edited. Two texts are near duplicates when the Jaccard
// overlap of their word 5-gram shingles is at least dupThreshold, the
// measure feed readers commonly use (about 85%).
const (
	shingleSize  = 5
	dupThreshold = 0.85
	// dupWindow is how far back an original is looked for; wire copies
	// appear within hours, rarely days.
	dupWindow = 72 * time.Hour
	// minShingles: texts shorter than this are too short to call duplicates
	// by overlap (headline-only items would all collide).
	minShingles = 20
)

var shingleSeed = maphash.MakeSeed()

// shingles returns the sorted, distinct hashes of the text's word 5-grams,
// case- and punctuation-insensitive.
func shingles(text string) []uint64 {
	words := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	if len(words) < shingleSize {
		return nil
	}
	out := make([]uint64, 0, len(words)-shingleSize+1)
	var h maphash.Hash
	h.SetSeed(shingleSeed)
	for i := 0; i+shingleSize <= len(words); i++ {
		h.Reset()
		for _, w := range words[i : i+shingleSize] {
			h.WriteString(w)
			h.WriteByte(0)
		}
		out = append(out, h.Sum64())
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// articleShingles fingerprints an article by its body: outlets rewrite
// the headlines of wire copy but rarely its text. Short bodies fall back
// to headline and body together.
func articleShingles(a brief.Article) []uint64 {
	if sh := shingles(a.Text); len(sh) >= minShingles {
		return sh
	}
	return shingles(a.Title + "\n" + a.Text)
}

// jaccard is |a ∩ b| / |a ∪ b| for sorted distinct sets.
func jaccard(a, b []uint64) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	i, j, common := 0, 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] == b[j]:
			common++
			i++
			j++
		case a[i] < b[j]:
			i++
		default:
			j++
		}
	}
	return float64(common) / float64(len(a)+len(b)-common)
}

type dupEntry struct {
	id        string
	sh        []uint64
	published time.Time
}

// dupIndex holds the shingles of recent original articles.
type dupIndex struct {
	mu      sync.Mutex
	window  time.Duration
	entries []dupEntry
}

func newDupIndex(window time.Duration) *dupIndex { return &dupIndex{window: window} }

// claim returns the ID of a recent original that sh nearly repeats, if
// there is one. Otherwise it records id as an original at once and reports
// claimed, so that a near duplicate ingested at the same moment from
// another feed finds it: feeds are polled concurrently, and checking then
// adding in two steps would let both copies through as originals (two
// alerts for one story). The caller releases a claim whose article it does
// not store after all. An id already recorded is neither a duplicate nor
// claimed again.
func (d *dupIndex) claim(id string, sh []uint64, published, now time.Time) (orig string, claimed bool) {
	if len(sh) < minShingles {
		return "", false
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	best, bestScore := "", 0.0
	for _, e := range d.entries {
		if e.id == id {
			return "", false
		}
		if published.Sub(e.published).Abs() > d.window {
			continue
		}
		// Sizes too different cannot reach the threshold: skip the merge.
		small, large := min(len(sh), len(e.sh)), max(len(sh), len(e.sh))
		if float64(small) < dupThreshold*float64(large) {
			continue
		}
		if s := jaccard(sh, e.sh); s >= dupThreshold && s > bestScore {
			best, bestScore = e.id, s
		}
	}
	if best != "" {
		return best, false
	}
	d.addLocked(id, sh, published, now)
	return "", true
}

// release forgets a claimed original that was not stored.
func (d *dupIndex) release(id string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.entries = slices.DeleteFunc(d.entries, func(e dupEntry) bool { return e.id == id })
}

// add records an original and forgets originals older than the window.
func (d *dupIndex) add(id string, sh []uint64, published, now time.Time) {
	if len(sh) < minShingles {
		return
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	d.addLocked(id, sh, published, now)
}

func (d *dupIndex) addLocked(id string, sh []uint64, published, now time.Time) {
	cutoff := now.Add(-2 * d.window)
	d.entries = slices.DeleteFunc(d.entries, func(e dupEntry) bool { return e.published.Before(cutoff) })
	d.entries = append(d.entries, dupEntry{id: id, sh: sh, published: published})
}
