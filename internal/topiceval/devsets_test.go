package topiceval_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"briefbot/internal/topiceval"
	"briefbot/topics"
)

// The targets issue 18 sets for the built-in topics, on each developer set
// and on the held-out halves scored outside the project: every topic's
// precision, and the macro F1.
const (
	targetPrecision = 0.95
	targetMacroF1   = 0.95
)

// shortfall records a score that has not reached its target yet: the test
// holds it to the floor achieved so far (so it cannot slip back) and says,
// on every run, how far it is from the target. Remove an entry once its
// score reaches the target.
type shortfall struct {
	set, topic string // topic "macro" for the macro F1
	floor      float64
}

// None today: every topic reaches the targets on both developer sets.
var shortfalls = []shortfall{}

func floorFor(set, topic string, target float64) (float64, bool) {
	for _, s := range shortfalls {
		if s.set == set && s.topic == topic {
			return s.floor, true
		}
	}
	return target, false
}

// TestBuiltInTopicsOnDeveloperSets scores the built-in topics on both
// labelled developer sets in ../shared/eval and holds each topic's
// precision and the macro F1 to the targets (or, where listed in
// shortfalls, to the floor reached so far). Run with -v to see the tables
// and every mistake.
func TestBuiltInTopicsOnDeveloperSets(t *testing.T) {
	m, err := topics.Compile(topics.Defaults())
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, tp := range m.Topics() {
		ids = append(ids, tp.ID)
	}
	for _, name := range []string{"topics-dev.jsonl", "topics-dev2.jsonl"} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join("..", "..", "..", "shared", "eval", name)
			f, err := os.Open(path)
			if os.IsNotExist(err) {
				t.Skipf("%s is absent: the labelled developer sets live in the shared material beside the repository", path)
			}
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			rep, err := topiceval.Evaluate(f, m.Match, ids)
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			rep.Print(&buf, true)
			t.Logf("%s:\n%s", name, buf.String())
			check := func(topic, what string, got, target float64) {
				want, short := floorFor(name, topic, target)
				if got < want {
					t.Errorf("%s: %s %s %.3f, want at least %.3f", name, topic, what, got, want)
				}
				if short && got < target {
					t.Logf("%s: %s %s %.3f is below the target %.2f (held to the floor %.2f reached so far)", name, topic, what, got, target, want)
				}
			}
			for _, s := range rep.Topics {
				check(s.TopicID, "precision", s.Precision, targetPrecision)
			}
			check("macro", "F1", rep.MacroF1, targetMacroF1)
		})
	}
}
