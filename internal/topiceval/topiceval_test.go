package topiceval

import (
	"bytes"
	"strings"
	"testing"

	"briefbot/brief"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// keywordMatch matches a topic when its id appears in the title, the way a
// naive alert would.
func keywordMatch(a brief.Article) []brief.Match {
	var out []brief.Match
	for _, id := range []string{"jcpoa", "sco"} {
		if strings.Contains(a.Title, id) {
			out = append(out, brief.Match{ArticleID: a.ID, TopicID: id, Hits: []brief.Hit{{Term: id, Found: id, Field: "title"}}})
		}
	}
	return out
}

const data = `{"id":"a","title":"jcpoa talks","text":"","labels":["jcpoa"]}
{"id":"b","title":"jcpoa and sco","text":"x","labels":["jcpoa"],"note":"ignored"}
{"id":"c","title":"nothing","text":"","labels":["sco"]}

{"id":"d","title":"sco summit","text":"","labels":["sco","iran-russia"]}
{"id":"e","title":"other","text":"","labels":[]}
`

func TestEvaluate(t *testing.T) {
	rep, err := Evaluate(strings.NewReader(data), keywordMatch, []string{"jcpoa", "sco"})
	if err != nil {
		t.Fatal(err)
	}
	want := &Report{
		Items: 5,
		Topics: []TopicScore{
			{TopicID: "jcpoa", Positives: 2, TP: 2, Precision: 1, Recall: 1, F1: 1},
			{TopicID: "sco", Positives: 2, TP: 1, FP: 1, FN: 1, Precision: 0.5, Recall: 0.5, F1: 0.5,
				FalsePositives: []Miss{{ID: "b", Title: "jcpoa and sco", Terms: []string{"sco"}}},
				FalseNegatives: []Miss{{ID: "c", Title: "nothing"}}},
		},
		MacroPrecision: 0.75, MacroRecall: 0.75, MacroF1: 0.75,
		UnknownLabels: map[string]int{"iran-russia": 1},
	}
	if diff := cmp.Diff(want, rep, cmpopts.EquateApprox(0, 1e-9)); diff != "" {
		t.Errorf("Evaluate (-want +got):\n%s", diff)
	}
}

func TestPrint(t *testing.T) {
	rep, err := Evaluate(strings.NewReader(data), keywordMatch, []string{"jcpoa", "sco"})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	rep.Print(&b, true)
	want := `topic  labelled    tp    fp    fn  precision  recall     f1
jcpoa         2     2     0     0      1.000   1.000  1.000
sco           2     1     1     1      0.500   0.500  0.500
macro                                  0.750   0.750  0.750
items 5
unevaluated label iran-russia on 1 items
sco FP b "jcpoa and sco" terms: sco
sco FN c "nothing"
`
	if diff := cmp.Diff(want, b.String()); diff != "" {
		t.Errorf("Print (-want +got):\n%s", diff)
	}
	b.Reset()
	rep.Print(&b, false)
	if strings.Contains(b.String(), " FP ") {
		t.Errorf("non-verbose output lists errors:\n%s", b.String())
	}
}

func TestEvaluateEmptyTopicCountsAsPerfect(t *testing.T) {
	rep, err := Evaluate(strings.NewReader(`{"id":"a","title":"x","labels":[]}`), keywordMatch, []string{"jcpoa"})
	if err != nil {
		t.Fatal(err)
	}
	if s := rep.Topics[0]; s.Precision != 1 || s.Recall != 1 || s.F1 != 1 {
		t.Errorf("a topic with no labels and no matches scored %+v, want 1, 1, 1", s)
	}
}

func TestEvaluateErrors(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"broken JSON names the line", "{\"id\":\"a\"}\n{oops", "line 2"},
		{"missing id", `{"title":"x"}`, "line 1: no id"},
		{"duplicate id", "{\"id\":\"a\"}\n{\"id\":\"a\"}", "id a already on line 1"},
		{"no items", "\n\n", "no items"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Evaluate(strings.NewReader(tt.in), keywordMatch, []string{"jcpoa"})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Evaluate error = %v, want one containing %q", err, tt.want)
			}
		})
	}
}
