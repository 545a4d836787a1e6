package summarize

import (
	"strings"
	"testing"
)

const benchTitle = "Neighbours sign river treaty after decade of talks"

// farmFocus is a cheap Focus, so the benchmark measures the summarizer.
func farmFocus(s string) float64 {
	return float64(strings.Count(s, "farm") + strings.Count(s, "Farm"))
}

// BenchmarkSummarize summarises an 800-word news article, headline given,
// with one Summarizer on one goroutine.
func BenchmarkSummarize(b *testing.B) {
	text := readTestdata(b, "river-treaty.txt")
	var s Summarizer
	opt := Options{Title: benchTitle}
	b.ReportAllocs()
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		if got := s.Summarize(text, opt); len(got) != 3 {
			b.Fatalf("got %d sentences, want 3", len(got))
		}
	}
}

// BenchmarkSummarizeFocus is BenchmarkSummarize briefing a topic.
func BenchmarkSummarizeFocus(b *testing.B) {
	text := readTestdata(b, "river-treaty.txt")
	var s Summarizer
	opt := Options{Title: benchTitle, Focus: farmFocus}
	b.ReportAllocs()
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		if got := s.Summarize(text, opt); len(got) != 3 {
			b.Fatalf("got %d sentences, want 3", len(got))
		}
	}
}

// TestSummarizeAllocations holds the allocation bound: once a Summarizer
// has warmed its buffers, a summary allocates only the slice it returns.
// Averaged over 100 runs, so that a garbage collection emptying the pool
// once (a few dozen allocations to rebuild it) does not fail the test.
func TestSummarizeAllocations(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector makes sync.Pool drop buffers at random")
	}
	text := readTestdata(t, "river-treaty.txt")
	var s Summarizer
	for _, opt := range []Options{{Title: benchTitle}, {Title: benchTitle, Focus: farmFocus}, {MaxChars: 500}} {
		s.Summarize(text, opt)
		if n := testing.AllocsPerRun(100, func() { s.Summarize(text, opt) }); n > 1 {
			t.Errorf("%+v: %v allocations per summary, want 1", opt, n)
		}
	}
}
