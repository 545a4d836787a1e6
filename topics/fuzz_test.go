package topics

import (
	"slices"
	"testing"

	"briefbot/brief"
	"github.com/google/go-cmp/cmp"
)

func FuzzMatch(f *testing.F) {
	defs := append(Defaults(), Definition{
		ID: "user-query", Title: "User query",
		Query: `(Iran OR Tehran) AND (Russia OR Kremlin) NOT football OR title:"nuclear deal" OR enrich* NEAR/4 uranium`,
	}, Definition{
		ID: "phrases", Title: "Phrases with small words",
		Groups: []Group{{Name: "p", Weight: 1, Terms: []string{"heads of state", "on the sidelines", "state of the art", "Taxes", "countries", "axes", "ties"}}},
	})
	m, err := Compile(defs)
	if err != nil {
		f.Fatal(err)
	}
	exhaustive, err := Compile(defs)
	if err != nil {
		f.Fatal(err)
	}
	exhaustive.ix.exhaustive = true
	for _, s := range [][2]string{
		{"Putin meets Riasi", "Iran and Russia signed a treaty.\n\nThe SCO summit follows."},
		{"ШОС: саммит", "Иран и Россия подписали договор о сотрудничестве."},
		{"بوتين يستقبل رئيسي", "التعاون بين روسيا وإيران"},
		{"Iran #39;s nuclear deal", "quot;JCPOAquot; #39;s"},
		{"", "TEHRAN – Iranian-made drones hit Kyiv. (Pool via AP)"},
		{"上海合作组织峰会", "伊朗 俄罗斯 合作"},
		{"\xff\xfe", "a\u200cb\u00ad\u0301"},
		{"Heads of state meet on the sidelines", "The state of the art. Of the state, heads of. Countries tie taxes; axes ties."},
	} {
		f.Add(s[0], s[1])
	}
	// Hostile articles: the same few words a thousand times, which must
	// match in time that grows with their length, not its square (at
	// 200 KB in BenchmarkMatchPathological).
	for _, a := range pathological(16_000) {
		f.Add(a.Title, a.Text)
	}
	f.Fuzz(func(t *testing.T, title, text string) {
		a := brief.Article{ID: "f", Title: title, Text: text}
		ms := m.Match(a)
		var seen []string
		for _, mt := range ms {
			if slices.Contains(seen, mt.TopicID) {
				t.Fatalf("topic %s matched twice", mt.TopicID)
			}
			seen = append(seen, mt.TopicID)
			if mt.ArticleID != "f" || len(mt.Hits) == 0 {
				t.Fatalf("match %+v lacks its article or hits", mt)
			}
			for _, h := range mt.Hits {
				src := title
				switch h.Field {
				case "title":
				case "text":
					src = text
				default:
					t.Fatalf("hit %+v in unknown field", h)
				}
				// Found is the text at Offset: a briefing can quote it.
				if h.Offset < 0 || h.Offset+len(h.Found) > len(src) || src[h.Offset:h.Offset+len(h.Found)] != h.Found || h.Found == "" {
					t.Fatalf("hit %+v does not point at its text in %q", h, src)
				}
			}
		}
		// The word filter and the pruning of words that only continue
		// phrases change nothing but speed.
		if full := exhaustive.Match(a); !cmp.Equal(ms, full) {
			t.Fatalf("filtered and exhaustive matching differ: %s", cmp.Diff(full, ms))
		}
		// Matching is deterministic and agrees with Explain.
		if again := m.Match(a); !cmp.Equal(ms, again) {
			t.Fatalf("second Match differs: %s", cmp.Diff(ms, again))
		}
		for _, e := range m.Explain(a) {
			if e.Matched != slices.Contains(seen, e.TopicID) {
				t.Fatalf("Explain says %s matched=%v, Match says %v", e.TopicID, e.Matched, seen)
			}
		}
		// Focus takes any sentence.
		for _, tp := range m.Topics() {
			if v := m.Focus(tp.ID)(text); v < 0 || v > 1 {
				t.Fatalf("Focus(%s) = %v, want 0..1", tp.ID, v)
			}
		}
	})
}
