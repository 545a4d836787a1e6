package feeds

import (
	"bytes"
	"compress/gzip"
	"compress/zlib"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestFetchFixtures(t *testing.T) {
	pub := newPublisher(t, nil)
	f := testFetcher(Options{})
	tests := []struct {
		file      string
		wantItems int
		wantTitle string // of the feed
		wantFirst string // first article title
	}{
		{"rss2.xml", 2, "Example & Co. World", "Talks resume in <Vienna> & Geneva"},
		{"windows-1251.xml", 1, "Новости Москвы", "Переговоры в Москве"},
		{"latin1-no-declaration.xml", 1, "Le Cercle Psy", "Santé et société : les études récentes"},
		{"gb2312.xml", 1, "投资资讯网", "建国纪念币"},
		{"bom.xml", 1, "news.ORF.at", "Österreich © ORF"},
		{"leading-whitespace.xml", 1, "Londonist", "A day in London"},
		{"feed.json", 2, "Der Blog", "Lecker, lecker"},
		{"atom.xml", 1, "heise <developer>", "WildFly 10 freigegeben"},
		{"rss1.rdf", 1, "Science This Week", "Food for fungi"},
		{"utf16le-bom.xml", 1, "UTF-16 Feed", "Überall Grüße"},
		{"mojibake.xml", 1, "SPIEGEL ONLINE", "Polizeieinsatz in Kölner Silvesternacht"},
		{"invalid-chars.xml", 1, "Control chars", "Bad refs and gone"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			feedURL := pub.URL + "/testdata/" + tt.file
			res, err := f.Fetch(t.Context(), Request{URL: feedURL})
			if err != nil {
				t.Fatalf("Fetch: %v", err)
			}
			if res.Status != 200 || res.NotModified {
				t.Errorf("Status = %d, NotModified = %v; want 200, false", res.Status, res.NotModified)
			}
			if res.Title != tt.wantTitle {
				t.Errorf("Title = %q, want %q", res.Title, tt.wantTitle)
			}
			if len(res.Articles) != tt.wantItems {
				t.Fatalf("got %d articles, want %d", len(res.Articles), tt.wantItems)
			}
			a := res.Articles[0]
			if a.Title != tt.wantFirst {
				t.Errorf("first title = %q, want %q", a.Title, tt.wantFirst)
			}
			if a.FeedURL != feedURL || a.Source != tt.wantTitle || !a.Fetched.Equal(testNow) {
				t.Errorf("FeedURL, Source, Fetched = %q, %q, %v; want %q, %q, %v",
					a.FeedURL, a.Source, a.Fetched, feedURL, tt.wantTitle, testNow)
			}
			if res.ETag != fixtureETag || res.LastModified != fixtureLastModified {
				t.Errorf("validators = %q, %q", res.ETag, res.LastModified)
			}
		})
	}
}

