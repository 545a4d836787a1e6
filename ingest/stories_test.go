package ingest

import (
	"context"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"briefbot/store"
)

// Another outlet's own report of the Rasht-Astara deal: its own headline and
// words, not a copy of the wire text.
const ownReportBody = `<p>TEHRAN — Iran and Russia have agreed how to pay for the Rasht-Astara railway, the last gap in the North-South Transport Corridor, Iranian officials said after talks at the Kremlin with President Vladimir Putin.</p>
<p>The 162-kilometre line will connect the Caspian port of Rasht with Astara on the border with Azerbaijan. Russia is lending most of the money, according to Iran's roads ministry.</p>
<p>Construction is expected to begin next year.</p>`

func TestAnotherOutletsReportJoinsTheStoryAndAlertsOnce(t *testing.T) {
	r := newRig(t, "/a", "/b")
	r.subscribe(t, alerts, "iran-russia")
	warmUp(r)
	r.pollAll(t)
	r.now = r.now.Add(11 * time.Minute)

	r.pub.add("/a", item{GUID: "wire-1", Title: "Russia and Iran sign deal to finance Rasht-Astara railway", Link: "https://wire.example/1", Body: iranRussiaBody, Published: r.now.Add(-5 * time.Minute)})
	r.pollAll(t)
	// The other outlet's report comes out a few minutes later.
	r.now = r.now.Add(11 * time.Minute)
	r.pub.add("/b", item{GUID: "tag:daily.example,2026:own-1", Title: "Tehran and Moscow agree on Rasht-Astara rail funding", Link: "https://daily.example/own", Body: ownReportBody, Published: r.now.Add(-5 * time.Minute)})
	r.pollAll(t)

	own, err := r.st.Article(t.Context(), "tag:daily.example,2026:own-1")
	if err != nil {
		t.Fatal(err)
	}
	if own.DuplicateOf != "" {
		t.Errorf("an outlet's own report was taken for a copy of %s", own.DuplicateOf)
	}
	story, err := r.st.Story(t.Context(), wid("wire-1"))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(story.ArticleIDs, []string{wid("wire-1"), own.ID}) || len(story.Outlets) != 2 {
		t.Errorf("story = %+v, want both reports from two outlets", story)
	}
	if q := r.queued(t); len(q) != 1 || len(q[0].ArticleIDs) != 1 {
		t.Errorf("queued alerts = %+v, want one alert for the story", q)
	}
	stories, total, err := r.st.Stories(t.Context(), store.StoryQuery{TopicID: "iran-russia", Since: t0, Until: r.now.Add(time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	if total != 1 || len(stories[0].AlsoIn) != 1 {
		t.Errorf("briefing: %d stories, first also in %+v; want the story once, also in the other outlet", total, stories)
	}
}

// After a restart the poller resumes from the stories it saved when it
// stopped: a later report and a copy still join the story, and the
// subscriber is not alerted again.
func TestStoriesSurviveARestart(t *testing.T) {
	r := newRig(t, "/a", "/b")
	r.subscribe(t, alerts, "iran-russia")
	warmUp(r)
	r.pollAll(t)
	r.now = r.now.Add(11 * time.Minute)
	r.pub.add("/a", item{GUID: "wire-1", Title: "Russia and Iran sign deal to finance Rasht-Astara railway", Link: "https://wire.example/1", Body: iranRussiaBody, Published: r.now.Add(-5 * time.Minute)})

	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- r.poller.Run(ctx) }()
	for {
		if ok, err := r.st.HasArticle(t.Context(), wid("wire-1")); err != nil {
			t.Fatal(err)
		} else if ok {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if _, _, err := r.st.ClusterState(t.Context()); err != nil {
		t.Fatalf("the poller stopped without saving its stories: %v", err)
	}

	// An hour later, past the replay margin: only the saved state knows
	// the story.
	r.now = r.now.Add(time.Hour)
	r.restart()
	r.pub.add("/b", item{GUID: "tag:daily.example,2026:own-1", Title: "Tehran and Moscow agree on Rasht-Astara rail funding", Link: "https://daily.example/own", Body: ownReportBody, Published: r.now})
	r.pub.add("/b", item{GUID: "tag:daily.example,2026:copy-1", Title: "Moscow, Tehran agree to fund Rasht-Astara rail link", Link: "https://daily.example/copy", Body: iranRussiaBody, Published: r.now})
	r.pollAll(t)

	story, err := r.st.Story(t.Context(), wid("wire-1"))
	if err != nil {
		t.Fatal(err)
	}
	if len(story.ArticleIDs) != 3 {
		t.Errorf("story after the restart holds %v, want the wire report, the later report and the copy", story.ArticleIDs)
	}
	cp, err := r.st.Article(t.Context(), "tag:daily.example,2026:copy-1")
	if err != nil {
		t.Fatal(err)
	}
	if cp.DuplicateOf != wid("wire-1") {
		t.Errorf("copy after the restart: DuplicateOf = %q, want %s", cp.DuplicateOf, wid("wire-1"))
	}
	if q := r.queued(t); len(q) != 1 || len(q[0].ArticleIDs) != 1 {
		t.Errorf("queued alerts = %+v, want the one alert from before the restart", q)
	}
}

// warmUp gives the feeds a backlog on other subjects, as a running
// service has: how distinctive a word is depends on the articles seen.
func warmUp(r *rig) {
	r.pub.set("/a",
		item{GUID: "old-1", Title: "E3 and Iran resume nuclear deal talks as IAEA reports bigger stockpile", Link: "https://wire.example/old-1", Body: jcpoaBody, Published: r.now.Add(-3 * time.Hour)},
		item{GUID: "old-2", Title: "Iran beat Uzbekistan to top World Cup qualifying group", Link: "https://wire.example/old-2", Body: footballBody, Published: r.now.Add(-2 * time.Hour)})
	r.pub.set("/b")
}

// A remembered sketch holds its sketchSize hashes and nothing more: the
// poller keeps one per recent article, so an article body's full set of
// shingle hashes must not stay alive behind it.
func TestSketchKeepsOnlyItsOwnHashes(t *testing.T) {
	var b strings.Builder
	for i := range 400 {
		fmt.Fprintf(&b, "Word%d and another%d in a long article body. ", i, i*7)
	}
	body := b.String()
	const n = 500
	kept := make([][]uint32, n)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for i := range kept {
		kept[i] = sketch(body)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	if len(kept[0]) != sketchSize {
		t.Fatalf("sketch of a long body has %d hashes, want %d", len(kept[0]), sketchSize)
	}
	// Each sketch needs sketchSize*4 bytes; the body has about 3,600
	// shingles, whose hashes would take 14 KB per sketch if kept.
	perSketch := (int64(after.HeapAlloc) - int64(before.HeapAlloc)) / n
	if perSketch > 2048 {
		t.Errorf("each remembered sketch keeps %d bytes alive, want about %d", perSketch, 4*sketchSize)
	}
	runtime.KeepAlive(kept)
}
