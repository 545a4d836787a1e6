package ingest

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"briefbot/feeds"
	"briefbot/store/sqlite"
	"briefbot/summarize"
	"briefbot/topics"
)

// clock is a fake clock that pollers and the test read concurrently.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// leaseRig is a store shared by several pollers, as replicas share one
// database, and a publisher whose requests the test can hold.
type leaseRig struct {
	pub   *publisher
	srv   *httptest.Server
	st    *sqlite.Store
	clock *clock
	// hold, when set, holds the next request for that path until release
	// is closed, and closes arrived when it comes.
	mu               sync.Mutex
	hold             string
	arrived, release chan struct{}
}

func newLeaseRig(t *testing.T) *leaseRig {
	t.Helper()
	r := &leaseRig{pub: newPublisher(t), clock: &clock{now: t0}}
	r.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		r.mu.Lock()
		held := r.hold == req.URL.Path
		if held {
			r.hold = ""
		}
		r.mu.Unlock()
		if held {
			close(r.arrived)
			<-r.release
		}
		// The publisher's own server is not used: its handler serves here.
		r.pub.serve(w, req)
	}))
	t.Cleanup(r.srv.Close)
	st, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "briefbot.db"), sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	r.st = st
	return r
}

func (r *leaseRig) url(path string) string { return r.srv.URL + path }

// holdNext holds the next request for path; the returned function lets it go.
func (r *leaseRig) holdNext(path string) (arrived <-chan struct{}, release func()) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.hold, r.arrived, r.release = path, make(chan struct{}), make(chan struct{})
	return r.arrived, sync.OnceFunc(func() { close(r.release) })
}

// poller is one replica's poller over the shared store, listing paths.
func (r *leaseRig) poller(t *testing.T, owner string, concurrency int, logs *syncBuf, paths ...string) *Poller {
	t.Helper()
	m, err := topics.Compile(topics.Defaults())
	if err != nil {
		t.Fatal(err)
	}
	f := feeds.New(feeds.Options{AllowPrivateNetworks: true, Now: r.clock.Now})
	var out []Feed
	for _, p := range paths {
		out = append(out, Feed{URL: r.url(p), Title: "Wire " + p})
	}
	log := slog.New(slog.DiscardHandler)
	if logs != nil {
		log = slog.New(slog.NewTextHandler(logs, nil))
	}
	return New(f, m, r.st, nil, Options{
		Feeds:       func(context.Context) ([]Feed, error) { return out, nil },
		Policy:      feeds.Policy{Interval: 10 * time.Minute, MinInterval: time.Minute, MaxInterval: time.Hour, MaxBackoff: time.Hour},
		Summary:     summarize.Options{N: 2},
		Owner:       owner,
		Lease:       5 * time.Minute,
		Concurrency: concurrency,
		Now:         r.clock.Now,
		Logger:      log,
	})
}

// syncBuf is a log buffer written by the pollers' goroutines.
type syncBuf struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuf) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuf) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// Two replicas polling at the same moment split the due feeds between
// them: every feed is fetched once, by one of them.
func TestPollersSharingAStorePollEachFeedOnce(t *testing.T) {
	r := newLeaseRig(t)
	var paths []string
	for i := range 24 {
		p := fmt.Sprintf("/feed%02d", i)
		paths = append(paths, p)
		r.pub.set(p, item{GUID: "g" + p, Title: "Item of " + p, Link: "https://wire.example" + p, Body: footballBody, Published: t0.Add(-time.Hour)})
	}
	a := r.poller(t, "replica-a", 3, nil, paths...)
	b := r.poller(t, "replica-b", 3, nil, paths...)
	var stats [2]CycleStats
	var wg sync.WaitGroup
	for i, p := range []*Poller{a, b} {
		wg.Go(func() {
			s, err := p.PollDue(t.Context())
			if err != nil {
				t.Errorf("replica %d: %v", i, err)
			}
			stats[i] = s
		})
	}
	wg.Wait()
	for _, p := range paths {
		if n := r.pub.hits(p); n != 1 {
			t.Errorf("%s fetched %d times, want once", p, n)
		}
	}
	if got := stats[0].Feeds + stats[1].Feeds; got != len(paths) {
		t.Errorf("the replicas polled %d + %d feeds, want %d in all", stats[0].Feeds, stats[1].Feeds, len(paths))
	}
	t.Logf("polls per replica: a %d, b %d", stats[0].Feeds, stats[1].Feeds)
	// Nothing is due until the interval has passed, for either replica.
	again, err := a.PollDue(t.Context())
	if err != nil || again.Feeds != 0 {
		t.Errorf("second cycle at once polled %d feeds (%v), want none", again.Feeds, err)
	}
}