func TestFetchConditional(t *testing.T) {
	pub := newPublisher(t, map[string]http.HandlerFunc{
		// A 304 that repeats no validators.
		"/bare304": func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusNotModified)
		},
		// A 304 that carries a new ETag (RFC 9111 §4.3.4).
		"/new304": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("ETag", `"v2"`)
			w.Header().Set("Cache-Control", "max-age=600")
			w.WriteHeader(http.StatusNotModified)
		},
	})
	f := testFetcher(Options{})
	feedURL := pub.URL + "/testdata/rss2.xml"

	t.Run("first fetch returns validators", func(t *testing.T) {
		res, err := f.Fetch(t.Context(), Request{URL: feedURL})
		if err != nil {
			t.Fatal(err)
		}
		if res.ETag != fixtureETag || res.LastModified != fixtureLastModified {
			t.Errorf("validators = %q, %q", res.ETag, res.LastModified)
		}
		got := pub.last(t)
		if got.Header.Get("If-None-Match") != "" || got.Header.Get("If-Modified-Since") != "" {
			t.Errorf("unconditional request sent validators: %v", got.Header)
		}
	})
	t.Run("ETag wins over Last-Modified", func(t *testing.T) {
		res, err := f.Fetch(t.Context(), Request{URL: feedURL, ETag: fixtureETag, LastModified: "Mon, 01 Jan 2024 00:00:00 GMT"})
		if err != nil {
			t.Fatal(err)
		}
		got := pub.last(t)
		if got.Header.Get("If-None-Match") != fixtureETag {
			t.Errorf("If-None-Match = %q", got.Header.Get("If-None-Match"))
		}
		if got.Header.Get("If-Modified-Since") != "" {
			t.Errorf("If-Modified-Since sent alongside an ETag: %q", got.Header.Get("If-Modified-Since"))
		}
		if !res.NotModified || res.Status != 304 || len(res.Articles) != 0 {
			t.Errorf("NotModified, Status, articles = %v, %d, %d; want true, 304, 0", res.NotModified, res.Status, len(res.Articles))
		}
	})
	t.Run("Last-Modified alone is sent as If-Modified-Since", func(t *testing.T) {
		res, err := f.Fetch(t.Context(), Request{URL: feedURL, LastModified: fixtureLastModified})
		if err != nil {
			t.Fatal(err)
		}
		if got := pub.last(t).Header.Get("If-Modified-Since"); got != fixtureLastModified {
			t.Errorf("If-Modified-Since = %q", got)
		}
		if !res.NotModified {
			t.Error("NotModified = false, want true")
		}
	})
	t.Run("changed ETag gets the feed", func(t *testing.T) {
		res, err := f.Fetch(t.Context(), Request{URL: feedURL, ETag: `"v0"`})
		if err != nil {
			t.Fatal(err)
		}
		if res.NotModified || len(res.Articles) != 2 || res.ETag != fixtureETag {
			t.Errorf("NotModified, articles, ETag = %v, %d, %q", res.NotModified, len(res.Articles), res.ETag)
		}
	})
	t.Run("304 without validators keeps the stored ones", func(t *testing.T) {
		res, err := f.Fetch(t.Context(), Request{URL: pub.URL + "/bare304", ETag: `"old"`, LastModified: fixtureLastModified})
		if err != nil {
			t.Fatal(err)
		}
		want := Result{URL: pub.URL + "/bare304", FinalURL: pub.URL + "/bare304", Status: 304, NotModified: true, ETag: `"old"`, LastModified: fixtureLastModified}
		if diff := cmp.Diff(want, *res); diff != "" {
			t.Errorf("Result (-want +got):\n%s", diff)
		}
	})
	t.Run("304 with a new ETag updates it", func(t *testing.T) {
		res, err := f.Fetch(t.Context(), Request{URL: pub.URL + "/new304", ETag: `"v1"`})
		if err != nil {
			t.Fatal(err)
		}
		if res.ETag != `"v2"` || res.MaxAge != 10*time.Minute {
			t.Errorf("ETag, MaxAge = %q, %s; want \"v2\", 10m", res.ETag, res.MaxAge)
		}
	})
	t.Run("304 to a request without validators is an error", func(t *testing.T) {
		_, err := f.Fetch(t.Context(), Request{URL: pub.URL + "/bare304"})
		se, ok := errors.AsType[*StatusError](err)
		if !ok || se.Code != 304 {
			t.Fatalf("err = %v, want *StatusError 304", err)
		}
	})
}

