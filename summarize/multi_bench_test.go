package summarize

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"briefbot/brief"
)

// riverStory makes a story of n full-length reports of one event from the
// 800-word river-treaty article: each outlet keeps a different share of its
// paragraphs in a different order, so reports share some sentences word for
// word (wire copy), and differ in the rest.
func riverStory(tb testing.TB, n int) []brief.Article {
	tb.Helper()
	paras := strings.Split(readTestdata(tb, "river-treaty.txt"), "\n\n")
	out := make([]brief.Article, n)
	for k := range out {
		var keep []string
		for i, p := range paras {
			if (i+k)%4 != 0 {
				keep = append(keep, p)
			}
		}
		// Rotate, so each outlet leads with a different paragraph.
		r := k % len(keep)
		keep = append(slices.Clone(keep[r:]), keep[:r]...)
		out[k] = brief.Article{
			ID:        fmt.Sprintf("river-%d", k),
			Source:    fmt.Sprintf("Outlet %d", k),
			Title:     benchTitle,
			Published: base.Add(time.Duration(k) * 17 * time.Minute),
			Text:      strings.Join(keep, "\n\n"),
		}
	}
	return out
}

// BenchmarkSummarizeStory summarises a story of 20 full-length reports, the
// size of a busy day's event, with one Summarizer on one goroutine.
func BenchmarkSummarizeStory(b *testing.B) {
	articles := riverStory(b, 20)
	size := 0
	for _, a := range articles {
		size += len(a.Text)
	}
	var s Summarizer
	b.ReportAllocs()
	b.SetBytes(int64(size))
	for b.Loop() {
		if got := s.SummarizeStory(articles, StoryOptions{}); len(got) != 3 {
			b.Fatalf("got %d sentences, want 3", len(got))
		}
	}
}

// BenchmarkSummarizeStoryDense summarises every gold story of the dense
// developer split (feed descriptions, 220 items in 133 stories) per
// iteration.
func BenchmarkSummarizeStoryDense(b *testing.B) {
	stories := readDenseStories(b)
	var s Summarizer
	b.ReportAllocs()
	for b.Loop() {
		for _, articles := range stories {
			s.SummarizeStory(articles, StoryOptions{})
		}
	}
}

func TestRiverStoryProperties(t *testing.T) {
	articles := riverStory(t, 20)
	for _, opt := range []StoryOptions{{}, {N: 5}, {MaxChars: 500}, {Focus: farmFocus}} {
		got := SummarizeStory(articles, opt)
		checkStory(t, articles, opt, got)
		if len(outletsOf(articles, got)) < 2 && len(got) > 1 {
			t.Errorf("%+v: one outlet only:\n%s", opt, show(got))
		}
	}
}
