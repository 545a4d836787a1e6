package demo_test

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/mmcdole/gofeed"

	"briefbot/internal/demo"
)

// start is a fixed server start; a quarter past the minute and a fraction
// of a second checks that dates still land on whole seconds.
var start = time.Date(2026, 3, 14, 9, 15, 30, 250_000_000, time.UTC)

// get asks h for path as a client would at the moment now.
func get(t *testing.T, now time.Time, path string, header http.Header) *http.Response {
	t.Helper()
	h := demo.Handler(start, func() time.Time { return now })
	req := httptest.NewRequest(http.MethodGet, path, nil)
	for k, v := range header {
		req.Header[k] = v
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Result()
}

// parse fetches and parses one feed as it looks at now.
func parse(t *testing.T, now time.Time, f demo.Feed) *gofeed.Feed {
	t.Helper()
	resp := get(t, now, f.Path, nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: status %d, want 200", f.Path, resp.StatusCode)
	}
	feed, err := gofeed.NewParser().Parse(resp.Body)
	if err != nil {
		t.Fatalf("parse %s: %v", f.Name, err)
	}
	return feed
}

// item is one parsed item with the feed it came from.
type item struct {
	feed string
	*gofeed.Item
}

// allItems returns every item of every feed as it looks at now.
func allItems(t *testing.T, now time.Time) []item {
	t.Helper()
	var out []item
	for _, f := range demo.Feeds() {
		for _, it := range parse(t, now, f).Items {
			out = append(out, item{f.Name, it})
		}
	}
	return out
}

// body is the item's full HTML text: content when the feed gives it,
// otherwise the description.
func body(it *gofeed.Item) string {
	if it.Content != "" {
		return it.Content
	}
	return it.Description
}

var tags = regexp.MustCompile(`<[^>]*>`)

// key is the article ID briefbot derives: the GUID, else the link without
// utm_* tracking parameters.
func key(t *testing.T, it *gofeed.Item) string {
	t.Helper()
	if it.GUID != "" {
		return it.GUID
	}
	u, err := url.Parse(it.Link)
	if err != nil {
		t.Fatalf("item %q: link %q: %v", it.Title, it.Link, err)
	}
	q := u.Query()
	for k := range q {
		if strings.HasPrefix(k, "utm_") {
			q.Del(k)
		}
	}
	u.RawQuery = q.Encode()
	return u.String()
}

// everything is a moment when every item has arrived.
var everything = start.Add(time.Hour)

func TestFeedsParse(t *testing.T) {
	want := map[string]struct{ typ, version string }{
		"caspian-wire":              {"rss", "2.0"},
		"eurasia-diplomatic-review": {"atom", "1.0"},
		"gulf-levant-monitor":       {"json", "https://jsonfeed.org/version/1.1"},
	}
	total := 0
	for _, f := range demo.Feeds() {
		t.Run(f.Name, func(t *testing.T) {
			resp := get(t, everything, f.Path, nil)
			if got := resp.Header.Get("Content-Type"); got != f.ContentType {
				t.Errorf("Content-Type = %q, want %q", got, f.ContentType)
			}
			feed := parse(t, everything, f)
			if feed.FeedType != want[f.Name].typ || feed.FeedVersion != want[f.Name].version {
				t.Errorf("format = %s %s, want %s %s", feed.FeedType, feed.FeedVersion, want[f.Name].typ, want[f.Name].version)
			}
			if feed.Title != f.Title {
				t.Errorf("feed title = %q, want %q", feed.Title, f.Title)
			}
			total += len(feed.Items)
			for _, it := range feed.Items {
				t.Run(it.Title, func(t *testing.T) {
					if it.Title == "" || it.Link == "" || it.PublishedParsed == nil {
						t.Errorf("title %q, link %q, date %v: want all three", it.Title, it.Link, it.PublishedParsed)
					}
					if !strings.HasPrefix(it.Link, "https://"+f.Name+".example/") {
						t.Errorf("link %q is not on the outlet's .example domain", it.Link)
					}
					if len(it.Authors) == 0 || it.Authors[0].Name == "" {
						t.Errorf("no author")
					}
					html := body(it)
					if n := strings.Count(html, "<p>"); n < 3 || n > 7 {
						t.Errorf("%d paragraphs, want 3 to 7", n)
					}
					if n := len(strings.Fields(tags.ReplaceAllString(html, " "))); n < 150 || n > 450 {
						t.Errorf("%d words, want 150 to 450", n)
					}
				})
			}
		})
	}
	if total < 36 {
		t.Errorf("%d items in all, want at least 36", total)
	}
}

func TestFeedsOrderAndPaths(t *testing.T) {
	feeds := demo.Feeds()
	feeds[0].Name = "changed"
	if demo.Feeds()[0].Name == "changed" {
		t.Error("Feeds returned the package's own slice")
	}
	for _, f := range demo.Feeds() {
		if resp := get(t, everything, f.Path, nil); resp.StatusCode != http.StatusOK {
			t.Errorf("GET %s: status %d, want 200", f.Path, resp.StatusCode)
		}
	}
}

func TestDatesAreRecent(t *testing.T) {
	t.Run("all items fall within the week before start or just after it", func(t *testing.T) {
		for _, it := range allItems(t, everything) {
			p := *it.PublishedParsed
			if p.Before(start.Add(-7*24*time.Hour)) || p.After(everything) {
				t.Errorf("%s: %q dated %v, want within [start-7d, start+1h]", it.feed, it.Title, p)
			}
		}
	})
	t.Run("at start no item is dated in the future", func(t *testing.T) {
		for _, it := range allItems(t, start) {
			if it.PublishedParsed.After(start) {
				t.Errorf("%s: %q dated %v, after start %v", it.feed, it.Title, it.PublishedParsed, start)
			}
		}
	})
	t.Run("every topic has an item from the last day", func(t *testing.T) {
		expected := demo.Expected()
		fresh := map[string]bool{}
		for _, it := range allItems(t, start) {
			if it.PublishedParsed.After(start.Add(-24 * time.Hour)) {
				for _, topic := range expected[key(t, it.Item)] {
					fresh[topic] = true
				}
			}
		}
		for _, topic := range []string{"jcpoa", "sco", "iran-russia"} {
			if !fresh[topic] {
				t.Errorf("no %s item in the 24 hours before start", topic)
			}
		}
	})
	t.Run("dates spread over most of the week", func(t *testing.T) {
		oldest := start
		for _, it := range allItems(t, start) {
			if it.PublishedParsed.Before(oldest) {
				oldest = *it.PublishedParsed
			}
		}
		if start.Sub(oldest) < 5*24*time.Hour {
			t.Errorf("oldest item is %v old, want more than 5 days", start.Sub(oldest))
		}
	})
}

// arrivals returns the items dated after start, which only appear later.
func arrivals(t *testing.T) []item {
	t.Helper()
	var out []item
	for _, it := range allItems(t, everything) {
		if it.PublishedParsed.After(start) {
			out = append(out, it)
		}
	}
	return out
}

func TestItemsArriveAfterStart(t *testing.T) {
	late := arrivals(t)
	if len(late) < 2 || len(late) > 4 {
		t.Fatalf("%d items arrive after start, want 2 to 4", len(late))
	}
	has := func(now time.Time, it item) bool {
		return slices.ContainsFunc(allItems(t, now), func(x item) bool { return x.Link == it.Link })
	}
	for _, it := range late {
		due := *it.PublishedParsed
		t.Run(it.Title, func(t *testing.T) {
			if has(due.Add(-time.Second), it) {
				t.Errorf("visible a second before its time %v", due)
			}
			if !has(due, it) {
				t.Errorf("not visible at its time %v", due)
			}
		})
	}
}

func TestConditionalGET(t *testing.T) {
	late := arrivals(t)
	for _, f := range demo.Feeds() {
		// The feed's first arrival; a feed without one keeps its validators.
		next := everything
		for _, it := range late {
			if it.feed == f.Name && it.PublishedParsed.Before(next) {
				next = *it.PublishedParsed
			}
		}
		first := get(t, start, f.Path, nil)
		etag, modified := first.Header.Get("ETag"), first.Header.Get("Last-Modified")
		if !strings.HasPrefix(etag, `"`) || modified == "" {
			t.Fatalf("%s: ETag %q, Last-Modified %q: want a strong ETag and a date", f.Name, etag, modified)
		}
		quiet := start.Add(next.Sub(start) / 2)
		stale := `"0123456789abcdef0123456789abcdef"`
		tests := []struct {
			name   string
			now    time.Time
			header http.Header
			want   int
		}{
			{"unchanged feed answers 304 to its ETag", quiet, http.Header{"If-None-Match": {etag}}, http.StatusNotModified},
			{"unchanged feed answers 304 to its Last-Modified", quiet, http.Header{"If-Modified-Since": {modified}}, http.StatusNotModified},
			{"stale ETag gets the feed", quiet, http.Header{"If-None-Match": {stale}}, http.StatusOK},
			{"ETag wins over If-Modified-Since", quiet, http.Header{"If-None-Match": {stale}, "If-Modified-Since": {modified}}, http.StatusOK},
			{"new item answers 200 to the old ETag", everything, http.Header{"If-None-Match": {etag}}, http.StatusOK},
			{"new item answers 200 to the old Last-Modified", everything, http.Header{"If-Modified-Since": {modified}}, http.StatusOK},
		}
		if next.Equal(everything) {
			tests = tests[:4]
		}
		for _, tt := range tests {
			t.Run(f.Name+"/"+tt.name, func(t *testing.T) {
				resp := get(t, tt.now, f.Path, tt.header)
				if resp.StatusCode != tt.want {
					t.Fatalf("status %d, want %d", resp.StatusCode, tt.want)
				}
				b, _ := io.ReadAll(resp.Body)
				switch tt.want {
				case http.StatusNotModified:
					if len(b) != 0 {
						t.Errorf("304 carried a %d-byte body", len(b))
					}
					if got := resp.Header.Get("ETag"); got != etag {
						t.Errorf("304 ETag = %q, want %q", got, etag)
					}
				case http.StatusOK:
					if len(b) == 0 {
						t.Error("200 with an empty body")
					}
					changed := tt.now.Equal(everything)
					if got := resp.Header.Get("ETag"); (got != etag) != changed {
						t.Errorf("ETag %q after a change = %v; first ETag %q", got, changed, etag)
					}
				}
			})
		}
	}
	t.Run("rendering is stable, so the ETag is", func(t *testing.T) {
		for _, f := range demo.Feeds() {
			a := get(t, start, f.Path, nil).Header.Get("ETag")
			b := get(t, start, f.Path, nil).Header.Get("ETag")
			if a != b {
				t.Errorf("%s: ETag %q then %q for the same moment", f.Name, a, b)
			}
		}
	})
	t.Run("Last-Modified is the newest visible item", func(t *testing.T) {
		for _, f := range demo.Feeds() {
			feed := parse(t, everything, f)
			var newest time.Time
			for _, it := range feed.Items {
				if it.PublishedParsed.After(newest) {
					newest = *it.PublishedParsed
				}
			}
			got, err := http.ParseTime(get(t, everything, f.Path, nil).Header.Get("Last-Modified"))
			if err != nil || !got.Equal(newest) {
				t.Errorf("%s: Last-Modified %v (%v), want %v", f.Name, got, err, newest)
			}
		}
	})
	t.Run("unknown path answers 404", func(t *testing.T) {
		for _, path := range []string{"/", "/caspian-wire/", "/caspian-wire/atom.xml", "/feeds/secret"} {
			if resp := get(t, start, path, nil); resp.StatusCode != http.StatusNotFound {
				t.Errorf("GET %s: status %d, want 404", path, resp.StatusCode)
			}
		}
	})
}

func TestStart(t *testing.T) {
	t.Run("serves every feed on loopback until Close", func(t *testing.T) {
		s, err := demo.Start(t.Context(), time.Now())
		if err != nil {
			t.Fatal(err)
		}
		urls := s.URLs()
		feeds := demo.Feeds()
		if len(urls) != len(feeds) {
			t.Fatalf("%d URLs for %d feeds", len(urls), len(feeds))
		}
		for i, raw := range urls {
			u, err := url.Parse(raw)
			if err != nil {
				t.Fatal(err)
			}
			if host, _, _ := net.SplitHostPort(u.Host); host != "127.0.0.1" || u.Path != feeds[i].Path {
				t.Errorf("URL %s: want 127.0.0.1 and path %s", raw, feeds[i].Path)
			}
			resp, err := http.Get(raw)
			if err != nil {
				t.Fatal(err)
			}
			feed, err := gofeed.NewParser().Parse(resp.Body)
			resp.Body.Close()
			if err != nil || len(feed.Items) == 0 {
				t.Errorf("GET %s: %v, want a feed with items", raw, err)
			}
		}
		if err := s.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
		if err := s.Close(); err != nil {
			t.Errorf("second Close: %v", err)
		}
		<-s.Done()
		client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
		if resp, err := client.Get(urls[0]); err == nil {
			resp.Body.Close()
			t.Errorf("GET after Close: status %d, want a refused connection", resp.StatusCode)
		}
	})
	t.Run("stops when its context ends", func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		s, err := demo.Start(ctx, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		cancel()
		<-s.Done()
		if err := s.Close(); err != nil {
			t.Errorf("Close after ctx end: %v", err)
		}
	})
}

// bait lists words that a careless keyword alert fires on.
var bait = regexp.MustCompile(`(?i)\b(iran\w*|russia\w*|shanghai|sco|nuclear|iaea|uranium|enrich\w*)\b`)

func TestExpectedIsGroundTruth(t *testing.T) {
	expected := demo.Expected()
	valid := []string{"iran-russia", "jcpoa", "sco"}
	seen := map[string]bool{}
	perTopic := map[string]int{}
	var none, multi int
	for _, it := range allItems(t, everything) {
		k := key(t, it.Item)
		t.Run(it.feed+"/"+it.Title, func(t *testing.T) {
			if seen[k] {
				t.Errorf("key %q used twice", k)
			}
			seen[k] = true
			topics, ok := expected[k]
			if !ok {
				t.Fatalf("no Expected entry for key %q", k)
			}
			if !slices.IsSorted(topics) {
				t.Errorf("topics %v not sorted", topics)
			}
			for _, topic := range topics {
				if !slices.Contains(valid, topic) {
					t.Errorf("unknown topic %q", topic)
				}
				perTopic[topic]++
			}
			switch len(topics) {
			case 0:
				none++
				// A near-miss is only worth having if a naive alert would fire.
				if n := len(bait.FindAllString(it.Title+" "+body(it.Item), -1)); n < 2 {
					t.Errorf("near-miss has %d bait words; a careless matcher would not even fire", n)
				}
			case 1:
			default:
				multi++
			}
		})
	}
	for k := range expected {
		if !seen[k] {
			t.Errorf("Expected has %q, which no feed carries", k)
		}
	}
	for _, topic := range valid {
		if perTopic[topic] < 6 {
			t.Errorf("%d items about %s, want at least 6", perTopic[topic], topic)
		}
	}
	if none < 8 {
		t.Errorf("%d near-misses, want at least 8", none)
	}
	if multi < 3 {
		t.Errorf("%d items about two topics, want at least 3", multi)
	}
}

func TestExpectedIsACopy(t *testing.T) {
	a := demo.Expected()
	for k := range a {
		a[k] = append(a[k], "changed")
	}
	clear(a)
	b := demo.Expected()
	if len(b) == 0 {
		t.Fatal("Expected empty after a caller cleared its copy")
	}
	for k, v := range b {
		if slices.Contains(v, "changed") {
			t.Errorf("%s: %v carries a caller's change", k, v)
		}
	}
}

func TestSeedStyleItem(t *testing.T) {
	expected := demo.Expected()
	var found []string
	for _, it := range allItems(t, everything) {
		if strings.Contains(it.Title+body(it.Item), "Riasi") {
			found = append(found, key(t, it.Item))
		}
	}
	if len(found) != 1 {
		t.Fatalf("%d items spell the president Riasi, want 1", len(found))
	}
	if diff := cmp.Diff([]string{"iran-russia"}, expected[found[0]]); diff != "" {
		t.Errorf("Riasi item topics (-want +got):\n%s", diff)
	}
}

func BenchmarkHandler(b *testing.B) {
	h := demo.Handler(start, func() time.Time { return everything })
	path := demo.Feeds()[0].Path
	for b.Loop() {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	}
}