func TestFetchStatusErrors(t *testing.T) {
	retryAt := testNow.Add(2 * time.Minute)
	pub := newPublisher(t, map[string]http.HandlerFunc{
		"/429": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Retry-After", "120")
			w.WriteHeader(http.StatusTooManyRequests)
		},
		"/503": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Date", testNow.Format(http.TimeFormat))
			w.Header().Set("Retry-After", retryAt.Format(http.TimeFormat))
			w.WriteHeader(http.StatusServiceUnavailable)
		},
		"/503-no-retry": func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusServiceUnavailable)
		},
		"/gone": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/plain")
			w.WriteHeader(http.StatusGone)
		},
	})
	f := testFetcher(Options{})
	tests := []struct {
		name, path    string
		wantCode      int
		wantRetry     time.Duration
		wantTemporary bool
	}{
		{"429 with Retry-After seconds", "/429", 429, 2 * time.Minute, true},
		{"503 with Retry-After date", "/503", 503, 2 * time.Minute, true},
		{"503 without Retry-After", "/503-no-retry", 503, 0, true},
		{"410 is permanent", "/gone", 410, 0, false},
		{"404 is permanent", "/missing", 404, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := f.Fetch(t.Context(), Request{URL: pub.URL + tt.path})
			se, ok := errors.AsType[*StatusError](err)
			if !ok {
				t.Fatalf("err = %v, want *StatusError", err)
			}
			if se.Code != tt.wantCode || se.RetryAfter != tt.wantRetry || se.Temporary() != tt.wantTemporary {
				t.Errorf("Code, RetryAfter, Temporary = %d, %s, %v; want %d, %s, %v",
					se.Code, se.RetryAfter, se.Temporary(), tt.wantCode, tt.wantRetry, tt.wantTemporary)
			}
			if !strings.Contains(err.Error(), pub.URL+tt.path) {
				t.Errorf("error %q does not name the URL", err)
			}
		})
	}
}

func TestFetchLimits(t *testing.T) {
	big := bytes.Repeat([]byte("<!-- padding -->\n"), 4096) // 68 KiB
	// 64 gzip members of 1 MiB of zeros each: 64 MiB inflated from about
	// 64 KiB. A gzip reader reads concatenated members as one stream.
	bomb := bytes.Repeat(gzipBytes(t, make([]byte, 1<<20)), 64)
	feed, err := os.ReadFile(filepath.Join("testdata", "rss2.xml"))
	if err != nil {
		t.Fatal(err)
	}
	pub := newPublisher(t, map[string]http.HandlerFunc{
		"/trickle": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/rss+xml")
			w.WriteHeader(200)
			for {
				if _, err := w.Write([]byte(" ")); err != nil {
					return
				}
				w.(http.Flusher).Flush()
				select {
				case <-r.Context().Done():
					return
				case <-time.After(20 * time.Millisecond):
				}
			}
		},
		"/stall-headers": func(w http.ResponseWriter, r *http.Request) {
			<-r.Context().Done()
		},
		"/big-declared": func(w http.ResponseWriter, r *http.Request) {
			_, _ = w.Write(big) // Content-Length set by the server
		},
		"/big-chunked": func(w http.ResponseWriter, r *http.Request) {
			for i := 0; i < len(big); i += 4096 {
				_, _ = w.Write(big[i : i+4096])
				w.(http.Flusher).Flush()
			}
		},
		"/bomb": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Encoding", "gzip")
			_, _ = w.Write(bomb)
		},
		"/bomb-undeclared": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/xml")
			_, _ = w.Write(bomb)
		},
		"/gzip": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Encoding", "gzip")
			_, _ = w.Write(gzipBytes(t, feed))
		},
		"/gzip-undeclared": func(w http.ResponseWriter, r *http.Request) {
			_, _ = w.Write(gzipBytes(t, feed))
		},
		"/deflate": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Encoding", "deflate")
			var b bytes.Buffer
			zw := zlib.NewWriter(&b)
			_, _ = zw.Write(feed)
			_ = zw.Close()
			_, _ = w.Write(b.Bytes())
		},
		"/brotli": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Encoding", "br")
			_, _ = w.Write([]byte{1, 2, 3})
		},
	})

	t.Run("a slow trickle hits the whole-request deadline", func(t *testing.T) {
		f := testFetcher(Options{Timeout: 200 * time.Millisecond})
		_, err := f.Fetch(t.Context(), Request{URL: pub.URL + "/trickle"})
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("err = %v, want context.DeadlineExceeded", err)
		}
	})
	t.Run("a server that never answers hits the deadline", func(t *testing.T) {
		f := testFetcher(Options{Timeout: 100 * time.Millisecond})
		_, err := f.Fetch(t.Context(), Request{URL: pub.URL + "/stall-headers"})
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("err = %v, want context.DeadlineExceeded", err)
		}
	})
	t.Run("caller cancellation is not a deadline", func(t *testing.T) {
		f := testFetcher(Options{})
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		_, err := f.Fetch(ctx, Request{URL: pub.URL + "/trickle"})
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v, want context.Canceled", err)
		}
	})

	capped := testFetcher(Options{MaxBodyBytes: 32 << 10})
	for _, tt := range []struct{ name, path string }{
		{"an oversized body with Content-Length", "/big-declared"},
		{"an oversized chunked body", "/big-chunked"},
		{"a gzip bomb stops at the cap", "/bomb"},
		{"an undeclared gzip bomb stops at the cap", "/bomb-undeclared"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := capped.Fetch(t.Context(), Request{URL: pub.URL + tt.path})
			if !errors.Is(err, ErrTooLarge) {
				t.Fatalf("err = %v, want ErrTooLarge", err)
			}
		})
	}
	for _, tt := range []struct{ name, path string }{
		{"gzip content encoding", "/gzip"},
		{"gzip without content encoding", "/gzip-undeclared"},
		{"deflate content encoding", "/deflate"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			res, err := capped.Fetch(t.Context(), Request{URL: pub.URL + tt.path})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Articles) != 2 {
				t.Errorf("got %d articles, want 2", len(res.Articles))
			}
		})
	}
	t.Run("we ask for gzip and deflate only", func(t *testing.T) {
		if _, err := capped.Fetch(t.Context(), Request{URL: pub.URL + "/gzip"}); err != nil {
			t.Fatal(err)
		}
		if got := pub.last(t).Header.Get("Accept-Encoding"); got != "gzip, deflate" {
			t.Errorf("Accept-Encoding = %q", got)
		}
	})
	t.Run("an encoding we did not ask for is an error", func(t *testing.T) {
		_, err := capped.Fetch(t.Context(), Request{URL: pub.URL + "/brotli"})
		if err == nil || !strings.Contains(err.Error(), `"br"`) {
			t.Fatalf("err = %v, want unsupported content encoding \"br\"", err)
		}
	})
}

