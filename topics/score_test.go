package topics

import (
	"slices"
	"testing"

	"briefbot/brief"
)

func TestHitsExplainTheMatch(t *testing.T) {
	m := defaultMatcher(t)
	a := brief.Article{ID: "x", Title: "Putin meets Iranian President Riasi in Moscow",
		Text: "The two leaders discussed cooperation.\n\nPutin praised the new treaty."}
	ms := m.Match(a)
	i := slices.IndexFunc(ms, func(m brief.Match) bool { return m.TopicID == "iran-russia" })
	if i < 0 {
		t.Fatalf("iran-russia did not match %q", a.Title)
	}
	got := ms[i]
	if got.ArticleID != "x" || got.Score <= 0 {
		t.Errorf("match = %+v, want article x and a positive score", got)
	}
	var fuzzy *brief.Hit
	for i, h := range got.Hits {
		src := a.Title
		if h.Field == "text" {
			src = a.Text
		}
		if h.Offset < 0 || h.Offset+len(h.Found) > len(src) || src[h.Offset:h.Offset+len(h.Found)] != h.Found {
			t.Errorf("hit %+v does not point at its text", h)
		}
		if i > 0 && hitLess(h, got.Hits[i-1]) {
			t.Errorf("hits out of order: %+v before %+v", got.Hits[i-1], h)
		}
		if h.Found == "Riasi" {
			fuzzy = &got.Hits[i]
		}
	}
	if fuzzy == nil || fuzzy.Term != "Raisi" || fuzzy.Field != "title" || fuzzy.Offset != 30 || !fuzzy.Fuzzy {
		t.Errorf("the misspelt Riasi gave hit %+v, want a fuzzy hit of Raisi at title offset 30", fuzzy)
	}
	for _, h := range got.Hits {
		if h.Fuzzy && h.Found != "Riasi" {
			t.Errorf("exact hit %+v is marked fuzzy", h)
		}
	}
	if !slices.Contains(got.Terms(), "meet*") {
		t.Errorf("terms %v lack the relation word meet*", got.Terms())
	}
}

func hitLess(a, b brief.Hit) bool {
	if a.Field != b.Field {
		return a.Field == "title"
	}
	return a.Offset < b.Offset
}

func TestFocus(t *testing.T) {
	m := defaultMatcher(t)
	if m.Focus("no-such-topic") != nil {
		t.Errorf("Focus of an unknown topic is not nil")
	}
	f := m.Focus("iran-russia")
	both := f("Russia and Iran signed a new cooperation treaty.")
	one := f("Iran held elections on Friday.")
	none := f("Markets rose on Monday.")
	if !(both > one && one > none && none == 0) {
		t.Errorf("Focus: both sides %v, one side %v, none %v; want both > one > none = 0", both, one, none)
	}
	if both > 1 || one > 0.5 {
		t.Errorf("Focus: both sides %v, one side %v; want at most 1 and 0.5", both, one)
	}
	if got := m.Focus("sco")("The Shanghai Cooperation Organisation met in Astana."); got != 1 {
		t.Errorf("Focus(sco) of a sentence naming the SCO = %v, want 1", got)
	}
}
