package topics

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"briefbot/brief"
)

var caspianArticle = brief.Article{ID: "a1", Title: "New pipeline across the Caspian agreed",
	Text: "Kazakhstan and Azerbaijan agreed to study a gas pipeline under the Caspian Sea."}

func topicIDs(ms []brief.Match) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.TopicID)
	}
	return out
}

func TestLiveMatchesConfiguredAndChannelTopicsInOnePass(t *testing.T) {
	l, err := NewLive(Defaults())
	if err != nil {
		t.Fatal(err)
	}
	if got := topicIDs(l.Match(caspianArticle)); len(got) != 0 {
		t.Fatalf("before any channel topic: matched %v", got)
	}
	d, err := QueryDefinition("caspian", "caspian", `Caspian AND (oil OR gas OR pipeline)`, QueryLimits{})
	if err != nil {
		t.Fatal(err)
	}
	// Two channels watch the same ID: each gets its own scoped topic, and
	// an ID equal to a configured one does not collide with it.
	a, b := d, d
	a.ID, b.ID = "caspian@slack:C1", "caspian@telegram:-100"
	jc, err := QueryDefinition("jcpoa", "jcpoa", "Caspian", QueryLimits{})
	if err != nil {
		t.Fatal(err)
	}
	jc.ID = "jcpoa@slack:C1"
	if err := l.SetExtra([]Definition{a, b, jc}); err != nil {
		t.Fatal(err)
	}
	got := strings.Join(topicIDs(l.Match(caspianArticle)), " ")
	if want := "caspian@slack:C1 caspian@telegram:-100 jcpoa@slack:C1"; got != want {
		t.Fatalf("matched %q, want %q", got, want)
	}
	// Summaries focus on a channel topic by its scoped ID.
	if f := l.Focus("caspian@slack:C1"); f == nil || f("A gas pipeline under the Caspian.") <= f("Officials met on Monday.") {
		t.Error("Focus of a channel topic does not prefer the sentence about it")
	}
	if l.Focus("caspian") != nil {
		t.Error("Focus found a topic by the unscoped ID of a channel topic")
	}
	// Configured topics still match under their own IDs.
	m := l.Match(brief.Article{ID: "a2", Title: "Putin hosts President Raisi in Moscow", Text: "Russia and Iran signed a treaty."})
	if got := strings.Join(topicIDs(m), " "); got != "iran-russia" {
		t.Fatalf("configured topics matched %q, want iran-russia", got)
	}
	if got := len(l.Topics()); got != 3 {
		t.Fatalf("Topics() lists %d topics, want the 3 configured ones", got)
	}
	// Removing a channel topic stops its matches.
	if err := l.SetExtra([]Definition{b}); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(topicIDs(l.Match(caspianArticle)), " "); got != "caspian@telegram:-100" {
		t.Fatalf("after removing two: matched %q", got)
	}
}

func TestLiveRefusesBadChangesAndKeepsTheRunningTopics(t *testing.T) {
	l, err := NewLive(Defaults())
	if err != nil {
		t.Fatal(err)
	}
	bad := []Definition{{ID: "Bad ID", Title: "x", Query: "oil"}}
	if err := l.SetBase(bad); err == nil || !strings.Contains(err.Error(), "lower-kebab") {
		t.Fatalf("SetBase(invalid) = %v, want the validation report", err)
	}
	if got := len(l.Topics()); got != 3 {
		t.Fatalf("after a refused change: %d topics, want the 3 running ones", got)
	}
	d := Definition{ID: "iran-russia", Title: "x", Query: "oil"}
	if err := l.SetExtra([]Definition{d}); err == nil {
		t.Fatal("an extra topic took a configured topic's ID")
	}
	// A valid new configuration replaces the old one.
	if err := l.SetBase([]Definition{{ID: "caspian", Title: "Caspian", Query: "Caspian"}}); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(topicIDs(l.Match(caspianArticle)), " "); got != "caspian" {
		t.Fatalf("after reload: matched %q, want caspian", got)
	}
}

