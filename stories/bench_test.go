package stories_test

import (
	"fmt"
	"runtime"
	"syscall"
	"testing"
	"time"

	"briefbot/stories"
)

// stream generates n articles: events one after another, each reported by
// one to outlets outlets within hours.
func stream(p *prose, n, outlets int, prefix string) []stories.Article {
	arts := make([]stories.Article, 0, n)
	for i := 0; len(arts) < n; i++ {
		e := p.event()
		for j := range 1 + i%outlets {
			if len(arts) == n {
				break
			}
			arts = append(arts, p.article(fmt.Sprintf("%s%d-%d", prefix, i, j), e))
		}
	}
	return arts
}

// BenchmarkAssignWith20000OpenStories measures one Assign while 20,000
// stories are open: the events are 12 s apart, so all of them fall inside
// the 72 h window of the articles assigned.
const preload, minOpen = 42000, 20000

func BenchmarkAssignWith20000OpenStories(b *testing.B) {
	p := newProse(1)
	p.step = 12 * time.Second
	c := stories.New(stories.Options{Vocabulary: background(5000)})
	for _, a := range stream(p, preload, 2, "pre") {
		c.Assign(a)
	}
	if n := len(c.Stories()); n < minOpen {
		b.Fatalf("only %d open stories after %d articles; want %d", n, preload, minOpen)
	}
	arts := stream(p, 20000, 2, "new")
	b.ReportAllocs()
	i := 0
	cpu := cpuTime()
	for b.Loop() {
		c.Assign(arts[i%len(arts)])
		i++
	}
	b.ReportMetric(float64((cpuTime()-cpu).Nanoseconds())/float64(i), "cpu-ns/op")
	open := len(c.Stories())
	b.ReportMetric(float64(open), "open_stories")
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(ms.HeapAlloc)/float64(open), "heap-B/open_story")
	runtime.KeepAlive(c)
}

// cpuTime is the CPU time the process has used. On a shared machine the
// wall-clock ns/op includes waiting for a core; cpu-ns/op does not.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkThroughput assigns a continuous stream after the clusterer has
// already seen 10,000, 100,000 or 300,000 articles, at the pace of a busy
// service (an event every 90 s), and reports articles per second: the
// figure stays flat because closed stories leave the index.
func BenchmarkThroughput(b *testing.B) {
	for _, seen := range []int{10000, 100000, 300000} {
		b.Run(fmt.Sprintf("after=%d", seen), func(b *testing.B) {
			p := newProse(2)
			c := stories.New(stories.Options{Vocabulary: background(5000)})
			for _, a := range stream(p, seen, 4, "pre") {
				c.Assign(a)
			}
			arts := stream(p, 20000, 2, "new")
			start, cpu := time.Now(), cpuTime()
			n := 0
			for b.Loop() {
				c.Assign(arts[n%len(arts)])
				n++
			}
			b.ReportMetric(float64(n)/time.Since(start).Seconds(), "articles/s")
			b.ReportMetric(float64(n)/(cpuTime()-cpu).Seconds(), "articles/cpu-s")
		})
	}
}