// A replica whose poll outlives its lease (it hung, or its clock ran on)
// loses the feed to another replica, which polls it; when the first one
// finally finishes, its state does not replace the newer one.
func TestAPollerThatLostItsLeaseDoesNotSaveOverTheNewOwner(t *testing.T) {
	r := newLeaseRig(t)
	r.pub.set("/slow", item{GUID: "s1", Title: "First item", Link: "https://wire.example/s1", Body: footballBody, Published: t0.Add(-time.Hour)})
	var logs syncBuf
	// One poll at a time, so A claims nothing more while its poll hangs.
	a := r.poller(t, "replica-a", 1, &logs, "/slow")
	b := r.poller(t, "replica-b", 1, &logs, "/slow")

	arrived, release := r.holdNext("/slow")
	defer release()
	done := make(chan CycleStats, 1)
	go func() {
		s, err := a.PollDue(t.Context())
		if err != nil {
			t.Errorf("replica a: %v", err)
		}
		done <- s
	}()
	<-arrived
	// A's lease runs five minutes; six pass while its request hangs.
	r.clock.Add(6 * time.Minute)
	r.pub.add("/slow", item{GUID: "s2", Title: "Second item", Link: "https://wire.example/s2", Body: footballBody, Published: t0})
	sb, err := b.PollDue(t.Context())
	if err != nil || sb.Feeds != 1 {
		t.Fatalf("replica b polled %d feeds (%v), want the one whose lease ended", sb.Feeds, err)
	}
	byB, err := r.st.FeedState(t.Context(), r.url("/slow"))
	if err != nil {
		t.Fatal(err)
	}
	release()
	if sa := <-done; sa.Feeds != 1 {
		t.Fatalf("replica a polled %d feeds, want its one", sa.Feeds)
	}
	got, err := r.st.FeedState(t.Context(), r.url("/slow"))
	if err != nil {
		t.Fatal(err)
	}
	if !got.LastPoll.Equal(t0.Add(6*time.Minute)) || got.ETag != byB.ETag || !got.NextPoll.Equal(byB.NextPoll) {
		t.Errorf("state after the late save: last poll %v, etag %s, next poll %v; want replica b's: %v, %s, %v",
			got.LastPoll, got.ETag, got.NextPoll, byB.LastPoll, byB.ETag, byB.NextPoll)
	}
	if !strings.Contains(logs.String(), "feed lease lost") {
		t.Errorf("replica a did not log that it lost the lease:\n%s", logs.String())
	}
}

// A feed state that is in no list this replica polls (the feed left the
// config) is claimed, not fetched, and put off by an interval, so it does
// not come back every tick.
func TestAnUnlistedFeedIsPutOffNotPolled(t *testing.T) {
	r := newLeaseRig(t)
	r.pub.set("/listed", item{GUID: "l1", Title: "Listed", Link: "https://wire.example/l1", Body: footballBody, Published: t0.Add(-time.Hour)})
	if err := r.st.EnsureFeeds(t.Context(), []string{r.url("/dropped")}); err != nil {
		t.Fatal(err)
	}
	p := r.poller(t, "replica-a", 2, nil, "/listed")
	s, err := p.PollDue(t.Context())
	if err != nil || s.Feeds != 1 {
		t.Fatalf("polled %d feeds (%v), want the listed one", s.Feeds, err)
	}
	if n := r.pub.hits("/dropped"); n != 0 {
		t.Errorf("the unlisted feed was fetched %d times", n)
	}
	st, err := r.st.FeedState(t.Context(), r.url("/dropped"))
	if err != nil {
		t.Fatal(err)
	}
	if !st.NextPoll.After(t0) || !st.LastPoll.IsZero() {
		t.Errorf("unlisted feed: next poll %v, last poll %v; want put off past %v and never polled", st.NextPoll, st.LastPoll, t0)
	}
}
