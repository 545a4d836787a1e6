package feeds

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// testNow is the clock of every test Fetcher.
var testNow = time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)

// publisher is an httptest feed publisher: it serves testdata/ with
// validators and honours If-None-Match and If-Modified-Since, and records
// the requests it saw.
type publisher struct {
	*httptest.Server
	mu       sync.Mutex
	requests []*http.Request
}

const (
	fixtureETag         = `"v1"`
	fixtureLastModified = "Fri, 01 Mar 2024 08:00:00 GMT"
)

func newPublisher(t *testing.T, extra map[string]http.HandlerFunc) *publisher {
	t.Helper()
	p := &publisher{}
	mux := http.NewServeMux()
	mux.HandleFunc("/testdata/", func(w http.ResponseWriter, r *http.Request) {
		name := filepath.Base(r.URL.Path)
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("ETag", fixtureETag)
		w.Header().Set("Last-Modified", fixtureLastModified)
		if r.Header.Get("If-None-Match") == fixtureETag ||
			r.Header.Get("If-None-Match") == "" && r.Header.Get("If-Modified-Since") == fixtureLastModified {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("Content-Type", contentTypeFor(name))
		_, _ = w.Write(data)
	})
	for path, h := range extra {
		mux.HandleFunc(path, h)
	}
	p.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p.mu.Lock()
		p.requests = append(p.requests, r.Clone(context.Background()))
		p.mu.Unlock()
		mux.ServeHTTP(w, r)
	}))
	t.Cleanup(p.Close)
	return p
}

// last returns the last request the publisher received.
func (p *publisher) last(t *testing.T) *http.Request {
	t.Helper()
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.requests) == 0 {
		t.Fatal("publisher received no request")
	}
	return p.requests[len(p.requests)-1]
}

func (p *publisher) count() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.requests)
}

func contentTypeFor(name string) string {
	switch filepath.Ext(name) {
	case ".json":
		return "application/feed+json"
	case ".html":
		return "text/html; charset=utf-8"
	case ".atom":
		return "application/atom+xml"
	case ".rdf":
		return "application/rdf+xml"
	}
	switch name {
	case "windows-1251.xml":
		return "application/rss+xml; charset=windows-1251"
	case "latin1-no-declaration.xml":
		// A server that claims UTF-8 for Latin-1 bytes.
		return "text/xml; charset=utf-8"
	}
	return "application/rss+xml"
}

// testFetcher returns a Fetcher for tests that talk to loopback.
func testFetcher(opt Options) *Fetcher {
	opt.AllowPrivateNetworks = true
	return strictFetcher(opt)
}

// strictFetcher returns a Fetcher that refuses private networks.
func strictFetcher(opt Options) *Fetcher {
	if opt.Now == nil {
		opt.Now = func() time.Time { return testNow }
	}
	if opt.Timeout == 0 {
		opt.Timeout = 5 * time.Second
	}
	return New(opt)
}

// exempting lets a strict Fetcher reach one loopback test server and
// nothing else private, so that a redirect from it to another loopback
// address is refused as it would be in production.
func exempting(t *testing.T, f *Fetcher, srv *httptest.Server) *Fetcher {
	t.Helper()
	u, err := url.Parse(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	ap, err := netip.ParseAddrPort(u.Host)
	if err != nil {
		t.Fatal(err)
	}
	f.dialer.exempt = ap
	return f
}

// fakeResolver maps host names to fixed addresses.
type fakeResolver map[string]string

func (r fakeResolver) LookupIPAddr(_ context.Context, host string) ([]net.IPAddr, error) {
	ip, ok := r[strings.ToLower(host)]
	if !ok {
		return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
	}
	return []net.IPAddr{{IP: net.ParseIP(ip)}}, nil
}