func gzipBytes(t *testing.T, data []byte) []byte {
	t.Helper()
	var b bytes.Buffer
	zw, err := gzip.NewWriterLevel(&b, gzip.BestCompression)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := zw.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestFetchRedirects(t *testing.T) {
	var pub *publisher
	pub = newPublisher(t, map[string]http.HandlerFunc{
		"/loop/": func(w http.ResponseWriter, r *http.Request) {
			next := "/loop/a"
			if r.URL.Path == "/loop/a" {
				next = "/loop/b"
			}
			http.Redirect(w, r, next, http.StatusFound)
		},
		"/hops/": func(w http.ResponseWriter, r *http.Request) {
			var n int
			fmt.Sscanf(r.URL.Path, "/hops/%d", &n)
			if n == 0 {
				http.Redirect(w, r, "/testdata/rss2.xml", http.StatusMovedPermanently)
				return
			}
			http.Redirect(w, r, fmt.Sprintf("/hops/%d", n-1), http.StatusFound)
		},
		"/to-file": func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "file:///etc/passwd", http.StatusFound)
		},
	})
	f := testFetcher(Options{})

	t.Run("five redirects are followed", func(t *testing.T) {
		res, err := f.Fetch(t.Context(), Request{URL: pub.URL + "/hops/4"})
		if err != nil {
			t.Fatal(err)
		}
		if res.FinalURL != pub.URL+"/testdata/rss2.xml" || res.URL != pub.URL+"/hops/4" {
			t.Errorf("URL, FinalURL = %q, %q", res.URL, res.FinalURL)
		}
		if res.Articles[0].FeedURL != pub.URL+"/hops/4" {
			t.Errorf("FeedURL = %q, want the requested URL", res.Articles[0].FeedURL)
		}
	})
	t.Run("a sixth redirect is refused", func(t *testing.T) {
		_, err := f.Fetch(t.Context(), Request{URL: pub.URL + "/hops/5"})
		if !errors.Is(err, ErrTooManyRedirects) {
			t.Fatalf("err = %v, want ErrTooManyRedirects", err)
		}
	})
	t.Run("a redirect loop is refused", func(t *testing.T) {
		_, err := f.Fetch(t.Context(), Request{URL: pub.URL + "/loop/start"})
		if !errors.Is(err, ErrTooManyRedirects) {
			t.Fatalf("err = %v, want ErrTooManyRedirects", err)
		}
	})
	t.Run("a redirect to file: is refused", func(t *testing.T) {
		_, err := f.Fetch(t.Context(), Request{URL: pub.URL + "/to-file"})
		if !errors.Is(err, ErrUnsupportedScheme) {
			t.Fatalf("err = %v, want ErrUnsupportedScheme", err)
		}
	})
}

