package storyeval

import (
	"strings"
	"time"
	"unicode"
)

// Alone is the do-nothing baseline: every item is a story of its own.
func Alone(items []Item) map[string]string {
	out := make(map[string]string, len(items))
	for _, it := range items {
		out[it.ID] = it.ID
	}
	return out
}

// Naive is the headline-overlap baseline of stories-README.md: two items
// join when they were published at most 48 hours apart and the content
// words they share make up at least half of each title's content words.
// Joins are transitive; undated items are never joined.
func Naive(items []Item) map[string]string {
	words := make([]map[string]bool, len(items))
	times := make([]time.Time, len(items))
	for i, it := range items {
		words[i] = contentWords(it.Title)
		times[i] = it.Time()
	}
	parent := make([]int, len(items))
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	for i := range items {
		if times[i].IsZero() || len(words[i]) == 0 {
			continue
		}
		for j := i + 1; j < len(items); j++ {
			if times[j].IsZero() || len(words[j]) == 0 {
				continue
			}
			d := times[i].Sub(times[j])
			if d < 0 {
				d = -d
			}
			if d > 48*time.Hour {
				continue
			}
			shared := 0
			for w := range words[i] {
				if words[j][w] {
					shared++
				}
			}
			if 2*shared >= len(words[i]) && 2*shared >= len(words[j]) {
				parent[find(i)] = find(j)
			}
		}
	}
	out := make(map[string]string, len(items))
	for i, it := range items {
		out[it.ID] = items[find(i)].ID
	}
	return out
}

// contentWords lowercases a title, splits it on anything that is not a
// letter or digit, and drops one-letter tokens, stopwords and the HTML
// entity debris AG News carries ("quot", "#39;").
func contentWords(title string) map[string]bool {
	out := map[string]bool{}
	for _, w := range strings.FieldsFunc(strings.ToLower(title), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}) {
		if len([]rune(w)) < 2 || naiveStop[w] {
			continue
		}
		out[w] = true
	}
	return out
}

var naiveStop = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`a an the and or but if of to in on at by for from with without into onto over under
		after before about as is are was were be been being am do does did has have had having it its it's this that these those
		there here their they them he she his her him we our you your i me my not no nor so than then too very can could will would
		shall should may might must what which who whom whose when where why how all any both each few more most other some such
		only own same just also up down out off again further once new says said say s t re ll ve d m
		na do się nie to że po od ze jak za jest są czy co ale oraz lub dla przez przy we już tak
		quot amp lt gt nbsp 39 b afp reuters ap`) {
		m[w] = true
	}
	return m
}()