func TestLiveSwapsWhileMatching(t *testing.T) {
	l, err := NewLive(Defaults())
	if err != nil {
		t.Fatal(err)
	}
	d, _ := QueryDefinition("c", "c", "Caspian", QueryLimits{})
	d.ID = "c@console:stdout"
	var wg sync.WaitGroup
	wg.Go(func() {
		for range 50 {
			_ = l.Match(caspianArticle)
		}
	})
	wg.Go(func() {
		for i := range 20 {
			extra := []Definition{}
			if i%2 == 0 {
				extra = append(extra, d)
			}
			if err := l.SetExtra(extra); err != nil {
				t.Error(err)
			}
		}
	})
	wg.Wait()
}

// BenchmarkLiveMatch is BenchmarkMatch's 50 topics plus two channels' 20
// topics each, typed as chat users would, all in one pass.
func BenchmarkLiveMatch(b *testing.B) {
	l, err := NewLive(benchTopics(50))
	if err != nil {
		b.Fatal(err)
	}
	var extra []Definition
	for i := range 40 {
		c := benchCountries[(i*5+1)%len(benchCountries)]
		q := fmt.Sprintf(`%q AND (oil OR gas OR pipeline OR %s*) NOT football`, c[0], strings.ToLower(c[2][:4]))
		if i%3 == 0 {
			q = fmt.Sprintf(`(%s OR %s) NEAR/8 (talks OR visit OR treaty)`, c[0], c[1])
		}
		d, err := QueryDefinition(fmt.Sprintf("c%d", i), "c", q, QueryLimits{})
		if err != nil {
			b.Fatal(err)
		}
		d.ID = fmt.Sprintf("c%d@slack:C%d", i, i%2)
		extra = append(extra, d)
	}
	if err := l.SetExtra(extra); err != nil {
		b.Fatal(err)
	}
	a := benchArticle(b)
	b.SetBytes(int64(len(a.Title) + len(a.Text)))
	b.ReportAllocs()
	matched := 0
	for b.Loop() {
		matched = len(l.Match(a))
	}
	b.ReportMetric(float64(matched), "matches")
}

// BenchmarkLiveMatchChannels is BenchmarkMatch's 50 topics plus many
// channels' own topics, each a different query: 2 channels with 20
// topics each, 20 and 100 channels. A query whose needed terms are not
// all in the article costs a few ANDs; the rest are evaluated.
func BenchmarkLiveMatchChannels(b *testing.B) {
	things := []string{"oil", "gas", "pipeline", "railway", "treaty", "grain", "drones", "election", "sanctions", "tariffs"}
	for _, n := range []int{40, 400, 2000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			l, err := NewLive(benchTopics(50))
			if err != nil {
				b.Fatal(err)
			}
			var extra []Definition
			for i := range n {
				c := benchCountries[i%len(benchCountries)]
				th, th2 := things[(i/len(benchCountries))%len(things)], things[(i/len(benchCountries)+3)%len(things)]
				q := fmt.Sprintf(`%q AND (%s OR %s OR %s*) NOT football`, c[0], th, th2, strings.ToLower(c[2][:4]))
				if i%3 == 0 {
					q = fmt.Sprintf(`(%q OR %q) NEAR/8 (%s OR visit OR talks)`, c[0], c[1], th)
				}
				d, err := QueryDefinition(fmt.Sprintf("c%d", i), "c", q, QueryLimits{})
				if err != nil {
					b.Fatal(err)
				}
				d.ID = fmt.Sprintf("c%d@slack:C%d", i, i/20)
				extra = append(extra, d)
			}
			if err := l.SetExtra(extra); err != nil {
				b.Fatal(err)
			}
			a := benchArticle(b)
			b.SetBytes(int64(len(a.Title) + len(a.Text)))
			matched := 0
			for b.Loop() {
				matched = len(l.Match(a))
			}
			b.ReportMetric(float64(matched), "matches")
		})
	}
}
