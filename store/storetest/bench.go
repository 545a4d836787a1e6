package storetest

import (
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"briefbot/brief"
	"briefbot/store"
)

// BenchBriefWeek measures, on one backend, the /brief <topic> 7d query (a
// page of ten stories with their outlets and the window's total) over
// stores of growing size, reporting p50 and p99, then the writes ingest
// makes into the full store. build returns a store holding n bulk-built
// articles (closed by the benchmark's cleanup) and the latest Published
// time among them.
func BenchBriefWeek(b *testing.B, build func(b *testing.B, n int) (store.Store, time.Time)) {
	for _, n := range BenchSizes(b) {
		b.Run(fmt.Sprintf("articles=%d", n), func(b *testing.B) {
			t0 := time.Now()
			s, latest := build(b, n)
			b.Logf("built %d articles in %s", n, time.Since(t0).Round(time.Second))
			q := store.StoryQuery{TopicID: "iran-russia", Since: latest.Add(-7 * 24 * time.Hour), Until: latest.Add(time.Second), Limit: 10}
			var took []time.Duration
			var total int
			for b.Loop() {
				t := time.Now()
				got, tot, err := s.Stories(b.Context(), q)
				took = append(took, time.Since(t))
				if err != nil || len(got) != 10 {
					b.Fatalf("%d stories, %v", len(got), err)
				}
				total = tot
			}
			slices.Sort(took)
			b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "p50-ms")
			b.ReportMetric(float64(took[len(took)*99/100].Microseconds())/1000, "p99-ms")
			b.ReportMetric(float64(total), "stories-in-window")

			// Then the writes ingest makes, into the full store: new
			// articles of new and existing stories, with matches and alerts.
			prose := NewProse(5, latest, time.Minute)
			ms := []brief.Match{{TopicID: "iran-russia", Score: 2, Summary: []string{"One."}}, {TopicID: "t-Iran", Score: 1}}
			const saves = 2000
			t1 := time.Now()
			for i := 0; i < saves; {
				e := prose.Event()
				storyID := ""
				for j := range 1 + i%3 {
					a := prose.Article(e, j)
					if storyID == "" {
						storyID = a.ID
					}
					if err := s.SaveArticle(b.Context(), a, ms, store.SaveOptions{Now: a.Fetched, Story: storyID}); err != nil {
						b.Fatal(err)
					}
					i++
				}
			}
			b.ReportMetric(saves/time.Since(t1).Seconds(), "saves/s")
		})
	}
}

// BenchSizes are the store sizes to measure: BRIEFBOT_BENCH_ARTICLES, a
// comma-separated list, or 100,000 and 300,000.
func BenchSizes(b *testing.B) []int {
	v := os.Getenv("BRIEFBOT_BENCH_ARTICLES")
	if v == "" {
		return []int{100_000, 300_000}
	}
	var out []int
	for _, f := range strings.Split(v, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1000 {
			b.Fatalf("BRIEFBOT_BENCH_ARTICLES: %q is not a count of at least 1000", f)
		}
		out = append(out, n)
	}
	return out
}
