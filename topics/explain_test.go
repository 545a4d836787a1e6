package topics

import (
	"testing"

	"briefbot/brief"
	"github.com/google/go-cmp/cmp"
)

// Explain says, for a query written in a few minutes, which of its parts
// held and where their words were found, under the same normalisation as
// built-in topics (case, plurals, diacritics, possessives).
func TestExplainQueryParts(t *testing.T) {
	m, err := Compile([]Definition{{ID: "caspian", Title: "Caspian energy", Query: `"Caspian" AND (oil OR gas OR pipeline) NOT caviar`}})
	if err != nil {
		t.Fatal(err)
	}
	es := m.Explain(brief.Article{Title: "CASPIAN PIPELINES REOPEN", Text: "The Caspian's gás flows resume."})
	if len(es) != 1 || !es[0].Matched {
		t.Fatalf("Explain = %+v, want caspian matched", es)
	}
	want := []QueryPart{
		{Text: `"Caspian" AND (oil OR gas OR pipeline) AND NOT caviar`, Depth: 0, Holds: true, Hits: []brief.Hit{
			{Term: "Caspian", Found: "CASPIAN", Field: "title", Offset: 0},
			{Term: "pipeline", Found: "PIPELINES", Field: "title", Offset: 8},
			{Term: "Caspian", Found: "Caspian's", Field: "text", Offset: 4},
			{Term: "gas", Found: "gás", Field: "text", Offset: 14},
		}},
		{Text: `"Caspian"`, Depth: 1, Holds: true, Hits: []brief.Hit{
			{Term: "Caspian", Found: "CASPIAN", Field: "title", Offset: 0},
			{Term: "Caspian", Found: "Caspian's", Field: "text", Offset: 4},
		}},
		{Text: "oil OR gas OR pipeline", Depth: 1, Holds: true, Hits: []brief.Hit{
			{Term: "pipeline", Found: "PIPELINES", Field: "title", Offset: 8},
			{Term: "gas", Found: "gás", Field: "text", Offset: 14},
		}},
		{Text: "oil", Depth: 2},
		{Text: "gas", Depth: 2, Holds: true, Hits: []brief.Hit{{Term: "gas", Found: "gás", Field: "text", Offset: 14}}},
		{Text: "pipeline", Depth: 2, Holds: true, Hits: []brief.Hit{{Term: "pipeline", Found: "PIPELINES", Field: "title", Offset: 8}}},
		{Text: "NOT caviar", Depth: 1, Holds: true},
		{Text: "caviar", Depth: 2},
	}
	if diff := cmp.Diff(want, es[0].Query); diff != "" {
		t.Errorf("query parts (-want +got):\n%s", diff)
	}
}

// A query topic with no hit at all still lists its parts, all failing
// but its NOTs.
func TestExplainQueryWithoutHits(t *testing.T) {
	m, err := Compile([]Definition{{ID: "caspian", Title: "Caspian energy", Query: `Caspian NOT caviar`}})
	if err != nil {
		t.Fatal(err)
	}
	es := m.Explain(brief.Article{Title: "Nothing to see"})
	want := []QueryPart{{Text: "Caspian AND NOT caviar", Depth: 0}, {Text: "Caspian", Depth: 1}, {Text: "NOT caviar", Depth: 1, Holds: true}, {Text: "caviar", Depth: 2}}
	if diff := cmp.Diff(want, es[0].Query); diff != "" {
		t.Errorf("query parts (-want +got):\n%s", diff)
	}
}