func TestFetchRefusesInwardAddresses(t *testing.T) {
	// inner stands for a service on the operator's network; nothing may
	// reach it.
	var innerHits atomic.Int64
	inner := newPublisher(t, map[string]http.HandlerFunc{
		"/": func(w http.ResponseWriter, r *http.Request) { innerHits.Add(1) },
	})
	innerURL, _ := url.Parse(inner.URL)
	outer := newPublisher(t, map[string]http.HandlerFunc{
		"/to-loopback": func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "http://127.0.0.1:"+innerURL.Port()+"/secret", http.StatusFound)
		},
		"/to-intranet": func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "http://intranet.test/", http.StatusFound)
		},
	})
	resolver := fakeResolver{
		"intranet.test": "10.0.0.1",
		"metadata.test": "169.254.169.254",
		"mapped.test":   "::ffff:10.0.0.1",
	}

	tests := []struct {
		name         string
		allowPrivate bool
		url          string
	}{
		{"a redirect to 127.0.0.1", false, outer.URL + "/to-loopback"},
		{"a redirect to a name resolving to 10.0.0.1", false, outer.URL + "/to-intranet"},
		{"a name resolving to 10.0.0.1", false, "http://intranet.test/feed.xml"},
		{"an IPv4-mapped private address", false, "http://mapped.test/feed.xml"},
		{"a literal private address", false, "http://10.0.0.1/feed.xml"},
		{"a literal loopback address", false, inner.URL + "/feed.xml"},
		{"localhost", false, "http://localhost:" + innerURL.Port() + "/feed.xml"},
		{"the metadata endpoint", false, "http://169.254.169.254/latest/meta-data/"},
		{"the metadata endpoint even when private networks are allowed", true, "http://metadata.test/latest/meta-data/"},
		{"the IPv6 metadata endpoint even when private networks are allowed", true, "http://[fd00:ec2::254]/latest/meta-data/"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opt := Options{Resolver: resolver, AllowPrivateNetworks: tt.allowPrivate}
			if tt.name == "localhost" {
				opt.Resolver = nil // the real resolver
			}
			f := exempting(t, strictFetcher(opt), outer.Server)
			_, err := f.Fetch(t.Context(), Request{URL: tt.url})
			if !errors.Is(err, ErrBlockedAddress) {
				t.Fatalf("err = %v, want ErrBlockedAddress", err)
			}
		})
	}
	if n := innerHits.Load(); n != 0 {
		t.Errorf("the inner service received %d requests", n)
	}

	t.Run("the exempt publisher itself is reachable", func(t *testing.T) {
		f := exempting(t, strictFetcher(Options{}), outer.Server)
		if _, err := f.Fetch(t.Context(), Request{URL: outer.URL + "/testdata/rss2.xml"}); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("loopback is reachable when private networks are allowed", func(t *testing.T) {
		f := testFetcher(Options{})
		if _, err := f.Fetch(t.Context(), Request{URL: inner.URL + "/testdata/rss2.xml"}); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("only http and https", func(t *testing.T) {
		f := testFetcher(Options{})
		for _, u := range []string{"ftp://example.com/feed", "file:///etc/passwd", "gopher://x/", "feed.xml"} {
			if _, err := f.Fetch(t.Context(), Request{URL: u}); !errors.Is(err, ErrUnsupportedScheme) {
				t.Errorf("Fetch(%q) = %v, want ErrUnsupportedScheme", u, err)
			}
		}
	})
}

func TestFetchHTMLPageNamesItsFeeds(t *testing.T) {
	pub := newPublisher(t, nil)
	f := testFetcher(Options{})
	pageURL := pub.URL + "/testdata/page-with-alternate.html"
	_, err := f.Fetch(t.Context(), Request{URL: pageURL})
	nf, ok := errors.AsType[*NotFeedError](err)
	if !ok {
		t.Fatalf("err = %v, want *NotFeedError", err)
	}
	want := &NotFeedError{
		URL:         pageURL,
		Status:      200,
		ContentType: "text/html; charset=utf-8",
		Alternates:  []string{pub.URL + "/feeds/world.rss", "https://news.example/feeds/all.atom"},
	}
	if diff := cmp.Diff(want, nf); diff != "" {
		t.Errorf("NotFeedError (-want +got):\n%s", diff)
	}
	for _, part := range []string{pageURL, "status 200", "text/html", pub.URL + "/feeds/world.rss"} {
		if !strings.Contains(err.Error(), part) {
			t.Errorf("error %q does not mention %q", err, part)
		}
	}
}

func TestFetchBrokenFeedIsAClearError(t *testing.T) {
	pub := newPublisher(t, nil)
	f := testFetcher(Options{})
	_, err := f.Fetch(t.Context(), Request{URL: pub.URL + "/testdata/truncated.xml"})
	if err == nil || !strings.Contains(err.Error(), "unexpected EOF") || !strings.Contains(err.Error(), "truncated.xml") {
		t.Fatalf("err = %v, want a parse error naming the feed and the EOF", err)
	}
}

func TestFetchSendsUserAgent(t *testing.T) {
	pub := newPublisher(t, nil)
	for _, tt := range []struct{ set, want string }{
		{"", "briefbot/dev (+feed reader)"},
		{"briefbot/1.2.3 (+feed reader)", "briefbot/1.2.3 (+feed reader)"},
	} {
		f := testFetcher(Options{UserAgent: tt.set})
		if _, err := f.Fetch(t.Context(), Request{URL: pub.URL + "/testdata/rss2.xml"}); err != nil {
			t.Fatal(err)
		}
		if got := pub.last(t).Header.Get("User-Agent"); got != tt.want {
			t.Errorf("User-Agent = %q, want %q", got, tt.want)
		}
	}
}

func TestFetchFreshness(t *testing.T) {
	pub := newPublisher(t, map[string]http.HandlerFunc{
		"/max-age": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Cache-Control", "public, max-age=3600")
			http.ServeFile(w, r, filepath.Join("testdata", "rss2.xml"))
		},
		"/expires": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Date", testNow.Format(http.TimeFormat))
			w.Header().Set("Expires", testNow.Add(90*time.Minute).Format(http.TimeFormat))
			http.ServeFile(w, r, filepath.Join("testdata", "rss2.xml"))
		},
	})
	f := testFetcher(Options{})
	for _, tt := range []struct {
		path       string
		wantMaxAge time.Duration
	}{
		{"/max-age", time.Hour},
		{"/expires", 90 * time.Minute},
		{"/testdata/rss2.xml", 0},
	} {
		res, err := f.Fetch(t.Context(), Request{URL: pub.URL + tt.path})
		if err != nil {
			t.Fatal(err)
		}
		if res.MaxAge != tt.wantMaxAge || res.TTL != 45*time.Minute {
			t.Errorf("%s: MaxAge, TTL = %s, %s; want %s, 45m", tt.path, res.MaxAge, res.TTL, tt.wantMaxAge)
		}
	}
}

func TestFetchConcurrencyLimits(t *testing.T) {
	var inFlight, peak atomic.Int64
	slow := func(w http.ResponseWriter, r *http.Request) {
		n := inFlight.Add(1)
		for {
			p := peak.Load()
			if n <= p || peak.CompareAndSwap(p, n) {
				break
			}
		}
		time.Sleep(20 * time.Millisecond) // gives overlapping requests a chance to overlap
		inFlight.Add(-1)
		http.ServeFile(w, r, filepath.Join("testdata", "rss2.xml"))
	}
	pub := newPublisher(t, map[string]http.HandlerFunc{"/slow": slow})
	u, _ := url.Parse(pub.URL)

	run := func(t *testing.T, f *Fetcher, urls []string) {
		t.Helper()
		peak.Store(0)
		var wg sync.WaitGroup
		errs := make([]error, len(urls))
		for i, u := range urls {
			wg.Go(func() {
				_, errs[i] = f.Fetch(t.Context(), Request{URL: u})
			})
		}
		wg.Wait()
		for _, err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
	}

	t.Run("one request at a time per host", func(t *testing.T) {
		f := testFetcher(Options{PerHost: 1, MaxConcurrent: 8})
		run(t, f, []string{pub.URL + "/slow", pub.URL + "/slow", pub.URL + "/slow", pub.URL + "/slow"})
		if p := peak.Load(); p != 1 {
			t.Errorf("peak in-flight requests to one host = %d, want 1", p)
		}
	})
	t.Run("total in flight is bounded", func(t *testing.T) {
		resolver := fakeResolver{"a.test": "127.0.0.1", "b.test": "127.0.0.1", "c.test": "127.0.0.1", "d.test": "127.0.0.1"}
		f := testFetcher(Options{PerHost: 4, MaxConcurrent: 2, Resolver: resolver})
		var urls []string
		for _, h := range []string{"a", "b", "c", "d"} {
			urls = append(urls, "http://"+h+".test:"+u.Port()+"/slow")
		}
		run(t, f, urls)
		if p := peak.Load(); p > 2 {
			t.Errorf("peak in-flight requests = %d, want at most 2", p)
		}
	})
	t.Run("one broken feed does not stop the others", func(t *testing.T) {
		f := testFetcher(Options{})
		urls := []string{pub.URL + "/testdata/truncated.xml", pub.URL + "/testdata/rss2.xml", pub.URL + "/testdata/atom.xml"}
		var wg sync.WaitGroup
		errs := make([]error, len(urls))
		for i, u := range urls {
			wg.Go(func() { _, errs[i] = f.Fetch(t.Context(), Request{URL: u}) })
		}
		wg.Wait()
		if errs[0] == nil || errs[1] != nil || errs[2] != nil {
			t.Errorf("errors = %v; want only the truncated feed to fail", errs)
		}
	})
}

func TestCheck(t *testing.T) {
	pub := newPublisher(t, nil)
	f := testFetcher(Options{})
	dir := t.TempDir()
	feed, err := os.ReadFile(filepath.Join("testdata", "rss2.xml"))
	if err != nil {
		t.Fatal(err)
	}
	gz := filepath.Join(dir, "feed.xml")
	if err := os.WriteFile(gz, gzipBytes(t, feed), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, target string
		wantItems    int
		wantErr      bool
	}{
		{"a URL", pub.URL + "/testdata/rss2.xml", 2, false},
		{"a file", filepath.Join("testdata", "atom.xml"), 1, false},
		{"a gzipped file", gz, 2, false},
		{"a missing file", filepath.Join(dir, "nope.xml"), 0, true},
		{"a truncated file", filepath.Join("testdata", "truncated.xml"), 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := f.Check(t.Context(), tt.target)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tt.wantErr)
			}
			if err == nil && len(res.Articles) != tt.wantItems {
				t.Errorf("got %d articles, want %d", len(res.Articles), tt.wantItems)
			}
		})
	}
}

func TestErrorsHidePasswords(t *testing.T) {
	pub := newPublisher(t, nil)
	u, _ := url.Parse(pub.URL + "/missing")
	u.User = url.UserPassword("reader", "s3cret")
	f := testFetcher(Options{})
	_, err := f.Fetch(t.Context(), Request{URL: u.String()})
	if se, ok := errors.AsType[*StatusError](err); !ok || se.Code != 404 {
		t.Fatalf("err = %v, want *StatusError 404", err)
	}
	if strings.Contains(err.Error(), "s3cret") {
		t.Errorf("error %q shows the password", err)
	}
}
