package demo_test

import (
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	"briefbot/internal/demo"
)

// TestExpectedStoriesAreGroundTruth checks that every story group names
// items the feeds carry, in publication order, close in time, about a
// common topic and under different headlines.
func TestExpectedStoriesAreGroundTruth(t *testing.T) {
	expected := demo.Expected()
	items := map[string]item{}
	for _, it := range allItems(t, everything) {
		items[key(t, it.Item)] = it
	}
	seen := map[string]bool{}
	for _, group := range demo.ExpectedStories() {
		t.Run(group[0], func(t *testing.T) {
			if len(group) < 2 {
				t.Fatalf("a story group of %d item, want at least 2", len(group))
			}
			titles := map[string]bool{}
			first := items[group[0]].PublishedParsed
			for i, k := range group {
				if seen[k] {
					t.Errorf("%s is in two story groups", k)
				}
				seen[k] = true
				it, ok := items[k]
				if !ok {
					t.Fatalf("no feed carries %s", k)
				}
				if _, ok := expected[k]; !ok {
					t.Errorf("%s has no Expected entry", k)
				}
				if titles[it.Title] {
					t.Errorf("%s repeats another item's headline %q", k, it.Title)
				}
				titles[it.Title] = true
				if i > 0 && it.PublishedParsed.Before(*items[group[i-1]].PublishedParsed) {
					t.Errorf("%s is listed after %s but published before it", k, group[i-1])
				}
				if d := it.PublishedParsed.Sub(*first); d > 72*time.Hour {
					t.Errorf("%s comes %v after the story's first item, want within 72h", k, d)
				}
				if !slices.ContainsFunc(expected[k], func(topic string) bool { return slices.Contains(expected[group[0]], topic) }) {
					t.Errorf("%s (%v) shares no topic with %s (%v)", k, expected[k], group[0], expected[group[0]])
				}
			}
		})
	}
}

// TestOneEventFromSeveralOutlets checks what the demo must show, from its
// start, once briefings list stories: an iran-russia event from at least
// three outlets, one of its reports not in English, an opinion piece about
// it that stays a story of its own, and a jcpoa event from two outlets.
func TestOneEventFromSeveralOutlets(t *testing.T) {
	expected := demo.Expected()
	items := map[string]item{}
	for _, it := range allItems(t, start) {
		items[key(t, it.Item)] = it
	}
	grouped := map[string]bool{}
	outlets := func(group []string) map[string]bool {
		out := map[string]bool{}
		for _, k := range group {
			out[items[k].feed] = true
			grouped[k] = true
		}
		return out
	}
	foreign := func(s string) bool {
		return strings.ContainsFunc(s, func(r rune) bool { return unicode.Is(unicode.Cyrillic, r) }) ||
			strings.ContainsAny(s, "ąćęłńśźżĄĆĘŁŃŚŹŻ")
	}
	var wide []string
	jcpoa := false
	for _, group := range demo.ExpectedStories() {
		if slices.ContainsFunc(group, func(k string) bool { _, ok := items[k]; return !ok }) {
			continue // arrives after start; the briefings below are what a user sees first
		}
		n := len(outlets(group))
		if slices.Contains(expected[group[0]], "iran-russia") && n >= 3 && slices.ContainsFunc(group, func(k string) bool { return foreign(items[k].Title) }) {
			wide = group
		}
		if slices.Contains(expected[group[0]], "jcpoa") && !slices.Contains(expected[group[0]], "iran-russia") && n >= 2 {
			jcpoa = true
		}
	}
	if wide == nil {
		t.Fatal("no iran-russia story from three outlets with a report in Russian or Polish")
	}
	if !jcpoa {
		t.Error("no jcpoa story from two outlets")
	}
	// The opinion piece names the event (its place names) but is no part of it.
	name := "Rasht-Astara"
	if !strings.Contains(items[wide[0]].Title, name) {
		t.Fatalf("the wide story's first headline %q does not name %s; update the test's event name", items[wide[0]].Title, name)
	}
	opinion := 0
	for k, it := range items {
		if strings.HasPrefix(it.Title, "Opinion:") && strings.Contains(it.Title+body(it.Item), name) {
			opinion++
			if grouped[k] {
				t.Errorf("opinion %q is grouped with the event it comments on", it.Title)
			}
		}
	}
	if opinion == 0 {
		t.Errorf("no opinion piece about the %s event", name)
	}
}

func TestExpectedStoriesIsACopy(t *testing.T) {
	a := demo.ExpectedStories()
	a[0][0] = "changed"
	if demo.ExpectedStories()[0][0] == "changed" {
		t.Error("ExpectedStories returned the package's own slices")
	}
}

// TestAnUpdateArrives checks that a story the demo alerts about after start
// gains a second outlet later still, so the console shows an update.
func TestAnUpdateArrives(t *testing.T) {
	late := map[string]item{}
	for _, it := range arrivals(t) {
		late[key(t, it.Item)] = it
	}
	for _, group := range demo.ExpectedStories() {
		first, ok := late[group[0]]
		if !ok || len(group) < 2 {
			continue
		}
		for _, k := range group[1:] {
			if it, ok := late[k]; ok && it.feed != first.feed && it.PublishedParsed.After(*first.PublishedParsed) {
				return
			}
		}
	}
	t.Error("no story that arrives after start gains another outlet's report later")
}
