package feeds

import (
	"errors"
	"net/http"
	"strings"
	"testing"
)

func TestFullText(t *testing.T) {
	pub := newPublisher(t, map[string]http.HandlerFunc{
		"/empty": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			_, _ = w.Write([]byte("<html><body></body></html>"))
		},
	})
	f := testFetcher(Options{})
	pageURL := pub.URL + "/testdata/article.html?utm_source=rss"

	text, err := f.FullText(t.Context(), pageURL)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"Iran and Russia signed an energy cooperation accord in Tehran on Tuesday",
		"“Signing is the easy part,” one analyst said.",
		"deepened since 2022. The agreement covers gas swaps",
		// The page is windows-1252, as its <meta> says, though the
		// publisher's header claims UTF-8.
		"Critics – in Tehran and abroad – said",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("text lacks %q:\n%s", want, text)
		}
	}
	for _, unwanted := range []string{"window.tracking", "console.log", "font-family", "All rights reserved", "Another story"} {
		if strings.Contains(text, unwanted) {
			t.Errorf("text holds page furniture %q:\n%s", unwanted, text)
		}
	}
	if !strings.Contains(text, "Tuesday, officials said, extending a partnership that has deepened since 2022. The agreement covers gas swaps, joint investment in oil fields and the construction of new power plants.\n\nThe deal was signed") {
		t.Errorf("paragraphs are not separated by one blank line:\n%s", text)
	}

	t.Run("a second call is served from the cache", func(t *testing.T) {
		before := pub.count()
		// The same page under another tracking parameter is the same page.
		again, err := f.FullText(t.Context(), pub.URL+"/testdata/article.html?utm_medium=feed")
		if err != nil {
			t.Fatal(err)
		}
		if again != text || pub.count() != before {
			t.Errorf("second call made %d requests", pub.count()-before)
		}
	})
	t.Run("a missing page is a status error", func(t *testing.T) {
		_, err := f.FullText(t.Context(), pub.URL+"/missing")
		if se, ok := errors.AsType[*StatusError](err); !ok || se.Code != 404 {
			t.Fatalf("err = %v, want *StatusError 404", err)
		}
	})
	t.Run("an empty page has no content", func(t *testing.T) {
		_, err := f.FullText(t.Context(), pub.URL+"/empty")
		if !errors.Is(err, ErrNoContent) {
			t.Fatalf("err = %v, want ErrNoContent", err)
		}
	})
	t.Run("the same address rules apply", func(t *testing.T) {
		strict := strictFetcher(Options{Resolver: fakeResolver{"intranet.test": "10.0.0.1"}})
		_, err := strict.FullText(t.Context(), "http://intranet.test/article")
		if !errors.Is(err, ErrBlockedAddress) {
			t.Fatalf("err = %v, want ErrBlockedAddress", err)
		}
	})
}

func TestLRU(t *testing.T) {
	c := newLRU(2)
	c.put("a", "1")
	c.put("b", "2")
	if _, ok := c.get("a"); !ok { // a is now the most recent
		t.Fatal("a missing")
	}
	c.put("c", "3") // evicts b
	if _, ok := c.get("b"); ok {
		t.Error("b survived eviction")
	}
	for _, k := range []string{"a", "c"} {
		if _, ok := c.get(k); !ok {
			t.Errorf("%s evicted", k)
		}
	}
}

// TestFullTextRefusesHugePages: an article page of a million flat
// elements, under the body cap, took 600 MB of heap inside readability;
// the page is now refused first, within 100 MB.
func TestFullTextRefusesHugePages(t *testing.T) {
	page := []byte("<html><body>" + strings.Repeat("<p>x</p>", (DefaultMaxBodyBytes-30)/8) + "</body></html>")
	pub := newPublisher(t, map[string]http.HandlerFunc{
		"/huge": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			_, _ = w.Write(page)
		},
	})
	f := testFetcher(Options{})
	var err error
	peak, objects, _ := peakHeap(int64(len(page))+100<<20, func() {
		_, err = f.FullText(t.Context(), pub.URL+"/huge")
	})
	t.Logf("peak live heap %.1f MB, heap objects %.1f MB", mib(peak), mib(objects))
	if !errors.Is(err, ErrTooComplex) {
		t.Fatalf("FullText error = %v, want ErrTooComplex", err)
	}
	if limit := uint64(len(page)) + 100<<20; max(peak, objects) > limit {
		t.Errorf("peak heap %d bytes, want at most the page plus 100 MB (%d)", max(peak, objects), limit)
	}
}
