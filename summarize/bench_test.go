package summarize

import (
	"os"
	"testing"
)

func BenchmarkSummarize(b *testing.B) {
	data, err := os.ReadFile("testdata/river-treaty.txt")
	if err != nil {
		b.Fatal(err)
	}
	text := string(data)
	var s Summarizer
	opt := Options{Title: "Neighbours sign river treaty after decade of talks"}
	b.ReportAllocs()
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		if got := s.Summarize(text, opt); len(got) != 3 {
			b.Fatalf("got %d sentences, want 3", len(got))
		}
	}
}
